//! The descriptor calls: `fd_*` (reading, writing, positioning, metadata,
//! directory listing, renumbering and the preopen queries).

use super::ctx::{
    Descriptor, DirEntry, Input, Kind, Output, WasiCtx, host_to_fdflags, read_retrying, retrying,
    write_retrying,
};
use super::memory::GuestMemory;
use super::sys::{self, TimeSpec};
use super::types::*;
use std::io::{Seek, SeekFrom};
use std::os::fd::AsFd;
use std::os::unix::fs::FileExt;

pub(crate) fn fd_advise(
    cx: &mut WasiCtx,
    _: &mut GuestMemory,
    fd: u32,
    offset: u64,
    len: u64,
    advice: u8,
) -> WasiResult<()> {
    if advice > ADVICE_MAX {
        return Err(Errno::Inval);
    }
    let d = cx.table.get(fd)?;
    match &d.kind {
        Kind::File(f) => {
            d.require(rights::FD_ADVISE)?;
            Ok(sys::fadvise(f.as_fd(), offset, len, advice)?)
        }
        Kind::Dir(_) => Err(Errno::Badf),
        _ => Err(Errno::Spipe),
    }
}

pub(crate) fn fd_allocate(
    cx: &mut WasiCtx,
    _: &mut GuestMemory,
    fd: u32,
    offset: u64,
    len: u64,
) -> WasiResult<()> {
    let d = cx.table.get(fd)?;
    match &d.kind {
        Kind::File(f) => {
            d.require(rights::FD_ALLOCATE)?;
            if offset.checked_add(len).is_none_or(|end| end > i64::MAX as u64) {
                return Err(Errno::Fbig);
            }
            if len == 0 {
                return Err(Errno::Inval);
            }
            Ok(sys::fallocate(f.as_fd(), offset, len)?)
        }
        Kind::Dir(_) => Err(Errno::Badf),
        _ => Err(Errno::Spipe),
    }
}

pub(crate) fn fd_close(cx: &mut WasiCtx, _: &mut GuestMemory, fd: u32) -> WasiResult<()> {
    cx.table.remove(fd).map(drop)
}

fn sync(cx: &mut WasiCtx, fd: u32, data_only: bool) -> WasiResult<()> {
    let d = cx.table.get(fd)?;
    let host = match &d.kind {
        Kind::File(f) => f.as_fd(),
        Kind::Dir(dir) => dir.fd.as_fd(),
        _ => return Err(Errno::Badf),
    };
    d.require(if data_only { rights::FD_DATASYNC } else { rights::FD_SYNC })?;
    Ok(sys::fsync(host, data_only)?)
}

pub(crate) fn fd_datasync(cx: &mut WasiCtx, _: &mut GuestMemory, fd: u32) -> WasiResult<()> {
    sync(cx, fd, true)
}

pub(crate) fn fd_sync(cx: &mut WasiCtx, _: &mut GuestMemory, fd: u32) -> WasiResult<()> {
    sync(cx, fd, false)
}

pub(crate) fn fd_fdstat_get(cx: &mut WasiCtx, mem: &mut GuestMemory, fd: u32, out: u32) -> WasiResult<()> {
    let d = cx.table.get(fd)?;
    mem.write(out, &encode_fdstat(d.filetype(), d.fdflags(), d.base, d.inheriting))
}

pub(crate) fn fd_fdstat_set_flags(
    cx: &mut WasiCtx,
    _: &mut GuestMemory,
    fd: u32,
    flags: u16,
) -> WasiResult<()> {
    if flags & !fdflags::ALL != 0 {
        return Err(Errno::Inval);
    }
    let d = cx.table.get_mut(fd)?;
    if let Kind::Dir(_) = d.kind {
        return Err(Errno::Badf);
    }
    d.require(rights::FD_FDSTAT_SET_FLAGS)?;
    let sync_flags = fdflags::DSYNC | fdflags::RSYNC | fdflags::SYNC;
    match &d.kind {
        Kind::File(f) => {
            let current = sys::get_status_flags(f.as_fd())?;
            // The host fixes synchronisation modes when a file is opened.
            if flags & sync_flags != host_to_fdflags(current) & sync_flags {
                return Err(Errno::Inval);
            }
            let mut host = current & !(libc::O_APPEND | libc::O_NONBLOCK);
            if flags & fdflags::APPEND != 0 {
                host |= libc::O_APPEND;
            }
            if flags & fdflags::NONBLOCK != 0 {
                host |= libc::O_NONBLOCK;
            }
            Ok(sys::set_status_flags(f.as_fd(), host)?)
        }
        Kind::Socket(_) | Kind::Listener(_) => {
            if flags & (sync_flags | fdflags::APPEND) != 0 {
                return Err(Errno::Inval);
            }
            let fd_host = d.host_fd().expect("sockets have a host descriptor");
            let current = sys::get_status_flags(fd_host)?;
            let host = if flags & fdflags::NONBLOCK != 0 {
                current | libc::O_NONBLOCK
            } else {
                current & !libc::O_NONBLOCK
            };
            sys::set_status_flags(fd_host, host)?;
            d.flags = flags;
            Ok(())
        }
        // Streams shared with the host are never switched on the host side;
        // non-blocking reads are emulated.
        _ => {
            if flags & sync_flags != 0 {
                return Err(Errno::Inval);
            }
            d.flags = flags;
            Ok(())
        }
    }
}

pub(crate) fn fd_fdstat_set_rights(
    cx: &mut WasiCtx,
    _: &mut GuestMemory,
    fd: u32,
    base: u64,
    inheriting: u64,
) -> WasiResult<()> {
    let d = cx.table.get_mut(fd)?;
    // Rights can only be dropped, never gained.
    if base & !d.base != 0 || inheriting & !d.inheriting != 0 {
        return Err(Errno::NotCapable);
    }
    d.base = base;
    d.inheriting = inheriting;
    Ok(())
}

/// The attributes of the object behind a descriptor.
pub(crate) fn filestat_of(d: &Descriptor) -> WasiResult<Filestat> {
    let host = match &d.kind {
        Kind::Input(Input::Null | Input::Bytes { .. })
        | Kind::Output(Output::Null | Output::Buffer(_) | Output::Writer(_)) => None,
        _ => d.host_fd(),
    };
    match host {
        Some(fd) => {
            let mut st = sys::filestat_of(&sys::fstat(fd)?);
            st.filetype = d.filetype();
            Ok(st)
        }
        None => Ok(Filestat { filetype: d.filetype(), ..Filestat::default() }),
    }
}

pub(crate) fn fd_filestat_get(cx: &mut WasiCtx, mem: &mut GuestMemory, fd: u32, out: u32) -> WasiResult<()> {
    let d = cx.table.get(fd)?;
    d.require(rights::FD_FILESTAT_GET)?;
    mem.write(out, &filestat_of(d)?.encode())
}

pub(crate) fn fd_filestat_set_size(
    cx: &mut WasiCtx,
    _: &mut GuestMemory,
    fd: u32,
    size: u64,
) -> WasiResult<()> {
    let d = cx.table.get(fd)?;
    match &d.kind {
        Kind::File(f) => {
            d.require(rights::FD_FILESTAT_SET_SIZE)?;
            if size > i64::MAX as u64 {
                return Err(Errno::Fbig);
            }
            Ok(f.set_len(size)?)
        }
        _ => Err(Errno::Badf),
    }
}

/// Turns the `fstflags` of a timestamp call into the two updates.
pub(crate) fn time_updates(atim: u64, mtim: u64, flags: u16) -> WasiResult<(TimeSpec, TimeSpec)> {
    if flags & !fstflags::ALL != 0 {
        return Err(Errno::Inval);
    }
    let pick = |set: u16, now: u16, value: u64| match (flags & set != 0, flags & now != 0) {
        (true, true) => Err(Errno::Inval),
        (true, false) => Ok(TimeSpec::At(value)),
        (false, true) => Ok(TimeSpec::Now),
        (false, false) => Ok(TimeSpec::Omit),
    };
    Ok((pick(fstflags::ATIM, fstflags::ATIM_NOW, atim)?, pick(fstflags::MTIM, fstflags::MTIM_NOW, mtim)?))
}

pub(crate) fn fd_filestat_set_times(
    cx: &mut WasiCtx,
    _: &mut GuestMemory,
    fd: u32,
    atim: u64,
    mtim: u64,
    flags: u16,
) -> WasiResult<()> {
    let (a, m) = time_updates(atim, mtim, flags)?;
    let d = cx.table.get(fd)?;
    let host = match &d.kind {
        Kind::File(f) => f.as_fd(),
        Kind::Dir(dir) => dir.fd.as_fd(),
        _ => return Err(Errno::Badf),
    };
    d.require(rights::FD_FILESTAT_SET_TIMES)?;
    Ok(sys::futimens(host, a, m)?)
}

pub(crate) fn fd_pread(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory,
    fd: u32,
    iovs: u32,
    count: u32,
    offset: u64,
    out: u32,
) -> WasiResult<()> {
    let d = cx.table.get(fd)?;
    // Not open for reading (a directory, say) is EBADF; open but not
    // seekable, ESPIPE.
    d.require(rights::FD_READ)?;
    let Kind::File(f) = &d.kind else { return Err(Errno::Spipe) };
    d.require(rights::FD_SEEK)?;
    let (vecs, mut buf) = mem.read_target(iovs, count)?;
    let n = retrying(|| f.read_at(&mut buf, offset))?;
    mem.scatter(&vecs, &buf[..n])?;
    mem.write_u32(out, n as u32)
}

pub(crate) fn fd_pwrite(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory,
    fd: u32,
    iovs: u32,
    count: u32,
    offset: u64,
    out: u32,
) -> WasiResult<()> {
    let d = cx.table.get(fd)?;
    // Not open for writing is EBADF; open but not seekable, ESPIPE.
    d.require(rights::FD_WRITE)?;
    let Kind::File(f) = &d.kind else { return Err(Errno::Spipe) };
    d.require(rights::FD_SEEK)?;
    let data = mem.gather_at(iovs, count)?;
    let n = retrying(|| f.write_at(&data, offset))?;
    mem.write_u32(out, n as u32)
}

pub(crate) fn fd_prestat_get(cx: &mut WasiCtx, mem: &mut GuestMemory, fd: u32, out: u32) -> WasiResult<()> {
    match &cx.table.get(fd)?.kind {
        Kind::Dir(dir) => {
            let name = dir.preopen.as_ref().ok_or(Errno::Badf)?;
            let mut prestat = [PREOPENTYPE_DIR, 0, 0, 0, 0, 0, 0, 0];
            prestat[4..8].copy_from_slice(&(name.len() as u32).to_le_bytes());
            mem.write(out, &prestat)
        }
        _ => Err(Errno::Badf),
    }
}

pub(crate) fn fd_prestat_dir_name(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory,
    fd: u32,
    path: u32,
    len: u32,
) -> WasiResult<()> {
    match &cx.table.get(fd)?.kind {
        Kind::Dir(dir) => {
            let name = dir.preopen.as_ref().ok_or(Errno::Badf)?;
            if (len as usize) < name.len() {
                return Err(Errno::NameTooLong);
            }
            mem.write(path, name.as_bytes())
        }
        _ => Err(Errno::Badf),
    }
}

/// Whether standard input has data (or end of file) right now.
fn stdin_ready() -> bool {
    let mut fds = [libc::pollfd { fd: 0, events: libc::POLLIN, revents: 0 }];
    sys::ppoll(&mut fds, Some(std::time::Duration::ZERO)).is_ok_and(|n| n > 0)
}

pub(crate) fn fd_read(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory,
    fd: u32,
    iovs: u32,
    count: u32,
    out: u32,
) -> WasiResult<()> {
    let d = cx.table.get_mut(fd)?;
    d.require(rights::FD_READ)?;
    let (vecs, mut buf) = mem.read_target(iovs, count)?;
    let nonblock = d.flags & fdflags::NONBLOCK != 0;
    let n = match &mut d.kind {
        Kind::File(f) => read_retrying(f, &mut buf)?,
        Kind::Socket(s) => read_retrying(s, &mut buf)?,
        Kind::Input(Input::Inherit) if nonblock && !buf.is_empty() && !stdin_ready() => {
            return Err(Errno::Again);
        }
        Kind::Input(input) => input.read(&mut buf)?,
        _ => return Err(Errno::Badf),
    };
    mem.scatter(&vecs, &buf[..n])?;
    mem.write_u32(out, n as u32)
}

pub(crate) fn fd_write(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory,
    fd: u32,
    iovs: u32,
    count: u32,
    out: u32,
) -> WasiResult<()> {
    let d = cx.table.get_mut(fd)?;
    d.require(rights::FD_WRITE)?;
    let data = mem.gather_at(iovs, count)?;
    let n = match &mut d.kind {
        Kind::File(f) => write_retrying(f, &data)?,
        Kind::Socket(s) => write_retrying(s, &data)?,
        Kind::Output(o) => o.write(&data)?,
        _ => return Err(Errno::Badf),
    };
    mem.write_u32(out, n as u32)
}

/// The entries `fd_readdir` reports, `.` and `..` first; cookie `n` is the
/// position after the `n`th entry.
fn listing(cx: &mut WasiCtx, fd: u32, cookie: u64) -> WasiResult<Vec<DirEntry>> {
    let d = cx.table.get_mut(fd)?;
    let Kind::Dir(dir) = &mut d.kind else { return Err(Errno::NotDir) };
    if d.base & rights::FD_READDIR == 0 {
        return Err(Errno::NotCapable);
    }
    if cookie == 0 || dir.listing.is_none() {
        let own = sys::fstat(dir.fd.as_fd())?;
        let parent_ino = sys::lstatat(dir.fd.as_fd(), c"..").map_or(own.st_ino, |st| st.st_ino);
        let mut entries = vec![
            DirEntry { name: b".".to_vec(), ino: own.st_ino, filetype: filetype::DIRECTORY },
            DirEntry { name: b"..".to_vec(), ino: parent_ino, filetype: filetype::DIRECTORY },
        ];
        for e in sys::list_dir(dir.fd.as_fd())? {
            entries.push(DirEntry { name: e.name, ino: e.ino, filetype: e.filetype });
        }
        dir.listing = Some(entries);
    }
    Ok(std::mem::take(dir.listing.as_mut().expect("the listing was just filled")))
}

pub(crate) fn fd_readdir(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory,
    fd: u32,
    buf: u32,
    len: u32,
    cookie: u64,
    out: u32,
) -> WasiResult<()> {
    let entries = listing(cx, fd, cookie)?;
    let mut bytes = Vec::new();
    let start = usize::try_from(cookie).unwrap_or(usize::MAX);
    for (i, e) in entries.iter().enumerate().skip(start) {
        if bytes.len() >= len as usize {
            break;
        }
        bytes.extend_from_slice(&encode_dirent(i as u64 + 1, e.ino, e.name.len() as u32, e.filetype));
        bytes.extend_from_slice(&e.name);
    }
    // The last entry may not fit whole: the buffer is filled to the brim,
    // which tells the guest to retry with a larger one.
    bytes.truncate(len as usize);
    // Keep the listing for the next call, so its cookies stay valid.
    if let Ok(d) = cx.table.get_mut(fd)
        && let Kind::Dir(dir) = &mut d.kind
    {
        dir.listing = Some(entries);
    }
    mem.write(buf, &bytes)?;
    mem.write_u32(out, bytes.len() as u32)
}

pub(crate) fn fd_renumber(cx: &mut WasiCtx, _: &mut GuestMemory, from: u32, to: u32) -> WasiResult<()> {
    cx.table.renumber(from, to)
}

/// `fd_seek` with a Preview 1 `whence`.
pub(crate) fn seek(cx: &mut WasiCtx, fd: u32, offset: i64, whence: u8) -> WasiResult<u64> {
    let d = cx.table.get_mut(fd)?;
    let pos = match whence {
        whence::SET => SeekFrom::Start(u64::try_from(offset).map_err(|_| Errno::Inval)?),
        whence::CUR => SeekFrom::Current(offset),
        whence::END => SeekFrom::End(offset),
        _ => return Err(Errno::Inval),
    };
    let needed = if offset == 0 && whence == whence::CUR { rights::FD_TELL } else { rights::FD_SEEK };
    match &mut d.kind {
        Kind::File(f) => {
            if d.base & needed == 0 {
                return Err(Errno::NotCapable);
            }
            Ok(f.seek(pos)?)
        }
        Kind::Dir(_) => Err(Errno::Badf),
        _ => Err(Errno::Spipe),
    }
}

pub(crate) fn fd_seek(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory,
    fd: u32,
    offset: i64,
    whence: u8,
    out: u32,
) -> WasiResult<()> {
    let pos = seek(cx, fd, offset, whence)?;
    mem.write_u64(out, pos)
}

pub(crate) fn fd_tell(cx: &mut WasiCtx, mem: &mut GuestMemory, fd: u32, out: u32) -> WasiResult<()> {
    let pos = seek(cx, fd, 0, whence::CUR)?;
    mem.write_u64(out, pos)
}
