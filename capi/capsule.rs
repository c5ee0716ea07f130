//! Capsules (`PyCapsule_*`): an opaque pointer with a name, an optional context
//! and a destructor, as extensions use to publish C APIs to each other.

use crate::{bad_internal, cstr, val};
use emulation::err;
use emulation::layout::*;
use pyrite_vm::errors::{PyErr, PyResult};
use pyrite_vm::modules::ndata::{self, NativeData};
use pyrite_vm::types::exceptions::exc;
use pyrite_vm::value::Value;
use std::cell::Cell;
use std::ffi::CStr;
use std::os::raw::{c_char, c_int, c_void};
use std::ptr::null_mut;

type Destructor = Option<unsafe extern "C" fn(*mut PyObject)>;

pub struct Capsule {
    pointer: Cell<*mut c_void>,
    name: Cell<*const c_char>,
    context: Cell<*mut c_void>,
    destructor: Cell<Destructor>,
}

thread_local! {
    /// The capsule whose destructor is running: (its stand-in pointer, its data).
    static DYING: Cell<(*mut PyObject, *const Capsule)> = const { Cell::new((null_mut(), std::ptr::null())) };
}

impl NativeData for Capsule {}

impl Drop for Capsule {
    fn drop(&mut self) {
        if let Some(d) = self.destructor.get() {
            // The object is gone by now: the destructor gets a stand-in object that the
            // PyCapsule_* accessors recognize.
            let mut stand_in = PyObject {
                ob_refcnt: emulation::statics::IMMORTAL,
                ob_type: std::ptr::addr_of_mut!(emulation::statics::PyCapsule_Type),
            };
            let p = &mut stand_in as *mut PyObject;
            let prev = DYING.with(|c| c.replace((p, self as *const Capsule)));
            // SAFETY: the extension's destructor, called once with the capsule.
            unsafe { d(p) };
            DYING.with(|c| c.set(prev));
        }
    }
}

/// `<capsule object "name" at 0x...>` as CPython prints capsules.
fn capsule_repr(
    a: &[pyrite_vm::value::Value],
    _kw: pyrite_vm::types::function::Kw,
) -> PyResult<pyrite_vm::value::Value> {
    let c = ndata::this::<Capsule>(&a[0], "PyCapsule")?;
    let name = c.name.get();
    let shown = if name.is_null() {
        "NULL".to_string()
    } else {
        // SAFETY: capsule names are NUL-terminated strings that outlive the capsule
        format!(
            "\"{}\"",
            unsafe { std::ffi::CStr::from_ptr(name) }.to_string_lossy()
        )
    };
    Ok(pyrite_vm::value::Value::from(
        format!("<capsule object {} at {:#x}>", shown, a[0].id()).as_str(),
    ))
}

fn capsule_type() -> pyrite_vm::object::ObjRef {
    emulation::statics::static_type(
        std::ptr::addr_of_mut!(emulation::statics::PyCapsule_Type) as *mut PyObject
    )
    .expect("PyCapsule_Type is linked at start-up")
}

/// The capsule data of `p` (the object itself, or the stand-in during destruction).
unsafe fn with_capsule<T>(
    p: *mut PyObject,
    func: &str,
    f: impl FnOnce(&Capsule) -> PyResult<T>,
) -> PyResult<T> {
    let (dp, dc) = DYING.with(|c| c.get());
    if !p.is_null() && p == dp {
        return f(&*dc);
    }
    let v = val(p, func)?;
    match ndata::get::<Capsule>(&v) {
        Some(c) => f(c),
        None => Err(PyErr::new(
            &exc().value_error,
            format!("{} called with invalid PyCapsule object", func),
        )),
    }
}

unsafe fn same_name(a: *const c_char, b: *const c_char) -> bool {
    if a.is_null() || b.is_null() {
        return a == b;
    }
    CStr::from_ptr(a) == CStr::from_ptr(b)
}

#[no_mangle]
pub unsafe extern "C" fn PyCapsule_New(
    pointer: *mut c_void,
    name: *const c_char,
    destructor: Destructor,
) -> *mut PyObject {
    crate::ensure_ready();
    crate::obj_api("PyCapsule_New", || {
        if pointer.is_null() {
            return Err(PyErr::new(
                &exc().value_error,
                "PyCapsule_New called with null pointer",
            ));
        }
        let c = Capsule {
            pointer: Cell::new(pointer),
            name: Cell::new(name),
            context: Cell::new(null_mut()),
            destructor: Cell::new(destructor),
        };
        let t = capsule_type();
        if pyrite_vm::types::typeobj::tdata(&t)
            .dict()
            .get_str_key("__repr__")
            .is_none()
        {
            pyrite_vm::types::typeobj::add_method(&t, "__repr__", capsule_repr);
            pyrite_vm::types::typeobj::modified(&t);
        }
        Ok(ndata::new_native(&t, c))
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyCapsule_GetPointer(
    p: *mut PyObject,
    name: *const c_char,
) -> *mut c_void {
    crate::guard("PyCapsule_GetPointer", || {
        match with_capsule(p, "PyCapsule_GetPointer", |c| {
            if !same_name(c.name.get(), name) {
                return Err(PyErr::new(
                    &exc().value_error,
                    "PyCapsule_GetPointer called with incorrect name",
                ));
            }
            Ok(c.pointer.get())
        }) {
            Ok(x) => x,
            Err(e) => {
                err::set_pyerr(e);
                null_mut()
            }
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyCapsule_GetName(p: *mut PyObject) -> *const c_char {
    crate::guard("PyCapsule_GetName", || {
        match with_capsule(p, "PyCapsule_GetName", |c| Ok(c.name.get())) {
            Ok(x) => x,
            Err(e) => {
                err::set_pyerr(e);
                std::ptr::null()
            }
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyCapsule_GetContext(p: *mut PyObject) -> *mut c_void {
    crate::guard("PyCapsule_GetContext", || {
        match with_capsule(p, "PyCapsule_GetContext", |c| Ok(c.context.get())) {
            Ok(x) => x,
            Err(e) => {
                err::set_pyerr(e);
                null_mut()
            }
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyCapsule_GetDestructor(p: *mut PyObject) -> Destructor {
    crate::guard("PyCapsule_GetDestructor", || {
        match with_capsule(p, "PyCapsule_GetDestructor", |c| Ok(c.destructor.get())) {
            Ok(x) => x,
            Err(e) => {
                err::set_pyerr(e);
                None
            }
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyCapsule_IsValid(p: *mut PyObject, name: *const c_char) -> c_int {
    crate::guard("PyCapsule_IsValid", || {
        if p.is_null() {
            return 0;
        }
        let saved = err::take();
        let r = with_capsule(p, "PyCapsule_IsValid", |c| {
            Ok(same_name(c.name.get(), name) && !c.pointer.get().is_null())
        })
        .unwrap_or(false);
        err::restore(saved);
        r as c_int
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyCapsule_SetPointer(p: *mut PyObject, pointer: *mut c_void) -> c_int {
    crate::int_api("PyCapsule_SetPointer", || {
        if pointer.is_null() {
            return Err(PyErr::new(
                &exc().value_error,
                "PyCapsule_SetPointer called with null pointer",
            ));
        }
        with_capsule(p, "PyCapsule_SetPointer", |c| {
            c.pointer.set(pointer);
            Ok(0)
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyCapsule_SetName(p: *mut PyObject, name: *const c_char) -> c_int {
    crate::int_api("PyCapsule_SetName", || {
        with_capsule(p, "PyCapsule_SetName", |c| {
            c.name.set(name);
            Ok(0)
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyCapsule_SetContext(p: *mut PyObject, context: *mut c_void) -> c_int {
    crate::int_api("PyCapsule_SetContext", || {
        with_capsule(p, "PyCapsule_SetContext", |c| {
            c.context.set(context);
            Ok(0)
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyCapsule_SetDestructor(p: *mut PyObject, d: Destructor) -> c_int {
    crate::int_api("PyCapsule_SetDestructor", || {
        with_capsule(p, "PyCapsule_SetDestructor", |c| {
            c.destructor.set(d);
            Ok(0)
        })
    })
}

/// `PyCapsule_Import("module.attr", no_block)`: import the module and return the
/// pointer of the capsule found at the dotted attribute path.
#[no_mangle]
pub unsafe extern "C" fn PyCapsule_Import(name: *const c_char, _no_block: c_int) -> *mut c_void {
    crate::ensure_ready();
    crate::guard("PyCapsule_Import", || {
        let r: PyResult<*mut c_void> = (|| {
            let full = cstr(name, "PyCapsule_Import")?;
            let mut parts = full.split('.');
            let first = parts
                .next()
                .ok_or_else(|| bad_internal("PyCapsule_Import"))?;
            let mut path = first.to_string();
            let mut obj = crate::py(|| {
                pyrite_vm::import::import_module_level(
                    &Value::from(first),
                    Value::None,
                    Value::None,
                    0,
                )?;
                pyrite_vm::modules::sys::get_module(first)
                    .ok_or_else(|| crate::system_error("import failed"))
            })?;
            for part in parts {
                path.push('.');
                path.push_str(part);
                // CPython 3.11 imports the first component only; the rest are attributes
                obj = crate::py(|| pyrite_vm::ops::attr::getattr(&obj, part))?;
            }
            match ndata::get::<Capsule>(&obj) {
                Some(c) if same_name(c.name.get(), name) => Ok(c.pointer.get()),
                _ => Err(PyErr::new(
                    &exc().attribute_error,
                    format!("PyCapsule_Import \"{}\" is not valid", full),
                )),
            }
        })();
        match r {
            Ok(p) => p,
            Err(e) => {
                err::set_pyerr(e);
                null_mut()
            }
        }
    })
}
