//! `str.format` / `str.format_map` / `string.Formatter` format strings:
//! `"literal {field_name!conversion:format_spec} literal"`.
//!
//! The VM renders a format string at recursion depth [`MAX_FORMAT_RECURSION_DEPTH`]:
//! for each [`FormatStringChunk`] of [`FormatStringParser`] it appends `literal`, then, if
//! there is a `field`:
//! 1. [`parse_field_name`] the `field_name`; [`AutoNumbering::resolve`] its first part into
//!    a positional index or keyword (IndexError [`replacement_index_error`] / KeyError when
//!    missing); then apply each accessor from the [`FieldAccessors`] iterator in turn
//!    (`getattr` for [`FieldAccessor::Attribute`], `__getitem__` otherwise) — its errors
//!    surface lazily, after the previous lookups, as in CPython;
//! 2. apply the conversion: [`check_conversion`] (`!r`, `!s`, `!a`);
//! 3. if `spec_needs_expanding`, render `format_spec` itself as a format string at depth
//!    − 1 with the same [`AutoNumbering`] (at depth 0: [`format_recursion_error`]);
//! 4. call `format(value, spec)`.
//!
//! The chunks are exactly those of `_string.formatter_parser` (a doubled brace ends a
//! chunk whose literal includes one brace), so `string.Formatter.parse` can be built on it.

use crate::error::{ErrorKind, FormatError, FormatResult};

/// Depth at which the VM starts rendering a format string (CPython's recursion limit 2:
/// a replacement field's spec may contain fields, but those may not nest further).
pub const MAX_FORMAT_RECURSION_DEPTH: usize = 2;

/// One replacement field `{field_name!conversion:format_spec}`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ReplacementField {
    /// The text before `!` / `:` (may be empty: automatic numbering).
    pub field_name: String,
    /// The character after `!`, unchecked (see [`check_conversion`]).
    pub conversion: Option<char>,
    /// The text after `:` (empty if none).
    pub format_spec: String,
    /// The spec contains `{` and must be rendered as a format string first.
    pub spec_needs_expanding: bool,
}

/// A literal text followed by an optional replacement field.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct FormatStringChunk {
    /// Literal text (escaped braces reduced to one).
    pub literal: String,
    /// The replacement field that follows, if any.
    pub field: Option<ReplacementField>,
}

/// Iterator over the chunks of a format string; yields an `Err` and stops on malformed
/// input ("Single '}' encountered in format string", "expected '}' before end of string",
/// "unmatched '{' in format spec", ...).
pub struct FormatStringParser {
    chars: Vec<char>,
    pos: usize,
    done: bool,
}

impl FormatStringParser {
    /// Starts parsing `s`.
    pub fn new(s: &str) -> Self {
        FormatStringParser {
            chars: s.chars().collect(),
            pos: 0,
            done: false,
        }
    }

    fn fail(&mut self, msg: &str) -> Option<FormatResult<FormatStringChunk>> {
        self.done = true;
        Some(Err(FormatError::value(msg)))
    }
}

/// Parses a whole format string eagerly (first error wins).
pub fn parse_format_string(s: &str) -> FormatResult<Vec<FormatStringChunk>> {
    FormatStringParser::new(s).collect()
}

impl Iterator for FormatStringParser {
    type Item = FormatResult<FormatStringChunk>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done || self.pos >= self.chars.len() {
            return None;
        }
        let n = self.chars.len();
        let mut literal = String::new();
        let mut markup = false;
        while self.pos < n {
            let c = self.chars[self.pos];
            self.pos += 1;
            if c == '{' || c == '}' {
                if self.pos < n && self.chars[self.pos] == c {
                    literal.push(c);
                    self.pos += 1;
                    return Some(Ok(FormatStringChunk {
                        literal,
                        field: None,
                    }));
                }
                if c == '}' {
                    return self.fail("Single '}' encountered in format string");
                }
                if self.pos >= n {
                    return self.fail("Single '{' encountered in format string");
                }
                markup = true;
                break;
            }
            literal.push(c);
        }
        if !markup {
            return Some(Ok(FormatStringChunk {
                literal,
                field: None,
            }));
        }
        // The field name ends at ':', '!' or '}'; '[' ... ']' is skipped over.
        let start = self.pos;
        let mut last = '\0';
        while self.pos < n {
            let c = self.chars[self.pos];
            self.pos += 1;
            last = c;
            match c {
                '{' => return self.fail("unexpected '{' in field name"),
                '[' => {
                    while self.pos < n && self.chars[self.pos] != ']' {
                        self.pos += 1;
                    }
                    continue;
                }
                '}' | ':' | '!' => break,
                _ => continue,
            }
        }
        let field_end = if matches!(last, '}' | ':' | '!') && self.pos > start {
            self.pos - 1
        } else {
            self.pos
        };
        let field_name: String = self.chars[start..field_end].iter().collect();
        let mut conversion = None;
        if last == '!' || last == ':' {
            if last == '!' {
                if self.pos >= n {
                    return self.fail("end of string while looking for conversion specifier");
                }
                conversion = Some(self.chars[self.pos]);
                self.pos += 1;
                if self.pos < n {
                    let c = self.chars[self.pos];
                    self.pos += 1;
                    if c == '}' {
                        let field = ReplacementField {
                            field_name,
                            conversion,
                            format_spec: String::new(),
                            spec_needs_expanding: false,
                        };
                        return Some(Ok(FormatStringChunk {
                            literal,
                            field: Some(field),
                        }));
                    }
                    if c != ':' {
                        return self.fail("expected ':' after conversion specifier");
                    }
                }
            }
            let spec_start = self.pos;
            let mut depth = 1;
            let mut expand = false;
            while self.pos < n {
                let c = self.chars[self.pos];
                self.pos += 1;
                if c == '{' {
                    expand = true;
                    depth += 1;
                } else if c == '}' {
                    depth -= 1;
                    if depth == 0 {
                        let format_spec: String =
                            self.chars[spec_start..self.pos - 1].iter().collect();
                        let field = ReplacementField {
                            field_name,
                            conversion,
                            format_spec,
                            spec_needs_expanding: expand,
                        };
                        return Some(Ok(FormatStringChunk {
                            literal,
                            field: Some(field),
                        }));
                    }
                }
            }
            return self.fail("unmatched '{' in format spec");
        }
        if last != '}' {
            return self.fail("expected '}' before end of string");
        }
        let field = ReplacementField {
            field_name,
            conversion: None,
            format_spec: String::new(),
            spec_needs_expanding: false,
        };
        Some(Ok(FormatStringChunk {
            literal,
            field: Some(field),
        }))
    }
}

/// The first part of a field name.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum FieldFirst {
    /// Empty: the next automatic positional index.
    Auto,
    /// All decimal digits: a positional index.
    Index(usize),
    /// Anything else: a keyword argument name.
    Name(String),
}

/// One `.attr` or `[key]` after the first part of a field name.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum FieldAccessor {
    /// `.name` (always a string, even `.0`).
    Attribute(String),
    /// `[123]`: an integer item.
    Index(usize),
    /// `[key]`: a string item.
    Key(String),
}

/// The accessors of a field name, parsed lazily as CPython does (an error ends it).
#[derive(Clone, Debug)]
pub struct FieldAccessors {
    chars: Vec<char>,
    pos: usize,
    done: bool,
}

/// Reads a non-negative decimal integer, or None if `s` is not all ASCII digits.
fn parse_index(s: &[char]) -> FormatResult<Option<usize>> {
    if s.is_empty() || !s.iter().all(|c| c.is_ascii_digit()) {
        return Ok(None);
    }
    let mut v: u64 = 0;
    for &c in s {
        let d = c as u64 - '0' as u64;
        if v > (isize::MAX as u64 - d) / 10 {
            return Err(FormatError::value(
                "Too many decimal digits in format string",
            ));
        }
        v = v * 10 + d;
    }
    Ok(Some(v as usize))
}

impl Iterator for FieldAccessors {
    type Item = FormatResult<FieldAccessor>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done || self.pos >= self.chars.len() {
            return None;
        }
        let c = &self.chars;
        let n = c.len();
        let mut fail = |msg: &str| {
            self.done = true;
            Some(Err(FormatError::value(msg)))
        };
        match c[self.pos] {
            '.' => {
                let start = self.pos + 1;
                let mut p = start;
                while p < n && c[p] != '.' && c[p] != '[' {
                    p += 1;
                }
                if p == start {
                    return fail("Empty attribute in format string");
                }
                let name: String = c[start..p].iter().collect();
                self.pos = p;
                Some(Ok(FieldAccessor::Attribute(name)))
            }
            '[' => {
                let start = self.pos + 1;
                let mut p = start;
                while p < n && c[p] != ']' {
                    p += 1;
                }
                if p >= n {
                    return fail("Missing ']' in format string");
                }
                if p == start {
                    return fail("Empty attribute in format string");
                }
                let key = &c[start..p];
                p += 1;
                if p < n && c[p] != '.' && c[p] != '[' {
                    return fail("Only '.' or '[' may follow ']' in format field specifier");
                }
                self.pos = p;
                match parse_index(key) {
                    Ok(Some(i)) => Some(Ok(FieldAccessor::Index(i))),
                    Ok(None) => Some(Ok(FieldAccessor::Key(key.iter().collect()))),
                    Err(e) => {
                        self.done = true;
                        Some(Err(e))
                    }
                }
            }
            _ => fail("Only '.' or '[' may follow ']' in format field specifier"),
        }
    }
}

/// Splits a field name into its first part and the (lazily parsed) accessors, as
/// `_string.formatter_field_name_split` does.  Error: "Too many decimal digits in format
/// string" for a huge index.
pub fn parse_field_name(name: &str) -> FormatResult<(FieldFirst, FieldAccessors)> {
    let chars: Vec<char> = name.chars().collect();
    let end = chars
        .iter()
        .position(|&c| c == '.' || c == '[')
        .unwrap_or(chars.len());
    let first_part = &chars[..end];
    let first = if first_part.is_empty() {
        FieldFirst::Auto
    } else {
        match parse_index(first_part)? {
            Some(i) => FieldFirst::Index(i),
            None => FieldFirst::Name(first_part.iter().collect()),
        }
    };
    Ok((
        first,
        FieldAccessors {
            chars,
            pos: end,
            done: false,
        },
    ))
}

/// Where a field's value comes from after numbering.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum FieldKey {
    /// `args[i]` (IndexError [`replacement_index_error`] if out of range).
    Index(usize),
    /// `kwargs[name]` (KeyError `repr(name)` if missing).
    Name(String),
}

/// The automatic/manual numbering state of one `str.format` call (shared with the nested
/// specs).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct AutoNumbering {
    mode: u8, // 0 undecided, 1 automatic, 2 manual
    next: usize,
}

impl AutoNumbering {
    /// A fresh state.
    pub fn new() -> Self {
        Self::default()
    }

    /// Turns the first part of a field name into an argument key; ValueError "cannot
    /// switch from manual field specification to automatic field numbering" (or the
    /// reverse) when both styles are mixed.
    pub fn resolve(&mut self, first: &FieldFirst) -> FormatResult<FieldKey> {
        match first {
            FieldFirst::Name(n) => Ok(FieldKey::Name(n.clone())),
            FieldFirst::Auto => {
                if self.mode == 2 {
                    return Err(FormatError::value(
                        "cannot switch from manual field specification to automatic field numbering",
                    ));
                }
                self.mode = 1;
                let i = self.next;
                self.next += 1;
                Ok(FieldKey::Index(i))
            }
            FieldFirst::Index(i) => {
                if self.mode == 1 {
                    return Err(FormatError::value(
                        "cannot switch from automatic field numbering to manual field specification",
                    ));
                }
                self.mode = 2;
                Ok(FieldKey::Index(*i))
            }
        }
    }
}

/// A `!` conversion.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Conversion {
    /// `!s`: `str()`
    Str,
    /// `!r`: `repr()`
    Repr,
    /// `!a`: `ascii()`
    Ascii,
}

/// `!s`, `!r`, `!a`, or ValueError "Unknown conversion specifier x" (raised after the
/// field's value was looked up).
pub fn check_conversion(c: char) -> FormatResult<Conversion> {
    match c {
        's' => Ok(Conversion::Str),
        'r' => Ok(Conversion::Repr),
        'a' => Ok(Conversion::Ascii),
        c => {
            let v = c as u32;
            let shown = if v > 32 && v < 127 {
                c.to_string()
            } else {
                format!("\\x{:x}", v)
            };
            Err(FormatError::value(format!(
                "Unknown conversion specifier {}",
                shown
            )))
        }
    }
}

/// IndexError "Replacement index 1 out of range for positional args tuple".
pub fn replacement_index_error(index: usize) -> FormatError {
    FormatError {
        kind: ErrorKind::IndexError,
        message: format!(
            "Replacement index {} out of range for positional args tuple",
            index
        ),
    }
}

/// ValueError "Max string recursion exceeded" (a field inside a spec inside a spec).
pub fn format_recursion_error() -> FormatError {
    FormatError::value("Max string recursion exceeded")
}
