//! The older `wasi_unstable` ABI. It shares every function with Preview 1
//! except four whose records or numbering differ: `fd_seek` (`whence`
//! counts `cur`, `end`, `set`), `fd_filestat_get` and `path_filestat_get`
//! (a 56-byte `filestat` with a 32-bit link count), and `poll_oneoff` (a
//! clock subscription starts with an extra 64-bit identifier).

use super::ctx::WasiCtx;
use super::fd::{filestat_of, seek};
use super::memory::GuestMemory;
use super::path::path_filestat;
use super::poll::{Layout, decode_all, poll_subscriptions};
use super::types::*;

const FILESTAT0_SIZE: usize = 56;

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

/// The older clock subscription: userdata, tag, then identifier, id,
/// timeout, precision and flags; 56 bytes.
const LAYOUT0: Layout = Layout { size: 56, clock_id: 24, clock_timeout: 32, clock_flags: 48 };

pub(crate) fn poll_oneoff(
    cx: &mut WasiCtx,
    mem: &mut GuestMemory,
    subs: u32,
    events: u32,
    count: u32,
    out: u32,
) -> WasiResult<()> {
    let list = decode_all(mem, subs, count, &LAYOUT0)?;
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
