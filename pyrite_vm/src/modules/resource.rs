//! `resource`: resource limits and usage.

use crate::errors::*;
use crate::gil::GilCell;
use crate::modules::osutil::{c_int, last_error, structseq_new, structseq_type};
use crate::object::ObjRef;
use crate::types::module::{add_function, set_attr};
use crate::value::Value;

static RUSAGE: GilCell<Option<Value>> = GilCell::new(None);

fn rusage_type() -> PyResult<Value> {
    if let Some(t) = RUSAGE.get().clone() {
        return Ok(t);
    }
    let names = [
        "ru_utime",
        "ru_stime",
        "ru_maxrss",
        "ru_ixrss",
        "ru_idrss",
        "ru_isrss",
        "ru_minflt",
        "ru_majflt",
        "ru_nswap",
        "ru_inblock",
        "ru_oublock",
        "ru_msgsnd",
        "ru_msgrcv",
        "ru_nsignals",
        "ru_nvcsw",
        "ru_nivcsw",
    ];
    let fields: Vec<Option<&str>> = names.iter().map(|n| Some(*n)).collect();
    let t = structseq_type("resource", "struct_rusage", &fields, 16)?;
    *RUSAGE.get() = Some(t.clone());
    Ok(t)
}

/// A `resource.struct_rusage` from a `struct rusage`.
pub fn rusage_value(r: &libc::rusage) -> PyResult<Value> {
    let tv = |t: &libc::timeval| Value::Float(t.tv_sec as f64 + t.tv_usec as f64 * 1e-6);
    let vals = vec![
        tv(&r.ru_utime),
        tv(&r.ru_stime),
        Value::Int(r.ru_maxrss),
        Value::Int(r.ru_ixrss),
        Value::Int(r.ru_idrss),
        Value::Int(r.ru_isrss),
        Value::Int(r.ru_minflt),
        Value::Int(r.ru_majflt),
        Value::Int(r.ru_nswap),
        Value::Int(r.ru_inblock),
        Value::Int(r.ru_oublock),
        Value::Int(r.ru_msgsnd),
        Value::Int(r.ru_msgrcv),
        Value::Int(r.ru_nsignals),
        Value::Int(r.ru_nvcsw),
        Value::Int(r.ru_nivcsw),
    ];
    structseq_new(&rusage_type()?, vals)
}

fn lim_value(x: libc::rlim_t) -> Value {
    if x == libc::RLIM_INFINITY {
        Value::Int(-1)
    } else {
        Value::Int(x as i64)
    }
}

fn lim_arg(v: &Value) -> PyResult<libc::rlim_t> {
    let i = crate::types::int::index_i64(v)?;
    Ok(if i < 0 {
        libc::RLIM_INFINITY
    } else {
        i as libc::rlim_t
    })
}

pub fn init(m: &ObjRef) -> PyResult<()> {
    for (n, v) in [
        ("RLIMIT_CPU", libc::RLIMIT_CPU as i64),
        ("RLIMIT_FSIZE", libc::RLIMIT_FSIZE as i64),
        ("RLIMIT_DATA", libc::RLIMIT_DATA as i64),
        ("RLIMIT_STACK", libc::RLIMIT_STACK as i64),
        ("RLIMIT_CORE", libc::RLIMIT_CORE as i64),
        ("RLIMIT_RSS", libc::RLIMIT_RSS as i64),
        ("RLIMIT_NPROC", libc::RLIMIT_NPROC as i64),
        ("RLIMIT_NOFILE", libc::RLIMIT_NOFILE as i64),
        ("RLIMIT_MEMLOCK", libc::RLIMIT_MEMLOCK as i64),
        ("RLIMIT_AS", libc::RLIMIT_AS as i64),
        ("RLIMIT_LOCKS", libc::RLIMIT_LOCKS as i64),
        ("RLIMIT_SIGPENDING", libc::RLIMIT_SIGPENDING as i64),
        ("RLIMIT_MSGQUEUE", libc::RLIMIT_MSGQUEUE as i64),
        ("RLIMIT_NICE", libc::RLIMIT_NICE as i64),
        ("RLIMIT_RTPRIO", libc::RLIMIT_RTPRIO as i64),
        ("RLIMIT_RTTIME", libc::RLIMIT_RTTIME as i64),
        ("RUSAGE_SELF", libc::RUSAGE_SELF as i64),
        ("RUSAGE_CHILDREN", libc::RUSAGE_CHILDREN as i64),
        ("RUSAGE_THREAD", libc::RUSAGE_THREAD as i64),
        ("RLIM_INFINITY", -1),
    ] {
        set_attr(m, n, Value::Int(v));
    }
    set_attr(
        m,
        "error",
        Value::Obj(crate::types::exceptions::exc().os_error.clone()),
    );
    set_attr(m, "struct_rusage", rusage_type()?);
    add_function(m, "getrlimit", |a, _| {
        check_args("getrlimit", a, 1, 1)?;
        let r = c_int(&a[0])?;
        if !(0..16).contains(&r) {
            return Err(value_error("invalid resource specified"));
        }
        let mut l: libc::rlimit = unsafe { std::mem::zeroed() };
        if unsafe { libc::getrlimit(r as _, &mut l) } != 0 {
            return Err(last_error(None));
        }
        Ok(crate::types::tuple::new_tuple(vec![
            lim_value(l.rlim_cur),
            lim_value(l.rlim_max),
        ]))
    });
    add_function(m, "setrlimit", |a, _| {
        check_args("setrlimit", a, 2, 2)?;
        let r = c_int(&a[0])?;
        if !(0..16).contains(&r) {
            return Err(value_error("invalid resource specified"));
        }
        let items = crate::ops::iterate(&a[1])?;
        if items.len() != 2 {
            return Err(value_error("expected a tuple of 2 integers"));
        }
        let l = libc::rlimit {
            rlim_cur: lim_arg(&items[0])?,
            rlim_max: lim_arg(&items[1])?,
        };
        if unsafe { libc::setrlimit(r as _, &l) } != 0 {
            let e = crate::modules::osutil::errno();
            if e == libc::EINVAL {
                return Err(value_error("current limit exceeds maximum limit"));
            }
            if e == libc::EPERM {
                return Err(value_error("not allowed to raise maximum limit"));
            }
            return Err(last_error(None));
        }
        Ok(Value::None)
    });
    add_function(m, "getrusage", |a, _| {
        check_args("getrusage", a, 1, 1)?;
        let who = c_int(&a[0])?;
        let mut r: libc::rusage = unsafe { std::mem::zeroed() };
        if unsafe { libc::getrusage(who, &mut r) } != 0 {
            if crate::modules::osutil::errno() == libc::EINVAL {
                return Err(value_error("invalid who parameter"));
            }
            return Err(last_error(None));
        }
        rusage_value(&r)
    });
    add_function(m, "getpagesize", |_a, _| {
        Ok(Value::Int(
            unsafe { libc::sysconf(libc::_SC_PAGESIZE) } as i64
        ))
    });
    Ok(())
}
