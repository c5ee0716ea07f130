//! The `frame` type's attributes.

use crate::errors::*;
use crate::object::ObjRef;
use crate::types::typeobj::{add_getset, add_method};
use crate::value::Value;

fn fr(v: &Value) -> PyResult<&mut crate::frame::Frame> {
    crate::frame::as_frame(v).ok_or_else(|| type_error("expected a frame"))
}

pub fn init(t: &ObjRef) {
    add_getset(
        t,
        "f_locals",
        |v| crate::frame::frame_locals(v.as_obj().unwrap()),
        None,
    );
    add_getset(
        t,
        "f_globals",
        |v| Ok(Value::Obj(fr(v)?.globals.clone())),
        None,
    );
    add_getset(
        t,
        "f_builtins",
        |v| Ok(Value::Obj(fr(v)?.builtins.clone())),
        None,
    );
    add_getset(t, "f_code", |v| Ok(Value::Obj(fr(v)?.code.clone())), None);
    add_getset(
        t,
        "f_back",
        |v| Ok(fr(v)?.back.clone().map(Value::Obj).unwrap_or(Value::None)),
        None,
    );
    add_getset(
        t,
        "f_lineno",
        |v| {
            let f = fr(v)?;
            let l = f.lineno();
            Ok(if l == 0 {
                Value::None
            } else {
                Value::Int(l as i64)
            })
        },
        None,
    );
    add_getset(
        t,
        "f_lasti",
        |v| Ok(Value::Int(fr(v)?.lasti as i64 * 2)),
        None,
    );
    add_getset(
        t,
        "f_trace",
        |v| Ok(fr(v)?.trace.clone().unwrap_or(Value::None)),
        Some(|v, n| {
            fr(v)?.trace = n.filter(|x| !x.is_none());
            Ok(())
        }),
    );
    add_getset(
        t,
        "f_trace_lines",
        |_| Ok(Value::Bool(true)),
        Some(|_, _| Ok(())),
    );
    add_getset(
        t,
        "f_trace_opcodes",
        |_| Ok(Value::Bool(false)),
        Some(|_, _| Ok(())),
    );
    add_method(t, "clear", |a, _| {
        let f = fr(&a[0])?;
        if f.executing {
            return Err(runtime_error("cannot clear an executing frame"));
        }
        let old: Vec<Option<Value>> = std::mem::take(&mut f.fast);
        drop(old);
        Ok(Value::None)
    });
    add_method(t, "__repr__", |a, _| {
        let f = fr(&a[0])?;
        let c = &f.pycode().code;
        Ok(format!(
            "<frame at {:#x}, file '{}', line {}, code {}>",
            a[0].id(),
            c.filename,
            f.lineno(),
            c.name
        )
        .into())
    });
}
