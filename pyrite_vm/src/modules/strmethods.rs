//! `str` methods (the type's data layout lives in `types/str.rs`).

use crate::errors::*;
use crate::object::ObjRef;
use crate::types::function::Kw;
use crate::types::str::{as_pystr, as_str, new_string, PyStr};
use crate::types::typeobj::{add_method, add_staticmethod};
use crate::types::{types, Payload};
use crate::value::Value;
use pyrite_compiler::bytecode::CmpOp;

fn this(v: &Value) -> PyResult<&PyStr> {
    as_pystr(v).ok_or_else(|| type_error(format!("descriptor requires a 'str' object but received a '{}'", v.type_name())))
}

fn arg_str<'a>(v: &'a Value, what: &str) -> PyResult<&'a str> {
    as_str(v).ok_or_else(|| type_error(format!("{} must be str, not {}", what, v.type_name())))
}

fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\x1c'..='\x1f').contains(&c)
}

fn strip_impl(a: &[Value], left: bool, right: bool, name: &str) -> PyResult<Value> {
    check_args(name, &a[1..], 0, 1)?;
    let s = this(&a[0])?.as_str();
    let r = match a.get(1) {
        None | Some(Value::None) => {
            let mut t = s;
            if left {
                t = t.trim_start_matches(is_py_space);
            }
            if right {
                t = t.trim_end_matches(is_py_space);
            }
            t
        }
        Some(chars) => {
            let cs: Vec<char> = arg_str(chars, &format!("{} arg", name)).map_err(|_| type_error(format!("{} arg must be None or str", name)))?.chars().collect();
            let mut t = s;
            if left {
                t = t.trim_start_matches(|c| cs.contains(&c));
            }
            if right {
                t = t.trim_end_matches(|c| cs.contains(&c));
            }
            t
        }
    };
    Ok(new_string(r.to_string()))
}

/// Normalize start/end (character indices) like slice indices.
fn span(len: usize, start: Option<&Value>, end: Option<&Value>) -> PyResult<(usize, usize)> {
    let n = len as i64;
    let norm = |v: Option<&Value>, d: i64| -> PyResult<i64> {
        match v {
            None | Some(Value::None) => Ok(d),
            Some(x) => {
                let i = crate::types::int::index_value(x).map_err(|_| type_error("slice indices must be integers or None or have an __index__ method"))?;
                let i = crate::types::int::as_i64(&i).unwrap_or(if crate::types::int::to_bigint(&i).unwrap().sign() == num_bigint::Sign::Minus { i64::MIN / 2 } else { i64::MAX / 2 });
                Ok(if i < 0 { (i + n).max(0) } else { i.min(n) })
            }
        }
    };
    Ok((norm(start, 0)? as usize, norm(end, n)? as usize))
}

fn find_impl(a: &[Value], rev: bool) -> PyResult<Option<usize>> {
    let s = this(&a[0])?;
    let sub = arg_str(a.get(1).ok_or_else(|| type_error("find() takes at least 1 argument (0 given)"))?, "must be str")
        .map_err(|_| type_error(format!("must be str, not {}", a[1].type_name())))?;
    let (st, en) = span(s.len(), a.get(2), a.get(3))?;
    if st > en || st > s.len() {
        return Ok(None);
    }
    let hay = s.slice_chars(st, en);
    let r = if rev { hay.rfind(sub) } else { hay.find(sub) };
    Ok(r.map(|b| st + hay[..b].chars().count()))
}

fn count_impl(a: &[Value]) -> PyResult<Value> {
    let s = this(&a[0])?;
    let sub = arg_str(&a[1], "must be str").map_err(|_| type_error(format!("must be str, not {}", a[1].type_name())))?;
    let (st, en) = span(s.len(), a.get(2), a.get(3))?;
    if st > en {
        return Ok(Value::Int(0));
    }
    let hay = s.slice_chars(st, en);
    if sub.is_empty() {
        return Ok(Value::Int(hay.chars().count() as i64 + 1));
    }
    Ok(Value::Int(hay.matches(sub).count() as i64))
}

fn starts_ends(a: &[Value], ends: bool) -> PyResult<Value> {
    let s = this(&a[0])?;
    let name = if ends { "endswith" } else { "startswith" };
    check_args(name, &a[1..], 1, 3)?;
    let (st, en) = span(s.len(), a.get(2), a.get(3))?;
    if st > s.len() {
        return Ok(Value::Bool(false));
    }
    let hay = if st <= en { s.slice_chars(st, en) } else { "" };
    let test = |p: &str| if ends { hay.ends_with(p) } else { hay.starts_with(p) };
    if let Some(t) = crate::types::tuple::as_tuple(&a[1]) {
        for p in t {
            let ps = as_str(p).ok_or_else(|| type_error(format!("tuple for {} must only contain str, not {}", name, p.type_name())))?;
            if st <= en && test(ps) {
                return Ok(Value::Bool(true));
            }
        }
        return Ok(Value::Bool(false));
    }
    let p = as_str(&a[1]).ok_or_else(|| type_error(format!("{} first arg must be str or a tuple of str, not {}", name, a[1].type_name())))?;
    Ok(Value::Bool(st <= en && test(p)))
}

fn split_impl(a: &[Value], kw: Kw, rev: bool) -> PyResult<Value> {
    let name = if rev { "rsplit" } else { "split" };
    let args = crate::args::parse(name, &a[1..], kw, &["sep", "maxsplit"], 0)?;
    let s = this(&a[0])?.as_str();
    let maxsplit = match &args[1] {
        Some(m) => crate::types::int::index_i64(m)?,
        None => -1,
    };
    let mut out: Vec<String> = Vec::new();
    match &args[0] {
        None | Some(Value::None) => {
            if rev {
                let mut rest = s.trim_end_matches(is_py_space);
                let mut n = 0;
                while !rest.is_empty() {
                    if maxsplit >= 0 && n >= maxsplit {
                        out.push(rest.to_string());
                        break;
                    }
                    match rest.rfind(is_py_space) {
                        Some(p) => {
                            let c = rest[p..].chars().next().unwrap();
                            out.push(rest[p + c.len_utf8()..].to_string());
                            rest = rest[..p].trim_end_matches(is_py_space);
                        }
                        None => {
                            out.push(rest.to_string());
                            break;
                        }
                    }
                    n += 1;
                }
                out.reverse();
            } else {
                let mut rest = s.trim_start_matches(is_py_space);
                let mut n = 0;
                while !rest.is_empty() {
                    if maxsplit >= 0 && n >= maxsplit {
                        out.push(rest.to_string());
                        break;
                    }
                    match rest.find(is_py_space) {
                        Some(p) => {
                            out.push(rest[..p].to_string());
                            rest = rest[p..].trim_start_matches(is_py_space);
                        }
                        None => {
                            out.push(rest.to_string());
                            break;
                        }
                    }
                    n += 1;
                }
            }
        }
        Some(sepv) => {
            let sep = arg_str(sepv, "must be str").map_err(|_| type_error(format!("must be str or None, not {}", sepv.type_name())))?;
            if sep.is_empty() {
                return Err(value_error("empty separator"));
            }
            if rev {
                let mut parts: Vec<&str> = if maxsplit < 0 { s.rsplit(sep).collect() } else { s.rsplitn(maxsplit as usize + 1, sep).collect() };
                parts.reverse();
                out = parts.into_iter().map(|x| x.to_string()).collect();
            } else {
                out = if maxsplit < 0 { s.split(sep).map(|x| x.to_string()).collect() } else { s.splitn(maxsplit as usize + 1, sep).map(|x| x.to_string()).collect() };
            }
        }
    }
    Ok(crate::types::list::new_list(out.into_iter().map(new_string).collect()))
}

fn splitlines(a: &[Value], kw: Kw) -> PyResult<Value> {
    let args = crate::args::parse("splitlines", &a[1..], kw, &["keepends"], 0)?;
    let keep = match &args[0] {
        Some(k) => crate::ops::truthy(k)?,
        None => false,
    };
    let s = this(&a[0])?.as_str();
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (b, c) = chars[i];
        let is_break = matches!(c, '\n' | '\r' | '\x0b' | '\x0c' | '\x1c' | '\x1d' | '\x1e' | '\u{85}' | '\u{2028}' | '\u{2029}');
        if is_break {
            let mut end = b + c.len_utf8();
            if c == '\r' && i + 1 < chars.len() && chars[i + 1].1 == '\n' {
                end += 1;
                i += 1;
            }
            out.push(new_string(if keep { s[start..end].to_string() } else { s[start..b].to_string() }));
            start = end;
        }
        i += 1;
    }
    if start < s.len() {
        out.push(new_string(s[start..].to_string()));
    }
    Ok(crate::types::list::new_list(out))
}

fn join(a: &[Value], _kw: Kw) -> PyResult<Value> {
    check_args("join", &a[1..], 1, 1)?;
    let sep = this(&a[0])?.as_str().to_string();
    let items = crate::ops::iterate(&a[1])?;
    let mut out = String::new();
    for (i, it) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(&sep);
        }
        match as_str(it) {
            Some(s) => out.push_str(s),
            None => return Err(type_error(format!("sequence item {}: expected str instance, {} found", i, it.type_name()))),
        }
    }
    Ok(new_string(out))
}

fn replace(a: &[Value], _kw: Kw) -> PyResult<Value> {
    check_args("replace", &a[1..], 2, 3)?;
    let s = this(&a[0])?.as_str();
    let old = arg_str(&a[1], "replace() argument 1").map_err(|_| type_error(format!("replace() argument 1 must be str, not {}", a[1].type_name())))?;
    let new = arg_str(&a[2], "replace() argument 2").map_err(|_| type_error(format!("replace() argument 2 must be str, not {}", a[2].type_name())))?;
    let count = match a.get(3) {
        Some(c) => crate::types::int::index_i64(c)?,
        None => -1,
    };
    if count < 0 {
        if old.is_empty() {
            let mut out = String::from(new);
            for c in s.chars() {
                out.push(c);
                out.push_str(new);
            }
            return Ok(new_string(out));
        }
        return Ok(new_string(s.replace(old, new)));
    }
    if old.is_empty() {
        let mut out = String::new();
        let mut n = 0;
        for c in s.chars() {
            if n < count {
                out.push_str(new);
                n += 1;
            }
            out.push(c);
        }
        if n < count {
            out.push_str(new);
        }
        return Ok(new_string(out));
    }
    Ok(new_string(s.replacen(old, new, count as usize)))
}

fn pad_impl(a: &[Value], name: &str, mode: u8) -> PyResult<Value> {
    check_args(name, &a[1..], 1, 2)?;
    let s = this(&a[0])?;
    let width = crate::types::int::index_i64(&a[1])?;
    let fill = match a.get(2) {
        Some(f) => {
            let fs = as_pystr(f).ok_or_else(|| type_error(format!("{}() argument 2 must be str, not {}", name, f.type_name())))?;
            if fs.len() != 1 {
                return Err(type_error("The fill character must be exactly one character long"));
            }
            fs.char_at(0)
        }
        None => ' ',
    };
    let n = s.len() as i64;
    if width <= n {
        return Ok(new_string(s.as_str().to_string()));
    }
    let total = (width - n) as usize;
    let (l, r) = match mode {
        0 => (0, total),
        1 => (total, 0),
        _ => {
            let left = total / 2 + (total & width as usize & 1);
            (left, total - left)
        }
    };
    let f = |k: usize| fill.to_string().repeat(k);
    Ok(new_string(format!("{}{}{}", f(l), s.as_str(), f(r))))
}

fn pred(a: &[Value], f: fn(&str) -> bool) -> PyResult<Value> {
    Ok(Value::Bool(f(this(&a[0])?.as_str())))
}

fn is_decimal_char(c: char) -> bool {
    c.is_ascii_digit() || (c.is_numeric() && c.to_digit(10).is_none() && unicode_decimal(c))
}

fn unicode_decimal(c: char) -> bool {
    // Nd characters come in runs of ten starting at a "zero"
    let u = c as u32;
    (0..10).any(|k| u >= k && char::from_u32(u - k).map_or(false, |z| z.is_numeric()) && char::from_u32(u - k + 9).map_or(false, |n| n.is_numeric()) && (u - k) % 16 <= 6)
}

fn title(s: &str) -> String {
    let mut out = String::new();
    let mut prev_cased = false;
    for c in s.chars() {
        if prev_cased {
            out.extend(c.to_lowercase());
        } else {
            out.extend(title_case(c));
        }
        prev_cased = c.is_alphabetic() && (c.is_lowercase() || c.is_uppercase() || is_titlecase(c));
    }
    out
}

fn is_titlecase(c: char) -> bool {
    matches!(c, '\u{01C5}' | '\u{01C8}' | '\u{01CB}' | '\u{01F2}' | '\u{1F88}'..='\u{1F8F}' | '\u{1F98}'..='\u{1F9F}' | '\u{1FA8}'..='\u{1FAF}' | '\u{1FBC}' | '\u{1FCC}' | '\u{1FFC}')
}

fn title_case(c: char) -> Vec<char> {
    match c {
        '\u{01C4}'..='\u{01C6}' => vec!['\u{01C5}'],
        '\u{01C7}'..='\u{01C9}' => vec!['\u{01C8}'],
        '\u{01CA}'..='\u{01CC}' => vec!['\u{01CB}'],
        '\u{01F1}'..='\u{01F3}' => vec!['\u{01F2}'],
        'ß' => vec!['S', 's'],
        _ => c.to_uppercase().collect(),
    }
}

fn cmp(a: &[Value], op: CmpOp) -> PyResult<Value> {
    match (as_str(&a[0]), as_str(&a[1])) {
        (Some(x), Some(y)) => Ok(Value::Bool(crate::ops::cmp_ord(x.cmp(y), op))),
        _ => Ok(crate::types::misc::not_implemented()),
    }
}

fn str_new(a: &[Value], kw: Kw) -> PyResult<Value> {
    let cls = crate::types::misc::check_new_cls(a, "str")?;
    let args = crate::args::parse("str", &a[1..], kw, &["object", "encoding", "errors"], 0)?;
    let v = match (&args[0], &args[1], &args[2]) {
        (None, None, None) => Value::from(""),
        (Some(o), None, None) => crate::ops::str_value(o)?,
        (o, enc, errs) => {
            let o = o.clone().unwrap_or_else(|| crate::types::bytes::new_bytes(vec![]));
            let data = crate::types::bytes::as_bytes_like(&o).ok_or_else(|| type_error(format!("decoding to str: need a bytes-like object, {} found", o.type_name())))?;
            let e = enc.as_ref().and_then(as_str).unwrap_or("utf-8").to_string();
            let er = errs.as_ref().and_then(as_str).unwrap_or("strict").to_string();
            crate::modules::codecs::decode(&data, &e, &er)?
        }
    };
    if cls.is(&types().str) {
        return Ok(v);
    }
    let s = as_str(&v).unwrap_or("").to_string();
    Ok(crate::types::misc::new_instance(&cls, Payload::Str(PyStr::from_string(s))))
}

pub fn init(t: &ObjRef) {
    add_staticmethod(t, "__new__", str_new);
    add_method(t, "__repr__", |a, _| Ok(Value::from(crate::types::str::repr_str(this(&a[0])?.as_str()))));
    add_method(t, "__str__", |a, _| {
        if a[0].class_ref().is(&types().str) {
            return Ok(a[0].clone());
        }
        Ok(new_string(this(&a[0])?.as_str().to_string()))
    });
    add_method(t, "__hash__", |a, _| Ok(Value::Int(this(&a[0])?.hash())));
    add_method(t, "__len__", |a, _| Ok(Value::Int(this(&a[0])?.len() as i64)));
    add_method(t, "__eq__", |a, _| cmp(a, CmpOp::Eq));
    add_method(t, "__ne__", |a, _| cmp(a, CmpOp::Ne));
    add_method(t, "__lt__", |a, _| cmp(a, CmpOp::Lt));
    add_method(t, "__le__", |a, _| cmp(a, CmpOp::Le));
    add_method(t, "__gt__", |a, _| cmp(a, CmpOp::Gt));
    add_method(t, "__ge__", |a, _| cmp(a, CmpOp::Ge));
    add_method(t, "__contains__", |a, _| {
        let s = this(&a[0])?.as_str();
        let sub = as_str(&a[1]).ok_or_else(|| type_error(format!("'in <string>' requires string as left operand, not {}", a[1].type_name())))?;
        Ok(Value::Bool(s.contains(sub)))
    });
    add_method(t, "__iter__", |a, _| {
        this(&a[0])?;
        Ok(crate::types::iter::new_str_iter(a[0].clone()))
    });
    add_method(t, "__getitem__", |a, _| {
        let s = this(&a[0])?;
        if let Some(Payload::Slice(_)) = a[1].payload() {
            let (start, _stop, step, n) = crate::types::misc::slice_indices(&a[1], s.len())?;
            if step == 1 {
                return Ok(new_string(s.slice_chars(start as usize, start as usize + n).to_string()));
            }
            let chars: Vec<char> = s.as_str().chars().collect();
            let mut out = String::with_capacity(n);
            let mut i = start;
            for _ in 0..n {
                out.push(chars[i as usize]);
                i += step;
            }
            return Ok(new_string(out));
        }
        let i = crate::types::int::index_value(&a[1]).map_err(|_| type_error(format!("string indices must be integers, not '{}'", a[1].type_name())))?;
        let i = crate::types::int::as_i64(&i).unwrap_or(i64::MAX);
        let n = s.len() as i64;
        let j = if i < 0 { i + n } else { i };
        if j < 0 || j >= n {
            return Err(index_error("string index out of range"));
        }
        let mut buf = [0u8; 4];
        Ok(crate::types::str::new_str(s.char_at(j as usize).encode_utf8(&mut buf)))
    });
    add_method(t, "__add__", |a, _| {
        let x = this(&a[0])?.as_str();
        let y = as_str(&a[1]).ok_or_else(|| type_error(format!("can only concatenate str (not \"{}\") to str", a[1].type_name())))?;
        let mut s = String::with_capacity(x.len() + y.len());
        s.push_str(x);
        s.push_str(y);
        Ok(new_string(s))
    });
    add_method(t, "__mul__", |a, _| {
        let n = match crate::types::int::index_value(&a[1]) {
            Ok(Value::Int(n)) => n,
            Ok(_) => return Err(overflow_error("cannot fit 'int' into an index-sized integer")),
            Err(_) => return Ok(crate::types::misc::not_implemented()),
        };
        let s = this(&a[0])?.as_str();
        if n <= 0 {
            return Ok(Value::from(""));
        }
        if (s.len() as u128) * (n as u128) > (1u128 << 40) {
            return Err(memory_error());
        }
        Ok(new_string(s.repeat(n as usize)))
    });
    add_method(t, "__rmul__", |a, _| {
        let n = match crate::types::int::index_value(&a[1]) {
            Ok(Value::Int(n)) => n,
            _ => return Ok(crate::types::misc::not_implemented()),
        };
        let s = this(&a[0])?.as_str();
        Ok(new_string(if n <= 0 { String::new() } else { s.repeat(n as usize) }))
    });
    add_method(t, "__mod__", |a, _| crate::modules::strformat::percent_format(this(&a[0])?.as_str(), &a[1]).map(new_string));
    add_method(t, "__rmod__", |_a, _| Ok(crate::types::misc::not_implemented()));
    add_method(t, "__format__", |a, _| {
        check_args("__format__", a, 2, 2)?;
        let spec = as_str(&a[1]).ok_or_else(|| type_error(format!("format() argument 2 must be str, not {}", a[1].type_name())))?;
        if spec.is_empty() {
            return Ok(new_string(this(&a[0])?.as_str().to_string()));
        }
        Ok(new_string(crate::format::format_value_spec(&a[0], spec)?))
    });
    add_method(t, "__getnewargs__", |a, _| Ok(crate::types::tuple::new_tuple(vec![new_string(this(&a[0])?.as_str().to_string())])));
    add_method(t, "__sizeof__", |a, _| Ok(Value::Int(49 + this(&a[0])?.as_str().len() as i64)));
    add_method(t, "format", |a, kw| crate::modules::strformat::str_format(this(&a[0])?.as_str(), &a[1..], kw).map(new_string));
    add_method(t, "format_map", |a, _| {
        check_args("format_map", &a[1..], 1, 1)?;
        crate::modules::strformat::str_format_map(this(&a[0])?.as_str(), &a[1]).map(new_string)
    });
    add_method(t, "join", join);
    add_method(t, "split", |a, kw| split_impl(a, kw, false));
    add_method(t, "rsplit", |a, kw| split_impl(a, kw, true));
    add_method(t, "splitlines", splitlines);
    add_method(t, "strip", |a, _| strip_impl(a, true, true, "strip"));
    add_method(t, "lstrip", |a, _| strip_impl(a, true, false, "lstrip"));
    add_method(t, "rstrip", |a, _| strip_impl(a, false, true, "rstrip"));
    add_method(t, "startswith", |a, _| starts_ends(a, false));
    add_method(t, "endswith", |a, _| starts_ends(a, true));
    add_method(t, "find", |a, _| Ok(Value::Int(find_impl(a, false)?.map_or(-1, |i| i as i64))));
    add_method(t, "rfind", |a, _| Ok(Value::Int(find_impl(a, true)?.map_or(-1, |i| i as i64))));
    add_method(t, "index", |a, _| find_impl(a, false)?.map(|i| Value::Int(i as i64)).ok_or_else(|| value_error("substring not found")));
    add_method(t, "rindex", |a, _| find_impl(a, true)?.map(|i| Value::Int(i as i64)).ok_or_else(|| value_error("substring not found")));
    add_method(t, "count", |a, _| count_impl(a));
    add_method(t, "replace", replace);
    add_method(t, "upper", |a, _| Ok(new_string(this(&a[0])?.as_str().to_uppercase())));
    add_method(t, "lower", |a, _| Ok(new_string(this(&a[0])?.as_str().to_lowercase())));
    add_method(t, "casefold", |a, _| Ok(new_string(this(&a[0])?.as_str().to_lowercase().replace('ß', "ss"))));
    add_method(t, "swapcase", |a, _| {
        let s = this(&a[0])?.as_str();
        Ok(new_string(s.chars().flat_map(|c| if c.is_uppercase() { c.to_lowercase().collect::<Vec<_>>() } else if c.is_lowercase() { c.to_uppercase().collect() } else { vec![c] }).collect()))
    });
    add_method(t, "capitalize", |a, _| {
        let s = this(&a[0])?.as_str();
        let mut cs = s.chars();
        Ok(new_string(match cs.next() {
            Some(f) => title_case(f).into_iter().collect::<String>() + &cs.as_str().to_lowercase(),
            None => String::new(),
        }))
    });
    add_method(t, "title", |a, _| Ok(new_string(title(this(&a[0])?.as_str()))));
    add_method(t, "center", |a, _| pad_impl(a, "center", 2));
    add_method(t, "ljust", |a, _| pad_impl(a, "ljust", 0));
    add_method(t, "rjust", |a, _| pad_impl(a, "rjust", 1));
    add_method(t, "zfill", |a, _| {
        check_args("zfill", &a[1..], 1, 1)?;
        let s = this(&a[0])?;
        let w = crate::types::int::index_i64(&a[1])?;
        let n = s.len() as i64;
        if w <= n {
            return Ok(new_string(s.as_str().to_string()));
        }
        let st = s.as_str();
        let (sign, rest) = match st.chars().next() {
            Some(c @ ('+' | '-')) => (c.to_string(), &st[1..]),
            _ => (String::new(), st),
        };
        Ok(new_string(format!("{}{}{}", sign, "0".repeat((w - n) as usize), rest)))
    });
    add_method(t, "expandtabs", |a, kw| {
        let args = crate::args::parse("expandtabs", &a[1..], kw, &["tabsize"], 0)?;
        let ts = match &args[0] {
            Some(v) => crate::types::int::index_i64(v)?,
            None => 8,
        };
        let mut out = String::new();
        let mut col = 0i64;
        for c in this(&a[0])?.as_str().chars() {
            match c {
                '\t' => {
                    if ts > 0 {
                        let n = ts - col % ts;
                        out.push_str(&" ".repeat(n as usize));
                        col += n;
                    }
                }
                '\n' | '\r' => {
                    out.push(c);
                    col = 0;
                }
                _ => {
                    out.push(c);
                    col += 1;
                }
            }
        }
        Ok(new_string(out))
    });
    add_method(t, "partition", |a, _| {
        check_args("partition", &a[1..], 1, 1)?;
        let s = this(&a[0])?.as_str();
        let sep = arg_str(&a[1], "must be str").map_err(|_| type_error(format!("must be str, not {}", a[1].type_name())))?;
        if sep.is_empty() {
            return Err(value_error("empty separator"));
        }
        Ok(crate::types::tuple::new_tuple(match s.find(sep) {
            Some(p) => vec![Value::from(&s[..p]), Value::from(sep), Value::from(&s[p + sep.len()..])],
            None => vec![Value::from(s), Value::from(""), Value::from("")],
        }))
    });
    add_method(t, "rpartition", |a, _| {
        check_args("rpartition", &a[1..], 1, 1)?;
        let s = this(&a[0])?.as_str();
        let sep = arg_str(&a[1], "must be str").map_err(|_| type_error(format!("must be str, not {}", a[1].type_name())))?;
        if sep.is_empty() {
            return Err(value_error("empty separator"));
        }
        Ok(crate::types::tuple::new_tuple(match s.rfind(sep) {
            Some(p) => vec![Value::from(&s[..p]), Value::from(sep), Value::from(&s[p + sep.len()..])],
            None => vec![Value::from(""), Value::from(""), Value::from(s)],
        }))
    });
    add_method(t, "removeprefix", |a, _| {
        let s = this(&a[0])?.as_str();
        let p = arg_str(&a[1], "removeprefix() argument").map_err(|_| type_error(format!("removeprefix() argument must be str, not {}", a[1].type_name())))?;
        Ok(new_string(s.strip_prefix(p).unwrap_or(s).to_string()))
    });
    add_method(t, "removesuffix", |a, _| {
        let s = this(&a[0])?.as_str();
        let p = arg_str(&a[1], "removesuffix() argument").map_err(|_| type_error(format!("removesuffix() argument must be str, not {}", a[1].type_name())))?;
        Ok(new_string(if p.is_empty() { s.to_string() } else { s.strip_suffix(p).unwrap_or(s).to_string() }))
    });
    add_method(t, "isalpha", |a, _| pred(a, |s| !s.is_empty() && s.chars().all(|c| c.is_alphabetic())));
    add_method(t, "isdigit", |a, _| pred(a, |s| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit() || is_decimal_char(c) || matches!(c, '²' | '³' | '¹' | '\u{2070}'..='\u{2079}' | '\u{2080}'..='\u{2089}' | '\u{2460}'..='\u{2468}'))));
    add_method(t, "isdecimal", |a, _| pred(a, |s| !s.is_empty() && s.chars().all(is_decimal_char)));
    add_method(t, "isnumeric", |a, _| pred(a, |s| !s.is_empty() && s.chars().all(|c| c.is_numeric())));
    add_method(t, "isalnum", |a, _| pred(a, |s| !s.is_empty() && s.chars().all(|c| c.is_alphanumeric())));
    add_method(t, "isspace", |a, _| pred(a, |s| !s.is_empty() && s.chars().all(is_py_space)));
    add_method(t, "islower", |a, _| pred(a, |s| s.chars().any(|c| c.is_lowercase()) && !s.chars().any(|c| c.is_uppercase() || is_titlecase(c))));
    add_method(t, "isupper", |a, _| pred(a, |s| s.chars().any(|c| c.is_uppercase()) && !s.chars().any(|c| c.is_lowercase() || is_titlecase(c))));
    add_method(t, "istitle", |a, _| pred(a, |s| {
        let mut prev_cased = false;
        let mut any = false;
        for c in s.chars() {
            if c.is_uppercase() || is_titlecase(c) {
                if prev_cased {
                    return false;
                }
                prev_cased = true;
                any = true;
            } else if c.is_lowercase() {
                if !prev_cased {
                    return false;
                }
                prev_cased = true;
                any = true;
            } else {
                prev_cased = false;
            }
        }
        any
    }));
    add_method(t, "isidentifier", |a, _| pred(a, crate::types::str::is_identifier));
    add_method(t, "isprintable", |a, _| pred(a, |s| s.chars().all(crate::types::str::is_printable)));
    add_method(t, "isascii", |a, _| pred(a, |s| s.is_ascii()));
    add_method(t, "encode", |a, kw| {
        let args = crate::args::parse("encode", &a[1..], kw, &["encoding", "errors"], 0)?;
        let enc = args[0].as_ref().and_then(as_str).unwrap_or("utf-8").to_string();
        let errs = args[1].as_ref().and_then(as_str).unwrap_or("strict").to_string();
        crate::modules::codecs::encode(this(&a[0])?.as_str(), &enc, &errs)
    });
    crate::types::typeobj::add_staticmethod(t, "maketrans", |a, _| {
        let d = crate::types::dict::new_dict();
        let dd = crate::types::dict::as_dict(&d).unwrap();
        match a.len() {
            1 => {
                let src = crate::types::dict::as_dict(&a[0]).ok_or_else(|| type_error("if you give only one argument to maketrans it must be a dict"))?;
                for (k, v) in src.items() {
                    let key = match as_pystr(&k) {
                        Some(s) if s.len() == 1 => Value::Int(s.char_at(0) as i64),
                        Some(_) => return Err(value_error("string keys in translate table must be of length 1")),
                        None => k,
                    };
                    dd.set_item(key, v)?;
                }
            }
            2 | 3 => {
                let x: Vec<char> = arg_str(&a[0], "maketrans() argument 1")?.chars().collect();
                let y: Vec<char> = arg_str(&a[1], "maketrans() argument 2")?.chars().collect();
                if x.len() != y.len() {
                    return Err(value_error("the first two maketrans arguments must have equal length"));
                }
                for (c, d2) in x.iter().zip(y.iter()) {
                    dd.set_item(Value::Int(*c as i64), Value::Int(*d2 as i64))?;
                }
                if let Some(z) = a.get(2) {
                    for c in arg_str(z, "maketrans() argument 3")?.chars() {
                        dd.set_item(Value::Int(c as i64), Value::None)?;
                    }
                }
            }
            _ => return Err(type_error("maketrans() takes at most 3 arguments")),
        }
        Ok(d)
    });
    add_method(t, "translate", |a, _| {
        check_args("translate", &a[1..], 1, 1)?;
        let mut out = String::new();
        for c in this(&a[0])?.as_str().chars() {
            match crate::ops::getitem(&a[1], &Value::Int(c as i64)) {
                Ok(Value::None) => {}
                Ok(v) => {
                    if let Some(s) = as_str(&v) {
                        out.push_str(s);
                    } else if let Some(i) = crate::types::int::as_i64(&v) {
                        out.push(char::from_u32(i as u32).ok_or_else(|| value_error("character mapping must be in range(0x110000)"))?);
                    } else {
                        return Err(type_error("character mapping must return integer, None or str"));
                    }
                }
                Err(e) if e.matches(&crate::types::exceptions::exc().lookup_error) => out.push(c),
                Err(e) => return Err(e),
            }
        }
        Ok(new_string(out))
    });
}
