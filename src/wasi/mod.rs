//! WASI Preview 1: the 46 functions of `wasi_snapshot_preview1` (also
//! importable as the older `wasi_unstable`), for guests compiled to
//! `wasm32-wasi`.
//!
//! A guest gets only what its [`WasiConfig`] grants: arguments, environment
//! variables, preopened directories (every path resolved inside them, see
//! `sandbox.rs`), preopened listening sockets, and its standard streams
//! connected to the host's, to files or to memory.
//!
//! ```
//! use zwasm::wasi::{self, OutputBuffer, OutputStream, WasiConfig, WasiCtx};
//! use zwasm::{Engine, Linker, Module, Store};
//!
//! let engine = Engine::default();
//! let module = Module::new(&engine, r#"(module
//!     (import "wasi_snapshot_preview1" "fd_write"
//!         (func $fd_write (param i32 i32 i32 i32) (result i32)))
//!     (memory (export "memory") 1)
//!     (data (i32.const 16) "hello\n")
//!     (func (export "_start")
//!         (i32.store (i32.const 0) (i32.const 16))   ;; iovec: buffer
//!         (i32.store (i32.const 4) (i32.const 6))    ;;        length
//!         (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))"#)?;
//!
//! let out = OutputBuffer::new();
//! let mut config = WasiConfig::new();
//! config.arg("hello.wasm").stdout(OutputStream::Buffer(out.clone()));
//! let mut store = Store::new(&engine, config.build()?);
//!
//! let mut linker = Linker::new(&engine);
//! wasi::add_to_linker(&mut linker, |cx: &mut WasiCtx| cx)?;
//! let instance = linker.instantiate(&mut store, &module)?;
//! instance.get_typed_func::<(), ()>(&store, "_start")?.call(&mut store, ())?;
//! assert_eq!(out.contents(), b"hello\n");
//! # Ok::<(), zwasm::Error>(())
//! ```
//!
//! A guest that calls `proc_exit(n)` ends its call with an error whose trap
//! carries `n` ([`exit_status`]); the store stays usable.

mod config;
mod ctx;
mod fd;
mod linker;
mod memory;
mod path;
mod poll;
mod preview0;
mod process;
mod sandbox;
mod sock;
mod sys;
mod types;

pub use config::{InputStream, OutputBuffer, OutputStream, WasiConfig};
pub use ctx::WasiCtx;
pub use linker::add_to_linker;
pub use types::Errno;

/// The names of the 46 functions of `wasi_snapshot_preview1`, all of which
/// [`add_to_linker`] defines.
pub const FUNCTIONS: [&str; 46] = [
    "args_get",
    "args_sizes_get",
    "environ_get",
    "environ_sizes_get",
    "clock_res_get",
    "clock_time_get",
    "fd_advise",
    "fd_allocate",
    "fd_close",
    "fd_datasync",
    "fd_fdstat_get",
    "fd_fdstat_set_flags",
    "fd_fdstat_set_rights",
    "fd_filestat_get",
    "fd_filestat_set_size",
    "fd_filestat_set_times",
    "fd_pread",
    "fd_prestat_get",
    "fd_prestat_dir_name",
    "fd_pwrite",
    "fd_read",
    "fd_readdir",
    "fd_renumber",
    "fd_seek",
    "fd_sync",
    "fd_tell",
    "fd_write",
    "path_create_directory",
    "path_filestat_get",
    "path_filestat_set_times",
    "path_link",
    "path_open",
    "path_readlink",
    "path_remove_directory",
    "path_rename",
    "path_symlink",
    "path_unlink_file",
    "poll_oneoff",
    "proc_exit",
    "proc_raise",
    "sched_yield",
    "random_get",
    "sock_accept",
    "sock_recv",
    "sock_send",
    "sock_shutdown",
];

/// The import module names under which the functions are defined.
pub const MODULES: [&str; 2] = ["wasi_snapshot_preview1", "wasi_unstable"];

/// Index of each function in [`FUNCTIONS`] (for the call counters).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum Function {
    ArgsGet,
    ArgsSizesGet,
    EnvironGet,
    EnvironSizesGet,
    ClockResGet,
    ClockTimeGet,
    FdAdvise,
    FdAllocate,
    FdClose,
    FdDatasync,
    FdFdstatGet,
    FdFdstatSetFlags,
    FdFdstatSetRights,
    FdFilestatGet,
    FdFilestatSetSize,
    FdFilestatSetTimes,
    FdPread,
    FdPrestatGet,
    FdPrestatDirName,
    FdPwrite,
    FdRead,
    FdReaddir,
    FdRenumber,
    FdSeek,
    FdSync,
    FdTell,
    FdWrite,
    PathCreateDirectory,
    PathFilestatGet,
    PathFilestatSetTimes,
    PathLink,
    PathOpen,
    PathReadlink,
    PathRemoveDirectory,
    PathRename,
    PathSymlink,
    PathUnlinkFile,
    PollOneoff,
    ProcExit,
    ProcRaise,
    SchedYield,
    RandomGet,
    SockAccept,
    SockRecv,
    SockSend,
    SockShutdown,
}

/// The exit status of a guest that called `proc_exit` (or was ended by a
/// signal it raised), from the error its call returned.
pub fn exit_status(error: &crate::Error) -> Option<i32> {
    error.as_trap().and_then(crate::Trap::exit_status)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_function_table_and_its_index_agree() {
        assert_eq!(FUNCTIONS[Function::ArgsGet as usize], "args_get");
        assert_eq!(FUNCTIONS[Function::FdWrite as usize], "fd_write");
        assert_eq!(FUNCTIONS[Function::PathOpen as usize], "path_open");
        assert_eq!(FUNCTIONS[Function::PollOneoff as usize], "poll_oneoff");
        assert_eq!(FUNCTIONS[Function::SockShutdown as usize], "sock_shutdown");
        let mut sorted = FUNCTIONS.to_vec();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), 46);
    }
}
