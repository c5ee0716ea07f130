//! The table of native (built-in) modules: `import NAME` creates these from Rust
//! before searching `sys.path`. Each area keeps its own list so that parallel work on
//! different modules does not touch the same lines.

use crate::errors::PyResult;
use crate::object::ObjRef;

/// A native module: its name and the function that fills a fresh module object.
pub type ModuleInit = fn(&ObjRef) -> PyResult<()>;

/// OS, I/O, process and threading modules (`posix`, `_io`, `time`, ...).
pub fn os_modules() -> Vec<(&'static str, ModuleInit)> {
    use super::*;
    vec![
        ("posix", posix::init),
        ("_io", io_mod::init),
        ("errno", errno::init),
        ("time", time::init),
        ("atexit", atexit::init),
        ("_signal", signal::init),
        ("_thread", thread::init),
        ("select", select::init),
        ("_socket", socket::init),
        ("termios", termios::init),
        ("fcntl", fcntl::init),
        ("_locale", locale::init),
        ("_posixsubprocess", posixsubprocess::init),
        ("pwd", pwd::init_pwd),
        ("grp", pwd::init_grp),
        ("resource", resource::init),
    ]
}

/// Data-structure and algorithm modules (`math`, `itertools`, `_collections`, ...).
pub fn data_modules() -> Vec<(&'static str, ModuleInit)> {
    vec![
        ("_weakref", super::weakref::init),
        ("math", super::math::init),
        ("itertools", super::itertools::init),
        ("_collections", super::collections::init),
        ("_sre", super::sre::init),
        ("_struct", super::structmod::init),
        ("_csv", super::csv::init),
        ("array", super::array::init),
        ("_heapq", super::heapq::init),
        ("_contextvars", super::contextvars::init),
        ("_functools", super::functools::init),
        ("_codecs", super::codecs::init_module),
        ("_random", super::random::init),
        ("_md5", super::hashes::init_md5),
        ("_sha1", super::hashes::init_sha1),
        ("_sha256", super::hashes::init_sha256),
        ("_sha512", super::hashes::init_sha512),
        ("_sha3", super::hashes::init_sha3),
        ("_blake2", super::hashes::init_blake2),
        ("zlib", super::zlib::init),
        ("binascii", super::binascii::init),
        ("_string", super::string_mod::init),
        ("marshal", super::marshal::init),
        ("unicodedata", super::unicodedata::init),
        ("cmath", super::cmath::init),
    ]
}

/// The import system's native modules.
pub fn import_modules() -> Vec<(&'static str, ModuleInit)> {
    vec![
        ("_imp", super::imp::init_imp),
        ("_warnings", super::imp::init_warnings),
        ("gc", super::gcmod::init),
        ("_operator", super::imp::init_operator),
        ("_ast", super::imp::init_ast),
        (super::sysconfigdata::NAME, super::sysconfigdata::init),
        (
            super::sysconfigdata::DEBIAN_NAME,
            super::sysconfigdata::init,
        ),
    ]
}

/// All native modules except `builtins` and `sys` (created at start-up).
pub fn all() -> Vec<(&'static str, ModuleInit)> {
    let mut v = os_modules();
    v.extend(data_modules());
    v.extend(import_modules());
    v
}

pub fn find(name: &str) -> Option<ModuleInit> {
    all().into_iter().find(|(n, _)| *n == name).map(|(_, f)| f)
}
