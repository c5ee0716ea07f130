//! The table of native (built-in) modules: `import NAME` creates these from Rust
//! before searching `sys.path`. Each area keeps its own list so that parallel work on
//! different modules does not touch the same lines.

use crate::errors::PyResult;
use crate::object::ObjRef;

/// A native module: its name and the function that fills a fresh module object.
pub type ModuleInit = fn(&ObjRef) -> PyResult<()>;

/// OS, I/O, process and threading modules (`posix`, `_io`, `time`, ...).
pub fn os_modules() -> Vec<(&'static str, ModuleInit)> {
    vec![]
}

/// Data-structure and algorithm modules (`math`, `itertools`, `_collections`, ...).
pub fn data_modules() -> Vec<(&'static str, ModuleInit)> {
    vec![]
}

/// All native modules except `builtins` and `sys` (created at start-up).
pub fn all() -> Vec<(&'static str, ModuleInit)> {
    let mut v = os_modules();
    v.extend(data_modules());
    v
}

pub fn find(name: &str) -> Option<ModuleInit> {
    all().into_iter().find(|(n, _)| *n == name).map(|(_, f)| f)
}
