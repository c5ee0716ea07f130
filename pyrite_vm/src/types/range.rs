//! `range`.

use crate::errors::*;
use crate::object::ObjRef;
use crate::types::typeobj::{add_getset, add_method, add_staticmethod};
use crate::types::{types, Payload};
use crate::value::Value;

pub struct PyRange {
    pub start: i64,
    pub stop: i64,
    pub step: i64,
}

impl PyRange {
    pub fn len(&self) -> i64 {
        let (lo, hi, st) = (self.start as i128, self.stop as i128, self.step as i128);
        let n = if st > 0 && lo < hi {
            (hi - lo - 1) / st + 1
        } else if st < 0 && lo > hi {
            (lo - hi - 1) / (-st) + 1
        } else {
            0
        };
        n.min(i64::MAX as i128) as i64
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    pub fn item(&self, i: i64) -> i64 {
        self.start + i * self.step
    }
}

pub fn as_range(v: &Value) -> Option<&PyRange> {
    match v.payload() {
        Some(Payload::Range(r)) => Some(r),
        _ => None,
    }
}

fn this(v: &Value) -> PyResult<&PyRange> {
    as_range(v).ok_or_else(|| type_error("expected a range"))
}

pub fn new_range(start: i64, stop: i64, step: i64) -> Value {
    Value::Obj(ObjRef::new(&types().range, Payload::Range(PyRange { start, stop, step })))
}

pub fn range_iter(v: &Value) -> PyResult<Value> {
    let r = this(v)?;
    Ok(crate::types::iter::new_range_iter(r.start, r.step, r.len()))
}

fn arg(v: &Value) -> PyResult<i64> {
    match crate::types::int::index_value(v) {
        Ok(Value::Int(i)) => Ok(i),
        Ok(_) => Err(overflow_error("Python int too large to convert to C ssize_t")),
        Err(_) => Err(type_error(format!("'{}' object cannot be interpreted as an integer", v.type_name()))),
    }
}

pub fn init(t: &ObjRef) {
    add_staticmethod(t, "__new__", |a, kw| {
        if kw.map_or(false, |k| !k.is_empty()) {
            return Err(type_error("range() takes no keyword arguments"));
        }
        let a = &a[1..];
        let (start, stop, step) = match a.len() {
            1 => (0, arg(&a[0])?, 1),
            2 => (arg(&a[0])?, arg(&a[1])?, 1),
            3 => (arg(&a[0])?, arg(&a[1])?, arg(&a[2])?),
            0 => return Err(type_error("range expected at least 1 argument, got 0")),
            n => return Err(type_error(format!("range expected at most 3 arguments, got {}", n))),
        };
        if step == 0 {
            return Err(value_error("range() arg 3 must not be zero"));
        }
        Ok(new_range(start, stop, step))
    });
    add_method(t, "__len__", |a, _| Ok(Value::Int(this(&a[0])?.len())));
    add_method(t, "__bool__", |a, _| Ok(Value::Bool(this(&a[0])?.len() != 0)));
    add_method(t, "__iter__", |a, _| range_iter(&a[0]));
    add_method(t, "__reversed__", |a, _| {
        let r = this(&a[0])?;
        let n = r.len();
        Ok(crate::types::iter::new_range_iter(r.item(n - 1), -r.step, n))
    });
    add_method(t, "__getitem__", |a, _| {
        let r = this(&a[0])?;
        if let Some(Payload::Slice(_)) = a[1].payload() {
            let (start, _stop, step, n) = crate::types::misc::slice_indices(&a[1], r.len() as usize)?;
            let s = r.item(start);
            let st = r.step * step;
            return Ok(new_range(s, s + st * n as i64, st));
        }
        let i = crate::types::int::index_value(&a[1]).map_err(|_| {
            type_error(format!("range indices must be integers or slices, not {}", a[1].type_name()))
        })?;
        let i = crate::types::int::as_i64(&i).unwrap_or(i64::MAX);
        let n = r.len();
        let j = if i < 0 { i + n } else { i };
        if j < 0 || j >= n {
            return Err(index_error("range object index out of range"));
        }
        Ok(Value::Int(r.item(j)))
    });
    add_method(t, "__contains__", |a, _| {
        let r = this(&a[0])?;
        match &a[1] {
            Value::Int(x) => Ok(Value::Bool(contains(r, *x))),
            Value::Bool(b) => Ok(Value::Bool(contains(r, *b as i64))),
            v => {
                for i in 0..r.len() {
                    if crate::ops::eq(&Value::Int(r.item(i)), v)? {
                        return Ok(Value::Bool(true));
                    }
                }
                Ok(Value::Bool(false))
            }
        }
    });
    add_method(t, "index", |a, _| {
        let r = this(&a[0])?;
        if let Value::Int(x) = &a[1] {
            if contains(r, *x) {
                return Ok(Value::Int((x - r.start) / r.step));
            }
        }
        Err(value_error(format!("{} is not in range", crate::ops::repr(&a[1])?)))
    });
    add_method(t, "count", |a, _| {
        let r = this(&a[0])?;
        Ok(Value::Int(match &a[1] {
            Value::Int(x) => contains(r, *x) as i64,
            _ => 0,
        }))
    });
    add_method(t, "__repr__", |a, _| {
        let r = this(&a[0])?;
        Ok(if r.step == 1 { format!("range({}, {})", r.start, r.stop) } else { format!("range({}, {}, {})", r.start, r.stop, r.step) }.into())
    });
    add_method(t, "__eq__", |a, _| {
        let (Some(x), Some(y)) = (as_range(&a[0]), as_range(&a[1])) else {
            return Ok(crate::types::misc::not_implemented());
        };
        let (nx, ny) = (x.len(), y.len());
        Ok(Value::Bool(nx == ny && (nx == 0 || (x.start == y.start && (nx == 1 || x.step == y.step)))))
    });
    add_method(t, "__hash__", |a, _| {
        let r = this(&a[0])?;
        let n = r.len();
        let t = if n == 0 {
            vec![Value::Int(0), Value::None, Value::None]
        } else if n == 1 {
            vec![Value::Int(1), Value::Int(r.start), Value::None]
        } else {
            vec![Value::Int(n), Value::Int(r.start), Value::Int(r.step)]
        };
        Ok(Value::Int(crate::types::tuple::tuple_hash(&t)?))
    });
    add_getset(t, "start", |v| Ok(Value::Int(this(v)?.start)), None);
    add_getset(t, "stop", |v| Ok(Value::Int(this(v)?.stop)), None);
    add_getset(t, "step", |v| Ok(Value::Int(this(v)?.step)), None);
}

fn contains(r: &PyRange, x: i64) -> bool {
    if r.step > 0 {
        x >= r.start && x < r.stop && (x - r.start) % r.step == 0
    } else {
        x <= r.start && x > r.stop && (r.start - x) % (-r.step) == 0
    }
}
