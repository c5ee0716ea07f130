//! `_sre`: the glue between CPython's pure-Python `re` package and the `pyrite_sre`
//! matching engine: `Pattern`, `Match` and `SRE_Scanner` objects.

use crate::errors::*;
use crate::modules::ndata::{self, NativeData};
use crate::object::ObjRef;
use crate::types::function::Kw;
use crate::types::module::{add_function, set_attr};
use crate::types::typeobj::{add_classmethod, add_getset, add_method};
use crate::value::Value;
use pyrite_sre::{Hooks, MatchError, Mode, Scratch};
use std::cell::Cell;
use std::rc::Rc;

const FLAG_TEMPLATE: u32 = 1;
const FLAG_IGNORECASE: u32 = 2;
const FLAG_LOCALE: u32 = 4;
const FLAG_MULTILINE: u32 = 8;
const FLAG_DOTALL: u32 = 16;
const FLAG_UNICODE: u32 = 32;
const FLAG_VERBOSE: u32 = 64;
const FLAG_DEBUG: u32 = 128;
const FLAG_ASCII: u32 = 256;

/// A subject string as code points (or bytes).
enum Subject {
    /// bytes-like subject, or an ASCII str (the flag)
    Narrow(Vec<u8>, bool),
    /// a non-ASCII str
    Wide(Vec<u32>),
}

impl Subject {
    fn len(&self) -> usize {
        match self {
            Subject::Narrow(b, _) => b.len(),
            Subject::Wide(w) => w.len(),
        }
    }
    fn is_str(&self) -> bool {
        match self {
            Subject::Narrow(_, s) => *s,
            Subject::Wide(_) => true,
        }
    }
    /// `string[a:b]` as a new str/bytes value.
    fn slice(&self, a: usize, b: usize) -> Value {
        let b = b.min(self.len());
        let a = a.min(b);
        match self {
            Subject::Narrow(bytes, true) => {
                crate::types::str::new_str(std::str::from_utf8(&bytes[a..b]).unwrap_or(""))
            }
            Subject::Narrow(bytes, false) => crate::types::bytes::new_bytes(bytes[a..b].to_vec()),
            Subject::Wide(w) => {
                let s: String = w[a..b]
                    .iter()
                    .map(|&c| char::from_u32(c).unwrap_or('\u{fffd}'))
                    .collect();
                crate::types::str::new_string(s)
            }
        }
    }
    fn empty(&self) -> Value {
        if self.is_str() {
            Value::from("")
        } else {
            crate::types::bytes::new_bytes(vec![])
        }
    }
}

fn match_err(e: MatchError) -> PyErr {
    match e {
        MatchError::Interrupted => {
            PyErr::with_args(&crate::types::exceptions::exc().keyboard_interrupt, vec![])
        }
        MatchError::StackLimit => recursion_error(),
        MatchError::NoMemory => memory_error(),
        MatchError::Internal(_) => runtime_error("internal error in regular expression engine"),
        MatchError::WrongSpan => PyErr::new(
            &crate::types::exceptions::exc().system_error,
            "The span of capturing group is wrong, please report a bug for the re module.",
        ),
    }
}

// ---------------------------------------------------------------------------
// Pattern

pub struct PatternObj {
    prog: pyrite_sre::Pattern,
    pattern: Value,
    flags: u32,
    groups: usize,
    groupindex: Value, // dict or None
    indexgroup: Value, // tuple
    /// None: the pattern object is None (accepts both kinds)
    isbytes: Option<bool>,
}

impl NativeData for PatternObj {
    fn traverse(&self, f: &mut dyn FnMut(&Value)) {
        f(&self.pattern);
        f(&self.groupindex);
        f(&self.indexgroup);
    }
}

fn pat(v: &Value) -> PyResult<&PatternObj> {
    ndata::this::<PatternObj>(v, "re.Pattern")
}

fn get_subject(p: &PatternObj, s: &Value) -> PyResult<Rc<Subject>> {
    let sub = if let Some(ps) = crate::types::str::as_pystr(s) {
        if ps.is_ascii() {
            Subject::Narrow(ps.as_str().as_bytes().to_vec(), true)
        } else {
            Subject::Wide(ps.as_str().chars().map(|c| c as u32).collect())
        }
    } else if let Some(b) = ndata::buffer_bytes(s) {
        Subject::Narrow(b, false)
    } else {
        return Err(type_error(format!(
            "expected string or bytes-like object, got '{}'",
            s.type_name()
        )));
    };
    match p.isbytes {
        Some(true) if sub.is_str() => {
            return Err(type_error(
                "cannot use a bytes pattern on a string-like object",
            ))
        }
        Some(false) if !sub.is_str() => {
            return Err(type_error(
                "cannot use a string pattern on a bytes-like object",
            ))
        }
        _ => {}
    }
    Ok(Rc::new(sub))
}

fn run(
    p: &PatternObj,
    s: &Subject,
    pos: usize,
    endpos: usize,
    mode: Mode,
    must_advance: bool,
) -> PyResult<Option<pyrite_sre::Match>> {
    let mut hooks = Hooks::default();
    let mut scratch = Scratch::new();
    let r = match s {
        Subject::Narrow(b, _) => p.prog.run(
            &b[..],
            pos,
            endpos,
            mode,
            must_advance,
            &mut hooks,
            &mut scratch,
        ),
        Subject::Wide(w) => p.prog.run(
            &w[..],
            pos,
            endpos,
            mode,
            must_advance,
            &mut hooks,
            &mut scratch,
        ),
    };
    r.map_err(match_err)
}

fn clamp(v: Option<&Value>, dflt: usize, len: usize) -> PyResult<usize> {
    match v {
        None => Ok(dflt.min(len)),
        Some(v) => {
            let i = crate::types::int::index_clamped(v)?;
            Ok(if i < 0 {
                0
            } else {
                (i as u64).min(len as u64) as usize
            })
        }
    }
}

struct MatchObj {
    pattern: Value,
    string: Value,
    subject: Rc<Subject>,
    m: pyrite_sre::Match,
}

impl NativeData for MatchObj {
    fn traverse(&self, f: &mut dyn FnMut(&Value)) {
        f(&self.pattern);
        f(&self.string);
    }
}

fn new_match(
    pattern: &Value,
    string: &Value,
    subject: &Rc<Subject>,
    m: pyrite_sre::Match,
) -> Value {
    ndata::new_native(
        &match_type(),
        MatchObj {
            pattern: pattern.clone(),
            string: string.clone(),
            subject: subject.clone(),
            m,
        },
    )
}

fn pattern_method(a: &[Value], kw: Kw, name: &str, mode: Mode) -> PyResult<Value> {
    let args = crate::args::parse(name, &a[1..], kw, &["string", "pos", "endpos"], 1)?;
    let p = pat(ndata::arg(a, 0)?)?;
    let string = args[0].clone().unwrap();
    let subject = get_subject(p, &string)?;
    let len = subject.len();
    let pos = clamp(args[1].as_ref(), 0, len)?;
    let endpos = clamp(args[2].as_ref(), usize::MAX, len)?;
    match run(p, &subject, pos, endpos, mode, false)? {
        Some(m) => Ok(new_match(ndata::arg(a, 0)?, &string, &subject, m)),
        None => Ok(Value::None),
    }
}

/// All successive matches (findall/finditer/sub/split semantics).
fn all_matches(
    p: &PatternObj,
    s: &Subject,
    pos: usize,
    endpos: usize,
    limit: usize,
) -> PyResult<Vec<pyrite_sre::Match>> {
    let mut out = Vec::new();
    let mut start = pos;
    let mut must_advance = false;
    while limit == 0 || out.len() < limit {
        if start > endpos {
            break;
        }
        let Some(mut m) = run(p, s, start, endpos, Mode::Search, must_advance)? else {
            break;
        };
        must_advance = m.end() == m.start();
        start = m.end();
        m.pos = pos;
        out.push(m);
    }
    Ok(out)
}

fn group_value(subject: &Subject, m: &pyrite_sre::Match, g: usize, default: &Value) -> Value {
    match m.span(g) {
        Some((a, b)) => subject.slice(a, b),
        None => default.clone(),
    }
}

fn pattern_findall(a: &[Value], kw: Kw) -> PyResult<Value> {
    let args = crate::args::parse("findall", &a[1..], kw, &["string", "pos", "endpos"], 1)?;
    let p = pat(ndata::arg(a, 0)?)?;
    let string = args[0].clone().unwrap();
    let subject = get_subject(p, &string)?;
    let len = subject.len();
    let pos = clamp(args[1].as_ref(), 0, len)?;
    let endpos = clamp(args[2].as_ref(), usize::MAX, len)?;
    let ms = all_matches(p, &subject, pos, endpos, 0)?;
    let empty = subject.empty();
    let mut out = Vec::with_capacity(ms.len());
    for m in &ms {
        let item = match p.groups {
            0 => group_value(&subject, m, 0, &empty),
            1 => group_value(&subject, m, 1, &empty),
            n => crate::types::tuple::new_tuple(
                (1..=n)
                    .map(|g| group_value(&subject, m, g, &empty))
                    .collect(),
            ),
        };
        out.push(item);
    }
    Ok(crate::types::list::new_list(out))
}

fn pattern_split(a: &[Value], kw: Kw) -> PyResult<Value> {
    let args = crate::args::parse("split", &a[1..], kw, &["string", "maxsplit"], 1)?;
    let p = pat(ndata::arg(a, 0)?)?;
    let string = args[0].clone().unwrap();
    let subject = get_subject(p, &string)?;
    let maxsplit = match &args[1] {
        Some(v) => crate::types::int::index_clamped(v)?,
        None => 0,
    };
    if maxsplit < 0 {
        return Ok(crate::types::list::new_list(vec![string]));
    }
    let len = subject.len();
    let ms = all_matches(p, &subject, 0, len, maxsplit as usize)?;
    let mut out = Vec::new();
    let mut last = 0;
    for m in &ms {
        out.push(subject.slice(last, m.start()));
        for g in 1..=p.groups {
            out.push(group_value(&subject, m, g, &Value::None));
        }
        last = m.end();
    }
    out.push(subject.slice(last, len));
    Ok(crate::types::list::new_list(out))
}

fn call_re(func: &str, args: &[Value]) -> PyResult<Value> {
    let re = crate::import::import_full("re")?;
    let f = crate::ops::attr::getattr(&re, func)?;
    crate::ops::call::call(&f, args, None)
}

fn pattern_subx(a: &[Value], kw: Kw, name: &str, subn: bool) -> PyResult<Value> {
    let args = crate::args::parse(name, &a[1..], kw, &["repl", "string", "count"], 2)?;
    let p = pat(ndata::arg(a, 0)?)?;
    let repl = args[0].clone().unwrap();
    let string = args[1].clone().unwrap();
    let count = match &args[2] {
        Some(v) => crate::types::int::index_clamped(v)?.max(0) as usize,
        None => 0,
    };
    let subject = get_subject(p, &string)?;
    // the replacement: a callable, a literal, or a template compiled by re._subx
    let mut filter = repl.clone();
    let mut callable = crate::builtins::is_callable(&repl);
    if !callable {
        let literal = if let Some(s) = crate::types::str::as_str(&repl) {
            !s.contains('\\')
        } else if let Some(b) = ndata::buffer_bytes(&repl) {
            !b.contains(&b'\\')
        } else {
            false
        };
        if !literal {
            filter = call_re("_subx", &[ndata::arg(a, 0)?.clone(), repl.clone()])?;
            callable = crate::builtins::is_callable(&filter);
        }
    }
    let len = subject.len();
    let ms = all_matches(p, &subject, 0, len, count)?;
    let n = ms.len();
    let is_str = subject.is_str();
    let mut text = String::new();
    let mut bytes: Vec<u8> = Vec::new();
    let mut push = |v: &Value, idx: usize| -> PyResult<()> {
        if is_str {
            match crate::types::str::as_str(v) {
                Some(s) => text.push_str(s),
                None => {
                    return Err(type_error(format!(
                        "sequence item {}: expected str instance, {} found",
                        idx,
                        v.type_name()
                    )))
                }
            }
        } else {
            match ndata::buffer_bytes(v) {
                Some(b) => bytes.extend_from_slice(&b),
                None => {
                    return Err(type_error(format!(
                        "sequence item {}: expected a bytes-like object, {} found",
                        idx,
                        v.type_name()
                    )))
                }
            }
        }
        Ok(())
    };
    let mut last = 0;
    let mut idx = 0;
    for m in ms {
        let (b, e) = (m.start(), m.end());
        if last < b {
            push(&subject.slice(last, b), idx)?;
            idx += 1;
        }
        if callable {
            let mobj = new_match(ndata::arg(a, 0)?, &string, &subject, m);
            let item = crate::ops::call::call(&filter, &[mobj], None)?;
            if !item.is_none() {
                push(&item, idx)?;
                idx += 1;
            }
        } else {
            push(&filter, idx)?;
            idx += 1;
        }
        last = e;
    }
    if last < len {
        push(&subject.slice(last, len), idx)?;
    }
    let result = if is_str {
        crate::types::str::new_string(text)
    } else {
        crate::types::bytes::new_bytes(bytes)
    };
    if subn {
        return Ok(crate::types::tuple::new_tuple(vec![
            result,
            Value::Int(n as i64),
        ]));
    }
    Ok(result)
}

fn pattern_repr(a: &[Value], _kw: Kw) -> PyResult<Value> {
    let p = pat(ndata::arg(a, 0)?)?;
    let mut r = crate::ops::repr(&p.pattern)?;
    if r.chars().count() > 200 {
        r = r.chars().take(200).collect();
    }
    let mut flags = p.flags;
    if p.isbytes != Some(true)
        && (flags & (FLAG_LOCALE | FLAG_UNICODE | FLAG_ASCII)) == FLAG_UNICODE
    {
        flags &= !FLAG_UNICODE;
    }
    if flags == 0 {
        return Ok(format!("re.compile({})", r).into());
    }
    let names = [
        ("re.TEMPLATE", FLAG_TEMPLATE),
        ("re.IGNORECASE", FLAG_IGNORECASE),
        ("re.LOCALE", FLAG_LOCALE),
        ("re.MULTILINE", FLAG_MULTILINE),
        ("re.DOTALL", FLAG_DOTALL),
        ("re.UNICODE", FLAG_UNICODE),
        ("re.VERBOSE", FLAG_VERBOSE),
        ("re.DEBUG", FLAG_DEBUG),
        ("re.ASCII", FLAG_ASCII),
    ];
    let mut parts = Vec::new();
    for (n, f) in names {
        if flags & f != 0 {
            parts.push(n.to_string());
            flags &= !f;
        }
    }
    if flags != 0 {
        parts.push(format!("{:#x}", flags));
    }
    Ok(format!("re.compile({}, {})", r, parts.join("|")).into())
}

crate::native_type!(pattern_type, || {
    let t = ndata::new_type("Pattern", "re", None, false);
    add_method(&t, "match", |a, kw| {
        pattern_method(a, kw, "match", Mode::Match)
    });
    add_method(&t, "fullmatch", |a, kw| {
        pattern_method(a, kw, "fullmatch", Mode::FullMatch)
    });
    add_method(&t, "search", |a, kw| {
        pattern_method(a, kw, "search", Mode::Search)
    });
    add_method(&t, "findall", pattern_findall);
    add_method(&t, "finditer", |a, kw| {
        let sc = pattern_scanner(a, kw)?;
        let search = crate::ops::attr::getattr(&sc, "search")?;
        Ok(crate::types::iter::new_callable_iter(search, Value::None))
    });
    add_method(&t, "scanner", pattern_scanner);
    add_method(&t, "split", pattern_split);
    add_method(&t, "sub", |a, kw| pattern_subx(a, kw, "sub", false));
    add_method(&t, "subn", |a, kw| pattern_subx(a, kw, "subn", true));
    add_method(&t, "__repr__", pattern_repr);
    add_method(&t, "__copy__", |a, _| Ok(ndata::arg(a, 0)?.clone()));
    add_method(&t, "__deepcopy__", |a, _| Ok(ndata::arg(a, 0)?.clone()));
    add_method(&t, "__eq__", |a, _| {
        let (Some(x), Some(y)) = (
            ndata::get::<PatternObj>(ndata::arg(a, 0)?),
            ndata::get::<PatternObj>(ndata::arg(a, 1)?),
        ) else {
            return Ok(crate::types::misc::not_implemented());
        };
        if ndata::arg(a, 0)?.is(ndata::arg(a, 1)?) {
            return Ok(Value::Bool(true));
        }
        Ok(Value::Bool(
            x.flags == y.flags
                && x.isbytes == y.isbytes
                && x.prog.code() == y.prog.code()
                && crate::ops::eq(&x.pattern, &y.pattern)?,
        ))
    });
    add_method(&t, "__ne__", |a, _| {
        let r = crate::ops::compare(
            ndata::arg(a, 0)?,
            ndata::arg(a, 1)?,
            pyrite_compiler::bytecode::CmpOp::Eq,
        )?;
        if crate::types::misc::is_not_implemented(&r) {
            return Ok(r);
        }
        Ok(Value::Bool(!crate::ops::truthy(&r)?))
    });
    add_method(&t, "__hash__", |a, _| {
        let p = pat(ndata::arg(a, 0)?)?;
        let mut h = crate::ops::hash(&p.pattern)?;
        for &c in p.prog.code() {
            h = h.wrapping_mul(1000003) ^ c as i64;
        }
        h ^= p.flags as i64;
        Ok(Value::Int(if h == -1 { -2 } else { h }))
    });
    add_getset(&t, "pattern", |v| Ok(pat(v)?.pattern.clone()), None);
    add_getset(&t, "flags", |v| Ok(Value::Int(pat(v)?.flags as i64)), None);
    add_getset(
        &t,
        "groups",
        |v| Ok(Value::Int(pat(v)?.groups as i64)),
        None,
    );
    add_getset(
        &t,
        "groupindex",
        |v| {
            let p = pat(v)?;
            if p.groupindex.is_none() {
                return Ok(crate::types::dict::new_dict());
            }
            match crate::types::dict::as_dict(&p.groupindex) {
                Some(d) => Ok(crate::types::dict::new_dict_from(d.copy())),
                None => Ok(crate::types::dict::new_dict()),
            }
        },
        None,
    );
    add_classmethod(
        &t,
        "__class_getitem__",
        crate::types::misc::generic_alias_method,
    );
    ndata::finish_type(&t);
    t
});

// ---------------------------------------------------------------------------
// Match

fn mo(v: &Value) -> PyResult<&MatchObj> {
    ndata::this::<MatchObj>(v, "re.Match")
}

fn group_index(m: &MatchObj, g: &Value) -> PyResult<usize> {
    let p = pat(&m.pattern)?;
    let is_index = crate::types::str::as_str(g).is_none()
        && (crate::types::int::is_int(g)
            || crate::ops::attr::lookup_special(g, "__index__").is_some());
    let idx = if is_index {
        match crate::types::int::index_value(g) {
            Ok(v) => crate::types::int::as_i64(&v),
            _ => None,
        }
    } else if let Some(d) = crate::types::dict::as_dict(&p.groupindex) {
        match d.get_item(g) {
            Ok(Some(v)) => crate::types::int::as_i64(&v),
            _ => None,
        }
    } else {
        None
    };
    match idx {
        Some(i) if i >= 0 && (i as usize) <= p.groups => Ok(i as usize),
        _ => Err(index_error("no such group")),
    }
}

fn match_group1(m: &MatchObj, g: &Value, default: &Value) -> PyResult<Value> {
    let i = group_index(m, g)?;
    Ok(group_value(&m.subject, &m.m, i, default))
}

fn span_of(m: &MatchObj, a: &[Value]) -> PyResult<(i64, i64)> {
    let i = match a.get(1) {
        Some(g) => group_index(m, g)?,
        None => 0,
    };
    Ok(match m.m.span(i) {
        Some((s, e)) => (s as i64, e as i64),
        None => (-1, -1),
    })
}

crate::native_type!(match_type, || {
    let t = ndata::new_type("Match", "re", None, false);
    add_method(&t, "group", |a, kw| {
        ndata::no_kw("group", kw)?;
        let m = mo(ndata::arg(a, 0)?)?;
        match a.len() {
            1 => Ok(group_value(&m.subject, &m.m, 0, &Value::None)),
            2 => match_group1(m, ndata::arg(a, 1)?, &Value::None),
            _ => {
                let mut out = Vec::new();
                for g in &a[1..] {
                    out.push(match_group1(m, g, &Value::None)?);
                }
                Ok(crate::types::tuple::new_tuple(out))
            }
        }
    });
    add_method(&t, "__getitem__", |a, _| {
        let m = mo(ndata::arg(a, 0)?)?;
        match_group1(m, ndata::arg(a, 1)?, &Value::None)
    });
    add_method(&t, "groups", |a, kw| {
        let p = crate::args::parse("groups", &a[1..], kw, &["default"], 0)?;
        let m = mo(ndata::arg(a, 0)?)?;
        let d = p[0].clone().unwrap_or(Value::None);
        let n = m.m.groups();
        Ok(crate::types::tuple::new_tuple(
            (1..=n)
                .map(|g| group_value(&m.subject, &m.m, g, &d))
                .collect(),
        ))
    });
    add_method(&t, "groupdict", |a, kw| {
        let p = crate::args::parse("groupdict", &a[1..], kw, &["default"], 0)?;
        let m = mo(ndata::arg(a, 0)?)?;
        let d = p[0].clone().unwrap_or(Value::None);
        let out = crate::types::dict::new_dict();
        let od = crate::types::dict::as_dict(&out).unwrap();
        let pt = pat(&m.pattern)?;
        if let Some(gi) = crate::types::dict::as_dict(&pt.groupindex) {
            for (k, v) in gi.items() {
                let i = crate::types::int::as_i64(&v).unwrap_or(-1);
                let val = if i >= 0 {
                    group_value(&m.subject, &m.m, i as usize, &d)
                } else {
                    d.clone()
                };
                od.set_item(k, val)?;
            }
        }
        Ok(out)
    });
    add_method(&t, "start", |a, kw| {
        ndata::no_kw("start", kw)?;
        check_args("start", &a[1..], 0, 1)?;
        Ok(Value::Int(span_of(mo(ndata::arg(a, 0)?)?, a)?.0))
    });
    add_method(&t, "end", |a, kw| {
        ndata::no_kw("end", kw)?;
        check_args("end", &a[1..], 0, 1)?;
        Ok(Value::Int(span_of(mo(ndata::arg(a, 0)?)?, a)?.1))
    });
    add_method(&t, "span", |a, kw| {
        ndata::no_kw("span", kw)?;
        check_args("span", &a[1..], 0, 1)?;
        let (s, e) = span_of(mo(ndata::arg(a, 0)?)?, a)?;
        Ok(crate::types::tuple::new_tuple(vec![
            Value::Int(s),
            Value::Int(e),
        ]))
    });
    add_method(&t, "expand", |a, kw| {
        let p = crate::args::parse("expand", &a[1..], kw, &["template"], 1)?;
        let m = mo(ndata::arg(a, 0)?)?;
        call_re(
            "_expand",
            &[
                m.pattern.clone(),
                ndata::arg(a, 0)?.clone(),
                p[0].clone().unwrap(),
            ],
        )
    });
    add_method(&t, "__repr__", |a, _| {
        let m = mo(ndata::arg(a, 0)?)?;
        let g = group_value(&m.subject, &m.m, 0, &Value::None);
        let mut r = crate::ops::repr(&g)?;
        if r.chars().count() > 50 {
            r = r.chars().take(50).collect();
        }
        Ok(format!(
            "<re.Match object; span=({}, {}), match={}>",
            m.m.start(),
            m.m.end(),
            r
        )
        .into())
    });
    add_method(&t, "__copy__", |a, _| Ok(ndata::arg(a, 0)?.clone()));
    add_method(&t, "__deepcopy__", |a, _| Ok(ndata::arg(a, 0)?.clone()));
    add_getset(&t, "string", |v| Ok(mo(v)?.string.clone()), None);
    add_getset(&t, "re", |v| Ok(mo(v)?.pattern.clone()), None);
    add_getset(&t, "pos", |v| Ok(Value::Int(mo(v)?.m.pos as i64)), None);
    add_getset(
        &t,
        "endpos",
        |v| Ok(Value::Int(mo(v)?.m.endpos as i64)),
        None,
    );
    add_getset(
        &t,
        "lastindex",
        |v| {
            Ok(mo(v)?
                .m
                .lastindex
                .map(|i| Value::Int(i as i64))
                .unwrap_or(Value::None))
        },
        None,
    );
    add_getset(
        &t,
        "lastgroup",
        |v| {
            let m = mo(v)?;
            let Some(i) = m.m.lastindex else {
                return Ok(Value::None);
            };
            let p = pat(&m.pattern)?;
            Ok(crate::types::tuple::as_tuple(&p.indexgroup)
                .and_then(|t| t.get(i).cloned())
                .unwrap_or(Value::None))
        },
        None,
    );
    add_getset(
        &t,
        "regs",
        |v| {
            let m = mo(v)?;
            let mut out = Vec::new();
            for g in 0..=m.m.groups() {
                let (s, e) =
                    m.m.span(g)
                        .map(|(s, e)| (s as i64, e as i64))
                        .unwrap_or((-1, -1));
                out.push(crate::types::tuple::new_tuple(vec![
                    Value::Int(s),
                    Value::Int(e),
                ]));
            }
            Ok(crate::types::tuple::new_tuple(out))
        },
        None,
    );
    add_classmethod(
        &t,
        "__class_getitem__",
        crate::types::misc::generic_alias_method,
    );
    ndata::finish_type(&t);
    t
});

// ---------------------------------------------------------------------------
// Scanner

struct ScannerObj {
    pattern: Value,
    string: Value,
    subject: Rc<Subject>,
    pos: usize,
    endpos: usize,
    start: Cell<Option<usize>>,
    must_advance: Cell<bool>,
    running: Cell<bool>,
}

impl NativeData for ScannerObj {
    fn traverse(&self, f: &mut dyn FnMut(&Value)) {
        f(&self.pattern);
        f(&self.string);
    }
}

fn pattern_scanner(a: &[Value], kw: Kw) -> PyResult<Value> {
    let args = crate::args::parse("scanner", &a[1..], kw, &["string", "pos", "endpos"], 1)?;
    let p = pat(ndata::arg(a, 0)?)?;
    let string = args[0].clone().unwrap();
    let subject = get_subject(p, &string)?;
    let len = subject.len();
    let pos = clamp(args[1].as_ref(), 0, len)?;
    let endpos = clamp(args[2].as_ref(), usize::MAX, len)?;
    Ok(ndata::new_native(
        &scanner_type(),
        ScannerObj {
            pattern: ndata::arg(a, 0)?.clone(),
            string,
            subject,
            pos,
            endpos,
            start: Cell::new(Some(pos)),
            must_advance: Cell::new(false),
            running: Cell::new(false),
        },
    ))
}

fn scanner_step(v: &Value, mode: Mode) -> PyResult<Value> {
    let s = ndata::this::<ScannerObj>(v, "_sre.SRE_Scanner")?;
    let Some(start) = s.start.get() else {
        return Ok(Value::None);
    };
    if s.running.get() {
        return Err(value_error("regular expression scanner already executing"));
    }
    let p = pat(&s.pattern)?;
    if start > s.endpos {
        s.start.set(None);
        return Ok(Value::None);
    }
    s.running.set(true);
    let r = run(p, &s.subject, start, s.endpos, mode, s.must_advance.get());
    s.running.set(false);
    match r? {
        Some(mut m) => {
            s.must_advance.set(m.end() == m.start());
            s.start.set(Some(m.end()));
            m.pos = s.pos;
            Ok(new_match(&s.pattern, &s.string, &s.subject, m))
        }
        None => {
            s.start.set(None);
            Ok(Value::None)
        }
    }
}

crate::native_type!(scanner_type, || {
    let t = ndata::new_type("SRE_Scanner", "_sre", None, false);
    add_method(&t, "match", |a, _| {
        scanner_step(ndata::arg(a, 0)?, Mode::Match)
    });
    add_method(&t, "search", |a, _| {
        scanner_step(ndata::arg(a, 0)?, Mode::Search)
    });
    add_getset(
        &t,
        "pattern",
        |v| {
            Ok(ndata::this::<ScannerObj>(v, "_sre.SRE_Scanner")?
                .pattern
                .clone())
        },
        None,
    );
    ndata::finish_type(&t);
    t
});

// ---------------------------------------------------------------------------
// module functions

fn compile(a: &[Value], kw: Kw) -> PyResult<Value> {
    let p = crate::args::parse(
        "compile",
        a,
        kw,
        &[
            "pattern",
            "flags",
            "code",
            "groups",
            "groupindex",
            "indexgroup",
        ],
        6,
    )?;
    let pattern = p[0].clone().unwrap();
    let flags = crate::types::int::index_i64(p[1].as_ref().unwrap())?;
    let code_v = p[2].clone().unwrap();
    let code_items = crate::types::list::as_list(&code_v)
        .map(|l| l.to_vec())
        .ok_or_else(|| {
            type_error(format!(
                "compile() argument 'code' must be list, not {}",
                code_v.type_name()
            ))
        })?;
    let mut code = Vec::with_capacity(code_items.len());
    for c in &code_items {
        let i = crate::types::int::index_value(c)?;
        match crate::types::int::as_i64(&i) {
            Some(n) if (0..=u32::MAX as i64).contains(&n) => code.push(n as u32),
            _ => {
                return Err(overflow_error(
                    "regular expression code size limit exceeded",
                ))
            }
        }
    }
    let groups = crate::types::int::index_i64(p[3].as_ref().unwrap())?.max(0) as usize;
    let gi = p[4].clone().unwrap();
    let groupindex = match crate::types::dict::as_dict(&gi) {
        Some(d) if !d.is_empty() => crate::types::dict::new_dict_from(d.copy()),
        Some(_) => Value::None,
        None => {
            return Err(type_error(format!(
                "compile() argument 'groupindex' must be dict, not {}",
                gi.type_name()
            )))
        }
    };
    let indexgroup = p[5].clone().unwrap();
    if crate::types::tuple::as_tuple(&indexgroup).is_none() {
        return Err(type_error(format!(
            "compile() argument 'indexgroup' must be tuple, not {}",
            indexgroup.type_name()
        )));
    }
    let isbytes = if pattern.is_none() {
        None
    } else if crate::types::str::as_str(&pattern).is_some() {
        Some(false)
    } else if ndata::buffer_bytes(&pattern).is_some() {
        Some(true)
    } else {
        return Err(type_error(format!(
            "expected string or bytes-like object, got '{}'",
            pattern.type_name()
        )));
    };
    let prog = pyrite_sre::Pattern::new(code, flags as u32, groups)
        .map_err(|_| runtime_error("invalid SRE code"))?;
    Ok(ndata::new_native(
        &pattern_type(),
        PatternObj {
            prog,
            pattern,
            flags: flags as u32,
            groups,
            groupindex,
            indexgroup,
            isbytes,
        },
    ))
}

fn char_arg(a: &[Value], name: &str) -> PyResult<u32> {
    check_args(name, a, 1, 1)?;
    let i = crate::types::int::index_i64(ndata::arg(a, 0)?)?;
    if !(0..=u32::MAX as i64).contains(&i) {
        return Err(overflow_error("signed integer is greater than maximum"));
    }
    Ok(i as u32)
}

pub fn init(m: &ObjRef) -> PyResult<()> {
    set_attr(m, "MAGIC", Value::Int(pyrite_sre::MAGIC as i64));
    set_attr(m, "CODESIZE", Value::Int(pyrite_sre::CODESIZE as i64));
    set_attr(m, "MAXREPEAT", Value::Int(pyrite_sre::MAXREPEAT as i64));
    set_attr(m, "MAXGROUPS", Value::Int(pyrite_sre::MAXGROUPS as i64));
    set_attr(
        m,
        "copyright",
        Value::from(" SRE 2.2.2 Copyright (c) 1997-2002 by Secret Labs AB "),
    );
    add_function(m, "compile", compile);
    add_function(m, "getcodesize", |_a, _| {
        Ok(Value::Int(pyrite_sre::getcodesize() as i64))
    });
    add_function(m, "ascii_iscased", |a, _| {
        Ok(Value::Bool(pyrite_sre::ascii_iscased(char_arg(
            a,
            "ascii_iscased",
        )?)))
    });
    add_function(m, "unicode_iscased", |a, _| {
        Ok(Value::Bool(pyrite_sre::unicode_iscased(char_arg(
            a,
            "unicode_iscased",
        )?)))
    });
    add_function(m, "ascii_tolower", |a, _| {
        Ok(Value::Int(
            pyrite_sre::ascii_tolower(char_arg(a, "ascii_tolower")?) as i64,
        ))
    });
    add_function(m, "unicode_tolower", |a, _| {
        Ok(Value::Int(
            pyrite_sre::unicode_tolower(char_arg(a, "unicode_tolower")?) as i64,
        ))
    });
    Ok(())
}
