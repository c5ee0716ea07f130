//! Frame and code objects (`PyFrame_GetCode`, `PyFrame_GetLineNumber`,
//! `PyCode_NewEmpty`, ...). Pyrite's frames run Pyrite bytecode: code objects
//! cannot be assembled from CPython bytecode, so the constructors that take raw
//! bytecode and the frame evaluators raise a clear error.

use crate::pycall::cstr_or;
use crate::{obj_api, val};
use emulation::layout::*;
use pyrite_vm::errors::PyErr;
use pyrite_vm::types::exceptions::exc;
use std::os::raw::{c_char, c_int};

/// New reference to the frame's code object.
#[no_mangle]
pub unsafe extern "C" fn PyFrame_GetCode(f: *mut PyObject) -> *mut PyObject {
    obj_api("PyFrame_GetCode", || {
        let v = val(f, "PyFrame_GetCode")?;
        crate::py(|| pyrite_vm::ops::attr::getattr(&v, "f_code"))
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyFrame_GetLineNumber(f: *mut PyObject) -> c_int {
    crate::guard("PyFrame_GetLineNumber", || {
        let r = val(f, "PyFrame_GetLineNumber")
            .and_then(|v| crate::py(|| pyrite_vm::ops::attr::getattr(&v, "f_lineno")));
        match r {
            Ok(n) => pyrite_vm::types::int::as_i64(&n).unwrap_or(-1) as c_int,
            Err(e) => {
                emulation::err::set_pyerr(e);
                -1
            }
        }
    })
}

/// A code object that does nothing, named for tracebacks (as Cython uses it).
#[no_mangle]
pub unsafe extern "C" fn PyCode_NewEmpty(
    filename: *const c_char,
    funcname: *const c_char,
    firstlineno: c_int,
) -> *mut PyObject {
    obj_api("PyCode_NewEmpty", || {
        let file = cstr_or(filename, "<unknown>");
        let name = cstr_or(funcname, "<unknown>");
        // an empty function of that name defined at that line (co_firstlineno,
        // co_name, co_filename are what tracebacks show)
        let pad = "\n".repeat(firstlineno.max(1) as usize - 1);
        let ident = !name.is_empty()
            && name
                .chars()
                .next()
                .is_some_and(|c| c.is_alphabetic() || c == '_')
            && name.chars().all(|c| c.is_alphanumeric() || c == '_');
        if !ident {
            return crate::py(|| {
                pyrite_vm::builtins::compile_source(
                    &format!("{}pass\n", pad),
                    &file,
                    pyrite_compiler::Mode::Exec,
                )
            });
        }
        let module = crate::py(|| {
            pyrite_vm::builtins::compile_source(
                &format!("{}def {}():\n    pass\n", pad, name),
                &file,
                pyrite_compiler::Mode::Exec,
            )
        })?;
        let consts = crate::py(|| pyrite_vm::ops::attr::getattr(&module, "co_consts"))?;
        for c in pyrite_vm::ops::iterate(&consts)? {
            if c.type_name() == "code" {
                return Ok(c);
            }
        }
        Ok(module)
    })
}

fn no_bytecode(func: &str) -> PyErr {
    PyErr::new(
        &exc().not_implemented_error,
        format!(
            "{}: Pyrite runs its own bytecode; code objects cannot be built from CPython bytecode",
            func
        ),
    )
}

#[no_mangle]
pub unsafe extern "C" fn PyCode_NewWithPosOnlyArgs(
    _argcount: c_int,
    _posonly: c_int,
    _kwonly: c_int,
    _nlocals: c_int,
    _stacksize: c_int,
    _flags: c_int,
    _code: *mut PyObject,
    _consts: *mut PyObject,
    _names: *mut PyObject,
    _varnames: *mut PyObject,
    _freevars: *mut PyObject,
    _cellvars: *mut PyObject,
    _filename: *mut PyObject,
    _name: *mut PyObject,
    _qualname: *mut PyObject,
    _firstlineno: c_int,
    _linetable: *mut PyObject,
    _exceptiontable: *mut PyObject,
) -> *mut PyObject {
    obj_api("PyCode_NewWithPosOnlyArgs", || {
        Err(no_bytecode("PyCode_NewWithPosOnlyArgs"))
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyFrame_New(
    _ts: *mut std::ffi::c_void,
    code: *mut PyObject,
    globals: *mut PyObject,
    _locals: *mut PyObject,
) -> *mut PyObject {
    obj_api("PyFrame_New", || {
        let _ = (val(code, "PyFrame_New")?, val(globals, "PyFrame_New")?);
        Err(PyErr::new(
            &exc().not_implemented_error,
            "PyFrame_New: Pyrite does not create frames outside its interpreter loop",
        ))
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyEval_EvalFrame(_f: *mut PyObject) -> *mut PyObject {
    obj_api("PyEval_EvalFrame", || {
        Err(PyErr::new(
            &exc().not_implemented_error,
            "PyEval_EvalFrame: frames are run by Pyrite's own loop",
        ))
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyEval_EvalFrameEx(_f: *mut PyObject, _throwflag: c_int) -> *mut PyObject {
    obj_api("PyEval_EvalFrameEx", || {
        Err(PyErr::new(
            &exc().not_implemented_error,
            "PyEval_EvalFrameEx: frames are run by Pyrite's own loop",
        ))
    })
}
