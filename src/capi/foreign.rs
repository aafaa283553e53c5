//! `wasm_foreign_t`: a host object with nothing but an identity and host
//! info, to pass through WebAssembly as an `externref`.

use super::object::{Handle, HandleType, Object, wasm_foreign_t};
use super::store::wasm_store_t;
use super::{arg, guard};

#[unsafe(no_mangle)]
pub extern "C" fn wasm_foreign_new(store: Option<&wasm_store_t>) -> Option<Box<wasm_foreign_t>> {
    guard(None, || {
        arg!(store, None);
        Some(wasm_foreign_t::boxed(Handle::unique(Object::Foreign, None)))
    })
}
