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
    // The first error ruff detected, unless an f-string error lies earlier (ruff reports
    // some f-string errors after parsing the whole replacement field).
    let first = parsed.errors().first();
    let fstring_earlier = parsed
        .errors()
        .iter()
        .filter(|e| matches!(e.error, ParseErrorType::FStringError(_)))
        .min_by_key(|e| e.location.start())
        .filter(|e| first.is_some_and(|f| e.location.start() < f.location.start()));
    if let Some(e) = fstring_earlier.or(first) {
        let err = map_parse_error(&e.error, e.location, parsed, source, filename, lines);
        consider(Candidate {
            pos: e.location.start().into(),
            err,
        });
    }
    for u in parsed.unsupported_syntax_errors() {
        if let Some(err) = map_unsupported(u.kind, u.range, source, filename, lines) {
            consider(Candidate {
                pos: u.range.start().into(),
                err,
            });
        }
    }
    if let Some((pos, e)) = &tok.fstring {
        consider(Candidate {
            pos: *pos,
            err: e.clone(),
        });
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
                if c.err.lineno > u.lineno || reaches_eof(source, c.pos as usize) {
                    return Some(u.clone());
                }
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
    let syn = |msg: &str| {
        Some(at(
            lines,
            filename,
            SyntaxErrorKind::SyntaxError,
            msg,
            range,
        ))
    };
    match kind {
        K::TypeParameterList => {
            let ls = logical_line_start(_source, range.start().to_usize());
            let t = _source[ls..].trim_start_matches("async").trim_start();
            let msg = if t.starts_with("def") {
                "expected '('"
            } else {
                "invalid syntax"
            };
            Some(at(
                lines,
                filename,
                SyntaxErrorKind::SyntaxError,
                msg,
                TextRange::new(range.start(), range.start() + TextSize::new(1)),
            ))
        }
        K::TypeAliasStatement => {
            let p = range.start().to_usize() + 4;
            let rest = &_source[p.min(_source.len())..];
            let skip = rest.len() - rest.trim_start().len();
            let s = TextSize::new((p + skip) as u32);
            Some(at(
                lines,
                filename,
                SyntaxErrorKind::SyntaxError,
                "invalid syntax",
                TextRange::new(s, s + TextSize::new(1)),
            ))
        }
        K::TypeParamDefault | K::TemplateStrings | K::LazyImportStatement => syn("invalid syntax"),
        K::ParenthesizedKeywordArgumentName => {
            let s = range.start() + TextSize::new(1);
            let rest = &_source[range.end().to_usize().min(_source.len())..];
            let eq = rest.find('=').map(|k| k + 1).unwrap_or(0);
            let vstart = range.end().to_usize() + eq;
            let vend = token_end(_source, vstart);
            Some(at(
                lines,
                filename,
                SyntaxErrorKind::SyntaxError,
                "expression cannot contain assignment, perhaps you meant \"==\"?",
                TextRange::new(s, TextSize::new(vend as u32)),
            ))
        }
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
        P::OtherError(m) => {
            let m = m.as_str();
            if m.starts_with("Expected an indented block after") {
                return expected_indented_block(source, range, filename, lines);
            }
            let msg = match m {
                "Only single target (not tuple) can be annotated" => {
                    "only single target (not tuple) can be annotated"
                }
                "Only single target (not list) can be annotated" => {
                    "only single target (not list) can be annotated"
                }
                "Position-only parameter separator not allowed as first parameter" => {
                    "at least one argument must precede /"
                }
                "Only one '/' separator allowed" => "/ may appear only once",
                "Only one '*' separator allowed" | "Only one '*' parameter allowed" => {
                    "* argument may appear only once"
                }
                "'/' parameter must appear before '*' parameter" => "/ must be ahead of *",
                "Only one '**' parameter allowed" => "arguments cannot follow var-keyword argument",
                "Star import must be the only import" | "Star import cannot be parenthesized" => {
                    "invalid syntax"
                }
                "Multiple exception types must be parenthesized when using `as`" => {
                    "multiple exception types must be parenthesized"
                }
                "Cannot have both 'except' and 'except*' on the same 'try'" => {
                    "cannot have both 'except' and 'except*' on the same 'try'"
                }
                "Expected one or more exception types" => "expected one or more exception types",
                "Expected a parameter name" => {
                    let t = &source[range.start().to_usize().min(source.len())..];
                    for kw in ["True", "False", "None"] {
                        if t.starts_with(kw) && t[kw.len()..].trim_start().starts_with('=') {
                            let eq = kw.len() + t[kw.len()..].find('=').unwrap_or(0) + 1;
                            let after = &t[eq..];
                            let skip = after.len() - after.trim_start().len();
                            let vstart = range.start().to_usize() + eq + skip;
                            let vend = token_end(source, vstart);
                            return syn(
                                &format!("cannot assign to {kw}"),
                                TextRange::new(range.start(), TextSize::new(vend as u32)),
                            );
                        }
                    }
                    let rest = &source[range.end().to_usize().min(source.len())..];
                    if rest.trim_start().starts_with('=') && !rest.trim_start().starts_with("==") {
                        let eq = rest.find('=').map(|k| k + 1).unwrap_or(0);
                        let after = &rest[eq..];
                        let skip = after.len() - after.trim_start().len();
                        let vstart = range.end().to_usize() + eq + skip;
                        let vend = token_end(source, vstart);
                        return syn(
                            "expression cannot contain assignment, perhaps you meant \"==\"?",
                            TextRange::new(range.start(), TextSize::new(vend as u32)),
                        );
                    }
                    "invalid syntax"
                }
                "Bytes literal cannot be mixed with non-bytes literals" => {
                    return syn(
                        "cannot mix bytes and nonbytes literals",
                        TextRange::empty(range.end()),
                    );
                }
                "`else` block must come before `finally` block" => "invalid syntax",
                "Expected `except` or `finally` after `try` block" => {
                    // CPython points at the first statement after the `try` body.
                    let ls = logical_line_start(source, range.start().to_usize().min(source.len()));
                    let mut p = ls;
                    // Walk back to the `try` header.
                    let b = source.as_bytes();
                    let mut try_indent = None;
                    let mut q = range.start().to_usize().min(source.len());
                    while q > 0 {
                        let line_start =
                            source[..q].rfind(['\n', '\r']).map(|i| i + 1).unwrap_or(0);
                        let t = &source[line_start..];
                        let ind = t.len() - t.trim_start_matches([' ', '\t']).len();
                        if t[ind..].starts_with("try") {
                            try_indent = Some((line_start, ind));
                            break;
                        }
                        if line_start == 0 {
                            break;
                        }
                        q = line_start - 1;
                    }
                    if let Some((tl, ind)) = try_indent {
                        // First later non-blank line with indentation <= the try's.
                        let mut pos = source[tl..]
                            .find(['\n', '\r'])
                            .map(|i| tl + i + 1)
                            .unwrap_or(source.len());
                        while pos < source.len() {
                            let t = &source[pos..];
                            let li = t.len() - t.trim_start_matches([' ', '\t']).len();
                            let rest = &t[li..];
                            if !rest.is_empty() && !rest.starts_with(['\n', '\r', '#']) && li <= ind
                            {
                                p = pos + li;
                                break;
                            }
                            pos = t
                                .find(['\n', '\r'])
                                .map(|i| pos + i + 1)
                                .unwrap_or(source.len());
                        }
                    }
                    let _ = b;
                    let end = token_end(source, p);
                    return syn(
                        "expected 'except' or 'finally' block",
                        TextRange::new(TextSize::new(p as u32), TextSize::new(end as u32)),
                    );
                }
                "Trailing comma not allowed" => {
                    let rest = &source[range.end().to_usize().min(source.len())..];
                    let skip = rest.len() - rest.trim_start_matches([' ', '\t']).len();
                    let next = range.end() + TextSize::new(skip as u32);
                    if first_word(source, range.start().to_usize()) == "from" {
                        let e = next;
                        return syn(
                            "trailing comma not allowed without surrounding parentheses",
                            TextRange::new(e, e),
                        );
                    }
                    return syn("invalid syntax", TextRange::new(next, next));
                }
                _ => "invalid syntax",
            };
            syn(msg, range)
        }
        P::SimpleStatementsOnSameLine | P::SimpleAndCompoundStatementOnSameLine => {
            let here = &source[range.start().to_usize().min(source.len())..];
            if here.starts_with("not ") && !here[4..].trim_start().starts_with("in") {
                let skip = here[3..].len() - here[3..].trim_start().len();
                let p = range.start() + TextSize::new(3 + skip as u32);
                return syn("invalid syntax", TextRange::new(p, p + TextSize::new(1)));
            }
            let ls = logical_line_start(source, range.start().to_usize());
            let line_text = &source[ls..];
            for kw in ["print", "exec"] {
                if line_text.starts_with(kw)
                    && line_text[kw.len()..].starts_with([' ', '\t'])
                    && !line_text[kw.len()..]
                        .trim_start()
                        .starts_with(['=', '(', '.', '['])
                {
                    let end = ls + line_text.find(['\n', '\r']).unwrap_or(line_text.len());
                    let end = ls + source[ls..end].trim_end().len();
                    return syn(
                        &format!("Missing parentheses in call to '{kw}'. Did you mean {kw}(...)?"),
                        TextRange::new(TextSize::new(ls as u32), TextSize::new(end as u32)),
                    );
                }
            }
            invalid()
        }
        P::UnexpectedIndentation => {
            let mut e = at(
                lines,
                filename,
                SyntaxErrorKind::IndentationError,
                "unexpected indent",
                range,
            );
            let (line, _) = lines.line_col(range.start().into());
            let text = lines.line_text(line);
            let indent = text
                .chars()
                .take_while(|c| *c == ' ' || *c == '\t' || *c == '\x0c')
                .count();
            e.lineno = line;
            e.offset = indent as u32;
            e.end_lineno = line;
            e.end_offset = 0;
            e
        }
        P::ExpectedToken { expected, found } => {
            let starts_expr = matches!(
                found,
                TokenKind::Name
                    | TokenKind::Int
                    | TokenKind::Float
                    | TokenKind::Complex
                    | TokenKind::String
                    | TokenKind::FStringStart
                    | TokenKind::Lpar
                    | TokenKind::Lsqb
                    | TokenKind::Lbrace
                    | TokenKind::None
                    | TokenKind::True
                    | TokenKind::False
                    | TokenKind::Ellipsis
            );
            let augassign = matches!(
                found,
                TokenKind::PlusEqual
                    | TokenKind::MinusEqual
                    | TokenKind::StarEqual
                    | TokenKind::SlashEqual
                    | TokenKind::PercentEqual
                    | TokenKind::AmperEqual
                    | TokenKind::VbarEqual
                    | TokenKind::CircumflexEqual
                    | TokenKind::LeftShiftEqual
                    | TokenKind::RightShiftEqual
                    | TokenKind::DoubleStarEqual
                    | TokenKind::DoubleSlashEqual
                    | TokenKind::AtEqual
            );
            match expected {
                TokenKind::Comma if augassign => {
                    let ls = logical_line_start(source, range.start().to_usize());
                    let end = prev_token_end(source, range.start());
                    syn(
                        "'tuple' is an illegal expression for augmented assignment",
                        TextRange::new(TextSize::new(ls as u32), end),
                    )
                }
                TokenKind::Else => {
                    let r = find_if_expr_containing(parsed, range.start()).unwrap_or(range);
                    syn("expected 'else' after 'if' expression", r)
                }
                TokenKind::Comma | TokenKind::Rpar | TokenKind::Rsqb | TokenKind::Rbrace
                    if starts_expr
                        && enclosing_bracket(source, range.start().to_usize()).is_some() =>
                {
                    let prev_end = prev_token_end(source, range.start());
                    let prev = find_expr_ending_at(parsed, prev_end);
                    let legacy = prev.is_some_and(|p| {
                        matches!(p, Expr::Name(n) if n.id.as_str() == "print" || n.id.as_str() == "exec")
                    });
                    match prev {
                        Some(p) if !legacy => {
                            let next_end = token_end(source, range.start().to_usize());
                            syn(
                                "invalid syntax. Perhaps you forgot a comma?",
                                TextRange::new(p.range().start(), TextSize::new(next_end as u32)),
                            )
                        }
                        _ => invalid(),
                    }
                }
                TokenKind::Colon
                    if *found == TokenKind::Equal
                        && matches!(
                            first_word(source, range.start().to_usize()),
                            "if" | "elif" | "while"
                        ) =>
                {
                    let prev_end = prev_token_end(source, range.start());
                    let start = find_expr_ending_at(parsed, prev_end)
                        .map(|e| e.range().start())
                        .unwrap_or(range.start());
                    let after = range.end().to_usize();
                    let end = expr_text_end(source, after);
                    syn(
                        "invalid syntax. Maybe you meant '==' or ':=' instead of '='?",
                        TextRange::new(start, TextSize::new(end as u32)),
                    )
                }
                TokenKind::Colon
                    if enclosing_bracket(source, range.start().to_usize()) == Some(b'{') =>
                {
                    let prev_end = prev_token_end(source, range.start());
                    let start = find_expr_ending_at(parsed, prev_end)
                        .map(|e| e.range().start())
                        .unwrap_or(range.start());
                    let mut e = syn(
                        "':' expected after dictionary key",
                        TextRange::new(start, prev_end),
                    );
                    e.end_offset = 0;
                    e
                }
                TokenKind::Colon
                    if matches!(found, TokenKind::Dot | TokenKind::Lsqb | TokenKind::Lpar)
                        && source[..prev_token_end(source, range.start()).to_usize()]
                            .trim_end_matches(|c: char| c.is_alphanumeric() || c == '_')
                            .ends_with(" as ") =>
                {
                    invalid()
                }
                TokenKind::Colon => {
                    // CPython points at the offending token.
                    syn("expected ':'", TextRange::empty(range.start()))
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
            let desc = find_expr_at(parsed, range)
                .map(target_desc)
                .unwrap_or("expression");
            match desc {
                "None" | "True" | "False" | "__debug__" => {
                    syn(&format!("cannot assign to {desc}"), range)
                }
                "starred" => syn(
                    "starred assignment target must be in a list or tuple",
                    range,
                ),
                "yield expression"
                    if !is_first_target(source, range)
                        || source[range.start().to_usize().min(source.len())..]
                            .starts_with("yield") =>
                {
                    syn("assignment to yield expression not possible", range)
                }
                _ => {
                    if !matches!(desc, "generator expression" | "list" | "tuple")
                        && is_first_target(source, range)
                        && is_simple_assign_target(source, range)
                    {
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
            let desc = find_expr_at(parsed, range)
                .map(target_desc)
                .unwrap_or("expression");
            syn(
                &format!("cannot use assignment expressions with {desc}"),
                range,
            )
        }
        P::InvalidAnnotatedAssignmentTarget => {
            let desc = find_expr_at(parsed, range)
                .map(target_desc)
                .unwrap_or("expression");
            match desc {
                "tuple" => syn("only single target (not tuple) can be annotated", range),
                "list" => syn("only single target (not list) can be annotated", range),
                _ => syn("illegal target for annotation", range),
            }
        }
        P::InvalidAugmentedAssignmentTarget => {
            let desc = find_expr_at(parsed, range)
                .map(target_desc)
                .unwrap_or("expression");
            syn(
                &format!("'{desc}' is an illegal expression for augmented assignment"),
                range,
            )
        }
        P::InvalidDeleteTarget => {
            let desc = find_expr_at(parsed, range)
                .map(target_desc)
                .unwrap_or("expression");
            syn(&format!("cannot delete {desc}"), range)
        }
        P::PositionalAfterKeywordArgument => syn(
            "positional argument follows keyword argument",
            TextRange::new(range.end(), range.end() + TextSize::new(1)),
        ),
        P::PositionalAfterKeywordUnpacking => syn(
            "positional argument follows keyword argument unpacking",
            TextRange::new(range.end(), range.end() + TextSize::new(1)),
        ),
        P::InvalidArgumentUnpackingOrder => syn(
            "iterable argument unpacking follows keyword argument unpacking",
            range,
        ),
        P::NonDefaultParamAfterDefaultParam => {
            syn("non-default argument follows default argument", range)
        }
        P::ParamAfterVarKeywordParam => syn("arguments cannot follow var-keyword argument", range),
        P::VarParameterWithDefault => {
            let text = &source[range.start().to_usize().min(source.len())..];
            if text.starts_with("**") {
                syn("var-keyword argument cannot have default value", range)
            } else {
                syn("var-positional argument cannot have default value", range)
            }
        }
        P::ExpectedKeywordParam => {
            let b = source.as_bytes();
            let mut p = range.start().to_usize().min(b.len());
            while p > 0 {
                p -= 1;
                if b[p] == b'*' && (p == 0 || b[p - 1] != b'*') && b.get(p + 1) != Some(&b'*') {
                    return syn(
                        "named arguments must follow bare *",
                        TextRange::new(TextSize::new(p as u32), TextSize::new(p as u32 + 1)),
                    );
                }
            }
            syn("named arguments must follow bare *", range)
        }
        P::UnparenthesizedGeneratorExpression => {
            if first_word(source, range.start().to_usize()) == "class" {
                let text = &source[range.start().to_usize().min(source.len())
                    ..range.end().to_usize().min(source.len())];
                if let Some(k) = text.find(" for ") {
                    let p = range.start() + TextSize::new(k as u32 + 1);
                    return syn("invalid syntax", TextRange::new(p, p + TextSize::new(3)));
                }
                return invalid();
            }
            syn("Generator expression must be parenthesized", range)
        }
        P::ExpectedImaginaryNumber => syn("imaginary number required in complex literal", range),
        P::ExpectedRealNumber => syn("real number required in complex literal", range),
        P::IterableUnpackingInComprehension => {
            syn("iterable unpacking cannot be used in comprehension", range)
        }
        P::InvalidStarredExpressionUsage => {
            let p = prev_token_end(source, range.start()).to_usize();
            let prev = source[..p].chars().next_back().unwrap_or(' ');
            if "+-/%&|^<>~@*".contains(prev) {
                invalid()
            } else {
                syn("can't use starred expression here", range)
            }
        }
        P::InvalidYieldExpressionUsage => invalid(),
        P::UnparenthesizedNamedExpression => invalid(),
        P::UnparenthesizedTupleExpression => invalid(),
        P::InvalidLambdaExpressionUsage => invalid(),
        P::InvalidStarPatternUsage => syn("can't use starred name here", range),
        P::InvalidMatchPatternTarget => {
            let before = source[..range.start().to_usize().min(source.len())].trim_end();
            if before.ends_with(" as") {
                syn("cannot use '_' as a target", range)
            } else {
                invalid()
            }
        }
        P::EmptyGlobalNames
        | P::EmptyNonlocalNames
        | P::EmptyDeleteTargets
        | P::EmptyImportNames => invalid(),
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
            | LexicalErrorType::MissingUnicodeRbrace => {
                unicode_error(source, range, filename, lines)
            }
            LexicalErrorType::InvalidByteLiteral => {
                let start = string_token_start(source, range.start().to_usize());
                let end = string_token_end(source, start);
                syn(
                    "bytes can only contain ASCII literal characters",
                    TextRange::new(TextSize::new(start as u32), TextSize::new(end as u32)),
                )
            }
            LexicalErrorType::LineContinuationError => syn(
                "unexpected character after line continuation character",
                range,
            ),
            _ => invalid(),
        },
        _ => invalid(),
    }
}

/// "(unicode error) 'unicodeescape' codec can't decode bytes in position a-b: ..."
fn unicode_error(
    source: &str,
    range: TextRange,
    filename: &str,
    lines: &LineIndex,
) -> SyntaxErrorInfo {
    let pos = range.start().to_usize().min(source.len());
    let tstart = string_token_start(source, pos);
    let tend = string_token_end(source, tstart);
    let b = source.as_bytes();
    // Body start: after prefix and quotes.
    let mut body = tstart;
    while body < b.len() && b[body].is_ascii_alphabetic() {
        body += 1;
    }
    let q = b.get(body).copied().unwrap_or(b'\'');
    body += if b.get(body + 1) == Some(&q) && b.get(body + 2) == Some(&q) {
        3
    } else {
        1
    };
    // The escape: last backslash at or before pos (ruff may point inside the escape).
    let mut esc = pos.min(b.len().saturating_sub(1));
    while esc > body && b[esc] != b'\\' {
        esc -= 1;
    }
    let kind = b.get(esc + 1).copied().unwrap_or(0);
    let rel = esc.saturating_sub(body);
    let (len, reason) = match kind {
        b'x' => {
            let n = b[esc + 2..]
                .iter()
                .take(2)
                .take_while(|c| c.is_ascii_hexdigit())
                .count();
            (2 + n, "truncated \\xXX escape")
        }
        b'u' => {
            let n = b[esc + 2..]
                .iter()
                .take(4)
                .take_while(|c| c.is_ascii_hexdigit())
                .count();
            (2 + n, "truncated \\uXXXX escape")
        }
        b'U' => {
            let n = b[esc + 2..]
                .iter()
                .take(8)
                .take_while(|c| c.is_ascii_hexdigit())
                .count();
            if n == 8 {
                (10, "illegal Unicode character")
            } else {
                (2 + n, "truncated \\UXXXXXXXX escape")
            }
        }
        _ => {
            // \N{...}
            let rest = &b[esc..tend.min(b.len())];
            if rest.get(2) == Some(&b'{') {
                match rest.iter().position(|&c| c == b'}') {
                    Some(close) => (close + 1, "unknown Unicode character name"),
                    None => {
                        let n = rest.len().saturating_sub(1).max(2);
                        (n, "malformed \\N character escape")
                    }
                }
            } else {
                (2, "malformed \\N character escape")
            }
        }
    };
    let msg = format!(
        "(unicode error) 'unicodeescape' codec can't decode bytes in position {}-{}: {}",
        rel,
        rel + len.max(1) - 1,
        reason
    );
    at(
        lines,
        filename,
        SyntaxErrorKind::SyntaxError,
        msg,
        TextRange::empty(TextSize::new(tend as u32)),
    )
}

fn prev_token_end(source: &str, pos: TextSize) -> TextSize {
    let mut p = pos.to_usize().min(source.len());
    let b = source.as_bytes();
    while p > 0 && (b[p - 1] == b' ' || b[p - 1] == b'\t' || b[p - 1] == b'\n' || b[p - 1] == b'\r')
    {
        p -= 1;
    }
    TextSize::new(p as u32)
}

/// Is the range the target of a plain `x = ...` statement (not augmented) whose value is
/// not itself assigned again?
fn is_simple_assign_target(source: &str, range: TextRange) -> bool {
    let end = range.end().to_usize().min(source.len());
    let rest = source[end..].trim_start_matches([' ', '\t', ')']);
    if !rest.starts_with('=') || rest.starts_with("==") {
        return false;
    }
    let after = &rest[1..];
    let line = after.split(['\n', '\r', ';']).next().unwrap_or("");
    !has_single_eq(line)
}

fn has_single_eq(s: &str) -> bool {
    let b = s.as_bytes();
    for i in 0..b.len() {
        if b[i] == b'='
            && b.get(i + 1) != Some(&b'=')
            && (i == 0 || !b"=!<>:+-*/%&|^@".contains(&b[i - 1]))
        {
            return true;
        }
    }
    false
}

/// Is the range the first target of its statement?
fn is_first_target(source: &str, range: TextRange) -> bool {
    let start = range.start().to_usize().min(source.len());
    let ls = logical_line_start(source, start);
    source[ls..start]
        .chars()
        .all(|c| c == '(' || c == '[' || c.is_whitespace())
}

fn first_word(source: &str, pos: usize) -> &str {
    let ls = logical_line_start(source, pos);
    let t = &source[ls..];
    let end = t
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(t.len());
    &t[..end]
}

/// End of the token starting at `pos` (identifiers, numbers, or one character).
fn token_end(source: &str, pos: usize) -> usize {
    let t = &source[pos.min(source.len())..];
    if t.starts_with(['\'', '"'])
        || t.starts_with(|c: char| c.is_ascii_alphabetic()) && t.contains(['\'', '"'])
    {
        let s = string_token_start(source, pos + 1);
        if s == pos {
            return string_token_end(source, pos);
        }
    }
    let n = t
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
        .unwrap_or(t.len());
    pos + n.max(1)
}

/// End of a simple expression starting at `pos` (up to `:` or the end of the line).
fn expr_text_end(source: &str, pos: usize) -> usize {
    let t = &source[pos.min(source.len())..];
    let n = t.find([':', '\n', '\r']).unwrap_or(t.len());
    pos + t[..n].trim_end().len()
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
        let first = text
            .split(|c: char| !c.is_alphanumeric() && c != '_')
            .next()
            .unwrap_or("");
        let kw = match first {
            "if" => Some("'if' statement"),
            "elif" => Some("'elif' statement"),
            "else" => Some("'else' statement"),
            "for" => Some("'for' statement"),
            "while" => Some("'while' statement"),
            "with" => Some("'with' statement"),
            "try" => Some("'try' statement"),
            "except" => Some(
                if text.starts_with("except*") || text.starts_with("except *") {
                    "'except*' statement"
                } else {
                    "'except' statement"
                },
            ),
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
                let name: String = name
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
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

/// Would CPython's parser have read on to the end of the input from this error position?
/// (It does when the failing token starts an expression inside the unclosed bracket.)
fn reaches_eof(source: &str, pos: usize) -> bool {
    let rest = &source[pos.min(source.len())..];
    let line_rest = rest.split(['\n', '\r']).next().unwrap_or("");
    let first = line_rest.trim_start().chars().next();
    match first {
        None => true,
        Some(c) => {
            (c.is_alphanumeric() || c == '_' || c == '\'' || c == '"')
                && !line_rest.contains(':')
                && !line_rest.contains('=')
        }
    }
}

/// Start of the logical line containing `pos` (approximate: strings are not skipped).
pub fn logical_line_start(source: &str, pos: usize) -> usize {
    let b = source.as_bytes();
    let mut p = pos.min(b.len());
    let mut depth: i32 = 0;
    while p > 0 {
        let c = b[p - 1];
        match c {
            b')' | b']' | b'}' => depth += 1,
            b'(' | b'[' | b'{' => depth -= 1,
            b'\n' | b'\r' => {
                let cont = p >= 2 && b[p - 2] == b'\\';
                if depth <= 0 && !cont {
                    break;
                }
            }
            _ => {}
        }
        p -= 1;
    }
    while p < b.len() && (b[p] == b' ' || b[p] == b'\t' || b[p] == b'\x0c') {
        p += 1;
    }
    p
}

/// Find the largest expression ending exactly at `end` (and the innermost `if`
/// expression containing `pos`).
fn find_expr_ending_at(parsed: &Parsed<Mod>, end: TextSize) -> Option<&Expr> {
    use ruff_python_ast::visitor::{walk_expr, walk_stmt, Visitor};
    struct Finder<'a> {
        end: TextSize,
        found: Option<&'a Expr>,
    }
    impl<'a> Visitor<'a> for Finder<'a> {
        fn visit_stmt(&mut self, s: &'a ruff_python_ast::Stmt) {
            if s.range().start() <= self.end && self.end <= s.range().end() {
                walk_stmt(self, s);
            }
        }
        fn visit_expr(&mut self, expr: &'a Expr) {
            let r = expr.range();
            if r.end() == self.end {
                let better = match self.found {
                    None => true,
                    Some(f) => r.len() > f.range().len(),
                };
                if better {
                    self.found = Some(expr);
                }
            }
            if r.start() <= self.end && self.end <= r.end() {
                walk_expr(self, expr);
            }
        }
    }
    let mut f = Finder { end, found: None };
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

fn find_if_expr_containing(parsed: &Parsed<Mod>, pos: TextSize) -> Option<TextRange> {
    use ruff_python_ast::visitor::{walk_expr, walk_stmt, Visitor};
    struct Finder {
        pos: TextSize,
        found: Option<TextRange>,
    }
    impl<'a> Visitor<'a> for Finder {
        fn visit_stmt(&mut self, s: &'a ruff_python_ast::Stmt) {
            if s.range().start() <= self.pos && self.pos <= s.range().end() {
                walk_stmt(self, s);
            }
        }
        fn visit_expr(&mut self, expr: &'a Expr) {
            let r = expr.range();
            if r.start() <= self.pos && self.pos <= r.end() {
                if let Expr::If(_) = expr {
                    self.found = Some(r);
                }
                walk_expr(self, expr);
            }
        }
    }
    let mut f = Finder { pos, found: None };
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

/// Innermost unclosed bracket before `pos` (approximate).
fn enclosing_bracket(source: &str, pos: usize) -> Option<u8> {
    let b = source.as_bytes();
    let start = logical_line_start(source, pos);
    let mut stack = Vec::new();
    let mut i = start;
    let mut quote: Option<u8> = None;
    while i < pos.min(b.len()) {
        let c = b[i];
        match quote {
            Some(q) => {
                if c == b'\\' {
                    i += 1;
                } else if c == q {
                    quote = None;
                }
            }
            None => match c {
                b'\'' | b'"' => quote = Some(c),
                b'(' | b'[' | b'{' => stack.push(c),
                b')' | b']' | b'}' => {
                    stack.pop();
                }
                b'#' => {
                    while i < b.len() && b[i] != b'\n' {
                        i += 1;
                    }
                }
                _ => {}
            },
        }
        i += 1;
    }
    stack.last().copied()
}

/// Start of the string token containing `pos` (prefix included).
fn string_token_start(source: &str, pos: usize) -> usize {
    let b = source.as_bytes();
    let line_start = source[..pos.min(source.len())]
        .rfind(['\n', '\r'])
        .map(|i| i + 1)
        .unwrap_or(0);
    // Scan the line, tracking strings, to find the token containing pos.
    let mut i = line_start;
    while i < b.len() && i <= pos {
        let c = b[i];
        if c == b'\'' || c == b'"' {
            let mut s = i;
            while s > line_start && b[s - 1].is_ascii_alphabetic() {
                s -= 1;
            }
            let q = c;
            let triple = b.get(i + 1) == Some(&q) && b.get(i + 2) == Some(&q);
            let mut j = if triple { i + 3 } else { i + 1 };
            while j < b.len() {
                if b[j] == b'\\' {
                    j += 2;
                    continue;
                }
                if b[j] == q && (!triple || (b.get(j + 1) == Some(&q) && b.get(j + 2) == Some(&q)))
                {
                    j += if triple { 3 } else { 1 };
                    break;
                }
                j += 1;
            }
            if pos < j {
                return s;
            }
            i = j;
            continue;
        }
        i += 1;
    }
    pos
}

/// End of the string token starting at `start`.
fn string_token_end(source: &str, start: usize) -> usize {
    let b = source.as_bytes();
    let mut i = start;
    while i < b.len() && b[i].is_ascii_alphabetic() {
        i += 1;
    }
    let Some(&q) = b.get(i) else { return i };
    let triple = b.get(i + 1) == Some(&q) && b.get(i + 2) == Some(&q);
    let mut j = if triple { i + 3 } else { i + 1 };
    while j < b.len() {
        if b[j] == b'\\' {
            j += 2;
            continue;
        }
        if b[j] == q && (!triple || (b.get(j + 1) == Some(&q) && b.get(j + 2) == Some(&q))) {
            return j + if triple { 3 } else { 1 };
        }
        j += 1;
    }
    b.len()
}
