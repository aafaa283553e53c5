//! Traps: the typed errors that stop a WebAssembly computation.

use crate::semantics::TrapCode;
use std::fmt;

/// One frame of a trap's stack trace, innermost first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FrameInfo {
    /// The function's index in its module's function index space.
    pub func_index: u32,
    /// The function's name from the module's name section, if any.
    pub func_name: Option<String>,
    /// The module's name from its name section, if any.
    pub module_name: Option<String>,
    /// Byte offset of the instruction from the start of the function body.
    pub func_offset: u32,
    /// Byte offset of the instruction from the start of the module.
    pub module_offset: u32,
    /// Which instance of the store the function belongs to.
    pub(crate) instance: u32,
    /// The store the trap happened in.
    pub(crate) store: u64,
}

impl FrameInfo {
    /// The instance the frame's function belongs to (an instance of the
    /// store where the trap happened).
    ///
    /// ```
    /// use zwasm::{Engine, Instance, Module, Store};
    /// let engine = Engine::default();
    /// let module = Module::new(&engine, r#"(module (func (export "f") unreachable))"#)?;
    /// let mut store = Store::new(&engine, ());
    /// let instance = Instance::new(&mut store, &module, &[])?;
    /// let f = instance.get_func(&store, "f").unwrap();
    /// let error = f.call(&mut store, &[], &mut []).unwrap_err();
    /// assert_eq!(error.as_trap().unwrap().trace()[0].instance(), instance);
    /// # Ok::<(), zwasm::Error>(())
    /// ```
    pub fn instance(&self) -> crate::Instance {
        crate::Instance { store: self.store, index: self.instance }
    }
}

/// A WebAssembly trap, or an error raised by a host function.
///
/// The message uses the wording of the WebAssembly specification
/// (e.g. "integer divide by zero"); the trace lists the WebAssembly frames
/// that were active, innermost first.
pub struct Trap {
    inner: Box<TrapInner>,
}

struct TrapInner {
    code: TrapCode,
    message: Option<String>,
    trace: Vec<FrameInfo>,
    exit_status: Option<i32>,
}

impl Trap {
    /// A trap with the given code and the code's standard message.
    pub fn new(code: TrapCode) -> Trap {
        Trap { inner: Box::new(TrapInner { code, message: None, trace: Vec::new(), exit_status: None }) }
    }

    /// Unwinds all WebAssembly frames to end the program with `status`
    /// (how a host implements an exit such as WASI's `proc_exit`).
    pub fn exit(status: i32) -> Trap {
        Trap {
            inner: Box::new(TrapInner {
                code: TrapCode::Exit,
                message: Some(format!("exit with status {status}")),
                trace: Vec::new(),
                exit_status: Some(status),
            }),
        }
    }

    /// A trap with the given code and its own message.
    pub(crate) fn with_message(code: TrapCode, message: impl Into<String>) -> Trap {
        let mut trap = Trap::new(code);
        trap.inner.message = Some(message.into());
        trap
    }

    /// The exit status, if this trap is a program exit.
    pub fn exit_status(&self) -> Option<i32> {
        self.inner.exit_status
    }

    /// A trap raised by a host function, with its own message.
    pub fn host(message: impl Into<String>) -> Trap {
        Trap {
            inner: Box::new(TrapInner {
                code: TrapCode::Host,
                message: Some(message.into()),
                trace: Vec::new(),
                exit_status: None,
            }),
        }
    }

    pub fn code(&self) -> TrapCode {
        self.inner.code
    }

    /// The message: the host's own for host traps, the standard one otherwise.
    pub fn message(&self) -> &str {
        self.inner.message.as_deref().unwrap_or(self.inner.code.message())
    }

    /// The WebAssembly frames active when the trap happened, innermost first.
    pub fn trace(&self) -> &[FrameInfo] {
        &self.inner.trace
    }

    pub(crate) fn set_trace(&mut self, trace: Vec<FrameInfo>) {
        self.inner.trace = trace;
    }
}

impl From<TrapCode> for Trap {
    fn from(code: TrapCode) -> Trap {
        Trap::new(code)
    }
}

impl fmt::Debug for Trap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Trap")
            .field("code", &self.inner.code)
            .field("message", &self.message())
            .field("trace", &self.inner.trace)
            .finish()
    }
}

impl fmt::Display for Trap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

impl std::error::Error for Trap {}
