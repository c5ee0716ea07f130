//! `termios`: POSIX terminal control (`tcgetattr`/`tcsetattr` and friends, the
//! flag and control-character constants) for `tty`, `pty` and `getpass`.

use crate::errors::*;
use crate::modules::osutil::{errno, fd_arg, strerror};
use crate::object::ObjRef;
use crate::types::module::{add_function, set_attr};
use crate::value::Value;

static ERROR: crate::gil::GilCell<Option<Value>> = crate::gil::GilCell::new(None);

/// `termios.error(errno, strerror)` from the current errno.
fn term_error() -> PyErr {
    let code = errno();
    let cls = ERROR
        .get()
        .clone()
        .unwrap_or_else(|| Value::Obj(crate::types::exceptions::exc().os_error.clone()));
    match crate::ops::call::call(
        &cls,
        &[Value::Int(code as i64), Value::from(strerror(code))],
        None,
    ) {
        Ok(Value::Obj(o)) => PyErr(o),
        Ok(_) => runtime_error("termios.error"),
        Err(e) => e,
    }
}

fn get_attr(fd: i32) -> PyResult<libc::termios> {
    // SAFETY: tcgetattr fills a termios struct.
    let mut t: libc::termios = unsafe { std::mem::zeroed() };
    if unsafe { libc::tcgetattr(fd, &mut t) } < 0 {
        return Err(term_error());
    }
    Ok(t)
}

fn c_uint_of(v: &Value) -> PyResult<u32> {
    let x = crate::types::int::index_i64(v)?;
    Ok(x as u32)
}

pub fn init(m: &ObjRef) -> PyResult<()> {
    let d = crate::types::dict::new_dict();
    crate::ops::setitem(&d, Value::from("__module__"), Value::from("termios"))?;
    let err = crate::ops::call::call(
        &Value::Obj(crate::types::types().type_.clone()),
        &[
            Value::from("error"),
            crate::types::tuple::new_tuple(vec![Value::Obj(
                crate::types::exceptions::exc().exception.clone(),
            )]),
            d,
        ],
        None,
    )?;
    *ERROR.get() = Some(err.clone());
    set_attr(m, "error", err);
    add_function(m, "tcgetattr", |a, _| {
        check_args("tcgetattr", a, 1, 1)?;
        let t = get_attr(fd_arg(&a[0])?)?;
        // SAFETY: reading the speeds of a filled struct.
        let (ispeed, ospeed) = unsafe { (libc::cfgetispeed(&t), libc::cfgetospeed(&t)) };
        let noncanon = t.c_lflag & libc::ICANON == 0;
        let cc: Vec<Value> = t
            .c_cc
            .iter()
            .enumerate()
            .map(|(i, c)| {
                // VMIN and VTIME are numbers in non-canonical mode, as CPython gives them
                if noncanon && (i == libc::VMIN || i == libc::VTIME) {
                    Value::Int(*c as i64)
                } else {
                    crate::types::bytes::new_bytes(vec![*c])
                }
            })
            .collect();
        Ok(crate::types::list::new_list(vec![
            Value::Int(t.c_iflag as i64),
            Value::Int(t.c_oflag as i64),
            Value::Int(t.c_cflag as i64),
            Value::Int(t.c_lflag as i64),
            Value::Int(ispeed as i64),
            Value::Int(ospeed as i64),
            crate::types::list::new_list(cc),
        ]))
    });
    add_function(m, "tcsetattr", |a, _| {
        check_args("tcsetattr", a, 3, 3)?;
        let fd = fd_arg(&a[0])?;
        let when = crate::types::int::index_i64(&a[1])? as i32;
        let items = match crate::types::list::as_list(&a[2]) {
            Some(l) if l.len() == 7 => crate::ops::iterate(&a[2])?,
            _ => return Err(type_error("tcsetattr, arg 3: must be 7 element list")),
        };
        let mut t = get_attr(fd)?;
        t.c_iflag = c_uint_of(&items[0])?;
        t.c_oflag = c_uint_of(&items[1])?;
        t.c_cflag = c_uint_of(&items[2])?;
        t.c_lflag = c_uint_of(&items[3])?;
        let ispeed = c_uint_of(&items[4])?;
        let ospeed = c_uint_of(&items[5])?;
        let cc = crate::ops::iterate(&items[6])?;
        if cc.len() != t.c_cc.len() {
            return Err(type_error(format!(
                "tcsetattr: attributes[6] must be {} element list",
                t.c_cc.len()
            )));
        }
        for (i, c) in cc.iter().enumerate() {
            t.c_cc[i] = match crate::types::bytes::as_bytes_like(c) {
                Some(b) if b.len() == 1 => b[0],
                _ if crate::types::int::is_int(c) => crate::types::int::index_i64(c)? as u8,
                _ => {
                    return Err(type_error(
                        "tcsetattr: elements of attributes must be characters or integers",
                    ))
                }
            };
        }
        // SAFETY: plain termios calls on a filled struct.
        unsafe {
            if libc::cfsetispeed(&mut t, ispeed) < 0 || libc::cfsetospeed(&mut t, ospeed) < 0 {
                return Err(term_error());
            }
            if libc::tcsetattr(fd, when, &t) < 0 {
                return Err(term_error());
            }
        }
        Ok(Value::None)
    });
    add_function(m, "tcsendbreak", |a, _| {
        check_args("tcsendbreak", a, 2, 2)?;
        let fd = fd_arg(&a[0])?;
        let dur = crate::types::int::index_i64(&a[1])? as i32;
        if unsafe { libc::tcsendbreak(fd, dur) } < 0 {
            return Err(term_error());
        }
        Ok(Value::None)
    });
    add_function(m, "tcdrain", |a, _| {
        check_args("tcdrain", a, 1, 1)?;
        let fd = fd_arg(&a[0])?;
        let r = crate::modules::thread::allow_threads(|| unsafe { libc::tcdrain(fd) });
        if r < 0 {
            return Err(term_error());
        }
        Ok(Value::None)
    });
    add_function(m, "tcflush", |a, _| {
        check_args("tcflush", a, 2, 2)?;
        let fd = fd_arg(&a[0])?;
        let q = crate::types::int::index_i64(&a[1])? as i32;
        if unsafe { libc::tcflush(fd, q) } < 0 {
            return Err(term_error());
        }
        Ok(Value::None)
    });
    add_function(m, "tcflow", |a, _| {
        check_args("tcflow", a, 2, 2)?;
        let fd = fd_arg(&a[0])?;
        let act = crate::types::int::index_i64(&a[1])? as i32;
        if unsafe { libc::tcflow(fd, act) } < 0 {
            return Err(term_error());
        }
        Ok(Value::None)
    });
    add_function(m, "tcgetwinsize", |a, _| {
        check_args("tcgetwinsize", a, 1, 1)?;
        let fd = fd_arg(&a[0])?;
        // SAFETY: TIOCGWINSZ fills a winsize.
        let mut w: libc::winsize = unsafe { std::mem::zeroed() };
        if unsafe { libc::ioctl(fd, libc::TIOCGWINSZ, &mut w) } < 0 {
            return Err(term_error());
        }
        Ok(crate::types::tuple::new_tuple(vec![
            Value::Int(w.ws_row as i64),
            Value::Int(w.ws_col as i64),
        ]))
    });
    add_function(m, "tcsetwinsize", |a, _| {
        check_args("tcsetwinsize", a, 2, 2)?;
        let fd = fd_arg(&a[0])?;
        let size = crate::ops::iterate(&a[1])
            .ok()
            .filter(|v| v.len() == 2)
            .ok_or_else(|| type_error("tcsetwinsize, arg 2: must be a two-item sequence"))?;
        // SAFETY: read-modify-write of the window size.
        let mut w: libc::winsize = unsafe { std::mem::zeroed() };
        if unsafe { libc::ioctl(fd, libc::TIOCGWINSZ, &mut w) } < 0 {
            return Err(term_error());
        }
        let row = crate::types::int::index_i64(&size[0])?;
        let col = crate::types::int::index_i64(&size[1])?;
        if !(0..=u16::MAX as i64).contains(&row) || !(0..=u16::MAX as i64).contains(&col) {
            return Err(overflow_error("winsize value(s) out of range."));
        }
        w.ws_row = row as u16;
        w.ws_col = col as u16;
        if unsafe { libc::ioctl(fd, libc::TIOCSWINSZ, &w) } < 0 {
            return Err(term_error());
        }
        Ok(Value::None)
    });
    let consts: &[(&str, i64)] = &[
        ("TCSANOW", libc::TCSANOW as i64),
        ("TCSADRAIN", libc::TCSADRAIN as i64),
        ("TCSAFLUSH", libc::TCSAFLUSH as i64),
        ("TCIFLUSH", libc::TCIFLUSH as i64),
        ("TCOFLUSH", libc::TCOFLUSH as i64),
        ("TCIOFLUSH", libc::TCIOFLUSH as i64),
        ("TCOOFF", libc::TCOOFF as i64),
        ("TCOON", libc::TCOON as i64),
        ("TCIOFF", libc::TCIOFF as i64),
        ("TCION", libc::TCION as i64),
        ("IGNBRK", libc::IGNBRK as i64),
        ("BRKINT", libc::BRKINT as i64),
        ("IGNPAR", libc::IGNPAR as i64),
        ("PARMRK", libc::PARMRK as i64),
        ("INPCK", libc::INPCK as i64),
        ("ISTRIP", libc::ISTRIP as i64),
        ("INLCR", libc::INLCR as i64),
        ("IGNCR", libc::IGNCR as i64),
        ("ICRNL", libc::ICRNL as i64),
        ("IUCLC", 0o1000),
        ("IXON", libc::IXON as i64),
        ("IXANY", libc::IXANY as i64),
        ("IXOFF", libc::IXOFF as i64),
        ("IMAXBEL", libc::IMAXBEL as i64),
        ("IUTF8", libc::IUTF8 as i64),
        ("OPOST", libc::OPOST as i64),
        ("OLCUC", libc::OLCUC as i64),
        ("ONLCR", libc::ONLCR as i64),
        ("OCRNL", libc::OCRNL as i64),
        ("ONOCR", libc::ONOCR as i64),
        ("ONLRET", libc::ONLRET as i64),
        ("OFILL", libc::OFILL as i64),
        ("OFDEL", libc::OFDEL as i64),
        ("CSIZE", libc::CSIZE as i64),
        ("CS5", libc::CS5 as i64),
        ("CS6", libc::CS6 as i64),
        ("CS7", libc::CS7 as i64),
        ("CS8", libc::CS8 as i64),
        ("CSTOPB", libc::CSTOPB as i64),
        ("CREAD", libc::CREAD as i64),
        ("PARENB", libc::PARENB as i64),
        ("PARODD", libc::PARODD as i64),
        ("HUPCL", libc::HUPCL as i64),
        ("CLOCAL", libc::CLOCAL as i64),
        ("CRTSCTS", libc::CRTSCTS as i64),
        ("ISIG", libc::ISIG as i64),
        ("ICANON", libc::ICANON as i64),
        ("ECHO", libc::ECHO as i64),
        ("ECHOE", libc::ECHOE as i64),
        ("ECHOK", libc::ECHOK as i64),
        ("ECHONL", libc::ECHONL as i64),
        ("ECHOCTL", libc::ECHOCTL as i64),
        ("ECHOPRT", libc::ECHOPRT as i64),
        ("ECHOKE", libc::ECHOKE as i64),
        ("FLUSHO", libc::FLUSHO as i64),
        ("NOFLSH", libc::NOFLSH as i64),
        ("TOSTOP", libc::TOSTOP as i64),
        ("PENDIN", libc::PENDIN as i64),
        ("IEXTEN", libc::IEXTEN as i64),
        ("VINTR", libc::VINTR as i64),
        ("VQUIT", libc::VQUIT as i64),
        ("VERASE", libc::VERASE as i64),
        ("VKILL", libc::VKILL as i64),
        ("VEOF", libc::VEOF as i64),
        ("VTIME", libc::VTIME as i64),
        ("VMIN", libc::VMIN as i64),
        ("VSTART", libc::VSTART as i64),
        ("VSTOP", libc::VSTOP as i64),
        ("VSUSP", libc::VSUSP as i64),
        ("VEOL", libc::VEOL as i64),
        ("VREPRINT", libc::VREPRINT as i64),
        ("VDISCARD", libc::VDISCARD as i64),
        ("VWERASE", libc::VWERASE as i64),
        ("VLNEXT", libc::VLNEXT as i64),
        ("VEOL2", libc::VEOL2 as i64),
        ("NCCS", libc::NCCS as i64),
        ("B0", libc::B0 as i64),
        ("B50", libc::B50 as i64),
        ("B75", libc::B75 as i64),
        ("B110", libc::B110 as i64),
        ("B134", libc::B134 as i64),
        ("B150", libc::B150 as i64),
        ("B200", libc::B200 as i64),
        ("B300", libc::B300 as i64),
        ("B600", libc::B600 as i64),
        ("B1200", libc::B1200 as i64),
        ("B1800", libc::B1800 as i64),
        ("B2400", libc::B2400 as i64),
        ("B4800", libc::B4800 as i64),
        ("B9600", libc::B9600 as i64),
        ("B19200", libc::B19200 as i64),
        ("B38400", libc::B38400 as i64),
        ("B57600", libc::B57600 as i64),
        ("B115200", libc::B115200 as i64),
        ("B230400", libc::B230400 as i64),
        ("B460800", libc::B460800 as i64),
        ("TIOCGWINSZ", libc::TIOCGWINSZ as i64),
        ("TIOCSWINSZ", libc::TIOCSWINSZ as i64),
        ("TIOCSCTTY", libc::TIOCSCTTY as i64),
        ("TIOCGPGRP", libc::TIOCGPGRP as i64),
        ("TIOCSPGRP", libc::TIOCSPGRP as i64),
        ("TIOCOUTQ", libc::TIOCOUTQ as i64),
        ("TIOCSTI", libc::TIOCSTI as i64),
        ("TIOCNOTTY", libc::TIOCNOTTY as i64),
        ("FIONREAD", libc::FIONREAD as i64),
        ("FIONBIO", libc::FIONBIO as i64),
    ];
    for (n, v) in consts {
        set_attr(m, n, Value::Int(*v));
    }
    Ok(())
}
