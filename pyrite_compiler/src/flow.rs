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
        FormatValue(f) => simple(if f & format_value::HAS_SPEC != 0 {
            -1
        } else {
            0
        }),
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

#[derive(Clone, Debug, PartialEq, Eq)]
enum Block {
    Try { level: i32 },
    Handler { level: i32 },
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct State {
    depth: i32,
    blocks: Vec<Block>,
}

/// Check the structural invariants of assembled code: every instruction is reached with
/// one stack depth and one block stack, the stack never underflows, blocks are popped by
/// the right instructions, `PopExcept` runs at its handler's level (plus at most one
/// preserved return value), and `ReturnValue` runs with no block open.
pub fn verify(code: &[Instr]) -> Result<(), String> {
    if code.is_empty() {
        return Err("empty code".into());
    }
    let mut states: Vec<Option<State>> = vec![None; code.len()];
    let mut work: Vec<usize> = Vec::new();
    states[0] = Some(State {
        depth: 0,
        blocks: Vec::new(),
    });
    work.push(0);
    let merge = |states: &mut Vec<Option<State>>,
                 work: &mut Vec<usize>,
                 at: usize,
                 s: State,
                 from: usize|
     -> Result<(), String> {
        if at >= code.len() {
            return Err(format!("instruction {from} falls off the end"));
        }
        match &states[at] {
            None => {
                states[at] = Some(s);
                work.push(at);
                Ok(())
            }
            Some(old) if *old == s => Ok(()),
            Some(old) => Err(format!(
                "inconsistent state at {at} (from {from}): {old:?} vs {s:?}"
            )),
        }
    };
    while let Some(pc) = work.pop() {
        let st = states[pc].clone().expect("state");
        let ins = code[pc];
        let (fall, jump) = stack_effect(&ins);
        let mut next = st.clone();
        let mut jump_state: Option<State> = None;
        use Instr::*;
        match ins {
            SetupFinally(_) => {
                let mut h = st.clone();
                h.depth += 1;
                h.blocks.push(Block::Handler { level: st.depth });
                jump_state = Some(h);
                next.blocks.push(Block::Try { level: st.depth });
            }
            SetupWith(_) => {
                let level = st.depth;
                let mut h = st.clone();
                h.depth = level + 1;
                h.blocks.push(Block::Handler { level });
                jump_state = Some(h);
                next.blocks.push(Block::Try { level });
            }
            SetupAsyncWith(_) => {
                let level = st.depth - 1;
                let mut h = st.clone();
                h.depth = level + 1;
                h.blocks.push(Block::Handler { level });
                jump_state = Some(h);
                next.blocks.push(Block::Try { level });
            }
            PopBlock => match next.blocks.pop() {
                Some(Block::Try { .. }) => {}
                other => return Err(format!("PopBlock at {pc} pops {other:?}")),
            },
            PopExcept => match next.blocks.pop() {
                Some(Block::Handler { level }) => {
                    if st.depth != level && st.depth != level + 1 {
                        return Err(format!(
                            "PopExcept at {pc} with depth {} but handler level {level}",
                            st.depth
                        ));
                    }
                }
                other => return Err(format!("PopExcept at {pc} pops {other:?}")),
            },
            EndAsyncFor => match next.blocks.pop() {
                Some(Block::Handler { level }) => {
                    if st.depth != level + 1 {
                        return Err(format!(
                            "EndAsyncFor at {pc}: depth {} level {level}",
                            st.depth
                        ));
                    }
                }
                other => return Err(format!("EndAsyncFor at {pc} pops {other:?}")),
            },
            ReturnValue => {
                if !st.blocks.is_empty() {
                    return Err(format!(
                        "ReturnValue at {pc} with open blocks {:?}",
                        st.blocks
                    ));
                }
                if st.depth != 1 {
                    return Err(format!("ReturnValue at {pc} with stack depth {}", st.depth));
                }
            }
            _ => {}
        }
        if let (Some(j), Some(t)) = (jump, jump_target(&ins)) {
            let mut js = jump_state.unwrap_or_else(|| st.clone());
            if !matches!(ins, SetupFinally(_) | SetupWith(_) | SetupAsyncWith(_)) {
                js.depth = st.depth + j;
            }
            if js.depth < 0 {
                return Err(format!("stack underflow jumping from {pc}"));
            }
            merge(&mut states, &mut work, t as usize, js, pc)?;
        }
        if let Some(f) = fall {
            next.depth = st.depth + f;
            if next.depth < 0 {
                return Err(format!("stack underflow at {pc} ({ins:?})"));
            }
            // Instructions that consume operands need them present.
            merge(&mut states, &mut work, pc + 1, next, pc)?;
        }
    }
    Ok(())
}
