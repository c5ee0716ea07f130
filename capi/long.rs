//! Integer objects (`PyLong_*`, `PyBool_FromLong`). Pyrite's ints that fit in i64 are
//! unboxed: they cross to C as preallocated small ints (-5..256) or freshly allocated
//! `PyLongObject` mirrors (30-bit digits), released when C lets go.

use crate::{bad_internal, obj_api, py, val};
use emulation::err;
use emulation::layout::*;
use emulation::mirror::{self, head, kind};
use emulation::statics;
use num_bigint::{BigInt, Sign};
use num_traits::{ToPrimitive, Zero};
use pyrite_vm::errors::{overflow_error, PyErr, PyResult};
use pyrite_vm::types::int::{from_bigint, index_value, is_int, to_bigint};
use pyrite_vm::value::Value;
use std::os::raw::{
    c_char, c_double, c_int, c_long, c_longlong, c_uchar, c_ulong, c_ulonglong, c_void,
};

/// The value of an int mirror without touching reference counts, when it is an
/// unboxed int (the common case).
#[inline]
pub(crate) fn fast_i64(p: *mut PyObject) -> Option<i64> {
    if p.is_null() {
        return None;
    }
    if let Some(i) = statics::small_int_value(p) {
        return Some(i);
    }
    if p == statics::py_true() {
        return Some(1);
    }
    if p == statics::py_false() {
        return Some(0);
    }
    // SAFETY: p is a valid object; only non-static objects have a head.
    unsafe {
        if (*p).ob_type == statics::long_type()
            && !mirror::is_static(p)
            && (*head(p)).kind == kind::UNBOXED_INT
        {
            return Some((*head(p)).aux as i64);
        }
    }
    None
}

fn int_required(v: &Value) -> PyResult<()> {
    if is_int(v) {
        Ok(())
    } else {
        Err(crate::type_error("an integer is required"))
    }
}

/// The integer value of `v` via `__index__` (as CPython's `PyLong_AsLong` does).
fn index_big(v: &Value) -> PyResult<BigInt> {
    if let Some(b) = to_bigint(v) {
        return Ok(b);
    }
    let i = py(|| index_value(v))?;
    to_bigint(&i).ok_or_else(|| crate::type_error("__index__ returned non-int"))
}

#[no_mangle]
pub extern "C" fn PyLong_FromLong(v: c_long) -> *mut PyObject {
    crate::guard("PyLong_FromLong", || {
        mirror::to_c_new(&Value::Int(v as i64))
    })
}

#[no_mangle]
pub extern "C" fn PyLong_FromLongLong(v: c_longlong) -> *mut PyObject {
    PyLong_FromLong(v as c_long)
}

#[no_mangle]
pub extern "C" fn PyLong_FromSsize_t(v: Py_ssize_t) -> *mut PyObject {
    PyLong_FromLong(v as c_long)
}

#[no_mangle]
pub extern "C" fn PyLong_FromUnsignedLong(v: c_ulong) -> *mut PyObject {
    crate::guard("PyLong_FromUnsignedLong", || {
        mirror::to_c_new(&from_bigint(BigInt::from(v)))
    })
}

#[no_mangle]
pub extern "C" fn PyLong_FromUnsignedLongLong(v: c_ulonglong) -> *mut PyObject {
    PyLong_FromUnsignedLong(v as c_ulong)
}

#[no_mangle]
pub extern "C" fn PyLong_FromSize_t(v: usize) -> *mut PyObject {
    PyLong_FromUnsignedLong(v as c_ulong)
}

#[no_mangle]
pub extern "C" fn PyLong_FromVoidPtr(p: *mut c_void) -> *mut PyObject {
    PyLong_FromUnsignedLong(p as usize as c_ulong)
}

#[no_mangle]
pub extern "C" fn PyLong_FromDouble(v: c_double) -> *mut PyObject {
    obj_api("PyLong_FromDouble", || {
        pyrite_vm::types::int::float_to_int(v)
    })
}

#[no_mangle]
pub extern "C" fn PyBool_FromLong(v: c_long) -> *mut PyObject {
    mirror::to_c_new(&Value::Bool(v != 0))
}

/// `PyLong_FromString(str, pend, base)`.
#[no_mangle]
pub unsafe extern "C" fn PyLong_FromString(
    s: *const c_char,
    pend: *mut *mut c_char,
    base: c_int,
) -> *mut PyObject {
    obj_api("PyLong_FromString", || {
        let text = crate::cstr(s, "PyLong_FromString")?;
        if !pend.is_null() {
            *pend = s.add(std::ffi::CStr::from_ptr(s).to_bytes().len()) as *mut c_char;
        }
        if !(base == 0 || (2..=36).contains(&base)) {
            return Err(pyrite_vm::errors::value_error(
                "int() arg 2 must be >= 2 and <= 36",
            ));
        }
        let orig = Value::from(text);
        pyrite_vm::types::int::parse_int(text, base as u32, &orig)
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyLong_FromUnicodeObject(u: *mut PyObject, base: c_int) -> *mut PyObject {
    obj_api("PyLong_FromUnicodeObject", || {
        let v = val(u, "PyLong_FromUnicodeObject")?;
        py(|| emulation::call_builtin("int", &[v, Value::Int(base as i64)]))
    })
}

fn set_err(e: PyErr) {
    err::set_pyerr(e);
}

#[no_mangle]
pub unsafe extern "C" fn PyLong_AsLong(o: *mut PyObject) -> c_long {
    if let Some(i) = fast_i64(o) {
        return i as c_long;
    }
    crate::guard("PyLong_AsLong", || {
        let r = (|| {
            let v = val(o, "PyLong_AsLong")?;
            let b = index_big(&v)?;
            b.to_i64()
                .ok_or_else(|| overflow_error("Python int too large to convert to C long"))
        })();
        r.unwrap_or_else(|e| {
            set_err(e);
            -1
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn _PyLong_AsInt(o: *mut PyObject) -> c_int {
    let r = PyLong_AsLong(o);
    if r == -1 && err::occurred() {
        return -1;
    }
    if r > c_int::MAX as c_long || r < c_int::MIN as c_long {
        err::set_pyerr(overflow_error("Python int too large to convert to C int"));
        return -1;
    }
    r as c_int
}

/// `PyLong_AsLongAndOverflow`: on overflow, `*overflow` is ±1 and -1 is returned
/// without an error set.
#[no_mangle]
pub unsafe extern "C" fn PyLong_AsLongAndOverflow(
    o: *mut PyObject,
    overflow: *mut c_int,
) -> c_long {
    *overflow = 0;
    if let Some(i) = fast_i64(o) {
        return i as c_long;
    }
    crate::guard("PyLong_AsLongAndOverflow", || {
        let r = (|| {
            let v = val(o, "PyLong_AsLongAndOverflow")?;
            index_big(&v)
        })();
        match r {
            Ok(b) => match b.to_i64() {
                Some(i) => i as c_long,
                None => {
                    *overflow = if b.sign() == Sign::Minus { -1 } else { 1 };
                    -1
                }
            },
            Err(e) => {
                set_err(e);
                -1
            }
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyLong_AsLongLong(o: *mut PyObject) -> c_longlong {
    if let Some(i) = fast_i64(o) {
        return i;
    }
    crate::guard("PyLong_AsLongLong", || {
        let r = (|| {
            let v = val(o, "PyLong_AsLongLong")?;
            let b = index_big(&v)?;
            b.to_i64()
                .ok_or_else(|| overflow_error("int too big to convert"))
        })();
        r.unwrap_or_else(|e| {
            set_err(e);
            -1
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyLong_AsLongLongAndOverflow(
    o: *mut PyObject,
    overflow: *mut c_int,
) -> c_longlong {
    PyLong_AsLongAndOverflow(o, overflow)
}

#[no_mangle]
pub unsafe extern "C" fn PyLong_AsSsize_t(o: *mut PyObject) -> Py_ssize_t {
    if let Some(i) = fast_i64(o) {
        return i as isize;
    }
    crate::guard("PyLong_AsSsize_t", || {
        let r = (|| {
            let v = val(o, "PyLong_AsSsize_t")?;
            int_required(&v)?;
            to_bigint(&v)
                .unwrap()
                .to_isize()
                .ok_or_else(|| overflow_error("Python int too large to convert to C ssize_t"))
        })();
        r.unwrap_or_else(|e| {
            set_err(e);
            -1
        })
    })
}

unsafe fn as_unsigned(
    o: *mut PyObject,
    func: &str,
    neg_msg: &str,
    big_msg: &str,
    bits: u32,
) -> u64 {
    crate::guard(func, || {
        let r = (|| {
            let v = val(o, func)?;
            int_required(&v)?;
            let b = to_bigint(&v).unwrap();
            if b.sign() == Sign::Minus {
                return Err(overflow_error(neg_msg));
            }
            match b.to_u64() {
                Some(x) if bits == 64 || x >> bits == 0 => Ok(x),
                _ => Err(overflow_error(big_msg)),
            }
        })();
        r.unwrap_or_else(|e| {
            set_err(e);
            u64::MAX
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyLong_AsUnsignedLong(o: *mut PyObject) -> c_ulong {
    if let Some(i) = fast_i64(o) {
        if i >= 0 {
            return i as c_ulong;
        }
    }
    as_unsigned(
        o,
        "PyLong_AsUnsignedLong",
        "can't convert negative value to unsigned int",
        "Python int too large to convert to C unsigned long",
        64,
    )
}

#[no_mangle]
pub unsafe extern "C" fn PyLong_AsSize_t(o: *mut PyObject) -> usize {
    if let Some(i) = fast_i64(o) {
        if i >= 0 {
            return i as usize;
        }
    }
    as_unsigned(
        o,
        "PyLong_AsSize_t",
        "can't convert negative value to size_t",
        "Python int too large to convert to C size_t",
        64,
    ) as usize
}

#[no_mangle]
pub unsafe extern "C" fn PyLong_AsUnsignedLongLong(o: *mut PyObject) -> c_ulonglong {
    if let Some(i) = fast_i64(o) {
        if i >= 0 {
            return i as c_ulonglong;
        }
    }
    as_unsigned(
        o,
        "PyLong_AsUnsignedLongLong",
        "can't convert negative int to unsigned",
        "int too big to convert",
        64,
    )
}

unsafe fn as_mask(o: *mut PyObject, func: &str) -> u64 {
    if let Some(i) = fast_i64(o) {
        return i as u64;
    }
    crate::guard(func, || {
        let r = (|| {
            let v = val(o, func)?;
            let b = index_big(&v)?;
            let m = BigInt::from(1u8) << 64;
            let mut r: BigInt = b % &m;
            if r.sign() == Sign::Minus {
                r += &m;
            }
            Ok(r.to_u64().unwrap_or(0))
        })();
        r.unwrap_or_else(|e: PyErr| {
            set_err(e);
            u64::MAX
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyLong_AsUnsignedLongMask(o: *mut PyObject) -> c_ulong {
    as_mask(o, "PyLong_AsUnsignedLongMask")
}

#[no_mangle]
pub unsafe extern "C" fn PyLong_AsUnsignedLongLongMask(o: *mut PyObject) -> c_ulonglong {
    as_mask(o, "PyLong_AsUnsignedLongLongMask")
}

#[no_mangle]
pub unsafe extern "C" fn PyLong_AsDouble(o: *mut PyObject) -> c_double {
    if let Some(i) = fast_i64(o) {
        return i as f64;
    }
    crate::guard("PyLong_AsDouble", || {
        let r = (|| {
            let v = val(o, "PyLong_AsDouble")?;
            int_required(&v)?;
            pyrite_vm::types::int::int_to_f64(&v)
        })();
        r.unwrap_or_else(|e| {
            set_err(e);
            -1.0
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyLong_AsVoidPtr(o: *mut PyObject) -> *mut c_void {
    if let Some(i) = fast_i64(o) {
        return i as usize as *mut c_void;
    }
    let r = PyLong_AsUnsignedLongLong(o);
    if r == u64::MAX && err::occurred() {
        err::clear();
        return PyLong_AsLongLong(o) as usize as *mut c_void;
    }
    r as usize as *mut c_void
}

#[no_mangle]
pub extern "C" fn PyLong_GetInfo() -> *mut PyObject {
    obj_api("PyLong_GetInfo", || {
        pyrite_vm::modules::sys::get_sys_attr("int_info")
            .ok_or_else(|| crate::system_error("sys.int_info is missing"))
    })
}

#[no_mangle]
pub unsafe extern "C" fn _PyLong_Sign(o: *mut PyObject) -> c_int {
    if let Some(i) = fast_i64(o) {
        return i.signum() as c_int;
    }
    crate::guard("_PyLong_Sign", || {
        match val(o, "_PyLong_Sign").ok().and_then(|v| to_bigint(&v)) {
            Some(b) => match b.sign() {
                Sign::Minus => -1,
                Sign::NoSign => 0,
                Sign::Plus => 1,
            },
            None => 0,
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn _PyLong_NumBits(o: *mut PyObject) -> usize {
    crate::guard("_PyLong_NumBits", || {
        match val(o, "_PyLong_NumBits").ok().and_then(|v| to_bigint(&v)) {
            Some(b) => b.bits() as usize,
            None => {
                err::set_pyerr(bad_internal("_PyLong_NumBits"));
                usize::MAX
            }
        }
    })
}

/// `_PyLong_FromByteArray(bytes, n, little_endian, is_signed)`.
#[no_mangle]
pub unsafe extern "C" fn _PyLong_FromByteArray(
    bytes: *const c_uchar,
    n: usize,
    little_endian: c_int,
    is_signed: c_int,
) -> *mut PyObject {
    obj_api("_PyLong_FromByteArray", || {
        if n == 0 {
            return Ok(Value::Int(0));
        }
        let data = std::slice::from_raw_parts(bytes, n);
        let b = match (little_endian != 0, is_signed != 0) {
            (true, true) => BigInt::from_signed_bytes_le(data),
            (false, true) => BigInt::from_signed_bytes_be(data),
            (true, false) => BigInt::from_bytes_le(Sign::Plus, data),
            (false, false) => BigInt::from_bytes_be(Sign::Plus, data),
        };
        Ok(from_bigint(b))
    })
}

/// `_PyLong_AsByteArray(v, bytes, n, little_endian, is_signed)`: 0, or -1 with
/// OverflowError.
#[no_mangle]
pub unsafe extern "C" fn _PyLong_AsByteArray(
    o: *mut PyObject,
    bytes: *mut c_uchar,
    n: usize,
    little_endian: c_int,
    is_signed: c_int,
) -> c_int {
    crate::int_api("_PyLong_AsByteArray", || {
        let v = val(o, "_PyLong_AsByteArray")?;
        int_required(&v)?;
        let b = to_bigint(&v).unwrap();
        if is_signed == 0 && b.sign() == Sign::Minus {
            return Err(overflow_error("can't convert negative int to unsigned"));
        }
        let mut le = if is_signed != 0 {
            b.to_signed_bytes_le()
        } else {
            b.to_bytes_le().1
        };
        if b.is_zero() {
            le = vec![0];
        }
        if le.len() > n {
            return Err(overflow_error("int too big to convert"));
        }
        let fill = if b.sign() == Sign::Minus { 0xffu8 } else { 0 };
        le.resize(n, fill);
        if little_endian == 0 {
            le.reverse();
        }
        std::ptr::copy_nonoverlapping(le.as_ptr(), bytes, n);
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn _PyLong_Copy(o: *mut PyObject) -> *mut PyObject {
    obj_api("_PyLong_Copy", || {
        let v = val(o, "_PyLong_Copy")?;
        Ok(from_bigint(
            to_bigint(&v).ok_or_else(|| bad_internal("_PyLong_Copy"))?,
        ))
    })
}

#[no_mangle]
pub unsafe extern "C" fn _PyLong_Frexp(o: *mut PyObject, e: *mut Py_ssize_t) -> c_double {
    crate::guard("_PyLong_Frexp", || {
        let Some(b) = val(o, "_PyLong_Frexp").ok().and_then(|v| to_bigint(&v)) else {
            *e = 0;
            return -1.0;
        };
        if b.is_zero() {
            *e = 0;
            return 0.0;
        }
        let bits = b.bits() as i64;
        let shift = bits - 60;
        let m = if shift > 0 {
            &b >> shift as usize
        } else {
            &b << (-shift) as usize
        };
        let mf = m.to_f64().unwrap_or(0.0) / (1u64 << 60) as f64;
        *e = bits as isize;
        mf
    })
}
