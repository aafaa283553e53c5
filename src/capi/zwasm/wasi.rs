//! WASI Preview 1 for C hosts: a configuration object (arguments,
//! environment, directories, standard streams), attached to a store; the
//! WASI functions as externs in a module's import order; running a
//! command's `_start`; and the guest's exit status.

use super::error::{ZWASM_ERROR_USAGE, zwasm_error_t};
use crate::capi::module::module_data;
use crate::capi::object::{EntityKey, Handle, HandleType, Object, wasm_extern_t, wasm_instance_t};
use crate::capi::store::StoreData;
use crate::capi::vec::{WasmVec, wasm_byte_vec_t, wasm_extern_vec_t};
use crate::capi::{c_bytes, c_str, fail, guard, guard_with, wasm_module_t, wasm_store_t};
use crate::wasi::{self, InputStream, OutputBuffer, OutputStream, WasiConfig};
use crate::{Engine, Error, Extern, Linker};
use std::ffi::{OsStr, c_char, c_int, c_void};
use std::fs::File;
use std::io;
use std::os::fd::{FromRawFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;

/// One of a guest's three standard streams, by its descriptor number.
pub type zwasm_wasi_stream_t = u32;
/// Standard input (descriptor 0).
pub const ZWASM_WASI_STDIN: zwasm_wasi_stream_t = 0;
/// Standard output (descriptor 1).
pub const ZWASM_WASI_STDOUT: zwasm_wasi_stream_t = 1;
/// Standard error (descriptor 2).
pub const ZWASM_WASI_STDERR: zwasm_wasi_stream_t = 2;

/// Receives what a guest writes to standard output or error, one write at
/// a time, as it happens: `len` bytes at `data` (never 0 bytes; valid only
/// during the call). Returns true when it took them all; false makes the
/// guest's write fail with `EIO`. It runs while WebAssembly runs in the
/// store, so it must not use that store.
pub type zwasm_wasi_output_callback_t =
    Option<unsafe extern "C" fn(env: *mut c_void, data: *const u8, len: usize) -> bool>;

/// Called with a host pointer once zwasm lets it go (the
/// `void (*finalizer)(void*)` of `wasm.h`).
pub type zwasm_finalizer_t = Option<unsafe extern "C" fn(env: *mut c_void)>;

/// What a WASI guest is given: arguments, environment variables,
/// preopened directories and its three standard streams. By default it
/// gets nothing: no arguments, no environment, no directories, empty
/// standard input, and output that is discarded. Attach it to a store with
/// `zwasm_store_set_wasi`.
pub struct zwasm_wasi_config_t {
    config: WasiConfig,
    /// The buffers of standard output and error, when they are captured.
    captured: [Option<OutputBuffer>; 2],
}

/// The index in `captured` of an output stream; an error for standard
/// input or a number that is no stream.
fn output_index(stream: zwasm_wasi_stream_t) -> Result<usize, String> {
    match stream {
        ZWASM_WASI_STDOUT => Ok(0),
        ZWASM_WASI_STDERR => Ok(1),
        ZWASM_WASI_STDIN => Err("standard input is not an output stream".into()),
        other => Err(format!("{other} is not a standard stream (0, 1 or 2)")),
    }
}

/// Where a standard stream should go, for [`zwasm_wasi_config_t::set`].
enum Target {
    Inherit,
    Null,
    File(File),
}

impl zwasm_wasi_config_t {
    fn set_output(&mut self, index: usize, output: OutputStream, captured: Option<OutputBuffer>) {
        if index == 0 {
            self.config.stdout(output);
        } else {
            self.config.stderr(output);
        }
        self.captured[index] = captured;
    }

    /// Connects `stream` to a target every stream can have.
    fn set(&mut self, stream: zwasm_wasi_stream_t, target: Target) -> Result<(), String> {
        if stream == ZWASM_WASI_STDIN {
            self.config.stdin(match target {
                Target::Inherit => InputStream::Inherit,
                Target::Null => InputStream::Null,
                Target::File(f) => InputStream::File(f),
            });
            return Ok(());
        }
        let index = output_index(stream)?;
        let output = match target {
            Target::Inherit => OutputStream::Inherit,
            Target::Null => OutputStream::Null,
            Target::File(f) => OutputStream::File(f),
        };
        self.set_output(index, output, None);
        Ok(())
    }
}

/// Runs the body of a configuration setter: false (with the reason as the
/// thread's last error) when the config is NULL or the body fails.
fn setter(
    config: Option<&mut zwasm_wasi_config_t>,
    body: impl FnOnce(&mut zwasm_wasi_config_t) -> Result<(), String>,
) -> bool {
    guard(false, || {
        let Some(config) = config else { return fail(false, "`config` must not be NULL") };
        match body(config) {
            Ok(()) => true,
            Err(message) => fail(false, message),
        }
    })
}

/// A new, empty WASI configuration (owned by the caller).
#[unsafe(no_mangle)]
pub extern "C" fn zwasm_wasi_config_new() -> Option<Box<zwasm_wasi_config_t>> {
    guard(None, || Some(Box::new(zwasm_wasi_config_t { config: WasiConfig::new(), captured: [None, None] })))
}

/// Deletes a configuration that was not given to a store (the callbacks'
/// finalizers run).
#[unsafe(no_mangle)]
pub extern "C" fn zwasm_wasi_config_delete(config: Option<Box<zwasm_wasi_config_t>>) {
    guard((), move || drop(config))
}

/// Appends an argument (a NUL-terminated string). The first argument is by
/// convention the program's name. Returns false when `arg` is NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zwasm_wasi_config_arg(
    config: Option<&mut zwasm_wasi_config_t>,
    arg: *const c_char,
) -> bool {
    setter(config, |c| {
        // SAFETY: `arg` is NULL or a NUL-terminated string (this function's contract).
        let arg = unsafe { c_bytes(arg, "arg") }?;
        c.config.arg(arg);
        Ok(())
    })
}

/// Adds the environment variable `key=value` (NUL-terminated strings).
/// Returns false when `key` is empty or contains `=`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zwasm_wasi_config_env(
    config: Option<&mut zwasm_wasi_config_t>,
    key: *const c_char,
    value: *const c_char,
) -> bool {
    setter(config, |c| {
        // SAFETY: both are NULL or NUL-terminated strings (this function's contract).
        let (key, value) = unsafe { (c_bytes(key, "key")?, c_bytes(value, "value")?) };
        if key.is_empty() || key.contains(&b'=') {
            let key = String::from_utf8_lossy(key);
            return Err(format!("invalid WASI environment variable name `{key}`"));
        }
        c.config.env(key, value);
        Ok(())
    })
}

/// Gives the guest every variable of the host process's environment as it
/// is at this call (in addition to those added with
/// `zwasm_wasi_config_env`).
#[unsafe(no_mangle)]
pub extern "C" fn zwasm_wasi_config_inherit_env(config: Option<&mut zwasm_wasi_config_t>) -> bool {
    setter(config, |c| {
        c.config.inherit_env();
        Ok(())
    })
}

/// Gives the guest the host directory `host_path` under the name
/// `guest_path` (for example `"assets"` as `"/assets"`). Directories
/// become descriptors 3, 4, ... in the order they are added. The guest can
/// reach nothing outside them: `..` above one, absolute paths and symbolic
/// links leading out are refused. Returns false when `host_path` is not a
/// directory or `guest_path` is not UTF-8.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zwasm_wasi_config_preopen_dir(
    config: Option<&mut zwasm_wasi_config_t>,
    host_path: *const c_char,
    guest_path: *const c_char,
) -> bool {
    setter(config, |c| {
        // SAFETY: both are NULL or NUL-terminated strings (this function's contract).
        let (host, guest) = unsafe { (c_bytes(host_path, "host_path")?, c_str(guest_path, "guest_path")?) };
        let host = std::path::Path::new(OsStr::from_bytes(host));
        match std::fs::metadata(host) {
            Ok(meta) if meta.is_dir() => {}
            Ok(_) => return Err(format!("{} is not a directory", host.display())),
            Err(e) => return Err(format!("cannot open directory {}: {e}", host.display())),
        }
        c.config.preopen_dir(host, guest);
        Ok(())
    })
}

/// Connects a standard stream to the host process's own (descriptor 0, 1
/// or 2).
#[unsafe(no_mangle)]
pub extern "C" fn zwasm_wasi_config_stdio_inherit(
    config: Option<&mut zwasm_wasi_config_t>,
    stream: zwasm_wasi_stream_t,
) -> bool {
    setter(config, |c| c.set(stream, Target::Inherit))
}

/// Disconnects a standard stream: reading standard input gives end of
/// file; what is written to standard output or error is discarded. This
/// is the default.
#[unsafe(no_mangle)]
pub extern "C" fn zwasm_wasi_config_stdio_null(
    config: Option<&mut zwasm_wasi_config_t>,
    stream: zwasm_wasi_stream_t,
) -> bool {
    setter(config, |c| c.set(stream, Target::Null))
}

/// Connects a standard stream to the host file at `path`: standard input
/// reads it; standard output or error creates it, or empties it if it
/// exists. The file is opened now; returns false (with the reason) when it
/// cannot be.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zwasm_wasi_config_stdio_file(
    config: Option<&mut zwasm_wasi_config_t>,
    stream: zwasm_wasi_stream_t,
    path: *const c_char,
) -> bool {
    setter(config, |c| {
        // SAFETY: `path` is NULL or a NUL-terminated string (this function's contract).
        let path = std::path::Path::new(OsStr::from_bytes(unsafe { c_bytes(path, "path") }?));
        let file = if stream == ZWASM_WASI_STDIN {
            File::open(path)
        } else {
            output_index(stream)?;
            File::create(path)
        };
        let file = file.map_err(|e| format!("cannot open {}: {e}", path.display()))?;
        c.set(stream, Target::File(file))
    })
}

/// Connects a standard stream to a copy of the host's open descriptor `fd`
/// (a pipe, a socket, a file opened in append mode...). The host keeps
/// `fd` and may close it at once. Returns false when `fd` is not open.
#[unsafe(no_mangle)]
pub extern "C" fn zwasm_wasi_config_stdio_fd(
    config: Option<&mut zwasm_wasi_config_t>,
    stream: zwasm_wasi_stream_t,
    fd: c_int,
) -> bool {
    setter(config, |c| {
        if stream != ZWASM_WASI_STDIN {
            output_index(stream)?;
        }
        // SAFETY: `F_DUPFD_CLOEXEC` only reads the descriptor number; a
        // number that is not open fails with EBADF.
        let copy = unsafe { libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 0) };
        if copy < 0 {
            return Err(format!("cannot use descriptor {fd}: {}", io::Error::last_os_error()));
        }
        // SAFETY: `copy` is a new descriptor that nothing else owns.
        let file = File::from(unsafe { OwnedFd::from_raw_fd(copy) });
        c.set(stream, Target::File(file))
    })
}

/// Makes standard input these `len` bytes (copied now), then end of file.
/// `data` may be NULL when `len` is 0.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zwasm_wasi_config_stdin_bytes(
    config: Option<&mut zwasm_wasi_config_t>,
    data: *const u8,
    len: usize,
) -> bool {
    setter(config, |c| {
        let bytes = if len == 0 {
            Vec::new()
        } else if data.is_null() {
            return Err("`data` must not be NULL".into());
        } else {
            // SAFETY: `data` holds `len` readable bytes (this function's contract).
            unsafe { std::slice::from_raw_parts(data, len) }.to_vec()
        };
        c.config.stdin(InputStream::Bytes(bytes));
        Ok(())
    })
}

/// Captures standard output or error in memory; the host reads it with
/// `zwasm_store_wasi_take_output` once the configuration is attached to a
/// store. Returns false for standard input.
#[unsafe(no_mangle)]
pub extern "C" fn zwasm_wasi_config_stdio_capture(
    config: Option<&mut zwasm_wasi_config_t>,
    stream: zwasm_wasi_stream_t,
) -> bool {
    setter(config, |c| {
        let index = output_index(stream)?;
        let buffer = OutputBuffer::new();
        c.set_output(index, OutputStream::Buffer(buffer.clone()), Some(buffer));
        Ok(())
    })
}

/// Sends standard output or error to `callback`, write by write (to route
/// a guest's output into the host's log, say), with `env` as its first
/// argument. `finalizer` (may be NULL) is called with `env` once the
/// stream is let go: when the guest closes it, when the configuration or
/// the store's WASI context is replaced or deleted. On failure (standard
/// input, NULL callback) neither is ever called.
#[unsafe(no_mangle)]
pub extern "C" fn zwasm_wasi_config_stdio_callback(
    config: Option<&mut zwasm_wasi_config_t>,
    stream: zwasm_wasi_stream_t,
    callback: zwasm_wasi_output_callback_t,
    env: *mut c_void,
    finalizer: zwasm_finalizer_t,
) -> bool {
    setter(config, |c| {
        let index = output_index(stream)?;
        let callback = callback.ok_or("`callback` must not be NULL")?;
        let writer = CallbackWriter { callback, env, finalizer };
        c.set_output(index, OutputStream::Writer(Box::new(writer)), None);
        Ok(())
    })
}

/// A host output callback as a writer.
struct CallbackWriter {
    callback: unsafe extern "C" fn(*mut c_void, *const u8, usize) -> bool,
    env: *mut c_void,
    finalizer: zwasm_finalizer_t,
}

// SAFETY: zwasm never dereferences `env`; it passes it back to the host's
// callback and finalizer, on the thread that is using the store (the C API
// leaves it to the host what `env` may be used for), as for host functions.
unsafe impl Send for CallbackWriter {}

impl io::Write for CallbackWriter {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        if data.is_empty() {
            return Ok(0);
        }
        // SAFETY: the host registered this callback with this `env`; `data`
        // is readable for the duration of the call.
        if unsafe { (self.callback)(self.env, data.as_ptr(), data.len()) } {
            Ok(data.len())
        } else {
            Err(io::Error::other("the host's output callback refused the bytes"))
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Drop for CallbackWriter {
    fn drop(&mut self) {
        if let Some(finalize) = self.finalizer.take() {
            // SAFETY: the host registered this finalizer for `env`, to be
            // called once when the stream is let go.
            unsafe { finalize(self.env) };
        }
    }
}

fn usage(message: impl Into<String>) -> Option<Box<zwasm_error_t>> {
    Some(zwasm_error_t::new(ZWASM_ERROR_USAGE, message))
}

/// Gives the store the WASI world `config` describes: the WASI functions
/// of every instance in the store (made by `zwasm_wasi_imports` or a
/// linker's `zwasm_linker_define_wasi`) use it from now on. The preopened
/// directories are opened now. Replaces the store's previous WASI context,
/// if any (closing its descriptors). Takes `config` over, also on failure.
/// Returns NULL, or an error (`ZWASM_ERROR_USAGE`) saying what could not
/// be opened.
///
/// A store that is given no configuration still runs WASI guests, in an
/// empty world (as `zwasm_wasi_config_new` describes).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zwasm_store_set_wasi(
    store: *mut wasm_store_t,
    config: Option<Box<zwasm_wasi_config_t>>,
) -> Option<Box<zwasm_error_t>> {
    // SAFETY: `store` is NULL or a live handle (this function's contract).
    let store = unsafe { super::store::store_at(store) };
    guard_with(usage, move || {
        let Some(store) = store else { return usage("`store` must not be NULL") };
        let Some(config) = config else { return usage("`config` must not be NULL") };
        let zwasm_wasi_config_t { config, captured } = *config;
        let ctx = match config.build() {
            Ok(ctx) => ctx,
            Err(e) => return Some(zwasm_error_t::from_engine(&e, None)),
        };
        let previous = store.cell.with(|mut cx| {
            let data = cx.data_mut();
            (data.wasi.replace(ctx), std::mem::replace(&mut data.captured, captured))
        });
        // Outside the store: the old streams' finalizers are host code.
        drop(previous);
        None
    })
}

/// Stores in `*code` the status the guest passed to `proc_exit` (or 128 +
/// the signal that ended it through `proc_raise`) and returns true; returns
/// false while no guest of the store's WASI context has exited.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zwasm_store_wasi_exit_code(store: Option<&wasm_store_t>, code: *mut i32) -> bool {
    let status = guard(None, || match store {
        Some(store) => store.cell.with(|cx| cx.data().wasi.as_ref().and_then(|w| w.exit_code())),
        None => fail(None, "`store` must not be NULL"),
    });
    match status {
        Some(status) if !code.is_null() => {
            // SAFETY: a non-NULL `code` is an output parameter.
            unsafe { code.write(status) };
            true
        }
        Some(_) => fail(false, "`code` must not be NULL"),
        None => false,
    }
}

/// Moves what the guest has written to a captured stream
/// (`zwasm_wasi_config_stdio_capture`) since the last call into `out`
/// (owned by the caller) and returns true. Returns false, with `out`
/// empty, when that stream of the store's WASI context is not captured.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zwasm_store_wasi_take_output(
    store: *mut wasm_store_t,
    stream: zwasm_wasi_stream_t,
    out: *mut wasm_byte_vec_t,
) -> bool {
    // SAFETY: `store` is NULL or a live handle (this function's contract).
    let store = unsafe { super::store::store_at(store) };
    if out.is_null() {
        return fail(false, "`out` must not be NULL");
    }
    let taken = guard_with(Err, || {
        let store = store.ok_or("`store` must not be NULL")?;
        let index = output_index(stream)?;
        Ok(store.cell.with(|cx| cx.data().captured[index].as_ref().map(OutputBuffer::take)))
    });
    let (bytes, captured) = match taken {
        Ok(Some(bytes)) => (bytes.into(), true),
        Ok(None) => (WasmVec::empty(), fail(false, "that stream is not captured")),
        Err(message) => (WasmVec::empty(), fail(false, message)),
    };
    // SAFETY: `out` is a non-NULL output parameter.
    unsafe { out.write(bytes) };
    captured
}

/// A linker holding the WASI functions under both import module names.
pub(crate) fn wasi_linker(engine: &Engine) -> Result<Linker<StoreData>, Error> {
    let mut linker = Linker::new(engine);
    wasi::add_to_linker(&mut linker, StoreData::wasi)?;
    Ok(linker)
}

/// The imports of `module` as a vector for `wasm_instance_new`, in the
/// module's import order: each import of a WASI function
/// (`wasi_snapshot_preview1` or `wasi_unstable`) is that function of the
/// store (owned by the vector), every other entry is NULL for the host to
/// fill (with an extern it owns; `wasm_extern_vec_delete` deletes them
/// all). An import of a name WASI does not have is left NULL too. The
/// functions use the store's WASI context (`zwasm_store_set_wasi`). On
/// failure, `out` is empty.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zwasm_wasi_imports(
    store: *mut wasm_store_t,
    module: Option<&wasm_module_t>,
    out: *mut wasm_extern_vec_t,
) -> Option<Box<zwasm_error_t>> {
    // SAFETY: `store` is NULL or a live handle (this function's contract).
    let store = unsafe { super::store::store_at(store) };
    if out.is_null() {
        return usage("`out` must not be NULL");
    }
    let result = guard_with(
        |m| Err(usage(m)),
        || {
            let store = store.ok_or_else(|| usage("`store` must not be NULL"))?;
            let module = module.ok_or_else(|| usage("`module` must not be NULL"))?;
            let linker =
                wasi_linker(store.cell.engine()).map_err(|e| Some(zwasm_error_t::from_engine(&e, None)))?;
            let imports: Vec<Option<Extern>> = store.cell.with(|mut cx| {
                module_data(module)
                    .module
                    .imports()
                    .map(|i| {
                        let is_wasi = wasi::MODULES.contains(&i.module);
                        if is_wasi { linker.get(&mut cx, i.module, i.name) } else { None }
                    })
                    .collect()
            });
            let externs: Vec<Option<Box<wasm_extern_t>>> = imports
                .into_iter()
                .map(|item| match item {
                    Some(Extern::Func(f)) => {
                        Some(wasm_extern_t::boxed(Handle::entity(&store.cell, EntityKey::Func(f))))
                    }
                    _ => None,
                })
                .collect();
            Ok(externs)
        },
    );
    let (externs, error) = match result {
        Ok(externs) => (externs.into(), None),
        Err(error) => (WasmVec::empty(), error),
    };
    // SAFETY: `out` is a non-NULL output parameter.
    unsafe { out.write(externs) };
    error
}

/// Runs a WASI command: calls the instance's `_start` export. On return,
/// `*exit_code` (if `exit_code` is not NULL) is 0 when `_start` returned,
/// or the status the guest passed to `proc_exit`; the function returns
/// NULL. Returns an error when the instance has no `_start` taking and
/// returning nothing (`ZWASM_ERROR_USAGE`), or when the guest trapped
/// (`ZWASM_ERROR_TRAP`; `zwasm_error_trap` gives the trap and its trace).
/// The store stays usable either way.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zwasm_wasi_run(
    instance: Option<&wasm_instance_t>,
    exit_code: *mut i32,
) -> Option<Box<zwasm_error_t>> {
    let outcome = guard_with(
        |m| Err(usage(m)),
        || {
            let instance = instance.ok_or_else(|| usage("`instance` must not be NULL"))?;
            let handle = instance.handle();
            let (Object::Instance(inst), Some(store)) = (handle.object(), &handle.store) else {
                return Err(usage("`instance` is not an instance"));
            };
            let result = store.with(|mut cx| {
                let start = inst.get_typed_func::<(), ()>(&cx, "_start")?;
                start.call(&mut cx, ())
            });
            match result {
                Ok(()) => Ok(0),
                Err(e) => match wasi::exit_status(&e) {
                    Some(status) => Ok(status),
                    None => Err(Some(zwasm_error_t::from_engine(&e, Some(store)))),
                },
            }
        },
    );
    match outcome {
        Ok(status) => {
            if !exit_code.is_null() {
                // SAFETY: a non-NULL `exit_code` is an output parameter.
                unsafe { exit_code.write(status) };
            }
            None
        }
        Err(error) => error,
    }
}
