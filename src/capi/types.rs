//! `wasm_valtype_t` and `wasm_limits_t`, and the conversions between the
//! C kinds and [`ValType`].

use super::{
    WASM_EXTERNREF, WASM_F32, WASM_F64, WASM_FUNCREF, WASM_I32, WASM_I64, WASM_V128, fail, guard,
    wasm_valkind_t,
};
use crate::ValType;

/// `wasm_valtype_t`: the type of a value.
#[derive(Clone)]
pub struct wasm_valtype_t {
    pub(crate) ty: ValType,
}

/// `wasm_limits_t`: `{ uint32_t min; uint32_t max; }`, `max` being
/// `0xffffffff` when there is none.
#[repr(C)]
#[derive(Copy, Clone)]
pub struct wasm_limits_t {
    pub min: u32,
    pub max: u32,
}

pub(crate) const LIMITS_MAX_DEFAULT: u32 = u32::MAX;

impl wasm_limits_t {
    pub(crate) fn from_engine(min: u64, max: Option<u64>) -> wasm_limits_t {
        let clamp = |v: u64| u32::try_from(v).unwrap_or(u32::MAX);
        wasm_limits_t { min: clamp(min), max: max.map_or(LIMITS_MAX_DEFAULT, clamp) }
    }

    pub(crate) fn max(&self) -> Option<u64> {
        (self.max != LIMITS_MAX_DEFAULT).then_some(self.max as u64)
    }
}

pub(crate) fn kind_of(ty: ValType) -> wasm_valkind_t {
    match ty {
        ValType::I32 => WASM_I32,
        ValType::I64 => WASM_I64,
        ValType::F32 => WASM_F32,
        ValType::F64 => WASM_F64,
        ValType::V128 => WASM_V128,
        ValType::ExternRef => WASM_EXTERNREF,
        ValType::FuncRef => WASM_FUNCREF,
    }
}

pub(crate) fn type_of(kind: wasm_valkind_t) -> Option<ValType> {
    Some(match kind {
        WASM_I32 => ValType::I32,
        WASM_I64 => ValType::I64,
        WASM_F32 => ValType::F32,
        WASM_F64 => ValType::F64,
        WASM_V128 => ValType::V128,
        WASM_EXTERNREF => ValType::ExternRef,
        WASM_FUNCREF => ValType::FuncRef,
        _ => return None,
    })
}

/// A C name for a kind, for messages.
pub(crate) fn kind_name(kind: wasm_valkind_t) -> String {
    match type_of(kind) {
        Some(ty) => ty.to_string(),
        None => format!("an unknown kind ({kind})"),
    }
}

#[unsafe(no_mangle)]
pub extern "C" fn wasm_valtype_new(kind: wasm_valkind_t) -> Option<Box<wasm_valtype_t>> {
    guard(None, || match type_of(kind) {
        Some(ty) => Some(Box::new(wasm_valtype_t { ty })),
        None => fail(None, format!("wasm_valtype_new: {kind} is not a value kind")),
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn wasm_valtype_kind(ty: Option<&wasm_valtype_t>) -> wasm_valkind_t {
    guard(WASM_I32, || kind_of(super::arg!(ty, WASM_I32).ty))
}

#[unsafe(no_mangle)]
pub extern "C" fn wasm_valtype_copy(ty: Option<&wasm_valtype_t>) -> Option<Box<wasm_valtype_t>> {
    guard(None, || Some(Box::new(super::arg!(ty, None).clone())))
}

#[unsafe(no_mangle)]
pub extern "C" fn wasm_valtype_delete(ty: Option<Box<wasm_valtype_t>>) {
    guard((), move || drop(ty))
}
