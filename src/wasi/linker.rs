//! Defines the WASI functions in a [`Linker`]: each one converts its raw
//! arguments, finds the caller's memory and the store's [`WasiCtx`], runs the
//! implementation and returns its error code.

use super::Function::{self, *};
use super::ctx::WasiCtx;
use super::memory::GuestMemory;
use super::path::{Buffer, OpenArgs, PathArg, Times};
use super::types::{Errno, WasiResult};
use super::{fd, path, poll, preview0, process, sock};
use crate::error::Result;
use crate::runtime::{Caller, Extern, Linker};
use crate::trap::Trap;

/// Runs one WASI call: counts it, lends it the calling instance's exported
/// `memory` (an empty one if there is none, so every pointer is `EFAULT`)
/// and the store's context, and turns its result into an error code.
fn call<T: 'static>(
    caller: &mut Caller<'_, T>,
    get: impl Fn(&mut T) -> &mut WasiCtx,
    function: Function,
    body: impl FnOnce(&mut WasiCtx, &mut GuestMemory) -> WasiResult<()>,
) -> i32 {
    let memory = caller.get_export("memory").and_then(Extern::into_memory);
    let (bytes, data): (&mut [u8], &mut T) = match memory {
        Some(m) => m.data_and_store_mut(caller),
        None => (&mut [], caller.data_mut()),
    };
    let cx = get(data);
    cx.count(function);
    let mut mem = GuestMemory::new(bytes);
    match body(cx, &mut mem) {
        Ok(()) => 0,
        Err(e) => i32::from(e as u16),
    }
}

/// A `u8`-typed argument; wider values are invalid, not truncated.
fn byte(v: i32) -> WasiResult<u8> {
    u8::try_from(v).map_err(|_| Errno::Inval)
}

/// A `u16`-typed argument.
fn half(v: i32) -> WasiResult<u16> {
    u16::try_from(v).map_err(|_| Errno::Inval)
}

/// Defines every WASI function under both import module names
/// (`wasi_snapshot_preview1` and `wasi_unstable`). `get` finds the
/// [`WasiCtx`] in the store's data.
///
/// ```
/// use zwasm::wasi::{self, WasiCtx};
/// use zwasm::{Engine, Linker};
///
/// struct Host {
///     wasi: WasiCtx,
///     requests: u32,
/// }
///
/// let mut linker = Linker::<Host>::new(&Engine::default());
/// wasi::add_to_linker(&mut linker, |host: &mut Host| &mut host.wasi)?;
/// # Ok::<(), zwasm::Error>(())
/// ```
pub fn add_to_linker<T, G>(linker: &mut Linker<T>, get: G) -> Result<()>
where
    T: 'static,
    G: Fn(&mut T) -> &mut WasiCtx + Send + Sync + Copy + 'static,
{
    define(linker, "wasi_snapshot_preview1", get, false)?;
    define(linker, "wasi_unstable", get, true)
}

fn define<T, G>(l: &mut Linker<T>, m: &str, get: G, preview0: bool) -> Result<()>
where
    T: 'static,
    G: Fn(&mut T) -> &mut WasiCtx + Send + Sync + Copy + 'static,
{
    type C<'a, T> = Caller<'a, T>;
    l.func_wrap(m, "args_get", move |mut c: C<T>, argv: i32, buf: i32| {
        call(&mut c, get, ArgsGet, |cx, mem| process::args_get(cx, mem, argv as u32, buf as u32))
    })?;
    l.func_wrap(m, "args_sizes_get", move |mut c: C<T>, count: i32, size: i32| {
        call(&mut c, get, ArgsSizesGet, |cx, mem| process::args_sizes_get(cx, mem, count as u32, size as u32))
    })?;
    l.func_wrap(m, "environ_get", move |mut c: C<T>, env: i32, buf: i32| {
        call(&mut c, get, EnvironGet, |cx, mem| process::environ_get(cx, mem, env as u32, buf as u32))
    })?;
    l.func_wrap(m, "environ_sizes_get", move |mut c: C<T>, count: i32, size: i32| {
        call(&mut c, get, EnvironSizesGet, |cx, mem| {
            process::environ_sizes_get(cx, mem, count as u32, size as u32)
        })
    })?;
    l.func_wrap(m, "clock_res_get", move |mut c: C<T>, id: i32, out: i32| {
        call(&mut c, get, ClockResGet, |cx, mem| process::clock_res_get(cx, mem, id as u32, out as u32))
    })?;
    l.func_wrap(m, "clock_time_get", move |mut c: C<T>, id: i32, precision: i64, out: i32| {
        call(&mut c, get, ClockTimeGet, |cx, mem| {
            process::clock_time_get(cx, mem, id as u32, precision as u64, out as u32)
        })
    })?;
    l.func_wrap(m, "fd_advise", move |mut c: C<T>, fd: i32, offset: i64, len: i64, advice: i32| {
        call(&mut c, get, FdAdvise, |cx, mem| {
            fd::fd_advise(cx, mem, fd as u32, offset as u64, len as u64, byte(advice)?)
        })
    })?;
    l.func_wrap(m, "fd_allocate", move |mut c: C<T>, fd: i32, offset: i64, len: i64| {
        call(&mut c, get, FdAllocate, |cx, mem| {
            fd::fd_allocate(cx, mem, fd as u32, offset as u64, len as u64)
        })
    })?;
    l.func_wrap(m, "fd_close", move |mut c: C<T>, fd: i32| {
        call(&mut c, get, FdClose, |cx, mem| fd::fd_close(cx, mem, fd as u32))
    })?;
    l.func_wrap(m, "fd_datasync", move |mut c: C<T>, fd: i32| {
        call(&mut c, get, FdDatasync, |cx, mem| fd::fd_datasync(cx, mem, fd as u32))
    })?;
    l.func_wrap(m, "fd_fdstat_get", move |mut c: C<T>, fd: i32, out: i32| {
        call(&mut c, get, FdFdstatGet, |cx, mem| fd::fd_fdstat_get(cx, mem, fd as u32, out as u32))
    })?;
    l.func_wrap(m, "fd_fdstat_set_flags", move |mut c: C<T>, fd: i32, flags: i32| {
        call(&mut c, get, FdFdstatSetFlags, |cx, mem| {
            fd::fd_fdstat_set_flags(cx, mem, fd as u32, half(flags)?)
        })
    })?;
    l.func_wrap(m, "fd_fdstat_set_rights", move |mut c: C<T>, fd: i32, base: i64, inheriting: i64| {
        call(&mut c, get, FdFdstatSetRights, |cx, mem| {
            fd::fd_fdstat_set_rights(cx, mem, fd as u32, base as u64, inheriting as u64)
        })
    })?;
    l.func_wrap(m, "fd_filestat_get", move |mut c: C<T>, fd: i32, out: i32| {
        call(&mut c, get, FdFilestatGet, |cx, mem| {
            if preview0 {
                preview0::fd_filestat_get(cx, mem, fd as u32, out as u32)
            } else {
                fd::fd_filestat_get(cx, mem, fd as u32, out as u32)
            }
        })
    })?;
    l.func_wrap(m, "fd_filestat_set_size", move |mut c: C<T>, fd: i32, size: i64| {
        call(&mut c, get, FdFilestatSetSize, |cx, mem| {
            fd::fd_filestat_set_size(cx, mem, fd as u32, size as u64)
        })
    })?;
    l.func_wrap(
        m,
        "fd_filestat_set_times",
        move |mut c: C<T>, fd: i32, atim: i64, mtim: i64, flags: i32| {
            call(&mut c, get, FdFilestatSetTimes, |cx, mem| {
                fd::fd_filestat_set_times(cx, mem, fd as u32, atim as u64, mtim as u64, half(flags)?)
            })
        },
    )?;
    l.func_wrap(m, "fd_pread", move |mut c: C<T>, fd: i32, iovs: i32, n: i32, offset: i64, out: i32| {
        call(&mut c, get, FdPread, |cx, mem| {
            fd::fd_pread(cx, mem, fd as u32, iovs as u32, n as u32, offset as u64, out as u32)
        })
    })?;
    l.func_wrap(m, "fd_prestat_get", move |mut c: C<T>, fd: i32, out: i32| {
        call(&mut c, get, FdPrestatGet, |cx, mem| fd::fd_prestat_get(cx, mem, fd as u32, out as u32))
    })?;
    l.func_wrap(m, "fd_prestat_dir_name", move |mut c: C<T>, fd: i32, buf: i32, len: i32| {
        call(&mut c, get, FdPrestatDirName, |cx, mem| {
            fd::fd_prestat_dir_name(cx, mem, fd as u32, buf as u32, len as u32)
        })
    })?;
    l.func_wrap(m, "fd_pwrite", move |mut c: C<T>, fd: i32, iovs: i32, n: i32, offset: i64, out: i32| {
        call(&mut c, get, FdPwrite, |cx, mem| {
            fd::fd_pwrite(cx, mem, fd as u32, iovs as u32, n as u32, offset as u64, out as u32)
        })
    })?;
    l.func_wrap(m, "fd_read", move |mut c: C<T>, fd: i32, iovs: i32, n: i32, out: i32| {
        call(&mut c, get, FdRead, |cx, mem| {
            fd::fd_read(cx, mem, fd as u32, iovs as u32, n as u32, out as u32)
        })
    })?;
    l.func_wrap(m, "fd_readdir", move |mut c: C<T>, fd: i32, buf: i32, len: i32, cookie: i64, out: i32| {
        call(&mut c, get, FdReaddir, |cx, mem| {
            fd::fd_readdir(cx, mem, fd as u32, buf as u32, len as u32, cookie as u64, out as u32)
        })
    })?;
    l.func_wrap(m, "fd_renumber", move |mut c: C<T>, from: i32, to: i32| {
        call(&mut c, get, FdRenumber, |cx, mem| fd::fd_renumber(cx, mem, from as u32, to as u32))
    })?;
    l.func_wrap(m, "fd_seek", move |mut c: C<T>, fd: i32, offset: i64, whence: i32, out: i32| {
        call(&mut c, get, FdSeek, |cx, mem| {
            if preview0 {
                preview0::fd_seek(cx, mem, fd as u32, offset, byte(whence)?, out as u32)
            } else {
                fd::fd_seek(cx, mem, fd as u32, offset, byte(whence)?, out as u32)
            }
        })
    })?;
    l.func_wrap(m, "fd_sync", move |mut c: C<T>, fd: i32| {
        call(&mut c, get, FdSync, |cx, mem| fd::fd_sync(cx, mem, fd as u32))
    })?;
    l.func_wrap(m, "fd_tell", move |mut c: C<T>, fd: i32, out: i32| {
        call(&mut c, get, FdTell, |cx, mem| fd::fd_tell(cx, mem, fd as u32, out as u32))
    })?;
    l.func_wrap(m, "fd_write", move |mut c: C<T>, fd: i32, iovs: i32, n: i32, out: i32| {
        call(&mut c, get, FdWrite, |cx, mem| {
            fd::fd_write(cx, mem, fd as u32, iovs as u32, n as u32, out as u32)
        })
    })?;
    l.func_wrap(m, "path_create_directory", move |mut c: C<T>, fd: i32, p: i32, len: i32| {
        call(&mut c, get, PathCreateDirectory, |cx, mem| {
            path::path_create_directory(cx, mem, fd as u32, p as u32, len as u32)
        })
    })?;
    l.func_wrap(
        m,
        "path_filestat_get",
        move |mut c: C<T>, fd: i32, flags: i32, p: i32, len: i32, out: i32| {
            call(&mut c, get, PathFilestatGet, |cx, mem| {
                let (fd, flags, p, len, out) = (fd as u32, flags as u32, p as u32, len as u32, out as u32);
                if preview0 {
                    preview0::path_filestat_get(cx, mem, fd, flags, p, len, out)
                } else {
                    path::path_filestat_get(cx, mem, fd, flags, p, len, out)
                }
            })
        },
    )?;
    l.func_wrap(
        m,
        "path_filestat_set_times",
        move |mut c: C<T>, fd: i32, flags: i32, p: i32, len: i32, atim: i64, mtim: i64, fst: i32| {
            call(&mut c, get, PathFilestatSetTimes, |cx, mem| {
                let times = Times { atim: atim as u64, mtim: mtim as u64, flags: half(fst)? };
                path::path_filestat_set_times(cx, mem, fd as u32, flags as u32, p as u32, len as u32, times)
            })
        },
    )?;
    l.func_wrap(
        m,
        "path_link",
        move |mut c: C<T>,
              old_fd: i32,
              old_flags: i32,
              old: i32,
              old_len: i32,
              new_fd: i32,
              new: i32,
              new_len: i32| {
            call(&mut c, get, PathLink, |cx, mem| {
                let old = PathArg { fd: old_fd as u32, ptr: old as u32, len: old_len as u32 };
                let new = PathArg { fd: new_fd as u32, ptr: new as u32, len: new_len as u32 };
                path::path_link(cx, mem, old, old_flags as u32, new)
            })
        },
    )?;
    l.func_wrap(
        m,
        "path_open",
        move |mut c: C<T>,
              fd: i32,
              dirflags: i32,
              p: i32,
              len: i32,
              oflags: i32,
              base: i64,
              _inheriting: i64,
              fdflags: i32,
              out: i32| {
            call(&mut c, get, PathOpen, |cx, mem| {
                let args = OpenArgs { oflags: half(oflags)?, base: base as u64, fdflags: half(fdflags)? };
                path::path_open(cx, mem, fd as u32, dirflags as u32, p as u32, len as u32, args, out as u32)
            })
        },
    )?;
    l.func_wrap(
        m,
        "path_readlink",
        move |mut c: C<T>, fd: i32, p: i32, len: i32, buf: i32, buf_len: i32, out: i32| {
            call(&mut c, get, PathReadlink, |cx, mem| {
                let buf = Buffer { ptr: buf as u32, len: buf_len as u32 };
                path::path_readlink(cx, mem, fd as u32, p as u32, len as u32, buf, out as u32)
            })
        },
    )?;
    l.func_wrap(m, "path_remove_directory", move |mut c: C<T>, fd: i32, p: i32, len: i32| {
        call(&mut c, get, PathRemoveDirectory, |cx, mem| {
            path::path_remove_directory(cx, mem, fd as u32, p as u32, len as u32)
        })
    })?;
    l.func_wrap(
        m,
        "path_rename",
        move |mut c: C<T>, old_fd: i32, old: i32, old_len: i32, new_fd: i32, new: i32, new_len: i32| {
            call(&mut c, get, PathRename, |cx, mem| {
                let old = PathArg { fd: old_fd as u32, ptr: old as u32, len: old_len as u32 };
                let new = PathArg { fd: new_fd as u32, ptr: new as u32, len: new_len as u32 };
                path::path_rename(cx, mem, old, new)
            })
        },
    )?;
    l.func_wrap(
        m,
        "path_symlink",
        move |mut c: C<T>, target: i32, target_len: i32, fd: i32, p: i32, len: i32| {
            call(&mut c, get, PathSymlink, |cx, mem| {
                path::path_symlink(cx, mem, target as u32, target_len as u32, fd as u32, p as u32, len as u32)
            })
        },
    )?;
    l.func_wrap(m, "path_unlink_file", move |mut c: C<T>, fd: i32, p: i32, len: i32| {
        call(&mut c, get, PathUnlinkFile, |cx, mem| {
            path::path_unlink_file(cx, mem, fd as u32, p as u32, len as u32)
        })
    })?;
    l.func_wrap(m, "poll_oneoff", move |mut c: C<T>, subs: i32, events: i32, n: i32, out: i32| {
        call(&mut c, get, PollOneoff, |cx, mem| {
            let (subs, events, n, out) = (subs as u32, events as u32, n as u32, out as u32);
            if preview0 {
                preview0::poll_oneoff(cx, mem, subs, events, n, out)
            } else {
                poll::poll_oneoff(cx, mem, subs, events, n, out)
            }
        })
    })?;
    l.func_wrap(m, "proc_exit", move |mut c: C<T>, code: i32| -> Result<(), Trap> {
        let cx = get(c.data_mut());
        cx.count(ProcExit);
        Err(process::proc_exit(cx, code as u32))
    })?;
    l.func_wrap(m, "proc_raise", move |mut c: C<T>, sig: i32| -> Result<i32, Trap> {
        let cx = get(c.data_mut());
        cx.count(ProcRaise);
        Ok(match process::proc_raise(cx, sig as u32)? {
            Ok(()) => 0,
            Err(e) => i32::from(e as u16),
        })
    })?;
    l.func_wrap(m, "sched_yield", move |mut c: C<T>| call(&mut c, get, SchedYield, process::sched_yield))?;
    l.func_wrap(m, "random_get", move |mut c: C<T>, buf: i32, len: i32| {
        call(&mut c, get, RandomGet, |cx, mem| process::random_get(cx, mem, buf as u32, len as u32))
    })?;
    l.func_wrap(m, "sock_accept", move |mut c: C<T>, fd: i32, flags: i32, out: i32| {
        call(&mut c, get, SockAccept, |cx, mem| {
            sock::sock_accept(cx, mem, fd as u32, half(flags)?, out as u32)
        })
    })?;
    l.func_wrap(
        m,
        "sock_recv",
        move |mut c: C<T>, fd: i32, iovs: i32, n: i32, flags: i32, out_len: i32, out_flags: i32| {
            call(&mut c, get, SockRecv, |cx, mem| {
                let (iovs, n) = (iovs as u32, n as u32);
                sock::sock_recv(cx, mem, fd as u32, iovs, n, half(flags)?, out_len as u32, out_flags as u32)
            })
        },
    )?;
    l.func_wrap(m, "sock_send", move |mut c: C<T>, fd: i32, iovs: i32, n: i32, flags: i32, out: i32| {
        call(&mut c, get, SockSend, |cx, mem| {
            sock::sock_send(cx, mem, fd as u32, iovs as u32, n as u32, half(flags)?, out as u32)
        })
    })?;
    l.func_wrap(m, "sock_shutdown", move |mut c: C<T>, fd: i32, how: i32| {
        call(&mut c, get, SockShutdown, |cx, mem| sock::sock_shutdown(cx, mem, fd as u32, byte(how)?))
    })?;
    Ok(())
}
