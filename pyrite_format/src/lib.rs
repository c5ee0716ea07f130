//! Pure functions reproducing CPython 3.11's number and string formatting and parsing.
//!
//! No Python objects, no VM: the VM calls these from `float.__repr__`, `format()`,
//! f-strings, `str.format`, `%`-formatting, `int()`, `float()`, `round()`, `hash()` and
//! friends, and raises the returned [`FormatError`]s (exception class + exact message).
//!
//! | Python feature | function |
//! | --- | --- |
//! | `repr(float)`, `str(float)` | [`float_repr`], [`float_str`] |
//! | `repr(complex)` | [`complex_repr`] |
//! | format spec mini-language | [`parse_format_spec`], [`FormatSpec`] |
//! | `int.__format__` | [`format_int`] / [`int_format`] |
//! | `float.__format__` | [`format_float`] / [`float_format`] |
//! | `complex.__format__` | [`format_complex`] / [`complex_format`] |
//! | `str.__format__` | [`format_str`] / [`str_format`] |
//! | `str.format`, `format_map`, `string.Formatter` | [`FormatStringParser`], [`parse_field_name`], [`AutoNumbering`] (see [`format_string`]) |
//! | `%`-formatting | [`PercentParser`], [`PercentArgCursor`], [`percent_format_int`], ... (see [`percent`]) |
//! | `int(s, base)` | [`parse_int`], [`parse_int_with_limit`], [`parse_int_ex`] |
//! | `str(int)`, `bin`, `oct`, `hex` | [`int_to_str`], [`int_to_decimal_string`] |
//! | `float(s)` | [`parse_float`], [`parse_float_ex`] |
//! | `float.hex`, `float.fromhex` | [`float_hex`], [`float_fromhex`] |
//! | `float.as_integer_ratio` | [`float_as_integer_ratio`] |
//! | `round(x)`, `round(x, n)`, `int(x)`, `float(n)` | [`round_to_int`], [`round_float`], [`f64_to_bigint`], [`bigint_to_f64`] |
//! | `int / int` (true division) | [`int_true_divide`] |
//! | shared float-to-text (`PyOS_double_to_string`) | [`float_to_str_with_precision`] |
//! | `hash()` of numbers | [`hash_int`], [`hash_i64`], [`hash_float`], [`hash_complex`] |
//! | `repr(str)`, `ascii(str)`, `str.isprintable`, `str.isspace` | [`repr_str`], [`ascii_str`], [`is_printable`], [`is_space`] |
//!
//! Notes for the VM:
//! * `type_name` parameters are the formatted object's type name (`'int'`, `'bool'`,
//!   a subclass name) as CPython shows it in "Unknown format code" messages.
//! * `format(x, '')` of an int/bool/str is `str(x)`; call the `format_*` functions for
//!   non-empty specs (they also handle empty ones for float/complex, giving `str(x)`).
//! * `bytes % args`: decode the format as Latin-1, run the same machinery, encode back.
//! * Rust strings cannot hold lone surrogates: `format(0xD800, 'c')` / `'%c' % 0xD800`
//!   give a `ValueError` where CPython would produce `'\ud800'`.
//! * Results longer than [`MAX_RESULT_LEN`] bytes give `MemoryError` (as CPython does for
//!   e.g. `format(1, '999999999999')`).
//!
//! Tests compare against tables produced by CPython 3.11 itself:
//! `python3 tests/gen/gen_cases.py > tests/data/cases.rs` regenerates them, and
//! `python3 tests/gen/gen_unicode_tables.py > src/unicode_tables.rs` the Unicode tables.

mod builtin_format;
mod decimal;
mod error;
mod float_ops;
mod float_str;
pub mod format_string;
mod hash;
mod int_str;
mod parse;
pub mod percent;
mod spec;
mod unicode;
#[rustfmt::skip]
mod unicode_tables;

pub use builtin_format::{
    complex_format, float_format, format_complex, format_float, format_int, format_str, int_format,
    int_to_char, str_format,
};
pub use error::{ErrorKind, FormatError, FormatResult, MAX_RESULT_LEN};
pub use float_ops::{
    bigint_to_f64, f64_to_bigint, float_as_integer_ratio, float_fromhex, float_hex,
    int_true_divide, round_float, round_to_int,
};
pub use float_str::{complex_repr, float_repr, float_str, float_to_str_with_precision, FloatFlags};
pub use format_string::{
    check_conversion, format_recursion_error, parse_field_name, parse_format_string,
    replacement_index_error, AutoNumbering, Conversion, FieldAccessor, FieldAccessors, FieldFirst,
    FieldKey, FormatStringChunk, FormatStringParser, ReplacementField, MAX_FORMAT_RECURSION_DEPTH,
};
pub use hash::{hash_complex, hash_float, hash_i64, hash_int, HASH_IMAG, HASH_INF, HASH_MODULUS};
pub use int_str::{
    int_to_decimal_string, int_to_str, int_to_str_limit_error, DEFAULT_MAX_STR_DIGITS,
};
pub use parse::{
    int_base_error, int_from_str_limit_error, invalid_float_literal, invalid_int_literal,
    parse_float, parse_float_ex, parse_int, parse_int_ex, parse_int_with_limit,
};
pub use percent::{
    format_requires_mapping, parse_percent_format, percent_c_requires, percent_char_from_int,
    percent_format_char, percent_format_float, percent_format_i64, percent_format_int,
    percent_format_str, percent_number_required, star_wants_int, PercentArg, PercentArgCursor,
    PercentCount, PercentFlags, PercentKind, PercentParser, PercentPiece, PercentSpec,
    ResolvedPercentSpec,
};
pub use spec::{parse_format_spec, unknown_format_code, Align, FormatSpec, Grouping, Sign};
pub use unicode::{ascii_str, decimal_value, is_printable, is_space, repr_str};
