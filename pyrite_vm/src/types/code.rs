//! Code objects as Python objects: the compiler's `CodeObject` plus its constants
//! turned into values once.

use crate::errors::*;
use crate::object::ObjRef;
use crate::types::typeobj::{add_getset, add_method};
use crate::types::{types, Payload};
use crate::value::Value;
use pyrite_compiler::code::{CodeObject, Constant};
use std::cell::Cell;
use std::sync::Arc;

pub struct PyCode {
    pub code: Arc<CodeObject>,
    pub consts: Box<[Value]>,
    /// `names` as interned str objects.
    pub names: Box<[ObjRef]>,
    pub varnames: Box<[ObjRef]>,
    /// For each cellvar that is also a parameter: its index in varnames (unused by the
    /// VM — the compiler copies — kept for `f_locals`).
    pub ncells: usize,
    pub nfrees: usize,
    /// For each instruction, its inline cache in `caches` (`NO_CACHE` if none):
    /// global loads and attribute loads/stores get one each.
    pub cache_ix: Box<[u32]>,
    pub caches: Box<[InlineCache]>,
}

pub const NO_CACHE: u32 = u32::MAX;

/// What an inline cache remembers about the last execution of its instruction (see
/// `frame.rs`: `LoadGlobal`, `LoadAttr`, `LoadMethod`, `StoreAttr`).
///
/// Attribute caches are keyed by the receiver's type version (`TypeData::version`,
/// unique over the process and renewed by `typeobj::modified` whenever the type or a
/// base changes). Global caches are keyed by the globals' and builtins' dict versions
/// (also process-unique, renewed whenever a key is added or removed) and remember the
/// entry index, so a hit reads the current value without hashing.
///
/// Architecture Invariant: `ptr` is a borrowed pointer into the type's MRO dicts, valid
/// exactly as long as `key` equals the type's version: a type's dicts change only
/// through paths that call `typeobj::modified` (as in CPython, where C code must call
/// `PyType_Modified`). Caches never own objects, so they never keep anything alive.
pub struct InlineCache {
    pub key: Cell<u64>,
    pub key2: Cell<u64>,
    pub index: Cell<u32>,
    pub kind: Cell<u8>,
    pub ptr: Cell<*const crate::object::Object>,
}

impl InlineCache {
    pub const EMPTY: u64 = u64::MAX;
    fn new() -> InlineCache {
        InlineCache {
            key: Cell::new(Self::EMPTY),
            key2: Cell::new(Self::EMPTY),
            index: Cell::new(0),
            kind: Cell::new(0),
            ptr: Cell::new(std::ptr::null()),
        }
    }
}

/// Build the per-instruction cache map of a code object.
fn make_caches(code: &CodeObject) -> (Box<[u32]>, Box<[InlineCache]>) {
    use pyrite_compiler::bytecode::Instr;
    let mut n = 0u32;
    let ix: Vec<u32> = code
        .instructions
        .iter()
        .map(|i| match i {
            Instr::LoadGlobal(_)
            | Instr::LoadAttr(_)
            | Instr::LoadMethod(_)
            | Instr::StoreAttr(_) => {
                n += 1;
                n - 1
            }
            _ => NO_CACHE,
        })
        .collect();
    if n == 0 {
        return (Box::new([]), Box::new([]));
    }
    let caches: Vec<InlineCache> = (0..n).map(|_| InlineCache::new()).collect();
    (ix.into_boxed_slice(), caches.into_boxed_slice())
}

impl PyCode {
    /// The inline cache of the instruction at `ip`, if it has one.
    #[inline(always)]
    pub fn cache(&self, ip: usize) -> Option<&InlineCache> {
        let i = *self.cache_ix.get(ip)?;
        self.caches.get(i as usize)
    }
}

pub fn obj_code(o: &ObjRef) -> &PyCode {
    match o.payload() {
        Payload::Code(c) => c,
        _ => panic!("not a code object"),
    }
}

pub fn as_code(v: &Value) -> Option<&PyCode> {
    match v.payload() {
        Some(Payload::Code(c)) => Some(c),
        _ => None,
    }
}

pub fn const_to_value(c: &Constant) -> Value {
    match c {
        Constant::None => Value::None,
        Constant::Ellipsis => crate::types::misc::ellipsis(),
        Constant::Bool(b) => Value::Bool(*b),
        Constant::Int(i) => Value::Int(*i),
        Constant::BigInt(b) => crate::types::int::from_bigint(b.clone()),
        Constant::Float(f) => Value::Float(*f),
        Constant::Complex { re, im } => crate::types::complex::new_complex(*re, *im),
        Constant::Str(s) => {
            // identifiers-like constants are interned (as CPython does)
            if s.len() <= 40 && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
                Value::Obj(crate::types::str::intern(s))
            } else {
                crate::types::str::new_str(s)
            }
        }
        Constant::Bytes(b) => crate::types::bytes::new_bytes(b.to_vec()),
        Constant::Tuple(items) => {
            crate::types::tuple::new_tuple(items.iter().map(const_to_value).collect())
        }
        Constant::FrozenSet(items) => {
            let s = crate::types::set::new_frozenset_empty();
            for it in items.iter() {
                let _ = crate::types::set::as_set(&s)
                    .unwrap()
                    .add(const_to_value(it));
            }
            s
        }
        Constant::Code(c) => new_code(c.clone()),
    }
}

pub fn new_code(code: Arc<CodeObject>) -> Value {
    let consts = code.consts.iter().map(const_to_value).collect();
    let names = code
        .names
        .iter()
        .map(|n| crate::types::str::intern(n))
        .collect();
    let varnames = code
        .varnames
        .iter()
        .map(|n| crate::types::str::intern(n))
        .collect();
    let ncells = code.cellvars.len();
    let nfrees = code.freevars.len();
    let (cache_ix, caches) = make_caches(&code);
    Value::Obj(ObjRef::new(
        &types().code,
        Payload::Code(Box::new(PyCode {
            code,
            consts,
            names,
            varnames,
            ncells,
            nfrees,
            cache_ix,
            caches,
        })),
    ))
}

/// `code.replace(**changes)`: the fields that do not touch Pyrite's bytecode
/// (names, file, first line, and the flags that only say what kind of function the
/// code is). Other fields raise NotImplementedError naming them.
fn code_replace(a: &[Value], kw: crate::types::function::Kw) -> PyResult<Value> {
    use pyrite_compiler::code::flags as cf;
    let this = c(a
        .first()
        .ok_or_else(|| type_error("replace() needs a code object"))?)?;
    if a.len() - kw.map_or(0, |k| k.len()) > 1 {
        return Err(type_error("replace() takes no positional arguments"));
    }
    let mut code: CodeObject = (*this.code).clone();
    let npos = a.len() - kw.map_or(0, |k| k.len());
    let str_of = |v: &Value, field: &str| -> PyResult<Arc<str>> {
        crate::types::str::as_str(v).map(Arc::from).ok_or_else(|| {
            type_error(format!(
                "replace() argument '{}' must be str, not {}",
                field,
                v.type_name()
            ))
        })
    };
    if let Some(names) = kw {
        for (name, v) in names.iter().zip(&a[npos..]) {
            let field = crate::types::str::as_str(name).unwrap_or("?");
            match field {
                "co_name" => code.name = str_of(v, field)?,
                "co_qualname" => code.qualname = str_of(v, field)?,
                "co_filename" => code.filename = str_of(v, field)?,
                "co_firstlineno" => {
                    let n = crate::types::int::index_i64(v)?;
                    let old = code.firstlineno as i64;
                    code.firstlineno = u32::try_from(n)
                        .map_err(|_| overflow_error("co_firstlineno out of range"))?;
                    // keep the line table consistent: shift every location
                    let d = n - old;
                    for l in code.locations.iter_mut() {
                        if l.line != 0 {
                            l.line = (l.line as i64 + d).max(1) as u32;
                            l.end_line = (l.end_line as i64 + d).max(1) as u32;
                        }
                    }
                }
                "co_flags" => {
                    let n = crate::types::int::index_i64(v)?;
                    let kinds = cf::GENERATOR
                        | cf::COROUTINE
                        | cf::ITERABLE_COROUTINE
                        | cf::ASYNC_GENERATOR
                        | cf::NESTED
                        | cf::NOFREE;
                    let new =
                        u32::try_from(n).map_err(|_| overflow_error("co_flags out of range"))?;
                    if (new ^ code.flags) & !kinds != 0 {
                        return Err(not_implemented(
                            "code.replace(): Pyrite can only change the generator, coroutine, nested and nofree bits of co_flags",
                        ));
                    }
                    code.flags = new;
                }
                other => {
                    return Err(not_implemented(format!(
                        "code.replace({}=...) is not supported by Pyrite (its bytecode is its own)",
                        other
                    )))
                }
            }
        }
    }
    Ok(new_code(Arc::new(code)))
}

fn c(v: &Value) -> PyResult<&PyCode> {
    as_code(v).ok_or_else(|| type_error("expected a code object"))
}

fn strs(v: &[Arc<str>]) -> Value {
    crate::types::tuple::new_tuple(v.iter().map(|s| Value::from(&**s)).collect())
}

pub fn init(t: &ObjRef) {
    add_getset(t, "co_name", |v| Ok(Value::from(&*c(v)?.code.name)), None);
    add_getset(
        t,
        "co_qualname",
        |v| Ok(Value::from(&*c(v)?.code.qualname)),
        None,
    );
    add_getset(
        t,
        "co_filename",
        |v| Ok(Value::from(&*c(v)?.code.filename)),
        None,
    );
    add_getset(
        t,
        "co_firstlineno",
        |v| Ok(Value::Int(c(v)?.code.firstlineno as i64)),
        None,
    );
    add_getset(
        t,
        "co_argcount",
        |v| Ok(Value::Int(c(v)?.code.argcount as i64)),
        None,
    );
    add_getset(
        t,
        "co_posonlyargcount",
        |v| Ok(Value::Int(c(v)?.code.posonlyargcount as i64)),
        None,
    );
    add_getset(
        t,
        "co_kwonlyargcount",
        |v| Ok(Value::Int(c(v)?.code.kwonlyargcount as i64)),
        None,
    );
    add_getset(
        t,
        "co_flags",
        |v| Ok(Value::Int(c(v)?.code.flags as i64)),
        None,
    );
    add_getset(
        t,
        "co_nlocals",
        |v| Ok(Value::Int(c(v)?.code.varnames.len() as i64)),
        None,
    );
    add_getset(
        t,
        "co_stacksize",
        |v| Ok(Value::Int(c(v)?.code.max_stackdepth as i64)),
        None,
    );
    add_getset(t, "co_varnames", |v| Ok(strs(&c(v)?.code.varnames)), None);
    add_getset(t, "co_cellvars", |v| Ok(strs(&c(v)?.code.cellvars)), None);
    add_getset(t, "co_freevars", |v| Ok(strs(&c(v)?.code.freevars)), None);
    add_getset(t, "co_names", |v| Ok(strs(&c(v)?.code.names)), None);
    add_getset(
        t,
        "co_consts",
        |v| Ok(crate::types::tuple::new_tuple(c(v)?.consts.to_vec())),
        None,
    );
    add_getset(
        t,
        "co_code",
        |v| {
            // Pyrite's instructions are not CPython bytecode; expose 2 bytes per instruction
            // so that len() and iteration behave sensibly.
            Ok(crate::types::bytes::new_bytes(vec![
                9u8;
                c(v)?
                    .code
                    .instructions
                    .len()
                    * 2
            ]))
        },
        None,
    );
    add_getset(
        t,
        "co_lnotab",
        |_| Ok(crate::types::bytes::new_bytes(vec![])),
        None,
    );
    add_getset(
        t,
        "co_linetable",
        |_| Ok(crate::types::bytes::new_bytes(vec![])),
        None,
    );
    add_getset(
        t,
        "co_exceptiontable",
        |_| Ok(crate::types::bytes::new_bytes(vec![])),
        None,
    );
    add_method(t, "co_lines", |a, _| {
        let code = &c(&a[0])?.code;
        let mut out = Vec::new();
        for (i, l) in code.locations.iter().enumerate() {
            let line = if l.line == 0 {
                Value::None
            } else {
                Value::Int(l.line as i64)
            };
            out.push(crate::types::tuple::new_tuple(vec![
                Value::Int(i as i64 * 2),
                Value::Int(i as i64 * 2 + 2),
                line,
            ]));
        }
        crate::ops::get_iter(&crate::types::list::new_list(out))
    });
    add_method(t, "co_positions", |a, _| {
        let code = &c(&a[0])?.code;
        let mut out = Vec::new();
        for l in code.locations.iter() {
            let f = |x: u32, ok: bool| {
                if ok {
                    Value::Int(x as i64)
                } else {
                    Value::None
                }
            };
            let ok = l.line != 0;
            out.push(crate::types::tuple::new_tuple(vec![
                f(l.line, ok),
                f(l.end_line, ok),
                f(l.col, ok),
                f(l.end_col, ok),
            ]));
        }
        crate::ops::get_iter(&crate::types::list::new_list(out))
    });
    add_method(t, "replace", code_replace);
    add_method(t, "__repr__", |a, _| {
        let code = &c(&a[0])?.code;
        Ok(format!(
            "<code object {} at {:#x}, file \"{}\", line {}>",
            code.name,
            a[0].id(),
            code.filename,
            code.firstlineno
        )
        .into())
    });
    add_method(t, "__eq__", |a, _| match (as_code(&a[0]), as_code(&a[1])) {
        (Some(x), Some(y)) => Ok(Value::Bool(
            Arc::ptr_eq(&x.code, &y.code) || *x.code == *y.code,
        )),
        _ => Ok(crate::types::misc::not_implemented()),
    });
    add_method(t, "__hash__", |a, _| {
        Ok(Value::Int(crate::types::str::hash_bytes(
            c(&a[0])?.code.qualname.as_bytes(),
        )))
    });
}
