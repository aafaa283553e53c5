//! zwasm's extensions to the C API, declared in `include/zwasm.h`, which
//! `build.rs` generates from the files of this folder with cbindgen (so
//! only what is written here appears there, with these doc comments).

mod config;
mod error;
mod instance;
mod linker;
pub(crate) mod store;
mod trap;
mod values;
mod wasi;

pub use config::*;
pub use error::*;
pub use instance::*;
pub use linker::*;
pub use store::*;
pub use trap::*;
pub use values::*;
pub use wasi::*;
