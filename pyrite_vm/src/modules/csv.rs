//! `_csv`: the engine behind `csv` — dialects (validated as CPython validates them),
//! the dialect registry, `reader` (a character state machine over the lines of any
//! iterable of str) and `writer` (quoting and escaping by the dialect's rules).

use crate::errors::*;
use crate::modules::ndata::{self, new_native, NativeData, PCell};
use crate::object::ObjRef;
use crate::types::function::Kw;
use crate::types::module::{add_function, set_attr};
use crate::types::typeobj::{add_getset, add_method, add_staticmethod};
use crate::value::Value;
use std::cell::Cell;

const QUOTE_MINIMAL: i64 = 0;
const QUOTE_ALL: i64 = 1;
const QUOTE_NONNUMERIC: i64 = 2;
const QUOTE_NONE: i64 = 3;

static ERROR: crate::gil::GilCell<Option<Value>> = crate::gil::GilCell::new(None);
static REGISTRY: crate::gil::GilCell<Option<Value>> = crate::gil::GilCell::new(None);
static FIELD_LIMIT: crate::gil::GilCell<i64> = crate::gil::GilCell::new(128 * 1024);

fn csv_error(msg: impl Into<String>) -> PyErr {
    let cls = ERROR
        .get()
        .clone()
        .unwrap_or_else(|| Value::Obj(crate::types::exceptions::exc().exception.clone()));
    match crate::ops::call::call(&cls, &[Value::from(msg.into())], None) {
        Ok(Value::Obj(o)) => PyErr(o),
        Ok(_) => runtime_error("_csv.Error"),
        Err(e) => e,
    }
}

fn registry() -> Value {
    REGISTRY
        .get()
        .get_or_insert_with(crate::types::dict::new_dict)
        .clone()
}

#[derive(Clone)]
pub struct DialectData {
    delimiter: char,
    quotechar: Option<char>,
    escapechar: Option<char>,
    lineterminator: String,
    quoting: i64,
    doublequote: bool,
    skipinitialspace: bool,
    strict: bool,
}

pub struct Dialect(DialectData);
impl NativeData for Dialect {}

crate::native_type!(dialect_type, make_dialect_type);

const NAMES: [&str; 8] = [
    "delimiter",
    "doublequote",
    "escapechar",
    "lineterminator",
    "quotechar",
    "quoting",
    "skipinitialspace",
    "strict",
];

fn char_arg(
    name: &str,
    v: Option<Value>,
    default: Option<char>,
    allow_none: bool,
) -> PyResult<Option<char>> {
    let Some(v) = v else {
        return Ok(default);
    };
    if v.is_none() && allow_none {
        return Ok(None);
    }
    match crate::types::str::as_str(&v) {
        Some(s) if s.chars().count() == 1 => Ok(s.chars().next()),
        Some(_) => Err(type_error(format!(
            "\"{}\" must be a 1-character string",
            name
        ))),
        None => Err(type_error(if allow_none {
            format!("\"{}\" must be string or None, not {}", name, v.type_name())
        } else {
            format!("\"{}\" must be string, not {}", name, v.type_name())
        })),
    }
}

/// Build a dialect from an optional base (a name, a Dialect, or any object with the
/// attributes) and keyword overrides.
fn make_dialect(base: Option<&Value>, kw: &[(String, Value)]) -> PyResult<DialectData> {
    let base = match base {
        Some(b) if crate::types::str::as_str(b).is_some() => Some(get_dialect_value(b)?),
        Some(b) if !b.is_none() => Some(b.clone()),
        _ => None,
    };
    if let Some(b) = &base {
        if kw.is_empty() {
            if let Some(d) = ndata::get::<Dialect>(b) {
                return Ok(d.0.clone());
            }
        }
    }
    let get = |name: &str| -> PyResult<Option<Value>> {
        if let Some((_, v)) = kw.iter().find(|(k, _)| k == name) {
            return Ok(Some(v.clone()));
        }
        match &base {
            Some(b) => crate::ops::attr::getattr_opt(b, name),
            None => Ok(None),
        }
    };
    let truth = |v: Option<Value>, default: bool| -> PyResult<bool> {
        match v {
            Some(v) => crate::ops::truthy(&v),
            None => Ok(default),
        }
    };
    let delimiter = char_arg("delimiter", get("delimiter")?, Some(','), false)?.unwrap_or(',');
    let doublequote = truth(get("doublequote")?, true)?;
    let escapechar = char_arg("escapechar", get("escapechar")?, None, true)?;
    let lineterminator = match get("lineterminator")? {
        None => "\r\n".to_string(),
        Some(v) => match crate::types::str::as_str(&v) {
            Some(s) => s.to_string(),
            None => return Err(type_error("\"lineterminator\" must be a string")),
        },
    };
    let quoting_given = get("quoting")?;
    let quotechar_given = get("quotechar")?;
    let quoting = match quoting_given {
        // an explicit quotechar=None without a quoting means no quoting at all
        None if matches!(quotechar_given, Some(Value::None)) => QUOTE_NONE,
        None => QUOTE_MINIMAL,
        Some(v) => {
            if !crate::types::int::is_int(&v) {
                return Err(type_error("\"quoting\" must be an integer"));
            }
            let q = crate::types::int::index_i64(&v)?;
            if !(QUOTE_MINIMAL..=QUOTE_NONE).contains(&q) {
                return Err(type_error("bad \"quoting\" value"));
            }
            q
        }
    };
    let quotechar = match quotechar_given {
        None => Some('"'),
        Some(v) => char_arg("quotechar", Some(v), None, true)?,
    };
    let skipinitialspace = truth(get("skipinitialspace")?, false)?;
    let strict = truth(get("strict")?, false)?;
    if quotechar.is_none() && quoting != QUOTE_NONE {
        return Err(type_error("quotechar must be set if quoting enabled"));
    }
    if lineterminator.is_empty() {
        return Err(value_error("lineterminator must be set"));
    }
    Ok(DialectData {
        delimiter,
        quotechar,
        escapechar,
        lineterminator,
        quoting,
        doublequote,
        skipinitialspace,
        strict,
    })
}

fn kw_pairs(args: &[Value], kw: Kw) -> (Vec<Value>, Vec<(String, Value)>) {
    let nkw = kw.map_or(0, |k| k.len());
    let npos = args.len() - nkw;
    let mut pairs = Vec::new();
    if let Some(k) = kw {
        for (n, v) in k.iter().zip(&args[npos..]) {
            pairs.push((
                crate::types::str::as_str(n).unwrap_or("").to_string(),
                v.clone(),
            ));
        }
    }
    (args[..npos].to_vec(), pairs)
}

fn check_kw(_fname: &str, kw: &[(String, Value)], extra: &[&str]) -> PyResult<()> {
    for (k, _) in kw {
        if !NAMES.contains(&k.as_str()) && !extra.contains(&k.as_str()) {
            return Err(type_error(format!(
                "'{}' is an invalid keyword argument for this function",
                k
            )));
        }
    }
    Ok(())
}

fn new_dialect_value(d: DialectData) -> Value {
    new_native(&dialect_type(), Dialect(d))
}

fn dl(v: &Value) -> PyResult<&DialectData> {
    Ok(&ndata::this::<Dialect>(v, "_csv.Dialect")?.0)
}

fn char_value(c: Option<char>) -> Value {
    match c {
        Some(c) => Value::from(c.to_string()),
        None => Value::None,
    }
}

fn make_dialect_type() -> ObjRef {
    let t = ndata::new_type("Dialect", "_csv", None, true);
    add_staticmethod(&t, "__new__", |a, kw| {
        let cls = ndata::new_cls(a, &dialect_type())?;
        let (pos, pairs) = kw_pairs(&a[1..], kw);
        if pos.len() > 1 {
            return Err(type_error("Dialect() takes at most 1 positional argument"));
        }
        let mut base = pos.first().cloned();
        if let Some((_, v)) = pairs.iter().find(|(k, _)| k == "dialect") {
            base = Some(v.clone());
        }
        check_kw("Dialect", &pairs, &["dialect"])?;
        let pairs: Vec<_> = pairs.into_iter().filter(|(k, _)| k != "dialect").collect();
        let d = make_dialect(base.as_ref(), &pairs)?;
        Ok(new_native(&cls, Dialect(d)))
    });
    add_getset(
        &t,
        "delimiter",
        |v| Ok(Value::from(dl(v)?.delimiter.to_string())),
        None,
    );
    add_getset(&t, "quotechar", |v| Ok(char_value(dl(v)?.quotechar)), None);
    add_getset(
        &t,
        "escapechar",
        |v| Ok(char_value(dl(v)?.escapechar)),
        None,
    );
    add_getset(
        &t,
        "lineterminator",
        |v| Ok(Value::from(dl(v)?.lineterminator.as_str())),
        None,
    );
    add_getset(&t, "quoting", |v| Ok(Value::Int(dl(v)?.quoting)), None);
    add_getset(
        &t,
        "doublequote",
        |v| Ok(Value::Bool(dl(v)?.doublequote)),
        None,
    );
    add_getset(
        &t,
        "skipinitialspace",
        |v| Ok(Value::Bool(dl(v)?.skipinitialspace)),
        None,
    );
    add_getset(&t, "strict", |v| Ok(Value::Bool(dl(v)?.strict)), None);
    ndata::finish_type(&t);
    t
}

fn get_dialect_value(name: &Value) -> PyResult<Value> {
    let r = registry();
    match crate::types::dict::as_dict(&r).and_then(|d| d.get_item(name).ok().flatten()) {
        Some(v) => Ok(v),
        None => Err(csv_error("unknown dialect")),
    }
}

/// The dialect of a reader/writer call: `(iterable/file, dialect='excel', **fmtparams)`.
fn call_dialect(fname: &str, a: &[Value], kw: Kw) -> PyResult<(Value, DialectData)> {
    let (pos, pairs) = kw_pairs(a, kw);
    if pos.is_empty() {
        return Err(type_error(format!("expected at least 1 argument, got 0")));
    }
    if pos.len() > 2 {
        return Err(type_error(format!(
            "{}() takes at most 2 positional arguments ({} given)",
            fname,
            pos.len()
        )));
    }
    check_kw(fname, &pairs, &["dialect"])?;
    let mut base = pos.get(1).cloned();
    if let Some((_, v)) = pairs.iter().find(|(k, _)| k == "dialect") {
        base = Some(v.clone());
    }
    let pairs: Vec<_> = pairs.into_iter().filter(|(k, _)| k != "dialect").collect();
    // no dialect given: the built-in defaults (those of 'excel'), not a lookup
    Ok((pos[0].clone(), make_dialect(base.as_ref(), &pairs)?))
}

// ---------------------------------------------------------------------------
// reader

#[derive(Clone, Copy, PartialEq, Eq)]
enum St {
    StartRecord,
    StartField,
    EscapedChar,
    InField,
    InQuotedField,
    EscapeInQuotedField,
    QuoteInQuotedField,
    EatCrnl,
    AfterEscapedCrnl,
}

pub struct Reader {
    input: Value,
    dialect: Value,
    d: DialectData,
    line_num: Cell<i64>,
    // parse state (plain data: no Python objects)
    st: PCell<St>,
    field: PCell<String>,
    field_len: Cell<usize>,
    numeric: Cell<bool>,
    fields: PCell<Vec<Value>>,
}
impl NativeData for Reader {
    fn traverse(&self, f: &mut dyn FnMut(&Value)) {
        f(&self.input);
        f(&self.dialect);
        for v in self.fields.get().iter() {
            f(v);
        }
    }
}

crate::native_type!(reader_type, make_reader_type);

/// None stands for the end of a line.
type Ch = Option<char>;

impl Reader {
    fn save_field(&self) -> PyResult<()> {
        let s = std::mem::take(self.field.get());
        self.field_len.set(0);
        let v = if self.numeric.replace(false) {
            crate::ops::call::call(
                &Value::Obj(crate::types::types().float.clone()),
                &[Value::from(s)],
                None,
            )?
        } else {
            Value::from(s)
        };
        self.fields.get().push(v);
        Ok(())
    }
    fn add_char(&self, c: char) -> PyResult<()> {
        let limit = *FIELD_LIMIT.get();
        if self.field_len.get() as i64 >= limit {
            return Err(csv_error(format!(
                "field larger than field limit ({})",
                limit
            )));
        }
        self.field.get().push(c);
        self.field_len.set(self.field_len.get() + 1);
        Ok(())
    }
    fn process(&self, c: Ch) -> PyResult<()> {
        let d = &self.d;
        let is_nl = |c: Ch| matches!(c, Some('\n') | Some('\r'));
        let quote_on = d.quoting != QUOTE_NONE;
        let mut st = *self.st.get();
        loop {
            match st {
                St::StartRecord => {
                    if c.is_none() {
                        break;
                    }
                    if is_nl(c) {
                        st = St::EatCrnl;
                        break;
                    }
                    st = St::StartField;
                    continue;
                }
                St::StartField => {
                    if c.is_none() || is_nl(c) {
                        self.save_field()?;
                        st = if c.is_none() {
                            St::StartRecord
                        } else {
                            St::EatCrnl
                        };
                    } else if c == d.quotechar && quote_on {
                        st = St::InQuotedField;
                    } else if c == d.escapechar && c.is_some() {
                        st = St::EscapedChar;
                    } else if c == Some(' ') && d.skipinitialspace {
                    } else if c == Some(d.delimiter) {
                        self.save_field()?;
                    } else {
                        if d.quoting == QUOTE_NONNUMERIC {
                            self.numeric.set(true);
                        }
                        self.add_char(c.unwrap())?;
                        st = St::InField;
                    }
                }
                St::EscapedChar => {
                    if is_nl(c) {
                        self.add_char(c.unwrap())?;
                        st = St::AfterEscapedCrnl;
                    } else {
                        self.add_char(c.unwrap_or('\n'))?;
                        st = St::InField;
                    }
                }
                St::AfterEscapedCrnl => {
                    if c.is_none() {
                        break;
                    }
                    st = St::InField;
                    continue;
                }
                St::InField => {
                    if c.is_none() || is_nl(c) {
                        self.save_field()?;
                        st = if c.is_none() {
                            St::StartRecord
                        } else {
                            St::EatCrnl
                        };
                    } else if c == d.escapechar {
                        st = St::EscapedChar;
                    } else if c == Some(d.delimiter) {
                        self.save_field()?;
                        st = St::StartField;
                    } else {
                        self.add_char(c.unwrap())?;
                    }
                }
                St::InQuotedField => {
                    if c.is_none() {
                    } else if c == d.escapechar {
                        st = St::EscapeInQuotedField;
                    } else if c == d.quotechar && quote_on {
                        st = if d.doublequote {
                            St::QuoteInQuotedField
                        } else {
                            St::InField
                        };
                    } else {
                        self.add_char(c.unwrap())?;
                    }
                }
                St::EscapeInQuotedField => {
                    self.add_char(c.unwrap_or('\n'))?;
                    st = St::InQuotedField;
                }
                St::QuoteInQuotedField => {
                    if quote_on && c == d.quotechar {
                        self.add_char(c.unwrap())?;
                        st = St::InQuotedField;
                    } else if c == Some(d.delimiter) {
                        self.save_field()?;
                        st = St::StartField;
                    } else if c.is_none() || is_nl(c) {
                        self.save_field()?;
                        st = if c.is_none() {
                            St::StartRecord
                        } else {
                            St::EatCrnl
                        };
                    } else if !d.strict {
                        self.add_char(c.unwrap())?;
                        st = St::InField;
                    } else {
                        *self.st.get() = st;
                        return Err(csv_error(format!(
                            "'{}' expected after '{}'",
                            d.delimiter,
                            d.quotechar.unwrap_or('"')
                        )));
                    }
                }
                St::EatCrnl => {
                    if is_nl(c) {
                    } else if c.is_none() {
                        st = St::StartRecord;
                    } else {
                        *self.st.get() = st;
                        return Err(csv_error(
                            "new-line character seen in unquoted field - do you need to open the file in universal-newline mode?",
                        ));
                    }
                }
            }
            break;
        }
        *self.st.get() = st;
        Ok(())
    }
    fn reset(&self) {
        *self.st.get() = St::StartRecord;
        self.field.get().clear();
        self.field_len.set(0);
        self.numeric.set(false);
        self.fields.get().clear();
    }
}

fn rd(v: &Value) -> PyResult<&Reader> {
    ndata::this::<Reader>(v, "_csv.reader")
}

fn reader_next(a: &[Value], _kw: Kw) -> PyResult<Value> {
    let r = rd(&a[0])?;
    r.reset();
    loop {
        let line = match crate::ops::next(&r.input)? {
            Some(l) => l,
            None => {
                let r = rd(&a[0])?;
                if r.field_len.get() != 0 || *r.st.get() == St::InQuotedField {
                    if r.d.strict {
                        return Err(csv_error("unexpected end of data"));
                    }
                    r.save_field()?;
                    break;
                }
                return Err(PyErr::with_args(
                    &crate::types::exceptions::exc().stop_iteration,
                    vec![],
                ));
            }
        };
        let r = rd(&a[0])?;
        let Some(s) = crate::types::str::as_str(&line) else {
            return Err(csv_error(format!(
                "iterator should return strings, not {} (the file should be opened in text mode)",
                line.type_name()
            )));
        };
        r.line_num.set(r.line_num.get() + 1);
        for c in s.chars() {
            r.process(Some(c))?;
        }
        r.process(None)?;
        if *r.st.get() == St::StartRecord {
            break;
        }
    }
    let r = rd(&a[0])?;
    Ok(crate::types::list::new_list(std::mem::take(r.fields.get())))
}

fn make_reader_type() -> ObjRef {
    let t = ndata::new_type("reader", "_csv", None, false);
    add_method(&t, "__iter__", |a, _| Ok(a[0].clone()));
    add_method(&t, "__next__", reader_next);
    add_getset(&t, "dialect", |v| Ok(rd(v)?.dialect.clone()), None);
    add_getset(
        &t,
        "line_num",
        |v| Ok(Value::Int(rd(v)?.line_num.get())),
        None,
    );
    ndata::finish_type(&t);
    t
}

// ---------------------------------------------------------------------------
// writer

pub struct Writer {
    write: Value,
    dialect: Value,
    d: DialectData,
}
impl NativeData for Writer {
    fn traverse(&self, f: &mut dyn FnMut(&Value)) {
        f(&self.write);
        f(&self.dialect);
    }
}

crate::native_type!(writer_type, make_writer_type);

fn wr(v: &Value) -> PyResult<&Writer> {
    ndata::this::<Writer>(v, "_csv.writer")
}

/// Append one field to `out`, quoted or escaped by the dialect's rules.
fn join_field(
    d: &DialectData,
    out: &mut String,
    field: &str,
    mut quoted: bool,
    only: bool,
) -> PyResult<()> {
    let mut body = String::with_capacity(field.len() + 2);
    for c in field.chars() {
        let mut want_escape = false;
        let special = c == d.delimiter
            || Some(c) == d.escapechar
            || Some(c) == d.quotechar
            || d.lineterminator.contains(c);
        if special {
            if d.quoting == QUOTE_NONE {
                want_escape = true;
            } else if Some(c) == d.quotechar {
                if d.doublequote {
                    body.push(c);
                } else {
                    want_escape = true;
                }
            } else if Some(c) == d.escapechar {
                want_escape = true;
            }
            if !want_escape {
                quoted = true;
            }
            if want_escape {
                match d.escapechar {
                    Some(e) => body.push(e),
                    None => return Err(csv_error("need to escape, but no escapechar set")),
                }
            }
        }
        body.push(c);
    }
    if field.is_empty() && only {
        if d.quoting == QUOTE_NONE {
            return Err(csv_error("single empty field record must be quoted"));
        }
        quoted = true;
    }
    let q = d.quotechar.unwrap_or('"');
    if quoted {
        out.push(q);
    }
    out.push_str(&body);
    if quoted {
        out.push(q);
    }
    Ok(())
}

fn writerow(w: &Value, row: &Value) -> PyResult<Value> {
    let items = match crate::ops::iterate(row) {
        Ok(i) => i,
        Err(e) if e.matches(&crate::types::exceptions::exc().type_error) => {
            return Err(csv_error(format!(
                "iterable expected, not {}",
                row.type_name()
            )))
        }
        Err(e) => return Err(e),
    };
    let d = wr(w)?.d.clone();
    let mut line = String::new();
    let n = items.len();
    for (i, f) in items.iter().enumerate() {
        if i > 0 {
            line.push(d.delimiter);
        }
        let quoted = match d.quoting {
            QUOTE_NONNUMERIC => {
                !(crate::types::int::is_int(f)
                    || crate::types::float::is_float(f)
                    || crate::types::complex::as_complex(f).is_some())
            }
            QUOTE_ALL => true,
            _ => false,
        };
        let text = if f.is_none() {
            String::new()
        } else if let Some(s) = crate::types::str::as_str(f) {
            s.to_string()
        } else if crate::types::float::is_float(f) {
            crate::ops::repr(f)?
        } else {
            let s = crate::ops::str_value(f)?;
            crate::types::str::as_str(&s).unwrap_or("").to_string()
        };
        join_field(&d, &mut line, &text, quoted, n == 1)?;
    }
    line.push_str(&d.lineterminator);
    let write = wr(w)?.write.clone();
    crate::ops::call::call(&write, &[Value::from(line)], None)
}

fn make_writer_type() -> ObjRef {
    let t = ndata::new_type("writer", "_csv", None, false);
    add_method(&t, "writerow", |a, _| {
        check_args("writerow", &a[1..], 1, 1)?;
        writerow(&a[0], &a[1])
    });
    add_method(&t, "writerows", |a, _| {
        check_args("writerows", &a[1..], 1, 1)?;
        let it = crate::ops::get_iter(&a[1])?;
        while let Some(row) = crate::ops::next(&it)? {
            writerow(&a[0], &row)?;
        }
        Ok(Value::None)
    });
    add_getset(&t, "dialect", |v| Ok(wr(v)?.dialect.clone()), None);
    ndata::finish_type(&t);
    t
}

pub fn init(m: &ObjRef) -> PyResult<()> {
    let d = crate::types::dict::new_dict();
    crate::ops::setitem(&d, Value::from("__module__"), Value::from("_csv"))?;
    let err = crate::ops::call::call(
        &Value::Obj(crate::types::types().type_.clone()),
        &[
            Value::from("Error"),
            crate::types::tuple::new_tuple(vec![Value::Obj(
                crate::types::exceptions::exc().exception.clone(),
            )]),
            d,
        ],
        None,
    )?;
    *ERROR.get() = Some(err.clone());
    set_attr(m, "Error", err);
    set_attr(m, "__version__", Value::from("1.0"));
    set_attr(m, "__doc__", Value::from("CSV parsing and writing."));
    set_attr(m, "QUOTE_MINIMAL", Value::Int(QUOTE_MINIMAL));
    set_attr(m, "QUOTE_ALL", Value::Int(QUOTE_ALL));
    set_attr(m, "QUOTE_NONNUMERIC", Value::Int(QUOTE_NONNUMERIC));
    set_attr(m, "QUOTE_NONE", Value::Int(QUOTE_NONE));
    set_attr(m, "Dialect", Value::Obj(dialect_type()));
    set_attr(m, "_dialects", registry());
    add_function(m, "reader", |a, kw| {
        let (src, d) = call_dialect("reader", a, kw)?;
        let input = crate::ops::get_iter(&src)?;
        Ok(new_native(
            &reader_type(),
            Reader {
                input,
                dialect: new_dialect_value(d.clone()),
                d,
                line_num: Cell::new(0),
                st: PCell::new(St::StartRecord),
                field: PCell::new(String::new()),
                field_len: Cell::new(0),
                numeric: Cell::new(false),
                fields: PCell::new(Vec::new()),
            },
        ))
    });
    add_function(m, "writer", |a, kw| {
        let (dst, d) = call_dialect("writer", a, kw)?;
        let write = match crate::ops::attr::getattr_opt(&dst, "write")? {
            Some(w) if crate::builtins::is_callable(&w) => w,
            _ => return Err(type_error("argument 1 must have a \"write\" method")),
        };
        Ok(new_native(
            &writer_type(),
            Writer {
                write,
                dialect: new_dialect_value(d.clone()),
                d,
            },
        ))
    });
    add_function(m, "register_dialect", |a, kw| {
        let (pos, pairs) = kw_pairs(a, kw);
        if pos.is_empty() || pos.len() > 2 {
            return Err(type_error(
                "register_dialect() expected at most 2 arguments",
            ));
        }
        if crate::types::str::as_str(&pos[0]).is_none() {
            return Err(type_error("dialect name must be a string"));
        }
        check_kw("register_dialect", &pairs, &[])?;
        let d = make_dialect(pos.get(1), &pairs)?;
        crate::ops::setitem(&registry(), pos[0].clone(), new_dialect_value(d))?;
        Ok(Value::None)
    });
    add_function(m, "unregister_dialect", |a, _| {
        check_args("unregister_dialect", a, 1, 1)?;
        let r = registry();
        match crate::types::dict::as_dict(&r).map(|d| d.del_item(&a[0])) {
            Some(Ok(Some(_))) => Ok(Value::None),
            Some(Err(e)) => Err(e),
            _ => Err(csv_error("unknown dialect")),
        }
    });
    add_function(m, "get_dialect", |a, _| {
        check_args("get_dialect", a, 1, 1)?;
        get_dialect_value(&a[0])
    });
    add_function(m, "list_dialects", |a, _| {
        check_args("list_dialects", a, 0, 0)?;
        let r = registry();
        Ok(crate::types::list::new_list(
            crate::types::dict::as_dict(&r)
                .map(|d| d.keys())
                .unwrap_or_default(),
        ))
    });
    add_function(m, "field_size_limit", |a, kw| {
        let p = crate::args::parse("field_size_limit", a, kw, &["new_limit"], 0)?;
        let old = *FIELD_LIMIT.get();
        if let Some(v) = &p[0] {
            if !crate::types::int::is_int(v) {
                return Err(type_error("limit must be an integer"));
            }
            *FIELD_LIMIT.get() = crate::types::int::index_i64(v)?;
        }
        Ok(Value::Int(old))
    });
    Ok(())
}
