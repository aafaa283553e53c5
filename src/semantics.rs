//! The meaning of every numeric WebAssembly operator, written once.
//!
//! The interpreter executes these functions, the translator uses them to fold
//! constants, and native-code tests use them as the oracle. Each is a small,
//! pure function over Rust values; floats travel as `f32`/`f64` here and as raw
//! bits in value slots, so NaN payloads are never disturbed by a move.

use std::fmt;

/// Why a WebAssembly computation stopped abnormally.
///
/// The `Display` text of each code is the wording the WebAssembly
/// specification's test suite uses.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TrapCode {
    /// `unreachable` was executed.
    Unreachable,
    /// A load or store, or a bulk memory operation, left linear memory.
    MemoryOutOfBounds,
    /// A table access or bulk table operation left the table.
    TableOutOfBounds,
    /// `call_indirect` with an index past the end of the table.
    UndefinedElement,
    /// `call_indirect` through a null table entry.
    UninitializedElement,
    /// `call_indirect` through an entry whose signature differs.
    IndirectCallTypeMismatch,
    /// Integer division or remainder by zero.
    IntegerDivideByZero,
    /// Signed division overflow, or float-to-int conversion out of range.
    IntegerOverflow,
    /// Float-to-int conversion of a NaN.
    InvalidConversionToInteger,
    /// The call stack or the value stack is full.
    StackOverflow,
    /// The fuel given to the store ran out.
    OutOfFuel,
    /// The store's interrupt handle was triggered.
    Interrupted,
    /// A null reference was dereferenced.
    NullReference,
    /// A host function returned an error.
    Host,
    /// A function compiled on its first call (`Compilation::Lazy`) turned
    /// out to be invalid.
    InvalidFunction,
    /// A host function ended the program with an exit status (WASI's
    /// `proc_exit`); see [`Trap::exit_status`](crate::Trap::exit_status).
    Exit,
}

impl TrapCode {
    /// The message the specification's test suite expects for this trap.
    pub fn message(self) -> &'static str {
        match self {
            TrapCode::Unreachable => "unreachable",
            TrapCode::MemoryOutOfBounds => "out of bounds memory access",
            TrapCode::TableOutOfBounds => "out of bounds table access",
            TrapCode::UndefinedElement => "undefined element",
            TrapCode::UninitializedElement => "uninitialized element",
            TrapCode::IndirectCallTypeMismatch => "indirect call type mismatch",
            TrapCode::IntegerDivideByZero => "integer divide by zero",
            TrapCode::IntegerOverflow => "integer overflow",
            TrapCode::InvalidConversionToInteger => "invalid conversion to integer",
            TrapCode::StackOverflow => "call stack exhausted",
            TrapCode::OutOfFuel => "all fuel consumed",
            TrapCode::Interrupted => "interrupted",
            TrapCode::NullReference => "null reference",
            TrapCode::Host => "host function error",
            TrapCode::Exit => "program exited",
            TrapCode::InvalidFunction => "invalid function",
        }
    }
}

impl fmt::Display for TrapCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

pub type TrapResult<T> = Result<T, TrapCode>;

// ---------------------------------------------------------------- integers

macro_rules! int_ops {
    ($t:ty, $u:ty, $bits:expr,
     $add:ident, $sub:ident, $mul:ident, $div_s:ident, $div_u:ident, $rem_s:ident, $rem_u:ident,
     $and:ident, $or:ident, $xor:ident, $shl:ident, $shr_s:ident, $shr_u:ident, $rotl:ident, $rotr:ident,
     $clz:ident, $ctz:ident, $popcnt:ident) => {
        #[inline(always)]
        pub fn $add(a: $t, b: $t) -> $t {
            a.wrapping_add(b)
        }
        #[inline(always)]
        pub fn $sub(a: $t, b: $t) -> $t {
            a.wrapping_sub(b)
        }
        #[inline(always)]
        pub fn $mul(a: $t, b: $t) -> $t {
            a.wrapping_mul(b)
        }
        #[inline(always)]
        pub fn $div_s(a: $t, b: $t) -> TrapResult<$t> {
            if b == 0 {
                return Err(TrapCode::IntegerDivideByZero);
            }
            a.checked_div(b).ok_or(TrapCode::IntegerOverflow)
        }
        #[inline(always)]
        pub fn $div_u(a: $t, b: $t) -> TrapResult<$t> {
            if b == 0 {
                return Err(TrapCode::IntegerDivideByZero);
            }
            Ok(((a as $u) / (b as $u)) as $t)
        }
        #[inline(always)]
        pub fn $rem_s(a: $t, b: $t) -> TrapResult<$t> {
            if b == 0 {
                return Err(TrapCode::IntegerDivideByZero);
            }
            // MIN % -1 is 0 in WebAssembly; wrapping_rem gives exactly that.
            Ok(a.wrapping_rem(b))
        }
        #[inline(always)]
        pub fn $rem_u(a: $t, b: $t) -> TrapResult<$t> {
            if b == 0 {
                return Err(TrapCode::IntegerDivideByZero);
            }
            Ok(((a as $u) % (b as $u)) as $t)
        }
        #[inline(always)]
        pub fn $and(a: $t, b: $t) -> $t {
            a & b
        }
        #[inline(always)]
        pub fn $or(a: $t, b: $t) -> $t {
            a | b
        }
        #[inline(always)]
        pub fn $xor(a: $t, b: $t) -> $t {
            a ^ b
        }
        #[inline(always)]
        pub fn $shl(a: $t, b: $t) -> $t {
            a.wrapping_shl(b as u32)
        }
        #[inline(always)]
        pub fn $shr_s(a: $t, b: $t) -> $t {
            a.wrapping_shr(b as u32)
        }
        #[inline(always)]
        pub fn $shr_u(a: $t, b: $t) -> $t {
            (a as $u).wrapping_shr(b as u32) as $t
        }
        #[inline(always)]
        pub fn $rotl(a: $t, b: $t) -> $t {
            a.rotate_left((b as u32) % $bits)
        }
        #[inline(always)]
        pub fn $rotr(a: $t, b: $t) -> $t {
            a.rotate_right((b as u32) % $bits)
        }
        #[inline(always)]
        pub fn $clz(a: $t) -> $t {
            a.leading_zeros() as $t
        }
        #[inline(always)]
        pub fn $ctz(a: $t) -> $t {
            a.trailing_zeros() as $t
        }
        #[inline(always)]
        pub fn $popcnt(a: $t) -> $t {
            a.count_ones() as $t
        }
    };
}

int_ops!(
    i32, u32, 32, i32_add, i32_sub, i32_mul, i32_div_s, i32_div_u, i32_rem_s, i32_rem_u, i32_and, i32_or,
    i32_xor, i32_shl, i32_shr_s, i32_shr_u, i32_rotl, i32_rotr, i32_clz, i32_ctz, i32_popcnt
);
int_ops!(
    i64, u64, 64, i64_add, i64_sub, i64_mul, i64_div_s, i64_div_u, i64_rem_s, i64_rem_u, i64_and, i64_or,
    i64_xor, i64_shl, i64_shr_s, i64_shr_u, i64_rotl, i64_rotr, i64_clz, i64_ctz, i64_popcnt
);

macro_rules! int_cmps {
    ($t:ty, $u:ty, $eq:ident, $ne:ident, $lt_s:ident, $lt_u:ident, $gt_s:ident, $gt_u:ident,
     $le_s:ident, $le_u:ident, $ge_s:ident, $ge_u:ident, $eqz:ident) => {
        #[inline(always)]
        pub fn $eq(a: $t, b: $t) -> bool {
            a == b
        }
        #[inline(always)]
        pub fn $ne(a: $t, b: $t) -> bool {
            a != b
        }
        #[inline(always)]
        pub fn $lt_s(a: $t, b: $t) -> bool {
            a < b
        }
        #[inline(always)]
        pub fn $lt_u(a: $t, b: $t) -> bool {
            (a as $u) < (b as $u)
        }
        #[inline(always)]
        pub fn $gt_s(a: $t, b: $t) -> bool {
            a > b
        }
        #[inline(always)]
        pub fn $gt_u(a: $t, b: $t) -> bool {
            (a as $u) > (b as $u)
        }
        #[inline(always)]
        pub fn $le_s(a: $t, b: $t) -> bool {
            a <= b
        }
        #[inline(always)]
        pub fn $le_u(a: $t, b: $t) -> bool {
            (a as $u) <= (b as $u)
        }
        #[inline(always)]
        pub fn $ge_s(a: $t, b: $t) -> bool {
            a >= b
        }
        #[inline(always)]
        pub fn $ge_u(a: $t, b: $t) -> bool {
            (a as $u) >= (b as $u)
        }
        #[inline(always)]
        pub fn $eqz(a: $t) -> bool {
            a == 0
        }
    };
}

int_cmps!(
    i32, u32, i32_eq, i32_ne, i32_lt_s, i32_lt_u, i32_gt_s, i32_gt_u, i32_le_s, i32_le_u, i32_ge_s, i32_ge_u,
    i32_eqz
);
int_cmps!(
    i64, u64, i64_eq, i64_ne, i64_lt_s, i64_lt_u, i64_gt_s, i64_gt_u, i64_le_s, i64_le_u, i64_ge_s, i64_ge_u,
    i64_eqz
);

#[inline(always)]
pub fn i32_extend8_s(a: i32) -> i32 {
    a as i8 as i32
}
#[inline(always)]
pub fn i32_extend16_s(a: i32) -> i32 {
    a as i16 as i32
}
#[inline(always)]
pub fn i64_extend8_s(a: i64) -> i64 {
    a as i8 as i64
}
#[inline(always)]
pub fn i64_extend16_s(a: i64) -> i64 {
    a as i16 as i64
}
#[inline(always)]
pub fn i64_extend32_s(a: i64) -> i64 {
    a as i32 as i64
}
#[inline(always)]
pub fn i32_wrap_i64(a: i64) -> i32 {
    a as i32
}
#[inline(always)]
pub fn i64_extend_i32_s(a: i32) -> i64 {
    a as i64
}
#[inline(always)]
pub fn i64_extend_i32_u(a: i32) -> i64 {
    a as u32 as i64
}

// ------------------------------------------------------------------ floats

macro_rules! float_ops {
    ($f:ty, $bits:ty, $sign:expr,
     $add:ident, $sub:ident, $mul:ident, $div:ident, $min:ident, $max:ident, $copysign:ident,
     $abs:ident, $neg:ident, $sqrt:ident, $ceil:ident, $floor:ident, $trunc:ident, $nearest:ident,
     $eq:ident, $ne:ident, $lt:ident, $gt:ident, $le:ident, $ge:ident) => {
        #[inline(always)]
        pub fn $add(a: $f, b: $f) -> $f {
            a + b
        }
        #[inline(always)]
        pub fn $sub(a: $f, b: $f) -> $f {
            a - b
        }
        #[inline(always)]
        pub fn $mul(a: $f, b: $f) -> $f {
            a * b
        }
        #[inline(always)]
        pub fn $div(a: $f, b: $f) -> $f {
            a / b
        }
        /// Unlike Rust's `min`, a NaN operand makes the result NaN, and
        /// -0 is smaller than +0.
        #[inline(always)]
        pub fn $min(a: $f, b: $f) -> $f {
            if a.is_nan() || b.is_nan() {
                a + b
            } else if a == b {
                <$f>::from_bits(a.to_bits() | b.to_bits())
            } else if a < b {
                a
            } else {
                b
            }
        }
        /// NaN-propagating maximum; +0 is larger than -0.
        #[inline(always)]
        pub fn $max(a: $f, b: $f) -> $f {
            if a.is_nan() || b.is_nan() {
                a + b
            } else if a == b {
                <$f>::from_bits(a.to_bits() & b.to_bits())
            } else if a > b {
                a
            } else {
                b
            }
        }
        #[inline(always)]
        pub fn $copysign(a: $f, b: $f) -> $f {
            <$f>::from_bits((a.to_bits() & !$sign) | (b.to_bits() & $sign))
        }
        #[inline(always)]
        pub fn $abs(a: $f) -> $f {
            <$f>::from_bits(a.to_bits() & !$sign)
        }
        #[inline(always)]
        pub fn $neg(a: $f) -> $f {
            <$f>::from_bits(a.to_bits() ^ $sign)
        }
        #[inline(always)]
        pub fn $sqrt(a: $f) -> $f {
            a.sqrt()
        }
        // Rounding may pass a signaling NaN through unchanged; WebAssembly
        // wants an arithmetic (quiet) NaN, so quiet it.
        #[inline(always)]
        pub fn $ceil(a: $f) -> $f {
            quiet(a.ceil())
        }
        #[inline(always)]
        pub fn $floor(a: $f) -> $f {
            quiet(a.floor())
        }
        #[inline(always)]
        pub fn $trunc(a: $f) -> $f {
            quiet(a.trunc())
        }
        #[inline(always)]
        pub fn $nearest(a: $f) -> $f {
            quiet(a.round_ties_even())
        }
        #[inline(always)]
        pub fn $eq(a: $f, b: $f) -> bool {
            a == b
        }
        #[inline(always)]
        pub fn $ne(a: $f, b: $f) -> bool {
            a != b
        }
        #[inline(always)]
        pub fn $lt(a: $f, b: $f) -> bool {
            a < b
        }
        #[inline(always)]
        pub fn $gt(a: $f, b: $f) -> bool {
            a > b
        }
        #[inline(always)]
        pub fn $le(a: $f, b: $f) -> bool {
            a <= b
        }
        #[inline(always)]
        pub fn $ge(a: $f, b: $f) -> bool {
            a >= b
        }
    };
}

float_ops!(
    f32,
    u32,
    0x8000_0000u32,
    f32_add,
    f32_sub,
    f32_mul,
    f32_div,
    f32_min,
    f32_max,
    f32_copysign,
    f32_abs,
    f32_neg,
    f32_sqrt,
    f32_ceil,
    f32_floor,
    f32_trunc,
    f32_nearest,
    f32_eq,
    f32_ne,
    f32_lt,
    f32_gt,
    f32_le,
    f32_ge
);
float_ops!(
    f64,
    u64,
    0x8000_0000_0000_0000u64,
    f64_add,
    f64_sub,
    f64_mul,
    f64_div,
    f64_min,
    f64_max,
    f64_copysign,
    f64_abs,
    f64_neg,
    f64_sqrt,
    f64_ceil,
    f64_floor,
    f64_trunc,
    f64_nearest,
    f64_eq,
    f64_ne,
    f64_lt,
    f64_gt,
    f64_le,
    f64_ge
);

/// Sets the quiet bit of a NaN; other values pass unchanged.
trait Quiet {
    fn quieted(self) -> Self;
}
impl Quiet for f32 {
    #[inline(always)]
    fn quieted(self) -> f32 {
        if self.is_nan() { f32::from_bits(self.to_bits() | 0x0040_0000) } else { self }
    }
}
impl Quiet for f64 {
    #[inline(always)]
    fn quieted(self) -> f64 {
        if self.is_nan() { f64::from_bits(self.to_bits() | 0x0008_0000_0000_0000) } else { self }
    }
}
#[inline(always)]
fn quiet<F: Quiet>(v: F) -> F {
    v.quieted()
}

// ------------------------------------------------------------- conversions

/// Trapping float-to-int truncation. `lo` and `hi` are exclusive bounds on
/// the truncated value, both exactly representable in the source type.
macro_rules! trunc_op {
    ($name:ident, $f:ty, $t:ty, $lo:expr, $hi:expr) => {
        #[inline(always)]
        pub fn $name(a: $f) -> TrapResult<$t> {
            if a.is_nan() {
                return Err(TrapCode::InvalidConversionToInteger);
            }
            let t = a.trunc();
            if t > $lo && t < $hi { Ok(t as $t) } else { Err(TrapCode::IntegerOverflow) }
        }
    };
}

// 2^31, 2^32, 2^63 and 2^64 are exact in both float types; the lower bounds
// are one below the smallest valid integer (or the first value below it).
trunc_op!(i32_trunc_f32_s, f32, i32, -2147483904.0f32, 2147483648.0f32);
trunc_op!(i32_trunc_f32_u, f32, u32, -1.0f32, 4294967296.0f32);
trunc_op!(i32_trunc_f64_s, f64, i32, -2147483649.0f64, 2147483648.0f64);
trunc_op!(i32_trunc_f64_u, f64, u32, -1.0f64, 4294967296.0f64);
trunc_op!(i64_trunc_f32_s, f32, i64, -9223373136366403584.0f32, 9223372036854775808.0f32);
trunc_op!(i64_trunc_f32_u, f32, u64, -1.0f32, 18446744073709551616.0f32);
trunc_op!(i64_trunc_f64_s, f64, i64, -9223372036854777856.0f64, 9223372036854775808.0f64);
trunc_op!(i64_trunc_f64_u, f64, u64, -1.0f64, 18446744073709551616.0f64);

// Rust's `as` from float to int saturates and maps NaN to zero: exactly the
// non-trapping conversions.
#[inline(always)]
pub fn i32_trunc_sat_f32_s(a: f32) -> i32 {
    a as i32
}
#[inline(always)]
pub fn i32_trunc_sat_f32_u(a: f32) -> u32 {
    a as u32
}
#[inline(always)]
pub fn i32_trunc_sat_f64_s(a: f64) -> i32 {
    a as i32
}
#[inline(always)]
pub fn i32_trunc_sat_f64_u(a: f64) -> u32 {
    a as u32
}
#[inline(always)]
pub fn i64_trunc_sat_f32_s(a: f32) -> i64 {
    a as i64
}
#[inline(always)]
pub fn i64_trunc_sat_f32_u(a: f32) -> u64 {
    a as u64
}
#[inline(always)]
pub fn i64_trunc_sat_f64_s(a: f64) -> i64 {
    a as i64
}
#[inline(always)]
pub fn i64_trunc_sat_f64_u(a: f64) -> u64 {
    a as u64
}

// Int-to-float `as` rounds to nearest, ties to even, as WebAssembly requires.
#[inline(always)]
pub fn f32_convert_i32_s(a: i32) -> f32 {
    a as f32
}
#[inline(always)]
pub fn f32_convert_i32_u(a: i32) -> f32 {
    a as u32 as f32
}
#[inline(always)]
pub fn f32_convert_i64_s(a: i64) -> f32 {
    a as f32
}
#[inline(always)]
pub fn f32_convert_i64_u(a: i64) -> f32 {
    a as u64 as f32
}
#[inline(always)]
pub fn f64_convert_i32_s(a: i32) -> f64 {
    a as f64
}
#[inline(always)]
pub fn f64_convert_i32_u(a: i32) -> f64 {
    a as u32 as f64
}
#[inline(always)]
pub fn f64_convert_i64_s(a: i64) -> f64 {
    a as f64
}
#[inline(always)]
pub fn f64_convert_i64_u(a: i64) -> f64 {
    a as u64 as f64
}
#[inline(always)]
pub fn f32_demote_f64(a: f64) -> f32 {
    a as f32
}
#[inline(always)]
pub fn f64_promote_f32(a: f32) -> f64 {
    a as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn division_traps() {
        assert_eq!(i32_div_s(1, 0), Err(TrapCode::IntegerDivideByZero));
        assert_eq!(i32_div_s(i32::MIN, -1), Err(TrapCode::IntegerOverflow));
        assert_eq!(i32_rem_s(i32::MIN, -1), Ok(0));
        assert_eq!(i64_div_u(-1, 2), Ok(i64::MAX));
    }

    #[test]
    fn shifts_and_rotates_mask_the_count() {
        assert_eq!(i32_shl(1, 33), 2);
        assert_eq!(i64_shr_u(-1, 127), 1);
        assert_eq!(i32_rotl(0x8000_0001u32 as i32, 1), 3);
        assert_eq!(i32_rotr(1, -1), 2);
    }

    #[test]
    fn min_max_follow_wasm_rules() {
        assert!(f32_min(f32::NAN, 1.0).is_nan());
        assert_eq!(f32_min(0.0, -0.0).to_bits(), (-0.0f32).to_bits());
        assert_eq!(f64_max(-0.0, 0.0).to_bits(), 0.0f64.to_bits());
        assert_eq!(f64_max(1.0, 2.0), 2.0);
    }

    #[test]
    fn trunc_bounds_are_exact() {
        assert_eq!(i32_trunc_f32_s(-2147483648.0), Ok(i32::MIN));
        assert_eq!(i32_trunc_f32_s(2147483648.0), Err(TrapCode::IntegerOverflow));
        assert_eq!(i32_trunc_f64_s(-2147483648.9), Ok(i32::MIN));
        assert_eq!(i32_trunc_f64_s(-2147483649.0), Err(TrapCode::IntegerOverflow));
        assert_eq!(i32_trunc_f64_u(-0.9), Ok(0));
        assert_eq!(i64_trunc_f64_u(18446744073709549568.0), Ok(18446744073709549568));
        assert_eq!(i64_trunc_f32_s(f32::NAN), Err(TrapCode::InvalidConversionToInteger));
    }

    #[test]
    fn nearest_rounds_half_to_even() {
        assert_eq!(f32_nearest(2.5), 2.0);
        assert_eq!(f64_nearest(-3.5), -4.0);
        assert_eq!(f64_nearest(-0.5).to_bits(), (-0.0f64).to_bits());
    }
}
