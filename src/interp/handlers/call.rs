//! Handlers of calls and returns.
//!
//! A WebAssembly call pushes a `CallFrame` and continues with the callee's
//! first instruction; a return pops it and continues after the call. Neither
//! uses the native stack. Host calls run in an out-of-line helper, which owns
//! the argument buffer, so the handler's final dispatch stays a jump.

use super::{
    AccReg, Forms, acc_reg, dispatch, forms, forms_lookup, generic_handler, handler, input, operands, spend,
    trap,
};
use crate::interp::exec::{
    Acc, Body, Cx, Exit, Fault, Frame, Handler, HostCall, Inst, Ip, init_frame_head, init_frame_rest,
    memory_of, raise_fault, raise_pending, settle_fuel,
};
use crate::interp::stack::CallFrame;
use crate::ir::{FRAME_INIT_HEAD, FuncBody, Op, Slot};
use crate::runtime::store::{FuncKind, StoreInner};
use crate::semantics::TrapCode;
use std::sync::OnceLock;

/// Returns from the current function (its results are in its first slots)
/// to the caller's frame, or ends the activation.
#[inline(always)]
unsafe fn leave(mem: *mut u8, len: u64, cx: &mut Cx<'_>, acc: Acc) -> Exit {
    let frames = &mut cx.store.exec.frames;
    let n = frames.len();
    if n <= cx.entry_depth {
        return Exit::Done;
    }
    // SAFETY: `n > entry_depth >= 0`, so the last frame exists.
    let frame = unsafe { *frames.as_ptr().add(n - 1) };
    // SAFETY: shrinking over an initialised, `Copy` element.
    unsafe { frames.set_len(n - 1) };
    cx.body = Body(frame.body);
    // SAFETY: a frame's body belongs to a live instance's module.
    cx.loop_counts = unsafe { (*frame.body).loop_counts.as_ptr() };
    if frame.instance != cx.instance || cx.mem_epoch != cx.store.memory_epoch {
        // Back into another instance, or the callee grew a memory.
        cx.instance = frame.instance;
        // SAFETY: `cx.instance` names the caller's live instance.
        return unsafe { reload_and_dispatch(frame.ret_ip, frame.fp, mem, len, cx, acc) };
    }
    dispatch!(frame.ret_ip, frame.fp, mem, len, cx, acc)
}

// Re-reads the current instance and its memory, then continues at `ip`:
// after switching instances, or when a memory may have grown.
handler!(#[cold] #[inline(never)] reload_and_dispatch(ip, fp, mem, len, cx, acc) {
    cx.switch_instance(cx.instance);
    cx.mem_epoch = cx.store.memory_epoch;
    let (mem, len) = memory_of(cx.store, cx.inst.get());
    dispatch!(ip, fp, mem, len, cx, acc)
});

handler!(Return(ip, fp, mem, len, cx, acc) {
    // SAFETY: `leave` continues in the caller's frame, saved by the call.
    unsafe { leave(mem, len, cx, acc) }
});

generic_handler!(ReturnSlot, forms!(nodst; get), |ip, fp, mem, len, cx, acc| {
    operands!(ip, Op::ReturnSlot { src });
    let fr = Frame(fp);
    fr.set(Slot(0), input!(fr, src, 1, acc, get));
    // SAFETY: `leave` continues in the caller's frame, saved by the call.
    unsafe { leave(mem, len, cx, acc) }
});

forms_lookup!(fn return_forms; ReturnSlot);

handler!(ReturnImm32(ip, fp, mem, len, cx, acc) {
    operands!(ip, Op::ReturnImm32 { value });
    Frame(fp).set(Slot(0), value as u64);
    // SAFETY: `leave` continues in the caller's frame, saved by the call.
    unsafe { leave(mem, len, cx, acc) }
});

handler!(ReturnImm64(ip, fp, mem, len, cx, acc) {
    operands!(ip, Op::ReturnImm64 { value });
    Frame(fp).set(Slot(0), value);
    // SAFETY: `leave` continues in the caller's frame, saved by the call.
    unsafe { leave(mem, len, cx, acc) }
});

handler!(ReturnSpan(ip, fp, mem, len, cx, acc) {
    operands!(ip, Op::ReturnSpan { src, len: count });
    let fr = Frame(fp);
    // SAFETY: both spans lie inside the frame; `copy` allows overlap.
    unsafe { std::ptr::copy(fr.at(src), fr.at(Slot(0)), count as usize) };
    // SAFETY: `leave` continues in the caller's frame, saved by the call.
    unsafe { leave(mem, len, cx, acc) }
});

/// Enters defined function `def` of instance `target` (store index
/// `target_id`), whose body is `cell`, with its frame at slot `base`; the
/// call instruction at `ip` is `width` words long. Budget is spent first, so
/// a trap here is reported at the call instruction.
#[allow(clippy::too_many_arguments, reason = "the handler state travels in registers")]
#[inline(always)]
unsafe fn enter(
    ip: Ip,
    width: usize,
    fp: *mut u64,
    base: Slot,
    target: Inst,
    target_id: u32,
    def: u32,
    cell: &OnceLock<FuncBody>,
    mem: *mut u8,
    len: u64,
    cx: &mut Cx<'_>,
    acc: Acc,
) -> Exit {
    if cx.store.exec.frames.len() >= cx.frame_limit {
        // SAFETY: same state, same instruction.
        return unsafe { frames_full(ip, fp, mem, len, cx, acc) };
    }
    let Some(callee) = cell.get() else {
        // First call of a lazily compiled function.
        cx.uncompiled = (target, def);
        // SAFETY: same state, same instruction.
        return unsafe { compile_and_retry(ip, fp, mem, len, cx, acc) };
    };
    let Some(code) = callee.prepared.get() else {
        // First call: prepare the callee's code, then run the call again.
        cx.unprepared = callee;
        // SAFETY: same state, same instruction.
        return unsafe { prepare_and_retry(ip, fp, mem, len, cx, acc) };
    };
    spend!(retry ip, fp, mem, len, cx);
    let new_fp = Frame(fp).at(base);
    let frames = &mut cx.store.exec.frames;
    if (cx.stack_end as usize - new_fp as usize) / 8 < callee.frame_size as usize {
        trap!(ip, cx, TrapCode::StackOverflow);
    }
    // SAFETY: the call instruction is followed by more code.
    let ret_ip = unsafe { ip.add(width) };
    let frame = CallFrame { ret_ip, fp, body: cx.body.0, instance: cx.instance };
    // SAFETY: there is spare capacity (`frame_limit` is at most the
    // capacity, checked above); writing in place keeps `Vec::push`'s growth
    // call out of this handler.
    unsafe {
        let n = frames.len();
        frames.as_mut_ptr().add(n).write(frame);
        frames.set_len(n + 1);
    }
    cx.body = Body(callee);
    cx.loop_counts = callee.loop_counts.as_ptr();
    init_frame_head(new_fp, callee);
    super::bump(&callee.entry_count);
    if target_id != cx.instance {
        cx.instance = target_id;
        // SAFETY: the callee's frame and code; `target_id` names its live
        // instance.
        return unsafe { enter_other_instance(code.as_ptr(), new_fp, mem, len, cx, acc) };
    }
    if callee.frame_init.len() > FRAME_INIT_HEAD {
        // SAFETY: the callee's frame and code.
        return unsafe { init_rest_and_dispatch(code.as_ptr(), new_fp, mem, len, cx, acc) };
    }
    dispatch!(code.as_ptr(), new_fp, mem, len, cx, acc)
}

// The rarer parts of entering a function are tail handlers, kept out of
// `enter` so that its common path needs few registers. This one finishes
// a frame with more initial values than `init_frame_head` sets up.
handler!(#[inline(never)] init_rest_and_dispatch(ip, fp, mem, len, cx, acc) {
    init_frame_rest(fp, cx.body.get());
    dispatch!(ip, fp, mem, len, cx, acc)
});

// Finishes entering a function of another instance (already `cx.instance`).
handler!(#[cold] #[inline(never)] enter_other_instance(ip, fp, mem, len, cx, acc) {
    init_frame_rest(fp, cx.body.get());
    // SAFETY: `cx.instance` names the callee's live instance.
    unsafe { reload_and_dispatch(ip, fp, mem, len, cx, acc) }
});

// Compiles `cx.uncompiled`, a callee never called before in a lazily
// compiled module, then runs the call again.
handler!(#[cold] #[inline(never)] compile_and_retry(ip, fp, mem, len, cx, acc) {
    let (inst, def) = cx.uncompiled;
    match inst.get().module.inner.body(def) {
        Ok(_) => dispatch!(ip, fp, mem, len, cx, acc),
        Err(e) => {
            let trap = crate::interp::invalid_function(e);
            raise_fault(cx, ip, Fault::Trap(trap))
        }
    }
});

// Prepares `cx.unprepared`, a callee's code, then runs the call again.
handler!(#[cold] #[inline(never)] prepare_and_retry(ip, fp, mem, len, cx, acc) {
    // SAFETY: set by `enter` to a body of a live instance's module.
    crate::interp::exec::prepared(unsafe { &*cx.unprepared });
    dispatch!(ip, fp, mem, len, cx, acc)
});

// A call found `frame_limit` frames: traps if the activation is as deep as
// it may go, or else grows the frame stack (or notices that a nested
// activation grew it) and runs the call instruction again.
handler!(#[cold] #[inline(never)] frames_full(ip, fp, mem, len, cx, acc) {
    let frames = &mut cx.store.exec.frames;
    if frames.len() - cx.entry_depth >= cx.max_depth {
        trap!(ip, cx, TrapCode::StackOverflow);
    }
    if frames.len() == frames.capacity() {
        frames.reserve(frames.len().max(64));
    }
    cx.frame_limit = crate::interp::exec::frame_limit(frames, cx.entry_depth, cx.max_depth);
    dispatch!(ip, fp, mem, len, cx, acc)
});

/// Calls store function `id` with its arguments at slot `base`.
#[allow(clippy::too_many_arguments, reason = "the handler state travels in registers")]
#[inline(always)]
unsafe fn call_func(
    ip: Ip,
    width: usize,
    fp: *mut u64,
    base: Slot,
    id: u32,
    mem: *mut u8,
    len: u64,
    cx: &mut Cx<'_>,
    acc: Acc,
) -> Exit {
    let (instance, def) = match cx.store.funcs.get(id as usize).map(|f| &f.kind) {
        Some(FuncKind::Wasm { instance, def }) => (*instance, *def),
        Some(FuncKind::Host(_)) => {
            cx.host_call = HostCall { func: id, base, width: width as u32 };
            // SAFETY: same state; the call's operands are in `cx.host_call`.
            return unsafe { call_host_and_continue(ip, fp, mem, len, cx, acc) };
        }
        None => trap!(ip, cx, TrapCode::Unreachable),
    };
    let (target, cell) = if instance == cx.instance {
        // SAFETY: the store made this function for defined function `def`
        // of the current instance, and `cx.bodies` has one entry for each.
        (cx.inst, unsafe { &*cx.bodies.add(def as usize) })
    } else {
        let target = Inst::new(cx.store, instance);
        let Some(cell) = target.get().module.inner.bodies.get(def as usize) else {
            trap!(ip, cx, TrapCode::Unreachable)
        };
        (target, cell)
    };
    // SAFETY: the handler's state is forwarded unchanged.
    unsafe { enter(ip, width, fp, base, target, instance, def, cell, mem, len, cx, acc) }
}

// Runs the host call described by `cx.host_call` for the call instruction
// at `ip`, then continues after it.
handler!(#[inline(never)] call_host_and_continue(ip, fp, mem, len, cx, acc) {
    let HostCall { func, base, width } = cx.host_call;
    let frame_end = Frame(fp).at(Slot(cx.body.get().frame_size));
    let top = (frame_end as usize - cx.stack_base as usize) / 8;
    if !call_host(cx, func, Frame(fp).at(base), top) {
        return raise_pending(cx, ip);
    }
    // SAFETY: the call instruction is followed by more code.
    let next = unsafe { ip.add(width as usize) };
    if cx.mem_epoch != cx.store.memory_epoch {
        // SAFETY: the host may have grown the memory; same instance.
        return unsafe { reload_and_dispatch(next, fp, mem, len, cx, acc) };
    }
    dispatch!(next, fp, mem, len, cx, acc)
});

/// Runs host function `id` on the arguments at `args`, writing its results
/// there. `top` is where nested activations may put their frames. Returns
/// false with `cx.fault` set when the host trapped.
#[inline(never)]
fn call_host(cx: &mut Cx<'_>, id: u32, args: *mut u64, top: usize) -> bool {
    let host = match &cx.store.funcs[id as usize].kind {
        FuncKind::Host(host) => host.clone(),
        FuncKind::Wasm { .. } => return false,
    };
    let np = host.ty.param_slots();
    let nr = host.ty.result_slots();
    let mut small = [0u64; 8];
    let mut big = Vec::new();
    let buf: &mut [u64] = if np.max(nr) <= small.len() {
        &mut small[..np.max(nr)]
    } else {
        big.resize(np.max(nr), 0);
        &mut big
    };
    // SAFETY: the translator placed the `np` arguments at `args` and reserved
    // slots there for the `nr` results.
    unsafe { std::ptr::copy_nonoverlapping(args, buf.as_mut_ptr(), np) };
    cx.store.exec.top = top;
    settle_fuel(cx);
    let store: &mut StoreInner = cx.store;
    let result = (host.callback)(store, Some(cx.instance), buf);
    // The host may have changed the fuel: start a fresh slice (nothing was
    // spent since the settlement above).
    settle_fuel(cx);
    match result {
        Ok(()) => {
            // SAFETY: as above.
            unsafe { std::ptr::copy_nonoverlapping(buf.as_ptr(), args, nr) };
            true
        }
        Err(trap) => {
            cx.fault = Some(Fault::Trap(trap));
            false
        }
    }
}

handler!(CallInternal(ip, fp, mem, len, cx, acc) {
    operands!(ip, Op::CallInternal { func, base });
    let (target, id) = (cx.inst, cx.instance);
    // SAFETY: `func` indexes the module's defined functions (the translator
    // takes it from a validated call), and `cx.bodies` has one entry for
    // each of them.
    let cell = unsafe { &*cx.bodies.add(func as usize) };
    // SAFETY: the handler's state is forwarded unchanged.
    unsafe { enter(ip, 1, fp, base, target, id, func, cell, mem, len, cx, acc) }
});

handler!(CallImported(ip, fp, mem, len, cx, acc) {
    operands!(ip, Op::CallImported { func, base });
    let Some(&id) = cx.inst.get().funcs.get(func as usize) else {
        trap!(ip, cx, TrapCode::Unreachable)
    };
    // SAFETY: the handler's state is forwarded unchanged.
    unsafe { call_func(ip, 1, fp, base, id, mem, len, cx, acc) }
});

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

handler!(CallIndirect(ip, fp, mem, len, cx, acc) {
    operands!(ip, Op::CallIndirect { sig, base, index });
    let table = cx.inst.get().tables.first().copied();
    let id = match indirect_target(cx.store, table, Frame(fp).u32(index), sig) {
        Ok(id) => id,
        Err(code) => trap!(ip, cx, code),
    };
    // SAFETY: the handler's state is forwarded unchanged.
    unsafe { call_func(ip, 1, fp, base, id, mem, len, cx, acc) }
});

handler!(CallIndirectT(ip, fp, mem, len, cx, acc) {
    operands!(ip, Op::CallIndirectT { sig, base, index });
    // SAFETY: the translator always follows `CallIndirectT` with its table.
    let extra = unsafe { ip.add(1) };
    operands!(extra, Op::CallIndirectTable { table });
    let table = cx.inst.get().tables.get(table as usize).copied();
    let id = match indirect_target(cx.store, table, Frame(fp).u32(index), sig) {
        Ok(id) => id,
        Err(code) => trap!(ip, cx, code),
    };
    // SAFETY: the handler's state is forwarded unchanged.
    unsafe { call_func(ip, 2, fp, base, id, mem, len, cx, acc) }
});
