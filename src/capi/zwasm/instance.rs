//! Modules and instances with error objects, and the text format.

use super::error::{ZWASM_ERROR_USAGE, zwasm_error_t};
use crate::Error;
use crate::capi::instance::instantiate;
use crate::capi::module::{compile, module_data, new_module};
use crate::capi::vec::{wasm_byte_vec_t, wasm_extern_vec_t, write_out};
use crate::capi::{guard, guard_with, wasm_instance_t, wasm_module_t, wasm_store_t};
use std::ffi::c_char;

/// Runs an `_ex` entry point: its result goes to `out` (when not NULL) and
/// its failure comes back as an error object.
pub(super) fn run_ex<T>(
    out: *mut *mut T,
    body: impl FnOnce() -> Result<Box<T>, Box<zwasm_error_t>>,
) -> Option<Box<zwasm_error_t>> {
    if out.is_null() {
        return Some(zwasm_error_t::new(ZWASM_ERROR_USAGE, "`out` must not be NULL"));
    }
    let result = guard_with(|m| Err(zwasm_error_t::new(ZWASM_ERROR_USAGE, m)), body);
    let (value, error) = match result {
        Ok(value) => (Box::into_raw(value), None),
        Err(error) => (std::ptr::null_mut(), Some(error)),
    };
    // SAFETY: `out` is a non-NULL output parameter; the value (if any) is
    // given over to the caller.
    unsafe { out.write(value) };
    error
}

fn usage(message: &str) -> Box<zwasm_error_t> {
    zwasm_error_t::new(ZWASM_ERROR_USAGE, message)
}

/// Like `wasm_module_new`, but on failure returns an error object (kind
/// `ZWASM_ERROR_COMPILE` with the byte offset of the problem, or
/// `ZWASM_ERROR_USAGE`) and sets `*out` to NULL. On success returns NULL and
/// stores the module (owned by the caller) in `*out`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zwasm_module_new_ex(
    store: *mut wasm_store_t,
    binary: Option<&wasm_byte_vec_t>,
    out: *mut *mut wasm_module_t,
) -> Option<Box<zwasm_error_t>> {
    // SAFETY: `store` is NULL or a live handle (this function's contract).
    let store = unsafe { super::store::store_at(store) };
    run_ex(out, || {
        let store = store.ok_or_else(|| usage("`store` must not be NULL"))?;
        let binary = binary.ok_or_else(|| usage("`binary` must not be NULL"))?;
        let data = compile(store.cell.engine(), binary.as_slice().into())
            .map_err(|e| zwasm_error_t::from_engine(&e, None))?;
        Ok(new_module(data))
    })
}

/// Reads `len` bytes of text at `text` (NULL only when `len` is 0).
///
/// # Safety
/// `text` points to `len` readable bytes.
unsafe fn text_arg<'a>(text: *const c_char, len: usize) -> Result<&'a [u8], Box<zwasm_error_t>> {
    if text.is_null() {
        return if len == 0 { Ok(&[]) } else { Err(usage("`text` must not be NULL")) };
    }
    // SAFETY: guaranteed by this function's contract.
    Ok(unsafe { std::slice::from_raw_parts(text as *const u8, len) })
}

/// Compiles a module written in the WebAssembly text format (`len` bytes
/// at `text`, no terminator needed). Errors are `ZWASM_ERROR_TEXT` (with
/// line and column in the message) or `ZWASM_ERROR_COMPILE`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zwasm_module_new_wat(
    store: *mut wasm_store_t,
    text: *const c_char,
    len: usize,
    out: *mut *mut wasm_module_t,
) -> Option<Box<zwasm_error_t>> {
    // SAFETY: `store` is NULL or a live handle (this function's contract).
    let store = unsafe { super::store::store_at(store) };
    run_ex(out, || {
        let store = store.ok_or_else(|| usage("`store` must not be NULL"))?;
        // SAFETY: `text` holds `len` bytes (this function's contract).
        let text = unsafe { text_arg(text, len) }?;
        let binary = wat_to_binary(text)?;
        let data =
            compile(store.cell.engine(), binary.into()).map_err(|e| zwasm_error_t::from_engine(&e, None))?;
        Ok(new_module(data))
    })
}

fn wat_to_binary(text: &[u8]) -> Result<Vec<u8>, Box<zwasm_error_t>> {
    wat::parse_bytes(text)
        .map(|b| b.into_owned())
        .map_err(|e| zwasm_error_t::from_engine(&Error::Text(e.to_string()), None))
}

/// Translates text-format WebAssembly (`len` bytes at `text`) into a binary
/// module, stored in `out` (owned by the caller; left empty on failure).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zwasm_wat2wasm(
    text: *const c_char,
    len: usize,
    out: *mut wasm_byte_vec_t,
) -> Option<Box<zwasm_error_t>> {
    if out.is_null() {
        return Some(usage("`out` must not be NULL"));
    }
    let result = guard_with(
        |m| Err(usage(&m)),
        || {
            // SAFETY: `text` holds `len` bytes (this function's contract).
            let text = unsafe { text_arg(text, len) }?;
            wat_to_binary(text)
        },
    );
    let (bytes, error) = match result {
        Ok(bytes) => (bytes.into(), None),
        Err(e) => (crate::capi::vec::WasmVec::empty(), Some(e)),
    };
    // SAFETY: `out` is a non-NULL output parameter.
    unsafe { write_out(out, bytes) };
    error
}

/// Like `wasm_instance_new`, but on failure returns an error object:
/// `ZWASM_ERROR_LINK` naming the import that is missing or has the wrong
/// type, `ZWASM_ERROR_TRAP` when a segment or the start function traps
/// (`zwasm_error_trap` gives the trap), or `ZWASM_ERROR_USAGE`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zwasm_instance_new_ex(
    store: *mut wasm_store_t,
    module: Option<&wasm_module_t>,
    imports: Option<&wasm_extern_vec_t>,
    out: *mut *mut wasm_instance_t,
) -> Option<Box<zwasm_error_t>> {
    // SAFETY: `store` is NULL or a live handle (this function's contract).
    let store = unsafe { super::store::store_at(store) };
    run_ex(out, || {
        let store = store.ok_or_else(|| usage("`store` must not be NULL"))?;
        let module = module.ok_or_else(|| usage("`module` must not be NULL"))?;
        let imports = imports.map_or(&[][..], |v| v.as_slice());
        instantiate(&store.cell, module, imports)
            .map_err(|e| zwasm_error_t::from_engine(&e, Some(&store.cell)))
    })
}

/// The number of functions of a module, imported ones included (the range
/// of `wasm_frame_func_index`).
#[unsafe(no_mangle)]
pub extern "C" fn zwasm_module_func_count(module: Option<&wasm_module_t>) -> u32 {
    guard(0, || module.map_or(0, |m| module_data(m).module.num_funcs()))
}
