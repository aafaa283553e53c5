//! What `wasm.h` does not say about traps and frames: the trap's code and
//! the names in a frame.

use crate::TrapCode;
use crate::capi::trap::{TrapData, name_vec, new_trap, trap_data};
use crate::capi::vec::{WasmVec, wasm_name_t, write_out};
use crate::capi::{guard, wasm_frame_t, wasm_trap_t};

/// Why the engine stopped a computation.
pub type zwasm_trap_code_t = u32;
/// `unreachable` was executed.
pub const ZWASM_TRAP_UNREACHABLE: zwasm_trap_code_t = 0;
/// A memory access left linear memory.
pub const ZWASM_TRAP_MEMORY_OUT_OF_BOUNDS: zwasm_trap_code_t = 1;
/// A table access left the table.
pub const ZWASM_TRAP_TABLE_OUT_OF_BOUNDS: zwasm_trap_code_t = 2;
/// `call_indirect` past the end of the table.
pub const ZWASM_TRAP_UNDEFINED_ELEMENT: zwasm_trap_code_t = 3;
/// `call_indirect` through a null entry.
pub const ZWASM_TRAP_UNINITIALIZED_ELEMENT: zwasm_trap_code_t = 4;
/// `call_indirect` through an entry of another signature.
pub const ZWASM_TRAP_INDIRECT_CALL_TYPE_MISMATCH: zwasm_trap_code_t = 5;
/// Integer division or remainder by zero.
pub const ZWASM_TRAP_INTEGER_DIVIDE_BY_ZERO: zwasm_trap_code_t = 6;
/// Signed division overflow, or a float-to-int conversion out of range.
pub const ZWASM_TRAP_INTEGER_OVERFLOW: zwasm_trap_code_t = 7;
/// Float-to-int conversion of a NaN.
pub const ZWASM_TRAP_INVALID_CONVERSION_TO_INTEGER: zwasm_trap_code_t = 8;
/// The call stack (or value stack) is exhausted.
pub const ZWASM_TRAP_STACK_OVERFLOW: zwasm_trap_code_t = 9;
/// The store's fuel ran out (see `zwasm_store_set_fuel`).
pub const ZWASM_TRAP_OUT_OF_FUEL: zwasm_trap_code_t = 10;
/// The store's interrupt handle was triggered.
pub const ZWASM_TRAP_INTERRUPTED: zwasm_trap_code_t = 11;
/// A null reference was used.
pub const ZWASM_TRAP_NULL_REFERENCE: zwasm_trap_code_t = 12;
/// The program ended with an exit status (a WASI guest's `proc_exit`;
/// `zwasm_trap_exit_status` reads it).
pub const ZWASM_TRAP_EXIT: zwasm_trap_code_t = 13;
/// A function compiled on its first call turned out to be invalid (see
/// `ZWASM_COMPILATION_LAZY`).
pub const ZWASM_TRAP_INVALID_FUNCTION: zwasm_trap_code_t = 14;

fn code_of(code: TrapCode) -> Option<zwasm_trap_code_t> {
    Some(match code {
        TrapCode::Unreachable => ZWASM_TRAP_UNREACHABLE,
        TrapCode::MemoryOutOfBounds => ZWASM_TRAP_MEMORY_OUT_OF_BOUNDS,
        TrapCode::TableOutOfBounds => ZWASM_TRAP_TABLE_OUT_OF_BOUNDS,
        TrapCode::UndefinedElement => ZWASM_TRAP_UNDEFINED_ELEMENT,
        TrapCode::UninitializedElement => ZWASM_TRAP_UNINITIALIZED_ELEMENT,
        TrapCode::IndirectCallTypeMismatch => ZWASM_TRAP_INDIRECT_CALL_TYPE_MISMATCH,
        TrapCode::IntegerDivideByZero => ZWASM_TRAP_INTEGER_DIVIDE_BY_ZERO,
        TrapCode::IntegerOverflow => ZWASM_TRAP_INTEGER_OVERFLOW,
        TrapCode::InvalidConversionToInteger => ZWASM_TRAP_INVALID_CONVERSION_TO_INTEGER,
        TrapCode::StackOverflow => ZWASM_TRAP_STACK_OVERFLOW,
        TrapCode::OutOfFuel => ZWASM_TRAP_OUT_OF_FUEL,
        TrapCode::Interrupted => ZWASM_TRAP_INTERRUPTED,
        TrapCode::NullReference => ZWASM_TRAP_NULL_REFERENCE,
        TrapCode::Exit => ZWASM_TRAP_EXIT,
        TrapCode::InvalidFunction => ZWASM_TRAP_INVALID_FUNCTION,
        _ => return None,
    })
}

/// Stores the engine's code for a trap in `*code` and returns true; returns
/// false for traps made by the host (`wasm_trap_new`) or reporting misuse
/// (such as wrong arguments to `wasm_func_call`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zwasm_trap_code(trap: Option<&wasm_trap_t>, code: *mut zwasm_trap_code_t) -> bool {
    let found = guard(None, || trap.and_then(|t| trap_data(t).code).and_then(code_of));
    match found {
        Some(c) if !code.is_null() => {
            // SAFETY: a non-NULL `code` is an output parameter.
            unsafe { code.write(c) };
            true
        }
        _ => false,
    }
}

/// The name of the frame's function from the module's name section (empty
/// when it has none), not NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zwasm_frame_func_name(frame: Option<&wasm_frame_t>, out: *mut wasm_name_t) {
    let name = guard(WasmVec::empty(), || {
        frame.map_or_else(WasmVec::empty, |f| name_vec(f.data.func_name.as_deref()))
    });
    // SAFETY: `out` is an output parameter.
    unsafe { write_out(out, name) }
}

/// The name of the frame's module from its name section (empty when it
/// has none), not NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zwasm_frame_module_name(frame: Option<&wasm_frame_t>, out: *mut wasm_name_t) {
    let name = guard(WasmVec::empty(), || {
        frame.map_or_else(WasmVec::empty, |f| name_vec(f.data.module_name.as_deref()))
    });
    // SAFETY: `out` is an output parameter.
    unsafe { write_out(out, name) }
}

/// A trap with the message `message` (`len` bytes, no terminator needed),
/// for a host function to return, without needing a store as
/// `wasm_trap_new` does. Owned by the caller.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zwasm_trap_new(
    message: *const std::ffi::c_char,
    len: usize,
) -> Option<Box<wasm_trap_t>> {
    guard(None, || {
        let bytes = if len == 0 {
            &[][..]
        } else if message.is_null() {
            return crate::capi::fail(None, "zwasm_trap_new: `message` is NULL");
        } else {
            // SAFETY: `message` holds `len` bytes (this function's contract).
            unsafe { std::slice::from_raw_parts(message as *const u8, len) }
        };
        Some(new_trap(TrapData::message(String::from_utf8_lossy(bytes))))
    })
}

/// For a trap that ended the program with an exit status (a WASI guest's
/// `proc_exit`, code `ZWASM_TRAP_EXIT`): stores the status in `*status`
/// and returns true. Returns false for every other trap.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zwasm_trap_exit_status(trap: Option<&wasm_trap_t>, status: *mut i32) -> bool {
    let found = guard(None, || trap.and_then(|t| trap_data(t).exit_status));
    match found {
        Some(s) if !status.is_null() => {
            // SAFETY: a non-NULL `status` is an output parameter.
            unsafe { status.write(s) };
            true
        }
        _ => false,
    }
}
