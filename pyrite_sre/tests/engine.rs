//! Engine tests that do not need CPython: deep inputs, deep patterns,
//! interrupts, module constants, and fuzzing of the validator.

mod common;

use pyrite_sre::constants::{at, op};
use pyrite_sre::{Hooks, Input, MatchError, Mode, Pattern, Scratch};

// Code lists below were produced by CPython 3.11's re._compiler._code.

/// `(a|b)*c`
const A_OR_B_STAR_C: &[u32] = &[
    14, 4, 0, 1, 4294967295, 23, 13, 0, 4294967295, 17, 0, 13, 5, 22, 97, 98, 0, 17, 1, 18, 16, 99,
    1,
];

/// `(a|bb)*c`
const A_OR_BB_STAR_C: &[u32] = &[
    14, 4, 0, 1, 4294967295, 23, 21, 0, 4294967295, 17, 0, 7, 5, 16, 97, 15, 9, 7, 16, 98, 16, 98,
    15, 2, 0, 17, 1, 18, 16, 99, 1,
];

fn pat(code: &[u32], groups: usize) -> Pattern {
    Pattern::new(code.to_vec(), 32, groups).expect("valid code")
}

#[test]
fn long_subject_does_not_overflow() {
    let p = pat(A_OR_B_STAR_C, 1);
    let text: Vec<u8> = b"ab".iter().copied().cycle().take(200_000).collect();
    assert_eq!(p.match_(text.as_slice(), 0, usize::MAX).unwrap(), None);
    let mut with_c = text.clone();
    with_c.push(b'c');
    let m = p.match_(with_c.as_slice(), 0, usize::MAX).unwrap().unwrap();
    assert_eq!(m.span(0), Some((0, 200_001)));
    assert_eq!(m.span(1), Some((199_999, 200_000)));
    assert_eq!(m.lastindex, Some(1));
    // The same through search, in a worker thread with a small stack.
    let h = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || {
            let p = pat(A_OR_B_STAR_C, 1);
            p.search(with_c.as_slice(), 0, usize::MAX)
                .unwrap()
                .map(|m| m.span(0))
        })
        .unwrap();
    assert_eq!(h.join().unwrap(), Some(Some((0, 200_001))));
    // BRANCH inside the repeat.
    let p = pat(A_OR_BB_STAR_C, 1);
    let mut text: Vec<u32> = "abb"
        .chars()
        .map(|c| c as u32)
        .cycle()
        .take(150_000)
        .collect();
    text.push('c' as u32);
    let m = p.search(text.as_slice(), 0, usize::MAX).unwrap().unwrap();
    assert_eq!(
        (m.span(0), m.span(1)),
        (Some((0, 150_001)), Some((149_998, 150_000)))
    );
}

/// Builds `depth` nested constructs around LITERAL 'a' using `wrap`.
fn nested(depth: usize, atomic: bool) -> Vec<u32> {
    let mut inner = vec![op::LITERAL, 'a' as u32];
    for _ in 0..depth {
        let mut v = Vec::with_capacity(inner.len() + 4);
        if atomic {
            // ATOMIC_GROUP skip body SUCCESS
            v.push(op::ATOMIC_GROUP);
            v.push(inner.len() as u32 + 2);
            v.extend_from_slice(&inner);
            v.push(op::SUCCESS);
        } else {
            // REPEAT skip 1 1 body MAX_UNTIL  ((?:...){1})
            v.push(op::REPEAT);
            v.push(inner.len() as u32 + 3);
            v.push(1);
            v.push(1);
            v.extend_from_slice(&inner);
            v.push(op::MAX_UNTIL);
        }
        inner = v;
    }
    inner.push(op::SUCCESS);
    inner
}

#[test]
fn deeply_nested_code() {
    for &atomic in &[true, false] {
        let code = nested(20_000, atomic);
        let p = Pattern::new(code, 0, 0).expect("valid nested code");
        let text = b"aaa";
        let h = {
            let p = p.clone();
            std::thread::Builder::new()
                .stack_size(256 * 1024)
                .spawn(move || p.match_(&text[..], 0, 3).unwrap().map(|m| m.span(0)))
                .unwrap()
        };
        let got = h.join().unwrap();
        assert_eq!(got, Some(Some((0, 1))));
    }
    // Nested GROUPREF_EXISTS: GROUPREF_EXISTS 0 skip <yes>
    let mut inner = vec![op::LITERAL, 'a' as u32];
    for _ in 0..50_000 {
        let mut v = vec![op::GROUPREF_EXISTS, 0, inner.len() as u32 + 2];
        v.extend_from_slice(&inner);
        inner = v;
    }
    let mut code = vec![op::MARK, 0, op::MARK, 1];
    code.extend(inner);
    code.push(op::SUCCESS);
    let p = Pattern::new(code, 0, 1).expect("valid nested conditionals");
    assert_eq!(
        p.match_(&b"a"[..], 0, 1).unwrap().unwrap().span(0),
        Some((0, 1))
    );
}

#[test]
fn catastrophic_pattern_can_be_interrupted() {
    // (a*)*b
    let code = [
        14, 4, 0, 1, 4294967295, 23, 14, 0, 4294967295, 17, 0, 24, 6, 0, 4294967295, 16, 97, 1, 17,
        1, 18, 16, 98, 1,
    ];
    let p = pat(&code, 1);
    let text = vec![b'a'; 40];
    let mut calls = 0u32;
    let mut cb = || {
        calls += 1;
        calls < 50
    };
    let mut hooks = Hooks {
        interrupt: Some(&mut cb),
        check_interval: 1000,
        max_stack_bytes: None,
    };
    let r = p.run(
        text.as_slice(),
        0,
        40,
        Mode::Search,
        false,
        &mut hooks,
        &mut Scratch::new(),
    );
    assert_eq!(r, Err(MatchError::Interrupted));
    // Small inputs still complete.
    assert_eq!(
        p.search(&b"aaaab"[..], 0, 5).unwrap().unwrap().span(0),
        Some((0, 5))
    );
}

#[test]
fn frame_limit() {
    let p = pat(A_OR_B_STAR_C, 1);
    let text = vec![b'a'; 10_000];
    let mut hooks = Hooks {
        interrupt: None,
        check_interval: 1000,
        max_stack_bytes: Some(64 * 1024),
    };
    let r = p.run(
        text.as_slice(),
        0,
        usize::MAX,
        Mode::Match,
        false,
        &mut hooks,
        &mut Scratch::new(),
    );
    assert_eq!(r, Err(MatchError::StackLimit));
}

#[test]
fn module_constants() {
    assert_eq!(pyrite_sre::MAGIC, 20220615);
    assert_eq!(pyrite_sre::getcodesize(), 4);
    assert_eq!(pyrite_sre::CODESIZE, 4);
    assert_eq!(pyrite_sre::MAXREPEAT, 4294967295);
    assert_eq!(pyrite_sre::MAXGROUPS, 1073741823);
    assert!(pyrite_sre::ascii_iscased('a' as u32));
    assert!(!pyrite_sre::ascii_iscased(0xe9));
    assert_eq!(pyrite_sre::ascii_tolower('Q' as u32), 'q' as u32);
    assert_eq!(pyrite_sre::ascii_tolower(0xc9), 0xc9);
    assert_eq!(pyrite_sre::unicode_tolower(0xc9), 0xe9);
    assert_eq!(pyrite_sre::unicode_tolower(0x130), 'i' as u32);
    assert_eq!(pyrite_sre::unicode_tolower(0x212a), 'k' as u32);
    assert!(pyrite_sre::unicode_iscased(0xdf));
    assert!(pyrite_sre::unicode_iscased(0x1c5));
    assert!(!pyrite_sre::unicode_iscased('1' as u32));
    assert_eq!(pyrite_sre::charinfo::UNICODE_VERSION, "14.0.0");
}

#[test]
fn input_kinds_agree() {
    // \w+ with UNICODE
    let code = [
        14, 4, 0, 1, 4294967295, 24, 9, 1, 4294967295, 13, 4, 8, 14, 0, 1, 1,
    ];
    let p = pat(&code, 0);
    let s = "  héllo wörld";
    let chars: Vec<char> = s.chars().collect();
    let u32s: Vec<u32> = chars.iter().map(|&c| c as u32).collect();
    let u16s: Vec<u16> = chars.iter().map(|&c| c as u16).collect();
    let u8s: Vec<u8> = chars.iter().map(|&c| c as u8).collect();
    let want = Some((2, 7));
    assert_eq!(
        p.search(chars.as_slice(), 0, usize::MAX)
            .unwrap()
            .unwrap()
            .span(0),
        want
    );
    assert_eq!(
        p.search(u32s.as_slice(), 0, usize::MAX)
            .unwrap()
            .unwrap()
            .span(0),
        want
    );
    assert_eq!(
        p.search(u16s.as_slice(), 0, usize::MAX)
            .unwrap()
            .unwrap()
            .span(0),
        want
    );
    assert_eq!(
        p.search(u8s.as_slice(), 0, usize::MAX)
            .unwrap()
            .unwrap()
            .span(0),
        want
    );
    assert_eq!(u8s.as_slice().char_len(), chars.len());
}

#[test]
fn scanner_semantics() {
    // x*  (3.7+: 'abxd' -> matches at 0,1,2-3,3(empty after non-empty? no),4)
    let code = [14, 4, 0, 0, 4294967295, 24, 6, 0, 4294967295, 16, 120, 1, 1];
    let p = pat(&code, 0);
    let spans: Vec<_> = p
        .finditer(&b"abxd"[..], 0, usize::MAX)
        .unwrap()
        .iter()
        .map(|m| m.span(0).unwrap())
        .collect();
    assert_eq!(spans, vec![(0, 0), (1, 1), (2, 3), (3, 3), (4, 4)]);
    // Scanner.match stops at the first failure.
    let mut sc = p.scanner(&b"xxa"[..], 0, usize::MAX);
    assert_eq!(sc.match_().unwrap().unwrap().span(0), Some((0, 2)));
    assert_eq!(sc.match_().unwrap().unwrap().span(0), Some((2, 2)));
    assert_eq!(sc.match_().unwrap(), None);
    assert_eq!(sc.match_().unwrap(), None);
    // pos/endpos reported as clamped values.
    let m = p.search(&b"ab"[..], 5, 9).unwrap().unwrap();
    assert_eq!((m.pos, m.endpos, m.span(0)), (2, 2, Some((2, 2))));
}

// ------------------------------------------------------------------ fuzzing

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545F4914F6CDD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next() % n
        }
    }
    fn word(&mut self) -> u32 {
        match self.below(10) {
            0 => u32::MAX,
            1 => self.next() as u32,
            2..=5 => self.below(44) as u32,
            _ => self.below(12) as u32,
        }
    }
}

fn try_run(p: &Pattern, rng: &mut Rng) {
    let texts: [&[u8]; 4] = [b"", b"ab", b"aab\nba", b"xyzzy abc ABC 123"];
    for t in texts {
        let len = t.len();
        let pos = rng.below(len as u64 + 2) as usize;
        let end = rng.below(len as u64 + 2) as usize;
        for mode in [Mode::Search, Mode::Match, Mode::FullMatch] {
            let mut steps = 0;
            let mut cb = || {
                steps += 1;
                steps < 20
            };
            let mut hooks = Hooks {
                interrupt: Some(&mut cb),
                check_interval: 1000,
                max_stack_bytes: Some(16 << 20),
            };
            let _ = p.run(
                t,
                pos,
                end,
                mode,
                rng.below(2) == 0,
                &mut hooks,
                &mut Scratch::new(),
            );
        }
        let _ = p.finditer(t, 0, usize::MAX).map(|v| v.len());
        let u: Vec<u32> = t.iter().map(|&b| b as u32 * 7).collect();
        let _ = p.search(u.as_slice(), pos, end);
    }
}

fn check_one(code: &[u32], groups: usize, rng: &mut Rng) -> bool {
    let code_v = code.to_vec();
    let mut r2 = Rng(rng.next() | 1);
    let res = std::panic::catch_unwind(move || {
        if let Ok(p) = Pattern::new(code_v, 0, groups) {
            try_run(&p, &mut r2);
            true
        } else {
            false
        }
    });
    match res {
        Ok(valid) => valid,
        Err(_) => panic!("panic on code {code:?} groups {groups}"),
    }
}

#[test]
fn fuzz_random_code_lists() {
    let mut rng = Rng(0x9E3779B97F4A7C15);
    let mut valid = 0;
    for _ in 0..200_000 {
        let n = rng.below(24) as usize;
        let mut code: Vec<u32> = (0..n).map(|_| rng.word()).collect();
        if rng.below(2) == 0 {
            code.push(op::SUCCESS);
        }
        let groups = rng.below(4) as usize;
        if check_one(&code, groups, &mut rng) {
            valid += 1;
        }
    }
    assert!(valid > 0, "fuzzer never produced valid code");
}

#[test]
fn fuzz_mutated_real_code() {
    let src = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/cases.json"
    ))
    .unwrap();
    let data = common::parse(&src);
    let mut rng = Rng(12345);
    let mut valid = 0;
    let mut total = 0;
    for case in data.get("cases").arr().iter().step_by(3) {
        let code: Vec<u32> = case
            .get("code")
            .arr()
            .iter()
            .map(|x| x.int() as u32)
            .collect();
        let groups = case.get("groups").int() as usize;
        for _ in 0..12 {
            let mut c = code.clone();
            let edits = 1 + rng.below(3);
            for _ in 0..edits {
                if c.is_empty() {
                    break;
                }
                let i = rng.below(c.len() as u64) as usize;
                match rng.below(6) {
                    0 => {
                        c.remove(i);
                    }
                    1 => c.insert(i, rng.word()),
                    2 => c.truncate(i),
                    3 => c[i] = c[i].wrapping_add(1),
                    4 => c[i] = c[i].wrapping_sub(1),
                    _ => c[i] = rng.word(),
                }
            }
            let g = match rng.below(4) {
                0 => groups.saturating_sub(1),
                1 => groups + 1,
                _ => groups,
            };
            total += 1;
            if check_one(&c, g, &mut rng) {
                valid += 1;
            }
        }
    }
    assert!(valid > 0 && valid < total);
}

#[test]
fn rejects_malformed_code() {
    let bad: &[&[u32]] = &[
        &[],
        &[op::LITERAL, 97],
        &[op::LITERAL, 97, op::SUCCESS, op::SUCCESS, 5],
        &[op::JUMP, 1, op::SUCCESS],
        &[op::MAX_UNTIL, op::SUCCESS],
        &[op::INFO, 100, 0, 0, 0, op::SUCCESS],
        &[op::INFO, 4, 0, 5, 1, op::SUCCESS],
        &[op::MARK, 2, op::SUCCESS],
        &[op::GROUPREF, 1, op::SUCCESS],
        &[op::AT, 99, op::SUCCESS],
        &[op::IN, 3, op::LITERAL, 97, op::SUCCESS],
        &[op::IN, 1, op::SUCCESS],
        &[op::REPEAT_ONE, 6, 2, 1, op::ANY, op::SUCCESS, op::SUCCESS],
        &[op::REPEAT, 5, 0, 1, op::ANY, op::ANY, op::SUCCESS],
        &[op::BRANCH, 4, op::ANY, op::JUMP, 3, 0, op::SUCCESS],
        &[op::ASSERT, 3, 0, op::SUCCESS],
        &[op::CATEGORY, 18, op::SUCCESS],
        &[op::SUBPATTERN, 0, op::SUCCESS],
        &[op::GROUPREF_EXISTS, 0, 3, op::SUCCESS],
        &[op::IN, 4, op::BIGCHARSET, 1, op::FAILURE, op::SUCCESS],
    ];
    for code in bad {
        let groups = if code.first() == Some(&op::GROUPREF_EXISTS) {
            0
        } else {
            1
        };
        assert!(
            Pattern::new(code.to_vec(), 0, groups).is_err(),
            "accepted {code:?}"
        );
    }
    // And a few well-formed ones.
    let good: &[&[u32]] = &[
        &[op::SUCCESS],
        &[op::AT, at::BEGINNING, op::SUCCESS],
        &[op::GROUPREF_EXISTS, 0, 2, op::SUCCESS],
        &[
            op::MARK,
            0,
            op::MARK,
            1,
            op::GROUPREF_EXISTS,
            0,
            6,
            op::LITERAL,
            97,
            op::JUMP,
            3,
            op::LITERAL,
            98,
            op::SUCCESS,
        ],
        &[op::BRANCH, 4, op::ANY, op::JUMP, 2, 0, op::SUCCESS],
    ];
    for code in good {
        assert!(
            Pattern::new(code.to_vec(), 0, 1).is_ok(),
            "rejected {code:?}"
        );
    }
}
