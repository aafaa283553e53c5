//! Behaviour of the public runtime API: traps, limits, fuel, interruption,
//! host functions, linking and the tier-up counters.

use zwasm::{
    Caller, Config, Engine, Error, Extern, Func, FuncType, Instance, Linker, Memory, MemoryType, Module,
    Store, Tier, Trap, TrapCode, Val, ValType,
};

fn instance(store: &mut Store<()>, wat: &str) -> Instance {
    let module = Module::new(store.engine(), wat).expect("valid module");
    Instance::new(store, &module, &[]).expect("instantiates")
}

fn trap_code(e: Error) -> TrapCode {
    match e {
        Error::Trap(t) => t.code(),
        other => panic!("expected a trap, got {other}"),
    }
}

#[test]
fn store_stays_usable_after_a_trap() {
    let mut store = Store::new(&Engine::default(), ());
    let i = instance(
        &mut store,
        r#"(module
            (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1))))"#,
    );
    let div = i.get_typed_func::<(i32, i32), i32>(&store, "div").unwrap();
    assert_eq!(trap_code(div.call(&mut store, (1, 0)).unwrap_err()), TrapCode::IntegerDivideByZero);
    assert_eq!(trap_code(div.call(&mut store, (i32::MIN, -1)).unwrap_err()), TrapCode::IntegerOverflow);
    assert_eq!(div.call(&mut store, (84, 2)).unwrap(), 42);
}

#[test]
fn deep_recursion_traps_without_overflowing_the_native_stack() {
    let mut store = Store::new(&Engine::default(), ());
    let i = instance(
        &mut store,
        r#"(module
            (func $down (export "down") (param i64) (result i64)
              (if (result i64) (i64.eqz (local.get 0))
                (then (i64.const 0))
                (else (i64.add (i64.const 1) (call $down (i64.sub (local.get 0) (i64.const 1)))))))
            (func $forever (export "forever") (call $forever)))"#,
    );
    let forever = i.get_func(&store, "forever").unwrap();
    let err = forever.call(&mut store, &[], &mut []).unwrap_err();
    let trap = err.as_trap().expect("a trap");
    assert_eq!(trap.code(), TrapCode::StackOverflow);
    assert_eq!(trap.message(), "call stack exhausted");
    // Deep but finite recursion still works afterwards.
    let down = i.get_typed_func::<i64, i64>(&store, "down").unwrap();
    assert_eq!(down.call(&mut store, 10_000).unwrap(), 10_000);
}

#[test]
fn call_depth_is_configurable() {
    let mut config = Config::new();
    config.max_call_depth(100);
    let mut store = Store::new(&Engine::new(&config).unwrap(), ());
    let i = instance(
        &mut store,
        r#"(module (func $r (export "r") (param i32)
            (br_if 0 (i32.eqz (local.get 0))) (call $r (i32.sub (local.get 0) (i32.const 1)))))"#,
    );
    let r = i.get_typed_func::<i32, ()>(&store, "r").unwrap();
    assert!(r.call(&mut store, 50).is_ok());
    assert_eq!(trap_code(r.call(&mut store, 500).unwrap_err()), TrapCode::StackOverflow);
}

/// A host function called from deep in a recursion starts a nested
/// activation that recurses deeply too (growing the shared frame stack);
/// the outer recursion then goes on deeper. Each activation has its own
/// depth limit, and going past it traps in either.
#[test]
fn nested_activations_grow_the_frame_stack_and_keep_their_depth_limits() {
    let mut config = Config::new();
    config.max_call_depth(4_000);
    let engine = Engine::new(&config).unwrap();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::<()>::new(&engine);
    linker
        .func_wrap("env", "reenter", |mut caller: Caller<'_, ()>, depth: i32| -> Result<i32, Trap> {
            let Some(Extern::Func(down)) = caller.get_export("down") else {
                return Err(Trap::host("no down export"));
            };
            let mut out = [Val::I32(0)];
            down.call(&mut caller, &[Val::I32(depth), Val::I32(0)], &mut out)
                .map_err(|e| Trap::host(e.to_string()))?;
            Ok(out[0].as_i32().unwrap())
        })
        .unwrap();
    // down(n, k) = n, plus what a nested down(k, 0) returns when k > 0; the
    // nested activation starts at depth 10 of the outer recursion.
    let module = Module::new(
        &engine,
        r#"(module
            (import "env" "reenter" (func $reenter (param i32) (result i32)))
            (func $down (export "down") (param $n i32) (param $k i32) (result i32)
              (if (result i32) (i32.eqz (local.get $n))
                (then (i32.const 0))
                (else
                  (i32.add
                    (i32.add (i32.const 1)
                      (if (result i32) (i32.and (i32.eq (local.get $n) (i32.const 10)) (i32.gt_s (local.get $k) (i32.const 0)))
                        (then (call $reenter (local.get $k)))
                        (else (i32.const 0))))
                    (call $down (i32.sub (local.get $n) (i32.const 1)) (local.get $k)))))))"#,
    )
    .unwrap();
    let i = linker.instantiate(&mut store, &module).unwrap();
    let down = i.get_typed_func::<(i32, i32), i32>(&store, "down").unwrap();
    // Outer 20 deep around a nested 3,500, then the outer 3,500 around a
    // nested 3,500: both below the limit of 4,000 for each activation.
    assert_eq!(down.call(&mut store, (20, 3_500)).unwrap(), 3_520);
    assert_eq!(down.call(&mut store, (3_500, 3_500)).unwrap(), 7_000);
    assert_eq!(trap_code(down.call(&mut store, (4_500, 0)).unwrap_err()), TrapCode::StackOverflow);
    let nested_too_deep = down.call(&mut store, (20, 4_500)).unwrap_err();
    assert!(nested_too_deep.to_string().contains("call stack exhausted"), "{nested_too_deep}");
    // The store is still usable.
    assert_eq!(down.call(&mut store, (100, 0)).unwrap(), 100);
}

#[test]
fn traps_carry_a_trace_with_names() {
    let mut store = Store::new(&Engine::default(), ());
    let i = instance(
        &mut store,
        r#"(module
            (func $inner (unreachable))
            (func $outer (export "outer") (call $inner)))"#,
    );
    let err = i.get_func(&store, "outer").unwrap().call(&mut store, &[], &mut []).unwrap_err();
    let trap = err.as_trap().unwrap();
    let names: Vec<_> = trap.trace().iter().map(|f| f.func_name.clone()).collect();
    assert_eq!(names, vec![Some("inner".to_string()), Some("outer".to_string())]);
    assert_eq!(trap.trace()[0].func_index, 0);
    assert!(trap.trace()[0].module_offset > 0);
}

#[test]
fn fuel_runs_out_and_can_be_refilled() {
    let mut store = Store::new(&Engine::default(), ());
    let i = instance(
        &mut store,
        r#"(module (func (export "spin") (param i32) (result i32)
            (loop $l (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
            (local.get 0)))"#,
    );
    let spin = i.get_typed_func::<i32, i32>(&store, "spin").unwrap();
    store.set_fuel(Some(1_000));
    assert_eq!(trap_code(spin.call(&mut store, 1_000_000).unwrap_err()), TrapCode::OutOfFuel);
    assert_eq!(store.fuel(), Some(0));
    store.set_fuel(Some(10_000));
    assert_eq!(spin.call(&mut store, 100).unwrap(), 0);
    let left = store.fuel().unwrap();
    assert!(left < 10_000 && left > 9_000, "spent about 101 units, {left} left");
    store.set_fuel(None);
    assert_eq!(spin.call(&mut store, 1_000_000).unwrap(), 0);
}

#[test]
fn another_thread_can_interrupt() {
    let mut store = Store::new(&Engine::default(), ());
    let i = instance(&mut store, r#"(module (func (export "forever") (loop $l (br $l))))"#);
    let handle = store.interrupt_handle();
    let t = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(50));
        handle.interrupt();
    });
    let err = i.get_func(&store, "forever").unwrap().call(&mut store, &[], &mut []).unwrap_err();
    t.join().unwrap();
    assert_eq!(trap_code(err), TrapCode::Interrupted);
}

#[test]
fn host_functions_in_every_form() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, 0u32);
    let mut linker = Linker::<u32>::new(&engine);
    linker
        .func_wrap("env", "add", |a: i32, b: i32| a + b)
        .unwrap()
        .func_wrap("env", "count", |mut caller: Caller<'_, u32>| {
            *caller.data_mut() += 1;
        })
        .unwrap()
        .func_new("env", "neg", FuncType::new([ValType::I64], [ValType::I64]), |_, args, results| {
            results[0] = Val::I64(-args[0].as_i64().unwrap());
            Ok(())
        })
        .unwrap()
        .func_wrap("env", "fail", || -> Result<(), Trap> { Err(Trap::host("no luck")) })
        .unwrap();
    let raw = Func::new_raw(&mut store, FuncType::new([ValType::I32], [ValType::I32]), |_, slots| {
        slots[0] = (slots[0] as u32 * 3) as u64;
        Ok(())
    });
    linker.define("env", "triple", raw).unwrap();
    let module = Module::new(
        &engine,
        r#"(module
            (import "env" "add" (func $add (param i32 i32) (result i32)))
            (import "env" "count" (func $count))
            (import "env" "neg" (func $neg (param i64) (result i64)))
            (import "env" "fail" (func $fail))
            (import "env" "triple" (func $triple (param i32) (result i32)))
            (func (export "run") (result i64)
              call $count call $count
              (i64.add (call $neg (i64.const 5))
                       (i64.extend_i32_s (call $triple (call $add (i32.const 2) (i32.const 3))))))
            (func (export "fail") call $fail))"#,
    )
    .unwrap();
    let i = linker.instantiate(&mut store, &module).unwrap();
    let run = i.get_typed_func::<(), i64>(&store, "run").unwrap();
    assert_eq!(run.call(&mut store, ()).unwrap(), -5 + 15);
    assert_eq!(*store.data(), 2);
    let err = i.get_func(&store, "fail").unwrap().call(&mut store, &[], &mut []).unwrap_err();
    assert_eq!(err.as_trap().unwrap().message(), "no luck");
}

#[test]
fn host_can_call_back_into_wasm() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::<()>::new(&engine);
    linker
        .func_wrap("env", "twice", |mut caller: Caller<'_, ()>, x: i32| -> Result<i32, Trap> {
            let Some(Extern::Func(f)) = caller.get_export("inc") else {
                return Err(Trap::host("no inc export"));
            };
            let mut out = [Val::I32(0)];
            f.call(&mut caller, &[Val::I32(x)], &mut out).map_err(|e| Trap::host(e.to_string()))?;
            f.call(&mut caller, &[out[0]], &mut out).map_err(|e| Trap::host(e.to_string()))?;
            Ok(out[0].as_i32().unwrap())
        })
        .unwrap();
    let module = Module::new(
        &engine,
        r#"(module
            (import "env" "twice" (func $twice (param i32) (result i32)))
            (func (export "inc") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
            (func (export "run") (param i32) (result i32)
              (i32.mul (call $twice (local.get 0)) (i32.const 10))))"#,
    )
    .unwrap();
    let i = linker.instantiate(&mut store, &module).unwrap();
    let run = i.get_typed_func::<i32, i32>(&store, "run").unwrap();
    assert_eq!(run.call(&mut store, 5).unwrap(), 70);
}

#[test]
fn instances_in_one_store_link_to_each_other() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::<()>::new(&engine);
    let a = Module::new(
        &engine,
        r#"(module (memory (export "mem") 1) (global (export "g") (mut i32) (i32.const 7))
            (func (export "set") (param i32) (i32.store (i32.const 0) (local.get 0))))"#,
    )
    .unwrap();
    let a = linker.instantiate(&mut store, &a).unwrap();
    linker.instance(&mut store, "a", a).unwrap();
    let b = Module::new(
        &engine,
        r#"(module (import "a" "mem" (memory 1)) (import "a" "g" (global $g (mut i32)))
            (import "a" "set" (func $set (param i32)))
            (func (export "run") (result i32)
              (call $set (i32.const 99)) (global.set $g (i32.const 8))
              (i32.add (i32.load (i32.const 0)) (global.get $g))))"#,
    )
    .unwrap();
    let b = linker.instantiate(&mut store, &b).unwrap();
    assert_eq!(b.get_typed_func::<(), i32>(&store, "run").unwrap().call(&mut store, ()).unwrap(), 107);
    assert_eq!(a.get_global(&store, "g").unwrap().get(&store), Val::I32(8));
    let mem = a.get_memory(&store, "mem").unwrap();
    assert_eq!(&mem.data(&store)[..4], &99u32.to_le_bytes());
}

#[test]
fn unknown_and_mismatched_imports_are_link_errors() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let linker = Linker::<()>::new(&engine);
    let module = Module::new(&engine, r#"(module (import "env" "f" (func)))"#).unwrap();
    let err = linker.instantiate(&mut store, &module).unwrap_err();
    assert!(matches!(&err, Error::Link(m) if m.contains("env::f")), "{err}");
    let memory = Memory::new(&mut store, MemoryType::new(1, None)).unwrap();
    let err = Instance::new(&mut store, &module, &[memory.into()]).unwrap_err();
    assert!(matches!(err, Error::Link(_)), "{err}");
}

#[test]
fn memory_growth_respects_store_limits() {
    let mut store = Store::new(&Engine::default(), ());
    store.limit_memory_pages(Some(4));
    let i = instance(
        &mut store,
        r#"(module (memory (export "m") 1) (func (export "grow") (param i32) (result i32)
            (memory.grow (local.get 0))))"#,
    );
    let grow = i.get_typed_func::<i32, i32>(&store, "grow").unwrap();
    assert_eq!(grow.call(&mut store, 3).unwrap(), 1);
    assert_eq!(grow.call(&mut store, 1).unwrap(), -1);
    assert_eq!(i.get_memory(&store, "m").unwrap().size(&store), 4);
}

#[test]
fn profile_counters_count_entries_and_iterations() {
    let mut store = Store::new(&Engine::default(), ());
    let i = instance(
        &mut store,
        r#"(module
            (func $leaf)
            (func (export "run") (param i32)
              (loop $l
                (call $leaf)
                (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))))"#,
    );
    let run = i.get_typed_func::<i32, ()>(&store, "run").unwrap();
    run.call(&mut store, 25).unwrap();
    // The exported function is entered from the host, not counted as a call.
    let module = i.module(&store);
    assert_eq!(module.profile(0), Some((25, vec![])));
    assert_eq!(module.profile(1), Some((0, vec![25])));
}

#[test]
fn unavailable_tiers_are_refused() {
    for tier in [Tier::Jit, Tier::Tiered] {
        let mut config = Config::new();
        config.tier(tier);
        let err = Engine::new(&config).err().expect("refused");
        assert!(matches!(err, Error::Unsupported(_)), "{err}");
    }
}

#[test]
fn wrong_arguments_are_errors() {
    let mut store = Store::new(&Engine::default(), ());
    let i = instance(&mut store, r#"(module (func (export "f") (param i32) (result i32) local.get 0))"#);
    let f = i.get_func(&store, "f").unwrap();
    let mut out = [Val::I32(0)];
    assert!(matches!(f.call(&mut store, &[], &mut out), Err(Error::Usage(_))));
    assert!(matches!(f.call(&mut store, &[Val::I64(1)], &mut out), Err(Error::Usage(_))));
    assert!(matches!(f.call(&mut store, &[Val::I32(1)], &mut []), Err(Error::Usage(_))));
    assert!(f.typed::<i64, i32>(&store).is_err());
    let other = Store::new(&Engine::default(), ());
    assert!(f.call(&mut Store::new(other.engine(), ()), &[Val::I32(1)], &mut out).is_err());
}

#[test]
fn text_and_binary_are_both_accepted_and_errors_have_offsets() {
    let engine = Engine::default();
    let binary = wat::parse_str("(module (func (export \"f\")))").unwrap();
    assert!(Module::new(&engine, &binary).is_ok());
    assert!(Module::new(&engine, "(module (func (export \"f\")))").is_ok());
    assert!(matches!(Module::new(&engine, "(module (func"), Err(Error::Text(_))));
    let mut bad = binary.clone();
    bad.truncate(bad.len() - 1);
    match Module::new(&engine, &bad) {
        Err(Error::Compile(e)) => assert!(e.offset.is_some(), "{e}"),
        other => panic!("expected a compile error, got {:?}", other.err()),
    }
}

#[test]
fn thread_safety_of_the_handles() {
    fn send_sync<T: Send + Sync>() {}
    fn send<T: Send>() {}
    send_sync::<Engine>();
    send_sync::<Module>();
    send::<Store<()>>();
    // One module, instantiated in a store per thread.
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module (func (export "f") (param i32) (result i32)
        (i32.mul (local.get 0) (local.get 0))))"#,
    )
    .unwrap();
    let threads: Vec<_> = (0..4)
        .map(|t| {
            let (engine, module) = (engine.clone(), module.clone());
            std::thread::spawn(move || {
                let mut store = Store::new(&engine, ());
                let i = Instance::new(&mut store, &module, &[]).unwrap();
                let f = i.get_typed_func::<i32, i32>(&store, "f").unwrap();
                (0..1000).map(|x| f.call(&mut store, x + t).unwrap() as i64).sum::<i64>()
            })
        })
        .collect();
    let sums: Vec<i64> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    assert_eq!(sums[0], (0..1000i64).map(|x| x * x).sum::<i64>());
}

#[test]
fn loop_steps_are_exact_across_budget_refills() {
    // A counted loop whose step and test fuse into one instruction, run for
    // many budget slices: each refill must continue the loop, not redo the
    // step (which would skip counts).
    let mut store = Store::new(&Engine::default(), ());
    let i = instance(
        &mut store,
        r#"(module (func (export "count") (param $n i32) (result i32) (local $i i32) (local $k i32)
            (loop $l
              (local.set $k (i32.add (local.get $k) (i32.const 1)))
              (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 3))) (local.get $n))))
            (local.get $k)))"#,
    );
    let count = i.get_typed_func::<i32, i32>(&store, "count").unwrap();
    assert_eq!(count.call(&mut store, 3 * 1_000_000).unwrap(), 1_000_000);
    store.set_fuel(Some(5_000_000));
    assert_eq!(count.call(&mut store, 3 * 123_457).unwrap(), 123_457);
}

#[test]
fn a_tiny_check_interval_changes_nothing_but_promptness() {
    let mut config = Config::new();
    config.check_interval(7);
    let mut store = Store::new(&Engine::new(&config).unwrap(), ());
    let i = instance(
        &mut store,
        r#"(module
            (func $f (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
            (func (export "run") (param $n i32) (result i32) (local $i i32) (local $s i32)
              (loop $l
                (local.set $s (call $f (local.get $s)))
                (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
              (local.get $s)))"#,
    );
    let run = i.get_typed_func::<i32, i32>(&store, "run").unwrap();
    assert_eq!(run.call(&mut store, 100_003).unwrap(), 100_003);
    store.set_fuel(Some(1_000_000));
    assert_eq!(run.call(&mut store, 1_000).unwrap(), 1_000);
    assert_eq!(store.fuel(), Some(1_000_000 - 2_000));
}

#[test]
fn float_chains_through_the_accumulator_keep_every_bit() {
    // Each instruction here feeds the next, so the interpreter passes the
    // values in its floating-point accumulator: a NaN's payload and sign
    // must come through untouched, and arithmetic must round as in Rust.
    let mut store = Store::new(&Engine::default(), ());
    let i = instance(
        &mut store,
        r#"(module (memory 1)
            (func (export "bits") (param i64) (result i64)
              (i64.store (i32.const 0) (local.get 0))
              (f64.store (i32.const 8) (f64.neg (f64.abs (f64.load (i32.const 0)))))
              (i64.load (i32.const 8)))
            (func (export "poly") (param f64 f64) (result f64)
              (f64.mul
                (f64.sub (f64.div (f64.add (f64.mul (local.get 0) (local.get 1)) (local.get 0)) (local.get 1))
                         (local.get 0))
                (local.get 0))))"#,
    );
    let bits = i.get_typed_func::<i64, i64>(&store, "bits").unwrap();
    let snan = 0x7ff4_0000_0000_0001_u64 as i64;
    assert_eq!(bits.call(&mut store, snan).unwrap() as u64, 0xfff4_0000_0000_0001);
    let poly = i.get_typed_func::<(f64, f64), f64>(&store, "poly").unwrap();
    for (x, y) in [(1.5, 3.25), (-0.1, 7.0e-3), (1e300, 1e-300)] {
        let expected = ((x * y + x) / y - x) * x;
        assert_eq!(poly.call(&mut store, (x, y)).unwrap().to_bits(), expected.to_bits());
    }
}

#[test]
fn fused_add_and_branch_pairs_match_their_parts() {
    // `j = j + step; if j <cmp> limit` in every form the interpreter fuses:
    // step and limit each a slot or an immediate, the branch forward (leave
    // the loop) or backward (continue it). Counted against a Rust model.
    type Test = fn(i32, i32) -> bool;
    let cmps: [(&str, Test); 10] = [
        ("eq", |a, b| a == b),
        ("ne", |a, b| a != b),
        ("lt_s", |a, b| a < b),
        ("lt_u", |a, b| (a as u32) < (b as u32)),
        ("gt_s", |a, b| a > b),
        ("gt_u", |a, b| (a as u32) > (b as u32)),
        ("le_s", |a, b| a <= b),
        ("le_u", |a, b| (a as u32) <= (b as u32)),
        ("ge_s", |a, b| a >= b),
        ("ge_u", |a, b| (a as u32) >= (b as u32)),
    ];
    let mut funcs = String::new();
    for (name, _) in cmps {
        for (step, limit) in
            [("(local.get $step)", "(local.get $limit)"), ("(i32.const 3)", "(i32.const 40)")]
        {
            let next = format!("(local.tee $j (i32.add (local.get $j) {step}))");
            let suffix = if step.contains("const") { "_imm" } else { "" };
            // Forward: leave when the test holds. Backward: go on while it holds.
            funcs += &format!(
                r#"(func (export "fwd_{name}{suffix}") (param $j i32) (param $step i32) (param $limit i32) (result i32)
                     (local $k i32)
                     (block $out (loop $l
                       (local.set $k (i32.add (local.get $k) (i32.const 1)))
                       (br_if $out (i32.ge_u (local.get $k) (i32.const 100)))
                       (br_if $out (i32.{name} {next} {limit}))
                       (br $l)))
                     (i32.add (i32.mul (local.get $k) (i32.const 1000)) (local.get $j)))
                   (func (export "back_{name}{suffix}") (param $j i32) (param $step i32) (param $limit i32) (result i32)
                     (local $k i32)
                     (block $out (loop $l
                       (local.set $k (i32.add (local.get $k) (i32.const 1)))
                       (br_if $out (i32.ge_u (local.get $k) (i32.const 100)))
                       (br_if $l (i32.{name} {next} {limit}))))
                     (i32.add (i32.mul (local.get $k) (i32.const 1000)) (local.get $j)))"#
            );
        }
    }
    let mut store = Store::new(&Engine::default(), ());
    let i = instance(&mut store, &format!("(module {funcs})"));
    let model = |test: Test, backward: bool, mut j: i32, step: i32, limit: i32| {
        let mut k = 0;
        loop {
            k += 1;
            if k >= 100 {
                break;
            }
            j = j.wrapping_add(step);
            if test(j, limit) != backward {
                break;
            }
        }
        k * 1000 + j
    };
    for (name, test) in cmps {
        for (start, step, limit) in [(0, 3, 40), (-20, 3, 40), (50, 3, 40), (0, 7, 0), (-9, 3, 0)] {
            for backward in [false, true] {
                let dir = if backward { "back" } else { "fwd" };
                let f = i.get_typed_func::<(i32, i32, i32), i32>(&store, &format!("{dir}_{name}")).unwrap();
                let got = f.call(&mut store, (start, step, limit)).unwrap();
                assert_eq!(
                    got,
                    model(test, backward, start, step, limit),
                    "{dir}_{name}({start}, {step}, {limit})"
                );
                let f =
                    i.get_typed_func::<(i32, i32, i32), i32>(&store, &format!("{dir}_{name}_imm")).unwrap();
                let got = f.call(&mut store, (start, 0, 0)).unwrap();
                assert_eq!(got, model(test, backward, start, 3, 40), "{dir}_{name}_imm({start})");
            }
        }
    }
}

#[test]
fn fused_arithmetic_chains_match_their_parts() {
    // Pairs the interpreter runs as one, with the first result on either
    // side of the second operator (which matters for `f64.sub`).
    let mut store = Store::new(&Engine::default(), ());
    let i = instance(
        &mut store,
        r#"(module
            (func (export "mul_add") (param i32 i32 i32) (result i32)
              (i32.add (i32.mul (local.get 0) (local.get 1)) (local.get 2)))
            (func (export "add_mul") (param i32 i32 i32) (result i32)
              (i32.add (local.get 2) (i32.mul (local.get 0) (local.get 1))))
            (func (export "rotl_xor") (param i32 i32 i32) (result i32)
              (i32.xor (local.get 1) (i32.rotl (local.get 0) (i32.const 7))))
            (func (export "shr_and") (param i32 i32 i32) (result i32)
              (i32.add (i32.and (i32.shr_u (local.get 0) (i32.const 5)) (i32.const 255)) (local.get 2)))
            (func (export "sub_mul") (param f64 f64 f64) (result f64)
              (f64.sub (local.get 0) (f64.mul (local.get 1) (local.get 2))))
            (func (export "mul_sub") (param f64 f64 f64) (result f64)
              (f64.sub (f64.mul (local.get 1) (local.get 2)) (local.get 0)))
            (func (export "keccak_step") (param i64 i64 i64) (result i64)
              (i64.xor (i64.and (i64.xor (local.get 0) (i64.const -1)) (local.get 1))
                       (i64.rotl (local.get 2) (i64.const 44)))))"#,
    );
    type IntModel = fn(i32, i32, i32) -> i32;
    type FloatModel = fn(f64, f64, f64) -> f64;
    let int: [(&str, IntModel); 4] = [
        ("mul_add", |a, b, c| a.wrapping_mul(b).wrapping_add(c)),
        ("add_mul", |a, b, c| c.wrapping_add(a.wrapping_mul(b))),
        ("rotl_xor", |a, b, _| b ^ a.rotate_left(7)),
        ("shr_and", |a, _, c| (((a as u32) >> 5) & 255) as i32 + c),
    ];
    for (name, model) in int {
        let f = i.get_typed_func::<(i32, i32, i32), i32>(&store, name).unwrap();
        for args in [(3, 4, 5), (i32::MAX, 3, -7), (-123_456, 98_765, 1)] {
            assert_eq!(f.call(&mut store, args).unwrap(), model(args.0, args.1, args.2), "{name}{args:?}");
        }
    }
    let keccak_step = i.get_typed_func::<(i64, i64, i64), i64>(&store, "keccak_step").unwrap();
    let (a, b, c) = (0x0123_4567_89ab_cdef_i64, -0x7654_3210_fedc_ba98_i64, 0x1111_2222_3333_4444_i64);
    assert_eq!(keccak_step.call(&mut store, (a, b, c)).unwrap(), (!a & b) ^ c.rotate_left(44));
    let float: [(&str, FloatModel); 2] = [("sub_mul", |a, b, c| a - b * c), ("mul_sub", |a, b, c| b * c - a)];
    for (name, model) in float {
        let f = i.get_typed_func::<(f64, f64, f64), f64>(&store, name).unwrap();
        for args in [(1.0, 2.5, -3.0), (1e-300, 1e300, 7.0)] {
            let want = model(args.0, args.1, args.2);
            assert_eq!(f.call(&mut store, args).unwrap().to_bits(), want.to_bits(), "{name}{args:?}");
        }
    }
}

#[test]
fn v128_values_in_host_functions_and_globals() {
    use zwasm::{Global, GlobalType};
    let mut store = Store::new(&Engine::default(), ());
    let v = 0x0011_2233_4455_6677_8899_aabb_ccdd_eeffu128;
    let g = Global::new(&mut store, GlobalType::new(ValType::V128, true), Val::V128(v)).unwrap();
    assert_eq!(g.get(&store), Val::V128(v));
    g.set(&mut store, Val::V128(!v)).unwrap();
    assert_eq!(g.get(&store), Val::V128(!v));
    assert!(g.set(&mut store, Val::I64(1)).is_err());

    // A v128 between two other values: each takes its own slots.
    let ty = FuncType::new([ValType::I32, ValType::V128, ValType::I64], [ValType::V128, ValType::I32]);
    let swap = Func::new(&mut store, ty.clone(), |_, args, results| {
        let Val::V128(x) = args[1] else { return Err(Trap::host("not a v128")) };
        results[0] = Val::V128(x.rotate_left(64));
        results[1] = Val::I32(args[0].as_i32().unwrap() + args[2].as_i64().unwrap() as i32);
        Ok(())
    });
    let mut out = [Val::I32(0), Val::I32(0)];
    swap.call(&mut store, &[Val::I32(2), Val::V128(v), Val::I64(40)], &mut out).unwrap();
    assert_eq!(out, [Val::V128(v.rotate_left(64)), Val::I32(42)]);

    // The raw form sees a v128 as two slots, low half first.
    let raw = Func::new_raw(&mut store, FuncType::new([ValType::V128], [ValType::V128]), |_, slots| {
        slots.swap(0, 1);
        Ok(())
    });
    let mut out = [Val::I32(0)];
    raw.call(&mut store, &[Val::V128(v)], &mut out).unwrap();
    assert_eq!(out[0], Val::V128(v.rotate_left(64)));
}

#[test]
fn fused_byte_load_and_br_table_match_their_parts() {
    // The dispatch of a bytecode interpreter: a byte load whose value picks
    // a `br_table` entry, run as one instruction. `tee` keeps the opcode in
    // a local the cases read; `temp` reads it through a temporary at a
    // static offset. Opcode 3 is a back edge straight from the table, and
    // opcodes past the table's end take its default.
    let mut store = Store::new(&Engine::default(), ());
    let cases = r#"
              (br_table $halt $dbl $add $next $other (OPCODE)))
              (return (local.get $acc)))
            (local.set $acc (i32.add (i32.mul (local.get $acc) (i32.const 2)) (local.get $op)))
            (br $next))
          (local.set $acc (i32.add (local.get $acc) (i32.mul (local.get $op) (i32.const 10))))
          (br $next))
        (local.set $acc (i32.xor (local.get $acc) (i32.add (local.get $op) (i32.const 1000))))
        (br $next))
      (unreachable))"#;
    let tee = cases.replace("(OPCODE)", "(local.tee $op (i32.load8_u (local.get $pc)))");
    let temp = cases.replace("(OPCODE)", "(i32.load8_u offset=1 (local.get $pc))");
    let wat = format!(
        r#"(module
          (memory (export "memory") 1)
          (func (export "tee") (param $pc i32) (result i32) (local $acc i32) (local $op i32)
            (loop $next
              (local.set $pc (i32.add (local.get $pc) (i32.const 1)))
              (block $other (block $add (block $dbl (block $halt {tee}
          (func (export "temp") (param $pc i32) (result i32) (local $acc i32) (local $op i32)
            (loop $next
              (local.set $pc (i32.add (local.get $pc) (i32.const 1)))
              (local.set $op (i32.load8_u offset=1 (local.get $pc)))
              (block $other (block $add (block $dbl (block $halt {temp}
          )"#
    );
    let i = instance(&mut store, &wat);
    let memory = i.get_memory(&store, "memory").unwrap();
    let model = |program: &[u8]| {
        let mut acc = 0i32;
        for &op in program {
            let op = op as i32;
            acc = match op {
                0 => return acc,
                1 => acc.wrapping_mul(2).wrapping_add(op),
                2 => acc.wrapping_add(op * 10),
                3 => acc,
                _ => acc ^ (op + 1000),
            };
        }
        unreachable!("programs end with 0")
    };
    let programs: [&[u8]; 3] = [
        &[0],
        &[1, 2, 3, 200, 1, 4, 2, 3, 5, 1, 255, 1, 0],
        &[2, 2, 1, 1, 3, 3, 3, 4, 1, 1, 1, 1, 1, 1, 1, 1, 2, 0],
    ];
    for program in programs {
        // `tee` reads the program from address 1 when called with 0; `temp`
        // from address 2.
        let mut bytes = vec![0xee];
        bytes.extend_from_slice(program);
        memory.write(&mut store, 0, &bytes).unwrap();
        let tee = i.get_typed_func::<i32, i32>(&store, "tee").unwrap();
        assert_eq!(tee.call(&mut store, 0).unwrap(), model(program), "tee {program:?}");
        let temp = i.get_typed_func::<i32, i32>(&store, "temp").unwrap();
        assert_eq!(temp.call(&mut store, -1).unwrap(), model(program), "temp {program:?}");
    }
    // A program running off the end of memory traps at the load.
    memory.write(&mut store, 65_530, &[1, 2, 3, 1, 2, 3]).unwrap();
    for name in ["tee", "temp"] {
        let f = i.get_typed_func::<i32, i32>(&store, name).unwrap();
        let start = if name == "tee" { 65_529 } else { 65_528 };
        assert_eq!(trap_code(f.call(&mut store, start).unwrap_err()), TrapCode::MemoryOutOfBounds, "{name}");
    }
}

#[test]
fn fused_test_and_branch_pairs_match_their_parts() {
    // An add or `and` with an immediate, or a load, whose result the next
    // `br_if` tests for zero: run as one instruction.
    let mut store = Store::new(&Engine::default(), ());
    let i = instance(
        &mut store,
        r#"(module
            (memory (export "memory") 1)
            ;; Count-down loop: add.imm then br_if.nez, a back edge.
            (func (export "countdown") (param $n i32) (result i32) (local $sum i32)
              (block $done
                (br_if $done (i32.eqz (local.get $n)))
                (loop $next
                  (local.set $sum (i32.add (local.get $sum) (local.get $n)))
                  (br_if $next (local.tee $n (i32.add (local.get $n) (i32.const -1))))))
              (local.get $sum))
            ;; Bit tests: and.imm then br_if.eqz / br_if.nez, forward.
            (func (export "bits") (param $x i32) (result i32) (local $r i32)
              (block $no4
                (br_if $no4 (i32.eqz (i32.and (local.get $x) (i32.const 4))))
                (local.set $r (i32.const 1)))
              (block $has8
                (br_if $has8 (i32.and (local.get $x) (i32.const 8)))
                (local.set $r (i32.add (local.get $r) (i32.const 10))))
              (local.get $r))
            ;; Linked list walk: load32 then br_if.nez (p = p->next).
            (func (export "walk") (param $p i32) (result i32) (local $n i32)
              (block $done
                (br_if $done (i32.eqz (local.get $p)))
                (loop $next
                  (local.set $n (i32.add (local.get $n) (i32.load offset=4 (local.get $p))))
                  (br_if $next (local.tee $p (i32.load (local.get $p))))))
              (local.get $n))
            ;; strlen: load8_u then br_if.eqz, address computed by the add
            ;; before it (arriving in the accumulator).
            (func (export "strlen") (param $s i32) (result i32) (local $i i32)
              (block $done
                (loop $next
                  (br_if $done (i32.eqz (i32.load8_u (i32.add (local.get $s) (local.get $i)))))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br $next)))
              (local.get $i)))"#,
    );
    let countdown = i.get_typed_func::<i32, i32>(&store, "countdown").unwrap();
    for n in [0, 1, 2, 100, 1000] {
        assert_eq!(countdown.call(&mut store, n).unwrap(), n * (n + 1) / 2, "countdown({n})");
    }
    let bits = i.get_typed_func::<i32, i32>(&store, "bits").unwrap();
    for x in [0, 4, 8, 12, -1, 3] {
        let want = i32::from(x & 4 != 0) + if x & 8 == 0 { 10 } else { 0 };
        assert_eq!(bits.call(&mut store, x).unwrap(), want, "bits({x})");
    }
    let memory = i.get_memory(&store, "memory").unwrap();
    // Nodes of (next, value) at 64, 128 and 96, in that order.
    for (at, next, value) in [(64u32, 128u32, 5u32), (128, 96, 7), (96, 0, 11)] {
        memory.write(&mut store, at as usize, &next.to_le_bytes()).unwrap();
        memory.write(&mut store, at as usize + 4, &value.to_le_bytes()).unwrap();
    }
    let walk = i.get_typed_func::<i32, i32>(&store, "walk").unwrap();
    assert_eq!(walk.call(&mut store, 64).unwrap(), 23);
    assert_eq!(walk.call(&mut store, 96).unwrap(), 11);
    assert_eq!(walk.call(&mut store, 0).unwrap(), 0);
    // A link pointing past the end of memory traps at the fused load.
    memory.write(&mut store, 96, &65_534u32.to_le_bytes()).unwrap();
    assert_eq!(trap_code(walk.call(&mut store, 64).unwrap_err()), TrapCode::MemoryOutOfBounds);
    let strlen = i.get_typed_func::<i32, i32>(&store, "strlen").unwrap();
    memory.write(&mut store, 1000, b"hello, world\0").unwrap();
    assert_eq!(strlen.call(&mut store, 1000).unwrap(), 12);
    assert_eq!(strlen.call(&mut store, 1012).unwrap(), 0);
    // A string running off the end of memory traps at the fused load.
    memory.write(&mut store, 65_530, b"abcdef").unwrap();
    assert_eq!(trap_code(strlen.call(&mut store, 65_530).unwrap_err()), TrapCode::MemoryOutOfBounds);
}
