//! The C API: the standard `wasm.h` surface (`include/wasm.h`) and zwasm's
//! extensions (`include/zwasm.h`, generated from `src/capi/zwasm/`).
//!
//! Every function here is a thin conversion onto the public Rust API
//! (`Engine`, `Module`, `Store`, `Instance`, `Func`, ...). The files follow
//! the families of `wasm.h`: `vec` (vectors), `types` and `externtype`
//! (type descriptions), `engine` (config and engine), `store`, `object`
//! (identity, host info and the generic `wasm_ref_t`), `val`, `trap`,
//! `foreign`, `module` and `serialize`, `func`, `global`, `table`,
//! `memory`, `externals`, `instance`.
//!
//! Conventions, as the types say them: a returned `Box<T>` (or
//! `Option<Box<T>>`) is owned by the caller, a `Box<T>` parameter is taken
//! over, `&T` is borrowed and `Option<&T>` may be NULL. No Rust panic
//! crosses the C ABI: every entry point runs its body under [`guard`], and
//! host callbacks are called under `catch_unwind` as well. Failures that
//! `wasm.h` can only report as NULL or `false` leave a message in the
//! calling thread's last error (`zwasm_last_error_message`).

#![allow(non_camel_case_types, reason = "the C names of wasm.h are part of the ABI")]
#![allow(
    clippy::missing_safety_doc,
    reason = "every entry point has the contract wasm.h or zwasm.h documents: each pointer is NULL \
              (where allowed) or points to a live object of its type"
)]

mod engine;
mod externals;
mod externtype;
mod foreign;
mod func;
mod global;
mod instance;
mod memory;
mod module;
mod object;
pub(crate) mod serialize;
mod store;
mod table;
mod trap;
mod types;
mod val;
mod vec;
pub mod zwasm;

pub use engine::{wasm_config_t, wasm_engine_t};
pub use externtype::{
    wasm_exporttype_t, wasm_externtype_t, wasm_functype_t, wasm_globaltype_t, wasm_importtype_t,
    wasm_memorytype_t, wasm_tabletype_t, wasm_tagtype_t,
};
pub use module::wasm_shared_module_t;
pub use object::{
    wasm_extern_t, wasm_foreign_t, wasm_func_t, wasm_global_t, wasm_instance_t, wasm_memory_t, wasm_module_t,
    wasm_ref_t, wasm_table_t, wasm_trap_t,
};
pub use store::wasm_store_t;
pub use trap::wasm_frame_t;
pub use types::{wasm_limits_t, wasm_valtype_t};
pub use val::{wasm_val_t, wasm_val_union};
pub use vec::*;

use std::cell::RefCell;
use std::ffi::CString;
use std::panic::{AssertUnwindSafe, catch_unwind};

/// `wasm_valkind_t`: the kind of a value type.
pub type wasm_valkind_t = u8;
/// `wasm_externkind_t`: the kind of an import or export.
pub type wasm_externkind_t = u8;
/// `wasm_mutability_t`: whether a global can change.
pub type wasm_mutability_t = u8;
/// `wasm_table_size_t`.
pub type wasm_table_size_t = u32;
/// `wasm_memory_pages_t`.
pub type wasm_memory_pages_t = u32;
/// A finalizer of host info or of a host function's environment.
pub type wasm_finalizer_t = Option<unsafe extern "C" fn(*mut std::ffi::c_void)>;

pub(crate) const WASM_I32: u8 = 0;
pub(crate) const WASM_I64: u8 = 1;
pub(crate) const WASM_F32: u8 = 2;
pub(crate) const WASM_F64: u8 = 3;
/// The kind zwasm gives `v128` (`ZWASM_V128` in `zwasm.h`).
pub(crate) const WASM_V128: u8 = 4;
pub(crate) const WASM_EXTERNREF: u8 = 128;
pub(crate) const WASM_FUNCREF: u8 = 129;

pub(crate) const WASM_EXTERN_FUNC: u8 = 0;
pub(crate) const WASM_EXTERN_GLOBAL: u8 = 1;
pub(crate) const WASM_EXTERN_TABLE: u8 = 2;
pub(crate) const WASM_EXTERN_MEMORY: u8 = 3;
pub(crate) const WASM_EXTERN_TAG: u8 = 4;

thread_local! {
    /// The message of the last failure on this thread, NUL-terminated so
    /// that `zwasm_last_error_message` can hand out a pointer to it.
    static LAST_ERROR: RefCell<Option<CString>> = const { RefCell::new(None) };
}

/// Records why the current call failed, for `zwasm_last_error_message`.
pub(crate) fn set_last_error(message: impl Into<String>) {
    let mut message = message.into();
    message.retain(|c| c != '\0');
    let message = CString::new(message).unwrap_or_default();
    // `try_with`: during thread teardown the slot may be gone; the message
    // is then dropped rather than panicking.
    let _ = LAST_ERROR.try_with(|slot| *slot.borrow_mut() = Some(message));
}

/// Forgets the last failure of this thread.
pub(crate) fn clear_last_error() {
    let _ = LAST_ERROR.try_with(|slot| *slot.borrow_mut() = None);
}

/// Runs `f` with the thread's last error message, if any.
pub(crate) fn with_last_error<R>(f: impl FnOnce(Option<&CString>) -> R) -> R {
    let mut f = Some(f);
    let result = LAST_ERROR.try_with(|slot| (f.take().expect("called once"))(slot.borrow().as_ref()));
    match result {
        Ok(r) => r,
        Err(_) => (f.take().expect("not called yet"))(None),
    }
}

/// Runs the body of a C entry point: a panic is caught, recorded as the
/// last error, and turned into `fallback`.
pub(crate) fn guard<R>(fallback: R, body: impl FnOnce() -> R) -> R {
    guard_with(|_| fallback, body)
}

/// [`guard`] for entry points whose fallback is an object (a trap, an
/// error): it is made from the panic's message, and only when there is a
/// panic, so that a call that succeeds allocates nothing for it and leaves
/// the last error alone.
pub(crate) fn guard_with<R>(fallback: impl FnOnce(String) -> R, body: impl FnOnce() -> R) -> R {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(result) => result,
        Err(payload) => {
            let message = format!("internal error: {}", panic_message(&payload));
            set_last_error(message.clone());
            fallback(message)
        }
    }
}

pub(crate) fn panic_message(payload: &Box<dyn std::any::Any + Send>) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        s.to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "a panic with no message".to_string()
    }
}

/// Records `message` as the last error and returns `value` (usually NULL or
/// `false`): the usual way a failing entry point ends.
pub(crate) fn fail<R>(value: R, message: impl Into<String>) -> R {
    set_last_error(message);
    value
}

/// The bytes of a NUL-terminated string argument named `what`.
///
/// # Safety
/// `s` is NULL or points to a NUL-terminated string that outlives `'a`.
pub(crate) unsafe fn c_bytes<'a>(s: *const std::ffi::c_char, what: &str) -> Result<&'a [u8], String> {
    if s.is_null() {
        return Err(format!("`{what}` must not be NULL"));
    }
    // SAFETY: guaranteed by this function's contract.
    Ok(unsafe { std::ffi::CStr::from_ptr(s) }.to_bytes())
}

/// A NUL-terminated string argument named `what` that must be UTF-8.
///
/// # Safety
/// As for [`c_bytes`].
pub(crate) unsafe fn c_str<'a>(s: *const std::ffi::c_char, what: &str) -> Result<&'a str, String> {
    // SAFETY: guaranteed by this function's contract.
    let bytes = unsafe { c_bytes(s, what) }?;
    std::str::from_utf8(bytes).map_err(|_| format!("`{what}` is not valid UTF-8"))
}

/// Unwraps a pointer argument the standard requires to be non-NULL, or
/// ends the entry point with `fallback` and a message naming the argument.
macro_rules! arg {
    ($ptr:expr, $fallback:expr) => {
        match $ptr {
            Some(value) => value,
            None => {
                return $crate::capi::fail($fallback, concat!("`", stringify!($ptr), "` must not be NULL"))
            }
        }
    };
}
pub(crate) use arg;

#[cfg(test)]
mod layout_tests {
    use super::*;
    use std::mem::{align_of, offset_of, size_of};

    /// The layouts `wasm.h` and `zwasm.h` declare (x86_64 / LP64).
    #[test]
    fn c_layouts() {
        assert_eq!(size_of::<wasm_val_t>(), 16);
        assert_eq!(offset_of!(wasm_val_t, of), 8);
        assert_eq!(size_of::<wasm_limits_t>(), 8);
        assert_eq!(size_of::<wasm_byte_vec_t>(), 16);
        assert_eq!(offset_of!(wasm_byte_vec_t, data), 8);
        assert_eq!(size_of::<wasm_val_vec_t>(), 16);
        assert_eq!(size_of::<zwasm::zwasm_val_t>(), 24);
        assert_eq!(offset_of!(zwasm::zwasm_val_t, of), 8);
        assert_eq!(align_of::<zwasm::zwasm_val_t>(), 8);
        // A vector of owned pointers is a vector of plain pointers.
        assert_eq!(size_of::<Option<Box<wasm_valtype_t>>>(), size_of::<*mut wasm_valtype_t>());
    }
}
