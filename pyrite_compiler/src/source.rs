//! Source text helpers: decoding bytes to text (PEP 263), and mapping byte offsets to
//! CPython-style positions (1-based lines, 0-based UTF-8 byte columns).

use crate::code::Location;
use crate::error::{SyntaxErrorInfo, SyntaxErrorKind};
use ruff_text_size::TextRange;

/// Maps byte offsets of one source text to lines and columns.
pub struct LineIndex<'a> {
    pub source: &'a str,
    /// Byte offset of the start of each line (line i+1 starts at `starts[i]`).
    starts: Vec<u32>,
}

impl<'a> LineIndex<'a> {
    pub fn new(source: &'a str) -> Self {
        let mut starts = vec![0u32];
        let bytes = source.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => starts.push((i + 1) as u32),
                b'\r' => {
                    if i + 1 < bytes.len() && bytes[i + 1] == b'\n' {
                        i += 1;
                    }
                    starts.push((i + 1) as u32);
                }
                _ => {}
            }
            i += 1;
        }
        LineIndex { source, starts }
    }

    /// 1-based line and 0-based byte column of a byte offset.
    pub fn line_col(&self, offset: u32) -> (u32, u32) {
        let line = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        (line as u32 + 1, offset - self.starts[line])
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    pub fn line_start(&self, line: u32) -> u32 {
        let i = (line.max(1) - 1) as usize;
        self.starts
            .get(i)
            .copied()
            .unwrap_or(self.source.len() as u32)
    }

    pub fn location(&self, range: TextRange) -> Location {
        let (line, col) = self.line_col(range.start().into());
        let (end_line, end_col) = self.line_col(range.end().into());
        Location {
            line,
            end_line,
            col,
            end_col,
        }
    }

    /// The text of line `line` (1-based) including its line terminator (if any).
    pub fn line_text(&self, line: u32) -> &'a str {
        let i = (line.max(1) - 1) as usize;
        let Some(&start) = self.starts.get(i) else {
            return "";
        };
        let end = self
            .starts
            .get(i + 1)
            .copied()
            .unwrap_or(self.source.len() as u32);
        self.source.get(start as usize..end as usize).unwrap_or("")
    }

    /// Convert a byte column on `line` into a 1-based character offset (CPython's `offset`).
    pub fn char_offset(&self, line: u32, byte_col: u32) -> u32 {
        let text = self.line_text(line);
        let mut col = (byte_col as usize).min(text.len());
        while col > 0 && !text.is_char_boundary(col) {
            col -= 1;
        }
        text[..col].chars().count() as u32 + 1
    }

    /// A SyntaxError located at `range`; `char_cols` selects character-based offsets (parser
    /// errors) or byte-based ones (what CPython's compiler and symtable report).
    pub fn error_at(
        &self,
        kind: SyntaxErrorKind,
        msg: impl Into<String>,
        filename: &str,
        range: TextRange,
        char_cols: bool,
    ) -> SyntaxErrorInfo {
        let (line, col) = self.line_col(range.start().into());
        let (end_line, end_col) = self.line_col(range.end().into());
        let mut e = SyntaxErrorInfo::new(kind, msg, filename);
        e.lineno = line;
        e.end_lineno = end_line;
        if char_cols {
            e.offset = self.char_offset(line, col);
            e.end_offset = self.char_offset(end_line, end_col);
        } else {
            e.offset = col + 1;
            e.end_offset = end_col + 1;
        }
        e.text = Some(error_text(self.line_text(line)));
        e
    }
}

/// CPython keeps the line's newline in `text` but normalizes `\r\n`.
pub fn error_text(line: &str) -> String {
    let mut s = line.trim_end_matches(['\r', '\n']).to_string();
    s.push('\n');
    s
}

/// Decode Python source bytes: UTF-8 BOM, PEP 263 coding cookie on line 1 or 2.
pub fn decode_source(bytes: &[u8], filename: &str) -> Result<String, SyntaxErrorInfo> {
    let (bytes, has_bom) = match bytes.strip_prefix(b"\xef\xbb\xbf") {
        Some(rest) => (rest, true),
        None => (bytes, false),
    };
    let mut encoding: Option<(String, u32)> = None;
    // Look for a cookie in the first two lines.
    let mut line_start = 0usize;
    for lineno in 1..=2u32 {
        if line_start >= bytes.len() {
            break;
        }
        let end = bytes[line_start..]
            .iter()
            .position(|&b| b == b'\n' || b == b'\r')
            .map(|p| line_start + p)
            .unwrap_or(bytes.len());
        let line = &bytes[line_start..end];
        if let Some(enc) = find_cookie(line) {
            encoding = Some((enc, lineno));
            break;
        }
        // Only a comment or blank line may precede the cookie line.
        let trimmed: Vec<u8> = line
            .iter()
            .copied()
            .skip_while(|b| *b == b' ' || *b == b'\t' || *b == b'\x0c')
            .collect();
        if !(trimmed.is_empty() || trimmed[0] == b'#') {
            break;
        }
        let mut next = end;
        if next < bytes.len() && bytes[next] == b'\r' {
            next += 1;
        }
        if next < bytes.len() && bytes[next] == b'\n' {
            next += 1;
        }
        line_start = next;
    }
    let err = |msg: String, lineno: u32| {
        let mut e = SyntaxErrorInfo::new(SyntaxErrorKind::SyntaxError, msg, filename);
        e.lineno = lineno;
        e
    };
    if let Some((enc, lineno)) = &encoding {
        let norm = normalize_encoding(enc);
        match norm.as_str() {
            "utf-8" => {}
            "latin-1" => {
                if has_bom {
                    return Err(err(format!("encoding problem: {enc} with BOM"), *lineno));
                }
                return Ok(bytes.iter().map(|&b| b as char).collect());
            }
            "ascii" => {
                if has_bom {
                    return Err(err(format!("encoding problem: {enc} with BOM"), *lineno));
                }
                if let Some(pos) = bytes.iter().position(|&b| b >= 0x80) {
                    let (line, _) = line_of_pos(bytes, pos);
                    return Err(err(
                        format!(
                            "(unicode error) 'ascii' codec can't decode byte 0x{:02x} in position {}: ordinal not in range(128)",
                            bytes[pos], pos - bytes[..pos].iter().rposition(|&c| c == b'\n').map(|p| p + 1).unwrap_or(0)
                        ),
                        line,
                    ));
                }
                return Ok(String::from_utf8_lossy(bytes).into_owned());
            }
            other => {
                if let Some((_, table)) = crate::codepages::TABLES
                    .iter()
                    .find(|(names, _)| names.contains(&other))
                {
                    if has_bom {
                        return Err(err(format!("encoding problem: {enc} with BOM"), *lineno));
                    }
                    let high: Vec<char> = table.chars().collect();
                    return Ok(bytes
                        .iter()
                        .map(|&b| {
                            if b < 0x80 {
                                b as char
                            } else {
                                high.get(b as usize - 0x80).copied().unwrap_or('\u{fffd}')
                            }
                        })
                        .collect());
                }
                return Err(err(format!("unknown encoding: {enc}"), *lineno));
            }
        }
    }
    let mut owned: Option<Vec<u8>> = None;
    loop {
        let cur: &[u8] = owned.as_deref().unwrap_or(bytes);
        let e = match std::str::from_utf8(cur) {
            Ok(s) => return Ok(s.to_string()),
            Err(e) => e,
        };
        let pos = e.valid_up_to();
        // CPython 3.11 decodes tokens, not comments: invalid bytes inside a comment pass.
        if in_comment(cur, pos) {
            let n = e.error_len().unwrap_or(cur.len() - pos);
            let mut v = cur.to_vec();
            v.splice(pos..pos + n, "\u{fffd}".bytes());
            owned = Some(v);
            continue;
        }
        let (line, _) = line_of_pos(cur, pos);
        let b = cur[pos];
        let ppos = pos_in_token(cur, pos);
        let msg = if !(0xc2..=0xf4).contains(&b) {
            format!(
                "(unicode error) 'utf-8' codec can't decode byte 0x{b:02x} in position {ppos}: invalid start byte"
            )
        } else {
            let n = e.error_len().unwrap_or(cur.len() - pos).max(1);
            let next = cur.get(pos + n).copied();
            let at_end = matches!(
                next,
                None | Some(b'\n') | Some(b'\r') | Some(b'\'') | Some(b'"')
            );
            let reason = if at_end {
                "unexpected end of data"
            } else {
                "invalid continuation byte"
            };
            if n == 1 {
                format!("(unicode error) 'utf-8' codec can't decode byte 0x{b:02x} in position {ppos}: {reason}")
            } else {
                format!(
                    "(unicode error) 'utf-8' codec can't decode bytes in position {}-{}: {reason}",
                    ppos,
                    ppos + n - 1
                )
            }
        };
        let mut e = err(msg, line);
        let line_start = cur[..pos]
            .iter()
            .rposition(|&c| c == b'\n')
            .map(|p| p + 1)
            .unwrap_or(0);
        let line_end = cur[pos..]
            .iter()
            .position(|&c| c == b'\n')
            .map(|p| p + pos)
            .unwrap_or(cur.len());
        let text = String::from_utf8_lossy(&cur[line_start..line_end]).into_owned();
        e.offset = text.chars().count() as u32 + 1;
        e.end_lineno = line;
        e.end_offset = e.offset;
        e.text = Some(error_text(&text));
        return Err(e);
    }
}

/// Is byte `pos` inside a comment (a `#` outside quotes earlier on its line)?
fn in_comment(bytes: &[u8], pos: usize) -> bool {
    let start = bytes[..pos]
        .iter()
        .rposition(|&b| b == b'\n')
        .map(|p| p + 1)
        .unwrap_or(0);
    let mut quote: Option<u8> = None;
    let mut i = start;
    while i < pos {
        let c = bytes[i];
        match quote {
            Some(q) => {
                if c == b'\\' {
                    i += 1;
                } else if c == q {
                    quote = None;
                }
            }
            None => {
                if c == b'#' {
                    return true;
                }
                if c == b'\'' || c == b'"' {
                    quote = Some(c);
                }
            }
        }
        i += 1;
    }
    false
}

/// Position of a byte relative to the start of the string literal's body containing it
/// (CPython reports decoding errors per token), else relative to the line.
fn pos_in_token(bytes: &[u8], pos: usize) -> usize {
    let start = bytes[..pos]
        .iter()
        .rposition(|&b| b == b'\n')
        .map(|p| p + 1)
        .unwrap_or(0);
    let mut quote: Option<(u8, usize)> = None;
    let mut i = start;
    while i < pos {
        let c = bytes[i];
        match quote {
            Some((q, _)) => {
                if c == b'\\' {
                    i += 1;
                } else if c == q {
                    quote = None;
                }
            }
            None => {
                if c == b'\'' || c == b'"' {
                    let triple = bytes.get(i + 1) == Some(&c) && bytes.get(i + 2) == Some(&c);
                    let body = if triple { i + 3 } else { i + 1 };
                    quote = Some((c, body));
                    if triple {
                        i += 2;
                    }
                }
            }
        }
        i += 1;
    }
    match quote {
        Some((_, body)) if body <= pos => pos - body,
        _ => pos - start,
    }
}

fn line_of_pos(bytes: &[u8], pos: usize) -> (u32, usize) {
    let line = bytes[..pos].iter().filter(|&&b| b == b'\n').count() as u32 + 1;
    (line, pos)
}

/// Find `coding[:=]\s*([-\w.]+)` in a comment line.
fn find_cookie(line: &[u8]) -> Option<String> {
    let mut i = 0;
    while i < line.len() && (line[i] == b' ' || line[i] == b'\t' || line[i] == b'\x0c') {
        i += 1;
    }
    if i >= line.len() || line[i] != b'#' {
        return None;
    }
    let text = &line[i..];
    let mut pos = 0;
    while let Some(p) = find_sub(&text[pos..], b"coding") {
        let after = pos + p + 6;
        if after < text.len() && (text[after] == b':' || text[after] == b'=') {
            let mut j = after + 1;
            while j < text.len() && (text[j] == b' ' || text[j] == b'\t') {
                j += 1;
            }
            let start = j;
            while j < text.len()
                && (text[j].is_ascii_alphanumeric()
                    || text[j] == b'-'
                    || text[j] == b'_'
                    || text[j] == b'.')
            {
                j += 1;
            }
            if j > start {
                return Some(String::from_utf8_lossy(&text[start..j]).into_owned());
            }
        }
        pos = after;
    }
    None
}

fn find_sub(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn normalize_encoding(enc: &str) -> String {
    let lower: String = enc
        .chars()
        .map(|c| {
            if c == '_' {
                '-'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect();
    if lower == "utf-8"
        || lower.starts_with("utf-8-")
        || lower == "utf8"
        || lower == "u8"
        || lower == "utf"
        || lower == "cp65001"
    {
        return "utf-8".into();
    }
    if lower == "latin-1"
        || lower == "iso-8859-1"
        || lower == "iso8859-1"
        || lower == "latin1"
        || lower == "l1"
        || lower == "8859"
        || lower == "cp819"
        || lower == "iso-ir-100"
        || lower == "latin"
        || lower == "iso-8859-1:1987"
        || lower.starts_with("latin-1-")
        || lower.starts_with("iso-8859-1-")
        || lower.starts_with("iso-latin-1")
    {
        return "latin-1".into();
    }
    if lower == "ascii"
        || lower == "us-ascii"
        || lower == "646"
        || lower == "us"
        || lower == "ansi-x3.4-1968"
        || lower == "ansi-x3.4-1986"
        || lower == "iso646-us"
        || lower == "cp367"
        || lower == "csascii"
        || lower == "ibm367"
        || lower == "iso-ir-6"
    {
        return "ascii".into();
    }
    lower
}
