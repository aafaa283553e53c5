//! Constant expressions: the initialisers of globals, tables and segments.

use crate::error::CompileError;

/// One instruction of a constant expression.
#[derive(Copy, Clone, Debug, PartialEq)]
pub(crate) enum ConstOp {
    /// Pushes raw slot bits (numbers; `ref.null` is 0).
    Bits(u64),
    RefFunc(u32),
    GlobalGet(u32),
    I32Add,
    I32Sub,
    I32Mul,
    I64Add,
    I64Sub,
    I64Mul,
}

/// A decoded constant expression, evaluated at instantiation time.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ConstExpr {
    ops: Box<[ConstOp]>,
}

impl ConstExpr {
    pub(crate) fn parse(expr: &wasmparser::ConstExpr<'_>) -> Result<ConstExpr, CompileError> {
        use wasmparser::Operator as O;
        let mut ops = Vec::new();
        let mut reader = expr.get_operators_reader();
        loop {
            let offset = reader.original_position();
            let op = reader.read()?;
            ops.push(match op {
                O::End => break,
                O::I32Const { value } => ConstOp::Bits(value as u32 as u64),
                O::I64Const { value } => ConstOp::Bits(value as u64),
                O::F32Const { value } => ConstOp::Bits(value.bits() as u64),
                O::F64Const { value } => ConstOp::Bits(value.bits()),
                O::RefNull { .. } => ConstOp::Bits(0),
                O::RefFunc { function_index } => ConstOp::RefFunc(function_index),
                O::GlobalGet { global_index } => ConstOp::GlobalGet(global_index),
                O::I32Add => ConstOp::I32Add,
                O::I32Sub => ConstOp::I32Sub,
                O::I32Mul => ConstOp::I32Mul,
                O::I64Add => ConstOp::I64Add,
                O::I64Sub => ConstOp::I64Sub,
                O::I64Mul => ConstOp::I64Mul,
                other => {
                    return Err(CompileError::new(
                        format!("unsupported constant expression operator {other:?}"),
                        Some(offset as usize),
                    ));
                }
            });
        }
        Ok(ConstExpr { ops: ops.into() })
    }

    pub(crate) fn ref_func(func: u32) -> ConstExpr {
        ConstExpr { ops: Box::new([ConstOp::RefFunc(func)]) }
    }

    /// Evaluates to raw slot bits. `global` reads a global's bits, `func_ref`
    /// turns a function index into a reference. The validator guarantees the
    /// expression is well typed, so the stack never underflows.
    pub(crate) fn eval(&self, global: impl Fn(u32) -> u64, func_ref: impl Fn(u32) -> u64) -> u64 {
        let mut stack: Vec<u64> = Vec::with_capacity(4);
        for op in self.ops.iter() {
            let value = match *op {
                ConstOp::Bits(b) => b,
                ConstOp::RefFunc(f) => func_ref(f),
                ConstOp::GlobalGet(g) => global(g),
                binary => {
                    let b = stack.pop().unwrap_or(0);
                    let a = stack.pop().unwrap_or(0);
                    match binary {
                        ConstOp::I32Add => (a as u32).wrapping_add(b as u32) as u64,
                        ConstOp::I32Sub => (a as u32).wrapping_sub(b as u32) as u64,
                        ConstOp::I32Mul => (a as u32).wrapping_mul(b as u32) as u64,
                        ConstOp::I64Add => a.wrapping_add(b),
                        ConstOp::I64Sub => a.wrapping_sub(b),
                        _ => a.wrapping_mul(b),
                    }
                }
            };
            stack.push(value);
        }
        stack.pop().unwrap_or(0)
    }
}
