//! `wasm_func_t`: host functions from C callbacks, and calls.

use super::externtype::wasm_functype_t;
use super::object::{EntityKey, Handle, HandleType, Object, wasm_func_t};
use super::store::{StoreCell, StoreData, wasm_store_t};
use super::trap::{TrapData, new_trap, trap_data};
use super::val::{from_val, to_val, wasm_val_t};
use super::vec::{WasmVec, wasm_val_vec_t};
use super::{arg, fail, guard, guard_with, panic_message, wasm_finalizer_t};
use crate::{Caller, Func, FuncType, Trap, Val, ValType};
use std::ffi::c_void;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Weak};

/// `wasm_func_callback_t`.
pub type wasm_func_callback_t = Option<
    unsafe extern "C" fn(
        args: *const wasm_val_vec_t,
        results: *mut wasm_val_vec_t,
    ) -> *mut super::wasm_trap_t,
>;

/// `wasm_func_callback_with_env_t`.
pub type wasm_func_callback_with_env_t = Option<
    unsafe extern "C" fn(
        env: *mut c_void,
        args: *const wasm_val_vec_t,
        results: *mut wasm_val_vec_t,
    ) -> *mut super::wasm_trap_t,
>;

enum Callback {
    Plain(unsafe extern "C" fn(*const wasm_val_vec_t, *mut wasm_val_vec_t) -> *mut super::wasm_trap_t),
    WithEnv(
        unsafe extern "C" fn(
            *mut c_void,
            *const wasm_val_vec_t,
            *mut wasm_val_vec_t,
        ) -> *mut super::wasm_trap_t,
    ),
}

/// A host function's C side: its callback and environment.
struct HostEnv {
    callback: Callback,
    env: *mut c_void,
    finalizer: wasm_finalizer_t,
}

// SAFETY: zwasm never dereferences `env`; it passes it back to the host's
// callback and finalizer, on the thread that is using the store (the C API
// lets the host decide what `env` may be used for).
unsafe impl Send for HostEnv {}
// SAFETY: as above; nothing here is mutated after creation.
unsafe impl Sync for HostEnv {}

impl Drop for HostEnv {
    fn drop(&mut self) {
        if let Some(finalize) = self.finalizer.take() {
            // SAFETY: the host gave this finalizer for this environment, to
            // be called once when the function goes (with its store).
            unsafe { finalize(self.env) };
        }
    }
}

impl HostEnv {
    /// Calls the C callback.
    ///
    /// # Safety
    /// `args` and `results` are valid vectors for the duration of the call.
    unsafe fn call(
        &self,
        args: *const wasm_val_vec_t,
        results: *mut wasm_val_vec_t,
    ) -> *mut super::wasm_trap_t {
        // SAFETY: the host registered the callback with this signature; the
        // vectors are valid (this function's contract).
        unsafe {
            match self.callback {
                Callback::Plain(f) => f(args, results),
                Callback::WithEnv(f) => f(self.env, args, results),
            }
        }
    }
}

/// Runs a host function: converts the arguments, calls the C callback with
/// the store lent to it, and converts the results (or its trap) back.
fn host_call(
    store: &Arc<StoreCell>,
    host: &HostEnv,
    caller: &mut Caller<'_, StoreData>,
    params: &[Val],
    results: &mut [Val],
    result_types: &[ValType],
) -> Result<(), Trap> {
    let mut args: WasmVec<wasm_val_t> = {
        let ctx = crate::AsContextMut::as_context_mut(caller);
        let args: Result<Vec<_>, String> = params.iter().map(|v| from_val(store, &ctx, v)).collect();
        args.map_err(Trap::host)?.into()
    };
    let mut outs: WasmVec<wasm_val_t> =
        result_types.iter().map(|&ty| default_val(ty)).collect::<Vec<_>>().into();
    let returned = store.lend(caller, || {
        // SAFETY: both vectors are owned here and outlive the call.
        let returned = catch_unwind(AssertUnwindSafe(|| unsafe { host.call(&args, &mut outs) }));
        // Releasing the arguments may run host finalizers; they run while
        // the store is lent, so they may use it.
        drop(args.take());
        returned
    });
    let trap = match returned {
        Ok(trap) => trap,
        Err(payload) => {
            store.lend(caller, || drop(outs.take()));
            return Err(Trap::host(format!("host function panicked: {}", panic_message(&payload))));
        }
    };
    if !trap.is_null() {
        // SAFETY: the callback gave this trap over to us (`own`); it was
        // made by `wasm_trap_new` or another of our functions.
        let trap = unsafe { Box::from_raw(trap) };
        let engine_trap = trap_data(&trap).to_engine();
        store.lend(caller, move || {
            drop(trap);
            drop(outs.take());
        });
        return Err(engine_trap);
    }
    let converted: Result<Vec<Val>, String> = {
        let mut ctx = crate::AsContextMut::as_context_mut(caller);
        outs.as_slice()
            .iter()
            .zip(result_types)
            .enumerate()
            .map(|(i, (v, &ty))| to_val(store, &mut ctx, v, Some(ty)).map_err(|e| format!("result {i}: {e}")))
            .collect()
    };
    store.lend(caller, || drop(outs.take()));
    let converted = converted.map_err(|e| Trap::host(format!("host function returned {e}")))?;
    for (slot, value) in results.iter_mut().zip(converted) {
        *slot = value;
    }
    Ok(())
}

/// The value a result slot holds before the callback sets it: zero, or the
/// null reference.
pub(crate) fn default_val(ty: ValType) -> wasm_val_t {
    let mut v = wasm_val_t::i32(0);
    v.kind = super::types::kind_of(ty);
    v
}

fn new_host_func(
    store: &wasm_store_t,
    ty: &wasm_functype_t,
    callback: Callback,
    env: *mut c_void,
    finalizer: wasm_finalizer_t,
) -> Box<wasm_func_t> {
    let host = HostEnv { callback, env, finalizer };
    let ty: FuncType = ty.func().ty.clone();
    let result_types: Vec<ValType> = ty.results().to_vec();
    let weak: Weak<StoreCell> = Arc::downgrade(&store.cell);
    let func = store.cell.with(|ctx| {
        Func::new(ctx, ty, move |mut caller, params, results| {
            let store = weak.upgrade().ok_or_else(|| Trap::host("the function's store is being deleted"))?;
            // A panic here must not unwind through the interpreter: it
            // becomes a trap, and the call unwinds the normal way.
            catch_unwind(AssertUnwindSafe(|| {
                host_call(&store, &host, &mut caller, params, results, &result_types)
            }))
            .unwrap_or_else(|payload| Err(Trap::host(format!("internal error: {}", panic_message(&payload)))))
        })
    });
    wasm_func_t::boxed(Handle::entity(&store.cell, EntityKey::Func(func)))
}

#[unsafe(no_mangle)]
pub extern "C" fn wasm_func_new(
    store: Option<&wasm_store_t>,
    ty: Option<&wasm_functype_t>,
    callback: wasm_func_callback_t,
) -> Option<Box<wasm_func_t>> {
    guard(None, || {
        let store = arg!(store, None);
        let ty = arg!(ty, None);
        let callback = arg!(callback, None);
        Some(new_host_func(store, ty, Callback::Plain(callback), std::ptr::null_mut(), None))
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn wasm_func_new_with_env(
    store: Option<&wasm_store_t>,
    ty: Option<&wasm_functype_t>,
    callback: wasm_func_callback_with_env_t,
    env: *mut c_void,
    finalizer: wasm_finalizer_t,
) -> Option<Box<wasm_func_t>> {
    guard(None, || {
        let store = arg!(store, None);
        let ty = arg!(ty, None);
        let callback = arg!(callback, None);
        Some(new_host_func(store, ty, Callback::WithEnv(callback), env, finalizer))
    })
}

/// The function and store of a function handle.
pub(crate) fn parts(func: &wasm_func_t) -> (Func, &Arc<StoreCell>) {
    let handle = func.handle();
    match (handle.object(), &handle.store) {
        (Object::Func(f), Some(store)) => (*f, store),
        _ => unreachable!("a wasm_func_t always refers to a function of a store"),
    }
}

pub(crate) fn func_type(func: &wasm_func_t) -> FuncType {
    let (f, store) = parts(func);
    store.with(|ctx| f.ty(ctx))
}

#[unsafe(no_mangle)]
pub extern "C" fn wasm_func_type(func: Option<&wasm_func_t>) -> Option<Box<wasm_functype_t>> {
    guard(None, || Some(Box::new(wasm_functype_t::from_engine(&func_type(arg!(func, None))))))
}

#[unsafe(no_mangle)]
pub extern "C" fn wasm_func_param_arity(func: Option<&wasm_func_t>) -> usize {
    guard(0, || func_type(arg!(func, 0)).params().len())
}

#[unsafe(no_mangle)]
pub extern "C" fn wasm_func_result_arity(func: Option<&wasm_func_t>) -> usize {
    guard(0, || func_type(arg!(func, 0)).results().len())
}

/// Calls `func` with C arguments; writes the results into `results`
/// (without reading or dropping what was there). Errors of any kind come
/// back as trap data.
pub(crate) fn call(
    func: &wasm_func_t,
    args: &[wasm_val_t],
    results: &mut [wasm_val_t],
) -> Result<(), TrapData> {
    let (f, store) = parts(func);
    let store = store.clone();
    store.with(|mut ctx| {
        let ty = f.ty(&ctx);
        if args.len() != ty.params().len() {
            return Err(TrapData::message(format!(
                "wasm_func_call: the function takes {} arguments, {} were given",
                ty.params().len(),
                args.len()
            )));
        }
        if results.len() != ty.results().len() {
            return Err(TrapData::message(format!(
                "wasm_func_call: the function returns {} results, room was given for {}",
                ty.results().len(),
                results.len()
            )));
        }
        let mut params = Vec::with_capacity(args.len());
        for (i, (arg, &expected)) in args.iter().zip(ty.params()).enumerate() {
            let value = to_val(&store, &mut ctx, arg, Some(expected))
                .map_err(|e| TrapData::message(format!("wasm_func_call: argument {i}: {e}")))?;
            params.push(value);
        }
        let mut out: Vec<Val> = ty.results().iter().map(|&t| Val::default_for(t)).collect();
        f.call(&mut ctx, &params, &mut out).map_err(|e| TrapData::from_error(Some(&store), &e))?;
        let converted: Result<Vec<wasm_val_t>, String> =
            out.iter().map(|v| from_val(&store, &ctx, v)).collect();
        let converted = converted.map_err(|e| TrapData::message(format!("wasm_func_call: {e}")))?;
        for (slot, value) in results.iter_mut().zip(converted) {
            // SAFETY: `slot` is writable; its old contents belong to nobody
            // (results are output slots) and must not be dropped.
            unsafe { std::ptr::write(slot, value) };
        }
        Ok(())
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn wasm_func_call(
    func: Option<&wasm_func_t>,
    args: Option<&wasm_val_vec_t>,
    results: Option<&mut wasm_val_vec_t>,
) -> Option<Box<super::wasm_trap_t>> {
    guard_with(
        |m| Some(new_trap(TrapData::message(format!("wasm_func_call: {m}")))),
        || {
            let Some(func) = func else {
                let message = "wasm_func_call: `func` must not be NULL";
                return fail(Some(new_trap(TrapData::message(message))), message);
            };
            let args = args.map_or(&[][..], |a| a.as_slice());
            let mut no_results = WasmVec::empty();
            let results = results.unwrap_or(&mut no_results);
            match call(func, args, results.as_mut_slice()) {
                Ok(()) => None,
                Err(trap) => Some(new_trap(trap)),
            }
        },
    )
}
