use ruff_python_ast::PythonVersion;
use ruff_python_parser::{parse_unchecked, Mode, ParseOptions};
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let src = std::fs::read_to_string(&path).unwrap();
    let p = parse_unchecked(
        &src,
        ParseOptions::from(Mode::Module).with_target_version(PythonVersion::PY311),
    );
    println!("{:#?}", p.syntax());
    for e in p.errors() {
        println!("ERR {:?}", e);
    }
    for e in p.unsupported_syntax_errors() {
        println!("UNSUP {:?}", e);
    }
}
