//! `Func`: a function of a store (WebAssembly or host), how to call it, and
//! how host functions are defined — dynamically typed (`Func::new`), from a
//! Rust closure (`Func::wrap`), or over raw slots (`Func::new_raw`).

use super::store::{AsContext, AsContextMut, Caller, FuncEntity, FuncKind, HostFunc, StoreInner};
use super::values::{ExternRef, Val};
use crate::error::{Error, Result};
use crate::module::types::{FuncType, ValType};
use crate::trap::Trap;
use std::marker::PhantomData;
use std::sync::Arc;

/// A function in a store. A cheap handle: copying it does not copy the
/// function, and it is only meaningful with the store that created it.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct Func {
    pub(crate) store: u64,
    pub(crate) index: u32,
}

impl Func {
    pub(crate) fn check(&self, store: &StoreInner) -> Result<()> {
        if self.store != store.id || self.index as usize >= store.funcs.len() {
            return Err(Error::usage("function used with a store it does not belong to"));
        }
        Ok(())
    }

    pub(crate) fn from_host(store: &mut StoreInner, host: Arc<HostFunc>) -> Func {
        let sig = store.engine.intern(&host.ty);
        store.funcs.push(FuncEntity { sig, kind: FuncKind::Host(host) });
        Func { store: store.id, index: store.funcs.len() as u32 - 1 }
    }

    /// A host function with a dynamic signature: arguments and results are
    /// [`Val`]s checked against `ty`.
    ///
    /// ```
    /// use zwasm::{Engine, Func, FuncType, Store, Val, ValType};
    /// let mut store = Store::new(&Engine::default(), ());
    /// let ty = FuncType::new([ValType::I32], [ValType::I32]);
    /// let double = Func::new(&mut store, ty, |_caller, args, results| {
    ///     results[0] = Val::I32(args[0].as_i32().unwrap() * 2);
    ///     Ok(())
    /// });
    /// let mut out = [Val::I32(0)];
    /// double.call(&mut store, &[Val::I32(21)], &mut out)?;
    /// assert_eq!(out[0], Val::I32(42));
    /// # Ok::<(), zwasm::Error>(())
    /// ```
    pub fn new<T: 'static>(
        mut store: impl AsContextMut<Data = T>,
        ty: FuncType,
        f: impl Fn(Caller<'_, T>, &[Val], &mut [Val]) -> Result<(), Trap> + Send + Sync + 'static,
    ) -> Func {
        let host = host_from_vals::<T>(ty, f);
        Func::from_host(store.as_context_mut().inner, Arc::new(host))
    }

    /// A host function over raw 64-bit slots, the fastest form: `slots` holds
    /// the arguments on entry and receives the results, one slot per value
    /// (two for a `v128`, low half first). References are passed as opaque
    /// non-zero values (zero is null); returned references are checked to
    /// belong to the store.
    pub fn new_raw<T: 'static>(
        mut store: impl AsContextMut<Data = T>,
        ty: FuncType,
        f: impl Fn(Caller<'_, T>, &mut [u64]) -> Result<(), Trap> + Send + Sync + 'static,
    ) -> Func {
        let host = host_from_raw::<T>(ty, f);
        Func::from_host(store.as_context_mut().inner, Arc::new(host))
    }

    /// A host function from a Rust closure whose parameter and result types
    /// give the signature. The closure may take a [`Caller`] first.
    ///
    /// ```
    /// use zwasm::{Engine, Func, Store};
    /// let mut store = Store::new(&Engine::default(), ());
    /// let add = Func::wrap(&mut store, |a: i32, b: i32| a + b);
    /// let add = add.typed::<(i32, i32), i32>(&store)?;
    /// assert_eq!(add.call(&mut store, (2, 3))?, 5);
    /// # Ok::<(), zwasm::Error>(())
    /// ```
    pub fn wrap<T: 'static, Params, Results>(
        mut store: impl AsContextMut<Data = T>,
        f: impl IntoFunc<T, Params, Results>,
    ) -> Func {
        let host = f.into_host();
        Func::from_host(store.as_context_mut().inner, Arc::new(host))
    }

    /// The function's signature.
    pub fn ty(&self, store: impl AsContext) -> FuncType {
        store.as_context().inner.func_type(self.index)
    }

    /// Calls the function. `params` must match its parameter types and
    /// `results` must have room for exactly its results.
    pub fn call(&self, mut store: impl AsContextMut, params: &[Val], results: &mut [Val]) -> Result<()> {
        let inner = store.as_context_mut().inner;
        self.check(inner)?;
        let ty = inner.func_type(self.index);
        if params.len() != ty.params().len() {
            return Err(Error::usage(format!(
                "expected {} arguments, got {}",
                ty.params().len(),
                params.len()
            )));
        }
        if results.len() != ty.results().len() {
            return Err(Error::usage(format!(
                "expected room for {} results, got {}",
                ty.results().len(),
                results.len()
            )));
        }
        let mut slots = vec![0u64; ty.param_slots().max(ty.result_slots())];
        let mut at = 0;
        for (i, (param, expected)) in params.iter().zip(ty.params()).enumerate() {
            if param.ty() != *expected {
                return Err(Error::usage(format!(
                    "argument {i} has type {}, expected {expected}",
                    param.ty()
                )));
            }
            at += param.write_slots(inner, &mut slots[at..])?;
        }
        crate::interp::invoke(inner, self.index, &mut slots)?;
        let mut at = 0;
        for (result, ty) in results.iter_mut().zip(ty.results()) {
            *result = Val::read_slots(inner, *ty, &slots[at..]);
            at += ty.slots();
        }
        Ok(())
    }

    /// A statically typed view of the function; fails if the signature is
    /// not `Params -> Results`.
    pub fn typed<Params: WasmParams, Results: WasmResults>(
        &self,
        store: impl AsContext,
    ) -> Result<TypedFunc<Params, Results>> {
        let ty = self.ty(store);
        let expected = FuncType::new(Params::types(), Results::types());
        if ty != expected {
            return Err(Error::usage(format!("function has type {ty}, not {expected}")));
        }
        Ok(TypedFunc { func: *self, _marker: PhantomData })
    }
}

pub(crate) fn host_from_vals<T: 'static>(
    ty: FuncType,
    f: impl Fn(Caller<'_, T>, &[Val], &mut [Val]) -> Result<(), Trap> + Send + Sync + 'static,
) -> HostFunc {
    let sig = ty.clone();
    HostFunc {
        ty,
        callback: Box::new(move |store, instance, slots| {
            let mut at = 0;
            let params: Vec<Val> = sig
                .params()
                .iter()
                .map(|t| {
                    let v = Val::read_slots(store, *t, &slots[at..]);
                    at += t.slots();
                    v
                })
                .collect();
            let mut results: Vec<Val> = sig.results().iter().map(|t| Val::default_for(*t)).collect();
            f(Caller::new(store, instance), &params, &mut results)?;
            let mut at = 0;
            for (value, expected) in results.iter().zip(sig.results()) {
                if value.ty() != *expected {
                    return Err(Trap::host(format!(
                        "host function returned a {} where its type says {expected}",
                        value.ty()
                    )));
                }
                at += value.write_slots(store, &mut slots[at..]).map_err(|e| Trap::host(e.to_string()))?;
            }
            Ok(())
        }),
    }
}

fn host_from_raw<T: 'static>(
    ty: FuncType,
    f: impl Fn(Caller<'_, T>, &mut [u64]) -> Result<(), Trap> + Send + Sync + 'static,
) -> HostFunc {
    let sig = ty.clone();
    HostFunc {
        ty,
        callback: Box::new(move |store, instance, slots| {
            f(Caller::new(store, instance), slots)?;
            check_raw_refs(store, sig.results(), slots)
        }),
    }
}

/// Refuses reference results that do not name an object of `store`.
fn check_raw_refs(store: &StoreInner, types: &[ValType], slots: &[u64]) -> Result<(), Trap> {
    let mut at = 0;
    for ty in types {
        let raw = slots[at];
        at += ty.slots();
        let ok = match ty {
            ValType::FuncRef => raw == 0 || raw - 1 < store.funcs.len() as u64,
            ValType::ExternRef => raw == 0 || raw - 1 < store.externrefs.len() as u64,
            _ => true,
        };
        if !ok {
            return Err(Trap::host("host function returned an invalid reference"));
        }
    }
    Ok(())
}

/// A Rust type that maps to one WebAssembly value type.
pub trait WasmTy: Sized + Send + 'static {
    fn valtype() -> ValType;
    #[doc(hidden)]
    fn to_raw(self, store: &StoreInner) -> Result<u64>;
    #[doc(hidden)]
    fn from_raw(store: &StoreInner, raw: u64) -> Self;
}

macro_rules! wasm_ty_num {
    ($t:ty, $vt:ident, |$v:ident| $to:expr, |$r:ident| $from:expr) => {
        impl WasmTy for $t {
            fn valtype() -> ValType {
                ValType::$vt
            }
            fn to_raw(self, _: &StoreInner) -> Result<u64> {
                let $v = self;
                Ok($to)
            }
            fn from_raw(_: &StoreInner, $r: u64) -> Self {
                $from
            }
        }
    };
}
wasm_ty_num!(i32, I32, |v| v as u32 as u64, |r| r as i32);
wasm_ty_num!(u32, I32, |v| v as u64, |r| r as u32);
wasm_ty_num!(i64, I64, |v| v as u64, |r| r as i64);
wasm_ty_num!(u64, I64, |v| v, |r| r);
wasm_ty_num!(f32, F32, |v| v.to_bits() as u64, |r| f32::from_bits(r as u32));
wasm_ty_num!(f64, F64, |v| v.to_bits(), |r| f64::from_bits(r));

impl WasmTy for Option<Func> {
    fn valtype() -> ValType {
        ValType::FuncRef
    }
    fn to_raw(self, store: &StoreInner) -> Result<u64> {
        Val::FuncRef(self).to_raw(store)
    }
    fn from_raw(store: &StoreInner, raw: u64) -> Self {
        match Val::from_raw(store, ValType::FuncRef, raw) {
            Val::FuncRef(f) => f,
            _ => None,
        }
    }
}

impl WasmTy for Option<ExternRef> {
    fn valtype() -> ValType {
        ValType::ExternRef
    }
    fn to_raw(self, store: &StoreInner) -> Result<u64> {
        Val::ExternRef(self).to_raw(store)
    }
    fn from_raw(store: &StoreInner, raw: u64) -> Self {
        match Val::from_raw(store, ValType::ExternRef, raw) {
            Val::ExternRef(r) => r,
            _ => None,
        }
    }
}

/// Parameter lists of typed calls: `()`, a single [`WasmTy`], or a tuple.
pub trait WasmParams: Sized {
    fn types() -> Vec<ValType>;
    #[doc(hidden)]
    fn write(self, store: &StoreInner, slots: &mut [u64]) -> Result<()>;
}

/// Result lists: `()`, a single [`WasmTy`], or a tuple.
pub trait WasmResults: Sized {
    fn types() -> Vec<ValType>;
    #[doc(hidden)]
    fn read(store: &StoreInner, slots: &[u64]) -> Self;
    #[doc(hidden)]
    fn write(self, store: &StoreInner, slots: &mut [u64]) -> Result<()>;
}

impl<A: WasmTy> WasmParams for A {
    fn types() -> Vec<ValType> {
        vec![A::valtype()]
    }
    fn write(self, store: &StoreInner, slots: &mut [u64]) -> Result<()> {
        slots[0] = self.to_raw(store)?;
        Ok(())
    }
}

impl<A: WasmTy> WasmResults for A {
    fn types() -> Vec<ValType> {
        vec![A::valtype()]
    }
    fn read(store: &StoreInner, slots: &[u64]) -> Self {
        A::from_raw(store, slots[0])
    }
    fn write(self, store: &StoreInner, slots: &mut [u64]) -> Result<()> {
        slots[0] = self.to_raw(store)?;
        Ok(())
    }
}

macro_rules! tuple_impls {
    ($($n:tt $t:ident),*) => {
        impl<$($t: WasmTy),*> WasmParams for ($($t,)*) {
            fn types() -> Vec<ValType> {
                vec![$($t::valtype()),*]
            }
            #[allow(unused_variables, reason = "the empty tuple writes nothing")]
            fn write(self, store: &StoreInner, slots: &mut [u64]) -> Result<()> {
                $(slots[$n] = self.$n.to_raw(store)?;)*
                Ok(())
            }
        }

        impl<$($t: WasmTy),*> WasmResults for ($($t,)*) {
            fn types() -> Vec<ValType> {
                vec![$($t::valtype()),*]
            }
            #[allow(unused_variables, clippy::unused_unit, reason = "the empty tuple reads nothing")]
            fn read(store: &StoreInner, slots: &[u64]) -> Self {
                ($($t::from_raw(store, slots[$n]),)*)
            }
            #[allow(unused_variables, reason = "the empty tuple writes nothing")]
            fn write(self, store: &StoreInner, slots: &mut [u64]) -> Result<()> {
                $(slots[$n] = self.$n.to_raw(store)?;)*
                Ok(())
            }
        }
    };
}
tuple_impls!();
tuple_impls!(0 A);
tuple_impls!(0 A, 1 B);
tuple_impls!(0 A, 1 B, 2 C);
tuple_impls!(0 A, 1 B, 2 C, 3 D);
tuple_impls!(0 A, 1 B, 2 C, 3 D, 4 E);
tuple_impls!(0 A, 1 B, 2 C, 3 D, 4 E, 5 F);
tuple_impls!(0 A, 1 B, 2 C, 3 D, 4 E, 5 F, 6 G);
tuple_impls!(0 A, 1 B, 2 C, 3 D, 4 E, 5 F, 6 G, 7 H);

/// What a wrapped closure may return: results, or results and a trap.
pub trait WasmRet {
    type Results: WasmResults;
    #[doc(hidden)]
    fn into_result(self) -> Result<Self::Results, Trap>;
}

impl<R: WasmResults> WasmRet for R {
    type Results = R;
    fn into_result(self) -> Result<R, Trap> {
        Ok(self)
    }
}

impl<R: WasmResults> WasmRet for Result<R, Trap> {
    type Results = R;
    fn into_result(self) -> Result<R, Trap> {
        self
    }
}

/// Closures that [`Func::wrap`] accepts.
pub trait IntoFunc<T, Params, Results>: Send + Sync + 'static {
    #[doc(hidden)]
    fn into_host(self) -> HostFunc;
}

macro_rules! into_func_impls {
    ($($n:tt $a:ident),*) => {
        impl<T, Fun, R, $($a: WasmTy),*> IntoFunc<T, ($($a,)*), R> for Fun
        where
            Fun: Fn($($a),*) -> R + Send + Sync + 'static,
            R: WasmRet,
        {
            fn into_host(self) -> HostFunc {
                let ty = FuncType::new(vec![$($a::valtype()),*], R::Results::types());
                HostFunc {
                    ty,
                    #[allow(unused_variables, reason = "functions without parameters read no slots")]
                    callback: Box::new(move |store, _instance, slots| {
                        let results = (self)($($a::from_raw(store, slots[$n])),*).into_result()?;
                        results.write(store, slots).map_err(|e| Trap::host(e.to_string()))
                    }),
                }
            }
        }

        impl<T: 'static, Fun, R, $($a: WasmTy),*> IntoFunc<T, (Caller<'static, T>, $($a,)*), R> for Fun
        where
            Fun: Fn(Caller<'_, T>, $($a),*) -> R + Send + Sync + 'static,
            R: WasmRet,
        {
            fn into_host(self) -> HostFunc {
                let ty = FuncType::new(vec![$($a::valtype()),*], R::Results::types());
                HostFunc {
                    ty,
                    callback: Box::new(move |store, instance, slots| {
                        #[allow(unused_variables, reason = "functions without parameters read no slots")]
                        let args = ($($a::from_raw(store, slots[$n]),)*);
                        let results = (self)(Caller::new(store, instance), $(args.$n),*).into_result()?;
                        results.write(store, slots).map_err(|e| Trap::host(e.to_string()))
                    }),
                }
            }
        }
    };
}
into_func_impls!();
into_func_impls!(0 A);
into_func_impls!(0 A, 1 B);
into_func_impls!(0 A, 1 B, 2 C);
into_func_impls!(0 A, 1 B, 2 C, 3 D);
into_func_impls!(0 A, 1 B, 2 C, 3 D, 4 E);
into_func_impls!(0 A, 1 B, 2 C, 3 D, 4 E, 5 F);
into_func_impls!(0 A, 1 B, 2 C, 3 D, 4 E, 5 F, 6 G);
into_func_impls!(0 A, 1 B, 2 C, 3 D, 4 E, 5 F, 6 G, 7 H);
into_func_impls!(0 A, 1 B, 2 C, 3 D, 4 E, 5 F, 6 G, 7 H, 8 I);

/// A function whose signature was checked once, called without per-call
/// type checks.
pub struct TypedFunc<Params, Results> {
    func: Func,
    _marker: PhantomData<fn(Params) -> Results>,
}

impl<Params, Results> Clone for TypedFunc<Params, Results> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<Params, Results> Copy for TypedFunc<Params, Results> {}

impl<Params: WasmParams, Results: WasmResults> TypedFunc<Params, Results> {
    pub fn call(&self, mut store: impl AsContextMut, params: Params) -> Result<Results> {
        let inner = store.as_context_mut().inner;
        self.func.check(inner)?;
        let n = Params::types().len().max(Results::types().len());
        let mut slots = [0u64; 16];
        let mut big = Vec::new();
        let slots: &mut [u64] = if n <= 16 {
            &mut slots[..n]
        } else {
            big.resize(n, 0);
            &mut big
        };
        params.write(inner, slots)?;
        crate::interp::invoke(inner, self.func.index, slots)?;
        Ok(Results::read(inner, slots))
    }

    pub fn func(&self) -> Func {
        self.func
    }
}
