//! Generates the table of C-function trampolines (`cfunc.rs`): one distinct native
//! function per slot, so a C function's `builtin_function_or_method` can carry its
//! real `__self__` while the trampoline still finds its `PyMethodDef`.

use std::io::Write;

const N: usize = 4096;

fn main() {
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("trampolines.rs");
    let mut f = std::fs::File::create(&out).unwrap();
    writeln!(f, "/// Number of trampolines.").unwrap();
    writeln!(f, "pub(crate) const N_TRAMPOLINES: usize = {};", N).unwrap();
    writeln!(f, "/// Trampoline `i` serves C function slot `i`.").unwrap();
    writeln!(
        f,
        "pub(crate) static TRAMPOLINES: [pyrite_vm::types::function::NativeFn; {}] = [",
        N
    )
    .unwrap();
    for i in 0..N {
        writeln!(f, "    tramp::<{}>,", i).unwrap();
    }
    writeln!(f, "];").unwrap();
    println!("cargo:rerun-if-changed=build.rs");
}
