//! Store budgets and limits: fuel, interruption from another thread, and
//! caps on memory and table growth.

use crate::capi::{fail, guard, wasm_store_t};

/// The store behind a `wasm_store_t*` parameter. The C functions take the
/// store as mutable (as `wasm.h` does) but only need shared access; other
/// live references to the handle (a call in progress) are fine.
///
/// # Safety
/// `store` is NULL or a live store handle.
pub(crate) unsafe fn store_at<'a>(store: *mut wasm_store_t) -> Option<&'a wasm_store_t> {
    // SAFETY: guaranteed by this function's contract.
    unsafe { store.as_ref() }
}
use crate::InterruptHandle;

/// The "no limit" value of the `zwasm_store_limit_*` functions.
pub const ZWASM_UNLIMITED: u64 = u64::MAX;

/// Turns fuel metering on with `fuel` units. One unit is spent on every
/// function entry and every loop iteration; when none is left, the running
/// call traps with "all fuel consumed" (`ZWASM_TRAP_OUT_OF_FUEL`). The trap
/// unwinds that call; the store stays usable, and once the host adds fuel,
/// new calls run again. May be called from a host function.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zwasm_store_set_fuel(store: *mut wasm_store_t, fuel: u64) {
    // SAFETY: `store` is NULL or a live handle (this function's contract).
    let store = unsafe { store_at(store) };
    guard((), || match store {
        Some(store) => store.cell.with(|mut ctx| ctx.set_fuel(Some(fuel))),
        None => fail((), "`store` must not be NULL"),
    })
}

/// Adds `fuel` units (saturating). Returns false when metering is off.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zwasm_store_add_fuel(store: *mut wasm_store_t, fuel: u64) -> bool {
    // SAFETY: `store` is NULL or a live handle (this function's contract).
    let store = unsafe { store_at(store) };
    guard(false, || {
        let Some(store) = store else { return fail(false, "`store` must not be NULL") };
        store.cell.with(|mut ctx| match ctx.fuel() {
            Some(left) => {
                ctx.set_fuel(Some(left.saturating_add(fuel)));
                true
            }
            None => {
                fail(false, "zwasm_store_add_fuel: fuel metering is off (zwasm_store_set_fuel turns it on)")
            }
        })
    })
}

/// Stores the fuel left in `*fuel` and returns true; returns false when
/// metering is off.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zwasm_store_get_fuel(store: Option<&wasm_store_t>, fuel: *mut u64) -> bool {
    let left = guard(None, || store.and_then(|s| s.cell.with(|ctx| ctx.fuel())));
    match left {
        Some(left) if !fuel.is_null() => {
            // SAFETY: a non-NULL `fuel` is an output parameter.
            unsafe { fuel.write(left) };
            true
        }
        _ => false,
    }
}

/// Turns fuel metering off.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zwasm_store_disable_fuel(store: *mut wasm_store_t) {
    // SAFETY: `store` is NULL or a live handle (this function's contract).
    let store = unsafe { store_at(store) };
    guard((), || match store {
        Some(store) => store.cell.with(|mut ctx| ctx.set_fuel(None)),
        None => fail((), "`store` must not be NULL"),
    })
}

/// Caps every memory of the store (existing and future) at `pages` 64 KiB
/// pages: `memory.grow` and `wasm_memory_grow` beyond it fail, and creating
/// a larger memory fails. `ZWASM_UNLIMITED` removes the cap.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zwasm_store_limit_memory_pages(store: *mut wasm_store_t, pages: u64) {
    // SAFETY: `store` is NULL or a live handle (this function's contract).
    let store = unsafe { store_at(store) };
    guard((), || match store {
        Some(store) => {
            store.cell.with(|mut ctx| ctx.limit_memory_pages((pages != ZWASM_UNLIMITED).then_some(pages)))
        }
        None => fail((), "`store` must not be NULL"),
    })
}

/// Caps every table of the store at `elements` entries, as
/// `zwasm_store_limit_memory_pages` does for memories.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zwasm_store_limit_table_elements(store: *mut wasm_store_t, elements: u64) {
    // SAFETY: `store` is NULL or a live handle (this function's contract).
    let store = unsafe { store_at(store) };
    guard((), || match store {
        Some(store) => store
            .cell
            .with(|mut ctx| ctx.limit_table_elements((elements != ZWASM_UNLIMITED).then_some(elements))),
        None => fail((), "`store` must not be NULL"),
    })
}

/// A handle that interrupts the WebAssembly code running in a store, from
/// any thread.
pub struct zwasm_interrupt_handle_t {
    handle: InterruptHandle,
}

/// A new interrupt handle of the store (owned by the caller; it may
/// outlive the store, and may be used from any thread).
#[unsafe(no_mangle)]
pub extern "C" fn zwasm_interrupt_handle_new(
    store: Option<&wasm_store_t>,
) -> Option<Box<zwasm_interrupt_handle_t>> {
    guard(None, || match store {
        Some(store) => {
            Some(Box::new(zwasm_interrupt_handle_t { handle: store.cell.with(|ctx| ctx.interrupt_handle()) }))
        }
        None => fail(None, "`store` must not be NULL"),
    })
}

/// Makes the call running in the store trap with "interrupted"
/// (`ZWASM_TRAP_INTERRUPTED`) at its next function entry or loop iteration
/// check; when no call runs, the next call traps. Safe from any thread.
#[unsafe(no_mangle)]
pub extern "C" fn zwasm_interrupt_handle_interrupt(handle: Option<&zwasm_interrupt_handle_t>) {
    guard((), || match handle {
        Some(h) => h.handle.interrupt(),
        None => fail((), "`handle` must not be NULL"),
    })
}

/// Deletes an interrupt handle.
#[unsafe(no_mangle)]
pub extern "C" fn zwasm_interrupt_handle_delete(handle: Option<Box<zwasm_interrupt_handle_t>>) {
    guard((), move || drop(handle))
}
