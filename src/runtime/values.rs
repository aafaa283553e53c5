//! `Val` (a typed WebAssembly value) and `ExternRef` (a host value behind a
//! reference), with conversions to and from raw slot bits.

use super::func::Func;
use super::store::{AsContext, AsContextMut, StoreInner};
use crate::error::{Error, Result};
use crate::module::types::ValType;
use std::any::Any;

/// A WebAssembly value. Floats are kept as raw bits so NaN payloads survive.
#[derive(Copy, Clone, Debug, PartialEq)]
pub enum Val {
    I32(i32),
    I64(i64),
    /// An `f32`, as its bit pattern.
    F32(u32),
    /// An `f64`, as its bit pattern.
    F64(u64),
    V128(u128),
    FuncRef(Option<Func>),
    ExternRef(Option<ExternRef>),
}

impl Val {
    pub fn ty(&self) -> ValType {
        match self {
            Val::I32(_) => ValType::I32,
            Val::I64(_) => ValType::I64,
            Val::F32(_) => ValType::F32,
            Val::F64(_) => ValType::F64,
            Val::V128(_) => ValType::V128,
            Val::FuncRef(_) => ValType::FuncRef,
            Val::ExternRef(_) => ValType::ExternRef,
        }
    }

    /// The zero value (or null reference) of a type.
    pub fn default_for(ty: ValType) -> Val {
        match ty {
            ValType::I32 => Val::I32(0),
            ValType::I64 => Val::I64(0),
            ValType::F32 => Val::F32(0),
            ValType::F64 => Val::F64(0),
            ValType::V128 => Val::V128(0),
            ValType::FuncRef => Val::FuncRef(None),
            ValType::ExternRef => Val::ExternRef(None),
        }
    }

    pub fn f32(value: f32) -> Val {
        Val::F32(value.to_bits())
    }

    pub fn f64(value: f64) -> Val {
        Val::F64(value.to_bits())
    }

    /// The value, if this is an `i32`.
    pub fn as_i32(&self) -> Option<i32> {
        if let Val::I32(v) = self { Some(*v) } else { None }
    }

    /// The value, if this is an `i64`.
    pub fn as_i64(&self) -> Option<i64> {
        if let Val::I64(v) = self { Some(*v) } else { None }
    }

    /// The value, if this is an `f32`.
    pub fn as_f32(&self) -> Option<f32> {
        if let Val::F32(v) = self { Some(f32::from_bits(*v)) } else { None }
    }

    /// The value, if this is an `f64`.
    pub fn as_f64(&self) -> Option<f64> {
        if let Val::F64(v) = self { Some(f64::from_bits(*v)) } else { None }
    }

    /// Writes the value's slots to the start of `out` (two for a `v128`,
    /// low half first) and returns how many it wrote.
    pub(crate) fn write_slots(self, store: &StoreInner, out: &mut [u64]) -> Result<usize> {
        if let Val::V128(v) = self {
            out[0] = v as u64;
            out[1] = (v >> 64) as u64;
            return Ok(2);
        }
        out[0] = self.to_raw(store)?;
        Ok(1)
    }

    /// A value of type `ty` from the slots at the start of `slots`.
    pub(crate) fn read_slots(store: &StoreInner, ty: ValType, slots: &[u64]) -> Val {
        match ty {
            ValType::V128 => Val::V128(slots[0] as u128 | (slots[1] as u128) << 64),
            _ => Val::from_raw(store, ty, slots[0]),
        }
    }

    /// The raw bits of a one-slot value, checking that references belong to
    /// `store`.
    pub(crate) fn to_raw(self, store: &StoreInner) -> Result<u64> {
        Ok(match self {
            Val::I32(v) => v as u32 as u64,
            Val::I64(v) => v as u64,
            Val::F32(v) => v as u64,
            Val::F64(v) => v,
            Val::V128(_) => return Err(Error::usage("a v128 takes two slots")),
            Val::FuncRef(None) | Val::ExternRef(None) => 0,
            Val::FuncRef(Some(f)) => {
                f.check(store)?;
                f.index as u64 + 1
            }
            Val::ExternRef(Some(r)) => {
                r.check(store)?;
                r.index as u64 + 1
            }
        })
    }

    /// A one-slot value of type `ty` from raw bits produced by `store` (a
    /// `v128` needs `read_slots`).
    pub(crate) fn from_raw(store: &StoreInner, ty: ValType, raw: u64) -> Val {
        match ty {
            ValType::I32 => Val::I32(raw as i32),
            ValType::I64 => Val::I64(raw as i64),
            ValType::F32 => Val::F32(raw as u32),
            ValType::F64 => Val::F64(raw),
            ValType::V128 => Val::V128(raw as u128),
            ValType::FuncRef => {
                Val::FuncRef((raw != 0).then(|| Func { store: store.id, index: (raw - 1) as u32 }))
            }
            ValType::ExternRef => {
                Val::ExternRef((raw != 0).then(|| ExternRef { store: store.id, index: (raw - 1) as u32 }))
            }
        }
    }
}

impl From<i32> for Val {
    fn from(v: i32) -> Val {
        Val::I32(v)
    }
}
impl From<i64> for Val {
    fn from(v: i64) -> Val {
        Val::I64(v)
    }
}
impl From<f32> for Val {
    fn from(v: f32) -> Val {
        Val::f32(v)
    }
}
impl From<f64> for Val {
    fn from(v: f64) -> Val {
        Val::f64(v)
    }
}
impl From<Func> for Val {
    fn from(f: Func) -> Val {
        Val::FuncRef(Some(f))
    }
}
impl From<ExternRef> for Val {
    fn from(r: ExternRef) -> Val {
        Val::ExternRef(Some(r))
    }
}

/// A reference to a host value, created by the embedder and passed through
/// WebAssembly as an `externref`. Lives as long as its store.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct ExternRef {
    pub(crate) store: u64,
    pub(crate) index: u32,
}

impl ExternRef {
    /// Wraps `value` in a new reference owned by the store.
    pub fn new(mut store: impl AsContextMut, value: impl Any + Send + Sync) -> ExternRef {
        let inner = store.as_context_mut().inner;
        inner.externrefs.push(Box::new(value));
        ExternRef { store: inner.id, index: inner.externrefs.len() as u32 - 1 }
    }

    /// The host value, or `None` if `store` is not the reference's store.
    pub fn data<'a, C: AsContext>(&self, store: &'a C) -> Option<&'a (dyn Any + Send + Sync)> {
        let inner = store.as_context().inner;
        if inner.id != self.store {
            return None;
        }
        inner.externrefs.get(self.index as usize).map(|b| &**b)
    }

    pub(crate) fn check(&self, store: &StoreInner) -> Result<()> {
        if self.store != store.id || self.index as usize >= store.externrefs.len() {
            return Err(Error::usage("externref used with a store it does not belong to"));
        }
        Ok(())
    }
}
