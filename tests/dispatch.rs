//! Guards for the interpreter's threaded dispatch, where every handler must
//! end by jumping to the next one. If a handler called the next instead, the
//! native stack would grow with every instruction executed.

use zwasm::{Engine, Func, Linker, Module, Store};

/// A loop whose body runs most kinds of instruction: arithmetic of every
/// type, conversions, every load and store form, `select`, globals, tables,
/// bulk memory, `br_table`, and calls of every kind with every return form.
const EVERYTHING: &str = r#"(module
  (import "host" "id" (func $host (param i32) (result i32)))
  (memory 1)
  (table 2 funcref)
  (elem (i32.const 0) $leaf $pair)
  (global $g (mut i64) (i64.const 0))
  (data "abcdefgh")
  (type $leaf_t (func (param i32) (result i32)))
  (func $leaf (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
  (func $pair (param i32) (result i32) (i32.mul (local.get 0) (i32.const 3)))
  (func $two (result i32 i64) (i32.const 1) (i64.const 2))
  (func $imm (result i64) (i64.const 0x123456789))
  (func (export "run") (param $n i32) (result i64)
    (local $i i32) (local $x i64) (local $f f32) (local $d f64) (local $a i32)
    (loop $top
      ;; integer and float arithmetic, comparisons, conversions
      (local.set $x (i64.add (local.get $x) (i64.extend_i32_u (i32.popcnt (local.get $i)))))
      (local.set $x (i64.xor (local.get $x) (i64.rotl (local.get $x) (i64.const 7))))
      (local.set $a (i32.div_u (i32.add (local.get $i) (i32.const 100)) (i32.const 7)))
      (local.set $a (i32.rem_s (local.get $a) (i32.sub (i32.const 13) (local.get $a))))
      (local.set $f (f32.add (f32.convert_i32_s (local.get $i)) (f32.const 0.5)))
      (local.set $d (f64.sqrt (f64.promote_f32 (f32.abs (local.get $f)))))
      (local.set $d (f64.min (f64.floor (local.get $d)) (f64.nearest (local.get $d))))
      (local.set $a (i32.add (local.get $a) (i32.trunc_f64_s (local.get $d))))
      (local.set $a (i32.add (local.get $a) (i32.trunc_sat_f32_u (local.get $f))))
      (local.set $a (i32.add (local.get $a) (i32.wrap_i64 (i64.extend8_s (local.get $x)))))
      (local.set $a (select (local.get $a) (i32.const 5) (i32.lt_s (local.get $a) (i32.const 1000))))
      ;; loads and stores in every form
      (i32.store (i32.const 16) (local.get $a))
      (i64.store offset=8 (i32.const 16) (local.get $x))
      (i32.store8 (i32.add (i32.and (local.get $i) (i32.const 1023)) (i32.const 64)) (i32.const 7))
      (i64.store (i32.add (i32.and (local.get $i) (i32.const 255)) (i32.const 128)) (i64.const 9))
      (local.set $a (i32.add (local.get $a) (i32.load8_u (i32.add (i32.and (local.get $i) (i32.const 63)) (i32.const 64)))))
      (local.set $x (i64.add (local.get $x) (i64.load offset=8 (i32.const 16))))
      (local.set $x (i64.add (local.get $x) (i64.load16_s (i32.const 0))))
      (f64.store (i32.const 32) (local.get $d))
      (local.set $d (f64.add (local.get $d) (f64.load (i32.const 32))))
      ;; globals, tables, bulk memory, memory size
      (global.set $g (i64.add (global.get $g) (i64.const 1)))
      (table.set (i32.const 1) (table.get (i32.const 1)))
      (local.set $a (i32.add (local.get $a) (table.size)))
      (memory.fill (i32.const 256) (local.get $a) (i32.const 8))
      (memory.copy (i32.const 512) (i32.const 256) (i32.const 8))
      (memory.init 0 (i32.const 600) (i32.const 0) (i32.const 4))
      (local.set $a (i32.add (local.get $a) (memory.size)))
      (drop (memory.grow (i32.const 0)))
      ;; calls of every kind, every return form
      (local.set $a (call $leaf (local.get $a)))
      (local.set $a (call $host (local.get $a)))
      (local.set $a (call_indirect (type $leaf_t) (local.get $a) (i32.and (local.get $i) (i32.const 1))))
      (local.set $x (i64.add (local.get $x) (call $imm)))
      (call $two) (local.set $x (i64.add (local.get $x))) (local.set $a (i32.add (local.get $a)))
      ;; br_table and the branch forms
      (block $b2 (block $b1 (block $b0
        (br_table $b0 $b1 $b2 (i32.rem_u (local.get $i) (i32.const 3))))
        (local.set $x (i64.sub (local.get $x) (i64.const 1))))
        (local.set $x (i64.add (local.get $x) (i64.const 2))))
      (if (f64.gt (local.get $d) (f64.const 1e300)) (then (unreachable)))
      (if (i64.eqz (local.get $x)) (then (local.set $x (i64.const 1))))
      (br_if $top (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (i64.add (local.get $x) (global.get $g))))"#;

fn run(iterations: i32) -> i64 {
    let engine = Engine::default();
    let module = Module::new(&engine, EVERYTHING).expect("valid module");
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    let id = Func::wrap(&mut store, |x: i32| x);
    linker.define("host", "id", id).unwrap();
    let instance = linker.instantiate(&mut store, &module).expect("instantiates");
    let run = instance.get_typed_func::<i32, i64>(&store, "run").unwrap();
    run.call(&mut store, iterations).expect("runs")
}

#[test]
fn long_runs_fit_in_a_small_native_stack() {
    // 100,000 iterations of ~150 instructions on a 256 KiB stack: a single
    // handler that leaked even 16 bytes per execution would overflow it.
    let small = std::thread::Builder::new().stack_size(256 * 1024);
    let result = small.spawn(|| run(100_000)).unwrap().join().expect("no stack overflow");
    assert_eq!(result, run(100_000));
    println!("dispatch: {}", zwasm::dispatch_mode());
}

/// In threaded builds, inspects the handlers' machine code: none may reach
/// the next handler through an ordinary indirect call (`call *%reg` or
/// `call *off(%reg)`) instead of a jump. Indirect calls through the GOT
/// (`call *off(%rip)`, library functions like `memmove`) are fine.
#[test]
#[cfg(target_arch = "x86_64")]
fn handlers_dispatch_by_jumping() {
    if zwasm::dispatch_mode() != "threaded" {
        println!("loop dispatch in this build: nothing to check");
        return;
    }
    let exe = std::env::current_exe().unwrap();
    let out = std::process::Command::new("objdump")
        .args(["-d", "--no-show-raw-insn", "-C"])
        .arg(&exe)
        .output()
        .expect("objdump (binutils) is installed");
    let text = String::from_utf8_lossy(&out.stdout);
    let mut handlers = 0;
    let mut offenders = Vec::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        if let Some(name) = line.strip_suffix(">:").and_then(|l| l.split_once(" <")).map(|(_, n)| n) {
            // Instruction handlers are named after their instruction, or are
            // the forms `v` of a module named after it.
            let handler = name
                .strip_prefix("zwasm::interp::handlers::")
                .and_then(|rest| rest.trim_end_matches("::v").rsplit("::").next())
                .is_some_and(|last| last.starts_with(|c: char| c.is_ascii_uppercase()));
            current = handler.then(|| name.to_string());
            handlers += current.is_some() as usize;
            continue;
        }
        if let Some(name) = &current {
            // A dispatch made as a call: an indirect call not through the GOT.
            let indirect = line.contains("call") && line.contains('*');
            if indirect && !line.contains("(%rip)") {
                offenders.push(format!("{name}: {}", line.trim()));
            }
        }
    }
    assert!(handlers > 300, "found only {handlers} handler functions");
    assert!(offenders.is_empty(), "handlers that call instead of jumping:\n{}", offenders.join("\n"));
}
