//! `WasiCtx`: the state of one guest's WASI world — its arguments and
//! environment, and the descriptor table mapping guest descriptors to host
//! files, directories, sockets and standard streams.

use super::config::{InputStream, OutputBuffer, OutputStream, WasiConfig};
use super::sys;
use super::types::{Errno, WasiResult, fdflags, filetype, rights};
use super::{FUNCTIONS, Function};
use crate::error::{Error, Result};
use std::fs::File;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::os::fd::{AsFd, BorrowedFd};
use std::os::unix::fs::OpenOptionsExt;

/// The most descriptors one guest may hold at once.
const MAX_DESCRIPTORS: usize = 1 << 16;

/// A guest's standard input.
pub(crate) enum Input {
    Null,
    Inherit,
    Bytes { data: Vec<u8>, pos: usize },
    File(File),
}

/// A guest's standard output or error.
pub(crate) enum Output {
    Null,
    /// The host's descriptor 1 or 2.
    Inherit(i32),
    File(File),
    Buffer(OutputBuffer),
    Writer(Box<dyn Write + Send>),
}

/// One entry of a directory listing as `fd_readdir` reports it.
pub(crate) struct DirEntry {
    pub name: Vec<u8>,
    pub ino: u64,
    pub filetype: u8,
}

/// An open directory.
pub(crate) struct Dir {
    pub fd: File,
    /// The guest's name for it, if it was preopened.
    pub preopen: Option<String>,
    /// The listing `fd_readdir` pages through; refreshed at cookie 0 so
    /// that cookies stay valid between calls.
    pub listing: Option<Vec<DirEntry>>,
}

pub(crate) enum Kind {
    Input(Input),
    Output(Output),
    /// A regular file, or another non-directory a path led to.
    File(File),
    Dir(Dir),
    Listener(TcpListener),
    Socket(TcpStream),
}

/// A guest descriptor: what it refers to and what it may be used for.
pub(crate) struct Descriptor {
    pub kind: Kind,
    pub base: u64,
    pub inheriting: u64,
    /// `fdflags` of streams and sockets; files report their host flags.
    pub flags: u16,
}

impl Descriptor {
    pub fn new(kind: Kind, base: u64, inheriting: u64) -> Descriptor {
        Descriptor { kind, base, inheriting, flags: 0 }
    }

    /// Fails unless the descriptor holds every right in `needed`. A missing
    /// read or write right is `EBADF`, as POSIX reports for a descriptor
    /// not open for that; any other missing right is `ENOTCAPABLE`.
    pub fn require(&self, needed: u64) -> WasiResult<()> {
        let missing = needed & !self.base;
        if missing == 0 {
            Ok(())
        } else if missing & (rights::FD_READ | rights::FD_WRITE) != 0 {
            Err(Errno::Badf)
        } else {
            Err(Errno::NotCapable)
        }
    }

    /// The host descriptor behind this one, if there is a single one.
    pub fn host_fd(&self) -> Option<BorrowedFd<'_>> {
        match &self.kind {
            Kind::File(f) => Some(f.as_fd()),
            Kind::Dir(d) => Some(d.fd.as_fd()),
            Kind::Listener(l) => Some(l.as_fd()),
            Kind::Socket(s) => Some(s.as_fd()),
            Kind::Input(Input::File(f)) | Kind::Output(Output::File(f)) => Some(f.as_fd()),
            Kind::Input(Input::Inherit) => Some(stdio_fd(0)),
            Kind::Output(Output::Inherit(n)) => Some(stdio_fd(*n)),
            _ => None,
        }
    }

    /// The WASI file type.
    pub fn filetype(&self) -> u8 {
        match &self.kind {
            Kind::File(f) => {
                sys::fstat(f.as_fd()).map_or(filetype::UNKNOWN, |st| sys::filetype_of_mode(st.st_mode))
            }
            Kind::Dir(_) => filetype::DIRECTORY,
            Kind::Listener(_) | Kind::Socket(_) => filetype::SOCKET_STREAM,
            Kind::Input(Input::Inherit) | Kind::Output(Output::Inherit(_)) => {
                // Terminals are character devices (what `isatty` checks);
                // pipes and redirected files are plain streams.
                let fd = self.host_fd().expect("inherited streams have a host descriptor");
                let is_char = sys::fstat(fd).is_ok_and(|st| st.st_mode & libc::S_IFMT == libc::S_IFCHR);
                if is_char { filetype::CHARACTER_DEVICE } else { filetype::UNKNOWN }
            }
            Kind::Input(_) | Kind::Output(_) => filetype::UNKNOWN,
        }
    }

    /// The `fdflags` the descriptor reports.
    pub fn fdflags(&self) -> u16 {
        match &self.kind {
            Kind::File(f) => sys::get_status_flags(f.as_fd()).map_or(0, host_to_fdflags),
            _ => self.flags,
        }
    }
}

/// The host's standard descriptor `n` (0, 1 or 2), borrowed.
pub(crate) fn stdio_fd(n: i32) -> BorrowedFd<'static> {
    // SAFETY: descriptors 0-2 belong to the process for its whole life;
    // zwasm never closes them.
    unsafe { BorrowedFd::borrow_raw(n) }
}

pub(crate) fn host_to_fdflags(flags: i32) -> u16 {
    let mut out = 0;
    if flags & libc::O_APPEND != 0 {
        out |= fdflags::APPEND;
    }
    if flags & libc::O_NONBLOCK != 0 {
        out |= fdflags::NONBLOCK;
    }
    if flags & libc::O_SYNC == libc::O_SYNC {
        out |= fdflags::SYNC | fdflags::RSYNC;
    } else if flags & libc::O_DSYNC != 0 {
        out |= fdflags::DSYNC;
    }
    out
}

impl Input {
    pub fn read(&mut self, buf: &mut [u8]) -> WasiResult<usize> {
        match self {
            Input::Null => Ok(0),
            Input::Inherit => sys::with_stdio(0, |f| read_retrying(&mut &*f, buf)),
            Input::Bytes { data, pos } => {
                let n = buf.len().min(data.len() - *pos);
                buf[..n].copy_from_slice(&data[*pos..*pos + n]);
                *pos += n;
                Ok(n)
            }
            Input::File(f) => read_retrying(f, buf),
        }
    }

    /// Bytes that can be read at once (for `poll_oneoff`).
    pub fn available(&self) -> u64 {
        match self {
            Input::Null => 0,
            Input::Inherit => sys::bytes_readable(stdio_fd(0)),
            Input::Bytes { data, pos } => (data.len() - pos) as u64,
            Input::File(f) => sys::bytes_readable(f.as_fd()),
        }
    }
}

impl Output {
    pub fn write(&mut self, data: &[u8]) -> WasiResult<usize> {
        match self {
            Output::Null => Ok(data.len()),
            Output::Inherit(n) => sys::with_stdio(*n, |f| write_retrying(&mut &*f, data)),
            Output::File(f) => write_retrying(f, data),
            Output::Buffer(b) => {
                b.append(data);
                Ok(data.len())
            }
            Output::Writer(w) => write_retrying(w, data),
        }
    }
}

/// Runs a host I/O call again when a signal interrupted it.
pub(crate) fn retrying<T>(mut op: impl FnMut() -> std::io::Result<T>) -> WasiResult<T> {
    loop {
        match op() {
            Ok(v) => return Ok(v),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e.into()),
        }
    }
}

pub(crate) fn read_retrying(r: &mut impl Read, buf: &mut [u8]) -> WasiResult<usize> {
    retrying(|| r.read(buf))
}

pub(crate) fn write_retrying(w: &mut impl Write, data: &[u8]) -> WasiResult<usize> {
    retrying(|| w.write(data))
}

/// The guest's descriptor table.
pub(crate) struct FdTable {
    entries: Vec<Option<Descriptor>>,
}

impl FdTable {
    /// Adds `d` under the lowest free number.
    pub fn insert(&mut self, d: Descriptor) -> WasiResult<u32> {
        if let Some(i) = self.entries.iter().position(Option::is_none) {
            self.entries[i] = Some(d);
            return Ok(i as u32);
        }
        if self.entries.len() >= MAX_DESCRIPTORS {
            return Err(Errno::Mfile);
        }
        self.entries.push(Some(d));
        Ok(self.entries.len() as u32 - 1)
    }

    pub fn get(&self, fd: u32) -> WasiResult<&Descriptor> {
        self.entries.get(fd as usize).and_then(Option::as_ref).ok_or(Errno::Badf)
    }

    pub fn get_mut(&mut self, fd: u32) -> WasiResult<&mut Descriptor> {
        self.entries.get_mut(fd as usize).and_then(Option::as_mut).ok_or(Errno::Badf)
    }

    pub fn remove(&mut self, fd: u32) -> WasiResult<Descriptor> {
        self.entries.get_mut(fd as usize).and_then(Option::take).ok_or(Errno::Badf)
    }

    /// Moves `from` to `to`, closing what `to` held. Both must be open.
    pub fn renumber(&mut self, from: u32, to: u32) -> WasiResult<()> {
        self.get(from)?;
        self.get(to)?;
        if from != to {
            let d = self.remove(from)?;
            self.entries[to as usize] = Some(d);
        }
        Ok(())
    }
}

/// The WASI state of one guest: arguments, environment and descriptors.
/// Create it with [`WasiConfig::build`] and keep it in the store's data;
/// [`add_to_linker`](super::add_to_linker) gives the guest its functions.
pub struct WasiCtx {
    pub(crate) args: Vec<Vec<u8>>,
    /// `KEY=VALUE` strings.
    pub(crate) env: Vec<Vec<u8>>,
    pub(crate) table: FdTable,
    pub(crate) exit_code: Option<i32>,
    calls: [u64; FUNCTIONS.len()],
}

impl Default for WasiCtx {
    /// A context with nothing: no arguments, no environment, no
    /// directories, empty input and discarded output.
    fn default() -> WasiCtx {
        WasiConfig::new().build().expect("an empty configuration opens nothing and cannot fail")
    }
}

impl WasiCtx {
    pub(crate) fn new(config: WasiConfig) -> Result<WasiCtx> {
        let mut table = FdTable { entries: Vec::new() };
        let stream_rights = rights::FD_FDSTAT_SET_FLAGS | rights::FD_FILESTAT_GET | rights::POLL_FD_READWRITE;
        let stdin = match config.stdin {
            InputStream::Null => Input::Null,
            InputStream::Inherit => Input::Inherit,
            InputStream::Bytes(data) => Input::Bytes { data, pos: 0 },
            InputStream::File(f) => Input::File(f),
        };
        let output = |o: OutputStream, n: i32| match o {
            OutputStream::Null => Output::Null,
            OutputStream::Inherit => Output::Inherit(n),
            OutputStream::File(f) => Output::File(f),
            OutputStream::Buffer(b) => Output::Buffer(b),
            OutputStream::Writer(w) => Output::Writer(w),
        };
        let insert =
            |table: &mut FdTable, d| table.insert(d).map_err(|_| Error::usage("too many WASI descriptors"));
        insert(&mut table, Descriptor::new(Kind::Input(stdin), rights::FD_READ | stream_rights, 0))?;
        for (n, o) in [(1, config.stdout), (2, config.stderr)] {
            insert(
                &mut table,
                Descriptor::new(Kind::Output(output(o, n)), rights::FD_WRITE | stream_rights, 0),
            )?;
        }
        for p in config.preopens {
            let fd = std::fs::OpenOptions::new()
                .read(true)
                .custom_flags(libc::O_DIRECTORY)
                .open(&p.host)
                .map_err(|e| Error::usage(format!("cannot open directory {}: {e}", p.host.display())))?;
            let dir = Dir { fd, preopen: Some(p.guest), listing: None };
            let d =
                Descriptor::new(Kind::Dir(dir), rights::DIRECTORY, rights::DIRECTORY | rights::REGULAR_FILE);
            insert(&mut table, d)?;
        }
        for l in config.listeners {
            insert(&mut table, Descriptor::new(Kind::Listener(l), rights::LISTENER, rights::SOCKET))?;
        }
        let env = config
            .env
            .into_iter()
            .map(|(mut k, v)| {
                k.push(b'=');
                k.extend_from_slice(&v);
                k
            })
            .collect();
        Ok(WasiCtx { args: config.args, env, table, exit_code: None, calls: [0; FUNCTIONS.len()] })
    }

    /// The status the guest passed to `proc_exit`, once it has.
    pub fn exit_code(&self) -> Option<i32> {
        self.exit_code
    }

    /// How many times the guest called each WASI function, by name, in the
    /// order of [`FUNCTIONS`].
    pub fn call_counts(&self) -> impl Iterator<Item = (&'static str, u64)> + '_ {
        FUNCTIONS.iter().zip(self.calls.iter()).map(|(name, n)| (*name, *n))
    }

    pub(crate) fn count(&mut self, f: Function) {
        self.calls[f as usize] += 1;
    }
}
