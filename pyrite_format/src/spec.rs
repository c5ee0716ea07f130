//! The format specification mini-language (`format()`, f-strings, `str.format`).
//!
//! `[[fill]align][sign][z][#][0][width][grouping][.precision][type]`

use crate::error::{FormatError, FormatResult};
use crate::unicode::decimal_value;

/// Alignment option of a format spec.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Align {
    /// `<`
    Left,
    /// `>`
    Right,
    /// `^`
    Center,
    /// `=` (padding between sign/prefix and digits)
    AfterSign,
}

/// Sign option of a format spec.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Sign {
    /// `-` (the default: sign only negative numbers)
    Minus,
    /// `+`
    Plus,
    /// ` ` (space for non-negative numbers)
    Space,
}

/// Grouping (thousands separator) option of a format spec.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Grouping {
    /// `,`
    Comma,
    /// `_`
    Underscore,
}

impl Grouping {
    pub(crate) fn char(self) -> char {
        match self {
            Grouping::Comma => ',',
            Grouping::Underscore => '_',
        }
    }
}

/// A parsed format specification.  Fields hold what the spec says; the defaults that
/// depend on the formatted type (alignment, zero padding's `=`) are applied by the
/// `format_*` functions.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct FormatSpec {
    /// Explicit fill character (only given together with an alignment).
    pub fill: Option<char>,
    /// Explicit alignment.
    pub align: Option<Align>,
    /// Explicit sign option.
    pub sign: Option<Sign>,
    /// `z`: coerce negative zero to zero (3.11).
    pub no_neg_0: bool,
    /// `#`: alternate form.
    pub alternate: bool,
    /// A `0` before the width while no fill character was given (zero padding).
    pub zero_pad: bool,
    /// Minimum width, in characters.
    pub width: Option<usize>,
    /// `,` or `_`.
    pub grouping: Option<Grouping>,
    /// `.precision`.
    pub precision: Option<usize>,
    /// Presentation type character.
    pub type_code: Option<char>,
}

fn align_of(c: char) -> Option<Align> {
    match c {
        '<' => Some(Align::Left),
        '>' => Some(Align::Right),
        '^' => Some(Align::Center),
        '=' => Some(Align::AfterSign),
        _ => None,
    }
}

/// How CPython shows a presentation type character in error messages: the character itself
/// for `!`..`~`, else `\x` and its lowercase hex code (`'\xe9'`, `'\x20'`).
pub(crate) fn show_type_char(c: char) -> String {
    let v = c as u32;
    if v > 32 && v < 128 {
        c.to_string()
    } else {
        format!("\\x{:x}", v)
    }
}

/// The `ValueError` "Unknown format code 'd' for object of type 'float'".
pub fn unknown_format_code(code: char, type_name: &str) -> FormatError {
    FormatError::value(format!(
        "Unknown format code '{}' for object of type '{}'",
        show_type_char(code),
        crate::unicode::truncate_chars(type_name, 200)
    ))
}

/// Reads a run of (Unicode) decimal digits; `None` if there is none.
fn read_integer(chars: &[char], pos: &mut usize) -> FormatResult<Option<usize>> {
    let start = *pos;
    let mut acc: u64 = 0;
    while *pos < chars.len() {
        let Some(d) = decimal_value(chars[*pos]) else {
            break;
        };
        if acc > (i64::MAX as u64 - d as u64) / 10 {
            return Err(FormatError::value(
                "Too many decimal digits in format string",
            ));
        }
        acc = acc * 10 + d as u64;
        *pos += 1;
    }
    if *pos == start {
        Ok(None)
    } else {
        Ok(Some(acc as usize))
    }
}

/// Parses a format spec (the part after `:` in `'{:>10}'`, the second argument of
/// `format()`, the argument of `__format__`).  `type_name` is the formatted object's type
/// name, used in the "Invalid format specifier" message.
///
/// Grouping/type compatibility ("Cannot specify ',' with 's'.") depends on the type's
/// default presentation and is checked by the `format_*` functions.
pub fn parse_format_spec(spec: &str, type_name: &str) -> FormatResult<FormatSpec> {
    let chars: Vec<char> = spec.chars().collect();
    let end = chars.len();
    let mut pos = 0;
    let mut r = FormatSpec::default();
    if end >= 2 && align_of(chars[1]).is_some() {
        r.fill = Some(chars[0]);
        r.align = align_of(chars[1]);
        pos = 2;
    } else if end >= 1 && align_of(chars[0]).is_some() {
        r.align = align_of(chars[0]);
        pos = 1;
    }
    if pos < end {
        match chars[pos] {
            '+' => r.sign = Some(Sign::Plus),
            '-' => r.sign = Some(Sign::Minus),
            ' ' => r.sign = Some(Sign::Space),
            _ => {}
        }
        if r.sign.is_some() {
            pos += 1;
        }
    }
    if pos < end && chars[pos] == 'z' {
        r.no_neg_0 = true;
        pos += 1;
    }
    if pos < end && chars[pos] == '#' {
        r.alternate = true;
        pos += 1;
    }
    if r.fill.is_none() && pos < end && chars[pos] == '0' {
        r.zero_pad = true;
        pos += 1;
    }
    r.width = read_integer(&chars, &mut pos)?;
    if pos < end && chars[pos] == ',' {
        r.grouping = Some(Grouping::Comma);
        pos += 1;
        if pos < end && chars[pos] == '_' {
            return Err(FormatError::value("Cannot specify both ',' and '_'."));
        }
    } else if pos < end && chars[pos] == '_' {
        r.grouping = Some(Grouping::Underscore);
        pos += 1;
        if pos < end && chars[pos] == ',' {
            return Err(FormatError::value("Cannot specify both ',' and '_'."));
        }
    }
    if pos < end && chars[pos] == '.' {
        pos += 1;
        match read_integer(&chars, &mut pos)? {
            Some(p) => r.precision = Some(p),
            None => return Err(FormatError::value("Format specifier missing precision")),
        }
    }
    if end - pos > 1 {
        return Err(FormatError::value(format!(
            "Invalid format specifier '{}' for object of type '{}'",
            spec,
            crate::unicode::truncate_chars(type_name, 200)
        )));
    }
    if end - pos == 1 {
        r.type_code = Some(chars[pos]);
    }
    Ok(r)
}

impl FormatSpec {
    /// Same as [`parse_format_spec`].
    pub fn parse(spec: &str, type_name: &str) -> FormatResult<FormatSpec> {
        parse_format_spec(spec, type_name)
    }

    /// The type character after defaulting to `default_type`.
    pub(crate) fn type_or(&self, default_type: Option<char>) -> Option<char> {
        self.type_code.or(default_type)
    }

    /// The check CPython makes at the end of parsing: `,` goes with `d e f g E G % F` and
    /// no type; `_` also with `b o x X`.
    pub(crate) fn check_grouping(&self, default_type: Option<char>) -> FormatResult<()> {
        let Some(g) = self.grouping else {
            return Ok(());
        };
        let t = self.type_or(default_type);
        let ok = match t {
            None => true,
            Some('d' | 'e' | 'f' | 'g' | 'E' | 'G' | '%' | 'F') => true,
            Some('b' | 'o' | 'x' | 'X') => g == Grouping::Underscore,
            _ => false,
        };
        if ok {
            Ok(())
        } else {
            Err(FormatError::value(format!(
                "Cannot specify '{}' with '{}'.",
                g.char(),
                show_type_char(t.unwrap_or('\0'))
            )))
        }
    }
}
