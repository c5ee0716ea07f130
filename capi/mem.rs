//! Memory interfaces (`PyMem_*`, `PyMem_Raw*`, `PyObject_Malloc`/`Realloc`/`Free`),
//! backed by the C allocator. A request of 0 bytes returns a unique non-NULL pointer.

use std::ffi::c_void;

#[no_mangle]
pub extern "C" fn PyMem_RawMalloc(n: usize) -> *mut c_void {
    // SAFETY: plain allocation.
    unsafe { libc::malloc(n.max(1)) }
}

#[no_mangle]
pub extern "C" fn PyMem_RawCalloc(nelem: usize, elsize: usize) -> *mut c_void {
    if nelem == 0 || elsize == 0 {
        // SAFETY: plain allocation.
        return unsafe { libc::calloc(1, 1) };
    }
    // SAFETY: plain allocation (calloc checks for overflow).
    unsafe { libc::calloc(nelem, elsize) }
}

#[no_mangle]
pub unsafe extern "C" fn PyMem_RawRealloc(p: *mut c_void, n: usize) -> *mut c_void {
    libc::realloc(p, n.max(1))
}

#[no_mangle]
pub unsafe extern "C" fn PyMem_RawFree(p: *mut c_void) {
    libc::free(p)
}

#[no_mangle]
pub extern "C" fn PyMem_Malloc(n: usize) -> *mut c_void {
    if n > isize::MAX as usize {
        return std::ptr::null_mut();
    }
    PyMem_RawMalloc(n)
}

#[no_mangle]
pub extern "C" fn PyMem_Calloc(nelem: usize, elsize: usize) -> *mut c_void {
    PyMem_RawCalloc(nelem, elsize)
}

#[no_mangle]
pub unsafe extern "C" fn PyMem_Realloc(p: *mut c_void, n: usize) -> *mut c_void {
    if n > isize::MAX as usize {
        return std::ptr::null_mut();
    }
    PyMem_RawRealloc(p, n)
}

#[no_mangle]
pub unsafe extern "C" fn PyMem_Free(p: *mut c_void) {
    libc::free(p)
}

#[no_mangle]
pub extern "C" fn PyObject_Malloc(n: usize) -> *mut c_void {
    PyMem_Malloc(n)
}

#[no_mangle]
pub extern "C" fn PyObject_Calloc(nelem: usize, elsize: usize) -> *mut c_void {
    PyMem_Calloc(nelem, elsize)
}

#[no_mangle]
pub unsafe extern "C" fn PyObject_Realloc(p: *mut c_void, n: usize) -> *mut c_void {
    PyMem_Realloc(p, n)
}

/// Frees plain blocks and instances of C types alike (`PyObject_Del` is this).
#[no_mangle]
pub unsafe extern "C" fn PyObject_Free(p: *mut c_void) {
    emulation::ctype::generic_free(p)
}

/// `char *_PyMem_Strdup(const char *)`.
#[no_mangle]
pub unsafe extern "C" fn _PyMem_Strdup(
    s: *const std::os::raw::c_char,
) -> *mut std::os::raw::c_char {
    let n = libc::strlen(s);
    let p = PyMem_Malloc(n + 1) as *mut std::os::raw::c_char;
    if !p.is_null() {
        std::ptr::copy_nonoverlapping(s, p, n + 1);
    }
    p
}

#[no_mangle]
pub unsafe extern "C" fn _PyMem_RawStrdup(
    s: *const std::os::raw::c_char,
) -> *mut std::os::raw::c_char {
    _PyMem_Strdup(s)
}

/// The tracemalloc hooks: tracing is not supported, the calls succeed.
#[no_mangle]
pub extern "C" fn PyTraceMalloc_Track(
    _domain: std::os::raw::c_uint,
    _ptr: usize,
    _size: usize,
) -> std::os::raw::c_int {
    -2
}

#[no_mangle]
pub extern "C" fn PyTraceMalloc_Untrack(
    _domain: std::os::raw::c_uint,
    _ptr: usize,
) -> std::os::raw::c_int {
    -2
}
