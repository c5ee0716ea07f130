//! Structural validation of sre code lists.
//!
//! `_sre.compile` must reject malformed code instead of crashing later. The
//! checks below accept everything CPython 3.11's `re._compiler` emits and
//! verify every operand, skip offset, group number and nested block so the
//! matcher can walk the code without ever leaving its bounds. Validation is
//! iterative (a work list of blocks), so deeply nested code cannot overflow
//! the Rust stack.

use crate::charset::{self, Bits256};
use crate::constants::{at, info, op, MAXGROUPS};
use crate::InvalidCode;

/// Facts about a validated program that the matcher uses.
#[derive(Clone, Debug, Default)]
pub(crate) struct Program {
    /// Minimum width from the INFO block (0 when there is none).
    pub min: u32,
    /// Literal prefix from the INFO block: (index of first prefix word, length).
    pub prefix: Option<(usize, usize)>,
    /// Index of the charset (set ops) in the INFO block.
    pub charset: Option<usize>,
    /// Index of the first opcode after the INFO block.
    pub body: usize,
    /// 1 + the largest MARK operand used (size of the marks array).
    pub mark_count: usize,
    /// A single-character op every match must begin with (after leading
    /// MARKs): the first op itself, or the item of a leading REPEAT_ONE /
    /// MIN_REPEAT_ONE / POSSESSIVE_REPEAT_ONE with min >= 1.
    pub first: Option<usize>,
    /// Precomputed results of single-character ops for ch < 256:
    /// `fast_index[pc]` is 1 + an index into `fast_bits` (0 = none).
    pub fast_index: Vec<u32>,
    pub fast_bits: Vec<Bits256>,
    /// Precomputed INFO charset for ch < 256.
    pub charset_bits: Option<Bits256>,
}

impl Program {
    #[inline]
    pub fn fast(&self, pc: usize) -> Option<&Bits256> {
        match self.fast_index.get(pc).copied() {
            Some(i) if i > 0 => self.fast_bits.get(i as usize - 1),
            _ => None,
        }
    }
}

enum Step {
    Next(usize),
    Cond { yes: usize, target: usize },
}

struct V<'a> {
    code: &'a [u32],
    groups: u64,
    work: Vec<(usize, usize)>,
    mark_count: usize,
    singles: Vec<usize>,
}

fn err(msg: &'static str, at: usize) -> InvalidCode {
    InvalidCode { msg, position: at }
}

impl<'a> V<'a> {
    fn get(&self, i: usize) -> Result<u32, InvalidCode> {
        self.code
            .get(i)
            .copied()
            .ok_or(err("code ends too early", i))
    }

    /// Word `i` as an offset, checking `i < limit`.
    fn word(&self, i: usize, limit: usize) -> Result<u32, InvalidCode> {
        if i >= limit {
            return Err(err("operand past end of block", i));
        }
        self.get(i)
    }

    /// `base + skip`, checked to lie in `lo..=hi`.
    fn target(&self, base: usize, skip: u32, lo: usize, hi: usize) -> Result<usize, InvalidCode> {
        let t = base
            .checked_add(skip as usize)
            .ok_or(err("skip overflows", base))?;
        if t < lo || t > hi {
            return Err(err("skip out of range", base));
        }
        Ok(t)
    }

    /// Validates a charset running from `p` to exactly `end` (ending with FAILURE).
    fn charset(&self, mut p: usize, end: usize) -> Result<(), InvalidCode> {
        loop {
            if p >= end {
                return Err(err("charset not terminated", p));
            }
            match self.get(p)? {
                op::FAILURE => {
                    return if p + 1 == end {
                        Ok(())
                    } else {
                        Err(err("junk after charset", p))
                    };
                }
                op::NEGATE => p += 1,
                op::LITERAL => {
                    self.word(p + 1, end)?;
                    p += 2;
                }
                op::CATEGORY => {
                    let c = self.word(p + 1, end)?;
                    if crate::chars::category(c, 0).is_none() {
                        return Err(err("bad category", p + 1));
                    }
                    p += 2;
                }
                op::RANGE | op::RANGE_UNI_IGNORE => {
                    self.word(p + 2, end)?;
                    p += 3;
                }
                op::CHARSET => {
                    self.word(p + 8, end)?;
                    p += 9;
                }
                op::BIGCHARSET => {
                    let count = self.word(p + 1, end)? as usize;
                    let blocks = p + 2 + 64;
                    let total = count
                        .checked_mul(8)
                        .and_then(|n| n.checked_add(blocks))
                        .ok_or(err("bigcharset too large", p))?;
                    if total > end {
                        return Err(err("bigcharset past end", p));
                    }
                    for w in p + 2..blocks {
                        let word = self.get(w)?;
                        for b in word.to_le_bytes() {
                            if b as usize >= count {
                                return Err(err("bigcharset block index out of range", w));
                            }
                        }
                    }
                    p = total;
                }
                _ => return Err(err("bad charset opcode", p)),
            }
        }
    }

    /// Validates a single-character op (the body of REPEAT_ONE & co.);
    /// returns the index after it.
    fn single(&mut self, p: usize, end: usize) -> Result<usize, InvalidCode> {
        self.singles.push(p);
        match self.word(p, end)? {
            op::ANY | op::ANY_ALL => Ok(p + 1),
            op::LITERAL
            | op::NOT_LITERAL
            | op::LITERAL_IGNORE
            | op::NOT_LITERAL_IGNORE
            | op::LITERAL_UNI_IGNORE
            | op::NOT_LITERAL_UNI_IGNORE
            | op::LITERAL_LOC_IGNORE
            | op::NOT_LITERAL_LOC_IGNORE => {
                self.word(p + 1, end)?;
                Ok(p + 2)
            }
            op::CATEGORY => {
                let c = self.word(p + 1, end)?;
                if crate::chars::category(c, 0).is_none() {
                    return Err(err("bad category", p + 1));
                }
                Ok(p + 2)
            }
            op::IN | op::IN_IGNORE | op::IN_UNI_IGNORE | op::IN_LOC_IGNORE => {
                let skip = self.word(p + 1, end)?;
                let t = self.target(p + 1, skip, p + 3, end)?;
                self.charset(p + 2, t)?;
                Ok(t)
            }
            _ => Err(err("repeated item is not a single-character op", p)),
        }
    }

    fn check_group(&self, g: u32, p: usize) -> Result<(), InvalidCode> {
        if (g as u64) < self.groups {
            Ok(())
        } else {
            Err(err("group reference out of range", p))
        }
    }

    /// Validates the op at `p` (which must end at or before `end`), queueing
    /// nested blocks. Returns the index of the next op.
    fn op(&mut self, p: usize, end: usize) -> Result<Step, InvalidCode> {
        let o = self.word(p, end)?;
        match o {
            op::FAILURE | op::SUCCESS | op::ANY | op::ANY_ALL => Ok(Step::Next(p + 1)),
            op::AT => {
                let a = self.word(p + 1, end)?;
                if a > at::UNI_NON_BOUNDARY {
                    return Err(err("bad AT code", p + 1));
                }
                Ok(Step::Next(p + 2))
            }
            op::CATEGORY
            | op::LITERAL
            | op::NOT_LITERAL
            | op::LITERAL_IGNORE
            | op::NOT_LITERAL_IGNORE
            | op::LITERAL_UNI_IGNORE
            | op::NOT_LITERAL_UNI_IGNORE
            | op::LITERAL_LOC_IGNORE
            | op::NOT_LITERAL_LOC_IGNORE
            | op::IN
            | op::IN_IGNORE
            | op::IN_UNI_IGNORE
            | op::IN_LOC_IGNORE => self.single(p, end).map(Step::Next),
            op::MARK => {
                let m = self.word(p + 1, end)?;
                if (m as u64) >= self.groups.saturating_mul(2) {
                    return Err(err("MARK out of range", p + 1));
                }
                self.mark_count = self.mark_count.max(m as usize + 1);
                Ok(Step::Next(p + 2))
            }
            op::GROUPREF
            | op::GROUPREF_IGNORE
            | op::GROUPREF_UNI_IGNORE
            | op::GROUPREF_LOC_IGNORE => {
                let g = self.word(p + 1, end)?;
                self.check_group(g, p + 1)?;
                Ok(Step::Next(p + 2))
            }
            op::BRANCH => {
                let mut q = p + 1;
                let mut targets = Vec::new();
                loop {
                    let skip = self.word(q, end)?;
                    if skip == 0 {
                        break;
                    }
                    if skip < 3 {
                        return Err(err("branch alternative too short", q));
                    }
                    let next = self.target(q, skip, q + 3, end)?;
                    if self.get(next - 2)? != op::JUMP {
                        return Err(err("branch alternative does not end with JUMP", next - 2));
                    }
                    let jskip = self.get(next - 1)?;
                    let jt = (next - 1)
                        .checked_add(jskip as usize)
                        .ok_or(err("skip overflows", next - 1))?;
                    targets.push(jt);
                    self.work.push((q + 1, next - 2));
                    q = next;
                }
                let tail = q + 1;
                if targets.iter().any(|&t| t != tail) {
                    return Err(err("branch JUMP does not reach the end of the branch", p));
                }
                Ok(Step::Next(tail))
            }
            op::REPEAT => {
                let skip = self.word(p + 1, end)?;
                let min = self.word(p + 2, end)?;
                let max = self.word(p + 3, end)?;
                if min > max {
                    return Err(err("repeat min > max", p));
                }
                // The UNTIL op sits at p+1+skip and must itself lie inside the block.
                let until = self.target(p + 1, skip, p + 4, end.saturating_sub(1))?;
                match self.get(until)? {
                    op::MAX_UNTIL | op::MIN_UNTIL => {}
                    _ => return Err(err("REPEAT not followed by MAX_UNTIL/MIN_UNTIL", until)),
                }
                self.work.push((p + 4, until));
                Ok(Step::Next(until + 1))
            }
            op::REPEAT_ONE | op::MIN_REPEAT_ONE | op::POSSESSIVE_REPEAT_ONE => {
                let skip = self.word(p + 1, end)?;
                let min = self.word(p + 2, end)?;
                let max = self.word(p + 3, end)?;
                if min > max {
                    return Err(err("repeat min > max", p));
                }
                let tail = self.target(p + 1, skip, p + 6, end)?;
                let e = self.single(p + 4, tail)?;
                if e + 1 != tail || self.get(e)? != op::SUCCESS {
                    return Err(err("single repeat body not followed by SUCCESS", e));
                }
                Ok(Step::Next(tail))
            }
            op::POSSESSIVE_REPEAT => {
                let skip = self.word(p + 1, end)?;
                let min = self.word(p + 2, end)?;
                let max = self.word(p + 3, end)?;
                if min > max {
                    return Err(err("repeat min > max", p));
                }
                let succ = self.target(p + 1, skip, p + 4, end.saturating_sub(1))?;
                if self.get(succ)? != op::SUCCESS {
                    return Err(err("POSSESSIVE_REPEAT not followed by SUCCESS", succ));
                }
                self.work.push((p + 4, succ));
                Ok(Step::Next(succ + 1))
            }
            op::ATOMIC_GROUP => {
                let skip = self.word(p + 1, end)?;
                let tail = self.target(p + 1, skip, p + 3, end)?;
                if self.get(tail - 1)? != op::SUCCESS {
                    return Err(err("ATOMIC_GROUP body not followed by SUCCESS", tail - 1));
                }
                self.work.push((p + 2, tail - 1));
                Ok(Step::Next(tail))
            }
            op::ASSERT | op::ASSERT_NOT => {
                let skip = self.word(p + 1, end)?;
                self.word(p + 2, end)?;
                let tail = self.target(p + 1, skip, p + 4, end)?;
                if self.get(tail - 1)? != op::SUCCESS {
                    return Err(err("assertion body not followed by SUCCESS", tail - 1));
                }
                self.work.push((p + 3, tail - 1));
                Ok(Step::Next(tail))
            }
            op::GROUPREF_EXISTS => {
                let g = self.word(p + 1, end)?;
                self.check_group(g, p + 1)?;
                let skip = self.word(p + 2, end)?;
                let target = self.target(p + 1, skip, p + 3, end)?;
                // The extent depends on the "yes" branch, which has to be
                // walked op by op: the caller does that without recursion.
                Ok(Step::Cond { yes: p + 3, target })
            }
            op::INFO => Err(err("INFO block only allowed at the start", p)),
            op::JUMP => Err(err("stray JUMP", p)),
            op::MAX_UNTIL | op::MIN_UNTIL => Err(err("stray MAX_UNTIL/MIN_UNTIL", p)),
            _ => Err(err("unknown opcode", p)),
        }
    }

    fn run(&mut self) -> Result<(), InvalidCode> {
        struct Walk {
            p: usize,
            end: usize,
            // For the "yes" branch of GROUPREF_EXISTS: the branch target and
            // the end of the enclosing block.
            cond: Option<usize>,
        }
        while let Some((start, end)) = self.work.pop() {
            let mut stack = vec![Walk {
                p: start,
                end,
                cond: None,
            }];
            while let Some(w) = stack.last() {
                let (p, end) = (w.p, w.end);
                let finished = match w.cond {
                    None if p == end => Some(None),
                    None if p > end => return Err(err("block overruns its end", p)),
                    None => None,
                    Some(target) if p == target => Some(Some(target)),
                    Some(target) if p + 2 == target && self.get(p)? == op::JUMP => {
                        let jskip = self.get(p + 1)?;
                        let no_end = self.target(p + 1, jskip, target, end)?;
                        self.work.push((target, no_end));
                        Some(Some(no_end))
                    }
                    Some(target) if p > target => {
                        return Err(err("conditional branch overruns", p))
                    }
                    Some(_) => None,
                };
                if let Some(resume) = finished {
                    stack.pop();
                    if let (Some(next), Some(parent)) = (resume, stack.last_mut()) {
                        parent.p = next;
                    }
                    continue;
                }
                let limit = match w.cond {
                    Some(target) => target,
                    None => end,
                };
                match self.op(p, limit)? {
                    Step::Next(n) => {
                        if let Some(w) = stack.last_mut() {
                            w.p = n;
                        }
                    }
                    Step::Cond { yes, target } => {
                        // `end` of the walk is the enclosing block's end: the
                        // "no" branch must fit inside it.
                        stack.push(Walk {
                            p: yes,
                            end: limit,
                            cond: Some(target),
                        });
                    }
                }
            }
        }
        Ok(())
    }
}

/// Validates `code` for a pattern with `groups` capturing groups.
pub(crate) fn validate(code: &[u32], groups: usize) -> Result<Program, InvalidCode> {
    if groups as u64 > MAXGROUPS as u64 {
        return Err(err("too many groups", 0));
    }
    let n = code.len();
    if n == 0 || code.get(n - 1).copied() != Some(op::SUCCESS) {
        return Err(err("code must end with SUCCESS", n));
    }
    let mut v = V {
        code,
        groups: groups as u64,
        work: Vec::new(),
        mark_count: 0,
        singles: Vec::new(),
    };
    let mut prog = Program::default();
    let mut body = 0;
    if code.first().copied() == Some(op::INFO) {
        let skip = v.get(1)?;
        let end = v.target(1, skip, 5, n - 1)?;
        let flags = v.get(2)?;
        let min = v.get(3)?;
        let max = v.get(4)?;
        if min > max {
            return Err(err("INFO min > max", 3));
        }
        if flags & !(info::PREFIX | info::LITERAL | info::CHARSET) != 0 {
            return Err(err("bad INFO flags", 2));
        }
        if flags & info::PREFIX != 0 && flags & info::CHARSET != 0 {
            return Err(err("INFO has both prefix and charset", 2));
        }
        if flags & info::LITERAL != 0 && flags & info::PREFIX == 0 {
            return Err(err("INFO literal flag without prefix", 2));
        }
        if flags & info::PREFIX != 0 {
            let plen = v.word(5, end)? as usize;
            let pskip = v.word(6, end)? as usize;
            if pskip > plen {
                return Err(err("INFO prefix skip > prefix length", 6));
            }
            let need = plen
                .checked_mul(2)
                .and_then(|x| x.checked_add(7))
                .ok_or(err("prefix too long", 5))?;
            if need > end {
                return Err(err("INFO prefix past end of block", 5));
            }
            for i in 0..plen {
                if v.get(7 + plen + i)? as usize > i {
                    return Err(err("bad INFO overlap table", 7 + plen + i));
                }
            }
            prog.prefix = Some((7, plen));
        } else if flags & info::CHARSET != 0 {
            v.charset(5, end)?;
            prog.charset = Some(5);
        }
        prog.min = min;
        body = end;
    }
    v.work.push((body, n - 1));
    v.run()?;
    prog.body = body;
    prog.mark_count = v.mark_count;
    prog.first = first_char_op(code, body);
    // Precompute the latin-1 part of every single-character test.
    v.singles.sort_unstable();
    v.singles.dedup();
    if !v.singles.is_empty() {
        prog.fast_index = vec![0; n];
        for &p in &v.singles {
            let bits = Bits256::build(|ch| charset::single(code, p, ch)).map_err(|m| err(m, p))?;
            let idx = match prog.fast_bits.iter().position(|b| *b == bits) {
                Some(i) => i,
                None => {
                    prog.fast_bits.push(bits);
                    prog.fast_bits.len() - 1
                }
            };
            if let Some(slot) = prog.fast_index.get_mut(p) {
                *slot = idx as u32 + 1;
            }
        }
    }
    if let Some(cs) = prog.charset {
        prog.charset_bits =
            Some(Bits256::build(|ch| charset::charset(code, cs, ch)).map_err(|m| err(m, cs))?);
    }
    Ok(prog)
}

/// See `Program::first`. `code` is already validated.
fn first_char_op(code: &[u32], mut p: usize) -> Option<usize> {
    while code.get(p).copied() == Some(op::MARK) {
        p += 2;
    }
    match code.get(p).copied()? {
        op::ANY
        | op::ANY_ALL
        | op::LITERAL
        | op::NOT_LITERAL
        | op::LITERAL_IGNORE
        | op::NOT_LITERAL_IGNORE
        | op::LITERAL_UNI_IGNORE
        | op::NOT_LITERAL_UNI_IGNORE
        | op::LITERAL_LOC_IGNORE
        | op::NOT_LITERAL_LOC_IGNORE
        | op::CATEGORY
        | op::IN
        | op::IN_IGNORE
        | op::IN_UNI_IGNORE
        | op::IN_LOC_IGNORE => Some(p),
        op::REPEAT_ONE | op::MIN_REPEAT_ONE | op::POSSESSIVE_REPEAT_ONE
            if code.get(p + 2).copied()? >= 1 =>
        {
            Some(p + 4)
        }
        _ => None,
    }
}
