//! Traps and frames: `wasm_trap_t` (message, origin, trace) and
//! `wasm_frame_t`.

use super::object::{EntityKey, Handle, HandleType, Object, wasm_instance_t, wasm_trap_t};
use super::store::{StoreCell, wasm_store_t};
use super::vec::{WasmVec, wasm_frame_vec_t, wasm_message_t, write_out};
use super::{arg, fail, guard};
use crate::{Error, FrameInfo, Instance, Trap, TrapCode};
use std::sync::{Arc, OnceLock, Weak};

/// One frame of a trap's trace. It names its instance through the store
/// weakly, so a trap kept by the host (or passed into WebAssembly as an
/// externref) does not keep its store alive.
#[derive(Clone)]
pub(crate) struct FrameData {
    pub(crate) func_index: u32,
    pub(crate) func_offset: u32,
    pub(crate) module_offset: u32,
    pub(crate) func_name: Option<String>,
    pub(crate) module_name: Option<String>,
    instance: Instance,
    store: Weak<StoreCell>,
}

/// What a trap object holds.
#[derive(Clone)]
pub(crate) struct TrapData {
    pub(crate) message: String,
    /// The engine's code; `None` for traps made by the host or for API
    /// misuse reported as a trap.
    pub(crate) code: Option<TrapCode>,
    pub(crate) exit_status: Option<i32>,
    pub(crate) frames: Vec<FrameData>,
}

impl TrapData {
    pub(crate) fn from_trap(store: Option<&Arc<StoreCell>>, trap: &Trap) -> TrapData {
        let frames = match store {
            Some(store) => trap.trace().iter().map(|f| frame_data(store, f)).collect(),
            None => Vec::new(),
        };
        let code = match trap.code() {
            TrapCode::Host => None,
            code => Some(code),
        };
        TrapData { message: trap.message().to_string(), code, exit_status: trap.exit_status(), frames }
    }

    pub(crate) fn from_error(store: Option<&Arc<StoreCell>>, error: &Error) -> TrapData {
        match error {
            Error::Trap(trap) => TrapData::from_trap(store, trap),
            other => TrapData::message(other.to_string()),
        }
    }

    pub(crate) fn message(message: impl Into<String>) -> TrapData {
        TrapData { message: message.into(), code: None, exit_status: None, frames: Vec::new() }
    }

    /// The engine trap a host function returns for this C trap: the same
    /// message (and exit status, for an exit).
    pub(crate) fn to_engine(&self) -> Trap {
        match self.exit_status {
            Some(status) => Trap::exit(status),
            None => Trap::host(self.message.clone()),
        }
    }
}

fn frame_data(store: &Arc<StoreCell>, frame: &FrameInfo) -> FrameData {
    FrameData {
        func_index: frame.func_index,
        func_offset: frame.func_offset,
        module_offset: frame.module_offset,
        func_name: frame.func_name.clone(),
        module_name: frame.module_name.clone(),
        instance: frame.instance(),
        store: Arc::downgrade(store),
    }
}

/// A new trap object (owned by the caller).
pub(crate) fn new_trap(data: TrapData) -> Box<wasm_trap_t> {
    wasm_trap_t::boxed(Handle::unique(Object::Trap(data), None))
}

pub(crate) fn trap_data(trap: &wasm_trap_t) -> &TrapData {
    match trap.handle().object() {
        Object::Trap(data) => data,
        _ => unreachable!("a wasm_trap_t always refers to a trap"),
    }
}

/// `wasm_frame_t`: a copy of one frame, with the instance handle that
/// `wasm_frame_instance` lends out (made on first request).
pub struct wasm_frame_t {
    pub(crate) data: FrameData,
    instance: OnceLock<Option<Box<wasm_instance_t>>>,
}

impl wasm_frame_t {
    fn new(data: FrameData) -> wasm_frame_t {
        wasm_frame_t { data, instance: OnceLock::new() }
    }
}

impl Clone for wasm_frame_t {
    fn clone(&self) -> wasm_frame_t {
        wasm_frame_t::new(self.data.clone())
    }
}

#[unsafe(no_mangle)]
pub extern "C" fn wasm_trap_new(
    store: Option<&wasm_store_t>,
    message: Option<&wasm_message_t>,
) -> Option<Box<wasm_trap_t>> {
    guard(None, || {
        arg!(store, None);
        let message = arg!(message, None);
        let mut bytes = message.as_slice();
        if let [rest @ .., 0] = bytes {
            bytes = rest;
        }
        Some(new_trap(TrapData::message(String::from_utf8_lossy(bytes))))
    })
}

#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_trap_message(trap: Option<&wasm_trap_t>, out: *mut wasm_message_t) {
    let message = guard(WasmVec::empty(), || {
        let trap = arg!(trap, WasmVec::empty());
        let mut bytes = trap_data(trap).message.clone().into_bytes();
        bytes.push(0);
        bytes.into()
    });
    // SAFETY: `out` is an output parameter.
    unsafe { write_out(out, message) }
}

#[unsafe(no_mangle)]
pub extern "C" fn wasm_trap_origin(trap: Option<&wasm_trap_t>) -> Option<Box<wasm_frame_t>> {
    guard(None, || {
        let trap = arg!(trap, None);
        trap_data(trap).frames.first().map(|f| Box::new(wasm_frame_t::new(f.clone())))
    })
}

#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_trap_trace(trap: Option<&wasm_trap_t>, out: *mut wasm_frame_vec_t) {
    let frames = guard(WasmVec::empty(), || {
        let trap = arg!(trap, WasmVec::empty());
        let frames: Vec<_> =
            trap_data(trap).frames.iter().map(|f| Some(Box::new(wasm_frame_t::new(f.clone())))).collect();
        frames.into()
    });
    // SAFETY: `out` is an output parameter.
    unsafe { write_out(out, frames) }
}

#[unsafe(no_mangle)]
pub extern "C" fn wasm_frame_copy(frame: Option<&wasm_frame_t>) -> Option<Box<wasm_frame_t>> {
    guard(None, || Some(Box::new(arg!(frame, None).clone())))
}

#[unsafe(no_mangle)]
pub extern "C" fn wasm_frame_delete(frame: Option<Box<wasm_frame_t>>) {
    guard((), move || drop(frame))
}

#[unsafe(no_mangle)]
pub extern "C" fn wasm_frame_instance(frame: Option<&wasm_frame_t>) -> *mut wasm_instance_t {
    guard(std::ptr::null_mut(), || {
        let frame = arg!(frame, std::ptr::null_mut());
        let handle = frame.instance.get_or_init(|| {
            let store = frame.data.store.upgrade()?;
            Some(wasm_instance_t::boxed(Handle::entity(&store, EntityKey::Instance(frame.data.instance))))
        });
        match handle {
            Some(h) => &**h as *const wasm_instance_t as *mut wasm_instance_t,
            None => fail(std::ptr::null_mut(), "wasm_frame_instance: the frame's store no longer exists"),
        }
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn wasm_frame_func_index(frame: Option<&wasm_frame_t>) -> u32 {
    guard(0, || arg!(frame, 0).data.func_index)
}

#[unsafe(no_mangle)]
pub extern "C" fn wasm_frame_func_offset(frame: Option<&wasm_frame_t>) -> usize {
    guard(0, || arg!(frame, 0).data.func_offset as usize)
}

#[unsafe(no_mangle)]
pub extern "C" fn wasm_frame_module_offset(frame: Option<&wasm_frame_t>) -> usize {
    guard(0, || arg!(frame, 0).data.module_offset as usize)
}

/// A new name vector holding `name` (empty for none).
pub(crate) fn name_vec(name: Option<&str>) -> WasmVec<u8> {
    name.unwrap_or("").as_bytes().to_vec().into()
}
