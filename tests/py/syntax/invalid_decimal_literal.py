# An identifier starting with a digit.
1st_place = "gold"
