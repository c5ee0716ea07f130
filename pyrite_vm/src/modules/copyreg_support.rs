//! `object.__reduce_ex__` (the pickle/copy protocol), protocol 2 form.

use crate::errors::*;
use crate::value::Value;

pub fn reduce_ex(obj: &Value, _protocol: Value) -> PyResult<Value> {
    // a class that overrides __reduce__ decides (object.__reduce_ex__ defers to it)
    let own = crate::types::typeobj::lookup_str(obj.class_ref(), "__reduce__");
    let base = crate::types::typeobj::lookup_str(&crate::types::types().object, "__reduce__");
    if let (Some(o), Some(b)) = (&own, &base) {
        if !o.is(b) {
            return crate::ops::call_unbound(o, obj, &[]);
        }
    }
    // copyreg.__newobj__-style reduction: (copyreg.__newobj__, (cls,), state)
    let copyreg =
        crate::import::import_module_level(&Value::from("copyreg"), Value::None, Value::None, 0)?;
    let newobj = crate::ops::attr::getattr(&copyreg, "__newobj__")?;
    let cls = Value::Obj(obj.class());
    let args = match crate::ops::attr::getattr_opt(obj, "__getnewargs__")? {
        Some(f) => {
            let a = crate::ops::call::call(&f, &[], None)?;
            let mut v = vec![cls];
            v.extend(crate::ops::iterate(&a)?);
            v
        }
        None => vec![cls],
    };
    let state = crate::ops::attr::call_method(obj, "__getstate__", &[])?;
    let mut parts = vec![newobj, crate::types::tuple::new_tuple(args), state];
    if let Some(l) = crate::types::list::as_list(obj) {
        let _ = l;
        parts.push(crate::ops::get_iter(obj)?);
    } else if crate::types::dict::as_dict(obj).is_some() {
        parts.push(Value::None);
        parts.push(
            crate::ops::attr::call_method(obj, "items", &[])
                .and_then(|i| crate::ops::get_iter(&i))?,
        );
    }
    Ok(crate::types::tuple::new_tuple(parts))
}
