# warnings: warn(), categories, filters, catch_warnings(record=True); output captured, not printed.
import warnings
def old_api():
    warnings.warn("old_api is deprecated", DeprecationWarning, stacklevel=2)
    return 1
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    old_api()
    warnings.warn("plain user warning")
    warnings.warn("runtime!", RuntimeWarning)
    warnings.warn(UserWarning("instance form"))
for w in caught:
    print(w.category.__name__, str(w.message), w.lineno > 0, w.filename.endswith("warnings_capture.py"))
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("once")
    for _ in range(3):
        warnings.warn("repeated", UserWarning)
print(len(caught))
with warnings.catch_warnings():
    warnings.simplefilter("error")
    try:
        warnings.warn("now an error", FutureWarning)
    except FutureWarning as e:
        print("FutureWarning raised:", e)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("ignore")
    warnings.warn("ignored")
print(len(caught))
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    warnings.filterwarnings("ignore", message="skip.*")
    warnings.warn("skip this one")
    warnings.warn("keep this one")
print([str(w.message) for w in caught])
print(issubclass(DeprecationWarning, Warning), issubclass(Warning, Exception), [c.__name__ for c in BytesWarning.__mro__])
print(warnings.formatwarning("msg", UserWarning, "file.py", 10, line="x = 1").rstrip())
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    warnings.warn_explicit("explicit", SyntaxWarning, "virtual.py", 42)
print(caught[0].filename, caught[0].lineno, caught[0].category.__name__)
