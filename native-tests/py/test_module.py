# Extension module loading and module objects (_capi_multiphase, _capi_create,
# pkg._capi_sub, and the broken _capi_bad_* modules).
import sys
import _capi_multiphase as mp

from _check import raises

assert mp.__name__ == "_capi_multiphase" and mp.__doc__ == "a multi-phase module"
assert mp.__file__.endswith((".so",)) and mp.__spec__.name == "_capi_multiphase"
assert sys.modules["_capi_multiphase"] is mp
assert mp.GREETING == "multi-phase" and mp.EXEC_COUNT == 2
assert mp.bump() == 101 and mp.bump() == 102
assert mp.added_later() == 103 and mp.added_later.__doc__ == "added by PyModule_AddFunctions"
assert mp.remember("a") == ["a"] and mp.remember(2) == ["a", 2] and mp.registry == ["a", 2]
assert mp.kwfast(1, 2, x=3) == ((1, 2), {"x": 3})
assert mp.kwfast() == ((), {})
assert mp.with_class(1, 2, k=3) == (2, type)
assert mp.module_info() == ("_capi_multiphase", True, "_capi_multiphase", 16)
assert mp.bump.__name__ == "bump" and mp.bump.__doc__ == "increment the module counter"
assert type(mp.bump).__name__ == "builtin_function_or_method"
assert mp.bump.__module__ == "_capi_multiphase"
import _capi_multiphase as again
assert again is mp
print("multi-phase ok")

import _capi_create
assert _capi_create.CREATED_BY == "Py_mod_create" and _capi_create.__name__ == "_capi_create"
print("create slot ok")

import pkg._capi_sub
assert pkg._capi_sub.whoami() == "pkg._capi_sub"
from pkg import _capi_sub
assert _capi_sub is sys.modules["pkg._capi_sub"]
print("package submodule ok")

e = raises(SystemError, __import__, "_capi_bad_null", msg="initialization of _capi_bad_null failed without raising an exception")
raises(RuntimeError, __import__, "_capi_bad_raise", msg="init refused")
raises(ValueError, __import__, "_capi_bad_exec", msg="exec slot failed")
assert "_capi_bad_exec" not in sys.modules
e = raises(ImportError, __import__, "_capi_bad_noinit", msg="dynamic module does not define module export function (PyInit__capi_bad_noinit)")
assert e.name == "_capi_bad_noinit" and e.path.endswith(".so")
e = raises(ImportError, __import__, "_capi_bad_symbol")
assert "undefined symbol: Pyrite_NoSuchSymbol_ForTesting" in str(e), str(e)
raises(ModuleNotFoundError, __import__, "_capi_does_not_exist")
print("ALL OK")
