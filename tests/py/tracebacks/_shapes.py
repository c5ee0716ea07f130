"""Helper module for import_error_suggestion.py."""
square_root = None

def area(r):
    return 3 * r * r
