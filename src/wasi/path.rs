//! The path calls: `path_*`, every one resolved inside its directory
//! descriptor by [`sandbox::resolve`](super::sandbox::resolve).

use super::ctx::{Descriptor, Dir, Kind, WasiCtx};
use super::fd::time_updates;
use super::memory::GuestMemory;
use super::sandbox::{Resolved, resolve};
use super::sys;
use super::types::*;
use std::os::fd::{AsFd, BorrowedFd};

/// The directory behind `fd`, checked to hold `needed`.
fn dir_of(cx: &WasiCtx, fd: u32, needed: u64) -> WasiResult<(&Descriptor, BorrowedFd<'_>)> {
    let d = cx.table.get(fd)?;
    let Kind::Dir(dir) = &d.kind else { return Err(Errno::NotDir) };
    d.require(needed)?;
    Ok((d, dir.fd.as_fd()))
}

/// Reads the path argument at `ptr`/`len` and resolves it in the directory
/// `fd`, which must hold `needed`.
fn lookup<'a>(
    cx: &'a WasiCtx,
    mem: &GuestMemory,
    fd: u32,
    (ptr, len): (u32, u32),
    needed: u64,
    follow: bool,
) -> WasiResult<Resolved<'a>> {
    let path = mem.path(ptr, len)?;
    let (_, dir) = dir_of(cx, fd, needed)?;
    resolve(dir, &path, follow)
}

/// Whether the final name of `r` exists and is a directory (`None`: absent).
fn is_dir(r: &Resolved) -> WasiResult<Option<bool>> {
    match sys::lstatat(r.dir(), &r.name) {
        Ok(st) => Ok(Some(st.st_mode & libc::S_IFMT == libc::S_IFDIR)),
        Err(e) if e.raw_os_error() == Some(libc::ENOENT) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

fn follows(flags: u32) -> bool {
    flags & lookupflags::SYMLINK_FOLLOW != 0
}

pub(crate) fn path_create_directory(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory,
    fd: u32,
    path: u32,
    len: u32,
) -> WasiResult<()> {
    let r = lookup(cx, mem, fd, (path, len), rights::PATH_CREATE_DIRECTORY, false)?;
    if r.is_self() {
        return Err(Errno::Exist);
    }
    Ok(sys::mkdirat(r.dir(), &r.name)?)
}

/// The attributes of what `path` names in the directory `fd`.
pub(crate) fn path_filestat(
    cx: &WasiCtx,
    mem: &GuestMemory,
    fd: u32,
    flags: u32,
    path: u32,
    len: u32,
) -> WasiResult<Filestat> {
    let r = lookup(cx, mem, fd, (path, len), rights::PATH_FILESTAT_GET, follows(flags))?;
    let st = sys::filestat_of(&sys::lstatat(r.dir(), &r.name)?);
    if r.must_be_dir && st.filetype != filetype::DIRECTORY {
        return Err(Errno::NotDir);
    }
    Ok(st)
}

pub(crate) fn path_filestat_get(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory,
    fd: u32,
    flags: u32,
    path: u32,
    len: u32,
    out: u32,
) -> WasiResult<()> {
    let st = path_filestat(cx, mem, fd, flags, path, len)?;
    mem.write(out, &st.encode())
}

/// Arguments of `path_filestat_set_times` after the path.
pub(crate) struct Times {
    pub atim: u64,
    pub mtim: u64,
    pub flags: u16,
}

pub(crate) fn path_filestat_set_times(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory,
    fd: u32,
    flags: u32,
    path: u32,
    len: u32,
    times: Times,
) -> WasiResult<()> {
    let (a, m) = time_updates(times.atim, times.mtim, times.flags)?;
    let r = lookup(cx, mem, fd, (path, len), rights::PATH_FILESTAT_SET_TIMES, follows(flags))?;
    if r.must_be_dir && is_dir(&r)? == Some(false) {
        return Err(Errno::NotDir);
    }
    Ok(sys::utimensat(r.dir(), &r.name, a, m)?)
}

/// A path argument: descriptor, pointer and length.
#[derive(Copy, Clone)]
pub(crate) struct PathArg {
    pub fd: u32,
    pub ptr: u32,
    pub len: u32,
}

pub(crate) fn path_link(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory,
    old: PathArg,
    old_flags: u32,
    new: PathArg,
) -> WasiResult<()> {
    let src = lookup(cx, mem, old.fd, (old.ptr, old.len), rights::PATH_LINK_SOURCE, follows(old_flags))?;
    let dst = lookup(cx, mem, new.fd, (new.ptr, new.len), rights::PATH_LINK_TARGET, false)?;
    if src.must_be_dir {
        // Directories cannot be hard-linked; a file named with `/` is wrong.
        return Err(if is_dir(&src)? == Some(true) { Errno::Perm } else { Errno::NotDir });
    }
    if dst.must_be_dir || dst.is_self() {
        return Err(if is_dir(&dst)?.is_some() { Errno::Exist } else { Errno::NoEnt });
    }
    Ok(sys::linkat(src.dir(), &src.name, dst.dir(), &dst.name)?)
}

/// Arguments of `path_open` after the path. The requested inheriting
/// rights are not among them: a new directory passes on what its parent
/// does (see the rights note in `path_open`).
pub(crate) struct OpenArgs {
    pub oflags: u16,
    pub base: u64,
    pub fdflags: u16,
}

#[allow(clippy::too_many_arguments, reason = "one parameter per argument of the WASI call")]
pub(crate) fn path_open(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory,
    fd: u32,
    dirflags: u32,
    path: u32,
    len: u32,
    args: OpenArgs,
    out: u32,
) -> WasiResult<()> {
    let OpenArgs { oflags, base, fdflags } = args;
    if oflags & !oflags::ALL != 0 || fdflags & !fdflags::ALL != 0 {
        return Err(Errno::Inval);
    }
    let path = mem.path(path, len)?;
    let mut needed = rights::PATH_OPEN;
    if oflags & oflags::CREAT != 0 {
        needed |= rights::PATH_CREATE_FILE;
    }
    if oflags & oflags::TRUNC != 0 {
        needed |= rights::PATH_FILESTAT_SET_SIZE;
    }
    let (parent, dir) = dir_of(cx, fd, needed)?;
    let allowed = parent.inheriting;
    let r = resolve(dir, &path, follows(dirflags))?;

    let read = base & (rights::FD_READ | rights::FD_READDIR) != 0;
    let write = base & (rights::FD_WRITE | rights::FD_ALLOCATE | rights::FD_FILESTAT_SET_SIZE) != 0;
    let mut flags = libc::O_NOFOLLOW;
    flags |= match (read, write) {
        (true, true) => libc::O_RDWR,
        (false, true) => libc::O_WRONLY,
        _ => libc::O_RDONLY,
    };
    let want_dir = oflags & oflags::DIRECTORY != 0;
    if want_dir {
        if oflags & oflags::CREAT != 0 {
            return Err(Errno::Inval);
        }
        if write {
            return Err(Errno::IsDir);
        }
    }
    if r.must_be_dir {
        if oflags & oflags::CREAT != 0 {
            return Err(Errno::IsDir);
        }
        if write {
            return Err(Errno::IsDir);
        }
    }
    if want_dir || r.must_be_dir {
        flags |= libc::O_DIRECTORY;
    }
    for (wasi, host) in
        [(oflags::CREAT, libc::O_CREAT), (oflags::EXCL, libc::O_EXCL), (oflags::TRUNC, libc::O_TRUNC)]
    {
        if oflags & wasi != 0 {
            flags |= host;
        }
    }
    for (wasi, host) in [
        (fdflags::APPEND, libc::O_APPEND),
        (fdflags::DSYNC, libc::O_DSYNC),
        (fdflags::RSYNC, libc::O_RSYNC),
        (fdflags::SYNC, libc::O_SYNC),
        (fdflags::NONBLOCK, libc::O_NONBLOCK),
    ] {
        if fdflags & wasi != 0 {
            flags |= host;
        }
    }
    let opened = sys::openat(r.dir(), &r.name, flags, 0o666)?;
    let st = sys::fstat(opened.as_fd())?;
    let file = std::fs::File::from(opened);
    // The new descriptor gets every right its type and access mode allow,
    // within what the directory passes on: the requested rights choose the
    // access mode. Rights can later be dropped with fd_fdstat_set_rights.
    let mode = match (read, write) {
        (false, true) => !(rights::FD_READ | rights::FD_READDIR),
        (_, false) => !rights::FD_WRITE,
        (true, true) => !0,
    };
    let descriptor = if st.st_mode & libc::S_IFMT == libc::S_IFDIR {
        let dir = Dir { fd: file, preopen: None, listing: None };
        Descriptor::new(Kind::Dir(dir), allowed & rights::DIRECTORY, allowed)
    } else {
        Descriptor::new(Kind::File(file), allowed & mode & rights::REGULAR_FILE, 0)
    };
    let new_fd = cx.table.insert(descriptor)?;
    mem.write_u32(out, new_fd)
}

/// Arguments of `path_readlink` after the path.
pub(crate) struct Buffer {
    pub ptr: u32,
    pub len: u32,
}

pub(crate) fn path_readlink(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory,
    fd: u32,
    path: u32,
    len: u32,
    buf: Buffer,
    out: u32,
) -> WasiResult<()> {
    let r = lookup(cx, mem, fd, (path, len), rights::PATH_READLINK, false)?;
    if r.is_self() {
        return Err(Errno::Inval);
    }
    let target = sys::readlinkat(r.dir(), &r.name)?;
    // An absolute target would show the guest where things are on the
    // host; such links are never followed either.
    if target.starts_with(b"/") {
        return Err(Errno::Perm);
    }
    let n = target.len().min(buf.len as usize);
    mem.write(buf.ptr, &target[..n])?;
    mem.write_u32(out, n as u32)
}

pub(crate) fn path_remove_directory(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory,
    fd: u32,
    path: u32,
    len: u32,
) -> WasiResult<()> {
    let r = lookup(cx, mem, fd, (path, len), rights::PATH_REMOVE_DIRECTORY, false)?;
    if r.is_self() {
        return Err(Errno::Inval);
    }
    Ok(sys::unlinkat(r.dir(), &r.name, true)?)
}

pub(crate) fn path_rename(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory,
    old: PathArg,
    new: PathArg,
) -> WasiResult<()> {
    let src = lookup(cx, mem, old.fd, (old.ptr, old.len), rights::PATH_RENAME_SOURCE, false)?;
    let dst = lookup(cx, mem, new.fd, (new.ptr, new.len), rights::PATH_RENAME_TARGET, false)?;
    if src.is_self() || dst.is_self() {
        return Err(Errno::Busy);
    }
    // A trailing `/` on either side only suits a directory.
    if (src.must_be_dir || dst.must_be_dir) && is_dir(&src)? == Some(false) {
        return Err(Errno::NotDir);
    }
    Ok(sys::renameat(src.dir(), &src.name, dst.dir(), &dst.name)?)
}

pub(crate) fn path_symlink(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory,
    target: u32,
    target_len: u32,
    fd: u32,
    path: u32,
    len: u32,
) -> WasiResult<()> {
    let target = mem.path(target, target_len)?;
    let path = mem.path(path, len)?;
    let (_, dir) = dir_of(cx, fd, rights::PATH_SYMLINK)?;
    // A link to an absolute path could never be followed inside the sandbox.
    if target.starts_with('/') {
        return Err(Errno::Perm);
    }
    let r = resolve(dir, &path, false)?;
    if r.is_self() {
        return Err(Errno::Exist);
    }
    if r.must_be_dir {
        return Err(match is_dir(&r)? {
            Some(true) => Errno::Exist,
            Some(false) => Errno::NotDir,
            None => Errno::NoEnt,
        });
    }
    Ok(sys::symlinkat(&sys::cname(&target)?, r.dir(), &r.name)?)
}

pub(crate) fn path_unlink_file(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory,
    fd: u32,
    path: u32,
    len: u32,
) -> WasiResult<()> {
    let r = lookup(cx, mem, fd, (path, len), rights::PATH_UNLINK_FILE, false)?;
    if r.is_self() {
        return Err(Errno::IsDir);
    }
    if r.must_be_dir {
        return Err(match is_dir(&r)? {
            Some(true) => Errno::IsDir,
            Some(false) => Errno::NotDir,
            None => Errno::NoEnt,
        });
    }
    Ok(sys::unlinkat(r.dir(), &r.name, false)?)
}
