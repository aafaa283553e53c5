//! `zwasm run`: runs a WASI command (its `_start`) or one exported function,
//! with preopened directories, environment, fuel, a time limit, a memory
//! cap and preloaded modules.

use super::{CliError, engine_for, load, usage};
use std::io::Write;
use std::net::TcpListener;
use std::process::ExitCode;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;
use zwasm::wasi::{self, WasiConfig, WasiCtx};
use zwasm::{Compilation, Error, FuncType, Instance, Linker, Store, Tier, Val, ValType};

pub(crate) const USAGE: &str = "\
usage: zwasm run [OPTIONS] FILE [ARGS...]

Runs FILE (.wasm or .wat). A WASI command runs its `_start`; the guest's
arguments are FILE followed by ARGS. With --invoke, ARGS are the arguments
of the exported function instead.

options:
  --invoke NAME         call the export NAME with ARGS parsed from its
                        signature; print its results one per line
  --dir HOST[::GUEST]   give the guest the directory HOST, named GUEST
                        (default: HOST); repeatable
  --env KEY=VALUE       set an environment variable for the guest; repeatable
  --tier T              interp, jit or tiered (default: $ZWASM_TIER or interp)
  --compile MODE        when functions are validated and translated: eager
                        (all at load), lazy-translation (validated at load,
                        translated on first call) or lazy (both on first
                        call; default: $ZWASM_COMPILATION or eager)
  --fuel N              trap after N units of fuel (function entries and
                        loop iterations)
  --timeout DURATION    stop after DURATION (e.g. 500ms, 10s, 2m; a bare
                        number is seconds)
  --max-memory BYTES    cap every linear memory at BYTES (suffixes K, M, G
                        are powers of 1024)
  --preload NAME=FILE   instantiate FILE first and link its exports under
                        the module name NAME; repeatable
  --tcplisten ADDR      give the guest a TCP socket listening on ADDR
                        (host:port) for sock_accept; repeatable
  --verbose, -v         print which execution tier runs
  --                    end of options: the next argument is FILE

exit status: the guest's proc_exit status; 0 when it returns; 134 after a
trap; 124 after --timeout; 1 when FILE cannot be loaded or linked; 2 for a
bad command line.
";

/// Exit status after a trap (as a process killed by `SIGABRT` reports).
pub(crate) const TRAP_STATUS: u8 = 134;
/// Exit status after `--timeout` (as `timeout(1)` reports).
pub(crate) const TIMEOUT_STATUS: u8 = 124;

/// Options that take a value.
const VALUE_OPTIONS: [&str; 10] = [
    "--invoke",
    "--tier",
    "--compile",
    "--fuel",
    "--timeout",
    "--max-memory",
    "--dir",
    "--env",
    "--preload",
    "--tcplisten",
];

#[derive(Default)]
struct RunOptions {
    tier: Option<Tier>,
    compilation: Option<Compilation>,
    invoke: Option<String>,
    fuel: Option<u64>,
    timeout: Option<Duration>,
    max_memory: Option<u64>,
    dirs: Vec<(String, String)>,
    envs: Vec<(String, String)>,
    preloads: Vec<(String, String)>,
    listeners: Vec<String>,
    verbose: bool,
    file: String,
    args: Vec<String>,
}

/// The leading arguments that are options of `run` itself (before FILE).
pub(crate) fn options_before_file(args: &[String]) -> &[String] {
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_str();
        if a == "--" || !a.starts_with('-') {
            break;
        }
        if VALUE_OPTIONS.contains(&a) {
            i += 1;
        }
        i += 1;
    }
    &args[..i.min(args.len())]
}

pub(crate) fn parse_tier(v: &str) -> Result<Tier, CliError> {
    Tier::parse(v).ok_or_else(|| usage(format!("unknown tier `{v}` (expected interp, jit or tiered)")))
}

/// `500ms`, `10s`, `2m`, `1h` or a bare number of seconds.
fn parse_duration(v: &str) -> Result<Duration, CliError> {
    let bad = || usage(format!("invalid duration `{v}` (examples: 500ms, 10s, 2m)"));
    let split = v.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(v.len());
    let (number, unit) = v.split_at(split);
    let number: f64 = number.parse().map_err(|_| bad())?;
    let seconds = match unit {
        "" | "s" => number,
        "ms" => number / 1000.0,
        "m" => number * 60.0,
        "h" => number * 3600.0,
        _ => return Err(bad()),
    };
    if !(seconds > 0.0 && seconds.is_finite()) {
        return Err(usage(format!("the timeout must be positive, not `{v}`")));
    }
    Duration::try_from_secs_f64(seconds).map_err(|_| bad())
}

/// A byte count with an optional `K`, `M` or `G` suffix (powers of 1024).
fn parse_bytes(v: &str) -> Result<u64, CliError> {
    let bad = || usage(format!("invalid size `{v}` (examples: 65536, 64K, 16M, 1G)"));
    let split = v.find(|c: char| !c.is_ascii_digit()).unwrap_or(v.len());
    let (number, unit) = v.split_at(split);
    let number: u64 = number.parse().map_err(|_| bad())?;
    let scale: u64 = match unit.to_ascii_uppercase().as_str() {
        "" | "B" => 1,
        "K" | "KB" | "KIB" => 1 << 10,
        "M" | "MB" | "MIB" => 1 << 20,
        "G" | "GB" | "GIB" => 1 << 30,
        _ => return Err(bad()),
    };
    number.checked_mul(scale).ok_or_else(bad)
}

fn parse_options(args: &[String]) -> Result<RunOptions, CliError> {
    let mut opts = RunOptions::default();
    let mut i = 0;
    while i < args.len() {
        let arg = args[i].as_str();
        if arg == "--" {
            i += 1;
            break;
        }
        if !arg.starts_with('-') || arg == "-" {
            break;
        }
        // `--name=value` or `--name value`.
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n, Some(v.to_string())),
            _ => (arg, None),
        };
        let takes_value = VALUE_OPTIONS.contains(&name);
        let value = if takes_value {
            match inline {
                Some(v) => v,
                None => {
                    i += 1;
                    args.get(i).cloned().ok_or_else(|| usage(format!("{name} needs a value")))?
                }
            }
        } else {
            if inline.is_some() {
                return Err(usage(format!("{name} takes no value")));
            }
            String::new()
        };
        match name {
            "--invoke" => opts.invoke = Some(value),
            "--tier" => opts.tier = Some(parse_tier(&value)?),
            "--compile" => {
                opts.compilation = Some(Compilation::parse(&value).ok_or_else(|| {
                    usage(format!(
                        "unknown compilation mode `{value}` (expected eager, lazy-translation or lazy)"
                    ))
                })?)
            }
            "--fuel" => {
                opts.fuel = Some(value.parse().map_err(|_| usage(format!("invalid fuel `{value}`")))?)
            }
            "--timeout" => opts.timeout = Some(parse_duration(&value)?),
            "--max-memory" => opts.max_memory = Some(parse_bytes(&value)?),
            "--dir" => {
                let (host, guest) = match value.split_once("::") {
                    Some((h, g)) => (h.to_string(), g.to_string()),
                    None => (value.clone(), value.clone()),
                };
                if host.is_empty() || guest.is_empty() {
                    return Err(usage(format!("invalid --dir `{value}` (expected HOST or HOST::GUEST)")));
                }
                opts.dirs.push((host, guest));
            }
            "--env" => match value.split_once('=') {
                Some((k, v)) if !k.is_empty() => opts.envs.push((k.to_string(), v.to_string())),
                _ => return Err(usage(format!("invalid --env `{value}` (expected KEY=VALUE)"))),
            },
            "--preload" => match value.split_once('=') {
                Some((n, f)) if !n.is_empty() && !f.is_empty() => {
                    opts.preloads.push((n.to_string(), f.to_string()))
                }
                _ => return Err(usage(format!("invalid --preload `{value}` (expected NAME=FILE)"))),
            },
            "--tcplisten" => opts.listeners.push(value),
            "--verbose" | "-v" => opts.verbose = true,
            other => return Err(usage(format!("unknown option `{other}` for run"))),
        }
        i += 1;
    }
    let Some(file) = args.get(i) else { return Err(usage("missing FILE")) };
    opts.file = file.clone();
    opts.args = args[i + 1..].to_vec();
    Ok(opts)
}

pub(crate) fn run(args: &[String]) -> Result<ExitCode, CliError> {
    let opts = parse_options(args)?;
    let engine = engine_for(opts.tier, opts.compilation)?;
    if opts.verbose {
        let config = engine.config();
        eprintln!(
            "zwasm: tier {}, compilation {}",
            config.get_tier().name(),
            config.get_compilation().name()
        );
    }
    let module = load(&engine, &opts.file)?;

    let mut config = WasiConfig::new();
    config.arg(&opts.file);
    if opts.invoke.is_none() {
        config.args(&opts.args);
    }
    for (k, v) in &opts.envs {
        config.env(k, v);
    }
    for (host, guest) in &opts.dirs {
        config.preopen_dir(host, guest);
    }
    for addr in &opts.listeners {
        let listener =
            TcpListener::bind(addr).map_err(|e| CliError::Failed(format!("cannot listen on {addr}: {e}")))?;
        config.preopen_listener(listener);
    }
    config.inherit_stdio();
    let mut store = Store::new(&engine, config.build()?);
    store.set_fuel(opts.fuel);
    if let Some(bytes) = opts.max_memory {
        store.limit_memory_pages(Some(bytes / 65536));
    }
    let mut linker = Linker::new(&engine);
    wasi::add_to_linker(&mut linker, |cx: &mut WasiCtx| cx)?;

    let watchdog = opts.timeout.map(|limit| Watchdog::start(limit, store.interrupt_handle()));
    let result = execute(&opts, &engine, &module, &mut store, &mut linker);
    let timed_out = watchdog.is_some_and(|w| w.finish());
    match result {
        Ok(Finished::Returned(results)) => {
            // A reader that went away is no reason to fail the run.
            let mut out = std::io::stdout().lock();
            for r in results {
                let _ = writeln!(out, "{}", format_val(&r));
            }
            Ok(ExitCode::SUCCESS)
        }
        Ok(Finished::Exited(status)) => Ok(ExitCode::from(status as u8)),
        Err(Failure::Trap(e)) if timed_out => {
            let limit = opts.timeout.expect("a watchdog runs only with a timeout");
            Err(CliError::Timeout(format!("timed out after {limit:?} ({e})")))
        }
        Err(Failure::Trap(e)) => Err(CliError::Trap(format_trap(&e))),
        Err(Failure::Cli(e)) => Err(e),
    }
}

enum Finished {
    Returned(Vec<Val>),
    Exited(i32),
}

enum Failure {
    Trap(Error),
    Cli(CliError),
}

impl From<CliError> for Failure {
    fn from(e: CliError) -> Failure {
        Failure::Cli(e)
    }
}

/// Sorts an error from running code: a guest exit, a trap, or anything else.
fn outcome(e: Error) -> Result<Finished, Failure> {
    match e.as_trap() {
        Some(t) => match t.exit_status() {
            Some(status) => Ok(Finished::Exited(status)),
            None => Err(Failure::Trap(e)),
        },
        None => Err(Failure::Cli(CliError::Failed(e.to_string()))),
    }
}

/// Runs a reactor's `_initialize`, if it exports one.
fn initialize(store: &mut Store<WasiCtx>, instance: Instance) -> Result<(), Error> {
    match instance.get_func(&*store, "_initialize") {
        Some(init) => init.call(&mut *store, &[], &mut []),
        None => Ok(()),
    }
}

fn execute(
    opts: &RunOptions,
    engine: &zwasm::Engine,
    module: &zwasm::Module,
    store: &mut Store<WasiCtx>,
    linker: &mut Linker<WasiCtx>,
) -> Result<Finished, Failure> {
    for (name, file) in &opts.preloads {
        let m = load(engine, file)?;
        let instance = match linker.instantiate(&mut *store, &m) {
            Ok(i) => i,
            Err(e) => return outcome(e),
        };
        if let Err(e) = initialize(store, instance) {
            return outcome(e);
        }
        linker.instance(&mut *store, name, instance).map_err(CliError::from)?;
    }
    let instance = match linker.instantiate(&mut *store, module) {
        Ok(i) => i,
        Err(e) => return outcome(e),
    };
    match &opts.invoke {
        Some(name) => {
            let func = instance
                .get_func(&*store, name)
                .ok_or_else(|| CliError::Failed(format!("no exported function `{name}`")))?;
            let ty = func.ty(&*store);
            let params = parse_args(name, &ty, &opts.args)?;
            if let Err(e) = initialize(store, instance) {
                return outcome(e);
            }
            let mut results: Vec<Val> = ty.results().iter().map(|t| Val::default_for(*t)).collect();
            match func.call(&mut *store, &params, &mut results) {
                Ok(()) => Ok(Finished::Returned(results)),
                Err(e) => outcome(e),
            }
        }
        None => {
            let start = instance
                .get_func(&*store, "_start")
                .ok_or_else(|| CliError::Failed("no `_start` export; use --invoke NAME".into()))?;
            match start.call(&mut *store, &[], &mut []) {
                Ok(()) => Ok(Finished::Exited(0)),
                Err(e) => outcome(e),
            }
        }
    }
}

fn parse_args(name: &str, ty: &FuncType, args: &[String]) -> Result<Vec<Val>, CliError> {
    if args.len() != ty.params().len() {
        return Err(usage(format!(
            "`{name}` {} takes {} arguments, got {}",
            super::signature(ty),
            ty.params().len(),
            args.len()
        )));
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

/// A trap's message and its stack trace, innermost frame first.
fn format_trap(e: &Error) -> String {
    let mut msg = e.to_string();
    if let Error::Trap(trap) = e {
        for (i, frame) in trap.trace().iter().enumerate() {
            let name = frame.func_name.clone().unwrap_or_else(|| format!("func[{}]", frame.func_index));
            msg.push_str(&format!("\n    {i}: {name} (module offset {:#x})", frame.module_offset));
        }
    }
    msg
}

#[derive(Default)]
struct WatchState {
    finished: bool,
    fired: bool,
}

/// Stops a run that exceeds its time limit: first by interrupting the
/// WebAssembly code, and if the guest sits in a blocking host call (a long
/// sleep, a read from a terminal) by ending the process shortly after.
struct Watchdog {
    state: Arc<(Mutex<WatchState>, Condvar)>,
}

/// How long an interrupted guest gets to unwind before the process ends.
const GRACE: Duration = Duration::from_millis(250);

impl Watchdog {
    fn start(limit: Duration, interrupt: zwasm::InterruptHandle) -> Watchdog {
        let state = Arc::new((Mutex::new(WatchState::default()), Condvar::new()));
        let shared = state.clone();
        std::thread::spawn(move || {
            let (lock, cvar) = &*shared;
            let guard = lock.lock().unwrap_or_else(|p| p.into_inner());
            let (mut guard, _) =
                cvar.wait_timeout_while(guard, limit, |s| !s.finished).unwrap_or_else(|p| p.into_inner());
            if guard.finished {
                return;
            }
            guard.fired = true;
            interrupt.interrupt();
            let (guard, _) =
                cvar.wait_timeout_while(guard, GRACE, |s| !s.finished).unwrap_or_else(|p| p.into_inner());
            if !guard.finished {
                // Holding the lock keeps the main thread from reporting too.
                eprintln!("Error: timed out after {limit:?}");
                std::process::exit(i32::from(TIMEOUT_STATUS));
            }
        });
        Watchdog { state }
    }

    /// Marks the run as over; returns whether the limit was hit.
    fn finish(self) -> bool {
        let (lock, cvar) = &*self.state;
        let mut guard = lock.lock().unwrap_or_else(|p| p.into_inner());
        guard.finished = true;
        cvar.notify_all();
        guard.fired
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(args: &[&str]) -> Vec<String> {
        args.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn durations_and_sizes_parse_with_units() {
        assert_eq!(parse_duration("500ms").ok(), Some(Duration::from_millis(500)));
        assert_eq!(parse_duration("2").ok(), Some(Duration::from_secs(2)));
        assert_eq!(parse_duration("1.5s").ok(), Some(Duration::from_millis(1500)));
        assert_eq!(parse_duration("2m").ok(), Some(Duration::from_secs(120)));
        assert!(parse_duration("0").is_err());
        assert!(parse_duration("fast").is_err());
        assert_eq!(parse_bytes("64K").ok(), Some(65536));
        assert_eq!(parse_bytes("2MiB").ok(), Some(2 << 20));
        assert!(parse_bytes("1T").is_err());
        assert!(parse_bytes("99999999999G").is_err());
    }

    #[test]
    fn options_stop_at_the_file() {
        let args = strings(&["--dir", ".", "--env=A=1", "prog.wasm", "--help", "x"]);
        assert_eq!(options_before_file(&args).len(), 3);
        let opts = parse_options(&args).ok().unwrap();
        assert_eq!(opts.file, "prog.wasm");
        assert_eq!(opts.args, strings(&["--help", "x"]));
        assert_eq!(opts.envs, vec![("A".to_string(), "1".to_string())]);
        assert_eq!(opts.dirs, vec![(".".to_string(), ".".to_string())]);
        let opts = parse_options(&strings(&["--", "-weird.wasm"])).ok().unwrap();
        assert_eq!(opts.file, "-weird.wasm");
    }
}
