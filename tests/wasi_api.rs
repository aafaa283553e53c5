//! The WASI embedding API (`zwasm::wasi`): configuration, redirected
//! streams, exits that leave the store usable, both import module names,
//! and guests handing every function hostile pointers.

use zwasm::wasi::{self, FUNCTIONS, InputStream, MODULES, OutputBuffer, OutputStream, WasiConfig, WasiCtx};
use zwasm::{Engine, Error, Linker, Module, Store, ValType};

fn linker(engine: &Engine) -> Linker<WasiCtx> {
    let mut linker = Linker::new(engine);
    wasi::add_to_linker(&mut linker, |cx: &mut WasiCtx| cx).unwrap();
    linker
}

fn instantiate(config: WasiConfig, wat: &str) -> (Store<WasiCtx>, zwasm::Instance) {
    let engine = Engine::default();
    let module = Module::new(&engine, wat).unwrap();
    let mut store = Store::new(&engine, config.build().unwrap());
    let instance = linker(&engine).instantiate(&mut store, &module).unwrap();
    (store, instance)
}

/// Copies standard input to standard output and standard error.
const CAT: &str = r#"(module
  (import "wasi_snapshot_preview1" "fd_read" (func $read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (local $n i32)
    (loop $more
      (i32.store (i32.const 0) (i32.const 64))
      (i32.store (i32.const 4) (i32.const 1000))
      (drop (call $read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 8)))
      (local.set $n (i32.load (i32.const 8)))
      (if (local.get $n) (then
        (i32.store (i32.const 4) (local.get $n))
        (drop (call $write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 12)))
        (drop (call $write (i32.const 2) (i32.const 0) (i32.const 1) (i32.const 12)))
        (br $more))))))"#;

#[test]
fn streams_can_be_bytes_buffers_and_files() {
    let (out, err) = (OutputBuffer::new(), OutputBuffer::new());
    let mut config = WasiConfig::new();
    config
        .stdin(InputStream::Bytes(b"some input bytes".to_vec()))
        .stdout(OutputStream::Buffer(out.clone()))
        .stderr(OutputStream::Buffer(err.clone()));
    let (mut store, instance) = instantiate(config, CAT);
    instance.get_typed_func::<(), ()>(&store, "_start").unwrap().call(&mut store, ()).unwrap();
    assert_eq!(out.contents(), b"some input bytes");
    assert_eq!(err.take(), b"some input bytes");
    assert!(err.contents().is_empty());

    // Files on both sides.
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("wasi-api-files");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("in"), b"from a file").unwrap();
    let mut config = WasiConfig::new();
    config
        .stdin(InputStream::File(std::fs::File::open(dir.join("in")).unwrap()))
        .stdout(OutputStream::File(std::fs::File::create(dir.join("out")).unwrap()))
        .stderr(OutputStream::Null);
    let (mut store, instance) = instantiate(config, CAT);
    instance.get_typed_func::<(), ()>(&store, "_start").unwrap().call(&mut store, ()).unwrap();
    assert_eq!(std::fs::read(dir.join("out")).unwrap(), b"from a file");

    // The default: no input, output discarded.
    let (mut store, instance) = instantiate(WasiConfig::new(), CAT);
    instance.get_typed_func::<(), ()>(&store, "_start").unwrap().call(&mut store, ()).unwrap();
}

/// A host writer that keeps what it is given and fails once told to.
struct Recorder {
    seen: std::sync::Arc<std::sync::Mutex<Vec<Vec<u8>>>>,
    fail: bool,
}

impl std::io::Write for Recorder {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        if self.fail {
            return Err(std::io::Error::other("the host's log is closed"));
        }
        self.seen.lock().unwrap().push(data.to_vec());
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn output_can_go_to_a_host_writer_as_it_is_written() {
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let mut config = WasiConfig::new();
    config
        .stdin(InputStream::Bytes(b"line one".to_vec()))
        .stdout(OutputStream::Writer(Box::new(Recorder { seen: seen.clone(), fail: false })))
        .stderr(OutputStream::Writer(Box::new(Recorder { seen: seen.clone(), fail: false })));
    let (mut store, instance) = instantiate(config, CAT);
    instance.get_typed_func::<(), ()>(&store, "_start").unwrap().call(&mut store, ()).unwrap();
    // One write each to standard output and standard error, in order.
    assert_eq!(*seen.lock().unwrap(), [b"line one".to_vec(), b"line one".to_vec()]);

    // A failing writer fails the guest's write with EIO (29).
    const WRITE: &str = r#"(module
      (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
      (memory (export "memory") 1)
      (data (i32.const 64) "lost")
      (func (export "write") (result i32)
        (i32.store (i32.const 0) (i32.const 64))
        (i32.store (i32.const 4) (i32.const 4))
        (call $write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))"#;
    let mut config = WasiConfig::new();
    config.stdout(OutputStream::Writer(Box::new(Recorder { seen: seen.clone(), fail: true })));
    let (mut store, instance) = instantiate(config, WRITE);
    let errno = instance.get_typed_func::<(), i32>(&store, "write").unwrap().call(&mut store, ()).unwrap();
    assert_eq!(errno, 29);
    assert_eq!(seen.lock().unwrap().len(), 2);
}

const EXITS: &str = r#"(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (import "wasi_unstable" "proc_raise" (func $raise (param i32) (result i32)))
  (global $calls (mut i32) (i32.const 0))
  (func (export "_start") (global.set $calls (i32.const 1)) (call $exit (i32.const 3)) unreachable)
  (func (export "term") (result i32) (call $raise (i32.const 15)))
  (func (export "after") (result i32) (global.get $calls)))"#;

#[test]
fn an_exit_unwinds_and_leaves_the_store_usable() {
    let (mut store, instance) = instantiate(WasiConfig::new(), EXITS);
    let err: Error =
        instance.get_typed_func::<(), ()>(&store, "_start").unwrap().call(&mut store, ()).unwrap_err();
    assert_eq!(wasi::exit_status(&err), Some(3));
    assert_eq!(store.data().exit_code(), Some(3));
    // The instance still works, and kept the state from before the exit.
    let after = instance.get_typed_func::<(), i32>(&store, "after").unwrap();
    assert_eq!(after.call(&mut store, ()).unwrap(), 1);
    // A terminating signal ends the call with status 128 + 15.
    let err = instance.get_typed_func::<(), i32>(&store, "term").unwrap().call(&mut store, ()).unwrap_err();
    assert_eq!(wasi::exit_status(&err), Some(143));
    assert_eq!(after.call(&mut store, ()).unwrap(), 1);
}

#[test]
fn bad_configurations_are_refused_with_a_reason() {
    let build = |change: &dyn Fn(&mut WasiConfig)| {
        let mut config = WasiConfig::new();
        change(&mut config);
        config.build().err().map(|e| e.to_string())
    };
    let missing = build(&|c| {
        c.preopen_dir("/nonexistent/zwasm", "/x");
    })
    .unwrap();
    assert!(missing.contains("cannot open directory /nonexistent/zwasm"), "{missing}");
    let file = build(&|c| {
        c.preopen_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml"), "/x");
    });
    assert!(file.is_some(), "a file is not a directory to preopen");
    let nul = build(&|c| {
        c.arg("a\0b");
    })
    .unwrap();
    assert!(nul.contains("NUL"), "{nul}");
    let eq = build(&|c| {
        c.env("A=B", "c");
    })
    .unwrap();
    assert!(eq.contains("invalid WASI environment variable name `A=B`"), "{eq}");
    assert!(
        build(&|c| {
            c.env("", "c");
        })
        .is_some()
    );
    assert!(
        build(&|c| {
            c.env("K", "v\0");
        })
        .is_some()
    );
    assert!(
        build(&|c| {
            c.arg("ok").env("K", "v");
        })
        .is_none()
    );
}

#[test]
fn every_function_is_defined_under_both_module_names() {
    let engine = Engine::default();
    let linker = linker(&engine);
    let mut store = Store::new(&engine, WasiCtx::default());
    for module in MODULES {
        for name in FUNCTIONS {
            assert!(linker.get(&mut store, module, name).is_some(), "{module}::{name}");
        }
    }
    // Defining them twice in one linker is refused, not silently doubled.
    let mut twice = Linker::new(&engine);
    wasi::add_to_linker(&mut twice, |cx: &mut WasiCtx| cx).unwrap();
    assert!(wasi::add_to_linker(&mut twice, |cx: &mut WasiCtx| cx).is_err());
}

#[test]
fn a_guest_without_memory_gets_efault() {
    let wat = r#"(module
      (import "wasi_snapshot_preview1" "fd_write" (func $w (param i32 i32 i32 i32) (result i32)))
      (import "wasi_snapshot_preview1" "sched_yield" (func $y (result i32)))
      (func (export "write") (result i32) (call $w (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
      (func (export "yield") (result i32) (call $y)))"#;
    let (mut store, instance) = instantiate(WasiConfig::new(), wat);
    assert_eq!(
        instance.get_typed_func::<(), i32>(&store, "write").unwrap().call(&mut store, ()).unwrap(),
        21
    );
    assert_eq!(instance.get_typed_func::<(), i32>(&store, "yield").unwrap().call(&mut store, ()).unwrap(), 0);
}

/// Calls that end the guest or change the descriptor table (taking away
/// the descriptors the other calls are pointed at); none takes a pointer.
const SKIPPED: [&str; 5] = ["proc_exit", "proc_raise", "fd_close", "fd_renumber", "fd_fdstat_set_rights"];

/// Calls that take no pointer at all.
const NO_POINTERS: [&str; 9] = [
    "sched_yield",
    "fd_advise",
    "fd_allocate",
    "fd_datasync",
    "fd_sync",
    "fd_fdstat_set_flags",
    "fd_filestat_set_size",
    "fd_filestat_set_times",
    "sock_shutdown",
];

/// Calls every function (but the `SKIPPED` ones) with each pattern of hostile
/// arguments: pointers at and past the end of memory, lengths near 2^32,
/// valid descriptors with bad pointers. Every call must come back with an
/// error code — no panic, no trap, no write outside the guest's memory —
/// and the guard bytes at the start of memory must stay untouched.
#[test]
fn hostile_pointers_never_reach_outside_guest_memory() {
    let engine = Engine::default();
    let linker = linker(&engine);
    let mut probe = Store::new(&engine, WasiCtx::default());
    let patterns: [(&str, i64, i32, i32); 5] = [
        ("past the end", -1, -16, -16),
        ("last bytes", 1, 65534, 65534),
        ("preopen, last bytes", 1, 3, 65533),
        ("stdout, huge", 0x7fff_ffff_ffff_ffff, 1, -1),
        ("preopen, straddling", 4096, 3, 65520),
    ];
    let mut imports = String::new();
    let mut body = String::new();
    for (i, name) in FUNCTIONS.iter().enumerate() {
        if SKIPPED.contains(name) {
            continue;
        }
        let ty =
            linker.get(&mut probe, "wasi_snapshot_preview1", name).unwrap().into_func().unwrap().ty(&probe);
        let params: Vec<&str> =
            ty.params().iter().map(|t| if *t == ValType::I64 { "i64" } else { "i32" }).collect();
        imports.push_str(&format!(
            "(import \"wasi_snapshot_preview1\" \"{name}\" (func $f{i} (param {}) (result i32)))\n",
            params.join(" ")
        ));
        // One call per pattern: the first i32 argument gets `first`, the
        // other i32s `rest`, every i64 `wide`.
        let mut calls = String::new();
        for p in 0..patterns.len() {
            let mut args = String::new();
            for (k, t) in params.iter().enumerate() {
                args.push_str(&if *t == "i64" {
                    format!("(global.get $wide{p}) ")
                } else if k == 0 {
                    format!("(global.get $first{p}) ")
                } else {
                    format!("(global.get $rest{p}) ")
                });
            }
            calls.push_str(&format!("(call $record (i32.const {i}) (i32.const {p}) (call $f{i} {args}))\n"));
        }
        body.push_str(&calls);
    }
    let mut globals = String::new();
    for (p, (_, wide, first, rest)) in patterns.iter().enumerate() {
        globals.push_str(&format!(
            "(global $wide{p} i64 (i64.const {wide})) (global $first{p} i32 (i32.const {first})) \
             (global $rest{p} i32 (i32.const {rest}))\n"
        ));
    }
    let wat = format!(
        r#"(module
          {imports}
          (import "host" "record" (func $record (param i32 i32 i32)))
          (memory (export "memory") 1)
          {globals}
          (func (export "_start") {body}))"#
    );
    let module = Module::new(&engine, &wat).unwrap();
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("wasi-hostile");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut config = WasiConfig::new();
    config.preopen_dir(&dir, "/sandbox").arg("hostile.wasm").env("KEY", "value");
    config.stdin(InputStream::Bytes(b"input".to_vec()));
    let mut store = Store::new(&engine, config.build().unwrap());
    let mut linker = linker;
    let results = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let sink = results.clone();
    linker
        .func_wrap("host", "record", move |f: i32, p: i32, errno: i32| {
            sink.lock().unwrap().push((f, p, errno));
        })
        .unwrap();
    let instance = linker.instantiate(&mut store, &module).unwrap();
    instance.get_typed_func::<(), ()>(&store, "_start").unwrap().call(&mut store, ()).unwrap();
    let results = results.lock().unwrap();
    assert_eq!(results.len(), (FUNCTIONS.len() - SKIPPED.len()) * patterns.len());
    for &(f, p, errno) in results.iter() {
        let name = FUNCTIONS[f as usize];
        let pattern = patterns[p as usize].0;
        assert!((0..=76).contains(&errno), "{name} with {pattern}: returned {errno}");
        // Pointers wholly outside memory can never lead to success.
        if (p == 0 || p == 3) && !NO_POINTERS.contains(&name) {
            assert_ne!(errno, 0, "{name} with {pattern} succeeded");
        }
    }
    // Nothing was created in the preopened directory by the path calls.
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0);
}
