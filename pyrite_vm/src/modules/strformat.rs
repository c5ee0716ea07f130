//! `str.format`/`format_map` and `%`-formatting of str and bytes. Parsing and the
//! digit work are done by `pyrite_format`; this file fetches and converts the Python
//! objects.

use crate::errors::*;
use crate::format::fmt_err;
use crate::types::function::Kw;
use crate::types::Payload;
use crate::value::Value;
use pyrite_format::{
    check_conversion, parse_field_name, AutoNumbering, Conversion, FieldAccessor, FieldKey,
    FormatStringParser, PercentArg, PercentArgCursor, PercentKind, PercentParser, PercentPiece,
    ResolvedPercentSpec, MAX_FORMAT_RECURSION_DEPTH,
};

/// Where `str.format` fields get their values.
struct Args<'a> {
    pos: &'a [Value],
    kw_names: &'a [Value],
    kw_vals: &'a [Value],
    /// `format_map`'s mapping.
    map: Option<&'a Value>,
}

impl Args<'_> {
    fn get(&self, key: &FieldKey) -> PyResult<Value> {
        match key {
            FieldKey::Index(i) => {
                if self.map.is_some() {
                    return Err(value_error("Format string contains positional fields"));
                }
                self.pos
                    .get(*i)
                    .cloned()
                    .ok_or_else(|| fmt_err(pyrite_format::replacement_index_error(*i)))
            }
            FieldKey::Name(n) => {
                if let Some(m) = self.map {
                    return crate::ops::getitem(m, &Value::from(n.as_str()));
                }
                for (k, v) in self.kw_names.iter().zip(self.kw_vals.iter()) {
                    if crate::types::str::as_str(k) == Some(n.as_str()) {
                        return Ok(v.clone());
                    }
                }
                Err(key_error(Value::from(n.as_str())))
            }
        }
    }
}

/// `fmt.format(*args, **kw)`.
pub fn str_format(fmt: &str, args: &[Value], kw: Kw) -> PyResult<String> {
    let nkw = kw.map_or(0, |k| k.len());
    let npos = args.len() - nkw;
    let a = Args {
        pos: &args[..npos],
        kw_names: kw.unwrap_or(&[]),
        kw_vals: &args[npos..],
        map: None,
    };
    let mut auto = AutoNumbering::new();
    render(fmt, &a, &mut auto, MAX_FORMAT_RECURSION_DEPTH)
}

/// `fmt.format_map(mapping)`.
pub fn str_format_map(fmt: &str, mapping: &Value) -> PyResult<String> {
    let a = Args {
        pos: &[],
        kw_names: &[],
        kw_vals: &[],
        map: Some(mapping),
    };
    let mut auto = AutoNumbering::new();
    render(fmt, &a, &mut auto, MAX_FORMAT_RECURSION_DEPTH)
}

fn render(fmt: &str, args: &Args, auto: &mut AutoNumbering, depth: usize) -> PyResult<String> {
    if depth == 0 {
        return Err(fmt_err(pyrite_format::format_recursion_error()));
    }
    let mut out = String::with_capacity(fmt.len());
    for chunk in FormatStringParser::new(fmt) {
        let chunk = chunk.map_err(fmt_err)?;
        out.push_str(&chunk.literal);
        let Some(field) = chunk.field else { continue };
        let (first, accessors) = parse_field_name(&field.field_name).map_err(fmt_err)?;
        let key = auto.resolve(&first).map_err(fmt_err)?;
        let mut obj = args.get(&key)?;
        for acc in accessors {
            obj = match acc.map_err(fmt_err)? {
                FieldAccessor::Attribute(name) => crate::ops::attr::getattr(&obj, &name)?,
                FieldAccessor::Index(i) => crate::ops::getitem(&obj, &Value::Int(i as i64))?,
                FieldAccessor::Key(k) => crate::ops::getitem(&obj, &Value::from(k.as_str()))?,
            };
        }
        if let Some(c) = field.conversion {
            obj = match check_conversion(c).map_err(fmt_err)? {
                Conversion::Str => crate::ops::str_value(&obj)?,
                Conversion::Repr => Value::from(crate::ops::repr(&obj)?),
                Conversion::Ascii => Value::from(crate::ops::ascii(&obj)?),
            };
        }
        let spec = if field.spec_needs_expanding {
            render(&field.format_spec, args, auto, depth - 1)?
        } else {
            field.format_spec
        };
        if spec.is_empty() && obj.class_ref().is(&crate::types::types().str) {
            out.push_str(crate::types::str::as_str(&obj).unwrap_or(""));
            continue;
        }
        let r = crate::ops::format(&obj, Some(&Value::from(spec)))?;
        out.push_str(crate::types::str::as_str(&r).unwrap_or(""));
    }
    Ok(out)
}

// ---------------------------------------------------------------------------
// printf-style formatting

/// `fmt % values` for str.
pub fn percent_format(fmt: &str, values: &Value) -> PyResult<String> {
    percent_impl(fmt, values, false)
}

/// `fmt % values` for bytes and bytearray.
pub fn bytes_percent_format(fmt: &[u8], values: &Value) -> PyResult<Vec<u8>> {
    let text: String = fmt.iter().map(|&b| b as char).collect();
    let r = percent_impl(&text, values, true)?;
    Ok(r.chars().map(|c| c as u32 as u8).collect())
}

/// `PyNumber_Check`: the object can be converted to a number.
fn number_check(v: &Value) -> bool {
    crate::types::int::is_int(v)
        || crate::types::float::is_float(v)
        || matches!(v.payload(), Some(Payload::Complex(..)))
        || crate::ops::attr::lookup_special(v, "__index__").is_some()
        || crate::ops::attr::lookup_special(v, "__int__").is_some()
        || crate::ops::attr::lookup_special(v, "__float__").is_some()
}

/// `PyFloat_AsDouble`: floats, `__float__`, `__index__` (no string parsing).
pub fn as_double(v: &Value) -> PyResult<f64> {
    if let Value::Float(f) = v {
        return Ok(*f);
    }
    if let Some(Payload::Float(f)) = v.payload() {
        if v.class_ref().is(&crate::types::types().float) {
            return Ok(*f);
        }
    }
    if let Some(r) = crate::ops::call_special(v, crate::name!("__float__"), &[])? {
        return match &r {
            Value::Float(f) => Ok(*f),
            _ => match r.payload() {
                Some(Payload::Float(f)) => Ok(*f),
                _ => Err(type_error(format!(
                    "{}.__float__ returned non-float (type {})",
                    v.type_name(),
                    r.type_name()
                ))),
            },
        };
    }
    if crate::types::int::is_int(v) || crate::ops::attr::lookup_special(v, "__index__").is_some() {
        let i = crate::types::int::index_value(v)?;
        return crate::types::int::int_to_f64(&i);
    }
    Err(type_error(format!(
        "must be real number, not {}",
        v.type_name()
    )))
}

fn latin1_of(b: &[u8]) -> String {
    b.iter().map(|&c| c as char).collect()
}

fn percent_impl(fmt: &str, values: &Value, bytes_mode: bool) -> PyResult<String> {
    let tuple = crate::types::tuple::as_tuple(values);
    let is_mapping = tuple.is_none()
        && crate::types::str::as_str(values).is_none()
        && !(bytes_mode
            && matches!(
                values.payload(),
                Some(Payload::Bytes(_)) | Some(Payload::ByteArray(_))
            ))
        && crate::types::typeobj::lookup(values.class_ref(), crate::name!("__getitem__")).is_some();
    let mut cursor = PercentArgCursor::new(tuple.map(|t| t.len()));
    let mut current = values.clone();
    let mut out = String::with_capacity(fmt.len() + 16);
    let fetch = |cursor: &mut PercentArgCursor, current: &Value| -> PyResult<Value> {
        match cursor.next_arg().map_err(fmt_err)? {
            PercentArg::Item(i) => Ok(tuple.and_then(|t| t.get(i)).cloned().unwrap_or(Value::None)),
            PercentArg::Whole => Ok(current.clone()),
        }
    };
    let lookup = |key: &str| -> PyResult<Value> {
        let k = if bytes_mode {
            crate::types::bytes::new_bytes(key.chars().map(|c| c as u32 as u8).collect())
        } else {
            Value::from(key)
        };
        crate::ops::getitem(values, &k)
    };
    let star = |v: &Value, what: &str| -> PyResult<i64> {
        if !crate::types::int::is_int(v) {
            return Err(fmt_err(pyrite_format::star_wants_int()));
        }
        match crate::types::int::as_i64(v) {
            Some(i) if what == "width" => Ok(i),
            Some(i) if i >= i32::MIN as i64 && i <= i32::MAX as i64 => Ok(i),
            _ => Err(overflow_error(if what == "width" {
                "Python int too large to convert to C ssize_t"
            } else {
                "Python int too large to convert to C int"
            })),
        }
    };
    for piece in PercentParser::new(fmt) {
        match piece {
            PercentPiece::Literal(s) => out.push_str(&s),
            PercentPiece::Error {
                needs_mapping,
                key,
                stars,
                error,
            } => {
                if needs_mapping && !is_mapping {
                    return Err(fmt_err(pyrite_format::format_requires_mapping()));
                }
                if let Some(k) = key {
                    current = lookup(&k)?;
                    cursor.use_mapping_value();
                }
                for _ in 0..stars {
                    let v = fetch(&mut cursor, &current)?;
                    star(&v, "width")?;
                }
                return Err(fmt_err(error));
            }
            PercentPiece::Conversion(spec) => {
                if let Some(k) = &spec.key {
                    if !is_mapping {
                        return Err(fmt_err(pyrite_format::format_requires_mapping()));
                    }
                    current = lookup(k)?;
                    cursor.use_mapping_value();
                }
                let mut sw = None;
                let mut sp = None;
                if spec.width == Some(pyrite_format::PercentCount::Star) {
                    let v = fetch(&mut cursor, &current)?;
                    // CPython negates the C value: -(-2**63) stays negative (no padding)
                    sw = Some(star(&v, "width")?).map(|w| if w == i64::MIN { 0 } else { w });
                }
                if spec.precision == Some(pyrite_format::PercentCount::Star) {
                    let v = fetch(&mut cursor, &current)?;
                    sp = Some(star(&v, "precision")?);
                }
                let rs = spec.resolve(sw, sp);
                let v = fetch(&mut cursor, &current)?;
                let kind = if bytes_mode && spec.conversion == 'b' {
                    PercentKind::Str
                } else if bytes_mode && spec.conversion as u32 >= 0x80 {
                    return Err(overflow_error("character argument not in range(0x110000)"));
                } else {
                    spec.kind().map_err(fmt_err)?
                };
                let piece = convert(kind, &v, &rs, bytes_mode)?;
                out.push_str(&piece);
            }
        }
    }
    cursor.finish(is_mapping).map_err(|e| {
        if bytes_mode {
            type_error("not all arguments converted during bytes formatting")
        } else {
            fmt_err(e)
        }
    })?;
    Ok(out)
}

fn convert(
    kind: PercentKind,
    v: &Value,
    rs: &ResolvedPercentSpec,
    bytes_mode: bool,
) -> PyResult<String> {
    let conv = rs.conversion;
    match kind {
        PercentKind::Str if bytes_mode => {
            let data = if let Some(b) = crate::types::bytes::try_buffer(v)? {
                b.into_owned()
            } else if let Some(r) = crate::ops::call_special(v, crate::name!("__bytes__"), &[])? {
                match r.payload() {
                    Some(Payload::Bytes(b)) => b.data.to_vec(),
                    _ => {
                        return Err(type_error(format!(
                            "__bytes__ returned non-bytes (type {})",
                            r.type_name()
                        )))
                    }
                }
            } else {
                return Err(type_error(format!(
                    "%b requires a bytes-like object, or an object that implements __bytes__, not '{}'",
                    v.type_name()
                )));
            };
            pyrite_format::percent_format_str(&latin1_of(&data), rs).map_err(fmt_err)
        }
        PercentKind::Str => {
            let s = if v.class_ref().is(&crate::types::types().str) {
                crate::types::str::as_str(v).unwrap_or("").to_string()
            } else {
                crate::ops::to_str(v)?
            };
            pyrite_format::percent_format_str(&s, rs).map_err(fmt_err)
        }
        PercentKind::Repr if !bytes_mode => {
            pyrite_format::percent_format_str(&crate::ops::repr(v)?, rs).map_err(fmt_err)
        }
        PercentKind::Repr | PercentKind::Ascii => {
            pyrite_format::percent_format_str(&crate::ops::ascii(v)?, rs).map_err(fmt_err)
        }
        PercentKind::Decimal | PercentKind::Integer => {
            let wrong = || fmt_err(pyrite_format::percent_number_required(conv, &v.type_name()));
            let iv = if crate::types::int::is_int(v) {
                v.clone()
            } else if !number_check(v) {
                return Err(wrong());
            } else {
                let r = if kind == PercentKind::Integer {
                    crate::types::int::index_value(v)
                } else {
                    crate::types::int::int_from_value(v)
                };
                match r {
                    Ok(x) => x,
                    Err(e) if e.matches(&crate::types::exceptions::exc().type_error) => {
                        return Err(wrong())
                    }
                    Err(e) => return Err(e),
                }
            };
            if let Value::Int(i) = iv {
                return pyrite_format::percent_format_i64(i, rs).map_err(fmt_err);
            }
            let b = crate::types::int::to_bigint(&iv).unwrap_or_default();
            if kind == PercentKind::Decimal {
                crate::format::check_int_digits(&b)?;
            }
            pyrite_format::percent_format_int(&b, rs).map_err(fmt_err)
        }
        PercentKind::Float => {
            let x = as_double(v)?;
            pyrite_format::percent_format_float(x, rs).map_err(fmt_err)
        }
        PercentKind::Char if bytes_mode => {
            let byte = match v.payload() {
                Some(Payload::Bytes(_)) | Some(Payload::ByteArray(_)) => {
                    let d = crate::types::bytes::self_data(v).unwrap_or(&[]);
                    if d.len() != 1 {
                        return Err(type_error(
                            "%c requires an integer in range(256) or a single byte",
                        ));
                    }
                    d[0]
                }
                _ => {
                    if !crate::types::int::is_int(v)
                        && crate::ops::attr::lookup_special(v, "__index__").is_none()
                    {
                        return Err(type_error(
                            "%c requires an integer in range(256) or a single byte",
                        ));
                    }
                    match crate::types::int::index_value(v)? {
                        Value::Int(i) if (0..256).contains(&i) => i as u8,
                        _ => return Err(overflow_error("%c arg not in range(256)")),
                    }
                }
            };
            pyrite_format::percent_format_char(byte as char, rs).map_err(fmt_err)
        }
        PercentKind::Char => {
            let c = if let Some(s) = crate::types::str::as_pystr(v) {
                if s.len() != 1 {
                    return Err(fmt_err(pyrite_format::percent_c_requires()));
                }
                s.char_at(0)
            } else {
                if !crate::types::int::is_int(v)
                    && crate::ops::attr::lookup_special(v, "__index__").is_none()
                {
                    return Err(fmt_err(pyrite_format::percent_c_requires()));
                }
                let i = crate::types::int::index_value(v)?;
                let b = crate::types::int::to_bigint(&i).unwrap_or_default();
                match num_traits::ToPrimitive::to_u32(&b) {
                    Some(u) if (0xD800..0xE000).contains(&u) => {
                        crate::types::str::char_from_code_point(u).unwrap_or('\u{fffd}')
                    }
                    _ => pyrite_format::percent_char_from_int(&b).map_err(fmt_err)?,
                }
            };
            pyrite_format::percent_format_char(c, rs).map_err(fmt_err)
        }
    }
}
