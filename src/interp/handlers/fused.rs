//! Handlers of instruction pairs (superinstructions), chosen when a
//! function's code is prepared (see `super::super::forward`). A fused
//! handler sits in front of the pair's first instruction, reads the operands
//! of both and continues after the second, which is never dispatched to on
//! its own: the pass only fuses pairs whose second instruction is not a
//! branch target. The IR keeps both instructions as they were.
//!
//! The pairs are the frequent ones in compiled C that the translator cannot
//! merge into one 16-byte instruction: two moves (a loop rotating its
//! variables), and an add whose result the next instruction compares and
//! branches on (`j += i; if j < n goto loop`).

use super::{back_edge, branch, dispatch, handler, operands, spend};
use crate::interp::exec::{Frame, Handler};
use crate::ir::Op;
use crate::semantics as s;

/// The second instruction of the pair starting at `ip`.
macro_rules! second {
    ($ip:ident) => {
        // SAFETY: the pass fused this instruction with the next one.
        unsafe { $ip.add(1) }
    };
}

handler!(CopyCopy(ip, fp, mem, len, cx, acc) {
    operands!(ip, Op::Copy { dst, src });
    let second = second!(ip);
    operands!(second, Op::Copy { dst: dst2, src: src2 });
    let fr = Frame(fp);
    fr.set(dst, fr.get(src));
    fr.set(dst2, fr.get(src2));
    // SAFETY: past the pair.
    dispatch!(unsafe { ip.add(2) }, fp, mem, len, cx, acc)
});

/// `dst = lhs + (rhs | imm)` then a compare-and-branch whose left operand
/// is `dst`, against a slot or an immediate.
macro_rules! add_branch {
    (fn $lookup:ident; $($name:ident => $add:ident $add_form:ident, $br:ident $br_form:ident, $test:path;)*) => {
        $(
            handler!($name(ip, fp, mem, len, cx, acc) {
                let fr = Frame(fp);
                let v = add_branch!(@add $add_form, ip, fr, $add);
                let second = second!(ip);
                // The limit is read after the add, which may have written it.
                let (limit, offset) = add_branch!(@limit $br_form, second, fr, $br);
                if $test(v, limit) {
                    branch!(offset, second, fp, mem, len, cx, acc)
                }
                // SAFETY: past the pair.
                dispatch!(unsafe { ip.add(2) }, fp, mem, len, cx, acc)
            });
        )*

        /// The fused handler of an add followed by a branch on its result.
        fn $lookup(a: &Op, b: &Op) -> Option<Handler> {
            match (a, b) {
                $(
                    (Op::$add { dst, .. }, Op::$br { lhs, .. }) if lhs == dst => Some($name as Handler),
                )*
                _ => None,
            }
        }
    };
    (@add slot, $ip:ident, $fr:ident, $add:ident) => {{
        operands!($ip, Op::$add { dst, lhs, rhs });
        let v = $fr.i32(lhs).wrapping_add($fr.i32(rhs));
        $fr.set_i32(dst, v);
        v
    }};
    (@add imm, $ip:ident, $fr:ident, $add:ident) => {{
        operands!($ip, Op::$add { dst, lhs, imm });
        let v = $fr.i32(lhs).wrapping_add(imm);
        $fr.set_i32(dst, v);
        v
    }};
    (@limit slot, $ip:ident, $fr:ident, $br:ident) => {{
        operands!($ip, Op::$br { lhs: _, rhs, offset });
        ($fr.i32(rhs), offset)
    }};
    (@limit imm, $ip:ident, $fr:ident, $br:ident) => {{
        operands!($ip, Op::$br { lhs: _, imm, offset });
        (imm, offset)
    }};
}

add_branch! {
    fn add_branch;
    AddBrIfI32Eq => I32Add slot, BrIfI32Eq slot, s::i32_eq;
    AddBrIfI32Ne => I32Add slot, BrIfI32Ne slot, s::i32_ne;
    AddBrIfI32LtS => I32Add slot, BrIfI32LtS slot, s::i32_lt_s;
    AddBrIfI32LtU => I32Add slot, BrIfI32LtU slot, s::i32_lt_u;
    AddBrIfI32GtS => I32Add slot, BrIfI32GtS slot, s::i32_gt_s;
    AddBrIfI32GtU => I32Add slot, BrIfI32GtU slot, s::i32_gt_u;
    AddBrIfI32LeS => I32Add slot, BrIfI32LeS slot, s::i32_le_s;
    AddBrIfI32LeU => I32Add slot, BrIfI32LeU slot, s::i32_le_u;
    AddBrIfI32GeS => I32Add slot, BrIfI32GeS slot, s::i32_ge_s;
    AddBrIfI32GeU => I32Add slot, BrIfI32GeU slot, s::i32_ge_u;
    AddBrIfI32EqImm => I32Add slot, BrIfI32EqImm imm, s::i32_eq;
    AddBrIfI32NeImm => I32Add slot, BrIfI32NeImm imm, s::i32_ne;
    AddBrIfI32LtSImm => I32Add slot, BrIfI32LtSImm imm, s::i32_lt_s;
    AddBrIfI32LtUImm => I32Add slot, BrIfI32LtUImm imm, s::i32_lt_u;
    AddBrIfI32GtSImm => I32Add slot, BrIfI32GtSImm imm, s::i32_gt_s;
    AddBrIfI32GtUImm => I32Add slot, BrIfI32GtUImm imm, s::i32_gt_u;
    AddBrIfI32LeSImm => I32Add slot, BrIfI32LeSImm imm, s::i32_le_s;
    AddBrIfI32LeUImm => I32Add slot, BrIfI32LeUImm imm, s::i32_le_u;
    AddBrIfI32GeSImm => I32Add slot, BrIfI32GeSImm imm, s::i32_ge_s;
    AddBrIfI32GeUImm => I32Add slot, BrIfI32GeUImm imm, s::i32_ge_u;
    AddImmBrIfI32Eq => I32AddImm imm, BrIfI32Eq slot, s::i32_eq;
    AddImmBrIfI32Ne => I32AddImm imm, BrIfI32Ne slot, s::i32_ne;
    AddImmBrIfI32LtS => I32AddImm imm, BrIfI32LtS slot, s::i32_lt_s;
    AddImmBrIfI32LtU => I32AddImm imm, BrIfI32LtU slot, s::i32_lt_u;
    AddImmBrIfI32GtS => I32AddImm imm, BrIfI32GtS slot, s::i32_gt_s;
    AddImmBrIfI32GtU => I32AddImm imm, BrIfI32GtU slot, s::i32_gt_u;
    AddImmBrIfI32LeS => I32AddImm imm, BrIfI32LeS slot, s::i32_le_s;
    AddImmBrIfI32LeU => I32AddImm imm, BrIfI32LeU slot, s::i32_le_u;
    AddImmBrIfI32GeS => I32AddImm imm, BrIfI32GeS slot, s::i32_ge_s;
    AddImmBrIfI32GeU => I32AddImm imm, BrIfI32GeU slot, s::i32_ge_u;
    AddImmBrIfI32EqImm => I32AddImm imm, BrIfI32EqImm imm, s::i32_eq;
    AddImmBrIfI32NeImm => I32AddImm imm, BrIfI32NeImm imm, s::i32_ne;
    AddImmBrIfI32LtSImm => I32AddImm imm, BrIfI32LtSImm imm, s::i32_lt_s;
    AddImmBrIfI32LtUImm => I32AddImm imm, BrIfI32LtUImm imm, s::i32_lt_u;
    AddImmBrIfI32GtSImm => I32AddImm imm, BrIfI32GtSImm imm, s::i32_gt_s;
    AddImmBrIfI32GtUImm => I32AddImm imm, BrIfI32GtUImm imm, s::i32_gt_u;
    AddImmBrIfI32LeSImm => I32AddImm imm, BrIfI32LeSImm imm, s::i32_le_s;
    AddImmBrIfI32LeUImm => I32AddImm imm, BrIfI32LeUImm imm, s::i32_le_u;
    AddImmBrIfI32GeSImm => I32AddImm imm, BrIfI32GeSImm imm, s::i32_ge_s;
    AddImmBrIfI32GeUImm => I32AddImm imm, BrIfI32GeUImm imm, s::i32_ge_u;
}

/// The handler that runs instruction `a` and the `b` after it as one, if
/// the pair has one.
pub(crate) fn fused_pair(a: &Op, b: &Op) -> Option<Handler> {
    match (a, b) {
        (Op::Copy { .. }, Op::Copy { .. }) => Some(CopyCopy as Handler),
        _ => add_branch(a, b),
    }
}
