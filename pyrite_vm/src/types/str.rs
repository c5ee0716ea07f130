//! `str`: immutable Unicode text stored as UTF-8 with its length in characters and a
//! cached hash. ASCII strings index in O(1).

use crate::gil::GilCell;
use crate::object::ObjRef;
use crate::types::{types, Payload};
use crate::value::Value;
use std::cell::{Cell, OnceCell};
use std::collections::HashMap;

pub struct PyStr {
    s: Box<str>,
    char_len: usize,
    hash: Cell<i64>,
    pub interned: Cell<bool>,
    /// For non-ASCII strings: byte offset of every `INDEX_STEP`-th character, built on
    /// first indexing so that `s[i]` does not scan from the start.
    index: OnceCell<Box<[usize]>>,
}

const INDEX_STEP: usize = 32;

impl PyStr {
    pub fn new(s: &str) -> PyStr {
        PyStr::from_string(s.to_string())
    }
    pub fn from_string(s: String) -> PyStr {
        let char_len = if s.is_ascii() {
            s.len()
        } else {
            s.chars().count()
        };
        PyStr {
            char_len,
            s: s.into_boxed_str(),
            hash: Cell::new(-1),
            interned: Cell::new(false),
            index: OnceCell::new(),
        }
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
    fn offsets(&self) -> &[usize] {
        self.index.get_or_init(|| {
            let mut v = Vec::with_capacity(self.char_len / INDEX_STEP + 1);
            for (n, (b, _)) in self.s.char_indices().enumerate() {
                if n % INDEX_STEP == 0 {
                    v.push(b);
                }
            }
            v.into_boxed_slice()
        })
    }
    /// The character at index `i` (0 <= i < len).
    pub fn char_at(&self, i: usize) -> char {
        if self.is_ascii() {
            return self.s.as_bytes().get(i).map_or('\0', |&b| b as char);
        }
        let b = self.byte_offset(i);
        self.s[b..].chars().next().unwrap_or('\0')
    }
    /// Byte offset of character index `i` (i <= len).
    pub fn byte_offset(&self, i: usize) -> usize {
        if self.is_ascii() {
            return i.min(self.s.len());
        }
        if i >= self.char_len {
            return self.s.len();
        }
        if self.s.len() < 4 * INDEX_STEP {
            return self
                .s
                .char_indices()
                .nth(i)
                .map_or(self.s.len(), |(b, _)| b);
        }
        let offs = self.offsets();
        let start = offs.get(i / INDEX_STEP).copied().unwrap_or(0);
        self.s[start..]
            .char_indices()
            .nth(i % INDEX_STEP)
            .map_or(self.s.len(), |(b, _)| start + b)
    }
    /// Substring by character indices.
    pub fn slice_chars(&self, start: usize, end: usize) -> &str {
        let a = self.byte_offset(start);
        let b = if end >= self.char_len {
            self.s.len()
        } else {
            self.byte_offset(end)
        };
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
    Value::Obj(ObjRef::new(
        &types().str,
        Payload::Str(PyStr::from_string(s)),
    ))
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

/// The interning table's hasher: identifiers are short and the table is hit for every
/// name of every code object loaded, so a multiply-rotate hash (FxHash's scheme)
/// instead of SipHash.
#[derive(Default, Clone, Copy)]
pub struct BuildFx;
pub struct FxHasher(u64);
impl std::hash::BuildHasher for BuildFx {
    type Hasher = FxHasher;
    fn build_hasher(&self) -> FxHasher {
        FxHasher(0)
    }
}
impl std::hash::Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let w = u64::from_le_bytes(c.try_into().unwrap());
            self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ b as u64).wrapping_mul(K);
        }
    }
    #[inline]
    fn write_u8(&mut self, b: u8) {
        self.0 = (self.0.rotate_left(5) ^ b as u64).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

static INTERNED: GilCell<Option<HashMap<Box<str>, ObjRef, BuildFx>>> = GilCell::new(None);

/// The interned str object for `s` (created once, immortal).
pub fn intern(s: &str) -> ObjRef {
    let table = INTERNED
        .get()
        .get_or_insert_with(|| HashMap::with_hasher(BuildFx));
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
    crate::modules::strmethods::s_isidentifier(s)
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

// ---------------------------------------------------------------------------
// lone surrogates
//
// Rust strings cannot hold the code points U+D800..U+DFFF that Python strings may
// contain (`'\udcff'`, `surrogateescape`). Pyrite stores them as 2048 code points in
// the middle of plane 16 (private use, U+10D800..U+10DFFF: U+D800 is stored as U+10D800),
// "shadow surrogates": a string
// keeps its length and indexing, and every place that turns characters into code points
// and back (`ord`, `chr`, `repr`, the codecs, `%c`, comparisons) maps them.

/// First shadow character: U+D800 is stored as U+10D800.
pub const SHADOW_BASE: u32 = 0x10D800;

/// The Python code point of a stored character.
#[inline]
pub fn code_point(c: char) -> u32 {
    let u = c as u32;
    if (SHADOW_BASE..SHADOW_BASE + 0x800).contains(&u) {
        0xD800 + (u - SHADOW_BASE)
    } else {
        u
    }
}

/// The stored character for a Python code point (`None` beyond U+10FFFF).
#[inline]
pub fn char_from_code_point(u: u32) -> Option<char> {
    if (0xD800..0xE000).contains(&u) {
        char::from_u32(SHADOW_BASE + (u - 0xD800))
    } else {
        char::from_u32(u)
    }
}

/// Whether `c` stands for a lone surrogate.
#[inline]
pub fn is_shadow(c: char) -> bool {
    (SHADOW_BASE..SHADOW_BASE + 0x800).contains(&(c as u32))
}

/// Whether the text contains lone surrogates (UTF-8 `F4 8D A0..BF ..`).
pub fn has_shadow(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while let Some(p) = b[i..].iter().position(|&x| x == 0xF4) {
        let j = i + p;
        if j + 2 < b.len() && b[j + 1] == 0x8D && b[j + 2] >= 0xA0 {
            return true;
        }
        i = j + 1;
    }
    false
}

/// `repr()` of a str.
pub fn repr_str(s: &str) -> String {
    if !has_shadow(s) {
        return pyrite_format::repr_str(s);
    }
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    let mut buf = [0u8; 4];
    for c in s.chars() {
        if is_shadow(c) {
            out.push_str(&format!("\\u{:04x}", code_point(c)));
            continue;
        }
        // everything else as pyrite_format writes it (the quote choice is ours)
        let piece = pyrite_format::repr_str(c.encode_utf8(&mut buf));
        let inner = &piece[1..piece.len() - 1];
        match (c, quote) {
            ('\'', '"') => out.push('\''),
            ('"', '\'') => out.push('"'),
            ('\'', _) => out.push_str("\\'"),
            _ => out.push_str(inner),
        }
    }
    out.push(quote);
    out
}

/// Compare two strings by code point (shadow surrogates sort as U+D800..U+DFFF).
pub fn cmp_code_points(a: &str, b: &str) -> std::cmp::Ordering {
    if !has_shadow(a) && !has_shadow(b) {
        return a.cmp(b);
    }
    a.chars().map(code_point).cmp(b.chars().map(code_point))
}

/// `str.isprintable()` for one character.
pub fn is_printable(c: char) -> bool {
    pyrite_format::is_printable(c)
}

/// The text of a str object (empty for non-str).
pub fn obj_str(o: &ObjRef) -> &str {
    match o.payload() {
        Payload::Str(s) => s.as_str(),
        _ => "",
    }
}
