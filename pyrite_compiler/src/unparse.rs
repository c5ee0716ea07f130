//! Expression unparsing, as CPython does for `from __future__ import annotations`
//! (annotations become strings of the normalized source).

use crate::dis::{bytes_repr, float_repr, str_repr};
use ruff_python_ast as ast;
use ruff_python_ast::Expr;

const PR_TUPLE: u8 = 0;
const PR_TEST: u8 = 1;
const PR_OR: u8 = 2;
const PR_AND: u8 = 3;
const PR_NOT: u8 = 4;
const PR_CMP: u8 = 5;
const PR_EXPR: u8 = 6;
const PR_BOR: u8 = 6;
const PR_BXOR: u8 = 7;
const PR_BAND: u8 = 8;
const PR_SHIFT: u8 = 9;
const PR_ARITH: u8 = 10;
const PR_TERM: u8 = 11;
const PR_FACTOR: u8 = 12;
const PR_POWER: u8 = 13;
const PR_AWAIT: u8 = 14;
const PR_ATOM: u8 = 15;

pub fn unparse_annotation(e: &Expr, _source: &str) -> String {
    let mut out = String::new();
    unparse(e, PR_TEST, &mut out);
    out
}

fn num_repr(n: &ast::Number) -> String {
    match n {
        ast::Number::Int(i) => match i.as_i64() {
            Some(v) => v.to_string(),
            None => crate::codegen::number_constant(n).to_int_string(),
        },
        ast::Number::Float(f) => inf_safe(*f),
        ast::Number::Complex { real, imag } => {
            if *real == 0.0 {
                format!("{}j", inf_safe(*imag))
            } else {
                format!("({}+{}j)", inf_safe(*real), inf_safe(*imag))
            }
        }
    }
}

fn inf_safe(f: f64) -> String {
    if f.is_infinite() {
        if f > 0.0 {
            "1e309".into()
        } else {
            "-1e309".into()
        }
    } else {
        float_repr(f)
    }
}

impl crate::code::Constant {
    fn to_int_string(&self) -> String {
        match self {
            crate::code::Constant::Int(i) => i.to_string(),
            crate::code::Constant::BigInt(b) => b.to_string(),
            _ => String::new(),
        }
    }
}

fn unparse(e: &Expr, level: u8, out: &mut String) {
    stacker::maybe_grow(64 * 1024, 1024 * 1024, || unparse_inner(e, level, out))
}

fn paren_if(cond: bool, out: &mut String, f: impl FnOnce(&mut String)) {
    if cond {
        out.push('(');
    }
    f(out);
    if cond {
        out.push(')');
    }
}

fn unparse_inner(e: &Expr, level: u8, out: &mut String) {
    match e {
        Expr::BoolOp(b) => {
            let (pr, op) = match b.op {
                ast::BoolOp::And => (PR_AND, " and "),
                ast::BoolOp::Or => (PR_OR, " or "),
            };
            paren_if(level > pr, out, |out| {
                for (i, v) in b.values.iter().enumerate() {
                    if i > 0 {
                        out.push_str(op);
                    }
                    unparse(v, pr + 1, out);
                }
            });
        }
        Expr::Named(n) => paren_if(level > PR_TUPLE, out, |out| {
            unparse(&n.target, PR_ATOM, out);
            out.push_str(" := ");
            unparse(&n.value, PR_ATOM, out);
        }),
        Expr::BinOp(b) => {
            use ast::Operator::*;
            let (pr, op) = match b.op {
                Add => (PR_ARITH, " + "),
                Sub => (PR_ARITH, " - "),
                Mult => (PR_TERM, " * "),
                MatMult => (PR_TERM, " @ "),
                Div => (PR_TERM, " / "),
                Mod => (PR_TERM, " % "),
                FloorDiv => (PR_TERM, " // "),
                LShift => (PR_SHIFT, " << "),
                RShift => (PR_SHIFT, " >> "),
                BitOr => (PR_BOR, " | "),
                BitXor => (PR_BXOR, " ^ "),
                BitAnd => (PR_BAND, " & "),
                Pow => (PR_POWER, " ** "),
            };
            let rassoc = matches!(b.op, Pow) as u8;
            paren_if(level > pr, out, |out| {
                unparse(&b.left, pr + rassoc, out);
                out.push_str(op);
                unparse(&b.right, pr + 1 - rassoc, out);
            });
        }
        Expr::UnaryOp(u) => {
            let (pr, op) = match u.op {
                ast::UnaryOp::Invert => (PR_FACTOR, "~"),
                ast::UnaryOp::Not => (PR_NOT, "not "),
                ast::UnaryOp::UAdd => (PR_FACTOR, "+"),
                ast::UnaryOp::USub => (PR_FACTOR, "-"),
            };
            paren_if(level > pr, out, |out| {
                out.push_str(op);
                unparse(&u.operand, pr, out);
            });
        }
        Expr::Lambda(l) => paren_if(level > PR_TEST, out, |out| {
            out.push_str("lambda");
            if let Some(p) = &l.parameters {
                let mut s = String::new();
                unparse_params(p, &mut s);
                if !s.is_empty() {
                    out.push(' ');
                    out.push_str(&s);
                }
            }
            out.push_str(": ");
            unparse(&l.body, PR_TEST, out);
        }),
        Expr::If(i) => paren_if(level > PR_TEST, out, |out| {
            unparse(&i.body, PR_TEST + 1, out);
            out.push_str(" if ");
            unparse(&i.test, PR_TEST + 1, out);
            out.push_str(" else ");
            unparse(&i.orelse, PR_TEST, out);
        }),
        Expr::Dict(d) => {
            out.push('{');
            for (i, it) in d.items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                match &it.key {
                    Some(k) => {
                        unparse(k, PR_TEST, out);
                        out.push_str(": ");
                        unparse(&it.value, PR_TEST, out);
                    }
                    None => {
                        out.push_str("**");
                        unparse(&it.value, PR_EXPR, out);
                    }
                }
            }
            out.push('}');
        }
        Expr::Set(s) => {
            if s.elts.is_empty() {
                out.push_str("{*()}");
            } else {
                out.push('{');
                seq(&s.elts, out);
                out.push('}');
            }
        }
        Expr::ListComp(c) => {
            out.push('[');
            unparse(&c.elt, PR_TEST, out);
            comprehensions(&c.generators, out);
            out.push(']');
        }
        Expr::SetComp(c) => {
            out.push('{');
            unparse(&c.elt, PR_TEST, out);
            comprehensions(&c.generators, out);
            out.push('}');
        }
        Expr::DictComp(c) => {
            out.push('{');
            if let Some(k) = &c.key {
                unparse(k, PR_TEST, out);
                out.push_str(": ");
            } else {
                out.push_str("**");
            }
            unparse(&c.value, PR_TEST, out);
            comprehensions(&c.generators, out);
            out.push('}');
        }
        Expr::Generator(c) => {
            out.push('(');
            unparse(&c.elt, PR_TEST, out);
            comprehensions(&c.generators, out);
            out.push(')');
        }
        Expr::Await(a) => paren_if(level > PR_AWAIT, out, |out| {
            out.push_str("await ");
            unparse(&a.value, PR_ATOM, out);
        }),
        Expr::Yield(y) => match &y.value {
            None => out.push_str("(yield)"),
            Some(v) => {
                out.push_str("(yield ");
                unparse(v, PR_TEST, out);
                out.push(')');
            }
        },
        Expr::YieldFrom(y) => {
            out.push_str("(yield from ");
            unparse(&y.value, PR_TEST, out);
            out.push(')');
        }
        Expr::Compare(c) => paren_if(level > PR_CMP, out, |out| {
            unparse(&c.left, PR_CMP + 1, out);
            for (op, x) in c.ops.iter().zip(c.comparators.iter()) {
                out.push(' ');
                out.push_str(op.as_str());
                out.push(' ');
                unparse(x, PR_CMP + 1, out);
            }
        }),
        Expr::Call(c) => {
            unparse(&c.func, PR_ATOM, out);
            let args = &c.arguments.args;
            let kws = &c.arguments.keywords;
            if args.len() == 1 && kws.is_empty() {
                if let Expr::Generator(_) = &args[0] {
                    unparse(&args[0], PR_TEST, out);
                    return;
                }
            }
            out.push('(');
            let mut first = true;
            for a in args.iter() {
                if !first {
                    out.push_str(", ");
                }
                first = false;
                unparse(a, PR_TEST, out);
            }
            for k in kws.iter() {
                if !first {
                    out.push_str(", ");
                }
                first = false;
                match &k.arg {
                    Some(n) => {
                        out.push_str(n.as_str());
                        out.push('=');
                        unparse(&k.value, PR_TEST, out);
                    }
                    None => {
                        out.push_str("**");
                        unparse(&k.value, PR_EXPR, out);
                    }
                }
            }
            out.push(')');
        }
        Expr::FString(f) => {
            let mut body = String::new();
            for part in f.value.iter() {
                match part {
                    ast::FStringPart::Literal(l) => escape_braces(&l.value, &mut body),
                    ast::FStringPart::FString(fs) => fstring_elements(&fs.elements, &mut body),
                }
            }
            out.push('f');
            out.push_str(&str_repr(&body));
        }
        Expr::TString(_) => out.push_str("t''"),
        Expr::StringLiteral(s) => {
            let v = s.value.to_str();
            if s.value.is_unicode() {
                out.push('u');
            }
            out.push_str(&str_repr(v));
        }
        Expr::BytesLiteral(b) => {
            let v: Vec<u8> = b.value.bytes().collect();
            out.push_str(&bytes_repr(&v));
        }
        Expr::NumberLiteral(n) => out.push_str(&num_repr(&n.value)),
        Expr::BooleanLiteral(b) => out.push_str(if b.value { "True" } else { "False" }),
        Expr::NoneLiteral(_) => out.push_str("None"),
        Expr::EllipsisLiteral(_) => out.push_str("..."),
        Expr::Attribute(a) => {
            unparse(&a.value, PR_ATOM, out);
            if let Expr::NumberLiteral(n) = &*a.value {
                if matches!(n.value, ast::Number::Int(_)) {
                    out.push(' ');
                }
            }
            out.push('.');
            out.push_str(a.attr.as_str());
        }
        Expr::Subscript(s) => {
            unparse(&s.value, PR_ATOM, out);
            out.push('[');
            match &*s.slice {
                Expr::Tuple(t) if !t.elts.is_empty() => {
                    for (i, x) in t.elts.iter().enumerate() {
                        if i > 0 {
                            out.push_str(", ");
                        }
                        unparse(x, PR_TEST, out);
                    }
                    if t.elts.len() == 1 {
                        out.push(',');
                    }
                }
                other => unparse(other, PR_TUPLE, out),
            }
            out.push(']');
        }
        Expr::Starred(s) => {
            out.push('*');
            unparse(&s.value, PR_EXPR, out);
        }
        Expr::Name(n) => out.push_str(n.id.as_str()),
        Expr::List(l) => {
            out.push('[');
            seq(&l.elts, out);
            out.push(']');
        }
        Expr::Tuple(t) => {
            if t.elts.is_empty() {
                out.push_str("()");
            } else {
                paren_if(level > PR_TUPLE, out, |out| {
                    seq(&t.elts, out);
                    if t.elts.len() == 1 {
                        out.push(',');
                    }
                });
            }
        }
        Expr::Slice(s) => {
            if let Some(x) = &s.lower {
                unparse(x, PR_TEST, out);
            }
            out.push(':');
            if let Some(x) = &s.upper {
                unparse(x, PR_TEST, out);
            }
            if let Some(x) = &s.step {
                out.push(':');
                unparse(x, PR_TEST, out);
            }
        }
        Expr::IpyEscapeCommand(_) => {}
    }
}

fn seq(elts: &[Expr], out: &mut String) {
    for (i, x) in elts.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        unparse(x, PR_TEST, out);
    }
}

fn comprehensions(gens: &[ast::Comprehension], out: &mut String) {
    for g in gens {
        out.push_str(if g.is_async { " async for " } else { " for " });
        unparse(&g.target, PR_TUPLE, out);
        out.push_str(" in ");
        unparse(&g.iter, PR_TEST + 1, out);
        for c in &g.ifs {
            out.push_str(" if ");
            unparse(c, PR_TEST + 1, out);
        }
    }
}

fn escape_braces(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '{' => out.push_str("{{"),
            '}' => out.push_str("}}"),
            c => out.push(c),
        }
    }
}

fn fstring_elements(els: &ast::InterpolatedStringElements, out: &mut String) {
    for el in els.iter() {
        match el {
            ast::InterpolatedStringElement::Literal(l) => escape_braces(&l.value, out),
            ast::InterpolatedStringElement::Interpolation(i) => {
                let mut inner = String::new();
                unparse(&i.expression, PR_TEST + 1, &mut inner);
                out.push('{');
                if inner.starts_with('{') {
                    out.push(' ');
                }
                out.push_str(&inner);
                if let Some(c) = i.conversion.to_char() {
                    out.push('!');
                    out.push(c);
                }
                if let Some(spec) = &i.format_spec {
                    out.push(':');
                    fstring_elements(&spec.elements, out);
                }
                out.push('}');
            }
        }
    }
}

fn unparse_params(p: &ast::Parameters, out: &mut String) {
    let mut first = true;
    let mut sep = |out: &mut String| {
        if !first {
            out.push_str(", ");
        }
        first = false;
    };
    let one = |a: &ast::ParameterWithDefault, out: &mut String| {
        out.push_str(a.parameter.name.as_str());
        if let Some(d) = &a.default {
            out.push('=');
            unparse(d, PR_TEST, out);
        }
    };
    for a in p.posonlyargs.iter() {
        sep(out);
        one(a, out);
    }
    if !p.posonlyargs.is_empty() {
        sep(out);
        out.push('/');
    }
    for a in p.args.iter() {
        sep(out);
        one(a, out);
    }
    if let Some(v) = &p.vararg {
        sep(out);
        out.push('*');
        out.push_str(v.name.as_str());
    } else if !p.kwonlyargs.is_empty() {
        sep(out);
        out.push('*');
    }
    for a in p.kwonlyargs.iter() {
        sep(out);
        one(a, out);
    }
    if let Some(v) = &p.kwarg {
        sep(out);
        out.push_str("**");
        out.push_str(v.name.as_str());
    }
}
