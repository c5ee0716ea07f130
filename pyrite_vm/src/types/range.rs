//! `range`: machine-int fast representation, arbitrary-precision otherwise.

use crate::errors::*;
use crate::object::ObjRef;
use crate::types::function::Kw;
use crate::types::margs;
use crate::types::typeobj::{add_getset, add_method, add_staticmethod};
use crate::types::{types, Payload};
use crate::value::Value;
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};

/// A range. When `big` is `None`, start/stop/step and the length all fit in i64 and the
/// i64 fields are authoritative; otherwise `big` holds (start, stop, step, length).
pub struct PyRange {
    pub start: i64,
    pub stop: i64,
    pub step: i64,
    big: Option<Box<[BigInt; 4]>>,
}

fn big_len(start: &BigInt, stop: &BigInt, step: &BigInt) -> BigInt {
    if step.is_positive() && start < stop {
        (stop - start - 1u32) / step + 1u32
    } else if step.is_negative() && start > stop {
        (start - stop - 1u32) / (-step) + 1u32
    } else {
        BigInt::zero()
    }
}

impl PyRange {
    fn small_len(&self) -> i64 {
        let (lo, hi, st) = (self.start as i128, self.stop as i128, self.step as i128);
        let n = if st > 0 && lo < hi {
            (hi - lo - 1) / st + 1
        } else if st < 0 && lo > hi {
            (lo - hi - 1) / (-st) + 1
        } else {
            0
        };
        n as i64
    }
    /// The length, when it fits in i64.
    pub fn len(&self) -> Option<i64> {
        match &self.big {
            None => Some(self.small_len()),
            Some(b) => b[3].to_i64(),
        }
    }
    pub fn is_empty(&self) -> bool {
        match &self.big {
            None => self.small_len() == 0,
            Some(b) => b[3].is_zero(),
        }
    }
    pub fn length(&self) -> BigInt {
        match &self.big {
            None => BigInt::from(self.small_len()),
            Some(b) => b[3].clone(),
        }
    }
    /// (start, stop, step) as ints.
    pub fn parts(&self) -> (BigInt, BigInt, BigInt) {
        match &self.big {
            None => (
                BigInt::from(self.start),
                BigInt::from(self.stop),
                BigInt::from(self.step),
            ),
            Some(b) => (b[0].clone(), b[1].clone(), b[2].clone()),
        }
    }
    fn part_values(&self) -> (Value, Value, Value) {
        match &self.big {
            None => (
                Value::Int(self.start),
                Value::Int(self.stop),
                Value::Int(self.step),
            ),
            Some(b) => (
                crate::types::int::from_bigint(b[0].clone()),
                crate::types::int::from_bigint(b[1].clone()),
                crate::types::int::from_bigint(b[2].clone()),
            ),
        }
    }
    /// The i-th item (0 <= i < len).
    pub fn item(&self, i: i64) -> i64 {
        self.start.wrapping_add(i.wrapping_mul(self.step))
    }
    fn item_big(&self, i: &BigInt) -> BigInt {
        let (start, _, step) = self.parts();
        start + i * step
    }
    /// Does the range contain the int `x`?
    fn contains_int(&self, x: &BigInt) -> bool {
        if let (None, Some(x)) = (&self.big, x.to_i64()) {
            let (start, stop, step) = (self.start as i128, self.stop as i128, self.step as i128);
            let x = x as i128;
            return if step > 0 {
                x >= start && x < stop && (x - start) % step == 0
            } else {
                x <= start && x > stop && (start - x) % (-step) == 0
            };
        }
        let (start, stop, step) = self.parts();
        let inside = if step.is_positive() {
            *x >= start && *x < stop
        } else {
            *x <= start && *x > stop
        };
        inside && (x - &start).mod_floor(&step).is_zero()
    }
}

pub fn as_range(v: &Value) -> Option<&PyRange> {
    match v.payload() {
        Some(Payload::Range(r)) => Some(r),
        _ => None,
    }
}

fn this(v: &Value) -> PyResult<&PyRange> {
    as_range(v).ok_or_else(|| {
        type_error(format!(
            "descriptor requires a 'range' object but received a '{}'",
            v.type_name()
        ))
    })
}

pub fn new_range(start: i64, stop: i64, step: i64) -> Value {
    new_range_big(BigInt::from(start), BigInt::from(stop), BigInt::from(step))
}

/// A range from arbitrary ints (step must be nonzero).
pub fn new_range_big(start: BigInt, stop: BigInt, step: BigInt) -> Value {
    let len = big_len(&start, &stop, &step);
    let r = match (start.to_i64(), stop.to_i64(), step.to_i64(), len.to_i64()) {
        (Some(a), Some(b), Some(c), Some(_)) => PyRange {
            start: a,
            stop: b,
            step: c,
            big: None,
        },
        _ => PyRange {
            start: 0,
            stop: 0,
            step: 1,
            big: Some(Box::new([start, stop, step, len])),
        },
    };
    Value::Obj(ObjRef::new(&types().range, Payload::Range(r)))
}

pub fn range_iter(v: &Value) -> PyResult<Value> {
    let r = this(v)?;
    if r.big.is_none() {
        return Ok(crate::types::iter::new_range_iter(
            r.start,
            r.step,
            r.small_len(),
        ));
    }
    let (start, _, step) = r.parts();
    Ok(iter_from(start, step, r.length()))
}

/// An iterator over `len` values `start, start+step, ...`.
fn iter_from(start: BigInt, step: BigInt, len: BigInt) -> Value {
    if let (Some(s), Some(st), Some(n)) = (start.to_i64(), step.to_i64(), len.to_i64()) {
        // the last value must fit too
        if n == 0
            || (s as i128 + (n as i128 - 1) * st as i128)
                .to_i64()
                .is_some()
        {
            return crate::types::iter::new_range_iter(s, st, n);
        }
    }
    crate::types::iter::new_long_range_iter(start, step, len)
}

fn arg(v: &Value) -> PyResult<BigInt> {
    match crate::types::int::index_value(v)? {
        Value::Int(i) => Ok(BigInt::from(i)),
        other => Ok(crate::types::int::to_bigint(&other).unwrap_or_default()),
    }
}

fn range_new(a: &[Value], kw: Kw) -> PyResult<Value> {
    let cls = crate::types::misc::check_new_cls(a, "range")?;
    if !cls.is(&types().range) {
        return Err(type_error(format!(
            "type '{}' is not an acceptable base type",
            crate::types::typeobj::type_name(&cls)
        )));
    }
    if kw.map_or(false, |k| !k.is_empty()) {
        return Err(type_error("range() takes no keyword arguments"));
    }
    let a = &a[1..];
    // fast path: small ints
    let small = |v: &Value| {
        if let Value::Int(i) = v {
            Some(*i)
        } else {
            None
        }
    };
    match a.len() {
        1 => {
            if let Some(n) = small(&a[0]) {
                return Ok(Value::Obj(ObjRef::new(
                    &types().range,
                    Payload::Range(PyRange {
                        start: 0,
                        stop: n,
                        step: 1,
                        big: None,
                    }),
                )));
            }
        }
        2 => {
            if let (Some(s), Some(e)) = (small(&a[0]), small(&a[1])) {
                if (e as i128 - s as i128) > i64::MAX as i128 {
                    return Ok(new_range(s, e, 1));
                }
                return Ok(Value::Obj(ObjRef::new(
                    &types().range,
                    Payload::Range(PyRange {
                        start: s,
                        stop: e,
                        step: 1,
                        big: None,
                    }),
                )));
            }
        }
        _ => {}
    }
    let (start, stop, step) = match a.len() {
        1 => (BigInt::zero(), arg(&a[0])?, BigInt::one()),
        2 => (arg(&a[0])?, arg(&a[1])?, BigInt::one()),
        3 => (arg(&a[0])?, arg(&a[1])?, arg(&a[2])?),
        0 => return Err(type_error("range expected at least 1 argument, got 0")),
        n => {
            return Err(type_error(format!(
                "range expected at most 3 arguments, got {}",
                n
            )))
        }
    };
    if step.is_zero() {
        return Err(value_error("range() arg 3 must not be zero"));
    }
    Ok(new_range_big(start, stop, step))
}

/// `slice.indices(len)` with arbitrary-precision ints: (start, stop, step).
fn slice_indices_big(key: &Value, len: &BigInt) -> PyResult<(BigInt, BigInt, BigInt)> {
    let Some(Payload::Slice(parts)) = key.payload() else {
        return Err(type_error("expected a slice"));
    };
    let conv = |x: &Value| -> PyResult<Option<BigInt>> {
        if x.is_none() {
            return Ok(None);
        }
        if !crate::types::int::is_int(x)
            && crate::ops::attr::lookup_special(x, "__index__").is_none()
        {
            return Err(type_error(
                "slice indices must be integers or None or have an __index__ method",
            ));
        }
        Ok(Some(arg(x)?))
    };
    let step = conv(&parts[2])?.unwrap_or_else(BigInt::one);
    if step.is_zero() {
        return Err(value_error("slice step cannot be zero"));
    }
    let neg = step.is_negative();
    let (lower, upper) = if neg {
        (BigInt::from(-1), len - 1u32)
    } else {
        (BigInt::zero(), len.clone())
    };
    let norm = |x: Option<BigInt>, dflt: &BigInt| -> BigInt {
        match x {
            None => dflt.clone(),
            Some(i) if i.is_negative() => {
                let j = i + len;
                if j < lower {
                    lower.clone()
                } else {
                    j
                }
            }
            Some(i) => {
                if i > upper {
                    upper.clone()
                } else {
                    i
                }
            }
        }
    };
    let start = conv(&parts[0])?;
    let stop = conv(&parts[1])?;
    let (s, e) = if neg {
        (norm(start, &upper), norm(stop, &lower))
    } else {
        (norm(start, &lower), norm(stop, &upper))
    };
    Ok((s, e, step))
}

fn range_getitem(a: &[Value], kw: Kw) -> PyResult<Value> {
    let key = margs::one("range.__getitem__", a, kw)?;
    let r = this(&a[0])?;
    if let Some(Payload::Slice(_)) = key.payload() {
        let (s, e, st) = slice_indices_big(key, &r.length())?;
        let (start, _, step) = r.parts();
        return Ok(new_range_big(
            &start + s * &step,
            &start + e * &step,
            st * step,
        ));
    }
    let i = match key {
        Value::Int(i) => BigInt::from(*i),
        _ => {
            if !crate::types::int::is_int(key)
                && crate::ops::attr::lookup_special(key, "__index__").is_none()
            {
                return Err(type_error(format!(
                    "range indices must be integers or slices, not {}",
                    key.type_name()
                )));
            }
            arg(key)?
        }
    };
    if r.big.is_none() {
        if let Some(i) = i.to_i64() {
            let n = r.small_len();
            let j = if i < 0 { i + n } else { i };
            if j < 0 || j >= n {
                return Err(index_error("range object index out of range"));
            }
            return Ok(Value::Int(r.item(j)));
        }
        return Err(index_error("range object index out of range"));
    }
    let n = r.length();
    let j = if i.is_negative() { i + &n } else { i };
    if j.is_negative() || j >= n {
        return Err(index_error("range object index out of range"));
    }
    Ok(crate::types::int::from_bigint(r.item_big(&j)))
}

fn is_exact_int(v: &Value) -> bool {
    match v {
        Value::Int(_) | Value::Bool(_) => true,
        Value::Obj(o) => o.class_ref().is(&types().int),
        _ => false,
    }
}

/// Iterate the range comparing with `x`: (first index, count).
fn search(v: &Value, x: &Value, stop_at_first: bool) -> PyResult<(Option<i64>, i64)> {
    let it = range_iter(v)?;
    let mut i = 0i64;
    let mut first = None;
    let mut count = 0;
    while let Some(y) = crate::ops::next(&it)? {
        if crate::types::list::item_eq(&y, x)? {
            if first.is_none() {
                first = Some(i);
            }
            count += 1;
            if stop_at_first {
                break;
            }
        }
        i += 1;
    }
    Ok((first, count))
}

pub fn init(t: &ObjRef) {
    add_staticmethod(t, "__new__", range_new);
    add_method(t, "__len__", |a, kw| {
        margs::wrapper("__len__", a, kw, 0)?;
        match this(&a[0])?.len() {
            Some(n) => Ok(Value::Int(n)),
            None => Err(overflow_error(
                "Python int too large to convert to C ssize_t",
            )),
        }
    });
    add_method(t, "__bool__", |a, kw| {
        margs::wrapper("__bool__", a, kw, 0)?;
        Ok(Value::Bool(!this(&a[0])?.is_empty()))
    });
    add_method(t, "__iter__", |a, kw| {
        margs::wrapper("__iter__", a, kw, 0)?;
        range_iter(&a[0])
    });
    add_method(t, "__reversed__", |a, kw| {
        margs::noargs("range.__reversed__", a, kw)?;
        let r = this(&a[0])?;
        if r.big.is_none() {
            let n = r.small_len();
            if n == 0 {
                return Ok(crate::types::iter::new_range_iter(0, 1, 0));
            }
            let last = r.start as i128 + (n as i128 - 1) * r.step as i128;
            if let (Some(last), Some(st)) = (last.to_i64(), r.step.checked_neg()) {
                return Ok(crate::types::iter::new_range_iter(last, st, n));
            }
        }
        let n = r.length();
        if n.is_zero() {
            return Ok(crate::types::iter::new_range_iter(0, 1, 0));
        }
        let (start, _, step) = r.parts();
        let last = start + (&n - 1u32) * &step;
        Ok(iter_from(last, -step, n))
    });
    add_method(t, "__getitem__", range_getitem);
    add_method(t, "__contains__", |a, kw| {
        let x = &margs::wrapper("__contains__", a, kw, 1)?[0];
        let r = this(&a[0])?;
        if is_exact_int(x) {
            return Ok(Value::Bool(r.contains_int(
                &crate::types::int::to_bigint(x).unwrap_or_default(),
            )));
        }
        Ok(Value::Bool(search(&a[0], x, true)?.0.is_some()))
    });
    add_method(t, "index", |a, kw| {
        let x = margs::one("range.index", a, kw)?;
        let r = this(&a[0])?;
        if is_exact_int(x) {
            let xb = crate::types::int::to_bigint(x).unwrap_or_default();
            if r.contains_int(&xb) {
                let (start, _, step) = r.parts();
                return Ok(crate::types::int::from_bigint((xb - start) / step));
            }
            return Err(value_error(format!(
                "{} is not in range",
                crate::ops::repr(x)?
            )));
        }
        match search(&a[0], x, true)?.0 {
            Some(i) => Ok(Value::Int(i)),
            None => Err(value_error("sequence.index(x): x not in sequence")),
        }
    });
    add_method(t, "count", |a, kw| {
        let x = margs::one("range.count", a, kw)?;
        let r = this(&a[0])?;
        if is_exact_int(x) {
            return Ok(Value::Int(
                r.contains_int(&crate::types::int::to_bigint(x).unwrap_or_default()) as i64,
            ));
        }
        Ok(Value::Int(search(&a[0], x, false)?.1))
    });
    add_method(t, "__repr__", |a, kw| {
        margs::wrapper("__repr__", a, kw, 0)?;
        let r = this(&a[0])?;
        let (s, e, st) = r.part_values();
        let one = matches!(st, Value::Int(1));
        let (s, e) = (
            crate::types::int::int_repr(&s)?,
            crate::types::int::int_repr(&e)?,
        );
        Ok(if one {
            format!("range({}, {})", s, e)
        } else {
            format!("range({}, {}, {})", s, e, crate::types::int::int_repr(&st)?)
        }
        .into())
    });
    fn eq(x: &PyRange, y: &PyRange) -> bool {
        if std::ptr::eq(x, y) {
            return true;
        }
        let (nx, ny) = (x.length(), y.length());
        if nx != ny {
            return false;
        }
        if nx.is_zero() {
            return true;
        }
        let (sx, _, stx) = x.parts();
        let (sy, _, sty) = y.parts();
        sx == sy && (nx.is_one() || stx == sty)
    }
    add_method(t, "__eq__", |a, kw| {
        let o = &margs::wrapper("__eq__", a, kw, 1)?[0];
        let x = this(&a[0])?;
        let Some(y) = as_range(o) else {
            return Ok(crate::types::misc::not_implemented());
        };
        Ok(Value::Bool(eq(x, y)))
    });
    add_method(t, "__ne__", |a, kw| {
        let o = &margs::wrapper("__ne__", a, kw, 1)?[0];
        let x = this(&a[0])?;
        let Some(y) = as_range(o) else {
            return Ok(crate::types::misc::not_implemented());
        };
        Ok(Value::Bool(!eq(x, y)))
    });
    add_method(t, "__hash__", |a, kw| {
        margs::wrapper("__hash__", a, kw, 0)?;
        let r = this(&a[0])?;
        let n = r.length();
        let (s, _, st) = r.part_values();
        let t = if n.is_zero() {
            vec![Value::Int(0), Value::None, Value::None]
        } else if n.is_one() {
            vec![Value::Int(1), s, Value::None]
        } else {
            vec![crate::types::int::from_bigint(n), s, st]
        };
        Ok(Value::Int(crate::types::tuple::tuple_hash(&t)?))
    });
    add_method(t, "__reduce__", |a, kw| {
        margs::noargs("range.__reduce__", a, kw)?;
        let (s, e, st) = this(&a[0])?.part_values();
        Ok(crate::types::tuple::new_tuple(vec![
            Value::Obj(types().range.clone()),
            crate::types::tuple::new_tuple(vec![s, e, st]),
        ]))
    });
    add_method(t, "__sizeof__", |a, kw| {
        margs::noargs("range.__sizeof__", a, kw)?;
        this(&a[0])?;
        Ok(Value::Int(48))
    });
    add_getset(t, "start", |v| Ok(this(v)?.part_values().0), None);
    add_getset(t, "stop", |v| Ok(this(v)?.part_values().1), None);
    add_getset(t, "step", |v| Ok(this(v)?.part_values().2), None);
}
