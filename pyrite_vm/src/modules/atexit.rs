//! `atexit`, and the interpreter's exit sequence ([`finalize`]): wait for non-daemon
//! threads (`threading._shutdown`), run the exit functions (last registered first),
//! then flush the standard streams.

use crate::errors::*;
use crate::gil::GilCell;
use crate::object::ObjRef;
use crate::types::module::add_function;
use crate::value::Value;

/// Registered (function, args, kwnames) in registration order.
static FUNCS: GilCell<Vec<(Value, Vec<Value>, Vec<Value>)>> = GilCell::new(Vec::new());

fn report(e: &PyErr, f: &Value) {
    let desc = crate::ops::repr(f).unwrap_or_else(|_| "<object>".into());
    let text = format!(
        "Exception ignored in atexit callback: {}\n{}",
        desc,
        crate::modules::traceback_fmt::format_exception(&e.value())
    );
    match crate::modules::sys::get_sys_attr("stderr") {
        Some(err) if !err.is_none() => {
            let _ = crate::modules::io_min::write_to(&err, &text);
        }
        _ => eprint!("{}", text),
    }
}

/// `atexit._run_exitfuncs()`.
pub fn run_exitfuncs() {
    loop {
        let next = FUNCS.get().pop();
        let Some((f, args, names)) = next else { break };
        if let Err(e) = crate::ops::call::call(
            &f,
            &args,
            if names.is_empty() { None } else { Some(&names) },
        ) {
            if !e.matches(&crate::types::exceptions::exc().system_exit) {
                report(&e, &f);
            }
        }
    }
}

/// The end of the program: `threading._shutdown()`, exit functions, stdio flush.
pub fn finalize() {
    if let Some(th) = crate::modules::sys::get_module("threading") {
        if let Ok(Some(f)) = crate::ops::attr::getattr_opt(&th, "_shutdown") {
            if let Err(e) = crate::ops::call::call(&f, &[], None) {
                crate::gc::write_unraisable(&e, &f);
            }
        }
    }
    run_exitfuncs();
    crate::modules::io_min::flush_std();
}

pub fn init(m: &ObjRef) -> PyResult<()> {
    add_function(m, "register", |a, kw| {
        let nk = kw.map_or(0, |k| k.len());
        if a.len() - nk == 0 {
            return Err(type_error("register() takes at least 1 argument (0 given)"));
        }
        if !crate::builtins::is_callable(&a[0]) {
            return Err(type_error("the first argument must be callable"));
        }
        let names: Vec<Value> = kw.map(|k| k.to_vec()).unwrap_or_default();
        FUNCS.get().push((a[0].clone(), a[1..].to_vec(), names));
        Ok(a[0].clone())
    });
    add_function(m, "unregister", |a, _| {
        check_args("unregister", a, 1, 1)?;
        let funcs = std::mem::take(FUNCS.get());
        let mut keep = Vec::new();
        let mut err = None;
        for item in funcs {
            if err.is_none() {
                match crate::ops::eq(&item.0, &a[0]) {
                    Ok(true) => continue,
                    Ok(false) => {}
                    Err(e) => err = Some(e),
                }
            }
            keep.push(item);
        }
        let mut cur = std::mem::take(FUNCS.get());
        keep.append(&mut cur);
        *FUNCS.get() = keep;
        match err {
            Some(e) => Err(e),
            None => Ok(Value::None),
        }
    });
    add_function(m, "_run_exitfuncs", |_a, _| {
        run_exitfuncs();
        Ok(Value::None)
    });
    add_function(m, "_clear", |_a, _| {
        let old = std::mem::take(FUNCS.get());
        drop(old);
        Ok(Value::None)
    });
    add_function(m, "_ncallbacks", |_a, _| {
        Ok(Value::Int(FUNCS.get().len() as i64))
    });
    Ok(())
}
