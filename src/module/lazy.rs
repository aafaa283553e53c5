//! Compiling functions on their first call (`Compilation::Lazy` and
//! `Compilation::LazyTranslation`): what a module keeps for that, and the
//! compilation itself.

use super::{ModuleInner, features};
use crate::error::CompileError;
use crate::ir::FuncBody;
use crate::translate::Translator;
use wasmparser::{BinaryReader, FuncToValidate, FunctionBody, ValidatorResources};

/// What a lazily compiled module keeps to compile its functions later.
pub(crate) struct LazyCode {
    /// The module's binary, shared with whoever handed it over.
    pub bytes: std::sync::Arc<[u8]>,
    /// Where each defined function's body lies in `bytes`.
    pub ranges: Vec<(u32, u32)>,
    /// The validator's view of the module, to check bodies against.
    pub resources: ValidatorResources,
}

impl ModuleInner {
    /// The IR of defined function `def`, translating (and, in the lazy
    /// mode, validating) it first if that has not happened yet.
    pub(crate) fn body(&self, def: u32) -> Result<&FuncBody, CompileError> {
        let slot = self
            .bodies
            .get(def as usize)
            .ok_or_else(|| CompileError::new(format!("no function {def}"), None))?;
        if let Some(body) = slot.get() {
            return Ok(body);
        }
        let lazy = self
            .lazy
            .as_ref()
            .ok_or_else(|| CompileError::new(format!("function {def} was never compiled"), None))?;
        let (start, end) = lazy.ranges[def as usize];
        let reader =
            BinaryReader::new_features(&lazy.bytes[start as usize..end as usize], start as u64, features());
        let func_index = self.num_imported_funcs + def;
        let to_validate = FuncToValidate {
            resources: lazy.resources.clone(),
            index: func_index,
            ty: self.func_types[func_index as usize],
            features: features(),
        };
        let body = Translator::default()
            .translate(self, func_index, to_validate, &FunctionBody::new(reader), &lazy.bytes)
            .map_err(|e| {
                CompileError::new(format!("function {func_index} is invalid: {}", e.message), e.offset)
            })?;
        Ok(slot.get_or_init(|| body))
    }
}
