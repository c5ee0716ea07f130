//! The `pyrite` command line (CPython's `python3` options and behaviour).

use crate::errors::*;
use crate::value::Value;
use crate::Config;

const USAGE: &str = "usage: pyrite [option] ... [-c cmd | -m mod | file | -] [arg] ...";

const HELP: &str = "usage: pyrite [option] ... [-c cmd | -m mod | file | -] [arg] ...
Options and arguments (and corresponding environment variables):
-B     : don't write .pyc files on import; also PYTHONDONTWRITEBYTECODE=x
-c cmd : program passed in as string (terminates option list)
-E     : ignore PYTHON* environment variables (such as PYTHONPATH)
-h     : print this help message and exit (also -? or --help)
-i     : inspect interactively after running script; forces a prompt even
         if stdin does not appear to be a terminal; also PYTHONINSPECT=x
-I     : isolate Python from the user's environment (implies -E and -s)
-m mod : run library module as a script (terminates option list)
-O     : remove assert and __debug__-dependent statements; also PYTHONOPTIMIZE=x
-OO    : do -O changes and also discard docstrings
-P     : don't prepend a potentially unsafe path to sys.path
-q     : don't print version and copyright messages on interactive startup
-s     : don't add user site directory to sys.path; also PYTHONNOUSERSITE
-S     : don't imply 'import site' on initialization
-u     : force the stdout and stderr streams to be unbuffered;
         this option has no effect on stdin; also PYTHONUNBUFFERED=x
-v     : verbose (trace import statements); also PYTHONVERBOSE=x
         can be supplied multiple times to increase verbosity
-V     : print the Python version number and exit (also --version)
         when given twice, print more information about the build
-W arg : warning control; arg is action:message:category:module:lineno
         also PYTHONWARNINGS=arg
-x     : skip first line of source, allowing use of non-Unix forms of #!cmd
-X opt : set implementation-specific option (pycache_prefix=PATH, int_max_str_digits=N,
         stdlib=DIR: where CPython 3.11's pure-Python standard library is, ...)
file   : program read from script file
-      : program read from stdin (default; interactive mode if a tty)
arg ...: arguments passed to program in sys.argv[1:]
";

enum Mode {
    Command(String),
    Module(String),
    File(String),
    Stdin,
}

fn usage_error(msg: &str) -> i32 {
    eprintln!("{}", msg);
    eprintln!("{}", USAGE);
    eprintln!("Try `pyrite -h' for more information.");
    2
}

/// Run the interpreter as the `pyrite` command; returns the process exit status.
pub fn main_with_args(args: Vec<String>) -> i32 {
    // Run on a thread with a large stack: deep Python recursion uses the Rust stack.
    // Signals go to the interpreter's thread (this one only waits for it).
    let mask = crate::modules::signal::block_signals_in_launcher();
    let h = std::thread::Builder::new()
        .name("main".into())
        .stack_size(1 << 30)
        .spawn(move || {
            crate::modules::signal::restore_signal_mask(mask);
            real_main(args)
        });
    match h {
        Ok(h) => h.join().unwrap_or(1),
        Err(_) => real_main_fallback(),
    }
}

fn real_main_fallback() -> i32 {
    eprintln!("Fatal Python error: could not start the main thread");
    1
}

fn env_flag(cfg: &Config, name: &str) -> Option<String> {
    if cfg.ignore_environment {
        return None;
    }
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

fn real_main(args: Vec<String>) -> i32 {
    let mut cfg = Config {
        orig_argv: args.clone(),
        ..Config::default()
    };
    cfg.executable = std::env::current_exe()
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_default();
    cfg.write_bytecode = true;
    cfg.dont_write_bytecode = false;
    cfg.no_site = false;
    let mut i = 1;
    let mut mode = None;
    let mut version = 0;
    let mut skip_first = false;
    while i < args.len() && mode.is_none() {
        let a = &args[i];
        if a == "-" {
            mode = Some(Mode::Stdin);
            break;
        }
        if a == "--help" || a == "-h" || a == "-?" {
            print!("{}", HELP);
            return 0;
        }
        if a == "--version" {
            version += 1;
            i += 1;
            continue;
        }
        if a == "--check-hash-based-pycs" {
            i += 2;
            continue;
        }
        if !a.starts_with('-') || a.len() < 2 {
            mode = Some(Mode::File(a.clone()));
            break;
        }
        if a.starts_with("--") {
            return usage_error(&format!("unknown option {}", a));
        }
        let chars: Vec<char> = a[1..].chars().collect();
        let mut j = 0;
        while j < chars.len() {
            let c = chars[j];
            let rest: String = chars[j + 1..].iter().collect();
            let take_arg = |i: &mut usize| -> Option<String> {
                if !rest.is_empty() {
                    Some(rest.clone())
                } else {
                    *i += 1;
                    args.get(*i).cloned()
                }
            };
            match c {
                'c' => {
                    match take_arg(&mut i) {
                        Some(cmd) => mode = Some(Mode::Command(cmd)),
                        None => return usage_error("Argument expected for the -c option"),
                    }
                    break;
                }
                'm' => {
                    match take_arg(&mut i) {
                        Some(m) => mode = Some(Mode::Module(m)),
                        None => return usage_error("Argument expected for the -m option"),
                    }
                    break;
                }
                'X' => {
                    match take_arg(&mut i) {
                        Some(x) => cfg.xoptions.push(x),
                        None => return usage_error("Argument expected for the -X option"),
                    }
                    break;
                }
                'W' => {
                    match take_arg(&mut i) {
                        Some(w) => cfg.warnoptions.push(w),
                        None => return usage_error("Argument expected for the -W option"),
                    }
                    break;
                }
                'B' => cfg.dont_write_bytecode = true,
                'E' => cfg.ignore_environment = true,
                'I' => {
                    cfg.isolated = true;
                    cfg.ignore_environment = true;
                    cfg.no_user_site = true;
                    cfg.safe_path = true;
                }
                's' => cfg.no_user_site = true,
                'S' => cfg.no_site = true,
                'u' => cfg.unbuffered = true,
                'v' => cfg.verbose += 1,
                'q' => cfg.quiet = true,
                'O' => cfg.optimize += 1,
                'i' => {
                    cfg.inspect = true;
                    cfg.interactive = true;
                }
                'V' => version += 1,
                'P' => cfg.safe_path = true,
                'x' => skip_first = true,
                'b' | 'd' | 'R' => {}
                other => return usage_error(&format!("Unknown option: -{}", other)),
            }
            j += 1;
        }
        if mode.is_none() {
            i += 1;
        }
    }
    if version > 0 {
        println!(
            "Python {} (Pyrite {})",
            crate::modules::sys::VERSION,
            crate::modules::sys::PYRITE_VERSION
        );
        return 0;
    }
    let rest: Vec<String> = if mode.is_some() {
        args[(i + 1).min(args.len())..].to_vec()
    } else {
        Vec::new()
    };
    // environment
    if let Some(p) = env_flag(&cfg, "PYTHONPATH") {
        cfg.path.extend(
            p.split(':')
                .filter(|s| !s.is_empty())
                .map(|s| s.to_string()),
        );
    }
    if env_flag(&cfg, "PYTHONDONTWRITEBYTECODE").is_some() {
        cfg.dont_write_bytecode = true;
    }
    if env_flag(&cfg, "PYTHONUNBUFFERED").is_some() {
        cfg.unbuffered = true;
    }
    if let Some(v) = env_flag(&cfg, "PYTHONVERBOSE") {
        cfg.verbose = cfg.verbose.max(v.parse().unwrap_or(1));
    }
    if let Some(v) = env_flag(&cfg, "PYTHONOPTIMIZE") {
        cfg.optimize = cfg.optimize.max(v.parse().unwrap_or(1));
    }
    if env_flag(&cfg, "PYTHONINSPECT").is_some() {
        cfg.inspect = true;
    }
    if env_flag(&cfg, "PYTHONSAFEPATH").is_some() {
        cfg.safe_path = true;
    }
    if let Some(p) = env_flag(&cfg, "PYTHONPYCACHEPREFIX") {
        cfg.pycache_prefix = Some(p);
    }
    if let Some(w) = env_flag(&cfg, "PYTHONWARNINGS") {
        let mut w: Vec<String> = w.split(',').map(|s| s.to_string()).collect();
        w.append(&mut cfg.warnoptions);
        cfg.warnoptions = w;
    }
    if let Some(s) = env_flag(&cfg, "PYTHONHASHSEED") {
        if s != "random" {
            match s.parse::<u64>() {
                Ok(v) if v <= 4294967295 => cfg.hash_seed = Some(v),
                _ => {
                    eprintln!("Fatal Python error: PYTHONHASHSEED must be \"random\" or an integer in range [0; 4294967295]");
                    return 1;
                }
            }
        }
    }
    for x in cfg.xoptions.clone() {
        if let Some(p) = x.strip_prefix("pycache_prefix=") {
            cfg.pycache_prefix = Some(p.to_string());
        }
        if let Some(n) = x.strip_prefix("int_max_str_digits=") {
            cfg.int_max_str_digits = n.parse().unwrap_or(4300);
        }
        if x == "dev" {
            cfg.dev_mode = true;
        }
        if let Some(d) = x.strip_prefix("stdlib=") {
            cfg.stdlib_dir = Some(d.to_string());
        }
    }
    if let Err(msg) = check_stdlib(&cfg) {
        eprintln!("{msg}");
        return 1;
    }
    let stdin_tty = unsafe { libc::isatty(0) } == 1;
    let use_history = !cfg.isolated && !cfg.no_site;
    let mode = mode.unwrap_or(Mode::Stdin);
    // sys.argv and sys.path[0]
    let cwd = std::env::current_dir()
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_default();
    let path0 = match &mode {
        Mode::Command(_) => Some(String::new()),
        Mode::Module(_) => Some(cwd.clone()),
        Mode::File(f) => {
            let p = std::path::Path::new(f);
            let abs = if p.is_absolute() {
                p.to_path_buf()
            } else {
                std::path::Path::new(&cwd).join(p)
            };
            let abs = std::fs::canonicalize(&abs).unwrap_or(abs);
            Some(
                abs.parent()
                    .map(|d| d.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            )
        }
        Mode::Stdin => Some(String::new()),
    };
    if !cfg.safe_path {
        if let Some(p) = path0 {
            cfg.path.insert(0, p);
        }
    }
    cfg.argv = match &mode {
        Mode::Command(_) => std::iter::once("-c".to_string())
            .chain(rest.iter().cloned())
            .collect(),
        Mode::Module(_) => std::iter::once("-m".to_string())
            .chain(rest.iter().cloned())
            .collect(),
        Mode::File(f) => std::iter::once(f.clone())
            .chain(rest.iter().cloned())
            .collect(),
        Mode::Stdin => std::iter::once(if args.len() > i && args[i] == "-" {
            "-".to_string()
        } else {
            String::new()
        })
        .chain(rest.iter().cloned())
        .collect(),
    };
    let inspect = cfg.inspect;
    let quiet = cfg.quiet;
    let no_site = cfg.no_site;
    if let Err(e) = crate::init(cfg) {
        eprint!(
            "{}",
            crate::modules::traceback_fmt::format_exception(&e.value())
        );
        return 1;
    }
    if !no_site {
        if let Err(e) = site_builtins() {
            eprint!(
                "{}",
                crate::modules::traceback_fmt::format_exception(&e.value())
            );
            return 1;
        }
    }
    let result: PyResult<()> = match &mode {
        Mode::Command(c) => run_source(c, "<string>", false),
        Mode::Module(m) => run_module(m),
        Mode::File(f) => {
            let fs = crate::fs::filesystem();
            match fs.read(f) {
                Ok(data) => {
                    let data = if skip_first {
                        match data.iter().position(|&b| b == b'\n') {
                            Some(p) => data[p + 1..].to_vec(),
                            None => Vec::new(),
                        }
                    } else {
                        data
                    };
                    // CPython makes the script's path absolute (__file__, tracebacks)
                    let abs = {
                        let p = std::path::Path::new(f);
                        if p.is_absolute() {
                            f.clone()
                        } else {
                            std::path::Path::new(&cwd)
                                .join(p)
                                .to_string_lossy()
                                .into_owned()
                        }
                    };
                    match pyrite_compiler::decode_source(&data, &abs) {
                        Ok(text) => {
                            crate::types::dict::obj_dict(&crate::modules::main_dict())
                                .set_str("__file__", Value::from(abs.as_str()));
                            run_source(&text, &abs, false)
                        }
                        Err(e) => Err(crate::builtins::syntax_error_from(e)),
                    }
                }
                Err(e) => {
                    let abs = std::path::Path::new(&cwd).join(f);
                    let shown = if std::path::Path::new(f).is_absolute() {
                        f.clone()
                    } else {
                        abs.to_string_lossy().into_owned()
                    };
                    let code = e.raw_os_error().unwrap_or(2);
                    let msg = unsafe { std::ffi::CStr::from_ptr(libc::strerror(code)) }
                        .to_string_lossy()
                        .into_owned();
                    eprintln!(
                        "{}: can't open file '{}': [Errno {}] {}",
                        args[0].rsplit('/').next().unwrap_or("pyrite"),
                        shown,
                        code,
                        msg
                    );
                    return 2;
                }
            }
        }
        Mode::Stdin => {
            if stdin_tty {
                if !quiet {
                    eprintln!(
                        "Python {} (Pyrite {}) on linux",
                        crate::modules::sys::VERSION,
                        crate::modules::sys::PYRITE_VERSION
                    );
                    eprintln!("Type \"help\", \"copyright\", \"credits\" or \"license\" for more information.");
                }
                repl(use_history)
            } else {
                let mut data = Vec::new();
                use std::io::Read;
                let _ = std::io::stdin().read_to_end(&mut data);
                match pyrite_compiler::decode_source(&data, "<stdin>") {
                    Ok(text) => run_source(&text, "<stdin>", false),
                    Err(e) => Err(crate::builtins::syntax_error_from(e)),
                }
            }
        }
    };
    let mut status = match result {
        Ok(()) => 0,
        Err(e) => handle_exception(e),
    };
    if inspect && !matches!(mode, Mode::Stdin) && status != 0xdead {
        if let Err(e) = repl(use_history) {
            status = handle_exception(e);
        }
    }
    finish();
    status
}

fn finish() {
    crate::modules::atexit::finalize();
}

/// Print an uncaught exception (or honour SystemExit); returns the exit status.
pub fn handle_exception(e: PyErr) -> i32 {
    let ex = crate::types::exceptions::exc();
    if e.matches(&ex.system_exit) {
        let code = crate::ops::attr::getattr(&e.value(), "code").unwrap_or(Value::None);
        return match &code {
            Value::None => 0,
            v if crate::types::int::is_int(v) => crate::types::int::as_i64(v).unwrap_or(-1) as i32,
            other => {
                crate::modules::io_min::flush_std();
                let text = crate::ops::to_str(other).unwrap_or_default();
                let err = crate::modules::sys::get_sys_attr("stderr").unwrap_or(Value::None);
                let _ = crate::modules::io_min::write_to(&err, &format!("{}\n", text));
                1
            }
        };
    }
    crate::modules::io_min::flush_std();
    let hook = crate::modules::sys::get_sys_attr("excepthook");
    let v = e.value();
    let printed = match hook {
        Some(h) => crate::ops::call::call(
            &h,
            &[
                Value::Obj(v.class()),
                v.clone(),
                crate::types::exceptions::get_traceback(&v),
            ],
            None,
        )
        .is_ok(),
        None => false,
    };
    if !printed {
        eprint!("{}", crate::modules::traceback_fmt::format_exception(&v));
    }
    if e.matches(&ex.keyboard_interrupt) {
        return 130;
    }
    1
}

/// Compile and run source as `__main__`.
pub fn run_source(src: &str, filename: &str, _interactive: bool) -> PyResult<()> {
    let code = crate::builtins::compile_source(src, filename, pyrite_compiler::Mode::Exec)?;
    let main = crate::modules::main_dict();
    crate::frame::run_code(
        code.as_obj().unwrap(),
        &main,
        Some(Value::Obj(main.clone())),
    )?;
    Ok(())
}

fn run_module(name: &str) -> PyResult<()> {
    // find the module's file without executing it, then run it as __main__
    let mut target = name.to_string();
    for _ in 0..2 {
        let spec = find_module_file(&target)?;
        match spec {
            Some((path, is_pkg)) => {
                if is_pkg {
                    target = format!("{}.__main__", target);
                    continue;
                }
                let data = crate::fs::filesystem().read(&path).map_err(|e| {
                    crate::modules::io_min::os_err(e, Some(Value::from(path.as_str())))
                })?;
                let text = pyrite_compiler::decode_source(&data, &path)
                    .map_err(crate::builtins::syntax_error_from)?;
                let main = crate::modules::main_dict();
                let md = crate::types::dict::obj_dict(&main);
                md.set_str("__file__", Value::from(path.as_str()));
                let pkg = target
                    .rsplit_once('.')
                    .map(|(p, _)| p.to_string())
                    .unwrap_or_default();
                md.set_str("__package__", Value::from(pkg.as_str()));
                if let Some(argv) = crate::modules::sys::get_sys_attr("argv") {
                    crate::ops::setitem(&argv, Value::Int(0), Value::from(path.as_str()))?;
                }
                return run_source(&text, &path, false);
            }
            None => {
                let exe = "pyrite";
                crate::modules::io_min::flush_std();
                let err = crate::modules::sys::get_sys_attr("stderr").unwrap_or(Value::None);
                let _ = crate::modules::io_min::write_to(
                    &err,
                    &format!("{}: No module named {}\n", exe, target),
                );
                return Err(PyErr::with_args(
                    &crate::types::exceptions::exc().system_exit,
                    vec![Value::Int(1)],
                ));
            }
        }
    }
    Err(PyErr::new(
        &crate::types::exceptions::exc().import_error,
        format!(
            "No module named {}.__main__; '{}' is a package and cannot be directly executed",
            name, name
        ),
    ))
}

/// (path, is_package) of a module found on sys.path, importing parent packages.
fn find_module_file(name: &str) -> PyResult<Option<(String, bool)>> {
    let (dirs, child): (Vec<String>, &str) = match name.rsplit_once('.') {
        Some((parent, child)) => {
            let pm = crate::import::import_full(parent)?;
            let path = crate::ops::attr::getattr(&pm, "__path__")?;
            (
                crate::ops::iterate(&path)?
                    .iter()
                    .filter_map(|v| crate::types::str::as_str(v).map(|s| s.to_string()))
                    .collect(),
                child,
            )
        }
        None => {
            let p = crate::modules::sys::get_sys_attr("path").unwrap_or(Value::None);
            (
                crate::ops::iterate(&p)?
                    .iter()
                    .filter_map(|v| crate::types::str::as_str(v).map(|s| s.to_string()))
                    .collect(),
                name,
            )
        }
    };
    let fs = crate::fs::filesystem();
    for d in dirs {
        let base = if d.is_empty() { ".".into() } else { d };
        let pkg = format!("{}/{}/__init__.py", base, child);
        if fs.metadata(&pkg).map(|m| m.is_file).unwrap_or(false) {
            return Ok(Some((pkg, true)));
        }
        let f = format!("{}/{}.py", base, child);
        if fs.metadata(&f).map(|m| m.is_file).unwrap_or(false) {
            return Ok(Some((f, false)));
        }
    }
    Ok(None)
}

/// The interactive loop.
/// The interactive helpers that CPython's `site` module puts in `builtins` (`exit`,
/// `quit`, `help`, `copyright`, `credits`, `license`). (The rest of `site` — site-packages directories and `.pth`
/// files — is not run at start-up yet; `import site` does it.)
fn site_builtins() -> PyResult<()> {
    // Pyrite's own small versions of site's helper classes: `_sitebuiltins` itself
    // imports `os`, which would triple the start-up time.
    let src = r#"
import builtins, sys

class Quitter:
    def __init__(self, name, eof):
        self.name = name
        self.eof = eof
    def __repr__(self):
        return f'Use {self.name}() or {self.eof} to exit'
    def __call__(self, code=None):
        try:
            sys.stdin.close()
        except Exception:
            pass
        raise SystemExit(code)

class _Printer:
    def __init__(self, name, text):
        self.__name = name
        self.__text = text
    def __repr__(self):
        return self.__text
    def __call__(self):
        print(self.__text)

class _Helper:
    def __repr__(self):
        return ("Type help() for interactive help, "
                "or help(object) for help about object.")
    def __call__(self, *args, **kwds):
        import pydoc
        return pydoc.help(*args, **kwds)

for _c in (Quitter, _Printer, _Helper):
    _c.__module__ = '_sitebuiltins'
eof = 'Ctrl-D (i.e. EOF)'
builtins.quit = Quitter('quit', eof)
builtins.exit = Quitter('exit', eof)
builtins.copyright = _Printer('copyright', sys.copyright)
builtins.credits = _Printer('credits', 'Pyrite is a Python 3.11 runtime written in Rust; Python itself is developed by the PSF and many contributors, see https://www.python.org.')
builtins.license = _Printer('license', 'See https://www.python.org/psf/license/')
builtins.help = _Helper()
"#;
    let code = crate::builtins::compile_source(src, "<pyrite-site>", pyrite_compiler::Mode::Exec)?;
    let g = crate::types::dict::new_dict();
    let gd = crate::types::dict::as_dict(&g).unwrap();
    gd.set_str(
        "__builtins__",
        Value::Obj(crate::vm::interp().builtins.clone()),
    );
    gd.set_str("__name__", Value::from("_pyrite_site"));
    crate::frame::run_code(code.as_obj().unwrap(), g.as_obj().unwrap(), Some(g.clone()))?;
    Ok(())
}

/// The pure-Python standard library must be there before anything runs: say once,
/// clearly, where Pyrite looked and how to fix it (instead of a `ModuleNotFoundError`
/// from the first `import`).
fn check_stdlib(cfg: &Config) -> Result<(), String> {
    let how = "Install CPython 3.11's standard library (Debian: `apt-get install libpython3.11-stdlib`), \
or point Pyrite to a directory holding it with PYRITE_STDLIB=DIR or -X stdlib=DIR.";
    match crate::modules::sys::find_stdlib(cfg) {
        Some(d) if std::path::Path::new(&d).join("os.py").is_file() => Ok(()),
        Some(d) => {
            let from = if cfg.stdlib_dir.is_some() { "-X stdlib" } else { "PYRITE_STDLIB" };
            Err(format!("pyrite: no Python 3.11 standard library at '{d}' (from {from}): it has no os.py.\n{how}"))
        }
        None => Err(format!(
            "pyrite: cannot find the Python 3.11 standard library (looked in /usr/lib/python3.11 and /usr/local/lib/python3.11).\n{how}"
        )),
    }
}

fn repl(use_history: bool) -> PyResult<()> {
    use crate::lineedit::{is_incomplete, Input, LineReader};
    let mut reader = LineReader::new(use_history);
    let sys = Value::Obj(crate::modules::sys::sys_module());
    for (name, default) in [("ps1", ">>> "), ("ps2", "... ")] {
        if crate::ops::attr::getattr_opt(&sys, name)?.is_none() {
            crate::ops::attr::setattr(&sys, name, Value::from(default))?;
        }
    }
    let prompt = |name: &str, default: &str| -> String {
        match crate::ops::attr::getattr_opt(&sys, name) {
            Ok(Some(v)) => crate::ops::to_str(&v).unwrap_or_else(|_| default.to_owned()),
            _ => default.to_owned(),
        }
    };
    let mut src = String::new();
    loop {
        let p = if src.is_empty() {
            prompt("ps1", ">>> ")
        } else {
            prompt("ps2", "... ")
        };
        let line = match reader.read_line(&p) {
            Input::Line(l) => l,
            Input::Eof => {
                if !reader.is_tty() {
                    eprintln!();
                }
                return Ok(());
            }
            Input::Interrupt => {
                crate::modules::io_min::flush_std();
                // the line editor has already moved to a new line
                eprintln!(
                    "{}KeyboardInterrupt",
                    if reader.is_tty() { "" } else { "\n" }
                );
                src.clear();
                continue;
            }
        };
        let blank = line.trim().is_empty();
        if src.is_empty() && blank {
            continue;
        }
        if !src.is_empty() {
            src.push('\n');
        }
        src.push_str(&line);
        // An empty line ends a block: run what was typed, whatever the compiler says.
        let finish = blank;
        let compiled = crate::builtins::compile_source(
            &format!("{src}\n"),
            "<stdin>",
            pyrite_compiler::Mode::Single,
        );
        let run = match &compiled {
            Ok(_) => finish || !is_incomplete(&src, None),
            Err(e) if !finish && e.matches(&crate::types::exceptions::exc().syntax_error) => {
                let v = e.value();
                let msg = crate::ops::attr::getattr(&v, "msg")
                    .and_then(|m| crate::ops::to_str(&m))
                    .unwrap_or_default();
                let lineno = match crate::ops::attr::getattr(&v, "lineno") {
                    Ok(Value::Int(n)) => n.max(0) as usize,
                    _ => 0,
                };
                !is_incomplete(&src, Some((&msg, lineno)))
            }
            Err(_) => true,
        };
        if !run {
            continue;
        }
        src.clear();
        let r = compiled.and_then(|code| {
            let main = crate::modules::main_dict();
            crate::frame::run_code(
                code.as_obj().unwrap(),
                &main,
                Some(Value::Obj(main.clone())),
            )?;
            Ok(())
        });
        if let Err(e) = r {
            if e.matches(&crate::types::exceptions::exc().system_exit) {
                return Err(e);
            }
            crate::modules::io_min::flush_std();
            eprint!(
                "{}",
                crate::modules::traceback_fmt::format_exception(&e.value())
            );
        }
    }
}
