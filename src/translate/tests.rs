//! What the translator emits for typical shapes of code.

use crate::ir::{BrOffset, Op, Slot};
use crate::{Engine, Instance, Module, Store};

/// The IR of the module's first defined function.
fn ir(body: &str) -> Vec<Op> {
    let wat = format!("(module {body})");
    let module = Module::new(&Engine::default(), wat).expect("valid module");
    module.inner.bodies[0].get().unwrap().code.to_vec()
}

fn run_i32(body: &str, args: &[i32]) -> i32 {
    let engine = Engine::default();
    let module = Module::new(&engine, format!("(module {body})")).expect("valid module");
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[]).expect("instantiates");
    let f = instance.get_func(&store, "f").expect("export f");
    let args: Vec<crate::Val> = args.iter().map(|&a| crate::Val::I32(a)).collect();
    let mut out = [crate::Val::I32(0)];
    f.call(&mut store, &args, &mut out).expect("runs");
    out[0].as_i32().expect("i32 result")
}

#[test]
fn add_into_local_is_one_instruction() {
    let code = ir("(func (param i32 i32) (local i32)
        local.get 0 local.get 1 i32.add local.set 2)");
    assert_eq!(code, vec![Op::I32Add { dst: Slot(2), lhs: Slot(0), rhs: Slot(1) }, Op::Return]);
}

#[test]
fn constants_become_immediates() {
    let code = ir("(func (param i32) (result i32) i32.const 5 local.get 0 i32.add)");
    assert_eq!(code[0], Op::I32AddImm { dst: Slot(1), lhs: Slot(0), imm: 5 });
    // x - 3 is x + (-3).
    let code = ir("(func (param i32) (result i32) local.get 0 i32.const 3 i32.sub)");
    assert_eq!(code[0], Op::I32AddImm { dst: Slot(1), lhs: Slot(0), imm: -3 });
}

#[test]
fn constants_fold() {
    let code = ir("(func (result i32) i32.const 6 i32.const 7 i32.mul)");
    assert_eq!(code, vec![Op::ReturnImm32 { value: 42 }]);
    // A division that would trap is left for run time.
    let code = ir("(func (result i32) i32.const 1 i32.const 0 i32.div_u)");
    assert!(matches!(code[0], Op::I32DivUImm { .. } | Op::I32DivUImmLhs { .. } | Op::I32DivU { .. }));
}

#[test]
fn compare_and_branch_fuse() {
    let code = ir("(func (param i32 i32)
        (block (br_if 0 (i32.lt_s (local.get 0) (local.get 1)))))");
    assert_eq!(code[0], Op::BrIfI32LtS { lhs: Slot(0), rhs: Slot(1), offset: BrOffset(1) });
    // `if` branches to its else part on the negated comparison.
    let code = ir("(func (param i32) (result i32)
        (if (result i32) (i32.gt_u (local.get 0) (i32.const 9))
          (then (i32.const 1)) (else (i32.const 2))))");
    assert!(matches!(code[0], Op::BrIfI32LeUImm { lhs: Slot(0), imm: 9, .. }), "{code:?}");
}

#[test]
fn static_offsets_fold_into_loads() {
    let code = ir("(memory 1) (func (param i32) (result i32) local.get 0 i32.load offset=16)");
    assert_eq!(code[0], Op::Load32 { dst: Slot(1), addr: Slot(0), offset: 16 });
}

#[test]
fn arguments_are_passed_in_place() {
    // The argument is computed straight into the slot where the callee's
    // frame will begin; the result comes back in that same slot.
    let code = ir("(func (param i32) (result i32)
            local.get 0 i32.const 1 i32.add call 1)
        (func (param i32) (result i32) local.get 0)");
    assert_eq!(code[0], Op::I32AddImm { dst: Slot(1), lhs: Slot(0), imm: 1 });
    assert_eq!(code[1], Op::CallInternal { func: 1, base: Slot(1) });
    assert_eq!(code[2], Op::ReturnSlot { src: Slot(1) });
}

#[test]
fn local_set_preserves_a_pending_read() {
    // The first `local.get 0` is still on the stack when local 0 changes:
    // its old value must be kept.
    let body = "(func (export \"f\") (param i32) (result i32)
        local.get 0
        i32.const 100 local.set 0
        local.get 0
        i32.sub)";
    assert_eq!(run_i32(body, &[7]), 7 - 100);
    let code = ir(body);
    assert!(code.contains(&Op::Copy { dst: Slot(1), src: Slot(0) }), "{code:?}");
}

#[test]
fn pending_read_survives_conditional_write() {
    // The write to local 0 happens on one path only; the stack entry made
    // before the block must still hold the old value on both paths.
    let body = "(func (export \"f\") (param i32 i32) (result i32)
        local.get 0
        (block (br_if 0 (local.get 1)) (local.set 0 (i32.const 5)))
        local.get 0
        i32.add)";
    assert_eq!(run_i32(body, &[10, 1]), 20);
    assert_eq!(run_i32(body, &[10, 0]), 15);
}

#[test]
fn multi_value_blocks_and_returns() {
    let body = "(func $swap (param i32 i32) (result i32 i32) local.get 1 local.get 0)
        (func (export \"f\") (param i32 i32) (result i32)
          (block (result i32 i32) (call $swap (local.get 0) (local.get 1)))
          i32.sub)";
    assert_eq!(run_i32(body, &[3, 10]), 7);
}

#[test]
fn loops_are_numbered_per_function() {
    let engine = Engine::default();
    let module = Module::new(&engine, "(module (func (loop (loop))) (func (loop)))").unwrap();
    assert_eq!(module.inner.bodies[0].get().unwrap().loop_counts.len(), 2);
    assert_eq!(module.inner.bodies[1].get().unwrap().loop_counts.len(), 1);
}
