//! `WasiConfig`: what a guest is given — arguments, environment, preopened
//! directories and sockets, and where its standard streams go.

use super::ctx::WasiCtx;
use crate::error::{Error, Result};
use std::fs::File;
use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

/// Where a guest's standard input comes from.
pub enum InputStream {
    /// Nothing: every read reports end of file.
    Null,
    /// The host process's own standard input.
    Inherit,
    /// These bytes, then end of file.
    Bytes(Vec<u8>),
    /// An open host file (or pipe).
    File(File),
}

/// Where a guest's standard output or error goes.
pub enum OutputStream {
    /// Discarded (every write succeeds).
    Null,
    /// The host process's own stream of the same number.
    Inherit,
    /// An open host file (or pipe).
    File(File),
    /// A shared in-memory buffer the host reads afterwards.
    Buffer(OutputBuffer),
    /// Any writer of the host's, given each write of the guest as it
    /// happens (to route the guest's output into a log, say). An error it
    /// returns fails the guest's write (`EIO` unless it carries an OS
    /// error code).
    Writer(Box<dyn std::io::Write + Send>),
}

/// An in-memory sink for a guest's output. Clones share the same bytes.
///
/// ```
/// use zwasm::wasi::{OutputBuffer, OutputStream, WasiConfig};
/// let out = OutputBuffer::new();
/// let mut config = WasiConfig::new();
/// config.stdout(OutputStream::Buffer(out.clone()));
/// // ... run the guest, then:
/// assert!(out.contents().is_empty());
/// ```
#[derive(Clone, Default)]
pub struct OutputBuffer(Arc<Mutex<Vec<u8>>>);

impl OutputBuffer {
    pub fn new() -> OutputBuffer {
        OutputBuffer::default()
    }

    fn lock(&self) -> MutexGuard<'_, Vec<u8>> {
        // A panic while holding the lock cannot leave the bytes invalid.
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// A copy of everything written so far.
    pub fn contents(&self) -> Vec<u8> {
        self.lock().clone()
    }

    /// Everything written so far, leaving the buffer empty.
    pub fn take(&self) -> Vec<u8> {
        std::mem::take(&mut *self.lock())
    }

    pub(crate) fn append(&self, bytes: &[u8]) {
        self.lock().extend_from_slice(bytes);
    }
}

pub(crate) struct PreopenDir {
    pub host: PathBuf,
    pub guest: String,
}

/// The environment a WASI guest runs in. Build one, then turn it into a
/// [`WasiCtx`] with [`WasiConfig::build`].
///
/// By default a guest gets no arguments, no environment, no directories,
/// empty standard input and discarded output: it sees only what it is
/// explicitly given.
///
/// ```no_run
/// use zwasm::wasi::WasiConfig;
/// let mut config = WasiConfig::new();
/// config.arg("prog.wasm").arg("--verbose").env("HOME", "/data");
/// config.preopen_dir("./data", "/data").inherit_stdio();
/// let ctx = config.build()?;
/// # Ok::<(), zwasm::Error>(())
/// ```
pub struct WasiConfig {
    pub(crate) args: Vec<Vec<u8>>,
    pub(crate) env: Vec<(Vec<u8>, Vec<u8>)>,
    pub(crate) preopens: Vec<PreopenDir>,
    pub(crate) listeners: Vec<TcpListener>,
    pub(crate) stdin: InputStream,
    pub(crate) stdout: OutputStream,
    pub(crate) stderr: OutputStream,
}

impl Default for WasiConfig {
    fn default() -> WasiConfig {
        WasiConfig {
            args: Vec::new(),
            env: Vec::new(),
            preopens: Vec::new(),
            listeners: Vec::new(),
            stdin: InputStream::Null,
            stdout: OutputStream::Null,
            stderr: OutputStream::Null,
        }
    }
}

impl WasiConfig {
    pub fn new() -> WasiConfig {
        WasiConfig::default()
    }

    /// Appends one argument. The first is by convention the program name.
    pub fn arg(&mut self, arg: impl AsRef<[u8]>) -> &mut Self {
        self.args.push(arg.as_ref().to_vec());
        self
    }

    /// Appends several arguments.
    pub fn args<I: IntoIterator<Item = A>, A: AsRef<[u8]>>(&mut self, args: I) -> &mut Self {
        for a in args {
            self.arg(a);
        }
        self
    }

    /// Adds the environment variable `key=value`.
    pub fn env(&mut self, key: impl AsRef<[u8]>, value: impl AsRef<[u8]>) -> &mut Self {
        self.env.push((key.as_ref().to_vec(), value.as_ref().to_vec()));
        self
    }

    /// Gives the guest every variable of the host's environment.
    pub fn inherit_env(&mut self) -> &mut Self {
        use std::os::unix::ffi::OsStrExt;
        for (k, v) in std::env::vars_os() {
            self.env(k.as_bytes(), v.as_bytes());
        }
        self
    }

    /// Gives the guest the host directory `host` under the name `guest`.
    /// Preopens become descriptors 3, 4, ... in the order they are added.
    /// The guest can reach nothing outside it: `..` above it, absolute
    /// paths and symbolic links leading out are refused.
    pub fn preopen_dir(&mut self, host: impl Into<PathBuf>, guest: impl Into<String>) -> &mut Self {
        self.preopens.push(PreopenDir { host: host.into(), guest: guest.into() });
        self
    }

    /// Gives the guest a listening TCP socket (after the directories), on
    /// which it can call `sock_accept`.
    pub fn preopen_listener(&mut self, listener: TcpListener) -> &mut Self {
        self.listeners.push(listener);
        self
    }

    pub fn stdin(&mut self, input: InputStream) -> &mut Self {
        self.stdin = input;
        self
    }

    pub fn stdout(&mut self, output: OutputStream) -> &mut Self {
        self.stdout = output;
        self
    }

    pub fn stderr(&mut self, output: OutputStream) -> &mut Self {
        self.stderr = output;
        self
    }

    /// Connects all three standard streams to the host process's own.
    pub fn inherit_stdio(&mut self) -> &mut Self {
        self.stdin = InputStream::Inherit;
        self.stdout = OutputStream::Inherit;
        self.stderr = OutputStream::Inherit;
        self
    }

    /// Opens the preopened directories and checks the arguments and
    /// environment (no NUL bytes; names not empty and without `=`).
    pub fn build(self) -> Result<WasiCtx> {
        for a in &self.args {
            if a.contains(&0) {
                return Err(Error::usage("a WASI argument contains a NUL byte"));
            }
        }
        for (key, value) in &self.env {
            if key.is_empty() || key.contains(&b'=') {
                let key = String::from_utf8_lossy(key);
                return Err(Error::usage(format!("invalid WASI environment variable name `{key}`")));
            }
            if key.contains(&0) || value.contains(&0) {
                return Err(Error::usage("a WASI environment variable contains a NUL byte"));
            }
        }
        WasiCtx::new(self)
    }
}
