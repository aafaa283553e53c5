//! The socket calls: `sock_accept` on a preopened listening socket, and
//! `sock_recv`, `sock_send` and `sock_shutdown` on the connections it
//! yields. Descriptors that are not sockets get `ENOTSOCK`.

use super::ctx::{Descriptor, Kind, WasiCtx};
use super::memory::GuestMemory;
use super::sys;
use super::types::*;
use std::net::Shutdown;
use std::os::fd::AsFd;

pub(crate) fn sock_accept(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory,
    fd: u32,
    flags: u16,
    out: u32,
) -> WasiResult<()> {
    if flags & !fdflags::NONBLOCK != 0 {
        return Err(Errno::Inval);
    }
    let d = cx.table.get(fd)?;
    let listener = match &d.kind {
        Kind::Listener(l) => l,
        Kind::Socket(_) => return Err(Errno::Inval),
        _ => return Err(Errno::NotSock),
    };
    d.require(rights::SOCK_ACCEPT)?;
    let (stream, _) = listener.accept()?;
    let inheriting = d.inheriting;
    let mut conn = Descriptor::new(Kind::Socket(stream), inheriting & rights::SOCKET, 0);
    if flags & fdflags::NONBLOCK != 0 {
        if let Kind::Socket(s) = &conn.kind {
            s.set_nonblocking(true)?;
        }
        conn.flags = fdflags::NONBLOCK;
    }
    let new_fd = cx.table.insert(conn)?;
    mem.write_u32(out, new_fd)
}

/// The connection behind `fd`, checked to hold `needed`.
fn connection(cx: &WasiCtx, fd: u32, needed: u64) -> WasiResult<&std::net::TcpStream> {
    let d = cx.table.get(fd)?;
    match &d.kind {
        Kind::Socket(s) => {
            d.require(needed)?;
            Ok(s)
        }
        Kind::Listener(_) => Err(Errno::NotConn),
        _ => Err(Errno::NotSock),
    }
}

#[allow(clippy::too_many_arguments, reason = "one parameter per argument of the WASI call")]
pub(crate) fn sock_recv(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory,
    fd: u32,
    iovs: u32,
    count: u32,
    flags: u16,
    out_len: u32,
    out_flags: u32,
) -> WasiResult<()> {
    if flags & !(sockflags::RECV_PEEK | sockflags::RECV_WAITALL) != 0 {
        return Err(Errno::Inval);
    }
    let stream = connection(cx, fd, rights::FD_READ)?;
    let (vecs, mut buf) = mem.read_target(iovs, count)?;
    let mut host_flags = 0;
    if flags & sockflags::RECV_PEEK != 0 {
        host_flags |= libc::MSG_PEEK;
    }
    if flags & sockflags::RECV_WAITALL != 0 {
        host_flags |= libc::MSG_WAITALL;
    }
    let n = sys::recv(stream.as_fd(), &mut buf, host_flags)?;
    mem.scatter(&vecs, &buf[..n])?;
    mem.write_u32(out_len, n as u32)?;
    // Stream sockets never truncate a message.
    mem.write_u16(out_flags, 0)
}

pub(crate) fn sock_send(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory,
    fd: u32,
    iovs: u32,
    count: u32,
    flags: u16,
    out: u32,
) -> WasiResult<()> {
    // No send flags are defined: the field must be zero.
    if flags != 0 {
        return Err(Errno::Inval);
    }
    let stream = connection(cx, fd, rights::FD_WRITE)?;
    let data = mem.gather_at(iovs, count)?;
    let n = sys::send(stream.as_fd(), &data)?;
    mem.write_u32(out, n as u32)
}

pub(crate) fn sock_shutdown(cx: &mut WasiCtx, _: &mut GuestMemory, fd: u32, how: u8) -> WasiResult<()> {
    let how = match how {
        sockflags::SHUT_RD => Shutdown::Read,
        sockflags::SHUT_WR => Shutdown::Write,
        h if h == sockflags::SHUT_RD | sockflags::SHUT_WR => Shutdown::Both,
        _ => return Err(Errno::Inval),
    };
    let stream = connection(cx, fd, rights::SOCK_SHUTDOWN)?;
    Ok(stream.shutdown(how)?)
}
