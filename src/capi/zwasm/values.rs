//! Values of every type, `v128` included: `zwasm_val_t` and the calls and
//! global accessors that take it.
//!
//! `wasm_val_t` has no room for a 128-bit vector, so `zwasm_val_t` is the
//! same value with a 16-byte payload. Globals of type `v128` hold and return
//! such values, and calls pass them to functions whose type has them. A
//! host function made with `wasm_func_new` receives `wasm_val_t`s, so a
//! call that would hand it a `v128` traps with a clear message instead.

use crate::capi::func::parts as func_parts;
use crate::capi::global::parts as global_parts;
use crate::capi::object::{EntityKey, Handle, HandleType, wasm_ref_t};
use crate::capi::store::{StoreCell, StoreData};
use crate::capi::trap::{TrapData, new_trap};
use crate::capi::val::{from_val, to_val, wasm_val_t, wasm_val_union};
use crate::capi::{
    WASM_EXTERNREF, WASM_F32, WASM_F64, WASM_FUNCREF, WASM_I32, WASM_I64, WASM_V128, fail, guard, guard_with,
    wasm_func_t, wasm_global_t, wasm_globaltype_t, wasm_store_t, wasm_trap_t, wasm_valkind_t,
};
use crate::{Global, StoreContextMut, Val, ValType};
use std::sync::Arc;

/// The value kind of `v128` (for `wasm_valtype_new` and `zwasm_val_t`).
pub const ZWASM_V128: wasm_valkind_t = 4;

/// A 128-bit vector, as 16 bytes in little-endian lane order.
#[repr(C)]
#[derive(Copy, Clone)]
pub struct zwasm_v128_t {
    pub bytes: [u8; 16],
}

/// The payload of a `zwasm_val_t`.
#[repr(C)]
#[derive(Copy, Clone)]
pub union zwasm_val_union_t {
    pub i32: i32,
    pub i64: i64,
    pub f32: f32,
    pub f64: f64,
    pub r#ref: *mut wasm_ref_t,
    pub v128: zwasm_v128_t,
}

/// A value of any type: `wasm_val_t` with room for a `v128`. A value of a
/// reference kind owns its reference (`zwasm_val_delete` releases it).
#[repr(C)]
pub struct zwasm_val_t {
    pub kind: wasm_valkind_t,
    pub of: zwasm_val_union_t,
}

/// The `wasm_val_t` with the same content (not for `v128`), taking over
/// the reference.
fn to_wasm_val(v: &zwasm_val_t) -> Option<wasm_val_t> {
    let of = match v.kind {
        // SAFETY: for these kinds the 32-bit member is the active one.
        WASM_I32 | WASM_F32 => wasm_val_union { i32: unsafe { v.of.i32 } },
        // SAFETY: for these kinds the 64-bit member is the active one.
        WASM_I64 | WASM_F64 => wasm_val_union { i64: unsafe { v.of.i64 } },
        // SAFETY: for reference kinds the reference member is the active one.
        WASM_EXTERNREF | WASM_FUNCREF => wasm_val_union { ref_: unsafe { v.of.r#ref } },
        _ => return None,
    };
    Some(wasm_val_t { kind: v.kind, of })
}

fn from_wasm_val(v: wasm_val_t) -> zwasm_val_t {
    let v = std::mem::ManuallyDrop::new(v);
    // A `wasm_val_t` made by `from_val` has one of the kinds below; the
    // reference (if any) moves to the new value.
    let of = match v.kind {
        // SAFETY: for these kinds the 32-bit member is the active one.
        WASM_I32 | WASM_F32 => zwasm_val_union_t { i32: unsafe { v.of.i32 } },
        // SAFETY: for these kinds the 64-bit member is the active one.
        WASM_I64 | WASM_F64 => zwasm_val_union_t { i64: unsafe { v.of.i64 } },
        // SAFETY: the remaining kinds are references, whose member is active.
        _ => zwasm_val_union_t { r#ref: unsafe { v.of.ref_ } },
    };
    zwasm_val_t { kind: v.kind, of }
}

/// A [`Val`] from a `zwasm_val_t` (borrowed), checked against `expected`.
fn to_val_ex(
    store: &StoreCell,
    ctx: &mut StoreContextMut<'_, StoreData>,
    value: &zwasm_val_t,
    expected: ValType,
) -> Result<Val, String> {
    if value.kind == WASM_V128 {
        if expected != ValType::V128 {
            return Err(format!("a value of type v128 where {expected} is expected"));
        }
        // SAFETY: for `ZWASM_V128` the `v128` member is the active one.
        return Ok(Val::V128(u128::from_le_bytes(unsafe { value.of.v128 }.bytes)));
    }
    let Some(borrowed) = to_wasm_val(value) else {
        return Err(format!("{} is not a value kind", value.kind));
    };
    // The reference stays the caller's.
    let borrowed = std::mem::ManuallyDrop::new(borrowed);
    to_val(store, ctx, &borrowed, Some(expected))
}

fn from_val_ex(
    store: &Arc<StoreCell>,
    ctx: &StoreContextMut<'_, StoreData>,
    value: &Val,
) -> Result<zwasm_val_t, String> {
    match *value {
        Val::V128(bits) => Ok(zwasm_val_t {
            kind: WASM_V128,
            of: zwasm_val_union_t { v128: zwasm_v128_t { bytes: bits.to_le_bytes() } },
        }),
        _ => from_val(store, ctx, value).map(from_wasm_val),
    }
}

/// Calls a function with arguments and results of any type, `v128`
/// included. `args` holds `nargs` values (borrowed); `results` has room for
/// `nresults`, which must be the function's result count. Returns NULL on
/// success, or a trap (owned by the caller).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zwasm_func_call_ex(
    func: Option<&wasm_func_t>,
    args: *const zwasm_val_t,
    nargs: usize,
    results: *mut zwasm_val_t,
    nresults: usize,
) -> Option<Box<wasm_trap_t>> {
    let outcome = guard_with(
        |m| Err(TrapData::message(format!("zwasm_func_call_ex: {m}"))),
        || {
            let func =
                func.ok_or_else(|| TrapData::message("zwasm_func_call_ex: `func` must not be NULL"))?;
            if (args.is_null() && nargs > 0) || (results.is_null() && nresults > 0) {
                return Err(TrapData::message("zwasm_func_call_ex: a value array is NULL"));
            }
            // SAFETY: `args` holds `nargs` values (this function's contract).
            let args = if nargs == 0 { &[][..] } else { unsafe { std::slice::from_raw_parts(args, nargs) } };
            let (f, store) = func_parts(func);
            let store = store.clone();
            let values = store.with(|mut ctx| {
            let ty = f.ty(&ctx);
            if args.len() != ty.params().len() || nresults != ty.results().len() {
                return Err(TrapData::message(format!(
                    "zwasm_func_call_ex: the function takes {} arguments and returns {} results; {} and {} were given",
                    ty.params().len(),
                    ty.results().len(),
                    args.len(),
                    nresults
                )));
            }
            let mut params = Vec::with_capacity(args.len());
            for (i, (a, &t)) in args.iter().zip(ty.params()).enumerate() {
                params.push(
                    to_val_ex(&store, &mut ctx, a, t)
                        .map_err(|e| TrapData::message(format!("zwasm_func_call_ex: argument {i}: {e}")))?,
                );
            }
            let mut out: Vec<Val> = ty.results().iter().map(|&t| Val::default_for(t)).collect();
            f.call(&mut ctx, &params, &mut out).map_err(|e| TrapData::from_error(Some(&store), &e))?;
            out.iter()
                .map(|v| from_val_ex(&store, &ctx, v))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| TrapData::message(format!("zwasm_func_call_ex: {e}")))
        })?;
            for (i, value) in values.into_iter().enumerate() {
                // SAFETY: `results` has room for `nresults` values and `i` is
                // below it; the slots are outputs (old contents not dropped).
                unsafe { results.add(i).write(value) };
            }
            Ok(())
        },
    );
    match outcome {
        Ok(()) => None,
        Err(trap) => Some(new_trap(trap)),
    }
}

/// A global of any type, `v128` included, with initial value `value`.
#[unsafe(no_mangle)]
pub extern "C" fn zwasm_global_new_ex(
    store: Option<&wasm_store_t>,
    ty: Option<&wasm_globaltype_t>,
    value: Option<&zwasm_val_t>,
) -> Option<Box<wasm_global_t>> {
    guard(None, || {
        let (Some(store), Some(ty), Some(value)) = (store, ty, value) else {
            return fail(None, "zwasm_global_new_ex: an argument is NULL");
        };
        let ty = ty.global().ty;
        let cell = &store.cell;
        let global = cell.with(|mut ctx| {
            let value = to_val_ex(cell, &mut ctx, value, ty.content)?;
            Global::new(&mut ctx, ty, value).map_err(|e| e.to_string())
        });
        match global {
            Ok(g) => Some(wasm_global_t::boxed(Handle::entity(cell, EntityKey::Global(g)))),
            Err(e) => fail(None, format!("zwasm_global_new_ex: {e}")),
        }
    })
}

/// Reads a global of any type into `*out` (owned by the caller).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zwasm_global_get_ex(global: Option<&wasm_global_t>, out: *mut zwasm_val_t) -> bool {
    let value = guard(None, || {
        let Some(global) = global else { return fail(None, "`global` must not be NULL") };
        let (g, store) = global_parts(global);
        match store.with(|ctx| from_val_ex(store, &ctx, &g.get(&ctx))) {
            Ok(v) => Some(v),
            Err(e) => fail(None, format!("zwasm_global_get_ex: {e}")),
        }
    });
    match value {
        Some(v) if !out.is_null() => {
            // SAFETY: a non-NULL `out` is an output parameter.
            unsafe { out.write(v) };
            true
        }
        Some(v) => {
            drop(from_zwasm_owned(v));
            fail(false, "`out` must not be NULL")
        }
        None => false,
    }
}

/// Sets a mutable global of any type. Returns false (and changes nothing)
/// for a constant global or a value of another type.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zwasm_global_set_ex(
    global: *mut wasm_global_t,
    value: Option<&zwasm_val_t>,
) -> bool {
    // SAFETY: a non-NULL `global` is a live handle, read through a shared
    // reference.
    let global = unsafe { global.as_ref() };
    guard(false, || {
        let (Some(global), Some(value)) = (global, value) else {
            return fail(false, "zwasm_global_set_ex: an argument is NULL");
        };
        let (g, store) = global_parts(global);
        let result = store.with(|mut ctx| {
            let ty = g.ty(&ctx);
            let value = to_val_ex(store, &mut ctx, value, ty.content)?;
            g.set(&mut ctx, value).map_err(|e| e.to_string())
        });
        result.map_or_else(|e| fail(false, format!("zwasm_global_set_ex: {e}")), |()| true)
    })
}

/// An owned `wasm_val_t` for an owned `zwasm_val_t` (so dropping it
/// releases the reference); `None` for `v128` and unknown kinds.
fn from_zwasm_owned(v: zwasm_val_t) -> Option<wasm_val_t> {
    to_wasm_val(&v)
}

/// Releases the reference a value owns, if any.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zwasm_val_delete(value: *mut zwasm_val_t) {
    guard((), || {
        if value.is_null() {
            return;
        }
        // SAFETY: the value is the caller's and is given up; reading it moves
        // its reference out, and a harmless value is left in its place.
        let owned = unsafe { value.read() };
        drop(from_zwasm_owned(owned));
        // SAFETY: `value` is writable.
        unsafe { value.write(zwasm_val_t { kind: WASM_I32, of: zwasm_val_union_t { i64: 0 } }) };
    })
}
