//! The backtracking matcher.
//!
//! The matcher walks validated sre code. Every choice point (BRANCH, the
//! repeat operators, assertions, ...) runs "the rest of the pattern" as a
//! child frame and learns whether that continuation led to an overall
//! success; on failure it restores the capture state it saved and tries its
//! next alternative. Frames live on a heap-allocated stack (`Vec<Frame>`),
//! so neither long subjects nor deeply nested patterns consume Rust stack.
//!
//! The capture bookkeeping follows the observable behaviour of CPython 3.11:
//! `lastmark` / `lastindex` are saved and restored around every choice point,
//! and the marks themselves are saved (and restored on failure) whenever the
//! choice point sits inside a REPEAT, or unconditionally by MAX_UNTIL and
//! POSSESSIVE_REPEAT iterations. Marks above `lastmark` are stale and get
//! cleared lazily when a MARK raises `lastmark` again.

use crate::chars;
use crate::charset;
use crate::constants::{at, op, MAXREPEAT};
use crate::input::Input;
use crate::validate::Program;
use crate::{Hooks, MatchError};

const NONE: usize = usize::MAX;

/// What the parent of a returning frame was doing when it started the frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Jump {
    Top,
    Branch,
    RepeatOne,
    MinRepeatOne,
    Repeat,
    MaxUntil1,
    MaxUntil2,
    MaxUntil3,
    MinUntil1,
    MinUntil2,
    MinUntil3,
    Assert,
    AssertNot,
    Atomic,
    PossRepeat1,
    PossRepeat2,
}

#[derive(Clone, Copy, Debug)]
struct Frame {
    /// Position of the next op (while running) or of the op being worked on
    /// (while suspended under a child).
    pc: usize,
    /// Current subject position of this frame.
    ptr: usize,
    /// Repeat counter / current branch alternative.
    count: usize,
    /// Saved `lastmark` / `lastindex`.
    lastmark: isize,
    lastindex: isize,
    /// Height of the mark stack when marks were saved (`NONE` if not saved).
    mark_base: usize,
    /// Repeat record this frame works on (UNTIL frames, REPEAT).
    rep: usize,
    /// Auxiliary slot: saved `last_ptr`, previous iteration start, ...
    aux: usize,
    /// How the parent resumes when this frame returns.
    jump: Jump,
    /// Whether SUCCESS in this frame ends the whole match (checks for
    /// fullmatch / must-advance apply).
    toplevel: bool,
}

#[derive(Clone, Copy, Debug)]
struct Rep {
    /// Number of completed iterations (-1 before the first one).
    count: isize,
    /// Index of the REPEAT's skip word (min at +1, max at +2, body at +3).
    pc: usize,
    /// Subject position at the start of the last iteration (zero-width guard).
    last_ptr: usize,
    /// Enclosing repeat (`NONE` if none).
    prev: usize,
}

enum Action {
    /// Run the top frame from its `pc` / `ptr`.
    Exec,
    /// The top frame finished with this result.
    Return(bool),
}

/// Reusable allocations for matching.
#[derive(Default, Debug)]
pub struct Scratch {
    frames: Vec<Frame>,
    marks: Vec<usize>,
    mark_stack: Vec<usize>,
    reps: Vec<Rep>,
}

impl Scratch {
    pub fn new() -> Self {
        Self::default()
    }
}

/// Result of one low-level match attempt.
pub(crate) struct RawMatch {
    pub start: usize,
    pub end: usize,
    pub marks: Vec<usize>,
    pub lastmark: isize,
    pub lastindex: isize,
}

pub(crate) struct Vm<'a, 'h, I: Input + ?Sized> {
    code: &'a [u32],
    prog: &'a Program,
    text: &'a I,
    len: usize,
    /// Effective end of the subject (endpos).
    end: usize,
    /// Where the current match attempt started.
    start: usize,
    /// The "global" position register shared by frames.
    ptr: usize,
    match_all: bool,
    must_advance: bool,
    lastmark: isize,
    lastindex: isize,
    repeat: usize,
    s: &'a mut Scratch,
    hooks: &'a mut Hooks<'h>,
    ticks: u32,
}

type R<T> = Result<T, MatchError>;

#[inline]
fn internal(msg: &'static str) -> MatchError {
    MatchError::Internal(msg)
}

impl<'a, 'h, I: Input + ?Sized> Vm<'a, 'h, I> {
    pub(crate) fn new(
        code: &'a [u32],
        prog: &'a Program,
        text: &'a I,
        end: usize,
        s: &'a mut Scratch,
        hooks: &'a mut Hooks<'h>,
    ) -> Self {
        let len = text.char_len();
        Vm {
            code,
            prog,
            text,
            len,
            end: end.min(len),
            start: 0,
            ptr: 0,
            match_all: false,
            must_advance: false,
            lastmark: -1,
            lastindex: -1,
            repeat: NONE,
            s,
            ticks: hooks.check_interval.max(1),
            hooks,
        }
    }

    // ------------------------------------------------------------ helpers

    #[inline]
    fn c(&self, i: usize) -> R<u32> {
        self.code
            .get(i)
            .copied()
            .ok_or(internal("code index out of range"))
    }

    #[inline]
    fn ch(&self, i: usize) -> u32 {
        self.text.char_at(i)
    }

    #[inline]
    fn tick(&mut self) -> R<()> {
        if self.ticks > 1 {
            self.ticks -= 1;
            return Ok(());
        }
        self.ticks = self.hooks.check_interval.max(1);
        if let Some(cb) = self.hooks.interrupt.as_mut() {
            if !cb() {
                return Err(MatchError::Interrupted);
            }
        }
        Ok(())
    }

    #[inline]
    fn top(&mut self) -> R<&mut Frame> {
        self.s
            .frames
            .last_mut()
            .ok_or(internal("empty frame stack"))
    }

    #[inline]
    fn topv(&self) -> R<Frame> {
        self.s
            .frames
            .last()
            .copied()
            .ok_or(internal("empty frame stack"))
    }

    #[inline]
    fn rep(&mut self, i: usize) -> R<&mut Rep> {
        self.s.reps.get_mut(i).ok_or(internal("bad repeat index"))
    }

    /// Checks that growing the backtracking stacks by `extra` bytes stays
    /// within `Hooks::max_stack_bytes`.
    fn check_growth(&self, extra: usize) -> R<()> {
        if let Some(limit) = self.hooks.max_stack_bytes {
            let used = self.s.frames.capacity() * std::mem::size_of::<Frame>()
                + self.s.mark_stack.capacity() * std::mem::size_of::<usize>()
                + self.s.reps.capacity() * std::mem::size_of::<Rep>();
            if used.saturating_add(extra) > limit {
                return Err(MatchError::StackLimit);
            }
        }
        Ok(())
    }

    fn push_frame(&mut self, pc: usize, jump: Jump, toplevel: bool) -> R<Action> {
        if self.s.frames.len() == self.s.frames.capacity() {
            let extra = self.s.frames.len().max(64);
            self.check_growth(extra.saturating_mul(std::mem::size_of::<Frame>()))?;
            self.s
                .frames
                .try_reserve(extra)
                .map_err(|_| MatchError::NoMemory)?;
        }
        self.s.frames.push(Frame {
            pc,
            ptr: self.ptr,
            count: 0,
            lastmark: -1,
            lastindex: -1,
            mark_base: NONE,
            rep: NONE,
            aux: NONE,
            jump,
            toplevel,
        });
        Ok(Action::Exec)
    }

    /// LASTMARK_SAVE into the top frame.
    fn save_lastmark(&mut self) -> R<()> {
        let (lm, li) = (self.lastmark, self.lastindex);
        let f = self.top()?;
        f.lastmark = lm;
        f.lastindex = li;
        Ok(())
    }

    fn restore_lastmark(&mut self, f: &Frame) {
        self.lastmark = f.lastmark;
        self.lastindex = f.lastindex;
    }

    /// Saves marks[0..=lastmark] (the top frame's saved lastmark); returns the base.
    fn mark_push(&mut self) -> R<usize> {
        let f = self.topv()?;
        let base = self.s.mark_stack.len();
        if f.lastmark >= 0 {
            let n = f.lastmark as usize + 1;
            let src = self
                .s
                .marks
                .get(..n)
                .ok_or(internal("lastmark out of range"))?;
            if self.s.mark_stack.capacity() - base < n {
                let extra = n.max(self.s.mark_stack.len());
                self.check_growth(extra.saturating_mul(std::mem::size_of::<usize>()))?;
                self.s
                    .mark_stack
                    .try_reserve(extra)
                    .map_err(|_| MatchError::NoMemory)?;
            }
            self.s.mark_stack.extend_from_slice(src);
        }
        Ok(base)
    }

    /// Copies saved marks back (MARK_POP_KEEP), optionally dropping them (MARK_POP).
    fn mark_restore(&mut self, f: &Frame, discard: bool) -> R<()> {
        let base = f.mark_base;
        if base == NONE {
            return Ok(());
        }
        if f.lastmark >= 0 {
            let n = f.lastmark as usize + 1;
            let saved = self
                .s
                .mark_stack
                .get(base..base + n)
                .ok_or(internal("mark stack underflow"))?;
            let dst = self
                .s
                .marks
                .get_mut(..n)
                .ok_or(internal("lastmark out of range"))?;
            dst.copy_from_slice(saved);
        }
        if discard {
            self.s.mark_stack.truncate(base);
        }
        Ok(())
    }

    /// MARK_POP_DISCARD.
    fn mark_discard(&mut self, f: &Frame) {
        if f.mark_base != NONE {
            self.s.mark_stack.truncate(f.mark_base);
        }
    }

    // ------------------------------------------------------------ character tests

    /// Evaluates the charset at `p` (used for the INFO charset prefix).
    pub(crate) fn in_charset(&self, p: usize, ch: u32) -> R<bool> {
        if ch < 256 {
            if let Some(bits) = self.prog.charset_bits.as_ref() {
                return Ok(bits.get(ch));
            }
        }
        charset::charset(self.code, p, ch).map_err(internal)
    }

    /// Tests the single-character op at `p` against `ch`.
    #[inline]
    fn single(&self, p: usize, ch: u32) -> R<bool> {
        if ch < 256 {
            if let Some(bits) = self.prog.fast(p) {
                return Ok(bits.get(ch));
            }
        }
        charset::single(self.code, p, ch).map_err(internal)
    }

    /// Length in words of the single-character op at `p`.
    #[inline]
    fn single_len(&self, p: usize) -> R<usize> {
        Ok(match self.c(p)? {
            op::ANY | op::ANY_ALL => 1,
            op::IN | op::IN_IGNORE | op::IN_UNI_IGNORE | op::IN_LOC_IGNORE => {
                1 + self.c(p + 1)? as usize
            }
            _ => 2,
        })
    }

    /// How many times the single-character op at `p` matches from `ptr`,
    /// at most `maxcount` times (MAXREPEAT = unbounded).
    fn count(&mut self, p: usize, ptr: usize, maxcount: u32) -> R<usize> {
        let mut end = self.end;
        if ptr >= end {
            return Ok(0);
        }
        if maxcount != MAXREPEAT && (maxcount as usize) < end - ptr {
            end = ptr + maxcount as usize;
        }
        let o = self.c(p)?;
        let mut i = ptr;
        match o {
            op::ANY_ALL => return Ok(end - ptr),
            op::LITERAL => {
                let c = self.c(p + 1)?;
                while i < end && self.ch(i) == c {
                    i += 1;
                }
            }
            op::NOT_LITERAL => {
                let c = self.c(p + 1)?;
                while i < end && self.ch(i) != c {
                    i += 1;
                }
            }
            op::ANY => {
                while i < end && self.ch(i) != '\n' as u32 {
                    i += 1;
                }
            }
            _ => {
                while i < end && self.single(p, self.ch(i))? {
                    i += 1;
                    if i & 0xff == 0 {
                        self.tick()?;
                    }
                }
            }
        }
        Ok(i - ptr)
    }

    fn is_word_at(&self, i: usize, kind: u32) -> bool {
        let c = self.ch(i);
        match kind {
            0 => chars::ascii_is_word(c),
            1 => chars::locale_is_word(c),
            _ => chars::unicode_is_word(c),
        }
    }

    fn at(&self, ptr: usize, code: u32) -> R<bool> {
        let end = self.end;
        Ok(match code {
            at::BEGINNING | at::BEGINNING_STRING => ptr == 0,
            at::BEGINNING_LINE => ptr == 0 || (ptr <= self.len && self.ch(ptr - 1) == '\n' as u32),
            at::END => (ptr + 1 == end && self.ch(ptr) == '\n' as u32) || ptr == end,
            at::END_LINE => ptr == end || (ptr < self.len && self.ch(ptr) == '\n' as u32),
            at::END_STRING => ptr == end,
            at::BOUNDARY
            | at::NON_BOUNDARY
            | at::LOC_BOUNDARY
            | at::LOC_NON_BOUNDARY
            | at::UNI_BOUNDARY
            | at::UNI_NON_BOUNDARY => {
                if end == 0 {
                    return Ok(false);
                }
                let kind = match code {
                    at::BOUNDARY | at::NON_BOUNDARY => 0,
                    at::LOC_BOUNDARY | at::LOC_NON_BOUNDARY => 1,
                    _ => 2,
                };
                let that = ptr > 0 && ptr <= self.len && self.is_word_at(ptr - 1, kind);
                let this = ptr < end && self.is_word_at(ptr, kind);
                let boundary = matches!(code, at::BOUNDARY | at::LOC_BOUNDARY | at::UNI_BOUNDARY);
                if boundary {
                    this != that
                } else {
                    this == that
                }
            }
            _ => return Err(internal("bad AT code")),
        })
    }

    /// Compares the text of group `g` with the subject at `ptr`; returns the
    /// new position on success.
    fn groupref(&self, g: u32, ptr: usize, o: u32) -> R<Option<usize>> {
        let gi = g as usize * 2;
        if gi as isize >= self.lastmark {
            return Ok(None);
        }
        let p = self.s.marks.get(gi).copied().unwrap_or(NONE);
        let e = self.s.marks.get(gi + 1).copied().unwrap_or(NONE);
        if p == NONE || e == NONE || e < p {
            return Ok(None);
        }
        let n = e - p;
        if n > 0 && (ptr > self.end || self.end - ptr < n) {
            return Ok(None);
        }
        for k in 0..n {
            let a = self.ch(ptr + k);
            let b = self.ch(p + k);
            let same = match o {
                op::GROUPREF => a == b,
                op::GROUPREF_IGNORE => chars::ascii_tolower(a) == chars::ascii_tolower(b),
                op::GROUPREF_UNI_IGNORE => chars::unicode_tolower(a) == chars::unicode_tolower(b),
                _ => chars::locale_tolower(a) == chars::locale_tolower(b),
            };
            if !same {
                return Ok(None);
            }
        }
        Ok(Some(ptr + n))
    }

    fn group_set(&self, g: u32) -> bool {
        let gi = g as usize * 2;
        if gi as isize >= self.lastmark {
            return false;
        }
        let p = self.s.marks.get(gi).copied().unwrap_or(NONE);
        let e = self.s.marks.get(gi + 1).copied().unwrap_or(NONE);
        !(p == NONE || e == NONE || e < p)
    }

    fn set_mark(&mut self, i: usize, ptr: usize) -> R<()> {
        if i & 1 == 1 {
            self.lastindex = (i / 2 + 1) as isize;
        }
        if i as isize > self.lastmark {
            let from = (self.lastmark + 1) as usize;
            if let Some(gap) = self.s.marks.get_mut(from..i) {
                gap.fill(NONE);
            }
            self.lastmark = i as isize;
        }
        *self
            .s
            .marks
            .get_mut(i)
            .ok_or(internal("mark out of range"))? = ptr;
        Ok(())
    }

    // ------------------------------------------------------------ driver

    /// Resets the capture state before a match attempt. Marks above
    /// `lastmark` are stale by definition, so they need no clearing.
    pub(crate) fn reset(&mut self) -> R<()> {
        self.lastmark = -1;
        self.lastindex = -1;
        self.repeat = NONE;
        self.s.mark_stack.clear();
        self.s.reps.clear();
        self.s.frames.clear();
        let n = self.prog.mark_count;
        if self.s.marks.len() < n {
            self.s
                .marks
                .try_reserve(n - self.s.marks.len())
                .map_err(|_| MatchError::NoMemory)?;
            self.s.marks.resize(n, NONE);
        }
        Ok(())
    }

    /// Whether an attempt at `p` can possibly succeed, judging from the
    /// pattern's first character test (see `Program::first`).
    #[inline]
    pub(crate) fn may_start(&self, p: usize) -> R<bool> {
        match self.prog.first {
            Some(pc) => Ok(p < self.end && self.single(pc, self.ch(p))?),
            None => Ok(true),
        }
    }

    /// One anchored attempt at `start` running the code from `pc`.
    pub(crate) fn attempt(
        &mut self,
        start: usize,
        pc: usize,
        match_all: bool,
        must_advance: bool,
    ) -> R<bool> {
        self.reset()?;
        self.start = start;
        self.ptr = start;
        self.match_all = match_all;
        self.must_advance = must_advance;
        self.push_frame(pc, Jump::Top, true)?;
        let mut action = Action::Exec;
        loop {
            action = match action {
                Action::Exec => self.exec()?,
                Action::Return(ok) => {
                    let child = self
                        .s
                        .frames
                        .pop()
                        .ok_or(internal("frame stack underflow"))?;
                    if child.jump == Jump::Top || self.s.frames.is_empty() {
                        self.s.frames.clear();
                        return Ok(ok);
                    }
                    self.resume(child.jump, ok)?
                }
            };
        }
    }

    pub(crate) fn raw_match(&self) -> RawMatch {
        RawMatch {
            start: self.start,
            end: self.ptr,
            marks: self.s.marks.clone(),
            lastmark: self.lastmark,
            lastindex: self.lastindex,
        }
    }

    /// Runs ops of the top frame until it needs a child or finishes.
    fn exec(&mut self) -> R<Action> {
        let fr = self.topv()?;
        let mut pc = fr.pc;
        let mut ptr = fr.ptr;
        let toplevel = fr.toplevel;
        let end = self.end;
        macro_rules! fail {
            () => {
                return Ok(Action::Return(false))
            };
        }
        loop {
            self.tick()?;
            let o = self.c(pc)?;
            match o {
                op::FAILURE => fail!(),
                op::SUCCESS => {
                    if toplevel
                        && ((self.match_all && ptr != end)
                            || (self.must_advance && ptr == self.start))
                    {
                        fail!();
                    }
                    self.ptr = ptr;
                    return Ok(Action::Return(true));
                }
                op::AT => {
                    if !self.at(ptr, self.c(pc + 1)?)? {
                        fail!();
                    }
                    pc += 2;
                }
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
                | op::IN_LOC_IGNORE => {
                    if ptr >= end || !self.single(pc, self.ch(ptr))? {
                        fail!();
                    }
                    ptr += 1;
                    pc += self.single_len(pc)?;
                }
                op::JUMP => {
                    pc = pc + 1 + self.c(pc + 1)? as usize;
                }
                op::MARK => {
                    self.set_mark(self.c(pc + 1)? as usize, ptr)?;
                    pc += 2;
                }
                op::GROUPREF
                | op::GROUPREF_IGNORE
                | op::GROUPREF_UNI_IGNORE
                | op::GROUPREF_LOC_IGNORE => {
                    match self.groupref(self.c(pc + 1)?, ptr, o)? {
                        Some(n) => ptr = n,
                        None => fail!(),
                    }
                    pc += 2;
                }
                op::GROUPREF_EXISTS => {
                    if self.group_set(self.c(pc + 1)?) {
                        pc += 3;
                    } else {
                        pc = pc + 1 + self.c(pc + 2)? as usize;
                    }
                }
                op::BRANCH => {
                    let base = if self.repeat != NONE { Some(()) } else { None };
                    let (lm, li) = (self.lastmark, self.lastindex);
                    {
                        let f = self.top()?;
                        f.pc = pc;
                        f.ptr = ptr;
                        f.lastmark = lm;
                        f.lastindex = li;
                        f.count = pc + 1;
                        f.mark_base = NONE;
                    }
                    if base.is_some() {
                        let b = self.mark_push()?;
                        self.top()?.mark_base = b;
                    }
                    return self.branch_next();
                }
                op::REPEAT_ONE | op::MIN_REPEAT_ONE | op::POSSESSIVE_REPEAT_ONE => {
                    let skip = self.c(pc + 1)? as usize;
                    let min = self.c(pc + 2)?;
                    let max = self.c(pc + 3)?;
                    let tail = pc + 1 + skip;
                    if ptr > end || ((end - ptr) as u64) < min as u64 {
                        fail!();
                    }
                    self.ptr = ptr;
                    let count;
                    if o == op::MIN_REPEAT_ONE {
                        if min == 0 {
                            count = 0;
                        } else {
                            count = self.count(pc + 4, ptr, min)?;
                            if (count as u64) < min as u64 {
                                fail!();
                            }
                            ptr += count;
                        }
                        if self.c(tail)? == op::SUCCESS
                            && !(toplevel
                                && ((self.match_all && ptr != end)
                                    || (self.must_advance && ptr == self.start)))
                        {
                            self.ptr = ptr;
                            return Ok(Action::Return(true));
                        }
                    } else {
                        count = self.count(pc + 4, ptr, max)?;
                        if (count as u64) < min as u64 {
                            fail!();
                        }
                        ptr += count;
                        if o == op::POSSESSIVE_REPEAT_ONE {
                            pc = tail;
                            continue;
                        }
                        if self.c(tail)? == op::SUCCESS
                            && ptr == end
                            && !(toplevel && self.must_advance && ptr == self.start)
                        {
                            self.ptr = ptr;
                            return Ok(Action::Return(true));
                        }
                    }
                    let push = self.repeat != NONE;
                    let (lm, li) = (self.lastmark, self.lastindex);
                    {
                        let f = self.top()?;
                        f.pc = pc;
                        f.ptr = ptr;
                        f.count = count;
                        f.lastmark = lm;
                        f.lastindex = li;
                        f.mark_base = NONE;
                    }
                    if push {
                        let b = self.mark_push()?;
                        self.top()?.mark_base = b;
                    }
                    return if o == op::REPEAT_ONE {
                        self.repeat_one_next()
                    } else {
                        self.min_repeat_one_next()
                    };
                }
                op::REPEAT => {
                    let skip = self.c(pc + 1)? as usize;
                    let idx = self.s.reps.len();
                    if self.s.reps.len() == self.s.reps.capacity() {
                        let extra = self.s.reps.len().max(16);
                        self.check_growth(extra.saturating_mul(std::mem::size_of::<Rep>()))?;
                        self.s
                            .reps
                            .try_reserve(extra)
                            .map_err(|_| MatchError::NoMemory)?;
                    }
                    self.s.reps.push(Rep {
                        count: -1,
                        pc: pc + 1,
                        last_ptr: NONE,
                        prev: self.repeat,
                    });
                    self.repeat = idx;
                    self.ptr = ptr;
                    {
                        let f = self.top()?;
                        f.pc = pc;
                        f.ptr = ptr;
                        f.rep = idx;
                    }
                    return self.push_frame(pc + 1 + skip, Jump::Repeat, toplevel);
                }
                op::MAX_UNTIL | op::MIN_UNTIL => {
                    let ri = self.repeat;
                    if ri == NONE {
                        return Err(internal("UNTIL outside of REPEAT"));
                    }
                    self.ptr = ptr;
                    let rep = *self.rep(ri)?;
                    let count = rep.count + 1;
                    let min = self.c(rep.pc + 1)?;
                    {
                        let f = self.top()?;
                        f.pc = pc;
                        f.ptr = ptr;
                        f.rep = ri;
                        f.count = count as usize;
                    }
                    if (count as i64) < min as i64 {
                        self.rep(ri)?.count = count;
                        let j = if o == op::MAX_UNTIL {
                            Jump::MaxUntil1
                        } else {
                            Jump::MinUntil1
                        };
                        return self.push_frame(rep.pc + 3, j, toplevel);
                    }
                    return if o == op::MAX_UNTIL {
                        self.max_until_more()
                    } else {
                        self.min_until_tail()
                    };
                }
                op::ASSERT => {
                    let back = self.c(pc + 2)? as usize;
                    if ptr < back {
                        fail!();
                    }
                    self.ptr = ptr - back;
                    {
                        let f = self.top()?;
                        f.pc = pc;
                        f.ptr = ptr;
                    }
                    return self.push_frame(pc + 3, Jump::Assert, false);
                }
                op::ASSERT_NOT => {
                    let back = self.c(pc + 2)? as usize;
                    if ptr >= back {
                        self.ptr = ptr - back;
                        let push = self.repeat != NONE;
                        let (lm, li) = (self.lastmark, self.lastindex);
                        {
                            let f = self.top()?;
                            f.pc = pc;
                            f.ptr = ptr;
                            f.lastmark = lm;
                            f.lastindex = li;
                            f.mark_base = NONE;
                        }
                        if push {
                            let b = self.mark_push()?;
                            self.top()?.mark_base = b;
                        }
                        return self.push_frame(pc + 3, Jump::AssertNot, false);
                    }
                    pc = pc + 1 + self.c(pc + 1)? as usize;
                }
                op::ATOMIC_GROUP => {
                    self.ptr = ptr;
                    {
                        let f = self.top()?;
                        f.pc = pc;
                        f.ptr = ptr;
                    }
                    return self.push_frame(pc + 2, Jump::Atomic, false);
                }
                op::POSSESSIVE_REPEAT => {
                    self.ptr = ptr;
                    {
                        let f = self.top()?;
                        f.pc = pc;
                        f.ptr = ptr;
                        f.count = 0;
                    }
                    return self.poss_min();
                }
                _ => return Err(internal("unexpected opcode")),
            }
        }
    }

    /// Continues the parent of a frame that returned `ok`.
    fn resume(&mut self, jump: Jump, ok: bool) -> R<Action> {
        let f = self.topv()?;
        match jump {
            Jump::Top => Ok(Action::Return(ok)),
            Jump::Branch => {
                if ok {
                    self.mark_discard(&f);
                    return Ok(Action::Return(true));
                }
                self.mark_restore(&f, false)?;
                self.restore_lastmark(&f);
                self.branch_next()
            }
            Jump::RepeatOne => {
                if ok {
                    self.mark_discard(&f);
                    return Ok(Action::Return(true));
                }
                self.mark_restore(&f, false)?;
                self.restore_lastmark(&f);
                let min = self.c(f.pc + 2)? as usize;
                if f.count <= min {
                    self.mark_discard(&f);
                    return Ok(Action::Return(false));
                }
                let t = self.top()?;
                t.ptr -= 1;
                t.count -= 1;
                self.repeat_one_next()
            }
            Jump::MinRepeatOne => {
                if ok {
                    self.mark_discard(&f);
                    return Ok(Action::Return(true));
                }
                self.mark_restore(&f, false)?;
                self.restore_lastmark(&f);
                self.ptr = f.ptr;
                if self.count(f.pc + 4, f.ptr, 1)? == 0 {
                    self.mark_discard(&f);
                    return Ok(Action::Return(false));
                }
                let t = self.top()?;
                t.ptr += 1;
                t.count += 1;
                self.min_repeat_one_next()
            }
            Jump::Repeat => {
                let prev = self.rep(f.rep)?.prev;
                self.repeat = prev;
                self.s.reps.truncate(f.rep);
                Ok(Action::Return(ok))
            }
            Jump::MaxUntil1 | Jump::MinUntil1 => {
                if ok {
                    return Ok(Action::Return(true));
                }
                self.rep(f.rep)?.count = f.count as isize - 1;
                self.ptr = f.ptr;
                Ok(Action::Return(false))
            }
            Jump::MaxUntil2 => {
                self.rep(f.rep)?.last_ptr = f.aux;
                if ok {
                    self.mark_discard(&f);
                    return Ok(Action::Return(true));
                }
                self.mark_restore(&f, true)?;
                self.restore_lastmark(&f);
                self.rep(f.rep)?.count = f.count as isize - 1;
                self.ptr = f.ptr;
                self.max_until_tail()
            }
            Jump::MaxUntil3 => {
                self.repeat = f.rep;
                if ok {
                    return Ok(Action::Return(true));
                }
                self.ptr = f.ptr;
                Ok(Action::Return(false))
            }
            Jump::MinUntil2 => {
                // `mark_base` records whether the tail ran inside an outer repeat.
                self.repeat = f.rep;
                if ok {
                    self.mark_discard(&f);
                    return Ok(Action::Return(true));
                }
                self.mark_restore(&f, true)?;
                self.restore_lastmark(&f);
                self.ptr = f.ptr;
                let rep = *self.rep(f.rep)?;
                let max = self.c(rep.pc + 2)?;
                let count = f.count as isize;
                if (max != MAXREPEAT && count as i64 >= max as i64) || self.ptr == rep.last_ptr {
                    return Ok(Action::Return(false));
                }
                let cur = self.ptr;
                let r = self.rep(f.rep)?;
                r.count = count;
                let saved = r.last_ptr;
                r.last_ptr = cur;
                self.top()?.aux = saved;
                self.push_frame(rep.pc + 3, Jump::MinUntil3, f.toplevel)
            }
            Jump::MinUntil3 => {
                self.rep(f.rep)?.last_ptr = f.aux;
                if ok {
                    return Ok(Action::Return(true));
                }
                self.rep(f.rep)?.count = f.count as isize - 1;
                self.ptr = f.ptr;
                Ok(Action::Return(false))
            }
            Jump::Assert => {
                if !ok {
                    return Ok(Action::Return(false));
                }
                let next = f.pc + 1 + self.c(f.pc + 1)? as usize;
                self.top()?.pc = next;
                Ok(Action::Exec)
            }
            Jump::AssertNot => {
                if ok {
                    self.mark_discard(&f);
                    return Ok(Action::Return(false));
                }
                self.mark_restore(&f, true)?;
                self.restore_lastmark(&f);
                let next = f.pc + 1 + self.c(f.pc + 1)? as usize;
                self.top()?.pc = next;
                Ok(Action::Exec)
            }
            Jump::Atomic => {
                if !ok {
                    self.ptr = f.ptr;
                    return Ok(Action::Return(false));
                }
                let next = f.pc + 1 + self.c(f.pc + 1)? as usize;
                let p = self.ptr;
                let t = self.top()?;
                t.pc = next;
                t.ptr = p;
                Ok(Action::Exec)
            }
            Jump::PossRepeat1 => {
                if ok {
                    self.top()?.count += 1;
                    return self.poss_min();
                }
                self.ptr = f.ptr;
                Ok(Action::Return(false))
            }
            Jump::PossRepeat2 => {
                if ok {
                    self.mark_discard(&f);
                    self.top()?.count += 1;
                    return self.poss_max();
                }
                self.mark_restore(&f, true)?;
                self.restore_lastmark(&f);
                self.ptr = f.aux;
                self.poss_tail()
            }
        }
    }

    fn branch_next(&mut self) -> R<Action> {
        let f = self.topv()?;
        let ptr = f.ptr;
        let mut alt = f.count;
        loop {
            let skip = self.c(alt)? as usize;
            if skip == 0 {
                self.mark_discard(&f);
                return Ok(Action::Return(false));
            }
            let next = alt + skip;
            let first = self.c(alt + 1)?;
            if first == op::LITERAL {
                if ptr >= self.end || self.ch(ptr) != self.c(alt + 2)? {
                    alt = next;
                    continue;
                }
            } else if first == op::IN && (ptr >= self.end || !self.single(alt + 1, self.ch(ptr))?) {
                alt = next;
                continue;
            }
            self.top()?.count = next;
            self.ptr = ptr;
            return self.push_frame(alt + 1, Jump::Branch, f.toplevel);
        }
    }

    fn repeat_one_next(&mut self) -> R<Action> {
        let f = self.topv()?;
        let min = self.c(f.pc + 2)? as usize;
        let tail = f.pc + 1 + self.c(f.pc + 1)? as usize;
        let mut ptr = f.ptr;
        let mut count = f.count;
        if self.c(tail)? == op::LITERAL {
            // Skip positions where the tail cannot start.
            let chr = self.c(tail + 1)?;
            while ptr >= self.end || self.ch(ptr) != chr {
                if count <= min {
                    self.mark_discard(&f);
                    return Ok(Action::Return(false));
                }
                ptr -= 1;
                count -= 1;
            }
        }
        {
            let t = self.top()?;
            t.ptr = ptr;
            t.count = count;
        }
        self.ptr = ptr;
        self.push_frame(tail, Jump::RepeatOne, f.toplevel)
    }

    fn min_repeat_one_next(&mut self) -> R<Action> {
        let f = self.topv()?;
        let max = self.c(f.pc + 3)?;
        let tail = f.pc + 1 + self.c(f.pc + 1)? as usize;
        let (mut ptr, mut count) = (f.ptr, f.count);
        // When the tail starts with a literal, extend the repeat up to the
        // next position where that literal occurs: a tail attempt anywhere
        // else would fail at once without side effects.
        let lit = if self.c(tail)? == op::LITERAL {
            Some(self.c(tail + 1)?)
        } else {
            None
        };
        loop {
            if max != MAXREPEAT && count as u64 > max as u64 {
                self.mark_discard(&f);
                return Ok(Action::Return(false));
            }
            match lit {
                Some(c) if ptr >= self.end || self.ch(ptr) != c => {}
                _ => break,
            }
            if ptr >= self.end || !self.single(f.pc + 4, self.ch(ptr))? {
                self.mark_discard(&f);
                return Ok(Action::Return(false));
            }
            ptr += 1;
            count += 1;
            self.tick()?;
        }
        {
            let t = self.top()?;
            t.ptr = ptr;
            t.count = count;
        }
        self.ptr = ptr;
        self.push_frame(tail, Jump::MinRepeatOne, f.toplevel)
    }

    fn max_until_more(&mut self) -> R<Action> {
        let f = self.topv()?;
        let rep = *self.rep(f.rep)?;
        let max = self.c(rep.pc + 2)?;
        let count = f.count;
        if (max == MAXREPEAT || (count as u64) < max as u64) && self.ptr != rep.last_ptr {
            self.rep(f.rep)?.count = count as isize;
            self.save_lastmark()?;
            let b = self.mark_push()?;
            let p = self.ptr;
            {
                let t = self.top()?;
                t.mark_base = b;
                t.aux = rep.last_ptr;
            }
            self.rep(f.rep)?.last_ptr = p;
            return self.push_frame(rep.pc + 3, Jump::MaxUntil2, f.toplevel);
        }
        self.max_until_tail()
    }

    fn max_until_tail(&mut self) -> R<Action> {
        let f = self.topv()?;
        self.repeat = self.rep(f.rep)?.prev;
        self.push_frame(f.pc + 1, Jump::MaxUntil3, f.toplevel)
    }

    fn min_until_tail(&mut self) -> R<Action> {
        let f = self.topv()?;
        self.repeat = self.rep(f.rep)?.prev;
        self.save_lastmark()?;
        self.top()?.mark_base = NONE;
        if self.repeat != NONE {
            let b = self.mark_push()?;
            self.top()?.mark_base = b;
        }
        self.push_frame(f.pc + 1, Jump::MinUntil2, f.toplevel)
    }

    fn poss_min(&mut self) -> R<Action> {
        let f = self.topv()?;
        let min = self.c(f.pc + 2)?;
        if (f.count as u64) < min as u64 {
            return self.push_frame(f.pc + 4, Jump::PossRepeat1, false);
        }
        self.top()?.aux = NONE;
        self.poss_max()
    }

    fn poss_max(&mut self) -> R<Action> {
        let f = self.topv()?;
        let max = self.c(f.pc + 3)?;
        if (max == MAXREPEAT || (f.count as u64) < max as u64) && self.ptr != f.aux {
            self.save_lastmark()?;
            let b = self.mark_push()?;
            let p = self.ptr;
            {
                let t = self.top()?;
                t.mark_base = b;
                t.aux = p;
            }
            return self.push_frame(f.pc + 4, Jump::PossRepeat2, false);
        }
        self.poss_tail()
    }

    fn poss_tail(&mut self) -> R<Action> {
        let f = self.topv()?;
        let next = f.pc + 1 + self.c(f.pc + 1)? as usize + 1;
        let p = self.ptr;
        let t = self.top()?;
        t.pc = next;
        t.ptr = p;
        Ok(Action::Exec)
    }
}
