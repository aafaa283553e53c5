//! The public description of WebAssembly types: values, functions, globals,
//! tables, memories, imports and exports.

use std::fmt;
use std::sync::Arc;

/// The type of a WebAssembly value.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum ValType {
    I32,
    I64,
    F32,
    F64,
    V128,
    /// A nullable reference to a function.
    FuncRef,
    /// A nullable reference to a host value.
    ExternRef,
}

impl ValType {
    /// How many 64-bit slots a value of this type occupies: two for a
    /// `v128` (low half first), one otherwise.
    pub(crate) fn slots(self) -> usize {
        if self == ValType::V128 { 2 } else { 1 }
    }

    /// Whether this is a reference type.
    pub fn is_ref(self) -> bool {
        matches!(self, ValType::FuncRef | ValType::ExternRef)
    }

    /// Converts from the decoder's type, refusing what the engine does not
    /// support yet.
    pub(crate) fn from_parser(ty: wasmparser::ValType) -> Result<ValType, String> {
        use wasmparser::ValType as P;
        Ok(match ty {
            P::I32 => ValType::I32,
            P::I64 => ValType::I64,
            P::F32 => ValType::F32,
            P::F64 => ValType::F64,
            P::V128 => ValType::V128,
            P::Ref(r) => Self::from_parser_ref(r)?,
        })
    }

    pub(crate) fn from_parser_ref(r: wasmparser::RefType) -> Result<ValType, String> {
        if r == wasmparser::RefType::FUNCREF {
            Ok(ValType::FuncRef)
        } else if r == wasmparser::RefType::EXTERNREF {
            Ok(ValType::ExternRef)
        } else {
            Err(format!("unsupported reference type {r}"))
        }
    }
}

impl fmt::Display for ValType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ValType::I32 => "i32",
            ValType::I64 => "i64",
            ValType::F32 => "f32",
            ValType::F64 => "f64",
            ValType::V128 => "v128",
            ValType::FuncRef => "funcref",
            ValType::ExternRef => "externref",
        })
    }
}

/// A function signature: parameter and result types.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct FuncType {
    /// Parameters followed by results.
    types: Arc<[ValType]>,
    num_params: usize,
}

impl FuncType {
    /// Creates a signature from its parameter and result types.
    pub fn new(
        params: impl IntoIterator<Item = ValType>,
        results: impl IntoIterator<Item = ValType>,
    ) -> FuncType {
        let mut types: Vec<ValType> = params.into_iter().collect();
        let num_params = types.len();
        types.extend(results);
        FuncType { types: types.into(), num_params }
    }

    pub fn params(&self) -> &[ValType] {
        &self.types[..self.num_params]
    }

    pub fn results(&self) -> &[ValType] {
        &self.types[self.num_params..]
    }

    /// Slots the parameters occupy in a call (a `v128` takes two).
    pub(crate) fn param_slots(&self) -> usize {
        self.params().iter().map(|t| t.slots()).sum()
    }

    /// Slots the results occupy.
    pub(crate) fn result_slots(&self) -> usize {
        self.results().iter().map(|t| t.slots()).sum()
    }
}

impl fmt::Debug for FuncType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl fmt::Display for FuncType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list = |tys: &[ValType]| tys.iter().map(|t| t.to_string()).collect::<Vec<_>>().join(" ");
        write!(f, "(func (param {}) (result {}))", list(self.params()), list(self.results()))
    }
}

/// The type of a global: its content type and whether it can change.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct GlobalType {
    pub content: ValType,
    pub mutable: bool,
}

impl GlobalType {
    pub fn new(content: ValType, mutable: bool) -> GlobalType {
        GlobalType { content, mutable }
    }
}

/// The type of a table: element type and size limits, in elements.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct TableType {
    pub element: ValType,
    pub min: u64,
    pub max: Option<u64>,
}

impl TableType {
    pub fn new(element: ValType, min: u64, max: Option<u64>) -> TableType {
        TableType { element, min, max }
    }
}

/// The type of a linear memory: size limits in 64 KiB pages.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct MemoryType {
    pub min: u64,
    pub max: Option<u64>,
}

impl MemoryType {
    pub fn new(min: u64, max: Option<u64>) -> MemoryType {
        MemoryType { min, max }
    }
}

/// The type of anything that can be imported or exported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExternType {
    Func(FuncType),
    Global(GlobalType),
    Table(TableType),
    Memory(MemoryType),
}

impl ExternType {
    /// A short name for the kind: "func", "global", "table" or "memory".
    pub fn kind_name(&self) -> &'static str {
        match self {
            ExternType::Func(_) => "func",
            ExternType::Global(_) => "global",
            ExternType::Table(_) => "table",
            ExternType::Memory(_) => "memory",
        }
    }
}

/// One import of a module.
#[derive(Clone, Debug)]
pub struct ImportType<'a> {
    pub module: &'a str,
    pub name: &'a str,
    pub ty: ExternType,
}

/// One export of a module.
#[derive(Clone, Debug)]
pub struct ExportType<'a> {
    pub name: &'a str,
    pub ty: ExternType,
}

/// Whether `actual` limits satisfy `required` limits (import subtyping).
pub(crate) fn limits_match(actual_min: u64, actual_max: Option<u64>, min: u64, max: Option<u64>) -> bool {
    if actual_min < min {
        return false;
    }
    match (actual_max, max) {
        (_, None) => true,
        (None, Some(_)) => false,
        (Some(a), Some(m)) => a <= m,
    }
}
