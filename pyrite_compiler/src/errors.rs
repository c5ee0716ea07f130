//! Mapping ruff's parse errors to CPython 3.11's SyntaxError messages and positions, and
//! choosing which error CPython would report first.

use crate::error::{SyntaxErrorInfo, SyntaxErrorKind};
use crate::source::{error_text, LineIndex};
use crate::tokenizer::TokResult;
use crate::Mode;
use ruff_python_ast::token::TokenKind;
use ruff_python_ast::{Expr, Mod};
use ruff_python_parser::{
    InterpolatedStringErrorType, LexicalErrorType, ParseErrorType, Parsed,
    UnsupportedSyntaxErrorKind,
};
use ruff_text_size::{Ranged, TextRange, TextSize};

struct Candidate {
    pos: u32,
    err: SyntaxErrorInfo,
}

pub fn first_error(
    parsed: &Parsed<Mod>,
    source: &str,
    filename: &str,
    lines: &LineIndex,
    tok: &TokResult,
    mode: Mode,
) -> Option<SyntaxErrorInfo> {
    let _ = mode;
    let mut best: Option<Candidate> = None;
    let mut consider = |c: Candidate| {
        if best.as_ref().is_none_or(|b| c.pos < b.pos) {
            best = Some(c);
        }
    };
    if let Some(e) = parsed.errors().first() {
        let err = map_parse_error(&e.error, e.location, parsed, source, filename, lines);
        consider(Candidate { pos: e.location.start().into(), err });
    }
    for u in parsed.unsupported_syntax_errors() {
        if let Some(err) = map_unsupported(u.kind, u.range, source, filename, lines) {
            consider(Candidate { pos: u.range.start().into(), err });
        }
    }
    if let Some((pos, e)) = &tok.fstring {
        consider(Candidate { pos: *pos, err: e.clone() });
    }
    match best {
        None => {
            if let Some((_, e)) = &tok.deferred {
                return Some(e.clone());
            }
            tok.unclosed.clone()
        }
        Some(c) => {
            if let Some(u) = &tok.unclosed {
                return Some(u.clone());
            }
            if let Some((p, e)) = &tok.deferred {
                if *p <= c.pos || c.err.msg == "invalid syntax" && *p <= c.pos + 1 {
                    return Some(e.clone());
                }
            }
            Some(c.err)
        }
    }
}

fn at(
    lines: &LineIndex,
    filename: &str,
    kind: SyntaxErrorKind,
    msg: impl Into<String>,
    range: TextRange,
) -> SyntaxErrorInfo {
    lines.error_at(kind, msg, filename, range, true)
}

fn map_unsupported(
    kind: UnsupportedSyntaxErrorKind,
    range: TextRange,
    _source: &str,
    filename: &str,
    lines: &LineIndex,
) -> Option<SyntaxErrorInfo> {
    use UnsupportedSyntaxErrorKind as K;
    let syn = |msg: &str| Some(at(lines, filename, SyntaxErrorKind::SyntaxError, msg, range));
    match kind {
        K::TypeParameterList | K::TypeAliasStatement | K::TypeParamDefault | K::TemplateStrings
        | K::LazyImportStatement => syn("invalid syntax"),
        K::UnparenthesizedExceptionTypes => syn("multiple exception types must be parenthesized"),
        K::UnpackingInComprehension(_) => {
            if format!("{kind:?}").contains("DictInDict") {
                syn("dict unpacking cannot be used in dict comprehension")
            } else {
                syn("iterable unpacking cannot be used in comprehension")
            }
        }
        K::Pep701FString(_) => {
            let d = format!("{kind:?}");
            if d.contains("Backslash") {
                syn("f-string expression part cannot include a backslash")
            } else if d.contains("Comment") {
                syn("f-string expression part cannot include '#'")
            } else {
                syn("f-string: expecting '}'")
            }
        }
        _ => None,
    }
}

fn token_desc(k: TokenKind) -> String {
    format!("{k}")
}

/// What CPython calls an expression in "cannot assign to X".
fn target_desc(e: &Expr) -> &'static str {
    crate::codegen::expr_description(e)
}

fn find_expr_at(parsed: &Parsed<Mod>, range: TextRange) -> Option<&Expr> {
    use ruff_python_ast::visitor::{walk_expr, walk_stmt, Visitor};
    struct Finder<'a> {
        range: TextRange,
        found: Option<&'a Expr>,
    }
    impl<'a> Visitor<'a> for Finder<'a> {
        fn visit_stmt(&mut self, s: &'a ruff_python_ast::Stmt) {
            if self.found.is_none() && s.range().contains_range(self.range) {
                walk_stmt(self, s);
            }
        }
        fn visit_expr(&mut self, expr: &'a Expr) {
            if self.found.is_some() {
                return;
            }
            if expr.range() == self.range {
                self.found = Some(expr);
                return;
            }
            if expr.range().contains_range(self.range) {
                walk_expr(self, expr);
            }
        }
    }
    let mut f = Finder { range, found: None };
    match parsed.syntax() {
        Mod::Module(m) => {
            for s in m.body.iter() {
                f.visit_stmt(s);
            }
        }
        Mod::Expression(e) => f.visit_expr(&e.body),
    }
    f.found
}

pub fn map_parse_error(
    err: &ParseErrorType,
    range: TextRange,
    parsed: &Parsed<Mod>,
    source: &str,
    filename: &str,
    lines: &LineIndex,
) -> SyntaxErrorInfo {
    use ParseErrorType as P;
    let syn = |msg: &str, r: TextRange| at(lines, filename, SyntaxErrorKind::SyntaxError, msg, r);
    let invalid = || syn("invalid syntax", range);
    match err {
        P::UnexpectedIndentation => {
            let mut e = at(lines, filename, SyntaxErrorKind::IndentationError, "unexpected indent", range);
            let (line, _) = lines.line_col(range.start().into());
            let text = lines.line_text(line);
            let indent = text.chars().take_while(|c| *c == ' ' || *c == '\t' || *c == '\x0c').count();
            e.lineno = line;
            e.offset = indent as u32;
            e.end_lineno = line;
            e.end_offset = 0;
            e
        }
        P::ExpectedToken { expected, found } => {
            match expected {
                TokenKind::Colon => {
                    // CPython points just after the previous token.
                    let prev_end = prev_token_end(source, range.start());
                    syn("expected ':'", TextRange::empty(prev_end))
                }
                TokenKind::Indent => expected_indented_block(source, range, filename, lines),
                TokenKind::Rpar | TokenKind::Rsqb | TokenKind::Rbrace
                    if *found == TokenKind::EndOfFile || *found == TokenKind::Newline =>
                {
                    invalid()
                }
                _ => {
                    let _ = token_desc(*expected);
                    invalid()
                }
            }
        }
        P::InvalidAssignmentTarget => {
            let desc = find_expr_at(parsed, range).map(target_desc).unwrap_or("expression");
            match desc {
                "None" | "True" | "False" | "__debug__" => syn(&format!("cannot assign to {desc}"), range),
                "starred" => syn("starred assignment target must be in a list or tuple", range),
                _ => {
                    if is_simple_assign_target(source, range) {
                        syn(
                            &format!(
                                "cannot assign to {desc} here. Maybe you meant '==' instead of '='?"
                            ),
                            range,
                        )
                    } else {
                        syn(&format!("cannot assign to {desc}"), range)
                    }
                }
            }
        }
        P::InvalidNamedAssignmentTarget => {
            let desc = find_expr_at(parsed, range).map(target_desc).unwrap_or("expression");
            syn(&format!("cannot use assignment expressions with {desc}"), range)
        }
        P::InvalidAnnotatedAssignmentTarget => {
            let desc = find_expr_at(parsed, range).map(target_desc).unwrap_or("expression");
            match desc {
                "tuple" => syn("only single target (not tuple) can be annotated", range),
                "list" => syn("only single target (not list) can be annotated", range),
                _ => syn("illegal target for annotation", range),
            }
        }
        P::InvalidAugmentedAssignmentTarget => {
            let desc = find_expr_at(parsed, range).map(target_desc).unwrap_or("expression");
            syn(&format!("'{desc}' is an illegal expression for augmented assignment"), range)
        }
        P::InvalidDeleteTarget => {
            let desc = find_expr_at(parsed, range).map(target_desc).unwrap_or("expression");
            syn(&format!("cannot delete {desc}"), range)
        }
        P::PositionalAfterKeywordArgument => syn("positional argument follows keyword argument", range),
        P::PositionalAfterKeywordUnpacking => {
            syn("positional argument follows keyword argument unpacking", range)
        }
        P::InvalidArgumentUnpackingOrder => {
            syn("iterable argument unpacking follows keyword argument unpacking", range)
        }
        P::NonDefaultParamAfterDefaultParam => syn("non-default argument follows default argument", range),
        P::ParamAfterVarKeywordParam => syn("arguments cannot follow var-keyword argument", range),
        P::VarParameterWithDefault => {
            let text = &source[range.start().to_usize().min(source.len())..];
            if text.starts_with("**") {
                syn("var-keyword argument cannot have default value", range)
            } else {
                syn("var-positional argument cannot have default value", range)
            }
        }
        P::ExpectedKeywordParam => syn("named arguments must follow bare *", range),
        P::UnparenthesizedGeneratorExpression => {
            syn("Generator expression must be parenthesized", range)
        }
        P::IterableUnpackingInComprehension => {
            syn("iterable unpacking cannot be used in comprehension", range)
        }
        P::InvalidStarredExpressionUsage => syn("can't use starred expression here", range),
        P::InvalidYieldExpressionUsage => invalid(),
        P::UnparenthesizedNamedExpression => invalid(),
        P::UnparenthesizedTupleExpression => invalid(),
        P::InvalidLambdaExpressionUsage => invalid(),
        P::InvalidStarPatternUsage => syn("can't use starred name here", range),
        P::InvalidMatchPatternTarget => syn("cannot use '_' as a target", range),
        P::EmptyGlobalNames | P::EmptyNonlocalNames | P::EmptyDeleteTargets | P::EmptyImportNames => {
            invalid()
        }
        P::EmptySlice => invalid(),
        P::ExpectedExpression => invalid(),
        P::FStringError(f) | P::Lexical(LexicalErrorType::FStringError(f)) => {
            let msg = match f {
                InterpolatedStringErrorType::UnclosedLbrace => "f-string: expecting '}'",
                InterpolatedStringErrorType::InvalidConversionFlag => {
                    "f-string: invalid conversion character: expected 's', 'r', or 'a'"
                }
                InterpolatedStringErrorType::SingleRbrace => "f-string: single '}' is not allowed",
                InterpolatedStringErrorType::UnterminatedString => "f-string: unterminated string",
                InterpolatedStringErrorType::UnterminatedTripleQuotedString => {
                    "f-string: unterminated string"
                }
                InterpolatedStringErrorType::LambdaWithoutParentheses => "f-string: invalid syntax",
                InterpolatedStringErrorType::ConversionFlagNotImmediatelyAfterExclamation => {
                    "f-string: invalid conversion character: expected 's', 'r', or 'a'"
                }
                InterpolatedStringErrorType::NewlineInFormatSpec => "f-string: expecting '}'",
            };
            syn(msg, range)
        }
        P::Lexical(l) => match l {
            LexicalErrorType::IndentationError => at(
                lines,
                filename,
                SyntaxErrorKind::IndentationError,
                "unindent does not match any outer indentation level",
                range,
            ),
            LexicalErrorType::Eof => syn("unexpected EOF while parsing", range),
            LexicalErrorType::UnicodeError
            | LexicalErrorType::MissingUnicodeLbrace
            | LexicalErrorType::MissingUnicodeRbrace => unicode_error(source, range, filename, lines),
            LexicalErrorType::InvalidByteLiteral => {
                syn("bytes can only contain ASCII literal characters", range)
            }
            LexicalErrorType::LineContinuationError => {
                syn("unexpected character after line continuation character", range)
            }
            _ => invalid(),
        },
        _ => invalid(),
    }
}

/// "(unicode error) 'unicodeescape' codec can't decode bytes in position a-b: ..."
fn unicode_error(source: &str, range: TextRange, filename: &str, lines: &LineIndex) -> SyntaxErrorInfo {
    let start = range.start().to_usize().min(source.len());
    let text = &source[start..];
    let msg = if text.starts_with("\\N") || text.starts_with('N') || text.starts_with('{') {
        "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-1: malformed \\N character escape"
    } else {
        "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-1: truncated \\xXX escape"
    };
    at(lines, filename, SyntaxErrorKind::SyntaxError, msg, range)
}

fn prev_token_end(source: &str, pos: TextSize) -> TextSize {
    let mut p = pos.to_usize().min(source.len());
    let b = source.as_bytes();
    while p > 0 && (b[p - 1] == b' ' || b[p - 1] == b'\t' || b[p - 1] == b'\n' || b[p - 1] == b'\r') {
        p -= 1;
    }
    TextSize::new(p as u32)
}

/// Is the range the target of a plain `x = ...` statement (not augmented)?
fn is_simple_assign_target(source: &str, range: TextRange) -> bool {
    let end = range.end().to_usize().min(source.len());
    let rest = source[end..].trim_start_matches([' ', '\t', ')']);
    rest.starts_with('=') && !rest.starts_with("==")
}

/// "expected an indented block after 'if' statement on line N"
fn expected_indented_block(
    source: &str,
    range: TextRange,
    filename: &str,
    lines: &LineIndex,
) -> SyntaxErrorInfo {
    // Find the header line: the last non-blank line before the error position that ends
    // with ':'.
    let pos: u32 = range.start().into();
    let (err_line, _) = lines.line_col(pos);
    let mut l = err_line.saturating_sub(1);
    let mut what = String::from("invalid syntax");
    while l >= 1 {
        let text = lines.line_text(l).trim();
        if text.is_empty() || text.starts_with('#') {
            l -= 1;
            continue;
        }
        let first = text.split(|c: char| !c.is_alphanumeric() && c != '_').next().unwrap_or("");
        let kw = match first {
            "if" => Some("'if' statement"),
            "elif" => Some("'elif' statement"),
            "else" => Some("'else' statement"),
            "for" => Some("'for' statement"),
            "while" => Some("'while' statement"),
            "with" => Some("'with' statement"),
            "try" => Some("'try' statement"),
            "except" => Some(if text.starts_with("except*") || text.starts_with("except *") {
                "'except*' statement"
            } else {
                "'except' statement"
            }),
            "finally" => Some("'finally' statement"),
            "match" => Some("'match' statement"),
            "case" => Some("'case' statement"),
            "def" => None,
            "class" => None,
            "async" => None,
            _ => None,
        };
        what = match kw {
            Some(k) => format!("expected an indented block after {k} on line {l}"),
            None => {
                let name = text
                    .trim_start_matches("async ")
                    .trim_start_matches("def ")
                    .trim_start_matches("class ");
                let name: String = name.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                if first == "def" || (first == "async" && text.contains("def ")) {
                    format!("expected an indented block after function definition on line {l}")
                } else if first == "class" {
                    format!("expected an indented block after class definition on line {l}")
                } else if first == "async" && text.contains("for ") {
                    format!("expected an indented block after 'for' statement on line {l}")
                } else if first == "async" && text.contains("with ") {
                    format!("expected an indented block after 'with' statement on line {l}")
                } else {
                    let _ = name;
                    "expected an indented block".to_string()
                }
            }
        };
        break;
    }
    let mut e = SyntaxErrorInfo::new(SyntaxErrorKind::IndentationError, what, filename);
    // CPython points at the first token of the unindented line.
    let mut p = pos as usize;
    let b = source.as_bytes();
    while p < b.len() && (b[p] == b'\n' || b[p] == b'\r' || b[p] == b' ' || b[p] == b'\t') {
        p += 1;
    }
    let (line, col) = lines.line_col(p.min(b.len()) as u32);
    e.lineno = line;
    e.end_lineno = line;
    e.offset = lines.char_offset(line, col);
    let tok_end = source[p.min(b.len())..]
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .map(|k| k.max(1))
        .unwrap_or(1);
    e.end_offset = lines.char_offset(line, col + tok_end as u32);
    e.text = Some(error_text(lines.line_text(line)));
    e
}
