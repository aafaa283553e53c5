//! The `zwasm` command line: run WASI programs and exported functions,
//! validate and inspect modules, run `.wast` scripts, convert text to binary.

#[path = "zwasm/run.rs"]
mod run;

use std::process::ExitCode;
use zwasm::{Compilation, Config, Engine, Error, ExternType, FuncType, Module, Tier};

const USAGE: &str = "\
usage: zwasm <command> [options]

commands:
  run [OPTIONS] FILE [ARGS...]   run a module (.wasm or .wat) with WASI
  validate FILE                  check that a module is valid
  inspect [--ir] FILE            show types, imports, exports, limits and sections
  wast [--tier T] FILE           run a .wast script and report each directive
  wat2wasm FILE [-o OUT]         convert the text format to binary
  help [COMMAND]                 show this message, or a command's options
  --version                      show the version

`zwasm COMMAND --help` shows the options of a command.
";

const VALIDATE_USAGE: &str = "\
usage: zwasm validate FILE

Decodes and validates FILE (.wasm or .wat). Prints `FILE: valid` and exits
with 0, or prints the first problem and exits with 1.
";

const INSPECT_USAGE: &str = "\
usage: zwasm inspect [--ir] FILE

Prints the function types, imports, exports, memories, tables, globals,
start function and custom sections of FILE.

  --ir     also print the register IR of every defined function
";

const WAST_USAGE: &str = "\
usage: zwasm wast [--tier T] [--verbose] FILE.wast

Runs the spec script FILE and prints one line per directive (`ok` or `FAIL`
with the reason), then the totals. Exits with 1 if any directive failed.

  --tier T     interp, jit or tiered (default: $ZWASM_TIER or interp)
  --verbose    print which tier runs
";

const WAT2WASM_USAGE: &str = "\
usage: zwasm wat2wasm FILE [-o OUT]

Converts the text format FILE to a binary module, written to OUT (default:
FILE with the extension .wasm).
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match dispatch(&args) {
        Ok(code) => code,
        Err(e) => e.report(),
    }
}

/// A command that did not succeed, and how the process should end.
pub(crate) enum CliError {
    /// Bad command line: exit status 2.
    Usage(String),
    /// The command ran and failed: exit status 1.
    Failed(String),
    /// The module trapped: `Error: ...` with the trace, exit status 134.
    Trap(String),
    /// A run went past `--timeout`: exit status 124.
    Timeout(String),
}

impl CliError {
    fn report(self) -> ExitCode {
        match self {
            CliError::Usage(msg) => {
                eprintln!("zwasm: {msg}");
                eprintln!("run `zwasm help` for usage");
                ExitCode::from(2)
            }
            CliError::Failed(msg) => {
                eprintln!("Error: {msg}");
                ExitCode::from(1)
            }
            CliError::Trap(msg) => {
                eprintln!("Error: {msg}");
                ExitCode::from(run::TRAP_STATUS)
            }
            CliError::Timeout(msg) => {
                eprintln!("Error: {msg}");
                ExitCode::from(run::TIMEOUT_STATUS)
            }
        }
    }
}

impl From<Error> for CliError {
    fn from(e: Error) -> CliError {
        CliError::Failed(e.to_string())
    }
}

pub(crate) fn usage(msg: impl Into<String>) -> CliError {
    CliError::Usage(msg.into())
}

/// The help text of `command`, if it has one.
fn help_for(command: &str) -> Option<&'static str> {
    Some(match command {
        "run" => run::USAGE,
        "validate" => VALIDATE_USAGE,
        "inspect" => INSPECT_USAGE,
        "wast" => WAST_USAGE,
        "wat2wasm" => WAT2WASM_USAGE,
        _ => return None,
    })
}

fn dispatch(args: &[String]) -> Result<ExitCode, CliError> {
    let Some(command) = args.first() else {
        eprint!("{USAGE}");
        return Err(usage("missing command"));
    };
    let rest = &args[1..];
    // `--help` counts only among a command's own options: after `run`'s
    // FILE, arguments belong to the guest.
    if let Some(text) = help_for(command)
        && wants_help(command, rest)
    {
        print!("{text}");
        return Ok(ExitCode::SUCCESS);
    }
    if command != "run" {
        restore_default_sigpipe();
    }
    match command.as_str() {
        "run" => run::run(rest),
        "validate" => validate(rest),
        "inspect" => inspect(rest),
        "wast" => wast(rest),
        "wat2wasm" => wat2wasm(rest),
        "help" | "--help" | "-h" => match rest {
            [] => {
                print!("{USAGE}");
                Ok(ExitCode::SUCCESS)
            }
            [c] => {
                print!("{}", help_for(c).ok_or_else(|| usage(format!("unknown command `{c}`")))?);
                Ok(ExitCode::SUCCESS)
            }
            _ => Err(usage("help takes at most one COMMAND")),
        },
        "--version" | "-V" | "version" => {
            if !rest.is_empty() {
                return Err(usage("--version takes no arguments"));
            }
            println!("zwasm {}", env!("CARGO_PKG_VERSION"));
            Ok(ExitCode::SUCCESS)
        }
        other => Err(usage(format!("unknown command `{other}`"))),
    }
}

/// Lets a closed output pipe end the process quietly, as it does other
/// command-line tools (`zwasm inspect big.wasm | head`). Rust ignores the
/// signal so that writes fail instead; `run` keeps that, so a guest writing
/// to a closed pipe gets `EPIPE` rather than being killed.
fn restore_default_sigpipe() {
    // SAFETY: this runs on the main thread before any other thread exists,
    // and only sets the disposition of SIGPIPE to the default action.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// Whether `--help`/`-h` appears among the options of `command`.
fn wants_help(command: &str, args: &[String]) -> bool {
    let is_help = |a: &String| a == "--help" || a == "-h";
    if command == "run" {
        run::options_before_file(args).iter().any(is_help)
    } else {
        args.iter().any(is_help)
    }
}

/// The engine for `tier` and `compilation`, each defaulting to its
/// environment variable (`ZWASM_TIER`, `ZWASM_COMPILATION`), then to the
/// interpreter and eager compilation.
pub(crate) fn engine_for(tier: Option<Tier>, compilation: Option<Compilation>) -> Result<Engine, CliError> {
    let tier = match tier {
        Some(t) => t,
        None => Tier::from_env()?.unwrap_or(Tier::Interp),
    };
    let compilation = match compilation {
        Some(c) => c,
        None => Compilation::from_env()?.unwrap_or_default(),
    };
    let mut config = Config::new();
    config.tier(tier).compilation(compilation);
    Ok(Engine::new(&config)?)
}

pub(crate) fn load(engine: &Engine, path: &str) -> Result<Module, CliError> {
    Module::from_file(engine, path).map_err(|e| CliError::Failed(format!("{path}: {e}")))
}

/// The one FILE argument of a command, and which of `flags` were given.
fn single_file(args: &[String], flags: &[&str]) -> Result<(Vec<String>, String), CliError> {
    let mut seen = Vec::new();
    let mut file = None;
    for a in args {
        if flags.contains(&a.as_str()) {
            seen.push(a.clone());
        } else if a.starts_with('-') && a.len() > 1 {
            return Err(usage(format!("unknown option `{a}`")));
        } else if file.replace(a.clone()).is_some() {
            return Err(usage("expected exactly one FILE"));
        }
    }
    Ok((seen, file.ok_or_else(|| usage("missing FILE"))?))
}

fn validate(args: &[String]) -> Result<ExitCode, CliError> {
    let (_, file) = single_file(args, &[])?;
    let engine = Engine::default();
    load(&engine, &file)?;
    println!("{file}: valid");
    Ok(ExitCode::SUCCESS)
}

fn limits(min: u64, max: Option<u64>) -> String {
    match max {
        Some(m) => format!("{min}..{m}"),
        None => format!("{min}.."),
    }
}

/// A function type as `(i32, i64) -> f32`.
fn signature(ty: &FuncType) -> String {
    let list = |types: &[zwasm::ValType]| types.iter().map(|t| t.to_string()).collect::<Vec<_>>().join(", ");
    match ty.results() {
        [one] => format!("({}) -> {one}", list(ty.params())),
        results => format!("({}) -> ({})", list(ty.params()), list(results)),
    }
}

fn describe(ty: &ExternType) -> String {
    match ty {
        ExternType::Func(f) => format!("func {}", signature(f)),
        ExternType::Global(g) => format!("global {}{}", if g.mutable { "mut " } else { "" }, g.content),
        ExternType::Table(t) => format!("table {} {}", t.element, limits(t.min, t.max)),
        ExternType::Memory(m) => format!("memory {} pages", limits(m.min, m.max)),
    }
}

fn inspect(args: &[String]) -> Result<ExitCode, CliError> {
    let (flags, file) = single_file(args, &["--ir"])?;
    let engine = Engine::default();
    let module = load(&engine, &file)?;
    if let Some(name) = module.name() {
        println!("module {name}");
    }
    println!("types:");
    for (i, ty) in module.types().iter().enumerate() {
        println!("  {i}: {}", signature(ty));
    }
    println!("imports:");
    for import in module.imports() {
        println!("  {}::{} {}", import.module, import.name, describe(&import.ty));
    }
    println!("exports:");
    for export in module.exports() {
        println!("  {} {}", export.name, describe(&export.ty));
    }
    println!("memories:");
    for (i, m) in module.defined_memories().iter().enumerate() {
        println!("  {i}: {} pages", limits(m.min, m.max));
    }
    println!("tables:");
    for (i, t) in module.defined_tables().enumerate() {
        println!("  {i}: {} {}", t.element, limits(t.min, t.max));
    }
    println!("globals:");
    for (i, g) in module.defined_globals().enumerate() {
        println!("  {i}: {}{}", if g.mutable { "mut " } else { "" }, g.content);
    }
    if let Some(start) = module.start_func() {
        let name = module.func_name(start).map(|n| format!(" ${n}")).unwrap_or_default();
        println!("start: func {start}{name}");
    }
    let imported = module.imports().filter(|i| matches!(i.ty, ExternType::Func(_))).count();
    println!("functions: {} ({imported} imported)", module.num_funcs());
    println!("custom sections:");
    for (name, size) in module.custom_sections() {
        println!("  {name} ({size} bytes)");
    }
    if !flags.is_empty() {
        for f in 0..module.num_funcs() {
            if let Some(ir) = module.ir_text(f) {
                let name = module.func_name(f).map(|n| format!(" ${n}")).unwrap_or_default();
                println!("\nfunc {f}{name}: {ir}");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn wast(args: &[String]) -> Result<ExitCode, CliError> {
    let mut tier = None;
    let mut verbose = false;
    let mut file = None;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--tier" => {
                i += 1;
                let v = args.get(i).ok_or_else(|| usage("--tier needs a value"))?;
                tier = Some(run::parse_tier(v)?);
            }
            a if a.starts_with("--tier=") => tier = Some(run::parse_tier(&a["--tier=".len()..])?),
            "--verbose" | "-v" => verbose = true,
            a if a.starts_with('-') => return Err(usage(format!("unknown option `{a}`"))),
            a => {
                if file.replace(a.to_string()).is_some() {
                    return Err(usage("wast takes one FILE"));
                }
            }
        }
        i += 1;
    }
    let file = file.ok_or_else(|| usage("missing FILE"))?;
    let engine = engine_for(tier, None)?;
    if verbose {
        eprintln!("zwasm: tier {}", engine.config().get_tier().name());
    }
    let text =
        std::fs::read_to_string(&file).map_err(|e| CliError::Failed(format!("cannot read {file}: {e}")))?;
    let outcome = zwasm::script::run_wast(&file, &text, &engine);
    for (line, kind, error) in &outcome.directives {
        match error {
            None => println!("{file}:{line}: {kind} ok"),
            Some(e) => println!("{file}:{line}: {kind} FAIL: {e}"),
        }
    }
    if outcome.directives.is_empty() {
        // The script did not parse: there is only the reason.
        for failure in &outcome.failures {
            println!("FAIL {failure}");
        }
    }
    println!("{} passed, {} failed, {} skipped", outcome.passed, outcome.failed, outcome.skipped);
    Ok(if outcome.failed == 0 { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

fn wat2wasm(args: &[String]) -> Result<ExitCode, CliError> {
    let mut file = None;
    let mut out = None;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "-o" => {
                i += 1;
                out = Some(args.get(i).cloned().ok_or_else(|| usage("-o needs a value"))?);
            }
            a if a.starts_with('-') => return Err(usage(format!("unknown option `{a}`"))),
            a => {
                if file.replace(a.to_string()).is_some() {
                    return Err(usage("expected exactly one FILE"));
                }
            }
        }
        i += 1;
    }
    let file = file.ok_or_else(|| usage("missing FILE"))?;
    let bytes = wat::parse_file(&file).map_err(|e| CliError::Failed(e.to_string()))?;
    let out = out.unwrap_or_else(|| {
        let p = std::path::Path::new(&file);
        p.with_extension("wasm").to_string_lossy().into_owned()
    });
    std::fs::write(&out, bytes).map_err(|e| CliError::Failed(format!("cannot write {out}: {e}")))?;
    Ok(ExitCode::SUCCESS)
}
