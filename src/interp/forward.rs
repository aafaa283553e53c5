//! Accumulator forwarding: the interpreter's last step in preparing a
//! function's code.
//!
//! In stack-machine code most values are consumed by the very next
//! instruction (`i32.load` feeding an `i32.mul`, a compare feeding its
//! branch). Between those two instructions the value need not pass through
//! its frame slot: the handlers carry an accumulator in a machine register,
//! and an instruction can leave its result there ("`D`" form) for the next
//! one to read as one of its inputs ("`IN`" form). That saves a store and a
//! load, and takes the store-to-load forwarding latency off dependency
//! chains such as pointer chasing or a float recurrence.
//!
//! A pair `A; B` is forwarded when
//! - `B` is not a branch target, so it is only ever reached from `A`;
//! - `A` writes a slot that `B` reads in exactly one of its slot inputs;
//! - both handlers have the needed forms (see `handlers::Forms`), and `A`
//!   delivers its result in the accumulator register `B` reads that input
//!   from: the floating-point one for `f64` values, the general one for
//!   the rest (see `exec::Acc`). An untyped move (`copy`, `select`,
//!   `load64`) uses the general one, so an `f64` passes between it and an
//!   `f64` instruction through its slot.
//!
//! When `A` writes a temporary, the value goes to the accumulator only:
//! temporaries follow the operand stack, each value pushed is popped by
//! exactly one instruction, so once `B` has read it nothing else will. When
//! `A` writes a parameter or local (`local.set` folded into it), the value
//! goes to both, since later code reads the local; `B` still gets it without
//! waiting for the store. The IR itself is unchanged; only the prepared copy
//! names the accumulator (as slot `ACC`) and uses the handlers' forms.
//!
//! Before that, the pass picks pairs of instructions to run as one (see
//! `handlers::fused_pair`); those pairs stay out of forwarding.

use super::exec::Handler;
use super::handlers::{Forms, HANDLERS, forms_of, fused_pair};
use crate::ir::{FieldMut, FuncBody, Op, Prepared, Slot};

/// The slot number that stands for the accumulator in prepared code.
pub(super) const ACC: Slot = Slot(u32::MAX);

/// An instruction's `dst` slot and its slot inputs (in field order; at most
/// three are recorded, which covers every instruction with forms).
#[derive(Default)]
struct SlotFields {
    dst: Option<Slot>,
    inputs: [Option<Slot>; 3],
}

fn slot_fields(op: &Op) -> SlotFields {
    let mut op = *op;
    let mut fields = SlotFields::default();
    let mut n = 0;
    op.for_each_field(&mut |name, field| {
        if let FieldMut::Slot(s) = field {
            if name == "dst" {
                fields.dst = Some(*s);
            } else if n < fields.inputs.len() {
                fields.inputs[n] = Some(*s);
                n += 1;
            }
        }
    });
    fields
}

/// The operand form chosen for one instruction.
#[derive(Copy, Clone, Default)]
struct Form {
    /// Where the result goes: 0 its slot, 1 the accumulator, 2 both.
    dst: u8,
    /// Which input (1-based) comes from the accumulator; 0 for none.
    input: u8,
}

/// What forwarding sees as one instruction: a single instruction, or a
/// fused pair (`len` 2) whose inputs are its first instruction's and whose
/// result is its second's.
struct Unit {
    start: usize,
    len: usize,
    forms: Option<&'static Forms>,
    dst: Option<Slot>,
    inputs: [Option<Slot>; 3],
}

/// Builds the interpreter's form of a function's code: each instruction
/// with its handler in front, pairs fused, and values forwarded through the
/// accumulator where it can.
pub(super) fn prepare(body: &FuncBody) -> Box<[Prepared]> {
    let mut ops: Vec<Op> = body.code.to_vec();
    let n = ops.len();
    let mut is_target = vec![false; n + 1];
    for (i, op) in ops.iter_mut().enumerate() {
        if let Some(offset) = op.offset_mut() {
            let target = i as i64 + offset.0 as i64;
            if (0..=n as i64).contains(&target) {
                is_target[target as usize] = true;
            }
        }
    }
    // Fusing may reorder a pair's commutative operands: fields come after.
    let pairs = fuse(&mut ops, &is_target);
    let fields: Vec<SlotFields> = ops.iter().map(slot_fields).collect();
    let units = units(&ops, &fields, &pairs);
    let first_temp = body.num_locals + body.consts().len() as u32;
    let mut forms = vec![Form::default(); units.len()];
    for u in 1..units.len() {
        let (a, b) = (&units[u - 1], &units[u]);
        if is_target[b.start] {
            continue;
        }
        let (Some(forms_a), Some(forms_b)) = (a.forms, b.forms) else { continue };
        let Some(value) = a.dst else { continue };
        // A temporary is read once, by `B`: it need not be written. A
        // parameter or local is written too, for the code after `B`.
        let dst = if value.0 >= first_temp { 1 } else { 2 };
        if forms_a.handlers[dst][forms[u - 1].input as usize].is_none() {
            continue;
        }
        let mut reads = b.inputs.iter().enumerate().filter(|(_, s)| **s == Some(value));
        let (Some((k, _)), None) = (reads.next(), reads.next()) else { continue };
        let input = k + 1;
        if input > 2 || forms_b.handlers[0][input].is_none() || forms_a.output != forms_b.inputs[k] {
            continue;
        }
        // The second instruction of a pair reads its slots itself: it must
        // not expect a value that only went to the accumulator (unless the
        // first one overwrote that slot, as `s3 = s3 * s2; s1 = s3 + s1` does).
        let second_reads =
            |j: usize| fields[j + 1].inputs.contains(&Some(value)) && fields[j].dst != Some(value);
        if dst == 1 && b.len == 2 && second_reads(b.start) {
            continue;
        }
        let after = b.start + b.len;
        debug_assert!(
            dst == 2 || b.dst == Some(value) || !read_later(&ops, after, value, &is_target),
            "temporary {value:?} read twice after instruction {after}"
        );
        forms[u - 1].dst = dst as u8;
        forms[u].input = input as u8;
    }
    let mut handlers = vec![0usize; n];
    for (unit, form) in units.iter().zip(&forms) {
        let i = unit.start;
        if unit.len == 1 {
            handlers[i] = handler_for(&ops[i], *form, unit.forms) as usize;
            rename(&mut ops[i], *form);
        } else {
            let forms = unit.forms.expect("a pair has forms");
            let handler = forms.handlers[form.dst as usize][form.input as usize].expect("chosen form exists");
            handlers[i] = handler as usize;
            // Never dispatched; the plain handler keeps the code readable.
            handlers[i + 1] = handler_for(&ops[i + 1], Form::default(), None) as usize;
            rename(&mut ops[i], Form { dst: 0, input: form.input });
            rename(&mut ops[i + 1], Form { dst: form.dst, input: 0 });
        }
    }
    let mut code: Box<[Prepared]> =
        ops.iter().zip(&handlers).map(|(op, handler)| Prepared { handler: *handler, op: *op }).collect();
    link_br_tables(&mut code);
    code
}

/// For each instruction that starts a fused pair, the pair's forms (see
/// `handlers::fused_pair`). The second instruction of a pair must not be a
/// branch target: it is only ever run as part of the pair.
fn fuse(ops: &mut [Op], is_target: &[bool]) -> Vec<Option<&'static Forms>> {
    let mut pairs = vec![None; ops.len()];
    let mut i = 0;
    while i + 1 < ops.len() {
        let (first, rest) = ops.split_at_mut(i + 1);
        pairs[i] = if is_target[i + 1] { None } else { fused_pair(&first[i], &mut rest[0]) };
        i += if pairs[i].is_some() { 2 } else { 1 };
    }
    pairs
}

/// Splits the code into units: single instructions and the fused `pairs`.
fn units(ops: &[Op], fields: &[SlotFields], pairs: &[Option<&'static Forms>]) -> Vec<Unit> {
    let mut units = Vec::with_capacity(ops.len());
    let mut i = 0;
    while i < ops.len() {
        let unit = match pairs[i] {
            Some(forms) => Unit {
                start: i,
                len: 2,
                forms: Some(forms),
                dst: fields[i + 1].dst,
                inputs: fields[i].inputs,
            },
            None => Unit {
                start: i,
                len: 1,
                forms: forms_of(&ops[i]),
                dst: fields[i].dst,
                inputs: fields[i].inputs,
            },
        };
        i += unit.len;
        units.push(unit);
    }
    units
}

/// Gives each forward entry of a `br_table` its target's handler in place
/// of its own (the entries are only read by `br_table`'s handler, never
/// dispatched): the table's jump then needs one load fewer.
fn link_br_tables(code: &mut [Prepared]) {
    for i in 0..code.len() {
        let Op::BrTable { len, .. } = code[i].op else { continue };
        for entry in i + 1..=i + len as usize {
            if let Op::Br { offset } = code[entry].op
                && offset.0 > 0
            {
                code[entry].handler = code[entry + offset.0 as usize].handler;
            }
        }
    }
}

/// The handler of `op` in form `form`, one of the forms `available` to it.
fn handler_for(op: &Op, form: Form, available: Option<&Forms>) -> Handler {
    if form.dst == 0 && form.input == 0 {
        // SAFETY: `Op` is `repr(u16)`, so its tag is its first two bytes,
        // and tags index `HANDLERS` (one handler per instruction).
        let tag = unsafe { *(op as *const Op as *const u16) } as usize;
        return HANDLERS[tag];
    }
    // The form was checked to exist when it was chosen.
    available.and_then(|f| f.handlers[form.dst as usize][form.input as usize]).expect("chosen form exists")
}

/// Marks the accumulator operands of `op` as `ACC` (for readers of prepared
/// code; the handlers of those forms do not look at them).
fn rename(op: &mut Op, form: Form) {
    let mut n = 0;
    op.for_each_field(&mut |name, field| {
        if let FieldMut::Slot(s) = field {
            if name == "dst" {
                if form.dst == 1 {
                    *s = ACC;
                }
            } else {
                n += 1;
                if n == form.input as usize {
                    *s = ACC;
                }
            }
        }
    });
}

/// Whether straight-line code from `from` reads `temp` before writing it (a
/// check of the single-use rule, as far as it can be seen without following
/// branches).
fn read_later(ops: &[Op], from: usize, temp: Slot, is_target: &[bool]) -> bool {
    for (j, op) in ops.iter().enumerate().skip(from) {
        if is_target[j] {
            return false;
        }
        let mut op = *op;
        // Branches leave straight-line code; a call's `base` is where its
        // frame starts, which is only a read when it has parameters.
        let call = matches!(
            op,
            Op::CallInternal { .. }
                | Op::CallImported { .. }
                | Op::CallIndirect { .. }
                | Op::CallIndirectT { .. }
        );
        if call || op.offset_mut().is_some() {
            return false;
        }
        let fields = slot_fields(&op);
        if fields.inputs.contains(&Some(temp)) {
            return true;
        }
        if fields.dst == Some(temp) {
            return false;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::BrOffset;

    fn body(code: Vec<Op>, num_locals: u32) -> FuncBody {
        FuncBody {
            offsets: vec![0; code.len()].into(),
            code: code.into(),
            prepared: Default::default(),
            frame_init: Box::new([]),
            frame_init_head: [0; crate::ir::FRAME_INIT_HEAD],
            def: 0,
            num_params: num_locals,
            num_results: 1,
            num_locals,
            frame_size: 8,
            body_offset: 0,
            entry_count: Default::default(),
            loop_counts: Box::new([]),
        }
    }

    #[test]
    fn forwards_a_result_to_the_next_instruction() {
        // s2 = s0 + s1; s3 = s2 * s0 (s2 a temporary): s2 travels in the accumulator.
        let b = body(
            vec![
                Op::I32Add { dst: Slot(2), lhs: Slot(0), rhs: Slot(1) },
                Op::I32Mul { dst: Slot(0), lhs: Slot(2), rhs: Slot(0) },
                Op::ReturnSlot { src: Slot(0) },
            ],
            2,
        );
        let code = prepare(&b);
        assert_eq!(code[0].op, Op::I32Add { dst: ACC, lhs: Slot(0), rhs: Slot(1) });
        assert_eq!(code[1].op, Op::I32Mul { dst: Slot(0), lhs: ACC, rhs: Slot(0) });
        assert_ne!(code[0].handler, HANDLERS[0] as usize);
    }

    #[test]
    fn forwards_only_within_one_accumulator_register() {
        let b = body(
            vec![
                // f64 to f64: through the floating-point accumulator.
                Op::LoadF64 { dst: Slot(2), addr: Slot(0), offset: 0 },
                Op::F64Mul { dst: Slot(3), lhs: Slot(2), rhs: Slot(1) },
                // An untyped load delivers in the general register, which
                // `f64.add` does not read from.
                Op::Load64 { dst: Slot(4), addr: Slot(0), offset: 0 },
                Op::F64Add { dst: Slot(5), lhs: Slot(4), rhs: Slot(3) },
                // f64 to integer: through the general one.
                Op::I64TruncF64S { dst: Slot(6), src: Slot(5) },
                Op::ReturnSlot { src: Slot(6) },
            ],
            2,
        );
        let code = prepare(&b);
        assert_eq!(code[0].op, Op::LoadF64 { dst: ACC, addr: Slot(0), offset: 0 });
        assert_eq!(code[1].op, Op::F64Mul { dst: Slot(3), lhs: ACC, rhs: Slot(1) });
        assert_eq!(code[2].op, b.code[2]);
        assert_eq!(code[3].op, Op::F64Add { dst: ACC, lhs: Slot(4), rhs: Slot(3) });
        assert_eq!(code[4].op, Op::I64TruncF64S { dst: ACC, src: ACC });
        assert_eq!(code[5].op, Op::ReturnSlot { src: ACC });
    }

    #[test]
    fn fuses_pairs_whose_second_half_is_not_a_branch_target() {
        let b = body(
            vec![
                Op::Copy { dst: Slot(1), src: Slot(0) },
                Op::Copy { dst: Slot(2), src: Slot(1) },
                // Forwarded into the pair that follows, as into any instruction.
                Op::I32Sub { dst: Slot(3), lhs: Slot(0), rhs: Slot(1) },
                Op::I32AddImm { dst: Slot(0), lhs: Slot(3), imm: 1 },
                Op::BrIfI32LtU { lhs: Slot(0), rhs: Slot(2), offset: BrOffset(2) },
                Op::Copy { dst: Slot(1), src: Slot(0) },
                // The target of the branch above: not fused with the copy.
                Op::Copy { dst: Slot(2), src: Slot(0) },
                Op::ReturnSpan { src: Slot(2), len: 1 },
            ],
            3,
        );
        let code = prepare(&b);
        let pair = |a: usize| fused_pair(&b.code[a], &mut { b.code[a + 1] }).expect("a pair");
        assert_eq!(Some(code[0].handler), pair(0).handlers[0][0].map(|h| h as usize));
        assert_eq!(code[2].op, Op::I32Sub { dst: ACC, lhs: Slot(0), rhs: Slot(1) });
        assert_eq!(code[3].op, Op::I32AddImm { dst: Slot(0), lhs: ACC, imm: 1 });
        assert_eq!(Some(code[3].handler), pair(3).handlers[0][1].map(|h| h as usize));
        assert_eq!(code[4].op, b.code[4]);
        assert_ne!(Some(code[5].handler), pair(5).handlers[0][0].map(|h| h as usize));
        assert_eq!(code[5].handler, handler_for(&b.code[5], Form::default(), None) as usize);
    }

    #[test]
    fn a_pair_forwards_its_result_but_not_a_value_its_second_half_reads() {
        let b = body(
            vec![
                // A chain (`a * b + c`) whose result feeds the store.
                Op::I32Mul { dst: Slot(2), lhs: Slot(0), rhs: Slot(1) },
                Op::I32Add { dst: Slot(3), lhs: Slot(2), rhs: Slot(0) },
                Op::Store32 { addr: Slot(1), offset: 0, value: Slot(3) },
                // Both halves of the next pair read s4; only the first
                // could see it in the accumulator, so s4 is not forwarded.
                Op::I32AddImm { dst: Slot(4), lhs: Slot(0), imm: 1 },
                Op::I32Mul { dst: Slot(2), lhs: Slot(4), rhs: Slot(1) },
                Op::I32Add { dst: Slot(3), lhs: Slot(2), rhs: Slot(4) },
                // The load's temporary is overwritten by the multiply before
                // the add reads it: forwarded (the linked-list walk).
                Op::Load32 { dst: Slot(2), addr: Slot(0), offset: 4 },
                Op::I32Mul { dst: Slot(2), lhs: Slot(2), rhs: Slot(1) },
                Op::I32Add { dst: Slot(1), lhs: Slot(2), rhs: Slot(1) },
                Op::ReturnSlot { src: Slot(0) },
            ],
            2,
        );
        let code = prepare(&b);
        assert_eq!(code[6].op, Op::Load32 { dst: ACC, addr: Slot(0), offset: 4 });
        assert_eq!(code[7].op, Op::I32Mul { dst: Slot(2), lhs: ACC, rhs: Slot(1) });
        assert_eq!(code[1].op, Op::I32Add { dst: ACC, lhs: Slot(2), rhs: Slot(0) });
        assert_eq!(code[2].op, Op::Store32 { addr: Slot(1), offset: 0, value: ACC });
        assert_eq!(code[3].op, b.code[3]);
        assert_eq!(code[4].op, b.code[4]);
    }

    #[test]
    fn a_commutative_chain_gets_the_first_result_on_the_left() {
        let b = body(
            vec![
                Op::I32Mul { dst: Slot(2), lhs: Slot(0), rhs: Slot(1) },
                Op::I32Add { dst: Slot(3), lhs: Slot(1), rhs: Slot(2) },
                Op::F64Mul { dst: Slot(4), lhs: Slot(0), rhs: Slot(1) },
                Op::F64Sub { dst: Slot(5), lhs: Slot(1), rhs: Slot(4) },
                Op::ReturnSpan { src: Slot(3), len: 3 },
            ],
            2,
        );
        let code = prepare(&b);
        assert_eq!(code[1].op, Op::I32Add { dst: Slot(3), lhs: Slot(2), rhs: Slot(1) });
        // Not commutative: the handler looks for the result on either side.
        assert_eq!(code[3].op, b.code[3]);
        assert_ne!(code[2].handler, handler_for(&b.code[2], Form::default(), None) as usize);
    }

    #[test]
    fn forward_br_table_entries_carry_their_targets_handler() {
        let b = body(
            vec![
                Op::LoopHeader { loop_id: 0 },
                Op::BrTable { index: Slot(0), len: 2 },
                Op::Br { offset: BrOffset(2) },
                Op::Br { offset: BrOffset(-2) },
                Op::ReturnSlot { src: Slot(0) },
            ],
            1,
        );
        let code = prepare(&b);
        assert_eq!(code[2].handler, code[4].handler);
        assert_eq!(code[3].handler, handler_for(&b.code[3], Form::default(), None) as usize);
    }

    #[test]
    fn writes_locals_and_respects_branch_targets() {
        let b = body(
            vec![
                // Writes a local, which later code may read: slot and accumulator.
                Op::I32Add { dst: Slot(1), lhs: Slot(0), rhs: Slot(0) },
                Op::I32Mul { dst: Slot(2), lhs: Slot(1), rhs: Slot(0) },
                // The next instruction is a branch target: no forwarding into it.
                Op::BrIfNez { cond: Slot(0), offset: BrOffset(1) },
                Op::I32Add { dst: Slot(2), lhs: Slot(2), rhs: Slot(0) },
                // No accumulator forms.
                Op::ReturnSpan { src: Slot(2), len: 1 },
            ],
            2,
        );
        let code = prepare(&b);
        assert_eq!(code[0].op, b.code[0]);
        assert_eq!(code[1].op, Op::I32Mul { dst: Slot(2), lhs: ACC, rhs: Slot(0) });
        for i in 2..5 {
            assert_eq!(code[i].op, b.code[i]);
            assert_eq!(code[i].handler, handler_for(&b.code[i], Form::default(), None) as usize);
        }
    }
}
