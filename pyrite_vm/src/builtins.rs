//! The `builtins` module's functions.

use crate::errors::*;
use crate::object::ObjRef;
use crate::types::exceptions::exc;
use crate::types::function::Kw;
use crate::types::{types, Payload};
use crate::value::Value;

fn kwargs<'a>(args: &'a [Value], kw: Kw<'a>) -> (&'a [Value], Vec<(&'a str, &'a Value)>) {
    let nkw = kw.map_or(0, |k| k.len());
    let pos = &args[..args.len() - nkw];
    let mut out = Vec::new();
    if let Some(k) = kw {
        for (i, n) in k.iter().enumerate() {
            out.push((
                crate::types::str::as_str(n).unwrap_or(""),
                &args[pos.len() + i],
            ));
        }
    }
    (pos, out)
}

fn print(args: &[Value], kw: Kw) -> PyResult<Value> {
    let (pos, kws) = kwargs(args, kw);
    let mut sep = None;
    let mut end = None;
    let mut file = Value::None;
    let mut flush = false;
    for (k, v) in kws {
        match k {
            "sep" => sep = Some(v.clone()),
            "end" => end = Some(v.clone()),
            "file" => file = v.clone(),
            "flush" => flush = crate::ops::truthy(v)?,
            _ => {
                return Err(type_error(format!(
                    "'{}' is an invalid keyword argument for print()",
                    k
                )))
            }
        }
    }
    let sep = match sep {
        None | Some(Value::None) => " ".to_string(),
        Some(s) => crate::types::str::as_str(&s)
            .ok_or_else(|| {
                type_error(format!(
                    "sep must be None or a string, not {}",
                    s.type_name()
                ))
            })?
            .to_string(),
    };
    let end = match end {
        None | Some(Value::None) => "\n".to_string(),
        Some(s) => crate::types::str::as_str(&s)
            .ok_or_else(|| {
                type_error(format!(
                    "end must be None or a string, not {}",
                    s.type_name()
                ))
            })?
            .to_string(),
    };
    let file = if file.is_none() {
        match crate::modules::sys::get_sys_attr("stdout") {
            Some(f) if !f.is_none() => f,
            _ => return Ok(Value::None),
        }
    } else {
        file
    };
    if crate::modules::io_min::is_native_stream(&file) {
        let mut out = String::new();
        for (i, a) in pos.iter().enumerate() {
            if i > 0 {
                out.push_str(&sep);
            }
            match a {
                Value::Obj(o) if o.class_ref().is(&types().str) => {
                    out.push_str(crate::types::str::as_str(a).unwrap())
                }
                _ => out.push_str(&crate::ops::to_str(a)?),
            }
        }
        out.push_str(&end);
        crate::modules::io_min::write_to(&file, &out)?;
    } else {
        // other file objects see each piece written separately, as in CPython
        let write = crate::ops::attr::getattr(&file, "write")?;
        for (i, a) in pos.iter().enumerate() {
            if i > 0 {
                crate::ops::call::call(&write, &[Value::from(sep.as_str())], None)?;
            }
            crate::ops::call::call(&write, &[crate::ops::str_value(a)?], None)?;
        }
        crate::ops::call::call(&write, &[Value::from(end.as_str())], None)?;
    }
    if flush {
        crate::ops::attr::call_method(&file, "flush", &[])?;
    }
    Ok(Value::None)
}

fn min_max(args: &[Value], kw: Kw, is_max: bool) -> PyResult<Value> {
    let name = if is_max { "max" } else { "min" };
    let (pos, kws) = kwargs(args, kw);
    let mut key = Value::None;
    let mut default = None;
    if kws.len() > 2 {
        return Err(type_error(format!(
            "{}() takes at most 2 keyword arguments ({} given)",
            name,
            kws.len()
        )));
    }
    for (k, v) in kws {
        match k {
            "key" => key = v.clone(),
            "default" => default = Some(v.clone()),
            _ => {
                return Err(type_error(format!(
                    "'{}' is an invalid keyword argument for {}()",
                    k, name
                )))
            }
        }
    }
    let items = match pos.len() {
        0 => {
            return Err(type_error(format!(
                "{} expected at least 1 argument, got 0",
                name
            )))
        }
        1 => crate::ops::iterate(&pos[0])?,
        _ => {
            if default.is_some() {
                return Err(type_error(format!(
                    "Cannot specify a default for {}() with multiple positional arguments",
                    name
                )));
            }
            pos.to_vec()
        }
    };
    let mut best: Option<(Value, Value)> = None;
    for it in items {
        let k = if key.is_none() {
            it.clone()
        } else {
            crate::ops::call::call(&key, &[it.clone()], None)?
        };
        match &best {
            None => best = Some((k, it)),
            Some((bk, _)) => {
                // CPython compares the new item against the best so far: `k > best` for
                // max, `k < best` for min (this decides the operator in error messages)
                let better = if is_max {
                    match (&k, bk) {
                        (Value::Int(x), Value::Int(y)) => x > y,
                        (Value::Float(x), Value::Float(y)) => x > y,
                        _ => crate::ops::truthy(&crate::ops::compare(
                            &k,
                            bk,
                            pyrite_compiler::bytecode::CmpOp::Gt,
                        )?)?,
                    }
                } else {
                    crate::ops::lt(&k, bk)?
                };
                if better {
                    best = Some((k, it));
                }
            }
        }
    }
    match best {
        Some((_, v)) => Ok(v),
        None => default.ok_or_else(|| value_error(format!("{}() arg is an empty sequence", name))),
    }
}

fn sum(args: &[Value], kw: Kw) -> PyResult<Value> {
    let a = crate::args::parse("sum", args, kw, &["", "start"], 1)?;
    let mut acc = a[1].clone().unwrap_or(Value::Int(0));
    if crate::types::str::as_str(&acc).is_some() {
        return Err(type_error(
            "sum() can't sum strings [use ''.join(seq) instead]",
        ));
    }
    if crate::types::bytes::as_bytes(&acc).is_some() {
        return Err(type_error(
            "sum() can't sum bytes [use b''.join(seq) instead]",
        ));
    }
    let it = crate::ops::get_iter(a[0].as_ref().unwrap())?;
    // floats are added one by one (3.11 has no compensated summation in sum())
    while let Some(x) = crate::ops::next(&it)? {
        acc = match (&acc, &x) {
            (Value::Int(p), Value::Int(q)) => match p.checked_add(*q) {
                Some(r) => Value::Int(r),
                None => {
                    crate::ops::arith::binary_op(&acc, &x, pyrite_compiler::bytecode::BinOp::Add)?
                }
            },
            (Value::Float(_), Value::Float(_)) | (Value::Float(_), Value::Int(_)) => {
                let mut fsum = crate::types::float::float_from_value(&acc)?;
                fsum += crate::types::float::float_from_value(&x)?;
                let mut pending = None;
                while let Some(n) = crate::ops::next(&it)? {
                    match n {
                        Value::Float(f) => fsum += f,
                        Value::Int(i) => fsum += i as f64,
                        other => {
                            pending = Some(other);
                            break;
                        }
                    }
                }
                let cur = Value::Float(fsum);
                match pending {
                    Some(p) => crate::ops::arith::binary_op(
                        &cur,
                        &p,
                        pyrite_compiler::bytecode::BinOp::Add,
                    )?,
                    None => cur,
                }
            }
            _ => crate::ops::arith::binary_op(&acc, &x, pyrite_compiler::bytecode::BinOp::Add)?,
        };
    }
    Ok(acc)
}

fn sorted(args: &[Value], kw: Kw) -> PyResult<Value> {
    let (pos, _) = kwargs(args, kw);
    if pos.len() != 1 {
        return Err(type_error(format!(
            "sorted expected 1 argument, got {}",
            pos.len()
        )));
    }
    let l = crate::types::list::new_list(crate::ops::iterate(&pos[0])?);
    let meth = crate::ops::attr::getattr(&l, "sort")?;
    crate::ops::call::call(&meth, &args[1..], kw)?;
    Ok(l)
}

fn getattr_builtin(args: &[Value], kw: Kw) -> PyResult<Value> {
    crate::args::no_kw("getattr", kw)?;
    if args.len() < 2 {
        return Err(type_error(format!(
            "getattr expected at least 2 arguments, got {}",
            args.len()
        )));
    }
    if args.len() > 3 {
        return Err(type_error(format!(
            "getattr expected at most 3 arguments, got {}",
            args.len()
        )));
    }
    if crate::types::str::as_str(&args[1]).is_none() {
        return Err(type_error(format!(
            "attribute name must be string, not '{}'",
            args[1].type_name()
        )));
    }
    match crate::ops::attr::getattr_value(&args[0], &args[1]) {
        Ok(v) => Ok(v),
        Err(e) if args.len() == 3 && e.matches(&exc().attribute_error) => Ok(args[2].clone()),
        Err(e) => Err(e),
    }
}

fn round(args: &[Value], kw: Kw) -> PyResult<Value> {
    let a = crate::args::parse("round", args, kw, &["number", "ndigits"], 1)?;
    let x = a[0].as_ref().unwrap();
    let nd = a[1].clone().unwrap_or(Value::None);
    let f = crate::ops::attr::lookup_special(x, "__round__").ok_or_else(|| {
        type_error(format!(
            "type {} doesn't define __round__ method",
            x.type_name()
        ))
    })?;
    if nd.is_none() {
        crate::ops::call_unbound(&f, x, &[])
    } else {
        crate::ops::call_unbound(&f, x, &[nd])
    }
}

/// `NAME() takes no keyword arguments`, for the builtins that take none.
fn no_kw(name: &str, kw: Kw) -> PyResult<()> {
    match kw {
        Some(k) if !k.is_empty() => Err(type_error(format!("{name}() takes no keyword arguments"))),
        _ => Ok(()),
    }
}

fn pow_builtin(args: &[Value], kw: Kw) -> PyResult<Value> {
    let a = crate::args::parse("pow", args, kw, &["base", "exp", "mod"], 2)?;
    let (b, e) = (a[0].clone().unwrap(), a[1].clone().unwrap());
    match &a[2] {
        None | Some(Value::None) => {
            crate::ops::arith::binary_op(&b, &e, pyrite_compiler::bytecode::BinOp::Pow)
        }
        Some(m) => {
            if crate::types::int::is_int(&b)
                && crate::types::int::is_int(&e)
                && crate::types::int::is_int(m)
            {
                return crate::ops::call::call(
                    &crate::ops::attr::getattr(&Value::Obj(types().int.clone()), "__pow__")?,
                    &[b, e, m.clone()],
                    None,
                );
            }
            let num = |v: &Value| crate::types::int::is_int(v) || crate::types::float::is_float(v);
            if num(&b) && num(&e) && num(m) {
                return Err(type_error(
                    "pow() 3rd argument not allowed unless all arguments are integers",
                ));
            }
            match crate::ops::call_special(&b, crate::name!("__pow__"), &[e.clone(), m.clone()])? {
                Some(r) if !crate::types::misc::is_not_implemented(&r) => Ok(r),
                _ => Err(type_error(format!(
                    "unsupported operand type(s) for ** or pow(): '{}', '{}', '{}'",
                    b.type_name(),
                    e.type_name(),
                    m.type_name()
                ))),
            }
        }
    }
}

fn divmod(args: &[Value], kw: Kw) -> PyResult<Value> {
    crate::args::no_kw("divmod", kw)?;
    check_args("divmod", args, 2, 2)?;
    let (a, b) = (&args[0], &args[1]);
    if crate::types::int::is_int(a) && crate::types::int::is_int(b) {
        return crate::types::int::divmod(a, b);
    }
    match crate::ops::call_special(a, crate::name!("__divmod__"), &[b.clone()])? {
        Some(r) if !crate::types::misc::is_not_implemented(&r) => return Ok(r),
        _ => {}
    }
    match crate::ops::call_special(b, crate::name!("__rdivmod__"), &[a.clone()])? {
        Some(r) if !crate::types::misc::is_not_implemented(&r) => Ok(r),
        _ => Err(type_error(format!(
            "unsupported operand type(s) for divmod(): '{}' and '{}'",
            a.type_name(),
            b.type_name()
        ))),
    }
}

fn iter_builtin(args: &[Value], kw: Kw) -> PyResult<Value> {
    crate::args::no_kw("iter", kw)?;
    match args.len() {
        1 => crate::ops::get_iter(&args[0]),
        2 => {
            if crate::ops::attr::lookup_special(&args[0], "__call__").is_none() {
                return Err(type_error("iter(v, w): v must be callable"));
            }
            Ok(crate::types::iter::new_callable_iter(
                args[0].clone(),
                args[1].clone(),
            ))
        }
        n => Err(type_error(format!(
            "iter expected at most 2 arguments, got {}",
            n
        ))),
    }
}

fn next_builtin(args: &[Value], kw: Kw) -> PyResult<Value> {
    crate::args::no_kw("next", kw)?;
    check_args("next", args, 1, 2)?;
    let f = crate::ops::attr::lookup_special(&args[0], "__next__").ok_or_else(|| {
        type_error(format!(
            "'{}' object is not an iterator",
            args[0].type_name()
        ))
    })?;
    match crate::ops::call_unbound(&f, &args[0], &[]) {
        Ok(v) => Ok(v),
        Err(e) if args.len() == 2 && e.matches(&exc().stop_iteration) => Ok(args[1].clone()),
        Err(e) => Err(e),
    }
}

fn chr_builtin(args: &[Value], kw: Kw) -> PyResult<Value> {
    crate::args::no_kw("chr", kw)?;
    check_args("chr", args, 1, 1)?;
    let i = match crate::types::int::index_value(&args[0]) {
        Ok(Value::Int(i)) => i,
        Ok(_) => return Err(overflow_error("Python int too large to convert to C int")),
        Err(e) => return Err(e),
    };
    if !(0..=0x10ffff).contains(&i) {
        return Err(value_error("chr() arg not in range(0x110000)"));
    }
    match char::from_u32(i as u32) {
        Some(c) => Ok(crate::types::str::new_string(c.to_string())),
        None => Err(not_implemented(
            "lone surrogate code points are not supported by Pyrite yet",
        )),
    }
}

fn ord_builtin(args: &[Value], kw: Kw) -> PyResult<Value> {
    crate::args::no_kw("ord", kw)?;
    check_args("ord", args, 1, 1)?;
    if let Some(s) = crate::types::str::as_pystr(&args[0]) {
        if s.len() != 1 {
            return Err(type_error(format!(
                "ord() expected a character, but string of length {} found",
                s.len()
            )));
        }
        return Ok(Value::Int(s.char_at(0) as i64));
    }
    if let Some(b) = crate::types::bytes::as_bytes_like(&args[0]) {
        if b.len() != 1 {
            return Err(type_error(format!(
                "ord() expected a character, but string of length {} found",
                b.len()
            )));
        }
        return Ok(Value::Int(b[0] as i64));
    }
    Err(type_error(format!(
        "ord() expected string of length 1, but {} found",
        args[0].type_name()
    )))
}

fn int_fmt(args: &[Value], name: &str, base: u32, prefix: &str) -> PyResult<Value> {
    check_args(name, args, 1, 1)?;
    let v = crate::types::int::index_value(&args[0])?;
    let b = crate::types::int::to_bigint(&v).unwrap();
    let s = b.magnitude().to_str_radix(base);
    Ok(format!(
        "{}{}{}",
        if b.sign() == num_bigint::Sign::Minus {
            "-"
        } else {
            ""
        },
        prefix,
        s
    )
    .into())
}

fn hash_builtin(args: &[Value], kw: Kw) -> PyResult<Value> {
    crate::args::no_kw("hash", kw)?;
    check_args("hash", args, 1, 1)?;
    Ok(Value::Int(crate::ops::hash(&args[0])?))
}

fn callable(args: &[Value], kw: Kw) -> PyResult<Value> {
    crate::args::no_kw("callable", kw)?;
    check_args("callable", args, 1, 1)?;
    Ok(Value::Bool(is_callable(&args[0])))
}

pub fn is_callable(v: &Value) -> bool {
    match v.payload() {
        Some(Payload::Function(_))
        | Some(Payload::Builtin(_))
        | Some(Payload::BoundMethod(_))
        | Some(Payload::MethodDescr(_))
        | Some(Payload::Type(_)) => true,
        _ => crate::ops::attr::lookup_special(v, "__call__").is_some(),
    }
}

fn any_all(args: &[Value], want: bool, name: &str) -> PyResult<Value> {
    check_args(name, args, 1, 1)?;
    let it = crate::ops::get_iter(&args[0])?;
    while let Some(x) = crate::ops::next(&it)? {
        if crate::ops::truthy(&x)? == want {
            return Ok(Value::Bool(want));
        }
    }
    Ok(Value::Bool(!want))
}

/// `dir()` of an object.
pub fn object_dir(v: &Value) -> PyResult<Value> {
    let d = crate::types::dict::new_dict();
    let dd = crate::types::dict::as_dict(&d).unwrap();
    if let Value::Obj(o) = v {
        if let Some(inst) = o.dict() {
            for k in crate::types::dict::obj_dict(&inst).keys() {
                dd.set_item(k, Value::None)?;
            }
        }
    }
    for t in crate::types::typeobj::tdata(v.class_ref()).mro() {
        for k in crate::types::typeobj::tdata(t).dict().keys() {
            dd.set_item(k, Value::None)?;
        }
    }
    Ok(crate::types::list::new_list(dd.keys()))
}

pub fn type_dir(v: &Value) -> PyResult<Value> {
    let d = crate::types::dict::new_dict();
    let dd = crate::types::dict::as_dict(&d).unwrap();
    if let Some(t) = v.as_obj() {
        if let Payload::Type(td) = t.payload() {
            for b in td.mro() {
                for k in crate::types::typeobj::tdata(b).dict().keys() {
                    dd.set_item(k, Value::None)?;
                }
            }
        }
    }
    Ok(crate::types::list::new_list(dd.keys()))
}

fn dir_builtin(args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_args("dir", args, 0, 1)?;
    let l = if args.is_empty() {
        let locals = current_locals()?;
        crate::types::list::new_list(crate::ops::iterate(&locals)?)
    } else {
        let r = crate::ops::call_special(&args[0], crate::name!("__dir__"), &[])?
            .ok_or_else(|| type_error("object does not provide __dir__"))?;
        crate::types::list::new_list(crate::ops::iterate(&r)?)
    };
    let mut items = crate::types::list::as_list(&l).unwrap().take_all();
    crate::types::list::sort_values(&mut items, None, false)?;
    Ok(crate::types::list::new_list(items))
}

pub fn current_locals() -> PyResult<Value> {
    let t = crate::vm::thread();
    match t.frames.last() {
        Some(f) => crate::frame::frame_locals(&f.clone()),
        None => Ok(crate::types::dict::new_dict()),
    }
}

pub fn current_globals() -> Value {
    let t = crate::vm::thread();
    match t.frames.last() {
        Some(f) => Value::Obj(crate::frame::frame_mut(f).globals.clone()),
        None => Value::Obj(crate::modules::main_dict()),
    }
}

fn vars_builtin(args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_args("vars", args, 0, 1)?;
    if args.is_empty() {
        return current_locals();
    }
    crate::ops::attr::getattr(&args[0], "__dict__").map_err(|e| {
        if e.matches(&exc().attribute_error) {
            type_error("vars() argument must have __dict__ attribute")
        } else {
            e
        }
    })
}

/// Turn a compiler error into a Python SyntaxError (or subclass).
pub fn syntax_error_from(e: pyrite_compiler::SyntaxErrorInfo) -> PyErr {
    use pyrite_compiler::SyntaxErrorKind as K;
    let ex = exc();
    let ty = match e.kind {
        K::SyntaxError => &ex.syntax_error,
        K::IndentationError => &ex.indentation_error,
        K::TabError => &ex.tab_error,
        K::RecursionError => return PyErr::new(&ex.recursion_error, e.msg),
        K::MemoryError => return memory_error(),
    };
    let opt = |n: u32| {
        if n == 0 {
            Value::None
        } else {
            Value::Int(n as i64)
        }
    };
    let info = crate::types::tuple::new_tuple(vec![
        Value::from(e.filename.as_str()),
        opt(e.lineno),
        opt(e.offset),
        e.text.map(Value::from).unwrap_or(Value::None),
        opt(e.end_lineno),
        opt(e.end_offset),
    ]);
    PyErr::with_args(ty, vec![Value::from(e.msg), info])
}

/// Source argument of compile/exec/eval as text.
fn source_text(v: &Value, fname: &str) -> PyResult<String> {
    if let Some(s) = crate::types::str::as_str(v) {
        if s.contains('\0') {
            return Err(PyErr::new(
                &exc().syntax_error,
                "source code string cannot contain null bytes",
            ));
        }
        return Ok(s.to_string());
    }
    if let Some(b) = crate::types::bytes::as_bytes_like(v) {
        if b.contains(&0) {
            return Err(PyErr::new(
                &exc().syntax_error,
                "source code string cannot contain null bytes",
            ));
        }
        return pyrite_compiler::decode_source(&b, "<string>").map_err(syntax_error_from);
    }
    Err(type_error(format!(
        "{}() arg 1 must be a string, bytes or code object",
        fname
    )))
}

pub fn compile_source(src: &str, filename: &str, mode: pyrite_compiler::Mode) -> PyResult<Value> {
    let opts = pyrite_compiler::CompileOptions {
        optimize: crate::vm::interp().config.optimize,
    };
    let src = src.to_string();
    let filename2 = filename.to_string();
    // compile on a thread with a large stack so deep nesting cannot overflow ours
    let r = crate::compile_guarded(move || pyrite_compiler::compile(&src, &filename2, mode, &opts));
    match r {
        Ok(code) => Ok(crate::types::code::new_code(std::sync::Arc::new(code))),
        Err(e) => Err(syntax_error_from(e)),
    }
}

fn compile_builtin(args: &[Value], kw: Kw) -> PyResult<Value> {
    let a = crate::args::parse(
        "compile",
        args,
        kw,
        &[
            "source",
            "filename",
            "mode",
            "flags",
            "dont_inherit",
            "optimize",
            "$_feature_version",
        ],
        3,
    )?;
    let filename = crate::ops::to_str(a[1].as_ref().unwrap())?;
    let mode = crate::types::str::as_str(a[2].as_ref().unwrap())
        .unwrap_or("")
        .to_string();
    let m = match mode.as_str() {
        "exec" => pyrite_compiler::Mode::Exec,
        "eval" => pyrite_compiler::Mode::Eval,
        "single" => pyrite_compiler::Mode::Single,
        _ => {
            return Err(value_error(
                "compile() mode must be 'exec', 'eval' or 'single'",
            ))
        }
    };
    let flags = a[3]
        .as_ref()
        .map(crate::types::int::index_i64)
        .transpose()?
        .unwrap_or(0);
    if flags & 0x400 != 0 {
        return Err(not_implemented(
            "compile() with ast.PyCF_ONLY_AST is not supported by Pyrite yet",
        ));
    }
    let src = a[0].as_ref().unwrap();
    if crate::types::code::as_code(src).is_some() {
        return Ok(src.clone());
    }
    let text = source_text(src, "compile")?;
    if crate::modules::sys::audit_active() {
        // CPython reports the source as the bytes it compiles
        crate::modules::sys::audit(
            "compile",
            vec![
                crate::types::bytes::new_bytes(text.as_bytes().to_vec()),
                a[1].clone().unwrap(),
            ],
        )?;
    }
    compile_source(&text, &filename, m)
}

fn exec_eval(args: &[Value], kw: Kw, is_eval: bool) -> PyResult<Value> {
    let name = if is_eval { "eval" } else { "exec" };
    let a = crate::args::parse(name, args, kw, &["", "globals", "locals", "$closure"], 1)?;
    let src = a[0].as_ref().unwrap();
    let mut globals = a[1].clone().unwrap_or(Value::None);
    let mut locals = a[2].clone().unwrap_or(Value::None);
    if !globals.is_none() && crate::types::dict::as_dict(&globals).is_none() {
        return Err(type_error(if is_eval {
            format!("globals must be a real dict; try eval(expr, {{}}, mapping)")
        } else {
            format!("exec() globals must be a dict, not {}", globals.type_name())
        }));
    }
    if globals.is_none() {
        globals = current_globals();
        if locals.is_none() {
            locals = current_locals()?;
            // module level: locals is globals
            let t = crate::vm::thread();
            if let Some(f) = t.frames.last() {
                if let Some(l) = &crate::frame::frame_mut(f).locals {
                    locals = l.clone();
                }
            }
        }
    } else if locals.is_none() {
        locals = globals.clone();
    }
    let gd = crate::types::dict::as_dict(&globals).unwrap();
    if gd.get_str_key("__builtins__").is_none() {
        gd.set_str(
            "__builtins__",
            Value::Obj(crate::vm::interp().builtins.clone()),
        );
    }
    let code = if let Some(co) = crate::types::code::as_code(src) {
        // a code object with free variables needs cells nobody can give it here
        let nfree = co.code.freevars.len();
        if nfree > 0 {
            let closure = a[3].clone().filter(|c| !c.is_none());
            if is_eval || closure.is_none() {
                return Err(type_error(if is_eval {
                    "code object passed to eval() may not contain free variables".to_string()
                } else {
                    format!("code object requires a closure of exactly length {nfree}")
                }));
            }
            return Err(not_implemented(
                "exec() with closure= is not supported by Pyrite yet",
            ));
        }
        src.clone()
    } else {
        let text = source_text(src, name)?;
        if crate::modules::sys::audit_active() {
            crate::modules::sys::audit(
                "compile",
                vec![
                    crate::types::bytes::new_bytes(text.as_bytes().to_vec()),
                    Value::from("<string>"),
                ],
            )?;
        }
        let text = if is_eval {
            text.trim_start_matches([' ', '\t']).to_string()
        } else {
            text
        };
        compile_source(
            &text,
            "<string>",
            if is_eval {
                pyrite_compiler::Mode::Eval
            } else {
                pyrite_compiler::Mode::Exec
            },
        )?
    };
    crate::modules::sys::audit("exec", vec![code.clone()])?;
    let r = crate::frame::run_code(
        code.as_obj().unwrap(),
        globals.as_obj().unwrap(),
        Some(locals),
    )?;
    Ok(if is_eval { r } else { Value::None })
}

fn build_class(args: &[Value], kw: Kw) -> PyResult<Value> {
    let (pos, kws) = kwargs(args, kw);
    if pos.len() < 2 {
        return Err(type_error("__build_class__: not enough arguments"));
    }
    let func = &pos[0];
    let Some(f) = crate::types::function::as_function(func) else {
        return Err(type_error("__build_class__: func must be a function"));
    };
    let name = pos[1].clone();
    if crate::types::str::as_str(&name).is_none() {
        return Err(type_error("__build_class__: name is not a string"));
    }
    let orig_bases: Vec<Value> = pos[2..].to_vec();
    // PEP 560
    let mut bases = Vec::new();
    let mut changed = false;
    for b in &orig_bases {
        if !crate::types::typeobj::is_type(b) {
            // an ordinary attribute lookup, as CPython does (typing.NamedTuple is a
            // function with a __mro_entries__ attribute)
            if let Some(me) = crate::ops::attr::getattr_opt(b, "__mro_entries__")? {
                let r = crate::ops::call::call(
                    &me,
                    &[crate::types::tuple::new_tuple(orig_bases.clone())],
                    None,
                )?;
                let t = crate::types::tuple::as_tuple(&r)
                    .ok_or_else(|| type_error("__mro_entries__ must return a tuple"))?;
                bases.extend(t.iter().cloned());
                changed = true;
                continue;
            }
        }
        bases.push(b.clone());
    }
    let mut meta: Option<Value> = None;
    let mut other_kw: Vec<(Value, Value)> = Vec::new();
    for (k, v) in kws {
        if k == "metaclass" {
            meta = Some(v.clone());
        } else {
            other_kw.push((Value::from(k), v.clone()));
        }
    }
    let is_class_meta;
    let meta = match meta {
        Some(m) => {
            is_class_meta = crate::types::typeobj::is_type(&m);
            m
        }
        None => {
            is_class_meta = true;
            match bases.first() {
                Some(b) => Value::Obj(b.class()),
                None => Value::Obj(types().type_.clone()),
            }
        }
    };
    let meta = if is_class_meta {
        Value::Obj(crate::types::typeobj::calculate_meta(
            meta.as_obj().unwrap(),
            &bases,
        )?)
    } else {
        meta
    };
    let bases_t = crate::types::tuple::new_tuple(bases.clone());
    let kwnames: Vec<Value> = other_kw.iter().map(|(k, _)| k.clone()).collect();
    let kwvals: Vec<Value> = other_kw.iter().map(|(_, v)| v.clone()).collect();
    let ns = match crate::ops::attr::getattr_opt(&meta, "__prepare__")? {
        Some(prep) => {
            let mut a = vec![name.clone(), bases_t.clone()];
            a.extend(kwvals.iter().cloned());
            crate::ops::call::call(
                &prep,
                &a,
                if kwnames.is_empty() {
                    None
                } else {
                    Some(&kwnames)
                },
            )?
        }
        None => crate::types::dict::new_dict(),
    };
    if crate::types::dict::as_dict(&ns).is_none()
        && crate::ops::attr::lookup_special(&ns, "__getitem__").is_none()
    {
        return Err(type_error(format!(
            "{}.__prepare__() must return a mapping, not {}",
            if crate::types::typeobj::is_type(&meta) {
                crate::types::typeobj::type_name(meta.as_obj().unwrap())
            } else {
                "<metaclass>".into()
            },
            ns.type_name()
        )));
    }
    // run the body with ns as its locals
    let mut frame = crate::frame::Frame::new(
        f.code_obj().clone(),
        f.globals.clone(),
        f.builtins.clone(),
        Some(ns.clone()),
    );
    let code = f.code();
    for _ in 0..code.ncells {
        frame.cells.push(crate::types::misc::new_cell(None));
    }
    if let Some(cl) = &f.closure {
        for c in crate::types::tuple::obj_tuple(cl).unwrap_or(&[]) {
            if let Value::Obj(c) = c {
                frame.cells.push(c.clone());
            }
        }
    }
    let fo = crate::frame::new_frame_obj(frame);
    let cell = match crate::frame::run_frame(&fo)? {
        crate::frame::Exit::Return(v) => v,
        crate::frame::Exit::Yield(_) => return Err(runtime_error("yield in class body")),
    };
    if changed {
        crate::ops::setitem(
            &ns,
            Value::from("__orig_bases__"),
            crate::types::tuple::new_tuple(orig_bases),
        )?;
    }
    let mut cargs = vec![name, bases_t, ns];
    cargs.extend(kwvals);
    let cls = crate::ops::call::call(
        &meta,
        &cargs,
        if kwnames.is_empty() {
            None
        } else {
            Some(&kwnames)
        },
    )?;
    if let Some(Payload::Cell(c)) = cell.payload() {
        let cur = unsafe { (*c.get()).clone() };
        match cur {
            Some(v) if v.is(&cls) => {}
            _ => {
                if crate::types::typeobj::is_type(&cls) {
                    unsafe { *c.get() = Some(cls.clone()) };
                }
            }
        }
    }
    Ok(cls)
}

fn import_builtin(args: &[Value], kw: Kw) -> PyResult<Value> {
    let a = crate::args::parse(
        "__import__",
        args,
        kw,
        &["name", "globals", "locals", "fromlist", "level"],
        1,
    )?;
    let name = a[0].clone().unwrap();
    if crate::types::str::as_str(&name).is_none() {
        return Err(type_error("module name must be a string"));
    }
    crate::import::import_module_level(
        &name,
        a[1].clone().unwrap_or(Value::None),
        a[3].clone().unwrap_or(Value::None),
        a[4].as_ref()
            .map(crate::types::int::index_i64)
            .transpose()?
            .unwrap_or(0),
    )
}

fn input_builtin(args: &[Value], _kw: Kw) -> PyResult<Value> {
    check_args("input", args, 0, 1)?;
    // as CPython: flush stderr, write the prompt, flush stdout (even without a prompt)
    if let Some(err) = crate::modules::sys::get_sys_attr("stderr").filter(|e| !e.is_none()) {
        let _ = crate::ops::attr::call_method(&err, "flush", &[]);
    }
    let out = crate::modules::sys::get_sys_attr("stdout").unwrap_or(Value::None);
    if let Some(p) = args.first() {
        crate::modules::io_min::write_to(&out, &crate::ops::to_str(p)?)?;
    }
    if !out.is_none() {
        crate::ops::attr::call_method(&out, "flush", &[])?;
    }
    let stdin = crate::modules::sys::get_sys_attr("stdin").unwrap_or(Value::None);
    let line = crate::ops::attr::call_method(&stdin, "readline", &[])?;
    let s = crate::types::str::as_str(&line).unwrap_or("").to_string();
    if s.is_empty() {
        return Err(PyErr::new(&exc().eof_error, "EOF when reading a line"));
    }
    Ok(Value::from(s.strip_suffix('\n').unwrap_or(&s)))
}

pub fn init(m: &ObjRef) {
    use crate::types::module::add_function as f;
    f(m, "print", print);
    f(m, "len", |a, kw| {
        no_kw("len", kw)?;
        check_args("len", a, 1, 1)?;
        Ok(Value::Int(crate::ops::len(&a[0])? as i64))
    });
    f(m, "repr", |a, kw| {
        no_kw("repr", kw)?;
        check_args("repr", a, 1, 1)?;
        Ok(Value::from(crate::ops::repr(&a[0])?))
    });
    f(m, "ascii", |a, kw| {
        no_kw("ascii", kw)?;
        check_args("ascii", a, 1, 1)?;
        Ok(Value::from(crate::ops::ascii(&a[0])?))
    });
    f(m, "isinstance", |a, kw| {
        no_kw("isinstance", kw)?;
        check_args("isinstance", a, 2, 2)?;
        Ok(Value::Bool(crate::ops::isinstance(&a[0], &a[1])?))
    });
    f(m, "issubclass", |a, kw| {
        no_kw("issubclass", kw)?;
        check_args("issubclass", a, 2, 2)?;
        Ok(Value::Bool(crate::ops::issubclass(&a[0], &a[1])?))
    });
    f(m, "getattr", getattr_builtin);
    f(m, "setattr", |a, kw| {
        no_kw("setattr", kw)?;
        check_args("setattr", a, 3, 3)?;
        crate::ops::attr::setattr_value(&a[0], &a[1], Some(a[2].clone()))?;
        Ok(Value::None)
    });
    f(m, "delattr", |a, kw| {
        no_kw("delattr", kw)?;
        check_args("delattr", a, 2, 2)?;
        crate::ops::attr::setattr_value(&a[0], &a[1], None)?;
        Ok(Value::None)
    });
    f(m, "hasattr", |a, kw| {
        no_kw("hasattr", kw)?;
        check_args("hasattr", a, 2, 2)?;
        if crate::types::str::as_str(&a[1]).is_none() {
            return Err(type_error(format!(
                "attribute name must be string, not '{}'",
                a[1].type_name()
            )));
        }
        match crate::ops::attr::getattr_value(&a[0], &a[1]) {
            Ok(_) => Ok(Value::Bool(true)),
            Err(e) if e.matches(&exc().attribute_error) => Ok(Value::Bool(false)),
            Err(e) => Err(e),
        }
    });
    f(m, "iter", iter_builtin);
    f(m, "aiter", |a, kw| {
        no_kw("aiter", kw)?;
        check_args("aiter", a, 1, 1)?;
        crate::types::generator::get_aiter(&a[0])
    });
    f(m, "anext", |a, kw| {
        no_kw("anext", kw)?;
        check_args("anext", a, 1, 2)?;
        let f = crate::ops::attr::lookup_special(&a[0], "__anext__").ok_or_else(|| {
            type_error(format!(
                "'{}' object is not an async iterator",
                a[0].type_name()
            ))
        })?;
        crate::ops::call_unbound(&f, &a[0], &[])
    });
    f(m, "next", next_builtin);
    f(m, "abs", |a, kw| {
        no_kw("abs", kw)?;
        check_args("abs", a, 1, 1)?;
        crate::ops::arith::abs(&a[0])
    });
    f(m, "min", |a, k| min_max(a, k, false));
    f(m, "max", |a, k| min_max(a, k, true));
    f(m, "sum", sum);
    f(m, "sorted", sorted);
    f(m, "any", |a, kw| {
        no_kw("any", kw)?;
        any_all(a, true, "any")
    });
    f(m, "all", |a, kw| {
        no_kw("all", kw)?;
        any_all(a, false, "all")
    });
    f(m, "id", |a, kw| {
        no_kw("id", kw)?;
        check_args("id", a, 1, 1)?;
        Ok(Value::Int(a[0].id()))
    });
    f(m, "hash", hash_builtin);
    f(m, "callable", callable);
    f(m, "chr", chr_builtin);
    f(m, "ord", ord_builtin);
    f(m, "bin", |a, kw| {
        no_kw("bin", kw)?;
        int_fmt(a, "bin", 2, "0b")
    });
    f(m, "oct", |a, kw| {
        no_kw("oct", kw)?;
        int_fmt(a, "oct", 8, "0o")
    });
    f(m, "hex", |a, kw| {
        no_kw("hex", kw)?;
        int_fmt(a, "hex", 16, "0x")
    });
    f(m, "divmod", divmod);
    f(m, "pow", pow_builtin);
    f(m, "round", round);
    f(m, "format", |a, kw| {
        let a = crate::args::parse("format", a, kw, &["", ""], 1)?;
        crate::ops::format(a[0].as_ref().unwrap(), a[1].as_ref())
    });
    f(m, "dir", dir_builtin);
    f(m, "vars", vars_builtin);
    f(m, "globals", |_a, _| Ok(current_globals()));
    f(m, "locals", |_a, _| {
        let t = crate::vm::thread();
        if let Some(fr) = t.frames.last() {
            if let Some(l) = &crate::frame::frame_mut(fr).locals {
                return Ok(l.clone());
            }
        }
        current_locals()
    });
    f(m, "compile", compile_builtin);
    f(m, "exec", |a, k| exec_eval(a, k, false));
    f(m, "eval", |a, k| exec_eval(a, k, true));
    f(m, "__build_class__", build_class);
    f(m, "__import__", import_builtin);
    f(m, "input", input_builtin);
    f(m, "open", |a, kw| crate::modules::io_min::open(a, kw));
    f(m, "breakpoint", |_a, _| {
        Err(not_implemented(
            "breakpoint() is not supported by Pyrite yet",
        ))
    });
}
