//! The error type of the public API.

use crate::trap::Trap;
use std::fmt;

/// A module that failed to decode or validate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompileError {
    pub message: String,
    /// Byte offset in the binary module where the problem was found.
    pub offset: Option<usize>,
}

impl CompileError {
    pub(crate) fn new(message: impl Into<String>, offset: Option<usize>) -> CompileError {
        CompileError { message: message.into(), offset }
    }
}

impl From<wasmparser::BinaryReaderError> for CompileError {
    fn from(e: wasmparser::BinaryReaderError) -> CompileError {
        CompileError::new(e.message(), Some(e.offset() as usize))
    }
}

impl fmt::Display for CompileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.offset {
            Some(off) => write!(f, "{} (at offset {off:#x})", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// Everything that can go wrong in the public API.
#[derive(Debug)]
pub enum Error {
    /// The module is malformed or invalid.
    Compile(CompileError),
    /// The text format could not be parsed.
    Text(String),
    /// An import could not be resolved or has the wrong type.
    Link(String),
    /// Execution trapped (including traps during instantiation).
    Trap(Trap),
    /// The API was used wrongly: wrong argument count or types, objects from
    /// different stores, limits exceeded, and so on.
    Usage(String),
    /// The engine does not support what was asked.
    Unsupported(String),
}

impl Error {
    pub(crate) fn usage(message: impl Into<String>) -> Error {
        Error::Usage(message.into())
    }

    pub(crate) fn link(message: impl Into<String>) -> Error {
        Error::Link(message.into())
    }

    /// The trap, if this error is one.
    pub fn as_trap(&self) -> Option<&Trap> {
        match self {
            Error::Trap(t) => Some(t),
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Compile(e) => write!(f, "invalid module: {e}"),
            Error::Text(e) => write!(f, "text format error: {e}"),
            Error::Link(e) => write!(f, "link error: {e}"),
            Error::Trap(t) => write!(f, "{t}"),
            Error::Usage(e) => f.write_str(e),
            Error::Unsupported(e) => write!(f, "unsupported: {e}"),
        }
    }
}

impl std::error::Error for Error {}

impl From<CompileError> for Error {
    fn from(e: CompileError) -> Error {
        Error::Compile(e)
    }
}

impl From<Trap> for Error {
    fn from(t: Trap) -> Error {
        Error::Trap(t)
    }
}

impl From<crate::semantics::TrapCode> for Error {
    fn from(c: crate::semantics::TrapCode) -> Error {
        Error::Trap(Trap::new(c))
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
