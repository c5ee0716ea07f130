//! A CPython 3.11-compatible tokenizer pass, run before parsing.
//!
//! It does not produce tokens for the parser (ruff's lexer does that); it reproduces what
//! CPython's tokenizer checks, with CPython's messages and positions:
//! - errors CPython's tokenizer raises as `SyntaxError` (unterminated strings, invalid
//!   characters, bad number literals, unmatched brackets, too many nested parentheses):
//!   CPython reports these even when the parser failed earlier, so they are final;
//! - indentation errors, bad line continuations, EOF inside brackets: reported when the
//!   parser reaches them;
//! - 3.11 f-string rules (an f-string is one token; its replacement fields may not
//!   contain backslashes, comments or the enclosing quote);
//! - bounds on expression nesting, so that the recursive parser and every later pass stay
//!   within a bounded depth ("too complex" input becomes a `RecursionError`).

use crate::depth::*;
use crate::error::{SyntaxErrorInfo, SyntaxErrorKind};
use crate::source::{error_text, LineIndex};

/// CPython's MAXLEVEL (bracket nesting) and MAXINDENT.
const MAX_LEVEL: usize = 200;
const MAX_INDENT: usize = 100;
/// Upper bound for the estimated nesting of one expression (CPython fails near 3000).
const MAX_COMPLEXITY: u32 = 3000;

#[derive(Default)]
pub struct TokResult {
    /// Report this error without parsing.
    pub fatal: Option<SyntaxErrorInfo>,
    /// An error CPython reports only if the parser gets this far: (byte position, error).
    pub deferred: Option<(u32, SyntaxErrorInfo)>,
    /// End of input inside brackets: "'(' was never closed".
    pub unclosed: Option<SyntaxErrorInfo>,
    /// A 3.11 f-string error (parser-level): (byte position of the string token, error).
    pub fstring: Option<(u32, SyntaxErrorInfo)>,
}

pub fn check(source: &str, filename: &str, lines: &LineIndex, eval: bool) -> TokResult {
    let _ = eval;
    let mut t = Tok::new(source, filename, lines, 0);
    t.run();
    t.result
}

struct Tok<'a> {
    src: &'a str,
    b: &'a [u8],
    filename: &'a str,
    lines: &'a LineIndex<'a>,
    pos: usize,
    /// (bracket char, byte position)
    parens: Vec<(u8, usize)>,
    indents: Vec<(usize, usize)>,
    at_bol: bool,
    /// Expression nesting estimate.
    est: Estimator,
    result: TokResult,
    /// Base offset for sub-tokenizers of f-string expressions (positions are absolute).
    fstring_level: u32,
    done: bool,
}

fn is_ident_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_' || c >= 0x80
}
fn is_ident_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80
}

/// Unicode "printable" (as `str.isprintable`), approximately.
fn is_printable(c: char) -> bool {
    if c.is_control() {
        return false;
    }
    if c != ' ' && c.is_whitespace() {
        return false;
    }
    let u = c as u32;
    !matches!(u,
        0xAD | 0x600..=0x605 | 0x61C | 0x6DD | 0x70F | 0x890..=0x891 | 0x8E2 | 0x180E
        | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2064 | 0x2066..=0x206F
        | 0xFEFF | 0xFFF9..=0xFFFB | 0x110BD | 0x110CD | 0x13430..=0x1343F
        | 0x1BCA0..=0x1BCA3 | 0x1D173..=0x1D17A | 0xE0001 | 0xE0020..=0xE007F
        | 0xE000..=0xF8FF | 0xF0000..=0x10FFFF | 0xFFFE | 0xFFFF)
}

impl<'a> Tok<'a> {
    fn new(src: &'a str, filename: &'a str, lines: &'a LineIndex<'a>, fstring_level: u32) -> Self {
        Tok {
            src,
            b: src.as_bytes(),
            filename,
            lines,
            pos: 0,
            parens: Vec::new(),
            indents: vec![(0, 0)],
            at_bol: fstring_level == 0,
            est: Estimator::new(MAX_COMPLEXITY, 0),
            result: TokResult::default(),
            fstring_level,
            done: false,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }
    fn peek_at(&self, k: usize) -> Option<u8> {
        self.b.get(self.pos + k).copied()
    }

    /// A SyntaxError the way CPython's tokenizer reports it: `offset` is the number of
    /// characters before `cur` on the line.
    fn err_at_cur(
        &self,
        kind: SyntaxErrorKind,
        msg: impl Into<String>,
        cur: usize,
    ) -> SyntaxErrorInfo {
        let (line, col) = self.lines.line_col(cur as u32);
        let mut e = SyntaxErrorInfo::new(kind, msg, self.filename);
        e.lineno = line;
        e.end_lineno = line;
        let off = self.lines.char_offset(line, col).saturating_sub(1);
        e.offset = off;
        e.end_offset = off;
        e.text = Some(error_text(self.lines.line_text(line)));
        e
    }

    fn fatal(&mut self, e: SyntaxErrorInfo) {
        if self.result.fatal.is_none() {
            self.result.fatal = Some(e);
        }
        self.done = true;
    }

    fn deferred(&mut self, pos: usize, e: SyntaxErrorInfo) {
        if self.result.deferred.is_none() {
            self.result.deferred = Some((pos as u32, e));
        }
        self.done = true;
    }

    fn check_complexity(&mut self) {
        if self.est.exceeded && !self.done {
            self.fatal(SyntaxErrorInfo::new(
                SyntaxErrorKind::RecursionError,
                "maximum recursion depth exceeded during compilation",
                self.filename,
            ));
        }
    }

    fn run(&mut self) {
        let mut blank = false;
        while !self.done {
            if self.at_bol {
                self.at_bol = false;
                blank = self.indentation();
                if self.done {
                    break;
                }
            }
            // Skip whitespace.
            while let Some(c) = self.peek() {
                if c == b' ' || c == b'\t' || c == b'\x0c' {
                    self.pos += 1;
                } else {
                    break;
                }
            }
            let Some(c) = self.peek() else {
                self.at_eof();
                break;
            };
            let start = self.pos;
            match c {
                b'#' => {
                    while let Some(c) = self.peek() {
                        if c == b'\n' || c == b'\r' {
                            break;
                        }
                        self.pos += 1;
                    }
                }
                b'\n' | b'\r' => {
                    self.pos += 1;
                    if c == b'\r' && self.peek() == Some(b'\n') {
                        self.pos += 1;
                    }
                    if self.fstring_level == 0 {
                        self.at_bol = true;
                    }
                    if self.parens.is_empty() && !blank {
                        self.est.newline();
                    }
                    blank = false;
                }
                b'\\' => {
                    self.pos += 1;
                    match self.peek() {
                        Some(b'\n') | Some(b'\r') => {
                            self.pos += 1;
                            if self.b[self.pos - 1] == b'\r' && self.peek() == Some(b'\n') {
                                self.pos += 1;
                            }
                            if self.pos >= self.b.len() {
                                let mut e = self.err_at_cur(
                                    SyntaxErrorKind::SyntaxError,
                                    "unexpected EOF while parsing",
                                    start,
                                );
                                e.offset += 1;
                                e.end_offset = 0;
                                self.deferred(start, e);
                            }
                        }
                        None => {
                            let mut e = self.err_at_cur(
                                SyntaxErrorKind::SyntaxError,
                                "unexpected EOF while parsing",
                                start,
                            );
                            e.offset += 1;
                            e.end_offset = 0;
                            self.deferred(start, e);
                        }
                        Some(_) => {
                            let mut e = self.err_at_cur(
                                SyntaxErrorKind::SyntaxError,
                                "unexpected character after line continuation character",
                                start,
                            );
                            e.offset += 2;
                            e.end_offset = 0;
                            self.deferred(start, e);
                        }
                    }
                }
                b'0'..=b'9' => {
                    self.number();
                    self.est.operand();
                }
                b'.' if self.peek_at(1).is_some_and(|d| d.is_ascii_digit()) => {
                    self.number();
                    self.est.operand();
                }
                b'\'' | b'"' => {
                    self.string(start, start);
                    self.est.operand();
                }
                c if is_ident_start(c) => self.identifier(start),
                b'(' | b'[' | b'{' => {
                    self.pos += 1;
                    if self.parens.len() >= MAX_LEVEL {
                        let e = self.err_at_cur(
                            SyntaxErrorKind::SyntaxError,
                            "too many nested parentheses",
                            self.pos,
                        );
                        self.fatal(e);
                        break;
                    }
                    self.parens.push((c, start));
                    self.est.open();
                    self.check_complexity();
                }
                b')' | b']' | b'}' => {
                    self.pos += 1;
                    match self.parens.pop() {
                        None => {
                            let e = self.err_at_cur(
                                SyntaxErrorKind::SyntaxError,
                                format!("unmatched '{}'", c as char),
                                self.pos,
                            );
                            self.fatal(e);
                        }
                        Some((open, opos)) => {
                            self.est.close();
                            self.check_complexity();
                            let ok =
                                matches!((open, c), (b'(', b')') | (b'[', b']') | (b'{', b'}'));
                            if !ok {
                                let oline = self.lines.line_col(opos as u32).0;
                                let cline = self.lines.line_col(start as u32).0;
                                let msg = if oline != cline {
                                    format!(
                                        "closing parenthesis '{}' does not match opening parenthesis '{}' on line {}",
                                        c as char, open as char, oline
                                    )
                                } else {
                                    format!(
                                        "closing parenthesis '{}' does not match opening parenthesis '{}'",
                                        c as char, open as char
                                    )
                                };
                                let e =
                                    self.err_at_cur(SyntaxErrorKind::SyntaxError, msg, self.pos);
                                self.fatal(e);
                            }
                        }
                    }
                }
                b',' | b';' => {
                    self.pos += 1;
                    self.est.separator();
                }
                c if c < 0x20 || c == 0x7f => {
                    self.pos += 1;
                    let e = self.err_at_cur(
                        SyntaxErrorKind::SyntaxError,
                        format!("invalid non-printable character U+{:04X}", c),
                        self.pos,
                    );
                    self.fatal(e);
                }
                _ => self.operator(),
            }
        }
    }

    /// Measure the indentation at the beginning of a line. Returns whether the line is blank.
    fn indentation(&mut self) -> bool {
        let line_start = self.pos;
        let mut col = 0usize;
        let mut altcol = 0usize;
        while let Some(c) = self.peek() {
            match c {
                b' ' => {
                    col += 1;
                    altcol += 1;
                }
                b'\t' => {
                    col = (col / 8 + 1) * 8;
                    altcol += 1;
                }
                b'\x0c' => {
                    col = 0;
                    altcol = 0;
                }
                _ => break,
            }
            self.pos += 1;
        }
        let blank = matches!(self.peek(), None | Some(b'#') | Some(b'\n') | Some(b'\r'));
        if blank || !self.parens.is_empty() {
            return blank;
        }
        let (top, alttop) = *self.indents.last().unwrap_or(&(0, 0));
        let line_no = self.lines.line_col(line_start as u32).0;
        let tab_error = |t: &Self| {
            let mut e = SyntaxErrorInfo::new(
                SyntaxErrorKind::TabError,
                "inconsistent use of tabs and spaces in indentation",
                t.filename,
            );
            e.lineno = line_no;
            e.end_lineno = line_no;
            e.offset = 1;
            e.end_offset = 0;
            e.text = Some(error_text(t.lines.line_text(line_no)));
            e
        };
        if col == top {
            if altcol != alttop {
                let e = tab_error(self);
                self.deferred(line_start, e);
            }
        } else if col > top {
            if self.indents.len() >= MAX_INDENT {
                let mut e = SyntaxErrorInfo::new(
                    SyntaxErrorKind::IndentationError,
                    "too many levels of indentation",
                    self.filename,
                );
                e.lineno = line_no;
                e.end_lineno = line_no;
                e.offset = self
                    .lines
                    .char_offset(line_no, (self.pos - line_start) as u32);
                e.end_offset = 0;
                e.text = Some(error_text(self.lines.line_text(line_no)));
                self.fatal(e);
                return blank;
            }
            if altcol <= alttop {
                let e = tab_error(self);
                self.deferred(line_start, e);
            }
            self.indents.push((col, altcol));
        } else {
            while self.indents.len() > 1 && col < self.indents.last().map(|x| x.0).unwrap_or(0) {
                self.indents.pop();
            }
            let (top, alttop) = *self.indents.last().unwrap_or(&(0, 0));
            if col != top {
                let text = self.lines.line_text(line_no);
                let mut e = SyntaxErrorInfo::new(
                    SyntaxErrorKind::IndentationError,
                    "unindent does not match any outer indentation level",
                    self.filename,
                );
                e.lineno = line_no;
                e.end_lineno = line_no;
                e.offset = text.trim_end_matches(['\r', '\n']).chars().count() as u32 + 1;
                e.end_offset = 0;
                e.text = Some(error_text(text));
                self.deferred(line_start, e);
            } else if altcol != alttop {
                let e = tab_error(self);
                self.deferred(line_start, e);
            }
        }
        blank
    }

    fn at_eof(&mut self) {
        if let Some(&(open, opos)) = self.parens.last() {
            if self.fstring_level == 0 {
                let (line, col) = self.lines.line_col(opos as u32);
                let mut e = SyntaxErrorInfo::new(
                    SyntaxErrorKind::SyntaxError,
                    format!("'{}' was never closed", open as char),
                    self.filename,
                );
                e.lineno = line;
                e.end_lineno = line;
                e.offset = self.lines.char_offset(line, col);
                e.end_offset = 0;
                e.text = Some(error_text(self.lines.line_text(line)));
                self.result.unclosed = Some(e);
            }
        }
        self.done = true;
    }

    fn identifier(&mut self, start: usize) {
        // Possible string prefix.
        let mut j = self.pos;
        while j < self.b.len()
            && j - self.pos < 3
            && matches!(self.b[j].to_ascii_lowercase(), b'r' | b'b' | b'u' | b'f')
        {
            j += 1;
        }
        if j > self.pos && j < self.b.len() && (self.b[j] == b'\'' || self.b[j] == b'"') {
            let prefix: Vec<u8> = self.b[self.pos..j]
                .iter()
                .map(|c| c.to_ascii_lowercase())
                .collect();
            let valid = matches!(
                prefix.as_slice(),
                b"r" | b"b" | b"u" | b"f" | b"br" | b"rb" | b"fr" | b"rf"
            );
            if valid {
                self.pos = j;
                self.string(start, j);
                self.est.operand();
                return;
            }
        }
        let mut ascii = true;
        while let Some(c) = self.peek() {
            if !is_ident_char(c) {
                break;
            }
            if c >= 0x80 {
                ascii = false;
            }
            self.pos += 1;
        }
        let word = &self.src[start..self.pos];
        if !ascii {
            // Validate as CPython's verify_identifier does (XID_Start / XID_Continue).
            for (k, ch) in word.char_indices() {
                let ok = if k == 0 {
                    ch == '_' || unicode_ident::is_xid_start(ch)
                } else {
                    unicode_ident::is_xid_continue(ch)
                };
                if !ok {
                    let cur = start + k + ch.len_utf8();
                    let msg = if is_printable(ch) {
                        format!("invalid character '{}' (U+{:04X})", ch, ch as u32)
                    } else {
                        format!("invalid non-printable character U+{:04X}", ch as u32)
                    };
                    let e = self.err_at_cur(SyntaxErrorKind::SyntaxError, msg, cur);
                    self.fatal(e);
                    return;
                }
            }
        }
        let e = &mut self.est;
        match word {
            "not" => {
                if e.expect_operand() {
                    e.prefix(P_NOT);
                } else {
                    e.binary(P_CMP, false);
                }
            }
            "in" | "is" => {
                if !e.expect_operand() {
                    e.binary(P_CMP, false);
                }
            }
            "and" => e.binary(P_AND, false),
            "or" => e.binary(P_OR, false),
            "if" | "else" => {
                if e.expect_operand() {
                    e.separator();
                } else {
                    e.binary(P_TEST, true);
                }
            }
            "lambda" => e.lambda(),
            "await" => e.prefix(P_AWAIT),
            "yield" => e.prefix(P_LAMBDA),
            "for" | "async" | "from" | "import" | "as" | "return" | "del" | "assert" | "raise"
            | "global" | "nonlocal" | "while" | "with" | "elif" | "except" | "def" | "class"
            | "try" | "finally" | "pass" | "break" | "continue" => e.separator(),
            _ => e.operand(),
        }
        self.check_complexity();
    }

    fn operator(&mut self) {
        let rest = &self.b[self.pos..];
        const OPS3: [&[u8]; 5] = [b"**=", b"//=", b">>=", b"<<=", b"..."];
        const OPS2: [&[u8]; 21] = [
            b"**", b"//", b">>", b"<<", b"==", b"!=", b"<=", b">=", b"->", b":=", b"+=", b"-=",
            b"*=", b"/=", b"%=", b"&=", b"|=", b"^=", b"@=", b"<>", b"~~",
        ];
        let mut len = 1;
        let mut op: &[u8] = &rest[..1];
        if let Some(o) = OPS3.iter().find(|o| rest.starts_with(o)) {
            len = 3;
            op = o;
        } else if let Some(o) = OPS2.iter().find(|o| rest.starts_with(o) && **o != b"~~") {
            len = 2;
            op = o;
        }
        // Non-ASCII characters that are not identifier starts cannot reach here
        // (>= 0x80 is an identifier start); this handles ASCII operators.
        self.pos += len;
        let e = &mut self.est;
        let unary = e.expect_operand();
        match op {
            b"=" | b"+=" | b"-=" | b"*=" | b"/=" | b"%=" | b"&=" | b"|=" | b"^=" | b"@="
            | b"**=" | b"//=" | b">>=" | b"<<=" | b"->" => e.separator(),
            b":" => e.colon(),
            b":=" => e.binary(P_LAMBDA, true),
            b"..." => e.operand(),
            b"." => e.attribute(),
            b"==" | b"!=" | b"<=" | b">=" | b"<" | b">" | b"<>" => e.binary(P_CMP, false),
            b"|" => e.binary(P_BOR, false),
            b"^" => e.binary(P_BXOR, false),
            b"&" => e.binary(P_BAND, false),
            b"<<" | b">>" => e.binary(P_SHIFT, false),
            b"+" | b"-" => {
                if unary {
                    e.prefix(P_UNARY)
                } else {
                    e.binary(P_ARITH, false)
                }
            }
            b"*" | b"/" | b"//" | b"%" | b"@" => {
                if unary {
                    e.prefix(P_UNARY)
                } else {
                    e.binary(P_TERM, false)
                }
            }
            b"**" => {
                if unary {
                    e.prefix(P_UNARY)
                } else {
                    e.binary(P_POWER, true)
                }
            }
            b"~" => e.prefix(P_UNARY),
            _ => {}
        }
        self.check_complexity();
    }

    fn number(&mut self) {
        let start = self.pos;
        let b = self.b;
        let at = |p: usize| b.get(p).copied().unwrap_or(0);
        let mut p = self.pos;
        let syntax = |t: &mut Self, msg: String, cur: usize| {
            let e = t.err_at_cur(SyntaxErrorKind::SyntaxError, msg, cur);
            t.fatal(e);
        };
        // Returns the position after a decimal tail, or None on error.
        let decimal_tail = |t: &mut Self, mut p: usize| -> Option<usize> {
            loop {
                while at(p).is_ascii_digit() {
                    p += 1;
                }
                if at(p) != b'_' {
                    return Some(p);
                }
                p += 1;
                if !at(p).is_ascii_digit() {
                    syntax(t, "invalid decimal literal".into(), p);
                    return None;
                }
            }
        };
        // CPython's verify_end_of_number.
        let verify_end = |t: &mut Self, p: usize, kind: &str| -> bool {
            let c = at(p);
            let rest = &b[p.min(b.len())..];
            let kw = rest.starts_with(b"and")
                || rest.starts_with(b"else")
                || rest.starts_with(b"for")
                || rest.starts_with(b"if")
                || rest.starts_with(b"in")
                || rest.starts_with(b"is")
                || rest.starts_with(b"or")
                || rest.starts_with(b"not");
            if kw {
                return true;
            }
            if is_ident_char(c) {
                syntax(t, format!("invalid {kind} literal"), p);
                return false;
            }
            true
        };
        if at(p) == b'0' && matches!(at(p + 1), b'x' | b'X' | b'o' | b'O' | b'b' | b'B') {
            let kindc = at(p + 1).to_ascii_lowercase();
            p += 2;
            let (kind, valid): (&str, fn(u8) -> bool) = match kindc {
                b'x' => ("hexadecimal", |c: u8| c.is_ascii_hexdigit()),
                b'o' => ("octal", |c: u8| (b'0'..=b'7').contains(&c)),
                _ => ("binary", |c: u8| c == b'0' || c == b'1'),
            };
            loop {
                if at(p) == b'_' {
                    p += 1;
                }
                if !valid(at(p)) {
                    if kind != "hexadecimal" && at(p).is_ascii_digit() {
                        syntax(
                            self,
                            format!("invalid digit '{}' in {kind} literal", at(p) as char),
                            p + 1,
                        );
                    } else {
                        syntax(self, format!("invalid {kind} literal"), p);
                    }
                    return;
                }
                while valid(at(p)) {
                    p += 1;
                }
                if at(p) != b'_' {
                    break;
                }
            }
            if kind != "hexadecimal" && at(p).is_ascii_digit() {
                syntax(
                    self,
                    format!("invalid digit '{}' in {kind} literal", at(p) as char),
                    p + 1,
                );
                return;
            }
            if !verify_end(self, p, kind) {
                return;
            }
            self.pos = p;
            return;
        }
        let mut is_fraction_start = false;
        if at(p) == b'.' {
            is_fraction_start = true;
            p += 1;
        }
        if !is_fraction_start {
            if at(p) == b'0' {
                // Leading zeros: only "0", "00", "0_0" ... or a float/imaginary.
                let mut nonzero = false;
                loop {
                    if at(p) == b'_' {
                        p += 1;
                        if !at(p).is_ascii_digit() {
                            syntax(self, "invalid decimal literal".into(), p);
                            return;
                        }
                    }
                    if at(p) != b'0' {
                        break;
                    }
                    p += 1;
                }
                let zeros_end = p;
                if at(p).is_ascii_digit() {
                    nonzero = true;
                    match decimal_tail(self, p) {
                        Some(q) => p = q,
                        None => return,
                    }
                }
                let c = at(p);
                if c == b'.' || c == b'e' || c == b'E' || c == b'j' || c == b'J' {
                    // Falls through to the float handling below.
                } else if nonzero {
                    let (line, col0) = self.lines.line_col(start as u32);
                    let mut e = SyntaxErrorInfo::new(
                        SyntaxErrorKind::SyntaxError,
                        "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
                        self.filename,
                    );
                    e.lineno = line;
                    e.end_lineno = line;
                    e.offset = self.lines.char_offset(line, col0);
                    e.end_offset = self
                        .lines
                        .char_offset(line, self.lines.line_col(zeros_end as u32).1);
                    e.text = Some(error_text(self.lines.line_text(line)));
                    self.fatal(e);
                    return;
                } else {
                    if !verify_end(self, p, "decimal") {
                        return;
                    }
                    self.pos = p;
                    return;
                }
            } else {
                match decimal_tail(self, p) {
                    Some(q) => p = q,
                    None => return,
                }
            }
            if at(p) == b'.' {
                p += 1;
                is_fraction_start = true;
            }
        }
        if is_fraction_start && at(p).is_ascii_digit() {
            match decimal_tail(self, p) {
                Some(q) => p = q,
                None => return,
            }
        }
        if matches!(at(p), b'e' | b'E') {
            let epos = p;
            p += 1;
            if matches!(at(p), b'+' | b'-') {
                p += 1;
                if !at(p).is_ascii_digit() {
                    syntax(self, "invalid decimal literal".into(), p);
                    return;
                }
            } else if !at(p).is_ascii_digit() {
                // "1e" followed by something: the number ends before 'e'.
                if !verify_end(self, epos, "decimal") {
                    return;
                }
                self.pos = epos;
                return;
            }
            match decimal_tail(self, p) {
                Some(q) => p = q,
                None => return,
            }
        }
        if matches!(at(p), b'j' | b'J') {
            p += 1;
            if !verify_end(self, p, "imaginary") {
                return;
            }
        } else if !verify_end(self, p, "decimal") {
            return;
        }
        self.pos = p;
    }

    /// A string literal; `start` is the token start (prefix included), `q` the quote.
    fn string(&mut self, start: usize, q: usize) {
        let prefix = self.src[start..q].to_ascii_lowercase();
        let is_f = prefix.contains('f');
        let raw = prefix.contains('r');
        let quote = self.b[q];
        let mut p = q + 1;
        let triple = self.b.get(p) == Some(&quote) && self.b.get(p + 1) == Some(&quote);
        if triple {
            p += 2;
        }
        let body_start = p;
        let body_end;
        loop {
            let Some(&c) = self.b.get(p) else {
                // EOF
                let detected = self.lines.line_col(self.b.len().saturating_sub(1) as u32).0;
                self.unterminated(start, triple, detected);
                return;
            };
            if c == quote {
                if !triple {
                    body_end = p;
                    p += 1;
                    break;
                }
                if self.b.get(p + 1) == Some(&quote) && self.b.get(p + 2) == Some(&quote) {
                    body_end = p;
                    p += 3;
                    break;
                }
                p += 1;
                continue;
            }
            if (c == b'\n' || c == b'\r') && !triple {
                let detected = self.lines.line_col(p as u32).0;
                self.unterminated(start, triple, detected);
                return;
            }
            if c == b'\\' {
                p += 1;
                if self.b.get(p) == Some(&b'\r') && self.b.get(p + 1) == Some(&b'\n') {
                    p += 1;
                }
                if p < self.b.len() {
                    p += 1;
                }
                continue;
            }
            p += 1;
        }
        self.pos = p;
        if is_f && self.result.fstring.is_none() && !self.done {
            let body = &self.src[body_start..body_end];
            if let Err(msg) = self.check_fstring(body, body_start, raw, 0, quote, triple) {
                let (line, col) = self.lines.line_col(p as u32);
                let mut e = SyntaxErrorInfo::new(SyntaxErrorKind::SyntaxError, msg, self.filename);
                e.lineno = line;
                e.end_lineno = line;
                e.offset = self.lines.char_offset(line, col);
                e.end_offset = e.offset;
                e.text = Some(error_text(self.lines.line_text(line)));
                self.result.fstring = Some((start as u32, e));
            }
        }
    }

    fn unterminated(&mut self, start: usize, triple: bool, detected: u32) {
        let msg = if triple {
            format!("unterminated triple-quoted string literal (detected at line {detected})")
        } else {
            format!("unterminated string literal (detected at line {detected})")
        };
        let e = self.err_at_cur(SyntaxErrorKind::SyntaxError, msg, start + 1);
        self.fatal(e);
    }

    /// 3.11 f-string scanning (literal parts and replacement fields).
    fn check_fstring(
        &mut self,
        body: &str,
        abs: usize,
        raw: bool,
        level: u32,
        quote: u8,
        triple: bool,
    ) -> Result<usize, String> {
        let b = body.as_bytes();
        let mut i = 0;
        while i < b.len() {
            let c = b[i];
            if !raw && c == b'\\' {
                i += 1;
                if i < b.len() && b[i] == b'N' && b.get(i + 1) == Some(&b'{') {
                    // \N{NAME}: braces are not replacement fields.
                    while i < b.len() && b[i] != b'}' {
                        i += 1;
                    }
                    i += 1;
                    continue;
                }
                i += 1;
                continue;
            }
            if c == b'{' || c == b'}' {
                if level == 0 && b.get(i + 1) == Some(&c) {
                    i += 2;
                    continue;
                }
                if c == b'}' {
                    if level == 0 {
                        return Err("f-string: single '}' is not allowed".into());
                    }
                    return Ok(i);
                }
                // Replacement field.
                i = self.fstring_expr(body, abs, i, raw, level, quote, triple)?;
                continue;
            }
            i += 1;
        }
        Ok(i)
    }

    /// Scan one replacement field starting at `{` (index `i`); returns the index after `}`.
    #[allow(clippy::too_many_arguments)]
    fn fstring_expr(
        &mut self,
        body: &str,
        abs: usize,
        mut i: usize,
        raw: bool,
        level: u32,
        quote: u8,
        triple: bool,
    ) -> Result<usize, String> {
        let b = body.as_bytes();
        if level >= 2 {
            return Err("f-string: expressions nested too deeply".into());
        }
        i += 1;
        let expr_start = i;
        let mut quote_char = 0u8;
        let mut string_type = 0;
        let mut stack: Vec<u8> = Vec::new();
        while i < b.len() {
            let ch = b[i];
            if ch == b'\\' {
                return Err("f-string expression part cannot include a backslash".into());
            }
            if quote_char != 0 {
                if ch == quote_char {
                    if string_type == 3 {
                        if i + 2 < b.len() && b[i + 1] == ch && b[i + 2] == ch {
                            i += 3;
                            string_type = 0;
                            quote_char = 0;
                            continue;
                        }
                    } else {
                        quote_char = 0;
                        string_type = 0;
                        i += 1;
                        continue;
                    }
                }
                i += 1;
                continue;
            }
            if ch == b'\'' || ch == b'"' {
                if i + 2 < b.len() && b[i + 1] == ch && b[i + 2] == ch {
                    string_type = 3;
                    i += 2;
                } else {
                    string_type = 1;
                }
                quote_char = ch;
            } else if ch == b'[' || ch == b'{' || ch == b'(' {
                if stack.len() >= MAX_LEVEL {
                    return Err("f-string: too many nested parenthesis".into());
                }
                stack.push(ch);
            } else if ch == b'#' {
                return Err("f-string expression part cannot include '#'".into());
            } else if stack.is_empty() && matches!(ch, b'!' | b':' | b'}' | b'=' | b'>' | b'<') {
                if i + 1 < b.len() {
                    let next = b[i + 1];
                    if (ch == b'!' || ch == b'=' || ch == b'<' || ch == b'>') && next == b'=' {
                        i += 2;
                        continue;
                    }
                }
                if ch == b'>' || ch == b'<' {
                    i += 1;
                    continue;
                }
                break;
            } else if ch == b']' || ch == b'}' || ch == b')' {
                let Some(open) = stack.pop() else {
                    return Err(format!("f-string: unmatched '{}'", ch as char));
                };
                if !matches!((open, ch), (b'(', b')') | (b'[', b']') | (b'{', b'}')) {
                    return Err(format!(
                        "f-string: closing parenthesis '{}' does not match opening parenthesis '{}'",
                        ch as char, open as char
                    ));
                }
            }
            i += 1;
        }
        let expr_end = i.min(b.len());
        if quote_char != 0 {
            return Err("f-string: unterminated string".into());
        }
        if let Some(&open) = stack.last() {
            return Err(format!("f-string: unmatched '{}'", open as char));
        }
        if i >= b.len() {
            return Err("f-string: expecting '}'".into());
        }
        let expr = &body[expr_start..expr_end];
        if expr
            .chars()
            .all(|c| c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\x0c')
        {
            let term = b[i];
            if matches!(term, b'!' | b':' | b'=') {
                return Err(format!(
                    "f-string: expression required before '{}'",
                    term as char
                ));
            }
            return Err("f-string: empty expression not allowed".into());
        }
        // Nesting checks for the expression itself (3.11 parses it separately).
        self.sub_check(expr, abs + expr_start);
        if self.done {
            return Ok(b.len());
        }
        if b[i] == b'=' {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i >= b.len() {
                return Err("f-string: expecting '}'".into());
            }
        }
        if b[i] == b'!' {
            i += 1;
            if i >= b.len() {
                return Err("f-string: expecting '}'".into());
            }
            let conv = b[i];
            i += 1;
            if !matches!(conv, b's' | b'r' | b'a') {
                return Err(
                    "f-string: invalid conversion character: expected 's', 'r', or 'a'".into(),
                );
            }
        }
        if i >= b.len() {
            return Err("f-string: expecting '}'".into());
        }
        if b[i] == b':' {
            i += 1;
            if i >= b.len() {
                return Err("f-string: expecting '}'".into());
            }
            let rest = &body[i..];
            let used = self.check_fstring(rest, abs + i, raw, level + 1, quote, triple)?;
            i += used;
        }
        if i >= b.len() || b[i] != b'}' {
            return Err("f-string: expecting '}'".into());
        }
        Ok(i + 1)
    }

    /// Bracket-nesting and complexity checks for an f-string replacement field.
    fn sub_check(&mut self, expr: &str, _abs: usize) {
        if self.fstring_level > 3 {
            return;
        }
        let sub_lines = LineIndex::new(expr);
        let mut sub = Tok::new(expr, self.filename, &sub_lines, self.fstring_level + 1);
        // Count from the current nesting so deep nesting inside f-strings is bounded too.
        sub.est = Estimator::new(MAX_COMPLEXITY, self.est.current_depth() + 1);
        sub.run();
        if let Some(e) = sub.result.fatal {
            if e.kind == SyntaxErrorKind::RecursionError {
                self.fatal(e);
            } else {
                let (line, col) = self.lines.line_col(_abs as u32);
                let mut e2 = SyntaxErrorInfo::new(
                    SyntaxErrorKind::SyntaxError,
                    format!("f-string: {}", e.msg),
                    self.filename,
                );
                e2.lineno = line;
                e2.end_lineno = line;
                e2.offset = self.lines.char_offset(line, col);
                e2.end_offset = e2.offset;
                e2.text = Some(error_text(self.lines.line_text(line)));
                self.fatal(e2);
            }
        }
    }
}
