//! The methods `bytes` and `bytearray` share (searching, splitting, padding, case
//! conversion, `hex`/`fromhex`, ...). Results have the type of `self` (exact `bytes`
//! or `bytearray`).

use crate::errors::*;
use crate::object::ObjRef;
use crate::types::bytes::{
    byte_value, need_buffer, new_bytearray, new_bytes, self_data, try_buffer,
};
use crate::types::function::Kw;
use crate::types::typeobj::{add_method, add_staticmethod};
use crate::types::{types, Payload};
use crate::value::Value;

/// `self`'s bytes (bytes or bytearray).
fn sd(v: &Value) -> PyResult<&[u8]> {
    self_data(v).ok_or_else(|| {
        type_error(format!(
            "descriptor requires a 'bytes' object but received a '{}'",
            v.type_name()
        ))
    })
}

/// The qualified method name for messages: "bytes.m" or "bytearray.m".
pub fn q(a: &[Value], name: &str) -> String {
    format!(
        "{}.{}",
        if is_bytearray(&a[0]) {
            "bytearray"
        } else {
            "bytes"
        },
        name
    )
}

fn is_bytearray(v: &Value) -> bool {
    matches!(v.payload(), Some(Payload::ByteArray(_)))
}

/// A new object of `self`'s kind.
fn mk(this: &Value, d: Vec<u8>) -> Value {
    if is_bytearray(this) {
        new_bytearray(d)
    } else {
        new_bytes(d)
    }
}

/// `self` unchanged: the object itself for exact bytes, else a copy.
fn same(this: &Value) -> PyResult<Value> {
    if this.class_ref().is(&types().bytes) {
        return Ok(this.clone());
    }
    Ok(mk(this, sd(this)?.to_vec()))
}

pub fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// The first occurrence of `needle` in `hay`.
pub fn find_bytes(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    if needle.len() > hay.len() {
        return None;
    }
    let first = needle[0];
    let last = hay.len() - needle.len();
    let mut i = 0;
    while i <= last {
        match hay[i..=last].iter().position(|&c| c == first) {
            None => return None,
            Some(p) => {
                i += p;
                if &hay[i..i + needle.len()] == needle {
                    return Some(i);
                }
                i += 1;
            }
        }
    }
    None
}

/// The last occurrence of `needle` in `hay`.
pub fn rfind_bytes(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(hay.len());
    }
    if needle.len() > hay.len() {
        return None;
    }
    (0..=hay.len() - needle.len())
        .rev()
        .find(|&i| &hay[i..i + needle.len()] == needle)
}

/// Non-overlapping occurrences of `needle` (non-empty) in `hay`, at most `max`.
fn count_bytes(hay: &[u8], needle: &[u8], max: usize) -> usize {
    let mut n = 0;
    let mut i = 0;
    while n < max {
        match find_bytes(&hay[i..], needle) {
            Some(p) => {
                n += 1;
                i += p + needle.len();
            }
            None => break,
        }
    }
    n
}

/// A `start`/`end` argument (`_PyEval_SliceIndex`): None or an index, clamped.
pub fn slice_index(v: Option<&Value>) -> PyResult<Option<i64>> {
    match v {
        None | Some(Value::None) => Ok(None),
        Some(Value::Int(i)) => Ok(Some(*i)),
        Some(x) => {
            if !crate::types::int::is_int(x)
                && crate::ops::attr::lookup_special(x, "__index__").is_none()
            {
                return Err(type_error(
                    "slice indices must be integers or None or have an __index__ method",
                ));
            }
            Ok(Some(crate::types::int::index_clamped(x)?))
        }
    }
}

/// CPython's ADJUST_INDICES: `end` clamped to [0, len], `start` to >= 0 (may exceed len).
pub fn adjust(start: Option<i64>, end: Option<i64>, len: usize) -> (i64, i64) {
    let len = len as i64;
    let mut e = end.unwrap_or(len);
    if e > len {
        e = len;
    } else if e < 0 {
        e = e.saturating_add(len).max(0);
    }
    let mut s = start.unwrap_or(0);
    if s < 0 {
        s = s.saturating_add(len).max(0);
    }
    (s, e)
}

/// The `sub` argument of find/count/index: a buffer or an int in range(256).
fn needle(v: &Value) -> PyResult<Vec<u8>> {
    if let Some(b) = try_buffer(v)? {
        return Ok(b.into_owned());
    }
    if !crate::types::int::is_int(v) && crate::ops::attr::lookup_special(v, "__index__").is_none() {
        return Err(type_error(format!(
            "argument should be integer or bytes-like object, not '{}'",
            v.type_name()
        )));
    }
    match crate::types::int::index_clamped(v)? {
        i @ 0..=255 => Ok(vec![i as u8]),
        _ => Err(value_error("byte must be in range(0, 256)")),
    }
}

/// find/rfind/index/rindex: the position or None.
fn find_common(a: &[Value], kw: Kw, name: &str, rev: bool) -> PyResult<Option<usize>> {
    finds(name, a, kw)?;
    let sub = needle(&a[1])?;
    let start = slice_index(a.get(2))?;
    let end = slice_index(a.get(3))?;
    let d = sd(&a[0])?;
    let (s, e) = adjust(start, end, d.len());
    if e - s < sub.len() as i64 {
        return Ok(None);
    }
    let hay = &d[s as usize..e as usize];
    let r = if rev {
        rfind_bytes(hay, &sub)
    } else {
        find_bytes(hay, &sub)
    };
    Ok(r.map(|p| p + s as usize))
}

fn count(a: &[Value], kw: Kw) -> PyResult<Value> {
    finds("count", a, kw)?;
    let sub = needle(&a[1])?;
    let start = slice_index(a.get(2))?;
    let end = slice_index(a.get(3))?;
    let d = sd(&a[0])?;
    let (s, e) = adjust(start, end, d.len());
    if e < s {
        return Ok(Value::Int(0));
    }
    if sub.is_empty() {
        return Ok(Value::Int(e - s + 1));
    }
    Ok(Value::Int(
        count_bytes(&d[s as usize..e as usize], &sub, usize::MAX) as i64,
    ))
}

/// CPython's tailmatch for startswith/endswith.
fn tailmatch(d: &[u8], sub: &[u8], start: Option<i64>, end: Option<i64>, ends: bool) -> bool {
    let len = d.len() as i64;
    let (mut s, e) = adjust(start, end, d.len());
    let slen = sub.len() as i64;
    if !ends {
        if s > len - slen {
            return false;
        }
    } else {
        if e - s < slen || s > len {
            return false;
        }
        if e - slen > s {
            s = e - slen;
        }
    }
    if e - s < slen {
        return false;
    }
    if ends {
        &d[(e - slen) as usize..e as usize] == sub
    } else {
        &d[s as usize..(s + slen) as usize] == sub
    }
}

fn starts_ends(a: &[Value], kw: Kw, ends: bool) -> PyResult<Value> {
    let name = if ends { "endswith" } else { "startswith" };
    finds(name, a, kw)?;
    let start = slice_index(a.get(2))?;
    let end = slice_index(a.get(3))?;
    let d = sd(&a[0])?.to_vec();
    if let Some(t) = crate::types::tuple::as_tuple(&a[1]) {
        for p in t {
            let pb = need_buffer(p)?;
            if tailmatch(&d, &pb, start, end, ends) {
                return Ok(Value::Bool(true));
            }
        }
        return Ok(Value::Bool(false));
    }
    let Some(p) = try_buffer(&a[1])? else {
        return Err(type_error(format!(
            "{} first arg must be bytes or a tuple of bytes, not {}",
            name,
            a[1].type_name()
        )));
    };
    Ok(Value::Bool(tailmatch(&d, &p, start, end, ends)))
}

fn join(a: &[Value], kw: Kw) -> PyResult<Value> {
    onearg(&q(a, "join"), a, kw)?;
    if !crate::ops::is_iterable(&a[1]) {
        return Err(type_error("can only join an iterable"));
    }
    let items = crate::ops::iterate(&a[1])?;
    let mut parts: Vec<Vec<u8>> = Vec::with_capacity(items.len());
    for (i, it) in items.iter().enumerate() {
        match try_buffer(it)? {
            Some(b) => parts.push(b.into_owned()),
            None => {
                return Err(type_error(format!(
                    "sequence item {}: expected a bytes-like object, {} found",
                    i,
                    it.type_name()
                )))
            }
        }
    }
    let sep = sd(&a[0])?;
    let total: usize =
        parts.iter().map(|p| p.len()).sum::<usize>() + sep.len() * parts.len().saturating_sub(1);
    let mut out = Vec::with_capacity(total);
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(sep);
        }
        out.extend_from_slice(p);
    }
    Ok(mk(&a[0], out))
}

/// An argument converted like CPython's `int` converter (`_PyLong_AsInt`).
pub fn c_int(v: &Value) -> PyResult<i64> {
    let i = crate::types::int::index_value(v)?;
    match i {
        Value::Int(x) if x >= i32::MIN as i64 && x <= i32::MAX as i64 => Ok(x),
        _ => Err(overflow_error("Python int too large to convert to C int")),
    }
}

/// `maxsplit` (and similar count) arguments.
fn count_arg(v: &Option<Value>) -> PyResult<i64> {
    match v {
        None => Ok(-1),
        Some(x) => crate::types::int::index_i64(x),
    }
}

pub fn split_whitespace(s: &[u8], maxsplit: i64) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let n = s.len();
    let mut i = 0;
    let mut left = if maxsplit < 0 {
        usize::MAX
    } else {
        maxsplit as usize
    };
    while left > 0 {
        while i < n && is_space(s[i]) {
            i += 1;
        }
        if i == n {
            break;
        }
        let j = i;
        while i < n && !is_space(s[i]) {
            i += 1;
        }
        out.push(&s[j..i]);
        left -= 1;
    }
    if i < n {
        while i < n && is_space(s[i]) {
            i += 1;
        }
        if i != n {
            out.push(&s[i..]);
        }
    }
    out
}

pub fn rsplit_whitespace(s: &[u8], maxsplit: i64) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut i = s.len();
    let mut left = if maxsplit < 0 {
        usize::MAX
    } else {
        maxsplit as usize
    };
    while left > 0 {
        while i > 0 && is_space(s[i - 1]) {
            i -= 1;
        }
        if i == 0 {
            break;
        }
        let j = i;
        while i > 0 && !is_space(s[i - 1]) {
            i -= 1;
        }
        out.push(&s[i..j]);
        left -= 1;
    }
    if i > 0 {
        while i > 0 && is_space(s[i - 1]) {
            i -= 1;
        }
        if i != 0 {
            out.push(&s[..i]);
        }
    }
    out.reverse();
    out
}

pub fn split_sep<'a>(s: &'a [u8], sep: &[u8], maxsplit: i64) -> Vec<&'a [u8]> {
    let mut out = Vec::new();
    let mut left = if maxsplit < 0 {
        usize::MAX
    } else {
        maxsplit as usize
    };
    let mut i = 0;
    while left > 0 {
        match find_bytes(&s[i..], sep) {
            Some(p) => {
                out.push(&s[i..i + p]);
                i += p + sep.len();
                left -= 1;
            }
            None => break,
        }
    }
    out.push(&s[i..]);
    out
}

pub fn rsplit_sep<'a>(s: &'a [u8], sep: &[u8], maxsplit: i64) -> Vec<&'a [u8]> {
    let mut out = Vec::new();
    let mut left = if maxsplit < 0 {
        usize::MAX
    } else {
        maxsplit as usize
    };
    let mut j = s.len();
    while left > 0 {
        match rfind_bytes(&s[..j], sep) {
            Some(p) => {
                out.push(&s[p + sep.len()..j]);
                j = p;
                left -= 1;
            }
            None => break,
        }
    }
    out.push(&s[..j]);
    out.reverse();
    out
}

fn split(a: &[Value], kw: Kw, rev: bool) -> PyResult<Value> {
    let name = if rev { "rsplit" } else { "split" };
    let args = crate::args::parse(name, &a[1..], kw, &["sep", "maxsplit"], 0)?;
    let maxsplit = count_arg(&args[1])?;
    let sep = match &args[0] {
        None | Some(Value::None) => None,
        Some(v) => Some(need_buffer(v)?.into_owned()),
    };
    let d = sd(&a[0])?;
    let parts = match &sep {
        None => {
            if rev {
                rsplit_whitespace(d, maxsplit)
            } else {
                split_whitespace(d, maxsplit)
            }
        }
        Some(s) => {
            if s.is_empty() {
                return Err(value_error("empty separator"));
            }
            if rev {
                rsplit_sep(d, s, maxsplit)
            } else {
                split_sep(d, s, maxsplit)
            }
        }
    };
    let items: Vec<Value> = parts.into_iter().map(|p| mk(&a[0], p.to_vec())).collect();
    Ok(crate::types::list::new_list(items))
}

fn splitlines(a: &[Value], kw: Kw) -> PyResult<Value> {
    let args = crate::args::parse("splitlines", &a[1..], kw, &["keepends"], 0)?;
    let keep = match &args[0] {
        Some(v) => crate::types::int::index_i64(v)? != 0,
        None => false,
    };
    let d = sd(&a[0])?;
    let mut out = Vec::new();
    let n = d.len();
    let mut i = 0;
    while i < n {
        let j = i;
        while i < n && d[i] != b'\n' && d[i] != b'\r' {
            i += 1;
        }
        let mut eol = i;
        if i < n {
            if d[i] == b'\r' && i + 1 < n && d[i + 1] == b'\n' {
                i += 2;
            } else {
                i += 1;
            }
            if keep {
                eol = i;
            }
        }
        out.push(mk(&a[0], d[j..eol].to_vec()));
    }
    Ok(crate::types::list::new_list(out))
}

fn strip(a: &[Value], kw: Kw, left: bool, right: bool, name: &str) -> PyResult<Value> {
    unpack(name, &q(a, name), a, kw, 0, 1)?;
    let chars: Option<Vec<u8>> = match a.get(1) {
        None | Some(Value::None) => None,
        Some(v) => Some(need_buffer(v)?.into_owned()),
    };
    let d = sd(&a[0])?;
    let keep = |c: u8| match &chars {
        None => is_space(c),
        Some(cs) => cs.contains(&c),
    };
    let mut s = 0;
    let mut e = d.len();
    if left {
        while s < e && keep(d[s]) {
            s += 1;
        }
    }
    if right {
        while e > s && keep(d[e - 1]) {
            e -= 1;
        }
    }
    if s == 0 && e == d.len() {
        return same(&a[0]);
    }
    Ok(mk(&a[0], d[s..e].to_vec()))
}

fn partition(a: &[Value], kw: Kw, rev: bool) -> PyResult<Value> {
    onearg(&q(a, if rev { "rpartition" } else { "partition" }), a, kw)?;
    let sep = need_buffer(&a[1])?.into_owned();
    if sep.is_empty() {
        return Err(value_error("empty separator"));
    }
    let d = sd(&a[0])?;
    let pos = if rev {
        rfind_bytes(d, &sep)
    } else {
        find_bytes(d, &sep)
    };
    let parts = match pos {
        Some(p) => vec![
            mk(&a[0], d[..p].to_vec()),
            mk(&a[0], sep.clone()),
            mk(&a[0], d[p + sep.len()..].to_vec()),
        ],
        None => {
            let whole = same(&a[0])?;
            if rev {
                vec![mk(&a[0], vec![]), mk(&a[0], vec![]), whole]
            } else {
                vec![whole, mk(&a[0], vec![]), mk(&a[0], vec![])]
            }
        }
    };
    Ok(crate::types::tuple::new_tuple(parts))
}

/// `replace` on raw bytes (count < 0: all).
pub fn replace_bytes(d: &[u8], old: &[u8], new: &[u8], count: i64) -> PyResult<Vec<u8>> {
    let max = if count < 0 {
        usize::MAX
    } else {
        count as usize
    };
    if max == 0 {
        return Ok(d.to_vec());
    }
    if old.is_empty() {
        let n = max.min(d.len() + 1);
        let total = d.len() as u128 + (n as u128) * (new.len() as u128);
        if total > crate::types::bytes::MAX_ALLOC as u128 {
            return Err(overflow_error("replace bytes is too long"));
        }
        let mut out = Vec::with_capacity(total as usize);
        for (i, &c) in d.iter().enumerate() {
            if i < n {
                out.extend_from_slice(new);
            }
            out.push(c);
        }
        if n > d.len() {
            out.extend_from_slice(new);
        }
        return Ok(out);
    }
    let mut out = Vec::with_capacity(d.len());
    let mut i = 0;
    let mut done = 0;
    while done < max {
        match find_bytes(&d[i..], old) {
            Some(p) => {
                out.extend_from_slice(&d[i..i + p]);
                out.extend_from_slice(new);
                i += p + old.len();
                done += 1;
                if out.len() > crate::types::bytes::MAX_ALLOC {
                    return Err(memory_error());
                }
            }
            None => break,
        }
    }
    out.extend_from_slice(&d[i..]);
    Ok(out)
}

fn replace(a: &[Value], kw: Kw) -> PyResult<Value> {
    unpack("replace", &q(a, "replace"), a, kw, 2, 3)?;
    let old = need_buffer(&a[1])?.into_owned();
    let new = need_buffer(&a[2])?.into_owned();
    let count = match a.get(3) {
        Some(c) => crate::types::int::index_i64(c)?,
        None => -1,
    };
    let d = sd(&a[0])?;
    Ok(mk(&a[0], replace_bytes(d, &old, &new, count)?))
}

/// The `fillchar` argument of center/ljust/rjust.
fn fill_byte(v: Option<&Value>, name: &str) -> PyResult<u8> {
    let Some(v) = v else { return Ok(b' ') };
    match v.payload() {
        Some(Payload::Bytes(_)) | Some(Payload::ByteArray(_)) => {
            let d = self_data(v).unwrap_or(&[]);
            if d.len() == 1 {
                return Ok(d[0]);
            }
        }
        _ => {}
    }
    Err(type_error(format!(
        "{}() argument 2 must be a byte string of length 1, not {}",
        name,
        v.type_name()
    )))
}

fn pad(a: &[Value], kw: Kw, name: &str, mode: u8) -> PyResult<Value> {
    unpack(name, &q(a, name), a, kw, 1, 2)?;
    let width = crate::types::int::index_i64(&a[1])?;
    let fill = fill_byte(a.get(2), name)?;
    let d = sd(&a[0])?;
    let n = d.len() as i64;
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
    let mut out = Vec::with_capacity(width as usize);
    out.resize(l, fill);
    out.extend_from_slice(d);
    out.resize(l + d.len() + r, fill);
    Ok(mk(&a[0], out))
}

fn zfill(a: &[Value], kw: Kw) -> PyResult<Value> {
    onearg(&q(a, "zfill"), a, kw)?;
    let width = crate::types::int::index_i64(&a[1])?;
    let d = sd(&a[0])?;
    let n = d.len() as i64;
    if width <= n {
        return same(&a[0]);
    }
    if width as u64 > crate::types::bytes::MAX_ALLOC as u64 {
        return Err(memory_error());
    }
    let fill = (width - n) as usize;
    let mut out = vec![b'0'; fill];
    out.extend_from_slice(d);
    if !d.is_empty() && (d[0] == b'+' || d[0] == b'-') {
        out[0] = d[0];
        out[fill] = b'0';
    }
    Ok(mk(&a[0], out))
}

fn expandtabs(a: &[Value], kw: Kw) -> PyResult<Value> {
    let args = crate::args::parse("expandtabs", &a[1..], kw, &["tabsize"], 0)?;
    let ts = match &args[0] {
        Some(v) => c_int(v)?,
        None => 8,
    };
    let d = sd(&a[0])?;
    let mut out = Vec::with_capacity(d.len());
    let mut col: i64 = 0;
    for &c in d {
        match c {
            b'\t' => {
                if ts > 0 {
                    let n = ts - col % ts;
                    if out.len() as i64 + n > crate::types::bytes::MAX_ALLOC as i64 {
                        return Err(overflow_error("result too long"));
                    }
                    out.resize(out.len() + n as usize, b' ');
                    col += n;
                }
            }
            b'\n' | b'\r' => {
                out.push(c);
                col = 0;
            }
            _ => {
                out.push(c);
                col += 1;
            }
        }
    }
    Ok(mk(&a[0], out))
}

fn translate(a: &[Value], kw: Kw) -> PyResult<Value> {
    if a.len() - nkw(kw) < 2 {
        return Err(type_error(
            "translate() takes at least 1 positional argument (0 given)",
        ));
    }
    let args = crate::args::parse("translate", &a[1..], kw, &["", "delete"], 1)?;
    let table: Option<Vec<u8>> = match &args[0] {
        None | Some(Value::None) => None,
        Some(t) => {
            let b = need_buffer(t)?.into_owned();
            if b.len() != 256 {
                return Err(value_error("translation table must be 256 characters long"));
            }
            Some(b)
        }
    };
    let delete: Vec<u8> = match &args[1] {
        None => Vec::new(),
        Some(v) => need_buffer(v)?.into_owned(),
    };
    let d = sd(&a[0])?;
    let mut del = [false; 256];
    for &c in &delete {
        del[c as usize] = true;
    }
    let out: Vec<u8> = d
        .iter()
        .filter(|&&c| !del[c as usize])
        .map(|&c| match &table {
            Some(t) => t[c as usize],
            None => c,
        })
        .collect();
    if table.is_none() && out.len() == d.len() {
        return same(&a[0]);
    }
    Ok(mk(&a[0], out))
}

fn maketrans(a: &[Value], kw: Kw, qual: &str) -> PyResult<Value> {
    // static method: no self in `a`
    no_kw(qual, kw)?;
    if a.len() != 2 {
        return Err(type_error(format!(
            "maketrans expected 2 arguments, got {}",
            a.len()
        )));
    }
    let frm = need_buffer(&a[0])?.into_owned();
    let to = need_buffer(&a[1])?.into_owned();
    if frm.len() != to.len() {
        return Err(value_error("maketrans arguments must have same length"));
    }
    let mut t: Vec<u8> = (0..=255u8).collect();
    for (f, x) in frm.iter().zip(to.iter()) {
        t[*f as usize] = *x;
    }
    Ok(new_bytes(t))
}

/// `hex(sep, bytes_per_sep)` of raw bytes (shared with memoryview).
pub fn hex_impl(d: &[u8], sep: Option<&Value>, per: Option<&Value>) -> PyResult<String> {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let sep_char: Option<u8> = match sep {
        None => None,
        Some(s) => {
            let len = crate::ops::len(s)?;
            if len != 1 {
                return Err(value_error("sep must be length 1."));
            }
            if let Some(st) = crate::types::str::as_str(s) {
                let c = st.chars().next().unwrap_or(' ');
                if c as u32 > 127 {
                    return Err(value_error("sep must be ASCII."));
                }
                Some(c as u8)
            } else if let Some(Payload::Bytes(b)) = s.payload() {
                if b.data[0] > 127 {
                    return Err(value_error("sep must be ASCII."));
                }
                Some(b.data[0])
            } else {
                return Err(type_error("sep must be str or bytes."));
            }
        }
    };
    let per: i64 = match per {
        None => 1,
        Some(v) => {
            let i = crate::types::int::index_i64(v)?;
            if i > i32::MAX as i64 || i < i32::MIN as i64 {
                return Err(overflow_error("Python int too large to convert to C int"));
            }
            i
        }
    };
    let mut out = String::with_capacity(d.len() * 3);
    let push = |out: &mut String, b: u8| {
        out.push(HEX[(b >> 4) as usize] as char);
        out.push(HEX[(b & 15) as usize] as char);
    };
    match sep_char {
        Some(sc) if per != 0 && !d.is_empty() => {
            let g = per.unsigned_abs() as usize;
            for (i, &b) in d.iter().enumerate() {
                if i > 0 {
                    let boundary = if per > 0 {
                        (d.len() - i) % g == 0
                    } else {
                        i % g == 0
                    };
                    if boundary {
                        out.push(sc as char);
                    }
                }
                push(&mut out, b);
            }
        }
        _ => {
            for &b in d {
                push(&mut out, b);
            }
        }
    }
    Ok(out)
}

fn hex(a: &[Value], kw: Kw) -> PyResult<Value> {
    let args = crate::args::parse("hex", &a[1..], kw, &["sep", "bytes_per_sep"], 0)?;
    let d = sd(&a[0])?.to_vec();
    Ok(Value::from(hex_impl(
        &d,
        args[0].as_ref(),
        args[1].as_ref(),
    )?))
}

/// `bytes.fromhex(string)` contents.
pub fn fromhex(v: &Value) -> PyResult<Vec<u8>> {
    let Some(s) = crate::types::str::as_str(v) else {
        return Err(type_error(format!(
            "fromhex() argument must be str, not {}",
            v.type_name()
        )));
    };
    let chars: Vec<char> = s.chars().collect();
    let hexval = |c: char| c.to_digit(16);
    let sp = |c: char| matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c');
    let mut out = Vec::with_capacity(chars.len() / 2);
    let mut i = 0;
    let err = |p: usize| {
        value_error(format!(
            "non-hexadecimal number found in fromhex() arg at position {}",
            p
        ))
    };
    while i < chars.len() {
        if sp(chars[i]) {
            while i < chars.len() && sp(chars[i]) {
                i += 1;
            }
            if i >= chars.len() {
                break;
            }
        }
        let Some(top) = hexval(chars[i]) else {
            return Err(err(i));
        };
        let Some(bot) = chars.get(i + 1).and_then(|&c| hexval(c)) else {
            return Err(err(i + 1));
        };
        out.push((top * 16 + bot) as u8);
        i += 2;
    }
    Ok(out)
}

fn decode(a: &[Value], kw: Kw) -> PyResult<Value> {
    let args = crate::args::parse("decode", &a[1..], kw, &["encoding", "errors"], 0)?;
    let enc = match &args[0] {
        Some(v) => crate::types::str::as_str(v)
            .ok_or_else(|| {
                type_error(format!(
                    "decode() argument 'encoding' must be str, not {}",
                    v.type_name()
                ))
            })?
            .to_string(),
        None => "utf-8".into(),
    };
    let errors = match &args[1] {
        Some(v) => crate::types::str::as_str(v)
            .ok_or_else(|| {
                type_error(format!(
                    "decode() argument 'errors' must be str, not {}",
                    v.type_name()
                ))
            })?
            .to_string(),
        None => "strict".into(),
    };
    let d = sd(&a[0])?.to_vec();
    crate::modules::codecs::decode(&d, &enc, &errors)
}

fn pred(a: &[Value], kw: Kw, name: &str, f: fn(&[u8]) -> bool) -> PyResult<Value> {
    noargs(&q(a, name), a, kw)?;
    Ok(Value::Bool(f(sd(&a[0])?)))
}

fn map_bytes(a: &[Value], kw: Kw, name: &str, f: fn(&[u8]) -> Vec<u8>) -> PyResult<Value> {
    noargs(&q(a, name), a, kw)?;
    let d = sd(&a[0])?;
    Ok(mk(&a[0], f(d)))
}

fn istitle(s: &[u8]) -> bool {
    let mut cased = false;
    let mut prev_cased = false;
    for &c in s {
        if c.is_ascii_uppercase() {
            if prev_cased {
                return false;
            }
            prev_cased = true;
            cased = true;
        } else if c.is_ascii_lowercase() {
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

fn title(s: &[u8]) -> Vec<u8> {
    let mut prev_cased = false;
    s.iter()
        .map(|&c| {
            let r = if prev_cased {
                c.to_ascii_lowercase()
            } else {
                c.to_ascii_uppercase()
            };
            prev_cased = c.is_ascii_alphabetic();
            r
        })
        .collect()
}

fn capitalize(s: &[u8]) -> Vec<u8> {
    s.iter()
        .enumerate()
        .map(|(i, &c)| {
            if i == 0 {
                c.to_ascii_uppercase()
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect()
}

fn swapcase(s: &[u8]) -> Vec<u8> {
    s.iter()
        .map(|&c| {
            if c.is_ascii_uppercase() {
                c.to_ascii_lowercase()
            } else if c.is_ascii_lowercase() {
                c.to_ascii_uppercase()
            } else {
                c
            }
        })
        .collect()
}

fn affix(a: &[Value], kw: Kw, suffix: bool) -> PyResult<Value> {
    onearg(
        &q(
            a,
            if suffix {
                "removesuffix"
            } else {
                "removeprefix"
            },
        ),
        a,
        kw,
    )?;
    let p = need_buffer(&a[1])?.into_owned();
    let d = sd(&a[0])?;
    if !p.is_empty() && d.len() >= p.len() {
        if suffix && d.ends_with(&p) {
            return Ok(mk(&a[0], d[..d.len() - p.len()].to_vec()));
        }
        if !suffix && d.starts_with(&p) {
            return Ok(mk(&a[0], d[p.len()..].to_vec()));
        }
    }
    same(&a[0])
}

fn contains(a: &[Value], kw: Kw) -> PyResult<Value> {
    wrapper("", "__contains__", a, kw, 1)?;
    if let Some(sub) = try_buffer(&a[1])? {
        let sub = sub.into_owned();
        return Ok(Value::Bool(find_bytes(sd(&a[0])?, &sub).is_some()));
    }
    if !crate::types::int::is_int(&a[1])
        && crate::ops::attr::lookup_special(&a[1], "__index__").is_none()
    {
        return Err(type_error(format!(
            "a bytes-like object is required, not '{}'",
            a[1].type_name()
        )));
    }
    let b = byte_value(&a[1])?;
    Ok(Value::Bool(sd(&a[0])?.contains(&b)))
}

fn iter(a: &[Value], kw: Kw) -> PyResult<Value> {
    wrapper("", "__iter__", a, kw, 0)?;
    sd(&a[0])?;
    let ty = if is_bytearray(&a[0]) {
        &types().bytearray_iterator
    } else {
        &types().bytes_iterator
    };
    let it = crate::types::iter::PyIter::Seq {
        seq: std::cell::UnsafeCell::new(Some(a[0].clone())),
        index: std::cell::Cell::new(0),
        kind: crate::types::iter::SeqKind::GetItem,
    };
    Ok(Value::Obj(ObjRef::new(ty, Payload::Iter(Box::new(it)))))
}

pub fn init_common(t: &ObjRef) {
    add_method(t, "__len__", |a, kw| {
        wrapper("", "__len__", a, kw, 0)?;
        Ok(Value::Int(sd(&a[0])?.len() as i64))
    });
    add_method(t, "__contains__", contains);
    add_method(t, "__iter__", iter);
    add_method(t, "__mod__", |a, kw| {
        wrapper("", "__mod__", a, kw, 1)?;
        let d = sd(&a[0])?.to_vec();
        let r = crate::modules::strformat::bytes_percent_format(&d, &a[1])?;
        Ok(mk(&a[0], r))
    });
    add_method(t, "__rmod__", |a, kw| {
        wrapper("", "__rmod__", a, kw, 1)?;
        Ok(crate::types::misc::not_implemented())
    });
    add_method(t, "__format__", |a, kw| {
        let spec = onearg(&q(a, "__format__"), a, kw)?;
        let s = crate::types::str::as_str(spec).ok_or_else(|| {
            type_error(format!(
                "__format__() argument must be str, not {}",
                spec.type_name()
            ))
        })?;
        if !s.is_empty() {
            return Err(type_error(format!(
                "unsupported format string passed to {}.__format__",
                a[0].type_name()
            )));
        }
        crate::ops::str_value(&a[0])
    });
    add_method(t, "count", count);
    add_method(t, "find", |a, kw| {
        Ok(Value::Int(
            find_common(a, kw, "find", false)?.map_or(-1, |p| p as i64),
        ))
    });
    add_method(t, "rfind", |a, kw| {
        Ok(Value::Int(
            find_common(a, kw, "rfind", true)?.map_or(-1, |p| p as i64),
        ))
    });
    add_method(t, "index", |a, kw| {
        find_common(a, kw, "index", false)?
            .map(|p| Value::Int(p as i64))
            .ok_or_else(|| value_error("subsection not found"))
    });
    add_method(t, "rindex", |a, kw| {
        find_common(a, kw, "rindex", true)?
            .map(|p| Value::Int(p as i64))
            .ok_or_else(|| value_error("subsection not found"))
    });
    add_method(t, "startswith", |a, kw| starts_ends(a, kw, false));
    add_method(t, "endswith", |a, kw| starts_ends(a, kw, true));
    add_method(t, "join", join);
    add_method(t, "split", |a, kw| split(a, kw, false));
    add_method(t, "rsplit", |a, kw| split(a, kw, true));
    add_method(t, "splitlines", splitlines);
    add_method(t, "strip", |a, kw| strip(a, kw, true, true, "strip"));
    add_method(t, "lstrip", |a, kw| strip(a, kw, true, false, "lstrip"));
    add_method(t, "rstrip", |a, kw| strip(a, kw, false, true, "rstrip"));
    add_method(t, "partition", |a, kw| partition(a, kw, false));
    add_method(t, "rpartition", |a, kw| partition(a, kw, true));
    add_method(t, "replace", replace);
    add_method(t, "center", |a, kw| pad(a, kw, "center", 2));
    add_method(t, "ljust", |a, kw| pad(a, kw, "ljust", 0));
    add_method(t, "rjust", |a, kw| pad(a, kw, "rjust", 1));
    add_method(t, "zfill", zfill);
    add_method(t, "expandtabs", expandtabs);
    add_method(t, "translate", translate);
    if t.is(&types().bytearray) {
        add_staticmethod(t, "maketrans", |a, kw| {
            maketrans(a, kw, "bytearray.maketrans")
        });
    } else {
        add_staticmethod(t, "maketrans", |a, kw| maketrans(a, kw, "bytes.maketrans"));
    }
    add_method(t, "hex", hex);
    add_method(t, "decode", decode);
    add_method(t, "isalnum", |a, kw| {
        pred(a, kw, "isalnum", |s| {
            !s.is_empty() && s.iter().all(|c| c.is_ascii_alphanumeric())
        })
    });
    add_method(t, "isalpha", |a, kw| {
        pred(a, kw, "isalpha", |s| {
            !s.is_empty() && s.iter().all(|c| c.is_ascii_alphabetic())
        })
    });
    add_method(t, "isascii", |a, kw| {
        pred(a, kw, "isascii", |s| s.is_ascii())
    });
    add_method(t, "isdigit", |a, kw| {
        pred(a, kw, "isdigit", |s| {
            !s.is_empty() && s.iter().all(|c| c.is_ascii_digit())
        })
    });
    add_method(t, "isspace", |a, kw| {
        pred(a, kw, "isspace", |s| {
            !s.is_empty() && s.iter().all(|&c| is_space(c))
        })
    });
    add_method(t, "islower", |a, kw| {
        pred(a, kw, "islower", |s| {
            s.iter().any(|c| c.is_ascii_lowercase()) && !s.iter().any(|c| c.is_ascii_uppercase())
        })
    });
    add_method(t, "isupper", |a, kw| {
        pred(a, kw, "isupper", |s| {
            s.iter().any(|c| c.is_ascii_uppercase()) && !s.iter().any(|c| c.is_ascii_lowercase())
        })
    });
    add_method(t, "istitle", |a, kw| pred(a, kw, "istitle", istitle));
    add_method(t, "lower", |a, kw| {
        map_bytes(a, kw, "lower", |s| s.to_ascii_lowercase())
    });
    add_method(t, "upper", |a, kw| {
        map_bytes(a, kw, "upper", |s| s.to_ascii_uppercase())
    });
    add_method(t, "swapcase", |a, kw| {
        map_bytes(a, kw, "swapcase", swapcase)
    });
    add_method(t, "capitalize", |a, kw| {
        map_bytes(a, kw, "capitalize", capitalize)
    });
    add_method(t, "title", |a, kw| map_bytes(a, kw, "title", title));
    add_method(t, "removeprefix", |a, kw| affix(a, kw, false));
    add_method(t, "removesuffix", |a, kw| affix(a, kw, true));
}

// ---------------------------------------------------------------------------
// argument-count checks with CPython's exact messages (shared with str methods)

fn nkw(kw: Kw) -> usize {
    kw.map_or(0, |k| k.len())
}

/// "X.m() takes no keyword arguments".
pub fn no_kw(qual: &str, kw: Kw) -> PyResult<()> {
    if nkw(kw) > 0 {
        return Err(type_error(format!("{}() takes no keyword arguments", qual)));
    }
    Ok(())
}

/// A METH_NOARGS method (`a` includes self).
pub fn noargs(qual: &str, a: &[Value], kw: Kw) -> PyResult<()> {
    no_kw(qual, kw)?;
    if a.len() > 1 {
        return Err(type_error(format!(
            "{}() takes no arguments ({} given)",
            qual,
            a.len() - 1
        )));
    }
    Ok(())
}

/// A METH_O method: its single argument.
pub fn onearg<'a>(qual: &str, a: &'a [Value], kw: Kw) -> PyResult<&'a Value> {
    no_kw(qual, kw)?;
    if a.len() != 2 {
        return Err(type_error(format!(
            "{}() takes exactly one argument ({} given)",
            qual,
            a.len() - 1
        )));
    }
    Ok(&a[1])
}

/// Positional-only arguments checked like `_PyArg_CheckPositional` ("center expected
/// at least 1 argument, got 0").
pub fn unpack<'a>(
    name: &str,
    qual: &str,
    a: &'a [Value],
    kw: Kw,
    min: usize,
    max: usize,
) -> PyResult<&'a [Value]> {
    no_kw(qual, kw)?;
    let n = a.len() - 1;
    let plural = |k: usize| if k == 1 { "" } else { "s" };
    if min == max && n != min {
        return Err(type_error(format!(
            "{} expected {} argument{}, got {}",
            name,
            min,
            plural(min),
            n
        )));
    }
    if n < min {
        return Err(type_error(format!(
            "{} expected at least {} argument{}, got {}",
            name,
            min,
            plural(min),
            n
        )));
    }
    if n > max {
        return Err(type_error(format!(
            "{} expected at most {} argument{}, got {}",
            name,
            max,
            plural(max),
            n
        )));
    }
    Ok(&a[1..])
}

/// find/count/index/startswith...: `(sub[, start[, end]])`.
pub fn finds<'a>(name: &str, a: &'a [Value], kw: Kw) -> PyResult<&'a [Value]> {
    if nkw(kw) > 0 {
        return Err(type_error(format!("{}() takes no keyword arguments", name)));
    }
    let n = a.len() - 1;
    if n < 1 {
        return Err(type_error(format!(
            "{}() takes at least 1 argument (0 given)",
            name
        )));
    }
    if n > 3 {
        return Err(type_error(format!(
            "{}() takes at most 3 arguments ({} given)",
            name, n
        )));
    }
    Ok(&a[1..])
}

/// Slot wrappers (`__add__`, `__getitem__`, ...): "expected 1 argument, got 0".
pub fn wrapper<'a>(
    prefix: &str,
    name: &str,
    a: &'a [Value],
    kw: Kw,
    n: usize,
) -> PyResult<&'a [Value]> {
    if nkw(kw) > 0 {
        return Err(type_error(format!(
            "wrapper {}() takes no keyword arguments",
            name
        )));
    }
    if a.len() - 1 != n {
        return Err(type_error(format!(
            "{}expected {} argument{}, got {}",
            prefix,
            n,
            if n == 1 { "" } else { "s" },
            a.len() - 1
        )));
    }
    Ok(&a[1..])
}

/// For `seq + other` / `seq * other` with an unsupported `other`: CPython tries
/// `other`'s reflected number method before giving the sequence error. Calls a
/// Python-level reflected method of `other` (builtin ones never accept a sequence).
pub fn try_reflected(this: &Value, other: &Value, rname: &str) -> PyResult<Option<Value>> {
    let Some(f) = crate::types::typeobj::lookup_str(other.class_ref(), rname) else {
        return Ok(None);
    };
    if matches!(f.payload(), Some(Payload::MethodDescr(_))) {
        return Ok(None);
    }
    let r = crate::ops::call_unbound(&f, other, &[this.clone()])?;
    if crate::types::misc::is_not_implemented(&r) {
        return Ok(None);
    }
    Ok(Some(r))
}
