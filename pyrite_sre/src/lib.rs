//! `pyrite_sre`: the regular expression engine behind Pyrite's `_sre` module.
//!
//! CPython 3.11's pure-Python `re` package (`re/_parser.py`,
//! `re/_compiler.py`) compiles a pattern into a list of integer opcodes and
//! hands it to `_sre.compile(pattern, flags, code, groups, groupindex,
//! indexgroup)`. This crate executes that code:
//!
//! * [`Pattern::new`] validates a code list (malformed code is rejected with
//!   [`InvalidCode`], the equivalent of CPython's `RuntimeError("invalid SRE
//!   code")`; no input can make the crate panic),
//! * [`Pattern::search`], [`Pattern::match_`] and [`Pattern::fullmatch`]
//!   run it over any [`Input`] (`[u8]` for bytes / latin-1 strings, `[u16]`,
//!   `[u32]` or `[char]` for wider strings) between `pos` and `endpos`,
//! * [`Scanner`], [`Pattern::finditer`], [`Pattern::split`] and
//!   [`Pattern::sub_pieces`] implement the iteration rules of 3.7+ (an empty
//!   match may directly follow a non-empty one, but a search never returns an
//!   empty match at the position where the previous match ended if that
//!   previous match was empty).
//!
//! Matching uses a heap-allocated backtracking stack; long subjects and
//! deeply nested patterns never overflow the Rust stack. [`Hooks`] lets the
//! caller poll for interrupts (Ctrl-C) and bound the stack.
//!
//! # Wiring into `_sre`
//!
//! * `_sre.compile(pattern, flags, code, groups, groupindex, indexgroup)`:
//!   `Pattern::new(code, flags, groups)`; keep `pattern`, `groupindex` and
//!   `indexgroup` on the Python object.
//! * `Pattern.search/match/fullmatch(string, pos=0, endpos=sys.maxsize)`:
//!   map negative `pos`/`endpos` to 0, then call the method; values past the
//!   end are clamped here. A bytes-like subject is `[u8]`; a str subject is
//!   whatever array of code points the runtime stores (`[u8]` for latin-1,
//!   `[u16]`, `[u32]`), or a `[char]`.
//! * `Match.regs` is [`Match::spans`] with `None` shown as `(-1, -1)`;
//!   `Match.lastgroup` is `indexgroup[lastindex]`.
//! * `finditer`/`scanner`: [`Pattern::scanner`]; `findall`: extract groups
//!   from [`Pattern::finditer`]; `split`: [`Pattern::split`]; `sub`/`subn`:
//!   [`Pattern::sub_pieces`] (the caller expands templates / calls `repl`).
//! * `re.LOCALE` uses the "C" locale classification (ASCII letters and
//!   digits only, identity case mapping above 0x7f).
//!
//! Python-level mapping of errors: [`InvalidCode`] -> `RuntimeError("invalid
//! SRE code")`; [`MatchError::Interrupted`] -> re-raise the pending signal
//! exception; [`MatchError::StackLimit`] -> `RecursionError("maximum
//! recursion limit exceeded")`; [`MatchError::NoMemory`] -> `MemoryError`;
//! [`MatchError::Internal`] -> `RuntimeError("internal error in regular
//! expression engine")`; [`MatchError::WrongSpan`] -> `SystemError("The span
//! of capturing group is wrong, please report a bug for the re module.")`.

#![forbid(unsafe_code)]

mod chars;
mod charset;
pub mod constants;
mod engine;
pub mod input;
#[rustfmt::skip]
mod unicode_tables;
mod validate;

use std::fmt;

pub use constants::{CODESIZE, MAGIC, MAXGROUPS, MAXREPEAT};
pub use engine::Scratch;
pub use input::Input;

use constants::{at, op};
use engine::{RawMatch, Vm};
use validate::Program;

/// Character helpers with the exact semantics `_sre` uses.
pub mod charinfo {
    pub use crate::chars::{
        ascii_is_digit, ascii_is_space, ascii_is_word, ascii_iscased, ascii_tolower, ascii_toupper,
        category, locale_is_word, locale_tolower, locale_toupper, unicode_is_alnum,
        unicode_is_decimal, unicode_is_linebreak, unicode_is_space, unicode_is_word,
        unicode_iscased, unicode_tolower, unicode_toupper,
    };
    pub use crate::unicode_tables::UNICODE_VERSION;
}

/// `_sre.getcodesize()`.
pub fn getcodesize() -> usize {
    CODESIZE
}

/// `_sre.ascii_iscased(ch)`.
pub fn ascii_iscased(ch: u32) -> bool {
    chars::ascii_iscased(ch)
}

/// `_sre.ascii_tolower(ch)`.
pub fn ascii_tolower(ch: u32) -> u32 {
    chars::ascii_tolower(ch)
}

/// `_sre.unicode_iscased(ch)`.
pub fn unicode_iscased(ch: u32) -> bool {
    chars::unicode_iscased(ch)
}

/// `_sre.unicode_tolower(ch)`.
pub fn unicode_tolower(ch: u32) -> u32 {
    chars::unicode_tolower(ch)
}

/// A code list rejected by validation (CPython: `RuntimeError("invalid SRE code")`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidCode {
    /// What was wrong (for debugging; Python only says "invalid SRE code").
    pub msg: &'static str,
    /// Index in the code list where the problem was found.
    pub position: usize,
}

impl fmt::Display for InvalidCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid SRE code ({} at {})", self.msg, self.position)
    }
}

impl std::error::Error for InvalidCode {}

/// Errors raised while matching.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MatchError {
    /// The interrupt callback asked to stop.
    Interrupted,
    /// The backtracking stacks would exceed [`Hooks::max_stack_bytes`].
    StackLimit,
    /// Memory for the backtracking stack could not be allocated.
    NoMemory,
    /// Inconsistent state (never expected for validated code).
    Internal(&'static str),
    /// A capture group ended before it started (CPython raises SystemError).
    WrongSpan,
}

impl fmt::Display for MatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MatchError::Interrupted => write!(f, "interrupted"),
            MatchError::StackLimit => write!(f, "maximum recursion limit exceeded"),
            MatchError::NoMemory => write!(f, "out of memory"),
            MatchError::Internal(m) => {
                write!(f, "internal error in regular expression engine: {m}")
            }
            MatchError::WrongSpan => {
                write!(
                    f,
                    "The span of capturing group is wrong, please report a bug for the re module."
                )
            }
        }
    }
}

impl std::error::Error for MatchError {}

/// Caller hooks for long-running matches.
pub struct Hooks<'a> {
    /// Called every `check_interval` steps; returning `false` aborts the
    /// match with [`MatchError::Interrupted`] (use it to check signals).
    pub interrupt: Option<&'a mut dyn FnMut() -> bool>,
    /// Steps between two interrupt checks.
    pub check_interval: u32,
    /// Upper bound, in bytes, on the memory of the backtracking stacks
    /// (None = limited by available memory only). The default is 4 GiB,
    /// which needs a pathological pattern/subject pair to reach (a greedy
    /// group repeat such as `(a|b)*` uses roughly 200 bytes per iteration).
    pub max_stack_bytes: Option<usize>,
}

impl Default for Hooks<'_> {
    fn default() -> Self {
        Hooks {
            interrupt: None,
            check_interval: 1 << 16,
            max_stack_bytes: Some(4 << 30),
        }
    }
}

impl fmt::Debug for Hooks<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Hooks")
            .field("interrupt", &self.interrupt.is_some())
            .field("check_interval", &self.check_interval)
            .field("max_stack_bytes", &self.max_stack_bytes)
            .finish()
    }
}

/// How an attempt is anchored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Find the leftmost match at or after `pos` (`Pattern.search`).
    Search,
    /// Match anchored at `pos` (`Pattern.match`).
    Match,
    /// Match anchored at `pos` that must end at `endpos` (`Pattern.fullmatch`).
    FullMatch,
}

/// A successful match.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Match {
    /// `Match.pos`: the (clamped) `pos` passed to the search.
    pub pos: usize,
    /// `Match.endpos`: the (clamped) `endpos`.
    pub endpos: usize,
    /// `Match.lastindex` (None if no group closed).
    pub lastindex: Option<usize>,
    /// `Match.regs`: span of group 0 (the whole match) followed by the spans
    /// of groups 1..=groups (None for a group that did not participate).
    pub spans: Vec<Option<(usize, usize)>>,
}

impl Match {
    /// Start of the whole match.
    pub fn start(&self) -> usize {
        self.span(0).map_or(0, |s| s.0)
    }
    /// End of the whole match.
    pub fn end(&self) -> usize {
        self.span(0).map_or(0, |s| s.1)
    }
    /// Span of group `g` (0 = whole match); None if the group did not
    /// participate or does not exist.
    pub fn span(&self, g: usize) -> Option<(usize, usize)> {
        self.spans.get(g).copied().flatten()
    }
    /// Number of capturing groups (excluding group 0).
    pub fn groups(&self) -> usize {
        self.spans.len().saturating_sub(1)
    }
}

/// A validated sre program.
#[derive(Clone, Debug)]
pub struct Pattern {
    code: Vec<u32>,
    flags: u32,
    groups: usize,
    prog: Program,
}

impl Pattern {
    /// Validates `code` (as produced by `re._compiler._code`) for a pattern
    /// with `groups` capturing groups (`p.state.groups - 1`).
    pub fn new(code: Vec<u32>, flags: u32, groups: usize) -> Result<Pattern, InvalidCode> {
        let prog = validate::validate(&code, groups)?;
        Ok(Pattern {
            code,
            flags,
            groups,
            prog,
        })
    }

    /// The code list.
    pub fn code(&self) -> &[u32] {
        &self.code
    }

    /// The flags given to [`Pattern::new`].
    pub fn flags(&self) -> u32 {
        self.flags
    }

    /// Number of capturing groups.
    pub fn groups(&self) -> usize {
        self.groups
    }

    /// `Pattern.search(string, pos, endpos)`. `pos`/`endpos` are clamped to
    /// the subject length (callers map negative Python values to 0).
    pub fn search<I: Input + ?Sized>(
        &self,
        s: &I,
        pos: usize,
        endpos: usize,
    ) -> Result<Option<Match>, MatchError> {
        self.run(
            s,
            pos,
            endpos,
            Mode::Search,
            false,
            &mut Hooks::default(),
            &mut Scratch::new(),
        )
    }

    /// `Pattern.match(string, pos, endpos)`.
    pub fn match_<I: Input + ?Sized>(
        &self,
        s: &I,
        pos: usize,
        endpos: usize,
    ) -> Result<Option<Match>, MatchError> {
        self.run(
            s,
            pos,
            endpos,
            Mode::Match,
            false,
            &mut Hooks::default(),
            &mut Scratch::new(),
        )
    }

    /// `Pattern.fullmatch(string, pos, endpos)`.
    pub fn fullmatch<I: Input + ?Sized>(
        &self,
        s: &I,
        pos: usize,
        endpos: usize,
    ) -> Result<Option<Match>, MatchError> {
        self.run(
            s,
            pos,
            endpos,
            Mode::FullMatch,
            false,
            &mut Hooks::default(),
            &mut Scratch::new(),
        )
    }

    /// The general entry point. `must_advance` forbids an empty match at
    /// `pos` (used by the iteration helpers after an empty match).
    #[allow(clippy::too_many_arguments)]
    pub fn run<I: Input + ?Sized>(
        &self,
        s: &I,
        pos: usize,
        endpos: usize,
        mode: Mode,
        must_advance: bool,
        hooks: &mut Hooks<'_>,
        scratch: &mut Scratch,
    ) -> Result<Option<Match>, MatchError> {
        let len = s.char_len();
        let pos = pos.min(len);
        let endpos = endpos.min(len);
        self.run_from(s, pos, endpos, pos, mode, must_advance, hooks, scratch)
    }

    /// Like [`Pattern::run`] but starts at `start` while reporting `pos`
    /// in the match (scanner semantics). All positions already clamped.
    #[allow(clippy::too_many_arguments)]
    fn run_from<I: Input + ?Sized>(
        &self,
        s: &I,
        pos: usize,
        endpos: usize,
        start: usize,
        mode: Mode,
        must_advance: bool,
        hooks: &mut Hooks<'_>,
        scratch: &mut Scratch,
    ) -> Result<Option<Match>, MatchError> {
        let mut vm = Vm::new(&self.code, &self.prog, s, endpos, scratch, hooks);
        let found = match mode {
            Mode::Search => self.search_impl(&mut vm, s, start, endpos, must_advance)?,
            Mode::Match | Mode::FullMatch => {
                let min = self.prog.min as usize;
                if start <= endpos && endpos - start < min {
                    false
                } else {
                    vm.attempt(start, self.prog.body, mode == Mode::FullMatch, must_advance)?
                }
            }
        };
        if !found {
            return Ok(None);
        }
        let raw = vm.raw_match();
        self.build_match(raw, pos, endpos).map(Some)
    }

    fn search_impl<I: Input + ?Sized>(
        &self,
        vm: &mut Vm<'_, '_, I>,
        s: &I,
        start: usize,
        end: usize,
        must_advance: bool,
    ) -> Result<bool, MatchError> {
        if start > end {
            return Ok(false);
        }
        let min = self.prog.min as usize;
        if end - start < min {
            return Ok(false);
        }
        let last = if min == 0 { end } else { end - min };
        let body = self.prog.body;
        // A pattern starting with \A or ^ (not MULTILINE) can only match at 0.
        let anchored = self.code.get(body).copied() == Some(op::AT)
            && matches!(
                self.code.get(body + 1).copied(),
                Some(at::BEGINNING) | Some(at::BEGINNING_STRING)
            );
        if let Some((pstart, plen)) = self.prog.prefix {
            let prefix = self.code.get(pstart..pstart + plen).unwrap_or(&[]);
            if let Some(&first) = prefix.first() {
                let mut p = start;
                while p <= last {
                    if s.char_at(p) == first
                        && end - p >= plen
                        && prefix
                            .iter()
                            .enumerate()
                            .all(|(k, &c)| s.char_at(p + k) == c)
                        && vm.attempt(p, body, false, false)?
                    {
                        return Ok(true);
                    }
                    p += 1;
                }
                return Ok(false);
            }
        }
        if let Some(cs) = self.prog.charset {
            let mut p = start;
            while p <= last && p < end {
                if vm.in_charset(cs, s.char_at(p))? && vm.attempt(p, body, false, false)? {
                    return Ok(true);
                }
                p += 1;
            }
            return Ok(false);
        }
        if vm.may_start(start)? && vm.attempt(start, body, false, must_advance)? {
            return Ok(true);
        }
        if anchored {
            return Ok(false);
        }
        let mut p = start;
        while p < last {
            p += 1;
            if vm.may_start(p)? && vm.attempt(p, body, false, false)? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    fn build_match(&self, raw: RawMatch, pos: usize, endpos: usize) -> Result<Match, MatchError> {
        let mut spans: Vec<Option<(usize, usize)>> = Vec::new();
        spans
            .try_reserve_exact(self.groups + 1)
            .map_err(|_| MatchError::NoMemory)?;
        spans.push(Some((raw.start, raw.end)));
        for g in 0..self.groups {
            let j = 2 * g;
            let span = if ((j + 1) as isize) <= raw.lastmark {
                match (raw.marks.get(j).copied(), raw.marks.get(j + 1).copied()) {
                    (Some(a), Some(b)) if a != usize::MAX && b != usize::MAX => {
                        if a > b {
                            return Err(MatchError::WrongSpan);
                        }
                        Some((a, b))
                    }
                    _ => None,
                }
            } else {
                None
            };
            spans.push(span);
        }
        Ok(Match {
            pos,
            endpos,
            lastindex: if raw.lastindex >= 0 {
                Some(raw.lastindex as usize)
            } else {
                None
            },
            spans,
        })
    }

    /// An iterator-like scanner (`Pattern.scanner(string, pos, endpos)`).
    pub fn scanner<'p, 's, I: Input + ?Sized>(
        &'p self,
        s: &'s I,
        pos: usize,
        endpos: usize,
    ) -> Scanner<'p, 's, I> {
        let len = s.char_len();
        let pos = pos.min(len);
        let endpos = endpos.min(len);
        Scanner {
            pattern: self,
            text: s,
            pos,
            endpos,
            start: Some(pos),
            must_advance: false,
            scratch: Scratch::new(),
        }
    }

    /// All matches `finditer` / `findall` produce, in order.
    pub fn finditer<I: Input + ?Sized>(
        &self,
        s: &I,
        pos: usize,
        endpos: usize,
    ) -> Result<Vec<Match>, MatchError> {
        self.finditer_with(s, pos, endpos, &mut Hooks::default())
    }

    /// [`Pattern::finditer`] with hooks.
    pub fn finditer_with<I: Input + ?Sized>(
        &self,
        s: &I,
        pos: usize,
        endpos: usize,
        hooks: &mut Hooks<'_>,
    ) -> Result<Vec<Match>, MatchError> {
        let mut sc = self.scanner(s, pos, endpos);
        let mut out = Vec::new();
        while let Some(m) = sc.search_with(hooks)? {
            out.push(m);
        }
        Ok(out)
    }

    /// `Pattern.split(string, maxsplit)` as spans: each item is a piece of
    /// the subject (`Some((start, end))`) or a group value (`None` if the
    /// group did not participate). `maxsplit == 0` means no limit.
    pub fn split<I: Input + ?Sized>(
        &self,
        s: &I,
        maxsplit: usize,
    ) -> Result<Vec<Option<(usize, usize)>>, MatchError> {
        self.split_with(s, maxsplit, &mut Hooks::default())
    }

    /// [`Pattern::split`] with hooks.
    pub fn split_with<I: Input + ?Sized>(
        &self,
        s: &I,
        maxsplit: usize,
        hooks: &mut Hooks<'_>,
    ) -> Result<Vec<Option<(usize, usize)>>, MatchError> {
        let len = s.char_len();
        let mut sc = self.scanner(s, 0, len);
        let mut out = Vec::new();
        let mut last = 0;
        let mut n = 0;
        while maxsplit == 0 || n < maxsplit {
            let Some(m) = sc.search_with(hooks)? else {
                break;
            };
            out.push(Some((last, m.start())));
            out.extend(m.spans.iter().skip(1).copied());
            n += 1;
            last = m.end();
        }
        out.push(Some((last, len)));
        Ok(out)
    }

    /// The pieces `Pattern.sub(repl, string, count)` assembles: unmatched
    /// text (only non-empty pieces, like CPython) and the matches to replace.
    /// `count == 0` means no limit. (CPython calls a callable `repl` between
    /// two searches; a caller that needs that interleaving can drive a
    /// [`Scanner`] the same way: the matches are identical.)
    pub fn sub_pieces<I: Input + ?Sized>(
        &self,
        s: &I,
        count: usize,
    ) -> Result<Vec<SubPiece>, MatchError> {
        self.sub_pieces_with(s, count, &mut Hooks::default())
    }

    /// [`Pattern::sub_pieces`] with hooks.
    pub fn sub_pieces_with<I: Input + ?Sized>(
        &self,
        s: &I,
        count: usize,
        hooks: &mut Hooks<'_>,
    ) -> Result<Vec<SubPiece>, MatchError> {
        let len = s.char_len();
        let mut sc = self.scanner(s, 0, len);
        let mut out = Vec::new();
        let mut i = 0;
        let mut n = 0;
        while count == 0 || n < count {
            let Some(m) = sc.search_with(hooks)? else {
                break;
            };
            let (b, e) = (m.start(), m.end());
            if i < b {
                out.push(SubPiece::Text(i, b));
            }
            out.push(SubPiece::Replace(m));
            i = e;
            n += 1;
        }
        if i < len {
            out.push(SubPiece::Text(i, len));
        }
        Ok(out)
    }
}

/// One piece of a substitution result (see [`Pattern::sub_pieces`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SubPiece {
    /// Copy `string[start..end]`.
    Text(usize, usize),
    /// Insert the replacement for this match.
    Replace(Match),
}

/// Successive matches over one subject (`_sre.SRE_Scanner`).
pub struct Scanner<'p, 's, I: Input + ?Sized> {
    pattern: &'p Pattern,
    text: &'s I,
    pos: usize,
    endpos: usize,
    /// Where the next attempt starts (None once exhausted).
    start: Option<usize>,
    must_advance: bool,
    scratch: Scratch,
}

impl<'p, 's, I: Input + ?Sized> Scanner<'p, 's, I> {
    /// `scanner.search()`: the next match, or None once exhausted.
    pub fn search(&mut self) -> Result<Option<Match>, MatchError> {
        self.search_with(&mut Hooks::default())
    }

    /// `scanner.match()`: the next match anchored where the previous ended.
    pub fn match_(&mut self) -> Result<Option<Match>, MatchError> {
        self.match_with(&mut Hooks::default())
    }

    /// [`Scanner::search`] with hooks.
    pub fn search_with(&mut self, hooks: &mut Hooks<'_>) -> Result<Option<Match>, MatchError> {
        self.step(Mode::Search, hooks)
    }

    /// [`Scanner::match_`] with hooks.
    pub fn match_with(&mut self, hooks: &mut Hooks<'_>) -> Result<Option<Match>, MatchError> {
        self.step(Mode::Match, hooks)
    }

    fn step(&mut self, mode: Mode, hooks: &mut Hooks<'_>) -> Result<Option<Match>, MatchError> {
        let Some(start) = self.start else {
            return Ok(None);
        };
        let r = self.pattern.run_from(
            self.text,
            self.pos,
            self.endpos,
            start,
            mode,
            self.must_advance,
            hooks,
            &mut self.scratch,
        );
        match r {
            Ok(Some(m)) => {
                self.must_advance = m.end() == m.start();
                self.start = Some(m.end());
                Ok(Some(m))
            }
            Ok(None) => {
                self.start = None;
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }
}

impl<'p, 's, I: Input + ?Sized> Iterator for Scanner<'p, 's, I> {
    type Item = Result<Match, MatchError>;
    fn next(&mut self) -> Option<Self::Item> {
        self.search().transpose()
    }
}
