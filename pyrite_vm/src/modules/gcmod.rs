//! The `gc` module: the cycle collector of `gc.rs` seen from Python.

use crate::errors::*;
use crate::object::ObjRef;
use crate::types::function::Kw;
use crate::types::module::{add_function, set_attr};
use crate::value::Value;

static THRESHOLDS: crate::gil::GilCell<(i64, i64, i64)> = crate::gil::GilCell::new((700, 10, 10));
static STATS: crate::gil::GilCell<(i64, i64)> = crate::gil::GilCell::new((0, 0));

fn module_attr(name: &str) -> Value {
    crate::modules::sys::get_module("gc")
        .and_then(|m| {
            m.as_obj()
                .and_then(|o| crate::types::module::get_attr(o, name))
        })
        .unwrap_or(Value::None)
}

fn run_callbacks(phase: &str, generation: i64, collected: i64, uncollectable: i64) -> PyResult<()> {
    let cbs = module_attr("callbacks");
    if cbs.is_none() {
        return Ok(());
    }
    let items = crate::ops::iterate(&cbs)?;
    if items.is_empty() {
        return Ok(());
    }
    let info = crate::types::dict::new_dict();
    let d = crate::types::dict::as_dict(&info).unwrap();
    d.set_str("generation", Value::Int(generation));
    d.set_str("collected", Value::Int(collected));
    d.set_str("uncollectable", Value::Int(uncollectable));
    for cb in items {
        if let Err(e) = crate::ops::call::call(&cb, &[Value::from(phase), info.clone()], None) {
            crate::gc::write_unraisable(&e, &cb);
        }
    }
    Ok(())
}

fn collect(a: &[Value], kw: Kw) -> PyResult<Value> {
    let p = crate::args::parse("collect", a, kw, &["generation"], 0)?;
    let generation = match &p[0] {
        Some(v) => crate::types::int::index_i64(v)?,
        None => 2,
    };
    if !(0..=2).contains(&generation) {
        return Err(value_error("invalid generation"));
    }
    run_callbacks("start", generation, 0, 0)?;
    let n = crate::gc::collect() as i64;
    let st = STATS.get();
    st.0 += 1;
    st.1 += n;
    run_callbacks("stop", generation, n, 0)?;
    Ok(Value::Int(n))
}

fn referents(o: &Value) -> Vec<Value> {
    let mut out = Vec::new();
    if let Value::Obj(r) = o {
        // as in CPython, an instance refers to its class only when the class is a
        // heap type (defined by a class statement)
        let cls = r.class();
        let static_type =
            !crate::types::typeobj::tdata(&cls).has(crate::types::typeobj::tflags::HEAPTYPE);
        crate::gc::traverse(r, &mut |v| {
            if let Value::Obj(x) = v {
                if static_type && x.is(&cls) {
                    return;
                }
                out.push(v.clone());
            }
        });
    }
    out
}

pub fn init(m: &ObjRef) -> PyResult<()> {
    add_function(m, "enable", |_a, _| {
        crate::gc::set_enabled(true);
        Ok(Value::None)
    });
    add_function(m, "disable", |_a, _| {
        crate::gc::set_enabled(false);
        Ok(Value::None)
    });
    add_function(m, "isenabled", |_a, _| {
        Ok(Value::Bool(crate::gc::is_enabled()))
    });
    add_function(m, "collect", collect);
    add_function(m, "get_count", |_a, _| {
        Ok(crate::types::tuple::new_tuple(vec![
            Value::Int(crate::gc::allocations_since_collect() as i64),
            Value::Int(0),
            Value::Int(0),
        ]))
    });
    add_function(m, "get_threshold", |_a, _| {
        let t = *THRESHOLDS.get();
        Ok(crate::types::tuple::new_tuple(vec![
            Value::Int(t.0),
            Value::Int(t.1),
            Value::Int(t.2),
        ]))
    });
    add_function(m, "set_threshold", |a, kw| {
        let p = crate::args::parse(
            "set_threshold",
            a,
            kw,
            &["threshold0", "threshold1", "threshold2"],
            1,
        )?;
        let t = THRESHOLDS.get();
        t.0 = crate::types::int::index_i64(p[0].as_ref().unwrap())?;
        if let Some(v) = &p[1] {
            t.1 = crate::types::int::index_i64(v)?;
        }
        if let Some(v) = &p[2] {
            t.2 = crate::types::int::index_i64(v)?;
        }
        Ok(Value::None)
    });
    add_function(m, "is_tracked", |a, kw| {
        let p = crate::args::parse("is_tracked", a, kw, &["obj"], 1)?;
        Ok(Value::Bool(match p[0].as_ref().unwrap() {
            Value::Obj(o) => crate::gc::is_tracked(o),
            _ => false,
        }))
    });
    add_function(m, "is_finalized", |a, kw| {
        let p = crate::args::parse("is_finalized", a, kw, &["obj"], 1)?;
        Ok(Value::Bool(match p[0].as_ref().unwrap() {
            Value::Obj(o) => o.obj().flags.get() & crate::object::flags::FINALIZED != 0,
            _ => false,
        }))
    });
    add_function(m, "get_objects", |a, kw| {
        let p = crate::args::parse("get_objects", a, kw, &["generation"], 0)?;
        if let Some(g) = p[0].as_ref().filter(|v| !v.is_none()) {
            let g = crate::types::int::index_i64(g)?;
            if !(0..=2).contains(&g) {
                return Err(value_error(format!("generation parameter must be less than the number of available generations (3)")));
            }
        }
        Ok(crate::types::list::new_list(
            crate::gc::tracked_objects()
                .into_iter()
                .map(Value::Obj)
                .collect(),
        ))
    });
    add_function(m, "get_referents", |a, _kw| {
        let mut out = Vec::new();
        for o in a {
            out.extend(referents(o));
        }
        Ok(crate::types::list::new_list(out))
    });
    add_function(m, "get_referrers", |a, _kw| {
        let mut out = Vec::new();
        for candidate in crate::gc::tracked_objects() {
            let cv = Value::Obj(candidate.clone());
            if referents(&cv).iter().any(|r| a.iter().any(|t| r.is(t))) {
                out.push(cv);
            }
        }
        Ok(crate::types::list::new_list(out))
    });
    add_function(m, "get_stats", |_a, _| {
        let (collections, collected) = *STATS.get();
        let mut gens = Vec::new();
        for g in 0..3 {
            let d = crate::types::dict::new_dict();
            let dd = crate::types::dict::as_dict(&d).unwrap();
            dd.set_str(
                "collections",
                Value::Int(if g == 2 { collections } else { 0 }),
            );
            dd.set_str("collected", Value::Int(if g == 2 { collected } else { 0 }));
            dd.set_str("uncollectable", Value::Int(0));
            gens.push(d);
        }
        Ok(crate::types::list::new_list(gens))
    });
    add_function(m, "freeze", |_a, _| Ok(Value::None));
    add_function(m, "unfreeze", |_a, _| Ok(Value::None));
    add_function(m, "get_freeze_count", |_a, _| Ok(Value::Int(0)));
    add_function(m, "get_debug", |_a, _| Ok(Value::Int(0)));
    add_function(m, "set_debug", |a, kw| {
        crate::args::parse("set_debug", a, kw, &["flags"], 1)?;
        Ok(Value::None)
    });
    set_attr(m, "garbage", crate::types::list::new_list(vec![]));
    set_attr(m, "callbacks", crate::types::list::new_list(vec![]));
    for (n, v) in [
        ("DEBUG_STATS", 1),
        ("DEBUG_COLLECTABLE", 2),
        ("DEBUG_UNCOLLECTABLE", 4),
        ("DEBUG_SAVEALL", 32),
        ("DEBUG_LEAK", 38),
    ] {
        set_attr(m, n, Value::Int(v));
    }
    Ok(())
}
