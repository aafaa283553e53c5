//! `Store`: owner of all runtime state (functions, memories, tables,
//! globals, instances) and the execution stack.
//!
//! Entities live in per-kind vectors and are named by index; public handles
//! (`Func`, `Memory`, ...) carry the store's id so a handle used with the
//! wrong store is caught. Entities are boxed so that the execution tiers can
//! cache their addresses while a call runs; nothing is freed before the store.

use super::engine::{Engine, SigId};
use super::linear_memory::LinearMemory;
use crate::interp::ExecState;
use crate::module::Module;
use crate::module::types::{FuncType, GlobalType, MemoryType, TableType};
use crate::trap::Trap;
use std::any::Any;
use std::cell::Cell;
use std::marker::PhantomData;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// The raw form of a host function: `slots` holds the arguments on entry and
/// receives the results (its length is the larger of the two counts).
/// `caller` is the calling instance, if the call came from WebAssembly.
pub(crate) type HostCallback =
    dyn Fn(&mut StoreInner, Option<u32>, &mut [u64]) -> Result<(), Trap> + Send + Sync;

#[doc(hidden)]
pub struct HostFunc {
    pub(crate) ty: FuncType,
    pub(crate) callback: Box<HostCallback>,
}

pub(crate) enum FuncKind {
    /// Defined function `def` of instance `instance`.
    Wasm {
        instance: u32,
        def: u32,
    },
    Host(Arc<HostFunc>),
}

pub(crate) struct FuncEntity {
    pub sig: SigId,
    pub kind: FuncKind,
}

pub(crate) struct MemoryEntity {
    pub ty: MemoryType,
    pub mem: LinearMemory,
    /// Pages the memory may grow to (its maximum, or the engine limit).
    pub max_pages: u64,
}

impl MemoryEntity {
    pub(crate) fn pages(&self) -> u64 {
        (self.mem.len() / super::linear_memory::WASM_PAGE) as u64
    }

    /// Grows by `delta` pages; returns the old size in pages, or `None`.
    pub(crate) fn grow(&mut self, delta: u64, limit_pages: Option<u64>) -> Option<u64> {
        let old = self.pages();
        let new = old.checked_add(delta)?;
        let max = limit_pages.map_or(self.max_pages, |l| l.min(self.max_pages));
        if new > max {
            return None;
        }
        let bytes = usize::try_from(new).ok()?.checked_mul(super::linear_memory::WASM_PAGE)?;
        self.mem.grow_to(bytes).then_some(old)
    }
}

pub(crate) struct TableEntity {
    pub ty: TableType,
    /// Raw references: store index + 1, or 0 for null.
    pub elems: Vec<u64>,
}

impl TableEntity {
    /// Grows by `delta` elements set to `init`; returns the old size.
    pub(crate) fn grow(&mut self, delta: u64, init: u64, limit: Option<u64>) -> Option<u64> {
        let old = self.elems.len() as u64;
        let new = old.checked_add(delta)?;
        let max = self.ty.max.unwrap_or(u32::MAX as u64).min(u32::MAX as u64);
        let max = limit.map_or(max, |l| l.min(max));
        if new > max {
            return None;
        }
        self.elems.try_reserve(delta as usize).ok()?;
        self.elems.resize(new as usize, init);
        Some(old)
    }
}

pub(crate) struct GlobalEntity {
    pub ty: GlobalType,
    /// The value's bits; for a `v128`, the low half.
    pub value: Cell<u64>,
    /// The high half of a `v128` (unused for other types).
    pub high: Cell<u64>,
}

/// An instantiated module: its index spaces resolved to store entities.
pub(crate) struct InstanceEntity {
    pub module: Module,
    pub funcs: Box<[u32]>,
    pub tables: Box<[u32]>,
    pub memories: Box<[u32]>,
    pub globals: Box<[u32]>,
    /// Addresses of the global cells, for the execution tiers.
    pub global_cells: Box<[*const GlobalEntity]>,
    /// Element segments as raw references; emptied by `elem.drop`.
    pub elements: Box<[Cell<bool>]>,
    pub element_items: Box<[Box<[u64]>]>,
    /// Whether each data segment was dropped.
    pub datas_dropped: Box<[Cell<bool>]>,
}

impl InstanceEntity {
    /// The items of element segment `i`, empty once dropped.
    pub(crate) fn element(&self, i: u32) -> &[u64] {
        if self.elements[i as usize].get() { &[] } else { &self.element_items[i as usize] }
    }

    /// The bytes of data segment `i`, empty once dropped.
    pub(crate) fn data(&self, i: u32) -> &[u8] {
        if self.datas_dropped[i as usize].get() { &[] } else { &self.module.inner.datas[i as usize].bytes }
    }
}

static NEXT_STORE_ID: AtomicU64 = AtomicU64::new(1);

/// Per-store limits on growth, set by the embedder.
#[derive(Copy, Clone, Debug, Default)]
pub(crate) struct Limits {
    pub max_memory_pages: Option<u64>,
    pub max_table_elements: Option<u64>,
}

/// The untyped part of a store; everything but the embedder's data type.
#[doc(hidden)]
#[allow(clippy::vec_box, reason = "boxed entities keep their addresses while the vectors grow")]
pub struct StoreInner {
    pub(crate) id: u64,
    pub(crate) engine: Engine,
    pub(crate) data: Box<dyn Any + Send>,
    pub(crate) funcs: Vec<FuncEntity>,
    pub(crate) memories: Vec<Box<MemoryEntity>>,
    pub(crate) tables: Vec<Box<TableEntity>>,
    pub(crate) globals: Vec<Box<GlobalEntity>>,
    pub(crate) instances: Vec<Box<InstanceEntity>>,
    pub(crate) externrefs: Vec<Box<dyn Any + Send + Sync>>,
    pub(crate) exec: ExecState,
    /// Remaining fuel, when metering is on.
    pub(crate) fuel: Option<u64>,
    pub(crate) interrupt: Arc<AtomicBool>,
    pub(crate) limits: Limits,
    /// Changes whenever any memory of the store grows, so the execution
    /// tiers know when a cached memory size is stale.
    pub(crate) memory_epoch: u64,
}

// SAFETY: the raw pointers inside (global cell addresses, the value stack)
// point into heap allocations owned by this same store, so they move with it;
// the store is never shared between threads (it is not `Sync`).
unsafe impl Send for StoreInner {}

impl StoreInner {
    fn new(engine: &Engine, data: Box<dyn Any + Send>) -> StoreInner {
        StoreInner {
            id: NEXT_STORE_ID.fetch_add(1, Ordering::Relaxed),
            engine: engine.clone(),
            data,
            funcs: Vec::new(),
            memories: Vec::new(),
            tables: Vec::new(),
            globals: Vec::new(),
            instances: Vec::new(),
            externrefs: Vec::new(),
            exec: ExecState::default(),
            fuel: None,
            interrupt: Arc::new(AtomicBool::new(false)),
            limits: Limits::default(),
            memory_epoch: 0,
        }
    }

    /// Grows memory `index` by `delta` pages; returns the old size in pages.
    pub(crate) fn grow_memory(&mut self, index: usize, delta: u64) -> Option<u64> {
        let limit = self.limits.max_memory_pages;
        let old = self.memories[index].grow(delta, limit)?;
        self.memory_epoch = self.memory_epoch.wrapping_add(1);
        Some(old)
    }

    pub(crate) fn func_type(&self, func: u32) -> FuncType {
        match &self.funcs[func as usize].kind {
            FuncKind::Host(h) => h.ty.clone(),
            FuncKind::Wasm { instance, def } => {
                let module = &self.instances[*instance as usize].module;
                module.inner.func_type(module.inner.num_imported_funcs + def).clone()
            }
        }
    }
}

/// Owns all runtime state of the instances created in it, plus a value of
/// the embedder's type `T` that host functions can reach.
///
/// A store is used by one thread at a time: it is `Send` but not `Sync`.
/// Everything created in a store lives until the store is dropped.
///
/// ```
/// use zwasm::{Engine, Store};
/// let engine = Engine::default();
/// let mut store = Store::new(&engine, 42u32);
/// *store.data_mut() += 1;
/// assert_eq!(*store.data(), 43);
/// ```
pub struct Store<T> {
    pub(crate) inner: StoreInner,
    _marker: PhantomData<fn() -> T>,
}

impl<T: Send + 'static> Store<T> {
    pub fn new(engine: &Engine, data: T) -> Store<T> {
        Store { inner: StoreInner::new(engine, Box::new(data)), _marker: PhantomData }
    }

    pub fn data(&self) -> &T {
        data_ref(&self.inner)
    }

    pub fn data_mut(&mut self) -> &mut T {
        data_mut(&mut self.inner)
    }
}

impl<T> Store<T> {
    pub fn engine(&self) -> &Engine {
        &self.inner.engine
    }

    /// Turns fuel metering on with `fuel` units, or off with `None`.
    ///
    /// One unit is spent on every function entry and every loop iteration;
    /// when none is left, execution traps with "all fuel consumed". The host
    /// can add fuel and call again.
    pub fn set_fuel(&mut self, fuel: Option<u64>) {
        self.inner.fuel = fuel;
    }

    /// The fuel left, or `None` when metering is off.
    pub fn fuel(&self) -> Option<u64> {
        self.inner.fuel
    }

    /// A handle that stops running WebAssembly code from any thread: the call
    /// in progress traps with "interrupted" shortly after it is triggered.
    pub fn interrupt_handle(&self) -> InterruptHandle {
        InterruptHandle { flag: self.inner.interrupt.clone() }
    }

    /// Caps every memory of this store at `pages` 64 KiB pages.
    pub fn limit_memory_pages(&mut self, pages: Option<u64>) {
        self.inner.limits.max_memory_pages = pages;
    }

    /// Caps every table of this store at `elements` entries.
    pub fn limit_table_elements(&mut self, elements: Option<u64>) {
        self.inner.limits.max_table_elements = elements;
    }
}

fn data_ref<T: 'static>(inner: &StoreInner) -> &T {
    inner.data.downcast_ref::<T>().expect("a store's data always has the store's type")
}

fn data_mut<T: 'static>(inner: &mut StoreInner) -> &mut T {
    inner.data.downcast_mut::<T>().expect("a store's data always has the store's type")
}

/// Interrupts the WebAssembly code running in a store, from any thread.
#[derive(Clone)]
pub struct InterruptHandle {
    flag: Arc<AtomicBool>,
}

impl InterruptHandle {
    /// Makes the current (or next) call in the store trap with "interrupted".
    pub fn interrupt(&self) {
        self.flag.store(true, Ordering::Release);
    }
}

/// Read access to a store, typed by its data.
pub struct StoreContext<'a, T> {
    pub(crate) inner: &'a StoreInner,
    _marker: PhantomData<fn() -> T>,
}

/// Write access to a store, typed by its data.
pub struct StoreContextMut<'a, T> {
    pub(crate) inner: &'a mut StoreInner,
    _marker: PhantomData<fn() -> T>,
}

impl<'a, T> StoreContextMut<'a, T> {
    pub(crate) fn new(inner: &'a mut StoreInner) -> Self {
        StoreContextMut { inner, _marker: PhantomData }
    }
}

impl<'a, T> StoreContext<'a, T> {
    pub(crate) fn from_inner(inner: &'a StoreInner) -> Self {
        StoreContext { inner, _marker: PhantomData }
    }
}

impl<T: 'static> StoreContext<'_, T> {
    pub fn data(&self) -> &T {
        data_ref(self.inner)
    }
}

/// The store settings of [`Store`], reachable through any write access
/// (for instance from a host function's [`Caller`]).
///
/// ```
/// use zwasm::{AsContextMut, Engine, Store};
/// let mut store = Store::new(&Engine::default(), ());
/// let mut ctx = store.as_context_mut();
/// ctx.set_fuel(Some(10));
/// assert_eq!(ctx.fuel(), Some(10));
/// ctx.limit_memory_pages(Some(1));
/// ctx.limit_table_elements(None);
/// ctx.interrupt_handle().interrupt();
/// ```
impl<T> StoreContextMut<'_, T> {
    /// See [`Store::set_fuel`].
    pub fn set_fuel(&mut self, fuel: Option<u64>) {
        self.inner.fuel = fuel;
    }

    /// See [`Store::fuel`].
    pub fn fuel(&self) -> Option<u64> {
        self.inner.fuel
    }

    /// See [`Store::interrupt_handle`].
    pub fn interrupt_handle(&self) -> InterruptHandle {
        InterruptHandle { flag: self.inner.interrupt.clone() }
    }

    /// See [`Store::limit_memory_pages`].
    pub fn limit_memory_pages(&mut self, pages: Option<u64>) {
        self.inner.limits.max_memory_pages = pages;
    }

    /// See [`Store::limit_table_elements`].
    pub fn limit_table_elements(&mut self, elements: Option<u64>) {
        self.inner.limits.max_table_elements = elements;
    }
}

impl<T: 'static> StoreContextMut<'_, T> {
    pub fn data(&self) -> &T {
        data_ref(self.inner)
    }

    pub fn data_mut(&mut self) -> &mut T {
        data_mut(self.inner)
    }
}

/// Anything that gives read access to a store: `&Store<T>`, a `Caller`, ...
pub trait AsContext {
    type Data;
    fn as_context(&self) -> StoreContext<'_, Self::Data>;
}

/// Anything that gives write access to a store.
pub trait AsContextMut: AsContext {
    fn as_context_mut(&mut self) -> StoreContextMut<'_, Self::Data>;
}

impl<T> AsContext for Store<T> {
    type Data = T;
    fn as_context(&self) -> StoreContext<'_, T> {
        StoreContext { inner: &self.inner, _marker: PhantomData }
    }
}

impl<T> AsContextMut for Store<T> {
    fn as_context_mut(&mut self) -> StoreContextMut<'_, T> {
        StoreContextMut::new(&mut self.inner)
    }
}

impl<T> AsContext for StoreContext<'_, T> {
    type Data = T;
    fn as_context(&self) -> StoreContext<'_, T> {
        StoreContext { inner: self.inner, _marker: PhantomData }
    }
}

impl<T> AsContext for StoreContextMut<'_, T> {
    type Data = T;
    fn as_context(&self) -> StoreContext<'_, T> {
        StoreContext { inner: self.inner, _marker: PhantomData }
    }
}

impl<T> AsContextMut for StoreContextMut<'_, T> {
    fn as_context_mut(&mut self) -> StoreContextMut<'_, T> {
        StoreContextMut::new(self.inner)
    }
}

impl<C: AsContext + ?Sized> AsContext for &C {
    type Data = C::Data;
    fn as_context(&self) -> StoreContext<'_, C::Data> {
        (**self).as_context()
    }
}

impl<C: AsContext + ?Sized> AsContext for &mut C {
    type Data = C::Data;
    fn as_context(&self) -> StoreContext<'_, C::Data> {
        (**self).as_context()
    }
}

impl<C: AsContextMut + ?Sized> AsContextMut for &mut C {
    fn as_context_mut(&mut self) -> StoreContextMut<'_, C::Data> {
        (**self).as_context_mut()
    }
}

/// What a host function sees of its caller: the store (and its data) and the
/// calling instance's exports.
pub struct Caller<'a, T> {
    pub(crate) inner: &'a mut StoreInner,
    pub(crate) instance: Option<u32>,
    _marker: PhantomData<fn() -> T>,
}

impl<'a, T> Caller<'a, T> {
    pub(crate) fn new(inner: &'a mut StoreInner, instance: Option<u32>) -> Self {
        Caller { inner, instance, _marker: PhantomData }
    }

    /// The calling instance's export called `name` (e.g. its "memory").
    pub fn get_export(&self, name: &str) -> Option<super::Extern> {
        let instance = self.instance?;
        super::instance::export_of(self.inner, instance, name)
    }

    pub fn engine(&self) -> &Engine {
        &self.inner.engine
    }
}

impl<T: 'static> Caller<'_, T> {
    pub fn data(&self) -> &T {
        data_ref(self.inner)
    }

    pub fn data_mut(&mut self) -> &mut T {
        data_mut(self.inner)
    }
}

impl<T> AsContext for Caller<'_, T> {
    type Data = T;
    fn as_context(&self) -> StoreContext<'_, T> {
        StoreContext { inner: self.inner, _marker: PhantomData }
    }
}

impl<T> AsContextMut for Caller<'_, T> {
    fn as_context_mut(&mut self) -> StoreContextMut<'_, T> {
        StoreContextMut::new(self.inner)
    }
}
