//! The `zwasm` command line: every subcommand and every option of `run`,
//! including bad usage, checked through the real binary.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn zwasm(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zwasm")).args(args).output().expect("cannot run zwasm")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn code(o: &Output) -> i32 {
    o.status.code().expect("zwasm ended by a signal")
}

/// A directory of its own for each test.
fn workdir(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli").join(test);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

const HELLO: &str = r#"(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "hello\n")
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 6))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))"#;

const EXIT7: &str = r#"(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (func (export "_start") (call $exit (i32.const 7))))"#;

const TRAP: &str = r#"(module
  (func $inner unreachable)
  (func $outer call $inner)
  (func (export "_start") call $outer)
  (func (export "crash") (param i32) (result i32) call $outer local.get 0))"#;

const MATH: &str = r#"(module
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "mul64") (param i64 i64) (result i64) (i64.mul (local.get 0) (local.get 1)))
  (func (export "half") (param f64) (result f64) (f64.mul (local.get 0) (f64.const 0.5)))
  (func (export "neg32") (param f32) (result f32) (f32.neg (local.get 0)))
  (func (export "pair") (param i32) (result i32 i32) (local.get 0) (i32.mul (local.get 0) (i32.const 2)))
  (func (export "takes_ref") (param externref)))"#;

const LOOP: &str = r#"(module (func (export "_start") (loop $l (br $l))))"#;

/// Sleeps a minute in poll_oneoff (a blocking host call).
const SLEEP: &str = r#"(module
  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (i32.store (i32.const 16) (i32.const 1))
    (i64.store (i32.const 24) (i64.const 60000000000))
    (drop (call $poll (i32.const 0) (i32.const 64) (i32.const 1) (i32.const 128)))))"#;

const MEMORY: &str = r#"(module
  (memory (export "memory") 2)
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))"#;

const LIB: &str = r#"(module
  (global $factor (mut i32) (i32.const 0))
  (func (export "_initialize") (global.set $factor (i32.const 3)))
  (func (export "times") (param i32) (result i32) (i32.mul (local.get 0) (global.get $factor))))"#;

const MAIN: &str = r#"(module
  (import "lib" "times" (func $times (param i32) (result i32)))
  (func (export "run") (param i32) (result i32) (call $times (local.get 0))))"#;

const INSPECTED: &str = r#"(module $shown
  (type (func (param i32) (result i32)))
  (import "env" "f" (func $f (type 0)))
  (memory 1 2)
  (table 3 funcref)
  (global (mut i64) (i64.const 0))
  (func $main (type 0) (i32.add (local.get 0) (i32.const 1)))
  (start $init)
  (func $init)
  (export "main" (func $main))
  (@custom "notes" "some bytes"))"#;

/// Builds the WASI corpus (shared with tests/wasi.rs), once per test
/// process, and returns one of its programs.
fn corpus_program(name: &str) -> PathBuf {
    static BUILT: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    let out = BUILT.get_or_init(|| {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/wasi");
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("wasi-corpus");
        let status = Command::new(src.join("build.sh")).arg(&out).status().unwrap();
        assert!(
            status.success(),
            "building the WASI corpus failed (tools/test-all installs clang-14 and wasi-libc)"
        );
        out
    });
    out.join(format!("{name}.wasm"))
}

fn fixture(test: &str) -> PathBuf {
    let dir = workdir(test).join("fixture");
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/wasi/make-fixture.sh");
    assert!(Command::new(src).arg(&dir).status().unwrap().success());
    dir
}

#[test]
fn version_and_help() {
    let o = zwasm(&["--version"]);
    assert_eq!(code(&o), 0);
    assert_eq!(stdout(&o), format!("zwasm {}\n", env!("CARGO_PKG_VERSION")));
    assert_eq!(code(&zwasm(&["--version", "extra"])), 2);

    let o = zwasm(&["help"]);
    assert_eq!(code(&o), 0);
    assert!(stdout(&o).contains("commands:"));
    for (args, marker) in [
        (&["help", "run"][..], "--dir HOST[::GUEST]"),
        (&["run", "--help"], "--max-memory BYTES"),
        (&["run", "-h"], "--preload NAME=FILE"),
        (&["validate", "--help"], "usage: zwasm validate"),
        (&["inspect", "--help"], "usage: zwasm inspect"),
        (&["wast", "--help"], "usage: zwasm wast"),
        (&["wat2wasm", "-h"], "usage: zwasm wat2wasm"),
        (&["--help"], "commands:"),
    ] {
        let o = zwasm(args);
        assert_eq!(code(&o), 0, "{args:?}");
        assert!(stdout(&o).contains(marker), "{args:?}: {}", stdout(&o));
    }
}

#[test]
fn bad_usage_exits_with_2_and_says_why() {
    let dir = workdir("bad_usage");
    let hello = write(&dir, "hello.wat", HELLO);
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec![], "missing command"),
        (vec!["frobnicate"], "unknown command `frobnicate`"),
        (vec!["help", "nope"], "unknown command `nope`"),
        (vec!["run"], "missing FILE"),
        (vec!["run", "--bogus", &hello], "unknown option `--bogus`"),
        (vec!["run", "--fuel", "lots", &hello], "invalid fuel `lots`"),
        (vec!["run", "--fuel"], "--fuel needs a value"),
        (vec!["run", "--timeout", "0", &hello], "must be positive"),
        (vec!["run", "--timeout", "soon", &hello], "invalid duration `soon`"),
        (vec!["run", "--max-memory", "1T", &hello], "invalid size `1T`"),
        (vec!["run", "--env", "NOVALUE", &hello], "expected KEY=VALUE"),
        (vec!["run", "--env", "=x", &hello], "expected KEY=VALUE"),
        (vec!["run", "--dir", "::guest", &hello], "expected HOST or HOST::GUEST"),
        (vec!["run", "--preload", "lib", &hello], "expected NAME=FILE"),
        (vec!["run", "--tier", "fast", &hello], "unknown tier `fast`"),
        (vec!["run", "--compile", "later", &hello], "unknown compilation mode `later`"),
        (vec!["run", "--verbose=yes", &hello], "--verbose takes no value"),
        (vec!["validate"], "missing FILE"),
        (vec!["validate", "a.wasm", "b.wasm"], "expected exactly one FILE"),
        (vec!["inspect", "--bogus", &hello], "unknown option `--bogus`"),
        (vec!["wast"], "missing FILE"),
        (vec!["wast", "--tier"], "--tier needs a value"),
        (vec!["wat2wasm", &hello, "-o"], "-o needs a value"),
    ];
    for (args, message) in cases {
        let o = zwasm(&args);
        assert_eq!(code(&o), 2, "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(message), "{args:?}: {}", stderr(&o));
    }
}

#[test]
fn run_executes_start_and_passes_arguments_after_the_file() {
    let dir = workdir("run_start");
    let hello = write(&dir, "hello.wat", HELLO);
    let o = zwasm(&["run", &hello]);
    assert_eq!((code(&o), stdout(&o).as_str()), (0, "hello\n"));
    // After FILE, everything belongs to the guest, `--help` included.
    let o = zwasm(&["run", &hello, "--help", "-x"]);
    assert_eq!((code(&o), stdout(&o).as_str()), (0, "hello\n"));
    // `--` ends the options.
    let o = zwasm(&["run", "--", &hello]);
    assert_eq!(code(&o), 0);

    let args = corpus_program("args_env");
    let o = Command::new(env!("CARGO_BIN_EXE_zwasm"))
        .current_dir(args.parent().unwrap())
        .args(["run", "--env", "GREETING=hello", "--env=EMPTY=", "--env", "PATHLIKE=/a:/b", "args_env.wasm"])
        .args(["first", "second", "with=equals", "ünïcødé"])
        .output()
        .unwrap();
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stdout(&o).starts_with("arg 0: args_env.wasm\narg 1: first\n"), "{}", stdout(&o));
    assert!(stdout(&o).contains("env 0: GREETING=hello\nenv 1: EMPTY=\n"));
}

#[test]
fn exit_status_comes_from_the_guest() {
    let dir = workdir("exit_status");
    let exit7 = write(&dir, "exit7.wat", EXIT7);
    assert_eq!(code(&zwasm(&["run", &exit7])), 7);
    let program = corpus_program("exit_code");
    let o = zwasm(&["run", program.to_str().unwrap(), "42"]);
    assert_eq!(code(&o), 42);
    assert_eq!(stdout(&o), "exiting from deep inside\n");
}

#[test]
fn a_trap_prints_its_message_and_a_named_trace() {
    let dir = workdir("trap");
    let trap = write(&dir, "trap.wat", TRAP);
    let o = zwasm(&["run", &trap]);
    assert_eq!(code(&o), 134);
    let err = stderr(&o);
    assert!(err.starts_with("Error: unreachable\n"), "{err}");
    let inner = err.find("inner").expect("the trace names the trapping function");
    let outer = err.find("outer").expect("the trace names its caller");
    assert!(inner < outer, "innermost frame first: {err}");
    let o = zwasm(&["run", "--invoke", "crash", &trap, "1"]);
    assert_eq!(code(&o), 134);
    assert!(stderr(&o).contains("unreachable"));
}

#[test]
fn invoke_parses_arguments_from_the_signature() {
    let dir = workdir("invoke");
    let math = write(&dir, "math.wat", MATH);
    let run = |args: &[&str]| {
        let mut all = vec!["run", "--invoke"];
        all.extend_from_slice(&args[..1]);
        all.push(&math);
        all.extend_from_slice(&args[1..]);
        zwasm(&all)
    };
    assert_eq!(stdout(&run(&["add", "2", "3"])), "5\n");
    assert_eq!(stdout(&run(&["add", "4294967295", "1"])), "0\n");
    assert_eq!(stdout(&run(&["mul64", "-3", "5000000000"])), "-15000000000\n");
    assert_eq!(stdout(&run(&["half", "3"])), "1.5\n");
    assert_eq!(stdout(&run(&["neg32", "inf"])), "-inf\n");
    assert_eq!(stdout(&run(&["pair", "21"])), "21\n42\n");
    let o = run(&["add", "1"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("takes 2 arguments, got 1"), "{}", stderr(&o));
    let o = run(&["add", "1", "two"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("`two` is not a valid i32"));
    assert_eq!(code(&run(&["takes_ref", "x"])), 2);
    let o = run(&["missing"]);
    assert_eq!(code(&o), 1);
    assert!(stderr(&o).contains("no exported function `missing`"));
    // Without --invoke a module needs a _start.
    let o = zwasm(&["run", &math]);
    assert_eq!(code(&o), 1);
    assert!(stderr(&o).contains("no `_start` export"));
}

#[test]
fn the_tier_is_chosen_shown_and_never_silently_replaced() {
    let dir = workdir("tier");
    let hello = write(&dir, "hello.wat", HELLO);
    let o = zwasm(&["run", "--tier", "interp", "--verbose", &hello]);
    assert_eq!(code(&o), 0);
    assert!(stderr(&o).contains("zwasm: tier interp"), "{}", stderr(&o));
    let o = Command::new(env!("CARGO_BIN_EXE_zwasm"))
        .args(["run", "-v", &hello])
        .env_remove("ZWASM_TIER")
        .output();
    assert!(stderr(&o.unwrap()).contains("zwasm: tier interp"));
    for tier in ["jit", "tiered"] {
        let o = zwasm(&["run", "--tier", tier, &hello]);
        assert_eq!(code(&o), 1, "{tier}");
        assert!(stderr(&o).contains("unsupported"), "{tier}: {}", stderr(&o));
        assert!(stdout(&o).is_empty(), "nothing may run in another tier");
    }
    let o = Command::new(env!("CARGO_BIN_EXE_zwasm")).args(["run", &hello]).env("ZWASM_TIER", "jit").output();
    assert_eq!(code(&o.unwrap()), 1);
}

#[test]
fn compile_chooses_when_function_bodies_are_checked() {
    let dir = workdir("compile");
    // Function 0 returns an i64 where its type says i32; the text parser
    // does not check types, so this is a well-formed but invalid module.
    let text = r#"(module
      (func $bad (result i32) (i64.const 1))
      (func (export "run") (result i32) (call $bad))
      (func (export "ok") (result i32) (i32.const 7)))"#;
    let module = dir.join("invalid.wasm");
    std::fs::write(&module, wat::parse_str(text).unwrap()).unwrap();
    let module = module.to_str().unwrap();
    for mode in ["eager", "lazy-translation"] {
        let o = zwasm(&["run", "--compile", mode, "--invoke", "ok", module]);
        assert_eq!(code(&o), 1, "{mode}");
        assert!(stderr(&o).contains("type mismatch"), "{mode}: {}", stderr(&o));
    }
    let o = zwasm(&["run", "--compile", "lazy", "-v", "--invoke", "ok", module]);
    assert_eq!((code(&o), stdout(&o).trim()), (0, "7"), "{}", stderr(&o));
    assert!(stderr(&o).contains("compilation lazy"), "{}", stderr(&o));
    let o = Command::new(env!("CARGO_BIN_EXE_zwasm"))
        .args(["run", "--invoke", "run", module])
        .env("ZWASM_COMPILATION", "lazy")
        .output()
        .unwrap();
    assert_eq!(code(&o), 134);
    assert!(stderr(&o).contains("function 0 is invalid: type mismatch"), "{}", stderr(&o));
}

#[test]
fn fuel_stops_a_runaway_guest() {
    let dir = workdir("fuel");
    let looping = write(&dir, "loop.wat", LOOP);
    let o = zwasm(&["run", "--fuel", "10000", &looping]);
    assert_eq!(code(&o), 134);
    assert!(stderr(&o).contains("all fuel consumed"), "{}", stderr(&o));
    let hello = write(&dir, "hello.wat", HELLO);
    assert_eq!(code(&zwasm(&["run", "--fuel", "10", &hello])), 0);
}

#[test]
fn timeout_stops_busy_and_sleeping_guests() {
    let dir = workdir("timeout");
    for (name, text) in [("loop.wat", LOOP), ("sleep.wat", SLEEP)] {
        let module = write(&dir, name, text);
        let started = Instant::now();
        let o = zwasm(&["run", "--timeout", "300ms", &module]);
        let took = started.elapsed();
        assert_eq!(code(&o), 124, "{name}: {}", stderr(&o));
        assert!(stderr(&o).contains("timed out after 300ms"), "{name}: {}", stderr(&o));
        assert!(took < Duration::from_secs(10), "{name} took {took:?}");
    }
    let hello = write(&dir, "hello.wat", HELLO);
    assert_eq!(code(&zwasm(&["run", "--timeout", "30s", &hello])), 0);
}

#[test]
fn max_memory_caps_every_memory() {
    let dir = workdir("max_memory");
    let memory = write(&dir, "memory.wat", MEMORY);
    let o = zwasm(&["run", "--max-memory", "64K", "--invoke", "grow", &memory, "0"]);
    assert_eq!(code(&o), 1);
    assert!(stderr(&o).contains("exceeds the store limit"), "{}", stderr(&o));
    let o = zwasm(&["run", "--max-memory", "256K", "--invoke", "grow", &memory, "1"]);
    assert_eq!((code(&o), stdout(&o).as_str()), (0, "2\n"));
    let o = zwasm(&["run", "--max-memory", "192K", "--invoke", "grow", &memory, "2"]);
    assert_eq!((code(&o), stdout(&o).as_str()), (0, "-1\n"));
}

#[test]
fn preload_links_another_module_by_name() {
    let dir = workdir("preload");
    let lib = write(&dir, "lib.wat", LIB);
    let main = write(&dir, "main.wat", MAIN);
    let preload = format!("lib={lib}");
    let o = zwasm(&["run", "--preload", &preload, "--invoke", "run", &main, "7"]);
    // The library is a reactor: its _initialize ran before it was linked.
    assert_eq!((code(&o), stdout(&o).as_str()), (0, "21\n"), "{}", stderr(&o));
    let o = zwasm(&["run", "--invoke", "run", &main, "7"]);
    assert_eq!(code(&o), 1);
    assert!(stderr(&o).contains("unknown import: `lib::times`"), "{}", stderr(&o));
    let o = zwasm(&["run", "--preload", "lib=/nonexistent/lib.wasm", "--invoke", "run", &main, "7"]);
    assert_eq!(code(&o), 1);
    assert!(stderr(&o).contains("cannot read /nonexistent/lib.wasm"), "{}", stderr(&o));
}

#[test]
fn dir_gives_directories_under_guest_names() {
    let root = fixture("dir");
    let program = corpus_program("prestat");
    let sandbox = format!("{}::/sandbox", root.join("sandbox").display());
    let alias = format!("{}::data-alias", root.join("sandbox/data").display());
    let o = zwasm(&["run", "--dir", &sandbox, "--dir", &alias, program.to_str().unwrap()]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(stdout(&o), "preopen 3: /sandbox\npreopen 4: data-alias\nprestat ok\n");
    // Without ::GUEST the guest name is the host path as given.
    let o = Command::new(env!("CARGO_BIN_EXE_zwasm"))
        .current_dir(&root)
        .args(["run", "--dir", "sandbox", program.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(stdout(&o).starts_with("preopen 3: sandbox\n"), "{}", stdout(&o));
    let o = zwasm(&["run", "--dir", "/nonexistent/dir", program.to_str().unwrap()]);
    assert_eq!(code(&o), 1);
    assert!(stderr(&o).contains("cannot open directory /nonexistent/dir"), "{}", stderr(&o));
}

#[test]
fn tcplisten_gives_the_guest_a_listening_socket() {
    let program = corpus_program("socket_echo");
    // A free port: bind, note it, release it for zwasm.
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let addr = format!("127.0.0.1:{port}");
    let child = Command::new(env!("CARGO_BIN_EXE_zwasm"))
        .args(["run", "--tcplisten", &addr, program.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut conn = loop {
        match TcpStream::connect(&addr) {
            Ok(c) => break c,
            Err(_) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => panic!("cannot connect to the guest: {e}"),
        }
    };
    conn.write_all(b"ping").unwrap();
    conn.shutdown(Shutdown::Write).unwrap();
    let mut reply = String::new();
    conn.read_to_string(&mut reply).unwrap();
    assert_eq!(reply, "PING");
    let o = child.wait_with_output().unwrap();
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(stdout(&o), "echoed 4 bytes\n");
    let o = zwasm(&["run", "--tcplisten", "not-an-address", program.to_str().unwrap()]);
    assert_eq!(code(&o), 1);
    assert!(stderr(&o).contains("cannot listen on not-an-address"));
}

#[test]
fn validate_reports_valid_and_invalid_modules() {
    let dir = workdir("validate");
    let hello = write(&dir, "hello.wat", HELLO);
    let o = zwasm(&["validate", &hello]);
    assert_eq!((code(&o), stdout(&o)), (0, format!("{hello}: valid\n")));
    let bad = dir.join("bad.wasm");
    std::fs::write(&bad, b"\0asm\x01\0\0\0\x01\x05garbage").unwrap();
    let o = zwasm(&["validate", bad.to_str().unwrap()]);
    assert_eq!(code(&o), 1);
    assert!(stderr(&o).starts_with("Error: "), "{}", stderr(&o));
    let invalid = write(&dir, "invalid.wat", "(module (func (result i32)))");
    let o = zwasm(&["validate", &invalid]);
    assert_eq!(code(&o), 1);
    assert!(stderr(&o).contains("invalid module"), "{}", stderr(&o));
    let o = zwasm(&["validate", "/nonexistent.wasm"]);
    assert_eq!(code(&o), 1);
    assert!(stderr(&o).contains("cannot read /nonexistent.wasm"));
}

#[test]
fn inspect_shows_the_module_and_its_ir() {
    let dir = workdir("inspect");
    let module = write(&dir, "shown.wat", INSPECTED);
    let o = zwasm(&["inspect", &module]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    for expected in [
        "module shown\n",
        "types:\n  0: (i32) -> i32\n",
        "imports:\n  env::f func (i32) -> i32\n",
        "exports:\n  main func (i32) -> i32\n",
        "memories:\n  0: 1..2 pages\n",
        "tables:\n  0: funcref 3..\n",
        "globals:\n  0: mut i64\n",
        "start: func 2 $init\n",
        "functions: 3 (1 imported)\n",
        "custom sections:\n",
        "notes (10 bytes)",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in:\n{out}");
    }
    assert!(!out.contains("func 1 $main:"));
    let o = zwasm(&["inspect", "--ir", &module]);
    assert_eq!(code(&o), 0);
    assert!(stdout(&o).contains("func 1 $main:"), "{}", stdout(&o));
}

#[test]
fn wast_reports_every_directive() {
    let dir = workdir("wast");
    let pass = write(
        &dir,
        "pass.wast",
        r#"(module (func (export "id") (param i32) (result i32) local.get 0))
(assert_return (invoke "id" (i32.const 5)) (i32.const 5))
(assert_trap (module (func (export "f") unreachable) (start 0)) "unreachable")"#,
    );
    let o = zwasm(&["wast", &pass]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    let out = stdout(&o);
    assert!(out.contains(":1: module ok\n"), "{out}");
    assert!(out.contains(":2: assert_return ok\n"), "{out}");
    assert!(out.contains(":3: assert_trap ok\n"), "{out}");
    assert!(out.ends_with("3 passed, 0 failed, 0 skipped\n"), "{out}");
    let fail = write(
        &dir,
        "fail.wast",
        r#"(module (func (export "id") (param i32) (result i32) local.get 0))
(assert_return (invoke "id" (i32.const 5)) (i32.const 6))"#,
    );
    let o = zwasm(&["wast", "--tier", "interp", &fail]);
    assert_eq!(code(&o), 1);
    assert!(stdout(&o).contains(":2: assert_return FAIL:"), "{}", stdout(&o));
    assert!(stdout(&o).ends_with("1 passed, 1 failed, 0 skipped\n"));
    let broken = write(&dir, "broken.wast", "(module");
    let o = zwasm(&["wast", &broken]);
    assert_eq!(code(&o), 1);
    assert!(stdout(&o).contains("cannot parse script"), "{}", stdout(&o));
}

#[test]
fn wat2wasm_writes_a_valid_binary() {
    let dir = workdir("wat2wasm");
    let hello = write(&dir, "hello.wat", HELLO);
    let o = zwasm(&["wat2wasm", &hello]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let default_out = dir.join("hello.wasm");
    assert!(std::fs::read(&default_out).unwrap().starts_with(b"\0asm"));
    let chosen = dir.join("chosen.wasm");
    assert_eq!(code(&zwasm(&["wat2wasm", &hello, "-o", chosen.to_str().unwrap()])), 0);
    let o = zwasm(&["run", chosen.to_str().unwrap()]);
    assert_eq!(stdout(&o), "hello\n");
    let bad = write(&dir, "bad.wat", "(module (func (result i32) nonsense))");
    let o = zwasm(&["wat2wasm", &bad]);
    assert_eq!(code(&o), 1);
    assert!(stderr(&o).starts_with("Error: "));
}

#[test]
fn a_closed_output_pipe_ends_inspect_quietly() {
    let dir = workdir("closed_pipe");
    // Enough functions that the IR listing outgrows the pipe's buffer.
    let funcs: String = (0..3000).map(|i| format!("(func $f{i} (result i32) i32.const {i})\n")).collect();
    let module = write(&dir, "many.wat", &format!("(module {funcs})"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_zwasm"))
        .args(["inspect", "--ir", &module])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 6];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    assert_eq!(&first, b"types:");
    let o = child.wait_with_output().unwrap();
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
}
