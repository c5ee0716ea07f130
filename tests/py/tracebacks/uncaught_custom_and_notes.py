# An uncaught custom exception with notes and a multi-line message.
class ValidationError(Exception):
    pass
def validate(record):
    problems = [f"{k} is empty" for k, v in record.items() if not v]
    if problems:
        err = ValidationError("record is invalid:\n  " + "\n  ".join(problems))
        err.add_note("while validating user input")
        err.add_note("hint: fill in all fields")
        raise err
validate({"name": "x", "email": "y"})
print("first record ok")
validate({"name": "", "email": ""})
