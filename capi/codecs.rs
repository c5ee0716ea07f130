//! The codec registry from C (`PyCodec_*`), through Python's `codecs` module.

use crate::{cstr, int_api, obj_api, py, val};
use emulation::layout::*;
use pyrite_vm::errors::PyResult;
use pyrite_vm::ops;
use pyrite_vm::value::Value;
use std::os::raw::{c_char, c_int};

fn codecs() -> PyResult<Value> {
    py(|| emulation::call_builtin("__import__", &[Value::from("codecs")]))
}

unsafe fn opt_str(p: *const c_char) -> Value {
    if p.is_null() {
        Value::None
    } else {
        Value::from(std::ffi::CStr::from_ptr(p).to_string_lossy().into_owned())
    }
}

#[no_mangle]
pub unsafe extern "C" fn PyCodec_Encode(
    o: *mut PyObject,
    encoding: *const c_char,
    errors: *const c_char,
) -> *mut PyObject {
    obj_api("PyCodec_Encode", || {
        let v = val(o, "PyCodec_Encode")?;
        let e = if errors.is_null() {
            Value::from("strict")
        } else {
            opt_str(errors)
        };
        py(|| {
            ops::attr::call_method(
                &codecs()?,
                "encode",
                &[v, Value::from(cstr(encoding, "PyCodec_Encode")?), e],
            )
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyCodec_Decode(
    o: *mut PyObject,
    encoding: *const c_char,
    errors: *const c_char,
) -> *mut PyObject {
    obj_api("PyCodec_Decode", || {
        let v = val(o, "PyCodec_Decode")?;
        let e = if errors.is_null() {
            Value::from("strict")
        } else {
            opt_str(errors)
        };
        py(|| {
            ops::attr::call_method(
                &codecs()?,
                "decode",
                &[v, Value::from(cstr(encoding, "PyCodec_Decode")?), e],
            )
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyCodec_KnownEncoding(encoding: *const c_char) -> c_int {
    crate::guard("PyCodec_KnownEncoding", || {
        let saved = emulation::err::take();
        let r = (|| -> PyResult<bool> {
            py(|| ops::attr::call_method(&codecs()?, "lookup", &[opt_str(encoding)]))?;
            Ok(true)
        })()
        .unwrap_or(false);
        emulation::err::restore(saved);
        r as c_int
    })
}

macro_rules! lookup_part {
    ($($name:ident => $getter:literal),* $(,)?) => {$(
        #[no_mangle]
        pub unsafe extern "C" fn $name(encoding: *const c_char) -> *mut PyObject {
            obj_api(stringify!($name), || py(|| ops::attr::call_method(&codecs()?, $getter, &[opt_str(encoding)])))
        }
    )*};
}
lookup_part!(PyCodec_Encoder => "getencoder", PyCodec_Decoder => "getdecoder", _PyCodec_Lookup => "lookup");

#[no_mangle]
pub unsafe extern "C" fn PyCodec_IncrementalEncoder(
    encoding: *const c_char,
    errors: *const c_char,
) -> *mut PyObject {
    obj_api("PyCodec_IncrementalEncoder", || {
        let cls = py(|| {
            ops::attr::call_method(&codecs()?, "getincrementalencoder", &[opt_str(encoding)])
        })?;
        py(|| {
            ops::call::call(
                &cls,
                &[if errors.is_null() {
                    Value::from("strict")
                } else {
                    opt_str(errors)
                }],
                None,
            )
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyCodec_IncrementalDecoder(
    encoding: *const c_char,
    errors: *const c_char,
) -> *mut PyObject {
    obj_api("PyCodec_IncrementalDecoder", || {
        let cls = py(|| {
            ops::attr::call_method(&codecs()?, "getincrementaldecoder", &[opt_str(encoding)])
        })?;
        py(|| {
            ops::call::call(
                &cls,
                &[if errors.is_null() {
                    Value::from("strict")
                } else {
                    opt_str(errors)
                }],
                None,
            )
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyCodec_Register(f: *mut PyObject) -> c_int {
    int_api("PyCodec_Register", || {
        let fv = val(f, "PyCodec_Register")?;
        py(|| ops::attr::call_method(&codecs()?, "register", &[fv])).map(|_| 0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyCodec_Unregister(f: *mut PyObject) -> c_int {
    int_api("PyCodec_Unregister", || {
        let fv = val(f, "PyCodec_Unregister")?;
        py(|| ops::attr::call_method(&codecs()?, "unregister", &[fv])).map(|_| 0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyCodec_RegisterError(
    name: *const c_char,
    handler: *mut PyObject,
) -> c_int {
    int_api("PyCodec_RegisterError", || {
        let h = val(handler, "PyCodec_RegisterError")?;
        py(|| ops::attr::call_method(&codecs()?, "register_error", &[opt_str(name), h])).map(|_| 0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyCodec_LookupError(name: *const c_char) -> *mut PyObject {
    obj_api("PyCodec_LookupError", || {
        let n = if name.is_null() {
            Value::from("strict")
        } else {
            opt_str(name)
        };
        py(|| ops::attr::call_method(&codecs()?, "lookup_error", &[n]))
    })
}

macro_rules! error_handler {
    ($($name:ident => $handler:literal),* $(,)?) => {$(
        #[no_mangle]
        pub unsafe extern "C" fn $name(exc: *mut PyObject) -> *mut PyObject {
            obj_api(stringify!($name), || {
                let e = val(exc, stringify!($name))?;
                let h = py(|| ops::attr::call_method(&codecs()?, "lookup_error", &[Value::from($handler)]))?;
                py(|| ops::call::call(&h, &[e], None))
            })
        }
    )*};
}
error_handler!(
    PyCodec_StrictErrors => "strict", PyCodec_IgnoreErrors => "ignore", PyCodec_ReplaceErrors => "replace",
    PyCodec_XMLCharRefReplaceErrors => "xmlcharrefreplace", PyCodec_BackslashReplaceErrors => "backslashreplace",
    PyCodec_NameReplaceErrors => "namereplace",
);
