//! Module objects (`PyModule_*`): creation from a `PyModuleDef` (single-phase
//! `PyModule_Create2` and multi-phase `PyModule_FromDefAndSpec2` + `PyModule_ExecDef`,
//! PEP 489), per-module state, adding objects and functions.

use crate::{bad_internal, cstr, int_api, obj_api, ptr_api, val};
use emulation::cfunc::new_cfunction;
use emulation::err;
use emulation::layout::*;
use emulation::mirror::{self, from_c, to_c_borrowed_obj};
use emulation::statics;
use pyrite_vm::errors::{PyErr, PyResult};
use pyrite_vm::object::ObjRef;
use pyrite_vm::types::exceptions::exc;
use pyrite_vm::types::module::{module_dict, new_module, set_attr, PyModule};
use pyrite_vm::types::Payload;
use pyrite_vm::value::Value;
use std::os::raw::{c_char, c_int, c_long, c_void};
use std::ptr::null_mut;

fn pymodule(v: &Value) -> Option<&PyModule> {
    match v.payload() {
        Some(Payload::Module(m)) => Some(m),
        _ => None,
    }
}

unsafe fn module_of(m: *mut PyObject, func: &str) -> PyResult<Value> {
    let v = val(m, func)?;
    if pymodule(&v).is_none() {
        return Err(crate::type_error(format!(
            "{}: expected a module object, got {}",
            func,
            v.type_name()
        )));
    }
    Ok(v)
}

#[no_mangle]
pub unsafe extern "C" fn PyModule_NewObject(name: *mut PyObject) -> *mut PyObject {
    obj_api("PyModule_NewObject", || {
        let n = val(name, "PyModule_NewObject")?;
        let s =
            pyrite_vm::types::str::as_str(&n).ok_or_else(|| bad_internal("PyModule_NewObject"))?;
        Ok(Value::Obj(new_module(s)))
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyModule_New(name: *const c_char) -> *mut PyObject {
    obj_api("PyModule_New", || {
        Ok(Value::Obj(new_module(cstr(name, "PyModule_New")?)))
    })
}

/// The name a single-phase module gets: the full dotted name while an extension of a
/// package is being initialized (`_Py_PackageContext`).
unsafe fn module_name(def_name: &str) -> String {
    let ctx = statics::_Py_PackageContext.0;
    if !ctx.is_null() {
        let full = std::ffi::CStr::from_ptr(ctx).to_string_lossy();
        if full.rsplit('.').next() == Some(def_name) {
            return full.into_owned();
        }
    }
    def_name.to_string()
}

/// Add the functions of a NULL-terminated `PyMethodDef` array to module `m`.
unsafe fn add_functions(m: &Value, methods: *mut PyMethodDef) -> PyResult<()> {
    if methods.is_null() {
        return Ok(());
    }
    let modname = pyrite_vm::ops::attr::getattr(m, "__name__").ok();
    let mut p = methods;
    while !(*p).ml_name.is_null() {
        if (*p).ml_flags & (METH_CLASS | METH_STATIC) != 0 {
            return Err(PyErr::new(
                &exc().value_error,
                "module functions cannot set METH_CLASS or METH_STATIC",
            ));
        }
        let f = new_cfunction(p, Some(m.clone()), modname.clone(), None);
        let name = cstr((*p).ml_name, "PyModule_AddFunctions")?;
        pyrite_vm::ops::attr::setattr(m, name, f)?;
        p = p.add(1);
    }
    Ok(())
}

unsafe fn set_doc(m: &Value, doc: *const c_char) -> PyResult<()> {
    if !doc.is_null() {
        pyrite_vm::ops::attr::setattr(
            m,
            "__doc__",
            Value::from(cstr(doc, "PyModule_SetDocString")?),
        )?;
    }
    Ok(())
}

/// Allocate the module state of `def` (zeroed), once.
unsafe fn alloc_state(m: &Value, def: *mut PyModuleDef) {
    if let Some(pm) = pymodule(m) {
        pm.def.set(def as usize);
        if (*def).m_size > 0 && pm.state.get() == 0 {
            pm.state
                .set(libc::calloc(1, (*def).m_size as usize) as usize);
        }
    }
}

/// `PyModule_Create2(def, apiver)` (single-phase initialization).
#[no_mangle]
pub unsafe extern "C" fn PyModule_Create2(def: *mut PyModuleDef, _apiver: c_int) -> *mut PyObject {
    crate::ensure_ready();
    obj_api("PyModule_Create2", || {
        if def.is_null() {
            return Err(bad_internal("PyModule_Create2"));
        }
        PyModuleDef_Init(def);
        let name = module_name(cstr((*def).m_name, "PyModule_Create2")?);
        let m = Value::Obj(new_module(&name));
        alloc_state(&m, def);
        add_functions(&m, (*def).m_methods)?;
        set_doc(&m, (*def).m_doc)?;
        Ok(m)
    })
}

#[no_mangle]
pub unsafe extern "C" fn _PyModule_CreateInitialized(
    def: *mut PyModuleDef,
    apiver: c_int,
) -> *mut PyObject {
    PyModule_Create2(def, apiver)
}

/// `PyModuleDef_Init(def)`: make the definition an object (for multi-phase init).
#[no_mangle]
pub unsafe extern "C" fn PyModuleDef_Init(def: *mut PyModuleDef) -> *mut PyObject {
    if def.is_null() {
        return null_mut();
    }
    let o = def as *mut PyObject;
    (*o).ob_type = std::ptr::addr_of_mut!(statics::PyModuleDef_Type);
    if (*o).ob_refcnt <= 0 {
        (*o).ob_refcnt = 1;
    }
    o
}

/// Is `p` a `PyModuleDef` (as returned by a multi-phase `PyInit_*`)?
pub(crate) unsafe fn is_module_def(p: *mut PyObject) -> bool {
    (*p).ob_type == std::ptr::addr_of_mut!(statics::PyModuleDef_Type)
}

/// `PyModule_FromDefAndSpec2(def, spec, apiver)`: create the module (`Py_mod_create`
/// slot or a plain module named `spec.name`).
#[no_mangle]
pub unsafe extern "C" fn PyModule_FromDefAndSpec2(
    def: *mut PyModuleDef,
    spec: *mut PyObject,
    _apiver: c_int,
) -> *mut PyObject {
    crate::ensure_ready();
    obj_api("PyModule_FromDefAndSpec2", || {
        if def.is_null() || spec.is_null() {
            return Err(bad_internal("PyModule_FromDefAndSpec2"));
        }
        PyModuleDef_Init(def);
        let specv = from_c(spec);
        let name_v = pyrite_vm::ops::attr::getattr(&specv, "name")?;
        let name = pyrite_vm::types::str::as_str(&name_v)
            .unwrap_or("?")
            .to_string();
        if (*def).m_size < 0 {
            // fine: no sub-interpreter support requested
        }
        let mut create: Option<
            unsafe extern "C" fn(*mut PyObject, *mut PyModuleDef) -> *mut PyObject,
        > = None;
        let mut s = (*def).m_slots;
        if !s.is_null() {
            while (*s).slot != 0 {
                match (*s).slot {
                    Py_mod_create => {
                        if create.is_some() {
                            return Err(PyErr::new(
                                &exc().system_error,
                                format!("module {} has multiple create slots", name),
                            ));
                        }
                        create = Some(std::mem::transmute::<
                            *mut c_void,
                            unsafe extern "C" fn(*mut PyObject, *mut PyModuleDef) -> *mut PyObject,
                        >((*s).value));
                    }
                    Py_mod_exec => {}
                    other => {
                        return Err(PyErr::new(
                            &exc().system_error,
                            format!("module {} uses unknown slot ID {}", name, other),
                        ));
                    }
                }
                s = s.add(1);
            }
        }
        let m = match create {
            Some(f) => {
                let r = emulation::enter_py(|| f(spec, def));
                if r.is_null() {
                    return Err(err::take_pyerr().unwrap_or_else(|| {
                        PyErr::new(
                            &exc().system_error,
                            format!(
                                "creation of module {} failed without setting an exception",
                                name
                            ),
                        )
                    }));
                }
                if err::occurred() {
                    mirror::decref(r);
                    return Err(PyErr::new(
                        &exc().system_error,
                        format!("creation of module {} raised unreported exception", name),
                    ));
                }
                mirror::steal(r)
            }
            None => Value::Obj(new_module(&name)),
        };
        if pymodule(&m).is_some() {
            alloc_state(&m, def);
        } else if (*def).m_size > 0
            || !(*def).m_traverse.is_null()
            || (*def).m_clear.is_some()
            || (*def).m_free.is_some()
        {
            return Err(PyErr::new(
                &exc().system_error,
                format!(
                    "module {} is not a module object, but requests module state",
                    name
                ),
            ));
        }
        add_functions(&m, (*def).m_methods)?;
        set_doc(&m, (*def).m_doc)?;
        Ok(m)
    })
}

#[no_mangle]
pub unsafe extern "C" fn _PyModule_FromDefAndSpec(
    def: *mut PyModuleDef,
    spec: *mut PyObject,
) -> *mut PyObject {
    PyModule_FromDefAndSpec2(def, spec, 1013)
}

/// `PyModule_ExecDef(module, def)`: run the `Py_mod_exec` slots.
#[no_mangle]
pub unsafe extern "C" fn PyModule_ExecDef(m: *mut PyObject, def: *mut PyModuleDef) -> c_int {
    int_api("PyModule_ExecDef", || {
        if m.is_null() || def.is_null() {
            return Err(bad_internal("PyModule_ExecDef"));
        }
        let mv = from_c(m);
        let name = pyrite_vm::ops::attr::getattr(&mv, "__name__")
            .ok()
            .and_then(|n| pyrite_vm::types::str::as_str(&n).map(|s| s.to_string()))
            .unwrap_or_else(|| "?".into());
        if pymodule(&mv).is_some() {
            alloc_state(&mv, def);
        }
        let mut s = (*def).m_slots;
        if s.is_null() {
            return Ok(0);
        }
        while (*s).slot != 0 {
            if (*s).slot == Py_mod_exec {
                let f: unsafe extern "C" fn(*mut PyObject) -> c_int =
                    std::mem::transmute((*s).value);
                let r = emulation::enter_py(|| f(m));
                emulation::mirror::flush_fill_lists();
                if r != 0 {
                    return Err(err::take_pyerr().unwrap_or_else(|| {
                        PyErr::new(
                            &exc().system_error,
                            format!(
                                "execution of module {} failed without setting an exception",
                                name
                            ),
                        )
                    }));
                }
                if err::occurred() {
                    let cause = err::take_pyerr();
                    let e = PyErr::new(
                        &exc().system_error,
                        format!("execution of module {} raised unreported exception", name),
                    );
                    if let (Some(c), Some(ex)) =
                        (cause, pyrite_vm::types::exceptions::as_exc(&e.value()))
                    {
                        ex.set_cause(Some(c.value()));
                    }
                    return Err(e);
                }
            }
            s = s.add(1);
        }
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyModule_GetDef(m: *mut PyObject) -> *mut PyModuleDef {
    crate::guard("PyModule_GetDef", || {
        match module_of(m, "PyModule_GetDef") {
            Ok(v) => pymodule(&v).unwrap().def.get() as *mut PyModuleDef,
            Err(e) => {
                err::set_pyerr(e);
                null_mut()
            }
        }
    })
}

/// `PyModule_GetState(m)`: the module's state block (NULL if it has none).
#[no_mangle]
pub unsafe extern "C" fn PyModule_GetState(m: *mut PyObject) -> *mut c_void {
    crate::guard("PyModule_GetState", || {
        match module_of(m, "PyModule_GetState") {
            Ok(v) => pymodule(&v).unwrap().state.get() as *mut c_void,
            Err(e) => {
                err::set_pyerr(e);
                null_mut()
            }
        }
    })
}

/// `PyModule_GetDict(m)`: borrowed.
#[no_mangle]
pub unsafe extern "C" fn PyModule_GetDict(m: *mut PyObject) -> *mut PyObject {
    ptr_api("PyModule_GetDict", || {
        let v = module_of(m, "PyModule_GetDict")?;
        Ok(to_c_borrowed_obj(&module_dict(v.as_obj().unwrap())))
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyModule_GetNameObject(m: *mut PyObject) -> *mut PyObject {
    obj_api("PyModule_GetNameObject", || {
        let v = module_of(m, "PyModule_GetNameObject")?;
        match pyrite_vm::types::module::get_attr(v.as_obj().unwrap(), "__name__") {
            Some(n) if pyrite_vm::types::str::as_str(&n).is_some() => Ok(n),
            _ => Err(PyErr::new(&exc().system_error, "nameless module")),
        }
    })
}

/// `PyModule_GetName(m)`: the UTF-8 name, owned by the name string.
#[no_mangle]
pub unsafe extern "C" fn PyModule_GetName(m: *mut PyObject) -> *const c_char {
    let n = PyModule_GetNameObject(m);
    if n.is_null() {
        return std::ptr::null();
    }
    // the name object stays alive in the module's dict
    let r = crate::unicode::PyUnicode_AsUTF8(n);
    mirror::decref(n);
    r
}

#[no_mangle]
pub unsafe extern "C" fn PyModule_GetFilenameObject(m: *mut PyObject) -> *mut PyObject {
    obj_api("PyModule_GetFilenameObject", || {
        let v = module_of(m, "PyModule_GetFilenameObject")?;
        match pyrite_vm::types::module::get_attr(v.as_obj().unwrap(), "__file__") {
            Some(f) if pyrite_vm::types::str::as_str(&f).is_some() => Ok(f),
            _ => Err(PyErr::new(&exc().system_error, "module filename missing")),
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyModule_GetFilename(m: *mut PyObject) -> *const c_char {
    let n = PyModule_GetFilenameObject(m);
    if n.is_null() {
        return std::ptr::null();
    }
    let r = crate::unicode::PyUnicode_AsUTF8(n);
    mirror::decref(n);
    r
}

/// `PyModule_AddObjectRef(m, name, value)`: does not steal.
#[no_mangle]
pub unsafe extern "C" fn PyModule_AddObjectRef(
    m: *mut PyObject,
    name: *const c_char,
    value: *mut PyObject,
) -> c_int {
    int_api("PyModule_AddObjectRef", || {
        let v = module_of(m, "PyModule_AddObjectRef")?;
        let n = cstr(name, "PyModule_AddObjectRef")?;
        if value.is_null() {
            if !err::occurred() {
                return Err(PyErr::new(&exc().system_error, "PyModule_AddObjectRef() must be called with an exception raised if value is NULL"));
            }
            return Err(err::take_pyerr().unwrap());
        }
        set_attr(v.as_obj().unwrap(), n, from_c(value));
        Ok(0)
    })
}

/// `PyModule_AddObject(m, name, value)`: steals `value` on success only.
#[no_mangle]
pub unsafe extern "C" fn PyModule_AddObject(
    m: *mut PyObject,
    name: *const c_char,
    value: *mut PyObject,
) -> c_int {
    let r = PyModule_AddObjectRef(m, name, value);
    if r == 0 {
        mirror::decref(value);
    }
    r
}

#[no_mangle]
pub unsafe extern "C" fn PyModule_AddIntConstant(
    m: *mut PyObject,
    name: *const c_char,
    value: c_long,
) -> c_int {
    int_api("PyModule_AddIntConstant", || {
        let v = module_of(m, "PyModule_AddIntConstant")?;
        set_attr(
            v.as_obj().unwrap(),
            cstr(name, "PyModule_AddIntConstant")?,
            Value::Int(value as i64),
        );
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyModule_AddStringConstant(
    m: *mut PyObject,
    name: *const c_char,
    value: *const c_char,
) -> c_int {
    int_api("PyModule_AddStringConstant", || {
        let v = module_of(m, "PyModule_AddStringConstant")?;
        let s = cstr(value, "PyModule_AddStringConstant")?;
        set_attr(
            v.as_obj().unwrap(),
            cstr(name, "PyModule_AddStringConstant")?,
            Value::from(s),
        );
        Ok(0)
    })
}

/// `PyModule_AddType(m, type)`: add under the type's short name.
#[no_mangle]
pub unsafe extern "C" fn PyModule_AddType(m: *mut PyObject, t: *mut PyTypeObject) -> c_int {
    if crate::typeobject::PyType_Ready(t) < 0 {
        return -1;
    }
    let name = crate::object::_PyType_Name(t);
    PyModule_AddObjectRef(m, name, t as *mut PyObject)
}

#[no_mangle]
pub unsafe extern "C" fn PyModule_AddFunctions(
    m: *mut PyObject,
    methods: *mut PyMethodDef,
) -> c_int {
    int_api("PyModule_AddFunctions", || {
        let v = val(m, "PyModule_AddFunctions")?;
        add_functions(&v, methods).map(|_| 0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyModule_SetDocString(m: *mut PyObject, doc: *const c_char) -> c_int {
    int_api("PyModule_SetDocString", || {
        let v = val(m, "PyModule_SetDocString")?;
        set_doc(&v, doc).map(|_| 0)
    })
}

// ---- PyState_* (single-phase modules found by their definition) ----

static BY_DEF: pyrite_vm::gil::GilCell<Vec<(usize, ObjRef)>> =
    pyrite_vm::gil::GilCell::new(Vec::new());

#[no_mangle]
pub unsafe extern "C" fn PyState_FindModule(def: *mut PyModuleDef) -> *mut PyObject {
    crate::guard("PyState_FindModule", || {
        BY_DEF
            .get()
            .iter()
            .find(|(d, _)| *d == def as usize)
            .map(|(_, m)| to_c_borrowed_obj(m))
            .unwrap_or(null_mut())
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyState_AddModule(m: *mut PyObject, def: *mut PyModuleDef) -> c_int {
    int_api("PyState_AddModule", || {
        let v = module_of(m, "PyState_AddModule")?;
        let t = BY_DEF.get();
        t.retain(|(d, _)| *d != def as usize);
        t.push((def as usize, v.as_obj().unwrap().clone()));
        Ok(0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyState_RemoveModule(def: *mut PyModuleDef) -> c_int {
    BY_DEF.get().retain(|(d, _)| *d != def as usize);
    0
}

/// Remember the module made from `def` (for `PyState_FindModule`).
pub(crate) fn record_module(def: *mut PyModuleDef, m: &Value) {
    if let Some(o) = m.as_obj() {
        let t = BY_DEF.get();
        if !t.iter().any(|(d, _)| *d == def as usize) {
            t.push((def as usize, o.clone()));
        }
    }
}
