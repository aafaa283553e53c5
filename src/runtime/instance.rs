//! `Instance`: instantiation (linking imports, creating memories, tables and
//! globals, applying segments, running the start function) and exports.

use super::externals::{Extern, Global, Memory, Table, new_global, new_memory, new_table};
use super::func::{Func, TypedFunc, WasmParams, WasmResults};
use super::store::{AsContext, AsContextMut, FuncEntity, FuncKind, InstanceEntity, StoreInner};
use crate::error::{Error, Result};
use crate::module::types::{ExternType, limits_match};
use crate::module::{DataMode, ElementMode, ExportIndex, ImportKind, Module};
use crate::semantics::TrapCode;
use crate::trap::Trap;
use std::cell::Cell;

/// An instantiated module in a store.
///
/// ```
/// use zwasm::{Engine, Instance, Module, Store};
/// let engine = Engine::default();
/// let module = Module::new(&engine, r#"
///     (module (func (export "add") (param i32 i32) (result i32)
///         local.get 0 local.get 1 i32.add))"#)?;
/// let mut store = Store::new(&engine, ());
/// let instance = Instance::new(&mut store, &module, &[])?;
/// let add = instance.get_typed_func::<(i32, i32), i32>(&store, "add")?;
/// assert_eq!(add.call(&mut store, (40, 2))?, 42);
/// # Ok::<(), zwasm::Error>(())
/// ```
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct Instance {
    pub(crate) store: u64,
    pub(crate) index: u32,
}

impl Instance {
    /// Instantiates `module` with `imports` given in the order of the
    /// module's imports. Traps during initialisation (out-of-bounds
    /// segments, a trapping start function) are returned as errors.
    pub fn new(mut store: impl AsContextMut, module: &Module, imports: &[Extern]) -> Result<Instance> {
        let inner = store.as_context_mut().inner;
        let index = instantiate(inner, module, imports)?;
        Ok(Instance { store: inner.id, index })
    }

    fn check(&self, inner: &StoreInner) -> Option<()> {
        (self.store == inner.id && (self.index as usize) < inner.instances.len()).then_some(())
    }

    /// The export called `name`.
    pub fn get_export(&self, store: impl AsContext, name: &str) -> Option<Extern> {
        let inner = store.as_context().inner;
        self.check(inner)?;
        export_of(inner, self.index, name)
    }

    pub fn get_func(&self, store: impl AsContext, name: &str) -> Option<Func> {
        self.get_export(store, name)?.into_func()
    }

    pub fn get_memory(&self, store: impl AsContext, name: &str) -> Option<Memory> {
        self.get_export(store, name)?.into_memory()
    }

    pub fn get_table(&self, store: impl AsContext, name: &str) -> Option<Table> {
        self.get_export(store, name)?.into_table()
    }

    pub fn get_global(&self, store: impl AsContext, name: &str) -> Option<Global> {
        self.get_export(store, name)?.into_global()
    }

    /// The exported function `name`, checked to have type `Params -> Results`.
    pub fn get_typed_func<Params: WasmParams, Results: WasmResults>(
        &self,
        store: impl AsContext,
        name: &str,
    ) -> Result<TypedFunc<Params, Results>> {
        let store = store.as_context();
        let func = self
            .get_func(&store, name)
            .ok_or_else(|| Error::usage(format!("no exported function named `{name}`")))?;
        func.typed(&store)
    }

    /// All exports, in the module's order.
    pub fn exports(&self, store: impl AsContext) -> Vec<(String, Extern)> {
        let inner = store.as_context().inner;
        if self.check(inner).is_none() {
            return Vec::new();
        }
        let module = &inner.instances[self.index as usize].module;
        module
            .inner
            .exports
            .iter()
            .filter_map(|(name, _)| Some((name.clone(), export_of(inner, self.index, name)?)))
            .collect()
    }

    /// The module this instance was created from.
    pub fn module(&self, store: impl AsContext) -> Module {
        store.as_context().inner.instances[self.index as usize].module.clone()
    }
}

pub(crate) fn export_of(inner: &StoreInner, instance: u32, name: &str) -> Option<Extern> {
    let inst = &inner.instances[instance as usize];
    let m = &inst.module.inner;
    let &i = m.export_map.get(name)?;
    let id = inner.id;
    Some(match m.exports[i].1 {
        ExportIndex::Func(f) => Extern::Func(Func { store: id, index: inst.funcs[f as usize] }),
        ExportIndex::Table(t) => Extern::Table(Table { store: id, index: inst.tables[t as usize] }),
        ExportIndex::Memory(x) => Extern::Memory(Memory { store: id, index: inst.memories[x as usize] }),
        ExportIndex::Global(g) => Extern::Global(Global { store: id, index: inst.globals[g as usize] }),
    })
}

/// Checks that `import` can satisfy the module's import `expected`.
fn check_import(
    inner: &StoreInner,
    module: &Module,
    expected: &ImportKind,
    import: &Extern,
) -> Result<(), String> {
    let actual = import.ty(StoreRef(inner));
    let ok = match (expected, &actual) {
        (ImportKind::Func(t), ExternType::Func(ft)) => module.inner.types[*t as usize] == *ft,
        (ImportKind::Global(g), ExternType::Global(ag)) => g == ag,
        (ImportKind::Table(t), ExternType::Table(at)) => {
            t.element == at.element && limits_match(at.min, at.max, t.min, t.max)
        }
        (ImportKind::Memory(m), ExternType::Memory(am)) => limits_match(am.min, am.max, m.min, m.max),
        _ => false,
    };
    if ok { Ok(()) } else { Err(format!("incompatible import type: expected {expected:?}, got {actual:?}")) }
}

/// Read access to a bare `StoreInner` (for internal type queries).
struct StoreRef<'a>(&'a StoreInner);

impl AsContext for StoreRef<'_> {
    type Data = ();
    fn as_context(&self) -> super::store::StoreContext<'_, ()> {
        super::store::StoreContext::from_inner(self.0)
    }
}

fn instantiate(inner: &mut StoreInner, module: &Module, imports: &[Extern]) -> Result<u32> {
    let m = &module.inner;
    if !crate::runtime::Engine::same(&m.engine, &inner.engine) {
        return Err(Error::usage("module and store belong to different engines"));
    }
    if imports.len() != m.imports.len() {
        return Err(Error::link(format!("expected {} imports, got {}", m.imports.len(), imports.len())));
    }

    let mut funcs = Vec::with_capacity(m.func_types.len());
    let mut tables = Vec::with_capacity(m.table_types.len());
    let mut memories = Vec::with_capacity(m.memory_types.len());
    let mut globals = Vec::with_capacity(m.global_types.len());
    for (import, ext) in m.imports.iter().zip(imports) {
        if ext.store_id() != inner.id {
            return Err(Error::usage("import belongs to another store"));
        }
        check_import(inner, module, &import.kind, ext)
            .map_err(|e| Error::link(format!("{}::{}: {e}", import.module, import.name)))?;
        match ext {
            Extern::Func(f) => funcs.push(f.index),
            Extern::Table(t) => tables.push(t.index),
            Extern::Memory(x) => memories.push(x.index),
            Extern::Global(g) => globals.push(g.index),
        }
    }

    let instance = inner.instances.len() as u32;
    for def in 0..m.bodies.len() as u32 {
        let ty_index = m.func_types[(m.num_imported_funcs + def) as usize];
        let sig = m.sig_ids[ty_index as usize];
        inner.funcs.push(FuncEntity { sig, kind: FuncKind::Wasm { instance, def } });
        funcs.push(inner.funcs.len() as u32 - 1);
    }
    let func_ref = |f: u32| funcs[f as usize] as u64 + 1;

    for g in &m.globals {
        let raw = g.init.eval(|i| inner.globals[globals[i as usize] as usize].value.get(), func_ref);
        globals.push(new_global(inner, g.ty, [raw, 0]));
    }
    let global_value = |inner: &StoreInner, i: u32| inner.globals[globals[i as usize] as usize].value.get();
    for t in &m.tables {
        let init = t.init.as_ref().map_or(0, |e| e.eval(|i| global_value(inner, i), func_ref));
        tables.push(new_table(inner, t.ty, init)?);
    }
    for ty in &m.memories {
        memories.push(new_memory(inner, *ty)?);
    }

    let element_items: Vec<Box<[u64]>> = m
        .elements
        .iter()
        .map(|seg| seg.items.iter().map(|e| e.eval(|i| global_value(inner, i), func_ref)).collect())
        .collect();
    let global_cells = globals.iter().map(|&g| &*inner.globals[g as usize] as *const _).collect();
    inner.instances.push(Box::new(InstanceEntity {
        module: module.clone(),
        funcs: funcs.into(),
        tables: tables.into(),
        memories: memories.into(),
        globals: globals.into(),
        global_cells,
        elements: (0..m.elements.len()).map(|_| Cell::new(false)).collect(),
        element_items: element_items.into(),
        datas_dropped: (0..m.datas.len()).map(|_| Cell::new(false)).collect(),
    }));

    initialize(inner, instance)?;
    Ok(instance)
}

/// Applies active segments in order and runs the start function. A trap
/// leaves earlier segments applied, as the specification requires.
fn initialize(inner: &mut StoreInner, instance: u32) -> Result<()> {
    let module = inner.instances[instance as usize].module.clone();
    let m = &module.inner;
    let trap = |code: TrapCode| Error::Trap(Trap::new(code));
    for (i, seg) in m.elements.iter().enumerate() {
        let inst_ptr: *const InstanceEntity = &*inner.instances[instance as usize];
        // SAFETY: the instance is boxed and stays alive in the store while
        // `table_init` (which only touches tables) runs.
        let inst = unsafe { &*inst_ptr };
        match &seg.mode {
            ElementMode::Active { table, offset } => {
                let start =
                    offset.eval(|g| global_bits(inner, inst, g), |f| inst.funcs[f as usize] as u64 + 1);
                let len = inst.element(i as u32).len() as u32;
                inner.table_init(inst, *table, i as u32, start as u32, 0, len).map_err(trap)?;
                inst.elements[i].set(true);
            }
            ElementMode::Declared => inst.elements[i].set(true),
            ElementMode::Passive => {}
        }
    }
    for (i, seg) in m.datas.iter().enumerate() {
        let inst_ptr: *const InstanceEntity = &*inner.instances[instance as usize];
        // SAFETY: as above; `memory_init` only touches memories.
        let inst = unsafe { &*inst_ptr };
        if let DataMode::Active { memory, offset } = &seg.mode {
            if *memory != 0 {
                return Err(Error::Unsupported("data segments for memories other than 0".into()));
            }
            let start = offset.eval(|g| global_bits(inner, inst, g), |f| inst.funcs[f as usize] as u64 + 1);
            inner.memory_init(inst, i as u32, start as u32, 0, seg.bytes.len() as u32).map_err(trap)?;
            inst.datas_dropped[i].set(true);
        }
    }
    if let Some(start) = m.start {
        let func = inner.instances[instance as usize].funcs[start as usize];
        crate::interp::invoke(inner, func, &mut [])?;
    }
    Ok(())
}

fn global_bits(inner: &StoreInner, inst: &InstanceEntity, g: u32) -> u64 {
    inner.globals[inst.globals[g as usize] as usize].value.get()
}
