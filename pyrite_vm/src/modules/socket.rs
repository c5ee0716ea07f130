//! `_socket`: BSD sockets for `socket.py` (and through it socketserver, asyncio's
//! selector loop, http.client, smtplib, ...): the `socket` type, name resolution
//! (`getaddrinfo`, `gethostbyname`, ...) and the byte-order and address helpers.
//!
//! Timeouts follow CPython: a socket with a timeout keeps its descriptor non-blocking
//! and waits with `poll()` up to the deadline (TimeoutError "timed out"); timeout 0 is
//! a non-blocking socket (BlockingIOError); no timeout is a blocking socket. Every wait
//! and every blocking system call runs with the GIL released.

use crate::errors::*;
use crate::modules::ndata::{self, new_native, NativeData};
use crate::modules::osutil::{errno, os_error};
use crate::object::ObjRef;
use crate::types::function::Kw;
use crate::types::module::{add_function, set_attr};
use crate::types::typeobj::{add_getset, add_method, add_staticmethod};
use crate::value::Value;
use std::cell::Cell;
use std::ffi::{CStr, CString};
use std::mem::{size_of, zeroed};
use std::time::{Duration, Instant};

extern "C" {
    fn inet_ntop(
        af: libc::c_int,
        src: *const libc::c_void,
        dst: *mut libc::c_char,
        size: libc::socklen_t,
    ) -> *const libc::c_char;
    fn inet_pton(af: libc::c_int, src: *const libc::c_char, dst: *mut libc::c_void) -> libc::c_int;
    fn inet_aton(cp: *const libc::c_char, inp: *mut libc::in_addr) -> libc::c_int;
}

pub struct Sock {
    fd: Cell<i32>,
    family: Cell<i32>,
    ty: Cell<i32>,
    proto: Cell<i32>,
    /// Seconds; negative: no timeout (blocking).
    timeout: Cell<f64>,
}
impl NativeData for Sock {}

impl Drop for Sock {
    fn drop(&mut self) {
        let fd = self.fd.get();
        if fd >= 0 {
            // SAFETY: the socket owns its descriptor until close()/detach().
            unsafe { libc::close(fd) };
        }
    }
}

/// `setdefaulttimeout`: negative for None.
static DEFAULT_TIMEOUT: crate::gil::GilCell<f64> = crate::gil::GilCell::new(-1.0);
/// `socket.gaierror` and `socket.herror`, made at module creation.
static GAIERROR: crate::gil::GilCell<Option<Value>> = crate::gil::GilCell::new(None);
static HERROR: crate::gil::GilCell<Option<Value>> = crate::gil::GilCell::new(None);

crate::native_type!(socket_type, make_socket_type);

fn sk(v: &Value) -> PyResult<&Sock> {
    ndata::this::<Sock>(v, "_socket.socket")
}

fn open_fd(s: &Sock) -> PyResult<i32> {
    let fd = s.fd.get();
    if fd < 0 {
        return Err(os_error(libc::EBADF, None, None));
    }
    Ok(fd)
}

fn int_arg(v: &Value) -> PyResult<i64> {
    crate::types::int::index_i64(v)
}

fn c_int_arg(v: &Value) -> PyResult<i32> {
    let i = int_arg(v)?;
    i32::try_from(i).map_err(|_| overflow_error("signed integer is greater than maximum"))
}

fn timeout_error() -> PyErr {
    PyErr::new(&crate::types::exceptions::exc().timeout_error, "timed out")
}

fn gai_error(code: i32) -> PyErr {
    if code == libc::EAI_SYSTEM {
        return crate::modules::osutil::last_error(None);
    }
    // SAFETY: gai_strerror returns a static string.
    let msg = unsafe { CStr::from_ptr(libc::gai_strerror(code)) }
        .to_string_lossy()
        .into_owned();
    exc_with(&GAIERROR, code, msg)
}

fn exc_with(cell: &crate::gil::GilCell<Option<Value>>, code: i32, msg: String) -> PyErr {
    let cls = cell
        .get()
        .clone()
        .unwrap_or_else(|| Value::Obj(crate::types::exceptions::exc().os_error.clone()));
    match crate::ops::call::call(&cls, &[Value::Int(code as i64), Value::from(msg)], None) {
        Ok(Value::Obj(o)) => PyErr(o),
        Ok(_) => PyErr::new(&crate::types::exceptions::exc().os_error, "socket error"),
        Err(e) => e,
    }
}

fn set_nonblocking(fd: i32, on: bool) -> PyResult<()> {
    // SAFETY: fcntl on a descriptor we own.
    unsafe {
        let fl = libc::fcntl(fd, libc::F_GETFL);
        if fl < 0 {
            return Err(crate::modules::osutil::last_error(None));
        }
        let nf = if on {
            fl | libc::O_NONBLOCK
        } else {
            fl & !libc::O_NONBLOCK
        };
        if nf != fl && libc::fcntl(fd, libc::F_SETFL, nf) < 0 {
            return Err(crate::modules::osutil::last_error(None));
        }
    }
    Ok(())
}

/// Wait until `fd` is readable (or writable) or the deadline passes (`Ok(false)`).
fn wait_fd(fd: i32, writing: bool, deadline: Instant) -> PyResult<bool> {
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let ms = ((left.as_micros() + 999) / 1000).min(i32::MAX as u128) as i32;
        let mut p = libc::pollfd {
            fd,
            events: if writing { libc::POLLOUT } else { libc::POLLIN },
            revents: 0,
        };
        let r = crate::modules::thread::allow_threads(|| unsafe { libc::poll(&mut p, 1, ms) });
        if r < 0 {
            if errno() == libc::EINTR {
                crate::modules::signal::check_signals()?;
                continue;
            }
            return Err(crate::modules::osutil::last_error(None));
        }
        return Ok(r > 0);
    }
}

/// Run a socket system call with the socket's timeout semantics. `f` returns the
/// call's result (negative with errno set on failure) and runs without the GIL.
fn sock_call(s: &Sock, writing: bool, mut f: impl FnMut(i32) -> isize) -> PyResult<isize> {
    let fd = open_fd(s)?;
    let timeout = s.timeout.get();
    let deadline =
        (timeout > 0.0).then(|| Instant::now() + Duration::from_secs_f64(timeout.min(1e9)));
    loop {
        if let Some(d) = deadline {
            if !wait_fd(fd, writing, d)? {
                return Err(timeout_error());
            }
        }
        let r = crate::modules::thread::allow_threads(|| f(fd));
        if r >= 0 {
            return Ok(r);
        }
        let e = errno();
        if e == libc::EINTR {
            crate::modules::signal::check_signals()?;
            continue;
        }
        if deadline.is_some() && (e == libc::EAGAIN || e == libc::EWOULDBLOCK) {
            continue;
        }
        return Err(os_error(e, None, None));
    }
}

// ---------------------------------------------------------------------------
// addresses

struct SockAddr {
    st: libc::sockaddr_storage,
    len: libc::socklen_t,
}

impl SockAddr {
    fn new() -> SockAddr {
        SockAddr {
            // SAFETY: all-zero is a valid sockaddr_storage.
            st: unsafe { zeroed() },
            len: size_of::<libc::sockaddr_storage>() as libc::socklen_t,
        }
    }
    fn ptr(&self) -> *const libc::sockaddr {
        &self.st as *const _ as *const libc::sockaddr
    }
    fn mut_ptr(&mut self) -> *mut libc::sockaddr {
        &mut self.st as *mut _ as *mut libc::sockaddr
    }
}

fn host_str(v: &Value) -> PyResult<String> {
    if let Some(s) = crate::types::str::as_str(v) {
        return Ok(s.to_string());
    }
    if let Some(b) = crate::types::bytes::as_bytes_like(v) {
        return Ok(String::from_utf8_lossy(&b).into_owned());
    }
    Err(type_error(format!(
        "str, bytes or bytearray expected, not {}",
        v.type_name()
    )))
}

/// Resolve a host name for `family` (numeric forms first, then the resolver).
fn resolve(host: &str, family: i32) -> PyResult<SockAddr> {
    let mut sa = SockAddr::new();
    if family == libc::AF_INET {
        let ip = match host {
            "" => Some(std::net::Ipv4Addr::UNSPECIFIED),
            "<broadcast>" => Some(std::net::Ipv4Addr::BROADCAST),
            h => h.parse::<std::net::Ipv4Addr>().ok(),
        };
        if let Some(ip) = ip {
            let sin = &mut sa.st as *mut _ as *mut libc::sockaddr_in;
            // SAFETY: sockaddr_storage is large enough for sockaddr_in.
            unsafe {
                (*sin).sin_family = libc::AF_INET as libc::sa_family_t;
                (*sin).sin_addr.s_addr = u32::from_ne_bytes(ip.octets());
            }
            sa.len = size_of::<libc::sockaddr_in>() as libc::socklen_t;
            return Ok(sa);
        }
    } else if family == libc::AF_INET6 {
        let ip = match host {
            "" => Some(std::net::Ipv6Addr::UNSPECIFIED),
            h => h.parse::<std::net::Ipv6Addr>().ok(),
        };
        if let Some(ip) = ip {
            let sin6 = &mut sa.st as *mut _ as *mut libc::sockaddr_in6;
            // SAFETY: sockaddr_storage is large enough for sockaddr_in6.
            unsafe {
                (*sin6).sin6_family = libc::AF_INET6 as libc::sa_family_t;
                (*sin6).sin6_addr.s6_addr = ip.octets();
            }
            sa.len = size_of::<libc::sockaddr_in6>() as libc::socklen_t;
            return Ok(sa);
        }
    }
    let res = getaddrinfo_raw(Some(host), None, family, 0, 0, 0)?;
    match res.into_iter().next() {
        Some((_, _, _, _, addr)) => Ok(addr),
        None => Err(gai_error(libc::EAI_NONAME)),
    }
}

fn port_of(v: &Value) -> PyResult<u16> {
    if !crate::types::int::is_int(v) {
        return Err(type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            v.type_name()
        )));
    }
    let p = int_arg(v)?;
    if !(0..=65535).contains(&p) {
        return Err(overflow_error("getsockaddrarg: port must be 0-65535."));
    }
    Ok(p as u16)
}

/// A Python address for `family` as a C socket address.
fn sockaddr_from(family: i32, addr: &Value, caller: &str) -> PyResult<SockAddr> {
    match family {
        libc::AF_UNIX => {
            let path: Vec<u8> = if let Some(s) = crate::types::str::as_str(addr) {
                crate::modules::osutil::fs_bytes(addr).unwrap_or_else(|_| s.as_bytes().to_vec())
            } else if let Some(b) = crate::modules::ndata::buffer_bytes(addr) {
                b
            } else {
                return Err(type_error(format!(
                    "{}(): AF_UNIX address must be str or bytes, not {}",
                    caller,
                    addr.type_name()
                )));
            };
            let mut sa = SockAddr::new();
            let un = &mut sa.st as *mut _ as *mut libc::sockaddr_un;
            // SAFETY: sockaddr_storage holds a sockaddr_un.
            unsafe {
                if path.len() >= std::mem::size_of_val(&(*un).sun_path) {
                    return Err(os_error(libc::ENAMETOOLONG, None, None));
                }
                (*un).sun_family = libc::AF_UNIX as libc::sa_family_t;
                for (i, b) in path.iter().enumerate() {
                    (*un).sun_path[i] = *b as libc::c_char;
                }
            }
            let base = size_of::<libc::sa_family_t>();
            sa.len = (base + path.len() + usize::from(path.first() != Some(&0))) as libc::socklen_t;
            Ok(sa)
        }
        libc::AF_INET | libc::AF_INET6 => {
            let t = crate::types::tuple::as_tuple(addr).filter(|_| {
                addr.class_ref().is(&crate::types::types().tuple)
                    || crate::types::typeobj::is_subtype(
                        addr.class_ref(),
                        &crate::types::types().tuple,
                    )
            });
            let Some(t) = t else {
                return Err(type_error(format!(
                    "{}(): {} address must be tuple, not {}",
                    caller,
                    if family == libc::AF_INET {
                        "AF_INET"
                    } else {
                        "AF_INET6"
                    },
                    addr.type_name()
                )));
            };
            let want = if family == libc::AF_INET {
                2..=2
            } else {
                2..=4
            };
            if !want.contains(&t.len()) {
                return Err(type_error(if family == libc::AF_INET {
                    format!("AF_INET address must be a pair (host, port)")
                } else {
                    "AF_INET6 address must be a tuple (host, port[, flowinfo[, scopeid]])"
                        .to_string()
                }));
            }
            let host = host_str(&t[0])?;
            let port = port_of(&t[1])?;
            let mut sa = resolve(&host, family)?;
            // SAFETY: resolve filled a sockaddr of `family`.
            unsafe {
                if family == libc::AF_INET {
                    let sin = &mut sa.st as *mut _ as *mut libc::sockaddr_in;
                    (*sin).sin_port = port.to_be();
                } else {
                    let sin6 = &mut sa.st as *mut _ as *mut libc::sockaddr_in6;
                    (*sin6).sin6_port = port.to_be();
                    if let Some(fi) = t.get(2) {
                        let v = int_arg(fi)?;
                        if !(0..=0xfffff).contains(&v) {
                            return Err(overflow_error(format!(
                                "{}(): flowinfo must be 0-1048575.",
                                caller
                            )));
                        }
                        (*sin6).sin6_flowinfo = (v as u32).to_be();
                    }
                    if let Some(sc) = t.get(3) {
                        (*sin6).sin6_scope_id = int_arg(sc)? as u32;
                    }
                }
            }
            Ok(sa)
        }
        _ => Err(os_error(libc::EAFNOSUPPORT, None, None)),
    }
}

fn ip_string(family: i32, addr: *const libc::c_void) -> String {
    let mut buf = [0 as libc::c_char; 64];
    // SAFETY: buf is large enough for any textual IPv4/IPv6 address.
    unsafe {
        if inet_ntop(family, addr, buf.as_mut_ptr(), buf.len() as libc::socklen_t).is_null() {
            return String::new();
        }
        CStr::from_ptr(buf.as_ptr()).to_string_lossy().into_owned()
    }
}

/// A C socket address as the Python value CPython gives.
fn sockaddr_to_value(sa: &SockAddr) -> Value {
    let fam = sa.st.ss_family as i32;
    // SAFETY: the storage holds an address of family `fam` and length `sa.len`.
    unsafe {
        match fam {
            libc::AF_INET => {
                let sin = sa.ptr() as *const libc::sockaddr_in;
                crate::types::tuple::new_tuple(vec![
                    Value::from(ip_string(fam, &(*sin).sin_addr as *const _ as *const _)),
                    Value::Int(u16::from_be((*sin).sin_port) as i64),
                ])
            }
            libc::AF_INET6 => {
                let sin6 = sa.ptr() as *const libc::sockaddr_in6;
                crate::types::tuple::new_tuple(vec![
                    Value::from(ip_string(fam, &(*sin6).sin6_addr as *const _ as *const _)),
                    Value::Int(u16::from_be((*sin6).sin6_port) as i64),
                    Value::Int(u32::from_be((*sin6).sin6_flowinfo) as i64),
                    Value::Int((*sin6).sin6_scope_id as i64),
                ])
            }
            libc::AF_UNIX => {
                let un = sa.ptr() as *const libc::sockaddr_un;
                let base = size_of::<libc::sa_family_t>();
                let n = (sa.len as usize)
                    .saturating_sub(base)
                    .min(std::mem::size_of_val(&(*un).sun_path));
                let path = &(*un).sun_path;
                let raw: Vec<u8> = path[..n].iter().map(|c| *c as u8).collect();
                if raw.first() == Some(&0) {
                    // the abstract namespace: bytes, as CPython
                    return crate::types::bytes::new_bytes(raw);
                }
                let end = raw.iter().position(|b| *b == 0).unwrap_or(raw.len());
                crate::modules::osutil::fs_decode(&raw[..end])
            }
            _ => crate::types::tuple::new_tuple(vec![
                Value::Int(fam as i64),
                crate::types::bytes::new_bytes(Vec::new()),
            ]),
        }
    }
}

type AddrInfo = (i32, i32, i32, String, SockAddr);

fn getaddrinfo_raw(
    host: Option<&str>,
    port: Option<&str>,
    family: i32,
    ty: i32,
    proto: i32,
    flags: i32,
) -> PyResult<Vec<AddrInfo>> {
    let h = host
        .map(|h| CString::new(h).map_err(|_| value_error("embedded null character")))
        .transpose()?;
    let p = port
        .map(|p| CString::new(p).map_err(|_| value_error("embedded null character")))
        .transpose()?;
    // SAFETY: hints is a plain C struct; getaddrinfo fills `res`, freed below.
    let mut hints: libc::addrinfo = unsafe { zeroed() };
    hints.ai_family = family;
    hints.ai_socktype = ty;
    hints.ai_protocol = proto;
    hints.ai_flags = flags;
    let hp = h.as_ref().map_or(std::ptr::null(), |c| c.as_ptr()) as usize;
    let pp = p.as_ref().map_or(std::ptr::null(), |c| c.as_ptr()) as usize;
    let hints_addr = &hints as *const libc::addrinfo as usize;
    let (rc, res) = crate::modules::thread::allow_threads(|| unsafe {
        let mut res: *mut libc::addrinfo = std::ptr::null_mut();
        let rc = libc::getaddrinfo(
            hp as *const libc::c_char,
            pp as *const libc::c_char,
            hints_addr as *const libc::addrinfo,
            &mut res,
        );
        (rc, res as usize)
    });
    if rc != 0 {
        return Err(gai_error(rc));
    }
    let mut out = Vec::new();
    let mut cur = res as *mut libc::addrinfo;
    // SAFETY: walking the list getaddrinfo returned.
    unsafe {
        while !cur.is_null() {
            let ai = &*cur;
            let mut sa = SockAddr::new();
            let n = (ai.ai_addrlen as usize).min(size_of::<libc::sockaddr_storage>());
            std::ptr::copy_nonoverlapping(ai.ai_addr as *const u8, sa.mut_ptr() as *mut u8, n);
            sa.len = n as libc::socklen_t;
            let canon = if ai.ai_canonname.is_null() {
                String::new()
            } else {
                CStr::from_ptr(ai.ai_canonname)
                    .to_string_lossy()
                    .into_owned()
            };
            out.push((ai.ai_family, ai.ai_socktype, ai.ai_protocol, canon, sa));
            cur = ai.ai_next;
        }
        libc::freeaddrinfo(res as *mut libc::addrinfo);
    }
    Ok(out)
}

// ---------------------------------------------------------------------------
// the socket type

fn sock_init(a: &[Value], kw: Kw) -> PyResult<Value> {
    let p = crate::args::parse(
        "socket",
        &a[1..],
        kw,
        &["family", "type", "proto", "fileno"],
        0,
    )?;
    let s = sk(ndata::arg(a, 0)?)?;
    let opt = |i: usize| -> PyResult<i32> {
        match &p[i] {
            None | Some(Value::None) => Ok(-1),
            Some(v) => c_int_arg(v),
        }
    };
    let (mut family, mut ty, mut proto) = (opt(0)?, opt(1)?, opt(2)?);
    let fd = match &p[3] {
        Some(f) if !f.is_none() => {
            let fd = if crate::types::float::is_float(f) {
                return Err(type_error(
                    "'float' object cannot be interpreted as an integer",
                ));
            } else {
                int_arg(f)?
            };
            if fd < 0 {
                return Err(value_error("negative file descriptor"));
            }
            let fd =
                i32::try_from(fd).map_err(|_| overflow_error("file descriptor out of range"))?;
            let get = |opt: i32| -> PyResult<i32> {
                let mut v: libc::c_int = 0;
                let mut l = size_of::<libc::c_int>() as libc::socklen_t;
                // SAFETY: getsockopt into a c_int.
                let r = unsafe {
                    libc::getsockopt(
                        fd,
                        libc::SOL_SOCKET,
                        opt,
                        &mut v as *mut _ as *mut _,
                        &mut l,
                    )
                };
                if r < 0 {
                    return Err(crate::modules::osutil::last_error(None));
                }
                Ok(v)
            };
            if family == -1 {
                family = get(libc::SO_DOMAIN)?;
            }
            if ty == -1 {
                ty = get(libc::SO_TYPE)?;
            }
            if proto == -1 {
                proto = get(libc::SO_PROTOCOL)?;
            }
            fd
        }
        _ => {
            if family == -1 {
                family = libc::AF_INET;
            }
            if ty == -1 {
                ty = libc::SOCK_STREAM;
            }
            if proto == -1 {
                proto = 0;
            }
            // SAFETY: plain socket(2).
            let fd = unsafe { libc::socket(family, ty | libc::SOCK_CLOEXEC, proto) };
            if fd < 0 {
                return Err(crate::modules::osutil::last_error(None));
            }
            fd
        }
    };
    let old = s.fd.replace(fd);
    if old >= 0 && old != fd {
        // SAFETY: re-initialised: the previous descriptor was ours.
        unsafe { libc::close(old) };
    }
    s.family.set(family);
    s.ty.set(ty & !(libc::SOCK_NONBLOCK | libc::SOCK_CLOEXEC));
    s.proto.set(proto);
    let timeout = if ty & libc::SOCK_NONBLOCK != 0 {
        0.0
    } else {
        *DEFAULT_TIMEOUT.get()
    };
    s.timeout.set(timeout);
    if timeout >= 0.0 {
        set_nonblocking(fd, true)?;
    }
    Ok(Value::None)
}

fn timeout_value(t: f64) -> Value {
    if t < 0.0 {
        Value::None
    } else {
        Value::Float(t)
    }
}

/// A timeout argument: None (-1.0) or a non-negative number of seconds.
fn timeout_arg(v: &Value) -> PyResult<f64> {
    if v.is_none() {
        return Ok(-1.0);
    }
    if !crate::types::float::is_float(v) && !crate::types::int::is_int(v) {
        return Err(type_error(format!(
            "'{}' object cannot be interpreted as an integer or float",
            v.type_name()
        )));
    }
    let f = crate::types::float::float_from_value(v)?;
    if f.is_nan() {
        return Err(value_error("Invalid value NaN (not a number)"));
    }
    if f < 0.0 {
        return Err(value_error("Timeout value out of range"));
    }
    Ok(f)
}

fn set_timeout(s: &Sock, t: f64) -> PyResult<()> {
    s.timeout.set(t);
    let fd = s.fd.get();
    if fd >= 0 {
        set_nonblocking(fd, t >= 0.0)?;
    }
    Ok(())
}

fn flags_arg(v: Option<&Value>) -> PyResult<i32> {
    v.map(c_int_arg).transpose().map(|f| f.unwrap_or(0))
}

fn recv_into_vec(s: &Sock, n: usize, flags: i32) -> PyResult<Vec<u8>> {
    let mut buf = crate::modules::osutil::zeroed(n)?;
    let ptr = buf.as_mut_ptr() as usize;
    let r = sock_call(s, false, |fd| unsafe {
        libc::recv(fd, ptr as *mut libc::c_void, n, flags)
    })?;
    buf.truncate(r as usize);
    Ok(buf)
}

fn recvfrom_vec(s: &Sock, n: usize, flags: i32) -> PyResult<(Vec<u8>, Value)> {
    let mut buf = crate::modules::osutil::zeroed(n)?;
    let ptr = buf.as_mut_ptr() as usize;
    let mut sa = SockAddr::new();
    let sap = sa.mut_ptr() as usize;
    let lenp = &mut sa.len as *mut libc::socklen_t as usize;
    let r = sock_call(s, false, |fd| unsafe {
        *(lenp as *mut libc::socklen_t) = size_of::<libc::sockaddr_storage>() as libc::socklen_t;
        libc::recvfrom(
            fd,
            ptr as *mut libc::c_void,
            n,
            flags,
            sap as *mut libc::sockaddr,
            lenp as *mut libc::socklen_t,
        )
    })?;
    buf.truncate(r as usize);
    let addr = if sa.len == 0 {
        Value::None
    } else {
        sockaddr_to_value(&sa)
    };
    Ok((buf, addr))
}

fn size_arg(v: &Value, what: &str) -> PyResult<usize> {
    let n = int_arg(v)?;
    if n < 0 {
        return Err(value_error(format!("negative buffersize in {}", what)));
    }
    Ok(n as usize)
}

fn do_connect(s: &Sock, addr: &Value, caller: &str) -> PyResult<i32> {
    let sa = sockaddr_from(s.family.get(), addr, caller)?;
    let fd = open_fd(s)?;
    let sap = sa.ptr() as usize;
    let len = sa.len;
    let r = crate::modules::thread::allow_threads(|| unsafe {
        libc::connect(fd, sap as *const libc::sockaddr, len)
    });
    if r == 0 {
        return Ok(0);
    }
    let e = errno();
    let timeout = s.timeout.get();
    let waiting = (e == libc::EINPROGRESS && timeout > 0.0) || e == libc::EINTR;
    if !waiting {
        return Ok(e);
    }
    if e == libc::EINTR {
        crate::modules::signal::check_signals()?;
    }
    // wait for the connection, then read its outcome
    let deadline = if timeout > 0.0 {
        Instant::now() + Duration::from_secs_f64(timeout.min(1e9))
    } else {
        Instant::now() + Duration::from_secs(1 << 30)
    };
    if !wait_fd(fd, true, deadline)? {
        return Err(timeout_error());
    }
    let mut err: libc::c_int = 0;
    let mut l = size_of::<libc::c_int>() as libc::socklen_t;
    // SAFETY: getsockopt into a c_int.
    if unsafe {
        libc::getsockopt(
            fd,
            libc::SOL_SOCKET,
            libc::SO_ERROR,
            &mut err as *mut _ as *mut _,
            &mut l,
        )
    } < 0
    {
        return Ok(errno());
    }
    Ok(err)
}

fn sock_repr(a: &[Value], _kw: Kw) -> PyResult<Value> {
    let s = sk(&a[0])?;
    let mut out = format!(
        "<socket object, fd={}, family={}, type={}, proto={}>",
        s.fd.get(),
        s.family.get(),
        s.ty.get(),
        s.proto.get()
    );
    if out.is_empty() {
        out.push('?');
    }
    Ok(Value::from(out))
}

fn make_socket_type() -> ObjRef {
    let t = ndata::new_type("socket", "_socket", None, true);
    add_staticmethod(&t, "__new__", |a, _| {
        let cls = ndata::new_cls(a, &socket_type())?;
        Ok(new_native(
            &cls,
            Sock {
                fd: Cell::new(-1),
                family: Cell::new(libc::AF_INET),
                ty: Cell::new(libc::SOCK_STREAM),
                proto: Cell::new(0),
                timeout: Cell::new(-1.0),
            },
        ))
    });
    add_method(&t, "__init__", sock_init);
    add_method(&t, "__repr__", sock_repr);
    add_getset(
        &t,
        "family",
        |v| Ok(Value::Int(sk(v)?.family.get() as i64)),
        None,
    );
    add_getset(&t, "type", |v| Ok(Value::Int(sk(v)?.ty.get() as i64)), None);
    add_getset(
        &t,
        "proto",
        |v| Ok(Value::Int(sk(v)?.proto.get() as i64)),
        None,
    );
    add_getset(
        &t,
        "timeout",
        |v| Ok(timeout_value(sk(v)?.timeout.get())),
        None,
    );
    add_method(&t, "fileno", |a, _| {
        Ok(Value::Int(sk(&a[0])?.fd.get() as i64))
    });
    add_method(&t, "close", |a, _| {
        let s = sk(&a[0])?;
        let fd = s.fd.replace(-1);
        if fd >= 0 {
            // SAFETY: closing our own descriptor.
            if unsafe { libc::close(fd) } < 0 && errno() != libc::ECONNRESET {
                return Err(crate::modules::osutil::last_error(None));
            }
        }
        Ok(Value::None)
    });
    add_method(&t, "detach", |a, _| {
        Ok(Value::Int(sk(&a[0])?.fd.replace(-1) as i64))
    });
    add_method(&t, "settimeout", |a, _| {
        check_args("settimeout", &a[1..], 1, 1)?;
        let t = timeout_arg(&a[1])?;
        set_timeout(sk(&a[0])?, t)?;
        Ok(Value::None)
    });
    add_method(&t, "gettimeout", |a, _| {
        Ok(timeout_value(sk(&a[0])?.timeout.get()))
    });
    add_method(&t, "setblocking", |a, _| {
        check_args("setblocking", &a[1..], 1, 1)?;
        let on = crate::ops::truthy(&a[1])?;
        set_timeout(sk(&a[0])?, if on { -1.0 } else { 0.0 })?;
        Ok(Value::None)
    });
    add_method(&t, "getblocking", |a, _| {
        let s = sk(&a[0])?;
        open_fd(s)?;
        Ok(Value::Bool(s.timeout.get() != 0.0))
    });
    add_method(&t, "bind", |a, _| {
        check_args("bind", &a[1..], 1, 1)?;
        let s = sk(&a[0])?;
        let sa = sockaddr_from(s.family.get(), &a[1], "bind")?;
        let fd = open_fd(s)?;
        // SAFETY: sa is a valid address of sa.len bytes.
        if unsafe { libc::bind(fd, sa.ptr(), sa.len) } < 0 {
            return Err(crate::modules::osutil::last_error(None));
        }
        Ok(Value::None)
    });
    add_method(&t, "listen", |a, _| {
        check_args("listen", &a[1..], 0, 1)?;
        let s = sk(&a[0])?;
        let backlog = match a.get(1) {
            Some(v) => c_int_arg(v)?.max(0),
            None => libc::SOMAXCONN.min(128),
        };
        if unsafe { libc::listen(open_fd(s)?, backlog) } < 0 {
            return Err(crate::modules::osutil::last_error(None));
        }
        Ok(Value::None)
    });
    add_method(&t, "_accept", |a, _| {
        let s = sk(&a[0])?;
        let mut sa = SockAddr::new();
        let sap = sa.mut_ptr() as usize;
        let lenp = &mut sa.len as *mut libc::socklen_t as usize;
        let fd = sock_call(s, false, |fd| unsafe {
            *(lenp as *mut libc::socklen_t) =
                size_of::<libc::sockaddr_storage>() as libc::socklen_t;
            libc::accept4(
                fd,
                sap as *mut libc::sockaddr,
                lenp as *mut libc::socklen_t,
                libc::SOCK_CLOEXEC,
            ) as isize
        })?;
        Ok(crate::types::tuple::new_tuple(vec![
            Value::Int(fd as i64),
            sockaddr_to_value(&sa),
        ]))
    });
    add_method(&t, "connect", |a, _| {
        check_args("connect", &a[1..], 1, 1)?;
        let s = sk(&a[0])?;
        match do_connect(s, &a[1], "connect")? {
            0 => Ok(Value::None),
            e => Err(os_error(e, None, None)),
        }
    });
    add_method(&t, "connect_ex", |a, _| {
        check_args("connect_ex", &a[1..], 1, 1)?;
        let s = sk(&a[0])?;
        Ok(Value::Int(do_connect(s, &a[1], "connect_ex")? as i64))
    });
    add_method(&t, "send", |a, _| {
        check_args("send", &a[1..], 1, 2)?;
        let s = sk(&a[0])?;
        let data = ndata::need_buffer(&a[1])?;
        let flags = flags_arg(a.get(2))? | libc::MSG_NOSIGNAL;
        let (p, n) = (data.as_ptr() as usize, data.len());
        let r = sock_call(s, true, |fd| unsafe {
            libc::send(fd, p as *const libc::c_void, n, flags)
        })?;
        Ok(Value::Int(r as i64))
    });
    add_method(&t, "sendall", |a, _| {
        check_args("sendall", &a[1..], 1, 2)?;
        let s = sk(&a[0])?;
        let data = ndata::need_buffer(&a[1])?;
        let flags = flags_arg(a.get(2))? | libc::MSG_NOSIGNAL;
        let mut off = 0;
        while off < data.len() {
            let (p, n) = (data[off..].as_ptr() as usize, data.len() - off);
            let r = sock_call(s, true, |fd| unsafe {
                libc::send(fd, p as *const libc::c_void, n, flags)
            })?;
            off += r as usize;
            crate::modules::signal::check_signals()?;
        }
        Ok(Value::None)
    });
    add_method(&t, "sendto", |a, _| {
        check_args("sendto", &a[1..], 2, 3)?;
        let s = sk(&a[0])?;
        let data = ndata::need_buffer(&a[1])?;
        let (flags, addr) = if a.len() == 4 {
            (flags_arg(Some(&a[2]))?, &a[3])
        } else {
            (0, &a[2])
        };
        let sa = sockaddr_from(s.family.get(), addr, "sendto")?;
        let (p, n) = (data.as_ptr() as usize, data.len());
        let (sap, len) = (sa.ptr() as usize, sa.len);
        let r = sock_call(s, true, |fd| unsafe {
            libc::sendto(
                fd,
                p as *const libc::c_void,
                n,
                flags | libc::MSG_NOSIGNAL,
                sap as *const libc::sockaddr,
                len,
            )
        })?;
        Ok(Value::Int(r as i64))
    });
    add_method(&t, "recv", |a, _| {
        check_args("recv", &a[1..], 1, 2)?;
        let s = sk(&a[0])?;
        let n = size_arg(&a[1], "recv")?;
        let b = recv_into_vec(s, n, flags_arg(a.get(2))?)?;
        Ok(crate::types::bytes::new_bytes(b))
    });
    add_method(&t, "recv_into", |a, kw| {
        let p = crate::args::parse("recv_into", &a[1..], kw, &["buffer", "nbytes", "flags"], 1)?;
        let s = sk(&a[0])?;
        let buf = p[0].clone().unwrap_or(Value::None);
        let cap = crate::modules::io_mod::buffer_len(&buf)?;
        let n = match &p[1] {
            Some(v) => {
                let n = int_arg(v)?;
                if n < 0 {
                    return Err(value_error("negative buffersize in recv_into"));
                }
                if n as usize > cap {
                    return Err(value_error("buffer too small for requested bytes"));
                }
                if n == 0 {
                    cap
                } else {
                    n as usize
                }
            }
            None => cap,
        };
        let data = recv_into_vec(s, n, flags_arg(p[2].as_ref())?)?;
        crate::modules::io_mod::copy_into(&buf, &data)?;
        Ok(Value::Int(data.len() as i64))
    });
    add_method(&t, "recvfrom", |a, _| {
        check_args("recvfrom", &a[1..], 1, 2)?;
        let s = sk(&a[0])?;
        let n = size_arg(&a[1], "recvfrom")?;
        let (b, addr) = recvfrom_vec(s, n, flags_arg(a.get(2))?)?;
        Ok(crate::types::tuple::new_tuple(vec![
            crate::types::bytes::new_bytes(b),
            addr,
        ]))
    });
    add_method(&t, "recvfrom_into", |a, kw| {
        let p = crate::args::parse(
            "recvfrom_into",
            &a[1..],
            kw,
            &["buffer", "nbytes", "flags"],
            1,
        )?;
        let s = sk(&a[0])?;
        let buf = p[0].clone().unwrap_or(Value::None);
        let cap = crate::modules::io_mod::buffer_len(&buf)?;
        let n = match &p[1] {
            Some(v) => {
                let n = int_arg(v)?;
                if n < 0 || n as usize > cap {
                    return Err(value_error(
                        "nbytes is greater than the length of the buffer",
                    ));
                }
                if n == 0 {
                    cap
                } else {
                    n as usize
                }
            }
            None => cap,
        };
        let (data, addr) = recvfrom_vec(s, n, flags_arg(p[2].as_ref())?)?;
        crate::modules::io_mod::copy_into(&buf, &data)?;
        Ok(crate::types::tuple::new_tuple(vec![
            Value::Int(data.len() as i64),
            addr,
        ]))
    });
    add_method(&t, "shutdown", |a, _| {
        check_args("shutdown", &a[1..], 1, 1)?;
        let s = sk(&a[0])?;
        let how = c_int_arg(&a[1])?;
        if unsafe { libc::shutdown(open_fd(s)?, how) } < 0 {
            return Err(crate::modules::osutil::last_error(None));
        }
        Ok(Value::None)
    });
    add_method(&t, "getsockname", |a, _| {
        let s = sk(&a[0])?;
        let mut sa = SockAddr::new();
        if unsafe { libc::getsockname(open_fd(s)?, sa.mut_ptr(), &mut sa.len) } < 0 {
            return Err(crate::modules::osutil::last_error(None));
        }
        Ok(sockaddr_to_value(&sa))
    });
    add_method(&t, "getpeername", |a, _| {
        let s = sk(&a[0])?;
        let mut sa = SockAddr::new();
        if unsafe { libc::getpeername(open_fd(s)?, sa.mut_ptr(), &mut sa.len) } < 0 {
            return Err(crate::modules::osutil::last_error(None));
        }
        Ok(sockaddr_to_value(&sa))
    });
    add_method(&t, "setsockopt", |a, _| {
        check_args("setsockopt", &a[1..], 3, 4)?;
        let s = sk(&a[0])?;
        let fd = open_fd(s)?;
        let level = c_int_arg(&a[1])?;
        let opt = c_int_arg(&a[2])?;
        let r = if a.len() == 5 {
            // (level, opt, None, optlen)
            if !a[3].is_none() {
                return Err(type_error(
                    "setsockopt() takes an int, a bytes-like object or None with an optlen",
                ));
            }
            let len = int_arg(&a[4])? as libc::socklen_t;
            unsafe { libc::setsockopt(fd, level, opt, std::ptr::null(), len) }
        } else if crate::types::int::is_int(&a[3]) {
            let v = c_int_arg(&a[3])?;
            unsafe {
                libc::setsockopt(
                    fd,
                    level,
                    opt,
                    &v as *const _ as *const libc::c_void,
                    size_of::<libc::c_int>() as libc::socklen_t,
                )
            }
        } else {
            let b = ndata::need_buffer(&a[3])?;
            unsafe {
                libc::setsockopt(
                    fd,
                    level,
                    opt,
                    b.as_ptr() as *const libc::c_void,
                    b.len() as libc::socklen_t,
                )
            }
        };
        if r < 0 {
            return Err(crate::modules::osutil::last_error(None));
        }
        Ok(Value::None)
    });
    add_method(&t, "getsockopt", |a, _| {
        check_args("getsockopt", &a[1..], 2, 3)?;
        let s = sk(&a[0])?;
        let fd = open_fd(s)?;
        let level = c_int_arg(&a[1])?;
        let opt = c_int_arg(&a[2])?;
        match a.get(3) {
            None => {
                let mut v: libc::c_int = 0;
                let mut l = size_of::<libc::c_int>() as libc::socklen_t;
                if unsafe { libc::getsockopt(fd, level, opt, &mut v as *mut _ as *mut _, &mut l) }
                    < 0
                {
                    return Err(crate::modules::osutil::last_error(None));
                }
                Ok(Value::Int(v as i64))
            }
            Some(n) => {
                let n = int_arg(n)?;
                if !(0..=1024).contains(&n) {
                    return Err(os_error(libc::EINVAL, None, None));
                }
                let mut buf = vec![0u8; n as usize];
                let mut l = n as libc::socklen_t;
                if unsafe { libc::getsockopt(fd, level, opt, buf.as_mut_ptr() as *mut _, &mut l) }
                    < 0
                {
                    return Err(crate::modules::osutil::last_error(None));
                }
                buf.truncate(l as usize);
                Ok(crate::types::bytes::new_bytes(buf))
            }
        }
    });
    ndata::finish_type(&t);
    t
}

// ---------------------------------------------------------------------------
// module functions

fn port_string(v: &Value) -> PyResult<Option<String>> {
    if v.is_none() {
        return Ok(None);
    }
    if crate::types::int::is_int(v) {
        return Ok(Some(int_arg(v)?.to_string()));
    }
    if let Some(s) = crate::types::str::as_str(v) {
        return Ok(Some(s.to_string()));
    }
    if let Some(b) = crate::types::bytes::as_bytes_like(v) {
        return Ok(Some(String::from_utf8_lossy(&b).into_owned()));
    }
    Err(os_error(libc::EINVAL, None, None).with_message("Int or String expected"))
}

trait WithMessage {
    fn with_message(self, m: &str) -> PyErr;
}
impl WithMessage for PyErr {
    fn with_message(self, m: &str) -> PyErr {
        PyErr::new(&crate::types::exceptions::exc().os_error, m.to_string())
    }
}

fn getaddrinfo_fn(a: &[Value], kw: Kw) -> PyResult<Value> {
    let p = crate::args::parse(
        "getaddrinfo",
        a,
        kw,
        &["host", "port", "family", "type", "proto", "flags"],
        2,
    )?;
    let host = match p[0].as_ref().unwrap() {
        Value::None => None,
        v => {
            let h = host_str(v)?;
            // IDNA as CPython: non-ASCII names through the idna codec
            if h.is_ascii() {
                Some(h)
            } else {
                let enc = crate::ops::attr::call_method(v, "encode", &[Value::from("idna")])?;
                Some(host_str(&enc)?)
            }
        }
    };
    let port = port_string(p[1].as_ref().unwrap())?;
    let num = |i: usize| -> PyResult<i32> {
        p[i].as_ref()
            .map(c_int_arg)
            .transpose()
            .map(|v| v.unwrap_or(0))
    };
    let res = getaddrinfo_raw(
        host.as_deref(),
        port.as_deref(),
        num(2)?,
        num(3)?,
        num(4)?,
        num(5)?,
    )?;
    let out: Vec<Value> = res
        .iter()
        .map(|(fam, ty, proto, canon, sa)| {
            crate::types::tuple::new_tuple(vec![
                Value::Int(*fam as i64),
                Value::Int(*ty as i64),
                Value::Int(*proto as i64),
                Value::from(canon.as_str()),
                sockaddr_to_value(sa),
            ])
        })
        .collect();
    Ok(crate::types::list::new_list(out))
}

fn gethostbyname_fn(a: &[Value], _kw: Kw) -> PyResult<Value> {
    check_args("gethostbyname", a, 1, 1)?;
    let h = host_str(&a[0])?;
    let sa = resolve(&h, libc::AF_INET)?;
    let sin = sa.ptr() as *const libc::sockaddr_in;
    // SAFETY: resolve returned an AF_INET address.
    Ok(Value::from(ip_string(libc::AF_INET, unsafe {
        &(*sin).sin_addr as *const _ as *const libc::c_void
    })))
}

fn gethostbyname_ex_fn(a: &[Value], _kw: Kw) -> PyResult<Value> {
    check_args("gethostbyname_ex", a, 1, 1)?;
    let h = host_str(&a[0])?;
    let res = getaddrinfo_raw(
        Some(&h),
        None,
        libc::AF_INET,
        libc::SOCK_STREAM,
        0,
        libc::AI_CANONNAME,
    )?;
    let canon = res
        .first()
        .map(|r| r.3.clone())
        .filter(|c| !c.is_empty())
        .unwrap_or(h);
    let mut addrs: Vec<Value> = Vec::new();
    for (_, _, _, _, sa) in &res {
        let sin = sa.ptr() as *const libc::sockaddr_in;
        let ip = ip_string(libc::AF_INET, unsafe {
            &(*sin).sin_addr as *const _ as *const libc::c_void
        });
        if !addrs
            .iter()
            .any(|v| crate::types::str::as_str(v) == Some(ip.as_str()))
        {
            addrs.push(Value::from(ip));
        }
    }
    Ok(crate::types::tuple::new_tuple(vec![
        Value::from(canon),
        crate::types::list::new_list(vec![]),
        crate::types::list::new_list(addrs),
    ]))
}

fn getnameinfo_fn(a: &[Value], _kw: Kw) -> PyResult<Value> {
    check_args("getnameinfo", a, 2, 2)?;
    let Some(t) = crate::types::tuple::as_tuple(&a[0]) else {
        return Err(type_error("getnameinfo() argument 1 must be a tuple"));
    };
    if t.len() < 2 || t.len() > 4 {
        return Err(type_error("getnameinfo(): illegal sockaddr argument"));
    }
    let flags = c_int_arg(&a[1])?;
    let host = host_str(&t[0])?;
    let port = port_of(&t[1])?;
    let res = getaddrinfo_raw(
        Some(&host),
        Some(&port.to_string()),
        0,
        libc::SOCK_DGRAM,
        0,
        libc::AI_NUMERICHOST,
    )?;
    let Some((_, _, _, _, sa)) = res.into_iter().next() else {
        return Err(gai_error(libc::EAI_NONAME));
    };
    let mut hbuf = [0 as libc::c_char; 1025];
    let mut sbuf = [0 as libc::c_char; 32];
    // SAFETY: buffers sized as NI_MAXHOST / NI_MAXSERV.
    let rc = unsafe {
        libc::getnameinfo(
            sa.ptr(),
            sa.len,
            hbuf.as_mut_ptr(),
            hbuf.len() as libc::socklen_t,
            sbuf.as_mut_ptr(),
            sbuf.len() as libc::socklen_t,
            flags,
        )
    };
    if rc != 0 {
        return Err(gai_error(rc));
    }
    let s =
        |b: &[libc::c_char]| unsafe { CStr::from_ptr(b.as_ptr()).to_string_lossy().into_owned() };
    Ok(crate::types::tuple::new_tuple(vec![
        Value::from(s(&hbuf)),
        Value::from(s(&sbuf)),
    ]))
}

fn inet_aton_fn(a: &[Value], _kw: Kw) -> PyResult<Value> {
    check_args("inet_aton", a, 1, 1)?;
    let s = crate::types::str::as_str(&a[0]).ok_or_else(|| {
        type_error(format!(
            "inet_aton() argument 1 must be str, not {}",
            a[0].type_name()
        ))
    })?;
    let c = CString::new(s).map_err(|_| value_error("embedded null character"))?;
    let mut addr: libc::in_addr = unsafe { zeroed() };
    // SAFETY: inet_aton writes an in_addr.
    if unsafe { inet_aton(c.as_ptr(), &mut addr) } == 0 {
        return Err(
            os_error(0, None, None).with_message("illegal IP address string passed to inet_aton")
        );
    }
    Ok(crate::types::bytes::new_bytes(
        addr.s_addr.to_ne_bytes().to_vec(),
    ))
}

fn inet_ntoa_fn(a: &[Value], _kw: Kw) -> PyResult<Value> {
    check_args("inet_ntoa", a, 1, 1)?;
    let b = ndata::need_buffer(&a[0])?;
    if b.len() != 4 {
        return Err(os_error(0, None, None).with_message("packed IP wrong length for inet_ntoa"));
    }
    Ok(Value::from(format!("{}.{}.{}.{}", b[0], b[1], b[2], b[3])))
}

fn inet_pton_fn(a: &[Value], _kw: Kw) -> PyResult<Value> {
    check_args("inet_pton", a, 2, 2)?;
    let fam = c_int_arg(&a[0])?;
    let s = crate::types::str::as_str(&a[1]).ok_or_else(|| {
        type_error(format!(
            "inet_pton() argument 2 must be str, not {}",
            a[1].type_name()
        ))
    })?;
    let c = CString::new(s).map_err(|_| value_error("embedded null character"))?;
    let mut buf = [0u8; 16];
    // SAFETY: buf holds an in6_addr.
    let r = unsafe { inet_pton(fam, c.as_ptr(), buf.as_mut_ptr() as *mut libc::c_void) };
    if r < 0 {
        return Err(crate::modules::osutil::last_error(None));
    }
    if r == 0 {
        return Err(
            os_error(0, None, None).with_message("illegal IP address string passed to inet_pton")
        );
    }
    let n = if fam == libc::AF_INET { 4 } else { 16 };
    Ok(crate::types::bytes::new_bytes(buf[..n].to_vec()))
}

fn inet_ntop_fn(a: &[Value], _kw: Kw) -> PyResult<Value> {
    check_args("inet_ntop", a, 2, 2)?;
    let fam = c_int_arg(&a[0])?;
    let b = ndata::need_buffer(&a[1])?;
    let want = match fam {
        libc::AF_INET => 4,
        libc::AF_INET6 => 16,
        _ => return Err(value_error("unknown address family")),
    };
    if b.len() != want {
        return Err(value_error("invalid length of packed IP address string"));
    }
    Ok(Value::from(ip_string(
        fam,
        b.as_ptr() as *const libc::c_void,
    )))
}

fn u16_arg(v: &Value, what: &str) -> PyResult<u16> {
    let x = int_arg(v)?;
    if x < 0 {
        return Err(overflow_error(format!(
            "{}: can't convert negative Python int to C 16-bit unsigned integer",
            what
        )));
    }
    if x > 0xffff {
        return Err(overflow_error(format!(
            "{}: Python int too large to convert to C 16-bit unsigned integer",
            what
        )));
    }
    Ok(x as u16)
}

fn u32_arg(v: &Value) -> PyResult<u32> {
    let x = int_arg(v)?;
    if x < 0 {
        return Err(overflow_error(
            "can't convert negative value to unsigned int",
        ));
    }
    u32::try_from(x).map_err(|_| overflow_error("int larger than 32 bits"))
}

fn socketpair_fn(a: &[Value], _kw: Kw) -> PyResult<Value> {
    check_args("socketpair", a, 0, 3)?;
    let fam = a
        .first()
        .map(c_int_arg)
        .transpose()?
        .unwrap_or(libc::AF_UNIX);
    let ty = a
        .get(1)
        .map(c_int_arg)
        .transpose()?
        .unwrap_or(libc::SOCK_STREAM);
    let proto = a.get(2).map(c_int_arg).transpose()?.unwrap_or(0);
    let mut fds = [0i32; 2];
    // SAFETY: socketpair writes two descriptors.
    if unsafe { libc::socketpair(fam, ty | libc::SOCK_CLOEXEC, proto, fds.as_mut_ptr()) } < 0 {
        return Err(crate::modules::osutil::last_error(None));
    }
    let mk = |fd: i32| -> PyResult<Value> {
        let t = Value::Obj(socket_type());
        crate::ops::call::call(
            &t,
            &[
                Value::Int(fam as i64),
                Value::Int(ty as i64),
                Value::Int(proto as i64),
                Value::Int(fd as i64),
            ],
            None,
        )
    };
    let s0 = mk(fds[0])?;
    let s1 = mk(fds[1])?;
    Ok(crate::types::tuple::new_tuple(vec![s0, s1]))
}

pub fn init(m: &ObjRef) -> PyResult<()> {
    let os_error_t = Value::Obj(crate::types::exceptions::exc().os_error.clone());
    let mk_exc = |name: &str| -> PyResult<Value> {
        let d = crate::types::dict::new_dict();
        crate::ops::setitem(&d, Value::from("__module__"), Value::from("socket"))?;
        crate::ops::call::call(
            &Value::Obj(crate::types::types().type_.clone()),
            &[
                Value::from(name),
                crate::types::tuple::new_tuple(vec![os_error_t.clone()]),
                d,
            ],
            None,
        )
    };
    let gai = mk_exc("gaierror")?;
    let herr = mk_exc("herror")?;
    *GAIERROR.get() = Some(gai.clone());
    *HERROR.get() = Some(herr.clone());
    set_attr(m, "gaierror", gai);
    set_attr(m, "herror", herr);
    set_attr(m, "error", os_error_t);
    set_attr(
        m,
        "timeout",
        Value::Obj(crate::types::exceptions::exc().timeout_error.clone()),
    );
    let st = Value::Obj(socket_type());
    set_attr(m, "socket", st.clone());
    set_attr(m, "SocketType", st);
    set_attr(m, "has_ipv6", Value::Bool(true));
    let consts: &[(&str, i64)] = &[
        ("AF_UNSPEC", libc::AF_UNSPEC as i64),
        ("AF_INET", libc::AF_INET as i64),
        ("AF_INET6", libc::AF_INET6 as i64),
        ("AF_UNIX", libc::AF_UNIX as i64),
        ("AF_NETLINK", libc::AF_NETLINK as i64),
        ("AF_PACKET", libc::AF_PACKET as i64),
        ("SOCK_STREAM", libc::SOCK_STREAM as i64),
        ("SOCK_DGRAM", libc::SOCK_DGRAM as i64),
        ("SOCK_RAW", libc::SOCK_RAW as i64),
        ("SOCK_RDM", libc::SOCK_RDM as i64),
        ("SOCK_SEQPACKET", libc::SOCK_SEQPACKET as i64),
        ("SOCK_NONBLOCK", libc::SOCK_NONBLOCK as i64),
        ("SOCK_CLOEXEC", libc::SOCK_CLOEXEC as i64),
        ("SOL_SOCKET", libc::SOL_SOCKET as i64),
        ("SOL_IP", libc::SOL_IP as i64),
        ("SOL_TCP", libc::SOL_TCP as i64),
        ("SOL_UDP", libc::SOL_UDP as i64),
        ("SO_DEBUG", libc::SO_DEBUG as i64),
        ("SO_ACCEPTCONN", libc::SO_ACCEPTCONN as i64),
        ("SO_REUSEADDR", libc::SO_REUSEADDR as i64),
        ("SO_REUSEPORT", libc::SO_REUSEPORT as i64),
        ("SO_KEEPALIVE", libc::SO_KEEPALIVE as i64),
        ("SO_DONTROUTE", libc::SO_DONTROUTE as i64),
        ("SO_BROADCAST", libc::SO_BROADCAST as i64),
        ("SO_LINGER", libc::SO_LINGER as i64),
        ("SO_OOBINLINE", libc::SO_OOBINLINE as i64),
        ("SO_SNDBUF", libc::SO_SNDBUF as i64),
        ("SO_RCVBUF", libc::SO_RCVBUF as i64),
        ("SO_SNDLOWAT", libc::SO_SNDLOWAT as i64),
        ("SO_RCVLOWAT", libc::SO_RCVLOWAT as i64),
        ("SO_SNDTIMEO", libc::SO_SNDTIMEO as i64),
        ("SO_RCVTIMEO", libc::SO_RCVTIMEO as i64),
        ("SO_ERROR", libc::SO_ERROR as i64),
        ("SO_TYPE", libc::SO_TYPE as i64),
        ("SO_DOMAIN", libc::SO_DOMAIN as i64),
        ("SO_PROTOCOL", libc::SO_PROTOCOL as i64),
        ("SO_PEERCRED", libc::SO_PEERCRED as i64),
        ("SO_PASSCRED", libc::SO_PASSCRED as i64),
        ("SO_BINDTODEVICE", libc::SO_BINDTODEVICE as i64),
        ("SO_PRIORITY", libc::SO_PRIORITY as i64),
        ("SO_MARK", libc::SO_MARK as i64),
        ("SOMAXCONN", libc::SOMAXCONN as i64),
        ("SCM_RIGHTS", libc::SCM_RIGHTS as i64),
        ("SCM_CREDENTIALS", libc::SCM_CREDENTIALS as i64),
        ("MSG_OOB", libc::MSG_OOB as i64),
        ("MSG_PEEK", libc::MSG_PEEK as i64),
        ("MSG_DONTROUTE", libc::MSG_DONTROUTE as i64),
        ("MSG_DONTWAIT", libc::MSG_DONTWAIT as i64),
        ("MSG_EOR", libc::MSG_EOR as i64),
        ("MSG_TRUNC", libc::MSG_TRUNC as i64),
        ("MSG_CTRUNC", libc::MSG_CTRUNC as i64),
        ("MSG_WAITALL", libc::MSG_WAITALL as i64),
        ("MSG_NOSIGNAL", libc::MSG_NOSIGNAL as i64),
        ("MSG_CMSG_CLOEXEC", libc::MSG_CMSG_CLOEXEC as i64),
        ("MSG_ERRQUEUE", libc::MSG_ERRQUEUE as i64),
        ("MSG_CONFIRM", libc::MSG_CONFIRM as i64),
        ("MSG_MORE", libc::MSG_MORE as i64),
        ("SHUT_RD", libc::SHUT_RD as i64),
        ("SHUT_WR", libc::SHUT_WR as i64),
        ("SHUT_RDWR", libc::SHUT_RDWR as i64),
        ("IPPROTO_IP", libc::IPPROTO_IP as i64),
        ("IPPROTO_ICMP", libc::IPPROTO_ICMP as i64),
        ("IPPROTO_TCP", libc::IPPROTO_TCP as i64),
        ("IPPROTO_UDP", libc::IPPROTO_UDP as i64),
        ("IPPROTO_IPV6", libc::IPPROTO_IPV6 as i64),
        ("IPPROTO_ICMPV6", libc::IPPROTO_ICMPV6 as i64),
        ("IPPROTO_RAW", libc::IPPROTO_RAW as i64),
        ("IPPORT_RESERVED", 1024),
        ("IPPORT_USERRESERVED", 5000),
        ("INADDR_ANY", 0),
        ("INADDR_BROADCAST", 0xffff_ffff),
        ("INADDR_LOOPBACK", 0x7f00_0001),
        ("INADDR_NONE", 0xffff_ffff),
        ("INADDR_UNSPEC_GROUP", 0xe000_0000),
        ("INADDR_ALLHOSTS_GROUP", 0xe000_0001),
        ("INADDR_MAX_LOCAL_GROUP", 0xe000_00ff),
        ("IP_TOS", libc::IP_TOS as i64),
        ("IP_TTL", libc::IP_TTL as i64),
        ("IP_HDRINCL", libc::IP_HDRINCL as i64),
        ("IP_OPTIONS", libc::IP_OPTIONS as i64),
        ("IP_RECVTOS", libc::IP_RECVTOS as i64),
        ("IP_MULTICAST_IF", libc::IP_MULTICAST_IF as i64),
        ("IP_MULTICAST_TTL", libc::IP_MULTICAST_TTL as i64),
        ("IP_MULTICAST_LOOP", libc::IP_MULTICAST_LOOP as i64),
        ("IP_ADD_MEMBERSHIP", libc::IP_ADD_MEMBERSHIP as i64),
        ("IP_DROP_MEMBERSHIP", libc::IP_DROP_MEMBERSHIP as i64),
        ("IPV6_V6ONLY", libc::IPV6_V6ONLY as i64),
        ("IPV6_UNICAST_HOPS", libc::IPV6_UNICAST_HOPS as i64),
        ("IPV6_MULTICAST_IF", libc::IPV6_MULTICAST_IF as i64),
        ("IPV6_MULTICAST_HOPS", libc::IPV6_MULTICAST_HOPS as i64),
        ("IPV6_MULTICAST_LOOP", libc::IPV6_MULTICAST_LOOP as i64),
        ("IPV6_JOIN_GROUP", libc::IPV6_ADD_MEMBERSHIP as i64),
        ("IPV6_LEAVE_GROUP", libc::IPV6_DROP_MEMBERSHIP as i64),
        ("TCP_NODELAY", libc::TCP_NODELAY as i64),
        ("TCP_MAXSEG", libc::TCP_MAXSEG as i64),
        ("TCP_CORK", libc::TCP_CORK as i64),
        ("TCP_KEEPIDLE", libc::TCP_KEEPIDLE as i64),
        ("TCP_KEEPINTVL", libc::TCP_KEEPINTVL as i64),
        ("TCP_KEEPCNT", libc::TCP_KEEPCNT as i64),
        ("TCP_SYNCNT", libc::TCP_SYNCNT as i64),
        ("TCP_LINGER2", libc::TCP_LINGER2 as i64),
        ("TCP_DEFER_ACCEPT", libc::TCP_DEFER_ACCEPT as i64),
        ("TCP_WINDOW_CLAMP", libc::TCP_WINDOW_CLAMP as i64),
        ("TCP_INFO", libc::TCP_INFO as i64),
        ("TCP_QUICKACK", libc::TCP_QUICKACK as i64),
        ("TCP_FASTOPEN", libc::TCP_FASTOPEN as i64),
        ("TCP_USER_TIMEOUT", libc::TCP_USER_TIMEOUT as i64),
        ("TCP_NOTSENT_LOWAT", libc::TCP_NOTSENT_LOWAT as i64),
        ("AI_PASSIVE", libc::AI_PASSIVE as i64),
        ("AI_CANONNAME", libc::AI_CANONNAME as i64),
        ("AI_NUMERICHOST", libc::AI_NUMERICHOST as i64),
        ("AI_NUMERICSERV", libc::AI_NUMERICSERV as i64),
        ("AI_V4MAPPED", libc::AI_V4MAPPED as i64),
        ("AI_ALL", libc::AI_ALL as i64),
        ("AI_ADDRCONFIG", libc::AI_ADDRCONFIG as i64),
        ("NI_NUMERICHOST", libc::NI_NUMERICHOST as i64),
        ("NI_NUMERICSERV", libc::NI_NUMERICSERV as i64),
        ("NI_NOFQDN", libc::NI_NOFQDN as i64),
        ("NI_NAMEREQD", libc::NI_NAMEREQD as i64),
        ("NI_DGRAM", libc::NI_DGRAM as i64),
        ("NI_MAXHOST", 1025),
        ("NI_MAXSERV", 32),
        ("EAI_ADDRFAMILY", -9),
        ("EAI_AGAIN", libc::EAI_AGAIN as i64),
        ("EAI_BADFLAGS", libc::EAI_BADFLAGS as i64),
        ("EAI_FAIL", libc::EAI_FAIL as i64),
        ("EAI_FAMILY", libc::EAI_FAMILY as i64),
        ("EAI_MEMORY", libc::EAI_MEMORY as i64),
        ("EAI_NODATA", -5),
        ("EAI_NONAME", libc::EAI_NONAME as i64),
        ("EAI_OVERFLOW", libc::EAI_OVERFLOW as i64),
        ("EAI_SERVICE", libc::EAI_SERVICE as i64),
        ("EAI_SOCKTYPE", libc::EAI_SOCKTYPE as i64),
        ("EAI_SYSTEM", libc::EAI_SYSTEM as i64),
    ];
    for (n, v) in consts {
        set_attr(m, n, Value::Int(*v));
    }
    add_function(m, "getaddrinfo", getaddrinfo_fn);
    add_function(m, "getnameinfo", getnameinfo_fn);
    add_function(m, "gethostbyname", gethostbyname_fn);
    add_function(m, "gethostbyname_ex", gethostbyname_ex_fn);
    add_function(m, "gethostbyaddr", |a, _| {
        check_args("gethostbyaddr", a, 1, 1)?;
        let h = host_str(&a[0])?;
        let ip = gethostbyname_fn(&[Value::from(h.as_str())], None)?;
        let r = getnameinfo_fn(
            &[
                crate::types::tuple::new_tuple(vec![ip.clone(), Value::Int(0)]),
                Value::Int(libc::NI_NAMEREQD as i64),
            ],
            None,
        )
        .map_err(|_| exc_with(&HERROR, 1, "Unknown host".into()))?;
        let name = crate::types::tuple::as_tuple(&r)
            .map(|t| t[0].clone())
            .unwrap_or(Value::None);
        Ok(crate::types::tuple::new_tuple(vec![
            name,
            crate::types::list::new_list(vec![]),
            crate::types::list::new_list(vec![ip]),
        ]))
    });
    add_function(m, "gethostname", |a, _| {
        check_args("gethostname", a, 0, 0)?;
        let mut buf = [0 as libc::c_char; 256];
        // SAFETY: gethostname writes at most len bytes.
        if unsafe { libc::gethostname(buf.as_mut_ptr(), buf.len()) } < 0 {
            return Err(crate::modules::osutil::last_error(None));
        }
        Ok(Value::from(
            unsafe { CStr::from_ptr(buf.as_ptr()) }
                .to_string_lossy()
                .into_owned(),
        ))
    });
    add_function(m, "getservbyname", |a, _| {
        check_args("getservbyname", a, 1, 2)?;
        let name =
            CString::new(host_str(&a[0])?).map_err(|_| value_error("embedded null character"))?;
        let proto = a
            .get(1)
            .map(host_str)
            .transpose()?
            .map(|p| CString::new(p).unwrap_or_default());
        // SAFETY: getservbyname returns a static entry or NULL.
        let e = unsafe {
            libc::getservbyname(
                name.as_ptr(),
                proto.as_ref().map_or(std::ptr::null(), |p| p.as_ptr()),
            )
        };
        if e.is_null() {
            return Err(PyErr::new(
                &crate::types::exceptions::exc().os_error,
                "service/proto not found",
            ));
        }
        Ok(Value::Int(
            u16::from_be(unsafe { (*e).s_port } as u16) as i64
        ))
    });
    add_function(m, "getservbyport", |a, _| {
        check_args("getservbyport", a, 1, 2)?;
        let port = int_arg(&a[0])?;
        if !(0..=65535).contains(&port) {
            return Err(overflow_error("getservbyport: port must be 0-65535."));
        }
        let proto = a
            .get(1)
            .map(host_str)
            .transpose()?
            .map(|p| CString::new(p).unwrap_or_default());
        // SAFETY: as getservbyname.
        let e = unsafe {
            libc::getservbyport(
                (port as u16).to_be() as i32,
                proto.as_ref().map_or(std::ptr::null(), |p| p.as_ptr()),
            )
        };
        if e.is_null() {
            return Err(PyErr::new(
                &crate::types::exceptions::exc().os_error,
                "port/proto not found",
            ));
        }
        Ok(Value::from(
            unsafe { CStr::from_ptr((*e).s_name) }
                .to_string_lossy()
                .into_owned(),
        ))
    });
    add_function(m, "getprotobyname", |a, _| {
        check_args("getprotobyname", a, 1, 1)?;
        let name =
            CString::new(host_str(&a[0])?).map_err(|_| value_error("embedded null character"))?;
        // SAFETY: getprotobyname returns a static entry or NULL.
        let e = unsafe { libc::getprotobyname(name.as_ptr()) };
        if e.is_null() {
            return Err(PyErr::new(
                &crate::types::exceptions::exc().os_error,
                "protocol not found",
            ));
        }
        Ok(Value::Int(unsafe { (*e).p_proto } as i64))
    });
    add_function(m, "getdefaulttimeout", |a, _| {
        check_args("getdefaulttimeout", a, 0, 0)?;
        Ok(timeout_value(*DEFAULT_TIMEOUT.get()))
    });
    add_function(m, "setdefaulttimeout", |a, _| {
        check_args("setdefaulttimeout", a, 1, 1)?;
        *DEFAULT_TIMEOUT.get() = timeout_arg(&a[0])?;
        Ok(Value::None)
    });
    add_function(m, "htons", |a, _| {
        check_args("htons", a, 1, 1)?;
        Ok(Value::Int(u16_arg(&a[0], "htons")?.to_be() as i64))
    });
    add_function(m, "ntohs", |a, _| {
        check_args("ntohs", a, 1, 1)?;
        Ok(Value::Int(u16::from_be(u16_arg(&a[0], "ntohs")?) as i64))
    });
    add_function(m, "htonl", |a, _| {
        check_args("htonl", a, 1, 1)?;
        Ok(Value::Int(u32_arg(&a[0])?.to_be() as i64))
    });
    add_function(m, "ntohl", |a, _| {
        check_args("ntohl", a, 1, 1)?;
        Ok(Value::Int(u32::from_be(u32_arg(&a[0])?) as i64))
    });
    add_function(m, "inet_aton", inet_aton_fn);
    add_function(m, "inet_ntoa", inet_ntoa_fn);
    add_function(m, "inet_pton", inet_pton_fn);
    add_function(m, "inet_ntop", inet_ntop_fn);
    add_function(m, "socketpair", socketpair_fn);
    add_function(m, "dup", |a, _| {
        check_args("dup", a, 1, 1)?;
        let fd = c_int_arg(&a[0])?;
        // SAFETY: duplicating a descriptor number given by the caller.
        let r = unsafe { libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 0) };
        if r < 0 {
            return Err(crate::modules::osutil::last_error(None));
        }
        Ok(Value::Int(r as i64))
    });
    add_function(m, "close", |a, _| {
        check_args("close", a, 1, 1)?;
        let fd = c_int_arg(&a[0])?;
        // SAFETY: closing a descriptor number given by the caller.
        if unsafe { libc::close(fd) } < 0 && errno() != libc::ECONNRESET {
            return Err(crate::modules::osutil::last_error(None));
        }
        Ok(Value::None)
    });
    add_function(m, "CMSG_LEN", |a, _| {
        check_args("CMSG_LEN", a, 1, 1)?;
        let n = int_arg(&a[0])?;
        // SAFETY: pure arithmetic macro.
        Ok(Value::Int(unsafe { libc::CMSG_LEN(n as u32) } as i64))
    });
    add_function(m, "CMSG_SPACE", |a, _| {
        check_args("CMSG_SPACE", a, 1, 1)?;
        let n = int_arg(&a[0])?;
        // SAFETY: pure arithmetic macro.
        Ok(Value::Int(unsafe { libc::CMSG_SPACE(n as u32) } as i64))
    });
    add_function(m, "if_nametoindex", |a, _| {
        check_args("if_nametoindex", a, 1, 1)?;
        let n =
            CString::new(host_str(&a[0])?).map_err(|_| value_error("embedded null character"))?;
        // SAFETY: plain libc call.
        let r = unsafe { libc::if_nametoindex(n.as_ptr()) };
        if r == 0 {
            return Err(PyErr::new(
                &crate::types::exceptions::exc().os_error,
                "no interface with this name",
            ));
        }
        Ok(Value::Int(r as i64))
    });
    let _ = HERROR.get();
    Ok(())
}
