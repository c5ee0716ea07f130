//! Pathological inputs must give Ok or Err, never a crash, on an 8 MB thread stack.

use pyrite_compiler::{compile, CompileOptions, Mode, SyntaxErrorKind};

fn run(src: String, mode: Mode) -> Result<(), (SyntaxErrorKind, String)> {
    std::thread::Builder::new()
        .stack_size(8 * 1024 * 1024)
        .spawn(move || {
            compile(&src, "<test>", mode, &CompileOptions::default())
                .map(|_| ())
                .map_err(|e| (e.kind, e.msg))
        })
        .unwrap()
        .join()
        .expect("compiler thread crashed")
}

fn err(src: String) -> (SyntaxErrorKind, String) {
    run(src, Mode::Exec).expect_err("expected an error")
}

#[test]
fn deep_parens() {
    let e = err("(".repeat(100_000) + &")".repeat(100_000));
    assert_eq!(e.1, "too many nested parentheses");
    let e = err("[".repeat(100_000));
    assert_eq!(e.1, "too many nested parentheses");
    let e = err("{".repeat(300));
    assert_eq!(e.1, "too many nested parentheses");
    assert!(run("(".repeat(200) + &")".repeat(200), Mode::Exec).is_ok());
}

#[test]
fn deep_unary_and_binary() {
    for src in [
        "-".repeat(100_000) + "1",
        "1+".repeat(100_000) + "1",
        "not ".repeat(100_000) + "x",
        "x".to_string() + &".a".repeat(100_000),
        "f".to_string() + &"()".repeat(100_000),
        "2**".repeat(100_000) + "2",
        "lambda:".repeat(100_000) + "1",
        "1 if 1 else ".repeat(100_000) + "1",
        "x[0]".to_string() + &"[0]".repeat(100_000),
        "await ".repeat(100_000) + "x",
        "-".repeat(10_000_000) + "1",
        "1+".repeat(5_000_000) + "1",
    ] {
        let e = err(src);
        assert_eq!(e.0, SyntaxErrorKind::RecursionError, "{}", e.1);
    }
    assert!(run("-".repeat(1000) + "1", Mode::Exec).is_ok());
    assert!(run("1+".repeat(2000) + "1", Mode::Exec).is_ok());
    assert!(run(
        "x = [".to_string() + &"-1, ".repeat(100_000) + "]",
        Mode::Exec
    )
    .is_ok());
}

#[test]
fn deep_blocks() {
    let mut s = String::new();
    for i in 0..150 {
        s.push_str(&" ".repeat(i));
        s.push_str("if x:\n");
    }
    s.push_str(&" ".repeat(150));
    s.push_str("pass\n");
    let e = err(s);
    assert_eq!(e.1, "too many levels of indentation");
    // Nested functions and classes within the indentation limit compile.
    let mut s = String::new();
    for i in 0..90 {
        s.push_str(&" ".repeat(i));
        s.push_str(if i % 2 == 0 {
            "def f():\n"
        } else {
            "class C:\n"
        });
    }
    s.push_str(&" ".repeat(90));
    s.push_str("return 1\n");
    let _ = run(s, Mode::Exec);
}

#[test]
fn big_literals() {
    let big = "a".repeat(10 * 1024 * 1024);
    assert!(run(format!("x = '{big}'\n"), Mode::Exec).is_ok());
    assert!(run(format!("x = b'{big}'\n"), Mode::Exec).is_ok());
    assert!(run(format!("x = {}\n", "9".repeat(100_000)), Mode::Exec).is_ok());
    let e = err(format!("x = '{big}\n"));
    assert!(e.1.starts_with("unterminated string literal"));
    let _ = run(
        "x = [".to_string() + &"1,".repeat(2_000_000) + "]",
        Mode::Exec,
    );
    let _ = run("f\"{".repeat(10_000), Mode::Exec);
    let _ = run("f'{x:{y:{z:{".repeat(1000), Mode::Exec);
    let _ = run(
        "(".repeat(199) + &"-".repeat(100_000) + "1" + &")".repeat(199),
        Mode::Exec,
    );
}

#[test]
fn garbage_never_panics() {
    // A deterministic pseudo-random soup of Python-ish fragments.
    let frags = [
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        ":",
        ",",
        "\n",
        "    ",
        "\t",
        "if ",
        "else",
        "for ",
        " in ",
        "def ",
        "class ",
        "lambda",
        "x",
        "1",
        "'",
        "\"",
        "f'",
        "{x}",
        "\\",
        "#",
        "=",
        "+",
        "*",
        "**",
        ".",
        "async ",
        "await ",
        "yield ",
        "match ",
        "case ",
        "try:",
        "except*",
        "with ",
        "return",
        "global x",
        "nonlocal y",
        ":=",
        "@",
        "...",
        "0x",
        "1e",
        "\u{20ac}",
        "\r\n",
    ];
    let mut seed: u64 = 0x1234_5678_9abc_def0;
    for _ in 0..300 {
        let mut s = String::new();
        for _ in 0..60 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            s.push_str(frags[(seed % frags.len() as u64) as usize]);
        }
        for mode in [Mode::Exec, Mode::Eval, Mode::Single] {
            let _ = run(s.clone(), mode);
        }
    }
}
