//! Runtime objects: engine, store, instances, functions, memories, tables,
//! globals and the linker. This is the public Rust API; the C API and the
//! command line sit on top of it.

mod bulk;
pub(crate) mod engine;
mod externals;
mod func;
pub(crate) mod instance;
pub(crate) mod linear_memory;
mod linker;
pub(crate) mod store;
mod values;

pub use engine::{Compilation, Config, Engine, Tier};
pub use externals::{Extern, Global, Memory, Table};
pub use func::{Func, IntoFunc, TypedFunc, WasmParams, WasmResults, WasmRet, WasmTy};
pub use instance::Instance;
pub use linker::Linker;
pub use store::{AsContext, AsContextMut, Caller, InterruptHandle, Store, StoreContext, StoreContextMut};
pub use values::{ExternRef, Val};
