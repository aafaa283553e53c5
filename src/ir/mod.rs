//! The register IR: the form every function takes after translation.
//!
//! A function's frame is a window of 64-bit slots on the store's value stack,
//! laid out as `[params | locals | constants | temporaries]`. Every operand of
//! an instruction is a [`Slot`] index relative to the frame base, or an
//! immediate. Calls place their arguments in consecutive slots at the top of
//! the caller's frame and the callee's frame starts there; the callee leaves
//! its results in its first slots, where the caller finds them.
//!
//! Values in slots are raw bits: an `i32` or `f32` occupies the low 32 bits
//! (the high bits are ignored by every reader), an `i64` or `f64` all 64, a
//! reference is its store index plus one (0 is null).
//!
//! # Naming
//!
//! An instruction's name is the Wasm operator it implements, followed by the
//! shape of its operands when there is more than one shape:
//!
//! | suffix    | operands                                  |
//! |-----------|-------------------------------------------|
//! | (none)    | `dst, lhs, rhs` all slots                 |
//! | `Imm`     | right operand is an immediate             |
//! | `ImmLhs`  | left operand is an immediate              |
//!
//! Branches are relative: `offset` counts instructions from the branch itself;
//! a branch with `offset <= 0` is a loop back-edge.
//! `BrIf*` instructions fuse a comparison with a conditional branch. Loads
//! and stores carry the static offset of the Wasm `memarg`.
//!
//! Some instructions take a second word (`SelectRhs`, `CallIndirectTable`) that
//! holds the operands which do not fit in one; those words are never executed.

mod dump;

pub use dump::{dump_function, dump_op};

use crate::semantics::TrapCode;
use std::sync::atomic::AtomicU32;

/// A frame slot index, relative to the frame base.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(transparent)]
pub struct Slot(pub u32);

/// A branch distance in instructions, relative to the branch instruction.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
#[repr(transparent)]
pub struct BrOffset(pub i32);

/// Mutable access to one operand field of an [`Op`], by kind.
pub enum FieldMut<'a> {
    Slot(&'a mut Slot),
    Offset(&'a mut BrOffset),
    U32(&'a mut u32),
    I32(&'a mut i32),
    I16(&'a mut i16),
    U64(&'a mut u64),
    Trap(&'a mut TrapCode),
}

/// Converts an operand field into a [`FieldMut`].
pub trait AsFieldMut {
    fn as_field_mut(&mut self) -> FieldMut<'_>;
}

macro_rules! impl_as_field {
    ($($t:ty => $v:ident),*) => {
        $(impl AsFieldMut for $t {
            fn as_field_mut(&mut self) -> FieldMut<'_> {
                FieldMut::$v(self)
            }
        })*
    };
}
impl_as_field!(Slot => Slot, BrOffset => Offset, u32 => U32, i32 => I32, i16 => I16, u64 => U64,
    TrapCode => Trap);

macro_rules! define_ops {
    ($(
        $(#[doc = $doc:literal])*
        $name:ident = $text:literal $({ $($field:ident : $fty:ty),* $(,)? })?;
    )*) => {
        /// One register-IR instruction. See the module documentation.
        ///
        /// `repr(u16)` fixes the layout: the tag is the first two bytes, which is
        /// how the interpreter picks an instruction's handler.
        #[derive(Copy, Clone, Debug, PartialEq)]
        #[repr(u16)]
        pub enum Op {
            $( $(#[doc = $doc])* $name $({ $($field: $fty),* })?, )*
        }

        impl Op {
            /// The number of distinct instructions.
            pub const COUNT: usize = [$(stringify!($name)),*].len();

            /// The instruction's name in IR dumps.
            pub fn mnemonic(&self) -> &'static str {
                match self {
                    $( Op::$name { .. } => $text, )*
                }
            }

            /// Calls `visit` with the name and a mutable view of every field.
            pub fn for_each_field(&mut self, visit: &mut dyn FnMut(&'static str, FieldMut<'_>)) {
                match self {
                    $( Op::$name $({ $($field),* })? => {
                        $($( visit(stringify!($field), $field.as_field_mut()); )*)?
                    } )*
                }
            }
        }
    };
}

/// Calls macro `$m` with the list of every instruction: the one place
/// instructions are defined (the enum and the interpreter's handler table
/// are both generated from it).
macro_rules! for_each_op {
    ($m:ident) => {
        $m! {
                // ------------------------------------------------------------ moves
                Copy = "copy" { dst: Slot, src: Slot };
                /// Copies `len` consecutive slots; the ranges may overlap.
                CopySpan = "copy.span" { dst: Slot, src: Slot, len: u32 };
                Const32 = "const32" { dst: Slot, value: u32 };
                Const64 = "const64" { dst: Slot, value: u64 };

                // ---------------------------------------------------------- control
                Trap = "trap" { code: TrapCode };
                Br = "br" { offset: BrOffset };
                BrIfNez = "br_if.nez" { cond: Slot, offset: BrOffset };
                BrIfEqz = "br_if.eqz" { cond: Slot, offset: BrOffset };
                BrIfI64Nez = "br_if.i64.nez" { cond: Slot, offset: BrOffset };
                BrIfI64Eqz = "br_if.i64.eqz" { cond: Slot, offset: BrOffset };
                /// `len` `Br` instructions follow; the last is the default target.
                BrTable = "br_table" { index: Slot, len: u32 };
                /// Marks a loop header, executed when the loop is entered from above;
    /// `loop_id` numbers the function's loops from 0.
                /// Backward branches target the instruction after it and do the same
                /// work themselves: count an iteration and spend budget.
                LoopHeader = "loop" { loop_id: u32 };
                Return = "return";
                ReturnSlot = "return.slot" { src: Slot };
                ReturnImm32 = "return.imm32" { value: u32 };
                ReturnImm64 = "return.imm64" { value: u64 };
                ReturnSpan = "return.span" { src: Slot, len: u32 };
                /// Calls a function defined in this module (index among defined functions).
                CallInternal = "call" { func: u32, base: Slot };
                /// Calls an imported function (index among imported functions).
                CallImported = "call.import" { func: u32, base: Slot };
                /// Calls through table 0; `sig` is the module's type index.
                CallIndirect = "call_indirect" { sig: u32, base: Slot, index: Slot };
                /// Calls through another table, named by the following `CallIndirectTable`.
                CallIndirectT = "call_indirect.t" { sig: u32, base: Slot, index: Slot };
                CallIndirectTable = "(table)" { table: u32 };

                // ------------------------------------------------------- parametric
                /// `dst = cond != 0 ? lhs : rhs`; `rhs` is in the following `SelectRhs`.
                Select = "select" { dst: Slot, cond: Slot, lhs: Slot };
                SelectRhs = "(rhs)" { rhs: Slot };

                // ---------------------------------------------------------- globals
                GlobalGet = "global.get" { dst: Slot, global: u32 };
                GlobalSet = "global.set" { global: u32, src: Slot };

                // ----------------------------------------------------------- memory
                /// Loads 32 bits, zero-extended (i32.load, f32.load, i64.load32_u).
                Load32 = "load32" { dst: Slot, addr: Slot, offset: u32 };
                Load64 = "load64" { dst: Slot, addr: Slot, offset: u32 };
                Load8S = "load8_s" { dst: Slot, addr: Slot, offset: u32 };
                Load8U = "load8_u" { dst: Slot, addr: Slot, offset: u32 };
                Load16S = "load16_s" { dst: Slot, addr: Slot, offset: u32 };
                Load16U = "load16_u" { dst: Slot, addr: Slot, offset: u32 };
                Load32S = "load32_s" { dst: Slot, addr: Slot, offset: u32 };
                /// Loads 64 bits as an `f64` (f64.load): `load64` that delivers its
                /// result in the interpreter's floating-point accumulator.
                LoadF64 = "f64.load" { dst: Slot, addr: Slot, offset: u32 };
                Store8 = "store8" { addr: Slot, offset: u32, value: Slot };
                Store16 = "store16" { addr: Slot, offset: u32, value: Slot };
                Store32 = "store32" { addr: Slot, offset: u32, value: Slot };
                Store64 = "store64" { addr: Slot, offset: u32, value: Slot };
                /// Stores an `f64` (f64.store): `store64` that can take its value from
                /// the interpreter's floating-point accumulator.
                StoreF64 = "f64.store" { addr: Slot, offset: u32, value: Slot };
                Store8Imm = "store8.imm" { addr: Slot, offset: u32, value: i32 };
                Store16Imm = "store16.imm" { addr: Slot, offset: u32, value: i32 };
                Store32Imm = "store32.imm" { addr: Slot, offset: u32, value: i32 };
                /// Stores the immediate sign-extended to 64 bits.
                Store64Imm = "store64.imm" { addr: Slot, offset: u32, value: i32 };
                // An `i32.add` of a constant fused into the access that uses its result
                // (with a zero static offset): the address is `base + imm`, wrapping at
                // 32 bits exactly as the separate add would.
                Load32AddImm = "load32.add_imm" { dst: Slot, base: Slot, imm: u32 };
                Load64AddImm = "load64.add_imm" { dst: Slot, base: Slot, imm: u32 };
                Load8SAddImm = "load8_s.add_imm" { dst: Slot, base: Slot, imm: u32 };
                Load8UAddImm = "load8_u.add_imm" { dst: Slot, base: Slot, imm: u32 };
                Load16SAddImm = "load16_s.add_imm" { dst: Slot, base: Slot, imm: u32 };
                Load16UAddImm = "load16_u.add_imm" { dst: Slot, base: Slot, imm: u32 };
                Load32SAddImm = "load32_s.add_imm" { dst: Slot, base: Slot, imm: u32 };
                LoadF64AddImm = "f64.load.add_imm" { dst: Slot, base: Slot, imm: u32 };
                Store8AddImm = "store8.add_imm" { base: Slot, imm: u32, value: Slot };
                Store16AddImm = "store16.add_imm" { base: Slot, imm: u32, value: Slot };
                Store32AddImm = "store32.add_imm" { base: Slot, imm: u32, value: Slot };
                Store64AddImm = "store64.add_imm" { base: Slot, imm: u32, value: Slot };
                StoreF64AddImm = "f64.store.add_imm" { base: Slot, imm: u32, value: Slot };
                Store8ImmAddImm = "store8.imm.add_imm" { base: Slot, imm: u32, value: i32 };
                Store16ImmAddImm = "store16.imm.add_imm" { base: Slot, imm: u32, value: i32 };
                Store32ImmAddImm = "store32.imm.add_imm" { base: Slot, imm: u32, value: i32 };
                Store64ImmAddImm = "store64.imm.add_imm" { base: Slot, imm: u32, value: i32 };
                // The same with an `i32.add` of two slots: the address is
            // `base + index`, wrapping at 32 bits.
            Load32Idx = "load32.idx" { dst: Slot, base: Slot, index: Slot };
            Load64Idx = "load64.idx" { dst: Slot, base: Slot, index: Slot };
            Load8SIdx = "load8_s.idx" { dst: Slot, base: Slot, index: Slot };
            Load8UIdx = "load8_u.idx" { dst: Slot, base: Slot, index: Slot };
            Load16SIdx = "load16_s.idx" { dst: Slot, base: Slot, index: Slot };
            Load16UIdx = "load16_u.idx" { dst: Slot, base: Slot, index: Slot };
            Load32SIdx = "load32_s.idx" { dst: Slot, base: Slot, index: Slot };
            LoadF64Idx = "f64.load.idx" { dst: Slot, base: Slot, index: Slot };
            Store8Idx = "store8.idx" { base: Slot, index: Slot, value: Slot };
            Store16Idx = "store16.idx" { base: Slot, index: Slot, value: Slot };
            Store32Idx = "store32.idx" { base: Slot, index: Slot, value: Slot };
            Store64Idx = "store64.idx" { base: Slot, index: Slot, value: Slot };
            StoreF64Idx = "f64.store.idx" { base: Slot, index: Slot, value: Slot };
            Store8ImmIdx = "store8.imm.idx" { base: Slot, index: Slot, value: i32 };
            Store16ImmIdx = "store16.imm.idx" { base: Slot, index: Slot, value: i32 };
            Store32ImmIdx = "store32.imm.idx" { base: Slot, index: Slot, value: i32 };
            Store64ImmIdx = "store64.imm.idx" { base: Slot, index: Slot, value: i32 };
            MemorySize = "memory.size" { dst: Slot };
                MemoryGrow = "memory.grow" { dst: Slot, delta: Slot };
                /// `args`: destination, value, length.
                MemoryFill = "memory.fill" { args: Slot };
                /// `args`: destination, source, length.
                MemoryCopy = "memory.copy" { args: Slot };
                /// `args`: destination, source offset, length.
                MemoryInit = "memory.init" { data: u32, args: Slot };
                DataDrop = "data.drop" { data: u32 };

                // ----------------------------------------------------------- tables
                TableGet = "table.get" { dst: Slot, table: u32, index: Slot };
                TableSet = "table.set" { table: u32, index: Slot, value: Slot };
                TableSize = "table.size" { dst: Slot, table: u32 };
                /// `args`: init value, delta; the old size (or -1) replaces `args[0]`.
                TableGrow = "table.grow" { table: u32, args: Slot };
                /// `args`: index, value, length.
                TableFill = "table.fill" { table: u32, args: Slot };
                /// `args`: destination, source, length.
                TableCopy = "table.copy" { dst_table: u32, src_table: u32, args: Slot };
                /// `args`: destination, source offset, length.
                TableInit = "table.init" { table: u32, elem: u32, args: Slot };
                ElemDrop = "elem.drop" { elem: u32 };
                RefFunc = "ref.func" { dst: Slot, func: u32 };

                // -------------------------------------------------------------- i32
                I32Eqz = "i32.eqz" { dst: Slot, src: Slot };
                I32Clz = "i32.clz" { dst: Slot, src: Slot };
                I32Ctz = "i32.ctz" { dst: Slot, src: Slot };
                I32Popcnt = "i32.popcnt" { dst: Slot, src: Slot };
                I32Extend8S = "i32.extend8_s" { dst: Slot, src: Slot };
                I32Extend16S = "i32.extend16_s" { dst: Slot, src: Slot };
                I32Eq = "i32.eq" { dst: Slot, lhs: Slot, rhs: Slot };
                I32Ne = "i32.ne" { dst: Slot, lhs: Slot, rhs: Slot };
                I32LtS = "i32.lt_s" { dst: Slot, lhs: Slot, rhs: Slot };
                I32LtU = "i32.lt_u" { dst: Slot, lhs: Slot, rhs: Slot };
                I32GtS = "i32.gt_s" { dst: Slot, lhs: Slot, rhs: Slot };
                I32GtU = "i32.gt_u" { dst: Slot, lhs: Slot, rhs: Slot };
                I32LeS = "i32.le_s" { dst: Slot, lhs: Slot, rhs: Slot };
                I32LeU = "i32.le_u" { dst: Slot, lhs: Slot, rhs: Slot };
                I32GeS = "i32.ge_s" { dst: Slot, lhs: Slot, rhs: Slot };
                I32GeU = "i32.ge_u" { dst: Slot, lhs: Slot, rhs: Slot };
                I32EqImm = "i32.eq.imm" { dst: Slot, lhs: Slot, imm: i32 };
                I32NeImm = "i32.ne.imm" { dst: Slot, lhs: Slot, imm: i32 };
                I32LtSImm = "i32.lt_s.imm" { dst: Slot, lhs: Slot, imm: i32 };
                I32LtUImm = "i32.lt_u.imm" { dst: Slot, lhs: Slot, imm: i32 };
                I32GtSImm = "i32.gt_s.imm" { dst: Slot, lhs: Slot, imm: i32 };
                I32GtUImm = "i32.gt_u.imm" { dst: Slot, lhs: Slot, imm: i32 };
                I32LeSImm = "i32.le_s.imm" { dst: Slot, lhs: Slot, imm: i32 };
                I32LeUImm = "i32.le_u.imm" { dst: Slot, lhs: Slot, imm: i32 };
                I32GeSImm = "i32.ge_s.imm" { dst: Slot, lhs: Slot, imm: i32 };
                I32GeUImm = "i32.ge_u.imm" { dst: Slot, lhs: Slot, imm: i32 };
                I32Add = "i32.add" { dst: Slot, lhs: Slot, rhs: Slot };
                I32Sub = "i32.sub" { dst: Slot, lhs: Slot, rhs: Slot };
                I32Mul = "i32.mul" { dst: Slot, lhs: Slot, rhs: Slot };
                I32DivS = "i32.div_s" { dst: Slot, lhs: Slot, rhs: Slot };
                I32DivU = "i32.div_u" { dst: Slot, lhs: Slot, rhs: Slot };
                I32RemS = "i32.rem_s" { dst: Slot, lhs: Slot, rhs: Slot };
                I32RemU = "i32.rem_u" { dst: Slot, lhs: Slot, rhs: Slot };
                I32And = "i32.and" { dst: Slot, lhs: Slot, rhs: Slot };
                I32Or = "i32.or" { dst: Slot, lhs: Slot, rhs: Slot };
                I32Xor = "i32.xor" { dst: Slot, lhs: Slot, rhs: Slot };
                I32Shl = "i32.shl" { dst: Slot, lhs: Slot, rhs: Slot };
                I32ShrS = "i32.shr_s" { dst: Slot, lhs: Slot, rhs: Slot };
                I32ShrU = "i32.shr_u" { dst: Slot, lhs: Slot, rhs: Slot };
                I32Rotl = "i32.rotl" { dst: Slot, lhs: Slot, rhs: Slot };
                I32Rotr = "i32.rotr" { dst: Slot, lhs: Slot, rhs: Slot };
                I32AddImm = "i32.add.imm" { dst: Slot, lhs: Slot, imm: i32 };
                I32MulImm = "i32.mul.imm" { dst: Slot, lhs: Slot, imm: i32 };
                I32DivSImm = "i32.div_s.imm" { dst: Slot, lhs: Slot, imm: i32 };
                I32DivUImm = "i32.div_u.imm" { dst: Slot, lhs: Slot, imm: i32 };
                I32RemSImm = "i32.rem_s.imm" { dst: Slot, lhs: Slot, imm: i32 };
                I32RemUImm = "i32.rem_u.imm" { dst: Slot, lhs: Slot, imm: i32 };
                I32AndImm = "i32.and.imm" { dst: Slot, lhs: Slot, imm: i32 };
                I32OrImm = "i32.or.imm" { dst: Slot, lhs: Slot, imm: i32 };
                I32XorImm = "i32.xor.imm" { dst: Slot, lhs: Slot, imm: i32 };
                I32ShlImm = "i32.shl.imm" { dst: Slot, lhs: Slot, imm: i32 };
                I32ShrSImm = "i32.shr_s.imm" { dst: Slot, lhs: Slot, imm: i32 };
                I32ShrUImm = "i32.shr_u.imm" { dst: Slot, lhs: Slot, imm: i32 };
                I32RotlImm = "i32.rotl.imm" { dst: Slot, lhs: Slot, imm: i32 };
                I32RotrImm = "i32.rotr.imm" { dst: Slot, lhs: Slot, imm: i32 };
                I32SubImmLhs = "i32.sub.imm_lhs" { dst: Slot, imm: i32, rhs: Slot };
                I32DivSImmLhs = "i32.div_s.imm_lhs" { dst: Slot, imm: i32, rhs: Slot };
                I32DivUImmLhs = "i32.div_u.imm_lhs" { dst: Slot, imm: i32, rhs: Slot };
                I32RemSImmLhs = "i32.rem_s.imm_lhs" { dst: Slot, imm: i32, rhs: Slot };
                I32RemUImmLhs = "i32.rem_u.imm_lhs" { dst: Slot, imm: i32, rhs: Slot };
                I32ShlImmLhs = "i32.shl.imm_lhs" { dst: Slot, imm: i32, rhs: Slot };
                I32ShrSImmLhs = "i32.shr_s.imm_lhs" { dst: Slot, imm: i32, rhs: Slot };
                I32ShrUImmLhs = "i32.shr_u.imm_lhs" { dst: Slot, imm: i32, rhs: Slot };
                I32RotlImmLhs = "i32.rotl.imm_lhs" { dst: Slot, imm: i32, rhs: Slot };
                I32RotrImmLhs = "i32.rotr.imm_lhs" { dst: Slot, imm: i32, rhs: Slot };

                // -------------------------------------------------------------- i64
                I64Eqz = "i64.eqz" { dst: Slot, src: Slot };
                I64Clz = "i64.clz" { dst: Slot, src: Slot };
                I64Ctz = "i64.ctz" { dst: Slot, src: Slot };
                I64Popcnt = "i64.popcnt" { dst: Slot, src: Slot };
                I64Extend8S = "i64.extend8_s" { dst: Slot, src: Slot };
                I64Extend16S = "i64.extend16_s" { dst: Slot, src: Slot };
                I64Extend32S = "i64.extend32_s" { dst: Slot, src: Slot };
                I64ExtendI32U = "i64.extend_i32_u" { dst: Slot, src: Slot };
                I64Eq = "i64.eq" { dst: Slot, lhs: Slot, rhs: Slot };
                I64Ne = "i64.ne" { dst: Slot, lhs: Slot, rhs: Slot };
                I64LtS = "i64.lt_s" { dst: Slot, lhs: Slot, rhs: Slot };
                I64LtU = "i64.lt_u" { dst: Slot, lhs: Slot, rhs: Slot };
                I64GtS = "i64.gt_s" { dst: Slot, lhs: Slot, rhs: Slot };
                I64GtU = "i64.gt_u" { dst: Slot, lhs: Slot, rhs: Slot };
                I64LeS = "i64.le_s" { dst: Slot, lhs: Slot, rhs: Slot };
                I64LeU = "i64.le_u" { dst: Slot, lhs: Slot, rhs: Slot };
                I64GeS = "i64.ge_s" { dst: Slot, lhs: Slot, rhs: Slot };
                I64GeU = "i64.ge_u" { dst: Slot, lhs: Slot, rhs: Slot };
                I64EqImm = "i64.eq.imm" { dst: Slot, lhs: Slot, imm: i32 };
                I64NeImm = "i64.ne.imm" { dst: Slot, lhs: Slot, imm: i32 };
                I64LtSImm = "i64.lt_s.imm" { dst: Slot, lhs: Slot, imm: i32 };
                I64LtUImm = "i64.lt_u.imm" { dst: Slot, lhs: Slot, imm: i32 };
                I64GtSImm = "i64.gt_s.imm" { dst: Slot, lhs: Slot, imm: i32 };
                I64GtUImm = "i64.gt_u.imm" { dst: Slot, lhs: Slot, imm: i32 };
                I64LeSImm = "i64.le_s.imm" { dst: Slot, lhs: Slot, imm: i32 };
                I64LeUImm = "i64.le_u.imm" { dst: Slot, lhs: Slot, imm: i32 };
                I64GeSImm = "i64.ge_s.imm" { dst: Slot, lhs: Slot, imm: i32 };
                I64GeUImm = "i64.ge_u.imm" { dst: Slot, lhs: Slot, imm: i32 };
                I64Add = "i64.add" { dst: Slot, lhs: Slot, rhs: Slot };
                I64Sub = "i64.sub" { dst: Slot, lhs: Slot, rhs: Slot };
                I64Mul = "i64.mul" { dst: Slot, lhs: Slot, rhs: Slot };
                I64DivS = "i64.div_s" { dst: Slot, lhs: Slot, rhs: Slot };
                I64DivU = "i64.div_u" { dst: Slot, lhs: Slot, rhs: Slot };
                I64RemS = "i64.rem_s" { dst: Slot, lhs: Slot, rhs: Slot };
                I64RemU = "i64.rem_u" { dst: Slot, lhs: Slot, rhs: Slot };
                I64And = "i64.and" { dst: Slot, lhs: Slot, rhs: Slot };
                I64Or = "i64.or" { dst: Slot, lhs: Slot, rhs: Slot };
                I64Xor = "i64.xor" { dst: Slot, lhs: Slot, rhs: Slot };
                I64Shl = "i64.shl" { dst: Slot, lhs: Slot, rhs: Slot };
                I64ShrS = "i64.shr_s" { dst: Slot, lhs: Slot, rhs: Slot };
                I64ShrU = "i64.shr_u" { dst: Slot, lhs: Slot, rhs: Slot };
                I64Rotl = "i64.rotl" { dst: Slot, lhs: Slot, rhs: Slot };
                I64Rotr = "i64.rotr" { dst: Slot, lhs: Slot, rhs: Slot };
                I64AddImm = "i64.add.imm" { dst: Slot, lhs: Slot, imm: i32 };
                I64MulImm = "i64.mul.imm" { dst: Slot, lhs: Slot, imm: i32 };
                I64DivSImm = "i64.div_s.imm" { dst: Slot, lhs: Slot, imm: i32 };
                I64DivUImm = "i64.div_u.imm" { dst: Slot, lhs: Slot, imm: i32 };
                I64RemSImm = "i64.rem_s.imm" { dst: Slot, lhs: Slot, imm: i32 };
                I64RemUImm = "i64.rem_u.imm" { dst: Slot, lhs: Slot, imm: i32 };
                I64AndImm = "i64.and.imm" { dst: Slot, lhs: Slot, imm: i32 };
                I64OrImm = "i64.or.imm" { dst: Slot, lhs: Slot, imm: i32 };
                I64XorImm = "i64.xor.imm" { dst: Slot, lhs: Slot, imm: i32 };
                I64ShlImm = "i64.shl.imm" { dst: Slot, lhs: Slot, imm: i32 };
                I64ShrSImm = "i64.shr_s.imm" { dst: Slot, lhs: Slot, imm: i32 };
                I64ShrUImm = "i64.shr_u.imm" { dst: Slot, lhs: Slot, imm: i32 };
                I64RotlImm = "i64.rotl.imm" { dst: Slot, lhs: Slot, imm: i32 };
                I64RotrImm = "i64.rotr.imm" { dst: Slot, lhs: Slot, imm: i32 };
                I64SubImmLhs = "i64.sub.imm_lhs" { dst: Slot, imm: i32, rhs: Slot };
                I64DivSImmLhs = "i64.div_s.imm_lhs" { dst: Slot, imm: i32, rhs: Slot };
                I64DivUImmLhs = "i64.div_u.imm_lhs" { dst: Slot, imm: i32, rhs: Slot };
                I64RemSImmLhs = "i64.rem_s.imm_lhs" { dst: Slot, imm: i32, rhs: Slot };
                I64RemUImmLhs = "i64.rem_u.imm_lhs" { dst: Slot, imm: i32, rhs: Slot };
                I64ShlImmLhs = "i64.shl.imm_lhs" { dst: Slot, imm: i32, rhs: Slot };
                I64ShrSImmLhs = "i64.shr_s.imm_lhs" { dst: Slot, imm: i32, rhs: Slot };
                I64ShrUImmLhs = "i64.shr_u.imm_lhs" { dst: Slot, imm: i32, rhs: Slot };
                I64RotlImmLhs = "i64.rotl.imm_lhs" { dst: Slot, imm: i32, rhs: Slot };
                I64RotrImmLhs = "i64.rotr.imm_lhs" { dst: Slot, imm: i32, rhs: Slot };

                // -------------------------------------------------------------- f32
                F32Abs = "f32.abs" { dst: Slot, src: Slot };
                F32Neg = "f32.neg" { dst: Slot, src: Slot };
                F32Ceil = "f32.ceil" { dst: Slot, src: Slot };
                F32Floor = "f32.floor" { dst: Slot, src: Slot };
                F32Trunc = "f32.trunc" { dst: Slot, src: Slot };
                F32Nearest = "f32.nearest" { dst: Slot, src: Slot };
                F32Sqrt = "f32.sqrt" { dst: Slot, src: Slot };
                F32Add = "f32.add" { dst: Slot, lhs: Slot, rhs: Slot };
                F32Sub = "f32.sub" { dst: Slot, lhs: Slot, rhs: Slot };
                F32Mul = "f32.mul" { dst: Slot, lhs: Slot, rhs: Slot };
                F32Div = "f32.div" { dst: Slot, lhs: Slot, rhs: Slot };
                F32Min = "f32.min" { dst: Slot, lhs: Slot, rhs: Slot };
                F32Max = "f32.max" { dst: Slot, lhs: Slot, rhs: Slot };
                F32Copysign = "f32.copysign" { dst: Slot, lhs: Slot, rhs: Slot };
                F32Eq = "f32.eq" { dst: Slot, lhs: Slot, rhs: Slot };
                F32Ne = "f32.ne" { dst: Slot, lhs: Slot, rhs: Slot };
                F32Lt = "f32.lt" { dst: Slot, lhs: Slot, rhs: Slot };
                F32Gt = "f32.gt" { dst: Slot, lhs: Slot, rhs: Slot };
                F32Le = "f32.le" { dst: Slot, lhs: Slot, rhs: Slot };
                F32Ge = "f32.ge" { dst: Slot, lhs: Slot, rhs: Slot };

                // -------------------------------------------------------------- f64
                F64Abs = "f64.abs" { dst: Slot, src: Slot };
                F64Neg = "f64.neg" { dst: Slot, src: Slot };
                F64Ceil = "f64.ceil" { dst: Slot, src: Slot };
                F64Floor = "f64.floor" { dst: Slot, src: Slot };
                F64Trunc = "f64.trunc" { dst: Slot, src: Slot };
                F64Nearest = "f64.nearest" { dst: Slot, src: Slot };
                F64Sqrt = "f64.sqrt" { dst: Slot, src: Slot };
                F64Add = "f64.add" { dst: Slot, lhs: Slot, rhs: Slot };
                F64Sub = "f64.sub" { dst: Slot, lhs: Slot, rhs: Slot };
                F64Mul = "f64.mul" { dst: Slot, lhs: Slot, rhs: Slot };
                F64Div = "f64.div" { dst: Slot, lhs: Slot, rhs: Slot };
                F64Min = "f64.min" { dst: Slot, lhs: Slot, rhs: Slot };
                F64Max = "f64.max" { dst: Slot, lhs: Slot, rhs: Slot };
                F64Copysign = "f64.copysign" { dst: Slot, lhs: Slot, rhs: Slot };
                F64Eq = "f64.eq" { dst: Slot, lhs: Slot, rhs: Slot };
                F64Ne = "f64.ne" { dst: Slot, lhs: Slot, rhs: Slot };
                F64Lt = "f64.lt" { dst: Slot, lhs: Slot, rhs: Slot };
                F64Gt = "f64.gt" { dst: Slot, lhs: Slot, rhs: Slot };
                F64Le = "f64.le" { dst: Slot, lhs: Slot, rhs: Slot };
                F64Ge = "f64.ge" { dst: Slot, lhs: Slot, rhs: Slot };

                // ------------------------------------------------------ conversions
                I32TruncF32S = "i32.trunc_f32_s" { dst: Slot, src: Slot };
                I32TruncF32U = "i32.trunc_f32_u" { dst: Slot, src: Slot };
                I32TruncF64S = "i32.trunc_f64_s" { dst: Slot, src: Slot };
                I32TruncF64U = "i32.trunc_f64_u" { dst: Slot, src: Slot };
                I64TruncF32S = "i64.trunc_f32_s" { dst: Slot, src: Slot };
                I64TruncF32U = "i64.trunc_f32_u" { dst: Slot, src: Slot };
                I64TruncF64S = "i64.trunc_f64_s" { dst: Slot, src: Slot };
                I64TruncF64U = "i64.trunc_f64_u" { dst: Slot, src: Slot };
                I32TruncSatF32S = "i32.trunc_sat_f32_s" { dst: Slot, src: Slot };
                I32TruncSatF32U = "i32.trunc_sat_f32_u" { dst: Slot, src: Slot };
                I32TruncSatF64S = "i32.trunc_sat_f64_s" { dst: Slot, src: Slot };
                I32TruncSatF64U = "i32.trunc_sat_f64_u" { dst: Slot, src: Slot };
                I64TruncSatF32S = "i64.trunc_sat_f32_s" { dst: Slot, src: Slot };
                I64TruncSatF32U = "i64.trunc_sat_f32_u" { dst: Slot, src: Slot };
                I64TruncSatF64S = "i64.trunc_sat_f64_s" { dst: Slot, src: Slot };
                I64TruncSatF64U = "i64.trunc_sat_f64_u" { dst: Slot, src: Slot };
                F32ConvertI32S = "f32.convert_i32_s" { dst: Slot, src: Slot };
                F32ConvertI32U = "f32.convert_i32_u" { dst: Slot, src: Slot };
                F32ConvertI64S = "f32.convert_i64_s" { dst: Slot, src: Slot };
                F32ConvertI64U = "f32.convert_i64_u" { dst: Slot, src: Slot };
                F64ConvertI32S = "f64.convert_i32_s" { dst: Slot, src: Slot };
                F64ConvertI32U = "f64.convert_i32_u" { dst: Slot, src: Slot };
                F64ConvertI64S = "f64.convert_i64_s" { dst: Slot, src: Slot };
                F64ConvertI64U = "f64.convert_i64_u" { dst: Slot, src: Slot };
                F32DemoteF64 = "f32.demote_f64" { dst: Slot, src: Slot };
                F64PromoteF32 = "f64.promote_f32" { dst: Slot, src: Slot };
                /// Sign-extends an i32 to i64 (the `i64.extend_i32_s` operator).
                I64ExtendI32S = "i64.extend_i32_s" { dst: Slot, src: Slot };

                // ------------------------------------- fused compare-and-branch, i32
                BrIfI32Eq = "br_if.i32.eq" { lhs: Slot, rhs: Slot, offset: BrOffset };
                BrIfI32Ne = "br_if.i32.ne" { lhs: Slot, rhs: Slot, offset: BrOffset };
                BrIfI32LtS = "br_if.i32.lt_s" { lhs: Slot, rhs: Slot, offset: BrOffset };
                BrIfI32LtU = "br_if.i32.lt_u" { lhs: Slot, rhs: Slot, offset: BrOffset };
                BrIfI32GtS = "br_if.i32.gt_s" { lhs: Slot, rhs: Slot, offset: BrOffset };
                BrIfI32GtU = "br_if.i32.gt_u" { lhs: Slot, rhs: Slot, offset: BrOffset };
                BrIfI32LeS = "br_if.i32.le_s" { lhs: Slot, rhs: Slot, offset: BrOffset };
                BrIfI32LeU = "br_if.i32.le_u" { lhs: Slot, rhs: Slot, offset: BrOffset };
                BrIfI32GeS = "br_if.i32.ge_s" { lhs: Slot, rhs: Slot, offset: BrOffset };
                BrIfI32GeU = "br_if.i32.ge_u" { lhs: Slot, rhs: Slot, offset: BrOffset };
                BrIfI32EqImm = "br_if.i32.eq.imm" { lhs: Slot, imm: i32, offset: BrOffset };
                BrIfI32NeImm = "br_if.i32.ne.imm" { lhs: Slot, imm: i32, offset: BrOffset };
                BrIfI32LtSImm = "br_if.i32.lt_s.imm" { lhs: Slot, imm: i32, offset: BrOffset };
                BrIfI32LtUImm = "br_if.i32.lt_u.imm" { lhs: Slot, imm: i32, offset: BrOffset };
                BrIfI32GtSImm = "br_if.i32.gt_s.imm" { lhs: Slot, imm: i32, offset: BrOffset };
                BrIfI32GtUImm = "br_if.i32.gt_u.imm" { lhs: Slot, imm: i32, offset: BrOffset };
                BrIfI32LeSImm = "br_if.i32.le_s.imm" { lhs: Slot, imm: i32, offset: BrOffset };
                BrIfI32LeUImm = "br_if.i32.le_u.imm" { lhs: Slot, imm: i32, offset: BrOffset };
                BrIfI32GeSImm = "br_if.i32.ge_s.imm" { lhs: Slot, imm: i32, offset: BrOffset };
                BrIfI32GeUImm = "br_if.i32.ge_u.imm" { lhs: Slot, imm: i32, offset: BrOffset };

                // ------------------------------------- fused compare-and-branch, i64
                BrIfI64Eq = "br_if.i64.eq" { lhs: Slot, rhs: Slot, offset: BrOffset };
                BrIfI64Ne = "br_if.i64.ne" { lhs: Slot, rhs: Slot, offset: BrOffset };
                BrIfI64LtS = "br_if.i64.lt_s" { lhs: Slot, rhs: Slot, offset: BrOffset };
                BrIfI64LtU = "br_if.i64.lt_u" { lhs: Slot, rhs: Slot, offset: BrOffset };
                BrIfI64GtS = "br_if.i64.gt_s" { lhs: Slot, rhs: Slot, offset: BrOffset };
                BrIfI64GtU = "br_if.i64.gt_u" { lhs: Slot, rhs: Slot, offset: BrOffset };
                BrIfI64LeS = "br_if.i64.le_s" { lhs: Slot, rhs: Slot, offset: BrOffset };
                BrIfI64LeU = "br_if.i64.le_u" { lhs: Slot, rhs: Slot, offset: BrOffset };
                BrIfI64GeS = "br_if.i64.ge_s" { lhs: Slot, rhs: Slot, offset: BrOffset };
                BrIfI64GeU = "br_if.i64.ge_u" { lhs: Slot, rhs: Slot, offset: BrOffset };
                BrIfI64EqImm = "br_if.i64.eq.imm" { lhs: Slot, imm: i32, offset: BrOffset };
                BrIfI64NeImm = "br_if.i64.ne.imm" { lhs: Slot, imm: i32, offset: BrOffset };
                BrIfI64LtSImm = "br_if.i64.lt_s.imm" { lhs: Slot, imm: i32, offset: BrOffset };
                BrIfI64LtUImm = "br_if.i64.lt_u.imm" { lhs: Slot, imm: i32, offset: BrOffset };
                BrIfI64GtSImm = "br_if.i64.gt_s.imm" { lhs: Slot, imm: i32, offset: BrOffset };
                BrIfI64GtUImm = "br_if.i64.gt_u.imm" { lhs: Slot, imm: i32, offset: BrOffset };
                BrIfI64LeSImm = "br_if.i64.le_s.imm" { lhs: Slot, imm: i32, offset: BrOffset };
                BrIfI64LeUImm = "br_if.i64.le_u.imm" { lhs: Slot, imm: i32, offset: BrOffset };
                BrIfI64GeSImm = "br_if.i64.ge_s.imm" { lhs: Slot, imm: i32, offset: BrOffset };
                BrIfI64GeUImm = "br_if.i64.ge_u.imm" { lhs: Slot, imm: i32, offset: BrOffset };

                // ------------- a counted loop's step and test: `slot += inc; branch if
        // slot <op> limit` (the add and the compare-and-branch fused)
        IncBrIfI32Ne = "inc.br_if.i32.ne" { inc: i16, slot: Slot, limit: Slot, offset: BrOffset };
        IncBrIfI32LtS = "inc.br_if.i32.lt_s" { inc: i16, slot: Slot, limit: Slot, offset: BrOffset };
        IncBrIfI32LtU = "inc.br_if.i32.lt_u" { inc: i16, slot: Slot, limit: Slot, offset: BrOffset };
        IncBrIfI32NeImm = "inc.br_if.i32.ne.imm" { inc: i16, slot: Slot, limit: i32, offset: BrOffset };
        IncBrIfI32LtSImm = "inc.br_if.i32.lt_s.imm" { inc: i16, slot: Slot, limit: i32, offset: BrOffset };
        IncBrIfI32LtUImm = "inc.br_if.i32.lt_u.imm" { inc: i16, slot: Slot, limit: i32, offset: BrOffset };

        // -------------------------- fused compare-and-branch, floats (and negations)
                BrIfF32Eq = "br_if.f32.eq" { lhs: Slot, rhs: Slot, offset: BrOffset };
                BrIfF32Ne = "br_if.f32.ne" { lhs: Slot, rhs: Slot, offset: BrOffset };
                BrIfF32Lt = "br_if.f32.lt" { lhs: Slot, rhs: Slot, offset: BrOffset };
                BrIfF32Gt = "br_if.f32.gt" { lhs: Slot, rhs: Slot, offset: BrOffset };
                BrIfF32Le = "br_if.f32.le" { lhs: Slot, rhs: Slot, offset: BrOffset };
                BrIfF32Ge = "br_if.f32.ge" { lhs: Slot, rhs: Slot, offset: BrOffset };
                BrIfF32NotLt = "br_if.f32.not_lt" { lhs: Slot, rhs: Slot, offset: BrOffset };
                BrIfF32NotGt = "br_if.f32.not_gt" { lhs: Slot, rhs: Slot, offset: BrOffset };
                BrIfF32NotLe = "br_if.f32.not_le" { lhs: Slot, rhs: Slot, offset: BrOffset };
                BrIfF32NotGe = "br_if.f32.not_ge" { lhs: Slot, rhs: Slot, offset: BrOffset };
                BrIfF64Eq = "br_if.f64.eq" { lhs: Slot, rhs: Slot, offset: BrOffset };
                BrIfF64Ne = "br_if.f64.ne" { lhs: Slot, rhs: Slot, offset: BrOffset };
                BrIfF64Lt = "br_if.f64.lt" { lhs: Slot, rhs: Slot, offset: BrOffset };
                BrIfF64Gt = "br_if.f64.gt" { lhs: Slot, rhs: Slot, offset: BrOffset };
                BrIfF64Le = "br_if.f64.le" { lhs: Slot, rhs: Slot, offset: BrOffset };
                BrIfF64Ge = "br_if.f64.ge" { lhs: Slot, rhs: Slot, offset: BrOffset };
                BrIfF64NotLt = "br_if.f64.not_lt" { lhs: Slot, rhs: Slot, offset: BrOffset };
                BrIfF64NotGt = "br_if.f64.not_gt" { lhs: Slot, rhs: Slot, offset: BrOffset };
                BrIfF64NotLe = "br_if.f64.not_le" { lhs: Slot, rhs: Slot, offset: BrOffset };
                BrIfF64NotGe = "br_if.f64.not_ge" { lhs: Slot, rhs: Slot, offset: BrOffset };
                    }
    };
}
pub(crate) use for_each_op;

for_each_op!(define_ops);

/// An instruction as the interpreter runs it: its handler's address first,
/// so that dispatching is a single indirect jump through the instruction.
/// The interpreter builds these from `FuncBody::code` (see
/// `FuncBody::prepared`); the IR itself knows nothing of handlers.
#[derive(Copy, Clone, Debug)]
#[repr(C)]
pub struct Prepared {
    pub handler: usize,
    pub op: Op,
}

const _: () = assert!(std::mem::size_of::<Prepared>() == 24);

/// The IR of one function: its instructions, frame layout and profile.
#[derive(Debug)]
pub struct FuncBody {
    pub code: Box<[Op]>,
    /// `code` prepared for the interpreter, built on first execution.
    pub prepared: std::sync::OnceLock<Box<[Prepared]>>,
    /// For each instruction, the module byte offset of the Wasm operator it
    /// came from (for trap traces).
    pub offsets: Box<[u32]>,
    /// What the slots after the parameters hold on entry: zero for each
    /// declared local, then the constant pool. One copy loop sets up a frame.
    pub frame_init: Box<[u64]>,
    /// The first `FRAME_INIT_HEAD` words of `frame_init`, padded with
    /// zeros: a call copies these with a few fixed moves (the frame always
    /// has room for them) and only a longer `frame_init` needs a loop.
    pub frame_init_head: [u64; FRAME_INIT_HEAD],
    /// The function's index among the module's defined functions.
    pub def: u32,
    pub num_params: u32,
    pub num_results: u32,
    /// Parameters plus declared locals: the first constant's slot.
    pub num_locals: u32,
    /// Slots the frame needs: locals, constants and temporaries.
    pub frame_size: u32,
    /// Module byte offset where the body starts.
    pub body_offset: u32,
    /// How many times the function was entered by a call (the tier-up
    /// profile). Relaxed atomics, bumped with a plain load and store: the
    /// code is shared by every instance of the module, and a lost update
    /// between threads only makes the profile a little lower.
    pub entry_count: AtomicU32,
    /// Iterations of each of the function's loops, by `LoopHeader::loop_id`.
    pub loop_counts: Box<[AtomicU32]>,
}

/// How many words of a frame's initial values a call sets up without a loop.
pub const FRAME_INIT_HEAD: usize = 8;

impl FuncBody {
    /// The constant pool: the values of the slots from `num_locals` on.
    pub fn consts(&self) -> &[u64] {
        &self.frame_init[(self.num_locals - self.num_params) as usize..]
    }
}

// Instruction size is a design decision: growing it must be deliberate.
const _: () = assert!(std::mem::size_of::<Op>() == 16);

impl Op {
    /// The result slot, if this instruction writes exactly one (`dst`).
    pub fn dst_mut(&mut self) -> Option<&mut Slot> {
        let mut found: Option<*mut Slot> = None;
        self.for_each_field(&mut |name, field| {
            if let ("dst", FieldMut::Slot(s)) = (name, field) {
                found = Some(s as *mut Slot);
            }
        });
        // SAFETY: the pointer was derived from `&mut self` inside the closure
        // and `self` stays exclusively borrowed for the returned lifetime.
        found.map(|p| unsafe { &mut *p })
    }

    /// The branch offset, if this is a branch.
    pub fn offset_mut(&mut self) -> Option<&mut BrOffset> {
        let mut found: Option<*mut BrOffset> = None;
        self.for_each_field(&mut |_, field| {
            if let FieldMut::Offset(o) = field {
                found = Some(o as *mut BrOffset);
            }
        });
        // SAFETY: as in `dst_mut`.
        found.map(|p| unsafe { &mut *p })
    }

    /// Applies `f` to every slot operand.
    pub fn map_slots(&mut self, f: &mut dyn FnMut(Slot) -> Slot) {
        self.for_each_field(&mut |_, field| {
            if let FieldMut::Slot(s) = field {
                *s = f(*s);
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn op_is_sixteen_bytes() {
        assert_eq!(std::mem::size_of::<Op>(), 16);
        assert!(std::mem::align_of::<Op>() <= 8);
    }

    #[test]
    fn field_walker_finds_dst_and_offset() {
        let mut op = Op::I32Add { dst: Slot(2), lhs: Slot(0), rhs: Slot(1) };
        *op.dst_mut().unwrap() = Slot(7);
        assert_eq!(op, Op::I32Add { dst: Slot(7), lhs: Slot(0), rhs: Slot(1) });
        let mut br = Op::BrIfI32LtS { lhs: Slot(0), rhs: Slot(1), offset: BrOffset(0) };
        assert!(br.dst_mut().is_none());
        *br.offset_mut().unwrap() = BrOffset(-3);
        assert_eq!(br.offset_mut().copied(), Some(BrOffset(-3)));
    }
}
