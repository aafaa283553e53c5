//! `Linker`: resolves a module's imports by name, from host functions and
//! from the exports of instances registered under a module name.

use super::externals::Extern;
use super::func::{Func, IntoFunc};
use super::instance::Instance;
use super::store::{AsContextMut, Caller, HostFunc};
use super::values::Val;
use crate::error::{Error, Result};
use crate::module::Module;
use crate::module::types::FuncType;
use crate::trap::Trap;
use std::collections::HashMap;
use std::marker::PhantomData;
use std::sync::Arc;

enum Definition {
    /// An object of a particular store.
    Extern(Extern),
    /// A host function, created anew in each store that instantiates.
    Host(Arc<HostFunc>),
}

/// Name-based import resolution for stores holding data of type `T`.
///
/// ```
/// use zwasm::{Engine, Linker, Module, Store};
/// let engine = Engine::default();
/// let mut linker = Linker::new(&engine);
/// linker.func_wrap("env", "double", |x: i32| x * 2)?;
/// let module = Module::new(&engine, r#"(module
///     (import "env" "double" (func $d (param i32) (result i32)))
///     (func (export "run") (result i32) i32.const 21 call $d))"#)?;
/// let mut store = Store::new(&engine, ());
/// let instance = linker.instantiate(&mut store, &module)?;
/// let run = instance.get_typed_func::<(), i32>(&store, "run")?;
/// assert_eq!(run.call(&mut store, ())?, 42);
/// # Ok::<(), zwasm::Error>(())
/// ```
pub struct Linker<T> {
    engine: crate::runtime::Engine,
    defs: HashMap<(String, String), Definition>,
    allow_shadowing: bool,
    _marker: PhantomData<fn() -> T>,
}

impl<T: 'static> Linker<T> {
    pub fn new(engine: &crate::runtime::Engine) -> Linker<T> {
        Linker { engine: engine.clone(), defs: HashMap::new(), allow_shadowing: false, _marker: PhantomData }
    }

    pub fn engine(&self) -> &crate::runtime::Engine {
        &self.engine
    }

    /// Whether a later definition may replace an earlier one of the same name.
    pub fn allow_shadowing(&mut self, allow: bool) -> &mut Self {
        self.allow_shadowing = allow;
        self
    }

    fn insert(&mut self, module: &str, name: &str, def: Definition) -> Result<&mut Self> {
        let key = (module.to_string(), name.to_string());
        if !self.allow_shadowing && self.defs.contains_key(&key) {
            return Err(Error::link(format!("`{module}::{name}` is already defined")));
        }
        self.defs.insert(key, def);
        Ok(self)
    }

    /// Defines `module::name` as an object of a store.
    pub fn define(&mut self, module: &str, name: &str, item: impl Into<Extern>) -> Result<&mut Self> {
        self.insert(module, name, Definition::Extern(item.into()))
    }

    /// Defines a host function from a Rust closure (see [`Func::wrap`]).
    pub fn func_wrap<Params, Results>(
        &mut self,
        module: &str,
        name: &str,
        f: impl IntoFunc<T, Params, Results>,
    ) -> Result<&mut Self> {
        self.insert(module, name, Definition::Host(Arc::new(f.into_host())))
    }

    /// Defines a host function with a dynamic signature (see [`Func::new`]).
    pub fn func_new(
        &mut self,
        module: &str,
        name: &str,
        ty: FuncType,
        f: impl Fn(Caller<'_, T>, &[Val], &mut [Val]) -> Result<(), Trap> + Send + Sync + 'static,
    ) -> Result<&mut Self> {
        let host = super::func::host_from_vals::<T>(ty, f);
        self.insert(module, name, Definition::Host(Arc::new(host)))
    }

    /// Registers every export of `instance` under the module name `module`.
    pub fn instance(
        &mut self,
        mut store: impl AsContextMut<Data = T>,
        module: &str,
        instance: Instance,
    ) -> Result<&mut Self> {
        for (name, item) in instance.exports(store.as_context_mut()) {
            self.define(module, &name, item)?;
        }
        Ok(self)
    }

    /// The definition of `module::name` as an object of `store`.
    pub fn get(&self, mut store: impl AsContextMut<Data = T>, module: &str, name: &str) -> Option<Extern> {
        match self.defs.get(&(module.to_string(), name.to_string()))? {
            Definition::Extern(e) => Some(*e),
            Definition::Host(h) => {
                Some(Extern::Func(Func::from_host(store.as_context_mut().inner, h.clone())))
            }
        }
    }

    /// Resolves `module`'s imports and instantiates it.
    pub fn instantiate(&self, mut store: impl AsContextMut<Data = T>, module: &Module) -> Result<Instance> {
        let mut imports = Vec::with_capacity(module.inner.imports.len());
        for import in module.imports() {
            let item = self.get(store.as_context_mut(), import.module, import.name).ok_or_else(|| {
                Error::link(format!(
                    "unknown import: `{}::{}` ({}) is not defined",
                    import.module,
                    import.name,
                    import.ty.kind_name()
                ))
            })?;
            imports.push(item);
        }
        Instance::new(store, module, &imports)
    }
}
