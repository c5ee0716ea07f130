//! `_random`: the Mersenne Twister (MT19937) behind `random.Random`, producing the
//! same sequences as CPython for the same seeds.

use crate::errors::*;
use crate::modules::ndata::{self, NativeData, PCell};
use crate::object::ObjRef;
use crate::types::module::set_attr;
use crate::types::typeobj::{add_method, add_staticmethod};
use crate::value::Value;
use num_bigint::{BigInt, Sign};
use num_traits::Signed;

const N: usize = 624;
const M: usize = 397;

pub struct Mt {
    state: [u32; N],
    index: usize,
}

impl Mt {
    pub fn new() -> Mt {
        let mut m = Mt {
            state: [0; N],
            index: N + 1,
        };
        m.init_genrand(5489);
        m
    }
    fn init_genrand(&mut self, s: u32) {
        self.state[0] = s;
        for i in 1..N {
            let prev = self.state[i - 1];
            self.state[i] = 1812433253u32
                .wrapping_mul(prev ^ (prev >> 30))
                .wrapping_add(i as u32);
        }
        self.index = N;
    }
    pub fn init_by_array(&mut self, key: &[u32]) {
        self.init_genrand(19650218);
        let mt = &mut self.state;
        let mut i = 1usize;
        let mut j = 0usize;
        let klen = key.len().max(1);
        let mut k = N.max(klen);
        while k > 0 {
            let prev = mt[i - 1];
            let kj = key.get(j).copied().unwrap_or(0);
            mt[i] = (mt[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1664525))
                .wrapping_add(kj)
                .wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= N {
                mt[0] = mt[N - 1];
                i = 1;
            }
            if j >= klen {
                j = 0;
            }
            k -= 1;
        }
        k = N - 1;
        while k > 0 {
            let prev = mt[i - 1];
            mt[i] = (mt[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1566083941)).wrapping_sub(i as u32);
            i += 1;
            if i >= N {
                mt[0] = mt[N - 1];
                i = 1;
            }
            k -= 1;
        }
        mt[0] = 0x80000000;
        self.index = N;
    }
    pub fn genrand_u32(&mut self) -> u32 {
        const MATRIX_A: u32 = 0x9908b0df;
        const UPPER: u32 = 0x80000000;
        const LOWER: u32 = 0x7fffffff;
        if self.index >= N {
            if self.index == N + 1 {
                self.init_genrand(5489);
            }
            let mt = &mut self.state;
            for kk in 0..N {
                let y = (mt[kk] & UPPER) | (mt[(kk + 1) % N] & LOWER);
                let mag = if y & 1 != 0 { MATRIX_A } else { 0 };
                mt[kk] = mt[(kk + M) % N] ^ (y >> 1) ^ mag;
            }
            self.index = 0;
        }
        let mut y = self.state[self.index];
        self.index += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >> 18;
        y
    }
    pub fn random(&mut self) -> f64 {
        let a = self.genrand_u32() >> 5;
        let b = self.genrand_u32() >> 6;
        (a as f64 * 67108864.0 + b as f64) * (1.0 / 9007199254740992.0)
    }
}

impl Default for Mt {
    fn default() -> Self {
        Mt::new()
    }
}

struct RandomObj {
    mt: PCell<Mt>,
}
impl NativeData for RandomObj {}

fn ro(v: &Value) -> PyResult<&RandomObj> {
    ndata::this::<RandomObj>(v, "_random.Random")
}

fn urandom_words() -> Vec<u32> {
    let mut buf = vec![0u8; N * 4];
    let ok = std::fs::File::open("/dev/urandom").and_then(|mut f| {
        use std::io::Read;
        f.read_exact(&mut buf)
    });
    if ok.is_err() {
        let t = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let pid = std::process::id() as u128;
        let mut x = t ^ (pid << 64);
        for b in buf.iter_mut() {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            *b = (x >> 64) as u8;
        }
    }
    buf.chunks(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect()
}

fn seed(r: &RandomObj, arg: Option<&Value>) -> PyResult<()> {
    let arg = match arg {
        None | Some(Value::None) => {
            r.mt.get().init_by_array(&urandom_words());
            return Ok(());
        }
        Some(a) => a,
    };
    let n: BigInt = if crate::types::int::is_int(arg) {
        crate::types::int::to_bigint(arg).unwrap_or_default().abs()
    } else {
        BigInt::from(crate::ops::hash(arg)?).abs()
    };
    let (_, mut digits) = n.to_u32_digits();
    if digits.is_empty() {
        digits.push(0);
    }
    r.mt.get().init_by_array(&digits);
    Ok(())
}

crate::native_type!(random_type, || {
    let t = ndata::new_type("Random", "_random", None, true);
    add_staticmethod(&t, "__new__", |a, kw| {
        let cls = ndata::new_cls(a, &random_type())?;
        if cls.is(&random_type()) {
            ndata::no_kw("Random", kw)?;
        }
        let pos = ndata::positional(&a[1..], kw);
        if pos.len() > 1 {
            return Err(type_error("Random() requires 0 or 1 argument"));
        }
        let v = ndata::new_native(
            &cls,
            RandomObj {
                mt: PCell::new(Mt::new()),
            },
        );
        seed(ro(&v)?, pos.first())?;
        Ok(v)
    });
    add_method(&t, "seed", |a, kw| {
        ndata::no_kw("seed", kw)?;
        check_args("seed", &a[1..], 0, 1)?;
        seed(ro(ndata::arg(a, 0)?)?, a.get(1))?;
        Ok(Value::None)
    });
    add_method(&t, "random", |a, _| {
        Ok(Value::Float(ro(ndata::arg(a, 0)?)?.mt.get().random()))
    });
    add_method(&t, "getrandbits", |a, kw| {
        let k = crate::types::margs::one("getrandbits", a, kw)?;
        let r = ro(ndata::arg(a, 0)?)?;
        let k = crate::types::int::index_i64(k)?;
        if k < 0 {
            return Err(value_error("number of bits must be non-negative"));
        }
        if k == 0 {
            return Ok(Value::Int(0));
        }
        if k <= 32 {
            return Ok(Value::Int((r.mt.get().genrand_u32() >> (32 - k)) as i64));
        }
        let words = ((k - 1) / 32 + 1) as usize;
        let mut ws = Vec::with_capacity(words);
        let mut left = k;
        for _ in 0..words {
            let mut w = r.mt.get().genrand_u32();
            if left < 32 {
                w >>= 32 - left;
            }
            ws.push(w);
            left -= 32;
        }
        Ok(crate::types::int::from_bigint(BigInt::from_slice(
            Sign::Plus,
            &ws,
        )))
    });
    add_method(&t, "getstate", |a, _| {
        let r = ro(ndata::arg(a, 0)?)?;
        let mt = r.mt.get();
        let mut items: Vec<Value> = mt.state.iter().map(|&x| Value::Int(x as i64)).collect();
        items.push(Value::Int(mt.index as i64));
        Ok(crate::types::tuple::new_tuple(items))
    });
    add_method(&t, "setstate", |a, kw| {
        let st = crate::types::margs::one("setstate", a, kw)?;
        let r = ro(ndata::arg(a, 0)?)?;
        let items = crate::types::tuple::as_tuple(st)
            .ok_or_else(|| type_error("state vector must be a tuple"))?;
        if items.len() != N + 1 {
            return Err(value_error("state vector is the wrong size"));
        }
        let mut state = [0u32; N];
        for (i, v) in items[..N].iter().enumerate() {
            let b = crate::types::int::to_bigint(&crate::types::int::index_value(v)?)
                .unwrap_or_default();
            let (_, d) = b.to_u32_digits();
            state[i] = d.first().copied().unwrap_or(0);
        }
        let idx = crate::types::int::index_i64(&items[N])?;
        if idx < 0 || idx > N as i64 {
            return Err(value_error("invalid state"));
        }
        let mt = r.mt.get();
        mt.state = state;
        mt.index = idx as usize;
        Ok(Value::None)
    });
    ndata::finish_type(&t);
    t
});

pub fn init(m: &ObjRef) -> PyResult<()> {
    set_attr(m, "Random", Value::Obj(random_type()));
    Ok(())
}
