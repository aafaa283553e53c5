//! Handlers of moves, branches, `select`, globals and references.

use super::{
    AccReg, Forms, acc_reg, back_edge, branch, dispatch, forms, forms_lookup, generic_handler, handler,
    input, next, operands, output, spend, trap,
};
use crate::interp::exec::{Frame, Handler, raise};
use crate::ir::Op;
use crate::semantics::{self as s, TrapCode};

generic_handler!(Copy, forms!(dst set; get), |ip, fp, mem, len, cx, acc| {
    operands!(ip, Op::Copy { dst, src });
    let fr = Frame(fp);
    let acc = output!(fr, dst, set, input!(fr, src, 1, acc, get), acc);
    next!(ip, fp, mem, len, cx, acc)
});

handler!(CopySpan(ip, fp, mem, len, cx, acc) {
    operands!(ip, Op::CopySpan { dst, src, len: count });
    let fr = Frame(fp);
    // SAFETY: both spans lie inside the frame; `copy` allows overlap.
    unsafe { std::ptr::copy(fr.at(src), fr.at(dst), count as usize) };
    next!(ip, fp, mem, len, cx, acc)
});

handler!(Const32(ip, fp, mem, len, cx, acc) {
    operands!(ip, Op::Const32 { dst, value });
    Frame(fp).set(dst, value as u64);
    next!(ip, fp, mem, len, cx, acc)
});

handler!(Const64(ip, fp, mem, len, cx, acc) {
    operands!(ip, Op::Const64 { dst, value });
    Frame(fp).set(dst, value);
    next!(ip, fp, mem, len, cx, acc)
});

handler!(Trap(ip, fp, mem, len, cx, acc) {
    operands!(ip, Op::Trap { code });
    trap!(ip, cx, code)
});

// Second words of two-word instructions are never executed on their own.
handler!(SelectRhs(ip, fp, mem, len, cx, acc) {
    raise(cx, ip, TrapCode::Unreachable)
});

handler!(CallIndirectTable(ip, fp, mem, len, cx, acc) {
    raise(cx, ip, TrapCode::Unreachable)
});

handler!(Br(ip, fp, mem, len, cx, acc) {
    operands!(ip, Op::Br { offset });
    branch!(offset, ip, fp, mem, len, cx, acc)
});

/// `br_if` on a slot: `{ cond, offset }`.
macro_rules! branch_on {
    (fn $lookup:ident; $($name:ident => $test:expr;)*) => {
        $(
            generic_handler!($name, forms!(nodst; get), |ip, fp, mem, len, cx, acc| {
                operands!(ip, Op::$name { cond, offset });
                let fr = Frame(fp);
                if ($test)(input!(fr, cond, 1, acc, get)) {
                    branch!(offset, ip, fp, mem, len, cx, acc)
                }
                next!(ip, fp, mem, len, cx, acc)
            });
        )*
        forms_lookup!(fn $lookup; $($name),*);
    };
}

branch_on! {
    fn branch_on_forms;
    BrIfNez => |v: u64| v as u32 != 0;
    BrIfEqz => |v: u64| v as u32 == 0;
    BrIfI64Nez => |v: u64| v != 0;
    BrIfI64Eqz => |v: u64| v == 0;
}

/// Fused compare-and-branch on two slots.
macro_rules! branch_if {
    (fn $lookup:ident; $($name:ident => $get:ident, $test:expr;)*) => {
        $(
            generic_handler!($name, forms!(nodst; $get, $get), |ip, fp, mem, len, cx, acc| {
                operands!(ip, Op::$name { lhs, rhs, offset });
                let fr = Frame(fp);
                if ($test)(input!(fr, lhs, 1, acc, $get), input!(fr, rhs, 2, acc, $get)) {
                    branch!(offset, ip, fp, mem, len, cx, acc)
                }
                next!(ip, fp, mem, len, cx, acc)
            });
        )*
        forms_lookup!(fn $lookup; $($name),*);
    };
}

/// Fused compare-and-branch against an immediate widened to `$t`.
macro_rules! branch_if_imm {
    (fn $lookup:ident; $($name:ident => $get:ident, $f:path, $t:ty;)*) => {
        $(
            generic_handler!($name, forms!(nodst; $get), |ip, fp, mem, len, cx, acc| {
                operands!(ip, Op::$name { lhs, imm, offset });
                let fr = Frame(fp);
                if $f(input!(fr, lhs, 1, acc, $get), imm as $t) {
                    branch!(offset, ip, fp, mem, len, cx, acc)
                }
                next!(ip, fp, mem, len, cx, acc)
            });
        )*
        forms_lookup!(fn $lookup; $($name),*);
    };
}

branch_if! {
    fn branch_if_forms;
    BrIfI32Eq => i32, s::i32_eq;
    BrIfI32Ne => i32, s::i32_ne;
    BrIfI32LtS => i32, s::i32_lt_s;
    BrIfI32LtU => i32, s::i32_lt_u;
    BrIfI32GtS => i32, s::i32_gt_s;
    BrIfI32GtU => i32, s::i32_gt_u;
    BrIfI32LeS => i32, s::i32_le_s;
    BrIfI32LeU => i32, s::i32_le_u;
    BrIfI32GeS => i32, s::i32_ge_s;
    BrIfI32GeU => i32, s::i32_ge_u;
    BrIfI64Eq => i64, s::i64_eq;
    BrIfI64Ne => i64, s::i64_ne;
    BrIfI64LtS => i64, s::i64_lt_s;
    BrIfI64LtU => i64, s::i64_lt_u;
    BrIfI64GtS => i64, s::i64_gt_s;
    BrIfI64GtU => i64, s::i64_gt_u;
    BrIfI64LeS => i64, s::i64_le_s;
    BrIfI64LeU => i64, s::i64_le_u;
    BrIfI64GeS => i64, s::i64_ge_s;
    BrIfI64GeU => i64, s::i64_ge_u;
    BrIfF32Eq => f32, s::f32_eq;
    BrIfF32Ne => f32, s::f32_ne;
    BrIfF32Lt => f32, s::f32_lt;
    BrIfF32Gt => f32, s::f32_gt;
    BrIfF32Le => f32, s::f32_le;
    BrIfF32Ge => f32, s::f32_ge;
    BrIfF32NotLt => f32, |a, b| !s::f32_lt(a, b);
    BrIfF32NotGt => f32, |a, b| !s::f32_gt(a, b);
    BrIfF32NotLe => f32, |a, b| !s::f32_le(a, b);
    BrIfF32NotGe => f32, |a, b| !s::f32_ge(a, b);
    BrIfF64Eq => f64, s::f64_eq;
    BrIfF64Ne => f64, s::f64_ne;
    BrIfF64Lt => f64, s::f64_lt;
    BrIfF64Gt => f64, s::f64_gt;
    BrIfF64Le => f64, s::f64_le;
    BrIfF64Ge => f64, s::f64_ge;
    BrIfF64NotLt => f64, |a, b| !s::f64_lt(a, b);
    BrIfF64NotGt => f64, |a, b| !s::f64_gt(a, b);
    BrIfF64NotLe => f64, |a, b| !s::f64_le(a, b);
    BrIfF64NotGe => f64, |a, b| !s::f64_ge(a, b);
}

branch_if_imm! {
    fn branch_if_imm_forms;
    BrIfI32EqImm => i32, s::i32_eq, i32;
    BrIfI32NeImm => i32, s::i32_ne, i32;
    BrIfI32LtSImm => i32, s::i32_lt_s, i32;
    BrIfI32LtUImm => i32, s::i32_lt_u, i32;
    BrIfI32GtSImm => i32, s::i32_gt_s, i32;
    BrIfI32GtUImm => i32, s::i32_gt_u, i32;
    BrIfI32LeSImm => i32, s::i32_le_s, i32;
    BrIfI32LeUImm => i32, s::i32_le_u, i32;
    BrIfI32GeSImm => i32, s::i32_ge_s, i32;
    BrIfI32GeUImm => i32, s::i32_ge_u, i32;
    BrIfI64EqImm => i64, s::i64_eq, i64;
    BrIfI64NeImm => i64, s::i64_ne, i64;
    BrIfI64LtSImm => i64, s::i64_lt_s, i64;
    BrIfI64LtUImm => i64, s::i64_lt_u, i64;
    BrIfI64GtSImm => i64, s::i64_gt_s, i64;
    BrIfI64GtUImm => i64, s::i64_gt_u, i64;
    BrIfI64LeSImm => i64, s::i64_le_s, i64;
    BrIfI64LeUImm => i64, s::i64_le_u, i64;
    BrIfI64GeSImm => i64, s::i64_ge_s, i64;
    BrIfI64GeUImm => i64, s::i64_ge_u, i64;
}

/// `slot += inc`, then take the loop back-edge if `slot <test> limit` (a slot
/// or immediate); the limit is read after the increment, as the separate
/// add and compare would. The translator only fuses backward branches.
macro_rules! step_branch {
    ($($name:ident => $limit:ident, $test:expr;)*) => {$(
        handler!($name(ip, fp, mem, len, cx, acc) {
            operands!(ip, Op::$name { inc, slot, limit, offset });
            let fr = Frame(fp);
            let value = fr.i32(slot).wrapping_add(inc as i32);
            fr.set_i32(slot, value);
            if ($test)(value, step_branch!(@limit $limit, fr, limit)) {
                back_edge!(offset, ip, fp, mem, len, cx, acc)
            }
            next!(ip, fp, mem, len, cx, acc)
        });
    )*};
    (@limit slot, $fr:ident, $limit:ident) => { $fr.i32($limit) };
    (@limit imm, $fr:ident, $limit:ident) => { $limit };
}

step_branch! {
    IncBrIfI32Ne => slot, s::i32_ne;
    IncBrIfI32LtS => slot, s::i32_lt_s;
    IncBrIfI32LtU => slot, s::i32_lt_u;
    IncBrIfI32NeImm => imm, s::i32_ne;
    IncBrIfI32LtSImm => imm, s::i32_lt_s;
    IncBrIfI32LtUImm => imm, s::i32_lt_u;
}

/// Takes entry `$index` of the `br_table` instruction at `$table`.
macro_rules! take_br_table {
    ($table:ident, $index:expr, $fp:ident, $mem:ident, $len:ident, $cx:ident, $acc:ident) => {{
        operands!($table, Op::BrTable { index: _, len: count });
        let i = ($index).min(count - 1);
        // SAFETY: `count` `Br` instructions follow the table.
        let entry = unsafe { $table.add(1 + i as usize) };
        // Take the selected entry's branch here rather than dispatching to it.
        operands!(entry, Op::Br { offset });
        if offset.0 <= 0 {
            back_edge!(offset, entry, $fp, $mem, $len, $cx, $acc)
        }
        // SAFETY: branch targets are instructions of the same function.
        let target = unsafe { entry.offset(offset.0 as isize) };
        // A forward entry carries its target's handler (see
        // `forward::prepare`), so the jump does not wait for the target's
        // address.
        #[cfg(zwasm_threaded)]
        {
            // SAFETY: as for `dispatch!`; the handler is the target's own.
            return unsafe { crate::interp::exec::handler_of(entry)(target, $fp, $mem, $len, $cx, $acc) };
        }
        #[cfg(not(zwasm_threaded))]
        dispatch!(target, $fp, $mem, $len, $cx, $acc)
    }};
}

pub(super) use take_br_table;

generic_handler!(BrTable, forms!(nodst; u32), |ip, fp, mem, len, cx, acc| {
    operands!(ip, Op::BrTable { index, len: _ });
    let fr = Frame(fp);
    take_br_table!(ip, input!(fr, index, 1, acc, u32), fp, mem, len, cx, acc)
});

handler!(LoopHeader(ip, fp, mem, len, cx, acc) {
    operands!(ip, Op::LoopHeader { loop_id });
    spend!(retry ip, fp, mem, len, cx);
    super::count_iteration(cx, loop_id);
    next!(ip, fp, mem, len, cx, acc)
});

generic_handler!(Select, forms!(dst set; u32, get), |ip, fp, mem, len, cx, acc| {
    operands!(ip, Op::Select { dst, cond, lhs });
    // SAFETY: the translator always follows `Select` with `SelectRhs`.
    let next = unsafe { ip.add(1) };
    operands!(next, Op::SelectRhs { rhs });
    let fr = Frame(fp);
    let v = if input!(fr, cond, 1, acc, u32) != 0 { input!(fr, lhs, 2, acc, get) } else { fr.get(rhs) };
    let acc = output!(fr, dst, set, v, acc);
    // SAFETY: past the two words of this instruction.
    dispatch!(unsafe { ip.add(2) }, fp, mem, len, cx, acc)
});

generic_handler!(GlobalGet, forms!(dst set;), |ip, fp, mem, len, cx, acc| {
    operands!(ip, Op::GlobalGet { dst, global });
    // SAFETY: global cells are boxed entities of this store, alive as long as
    // it is, and only mutated through their `Cell`.
    let cell = unsafe { &*cx.inst.get().global_cells[global as usize] };
    let fr = Frame(fp);
    let acc = output!(fr, dst, set, cell.value.get(), acc);
    next!(ip, fp, mem, len, cx, acc)
});

generic_handler!(GlobalSet, forms!(nodst; get), |ip, fp, mem, len, cx, acc| {
    operands!(ip, Op::GlobalSet { global, src });
    // SAFETY: as for `GlobalGet`.
    let cell = unsafe { &*cx.inst.get().global_cells[global as usize] };
    let fr = Frame(fp);
    cell.value.set(input!(fr, src, 1, acc, get));
    next!(ip, fp, mem, len, cx, acc)
});

forms_lookup!(fn move_forms; Copy, BrTable, Select, GlobalGet, GlobalSet);

handler!(RefFunc(ip, fp, mem, len, cx, acc) {
    operands!(ip, Op::RefFunc { dst, func });
    let id = cx.inst.get().funcs[func as usize];
    Frame(fp).set(dst, id as u64 + 1);
    next!(ip, fp, mem, len, cx, acc)
});

handler!(DataDrop(ip, fp, mem, len, cx, acc) {
    operands!(ip, Op::DataDrop { data });
    cx.inst.get().datas_dropped[data as usize].set(true);
    next!(ip, fp, mem, len, cx, acc)
});

handler!(ElemDrop(ip, fp, mem, len, cx, acc) {
    operands!(ip, Op::ElemDrop { elem });
    cx.inst.get().elements[elem as usize].set(true);
    next!(ip, fp, mem, len, cx, acc)
});
