//! Frames and the bytecode interpreter loop.
//!
//! A `Frame` is a heap object (so tracebacks, generators and `sys._getframe` can hold
//! it). `eval` runs a frame until it returns or yields; Python-to-Python calls recurse
//! on the Rust stack, guarded by the recursion limit and a stack-space check.

use crate::errors::*;
use crate::object::ObjRef;
use crate::ops;
use crate::types::code::{obj_code, PyCode};
use crate::types::exceptions::exc;
use crate::types::{types, Payload};
use crate::value::Value;
use crate::vm::{thread, Thread};
use pyrite_compiler::bytecode::{format_value, make_function, Instr};
use std::cell::UnsafeCell;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockKind {
    /// A try block: on exception jump to `handler`.
    Finally,
    /// Active while an exception is being handled; restores `exc_info` when popped.
    ExceptHandler,
}

pub struct Block {
    pub kind: BlockKind,
    pub handler: u32,
    pub level: u32,
    /// For ExceptHandler: the exc_info to restore.
    pub prev_exc: Option<Value>,
}

pub struct Frame {
    pub code: ObjRef,
    pub globals: ObjRef,
    pub builtins: ObjRef,
    /// The locals mapping of non-optimized code (module and class bodies, exec).
    pub locals: Option<Value>,
    pub fast: Vec<Option<Value>>,
    /// Cells: `cellvars` then `freevars`.
    pub cells: Vec<ObjRef>,
    pub stack: Vec<Value>,
    pub blocks: Vec<Block>,
    /// Index of the next instruction.
    pub ip: usize,
    /// Index of the instruction being executed (for line numbers).
    pub lasti: usize,
    pub back: Option<ObjRef>,
    /// Running right now (generators: re-entrancy check).
    pub executing: bool,
    /// Frame finished (returned or raised out).
    pub finished: bool,
    /// `f_trace` (sys.settrace local trace function).
    pub trace: Option<Value>,
    /// Last line reported to a trace function.
    pub last_traced_line: u32,
    /// An exception to raise when the frame resumes (`generator.throw`).
    pub throw_pending: Option<PyErr>,
    /// The last suspension came from `YieldFrom` (an `await`), not `YieldValue`.
    pub yielded_from: bool,
}

pub struct FrameCell(pub UnsafeCell<Frame>);

type FrameBuffers = (Vec<Option<Value>>, Vec<Value>, Vec<Block>);

/// Reused buffers of dead frames: a call then allocates only the frame object.
static FRAME_POOL: crate::gil::GilCell<Vec<FrameBuffers>> = crate::gil::GilCell::new(Vec::new());
const FRAME_POOL_MAX: usize = 256;

impl Drop for Frame {
    fn drop(&mut self) {
        let mut fast = std::mem::take(&mut self.fast);
        let mut stack = std::mem::take(&mut self.stack);
        let mut blocks = std::mem::take(&mut self.blocks);
        fast.clear();
        stack.clear();
        blocks.clear();
        let pool = FRAME_POOL.get();
        if pool.len() < FRAME_POOL_MAX && fast.capacity() <= 1024 && stack.capacity() <= 1024 {
            pool.push((fast, stack, blocks));
        }
    }
}

/// What `eval` ended with.
pub enum Exit {
    Return(Value),
    Yield(Value),
}

/// A marker pushed by `LoadMethod` in the method slot when the attribute is not an
/// unbound method. Never visible to Python: the slot only ever holds it or a function.
const NULL_BITS: u64 = 0x7ff8_dead_beef_0001;
#[inline(always)]
fn null_marker() -> Value {
    Value::Float(f64::from_bits(NULL_BITS))
}
#[inline(always)]
fn is_null_marker(v: &Value) -> bool {
    matches!(v, Value::Float(f) if f.to_bits() == NULL_BITS)
}

pub fn frame_mut(o: &ObjRef) -> &mut Frame {
    match o.payload() {
        // SAFETY: frames are only touched by the thread holding the GIL.
        Payload::Frame(f) => unsafe { &mut *f.0.get() },
        _ => panic!("not a frame"),
    }
}

pub fn as_frame(v: &Value) -> Option<&mut Frame> {
    match v.payload() {
        Some(Payload::Frame(_)) => Some(frame_mut(v.as_obj().unwrap())),
        _ => None,
    }
}

impl Frame {
    pub fn new(code: ObjRef, globals: ObjRef, builtins: ObjRef, locals: Option<Value>) -> Frame {
        let c = obj_code(&code);
        let nfast = c.code.varnames.len();
        let stack_cap = c.code.max_stackdepth as usize + 2;
        let (mut fast, mut stack, blocks) = FRAME_POOL.get().pop().unwrap_or_default();
        fast.resize(nfast, None);
        stack.reserve(stack_cap);
        Frame {
            fast,
            cells: Vec::new(),
            stack,
            blocks,
            code,
            globals,
            builtins,
            locals,
            ip: 0,
            lasti: 0,
            back: None,
            executing: false,
            finished: false,
            trace: None,
            last_traced_line: 0,
            throw_pending: None,
            yielded_from: false,
        }
    }
    pub fn pycode(&self) -> &PyCode {
        obj_code(&self.code)
    }
    pub fn lineno(&self) -> u32 {
        self.pycode().code.line_of(self.lasti)
    }
}

pub fn new_frame_obj(f: Frame) -> ObjRef {
    ObjRef::new(
        &types().frame,
        Payload::Frame(Box::new(FrameCell(UnsafeCell::new(f)))),
    )
}

/// Frame objects of finished calls that nobody else referenced, ready for the next
/// call (a call then allocates nothing: no object, no frame, no buffers).
static FRAME_OBJS: crate::gil::GilCell<Vec<ObjRef>> = crate::gil::GilCell::new(Vec::new());
const FRAME_OBJS_MAX: usize = 64;

/// A frame object for running `code`: a recycled one when there is one.
#[inline]
pub fn acquire_frame(code: &ObjRef, globals: &ObjRef, builtins: &ObjRef) -> ObjRef {
    let fo = acquire_frame_empty(code, globals, builtins);
    let f = frame_mut(&fo);
    f.fast.resize(obj_code(code).code.varnames.len(), None);
    fo
}

/// Like `acquire_frame`, with no local slots yet (`fast` is empty: the caller pushes
/// the arguments, then fills up to the number of locals).
#[inline]
fn acquire_frame_empty(code: &ObjRef, globals: &ObjRef, builtins: &ObjRef) -> ObjRef {
    match FRAME_OBJS.get().pop() {
        Some(fo) => {
            let f = frame_mut(&fo);
            let c = obj_code(code);
            // released frames hold placeholders and empty buffers (see release_frame)
            f.code = code.clone();
            f.globals = globals.clone();
            f.builtins = builtins.clone();
            f.stack.reserve(c.code.max_stackdepth as usize + 2);
            fo
        }
        None => {
            let fo = new_frame_obj(Frame::new(
                code.clone(),
                globals.clone(),
                builtins.clone(),
                None,
            ));
            frame_mut(&fo).fast.clear();
            fo
        }
    }
}

/// A call, from the interpreter loop, of a plain Python function whose arguments are
/// exactly its positional parameters (no *args/**kwargs/keyword-only parameters, not
/// a generator, no cells): the arguments move from the caller's value stack (from
/// `args_at` to the top) into the callee's locals, without the generic binding.
/// `None` when the call has another shape; the stack is then untouched.
#[inline(always)]
fn try_call_simple(f: &mut Frame, callable_at: usize, args_at: usize) -> Option<PyResult<Value>> {
    use pyrite_compiler::code::flags as cf;
    let Value::Obj(fo) = &f.stack[callable_at] else {
        return None;
    };
    let Payload::Function(func) = fo.payload() else {
        return None;
    };
    let code = func.code();
    let co = &code.code;
    let nargs = f.stack.len() - args_at;
    if nargs != co.argcount as usize
        || co.flags
            & (cf::VARARGS | cf::VARKEYWORDS | cf::GENERATOR | cf::COROUTINE | cf::ASYNC_GENERATOR)
            != 0
        || co.kwonlyargcount != 0
        || code.ncells != 0
        || code.nfrees != 0
    {
        return None;
    }
    let nlocals = co.varnames.len();
    let callee = acquire_frame_empty(func.code_obj(), &func.globals, &func.builtins);
    let nf = frame_mut(&callee);
    nf.fast.reserve(nlocals);
    let n = f.stack.len();
    // SAFETY: slots args_at..n hold values; they are moved out word by word (see
    // `vpop`) and the stack forgets them by shrinking its length.
    unsafe {
        let p = f.stack.as_ptr() as *const std::mem::MaybeUninit<u64>;
        for i in args_at..n {
            let w0 = std::ptr::read_volatile(p.add(2 * i));
            let w1 = std::ptr::read_volatile(p.add(2 * i + 1));
            nf.fast.push(Some(std::mem::transmute::<
                [std::mem::MaybeUninit<u64>; 2],
                Value,
            >([w0, w1])));
        }
        f.stack.set_len(args_at);
    }
    nf.fast.resize(nlocals, None);
    let r = run_frame(&callee);
    release_frame(callee);
    Some(match r {
        Ok(Exit::Return(v)) => Ok(v),
        Ok(Exit::Yield(_)) => Err(runtime_error("unexpected yield")),
        Err(e) => Err(e),
    })
}

/// Give a frame object back after its call. It is kept for reuse only when the call
/// was its sole owner (no traceback, generator, `sys._getframe` result or C mirror
/// holds it); otherwise it is simply dropped.
#[inline]
pub fn release_frame(fo: ObjRef) {
    let o = fo.obj();
    if fo.refcnt() != 1
        || !o.mirror.get().is_null()
        || o.dict.get().is_some()
        || o.flags.get() != 0
        || FRAME_OBJS.get().len() >= FRAME_OBJS_MAX
    {
        return;
    }
    reset_frame(&fo);
    // dropping the frame's values ran arbitrary code (__del__), which may have taken
    // a reference to it, or filled the pool
    if fo.refcnt() == 1 && o.mirror.get().is_null() && FRAME_OBJS.get().len() < FRAME_OBJS_MAX {
        FRAME_OBJS.get().push(fo);
    }
}

#[inline(never)]
fn reset_frame(fo: &ObjRef) {
    // nothing else can reach the frame now, so values dropped here (which may run
    // __del__) cannot observe it half-cleared
    let f = frame_mut(fo);
    f.fast.clear();
    f.stack.clear();
    f.cells.clear();
    f.blocks.clear();
    f.locals = None;
    f.back = None;
    f.trace = None;
    f.throw_pending = None;
    let placeholder = &types().object;
    f.code = placeholder.clone();
    f.globals = placeholder.clone();
    f.builtins = placeholder.clone();
    f.ip = 0;
    f.lasti = 0;
    f.executing = false;
    f.finished = false;
    f.last_traced_line = 0;
    f.yielded_from = false;
}

/// `__name__` of the globals of the running frame (for class `__module__`).
pub fn current_globals_name() -> Option<Value> {
    let t = thread();
    let f = t.frames.last()?;
    let g = &frame_mut(f).globals;
    crate::types::dict::obj_dict(g).get_str_key("__name__")
}

/// Run a code object in a new frame (module bodies, exec, class bodies).
pub fn run_code(code: &ObjRef, globals: &ObjRef, locals: Option<Value>) -> PyResult<Value> {
    let builtins = crate::vm::builtins_for(globals);
    let mut f = Frame::new(code.clone(), globals.clone(), builtins, locals);
    // module-level code may still have free variables when exec'd with a closure: none.
    let c = obj_code(code);
    for _ in 0..c.ncells {
        f.cells.push(crate::types::misc::new_cell(None));
    }
    let fo = new_frame_obj(f);
    match run_frame(&fo)? {
        Exit::Return(v) => Ok(v),
        Exit::Yield(_) => Err(runtime_error("yield outside of a generator")),
    }
}

/// Execute a frame: push it on the thread's frame stack, check the recursion limit.
pub fn run_frame(fo: &ObjRef) -> PyResult<Exit> {
    let t = thread();
    if t.frames.len() as u32 >= t.recursion_limit || stack_low_at(t) {
        return Err(recursion_error());
    }
    {
        let f = frame_mut(fo);
        f.back = t.frames.last().cloned();
        f.executing = true;
    }
    t.frames.push(fo.clone());
    let r = eval(fo, t);
    t.frames.pop();
    let f = frame_mut(fo);
    f.executing = false;
    r
}

/// Is the machine stack nearly exhausted? A comparison with the limit cached in the
/// thread state (computed by the OS thread that runs it, on first use).
#[inline(always)]
fn stack_low_at(t: &mut Thread) -> bool {
    let probe = 0u8;
    let sp = &probe as *const u8 as usize;
    if sp >= t.stack_limit {
        return false;
    }
    stack_low_slow(t, sp)
}

#[cold]
#[inline(never)]
fn stack_low_slow(t: &mut Thread, sp: usize) -> bool {
    if t.stack_limit == usize::MAX {
        t.stack_limit = match stacker::remaining_stack() {
            Some(n) => sp.saturating_sub(n).saturating_add(256 * 1024),
            None => 0,
        };
        return sp < t.stack_limit;
    }
    true
}

macro_rules! pop {
    ($f:expr) => {
        crate::frame::vpop(&mut $f.stack)
    };
}

/// Pop the value stack. The two words of the value are read separately: a push
/// usually writes them as two 8-byte stores, and one 16-byte load of them cannot be
/// served by store forwarding, which stalled every pop that followed a push.
#[inline(always)]
pub fn vpop(stack: &mut Vec<Value>) -> Value {
    let n = stack.len();
    if n == 0 {
        stack_underflow();
    }
    // SAFETY: n > 0, so slot n-1 holds an initialised value, which we move out (the
    // length is reduced first, so it is not dropped again). `Value` is `repr(u64)`:
    // two words, the tag first, so any two words read from a valid value rebuild it.
    unsafe {
        stack.set_len(n - 1);
        // (words as MaybeUninit: the payload word of a bool is partly padding)
        let p = stack.as_ptr().add(n - 1) as *const std::mem::MaybeUninit<u64>;
        let w0 = std::ptr::read_volatile(p);
        let w1 = std::ptr::read_volatile(p.add(1));
        std::mem::transmute::<[std::mem::MaybeUninit<u64>; 2], Value>([w0, w1])
    }
}

#[cold]
pub fn stack_underflow() -> ! {
    crate::vm::fatal("value stack underflow (bad bytecode)")
}

#[inline(always)]
fn top(f: &Frame) -> &Value {
    f.stack.last().unwrap_or_else(|| stack_underflow())
}

#[inline(always)]
fn nth(f: &Frame, i: usize) -> &Value {
    let n = f.stack.len();
    &f.stack[n - i]
}

fn name_of(f: &Frame, i: u32) -> &ObjRef {
    &f.pycode().names[i as usize]
}

fn unbound_local(f: &Frame, i: u32) -> PyErr {
    let name = &f.pycode().code.varnames[i as usize];
    PyErr::new(
        &exc().unbound_local_error,
        format!(
            "cannot access local variable '{}' where it is not associated with a value",
            name
        ),
    )
}

fn unbound_deref(f: &Frame, i: u32) -> PyErr {
    let c = &f.pycode().code;
    let i = i as usize;
    if i < c.cellvars.len() {
        PyErr::new(
            &exc().unbound_local_error,
            format!(
                "cannot access local variable '{}' where it is not associated with a value",
                c.cellvars[i]
            ),
        )
    } else {
        PyErr::new(
            &exc().name_error,
            format!(
                "cannot access free variable '{}' where it is not associated with a value in enclosing scope",
                c.freevars[i - c.cellvars.len()]
            ),
        )
    }
}

pub fn name_error_for(name: &str) -> PyErr {
    let e = PyErr::new(&exc().name_error, format!("name '{}' is not defined", name));
    let _ = crate::ops::attr::setattr(&e.value(), "name", Value::from(name));
    e
}

fn cell_get(c: &ObjRef) -> Option<Value> {
    match c.payload() {
        Payload::Cell(x) => unsafe { (*x.get()).clone() },
        _ => None,
    }
}

fn cell_set(c: &ObjRef, v: Option<Value>) {
    if let Payload::Cell(x) = c.payload() {
        let old = unsafe { std::mem::replace(&mut *x.get(), v) };
        drop(old);
    }
}

fn load_global(f: &Frame, name: &ObjRef) -> PyResult<Value> {
    if let Some(v) = crate::types::dict::obj_dict(&f.globals).get_str(name) {
        return Ok(v);
    }
    if let Some(v) = crate::types::dict::obj_dict(&f.builtins).get_str(name) {
        return Ok(v);
    }
    Err(name_error_for(crate::types::str::obj_str(name)))
}

/// `LoadGlobal` through its inline cache: while the globals (and builtins) dicts keep
/// their key sets, the remembered entry index gives the value without hashing.
#[inline(always)]
fn load_global_cached(f: &Frame, i: u32, c: &crate::types::code::InlineCache) -> PyResult<Value> {
    let g = crate::types::dict::obj_dict(&f.globals);
    if c.key.get() == g.version() {
        let hit = if c.kind.get() == 0 {
            g.value_at(c.index.get() as usize)
        } else {
            let b = crate::types::dict::obj_dict(&f.builtins);
            if c.key2.get() == b.version() {
                b.value_at(c.index.get() as usize)
            } else {
                None
            }
        };
        if let Some(v) = hit {
            return Ok(v.clone());
        }
    }
    load_global_fill(f, i, c)
}

#[inline(never)]
fn load_global_fill(f: &Frame, i: u32, c: &crate::types::code::InlineCache) -> PyResult<Value> {
    let name = name_of(f, i);
    let g = crate::types::dict::obj_dict(&f.globals);
    c.key.set(crate::types::code::InlineCache::EMPTY);
    if let Some(ix) = g.find_str(name) {
        c.key.set(g.version());
        c.kind.set(0);
        c.index.set(ix as u32);
    } else {
        let b = crate::types::dict::obj_dict(&f.builtins);
        if let Some(ix) = b.find_str(name) {
            c.key.set(g.version());
            c.key2.set(b.version());
            c.kind.set(1);
            c.index.set(ix as u32);
        }
    }
    load_global(f, name)
}

fn locals_get(locals: &Value, name: &ObjRef) -> PyResult<Option<Value>> {
    if let Some(d) = crate::types::dict::as_dict(locals) {
        if locals.class_ref().is(&types().dict) {
            return Ok(d.get_str(name));
        }
    }
    match ops::getitem(locals, &Value::Obj(name.clone())) {
        Ok(v) => Ok(Some(v)),
        Err(e) if e.matches(&exc().key_error) => Ok(None),
        Err(e) => Err(e),
    }
}

fn locals_of(f: &Frame) -> PyResult<&Value> {
    f.locals
        .as_ref()
        .ok_or_else(|| crate::errors::PyErr::new(&exc().system_error, "no locals found"))
}

/// The interpreter loop.
fn eval(fo: &ObjRef, t: &mut Thread) -> PyResult<Exit> {
    let f = frame_mut(fo);
    // Keep the code alive independently of the frame's field.
    let code_obj = f.code.clone();
    let code: &PyCode = obj_code(&code_obj);
    let instrs: &[Instr] = &code.code.instructions;
    let tracing = t.tracing();
    if tracing && f.ip == 0 {
        crate::vm::trace_event(fo, "call", Value::None)?;
    }
    // every call too (recursion without loops)
    crate::modules::thread::periodic()?;
    // an exception thrown into a resumed generator (`generator.throw`)
    let mut thrown = f.throw_pending.take();
    loop {
        let err: PyErr = 'run: loop {
            macro_rules! tri {
                ($e:expr) => {
                    match $e {
                        Ok(v) => v,
                        Err(e) => break 'run e,
                    }
                };
            }
            if let Some(e) = thrown.take() {
                break 'run e;
            }
            let e: PyErr = loop {
                let Some(&instr) = instrs.get(f.ip) else {
                    break PyErr::new(&exc().system_error, "instruction pointer out of range");
                };
                f.lasti = f.ip;
                f.ip += 1;
                if tracing {
                    tri!(crate::vm::maybe_trace_line(fo, f));
                }
                match instr {
                    Instr::Nop => {}
                    Instr::PopTop => {
                        pop!(f);
                    }
                    Instr::Copy(i) => {
                        let v = nth(f, i as usize).clone();
                        f.stack.push(v);
                    }
                    Instr::Swap(i) => {
                        let n = f.stack.len();
                        let j = n.wrapping_sub(i as usize);
                        if i == 0 || j >= n {
                            stack_underflow();
                        }
                        // word by word, for the reason given at `vpop`
                        // SAFETY: both indices are < n; `Value` is two words.
                        unsafe {
                            let p = f.stack.as_mut_ptr() as *mut std::mem::MaybeUninit<u64>;
                            let (a, b) = (p.add(2 * (n - 1)), p.add(2 * j));
                            let (a0, a1) = (
                                std::ptr::read_volatile(a),
                                std::ptr::read_volatile(a.add(1)),
                            );
                            let (b0, b1) = (
                                std::ptr::read_volatile(b),
                                std::ptr::read_volatile(b.add(1)),
                            );
                            a.write(b0);
                            a.add(1).write(b1);
                            b.write(a0);
                            b.add(1).write(a1);
                        }
                    }
                    Instr::LoadConst(i) => f.stack.push(code.consts[i as usize].clone()),
                    Instr::LoadFast(i) => match &f.fast[i as usize] {
                        Some(v) => {
                            let v = v.clone();
                            f.stack.push(v)
                        }
                        None => break 'run unbound_local(f, i),
                    },
                    Instr::StoreFast(i) => {
                        let v = pop!(f);
                        let old = std::mem::replace(&mut f.fast[i as usize], Some(v));
                        drop(old);
                    }
                    Instr::DeleteFast(i) => {
                        if f.fast[i as usize].is_none() {
                            break 'run unbound_local(f, i);
                        }
                        let old = f.fast[i as usize].take();
                        drop(old);
                    }
                    Instr::LoadDeref(i) => match cell_get(&f.cells[i as usize]) {
                        Some(v) => f.stack.push(v),
                        None => break 'run unbound_deref(f, i),
                    },
                    Instr::StoreDeref(i) => {
                        let v = pop!(f);
                        let c = f.cells[i as usize].clone();
                        cell_set(&c, Some(v));
                    }
                    Instr::DeleteDeref(i) => {
                        let c = f.cells[i as usize].clone();
                        if cell_get(&c).is_none() {
                            break 'run unbound_deref(f, i);
                        }
                        cell_set(&c, None);
                    }
                    Instr::LoadClosure(i) => {
                        let c = f.cells[i as usize].clone();
                        f.stack.push(Value::Obj(c))
                    }
                    Instr::LoadClassDeref(i) => {
                        let c = &code.code;
                        let idx = i as usize;
                        let name = if idx < c.cellvars.len() {
                            &c.cellvars[idx]
                        } else {
                            &c.freevars[idx - c.cellvars.len()]
                        };
                        let key = crate::types::str::intern(name);
                        let locals = tri!(locals_of(f)).clone();
                        match tri!(locals_get(&locals, &key)) {
                            Some(v) => f.stack.push(v),
                            None => match cell_get(&f.cells[idx]) {
                                Some(v) => f.stack.push(v),
                                None => break 'run unbound_deref(f, i),
                            },
                        }
                    }
                    Instr::LoadName(i) => {
                        let name = name_of(f, i).clone();
                        let locals = tri!(locals_of(f)).clone();
                        if let Some(v) = tri!(locals_get(&locals, &name)) {
                            f.stack.push(v);
                        } else {
                            let v = tri!(load_global(f, &name));
                            f.stack.push(v);
                        }
                    }
                    Instr::StoreName(i) => {
                        let name = name_of(f, i).clone();
                        let v = pop!(f);
                        let locals = tri!(locals_of(f)).clone();
                        if let (Some(d), true) = (
                            crate::types::dict::as_dict(&locals),
                            locals.class_ref().is(&types().dict),
                        ) {
                            let h = crate::types::str::str_hash(&name);
                            tri!(d.set_item_hashed(Value::Obj(name), h, v));
                        } else {
                            tri!(ops::setitem(&locals, Value::Obj(name), v));
                        }
                    }
                    Instr::DeleteName(i) => {
                        let name = name_of(f, i).clone();
                        let locals = tri!(locals_of(f)).clone();
                        match ops::delitem(&locals, &Value::Obj(name.clone())) {
                            Ok(()) => {}
                            Err(e) if e.matches(&exc().key_error) => {
                                break 'run name_error_for(
                                    crate::types::str::as_str(&Value::Obj(name)).unwrap_or("?"),
                                )
                            }
                            Err(e) => break 'run e,
                        }
                    }
                    Instr::LoadGlobal(i) => {
                        let v = match code.cache(f.lasti) {
                            Some(c) => tri!(load_global_cached(f, i, c)),
                            None => tri!(load_global(f, name_of(f, i))),
                        };
                        f.stack.push(v);
                    }
                    Instr::StoreGlobal(i) => {
                        let name = name_of(f, i).clone();
                        let v = pop!(f);
                        let h = crate::types::str::str_hash(&name);
                        tri!(crate::types::dict::obj_dict(&f.globals).set_item_hashed(
                            Value::Obj(name),
                            h,
                            v
                        ));
                    }
                    Instr::DeleteGlobal(i) => {
                        let name = name_of(f, i).clone();
                        match tri!(crate::types::dict::obj_dict(&f.globals)
                            .del_item(&Value::Obj(name.clone())))
                        {
                            Some(_) => {}
                            None => {
                                break 'run name_error_for(
                                    crate::types::str::as_str(&Value::Obj(name)).unwrap_or("?"),
                                )
                            }
                        }
                    }
                    Instr::LoadAttr(i) => {
                        let obj = pop!(f);
                        let name = &code.names[i as usize];
                        let v = match code.cache(f.lasti) {
                            Some(c) => tri!(ops::cache::load_attr(&obj, name, c)),
                            None => tri!(ops::attr::getattr_name(&obj, name)),
                        };
                        f.stack.push(v);
                    }
                    Instr::StoreAttr(i) => {
                        let obj = pop!(f);
                        let v = pop!(f);
                        let name = &code.names[i as usize];
                        match code.cache(f.lasti) {
                            Some(c) => tri!(ops::cache::store_attr(&obj, name, v, c)),
                            None => tri!(ops::attr::setattr_name(&obj, name, Some(v))),
                        }
                    }
                    Instr::DeleteAttr(i) => {
                        let name = name_of(f, i).clone();
                        let obj = pop!(f);
                        tri!(ops::attr::setattr_name(&obj, &name, None));
                    }
                    Instr::LoadMethod(i) => {
                        let obj = pop!(f);
                        let name = &code.names[i as usize];
                        let r = match code.cache(f.lasti) {
                            Some(c) => ops::cache::load_method(&obj, name, c),
                            None => ops::attr::load_method(&obj, name),
                        };
                        match tri!(r) {
                            (Some(meth), _) => {
                                f.stack.push(meth);
                                f.stack.push(obj);
                            }
                            (None, attr) => {
                                f.stack.push(null_marker());
                                f.stack.push(attr);
                            }
                        }
                    }
                    Instr::LoadLocals => {
                        let l = tri!(locals_of(f)).clone();
                        f.stack.push(l);
                    }
                    Instr::BinaryOp(op) => {
                        let b = pop!(f);
                        let a = pop!(f);
                        // int fast paths
                        let r = match (&a, &b, op.base()) {
                            (
                                Value::Int(x),
                                Value::Int(y),
                                pyrite_compiler::bytecode::BinOp::Add,
                            ) => match x.checked_add(*y) {
                                Some(z) => Value::Int(z),
                                None => tri!(ops::arith::binary_op(&a, &b, op)),
                            },
                            (
                                Value::Int(x),
                                Value::Int(y),
                                pyrite_compiler::bytecode::BinOp::Sub,
                            ) => match x.checked_sub(*y) {
                                Some(z) => Value::Int(z),
                                None => tri!(ops::arith::binary_op(&a, &b, op)),
                            },
                            (
                                Value::Float(x),
                                Value::Float(y),
                                pyrite_compiler::bytecode::BinOp::Add,
                            ) => Value::Float(x + y),
                            (
                                Value::Float(x),
                                Value::Float(y),
                                pyrite_compiler::bytecode::BinOp::Sub,
                            ) => Value::Float(x - y),
                            (
                                Value::Float(x),
                                Value::Float(y),
                                pyrite_compiler::bytecode::BinOp::Mul,
                            ) => Value::Float(x * y),
                            _ => tri!(ops::arith::binary_op(&a, &b, op)),
                        };
                        f.stack.push(r);
                    }
                    Instr::UnaryNegative => {
                        let a = pop!(f);
                        let r = tri!(ops::arith::neg(&a));
                        f.stack.push(r);
                    }
                    Instr::UnaryPositive => {
                        let a = pop!(f);
                        let r = tri!(ops::arith::pos(&a));
                        f.stack.push(r);
                    }
                    Instr::UnaryInvert => {
                        let a = pop!(f);
                        let r = tri!(ops::arith::invert(&a));
                        f.stack.push(r);
                    }
                    Instr::UnaryNot => {
                        let a = pop!(f);
                        let r = tri!(ops::truthy(&a));
                        f.stack.push(Value::Bool(!r));
                    }
                    Instr::CompareOp(op) => {
                        let b = pop!(f);
                        let a = pop!(f);
                        let r = match (&a, &b) {
                            (Value::Int(x), Value::Int(y)) => {
                                Value::Bool(ops::cmp_ord(x.cmp(y), op))
                            }
                            _ => tri!(ops::compare(&a, &b, op)),
                        };
                        f.stack.push(r);
                    }
                    Instr::IsOp(inv) => {
                        let b = pop!(f);
                        let a = pop!(f);
                        f.stack.push(Value::Bool(a.is(&b) != (inv != 0)));
                    }
                    Instr::ContainsOp(inv) => {
                        let b = pop!(f);
                        let a = pop!(f);
                        let r = tri!(ops::contains(&b, &a));
                        f.stack.push(Value::Bool(r != (inv != 0)));
                    }
                    Instr::BinarySubscr => {
                        let k = pop!(f);
                        let o = pop!(f);
                        // exact list/tuple with an int index in range: inline
                        let fast = match (&o, &k) {
                            (Value::Obj(ob), Value::Int(i)) => match ob.payload() {
                                Payload::List(l) if ob.class_ref().is(&types().list) => {
                                    l.get_index(*i)
                                }
                                Payload::Tuple(t) if ob.class_ref().is(&types().tuple) => {
                                    let j = if *i < 0 { *i + t.len() as i64 } else { *i };
                                    if j >= 0 && (j as usize) < t.len() {
                                        Some(t[j as usize].clone())
                                    } else {
                                        None
                                    }
                                }
                                _ => None,
                            },
                            _ => None,
                        };
                        let r = match fast {
                            Some(v) => v,
                            None => tri!(ops::getitem(&o, &k)),
                        };
                        f.stack.push(r);
                    }
                    Instr::StoreSubscr => {
                        let k = pop!(f);
                        let o = pop!(f);
                        let v = pop!(f);
                        let in_range = match (&o, &k) {
                            (Value::Obj(ob), Value::Int(i)) => match ob.payload() {
                                Payload::List(l) if ob.class_ref().is(&types().list) => {
                                    let n = l.len() as i64;
                                    let j = if *i < 0 { *i + n } else { *i };
                                    j >= 0 && j < n
                                }
                                _ => false,
                            },
                            _ => false,
                        };
                        if in_range {
                            if let (Some(Payload::List(l)), Value::Int(i)) = (o.payload(), &k) {
                                l.set_index(*i, v);
                            }
                        } else {
                            tri!(ops::setitem(&o, k, v));
                        }
                    }
                    Instr::DeleteSubscr => {
                        let k = pop!(f);
                        let o = pop!(f);
                        tri!(ops::delitem(&o, &k));
                    }
                    Instr::BuildSlice(n) => {
                        let step = if n == 3 { pop!(f) } else { Value::None };
                        let stop = pop!(f);
                        let start = pop!(f);
                        f.stack
                            .push(crate::types::misc::new_slice(start, stop, step));
                    }
                    Instr::BuildTuple(n) => {
                        let at = f.stack.len() - n as usize;
                        let items: Vec<Value> = f.stack.drain(at..).collect();
                        f.stack.push(crate::types::tuple::new_tuple(items));
                    }
                    Instr::BuildList(n) => {
                        let at = f.stack.len() - n as usize;
                        let items: Vec<Value> = f.stack.drain(at..).collect();
                        f.stack.push(crate::types::list::new_list(items));
                    }
                    Instr::BuildSet(n) => {
                        let at = f.stack.len() - n as usize;
                        let items: Vec<Value> = f.stack.drain(at..).collect();
                        let s = crate::types::set::new_set_empty();
                        for it in items {
                            tri!(crate::types::set::as_set(&s).unwrap().add(it));
                        }
                        f.stack.push(s);
                    }
                    Instr::BuildMap(n) => {
                        let at = f.stack.len() - 2 * n as usize;
                        let items: Vec<Value> = f.stack.drain(at..).collect();
                        let d = crate::types::dict::new_dict();
                        let dd = crate::types::dict::as_dict(&d).unwrap();
                        let mut it = items.into_iter();
                        while let (Some(k), Some(v)) = (it.next(), it.next()) {
                            tri!(dd.set_item(k, v));
                        }
                        f.stack.push(d);
                    }
                    Instr::BuildConstKeyMap(n) => {
                        let keys = pop!(f);
                        let at = f.stack.len() - n as usize;
                        let vals: Vec<Value> = f.stack.drain(at..).collect();
                        let d = crate::types::dict::new_dict();
                        let dd = crate::types::dict::as_dict(&d).unwrap();
                        let ks = crate::types::tuple::as_tuple(&keys).unwrap_or(&[]).to_vec();
                        for (k, v) in ks.into_iter().zip(vals) {
                            tri!(dd.set_item(k, v));
                        }
                        f.stack.push(d);
                    }
                    Instr::BuildString(n) => {
                        let at = f.stack.len() - n as usize;
                        let mut s = String::new();
                        for v in &f.stack[at..] {
                            s.push_str(crate::types::str::as_str(v).unwrap_or(""));
                        }
                        f.stack.truncate(at);
                        f.stack.push(crate::types::str::new_string(s));
                    }
                    Instr::FormatValue(flags) => {
                        let spec = if flags & format_value::HAS_SPEC != 0 {
                            Some(pop!(f))
                        } else {
                            None
                        };
                        let v = pop!(f);
                        let v = match flags & format_value::CONVERSION_MASK {
                            format_value::CONV_STR => tri!(ops::str_value(&v)),
                            format_value::CONV_REPR => Value::from(tri!(ops::repr(&v))),
                            format_value::CONV_ASCII => Value::from(tri!(ops::ascii(&v))),
                            _ => v,
                        };
                        let r = match (&v, &spec) {
                            (v, None) if v.class_ref().is(&types().str) => v.clone(),
                            _ => tri!(ops::format(&v, spec.as_ref())),
                        };
                        f.stack.push(r);
                    }
                    Instr::ListAppend(i) => {
                        let v = pop!(f);
                        let l = nth(f, i as usize);
                        crate::types::list::as_list(l).unwrap().push(v);
                    }
                    Instr::SetAdd(i) => {
                        let v = pop!(f);
                        let s = nth(f, i as usize).clone();
                        tri!(crate::types::set::as_set(&s).unwrap().add(v));
                    }
                    Instr::MapAdd(i) => {
                        let v = pop!(f);
                        let k = pop!(f);
                        let d = nth(f, i as usize).clone();
                        tri!(crate::types::dict::as_dict(&d).unwrap().set_item(k, v));
                    }
                    Instr::ListExtend(i) => {
                        let it = pop!(f);
                        let depth = (i & 0xffff) as usize;
                        let l = nth(f, depth).clone();
                        let items = match ops::iterate(&it) {
                            Ok(v) => v,
                            Err(e) => {
                                if e.matches(&exc().type_error) && !ops::is_iterable(&it) {
                                    if i & pyrite_compiler::bytecode::LIST_EXTEND_CALL != 0
                                        && f.stack.len() > depth
                                    {
                                        let callable = nth(f, depth + 1).clone();
                                        break 'run type_error(format!(
                                            "{}() argument after * must be an iterable, not {}",
                                            ops::call::function_str(&callable),
                                            it.type_name()
                                        ));
                                    }
                                    break 'run type_error(format!(
                                        "Value after * must be an iterable, not {}",
                                        it.type_name()
                                    ));
                                }
                                break 'run e;
                            }
                        };
                        crate::types::list::as_list(&l).unwrap().extend(items);
                    }
                    Instr::SetUpdate(i) => {
                        let it = pop!(f);
                        let s = nth(f, i as usize).clone();
                        for x in tri!(ops::iterate(&it)) {
                            tri!(crate::types::set::as_set(&s).unwrap().add(x));
                        }
                    }
                    Instr::DictUpdate(i) => {
                        let m = pop!(f);
                        let d = nth(f, i as usize).clone();
                        if crate::types::dict::as_dict(&m).is_none()
                            && ops::attr::lookup_special(&m, "keys").is_none()
                        {
                            break 'run type_error(format!(
                                "'{}' object is not a mapping",
                                m.type_name()
                            ));
                        }
                        tri!(crate::types::dict::update_from(
                            crate::types::dict::as_dict(&d).unwrap(),
                            &m
                        ));
                    }
                    Instr::DictMerge(i) => {
                        let m = pop!(f);
                        let d = nth(f, i as usize).clone();
                        let func = nth(f, i as usize + 2).clone();
                        tri!(dict_merge(&d, &m, &func));
                    }
                    Instr::ListToTuple => {
                        let l = pop!(f);
                        let items = crate::types::list::as_list(&l).unwrap().to_vec();
                        f.stack.push(crate::types::tuple::new_tuple(items));
                    }
                    Instr::UnpackSequence(n) => {
                        let seq = pop!(f);
                        let items = tri!(unpack(&seq, n as usize));
                        for v in items.into_iter().rev() {
                            f.stack.push(v);
                        }
                    }
                    Instr::UnpackEx(arg) => {
                        let before = (arg & 0xff) as usize;
                        let after = (arg >> 8) as usize;
                        let seq = pop!(f);
                        let items = match ops::iterate(&seq) {
                            Ok(v) => v,
                            Err(e) => {
                                if e.matches(&exc().type_error) && !ops::is_iterable(&seq) {
                                    break 'run type_error(format!(
                                        "cannot unpack non-iterable {} object",
                                        seq.type_name()
                                    ));
                                }
                                break 'run e;
                            }
                        };
                        if items.len() < before + after {
                            break 'run value_error(format!(
                                "not enough values to unpack (expected at least {}, got {})",
                                before + after,
                                items.len()
                            ));
                        }
                        let n = items.len();
                        let mut items = items;
                        let tail: Vec<Value> = items.drain(n - after..).collect();
                        let mid: Vec<Value> = items.drain(before..).collect();
                        for v in tail.into_iter().rev() {
                            f.stack.push(v);
                        }
                        f.stack.push(crate::types::list::new_list(mid));
                        for v in items.into_iter().rev() {
                            f.stack.push(v);
                        }
                    }
                    Instr::Jump(t) => {
                        // loops jump backwards: the place to notice signals and to hand
                        // the GIL to a waiting thread
                        if (t as usize) < f.ip {
                            tri!(crate::modules::thread::periodic());
                        }
                        f.ip = t as usize;
                    }
                    Instr::PopJumpIfFalse(t) => {
                        let v = pop!(f);
                        let b = match v {
                            Value::Bool(b) => b,
                            _ => tri!(ops::truthy(&v)),
                        };
                        if !b {
                            f.ip = t as usize;
                        }
                    }
                    Instr::PopJumpIfTrue(t) => {
                        let v = pop!(f);
                        let b = match v {
                            Value::Bool(b) => b,
                            _ => tri!(ops::truthy(&v)),
                        };
                        if b {
                            f.ip = t as usize;
                        }
                    }
                    Instr::JumpIfFalseOrPop(t) => {
                        let b = tri!(ops::truthy(top(f)));
                        if !b {
                            f.ip = t as usize;
                        } else {
                            pop!(f);
                        }
                    }
                    Instr::JumpIfTrueOrPop(t) => {
                        let b = tri!(ops::truthy(top(f)));
                        if b {
                            f.ip = t as usize;
                        } else {
                            pop!(f);
                        }
                    }
                    Instr::PopJumpIfNone(t) => {
                        if pop!(f).is_none() {
                            f.ip = t as usize;
                        }
                    }
                    Instr::PopJumpIfNotNone(t) => {
                        if !pop!(f).is_none() {
                            f.ip = t as usize;
                        }
                    }
                    Instr::GetIter => {
                        let o = pop!(f);
                        let it = tri!(ops::get_iter(&o));
                        f.stack.push(it);
                    }
                    Instr::ForIter(t) => {
                        let it = top(f).clone();
                        match tri!(ops::next(&it)) {
                            Some(v) => f.stack.push(v),
                            None => {
                                pop!(f);
                                f.ip = t as usize;
                            }
                        }
                    }
                    Instr::MakeFunction(flags) => {
                        let codev = pop!(f);
                        let closure = if flags & make_function::CLOSURE != 0 {
                            Some(pop!(f))
                        } else {
                            None
                        };
                        let ann = if flags & make_function::ANNOTATIONS != 0 {
                            Some(pop!(f))
                        } else {
                            None
                        };
                        let kwd = if flags & make_function::KWDEFAULTS != 0 {
                            Some(pop!(f))
                        } else {
                            None
                        };
                        let defs = if flags & make_function::DEFAULTS != 0 {
                            Some(pop!(f))
                        } else {
                            None
                        };
                        let func = crate::types::function::make_function(
                            codev,
                            &f.globals,
                            &f.builtins,
                            defs,
                            kwd,
                            ann,
                            closure,
                        );
                        f.stack.push(func);
                    }
                    Instr::CallFunction(n) => {
                        let at = f.stack.len() - n as usize;
                        if let Some(r) = try_call_simple(f, at - 1, at) {
                            // the callable is still on the stack
                            drop(pop!(f));
                            f.stack.push(tri!(r));
                            continue;
                        }
                        let r = {
                            let callable = &f.stack[at - 1];
                            let args = &f.stack[at..];
                            ops::call::call(callable, args, None)
                        };
                        f.stack.truncate(at - 1);
                        f.stack.push(tri!(r));
                    }
                    Instr::CallFunctionKw(n) => {
                        let names = pop!(f);
                        let at = f.stack.len() - n as usize;
                        let r = {
                            let callable = &f.stack[at - 1];
                            let args = &f.stack[at..];
                            let kw = crate::types::tuple::as_tuple(&names);
                            ops::call::call(callable, args, kw)
                        };
                        f.stack.truncate(at - 1);
                        f.stack.push(tri!(r));
                    }
                    Instr::CallFunctionEx(flags) => {
                        let kwargs = if flags & 1 != 0 { Some(pop!(f)) } else { None };
                        let args = pop!(f);
                        let callable = pop!(f);
                        let r = tri!(call_ex(&callable, &args, kwargs.as_ref()));
                        f.stack.push(r);
                    }
                    Instr::CallMethod(n) | Instr::CallMethodKw(n) => {
                        let names = if matches!(instr, Instr::CallMethodKw(_)) {
                            Some(pop!(f))
                        } else {
                            None
                        };
                        let at = f.stack.len() - n as usize;
                        if names.is_none() {
                            let simple = if is_null_marker(&f.stack[at - 2]) {
                                try_call_simple(f, at - 1, at)
                            } else {
                                try_call_simple(f, at - 2, at - 1)
                            };
                            if let Some(r) = simple {
                                // the callable (and the marker) are still on the stack
                                let k = f.stack.len();
                                f.stack.truncate(k.min(at - 2));
                                f.stack.push(tri!(r));
                                continue;
                            }
                        }
                        let r = {
                            let kw = names.as_ref().and_then(crate::types::tuple::as_tuple);
                            let meth = &f.stack[at - 2];
                            if is_null_marker(meth) {
                                let callable = &f.stack[at - 1];
                                ops::call::call(callable, &f.stack[at..], kw)
                            } else {
                                ops::call::call(meth, &f.stack[at - 1..], kw)
                            }
                        };
                        f.stack.truncate(at - 2);
                        f.stack.push(tri!(r));
                    }
                    Instr::ReturnValue => {
                        let v = pop!(f);
                        if !f.blocks.is_empty() {
                            // leaving handlers: restore exc_info
                            while let Some(b) = f.blocks.pop() {
                                if b.kind == BlockKind::ExceptHandler {
                                    t.exc_info = b.prev_exc;
                                }
                            }
                        }
                        f.finished = true;
                        if tracing {
                            tri!(crate::vm::trace_event(fo, "return", v.clone()));
                        }
                        return Ok(Exit::Return(v));
                    }
                    Instr::LoadBuildClass => {
                        let name = crate::types::str::intern("__build_class__");
                        match crate::types::dict::obj_dict(&f.builtins).get_str(&name) {
                            Some(v) => f.stack.push(v),
                            None => break 'run name_error_for("__build_class__"),
                        }
                    }
                    Instr::YieldValue => {
                        let v = pop!(f);
                        if tracing {
                            tri!(crate::vm::trace_event(fo, "return", v.clone()));
                        }
                        f.yielded_from = false;
                        return Ok(Exit::Yield(v));
                    }
                    Instr::YieldFrom => {
                        let v = pop!(f);
                        let recv = top(f).clone();
                        match tri!(crate::types::generator::send_into(&recv, v)) {
                            crate::types::generator::SendResult::Yielded(y) => {
                                f.ip -= 1; // re-execute on resume
                                f.yielded_from = true;
                                return Ok(Exit::Yield(y));
                            }
                            crate::types::generator::SendResult::Returned(r) => {
                                pop!(f);
                                f.stack.push(r);
                            }
                        }
                    }
                    Instr::GetYieldFromIter => {
                        let o = pop!(f);
                        let r = tri!(crate::types::generator::get_yield_from_iter(
                            &o,
                            code.code.flags
                        ));
                        f.stack.push(r);
                    }
                    Instr::GetAwaitable(w) => {
                        let o = pop!(f);
                        let r = tri!(crate::types::generator::get_awaitable(&o, w));
                        f.stack.push(r);
                    }
                    Instr::GetAiter => {
                        let o = pop!(f);
                        let r = tri!(crate::types::generator::get_aiter(&o));
                        f.stack.push(r);
                    }
                    Instr::GetAnext => {
                        let o = top(f).clone();
                        let r = tri!(crate::types::generator::get_anext(&o));
                        f.stack.push(r);
                    }
                    Instr::EndAsyncFor => {
                        let e = pop!(f);
                        if crate::types::typeobj::isinstance(&e, &exc().stop_async_iteration) {
                            pop!(f);
                            pop_except(f, t);
                        } else {
                            break 'run reraise_marker(e, t);
                        }
                    }
                    Instr::SetupFinally(h) => f.blocks.push(Block {
                        kind: BlockKind::Finally,
                        handler: h,
                        level: f.stack.len() as u32,
                        prev_exc: None,
                    }),
                    Instr::SetupWith(h) => {
                        let mgr = pop!(f);
                        let (exit, res) = tri!(crate::types::misc::enter_context(&mgr));
                        f.stack.push(exit);
                        f.blocks.push(Block {
                            kind: BlockKind::Finally,
                            handler: h,
                            level: f.stack.len() as u32,
                            prev_exc: None,
                        });
                        f.stack.push(res);
                    }
                    Instr::BeforeAsyncWith => {
                        let mgr = pop!(f);
                        let (exit, aw) = tri!(crate::types::misc::enter_async_context(&mgr));
                        f.stack.push(exit);
                        f.stack.push(aw);
                    }
                    Instr::SetupAsyncWith(h) => {
                        f.blocks.push(Block {
                            kind: BlockKind::Finally,
                            handler: h,
                            level: f.stack.len() as u32 - 1,
                            prev_exc: None,
                        });
                    }
                    Instr::WithExceptStart => {
                        let e = top(f).clone();
                        let exit = nth(f, 2).clone();
                        let ty = Value::Obj(e.class());
                        let tb = crate::types::exceptions::get_traceback(&e);
                        let r = tri!(ops::call::call(&exit, &[ty, e, tb], None));
                        f.stack.push(r);
                    }
                    Instr::PopBlock => {
                        f.blocks.pop();
                    }
                    Instr::PopExcept => pop_except(f, t),
                    Instr::Reraise => {
                        let e = pop!(f);
                        break 'run reraise_marker(e, t);
                    }
                    Instr::Raise(n) => {
                        let e = match n {
                            0 => match &t.exc_info {
                                Some(e) => {
                                    let e = e.clone();
                                    break 'run reraise_marker(e, t);
                                }
                                None => runtime_error("No active exception to reraise"),
                            },
                            1 => {
                                let e = pop!(f);
                                tri!(crate::types::exceptions::make_raisable(e, None))
                            }
                            _ => {
                                let cause = pop!(f);
                                let e = pop!(f);
                                tri!(crate::types::exceptions::make_raisable(e, Some(cause)))
                            }
                        };
                        break 'run e;
                    }
                    Instr::JumpIfNotExcMatch(target) => {
                        let ty = pop!(f);
                        let e = pop!(f);
                        let m = tri!(crate::types::exceptions::exception_matches(&e, &ty));
                        if !m {
                            f.ip = target as usize;
                        }
                    }
                    Instr::CheckEgMatch => {
                        let ty = pop!(f);
                        let e = pop!(f);
                        let (rest, matched) = tri!(crate::types::exceptions::eg_match(&e, &ty));
                        f.stack.push(rest);
                        f.stack.push(matched);
                    }
                    Instr::PrepReraiseStar => {
                        let list = pop!(f);
                        let orig = pop!(f);
                        let r = tri!(crate::types::exceptions::prep_reraise_star(&orig, &list));
                        f.stack.push(r);
                    }
                    Instr::LoadAssertionError => {
                        f.stack.push(Value::Obj(exc().assertion_error.clone()))
                    }
                    Instr::ImportName(i) => {
                        let name = name_of(f, i).clone();
                        let fromlist = pop!(f);
                        let level = pop!(f);
                        let globals = Value::Obj(f.globals.clone());
                        let locals = f.locals.clone().unwrap_or(Value::None);
                        let r = tri!(crate::import::import_name(
                            Value::Obj(name),
                            globals,
                            locals,
                            fromlist,
                            level,
                            &f.builtins
                        ));
                        f.stack.push(r);
                    }
                    Instr::ImportFrom(i) => {
                        let name = name_of(f, i).clone();
                        let m = top(f).clone();
                        let r = tri!(crate::import::import_from(&m, &name));
                        f.stack.push(r);
                    }
                    Instr::ImportStar => {
                        let m = pop!(f);
                        let locals = tri!(locals_of(f)).clone();
                        tri!(crate::import::import_star(&m, &locals));
                    }
                    Instr::GetLen => {
                        let n = tri!(ops::len(top(f)));
                        f.stack.push(Value::Int(n as i64));
                    }
                    Instr::MatchMapping => {
                        let r = crate::types::misc::is_mapping_for_match(top(f));
                        f.stack.push(Value::Bool(r));
                    }
                    Instr::MatchSequence => {
                        let r = crate::types::misc::is_sequence_for_match(top(f));
                        f.stack.push(Value::Bool(r));
                    }
                    Instr::MatchKeys => {
                        let keys = top(f).clone();
                        let subj = nth(f, 2).clone();
                        let r = tri!(crate::types::misc::match_keys(&subj, &keys));
                        f.stack.push(r);
                    }
                    Instr::MatchClass(n) => {
                        let names = pop!(f);
                        let cls = pop!(f);
                        let subj = pop!(f);
                        let r = tri!(crate::types::misc::match_class(
                            &subj, &cls, n as usize, &names
                        ));
                        f.stack.push(r);
                    }
                    Instr::CopyDictWithoutKeys => {
                        let keys = pop!(f);
                        let subj = top(f).clone();
                        let d = crate::types::dict::new_dict();
                        tri!(crate::types::dict::update_from(
                            crate::types::dict::as_dict(&d).unwrap(),
                            &subj
                        ));
                        for k in crate::types::tuple::as_tuple(&keys).unwrap_or(&[]).to_vec() {
                            tri!(crate::types::dict::as_dict(&d).unwrap().del_item(&k));
                        }
                        f.stack.push(d);
                    }
                    Instr::PrintExpr => {
                        let v = pop!(f);
                        tri!(crate::vm::display_hook(v));
                    }
                    Instr::SetupAnnotations => {
                        let locals = tri!(locals_of(f)).clone();
                        let key = Value::from("__annotations__");
                        let has = match crate::types::dict::as_dict(&locals) {
                            Some(d) => tri!(d.contains(&key)),
                            None => ops::getitem(&locals, &key).is_ok(),
                        };
                        if !has {
                            tri!(ops::setitem(&locals, key, crate::types::dict::new_dict()));
                        }
                    }
                }
            };
            break 'run e;
        };
        // ---- exception handling ----
        let (err, is_reraise) = match t.reraising.take() {
            Some(true) => (err, true),
            _ => (err, false),
        };
        if !is_reraise {
            crate::types::exceptions::set_context_from(&err, t.exc_info.as_ref());
            crate::types::exceptions::add_traceback(&err, fo, f.lasti);
            if tracing {
                let info = crate::types::tuple::new_tuple(vec![
                    Value::Obj(err.0.class()),
                    err.value(),
                    crate::types::exceptions::get_traceback(&err.value()),
                ]);
                if let Err(e2) = crate::vm::trace_event(fo, "exception", info) {
                    return Err(e2);
                }
            }
        }
        // unwind the block stack
        let mut handled = false;
        while let Some(b) = f.blocks.pop() {
            match b.kind {
                BlockKind::ExceptHandler => {
                    f.stack.truncate(b.level as usize);
                    t.exc_info = b.prev_exc;
                }
                BlockKind::Finally => {
                    f.stack.truncate(b.level as usize);
                    let prev = t.exc_info.replace(err.value());
                    f.blocks.push(Block {
                        kind: BlockKind::ExceptHandler,
                        handler: 0,
                        level: f.stack.len() as u32,
                        prev_exc: prev,
                    });
                    f.stack.push(err.value());
                    f.ip = b.handler as usize;
                    handled = true;
                    break;
                }
            }
        }
        if !handled {
            f.stack.clear();
            f.finished = true;
            if tracing {
                let _ = crate::vm::trace_event(fo, "return", Value::None);
            }
            return Err(err);
        }
    }
}

fn pop_except(f: &mut Frame, t: &mut Thread) {
    match f.blocks.pop() {
        Some(b) if b.kind == BlockKind::ExceptHandler => t.exc_info = b.prev_exc,
        Some(b) => {
            // bad bytecode: put it back and complain loudly
            f.blocks.push(b);
            crate::vm::fatal("PopExcept without an ExceptHandler block");
        }
        None => crate::vm::fatal("PopExcept with an empty block stack"),
    }
}

/// Re-raise `e` without adding a traceback entry or changing its context.
fn reraise_marker(e: Value, t: &mut Thread) -> PyErr {
    t.reraising = Some(true);
    match e {
        Value::Obj(o) if matches!(o.payload(), Payload::Exception(_)) => PyErr(o),
        other => {
            t.reraising = None;
            type_error(format!(
                "exceptions must derive from BaseException, not {}",
                other.type_name()
            ))
        }
    }
}

fn unpack(seq: &Value, n: usize) -> PyResult<Vec<Value>> {
    if let Some(items) = crate::types::tuple::as_tuple(seq) {
        if items.len() == n {
            return Ok(items.to_vec());
        }
    }
    if let Some(l) = crate::types::list::as_list(seq) {
        let items = l.to_vec();
        if items.len() == n {
            return Ok(items);
        }
    }
    let it = match ops::get_iter(seq) {
        Ok(it) => it,
        Err(e) => {
            if e.matches(&exc().type_error) && !ops::is_iterable(seq) {
                return Err(type_error(format!(
                    "cannot unpack non-iterable {} object",
                    seq.type_name()
                )));
            }
            return Err(e);
        }
    };
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        match ops::next(&it)? {
            Some(v) => out.push(v),
            None => {
                return Err(value_error(format!(
                    "not enough values to unpack (expected {}, got {})",
                    n,
                    out.len()
                )))
            }
        }
    }
    if ops::next(&it)?.is_some() {
        return Err(value_error(format!(
            "too many values to unpack (expected {})",
            n
        )));
    }
    Ok(out)
}

fn dict_merge(d: &Value, m: &Value, func: &Value) -> PyResult<()> {
    let dd = crate::types::dict::as_dict(d).unwrap();
    let fname = || ops::call::callable_name(func);
    let pairs: Vec<(Value, Value)> = if let Some(md) = crate::types::dict::as_dict(m) {
        md.items()
    } else if ops::attr::lookup_special(m, "keys").is_some() {
        let keys = ops::attr::call_method(m, "keys", &[])?;
        let mut v = Vec::new();
        for k in ops::iterate(&keys)? {
            let val = ops::getitem(m, &k)?;
            v.push((k, val));
        }
        v
    } else {
        return Err(type_error(format!(
            "{} argument after ** must be a mapping, not {}",
            fname(),
            m.type_name()
        )));
    };
    for (k, v) in pairs {
        if crate::types::str::as_str(&k).is_none() {
            return Err(type_error("keywords must be strings"));
        }
        if dd.contains(&k)? {
            return Err(type_error(format!(
                "{} got multiple values for keyword argument '{}'",
                fname(),
                crate::types::str::as_str(&k).unwrap()
            )));
        }
        dd.set_item(k, v)?;
    }
    Ok(())
}

/// `f(*args, **kwargs)`.
pub fn call_ex(callable: &Value, args: &Value, kwargs: Option<&Value>) -> PyResult<Value> {
    let mut argv: Vec<Value> = match crate::types::tuple::as_tuple(args) {
        Some(t) => t.to_vec(),
        None => match ops::iterate(args) {
            Ok(v) => v,
            Err(e) => {
                if e.matches(&exc().type_error) && !ops::is_iterable(args) {
                    return Err(type_error(format!(
                        "{} argument after * must be an iterable, not {}",
                        ops::call::callable_name(callable),
                        args.type_name()
                    )));
                }
                return Err(e);
            }
        },
    };
    match kwargs {
        Some(kw) => {
            let d = crate::types::dict::as_dict(kw)
                .ok_or_else(|| type_error("kwargs must be a dict"))?;
            if d.is_empty() {
                return ops::call::call(callable, &argv, None);
            }
            let mut names = Vec::new();
            for (k, v) in d.items() {
                if crate::types::str::as_str(&k).is_none() {
                    return Err(type_error(format!(
                        "{} keywords must be strings",
                        ops::call::callable_name(callable)
                    )));
                }
                names.push(k);
                argv.push(v);
            }
            ops::call::call(callable, &argv, Some(&names))
        }
        None => ops::call::call(callable, &argv, None),
    }
}

/// `frame.f_locals`: a dict snapshot for optimized frames, the mapping otherwise.
pub fn frame_locals(fo: &ObjRef) -> PyResult<Value> {
    let f = frame_mut(fo);
    if let Some(l) = &f.locals {
        return Ok(l.clone());
    }
    let d = crate::types::dict::new_dict();
    let dd = crate::types::dict::as_dict(&d).unwrap();
    let code = f.pycode();
    for (i, name) in code.varnames.iter().enumerate() {
        if code
            .code
            .cellvars
            .iter()
            .any(|c| **c == *crate::types::str::obj_str(name))
        {
            continue;
        }
        if let Some(Some(v)) = f.fast.get(i) {
            dd.set_item(Value::Obj(name.clone()), v.clone())?;
        }
    }
    let cnames: Vec<&std::sync::Arc<str>> = code
        .code
        .cellvars
        .iter()
        .chain(code.code.freevars.iter())
        .collect();
    for (i, n) in cnames.into_iter().enumerate() {
        if let Some(c) = f.cells.get(i) {
            if let Some(v) = cell_get(c) {
                dd.set_str(n, v);
            }
        }
    }
    Ok(d)
}
