//! `PyErr` (a raised exception) and helpers to build the common ones.

use crate::object::ObjRef;
use crate::types::exceptions::{exc, new_exception};
use crate::value::Value;

/// A raised Python exception: the exception instance.
#[derive(Clone, Debug)]
pub struct PyErr(pub ObjRef);

pub type PyResult<T> = Result<T, PyErr>;

impl PyErr {
    /// Raise `ty(msg)`.
    pub fn new(ty: &ObjRef, msg: impl Into<String>) -> PyErr {
        PyErr(new_exception(ty, vec![Value::from(msg.into())]))
    }
    /// Raise `ty()` with the given args.
    pub fn with_args(ty: &ObjRef, args: Vec<Value>) -> PyErr {
        PyErr(new_exception(ty, args))
    }
    pub fn value(&self) -> Value {
        Value::Obj(self.0.clone())
    }
    /// `isinstance(self, ty)`.
    pub fn matches(&self, ty: &ObjRef) -> bool {
        crate::types::typeobj::is_subtype(self.0.class_ref(), ty)
    }
    pub fn type_name(&self) -> String {
        crate::types::typeobj::type_name(self.0.class_ref())
    }
}

pub fn type_error(msg: impl Into<String>) -> PyErr {
    PyErr::new(&exc().type_error, msg)
}
pub fn value_error(msg: impl Into<String>) -> PyErr {
    PyErr::new(&exc().value_error, msg)
}
pub fn attribute_error(msg: impl Into<String>) -> PyErr {
    PyErr::new(&exc().attribute_error, msg)
}
pub fn index_error(msg: impl Into<String>) -> PyErr {
    PyErr::new(&exc().index_error, msg)
}
pub fn key_error(key: Value) -> PyErr {
    PyErr::with_args(&exc().key_error, vec![key])
}
pub fn zero_division(msg: impl Into<String>) -> PyErr {
    PyErr::new(&exc().zero_division_error, msg)
}
pub fn overflow_error(msg: impl Into<String>) -> PyErr {
    PyErr::new(&exc().overflow_error, msg)
}
pub fn runtime_error(msg: impl Into<String>) -> PyErr {
    PyErr::new(&exc().runtime_error, msg)
}
pub fn name_error(msg: impl Into<String>) -> PyErr {
    PyErr::new(&exc().name_error, msg)
}
pub fn not_implemented(msg: impl Into<String>) -> PyErr {
    PyErr::new(&exc().not_implemented_error, msg)
}
pub fn memory_error() -> PyErr {
    PyErr::with_args(&exc().memory_error, vec![])
}
pub fn recursion_error() -> PyErr {
    PyErr::new(&exc().recursion_error, "maximum recursion depth exceeded")
}
pub fn stop_iteration(v: Value) -> PyErr {
    if v.is_none() {
        PyErr::with_args(&exc().stop_iteration, vec![])
    } else {
        PyErr::with_args(&exc().stop_iteration, vec![v])
    }
}
pub fn os_error(ty: &ObjRef, errno: i32, msg: &str, filename: Option<Value>) -> PyErr {
    let mut args = vec![Value::Int(errno as i64), Value::from(msg)];
    if let Some(f) = filename {
        args.push(f);
    }
    PyErr::with_args(ty, args)
}

/// `TypeError` for a wrong number of positional arguments to a builtin.
pub fn check_args(name: &str, args: &[Value], min: usize, max: usize) -> PyResult<()> {
    let n = args.len();
    if n < min || n > max {
        let msg = if min == max {
            match min {
                0 => format!("{name}() takes no arguments ({n} given)"),
                1 => format!("{name}() takes exactly one argument ({n} given)"),
                _ => format!("{name} expected {min} arguments, got {n}"),
            }
        } else if n < min {
            format!(
                "{name} expected at least {min} argument{}, got {n}",
                if min == 1 { "" } else { "s" }
            )
        } else {
            format!(
                "{name} expected at most {max} argument{}, got {n}",
                if max == 1 { "" } else { "s" }
            )
        };
        return Err(type_error(msg));
    }
    Ok(())
}

/// CPython 3.11 adds a note when `__set_name__` fails.
pub fn add_note_set_name(e: PyErr, _v: &Value, k: &Value, cls: &str) -> PyErr {
    let key = crate::types::str::as_str(k).unwrap_or("?").to_string();
    crate::types::exceptions::add_note(
        &e.0,
        &format!(
            "Error calling __set_name__ on '{}' instance '{}' in '{}'",
            _v.type_name(),
            key,
            cls
        ),
    );
    e
}
