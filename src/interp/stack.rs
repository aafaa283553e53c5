//! Execution state kept in each store: the value stack that holds every
//! frame's slots, and the call-frame stack.

use crate::ir::{FuncBody, Prepared};
use std::alloc::{Layout, alloc_zeroed, dealloc};
use std::ptr::NonNull;

/// One contiguous array of 64-bit slots. Allocated zeroed, so the operating
/// system only backs the pages a program actually reaches.
pub(crate) struct ValueStack {
    ptr: NonNull<u64>,
    len: usize,
}

impl ValueStack {
    fn new(len: usize) -> Option<ValueStack> {
        let layout = Layout::array::<u64>(len).ok()?;
        // SAFETY: `len` is at least 1024 (see `Config::max_stack_slots`), so
        // the layout has a non-zero size.
        let ptr = unsafe { alloc_zeroed(layout) } as *mut u64;
        Some(ValueStack { ptr: NonNull::new(ptr)?, len })
    }

    pub(crate) fn base(&self) -> *mut u64 {
        self.ptr.as_ptr()
    }

    pub(crate) fn len(&self) -> usize {
        self.len
    }
}

impl Drop for ValueStack {
    fn drop(&mut self) {
        if let Ok(layout) = Layout::array::<u64>(self.len) {
            // SAFETY: allocated in `new` with this same layout.
            unsafe { dealloc(self.ptr.as_ptr() as *mut u8, layout) };
        }
    }
}

/// What a call saves to return to its caller.
#[derive(Copy, Clone)]
pub(crate) struct CallFrame {
    pub ret_ip: *const Prepared,
    pub fp: *mut u64,
    pub body: *const FuncBody,
    pub instance: u32,
}

#[derive(Default)]
pub(crate) struct ExecState {
    stack: Option<ValueStack>,
    /// Frames of every activation. Its capacity must never shrink: running
    /// activations keep a limit no larger than it (`Cx::frame_limit`) and
    /// write frames in place up to that limit.
    pub frames: Vec<CallFrame>,
    /// First free slot: where a new activation (a nested call from the host)
    /// puts its frame.
    pub top: usize,
    /// Activations in progress (host → wasm → host → wasm ...).
    pub nesting: u32,
}

impl ExecState {
    /// The value stack, allocated on first use.
    pub(crate) fn stack(&mut self, slots: usize) -> Option<&ValueStack> {
        if self.stack.is_none() {
            self.stack = Some(ValueStack::new(slots)?);
        }
        self.stack.as_ref()
    }
}
