//! Function names from the name section, decoded on first use: a module
//! of many functions loads faster when nobody asks for a name, and names
//! are needed only for trap traces and tools.

use std::collections::HashMap;
use std::sync::OnceLock;
use wasmparser::{BinaryReader, Name, NameSectionReader};

#[derive(Default)]
pub(crate) struct FuncNames {
    /// The name section's contents and their offset in the module.
    section: Option<(Box<[u8]>, u64)>,
    decoded: OnceLock<HashMap<u32, Box<str>>>,
}

impl FuncNames {
    /// Keeps a name section's contents (starting at `offset` in the
    /// module), and returns the module name it gives, if any.
    pub fn keep(&mut self, data: &[u8], offset: u64) -> Option<String> {
        self.section = Some((data.into(), offset));
        self.decoded = OnceLock::new();
        let reader = NameSectionReader::new(BinaryReader::new(data, offset));
        reader.into_iter().map_while(Result::ok).find_map(|name| match name {
            Name::Module { name, .. } => Some(name.to_string()),
            _ => None,
        })
    }

    /// The name of function `index`, if the section gives one.
    pub fn get(&self, index: u32) -> Option<&str> {
        self.decoded.get_or_init(|| self.decode()).get(&index).map(|n| &**n)
    }

    /// A malformed name section is not an error (custom sections never
    /// invalidate a module): what decodes is kept.
    fn decode(&self) -> HashMap<u32, Box<str>> {
        let mut names = HashMap::new();
        let Some((data, offset)) = &self.section else { return names };
        let reader = NameSectionReader::new(BinaryReader::new(data, *offset));
        for name in reader.into_iter().map_while(Result::ok) {
            if let Name::Function(map) = name {
                for naming in map.into_iter().map_while(Result::ok) {
                    names.insert(naming.index, naming.name.into());
                }
            }
        }
        names
    }
}
