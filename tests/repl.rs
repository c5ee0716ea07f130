//! The interactive prompt on a terminal: `pyrite` runs with a pseudo-terminal as
//! stdin/stdout/stderr, keystrokes are typed into it, and what the terminal shows is
//! checked (line editing, history, multi-line blocks, Ctrl-C, Ctrl-D, the history
//! file).

use std::io::{Read, Write};
use std::os::fd::{FromRawFd, OwnedFd};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

struct Pty {
    master: std::fs::File,
    child: std::process::Child,
}

/// Whether the machine can give a pseudo-terminal (says so when it cannot).
fn have_pty() -> bool {
    let ok = std::path::Path::new("/dev/ptmx").exists();
    if !ok {
        eprintln!("SKIPPED: this machine has no /dev/ptmx, so no terminal to test the REPL on");
    }
    ok
}

fn spawn(home: &std::path::Path, args: &[&str]) -> Pty {
    let (mut m, mut s) = (0, 0);
    // SAFETY: openpty fills the two descriptors; no name/termios/winsize wanted.
    let rc = unsafe {
        libc::openpty(
            &mut m,
            &mut s,
            std::ptr::null_mut(),
            std::ptr::null(),
            std::ptr::null(),
        )
    };
    assert_eq!(rc, 0, "openpty failed: {}", std::io::Error::last_os_error());
    // SAFETY: F_SETFD on the descriptors just opened: the tests run in parallel, and
    // another test's child must not inherit this terminal.
    unsafe {
        libc::fcntl(m, libc::F_SETFD, libc::FD_CLOEXEC);
        libc::fcntl(s, libc::F_SETFD, libc::FD_CLOEXEC);
    }
    // SAFETY: both descriptors were just opened and are owned here.
    let (master, slave) = unsafe { (std::fs::File::from_raw_fd(m), OwnedFd::from_raw_fd(s)) };
    let child = Command::new(env!("CARGO_BIN_EXE_pyrite"))
        .args(args)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("TERM", "xterm")
        .env("PYTHONIOENCODING", "utf-8")
        .stdin(Stdio::from(slave.try_clone().unwrap()))
        .stdout(Stdio::from(slave.try_clone().unwrap()))
        .stderr(Stdio::from(slave))
        .spawn()
        .expect("pyrite starts");
    // SAFETY: F_SETFL on our own descriptor.
    unsafe {
        let fl = libc::fcntl(m, libc::F_GETFL);
        libc::fcntl(m, libc::F_SETFL, fl | libc::O_NONBLOCK);
    }
    Pty { master, child }
}

impl Pty {
    /// Everything the terminal shows until `want` appears (or 10 s pass).
    fn read_until(&mut self, want: &str) -> String {
        let mut out = Vec::new();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            let mut buf = [0u8; 4096];
            match self.master.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => {
                    out.extend_from_slice(&buf[..n]);
                    if String::from_utf8_lossy(&out).contains(want) {
                        break;
                    }
                }
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                    std::thread::sleep(Duration::from_millis(10))
                }
                Err(_) => break, // EIO: the child closed the terminal
            }
        }
        String::from_utf8_lossy(&out).into_owned()
    }

    fn type_keys(&mut self, keys: &str) {
        self.master.write_all(keys.as_bytes()).unwrap();
    }

    /// Type `keys` (ending in Enter) and return the output up to the next primary prompt.
    fn line(&mut self, keys: &str) -> String {
        self.type_keys(keys);
        self.read_until("\n\r>>> ")
    }

    fn finish(mut self) -> std::process::ExitStatus {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(st) = self.child.try_wait().unwrap() {
                return st;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("pyrite did not exit");
            }
            let _ = self.read_until("\u{0}");
        }
    }
}

/// The lines a terminal would show at the end: carriage returns and the editor's
/// redraw sequences resolved the simple way (each `\r` starts the line again).
fn screen(raw: &str) -> Vec<String> {
    let no_esc = {
        let mut s = String::new();
        let mut it = raw.chars().peekable();
        while let Some(c) = it.next() {
            if c == '\u{1b}' {
                if it.peek() == Some(&'[') {
                    it.next();
                    for d in it.by_ref() {
                        if ('@'..='~').contains(&d) {
                            break;
                        }
                    }
                }
                continue;
            }
            s.push(c);
        }
        s
    };
    no_esc
        .split('\n')
        .map(|l| {
            l.rsplit('\r')
                .find(|p| !p.is_empty())
                .unwrap_or("")
                .to_string()
        })
        .collect()
}

fn home(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("pyrite-repl-{}-{}", std::process::id(), name));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn editing_history_blocks_and_exit() {
    if !have_pty() {
        return;
    }
    let h = home("main");
    std::fs::write(h.join(".python_history"), "old_entry = 7\n").unwrap();
    let mut p = spawn(&h, &[]);
    let banner = p.read_until(">>> ");
    assert!(banner.contains("Python 3.11"), "banner: {banner:?}");

    p.line("y = 20\r");
    // Ctrl-A goes to the start of the line: "y + 1" becomes "2*y + 1"
    let out = p.line("y + 1\x012*\r");
    assert!(screen(&out).iter().any(|l| l == "41"), "{out:?}");
    // Up recalls the previous line
    let out = p.line("\x1b[A\r");
    assert!(screen(&out).iter().any(|l| l == "41"), "{out:?}");
    // Backspace, and Left + insert
    let out = p.line("y + 99\x7f\r");
    assert!(screen(&out).iter().any(|l| l == "29"), "{out:?}");
    let out = p.line("y + 5\x1b[D1\r");
    assert!(screen(&out).iter().any(|l| l == "35"), "{out:?}");
    // the history file's entries are there: two Ups past this session's lines
    let out = p.line("\x1b[A\x1b[A\x1b[A\x1b[A\x1b[A\x1b[A\r");
    assert!(out.contains("old_entry = 7"), "{out:?}");
    let out = p.line("old_entry * 6\r");
    assert!(screen(&out).iter().any(|l| l == "42"), "{out:?}");

    // a compound statement runs after an empty line; brackets continue lines
    p.type_keys("def f(a):\r");
    let cont = p.read_until("... ");
    assert!(cont.contains("... "), "{cont:?}");
    p.type_keys("    return a * 3\r");
    p.read_until("... ");
    p.line("\r");
    let out = p.line("f(5)\r");
    assert!(screen(&out).iter().any(|l| l == "15"), "{out:?}");
    p.type_keys("(1,\r");
    p.read_until("... ");
    let out = p.line("2)\r");
    assert!(screen(&out).iter().any(|l| l == "(1, 2)"), "{out:?}");

    // errors: a traceback naming <stdin>, and a syntax error at once
    let out = p.line("1/0\r");
    assert!(
        out.contains("File \"<stdin>\", line 1, in <module>")
            && out.contains("ZeroDivisionError: division by zero"),
        "{out:?}"
    );
    let out = p.line("x = )\r");
    assert!(out.contains("SyntaxError: unmatched ')'"), "{out:?}");

    // Ctrl-C abandons the line
    let out = p.line("abc\x03");
    assert!(
        screen(&out).iter().any(|l| l == "KeyboardInterrupt"),
        "{out:?}"
    );
    // Ctrl-D on an empty line leaves with status 0
    p.type_keys("\x04");
    let st = p.finish();
    assert!(st.success(), "{st:?}");

    let hist = std::fs::read_to_string(h.join(".python_history")).unwrap();
    let lines: Vec<&str> = hist.lines().collect();
    assert_eq!(lines.first(), Some(&"old_entry = 7"));
    for want in [
        "y = 20",
        "2*y + 1",
        "y + 9",
        "def f(a):",
        "    return a * 3",
        "f(5)",
    ] {
        assert!(lines.contains(&want), "{want:?} not in history {lines:?}");
    }
    let _ = std::fs::remove_dir_all(&h);
}

#[test]
fn sys_exit_and_isolated_history() {
    if !have_pty() {
        return;
    }
    let h = home("exit");
    let mut p = spawn(&h, &["-I"]);
    p.read_until(">>> ");
    p.type_keys("import sys; sys.ps1 = 'py> '\r");
    let out = p.read_until("py> ");
    assert!(out.contains("py> "), "{out:?}");
    p.type_keys("raise SystemExit(3)\r");
    let st = p.finish();
    assert_eq!(st.code(), Some(3));
    // -I: no history file is written
    assert!(!h.join(".python_history").exists());
    let _ = std::fs::remove_dir_all(&h);
}
