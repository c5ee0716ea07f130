//! `_io.BytesIO` and `_io.StringIO`: in-memory streams. Their state is never borrowed
//! across a call into Python code (arguments are converted first).

use crate::errors::*;
use crate::modules::io_mod::{
    buffer_len, bufferediobase_type, copy_into, io_type, textiobase_type, unsupported,
};
use crate::modules::io_text::{newlines_value, process_newlines};
use crate::modules::ndata::{get, new_cls, new_native, NativeData};
use crate::object::ObjRef;
use crate::types::function::Kw;
use crate::types::typeobj::{add_getset, add_method, add_staticmethod};
use crate::value::Value;
use std::cell::UnsafeCell;

// ---- BytesIO ----------------------------------------------------------------------

pub struct BytesState {
    buf: Vec<u8>,
    pos: usize,
    closed: bool,
}

pub struct BytesIO {
    st: UnsafeCell<BytesState>,
}
impl NativeData for BytesIO {}

crate::native_type!(bytesio_type, make_bytesio_type);
crate::native_type!(stringio_type, make_stringio_type);

#[allow(clippy::mut_from_ref)]
fn bst(v: &Value) -> PyResult<&mut BytesState> {
    let b = get::<BytesIO>(v).ok_or_else(|| {
        type_error(format!(
            "descriptor requires a '_io.BytesIO' object but received '{}'",
            v.type_name()
        ))
    })?;
    // SAFETY: the state is only used within one native call, with no Python code
    // running while the reference is alive.
    Ok(unsafe { &mut *b.st.get() })
}

fn bopen(v: &Value) -> PyResult<&mut BytesState> {
    let s = bst(v)?;
    if s.closed {
        return Err(value_error("I/O operation on closed file."));
    }
    Ok(s)
}

fn size_of(a: &[Value], kw: Kw, name: &str) -> PyResult<i64> {
    let p = crate::args::parse(name, &a[1..], kw, &["size"], 0)?;
    crate::modules::io_mod::opt_size(p[0].as_ref())
}

impl BytesState {
    fn read(&mut self, n: i64) -> Vec<u8> {
        let avail = self.buf.len().saturating_sub(self.pos);
        let n = if n < 0 {
            avail
        } else {
            (n as usize).min(avail)
        };
        let out = self.buf[self.pos.min(self.buf.len())..][..n].to_vec();
        self.pos += n;
        out
    }
    fn readline(&mut self, limit: i64) -> Vec<u8> {
        let start = self.pos.min(self.buf.len());
        let rest = &self.buf[start..];
        let mut n = match rest.iter().position(|&c| c == b'\n') {
            Some(i) => i + 1,
            None => rest.len(),
        };
        if limit >= 0 {
            n = n.min(limit as usize);
        }
        let out = rest[..n].to_vec();
        self.pos = start + n;
        out
    }
    fn write(&mut self, data: &[u8]) -> PyResult<usize> {
        let end = self.pos.checked_add(data.len()).ok_or_else(memory_error)?;
        if end > self.buf.len() {
            let extra = end - self.buf.len();
            crate::modules::osutil::reserve(&mut self.buf, extra)?;
            self.buf.resize(end, 0);
        }
        self.buf[self.pos..end].copy_from_slice(data);
        self.pos = end;
        Ok(data.len())
    }
}

fn seek_args(a: &[Value]) -> PyResult<(i64, i64)> {
    check_args("seek", &a[1..], 1, 2)?;
    let pos = crate::types::int::index_i64(&a[1])?;
    let whence = match a.get(2) {
        Some(w) => crate::types::int::index_i64(w)?,
        None => 0,
    };
    Ok((pos, whence))
}

fn make_bytesio_type() -> ObjRef {
    let t = io_type("BytesIO", &bufferediobase_type());
    add_staticmethod(&t, "__new__", |a, _| {
        let cls = new_cls(a, &bytesio_type())?;
        Ok(new_native(
            &cls,
            BytesIO {
                st: UnsafeCell::new(BytesState {
                    buf: Vec::new(),
                    pos: 0,
                    closed: false,
                }),
            },
        ))
    });
    add_method(&t, "__init__", |a, kw| {
        let p = crate::args::parse("BytesIO", &a[1..], kw, &["initial_bytes"], 0)?;
        let data = match &p[0] {
            None | Some(Value::None) => Vec::new(),
            Some(v) => crate::modules::ndata::need_buffer(v)?,
        };
        let s = bst(&a[0])?;
        s.buf = data;
        s.pos = 0;
        Ok(Value::None)
    });
    add_method(&t, "getvalue", |a, _| {
        Ok(crate::types::bytes::new_bytes(bopen(&a[0])?.buf.clone()))
    });
    add_method(&t, "getbuffer", |a, _| {
        let data = bopen(&a[0])?.buf.clone();
        crate::ops::call::call(
            &Value::Obj(crate::types::types().memoryview.clone()),
            &[crate::types::bytes::new_bytearray(data)],
            None,
        )
    });
    add_method(&t, "read", |a, kw| {
        let n = size_of(a, kw, "read")?;
        Ok(crate::types::bytes::new_bytes(bopen(&a[0])?.read(n)))
    });
    add_method(&t, "read1", |a, kw| {
        let n = size_of(a, kw, "read1")?;
        Ok(crate::types::bytes::new_bytes(bopen(&a[0])?.read(n)))
    });
    add_method(&t, "readline", |a, kw| {
        let n = size_of(a, kw, "readline")?;
        Ok(crate::types::bytes::new_bytes(bopen(&a[0])?.readline(n)))
    });
    add_method(&t, "readlines", |a, kw| {
        let p = crate::args::parse("readlines", &a[1..], kw, &["size"], 0)?;
        let hint = crate::modules::io_mod::opt_size(p[0].as_ref())?;
        let s = bopen(&a[0])?;
        let mut out = Vec::new();
        let mut total = 0i64;
        loop {
            let l = s.readline(-1);
            if l.is_empty() {
                break;
            }
            total += l.len() as i64;
            out.push(crate::types::bytes::new_bytes(l));
            if hint > 0 && total >= hint {
                break;
            }
        }
        Ok(crate::types::list::new_list(out))
    });
    add_method(&t, "readinto", |a, _| {
        check_args("readinto", &a[1..], 1, 1)?;
        let n = buffer_len(&a[1])?;
        let d = bopen(&a[0])?.read(n as i64);
        copy_into(&a[1], &d)?;
        Ok(Value::Int(d.len() as i64))
    });
    add_method(&t, "write", |a, _| {
        check_args("write", &a[1..], 1, 1)?;
        bopen(&a[0])?;
        let data = crate::modules::ndata::need_buffer(&a[1])?;
        Ok(Value::Int(bopen(&a[0])?.write(&data)? as i64))
    });
    add_method(&t, "writelines", |a, _| {
        check_args("writelines", &a[1..], 1, 1)?;
        bopen(&a[0])?;
        let it = crate::ops::get_iter(&a[1])?;
        while let Some(line) = crate::ops::next(&it)? {
            let data = crate::modules::ndata::need_buffer(&line)?;
            bopen(&a[0])?.write(&data)?;
        }
        Ok(Value::None)
    });
    add_method(&t, "seek", |a, _| {
        let (pos, whence) = seek_args(a)?;
        let s = bopen(&a[0])?;
        let new = match whence {
            0 => {
                if pos < 0 {
                    return Err(value_error(format!("negative seek value {}", pos)));
                }
                pos
            }
            1 => (s.pos as i64 + pos).max(0),
            2 => (s.buf.len() as i64 + pos).max(0),
            w => {
                return Err(value_error(format!(
                    "invalid whence ({}, should be 0, 1 or 2)",
                    w
                )))
            }
        };
        s.pos = new as usize;
        Ok(Value::Int(new))
    });
    add_method(&t, "tell", |a, _| Ok(Value::Int(bopen(&a[0])?.pos as i64)));
    add_method(&t, "truncate", |a, _| {
        check_args("truncate", &a[1..], 0, 1)?;
        let s = bopen(&a[0])?;
        let size = match a.get(1) {
            None | Some(Value::None) => s.pos as i64,
            Some(v) => crate::types::int::index_i64(v)?,
        };
        if size < 0 {
            return Err(value_error(format!("negative size value {}", size)));
        }
        if (size as usize) < s.buf.len() {
            s.buf.truncate(size as usize);
        }
        Ok(Value::Int(size))
    });
    for n in ["readable", "writable", "seekable"] {
        let f: crate::types::function::NativeFn = |a, _| {
            bopen(&a[0])?;
            Ok(Value::Bool(true))
        };
        add_method(&t, n, f);
    }
    add_method(&t, "flush", |a, _| {
        bopen(&a[0])?;
        Ok(Value::None)
    });
    add_method(&t, "isatty", |a, _| {
        bopen(&a[0])?;
        Ok(Value::Bool(false))
    });
    add_method(&t, "close", |a, _| {
        let s = bst(&a[0])?;
        s.closed = true;
        s.buf = Vec::new();
        Ok(Value::None)
    });
    add_method(&t, "__next__", |a, _| {
        let l = bopen(&a[0])?.readline(-1);
        if l.is_empty() {
            return Err(stop_iteration(Value::None));
        }
        Ok(crate::types::bytes::new_bytes(l))
    });
    add_method(&t, "__getstate__", |a, _| {
        let s = bopen(&a[0])?;
        let (v, p) = (
            crate::types::bytes::new_bytes(s.buf.clone()),
            Value::Int(s.pos as i64),
        );
        let d = a[0]
            .as_obj()
            .and_then(|o| o.dict())
            .map(Value::Obj)
            .unwrap_or(Value::None);
        Ok(crate::types::tuple::new_tuple(vec![v, p, d]))
    });
    add_method(&t, "__setstate__", |a, _| {
        check_args("__setstate__", &a[1..], 1, 1)?;
        let st = crate::types::tuple::as_tuple(&a[1])
            .filter(|t| t.len() >= 3)
            .ok_or_else(|| type_error("__setstate__ argument should be 3-tuple"))?
            .to_vec();
        let data = crate::modules::ndata::need_buffer(&st[0])?;
        let pos = crate::types::int::index_i64(&st[1])?;
        if pos < 0 {
            return Err(value_error("position value cannot be negative"));
        }
        let s = bst(&a[0])?;
        s.buf = data;
        s.pos = pos as usize;
        if let (Some(o), Some(_)) = (a[0].as_obj(), crate::types::dict::as_dict(&st[2])) {
            let d = crate::ops::attr::instance_dict(o);
            for (k, v) in crate::types::dict::as_dict(&st[2])
                .map(|d| d.items())
                .unwrap_or_default()
            {
                crate::types::dict::obj_dict(&d).set_item(k, v)?;
            }
        }
        Ok(Value::None)
    });
    add_getset(&t, "closed", |v| Ok(Value::Bool(bst(v)?.closed)), None);
    crate::modules::ndata::finish_type(&t);
    t
}

// ---- StringIO ---------------------------------------------------------------------

pub struct StrState {
    buf: Vec<char>,
    pos: usize,
    closed: bool,
    ok: bool,
    newline: Option<String>,
    readuniversal: bool,
    readtranslate: bool,
    readnl: Option<Vec<char>>,
    writenl: Option<String>,
    pending_cr: bool,
    seen: u8,
}

pub struct StringIO {
    st: UnsafeCell<StrState>,
}
impl NativeData for StringIO {}

#[allow(clippy::mut_from_ref)]
fn sst(v: &Value) -> PyResult<&mut StrState> {
    let b = get::<StringIO>(v).ok_or_else(|| {
        type_error(format!(
            "descriptor requires a '_io.StringIO' object but received '{}'",
            v.type_name()
        ))
    })?;
    // SAFETY: as for BytesIO.
    let s = unsafe { &mut *b.st.get() };
    if !s.ok {
        return Err(value_error("I/O operation on uninitialized object"));
    }
    Ok(s)
}

fn sopen(v: &Value) -> PyResult<&mut StrState> {
    let s = sst(v)?;
    if s.closed {
        return Err(value_error("I/O operation on closed file"));
    }
    Ok(s)
}

impl StrState {
    fn write(&mut self, text: &str) -> PyResult<()> {
        let t;
        let mut text = text;
        if self.readuniversal {
            t = process_newlines(
                text,
                true,
                &mut self.pending_cr,
                &mut self.seen,
                self.readtranslate,
            );
            text = &t;
        }
        let t2;
        if let Some(nl) = &self.writenl {
            t2 = text.replace('\n', nl);
            text = &t2;
        }
        let chars: Vec<char> = text.chars().collect();
        if chars.is_empty() {
            return Ok(());
        }
        let end = self.pos.checked_add(chars.len()).ok_or_else(memory_error)?;
        if end > self.buf.len() {
            let extra = end - self.buf.len();
            crate::modules::osutil::reserve(&mut self.buf, extra)?;
            self.buf.resize(end, '\0');
        }
        self.buf[self.pos..end].copy_from_slice(&chars);
        self.pos = end;
        Ok(())
    }
    fn read(&mut self, n: i64) -> String {
        let start = self.pos.min(self.buf.len());
        let avail = self.buf.len() - start;
        let n = if n < 0 {
            avail
        } else {
            (n as usize).min(avail)
        };
        self.pos = start + n;
        self.buf[start..start + n].iter().collect()
    }
    fn readline(&mut self, limit: i64) -> String {
        let start = self.pos.min(self.buf.len());
        let rest = &self.buf[start..];
        let mut end = rest.len();
        if self.readtranslate
            || (!self.readuniversal && self.readnl.as_deref() == Some(&['\n'][..]))
        {
            if let Some(i) = rest.iter().position(|&c| c == '\n') {
                end = i + 1;
            }
        } else if self.readuniversal {
            if let Some(i) = rest.iter().position(|&c| c == '\n' || c == '\r') {
                end = if rest[i] == '\r' && rest.get(i + 1) == Some(&'\n') {
                    i + 2
                } else {
                    i + 1
                };
            }
        } else if let Some(nl) = &self.readnl {
            if let Some(i) = rest.windows(nl.len().max(1)).position(|w| w == &nl[..]) {
                end = i + nl.len();
            }
        }
        if limit >= 0 {
            end = end.min(limit as usize);
        }
        self.pos = start + end;
        rest[..end].iter().collect()
    }
}

fn make_stringio_type() -> ObjRef {
    let t = io_type("StringIO", &textiobase_type());
    add_staticmethod(&t, "__new__", |a, _| {
        let cls = new_cls(a, &stringio_type())?;
        Ok(new_native(
            &cls,
            StringIO {
                st: UnsafeCell::new(StrState {
                    buf: Vec::new(),
                    pos: 0,
                    closed: false,
                    ok: false,
                    newline: Some("\n".into()),
                    readuniversal: false,
                    readtranslate: false,
                    readnl: Some(vec!['\n']),
                    writenl: None,
                    pending_cr: false,
                    seen: 0,
                }),
            },
        ))
    });
    add_method(&t, "__init__", |a, kw| {
        let p = crate::args::parse("StringIO", &a[1..], kw, &["initial_value", "newline"], 0)?;
        let newline: Option<String> = match &p[1] {
            None => Some("\n".into()),
            Some(Value::None) => None,
            Some(v) => Some(
                crate::types::str::as_str(v)
                    .ok_or_else(|| {
                        type_error(format!(
                            "newline must be str or None, not {}",
                            v.type_name()
                        ))
                    })?
                    .to_string(),
            ),
        };
        if let Some(n) = &newline {
            if !matches!(n.as_str(), "" | "\n" | "\r" | "\r\n") {
                return Err(value_error(format!(
                    "illegal newline value: {}",
                    crate::types::str::repr_str(n)
                )));
            }
        }
        let init: String = match &p[0] {
            None | Some(Value::None) => String::new(),
            Some(v) => crate::types::str::as_str(v)
                .ok_or_else(|| {
                    type_error(format!(
                        "initial_value must be str or None, not {}",
                        v.type_name()
                    ))
                })?
                .to_string(),
        };
        let b = get::<StringIO>(&a[0]).ok_or_else(|| type_error("expected StringIO"))?;
        let s = unsafe { &mut *b.st.get() };
        s.ok = true;
        s.closed = false;
        s.buf.clear();
        s.pos = 0;
        s.readuniversal = matches!(newline.as_deref(), None | Some(""));
        s.readtranslate = newline.is_none();
        s.readnl = newline
            .as_deref()
            .filter(|n| !n.is_empty())
            .map(|n| n.chars().collect());
        s.writenl = match newline.as_deref() {
            Some("\r") | Some("\r\n") => newline.clone(),
            _ => None,
        };
        s.newline = newline;
        s.pending_cr = false;
        s.seen = 0;
        if !init.is_empty() {
            s.write(&init)?;
            s.pos = 0;
        }
        Ok(Value::None)
    });
    add_method(&t, "getvalue", |a, _| {
        Ok(Value::from(sopen(&a[0])?.buf.iter().collect::<String>()))
    });
    add_method(&t, "read", |a, kw| {
        let n = size_of(a, kw, "read")?;
        Ok(Value::from(sopen(&a[0])?.read(n)))
    });
    add_method(&t, "readline", |a, kw| {
        let n = size_of(a, kw, "readline")?;
        Ok(Value::from(sopen(&a[0])?.readline(n)))
    });
    add_method(&t, "write", |a, _| {
        check_args("write", &a[1..], 1, 1)?;
        let Some(s) = crate::types::str::as_pystr(&a[1]) else {
            sopen(&a[0])?;
            return Err(type_error(format!(
                "string argument expected, got '{}'",
                a[1].type_name()
            )));
        };
        let n = s.len();
        sopen(&a[0])?.write(s.as_str())?;
        Ok(Value::Int(n as i64))
    });
    add_method(&t, "seek", |a, _| {
        let (pos, whence) = seek_args(a)?;
        let s = sopen(&a[0])?;
        if !(0..=2).contains(&whence) {
            return Err(value_error(format!(
                "Invalid whence ({}, should be 0, 1 or 2)",
                whence
            )));
        }
        if pos < 0 && whence == 0 {
            return Err(value_error(format!("Negative seek position {}", pos)));
        }
        if whence != 0 && pos != 0 {
            return Err(PyErr::new(
                &crate::types::exceptions::exc().os_error,
                "Can't do nonzero cur-relative seeks",
            ));
        }
        let new = match whence {
            0 => pos as usize,
            1 => s.pos,
            _ => s.buf.len(),
        };
        s.pos = new;
        Ok(Value::Int(new as i64))
    });
    add_method(&t, "tell", |a, _| Ok(Value::Int(sopen(&a[0])?.pos as i64)));
    add_method(&t, "truncate", |a, _| {
        check_args("truncate", &a[1..], 0, 1)?;
        let s = sopen(&a[0])?;
        let size = match a.get(1) {
            None | Some(Value::None) => s.pos as i64,
            Some(v) => crate::types::int::index_i64(v)?,
        };
        if size < 0 {
            return Err(value_error(format!("Negative size value {}", size)));
        }
        if (size as usize) < s.buf.len() {
            s.buf.truncate(size as usize);
        }
        Ok(Value::Int(size))
    });
    for n in ["readable", "writable", "seekable"] {
        let f: crate::types::function::NativeFn = |a, _| {
            sopen(&a[0])?;
            Ok(Value::Bool(true))
        };
        add_method(&t, n, f);
    }
    add_method(&t, "close", |a, _| {
        let s = sst(&a[0])?;
        s.closed = true;
        s.buf = Vec::new();
        Ok(Value::None)
    });
    add_method(&t, "__next__", |a, _| {
        let l = if a[0].class_ref().is(&stringio_type()) {
            Value::from(sopen(&a[0])?.readline(-1))
        } else {
            crate::ops::attr::call_method(&a[0], "readline", &[])?
        };
        if crate::types::str::as_str(&l).map_or(true, |s| s.is_empty()) {
            if crate::types::str::as_str(&l).is_none() {
                return Err(os_error_type(&l));
            }
            return Err(stop_iteration(Value::None));
        }
        Ok(l)
    });
    add_method(&t, "__getstate__", |a, _| {
        let s = sopen(&a[0])?;
        let v = Value::from(s.buf.iter().collect::<String>());
        let nl = s.newline.as_deref().map(Value::from).unwrap_or(Value::None);
        let pos = Value::Int(s.pos as i64);
        let d = a[0]
            .as_obj()
            .and_then(|o| o.dict())
            .map(Value::Obj)
            .unwrap_or(Value::None);
        Ok(crate::types::tuple::new_tuple(vec![v, nl, pos, d]))
    });
    add_method(&t, "__setstate__", |a, _| {
        check_args("__setstate__", &a[1..], 1, 1)?;
        let st = crate::types::tuple::as_tuple(&a[1])
            .filter(|t| t.len() >= 4)
            .ok_or_else(|| type_error("__setstate__ argument should be 4-tuple"))?
            .to_vec();
        let init = crate::ops::attr::getattr(&Value::Obj(stringio_type()), "__init__")?;
        crate::ops::call::call(&init, &[a[0].clone(), Value::None, st[1].clone()], None)?;
        let text = crate::types::str::as_str(&st[0])
            .unwrap_or("")
            .chars()
            .collect::<Vec<char>>();
        let pos = crate::types::int::index_i64(&st[2])?;
        if pos < 0 {
            return Err(value_error("position value cannot be negative"));
        }
        let s = sst(&a[0])?;
        s.buf = text;
        s.pos = pos as usize;
        if let (Some(o), Some(dd)) = (a[0].as_obj(), crate::types::dict::as_dict(&st[3])) {
            let d = crate::ops::attr::instance_dict(o);
            for (k, v) in dd.items() {
                crate::types::dict::obj_dict(&d).set_item(k, v)?;
            }
        }
        Ok(Value::None)
    });
    add_getset(&t, "closed", |v| Ok(Value::Bool(sst(v)?.closed)), None);
    add_getset(
        &t,
        "line_buffering",
        |v| {
            sopen(v)?;
            Ok(Value::Bool(false))
        },
        None,
    );
    add_getset(
        &t,
        "newlines",
        |v| {
            let s = sopen(v)?;
            if !s.readuniversal {
                return Ok(Value::None);
            }
            Ok(newlines_value(s.seen))
        },
        None,
    );
    crate::modules::ndata::finish_type(&t);
    let _ = unsupported;
    t
}

fn os_error_type(v: &Value) -> PyErr {
    PyErr::new(
        &crate::types::exceptions::exc().os_error,
        format!(
            "readline() should have returned a str object, not '{}'",
            v.type_name()
        ),
    )
}
