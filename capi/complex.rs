//! Complex objects (`PyComplex_*`) and the C complex arithmetic helpers (`_Py_c_*`).

use crate::{obj_api, py, val};
use emulation::err;
use emulation::layout::*;
use pyrite_vm::errors::PyResult;
use pyrite_vm::types::complex::{as_complex, new_complex};
use pyrite_vm::types::typeobj::lookup_str;
use pyrite_vm::value::Value;
use std::os::raw::c_double;

#[no_mangle]
pub extern "C" fn PyComplex_FromDoubles(re: c_double, im: c_double) -> *mut PyObject {
    obj_api("PyComplex_FromDoubles", || Ok(new_complex(re, im)))
}

#[no_mangle]
pub extern "C" fn PyComplex_FromCComplex(c: Py_complex) -> *mut PyObject {
    PyComplex_FromDoubles(c.real, c.imag)
}

fn complex_of(v: &Value) -> PyResult<(f64, f64)> {
    if let Some(c) = as_complex(v) {
        return Ok(c);
    }
    if let Some(f) = lookup_str(v.class_ref(), "__complex__") {
        let r = py(|| pyrite_vm::ops::call_unbound(&f, v, &[]))?;
        return as_complex(&r).ok_or_else(|| {
            crate::type_error(format!(
                "__complex__ returned non-complex (type {})",
                r.type_name()
            ))
        });
    }
    Ok((crate::float::as_double(v)?, 0.0))
}

#[no_mangle]
pub unsafe extern "C" fn PyComplex_AsCComplex(o: *mut PyObject) -> Py_complex {
    crate::guard("PyComplex_AsCComplex", || {
        match val(o, "PyComplex_AsCComplex").and_then(|v| complex_of(&v)) {
            Ok((re, im)) => Py_complex { real: re, imag: im },
            Err(e) => {
                err::set_pyerr(e);
                Py_complex {
                    real: -1.0,
                    imag: 0.0,
                }
            }
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyComplex_RealAsDouble(o: *mut PyObject) -> c_double {
    crate::guard("PyComplex_RealAsDouble", || {
        match val(o, "PyComplex_RealAsDouble") {
            Ok(v) => match as_complex(&v) {
                Some((re, _)) => re,
                None => crate::float::as_double(&v).unwrap_or_else(|e| {
                    err::set_pyerr(e);
                    -1.0
                }),
            },
            Err(e) => {
                err::set_pyerr(e);
                -1.0
            }
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyComplex_ImagAsDouble(o: *mut PyObject) -> c_double {
    crate::guard("PyComplex_ImagAsDouble", || {
        match val(o, "PyComplex_ImagAsDouble") {
            Ok(v) => as_complex(&v).map(|c| c.1).unwrap_or(0.0),
            Err(e) => {
                err::set_pyerr(e);
                -1.0
            }
        }
    })
}

#[no_mangle]
pub extern "C" fn _Py_c_sum(a: Py_complex, b: Py_complex) -> Py_complex {
    Py_complex {
        real: a.real + b.real,
        imag: a.imag + b.imag,
    }
}
#[no_mangle]
pub extern "C" fn _Py_c_diff(a: Py_complex, b: Py_complex) -> Py_complex {
    Py_complex {
        real: a.real - b.real,
        imag: a.imag - b.imag,
    }
}
#[no_mangle]
pub extern "C" fn _Py_c_neg(a: Py_complex) -> Py_complex {
    Py_complex {
        real: -a.real,
        imag: -a.imag,
    }
}
#[no_mangle]
pub extern "C" fn _Py_c_prod(a: Py_complex, b: Py_complex) -> Py_complex {
    Py_complex {
        real: a.real * b.real - a.imag * b.imag,
        imag: a.real * b.imag + a.imag * b.real,
    }
}
#[no_mangle]
pub extern "C" fn _Py_c_quot(a: Py_complex, b: Py_complex) -> Py_complex {
    let d = b.real * b.real + b.imag * b.imag;
    if d == 0.0 {
        // SAFETY: errno is thread-local.
        unsafe { *libc::__errno_location() = libc::EDOM };
        return Py_complex {
            real: 0.0,
            imag: 0.0,
        };
    }
    Py_complex {
        real: (a.real * b.real + a.imag * b.imag) / d,
        imag: (a.imag * b.real - a.real * b.imag) / d,
    }
}
#[no_mangle]
pub extern "C" fn _Py_c_pow(a: Py_complex, b: Py_complex) -> Py_complex {
    match pyrite_vm::types::complex::complex_pow((a.real, a.imag), (b.real, b.imag))
        .ok()
        .and_then(|v| as_complex(&v))
    {
        Some((re, im)) => Py_complex { real: re, imag: im },
        None => {
            // SAFETY: errno is thread-local.
            unsafe { *libc::__errno_location() = libc::EDOM };
            Py_complex {
                real: 0.0,
                imag: 0.0,
            }
        }
    }
}
#[no_mangle]
pub extern "C" fn _Py_c_abs(a: Py_complex) -> c_double {
    a.real.hypot(a.imag)
}
