//! Interpreter and thread state, start-up, and the hooks the interpreter loop calls
//! (tracing, displayhook, fatal errors).

use crate::errors::*;
use crate::gil::GilCell;
use crate::object::ObjRef;
use crate::value::Value;

/// Per-thread interpreter state.
pub struct Thread {
    /// Frames being executed, innermost last.
    pub frames: Vec<ObjRef>,
    /// The exception being handled (`sys.exc_info()`).
    pub exc_info: Option<Value>,
    pub recursion_limit: u32,
    /// Set by `Reraise`/bare `raise` so the error path does not add a traceback entry.
    pub reraising: Option<bool>,
    /// `sys.settrace` function.
    pub trace_func: Option<Value>,
    /// `sys.setprofile` function.
    pub profile_func: Option<Value>,
    /// Re-entrancy guard while a trace function runs.
    pub in_trace: bool,
    /// Objects whose repr is being computed (for `[...]` on recursive containers).
    pub repr_stack: Vec<usize>,
    /// Lowest stack address Python calls may reach on the OS thread running this state
    /// (computed there on first use; `usize::MAX` until then, 0 when unknown).
    pub stack_limit: usize,
    /// `sys.set_asyncgen_hooks`.
    pub asyncgen_firstiter: Option<Value>,
    pub asyncgen_finalizer: Option<Value>,
}

impl Thread {
    pub fn new() -> Thread {
        Thread {
            frames: Vec::new(),
            exc_info: None,
            recursion_limit: 1000,
            reraising: None,
            trace_func: None,
            profile_func: None,
            in_trace: false,
            repr_stack: Vec::new(),
            stack_limit: usize::MAX,
            asyncgen_firstiter: None,
            asyncgen_finalizer: None,
        }
    }
    #[inline]
    pub fn tracing(&self) -> bool {
        (self.trace_func.is_some() || self.profile_func.is_some()) && !self.in_trace
    }
}

/// Interpreter-wide state.
pub struct Interp {
    pub builtins: ObjRef,
    pub builtins_dict: ObjRef,
    pub sys: ObjRef,
    /// `sys.modules`.
    pub modules: ObjRef,
    pub config: crate::Config,
}

static THREAD: GilCell<Option<Box<Thread>>> = GilCell::new(None);
static INTERP: GilCell<Option<Box<Interp>>> = GilCell::new(None);

/// The current thread's state.
#[inline(always)]
pub fn thread() -> &'static mut Thread {
    match THREAD.get() {
        Some(t) => t,
        None => fatal("no thread state (interpreter not initialized)"),
    }
}

#[inline(always)]
pub fn interp() -> &'static Interp {
    match INTERP.get() {
        Some(i) => i,
        None => fatal("interpreter not initialized"),
    }
}

pub fn is_initialized() -> bool {
    INTERP.get().is_some()
}

pub(crate) fn set_thread() {
    *THREAD.get() = Some(Box::new(Thread::new()));
}

pub(crate) fn set_interp(i: Interp) {
    *INTERP.get() = Some(Box::new(i));
}

/// Print a fatal error and abort (never a Rust panic backtrace).
#[cold]
pub fn fatal(msg: &str) -> ! {
    eprintln!("Fatal Python error: {}", msg);
    eprintln!("Python runtime state: initialized");
    std::process::abort()
}

/// The builtins dict for code running with `globals`: `globals['__builtins__']` (a
/// module or dict) or the interpreter's.
pub fn builtins_for(globals: &ObjRef) -> ObjRef {
    let d = crate::types::dict::obj_dict(globals);
    if let Some(b) = d.get_str_key("__builtins__") {
        match &b {
            Value::Obj(o) => match o.payload() {
                crate::types::Payload::Dict(_) => return o.clone(),
                crate::types::Payload::Module(_) => {
                    if let Some(md) = o.dict() {
                        return md;
                    }
                }
                _ => {}
            },
            _ => {}
        }
    }
    interp().builtins_dict.clone()
}

/// `sys.displayhook(v)`.
pub fn display_hook(v: Value) -> PyResult<()> {
    let hook = crate::modules::sys::get_sys_attr("displayhook")
        .ok_or_else(|| runtime_error("lost sys.displayhook"))?;
    crate::ops::call::call(&hook, &[v], None)?;
    Ok(())
}

/// Report a trace event (`call`, `return`, `exception`) to the trace/profile functions.
pub fn trace_event(fo: &ObjRef, event: &str, arg: Value) -> PyResult<()> {
    let t = thread();
    if t.in_trace {
        return Ok(());
    }
    let frame = Value::Obj(fo.clone());
    if let Some(p) = t.profile_func.clone() {
        if event == "call" || event == "return" {
            t.in_trace = true;
            let r =
                crate::ops::call::call(&p, &[frame.clone(), Value::from(event), arg.clone()], None);
            thread().in_trace = false;
            r?;
        }
    }
    let f = crate::frame::frame_mut(fo);
    let func = if event == "call" {
        t.trace_func.clone()
    } else {
        f.trace.clone()
    };
    if let Some(func) = func {
        t.in_trace = true;
        let r = crate::ops::call::call(&func, &[frame, Value::from(event), arg], None);
        thread().in_trace = false;
        match r {
            Ok(res) => {
                if event == "call" {
                    f.trace = if res.is_none() { None } else { Some(res) };
                }
            }
            Err(e) => {
                thread().trace_func = None;
                f.trace = None;
                return Err(e);
            }
        }
    }
    Ok(())
}

/// Report a `line` event when the current instruction starts a new line.
pub fn maybe_trace_line(fo: &ObjRef, f: &mut crate::frame::Frame) -> PyResult<()> {
    if f.trace.is_none() {
        return Ok(());
    }
    let code = f.pycode();
    let line = code.code.line_of(f.lasti);
    if line == 0 || line == f.last_traced_line {
        // a backward jump to the start of a line also counts
        let starts_line = f.lasti == 0 || code.code.line_of(f.lasti - 1) != line;
        if !(starts_line
            && line != 0
            && line == f.last_traced_line
            && f.lasti < f.ip.saturating_sub(1))
        {
            return Ok(());
        }
    }
    f.last_traced_line = line;
    let func = f.trace.clone().unwrap();
    let t = thread();
    t.in_trace = true;
    let r = crate::ops::call::call(
        &func,
        &[Value::Obj(fo.clone()), Value::from("line"), Value::None],
        None,
    );
    thread().in_trace = false;
    match r {
        Ok(res) => {
            f.trace = if res.is_none() { None } else { Some(res) };
            Ok(())
        }
        Err(e) => {
            thread().trace_func = None;
            f.trace = None;
            Err(e)
        }
    }
}
