//! `wasm_module_t`: compiling, validating, reflecting, serializing and
//! sharing modules.

use super::externtype::{wasm_exporttype_t, wasm_importtype_t};
use super::object::{Handle, HandleType, Object, wasm_module_t};
use super::store::wasm_store_t;
use super::vec::{WasmVec, wasm_byte_vec_t, wasm_exporttype_vec_t, wasm_importtype_vec_t, write_out};
use super::{arg, fail, guard, serialize, set_last_error};
use crate::{Engine, Error, Module};
use std::sync::Arc;

/// A compiled module and the binary it came from (which serialization and
/// moving to another engine need).
pub(crate) struct ModuleData {
    pub(crate) module: Module,
    pub(crate) binary: Arc<[u8]>,
}

/// Compiles a binary module (text is refused: `wasm.h` speaks of binaries;
/// `zwasm_module_new_wat` takes text).
pub(crate) fn compile(engine: &Engine, binary: Arc<[u8]>) -> Result<Arc<ModuleData>, Error> {
    if !binary.starts_with(b"\0asm") {
        return Err(Error::Usage(
            "not a binary WebAssembly module (it does not start with \"\\0asm\"); \
             zwasm_module_new_wat compiles the text format"
                .into(),
        ));
    }
    // Shared, so that a lazily compiled module keeps this same copy.
    let module = Module::from_shared(engine, binary.clone())?;
    Ok(Arc::new(ModuleData { module, binary }))
}

pub(crate) fn new_module(data: Arc<ModuleData>) -> Box<wasm_module_t> {
    wasm_module_t::boxed(Handle::unique(Object::Module(data), None))
}

pub(crate) fn module_data(module: &wasm_module_t) -> &Arc<ModuleData> {
    match module.handle().object() {
        Object::Module(data) => data,
        _ => unreachable!("a wasm_module_t always refers to a module"),
    }
}

#[unsafe(no_mangle)]
pub extern "C" fn wasm_module_new(
    store: Option<&wasm_store_t>,
    binary: Option<&wasm_byte_vec_t>,
) -> Option<Box<wasm_module_t>> {
    guard(None, || {
        let store = arg!(store, None);
        let binary = arg!(binary, None);
        match compile(store.cell.engine(), binary.as_slice().into()) {
            Ok(data) => Some(new_module(data)),
            Err(e) => fail(None, e.to_string()),
        }
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn wasm_module_validate(
    store: Option<&wasm_store_t>,
    binary: Option<&wasm_byte_vec_t>,
) -> bool {
    guard(false, || {
        let store = arg!(store, false);
        let binary = arg!(binary, false);
        let bytes = binary.as_slice();
        if !bytes.starts_with(b"\0asm") {
            return fail(false, "not a binary WebAssembly module (it does not start with \"\\0asm\")");
        }
        match Module::validate(store.cell.engine(), bytes) {
            Ok(()) => true,
            Err(e) => fail(false, e.to_string()),
        }
    })
}

#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_module_imports(
    module: Option<&wasm_module_t>,
    out: *mut wasm_importtype_vec_t,
) {
    let imports = guard(WasmVec::empty(), || {
        let module = arg!(module, WasmVec::empty());
        module_data(module)
            .module
            .imports()
            .map(|i| Some(Box::new(wasm_importtype_t::from_engine(i.module, i.name, &i.ty))))
            .collect::<Vec<_>>()
            .into()
    });
    // SAFETY: `out` is an output parameter.
    unsafe { write_out(out, imports) }
}

#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_module_exports(
    module: Option<&wasm_module_t>,
    out: *mut wasm_exporttype_vec_t,
) {
    let exports = guard(WasmVec::empty(), || {
        let module = arg!(module, WasmVec::empty());
        module_data(module)
            .module
            .exports()
            .map(|e| Some(Box::new(wasm_exporttype_t::from_engine(e.name, &e.ty))))
            .collect::<Vec<_>>()
            .into()
    });
    // SAFETY: `out` is an output parameter.
    unsafe { write_out(out, exports) }
}

#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_module_serialize(module: Option<&wasm_module_t>, out: *mut wasm_byte_vec_t) {
    let bytes = guard(WasmVec::empty(), || {
        let module = arg!(module, WasmVec::empty());
        serialize::encode(&module_data(module).binary).into()
    });
    // SAFETY: `out` is an output parameter.
    unsafe { write_out(out, bytes) }
}

#[unsafe(no_mangle)]
pub extern "C" fn wasm_module_deserialize(
    store: Option<&wasm_store_t>,
    bytes: Option<&wasm_byte_vec_t>,
) -> Option<Box<wasm_module_t>> {
    guard(None, || {
        let store = arg!(store, None);
        let bytes = arg!(bytes, None);
        let binary = match serialize::decode(bytes.as_slice()) {
            Ok(binary) => binary,
            Err(e) => return fail(None, e),
        };
        match compile(store.cell.engine(), binary.into()) {
            Ok(data) => Some(new_module(data)),
            Err(e) => fail(None, format!("serialized module does not load: {e}")),
        }
    })
}

/// `wasm_shared_module_t`: a module packed to move to another thread.
pub struct wasm_shared_module_t {
    data: Arc<ModuleData>,
}

#[unsafe(no_mangle)]
pub extern "C" fn wasm_module_share(module: Option<&wasm_module_t>) -> Option<Box<wasm_shared_module_t>> {
    guard(None, || {
        let module = arg!(module, None);
        Some(Box::new(wasm_shared_module_t { data: module_data(module).clone() }))
    })
}

/// Unpacks a shared module into a store: the same compiled module when the
/// store has the module's engine, else compiled anew for the store's
/// engine from the module's binary.
#[unsafe(no_mangle)]
pub extern "C" fn wasm_module_obtain(
    store: Option<&wasm_store_t>,
    shared: Option<&wasm_shared_module_t>,
) -> Option<Box<wasm_module_t>> {
    guard(None, || {
        let store = arg!(store, None);
        let shared = arg!(shared, None);
        if Engine::same(shared.data.module.engine(), store.cell.engine()) {
            return Some(new_module(shared.data.clone()));
        }
        match compile(store.cell.engine(), shared.data.binary.clone()) {
            Ok(data) => Some(new_module(data)),
            Err(e) => {
                set_last_error(e.to_string());
                None
            }
        }
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn wasm_shared_module_delete(shared: Option<Box<wasm_shared_module_t>>) {
    guard((), move || drop(shared))
}
