//! Any bytes given to the .pyc reader end in `Ok` or `Err`, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pyrite_compiler::serialize::{deserialize, read_pyc, read_pyc_sourceless, SourceStamp, HEADER_LEN};

fuzz_target!(|data: &[u8]| {
    let stamp = SourceStamp::new(b"x = 1\n", 0);
    let _ = read_pyc(data, &stamp);
    let _ = read_pyc_sourceless(data);
    let _ = deserialize(data);
    if data.len() > HEADER_LEN {
        let _ = deserialize(&data[HEADER_LEN..]);
    }
});
