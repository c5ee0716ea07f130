use pyrite_compiler::*;
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mode = match args.get(2).map(|s| s.as_str()) {
        Some("eval") => Mode::Eval,
        Some("single") => Mode::Single,
        _ => Mode::Exec,
    };
    let opt = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(0);
    let bytes = std::fs::read(&args[1]).unwrap();
    let src = match decode_source(&bytes, &args[1]) {
        Ok(s) => s,
        Err(e) => {
            println!("ERR {:?}", e);
            return;
        }
    };
    match compile(&src, &args[1], mode, &CompileOptions { optimize: opt }) {
        Ok(c) => print!("{}", disassemble(&c)),
        Err(e) => println!(
            "ERR {:?} {:?} {} {} {} {}",
            e.kind, e.msg, e.lineno, e.offset, e.end_lineno, e.end_offset
        ),
    }
}
