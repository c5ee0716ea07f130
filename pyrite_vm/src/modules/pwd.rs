//! `pwd` and `grp`: the password and group databases (`getpwnam_r` & co.).

use crate::errors::*;
use crate::gil::GilCell;
use crate::modules::osutil::{fs_decode, structseq_new, structseq_type};
use crate::object::ObjRef;
use crate::types::module::{add_function, set_attr};
use crate::value::Value;
use std::ffi::CStr;

static TYPES: GilCell<Option<(Value, Value)>> = GilCell::new(None);

fn types() -> PyResult<(Value, Value)> {
    if let Some(t) = TYPES.get().clone() {
        return Ok(t);
    }
    let pw = structseq_type(
        "pwd",
        "struct_passwd",
        &[
            Some("pw_name"),
            Some("pw_passwd"),
            Some("pw_uid"),
            Some("pw_gid"),
            Some("pw_gecos"),
            Some("pw_dir"),
            Some("pw_shell"),
        ],
        7,
    )?;
    let gr = structseq_type(
        "grp",
        "struct_group",
        &[
            Some("gr_name"),
            Some("gr_passwd"),
            Some("gr_gid"),
            Some("gr_mem"),
        ],
        4,
    )?;
    *TYPES.get() = Some((pw.clone(), gr.clone()));
    Ok((pw, gr))
}

fn s(p: *const libc::c_char) -> Value {
    if p.is_null() {
        return Value::from("");
    }
    // SAFETY: NUL-terminated strings from the C library.
    fs_decode(unsafe { CStr::from_ptr(p) }.to_bytes())
}

fn pw_value(p: &libc::passwd) -> PyResult<Value> {
    let vals = vec![
        s(p.pw_name),
        s(p.pw_passwd),
        Value::Int(p.pw_uid as i64),
        Value::Int(p.pw_gid as i64),
        s(p.pw_gecos),
        s(p.pw_dir),
        s(p.pw_shell),
    ];
    structseq_new(&types()?.0, vals)
}

fn gr_value(g: &libc::group) -> PyResult<Value> {
    let mut mem = Vec::new();
    if !g.gr_mem.is_null() {
        let mut i = 0;
        loop {
            // SAFETY: gr_mem is a NULL-terminated array of strings.
            let p = unsafe { *g.gr_mem.add(i) };
            if p.is_null() {
                break;
            }
            mem.push(s(p));
            i += 1;
        }
    }
    let vals = vec![
        s(g.gr_name),
        s(g.gr_passwd),
        Value::Int(g.gr_gid as i64),
        crate::types::list::new_list(mem),
    ];
    structseq_new(&types()?.1, vals)
}

fn id_arg(v: &Value) -> PyResult<u32> {
    let i = crate::types::int::index_value(v)?;
    match crate::types::int::as_i64(&i) {
        Some(x) if x >= -1 && x <= u32::MAX as i64 => Ok(x as u32),
        _ => Err(key_error(v.clone())),
    }
}

/// Run a `get*_r` call growing the buffer on ERANGE; `None` when not found.
fn lookup<T>(
    mut f: impl FnMut(&mut T, &mut Vec<libc::c_char>, &mut *mut T) -> libc::c_int,
) -> PyResult<Option<(T, Vec<libc::c_char>)>> {
    let mut size = 1024;
    loop {
        let mut ent: T = unsafe { std::mem::zeroed() };
        let mut buf = vec![0 as libc::c_char; size];
        let mut res: *mut T = std::ptr::null_mut();
        let r = f(&mut ent, &mut buf, &mut res);
        if r == libc::ERANGE && size < (1 << 24) {
            size *= 4;
            continue;
        }
        if r != 0 && r != libc::ENOENT && r != libc::ESRCH && r != libc::EBADF && r != libc::EPERM {
            return Err(crate::modules::osutil::os_error(r, None, None));
        }
        if res.is_null() {
            return Ok(None);
        }
        return Ok(Some((ent, buf)));
    }
}

pub fn init_pwd(m: &ObjRef) -> PyResult<()> {
    set_attr(m, "struct_passwd", types()?.0);
    add_function(m, "getpwuid", |a, _| {
        check_args("getpwuid", a, 1, 1)?;
        let uid = id_arg(&a[0]).map_err(|_| key_error(Value::from("getpwuid(): uid not found")))?;
        match lookup::<libc::passwd>(|e, b, r| unsafe {
            libc::getpwuid_r(uid, e, b.as_mut_ptr(), b.len(), r)
        })? {
            Some((e, _buf)) => pw_value(&e),
            None => Err(key_error(Value::from(format!(
                "getpwuid(): uid not found: {}",
                crate::ops::to_str(&a[0])?
            )))),
        }
    });
    add_function(m, "getpwnam", |a, _| {
        check_args("getpwnam", a, 1, 1)?;
        let name = crate::types::str::as_str(&a[0]).ok_or_else(|| {
            type_error(format!(
                "getpwnam() argument must be str, not {}",
                a[0].type_name()
            ))
        })?;
        let c = std::ffi::CString::new(name).map_err(|_| value_error("embedded null byte"))?;
        match lookup::<libc::passwd>(|e, b, r| unsafe {
            libc::getpwnam_r(c.as_ptr(), e, b.as_mut_ptr(), b.len(), r)
        })? {
            Some((e, _buf)) => pw_value(&e),
            None => Err(key_error(Value::from(format!(
                "getpwnam(): name not found: {}",
                crate::ops::repr(&a[0])?
            )))),
        }
    });
    add_function(m, "getpwall", |_a, _| {
        let mut out = Vec::new();
        unsafe { libc::setpwent() };
        loop {
            let p = unsafe { libc::getpwent() };
            if p.is_null() {
                break;
            }
            out.push(pw_value(unsafe { &*p })?);
        }
        unsafe { libc::endpwent() };
        Ok(crate::types::list::new_list(out))
    });
    Ok(())
}

pub fn init_grp(m: &ObjRef) -> PyResult<()> {
    set_attr(m, "struct_group", types()?.1);
    add_function(m, "getgrgid", |a, _| {
        check_args("getgrgid", a, 1, 1)?;
        let gid = id_arg(&a[0]).map_err(|_| key_error(Value::from("getgrgid(): gid not found")))?;
        match lookup::<libc::group>(|e, b, r| unsafe {
            libc::getgrgid_r(gid, e, b.as_mut_ptr(), b.len(), r)
        })? {
            Some((e, _buf)) => gr_value(&e),
            None => Err(key_error(Value::from(format!(
                "getgrgid(): gid not found: {}",
                crate::ops::to_str(&a[0])?
            )))),
        }
    });
    add_function(m, "getgrnam", |a, _| {
        check_args("getgrnam", a, 1, 1)?;
        let name = crate::types::str::as_str(&a[0]).ok_or_else(|| {
            type_error(format!(
                "getgrnam() argument must be str, not {}",
                a[0].type_name()
            ))
        })?;
        let c = std::ffi::CString::new(name).map_err(|_| value_error("embedded null byte"))?;
        match lookup::<libc::group>(|e, b, r| unsafe {
            libc::getgrnam_r(c.as_ptr(), e, b.as_mut_ptr(), b.len(), r)
        })? {
            Some((e, _buf)) => gr_value(&e),
            None => Err(key_error(Value::from(format!(
                "getgrnam(): name not found: {}",
                crate::ops::repr(&a[0])?
            )))),
        }
    });
    add_function(m, "getgrall", |_a, _| {
        let mut out = Vec::new();
        unsafe { libc::setgrent() };
        loop {
            let p = unsafe { libc::getgrent() };
            if p.is_null() {
                break;
            }
            out.push(gr_value(unsafe { &*p })?);
        }
        unsafe { libc::endgrent() };
        Ok(crate::types::list::new_list(out))
    });
    Ok(())
}
