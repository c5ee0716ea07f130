//! Warnings raised from native code; delegates to the `warnings` module when loaded.

use crate::errors::*;
use crate::object::ObjRef;
use crate::value::Value;

pub fn warn(category: &ObjRef, msg: &str, stacklevel: i64) -> PyResult<()> {
    if let Some(w) = crate::modules::sys::get_module("warnings") {
        if let Some(f) = crate::ops::attr::getattr_opt(&w, "warn")? {
            crate::ops::call::call(
                &f,
                &[
                    Value::from(msg),
                    Value::Obj(category.clone()),
                    Value::Int(stacklevel),
                ],
                None,
            )?;
            return Ok(());
        }
    }
    let t = crate::vm::thread();
    let (file, line) = match t.frames.last() {
        Some(f) => {
            let fr = crate::frame::frame_mut(f);
            (fr.pycode().code.filename.to_string(), fr.lineno())
        }
        None => ("sys".to_string(), 0),
    };
    let text = format!(
        "{}:{}: {}: {}\n",
        file,
        line,
        crate::types::typeobj::type_name(category),
        msg
    );
    let err = crate::modules::sys::get_sys_attr("stderr").unwrap_or(Value::None);
    crate::modules::io_min::write_to(&err, &text)?;
    Ok(())
}
