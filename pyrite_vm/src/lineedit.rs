//! The interactive prompt's line editor: what GNU readline gives CPython's REPL, for
//! a terminal on stdin and stdout. Raw mode only while a line is being read (the
//! program's own output and `input()` see the terminal as it was), Emacs-style keys,
//! arrow keys, and a history shared across sessions in `~/.python_history`.
//!
//! When stdin is not a terminal, [`LineReader`] reads plain lines from fd 0, one byte
//! at a time, so that nothing the user's code reads through `sys.stdin` is consumed
//! ahead of time.

use std::io::Write;

/// What one prompt produced.
#[derive(Debug, PartialEq, Eq)]
pub enum Input {
    Line(String),
    /// Ctrl-D on an empty line, or end of input.
    Eof,
    /// Ctrl-C while editing.
    Interrupt,
}

/// Reads the lines of the interactive prompt.
pub struct LineReader {
    tty: bool,
    history: Vec<String>,
    /// Entries added in this session (appended to the history file at the end).
    new_entries: usize,
    history_file: Option<std::path::PathBuf>,
}

const HISTORY_MAX: usize = 1000;

impl LineReader {
    /// A reader for fd 0. With `use_history`, the history is loaded from (and later
    /// saved to) `$HOME/.python_history`, as CPython's `site` module arranges.
    pub fn new(use_history: bool) -> LineReader {
        // SAFETY: isatty only inspects the descriptors.
        let tty = unsafe { libc::isatty(0) == 1 && libc::isatty(1) == 1 };
        let history_file = if tty && use_history {
            std::env::var_os("HOME")
                .filter(|h| !h.is_empty())
                .map(|h| std::path::Path::new(&h).join(".python_history"))
        } else {
            None
        };
        let mut history = Vec::new();
        if let Some(f) = &history_file {
            if let Ok(text) = std::fs::read(f) {
                let text = String::from_utf8_lossy(&text);
                history.extend(
                    text.lines()
                        .filter(|l| !l.is_empty() && !l.starts_with("_HiStOrY_V2_"))
                        .map(str::to_owned),
                );
                let excess = history.len().saturating_sub(HISTORY_MAX);
                history.drain(..excess);
            }
        }
        LineReader {
            tty,
            history,
            new_entries: 0,
            history_file,
        }
    }

    /// Whether lines are edited on a terminal.
    pub fn is_tty(&self) -> bool {
        self.tty
    }

    /// Show `prompt` and read one line (without its newline).
    pub fn read_line(&mut self, prompt: &str) -> Input {
        if !self.tty {
            return read_plain(prompt);
        }
        let Some(raw) = RawMode::enter() else {
            return read_plain(prompt);
        };
        let r = Editor::new(prompt, &self.history).run();
        drop(raw);
        if let Input::Line(l) = &r {
            if !l.trim().is_empty() && self.history.last() != Some(l) {
                self.history.push(l.clone());
                self.new_entries += 1;
            }
        }
        r
    }

    /// Append this session's lines to the history file (if there is one).
    pub fn save_history(&mut self) {
        let Some(f) = &self.history_file else { return };
        if self.new_entries == 0 {
            return;
        }
        let start = self.history.len() - self.new_entries.min(self.history.len());
        let mut text = String::new();
        for l in &self.history[start..] {
            text.push_str(l);
            text.push('\n');
        }
        if let Ok(mut file) = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(f)
        {
            let _ = file.write_all(text.as_bytes());
        }
        self.new_entries = 0;
    }
}

impl Drop for LineReader {
    fn drop(&mut self) {
        self.save_history();
    }
}

/// Prompt on stderr, then read bytes from fd 0 up to a newline.
fn read_plain(prompt: &str) -> Input {
    crate::modules::io_min::flush_std();
    let mut err = std::io::stderr();
    let _ = err.write_all(prompt.as_bytes());
    let _ = err.flush();
    let mut line = Vec::new();
    loop {
        let mut b = [0u8; 1];
        // SAFETY: reading into a valid one-byte buffer.
        let n = unsafe { libc::read(0, b.as_mut_ptr().cast(), 1) };
        if n < 0 {
            if std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted {
                if crate::modules::signal::signals_pending() {
                    return Input::Interrupt;
                }
                continue;
            }
            break;
        }
        if n == 0 {
            if line.is_empty() {
                return Input::Eof;
            }
            break;
        }
        if b[0] == b'\n' {
            break;
        }
        line.push(b[0]);
    }
    if line.last() == Some(&b'\r') {
        line.pop();
    }
    Input::Line(String::from_utf8_lossy(&line).into_owned())
}

/// The terminal in raw mode for as long as this value lives.
struct RawMode {
    saved: libc::termios,
}

impl RawMode {
    fn enter() -> Option<RawMode> {
        // SAFETY: termios is plain data; tcgetattr fills it for fd 0.
        unsafe {
            let mut saved: libc::termios = std::mem::zeroed();
            if libc::tcgetattr(0, &mut saved) != 0 {
                return None;
            }
            let mut raw = saved;
            raw.c_lflag &= !(libc::ICANON | libc::ECHO | libc::ISIG | libc::IEXTEN);
            raw.c_iflag &= !(libc::IXON | libc::ICRNL | libc::INLCR | libc::IGNCR | libc::ISTRIP);
            raw.c_cc[libc::VMIN] = 1;
            raw.c_cc[libc::VTIME] = 0;
            if libc::tcsetattr(0, libc::TCSADRAIN, &raw) != 0 {
                return None;
            }
            Some(RawMode { saved })
        }
    }
}

impl Drop for RawMode {
    fn drop(&mut self) {
        // SAFETY: restoring the settings read in `enter`.
        unsafe { libc::tcsetattr(0, libc::TCSADRAIN, &self.saved) };
    }
}

/// A key, decoded from the terminal's bytes.
#[derive(Debug, PartialEq, Eq)]
enum Key {
    Char(char),
    Enter,
    Backspace,
    Delete,
    Left,
    Right,
    Up,
    Down,
    Home,
    End,
    WordLeft,
    WordRight,
    Tab,
    Ctrl(u8),
    Eof,
    Ignore,
}

fn read_byte() -> Option<u8> {
    loop {
        let mut b = [0u8; 1];
        // SAFETY: reading into a valid one-byte buffer.
        let n = unsafe { libc::read(0, b.as_mut_ptr().cast(), 1) };
        if n == 1 {
            return Some(b[0]);
        }
        if n < 0 && std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted {
            continue;
        }
        return None;
    }
}

fn read_key() -> Key {
    let Some(b) = read_byte() else {
        return Key::Eof;
    };
    match b {
        b'\r' | b'\n' => Key::Enter,
        0x7f | 0x08 => Key::Backspace,
        b'\t' => Key::Tab,
        0x1b => read_escape(),
        0..=0x1f => Key::Ctrl(b + b'@'),
        0x20..=0x7e => Key::Char(b as char),
        _ => {
            // a UTF-8 sequence
            let len = if b >= 0xf0 {
                4
            } else if b >= 0xe0 {
                3
            } else if b >= 0xc0 {
                2
            } else {
                return Key::Ignore;
            };
            let mut buf = vec![b];
            for _ in 1..len {
                match read_byte() {
                    Some(c) => buf.push(c),
                    None => return Key::Eof,
                }
            }
            match std::str::from_utf8(&buf)
                .ok()
                .and_then(|s| s.chars().next())
            {
                Some(c) => Key::Char(c),
                None => Key::Ignore,
            }
        }
    }
}

/// After ESC: CSI (`ESC [ params final`), SS3 (`ESC O x`) or Meta-key sequences.
fn read_escape() -> Key {
    match read_byte() {
        Some(b'[') => {
            let mut params = Vec::new();
            let fin = loop {
                match read_byte() {
                    Some(c) if (0x40..=0x7e).contains(&c) => break c,
                    Some(c) => params.push(c),
                    None => return Key::Eof,
                }
            };
            let p = String::from_utf8_lossy(&params).into_owned();
            let modified = p.contains(";5") || p.contains(";3");
            match fin {
                b'A' => Key::Up,
                b'B' => Key::Down,
                b'C' if modified => Key::WordRight,
                b'D' if modified => Key::WordLeft,
                b'C' => Key::Right,
                b'D' => Key::Left,
                b'H' => Key::Home,
                b'F' => Key::End,
                b'~' => match p.as_str() {
                    "1" | "7" => Key::Home,
                    "4" | "8" => Key::End,
                    "3" => Key::Delete,
                    _ => Key::Ignore,
                },
                _ => Key::Ignore,
            }
        }
        Some(b'O') => match read_byte() {
            Some(b'A') => Key::Up,
            Some(b'B') => Key::Down,
            Some(b'C') => Key::Right,
            Some(b'D') => Key::Left,
            Some(b'H') => Key::Home,
            Some(b'F') => Key::End,
            _ => Key::Ignore,
        },
        Some(b'b') => Key::WordLeft,
        Some(b'f') => Key::WordRight,
        Some(0x7f) => Key::Ctrl(b'W'),
        _ => Key::Ignore,
    }
}

/// The state of one line being edited.
struct Editor<'h> {
    prompt: &'h str,
    buf: Vec<char>,
    pos: usize,
    history: &'h [String],
    /// Index into `history` while browsing it (`history.len()` = the new line).
    hpos: usize,
    /// The new line, kept while browsing the history.
    pending: Vec<char>,
    out: Vec<u8>,
}

impl<'h> Editor<'h> {
    fn new(prompt: &'h str, history: &'h [String]) -> Editor<'h> {
        Editor {
            prompt,
            buf: Vec::new(),
            pos: 0,
            history,
            hpos: history.len(),
            pending: Vec::new(),
            out: Vec::new(),
        }
    }

    fn flush(&mut self) {
        let mut o = std::io::stdout();
        let _ = o.write_all(&self.out);
        let _ = o.flush();
        self.out.clear();
    }

    fn redraw(&mut self) {
        self.out.extend_from_slice(b"\r");
        self.out.extend_from_slice(self.prompt.as_bytes());
        let s: String = self.buf.iter().collect();
        self.out.extend_from_slice(s.as_bytes());
        self.out.extend_from_slice(b"\x1b[K");
        let back = self.buf.len() - self.pos;
        if back > 0 {
            self.out
                .extend_from_slice(format!("\x1b[{back}D").as_bytes());
        }
        self.flush();
    }

    fn set_line(&mut self, chars: Vec<char>) {
        self.buf = chars;
        self.pos = self.buf.len();
    }

    fn word_left(&self) -> usize {
        let mut p = self.pos;
        while p > 0 && !self.buf[p - 1].is_alphanumeric() {
            p -= 1;
        }
        while p > 0 && self.buf[p - 1].is_alphanumeric() {
            p -= 1;
        }
        p
    }

    fn word_right(&self) -> usize {
        let mut p = self.pos;
        while p < self.buf.len() && !self.buf[p].is_alphanumeric() {
            p += 1;
        }
        while p < self.buf.len() && self.buf[p].is_alphanumeric() {
            p += 1;
        }
        p
    }

    fn run(mut self) -> Input {
        crate::modules::io_min::flush_std();
        self.redraw();
        loop {
            match read_key() {
                Key::Enter => {
                    self.out.extend_from_slice(b"\r\n");
                    self.flush();
                    return Input::Line(self.buf.iter().collect());
                }
                Key::Eof => {
                    self.out.extend_from_slice(b"\r\n");
                    self.flush();
                    return Input::Eof;
                }
                Key::Ctrl(b'D') => {
                    if self.buf.is_empty() {
                        self.out.extend_from_slice(b"\r\n");
                        self.flush();
                        return Input::Eof;
                    }
                    if self.pos < self.buf.len() {
                        self.buf.remove(self.pos);
                    }
                }
                Key::Ctrl(b'C') => {
                    self.out.extend_from_slice(b"\r\n");
                    self.flush();
                    return Input::Interrupt;
                }
                Key::Char(c) => {
                    self.buf.insert(self.pos, c);
                    self.pos += 1;
                }
                Key::Tab => {
                    // readline's completer indents when there is nothing before the cursor
                    let n = 4 - self.pos % 4;
                    for _ in 0..n {
                        self.buf.insert(self.pos, ' ');
                        self.pos += 1;
                    }
                }
                Key::Backspace | Key::Ctrl(b'H') => {
                    if self.pos > 0 {
                        self.pos -= 1;
                        self.buf.remove(self.pos);
                    }
                }
                Key::Delete => {
                    if self.pos < self.buf.len() {
                        self.buf.remove(self.pos);
                    }
                }
                Key::Left | Key::Ctrl(b'B') => self.pos = self.pos.saturating_sub(1),
                Key::Right | Key::Ctrl(b'F') => self.pos = (self.pos + 1).min(self.buf.len()),
                Key::Home | Key::Ctrl(b'A') => self.pos = 0,
                Key::End | Key::Ctrl(b'E') => self.pos = self.buf.len(),
                Key::WordLeft => self.pos = self.word_left(),
                Key::WordRight => self.pos = self.word_right(),
                Key::Ctrl(b'K') => self.buf.truncate(self.pos),
                Key::Ctrl(b'U') => {
                    self.buf.drain(..self.pos);
                    self.pos = 0;
                }
                Key::Ctrl(b'W') => {
                    let p = self.word_left();
                    self.buf.drain(p..self.pos);
                    self.pos = p;
                }
                Key::Ctrl(b'T') => {
                    if self.pos > 0 && self.buf.len() >= 2 {
                        let p = if self.pos == self.buf.len() {
                            self.pos - 1
                        } else {
                            self.pos
                        };
                        self.buf.swap(p - 1, p);
                        self.pos = (p + 1).min(self.buf.len());
                    }
                }
                Key::Ctrl(b'L') => {
                    self.out.extend_from_slice(b"\x1b[H\x1b[2J");
                }
                Key::Up | Key::Ctrl(b'P') => {
                    if self.hpos > 0 {
                        if self.hpos == self.history.len() {
                            self.pending = self.buf.clone();
                        }
                        self.hpos -= 1;
                        let l = self.history[self.hpos].chars().collect();
                        self.set_line(l);
                    }
                }
                Key::Down | Key::Ctrl(b'N') => {
                    if self.hpos < self.history.len() {
                        self.hpos += 1;
                        let l = if self.hpos == self.history.len() {
                            std::mem::take(&mut self.pending)
                        } else {
                            self.history[self.hpos].chars().collect()
                        };
                        self.set_line(l);
                    }
                }
                _ => continue,
            }
            self.redraw();
        }
    }
}

/// Whether `src` (the lines typed so far, joined by newlines) needs more lines before
/// it can run, and if not, whether it compiled. Mirrors `codeop`: input is incomplete
/// when the compiler's error is at the end of the input (an open bracket, an open
/// triple-quoted string, a trailing backslash, a missing indented block); a compound
/// statement (`if`, `def`, `class`, ...) also runs only after an empty line.
pub fn is_incomplete(src: &str, err: Option<(&str, usize)>) -> bool {
    let nlines = src.lines().count().max(1);
    match err {
        Some((msg, lineno)) => {
            lineno > nlines
                || msg.ends_with("was never closed")
                || msg.starts_with("unterminated triple-quoted string")
                || msg.starts_with("unexpected EOF")
                || (msg.starts_with("expected an indented block") && lineno >= nlines)
        }
        None => starts_compound(src) && !src.ends_with('\n'),
    }
}

/// Whether the first statement of `src` is a compound statement (which the REPL runs
/// only after an empty line, like CPython's).
fn starts_compound(src: &str) -> bool {
    let first = src
        .lines()
        .map(str::trim_start)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .unwrap_or("");
    if first.starts_with('@') {
        return true;
    }
    let word: String = first
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    match word.as_str() {
        "if" | "while" | "for" | "try" | "with" | "def" | "class" | "async" => true,
        "match" => first.trim_end().ends_with(':'),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn incomplete_input() {
        assert!(is_incomplete("x = (1,", Some(("'(' was never closed", 1))));
        assert!(is_incomplete("if x:", Some(("invalid syntax", 2))));
        assert!(is_incomplete("if x:\n    pass", None));
        assert!(!is_incomplete("if x:\n    pass\n", None));
        assert!(is_incomplete("if x: pass", None));
        assert!(!is_incomplete("x = [1,\n  2]", None));
        assert!(!is_incomplete("x = )", Some(("unmatched ')'", 1))));
        assert!(!is_incomplete("for i in", Some(("invalid syntax", 1))));
        assert!(is_incomplete("match x:", Some(("invalid syntax", 2))));
        assert!(!is_incomplete("match = 3", None));
    }
}
