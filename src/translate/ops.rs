//! Per-operator tables for the translator: which IR instruction implements
//! each numeric operator in each operand shape, how it folds on constants,
//! and which fused branch a comparison becomes.

use crate::ir::{BrOffset, Op, Slot};
use crate::semantics as s;

/// A binary operator and the shapes it can take.
pub(super) struct Binary {
    pub slots: fn(Slot, Slot, Slot) -> Op,
    /// Right operand immediate.
    pub imm: Option<fn(Slot, Slot, i32) -> Op>,
    /// Left operand immediate (for comparisons: the mirrored comparison).
    pub imm_lhs: Option<fn(Slot, i32, Slot) -> Op>,
    pub commutative: bool,
    /// 64-bit operands: an immediate must sign-extend to the constant.
    pub wide: bool,
    /// Constant folding; `None` when the operation would trap.
    pub fold: fn(u64, u64) -> Option<u64>,
    /// A right operand that leaves the left one unchanged (`x + 0`, `x * 1`).
    pub identity: Option<u64>,
}

/// A unary operator.
pub(super) struct Unary {
    pub slots: fn(Slot, Slot) -> Op,
    pub fold: fn(u64) -> Option<u64>,
}

macro_rules! ctor_imm {
    (-) => {
        None
    };
    ($op:ident) => {
        Some(|dst, lhs, imm| Op::$op { dst, lhs, imm })
    };
}
macro_rules! ctor_imm_lhs {
    (-) => {
        None
    };
    ($op:ident) => {
        Some(|dst, imm, rhs| Op::$op { dst, imm, rhs })
    };
}
/// Comparisons with a constant left operand use the mirrored comparison.
macro_rules! ctor_mirror {
    ($op:ident) => {
        Some(|dst, imm, rhs| Op::$op { dst, lhs: rhs, imm })
    };
}

macro_rules! int_binary {
    ($name:ident, $t:ty, $wide:expr, $op:ident, $imm:tt, $imm_lhs:tt, $comm:expr, $id:expr, wrap $f:path) => {
        pub(super) const $name: Binary = Binary {
            slots: |dst, lhs, rhs| Op::$op { dst, lhs, rhs },
            imm: ctor_imm!($imm),
            imm_lhs: ctor_imm_lhs!($imm_lhs),
            commutative: $comm,
            wide: $wide,
            fold: |a, b| Some($f(a as $t, b as $t) as u64 & mask($wide)),
            identity: $id,
        };
    };
    ($name:ident, $t:ty, $wide:expr, $op:ident, $imm:tt, $imm_lhs:tt, $comm:expr, $id:expr, trap $f:path) => {
        pub(super) const $name: Binary = Binary {
            slots: |dst, lhs, rhs| Op::$op { dst, lhs, rhs },
            imm: ctor_imm!($imm),
            imm_lhs: ctor_imm_lhs!($imm_lhs),
            commutative: $comm,
            wide: $wide,
            fold: |a, b| $f(a as $t, b as $t).ok().map(|v| v as u64 & mask($wide)),
            identity: $id,
        };
    };
}

macro_rules! int_compare {
    ($name:ident, $t:ty, $wide:expr, $op:ident, $imm:ident, $mirror:ident, $f:path) => {
        pub(super) const $name: Binary = Binary {
            slots: |dst, lhs, rhs| Op::$op { dst, lhs, rhs },
            imm: ctor_imm!($imm),
            imm_lhs: ctor_mirror!($mirror),
            commutative: false,
            wide: $wide,
            fold: |a, b| Some($f(a as $t, b as $t) as u64),
            identity: None,
        };
    };
}

macro_rules! float_binary {
    ($name:ident, f32, $op:ident, $f:path) => {
        pub(super) const $name: Binary = Binary {
            slots: |dst, lhs, rhs| Op::$op { dst, lhs, rhs },
            imm: None,
            imm_lhs: None,
            commutative: false,
            wide: false,
            fold: |a, b| Some(fold_f32($f(f32::from_bits(a as u32), f32::from_bits(b as u32)))),
            identity: None,
        };
    };
    ($name:ident, f64, $op:ident, $f:path) => {
        pub(super) const $name: Binary = Binary {
            slots: |dst, lhs, rhs| Op::$op { dst, lhs, rhs },
            imm: None,
            imm_lhs: None,
            commutative: false,
            wide: true,
            fold: |a, b| Some(fold_f64($f(f64::from_bits(a), f64::from_bits(b)))),
            identity: None,
        };
    };
}

const fn mask(wide: bool) -> u64 {
    if wide { u64::MAX } else { u32::MAX as u64 }
}

/// Folded float results and comparison booleans share one conversion.
trait FoldValue {
    fn bits(self) -> u64;
}
impl FoldValue for f32 {
    fn bits(self) -> u64 {
        self.to_bits() as u64
    }
}
impl FoldValue for f64 {
    fn bits(self) -> u64 {
        self.to_bits()
    }
}
impl FoldValue for bool {
    fn bits(self) -> u64 {
        self as u64
    }
}
fn fold_f32(v: impl FoldValue) -> u64 {
    v.bits()
}
fn fold_f64(v: impl FoldValue) -> u64 {
    v.bits()
}

// i32
int_binary!(I32_ADD, i32, false, I32Add, I32AddImm, -, true, Some(0), wrap s::i32_add);
int_binary!(I32_SUB, i32, false, I32Sub, -, I32SubImmLhs, false, Some(0), wrap s::i32_sub);
int_binary!(I32_MUL, i32, false, I32Mul, I32MulImm, -, true, Some(1), wrap s::i32_mul);
int_binary!(I32_DIV_S, i32, false, I32DivS, I32DivSImm, I32DivSImmLhs, false, Some(1), trap s::i32_div_s);
int_binary!(I32_DIV_U, i32, false, I32DivU, I32DivUImm, I32DivUImmLhs, false, Some(1), trap s::i32_div_u);
int_binary!(I32_REM_S, i32, false, I32RemS, I32RemSImm, I32RemSImmLhs, false, None, trap s::i32_rem_s);
int_binary!(I32_REM_U, i32, false, I32RemU, I32RemUImm, I32RemUImmLhs, false, None, trap s::i32_rem_u);
int_binary!(I32_AND, i32, false, I32And, I32AndImm, -, true, Some(u64::MAX), wrap s::i32_and);
int_binary!(I32_OR, i32, false, I32Or, I32OrImm, -, true, Some(0), wrap s::i32_or);
int_binary!(I32_XOR, i32, false, I32Xor, I32XorImm, -, true, Some(0), wrap s::i32_xor);
int_binary!(I32_SHL, i32, false, I32Shl, I32ShlImm, I32ShlImmLhs, false, Some(0), wrap s::i32_shl);
int_binary!(I32_SHR_S, i32, false, I32ShrS, I32ShrSImm, I32ShrSImmLhs, false, Some(0), wrap s::i32_shr_s);
int_binary!(I32_SHR_U, i32, false, I32ShrU, I32ShrUImm, I32ShrUImmLhs, false, Some(0), wrap s::i32_shr_u);
int_binary!(I32_ROTL, i32, false, I32Rotl, I32RotlImm, I32RotlImmLhs, false, Some(0), wrap s::i32_rotl);
int_binary!(I32_ROTR, i32, false, I32Rotr, I32RotrImm, I32RotrImmLhs, false, Some(0), wrap s::i32_rotr);
int_compare!(I32_EQ, i32, false, I32Eq, I32EqImm, I32EqImm, s::i32_eq);
int_compare!(I32_NE, i32, false, I32Ne, I32NeImm, I32NeImm, s::i32_ne);
int_compare!(I32_LT_S, i32, false, I32LtS, I32LtSImm, I32GtSImm, s::i32_lt_s);
int_compare!(I32_LT_U, i32, false, I32LtU, I32LtUImm, I32GtUImm, s::i32_lt_u);
int_compare!(I32_GT_S, i32, false, I32GtS, I32GtSImm, I32LtSImm, s::i32_gt_s);
int_compare!(I32_GT_U, i32, false, I32GtU, I32GtUImm, I32LtUImm, s::i32_gt_u);
int_compare!(I32_LE_S, i32, false, I32LeS, I32LeSImm, I32GeSImm, s::i32_le_s);
int_compare!(I32_LE_U, i32, false, I32LeU, I32LeUImm, I32GeUImm, s::i32_le_u);
int_compare!(I32_GE_S, i32, false, I32GeS, I32GeSImm, I32LeSImm, s::i32_ge_s);
int_compare!(I32_GE_U, i32, false, I32GeU, I32GeUImm, I32LeUImm, s::i32_ge_u);

// i64
int_binary!(I64_ADD, i64, true, I64Add, I64AddImm, -, true, Some(0), wrap s::i64_add);
int_binary!(I64_SUB, i64, true, I64Sub, -, I64SubImmLhs, false, Some(0), wrap s::i64_sub);
int_binary!(I64_MUL, i64, true, I64Mul, I64MulImm, -, true, Some(1), wrap s::i64_mul);
int_binary!(I64_DIV_S, i64, true, I64DivS, I64DivSImm, I64DivSImmLhs, false, Some(1), trap s::i64_div_s);
int_binary!(I64_DIV_U, i64, true, I64DivU, I64DivUImm, I64DivUImmLhs, false, Some(1), trap s::i64_div_u);
int_binary!(I64_REM_S, i64, true, I64RemS, I64RemSImm, I64RemSImmLhs, false, None, trap s::i64_rem_s);
int_binary!(I64_REM_U, i64, true, I64RemU, I64RemUImm, I64RemUImmLhs, false, None, trap s::i64_rem_u);
int_binary!(I64_AND, i64, true, I64And, I64AndImm, -, true, Some(u64::MAX), wrap s::i64_and);
int_binary!(I64_OR, i64, true, I64Or, I64OrImm, -, true, Some(0), wrap s::i64_or);
int_binary!(I64_XOR, i64, true, I64Xor, I64XorImm, -, true, Some(0), wrap s::i64_xor);
int_binary!(I64_SHL, i64, true, I64Shl, I64ShlImm, I64ShlImmLhs, false, Some(0), wrap s::i64_shl);
int_binary!(I64_SHR_S, i64, true, I64ShrS, I64ShrSImm, I64ShrSImmLhs, false, Some(0), wrap s::i64_shr_s);
int_binary!(I64_SHR_U, i64, true, I64ShrU, I64ShrUImm, I64ShrUImmLhs, false, Some(0), wrap s::i64_shr_u);
int_binary!(I64_ROTL, i64, true, I64Rotl, I64RotlImm, I64RotlImmLhs, false, Some(0), wrap s::i64_rotl);
int_binary!(I64_ROTR, i64, true, I64Rotr, I64RotrImm, I64RotrImmLhs, false, Some(0), wrap s::i64_rotr);
int_compare!(I64_EQ, i64, true, I64Eq, I64EqImm, I64EqImm, s::i64_eq);
int_compare!(I64_NE, i64, true, I64Ne, I64NeImm, I64NeImm, s::i64_ne);
int_compare!(I64_LT_S, i64, true, I64LtS, I64LtSImm, I64GtSImm, s::i64_lt_s);
int_compare!(I64_LT_U, i64, true, I64LtU, I64LtUImm, I64GtUImm, s::i64_lt_u);
int_compare!(I64_GT_S, i64, true, I64GtS, I64GtSImm, I64LtSImm, s::i64_gt_s);
int_compare!(I64_GT_U, i64, true, I64GtU, I64GtUImm, I64LtUImm, s::i64_gt_u);
int_compare!(I64_LE_S, i64, true, I64LeS, I64LeSImm, I64GeSImm, s::i64_le_s);
int_compare!(I64_LE_U, i64, true, I64LeU, I64LeUImm, I64GeUImm, s::i64_le_u);
int_compare!(I64_GE_S, i64, true, I64GeS, I64GeSImm, I64LeSImm, s::i64_ge_s);
int_compare!(I64_GE_U, i64, true, I64GeU, I64GeUImm, I64LeUImm, s::i64_ge_u);

// floats
float_binary!(F32_ADD, f32, F32Add, s::f32_add);
float_binary!(F32_SUB, f32, F32Sub, s::f32_sub);
float_binary!(F32_MUL, f32, F32Mul, s::f32_mul);
float_binary!(F32_DIV, f32, F32Div, s::f32_div);
float_binary!(F32_MIN, f32, F32Min, s::f32_min);
float_binary!(F32_MAX, f32, F32Max, s::f32_max);
float_binary!(F32_COPYSIGN, f32, F32Copysign, s::f32_copysign);
float_binary!(F32_EQ, f32, F32Eq, s::f32_eq);
float_binary!(F32_NE, f32, F32Ne, s::f32_ne);
float_binary!(F32_LT, f32, F32Lt, s::f32_lt);
float_binary!(F32_GT, f32, F32Gt, s::f32_gt);
float_binary!(F32_LE, f32, F32Le, s::f32_le);
float_binary!(F32_GE, f32, F32Ge, s::f32_ge);
float_binary!(F64_ADD, f64, F64Add, s::f64_add);
float_binary!(F64_SUB, f64, F64Sub, s::f64_sub);
float_binary!(F64_MUL, f64, F64Mul, s::f64_mul);
float_binary!(F64_DIV, f64, F64Div, s::f64_div);
float_binary!(F64_MIN, f64, F64Min, s::f64_min);
float_binary!(F64_MAX, f64, F64Max, s::f64_max);
float_binary!(F64_COPYSIGN, f64, F64Copysign, s::f64_copysign);
float_binary!(F64_EQ, f64, F64Eq, s::f64_eq);
float_binary!(F64_NE, f64, F64Ne, s::f64_ne);
float_binary!(F64_LT, f64, F64Lt, s::f64_lt);
float_binary!(F64_GT, f64, F64Gt, s::f64_gt);
float_binary!(F64_LE, f64, F64Le, s::f64_le);
float_binary!(F64_GE, f64, F64Ge, s::f64_ge);

// ------------------------------------------------------------------ unary

macro_rules! unary {
    ($name:ident, $op:ident, |$a:ident| $fold:expr) => {
        pub(super) const $name: Unary = Unary { slots: |dst, src| Op::$op { dst, src }, fold: |$a| $fold };
    };
}

fn f32_of(bits: u64) -> f32 {
    f32::from_bits(bits as u32)
}
fn f64_of(bits: u64) -> f64 {
    f64::from_bits(bits)
}
fn of_f32(v: f32) -> Option<u64> {
    Some(v.to_bits() as u64)
}
fn of_f64(v: f64) -> Option<u64> {
    Some(v.to_bits())
}
fn of_i32(v: i32) -> Option<u64> {
    Some(v as u32 as u64)
}
fn of_i64(v: i64) -> Option<u64> {
    Some(v as u64)
}

unary!(I32_EQZ, I32Eqz, |a| Some(s::i32_eqz(a as i32) as u64));
unary!(I32_CLZ, I32Clz, |a| of_i32(s::i32_clz(a as i32)));
unary!(I32_CTZ, I32Ctz, |a| of_i32(s::i32_ctz(a as i32)));
unary!(I32_POPCNT, I32Popcnt, |a| of_i32(s::i32_popcnt(a as i32)));
unary!(I32_EXTEND8_S, I32Extend8S, |a| of_i32(s::i32_extend8_s(a as i32)));
unary!(I32_EXTEND16_S, I32Extend16S, |a| of_i32(s::i32_extend16_s(a as i32)));
unary!(I64_EQZ, I64Eqz, |a| Some(s::i64_eqz(a as i64) as u64));
unary!(I64_CLZ, I64Clz, |a| of_i64(s::i64_clz(a as i64)));
unary!(I64_CTZ, I64Ctz, |a| of_i64(s::i64_ctz(a as i64)));
unary!(I64_POPCNT, I64Popcnt, |a| of_i64(s::i64_popcnt(a as i64)));
unary!(I64_EXTEND8_S, I64Extend8S, |a| of_i64(s::i64_extend8_s(a as i64)));
unary!(I64_EXTEND16_S, I64Extend16S, |a| of_i64(s::i64_extend16_s(a as i64)));
unary!(I64_EXTEND32_S, I64Extend32S, |a| of_i64(s::i64_extend32_s(a as i64)));
unary!(I64_EXTEND_I32_S, I64ExtendI32S, |a| of_i64(s::i64_extend_i32_s(a as i32)));
unary!(I64_EXTEND_I32_U, I64ExtendI32U, |a| of_i64(s::i64_extend_i32_u(a as i32)));
unary!(F32_ABS, F32Abs, |a| of_f32(s::f32_abs(f32_of(a))));
unary!(F32_NEG, F32Neg, |a| of_f32(s::f32_neg(f32_of(a))));
unary!(F32_CEIL, F32Ceil, |a| of_f32(s::f32_ceil(f32_of(a))));
unary!(F32_FLOOR, F32Floor, |a| of_f32(s::f32_floor(f32_of(a))));
unary!(F32_TRUNC, F32Trunc, |a| of_f32(s::f32_trunc(f32_of(a))));
unary!(F32_NEAREST, F32Nearest, |a| of_f32(s::f32_nearest(f32_of(a))));
unary!(F32_SQRT, F32Sqrt, |a| of_f32(s::f32_sqrt(f32_of(a))));
unary!(F64_ABS, F64Abs, |a| of_f64(s::f64_abs(f64_of(a))));
unary!(F64_NEG, F64Neg, |a| of_f64(s::f64_neg(f64_of(a))));
unary!(F64_CEIL, F64Ceil, |a| of_f64(s::f64_ceil(f64_of(a))));
unary!(F64_FLOOR, F64Floor, |a| of_f64(s::f64_floor(f64_of(a))));
unary!(F64_TRUNC, F64Trunc, |a| of_f64(s::f64_trunc(f64_of(a))));
unary!(F64_NEAREST, F64Nearest, |a| of_f64(s::f64_nearest(f64_of(a))));
unary!(F64_SQRT, F64Sqrt, |a| of_f64(s::f64_sqrt(f64_of(a))));
unary!(I32_TRUNC_F32_S, I32TruncF32S, |a| s::i32_trunc_f32_s(f32_of(a)).ok().and_then(of_i32));
unary!(I32_TRUNC_F32_U, I32TruncF32U, |a| s::i32_trunc_f32_u(f32_of(a)).ok().and_then(|v| of_i32(v as i32)));
unary!(I32_TRUNC_F64_S, I32TruncF64S, |a| s::i32_trunc_f64_s(f64_of(a)).ok().and_then(of_i32));
unary!(I32_TRUNC_F64_U, I32TruncF64U, |a| s::i32_trunc_f64_u(f64_of(a)).ok().and_then(|v| of_i32(v as i32)));
unary!(I64_TRUNC_F32_S, I64TruncF32S, |a| s::i64_trunc_f32_s(f32_of(a)).ok().and_then(of_i64));
unary!(I64_TRUNC_F32_U, I64TruncF32U, |a| s::i64_trunc_f32_u(f32_of(a)).ok().and_then(|v| of_i64(v as i64)));
unary!(I64_TRUNC_F64_S, I64TruncF64S, |a| s::i64_trunc_f64_s(f64_of(a)).ok().and_then(of_i64));
unary!(I64_TRUNC_F64_U, I64TruncF64U, |a| s::i64_trunc_f64_u(f64_of(a)).ok().and_then(|v| of_i64(v as i64)));
unary!(I32_TRUNC_SAT_F32_S, I32TruncSatF32S, |a| of_i32(s::i32_trunc_sat_f32_s(f32_of(a))));
unary!(I32_TRUNC_SAT_F32_U, I32TruncSatF32U, |a| of_i32(s::i32_trunc_sat_f32_u(f32_of(a)) as i32));
unary!(I32_TRUNC_SAT_F64_S, I32TruncSatF64S, |a| of_i32(s::i32_trunc_sat_f64_s(f64_of(a))));
unary!(I32_TRUNC_SAT_F64_U, I32TruncSatF64U, |a| of_i32(s::i32_trunc_sat_f64_u(f64_of(a)) as i32));
unary!(I64_TRUNC_SAT_F32_S, I64TruncSatF32S, |a| of_i64(s::i64_trunc_sat_f32_s(f32_of(a))));
unary!(I64_TRUNC_SAT_F32_U, I64TruncSatF32U, |a| of_i64(s::i64_trunc_sat_f32_u(f32_of(a)) as i64));
unary!(I64_TRUNC_SAT_F64_S, I64TruncSatF64S, |a| of_i64(s::i64_trunc_sat_f64_s(f64_of(a))));
unary!(I64_TRUNC_SAT_F64_U, I64TruncSatF64U, |a| of_i64(s::i64_trunc_sat_f64_u(f64_of(a)) as i64));
unary!(F32_CONVERT_I32_S, F32ConvertI32S, |a| of_f32(s::f32_convert_i32_s(a as i32)));
unary!(F32_CONVERT_I32_U, F32ConvertI32U, |a| of_f32(s::f32_convert_i32_u(a as i32)));
unary!(F32_CONVERT_I64_S, F32ConvertI64S, |a| of_f32(s::f32_convert_i64_s(a as i64)));
unary!(F32_CONVERT_I64_U, F32ConvertI64U, |a| of_f32(s::f32_convert_i64_u(a as i64)));
unary!(F64_CONVERT_I32_S, F64ConvertI32S, |a| of_f64(s::f64_convert_i32_s(a as i32)));
unary!(F64_CONVERT_I32_U, F64ConvertI32U, |a| of_f64(s::f64_convert_i32_u(a as i32)));
unary!(F64_CONVERT_I64_S, F64ConvertI64S, |a| of_f64(s::f64_convert_i64_s(a as i64)));
unary!(F64_CONVERT_I64_U, F64ConvertI64U, |a| of_f64(s::f64_convert_i64_u(a as i64)));
unary!(F32_DEMOTE_F64, F32DemoteF64, |a| of_f32(s::f32_demote_f64(f64_of(a))));
unary!(F64_PROMOTE_F32, F64PromoteF32, |a| of_f64(s::f64_promote_f32(f32_of(a))));

// ---------------------------------------------------------- loads, stores

/// The forms of one load: address in a slot plus static offset, or an
/// address `base + imm` from a fused `i32.add`.
pub(super) struct Load {
    pub slot: fn(Slot, Slot, u32) -> Op,
    pub add_imm: fn(Slot, Slot, u32) -> Op,
    /// Address `base + index` from a fused `i32.add` of two slots.
    pub idx: fn(Slot, Slot, Slot) -> Op,
}

macro_rules! load_forms {
    ($op:ident, $fused:ident, $idx:ident) => {
        Load {
            slot: |dst, addr, offset| Op::$op { dst, addr, offset },
            add_imm: |dst, base, imm| Op::$fused { dst, base, imm },
            idx: |dst, base, index| Op::$idx { dst, base, index },
        }
    };
}

pub(super) const LOAD32: usize = 0;
pub(super) const LOAD64: usize = 1;
pub(super) const LOAD8S: usize = 2;
pub(super) const LOAD8U: usize = 3;
pub(super) const LOAD16S: usize = 4;
pub(super) const LOAD16U: usize = 5;
pub(super) const LOAD32S: usize = 6;
pub(super) const LOADF64: usize = 7;
pub(super) const LOADS: [Load; 8] = [
    load_forms!(Load32, Load32AddImm, Load32Idx),
    load_forms!(Load64, Load64AddImm, Load64Idx),
    load_forms!(Load8S, Load8SAddImm, Load8SIdx),
    load_forms!(Load8U, Load8UAddImm, Load8UIdx),
    load_forms!(Load16S, Load16SAddImm, Load16SIdx),
    load_forms!(Load16U, Load16UAddImm, Load16UIdx),
    load_forms!(Load32S, Load32SAddImm, Load32SIdx),
    load_forms!(LoadF64, LoadF64AddImm, LoadF64Idx),
];

/// The forms of one store: value in a slot or immediate, address in a slot
/// (plus static offset) or `base + imm` from a fused `i32.add`.
pub(super) struct Store {
    pub slot: fn(Slot, u32, Slot) -> Op,
    pub imm: fn(Slot, u32, i32) -> Op,
    pub add_imm: fn(Slot, u32, Slot) -> Op,
    pub imm_add_imm: fn(Slot, u32, i32) -> Op,
    pub idx: fn(Slot, Slot, Slot) -> Op,
    pub imm_idx: fn(Slot, Slot, i32) -> Op,
}

macro_rules! store_forms {
    ($op:ident, $imm:ident, $fused:ident, $imm_fused:ident, $idx:ident, $imm_idx:ident) => {
        Store {
            slot: |addr, offset, value| Op::$op { addr, offset, value },
            imm: |addr, offset, value| Op::$imm { addr, offset, value },
            add_imm: |base, imm, value| Op::$fused { base, imm, value },
            imm_add_imm: |base, imm, value| Op::$imm_fused { base, imm, value },
            idx: |base, index, value| Op::$idx { base, index, value },
            imm_idx: |base, index, value| Op::$imm_idx { base, index, value },
        }
    };
}

pub(super) const STORE8: usize = 0;
pub(super) const STORE16: usize = 1;
pub(super) const STORE32: usize = 2;
pub(super) const STORE64: usize = 3;
pub(super) const STOREF64: usize = 4;
pub(super) const STORES: [Store; 5] = [
    store_forms!(Store8, Store8Imm, Store8AddImm, Store8ImmAddImm, Store8Idx, Store8ImmIdx),
    store_forms!(Store16, Store16Imm, Store16AddImm, Store16ImmAddImm, Store16Idx, Store16ImmIdx),
    store_forms!(Store32, Store32Imm, Store32AddImm, Store32ImmAddImm, Store32Idx, Store32ImmIdx),
    store_forms!(Store64, Store64Imm, Store64AddImm, Store64ImmAddImm, Store64Idx, Store64ImmIdx),
    // An immediate value has the same bits either way.
    store_forms!(StoreF64, Store64Imm, StoreF64AddImm, Store64ImmAddImm, StoreF64Idx, Store64ImmIdx),
];

// ------------------------------------------------------------ fused branch

/// `branch` (a compare-and-branch) with the increment `slot += inc` fused
/// in front, if it tests `slot` in a form that has a fused variant.
pub(super) fn step_branch(branch: Op, slot: Slot, inc: i16) -> Option<Op> {
    Some(match branch {
        Op::BrIfI32NeImm { lhs, imm, offset } if lhs == slot => {
            Op::IncBrIfI32NeImm { inc, slot, limit: imm, offset }
        }
        Op::BrIfI32LtSImm { lhs, imm, offset } if lhs == slot => {
            Op::IncBrIfI32LtSImm { inc, slot, limit: imm, offset }
        }
        Op::BrIfI32LtUImm { lhs, imm, offset } if lhs == slot => {
            Op::IncBrIfI32LtUImm { inc, slot, limit: imm, offset }
        }
        Op::BrIfI32Ne { lhs, rhs, offset } if lhs == slot => {
            Op::IncBrIfI32Ne { inc, slot, limit: rhs, offset }
        }
        Op::BrIfI32Ne { lhs, rhs, offset } if rhs == slot => {
            Op::IncBrIfI32Ne { inc, slot, limit: lhs, offset }
        }
        Op::BrIfI32LtS { lhs, rhs, offset } if lhs == slot => {
            Op::IncBrIfI32LtS { inc, slot, limit: rhs, offset }
        }
        Op::BrIfI32LtU { lhs, rhs, offset } if lhs == slot => {
            Op::IncBrIfI32LtU { inc, slot, limit: rhs, offset }
        }
        _ => return None,
    })
}

/// The compare-and-branch that jumps when `cmp` holds (or, with `negate`,
/// when it does not). `None` if `cmp` is not a comparison.
pub(super) fn fused_branch(cmp: &Op, negate: bool, offset: BrOffset) -> Option<Op> {
    macro_rules! pick {
        ($lhs:ident, $rhs:ident; $yes:ident, $no:ident) => {
            if negate {
                Op::$no { lhs: *$lhs, rhs: *$rhs, offset }
            } else {
                Op::$yes { lhs: *$lhs, rhs: *$rhs, offset }
            }
        };
        (imm $lhs:ident, $imm:ident; $yes:ident, $no:ident) => {
            if negate {
                Op::$no { lhs: *$lhs, imm: *$imm, offset }
            } else {
                Op::$yes { lhs: *$lhs, imm: *$imm, offset }
            }
        };
    }
    Some(match cmp {
        Op::I32Eqz { src, .. } => {
            if negate {
                Op::BrIfNez { cond: *src, offset }
            } else {
                Op::BrIfEqz { cond: *src, offset }
            }
        }
        Op::I64Eqz { src, .. } => {
            if negate {
                Op::BrIfI64Nez { cond: *src, offset }
            } else {
                Op::BrIfI64Eqz { cond: *src, offset }
            }
        }
        Op::I32Eq { lhs, rhs, .. } => pick!(lhs, rhs; BrIfI32Eq, BrIfI32Ne),
        Op::I32Ne { lhs, rhs, .. } => pick!(lhs, rhs; BrIfI32Ne, BrIfI32Eq),
        Op::I32LtS { lhs, rhs, .. } => pick!(lhs, rhs; BrIfI32LtS, BrIfI32GeS),
        Op::I32LtU { lhs, rhs, .. } => pick!(lhs, rhs; BrIfI32LtU, BrIfI32GeU),
        Op::I32GtS { lhs, rhs, .. } => pick!(lhs, rhs; BrIfI32GtS, BrIfI32LeS),
        Op::I32GtU { lhs, rhs, .. } => pick!(lhs, rhs; BrIfI32GtU, BrIfI32LeU),
        Op::I32LeS { lhs, rhs, .. } => pick!(lhs, rhs; BrIfI32LeS, BrIfI32GtS),
        Op::I32LeU { lhs, rhs, .. } => pick!(lhs, rhs; BrIfI32LeU, BrIfI32GtU),
        Op::I32GeS { lhs, rhs, .. } => pick!(lhs, rhs; BrIfI32GeS, BrIfI32LtS),
        Op::I32GeU { lhs, rhs, .. } => pick!(lhs, rhs; BrIfI32GeU, BrIfI32LtU),
        Op::I32EqImm { lhs, imm, .. } => pick!(imm lhs, imm; BrIfI32EqImm, BrIfI32NeImm),
        Op::I32NeImm { lhs, imm, .. } => pick!(imm lhs, imm; BrIfI32NeImm, BrIfI32EqImm),
        Op::I32LtSImm { lhs, imm, .. } => pick!(imm lhs, imm; BrIfI32LtSImm, BrIfI32GeSImm),
        Op::I32LtUImm { lhs, imm, .. } => pick!(imm lhs, imm; BrIfI32LtUImm, BrIfI32GeUImm),
        Op::I32GtSImm { lhs, imm, .. } => pick!(imm lhs, imm; BrIfI32GtSImm, BrIfI32LeSImm),
        Op::I32GtUImm { lhs, imm, .. } => pick!(imm lhs, imm; BrIfI32GtUImm, BrIfI32LeUImm),
        Op::I32LeSImm { lhs, imm, .. } => pick!(imm lhs, imm; BrIfI32LeSImm, BrIfI32GtSImm),
        Op::I32LeUImm { lhs, imm, .. } => pick!(imm lhs, imm; BrIfI32LeUImm, BrIfI32GtUImm),
        Op::I32GeSImm { lhs, imm, .. } => pick!(imm lhs, imm; BrIfI32GeSImm, BrIfI32LtSImm),
        Op::I32GeUImm { lhs, imm, .. } => pick!(imm lhs, imm; BrIfI32GeUImm, BrIfI32LtUImm),
        Op::I64Eq { lhs, rhs, .. } => pick!(lhs, rhs; BrIfI64Eq, BrIfI64Ne),
        Op::I64Ne { lhs, rhs, .. } => pick!(lhs, rhs; BrIfI64Ne, BrIfI64Eq),
        Op::I64LtS { lhs, rhs, .. } => pick!(lhs, rhs; BrIfI64LtS, BrIfI64GeS),
        Op::I64LtU { lhs, rhs, .. } => pick!(lhs, rhs; BrIfI64LtU, BrIfI64GeU),
        Op::I64GtS { lhs, rhs, .. } => pick!(lhs, rhs; BrIfI64GtS, BrIfI64LeS),
        Op::I64GtU { lhs, rhs, .. } => pick!(lhs, rhs; BrIfI64GtU, BrIfI64LeU),
        Op::I64LeS { lhs, rhs, .. } => pick!(lhs, rhs; BrIfI64LeS, BrIfI64GtS),
        Op::I64LeU { lhs, rhs, .. } => pick!(lhs, rhs; BrIfI64LeU, BrIfI64GtU),
        Op::I64GeS { lhs, rhs, .. } => pick!(lhs, rhs; BrIfI64GeS, BrIfI64LtS),
        Op::I64GeU { lhs, rhs, .. } => pick!(lhs, rhs; BrIfI64GeU, BrIfI64LtU),
        Op::I64EqImm { lhs, imm, .. } => pick!(imm lhs, imm; BrIfI64EqImm, BrIfI64NeImm),
        Op::I64NeImm { lhs, imm, .. } => pick!(imm lhs, imm; BrIfI64NeImm, BrIfI64EqImm),
        Op::I64LtSImm { lhs, imm, .. } => pick!(imm lhs, imm; BrIfI64LtSImm, BrIfI64GeSImm),
        Op::I64LtUImm { lhs, imm, .. } => pick!(imm lhs, imm; BrIfI64LtUImm, BrIfI64GeUImm),
        Op::I64GtSImm { lhs, imm, .. } => pick!(imm lhs, imm; BrIfI64GtSImm, BrIfI64LeSImm),
        Op::I64GtUImm { lhs, imm, .. } => pick!(imm lhs, imm; BrIfI64GtUImm, BrIfI64LeUImm),
        Op::I64LeSImm { lhs, imm, .. } => pick!(imm lhs, imm; BrIfI64LeSImm, BrIfI64GtSImm),
        Op::I64LeUImm { lhs, imm, .. } => pick!(imm lhs, imm; BrIfI64LeUImm, BrIfI64GtUImm),
        Op::I64GeSImm { lhs, imm, .. } => pick!(imm lhs, imm; BrIfI64GeSImm, BrIfI64LtSImm),
        Op::I64GeUImm { lhs, imm, .. } => pick!(imm lhs, imm; BrIfI64GeUImm, BrIfI64LtUImm),
        // A float comparison is false when either side is NaN, so its
        // negation is a separate "not" branch rather than the opposite test.
        Op::F32Eq { lhs, rhs, .. } => pick!(lhs, rhs; BrIfF32Eq, BrIfF32Ne),
        Op::F32Ne { lhs, rhs, .. } => pick!(lhs, rhs; BrIfF32Ne, BrIfF32Eq),
        Op::F32Lt { lhs, rhs, .. } => pick!(lhs, rhs; BrIfF32Lt, BrIfF32NotLt),
        Op::F32Gt { lhs, rhs, .. } => pick!(lhs, rhs; BrIfF32Gt, BrIfF32NotGt),
        Op::F32Le { lhs, rhs, .. } => pick!(lhs, rhs; BrIfF32Le, BrIfF32NotLe),
        Op::F32Ge { lhs, rhs, .. } => pick!(lhs, rhs; BrIfF32Ge, BrIfF32NotGe),
        Op::F64Eq { lhs, rhs, .. } => pick!(lhs, rhs; BrIfF64Eq, BrIfF64Ne),
        Op::F64Ne { lhs, rhs, .. } => pick!(lhs, rhs; BrIfF64Ne, BrIfF64Eq),
        Op::F64Lt { lhs, rhs, .. } => pick!(lhs, rhs; BrIfF64Lt, BrIfF64NotLt),
        Op::F64Gt { lhs, rhs, .. } => pick!(lhs, rhs; BrIfF64Gt, BrIfF64NotGt),
        Op::F64Le { lhs, rhs, .. } => pick!(lhs, rhs; BrIfF64Le, BrIfF64NotLe),
        Op::F64Ge { lhs, rhs, .. } => pick!(lhs, rhs; BrIfF64Ge, BrIfF64NotGe),
        _ => return None,
    })
}
