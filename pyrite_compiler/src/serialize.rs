//! The `.pyc` cache format: binary (de)serialization of [`CodeObject`]s.
//!
//! File layout (all integers little-endian), header is [`HEADER_LEN`] = 48 bytes:
//!
//! | offset | size | field                                                     |
//! |--------|------|-----------------------------------------------------------|
//! | 0      | 4    | [`MAGIC`] (`b"PYR\x01"`-style, ends in `\r\n`)             |
//! | 4      | 4    | flags (u32, currently 0)                                  |
//! | 8      | 8    | source mtime in nanoseconds (i64)                         |
//! | 16     | 8    | source size in bytes (u64)                                |
//! | 24     | 8    | FNV-1a 64 hash of the source bytes                        |
//! | 32     | 8    | body length (u64)                                         |
//! | 40     | 8    | FNV-1a 64 checksum of the body                            |
//! | 48     | ...  | body: [`serialize`]d code object                          |
//!
//! Body: a tree of code objects, each written field by field; unsigned integers are
//! LEB128 varints, signed ones zigzag varints, floats raw 8-byte bit patterns, strings
//! and byte strings a varint length followed by the bytes. Instructions use the explicit
//! opcode table in [`encode_instr`]/[`decode_instr`] (never Rust's enum layout).
//!
//! **[`MAGIC`] must change whenever this format or the bytecode (`Instr`, its
//! semantics, or the opcode table) changes**, so stale caches are rejected.
//!
//! [`deserialize`] never panics: every read is bounds-checked, counts are checked against
//! the remaining input, nesting of code constants is limited, unknown opcodes and tags
//! are rejected.

use crate::bytecode::{BinOp, CmpOp, Instr};
use crate::code::{CodeObject, Constant, Location};
use num_bigint::BigInt;
use std::sync::Arc;

/// Pyrite bytecode format 2 (see CHANGELOG.md). Change whenever the format or the bytecode changes.
pub const MAGIC: [u8; 4] = *b"P\x02\r\n";
/// Length of the .pyc header before the body.
pub const HEADER_LEN: usize = 48;
/// Maximum nesting of code objects / tuples inside constants.
const MAX_DEPTH: usize = 200;

/// FNV-1a 64-bit hash.
pub fn fnv1a64(data: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in data {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The header values a cache file is checked against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SourceStamp {
    pub mtime_ns: i64,
    pub size: u64,
    pub hash: u64,
}

impl SourceStamp {
    pub fn new(source: &[u8], mtime_ns: i64) -> SourceStamp {
        SourceStamp {
            mtime_ns,
            size: source.len() as u64,
            hash: fnv1a64(source),
        }
    }
}

/// A whole .pyc file: header + body.
pub fn write_pyc(code: &CodeObject, stamp: &SourceStamp) -> Vec<u8> {
    let body = serialize(code);
    let mut out = Vec::with_capacity(HEADER_LEN + body.len());
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&stamp.mtime_ns.to_le_bytes());
    out.extend_from_slice(&stamp.size.to_le_bytes());
    out.extend_from_slice(&stamp.hash.to_le_bytes());
    out.extend_from_slice(&(body.len() as u64).to_le_bytes());
    out.extend_from_slice(&fnv1a64(&body).to_le_bytes());
    out.extend_from_slice(&body);
    out
}

/// Decode a sourceless .pyc file: magic, flags, body length and checksum are
/// checked; the source stamp fields are not (there is no source to compare).
pub fn read_pyc_sourceless(file: &[u8]) -> Result<CodeObject, String> {
    if file.len() < HEADER_LEN {
        return Err("truncated header".into());
    }
    let stamp = SourceStamp {
        mtime_ns: i64::from_le_bytes(file[8..16].try_into().unwrap()),
        size: u64::from_le_bytes(file[16..24].try_into().unwrap()),
        hash: u64::from_le_bytes(file[24..32].try_into().unwrap()),
    };
    read_pyc(file, &stamp)
}

/// Validate a .pyc file against the source stamp and decode it.
pub fn read_pyc(file: &[u8], stamp: &SourceStamp) -> Result<CodeObject, String> {
    if file.len() < HEADER_LEN {
        return Err("truncated header".into());
    }
    if file[0..4] != MAGIC {
        return Err("bad magic".into());
    }
    let u64_at = |o: usize| {
        let mut b = [0u8; 8];
        b.copy_from_slice(&file[o..o + 8]);
        u64::from_le_bytes(b)
    };
    let flags = u32::from_le_bytes([file[4], file[5], file[6], file[7]]);
    if flags != 0 {
        return Err("unknown flags".into());
    }
    if u64_at(8) as i64 != stamp.mtime_ns {
        return Err("mtime mismatch".into());
    }
    if u64_at(16) != stamp.size {
        return Err("size mismatch".into());
    }
    if u64_at(24) != stamp.hash {
        return Err("source hash mismatch".into());
    }
    let body = &file[HEADER_LEN..];
    if u64_at(32) != body.len() as u64 {
        return Err("body length mismatch".into());
    }
    if u64_at(40) != fnv1a64(body) {
        return Err("checksum mismatch".into());
    }
    deserialize(body)
}

const BINOPS: [BinOp; 26] = {
    use BinOp::*;
    [
        Add,
        Sub,
        Mul,
        MatMul,
        TrueDiv,
        FloorDiv,
        Mod,
        Pow,
        LShift,
        RShift,
        And,
        Or,
        Xor,
        InplaceAdd,
        InplaceSub,
        InplaceMul,
        InplaceMatMul,
        InplaceTrueDiv,
        InplaceFloorDiv,
        InplaceMod,
        InplacePow,
        InplaceLShift,
        InplaceRShift,
        InplaceAnd,
        InplaceOr,
        InplaceXor,
    ]
};
const CMPOPS: [CmpOp; 6] = [
    CmpOp::Lt,
    CmpOp::Le,
    CmpOp::Eq,
    CmpOp::Ne,
    CmpOp::Gt,
    CmpOp::Ge,
];

fn binop_code(b: BinOp) -> u32 {
    BINOPS.iter().position(|&x| x == b).unwrap_or(0) as u32
}
fn binop_from(a: u32) -> Result<BinOp, String> {
    BINOPS
        .get(a as usize)
        .copied()
        .ok_or_else(|| "bad binop".to_string())
}
fn cmpop_code(c: CmpOp) -> u32 {
    CMPOPS.iter().position(|&x| x == c).unwrap_or(0) as u32
}
fn cmpop_from(a: u32) -> Result<CmpOp, String> {
    CMPOPS
        .get(a as usize)
        .copied()
        .ok_or_else(|| "bad cmpop".to_string())
}

/// The opcode table: each variant's fixed opcode byte and its operand.
pub fn encode_instr(i: Instr) -> (u8, u32) {
    use Instr as I;
    match i {
        I::Nop => (0, 0),
        I::PopTop => (1, 0),
        I::Copy(a) => (2, a),
        I::Swap(a) => (3, a),
        I::LoadConst(a) => (4, a),
        I::LoadFast(a) => (5, a),
        I::StoreFast(a) => (6, a),
        I::DeleteFast(a) => (7, a),
        I::LoadDeref(a) => (8, a),
        I::StoreDeref(a) => (9, a),
        I::DeleteDeref(a) => (10, a),
        I::LoadClosure(a) => (11, a),
        I::LoadClassDeref(a) => (12, a),
        I::LoadName(a) => (13, a),
        I::StoreName(a) => (14, a),
        I::DeleteName(a) => (15, a),
        I::LoadGlobal(a) => (16, a),
        I::StoreGlobal(a) => (17, a),
        I::DeleteGlobal(a) => (18, a),
        I::LoadAttr(a) => (19, a),
        I::StoreAttr(a) => (20, a),
        I::DeleteAttr(a) => (21, a),
        I::LoadMethod(a) => (22, a),
        I::LoadLocals => (23, 0),
        I::BinaryOp(b) => (24, binop_code(b)),
        I::UnaryNegative => (25, 0),
        I::UnaryPositive => (26, 0),
        I::UnaryNot => (27, 0),
        I::UnaryInvert => (28, 0),
        I::CompareOp(c) => (29, cmpop_code(c)),
        I::IsOp(a) => (30, a),
        I::ContainsOp(a) => (31, a),
        I::BinarySubscr => (32, 0),
        I::StoreSubscr => (33, 0),
        I::DeleteSubscr => (34, 0),
        I::BuildSlice(a) => (35, a),
        I::BuildTuple(a) => (36, a),
        I::BuildList(a) => (37, a),
        I::BuildSet(a) => (38, a),
        I::BuildMap(a) => (39, a),
        I::BuildConstKeyMap(a) => (40, a),
        I::BuildString(a) => (41, a),
        I::FormatValue(a) => (42, a),
        I::ListAppend(a) => (43, a),
        I::SetAdd(a) => (44, a),
        I::MapAdd(a) => (45, a),
        I::ListExtend(a) => (46, a),
        I::SetUpdate(a) => (47, a),
        I::DictUpdate(a) => (48, a),
        I::DictMerge(a) => (49, a),
        I::ListToTuple => (50, 0),
        I::UnpackSequence(a) => (51, a),
        I::UnpackEx(a) => (52, a),
        I::Jump(a) => (53, a),
        I::PopJumpIfFalse(a) => (54, a),
        I::PopJumpIfTrue(a) => (55, a),
        I::JumpIfFalseOrPop(a) => (56, a),
        I::JumpIfTrueOrPop(a) => (57, a),
        I::PopJumpIfNone(a) => (58, a),
        I::PopJumpIfNotNone(a) => (59, a),
        I::GetIter => (60, 0),
        I::ForIter(a) => (61, a),
        I::MakeFunction(a) => (62, a),
        I::CallFunction(a) => (63, a),
        I::CallFunctionKw(a) => (64, a),
        I::CallFunctionEx(a) => (65, a),
        I::CallMethod(a) => (66, a),
        I::CallMethodKw(a) => (67, a),
        I::ReturnValue => (68, 0),
        I::LoadBuildClass => (69, 0),
        I::YieldValue => (70, 0),
        I::YieldFrom => (71, 0),
        I::GetYieldFromIter => (72, 0),
        I::GetAwaitable(a) => (73, a),
        I::GetAiter => (74, 0),
        I::GetAnext => (75, 0),
        I::EndAsyncFor => (76, 0),
        I::SetupFinally(a) => (77, a),
        I::SetupWith(a) => (78, a),
        I::BeforeAsyncWith => (79, 0),
        I::SetupAsyncWith(a) => (80, a),
        I::WithExceptStart => (81, 0),
        I::PopBlock => (82, 0),
        I::PopExcept => (83, 0),
        I::Reraise => (84, 0),
        I::Raise(a) => (85, a),
        I::JumpIfNotExcMatch(a) => (86, a),
        I::CheckEgMatch => (87, 0),
        I::PrepReraiseStar => (88, 0),
        I::LoadAssertionError => (89, 0),
        I::ImportName(a) => (90, a),
        I::ImportFrom(a) => (91, a),
        I::ImportStar => (92, 0),
        I::GetLen => (93, 0),
        I::MatchMapping => (94, 0),
        I::MatchSequence => (95, 0),
        I::MatchKeys => (96, 0),
        I::MatchClass(a) => (97, a),
        I::CopyDictWithoutKeys => (98, 0),
        I::PrintExpr => (99, 0),
        I::SetupAnnotations => (100, 0),
    }
}

/// Inverse of [`encode_instr`]; rejects unknown opcodes and bad operands.
pub fn decode_instr(op: u8, arg: u32) -> Result<Instr, String> {
    let i = decode_instr_raw(op, arg)?;
    // Canonical form only (e.g. operand-less instructions must have operand 0).
    if encode_instr(i) != (op, arg) {
        return Err(format!("bad operand {arg} for opcode {op}"));
    }
    Ok(i)
}

fn decode_instr_raw(op: u8, arg: u32) -> Result<Instr, String> {
    use Instr as I;
    Ok(match op {
        0 => I::Nop,
        1 => I::PopTop,
        2 => I::Copy(arg),
        3 => I::Swap(arg),
        4 => I::LoadConst(arg),
        5 => I::LoadFast(arg),
        6 => I::StoreFast(arg),
        7 => I::DeleteFast(arg),
        8 => I::LoadDeref(arg),
        9 => I::StoreDeref(arg),
        10 => I::DeleteDeref(arg),
        11 => I::LoadClosure(arg),
        12 => I::LoadClassDeref(arg),
        13 => I::LoadName(arg),
        14 => I::StoreName(arg),
        15 => I::DeleteName(arg),
        16 => I::LoadGlobal(arg),
        17 => I::StoreGlobal(arg),
        18 => I::DeleteGlobal(arg),
        19 => I::LoadAttr(arg),
        20 => I::StoreAttr(arg),
        21 => I::DeleteAttr(arg),
        22 => I::LoadMethod(arg),
        23 => I::LoadLocals,
        24 => I::BinaryOp(binop_from(arg)?),
        25 => I::UnaryNegative,
        26 => I::UnaryPositive,
        27 => I::UnaryNot,
        28 => I::UnaryInvert,
        29 => I::CompareOp(cmpop_from(arg)?),
        30 => I::IsOp(arg),
        31 => I::ContainsOp(arg),
        32 => I::BinarySubscr,
        33 => I::StoreSubscr,
        34 => I::DeleteSubscr,
        35 => I::BuildSlice(arg),
        36 => I::BuildTuple(arg),
        37 => I::BuildList(arg),
        38 => I::BuildSet(arg),
        39 => I::BuildMap(arg),
        40 => I::BuildConstKeyMap(arg),
        41 => I::BuildString(arg),
        42 => I::FormatValue(arg),
        43 => I::ListAppend(arg),
        44 => I::SetAdd(arg),
        45 => I::MapAdd(arg),
        46 => I::ListExtend(arg),
        47 => I::SetUpdate(arg),
        48 => I::DictUpdate(arg),
        49 => I::DictMerge(arg),
        50 => I::ListToTuple,
        51 => I::UnpackSequence(arg),
        52 => I::UnpackEx(arg),
        53 => I::Jump(arg),
        54 => I::PopJumpIfFalse(arg),
        55 => I::PopJumpIfTrue(arg),
        56 => I::JumpIfFalseOrPop(arg),
        57 => I::JumpIfTrueOrPop(arg),
        58 => I::PopJumpIfNone(arg),
        59 => I::PopJumpIfNotNone(arg),
        60 => I::GetIter,
        61 => I::ForIter(arg),
        62 => I::MakeFunction(arg),
        63 => I::CallFunction(arg),
        64 => I::CallFunctionKw(arg),
        65 => I::CallFunctionEx(arg),
        66 => I::CallMethod(arg),
        67 => I::CallMethodKw(arg),
        68 => I::ReturnValue,
        69 => I::LoadBuildClass,
        70 => I::YieldValue,
        71 => I::YieldFrom,
        72 => I::GetYieldFromIter,
        73 => I::GetAwaitable(arg),
        74 => I::GetAiter,
        75 => I::GetAnext,
        76 => I::EndAsyncFor,
        77 => I::SetupFinally(arg),
        78 => I::SetupWith(arg),
        79 => I::BeforeAsyncWith,
        80 => I::SetupAsyncWith(arg),
        81 => I::WithExceptStart,
        82 => I::PopBlock,
        83 => I::PopExcept,
        84 => I::Reraise,
        85 => I::Raise(arg),
        86 => I::JumpIfNotExcMatch(arg),
        87 => I::CheckEgMatch,
        88 => I::PrepReraiseStar,
        89 => I::LoadAssertionError,
        90 => I::ImportName(arg),
        91 => I::ImportFrom(arg),
        92 => I::ImportStar,
        93 => I::GetLen,
        94 => I::MatchMapping,
        95 => I::MatchSequence,
        96 => I::MatchKeys,
        97 => I::MatchClass(arg),
        98 => I::CopyDictWithoutKeys,
        99 => I::PrintExpr,
        100 => I::SetupAnnotations,
        _ => return Err(format!("unknown opcode {op}")),
    })
}

struct W(Vec<u8>);

impl W {
    fn uv(&mut self, mut v: u64) {
        loop {
            let b = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                self.0.push(b);
                return;
            }
            self.0.push(b | 0x80);
        }
    }
    fn iv(&mut self, v: i64) {
        self.uv(((v << 1) ^ (v >> 63)) as u64);
    }
    fn bytes(&mut self, b: &[u8]) {
        self.uv(b.len() as u64);
        self.0.extend_from_slice(b);
    }
    fn s(&mut self, s: &str) {
        self.bytes(s.as_bytes());
    }
    fn f(&mut self, f: f64) {
        self.0.extend_from_slice(&f.to_bits().to_le_bytes());
    }
    fn names(&mut self, v: &[Arc<str>]) {
        self.uv(v.len() as u64);
        for s in v {
            self.s(s);
        }
    }
    fn consts(&mut self, v: &[Constant]) {
        self.uv(v.len() as u64);
        for c in v {
            self.constant(c);
        }
    }
    fn constant(&mut self, c: &Constant) {
        match c {
            Constant::None => self.0.push(0),
            Constant::Ellipsis => self.0.push(1),
            Constant::Bool(false) => self.0.push(2),
            Constant::Bool(true) => self.0.push(3),
            Constant::Int(i) => {
                self.0.push(4);
                self.iv(*i);
            }
            Constant::BigInt(b) => {
                self.0.push(5);
                self.bytes(&b.to_signed_bytes_le());
            }
            Constant::Float(f) => {
                self.0.push(6);
                self.f(*f);
            }
            Constant::Complex { re, im } => {
                self.0.push(7);
                self.f(*re);
                self.f(*im);
            }
            Constant::Str(s) => {
                self.0.push(8);
                self.s(s);
            }
            Constant::Bytes(b) => {
                self.0.push(9);
                self.bytes(b);
            }
            Constant::Tuple(t) => {
                self.0.push(10);
                self.consts(t);
            }
            Constant::FrozenSet(t) => {
                self.0.push(11);
                self.consts(t);
            }
            Constant::Code(c) => {
                self.0.push(12);
                self.code(c);
            }
        }
    }
    fn code(&mut self, c: &CodeObject) {
        self.s(&c.name);
        self.s(&c.qualname);
        self.s(&c.filename);
        self.uv(c.firstlineno as u64);
        self.uv(c.argcount as u64);
        self.uv(c.posonlyargcount as u64);
        self.uv(c.kwonlyargcount as u64);
        self.uv(c.flags as u64);
        self.names(&c.varnames);
        self.names(&c.cellvars);
        self.names(&c.freevars);
        self.names(&c.names);
        self.consts(&c.consts);
        self.uv(c.instructions.len() as u64);
        for &i in &c.instructions {
            let (op, arg) = encode_instr(i);
            self.0.push(op);
            self.uv(arg as u64);
        }
        // Locations are delta-encoded against the previous one.
        self.uv(c.locations.len() as u64);
        let mut prev = Location::default();
        for l in &c.locations {
            self.iv(l.line as i64 - prev.line as i64);
            self.iv(l.end_line as i64 - l.line as i64);
            self.iv(l.col as i64);
            self.iv(l.end_col as i64 - l.col as i64);
            prev = *l;
        }
        self.uv(c.max_stackdepth as u64);
        match &c.docstring {
            None => self.0.push(0),
            Some(d) => {
                self.0.push(1);
                self.s(d);
            }
        }
    }
}

/// Serialize a code object (the body of a .pyc file).
pub fn serialize(code: &CodeObject) -> Vec<u8> {
    let mut w = W(Vec::new());
    w.code(code);
    w.0
}

struct R<'a> {
    b: &'a [u8],
    pos: usize,
    /// Strings already decoded in this body (names, file names and qualified names
    /// repeat across a module's code objects): one shared `Arc<str>` each, which
    /// saves most of the allocations of a load.
    strings: std::collections::HashMap<&'a [u8], Arc<str>, BuildFnv>,
}

/// FNV-1a as a `Hasher` for the short byte strings of the cache above.
#[derive(Default, Clone, Copy)]
struct BuildFnv;
struct FnvHasher(u64);
impl std::hash::BuildHasher for BuildFnv {
    type Hasher = FnvHasher;
    fn build_hasher(&self) -> FnvHasher {
        FnvHasher(0xcbf2_9ce4_8422_2325)
    }
}
impl std::hash::Hasher for FnvHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= b as u64;
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

type Res<T> = Result<T, String>;

impl<'a> R<'a> {
    fn byte(&mut self) -> Res<u8> {
        let b = *self.b.get(self.pos).ok_or("unexpected end of data")?;
        self.pos += 1;
        Ok(b)
    }
    fn remaining(&self) -> usize {
        self.b.len() - self.pos
    }
    /// A varint as an `Option` (fits in registers: the hot loops use this form).
    #[inline(always)]
    fn uvo(&mut self) -> Option<u64> {
        let b = *self.b.get(self.pos)?;
        if b < 0x80 {
            self.pos += 1;
            return Some(b as u64);
        }
        self.uv_long().ok()
    }
    #[inline(always)]
    fn ivo(&mut self) -> Option<i64> {
        let u = self.uvo()?;
        Some(((u >> 1) as i64) ^ -((u & 1) as i64))
    }
    #[inline]
    fn uv(&mut self) -> Res<u64> {
        // one byte: the common case (small operands, counts, deltas)
        if let Some(&b) = self.b.get(self.pos) {
            if b < 0x80 {
                self.pos += 1;
                return Ok(b as u64);
            }
        }
        self.uv_long()
    }
    fn uv_long(&mut self) -> Res<u64> {
        let mut v: u64 = 0;
        for shift in (0..70).step_by(7) {
            let b = self.byte()?;
            if shift == 63 && b > 1 {
                return Err("varint overflow".into());
            }
            v |= ((b & 0x7f) as u64) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err("varint too long".into())
    }
    fn u32(&mut self) -> Res<u32> {
        u32::try_from(self.uv()?).map_err(|_| "u32 out of range".to_string())
    }
    fn iv(&mut self) -> Res<i64> {
        let u = self.uv()?;
        Ok(((u >> 1) as i64) ^ -((u & 1) as i64))
    }
    /// A count of items each taking at least one byte.
    fn count(&mut self) -> Res<usize> {
        let n = self.uv()?;
        if n > self.remaining() as u64 {
            return Err("count exceeds data".into());
        }
        Ok(n as usize)
    }
    fn bytes(&mut self) -> Res<&'a [u8]> {
        let n = self.uv()?;
        if n > self.remaining() as u64 {
            return Err("length exceeds data".into());
        }
        let s = &self.b[self.pos..self.pos + n as usize];
        self.pos += n as usize;
        Ok(s)
    }
    fn s(&mut self) -> Res<Arc<str>> {
        let b = self.bytes()?;
        if let Some(s) = self.strings.get(b) {
            return Ok(s.clone());
        }
        let s: Arc<str> = std::str::from_utf8(b)
            .map(Arc::from)
            .map_err(|_| "invalid utf-8".to_string())?;
        if b.len() <= 64 {
            self.strings.insert(b, s.clone());
        }
        Ok(s)
    }
    fn f(&mut self) -> Res<f64> {
        if self.remaining() < 8 {
            return Err("unexpected end of data".into());
        }
        let mut a = [0u8; 8];
        a.copy_from_slice(&self.b[self.pos..self.pos + 8]);
        self.pos += 8;
        Ok(f64::from_bits(u64::from_le_bytes(a)))
    }
    fn names(&mut self) -> Res<Vec<Arc<str>>> {
        let n = self.count()?;
        let mut v = Vec::with_capacity(n);
        for _ in 0..n {
            v.push(self.s()?);
        }
        Ok(v)
    }
    fn consts(&mut self, depth: usize) -> Res<Vec<Constant>> {
        let n = self.count()?;
        let mut v = Vec::with_capacity(n);
        for _ in 0..n {
            v.push(self.constant(depth)?);
        }
        Ok(v)
    }
    fn constant(&mut self, depth: usize) -> Res<Constant> {
        if depth > MAX_DEPTH {
            return Err("constants nested too deeply".into());
        }
        Ok(match self.byte()? {
            0 => Constant::None,
            1 => Constant::Ellipsis,
            2 => Constant::Bool(false),
            3 => Constant::Bool(true),
            4 => Constant::Int(self.iv()?),
            5 => Constant::BigInt(BigInt::from_signed_bytes_le(self.bytes()?)),
            6 => Constant::Float(self.f()?),
            7 => {
                let re = self.f()?;
                let im = self.f()?;
                Constant::Complex { re, im }
            }
            8 => Constant::Str(self.s()?),
            9 => Constant::Bytes(Arc::from(self.bytes()?)),
            10 => Constant::Tuple(self.consts(depth + 1)?.into()),
            11 => Constant::FrozenSet(self.consts(depth + 1)?.into()),
            12 => Constant::Code(Arc::new(self.code(depth + 1)?)),
            t => return Err(format!("unknown constant tag {t}")),
        })
    }
    fn loc_u32(v: i64) -> Res<u32> {
        u32::try_from(v).map_err(|_| "location out of range".to_string())
    }
    fn code(&mut self, depth: usize) -> Res<CodeObject> {
        if depth > MAX_DEPTH {
            return Err("code objects nested too deeply".into());
        }
        let name = self.s()?;
        let qualname = self.s()?;
        let filename = self.s()?;
        let firstlineno = self.u32()?;
        let argcount = self.u32()?;
        let posonlyargcount = self.u32()?;
        let kwonlyargcount = self.u32()?;
        let flags = self.u32()?;
        let varnames = self.names()?;
        let cellvars = self.names()?;
        let freevars = self.names()?;
        let names = self.names()?;
        let consts = self.consts(depth)?;
        let n = self.count()?;
        let mut instructions = Vec::with_capacity(n);
        for _ in 0..n {
            let op = self.byte()?;
            let arg = self
                .uvo()
                .and_then(|a| u32::try_from(a).ok())
                .ok_or("bad instruction operand")?;
            instructions.push(decode_instr(op, arg)?);
        }
        let n = self.count()?;
        let mut locations = Vec::with_capacity(n);
        let mut prev = Location::default();
        let loc = |v: i64| u32::try_from(v).ok();
        for _ in 0..n {
            let next = (|| {
                let line = loc(prev.line as i64 + self.ivo()?)?;
                let end_line = loc(line as i64 + self.ivo()?)?;
                let col = loc(self.ivo()?)?;
                let end_col = loc(col as i64 + self.ivo()?)?;
                Some(Location {
                    line,
                    end_line,
                    col,
                    end_col,
                })
            })();
            prev = next.ok_or("bad location entry")?;
            locations.push(prev);
        }
        let max_stackdepth = self.u32()?;
        let docstring = match self.byte()? {
            0 => None,
            1 => Some(self.s()?),
            _ => return Err("bad docstring tag".into()),
        };
        Ok(CodeObject {
            name,
            qualname,
            filename,
            firstlineno,
            argcount,
            posonlyargcount,
            kwonlyargcount,
            flags,
            varnames,
            cellvars,
            freevars,
            names,
            consts,
            instructions,
            locations,
            max_stackdepth,
            docstring,
        })
    }
}

/// Decode a body written by [`serialize`]. Never panics; trailing data is an error.
pub fn deserialize(bytes: &[u8]) -> Result<CodeObject, String> {
    let mut r = R {
        b: bytes,
        pos: 0,
        strings: std::collections::HashMap::with_hasher(BuildFnv),
    };
    let c = r.code(0)?;
    if r.pos != bytes.len() {
        return Err("trailing data".into());
    }
    Ok(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{compile, CompileOptions, Mode};

    fn samples() -> Vec<CodeObject> {
        let mut out = Vec::new();
        for f in [
            "os.py",
            "dataclasses.py",
            "typing.py",
            "argparse.py",
            "asyncio/tasks.py",
            "json/decoder.py",
        ] {
            let p = format!("/usr/lib/python3.11/{f}");
            if let Ok(src) = std::fs::read_to_string(&p) {
                out.push(compile(&src, &p, Mode::Exec, &CompileOptions::default()).unwrap());
            }
        }
        let extra = "x = (1, 2.5, 3j, 10**30, -10**40, b'ab', ..., None, True, frozenset({1}))\n\
                     def f(a, /, b, *c, d, **e):\n    '''doc'''\n    return lambda: a + b\n\
                     async def g():\n    async for i in y: yield i\n";
        out.push(compile(extra, "<t>", Mode::Exec, &CompileOptions::default()).unwrap());
        out
    }

    #[test]
    fn opcode_table_round_trips() {
        for op in 0..=255u8 {
            for arg in [0u32, 1, 5, 25, 26, u32::MAX] {
                if let Ok(i) = decode_instr(op, arg) {
                    assert_eq!(encode_instr(i), (op, arg));
                }
            }
        }
    }

    #[test]
    fn round_trip_real_modules() {
        let s = samples();
        assert!(s.len() >= 2);
        for c in &s {
            let b = serialize(c);
            assert_eq!(&deserialize(&b).unwrap(), c);
            let stamp = SourceStamp::new(b"abc", 123);
            let file = write_pyc(c, &stamp);
            assert_eq!(&file[..4], &MAGIC);
            assert_eq!(&read_pyc(&file, &stamp).unwrap(), c);
            assert!(read_pyc(&file, &SourceStamp::new(b"abd", 123)).is_err());
            assert!(read_pyc(&file, &SourceStamp::new(b"abc", 124)).is_err());
        }
    }

    #[test]
    fn fuzz_no_panic() {
        let s = samples();
        let base = serialize(s.last().unwrap());
        let mut rng: u64 = 0x1234_5678_9abc_def1;
        let mut next = || {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            rng
        };
        for n in 0..base.len() {
            let _ = deserialize(&base[..n]);
        }
        for _ in 0..5000 {
            let mut b = base.clone();
            let flips = 1 + next() % 4;
            for _ in 0..flips {
                let i = (next() as usize) % b.len();
                b[i] ^= 1 << (next() % 8);
            }
            let _ = deserialize(&b);
            let stamp = SourceStamp::new(b"x", 0);
            let _ = read_pyc(&b, &stamp);
        }
        for _ in 0..5000 {
            let len = (next() % 300) as usize;
            let b: Vec<u8> = (0..len).map(|_| next() as u8).collect();
            let _ = deserialize(&b);
        }
        // Deep nesting is rejected, not a stack overflow.
        let mut deep = Vec::new();
        for _ in 0..100_000 {
            deep.extend_from_slice(&[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 10, 1]);
        }
        assert!(deserialize(&deep).is_err());
    }
}
