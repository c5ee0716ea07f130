//! Character predicates and case mappings used by the matcher.
//!
//! Three "locales" exist in sre:
//! * ASCII (the default for bytes patterns and for `re.ASCII`),
//! * LOCALE (bytes only; Pyrite implements the "C" locale, in which the
//!   classification and case mapping of bytes >= 0x80 are the identity),
//! * UNICODE (the default for str patterns), driven by tables generated from
//!   CPython 3.11 (Unicode 14.0.0) so results match CPython exactly.

use crate::constants::cat;
use crate::unicode_tables as t;

fn in_ranges(table: &[(u32, u32)], c: u32) -> bool {
    // Index of the first range whose start is > c; the candidate is the one before it.
    let idx = table.partition_point(|&(lo, _)| lo <= c);
    match idx.checked_sub(1).and_then(|i| table.get(i)) {
        Some(&(lo, hi)) => lo <= c && c <= hi,
        None => false,
    }
}

fn map_lookup(table: &[(u32, u32)], c: u32) -> u32 {
    match table.binary_search_by_key(&c, |&(k, _)| k) {
        Ok(i) => table.get(i).map_or(c, |&(_, v)| v),
        Err(_) => c,
    }
}

// ---------------------------------------------------------------- ASCII

#[inline]
pub fn ascii_is_digit(c: u32) -> bool {
    (0x30..=0x39).contains(&c)
}

/// Python's `Py_ISSPACE` restricted to ASCII: space, \t, \n, \v, \f, \r.
#[inline]
pub fn ascii_is_space(c: u32) -> bool {
    c == 0x20 || (0x09..=0x0d).contains(&c)
}

#[inline]
pub fn ascii_is_alnum(c: u32) -> bool {
    ascii_is_digit(c) || (0x41..=0x5a).contains(&c) || (0x61..=0x7a).contains(&c)
}

#[inline]
pub fn ascii_is_word(c: u32) -> bool {
    ascii_is_alnum(c) || c == 0x5f
}

#[inline]
pub fn is_linebreak(c: u32) -> bool {
    c == 0x0a
}

/// `_sre.ascii_iscased(ch)`.
#[inline]
pub fn ascii_iscased(c: u32) -> bool {
    c < 128 && ((0x41..=0x5a).contains(&c) || (0x61..=0x7a).contains(&c))
}

/// `_sre.ascii_tolower(ch)`.
#[inline]
pub fn ascii_tolower(c: u32) -> u32 {
    if (0x41..=0x5a).contains(&c) {
        c + 32
    } else {
        c
    }
}

#[inline]
pub fn ascii_toupper(c: u32) -> u32 {
    if (0x61..=0x7a).contains(&c) {
        c - 32
    } else {
        c
    }
}

// ---------------------------------------------------------------- LOCALE ("C" locale)

#[inline]
pub fn locale_is_word(c: u32) -> bool {
    c < 256 && ascii_is_word(c)
}

#[inline]
pub fn locale_tolower(c: u32) -> u32 {
    if c < 256 {
        ascii_tolower(c)
    } else {
        c
    }
}

#[inline]
pub fn locale_toupper(c: u32) -> u32 {
    if c < 256 {
        ascii_toupper(c)
    } else {
        c
    }
}

// ---------------------------------------------------------------- UNICODE

/// `str.isdecimal()` for one character (`\d` in Unicode patterns).
pub fn unicode_is_decimal(c: u32) -> bool {
    if c < 128 {
        ascii_is_digit(c)
    } else {
        in_ranges(&t::DECIMAL, c)
    }
}

/// `str.isspace()` for one character (`\s` in Unicode patterns).
pub fn unicode_is_space(c: u32) -> bool {
    if c < 128 {
        (0x09..=0x0d).contains(&c) || (0x1c..=0x20).contains(&c)
    } else {
        in_ranges(&t::SPACE, c)
    }
}

/// `str.isalnum()` for one character.
pub fn unicode_is_alnum(c: u32) -> bool {
    if c < 128 {
        ascii_is_alnum(c)
    } else {
        in_ranges(&t::ALNUM, c)
    }
}

/// `\w` in Unicode patterns: alphanumeric or underscore.
pub fn unicode_is_word(c: u32) -> bool {
    c == 0x5f || unicode_is_alnum(c)
}

/// Characters `str.splitlines()` splits on.
pub fn unicode_is_linebreak(c: u32) -> bool {
    if c < 128 {
        (0x0a..=0x0d).contains(&c) || (0x1c..=0x1e).contains(&c)
    } else {
        in_ranges(&t::LINEBREAK, c)
    }
}

/// `_sre.unicode_tolower(ch)`: CPython's simple lowercase mapping.
pub fn unicode_tolower(c: u32) -> u32 {
    if c < 128 {
        ascii_tolower(c)
    } else {
        map_lookup(&t::LOWER_MAP, c)
    }
}

/// CPython's `_PyUnicode_ToUppercase` (used by RANGE_UNI_IGNORE).
pub fn unicode_toupper(c: u32) -> u32 {
    if c < 128 {
        ascii_toupper(c)
    } else {
        map_lookup(&t::UPPER_MAP, c)
    }
}

/// `_sre.unicode_iscased(ch)`.
pub fn unicode_iscased(c: u32) -> bool {
    unicode_tolower(c) != c || unicode_toupper(c) != c
}

/// Evaluates a CATEGORY code. Returns `None` for an unknown code.
pub fn category(code: u32, c: u32) -> Option<bool> {
    Some(match code {
        cat::DIGIT => ascii_is_digit(c),
        cat::NOT_DIGIT => !ascii_is_digit(c),
        cat::SPACE => ascii_is_space(c),
        cat::NOT_SPACE => !ascii_is_space(c),
        cat::WORD => ascii_is_word(c),
        cat::NOT_WORD => !ascii_is_word(c),
        cat::LINEBREAK => is_linebreak(c),
        cat::NOT_LINEBREAK => !is_linebreak(c),
        cat::LOC_WORD => locale_is_word(c),
        cat::LOC_NOT_WORD => !locale_is_word(c),
        cat::UNI_DIGIT => unicode_is_decimal(c),
        cat::UNI_NOT_DIGIT => !unicode_is_decimal(c),
        cat::UNI_SPACE => unicode_is_space(c),
        cat::UNI_NOT_SPACE => !unicode_is_space(c),
        cat::UNI_WORD => unicode_is_word(c),
        cat::UNI_NOT_WORD => !unicode_is_word(c),
        cat::UNI_LINEBREAK => unicode_is_linebreak(c),
        cat::UNI_NOT_LINEBREAK => !unicode_is_linebreak(c),
        _ => return None,
    })
}
