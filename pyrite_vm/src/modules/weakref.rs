//! `_weakref`: weak references (`ref`/`ReferenceType`), proxies, and the registry
//! that clears them (and runs their callbacks) when the referent dies.
//!
//! The registry maps a referent's address to the weak reference objects pointing at
//! it, oldest first. A weak reference holds its referent as an uncounted pointer that
//! is nulled when the referent dies (`clear_weakrefs`, called from deallocation for
//! objects flagged `HAS_WEAKREFS`). A weak reference removes itself from the
//! registry when it is freed.

use crate::errors::*;
use crate::gil::GilCell;
use crate::modules::ndata::{self, NativeData, PCell};
use crate::object::{flags, ObjRef, Object};
use crate::types::exceptions::exc;
use crate::types::function::Kw;
use crate::types::module::{add_function, set_attr};
use crate::types::typeobj::{
    add_classmethod, add_getset, add_method, add_staticmethod, tdata, tflags,
};
use crate::types::{types, Payload};
use crate::value::Value;
use pyrite_compiler::bytecode::{BinOp, CmpOp};
use std::cell::Cell;
use std::collections::HashMap;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Ref,
    Proxy,
    CallableProxy,
}

pub struct WeakRef {
    referent: Cell<*const Object>,
    callback: PCell<Option<Value>>,
    hash: Cell<Option<i64>>,
    kind: Kind,
}

struct Entry {
    obj: *const Object,
    data: *const WeakRef,
}

static REGISTRY: GilCell<Option<HashMap<usize, Vec<Entry>>>> = GilCell::new(None);

fn registry() -> &'static mut HashMap<usize, Vec<Entry>> {
    REGISTRY.get().get_or_insert_with(HashMap::new)
}

impl NativeData for WeakRef {
    fn traverse(&self, f: &mut dyn FnMut(&Value)) {
        if let Some(c) = self.callback.get() {
            f(c);
        }
    }
    fn clear(&self) {
        drop(self.callback.take());
    }
}

impl Drop for WeakRef {
    fn drop(&mut self) {
        let p = self.referent.get();
        if p.is_null() {
            return;
        }
        let me = self as *const WeakRef;
        let reg = registry();
        if let Some(list) = reg.get_mut(&(p as usize)) {
            list.retain(|e| e.data != me);
            if list.is_empty() {
                reg.remove(&(p as usize));
            }
        }
    }
}

impl WeakRef {
    /// The referent if it is alive.
    pub fn get(&self) -> Option<Value> {
        let p = self.referent.get();
        if p.is_null() {
            return None;
        }
        Some(Value::Obj(unsafe { ObjRef::from_ptr(p) }))
    }
}

/// Called while `o` is being freed: clear its weak references, then run their
/// callbacks (most recently created first, as CPython does).
pub fn clear_weakrefs(o: &ObjRef) {
    crate::modules::collections::forget_object(o.addr());
    let Some(list) = registry().remove(&o.addr()) else {
        return;
    };
    let mut live: Vec<(ObjRef, Option<Value>)> = Vec::new();
    for e in &list {
        let wr = unsafe { &*e.data };
        wr.referent.set(std::ptr::null());
        // A weak reference whose own count already reached zero is being freed.
        let alive = unsafe { (*e.obj).refcnt_raw() } > 0;
        if alive {
            let cb = wr.callback.take();
            let r = unsafe { ObjRef::from_ptr(e.obj) };
            live.push((r, cb));
        }
    }
    for (r, cb) in live.into_iter().rev() {
        if let Some(cb) = cb {
            if let Err(e) = crate::ops::call::call(&cb, &[Value::Obj(r.clone())], None) {
                crate::gc::write_unraisable(&e, &cb);
            }
        }
    }
}

fn can_weakref(v: &Value) -> bool {
    let Value::Obj(o) = v else { return false };
    let cls = o.class_ref();
    let td = tdata(cls);
    if td.has(tflags::HEAPTYPE) {
        return td.has(tflags::HAS_WEAKREF);
    }
    match o.payload() {
        Payload::Type(_)
        | Payload::Function(_)
        | Payload::Builtin(_)
        | Payload::BoundMethod(_)
        | Payload::Set(_)
        | Payload::Generator(_)
        | Payload::Code(_)
        | Payload::Module(_)
        | Payload::MethodDescr(_)
        | Payload::Descr(_) => true,
        Payload::Instance(_) => !cls.is(&types().object) && td.has(tflags::HAS_WEAKREF),
        Payload::Misc(_) => ndata::is_native(v) && td.has(tflags::HAS_WEAKREF),
        Payload::Exception(_) => true,
        _ => false,
    }
}

fn register(referent: &ObjRef, obj: &Value) {
    let data = ndata::get::<WeakRef>(obj).unwrap() as *const WeakRef;
    referent.set_flag(flags::HAS_WEAKREFS);
    registry().entry(referent.addr()).or_default().push(Entry {
        obj: obj.as_obj().unwrap().as_ptr(),
        data,
    });
}

/// An existing weak reference of exact type `cls` without callback.
fn find_basic(referent: &ObjRef, cls: &ObjRef) -> Option<Value> {
    let list = registry().get(&referent.addr())?;
    for e in list {
        let o = unsafe { &*e.obj };
        let wr = unsafe { &*e.data };
        if o.refcnt_raw() > 0 && wr.callback.get().is_none() {
            let r = unsafe { ObjRef::from_ptr(e.obj) };
            if r.class_ref().is(cls) {
                return Some(Value::Obj(r));
            }
        }
    }
    None
}

fn make_ref(cls: &ObjRef, ob: &Value, callback: Option<Value>, kind: Kind) -> PyResult<Value> {
    if !can_weakref(ob) {
        return Err(type_error(format!(
            "cannot create weak reference to '{}' object",
            ob.type_name()
        )));
    }
    let referent = ob.as_obj().unwrap();
    let callback = callback.filter(|c| !c.is_none());
    if callback.is_none() {
        if let Some(r) = find_basic(referent, cls) {
            return Ok(r);
        }
    }
    let w = WeakRef {
        referent: Cell::new(referent.as_ptr()),
        callback: PCell::new(callback),
        hash: Cell::new(None),
        kind,
    };
    let v = ndata::new_native(cls, w);
    register(referent, &v);
    Ok(v)
}

fn wr(v: &Value) -> PyResult<&WeakRef> {
    ndata::this::<WeakRef>(v, "weakref.ReferenceType")
}

crate::native_type!(ref_type, || {
    let t = types().weakref.clone();
    unsafe {
        *tdata(&t).name.get() = "ReferenceType".into();
        *tdata(&t).qualname.get() = "ReferenceType".into();
    }
    tdata(&t)
        .flags
        .set(tdata(&t).flags.get() | tflags::BASETYPE | tflags::HAS_WEAKREF);
    tdata(&t)
        .dict()
        .set_str("__module__", Value::from("weakref"));
    add_staticmethod(&t, "__new__", |a, kw| {
        let cls = ndata::new_cls(a, &ref_type())?;
        let pos = ndata::positional(&a[1..], kw);
        // keyword arguments are accepted (and ignored) for subclasses' __init__
        if cls.is(&ref_type()) && ndata::nkw(kw) > 0 {
            return Err(type_error("ref() takes no keyword arguments"));
        }
        if pos.is_empty() || pos.len() > 2 {
            return Err(type_error(format!(
                "__new__ expected {} arguments, got {}",
                if pos.is_empty() {
                    "at least 1"
                } else {
                    "at most 2"
                },
                pos.len()
            )));
        }
        make_ref(&cls, &pos[0], pos.get(1).cloned(), Kind::Ref)
    });
    add_method(&t, "__init__", |_a, _| Ok(Value::None));
    add_method(&t, "__call__", |a, kw| {
        ndata::no_kw("weakref", kw)?;
        if a.len() > 1 {
            return Err(type_error(format!(
                "weakref() takes no arguments ({} given)",
                a.len() - 1
            )));
        }
        Ok(wr(ndata::arg(a, 0)?)?.get().unwrap_or(Value::None))
    });
    add_getset(
        &t,
        "__callback__",
        |v| Ok(wr(v)?.callback.cloned().unwrap_or(Value::None)),
        None,
    );
    add_method(&t, "__hash__", |a, _| {
        let w = wr(ndata::arg(a, 0)?)?;
        if let Some(h) = w.hash.get() {
            return Ok(Value::Int(h));
        }
        let Some(o) = w.get() else {
            return Err(type_error("weak object has gone away"));
        };
        let h = crate::ops::hash(&o)?;
        w.hash.set(Some(h));
        Ok(Value::Int(h))
    });
    add_method(&t, "__eq__", |a, _| {
        ref_cmp(ndata::arg(a, 0)?, ndata::arg(a, 1)?, CmpOp::Eq)
    });
    add_method(&t, "__ne__", |a, _| {
        ref_cmp(ndata::arg(a, 0)?, ndata::arg(a, 1)?, CmpOp::Ne)
    });
    add_method(&t, "__repr__", |a, _| {
        let w = wr(ndata::arg(a, 0)?)?;
        match w.get() {
            None => Ok(format!("<weakref at {:#x}; dead>", ndata::arg(a, 0)?.id()).into()),
            Some(o) => {
                let name = crate::ops::attr::getattr_opt(&o, "__name__").ok().flatten();
                let tn = o.type_name();
                match name
                    .as_ref()
                    .and_then(|n| crate::types::str::as_str(n).map(|s| s.to_string()))
                {
                    Some(n) => Ok(format!(
                        "<weakref at {:#x}; to '{}' at {:#x} ({})>",
                        ndata::arg(a, 0)?.id(),
                        tn,
                        o.id(),
                        n
                    )
                    .into()),
                    None => Ok(format!(
                        "<weakref at {:#x}; to '{}' at {:#x}>",
                        ndata::arg(a, 0)?.id(),
                        tn,
                        o.id()
                    )
                    .into()),
                }
            }
        }
    });
    add_classmethod(
        &t,
        "__class_getitem__",
        crate::types::misc::generic_alias_method,
    );
    ndata::finish_type(&t);
    t
});

fn ref_cmp(a: &Value, b: &Value, op: CmpOp) -> PyResult<Value> {
    let (Some(x), Some(y)) = (ndata::get::<WeakRef>(a), ndata::get::<WeakRef>(b)) else {
        return Ok(crate::types::misc::not_implemented());
    };
    if x.kind != Kind::Ref || y.kind != Kind::Ref {
        return Ok(crate::types::misc::not_implemented());
    }
    match (x.get(), y.get()) {
        (Some(p), Some(q)) => {
            let r = crate::ops::eq(&p, &q)?;
            Ok(Value::Bool(if op == CmpOp::Eq { r } else { !r }))
        }
        _ => {
            let same = a.is(b);
            Ok(Value::Bool(if op == CmpOp::Eq { same } else { !same }))
        }
    }
}

// ---------------------------------------------------------------------------
// proxies

fn referent(p: &Value) -> PyResult<Value> {
    let w = ndata::this::<WeakRef>(p, "weakproxy")?;
    w.get().ok_or_else(|| {
        PyErr::new(
            &exc().reference_error,
            "weakly-referenced object no longer exists",
        )
    })
}

/// Unwrap a proxy argument (operands of binary operators).
fn unwrap(v: &Value) -> PyResult<Value> {
    match ndata::get::<WeakRef>(v) {
        Some(w) if w.kind != Kind::Ref => w.get().ok_or_else(|| {
            PyErr::new(
                &exc().reference_error,
                "weakly-referenced object no longer exists",
            )
        }),
        _ => Ok(v.clone()),
    }
}

fn pbin(a: &[Value], op: BinOp) -> PyResult<Value> {
    let x = unwrap(ndata::arg(a, 0)?)?;
    let y = unwrap(a.get(1).unwrap_or(&Value::None))?;
    crate::ops::arith::binary_op(&x, &y, op)
}

fn prbin(a: &[Value], op: BinOp) -> PyResult<Value> {
    let x = unwrap(ndata::arg(a, 0)?)?;
    let y = unwrap(a.get(1).unwrap_or(&Value::None))?;
    crate::ops::arith::binary_op(&y, &x, op)
}

fn pinplace(a: &[Value], op: BinOp) -> PyResult<Value> {
    let x = unwrap(ndata::arg(a, 0)?)?;
    let y = unwrap(a.get(1).unwrap_or(&Value::None))?;
    let r = crate::ops::arith::binary_op(&x, &y, op)?;
    if r.is(&x) {
        return Ok(ndata::arg(a, 0)?.clone());
    }
    Ok(r)
}

fn pcmp(a: &[Value], op: CmpOp) -> PyResult<Value> {
    let x = unwrap(ndata::arg(a, 0)?)?;
    let y = unwrap(a.get(1).unwrap_or(&Value::None))?;
    crate::ops::compare(&x, &y, op)
}

fn init_proxy(t: &ObjRef) {
    add_method(t, "__getattribute__", |a, _| {
        let o = referent(ndata::arg(a, 0)?)?;
        crate::ops::attr::getattr_value(&o, ndata::arg(a, 1)?)
    });
    add_method(t, "__setattr__", |a, _| {
        let o = referent(ndata::arg(a, 0)?)?;
        crate::ops::attr::setattr_value(&o, ndata::arg(a, 1)?, Some(ndata::arg(a, 2)?.clone()))?;
        Ok(Value::None)
    });
    add_method(t, "__delattr__", |a, _| {
        let o = referent(ndata::arg(a, 0)?)?;
        crate::ops::attr::setattr_value(&o, ndata::arg(a, 1)?, None)?;
        Ok(Value::None)
    });
    add_method(t, "__repr__", |a, _| {
        let o = referent(ndata::arg(a, 0)?).ok();
        Ok(match o {
            Some(o) => format!(
                "<weakproxy at {:#x} to {} at {:#x}>",
                ndata::arg(a, 0)?.id(),
                o.type_name(),
                o.id()
            ),
            None => format!(
                "<weakproxy at {:#x} to NoneType at {:#x}>",
                ndata::arg(a, 0)?.id(),
                Value::None.id()
            ),
        }
        .into())
    });
    add_method(t, "__str__", |a, _| {
        crate::ops::str_value(&referent(ndata::arg(a, 0)?)?)
    });
    add_method(t, "__bool__", |a, _| {
        Ok(Value::Bool(crate::ops::truthy(&referent(ndata::arg(
            a, 0,
        )?)?)?))
    });
    add_method(t, "__len__", |a, _| {
        Ok(Value::Int(
            crate::ops::len(&referent(ndata::arg(a, 0)?)?)? as i64
        ))
    });
    add_method(t, "__getitem__", |a, _| {
        crate::ops::getitem(&referent(ndata::arg(a, 0)?)?, ndata::arg(a, 1)?)
    });
    add_method(t, "__setitem__", |a, _| {
        crate::ops::setitem(
            &referent(ndata::arg(a, 0)?)?,
            ndata::arg(a, 1)?.clone(),
            ndata::arg(a, 2)?.clone(),
        )?;
        Ok(Value::None)
    });
    add_method(t, "__delitem__", |a, _| {
        crate::ops::delitem(&referent(ndata::arg(a, 0)?)?, ndata::arg(a, 1)?)?;
        Ok(Value::None)
    });
    add_method(t, "__contains__", |a, _| {
        Ok(Value::Bool(crate::ops::contains(
            &referent(ndata::arg(a, 0)?)?,
            ndata::arg(a, 1)?,
        )?))
    });
    add_method(t, "__iter__", |a, _| {
        crate::ops::get_iter(&referent(ndata::arg(a, 0)?)?)
    });
    add_method(t, "__next__", |a, _| {
        let o = referent(ndata::arg(a, 0)?)?;
        match crate::ops::next(&o)? {
            Some(v) => Ok(v),
            None => Err(stop_iteration(Value::None)),
        }
    });
    add_method(t, "__neg__", |a, _| {
        crate::ops::arith::neg(&referent(ndata::arg(a, 0)?)?)
    });
    add_method(t, "__pos__", |a, _| {
        crate::ops::arith::pos(&referent(ndata::arg(a, 0)?)?)
    });
    add_method(t, "__abs__", |a, _| {
        crate::ops::arith::abs(&referent(ndata::arg(a, 0)?)?)
    });
    add_method(t, "__invert__", |a, _| {
        crate::ops::arith::invert(&referent(ndata::arg(a, 0)?)?)
    });
    add_method(t, "__int__", |a, _| {
        crate::types::int::int_from_value(&referent(ndata::arg(a, 0)?)?)
    });
    add_method(t, "__float__", |a, _| {
        Ok(Value::Float(crate::types::float::float_from_value(
            &referent(ndata::arg(a, 0)?)?,
        )?))
    });
    add_method(t, "__index__", |a, _| {
        crate::types::int::index_value(&referent(ndata::arg(a, 0)?)?)
    });
    add_method(t, "__bytes__", |a, _| {
        crate::ops::call::call(
            &Value::Obj(types().bytes.clone()),
            &[referent(ndata::arg(a, 0)?)?],
            None,
        )
    });
    add_method(t, "__reversed__", |a, _| {
        crate::ops::call::call(
            &Value::Obj(types().reversed.clone()),
            &[referent(ndata::arg(a, 0)?)?],
            None,
        )
    });
    add_method(t, "__hash__", |a, _| {
        Err(type_error(format!(
            "unhashable type: '{}'",
            tdata(ndata::arg(a, 0)?.class_ref()).name()
        )))
    });
    macro_rules! bin {
        ($n:literal, $rn:literal, $in:literal, $op:ident, $iop:ident) => {
            add_method(t, $n, |a, _| pbin(a, BinOp::$op));
            add_method(t, $rn, |a, _| prbin(a, BinOp::$op));
            add_method(t, $in, |a, _| pinplace(a, BinOp::$iop));
        };
    }
    bin!("__add__", "__radd__", "__iadd__", Add, InplaceAdd);
    bin!("__sub__", "__rsub__", "__isub__", Sub, InplaceSub);
    bin!("__mul__", "__rmul__", "__imul__", Mul, InplaceMul);
    bin!(
        "__matmul__",
        "__rmatmul__",
        "__imatmul__",
        MatMul,
        InplaceMatMul
    );
    bin!(
        "__truediv__",
        "__rtruediv__",
        "__itruediv__",
        TrueDiv,
        InplaceTrueDiv
    );
    bin!(
        "__floordiv__",
        "__rfloordiv__",
        "__ifloordiv__",
        FloorDiv,
        InplaceFloorDiv
    );
    bin!("__mod__", "__rmod__", "__imod__", Mod, InplaceMod);
    bin!("__pow__", "__rpow__", "__ipow__", Pow, InplacePow);
    bin!(
        "__lshift__",
        "__rlshift__",
        "__ilshift__",
        LShift,
        InplaceLShift
    );
    bin!(
        "__rshift__",
        "__rrshift__",
        "__irshift__",
        RShift,
        InplaceRShift
    );
    bin!("__and__", "__rand__", "__iand__", And, InplaceAnd);
    bin!("__or__", "__ror__", "__ior__", Or, InplaceOr);
    bin!("__xor__", "__rxor__", "__ixor__", Xor, InplaceXor);
    add_method(t, "__divmod__", |a, _| {
        crate::types::int::divmod(&unwrap(ndata::arg(a, 0)?)?, &unwrap(ndata::arg(a, 1)?)?)
    });
    add_method(t, "__lt__", |a, _| pcmp(a, CmpOp::Lt));
    add_method(t, "__le__", |a, _| pcmp(a, CmpOp::Le));
    add_method(t, "__eq__", |a, _| pcmp(a, CmpOp::Eq));
    add_method(t, "__ne__", |a, _| pcmp(a, CmpOp::Ne));
    add_method(t, "__gt__", |a, _| pcmp(a, CmpOp::Gt));
    add_method(t, "__ge__", |a, _| pcmp(a, CmpOp::Ge));
}

crate::native_type!(proxy_type, || {
    let t = ndata::new_type("ProxyType", "weakref", None, false);
    init_proxy(&t);
    ndata::finish_type(&t);
    t
});

crate::native_type!(callable_proxy_type, || {
    let t = ndata::new_type("CallableProxyType", "weakref", None, false);
    init_proxy(&t);
    add_method(&t, "__call__", |a, kw| {
        let o = referent(ndata::arg(a, 0)?)?;
        crate::ops::call::call(&o, &a[1..], kw)
    });
    ndata::finish_type(&t);
    t
});

fn proxy(a: &[Value], kw: Kw) -> PyResult<Value> {
    ndata::no_kw("proxy", kw)?;
    check_args("proxy", a, 1, 2)?;
    let callable = crate::builtins::is_callable(ndata::arg(a, 0)?);
    let (cls, kind) = if callable {
        (callable_proxy_type(), Kind::CallableProxy)
    } else {
        (proxy_type(), Kind::Proxy)
    };
    make_ref(&cls, ndata::arg(a, 0)?, a.get(1).cloned(), kind)
}

fn refs_of(v: &Value) -> Vec<Value> {
    let Value::Obj(o) = v else { return vec![] };
    let Some(list) = registry().get(&o.addr()) else {
        return vec![];
    };
    list.iter()
        .filter(|e| unsafe { (*e.obj).refcnt_raw() } > 0)
        .map(|e| Value::Obj(unsafe { ObjRef::from_ptr(e.obj) }))
        .collect()
}

/// Number of live weak references to `v`.
pub fn weakref_count(v: &Value) -> usize {
    refs_of(v).len()
}

pub fn init(m: &ObjRef) -> PyResult<()> {
    let r = ref_type();
    set_attr(m, "ref", Value::Obj(r.clone()));
    set_attr(m, "ReferenceType", Value::Obj(r));
    set_attr(m, "ProxyType", Value::Obj(proxy_type()));
    set_attr(m, "CallableProxyType", Value::Obj(callable_proxy_type()));
    add_function(m, "proxy", proxy);
    add_function(m, "getweakrefcount", |a, _| {
        check_args("getweakrefcount", a, 1, 1)?;
        Ok(Value::Int(refs_of(ndata::arg(a, 0)?).len() as i64))
    });
    add_function(m, "getweakrefs", |a, _| {
        check_args("getweakrefs", a, 1, 1)?;
        Ok(crate::types::list::new_list(refs_of(ndata::arg(a, 0)?)))
    });
    add_function(m, "_remove_dead_weakref", |a, _| {
        check_args("_remove_dead_weakref", a, 2, 2)?;
        let d = crate::types::dict::as_dict(ndata::arg(a, 0)?)
            .ok_or_else(|| type_error("_remove_dead_weakref() argument 1 must be dict"))?;
        if let Some(v) = d.get_item(ndata::arg(a, 1)?)? {
            if let Some(w) = ndata::get::<WeakRef>(&v) {
                if w.get().is_none() {
                    d.del_item(ndata::arg(a, 1)?)?;
                }
            }
        }
        Ok(Value::None)
    });
    Ok(())
}
