//! `str`: immutable Unicode text stored as UTF-8 with its length in characters and a
//! cached hash. ASCII strings index in O(1).

use crate::errors::*;
use crate::gil::GilCell;
use crate::object::ObjRef;
use crate::types::{types, Payload};
use crate::value::Value;
use std::cell::Cell;
use std::collections::HashMap;

pub struct PyStr {
    s: Box<str>,
    char_len: usize,
    hash: Cell<i64>,
    pub interned: Cell<bool>,
}

impl PyStr {
    pub fn new(s: &str) -> PyStr {
        PyStr { char_len: s.chars().count(), s: s.into(), hash: Cell::new(-1), interned: Cell::new(false) }
    }
    pub fn from_string(s: String) -> PyStr {
        PyStr { char_len: s.chars().count(), s: s.into_boxed_str(), hash: Cell::new(-1), interned: Cell::new(false) }
    }
    #[inline]
    pub fn as_str(&self) -> &str {
        &self.s
    }
    /// Length in characters.
    #[inline]
    pub fn len(&self) -> usize {
        self.char_len
    }
    pub fn is_empty(&self) -> bool {
        self.char_len == 0
    }
    #[inline]
    pub fn is_ascii(&self) -> bool {
        self.char_len == self.s.len()
    }
    #[inline]
    pub fn hash(&self) -> i64 {
        let h = self.hash.get();
        if h != -1 {
            return h;
        }
        let h = hash_bytes(self.s.as_bytes());
        self.hash.set(h);
        h
    }
    /// The character at index `i` (0 <= i < len).
    pub fn char_at(&self, i: usize) -> char {
        if self.is_ascii() {
            self.s.as_bytes()[i] as char
        } else {
            self.s.chars().nth(i).unwrap_or('\0')
        }
    }
    /// Byte offset of character index `i` (i <= len).
    pub fn byte_offset(&self, i: usize) -> usize {
        if self.is_ascii() {
            i
        } else {
            self.s.char_indices().nth(i).map(|(b, _)| b).unwrap_or(self.s.len())
        }
    }
    /// Substring by character indices.
    pub fn slice_chars(&self, start: usize, end: usize) -> &str {
        let a = self.byte_offset(start);
        let b = if end >= self.char_len { self.s.len() } else { self.byte_offset(end) };
        &self.s[a..b.max(a)]
    }
}

static HASH_SEED: GilCell<u64> = GilCell::new(0);

pub(crate) fn init_hash_seed(seed: u64) {
    *HASH_SEED.get() = seed;
}

/// The str/bytes hash (never -1).
pub fn hash_bytes(b: &[u8]) -> i64 {
    if b.is_empty() {
        return 0;
    }
    // FNV-1a style mixing over 8-byte words, seeded; finalized with a murmur mix.
    let mut h: u64 = 0xcbf29ce484222325 ^ *HASH_SEED.get();
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        let w = u64::from_le_bytes(c.try_into().unwrap());
        h = (h ^ w).wrapping_mul(0x100000001b3).rotate_left(29);
    }
    for &x in chunks.remainder() {
        h = (h ^ x as u64).wrapping_mul(0x100000001b3);
    }
    h ^= b.len() as u64;
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51afd7ed558ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ceb9fe1a85ec53);
    h ^= h >> 33;
    let r = h as i64;
    if r == -1 {
        -2
    } else {
        r
    }
}

pub fn new_str(s: &str) -> Value {
    if s.len() <= 1 {
        if let Some(c) = single_char_cache(s) {
            return Value::Obj(c);
        }
    }
    Value::Obj(ObjRef::new(&types().str, Payload::Str(PyStr::new(s))))
}

pub fn new_string(s: String) -> Value {
    if s.len() <= 1 {
        if let Some(c) = single_char_cache(&s) {
            return Value::Obj(c);
        }
    }
    Value::Obj(ObjRef::new(&types().str, Payload::Str(PyStr::from_string(s))))
}

static CHAR_CACHE: GilCell<Vec<ObjRef>> = GilCell::new(Vec::new());

fn single_char_cache(s: &str) -> Option<ObjRef> {
    let cache = CHAR_CACHE.get();
    if cache.is_empty() {
        return None;
    }
    let idx = match s.as_bytes() {
        [] => 128,
        [b] if *b < 128 => *b as usize,
        _ => return None,
    };
    Some(cache[idx].clone())
}

pub(crate) fn init_char_cache() {
    let mut v = Vec::new();
    for i in 0..128u8 {
        v.push(intern(&(i as char).to_string()));
    }
    v.push(intern(""));
    *CHAR_CACHE.get() = v;
}

static INTERNED: GilCell<Option<HashMap<Box<str>, ObjRef>>> = GilCell::new(None);

/// The interned str object for `s` (created once, immortal).
pub fn intern(s: &str) -> ObjRef {
    let table = INTERNED.get().get_or_insert_with(HashMap::new);
    if let Some(o) = table.get(s) {
        return o.clone();
    }
    let o = ObjRef::new(&types().str, Payload::Str(PyStr::new(s)));
    if let Payload::Str(ps) = o.payload() {
        ps.interned.set(true);
        ps.hash();
    }
    o.make_immortal();
    table.insert(s.into(), o.clone());
    o
}

/// Intern an existing str object (`sys.intern`).
pub fn intern_value(v: &Value) -> Value {
    match as_str(v) {
        Some(s) if v.class_ref().is(&types().str) => Value::Obj(intern(s)),
        _ => v.clone(),
    }
}

pub fn str_hash(o: &ObjRef) -> i64 {
    match o.payload() {
        Payload::Str(s) => s.hash(),
        _ => 0,
    }
}

/// The text of a str value (or str subclass instance).
#[inline]
pub fn as_str(v: &Value) -> Option<&str> {
    match v {
        Value::Obj(o) => match o.payload() {
            Payload::Str(s) => Some(s.as_str()),
            _ => None,
        },
        _ => None,
    }
}

#[inline]
pub fn as_pystr(v: &Value) -> Option<&PyStr> {
    match v {
        Value::Obj(o) => match o.payload() {
            Payload::Str(s) => Some(s),
            _ => None,
        },
        _ => None,
    }
}

pub fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c == '_' || c.is_alphabetic() || unicode_xid_start(c) => {}
        _ => return false,
    }
    chars.all(|c| c == '_' || c.is_alphanumeric() || unicode_xid_continue(c))
}

fn unicode_xid_start(c: char) -> bool {
    c.is_alphabetic()
}
fn unicode_xid_continue(c: char) -> bool {
    c.is_alphanumeric()
}

/// Private name mangling: `__x` in class `C` becomes `_C__x`.
pub fn mangle(class: &str, name: &str) -> String {
    if !name.starts_with("__") || name.ends_with("__") || name.contains('.') {
        return name.to_string();
    }
    let stripped = class.trim_start_matches('_');
    if stripped.is_empty() {
        return name.to_string();
    }
    format!("_{}{}", stripped, name)
}

/// `repr()` of a str.
pub fn repr_str(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') { '"' } else { '\'' };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c)
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if (c as u32) < 0x7f => out.push(c),
            c if is_printable(c) => out.push(c),
            c if (c as u32) <= 0xff => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if (c as u32) <= 0xffff => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push(quote);
    out
}

/// `str.isprintable()` for one character (approximation of Unicode's categories
/// Cc, Cf, Cs, Co, Cn, Zl, Zp, Zs except space being non-printable).
pub fn is_printable(c: char) -> bool {
    let u = c as u32;
    if u < 0x20 || (0x7f..0xa0).contains(&u) {
        return false;
    }
    if c == ' ' {
        return true;
    }
    if c.is_whitespace() {
        return false;
    }
    // format characters, private use and surrogates are not printable
    !matches!(u,
        0x00ad | 0x0600..=0x0605 | 0x061c | 0x06dd | 0x070f | 0x180e | 0x200b..=0x200f
        | 0x2028..=0x202e | 0x2060..=0x2064 | 0x2066..=0x206f | 0xfeff | 0xfff9..=0xfffb
        | 0xe000..=0xf8ff | 0xd800..=0xdfff | 0xf0000..=0x10ffff | 0xe0001 | 0xe0020..=0xe007f)
}

/// The text of a str object (empty for non-str).
pub fn obj_str(o: &ObjRef) -> &str {
    match o.payload() {
        Payload::Str(s) => s.as_str(),
        _ => "",
    }
}
