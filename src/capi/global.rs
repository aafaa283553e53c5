//! `wasm_global_t`.

use super::externtype::wasm_globaltype_t;
use super::object::{EntityKey, Handle, HandleType, Object, wasm_global_t};
use super::store::{StoreCell, wasm_store_t};
use super::val::{from_val, to_val, wasm_val_t};
use super::vec::write_out;
use super::{arg, fail, guard};
use crate::Global;
use std::sync::Arc;

pub(crate) fn parts(global: &wasm_global_t) -> (Global, &Arc<StoreCell>) {
    let handle = global.handle();
    match (handle.object(), &handle.store) {
        (Object::Global(g), Some(store)) => (*g, store),
        _ => unreachable!("a wasm_global_t always refers to a global of a store"),
    }
}

#[unsafe(no_mangle)]
pub extern "C" fn wasm_global_new(
    store: Option<&wasm_store_t>,
    ty: Option<&wasm_globaltype_t>,
    value: Option<&wasm_val_t>,
) -> Option<Box<wasm_global_t>> {
    guard(None, || {
        let store = arg!(store, None);
        let ty = arg!(ty, None).global().ty;
        let value = arg!(value, None);
        let cell = &store.cell;
        let global = cell.with(|mut ctx| {
            let value = to_val(cell, &mut ctx, value, Some(ty.content))?;
            Global::new(&mut ctx, ty, value).map_err(|e| e.to_string())
        });
        match global {
            Ok(g) => Some(wasm_global_t::boxed(Handle::entity(cell, EntityKey::Global(g)))),
            Err(e) => fail(None, format!("wasm_global_new: {e}")),
        }
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn wasm_global_type(global: Option<&wasm_global_t>) -> Option<Box<wasm_globaltype_t>> {
    guard(None, || {
        let (g, store) = parts(arg!(global, None));
        Some(Box::new(wasm_globaltype_t::from_engine(store.with(|ctx| g.ty(ctx)))))
    })
}

#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_global_get(global: Option<&wasm_global_t>, out: *mut wasm_val_t) {
    let value = guard(wasm_val_t::i32(0), || {
        let global = arg!(global, wasm_val_t::i32(0));
        let (g, store) = parts(global);
        let value = store.with(|ctx| from_val(store, &ctx, &g.get(&ctx)));
        value.unwrap_or_else(|e| fail(wasm_val_t::i32(0), format!("wasm_global_get: {e}")))
    });
    // SAFETY: `out` is an output parameter.
    unsafe { write_out(out, value) }
}

#[unsafe(no_mangle)]
pub extern "C" fn wasm_global_set(global: Option<&wasm_global_t>, value: Option<&wasm_val_t>) {
    guard((), || {
        let global = arg!(global, ());
        let value = arg!(value, ());
        let (g, store) = parts(global);
        let result = store.with(|mut ctx| {
            let ty = g.ty(&ctx);
            let value = to_val(store, &mut ctx, value, Some(ty.content))?;
            g.set(&mut ctx, value).map_err(|e| e.to_string())
        });
        if let Err(e) = result {
            fail((), format!("wasm_global_set: {e}"))
        }
    })
}
