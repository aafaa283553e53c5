//! The `zwasm` command line: run, validate and inspect WebAssembly modules,
//! run `.wast` scripts, convert text to binary.

use std::process::ExitCode;
use zwasm::{
    Config, Engine, Error, ExternType, FuncType, Instance, Linker, Module, Store, Tier, Val, ValType,
};

const USAGE: &str = "\
usage: zwasm <command> [options]

commands:
  run [OPTIONS] FILE [ARGS...]   run a module (.wasm or .wat)
  validate FILE                  check that a module is valid
  inspect [--ir] FILE            show imports, exports, types and sections
  wast [--tier T] FILE           run a .wast script and report each assertion
  wat2wasm FILE [-o OUT]         convert the text format to binary
  help                           show this message

run options:
  --invoke NAME     call export NAME with ARGS parsed from its signature;
                    print the results one per line
  --tier T          interp, jit or tiered (default: $ZWASM_TIER or interp)
  --fuel N          stop with a trap after N units of fuel
  --verbose         print which tier runs
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match dispatch(&args) {
        Ok(code) => code,
        Err(CliError::Usage(msg)) => {
            eprintln!("zwasm: {msg}");
            eprintln!("run `zwasm help` for usage");
            ExitCode::from(2)
        }
        Err(CliError::Failed(msg)) => {
            eprintln!("Error: {msg}");
            ExitCode::from(1)
        }
    }
}

enum CliError {
    /// Bad command line: exit status 2.
    Usage(String),
    /// The command ran and failed: exit status 1.
    Failed(String),
}

impl From<Error> for CliError {
    fn from(e: Error) -> CliError {
        CliError::Failed(e.to_string())
    }
}

fn usage(msg: impl Into<String>) -> CliError {
    CliError::Usage(msg.into())
}

fn dispatch(args: &[String]) -> Result<ExitCode, CliError> {
    let Some(command) = args.first() else {
        print!("{USAGE}");
        return Err(usage("missing command"));
    };
    let rest = &args[1..];
    if rest.iter().any(|a| a == "--help" || a == "-h") {
        print!("{USAGE}");
        return Ok(ExitCode::SUCCESS);
    }
    match command.as_str() {
        "run" => run(rest),
        "validate" => validate(rest),
        "inspect" => inspect(rest),
        "wast" => wast(rest),
        "wat2wasm" => wat2wasm(rest),
        "help" | "--help" | "-h" => {
            print!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        "--version" | "-V" | "version" => {
            println!("zwasm {}", env!("CARGO_PKG_VERSION"));
            Ok(ExitCode::SUCCESS)
        }
        other => Err(usage(format!("unknown command `{other}`"))),
    }
}

/// Options shared by the commands that run code.
struct RunOptions {
    tier: Option<Tier>,
    invoke: Option<String>,
    fuel: Option<u64>,
    verbose: bool,
    file: String,
    args: Vec<String>,
}

fn parse_run_options(args: &[String]) -> Result<RunOptions, CliError> {
    let mut opts = RunOptions {
        tier: None,
        invoke: None,
        fuel: None,
        verbose: false,
        file: String::new(),
        args: vec![],
    };
    let mut i = 0;
    let value = |i: &mut usize, flag: &str| -> Result<String, CliError> {
        *i += 1;
        args.get(*i).cloned().ok_or_else(|| usage(format!("{flag} needs a value")))
    };
    while i < args.len() {
        let arg = &args[i];
        match arg.as_str() {
            "--tier" => {
                let v = value(&mut i, "--tier")?;
                opts.tier = Some(Tier::parse(&v).ok_or_else(|| usage(format!("unknown tier `{v}`")))?);
            }
            "--invoke" => opts.invoke = Some(value(&mut i, "--invoke")?),
            "--fuel" => {
                let v = value(&mut i, "--fuel")?;
                opts.fuel = Some(v.parse().map_err(|_| usage(format!("invalid fuel `{v}`")))?);
            }
            "--verbose" | "-v" => opts.verbose = true,
            s if s.starts_with('-') && opts.file.is_empty() => {
                return Err(usage(format!("unknown option `{s}`")));
            }
            _ => {
                opts.file = arg.clone();
                opts.args = args[i + 1..].to_vec();
                return Ok(opts);
            }
        }
        i += 1;
    }
    Err(usage("missing FILE"))
}

fn engine_for(tier: Option<Tier>) -> Result<Engine, CliError> {
    let tier = match tier {
        Some(t) => t,
        None => Tier::from_env()?.unwrap_or(Tier::Interp),
    };
    let mut config = Config::new();
    config.tier(tier);
    Ok(Engine::new(&config)?)
}

fn load(engine: &Engine, path: &str) -> Result<Module, CliError> {
    Module::from_file(engine, path).map_err(|e| CliError::Failed(format!("{path}: {e}")))
}

fn run(args: &[String]) -> Result<ExitCode, CliError> {
    let opts = parse_run_options(args)?;
    let engine = engine_for(opts.tier)?;
    if opts.verbose {
        eprintln!("zwasm: tier {}", engine.config().get_tier().name());
    }
    let module = load(&engine, &opts.file)?;
    let mut store = Store::new(&engine, ());
    store.set_fuel(opts.fuel);
    let linker = Linker::new(&engine);
    let instance = linker.instantiate(&mut store, &module).map_err(report)?;
    match &opts.invoke {
        Some(name) => invoke(&mut store, instance, name, &opts.args),
        None => {
            let start = instance
                .get_func(&store, "_start")
                .ok_or_else(|| CliError::Failed("no `_start` export; use --invoke NAME".into()))?;
            start.call(&mut store, &[], &mut []).map_err(report)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn invoke(
    store: &mut Store<()>,
    instance: Instance,
    name: &str,
    args: &[String],
) -> Result<ExitCode, CliError> {
    let func = instance
        .get_func(&*store, name)
        .ok_or_else(|| CliError::Failed(format!("no exported function `{name}`")))?;
    let ty = func.ty(&*store);
    let params = parse_args(&ty, args)?;
    let mut results: Vec<Val> = ty.results().iter().map(|t| Val::default_for(*t)).collect();
    func.call(&mut *store, &params, &mut results).map_err(report)?;
    for r in results {
        println!("{}", format_val(&r));
    }
    Ok(ExitCode::SUCCESS)
}

fn parse_args(ty: &FuncType, args: &[String]) -> Result<Vec<Val>, CliError> {
    if args.len() != ty.params().len() {
        return Err(usage(format!("{} expects {} arguments, got {}", ty, ty.params().len(), args.len())));
    }
    ty.params()
        .iter()
        .zip(args)
        .map(|(t, a)| {
            let bad = || usage(format!("`{a}` is not a valid {t}"));
            Ok(match t {
                ValType::I32 => Val::I32(
                    a.parse::<i32>().or_else(|_| a.parse::<u32>().map(|v| v as i32)).map_err(|_| bad())?,
                ),
                ValType::I64 => Val::I64(
                    a.parse::<i64>().or_else(|_| a.parse::<u64>().map(|v| v as i64)).map_err(|_| bad())?,
                ),
                ValType::F32 => Val::f32(a.parse().map_err(|_| bad())?),
                ValType::F64 => Val::f64(a.parse().map_err(|_| bad())?),
                other => return Err(usage(format!("cannot pass a {other} from the command line"))),
            })
        })
        .collect()
}

fn format_val(v: &Val) -> String {
    match v {
        Val::I32(x) => x.to_string(),
        Val::I64(x) => x.to_string(),
        Val::F32(b) => f32::from_bits(*b).to_string(),
        Val::F64(b) => f64::from_bits(*b).to_string(),
        Val::V128(x) => format!("{x:#034x}"),
        Val::FuncRef(f) => if f.is_some() { "funcref" } else { "null" }.to_string(),
        Val::ExternRef(r) => if r.is_some() { "externref" } else { "null" }.to_string(),
    }
}

/// Formats an error; a trap gets its stack trace, innermost frame first.
fn report(e: Error) -> CliError {
    let mut msg = e.to_string();
    if let Error::Trap(trap) = &e {
        for frame in trap.trace() {
            let name = frame.func_name.clone().unwrap_or_else(|| format!("func[{}]", frame.func_index));
            msg.push_str(&format!("\n    at {name} (offset {:#x})", frame.module_offset));
        }
    }
    CliError::Failed(msg)
}

fn single_file(args: &[String], flags: &[&str]) -> Result<(Vec<String>, String), CliError> {
    let mut seen = Vec::new();
    let mut file = None;
    for a in args {
        if flags.contains(&a.as_str()) {
            seen.push(a.clone());
        } else if a.starts_with('-') {
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

fn inspect(args: &[String]) -> Result<ExitCode, CliError> {
    let (flags, file) = single_file(args, &["--ir"])?;
    let engine = Engine::default();
    let module = load(&engine, &file)?;
    if let Some(name) = module.name() {
        println!("module {name}");
    }
    println!("imports:");
    for import in module.imports() {
        println!("  {}::{} {}", import.module, import.name, describe(&import.ty));
    }
    println!("exports:");
    for export in module.exports() {
        println!("  {} {}", export.name, describe(&export.ty));
    }
    println!("functions: {}", module.num_funcs());
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

fn describe(ty: &ExternType) -> String {
    let limits = |min: u64, max: Option<u64>| match max {
        Some(m) => format!("{min}..{m}"),
        None => format!("{min}.."),
    };
    match ty {
        ExternType::Func(f) => format!("func {f}"),
        ExternType::Global(g) => format!("global {}{}", if g.mutable { "mut " } else { "" }, g.content),
        ExternType::Table(t) => format!("table {} {}", t.element, limits(t.min, t.max)),
        ExternType::Memory(m) => format!("memory {} pages", limits(m.min, m.max)),
    }
}

fn wast(args: &[String]) -> Result<ExitCode, CliError> {
    let opts = parse_run_options(args)?;
    if opts.invoke.is_some() || !opts.args.is_empty() {
        return Err(usage("wast takes one FILE"));
    }
    let engine = engine_for(opts.tier)?;
    if opts.verbose {
        eprintln!("zwasm: tier {}", engine.config().get_tier().name());
    }
    let text = std::fs::read_to_string(&opts.file)
        .map_err(|e| CliError::Failed(format!("cannot read {}: {e}", opts.file)))?;
    let outcome = zwasm::script::run_wast(&opts.file, &text, &engine);
    for failure in &outcome.failures {
        println!("FAIL {}: {failure}", opts.file);
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
