//! Source decoding, the bytecode verifier and the disassembler.

use pyrite_compiler::bytecode::Instr::*;
use pyrite_compiler::flow::verify;
use pyrite_compiler::{compile, decode_source, disassemble, CompileOptions, Mode};

#[test]
fn decode_utf8_bom_and_cookies() {
    assert_eq!(decode_source(b"x = 1\n", "f").unwrap(), "x = 1\n");
    assert_eq!(
        decode_source(b"\xef\xbb\xbfx = 1\n", "f").unwrap(),
        "x = 1\n"
    );
    assert_eq!(
        decode_source(b"# -*- coding: latin-1 -*-\nx = '\xe9'\n", "f").unwrap(),
        "# -*- coding: latin-1 -*-\nx = '\u{e9}'\n"
    );
    assert_eq!(
        decode_source(
            b"#!/usr/bin/python\n# vim: set fileencoding=iso-8859-1 :\nx='\xe9'\n",
            "f"
        )
        .unwrap()
        .chars()
        .last(),
        Some('\n')
    );
    assert!(decode_source(b"# coding=utf-8\nx = '\xc3\xa9'\n", "f")
        .unwrap()
        .contains('\u{e9}'));
    assert!(decode_source(b"# coding: ascii\nx = 1\n", "f").is_ok());
    assert!(decode_source(b"# coding: koi8-r\nx = '\xc1'\n", "f")
        .unwrap()
        .contains('\u{430}'));
    // The cookie only counts on line 1 or 2.
    assert!(decode_source(b"\n\n# coding: latin-1\nx = '\xe9'\n", "f").is_err());
}

#[test]
fn decode_errors() {
    let e = decode_source(b"\xff", "f").unwrap_err();
    assert_eq!(
        e.msg,
        "(unicode error) 'utf-8' codec can't decode byte 0xff in position 0: invalid start byte"
    );
    assert_eq!(e.lineno, 1);
    let e = decode_source(b"print(\"b\xf6se\")\n", "f").unwrap_err();
    assert_eq!(
        e.msg,
        "(unicode error) 'utf-8' codec can't decode byte 0xf6 in position 1: invalid start byte"
    );
    let e = decode_source(b"x='\xe2\x82'", "f").unwrap_err();
    assert_eq!(
        e.msg,
        "(unicode error) 'utf-8' codec can't decode bytes in position 0-1: unexpected end of data"
    );
    let e = decode_source(b"# coding: foo\nx=1", "f").unwrap_err();
    assert_eq!(e.msg, "unknown encoding: foo");
    let e = decode_source(b"\xef\xbb\xbf# coding: latin-1\nx=1", "f").unwrap_err();
    assert!(
        e.msg.starts_with("encoding problem: latin-1 with BOM"),
        "{}",
        e.msg
    );
    // Invalid bytes inside a comment are accepted (as CPython 3.11 does).
    assert!(decode_source(b"# \xf6\nx = 1\n", "f").is_ok());
}

#[test]
fn null_bytes() {
    let e = compile("x = 1\0", "f", Mode::Exec, &CompileOptions::default()).unwrap_err();
    assert_eq!(e.msg, "source code string cannot contain null bytes");
}

#[test]
fn verifier_catches_errors() {
    assert!(verify(&[LoadConst(0), ReturnValue]).is_ok());
    assert!(verify(&[PopTop, LoadConst(0), ReturnValue]).is_err());
    assert!(verify(&[
        SetupFinally(3),
        LoadConst(0),
        ReturnValue,
        PopTop,
        LoadConst(0),
        ReturnValue
    ])
    .is_err());
    assert!(verify(&[
        LoadConst(0),
        PopJumpIfFalse(3),
        LoadConst(0),
        LoadConst(0),
        ReturnValue
    ])
    .is_err());
    assert!(verify(&[LoadConst(0), PopTop]).is_err());
}

#[test]
fn disassembler_smoke() {
    let c = compile(
        "def f(x):\n    return [y for y in x if y]\nclass C:\n    'doc'\n",
        "t.py",
        Mode::Exec,
        &CompileOptions::default(),
    )
    .unwrap();
    let d = disassemble(&c);
    assert!(d.contains("<module>"));
    assert!(d.contains("f.<locals>.<listcomp>"));
    assert!(d.contains("ListAppend"));
    assert!(d.contains("('doc')"));
}

#[test]
fn locations_and_stack_depth() {
    let c = compile(
        "x = 1\n\ny = (x +\n     2)\n",
        "t.py",
        Mode::Exec,
        &CompileOptions::default(),
    )
    .unwrap();
    assert_eq!(c.instructions.len(), c.locations.len());
    assert_eq!(c.locations[0].line, 1);
    let lines: Vec<u32> = c.locations.iter().map(|l| l.line).collect();
    assert!(lines.contains(&3));
    assert!(lines.contains(&4));
    assert_eq!(c.max_stackdepth, 2);
    let c = compile(
        "f(a, b, *c, d=1, **e)\n",
        "t.py",
        Mode::Exec,
        &CompileOptions::default(),
    )
    .unwrap();
    assert!(c.max_stackdepth >= 3);
}
