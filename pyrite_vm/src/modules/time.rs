//! `time`: clocks, sleeping, and conversions between timestamps, `struct_time` and text
//! (through the C library's `localtime_r`/`mktime`/`strftime`; `strptime` is
//! `_strptime`'s).

use crate::errors::*;
use crate::gil::GilCell;
use crate::object::ObjRef;
use crate::types::module::{add_function, set_attr};
use crate::value::Value;

static STRUCT_TIME: GilCell<Option<Value>> = GilCell::new(None);

fn struct_time_type() -> PyResult<Value> {
    if let Some(t) = STRUCT_TIME.get().clone() {
        return Ok(t);
    }
    let t = crate::modules::osutil::structseq_type(
        "time",
        "struct_time",
        &[
            Some("tm_year"),
            Some("tm_mon"),
            Some("tm_mday"),
            Some("tm_hour"),
            Some("tm_min"),
            Some("tm_sec"),
            Some("tm_wday"),
            Some("tm_yday"),
            Some("tm_isdst"),
            Some("tm_zone"),
            Some("tm_gmtoff"),
        ],
        9,
    )?;
    *STRUCT_TIME.get() = Some(t.clone());
    Ok(t)
}

fn clock(id: libc::clockid_t) -> PyResult<libc::timespec> {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: valid pointer to a timespec.
    if unsafe { libc::clock_gettime(id, &mut ts) } != 0 {
        return Err(crate::modules::osutil::last_error(None));
    }
    Ok(ts)
}

fn ns_of(ts: &libc::timespec) -> i128 {
    ts.tv_sec as i128 * 1_000_000_000 + ts.tv_nsec as i128
}

fn secs_of(ts: &libc::timespec) -> f64 {
    ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9
}

fn int_value(i: i128) -> Value {
    if i >= i64::MIN as i128 && i <= i64::MAX as i128 {
        Value::Int(i as i64)
    } else {
        crate::types::int::from_bigint(num_bigint::BigInt::from(i))
    }
}

/// Seconds since the epoch as a float.
pub fn now() -> f64 {
    clock(libc::CLOCK_REALTIME)
        .map(|t| secs_of(&t))
        .unwrap_or(0.0)
}

/// `time.sleep(secs)`: releases the GIL; a signal handler that raises interrupts it.
pub fn sleep(secs: f64) -> PyResult<()> {
    if secs.is_nan() {
        return Err(value_error("Invalid value NaN (not a number)"));
    }
    if secs < 0.0 {
        return Err(value_error("sleep length must be non-negative"));
    }
    if secs > 9.2e9 {
        return Err(overflow_error(
            "timestamp too large to convert to C _PyTime_t",
        ));
    }
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs_f64(secs);
    loop {
        let now = std::time::Instant::now();
        if now >= deadline {
            return Ok(());
        }
        let left = deadline - now;
        let ts = libc::timespec {
            tv_sec: left.as_secs() as libc::time_t,
            tv_nsec: left.subsec_nanos() as libc::c_long,
        };
        let r = crate::modules::thread::allow_threads(|| unsafe {
            libc::nanosleep(&ts, std::ptr::null_mut())
        });
        if r != 0 {
            if crate::modules::osutil::errno() == libc::EINTR {
                crate::modules::signal::check_signals()?;
                continue;
            }
            return Err(crate::modules::osutil::last_error(None));
        }
        crate::modules::signal::check_signals()?;
        return Ok(());
    }
}

/// A timestamp argument to `time_t` (None: now).
fn time_t_arg(v: Option<&Value>) -> PyResult<libc::time_t> {
    match v {
        None | Some(Value::None) => Ok(now().floor() as libc::time_t),
        Some(v) => {
            if crate::types::float::is_float(v) {
                let f = crate::types::float::float_from_value(v)?;
                if f.is_nan() {
                    return Err(value_error("Invalid value NaN (not a number)"));
                }
                let f = f.trunc();
                if !(f >= -9.2e18 && f <= 9.2e18) {
                    return Err(overflow_error("timestamp out of range for platform time_t"));
                }
                Ok(f as libc::time_t)
            } else if crate::types::int::is_int(v) {
                match crate::types::int::as_i64(v) {
                    Some(i) => Ok(i as libc::time_t),
                    None => Err(overflow_error("timestamp out of range for platform time_t")),
                }
            } else {
                Err(type_error(format!(
                    "'{}' object cannot be interpreted as an integer",
                    v.type_name()
                )))
            }
        }
    }
}

fn tm_to_struct(tm: &libc::tm) -> PyResult<Value> {
    let zone = if tm.tm_zone.is_null() {
        Value::None
    } else {
        // SAFETY: tm_zone points to a NUL-terminated string owned by the C library.
        Value::from(
            unsafe { std::ffi::CStr::from_ptr(tm.tm_zone) }
                .to_string_lossy()
                .into_owned(),
        )
    };
    let vals = vec![
        Value::Int(tm.tm_year as i64 + 1900),
        Value::Int(tm.tm_mon as i64 + 1),
        Value::Int(tm.tm_mday as i64),
        Value::Int(tm.tm_hour as i64),
        Value::Int(tm.tm_min as i64),
        Value::Int(tm.tm_sec as i64),
        Value::Int((tm.tm_wday as i64 + 6) % 7),
        Value::Int(tm.tm_yday as i64 + 1),
        Value::Int(tm.tm_isdst as i64),
        zone,
        Value::Int(tm.tm_gmtoff as i64),
    ];
    crate::modules::osutil::structseq_new(&struct_time_type()?, vals)
}

fn gmtime_tm(t: libc::time_t) -> PyResult<libc::tm> {
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    // SAFETY: valid pointers.
    if unsafe { libc::gmtime_r(&t, &mut tm) }.is_null() {
        let e = crate::modules::osutil::errno();
        return Err(crate::modules::osutil::os_error(
            if e == 0 { libc::EINVAL } else { e },
            None,
            None,
        ));
    }
    Ok(tm)
}

pub fn localtime_tm(t: libc::time_t) -> PyResult<libc::tm> {
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    // SAFETY: valid pointers.
    if unsafe { libc::localtime_r(&t, &mut tm) }.is_null() {
        let e = crate::modules::osutil::errno();
        return Err(crate::modules::osutil::os_error(
            if e == 0 { libc::EINVAL } else { e },
            None,
            None,
        ));
    }
    Ok(tm)
}

/// A `struct tm` from a 9-tuple or `struct_time`, plus its zone name if it carries one.
fn tm_from(fname: &str, v: &Value) -> PyResult<(libc::tm, Option<std::ffi::CString>)> {
    let is_tuple = crate::types::tuple::as_tuple(v).is_some();
    if !is_tuple {
        return Err(type_error("Tuple or struct_time argument required"));
    }
    let items = crate::types::tuple::as_tuple(v)
        .map(|t| t.to_vec())
        .unwrap_or_default();
    if items.len() != 9 {
        return Err(type_error(format!(
            "{}(): illegal time tuple argument",
            fname
        )));
    }
    let mut f = [0i64; 9];
    for (i, it) in items.iter().enumerate() {
        f[i] = match crate::types::int::index_value(it) {
            Ok(x) => crate::types::int::as_i64(&x)
                .ok_or_else(|| overflow_error("Python int too large to convert to C long"))?,
            Err(_) => {
                return Err(type_error(format!(
                    "'{}' object cannot be interpreted as an integer",
                    it.type_name()
                )))
            }
        };
    }
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    let year = f[0];
    if year - 1900 < i32::MIN as i64 || year - 1900 > i32::MAX as i64 {
        return Err(overflow_error("year out of range"));
    }
    tm.tm_year = (year - 1900) as i32;
    tm.tm_mon = (f[1] - 1) as i32;
    tm.tm_mday = f[2] as i32;
    tm.tm_hour = f[3] as i32;
    tm.tm_min = f[4] as i32;
    tm.tm_sec = f[5] as i32;
    tm.tm_wday = ((f[6] + 1).rem_euclid(7)) as i32;
    if f[6] < 0 {
        tm.tm_wday = -1;
    }
    tm.tm_yday = (f[7] - 1) as i32;
    tm.tm_isdst = f[8] as i32;
    let mut zone = None;
    if let Ok(Some(z)) = crate::ops::attr::getattr_opt(v, "tm_zone") {
        if let Some(s) = crate::types::str::as_str(&z) {
            if let Ok(c) = std::ffi::CString::new(s) {
                zone = Some(c);
            }
        }
    }
    if let Ok(Some(g)) = crate::ops::attr::getattr_opt(v, "tm_gmtoff") {
        if let Some(i) = crate::types::int::as_i64(&g) {
            tm.tm_gmtoff = i as libc::c_long;
        }
    }
    Ok((tm, zone))
}

/// CPython's range checks for `strftime`/`asctime` arguments.
fn check_tm(tm: &mut libc::tm, for_strftime: bool) -> PyResult<()> {
    if for_strftime {
        if tm.tm_mon == -1 {
            tm.tm_mon = 0;
        }
        if tm.tm_mday == 0 {
            tm.tm_mday = 1;
        }
        if tm.tm_yday == -1 {
            tm.tm_yday = 0;
        }
        if tm.tm_isdst < -1 {
            tm.tm_isdst = -1;
        } else if tm.tm_isdst > 1 {
            tm.tm_isdst = 1;
        }
    }
    if !(0..=11).contains(&tm.tm_mon) {
        return Err(value_error("month out of range"));
    }
    if !(1..=31).contains(&tm.tm_mday) {
        return Err(value_error("day of month out of range"));
    }
    if !(0..=23).contains(&tm.tm_hour) {
        return Err(value_error("hour out of range"));
    }
    if !(0..=59).contains(&tm.tm_min) {
        return Err(value_error("minute out of range"));
    }
    if !(0..=61).contains(&tm.tm_sec) {
        return Err(value_error("seconds out of range"));
    }
    if tm.tm_wday < 0 {
        return Err(value_error("day of week out of range"));
    }
    if !(0..=365).contains(&tm.tm_yday) {
        return Err(value_error("day of year out of range"));
    }
    Ok(())
}

/// `strftime(format, tm)` through the C library.
pub fn strftime_tm(format: &str, tm: &libc::tm) -> PyResult<String> {
    if format.contains('\0') {
        return Err(value_error("embedded null character"));
    }
    if format.is_empty() {
        return Ok(String::new());
    }
    let cfmt =
        std::ffi::CString::new(format).map_err(|_| value_error("embedded null character"))?;
    let mut size = 1024usize.max(format.len() * 4);
    loop {
        let mut buf = vec![0u8; size];
        // SAFETY: the buffer has `size` bytes; the format is NUL-terminated.
        let n = unsafe {
            libc::strftime(
                buf.as_mut_ptr() as *mut libc::c_char,
                size,
                cfmt.as_ptr(),
                tm,
            )
        };
        if n > 0 || size >= 256 * format.len() + 1024 {
            buf.truncate(n);
            return Ok(String::from_utf8_lossy(&buf).into_owned());
        }
        size *= 2;
    }
}

fn asctime_of(tm: &libc::tm) -> String {
    const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    const MONS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!(
        "{} {}{:3} {:02}:{:02}:{:02} {}",
        DAYS[tm.tm_wday.rem_euclid(7) as usize],
        MONS[tm.tm_mon.rem_euclid(12) as usize],
        tm.tm_mday,
        tm.tm_hour,
        tm.tm_min,
        tm.tm_sec,
        tm.tm_year as i64 + 1900
    )
}

fn namespace(items: Vec<(&str, Value)>) -> PyResult<Value> {
    let ns = crate::ops::call::call(
        &Value::Obj(crate::types::types().simple_namespace.clone()),
        &[],
        None,
    )?;
    for (k, v) in items {
        crate::ops::attr::setattr(&ns, k, v)?;
    }
    Ok(ns)
}

/// `timezone`, `altzone`, `daylight`, `tzname` from the C library's idea of the local
/// zone in January and July of this year.
fn zone_info() -> (i64, i64, i64, (String, String)) {
    unsafe { tzset_c() };
    let t = now() as libc::time_t;
    let year = localtime_tm(t).map(|tm| tm.tm_year).unwrap_or(70);
    let probe = |mon: i32| -> (i64, String) {
        let mut tm: libc::tm = unsafe { std::mem::zeroed() };
        tm.tm_year = year;
        tm.tm_mon = mon;
        tm.tm_mday = 1;
        tm.tm_isdst = -1;
        let tt = unsafe { libc::mktime(&mut tm) };
        match localtime_tm(tt) {
            Ok(l) => {
                let name = if l.tm_zone.is_null() {
                    String::new()
                } else {
                    unsafe { std::ffi::CStr::from_ptr(l.tm_zone) }
                        .to_string_lossy()
                        .into_owned()
                };
                (-(l.tm_gmtoff as i64), name)
            }
            Err(_) => (0, "UTC".into()),
        }
    };
    let (jan, janname) = probe(0);
    let (jul, julname) = probe(6);
    if jan < jul {
        (jul, jan, (jan != jul) as i64, (julname, janname))
    } else {
        (jan, jul, (jan != jul) as i64, (janname, julname))
    }
}

extern "C" {
    #[link_name = "tzset"]
    fn tzset_c();
}

fn set_zone_attrs(m: &ObjRef) {
    let (tz, alt, dl, (n1, n2)) = zone_info();
    set_attr(m, "timezone", Value::Int(tz));
    set_attr(m, "altzone", Value::Int(alt));
    set_attr(m, "daylight", Value::Int(dl));
    set_attr(
        m,
        "tzname",
        crate::types::tuple::new_tuple(vec![Value::from(n1), Value::from(n2)]),
    );
}

fn float_arg(v: &Value) -> PyResult<f64> {
    if !crate::types::float::is_float(v) && !crate::types::int::is_int(v) {
        if crate::ops::attr::lookup_special(v, "__float__").is_none()
            && crate::ops::attr::lookup_special(v, "__index__").is_none()
        {
            return Err(type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                v.type_name()
            )));
        }
    }
    crate::types::float::float_from_value(v)
}

pub fn init(m: &ObjRef) -> PyResult<()> {
    set_attr(m, "struct_time", struct_time_type()?);
    set_attr(m, "_STRUCT_TM_ITEMS", Value::Int(11));
    for (n, v) in [
        ("CLOCK_REALTIME", libc::CLOCK_REALTIME),
        ("CLOCK_MONOTONIC", libc::CLOCK_MONOTONIC),
        ("CLOCK_MONOTONIC_RAW", libc::CLOCK_MONOTONIC_RAW),
        ("CLOCK_PROCESS_CPUTIME_ID", libc::CLOCK_PROCESS_CPUTIME_ID),
        ("CLOCK_THREAD_CPUTIME_ID", libc::CLOCK_THREAD_CPUTIME_ID),
        ("CLOCK_BOOTTIME", libc::CLOCK_BOOTTIME),
        ("CLOCK_TAI", libc::CLOCK_TAI),
    ] {
        set_attr(m, n, Value::Int(v as i64));
    }
    set_zone_attrs(m);
    add_function(m, "time", |_a, _| {
        Ok(Value::Float(secs_of(&clock(libc::CLOCK_REALTIME)?)))
    });
    add_function(m, "time_ns", |_a, _| {
        Ok(int_value(ns_of(&clock(libc::CLOCK_REALTIME)?)))
    });
    add_function(m, "monotonic", |_a, _| {
        Ok(Value::Float(secs_of(&clock(libc::CLOCK_MONOTONIC)?)))
    });
    add_function(m, "monotonic_ns", |_a, _| {
        Ok(int_value(ns_of(&clock(libc::CLOCK_MONOTONIC)?)))
    });
    add_function(m, "perf_counter", |_a, _| {
        Ok(Value::Float(secs_of(&clock(libc::CLOCK_MONOTONIC)?)))
    });
    add_function(m, "perf_counter_ns", |_a, _| {
        Ok(int_value(ns_of(&clock(libc::CLOCK_MONOTONIC)?)))
    });
    add_function(m, "process_time", |_a, _| {
        Ok(Value::Float(secs_of(&clock(
            libc::CLOCK_PROCESS_CPUTIME_ID,
        )?)))
    });
    add_function(m, "process_time_ns", |_a, _| {
        Ok(int_value(ns_of(&clock(libc::CLOCK_PROCESS_CPUTIME_ID)?)))
    });
    add_function(m, "thread_time", |_a, _| {
        Ok(Value::Float(secs_of(&clock(
            libc::CLOCK_THREAD_CPUTIME_ID,
        )?)))
    });
    add_function(m, "thread_time_ns", |_a, _| {
        Ok(int_value(ns_of(&clock(libc::CLOCK_THREAD_CPUTIME_ID)?)))
    });
    add_function(m, "clock_gettime", |a, _| {
        check_args("clock_gettime", a, 1, 1)?;
        Ok(Value::Float(secs_of(&clock(
            crate::modules::osutil::c_int(&a[0])?,
        )?)))
    });
    add_function(m, "clock_gettime_ns", |a, _| {
        check_args("clock_gettime_ns", a, 1, 1)?;
        Ok(int_value(ns_of(&clock(crate::modules::osutil::c_int(
            &a[0],
        )?)?)))
    });
    add_function(m, "clock_getres", |a, _| {
        check_args("clock_getres", a, 1, 1)?;
        let mut ts = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        if unsafe { libc::clock_getres(crate::modules::osutil::c_int(&a[0])?, &mut ts) } != 0 {
            return Err(crate::modules::osutil::last_error(None));
        }
        Ok(Value::Float(secs_of(&ts)))
    });
    add_function(m, "sleep", |a, kw| {
        crate::args::no_kw("sleep", kw)?;
        check_args("sleep", a, 1, 1)?;
        sleep(float_arg(&a[0])?)?;
        Ok(Value::None)
    });
    add_function(m, "gmtime", |a, _| {
        check_args("gmtime", a, 0, 1)?;
        tm_to_struct(&gmtime_tm(time_t_arg(a.first())?)?)
    });
    add_function(m, "localtime", |a, _| {
        check_args("localtime", a, 0, 1)?;
        tm_to_struct(&localtime_tm(time_t_arg(a.first())?)?)
    });
    add_function(m, "mktime", |a, _| {
        check_args("mktime", a, 1, 1)?;
        let (mut tm, _z) = tm_from("mktime", &a[0])?;
        tm.tm_wday = -1;
        // SAFETY: valid tm.
        let t = unsafe { libc::mktime(&mut tm) };
        if t == -1 && tm.tm_wday == -1 {
            return Err(overflow_error("mktime argument out of range"));
        }
        Ok(Value::Float(t as f64))
    });
    add_function(m, "asctime", |a, _| {
        check_args("asctime", a, 0, 1)?;
        let mut tm = match a.first() {
            None => localtime_tm(time_t_arg(None)?)?,
            Some(v) => tm_from("asctime", v)?.0,
        };
        check_tm(&mut tm, false)?;
        Ok(Value::from(asctime_of(&tm)))
    });
    add_function(m, "ctime", |a, _| {
        check_args("ctime", a, 0, 1)?;
        let tm = localtime_tm(time_t_arg(a.first())?)?;
        Ok(Value::from(asctime_of(&tm)))
    });
    add_function(m, "strftime", |a, _| {
        check_args("strftime", a, 1, 2)?;
        let fmt = crate::types::str::as_str(&a[0])
            .ok_or_else(|| {
                type_error(format!(
                    "strftime() argument 1 must be str, not {}",
                    a[0].type_name()
                ))
            })?
            .to_string();
        let (mut tm, zone) = match a.get(1) {
            None => (localtime_tm(time_t_arg(None)?)?, None),
            Some(v) => tm_from("strftime", v)?,
        };
        check_tm(&mut tm, true)?;
        if let Some(z) = &zone {
            tm.tm_zone = z.as_ptr();
        }
        Ok(Value::from(strftime_tm(&fmt, &tm)?))
    });
    add_function(m, "strptime", |a, _| {
        check_args("strptime", a, 1, 2)?;
        let m = crate::modules::osutil::import("_strptime")?;
        let f = crate::ops::attr::getattr(&m, "_strptime_time")?;
        crate::ops::call::call(&f, a, None)
    });
    add_function(m, "tzset", |_a, _| {
        if let Some(m) = crate::modules::sys::get_module("time") {
            if let Some(o) = m.as_obj() {
                set_zone_attrs(o);
            }
        }
        Ok(Value::None)
    });
    add_function(m, "get_clock_info", |a, _| {
        check_args("get_clock_info", a, 1, 1)?;
        let name = crate::types::str::as_str(&a[0])
            .ok_or_else(|| type_error("get_clock_info() argument 1 must be str"))?
            .to_string();
        let (imp, mono, adj) = match name.as_str() {
            "time" => ("clock_gettime(CLOCK_REALTIME)", false, true),
            "monotonic" | "perf_counter" => ("clock_gettime(CLOCK_MONOTONIC)", true, false),
            "process_time" => ("clock_gettime(CLOCK_PROCESS_CPUTIME_ID)", true, false),
            "thread_time" => ("clock_gettime(CLOCK_THREAD_CPUTIME_ID)", true, false),
            _ => return Err(value_error("unknown clock")),
        };
        namespace(vec![
            ("implementation", Value::from(imp)),
            ("monotonic", Value::Bool(mono)),
            ("adjustable", Value::Bool(adj)),
            ("resolution", Value::Float(1e-9)),
        ])
    });
    Ok(())
}
