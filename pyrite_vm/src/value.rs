//! `Value`: what the VM's stack, locals and containers hold.

use crate::object::ObjRef;
use crate::types::{types, Payload};

/// A Python value. 16 bytes. `None`, bools, ints that fit in i64 and exact floats are
/// unboxed; everything else is a counted reference to a heap object.
/// `repr(u64)`: the tag takes a whole word, so a value is two aligned words and
/// copying one is two plain moves (a byte tag left the payload's padding to copy in
/// odd pieces, which stalled store forwarding on every push).
#[derive(Clone)]
#[repr(u64)]
pub enum Value {
    None,
    Bool(bool),
    Int(i64),
    Float(f64),
    Obj(ObjRef),
}

const _: () = assert!(std::mem::size_of::<Value>() == 16);
const _: () = assert!(std::mem::size_of::<Option<Value>>() == 16);

impl Value {
    /// The class of the value (a new reference).
    #[inline]
    pub fn class(&self) -> ObjRef {
        match self {
            Value::Obj(o) => o.class(),
            _ => self.class_ref().clone(),
        }
    }
    /// The class of the value, borrowed.
    #[inline]
    pub fn class_ref(&self) -> &ObjRef {
        let t = types();
        match self {
            Value::None => &t.none_type,
            Value::Bool(_) => &t.bool,
            Value::Int(_) => &t.int,
            Value::Float(_) => &t.float,
            Value::Obj(o) => o.class_ref(),
        }
    }
    #[inline]
    pub fn is_none(&self) -> bool {
        matches!(self, Value::None)
    }
    #[inline]
    pub fn as_obj(&self) -> Option<&ObjRef> {
        match self {
            Value::Obj(o) => Some(o),
            _ => None,
        }
    }
    #[inline]
    pub fn payload(&self) -> Option<&Payload> {
        match self {
            Value::Obj(o) => Some(o.payload()),
            _ => None,
        }
    }
    /// Identity (`is`).
    #[inline]
    pub fn is(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::None, Value::None) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Int(a), Value::Int(b)) => a == b,
            (Value::Float(a), Value::Float(b)) => a.to_bits() == b.to_bits(),
            (Value::Obj(a), Value::Obj(b)) => a.is(b),
            _ => false,
        }
    }
    pub fn from_bool(b: bool) -> Value {
        Value::Bool(b)
    }
    /// The name of the value's class (`type(x).__name__`), for messages.
    pub fn type_name(&self) -> String {
        crate::types::typeobj::type_name(self.class_ref())
    }
    /// A stable identity number for `id()`.
    pub fn id(&self) -> i64 {
        match self {
            Value::Obj(o) => o.addr() as i64,
            Value::None => 0x1000,
            Value::Bool(b) => 0x1010 + *b as i64 * 16,
            // Unboxed numbers have no address; derive a stable, distinct number.
            Value::Int(i) => (*i as i64).wrapping_mul(2).wrapping_add(1) & i64::MAX,
            Value::Float(f) => (f.to_bits() as i64 | 3) & i64::MAX,
        }
    }
}

impl From<ObjRef> for Value {
    fn from(o: ObjRef) -> Value {
        Value::Obj(o)
    }
}
impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}
impl From<i64> for Value {
    fn from(i: i64) -> Value {
        Value::Int(i)
    }
}
impl From<usize> for Value {
    fn from(i: usize) -> Value {
        Value::Int(i as i64)
    }
}
impl From<f64> for Value {
    fn from(f: f64) -> Value {
        Value::Float(f)
    }
}
impl From<&str> for Value {
    fn from(s: &str) -> Value {
        crate::types::str::new_str(s)
    }
}
impl From<String> for Value {
    fn from(s: String) -> Value {
        crate::types::str::new_str(&s)
    }
}

impl std::fmt::Debug for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::None => write!(f, "None"),
            Value::Bool(b) => write!(f, "{}", if *b { "True" } else { "False" }),
            Value::Int(i) => write!(f, "{i}"),
            Value::Float(x) => write!(f, "{x:?}"),
            Value::Obj(o) => match o.payload() {
                Payload::Str(s) => write!(f, "{:?}", s.as_str()),
                _ => write!(f, "<{} object at {:#x}>", self.type_name(), o.addr()),
            },
        }
    }
}
