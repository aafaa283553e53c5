//! Handlers of loads, stores and the memory and table instructions.
//!
//! Every access is bounds-checked against the memory length carried in a
//! register; `memory.grow` and bulk operations go through the store and
//! refresh the cached base and length.

use super::{
    AccReg, Forms, acc_reg, dispatch, forms, forms_lookup, generic_handler, handler, input, next, operands,
    output, trap, trapping,
};
use crate::interp::exec::{Frame, Handler, memory_of};
use crate::ir::{Op, Slot};
use crate::semantics::TrapCode;

/// The address of `size` bytes at `addr + offset` in memory `mem` of length
/// `len`, if the whole access is in bounds.
#[inline(always)]
pub(super) fn address(mem: *mut u8, len: u64, addr: u32, offset: u32, size: u64) -> Option<*mut u8> {
    let ea = addr as u64 + offset as u64;
    if ea + size <= len {
        // SAFETY: `ea + size` is within the accessible length of the memory,
        // so the address is inside its mapping.
        Some(unsafe { mem.add(ea as usize) })
    } else {
        None
    }
}

/// The little-endian `$t` at `$addr + $offset` in memory `$mem` of length
/// `$len`, or `None` when the access is out of bounds.
macro_rules! read_le {
    ($mem:expr, $len:expr, $addr:expr, $offset:expr, $t:ty) => {
        crate::interp::handlers::memory::address($mem, $len, $addr, $offset, size_of::<$t>() as u64)
            // SAFETY: `address` checked the whole access is in bounds.
            .map(|p| <$t>::from_le(unsafe { (p as *const $t).read_unaligned() }))
    };
}

pub(super) use read_le;

/// Loads `$t` from `($addr) + ($offset)` into `dst`, converted by `$conv`
/// and written with setter `$set`.
macro_rules! load_value {
    ($ip:ident, $fp:ident, $mem:ident, $len:ident, $cx:ident, $acc:ident,
     $dst:ident, $addr:expr, $offset:expr, $t:ty, $set:ident, $conv:expr) => {{
        let Some(v) = read_le!($mem, $len, $addr, $offset, $t) else {
            trap!($ip, $cx, TrapCode::MemoryOutOfBounds)
        };
        let fr = Frame($fp);
        let acc = output!(fr, $dst, $set, ($conv)(v), $acc);
        next!($ip, $fp, $mem, $len, $cx, acc)
    }};
}

macro_rules! store_value {
    ($ip:ident, $fp:ident, $mem:ident, $len:ident, $cx:ident, $acc:ident,
     $addr:expr, $offset:expr, $t:ty, $value:expr) => {{
        let Some(p) = address($mem, $len, $addr, $offset, size_of::<$t>() as u64) else {
            trap!($ip, $cx, TrapCode::MemoryOutOfBounds)
        };
        // SAFETY: `address` checked the whole access is in bounds.
        unsafe { (p as *mut $t).write_unaligned(($value as $t).to_le()) };
        next!($ip, $fp, $mem, $len, $cx, $acc)
    }};
}

/// Loads `{ dst, addr, offset }` and the fused `{ dst, base, imm }` and
/// `{ dst, base, index }` forms.
macro_rules! loads {
    (fn $lookup:ident; $($name:ident, $fused:ident, $idx:ident => $t:ty, $set:ident, $conv:expr;)*) => {
        $(
            generic_handler!($idx, forms!(dst $set; u32, u32), |ip, fp, mem, len, cx, acc| {
                operands!(ip, Op::$idx { dst, base, index });
                let fr = Frame(fp);
                let addr = input!(fr, base, 1, acc, u32).wrapping_add(input!(fr, index, 2, acc, u32));
                load_value!(ip, fp, mem, len, cx, acc, dst, addr, 0, $t, $set, $conv)
            });
            generic_handler!($name, forms!(dst $set; u32), |ip, fp, mem, len, cx, acc| {
                operands!(ip, Op::$name { dst, addr, offset });
                let fr = Frame(fp);
                load_value!(ip, fp, mem, len, cx, acc, dst, input!(fr, addr, 1, acc, u32), offset, $t, $set, $conv)
            });
            generic_handler!($fused, forms!(dst $set; u32), |ip, fp, mem, len, cx, acc| {
                operands!(ip, Op::$fused { dst, base, imm });
                let fr = Frame(fp);
                let addr = input!(fr, base, 1, acc, u32).wrapping_add(imm);
                load_value!(ip, fp, mem, len, cx, acc, dst, addr, 0, $t, $set, $conv)
            });
        )*
        forms_lookup!(fn $lookup; $($name, $fused, $idx),*);
    };
}

loads! {
    fn load_forms;
    Load32, Load32AddImm, Load32Idx => u32, set, |v: u32| v as u64;
    Load64, Load64AddImm, Load64Idx => u64, set, |v: u64| v;
    Load8S, Load8SAddImm, Load8SIdx => u8, set, |v: u8| v as i8 as i64 as u64;
    Load8U, Load8UAddImm, Load8UIdx => u8, set, |v: u8| v as u64;
    Load16S, Load16SAddImm, Load16SIdx => u16, set, |v: u16| v as i16 as i64 as u64;
    Load16U, Load16UAddImm, Load16UIdx => u16, set, |v: u16| v as u64;
    Load32S, Load32SAddImm, Load32SIdx => u32, set, |v: u32| v as i32 as i64 as u64;
    LoadF64, LoadF64AddImm, LoadF64Idx => u64, set_f64, f64::from_bits;
}

/// Stores with the value in a slot: address in a slot (plus static offset),
/// fused `base + imm` or fused `base + index`. The value is read with
/// accessor `$get` and stored as `$t` after `$conv`. The accumulator can
/// stand for the address (or base) and for the value, not for the value of
/// the index form (a third input).
macro_rules! stores {
    (fn $lookup:ident; $($name:ident, $fused:ident, $idx:ident => $t:ty, $get:ident, $conv:expr;)*) => {
        $(
            handler!($idx(ip, fp, mem, len, cx, acc) {
                operands!(ip, Op::$idx { base, index, value });
                let fr = Frame(fp);
                let addr = fr.u32(base).wrapping_add(fr.u32(index));
                store_value!(ip, fp, mem, len, cx, acc, addr, 0, $t, ($conv)(fr.$get(value)))
            });
            generic_handler!($name, forms!(nodst; u32, $get), |ip, fp, mem, len, cx, acc| {
                operands!(ip, Op::$name { addr, offset, value });
                let fr = Frame(fp);
                let v = ($conv)(input!(fr, value, 2, acc, $get));
                store_value!(ip, fp, mem, len, cx, acc, input!(fr, addr, 1, acc, u32), offset, $t, v)
            });
            generic_handler!($fused, forms!(nodst; u32, $get), |ip, fp, mem, len, cx, acc| {
                operands!(ip, Op::$fused { base, imm, value });
                let fr = Frame(fp);
                let v = ($conv)(input!(fr, value, 2, acc, $get));
                let addr = input!(fr, base, 1, acc, u32).wrapping_add(imm);
                store_value!(ip, fp, mem, len, cx, acc, addr, 0, $t, v)
            });
        )*
        forms_lookup!(fn $lookup; $($name, $fused),*);
    };
}

/// Stores of an immediate value (sign-extended to `$wide`), in the same
/// three addressing forms.
macro_rules! stores_imm {
    (fn $lookup:ident; $($imm:ident, $imm_fused:ident, $imm_idx:ident => $t:ty, $wide:ty;)*) => {
        $(
            generic_handler!($imm_idx, forms!(nodst; u32, u32), |ip, fp, mem, len, cx, acc| {
                operands!(ip, Op::$imm_idx { base, index, value });
                let fr = Frame(fp);
                let addr = input!(fr, base, 1, acc, u32).wrapping_add(input!(fr, index, 2, acc, u32));
                store_value!(ip, fp, mem, len, cx, acc, addr, 0, $t, value as $wide)
            });
            generic_handler!($imm, forms!(nodst; u32), |ip, fp, mem, len, cx, acc| {
                operands!(ip, Op::$imm { addr, offset, value });
                let fr = Frame(fp);
                store_value!(ip, fp, mem, len, cx, acc, input!(fr, addr, 1, acc, u32), offset, $t, value as $wide)
            });
            generic_handler!($imm_fused, forms!(nodst; u32), |ip, fp, mem, len, cx, acc| {
                operands!(ip, Op::$imm_fused { base, imm, value });
                let fr = Frame(fp);
                let addr = input!(fr, base, 1, acc, u32).wrapping_add(imm);
                store_value!(ip, fp, mem, len, cx, acc, addr, 0, $t, value as $wide)
            });
        )*
        forms_lookup!(fn $lookup; $($imm, $imm_fused, $imm_idx),*);
    };
}

stores! {
    fn store_forms;
    Store8, Store8AddImm, Store8Idx => u8, get, |v: u64| v as u8;
    Store16, Store16AddImm, Store16Idx => u16, get, |v: u64| v as u16;
    Store32, Store32AddImm, Store32Idx => u32, get, |v: u64| v as u32;
    Store64, Store64AddImm, Store64Idx => u64, get, |v: u64| v;
    StoreF64, StoreF64AddImm, StoreF64Idx => u64, f64, f64::to_bits;
}

stores_imm! {
    fn store_imm_forms;
    Store8Imm, Store8ImmAddImm, Store8ImmIdx => u8, i32;
    Store16Imm, Store16ImmAddImm, Store16ImmIdx => u16, i32;
    Store32Imm, Store32ImmAddImm, Store32ImmIdx => u32, i32;
    Store64Imm, Store64ImmAddImm, Store64ImmIdx => u64, i64;
}

handler!(MemorySize(ip, fp, mem, len, cx, acc) {
    operands!(ip, Op::MemorySize { dst });
    Frame(fp).set_i32(dst, (len / crate::interp::WASM_PAGE) as i32);
    next!(ip, fp, mem, len, cx, acc)
});

handler!(MemoryGrow(ip, fp, mem, len, cx, acc) {
    operands!(ip, Op::MemoryGrow { dst, delta });
    let fr = Frame(fp);
    let old = cx.store.memory_grow(cx.inst.get(), fr.u32(delta));
    fr.set_i32(dst, old);
    cx.mem_epoch = cx.store.memory_epoch;
    let (mem, len) = memory_of(cx.store, cx.inst.get());
    next!(ip, fp, mem, len, cx, acc)
});

/// The three consecutive operands of a bulk instruction.
#[inline(always)]
fn args3(fp: *mut u64, args: Slot) -> (u32, u64, u32) {
    let fr = Frame(fp);
    (fr.u32(args), fr.get(Slot(args.0 + 1)), fr.u32(Slot(args.0 + 2)))
}

handler!(MemoryFill(ip, fp, mem, len, cx, acc) {
    operands!(ip, Op::MemoryFill { args });
    let (dst, value, n) = args3(fp, args);
    trapping!(ip, cx, cx.store.memory_fill(cx.inst.get(), dst, value as u8, n));
    next!(ip, fp, mem, len, cx, acc)
});

handler!(MemoryCopy(ip, fp, mem, len, cx, acc) {
    operands!(ip, Op::MemoryCopy { args });
    let (dst, src, n) = args3(fp, args);
    trapping!(ip, cx, cx.store.memory_copy(cx.inst.get(), dst, src as u32, n));
    next!(ip, fp, mem, len, cx, acc)
});

handler!(MemoryInit(ip, fp, mem, len, cx, acc) {
    operands!(ip, Op::MemoryInit { data, args });
    let (dst, src, n) = args3(fp, args);
    trapping!(ip, cx, cx.store.memory_init(cx.inst.get(), data, dst, src as u32, n));
    next!(ip, fp, mem, len, cx, acc)
});

handler!(TableGet(ip, fp, mem, len, cx, acc) {
    operands!(ip, Op::TableGet { dst, table, index });
    let fr = Frame(fp);
    let v = trapping!(ip, cx, cx.store.table_get(cx.inst.get(), table, fr.u32(index)));
    fr.set(dst, v);
    next!(ip, fp, mem, len, cx, acc)
});

handler!(TableSet(ip, fp, mem, len, cx, acc) {
    operands!(ip, Op::TableSet { table, index, value });
    let fr = Frame(fp);
    trapping!(ip, cx, cx.store.table_set(cx.inst.get(), table, fr.u32(index), fr.get(value)));
    next!(ip, fp, mem, len, cx, acc)
});

handler!(TableSize(ip, fp, mem, len, cx, acc) {
    operands!(ip, Op::TableSize { dst, table });
    Frame(fp).set_i32(dst, cx.store.table_size(cx.inst.get(), table) as i32);
    next!(ip, fp, mem, len, cx, acc)
});

handler!(TableGrow(ip, fp, mem, len, cx, acc) {
    operands!(ip, Op::TableGrow { table, args });
    let fr = Frame(fp);
    let (init, delta) = (fr.get(args), fr.u32(Slot(args.0 + 1)));
    fr.set_i32(args, cx.store.table_grow(cx.inst.get(), table, init, delta));
    next!(ip, fp, mem, len, cx, acc)
});

handler!(TableFill(ip, fp, mem, len, cx, acc) {
    operands!(ip, Op::TableFill { table, args });
    let (dst, value, n) = args3(fp, args);
    trapping!(ip, cx, cx.store.table_fill(cx.inst.get(), table, dst, value, n));
    next!(ip, fp, mem, len, cx, acc)
});

handler!(TableCopy(ip, fp, mem, len, cx, acc) {
    operands!(ip, Op::TableCopy { dst_table, src_table, args });
    let (dst, src, n) = args3(fp, args);
    let inst = cx.inst.get();
    trapping!(ip, cx, cx.store.table_copy(inst, dst_table, src_table, dst, src as u32, n));
    next!(ip, fp, mem, len, cx, acc)
});

handler!(TableInit(ip, fp, mem, len, cx, acc) {
    operands!(ip, Op::TableInit { table, elem, args });
    let (dst, src, n) = args3(fp, args);
    trapping!(ip, cx, cx.store.table_init(cx.inst.get(), table, elem, dst, src as u32, n));
    next!(ip, fp, mem, len, cx, acc)
});
