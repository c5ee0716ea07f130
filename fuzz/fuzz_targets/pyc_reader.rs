//! Any bytes given to the .pyc reader end in `Ok` or `Err`, never a panic. Each input
//! is read as it is, and again with the header's body length and checksum made to
//! match, so that the body decoder (not only the checksum) meets every mutation.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pyrite_compiler::serialize::{deserialize, fnv1a64, read_pyc, read_pyc_sourceless, SourceStamp, HEADER_LEN};

fuzz_target!(|data: &[u8]| {
    let stamp = SourceStamp::new(b"x = 1\n", 0);
    let _ = read_pyc(data, &stamp);
    let _ = read_pyc_sourceless(data);
    let _ = deserialize(data);
    if data.len() >= HEADER_LEN {
        let mut fixed = data.to_vec();
        let body_len = (fixed.len() - HEADER_LEN) as u64;
        let sum = fnv1a64(&fixed[HEADER_LEN..]);
        fixed[32..40].copy_from_slice(&body_len.to_le_bytes());
        fixed[40..48].copy_from_slice(&sum.to_le_bytes());
        let _ = read_pyc_sourceless(&fixed);
    }
});
