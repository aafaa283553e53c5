//! The register-IR interpreter: every function starts here.

mod exec;
mod forward;
mod handlers;
mod stack;

pub(crate) use stack::ExecState;

use crate::runtime::store::{FuncKind, StoreInner};
use crate::semantics::TrapCode;
use crate::trap::Trap;

const WASM_PAGE: u64 = 65536;

/// How this build dispatches interpreter instructions: `"threaded"` (each
/// handler jumps to the next) or `"loop"` (handlers return to a loop; used
/// when the compiler does not optimise, where the jumps would be calls).
pub fn dispatch_mode() -> &'static str {
    if cfg!(zwasm_threaded) { "threaded" } else { "loop" }
}

/// How deeply host and WebAssembly calls may nest (host → wasm → host ...).
/// Each level uses some native stack, so this bounds native stack use.
const MAX_NESTING: u32 = 100;

/// The trap for a function that failed to compile on its first call.
pub(crate) fn invalid_function(e: crate::error::CompileError) -> Trap {
    Trap::with_message(TrapCode::InvalidFunction, e.to_string())
}

/// Calls store function `func`. `slots` holds the arguments on entry and
/// receives the results; its length is the larger of the two counts.
pub(crate) fn invoke(store: &mut StoreInner, func: u32, slots: &mut [u64]) -> Result<(), Trap> {
    let (instance, def) = match &store.funcs[func as usize].kind {
        FuncKind::Host(host) => {
            let host = host.clone();
            return (host.callback)(store, None, slots);
        }
        FuncKind::Wasm { instance, def } => (*instance, *def),
    };
    if store.exec.nesting >= MAX_NESTING {
        return Err(Trap::new(TrapCode::StackOverflow));
    }
    let stack_slots = store.engine.config().max_stack_slots;
    let frame_size = match store.instances[instance as usize].module.inner.body(def) {
        Ok(body) => body.frame_size as usize,
        Err(e) => return Err(invalid_function(e)),
    };
    let base = store.exec.top;
    let stack = store.exec.stack(stack_slots).ok_or(Trap::new(TrapCode::StackOverflow))?;
    if base.saturating_add(frame_size.max(slots.len())) > stack.len() {
        return Err(Trap::new(TrapCode::StackOverflow));
    }
    // SAFETY: `base + slots.len()` is within the value stack (checked above)
    // and `slots` is a separate allocation owned by the caller.
    unsafe { std::ptr::copy_nonoverlapping(slots.as_ptr(), stack.base().add(base), slots.len()) };
    store.exec.nesting += 1;
    let result = exec::run(store, instance, def, base);
    store.exec.nesting -= 1;
    store.exec.top = base;
    result?;
    let stack = store.exec.stack(stack_slots).ok_or(Trap::new(TrapCode::StackOverflow))?;
    // SAFETY: as above; the results are in the frame's first slots.
    unsafe { std::ptr::copy_nonoverlapping(stack.base().add(base), slots.as_mut_ptr(), slots.len()) };
    Ok(())
}
