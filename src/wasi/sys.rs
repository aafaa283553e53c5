//! Safe wrappers over the host calls WASI needs that `std` does not offer:
//! the `*at` family relative to a directory descriptor, `fstat`, timestamps,
//! advice, allocation and directory listing. Every `unsafe` block of the WASI
//! implementation lives here.

use super::types::{Errno, Filestat, WasiResult, filetype};
use std::ffi::{CStr, CString};
use std::fs::File;
use std::io;
use std::os::fd::{AsRawFd, BorrowedFd, FromRawFd, OwnedFd};

/// Converts a `-1` return into the current `errno`.
fn check(ret: libc::c_int) -> io::Result<libc::c_int> {
    if ret == -1 { Err(io::Error::last_os_error()) } else { Ok(ret) }
}

/// A path component as a C string. Guest paths were already checked to
/// hold no NUL byte; a name that still does is refused.
pub(crate) fn cname(name: &str) -> WasiResult<CString> {
    CString::new(name).map_err(|_| Errno::Inval)
}

/// `openat(dir, name, flags, mode)`; the result is close-on-exec.
pub(crate) fn openat(dir: BorrowedFd<'_>, name: &CStr, flags: i32, mode: u32) -> io::Result<OwnedFd> {
    // SAFETY: `name` is a valid NUL-terminated string and `dir` a live
    // descriptor for the duration of the call.
    let fd = check(unsafe {
        libc::openat(dir.as_raw_fd(), name.as_ptr(), flags | libc::O_CLOEXEC, mode as libc::c_uint)
    })?;
    // SAFETY: `openat` succeeded, so `fd` is a fresh descriptor owned by no one else.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

/// Opens a directory only as the base of further lookups (no read
/// permission needed).
pub(crate) const O_SEARCH_DIR: i32 = libc::O_PATH | libc::O_DIRECTORY;

fn zeroed_stat() -> libc::stat {
    // SAFETY: `stat` is a plain C struct of integers, for which all-zero
    // bytes are a valid value.
    unsafe { std::mem::zeroed() }
}

/// `fstatat(dir, name)`, never following a final symbolic link.
pub(crate) fn lstatat(dir: BorrowedFd<'_>, name: &CStr) -> io::Result<libc::stat> {
    let mut st = zeroed_stat();
    // SAFETY: `name` is NUL-terminated, `st` is a writable stat buffer and
    // `dir` is live for the call.
    check(unsafe { libc::fstatat(dir.as_raw_fd(), name.as_ptr(), &mut st, libc::AT_SYMLINK_NOFOLLOW) })?;
    Ok(st)
}

/// `fstat(fd)`.
pub(crate) fn fstat(fd: BorrowedFd<'_>) -> io::Result<libc::stat> {
    let mut st = zeroed_stat();
    // SAFETY: `st` is a writable stat buffer and `fd` is live for the call.
    check(unsafe { libc::fstat(fd.as_raw_fd(), &mut st) })?;
    Ok(st)
}

/// The WASI file type of a host `st_mode`.
pub(crate) fn filetype_of_mode(mode: libc::mode_t) -> u8 {
    match mode & libc::S_IFMT {
        libc::S_IFREG => filetype::REGULAR_FILE,
        libc::S_IFDIR => filetype::DIRECTORY,
        libc::S_IFLNK => filetype::SYMBOLIC_LINK,
        libc::S_IFCHR => filetype::CHARACTER_DEVICE,
        libc::S_IFBLK => filetype::BLOCK_DEVICE,
        libc::S_IFSOCK => filetype::SOCKET_STREAM,
        _ => filetype::UNKNOWN,
    }
}

fn nanos(sec: i64, nsec: i64) -> u64 {
    (sec as u64).wrapping_mul(1_000_000_000).wrapping_add(nsec as u64)
}

/// A host `stat` as a WASI `filestat`.
#[allow(clippy::unnecessary_cast, reason = "the `stat` field types differ between targets")]
pub(crate) fn filestat_of(st: &libc::stat) -> Filestat {
    Filestat {
        dev: st.st_dev as u64,
        ino: st.st_ino as u64,
        filetype: filetype_of_mode(st.st_mode),
        nlink: st.st_nlink as u64,
        size: st.st_size as u64,
        atim: nanos(st.st_atime as i64, st.st_atime_nsec as i64),
        mtim: nanos(st.st_mtime as i64, st.st_mtime_nsec as i64),
        ctim: nanos(st.st_ctime as i64, st.st_ctime_nsec as i64),
    }
}

/// The target of the symbolic link `name` in `dir`.
pub(crate) fn readlinkat(dir: BorrowedFd<'_>, name: &CStr) -> io::Result<Vec<u8>> {
    let mut buf = vec![0u8; 256];
    loop {
        // SAFETY: `buf` is writable for `buf.len()` bytes and `name` is
        // NUL-terminated; `dir` is live for the call.
        let n =
            unsafe { libc::readlinkat(dir.as_raw_fd(), name.as_ptr(), buf.as_mut_ptr().cast(), buf.len()) };
        if n < 0 {
            return Err(io::Error::last_os_error());
        }
        let n = n as usize;
        if n < buf.len() {
            buf.truncate(n);
            return Ok(buf);
        }
        // The target may have been cut short: try again with more room.
        if buf.len() >= 1 << 20 {
            return Err(io::Error::from_raw_os_error(libc::ENAMETOOLONG));
        }
        buf.resize(buf.len() * 2, 0);
    }
}

pub(crate) fn mkdirat(dir: BorrowedFd<'_>, name: &CStr) -> io::Result<()> {
    // SAFETY: `name` is NUL-terminated and `dir` is live for the call.
    check(unsafe { libc::mkdirat(dir.as_raw_fd(), name.as_ptr(), 0o777) }).map(drop)
}

pub(crate) fn unlinkat(dir: BorrowedFd<'_>, name: &CStr, remove_dir: bool) -> io::Result<()> {
    let flags = if remove_dir { libc::AT_REMOVEDIR } else { 0 };
    // SAFETY: `name` is NUL-terminated and `dir` is live for the call.
    check(unsafe { libc::unlinkat(dir.as_raw_fd(), name.as_ptr(), flags) }).map(drop)
}

pub(crate) fn renameat(
    old_dir: BorrowedFd<'_>,
    old: &CStr,
    new_dir: BorrowedFd<'_>,
    new: &CStr,
) -> io::Result<()> {
    // SAFETY: both names are NUL-terminated and both descriptors are live.
    check(unsafe { libc::renameat(old_dir.as_raw_fd(), old.as_ptr(), new_dir.as_raw_fd(), new.as_ptr()) })
        .map(drop)
}

/// A hard link; never follows a symbolic link at `old`.
pub(crate) fn linkat(
    old_dir: BorrowedFd<'_>,
    old: &CStr,
    new_dir: BorrowedFd<'_>,
    new: &CStr,
) -> io::Result<()> {
    // SAFETY: both names are NUL-terminated and both descriptors are live.
    check(unsafe { libc::linkat(old_dir.as_raw_fd(), old.as_ptr(), new_dir.as_raw_fd(), new.as_ptr(), 0) })
        .map(drop)
}

pub(crate) fn symlinkat(target: &CStr, dir: BorrowedFd<'_>, name: &CStr) -> io::Result<()> {
    // SAFETY: both strings are NUL-terminated and `dir` is live.
    check(unsafe { libc::symlinkat(target.as_ptr(), dir.as_raw_fd(), name.as_ptr()) }).map(drop)
}

/// A timestamp update: a time in nanoseconds, "now", or "leave as is".
#[derive(Copy, Clone, Debug)]
pub(crate) enum TimeSpec {
    Omit,
    Now,
    At(u64),
}

fn timespec(t: TimeSpec) -> libc::timespec {
    match t {
        TimeSpec::Omit => libc::timespec { tv_sec: 0, tv_nsec: libc::UTIME_OMIT },
        TimeSpec::Now => libc::timespec { tv_sec: 0, tv_nsec: libc::UTIME_NOW },
        TimeSpec::At(ns) => libc::timespec {
            tv_sec: (ns / 1_000_000_000) as libc::time_t,
            tv_nsec: (ns % 1_000_000_000) as libc::c_long,
        },
    }
}

/// Sets the times of `name` in `dir` without following a final link.
pub(crate) fn utimensat(dir: BorrowedFd<'_>, name: &CStr, atim: TimeSpec, mtim: TimeSpec) -> io::Result<()> {
    let times = [timespec(atim), timespec(mtim)];
    // SAFETY: `times` holds the two entries `utimensat` reads; `name` is
    // NUL-terminated and `dir` is live.
    check(unsafe {
        libc::utimensat(dir.as_raw_fd(), name.as_ptr(), times.as_ptr(), libc::AT_SYMLINK_NOFOLLOW)
    })
    .map(drop)
}

pub(crate) fn futimens(fd: BorrowedFd<'_>, atim: TimeSpec, mtim: TimeSpec) -> io::Result<()> {
    let times = [timespec(atim), timespec(mtim)];
    // SAFETY: `times` holds the two entries `futimens` reads; `fd` is live.
    check(unsafe { libc::futimens(fd.as_raw_fd(), times.as_ptr()) }).map(drop)
}

pub(crate) fn fsync(fd: BorrowedFd<'_>, data_only: bool) -> io::Result<()> {
    // SAFETY: `fd` is a live descriptor; these calls only flush it.
    let ret =
        unsafe { if data_only { libc::fdatasync(fd.as_raw_fd()) } else { libc::fsync(fd.as_raw_fd()) } };
    check(ret).map(drop)
}

/// `posix_fadvise`; `advice` is a WASI advice value (0..=5).
pub(crate) fn fadvise(fd: BorrowedFd<'_>, offset: u64, len: u64, advice: u8) -> io::Result<()> {
    let advice = match advice {
        0 => libc::POSIX_FADV_NORMAL,
        1 => libc::POSIX_FADV_SEQUENTIAL,
        2 => libc::POSIX_FADV_RANDOM,
        3 => libc::POSIX_FADV_WILLNEED,
        4 => libc::POSIX_FADV_DONTNEED,
        _ => libc::POSIX_FADV_NOREUSE,
    };
    let offset = i64::try_from(offset).map_err(|_| io::Error::from_raw_os_error(libc::EINVAL))?;
    let len = i64::try_from(len).map_err(|_| io::Error::from_raw_os_error(libc::EINVAL))?;
    // SAFETY: `fd` is live; advice only informs the kernel's caching.
    let ret = unsafe { libc::posix_fadvise(fd.as_raw_fd(), offset, len, advice) };
    if ret != 0 {
        return Err(io::Error::from_raw_os_error(ret));
    }
    Ok(())
}

/// `posix_fallocate`: makes sure the range is backed by storage.
pub(crate) fn fallocate(fd: BorrowedFd<'_>, offset: u64, len: u64) -> io::Result<()> {
    let offset = i64::try_from(offset).map_err(|_| io::Error::from_raw_os_error(libc::EFBIG))?;
    let len = i64::try_from(len).map_err(|_| io::Error::from_raw_os_error(libc::EFBIG))?;
    // SAFETY: `fd` is live; the call only extends the file's storage.
    let ret = unsafe { libc::posix_fallocate(fd.as_raw_fd(), offset, len) };
    if ret != 0 {
        return Err(io::Error::from_raw_os_error(ret));
    }
    Ok(())
}

pub(crate) fn get_status_flags(fd: BorrowedFd<'_>) -> io::Result<i32> {
    // SAFETY: `F_GETFL` only reads the descriptor's flags.
    check(unsafe { libc::fcntl(fd.as_raw_fd(), libc::F_GETFL) })
}

pub(crate) fn set_status_flags(fd: BorrowedFd<'_>, flags: i32) -> io::Result<()> {
    // SAFETY: `F_SETFL` only changes the descriptor's status flags.
    check(unsafe { libc::fcntl(fd.as_raw_fd(), libc::F_SETFL, flags) }).map(drop)
}

/// One entry of a directory listing.
pub(crate) struct RawDirEntry {
    pub name: Vec<u8>,
    pub ino: u64,
    pub filetype: u8,
}

/// Lists the directory `dir` (without `.` and `..`), in the host's order.
pub(crate) fn list_dir(dir: BorrowedFd<'_>) -> io::Result<Vec<RawDirEntry>> {
    // `fdopendir` takes ownership of its descriptor and moves its offset,
    // so it gets a fresh descriptor of its own for the same directory.
    let own = openat(dir, c".", libc::O_RDONLY | libc::O_DIRECTORY, 0)?;
    let raw = std::os::fd::IntoRawFd::into_raw_fd(own);
    // SAFETY: `raw` is an open directory descriptor we own; on success the
    // stream owns it and `closedir` closes it.
    let stream = unsafe { libc::fdopendir(raw) };
    if stream.is_null() {
        let err = io::Error::last_os_error();
        // SAFETY: `fdopendir` failed, so `raw` is still ours to close.
        drop(unsafe { OwnedFd::from_raw_fd(raw) });
        return Err(err);
    }
    let mut entries = Vec::new();
    let result = loop {
        // `readdir` reports errors only through `errno`, so clear it first.
        // SAFETY: writing the thread's own errno location.
        unsafe { *libc::__errno_location() = 0 };
        // SAFETY: `stream` is a valid open directory stream.
        let entry = unsafe { libc::readdir(stream) };
        if entry.is_null() {
            let err = io::Error::last_os_error();
            break if err.raw_os_error() == Some(0) { Ok(()) } else { Err(err) };
        }
        // SAFETY: a non-null `readdir` result points to a valid entry whose
        // `d_name` is NUL-terminated, valid until the next `readdir`.
        let (name, ino, d_type) = unsafe {
            let e = &*entry;
            (CStr::from_ptr(e.d_name.as_ptr()).to_bytes().to_vec(), e.d_ino as u64, e.d_type)
        };
        if name == b"." || name == b".." {
            continue;
        }
        let filetype = match d_type {
            libc::DT_REG => filetype::REGULAR_FILE,
            libc::DT_DIR => filetype::DIRECTORY,
            libc::DT_LNK => filetype::SYMBOLIC_LINK,
            libc::DT_CHR => filetype::CHARACTER_DEVICE,
            libc::DT_BLK => filetype::BLOCK_DEVICE,
            libc::DT_SOCK => filetype::SOCKET_STREAM,
            libc::DT_FIFO => filetype::UNKNOWN,
            // The file system did not say: ask for the entry's own type.
            _ => CString::new(name.clone())
                .ok()
                .and_then(|c| lstatat(dir, &c).ok())
                .map_or(filetype::UNKNOWN, |st| filetype_of_mode(st.st_mode)),
        };
        entries.push(RawDirEntry { name, ino, filetype });
    };
    // SAFETY: `stream` is valid and closed exactly once here.
    unsafe { libc::closedir(stream) };
    result.map(|()| entries)
}

/// Reads clock `id` (a host clock id); `resolution` asks for its precision.
#[allow(clippy::unnecessary_cast, reason = "the `timespec` field types differ between targets")]
pub(crate) fn clock(id: libc::clockid_t, resolution: bool) -> WasiResult<u64> {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `ts` is a writable timespec for the duration of the call.
    let ret = unsafe {
        if resolution { libc::clock_getres(id, &mut ts) } else { libc::clock_gettime(id, &mut ts) }
    };
    if ret != 0 {
        return Err(Errno::last_os_error());
    }
    Ok(nanos(ts.tv_sec as i64, ts.tv_nsec as i64))
}

/// Fills `buf` with random bytes from the host's secure generator.
pub(crate) fn random_fill(buf: &mut [u8]) -> WasiResult<()> {
    let mut filled = 0;
    while filled < buf.len() {
        let rest = &mut buf[filled..];
        // SAFETY: `rest` is writable for `rest.len()` bytes.
        let n = unsafe { libc::getrandom(rest.as_mut_ptr().cast(), rest.len(), 0) };
        if n < 0 {
            let err = io::Error::last_os_error();
            if err.raw_os_error() == Some(libc::EINTR) {
                continue;
            }
            return Err(Errno::from(err));
        }
        filled += n as usize;
    }
    Ok(())
}

/// Waits until one of `fds` is ready or `timeout` passes (`None`: no
/// limit); each entry's `revents` tells what happened. An interrupted wait
/// returns 0 ready descriptors: callers loop until their deadline.
pub(crate) fn ppoll(fds: &mut [libc::pollfd], timeout: Option<std::time::Duration>) -> io::Result<usize> {
    let ts = timeout.map(|t| libc::timespec {
        tv_sec: t.as_secs().min(i64::MAX as u64) as libc::time_t,
        tv_nsec: t.subsec_nanos() as libc::c_long,
    });
    let ts_ptr = ts.as_ref().map_or(std::ptr::null(), |t| t as *const libc::timespec);
    // SAFETY: `fds` is a valid, writable array of `fds.len()` entries and
    // `ts_ptr` is null or points to `ts`, alive for the call.
    let n = unsafe { libc::ppoll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, ts_ptr, std::ptr::null()) };
    if n >= 0 {
        return Ok(n as usize);
    }
    let err = io::Error::last_os_error();
    if err.raw_os_error() == Some(libc::EINTR) { Ok(0) } else { Err(err) }
}

/// Bytes that can be read from a descriptor without blocking.
pub(crate) fn bytes_readable(fd: BorrowedFd<'_>) -> u64 {
    let mut n: libc::c_int = 0;
    // SAFETY: `FIONREAD` writes one int to `n`.
    let ret = unsafe { libc::ioctl(fd.as_raw_fd(), libc::FIONREAD, &mut n) };
    if ret == 0 && n > 0 { n as u64 } else { 0 }
}

/// Runs `f` with the host's standard descriptor `n` (0, 1 or 2) seen as a
/// `File`, without ever closing it.
pub(crate) fn with_stdio<R>(n: i32, f: impl FnOnce(&File) -> R) -> R {
    debug_assert!((0..=2).contains(&n));
    // SAFETY: descriptors 0-2 stay open for the life of the process, and
    // `ManuallyDrop` keeps this `File` from closing the one it borrows.
    let file = std::mem::ManuallyDrop::new(unsafe { File::from_raw_fd(n) });
    f(&file)
}

/// `recv` on a connected socket.
pub(crate) fn recv(fd: BorrowedFd<'_>, buf: &mut [u8], flags: i32) -> io::Result<usize> {
    loop {
        // SAFETY: `buf` is writable for `buf.len()` bytes and `fd` is live.
        let n = unsafe { libc::recv(fd.as_raw_fd(), buf.as_mut_ptr().cast(), buf.len(), flags) };
        if n >= 0 {
            return Ok(n as usize);
        }
        let err = io::Error::last_os_error();
        if err.raw_os_error() != Some(libc::EINTR) {
            return Err(err);
        }
    }
}

/// `send` on a connected socket; a closed peer is `EPIPE`, never a signal.
pub(crate) fn send(fd: BorrowedFd<'_>, data: &[u8]) -> io::Result<usize> {
    loop {
        // SAFETY: `data` is readable for `data.len()` bytes and `fd` is live.
        let n = unsafe { libc::send(fd.as_raw_fd(), data.as_ptr().cast(), data.len(), libc::MSG_NOSIGNAL) };
        if n >= 0 {
            return Ok(n as usize);
        }
        let err = io::Error::last_os_error();
        if err.raw_os_error() != Some(libc::EINTR) {
            return Err(err);
        }
    }
}
