//! Program entry points and interpreter lifecycle: `Py_BytesMain`, `Py_Main`,
//! `Py_Initialize(Ex)`, `Py_IsInitialized`, `Py_FinalizeEx`, `Py_SetProgramName`, and
//! the version/platform queries.

use std::ffi::CStr;
use std::os::raw::{c_char, c_int};

/// `int Py_BytesMain(int argc, char **argv)`: run the `pyrite` command line.
#[no_mangle]
pub extern "C" fn Py_BytesMain(argc: c_int, argv: *mut *mut c_char) -> c_int {
    crate::install_panic_hook();
    crate::install_hooks();
    let mut args = Vec::new();
    for i in 0..argc.max(0) as usize {
        // SAFETY: the caller passes argc valid NUL-terminated strings.
        let p = unsafe { *argv.add(i) };
        if p.is_null() {
            break;
        }
        args.push(unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned());
    }
    crate::guard("Py_BytesMain", || pyrite_vm::main_with_args(args))
}

/// A `wchar_t*` (UTF-32 on Linux) as a Rust string.
///
/// # Safety
/// `p` is NULL or a NUL-terminated wide string.
pub(crate) unsafe fn wide_to_string(p: *const libc::wchar_t) -> Option<String> {
    if p.is_null() {
        return None;
    }
    let mut s = String::new();
    let mut i = 0;
    loop {
        let c = *p.add(i);
        if c == 0 {
            break;
        }
        s.push(char::from_u32(c as u32).unwrap_or('\u{fffd}'));
        i += 1;
    }
    Some(s)
}

/// `int Py_Main(int argc, wchar_t **argv)`.
#[no_mangle]
pub unsafe extern "C" fn Py_Main(argc: c_int, argv: *mut *mut libc::wchar_t) -> c_int {
    crate::install_panic_hook();
    crate::install_hooks();
    let mut args = Vec::new();
    for i in 0..argc.max(0) as usize {
        match wide_to_string(*argv.add(i)) {
            Some(s) => args.push(s),
            None => break,
        }
    }
    crate::guard("Py_Main", || pyrite_vm::main_with_args(args))
}

static PROGRAM_NAME: pyrite_vm::gil::GilCell<Option<String>> = pyrite_vm::gil::GilCell::new(None);

/// `void Py_SetProgramName(const wchar_t *name)` (deprecated in 3.11, still honoured).
#[no_mangle]
pub unsafe extern "C" fn Py_SetProgramName(name: *const libc::wchar_t) {
    *PROGRAM_NAME.get() = wide_to_string(name);
}

/// `void Py_SetPythonHome(const wchar_t *home)`: accepted, not used.
#[no_mangle]
pub unsafe extern "C" fn Py_SetPythonHome(_home: *const libc::wchar_t) {}

/// `void Py_Initialize(void)`.
#[no_mangle]
pub extern "C" fn Py_Initialize() {
    Py_InitializeEx(1)
}

/// `void Py_InitializeEx(int initsigs)`: start the interpreter for an embedding program.
#[no_mangle]
pub extern "C" fn Py_InitializeEx(_initsigs: c_int) {
    crate::guard("Py_InitializeEx", || {
        if pyrite_vm::vm::is_initialized() {
            crate::ensure_ready();
            return;
        }
        crate::install_hooks();
        let mut cfg = pyrite_vm::Config::default();
        cfg.executable = PROGRAM_NAME.get().clone().unwrap_or_else(|| {
            std::env::current_exe()
                .map(|p| p.to_string_lossy().into_owned())
                .unwrap_or_default()
        });
        cfg.argv = vec![String::new()];
        if let Ok(p) = std::env::var("PYTHONPATH") {
            cfg.path.extend(
                p.split(':')
                    .filter(|s| !s.is_empty())
                    .map(|s| s.to_string()),
            );
        }
        if let Err(e) = pyrite_vm::init(cfg) {
            eprint!(
                "{}",
                pyrite_vm::modules::traceback_fmt::format_exception(&e.value())
            );
            emulation::mirror::fatal("Py_InitializeEx", "could not initialize the interpreter");
        }
        crate::ensure_ready();
        crate::import::run_inittab();
    })
}

/// `int Py_IsInitialized(void)`.
#[no_mangle]
pub extern "C" fn Py_IsInitialized() -> c_int {
    pyrite_vm::vm::is_initialized() as c_int
}

static AT_EXIT: pyrite_vm::gil::GilCell<Vec<extern "C" fn()>> =
    pyrite_vm::gil::GilCell::new(Vec::new());

/// `int Py_AtExit(void (*func)(void))`.
#[no_mangle]
pub extern "C" fn Py_AtExit(func: Option<extern "C" fn()>) -> c_int {
    match func {
        Some(f) if AT_EXIT.get().len() < 32 => {
            AT_EXIT.get().push(f);
            0
        }
        _ => -1,
    }
}

/// `int Py_FinalizeEx(void)`: run `atexit` handlers and flush the standard streams.
/// The interpreter itself stays allocated (a second `Py_Initialize` is a no-op).
#[no_mangle]
pub extern "C" fn Py_FinalizeEx() -> c_int {
    crate::guard("Py_FinalizeEx", || {
        if !pyrite_vm::vm::is_initialized() {
            return 0;
        }
        if let Some(atexit) = pyrite_vm::modules::sys::get_module("atexit") {
            if let Ok(f) = pyrite_vm::ops::attr::getattr(&atexit, "_run_exitfuncs") {
                let _ = pyrite_vm::ops::call::call(&f, &[], None);
            }
        }
        pyrite_vm::modules::io_min::flush_std();
        for f in AT_EXIT.get().drain(..).rev() {
            f();
        }
        0
    })
}

#[no_mangle]
pub extern "C" fn Py_Finalize() {
    Py_FinalizeEx();
}

/// `void Py_Exit(int status)`.
#[no_mangle]
pub extern "C" fn Py_Exit(status: c_int) -> ! {
    Py_FinalizeEx();
    std::process::exit(status)
}

static VERSION: &CStr = c"3.11.9 (Pyrite)";

#[no_mangle]
pub extern "C" fn Py_GetVersion() -> *const c_char {
    VERSION.as_ptr()
}

#[no_mangle]
pub extern "C" fn Py_GetPlatform() -> *const c_char {
    c"linux".as_ptr()
}

#[no_mangle]
pub extern "C" fn Py_GetCompiler() -> *const c_char {
    c"[rustc]".as_ptr()
}

#[no_mangle]
pub extern "C" fn Py_GetBuildInfo() -> *const c_char {
    c"pyrite".as_ptr()
}

#[no_mangle]
pub extern "C" fn Py_GetCopyright() -> *const c_char {
    c"Copyright (c) Pyrite contributors.".as_ptr()
}

/// A process-lifetime wide string (for the `Py_Get*` path queries).
fn leak_wide(s: &str) -> *mut libc::wchar_t {
    let mut v: Vec<libc::wchar_t> = s.chars().map(|c| c as libc::wchar_t).collect();
    v.push(0);
    Box::leak(v.into_boxed_slice()).as_mut_ptr()
}

static WIDE: pyrite_vm::gil::GilCell<Vec<(&'static str, usize)>> =
    pyrite_vm::gil::GilCell::new(Vec::new());

fn cached_wide(key: &'static str, make: impl FnOnce() -> String) -> *mut libc::wchar_t {
    let t = WIDE.get();
    if let Some((_, p)) = t.iter().find(|(k, _)| *k == key) {
        return *p as *mut libc::wchar_t;
    }
    let p = leak_wide(&make());
    t.push((key, p as usize));
    p
}

fn sys_str(name: &str) -> String {
    pyrite_vm::modules::sys::get_sys_attr(name)
        .and_then(|v| pyrite_vm::types::str::as_str(&v).map(|s| s.to_string()))
        .unwrap_or_default()
}

#[no_mangle]
pub extern "C" fn Py_GetProgramName() -> *mut libc::wchar_t {
    cached_wide("program", || {
        PROGRAM_NAME
            .get()
            .clone()
            .unwrap_or_else(|| "pyrite".into())
    })
}

#[no_mangle]
pub extern "C" fn Py_GetProgramFullPath() -> *mut libc::wchar_t {
    cached_wide("executable", || sys_str("executable"))
}

#[no_mangle]
pub extern "C" fn Py_GetPrefix() -> *mut libc::wchar_t {
    cached_wide("prefix", || sys_str("prefix"))
}

#[no_mangle]
pub extern "C" fn Py_GetExecPrefix() -> *mut libc::wchar_t {
    cached_wide("exec_prefix", || sys_str("exec_prefix"))
}

#[no_mangle]
pub extern "C" fn Py_GetPythonHome() -> *mut libc::wchar_t {
    std::ptr::null_mut()
}

#[no_mangle]
pub extern "C" fn Py_GetPath() -> *mut libc::wchar_t {
    cached_wide("path", || {
        pyrite_vm::modules::sys::get_sys_attr("path")
            .and_then(|p| pyrite_vm::ops::iterate(&p).ok())
            .map(|items| {
                items
                    .iter()
                    .filter_map(|v| pyrite_vm::types::str::as_str(v).map(|s| s.to_string()))
                    .collect::<Vec<_>>()
                    .join(":")
            })
            .unwrap_or_default()
    })
}
