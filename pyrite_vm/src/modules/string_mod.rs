//! `_string`: the format-string parser behind `string.Formatter`
//! (`formatter_parser`, `formatter_field_name_split`).

use crate::errors::*;
use crate::modules::ndata;
use crate::object::ObjRef;
use crate::types::module::add_function;
use crate::value::Value;

fn tup(v: Vec<Value>) -> Value {
    crate::types::tuple::new_tuple(v)
}

fn opt(s: Option<String>) -> Value {
    match s {
        Some(s) => Value::from(s),
        None => Value::None,
    }
}

/// Parse a format string into (literal, field_name, format_spec, conversion) items.
pub fn parse(s: &str) -> PyResult<Vec<(String, Option<String>, Option<String>, Option<char>)>> {
    let c: Vec<char> = s.chars().collect();
    let n = c.len();
    let mut out = Vec::new();
    let mut i = 0;
    while i < n {
        let mut lit = String::new();
        let mut field = false;
        while i < n {
            let ch = c[i];
            if ch == '{' {
                if i + 1 < n && c[i + 1] == '{' {
                    lit.push('{');
                    i += 2;
                    // CPython yields the literal up to and including the escaped brace
                    break;
                }
                i += 1;
                field = true;
                break;
            }
            if ch == '}' {
                if i + 1 < n && c[i + 1] == '}' {
                    lit.push('}');
                    i += 2;
                    break;
                }
                return Err(value_error("Single '}' encountered in format string"));
            }
            lit.push(ch);
            i += 1;
        }
        if !field {
            out.push((lit, None, None, None));
            continue;
        }
        // scan to the matching close brace
        let start = i;
        let mut depth = 1;
        let mut j = i;
        while j < n {
            match c[j] {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                _ => {}
            }
            j += 1;
        }
        if depth != 0 {
            return Err(value_error("expected '}' before end of string"));
        }
        let body = &c[start..j];
        i = j + 1;
        // field name: up to ':' or '!' (brackets may contain them)
        let mut k = 0;
        while k < body.len() {
            match body[k] {
                '{' => return Err(value_error("unexpected '{' in field name")),
                '[' => {
                    while k < body.len() && body[k] != ']' {
                        k += 1;
                    }
                    if k < body.len() {
                        k += 1;
                    }
                    continue;
                }
                ':' | '!' => break,
                _ => k += 1,
            }
        }
        let name: String = body[..k].iter().collect();
        let mut conv = None;
        let mut spec = String::new();
        if k < body.len() {
            if body[k] == '!' {
                if k + 1 >= body.len() {
                    return Err(value_error(
                        "end of string while looking for conversion specifier",
                    ));
                }
                conv = Some(body[k + 1]);
                k += 2;
                if k < body.len() {
                    if body[k] != ':' {
                        return Err(value_error("expected ':' after conversion specifier"));
                    }
                    spec = body[k + 1..].iter().collect();
                }
            } else {
                spec = body[k + 1..].iter().collect();
            }
        }
        out.push((lit, Some(name), Some(spec), conv));
    }
    Ok(out)
}

fn key_value(s: &str) -> Value {
    if !s.is_empty() && s.chars().all(|c| c.is_ascii_digit()) {
        if let Ok(n) = s.parse::<i64>() {
            return Value::Int(n);
        }
    }
    Value::from(s)
}

/// Split a field name into its first part and (is_attribute, key) accessors.
pub fn split_field(name: &str) -> PyResult<(Value, Vec<(bool, Value)>)> {
    let c: Vec<char> = name.chars().collect();
    let mut i = 0;
    while i < c.len() && c[i] != '.' && c[i] != '[' {
        i += 1;
    }
    let first: String = c[..i].iter().collect();
    let mut rest = Vec::new();
    while i < c.len() {
        match c[i] {
            '.' => {
                i += 1;
                let s = i;
                while i < c.len() && c[i] != '.' && c[i] != '[' {
                    i += 1;
                }
                if s == i {
                    return Err(value_error("Empty attribute in format string"));
                }
                rest.push((true, Value::from(c[s..i].iter().collect::<String>())));
            }
            '[' => {
                i += 1;
                let s = i;
                while i < c.len() && c[i] != ']' {
                    i += 1;
                }
                if i >= c.len() {
                    return Err(value_error("Missing ']' in format string"));
                }
                let k: String = c[s..i].iter().collect();
                if k.is_empty() {
                    return Err(value_error("Empty attribute in format string"));
                }
                rest.push((false, key_value(&k)));
                i += 1;
                if i < c.len() && c[i] != '.' && c[i] != '[' {
                    return Err(value_error(
                        "Only '.' or '[' may follow ']' in format field specifier",
                    ));
                }
            }
            _ => {
                return Err(value_error(
                    "Only '.' or '[' may follow ']' in format field specifier",
                ));
            }
        }
    }
    Ok((key_value(&first), rest))
}

pub fn init(m: &ObjRef) -> PyResult<()> {
    add_function(m, "formatter_parser", |a, _| {
        check_args("formatter_parser", a, 1, 1)?;
        let s = crate::types::str::as_str(ndata::arg(a, 0)?).ok_or_else(|| {
            type_error(format!(
                "expected str, got {}",
                ndata::argv(a, 0).type_name()
            ))
        })?;
        let items = parse(s)?;
        let vals: Vec<Value> = items
            .into_iter()
            .map(|(l, f, sp, cv)| {
                tup(vec![
                    Value::from(l),
                    opt(f),
                    opt(sp),
                    opt(cv.map(|c| c.to_string())),
                ])
            })
            .collect();
        crate::ops::get_iter(&crate::types::list::new_list(vals))
    });
    add_function(m, "formatter_field_name_split", |a, _| {
        check_args("formatter_field_name_split", a, 1, 1)?;
        let s = crate::types::str::as_str(ndata::arg(a, 0)?).ok_or_else(|| {
            type_error(format!(
                "expected str, got {}",
                ndata::argv(a, 0).type_name()
            ))
        })?;
        let (first, rest) = split_field(s)?;
        let it: Vec<Value> = rest
            .into_iter()
            .map(|(b, k)| tup(vec![Value::Bool(b), k]))
            .collect();
        Ok(tup(vec![
            first,
            crate::ops::get_iter(&crate::types::list::new_list(it))?,
        ]))
    });
    Ok(())
}
