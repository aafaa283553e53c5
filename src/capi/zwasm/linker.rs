//! A linker for C hosts: resolves a module's imports by name, from externs
//! the host defines, from the exports of instances, and from WASI.

use super::error::{ZWASM_ERROR_USAGE, zwasm_error_t};
use super::instance::run_ex;
use crate::capi::externals::to_extern;
use crate::capi::module::module_data;
use crate::capi::object::{EntityKey, Handle, HandleType, Object, wasm_extern_t, wasm_instance_t};
use crate::capi::store::StoreData;
use crate::capi::{c_str, guard, guard_with, wasm_engine_t, wasm_module_t, wasm_store_t};
use crate::wasi::{FUNCTIONS, MODULES};
use crate::{Engine, Error, Linker};
use std::collections::HashSet;
use std::ffi::c_char;

/// Resolves imports by name (`module` and `name` of each import) when
/// instantiating, so that the host need not list them in the module's
/// order. Definitions are externs of a store, every export of an instance,
/// or the WASI functions. One linker can instantiate any number of modules;
/// use it from one thread at a time.
pub struct zwasm_linker_t {
    linker: Linker<StoreData>,
    /// Every name defined so far, so that a definition of several names
    /// that clashes can be refused before it defines any.
    defined: HashSet<(String, String)>,
    allow_shadowing: bool,
}

impl zwasm_linker_t {
    /// Defines `names` with `define`, all or none: a name already defined
    /// (when shadowing is off) refuses them all.
    fn define_all<'a>(
        &mut self,
        names: impl IntoIterator<Item = (&'a str, &'a str)> + Clone,
        define: impl FnOnce(&mut Linker<StoreData>) -> Result<(), Error>,
    ) -> Result<(), Box<zwasm_error_t>> {
        if !self.allow_shadowing {
            let mut seen = HashSet::new();
            for (module, name) in names.clone() {
                let key = (module.to_string(), name.to_string());
                if self.defined.contains(&key) || !seen.insert(key) {
                    let error = Error::Link(format!("`{module}::{name}` is already defined"));
                    return Err(zwasm_error_t::from_engine(&error, None));
                }
            }
        }
        define(&mut self.linker).map_err(|e| zwasm_error_t::from_engine(&e, None))?;
        self.defined.extend(names.into_iter().map(|(m, n)| (m.to_string(), n.to_string())));
        Ok(())
    }
}

fn usage(message: impl Into<String>) -> Option<Box<zwasm_error_t>> {
    Some(zwasm_error_t::new(ZWASM_ERROR_USAGE, message))
}

/// Runs the body of a linker function that returns an error object.
fn run(body: impl FnOnce() -> Result<(), Box<zwasm_error_t>>) -> Option<Box<zwasm_error_t>> {
    guard_with(usage, || body().err())
}

/// The `module` and `name` arguments.
///
/// # Safety
/// Both are NULL or NUL-terminated strings.
unsafe fn names<'a>(
    module: *const c_char,
    name: *const c_char,
) -> Result<(&'a str, &'a str), Box<zwasm_error_t>> {
    let to_error = |m: String| zwasm_error_t::new(ZWASM_ERROR_USAGE, m);
    // SAFETY: guaranteed by this function's contract.
    unsafe { Ok((c_str(module, "module").map_err(to_error)?, c_str(name, "name").map_err(to_error)?)) }
}

/// A new linker for stores of `engine` (owned by the caller), with nothing
/// defined.
#[unsafe(no_mangle)]
pub extern "C" fn zwasm_linker_new(engine: Option<&wasm_engine_t>) -> Option<Box<zwasm_linker_t>> {
    guard(None, || match engine {
        Some(engine) => Some(Box::new(zwasm_linker_t {
            linker: Linker::new(&engine.engine),
            defined: HashSet::new(),
            allow_shadowing: false,
        })),
        None => crate::capi::fail(None, "`engine` must not be NULL"),
    })
}

/// Deletes a linker. The externs and instances it was given stay as they
/// are.
#[unsafe(no_mangle)]
pub extern "C" fn zwasm_linker_delete(linker: Option<Box<zwasm_linker_t>>) {
    guard((), move || drop(linker))
}

/// Whether a definition may replace an earlier one of the same module and
/// name (false by default: defining a name twice is an error).
#[unsafe(no_mangle)]
pub extern "C" fn zwasm_linker_allow_shadowing(linker: Option<&mut zwasm_linker_t>, allow: bool) {
    guard((), || match linker {
        Some(linker) => {
            linker.linker.allow_shadowing(allow);
            linker.allow_shadowing = allow;
        }
        None => crate::capi::fail((), "`linker` must not be NULL"),
    })
}

/// Defines the import `module`.`name` (NUL-terminated UTF-8 strings) as
/// `item`, a function, global, table or memory (borrowed; the linker
/// refers to the object, which lives as long as its store). Modules that
/// use it can only be instantiated in `item`'s store. Returns NULL, or an
/// error (`ZWASM_ERROR_LINK` when the name is already defined).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zwasm_linker_define(
    linker: Option<&mut zwasm_linker_t>,
    module: *const c_char,
    name: *const c_char,
    item: Option<&wasm_extern_t>,
) -> Option<Box<zwasm_error_t>> {
    run(|| {
        let linker =
            linker.ok_or_else(|| zwasm_error_t::new(ZWASM_ERROR_USAGE, "`linker` must not be NULL"))?;
        // SAFETY: NULL or NUL-terminated strings (this function's contract).
        let (module, name) = unsafe { names(module, name) }?;
        let item = item.ok_or_else(|| zwasm_error_t::new(ZWASM_ERROR_USAGE, "`item` must not be NULL"))?;
        let item = to_extern(item).map_err(|e| zwasm_error_t::new(ZWASM_ERROR_USAGE, e))?;
        linker.define_all([(module, name)], |l| l.define(module, name, item).map(|_| ()))
    })
}

/// Defines every export of `instance` as an import of the module named
/// `module` (a NUL-terminated UTF-8 string), so that modules importing
/// from `module` link against that instance. Returns NULL, or an error
/// (`ZWASM_ERROR_LINK` when a name is already defined).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zwasm_linker_define_instance(
    linker: Option<&mut zwasm_linker_t>,
    module: *const c_char,
    instance: Option<&wasm_instance_t>,
) -> Option<Box<zwasm_error_t>> {
    run(|| {
        let usage = |m: &str| zwasm_error_t::new(ZWASM_ERROR_USAGE, m);
        let linker = linker.ok_or_else(|| usage("`linker` must not be NULL"))?;
        // SAFETY: NULL or a NUL-terminated string (this function's contract).
        let module = unsafe { c_str(module, "module") }.map_err(|e| usage(&e))?;
        let instance = instance.ok_or_else(|| usage("`instance` must not be NULL"))?;
        let handle = instance.handle();
        let (Object::Instance(inst), Some(store)) = (handle.object(), &handle.store) else {
            return Err(usage("`instance` is not an instance"));
        };
        let exports = store.with(|cx| inst.exports(cx));
        let names = exports.iter().map(|(name, _)| (module, name.as_str()));
        linker.define_all(names, |l| {
            for (name, item) in &exports {
                l.define(module, name, *item)?;
            }
            Ok(())
        })
    })
}

/// Defines the 46 WASI Preview 1 functions under both import module names
/// (`wasi_snapshot_preview1` and `wasi_unstable`). In each store they run
/// in, they use the store's WASI context (`zwasm_store_set_wasi`). Returns
/// NULL, or an error (`ZWASM_ERROR_LINK` when one of the names is already
/// defined).
#[unsafe(no_mangle)]
pub extern "C" fn zwasm_linker_define_wasi(
    linker: Option<&mut zwasm_linker_t>,
) -> Option<Box<zwasm_error_t>> {
    run(|| {
        let linker =
            linker.ok_or_else(|| zwasm_error_t::new(ZWASM_ERROR_USAGE, "`linker` must not be NULL"))?;
        let names = MODULES.iter().flat_map(|m| FUNCTIONS.iter().map(move |f| (*m, *f)));
        linker.define_all(names, |l| crate::wasi::add_to_linker(l, StoreData::wasi))
    })
}

/// Instantiates `module` in `store`, taking each import from the linker's
/// definitions. On success returns NULL and stores the instance (owned by
/// the caller) in `*out`; on failure sets `*out` to NULL and returns an
/// error: `ZWASM_ERROR_LINK` naming an import that is not defined or has
/// the wrong type, `ZWASM_ERROR_TRAP` when a segment or the start function
/// traps, `ZWASM_ERROR_USAGE` for a definition from another store, or a
/// store of another engine.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zwasm_linker_instantiate(
    linker: Option<&zwasm_linker_t>,
    store: *mut wasm_store_t,
    module: Option<&wasm_module_t>,
    out: *mut *mut wasm_instance_t,
) -> Option<Box<zwasm_error_t>> {
    // SAFETY: `store` is NULL or a live handle (this function's contract).
    let store = unsafe { super::store::store_at(store) };
    run_ex(out, || {
        let usage = |m: &str| zwasm_error_t::new(ZWASM_ERROR_USAGE, m);
        let linker = linker.ok_or_else(|| usage("`linker` must not be NULL"))?;
        let store = store.ok_or_else(|| usage("`store` must not be NULL"))?;
        let module = module.ok_or_else(|| usage("`module` must not be NULL"))?;
        if !Engine::same(linker.linker.engine(), store.cell.engine()) {
            return Err(usage("the linker and the store belong to different engines"));
        }
        let instance = store
            .cell
            .with(|cx| linker.linker.instantiate(cx, &module_data(module).module))
            .map_err(|e| zwasm_error_t::from_engine(&e, Some(&store.cell)))?;
        Ok(wasm_instance_t::boxed(Handle::entity(&store.cell, EntityKey::Instance(instance))))
    })
}
