//! Access to C variadic arguments from Rust, and the exported variadic entry points.
//!
//! A C shim (`shims.c`) wraps its `va_list` in an opaque [`VaList`] and passes it to a
//! Rust function, which pulls each argument with the typed accessors below (each one
//! a `va_arg` in C). The exported names themselves (`PyArg_ParseTuple`, ...) are naked
//! Rust functions that jump to the C shim, so that they appear in rustc's export list
//! of `libpyrite.so` (a cdylib exports only symbols rustc knows about).

use std::os::raw::{c_double, c_int, c_long, c_longlong, c_uint, c_ulong, c_ulonglong, c_void};

/// The C side's `pyrite_va` (a struct holding a `va_list`).
#[repr(C)]
pub struct VaList {
    _opaque: [u8; 0],
}

extern "C" {
    fn pyrite_va_int(v: *mut VaList) -> c_int;
    fn pyrite_va_uint(v: *mut VaList) -> c_uint;
    fn pyrite_va_long(v: *mut VaList) -> c_long;
    fn pyrite_va_ulong(v: *mut VaList) -> c_ulong;
    fn pyrite_va_longlong(v: *mut VaList) -> c_longlong;
    fn pyrite_va_ulonglong(v: *mut VaList) -> c_ulonglong;
    fn pyrite_va_ssize(v: *mut VaList) -> isize;
    fn pyrite_va_size(v: *mut VaList) -> usize;
    fn pyrite_va_double(v: *mut VaList) -> c_double;
    fn pyrite_va_ptr(v: *mut VaList) -> *mut c_void;
}

/// Typed reads of the next variadic argument.
///
/// Safety: the caller reads arguments in the order and with the (promoted) types the
/// C caller passed them, as the format string describes.
pub struct Va(pub *mut VaList);

#[allow(clippy::missing_safety_doc)]
impl Va {
    pub unsafe fn int(&mut self) -> c_int {
        pyrite_va_int(self.0)
    }
    pub unsafe fn uint(&mut self) -> c_uint {
        pyrite_va_uint(self.0)
    }
    pub unsafe fn long(&mut self) -> c_long {
        pyrite_va_long(self.0)
    }
    pub unsafe fn ulong(&mut self) -> c_ulong {
        pyrite_va_ulong(self.0)
    }
    pub unsafe fn longlong(&mut self) -> c_longlong {
        pyrite_va_longlong(self.0)
    }
    pub unsafe fn ulonglong(&mut self) -> c_ulonglong {
        pyrite_va_ulonglong(self.0)
    }
    pub unsafe fn ssize(&mut self) -> isize {
        pyrite_va_ssize(self.0)
    }
    pub unsafe fn size(&mut self) -> usize {
        pyrite_va_size(self.0)
    }
    pub unsafe fn double(&mut self) -> c_double {
        pyrite_va_double(self.0)
    }
    pub unsafe fn ptr<T>(&mut self) -> *mut T {
        pyrite_va_ptr(self.0) as *mut T
    }
}

macro_rules! variadic_exports {
    ($($name:ident => $target:ident),* $(,)?) => {
        extern "C" {
            $(fn $target();)*
        }
        $(
            /// Variadic entry point: jumps to its C shim with all argument registers
            /// and the stack untouched.
            #[unsafe(naked)]
            #[no_mangle]
            pub unsafe extern "C" fn $name() {
                core::arch::naked_asm!("jmp {}", sym $target)
            }
        )*
    };
}

variadic_exports!(
    PyArg_ParseTuple => pyrite_c_PyArg_ParseTuple,
    _PyArg_ParseTuple_SizeT => pyrite_c__PyArg_ParseTuple_SizeT,
    PyArg_Parse => pyrite_c_PyArg_Parse,
    _PyArg_Parse_SizeT => pyrite_c__PyArg_Parse_SizeT,
    PyArg_VaParse => pyrite_c_PyArg_VaParse,
    _PyArg_VaParse_SizeT => pyrite_c__PyArg_VaParse_SizeT,
    PyArg_ParseTupleAndKeywords => pyrite_c_PyArg_ParseTupleAndKeywords,
    _PyArg_ParseTupleAndKeywords_SizeT => pyrite_c__PyArg_ParseTupleAndKeywords_SizeT,
    PyArg_VaParseTupleAndKeywords => pyrite_c_PyArg_VaParseTupleAndKeywords,
    _PyArg_VaParseTupleAndKeywords_SizeT => pyrite_c__PyArg_VaParseTupleAndKeywords_SizeT,
    PyArg_UnpackTuple => pyrite_c_PyArg_UnpackTuple,
    Py_BuildValue => pyrite_c_Py_BuildValue,
    _Py_BuildValue_SizeT => pyrite_c__Py_BuildValue_SizeT,
    Py_VaBuildValue => pyrite_c_Py_VaBuildValue,
    _Py_VaBuildValue_SizeT => pyrite_c__Py_VaBuildValue_SizeT,
    PyTuple_Pack => pyrite_c_PyTuple_Pack,
    PyUnicode_FromFormatV => pyrite_c_PyUnicode_FromFormatV,
    PyUnicode_FromFormat => pyrite_c_PyUnicode_FromFormat,
    PyBytes_FromFormatV => pyrite_c_PyBytes_FromFormatV,
    PyBytes_FromFormat => pyrite_c_PyBytes_FromFormat,
    PyErr_FormatV => pyrite_c_PyErr_FormatV,
    PyErr_Format => pyrite_c_PyErr_Format,
    _PyErr_FormatFromCause => pyrite_c__PyErr_FormatFromCause,
    PyOS_vsnprintf => pyrite_c_PyOS_vsnprintf,
    PyOS_snprintf => pyrite_c_PyOS_snprintf,
    PySys_WriteStdout => pyrite_c_PySys_WriteStdout,
    PySys_WriteStderr => pyrite_c_PySys_WriteStderr,
    PySys_FormatStdout => pyrite_c_PySys_FormatStdout,
    PySys_FormatStderr => pyrite_c_PySys_FormatStderr,
    PySys_Audit => pyrite_c_PySys_Audit,
    PyErr_WarnFormat => pyrite_c_PyErr_WarnFormat,
    PyErr_ResourceWarning => pyrite_c_PyErr_ResourceWarning,
    PyErr_WarnExplicitFormat => pyrite_c_PyErr_WarnExplicitFormat,
    PyObject_CallFunction => pyrite_c_PyObject_CallFunction,
    _PyObject_CallFunction_SizeT => pyrite_c__PyObject_CallFunction_SizeT,
    PyEval_CallFunction => pyrite_c_PyEval_CallFunction,
    PyObject_CallMethod => pyrite_c_PyObject_CallMethod,
    _PyObject_CallMethod_SizeT => pyrite_c__PyObject_CallMethod_SizeT,
    PyEval_CallMethod => pyrite_c_PyEval_CallMethod,
    _PyObject_CallMethod => pyrite_c__PyObject_CallMethod,
    _PyObject_CallMethodId => pyrite_c__PyObject_CallMethodId,
    _PyObject_CallMethodId_SizeT => pyrite_c__PyObject_CallMethodId_SizeT,
    PyObject_CallFunctionObjArgs => pyrite_c_PyObject_CallFunctionObjArgs,
    PyObject_CallMethodObjArgs => pyrite_c_PyObject_CallMethodObjArgs,
    _PyObject_CallMethodIdObjArgs => pyrite_c__PyObject_CallMethodIdObjArgs,
    _Py_FatalErrorFormat => pyrite_c__Py_FatalErrorFormat,
);
