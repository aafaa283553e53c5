//! The text form of the IR, for `zwasm inspect --ir` and for tests.
//!
//! One instruction per line: `index: [sD =] mnemonic operands`, where slots
//! print as `sN`, branch targets as `@index` and other immediates as
//! `name=value`.

use super::{FieldMut, Op};
use std::fmt::Write;

/// Formats one instruction found at `index` in its function.
pub fn dump_op(index: usize, op: &Op) -> String {
    let mut op = *op;
    let mut dst = None;
    let mut operands = Vec::new();
    op.for_each_field(&mut |name, field| match field {
        FieldMut::Slot(s) if name == "dst" => dst = Some(s.0),
        FieldMut::Slot(s) => operands.push(format!("s{}", s.0)),
        FieldMut::Offset(o) => operands.push(format!("@{}", index as i64 + o.0 as i64)),
        FieldMut::U32(v) => operands.push(format!("{name}={v}")),
        FieldMut::I32(v) => operands.push(format!("{name}={v}")),
        FieldMut::I16(v) => operands.push(format!("{name}={v}")),
        FieldMut::U64(v) => operands.push(format!("{name}={:#x}", *v)),
        FieldMut::Trap(code) => operands.push(format!("\"{code}\"")),
    });
    let mut line = String::new();
    if let Some(d) = dst {
        let _ = write!(line, "s{d} = ");
    }
    line.push_str(op.mnemonic());
    if !operands.is_empty() {
        line.push(' ');
        line.push_str(&operands.join(", "));
    }
    line
}

/// Formats a whole instruction sequence, one numbered line per instruction.
pub fn dump_function(code: &[Op]) -> String {
    let mut out = String::new();
    for (i, op) in code.iter().enumerate() {
        let _ = writeln!(out, "{i:5}: {}", dump_op(i, op));
    }
    out
}
