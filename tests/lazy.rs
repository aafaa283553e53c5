//! Compilation modes: eager, lazy translation and lazy. A module must
//! behave the same in each; only when invalid function bodies are reported
//! differs (at load, or as a trap on the function's first call in the lazy
//! mode).

use zwasm::{Compilation, Config, Engine, Error, Func, Instance, Linker, Module, Store, TrapCode, Val};

const MODES: [Compilation; 3] = [Compilation::Eager, Compilation::LazyTranslation, Compilation::Lazy];

fn engine(mode: Compilation) -> Engine {
    let mut config = Config::new();
    config.compilation(mode);
    Engine::new(&config).expect("engine")
}

/// Reaches functions in every way a first call can happen: from the host,
/// the start function, direct and indirect calls, recursion, a call from a
/// host function back into wasm, and through another instance's table.
const PROGRAM: &str = r#"(module
  (import "host" "twice" (func $twice (param i32) (result i32)))
  (table (export "table") 4 funcref)
  (elem (i32.const 0) $fib $square $callback)
  (global $started (mut i32) (i32.const 0))
  (type $unary (func (param i32) (result i32)))
  (func $fib (param i32) (result i32)
    (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
      (then (local.get 0))
      (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                     (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
  (func $square (param i32) (result i32) (i32.mul (local.get 0) (local.get 0)))
  (func $callback (export "callback") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
  (func $start (global.set $started (call $square (i32.const 3))))
  (start $start)
  (func (export "started") (result i32) (global.get $started))
  (func (export "indirect") (param i32 i32) (result i32)
    (call_indirect (type $unary) (local.get 1) (local.get 0)))
  (func (export "via_host") (param i32) (result i32) (call $twice (local.get 0)))
  (func (export "fib") (param i32) (result i32) (call $fib (local.get 0))))"#;

/// Calls into another module's table, so the callee is compiled by a call
/// that crosses instances.
const CALLER: &str = r#"(module
  (import "program" "table" (table 4 funcref))
  (type $unary (func (param i32) (result i32)))
  (func (export "call") (param i32 i32) (result i32)
    (call_indirect (type $unary) (local.get 1) (local.get 0))))"#;

fn run_program(mode: Compilation) -> Vec<i32> {
    let engine = engine(mode);
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap("host", "twice", |mut caller: zwasm::Caller<'_, ()>, x: i32| -> i32 {
            // The host calls back into an export that has not run yet.
            let callback = caller.get_export("callback").and_then(|e| e.into_func()).expect("callback");
            let mut out = [Val::I32(0)];
            callback.call(&mut caller, &[Val::I32(x)], &mut out).expect("callback runs");
            out[0].as_i32().expect("an i32") * 2
        })
        .unwrap();
    let program = linker.instantiate(&mut store, &Module::new(&engine, PROGRAM).unwrap()).unwrap();
    linker.instance(&mut store, "program", program).unwrap();
    let caller = linker.instantiate(&mut store, &Module::new(&engine, CALLER).unwrap()).unwrap();

    let i32_fn = |instance: &Instance, name: &str| instance.get_typed_func::<i32, i32>(&store, name).unwrap();
    let pair_fn =
        |instance: &Instance, name: &str| instance.get_typed_func::<(i32, i32), i32>(&store, name).unwrap();
    let started = program.get_typed_func::<(), i32>(&store, "started").unwrap();
    let (fib, via_host, indirect, call) = (
        i32_fn(&program, "fib"),
        i32_fn(&program, "via_host"),
        pair_fn(&program, "indirect"),
        pair_fn(&caller, "call"),
    );
    vec![
        started.call(&mut store, ()).unwrap(),
        call.call(&mut store, (1, 12)).unwrap(),
        indirect.call(&mut store, (0, 20)).unwrap(),
        via_host.call(&mut store, 20).unwrap(),
        fib.call(&mut store, 15).unwrap(),
        call.call(&mut store, (2, 5)).unwrap(),
    ]
}

#[test]
fn every_mode_computes_the_same() {
    let expected = vec![9, 144, 6765, 42, 610, 6];
    for mode in MODES {
        assert_eq!(run_program(mode), expected, "{}", mode.name());
    }
}

/// Function 0's body returns an i64 where its type says i32.
const INVALID_BODY: &str = r#"(module
  (func $bad (result i32) (i64.const 1))
  (func (export "run") (result i32) (call $bad))
  (func (export "ok") (result i32) (i32.const 7)))"#;

fn invalid_body_binary() -> Vec<u8> {
    // The text parser checks nothing about types, so this builds.
    wat::parse_str(INVALID_BODY).expect("well-formed text")
}

#[test]
fn eager_modes_refuse_an_invalid_body_at_load() {
    for mode in [Compilation::Eager, Compilation::LazyTranslation] {
        let err = Module::new(&engine(mode), invalid_body_binary()).err().expect("refused");
        assert!(matches!(err, Error::Compile(_)), "{}: {err}", mode.name());
        assert!(err.to_string().contains("type mismatch"), "{}: {err}", mode.name());
    }
}

#[test]
fn validate_checks_bodies_in_every_mode() {
    for mode in MODES {
        let err = Module::validate(&engine(mode), invalid_body_binary()).expect_err(mode.name());
        assert!(err.to_string().contains("type mismatch"), "{}: {err}", mode.name());
    }
}

#[test]
fn lazy_mode_traps_on_the_first_call_of_an_invalid_body() {
    let engine = engine(Compilation::Lazy);
    let module = Module::new(&engine, invalid_body_binary()).expect("bodies are checked later");
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    let ok = instance.get_typed_func::<(), i32>(&store, "ok").unwrap();
    assert_eq!(ok.call(&mut store, ()).unwrap(), 7);
    let run = instance.get_typed_func::<(), i32>(&store, "run").unwrap();
    for _ in 0..2 {
        let Err(Error::Trap(trap)) = run.call(&mut store, ()) else { panic!("expected a trap") };
        assert_eq!(trap.code(), TrapCode::InvalidFunction);
        let text = trap.to_string();
        assert!(text.contains("function 0 is invalid") && text.contains("type mismatch"), "{text}");
    }
    // The store is still usable, and the IR listing says what is wrong.
    assert_eq!(ok.call(&mut store, ()).unwrap(), 7);
    assert!(module.ir_text(0).unwrap().contains("type mismatch"));
}

#[test]
fn lazy_mode_still_validates_everything_outside_bodies() {
    // An export of a function that does not exist is caught at load.
    let text = r#"(module (func $f) (export "f" (func 5)))"#;
    let binary = wat::parse_str(text).expect("well-formed text");
    assert!(Module::new(&engine(Compilation::Lazy), binary).is_err());
    // And so is a malformed body, which the parser finds at load.
    let mut binary = wat::parse_str(INVALID_BODY).unwrap();
    let ok_body = binary.windows(3).position(|w| w == [0x41, 0x07, 0x0b]).expect("ok's body");
    binary[ok_body + 2] = 0xff; // its `end` becomes an unknown opcode
    let err = Module::new(&engine(Compilation::Lazy), &binary);
    // The code section's framing is intact, so this surfaces on first call.
    let module = err.expect("body framing is intact");
    let mut store = Store::new(module.engine(), ());
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    let ok = instance.get_typed_func::<(), i32>(&store, "ok").unwrap();
    let Err(Error::Trap(trap)) = ok.call(&mut store, ()) else { panic!("expected a trap") };
    assert_eq!(trap.code(), TrapCode::InvalidFunction);
}

#[test]
fn functions_compile_once_when_many_threads_call_them_first() {
    let engine = engine(Compilation::Lazy);
    let module = Module::new(&engine, PROGRAM.replace("(start $start)", "")).unwrap();
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let (engine, module) = (engine.clone(), module.clone());
            std::thread::spawn(move || {
                let mut store = Store::new(&engine, ());
                let twice = Func::wrap(&mut store, |x: i32| x * 2);
                let instance = Instance::new(&mut store, &module, &[twice.into()]).unwrap();
                let fib = instance.get_typed_func::<i32, i32>(&store, "fib").unwrap();
                fib.call(&mut store, 20).unwrap()
            })
        })
        .collect();
    for t in threads {
        assert_eq!(t.join().unwrap(), 6765);
    }
    // The threads' calls landed on the one compiled body. (The counters
    // are bumped without read-modify-write atomics, to stay cheap, so
    // simultaneous bumps may lose some counts: they are a heuristic.)
    let (calls, _) = module.profile(1).unwrap();
    assert!((21891..=4 * 21891).contains(&calls), "{calls}");
}

/// `Module::from_file` hands its read buffer to a lazily compiled module:
/// binary and text files must both work in every mode, and bad files must
/// fail with an error naming the problem.
#[test]
fn modules_read_from_files_work_in_every_mode() {
    let dir = std::env::temp_dir().join(format!("zwasm-lazy-files-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let wat_path = dir.join("fib.wat");
    let wasm_path = dir.join("fib.wasm");
    let text = r#"(module (func $fib (export "fib") (param i32) (result i32)
      (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
        (then (local.get 0))
        (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                       (call $fib (i32.sub (local.get 0) (i32.const 2))))))))"#;
    std::fs::write(&wat_path, text).unwrap();
    std::fs::write(&wasm_path, wat::parse_str(text).unwrap()).unwrap();
    let empty_path = dir.join("empty.wasm");
    std::fs::write(&empty_path, b"").unwrap();
    for mode in MODES {
        let engine = engine(mode);
        for path in [&wat_path, &wasm_path] {
            let module =
                Module::from_file(&engine, path).unwrap_or_else(|e| panic!("{path:?} in {mode:?}: {e}"));
            let mut store = Store::new(&engine, ());
            let instance = Instance::new(&mut store, &module, &[]).unwrap();
            let fib = instance.get_func(&store, "fib").unwrap();
            let mut out = [Val::I32(0)];
            fib.call(&mut store, &[Val::I32(20)], &mut out).unwrap();
            assert_eq!(out[0].as_i32(), Some(6765), "{path:?} in {mode:?}");
        }
        let missing =
            Module::from_file(&engine, dir.join("missing.wasm")).err().expect("a missing file fails");
        assert!(missing.to_string().contains("cannot read"), "{missing}");
        let empty = Module::from_file(&engine, &empty_path).err().expect("an empty file fails");
        assert!(!empty.to_string().is_empty());
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
