//! `Extern`, `Memory`, `Table` and `Global`: the things an instance imports
//! and exports, as handles into a store.

use super::func::Func;
use super::linear_memory::{LinearMemory, MAX_PAGES, WASM_PAGE};
use super::store::{AsContext, AsContextMut, GlobalEntity, MemoryEntity, StoreInner, TableEntity};
use super::values::Val;
use crate::error::{Error, Result};
use crate::module::types::{ExternType, GlobalType, MemoryType, TableType};
use std::cell::Cell;

/// Anything an instance can import or export.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Extern {
    Func(Func),
    Global(Global),
    Table(Table),
    Memory(Memory),
}

impl Extern {
    pub fn into_func(self) -> Option<Func> {
        if let Extern::Func(f) = self { Some(f) } else { None }
    }
    pub fn into_global(self) -> Option<Global> {
        if let Extern::Global(g) = self { Some(g) } else { None }
    }
    pub fn into_table(self) -> Option<Table> {
        if let Extern::Table(t) = self { Some(t) } else { None }
    }
    pub fn into_memory(self) -> Option<Memory> {
        if let Extern::Memory(m) = self { Some(m) } else { None }
    }

    /// The type of the external.
    pub fn ty(&self, store: impl AsContext) -> ExternType {
        let inner = store.as_context().inner;
        match self {
            Extern::Func(f) => ExternType::Func(inner.func_type(f.index)),
            Extern::Global(g) => ExternType::Global(inner.globals[g.index as usize].ty),
            Extern::Table(t) => ExternType::Table(inner.tables[t.index as usize].current_type()),
            Extern::Memory(m) => ExternType::Memory(inner.memories[m.index as usize].current_type()),
        }
    }

    pub(crate) fn store_id(&self) -> u64 {
        match self {
            Extern::Func(f) => f.store,
            Extern::Global(g) => g.store,
            Extern::Table(t) => t.store,
            Extern::Memory(m) => m.store,
        }
    }
}

impl From<Func> for Extern {
    fn from(f: Func) -> Extern {
        Extern::Func(f)
    }
}
impl From<Global> for Extern {
    fn from(g: Global) -> Extern {
        Extern::Global(g)
    }
}
impl From<Table> for Extern {
    fn from(t: Table) -> Extern {
        Extern::Table(t)
    }
}
impl From<Memory> for Extern {
    fn from(m: Memory) -> Extern {
        Extern::Memory(m)
    }
}

impl MemoryEntity {
    /// The type with the current size as minimum (what import matching uses).
    pub(crate) fn current_type(&self) -> MemoryType {
        MemoryType::new(self.pages(), self.ty.max)
    }
}

impl TableEntity {
    pub(crate) fn current_type(&self) -> TableType {
        TableType::new(self.ty.element, self.elems.len() as u64, self.ty.max)
    }
}

/// Allocates a memory entity of type `ty` in `store`.
pub(crate) fn new_memory(store: &mut StoreInner, ty: MemoryType) -> Result<u32> {
    let max_pages = ty.max.unwrap_or(MAX_PAGES).min(MAX_PAGES);
    if ty.min > max_pages {
        return Err(Error::usage(format!("memory minimum of {} pages exceeds the maximum", ty.min)));
    }
    if let Some(limit) = store.limits.max_memory_pages
        && ty.min > limit
    {
        return Err(Error::usage(format!("memory of {} pages exceeds the store limit of {limit}", ty.min)));
    }
    let initial = ty.min as usize * WASM_PAGE;
    let mem = LinearMemory::new(initial, max_pages as usize * WASM_PAGE).map_err(Error::Usage)?;
    store.memories.push(Box::new(MemoryEntity { ty, mem, max_pages }));
    Ok(store.memories.len() as u32 - 1)
}

pub(crate) fn new_table(store: &mut StoreInner, ty: TableType, init: u64) -> Result<u32> {
    if ty.min > u32::MAX as u64 || ty.max.is_some_and(|m| m < ty.min) {
        return Err(Error::usage("invalid table limits"));
    }
    if let Some(limit) = store.limits.max_table_elements
        && ty.min > limit
    {
        return Err(Error::usage(format!("table of {} elements exceeds the store limit of {limit}", ty.min)));
    }
    let mut elems = Vec::new();
    elems.try_reserve(ty.min as usize).map_err(|_| Error::usage("table too large"))?;
    elems.resize(ty.min as usize, init);
    store.tables.push(Box::new(TableEntity { ty, elems }));
    Ok(store.tables.len() as u32 - 1)
}

/// Allocates a global holding `slots` (the high slot matters for `v128`).
pub(crate) fn new_global(store: &mut StoreInner, ty: GlobalType, slots: [u64; 2]) -> u32 {
    store.globals.push(Box::new(GlobalEntity { ty, value: Cell::new(slots[0]), high: Cell::new(slots[1]) }));
    store.globals.len() as u32 - 1
}

/// A linear memory in a store.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct Memory {
    pub(crate) store: u64,
    pub(crate) index: u32,
}

impl Memory {
    pub fn new(mut store: impl AsContextMut, ty: MemoryType) -> Result<Memory> {
        let inner = store.as_context_mut().inner;
        let index = new_memory(inner, ty)?;
        Ok(Memory { store: inner.id, index })
    }

    fn entity<'a>(&self, inner: &'a StoreInner) -> Result<&'a MemoryEntity> {
        if self.store != inner.id {
            return Err(Error::usage("memory used with a store it does not belong to"));
        }
        Ok(&inner.memories[self.index as usize])
    }

    pub fn ty(&self, store: impl AsContext) -> MemoryType {
        store.as_context().inner.memories[self.index as usize].current_type()
    }

    /// Current size in pages.
    pub fn size(&self, store: impl AsContext) -> u64 {
        store.as_context().inner.memories[self.index as usize].pages()
    }

    /// Current size in bytes.
    pub fn data_size(&self, store: impl AsContext) -> usize {
        store.as_context().inner.memories[self.index as usize].mem.len()
    }

    /// Grows by `delta` pages; returns the previous size in pages.
    pub fn grow(&self, mut store: impl AsContextMut, delta: u64) -> Result<u64> {
        let inner = store.as_context_mut().inner;
        self.entity(inner)?;
        inner
            .grow_memory(self.index as usize, delta)
            .ok_or_else(|| Error::usage(format!("cannot grow memory by {delta} pages")))
    }

    /// The memory's bytes.
    pub fn data<'a, C: AsContext>(&self, store: &'a C) -> &'a [u8] {
        store.as_context().inner.memories[self.index as usize].mem.bytes()
    }

    /// The memory's bytes, writable.
    pub fn data_mut<'a, C: AsContextMut>(&self, store: &'a mut C) -> &'a mut [u8] {
        store.as_context_mut().inner.memories[self.index as usize].mem.bytes_mut()
    }

    /// The memory's bytes and the store's data at once, for host functions
    /// that read guest buffers while updating their own state.
    ///
    /// ```
    /// use zwasm::{Engine, MemoryType, Memory, Store};
    /// let mut store = Store::new(&Engine::default(), 0usize);
    /// let memory = Memory::new(&mut store, MemoryType::new(1, None))?;
    /// let (bytes, count) = memory.data_and_store_mut(&mut store);
    /// bytes[0] = 7;
    /// *count += 1;
    /// assert_eq!(memory.data(&store)[0], 7);
    /// # Ok::<(), zwasm::Error>(())
    /// ```
    pub fn data_and_store_mut<'a, T: 'static, C: AsContextMut<Data = T>>(
        &self,
        store: &'a mut C,
    ) -> (&'a mut [u8], &'a mut T) {
        let inner = store.as_context_mut().inner;
        let bytes = inner.memories[self.index as usize].mem.bytes_mut();
        let data = inner.data.downcast_mut::<T>().expect("a store's data always has the store's type");
        (bytes, data)
    }

    /// Copies bytes out of memory at `offset`.
    pub fn read(&self, store: impl AsContext, offset: usize, buf: &mut [u8]) -> Result<()> {
        let inner = store.as_context().inner;
        let bytes = self.entity(inner)?.mem.bytes();
        let src = offset
            .checked_add(buf.len())
            .and_then(|end| bytes.get(offset..end))
            .ok_or_else(|| Error::usage("memory read out of bounds"))?;
        buf.copy_from_slice(src);
        Ok(())
    }

    /// Copies bytes into memory at `offset`.
    pub fn write(&self, mut store: impl AsContextMut, offset: usize, data: &[u8]) -> Result<()> {
        let inner = store.as_context_mut().inner;
        self.entity(inner)?;
        let bytes = inner.memories[self.index as usize].mem.bytes_mut();
        let dst = offset
            .checked_add(data.len())
            .and_then(|end| bytes.get_mut(offset..end))
            .ok_or_else(|| Error::usage("memory write out of bounds"))?;
        dst.copy_from_slice(data);
        Ok(())
    }
}

/// A table of references in a store.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct Table {
    pub(crate) store: u64,
    pub(crate) index: u32,
}

impl Table {
    /// A table of type `ty` with every element set to `init`.
    pub fn new(mut store: impl AsContextMut, ty: TableType, init: Val) -> Result<Table> {
        let inner = store.as_context_mut().inner;
        if init.ty() != ty.element {
            return Err(Error::usage(format!("table of {} initialised with a {}", ty.element, init.ty())));
        }
        let raw = init.to_raw(inner)?;
        let index = new_table(inner, ty, raw)?;
        Ok(Table { store: inner.id, index })
    }

    fn check(&self, inner: &StoreInner) -> Result<()> {
        if self.store != inner.id {
            return Err(Error::usage("table used with a store it does not belong to"));
        }
        Ok(())
    }

    pub fn ty(&self, store: impl AsContext) -> TableType {
        store.as_context().inner.tables[self.index as usize].current_type()
    }

    pub fn size(&self, store: impl AsContext) -> u64 {
        store.as_context().inner.tables[self.index as usize].elems.len() as u64
    }

    /// The element at `index`, or `None` past the end.
    pub fn get(&self, store: impl AsContext, index: u64) -> Option<Val> {
        let inner = store.as_context().inner;
        let t = &inner.tables[self.index as usize];
        let raw = *t.elems.get(usize::try_from(index).ok()?)?;
        Some(Val::from_raw(inner, t.ty.element, raw))
    }

    pub fn set(&self, mut store: impl AsContextMut, index: u64, value: Val) -> Result<()> {
        let inner = store.as_context_mut().inner;
        self.check(inner)?;
        let element = inner.tables[self.index as usize].ty.element;
        if value.ty() != element {
            return Err(Error::usage(format!("cannot store a {} in a table of {element}", value.ty())));
        }
        let raw = value.to_raw(inner)?;
        let slot = usize::try_from(index)
            .ok()
            .and_then(|i| inner.tables[self.index as usize].elems.get_mut(i))
            .ok_or_else(|| Error::usage("table index out of bounds"))?;
        *slot = raw;
        Ok(())
    }

    /// Grows by `delta` elements set to `init`; returns the previous size.
    pub fn grow(&self, mut store: impl AsContextMut, delta: u64, init: Val) -> Result<u64> {
        let inner = store.as_context_mut().inner;
        self.check(inner)?;
        let element = inner.tables[self.index as usize].ty.element;
        if init.ty() != element {
            return Err(Error::usage(format!("cannot grow a table of {element} with a {}", init.ty())));
        }
        let raw = init.to_raw(inner)?;
        let limit = inner.limits.max_table_elements;
        inner.tables[self.index as usize]
            .grow(delta, raw, limit)
            .ok_or_else(|| Error::usage(format!("cannot grow table by {delta} elements")))
    }
}

/// A global variable in a store.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct Global {
    pub(crate) store: u64,
    pub(crate) index: u32,
}

impl Global {
    pub fn new(mut store: impl AsContextMut, ty: GlobalType, value: Val) -> Result<Global> {
        let inner = store.as_context_mut().inner;
        if value.ty() != ty.content {
            return Err(Error::usage(format!("global of {} initialised with a {}", ty.content, value.ty())));
        }
        let mut slots = [0u64; 2];
        value.write_slots(inner, &mut slots)?;
        let index = new_global(inner, ty, slots);
        Ok(Global { store: inner.id, index })
    }

    pub fn ty(&self, store: impl AsContext) -> GlobalType {
        store.as_context().inner.globals[self.index as usize].ty
    }

    pub fn get(&self, store: impl AsContext) -> Val {
        let inner = store.as_context().inner;
        let g = &inner.globals[self.index as usize];
        Val::read_slots(inner, g.ty.content, &[g.value.get(), g.high.get()])
    }

    /// Sets a mutable global.
    pub fn set(&self, mut store: impl AsContextMut, value: Val) -> Result<()> {
        let inner = store.as_context_mut().inner;
        if self.store != inner.id {
            return Err(Error::usage("global used with a store it does not belong to"));
        }
        let ty = inner.globals[self.index as usize].ty;
        if !ty.mutable {
            return Err(Error::usage("cannot set an immutable global"));
        }
        if value.ty() != ty.content {
            return Err(Error::usage(format!("cannot store a {} in a global of {}", value.ty(), ty.content)));
        }
        let mut slots = [0u64; 2];
        value.write_slots(inner, &mut slots)?;
        let g = &inner.globals[self.index as usize];
        g.value.set(slots[0]);
        g.high.set(slots[1]);
        Ok(())
    }
}
