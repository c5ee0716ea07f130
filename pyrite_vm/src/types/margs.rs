//! Argument-count checks for the native methods of the container and number types,
//! producing CPython's messages for each calling convention. `a[0]` is `self`; keyword
//! values (named by `kw`) trail the positional arguments.

use crate::errors::*;
use crate::types::function::Kw;
use crate::value::Value;

#[inline]
fn nkw(kw: Kw) -> usize {
    kw.map_or(0, |k| k.len())
}

/// Positional arguments after `self` (keyword values excluded).
#[inline]
pub fn pos<'a>(a: &'a [Value], kw: Kw) -> &'a [Value] {
    let end = a.len().saturating_sub(nkw(kw));
    if end <= 1 {
        &[]
    } else {
        &a[1..end]
    }
}

fn no_kw(q: &str, kw: Kw) -> PyResult<()> {
    if nkw(kw) > 0 {
        return Err(type_error(format!("{q}() takes no keyword arguments")));
    }
    Ok(())
}

/// `METH_NOARGS`: `list.clear()`.
#[inline]
pub fn noargs(q: &str, a: &[Value], kw: Kw) -> PyResult<()> {
    if a.len() == 1 && kw.is_none() {
        return Ok(());
    }
    no_kw(q, kw)?;
    let n = pos(a, kw).len();
    if n != 0 {
        return Err(type_error(format!("{q}() takes no arguments ({n} given)")));
    }
    Ok(())
}

/// `METH_O`: `list.append(x)`; returns the argument.
#[inline]
pub fn one<'a>(q: &str, a: &'a [Value], kw: Kw) -> PyResult<&'a Value> {
    if a.len() == 2 && kw.is_none() {
        return Ok(&a[1]);
    }
    no_kw(q, kw)?;
    let p = pos(a, kw);
    if p.len() != 1 {
        return Err(type_error(format!(
            "{q}() takes exactly one argument ({} given)",
            p.len()
        )));
    }
    Ok(&p[0])
}

/// Positional-only with a range of counts (`dict.get(k[, d])`):
/// "get expected at least 1 argument, got 0".
pub fn range<'a>(
    short: &str,
    q: &str,
    a: &'a [Value],
    kw: Kw,
    min: usize,
    max: usize,
) -> PyResult<&'a [Value]> {
    no_kw(q, kw)?;
    let p = pos(a, kw);
    let n = p.len();
    if n < min {
        if min == max {
            return Err(type_error(format!(
                "{short} expected {min} argument{}, got {n}",
                if min == 1 { "" } else { "s" }
            )));
        }
        return Err(type_error(format!(
            "{short} expected at least {min} argument{}, got {n}",
            if min == 1 { "" } else { "s" }
        )));
    }
    if n > max {
        if min == max {
            return Err(type_error(format!(
                "{short} expected {max} argument{}, got {n}",
                if max == 1 { "" } else { "s" }
            )));
        }
        return Err(type_error(format!(
            "{short} expected at most {max} argument{}, got {n}",
            if max == 1 { "" } else { "s" }
        )));
    }
    Ok(p)
}

/// Slot wrappers (`list.__len__`, `list.__add__`): exactly `n` positional arguments.
#[inline]
pub fn wrapper<'a>(name: &str, a: &'a [Value], kw: Kw, n: usize) -> PyResult<&'a [Value]> {
    if a.len() == n + 1 && kw.is_none() {
        return Ok(&a[1..]);
    }
    if nkw(kw) > 0 {
        return Err(type_error(format!(
            "wrapper {name}() takes no keyword arguments"
        )));
    }
    let p = pos(a, kw);
    if p.len() != n {
        // two-argument slots unpack their arguments with an empty function name
        let lead = if n == 2 { " " } else { "" };
        return Err(type_error(format!(
            "{lead}expected {n} argument{}, got {}",
            if n == 1 { "" } else { "s" },
            p.len()
        )));
    }
    Ok(p)
}

/// Slot wrappers taking a range of arguments (`__pow__`, `__round__` style ternaries).
pub fn wrapper_range<'a>(
    name: &str,
    a: &'a [Value],
    kw: Kw,
    min: usize,
    max: usize,
) -> PyResult<&'a [Value]> {
    if nkw(kw) > 0 {
        return Err(type_error(format!(
            "wrapper {name}() takes no keyword arguments"
        )));
    }
    let p = pos(a, kw);
    if p.len() < min || p.len() > max {
        if p.len() < min {
            return Err(type_error(format!(
                " expected at least {min} argument{}, got {}",
                if min == 1 { "" } else { "s" },
                p.len()
            )));
        }
        return Err(type_error(format!(
            " expected at most {max} argument{}, got {}",
            if max == 1 { "" } else { "s" },
            p.len()
        )));
    }
    Ok(p)
}

/// `type.__new__`-style constructors taking at most one positional argument and no
/// keywords (`list(x)`, `set(x)`): "list expected at most 1 argument, got 2",
/// "list() takes no keyword arguments".
pub fn ctor_one<'a>(name: &str, args: &'a [Value], kw: Kw) -> PyResult<Option<&'a Value>> {
    if nkw(kw) > 0 {
        return Err(type_error(format!("{name}() takes no keyword arguments")));
    }
    match args.len() {
        0 => Ok(None),
        1 => Ok(Some(&args[0])),
        n => Err(type_error(format!(
            "{name} expected at most 1 argument, got {n}"
        ))),
    }
}
