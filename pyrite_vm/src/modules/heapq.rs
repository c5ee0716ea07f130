//! `_heapq`: heap queue primitives on lists (CPython's sift algorithms and errors).

use crate::errors::*;
use crate::modules::ndata;
use crate::object::ObjRef;
use crate::types::function::Kw;
use crate::types::module::{add_function, set_attr};
use crate::value::Value;

fn heap_list(v: &Value) -> PyResult<&crate::types::list::PyList> {
    crate::types::list::as_list(v).ok_or_else(|| type_error("heap argument must be a list"))
}

fn item(l: &crate::types::list::PyList, i: usize) -> PyResult<Value> {
    l.get(i)
        .ok_or_else(|| runtime_error("list changed size during iteration"))
}

fn less(a: &Value, b: &Value, max: bool) -> PyResult<bool> {
    if max {
        crate::ops::lt(b, a)
    } else {
        crate::ops::lt(a, b)
    }
}

fn set(l: &crate::types::list::PyList, i: usize, v: Value) -> PyResult<()> {
    let vec = l.vec();
    match vec.get_mut(i) {
        Some(slot) => {
            let old = std::mem::replace(slot, v);
            drop(old);
            Ok(())
        }
        None => Err(runtime_error("list changed size during iteration")),
    }
}

fn siftdown(
    l: &crate::types::list::PyList,
    startpos: usize,
    mut pos: usize,
    max: bool,
) -> PyResult<()> {
    let size = l.len();
    let newitem = item(l, pos)?;
    while pos > startpos {
        let parentpos = (pos - 1) >> 1;
        let parent = item(l, parentpos)?;
        let c = less(&newitem, &parent, max)?;
        if size != l.len() {
            return Err(runtime_error("list changed size during iteration"));
        }
        if !c {
            break;
        }
        set(l, pos, parent)?;
        pos = parentpos;
    }
    set(l, pos, newitem)
}

fn siftup(l: &crate::types::list::PyList, mut pos: usize, max: bool) -> PyResult<()> {
    let endpos = l.len();
    let startpos = pos;
    let newitem = item(l, pos)?;
    let mut childpos = 2 * pos + 1;
    while childpos < endpos {
        let rightpos = childpos + 1;
        if rightpos < endpos {
            let a = item(l, childpos)?;
            let b = item(l, rightpos)?;
            let c = less(&a, &b, max)?;
            if endpos != l.len() {
                return Err(runtime_error("list changed size during iteration"));
            }
            if !c {
                childpos = rightpos;
            }
        }
        let child = item(l, childpos)?;
        set(l, pos, child)?;
        pos = childpos;
        childpos = 2 * pos + 1;
    }
    set(l, pos, newitem)?;
    siftdown(l, startpos, pos, max)
}

fn args2<'a>(name: &str, a: &'a [Value], kw: Kw) -> PyResult<(&'a Value, &'a Value)> {
    crate::modules::ndata::no_kw(name, kw)?;
    if a.len() != 2 {
        return Err(type_error(format!(
            "{} expected 2 arguments, got {}",
            name,
            a.len()
        )));
    }
    Ok((ndata::arg(a, 0)?, ndata::arg(a, 1)?))
}

fn args1<'a>(name: &str, a: &'a [Value], kw: Kw) -> PyResult<&'a Value> {
    crate::modules::ndata::no_kw(name, kw)?;
    if a.len() != 1 {
        return Err(type_error(format!(
            "{}() takes exactly one argument ({} given)",
            name,
            a.len()
        )));
    }
    Ok(ndata::arg(a, 0)?)
}

fn heappop_impl(h: &Value, max: bool) -> PyResult<Value> {
    let l = heap_list(h)?;
    let last = l
        .vec()
        .pop()
        .ok_or_else(|| index_error("index out of range"))?;
    if l.is_empty() {
        return Ok(last);
    }
    let ret = item(l, 0)?;
    set(l, 0, last)?;
    siftup(l, 0, max)?;
    Ok(ret)
}

fn heapreplace_impl(h: &Value, x: &Value, max: bool) -> PyResult<Value> {
    let l = heap_list(h)?;
    if l.is_empty() {
        return Err(index_error("index out of range"));
    }
    let ret = item(l, 0)?;
    set(l, 0, x.clone())?;
    siftup(l, 0, max)?;
    Ok(ret)
}

fn heapify_impl(h: &Value, max: bool) -> PyResult<Value> {
    let l = heap_list(h)?;
    let n = l.len();
    for i in (0..n / 2).rev() {
        siftup(l, i, max)?;
    }
    Ok(Value::None)
}

pub fn init(m: &ObjRef) -> PyResult<()> {
    set_attr(m, "__about__", Value::from("Heap queues"));
    add_function(m, "heappush", |a, kw| {
        let (h, x) = args2("heappush", a, kw)?;
        let l = heap_list(h)?;
        l.push(x.clone());
        siftdown(l, 0, l.len() - 1, false)?;
        Ok(Value::None)
    });
    add_function(m, "heappop", |a, kw| {
        heappop_impl(args1("heappop", a, kw)?, false)
    });
    add_function(m, "heapreplace", |a, kw| {
        let (h, x) = args2("heapreplace", a, kw)?;
        heapreplace_impl(h, x, false)
    });
    add_function(m, "heappushpop", |a, kw| {
        let (h, x) = args2("heappushpop", a, kw)?;
        let l = heap_list(h)?;
        if l.is_empty() {
            return Ok(x.clone());
        }
        let top = item(l, 0)?;
        if !crate::ops::lt(&top, x)? {
            return Ok(x.clone());
        }
        if l.is_empty() {
            return Err(index_error("index out of range"));
        }
        let ret = item(l, 0)?;
        set(l, 0, x.clone())?;
        siftup(l, 0, false)?;
        Ok(ret)
    });
    add_function(m, "heapify", |a, kw| {
        heapify_impl(args1("heapify", a, kw)?, false)
    });
    add_function(m, "_heappop_max", |a, kw| {
        heappop_impl(args1("_heappop_max", a, kw)?, true)
    });
    add_function(m, "_heapreplace_max", |a, kw| {
        let (h, x) = args2("_heapreplace_max", a, kw)?;
        heapreplace_impl(h, x, true)
    });
    add_function(m, "_heapify_max", |a, kw| {
        heapify_impl(args1("_heapify_max", a, kw)?, true)
    });
    Ok(())
}
