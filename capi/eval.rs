//! Running code: `PyRun_*`, `Py_CompileString*`, `PyEval_EvalCode*`, and the
//! execution-context queries (`PyEval_GetBuiltins`, `PyEval_GetGlobals`, ...).

use crate::{cstr, obj_api, ptr_api, py, val};
use emulation::err;
use emulation::layout::*;
use emulation::mirror::{from_c, to_c_borrowed_obj};
use pyrite_vm::errors::{PyErr, PyResult};
use pyrite_vm::object::ObjRef;
use pyrite_vm::value::Value;
use std::os::raw::{c_char, c_int};
use std::ptr::null_mut;

pub const Py_single_input: c_int = 256;
pub const Py_file_input: c_int = 257;
pub const Py_eval_input: c_int = 258;
pub const Py_func_type_input: c_int = 345;

fn mode_of(start: c_int) -> PyResult<pyrite_compiler::Mode> {
    Ok(match start {
        Py_single_input => pyrite_compiler::Mode::Single,
        Py_file_input => pyrite_compiler::Mode::Exec,
        Py_eval_input => pyrite_compiler::Mode::Eval,
        _ => return Err(crate::system_error("invalid start symbol")),
    })
}

fn compile(src: &str, filename: &str, start: c_int) -> PyResult<Value> {
    let mode = mode_of(start)?;
    py(|| pyrite_vm::builtins::compile_source(src, filename, mode))
}

/// Run a code object with `globals` (a dict) and `locals` (any mapping or None).
fn run(code: &Value, globals: &Value, locals: Value) -> PyResult<Value> {
    let g = globals
        .as_obj()
        .filter(|o| matches!(o.payload(), pyrite_vm::types::Payload::Dict(_)))
        .ok_or_else(|| crate::system_error("globals must be a dict"))?
        .clone();
    let gd = pyrite_vm::types::dict::obj_dict(&g);
    if gd.get_str_key("__builtins__").is_none() {
        gd.set_str(
            "__builtins__",
            Value::Obj(pyrite_vm::vm::interp().builtins.clone()),
        );
    }
    let c = code
        .as_obj()
        .filter(|o| matches!(o.payload(), pyrite_vm::types::Payload::Code(_)))
        .ok_or_else(|| crate::type_error("expected a code object"))?;
    let l = if locals.is_none() {
        Value::Obj(g.clone())
    } else {
        locals
    };
    let r = py(|| pyrite_vm::frame::run_code(c, &g, Some(l)));
    // as CPython's run_mod: the standard streams are flushed after running code
    pyrite_vm::modules::io_min::flush_std();
    r
}

#[no_mangle]
pub unsafe extern "C" fn PyEval_EvalCode(
    co: *mut PyObject,
    globals: *mut PyObject,
    locals: *mut PyObject,
) -> *mut PyObject {
    obj_api("PyEval_EvalCode", || {
        let c = val(co, "PyEval_EvalCode")?;
        let g = val(globals, "PyEval_EvalCode")?;
        let l = if locals.is_null() {
            Value::None
        } else {
            from_c(locals)
        };
        run(&c, &g, l)
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyEval_EvalCodeEx(
    co: *mut PyObject,
    globals: *mut PyObject,
    locals: *mut PyObject,
    _args: *const *mut PyObject,
    argc: c_int,
    _kws: *const *mut PyObject,
    kwc: c_int,
    _defs: *const *mut PyObject,
    defc: c_int,
    _kwdefs: *mut PyObject,
    closure: *mut PyObject,
) -> *mut PyObject {
    if argc != 0 || kwc != 0 || defc != 0 || !closure.is_null() {
        err::set_pyerr(crate::system_error(
            "PyEval_EvalCodeEx: arguments and closures are not supported",
        ));
        return null_mut();
    }
    PyEval_EvalCode(co, globals, locals)
}

#[no_mangle]
pub unsafe extern "C" fn Py_CompileStringObject(
    s: *const c_char,
    filename: *mut PyObject,
    start: c_int,
    _flags: *mut PyCompilerFlags,
    _optimize: c_int,
) -> *mut PyObject {
    crate::ensure_ready();
    obj_api("Py_CompileString", || {
        let src = cstr(s, "Py_CompileString")?;
        let f = val(filename, "Py_CompileString")?;
        compile(
            src,
            pyrite_vm::types::str::as_str(&f).unwrap_or("<string>"),
            start,
        )
    })
}

#[no_mangle]
pub unsafe extern "C" fn Py_CompileStringExFlags(
    s: *const c_char,
    filename: *const c_char,
    start: c_int,
    _flags: *mut PyCompilerFlags,
    _optimize: c_int,
) -> *mut PyObject {
    crate::ensure_ready();
    obj_api("Py_CompileString", || {
        let src = cstr(s, "Py_CompileString")?;
        let f = if filename.is_null() {
            "<string>"
        } else {
            cstr(filename, "Py_CompileString")?
        };
        compile(src, f, start)
    })
}

#[no_mangle]
pub unsafe extern "C" fn Py_CompileString(
    s: *const c_char,
    filename: *const c_char,
    start: c_int,
) -> *mut PyObject {
    Py_CompileStringExFlags(s, filename, start, null_mut(), -1)
}

#[no_mangle]
pub unsafe extern "C" fn Py_CompileStringFlags(
    s: *const c_char,
    filename: *const c_char,
    start: c_int,
    flags: *mut PyCompilerFlags,
) -> *mut PyObject {
    Py_CompileStringExFlags(s, filename, start, flags, -1)
}

/// `PyRun_StringFlags(str, start, globals, locals, flags)`.
#[no_mangle]
pub unsafe extern "C" fn PyRun_StringFlags(
    s: *const c_char,
    start: c_int,
    globals: *mut PyObject,
    locals: *mut PyObject,
    _flags: *mut PyCompilerFlags,
) -> *mut PyObject {
    crate::ensure_ready();
    obj_api("PyRun_String", || {
        let src = cstr(s, "PyRun_String")?;
        let code = compile(src, "<string>", start)?;
        let g = val(globals, "PyRun_String")?;
        let l = if locals.is_null() {
            Value::None
        } else {
            from_c(locals)
        };
        run(&code, &g, l)
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyRun_String(
    s: *const c_char,
    start: c_int,
    globals: *mut PyObject,
    locals: *mut PyObject,
) -> *mut PyObject {
    PyRun_StringFlags(s, start, globals, locals, null_mut())
}

fn main_dict() -> ObjRef {
    pyrite_vm::modules::main_dict()
}

/// Run source in `__main__`; print any exception (returns 0 / -1).
fn run_simple(src: &str, filename: &str) -> c_int {
    let r: PyResult<Value> = (|| {
        let code = compile(src, filename, Py_file_input)?;
        run(&code, &Value::Obj(main_dict()), Value::None)
    })();
    match r {
        Ok(_) => 0,
        Err(e) => {
            err::set_pyerr(e);
            crate::errors::PyErr_Print();
            -1
        }
    }
}

#[no_mangle]
pub unsafe extern "C" fn PyRun_SimpleStringFlags(
    s: *const c_char,
    _flags: *mut PyCompilerFlags,
) -> c_int {
    crate::ensure_ready();
    crate::guard("PyRun_SimpleString", || {
        match cstr(s, "PyRun_SimpleString") {
            Ok(src) => run_simple(src, "<string>"),
            Err(e) => {
                err::set_pyerr(e);
                crate::errors::PyErr_Print();
                -1
            }
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyRun_SimpleString(s: *const c_char) -> c_int {
    PyRun_SimpleStringFlags(s, null_mut())
}

unsafe fn read_file(fp: *mut libc::FILE) -> String {
    let mut data = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        let n = libc::fread(buf.as_mut_ptr() as *mut std::ffi::c_void, 1, buf.len(), fp);
        if n == 0 {
            break;
        }
        data.extend_from_slice(&buf[..n]);
    }
    String::from_utf8_lossy(&data).into_owned()
}

#[no_mangle]
pub unsafe extern "C" fn PyRun_SimpleFileExFlags(
    fp: *mut libc::FILE,
    filename: *const c_char,
    closeit: c_int,
    _flags: *mut PyCompilerFlags,
) -> c_int {
    crate::ensure_ready();
    crate::guard("PyRun_SimpleFile", || {
        let src = read_file(fp);
        if closeit != 0 {
            libc::fclose(fp);
        }
        let name = if filename.is_null() {
            "???".to_string()
        } else {
            std::ffi::CStr::from_ptr(filename)
                .to_string_lossy()
                .into_owned()
        };
        let mdo = main_dict();
        let md = pyrite_vm::types::dict::obj_dict(&mdo);
        let had_file = md.get_str_key("__file__").is_some();
        if !had_file {
            md.set_str("__file__", Value::from(name.as_str()));
            md.set_str("__cached__", Value::None);
        }
        let r = run_simple(&src, &name);
        if !had_file {
            md.del_str("__file__");
            md.del_str("__cached__");
        }
        r
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyRun_SimpleFileEx(
    fp: *mut libc::FILE,
    filename: *const c_char,
    closeit: c_int,
) -> c_int {
    PyRun_SimpleFileExFlags(fp, filename, closeit, null_mut())
}

#[no_mangle]
pub unsafe extern "C" fn PyRun_SimpleFile(fp: *mut libc::FILE, filename: *const c_char) -> c_int {
    PyRun_SimpleFileExFlags(fp, filename, 0, null_mut())
}

#[no_mangle]
pub unsafe extern "C" fn PyRun_AnyFileExFlags(
    fp: *mut libc::FILE,
    filename: *const c_char,
    closeit: c_int,
    flags: *mut PyCompilerFlags,
) -> c_int {
    PyRun_SimpleFileExFlags(fp, filename, closeit, flags)
}

#[no_mangle]
pub unsafe extern "C" fn PyRun_AnyFileEx(
    fp: *mut libc::FILE,
    filename: *const c_char,
    closeit: c_int,
) -> c_int {
    PyRun_SimpleFileExFlags(fp, filename, closeit, null_mut())
}

#[no_mangle]
pub unsafe extern "C" fn PyRun_AnyFile(fp: *mut libc::FILE, filename: *const c_char) -> c_int {
    PyRun_SimpleFileExFlags(fp, filename, 0, null_mut())
}

#[no_mangle]
pub unsafe extern "C" fn PyRun_AnyFileFlags(
    fp: *mut libc::FILE,
    filename: *const c_char,
    flags: *mut PyCompilerFlags,
) -> c_int {
    PyRun_SimpleFileExFlags(fp, filename, 0, flags)
}

#[no_mangle]
pub unsafe extern "C" fn PyRun_FileExFlags(
    fp: *mut libc::FILE,
    filename: *const c_char,
    start: c_int,
    globals: *mut PyObject,
    locals: *mut PyObject,
    closeit: c_int,
    _flags: *mut PyCompilerFlags,
) -> *mut PyObject {
    crate::ensure_ready();
    obj_api("PyRun_File", || {
        let src = read_file(fp);
        if closeit != 0 {
            libc::fclose(fp);
        }
        let name = if filename.is_null() {
            "???"
        } else {
            cstr(filename, "PyRun_File")?
        };
        let code = compile(&src, name, start)?;
        let g = val(globals, "PyRun_File")?;
        let l = if locals.is_null() {
            Value::None
        } else {
            from_c(locals)
        };
        run(&code, &g, l)
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyRun_FileEx(
    fp: *mut libc::FILE,
    filename: *const c_char,
    start: c_int,
    globals: *mut PyObject,
    locals: *mut PyObject,
    closeit: c_int,
) -> *mut PyObject {
    PyRun_FileExFlags(fp, filename, start, globals, locals, closeit, null_mut())
}

#[no_mangle]
pub unsafe extern "C" fn PyRun_File(
    fp: *mut libc::FILE,
    filename: *const c_char,
    start: c_int,
    globals: *mut PyObject,
    locals: *mut PyObject,
) -> *mut PyObject {
    PyRun_FileExFlags(fp, filename, start, globals, locals, 0, null_mut())
}

#[no_mangle]
pub unsafe extern "C" fn PyRun_FileFlags(
    fp: *mut libc::FILE,
    filename: *const c_char,
    start: c_int,
    globals: *mut PyObject,
    locals: *mut PyObject,
    flags: *mut PyCompilerFlags,
) -> *mut PyObject {
    PyRun_FileExFlags(fp, filename, start, globals, locals, 0, flags)
}

// ---- execution context ----

/// `PyEval_GetBuiltins()`: the builtins dict of the running frame (borrowed).
#[no_mangle]
pub extern "C" fn PyEval_GetBuiltins() -> *mut PyObject {
    crate::ensure_ready();
    ptr_api("PyEval_GetBuiltins", || {
        let t = pyrite_vm::vm::thread();
        let b = match t.frames.last() {
            Some(f) => pyrite_vm::frame::frame_mut(f).builtins.clone(),
            None => pyrite_vm::vm::interp().builtins_dict.clone(),
        };
        Ok(to_c_borrowed_obj(&b))
    })
}

/// `PyEval_GetGlobals()`: the globals of the running Python frame (borrowed), or NULL.
#[no_mangle]
pub extern "C" fn PyEval_GetGlobals() -> *mut PyObject {
    ptr_api("PyEval_GetGlobals", || {
        let t = pyrite_vm::vm::thread();
        Ok(match t.frames.last() {
            Some(f) => to_c_borrowed_obj(&pyrite_vm::frame::frame_mut(f).globals),
            None => null_mut(),
        })
    })
}

/// `PyEval_GetLocals()`: the running frame's locals mapping (borrowed), or NULL.
#[no_mangle]
pub extern "C" fn PyEval_GetLocals() -> *mut PyObject {
    ptr_api("PyEval_GetLocals", || {
        let t = pyrite_vm::vm::thread();
        let Some(f) = t.frames.last().cloned() else {
            return Ok(null_mut());
        };
        let fv = Value::Obj(f.clone());
        let l = py(|| pyrite_vm::ops::attr::getattr(&fv, "f_locals"))?;
        // keep the snapshot alive as long as the frame
        let fr = pyrite_vm::frame::frame_mut(&f);
        if fr.locals.is_none() {
            KEEP_LOCALS.get().push(l.clone());
        }
        Ok(emulation::mirror::to_c_borrowed_global(&l))
    })
}

static KEEP_LOCALS: pyrite_vm::gil::GilCell<Vec<Value>> = pyrite_vm::gil::GilCell::new(Vec::new());

/// `PyEval_GetFrame()`: the running frame (borrowed), or NULL.
#[no_mangle]
pub extern "C" fn PyEval_GetFrame() -> *mut PyObject {
    crate::guard("PyEval_GetFrame", || {
        match pyrite_vm::vm::thread().frames.last() {
            Some(f) => to_c_borrowed_obj(f),
            None => null_mut(),
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyEval_GetFuncName(f: *mut PyObject) -> *const c_char {
    crate::guard("PyEval_GetFuncName", || {
        let v = from_c(f);
        match pyrite_vm::ops::attr::getattr(&v, "__name__") {
            Ok(n) => {
                let p = emulation::mirror::to_c_borrowed_global(&n);
                crate::unicode::PyUnicode_AsUTF8(p)
            }
            Err(_) => c"?".as_ptr(),
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn PyEval_GetFuncDesc(f: *mut PyObject) -> *const c_char {
    let v = from_c(f);
    match v.payload() {
        Some(pyrite_vm::types::Payload::Function(_))
        | Some(pyrite_vm::types::Payload::Builtin(_))
        | Some(pyrite_vm::types::Payload::BoundMethod(_)) => c"()".as_ptr(),
        _ => c" object".as_ptr(),
    }
}

#[no_mangle]
pub extern "C" fn Py_GetRecursionLimit() -> c_int {
    pyrite_vm::vm::thread().recursion_limit as c_int
}

#[no_mangle]
pub extern "C" fn Py_SetRecursionLimit(n: c_int) {
    pyrite_vm::vm::thread().recursion_limit = n.max(1) as u32;
}

/// Recursion of C code through `Py_EnterRecursiveCall`, counted together with the
/// Python frames against the recursion limit.
static C_DEPTH: pyrite_vm::gil::GilCell<u32> = pyrite_vm::gil::GilCell::new(0);

/// `Py_EnterRecursiveCall(where)`: -1 with RecursionError (" ... " + where) when
/// the recursion limit or the native stack is exhausted.
#[no_mangle]
pub unsafe extern "C" fn Py_EnterRecursiveCall(where_: *const c_char) -> c_int {
    let t = pyrite_vm::vm::thread();
    let depth = *C_DEPTH.get() as usize + t.frames.len();
    let stack_low = stacker::remaining_stack().is_some_and(|n| n < 256 * 1024);
    if depth >= t.recursion_limit as usize || stack_low {
        let w = crate::pycall::cstr_or(where_, "");
        err::set_pyerr(PyErr::new(
            &pyrite_vm::types::exceptions::exc().recursion_error,
            format!("maximum recursion depth exceeded{}", w),
        ));
        return -1;
    }
    *C_DEPTH.get() += 1;
    0
}

#[no_mangle]
pub extern "C" fn Py_LeaveRecursiveCall() {
    let d = C_DEPTH.get();
    *d = d.saturating_sub(1);
}

/// `_Py_CheckRecursiveCall(tstate, where)`: the check without counting.
#[no_mangle]
pub unsafe extern "C" fn _Py_CheckRecursiveCall(
    _tstate: *mut std::ffi::c_void,
    where_: *const c_char,
) -> c_int {
    if Py_EnterRecursiveCall(where_) < 0 {
        return -1;
    }
    Py_LeaveRecursiveCall();
    0
}

#[no_mangle]
pub extern "C" fn Py_MakePendingCalls() -> c_int {
    crate::errors::PyErr_CheckSignals()
}
