//! The abstract protocols: numbers (`PyNumber_*`, in-place variants included),
//! sequences (`PySequence_*`), mappings (`PyMapping_*`) and iterators (`PyIter_*`).

use crate::{bad_internal, cstr, int_api, obj_api, py, ssize_api, val};
use emulation::err;
use emulation::layout::*;
use emulation::mirror::{self, from_c};
use pyrite_compiler::bytecode::BinOp;
use pyrite_vm::errors::{PyErr, PyResult};
use pyrite_vm::ops;
use pyrite_vm::types::exceptions::exc;
use pyrite_vm::types::typeobj::lookup_str;
use pyrite_vm::types::{types, Payload};
use pyrite_vm::value::Value;
use std::os::raw::{c_char, c_int};
use std::ptr::null_mut;

// ---------------------------------------------------------------------------
// numbers

macro_rules! binops {
    ($($name:ident => $op:expr),* $(,)?) => {$(
        #[no_mangle]
        pub unsafe extern "C" fn $name(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
            obj_api(stringify!($name), || {
                let (a, b) = (val(a, stringify!($name))?, val(b, stringify!($name))?);
                py(|| ops::arith::binary_op(&a, &b, $op))
            })
        }
    )*};
}

binops!(
    PyNumber_Add => BinOp::Add, PyNumber_Subtract => BinOp::Sub, PyNumber_Multiply => BinOp::Mul,
    PyNumber_MatrixMultiply => BinOp::MatMul, PyNumber_FloorDivide => BinOp::FloorDiv,
    PyNumber_TrueDivide => BinOp::TrueDiv, PyNumber_Remainder => BinOp::Mod, PyNumber_Lshift => BinOp::LShift,
    PyNumber_Rshift => BinOp::RShift, PyNumber_And => BinOp::And, PyNumber_Xor => BinOp::Xor,
    PyNumber_Or => BinOp::Or,
    PyNumber_InPlaceAdd => BinOp::InplaceAdd, PyNumber_InPlaceSubtract => BinOp::InplaceSub,
    PyNumber_InPlaceMultiply => BinOp::InplaceMul, PyNumber_InPlaceMatrixMultiply => BinOp::InplaceMatMul,
    PyNumber_InPlaceFloorDivide => BinOp::InplaceFloorDiv, PyNumber_InPlaceTrueDivide => BinOp::InplaceTrueDiv,
    PyNumber_InPlaceRemainder => BinOp::InplaceMod, PyNumber_InPlaceLshift => BinOp::InplaceLShift,
    PyNumber_InPlaceRshift => BinOp::InplaceRShift, PyNumber_InPlaceAnd => BinOp::InplaceAnd,
    PyNumber_InPlaceXor => BinOp::InplaceXor, PyNumber_InPlaceOr => BinOp::InplaceOr,
);

#[no_mangle]
pub unsafe extern "C" fn PyNumber_Divmod(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    obj_api("PyNumber_Divmod", || {
        let (a, b) = (val(a, "PyNumber_Divmod")?, val(b, "PyNumber_Divmod")?);
        py(|| emulation::call_builtin("divmod", &[a, b]))
    })
}

unsafe fn power(
    name: &str,
    a: *mut PyObject,
    b: *mut PyObject,
    m: *mut PyObject,
    inplace: bool,
) -> *mut PyObject {
    obj_api(name, || {
        let (a, b) = (val(a, name)?, val(b, name)?);
        let m = if m.is_null() { Value::None } else { from_c(m) };
        if m.is_none() {
            let op = if inplace {
                BinOp::InplacePow
            } else {
                BinOp::Pow
            };
            return py(|| ops::arith::binary_op(&a, &b, op));
        }
        py(|| emulation::call_builtin("pow", &[a, b, m]))
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyNumber_Power(
    a: *mut PyObject,
    b: *mut PyObject,
    m: *mut PyObject,
) -> *mut PyObject {
    power("PyNumber_Power", a, b, m, false)
}

#[no_mangle]
pub unsafe extern "C" fn PyNumber_InPlacePower(
    a: *mut PyObject,
    b: *mut PyObject,
    m: *mut PyObject,
) -> *mut PyObject {
    power("PyNumber_InPlacePower", a, b, m, true)
}

macro_rules! unops {
    ($($name:ident => $f:expr),* $(,)?) => {$(
        #[no_mangle]
        pub unsafe extern "C" fn $name(a: *mut PyObject) -> *mut PyObject {
            obj_api(stringify!($name), || {
                let a = val(a, stringify!($name))?;
                py(|| $f(&a))
            })
        }
    )*};
}

unops!(
    PyNumber_Negative => ops::arith::neg, PyNumber_Positive => ops::arith::pos,
    PyNumber_Absolute => ops::arith::abs, PyNumber_Invert => ops::arith::invert,
    PyNumber_Long => |x: &Value| emulation::call_builtin("int", &[x.clone()]),
    PyNumber_Float => |x: &Value| emulation::call_builtin("float", &[x.clone()]),
);

/// `PyNumber_Index`: the int `__index__` returns (exact int or subclass).
#[no_mangle]
pub unsafe extern "C" fn PyNumber_Index(a: *mut PyObject) -> *mut PyObject {
    obj_api("PyNumber_Index", || {
        let a = val(a, "PyNumber_Index")?;
        py(|| pyrite_vm::types::int::index_value(&a))
    })
}

#[no_mangle]
pub unsafe extern "C" fn _PyNumber_Index(a: *mut PyObject) -> *mut PyObject {
    PyNumber_Index(a)
}

#[no_mangle]
pub unsafe extern "C" fn PyNumber_Check(o: *mut PyObject) -> c_int {
    crate::guard("PyNumber_Check", || {
        if o.is_null() {
            return 0;
        }
        let v = from_c(o);
        let t = v.class_ref();
        (pyrite_vm::types::int::is_int(&v)
            || matches!(v, Value::Float(_))
            || lookup_str(t, "__index__").is_some()
            || lookup_str(t, "__int__").is_some()
            || lookup_str(t, "__float__").is_some()
            || pyrite_vm::types::complex::as_complex(&v).is_some()) as c_int
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyIndex_Check(o: *mut PyObject) -> c_int {
    crate::guard("PyIndex_Check", || {
        if o.is_null() {
            return 0;
        }
        let v = from_c(o);
        (pyrite_vm::types::int::is_int(&v) || lookup_str(v.class_ref(), "__index__").is_some())
            as c_int
    })
}

/// `PyNumber_AsSsize_t(o, exc)`: `__index__` as `Py_ssize_t`; on overflow raise `exc`,
/// or clamp when `exc` is NULL.
#[no_mangle]
pub unsafe extern "C" fn PyNumber_AsSsize_t(o: *mut PyObject, exc_: *mut PyObject) -> Py_ssize_t {
    ssize_api("PyNumber_AsSsize_t", || {
        let v = val(o, "PyNumber_AsSsize_t")?;
        let i = py(|| pyrite_vm::types::int::index_value(&v))?;
        match pyrite_vm::types::int::as_i64(&i) {
            Some(x) => Ok(x as isize),
            None => {
                if exc_.is_null() {
                    let neg = pyrite_vm::types::int::to_bigint(&i)
                        .map(|b| b.sign() == num_bigint::Sign::Minus)
                        .unwrap_or(false);
                    return Ok(if neg { isize::MIN } else { isize::MAX });
                }
                let et = from_c(exc_);
                let t = et
                    .as_obj()
                    .ok_or_else(|| bad_internal("PyNumber_AsSsize_t"))?;
                Err(PyErr::new(
                    t,
                    format!("cannot fit '{}' into an index-sized integer", v.type_name()),
                ))
            }
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyNumber_ToBase(n: *mut PyObject, base: c_int) -> *mut PyObject {
    obj_api("PyNumber_ToBase", || {
        let v = val(n, "PyNumber_ToBase")?;
        let i = py(|| pyrite_vm::types::int::index_value(&v))?;
        let f = match base {
            2 => "bin",
            8 => "oct",
            10 => "str",
            16 => "hex",
            _ => {
                return Err(pyrite_vm::errors::value_error(
                    "PyNumber_ToBase: base must be 2, 8, 10 or 16",
                ))
            }
        };
        py(|| emulation::call_builtin(f, &[i]))
    })
}

// ---------------------------------------------------------------------------
// sequences

fn is_mapping_like(v: &Value) -> bool {
    match v.payload() {
        Some(Payload::Dict(_)) => true,
        _ => pyrite_vm::types::typeobj::tdata(v.class_ref())
            .has(pyrite_vm::types::typeobj::tflags::MAPPING),
    }
}

#[no_mangle]
pub unsafe extern "C" fn PySequence_Check(o: *mut PyObject) -> c_int {
    crate::guard("PySequence_Check", || {
        if o.is_null() {
            return 0;
        }
        let v = from_c(o);
        if matches!(v.payload(), Some(Payload::Dict(_))) {
            return 0;
        }
        (lookup_str(v.class_ref(), "__getitem__").is_some()
            && !matches!(v.payload(), Some(Payload::Dict(_)))) as c_int
    })
}

#[no_mangle]
pub unsafe extern "C" fn PySequence_Size(o: *mut PyObject) -> Py_ssize_t {
    crate::object::PyObject_Size(o)
}

#[no_mangle]
pub unsafe extern "C" fn PySequence_Length(o: *mut PyObject) -> Py_ssize_t {
    crate::object::PyObject_Size(o)
}

#[no_mangle]
pub unsafe extern "C" fn PySequence_Concat(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    obj_api("PySequence_Concat", || {
        let (a, b) = (val(a, "PySequence_Concat")?, val(b, "PySequence_Concat")?);
        if lookup_str(a.class_ref(), "__getitem__").is_none() {
            return Err(crate::type_error(format!(
                "'{}' object can't be concatenated",
                a.type_name()
            )));
        }
        py(|| ops::arith::binary_op(&a, &b, BinOp::Add))
    })
}

#[no_mangle]
pub unsafe extern "C" fn PySequence_InPlaceConcat(
    a: *mut PyObject,
    b: *mut PyObject,
) -> *mut PyObject {
    obj_api("PySequence_InPlaceConcat", || {
        let (a, b) = (
            val(a, "PySequence_InPlaceConcat")?,
            val(b, "PySequence_InPlaceConcat")?,
        );
        py(|| ops::arith::binary_op(&a, &b, BinOp::InplaceAdd))
    })
}

#[no_mangle]
pub unsafe extern "C" fn PySequence_Repeat(a: *mut PyObject, n: Py_ssize_t) -> *mut PyObject {
    obj_api("PySequence_Repeat", || {
        let a = val(a, "PySequence_Repeat")?;
        py(|| ops::arith::binary_op(&a, &Value::Int(n as i64), BinOp::Mul))
    })
}

#[no_mangle]
pub unsafe extern "C" fn PySequence_InPlaceRepeat(
    a: *mut PyObject,
    n: Py_ssize_t,
) -> *mut PyObject {
    obj_api("PySequence_InPlaceRepeat", || {
        let a = val(a, "PySequence_InPlaceRepeat")?;
        py(|| ops::arith::binary_op(&a, &Value::Int(n as i64), BinOp::InplaceMul))
    })
}

/// Negative indices are made relative to the length first, as in CPython.
unsafe fn seq_index(o: &Value, i: Py_ssize_t) -> PyResult<Value> {
    if i < 0 && lookup_str(o.class_ref(), "__len__").is_some() {
        let n = py(|| ops::len(o))? as isize;
        return Ok(Value::Int((i + n) as i64));
    }
    Ok(Value::Int(i as i64))
}

#[no_mangle]
pub unsafe extern "C" fn PySequence_GetItem(o: *mut PyObject, i: Py_ssize_t) -> *mut PyObject {
    obj_api("PySequence_GetItem", || {
        let o = val(o, "PySequence_GetItem")?;
        if is_mapping_like(&o)
            && !matches!(
                o.payload(),
                Some(Payload::List(_)) | Some(Payload::Tuple(_))
            )
        {
            return Err(crate::type_error(format!(
                "'{}' object does not support indexing",
                o.type_name()
            )));
        }
        let k = seq_index(&o, i)?;
        py(|| ops::getitem(&o, &k))
    })
}

#[no_mangle]
pub unsafe extern "C" fn PySequence_SetItem(
    o: *mut PyObject,
    i: Py_ssize_t,
    v: *mut PyObject,
) -> c_int {
    int_api("PySequence_SetItem", || {
        let o = val(o, "PySequence_SetItem")?;
        let k = seq_index(&o, i)?;
        if v.is_null() {
            return py(|| ops::delitem(&o, &k)).map(|_| 0);
        }
        let v = from_c(v);
        py(|| ops::setitem(&o, k, v)).map(|_| 0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn PySequence_DelItem(o: *mut PyObject, i: Py_ssize_t) -> c_int {
    PySequence_SetItem(o, i, null_mut())
}

fn slice(a: Py_ssize_t, b: Py_ssize_t) -> Value {
    pyrite_vm::types::misc::new_slice(Value::Int(a as i64), Value::Int(b as i64), Value::None)
}

#[no_mangle]
pub unsafe extern "C" fn PySequence_GetSlice(
    o: *mut PyObject,
    a: Py_ssize_t,
    b: Py_ssize_t,
) -> *mut PyObject {
    obj_api("PySequence_GetSlice", || {
        let o = val(o, "PySequence_GetSlice")?;
        py(|| ops::getitem(&o, &slice(a, b)))
    })
}

#[no_mangle]
pub unsafe extern "C" fn PySequence_SetSlice(
    o: *mut PyObject,
    a: Py_ssize_t,
    b: Py_ssize_t,
    v: *mut PyObject,
) -> c_int {
    int_api("PySequence_SetSlice", || {
        let o = val(o, "PySequence_SetSlice")?;
        if v.is_null() {
            return py(|| ops::delitem(&o, &slice(a, b))).map(|_| 0);
        }
        let v = from_c(v);
        py(|| ops::setitem(&o, slice(a, b), v)).map(|_| 0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn PySequence_DelSlice(
    o: *mut PyObject,
    a: Py_ssize_t,
    b: Py_ssize_t,
) -> c_int {
    PySequence_SetSlice(o, a, b, null_mut())
}

#[no_mangle]
pub unsafe extern "C" fn PySequence_Tuple(o: *mut PyObject) -> *mut PyObject {
    obj_api("PySequence_Tuple", || {
        let v = val(o, "PySequence_Tuple")?;
        if v.class_ref().is(&types().tuple) {
            return Ok(v);
        }
        Ok(pyrite_vm::types::tuple::new_tuple(py(|| ops::iterate(&v))?))
    })
}

#[no_mangle]
pub unsafe extern "C" fn PySequence_List(o: *mut PyObject) -> *mut PyObject {
    obj_api("PySequence_List", || {
        let v = val(o, "PySequence_List")?;
        Ok(pyrite_vm::types::list::new_list(py(|| ops::iterate(&v))?))
    })
}

/// `PySequence_Fast(o, msg)`: the list or tuple itself, else a new list; TypeError(msg)
/// if `o` is not iterable.
#[no_mangle]
pub unsafe extern "C" fn PySequence_Fast(o: *mut PyObject, msg: *const c_char) -> *mut PyObject {
    obj_api("PySequence_Fast", || {
        let v = val(o, "PySequence_Fast")?;
        if v.class_ref().is(&types().list) || v.class_ref().is(&types().tuple) {
            return Ok(v);
        }
        if !ops::is_iterable(&v) {
            let m = if msg.is_null() {
                "object is not iterable".to_string()
            } else {
                cstr(msg, "PySequence_Fast")?.to_string()
            };
            return Err(crate::type_error(m));
        }
        Ok(pyrite_vm::types::list::new_list(py(|| ops::iterate(&v))?))
    })
}

#[no_mangle]
pub unsafe extern "C" fn PySequence_Contains(o: *mut PyObject, x: *mut PyObject) -> c_int {
    int_api("PySequence_Contains", || {
        let (o, x) = (
            val(o, "PySequence_Contains")?,
            val(x, "PySequence_Contains")?,
        );
        py(|| ops::contains(&o, &x)).map(|b| b as c_int)
    })
}

#[no_mangle]
pub unsafe extern "C" fn PySequence_In(o: *mut PyObject, x: *mut PyObject) -> c_int {
    PySequence_Contains(o, x)
}

#[no_mangle]
pub unsafe extern "C" fn PySequence_Count(o: *mut PyObject, x: *mut PyObject) -> Py_ssize_t {
    ssize_api("PySequence_Count", || {
        let (o, x) = (val(o, "PySequence_Count")?, val(x, "PySequence_Count")?);
        let mut n = 0;
        for it in py(|| ops::iterate(&o))? {
            if py(|| ops::eq(&it, &x))? {
                n += 1;
            }
        }
        Ok(n)
    })
}

#[no_mangle]
pub unsafe extern "C" fn PySequence_Index(o: *mut PyObject, x: *mut PyObject) -> Py_ssize_t {
    ssize_api("PySequence_Index", || {
        let (o, x) = (val(o, "PySequence_Index")?, val(x, "PySequence_Index")?);
        for (i, it) in py(|| ops::iterate(&o))?.into_iter().enumerate() {
            if py(|| ops::eq(&it, &x))? {
                return Ok(i as isize);
            }
        }
        Err(pyrite_vm::errors::value_error(
            "sequence.index(x): x not in sequence",
        ))
    })
}

// ---------------------------------------------------------------------------
// mappings

#[no_mangle]
pub unsafe extern "C" fn PyMapping_Check(o: *mut PyObject) -> c_int {
    crate::guard("PyMapping_Check", || {
        if o.is_null() {
            return 0;
        }
        let v = from_c(o);
        (lookup_str(v.class_ref(), "__getitem__").is_some()) as c_int
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyMapping_Size(o: *mut PyObject) -> Py_ssize_t {
    crate::object::PyObject_Size(o)
}

#[no_mangle]
pub unsafe extern "C" fn PyMapping_Length(o: *mut PyObject) -> Py_ssize_t {
    crate::object::PyObject_Size(o)
}

#[no_mangle]
pub unsafe extern "C" fn PyMapping_GetItemString(
    o: *mut PyObject,
    k: *const c_char,
) -> *mut PyObject {
    obj_api("PyMapping_GetItemString", || {
        let o = val(o, "PyMapping_GetItemString")?;
        let k = Value::from(cstr(k, "PyMapping_GetItemString")?);
        py(|| ops::getitem(&o, &k))
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyMapping_SetItemString(
    o: *mut PyObject,
    k: *const c_char,
    v: *mut PyObject,
) -> c_int {
    int_api("PyMapping_SetItemString", || {
        let o = val(o, "PyMapping_SetItemString")?;
        let k = Value::from(cstr(k, "PyMapping_SetItemString")?);
        let v = val(v, "PyMapping_SetItemString")?;
        py(|| ops::setitem(&o, k, v)).map(|_| 0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyMapping_HasKey(o: *mut PyObject, k: *mut PyObject) -> c_int {
    let r = crate::object::PyObject_GetItem(o, k);
    if r.is_null() {
        err::clear();
        return 0;
    }
    mirror::decref(r);
    1
}

#[no_mangle]
pub unsafe extern "C" fn PyMapping_HasKeyString(o: *mut PyObject, k: *const c_char) -> c_int {
    let r = PyMapping_GetItemString(o, k);
    if r.is_null() {
        err::clear();
        return 0;
    }
    mirror::decref(r);
    1
}

unsafe fn mapping_list(o: *mut PyObject, what: &str, func: &str) -> *mut PyObject {
    obj_api(func, || {
        let o = val(o, func)?;
        if let Some(d) = pyrite_vm::types::dict::as_dict(&o) {
            if o.class_ref().is(&types().dict) {
                return Ok(pyrite_vm::types::list::new_list(match what {
                    "keys" => d.keys(),
                    "values" => d.values(),
                    _ => d
                        .items()
                        .into_iter()
                        .map(|(k, v)| pyrite_vm::types::tuple::new_tuple(vec![k, v]))
                        .collect(),
                }));
            }
        }
        let r = py(|| ops::attr::call_method(&o, what, &[]))?;
        Ok(pyrite_vm::types::list::new_list(py(|| ops::iterate(&r))?))
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyMapping_Keys(o: *mut PyObject) -> *mut PyObject {
    mapping_list(o, "keys", "PyMapping_Keys")
}

#[no_mangle]
pub unsafe extern "C" fn PyMapping_Values(o: *mut PyObject) -> *mut PyObject {
    mapping_list(o, "values", "PyMapping_Values")
}

#[no_mangle]
pub unsafe extern "C" fn PyMapping_Items(o: *mut PyObject) -> *mut PyObject {
    mapping_list(o, "items", "PyMapping_Items")
}

// ---------------------------------------------------------------------------
// iterators

#[no_mangle]
pub unsafe extern "C" fn PyIter_Check(o: *mut PyObject) -> c_int {
    crate::guard("PyIter_Check", || {
        if o.is_null() {
            return 0;
        }
        let v = from_c(o);
        lookup_str(v.class_ref(), "__next__").is_some() as c_int
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyAIter_Check(o: *mut PyObject) -> c_int {
    crate::guard("PyAIter_Check", || {
        if o.is_null() {
            return 0;
        }
        let v = from_c(o);
        lookup_str(v.class_ref(), "__anext__").is_some() as c_int
    })
}

/// `PyIter_Next`: the next item (new reference), or NULL — with an error set only if
/// iteration failed (exhaustion sets none).
#[no_mangle]
pub unsafe extern "C" fn PyIter_Next(it: *mut PyObject) -> *mut PyObject {
    crate::guard("PyIter_Next", || {
        let v = match val(it, "PyIter_Next") {
            Ok(v) => v,
            Err(e) => {
                err::set_pyerr(e);
                return null_mut();
            }
        };
        match py(|| ops::next(&v)) {
            Ok(Some(x)) => mirror::to_c_new(&x),
            Ok(None) => null_mut(),
            Err(e) => {
                if lookup_str(v.class_ref(), "__next__").is_none() {
                    err::set_pyerr(crate::type_error(format!(
                        "'{}' object is not an iterator",
                        v.type_name()
                    )));
                } else {
                    err::set_pyerr(e);
                }
                null_mut()
            }
        }
    })
}

/// `PyIter_Send(iter, arg, &result)`: PYGEN_RETURN (0), PYGEN_ERROR (-1), PYGEN_NEXT (1).
#[no_mangle]
pub unsafe extern "C" fn PyIter_Send(
    it: *mut PyObject,
    arg: *mut PyObject,
    result: *mut *mut PyObject,
) -> c_int {
    crate::guard("PyIter_Send", || {
        let r: PyResult<Value> = (|| {
            let v = val(it, "PyIter_Send")?;
            let a = val(arg, "PyIter_Send")?;
            if a.is_none() {
                match py(|| ops::next(&v))? {
                    Some(x) => Ok(x),
                    None => Err(pyrite_vm::errors::stop_iteration(Value::None)),
                }
            } else {
                py(|| ops::attr::call_method(&v, "send", &[a]))
            }
        })();
        match r {
            Ok(x) => {
                *result = mirror::to_c_new(&x);
                1
            }
            Err(e) if e.matches(&exc().stop_iteration) => {
                let value =
                    pyrite_vm::ops::attr::getattr(&e.value(), "value").unwrap_or(Value::None);
                *result = mirror::to_c_new(&value);
                0
            }
            Err(e) => {
                *result = null_mut();
                err::set_pyerr(e);
                -1
            }
        }
    })
}

// ---- old buffer helpers ----

#[no_mangle]
pub unsafe extern "C" fn PyObject_CheckReadBuffer(o: *mut PyObject) -> c_int {
    crate::guard("PyObject_CheckReadBuffer", || {
        if o.is_null() {
            return 0;
        }
        pyrite_vm::types::bytes::as_bytes_like(&from_c(o)).is_some() as c_int
    })
}

#[no_mangle]
pub unsafe extern "C" fn PySeqIter_New(seq: *mut PyObject) -> *mut PyObject {
    obj_api("PySeqIter_New", || {
        let v = val(seq, "PySeqIter_New")?;
        Ok(pyrite_vm::types::iter::new_seq_iter(
            v,
            pyrite_vm::types::iter::SeqKind::GetItem,
        ))
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyCallIter_New(
    callable: *mut PyObject,
    sentinel: *mut PyObject,
) -> *mut PyObject {
    obj_api("PyCallIter_New", || {
        let (c, s) = (
            val(callable, "PyCallIter_New")?,
            val(sentinel, "PyCallIter_New")?,
        );
        py(|| emulation::call_builtin("iter", &[c, s]))
    })
}
