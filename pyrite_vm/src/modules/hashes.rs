//! The built-in hash modules `_md5`, `_sha1`, `_sha256`, `_sha512`, `_sha3` and
//! `_blake2` (MD5/SHA-1/SHA-2/SHA-3 from the RustCrypto crates; BLAKE2 with its full
//! parameter block implemented here).

use crate::errors::*;
use crate::modules::ndata::{self, NativeData, PCell};
use crate::object::ObjRef;
use crate::types::function::Kw;
use crate::types::module::{add_function, set_attr};
use crate::types::typeobj::{add_getset, add_method, add_staticmethod};
use crate::value::Value;
use sha3::digest::{ExtendableOutput, Update, XofReader};

// ---------------------------------------------------------------------------
// BLAKE2 (RFC 7693)

const B2B_IV: [u64; 8] = [
    0x6a09e667f3bcc908,
    0xbb67ae8584caa73b,
    0x3c6ef372fe94f82b,
    0xa54ff53a5f1d36f1,
    0x510e527fade682d1,
    0x9b05688c2b3e6c1f,
    0x1f83d9abfb41bd6b,
    0x5be0cd19137e2179,
];
const B2S_IV: [u32; 8] = [
    0x6A09E667, 0xBB67AE85, 0x3C6EF372, 0xA54FF53A, 0x510E527F, 0x9B05688C, 0x1F83D9AB, 0x5BE0CD19,
];
const SIGMA: [[usize; 16]; 10] = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
    [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
    [11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4],
    [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
    [9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13],
    [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
    [12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11],
    [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
    [6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5],
    [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0],
];

/// Generic BLAKE2 state over a word type (u64 for BLAKE2b, u32 for BLAKE2s).
#[derive(Clone)]
pub struct Blake2 {
    wide: bool,
    h: [u64; 8],
    t: u128,
    buf: Vec<u8>,
    outlen: usize,
    last_node: bool,
}

pub struct Blake2Params {
    pub digest_size: usize,
    pub key: Vec<u8>,
    pub salt: Vec<u8>,
    pub person: Vec<u8>,
    pub fanout: u8,
    pub depth: u8,
    pub leaf_size: u32,
    pub node_offset: u64,
    pub node_depth: u8,
    pub inner_size: u8,
    pub last_node: bool,
}

impl Blake2 {
    fn block(&self) -> usize {
        if self.wide {
            128
        } else {
            64
        }
    }
    pub fn new(wide: bool, p: &Blake2Params) -> Blake2 {
        let mut param = [0u8; 64];
        param[0] = p.digest_size as u8;
        param[1] = p.key.len() as u8;
        param[2] = p.fanout;
        param[3] = p.depth;
        param[4..8].copy_from_slice(&p.leaf_size.to_le_bytes());
        let mut h = [0u64; 8];
        if wide {
            param[8..16].copy_from_slice(&p.node_offset.to_le_bytes());
            param[16] = p.node_depth;
            param[17] = p.inner_size;
            param[32..32 + p.salt.len()].copy_from_slice(&p.salt);
            param[48..48 + p.person.len()].copy_from_slice(&p.person);
            for i in 0..8 {
                h[i] = B2B_IV[i]
                    ^ u64::from_le_bytes(param[i * 8..i * 8 + 8].try_into().unwrap_or([0; 8]));
            }
        } else {
            param[8..14].copy_from_slice(&p.node_offset.to_le_bytes()[..6]);
            param[14] = p.node_depth;
            param[15] = p.inner_size;
            param[16..16 + p.salt.len()].copy_from_slice(&p.salt);
            param[24..24 + p.person.len()].copy_from_slice(&p.person);
            for i in 0..8 {
                h[i] = (B2S_IV[i]
                    ^ u32::from_le_bytes(param[i * 4..i * 4 + 4].try_into().unwrap_or([0; 4])))
                    as u64;
            }
        }
        let mut s = Blake2 {
            wide,
            h,
            t: 0,
            buf: Vec::new(),
            outlen: p.digest_size,
            last_node: p.last_node,
        };
        if !p.key.is_empty() {
            let mut kb = p.key.clone();
            kb.resize(s.block(), 0);
            s.update(&kb);
        }
        s
    }
    fn compress(&mut self, block: &[u8], last: bool) {
        if self.wide {
            let mut m = [0u64; 16];
            for i in 0..16 {
                m[i] = u64::from_le_bytes(block[i * 8..i * 8 + 8].try_into().unwrap_or([0; 8]));
            }
            let mut v = [0u64; 16];
            v[..8].copy_from_slice(&self.h);
            v[8..].copy_from_slice(&B2B_IV);
            v[12] ^= self.t as u64;
            v[13] ^= (self.t >> 64) as u64;
            if last {
                v[14] = !v[14];
                if self.last_node {
                    v[15] = !v[15];
                }
            }
            fn g(v: &mut [u64; 16], a: usize, b: usize, c: usize, d: usize, x: u64, y: u64) {
                v[a] = v[a].wrapping_add(v[b]).wrapping_add(x);
                v[d] = (v[d] ^ v[a]).rotate_right(32);
                v[c] = v[c].wrapping_add(v[d]);
                v[b] = (v[b] ^ v[c]).rotate_right(24);
                v[a] = v[a].wrapping_add(v[b]).wrapping_add(y);
                v[d] = (v[d] ^ v[a]).rotate_right(16);
                v[c] = v[c].wrapping_add(v[d]);
                v[b] = (v[b] ^ v[c]).rotate_right(63);
            }
            for r in 0..12 {
                let s = &SIGMA[r % 10];
                g(&mut v, 0, 4, 8, 12, m[s[0]], m[s[1]]);
                g(&mut v, 1, 5, 9, 13, m[s[2]], m[s[3]]);
                g(&mut v, 2, 6, 10, 14, m[s[4]], m[s[5]]);
                g(&mut v, 3, 7, 11, 15, m[s[6]], m[s[7]]);
                g(&mut v, 0, 5, 10, 15, m[s[8]], m[s[9]]);
                g(&mut v, 1, 6, 11, 12, m[s[10]], m[s[11]]);
                g(&mut v, 2, 7, 8, 13, m[s[12]], m[s[13]]);
                g(&mut v, 3, 4, 9, 14, m[s[14]], m[s[15]]);
            }
            for i in 0..8 {
                self.h[i] ^= v[i] ^ v[i + 8];
            }
        } else {
            let mut m = [0u32; 16];
            for i in 0..16 {
                m[i] = u32::from_le_bytes(block[i * 4..i * 4 + 4].try_into().unwrap_or([0; 4]));
            }
            let mut v = [0u32; 16];
            for i in 0..8 {
                v[i] = self.h[i] as u32;
            }
            v[8..].copy_from_slice(&B2S_IV);
            v[12] ^= self.t as u32;
            v[13] ^= (self.t >> 32) as u32;
            if last {
                v[14] = !v[14];
                if self.last_node {
                    v[15] = !v[15];
                }
            }
            fn g(v: &mut [u32; 16], a: usize, b: usize, c: usize, d: usize, x: u32, y: u32) {
                v[a] = v[a].wrapping_add(v[b]).wrapping_add(x);
                v[d] = (v[d] ^ v[a]).rotate_right(16);
                v[c] = v[c].wrapping_add(v[d]);
                v[b] = (v[b] ^ v[c]).rotate_right(12);
                v[a] = v[a].wrapping_add(v[b]).wrapping_add(y);
                v[d] = (v[d] ^ v[a]).rotate_right(8);
                v[c] = v[c].wrapping_add(v[d]);
                v[b] = (v[b] ^ v[c]).rotate_right(7);
            }
            for r in 0..10 {
                let s = &SIGMA[r];
                g(&mut v, 0, 4, 8, 12, m[s[0]], m[s[1]]);
                g(&mut v, 1, 5, 9, 13, m[s[2]], m[s[3]]);
                g(&mut v, 2, 6, 10, 14, m[s[4]], m[s[5]]);
                g(&mut v, 3, 7, 11, 15, m[s[6]], m[s[7]]);
                g(&mut v, 0, 5, 10, 15, m[s[8]], m[s[9]]);
                g(&mut v, 1, 6, 11, 12, m[s[10]], m[s[11]]);
                g(&mut v, 2, 7, 8, 13, m[s[12]], m[s[13]]);
                g(&mut v, 3, 4, 9, 14, m[s[14]], m[s[15]]);
            }
            for i in 0..8 {
                self.h[i] = ((self.h[i] as u32) ^ v[i] ^ v[i + 8]) as u64;
            }
        }
    }
    pub fn update(&mut self, mut data: &[u8]) {
        let bs = self.block();
        while !data.is_empty() {
            if self.buf.len() == bs {
                // keep the last block buffered: it may be the final one
                self.t += bs as u128;
                let b = std::mem::take(&mut self.buf);
                self.compress(&b, false);
            }
            let take = (bs - self.buf.len()).min(data.len());
            self.buf.extend_from_slice(&data[..take]);
            data = &data[take..];
        }
    }
    pub fn finalize(&self) -> Vec<u8> {
        let mut s = self.clone();
        let bs = s.block();
        s.t += s.buf.len() as u128;
        let mut b = std::mem::take(&mut s.buf);
        b.resize(bs, 0);
        s.compress(&b, true);
        let mut out = Vec::new();
        for w in &s.h {
            if s.wide {
                out.extend_from_slice(&w.to_le_bytes());
            } else {
                out.extend_from_slice(&(*w as u32).to_le_bytes());
            }
        }
        out.truncate(s.outlen);
        out
    }
}

// ---------------------------------------------------------------------------
// hash objects

#[derive(Clone)]
enum State {
    Md5(md5::Md5),
    Sha1(sha1::Sha1),
    Sha224(sha2::Sha224),
    Sha256(sha2::Sha256),
    Sha384(sha2::Sha384),
    Sha512(sha2::Sha512),
    Sha3_224(sha3::Sha3_224),
    Sha3_256(sha3::Sha3_256),
    Sha3_384(sha3::Sha3_384),
    Sha3_512(sha3::Sha3_512),
    Shake128(sha3::Shake128),
    Shake256(sha3::Shake256),
    Blake2(Blake2),
}

impl State {
    fn update(&mut self, d: &[u8]) {
        use sha2::Digest;
        match self {
            State::Md5(h) => Digest::update(h, d),
            State::Sha1(h) => Digest::update(h, d),
            State::Sha224(h) => Digest::update(h, d),
            State::Sha256(h) => Digest::update(h, d),
            State::Sha384(h) => Digest::update(h, d),
            State::Sha512(h) => Digest::update(h, d),
            State::Sha3_224(h) => Digest::update(h, d),
            State::Sha3_256(h) => Digest::update(h, d),
            State::Sha3_384(h) => Digest::update(h, d),
            State::Sha3_512(h) => Digest::update(h, d),
            State::Shake128(h) => Update::update(h, d),
            State::Shake256(h) => Update::update(h, d),
            State::Blake2(h) => h.update(d),
        }
    }
    fn digest(&self, len: usize) -> Vec<u8> {
        use sha2::Digest;
        match self.clone() {
            State::Md5(h) => h.finalize().to_vec(),
            State::Sha1(h) => h.finalize().to_vec(),
            State::Sha224(h) => h.finalize().to_vec(),
            State::Sha256(h) => h.finalize().to_vec(),
            State::Sha384(h) => h.finalize().to_vec(),
            State::Sha512(h) => h.finalize().to_vec(),
            State::Sha3_224(h) => h.finalize().to_vec(),
            State::Sha3_256(h) => h.finalize().to_vec(),
            State::Sha3_384(h) => h.finalize().to_vec(),
            State::Sha3_512(h) => h.finalize().to_vec(),
            State::Shake128(h) => {
                let mut out = vec![0u8; len];
                h.finalize_xof().read(&mut out);
                out
            }
            State::Shake256(h) => {
                let mut out = vec![0u8; len];
                h.finalize_xof().read(&mut out);
                out
            }
            State::Blake2(h) => h.finalize(),
        }
    }
}

struct HashObj {
    name: &'static str,
    digest_size: usize,
    block_size: usize,
    shake: bool,
    state: PCell<State>,
}
impl NativeData for HashObj {}

fn ho(v: &Value) -> PyResult<&HashObj> {
    ndata::this::<HashObj>(v, "hash object")
}

fn data_arg(v: &Value) -> PyResult<Vec<u8>> {
    if crate::types::str::as_str(v).is_some() {
        return Err(type_error("Strings must be encoded before hashing"));
    }
    ndata::buffer_bytes(v)
        .ok_or_else(|| type_error(format!("object supporting the buffer API required")))
}

fn hexlify(b: &[u8]) -> String {
    b.iter().map(|x| format!("{:02x}", x)).collect()
}

fn shake_len(a: &[Value], kw: Kw, name: &str) -> PyResult<usize> {
    let p = crate::args::parse(name, &a[1..], kw, &["length"], 1)?;
    let n = crate::types::int::index_i64(p[0].as_ref().unwrap())?;
    if n < 0 {
        return Err(value_error("length must be non-negative"));
    }
    if n >= (1 << 29) {
        return Err(value_error("length is too large"));
    }
    Ok(n as usize)
}

fn init_hash_type(t: &ObjRef) {
    add_method(t, "update", |a, kw| {
        let d = crate::types::margs::one("update", a, kw)?;
        let b = data_arg(d)?;
        ho(ndata::arg(a, 0)?)?.state.get().update(&b);
        Ok(Value::None)
    });
    add_method(t, "digest", |a, kw| {
        let h = ho(ndata::arg(a, 0)?)?;
        let n = if h.shake {
            shake_len(a, kw, "digest")?
        } else {
            0
        };
        Ok(crate::types::bytes::new_bytes(h.state.get().digest(n)))
    });
    add_method(t, "hexdigest", |a, kw| {
        let h = ho(ndata::arg(a, 0)?)?;
        let n = if h.shake {
            shake_len(a, kw, "hexdigest")?
        } else {
            0
        };
        Ok(Value::from(hexlify(&h.state.get().digest(n))))
    });
    add_method(t, "copy", |a, _| {
        let h = ho(ndata::arg(a, 0)?)?;
        Ok(ndata::new_native(
            &ndata::arg(a, 0)?.class(),
            HashObj {
                name: h.name,
                digest_size: h.digest_size,
                block_size: h.block_size,
                shake: h.shake,
                state: PCell::new(h.state.cloned()),
            },
        ))
    });
    add_getset(t, "name", |v| Ok(Value::from(ho(v)?.name)), None);
    add_getset(
        t,
        "digest_size",
        |v| Ok(Value::Int(ho(v)?.digest_size as i64)),
        None,
    );
    add_getset(
        t,
        "block_size",
        |v| Ok(Value::Int(ho(v)?.block_size as i64)),
        None,
    );
}

fn make(
    cls: &ObjRef,
    name: &'static str,
    digest: usize,
    block: usize,
    shake: bool,
    st: State,
    data: Option<&Value>,
) -> PyResult<Value> {
    let v = ndata::new_native(
        cls,
        HashObj {
            name,
            digest_size: digest,
            block_size: block,
            shake,
            state: PCell::new(st),
        },
    );
    if let Some(d) = data {
        if !d.is_none() {
            let b = data_arg(d)?;
            ho(&v)?.state.get().update(&b);
        }
    }
    Ok(v)
}

/// Parse `(string=b'', *, usedforsecurity=True)` (also accepting `data=`).
fn hash_args(name: &str, a: &[Value], kw: Kw) -> PyResult<Option<Value>> {
    let p = crate::args::parse(name, a, kw, &["string", "$usedforsecurity", "$data"], 0)?;
    Ok(p[0].clone().or_else(|| p[2].clone()))
}

macro_rules! hash_type {
    ($fname:ident, $tname:literal, $module:literal) => {
        crate::native_type!($fname, || {
            let t = ndata::new_type($tname, $module, None, false);
            init_hash_type(&t);
            ndata::finish_type(&t);
            t
        });
    };
}

hash_type!(md5_type, "md5", "_md5");
hash_type!(sha1_type, "sha1", "_sha1");
hash_type!(sha224_type, "sha224", "_sha256");
hash_type!(sha256_type, "sha256", "_sha256");
hash_type!(sha384_type, "sha384", "_sha512");
hash_type!(sha512_type, "sha512", "_sha512");

pub fn init_md5(m: &ObjRef) -> PyResult<()> {
    set_attr(m, "MD5Type", Value::Obj(md5_type()));
    add_function(m, "md5", |a, kw| {
        use sha2::Digest;
        make(
            &md5_type(),
            "md5",
            16,
            64,
            false,
            State::Md5(md5::Md5::new()),
            hash_args("md5", a, kw)?.as_ref(),
        )
    });
    Ok(())
}

pub fn init_sha1(m: &ObjRef) -> PyResult<()> {
    set_attr(m, "SHA1Type", Value::Obj(sha1_type()));
    add_function(m, "sha1", |a, kw| {
        use sha2::Digest;
        make(
            &sha1_type(),
            "sha1",
            20,
            64,
            false,
            State::Sha1(sha1::Sha1::new()),
            hash_args("sha1", a, kw)?.as_ref(),
        )
    });
    Ok(())
}

pub fn init_sha256(m: &ObjRef) -> PyResult<()> {
    set_attr(m, "SHA224Type", Value::Obj(sha224_type()));
    set_attr(m, "SHA256Type", Value::Obj(sha256_type()));
    add_function(m, "sha224", |a, kw| {
        use sha2::Digest;
        make(
            &sha224_type(),
            "sha224",
            28,
            64,
            false,
            State::Sha224(sha2::Sha224::new()),
            hash_args("sha224", a, kw)?.as_ref(),
        )
    });
    add_function(m, "sha256", |a, kw| {
        use sha2::Digest;
        make(
            &sha256_type(),
            "sha256",
            32,
            64,
            false,
            State::Sha256(sha2::Sha256::new()),
            hash_args("sha256", a, kw)?.as_ref(),
        )
    });
    Ok(())
}

pub fn init_sha512(m: &ObjRef) -> PyResult<()> {
    set_attr(m, "SHA384Type", Value::Obj(sha384_type()));
    set_attr(m, "SHA512Type", Value::Obj(sha512_type()));
    add_function(m, "sha384", |a, kw| {
        use sha2::Digest;
        make(
            &sha384_type(),
            "sha384",
            48,
            128,
            false,
            State::Sha384(sha2::Sha384::new()),
            hash_args("sha384", a, kw)?.as_ref(),
        )
    });
    add_function(m, "sha512", |a, kw| {
        use sha2::Digest;
        make(
            &sha512_type(),
            "sha512",
            64,
            128,
            false,
            State::Sha512(sha2::Sha512::new()),
            hash_args("sha512", a, kw)?.as_ref(),
        )
    });
    Ok(())
}

macro_rules! sha3_type {
    ($fname:ident, $tname:literal, $digest:expr, $block:expr, $shake:expr, $st:expr) => {
        crate::native_type!($fname, || {
            let t = ndata::new_type($tname, "_sha3", None, true);
            init_hash_type(&t);
            add_staticmethod(&t, "__new__", |a, kw| {
                let cls = ndata::new_cls(a, &$fname())?;
                let d = hash_args($tname, &a[1..], kw)?;
                make(&cls, $tname, $digest, $block, $shake, $st, d.as_ref())
            });
            add_getset(
                &t,
                "_capacity_bits",
                |v| Ok(Value::Int(1600 - ho(v)?.block_size as i64 * 8)),
                None,
            );
            add_getset(
                &t,
                "_rate_bits",
                |v| Ok(Value::Int(ho(v)?.block_size as i64 * 8)),
                None,
            );
            add_getset(
                &t,
                "_suffix",
                |v| {
                    Ok(crate::types::bytes::new_bytes(vec![if ho(v)?.shake {
                        0x1f
                    } else {
                        0x06
                    }]))
                },
                None,
            );
            ndata::finish_type(&t);
            t
        });
    };
}

fn sha3_new<T: Default>() -> T {
    T::default()
}

sha3_type!(
    sha3_224_type,
    "sha3_224",
    28,
    144,
    false,
    State::Sha3_224(sha3_new())
);
sha3_type!(
    sha3_256_type,
    "sha3_256",
    32,
    136,
    false,
    State::Sha3_256(sha3_new())
);
sha3_type!(
    sha3_384_type,
    "sha3_384",
    48,
    104,
    false,
    State::Sha3_384(sha3_new())
);
sha3_type!(
    sha3_512_type,
    "sha3_512",
    64,
    72,
    false,
    State::Sha3_512(sha3_new())
);
sha3_type!(
    shake128_type,
    "shake_128",
    0,
    168,
    true,
    State::Shake128(sha3_new())
);
sha3_type!(
    shake256_type,
    "shake_256",
    0,
    136,
    true,
    State::Shake256(sha3_new())
);

pub fn init_sha3(m: &ObjRef) -> PyResult<()> {
    set_attr(m, "sha3_224", Value::Obj(sha3_224_type()));
    set_attr(m, "sha3_256", Value::Obj(sha3_256_type()));
    set_attr(m, "sha3_384", Value::Obj(sha3_384_type()));
    set_attr(m, "sha3_512", Value::Obj(sha3_512_type()));
    set_attr(m, "shake_128", Value::Obj(shake128_type()));
    set_attr(m, "shake_256", Value::Obj(shake256_type()));
    set_attr(m, "implementation", Value::from("rustcrypto"));
    set_attr(m, "keccakopt", Value::Int(64));
    Ok(())
}

fn blake2_new(a: &[Value], kw: Kw, wide: bool) -> PyResult<Value> {
    let name = if wide { "blake2b" } else { "blake2s" };
    let cls = ndata::new_cls(a, &if wide { blake2b_type() } else { blake2s_type() })?;
    let p = crate::args::parse(
        name,
        &a[1..],
        kw,
        &[
            "data",
            "$digest_size",
            "$key",
            "$salt",
            "$person",
            "$fanout",
            "$depth",
            "$leaf_size",
            "$node_offset",
            "$node_depth",
            "$inner_size",
            "$last_node",
            "$usedforsecurity",
        ],
        0,
    )?;
    let (maxd, maxk, saltsz, personsz) = if wide {
        (64, 64, 16, 16)
    } else {
        (32, 32, 8, 8)
    };
    let int = |i: usize, d: i64| -> PyResult<i64> {
        match &p[i] {
            Some(v) => crate::types::int::index_i64(v),
            None => Ok(d),
        }
    };
    let bytes = |i: usize| -> PyResult<Vec<u8>> {
        match &p[i] {
            Some(v) => data_arg(v),
            None => Ok(vec![]),
        }
    };
    let digest_size = int(1, maxd)?;
    if digest_size < 1 || digest_size > maxd {
        return Err(value_error(format!(
            "digest_size must be between 1 and {} bytes",
            maxd
        )));
    }
    let key = bytes(2)?;
    if key.len() > maxk as usize {
        return Err(value_error(format!("maximum key length is {} bytes", maxk)));
    }
    let salt = bytes(3)?;
    if salt.len() > saltsz {
        return Err(value_error(format!(
            "maximum salt length is {} bytes",
            saltsz
        )));
    }
    let person = bytes(4)?;
    if person.len() > personsz {
        return Err(value_error(format!(
            "maximum person length is {} bytes",
            personsz
        )));
    }
    let fanout = int(5, 1)?;
    if !(0..=255).contains(&fanout) {
        return Err(value_error("fanout must be between 0 and 255"));
    }
    let depth = int(6, 1)?;
    if !(1..=255).contains(&depth) {
        return Err(value_error("depth must be between 1 and 255"));
    }
    let leaf_size = int(7, 0)?;
    if !(0..=u32::MAX as i64).contains(&leaf_size) {
        return Err(overflow_error("leaf_size is too large"));
    }
    let node_offset = int(8, 0)?;
    if node_offset < 0 || (!wide && node_offset >= (1 << 48)) {
        return Err(overflow_error("node_offset is too large"));
    }
    let node_depth = int(9, 0)?;
    if !(0..=255).contains(&node_depth) {
        return Err(value_error("node_depth must be between 0 and 255"));
    }
    let inner_size = int(10, 0)?;
    if inner_size < 0 || inner_size > maxd {
        return Err(value_error(format!(
            "inner_size must be between 0 and is {}",
            maxd
        )));
    }
    let last_node = match &p[11] {
        Some(v) => crate::ops::truthy(v)?,
        None => false,
    };
    let params = Blake2Params {
        digest_size: digest_size as usize,
        key,
        salt,
        person,
        fanout: fanout as u8,
        depth: depth as u8,
        leaf_size: leaf_size as u32,
        node_offset: node_offset as u64,
        node_depth: node_depth as u8,
        inner_size: inner_size as u8,
        last_node,
    };
    let st = State::Blake2(Blake2::new(wide, &params));
    make(
        &cls,
        name,
        digest_size as usize,
        if wide { 128 } else { 64 },
        false,
        st,
        p[0].as_ref(),
    )
}

crate::native_type!(blake2b_type, || {
    let t = ndata::new_type("blake2b", "_blake2", None, true);
    init_hash_type(&t);
    add_staticmethod(&t, "__new__", |a, kw| blake2_new(a, kw, true));
    for (n, v) in [
        ("SALT_SIZE", 16),
        ("PERSON_SIZE", 16),
        ("MAX_KEY_SIZE", 64),
        ("MAX_DIGEST_SIZE", 64),
    ] {
        crate::types::typeobj::set_attr_str(&t, n, Value::Int(v));
    }
    ndata::finish_type(&t);
    t
});

crate::native_type!(blake2s_type, || {
    let t = ndata::new_type("blake2s", "_blake2", None, true);
    init_hash_type(&t);
    add_staticmethod(&t, "__new__", |a, kw| blake2_new(a, kw, false));
    for (n, v) in [
        ("SALT_SIZE", 8),
        ("PERSON_SIZE", 8),
        ("MAX_KEY_SIZE", 32),
        ("MAX_DIGEST_SIZE", 32),
    ] {
        crate::types::typeobj::set_attr_str(&t, n, Value::Int(v));
    }
    ndata::finish_type(&t);
    t
});

pub fn init_blake2(m: &ObjRef) -> PyResult<()> {
    set_attr(m, "blake2b", Value::Obj(blake2b_type()));
    set_attr(m, "blake2s", Value::Obj(blake2s_type()));
    for (n, v) in [
        ("BLAKE2B_SALT_SIZE", 16),
        ("BLAKE2B_PERSON_SIZE", 16),
        ("BLAKE2B_MAX_KEY_SIZE", 64),
        ("BLAKE2B_MAX_DIGEST_SIZE", 64),
        ("BLAKE2S_SALT_SIZE", 8),
        ("BLAKE2S_PERSON_SIZE", 8),
        ("BLAKE2S_MAX_KEY_SIZE", 32),
        ("BLAKE2S_MAX_DIGEST_SIZE", 32),
    ] {
        set_attr(m, n, Value::Int(v));
    }
    Ok(())
}
