//! `_functools`: `reduce`, `cmp_to_key`, `partial` and `_lru_cache_wrapper`.

use crate::errors::*;
use crate::modules::ndata::{self, NativeData, PCell};
use crate::object::ObjRef;
use crate::types::function::Kw;
use crate::types::module::{add_function, set_attr};
use crate::types::typeobj::{
    add_classmethod, add_getset, add_method, add_staticmethod, tdata, tflags,
};
use crate::types::{types, Payload};
use crate::value::Value;
use pyrite_compiler::bytecode::CmpOp;
use std::cell::Cell;

// ---------------------------------------------------------------------------
// reduce

fn reduce(a: &[Value], kw: Kw) -> PyResult<Value> {
    ndata::no_kw("reduce", kw)?;
    if a.len() < 2 || a.len() > 3 {
        return Err(type_error(format!(
            "reduce expected {} arguments, got {}",
            if a.len() < 2 {
                "at least 2"
            } else {
                "at most 3"
            },
            a.len()
        )));
    }
    let it = crate::ops::get_iter(ndata::arg(a, 1)?).map_err(|e| {
        if e.matches(&crate::types::exceptions::exc().type_error) {
            type_error("reduce() arg 2 must support iteration")
        } else {
            e
        }
    })?;
    let mut acc = a.get(2).cloned();
    while let Some(x) = crate::ops::next(&it)? {
        acc = Some(match acc {
            None => x,
            Some(v) => crate::ops::call::call(ndata::arg(a, 0)?, &[v, x], None)?,
        });
    }
    acc.ok_or_else(|| type_error("reduce() of empty iterable with no initial value"))
}

// ---------------------------------------------------------------------------
// cmp_to_key

struct KeyWrapper {
    cmp: Value,
    obj: Value,
}
impl NativeData for KeyWrapper {
    fn traverse(&self, f: &mut dyn FnMut(&Value)) {
        f(&self.cmp);
        f(&self.obj);
    }
}

fn kw_cmp(a: &[Value], op: CmpOp) -> PyResult<Value> {
    let x = ndata::this::<KeyWrapper>(ndata::arg(a, 0)?, "functools.KeyWrapper")?;
    let Some(y) = a.get(1).and_then(ndata::get::<KeyWrapper>) else {
        return Err(type_error("other argument must be K instance"));
    };
    let r = crate::ops::call::call(&x.cmp, &[x.obj.clone(), y.obj.clone()], None)?;
    crate::ops::compare(&r, &Value::Int(0), op)
}

crate::native_type!(keywrapper_type, || {
    let t = ndata::new_type("KeyWrapper", "functools", None, false);
    add_method(&t, "__call__", |a, kw| {
        let p = crate::args::parse("K", &a[1..], kw, &["obj"], 1)?;
        let k = ndata::this::<KeyWrapper>(ndata::arg(a, 0)?, "functools.KeyWrapper")?;
        Ok(ndata::new_native(
            &keywrapper_type(),
            KeyWrapper {
                cmp: k.cmp.clone(),
                obj: p[0].clone().unwrap(),
            },
        ))
    });
    add_getset(
        &t,
        "obj",
        |v| {
            Ok(ndata::this::<KeyWrapper>(v, "functools.KeyWrapper")?
                .obj
                .clone())
        },
        None,
    );
    add_method(&t, "__lt__", |a, _| kw_cmp(a, CmpOp::Lt));
    add_method(&t, "__le__", |a, _| kw_cmp(a, CmpOp::Le));
    add_method(&t, "__eq__", |a, _| kw_cmp(a, CmpOp::Eq));
    add_method(&t, "__ne__", |a, _| kw_cmp(a, CmpOp::Ne));
    add_method(&t, "__gt__", |a, _| kw_cmp(a, CmpOp::Gt));
    add_method(&t, "__ge__", |a, _| kw_cmp(a, CmpOp::Ge));
    crate::types::typeobj::set_attr_str(&t, "__hash__", Value::None);
    ndata::finish_type(&t);
    t
});

fn cmp_to_key(a: &[Value], kw: Kw) -> PyResult<Value> {
    let p = crate::args::parse("cmp_to_key", a, kw, &["mycmp"], 1)?;
    let cmp = p[0].clone().unwrap();
    // the returned object is itself a KeyWrapper: calling it wraps an object
    Ok(ndata::new_native(
        &keywrapper_type(),
        KeyWrapper {
            cmp,
            obj: Value::None,
        },
    ))
}

// ---------------------------------------------------------------------------
// partial

pub struct Partial {
    func: PCell<Value>,
    args: PCell<Value>,     // tuple
    keywords: PCell<Value>, // dict
}
impl NativeData for Partial {
    fn traverse(&self, f: &mut dyn FnMut(&Value)) {
        f(self.func.get());
        f(self.args.get());
        f(self.keywords.get());
    }
    fn clear(&self) {
        *self.func.get() = Value::None;
        *self.args.get() = crate::types::tuple::new_tuple(vec![]);
        *self.keywords.get() = Value::None;
    }
}

fn pt(v: &Value) -> PyResult<&Partial> {
    ndata::this::<Partial>(v, "functools.partial")
}

fn partial_new(a: &[Value], kw: Kw) -> PyResult<Value> {
    let cls = ndata::new_cls(a, &partial_type())?;
    let pos = ndata::positional(&a[1..], kw);
    if pos.is_empty() {
        return Err(type_error("type 'partial' takes at least one argument"));
    }
    let mut func = pos[0].clone();
    if !crate::builtins::is_callable(&func) {
        return Err(type_error("the first argument must be callable"));
    }
    let mut args: Vec<Value> = Vec::new();
    let kwd = crate::types::dict::new_dict();
    let kd = crate::types::dict::as_dict(&kwd).unwrap();
    // flatten nested partials of the exact type
    if cls.is(&partial_type()) && func.class_ref().is(&partial_type()) {
        if let Some(inner) = ndata::get::<Partial>(&func) {
            let no_dict = func
                .as_obj()
                .and_then(|o| o.dict())
                .map_or(true, |d| crate::types::dict::obj_dict(&d).is_empty());
            if no_dict {
                args.extend(
                    crate::types::tuple::as_tuple(inner.args.get())
                        .unwrap_or(&[])
                        .iter()
                        .cloned(),
                );
                if let Some(d) = crate::types::dict::as_dict(inner.keywords.get()) {
                    for (k, v) in d.items() {
                        kd.set_item(k, v)?;
                    }
                }
                let f = inner.func.cloned();
                func = f;
            }
        }
    }
    args.extend(pos[1..].iter().cloned());
    for (k, v) in ndata::kwpairs(&a[1..], kw) {
        kd.set_item(Value::from(k.as_str()), v)?;
    }
    Ok(ndata::new_native(
        &cls,
        Partial {
            func: PCell::new(func),
            args: PCell::new(crate::types::tuple::new_tuple(args)),
            keywords: PCell::new(kwd),
        },
    ))
}

fn partial_call(a: &[Value], kw: Kw) -> PyResult<Value> {
    let p = pt(ndata::arg(a, 0)?)?;
    let func = p.func.cloned();
    let pargs = p.args.cloned();
    let pkw = p.keywords.cloned();
    let mut args: Vec<Value> = crate::types::tuple::as_tuple(&pargs)
        .unwrap_or(&[])
        .to_vec();
    let call_pos = ndata::positional(&a[1..], kw);
    args.extend(call_pos.iter().cloned());
    let mut names: Vec<Value> = Vec::new();
    let mut vals: Vec<Value> = Vec::new();
    if let Some(d) = crate::types::dict::as_dict(&pkw) {
        for (k, v) in d.items() {
            names.push(k);
            vals.push(v);
        }
    }
    for (k, v) in ndata::kwpairs(&a[1..], kw) {
        match names
            .iter()
            .position(|n| crate::types::str::as_str(n) == Some(k.as_str()))
        {
            Some(i) => vals[i] = v,
            None => {
                names.push(Value::from(k.as_str()));
                vals.push(v);
            }
        }
    }
    args.extend(vals);
    crate::ops::call::call(
        &func,
        &args,
        if names.is_empty() { None } else { Some(&names) },
    )
}

fn partial_repr(a: &[Value], _kw: Kw) -> PyResult<Value> {
    let p = pt(ndata::arg(a, 0)?)?;
    let cls = ndata::arg(a, 0)?.class();
    let name = if cls.is(&partial_type()) {
        "functools.partial".to_string()
    } else {
        tdata(&cls).name().to_string()
    };
    let Some(_g) = crate::ops::repr_guard(ndata::arg(a, 0)?) else {
        return Ok("...".into());
    };
    let mut parts = vec![crate::ops::repr(&p.func.cloned())?];
    for x in crate::types::tuple::as_tuple(&p.args.cloned())
        .unwrap_or(&[])
        .to_vec()
    {
        parts.push(crate::ops::repr(&x)?);
    }
    if let Some(d) = crate::types::dict::as_dict(&p.keywords.cloned()) {
        for (k, v) in d.items() {
            parts.push(format!(
                "{}={}",
                crate::ops::to_str(&k)?,
                crate::ops::repr(&v)?
            ));
        }
    }
    Ok(format!("{}({})", name, parts.join(", ")).into())
}

crate::native_type!(partial_type, || {
    let t = ndata::new_type("partial", "functools", None, true);
    let td = tdata(&t);
    td.flags.set(td.flags.get() | tflags::HAS_DICT);
    add_staticmethod(&t, "__new__", partial_new);
    add_method(&t, "__call__", partial_call);
    ndata::add_reduce_ex(&t);
    add_method(&t, "__repr__", partial_repr);
    add_getset(&t, "func", |v| Ok(pt(v)?.func.cloned()), None);
    add_getset(&t, "args", |v| Ok(pt(v)?.args.cloned()), None);
    add_getset(&t, "keywords", |v| Ok(pt(v)?.keywords.cloned()), None);
    add_method(&t, "__reduce__", |a, _| {
        let p = pt(ndata::arg(a, 0)?)?;
        let d = match ndata::arg(a, 0)?.as_obj().and_then(|o| o.dict()) {
            Some(d) if !crate::types::dict::obj_dict(&d).is_empty() => Value::Obj(d),
            _ => Value::None,
        };
        Ok(crate::types::tuple::new_tuple(vec![
            Value::Obj(ndata::arg(a, 0)?.class()),
            crate::types::tuple::new_tuple(vec![p.func.cloned()]),
            crate::types::tuple::new_tuple(vec![
                p.func.cloned(),
                p.args.cloned(),
                p.keywords.cloned(),
                d,
            ]),
        ]))
    });
    add_method(&t, "__setstate__", |a, _| {
        let p = pt(ndata::arg(a, 0)?)?;
        let st = a.get(1).cloned().unwrap_or(Value::None);
        let items = crate::types::tuple::as_tuple(&st)
            .ok_or_else(|| type_error("argument to __setstate__ must be a tuple"))?;
        if items.len() != 4 {
            return Err(type_error(format!(
                "expected 4 items in state, got {}",
                items.len()
            )));
        }
        if !crate::builtins::is_callable(&items[0])
            || crate::types::tuple::as_tuple(&items[1]).is_none()
        {
            return Err(type_error("invalid partial state"));
        }
        *p.func.get() = items[0].clone();
        *p.args.get() = crate::types::tuple::new_tuple(
            crate::types::tuple::as_tuple(&items[1])
                .unwrap_or(&[])
                .to_vec(),
        );
        *p.keywords.get() = if items[2].is_none() {
            crate::types::dict::new_dict()
        } else {
            items[2].clone()
        };
        if let Value::Obj(o) = ndata::arg(a, 0)? {
            if items[3].is_none() {
                o.set_dict(None);
            } else if let Some(d) = items[3].as_obj() {
                o.set_dict(Some(d.clone()));
            }
        }
        Ok(Value::None)
    });
    add_classmethod(
        &t,
        "__class_getitem__",
        crate::types::misc::generic_alias_method,
    );
    ndata::finish_type(&t);
    t
});

// ---------------------------------------------------------------------------
// _lru_cache_wrapper

struct Lru {
    func: Value,
    cache: Value, // dict
    maxsize: Option<usize>,
    typed: bool,
    info_type: Value,
    hits: Cell<u64>,
    misses: Cell<u64>,
    kwd_mark: Value,
}
impl NativeData for Lru {
    fn traverse(&self, f: &mut dyn FnMut(&Value)) {
        f(&self.func);
        f(&self.cache);
        f(&self.info_type);
        f(&self.kwd_mark);
    }
    fn clear(&self) {
        if let Some(d) = crate::types::dict::as_dict(&self.cache) {
            drop(d.take_all());
        }
    }
}

fn lru(v: &Value) -> PyResult<&Lru> {
    ndata::this::<Lru>(v, "functools._lru_cache_wrapper")
}

fn make_key(l: &Lru, args: &[Value], kw: Kw) -> Value {
    let pos = ndata::positional(args, kw);
    let kws = ndata::kwpairs(args, kw);
    if kws.is_empty() && !l.typed && pos.len() == 1 {
        let c = pos[0].class_ref();
        if c.is(&types().int) || c.is(&types().str) {
            return pos[0].clone();
        }
    }
    let mut key: Vec<Value> = pos.to_vec();
    if !kws.is_empty() {
        key.push(l.kwd_mark.clone());
        for (k, v) in &kws {
            key.push(Value::from(k.as_str()));
            key.push(v.clone());
        }
    }
    if l.typed {
        for v in pos {
            key.push(Value::Obj(v.class()));
        }
        for (_, v) in &kws {
            key.push(Value::Obj(v.class()));
        }
    }
    crate::types::tuple::new_tuple(key)
}

fn lru_call(a: &[Value], kw: Kw) -> PyResult<Value> {
    let l = lru(ndata::arg(a, 0)?)?;
    let args = &a[1..];
    if l.maxsize == Some(0) {
        l.misses.set(l.misses.get() + 1);
        return crate::ops::call::call(&l.func, args, kw);
    }
    let key = make_key(l, args, kw);
    let h = crate::ops::hash(&key)?;
    let d = crate::types::dict::as_dict(&l.cache)
        .ok_or_else(|| runtime_error("lru cache lost its dict"))?;
    if let Some(v) = d.get_item_hashed(&key, h)? {
        l.hits.set(l.hits.get() + 1);
        if l.maxsize.is_some() {
            // move to the most recently used end
            if let Some(old) = d.del_item_hashed(&key, h)? {
                d.set_item_hashed(key, h, old)?;
            }
        }
        return Ok(v);
    }
    l.misses.set(l.misses.get() + 1);
    let result = crate::ops::call::call(&l.func, args, kw)?;
    if d.get_item_hashed(&key, h)?.is_some() {
        // a recursive call already cached it
        return Ok(result);
    }
    if let Some(max) = l.maxsize {
        while d.len() >= max {
            match d.next_entry(0) {
                Some((_, k, _)) => {
                    d.del_item(&k)?;
                }
                None => break,
            }
        }
    }
    d.set_item_hashed(key, h, result.clone())?;
    Ok(result)
}

crate::native_type!(lru_type, || {
    let t = ndata::new_type("_lru_cache_wrapper", "functools", None, false);
    let td = tdata(&t);
    td.flags.set(td.flags.get() | tflags::HAS_DICT);
    add_staticmethod(&t, "__new__", |a, kw| {
        let p = crate::args::parse(
            "_lru_cache_wrapper",
            &a[1..],
            kw,
            &["user_function", "maxsize", "typed", "cache_info_type"],
            4,
        )?;
        let func = p[0].clone().unwrap();
        if !crate::builtins::is_callable(&func) {
            return Err(type_error("the first argument must be callable"));
        }
        let ms = p[1].clone().unwrap();
        let maxsize = if ms.is_none() {
            None
        } else {
            let n = crate::types::int::index_clamped(&ms)
                .map_err(|_| type_error("maxsize should be integer or None"))?;
            Some(n.max(0) as usize)
        };
        let typed = crate::ops::truthy(p[2].as_ref().unwrap())?;
        let mark = Value::Obj(ObjRef::new(
            &types().object,
            Payload::Instance(crate::types::Slots::empty()),
        ));
        Ok(ndata::new_native(
            &lru_type(),
            Lru {
                func,
                cache: crate::types::dict::new_dict(),
                maxsize,
                typed,
                info_type: p[3].clone().unwrap(),
                hits: Cell::new(0),
                misses: Cell::new(0),
                kwd_mark: mark,
            },
        ))
    });
    add_method(&t, "__call__", lru_call);
    add_method(&t, "cache_info", |a, _| {
        let l = lru(ndata::arg(a, 0)?)?;
        let cur = crate::types::dict::as_dict(&l.cache).map_or(0, |d| d.len());
        let ms = l
            .maxsize
            .map(|m| Value::Int(m as i64))
            .unwrap_or(Value::None);
        crate::ops::call::call(
            &l.info_type,
            &[
                Value::Int(l.hits.get() as i64),
                Value::Int(l.misses.get() as i64),
                ms,
                Value::Int(cur as i64),
            ],
            None,
        )
    });
    add_method(&t, "cache_clear", |a, _| {
        let l = lru(ndata::arg(a, 0)?)?;
        if let Some(d) = crate::types::dict::as_dict(&l.cache) {
            drop(d.take_all());
        }
        l.hits.set(0);
        l.misses.set(0);
        Ok(Value::None)
    });
    add_method(&t, "__get__", |a, _| {
        let inst = a.get(1).cloned().unwrap_or(Value::None);
        if inst.is_none() {
            return Ok(ndata::arg(a, 0)?.clone());
        }
        Ok(crate::types::function::new_bound_method(
            ndata::arg(a, 0)?.clone(),
            inst,
        ))
    });
    add_method(&t, "__copy__", |a, _| Ok(ndata::arg(a, 0)?.clone()));
    add_method(&t, "__deepcopy__", |a, _| Ok(ndata::arg(a, 0)?.clone()));
    add_method(&t, "__reduce__", |a, _| {
        crate::ops::attr::getattr(ndata::arg(a, 0)?, "__qualname__")
    });
    ndata::finish_type(&t);
    t
});

pub fn init(m: &ObjRef) -> PyResult<()> {
    add_function(m, "reduce", reduce);
    add_function(m, "cmp_to_key", cmp_to_key);
    set_attr(m, "partial", Value::Obj(partial_type()));
    set_attr(m, "KeyWrapper", Value::Obj(keywrapper_type()));
    set_attr(m, "_lru_cache_wrapper", Value::Obj(lru_type()));
    Ok(())
}
