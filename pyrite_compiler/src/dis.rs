//! Human-readable disassembly (for debugging and tests).

use crate::bytecode::Instr;
use crate::code::{CodeObject, Constant};
use std::fmt::Write;

/// Disassemble a code object and, recursively, the code objects among its constants.
pub fn disassemble(code: &CodeObject) -> String {
    let mut out = String::new();
    dis_one(code, &mut out);
    for c in &code.consts {
        if let Constant::Code(inner) = c {
            out.push('\n');
            out.push_str(&disassemble(inner));
        }
    }
    out
}

fn dis_one(code: &CodeObject, out: &mut String) {
    let _ = writeln!(
        out,
        "Disassembly of <code object {} ({}) at {}:{}> argcount={} posonly={} kwonly={} flags=0x{:x} stack={}",
        code.name,
        code.qualname,
        code.filename,
        code.firstlineno,
        code.argcount,
        code.posonlyargcount,
        code.kwonlyargcount,
        code.flags,
        code.max_stackdepth
    );
    if !code.varnames.is_empty() {
        let _ = writeln!(out, "  varnames: {}", join(&code.varnames));
    }
    if !code.cellvars.is_empty() {
        let _ = writeln!(out, "  cellvars: {}", join(&code.cellvars));
    }
    if !code.freevars.is_empty() {
        let _ = writeln!(out, "  freevars: {}", join(&code.freevars));
    }
    if let Some(d) = &code.docstring {
        let _ = writeln!(out, "  docstring: {}", str_repr(d));
    }
    let targets: std::collections::HashSet<u32> = code
        .instructions
        .iter()
        .filter_map(crate::flow::jump_target)
        .collect();
    let mut last_line = 0;
    for (i, ins) in code.instructions.iter().enumerate() {
        let line = code.line_of(i);
        let line_s = if line != last_line {
            last_line = line;
            format!("{line:>5}")
        } else {
            "     ".to_string()
        };
        let mark = if targets.contains(&(i as u32)) {
            ">>"
        } else {
            "  "
        };
        let _ = writeln!(out, "{line_s} {mark} {i:>5} {}", describe(code, ins));
    }
}

fn join(v: &[std::sync::Arc<str>]) -> String {
    v.iter()
        .map(|s| s.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

fn cell_name(code: &CodeObject, i: u32) -> String {
    let i = i as usize;
    if i < code.cellvars.len() {
        code.cellvars[i].to_string()
    } else {
        code.freevars
            .get(i - code.cellvars.len())
            .map(|s| s.to_string())
            .unwrap_or_else(|| "?".into())
    }
}

/// One instruction with its argument resolved.
pub fn describe(code: &CodeObject, ins: &Instr) -> String {
    use Instr::*;
    let name = |i: u32| {
        code.names
            .get(i as usize)
            .map(|s| s.to_string())
            .unwrap_or_else(|| "?".into())
    };
    let var = |i: u32| {
        code.varnames
            .get(i as usize)
            .map(|s| s.to_string())
            .unwrap_or_else(|| "?".into())
    };
    let dbg = format!("{ins:?}");
    let arg = match *ins {
        LoadConst(i) => code
            .consts
            .get(i as usize)
            .map(const_repr)
            .unwrap_or_default(),
        LoadFast(i) | StoreFast(i) | DeleteFast(i) => var(i),
        LoadDeref(i) | StoreDeref(i) | DeleteDeref(i) | LoadClosure(i) | LoadClassDeref(i) => {
            cell_name(code, i)
        }
        LoadName(i) | StoreName(i) | DeleteName(i) | LoadGlobal(i) | StoreGlobal(i)
        | DeleteGlobal(i) | LoadAttr(i) | StoreAttr(i) | DeleteAttr(i) | LoadMethod(i)
        | ImportName(i) | ImportFrom(i) => name(i),
        _ => String::new(),
    };
    if arg.is_empty() {
        dbg
    } else {
        format!("{dbg:<24} ({arg})")
    }
}

pub fn const_repr(c: &Constant) -> String {
    match c {
        Constant::None => "None".into(),
        Constant::Ellipsis => "Ellipsis".into(),
        Constant::Bool(true) => "True".into(),
        Constant::Bool(false) => "False".into(),
        Constant::Int(i) => i.to_string(),
        Constant::BigInt(b) => b.to_string(),
        Constant::Float(f) => float_repr(*f),
        Constant::Complex { re, im } => {
            if *re == 0.0 && re.is_sign_positive() {
                format!("{}j", float_repr(*im))
            } else {
                format!(
                    "({}{}{}j)",
                    float_repr(*re),
                    if *im >= 0.0 || im.is_nan() { "+" } else { "" },
                    float_repr(*im)
                )
            }
        }
        Constant::Str(s) => str_repr(s),
        Constant::Bytes(b) => bytes_repr(b),
        Constant::Tuple(t) => {
            let parts: Vec<String> = t.iter().map(const_repr).collect();
            if parts.len() == 1 {
                format!("({},)", parts[0])
            } else {
                format!("({})", parts.join(", "))
            }
        }
        Constant::FrozenSet(t) => {
            let parts: Vec<String> = t.iter().map(const_repr).collect();
            format!("frozenset({{{}}})", parts.join(", "))
        }
        Constant::Code(c) => format!("<code object {} at line {}>", c.name, c.firstlineno),
    }
}

/// Python's `repr(float)` (shortest round-trip form).
pub fn float_repr(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf".into() } else { "-inf".into() };
    }
    if f == 0.0 {
        return if f.is_sign_negative() {
            "-0.0".into()
        } else {
            "0.0".into()
        };
    }
    let exp = f.abs().log10().floor() as i32;
    if (-5..16).contains(&exp) {
        let s = format!("{f}");
        if s.contains('.') || s.contains('e') {
            s
        } else {
            format!("{s}.0")
        }
    } else {
        let s = format!("{f:e}");
        // Rust: 1e20 / 1.5e-7 ; Python: 1e+20 / 1.5e-07
        match s.split_once('e') {
            Some((m, e)) => {
                let (sign, digits) = match e.strip_prefix('-') {
                    Some(d) => ('-', d),
                    None => ('+', e),
                };
                let digits = if digits.len() < 2 {
                    format!("0{digits}")
                } else {
                    digits.to_string()
                };
                format!("{m}e{sign}{digits}")
            }
            None => s,
        }
    }
}

/// Python's `repr(str)`.
pub fn str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// Python's `repr(bytes)`.
pub fn bytes_repr(b: &[u8]) -> String {
    let quote = if b.contains(&b'\'') && !b.contains(&b'"') {
        b'"'
    } else {
        b'\''
    };
    let mut out = String::from("b");
    out.push(quote as char);
    for &c in b {
        match c {
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c as char);
            }
            0x20..=0x7e => out.push(c as char),
            c => {
                let _ = write!(out, "\\x{c:02x}");
            }
        }
    }
    out.push(quote as char);
    out
}
