//! Bounds-checked access to a guest's linear memory. Every pointer a guest
//! hands to a WASI function goes through here: a range outside the memory
//! is `EFAULT`, never a host access.

use super::types::{Errno, WasiResult};

/// The calling instance's memory for the duration of one WASI call.
pub(crate) struct GuestMemory<'a> {
    bytes: &'a mut [u8],
}

/// The most bytes one read call moves.
const MAX_READ_CHUNK: usize = 16 << 20;

/// One `iovec`/`ciovec`: a guest buffer address and length.
#[derive(Copy, Clone, Debug)]
pub(crate) struct IoVec {
    pub ptr: u32,
    pub len: u32,
}

impl<'a> GuestMemory<'a> {
    pub fn new(bytes: &'a mut [u8]) -> GuestMemory<'a> {
        GuestMemory { bytes }
    }

    fn range(&self, ptr: u32, len: usize) -> WasiResult<std::ops::Range<usize>> {
        let start = ptr as usize;
        let end = start.checked_add(len).ok_or(Errno::Fault)?;
        if end > self.bytes.len() {
            return Err(Errno::Fault);
        }
        Ok(start..end)
    }

    pub fn slice(&self, ptr: u32, len: u32) -> WasiResult<&[u8]> {
        let r = self.range(ptr, len as usize)?;
        Ok(&self.bytes[r])
    }

    pub fn slice_mut(&mut self, ptr: u32, len: u32) -> WasiResult<&mut [u8]> {
        let r = self.range(ptr, len as usize)?;
        Ok(&mut self.bytes[r])
    }

    pub fn write(&mut self, ptr: u32, data: &[u8]) -> WasiResult<()> {
        let r = self.range(ptr, data.len())?;
        self.bytes[r].copy_from_slice(data);
        Ok(())
    }

    fn read_array<const N: usize>(&self, ptr: u32) -> WasiResult<[u8; N]> {
        let r = self.range(ptr, N)?;
        let mut out = [0u8; N];
        out.copy_from_slice(&self.bytes[r]);
        Ok(out)
    }

    pub fn read_u8(&self, ptr: u32) -> WasiResult<u8> {
        Ok(self.read_array::<1>(ptr)?[0])
    }

    pub fn read_u16(&self, ptr: u32) -> WasiResult<u16> {
        Ok(u16::from_le_bytes(self.read_array(ptr)?))
    }

    pub fn read_u32(&self, ptr: u32) -> WasiResult<u32> {
        Ok(u32::from_le_bytes(self.read_array(ptr)?))
    }

    pub fn read_u64(&self, ptr: u32) -> WasiResult<u64> {
        Ok(u64::from_le_bytes(self.read_array(ptr)?))
    }

    pub fn write_u16(&mut self, ptr: u32, value: u16) -> WasiResult<()> {
        self.write(ptr, &value.to_le_bytes())
    }

    pub fn write_u32(&mut self, ptr: u32, value: u32) -> WasiResult<()> {
        self.write(ptr, &value.to_le_bytes())
    }

    pub fn write_u64(&mut self, ptr: u32, value: u64) -> WasiResult<()> {
        self.write(ptr, &value.to_le_bytes())
    }

    /// Reads an array of `count` iovecs at `ptr`, checking that each buffer
    /// lies inside the memory.
    pub fn iovecs(&self, ptr: u32, count: u32) -> WasiResult<Vec<IoVec>> {
        let table = self.slice(ptr, count.checked_mul(8).ok_or(Errno::Fault)?)?;
        let mut out = Vec::with_capacity(count as usize);
        for entry in table.chunks_exact(8) {
            let v = IoVec {
                ptr: u32::from_le_bytes(entry[0..4].try_into().expect("chunks are 8 bytes")),
                len: u32::from_le_bytes(entry[4..8].try_into().expect("chunks are 8 bytes")),
            };
            self.range(v.ptr, v.len as usize)?;
            out.push(v);
        }
        Ok(out)
    }

    /// The bytes of all `iovecs`, concatenated (what a gathering write sends).
    pub fn gather(&self, iovecs: &[IoVec]) -> WasiResult<Vec<u8>> {
        let total: usize = iovecs.iter().map(|v| v.len as usize).sum();
        let mut out = Vec::with_capacity(total);
        for v in iovecs {
            out.extend_from_slice(self.slice(v.ptr, v.len)?);
        }
        Ok(out)
    }

    /// The bytes of the `count` ciovecs at `ptr`, concatenated: what one
    /// gathering write sends.
    pub fn gather_at(&self, ptr: u32, count: u32) -> WasiResult<Vec<u8>> {
        let vecs = self.iovecs(ptr, count)?;
        total_len(&vecs)?;
        self.gather(&vecs)
    }

    /// The `count` iovecs at `ptr` and a host buffer for one scattering
    /// read into them, at most [`MAX_READ_CHUNK`] bytes (a larger request
    /// reads less, which every caller must expect of a read anyway).
    pub fn read_target(&self, ptr: u32, count: u32) -> WasiResult<(Vec<IoVec>, Vec<u8>)> {
        let vecs = self.iovecs(ptr, count)?;
        let len = total_len(&vecs)?.min(MAX_READ_CHUNK);
        Ok((vecs, vec![0u8; len]))
    }

    /// Spreads `data` over `iovecs` in order (what a scattering read fills).
    pub fn scatter(&mut self, iovecs: &[IoVec], mut data: &[u8]) -> WasiResult<()> {
        for v in iovecs {
            if data.is_empty() {
                break;
            }
            let n = data.len().min(v.len as usize);
            self.write(v.ptr, &data[..n])?;
            data = &data[n..];
        }
        Ok(())
    }

    /// A path argument: `len` bytes of UTF-8 at `ptr` without NUL bytes.
    pub fn path(&self, ptr: u32, len: u32) -> WasiResult<String> {
        let bytes = self.slice(ptr, len)?;
        let text = std::str::from_utf8(bytes).map_err(|_| Errno::Ilseq)?;
        if text.contains('\0') {
            return Err(Errno::Inval);
        }
        Ok(text.to_string())
    }
}

/// Total length of a list of iovecs, refused when it overflows the 32-bit
/// size type the guest gets back.
fn total_len(iovecs: &[IoVec]) -> WasiResult<usize> {
    let total: u64 = iovecs.iter().map(|v| v.len as u64).sum();
    if total > u32::MAX as u64 {
        return Err(Errno::Inval);
    }
    Ok(total as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn out_of_bounds_ranges_are_faults() {
        let mut bytes = vec![0u8; 16];
        let mut mem = GuestMemory::new(&mut bytes);
        assert!(mem.slice(8, 8).is_ok());
        assert_eq!(mem.slice(9, 8), Err(Errno::Fault));
        assert_eq!(mem.slice(u32::MAX, 2), Err(Errno::Fault));
        assert_eq!(mem.write_u64(12, 1), Err(Errno::Fault));
        assert_eq!(mem.read_u32(13), Err(Errno::Fault));
        assert!(mem.write_u32(12, 7).is_ok());
        assert_eq!(mem.read_u32(12), Ok(7));
    }

    #[test]
    fn iovecs_are_checked_and_scattered_in_order() {
        let mut bytes = vec![0u8; 64];
        bytes[0..8].copy_from_slice(&[32, 0, 0, 0, 2, 0, 0, 0]);
        bytes[8..16].copy_from_slice(&[40, 0, 0, 0, 3, 0, 0, 0]);
        let mut mem = GuestMemory::new(&mut bytes);
        let vecs = mem.iovecs(0, 2).unwrap();
        mem.scatter(&vecs, b"hello").unwrap();
        assert_eq!(mem.slice(32, 2).unwrap(), b"he");
        assert_eq!(mem.slice(40, 3).unwrap(), b"llo");
        assert_eq!(mem.gather(&vecs).unwrap(), b"hello");
        mem.write(8, &[60, 0, 0, 0, 8, 0, 0, 0]).unwrap();
        assert_eq!(mem.iovecs(0, 2).unwrap_err(), Errno::Fault);
        assert_eq!(mem.iovecs(0, u32::MAX).unwrap_err(), Errno::Fault);
    }

    #[test]
    fn paths_must_be_utf8_without_nul() {
        let mut bytes = b"ok\0\xff".to_vec();
        let mem = GuestMemory::new(&mut bytes);
        assert_eq!(mem.path(0, 2).unwrap(), "ok");
        assert_eq!(mem.path(0, 3), Err(Errno::Inval));
        assert_eq!(mem.path(3, 1), Err(Errno::Ilseq));
    }
}
