//! Entering and leaving the interpreter, and the state its handlers share.
//!
//! Every IR instruction has a handler (see [`super::handlers`]); all handlers
//! have one signature whose arguments carry the hot state in machine
//! registers: instruction pointer, frame pointer, the current instance's
//! memory base and length, a context pointer, and the accumulator (the
//! result of the previous instruction when the next one consumes it at
//! once; see [`Acc`]). In optimised builds (`cfg(zwasm_threaded)`, set by
//! `build.rs`) a handler ends by calling the next instruction's handler in
//! tail position, which compiles to a jump: there is no central loop. In
//! other builds a handler returns to [`execute`]'s loop instead, so the
//! native stack never grows with the number of instructions executed.
//!
//! # Safety
//!
//! Slot accesses are unchecked. They rely on two invariants: the translator
//! only emits slot operands below the function's `frame_size`, and a frame is
//! only entered after checking that `fp + frame_size` lies inside the value
//! stack. Instruction pointers stay inside their function's code because the
//! translator only emits branches to instructions of the same function and
//! every path ends in a return or a trap.

use crate::ir::{FRAME_INIT_HEAD, FuncBody, Prepared, Slot};
use crate::runtime::store::{InstanceEntity, StoreInner};
use crate::semantics::TrapCode;
use crate::trap::{FrameInfo, Trap};
use std::sync::OnceLock;
use std::sync::atomic::Ordering;

pub(super) type Ip = *const Prepared;

/// The signature every handler has.
pub(super) type Handler = unsafe extern "C" fn(Ip, *mut u64, *mut u8, u64, &mut Cx<'_>, Acc) -> Exit;

/// Why a handler left the threaded code.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
#[repr(u32)]
pub(super) enum Exit {
    /// The activation's entry function returned.
    Done,
    /// A trap; `Cx::fault` says which.
    Trap,
    /// (Trampoline mode only) run the handler of `Cx::regs.ip` next.
    #[cfg_attr(zwasm_threaded, allow(dead_code, reason = "threaded handlers never return to a loop"))]
    Continue,
}

/// How execution stopped abnormally.
pub(super) enum Fault {
    Code(TrapCode),
    Trap(Trap),
}

/// The register state, saved when a handler leaves the threaded code.
#[derive(Copy, Clone)]
pub(super) struct Regs {
    pub ip: Ip,
    pub fp: *mut u64,
    pub mem: *mut u8,
    pub len: u64,
    pub acc: Acc,
}

/// A pointer to an instance of the running store.
#[derive(Copy, Clone)]
pub(super) struct Inst(*const InstanceEntity);

impl Inst {
    pub(super) fn new(store: &StoreInner, index: u32) -> Inst {
        Inst(&*store.instances[index as usize])
    }

    #[inline(always)]
    pub(super) fn get<'a>(self) -> &'a InstanceEntity {
        // SAFETY: instances are boxed, never freed before their store, and
        // never borrowed mutably (their mutable parts are `Cell`s), so the
        // pointee stays valid and shareable for the whole call.
        unsafe { &*self.0 }
    }
}

/// A pointer to the IR of a function of a live instance.
#[derive(Copy, Clone)]
pub(super) struct Body(pub(super) *const FuncBody);

impl Body {
    #[inline(always)]
    pub(super) fn get<'a>(self) -> &'a FuncBody {
        // SAFETY: bodies belong to a module that an instance of the running
        // store keeps alive (see `Inst::get`), and are immutable.
        unsafe { &*self.0 }
    }
}

/// The operands of a host call in progress (see `call_host_and_continue`).
#[derive(Copy, Clone)]
pub(super) struct HostCall {
    pub func: u32,
    pub base: Slot,
    pub width: u32,
}

/// State shared by the handlers of one activation, reached through a
/// pointer argument; the hot state travels in the other arguments.
pub(super) struct Cx<'s> {
    pub store: &'s mut StoreInner,
    pub inst: Inst,
    /// The current instance's function bodies, by defined-function index
    /// (follows `inst`: internal calls find their callee with one load).
    pub bodies: *const OnceLock<FuncBody>,
    pub body: Body,
    pub instance: u32,
    /// Frames on the store's frame stack when this activation began.
    pub entry_depth: usize,
    pub max_depth: usize,
    /// A call finding this many frames on the frame stack takes the slow
    /// path: the smaller of the depth limit (`entry_depth + max_depth`) and
    /// the frame stack's capacity. One comparison checks both.
    pub frame_limit: usize,
    pub stack_base: *mut u64,
    pub stack_end: *mut u64,
    /// Budget units left in the current slice: loop iterations and calls
    /// spend one each; below zero, fuel and the interrupt flag are checked.
    pub budget: i64,
    /// Budget units in the current slice (what `budget` started from).
    pub slice_len: i64,
    /// `StoreInner::memory_epoch` when `mem`/`len` were last read.
    pub mem_epoch: u64,
    pub fault: Option<Fault>,
    /// The instruction that trapped.
    pub fault_ip: Ip,
    /// (Trampoline mode only) the state to continue with.
    #[cfg_attr(zwasm_threaded, allow(dead_code, reason = "threaded handlers pass their state along"))]
    pub regs: Regs,
    pub host_call: HostCall,
    /// The current function's loop counters (follows `body`: one load
    /// fewer on every loop iteration).
    pub loop_counts: *const std::sync::atomic::AtomicU32,
    /// A callee whose code is to be prepared (see `prepare_and_retry`).
    pub unprepared: *const FuncBody,
    /// A callee to compile: its instance and defined-function index (see
    /// `compile_and_retry`).
    pub uncompiled: (Inst, u32),
}

impl Cx<'_> {
    /// Makes `index` the current instance.
    #[inline(always)]
    pub(super) fn switch_instance(&mut self, index: u32) {
        self.instance = index;
        self.inst = Inst::new(self.store, index);
        self.bodies = self.inst.get().module.inner.bodies.as_ptr();
    }
}

/// The current frame's slots.
#[derive(Copy, Clone)]
pub(super) struct Frame(pub(super) *mut u64);

impl Frame {
    #[inline(always)]
    pub(super) fn get(self, s: Slot) -> u64 {
        // SAFETY: see the module documentation: every slot operand is below
        // the frame size, and the frame fits in the value stack.
        unsafe { *self.0.add(s.0 as usize) }
    }
    #[inline(always)]
    pub(super) fn set(self, s: Slot, v: u64) {
        // SAFETY: as in `get`.
        unsafe { *self.0.add(s.0 as usize) = v }
    }
    #[inline(always)]
    pub(super) fn i32(self, s: Slot) -> i32 {
        self.get(s) as i32
    }
    #[inline(always)]
    pub(super) fn u32(self, s: Slot) -> u32 {
        self.get(s) as u32
    }
    #[inline(always)]
    pub(super) fn i64(self, s: Slot) -> i64 {
        self.get(s) as i64
    }
    #[inline(always)]
    pub(super) fn f32(self, s: Slot) -> f32 {
        f32::from_bits(self.get(s) as u32)
    }
    #[inline(always)]
    pub(super) fn f64(self, s: Slot) -> f64 {
        f64::from_bits(self.get(s))
    }
    #[inline(always)]
    pub(super) fn set_i32(self, s: Slot, v: i32) {
        self.set(s, v as u32 as u64)
    }
    #[inline(always)]
    pub(super) fn set_i64(self, s: Slot, v: i64) {
        self.set(s, v as u64)
    }
    #[inline(always)]
    pub(super) fn set_f32(self, s: Slot, v: f32) {
        self.set(s, v.to_bits() as u64)
    }
    #[inline(always)]
    pub(super) fn set_f64(self, s: Slot, v: f64) {
        self.set(s, v.to_bits())
    }
    #[inline(always)]
    pub(super) fn set_bool(self, s: Slot, v: bool) {
        self.set(s, v as u64)
    }
    /// A pointer to slot `s` (for block copies).
    #[inline(always)]
    pub(super) fn at(self, s: Slot) -> *mut u64 {
        self.0.wrapping_add(s.0 as usize)
    }
}

/// The accumulator: the result of the previous instruction when the next
/// one consumes it at once. It has two registers, so that a value stays in
/// its register file: `float` for `f64` values, `int` for everything else
/// (as raw bits). In the C ABI a `{ u64, f64 }` argument travels in one
/// general and one floating-point register on x86-64; which of the two a
/// forwarded value uses follows from the types the two instructions read
/// and write it with (see `super::forward`).
///
/// Read and written with the same names as [`Frame`]'s slot accessors (the
/// handler macros use either).
#[repr(C)]
#[derive(Copy, Clone)]
pub(super) struct Acc {
    pub int: u64,
    pub float: f64,
}

impl Acc {
    pub(super) const ZERO: Acc = Acc { int: 0, float: 0.0 };

    #[inline(always)]
    pub(super) fn get(self) -> u64 {
        self.int
    }
    #[inline(always)]
    pub(super) fn i32(self) -> i32 {
        self.int as i32
    }
    #[inline(always)]
    pub(super) fn u32(self) -> u32 {
        self.int as u32
    }
    #[inline(always)]
    pub(super) fn i64(self) -> i64 {
        self.int as i64
    }
    #[inline(always)]
    pub(super) fn f32(self) -> f32 {
        f32::from_bits(self.int as u32)
    }
    #[inline(always)]
    pub(super) fn f64(self) -> f64 {
        self.float
    }
    #[inline(always)]
    pub(super) fn set(self, v: u64) -> Acc {
        Acc { int: v, ..self }
    }
    #[inline(always)]
    pub(super) fn set_i32(self, v: i32) -> Acc {
        self.set(v as u32 as u64)
    }
    #[inline(always)]
    pub(super) fn set_i64(self, v: i64) -> Acc {
        self.set(v as u64)
    }
    #[inline(always)]
    pub(super) fn set_f32(self, v: f32) -> Acc {
        self.set(v.to_bits() as u64)
    }
    #[inline(always)]
    pub(super) fn set_f64(self, v: f64) -> Acc {
        Acc { float: v, ..self }
    }
    #[inline(always)]
    pub(super) fn set_bool(self, v: bool) -> Acc {
        self.set(v as u64)
    }
}

/// The accumulator register a value of an accessor's type travels in.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub(crate) enum AccReg {
    Int,
    Float,
}

/// Base and length of an instance's memory 0 (null and 0 without one).
pub(super) fn memory_of(store: &StoreInner, inst: &InstanceEntity) -> (*mut u8, u64) {
    match inst.memories.first() {
        Some(&m) => {
            let e = &store.memories[m as usize];
            (e.mem.base(), e.mem.len() as u64)
        }
        None => (std::ptr::null_mut(), 0),
    }
}

/// Zeroes a new frame's declared locals and fills its constant slots, in
/// one loop over the body's `frame_init`.
///
/// Functions usually have a handful of each. The stores are volatile only to
/// keep the compiler from turning the loop into a `memcpy` call: a call here
/// would make the calling handler save registers on every call.
#[inline(always)]
pub(super) fn init_frame(fp: *mut u64, body: &FuncBody) {
    init_frame_from(fp, body, 0);
}

/// Sets up the words of a new frame that `init_frame_head` does not: those
/// of `frame_init` from `FRAME_INIT_HEAD` on.
#[inline(always)]
pub(super) fn init_frame_rest(fp: *mut u64, body: &FuncBody) {
    init_frame_from(fp, body, FRAME_INIT_HEAD);
}

/// Sets up the first `FRAME_INIT_HEAD` words after a new frame's
/// parameters, with fixed moves: enough for most functions, which then
/// need no loop (`FuncBody::frame_init_head`).
#[inline(always)]
pub(super) fn init_frame_head(fp: *mut u64, body: &FuncBody) {
    // SAFETY: the translator makes every frame at least `num_params +
    // FRAME_INIT_HEAD` slots, and the frame was checked to fit the stack;
    // slots are 8-byte aligned, as `[u64; N]` needs.
    unsafe { (fp.add(body.num_params as usize) as *mut [u64; FRAME_INIT_HEAD]).write(body.frame_init_head) };
}

#[inline(always)]
fn init_frame_from(fp: *mut u64, body: &FuncBody, from: usize) {
    let init = body.frame_init.get(from..).unwrap_or(&[]);
    // SAFETY: the frame was checked to hold `frame_size` slots, which
    // covers params, locals and constants: `num_params + frame_init.len()`.
    unsafe {
        let slots = fp.add(body.num_params as usize + from);
        // Volatile: a call to `memcpy` costs more than the few words copied.
        for (i, v) in init.iter().enumerate() {
            slots.add(i).write_volatile(*v);
        }
    }
}

/// Starts a new budget slice after the last one ran out: charges it to the
/// fuel, checks the interrupt flag, and returns the new budget.
#[cold]
#[inline(never)]
pub(super) fn refill(cx: &mut Cx<'_>) -> Result<i64, TrapCode> {
    let store = &mut *cx.store;
    if let Some(fuel) = store.fuel.as_mut() {
        *fuel = fuel.saturating_sub(cx.slice_len as u64);
        if *fuel == 0 {
            cx.slice_len = 0;
            return Err(TrapCode::OutOfFuel);
        }
    }
    if store.interrupt.swap(false, Ordering::AcqRel) {
        cx.slice_len = 0;
        return Err(TrapCode::Interrupted);
    }
    cx.slice_len = new_slice(store);
    Ok(cx.slice_len)
}

fn new_slice(store: &StoreInner) -> i64 {
    // Budget units between checks of the interrupt flag (and fuel refills).
    let slice = store.engine.config().check_interval as u64;
    store.fuel.map_or(slice, |f| f.min(slice)) as i64
}

/// Charges what the current slice has used to the fuel (before the host
/// runs, or when the activation ends) and starts a fresh slice.
pub(super) fn settle_fuel(cx: &mut Cx<'_>) {
    if let Some(fuel) = cx.store.fuel.as_mut() {
        *fuel = fuel.saturating_sub((cx.slice_len - cx.budget).max(0) as u64);
    }
    cx.slice_len = new_slice(cx.store);
    cx.budget = cx.slice_len;
}

/// Records a trap raised at `ip`.
#[cold]
#[inline(never)]
pub(super) fn raise(cx: &mut Cx<'_>, ip: Ip, code: TrapCode) -> Exit {
    raise_fault(cx, ip, Fault::Code(code))
}

#[cold]
#[inline(never)]
pub(super) fn raise_fault(cx: &mut Cx<'_>, ip: Ip, fault: Fault) -> Exit {
    cx.fault = Some(fault);
    cx.fault_ip = ip;
    Exit::Trap
}

/// Records that the fault already in `cx.fault` happened at `ip`.
#[cold]
#[inline(never)]
pub(super) fn raise_pending(cx: &mut Cx<'_>, ip: Ip) -> Exit {
    cx.fault_ip = ip;
    Exit::Trap
}

/// The interpreter's form of a function's code, built on first use: each
/// instruction with the address of its handler in front.
pub(super) fn prepared(body: &FuncBody) -> &[Prepared] {
    body.prepared.get_or_init(|| super::forward::prepare(body))
}

/// The handler of the prepared instruction at `ip`.
#[inline(always)]
pub(super) fn handler_of(ip: Ip) -> Handler {
    // SAFETY: `ip` points at a prepared instruction, whose `handler` field
    // holds the address of a `Handler` taken from `HANDLERS` (`prepared`).
    unsafe { std::mem::transmute::<usize, Handler>((*ip).handler) }
}

/// Runs handlers from `regs` until the activation returns or traps.
fn execute(cx: &mut Cx<'_>, regs: Regs) -> Exit {
    let handler = handler_of;
    #[cfg(zwasm_threaded)]
    {
        // SAFETY: the handler matches the instruction's tag, and `regs`
        // describes the entry function's frame, checked by the caller.
        unsafe { handler(regs.ip)(regs.ip, regs.fp, regs.mem, regs.len, cx, regs.acc) }
    }
    #[cfg(not(zwasm_threaded))]
    {
        let mut regs = regs;
        loop {
            // SAFETY: as above; each handler leaves the next state in `cx.regs`.
            let exit = unsafe { handler(regs.ip)(regs.ip, regs.fp, regs.mem, regs.len, cx, regs.acc) };
            if exit != Exit::Continue {
                return exit;
            }
            regs = cx.regs;
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
    let inst = Inst::new(store, instance);
    let body = match inst.get().module.inner.body(def) {
        Ok(body) => Body(body),
        Err(e) => return Err(super::invalid_function(e)),
    };
    // SAFETY: the caller checked that `base + frame_size` fits the stack.
    let fp = unsafe { stack_base.add(base) };
    init_frame(fp, body.get());
    let (mem, len) = memory_of(store, inst.get());
    let slice_len = new_slice(store);
    let entry_depth = store.exec.frames.len();
    let mem_epoch = store.memory_epoch;
    let regs = Regs { ip: prepared(body.get()).as_ptr(), fp, mem, len, acc: Acc::ZERO };
    let frame_limit = frame_limit(&store.exec.frames, entry_depth, max_depth);
    let mut cx = Cx {
        store,
        inst,
        bodies: inst.get().module.inner.bodies.as_ptr(),
        body,
        instance,
        entry_depth,
        max_depth,
        frame_limit,
        stack_base,
        // SAFETY: one past the end of the value stack allocation.
        stack_end: unsafe { stack_base.add(stack_len) },
        budget: slice_len,
        slice_len,
        mem_epoch,
        fault: None,
        fault_ip: std::ptr::null(),
        regs,
        host_call: HostCall { func: 0, base: Slot(0), width: 1 },
        loop_counts: body.get().loop_counts.as_ptr(),
        unprepared: std::ptr::null(),
        uncompiled: (inst, 0),
    };
    let exit = execute(&mut cx, regs);
    settle_fuel(&mut cx);
    if exit == Exit::Done {
        return Ok(());
    }
    // A trap: describe the frames, unwind to where this activation began.
    let mut trap = match cx.fault.take() {
        Some(Fault::Code(code)) => Trap::new(code),
        Some(Fault::Trap(t)) => t,
        None => Trap::new(TrapCode::Unreachable),
    };
    if trap.trace().is_empty() {
        // SAFETY: `fault_ip` is the trapping instruction of `cx.body`.
        let at = unsafe { cx.fault_ip.offset_from(prepared(cx.body.get()).as_ptr()) } as usize;
        let mut trace = vec![frame_info(cx.store, cx.instance, cx.body.get(), at)];
        for frame in cx.store.exec.frames[entry_depth..].iter().rev() {
            // SAFETY: saved frames point into live function bodies, one past
            // their call instruction.
            let at = unsafe { frame.ret_ip.offset_from(prepared(&*frame.body).as_ptr()) } as usize - 1;
            // SAFETY: as above.
            trace.push(frame_info(cx.store, frame.instance, unsafe { &*frame.body }, at));
        }
        trap.set_trace(trace);
    }
    cx.store.exec.frames.truncate(entry_depth);
    Err(trap)
}

/// See `Cx::frame_limit`.
pub(super) fn frame_limit(
    frames: &Vec<crate::interp::stack::CallFrame>,
    entry_depth: usize,
    max_depth: usize,
) -> usize {
    frames.capacity().min(entry_depth.saturating_add(max_depth))
}

fn frame_info(store: &StoreInner, instance: u32, body: &FuncBody, at: usize) -> FrameInfo {
    let module = &store.instances[instance as usize].module.inner;
    let def = body.def;
    let body_offset = body.body_offset;
    let module_offset = body.offsets.get(at).copied().unwrap_or(body_offset);
    let func_index = module.num_imported_funcs + def;
    FrameInfo {
        func_index,
        func_name: module.func_names.get(func_index).map(str::to_string),
        module_name: module.name.clone(),
        func_offset: module_offset - body_offset,
        module_offset,
        instance,
        store: store.id,
    }
}
