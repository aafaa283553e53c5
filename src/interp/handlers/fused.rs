//! Handlers of instruction pairs (superinstructions), chosen when a
//! function's code is prepared (see `super::super::forward`). A fused
//! handler sits in front of the pair's first instruction, reads the operands
//! of both and continues after the second, which is never dispatched to on
//! its own: the pass only fuses pairs whose second instruction is not a
//! branch target. The IR keeps both instructions as they were.
//!
//! A pair has accumulator forms like a single instruction: `IN` counts the
//! first instruction's slot inputs, `D` is where the second one's result
//! goes. The first one's result is always written to its slot as well (it
//! may be a local that later code reads), and the second reads it from a
//! register.
//!
//! The pairs are the frequent neighbours in compiled C: two moves (a loop
//! rotating its variables), an add whose result the next instruction
//! compares and branches on (`j += i; if j < n goto loop`), and chains of
//! two arithmetic instructions (`a * b + c`, the shift-and-xor steps of
//! hashes and random number generators, `x * y + z` in floating point),
//! a byte load selecting a `br_table` entry (the dispatch of a bytecode
//! interpreter compiled to WebAssembly), and an add, `and` or load whose
//! result a `br_if` tests for zero (count-down loops, flag tests, linked
//! lists, strings).

use super::{
    AccReg, Forms, acc_reg, back_edge, branch, dispatch, forms, generic_handler, handler, input, operands,
    output, spend, trap,
};
use crate::interp::exec::{Frame, Handler};
use crate::ir::Op;
use crate::semantics::{self as s, TrapCode};

/// The second instruction of the pair starting at `ip`.
macro_rules! second {
    ($ip:ident) => {
        // SAFETY: the pass fused this instruction with the next one.
        unsafe { $ip.add(1) }
    };
}

/// Continues after the pair starting at `$ip`.
macro_rules! after_pair {
    ($ip:ident, $fp:ident, $mem:ident, $len:ident, $cx:ident, $acc:ident) => {
        // SAFETY: a pair is followed by more code, as its second instruction is.
        dispatch!(unsafe { $ip.add(2) }, $fp, $mem, $len, $cx, $acc)
    };
}

handler!(CopyCopy(ip, fp, mem, len, cx, acc) {
    operands!(ip, Op::Copy { dst, src });
    let second = second!(ip);
    operands!(second, Op::Copy { dst: dst2, src: src2 });
    let fr = Frame(fp);
    fr.set(dst, fr.get(src));
    fr.set(dst2, fr.get(src2));
    after_pair!(ip, fp, mem, len, cx, acc)
});

const COPY_COPY: Forms = Forms {
    handlers: [[Some(CopyCopy as Handler), None, None], [None; 3], [None; 3]],
    output: AccReg::Int,
    inputs: [AccReg::Int; 2],
};

/// The first instruction of a pair, a binary operator with a slot or an
/// immediate right operand: evaluates to its result, already written to
/// its `dst`.
macro_rules! first {
    (slot, $ip:ident, $fr:ident, $acc:ident, $op:ident, $get:ident, $set:ident, $f:path) => {{
        operands!($ip, Op::$op { dst, lhs, rhs });
        let v = $f(input!($fr, lhs, 1, $acc, $get), input!($fr, rhs, 2, $acc, $get));
        $fr.$set(dst, v);
        (v, dst)
    }};
    (imm, $ip:ident, $fr:ident, $acc:ident, $op:ident, $get:ident, $set:ident, $f:path) => {{
        operands!($ip, Op::$op { dst, lhs, imm });
        let v = $f(input!($fr, lhs, 1, $acc, $get), imm as _);
        $fr.$set(dst, v);
        (v, dst)
    }};
}

/// The forms of a pair whose first instruction has `$form` inputs read
/// with `$get`, and whose result (if any) is written with `$set`.
macro_rules! pair_forms {
    (slot, dst $set:ident, $get:ident) => { forms!(dst $set; $get, $get) };
    (imm, dst $set:ident, $get:ident) => { forms!(dst $set; $get) };
    (slot, nodst, $get:ident) => { forms!(nodst; $get, $get) };
    (imm, nodst, $get:ident) => { forms!(nodst; $get) };
}

/// An add (slot or immediate) then a compare-and-branch whose left operand
/// is the add's result, against a slot or an immediate.
macro_rules! add_branch {
    (fn $lookup:ident;
     $($name:ident => $add:ident $add_form:ident, $br:ident $br_form:ident, $test:path;)*) => {
        $(
            generic_handler!(forms_only $name, pair_forms!($add_form, nodst, i32),
                             |ip, fp, mem, len, cx, acc| {
                let fr = Frame(fp);
                let (v, _) = first!($add_form, ip, fr, acc, $add, i32, set_i32, s::i32_add);
                let second = second!(ip);
                // The limit is read after the add, which may have written it.
                let (limit, offset) = add_branch!(@limit $br_form, second, fr, $br);
                if $test(v, limit) {
                    branch!(offset, second, fp, mem, len, cx, acc)
                }
                after_pair!(ip, fp, mem, len, cx, acc)
            });
        )*

        fn $lookup(a: &Op, b: &Op) -> Option<&'static Forms> {
            match (a, b) {
                $((Op::$add { dst, .. }, Op::$br { lhs, .. }) if lhs == dst => Some(&$name::FORMS),)*
                _ => None,
            }
        }
    };
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

/// An instruction whose result the next `br_if.eqz`/`br_if.nez` tests: an
/// add or `and` with an immediate (a count-down loop, a flag test) or a
/// load (a linked list's `p = p->next` and test, a string's `*p`).
macro_rules! test_branch {
    (fn $lookup:ident;
     $($name:ident => $first:ident $kind:ident $how:tt, $br:ident $zero:literal;)*) => {
        $(
            generic_handler!(forms_only $name, test_branch!(@forms $kind),
                             |ip, fp, mem, len, cx, acc| {
                let fr = Frame(fp);
                let v = test_branch!(@first $kind $how, ip, fr, mem, len, cx, acc, $first);
                let second = second!(ip);
                operands!(second, Op::$br { cond: _, offset });
                if (v == 0) == $zero {
                    branch!(offset, second, fp, mem, len, cx, acc)
                }
                after_pair!(ip, fp, mem, len, cx, acc)
            });
        )*

        fn $lookup(a: &Op, b: &Op) -> Option<&'static Forms> {
            match (a, b) {
                $((Op::$first { dst, .. }, Op::$br { cond, .. }) if cond == dst => Some(&$name::FORMS),)*
                _ => None,
            }
        }
    };
    (@forms arith) => { forms!(nodst; i32) };
    (@forms load) => { forms!(nodst; u32) };
    (@first arith ($f:path), $ip:ident, $fr:ident, $mem:ident, $len:ident, $cx:ident, $acc:ident, $op:ident) => {{
        let (v, _) = first!(imm, $ip, $fr, $acc, $op, i32, set_i32, $f);
        v
    }};
    (@first load $t:ty, $ip:ident, $fr:ident, $mem:ident, $len:ident, $cx:ident, $acc:ident, $op:ident) => {{
        operands!($ip, Op::$op { dst, addr, offset });
        let addr = input!($fr, addr, 1, $acc, u32);
        let Some(v) = crate::interp::handlers::memory::read_le!($mem, $len, addr, offset, $t) else {
            trap!($ip, $cx, TrapCode::MemoryOutOfBounds)
        };
        $fr.set(dst, v as u64);
        v
    }};
}

test_branch! {
    fn test_branch;
    AddImmBrIfNez => I32AddImm arith (s::i32_add), BrIfNez false;
    AddImmBrIfEqz => I32AddImm arith (s::i32_add), BrIfEqz true;
    AndImmBrIfNez => I32AndImm arith (s::i32_and), BrIfNez false;
    AndImmBrIfEqz => I32AndImm arith (s::i32_and), BrIfEqz true;
    Load32BrIfNez => Load32 load u32, BrIfNez false;
    Load32BrIfEqz => Load32 load u32, BrIfEqz true;
    Load8UBrIfNez => Load8U load u8, BrIfNez false;
    Load8UBrIfEqz => Load8U load u8, BrIfEqz true;
}

/// Two binary operators where the second reads the first's result: `A`
/// with a slot or immediate right operand; `B` with a slot and an immediate
/// (`imm`: the result on the left), or with two slots, commutative
/// (`commutes`: the lookup swaps `B`'s operands so the result is on the
/// left, and the handler needs no test) or not (`either`: the handler tests
/// which side the result is on). Both operate on one type, read with `$get`
/// and written with `$set`.
macro_rules! chain {
    (fn $lookup:ident; $($name:ident => $a:ident $a_form:ident $fa:path, $b:ident $b_form:ident $fb:path;)* ;
     $get:ident, $set:ident) => {
        $(
            generic_handler!(forms_only $name, pair_forms!($a_form, dst $set, $get),
                             |ip, fp, mem, len, cx, acc| {
                let fr = Frame(fp);
                let (v, a_dst) = first!($a_form, ip, fr, acc, $a, $get, $set, $fa);
                let second = second!(ip);
                let acc = chain!(@second $b_form, second, fr, acc, v, a_dst, $b, $get, $set, $fb);
                after_pair!(ip, fp, mem, len, cx, acc)
            });
        )*

        /// The pair's forms, if `a; b` is one of these chains; may swap the
        /// operands of a commutative `b` (see `commutes`).
        fn $lookup(a: &Op, b: &mut Op) -> Option<&'static Forms> {
            $(
                if let Op::$a { dst, .. } = *a
                    && chain!(@accept $b_form, b, $b, dst)
                {
                    return Some(&$name::FORMS);
                }
            )*
            None
        }
    };
    (@second commutes, $ip:ident, $fr:ident, $acc:ident, $v:ident, $a_dst:ident,
     $b:ident, $get:ident, $set:ident, $fb:path) => {{
        // The lookup put `A`'s result on the left.
        operands!($ip, Op::$b { dst, lhs: _, rhs });
        // Read after `A`'s write, which `rhs` may be.
        output!($fr, dst, $set, $fb($v, $fr.$get(rhs)), $acc)
    }};
    (@second either, $ip:ident, $fr:ident, $acc:ident, $v:ident, $a_dst:ident,
     $b:ident, $get:ident, $set:ident, $fb:path) => {{
        operands!($ip, Op::$b { dst, lhs, rhs });
        // The other operand is read after `A`'s write, which it may be.
        let r = if lhs == $a_dst { $fb($v, $fr.$get(rhs)) } else { $fb($fr.$get(lhs), $v) };
        output!($fr, dst, $set, r, $acc)
    }};
    (@second imm, $ip:ident, $fr:ident, $acc:ident, $v:ident, $a_dst:ident,
     $b:ident, $get:ident, $set:ident, $fb:path) => {{
        operands!($ip, Op::$b { dst, lhs: _, imm });
        output!($fr, dst, $set, $fb($v, imm as _), $acc)
    }};
    (@accept commutes, $b:ident, $op:ident, $dst:expr) => {
        match $b {
            Op::$op { lhs, rhs, .. } if *lhs == $dst || *rhs == $dst => {
                if *lhs != $dst {
                    std::mem::swap(lhs, rhs);
                }
                true
            }
            _ => false,
        }
    };
    (@accept either, $b:ident, $op:ident, $dst:expr) => {
        matches!($b, Op::$op { lhs, rhs, .. } if *lhs == $dst || *rhs == $dst)
    };
    (@accept imm, $b:ident, $op:ident, $dst:expr) => {
        matches!($b, Op::$op { lhs, .. } if *lhs == $dst)
    };
}

chain! {
    fn chain_i32;
    I32MulAdd => I32Mul slot s::i32_mul, I32Add commutes s::i32_add;
    I32AddAdd => I32Add slot s::i32_add, I32Add commutes s::i32_add;
    I32AddAddImm => I32Add slot s::i32_add, I32AddImm imm s::i32_add;
    I32AndImmAdd => I32AndImm imm s::i32_and, I32Add commutes s::i32_add;
    I32ShlImmXor => I32ShlImm imm s::i32_shl, I32Xor commutes s::i32_xor;
    I32ShrUImmXor => I32ShrUImm imm s::i32_shr_u, I32Xor commutes s::i32_xor;
    I32RotlImmXor => I32RotlImm imm s::i32_rotl, I32Xor commutes s::i32_xor;
    I32ShrUImmAndImm => I32ShrUImm imm s::i32_shr_u, I32AndImm imm s::i32_and;
    I32ShlImmAdd => I32ShlImm imm s::i32_shl, I32Add commutes s::i32_add;
    ;
    i32, set_i32
}

chain! {
    fn chain_i64;
    I64AndXor => I64And slot s::i64_and, I64Xor commutes s::i64_xor;
    I64XorXor => I64Xor slot s::i64_xor, I64Xor commutes s::i64_xor;
    I64XorImmAnd => I64XorImm imm s::i64_xor, I64And commutes s::i64_and;
    I64RotlImmXor => I64RotlImm imm s::i64_rotl, I64Xor commutes s::i64_xor;
    I64ShlImmXor => I64ShlImm imm s::i64_shl, I64Xor commutes s::i64_xor;
    I64ShrUImmXor => I64ShrUImm imm s::i64_shr_u, I64Xor commutes s::i64_xor;
    I64AddAdd => I64Add slot s::i64_add, I64Add commutes s::i64_add;
    ;
    i64, set_i64
}

chain! {
    fn chain_f64;
    F64MulAdd => F64Mul slot s::f64_mul, F64Add either s::f64_add;
    F64MulMul => F64Mul slot s::f64_mul, F64Mul either s::f64_mul;
    F64MulSub => F64Mul slot s::f64_mul, F64Sub either s::f64_sub;
    F64SubAdd => F64Sub slot s::f64_sub, F64Add either s::f64_add;
    F64AddMul => F64Add slot s::f64_add, F64Mul either s::f64_mul;
    ;
    f64, set_f64
}

// A byte load whose value selects the next `br_table`'s entry. The loaded
// byte is still written to its slot, which may be a local (`local.tee`).
generic_handler!(forms_only Load8UBrTable, forms!(nodst; u32), |ip, fp, mem, len, cx, acc| {
    operands!(ip, Op::Load8U { dst, addr, offset });
    let fr = Frame(fp);
    let Some(byte) = crate::interp::handlers::memory::read_le!(mem, len, input!(fr, addr, 1, acc, u32), offset, u8)
    else {
        trap!(ip, cx, TrapCode::MemoryOutOfBounds)
    };
    fr.set(dst, byte as u64);
    let table = second!(ip);
    crate::interp::handlers::control::take_br_table!(table, byte as u32, fp, mem, len, cx, acc)
});

/// The forms of the handler that runs instruction `a` and the `b` after it
/// as one, if the pair has one. For some pairs the handler expects `b`'s
/// operands in an order this puts them in (see `chain!`).
pub(crate) fn fused_pair(a: &Op, b: &mut Op) -> Option<&'static Forms> {
    match (a, &*b) {
        (Op::Copy { .. }, Op::Copy { .. }) => Some(&COPY_COPY),
        (Op::Load8U { dst, .. }, Op::BrTable { index, .. }) if index == dst => Some(&Load8UBrTable::FORMS),
        _ => add_branch(a, b)
            .or_else(|| test_branch(a, b))
            .or_else(|| chain_i32(a, b))
            .or_else(|| chain_i64(a, b))
            .or_else(|| chain_f64(a, b)),
    }
}
