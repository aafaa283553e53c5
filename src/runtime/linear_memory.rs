//! The storage behind a linear memory: a reservation of address space whose
//! accessible prefix grows in place, so the base address never moves.
//!
//! The whole range a memory can ever reach (its maximum, at most 4 GiB) is
//! reserved inaccessible up front; growing makes more of it readable and
//! writable. If the reservation fails (an address-space limit), the memory
//! falls back to reserving only what it needs and moving on growth, which
//! callers handle by re-reading the base after every growth.

use std::ptr::NonNull;

pub(crate) const WASM_PAGE: usize = 64 * 1024;
/// The most pages a 32-bit memory can have (4 GiB).
pub(crate) const MAX_PAGES: u64 = 65536;

pub(crate) struct LinearMemory {
    base: NonNull<u8>,
    /// Accessible bytes.
    len: usize,
    /// Reserved bytes (≥ `len`).
    reserved: usize,
}

// SAFETY: the mapping is owned exclusively by this value; moving it to
// another thread moves the only handle to it.
unsafe impl Send for LinearMemory {}

impl LinearMemory {
    /// Creates a memory of `initial` bytes that may grow to `maximum` bytes.
    pub(crate) fn new(initial: usize, maximum: usize) -> Result<LinearMemory, String> {
        let full = round_up(maximum.max(initial));
        let (base, reserved) = match reserve(full) {
            Some(base) => (base, full),
            None => {
                let exact = round_up(initial);
                let base = reserve(exact)
                    .ok_or_else(|| format!("cannot reserve {initial} bytes for a linear memory"))?;
                (base, exact)
            }
        };
        let mut mem = LinearMemory { base, len: 0, reserved };
        if !mem.commit(initial) {
            return Err(format!("cannot allocate {initial} bytes for a linear memory"));
        }
        Ok(mem)
    }

    pub(crate) fn base(&self) -> *mut u8 {
        self.base.as_ptr()
    }

    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Grows the accessible part to `new_len` bytes. Returns false when the
    /// operating system refuses; the memory is then unchanged.
    pub(crate) fn grow_to(&mut self, new_len: usize) -> bool {
        if new_len <= self.len {
            return true;
        }
        if new_len <= self.reserved {
            return self.commit(new_len);
        }
        // Fallback mode: move to a larger reservation.
        let Some(new_base) = reserve(round_up(new_len)) else { return false };
        let mut moved = LinearMemory { base: new_base, len: 0, reserved: round_up(new_len) };
        if !moved.commit(new_len) {
            return false;
        }
        // SAFETY: both ranges are mapped and readable/writable for `self.len`
        // bytes, and they are distinct mappings, so they do not overlap.
        unsafe { std::ptr::copy_nonoverlapping(self.base(), moved.base(), self.len) };
        std::mem::swap(self, &mut moved);
        true
    }

    fn commit(&mut self, new_len: usize) -> bool {
        let start = self.len;
        let end = round_up(new_len);
        if end > start {
            // SAFETY: [base + start, base + end) lies inside our reservation
            // (`end` ≤ `reserved`, both page aligned) and belongs to no one else.
            let rc = unsafe {
                libc::mprotect(
                    self.base().add(start) as *mut libc::c_void,
                    end - start,
                    libc::PROT_READ | libc::PROT_WRITE,
                )
            };
            if rc != 0 {
                return false;
            }
        }
        self.len = new_len;
        true
    }

    /// The accessible bytes.
    pub(crate) fn bytes(&self) -> &[u8] {
        // SAFETY: `len` bytes from `base` are mapped readable and writable
        // and owned by `self`, which the returned borrow keeps alive.
        unsafe { std::slice::from_raw_parts(self.base(), self.len) }
    }

    pub(crate) fn bytes_mut(&mut self) -> &mut [u8] {
        // SAFETY: as in `bytes`, with exclusive access through `&mut self`.
        unsafe { std::slice::from_raw_parts_mut(self.base(), self.len) }
    }
}

impl Drop for LinearMemory {
    fn drop(&mut self) {
        if self.reserved > 0 {
            // SAFETY: the range is the mapping created by `reserve`, which no
            // one else references once the memory is dropped.
            unsafe { libc::munmap(self.base() as *mut libc::c_void, self.reserved) };
        }
    }
}

fn page_size() -> usize {
    4096
}

fn round_up(n: usize) -> usize {
    let p = page_size();
    n.div_ceil(p) * p
}

/// Reserves `size` bytes of inaccessible address space.
fn reserve(size: usize) -> Option<NonNull<u8>> {
    if size == 0 {
        return Some(NonNull::dangling());
    }
    // SAFETY: an anonymous private mapping at an address the kernel picks
    // touches no existing memory.
    let ptr = unsafe {
        libc::mmap(
            std::ptr::null_mut(),
            size,
            libc::PROT_NONE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE,
            -1,
            0,
        )
    };
    if ptr == libc::MAP_FAILED {
        return None;
    }
    NonNull::new(ptr as *mut u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grows_in_place_and_zero_fills() {
        let mut m = LinearMemory::new(WASM_PAGE, 4 * WASM_PAGE).unwrap();
        let base = m.base();
        m.bytes_mut()[WASM_PAGE - 1] = 7;
        assert!(m.grow_to(3 * WASM_PAGE));
        assert_eq!(m.base(), base);
        assert_eq!(m.bytes()[WASM_PAGE - 1], 7);
        assert_eq!(m.bytes()[3 * WASM_PAGE - 1], 0);
    }

    #[test]
    fn empty_memory_is_fine() {
        let m = LinearMemory::new(0, 0).unwrap();
        assert_eq!(m.len(), 0);
        assert!(m.bytes().is_empty());
    }
}
