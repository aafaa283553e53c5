//! `wasm_memory_t`.

use super::externtype::wasm_memorytype_t;
use super::object::{EntityKey, Handle, HandleType, Object, wasm_memory_t};
use super::store::{StoreCell, wasm_store_t};
use super::{arg, fail, guard, wasm_memory_pages_t};
use crate::Memory;
use std::sync::Arc;

pub(crate) fn parts(memory: &wasm_memory_t) -> (Memory, &Arc<StoreCell>) {
    let handle = memory.handle();
    match (handle.object(), &handle.store) {
        (Object::Memory(m), Some(store)) => (*m, store),
        _ => unreachable!("a wasm_memory_t always refers to a memory of a store"),
    }
}

#[unsafe(no_mangle)]
pub extern "C" fn wasm_memory_new(
    store: Option<&wasm_store_t>,
    ty: Option<&wasm_memorytype_t>,
) -> Option<Box<wasm_memory_t>> {
    guard(None, || {
        let store = arg!(store, None);
        let ty = arg!(ty, None).memory().ty;
        let cell = &store.cell;
        match cell.with(|ctx| Memory::new(ctx, ty)) {
            Ok(m) => Some(wasm_memory_t::boxed(Handle::entity(cell, EntityKey::Memory(m)))),
            Err(e) => fail(None, format!("wasm_memory_new: {e}")),
        }
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn wasm_memory_type(memory: Option<&wasm_memory_t>) -> Option<Box<wasm_memorytype_t>> {
    guard(None, || {
        let (m, store) = parts(arg!(memory, None));
        Some(Box::new(wasm_memorytype_t::from_engine(store.with(|ctx| m.ty(ctx)))))
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn wasm_memory_data(memory: Option<&wasm_memory_t>) -> *mut u8 {
    guard(std::ptr::null_mut(), || {
        let (m, store) = parts(arg!(memory, std::ptr::null_mut()));
        store.with(|mut ctx| m.data_mut(&mut ctx).as_mut_ptr())
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn wasm_memory_data_size(memory: Option<&wasm_memory_t>) -> usize {
    guard(0, || {
        let (m, store) = parts(arg!(memory, 0));
        store.with(|ctx| m.data_size(ctx))
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn wasm_memory_size(memory: Option<&wasm_memory_t>) -> wasm_memory_pages_t {
    guard(0, || {
        let (m, store) = parts(arg!(memory, 0));
        store.with(|ctx| m.size(ctx)) as wasm_memory_pages_t
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn wasm_memory_grow(memory: Option<&wasm_memory_t>, delta: wasm_memory_pages_t) -> bool {
    guard(false, || {
        let (m, store) = parts(arg!(memory, false));
        match store.with(|ctx| m.grow(ctx, delta as u64)) {
            Ok(_) => true,
            Err(e) => fail(false, format!("wasm_memory_grow: {e}")),
        }
    })
}
