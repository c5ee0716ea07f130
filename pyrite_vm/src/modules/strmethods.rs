//! `str` methods (the type's data layout lives in `types/str.rs`). Character
//! properties follow Unicode 14.0 as CPython 3.11 does (`types/unicode_db.rs`).

use crate::errors::*;
use crate::modules::bytesmethods::{
    adjust, c_int, finds, no_kw, noargs, onearg, slice_index, unpack, wrapper,
};
use crate::object::ObjRef;
use crate::types::function::Kw;
use crate::types::str::{as_pystr, as_str, new_string, PyStr};
use crate::types::typeobj::{add_method, add_staticmethod};
use crate::types::unicode_db as udb;
use crate::types::{types, Payload};
use crate::value::Value;
use pyrite_compiler::bytecode::CmpOp;

fn this(v: &Value) -> PyResult<&PyStr> {
    as_pystr(v).ok_or_else(|| {
        type_error(format!(
            "descriptor requires a 'str' object but received a '{}'",
            v.type_name()
        ))
    })
}

/// `self` unchanged: the object itself for an exact str, else an exact copy.
fn same(v: &Value) -> PyResult<Value> {
    if v.class_ref().is(&types().str) {
        return Ok(v.clone());
    }
    Ok(new_string(this(v)?.as_str().to_string()))
}

// ---------------------------------------------------------------------------
// character properties

fn in_table(t: &[(u32, u32)], c: char) -> bool {
    let c = c as u32;
    let i = t.partition_point(|&(_, hi)| hi < c);
    i < t.len() && t[i].0 <= c
}

fn map_lookup(t: &'static [(u32, &'static str)], c: char) -> Option<&'static str> {
    let c = c as u32;
    t.binary_search_by_key(&c, |&(k, _)| k).ok().map(|i| t[i].1)
}

pub fn is_space(c: char) -> bool {
    pyrite_format::is_space(c)
}
pub fn is_alpha(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    in_table(udb::ALPHA, c)
}
pub fn is_decimal(c: char) -> bool {
    pyrite_format::decimal_value(c).is_some()
}
pub fn is_digit(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    in_table(udb::DIGIT, c)
}
pub fn is_numeric(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    in_table(udb::NUMERIC, c)
}
pub fn is_alnum(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    is_alpha(c) || is_decimal(c) || is_digit(c) || is_numeric(c)
}
pub fn is_lower(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_lowercase();
    }
    in_table(udb::LOWER, c)
}
pub fn is_upper(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_uppercase();
    }
    in_table(udb::UPPER, c)
}
pub fn is_title(c: char) -> bool {
    !c.is_ascii() && in_table(udb::TITLE, c)
}
fn is_cased(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    in_table(udb::CASED, c)
}
fn is_case_ignorable(c: char) -> bool {
    in_table(udb::CASE_IGNORABLE, c)
}
pub fn is_xid_start(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic() || c == '_';
    }
    in_table(udb::XID_START, c)
}
pub fn is_xid_continue(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_';
    }
    in_table(udb::XID_CONTINUE, c)
}

/// Whether the capital sigma at `i` is word-final (lowercases to 'ς').
fn final_sigma(chars: &[char], i: usize) -> bool {
    let mut j = i;
    let mut before = None;
    while j > 0 {
        j -= 1;
        if !is_case_ignorable(chars[j]) {
            before = Some(chars[j]);
            break;
        }
    }
    if !before.map_or(false, is_cased) {
        return false;
    }
    for &c in &chars[i + 1..] {
        if !is_case_ignorable(c) {
            return !is_cased(c);
        }
    }
    true
}

/// Full lowercase mapping of one character (Unicode 14.0).
fn push_lower_char(out: &mut String, c: char) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    match map_lookup(udb::LOWER_MAP, c) {
        Some(s) => out.push_str(s),
        None => out.push(c),
    }
}

/// Full uppercase mapping of one character (Unicode 14.0).
fn push_upper(out: &mut String, c: char) {
    if c.is_ascii() {
        out.push(c.to_ascii_uppercase());
        return;
    }
    match map_lookup(udb::UPPER_MAP, c) {
        Some(s) => out.push_str(s),
        None => out.push(c),
    }
}

fn push_lower(out: &mut String, chars: &[char], i: usize) {
    let c = chars[i];
    if c == '\u{3a3}' {
        out.push(if final_sigma(chars, i) {
            '\u{3c2}'
        } else {
            '\u{3c3}'
        });
    } else {
        push_lower_char(out, c);
    }
}

fn push_title(out: &mut String, c: char) {
    match map_lookup(udb::TITLE_MAP, c) {
        Some(s) => out.push_str(s),
        None => push_upper(out, c),
    }
}

fn s_lower(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for i in 0..chars.len() {
        push_lower(&mut out, &chars, i);
    }
    out
}

fn s_upper(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_uppercase();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        push_upper(&mut out, c);
    }
    out
}

fn s_casefold(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match map_lookup(udb::FOLD_MAP, c) {
            Some(f) => out.push_str(f),
            None => push_lower_char(&mut out, c),
        }
    }
    out
}

fn s_swapcase(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        if is_upper(c) {
            push_lower(&mut out, &chars, i);
        } else if is_lower(c) {
            push_upper(&mut out, c);
        } else {
            out.push(c);
        }
    }
    out
}

fn s_title(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut prev_cased = false;
    for (i, &c) in chars.iter().enumerate() {
        if prev_cased {
            push_lower(&mut out, &chars, i);
        } else {
            push_title(&mut out, c);
        }
        prev_cased = is_cased(c);
    }
    out
}

fn s_capitalize(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        if i == 0 {
            push_title(&mut out, c);
        } else {
            push_lower(&mut out, &chars, i);
        }
    }
    out
}

fn s_istitle(s: &str) -> bool {
    let mut cased = false;
    let mut prev_cased = false;
    for c in s.chars() {
        if is_upper(c) || is_title(c) {
            if prev_cased {
                return false;
            }
            prev_cased = true;
            cased = true;
        } else if is_lower(c) {
            if !prev_cased {
                return false;
            }
            prev_cased = true;
            cased = true;
        } else {
            prev_cased = false;
        }
    }
    cased
}

fn s_islower(s: &str) -> bool {
    let mut cased = false;
    for c in s.chars() {
        if is_upper(c) || is_title(c) {
            return false;
        }
        if is_lower(c) {
            cased = true;
        }
    }
    cased
}

fn s_isupper(s: &str) -> bool {
    let mut cased = false;
    for c in s.chars() {
        if is_lower(c) || is_title(c) {
            return false;
        }
        if is_upper(c) {
            cased = true;
        }
    }
    cased
}

pub fn s_isidentifier(s: &str) -> bool {
    let mut it = s.chars();
    match it.next() {
        Some(c) if is_xid_start(c) => {}
        _ => return false,
    }
    it.all(is_xid_continue)
}

// ---------------------------------------------------------------------------
// index helpers

/// Byte offset of character index `i` (clamped to the end).
fn boff(s: &PyStr, i: i64) -> usize {
    if i <= 0 {
        return 0;
    }
    if i as usize >= s.len() {
        return s.as_str().len();
    }
    s.byte_offset(i as usize)
}

/// Character count of `s[..b]`.
fn char_index(s: &PyStr, b: usize) -> usize {
    if s.is_ascii() {
        b
    } else {
        s.as_str()[..b].chars().count()
    }
}

fn char_len(s: &str) -> usize {
    s.chars().count()
}

fn arg_must_str<'a>(v: &'a Value) -> PyResult<&'a PyStr> {
    as_pystr(v).ok_or_else(|| type_error(format!("must be str, not {}", v.type_name())))
}

fn find_impl(a: &[Value], kw: Kw, name: &str, rev: bool) -> PyResult<Option<usize>> {
    let args = finds(name, a, kw)?;
    let sub = arg_must_str(&args[0])?;
    let start = slice_index(args.get(1))?;
    let end = slice_index(args.get(2))?;
    let s = this(&a[0])?;
    let (st, en) = adjust(start, end, s.len());
    if en - st < sub.len() as i64 {
        return Ok(None);
    }
    let (bs, be) = (boff(s, st), boff(s, en));
    let hay = &s.as_str()[bs..be];
    let r = if rev {
        hay.rfind(sub.as_str())
    } else {
        hay.find(sub.as_str())
    };
    Ok(r.map(|p| char_index(s, bs + p)))
}

fn count_impl(a: &[Value], kw: Kw) -> PyResult<Value> {
    let args = finds("count", a, kw)?;
    let sub = arg_must_str(&args[0])?;
    let start = slice_index(args.get(1))?;
    let end = slice_index(args.get(2))?;
    let s = this(&a[0])?;
    let (st, en) = adjust(start, end, s.len());
    if en < st {
        return Ok(Value::Int(0));
    }
    if sub.is_empty() {
        return Ok(Value::Int(en - st + 1));
    }
    let hay = &s.as_str()[boff(s, st)..boff(s, en)];
    Ok(Value::Int(hay.matches(sub.as_str()).count() as i64))
}

fn tailmatch(s: &PyStr, sub: &PyStr, start: Option<i64>, end: Option<i64>, ends: bool) -> bool {
    let (st, en) = adjust(start, end, s.len());
    let sl = sub.len() as i64;
    if en - sl < st {
        return false;
    }
    if sl == 0 {
        return true;
    }
    let (from, to) = if ends { (en - sl, en) } else { (st, st + sl) };
    &s.as_str()[boff(s, from)..boff(s, to)] == sub.as_str()
}

fn starts_ends(a: &[Value], kw: Kw, ends: bool) -> PyResult<Value> {
    let name = if ends { "endswith" } else { "startswith" };
    let args = finds(name, a, kw)?;
    let start = slice_index(args.get(1))?;
    let end = slice_index(args.get(2))?;
    let s = this(&a[0])?;
    if let Some(t) = crate::types::tuple::as_tuple(&args[0]) {
        for p in t {
            let ps = as_pystr(p).ok_or_else(|| {
                type_error(format!(
                    "tuple for {} must only contain str, not {}",
                    name,
                    p.type_name()
                ))
            })?;
            if tailmatch(s, ps, start, end, ends) {
                return Ok(Value::Bool(true));
            }
        }
        return Ok(Value::Bool(false));
    }
    let p = as_pystr(&args[0]).ok_or_else(|| {
        type_error(format!(
            "{} first arg must be str or a tuple of str, not {}",
            name,
            args[0].type_name()
        ))
    })?;
    Ok(Value::Bool(tailmatch(s, p, start, end, ends)))
}

// ---------------------------------------------------------------------------
// splitting and joining

fn split_ws(s: &str, maxsplit: i64) -> Vec<&str> {
    let mut out = Vec::new();
    let mut left = if maxsplit < 0 {
        usize::MAX
    } else {
        maxsplit as usize
    };
    let mut rest = s;
    while left > 0 {
        rest = rest.trim_start_matches(is_space);
        if rest.is_empty() {
            return out;
        }
        match rest.find(is_space) {
            Some(p) => {
                out.push(&rest[..p]);
                rest = &rest[p..];
            }
            None => {
                out.push(rest);
                return out;
            }
        }
        left -= 1;
    }
    let r = rest.trim_start_matches(is_space);
    if !r.is_empty() {
        out.push(r);
    }
    out
}

fn rsplit_ws(s: &str, maxsplit: i64) -> Vec<&str> {
    let mut out = Vec::new();
    let mut left = if maxsplit < 0 {
        usize::MAX
    } else {
        maxsplit as usize
    };
    let mut rest = s;
    while left > 0 {
        rest = rest.trim_end_matches(is_space);
        if rest.is_empty() {
            out.reverse();
            return out;
        }
        match rest.rfind(is_space) {
            Some(p) => {
                let c = rest[p..].chars().next().map_or(1, |c| c.len_utf8());
                out.push(&rest[p + c..]);
                rest = &rest[..p + c];
            }
            None => {
                out.push(rest);
                out.reverse();
                return out;
            }
        }
        left -= 1;
    }
    let r = rest.trim_end_matches(is_space);
    if !r.is_empty() {
        out.push(r);
    }
    out.reverse();
    out
}

fn split_impl(a: &[Value], kw: Kw, rev: bool) -> PyResult<Value> {
    let name = if rev { "rsplit" } else { "split" };
    let args = crate::args::parse(name, &a[1..], kw, &["sep", "maxsplit"], 0)?;
    let maxsplit = match &args[1] {
        Some(m) => crate::types::int::index_i64(m)?,
        None => -1,
    };
    let s = this(&a[0])?.as_str();
    let parts: Vec<&str> = match &args[0] {
        None | Some(Value::None) => {
            if rev {
                rsplit_ws(s, maxsplit)
            } else {
                split_ws(s, maxsplit)
            }
        }
        Some(sepv) => {
            let sep = as_str(sepv).ok_or_else(|| {
                type_error(format!("must be str or None, not {}", sepv.type_name()))
            })?;
            if sep.is_empty() {
                return Err(value_error("empty separator"));
            }
            if rev {
                let mut p: Vec<&str> = if maxsplit < 0 {
                    s.rsplit(sep).collect()
                } else {
                    s.rsplitn(maxsplit as usize + 1, sep).collect()
                };
                p.reverse();
                p
            } else if maxsplit < 0 {
                s.split(sep).collect()
            } else {
                s.splitn(maxsplit as usize + 1, sep).collect()
            }
        }
    };
    // an unsplit exact str is returned as is
    if parts.len() == 1 && parts[0].len() == s.len() && a[0].class_ref().is(&types().str) {
        return Ok(crate::types::list::new_list(vec![a[0].clone()]));
    }
    Ok(crate::types::list::new_list(
        parts.into_iter().map(Value::from).collect(),
    ))
}

fn is_linebreak(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r'
            | '\x0b'
            | '\x0c'
            | '\x1c'
            | '\x1d'
            | '\x1e'
            | '\u{85}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

fn splitlines(a: &[Value], kw: Kw) -> PyResult<Value> {
    let args = crate::args::parse("splitlines", &a[1..], kw, &["keepends"], 0)?;
    let keep = match &args[0] {
        Some(k) => crate::types::int::index_i64(k)? != 0,
        None => false,
    };
    let s = this(&a[0])?.as_str();
    let mut out = Vec::new();
    let mut start = 0;
    let mut it = s.char_indices().peekable();
    while let Some((b, c)) = it.next() {
        if !is_linebreak(c) {
            continue;
        }
        let mut end = b + c.len_utf8();
        if c == '\r' {
            if let Some(&(_, '\n')) = it.peek() {
                it.next();
                end += 1;
            }
        }
        out.push(Value::from(if keep {
            &s[start..end]
        } else {
            &s[start..b]
        }));
        start = end;
    }
    if start < s.len() {
        out.push(Value::from(&s[start..]));
    }
    Ok(crate::types::list::new_list(out))
}

fn join(a: &[Value], kw: Kw) -> PyResult<Value> {
    let arg = onearg("str.join", a, kw)?;
    let sep = this(&a[0])?.as_str().to_string();
    if !crate::ops::is_iterable(arg) {
        return Err(type_error("can only join an iterable"));
    }
    let items = crate::ops::iterate(arg)?;
    if items.len() == 1 && items[0].class_ref().is(&types().str) {
        return Ok(items[0].clone());
    }
    let mut total = 0usize;
    for (i, it) in items.iter().enumerate() {
        match as_str(it) {
            Some(s) => total += s.len(),
            None => {
                return Err(type_error(format!(
                    "sequence item {}: expected str instance, {} found",
                    i,
                    it.type_name()
                )))
            }
        }
    }
    total += sep.len() * items.len().saturating_sub(1);
    if total > crate::types::bytes::MAX_ALLOC {
        return Err(memory_error());
    }
    let mut out = String::with_capacity(total);
    for (i, it) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(&sep);
        }
        out.push_str(as_str(it).unwrap_or(""));
    }
    Ok(new_string(out))
}

fn strip_impl(a: &[Value], kw: Kw, left: bool, right: bool, name: &str) -> PyResult<Value> {
    let args = unpack(name, &format!("str.{}", name), a, kw, 0, 1)?;
    let s = this(&a[0])?.as_str();
    let r = match args.first() {
        None | Some(Value::None) => {
            let mut t = s;
            if left {
                t = t.trim_start_matches(is_space);
            }
            if right {
                t = t.trim_end_matches(is_space);
            }
            t
        }
        Some(chars) => {
            let cs = as_str(chars)
                .ok_or_else(|| type_error(format!("{} arg must be None or str", name)))?;
            let set: Vec<char> = cs.chars().collect();
            let mut t = s;
            if left {
                t = t.trim_start_matches(|c| set.contains(&c));
            }
            if right {
                t = t.trim_end_matches(|c| set.contains(&c));
            }
            t
        }
    };
    if r.len() == s.len() {
        return same(&a[0]);
    }
    Ok(Value::from(r))
}

fn partition(a: &[Value], kw: Kw, rev: bool) -> PyResult<Value> {
    let sepv = onearg(
        if rev {
            "str.rpartition"
        } else {
            "str.partition"
        },
        a,
        kw,
    )?;
    let s = this(&a[0])?.as_str();
    let sep = arg_must_str(sepv)?.as_str();
    if sep.is_empty() {
        return Err(value_error("empty separator"));
    }
    let pos = if rev { s.rfind(sep) } else { s.find(sep) };
    Ok(crate::types::tuple::new_tuple(match pos {
        Some(p) => vec![
            Value::from(&s[..p]),
            same(sepv)?,
            Value::from(&s[p + sep.len()..]),
        ],
        None => {
            if rev {
                vec![Value::from(""), Value::from(""), same(&a[0])?]
            } else {
                vec![same(&a[0])?, Value::from(""), Value::from("")]
            }
        }
    }))
}

fn replace(a: &[Value], kw: Kw) -> PyResult<Value> {
    let args = unpack("replace", "str.replace", a, kw, 2, 3)?;
    let old = as_str(&args[0]).ok_or_else(|| {
        type_error(format!(
            "replace() argument 1 must be str, not {}",
            args[0].type_name()
        ))
    })?;
    let new = as_str(&args[1]).ok_or_else(|| {
        type_error(format!(
            "replace() argument 2 must be str, not {}",
            args[1].type_name()
        ))
    })?;
    let count = match args.get(2) {
        Some(c) => crate::types::int::index_i64(c)?,
        None => -1,
    };
    let s = this(&a[0])?.as_str();
    let max = if count < 0 {
        usize::MAX
    } else {
        count as usize
    };
    if max == 0 {
        return same(&a[0]);
    }
    if old.is_empty() {
        let n = max.min(char_len(s) + 1);
        let total = s.len() as u128 + n as u128 * new.len() as u128;
        if total > crate::types::bytes::MAX_ALLOC as u128 {
            return Err(overflow_error("replace string is too long"));
        }
        let mut out = String::with_capacity(total as usize);
        let mut done = 0;
        for c in s.chars() {
            if done < n {
                out.push_str(new);
                done += 1;
            }
            out.push(c);
        }
        if done < n {
            out.push_str(new);
        }
        return Ok(new_string(out));
    }
    if new.len() > old.len() {
        let hits = s.matches(old).take(max).count() as u128;
        if s.len() as u128 + hits * (new.len() - old.len()) as u128
            > crate::types::bytes::MAX_ALLOC as u128
        {
            return Err(overflow_error("replace string is too long"));
        }
    }
    if !s.contains(old) {
        return same(&a[0]);
    }
    Ok(new_string(if count < 0 {
        s.replace(old, new)
    } else {
        s.replacen(old, new, max)
    }))
}

fn pad_impl(a: &[Value], kw: Kw, name: &str, mode: u8) -> PyResult<Value> {
    let args = unpack(name, &format!("str.{}", name), a, kw, 1, 2)?;
    let width = crate::types::int::index_i64(&args[0])?;
    let fill = match args.get(1) {
        Some(f) => {
            let fs = as_pystr(f).ok_or_else(|| {
                type_error(format!(
                    "The fill character must be a unicode character, not {}",
                    f.type_name()
                ))
            })?;
            if fs.len() != 1 {
                return Err(type_error(
                    "The fill character must be exactly one character long",
                ));
            }
            fs.char_at(0)
        }
        None => ' ',
    };
    let s = this(&a[0])?;
    let n = s.len() as i64;
    if width <= n {
        return same(&a[0]);
    }
    if width as u64 > crate::types::bytes::MAX_ALLOC as u64 {
        return Err(memory_error());
    }
    let marg = (width - n) as usize;
    let (l, r) = match mode {
        0 => (0, marg),
        1 => (marg, 0),
        _ => {
            let left = marg / 2 + (marg & width as usize & 1);
            (left, marg - left)
        }
    };
    let mut out = String::with_capacity(s.as_str().len() + marg * fill.len_utf8());
    out.extend(std::iter::repeat(fill).take(l));
    out.push_str(s.as_str());
    out.extend(std::iter::repeat(fill).take(r));
    Ok(new_string(out))
}

fn zfill(a: &[Value], kw: Kw) -> PyResult<Value> {
    let w = onearg("str.zfill", a, kw)?;
    let w = crate::types::int::index_i64(w)?;
    let s = this(&a[0])?;
    let n = s.len() as i64;
    if w <= n {
        return same(&a[0]);
    }
    if w as u64 > crate::types::bytes::MAX_ALLOC as u64 {
        return Err(memory_error());
    }
    let st = s.as_str();
    let fill = "0".repeat((w - n) as usize);
    Ok(new_string(match st.as_bytes().first() {
        Some(b'+') | Some(b'-') => format!("{}{}{}", &st[..1], fill, &st[1..]),
        _ => format!("{}{}", fill, st),
    }))
}

fn expandtabs(a: &[Value], kw: Kw) -> PyResult<Value> {
    let args = crate::args::parse("expandtabs", &a[1..], kw, &["tabsize"], 0)?;
    let ts = match &args[0] {
        Some(v) => c_int(v)?,
        None => 8,
    };
    let s = this(&a[0])?.as_str();
    if !s.contains('\t') {
        return same(&a[0]);
    }
    let mut out = String::with_capacity(s.len() + 16);
    let mut col: i64 = 0;
    for c in s.chars() {
        match c {
            '\t' => {
                if ts > 0 {
                    let n = ts - col % ts;
                    if out.len() as i64 + n > crate::types::bytes::MAX_ALLOC as i64 {
                        return Err(overflow_error("new string is too long"));
                    }
                    out.extend(std::iter::repeat(' ').take(n as usize));
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
}

fn translate(a: &[Value], kw: Kw) -> PyResult<Value> {
    let table = onearg("str.translate", a, kw)?;
    let s = this(&a[0])?.as_str().to_string();
    let mut out = String::with_capacity(s.len());
    let mut cache: std::collections::HashMap<char, Option<String>> =
        std::collections::HashMap::new();
    for c in s.chars() {
        if let Some(r) = cache.get(&c) {
            match r {
                Some(t) => out.push_str(t),
                None => out.push(c),
            }
            continue;
        }
        let cp = crate::types::str::code_point(c) as i64;
        let mapped: Option<String> = match crate::ops::getitem(table, &Value::Int(cp)) {
            Ok(Value::None) => Some(String::new()),
            Ok(v) => {
                if let Some(st) = as_str(&v) {
                    Some(st.to_string())
                } else if crate::types::int::is_int(&v) {
                    let i = crate::types::int::as_i64(&v).unwrap_or(-1);
                    if !(0..0x110000).contains(&i) {
                        return Err(value_error("character mapping must be in range(0x110000)"));
                    }
                    match crate::types::str::char_from_code_point(i as u32) {
                        Some(ch) => Some(ch.to_string()),
                        None => {
                            return Err(value_error("character mapping must be in range(0x110000)"))
                        }
                    }
                } else {
                    return Err(type_error(
                        "character mapping must return integer, None or str",
                    ));
                }
            }
            Err(e) if e.matches(&crate::types::exceptions::exc().lookup_error) => None,
            Err(e) => return Err(e),
        };
        match &mapped {
            Some(t) => out.push_str(t),
            None => out.push(c),
        }
        cache.insert(c, mapped);
    }
    Ok(new_string(out))
}

fn maketrans(a: &[Value], kw: Kw) -> PyResult<Value> {
    no_kw("str.maketrans", kw)?;
    if a.is_empty() {
        return Err(type_error("maketrans expected at least 1 argument, got 0"));
    }
    if a.len() > 3 {
        return Err(type_error(format!(
            "maketrans expected at most 3 arguments, got {}",
            a.len()
        )));
    }
    let d = crate::types::dict::new_dict();
    let dd = crate::types::dict::as_dict(&d).ok_or_else(|| type_error("dict expected"))?;
    if a.len() == 1 {
        let src = crate::types::dict::as_dict(&a[0]).ok_or_else(|| {
            type_error("if you give only one argument to maketrans it must be a dict")
        })?;
        for (k, v) in src.items() {
            let key = match as_pystr(&k) {
                Some(s) if s.len() == 1 => {
                    Value::Int(crate::types::str::code_point(s.char_at(0)) as i64)
                }
                Some(_) => {
                    return Err(value_error(
                        "string keys in translate table must be of length 1",
                    ))
                }
                None if crate::types::int::is_int(&k) => k,
                None => {
                    return Err(type_error(
                        "keys in translate table must be strings or integers",
                    ))
                }
            };
            dd.set_item(key, v)?;
        }
        return Ok(d);
    }
    let x = as_str(&a[0]).ok_or_else(|| {
        type_error("first maketrans argument must be a string if there is a second argument")
    })?;
    let y = as_str(&a[1]).ok_or_else(|| {
        type_error(format!(
            "maketrans() argument 2 must be str, not {}",
            a[1].type_name()
        ))
    })?;
    let z = match a.get(2) {
        Some(z) => Some(as_str(z).ok_or_else(|| {
            type_error(format!(
                "maketrans() argument 3 must be str, not {}",
                z.type_name()
            ))
        })?),
        None => None,
    };
    if char_len(x) != char_len(y) {
        return Err(value_error(
            "the first two maketrans arguments must have equal length",
        ));
    }
    let cp = |c: char| Value::Int(crate::types::str::code_point(c) as i64);
    for (c, d2) in x.chars().zip(y.chars()) {
        dd.set_item(cp(c), cp(d2))?;
    }
    if let Some(z) = z {
        for c in z.chars() {
            dd.set_item(cp(c), Value::None)?;
        }
    }
    Ok(d)
}

fn affix(a: &[Value], kw: Kw, suffix: bool) -> PyResult<Value> {
    let name = if suffix {
        "removesuffix"
    } else {
        "removeprefix"
    };
    let p = onearg(&format!("str.{}", name), a, kw)?;
    let p = as_str(p).ok_or_else(|| {
        type_error(format!(
            "{}() argument must be str, not {}",
            name,
            p.type_name()
        ))
    })?;
    let s = this(&a[0])?.as_str();
    if !p.is_empty() {
        if suffix {
            if let Some(r) = s.strip_suffix(p) {
                return Ok(Value::from(r));
            }
        } else if let Some(r) = s.strip_prefix(p) {
            return Ok(Value::from(r));
        }
    }
    same(&a[0])
}

fn cmp(a: &[Value], kw: Kw, op: CmpOp) -> PyResult<Value> {
    wrapper("", "comparison", a, kw, 1)?;
    match (as_str(&a[0]), as_str(&a[1])) {
        (Some(x), Some(y)) => Ok(Value::Bool(crate::ops::cmp_ord(
            crate::types::str::cmp_code_points(x, y),
            op,
        ))),
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
            let e = match enc {
                Some(e) => as_str(e)
                    .ok_or_else(|| {
                        type_error(format!(
                            "str() argument 'encoding' must be str, not {}",
                            e.type_name()
                        ))
                    })?
                    .to_string(),
                None => "utf-8".into(),
            };
            let er = match errs {
                Some(e) => as_str(e)
                    .ok_or_else(|| {
                        type_error(format!(
                            "str() argument 'errors' must be str, not {}",
                            e.type_name()
                        ))
                    })?
                    .to_string(),
                None => "strict".into(),
            };
            let o = o
                .clone()
                .unwrap_or_else(|| crate::types::bytes::new_bytes(vec![]));
            if as_str(&o).is_some() {
                return Err(type_error("decoding str is not supported"));
            }
            let data = match crate::types::bytes::try_buffer(&o)? {
                Some(d) => d.into_owned(),
                None => {
                    return Err(type_error(format!(
                        "decoding to str: need a bytes-like object, {} found",
                        o.type_name()
                    )))
                }
            };
            crate::modules::codecs::decode(&data, &e, &er)?
        }
    };
    if cls.is(&types().str) {
        return Ok(v);
    }
    let s = as_str(&v).unwrap_or("").to_string();
    Ok(crate::types::misc::new_instance(
        &cls,
        Payload::Str(PyStr::from_string(s)),
    ))
}

fn getitem(a: &[Value], kw: Kw) -> PyResult<Value> {
    let key = &wrapper("", "__getitem__", a, kw, 1)?[0];
    let s = this(&a[0])?;
    if let Some(Payload::Slice(_)) = key.payload() {
        let (start, _stop, step, n) = crate::types::misc::slice_indices(key, s.len())?;
        let s = this(&a[0])?;
        if n == s.len() && step == 1 {
            return same(&a[0]);
        }
        if step == 1 {
            return Ok(Value::from(
                s.slice_chars(start as usize, start as usize + n),
            ));
        }
        let mut out = String::with_capacity(n);
        if s.is_ascii() {
            let b = s.as_str().as_bytes();
            let mut i = start;
            for _ in 0..n {
                out.push(b[i as usize] as char);
                i += step;
            }
        } else {
            let chars: Vec<char> = s.as_str().chars().collect();
            let mut i = start;
            for _ in 0..n {
                out.push(chars[i as usize]);
                i += step;
            }
        }
        return Ok(new_string(out));
    }
    let i = match key {
        Value::Int(i) => *i,
        _ => {
            if !crate::types::int::is_int(key)
                && crate::ops::attr::lookup_special(key, "__index__").is_none()
            {
                return Err(type_error(format!(
                    "string indices must be integers, not '{}'",
                    key.type_name()
                )));
            }
            crate::types::int::index_isize(key)?
        }
    };
    let s = this(&a[0])?;
    let n = s.len() as i64;
    let j = if i < 0 { i + n } else { i };
    if j < 0 || j >= n {
        return Err(index_error("string index out of range"));
    }
    let mut buf = [0u8; 4];
    Ok(crate::types::str::new_str(
        s.char_at(j as usize).encode_utf8(&mut buf),
    ))
}

fn repeat(a: &[Value], kw: Kw, rname: &str) -> PyResult<Value> {
    let other = &wrapper(" ", rname, a, kw, 1)?[0];
    let n = match other {
        Value::Int(n) => *n,
        _ => {
            if !crate::types::int::is_int(other)
                && crate::ops::attr::lookup_special(other, "__index__").is_none()
            {
                if rname == "__mul__" {
                    if let Some(r) =
                        crate::modules::bytesmethods::try_reflected(&a[0], other, "__rmul__")?
                    {
                        return Ok(r);
                    }
                }
                return Err(type_error(format!(
                    "can't multiply sequence by non-int of type '{}'",
                    other.type_name()
                )));
            }
            match crate::types::int::index_value(other)? {
                Value::Int(n) => n,
                o => {
                    return Err(overflow_error(format!(
                        "cannot fit '{}' into an index-sized integer",
                        o.type_name()
                    )))
                }
            }
        }
    };
    let s = this(&a[0])?.as_str();
    if n <= 0 || s.is_empty() {
        return Ok(Value::from(""));
    }
    if n == 1 {
        return same(&a[0]);
    }
    let total = s.len() as u128 * n as u128;
    if total > isize::MAX as u128 {
        return Err(overflow_error("repeated string is too long"));
    }
    if total > crate::types::bytes::MAX_ALLOC as u128 {
        return Err(memory_error());
    }
    Ok(new_string(s.repeat(n as usize)))
}

fn sizeof(s: &PyStr) -> i64 {
    let len = s.len() as i64;
    if s.is_ascii() {
        return 49 + len;
    }
    let maxc = s.as_str().chars().map(|c| c as u32).max().unwrap_or(0);
    let width = if maxc < 0x100 {
        1
    } else if maxc < 0x10000 {
        2
    } else {
        4
    };
    72 + width * (len + 1)
}

fn pred(a: &[Value], kw: Kw, name: &str, f: fn(&str) -> bool) -> PyResult<Value> {
    noargs(&format!("str.{}", name), a, kw)?;
    Ok(Value::Bool(f(this(&a[0])?.as_str())))
}

fn mapped(a: &[Value], kw: Kw, name: &str, f: fn(&str) -> String) -> PyResult<Value> {
    noargs(&format!("str.{}", name), a, kw)?;
    Ok(new_string(f(this(&a[0])?.as_str())))
}

pub fn init(t: &ObjRef) {
    add_staticmethod(t, "__new__", str_new);
    add_method(t, "__repr__", |a, kw| {
        wrapper("", "__repr__", a, kw, 0)?;
        Ok(Value::from(crate::types::str::repr_str(
            this(&a[0])?.as_str(),
        )))
    });
    add_method(t, "__str__", |a, kw| {
        wrapper("", "__str__", a, kw, 0)?;
        same(&a[0])
    });
    add_method(t, "__hash__", |a, kw| {
        wrapper("", "__hash__", a, kw, 0)?;
        Ok(Value::Int(this(&a[0])?.hash()))
    });
    add_method(t, "__len__", |a, kw| {
        wrapper("", "__len__", a, kw, 0)?;
        Ok(Value::Int(this(&a[0])?.len() as i64))
    });
    add_method(t, "__eq__", |a, kw| cmp(a, kw, CmpOp::Eq));
    add_method(t, "__ne__", |a, kw| cmp(a, kw, CmpOp::Ne));
    add_method(t, "__lt__", |a, kw| cmp(a, kw, CmpOp::Lt));
    add_method(t, "__le__", |a, kw| cmp(a, kw, CmpOp::Le));
    add_method(t, "__gt__", |a, kw| cmp(a, kw, CmpOp::Gt));
    add_method(t, "__ge__", |a, kw| cmp(a, kw, CmpOp::Ge));
    add_method(t, "__contains__", |a, kw| {
        let sub = &wrapper("", "__contains__", a, kw, 1)?[0];
        let s = this(&a[0])?.as_str();
        let sub = as_str(sub).ok_or_else(|| {
            type_error(format!(
                "'in <string>' requires string as left operand, not {}",
                sub.type_name()
            ))
        })?;
        Ok(Value::Bool(s.contains(sub)))
    });
    add_method(t, "__iter__", |a, kw| {
        wrapper("", "__iter__", a, kw, 0)?;
        this(&a[0])?;
        Ok(crate::types::iter::new_str_iter(a[0].clone()))
    });
    add_method(t, "__getitem__", getitem);
    add_method(t, "__add__", |a, kw| {
        let other = &wrapper("", "__add__", a, kw, 1)?[0];
        let x = this(&a[0])?.as_str();
        let Some(y) = as_str(other) else {
            if let Some(r) = crate::modules::bytesmethods::try_reflected(&a[0], other, "__radd__")?
            {
                return Ok(r);
            }
            return Err(type_error(format!(
                "can only concatenate str (not \"{}\") to str",
                other.type_name()
            )));
        };
        let mut s = String::with_capacity(x.len() + y.len());
        s.push_str(x);
        s.push_str(y);
        Ok(new_string(s))
    });
    add_method(t, "__mul__", |a, kw| repeat(a, kw, "__mul__"));
    add_method(t, "__rmul__", |a, kw| repeat(a, kw, "__rmul__"));
    add_method(t, "__mod__", |a, kw| {
        let v = &wrapper("", "__mod__", a, kw, 1)?[0];
        let f = this(&a[0])?.as_str().to_string();
        crate::modules::strformat::percent_format(&f, v).map(new_string)
    });
    add_method(t, "__rmod__", |a, kw| {
        wrapper("", "__rmod__", a, kw, 1)?;
        Ok(crate::types::misc::not_implemented())
    });
    add_method(t, "__format__", |a, kw| {
        let spec = onearg("str.__format__", a, kw)?;
        let spec = as_str(spec).ok_or_else(|| {
            type_error(format!(
                "__format__() argument must be str, not {}",
                spec.type_name()
            ))
        })?;
        if spec.is_empty() {
            // an empty spec means str(self): a subclass's __str__ counts
            if !a[0].class_ref().is(&crate::types::types().str) {
                return crate::ops::str_value(&a[0]);
            }
            return same(&a[0]);
        }
        Ok(new_string(crate::format::format_value_spec(&a[0], spec)?))
    });
    add_method(t, "__getnewargs__", |a, kw| {
        noargs("str.__getnewargs__", a, kw)?;
        Ok(crate::types::tuple::new_tuple(vec![Value::from(
            this(&a[0])?.as_str(),
        )]))
    });
    add_method(t, "__sizeof__", |a, kw| {
        noargs("str.__sizeof__", a, kw)?;
        Ok(Value::Int(sizeof(this(&a[0])?)))
    });
    add_method(t, "format", |a, kw| {
        let f = this(&a[0])?.as_str().to_string();
        crate::modules::strformat::str_format(&f, &a[1..], kw).map(new_string)
    });
    add_method(t, "format_map", |a, kw| {
        let m = onearg("str.format_map", a, kw)?;
        let f = this(&a[0])?.as_str().to_string();
        crate::modules::strformat::str_format_map(&f, m).map(new_string)
    });
    add_method(t, "join", join);
    add_method(t, "split", |a, kw| split_impl(a, kw, false));
    add_method(t, "rsplit", |a, kw| split_impl(a, kw, true));
    add_method(t, "splitlines", splitlines);
    add_method(t, "strip", |a, kw| strip_impl(a, kw, true, true, "strip"));
    add_method(t, "lstrip", |a, kw| {
        strip_impl(a, kw, true, false, "lstrip")
    });
    add_method(t, "rstrip", |a, kw| {
        strip_impl(a, kw, false, true, "rstrip")
    });
    add_method(t, "startswith", |a, kw| starts_ends(a, kw, false));
    add_method(t, "endswith", |a, kw| starts_ends(a, kw, true));
    add_method(t, "find", |a, kw| {
        Ok(Value::Int(
            find_impl(a, kw, "find", false)?.map_or(-1, |i| i as i64),
        ))
    });
    add_method(t, "rfind", |a, kw| {
        Ok(Value::Int(
            find_impl(a, kw, "rfind", true)?.map_or(-1, |i| i as i64),
        ))
    });
    add_method(t, "index", |a, kw| {
        find_impl(a, kw, "index", false)?
            .map(|i| Value::Int(i as i64))
            .ok_or_else(|| value_error("substring not found"))
    });
    add_method(t, "rindex", |a, kw| {
        find_impl(a, kw, "rindex", true)?
            .map(|i| Value::Int(i as i64))
            .ok_or_else(|| value_error("substring not found"))
    });
    add_method(t, "count", count_impl);
    add_method(t, "replace", replace);
    add_method(t, "upper", |a, kw| mapped(a, kw, "upper", s_upper));
    add_method(t, "lower", |a, kw| mapped(a, kw, "lower", s_lower));
    add_method(t, "casefold", |a, kw| mapped(a, kw, "casefold", s_casefold));
    add_method(t, "swapcase", |a, kw| mapped(a, kw, "swapcase", s_swapcase));
    add_method(t, "capitalize", |a, kw| {
        mapped(a, kw, "capitalize", s_capitalize)
    });
    add_method(t, "title", |a, kw| mapped(a, kw, "title", s_title));
    add_method(t, "center", |a, kw| pad_impl(a, kw, "center", 2));
    add_method(t, "ljust", |a, kw| pad_impl(a, kw, "ljust", 0));
    add_method(t, "rjust", |a, kw| pad_impl(a, kw, "rjust", 1));
    add_method(t, "zfill", zfill);
    add_method(t, "expandtabs", expandtabs);
    add_method(t, "partition", |a, kw| partition(a, kw, false));
    add_method(t, "rpartition", |a, kw| partition(a, kw, true));
    add_method(t, "removeprefix", |a, kw| affix(a, kw, false));
    add_method(t, "removesuffix", |a, kw| affix(a, kw, true));
    add_method(t, "isalpha", |a, kw| {
        pred(a, kw, "isalpha", |s| {
            !s.is_empty() && s.chars().all(is_alpha)
        })
    });
    add_method(t, "isdigit", |a, kw| {
        pred(a, kw, "isdigit", |s| {
            !s.is_empty() && s.chars().all(is_digit)
        })
    });
    add_method(t, "isdecimal", |a, kw| {
        pred(a, kw, "isdecimal", |s| {
            !s.is_empty() && s.chars().all(is_decimal)
        })
    });
    add_method(t, "isnumeric", |a, kw| {
        pred(a, kw, "isnumeric", |s| {
            !s.is_empty() && s.chars().all(is_numeric)
        })
    });
    add_method(t, "isalnum", |a, kw| {
        pred(a, kw, "isalnum", |s| {
            !s.is_empty() && s.chars().all(is_alnum)
        })
    });
    add_method(t, "isspace", |a, kw| {
        pred(a, kw, "isspace", |s| {
            !s.is_empty() && s.chars().all(is_space)
        })
    });
    add_method(t, "islower", |a, kw| pred(a, kw, "islower", s_islower));
    add_method(t, "isupper", |a, kw| pred(a, kw, "isupper", s_isupper));
    add_method(t, "istitle", |a, kw| pred(a, kw, "istitle", s_istitle));
    add_method(t, "isidentifier", |a, kw| {
        pred(a, kw, "isidentifier", s_isidentifier)
    });
    add_method(t, "isprintable", |a, kw| {
        pred(a, kw, "isprintable", |s| {
            s.chars().all(pyrite_format::is_printable)
        })
    });
    add_method(t, "isascii", |a, kw| {
        pred(a, kw, "isascii", |s| s.is_ascii())
    });
    add_method(t, "encode", |a, kw| {
        let args = crate::args::parse("encode", &a[1..], kw, &["encoding", "errors"], 0)?;
        let enc = match &args[0] {
            Some(e) => as_str(e)
                .ok_or_else(|| {
                    type_error(format!(
                        "encode() argument 'encoding' must be str, not {}",
                        e.type_name()
                    ))
                })?
                .to_string(),
            None => "utf-8".into(),
        };
        let errs = match &args[1] {
            Some(e) => as_str(e)
                .ok_or_else(|| {
                    type_error(format!(
                        "encode() argument 'errors' must be str, not {}",
                        e.type_name()
                    ))
                })?
                .to_string(),
            None => "strict".into(),
        };
        let s = this(&a[0])?.as_str().to_string();
        crate::modules::codecs::encode_value(&a[0], &s, &enc, &errs)
    });
    add_staticmethod(t, "maketrans", maketrans);
    add_method(t, "translate", translate);
}
