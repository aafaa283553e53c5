//! `wasm_table_t`.

use super::externtype::wasm_tabletype_t;
use super::object::{EntityKey, Handle, HandleType, Object, wasm_ref_t, wasm_table_t};
use super::store::{StoreCell, wasm_store_t};
use super::val::{ref_to_val, val_to_ref};
use super::{arg, fail, guard, wasm_table_size_t};
use crate::Table;
use std::sync::Arc;

pub(crate) fn parts(table: &wasm_table_t) -> (Table, &Arc<StoreCell>) {
    let handle = table.handle();
    match (handle.object(), &handle.store) {
        (Object::Table(t), Some(store)) => (*t, store),
        _ => unreachable!("a wasm_table_t always refers to a table of a store"),
    }
}

#[unsafe(no_mangle)]
pub extern "C" fn wasm_table_new(
    store: Option<&wasm_store_t>,
    ty: Option<&wasm_tabletype_t>,
    init: Option<&wasm_ref_t>,
) -> Option<Box<wasm_table_t>> {
    guard(None, || {
        let store = arg!(store, None);
        let ty = arg!(ty, None).table().ty;
        let cell = &store.cell;
        let table = cell.with(|mut ctx| {
            let init = ref_to_val(cell, &mut ctx, init, ty.element)?;
            Table::new(&mut ctx, ty, init).map_err(|e| e.to_string())
        });
        match table {
            Ok(t) => Some(wasm_table_t::boxed(Handle::entity(cell, EntityKey::Table(t)))),
            Err(e) => fail(None, format!("wasm_table_new: {e}")),
        }
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn wasm_table_type(table: Option<&wasm_table_t>) -> Option<Box<wasm_tabletype_t>> {
    guard(None, || {
        let (t, store) = parts(arg!(table, None));
        Some(Box::new(wasm_tabletype_t::from_engine(store.with(|ctx| t.ty(ctx)))))
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn wasm_table_get(
    table: Option<&wasm_table_t>,
    index: wasm_table_size_t,
) -> Option<Box<wasm_ref_t>> {
    guard(None, || {
        let (t, store) = parts(arg!(table, None));
        let element = store.with(|ctx| match t.get(&ctx, index as u64) {
            Some(value) => val_to_ref(store, &ctx, &value),
            None => Err(format!("index {index} is past the end of the table ({} elements)", t.size(&ctx))),
        });
        match element {
            Ok(handle) => handle.map(wasm_ref_t::boxed),
            Err(e) => fail(None, format!("wasm_table_get: {e}")),
        }
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn wasm_table_set(
    table: Option<&wasm_table_t>,
    index: wasm_table_size_t,
    value: Option<&wasm_ref_t>,
) -> bool {
    guard(false, || {
        let (t, store) = parts(arg!(table, false));
        let result = store.with(|mut ctx| {
            let element = t.ty(&ctx).element;
            let value = ref_to_val(store, &mut ctx, value, element)?;
            t.set(&mut ctx, index as u64, value).map_err(|e| e.to_string())
        });
        result.map_or_else(|e| fail(false, format!("wasm_table_set: {e}")), |()| true)
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn wasm_table_size(table: Option<&wasm_table_t>) -> wasm_table_size_t {
    guard(0, || {
        let (t, store) = parts(arg!(table, 0));
        store.with(|ctx| t.size(ctx)) as wasm_table_size_t
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn wasm_table_grow(
    table: Option<&wasm_table_t>,
    delta: wasm_table_size_t,
    init: Option<&wasm_ref_t>,
) -> bool {
    guard(false, || {
        let (t, store) = parts(arg!(table, false));
        let result = store.with(|mut ctx| {
            let element = t.ty(&ctx).element;
            let init = ref_to_val(store, &mut ctx, init, element)?;
            t.grow(&mut ctx, delta as u64, init).map_err(|e| e.to_string())
        });
        result.map_or_else(|e| fail(false, format!("wasm_table_grow: {e}")), |_| true)
    })
}
