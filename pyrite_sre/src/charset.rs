//! Evaluation of single-character ops and charsets over raw code words.
//!
//! These functions read validated code, but still check every access so a
//! logic error surfaces as an error instead of a panic.

use crate::chars;
use crate::constants::op;

pub(crate) type CResult<T> = Result<T, &'static str>;

#[inline]
fn w(code: &[u32], i: usize) -> CResult<u32> {
    code.get(i).copied().ok_or("code index out of range")
}

/// Evaluates the set ops starting at `p` (terminated by FAILURE) for `ch`.
pub(crate) fn charset(code: &[u32], mut p: usize, ch: u32) -> CResult<bool> {
    let mut ok = true;
    loop {
        match w(code, p)? {
            op::FAILURE => return Ok(!ok),
            op::LITERAL => {
                if ch == w(code, p + 1)? {
                    return Ok(ok);
                }
                p += 2;
            }
            op::CATEGORY => {
                if chars::category(w(code, p + 1)?, ch).ok_or("bad category")? {
                    return Ok(ok);
                }
                p += 2;
            }
            op::CHARSET => {
                if ch < 256 {
                    let word = w(code, p + 1 + (ch as usize >> 5))?;
                    if word & (1u32 << (ch & 31)) != 0 {
                        return Ok(ok);
                    }
                }
                p += 9;
            }
            op::RANGE => {
                if w(code, p + 1)? <= ch && ch <= w(code, p + 2)? {
                    return Ok(ok);
                }
                p += 3;
            }
            op::RANGE_UNI_IGNORE => {
                let (lo, hi) = (w(code, p + 1)?, w(code, p + 2)?);
                if lo <= ch && ch <= hi {
                    return Ok(ok);
                }
                let up = chars::unicode_toupper(ch);
                if lo <= up && up <= hi {
                    return Ok(ok);
                }
                p += 3;
            }
            op::NEGATE => {
                ok = !ok;
                p += 1;
            }
            op::BIGCHARSET => {
                let count = w(code, p + 1)? as usize;
                let map = p + 2;
                if ch < 65536 {
                    let hi = (ch >> 8) as usize;
                    let word = w(code, map + hi / 4)?;
                    let block = word.to_le_bytes()[hi % 4] as usize;
                    let bits = map + 64 + block * 8;
                    let lo = ch & 255;
                    let word = w(code, bits + (lo as usize >> 5))?;
                    if word & (1u32 << (lo & 31)) != 0 {
                        return Ok(ok);
                    }
                }
                p = map + 64 + count * 8;
            }
            _ => return Err("bad charset op"),
        }
    }
}

#[inline]
fn loc_literal(ch: u32, pat: u32) -> bool {
    ch == pat || chars::locale_tolower(ch) == pat || chars::locale_toupper(ch) == pat
}

/// Tests the single-character op at `p` against `ch`.
pub(crate) fn single(code: &[u32], p: usize, ch: u32) -> CResult<bool> {
    let o = w(code, p)?;
    Ok(match o {
        op::ANY => ch != '\n' as u32,
        op::ANY_ALL => true,
        op::LITERAL => ch == w(code, p + 1)?,
        op::NOT_LITERAL => ch != w(code, p + 1)?,
        op::LITERAL_IGNORE => chars::ascii_tolower(ch) == w(code, p + 1)?,
        op::NOT_LITERAL_IGNORE => chars::ascii_tolower(ch) != w(code, p + 1)?,
        op::LITERAL_UNI_IGNORE => chars::unicode_tolower(ch) == w(code, p + 1)?,
        op::NOT_LITERAL_UNI_IGNORE => chars::unicode_tolower(ch) != w(code, p + 1)?,
        op::LITERAL_LOC_IGNORE => loc_literal(ch, w(code, p + 1)?),
        op::NOT_LITERAL_LOC_IGNORE => !loc_literal(ch, w(code, p + 1)?),
        op::CATEGORY => chars::category(w(code, p + 1)?, ch).ok_or("bad category")?,
        op::IN => charset(code, p + 2, ch)?,
        op::IN_IGNORE => charset(code, p + 2, chars::ascii_tolower(ch))?,
        op::IN_UNI_IGNORE => charset(code, p + 2, chars::unicode_tolower(ch))?,
        op::IN_LOC_IGNORE => {
            charset(code, p + 2, ch)?
                || charset(code, p + 2, chars::locale_tolower(ch))?
                || charset(code, p + 2, chars::locale_toupper(ch))?
        }
        _ => return Err("not a single-character op"),
    })
}

/// A 256-bit table: the result of a character test for every ch < 256.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Bits256(pub [u64; 4]);

impl Bits256 {
    #[inline]
    pub fn get(&self, ch: u32) -> bool {
        match self.0.get((ch >> 6) as usize) {
            Some(word) => word & (1u64 << (ch & 63)) != 0,
            None => false,
        }
    }

    pub fn build(mut f: impl FnMut(u32) -> CResult<bool>) -> CResult<Bits256> {
        let mut b = Bits256::default();
        for ch in 0..256u32 {
            if f(ch)? {
                if let Some(word) = b.0.get_mut((ch >> 6) as usize) {
                    *word |= 1u64 << (ch & 63);
                }
            }
        }
        Ok(b)
    }
}
