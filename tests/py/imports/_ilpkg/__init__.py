VALUE = "pkg"
