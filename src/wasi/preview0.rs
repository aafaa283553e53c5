//! The older `wasi_unstable` ABI. It shares every function with Preview 1
//! except four whose records or numbering differ: `fd_seek` (`whence`
//! counts `cur`, `end`, `set`), `fd_filestat_get` and `path_filestat_get`
//! (a 56-byte `filestat` with a 32-bit link count), and `poll_oneoff` (a
//! clock subscription starts with an extra 64-bit identifier).

use super::ctx::WasiCtx;
use super::fd::{filestat_of, seek};
use super::memory::GuestMemory;
use super::path::path_filestat;
use super::poll::{Subscription, SubscriptionKind, poll_subscriptions};
use super::types::*;

const FILESTAT0_SIZE: usize = 56;
const SUBSCRIPTION0_SIZE: u64 = 56;

fn encode_filestat0(st: &Filestat) -> [u8; FILESTAT0_SIZE] {
    let mut out = [0u8; FILESTAT0_SIZE];
    out[0..8].copy_from_slice(&st.dev.to_le_bytes());
    out[8..16].copy_from_slice(&st.ino.to_le_bytes());
    out[16] = st.filetype;
    out[20..24].copy_from_slice(&(st.nlink.min(u32::MAX as u64) as u32).to_le_bytes());
    out[24..32].copy_from_slice(&st.size.to_le_bytes());
    out[32..40].copy_from_slice(&st.atim.to_le_bytes());
    out[40..48].copy_from_slice(&st.mtim.to_le_bytes());
    out[48..56].copy_from_slice(&st.ctim.to_le_bytes());
    out
}

pub(crate) fn fd_seek(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory,
    fd: u32,
    offset: i64,
    whence0: u8,
    out: u32,
) -> WasiResult<()> {
    let whence = match whence0 {
        0 => whence::CUR,
        1 => whence::END,
        2 => whence::SET,
        _ => return Err(Errno::Inval),
    };
    let pos = seek(cx, fd, offset, whence)?;
    mem.write_u64(out, pos)
}

pub(crate) fn fd_filestat_get(cx: &mut WasiCtx, mem: &mut GuestMemory, fd: u32, out: u32) -> WasiResult<()> {
    let d = cx.table.get(fd)?;
    d.require(rights::FD_FILESTAT_GET)?;
    mem.write(out, &encode_filestat0(&filestat_of(d)?))
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
    mem.write(out, &encode_filestat0(&st))
}

fn decode(mem: &GuestMemory, at: u32) -> WasiResult<Subscription> {
    // Checking the whole record first keeps every field offset in range.
    mem.slice(at, SUBSCRIPTION0_SIZE as u32)?;
    let userdata = mem.read_u64(at)?;
    let kind = match mem.read_u8(at + 8)? {
        event::CLOCK => SubscriptionKind::Clock {
            id: mem.read_u32(at + 24)?,
            timeout: mem.read_u64(at + 32)?,
            absolute: mem.read_u16(at + 48)? & event::SUBCLOCK_ABSTIME != 0,
        },
        event::FD_READ => SubscriptionKind::Read(mem.read_u32(at + 16)?),
        event::FD_WRITE => SubscriptionKind::Write(mem.read_u32(at + 16)?),
        _ => return Err(Errno::Inval),
    };
    Ok(Subscription { userdata, kind })
}

pub(crate) fn poll_oneoff(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory,
    subs: u32,
    events: u32,
    count: u32,
    out: u32,
) -> WasiResult<()> {
    let mut list = Vec::new();
    for i in 0..count as u64 {
        let at = u32::try_from(subs as u64 + i * SUBSCRIPTION0_SIZE).map_err(|_| Errno::Fault)?;
        list.push(decode(mem, at)?);
    }
    poll_subscriptions(cx, mem, &list, events, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_old_filestat_has_a_32_bit_link_count() {
        let st = Filestat { dev: 1, ino: 2, filetype: 4, nlink: 3, size: 5, atim: 6, mtim: 7, ctim: 8 };
        let b = encode_filestat0(&st);
        assert_eq!(u32::from_le_bytes(b[20..24].try_into().unwrap()), 3);
        assert_eq!(u64::from_le_bytes(b[24..32].try_into().unwrap()), 5);
        assert_eq!(u64::from_le_bytes(b[48..56].try_into().unwrap()), 8);
    }
}
