//! `Module`: decoding and validation of a binary (or text) module, with every
//! function translated to the register IR during validation.

mod const_expr;
mod lazy;
mod names;
mod strict;
pub mod types;

pub(crate) use const_expr::ConstExpr;

use crate::error::{CompileError, Error, Result};
use crate::ir::FuncBody;
use crate::runtime::engine::{Compilation, Engine, SigId};
use crate::translate;
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};
use types::{ExportType, ExternType, FuncType, GlobalType, ImportType, MemoryType, TableType, ValType};
use wasmparser::{Parser, Payload, Validator, WasmFeatures};

/// The WebAssembly features this engine accepts: WebAssembly 2.0 without SIMD.
pub(crate) fn features() -> WasmFeatures {
    WasmFeatures::WASM2.difference(WasmFeatures::SIMD)
}

pub(crate) use strict::check_operator as check_operator_encoding;

/// What an import provides.
#[derive(Clone, Debug)]
pub(crate) enum ImportKind {
    /// A function of the given type index.
    Func(u32),
    Table(TableType),
    Memory(MemoryType),
    Global(GlobalType),
}

#[derive(Clone, Debug)]
pub(crate) struct Import {
    pub module: String,
    pub name: String,
    pub kind: ImportKind,
}

/// The kind and index of an export.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum ExportIndex {
    Func(u32),
    Table(u32),
    Memory(u32),
    Global(u32),
}

#[derive(Clone, Debug)]
pub(crate) enum ElementMode {
    Passive,
    Active { table: u32, offset: ConstExpr },
    Declared,
}

#[derive(Clone, Debug)]
pub(crate) struct ElementSegment {
    pub mode: ElementMode,
    pub items: Vec<ConstExpr>,
}

#[derive(Clone, Debug)]
pub(crate) enum DataMode {
    Passive,
    Active { memory: u32, offset: ConstExpr },
}

#[derive(Clone, Debug)]
pub(crate) struct DataSegment {
    pub mode: DataMode,
    pub bytes: Box<[u8]>,
}

#[derive(Clone, Debug)]
pub(crate) struct DefinedGlobal {
    pub ty: GlobalType,
    pub init: ConstExpr,
}

#[derive(Clone, Debug)]
pub(crate) struct DefinedTable {
    pub ty: TableType,
    pub init: Option<ConstExpr>,
}

/// Everything decoded from one module. Immutable once built.
pub(crate) struct ModuleInner {
    pub engine: Engine,
    pub name: Option<String>,
    pub types: Vec<FuncType>,
    pub sig_ids: Vec<SigId>,
    pub imports: Vec<Import>,
    /// Type index of every function, imported ones first.
    pub func_types: Vec<u32>,
    pub num_imported_funcs: u32,
    pub num_imported_tables: u32,
    pub num_imported_memories: u32,
    pub num_imported_globals: u32,
    /// Types of all tables, memories and globals, imported ones first.
    pub table_types: Vec<TableType>,
    pub memory_types: Vec<MemoryType>,
    pub global_types: Vec<GlobalType>,
    pub tables: Vec<DefinedTable>,
    pub memories: Vec<MemoryType>,
    pub globals: Vec<DefinedGlobal>,
    pub exports: Vec<(String, ExportIndex)>,
    pub export_map: HashMap<String, usize>,
    pub start: Option<u32>,
    pub elements: Vec<ElementSegment>,
    pub datas: Vec<DataSegment>,
    /// The IR of every defined function, once translated (at load time in
    /// the eager mode, on first call otherwise).
    pub bodies: Box<[OnceLock<FuncBody>]>,
    /// What lazy compilation needs, in the lazy modes.
    pub lazy: Option<lazy::LazyCode>,
    /// Names from the name section, by function index.
    pub func_names: names::FuncNames,
    pub custom_sections: Vec<(String, usize)>,
}

/// A validated, translated WebAssembly module. Cheap to clone; `Send + Sync`,
/// so one module can be instantiated in many stores on many threads.
///
/// ```
/// use zwasm::{Engine, Module};
/// let engine = Engine::default();
/// let module = Module::new(&engine, r#"(module (func (export "f") (result i32) i32.const 7))"#)?;
/// assert_eq!(module.exports().count(), 1);
/// # Ok::<(), zwasm::Error>(())
/// ```
#[derive(Clone)]
pub struct Module {
    pub(crate) inner: Arc<ModuleInner>,
}

impl Module {
    /// Decodes, validates and translates a module from its binary form, or
    /// from the text format when `bytes` does not start with `\0asm`.
    pub fn new(engine: &Engine, bytes: impl AsRef<[u8]>) -> Result<Module> {
        match to_binary(bytes.as_ref())? {
            Cow::Borrowed(binary) => Module::compile(engine, Binary::Borrowed(binary)),
            Cow::Owned(binary) => Module::compile(engine, Binary::Shared(binary.into())),
        }
    }

    /// Reads a `.wasm` or `.wat` file and compiles it. A lazily compiled
    /// module keeps the buffer the file was read into, without a copy.
    pub fn from_file(engine: &Engine, path: impl AsRef<std::path::Path>) -> Result<Module> {
        let path = path.as_ref();
        let bytes =
            read_shared(path).map_err(|e| Error::usage(format!("cannot read {}: {e}", path.display())))?;
        if bytes.starts_with(b"\0asm") {
            Module::compile(engine, Binary::Shared(bytes))
        } else {
            Module::new(engine, bytes)
        }
    }

    /// Compiles a binary module the caller already shares, so a lazily
    /// compiled module can keep it without a copy (the C API keeps the
    /// binary for serialization anyway).
    pub(crate) fn from_shared(engine: &Engine, binary: Arc<[u8]>) -> Result<Module> {
        Module::compile(engine, Binary::Shared(binary))
    }

    fn compile(engine: &Engine, binary: Binary<'_>) -> Result<Module> {
        let inner = Decoder::new(engine).decode(binary, engine.config().compilation)?;
        Ok(Module { inner: Arc::new(inner) })
    }

    /// Checks that `bytes` form a valid module, function bodies included
    /// whatever the engine's compilation mode, without keeping the result.
    pub fn validate(engine: &Engine, bytes: impl AsRef<[u8]>) -> Result<()> {
        let binary = to_binary(bytes.as_ref())?;
        Decoder::new(engine).decode(Binary::Borrowed(&binary), Compilation::LazyTranslation).map(|_| ())
    }

    pub fn engine(&self) -> &Engine {
        &self.inner.engine
    }

    /// The module's name from its name section, if any.
    pub fn name(&self) -> Option<&str> {
        self.inner.name.as_deref()
    }

    /// The module's imports, in order.
    pub fn imports(&self) -> impl ExactSizeIterator<Item = ImportType<'_>> + '_ {
        self.inner.imports.iter().map(|imp| ImportType {
            module: &imp.module,
            name: &imp.name,
            ty: match &imp.kind {
                ImportKind::Func(t) => ExternType::Func(self.inner.types[*t as usize].clone()),
                ImportKind::Table(t) => ExternType::Table(*t),
                ImportKind::Memory(m) => ExternType::Memory(*m),
                ImportKind::Global(g) => ExternType::Global(*g),
            },
        })
    }

    /// The module's exports, in order.
    pub fn exports(&self) -> impl ExactSizeIterator<Item = ExportType<'_>> + '_ {
        self.inner.exports.iter().map(|(name, index)| ExportType { name, ty: self.inner.extern_type(*index) })
    }

    /// The type of the export called `name`.
    pub fn get_export(&self, name: &str) -> Option<ExternType> {
        let i = *self.inner.export_map.get(name)?;
        Some(self.inner.extern_type(self.inner.exports[i].1))
    }

    /// Names and sizes of the custom sections, in order.
    pub fn custom_sections(&self) -> impl Iterator<Item = (&str, usize)> + '_ {
        self.inner.custom_sections.iter().map(|(n, s)| (n.as_str(), *s))
    }

    /// Number of functions, imported ones included.
    pub fn num_funcs(&self) -> u32 {
        self.inner.func_types.len() as u32
    }

    /// The name-section name of function `index`, if any.
    pub fn func_name(&self, index: u32) -> Option<&str> {
        self.inner.func_names.get(index)
    }

    /// The type of function `index` (imported functions first).
    pub fn func_type(&self, index: u32) -> Option<FuncType> {
        let t = *self.inner.func_types.get(index as usize)?;
        Some(self.inner.types[t as usize].clone())
    }

    /// The function types of the type section, in order.
    pub fn types(&self) -> &[FuncType] {
        &self.inner.types
    }

    /// The memories the module defines (imported ones are among the imports).
    pub fn defined_memories(&self) -> &[MemoryType] {
        &self.inner.memories
    }

    /// The tables the module defines (imported ones are among the imports).
    pub fn defined_tables(&self) -> impl ExactSizeIterator<Item = TableType> + '_ {
        self.inner.tables.iter().map(|t| t.ty)
    }

    /// The globals the module defines (imported ones are among the imports).
    pub fn defined_globals(&self) -> impl ExactSizeIterator<Item = GlobalType> + '_ {
        self.inner.globals.iter().map(|g| g.ty)
    }

    /// The index of the start function, if the module has one.
    pub fn start_func(&self) -> Option<u32> {
        self.inner.start
    }

    /// The tier-up profile of function `index` so far, over every instance
    /// of the module: how often it was called, and how many iterations each
    /// of its loops ran (in the order the loops start in the body). `None`
    /// for an imported function or an index out of range.
    pub fn profile(&self, index: u32) -> Option<(u32, Vec<u32>)> {
        use std::sync::atomic::Ordering::Relaxed;
        let def = index.checked_sub(self.inner.num_imported_funcs)?;
        let Some(body) = self.inner.bodies.get(def as usize)?.get() else {
            return Some((0, Vec::new()));
        };
        Some((body.entry_count.load(Relaxed), body.loop_counts.iter().map(|c| c.load(Relaxed)).collect()))
    }

    /// The register IR of function `index` as text, or `None` for an
    /// imported function or an index out of range.
    pub fn ir_text(&self, index: u32) -> Option<String> {
        let def = index.checked_sub(self.inner.num_imported_funcs)?;
        match self.inner.body(def) {
            Ok(body) => Some(body.to_text()),
            Err(e) => Some(format!("does not compile: {e}")),
        }
    }
}

impl ModuleInner {
    pub(crate) fn extern_type(&self, index: ExportIndex) -> ExternType {
        match index {
            ExportIndex::Func(f) => {
                ExternType::Func(self.types[self.func_types[f as usize] as usize].clone())
            }
            ExportIndex::Table(t) => ExternType::Table(self.table_types[t as usize]),
            ExportIndex::Memory(m) => ExternType::Memory(self.memory_types[m as usize]),
            ExportIndex::Global(g) => ExternType::Global(self.global_types[g as usize]),
        }
    }

    pub(crate) fn func_type(&self, index: u32) -> &FuncType {
        &self.types[self.func_types[index as usize] as usize]
    }
}

/// Text is turned into binary with the `wat` crate; binary passes through.
fn to_binary(bytes: &[u8]) -> Result<Cow<'_, [u8]>> {
    if bytes.starts_with(b"\0asm") {
        return Ok(Cow::Borrowed(bytes));
    }
    match wat::parse_bytes(bytes) {
        Ok(b) => Ok(Cow::Owned(b.into_owned())),
        Err(e) => Err(Error::Text(e.to_string())),
    }
}

/// A module's binary as the decoder gets it: borrowed from the caller, or
/// shared, in which case a lazily compiled module keeps it instead of a copy.
enum Binary<'a> {
    Borrowed(&'a [u8]),
    Shared(Arc<[u8]>),
}

impl Binary<'_> {
    fn bytes(&self) -> &[u8] {
        match self {
            Binary::Borrowed(b) => b,
            Binary::Shared(b) => b,
        }
    }

    fn into_shared(self) -> Arc<[u8]> {
        match self {
            Binary::Borrowed(b) => b.into(),
            Binary::Shared(b) => b,
        }
    }
}

/// The largest module accepted: offsets into a module are kept as `u32`.
const MAX_MODULE_BYTES: u64 = u32::MAX as u64;

/// Reads a whole file straight into a shared buffer. For a large module the
/// read itself is most of a lazy start-up, so the buffer is not copied again
/// into an `Arc` (which `std::fs::read` followed by `.into()` would do).
fn read_shared(path: &std::path::Path) -> std::io::Result<Arc<[u8]>> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let too_large =
        || std::io::Error::other(format!("larger than {MAX_MODULE_BYTES} bytes, the module size limit"));
    let size = file.metadata()?.len();
    if size > MAX_MODULE_BYTES {
        return Err(too_large());
    }
    let len = size as usize;
    if len == 0 {
        // Not a regular file (a pipe reports 0): read whatever is there.
        let mut bytes = Vec::new();
        file.take(MAX_MODULE_BYTES + 1).read_to_end(&mut bytes)?;
        if bytes.len() as u64 > MAX_MODULE_BYTES {
            return Err(too_large());
        }
        return Ok(bytes.into());
    }
    // SAFETY: all-zero bytes are valid `u8`s, so the zeroed slice is
    // initialised.
    let mut buffer = unsafe { Arc::<[u8]>::new_zeroed_slice(len).assume_init() };
    let unique = Arc::get_mut(&mut buffer).ok_or_else(|| std::io::Error::other("buffer already shared"))?;
    let mut filled = 0;
    while filled < len {
        match file.read(&mut unique[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    let mut probe = [0u8; 1];
    if filled < len || file.read(&mut probe)? != 0 {
        // The file changed size while being read: start again the general way.
        return Ok(std::fs::read(path)?.into());
    }
    Ok(buffer)
}

fn limits_u32(value: u64, what: &str, offset: usize) -> Result<u64, CompileError> {
    if value > u32::MAX as u64 {
        return Err(CompileError::new(format!("{what} too large"), Some(offset)));
    }
    Ok(value)
}

/// Builds a [`ModuleInner`] section by section.
struct Decoder<'e> {
    engine: &'e Engine,
    m: ModuleInner,
}

impl<'e> Decoder<'e> {
    fn new(engine: &'e Engine) -> Decoder<'e> {
        Decoder {
            engine,
            m: ModuleInner {
                engine: engine.clone(),
                name: None,
                types: Vec::new(),
                sig_ids: Vec::new(),
                imports: Vec::new(),
                func_types: Vec::new(),
                num_imported_funcs: 0,
                num_imported_tables: 0,
                num_imported_memories: 0,
                num_imported_globals: 0,
                table_types: Vec::new(),
                memory_types: Vec::new(),
                global_types: Vec::new(),
                tables: Vec::new(),
                memories: Vec::new(),
                globals: Vec::new(),
                exports: Vec::new(),
                export_map: HashMap::new(),
                start: None,
                elements: Vec::new(),
                datas: Vec::new(),
                bodies: Box::new([]),
                lazy: None,
                func_names: Default::default(),
                custom_sections: Vec::new(),
            },
        }
    }

    fn decode(mut self, binary: Binary<'_>, mode: Compilation) -> Result<ModuleInner> {
        let bytes = binary.bytes();
        if bytes.len() as u64 > MAX_MODULE_BYTES {
            return Err(CompileError::new(
                format!("module too large: {} bytes, the limit is {MAX_MODULE_BYTES}", bytes.len()),
                None,
            )
            .into());
        }
        let mut validator = Validator::new_with_features(features());
        let mut translator = translate::Translator::default();
        let mut bodies = Vec::new();
        let mut ranges = Vec::new();
        let mut resources = None;
        for payload in Parser::new(0).parse_all(bytes) {
            let payload = payload.map_err(CompileError::from)?;
            let valid = validator.payload(&payload).map_err(CompileError::from)?;
            if let wasmparser::ValidPayload::Func(to_validate, body) = valid {
                match mode {
                    Compilation::Eager => {
                        let func_index = to_validate.index;
                        bodies.push(translator.translate(&self.m, func_index, to_validate, &body, bytes)?);
                    }
                    Compilation::LazyTranslation | Compilation::Lazy => {
                        let range = body.range();
                        ranges.push((range.start as u32, range.end as u32));
                        resources.get_or_insert_with(|| to_validate.resources.clone());
                        if mode == Compilation::LazyTranslation {
                            translator.validate(to_validate, &body, bytes)?;
                        }
                    }
                }
                continue;
            }
            self.check_strict(&payload, bytes)?;
            self.section(payload)?;
        }
        self.m.bodies = match mode {
            Compilation::Eager => bodies.into_iter().map(OnceLock::from).collect(),
            _ => ranges.iter().map(|_| OnceLock::new()).collect(),
        };
        if let Some(resources) = resources {
            self.m.lazy = Some(lazy::LazyCode { bytes: binary.into_shared(), ranges, resources });
        }
        Ok(self.m)
    }

    /// Wasm 2.0 encoding rules the decoder does not enforce (see `strict`).
    fn check_strict(&self, payload: &Payload<'_>, bytes: &[u8]) -> Result<(), CompileError> {
        let (range, table) = match payload {
            Payload::MemorySection(r) => (r.range(), false),
            Payload::TableSection(r) => (r.range(), true),
            _ => return Ok(()),
        };
        let (start, end) = (range.start as usize, range.end as usize);
        strict::check_limits_section(bytes.get(start..end).unwrap_or(&[]), start, table)
    }

    fn section(&mut self, payload: Payload<'_>) -> Result<(), CompileError> {
        let m = &mut self.m;
        match payload {
            Payload::TypeSection(reader) => {
                for ty in reader.into_iter_err_on_gc_types() {
                    let ty = ty?;
                    let params = ty.params().iter().map(|t| val_type(*t)).collect::<Result<Vec<_>, _>>()?;
                    let results = ty.results().iter().map(|t| val_type(*t)).collect::<Result<Vec<_>, _>>()?;
                    let ft = FuncType::new(params, results);
                    m.sig_ids.push(self.engine.intern(&ft));
                    m.types.push(ft);
                }
            }
            Payload::ImportSection(reader) => {
                for import in reader.into_imports_with_offsets() {
                    let (offset, import) = import?;
                    let offset = offset as usize;
                    let kind = match import.ty {
                        wasmparser::TypeRef::Func(t) | wasmparser::TypeRef::FuncExact(t) => {
                            m.func_types.push(t);
                            m.num_imported_funcs += 1;
                            ImportKind::Func(t)
                        }
                        wasmparser::TypeRef::Table(t) => {
                            let t = table_type(&t, offset)?;
                            m.table_types.push(t);
                            m.num_imported_tables += 1;
                            ImportKind::Table(t)
                        }
                        wasmparser::TypeRef::Memory(mt) => {
                            let mt = memory_type(&mt, offset)?;
                            m.memory_types.push(mt);
                            m.num_imported_memories += 1;
                            ImportKind::Memory(mt)
                        }
                        wasmparser::TypeRef::Global(g) => {
                            let g = GlobalType::new(val_type(g.content_type)?, g.mutable);
                            m.global_types.push(g);
                            m.num_imported_globals += 1;
                            ImportKind::Global(g)
                        }
                        wasmparser::TypeRef::Tag(_) => {
                            return Err(CompileError::new("tag imports are not supported", Some(offset)));
                        }
                    };
                    m.imports.push(Import {
                        module: import.module.to_string(),
                        name: import.name.to_string(),
                        kind,
                    });
                }
            }
            Payload::FunctionSection(reader) => {
                for t in reader {
                    m.func_types.push(t?);
                }
            }
            Payload::TableSection(reader) => {
                for (offset, table) in reader.into_iter_with_offsets().flatten_results()? {
                    let ty = table_type(&table.ty, offset as usize)?;
                    let init = match table.init {
                        wasmparser::TableInit::RefNull => None,
                        wasmparser::TableInit::Expr(e) => Some(ConstExpr::parse(&e)?),
                    };
                    m.table_types.push(ty);
                    m.tables.push(DefinedTable { ty, init });
                }
            }
            Payload::MemorySection(reader) => {
                for (offset, mem) in reader.into_iter_with_offsets().flatten_results()? {
                    let ty = memory_type(&mem, offset as usize)?;
                    m.memory_types.push(ty);
                    m.memories.push(ty);
                }
            }
            Payload::GlobalSection(reader) => {
                for global in reader {
                    let global = global?;
                    let ty = GlobalType::new(val_type(global.ty.content_type)?, global.ty.mutable);
                    m.global_types.push(ty);
                    m.globals.push(DefinedGlobal { ty, init: ConstExpr::parse(&global.init_expr)? });
                }
            }
            Payload::ExportSection(reader) => {
                for export in reader {
                    let export = export?;
                    let index = match export.kind {
                        wasmparser::ExternalKind::Func | wasmparser::ExternalKind::FuncExact => {
                            ExportIndex::Func(export.index)
                        }
                        wasmparser::ExternalKind::Table => ExportIndex::Table(export.index),
                        wasmparser::ExternalKind::Memory => ExportIndex::Memory(export.index),
                        wasmparser::ExternalKind::Global => ExportIndex::Global(export.index),
                        wasmparser::ExternalKind::Tag => {
                            return Err(CompileError::new("tag exports are not supported", None));
                        }
                    };
                    m.export_map.insert(export.name.to_string(), m.exports.len());
                    m.exports.push((export.name.to_string(), index));
                }
            }
            Payload::StartSection { func, .. } => m.start = Some(func),
            Payload::ElementSection(reader) => {
                for element in reader {
                    let element = element?;
                    let mode = match element.kind {
                        wasmparser::ElementKind::Passive => ElementMode::Passive,
                        wasmparser::ElementKind::Declared => ElementMode::Declared,
                        wasmparser::ElementKind::Active { table_index, offset_expr } => ElementMode::Active {
                            table: table_index.unwrap_or(0),
                            offset: ConstExpr::parse(&offset_expr)?,
                        },
                    };
                    let items = match element.items {
                        wasmparser::ElementItems::Functions(funcs) => funcs
                            .into_iter()
                            .map(|f| Ok(ConstExpr::ref_func(f?)))
                            .collect::<Result<Vec<_>, CompileError>>()?,
                        wasmparser::ElementItems::Expressions(_, exprs) => exprs
                            .into_iter()
                            .map(|e| ConstExpr::parse(&e?))
                            .collect::<Result<Vec<_>, CompileError>>()?,
                    };
                    m.elements.push(ElementSegment { mode, items });
                }
            }
            Payload::DataSection(reader) => {
                for data in reader {
                    let data = data?;
                    let mode = match data.kind {
                        wasmparser::DataKind::Passive => DataMode::Passive,
                        wasmparser::DataKind::Active { memory_index, offset_expr } => {
                            DataMode::Active { memory: memory_index, offset: ConstExpr::parse(&offset_expr)? }
                        }
                    };
                    m.datas.push(DataSegment { mode, bytes: data.data.into() });
                }
            }
            Payload::CustomSection(reader) => {
                m.custom_sections.push((reader.name().to_string(), reader.data().len()));
                if reader.name() == "name"
                    && let Some(name) = m.func_names.keep(reader.data(), reader.data_offset())
                {
                    m.name = Some(name);
                }
            }
            Payload::TagSection(_) => {
                return Err(CompileError::new("exception tags are not supported", None));
            }
            _ => {}
        }
        Ok(())
    }
}

fn val_type(t: wasmparser::ValType) -> Result<ValType, CompileError> {
    ValType::from_parser(t).map_err(|e| CompileError::new(e, None))
}

fn table_type(t: &wasmparser::TableType, offset: usize) -> Result<TableType, CompileError> {
    let element = ValType::from_parser_ref(t.element_type).map_err(|e| CompileError::new(e, Some(offset)))?;
    let min = limits_u32(t.initial, "table minimum", offset)?;
    let max = t.maximum.map(|m| limits_u32(m, "table maximum", offset)).transpose()?;
    Ok(TableType::new(element, min, max))
}

fn memory_type(t: &wasmparser::MemoryType, offset: usize) -> Result<MemoryType, CompileError> {
    if t.memory64 || t.shared || t.page_size_log2.is_some() {
        return Err(CompileError::new("this memory type is not supported", Some(offset)));
    }
    Ok(MemoryType::new(t.initial, t.maximum))
}

/// `collect` for section iterators that yield `Result`s.
trait FlattenResults<T> {
    fn flatten_results(self) -> Result<Vec<T>, CompileError>;
}

impl<T, I: Iterator<Item = wasmparser::Result<T>>> FlattenResults<T> for I {
    fn flatten_results(self) -> Result<Vec<T>, CompileError> {
        self.map(|r| r.map_err(CompileError::from)).collect()
    }
}
