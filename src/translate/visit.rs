//! The translation rule of every operator.

use super::Translator;
use super::control::{Frame, FrameKind};
use super::ops::{self, Binary, Unary};
use super::stack::Operand;
use crate::error::CompileError;
use crate::ir::{BrOffset, Op, Slot};
use crate::module::ModuleInner;
use crate::semantics::TrapCode;
use std::collections::HashMap;
use wasmparser::{BlockType, MemArg, Operator as O};

impl Translator {
    pub(super) fn visit(&mut self, m: &ModuleInner, op: &O<'_>) -> Result<(), CompileError> {
        if !self.reachable {
            self.visit_dead(op);
            return Ok(());
        }
        match *op {
            O::Unreachable => {
                self.emit(Op::Trap { code: TrapCode::Unreachable });
                self.set_unreachable();
            }
            O::Nop => {}
            O::Block { blockty } => self.visit_block(m, blockty, FrameKind::Block),
            O::Loop { blockty } => self.visit_block(m, blockty, FrameKind::Loop),
            O::If { blockty } => self.visit_if(m, blockty),
            O::Else => self.visit_else(),
            O::End => self.visit_end(),
            O::Br { relative_depth } => {
                self.emit_branch_to(relative_depth);
                self.set_unreachable();
            }
            O::BrIf { relative_depth } => self.visit_br_if(relative_depth),
            O::BrTable { ref targets } => {
                let mut depths = Vec::with_capacity(targets.len() as usize + 1);
                for t in targets.targets() {
                    depths.push(t?);
                }
                depths.push(targets.default());
                self.visit_br_table(&depths);
            }
            O::Return => {
                self.emit_return();
                self.set_unreachable();
            }
            O::Call { function_index } => self.visit_call(m, function_index),
            O::CallIndirect { type_index, table_index } => {
                self.visit_call_indirect(m, type_index, table_index)
            }
            O::Drop => {
                self.stack.pop();
            }
            O::Select | O::TypedSelect { .. } => self.visit_select(),
            O::LocalGet { local_index } => self.stack.push(Operand::Local(local_index)),
            O::LocalSet { local_index } => self.visit_local_set(local_index, false),
            O::LocalTee { local_index } => self.visit_local_set(local_index, true),
            O::GlobalGet { global_index } => {
                self.emit_result(|dst| Op::GlobalGet { dst, global: global_index })
            }
            O::GlobalSet { global_index } => {
                let src = self.pop_slot();
                self.emit(Op::GlobalSet { global: global_index, src });
            }

            O::I32Load { memarg } | O::F32Load { memarg } | O::I64Load32U { memarg } => {
                self.load(memarg, ops::LOAD32)
            }
            O::I64Load { memarg } => self.load(memarg, ops::LOAD64),
            O::F64Load { memarg } => self.load(memarg, ops::LOADF64),
            O::I32Load8S { memarg } | O::I64Load8S { memarg } => self.load(memarg, ops::LOAD8S),
            O::I32Load8U { memarg } | O::I64Load8U { memarg } => self.load(memarg, ops::LOAD8U),
            O::I32Load16S { memarg } | O::I64Load16S { memarg } => self.load(memarg, ops::LOAD16S),
            O::I32Load16U { memarg } | O::I64Load16U { memarg } => self.load(memarg, ops::LOAD16U),
            O::I64Load32S { memarg } => self.load(memarg, ops::LOAD32S),
            O::I32Store8 { memarg } | O::I64Store8 { memarg } => self.store(memarg, ops::STORE8),
            O::I32Store16 { memarg } | O::I64Store16 { memarg } => self.store(memarg, ops::STORE16),
            O::I32Store { memarg } | O::F32Store { memarg } | O::I64Store32 { memarg } => {
                self.store(memarg, ops::STORE32)
            }
            O::I64Store { memarg } => self.store(memarg, ops::STORE64),
            O::F64Store { memarg } => self.store(memarg, ops::STOREF64),
            O::MemorySize { .. } => self.emit_result(|dst| Op::MemorySize { dst }),
            O::MemoryGrow { .. } => {
                let delta = self.pop_slot();
                self.emit_result(|dst| Op::MemoryGrow { dst, delta });
            }
            O::MemoryFill { .. } => self.bulk(3, |args| Op::MemoryFill { args }),
            O::MemoryCopy { .. } => self.bulk(3, |args| Op::MemoryCopy { args }),
            O::MemoryInit { data_index, .. } => {
                self.bulk(3, |args| Op::MemoryInit { data: data_index, args })
            }
            O::DataDrop { data_index } => {
                self.emit(Op::DataDrop { data: data_index });
            }

            O::TableGet { table } => {
                let index = self.pop_slot();
                self.emit_result(|dst| Op::TableGet { dst, table, index });
            }
            O::TableSet { table } => {
                let value = self.pop_slot();
                let index = self.pop_slot();
                self.emit(Op::TableSet { table, index, value });
            }
            O::TableSize { table } => self.emit_result(|dst| Op::TableSize { dst, table }),
            O::TableGrow { table } => {
                self.bulk(2, |args| Op::TableGrow { table, args });
                self.stack.push_temp();
            }
            O::TableFill { table } => self.bulk(3, |args| Op::TableFill { table, args }),
            O::TableCopy { dst_table, src_table } => {
                self.bulk(3, |args| Op::TableCopy { dst_table, src_table, args })
            }
            O::TableInit { elem_index, table } => {
                self.bulk(3, |args| Op::TableInit { table, elem: elem_index, args })
            }
            O::ElemDrop { elem_index } => {
                self.emit(Op::ElemDrop { elem: elem_index });
            }
            O::RefNull { .. } => self.stack.push(Operand::Const(0)),
            O::RefIsNull => self.unary(&ops::I64_EQZ),
            O::RefFunc { function_index } => {
                self.emit_result(|dst| Op::RefFunc { dst, func: function_index })
            }

            O::I32Const { value } => self.stack.push(Operand::Const(value as u32 as u64)),
            O::I64Const { value } => self.stack.push(Operand::Const(value as u64)),
            O::F32Const { value } => self.stack.push(Operand::Const(value.bits() as u64)),
            O::F64Const { value } => self.stack.push(Operand::Const(value.bits())),

            O::I32Eqz => self.unary(&ops::I32_EQZ),
            O::I32Eq => self.binary(&ops::I32_EQ),
            O::I32Ne => self.binary(&ops::I32_NE),
            O::I32LtS => self.binary(&ops::I32_LT_S),
            O::I32LtU => self.binary(&ops::I32_LT_U),
            O::I32GtS => self.binary(&ops::I32_GT_S),
            O::I32GtU => self.binary(&ops::I32_GT_U),
            O::I32LeS => self.binary(&ops::I32_LE_S),
            O::I32LeU => self.binary(&ops::I32_LE_U),
            O::I32GeS => self.binary(&ops::I32_GE_S),
            O::I32GeU => self.binary(&ops::I32_GE_U),
            O::I64Eqz => self.unary(&ops::I64_EQZ),
            O::I64Eq => self.binary(&ops::I64_EQ),
            O::I64Ne => self.binary(&ops::I64_NE),
            O::I64LtS => self.binary(&ops::I64_LT_S),
            O::I64LtU => self.binary(&ops::I64_LT_U),
            O::I64GtS => self.binary(&ops::I64_GT_S),
            O::I64GtU => self.binary(&ops::I64_GT_U),
            O::I64LeS => self.binary(&ops::I64_LE_S),
            O::I64LeU => self.binary(&ops::I64_LE_U),
            O::I64GeS => self.binary(&ops::I64_GE_S),
            O::I64GeU => self.binary(&ops::I64_GE_U),
            O::F32Eq => self.binary(&ops::F32_EQ),
            O::F32Ne => self.binary(&ops::F32_NE),
            O::F32Lt => self.binary(&ops::F32_LT),
            O::F32Gt => self.binary(&ops::F32_GT),
            O::F32Le => self.binary(&ops::F32_LE),
            O::F32Ge => self.binary(&ops::F32_GE),
            O::F64Eq => self.binary(&ops::F64_EQ),
            O::F64Ne => self.binary(&ops::F64_NE),
            O::F64Lt => self.binary(&ops::F64_LT),
            O::F64Gt => self.binary(&ops::F64_GT),
            O::F64Le => self.binary(&ops::F64_LE),
            O::F64Ge => self.binary(&ops::F64_GE),

            O::I32Clz => self.unary(&ops::I32_CLZ),
            O::I32Ctz => self.unary(&ops::I32_CTZ),
            O::I32Popcnt => self.unary(&ops::I32_POPCNT),
            O::I32Add => self.binary(&ops::I32_ADD),
            O::I32Sub => self.sub(false),
            O::I32Mul => self.binary(&ops::I32_MUL),
            O::I32DivS => self.binary(&ops::I32_DIV_S),
            O::I32DivU => self.binary(&ops::I32_DIV_U),
            O::I32RemS => self.binary(&ops::I32_REM_S),
            O::I32RemU => self.binary(&ops::I32_REM_U),
            O::I32And => self.binary(&ops::I32_AND),
            O::I32Or => self.binary(&ops::I32_OR),
            O::I32Xor => self.binary(&ops::I32_XOR),
            O::I32Shl => self.binary(&ops::I32_SHL),
            O::I32ShrS => self.binary(&ops::I32_SHR_S),
            O::I32ShrU => self.binary(&ops::I32_SHR_U),
            O::I32Rotl => self.binary(&ops::I32_ROTL),
            O::I32Rotr => self.binary(&ops::I32_ROTR),
            O::I64Clz => self.unary(&ops::I64_CLZ),
            O::I64Ctz => self.unary(&ops::I64_CTZ),
            O::I64Popcnt => self.unary(&ops::I64_POPCNT),
            O::I64Add => self.binary(&ops::I64_ADD),
            O::I64Sub => self.sub(true),
            O::I64Mul => self.binary(&ops::I64_MUL),
            O::I64DivS => self.binary(&ops::I64_DIV_S),
            O::I64DivU => self.binary(&ops::I64_DIV_U),
            O::I64RemS => self.binary(&ops::I64_REM_S),
            O::I64RemU => self.binary(&ops::I64_REM_U),
            O::I64And => self.binary(&ops::I64_AND),
            O::I64Or => self.binary(&ops::I64_OR),
            O::I64Xor => self.binary(&ops::I64_XOR),
            O::I64Shl => self.binary(&ops::I64_SHL),
            O::I64ShrS => self.binary(&ops::I64_SHR_S),
            O::I64ShrU => self.binary(&ops::I64_SHR_U),
            O::I64Rotl => self.binary(&ops::I64_ROTL),
            O::I64Rotr => self.binary(&ops::I64_ROTR),

            O::F32Abs => self.unary(&ops::F32_ABS),
            O::F32Neg => self.unary(&ops::F32_NEG),
            O::F32Ceil => self.unary(&ops::F32_CEIL),
            O::F32Floor => self.unary(&ops::F32_FLOOR),
            O::F32Trunc => self.unary(&ops::F32_TRUNC),
            O::F32Nearest => self.unary(&ops::F32_NEAREST),
            O::F32Sqrt => self.unary(&ops::F32_SQRT),
            O::F32Add => self.binary(&ops::F32_ADD),
            O::F32Sub => self.binary(&ops::F32_SUB),
            O::F32Mul => self.binary(&ops::F32_MUL),
            O::F32Div => self.binary(&ops::F32_DIV),
            O::F32Min => self.binary(&ops::F32_MIN),
            O::F32Max => self.binary(&ops::F32_MAX),
            O::F32Copysign => self.binary(&ops::F32_COPYSIGN),
            O::F64Abs => self.unary(&ops::F64_ABS),
            O::F64Neg => self.unary(&ops::F64_NEG),
            O::F64Ceil => self.unary(&ops::F64_CEIL),
            O::F64Floor => self.unary(&ops::F64_FLOOR),
            O::F64Trunc => self.unary(&ops::F64_TRUNC),
            O::F64Nearest => self.unary(&ops::F64_NEAREST),
            O::F64Sqrt => self.unary(&ops::F64_SQRT),
            O::F64Add => self.binary(&ops::F64_ADD),
            O::F64Sub => self.binary(&ops::F64_SUB),
            O::F64Mul => self.binary(&ops::F64_MUL),
            O::F64Div => self.binary(&ops::F64_DIV),
            O::F64Min => self.binary(&ops::F64_MIN),
            O::F64Max => self.binary(&ops::F64_MAX),
            O::F64Copysign => self.binary(&ops::F64_COPYSIGN),

            // Slots hold raw bits and i32 readers ignore the high half, so
            // wrapping and reinterpreting change nothing.
            O::I32WrapI64
            | O::I32ReinterpretF32
            | O::I64ReinterpretF64
            | O::F32ReinterpretI32
            | O::F64ReinterpretI64 => {}
            O::I32TruncF32S => self.unary(&ops::I32_TRUNC_F32_S),
            O::I32TruncF32U => self.unary(&ops::I32_TRUNC_F32_U),
            O::I32TruncF64S => self.unary(&ops::I32_TRUNC_F64_S),
            O::I32TruncF64U => self.unary(&ops::I32_TRUNC_F64_U),
            O::I64ExtendI32S => self.unary(&ops::I64_EXTEND_I32_S),
            O::I64ExtendI32U => self.unary(&ops::I64_EXTEND_I32_U),
            O::I64TruncF32S => self.unary(&ops::I64_TRUNC_F32_S),
            O::I64TruncF32U => self.unary(&ops::I64_TRUNC_F32_U),
            O::I64TruncF64S => self.unary(&ops::I64_TRUNC_F64_S),
            O::I64TruncF64U => self.unary(&ops::I64_TRUNC_F64_U),
            O::F32ConvertI32S => self.unary(&ops::F32_CONVERT_I32_S),
            O::F32ConvertI32U => self.unary(&ops::F32_CONVERT_I32_U),
            O::F32ConvertI64S => self.unary(&ops::F32_CONVERT_I64_S),
            O::F32ConvertI64U => self.unary(&ops::F32_CONVERT_I64_U),
            O::F32DemoteF64 => self.unary(&ops::F32_DEMOTE_F64),
            O::F64ConvertI32S => self.unary(&ops::F64_CONVERT_I32_S),
            O::F64ConvertI32U => self.unary(&ops::F64_CONVERT_I32_U),
            O::F64ConvertI64S => self.unary(&ops::F64_CONVERT_I64_S),
            O::F64ConvertI64U => self.unary(&ops::F64_CONVERT_I64_U),
            O::F64PromoteF32 => self.unary(&ops::F64_PROMOTE_F32),
            O::I32Extend8S => self.unary(&ops::I32_EXTEND8_S),
            O::I32Extend16S => self.unary(&ops::I32_EXTEND16_S),
            O::I64Extend8S => self.unary(&ops::I64_EXTEND8_S),
            O::I64Extend16S => self.unary(&ops::I64_EXTEND16_S),
            O::I64Extend32S => self.unary(&ops::I64_EXTEND32_S),
            O::I32TruncSatF32S => self.unary(&ops::I32_TRUNC_SAT_F32_S),
            O::I32TruncSatF32U => self.unary(&ops::I32_TRUNC_SAT_F32_U),
            O::I32TruncSatF64S => self.unary(&ops::I32_TRUNC_SAT_F64_S),
            O::I32TruncSatF64U => self.unary(&ops::I32_TRUNC_SAT_F64_U),
            O::I64TruncSatF32S => self.unary(&ops::I64_TRUNC_SAT_F32_S),
            O::I64TruncSatF32U => self.unary(&ops::I64_TRUNC_SAT_F32_U),
            O::I64TruncSatF64S => self.unary(&ops::I64_TRUNC_SAT_F64_S),
            O::I64TruncSatF64U => self.unary(&ops::I64_TRUNC_SAT_F64_U),

            ref other => {
                return Err(CompileError::new(
                    format!("operator not supported by this engine: {other:?}"),
                    Some(self.offset as usize),
                ));
            }
        }
        Ok(())
    }

    /// Dead code is validated but not translated; only nesting is tracked.
    fn visit_dead(&mut self, op: &O<'_>) {
        match op {
            O::Block { .. } | O::Loop { .. } | O::If { .. } => self.dead_depth += 1,
            O::Else if self.dead_depth == 0 => self.visit_else(),
            O::End if self.dead_depth > 0 => self.dead_depth -= 1,
            O::End => self.visit_end(),
            _ => {}
        }
    }

    fn block_arity(m: &ModuleInner, ty: BlockType) -> (u32, u32) {
        match ty {
            BlockType::Empty => (0, 0),
            BlockType::Type(_) => (0, 1),
            BlockType::FuncType(t) => {
                let ft = &m.types[t as usize];
                (ft.params().len() as u32, ft.results().len() as u32)
            }
        }
    }

    fn visit_block(&mut self, m: &ModuleInner, ty: BlockType, kind: FrameKind) {
        let (num_params, num_results) = Self::block_arity(m, ty);
        self.materialize_locals();
        self.materialize_top(num_params);
        let label = self.labels.new_label();
        if kind == FrameKind::Loop {
            // Back-edges jump past the header and do its work themselves.
            let loop_id = self.num_loops;
            self.num_loops += 1;
            self.emit(Op::LoopHeader { loop_id });
            self.bind(label);
        }
        self.frames.push(Frame {
            kind,
            height: self.stack.height() - num_params,
            num_params,
            num_results,
            label,
            else_label: None,
            then_reachable: true,
        });
    }

    fn visit_if(&mut self, m: &ModuleInner, ty: BlockType) {
        let (num_params, num_results) = Self::block_arity(m, ty);
        let else_label = self.labels.new_label();
        // Take the condition first: a comparison right before `if` fuses
        // into the branch, which must then come after the materialization.
        let fused = self.take_fused_branch(false);
        let cond = match fused {
            Some(_) => None,
            None => Some(self.stack.pop_with_pos()),
        };
        self.materialize_locals();
        self.materialize_top(num_params);
        match (fused, cond) {
            (Some(op), _) => {
                let op = self.fuse_step(op, else_label);
                self.emit_branch(op, else_label);
            }
            (None, Some((Operand::Const(bits), _))) => {
                if bits as u32 == 0 {
                    self.emit_branch(Op::Br { offset: BrOffset(0) }, else_label);
                }
            }
            (None, Some((operand, pos))) => {
                let cond = self.operand_slot(operand, pos);
                self.emit_branch(Op::BrIfEqz { cond, offset: BrOffset(0) }, else_label);
            }
            (None, None) => {}
        }
        let label = self.labels.new_label();
        self.frames.push(Frame {
            kind: FrameKind::If,
            height: self.stack.height() - num_params,
            num_params,
            num_results,
            label,
            else_label: Some(else_label),
            then_reachable: true,
        });
    }

    fn visit_else(&mut self) {
        let Some(mut frame) = self.frames.pop() else { return };
        if self.reachable {
            self.copy_top_to(frame.num_results, frame.height);
            self.emit_branch(Op::Br { offset: BrOffset(0) }, frame.label);
        }
        frame.then_reachable = self.reachable;
        if let Some(else_label) = frame.else_label.take() {
            self.bind(else_label);
        }
        frame.kind = FrameKind::Else;
        // The else branch starts from the parameters the `if` materialized.
        self.stack.truncate(frame.height);
        for _ in 0..frame.num_params {
            self.stack.push_temp();
        }
        self.reachable = true;
        self.frames.push(frame);
    }

    fn visit_end(&mut self) {
        let Some(frame) = self.frames.pop() else { return };
        let fallthrough = self.reachable;
        let reachable_after = match frame.kind {
            FrameKind::Func => {
                if fallthrough {
                    self.emit_return();
                }
                self.set_unreachable();
                return;
            }
            FrameKind::Loop => {
                if fallthrough {
                    // Nothing branches to a loop's end: results stay put.
                    return;
                }
                false
            }
            FrameKind::Block | FrameKind::If | FrameKind::Else => {
                if fallthrough {
                    self.copy_top_to(frame.num_results, frame.height);
                }
                // Without `else`, the false path passes the parameters
                // through; they are already where the results go.
                let implicit_else = frame.kind == FrameKind::If;
                if let Some(else_label) = frame.else_label {
                    self.bind(else_label);
                }
                let used = self.labels.is_used(frame.label);
                self.bind(frame.label);
                fallthrough || used || implicit_else
            }
        };
        self.stack.truncate(frame.height);
        for _ in 0..frame.num_results {
            self.stack.push_temp();
        }
        self.reachable = reachable_after;
        self.fusable = None;
    }

    fn visit_br_if(&mut self, depth: u32) {
        let frame = self.frames[self.frames.len() - 1 - depth as usize];
        // The condition is on top; the branch's values are below it.
        let h = self.stack.height() - 1;
        let n = frame.branch_arity();
        let plain = frame.kind != FrameKind::Func
            && (0..n).all(|i| self.stack.get(h - n + i) == Operand::Temp && h - n + i == frame.height + i);
        if plain {
            self.emit_cond_branch(true, frame.label);
        } else {
            // Copies must only happen on the taken path.
            let skip = self.labels.new_label();
            self.emit_cond_branch(false, skip);
            self.emit_branch_to(depth);
            self.bind(skip);
        }
    }

    fn visit_br_table(&mut self, depths: &[u32]) {
        let (operand, pos) = self.stack.pop_with_pos();
        if let Operand::Const(bits) = operand {
            let i = (bits as u32 as usize).min(depths.len() - 1);
            self.emit_branch_to(depths[i]);
            self.set_unreachable();
            return;
        }
        let index = self.operand_slot(operand, pos);
        self.emit(Op::BrTable { index, len: depths.len() as u32 });
        let mut stubs = HashMap::new();
        let mut pending = Vec::new();
        for &depth in depths {
            if self.is_plain_jump(depth) {
                let label = self.label_of(depth);
                self.emit_branch(Op::Br { offset: BrOffset(0) }, label);
            } else {
                let stub = *stubs.entry(depth).or_insert_with(|| {
                    let l = self.labels.new_label();
                    pending.push((l, depth));
                    l
                });
                self.emit_branch(Op::Br { offset: BrOffset(0) }, stub);
            }
        }
        for (stub, depth) in pending {
            self.bind(stub);
            self.emit_branch_to(depth);
        }
        self.set_unreachable();
    }

    fn visit_call(&mut self, m: &ModuleInner, func: u32) {
        let ty = m.func_type(func);
        let (np, nr) = (ty.params().len() as u32, ty.results().len() as u32);
        let base = self.materialize_top(np);
        self.stack.truncate(self.stack.height() - np);
        if func < m.num_imported_funcs {
            self.emit(Op::CallImported { func, base });
        } else {
            self.emit(Op::CallInternal { func: func - m.num_imported_funcs, base });
        }
        self.push_results(nr);
    }

    fn visit_call_indirect(&mut self, m: &ModuleInner, type_index: u32, table: u32) {
        let index = self.pop_slot();
        let ty = &m.types[type_index as usize];
        let (np, nr) = (ty.params().len() as u32, ty.results().len() as u32);
        let base = self.materialize_top(np);
        self.stack.truncate(self.stack.height() - np);
        let sig = m.sig_ids[type_index as usize].0;
        if table == 0 {
            self.emit(Op::CallIndirect { sig, base, index });
        } else {
            self.emit(Op::CallIndirectT { sig, base, index });
            self.emit(Op::CallIndirectTable { table });
        }
        self.push_results(nr);
    }

    fn push_results(&mut self, n: u32) {
        for _ in 0..n {
            self.stack.push_temp();
        }
    }

    fn visit_select(&mut self) {
        let cond = self.pop_slot();
        let rhs = self.pop_slot();
        let lhs = self.pop_slot();
        self.emit_result(|dst| Op::Select { dst, cond, lhs });
        self.emit(Op::SelectRhs { rhs });
    }

    fn visit_local_set(&mut self, local: u32, tee: bool) {
        // `...; local.set x` right after the instruction that computed the
        // value: write the result straight into the local.
        if let Some(at) = self.producer_of(self.stack.height() - 1)
            && self.stack.local_refs(local) == 0
            && let Some(dst) = self.code[at].dst_mut()
        {
            *dst = Slot(local);
            self.stack.pop();
            self.fusable = None;
            if tee {
                self.stack.push(Operand::Local(local));
            }
            return;
        }
        let (value, pos) = self.stack.pop_with_pos();
        self.preserve_local(local);
        let dst = Slot(local);
        match value {
            Operand::Local(l) if l == local => {}
            Operand::Local(l) => {
                self.emit(Op::Copy { dst, src: Slot(l) });
            }
            Operand::Temp => {
                let src = self.stack.canonical(pos);
                self.emit(Op::Copy { dst, src });
            }
            Operand::Const(bits) => self.emit_const(dst, bits),
        }
        if tee {
            match value {
                Operand::Const(_) | Operand::Temp => self.stack.push(value),
                Operand::Local(_) => self.stack.push(Operand::Local(local)),
            }
        }
    }

    /// Before local `l` is overwritten, entries still reading it get their
    /// own copy.
    fn preserve_local(&mut self, l: u32) {
        if self.stack.local_refs(l) == 0 {
            return;
        }
        for pos in 0..self.stack.height() {
            if self.stack.get(pos) == Operand::Local(l) {
                self.materialize(pos);
            }
        }
    }

    /// If the operand at `pos` was just computed by an `i32.add` and the
    /// access has no static offset, removes the add: the access can compute
    /// the address itself.
    fn take_address_add(&mut self, pos: u32, memarg: &MemArg) -> Option<Address> {
        if memarg.offset != 0 {
            return None;
        }
        let at = self.producer_of(pos)?;
        let address = match self.code[at] {
            Op::I32AddImm { lhs, imm, .. } => Address::AddImm(lhs, imm as u32),
            Op::I32Add { lhs, rhs, .. } => Address::Idx(lhs, rhs),
            _ => return None,
        };
        self.unemit();
        Some(address)
    }

    fn load(&mut self, memarg: MemArg, kind: usize) {
        let top = self.stack.height() - 1;
        let forms = &ops::LOADS[kind];
        match self.take_address_add(top, &memarg) {
            Some(Address::AddImm(base, imm)) => {
                self.stack.pop();
                self.emit_result(|dst| (forms.add_imm)(dst, base, imm));
            }
            Some(Address::Idx(base, index)) => {
                self.stack.pop();
                self.emit_result(|dst| (forms.idx)(dst, base, index));
            }
            Some(Address::Offset(..)) | None => {
                let addr = self.pop_slot();
                let offset = memarg.offset as u32;
                self.emit_result(|dst| (forms.slot)(dst, addr, offset));
            }
        }
    }

    fn store(&mut self, memarg: MemArg, kind: usize) {
        let wide = kind == ops::STORE64 || kind == ops::STOREF64;
        let (value, pos) = self.stack.pop_with_pos();
        let fused = match value {
            Operand::Temp => None,
            _ => self.take_address_add(pos - 1, &memarg),
        };
        let address = match fused {
            Some(address) => {
                self.stack.pop();
                address
            }
            None => Address::Offset(self.pop_slot(), memarg.offset as u32),
        };
        let forms = &ops::STORES[kind];
        let imm = match value {
            Operand::Const(bits) => imm_of(bits, wide),
            _ => None,
        };
        let op = match (imm, address) {
            (Some(imm), Address::Offset(addr, offset)) => (forms.imm)(addr, offset, imm),
            (Some(imm), Address::AddImm(base, add)) => (forms.imm_add_imm)(base, add, imm),
            (Some(imm), Address::Idx(base, index)) => (forms.imm_idx)(base, index, imm),
            (None, address) => {
                let value = self.operand_slot(value, pos);
                match address {
                    Address::Offset(addr, offset) => (forms.slot)(addr, offset, value),
                    Address::AddImm(base, add) => (forms.add_imm)(base, add, value),
                    Address::Idx(base, index) => (forms.idx)(base, index, value),
                }
            }
        };
        self.emit(op);
    }

    /// Operators whose `n` operands are read from consecutive slots.
    fn bulk(&mut self, n: u32, make: impl FnOnce(Slot) -> Op) {
        let args = self.materialize_top(n);
        self.stack.truncate(self.stack.height() - n);
        self.emit(make(args));
    }

    fn unary(&mut self, op: &Unary) {
        let (value, pos) = self.stack.pop_with_pos();
        if let Operand::Const(bits) = value
            && let Some(folded) = (op.fold)(bits)
        {
            self.stack.push(Operand::Const(folded));
            return;
        }
        let src = self.operand_slot(value, pos);
        self.emit_result(|dst| (op.slots)(dst, src));
    }

    fn binary(&mut self, op: &Binary) {
        let (rhs, rpos) = self.stack.pop_with_pos();
        let (lhs, lpos) = self.stack.pop_with_pos();
        if let (Operand::Const(a), Operand::Const(b)) = (lhs, rhs)
            && let Some(folded) = (op.fold)(a, b)
        {
            self.stack.push(Operand::Const(folded));
            return;
        }
        let mask = if op.wide { u64::MAX } else { u32::MAX as u64 };
        if let (Operand::Const(b), Some(id)) = (rhs, op.identity)
            && b & mask == id & mask
        {
            // `x op identity` is `x`: the left entry stays where it was.
            self.stack.push(lhs);
            return;
        }
        if let Operand::Const(b) = rhs
            && let (Some(make), Some(imm)) = (op.imm, imm_of(b, op.wide))
        {
            let lhs = self.operand_slot(lhs, lpos);
            self.emit_result(|dst| make(dst, lhs, imm));
            return;
        }
        if let Operand::Const(a) = lhs
            && let Some(imm) = imm_of(a, op.wide)
        {
            if let Some(make) = op.imm_lhs {
                let rhs = self.operand_slot(rhs, rpos);
                self.emit_result(|dst| make(dst, imm, rhs));
                return;
            }
            if let (true, Some(make)) = (op.commutative, op.imm) {
                let rhs = self.operand_slot(rhs, rpos);
                self.emit_result(|dst| make(dst, rhs, imm));
                return;
            }
        }
        let lhs = self.operand_slot(lhs, lpos);
        let rhs = self.operand_slot(rhs, rpos);
        self.emit_result(|dst| (op.slots)(dst, lhs, rhs));
    }

    /// `x - c` becomes `x + (-c)`, which has an immediate form.
    fn sub(&mut self, wide: bool) {
        if let Some(Operand::Const(c)) = self.stack.peek() {
            let lhs_is_const = matches!(self.stack.get(self.stack.height() - 2), Operand::Const(_));
            if !lhs_is_const {
                self.stack.pop();
                let neg =
                    if wide { (c as i64).wrapping_neg() as u64 } else { (c as u32).wrapping_neg() as u64 };
                self.stack.push(Operand::Const(neg));
                self.binary(if wide { &ops::I64_ADD } else { &ops::I32_ADD });
                return;
            }
        }
        self.binary(if wide { &ops::I64_SUB } else { &ops::I32_SUB });
    }
}

/// How a load or store finds its address.
#[derive(Copy, Clone)]
enum Address {
    /// A slot plus the static offset.
    Offset(Slot, u32),
    /// A slot plus a constant, wrapping (a fused `i32.add`).
    AddImm(Slot, u32),
    /// The sum of two slots, wrapping (a fused `i32.add`).
    Idx(Slot, Slot),
}

/// The immediate form of constant bits, if it has one: 32-bit operands
/// always fit; 64-bit ones must survive sign extension from 32 bits.
fn imm_of(bits: u64, wide: bool) -> Option<i32> {
    if wide {
        let v = bits as i64;
        (v as i32 as i64 == v).then_some(v as i32)
    } else {
        Some(bits as u32 as i32)
    }
}
