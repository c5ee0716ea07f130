//! Scope decisions: which names become fast/deref/global/name operations, cells and free
//! variables, qualnames, flags and constants.

use pyrite_compiler::bytecode::Instr;
use pyrite_compiler::code::{flags, CodeObject, Constant};
use pyrite_compiler::{compile, disassemble, CompileOptions, Mode};
use std::sync::Arc;

fn module(src: &str) -> CodeObject {
    match compile(src, "<test>", Mode::Exec, &CompileOptions::default()) {
        Ok(c) => {
            check_all(&c);
            c
        }
        Err(e) => panic!("compile failed: {e:?}\n{src}"),
    }
}

fn check_all(c: &CodeObject) {
    if let Err(e) = pyrite_compiler::flow::verify(&c.instructions) {
        panic!("bad bytecode in {}: {e}\n{}", c.qualname, disassemble(c));
    }
    assert_eq!(c.instructions.len(), c.locations.len());
    for k in &c.consts {
        if let Constant::Code(inner) = k {
            check_all(inner);
        }
    }
}

/// Find a code object by qualname (searching nested constants).
fn find<'a>(c: &'a CodeObject, qualname: &str) -> &'a CodeObject {
    fn go<'a>(c: &'a CodeObject, q: &str) -> Option<&'a CodeObject> {
        if &*c.qualname == q {
            return Some(c);
        }
        for k in &c.consts {
            if let Constant::Code(inner) = k {
                if let Some(f) = go(inner, q) {
                    return Some(f);
                }
            }
        }
        None
    }
    go(c, qualname).unwrap_or_else(|| panic!("no code {qualname} in\n{}", disassemble(c)))
}

fn cell_name(c: &CodeObject, i: u32) -> Arc<str> {
    let i = i as usize;
    if i < c.cellvars.len() {
        c.cellvars[i].clone()
    } else {
        c.freevars[i - c.cellvars.len()].clone()
    }
}

/// Name operations as strings: "LoadFast x", "StoreGlobal y", ...
fn name_ops(c: &CodeObject) -> Vec<String> {
    let mut v = Vec::new();
    for ins in &c.instructions {
        let s = match *ins {
            Instr::LoadFast(i) => format!("LoadFast {}", c.varnames[i as usize]),
            Instr::StoreFast(i) => format!("StoreFast {}", c.varnames[i as usize]),
            Instr::DeleteFast(i) => format!("DeleteFast {}", c.varnames[i as usize]),
            Instr::LoadDeref(i) => format!("LoadDeref {}", cell_name(c, i)),
            Instr::StoreDeref(i) => format!("StoreDeref {}", cell_name(c, i)),
            Instr::DeleteDeref(i) => format!("DeleteDeref {}", cell_name(c, i)),
            Instr::LoadClosure(i) => format!("LoadClosure {}", cell_name(c, i)),
            Instr::LoadClassDeref(i) => format!("LoadClassDeref {}", cell_name(c, i)),
            Instr::LoadName(i) => format!("LoadName {}", c.names[i as usize]),
            Instr::StoreName(i) => format!("StoreName {}", c.names[i as usize]),
            Instr::DeleteName(i) => format!("DeleteName {}", c.names[i as usize]),
            Instr::LoadGlobal(i) => format!("LoadGlobal {}", c.names[i as usize]),
            Instr::StoreGlobal(i) => format!("StoreGlobal {}", c.names[i as usize]),
            Instr::DeleteGlobal(i) => format!("DeleteGlobal {}", c.names[i as usize]),
            Instr::LoadAttr(i) => format!("LoadAttr {}", c.names[i as usize]),
            Instr::StoreAttr(i) => format!("StoreAttr {}", c.names[i as usize]),
            Instr::LoadMethod(i) => format!("LoadMethod {}", c.names[i as usize]),
            _ => continue,
        };
        v.push(s);
    }
    v
}

fn has(c: &CodeObject, op: &str) -> bool {
    name_ops(c).iter().any(|s| s == op)
}

fn strs(v: &[Arc<str>]) -> Vec<&str> {
    v.iter().map(|s| &**s).collect()
}

#[test]
fn module_level_names() {
    let m = module("x = 1\ny = x\ndel y\n");
    assert_eq!(
        name_ops(&m),
        ["StoreName x", "LoadName x", "StoreName y", "DeleteName y"]
    );
}

#[test]
fn function_locals_and_globals() {
    let m = module("def f(a):\n    b = a\n    return b + c + len(a)\n");
    let f = find(&m, "f");
    assert_eq!(
        name_ops(f),
        [
            "LoadFast a",
            "StoreFast b",
            "LoadFast b",
            "LoadGlobal c",
            "LoadGlobal len",
            "LoadFast a"
        ]
    );
    assert_eq!(strs(&f.varnames), ["a", "b"]);
    assert_eq!(f.argcount, 1);
    assert_eq!(
        f.flags & (flags::OPTIMIZED | flags::NEWLOCALS),
        flags::OPTIMIZED | flags::NEWLOCALS
    );
}

#[test]
fn explicit_global_propagates_to_module() {
    let m = module("def f():\n    global x\n    x = 1\nx = 2\nprint(x)\n");
    assert!(has(find(&m, "f"), "StoreGlobal x"));
    // CPython: a name declared global anywhere is GLOBAL_EXPLICIT at module level too.
    assert!(has(&m, "StoreGlobal x"));
    assert!(has(&m, "LoadGlobal x"));
    assert!(has(&m, "LoadName print"));
}

#[test]
fn closures_cells_and_free() {
    let m = module(
        "def outer(p):\n    x = 1\n    def inner():\n        return x + p\n    return inner\n",
    );
    let o = find(&m, "outer");
    assert_eq!(strs(&o.cellvars), ["p", "x"]);
    assert!(o.freevars.is_empty());
    // The parameter is moved into its cell at the start.
    assert_eq!(&name_ops(o)[..2], ["LoadFast p", "StoreDeref p"]);
    assert!(has(o, "StoreDeref x"));
    assert!(has(o, "LoadClosure x"));
    assert!(has(o, "LoadClosure p"));
    let i = find(&m, "outer.<locals>.inner");
    assert_eq!(strs(&i.freevars), ["p", "x"]);
    assert_eq!(name_ops(i), ["LoadDeref x", "LoadDeref p"]);
    assert!(i.flags & flags::NESTED != 0);
}

#[test]
fn nonlocal_rebinding() {
    let m = module(
        "def f():\n    n = 0\n    def inc():\n        nonlocal n\n        n += 1\n    return inc\n",
    );
    let inc = find(&m, "f.<locals>.inc");
    assert_eq!(name_ops(inc), ["LoadDeref n", "StoreDeref n"]);
}

#[test]
fn free_variable_passes_through_intermediate_function() {
    let m = module(
        "def a():\n    v = 1\n    def b():\n        def c():\n            return v\n        return c\n    return b\n",
    );
    let b = find(&m, "a.<locals>.b");
    assert_eq!(strs(&b.freevars), ["v"]);
    assert!(has(b, "LoadClosure v"));
    assert_eq!(
        name_ops(find(&m, "a.<locals>.b.<locals>.c")),
        ["LoadDeref v"]
    );
}

#[test]
fn class_body_uses_name_ops_and_methods_skip_class_scope() {
    let m = module("class C:\n    attr = 1\n    def m(self):\n        return attr\n");
    let c = find(&m, "C");
    assert_eq!(
        name_ops(c),
        [
            "LoadName __name__",
            "StoreName __module__",
            "StoreName __qualname__",
            "StoreName attr",
            "StoreName m"
        ]
    );
    assert_eq!(c.flags & flags::OPTIMIZED, 0);
    // A method referencing a class-level name goes to globals.
    assert_eq!(name_ops(find(&m, "C.m")), ["LoadGlobal attr"]);
}

#[test]
fn class_in_function_free_and_free_class() {
    let m = module(
        "def f():\n    x = 1\n    y = 2\n    class C:\n        y = 3\n        z = x\n        def m(self):\n            return y\n    return C\n",
    );
    let c = find(&m, "f.<locals>.C");
    // x is free in the class body: LoadClassDeref. y is bound in the class but also free
    // for the method (DEF_FREE_CLASS): it is a class freevar, stored with StoreName.
    assert!(has(c, "LoadClassDeref x"));
    assert!(has(c, "StoreName y"));
    assert_eq!(strs(&c.freevars), ["x", "y"]);
    assert!(has(c, "LoadClosure y"));
    assert_eq!(name_ops(find(&m, "f.<locals>.C.m")), ["LoadDeref y"]);
    let f = find(&m, "f");
    assert_eq!(strs(&f.cellvars), ["x", "y"]);
}

#[test]
fn implicit_class_cell() {
    let m = module("class C(B):\n    def m(self):\n        return super().m()\n    def n(self):\n        return __class__\n    def o(self):\n        return 1\n");
    let c = find(&m, "C");
    assert_eq!(strs(&c.cellvars), ["__class__"]);
    let ops = name_ops(c);
    assert!(ops.iter().any(|o| o == "StoreName __classcell__"));
    // The class body ends: LoadClosure __class__; StoreName __classcell__; LoadConst None; ReturnValue
    let n = c.instructions.len();
    assert!(matches!(c.instructions[n - 4], Instr::LoadClosure(0)));
    assert!(matches!(c.instructions[n - 3], Instr::StoreName(_)));
    assert!(matches!(c.instructions[n - 1], Instr::ReturnValue));
    assert_eq!(strs(&find(&m, "C.m").freevars), ["__class__"]);
    assert_eq!(name_ops(find(&m, "C.m"))[0], "LoadGlobal super");
    assert_eq!(strs(&find(&m, "C.n").freevars), ["__class__"]);
    assert!(find(&m, "C.o").freevars.is_empty());
    // No super / __class__: no cell.
    let m = module("class D:\n    def m(self):\n        return 1\n");
    assert!(find(&m, "D").cellvars.is_empty());
}

#[test]
fn comprehension_scope() {
    let m = module("def f(xs, k):\n    return [x * k for x in xs if x]\n");
    let f = find(&m, "f");
    let lc = find(&m, "f.<locals>.<listcomp>");
    assert_eq!(lc.argcount, 1);
    assert_eq!(&*lc.varnames[0], ".0");
    assert!(has(lc, "LoadFast .0"));
    assert!(has(lc, "StoreFast x"));
    assert!(has(lc, "LoadDeref k"));
    // The first iterable is evaluated in the enclosing scope.
    assert!(has(f, "LoadFast xs"));
    assert!(!has(lc, "LoadFast xs"));
    assert_eq!(strs(&f.cellvars), ["k"]);
    // Class-level names are not visible inside a comprehension in the class body.
    let m = module("class C:\n    a = 1\n    b = [a for _ in range(3)]\n");
    assert!(has(find(&m, "C.<listcomp>"), "LoadGlobal a"));
    assert!(has(find(&m, "C"), "LoadName range"));
}

#[test]
fn walrus_in_comprehension_binds_enclosing_scope() {
    let m = module("def f(xs):\n    [last := x for x in xs]\n    return last\n");
    let f = find(&m, "f");
    assert_eq!(strs(&f.cellvars), ["last"]);
    assert!(has(f, "LoadDeref last"));
    let lc = find(&m, "f.<locals>.<listcomp>");
    assert!(has(lc, "StoreDeref last"));
    // At module level the target is global.
    let m = module("[y := x for x in range(3)]\nprint(y)\n");
    assert!(has(find(&m, "<listcomp>"), "StoreGlobal y"));
}

#[test]
fn private_name_mangling() {
    let m = module(
        "class C:\n    __a = 1\n    def m(self):\n        return self.__b + __c + self.__d__\n",
    );
    assert!(has(find(&m, "C"), "StoreName _C__a"));
    let ops = name_ops(find(&m, "C.m"));
    assert!(ops.contains(&"LoadAttr _C__b".to_string()));
    assert!(ops.contains(&"LoadGlobal _C__c".to_string()));
    assert!(ops.contains(&"LoadAttr __d__".to_string()));
    let m = module("class _:\n    __a = 1\nclass __B:\n    __x = 1\n");
    assert!(has(find(&m, "_"), "StoreName __a"));
    assert!(has(find(&m, "__B"), "StoreName _B__x"));
}

#[test]
fn qualnames() {
    let m = module(
        "def f():\n    def g():\n        pass\n    l = lambda: 0\n    return [x for x in ()]\nclass C:\n    def m(self):\n        return (y for y in ())\n    class D:\n        pass\n",
    );
    find(&m, "f.<locals>.g");
    find(&m, "f.<locals>.<lambda>");
    find(&m, "f.<locals>.<listcomp>");
    find(&m, "C.m");
    find(&m, "C.m.<locals>.<genexpr>");
    find(&m, "C.D");
    // A function declared global in its parent keeps a plain qualname.
    let m = module("def f():\n    global g\n    def g():\n        pass\n");
    find(&m, "g");
}

#[test]
fn code_flags() {
    let m = module(
        "def gen():\n    yield 1\nasync def coro():\n    await x\nasync def agen():\n    yield 1\ndef va(*a, **k):\n    pass\n",
    );
    assert!(find(&m, "gen").flags & flags::GENERATOR != 0);
    assert!(find(&m, "coro").flags & flags::COROUTINE != 0);
    assert!(find(&m, "agen").flags & flags::ASYNC_GENERATOR != 0);
    let va = find(&m, "va");
    assert!(va.flags & flags::VARARGS != 0 && va.flags & flags::VARKEYWORDS != 0);
    let m = module("g = (x for x in y)\n");
    assert!(find(&m, "<genexpr>").flags & flags::GENERATOR != 0);
    assert_eq!(m.flags, 0);
}

#[test]
fn constants_are_not_conflated() {
    let m = module("a = 0\nb = 0.0\nc = False\nd = -0.0\ne = 0\nf = 1\ng = True\nh = 1.0\n");
    let consts: Vec<&Constant> = m.consts.iter().collect();
    assert!(consts.contains(&&Constant::Int(0)));
    assert!(consts.contains(&&Constant::Float(0.0)));
    assert!(consts.contains(&&Constant::Bool(false)));
    assert!(m
        .consts
        .iter()
        .any(|c| matches!(c, Constant::Float(f) if *f == 0.0 && f.is_sign_negative())));
    assert_eq!(
        m.consts.iter().filter(|c| **c == Constant::Int(0)).count(),
        1
    );
    assert!(m
        .consts
        .iter()
        .any(|c| matches!(c, Constant::Float(f) if *f == 1.0)));
    assert!(consts.contains(&&Constant::Bool(true)));
    assert!(consts.contains(&&Constant::Int(1)));
}

#[test]
fn docstrings() {
    let m = module("'''mod doc'''\ndef f():\n    'f doc'\n    return 1\nclass C:\n    'c doc'\n");
    assert!(has(&m, "StoreName __doc__"));
    assert_eq!(find(&m, "f").docstring.as_deref(), Some("f doc"));
    assert!(has(find(&m, "C"), "StoreName __doc__"));
    let o2 = compile(
        "'''mod doc'''\ndef f():\n    'f doc'\n",
        "<t>",
        Mode::Exec,
        &CompileOptions { optimize: 2 },
    )
    .unwrap();
    assert!(!has(&o2, "StoreName __doc__"));
    assert_eq!(find(&o2, "f").docstring, None);
}

#[test]
fn asserts_and_debug_with_optimize() {
    let src = "assert x, 'msg'\nif __debug__:\n    y = 1\n";
    let m = module(src);
    assert!(m
        .instructions
        .iter()
        .any(|i| matches!(i, Instr::LoadAssertionError)));
    assert!(has(&m, "StoreName y"));
    let o = compile(src, "<t>", Mode::Exec, &CompileOptions { optimize: 1 }).unwrap();
    assert!(!o
        .instructions
        .iter()
        .any(|i| matches!(i, Instr::LoadAssertionError)));
    assert!(!has(&o, "StoreName y"));
}

#[test]
fn eval_and_single_modes() {
    let e = compile("x + 1", "<t>", Mode::Eval, &CompileOptions::default()).unwrap();
    assert!(matches!(e.instructions.last(), Some(Instr::ReturnValue)));
    assert!(!e.instructions.iter().any(|i| matches!(i, Instr::PopTop)));
    let s = compile("x + 1\n", "<t>", Mode::Single, &CompileOptions::default()).unwrap();
    assert!(s.instructions.iter().any(|i| matches!(i, Instr::PrintExpr)));
    let s = compile(
        "def f():\n    x\n",
        "<t>",
        Mode::Single,
        &CompileOptions::default(),
    )
    .unwrap();
    assert!(!s.instructions.iter().any(|i| matches!(i, Instr::PrintExpr)));
    assert!(compile(
        "x = 1\ny = 2\n",
        "<t>",
        Mode::Single,
        &CompileOptions::default()
    )
    .is_err());
    assert!(compile(
        "x = 1; y = 2\n",
        "<t>",
        Mode::Single,
        &CompileOptions::default()
    )
    .is_ok());
}

#[test]
fn future_annotations_are_strings() {
    let m = module("from __future__ import annotations\nx: List[ int ] = 1\ndef f(a: Dict[str,int]) -> 'X': pass\n");
    let strs_: Vec<String> = m
        .consts
        .iter()
        .filter_map(|c| {
            if let Constant::Str(s) = c {
                Some(s.to_string())
            } else {
                None
            }
        })
        .collect();
    assert!(strs_.contains(&"List[int]".to_string()), "{strs_:?}");
    assert!(strs_.contains(&"Dict[str, int]".to_string()), "{strs_:?}");
    assert!(strs_.contains(&"'X'".to_string()), "{strs_:?}");
    assert!(m
        .instructions
        .iter()
        .any(|i| matches!(i, Instr::SetupAnnotations)));
}

#[test]
fn imports() {
    let m =
        module("import a.b.c\nimport a.b.c as d\nfrom .m import (x, y as z)\nfrom q import *\n");
    let ops = name_ops(&m);
    assert!(ops.contains(&"StoreName a".to_string()));
    assert!(ops.contains(&"StoreName d".to_string()));
    assert!(ops.contains(&"StoreName x".to_string()));
    assert!(ops.contains(&"StoreName z".to_string()));
    assert!(m
        .instructions
        .iter()
        .any(|i| matches!(i, Instr::ImportStar)));
    let from_count = m
        .instructions
        .iter()
        .filter(|i| matches!(i, Instr::ImportFrom(_)))
        .count();
    assert_eq!(from_count, 4);
}
