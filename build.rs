//! Build script of the root package: compiles the C shims of the variadic C-API entry
//! points (`capi/shims.c`) against Pyrite's own headers (`include/`).

fn main() {
    println!("cargo:rerun-if-changed=capi/shims.c");
    println!("cargo:rerun-if-changed=include");
    cc::Build::new()
        .file("capi/shims.c")
        .include("include")
        .flag_if_supported("-std=c11")
        .flag_if_supported("-fvisibility=hidden")
        .warnings(true)
        .extra_warnings(false)
        .pic(true)
        .compile("pyrite_shims");
}
