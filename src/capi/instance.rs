//! `wasm_instance_t`: instantiation and exports.

use super::externals::to_extern;
use super::module::module_data;
use super::object::{EntityKey, Handle, HandleType, Object, wasm_extern_t, wasm_instance_t, wasm_module_t};
use super::store::{StoreCell, wasm_store_t};
use super::trap::{TrapData, new_trap};
use super::vec::{WasmVec, wasm_extern_vec_t, write_out};
use super::{arg, fail, guard, guard_with, set_last_error};

use crate::{Error, Extern, Instance};
use std::sync::Arc;

/// Instantiates `module` in `store` with imports given as C externs, in
/// the order of the module's imports. Link errors name the import.
pub(crate) fn instantiate(
    store: &Arc<StoreCell>,
    module: &wasm_module_t,
    imports: &[Option<Box<wasm_extern_t>>],
) -> Result<Box<wasm_instance_t>, Error> {
    let data = module_data(module);
    let wanted: Vec<_> = data.module.imports().collect();
    let name =
        |i: usize| format!("`{}::{}` ({})", wanted[i].module, wanted[i].name, wanted[i].ty.kind_name());
    if imports.len() < wanted.len() {
        return Err(Error::Link(format!(
            "missing import {}: {} of the module's {} imports were given",
            name(imports.len()),
            imports.len(),
            wanted.len()
        )));
    }
    if imports.len() > wanted.len() {
        return Err(Error::Link(format!(
            "{} imports were given, but the module has {}",
            imports.len(),
            wanted.len()
        )));
    }
    let mut items: Vec<Extern> = Vec::with_capacity(imports.len());
    for (i, import) in imports.iter().enumerate() {
        let import =
            import.as_ref().ok_or_else(|| Error::Link(format!("missing import {}: it is NULL", name(i))))?;
        if let Some(owner) = &import.handle().store
            && !Arc::ptr_eq(owner, store)
        {
            return Err(Error::Usage(format!("import {} belongs to another store", name(i))));
        }
        items.push(to_extern(import).map_err(|e| Error::Link(format!("import {}: {e}", name(i))))?);
    }
    let instance = store.with(|ctx| Instance::new(ctx, &data.module, &items))?;
    Ok(wasm_instance_t::boxed(Handle::entity(store, EntityKey::Instance(instance))))
}

#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_instance_new(
    store: Option<&wasm_store_t>,
    module: Option<&wasm_module_t>,
    imports: Option<&wasm_extern_vec_t>,
    trap: *mut *mut super::wasm_trap_t,
) -> Option<Box<wasm_instance_t>> {
    let cell = store.map(|s| s.cell.clone());
    let result = guard_with(
        |m| Err(Error::Usage(format!("wasm_instance_new: {m}"))),
        || {
            let store = cell.as_ref().ok_or_else(|| Error::Usage("`store` must not be NULL".into()))?;
            let module = module.ok_or_else(|| Error::Usage("`module` must not be NULL".into()))?;
            let imports = imports.map_or(&[][..], |v| v.as_slice());
            instantiate(store, module, imports)
        },
    );
    let outcome = match result {
        Ok(instance) => Ok(instance),
        Err(error) => {
            set_last_error(error.to_string());
            Err(guard(None, || Some(new_trap(TrapData::from_error(cell.as_ref(), &error)))))
        }
    };
    if !trap.is_null() {
        let trap_ptr = match &outcome {
            Ok(_) => std::ptr::null_mut(),
            Err(t) => t.as_ref().map_or(std::ptr::null_mut(), |t| &**t as *const _ as *mut _),
        };
        // SAFETY: a non-NULL `trap` is an output parameter.
        unsafe { trap.write(trap_ptr) };
    }
    match outcome {
        Ok(instance) => Some(instance),
        Err(t) => {
            // The trap was given to the caller through `trap`, or is not wanted.
            if trap.is_null() {
                drop(t);
            } else {
                std::mem::forget(t);
            }
            None
        }
    }
}

#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_instance_exports(
    instance: Option<&wasm_instance_t>,
    out: *mut wasm_extern_vec_t,
) {
    let exports = guard(WasmVec::empty(), || {
        let instance = arg!(instance, WasmVec::empty());
        let handle = instance.handle();
        let (Object::Instance(inst), Some(store)) = (handle.object(), &handle.store) else {
            return fail(WasmVec::empty(), "wasm_instance_exports: not an instance");
        };
        let exports = store.with(|ctx| inst.exports(ctx));
        exports
            .into_iter()
            .map(|(_, item)| {
                let key = match item {
                    Extern::Func(f) => EntityKey::Func(f),
                    Extern::Global(g) => EntityKey::Global(g),
                    Extern::Table(t) => EntityKey::Table(t),
                    Extern::Memory(m) => EntityKey::Memory(m),
                };
                Some(wasm_extern_t::boxed(Handle::entity(store, key)))
            })
            .collect::<Vec<_>>()
            .into()
    });
    // SAFETY: `out` is an output parameter.
    unsafe { write_out(out, exports) }
}
