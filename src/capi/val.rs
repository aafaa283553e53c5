//! `wasm_val_t`: values crossing the C boundary, and their conversion to
//! and from [`Val`].
//!
//! A value of a reference kind owns its `wasm_ref_t` (NULL is the null
//! reference). A `funcref` must be a function of the store it is used
//! with; an `externref` may be any reference-like object, which enters
//! WebAssembly as an externref of the store standing for it (see
//! `StoreCell::externref_for`) and comes back out as the same object.

use super::object::{EntityKey, Handle, HandleType, Object, ObjectCell, wasm_ref_t};
use super::store::{StoreCell, StoreData};
use super::types::{kind_name, kind_of};
use super::{WASM_EXTERNREF, WASM_F32, WASM_F64, WASM_FUNCREF, WASM_I32, WASM_I64, guard, wasm_valkind_t};
use crate::{StoreContextMut, Val, ValType};
use std::sync::Arc;

/// The payload of a value; which member is meaningful depends on the kind.
#[repr(C)]
#[derive(Copy, Clone)]
pub union wasm_val_union {
    pub i32: i32,
    pub i64: i64,
    pub f32: f32,
    pub f64: f64,
    pub ref_: *mut wasm_ref_t,
}

/// `wasm_val_t`: `{ wasm_valkind_t kind; union { ... } of; }`.
#[repr(C)]
pub struct wasm_val_t {
    pub kind: wasm_valkind_t,
    pub of: wasm_val_union,
}

impl wasm_val_t {
    pub(crate) fn i32(v: i32) -> wasm_val_t {
        wasm_val_t { kind: WASM_I32, of: wasm_val_union { i64: v as u32 as i64 } }
    }

    /// The reference a value of a reference kind carries.
    fn reference(&self) -> Option<&wasm_ref_t> {
        if self.kind == WASM_EXTERNREF || self.kind == WASM_FUNCREF {
            // SAFETY: for a reference kind the `ref_` member is the active
            // one; it is NULL or a live handle the value owns.
            unsafe { self.of.ref_.as_ref() }
        } else {
            None
        }
    }

    /// A value owning a handle of `object`, of reference kind `kind`.
    fn from_handle(kind: wasm_valkind_t, handle: Option<Handle>) -> wasm_val_t {
        let ptr = handle.map_or(std::ptr::null_mut(), |h| Box::into_raw(wasm_ref_t::boxed(h)));
        wasm_val_t { kind, of: wasm_val_union { ref_: ptr } }
    }
}

impl Drop for wasm_val_t {
    fn drop(&mut self) {
        if (self.kind == WASM_EXTERNREF || self.kind == WASM_FUNCREF)
            // SAFETY: for a reference kind the `ref_` member is active.
            && let Some(ptr) = std::ptr::NonNull::new(unsafe { self.of.ref_ })
        {
            // SAFETY: a value owns its reference, created by `Box::into_raw`
            // (here or by the host through our functions).
            drop(unsafe { Box::from_raw(ptr.as_ptr()) });
            self.of.ref_ = std::ptr::null_mut();
        }
    }
}

impl Clone for wasm_val_t {
    fn clone(&self) -> wasm_val_t {
        match self.kind {
            WASM_EXTERNREF | WASM_FUNCREF => {
                wasm_val_t::from_handle(self.kind, self.reference().map(|r| r.handle().clone()))
            }
            // SAFETY: plain data; copying the union copies whichever member.
            _ => wasm_val_t { kind: self.kind, of: self.of },
        }
    }
}

impl super::vec::VecElem for wasm_val_t {
    fn zero() -> wasm_val_t {
        wasm_val_t::i32(0)
    }
    fn deep_copy(&self) -> wasm_val_t {
        self.clone()
    }
}

/// Converts a C value to a [`Val`] for `store`, checking it has type
/// `expected` when given.
pub(crate) fn to_val(
    store: &StoreCell,
    ctx: &mut StoreContextMut<'_, StoreData>,
    value: &wasm_val_t,
    expected: Option<ValType>,
) -> Result<Val, String> {
    if let Some(expected) = expected
        && kind_of(expected) != value.kind
    {
        return Err(format!("a value of type {} where {expected} is expected", kind_name(value.kind)));
    }
    Ok(match value.kind {
        // Floats are read through the integer members so that every bit,
        // NaN payloads included, is kept.
        WASM_I32 | WASM_F32 => {
            // SAFETY: for these kinds the 32-bit member is the active one.
            let bits = unsafe { value.of.i32 };
            if value.kind == WASM_I32 { Val::I32(bits) } else { Val::F32(bits as u32) }
        }
        WASM_I64 | WASM_F64 => {
            // SAFETY: for these kinds the 64-bit member is the active one.
            let bits = unsafe { value.of.i64 };
            if value.kind == WASM_I64 { Val::I64(bits) } else { Val::F64(bits as u64) }
        }
        WASM_FUNCREF => ref_to_val(store, ctx, value.reference(), ValType::FuncRef)?,
        WASM_EXTERNREF => ref_to_val(store, ctx, value.reference(), ValType::ExternRef)?,
        kind => return Err(format!("{} values cannot be passed in a wasm_val_t", kind_name(kind))),
    })
}

/// Converts a [`Val`] of `store` to a C value owning its reference.
pub(crate) fn from_val(
    store: &Arc<StoreCell>,
    ctx: &StoreContextMut<'_, StoreData>,
    value: &Val,
) -> Result<wasm_val_t, String> {
    Ok(match *value {
        Val::I32(v) => wasm_val_t::i32(v),
        Val::I64(v) => wasm_val_t { kind: WASM_I64, of: wasm_val_union { i64: v } },
        Val::F32(bits) => wasm_val_t { kind: WASM_F32, of: wasm_val_union { i64: bits as i64 } },
        Val::F64(bits) => wasm_val_t { kind: WASM_F64, of: wasm_val_union { i64: bits as i64 } },
        Val::V128(_) => return Err("v128 values cannot be passed in a wasm_val_t (use zwasm_val_t)".into()),
        Val::FuncRef(_) => wasm_val_t::from_handle(WASM_FUNCREF, val_to_ref(store, ctx, value)?),
        Val::ExternRef(_) => wasm_val_t::from_handle(WASM_EXTERNREF, val_to_ref(store, ctx, value)?),
    })
}

/// A reference value of type `ty` (`funcref` or `externref`) for `store`
/// from a C reference (NULL: the null reference).
pub(crate) fn ref_to_val(
    store: &StoreCell,
    ctx: &mut StoreContextMut<'_, StoreData>,
    r: Option<&wasm_ref_t>,
    ty: ValType,
) -> Result<Val, String> {
    let Some(r) = r else {
        return match ty {
            ValType::FuncRef => Ok(Val::FuncRef(None)),
            ValType::ExternRef => Ok(Val::ExternRef(None)),
            other => Err(format!("{other} is not a reference type")),
        };
    };
    let handle = r.handle();
    if let Some(owner) = &handle.store
        && !std::ptr::eq(Arc::as_ptr(owner), store)
    {
        return Err("the reference belongs to another store".into());
    }
    match ty {
        ValType::FuncRef => match handle.object() {
            Object::Func(f) => Ok(Val::FuncRef(Some(*f))),
            _ => Err("a funcref must be a function".into()),
        },
        ValType::ExternRef => Ok(Val::ExternRef(Some(store.externref_for(ctx, &handle.cell)))),
        other => Err(format!("{other} is not a reference type")),
    }
}

/// The C reference (a new handle, or `None` for null) of a reference value.
pub(crate) fn val_to_ref(
    store: &Arc<StoreCell>,
    ctx: &StoreContextMut<'_, StoreData>,
    value: &Val,
) -> Result<Option<Handle>, String> {
    match *value {
        Val::FuncRef(f) => Ok(f.map(|f| Handle::entity(store, EntityKey::Func(f)))),
        Val::ExternRef(None) => Ok(None),
        Val::ExternRef(Some(r)) => object_of_externref(store, ctx, r).map(Some),
        other => Err(format!("a {} value is not a reference", other.ty())),
    }
}

/// The object an externref of `store` stands for.
pub(crate) fn object_of_externref(
    store: &Arc<StoreCell>,
    ctx: &StoreContextMut<'_, StoreData>,
    r: crate::ExternRef,
) -> Result<Handle, String> {
    let cell = r
        .data(ctx)
        .and_then(|data| data.downcast_ref::<Arc<ObjectCell>>())
        .ok_or("an externref that was not made by the C API")?;
    // An externref of a store entity belongs to that entity's store, which
    // is this store; other objects carry no store.
    let store = match cell.object {
        Object::Func(_) | Object::Global(_) | Object::Table(_) | Object::Memory(_) | Object::Instance(_) => {
            Some(store.clone())
        }
        _ => None,
    };
    Ok(Handle { cell: cell.clone(), store })
}

#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_val_delete(value: *mut wasm_val_t) {
    guard((), || {
        if !value.is_null() {
            // SAFETY: the value is owned by the caller, who gives it up;
            // dropping in place releases its reference.
            unsafe { std::ptr::drop_in_place(value) };
            // SAFETY: `value` is writable; leave a harmless value behind.
            unsafe { value.write(wasm_val_t::i32(0)) };
        }
    })
}

#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_val_copy(out: *mut wasm_val_t, src: Option<&wasm_val_t>) {
    let copy = guard(None, || Some(super::arg!(src, None).clone()));
    if let Some(copy) = copy {
        // SAFETY: `out` is an output parameter.
        unsafe { super::vec::write_out(out, copy) };
    }
}
