//! Native modules and interpreter start-up (`sys`, `builtins`, minimal I/O).

pub mod array;
pub mod builtins_mod;
pub mod bytesmethods;
pub mod codecs;
pub mod copyreg_support;
pub mod csv;
pub mod frameobj;
pub mod io_min;
// OS, I/O, process and threading modules
pub mod ast_nodes;
pub mod atexit;
pub mod binascii;
pub mod cmath;
pub mod collections;
pub mod contextvars;
pub mod errno;
pub mod fcntl;
pub mod functools;
pub mod gcmod;
pub mod hashes;
pub mod heapq;
pub mod imp;
pub mod io_buffered;
pub mod io_file;
pub mod io_memory;
pub mod io_mod;
pub mod io_text;
pub mod itertools;
pub mod locale;
pub mod marshal;
pub mod math;
pub mod ndata;
pub mod osutil;
pub mod posix;
pub mod posixsubprocess;
pub mod pwd;
pub mod random;
pub mod registry;
pub mod resource;
pub mod select;
pub mod signal;
pub mod socket;
pub mod sre;
pub mod stdlib_names;
pub mod strformat;
pub mod string_mod;
pub mod strmethods;
pub mod structmod;
pub mod sys;
pub mod sysconfigdata;
pub mod termios;
pub mod thread;
pub mod time;
pub mod traceback_fmt;
pub mod unicodedata;
pub mod warnings;
pub mod weakref;
pub mod zlib;

use crate::errors::*;
use crate::object::ObjRef;
use crate::value::Value;

static MAIN: crate::gil::GilCell<Option<ObjRef>> = crate::gil::GilCell::new(None);

/// The `__main__` module's dict.
pub fn main_dict() -> ObjRef {
    match MAIN.get() {
        Some(m) => crate::types::module::module_dict(m),
        None => crate::vm::fatal("no __main__ module"),
    }
}

pub fn main_module() -> ObjRef {
    MAIN.get()
        .clone()
        .unwrap_or_else(|| crate::vm::fatal("no __main__ module"))
}

pub fn init_interp(config: crate::Config) -> PyResult<()> {
    let builtins = builtins_mod::create();
    let builtins_dict = crate::types::module::module_dict(&builtins);
    let modules = crate::types::dict::new_dict();
    let sys = sys::create_bare();
    crate::vm::set_interp(crate::vm::Interp {
        builtins: builtins.clone(),
        builtins_dict,
        sys: sys.clone(),
        modules: modules.as_obj().unwrap().clone(),
        config,
    });
    let md = crate::types::dict::as_dict(&modules).unwrap();
    md.set_str("builtins", Value::Obj(builtins));
    md.set_str("sys", Value::Obj(sys.clone()));
    sys::fill(&sys)?;
    let main = crate::types::module::new_module("__main__");
    crate::types::module::set_attr(
        &main,
        "__builtins__",
        Value::Obj(crate::vm::interp().builtins.clone()),
    );
    md.set_str("__main__", Value::Obj(main.clone()));
    *MAIN.get() = Some(main);
    sys::boot_python()?;
    Ok(())
}
