//! Pyrite's bytecode: the contract between the compiler and the VM.
//!
//! A stack machine close to CPython 3.10's design (block stack for exception
//! handling, `SETUP_FINALLY`/`POP_BLOCK`), with 3.11's `BinaryOp`/`Copy`/`Swap`.
//! Every instruction is one `Instr` value (8 bytes); jump targets are absolute
//! instruction indices into `CodeObject::instructions`.
//!
//! Stack notation: `[a, b] -> [c]` means the instruction pops `b` (TOS) then `a`
//! and pushes `c`. "ExceptHandler block" is explained at [`Instr::SetupFinally`].
//!
//! Architecture Invariant: changing the meaning or the order of any variant
//! changes the serialized format: bump `crate::code::MAGIC` (and CHANGELOG.md).

/// Binary operators for [`Instr::BinaryOp`]; `Inplace*` are the augmented forms.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    MatMul,
    TrueDiv,
    FloorDiv,
    Mod,
    Pow,
    LShift,
    RShift,
    And,
    Or,
    Xor,
    InplaceAdd,
    InplaceSub,
    InplaceMul,
    InplaceMatMul,
    InplaceTrueDiv,
    InplaceFloorDiv,
    InplaceMod,
    InplacePow,
    InplaceLShift,
    InplaceRShift,
    InplaceAnd,
    InplaceOr,
    InplaceXor,
}

/// Rich comparison operators for [`Instr::CompareOp`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum CmpOp {
    Lt,
    Le,
    Eq,
    Ne,
    Gt,
    Ge,
}

/// `MakeFunction` flag bits.
pub mod make_function {
    /// A tuple of positional defaults is on the stack.
    pub const DEFAULTS: u32 = 0x01;
    /// A dict of keyword-only defaults is on the stack.
    pub const KWDEFAULTS: u32 = 0x02;
    /// A dict of annotations (`{"x": int, "return": str}`) is on the stack.
    pub const ANNOTATIONS: u32 = 0x04;
    /// A tuple of cell objects (the closure) is on the stack.
    pub const CLOSURE: u32 = 0x08;
}

/// `FormatValue` flag bits.
pub mod format_value {
    /// Mask for the conversion: 0 none, 1 `!s`, 2 `!r`, 3 `!a`.
    pub const CONVERSION_MASK: u32 = 0x03;
    pub const CONV_STR: u32 = 1;
    pub const CONV_REPR: u32 = 2;
    pub const CONV_ASCII: u32 = 3;
    /// A format spec (a str) is on the stack above the value.
    pub const HAS_SPEC: u32 = 0x04;
}

/// Flag in `ListExtend`'s operand: the list holds a call's positional arguments.
pub const LIST_EXTEND_CALL: u32 = 1 << 16;

/// One instruction. Operands are `u32`: an index into one of the code object's
/// tables, a count, flags, or an absolute jump target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Instr {
    // ---- stack manipulation ----
    /// Does nothing (placeholder for line-number events).
    Nop,
    /// `[a] -> []`
    PopTop,
    /// Push a copy of the i-th item from the top (1-based): `Copy(1)` duplicates TOS.
    Copy(u32),
    /// Swap TOS with the i-th item from the top (1-based, i >= 2).
    Swap(u32),

    // ---- constants and variables ----
    /// Push `consts[i]`.
    LoadConst(u32),
    /// Push fast local `varnames[i]`; raises `UnboundLocalError`
    /// ("cannot access local variable 'x' where it is not associated with a value") if unset.
    LoadFast(u32),
    /// `[v] -> []`, store into fast local i.
    StoreFast(u32),
    /// Unset fast local i (`UnboundLocalError` if unset).
    DeleteFast(u32),
    /// Push the contents of cell i. Cells are numbered `cellvars` first, then `freevars`.
    /// Raises `UnboundLocalError` (cellvar) or `NameError` "cannot access free variable 'x'
    /// where it is not associated with a value in enclosing scope" (freevar) if empty.
    LoadDeref(u32),
    /// `[v] -> []`, store into cell i.
    StoreDeref(u32),
    /// Empty cell i.
    DeleteDeref(u32),
    /// Push the cell object i itself (to build a closure tuple).
    LoadClosure(u32),
    /// Class bodies only: look `freevars`-cell i's *name* up in the class namespace
    /// first, then fall back to the cell's contents.
    LoadClassDeref(u32),
    /// Push `names[i]` looked up in locals, then globals, then builtins (`NameError`).
    LoadName(u32),
    /// `[v] -> []`, `locals[names[i]] = v`.
    StoreName(u32),
    DeleteName(u32),
    /// Push `names[i]` from globals, then builtins (`NameError` "name 'x' is not defined").
    LoadGlobal(u32),
    StoreGlobal(u32),
    DeleteGlobal(u32),
    /// `[obj] -> [obj.names[i]]`
    LoadAttr(u32),
    /// `[v, obj] -> []`, `obj.names[i] = v`.
    StoreAttr(u32),
    /// `[obj] -> []`
    DeleteAttr(u32),
    /// `[obj] -> [meth, self]` or `[NULL, bound]`: a method lookup that avoids creating a
    /// bound method. Always followed (after the arguments) by `CallMethod`/`CallMethodKw`.
    LoadMethod(u32),
    /// Push the locals mapping of the current frame (class bodies, `locals()` fallback).
    LoadLocals,

    // ---- operators ----
    /// `[a, b] -> [a op b]`
    BinaryOp(BinOp),
    /// `[a] -> [-a]`
    UnaryNegative,
    UnaryPositive,
    /// `[a] -> [not a]` (a bool).
    UnaryNot,
    UnaryInvert,
    /// `[a, b] -> [a op b]`
    CompareOp(CmpOp),
    /// `[a, b] -> [a is b]`; operand 1 means `is not`.
    IsOp(u32),
    /// `[a, b] -> [a in b]`; operand 1 means `not in`.
    ContainsOp(u32),
    /// `[obj, key] -> [obj[key]]`
    BinarySubscr,
    /// `[v, obj, key] -> []`, `obj[key] = v`.
    StoreSubscr,
    /// `[obj, key] -> []`
    DeleteSubscr,
    /// `[start, stop] -> [slice]` (operand 2) or `[start, stop, step] -> [slice]` (3).
    BuildSlice(u32),

    // ---- building containers ----
    /// `[x1..xn] -> [(x1..xn)]`
    BuildTuple(u32),
    BuildList(u32),
    BuildSet(u32),
    /// `[k1, v1, .. kn, vn] -> [{k1: v1, ..}]`
    BuildMap(u32),
    /// `[v1..vn, keys_tuple] -> [dict]`
    BuildConstKeyMap(u32),
    /// `[s1..sn] -> [s1 + .. + sn]` (all str; f-strings).
    BuildString(u32),
    /// `[v] -> [format(conv(v))]` or `[v, spec] -> [format(conv(v), spec)]`; see [`format_value`].
    FormatValue(u32),
    /// `[.., list, .., v] -> [.., list, ..]`: append TOS to the list at depth i
    /// (counted after popping v; i = 1 means the new TOS). Comprehensions.
    ListAppend(u32),
    SetAdd(u32),
    /// `[.., dict, .., k, v] -> [.., dict, ..]`: `dict[k] = v`, dict at depth i after popping both.
    MapAdd(u32),
    /// `[.., list, .., iterable] -> [.., list, ..]`: `list.extend(iterable)` (star-unpacking),
    /// list at depth `i & 0xffff` after popping. With [`LIST_EXTEND_CALL`] set, the list
    /// is the positional arguments of a call whose callable lies just below it (for
    /// CPython's `f() argument after * must be an iterable` message).
    ListExtend(u32),
    SetUpdate(u32),
    /// `[.., dict, .., mapping] -> [.., dict, ..]`: `dict.update(mapping)` (`{**m}`);
    /// `TypeError: 'X' object is not a mapping` if it has no `keys`.
    DictUpdate(u32),
    /// Like `DictUpdate` but for `f(**m)`: duplicate keys raise `TypeError`
    /// "f() got multiple values for keyword argument 'k'" (the callable is 2 below the dict).
    DictMerge(u32),
    /// `[list] -> [tuple]`
    ListToTuple,
    /// `[seq] -> [xn .. x1]`: unpack exactly n items, the first ends on top.
    UnpackSequence(u32),
    /// `a, *b, c = seq`: operand = `before | (after << 8)`; pushes `after` items, the starred
    /// list, then `before` items, the first ending on top.
    UnpackEx(u32),

    // ---- control flow ----
    Jump(u32),
    /// `[v] -> []`, jump if `v` is false.
    PopJumpIfFalse(u32),
    PopJumpIfTrue(u32),
    /// If TOS is false jump and keep it, else pop it (`and`).
    JumpIfFalseOrPop(u32),
    /// If TOS is true jump and keep it, else pop it (`or`).
    JumpIfTrueOrPop(u32),
    /// `[v] -> []`, jump if `v is None` (operand target).
    PopJumpIfNone(u32),
    PopJumpIfNotNone(u32),
    /// `[obj] -> [iter(obj)]`
    GetIter,
    /// `[it] -> [it, next(it)]`, or when exhausted: `[it] -> []` and jump.
    ForIter(u32),

    // ---- functions and calls ----
    /// `[.., code, qualname?]`: see [`make_function`]. Pops (from the top) the code object
    /// (a `LoadConst` of a code constant), then if set: closure, annotations, kwdefaults,
    /// defaults; pushes the function. The qualname comes from the code object.
    MakeFunction(u32),
    /// `[f, a1..an] -> [f(a1..an)]`
    CallFunction(u32),
    /// `[f, a1..an, names] -> [result]`: `names` is a tuple of str (a constant) naming the
    /// last `len(names)` of the n arguments as keywords.
    CallFunctionKw(u32),
    /// `[f, args_tuple] -> [f(*args)]` (operand 0) or
    /// `[f, args_tuple, kwargs_dict] -> [f(*args, **kwargs)]` (operand 1).
    CallFunctionEx(u32),
    /// `[meth_or_null, self_or_callable, a1..an] -> [result]` after `LoadMethod`.
    CallMethod(u32),
    /// `[meth_or_null, self_or_callable, a1..an, names] -> [result]`.
    CallMethodKw(u32),
    /// `[v] -> (return v)`
    ReturnValue,
    /// Push the `__build_class__` builtin.
    LoadBuildClass,

    // ---- generators and coroutines ----
    /// `[v] -> [sent]`: suspend, yielding v; resumes with the value sent in.
    YieldValue,
    /// `[receiver, v] -> [result]`: send v into receiver (`send`, or `next` when v is None
    /// and receiver has no `send`); while it yields, this frame yields the same value and
    /// re-executes `YieldFrom` on resume with the sent value as the new TOS. When it
    /// returns (StopIteration), pops both and pushes the return value.
    YieldFrom,
    /// `[obj] -> [iter]`: `iter(obj)` unless obj is a generator or (in a coroutine) a coroutine.
    GetYieldFromIter,
    /// `[obj] -> [awaitable_iter]`: `obj.__await__()` (coroutines pass through);
    /// operand: 0 plain `await`, 1 after `__aenter__`, 2 after `__aexit__` (error messages).
    GetAwaitable(u32),
    /// `[obj] -> [obj.__aiter__()]`
    GetAiter,
    /// `[aiter] -> [aiter, awaitable(aiter.__anext__())]`
    GetAnext,
    /// `[aiter, exc] -> []`: end of an `async for`, reached as an exception handler. If exc is
    /// `StopAsyncIteration`, pops both and leaves the ExceptHandler block (like `PopExcept`);
    /// otherwise re-raises exc.
    EndAsyncFor,

    // ---- exceptions and blocks ----
    /// Push a try block: `{handler: target, level: stack depth now}`. When an exception E
    /// propagates while it is the innermost block: the block is popped, the value stack is
    /// cut to `level`, an *ExceptHandler block* `{level: stack depth, previous exc_info}`
    /// is pushed, exc_info (what `sys.exc_info()` sees) becomes E, E is pushed, and
    /// execution continues at `handler`. Unwinding through an ExceptHandler block (an
    /// exception raised inside a handler) cuts the stack to its level and restores exc_info.
    SetupFinally(u32),
    /// `[mgr] -> [exit_bound, enter_result]`: looks up `__enter__`/`__exit__` on
    /// type(mgr) (`TypeError` "'X' object does not support the context manager protocol"),
    /// pushes the bound `__exit__`, calls `__enter__`, then pushes a try block (as
    /// `SetupFinally(target)`) whose level includes `exit_bound`, then pushes the result.
    SetupWith(u32),
    /// `[mgr] -> [exit_bound, awaitable]`: async form; the awaitable is `__aenter__()`.
    BeforeAsyncWith,
    /// `[exit_bound, enter_result] -> [exit_bound, enter_result]`: pushes a try block whose
    /// level excludes `enter_result` (async `with`, after awaiting `__aenter__`).
    SetupAsyncWith(u32),
    /// `[exit_bound, exc] -> [exit_bound, exc, res]`: `res = exit_bound(type(exc), exc, tb)`.
    WithExceptStart,
    /// Pop the innermost (try) block.
    PopBlock,
    /// Pop the innermost ExceptHandler block and restore exc_info from it. The value stack
    /// must already be back at the block's level.
    PopExcept,
    /// `[exc] -> (raise exc)` re-raise keeping its traceback (end of `finally`, no match).
    Reraise,
    /// `raise` (0: re-raise exc_info, `RuntimeError: No active exception to reraise`),
    /// `raise exc` (1), `raise exc from cause` (2: `[exc, cause]`).
    Raise(u32),
    /// `[exc, type] -> []`: jump to target unless `isinstance(exc, type)`
    /// (type may be a tuple; non-class types raise `TypeError` "catching classes that do
    /// not inherit from BaseException is not allowed").
    JumpIfNotExcMatch(u32),
    /// `except*`: `[exc, type] -> [rest, match]`: split the exception (group) by type;
    /// `match` is None when nothing matched (then `rest` is exc itself).
    CheckEgMatch,
    /// `except*` end: `[orig, raised_list] -> [exc_or_none]`: combine the exceptions raised
    /// or re-raised by the handlers with what was left unhandled (3.11 semantics).
    PrepReraiseStar,
    /// Push `AssertionError` (the class).
    LoadAssertionError,

    // ---- imports ----
    /// `[level, fromlist] -> [module]`: `__import__(names[i], globals, None, fromlist, level)`.
    ImportName(u32),
    /// `[module] -> [module, attr]`: `from module import names[i]` (falls back to
    /// `sys.modules[f"{module.__name__}.{name}"]`; `ImportError` "cannot import name ..").
    ImportFrom(u32),
    /// `[module] -> []`: `from module import *` into the current locals.
    ImportStar,

    // ---- pattern matching (3.11 semantics) ----
    /// `[subject] -> [subject, len(subject)]`
    GetLen,
    /// `[subject] -> [subject, bool]`: is it a mapping (collections.abc.Mapping)?
    MatchMapping,
    /// `[subject] -> [subject, bool]`: is it a sequence (not str/bytes/bytearray)?
    MatchSequence,
    /// `[subject, keys] -> [subject, keys, values_tuple_or_None]`
    MatchKeys,
    /// `[subject, cls, names_tuple] -> [attrs_tuple_or_None]`: operand = number of
    /// positional sub-patterns (`__match_args__`).
    MatchClass(u32),
    /// `[subject, keys] -> [subject, rest_dict]`: copy of subject without those keys.
    CopyDictWithoutKeys,

    // ---- misc ----
    /// Interactive mode: `[v] -> []`, call `sys.displayhook(v)`.
    PrintExpr,
    /// Create `__annotations__` in the locals if missing (module and class bodies).
    SetupAnnotations,
}

impl BinOp {
    /// The operator as written in source (`+`, `+=`, ...), for error messages.
    pub fn symbol(self) -> &'static str {
        use BinOp::*;
        match self {
            Add => "+",
            Sub => "-",
            Mul => "*",
            MatMul => "@",
            TrueDiv => "/",
            FloorDiv => "//",
            Mod => "%",
            Pow => "** or pow()",
            LShift => "<<",
            RShift => ">>",
            And => "&",
            Or => "|",
            Xor => "^",
            InplaceAdd => "+=",
            InplaceSub => "-=",
            InplaceMul => "*=",
            InplaceMatMul => "@=",
            InplaceTrueDiv => "/=",
            InplaceFloorDiv => "//=",
            InplaceMod => "%=",
            InplacePow => "**=",
            InplaceLShift => "<<=",
            InplaceRShift => ">>=",
            InplaceAnd => "&=",
            InplaceOr => "|=",
            InplaceXor => "^=",
        }
    }

    /// The non-inplace operator for an inplace one (identity otherwise).
    pub fn base(self) -> BinOp {
        use BinOp::*;
        match self {
            InplaceAdd => Add,
            InplaceSub => Sub,
            InplaceMul => Mul,
            InplaceMatMul => MatMul,
            InplaceTrueDiv => TrueDiv,
            InplaceFloorDiv => FloorDiv,
            InplaceMod => Mod,
            InplacePow => Pow,
            InplaceLShift => LShift,
            InplaceRShift => RShift,
            InplaceAnd => And,
            InplaceOr => Or,
            InplaceXor => Xor,
            other => other,
        }
    }

    pub fn is_inplace(self) -> bool {
        self.base() != self
    }
}

impl CmpOp {
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }
    /// The operator with operands swapped (`a < b` == `b > a`).
    pub fn swapped(self) -> CmpOp {
        match self {
            CmpOp::Lt => CmpOp::Gt,
            CmpOp::Le => CmpOp::Ge,
            CmpOp::Eq => CmpOp::Eq,
            CmpOp::Ne => CmpOp::Ne,
            CmpOp::Gt => CmpOp::Lt,
            CmpOp::Ge => CmpOp::Le,
        }
    }
}

const _: () = assert!(std::mem::size_of::<Instr>() == 8);
