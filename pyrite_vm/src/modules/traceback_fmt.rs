//! Formatting of uncaught exceptions exactly as CPython 3.11 prints them.

use crate::types::exceptions::{as_exc, exc};
use crate::types::Payload;
use crate::value::Value;
use std::collections::HashMap;

static LINES: crate::gil::GilCell<Option<HashMap<String, Option<Vec<String>>>>> =
    crate::gil::GilCell::new(None);

/// Line `n` (1-based) of `filename`, if readable.
pub fn source_line(filename: &str, n: u32) -> Option<String> {
    if filename.starts_with('<') || n == 0 {
        return None;
    }
    let cache = LINES.get().get_or_insert_with(HashMap::new);
    let lines = cache.entry(filename.to_string()).or_insert_with(|| {
        let data = crate::fs::filesystem().read(filename).ok()?;
        let text = String::from_utf8_lossy(&data).into_owned();
        Some(text.lines().map(|l| l.to_string()).collect())
    });
    lines.as_ref()?.get(n as usize - 1).cloned()
}

fn type_display(e: &Value) -> String {
    let cls = e.class();
    let td = crate::types::typeobj::tdata(&cls);
    let qn = td.qualname().to_string();
    let module = td
        .dict()
        .get_str_key("__module__")
        .and_then(|m| crate::types::str::as_str(&m).map(|s| s.to_string()));
    match module.as_deref() {
        Some("builtins") | Some("__main__") | None => qn,
        Some(m) => format!("{}.{}", m, qn),
    }
}

fn str_of_exc(e: &Value) -> String {
    match crate::ops::str_value(e) {
        Ok(s) => crate::types::str::as_str(&s).unwrap_or("").to_string(),
        Err(_) => "<exception str() failed>".into(),
    }
}

/// `traceback.format_exception_only`-style last lines.
pub fn format_exception_only(e: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let name = type_display(e);
    if crate::types::typeobj::isinstance(e, &exc().syntax_error) {
        let get = |n: &str| crate::ops::attr::getattr(e, n).unwrap_or(Value::None);
        let filename = get("filename");
        let lineno = get("lineno");
        let fname = crate::types::str::as_str(&filename)
            .unwrap_or("<string>")
            .to_string();
        if let Value::Int(l) = lineno {
            out.push(format!("  File \"{}\", line {}\n", fname, l));
        }
        let text = get("text");
        if let Some(t) = crate::types::str::as_str(&text) {
            let line = t.trim_end_matches(['\n', '\r']);
            let stripped = line.trim_start_matches([' ', '\t', '\x0c']);
            let removed = line.chars().count() - stripped.chars().count();
            out.push(format!("    {}\n", stripped));
            if let Value::Int(off) = get("offset") {
                let end = match (get("end_offset"), get("end_lineno")) {
                    (Value::Int(eo), Value::Int(el))
                        if Value::Int(el).is(&lineno)
                            || matches!(lineno, Value::Int(l) if l == el) =>
                    {
                        eo
                    }
                    _ => off + 1,
                };
                let start = (off - 1 - removed as i64).max(0);
                let mut endc = (end - 1 - removed as i64).max(start + 1);
                if endc <= start {
                    endc = start + 1;
                }
                let width = stripped.chars().count() as i64;
                let endc = if start < width {
                    endc.min(width + 1).max(start + 1)
                } else {
                    start + 1
                };
                out.push(format!(
                    "    {}{}\n",
                    " ".repeat(start as usize),
                    "^".repeat((endc - start) as usize)
                ));
            }
        }
        let msg = crate::ops::to_str(&get("msg")).unwrap_or_default();
        out.push(format!("{}: {}\n", name, msg));
    } else {
        let s = str_of_exc(e);
        if s.is_empty() {
            out.push(format!("{}\n", name));
        } else {
            out.push(format!("{}: {}\n", name, s));
        }
    }
    if let Ok(Some(notes)) = crate::ops::attr::getattr_opt(e, "__notes__") {
        if let Ok(items) = crate::ops::iterate(&notes) {
            for n in items {
                let s = match crate::types::str::as_str(&n) {
                    Some(s) => s.to_string(),
                    None => crate::ops::to_str(&n).unwrap_or_default(),
                };
                out.push(format!("{}\n", s));
            }
        }
    }
    out
}

/// Lines for the traceback entries of an exception.
pub fn format_tb(tb: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = tb.clone();
    let mut last: Option<(String, u32, String)> = None;
    let mut repeat = 0;
    let flush_repeat = |out: &mut Vec<String>, repeat: &mut usize| {
        if *repeat > 3 {
            let n = *repeat - 3;
            out.push(format!(
                "  [Previous line repeated {} more time{}]\n",
                n,
                if n == 1 { "" } else { "s" }
            ));
        }
        *repeat = 0;
    };
    while let Some(Payload::Traceback(t)) = cur.payload() {
        let f = crate::frame::frame_mut(&t.frame);
        let code = &f.pycode().code;
        let key = (code.filename.to_string(), t.lineno, code.name.to_string());
        if last.as_ref() == Some(&key) {
            repeat += 1;
            if repeat > 3 {
                let next = unsafe { (*t.next.get()).clone() }.unwrap_or(Value::None);
                cur = next;
                continue;
            }
        } else {
            flush_repeat(&mut out, &mut repeat);
            repeat = 1;
            last = Some(key);
        }
        out.push(format!(
            "  File \"{}\", line {}, in {}\n",
            code.filename, t.lineno, code.name
        ));
        if let Some(line) = source_line(&code.filename, t.lineno) {
            let stripped = line.trim_start_matches([' ', '\t', '\x0c']);
            if !stripped.trim().is_empty() {
                out.push(format!("    {}\n", stripped.trim_end()));
                let loc = code.locations.get(t.lasti).copied().unwrap_or_default();
                if loc.line == t.lineno && loc.end_line == loc.line && loc.end_col > loc.col {
                    let removed = line.len() - stripped.len();
                    let s = (loc.col as usize).saturating_sub(removed);
                    let e = (loc.end_col as usize).saturating_sub(removed);
                    let st = stripped.trim_end();
                    // byte offsets -> character columns
                    let s_ch = st
                        .get(..s.min(st.len()))
                        .map(|x| x.chars().count())
                        .unwrap_or(0);
                    let e_ch = st
                        .get(..e.min(st.len()))
                        .map(|x| x.chars().count())
                        .unwrap_or(0);
                    let total = st.chars().count();
                    let segment = st.get(s.min(st.len())..e.min(st.len())).unwrap_or("");
                    let anchors = match code.instructions.get(t.lasti) {
                        Some(pyrite_compiler::bytecode::Instr::BinaryOp(_)) => {
                            binop_anchor(segment)
                        }
                        Some(pyrite_compiler::bytecode::Instr::BinarySubscr) => {
                            subscript_anchor(segment)
                        }
                        _ => None,
                    };
                    match anchors {
                        Some((a0, a1)) if e_ch > s_ch => {
                            let mut marks = String::new();
                            for (k, _) in segment.chars().enumerate() {
                                marks.push(if k >= a0 && k < a1 { '^' } else { '~' });
                            }
                            out.push(format!("    {}{}\n", " ".repeat(s_ch), marks));
                        }
                        _ => {
                            if !(s_ch == 0 && e_ch >= total) && e_ch > s_ch {
                                out.push(format!(
                                    "    {}{}\n",
                                    " ".repeat(s_ch),
                                    "^".repeat(e_ch - s_ch)
                                ));
                            }
                        }
                    }
                }
            }
        }
        let next = unsafe { (*t.next.get()).clone() }.unwrap_or(Value::None);
        cur = next;
    }
    flush_repeat(&mut out, &mut repeat);
    out
}

fn format_one(e: &Value, out: &mut Vec<String>, seen: &mut Vec<usize>, depth: usize) {
    seen.push(e.id() as usize);
    if let Some(x) = as_exc(e) {
        if depth < 100 {
            if let Some(c) = x.cause() {
                if !seen.contains(&(c.id() as usize)) {
                    format_one(&c, out, seen, depth + 1);
                    out.push("\nThe above exception was the direct cause of the following exception:\n\n".into());
                }
            } else if let Some(c) = x.context() {
                if !x.suppress_context.get() && !seen.contains(&(c.id() as usize)) {
                    format_one(&c, out, seen, depth + 1);
                    out.push(
                        "\nDuring handling of the above exception, another exception occurred:\n\n"
                            .into(),
                    );
                }
            }
        }
    }
    if crate::types::typeobj::isinstance(e, &exc().base_exception_group) {
        format_group(e, out, 0);
        return;
    }
    if let Some(x) = as_exc(e) {
        if let Some(tb) = x.traceback() {
            out.push("Traceback (most recent call last):\n".into());
            out.extend(format_tb(&tb));
        }
    }
    out.extend(format_exception_only(e));
}

fn format_group(e: &Value, out: &mut Vec<String>, level: usize) {
    let mut lines = Vec::new();
    if let Some(x) = as_exc(e) {
        if let Some(tb) = x.traceback() {
            lines.push("Exception Group Traceback (most recent call last):\n".to_string());
            lines.extend(format_tb(&tb));
        }
    }
    lines.extend(format_exception_only(e));
    let prefix = if level == 0 { "  " } else { "" };
    for (i, l) in lines.iter().enumerate() {
        if i == 0 {
            out.push(format!("{}+ {}", prefix, l));
        } else {
            out.push(format!("{}| {}", prefix, l));
        }
    }
    let excs = crate::ops::attr::getattr(e, "exceptions")
        .ok()
        .and_then(|v| crate::ops::iterate(&v).ok())
        .unwrap_or_default();
    let n = excs.len();
    for (i, sub) in excs.iter().enumerate() {
        let head = if i == 0 {
            format!("{}+-+", prefix)
        } else {
            format!("{}  +", prefix)
        };
        out.push(format!(
            "{}---------------- {} ----------------\n",
            head,
            i + 1
        ));
        let mut sub_out = Vec::new();
        let mut seen = Vec::new();
        if crate::types::typeobj::isinstance(sub, &exc().base_exception_group) {
            format_group(sub, &mut sub_out, level + 1);
        } else {
            format_one(sub, &mut sub_out, &mut seen, 0);
        }
        for l in sub_out.concat().lines() {
            out.push(format!("{}    | {}\n", prefix, l));
        }
        if i == n - 1 {
            out.push(format!(
                "{}    +------------------------------------\n",
                prefix
            ));
        }
    }
}

/// The full text CPython prints for an uncaught exception.
pub fn format_exception(e: &Value) -> String {
    let mut out = Vec::new();
    let mut seen = Vec::new();
    if as_exc(e).is_none() {
        return format!("{}\n", crate::ops::repr(e).unwrap_or_default());
    }
    format_one(e, &mut out, &mut seen, 0);
    out.concat()
}

/// Top-level tokens of an expression segment: (char index, text) for operators,
/// skipping brackets and string literals.
fn top_level_ops(seg: &str) -> Vec<(usize, usize, String)> {
    let chars: Vec<char> = seg.chars().collect();
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut i = 0;
    let mut prev_operand = false;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '(' | '[' | '{' => {
                depth += 1;
                prev_operand = false;
                i += 1;
            }
            ')' | ']' | '}' => {
                depth -= 1;
                prev_operand = true;
                i += 1;
            }
            '\'' | '"' => {
                let q = c;
                i += 1;
                while i < chars.len() && chars[i] != q {
                    if chars[i] == '\\' {
                        i += 1;
                    }
                    i += 1;
                }
                i += 1;
                prev_operand = true;
            }
            ' ' | '\t' => i += 1,
            _ if c.is_alphanumeric() || c == '_' || c == '.' => {
                let st = i;
                while i < chars.len()
                    && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '.')
                {
                    i += 1;
                }
                let word: String = chars[st..i].iter().collect();
                if depth == 0
                    && prev_operand
                    && matches!(
                        word.as_str(),
                        "and" | "or" | "not" | "in" | "is" | "if" | "else"
                    )
                {
                    out.push((st, i, word));
                    prev_operand = false;
                } else {
                    prev_operand = true;
                }
            }
            _ => {
                let st = i;
                let three: String = chars[i..(i + 3).min(chars.len())].iter().collect();
                let two: String = chars[i..(i + 2).min(chars.len())].iter().collect();
                let op = if ["**=", "//=", ">>=", "<<="].contains(&three.as_str()) {
                    three
                } else if [
                    "**", "//", "<<", ">>", "<=", ">=", "==", "!=", "->", "+=", "-=", "*=", "/=",
                    "%=", "&=", "|=", "^=", "@=",
                ]
                .contains(&two.as_str())
                {
                    two
                } else {
                    c.to_string()
                };
                i += op.chars().count();
                if depth == 0 && prev_operand {
                    out.push((st, i, op));
                    prev_operand = false;
                } else {
                    prev_operand = false;
                }
            }
        }
    }
    out
}

fn binop_prec(op: &str) -> Option<u8> {
    Some(match op {
        "|" => 1,
        "^" => 2,
        "&" => 3,
        "<<" | ">>" => 4,
        "+" | "-" => 5,
        "*" | "/" | "//" | "%" | "@" => 6,
        "**" => 8,
        "+=" | "-=" | "*=" | "/=" | "//=" | "%=" | "@=" | "&=" | "|=" | "^=" | ">>=" | "<<="
        | "**=" => 0,
        _ => return None,
    })
}

/// The operator of the binary operation spanning `seg` (char range), CPython-style.
fn binop_anchor(seg: &str) -> Option<(usize, usize)> {
    let ops: Vec<(usize, usize, String)> = top_level_ops(seg)
        .into_iter()
        .filter(|(_, _, o)| binop_prec(o).is_some())
        .collect();
    let min = ops.iter().filter_map(|(_, _, o)| binop_prec(o)).min()?;
    let cand: Vec<&(usize, usize, String)> = ops
        .iter()
        .filter(|(_, _, o)| binop_prec(o) == Some(min))
        .collect();
    let pick = if min == 8 {
        cand.first()?
    } else {
        cand.last()?
    };
    Some((pick.0, pick.1))
}

/// The `[...]` part of a subscript spanning `seg`.
fn subscript_anchor(seg: &str) -> Option<(usize, usize)> {
    let chars: Vec<char> = seg.chars().collect();
    if chars.last() != Some(&']') {
        return None;
    }
    // find the matching '[' of the final ']'
    let mut depth = 0i32;
    for i in (0..chars.len()).rev() {
        match chars[i] {
            ']' | ')' | '}' => depth += 1,
            '[' | '(' | '{' => {
                depth -= 1;
                if depth == 0 {
                    return if i == 0 { None } else { Some((i, chars.len())) };
                }
            }
            _ => {}
        }
    }
    None
}
