//! The dispatch loop: executes register-IR instructions.
//!
//! The hot state — instruction pointer, frame pointer, the current
//! instance's first memory (base and length) and the fuel/interrupt budget —
//! lives in locals. Calls between WebAssembly functions never recurse on the
//! native stack: they push a [`CallFrame`] and continue in the same loop.
//!
//! # Safety
//!
//! Slot accesses are unchecked. They rely on two invariants: the translator
//! only emits slot operands below the function's `frame_size`, and a frame is
//! only entered after checking that `fp + frame_size` lies inside the value
//! stack. Instruction pointers stay inside their function's code because the
//! translator only emits branches to instructions of the same function and
//! every path ends in a return or a trap.

use super::stack::CallFrame;
use crate::ir::{FuncBody, Op, Slot};
use crate::runtime::store::{FuncKind, InstanceEntity, StoreInner};
use crate::semantics::{self as s, TrapCode};
use crate::trap::{FrameInfo, Trap};
use std::sync::atomic::Ordering;

/// Budget units between checks of the interrupt flag (and fuel refills).
const SLICE: i64 = 10_000;

/// How execution stopped abnormally.
enum Fault {
    Code(TrapCode),
    Trap(Trap),
}

/// The current frame's slots.
#[derive(Copy, Clone)]
struct Frame(*mut u64);

impl Frame {
    #[inline(always)]
    fn get(self, s: Slot) -> u64 {
        // SAFETY: see the module documentation: every slot operand is below
        // the frame size, and the frame fits in the value stack.
        unsafe { *self.0.add(s.0 as usize) }
    }
    #[inline(always)]
    fn set(self, s: Slot, v: u64) {
        // SAFETY: as in `get`.
        unsafe { *self.0.add(s.0 as usize) = v }
    }
    #[inline(always)]
    fn i32(self, s: Slot) -> i32 {
        self.get(s) as i32
    }
    #[inline(always)]
    fn i64(self, s: Slot) -> i64 {
        self.get(s) as i64
    }
    #[inline(always)]
    fn f32(self, s: Slot) -> f32 {
        f32::from_bits(self.get(s) as u32)
    }
    #[inline(always)]
    fn f64(self, s: Slot) -> f64 {
        f64::from_bits(self.get(s))
    }
    #[inline(always)]
    fn set_i32(self, s: Slot, v: i32) {
        self.set(s, v as u32 as u64)
    }
    #[inline(always)]
    fn set_i64(self, s: Slot, v: i64) {
        self.set(s, v as u64)
    }
    #[inline(always)]
    fn set_f32(self, s: Slot, v: f32) {
        self.set(s, v.to_bits() as u64)
    }
    #[inline(always)]
    fn set_f64(self, s: Slot, v: f64) {
        self.set(s, v.to_bits())
    }
    #[inline(always)]
    fn set_bool(self, s: Slot, v: bool) {
        self.set(s, v as u64)
    }
    /// A pointer to slot `s` (for block copies).
    #[inline(always)]
    fn at(self, s: Slot) -> *mut u64 {
        self.0.wrapping_add(s.0 as usize)
    }
}

/// A pointer to an instance of the running store.
#[derive(Copy, Clone)]
struct Inst(*const InstanceEntity);

impl Inst {
    fn new(store: &StoreInner, index: u32) -> Inst {
        Inst(&*store.instances[index as usize])
    }

    #[inline(always)]
    fn get<'a>(self) -> &'a InstanceEntity {
        // SAFETY: instances are boxed, never freed before their store, and
        // never borrowed mutably (their mutable parts are `Cell`s), so the
        // pointee stays valid and shareable for the whole call.
        unsafe { &*self.0 }
    }
}

/// A pointer to the IR of a function of a live instance.
#[derive(Copy, Clone)]
struct Body(*const FuncBody);

impl Body {
    #[inline(always)]
    fn get<'a>(self) -> &'a FuncBody {
        // SAFETY: bodies belong to a module that an instance of the running
        // store keeps alive (see `Inst::get`), and are immutable.
        unsafe { &*self.0 }
    }
}

/// The current instance's memory 0.
#[derive(Copy, Clone)]
struct Mem {
    base: *mut u8,
    len: u64,
}

impl Mem {
    fn of(store: &StoreInner, inst: &InstanceEntity) -> Mem {
        match inst.memories.first() {
            Some(&m) => {
                let e = &store.memories[m as usize];
                Mem { base: e.mem.base(), len: e.mem.len() as u64 }
            }
            None => Mem { base: std::ptr::null_mut(), len: 0 },
        }
    }

    /// The address of `size` bytes at `addr + offset`, if in bounds.
    #[inline(always)]
    fn at(self, addr: u32, offset: u32, size: u64) -> Option<*mut u8> {
        let ea = addr as u64 + offset as u64;
        if ea + size <= self.len {
            // SAFETY: `ea + size` is within the accessible length of the
            // memory, so the address is inside its mapping.
            Some(unsafe { self.base.add(ea as usize) })
        } else {
            None
        }
    }
}

/// Zeroes a new frame's declared locals and fills its constant slots.
/// Functions usually have a handful of each, so plain loops beat calls to
/// `memset`/`memcpy`.
#[inline(always)]
fn init_frame(fp: *mut u64, body: &FuncBody) {
    let params = body.num_params as usize;
    let locals = body.num_locals as usize;
    // SAFETY: the frame was checked to hold `frame_size` slots, which
    // covers params, locals and constants.
    unsafe {
        for i in params..locals {
            *fp.add(i) = 0;
        }
        for (i, c) in body.consts.iter().enumerate() {
            *fp.add(locals + i) = *c;
        }
    }
}

/// Runs defined function `def` of instance `instance` with its frame at
/// slot `base` of the value stack (arguments already in place). Results are
/// left in the frame's first slots.
pub(super) fn run(store: &mut StoreInner, instance: u32, def: u32, base: usize) -> Result<(), Trap> {
    let max_depth = store.engine.config().max_call_depth as usize;
    let (stack_base, stack_len) = match store.exec.stack(store.engine.config().max_stack_slots) {
        Some(stack) => (stack.base(), stack.len()),
        None => return Err(Trap::new(TrapCode::StackOverflow)),
    };
    // SAFETY: one past the end of the value stack allocation.
    let stack_end = unsafe { stack_base.add(stack_len) };
    let entry_depth = store.exec.frames.len();

    let mut cur_instance = instance;
    let mut cur_def = def;
    let mut inst = Inst::new(store, instance);
    let mut body = Body(&inst.get().module.inner.bodies[def as usize]);
    // SAFETY: the caller checked that `base + frame_size` fits the stack.
    let mut fp = unsafe { stack_base.add(base) };
    init_frame(fp, body.get());
    let mut ip: *const Op = body.get().code.as_ptr();
    let mut mem = Mem::of(store, inst.get());
    let mut mem_epoch = store.memory_epoch;

    let mut slice_len: i64 = store.fuel.map_or(SLICE, |f| (f as i64).clamp(0, SLICE));
    let mut budget: i64 = slice_len;

    macro_rules! trap {
        ($code:ident) => {
            break Fault::Code(TrapCode::$code)
        };
    }

    // Spends one budget unit; refills it every slice, where fuel and the
    // interrupt flag are checked.
    macro_rules! spend {
        () => {
            budget -= 1;
            if budget < 0 {
                if let Err(code) = refill(store, &mut budget, &mut slice_len) {
                    break Fault::Code(code);
                }
            }
        };
    }

    // Records fuel spent so far in the store (before leaving the loop or
    // calling the host) and starts a new slice.
    macro_rules! sync_fuel {
        () => {
            if let Some(fuel) = store.fuel.as_mut() {
                *fuel = fuel.saturating_sub((slice_len - budget).max(0) as u64);
            }
        };
    }
    macro_rules! new_slice {
        () => {
            slice_len = store.fuel.map_or(SLICE, |f| (f as i64).min(SLICE));
            budget = slice_len;
        };
    }

    // Enters defined function `def` of instance `target` with its frame at
    // slot `base` of the current frame. Fuel is spent before anything
    // changes, so a trap here is reported at the call instruction.
    macro_rules! enter {
        ($target:expr, $target_id:expr, $def:expr, $base:expr) => {{
            let target: Inst = $target;
            let callee_def: u32 = $def;
            spend!();
            let Some(callee) = target.get().module.inner.bodies.get(callee_def as usize) else {
                trap!(Unreachable)
            };
            let new_fp = Frame(fp).at($base);
            if store.exec.frames.len() - entry_depth >= max_depth
                || (stack_end as usize - new_fp as usize) / 8 < callee.frame_size as usize
            {
                trap!(StackOverflow);
            }
            store.exec.frames.push(CallFrame {
                ret_ip: ip,
                fp,
                body: body.0,
                instance: cur_instance,
                def: cur_def,
            });
            fp = new_fp;
            body = Body(callee);
            cur_def = callee_def;
            if $target_id != cur_instance {
                cur_instance = $target_id;
                inst = target;
                mem = Mem::of(store, inst.get());
            }
            init_frame(fp, callee);
            ip = callee.code.as_ptr();
            if let Some(counter) = inst.get().entry_counts.get(callee_def as usize) {
                counter.set(counter.get().wrapping_add(1));
            }
        }};
    }

    // Calls store function `func` with arguments at slot `base`.
    macro_rules! call_func {
        ($func:expr, $base:expr) => {{
            let func: u32 = $func;
            let base: Slot = $base;
            let Some(entity) = store.funcs.get(func as usize) else { trap!(Unreachable) };
            match &entity.kind {
                FuncKind::Wasm { instance, def } => {
                    let (target_id, def) = (*instance, *def);
                    enter!(Inst::new(store, target_id), target_id, def, base)
                }
                FuncKind::Host(host) => {
                    let host = host.clone();
                    let np = host.ty.params().len();
                    let nr = host.ty.results().len();
                    let args = Frame(fp).at(base);
                    let mut small = [0u64; 8];
                    let mut big = Vec::new();
                    let buf: &mut [u64] = if np.max(nr) <= small.len() {
                        &mut small[..np.max(nr)]
                    } else {
                        big.resize(np.max(nr), 0);
                        &mut big
                    };
                    // SAFETY: the translator placed the `np` arguments at
                    // `base` and reserved slots there for the `nr` results.
                    unsafe { std::ptr::copy_nonoverlapping(args, buf.as_mut_ptr(), np) };
                    // Nested activations start above this frame.
                    let frame_end = fp as usize + body.get().frame_size as usize * 8;
                    store.exec.top = (frame_end - stack_base as usize) / 8;
                    sync_fuel!();
                    let result = (host.callback)(store, Some(cur_instance), buf);
                    new_slice!();
                    if let Err(t) = result {
                        break Fault::Trap(t);
                    }
                    // SAFETY: as above.
                    unsafe { std::ptr::copy_nonoverlapping(buf.as_ptr(), args, nr) };
                    // The host may have grown the memory.
                    mem_epoch = store.memory_epoch;
                    mem = Mem::of(store, inst.get());
                }
            }
        }};
    }

    macro_rules! do_return {
        () => {{
            if store.exec.frames.len() == entry_depth {
                sync_fuel!();
                return Ok(());
            }
            let Some(frame) = store.exec.frames.pop() else { trap!(Unreachable) };
            ip = frame.ret_ip;
            fp = frame.fp;
            body = Body(frame.body);
            cur_def = frame.def;
            if frame.instance != cur_instance {
                cur_instance = frame.instance;
                inst = Inst::new(store, cur_instance);
                mem = Mem::of(store, inst.get());
            } else if mem_epoch != store.memory_epoch {
                // The callee grew a memory.
                mem_epoch = store.memory_epoch;
                mem = Mem::of(store, inst.get());
            }
        }};
    }

    // Counts one iteration of the loop whose header precedes `ip`.
    macro_rules! count_iteration {
        ($loop_id:expr) => {
            if let Some(counter) = inst.get().loop_counts.get($loop_id as usize) {
                counter.set(counter.get().wrapping_add(1));
            }
        };
    }

    // A backward branch (offset <= 0) is a loop back-edge: it lands right
    // after the loop's header and does the header's work.
    macro_rules! branch {
        ($offset:expr) => {{
            let offset: i32 = $offset.0;
            // SAFETY: branch targets are instructions of the same function
            // (see the module documentation); `ip` is one past the branch.
            ip = unsafe { ip.offset(offset as isize - 1) };
            if offset <= 0 {
                // SAFETY: a backward branch targets the instruction after a
                // `LoopHeader`, so `ip - 1` is inside the function.
                if let Op::LoopHeader { loop_id } = unsafe { *ip.sub(1) } {
                    count_iteration!(loop_id);
                }
                spend!();
            }
        }};
    }

    // `addr` is the 32-bit address operand, `offset` the static offset.
    macro_rules! load {
        ($dst:ident, $addr:expr, $offset:expr, $t:ty, $conv:expr) => {{
            let Some(p) = mem.at($addr, $offset, size_of::<$t>() as u64) else { trap!(MemoryOutOfBounds) };
            // SAFETY: `Mem::at` checked the whole access is in bounds.
            let v = <$t>::from_le(unsafe { (p as *const $t).read_unaligned() });
            Frame(fp).set($dst, $conv(v));
        }};
    }
    macro_rules! store {
        ($addr:expr, $offset:expr, $t:ty, $value:expr) => {{
            let Some(p) = mem.at($addr, $offset, size_of::<$t>() as u64) else { trap!(MemoryOutOfBounds) };
            // SAFETY: `Mem::at` checked the whole access is in bounds.
            unsafe { (p as *mut $t).write_unaligned(($value as $t).to_le()) };
        }};
    }
    // The address of a fused `base + imm`, wrapping like `i32.add`.
    macro_rules! sum {
        ($base:ident, $imm:ident) => {
            (Frame(fp).i32($base) as u32).wrapping_add($imm)
        };
    }
    macro_rules! trapping {
        ($e:expr) => {
            match $e {
                Ok(v) => v,
                Err(code) => break Fault::Code(code),
            }
        };
    }

    let fault = loop {
        let fr = Frame(fp);
        // SAFETY: `ip` points at an instruction of the current function.
        let op = unsafe { *ip };
        // SAFETY: every instruction is followed by another or ends the path.
        ip = unsafe { ip.add(1) };
        match op {
            Op::Copy { dst, src } => fr.set(dst, fr.get(src)),
            // SAFETY: both spans lie inside the frame; `copy` allows overlap.
            Op::CopySpan { dst, src, len } => unsafe { std::ptr::copy(fr.at(src), fr.at(dst), len as usize) },
            Op::Const32 { dst, value } => fr.set(dst, value as u64),
            Op::Const64 { dst, value } => fr.set(dst, value),

            Op::Trap { code } => break Fault::Code(code),
            Op::Br { offset } => branch!(offset),
            Op::BrIfNez { cond, offset } => {
                if fr.i32(cond) != 0 {
                    branch!(offset)
                }
            }
            Op::BrIfEqz { cond, offset } => {
                if fr.i32(cond) == 0 {
                    branch!(offset)
                }
            }
            Op::BrIfI64Nez { cond, offset } => {
                if fr.get(cond) != 0 {
                    branch!(offset)
                }
            }
            Op::BrIfI64Eqz { cond, offset } => {
                if fr.get(cond) == 0 {
                    branch!(offset)
                }
            }
            Op::BrTable { index, len } => {
                let i = (fr.i32(index) as u32).min(len - 1);
                // SAFETY: `len` `Br` instructions follow the table.
                ip = unsafe { ip.add(i as usize) };
            }
            Op::LoopHeader { loop_id } => {
                count_iteration!(loop_id);
                spend!();
            }
            Op::Return => do_return!(),
            Op::ReturnSlot { src } => {
                fr.set(Slot(0), fr.get(src));
                do_return!()
            }
            Op::ReturnImm32 { value } => {
                fr.set(Slot(0), value as u64);
                do_return!()
            }
            Op::ReturnImm64 { value } => {
                fr.set(Slot(0), value);
                do_return!()
            }
            Op::ReturnSpan { src, len } => {
                // SAFETY: both spans lie inside the frame; `copy` allows overlap.
                unsafe { std::ptr::copy(fr.at(src), fr.at(Slot(0)), len as usize) };
                do_return!()
            }
            Op::CallInternal { func, base } => enter!(inst, cur_instance, func, base),
            Op::CallImported { func, base } => {
                let Some(&id) = inst.get().funcs.get(func as usize) else { trap!(Unreachable) };
                call_func!(id, base)
            }
            Op::CallIndirect { sig, base, index } => {
                let table = inst.get().tables.first().copied();
                let id = trapping!(indirect_target(store, table, fr.i32(index) as u32, sig));
                call_func!(id, base)
            }
            Op::CallIndirectT { sig, base, index } => {
                // SAFETY: the translator always follows `CallIndirectT` with
                // `CallIndirectTable`.
                let Op::CallIndirectTable { table } = (unsafe { *ip }) else { trap!(Unreachable) };
                // SAFETY: as above, the next instruction exists.
                ip = unsafe { ip.add(1) };
                let table = inst.get().tables.get(table as usize).copied();
                let id = trapping!(indirect_target(store, table, fr.i32(index) as u32, sig));
                call_func!(id, base)
            }
            Op::CallIndirectTable { .. } | Op::SelectRhs { .. } => trap!(Unreachable),

            Op::Select { dst, cond, lhs } => {
                // SAFETY: the translator always follows `Select` with `SelectRhs`.
                let Op::SelectRhs { rhs } = (unsafe { *ip }) else { trap!(Unreachable) };
                // SAFETY: as above, the next instruction exists.
                ip = unsafe { ip.add(1) };
                let v = if fr.i32(cond) != 0 { fr.get(lhs) } else { fr.get(rhs) };
                fr.set(dst, v);
            }

            Op::GlobalGet { dst, global } => {
                // SAFETY: global cells are boxed entities of this store, alive
                // as long as it is, and only mutated through their `Cell`.
                let cell = unsafe { &*inst.get().global_cells[global as usize] };
                fr.set(dst, cell.value.get());
            }
            Op::GlobalSet { global, src } => {
                // SAFETY: as for `GlobalGet`.
                let cell = unsafe { &*inst.get().global_cells[global as usize] };
                cell.value.set(fr.get(src));
            }

            Op::Load32 { dst, addr, offset } => {
                load!(dst, fr.i32(addr) as u32, offset, u32, |v: u32| v as u64)
            }
            Op::Load64 { dst, addr, offset } => load!(dst, fr.i32(addr) as u32, offset, u64, |v: u64| v),
            Op::Load8S { dst, addr, offset } => {
                load!(dst, fr.i32(addr) as u32, offset, u8, |v: u8| v as i8 as i64 as u64)
            }
            Op::Load8U { dst, addr, offset } => load!(dst, fr.i32(addr) as u32, offset, u8, |v: u8| v as u64),
            Op::Load16S { dst, addr, offset } => {
                load!(dst, fr.i32(addr) as u32, offset, u16, |v: u16| v as i16 as i64 as u64)
            }
            Op::Load16U { dst, addr, offset } => {
                load!(dst, fr.i32(addr) as u32, offset, u16, |v: u16| v as u64)
            }
            Op::Load32S { dst, addr, offset } => {
                load!(dst, fr.i32(addr) as u32, offset, u32, |v: u32| v as i32 as i64 as u64)
            }
            Op::Store8 { addr, offset, value } => store!(fr.i32(addr) as u32, offset, u8, fr.get(value)),
            Op::Store16 { addr, offset, value } => store!(fr.i32(addr) as u32, offset, u16, fr.get(value)),
            Op::Store32 { addr, offset, value } => store!(fr.i32(addr) as u32, offset, u32, fr.get(value)),
            Op::Store64 { addr, offset, value } => store!(fr.i32(addr) as u32, offset, u64, fr.get(value)),
            Op::Store8Imm { addr, offset, value } => store!(fr.i32(addr) as u32, offset, u8, value),
            Op::Store16Imm { addr, offset, value } => store!(fr.i32(addr) as u32, offset, u16, value),
            Op::Store32Imm { addr, offset, value } => store!(fr.i32(addr) as u32, offset, u32, value),
            Op::Store64Imm { addr, offset, value } => store!(fr.i32(addr) as u32, offset, u64, value as i64),
            Op::Load32AddImm { dst, base, imm } => load!(dst, sum!(base, imm), 0, u32, |v: u32| v as u64),
            Op::Load64AddImm { dst, base, imm } => load!(dst, sum!(base, imm), 0, u64, |v: u64| v),
            Op::Load8SAddImm { dst, base, imm } => {
                load!(dst, sum!(base, imm), 0, u8, |v: u8| v as i8 as i64 as u64)
            }
            Op::Load8UAddImm { dst, base, imm } => load!(dst, sum!(base, imm), 0, u8, |v: u8| v as u64),
            Op::Load16SAddImm { dst, base, imm } => {
                load!(dst, sum!(base, imm), 0, u16, |v: u16| v as i16 as i64 as u64)
            }
            Op::Load16UAddImm { dst, base, imm } => load!(dst, sum!(base, imm), 0, u16, |v: u16| v as u64),
            Op::Load32SAddImm { dst, base, imm } => {
                load!(dst, sum!(base, imm), 0, u32, |v: u32| v as i32 as i64 as u64)
            }
            Op::Store8AddImm { base, imm, value } => store!(sum!(base, imm), 0, u8, fr.get(value)),
            Op::Store16AddImm { base, imm, value } => store!(sum!(base, imm), 0, u16, fr.get(value)),
            Op::Store32AddImm { base, imm, value } => store!(sum!(base, imm), 0, u32, fr.get(value)),
            Op::Store64AddImm { base, imm, value } => store!(sum!(base, imm), 0, u64, fr.get(value)),
            Op::Store8ImmAddImm { base, imm, value } => store!(sum!(base, imm), 0, u8, value),
            Op::Store16ImmAddImm { base, imm, value } => store!(sum!(base, imm), 0, u16, value),
            Op::Store32ImmAddImm { base, imm, value } => store!(sum!(base, imm), 0, u32, value),
            Op::Store64ImmAddImm { base, imm, value } => store!(sum!(base, imm), 0, u64, value as i64),
            Op::MemorySize { dst } => fr.set_i32(dst, (mem.len / super::WASM_PAGE) as i32),
            Op::MemoryGrow { dst, delta } => {
                let result = store.memory_grow(inst.get(), fr.i32(delta) as u32);
                fr.set_i32(dst, result);
                mem_epoch = store.memory_epoch;
                mem = Mem::of(store, inst.get());
            }
            Op::MemoryFill { args } => {
                let (d, v, n) =
                    (fr.i32(args) as u32, fr.get(Slot(args.0 + 1)) as u8, fr.i32(Slot(args.0 + 2)) as u32);
                trapping!(store.memory_fill(inst.get(), d, v, n));
            }
            Op::MemoryCopy { args } => {
                let (d, src, n) =
                    (fr.i32(args) as u32, fr.i32(Slot(args.0 + 1)) as u32, fr.i32(Slot(args.0 + 2)) as u32);
                trapping!(store.memory_copy(inst.get(), d, src, n));
            }
            Op::MemoryInit { data, args } => {
                let (d, src, n) =
                    (fr.i32(args) as u32, fr.i32(Slot(args.0 + 1)) as u32, fr.i32(Slot(args.0 + 2)) as u32);
                trapping!(store.memory_init(inst.get(), data, d, src, n));
            }
            Op::DataDrop { data } => inst.get().datas_dropped[data as usize].set(true),

            Op::TableGet { dst, table, index } => {
                let v = trapping!(store.table_get(inst.get(), table, fr.i32(index) as u32));
                fr.set(dst, v);
            }
            Op::TableSet { table, index, value } => {
                trapping!(store.table_set(inst.get(), table, fr.i32(index) as u32, fr.get(value)));
            }
            Op::TableSize { dst, table } => {
                let v = store.table_size(inst.get(), table);
                fr.set_i32(dst, v as i32);
            }
            Op::TableGrow { table, args } => {
                let (init, delta) = (fr.get(args), fr.i32(Slot(args.0 + 1)) as u32);
                let v = store.table_grow(inst.get(), table, init, delta);
                fr.set_i32(args, v);
            }
            Op::TableFill { table, args } => {
                let (i, v, n) =
                    (fr.i32(args) as u32, fr.get(Slot(args.0 + 1)), fr.i32(Slot(args.0 + 2)) as u32);
                trapping!(store.table_fill(inst.get(), table, i, v, n));
            }
            Op::TableCopy { dst_table, src_table, args } => {
                let (d, src, n) =
                    (fr.i32(args) as u32, fr.i32(Slot(args.0 + 1)) as u32, fr.i32(Slot(args.0 + 2)) as u32);
                trapping!(store.table_copy(inst.get(), dst_table, src_table, d, src, n));
            }
            Op::TableInit { table, elem, args } => {
                let (d, src, n) =
                    (fr.i32(args) as u32, fr.i32(Slot(args.0 + 1)) as u32, fr.i32(Slot(args.0 + 2)) as u32);
                trapping!(store.table_init(inst.get(), table, elem, d, src, n));
            }
            Op::ElemDrop { elem } => inst.get().elements[elem as usize].set(true),
            Op::RefFunc { dst, func } => {
                let id = inst.get().funcs[func as usize];
                fr.set(dst, id as u64 + 1);
            }

            Op::I32Eqz { dst, src } => fr.set_bool(dst, s::i32_eqz(fr.i32(src))),
            Op::I32Clz { dst, src } => fr.set_i32(dst, s::i32_clz(fr.i32(src))),
            Op::I32Ctz { dst, src } => fr.set_i32(dst, s::i32_ctz(fr.i32(src))),
            Op::I32Popcnt { dst, src } => fr.set_i32(dst, s::i32_popcnt(fr.i32(src))),
            Op::I32Extend8S { dst, src } => fr.set_i32(dst, s::i32_extend8_s(fr.i32(src))),
            Op::I32Extend16S { dst, src } => fr.set_i32(dst, s::i32_extend16_s(fr.i32(src))),
            Op::I32Eq { dst, lhs, rhs } => fr.set_bool(dst, s::i32_eq(fr.i32(lhs), fr.i32(rhs))),
            Op::I32Ne { dst, lhs, rhs } => fr.set_bool(dst, s::i32_ne(fr.i32(lhs), fr.i32(rhs))),
            Op::I32LtS { dst, lhs, rhs } => fr.set_bool(dst, s::i32_lt_s(fr.i32(lhs), fr.i32(rhs))),
            Op::I32LtU { dst, lhs, rhs } => fr.set_bool(dst, s::i32_lt_u(fr.i32(lhs), fr.i32(rhs))),
            Op::I32GtS { dst, lhs, rhs } => fr.set_bool(dst, s::i32_gt_s(fr.i32(lhs), fr.i32(rhs))),
            Op::I32GtU { dst, lhs, rhs } => fr.set_bool(dst, s::i32_gt_u(fr.i32(lhs), fr.i32(rhs))),
            Op::I32LeS { dst, lhs, rhs } => fr.set_bool(dst, s::i32_le_s(fr.i32(lhs), fr.i32(rhs))),
            Op::I32LeU { dst, lhs, rhs } => fr.set_bool(dst, s::i32_le_u(fr.i32(lhs), fr.i32(rhs))),
            Op::I32GeS { dst, lhs, rhs } => fr.set_bool(dst, s::i32_ge_s(fr.i32(lhs), fr.i32(rhs))),
            Op::I32GeU { dst, lhs, rhs } => fr.set_bool(dst, s::i32_ge_u(fr.i32(lhs), fr.i32(rhs))),
            Op::I32EqImm { dst, lhs, imm } => fr.set_bool(dst, s::i32_eq(fr.i32(lhs), imm)),
            Op::I32NeImm { dst, lhs, imm } => fr.set_bool(dst, s::i32_ne(fr.i32(lhs), imm)),
            Op::I32LtSImm { dst, lhs, imm } => fr.set_bool(dst, s::i32_lt_s(fr.i32(lhs), imm)),
            Op::I32LtUImm { dst, lhs, imm } => fr.set_bool(dst, s::i32_lt_u(fr.i32(lhs), imm)),
            Op::I32GtSImm { dst, lhs, imm } => fr.set_bool(dst, s::i32_gt_s(fr.i32(lhs), imm)),
            Op::I32GtUImm { dst, lhs, imm } => fr.set_bool(dst, s::i32_gt_u(fr.i32(lhs), imm)),
            Op::I32LeSImm { dst, lhs, imm } => fr.set_bool(dst, s::i32_le_s(fr.i32(lhs), imm)),
            Op::I32LeUImm { dst, lhs, imm } => fr.set_bool(dst, s::i32_le_u(fr.i32(lhs), imm)),
            Op::I32GeSImm { dst, lhs, imm } => fr.set_bool(dst, s::i32_ge_s(fr.i32(lhs), imm)),
            Op::I32GeUImm { dst, lhs, imm } => fr.set_bool(dst, s::i32_ge_u(fr.i32(lhs), imm)),
            Op::I32Add { dst, lhs, rhs } => fr.set_i32(dst, s::i32_add(fr.i32(lhs), fr.i32(rhs))),
            Op::I32Sub { dst, lhs, rhs } => fr.set_i32(dst, s::i32_sub(fr.i32(lhs), fr.i32(rhs))),
            Op::I32Mul { dst, lhs, rhs } => fr.set_i32(dst, s::i32_mul(fr.i32(lhs), fr.i32(rhs))),
            Op::I32DivS { dst, lhs, rhs } => {
                fr.set_i32(dst, trapping!(s::i32_div_s(fr.i32(lhs), fr.i32(rhs))))
            }
            Op::I32DivU { dst, lhs, rhs } => {
                fr.set_i32(dst, trapping!(s::i32_div_u(fr.i32(lhs), fr.i32(rhs))))
            }
            Op::I32RemS { dst, lhs, rhs } => {
                fr.set_i32(dst, trapping!(s::i32_rem_s(fr.i32(lhs), fr.i32(rhs))))
            }
            Op::I32RemU { dst, lhs, rhs } => {
                fr.set_i32(dst, trapping!(s::i32_rem_u(fr.i32(lhs), fr.i32(rhs))))
            }
            Op::I32And { dst, lhs, rhs } => fr.set_i32(dst, s::i32_and(fr.i32(lhs), fr.i32(rhs))),
            Op::I32Or { dst, lhs, rhs } => fr.set_i32(dst, s::i32_or(fr.i32(lhs), fr.i32(rhs))),
            Op::I32Xor { dst, lhs, rhs } => fr.set_i32(dst, s::i32_xor(fr.i32(lhs), fr.i32(rhs))),
            Op::I32Shl { dst, lhs, rhs } => fr.set_i32(dst, s::i32_shl(fr.i32(lhs), fr.i32(rhs))),
            Op::I32ShrS { dst, lhs, rhs } => fr.set_i32(dst, s::i32_shr_s(fr.i32(lhs), fr.i32(rhs))),
            Op::I32ShrU { dst, lhs, rhs } => fr.set_i32(dst, s::i32_shr_u(fr.i32(lhs), fr.i32(rhs))),
            Op::I32Rotl { dst, lhs, rhs } => fr.set_i32(dst, s::i32_rotl(fr.i32(lhs), fr.i32(rhs))),
            Op::I32Rotr { dst, lhs, rhs } => fr.set_i32(dst, s::i32_rotr(fr.i32(lhs), fr.i32(rhs))),
            Op::I32AddImm { dst, lhs, imm } => fr.set_i32(dst, s::i32_add(fr.i32(lhs), imm)),
            Op::I32MulImm { dst, lhs, imm } => fr.set_i32(dst, s::i32_mul(fr.i32(lhs), imm)),
            Op::I32DivSImm { dst, lhs, imm } => fr.set_i32(dst, trapping!(s::i32_div_s(fr.i32(lhs), imm))),
            Op::I32DivUImm { dst, lhs, imm } => fr.set_i32(dst, trapping!(s::i32_div_u(fr.i32(lhs), imm))),
            Op::I32RemSImm { dst, lhs, imm } => fr.set_i32(dst, trapping!(s::i32_rem_s(fr.i32(lhs), imm))),
            Op::I32RemUImm { dst, lhs, imm } => fr.set_i32(dst, trapping!(s::i32_rem_u(fr.i32(lhs), imm))),
            Op::I32AndImm { dst, lhs, imm } => fr.set_i32(dst, s::i32_and(fr.i32(lhs), imm)),
            Op::I32OrImm { dst, lhs, imm } => fr.set_i32(dst, s::i32_or(fr.i32(lhs), imm)),
            Op::I32XorImm { dst, lhs, imm } => fr.set_i32(dst, s::i32_xor(fr.i32(lhs), imm)),
            Op::I32ShlImm { dst, lhs, imm } => fr.set_i32(dst, s::i32_shl(fr.i32(lhs), imm)),
            Op::I32ShrSImm { dst, lhs, imm } => fr.set_i32(dst, s::i32_shr_s(fr.i32(lhs), imm)),
            Op::I32ShrUImm { dst, lhs, imm } => fr.set_i32(dst, s::i32_shr_u(fr.i32(lhs), imm)),
            Op::I32RotlImm { dst, lhs, imm } => fr.set_i32(dst, s::i32_rotl(fr.i32(lhs), imm)),
            Op::I32RotrImm { dst, lhs, imm } => fr.set_i32(dst, s::i32_rotr(fr.i32(lhs), imm)),
            Op::I32SubImmLhs { dst, imm, rhs } => fr.set_i32(dst, s::i32_sub(imm, fr.i32(rhs))),
            Op::I32DivSImmLhs { dst, imm, rhs } => fr.set_i32(dst, trapping!(s::i32_div_s(imm, fr.i32(rhs)))),
            Op::I32DivUImmLhs { dst, imm, rhs } => fr.set_i32(dst, trapping!(s::i32_div_u(imm, fr.i32(rhs)))),
            Op::I32RemSImmLhs { dst, imm, rhs } => fr.set_i32(dst, trapping!(s::i32_rem_s(imm, fr.i32(rhs)))),
            Op::I32RemUImmLhs { dst, imm, rhs } => fr.set_i32(dst, trapping!(s::i32_rem_u(imm, fr.i32(rhs)))),
            Op::I32ShlImmLhs { dst, imm, rhs } => fr.set_i32(dst, s::i32_shl(imm, fr.i32(rhs))),
            Op::I32ShrSImmLhs { dst, imm, rhs } => fr.set_i32(dst, s::i32_shr_s(imm, fr.i32(rhs))),
            Op::I32ShrUImmLhs { dst, imm, rhs } => fr.set_i32(dst, s::i32_shr_u(imm, fr.i32(rhs))),
            Op::I32RotlImmLhs { dst, imm, rhs } => fr.set_i32(dst, s::i32_rotl(imm, fr.i32(rhs))),
            Op::I32RotrImmLhs { dst, imm, rhs } => fr.set_i32(dst, s::i32_rotr(imm, fr.i32(rhs))),

            Op::I64Eqz { dst, src } => fr.set_bool(dst, s::i64_eqz(fr.i64(src))),
            Op::I64Clz { dst, src } => fr.set_i64(dst, s::i64_clz(fr.i64(src))),
            Op::I64Ctz { dst, src } => fr.set_i64(dst, s::i64_ctz(fr.i64(src))),
            Op::I64Popcnt { dst, src } => fr.set_i64(dst, s::i64_popcnt(fr.i64(src))),
            Op::I64Extend8S { dst, src } => fr.set_i64(dst, s::i64_extend8_s(fr.i64(src))),
            Op::I64Extend16S { dst, src } => fr.set_i64(dst, s::i64_extend16_s(fr.i64(src))),
            Op::I64Extend32S { dst, src } => fr.set_i64(dst, s::i64_extend32_s(fr.i64(src))),
            Op::I64ExtendI32U { dst, src } => fr.set_i64(dst, s::i64_extend_i32_u(fr.i32(src))),
            Op::I64ExtendI32S { dst, src } => fr.set_i64(dst, s::i64_extend_i32_s(fr.i32(src))),
            Op::I64Eq { dst, lhs, rhs } => fr.set_bool(dst, s::i64_eq(fr.i64(lhs), fr.i64(rhs))),
            Op::I64Ne { dst, lhs, rhs } => fr.set_bool(dst, s::i64_ne(fr.i64(lhs), fr.i64(rhs))),
            Op::I64LtS { dst, lhs, rhs } => fr.set_bool(dst, s::i64_lt_s(fr.i64(lhs), fr.i64(rhs))),
            Op::I64LtU { dst, lhs, rhs } => fr.set_bool(dst, s::i64_lt_u(fr.i64(lhs), fr.i64(rhs))),
            Op::I64GtS { dst, lhs, rhs } => fr.set_bool(dst, s::i64_gt_s(fr.i64(lhs), fr.i64(rhs))),
            Op::I64GtU { dst, lhs, rhs } => fr.set_bool(dst, s::i64_gt_u(fr.i64(lhs), fr.i64(rhs))),
            Op::I64LeS { dst, lhs, rhs } => fr.set_bool(dst, s::i64_le_s(fr.i64(lhs), fr.i64(rhs))),
            Op::I64LeU { dst, lhs, rhs } => fr.set_bool(dst, s::i64_le_u(fr.i64(lhs), fr.i64(rhs))),
            Op::I64GeS { dst, lhs, rhs } => fr.set_bool(dst, s::i64_ge_s(fr.i64(lhs), fr.i64(rhs))),
            Op::I64GeU { dst, lhs, rhs } => fr.set_bool(dst, s::i64_ge_u(fr.i64(lhs), fr.i64(rhs))),
            Op::I64EqImm { dst, lhs, imm } => fr.set_bool(dst, s::i64_eq(fr.i64(lhs), imm as i64)),
            Op::I64NeImm { dst, lhs, imm } => fr.set_bool(dst, s::i64_ne(fr.i64(lhs), imm as i64)),
            Op::I64LtSImm { dst, lhs, imm } => fr.set_bool(dst, s::i64_lt_s(fr.i64(lhs), imm as i64)),
            Op::I64LtUImm { dst, lhs, imm } => fr.set_bool(dst, s::i64_lt_u(fr.i64(lhs), imm as i64)),
            Op::I64GtSImm { dst, lhs, imm } => fr.set_bool(dst, s::i64_gt_s(fr.i64(lhs), imm as i64)),
            Op::I64GtUImm { dst, lhs, imm } => fr.set_bool(dst, s::i64_gt_u(fr.i64(lhs), imm as i64)),
            Op::I64LeSImm { dst, lhs, imm } => fr.set_bool(dst, s::i64_le_s(fr.i64(lhs), imm as i64)),
            Op::I64LeUImm { dst, lhs, imm } => fr.set_bool(dst, s::i64_le_u(fr.i64(lhs), imm as i64)),
            Op::I64GeSImm { dst, lhs, imm } => fr.set_bool(dst, s::i64_ge_s(fr.i64(lhs), imm as i64)),
            Op::I64GeUImm { dst, lhs, imm } => fr.set_bool(dst, s::i64_ge_u(fr.i64(lhs), imm as i64)),
            Op::I64Add { dst, lhs, rhs } => fr.set_i64(dst, s::i64_add(fr.i64(lhs), fr.i64(rhs))),
            Op::I64Sub { dst, lhs, rhs } => fr.set_i64(dst, s::i64_sub(fr.i64(lhs), fr.i64(rhs))),
            Op::I64Mul { dst, lhs, rhs } => fr.set_i64(dst, s::i64_mul(fr.i64(lhs), fr.i64(rhs))),
            Op::I64DivS { dst, lhs, rhs } => {
                fr.set_i64(dst, trapping!(s::i64_div_s(fr.i64(lhs), fr.i64(rhs))))
            }
            Op::I64DivU { dst, lhs, rhs } => {
                fr.set_i64(dst, trapping!(s::i64_div_u(fr.i64(lhs), fr.i64(rhs))))
            }
            Op::I64RemS { dst, lhs, rhs } => {
                fr.set_i64(dst, trapping!(s::i64_rem_s(fr.i64(lhs), fr.i64(rhs))))
            }
            Op::I64RemU { dst, lhs, rhs } => {
                fr.set_i64(dst, trapping!(s::i64_rem_u(fr.i64(lhs), fr.i64(rhs))))
            }
            Op::I64And { dst, lhs, rhs } => fr.set_i64(dst, s::i64_and(fr.i64(lhs), fr.i64(rhs))),
            Op::I64Or { dst, lhs, rhs } => fr.set_i64(dst, s::i64_or(fr.i64(lhs), fr.i64(rhs))),
            Op::I64Xor { dst, lhs, rhs } => fr.set_i64(dst, s::i64_xor(fr.i64(lhs), fr.i64(rhs))),
            Op::I64Shl { dst, lhs, rhs } => fr.set_i64(dst, s::i64_shl(fr.i64(lhs), fr.i64(rhs))),
            Op::I64ShrS { dst, lhs, rhs } => fr.set_i64(dst, s::i64_shr_s(fr.i64(lhs), fr.i64(rhs))),
            Op::I64ShrU { dst, lhs, rhs } => fr.set_i64(dst, s::i64_shr_u(fr.i64(lhs), fr.i64(rhs))),
            Op::I64Rotl { dst, lhs, rhs } => fr.set_i64(dst, s::i64_rotl(fr.i64(lhs), fr.i64(rhs))),
            Op::I64Rotr { dst, lhs, rhs } => fr.set_i64(dst, s::i64_rotr(fr.i64(lhs), fr.i64(rhs))),
            Op::I64AddImm { dst, lhs, imm } => fr.set_i64(dst, s::i64_add(fr.i64(lhs), imm as i64)),
            Op::I64MulImm { dst, lhs, imm } => fr.set_i64(dst, s::i64_mul(fr.i64(lhs), imm as i64)),
            Op::I64DivSImm { dst, lhs, imm } => {
                fr.set_i64(dst, trapping!(s::i64_div_s(fr.i64(lhs), imm as i64)))
            }
            Op::I64DivUImm { dst, lhs, imm } => {
                fr.set_i64(dst, trapping!(s::i64_div_u(fr.i64(lhs), imm as i64)))
            }
            Op::I64RemSImm { dst, lhs, imm } => {
                fr.set_i64(dst, trapping!(s::i64_rem_s(fr.i64(lhs), imm as i64)))
            }
            Op::I64RemUImm { dst, lhs, imm } => {
                fr.set_i64(dst, trapping!(s::i64_rem_u(fr.i64(lhs), imm as i64)))
            }
            Op::I64AndImm { dst, lhs, imm } => fr.set_i64(dst, s::i64_and(fr.i64(lhs), imm as i64)),
            Op::I64OrImm { dst, lhs, imm } => fr.set_i64(dst, s::i64_or(fr.i64(lhs), imm as i64)),
            Op::I64XorImm { dst, lhs, imm } => fr.set_i64(dst, s::i64_xor(fr.i64(lhs), imm as i64)),
            Op::I64ShlImm { dst, lhs, imm } => fr.set_i64(dst, s::i64_shl(fr.i64(lhs), imm as i64)),
            Op::I64ShrSImm { dst, lhs, imm } => fr.set_i64(dst, s::i64_shr_s(fr.i64(lhs), imm as i64)),
            Op::I64ShrUImm { dst, lhs, imm } => fr.set_i64(dst, s::i64_shr_u(fr.i64(lhs), imm as i64)),
            Op::I64RotlImm { dst, lhs, imm } => fr.set_i64(dst, s::i64_rotl(fr.i64(lhs), imm as i64)),
            Op::I64RotrImm { dst, lhs, imm } => fr.set_i64(dst, s::i64_rotr(fr.i64(lhs), imm as i64)),
            Op::I64SubImmLhs { dst, imm, rhs } => fr.set_i64(dst, s::i64_sub(imm as i64, fr.i64(rhs))),
            Op::I64DivSImmLhs { dst, imm, rhs } => {
                fr.set_i64(dst, trapping!(s::i64_div_s(imm as i64, fr.i64(rhs))))
            }
            Op::I64DivUImmLhs { dst, imm, rhs } => {
                fr.set_i64(dst, trapping!(s::i64_div_u(imm as i64, fr.i64(rhs))))
            }
            Op::I64RemSImmLhs { dst, imm, rhs } => {
                fr.set_i64(dst, trapping!(s::i64_rem_s(imm as i64, fr.i64(rhs))))
            }
            Op::I64RemUImmLhs { dst, imm, rhs } => {
                fr.set_i64(dst, trapping!(s::i64_rem_u(imm as i64, fr.i64(rhs))))
            }
            Op::I64ShlImmLhs { dst, imm, rhs } => fr.set_i64(dst, s::i64_shl(imm as i64, fr.i64(rhs))),
            Op::I64ShrSImmLhs { dst, imm, rhs } => fr.set_i64(dst, s::i64_shr_s(imm as i64, fr.i64(rhs))),
            Op::I64ShrUImmLhs { dst, imm, rhs } => fr.set_i64(dst, s::i64_shr_u(imm as i64, fr.i64(rhs))),
            Op::I64RotlImmLhs { dst, imm, rhs } => fr.set_i64(dst, s::i64_rotl(imm as i64, fr.i64(rhs))),
            Op::I64RotrImmLhs { dst, imm, rhs } => fr.set_i64(dst, s::i64_rotr(imm as i64, fr.i64(rhs))),

            Op::F32Abs { dst, src } => fr.set_f32(dst, s::f32_abs(fr.f32(src))),
            Op::F32Neg { dst, src } => fr.set_f32(dst, s::f32_neg(fr.f32(src))),
            Op::F32Ceil { dst, src } => fr.set_f32(dst, s::f32_ceil(fr.f32(src))),
            Op::F32Floor { dst, src } => fr.set_f32(dst, s::f32_floor(fr.f32(src))),
            Op::F32Trunc { dst, src } => fr.set_f32(dst, s::f32_trunc(fr.f32(src))),
            Op::F32Nearest { dst, src } => fr.set_f32(dst, s::f32_nearest(fr.f32(src))),
            Op::F32Sqrt { dst, src } => fr.set_f32(dst, s::f32_sqrt(fr.f32(src))),
            Op::F32Add { dst, lhs, rhs } => fr.set_f32(dst, s::f32_add(fr.f32(lhs), fr.f32(rhs))),
            Op::F32Sub { dst, lhs, rhs } => fr.set_f32(dst, s::f32_sub(fr.f32(lhs), fr.f32(rhs))),
            Op::F32Mul { dst, lhs, rhs } => fr.set_f32(dst, s::f32_mul(fr.f32(lhs), fr.f32(rhs))),
            Op::F32Div { dst, lhs, rhs } => fr.set_f32(dst, s::f32_div(fr.f32(lhs), fr.f32(rhs))),
            Op::F32Min { dst, lhs, rhs } => fr.set_f32(dst, s::f32_min(fr.f32(lhs), fr.f32(rhs))),
            Op::F32Max { dst, lhs, rhs } => fr.set_f32(dst, s::f32_max(fr.f32(lhs), fr.f32(rhs))),
            Op::F32Copysign { dst, lhs, rhs } => fr.set_f32(dst, s::f32_copysign(fr.f32(lhs), fr.f32(rhs))),
            Op::F32Eq { dst, lhs, rhs } => fr.set_bool(dst, s::f32_eq(fr.f32(lhs), fr.f32(rhs))),
            Op::F32Ne { dst, lhs, rhs } => fr.set_bool(dst, s::f32_ne(fr.f32(lhs), fr.f32(rhs))),
            Op::F32Lt { dst, lhs, rhs } => fr.set_bool(dst, s::f32_lt(fr.f32(lhs), fr.f32(rhs))),
            Op::F32Gt { dst, lhs, rhs } => fr.set_bool(dst, s::f32_gt(fr.f32(lhs), fr.f32(rhs))),
            Op::F32Le { dst, lhs, rhs } => fr.set_bool(dst, s::f32_le(fr.f32(lhs), fr.f32(rhs))),
            Op::F32Ge { dst, lhs, rhs } => fr.set_bool(dst, s::f32_ge(fr.f32(lhs), fr.f32(rhs))),

            Op::F64Abs { dst, src } => fr.set_f64(dst, s::f64_abs(fr.f64(src))),
            Op::F64Neg { dst, src } => fr.set_f64(dst, s::f64_neg(fr.f64(src))),
            Op::F64Ceil { dst, src } => fr.set_f64(dst, s::f64_ceil(fr.f64(src))),
            Op::F64Floor { dst, src } => fr.set_f64(dst, s::f64_floor(fr.f64(src))),
            Op::F64Trunc { dst, src } => fr.set_f64(dst, s::f64_trunc(fr.f64(src))),
            Op::F64Nearest { dst, src } => fr.set_f64(dst, s::f64_nearest(fr.f64(src))),
            Op::F64Sqrt { dst, src } => fr.set_f64(dst, s::f64_sqrt(fr.f64(src))),
            Op::F64Add { dst, lhs, rhs } => fr.set_f64(dst, s::f64_add(fr.f64(lhs), fr.f64(rhs))),
            Op::F64Sub { dst, lhs, rhs } => fr.set_f64(dst, s::f64_sub(fr.f64(lhs), fr.f64(rhs))),
            Op::F64Mul { dst, lhs, rhs } => fr.set_f64(dst, s::f64_mul(fr.f64(lhs), fr.f64(rhs))),
            Op::F64Div { dst, lhs, rhs } => fr.set_f64(dst, s::f64_div(fr.f64(lhs), fr.f64(rhs))),
            Op::F64Min { dst, lhs, rhs } => fr.set_f64(dst, s::f64_min(fr.f64(lhs), fr.f64(rhs))),
            Op::F64Max { dst, lhs, rhs } => fr.set_f64(dst, s::f64_max(fr.f64(lhs), fr.f64(rhs))),
            Op::F64Copysign { dst, lhs, rhs } => fr.set_f64(dst, s::f64_copysign(fr.f64(lhs), fr.f64(rhs))),
            Op::F64Eq { dst, lhs, rhs } => fr.set_bool(dst, s::f64_eq(fr.f64(lhs), fr.f64(rhs))),
            Op::F64Ne { dst, lhs, rhs } => fr.set_bool(dst, s::f64_ne(fr.f64(lhs), fr.f64(rhs))),
            Op::F64Lt { dst, lhs, rhs } => fr.set_bool(dst, s::f64_lt(fr.f64(lhs), fr.f64(rhs))),
            Op::F64Gt { dst, lhs, rhs } => fr.set_bool(dst, s::f64_gt(fr.f64(lhs), fr.f64(rhs))),
            Op::F64Le { dst, lhs, rhs } => fr.set_bool(dst, s::f64_le(fr.f64(lhs), fr.f64(rhs))),
            Op::F64Ge { dst, lhs, rhs } => fr.set_bool(dst, s::f64_ge(fr.f64(lhs), fr.f64(rhs))),

            Op::I32TruncF32S { dst, src } => fr.set_i32(dst, trapping!(s::i32_trunc_f32_s(fr.f32(src)))),
            Op::I32TruncF32U { dst, src } => {
                fr.set_i32(dst, trapping!(s::i32_trunc_f32_u(fr.f32(src))) as i32)
            }
            Op::I32TruncF64S { dst, src } => fr.set_i32(dst, trapping!(s::i32_trunc_f64_s(fr.f64(src)))),
            Op::I32TruncF64U { dst, src } => {
                fr.set_i32(dst, trapping!(s::i32_trunc_f64_u(fr.f64(src))) as i32)
            }
            Op::I64TruncF32S { dst, src } => fr.set_i64(dst, trapping!(s::i64_trunc_f32_s(fr.f32(src)))),
            Op::I64TruncF32U { dst, src } => {
                fr.set_i64(dst, trapping!(s::i64_trunc_f32_u(fr.f32(src))) as i64)
            }
            Op::I64TruncF64S { dst, src } => fr.set_i64(dst, trapping!(s::i64_trunc_f64_s(fr.f64(src)))),
            Op::I64TruncF64U { dst, src } => {
                fr.set_i64(dst, trapping!(s::i64_trunc_f64_u(fr.f64(src))) as i64)
            }
            Op::I32TruncSatF32S { dst, src } => fr.set_i32(dst, s::i32_trunc_sat_f32_s(fr.f32(src))),
            Op::I32TruncSatF32U { dst, src } => fr.set_i32(dst, s::i32_trunc_sat_f32_u(fr.f32(src)) as i32),
            Op::I32TruncSatF64S { dst, src } => fr.set_i32(dst, s::i32_trunc_sat_f64_s(fr.f64(src))),
            Op::I32TruncSatF64U { dst, src } => fr.set_i32(dst, s::i32_trunc_sat_f64_u(fr.f64(src)) as i32),
            Op::I64TruncSatF32S { dst, src } => fr.set_i64(dst, s::i64_trunc_sat_f32_s(fr.f32(src))),
            Op::I64TruncSatF32U { dst, src } => fr.set_i64(dst, s::i64_trunc_sat_f32_u(fr.f32(src)) as i64),
            Op::I64TruncSatF64S { dst, src } => fr.set_i64(dst, s::i64_trunc_sat_f64_s(fr.f64(src))),
            Op::I64TruncSatF64U { dst, src } => fr.set_i64(dst, s::i64_trunc_sat_f64_u(fr.f64(src)) as i64),
            Op::F32ConvertI32S { dst, src } => fr.set_f32(dst, s::f32_convert_i32_s(fr.i32(src))),
            Op::F32ConvertI32U { dst, src } => fr.set_f32(dst, s::f32_convert_i32_u(fr.i32(src))),
            Op::F32ConvertI64S { dst, src } => fr.set_f32(dst, s::f32_convert_i64_s(fr.i64(src))),
            Op::F32ConvertI64U { dst, src } => fr.set_f32(dst, s::f32_convert_i64_u(fr.i64(src))),
            Op::F64ConvertI32S { dst, src } => fr.set_f64(dst, s::f64_convert_i32_s(fr.i32(src))),
            Op::F64ConvertI32U { dst, src } => fr.set_f64(dst, s::f64_convert_i32_u(fr.i32(src))),
            Op::F64ConvertI64S { dst, src } => fr.set_f64(dst, s::f64_convert_i64_s(fr.i64(src))),
            Op::F64ConvertI64U { dst, src } => fr.set_f64(dst, s::f64_convert_i64_u(fr.i64(src))),
            Op::F32DemoteF64 { dst, src } => fr.set_f32(dst, s::f32_demote_f64(fr.f64(src))),
            Op::F64PromoteF32 { dst, src } => fr.set_f64(dst, s::f64_promote_f32(fr.f32(src))),

            Op::BrIfI32Eq { lhs, rhs, offset } => {
                if s::i32_eq(fr.i32(lhs), fr.i32(rhs)) {
                    branch!(offset)
                }
            }
            Op::BrIfI32Ne { lhs, rhs, offset } => {
                if s::i32_ne(fr.i32(lhs), fr.i32(rhs)) {
                    branch!(offset)
                }
            }
            Op::BrIfI32LtS { lhs, rhs, offset } => {
                if s::i32_lt_s(fr.i32(lhs), fr.i32(rhs)) {
                    branch!(offset)
                }
            }
            Op::BrIfI32LtU { lhs, rhs, offset } => {
                if s::i32_lt_u(fr.i32(lhs), fr.i32(rhs)) {
                    branch!(offset)
                }
            }
            Op::BrIfI32GtS { lhs, rhs, offset } => {
                if s::i32_gt_s(fr.i32(lhs), fr.i32(rhs)) {
                    branch!(offset)
                }
            }
            Op::BrIfI32GtU { lhs, rhs, offset } => {
                if s::i32_gt_u(fr.i32(lhs), fr.i32(rhs)) {
                    branch!(offset)
                }
            }
            Op::BrIfI32LeS { lhs, rhs, offset } => {
                if s::i32_le_s(fr.i32(lhs), fr.i32(rhs)) {
                    branch!(offset)
                }
            }
            Op::BrIfI32LeU { lhs, rhs, offset } => {
                if s::i32_le_u(fr.i32(lhs), fr.i32(rhs)) {
                    branch!(offset)
                }
            }
            Op::BrIfI32GeS { lhs, rhs, offset } => {
                if s::i32_ge_s(fr.i32(lhs), fr.i32(rhs)) {
                    branch!(offset)
                }
            }
            Op::BrIfI32GeU { lhs, rhs, offset } => {
                if s::i32_ge_u(fr.i32(lhs), fr.i32(rhs)) {
                    branch!(offset)
                }
            }
            Op::BrIfI32EqImm { lhs, imm, offset } => {
                if s::i32_eq(fr.i32(lhs), imm) {
                    branch!(offset)
                }
            }
            Op::BrIfI32NeImm { lhs, imm, offset } => {
                if s::i32_ne(fr.i32(lhs), imm) {
                    branch!(offset)
                }
            }
            Op::BrIfI32LtSImm { lhs, imm, offset } => {
                if s::i32_lt_s(fr.i32(lhs), imm) {
                    branch!(offset)
                }
            }
            Op::BrIfI32LtUImm { lhs, imm, offset } => {
                if s::i32_lt_u(fr.i32(lhs), imm) {
                    branch!(offset)
                }
            }
            Op::BrIfI32GtSImm { lhs, imm, offset } => {
                if s::i32_gt_s(fr.i32(lhs), imm) {
                    branch!(offset)
                }
            }
            Op::BrIfI32GtUImm { lhs, imm, offset } => {
                if s::i32_gt_u(fr.i32(lhs), imm) {
                    branch!(offset)
                }
            }
            Op::BrIfI32LeSImm { lhs, imm, offset } => {
                if s::i32_le_s(fr.i32(lhs), imm) {
                    branch!(offset)
                }
            }
            Op::BrIfI32LeUImm { lhs, imm, offset } => {
                if s::i32_le_u(fr.i32(lhs), imm) {
                    branch!(offset)
                }
            }
            Op::BrIfI32GeSImm { lhs, imm, offset } => {
                if s::i32_ge_s(fr.i32(lhs), imm) {
                    branch!(offset)
                }
            }
            Op::BrIfI32GeUImm { lhs, imm, offset } => {
                if s::i32_ge_u(fr.i32(lhs), imm) {
                    branch!(offset)
                }
            }
            Op::BrIfI64Eq { lhs, rhs, offset } => {
                if s::i64_eq(fr.i64(lhs), fr.i64(rhs)) {
                    branch!(offset)
                }
            }
            Op::BrIfI64Ne { lhs, rhs, offset } => {
                if s::i64_ne(fr.i64(lhs), fr.i64(rhs)) {
                    branch!(offset)
                }
            }
            Op::BrIfI64LtS { lhs, rhs, offset } => {
                if s::i64_lt_s(fr.i64(lhs), fr.i64(rhs)) {
                    branch!(offset)
                }
            }
            Op::BrIfI64LtU { lhs, rhs, offset } => {
                if s::i64_lt_u(fr.i64(lhs), fr.i64(rhs)) {
                    branch!(offset)
                }
            }
            Op::BrIfI64GtS { lhs, rhs, offset } => {
                if s::i64_gt_s(fr.i64(lhs), fr.i64(rhs)) {
                    branch!(offset)
                }
            }
            Op::BrIfI64GtU { lhs, rhs, offset } => {
                if s::i64_gt_u(fr.i64(lhs), fr.i64(rhs)) {
                    branch!(offset)
                }
            }
            Op::BrIfI64LeS { lhs, rhs, offset } => {
                if s::i64_le_s(fr.i64(lhs), fr.i64(rhs)) {
                    branch!(offset)
                }
            }
            Op::BrIfI64LeU { lhs, rhs, offset } => {
                if s::i64_le_u(fr.i64(lhs), fr.i64(rhs)) {
                    branch!(offset)
                }
            }
            Op::BrIfI64GeS { lhs, rhs, offset } => {
                if s::i64_ge_s(fr.i64(lhs), fr.i64(rhs)) {
                    branch!(offset)
                }
            }
            Op::BrIfI64GeU { lhs, rhs, offset } => {
                if s::i64_ge_u(fr.i64(lhs), fr.i64(rhs)) {
                    branch!(offset)
                }
            }
            Op::BrIfI64EqImm { lhs, imm, offset } => {
                if s::i64_eq(fr.i64(lhs), imm as i64) {
                    branch!(offset)
                }
            }
            Op::BrIfI64NeImm { lhs, imm, offset } => {
                if s::i64_ne(fr.i64(lhs), imm as i64) {
                    branch!(offset)
                }
            }
            Op::BrIfI64LtSImm { lhs, imm, offset } => {
                if s::i64_lt_s(fr.i64(lhs), imm as i64) {
                    branch!(offset)
                }
            }
            Op::BrIfI64LtUImm { lhs, imm, offset } => {
                if s::i64_lt_u(fr.i64(lhs), imm as i64) {
                    branch!(offset)
                }
            }
            Op::BrIfI64GtSImm { lhs, imm, offset } => {
                if s::i64_gt_s(fr.i64(lhs), imm as i64) {
                    branch!(offset)
                }
            }
            Op::BrIfI64GtUImm { lhs, imm, offset } => {
                if s::i64_gt_u(fr.i64(lhs), imm as i64) {
                    branch!(offset)
                }
            }
            Op::BrIfI64LeSImm { lhs, imm, offset } => {
                if s::i64_le_s(fr.i64(lhs), imm as i64) {
                    branch!(offset)
                }
            }
            Op::BrIfI64LeUImm { lhs, imm, offset } => {
                if s::i64_le_u(fr.i64(lhs), imm as i64) {
                    branch!(offset)
                }
            }
            Op::BrIfI64GeSImm { lhs, imm, offset } => {
                if s::i64_ge_s(fr.i64(lhs), imm as i64) {
                    branch!(offset)
                }
            }
            Op::BrIfI64GeUImm { lhs, imm, offset } => {
                if s::i64_ge_u(fr.i64(lhs), imm as i64) {
                    branch!(offset)
                }
            }
            Op::BrIfF32Eq { lhs, rhs, offset } => {
                if s::f32_eq(fr.f32(lhs), fr.f32(rhs)) {
                    branch!(offset)
                }
            }
            Op::BrIfF32Ne { lhs, rhs, offset } => {
                if s::f32_ne(fr.f32(lhs), fr.f32(rhs)) {
                    branch!(offset)
                }
            }
            Op::BrIfF32Lt { lhs, rhs, offset } => {
                if s::f32_lt(fr.f32(lhs), fr.f32(rhs)) {
                    branch!(offset)
                }
            }
            Op::BrIfF32Gt { lhs, rhs, offset } => {
                if s::f32_gt(fr.f32(lhs), fr.f32(rhs)) {
                    branch!(offset)
                }
            }
            Op::BrIfF32Le { lhs, rhs, offset } => {
                if s::f32_le(fr.f32(lhs), fr.f32(rhs)) {
                    branch!(offset)
                }
            }
            Op::BrIfF32Ge { lhs, rhs, offset } => {
                if s::f32_ge(fr.f32(lhs), fr.f32(rhs)) {
                    branch!(offset)
                }
            }
            Op::BrIfF32NotLt { lhs, rhs, offset } => {
                if !s::f32_lt(fr.f32(lhs), fr.f32(rhs)) {
                    branch!(offset)
                }
            }
            Op::BrIfF32NotGt { lhs, rhs, offset } => {
                if !s::f32_gt(fr.f32(lhs), fr.f32(rhs)) {
                    branch!(offset)
                }
            }
            Op::BrIfF32NotLe { lhs, rhs, offset } => {
                if !s::f32_le(fr.f32(lhs), fr.f32(rhs)) {
                    branch!(offset)
                }
            }
            Op::BrIfF32NotGe { lhs, rhs, offset } => {
                if !s::f32_ge(fr.f32(lhs), fr.f32(rhs)) {
                    branch!(offset)
                }
            }
            Op::BrIfF64Eq { lhs, rhs, offset } => {
                if s::f64_eq(fr.f64(lhs), fr.f64(rhs)) {
                    branch!(offset)
                }
            }
            Op::BrIfF64Ne { lhs, rhs, offset } => {
                if s::f64_ne(fr.f64(lhs), fr.f64(rhs)) {
                    branch!(offset)
                }
            }
            Op::BrIfF64Lt { lhs, rhs, offset } => {
                if s::f64_lt(fr.f64(lhs), fr.f64(rhs)) {
                    branch!(offset)
                }
            }
            Op::BrIfF64Gt { lhs, rhs, offset } => {
                if s::f64_gt(fr.f64(lhs), fr.f64(rhs)) {
                    branch!(offset)
                }
            }
            Op::BrIfF64Le { lhs, rhs, offset } => {
                if s::f64_le(fr.f64(lhs), fr.f64(rhs)) {
                    branch!(offset)
                }
            }
            Op::BrIfF64Ge { lhs, rhs, offset } => {
                if s::f64_ge(fr.f64(lhs), fr.f64(rhs)) {
                    branch!(offset)
                }
            }
            Op::BrIfF64NotLt { lhs, rhs, offset } => {
                if !s::f64_lt(fr.f64(lhs), fr.f64(rhs)) {
                    branch!(offset)
                }
            }
            Op::BrIfF64NotGt { lhs, rhs, offset } => {
                if !s::f64_gt(fr.f64(lhs), fr.f64(rhs)) {
                    branch!(offset)
                }
            }
            Op::BrIfF64NotLe { lhs, rhs, offset } => {
                if !s::f64_le(fr.f64(lhs), fr.f64(rhs)) {
                    branch!(offset)
                }
            }
            Op::BrIfF64NotGe { lhs, rhs, offset } => {
                if !s::f64_ge(fr.f64(lhs), fr.f64(rhs)) {
                    branch!(offset)
                }
            }
        }
    };

    // A trap: describe the frames, unwind to where this activation began.
    sync_fuel!();
    let mut trap = match fault {
        Fault::Code(code) => Trap::new(code),
        Fault::Trap(t) => t,
    };
    if trap.trace().is_empty() {
        // SAFETY: `ip` is one past the faulting instruction of `body`.
        let at = unsafe { ip.offset_from(body.get().code.as_ptr()) } as usize - 1;
        let mut trace = vec![frame_info(store, cur_instance, cur_def, at)];
        for frame in store.exec.frames[entry_depth..].iter().rev() {
            // SAFETY: saved frames point into live function bodies.
            let at = unsafe { frame.ret_ip.offset_from((*frame.body).code.as_ptr()) } as usize - 1;
            trace.push(frame_info(store, frame.instance, frame.def, at));
        }
        trap.set_trace(trace);
    }
    store.exec.frames.truncate(entry_depth);
    Err(trap)
}

/// The end of a budget slice: charges the slice to the fuel, checks the
/// interrupt flag and starts the next slice (spending its first unit).
#[cold]
#[inline(never)]
fn refill(store: &mut StoreInner, budget: &mut i64, slice_len: &mut i64) -> Result<(), TrapCode> {
    if let Some(fuel) = store.fuel.as_mut() {
        *fuel = fuel.saturating_sub(*slice_len as u64);
        if *fuel == 0 {
            *budget = 0;
            *slice_len = 0;
            return Err(TrapCode::OutOfFuel);
        }
    }
    if store.interrupt.swap(false, Ordering::AcqRel) {
        *budget = 0;
        *slice_len = 0;
        return Err(TrapCode::Interrupted);
    }
    *slice_len = store.fuel.map_or(SLICE, |f| (f as i64).min(SLICE));
    *budget = *slice_len - 1;
    Ok(())
}

/// Resolves a `call_indirect`: checks the table entry and the signature.
#[inline]
fn indirect_target(store: &StoreInner, table: Option<u32>, index: u32, sig: u32) -> Result<u32, TrapCode> {
    let table = table.ok_or(TrapCode::UndefinedElement)?;
    let elems = &store.tables[table as usize].elems;
    let raw = *elems.get(index as usize).ok_or(TrapCode::UndefinedElement)?;
    if raw == 0 {
        return Err(TrapCode::UninitializedElement);
    }
    let id = (raw - 1) as u32;
    match store.funcs.get(id as usize) {
        Some(f) if f.sig.0 == sig => Ok(id),
        Some(_) => Err(TrapCode::IndirectCallTypeMismatch),
        None => Err(TrapCode::UninitializedElement),
    }
}

fn frame_info(store: &StoreInner, instance: u32, def: u32, at: usize) -> FrameInfo {
    let module = &store.instances[instance as usize].module.inner;
    let body = &module.bodies[def as usize];
    let module_offset = body.offsets.get(at).copied().unwrap_or(body.body_offset);
    let func_index = module.num_imported_funcs + def;
    FrameInfo {
        func_index,
        func_name: module.func_names.get(&func_index).cloned(),
        module_name: module.name.clone(),
        func_offset: module_offset - body.body_offset,
        module_offset,
        instance,
    }
}
