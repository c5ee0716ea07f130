//! `str.format`/`format_map` and `%`-formatting of str.

use crate::errors::*;
use crate::types::function::Kw;
use crate::value::Value;

enum Arg<'a> {
    Pos(&'a [Value]),
    Map(&'a Value),
}

/// `fmt.format(*args, **kw)`.
pub fn str_format(fmt: &str, args: &[Value], kw: Kw) -> PyResult<String> {
    let nkw = kw.map_or(0, |k| k.len());
    let pos = &args[..args.len() - nkw];
    let kwd = crate::types::dict::new_dict();
    if let Some(k) = kw {
        for (i, n) in k.iter().enumerate() {
            crate::types::dict::as_dict(&kwd).unwrap().set_item(n.clone(), args[pos.len() + i].clone())?;
        }
    }
    let mut auto = 0usize;
    let mut manual = false;
    format_impl(fmt, &Arg::Pos(pos), &kwd, &mut auto, &mut manual, 0)
}

pub fn str_format_map(fmt: &str, mapping: &Value) -> PyResult<String> {
    let mut auto = 0usize;
    let mut manual = false;
    format_impl(fmt, &Arg::Map(mapping), mapping, &mut auto, &mut manual, 0)
}

fn format_impl(fmt: &str, args: &Arg, kw: &Value, auto: &mut usize, manual: &mut bool, depth: usize) -> PyResult<String> {
    if depth > 2 {
        return Err(value_error("Max string recursion exceeded"));
    }
    let chars: Vec<char> = fmt.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '{' {
            if i + 1 < chars.len() && chars[i + 1] == '{' {
                out.push('{');
                i += 2;
                continue;
            }
            // find the matching close brace
            let mut level = 1;
            let mut j = i + 1;
            while j < chars.len() {
                match chars[j] {
                    '{' => level += 1,
                    '}' => {
                        level -= 1;
                        if level == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            if j >= chars.len() {
                return Err(value_error("expected '}' before end of string"));
            }
            let field: String = chars[i + 1..j].iter().collect();
            out.push_str(&render_field(&field, args, kw, auto, manual, depth)?);
            i = j + 1;
        } else if c == '}' {
            if i + 1 < chars.len() && chars[i + 1] == '}' {
                out.push('}');
                i += 2;
                continue;
            }
            return Err(value_error("Single '}' encountered in format string"));
        } else {
            out.push(c);
            i += 1;
        }
    }
    Ok(out)
}

fn render_field(field: &str, args: &Arg, kw: &Value, auto: &mut usize, manual: &mut bool, depth: usize) -> PyResult<String> {
    // split name[!conv][:spec], minding brackets in the name
    let mut name_end = field.len();
    let mut in_bracket = false;
    for (idx, ch) in field.char_indices() {
        match ch {
            '[' => in_bracket = true,
            ']' => in_bracket = false,
            '!' | ':' if !in_bracket => {
                name_end = idx;
                break;
            }
            _ => {}
        }
    }
    let name = &field[..name_end];
    let rest = &field[name_end..];
    let (conv, spec) = if let Some(r) = rest.strip_prefix('!') {
        let mut cs = r.chars();
        let c = cs.next().ok_or_else(|| value_error("end of string while looking for conversion specifier"))?;
        let after = cs.as_str();
        if !after.is_empty() && !after.starts_with(':') {
            return Err(value_error("expected ':' after conversion specifier"));
        }
        (Some(c), after.strip_prefix(':').unwrap_or(""))
    } else {
        (None, rest.strip_prefix(':').unwrap_or(""))
    };
    // first part of the name: index or key
    let first_end = name.find(['.', '[']).unwrap_or(name.len());
    let first = &name[..first_end];
    let mut obj = if first.is_empty() {
        if *manual {
            return Err(value_error("cannot switch from manual field specification to automatic field numbering"));
        }
        let i = *auto;
        *auto += 1;
        get_pos(args, i)?
    } else if let Ok(i) = first.parse::<usize>() {
        if *auto > 0 {
            return Err(value_error("cannot switch from automatic field numbering to manual field specification"));
        }
        *manual = true;
        get_pos(args, i)?
    } else {
        match crate::ops::getitem(kw, &Value::from(first)) {
            Ok(v) => v,
            Err(e) if e.matches(&crate::types::exceptions::exc().key_error) => return Err(key_error(Value::from(first))),
            Err(e) => return Err(e),
        }
    };
    let mut rest = &name[first_end..];
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('.') {
            let end = r.find(['.', '[']).unwrap_or(r.len());
            let attr = &r[..end];
            if attr.is_empty() {
                return Err(value_error("Empty attribute in format string"));
            }
            obj = crate::ops::attr::getattr(&obj, attr)?;
            rest = &r[end..];
        } else if let Some(r) = rest.strip_prefix('[') {
            let end = r.find(']').ok_or_else(|| value_error("Missing ']' in format string"))?;
            let key = &r[..end];
            let k = match key.parse::<i64>() {
                Ok(i) => Value::Int(i),
                Err(_) => Value::from(key),
            };
            obj = crate::ops::getitem(&obj, &k)?;
            rest = &r[end + 1..];
        } else {
            return Err(value_error("Only '.' or '[' may follow ']' in format field specifier"));
        }
    }
    let obj = match conv {
        None => obj,
        Some('s') => crate::ops::str_value(&obj)?,
        Some('r') => Value::from(crate::ops::repr(&obj)?),
        Some('a') => Value::from(crate::ops::ascii(&obj)?),
        Some(c) => return Err(value_error(format!("Unknown conversion specifier {}", c))),
    };
    let spec = if spec.contains('{') { format_impl(spec, args, kw, auto, manual, depth + 1)? } else { spec.to_string() };
    let r = crate::ops::format(&obj, Some(&Value::from(spec)))?;
    Ok(crate::types::str::as_str(&r).unwrap_or("").to_string())
}

fn get_pos(args: &Arg, i: usize) -> PyResult<Value> {
    match args {
        Arg::Pos(p) => p.get(i).cloned().ok_or_else(|| index_error(format!("Replacement index {} out of range for positional args tuple", i))),
        Arg::Map(_) => Err(value_error("Format string contains positional fields")),
    }
}

/// `fmt % values` for str.
pub fn percent_format(fmt: &str, values: &Value) -> PyResult<String> {
    let is_mapping = crate::types::tuple::as_tuple(values).is_none()
        && crate::ops::attr::lookup_special(values, "__getitem__").is_some()
        && crate::types::str::as_str(values).is_none();
    let items: Vec<Value> = match crate::types::tuple::as_tuple(values) {
        Some(t) => t.to_vec(),
        None => vec![values.clone()],
    };
    let mut idx = 0usize;
    let mut used_mapping = false;
    let chars: Vec<char> = fmt.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    let next_arg = |idx: &mut usize| -> PyResult<Value> {
        let v = items.get(*idx).cloned().ok_or_else(|| type_error("not enough arguments for format string"))?;
        *idx += 1;
        Ok(v)
    };
    while i < chars.len() {
        let c = chars[i];
        if c != '%' {
            out.push(c);
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        if i >= chars.len() {
            return Err(value_error("incomplete format"));
        }
        let mut arg: Option<Value> = None;
        if chars[i] == '(' {
            let mut level = 1;
            let mut j = i + 1;
            while j < chars.len() && level > 0 {
                if chars[j] == '(' {
                    level += 1;
                } else if chars[j] == ')' {
                    level -= 1;
                }
                j += 1;
            }
            if level > 0 {
                return Err(value_error("incomplete format key"));
            }
            let key: String = chars[i + 1..j - 1].iter().collect();
            if !is_mapping {
                return Err(type_error("format requires a mapping"));
            }
            arg = Some(crate::ops::getitem(values, &Value::from(key))?);
            used_mapping = true;
            i = j;
        }
        let mut flags = String::new();
        while i < chars.len() && matches!(chars[i], '-' | '+' | ' ' | '#' | '0') {
            flags.push(chars[i]);
            i += 1;
        }
        let mut width: Option<usize> = None;
        if i < chars.len() && chars[i] == '*' {
            let w = next_arg(&mut idx)?;
            let wi = crate::types::int::as_i64(&w).ok_or_else(|| type_error("* wants int"))?;
            if wi < 0 {
                flags.push('-');
            }
            width = Some(wi.unsigned_abs() as usize);
            i += 1;
        } else {
            let mut w = String::new();
            while i < chars.len() && chars[i].is_ascii_digit() {
                w.push(chars[i]);
                i += 1;
            }
            if !w.is_empty() {
                width = Some(w.parse().map_err(|_| value_error("width too big"))?);
            }
        }
        let mut prec: Option<usize> = None;
        if i < chars.len() && chars[i] == '.' {
            i += 1;
            if i < chars.len() && chars[i] == '*' {
                let p = next_arg(&mut idx)?;
                prec = Some(crate::types::int::as_i64(&p).ok_or_else(|| type_error("* wants int"))?.max(0) as usize);
                i += 1;
            } else {
                let mut p = String::new();
                while i < chars.len() && chars[i].is_ascii_digit() {
                    p.push(chars[i]);
                    i += 1;
                }
                prec = Some(p.parse().unwrap_or(0));
            }
        }
        while i < chars.len() && matches!(chars[i], 'h' | 'l' | 'L') {
            i += 1;
        }
        if i >= chars.len() {
            return Err(value_error("incomplete format"));
        }
        let conv = chars[i];
        i += 1;
        if conv == '%' {
            out.push('%');
            continue;
        }
        let v = match arg {
            Some(v) => v,
            None => {
                if is_mapping && crate::types::tuple::as_tuple(values).is_none() && !matches!(conv, '%') {
                    // a single non-tuple mapping argument used positionally
                    if idx == 0 {
                        idx = 1;
                        values.clone()
                    } else {
                        return Err(type_error("not enough arguments for format string"));
                    }
                } else {
                    next_arg(&mut idx)?
                }
            }
        };
        let mut spec = String::new();
        let left = flags.contains('-');
        let zero = flags.contains('0') && !left;
        let body = match conv {
            's' => crate::ops::to_str(&v)?,
            'r' => crate::ops::repr(&v)?,
            'a' => crate::ops::ascii(&v)?,
            'c' => {
                if let Some(s) = crate::types::str::as_pystr(&v) {
                    if s.len() != 1 {
                        return Err(type_error("%c requires int or char"));
                    }
                    s.as_str().to_string()
                } else {
                    let n = crate::types::int::index_i64(&v).map_err(|_| type_error("%c requires int or char"))?;
                    char::from_u32(n as u32).ok_or_else(|| overflow_error("%c arg not in range(0x110000)"))?.to_string()
                }
            }
            'd' | 'i' | 'u' | 'o' | 'x' | 'X' | 'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
                let num = if matches!(conv, 'd' | 'i' | 'u' | 'o' | 'x' | 'X') {
                    if crate::types::int::is_int(&v) {
                        v.clone()
                    } else if crate::types::float::is_float(&v) && matches!(conv, 'd' | 'i' | 'u') {
                        crate::types::int::int_from_value(&v)?
                    } else {
                        match crate::types::int::index_value(&v) {
                            Ok(x) => x,
                            Err(_) => {
                                if matches!(conv, 'd' | 'i' | 'u') {
                                    if crate::ops::attr::lookup_special(&v, "__int__").is_some() {
                                        crate::types::int::int_from_value(&v)?
                                    } else {
                                        return Err(type_error(format!("%{} format: a real number is required, not {}", conv, v.type_name())));
                                    }
                                } else {
                                    return Err(type_error(format!("%{} format: an integer is required, not {}", conv, v.type_name())));
                                }
                            }
                        }
                    }
                } else {
                    Value::Float(crate::types::float::float_from_value(&v).map_err(|_| type_error(format!("must be real number, not {}", v.type_name())))?)
                };
                if flags.contains('+') {
                    spec.push('+');
                } else if flags.contains(' ') {
                    spec.push(' ');
                }
                if flags.contains('#') {
                    spec.push('#');
                }
                if zero {
                    spec.push('0');
                    if let Some(w) = width {
                        spec.push_str(&w.to_string());
                    }
                }
                let ty = match conv {
                    'i' | 'u' => 'd',
                    c => c,
                };
                let p = match ty {
                    'e' | 'E' | 'f' | 'F' | 'g' | 'G' => Some(prec.unwrap_or(6)),
                    _ => None,
                };
                if let Some(p) = p {
                    spec.push_str(&format!(".{}", p));
                }
                spec.push(ty);
                let mut s = crate::format::format_value_spec(&num, &spec)?;
                if ty == 'o' && flags.contains('#') {
                    s = s.replacen("0o", "0o", 1);
                }
                if let (Some(p), 'd' | 'x' | 'X' | 'o') = (prec, ty) {
                    // precision on ints pads with zeros
                    let neg = s.starts_with('-');
                    let digits: String = s.trim_start_matches('-').to_string();
                    if digits.len() < p {
                        s = format!("{}{}{}", if neg { "-" } else { "" }, "0".repeat(p - digits.len()), digits);
                    }
                }
                s
            }
            other => {
                return Err(value_error(format!(
                    "unsupported format character '{}' (0x{:x}) at index {}",
                    other,
                    other as u32,
                    start + (i - 1 - start)
                )))
            }
        };
        let body = if matches!(conv, 's' | 'r' | 'a') {
            match prec {
                Some(p) => body.chars().take(p).collect(),
                None => body,
            }
        } else {
            body
        };
        let n = body.chars().count();
        let w = width.unwrap_or(0);
        if n >= w {
            out.push_str(&body);
        } else if left {
            out.push_str(&body);
            out.push_str(&" ".repeat(w - n));
        } else {
            out.push_str(&" ".repeat(w - n));
            out.push_str(&body);
        }
    }
    if !used_mapping && idx < items.len() && !(is_mapping && crate::types::tuple::as_tuple(values).is_none()) {
        return Err(type_error("not all arguments converted during string formatting"));
    }
    Ok(out)
}
