//! Turning a source file into a code object (the .pyc cache hooks in here).

use crate::errors::*;
use crate::value::Value;

static INITIALIZING: crate::gil::GilCell<Vec<String>> = crate::gil::GilCell::new(Vec::new());

pub fn is_initializing(name: &str) -> bool {
    INITIALIZING.get().iter().any(|n| n == name)
}

pub fn begin_init(name: &str) {
    INITIALIZING.get().push(name.to_string());
}

pub fn end_init(name: &str) {
    let v = INITIALIZING.get();
    if let Some(p) = v.iter().rposition(|n| n == name) {
        v.remove(p);
    }
}

/// Read and compile the source file `path` of module `name`.
pub fn load_code(path: &str, _name: &str) -> PyResult<Value> {
    let fs = crate::fs::filesystem();
    let data = fs.read(path).map_err(|e| crate::modules::io_min::os_err(e, Some(Value::from(path))))?;
    let text = pyrite_compiler::decode_source(&data, path).map_err(crate::builtins::syntax_error_from)?;
    crate::builtins::compile_source(&text, path, pyrite_compiler::Mode::Exec)
}
