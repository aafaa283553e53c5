//! `wasm_store_t`: a [`Store`] shared by the handles of its objects.
//!
//! The store sits in a [`StoreCell`] behind an `Arc`: every handle of a
//! store entity holds one, so the store lives until its last handle goes,
//! whatever order the host deletes things in.
//!
//! Access goes through [`StoreCell::with`]. While a call into WebAssembly
//! runs, the interpreter holds the store; when it calls a host function,
//! that function receives the store through its `Caller`, and the C API
//! must use *that* access for anything the host does meanwhile (nested
//! calls, reading memory, creating objects). The host-function trampoline
//! lends it by setting [`StoreCell::lend`] for the duration of the host
//! callback.

use super::engine::wasm_engine_t;
use super::object::{EntityKey, ObjectCell};
use super::{arg, guard};
use crate::wasi::{OutputBuffer, WasiCtx};
use crate::{AsContextMut, Caller, Engine, ExternRef, Store, StoreContextMut};
use std::cell::{Cell, RefCell, UnsafeCell};
use std::collections::HashMap;
use std::sync::{Arc, Weak};

/// What a C store keeps in its data: the guest's WASI world, once the host
/// attaches one (`zwasm_store_set_wasi`).
#[derive(Default)]
pub(crate) struct StoreData {
    /// The WASI context; a store without one gives a WASI guest an empty
    /// world (no arguments, environment or directories, no input, output
    /// discarded), made on its first WASI call.
    pub(crate) wasi: Option<WasiCtx>,
    /// The buffers capturing standard output and error, when the
    /// configuration asked for them, for `zwasm_store_wasi_take_output`.
    pub(crate) captured: [Option<OutputBuffer>; 2],
}

impl StoreData {
    /// The WASI context the store's WASI functions use.
    pub(crate) fn wasi(&mut self) -> &mut WasiCtx {
        self.wasi.get_or_insert_with(WasiCtx::default)
    }
}

/// A store and the C API's bookkeeping for it.
pub(crate) struct StoreCell {
    store: UnsafeCell<Store<StoreData>>,
    engine: Engine,
    /// The access lent by the running host callback (see the module docs);
    /// null when no callback runs.
    lent: Cell<*mut Caller<'static, StoreData>>,
    /// Whether an access is in use (by `with`).
    busy: Cell<bool>,
    /// The live cell of each store entity that has handles.
    registry: RefCell<HashMap<EntityKey, Weak<ObjectCell>>>,
    /// Registry size at which dead entries are swept next.
    sweep_at: Cell<usize>,
    /// The `externref` standing for each object passed into WebAssembly.
    /// The store keeps the object's cell alive (in the externref's payload),
    /// so the pointer used as key stays valid and unique.
    externrefs: RefCell<HashMap<*const ObjectCell, ExternRef>>,
}

// SAFETY: the C API's contract is that a store and everything created in it
// are used by one thread at a time; the cell is never touched by two threads
// at once. `Send`/`Sync` are needed because handles and externref payloads
// must be `Send + Sync` to live inside the engine's store.
unsafe impl Send for StoreCell {}
// SAFETY: as above.
unsafe impl Sync for StoreCell {}

impl StoreCell {
    pub(crate) fn new(engine: &Engine) -> Arc<StoreCell> {
        Arc::new(StoreCell {
            store: UnsafeCell::new(Store::new(engine, StoreData::default())),
            engine: engine.clone(),
            lent: Cell::new(std::ptr::null_mut()),
            busy: Cell::new(false),
            registry: RefCell::new(HashMap::new()),
            sweep_at: Cell::new(64),
            externrefs: RefCell::new(HashMap::new()),
        })
    }

    pub(crate) fn engine(&self) -> &Engine {
        &self.engine
    }

    /// Runs `f` with write access to the store. Nested use (from inside
    /// `f`) is only possible through a host callback, which lends its own
    /// access; any other nesting is refused with a panic (turned into an
    /// error at the C boundary) rather than creating aliasing access.
    pub(crate) fn with<R>(&self, f: impl FnOnce(StoreContextMut<'_, StoreData>) -> R) -> R {
        assert!(!self.busy.get(), "the store is already in use on this thread");
        self.busy.set(true);
        let _reset = ResetOnDrop(&self.busy, false);
        let lent = self.lent.get();
        if lent.is_null() {
            // SAFETY: no access is in use (`busy` was false) and none is lent,
            // so nothing else refers to the store: it is used by one thread at
            // a time and every access goes through this function.
            let store = unsafe { &mut *self.store.get() };
            f(store.as_context_mut())
        } else {
            // SAFETY: `lent` points to the `Caller` of the host callback that
            // is running on this thread (set by `lend` and cleared before the
            // callback returns); the interpreter does not touch the store
            // until the callback returns.
            let caller = unsafe { &mut *lent };
            f(caller.as_context_mut())
        }
    }

    /// Runs `f` (a host callback) with `caller` lent as the store's access.
    pub(crate) fn lend<R>(&self, caller: &mut Caller<'_, StoreData>, f: impl FnOnce() -> R) -> R {
        // The lifetime is erased: the pointer is only used until the callback
        // returns (see `with`).
        let previous_lent = self.lent.replace((caller as *mut Caller<'_, StoreData>).cast());
        let _restore_busy = ResetOnDrop(&self.busy, self.busy.replace(false));
        let _restore_lent = RestoreLent(&self.lent, previous_lent);
        f()
    }

    /// The cell of entity `key`: the live one if a handle exists, else new.
    pub(crate) fn cell_of(&self, key: EntityKey) -> Arc<ObjectCell> {
        let mut registry = self.registry.borrow_mut();
        if let Some(cell) = registry.get(&key).and_then(Weak::upgrade) {
            return cell;
        }
        let cell = ObjectCell::new(key.object());
        registry.insert(key, Arc::downgrade(&cell));
        if registry.len() >= self.sweep_at.get() {
            // Dropping `Weak`s runs no host code, so sweeping under the
            // borrow is fine.
            registry.retain(|_, weak| weak.strong_count() > 0);
            self.sweep_at.set((registry.len() * 2).max(64));
        }
        cell
    }

    /// The externref standing for `cell` in this store, made on first use.
    pub(crate) fn externref_for(
        &self,
        ctx: &mut StoreContextMut<'_, StoreData>,
        cell: &Arc<ObjectCell>,
    ) -> ExternRef {
        let key = Arc::as_ptr(cell);
        if let Some(r) = self.externrefs.borrow().get(&key) {
            return *r;
        }
        let r = ExternRef::new(&mut *ctx, cell.clone());
        self.externrefs.borrow_mut().insert(key, r);
        r
    }
}

struct ResetOnDrop<'a>(&'a Cell<bool>, bool);

struct RestoreLent<'a>(&'a Cell<*mut Caller<'static, StoreData>>, *mut Caller<'static, StoreData>);

impl Drop for RestoreLent<'_> {
    fn drop(&mut self) {
        self.0.set(self.1);
    }
}

impl Drop for ResetOnDrop<'_> {
    fn drop(&mut self) {
        self.0.set(self.1);
    }
}

/// `wasm_store_t`: a handle of a store.
pub struct wasm_store_t {
    pub(crate) cell: Arc<StoreCell>,
}

#[unsafe(no_mangle)]
pub extern "C" fn wasm_store_new(engine: Option<&wasm_engine_t>) -> Option<Box<wasm_store_t>> {
    guard(None, || {
        let engine = arg!(engine, None);
        Some(Box::new(wasm_store_t { cell: StoreCell::new(&engine.engine) }))
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn wasm_store_delete(store: Option<Box<wasm_store_t>>) {
    guard((), move || drop(store))
}
