//! printf-style `%` formatting (`str % args`, `bytes % args`).
//!
//! The VM drives the process, because only it can fetch, look up and convert argument
//! objects.  For `fmt % args`:
//!
//! 1. Create a [`PercentArgCursor`] (`Some(len)` for a tuple, `None` for any other
//!    object).  `args` "is a mapping" when it supports `__getitem__` and is neither a
//!    tuple nor a str (CPython: `PyMapping_Check`).
//! 2. Iterate [`PercentParser::new(fmt)`](PercentParser) (or [`parse_percent_format`]).
//!    For a [`PercentPiece::Literal`] append the text.  For a
//!    [`PercentPiece::Conversion`] `spec`:
//!    * if `spec.key` is `Some(k)`: when `args` is not a mapping raise
//!      [`format_requires_mapping`]; else look up `args[k]` (its exception propagates),
//!      make that value the *current object* and call [`PercentArgCursor::use_mapping_value`];
//!    * for each `*` in width then precision (in that order): fetch an argument with
//!      [`PercentArgCursor::next_arg`]; it must be an int ([`star_wants_int`]), converted
//!      to i64 (OverflowError "Python int too large to convert to C ssize_t" for the width,
//!      "... C int" for the precision on failure);
//!    * [`PercentSpec::resolve`] with the star values;
//!    * fetch the value with `next_arg` (also for an unknown conversion character);
//!    * [`PercentSpec::kind`] tells what to do (it is the "unsupported format character"
//!      error for an unknown one): convert the value and call [`percent_format_int`],
//!      [`percent_format_float`], [`percent_format_char`] or [`percent_format_str`].
//!
//!    For a [`PercentPiece::Error`], do the steps it lists (mapping check, key lookup,
//!    `stars` fetches) and then raise its error.
//! 3. At the end call [`PercentArgCursor::finish`].
//!
//! [`next_arg`](PercentArgCursor::next_arg) returns [`PercentArg::Item(i)`](PercentArg)
//! (the i-th tuple item) or [`PercentArg::Whole`] (the current object: `args` itself, or
//! the value of the last `%(key)` lookup).

use num_bigint::{BigInt, Sign as BigSign};

use crate::builtin_format::int_to_char;
use crate::error::{check_len, FormatError, FormatResult};
use crate::float_str::{float_body, FloatFlags};

/// Conversion flags `-`, `+`, ` `, `#`, `0`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct PercentFlags {
    /// `-`: left-justify.
    pub left: bool,
    /// `+`: always a sign.
    pub sign: bool,
    /// ` `: a space before non-negative numbers.
    pub space: bool,
    /// `#`: alternate form.
    pub alt: bool,
    /// `0`: zero padding (numeric conversions only; ignored with `-`).
    pub zero: bool,
}

/// A width or precision: a number in the format, or `*` (taken from the arguments).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PercentCount {
    /// `*`
    Star,
    /// A literal number.
    Value(usize),
}

/// One `%...` conversion specification.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PercentSpec {
    /// `%(key)s`: the mapping key.
    pub key: Option<String>,
    /// The flags.
    pub flags: PercentFlags,
    /// Minimum width.
    pub width: Option<PercentCount>,
    /// Precision (`.` alone means 0).
    pub precision: Option<PercentCount>,
    /// The conversion character (may be an unsupported one, see [`PercentSpec::kind`]).
    pub conversion: char,
    /// Character index of the conversion character in the format string.
    pub index: usize,
}

/// A piece of a parsed `%` format string.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum PercentPiece {
    /// Literal text (`%%` already turned into `%`).
    Literal(String),
    /// A conversion.
    Conversion(PercentSpec),
    /// A malformed specification.  The VM must, in order: if `needs_mapping` and `args` is
    /// not a mapping, raise [`format_requires_mapping`]; if `key` is `Some`, look it up
    /// (and call [`PercentArgCursor::use_mapping_value`]); fetch `stars` arguments (each
    /// may raise "not enough arguments", "* wants int"); then raise `error`.  Parsing
    /// stops after this piece.
    Error {
        /// A `(` was seen.
        needs_mapping: bool,
        /// The complete key, if any.
        key: Option<String>,
        /// Number of `*` seen before the error.
        stars: usize,
        /// The error to raise.
        error: FormatError,
    },
}

/// What a conversion does with its value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PercentKind {
    /// `s`: `str(value)` then [`percent_format_str`].
    Str,
    /// `r`: `repr(value)` then [`percent_format_str`].
    Repr,
    /// `a`: `ascii(value)` then [`percent_format_str`].
    Ascii,
    /// `d i u`: a real number, converted with `int()` (TypeError
    /// [`percent_number_required`] otherwise), then [`percent_format_int`].
    Decimal,
    /// `o x X`: an integer (`__index__`; TypeError [`percent_number_required`]
    /// otherwise), then [`percent_format_int`].
    Integer,
    /// `e E f F g G`: `float(value)` (its TypeError "must be real number, not str"
    /// propagates), then [`percent_format_float`].
    Float,
    /// `c`: an int ([`percent_char_from_int`]) or a str of length 1 (else TypeError
    /// [`percent_c_requires`]), then [`percent_format_char`].
    Char,
}

impl PercentSpec {
    /// The kind of conversion, or the ValueError
    /// "unsupported format character 'y' (0x79) at index 1".
    pub fn kind(&self) -> FormatResult<PercentKind> {
        Ok(match self.conversion {
            's' => PercentKind::Str,
            'r' => PercentKind::Repr,
            'a' => PercentKind::Ascii,
            'd' | 'i' | 'u' => PercentKind::Decimal,
            'o' | 'x' | 'X' => PercentKind::Integer,
            'e' | 'E' | 'f' | 'F' | 'g' | 'G' => PercentKind::Float,
            'c' => PercentKind::Char,
            c => {
                let v = c as u32;
                let shown = if (31..=126).contains(&v) { c } else { '?' };
                return Err(FormatError::value(format!(
                    "unsupported format character '{}' (0x{:x}) at index {}",
                    shown, v, self.index
                )));
            }
        })
    }

    /// Applies the `*` values (in width, precision order; `None` where there is no `*`): a
    /// negative `*` width means left-justify, a negative `*` precision means 0.
    pub fn resolve(
        &self,
        star_width: Option<i64>,
        star_precision: Option<i64>,
    ) -> ResolvedPercentSpec {
        let mut flags = self.flags;
        let width = match self.width {
            None => 0,
            Some(PercentCount::Value(v)) => v,
            Some(PercentCount::Star) => {
                let w = star_width.unwrap_or(0);
                if w < 0 {
                    flags.left = true;
                }
                w.unsigned_abs() as usize
            }
        };
        let precision = match self.precision {
            None => None,
            Some(PercentCount::Value(v)) => Some(v),
            Some(PercentCount::Star) => Some(star_precision.unwrap_or(0).max(0) as usize),
        };
        ResolvedPercentSpec {
            flags,
            width,
            precision,
            conversion: self.conversion,
        }
    }
}

/// A conversion with `*` values applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ResolvedPercentSpec {
    /// Flags (`left` set by a negative `*` width).
    pub flags: PercentFlags,
    /// Minimum width (0 = none).
    pub width: usize,
    /// Precision.
    pub precision: Option<usize>,
    /// Conversion character.
    pub conversion: char,
}

/// Iterator over the pieces of a `%` format string; stops after an error piece.
pub struct PercentParser {
    chars: Vec<char>,
    pos: usize,
    done: bool,
}

impl PercentParser {
    /// Starts parsing `fmt`.
    pub fn new(fmt: &str) -> Self {
        PercentParser {
            chars: fmt.chars().collect(),
            pos: 0,
            done: false,
        }
    }
}

/// Parses a whole `%` format string (see [`PercentParser`]).
pub fn parse_percent_format(fmt: &str) -> Vec<PercentPiece> {
    PercentParser::new(fmt).collect()
}

impl Iterator for PercentParser {
    type Item = PercentPiece;

    fn next(&mut self) -> Option<PercentPiece> {
        if self.done || self.pos >= self.chars.len() {
            return None;
        }
        let c = &self.chars;
        // Literal text, including "%%".
        let mut lit = String::new();
        while self.pos < c.len() {
            if c[self.pos] != '%' {
                lit.push(c[self.pos]);
                self.pos += 1;
            } else if self.pos + 1 < c.len() && c[self.pos + 1] == '%' {
                lit.push('%');
                self.pos += 2;
            } else {
                break;
            }
        }
        if !lit.is_empty() {
            return Some(PercentPiece::Literal(lit));
        }
        // A conversion starting at '%'.
        let mut p = self.pos + 1;
        let n = c.len();
        let mut needs_mapping = false;
        let mut key = None;
        let mut stars = 0;
        let fail = |this: &mut Self, needs_mapping, key, stars, error| {
            this.done = true;
            Some(PercentPiece::Error {
                needs_mapping,
                key,
                stars,
                error,
            })
        };
        if p < n && c[p] == '(' {
            needs_mapping = true;
            let mut depth = 1;
            let start = p + 1;
            p += 1;
            while p < n {
                if c[p] == '(' {
                    depth += 1;
                } else if c[p] == ')' {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                p += 1;
            }
            if p >= n {
                return fail(
                    self,
                    true,
                    None,
                    0,
                    FormatError::value("incomplete format key"),
                );
            }
            key = Some(c[start..p].iter().collect::<String>());
            p += 1;
        }
        let mut flags = PercentFlags::default();
        while p < n {
            match c[p] {
                '-' => flags.left = true,
                '+' => flags.sign = true,
                ' ' => flags.space = true,
                '#' => flags.alt = true,
                '0' => flags.zero = true,
                _ => break,
            }
            p += 1;
        }
        let mut width = None;
        if p < n && c[p] == '*' {
            width = Some(PercentCount::Star);
            stars += 1;
            p += 1;
        } else {
            let mut v: u64 = 0;
            let mut any = false;
            while p < n && c[p].is_ascii_digit() {
                let d = c[p] as u64 - '0' as u64;
                if v > (isize::MAX as u64 - d) / 10 {
                    return fail(
                        self,
                        needs_mapping,
                        key,
                        stars,
                        FormatError::value("width too big"),
                    );
                }
                v = v * 10 + d;
                any = true;
                p += 1;
            }
            if any {
                width = Some(PercentCount::Value(v as usize));
            }
        }
        let mut precision = None;
        if p < n && c[p] == '.' {
            p += 1;
            if p < n && c[p] == '*' {
                precision = Some(PercentCount::Star);
                stars += 1;
                p += 1;
            } else {
                let mut v: u64 = 0;
                while p < n && c[p].is_ascii_digit() {
                    let d = c[p] as u64 - '0' as u64;
                    if v > (i32::MAX as u64 - d) / 10 {
                        return fail(
                            self,
                            needs_mapping,
                            key,
                            stars,
                            FormatError::value("precision too big"),
                        );
                    }
                    v = v * 10 + d;
                    p += 1;
                }
                precision = Some(PercentCount::Value(v as usize));
            }
        }
        if p < n && matches!(c[p], 'h' | 'l' | 'L') {
            p += 1;
        }
        if p >= n {
            return fail(
                self,
                needs_mapping,
                key,
                stars,
                FormatError::value("incomplete format"),
            );
        }
        let spec = PercentSpec {
            key,
            flags,
            width,
            precision,
            conversion: c[p],
            index: p,
        };
        self.pos = p + 1;
        Some(PercentPiece::Conversion(spec))
    }
}

/// Which argument [`PercentArgCursor::next_arg`] designates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PercentArg {
    /// Item `i` of the argument tuple.
    Item(usize),
    /// The current object: the non-tuple `args` itself, or the value of the last
    /// `%(key)` lookup.
    Whole,
}

/// CPython's argument bookkeeping for `%` formatting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PercentArgCursor {
    arglen: isize,
    argidx: isize,
}

impl PercentArgCursor {
    /// `Some(len)` when `args` is a tuple, `None` for any other object.
    pub fn new(tuple_len: Option<usize>) -> Self {
        match tuple_len {
            Some(n) => PercentArgCursor {
                arglen: n as isize,
                argidx: 0,
            },
            None => PercentArgCursor {
                arglen: -1,
                argidx: -2,
            },
        }
    }

    /// The next argument, or TypeError "not enough arguments for format string".
    pub fn next_arg(&mut self) -> FormatResult<PercentArg> {
        if self.argidx < self.arglen {
            if self.arglen < 0 {
                self.argidx += 1;
                return Ok(PercentArg::Whole);
            }
            let i = self.argidx as usize;
            self.argidx += 1;
            return Ok(PercentArg::Item(i));
        }
        Err(FormatError::type_error(
            "not enough arguments for format string",
        ))
    }

    /// After a `%(key)` lookup: the looked-up value becomes the current object, to be
    /// returned once as [`PercentArg::Whole`].
    pub fn use_mapping_value(&mut self) {
        self.arglen = -1;
        self.argidx = -2;
    }

    /// At the end: TypeError "not all arguments converted during string formatting" if
    /// arguments are left over (never when `args` is a mapping).
    pub fn finish(&self, args_is_mapping: bool) -> FormatResult<()> {
        if self.argidx < self.arglen && !args_is_mapping {
            return Err(FormatError::type_error(
                "not all arguments converted during string formatting",
            ));
        }
        Ok(())
    }
}

/// TypeError "format requires a mapping".
pub fn format_requires_mapping() -> FormatError {
    FormatError::type_error("format requires a mapping")
}

/// TypeError "* wants int".
pub fn star_wants_int() -> FormatError {
    FormatError::type_error("* wants int")
}

/// TypeError "%c requires int or char".
pub fn percent_c_requires() -> FormatError {
    FormatError::type_error("%c requires int or char")
}

/// TypeError for a `%d`/`%x`... value of the wrong type: "%d format: a real number is
/// required, not str" (`d i u`) or "%x format: an integer is required, not float"
/// (`o x X`).
pub fn percent_number_required(conversion: char, type_name: &str) -> FormatError {
    let what = if matches!(conversion, 'o' | 'x' | 'X') {
        "an integer"
    } else {
        "a real number"
    };
    FormatError::type_error(format!(
        "%{} format: {} is required, not {}",
        conversion, what, type_name
    ))
}

fn pad_spaces(body: String, nchars: usize, spec: &ResolvedPercentSpec) -> FormatResult<String> {
    if nchars >= spec.width {
        return Ok(body);
    }
    let padn = spec.width - nchars;
    check_len(body.len().saturating_add(padn))?;
    let mut s = String::with_capacity(body.len() + padn);
    if spec.flags.left {
        s.push_str(&body);
        s.extend(std::iter::repeat_n(' ', padn));
    } else {
        s.extend(std::iter::repeat_n(' ', padn));
        s.push_str(&body);
    }
    Ok(s)
}

fn pad_number(
    sign: &str,
    prefix: &str,
    digits: &str,
    spec: &ResolvedPercentSpec,
) -> FormatResult<String> {
    let n = sign.len() + prefix.len() + digits.len();
    if n < spec.width && spec.flags.zero && !spec.flags.left {
        let padn = spec.width - n;
        check_len(spec.width)?;
        let mut s = String::with_capacity(spec.width);
        s.push_str(sign);
        s.push_str(prefix);
        s.extend(std::iter::repeat_n('0', padn));
        s.push_str(digits);
        return Ok(s);
    }
    let mut s = String::with_capacity(n);
    s.push_str(sign);
    s.push_str(prefix);
    s.push_str(digits);
    pad_spaces(s, n, spec)
}

fn sign_of(negative: bool, flags: &PercentFlags) -> &'static str {
    if negative {
        "-"
    } else if flags.sign {
        "+"
    } else if flags.space {
        " "
    } else {
        ""
    }
}

/// `%d %i %u %o %x %X` of an integer value (`'%x' % -255 == '-ff'`, `'%#o' % 8 ==
/// '0o10'`, `'%.3d' % 5 == '005'`).  Other conversion characters are treated as `d`.
pub fn percent_format_int(value: &BigInt, spec: &ResolvedPercentSpec) -> FormatResult<String> {
    let base = match spec.conversion {
        'o' => 8,
        'x' | 'X' => 16,
        _ => 10,
    };
    let digits = value.magnitude().to_str_radix(base);
    percent_int_digits(value.sign() == BigSign::Minus, digits, spec)
}

/// `percent_format_int` for a value that fits in an i64 (no big-integer conversion).
pub fn percent_format_i64(value: i64, spec: &ResolvedPercentSpec) -> FormatResult<String> {
    let m = value.unsigned_abs();
    let digits = match spec.conversion {
        'o' => format!("{:o}", m),
        'x' | 'X' => format!("{:x}", m),
        _ => m.to_string(),
    };
    percent_int_digits(value < 0, digits, spec)
}

fn percent_int_digits(
    negative: bool,
    mut digits: String,
    spec: &ResolvedPercentSpec,
) -> FormatResult<String> {
    let prefix = match spec.conversion {
        'o' => "0o",
        'x' => "0x",
        'X' => "0X",
        _ => "",
    };
    if spec.conversion == 'X' {
        digits.make_ascii_uppercase();
    }
    if let Some(p) = spec.precision {
        if digits.len() < p {
            check_len(p)?;
            let mut z = String::with_capacity(p);
            z.extend(std::iter::repeat_n('0', p - digits.len()));
            z.push_str(&digits);
            digits = z;
        }
    }
    let prefix = if spec.flags.alt { prefix } else { "" };
    pad_number(sign_of(negative, &spec.flags), prefix, &digits, spec)
}

/// `%e %E %f %F %g %G` of a float (`'%5.2f' % 3.14159 == ' 3.14'`); precision defaults
/// to 6.  ValueError "precision too big" beyond C int range.
pub fn percent_format_float(x: f64, spec: &ResolvedPercentSpec) -> FormatResult<String> {
    let precision = spec.precision.unwrap_or(6);
    if precision > i32::MAX as usize {
        return Err(FormatError::value("precision too big"));
    }
    check_len(precision.saturating_add(400))?;
    let code = match spec.conversion {
        c @ ('e' | 'E' | 'f' | 'F' | 'g' | 'G') => c,
        _ => 'g',
    };
    let b = float_body(
        x,
        code,
        precision,
        FloatFlags {
            alt: spec.flags.alt,
            ..FloatFlags::default()
        },
    );
    pad_number(sign_of(b.negative, &spec.flags), "", &b.body, spec)
}

/// The character of `%c` for an int argument: OverflowError
/// "%c arg not in range(0x110000)".
pub fn percent_char_from_int(value: &BigInt) -> FormatResult<char> {
    int_to_char(value).map_err(|e| {
        if e.kind == crate::error::ErrorKind::OverflowError {
            FormatError::overflow("%c arg not in range(0x110000)")
        } else {
            e
        }
    })
}

/// `%c` of a character: padded with spaces to the width (no sign, no zero padding).
pub fn percent_format_char(c: char, spec: &ResolvedPercentSpec) -> FormatResult<String> {
    pad_spaces(c.to_string(), 1, spec)
}

/// `%s %r %a` once the VM has computed `str()`/`repr()`/`ascii()`: truncated to the
/// precision (in characters) and padded with spaces to the width.
pub fn percent_format_str(s: &str, spec: &ResolvedPercentSpec) -> FormatResult<String> {
    let t = match spec.precision {
        Some(p) => crate::unicode::truncate_chars(s, p),
        None => s,
    };
    let n = if spec.width > 0 { t.chars().count() } else { 0 };
    pad_spaces(t.to_string(), n, spec)
}
