//! Argument parsing for native functions.

use crate::errors::*;
use crate::types::function::Kw;
use crate::value::Value;

/// Parse `args`/`kw` against parameter names. A name `""` is positional-only, `"$x"` is
/// keyword-only, `"x"` positional-or-keyword. The first `required` parameters must be
/// given. Returns one slot per parameter.
pub fn parse(
    fname: &str,
    args: &[Value],
    kw: Kw,
    names: &[&str],
    required: usize,
) -> PyResult<Vec<Option<Value>>> {
    let nkw = kw.map_or(0, |k| k.len());
    let npos = args.len() - nkw;
    let max_pos = names.iter().take_while(|n| !n.starts_with('$')).count();
    if npos > max_pos {
        let shown = if max_pos == 1 {
            "takes at most 1 argument".to_string()
        } else {
            format!("takes at most {} arguments", max_pos)
        };
        if required == max_pos {
            return Err(type_error(if max_pos == 0 {
                format!("{}() takes no positional arguments", fname)
            } else if max_pos == 1 {
                format!("{}() takes exactly one argument ({} given)", fname, npos)
            } else {
                format!(
                    "{}() takes exactly {} arguments ({} given)",
                    fname, max_pos, npos
                )
            }));
        }
        return Err(type_error(format!(
            "{}() {} ({} given)",
            fname, shown, npos
        )));
    }
    let mut out: Vec<Option<Value>> = vec![None; names.len()];
    for (i, a) in args[..npos].iter().enumerate() {
        out[i] = Some(a.clone());
    }
    if let Some(k) = kw {
        for (i, n) in k.iter().enumerate() {
            let key = crate::types::str::as_str(n).unwrap_or("");
            let pos = names
                .iter()
                .position(|p| !p.is_empty() && p.trim_start_matches('$') == key);
            match pos {
                Some(p) => {
                    if out[p].is_some() {
                        return Err(type_error(format!(
                            "argument for {}() given by name ('{}') and position ({})",
                            fname,
                            key,
                            p + 1
                        )));
                    }
                    out[p] = Some(args[npos + i].clone());
                }
                None => {
                    return Err(type_error(format!(
                        "'{}' is an invalid keyword argument for {}()",
                        key, fname
                    )));
                }
            }
        }
    }
    for (i, slot) in out.iter().enumerate().take(required) {
        if slot.is_none() {
            let n = names[i].trim_start_matches('$');
            if n.is_empty() {
                return Err(type_error(format!(
                    "{}() takes at least {} positional argument{} ({} given)",
                    fname,
                    required,
                    if required == 1 { "" } else { "s" },
                    npos
                )));
            }
            return Err(type_error(format!(
                "{}() missing required argument '{}' (pos {})",
                fname,
                n,
                i + 1
            )));
        }
    }
    Ok(out)
}

/// Reject keyword arguments.
pub fn no_kw(fname: &str, kw: Kw) -> PyResult<()> {
    if kw.map_or(false, |k| !k.is_empty()) {
        return Err(type_error(format!(
            "{}() takes no keyword arguments",
            fname
        )));
    }
    Ok(())
}
