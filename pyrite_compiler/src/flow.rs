//! Control-flow analysis over assembled instructions: stack effects and the maximum
//! stack depth.

use crate::bytecode::{format_value, Instr};

/// How an instruction changes the stack depth: `(fallthrough, jump)`; `None` when that
/// path does not exist (`jump` is `None` for non-jumps; `fallthrough` is `None` for
/// instructions that never fall through).
pub fn stack_effect(i: &Instr) -> (Option<i32>, Option<i32>) {
    use Instr::*;
    let n = |x: u32| x as i32;
    let simple = |d: i32| (Some(d), None);
    match *i {
        Nop => simple(0),
        PopTop => simple(-1),
        Copy(_) => simple(1),
        Swap(_) => simple(0),
        LoadConst(_) | LoadFast(_) | LoadDeref(_) | LoadClosure(_) | LoadClassDeref(_)
        | LoadName(_) | LoadGlobal(_) | LoadLocals => simple(1),
        StoreFast(_) | StoreDeref(_) | StoreName(_) | StoreGlobal(_) => simple(-1),
        DeleteFast(_) | DeleteDeref(_) | DeleteName(_) | DeleteGlobal(_) => simple(0),
        LoadAttr(_) => simple(0),
        StoreAttr(_) => simple(-2),
        DeleteAttr(_) => simple(-1),
        LoadMethod(_) => simple(1),
        BinaryOp(_) => simple(-1),
        UnaryNegative | UnaryPositive | UnaryNot | UnaryInvert => simple(0),
        CompareOp(_) | IsOp(_) | ContainsOp(_) => simple(-1),
        BinarySubscr => simple(-1),
        StoreSubscr => simple(-3),
        DeleteSubscr => simple(-2),
        BuildSlice(k) => simple(1 - n(k)),
        BuildTuple(k) | BuildList(k) | BuildSet(k) | BuildString(k) => simple(1 - n(k)),
        BuildMap(k) => simple(1 - 2 * n(k)),
        BuildConstKeyMap(k) => simple(-n(k)),
        FormatValue(f) => simple(if f & format_value::HAS_SPEC != 0 { -1 } else { 0 }),
        ListAppend(_) | SetAdd(_) | ListExtend(_) | SetUpdate(_) | DictUpdate(_) | DictMerge(_) => {
            simple(-1)
        }
        MapAdd(_) => simple(-2),
        ListToTuple => simple(0),
        UnpackSequence(k) => simple(n(k) - 1),
        UnpackEx(k) => simple(n(k & 0xff) + n(k >> 8)),
        Jump(_) => (None, Some(0)),
        PopJumpIfFalse(_) | PopJumpIfTrue(_) | PopJumpIfNone(_) | PopJumpIfNotNone(_) => {
            (Some(-1), Some(-1))
        }
        JumpIfFalseOrPop(_) | JumpIfTrueOrPop(_) => (Some(-1), Some(0)),
        GetIter => simple(0),
        ForIter(_) => (Some(1), Some(-1)),
        MakeFunction(f) => simple(-((f & 0xf).count_ones() as i32)),
        CallFunction(k) => simple(-n(k)),
        CallFunctionKw(k) => simple(-n(k) - 1),
        CallFunctionEx(k) => simple(if k & 1 != 0 { -2 } else { -1 }),
        CallMethod(k) => simple(-n(k) - 1),
        CallMethodKw(k) => simple(-n(k) - 2),
        ReturnValue => (None, None),
        LoadBuildClass => simple(1),
        YieldValue => simple(0),
        YieldFrom => simple(-1),
        GetYieldFromIter | GetAwaitable(_) | GetAiter => simple(0),
        GetAnext => simple(1),
        EndAsyncFor => simple(-2),
        // Handler entry: the level (current depth) plus the exception.
        SetupFinally(_) => (Some(0), Some(1)),
        // [mgr] -> [exit, res]; handler: [exit, exc].
        SetupWith(_) => (Some(1), Some(1)),
        BeforeAsyncWith => simple(1),
        // [exit, res]; handler: [exit, exc].
        SetupAsyncWith(_) => (Some(0), Some(0)),
        WithExceptStart => simple(1),
        PopBlock | PopExcept => simple(0),
        Reraise => (None, None),
        Raise(_) => (None, None),
        JumpIfNotExcMatch(_) => (Some(-2), Some(-2)),
        CheckEgMatch => simple(0),
        PrepReraiseStar => simple(-1),
        LoadAssertionError => simple(1),
        ImportName(_) => simple(-1),
        ImportFrom(_) => simple(1),
        ImportStar => simple(-1),
        GetLen | MatchMapping | MatchSequence | MatchKeys => simple(1),
        MatchClass(_) => simple(-2),
        CopyDictWithoutKeys => simple(0),
        PrintExpr => simple(-1),
        SetupAnnotations => simple(0),
    }
}

pub fn jump_target(i: &Instr) -> Option<u32> {
    use Instr::*;
    match *i {
        Jump(t) | PopJumpIfFalse(t) | PopJumpIfTrue(t) | JumpIfFalseOrPop(t)
        | JumpIfTrueOrPop(t) | PopJumpIfNone(t) | PopJumpIfNotNone(t) | ForIter(t)
        | SetupFinally(t) | SetupWith(t) | SetupAsyncWith(t) | JumpIfNotExcMatch(t) => Some(t),
        _ => None,
    }
}

/// Maximum stack depth reached on any path from the entry.
pub fn max_stack_depth(code: &[Instr]) -> u32 {
    if code.is_empty() {
        return 0;
    }
    let mut depth: Vec<i32> = vec![-1; code.len() + 1];
    let mut work: Vec<usize> = vec![0];
    depth[0] = 0;
    let mut max = 0i32;
    // Guard against inconsistent code (a bug elsewhere) making the analysis diverge.
    let mut budget: u64 = 64 * (code.len() as u64 + 16);
    while let Some(start) = work.pop() {
        let mut pc = start;
        let mut d = depth[pc];
        loop {
            if pc >= code.len() || budget == 0 {
                break;
            }
            budget -= 1;
            let ins = &code[pc];
            let (fall, jump) = stack_effect(ins);
            if let (Some(j), Some(t)) = (jump, jump_target(ins)) {
                let td = d + j;
                max = max.max(td);
                let t = t as usize;
                if t < depth.len() && depth[t] < td {
                    depth[t] = td;
                    work.push(t);
                }
            }
            match fall {
                Some(f) => {
                    d += f;
                    max = max.max(d);
                    pc += 1;
                    if pc >= depth.len() {
                        break;
                    }
                    if depth[pc] >= d {
                        break;
                    }
                    depth[pc] = d;
                }
                None => break,
            }
        }
    }
    max.max(0) as u32
}
