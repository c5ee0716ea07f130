//! Float objects (`PyFloat_*`). Exact floats are unboxed in Pyrite and cross to C as
//! freshly allocated `PyFloatObject` mirrors (from a freelist), so `PyFloat_AS_DOUBLE`
//! reads `ob_fval` inline.

use crate::{obj_api, py, val};
use emulation::err;
use emulation::layout::*;
use emulation::mirror::{self, head, kind};
use emulation::statics;
use pyrite_vm::errors::PyResult;
use pyrite_vm::types::typeobj::lookup_str;
use pyrite_vm::value::Value;
use std::os::raw::{c_char, c_double, c_int};

#[no_mangle]
pub extern "C" fn PyFloat_FromDouble(v: c_double) -> *mut PyObject {
    crate::guard("PyFloat_FromDouble", || mirror::new_unboxed_float(v))
}

/// The double of a float or of an object with `__float__` / `__index__`.
pub(crate) fn as_double(v: &Value) -> PyResult<f64> {
    match v {
        Value::Float(f) => return Ok(*f),
        Value::Int(i) => return Ok(*i as f64),
        Value::Bool(b) => return Ok(*b as i64 as f64),
        _ => {}
    }
    if let Some(pyrite_vm::types::Payload::Float(f)) = v.payload() {
        return Ok(*f);
    }
    if let Some(f) = lookup_str(v.class_ref(), "__float__") {
        let r = py(|| pyrite_vm::ops::call_unbound(&f, v, &[]))?;
        return match &r {
            Value::Float(x) => Ok(*x),
            _ => match r.payload() {
                Some(pyrite_vm::types::Payload::Float(x)) => Ok(*x),
                _ => Err(crate::type_error(format!(
                    "{}.__float__ returned non-float (type {})",
                    v.type_name(),
                    r.type_name()
                ))),
            },
        };
    }
    if lookup_str(v.class_ref(), "__index__").is_some() {
        let i = py(|| pyrite_vm::types::int::index_value(v))?;
        return pyrite_vm::types::int::int_to_f64(&i);
    }
    Err(crate::type_error(format!(
        "must be real number, not {}",
        v.type_name()
    )))
}

#[no_mangle]
pub unsafe extern "C" fn PyFloat_AsDouble(o: *mut PyObject) -> c_double {
    if !o.is_null()
        && !statics::small_int_value(o).is_some()
        && (*o).ob_type == statics::float_type()
        && !mirror::is_static(o)
    {
        let h = head(o);
        if (*h).kind == kind::UNBOXED_FLOAT {
            return f64::from_bits((*h).aux);
        }
    }
    if let Some(i) = crate::long::fast_i64(o) {
        return i as f64;
    }
    crate::guard("PyFloat_AsDouble", || {
        let r = (|| {
            let v = val(o, "PyFloat_AsDouble")?;
            as_double(&v)
        })();
        r.unwrap_or_else(|e| {
            err::set_pyerr(e);
            -1.0
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyFloat_FromString(s: *mut PyObject) -> *mut PyObject {
    obj_api("PyFloat_FromString", || {
        let v = val(s, "PyFloat_FromString")?;
        py(|| emulation::call_builtin("float", &[v]))
    })
}

#[no_mangle]
pub extern "C" fn PyFloat_GetMax() -> c_double {
    f64::MAX
}

#[no_mangle]
pub extern "C" fn PyFloat_GetMin() -> c_double {
    f64::MIN_POSITIVE
}

#[no_mangle]
pub extern "C" fn PyFloat_GetInfo() -> *mut PyObject {
    obj_api("PyFloat_GetInfo", || {
        pyrite_vm::modules::sys::get_sys_attr("float_info")
            .ok_or_else(|| crate::system_error("sys.float_info is missing"))
    })
}

fn half_from_f64(x: f64) -> Option<u16> {
    let bits = x.to_bits();
    let sign = ((bits >> 63) as u16) << 15;
    if x.is_nan() {
        return Some(sign | 0x7e00);
    }
    if x.is_infinite() {
        return Some(sign | 0x7c00);
    }
    let a = x.abs();
    if a == 0.0 {
        return Some(sign);
    }
    // round to nearest even at half precision
    let e = a.log2().floor() as i32;
    if e > 15 {
        return None;
    }
    if e < -14 {
        // subnormal
        let m = (a / 2f64.powi(-24)).round_ties_even();
        if m >= 1024.0 {
            return Some(sign | 0x0400);
        }
        return Some(sign | m as u16);
    }
    let mut m = ((a / 2f64.powi(e)) - 1.0) * 1024.0;
    m = m.round_ties_even();
    let mut exp = (e + 15) as u16;
    let mut mant = m as u32;
    if mant == 1024 {
        mant = 0;
        exp += 1;
        if exp >= 31 {
            return None;
        }
    }
    Some(sign | (exp << 10) | mant as u16)
}

fn half_to_f64(h: u16) -> f64 {
    let sign = if h & 0x8000 != 0 { -1.0 } else { 1.0 };
    let exp = ((h >> 10) & 0x1f) as i32;
    let mant = (h & 0x3ff) as f64;
    if exp == 0 {
        return sign * mant * 2f64.powi(-24);
    }
    if exp == 31 {
        return if mant == 0.0 {
            sign * f64::INFINITY
        } else {
            f64::NAN
        };
    }
    sign * (1.0 + mant / 1024.0) * 2f64.powi(exp - 15)
}

unsafe fn put(p: *mut c_char, bytes: &[u8], le: c_int) {
    let mut b = bytes.to_vec();
    if le == 0 {
        b.reverse();
    }
    std::ptr::copy_nonoverlapping(b.as_ptr(), p as *mut u8, b.len());
}

unsafe fn get(p: *const c_char, n: usize, le: c_int) -> Vec<u8> {
    let mut b = std::slice::from_raw_parts(p as *const u8, n).to_vec();
    if le == 0 {
        b.reverse();
    }
    b
}

#[no_mangle]
pub unsafe extern "C" fn PyFloat_Pack2(x: c_double, p: *mut c_char, le: c_int) -> c_int {
    match half_from_f64(x) {
        Some(h) => {
            put(p, &h.to_le_bytes(), le);
            0
        }
        None => {
            err::set_pyerr(pyrite_vm::errors::overflow_error(
                "float too large to pack with e format",
            ));
            -1
        }
    }
}

#[no_mangle]
pub unsafe extern "C" fn PyFloat_Pack4(x: c_double, p: *mut c_char, le: c_int) -> c_int {
    let f = x as f32;
    if f.is_infinite() && x.is_finite() {
        err::set_pyerr(pyrite_vm::errors::overflow_error(
            "float too large to pack with f format",
        ));
        return -1;
    }
    put(p, &f.to_le_bytes(), le);
    0
}

#[no_mangle]
pub unsafe extern "C" fn PyFloat_Pack8(x: c_double, p: *mut c_char, le: c_int) -> c_int {
    put(p, &x.to_le_bytes(), le);
    0
}

#[no_mangle]
pub unsafe extern "C" fn PyFloat_Unpack2(p: *const c_char, le: c_int) -> c_double {
    let b = get(p, 2, le);
    half_to_f64(u16::from_le_bytes([b[0], b[1]]))
}

#[no_mangle]
pub unsafe extern "C" fn PyFloat_Unpack4(p: *const c_char, le: c_int) -> c_double {
    let b = get(p, 4, le);
    f32::from_le_bytes([b[0], b[1], b[2], b[3]]) as f64
}

#[no_mangle]
pub unsafe extern "C" fn PyFloat_Unpack8(p: *const c_char, le: c_int) -> c_double {
    let b = get(p, 8, le);
    f64::from_le_bytes(b.try_into().unwrap())
}

#[no_mangle]
pub unsafe extern "C" fn _PyFloat_Pack2(x: c_double, p: *mut u8, le: c_int) -> c_int {
    PyFloat_Pack2(x, p as *mut c_char, le)
}
#[no_mangle]
pub unsafe extern "C" fn _PyFloat_Pack4(x: c_double, p: *mut u8, le: c_int) -> c_int {
    PyFloat_Pack4(x, p as *mut c_char, le)
}
#[no_mangle]
pub unsafe extern "C" fn _PyFloat_Pack8(x: c_double, p: *mut u8, le: c_int) -> c_int {
    PyFloat_Pack8(x, p as *mut c_char, le)
}
#[no_mangle]
pub unsafe extern "C" fn _PyFloat_Unpack2(p: *const u8, le: c_int) -> c_double {
    PyFloat_Unpack2(p as *const c_char, le)
}
#[no_mangle]
pub unsafe extern "C" fn _PyFloat_Unpack4(p: *const u8, le: c_int) -> c_double {
    PyFloat_Unpack4(p as *const c_char, le)
}
#[no_mangle]
pub unsafe extern "C" fn _PyFloat_Unpack8(p: *const u8, le: c_int) -> c_double {
    PyFloat_Unpack8(p as *const c_char, le)
}
