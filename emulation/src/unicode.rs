//! PEP 393 mirrors of `str` objects: compact strings (the characters follow the
//! header, 1, 2 or 4 bytes each), so that `PyUnicode_KIND`, `PyUnicode_DATA`,
//! `PyUnicode_GET_LENGTH` and `PyUnicode_READ_CHAR` work inline on them.

use crate::layout::*;
use crate::mirror::{alloc, head, kind};
use pyrite_vm::value::Value;
use std::ffi::c_void;
use std::os::raw::c_uint;

const STATE_COMPACT: c_uint = 1 << 5;
const STATE_ASCII: c_uint = 1 << 6;
const STATE_READY: c_uint = 1 << 7;

/// The PEP 393 kind for a maximum code point (0 for ASCII).
pub fn kind_for(maxchar: u32) -> u32 {
    if maxchar < 128 {
        0
    } else if maxchar < 256 {
        1
    } else if maxchar < 65536 {
        2
    } else {
        4
    }
}

/// Allocate an empty compact string of `len` code points able to hold `maxchar`.
pub fn new_compact(
    len: usize,
    maxchar: u32,
    ty: *mut PyTypeObject,
    refcnt: isize,
) -> *mut PyObject {
    let k = kind_for(maxchar);
    // SAFETY: the block is sized for the header plus len+1 code units.
    unsafe {
        if k == 0 {
            let p = alloc(
                kind::STR,
                std::mem::size_of::<PyASCIIObject>() + len + 1,
                ty,
                refcnt,
            );
            let a = p as *mut PyASCIIObject;
            (*a).length = len as isize;
            (*a).hash = -1;
            (*a).state = (1 << 2) | STATE_COMPACT | STATE_ASCII | STATE_READY;
            p
        } else {
            let p = alloc(
                kind::STR,
                std::mem::size_of::<PyCompactUnicodeObject>() + (len + 1) * k as usize,
                ty,
                refcnt,
            );
            let a = p as *mut PyASCIIObject;
            (*a).length = len as isize;
            (*a).hash = -1;
            (*a).state = (k << 2) | STATE_COMPACT | STATE_READY;
            p
        }
    }
}

/// Where the characters of a compact string mirror start.
pub fn data_ptr(p: *mut PyObject) -> *mut u8 {
    // SAFETY: p is a compact string mirror.
    unsafe {
        let a = p as *mut PyASCIIObject;
        if (*a).state & STATE_ASCII != 0 {
            (p as *mut u8).add(std::mem::size_of::<PyASCIIObject>())
        } else {
            (p as *mut u8).add(std::mem::size_of::<PyCompactUnicodeObject>())
        }
    }
}

/// The PEP 393 kind (1, 2, 4) of a string mirror.
pub fn kind_of(p: *mut PyObject) -> u32 {
    // SAFETY: p is a string mirror.
    unsafe { ((*(p as *mut PyASCIIObject)).state >> 2) & 7 }
}

pub fn length(p: *mut PyObject) -> usize {
    // SAFETY: p is a string mirror.
    unsafe { (*(p as *mut PyASCIIObject)).length.max(0) as usize }
}

/// Code point `i` of a string mirror.
pub fn read(p: *mut PyObject, i: usize) -> u32 {
    let d = data_ptr(p);
    // SAFETY: i < length (caller contract).
    unsafe {
        match kind_of(p) {
            1 => *d.add(i) as u32,
            2 => *(d as *const u16).add(i) as u32,
            _ => *(d as *const u32).add(i),
        }
    }
}

/// Store code point `c` at index `i`.
pub fn write(p: *mut PyObject, i: usize, c: u32) {
    let d = data_ptr(p);
    // SAFETY: i < length (caller contract).
    unsafe {
        match kind_of(p) {
            1 => *d.add(i) = c as u8,
            2 => *(d as *mut u16).add(i) = c as u16,
            _ => *(d as *mut u32).add(i) = c,
        }
    }
}

/// The compact mirror of a Rust string.
pub fn str_mirror(s: &str, hash: isize, ty: *mut PyTypeObject, refcnt: isize) -> *mut PyObject {
    let mut len = 0usize;
    let mut maxchar = 0u32;
    for c in s.chars() {
        len += 1;
        maxchar = maxchar.max(c as u32);
    }
    let p = new_compact(len, maxchar, ty, refcnt);
    // SAFETY: p has room for len+1 code units of its kind.
    unsafe {
        (*(p as *mut PyASCIIObject)).hash = hash;
        let d = data_ptr(p);
        match kind_for(maxchar) {
            0 => std::ptr::copy_nonoverlapping(s.as_ptr(), d, s.len()),
            1 => {
                for (i, c) in s.chars().enumerate() {
                    *d.add(i) = c as u32 as u8;
                }
            }
            2 => {
                for (i, c) in s.chars().enumerate() {
                    *(d as *mut u16).add(i) = c as u32 as u16;
                }
            }
            _ => {
                for (i, c) in s.chars().enumerate() {
                    *(d as *mut u32).add(i) = c as u32;
                }
            }
        }
    }
    p
}

/// Decode the characters of a string mirror into a Rust string (lone surrogates
/// become U+FFFD).
pub fn mirror_to_string(p: *mut PyObject) -> String {
    let n = length(p);
    // SAFETY: p is a string mirror with n code points.
    unsafe {
        if kind_of(p) == 1 && (*(p as *mut PyASCIIObject)).state & STATE_ASCII != 0 {
            let b = std::slice::from_raw_parts(data_ptr(p), n);
            return String::from_utf8_lossy(b).into_owned();
        }
    }
    let mut s = String::with_capacity(n);
    for i in 0..n {
        s.push(char::from_u32(read(p, i)).unwrap_or('\u{fffd}'));
    }
    s
}

/// Materialize a pending string created by `PyUnicode_New`.
pub fn materialize_str(p: *mut PyObject) -> Value {
    pyrite_vm::types::str::new_string(mirror_to_string(p))
}

/// The UTF-8 form of a string mirror: for ASCII the characters themselves, otherwise a
/// cached copy owned by the mirror. Returns (pointer, length).
pub fn utf8(p: *mut PyObject, s: &str) -> (*const u8, usize) {
    // SAFETY: p is a compact string mirror.
    unsafe {
        let a = p as *mut PyASCIIObject;
        if (*a).state & STATE_ASCII != 0 {
            return (data_ptr(p), length(p));
        }
        let c = p as *mut PyCompactUnicodeObject;
        if (*c).utf8.is_null() {
            let buf = libc::malloc(s.len() + 1) as *mut u8;
            if buf.is_null() {
                crate::mirror::fatal("PyUnicode_AsUTF8", "out of memory");
            }
            std::ptr::copy_nonoverlapping(s.as_ptr(), buf, s.len());
            *buf.add(s.len()) = 0;
            (*c).utf8 = buf as *mut std::os::raw::c_char;
            (*c).utf8_length = s.len() as isize;
        }
        ((*c).utf8 as *const u8, (*c).utf8_length as usize)
    }
}

/// Free what a string mirror owns besides its block.
///
/// # Safety
/// `p` is a string mirror being released.
pub unsafe fn release_str(p: *mut PyObject) {
    let a = p as *mut PyASCIIObject;
    if (*a).state & STATE_ASCII == 0 {
        let c = p as *mut PyCompactUnicodeObject;
        if !(*c).utf8.is_null() {
            libc::free((*c).utf8 as *mut c_void);
            (*c).utf8 = std::ptr::null_mut();
        }
    }
    let _ = head(p);
}
