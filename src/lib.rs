//! zwasm: a WebAssembly engine with a register-IR interpreter, shipped as a
//! Rust library and as `libzwasm.so` with the standard C API.
//!
//! The pipeline: [`Module::new`] decodes and validates a module and
//! translates every function to the register IR in the same pass;
//! [`Instance::new`] (or [`Linker::instantiate`]) links it into a [`Store`];
//! calls run in the interpreter.
//!
//! ```
//! use zwasm::{Engine, Instance, Module, Store};
//!
//! let engine = Engine::default();
//! let module = Module::new(&engine, r#"
//!     (module
//!       (func $fac (export "fac") (param i64) (result i64)
//!         (if (result i64) (i64.eqz (local.get 0))
//!           (then (i64.const 1))
//!           (else (i64.mul (local.get 0)
//!                          (call $fac (i64.sub (local.get 0) (i64.const 1))))))))"#)?;
//! let mut store = Store::new(&engine, ());
//! let instance = Instance::new(&mut store, &module, &[])?;
//! let fac = instance.get_typed_func::<i64, i64>(&store, "fac")?;
//! assert_eq!(fac.call(&mut store, 20)?, 2_432_902_008_176_640_000);
//! # Ok::<(), zwasm::Error>(())
//! ```
//!
//! # Layout
//!
//! | module        | stage                                              |
//! |---------------|----------------------------------------------------|
//! | `module`      | decoding, validation, module metadata              |
//! | `translate`   | stack machine → register IR, during validation     |
//! | `ir`          | the register IR and its text dump                  |
//! | `interp`      | the interpreter                                    |
//! | `runtime`     | engine, store, instances, host functions, linking  |
//! | `semantics`   | the meaning of every numeric operator, written once |
//! | `wasi`        | WASI Preview 1 for guests built for `wasm32-wasi`  |
//! | `capi`        | the C API (`include/wasm.h`, `include/zwasm.h`)    |

pub mod capi;
mod error;
mod interp;
pub mod ir;
mod module;
mod runtime;
pub mod script;
pub mod semantics;
mod translate;
mod trap;
#[cfg(target_os = "linux")]
pub mod wasi;

pub use error::{CompileError, Error, Result};
pub use interp::dispatch_mode;
pub use module::Module;
pub use module::types::{
    ExportType, ExternType, FuncType, GlobalType, ImportType, MemoryType, TableType, ValType,
};
pub use runtime::*;
pub use semantics::TrapCode;
pub use trap::{FrameInfo, Trap};
