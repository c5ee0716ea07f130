//! `_locale`: the C library's locale (`setlocale`, `localeconv`, `nl_langinfo`) and the
//! interpreter's preferred text encoding.

use crate::errors::*;
use crate::gil::GilCell;
use crate::object::ObjRef;
use crate::types::module::{add_function, set_attr};
use crate::value::Value;

static ERROR: GilCell<Option<Value>> = GilCell::new(None);
/// CPython's UTF-8 mode: on when the start-up locale is C/POSIX or `PYTHONUTF8=1`.
static UTF8_MODE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

fn locale_error() -> PyResult<Value> {
    if let Some(e) = ERROR.get().clone() {
        return Ok(e);
    }
    let ns = crate::types::dict::new_dict();
    if let Some(d) = crate::types::dict::as_dict(&ns) {
        d.set_str("__module__", Value::from("locale"));
    }
    let e = crate::ops::call::call(
        &Value::Obj(crate::types::types().type_.clone()),
        &[
            Value::from("Error"),
            crate::types::tuple::new_tuple(vec![Value::Obj(
                crate::types::exceptions::exc().exception.clone(),
            )]),
            ns,
        ],
        None,
    )?;
    *ERROR.get() = Some(e.clone());
    Ok(e)
}

/// Start-up: take `LC_CTYPE` from the environment, as CPython does.
pub fn init_startup() {
    // SAFETY: setlocale with a valid category and an empty NUL-terminated string.
    unsafe { libc::setlocale(libc::LC_CTYPE, b"\0".as_ptr() as *const libc::c_char) };
    let c = codeset();
    let env = std::env::var("PYTHONUTF8").ok();
    let on = match env.as_deref() {
        Some("1") => true,
        Some("0") => false,
        _ => c.is_empty() || c == "ANSI_X3.4-1968" || c == "ASCII",
    };
    UTF8_MODE.store(on, std::sync::atomic::Ordering::Relaxed);
}

/// Whether UTF-8 mode is on.
pub fn utf8_mode() -> bool {
    UTF8_MODE.load(std::sync::atomic::Ordering::Relaxed)
}

fn codeset() -> String {
    // SAFETY: nl_langinfo returns a static string.
    let p = unsafe { libc::nl_langinfo(libc::CODESET) };
    if p.is_null() {
        return String::new();
    }
    unsafe { std::ffi::CStr::from_ptr(p) }
        .to_string_lossy()
        .into_owned()
}

/// The locale encoding (`locale.getencoding()`): the C library's codeset, or `utf-8`
/// in the C/POSIX locale (where CPython enables UTF-8 mode).
pub fn preferred_encoding() -> String {
    let c = codeset();
    if utf8_mode() || c.is_empty() {
        "utf-8".into()
    } else {
        c
    }
}

fn cstr_value(p: *const libc::c_char) -> Value {
    if p.is_null() {
        return Value::from("");
    }
    // SAFETY: NUL-terminated string from the C library.
    Value::from(
        unsafe { std::ffi::CStr::from_ptr(p) }
            .to_string_lossy()
            .into_owned(),
    )
}

fn grouping(p: *const libc::c_char) -> Value {
    let mut out = Vec::new();
    if !p.is_null() {
        let mut i = 0;
        loop {
            // SAFETY: the grouping string is NUL-terminated.
            let c = unsafe { *p.add(i) } as u8;
            if c == 0 {
                break;
            }
            out.push(Value::Int(c as i64));
            if c == 127 {
                break;
            }
            i += 1;
        }
        if !out.is_empty() && !matches!(out.last(), Some(Value::Int(127))) {
            out.push(Value::Int(0));
        }
    }
    crate::types::list::new_list(out)
}

pub fn init(m: &ObjRef) -> PyResult<()> {
    for (n, v) in [
        ("LC_CTYPE", libc::LC_CTYPE),
        ("LC_COLLATE", libc::LC_COLLATE),
        ("LC_TIME", libc::LC_TIME),
        ("LC_MONETARY", libc::LC_MONETARY),
        ("LC_NUMERIC", libc::LC_NUMERIC),
        ("LC_ALL", libc::LC_ALL),
        ("LC_MESSAGES", libc::LC_MESSAGES),
        ("CODESET", libc::CODESET),
        ("D_T_FMT", libc::D_T_FMT),
        ("D_FMT", libc::D_FMT),
        ("T_FMT", libc::T_FMT),
        ("T_FMT_AMPM", libc::T_FMT_AMPM),
        ("AM_STR", libc::AM_STR),
        ("PM_STR", libc::PM_STR),
        ("RADIXCHAR", libc::RADIXCHAR),
        ("THOUSEP", libc::THOUSEP),
        ("YESEXPR", libc::YESEXPR),
        ("NOEXPR", libc::NOEXPR),
        ("CRNCYSTR", libc::CRNCYSTR),
        ("ERA", libc::ERA),
        ("ERA_D_T_FMT", libc::ERA_D_T_FMT),
        ("ERA_D_FMT", libc::ERA_D_FMT),
        ("ERA_T_FMT", libc::ERA_T_FMT),
        ("ALT_DIGITS", libc::ALT_DIGITS),
        ("DAY_1", libc::DAY_1),
        ("DAY_2", libc::DAY_2),
        ("DAY_3", libc::DAY_3),
        ("DAY_4", libc::DAY_4),
        ("DAY_5", libc::DAY_5),
        ("DAY_6", libc::DAY_6),
        ("DAY_7", libc::DAY_7),
        ("ABDAY_1", libc::ABDAY_1),
        ("ABDAY_2", libc::ABDAY_2),
        ("ABDAY_3", libc::ABDAY_3),
        ("ABDAY_4", libc::ABDAY_4),
        ("ABDAY_5", libc::ABDAY_5),
        ("ABDAY_6", libc::ABDAY_6),
        ("ABDAY_7", libc::ABDAY_7),
        ("MON_1", libc::MON_1),
        ("MON_2", libc::MON_2),
        ("MON_3", libc::MON_3),
        ("MON_4", libc::MON_4),
        ("MON_5", libc::MON_5),
        ("MON_6", libc::MON_6),
        ("MON_7", libc::MON_7),
        ("MON_8", libc::MON_8),
        ("MON_9", libc::MON_9),
        ("MON_10", libc::MON_10),
        ("MON_11", libc::MON_11),
        ("MON_12", libc::MON_12),
        ("ABMON_1", libc::ABMON_1),
        ("ABMON_2", libc::ABMON_2),
        ("ABMON_3", libc::ABMON_3),
        ("ABMON_4", libc::ABMON_4),
        ("ABMON_5", libc::ABMON_5),
        ("ABMON_6", libc::ABMON_6),
        ("ABMON_7", libc::ABMON_7),
        ("ABMON_8", libc::ABMON_8),
        ("ABMON_9", libc::ABMON_9),
        ("ABMON_10", libc::ABMON_10),
        ("ABMON_11", libc::ABMON_11),
        ("ABMON_12", libc::ABMON_12),
    ] {
        set_attr(m, n, Value::Int(v as i64));
    }
    set_attr(m, "CHAR_MAX", Value::Int(127));
    set_attr(m, "Error", locale_error()?);
    add_function(m, "setlocale", |a, kw| {
        let p = crate::args::parse("setlocale", a, kw, &["category", "locale"], 1)?;
        let cat = crate::modules::osutil::c_int(p[0].as_ref().unwrap_or(&Value::Int(0)))?;
        let r = match &p[1] {
            None | Some(Value::None) => unsafe { libc::setlocale(cat, std::ptr::null()) },
            Some(v) => {
                let s = crate::types::str::as_str(v).ok_or_else(|| {
                    type_error(format!(
                        "setlocale() argument 2 must be str or None, not {}",
                        v.type_name()
                    ))
                })?;
                let c = std::ffi::CString::new(s)
                    .map_err(|_| value_error("embedded null character"))?;
                unsafe { libc::setlocale(cat, c.as_ptr()) }
            }
        };
        if r.is_null() {
            return Err(PyErr(match locale_error()? {
                Value::Obj(cls) => crate::types::exceptions::new_exception(
                    &cls,
                    vec![Value::from("unsupported locale setting")],
                ),
                _ => return Err(value_error("unsupported locale setting")),
            }));
        }
        Ok(cstr_value(r))
    });
    add_function(m, "localeconv", |_a, _| {
        // SAFETY: localeconv returns a pointer to static data.
        let lc = unsafe { &*libc::localeconv() };
        let d = crate::types::dict::new_dict();
        let dd = crate::types::dict::as_dict(&d).ok_or_else(|| runtime_error("dict"))?;
        dd.set_str("decimal_point", cstr_value(lc.decimal_point));
        dd.set_str("thousands_sep", cstr_value(lc.thousands_sep));
        dd.set_str("grouping", grouping(lc.grouping));
        dd.set_str("int_curr_symbol", cstr_value(lc.int_curr_symbol));
        dd.set_str("currency_symbol", cstr_value(lc.currency_symbol));
        dd.set_str("mon_decimal_point", cstr_value(lc.mon_decimal_point));
        dd.set_str("mon_thousands_sep", cstr_value(lc.mon_thousands_sep));
        dd.set_str("mon_grouping", grouping(lc.mon_grouping));
        dd.set_str("positive_sign", cstr_value(lc.positive_sign));
        dd.set_str("negative_sign", cstr_value(lc.negative_sign));
        for (n, v) in [
            ("int_frac_digits", lc.int_frac_digits),
            ("frac_digits", lc.frac_digits),
            ("p_cs_precedes", lc.p_cs_precedes),
            ("p_sep_by_space", lc.p_sep_by_space),
            ("n_cs_precedes", lc.n_cs_precedes),
            ("n_sep_by_space", lc.n_sep_by_space),
            ("p_sign_posn", lc.p_sign_posn),
            ("n_sign_posn", lc.n_sign_posn),
        ] {
            dd.set_str(n, Value::Int(v as u8 as i64));
        }
        Ok(d)
    });
    add_function(m, "nl_langinfo", |a, _| {
        check_args("nl_langinfo", a, 1, 1)?;
        let k = crate::modules::osutil::c_int(&a[0])?;
        Ok(cstr_value(unsafe { libc::nl_langinfo(k) }))
    });
    add_function(m, "getencoding", |_a, _| {
        Ok(Value::from(preferred_encoding()))
    });
    add_function(m, "strcoll", |a, _| {
        check_args("strcoll", a, 2, 2)?;
        let x = crate::types::str::as_str(&a[0])
            .ok_or_else(|| type_error("strcoll() argument 1 must be str"))?;
        let y = crate::types::str::as_str(&a[1])
            .ok_or_else(|| type_error("strcoll() argument 2 must be str"))?;
        let (cx, cy) = (
            std::ffi::CString::new(x).map_err(|_| value_error("embedded null character"))?,
            std::ffi::CString::new(y).map_err(|_| value_error("embedded null character"))?,
        );
        Ok(Value::Int(
            unsafe { libc::strcoll(cx.as_ptr(), cy.as_ptr()) }.signum() as i64,
        ))
    });
    add_function(m, "strxfrm", |a, _| {
        check_args("strxfrm", a, 1, 1)?;
        let x = crate::types::str::as_str(&a[0])
            .ok_or_else(|| type_error("strxfrm() argument 1 must be str"))?;
        Ok(Value::from(x))
    });
    Ok(())
}
