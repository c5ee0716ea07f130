//! C functions as Pyrite callables (`PyCFunction_NewEx`, `PyCMethod_New`): a
//! `builtin_function_or_method` whose receiver is a small native record holding the
//! `PyMethodDef*`, `self` and the defining class. Calls from Python go through
//! [`trampoline`], which converts the arguments per calling convention
//! (METH_NOARGS/O/VARARGS/KEYWORDS/FASTCALL/METHOD) without allocating beyond the
//! argument mirrors (a pending args tuple for METH_VARARGS, a stack array for
//! METH_FASTCALL).

use crate::err;
use crate::layout::*;
use crate::mirror::{self, container_mark, decref, ext, to_c_borrowed_global, to_c_new};
use pyrite_vm::errors::{type_error, PyErr, PyResult};
use pyrite_vm::modules::ndata::{self, NativeData};
use pyrite_vm::object::{ObjRef, Object};
use pyrite_vm::types::function::{Kw, PyBuiltin};
use pyrite_vm::types::{types, Payload};
use pyrite_vm::value::Value;
use std::collections::HashMap;
use std::ffi::CStr;
use std::ptr::null_mut;

/// What the runtime knows about a C function object.
pub struct CFuncInfo {
    pub def: *mut PyMethodDef,
    /// The function was created with a `self` (passed as `args[0]` by the core).
    pub has_self: bool,
    /// The defining class (METH_METHOD).
    pub class: Option<Value>,
    /// `"mod.f()"` / `"Type.f()"` / `"f()"` for error messages.
    pub funcstr: String,
    /// What the trampoline serves besides a `PyMethodDef` function (a C type's slot
    /// wrapper, member or getset; see `ctype.rs`).
    pub wrap: crate::ctype::Wrap,
}

/// The receiver record of a C function made when the trampoline table is exhausted:
/// it travels as the builtin's receiver (`args[0]`) together with the real `self`.
pub struct CFuncData {
    pub info: CFuncInfo,
    pub self_: Option<Value>,
    pub module: Option<Value>,
}

impl NativeData for CFuncData {
    fn traverse(&self, f: &mut dyn FnMut(&Value)) {
        for v in [&self.self_, &self.module, &self.info.class]
            .into_iter()
            .flatten()
        {
            f(v);
        }
    }
}

pyrite_vm::native_type!(holder_type, || {
    let t = ndata::new_type("builtin_function_data", "builtins", None, false);
    ndata::finish_type(&t);
    t
});

include!(concat!(env!("OUT_DIR"), "/trampolines.rs"));

/// Slot `i` describes the C function served by `TRAMPOLINES[i]` (boxed: stable
/// addresses while a call runs and more functions are created).
static SLOTS: pyrite_vm::gil::GilCell<Vec<Box<CFuncInfo>>> =
    pyrite_vm::gil::GilCell::new(Vec::new());
static BY_FN: pyrite_vm::gil::GilCell<Option<HashMap<usize, usize>>> =
    pyrite_vm::gil::GilCell::new(None);

fn tramp<const N: usize>(args: &[Value], kw: Kw) -> PyResult<Value> {
    let info: *const CFuncInfo = &*SLOTS.get()[N];
    // SAFETY: slots are never removed and boxed (stable address).
    let info = unsafe { &*info };
    if !matches!(info.wrap, crate::ctype::Wrap::None) {
        return crate::ctype::call_wrap(info, args, kw);
    }
    let (self_p, rest) = if info.has_self {
        (to_c_borrowed_global(&args[0]), &args[1..])
    } else {
        (null_mut(), args)
    };
    call_c(info, self_p, rest, kw)
}

/// A native function serving `info` (a trampoline of its own), for descriptors that
/// cannot carry a receiver record.
pub fn new_trampoline(info: CFuncInfo) -> PyResult<pyrite_vm::types::function::NativeFn> {
    let slots = SLOTS.get();
    if slots.len() >= N_TRAMPOLINES {
        return Err(PyErr::new(
            &pyrite_vm::types::exceptions::exc().system_error,
            format!(
                "too many C functions and slots (the limit is {})",
                N_TRAMPOLINES
            ),
        ));
    }
    let f = TRAMPOLINES[slots.len()];
    slots.push(Box::new(info));
    Ok(f)
}

/// The record behind a trampoline made by [`new_trampoline`] or `new_cfunction`.
pub fn trampoline_info(f: pyrite_vm::types::function::NativeFn) -> Option<&'static CFuncInfo> {
    let i = slot_of(f)?;
    // SAFETY: slots are boxed and never removed.
    Some(unsafe { &*(&*SLOTS.get()[i] as *const CFuncInfo) })
}

fn slot_of(f: pyrite_vm::types::function::NativeFn) -> Option<usize> {
    let m = BY_FN.get().get_or_insert_with(|| {
        TRAMPOLINES
            .iter()
            .enumerate()
            .map(|(i, t)| (*t as usize, i))
            .collect()
    });
    m.get(&(f as usize)).copied()
}

static NAMES: pyrite_vm::gil::GilCell<Option<HashMap<String, &'static str>>> =
    pyrite_vm::gil::GilCell::new(None);

/// A `&'static str` for a name (interned for the life of the process).
pub fn static_name(s: &str) -> &'static str {
    let m = NAMES.get().get_or_insert_with(HashMap::new);
    if let Some(n) = m.get(s) {
        return n;
    }
    let leaked: &'static str = Box::leak(s.to_string().into_boxed_str());
    m.insert(s.to_string(), leaked);
    leaked
}

/// # Safety
/// `p` is NULL or a NUL-terminated string.
pub unsafe fn cstr<'a>(p: *const std::os::raw::c_char) -> Option<&'a str> {
    if p.is_null() {
        None
    } else {
        Some(CStr::from_ptr(p).to_str().unwrap_or("?"))
    }
}

/// A Pyrite callable for the C function described by `def`.
///
/// # Safety
/// `def` points to a `PyMethodDef` that outlives the function object.
pub unsafe fn new_cfunction(
    def: *mut PyMethodDef,
    self_: Option<Value>,
    module: Option<Value>,
    class: Option<Value>,
) -> Value {
    let name = static_name(cstr((*def).ml_name).unwrap_or("?"));
    let modname = module
        .as_ref()
        .and_then(|m| pyrite_vm::types::str::as_str(m).map(static_name));
    let doc = cstr((*def).ml_doc).map(static_name);
    let funcstr = match (&self_, modname) {
        (Some(s), _) if !matches!(s.payload(), Some(Payload::Module(_))) => {
            let tn = if pyrite_vm::types::typeobj::is_type(s) {
                pyrite_vm::types::typeobj::type_name(s.as_obj().unwrap())
            } else {
                s.type_name()
            };
            format!("{}.{}()", tn, name)
        }
        (_, Some(m)) if m != "builtins" => format!("{}.{}()", m, name),
        _ => format!("{}()", name),
    };
    let info = CFuncInfo {
        def,
        has_self: self_.is_some(),
        class,
        funcstr,
        wrap: crate::ctype::Wrap::None,
    };
    let slots = SLOTS.get();
    let builtin = if slots.len() < N_TRAMPOLINES {
        let f = TRAMPOLINES[slots.len()];
        slots.push(Box::new(info));
        PyBuiltin {
            name,
            f,
            self_,
            module: modname,
            doc,
        }
    } else {
        let data = CFuncData {
            info,
            self_,
            module,
        };
        let holder = ndata::new_native(&holder_type(), data);
        PyBuiltin {
            name,
            f: holder_trampoline,
            self_: Some(holder),
            module: modname,
            doc,
        }
    };
    Value::Obj(ObjRef::new(
        &types().builtin_function,
        Payload::Builtin(Box::new(builtin)),
    ))
}

/// A C function object's description and its `self`, if `v` is one.
pub fn cfunc_data(v: &Value) -> Option<(&CFuncInfo, Option<Value>)> {
    let Some(Payload::Builtin(b)) = v.payload() else {
        return None;
    };
    if let Some(i) = slot_of(b.f) {
        // SAFETY: slots are boxed and never removed.
        let info: &CFuncInfo = unsafe { &*(&*SLOTS.get()[i] as *const CFuncInfo) };
        return Some((info, b.self_.clone()));
    }
    let h = b.self_.as_ref()?;
    ndata::get::<CFuncData>(h).map(|d| (&d.info, d.self_.clone()))
}

fn holder_trampoline(args: &[Value], kw: Kw) -> PyResult<Value> {
    let d = match ndata::get::<CFuncData>(&args[0]) {
        Some(d) => d,
        None => return Err(type_error("C function called without its record")),
    };
    let self_p = match &d.self_ {
        Some(v) => to_c_borrowed_global(v),
        None => null_mut(),
    };
    call_c(&d.info, self_p, &args[1..], kw)
}

type NoArgs = unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject;
type WithKw = unsafe extern "C" fn(*mut PyObject, *mut PyObject, *mut PyObject) -> *mut PyObject;
type Fast = unsafe extern "C" fn(*mut PyObject, *const *mut PyObject, Py_ssize_t) -> *mut PyObject;
type FastKw = unsafe extern "C" fn(
    *mut PyObject,
    *const *mut PyObject,
    Py_ssize_t,
    *mut PyObject,
) -> *mut PyObject;
type Method = unsafe extern "C" fn(
    *mut PyObject,
    *mut PyTypeObject,
    *const *mut PyObject,
    Py_ssize_t,
    *mut PyObject,
) -> *mut PyObject;

/// C mirrors of call arguments: borrowed for heap objects and static values, owned
/// (released after the call) for unboxed ints and floats.
struct ArgMirrors {
    small: [*mut PyObject; 8],
    big: Vec<*mut PyObject>,
    n: usize,
    owned: u64,
    owned_big: Vec<bool>,
}

impl ArgMirrors {
    fn new(vals: &[Value]) -> ArgMirrors {
        let n = vals.len();
        let mut a = ArgMirrors {
            small: [null_mut(); 8],
            big: Vec::new(),
            n,
            owned: 0,
            owned_big: Vec::new(),
        };
        if n > 8 {
            a.big.reserve(n);
            a.owned_big.reserve(n);
        }
        for (i, v) in vals.iter().enumerate() {
            let (p, owned) = match v {
                Value::Obj(o) => (mirror::to_c_borrowed_obj(o), false),
                Value::Int(_) | Value::Float(_) => {
                    let p = to_c_new(v);
                    (p, !mirror::is_static(p))
                }
                _ => (to_c_new(v), false),
            };
            if n <= 8 {
                a.small[i] = p;
                if owned {
                    a.owned |= 1 << i;
                }
            } else {
                a.big.push(p);
                a.owned_big.push(owned);
            }
        }
        a
    }
    fn as_ptr(&self) -> *const *mut PyObject {
        if self.n <= 8 {
            self.small.as_ptr()
        } else {
            self.big.as_ptr()
        }
    }
}

impl Drop for ArgMirrors {
    fn drop(&mut self) {
        if self.n <= 8 {
            for i in 0..self.n {
                if self.owned & (1 << i) != 0 {
                    decref(self.small[i]);
                }
            }
        } else {
            for (p, o) in self.big.iter().zip(self.owned_big.iter()) {
                if *o {
                    decref(*p);
                }
            }
        }
    }
}

/// A pending tuple mirror of `vals` (not materialized unless C hands it back to Python).
pub fn args_tuple(vals: &[Value]) -> *mut PyObject {
    let t = mirror::new_pending_tuple(vals.len());
    // SAFETY: t has vals.len() slots.
    unsafe {
        let slots = (*(t as *mut PyTupleObject)).ob_item.as_mut_ptr();
        for (i, v) in vals.iter().enumerate() {
            *slots.add(i) = to_c_new(v);
        }
    }
    t
}

pub(crate) fn kw_dict(names: &[Value], vals: &[Value]) -> PyResult<Value> {
    let d = pyrite_vm::types::dict::new_dict();
    let dd = pyrite_vm::types::dict::as_dict(&d).unwrap();
    for (k, v) in names.iter().zip(vals) {
        dd.set_item(k.clone(), v.clone())?;
    }
    Ok(d)
}

/// Call the C function `d` with `self_p` and the arguments (vectorcall layout).
pub fn call_c(d: &CFuncInfo, self_p: *mut PyObject, args: &[Value], kw: Kw) -> PyResult<Value> {
    let nkw = kw.map_or(0, |k| k.len());
    let npos = args.len() - nkw;
    // SAFETY: def outlives the function object (PyCFunction_NewEx contract).
    let def = unsafe { &*d.def };
    let meth = def.ml_meth;
    let flags = def.ml_flags & !(METH_CLASS | METH_STATIC | METH_COEXIST);
    let no_kw = || -> PyResult<()> {
        if nkw > 0 {
            return Err(type_error(format!(
                "{} takes no keyword arguments",
                d.funcstr
            )));
        }
        Ok(())
    };
    // Python ran since C last looked: refresh list mirrors when they cross again
    mirror::bump_epoch();
    // SAFETY: ml_meth has the signature its flags declare (the extension's contract).
    let r = unsafe {
        match flags {
            METH_NOARGS => {
                no_kw()?;
                if npos != 0 {
                    return Err(type_error(format!(
                        "{} takes no arguments ({} given)",
                        d.funcstr, npos
                    )));
                }
                let f: NoArgs = std::mem::transmute(meth);
                f(self_p, null_mut())
            }
            METH_O => {
                no_kw()?;
                if npos != 1 {
                    return Err(type_error(format!(
                        "{} takes exactly one argument ({} given)",
                        d.funcstr, npos
                    )));
                }
                let a = ArgMirrors::new(&args[..1]);
                let f: NoArgs = std::mem::transmute(meth);
                let r = f(self_p, *a.as_ptr());
                drop(a);
                r
            }
            METH_VARARGS => {
                no_kw()?;
                let t = args_tuple(&args[..npos]);
                let f: NoArgs = std::mem::transmute(meth);
                let r = f(self_p, t);
                decref(t);
                r
            }
            x if x == METH_VARARGS | METH_KEYWORDS => {
                let t = args_tuple(&args[..npos]);
                let kd = if nkw > 0 {
                    to_c_new(&kw_dict(kw.unwrap(), &args[npos..])?)
                } else {
                    null_mut()
                };
                let f: WithKw = std::mem::transmute(meth);
                let r = f(self_p, t, kd);
                decref(t);
                mirror::xdecref(kd);
                r
            }
            METH_FASTCALL => {
                no_kw()?;
                let a = ArgMirrors::new(&args[..npos]);
                let f: Fast = std::mem::transmute(meth);
                f(self_p, a.as_ptr(), npos as Py_ssize_t)
            }
            x if x == METH_FASTCALL | METH_KEYWORDS
                || x == METH_METHOD | METH_FASTCALL | METH_KEYWORDS =>
            {
                let a = ArgMirrors::new(args);
                let names = if nkw > 0 {
                    args_tuple(kw.unwrap())
                } else {
                    null_mut()
                };
                let r = if x & METH_METHOD != 0 {
                    let cls = match &d.class {
                        Some(c) => to_c_borrowed_global(c) as *mut PyTypeObject,
                        None => null_mut(),
                    };
                    let f: Method = std::mem::transmute(meth);
                    f(self_p, cls, a.as_ptr(), npos as Py_ssize_t, names)
                } else {
                    let f: FastKw = std::mem::transmute(meth);
                    f(self_p, a.as_ptr(), npos as Py_ssize_t, names)
                };
                mirror::xdecref(names);
                r
            }
            _ => {
                return Err(PyErr::new(
                    &pyrite_vm::types::exceptions::exc().system_error,
                    "Bad call flags in PyCFunction_Call. METH_OLDARGS is no longer supported!",
                ))
            }
        }
    };
    finish_call(r, &d.funcstr)
}

/// Convert what a C function returned (a new reference or NULL with an error set).
pub fn finish_call(r: *mut PyObject, what: &str) -> PyResult<Value> {
    mirror::flush_fill_lists();
    if r.is_null() {
        return Err(err::error_from_null(what));
    }
    if err::occurred() {
        mirror::decref(r);
        return Err(err::result_with_error(what));
    }
    // SAFETY: r is a new reference returned by C.
    Ok(unsafe { mirror::steal(r) })
}

static DUMMY_DEF: pyrite_vm::gil::GilCell<Option<Box<PyMethodDef>>> =
    pyrite_vm::gil::GilCell::new(None);

unsafe extern "C" fn rust_builtin_stub(_s: *mut PyObject, _a: *mut PyObject) -> *mut PyObject {
    crate::set_error(
        &pyrite_vm::types::exceptions::exc().system_error,
        "this built-in function cannot be called through its C function pointer",
    );
    null_mut()
}

/// Fill the `PyCFunctionObject` fields of a builtin function's mirror.
pub fn fill_cfunction_mirror(p: *mut PyObject, o: &ObjRef, b: &PyBuiltin) {
    let f = p as *mut PyCMethodObject;
    let own = |v: &Value| {
        let q = to_c_new(v);
        container_mark(q);
        ext(p).owned.push(q);
        q
    };
    // SAFETY: p is a fresh PyCMethodObject-sized mirror.
    unsafe {
        match cfunc_data(&Value::Obj(o.clone())) {
            Some((info, self_)) => {
                (*f).func.m_ml = info.def;
                if let Some(s) = &self_ {
                    (*f).func.m_self = own(s);
                }
                if let Some(c) = &info.class {
                    (*f).mm_class = mirror::to_c_borrowed_global(c) as *mut PyTypeObject;
                }
            }
            None => {
                let def = DUMMY_DEF.get().get_or_insert_with(|| {
                    Box::new(PyMethodDef {
                        ml_name: c"<built-in>".as_ptr(),
                        ml_meth: rust_builtin_stub as *mut std::ffi::c_void,
                        ml_flags: METH_VARARGS,
                        ml_doc: std::ptr::null(),
                    })
                });
                (*f).func.m_ml = &mut **def;
                if let Some(s) = &b.self_ {
                    (*f).func.m_self = own(s);
                }
            }
        }
        if let Some(m) = b.module {
            (*f).func.m_module = own(&Value::from(m));
        }
    }
}

/// A plain mirror's object is dying: module state of extension modules is freed.
pub fn object_dying_plain(obj: &Object, _p: *mut PyObject) {
    if let Payload::Module(m) = &obj.payload {
        let st = m.state.replace(0);
        if st != 0 {
            // SAFETY: the state block was allocated with calloc by PyModule_FromDefAndSpec.
            unsafe { libc::free(st as *mut std::ffi::c_void) };
        }
    }
}
