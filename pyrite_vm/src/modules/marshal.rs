//! `marshal`: CPython's serialization format for data values (code objects are not
//! supported). Output mirrors CPython's choice of type codes and reference flags for
//! typical values.

use crate::errors::*;
use crate::object::ObjRef;
use crate::types::function::Kw;
use crate::types::module::{add_function, set_attr};
use crate::types::{types, Payload};
use crate::value::Value;
use num_bigint::{BigInt, Sign};
use num_traits::{Signed, ToPrimitive, Zero};

const FLAG_REF: u8 = 0x80;
const VERSION: i64 = 4;

struct Writer {
    out: Vec<u8>,
    version: i64,
    refs: Vec<(usize, Value)>,
    depth: usize,
}

fn is_identifier_like(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

impl Writer {
    fn byte(&mut self, b: u8) {
        self.out.push(b);
    }
    fn long(&mut self, x: i32) {
        self.out.extend_from_slice(&x.to_le_bytes());
    }
    fn size(&mut self, n: usize) -> PyResult<()> {
        if n > i32::MAX as usize {
            return Err(value_error("unmarshallable object"));
        }
        self.long(n as i32);
        Ok(())
    }
    /// Emit a back-reference if `v` was already written; otherwise register it and
    /// return the flag to set on its type code.
    fn reference(&mut self, v: &Value, flag: bool) -> Option<u8> {
        if self.version < 3 || !flag {
            return Some(0);
        }
        if let Value::Obj(o) = v {
            if let Some(i) = self.refs.iter().position(|(a, _)| *a == o.addr()) {
                self.byte(b'r');
                self.long(i as i32);
                return None;
            }
            self.refs.push((o.addr(), v.clone()));
        } else {
            self.refs.push((0, v.clone()));
        }
        Some(FLAG_REF)
    }
    fn write(&mut self, v: &Value, top: bool) -> PyResult<()> {
        self.depth += 1;
        if self.depth > 2000 {
            return Err(value_error("object too deeply nested to marshal"));
        }
        let r = self.write_inner(v, top);
        self.depth -= 1;
        r
    }
    fn write_inner(&mut self, v: &Value, top: bool) -> PyResult<()> {
        let t = types();
        match v {
            Value::None => self.byte(b'N'),
            Value::Bool(true) => self.byte(b'T'),
            Value::Bool(false) => self.byte(b'F'),
            Value::Int(i) => self.write_int(v, &BigInt::from(*i))?,
            Value::Float(f) => {
                let Some(flag) = self.reference(v, true) else {
                    return Ok(());
                };
                self.write_float(*f, flag);
            }
            Value::Obj(o) => {
                if crate::types::misc::is_ellipsis(v) {
                    self.byte(b'.');
                    return Ok(());
                }
                if o.is(&crate::types::exceptions::exc().stop_iteration) {
                    self.byte(b'S');
                    return Ok(());
                }
                let cls = o.class_ref();
                match o.payload() {
                    Payload::Int(b) if cls.is(&t.int) => self.write_int(v, b)?,
                    Payload::Float(f) if cls.is(&t.float) => {
                        let Some(flag) = self.reference(v, true) else {
                            return Ok(());
                        };
                        self.write_float(*f, flag);
                    }
                    Payload::Complex(re, im) if cls.is(&t.complex) => {
                        let Some(flag) = self.reference(v, true) else {
                            return Ok(());
                        };
                        if self.version > 1 {
                            self.byte(b'y' | flag);
                            self.out.extend_from_slice(&re.to_le_bytes());
                            self.out.extend_from_slice(&im.to_le_bytes());
                        } else {
                            self.byte(b'x' | flag);
                            for x in [*re, *im] {
                                let s = crate::types::float::float_repr(x);
                                self.byte(s.len() as u8);
                                self.out.extend_from_slice(s.as_bytes());
                            }
                        }
                    }
                    Payload::Str(s) if cls.is(&t.str) => {
                        let Some(flag) = self.reference(v, true) else {
                            return Ok(());
                        };
                        let st = s.as_str();
                        if self.version >= 3 && st.is_ascii() {
                            let interned = is_identifier_like(st);
                            if self.version >= 4 && st.len() < 256 {
                                self.byte(if interned { b'Z' } else { b'z' } | flag);
                                self.byte(st.len() as u8);
                            } else {
                                self.byte(if interned { b'A' } else { b'a' } | flag);
                                self.size(st.len())?;
                            }
                            self.out.extend_from_slice(st.as_bytes());
                        } else {
                            let interned =
                                self.version >= 1 && is_identifier_like(st) && self.version < 3;
                            self.byte(if interned { b't' } else { b'u' } | flag);
                            self.size(st.len())?;
                            self.out.extend_from_slice(st.as_bytes());
                        }
                    }
                    Payload::Bytes(b) if cls.is(&t.bytes) => {
                        let Some(flag) = self.reference(v, true) else {
                            return Ok(());
                        };
                        self.byte(b's' | flag);
                        self.size(b.data.len())?;
                        self.out.extend_from_slice(&b.data);
                    }
                    Payload::ByteArray(b) => {
                        let Some(flag) = self.reference(v, true) else {
                            return Ok(());
                        };
                        self.byte(b's' | flag);
                        let d = b.vec().clone();
                        self.size(d.len())?;
                        self.out.extend_from_slice(&d);
                    }
                    Payload::Tuple(items) if cls.is(&t.tuple) => {
                        let Some(flag) = self.reference(v, true) else {
                            return Ok(());
                        };
                        if self.version >= 4 && items.len() < 256 {
                            self.byte(b')' | flag);
                            self.byte(items.len() as u8);
                        } else {
                            self.byte(b'(' | flag);
                            self.size(items.len())?;
                        }
                        for it in items.iter() {
                            self.write(it, false)?;
                        }
                    }
                    Payload::List(l) if cls.is(&t.list) => {
                        let shared = top || o.refcnt() > 2;
                        let Some(flag) = self.reference(v, shared) else {
                            return Ok(());
                        };
                        let items = l.to_vec();
                        self.byte(b'[' | flag);
                        self.size(items.len())?;
                        for it in &items {
                            self.write(it, false)?;
                        }
                    }
                    Payload::Dict(d) if cls.is(&t.dict) => {
                        let shared = top || o.refcnt() > 2;
                        let Some(flag) = self.reference(v, shared) else {
                            return Ok(());
                        };
                        self.byte(b'{' | flag);
                        for (k, x) in d.items() {
                            self.write(&k, false)?;
                            self.write(&x, false)?;
                        }
                        self.byte(b'0');
                    }
                    Payload::Set(s) if cls.is(&t.set) || cls.is(&t.frozenset) => {
                        let frozen = cls.is(&t.frozenset);
                        let shared = frozen || top || o.refcnt() > 2;
                        let Some(flag) = self.reference(v, shared) else {
                            return Ok(());
                        };
                        let items = s.items();
                        self.byte(if frozen { b'>' } else { b'<' } | flag);
                        self.size(items.len())?;
                        for it in &items {
                            self.write(it, false)?;
                        }
                    }
                    _ => return Err(value_error("unmarshallable object")),
                }
            }
        }
        Ok(())
    }
    fn write_float(&mut self, f: f64, flag: u8) {
        if self.version > 1 {
            self.byte(b'g' | flag);
            self.out.extend_from_slice(&f.to_le_bytes());
        } else {
            self.byte(b'f' | flag);
            let s = crate::types::float::float_repr(f);
            self.byte(s.len() as u8);
            self.out.extend_from_slice(s.as_bytes());
        }
    }
    fn write_int(&mut self, v: &Value, b: &BigInt) -> PyResult<()> {
        let Some(flag) = self.reference(v, true) else {
            return Ok(());
        };
        if let Some(x) = b.to_i32() {
            self.byte(b'i' | flag);
            self.long(x);
            return Ok(());
        }
        // base 2**15 digits, sign in the digit count
        let mut digits: Vec<u16> = Vec::new();
        let mut m = b.abs();
        let base = BigInt::from(1u32 << 15);
        while !m.is_zero() {
            let d = (&m % &base).to_u16().unwrap_or(0);
            digits.push(d);
            m >>= 15usize;
        }
        self.byte(b'l' | flag);
        let n = digits.len() as i32;
        self.long(if b.is_negative() { -n } else { n });
        for d in digits {
            self.out.extend_from_slice(&d.to_le_bytes());
        }
        Ok(())
    }
}

pub fn dumps(v: &Value, version: i64) -> PyResult<Vec<u8>> {
    let mut w = Writer {
        out: Vec::new(),
        version,
        refs: Vec::new(),
        depth: 0,
    };
    w.write(v, true)?;
    Ok(w.out)
}

struct Reader<'a> {
    d: &'a [u8],
    p: usize,
    refs: Vec<Option<Value>>,
    depth: usize,
}

fn eof() -> PyErr {
    PyErr::new(
        &crate::types::exceptions::exc().eof_error,
        "EOF read where object expected",
    )
}

fn bad(msg: &str) -> PyErr {
    value_error(format!("bad marshal data ({})", msg))
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> PyResult<&'a [u8]> {
        if self.p + n > self.d.len() {
            return Err(PyErr::new(
                &crate::types::exceptions::exc().eof_error,
                "marshal data too short",
            ));
        }
        let s = &self.d[self.p..self.p + n];
        self.p += n;
        Ok(s)
    }
    fn byte(&mut self) -> PyResult<u8> {
        if self.p >= self.d.len() {
            return Err(eof());
        }
        self.p += 1;
        Ok(self.d[self.p - 1])
    }
    fn long(&mut self) -> PyResult<i32> {
        let b = self.take(4)?;
        Ok(i32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn size(&mut self) -> PyResult<usize> {
        let n = self.long()?;
        if n < 0 {
            return Err(bad("size out of range"));
        }
        Ok(n as usize)
    }
    fn str_of(&mut self, n: usize) -> PyResult<String> {
        let b = self.take(n)?;
        String::from_utf8(b.to_vec()).map_err(|_| {
            PyErr::new(
                &crate::types::exceptions::exc().unicode_decode_error,
                "'utf-8' codec can't decode bytes",
            )
        })
    }
    fn read(&mut self) -> PyResult<Value> {
        self.depth += 1;
        if self.depth > 2000 {
            return Err(value_error("recursion limit exceeded"));
        }
        let r = self.read_inner();
        self.depth -= 1;
        r
    }
    fn read_inner(&mut self) -> PyResult<Value> {
        let code = self.byte()?;
        let flag = code & FLAG_REF != 0;
        let ty = code & !FLAG_REF;
        // reserve the reference slot before reading contents (containers may refer to themselves)
        let slot = if flag {
            self.refs.push(None);
            Some(self.refs.len() - 1)
        } else {
            None
        };
        let v = match ty {
            b'0' => return Err(bad("NULL object")),
            b'N' => Value::None,
            b'F' => Value::Bool(false),
            b'T' => Value::Bool(true),
            b'S' => Value::Obj(crate::types::exceptions::exc().stop_iteration.clone()),
            b'.' => crate::types::misc::ellipsis(),
            b'i' => Value::Int(self.long()? as i64),
            b'l' => {
                let n = self.long()?;
                let cnt = n.unsigned_abs() as usize;
                let mut v = BigInt::zero();
                let ds = self.take(cnt * 2)?;
                for k in (0..cnt).rev() {
                    let d = u16::from_le_bytes([ds[2 * k], ds[2 * k + 1]]);
                    if d >= 1 << 15 {
                        return Err(bad("digit out of range in long"));
                    }
                    v = (v << 15usize) + BigInt::from(d);
                }
                if n < 0 {
                    v = -v;
                }
                crate::types::int::from_bigint(v)
            }
            b'g' => {
                let b = self.take(8)?;
                Value::Float(f64::from_le_bytes(b.try_into().unwrap_or([0; 8])))
            }
            b'f' => {
                let n = self.byte()? as usize;
                let s = self.str_of(n)?;
                Value::Float(crate::types::float::parse_float(&s).ok_or_else(|| bad("float"))?)
            }
            b'y' => {
                let b = self.take(16)?;
                let re = f64::from_le_bytes(b[..8].try_into().unwrap_or([0; 8]));
                let im = f64::from_le_bytes(b[8..].try_into().unwrap_or([0; 8]));
                crate::types::complex::new_complex(re, im)
            }
            b'x' => {
                let n = self.byte()? as usize;
                let re = crate::types::float::parse_float(&self.str_of(n)?)
                    .ok_or_else(|| bad("complex"))?;
                let n = self.byte()? as usize;
                let im = crate::types::float::parse_float(&self.str_of(n)?)
                    .ok_or_else(|| bad("complex"))?;
                crate::types::complex::new_complex(re, im)
            }
            b's' => {
                let n = self.size()?;
                crate::types::bytes::new_bytes(self.take(n)?.to_vec())
            }
            b'u' | b't' | b'a' | b'A' => {
                let n = self.size()?;
                let s = self.str_of(n)?;
                if ty == b't' || ty == b'A' {
                    Value::Obj(crate::types::str::intern(&s))
                } else {
                    Value::from(s)
                }
            }
            b'z' | b'Z' => {
                let n = self.byte()? as usize;
                let s = self.str_of(n)?;
                if ty == b'Z' {
                    Value::Obj(crate::types::str::intern(&s))
                } else {
                    Value::from(s)
                }
            }
            b'(' | b')' => {
                let n = if ty == b')' {
                    self.byte()? as usize
                } else {
                    self.size()?
                };
                let mut items = Vec::with_capacity(n.min(1 << 16));
                for _ in 0..n {
                    items.push(self.read()?);
                }
                crate::types::tuple::new_tuple(items)
            }
            b'[' => {
                let n = self.size()?;
                let l = crate::types::list::new_list(Vec::new());
                if let Some(s) = slot {
                    self.refs[s] = Some(l.clone());
                }
                for _ in 0..n {
                    let it = self.read()?;
                    if let Some(pl) = crate::types::list::as_list(&l) {
                        pl.push(it);
                    }
                }
                l
            }
            b'{' => {
                let d = crate::types::dict::new_dict();
                if let Some(s) = slot {
                    self.refs[s] = Some(d.clone());
                }
                loop {
                    if self.d.get(self.p) == Some(&b'0') {
                        self.p += 1;
                        break;
                    }
                    let k = self.read()?;
                    let v = self.read()?;
                    crate::types::dict::as_dict(&d).unwrap().set_item(k, v)?;
                }
                d
            }
            b'<' | b'>' => {
                let n = self.size()?;
                let mut items = Vec::with_capacity(n.min(1 << 16));
                for _ in 0..n {
                    items.push(self.read()?);
                }
                if ty == b'<' {
                    crate::types::set::new_set_from(items)?
                } else {
                    crate::types::set::new_frozenset_from(items)
                }
            }
            b'r' => {
                let i = self.long()?;
                return self
                    .refs
                    .get(i as usize)
                    .cloned()
                    .flatten()
                    .ok_or_else(|| bad("invalid reference"));
            }
            b'c' => {
                return Err(value_error(
                    "bad marshal data (code objects are not supported by Pyrite's marshal)",
                ))
            }
            _ => return Err(bad("unknown type code")),
        };
        if let Some(s) = slot {
            self.refs[s] = Some(v.clone());
        }
        Ok(v)
    }
}

pub fn loads(d: &[u8]) -> PyResult<(Value, usize)> {
    let mut r = Reader {
        d,
        p: 0,
        refs: Vec::new(),
        depth: 0,
    };
    let v = r.read()?;
    Ok((v, r.p))
}

fn version_arg(v: Option<&Value>) -> PyResult<i64> {
    match v {
        Some(v) => crate::types::int::index_i64(v),
        None => Ok(VERSION),
    }
}

fn m_dumps(a: &[Value], kw: Kw) -> PyResult<Value> {
    let p = crate::args::parse("dumps", a, kw, &["", "", ""], 1)?;
    let version = version_arg(p[1].as_ref())?;
    Ok(crate::types::bytes::new_bytes(dumps(
        p[0].as_ref().unwrap(),
        version,
    )?))
}

fn m_loads(a: &[Value], kw: Kw) -> PyResult<Value> {
    let p = crate::args::parse("loads", a, kw, &[""], 1)?;
    let data = crate::modules::ndata::need_buffer(p[0].as_ref().unwrap())?;
    Ok(loads(&data)?.0)
}

pub fn init(m: &ObjRef) -> PyResult<()> {
    set_attr(m, "version", Value::Int(VERSION));
    add_function(m, "dumps", m_dumps);
    add_function(m, "loads", m_loads);
    add_function(m, "dump", |a, kw| {
        let p = crate::args::parse("dump", a, kw, &["", "", ""], 2)?;
        let version = version_arg(p[2].as_ref())?;
        let b = dumps(p[0].as_ref().unwrap(), version)?;
        crate::ops::attr::call_method(
            p[1].as_ref().unwrap(),
            "write",
            &[crate::types::bytes::new_bytes(b)],
        )?;
        Ok(Value::None)
    });
    add_function(m, "load", |a, kw| {
        let p = crate::args::parse("load", a, kw, &[""], 1)?;
        let f = p[0].clone().unwrap();
        let data = crate::ops::attr::call_method(&f, "read", &[])?;
        let d = crate::modules::ndata::need_buffer(&data)?;
        let (v, used) = loads(&d)?;
        // give back what was not consumed when the file can seek
        if used < d.len() {
            let back = -((d.len() - used) as i64);
            let _ = crate::ops::attr::call_method(&f, "seek", &[Value::Int(back), Value::Int(1)]);
        }
        Ok(v)
    });
    let _ = Sign::Plus;
    Ok(())
}
