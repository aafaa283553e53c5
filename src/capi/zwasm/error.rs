//! Errors: the calling thread's last error, and error objects.

use crate::Error;
use crate::capi::trap::{TrapData, new_trap};
use crate::capi::{clear_last_error, guard, with_last_error};
use std::ffi::{CString, c_char};

/// What kind of failure a `zwasm_error_t` describes.
pub type zwasm_error_kind_t = u32;
/// The module is malformed or invalid (see `zwasm_error_offset`).
pub const ZWASM_ERROR_COMPILE: zwasm_error_kind_t = 0;
/// The text format could not be parsed.
pub const ZWASM_ERROR_TEXT: zwasm_error_kind_t = 1;
/// An import is missing or has the wrong type.
pub const ZWASM_ERROR_LINK: zwasm_error_kind_t = 2;
/// Execution trapped (see `zwasm_error_trap`), e.g. in a start function.
pub const ZWASM_ERROR_TRAP: zwasm_error_kind_t = 3;
/// An argument was wrong (NULL, of the wrong type, from another store...).
pub const ZWASM_ERROR_USAGE: zwasm_error_kind_t = 4;
/// Something this build of the engine does not support.
pub const ZWASM_ERROR_UNSUPPORTED: zwasm_error_kind_t = 5;

/// A failure with its kind and message, owned by the caller.
pub struct zwasm_error_t {
    kind: zwasm_error_kind_t,
    message: CString,
    offset: Option<usize>,
    trap: Option<TrapData>,
}

impl zwasm_error_t {
    pub(crate) fn new(kind: zwasm_error_kind_t, message: impl Into<String>) -> Box<zwasm_error_t> {
        let mut message = message.into();
        message.retain(|c| c != '\0');
        crate::capi::set_last_error(message.clone());
        Box::new(zwasm_error_t {
            kind,
            message: CString::new(message).unwrap_or_default(),
            offset: None,
            trap: None,
        })
    }

    /// The error object for an engine error (traps keep their frames).
    pub(crate) fn from_engine(
        error: &Error,
        store: Option<&std::sync::Arc<crate::capi::store::StoreCell>>,
    ) -> Box<zwasm_error_t> {
        let kind = match error {
            Error::Compile(_) => ZWASM_ERROR_COMPILE,
            Error::Text(_) => ZWASM_ERROR_TEXT,
            Error::Link(_) => ZWASM_ERROR_LINK,
            Error::Trap(_) => ZWASM_ERROR_TRAP,
            Error::Usage(_) => ZWASM_ERROR_USAGE,
            Error::Unsupported(_) => ZWASM_ERROR_UNSUPPORTED,
        };
        let mut e = zwasm_error_t::new(kind, error.to_string());
        if let Error::Compile(c) = error {
            e.offset = c.offset;
        }
        if let Error::Trap(t) = error {
            e.trap = Some(TrapData::from_trap(store, t));
        }
        e
    }
}

/// The message of the most recent failure of a zwasm function on the
/// calling thread, or NULL if there was none (or it was cleared). The
/// string stays valid until the next failure on this thread or
/// `zwasm_last_error_clear`.
#[unsafe(no_mangle)]
pub extern "C" fn zwasm_last_error_message() -> *const c_char {
    guard(std::ptr::null(), || with_last_error(|e| e.map_or(std::ptr::null(), |e| e.as_ptr())))
}

/// Forgets the calling thread's last error.
#[unsafe(no_mangle)]
pub extern "C" fn zwasm_last_error_clear() {
    guard((), clear_last_error)
}

/// The kind of an error.
#[unsafe(no_mangle)]
pub extern "C" fn zwasm_error_kind(error: Option<&zwasm_error_t>) -> zwasm_error_kind_t {
    guard(ZWASM_ERROR_USAGE, || error.map_or(ZWASM_ERROR_USAGE, |e| e.kind))
}

/// The message of an error, NUL-terminated; valid as long as the error.
#[unsafe(no_mangle)]
pub extern "C" fn zwasm_error_message(error: Option<&zwasm_error_t>) -> *const c_char {
    guard(std::ptr::null(), || error.map_or(std::ptr::null(), |e| e.message.as_ptr()))
}

/// For a compile error: stores the byte offset in the module where the
/// problem was found and returns true; false when there is none.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zwasm_error_offset(error: Option<&zwasm_error_t>, offset: *mut usize) -> bool {
    let found = guard(None, || error.and_then(|e| e.offset));
    match found {
        Some(at) if !offset.is_null() => {
            // SAFETY: a non-NULL `offset` is an output parameter.
            unsafe { offset.write(at) };
            true
        }
        _ => false,
    }
}

/// For a trap error: a new trap (owned by the caller) with the message and
/// stack trace; NULL for other kinds.
#[unsafe(no_mangle)]
pub extern "C" fn zwasm_error_trap(error: Option<&zwasm_error_t>) -> Option<Box<crate::capi::wasm_trap_t>> {
    guard(None, || error.and_then(|e| e.trap.clone()).map(new_trap))
}

/// Deletes an error.
#[unsafe(no_mangle)]
pub extern "C" fn zwasm_error_delete(error: Option<Box<zwasm_error_t>>) {
    guard((), move || drop(error))
}
