//! Reference-like objects: identity, host info, and the generic
//! `wasm_ref_t` with its conversions.
//!
//! Every reference-like C type (`wasm_func_t`, `wasm_trap_t`, ...,
//! `wasm_ref_t` itself) is the same [`Handle`] under another name, so the
//! `*_as_ref`, `wasm_ref_as_*` and `*_as_extern` conversions are pointer
//! casts. A handle points to an [`ObjectCell`]: the object's identity and
//! host info, shared by all handles of that object. Handles of a store's
//! entities (functions, globals, tables, memories, instances) are found
//! again through the store's registry, so two handles of one function share
//! a cell however they were obtained; `*_same` compares cells.
//!
//! A cell lives while a handle to it exists or a store holds it as an
//! `externref` value; its host-info finalizer runs when it goes. Cells never
//! hold a store (handles do), so a store holding cells makes no cycle.

use super::module::ModuleData;
use super::store::StoreCell;
use super::trap::TrapData;
use super::{guard, wasm_finalizer_t};
use crate::{Func, Global, Instance, Memory, Table};
use parking_lot::Mutex;
use std::ffi::c_void;
use std::sync::Arc;

/// What a reference-like handle refers to.
pub(crate) enum Object {
    Func(Func),
    Global(Global),
    Table(Table),
    Memory(Memory),
    Instance(Instance),
    Module(Arc<ModuleData>),
    Trap(TrapData),
    Foreign,
}

/// The store entities that have one cell per live object (see the registry
/// in `store.rs`).
#[derive(Copy, Clone, PartialEq, Eq, Hash)]
pub(crate) enum EntityKey {
    Func(Func),
    Global(Global),
    Table(Table),
    Memory(Memory),
    Instance(Instance),
}

impl EntityKey {
    pub(crate) fn object(self) -> Object {
        match self {
            EntityKey::Func(f) => Object::Func(f),
            EntityKey::Global(g) => Object::Global(g),
            EntityKey::Table(t) => Object::Table(t),
            EntityKey::Memory(m) => Object::Memory(m),
            EntityKey::Instance(i) => Object::Instance(i),
        }
    }
}

/// The host's pointer attached to an object, and what to call when it is
/// let go.
struct HostInfo {
    data: *mut c_void,
    finalizer: wasm_finalizer_t,
}

// SAFETY: zwasm never dereferences the host's pointer; it only hands it
// back to the host (getters, finalizer). Which thread may use what it
// points to is the host's business, as the C API leaves it.
unsafe impl Send for HostInfo {}

impl Drop for HostInfo {
    fn drop(&mut self) {
        if let Some(finalize) = self.finalizer.take() {
            // SAFETY: the host registered this function for this pointer and
            // asked for it to be called once, when the info is let go.
            unsafe { finalize(self.data) };
        }
    }
}

/// The identity of one object, shared by all its handles.
pub(crate) struct ObjectCell {
    pub(crate) object: Object,
    host_info: Mutex<Option<HostInfo>>,
}

impl ObjectCell {
    pub(crate) fn new(object: Object) -> Arc<ObjectCell> {
        Arc::new(ObjectCell { object, host_info: Mutex::new(None) })
    }

    fn host_info(&self) -> *mut c_void {
        self.host_info.lock().as_ref().map_or(std::ptr::null_mut(), |info| info.data)
    }

    /// Attaches new host info; the previous info's finalizer runs now,
    /// outside the lock (it is host code).
    fn set_host_info(&self, data: *mut c_void, finalizer: wasm_finalizer_t) {
        let previous = self.host_info.lock().replace(HostInfo { data, finalizer });
        drop(previous);
    }
}

/// A handle: what every reference-like C object is.
#[derive(Clone)]
pub struct Handle {
    pub(crate) cell: Arc<ObjectCell>,
    /// The store of a store entity (kept alive by its handles).
    pub(crate) store: Option<Arc<StoreCell>>,
}

impl Handle {
    /// A handle of an object that is its own identity (trap, foreign,
    /// module).
    pub(crate) fn unique(object: Object, store: Option<Arc<StoreCell>>) -> Handle {
        Handle { cell: ObjectCell::new(object), store }
    }

    /// A handle of a store entity, sharing the cell of any live handle of
    /// the same entity.
    pub(crate) fn entity(store: &Arc<StoreCell>, key: EntityKey) -> Handle {
        Handle { cell: store.cell_of(key), store: Some(store.clone()) }
    }

    pub(crate) fn object(&self) -> &Object {
        &self.cell.object
    }

    /// The store, which every store entity has.
    pub(crate) fn store(&self) -> Result<&Arc<StoreCell>, String> {
        self.store.as_ref().ok_or_else(|| "this object does not belong to a store".to_string())
    }
}

/// The C types that are a [`Handle`] under another name.
///
/// # Safety
/// Implementors are `#[repr(transparent)]` over `Handle`.
pub(crate) unsafe trait HandleType: Sized {
    fn handle(&self) -> &Handle;

    fn from_handle(handle: Handle) -> Self;

    fn boxed(handle: Handle) -> Box<Self> {
        Box::new(Self::from_handle(handle))
    }
}

/// Casts a handle pointer between two handle types (the same object).
pub(crate) fn cast<A: HandleType, B: HandleType>(ptr: *const A) -> *mut B {
    ptr as *mut B
}

macro_rules! handle_type {
    ($name:ident) => {
        /// A reference-like object of `wasm.h` (see [`Handle`]).
        #[repr(transparent)]
        #[derive(Clone)]
        pub struct $name {
            pub(crate) handle: Handle,
        }

        // SAFETY: `repr(transparent)` over `Handle`.
        unsafe impl HandleType for $name {
            fn handle(&self) -> &Handle {
                &self.handle
            }
            fn from_handle(handle: Handle) -> Self {
                $name { handle }
            }
        }
    };
}

handle_type!(wasm_ref_t);
handle_type!(wasm_trap_t);
handle_type!(wasm_foreign_t);
handle_type!(wasm_module_t);
handle_type!(wasm_func_t);
handle_type!(wasm_global_t);
handle_type!(wasm_table_t);
handle_type!(wasm_memory_t);
handle_type!(wasm_extern_t);
handle_type!(wasm_instance_t);

/// The functions of `WASM_DECLARE_REF_BASE`: delete, copy, same, host info.
macro_rules! ref_base {
    ($ty:ident, $delete:ident, $copy:ident, $same:ident, $get_info:ident, $set_info:ident, $set_info_fin:ident) => {
        #[unsafe(no_mangle)]
        pub extern "C" fn $delete(_handle: Option<Box<$ty>>) {
            // Dropping may run a finalizer (host code), never Rust that panics.
            guard((), move || drop(_handle))
        }

        #[unsafe(no_mangle)]
        pub extern "C" fn $copy(handle: Option<&$ty>) -> Option<Box<$ty>> {
            guard(None, || Some(Box::new(super::arg!(handle, None).clone())))
        }

        #[unsafe(no_mangle)]
        pub extern "C" fn $same(a: Option<&$ty>, b: Option<&$ty>) -> bool {
            guard(false, || match (a, b) {
                (Some(a), Some(b)) => Arc::ptr_eq(&a.handle().cell, &b.handle().cell),
                (None, None) => true,
                _ => false,
            })
        }

        #[unsafe(no_mangle)]
        pub extern "C" fn $get_info(handle: Option<&$ty>) -> *mut c_void {
            guard(std::ptr::null_mut(), || {
                super::arg!(handle, std::ptr::null_mut()).handle().cell.host_info()
            })
        }

        #[unsafe(no_mangle)]
        pub extern "C" fn $set_info(handle: Option<&$ty>, info: *mut c_void) {
            guard((), || super::arg!(handle, ()).handle().cell.set_host_info(info, None))
        }

        #[unsafe(no_mangle)]
        pub extern "C" fn $set_info_fin(
            handle: Option<&$ty>,
            info: *mut c_void,
            finalizer: wasm_finalizer_t,
        ) {
            guard((), || super::arg!(handle, ()).handle().cell.set_host_info(info, finalizer))
        }
    };
}

/// The conversions of `WASM_DECLARE_REF`: to and from `wasm_ref_t`.
macro_rules! ref_conversions {
    ($ty:ident, $is:expr, $as_ref:ident, $ref_as:ident, $as_ref_const:ident, $ref_as_const:ident) => {
        #[unsafe(no_mangle)]
        pub extern "C" fn $as_ref(handle: *mut $ty) -> *mut wasm_ref_t {
            cast::<$ty, wasm_ref_t>(handle)
        }

        #[unsafe(no_mangle)]
        pub extern "C" fn $as_ref_const(handle: *const $ty) -> *const wasm_ref_t {
            cast::<$ty, wasm_ref_t>(handle)
        }

        #[unsafe(no_mangle)]
        pub extern "C" fn $ref_as(r: Option<&wasm_ref_t>) -> *mut $ty {
            $ref_as_const(r) as *mut $ty
        }

        #[unsafe(no_mangle)]
        pub extern "C" fn $ref_as_const(r: Option<&wasm_ref_t>) -> *const $ty {
            let is: fn(&Object) -> bool = $is;
            guard(std::ptr::null(), || match r {
                Some(r) if is(r.handle().object()) => r as *const wasm_ref_t as *const $ty,
                Some(_) => super::fail(std::ptr::null(), concat!("the reference is not a ", stringify!($ty))),
                None => std::ptr::null(),
            })
        }
    };
}

ref_base!(
    wasm_ref_t,
    wasm_ref_delete,
    wasm_ref_copy,
    wasm_ref_same,
    wasm_ref_get_host_info,
    wasm_ref_set_host_info,
    wasm_ref_set_host_info_with_finalizer
);

macro_rules! reference_type {
    ($ty:ident, $is:expr, [$($base:ident),*], [$($conv:ident),*]) => {
        ref_base!($ty, $($base),*);
        ref_conversions!($ty, $is, $($conv),*);
    };
}

reference_type!(
    wasm_trap_t,
    |o| matches!(o, Object::Trap(_)),
    [
        wasm_trap_delete,
        wasm_trap_copy,
        wasm_trap_same,
        wasm_trap_get_host_info,
        wasm_trap_set_host_info,
        wasm_trap_set_host_info_with_finalizer
    ],
    [wasm_trap_as_ref, wasm_ref_as_trap, wasm_trap_as_ref_const, wasm_ref_as_trap_const]
);
reference_type!(
    wasm_foreign_t,
    |o| matches!(o, Object::Foreign),
    [
        wasm_foreign_delete,
        wasm_foreign_copy,
        wasm_foreign_same,
        wasm_foreign_get_host_info,
        wasm_foreign_set_host_info,
        wasm_foreign_set_host_info_with_finalizer
    ],
    [wasm_foreign_as_ref, wasm_ref_as_foreign, wasm_foreign_as_ref_const, wasm_ref_as_foreign_const]
);
reference_type!(
    wasm_module_t,
    |o| matches!(o, Object::Module(_)),
    [
        wasm_module_delete,
        wasm_module_copy,
        wasm_module_same,
        wasm_module_get_host_info,
        wasm_module_set_host_info,
        wasm_module_set_host_info_with_finalizer
    ],
    [wasm_module_as_ref, wasm_ref_as_module, wasm_module_as_ref_const, wasm_ref_as_module_const]
);
reference_type!(
    wasm_func_t,
    |o| matches!(o, Object::Func(_)),
    [
        wasm_func_delete,
        wasm_func_copy,
        wasm_func_same,
        wasm_func_get_host_info,
        wasm_func_set_host_info,
        wasm_func_set_host_info_with_finalizer
    ],
    [wasm_func_as_ref, wasm_ref_as_func, wasm_func_as_ref_const, wasm_ref_as_func_const]
);
reference_type!(
    wasm_global_t,
    |o| matches!(o, Object::Global(_)),
    [
        wasm_global_delete,
        wasm_global_copy,
        wasm_global_same,
        wasm_global_get_host_info,
        wasm_global_set_host_info,
        wasm_global_set_host_info_with_finalizer
    ],
    [wasm_global_as_ref, wasm_ref_as_global, wasm_global_as_ref_const, wasm_ref_as_global_const]
);
reference_type!(
    wasm_table_t,
    |o| matches!(o, Object::Table(_)),
    [
        wasm_table_delete,
        wasm_table_copy,
        wasm_table_same,
        wasm_table_get_host_info,
        wasm_table_set_host_info,
        wasm_table_set_host_info_with_finalizer
    ],
    [wasm_table_as_ref, wasm_ref_as_table, wasm_table_as_ref_const, wasm_ref_as_table_const]
);
reference_type!(
    wasm_memory_t,
    |o| matches!(o, Object::Memory(_)),
    [
        wasm_memory_delete,
        wasm_memory_copy,
        wasm_memory_same,
        wasm_memory_get_host_info,
        wasm_memory_set_host_info,
        wasm_memory_set_host_info_with_finalizer
    ],
    [wasm_memory_as_ref, wasm_ref_as_memory, wasm_memory_as_ref_const, wasm_ref_as_memory_const]
);
reference_type!(
    wasm_extern_t,
    |o| matches!(o, Object::Func(_) | Object::Global(_) | Object::Table(_) | Object::Memory(_)),
    [
        wasm_extern_delete,
        wasm_extern_copy,
        wasm_extern_same,
        wasm_extern_get_host_info,
        wasm_extern_set_host_info,
        wasm_extern_set_host_info_with_finalizer
    ],
    [wasm_extern_as_ref, wasm_ref_as_extern, wasm_extern_as_ref_const, wasm_ref_as_extern_const]
);
reference_type!(
    wasm_instance_t,
    |o| matches!(o, Object::Instance(_)),
    [
        wasm_instance_delete,
        wasm_instance_copy,
        wasm_instance_same,
        wasm_instance_get_host_info,
        wasm_instance_set_host_info,
        wasm_instance_set_host_info_with_finalizer
    ],
    [wasm_instance_as_ref, wasm_ref_as_instance, wasm_instance_as_ref_const, wasm_ref_as_instance_const]
);
