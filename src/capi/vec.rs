//! The vectors of `wasm.h`: `wasm_X_vec_t` is a counted array whose
//! elements it owns. One generic type, [`WasmVec`], backs them all; each
//! element type says how to make a zero element and a deep copy
//! ([`VecElem`]), and dropping an element releases what it owns.

use super::externtype::{
    wasm_exporttype_t, wasm_externtype_t, wasm_functype_t, wasm_globaltype_t, wasm_importtype_t,
    wasm_memorytype_t, wasm_tabletype_t, wasm_tagtype_t,
};
use super::object::wasm_extern_t;
use super::trap::wasm_frame_t;
use super::types::wasm_valtype_t;
use super::val::wasm_val_t;
use super::{fail, guard};
use std::ptr;

/// A counted array laid out as every `wasm_X_vec_t`: `{ size_t size; T* data; }`.
/// An empty vector has a NULL `data`.
#[repr(C)]
pub struct WasmVec<T> {
    pub size: usize,
    pub data: *mut T,
}

pub type wasm_byte_vec_t = WasmVec<u8>;
pub type wasm_name_t = wasm_byte_vec_t;
pub type wasm_message_t = wasm_byte_vec_t;
pub type wasm_val_vec_t = WasmVec<wasm_val_t>;
pub type wasm_valtype_vec_t = WasmVec<Option<Box<wasm_valtype_t>>>;
pub type wasm_functype_vec_t = WasmVec<Option<Box<wasm_functype_t>>>;
pub type wasm_globaltype_vec_t = WasmVec<Option<Box<wasm_globaltype_t>>>;
pub type wasm_tabletype_vec_t = WasmVec<Option<Box<wasm_tabletype_t>>>;
pub type wasm_memorytype_vec_t = WasmVec<Option<Box<wasm_memorytype_t>>>;
pub type wasm_tagtype_vec_t = WasmVec<Option<Box<wasm_tagtype_t>>>;
pub type wasm_externtype_vec_t = WasmVec<Option<Box<wasm_externtype_t>>>;
pub type wasm_importtype_vec_t = WasmVec<Option<Box<wasm_importtype_t>>>;
pub type wasm_exporttype_vec_t = WasmVec<Option<Box<wasm_exporttype_t>>>;
pub type wasm_frame_vec_t = WasmVec<Option<Box<wasm_frame_t>>>;
pub type wasm_extern_vec_t = WasmVec<Option<Box<wasm_extern_t>>>;

/// What a vector needs of its elements besides `Drop`.
pub trait VecElem: Sized {
    /// The element `_new_uninitialized` fills in (zero, NULL).
    fn zero() -> Self;
    /// A deep copy, for `_vec_copy`.
    fn deep_copy(&self) -> Self;
}

impl VecElem for u8 {
    fn zero() -> u8 {
        0
    }
    fn deep_copy(&self) -> u8 {
        *self
    }
}

impl<T: Clone> VecElem for Option<Box<T>> {
    fn zero() -> Self {
        None
    }
    fn deep_copy(&self) -> Self {
        self.clone()
    }
}

impl<T> WasmVec<T> {
    pub fn empty() -> WasmVec<T> {
        WasmVec { size: 0, data: ptr::null_mut() }
    }

    /// The elements, borrowed. A NULL or empty vector has none.
    pub fn as_slice(&self) -> &[T] {
        if self.data.is_null() || self.size == 0 {
            return &[];
        }
        // SAFETY: a non-NULL `data` points to `size` initialised elements:
        // vectors are made by the `_vec_new*` functions or, for borrowed
        // vectors, by a caller that the standard requires to do the same.
        unsafe { std::slice::from_raw_parts(self.data, self.size) }
    }

    /// The elements, writable (for results a callee fills in).
    pub fn as_mut_slice(&mut self) -> &mut [T] {
        if self.data.is_null() || self.size == 0 {
            return &mut [];
        }
        // SAFETY: as in `as_slice`; `&mut self` makes the access exclusive.
        unsafe { std::slice::from_raw_parts_mut(self.data, self.size) }
    }

    /// Takes the elements out of a vector this library allocated, leaving
    /// it empty.
    pub fn take(&mut self) -> Vec<T> {
        if self.data.is_null() {
            self.size = 0;
            return Vec::new();
        }
        // SAFETY: a non-NULL `data` of an owned vector came from
        // `Box<[T]>::into_raw` with this `size` (see `from_vec`).
        let boxed = unsafe { Box::from_raw(ptr::slice_from_raw_parts_mut(self.data, self.size)) };
        *self = WasmVec::empty();
        boxed.into_vec()
    }
}

impl<T> From<Vec<T>> for WasmVec<T> {
    fn from(items: Vec<T>) -> WasmVec<T> {
        if items.is_empty() {
            return WasmVec::empty();
        }
        let size = items.len();
        let data = Box::into_raw(items.into_boxed_slice()) as *mut T;
        WasmVec { size, data }
    }
}

impl<T: VecElem> Clone for WasmVec<T> {
    fn clone(&self) -> WasmVec<T> {
        self.as_slice().iter().map(VecElem::deep_copy).collect::<Vec<_>>().into()
    }
}

/// Owned vectors inside Rust objects (a function type's parameters, a
/// name) free their elements when the object goes.
pub struct OwnedVec<T>(pub WasmVec<T>);

impl<T> Drop for OwnedVec<T> {
    fn drop(&mut self) {
        drop(self.0.take());
    }
}

impl<T: VecElem> Clone for OwnedVec<T> {
    fn clone(&self) -> OwnedVec<T> {
        OwnedVec(self.0.clone())
    }
}

impl OwnedVec<u8> {
    pub fn from_bytes(bytes: &[u8]) -> OwnedVec<u8> {
        OwnedVec(bytes.to_vec().into())
    }
}

/// Stores `value` into the output parameter `out`, or drops it and records
/// an error when `out` is NULL.
///
/// # Safety
/// `out` is NULL or points to memory writable as a `T` (its old contents,
/// possibly uninitialised, are neither read nor dropped).
pub(crate) unsafe fn write_out<T>(out: *mut T, value: T) {
    if out.is_null() {
        super::set_last_error("`out` must not be NULL");
        return;
    }
    // SAFETY: guaranteed by this function's contract.
    unsafe { out.write(value) };
}

/// A vector of `size` zero elements, or an empty one (and an error) when
/// the memory cannot be had.
fn zeroed<T: VecElem>(size: usize) -> WasmVec<T> {
    let mut items = Vec::new();
    if items.try_reserve_exact(size).is_err() {
        return fail(WasmVec::empty(), format!("cannot allocate a vector of {size} elements"));
    }
    items.resize_with(size, T::zero);
    items.into()
}

/// `_vec_new`: moves `size` elements out of `data` into a new vector.
///
/// # Safety
/// `data` points to `size` initialised elements (or `size` is 0).
unsafe fn moved_from<T>(size: usize, data: *const T) -> WasmVec<T> {
    if size == 0 {
        return WasmVec::empty();
    }
    if data.is_null() {
        return fail(WasmVec::empty(), "vector data is NULL but its size is not 0");
    }
    let mut items = Vec::new();
    if items.try_reserve_exact(size).is_err() {
        return fail(WasmVec::empty(), format!("cannot allocate a vector of {size} elements"));
    }
    for i in 0..size {
        // SAFETY: the caller guarantees `size` readable elements; reading
        // moves each one (the standard gives them over to the vector).
        items.push(unsafe { data.add(i).read() });
    }
    items.into()
}

macro_rules! declare_vec {
    ($elem:ty, $new_empty:ident, $new_uninit:ident, $new:ident, $copy:ident, $delete:ident) => {
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $new_empty(out: *mut WasmVec<$elem>) {
            // SAFETY: `out` is an output parameter as `write_out` requires.
            guard((), || unsafe { write_out(out, WasmVec::empty()) })
        }

        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $new_uninit(out: *mut WasmVec<$elem>, size: usize) {
            // SAFETY: `out` is an output parameter as `write_out` requires.
            guard((), || unsafe { write_out(out, zeroed::<$elem>(size)) })
        }

        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $new(out: *mut WasmVec<$elem>, size: usize, data: *const $elem) {
            // SAFETY: `data` holds `size` elements given over to the vector
            // and `out` is an output parameter (the contract of `_vec_new`).
            guard((), || unsafe { write_out(out, moved_from(size, data)) })
        }

        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $copy(out: *mut WasmVec<$elem>, src: Option<&WasmVec<$elem>>) {
            let copy = guard(WasmVec::empty(), || match src {
                Some(src) => src.clone(),
                None => fail(WasmVec::empty(), "`src` must not be NULL"),
            });
            // SAFETY: `out` is an output parameter as `write_out` requires.
            unsafe { write_out(out, copy) }
        }

        #[unsafe(no_mangle)]
        pub extern "C" fn $delete(vec: Option<&mut WasmVec<$elem>>) {
            guard((), || {
                if let Some(vec) = vec {
                    drop(vec.take());
                }
            })
        }
    };
}

declare_vec!(
    u8,
    wasm_byte_vec_new_empty,
    wasm_byte_vec_new_uninitialized,
    wasm_byte_vec_new,
    wasm_byte_vec_copy,
    wasm_byte_vec_delete
);
declare_vec!(
    wasm_val_t,
    wasm_val_vec_new_empty,
    wasm_val_vec_new_uninitialized,
    wasm_val_vec_new,
    wasm_val_vec_copy,
    wasm_val_vec_delete
);
declare_vec!(
    Option<Box<wasm_valtype_t>>,
    wasm_valtype_vec_new_empty,
    wasm_valtype_vec_new_uninitialized,
    wasm_valtype_vec_new,
    wasm_valtype_vec_copy,
    wasm_valtype_vec_delete
);
declare_vec!(
    Option<Box<wasm_functype_t>>,
    wasm_functype_vec_new_empty,
    wasm_functype_vec_new_uninitialized,
    wasm_functype_vec_new,
    wasm_functype_vec_copy,
    wasm_functype_vec_delete
);
declare_vec!(
    Option<Box<wasm_globaltype_t>>,
    wasm_globaltype_vec_new_empty,
    wasm_globaltype_vec_new_uninitialized,
    wasm_globaltype_vec_new,
    wasm_globaltype_vec_copy,
    wasm_globaltype_vec_delete
);
declare_vec!(
    Option<Box<wasm_tabletype_t>>,
    wasm_tabletype_vec_new_empty,
    wasm_tabletype_vec_new_uninitialized,
    wasm_tabletype_vec_new,
    wasm_tabletype_vec_copy,
    wasm_tabletype_vec_delete
);
declare_vec!(
    Option<Box<wasm_memorytype_t>>,
    wasm_memorytype_vec_new_empty,
    wasm_memorytype_vec_new_uninitialized,
    wasm_memorytype_vec_new,
    wasm_memorytype_vec_copy,
    wasm_memorytype_vec_delete
);
declare_vec!(
    Option<Box<wasm_tagtype_t>>,
    wasm_tagtype_vec_new_empty,
    wasm_tagtype_vec_new_uninitialized,
    wasm_tagtype_vec_new,
    wasm_tagtype_vec_copy,
    wasm_tagtype_vec_delete
);
declare_vec!(
    Option<Box<wasm_externtype_t>>,
    wasm_externtype_vec_new_empty,
    wasm_externtype_vec_new_uninitialized,
    wasm_externtype_vec_new,
    wasm_externtype_vec_copy,
    wasm_externtype_vec_delete
);
declare_vec!(
    Option<Box<wasm_importtype_t>>,
    wasm_importtype_vec_new_empty,
    wasm_importtype_vec_new_uninitialized,
    wasm_importtype_vec_new,
    wasm_importtype_vec_copy,
    wasm_importtype_vec_delete
);
declare_vec!(
    Option<Box<wasm_exporttype_t>>,
    wasm_exporttype_vec_new_empty,
    wasm_exporttype_vec_new_uninitialized,
    wasm_exporttype_vec_new,
    wasm_exporttype_vec_copy,
    wasm_exporttype_vec_delete
);
declare_vec!(
    Option<Box<wasm_frame_t>>,
    wasm_frame_vec_new_empty,
    wasm_frame_vec_new_uninitialized,
    wasm_frame_vec_new,
    wasm_frame_vec_copy,
    wasm_frame_vec_delete
);
declare_vec!(
    Option<Box<wasm_extern_t>>,
    wasm_extern_vec_new_empty,
    wasm_extern_vec_new_uninitialized,
    wasm_extern_vec_new,
    wasm_extern_vec_copy,
    wasm_extern_vec_delete
);
