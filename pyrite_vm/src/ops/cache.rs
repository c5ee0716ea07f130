//! Inline caches for attribute loads and stores (`LoadAttr`, `LoadMethod`,
//! `StoreAttr`): what the last execution of an instruction learnt about the receiver's
//! type, so that the next one skips the MRO walk and the descriptor checks.
//!
//! A cache entry is valid while the receiver's type has the version it was filled under
//! (see `types::code::InlineCache`). Each fast path either answers exactly as the
//! generic path (`ops::attr`) would, or falls back to it; a fall-back refills the cache.

use crate::errors::*;
use crate::object::{ObjRef, Object};
use crate::ops::attr;
use crate::types::code::InlineCache;
use crate::types::descr::Descr;
use crate::types::dict::PyDict;
use crate::types::function::MethKind;
use crate::types::typeobj::{lookup, tdata, tflags};
use crate::types::{types, Payload};
use crate::value::Value;

/// Not cacheable: always take the generic path.
const K_NONE: u8 = 0;
/// The type has no attribute of that name (`ptr` null), or a plain value that is no
/// descriptor (`ptr` to it, or `imm` for an unboxed one): the instance dict decides.
const K_DICT: u8 = 1;
/// `__slots__` member number `index`.
const K_SLOT: u8 = 2;
/// A function or method descriptor on the type (`ptr`), shadowed by the instance dict.
const K_METHOD: u8 = 3;
/// Like `K_DICT`, with the class value unboxed in `imm`.
const K_DICT_IMM: u8 = 4;

/// The instance dict of `o`, borrowed.
#[inline(always)]
fn inst_dict(o: &ObjRef) -> Option<&PyDict> {
    let p = o.obj().dict.get()?;
    // SAFETY: the dict pointer is a counted reference held by `o`.
    match unsafe { &(*p.as_ptr()).payload } {
        Payload::Dict(d) => Some(d),
        _ => None,
    }
}

#[inline(always)]
fn version_of(v: &Value) -> u64 {
    tdata(v.class_ref()).version.get() as u64
}

/// A clone of the value behind a borrowed cache pointer.
#[inline(always)]
fn borrowed(p: *const Object) -> Value {
    // SAFETY: valid while the cache key matches (InlineCache's invariant).
    Value::Obj(unsafe { ObjRef::from_ptr(p) })
}

/// Values whose class is a builtin type cannot gain `__get__`/`__set__` later, so
/// the classification below stays true while the receiver's type is unchanged.
fn plain_value(v: &Value) -> bool {
    match v {
        Value::Obj(o) => {
            !tdata(o.class_ref()).has(tflags::HEAPTYPE)
                && matches!(
                    o.payload(),
                    Payload::Str(_)
                        | Payload::Int(_)
                        | Payload::Tuple(_)
                        | Payload::Bytes(_)
                        | Payload::Dict(_)
                        | Payload::List(_)
                        | Payload::Set(_)
                )
        }
        _ => true,
    }
}

/// Classify `name` on the receiver's type and record it in `c`.
#[inline(never)]
fn fill(obj: &Value, name: &ObjRef, c: &InlineCache, for_store: bool) {
    let cls = obj.class_ref();
    let td = tdata(cls);
    c.key.set(td.version.get() as u64);
    c.kind.set(K_NONE);
    c.ptr.set(std::ptr::null());
    let hook = if for_store {
        tflags::CUSTOM_SETATTR
    } else {
        tflags::CUSTOM_GETATTRIBUTE
    };
    if td.has(hook) || matches!(obj.payload(), Some(Payload::Type(_))) {
        return;
    }
    match lookup(cls, name) {
        None => c.kind.set(K_DICT),
        Some(d) => match d.payload() {
            Some(Payload::Descr(de)) if d.class_ref().is(&types().member_descriptor) => {
                if let Descr::Member { index, .. } = &**de {
                    if matches!(obj.payload(), Some(Payload::Instance(_))) {
                        c.kind.set(K_SLOT);
                        c.index.set(*index as u32);
                    }
                }
            }
            Some(Payload::Function(_)) => {
                c.kind.set(if for_store { K_DICT } else { K_METHOD });
                if !for_store {
                    c.ptr.set(d.as_obj().unwrap().as_ptr());
                }
            }
            Some(Payload::MethodDescr(m)) if m.kind == MethKind::Method && !for_store => {
                c.kind.set(K_METHOD);
                c.ptr.set(d.as_obj().unwrap().as_ptr());
            }
            _ if !for_store && plain_value(&d) => match &d {
                Value::Obj(o) => {
                    c.kind.set(K_DICT);
                    c.ptr.set(o.as_ptr());
                }
                v => {
                    // unboxed: nothing to own
                    c.kind.set(K_DICT_IMM);
                    imm_set(c, v.clone());
                }
            },
            // setting shadows a plain class value in the instance dict
            _ if for_store && plain_value(&d) => c.kind.set(K_DICT),
            _ => {}
        },
    }
}

#[inline(always)]
fn imm_get(c: &InlineCache) -> Value {
    // an unboxed value packed in key2 (tag) and index/ptr (bits)
    match c.key2.get() {
        0 => Value::None,
        1 => Value::Bool(c.ptr.get() as usize != 0),
        2 => Value::Int(c.ptr.get() as usize as i64),
        _ => Value::Float(f64::from_bits(c.ptr.get() as usize as u64)),
    }
}

fn imm_set(c: &InlineCache, v: Value) {
    let (tag, bits) = match v {
        Value::None => (0, 0usize),
        Value::Bool(b) => (1, b as usize),
        Value::Int(i) => (2, i as usize),
        Value::Float(f) => (3, f.to_bits() as usize),
        Value::Obj(_) => unreachable!("boxed values are cached by pointer"),
    };
    c.key2.set(tag);
    c.ptr.set(bits as *const Object);
}

/// `obj.name` (`LoadAttr`).
#[inline]
pub fn load_attr(obj: &Value, name: &ObjRef, c: &InlineCache) -> PyResult<Value> {
    if c.key.get() == version_of(obj) {
        match c.kind.get() {
            K_DICT | K_DICT_IMM => {
                if let Value::Obj(o) = obj {
                    if let Some(d) = inst_dict(o) {
                        if let Some(v) = d.get_str(name) {
                            return Ok(v);
                        }
                    }
                }
                if c.kind.get() == K_DICT_IMM {
                    return Ok(imm_get(c));
                }
                let p = c.ptr.get();
                if !p.is_null() {
                    return Ok(borrowed(p));
                }
            }
            K_SLOT => {
                if let Some(Payload::Instance(s)) = obj.payload() {
                    if let Some(v) = s.get(c.index.get() as usize) {
                        return Ok(v);
                    }
                }
            }
            K_METHOD => {
                if let Value::Obj(o) = obj {
                    if let Some(d) = inst_dict(o) {
                        if let Some(v) = d.get_str(name) {
                            return Ok(v);
                        }
                    }
                }
                let f = borrowed(c.ptr.get());
                if let Some(Payload::Function(_)) = f.payload() {
                    return Ok(crate::types::function::new_bound_method(f, obj.clone()));
                }
                return attr::call_get_instance(&f, obj.clone(), Value::Obj(obj.class()));
            }
            _ => return attr::getattr_name(obj, name),
        }
        return attr::getattr_name(obj, name);
    }
    fill(obj, name, c, false);
    attr::getattr_name(obj, name)
}

/// `LoadMethod`: `(Some(method), _)` to call with `obj` prepended, or `(None, attr)`.
#[inline]
pub fn load_method(
    obj: &Value,
    name: &ObjRef,
    c: &InlineCache,
) -> PyResult<(Option<Value>, Value)> {
    if c.key.get() == version_of(obj) {
        match c.kind.get() {
            K_METHOD => {
                if let Value::Obj(o) = obj {
                    if let Some(d) = inst_dict(o) {
                        if let Some(v) = d.get_str(name) {
                            return Ok((None, v));
                        }
                    }
                }
                return Ok((Some(borrowed(c.ptr.get())), Value::None));
            }
            K_NONE => return attr::load_method(obj, name),
            _ => return Ok((None, load_attr(obj, name, c)?)),
        }
    }
    fill(obj, name, c, false);
    attr::load_method(obj, name)
}

/// `obj.name = value` (`StoreAttr`).
#[inline]
pub fn store_attr(obj: &Value, name: &ObjRef, value: Value, c: &InlineCache) -> PyResult<()> {
    if c.key.get() == version_of(obj) {
        match c.kind.get() {
            K_DICT => {
                if let Value::Obj(o) = obj {
                    if let Some(d) = inst_dict(o) {
                        let h = crate::types::str::str_hash(name);
                        return d.set_item_hashed(Value::Obj(name.clone()), h, value);
                    }
                }
            }
            K_SLOT => {
                if let Some(Payload::Instance(s)) = obj.payload() {
                    let i = c.index.get() as usize;
                    if i < unsafe { (&*s.0.get()).len() } {
                        s.set(i, Some(value));
                        return Ok(());
                    }
                }
            }
            _ => {}
        }
        return attr::setattr_name(obj, name, Some(value));
    }
    fill(obj, name, c, true);
    attr::setattr_name(obj, name, Some(value))
}
