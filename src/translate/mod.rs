//! Translation of a function body from the Wasm stack machine to the
//! register IR, one operator at a time, right after the validator accepts it.
//!
//! The translator keeps a compile-time operand stack ([`stack`]) that knows
//! where each operand lives, so `local.get` and constants emit nothing and an
//! operator reads its inputs where they are. Control flow is resolved with
//! labels ([`control`]); the per-operator rules are in [`visit`].

mod control;
mod ops;
mod stack;
mod visit;

#[cfg(test)]
mod tests;

use crate::error::CompileError;
use crate::ir::{BrOffset, FRAME_INIT_HEAD, FuncBody, Op, Slot};
use crate::module::ModuleInner;
use control::{Frame, FrameKind, Label, Labels};
use stack::{Operand, OperandStack};
use std::collections::HashMap;
use wasmparser::{FuncToValidate, FuncValidatorAllocations, FunctionBody, ValidatorResources};

/// Slots numbered from here are constant-pool entries during translation;
/// they are moved behind the locals when the function is finished.
const CONST_TAG: u32 = 0x8000_0000;

/// Applies the binary-format rules the decoder relaxes (see
/// `module::strict`) to the operator at `start..end` of the module. Inline:
/// it runs for every operator, and only memory operators need a look.
#[inline(always)]
fn check_encoding(module_bytes: &[u8], start: u64, end: u64) -> Result<(), CompileError> {
    let opcode = module_bytes.get(start as usize).copied().unwrap_or(0);
    if (0x28..=0x40).contains(&opcode)
        && let Some(raw) = module_bytes.get(start as usize..end as usize)
    {
        return crate::module::check_operator_encoding(raw, start as usize);
    }
    Ok(())
}

/// Reusable translation state; one per module being decoded.
#[derive(Default)]
pub(crate) struct Translator {
    code: Vec<Op>,
    offsets: Vec<u32>,
    stack: OperandStack,
    frames: Vec<Frame>,
    labels: Labels,
    consts: Vec<u64>,
    const_slots: HashMap<u64, u32>,
    /// The last instruction and the stack position of the temporary it
    /// produced, while nothing (no instruction, no label) came after it: a
    /// candidate for fusion (see `producer_of`).
    fusable: Option<(usize, u32)>,
    /// The most recent label's position: instructions before it cannot be
    /// merged with instructions after it (a branch may land in between).
    barrier: u32,
    /// Whether the current code can be reached.
    reachable: bool,
    /// Depth of blocks entered while unreachable (skipped entirely).
    dead_depth: u32,
    num_locals: u32,
    num_results: u32,
    num_loops: u32,
    offset: u32,
    /// The validator's buffers, kept from one function to the next.
    allocations: FuncValidatorAllocations,
}

impl Translator {
    /// Validates and translates one function body.
    pub(crate) fn translate(
        &mut self,
        module: &ModuleInner,
        func_index: u32,
        to_validate: FuncToValidate<ValidatorResources>,
        body: &FunctionBody<'_>,
        module_bytes: &[u8],
    ) -> Result<FuncBody, CompileError> {
        let mut validator = to_validate.into_validator(std::mem::take(&mut self.allocations));
        let ty = module.func_type(func_index);
        let num_params = ty.params().len() as u32;
        let num_results = ty.results().len() as u32;

        let mut num_locals = num_params;
        let mut locals = body.get_locals_reader()?;
        for _ in 0..locals.get_count() {
            let offset = locals.original_position();
            let (count, ty) = locals.read()?;
            validator.define_locals(offset, count, ty)?;
            num_locals = num_locals.saturating_add(count);
        }

        self.reset(num_locals, num_results);
        let func_label = self.labels.new_label();
        self.frames.push(Frame {
            kind: FrameKind::Func,
            height: 0,
            num_params: 0,
            num_results,
            label: func_label,
            else_label: None,
            then_reachable: true,
        });

        let mut reader = body.get_operators_reader()?;
        while !reader.eof() {
            let offset = reader.original_position();
            let op = reader.read()?;
            check_encoding(module_bytes, offset, reader.original_position())?;
            validator.op(offset, &op)?;
            self.offset = offset as u32;
            self.visit(module, &op)?;
        }
        reader.finish()?;
        self.allocations = validator.into_allocations();
        Ok(self.finish(body, func_index - module.num_imported_funcs, num_params, num_results))
    }

    /// Validates one function body without translating it.
    pub(crate) fn validate(
        &mut self,
        to_validate: FuncToValidate<ValidatorResources>,
        body: &FunctionBody<'_>,
        module_bytes: &[u8],
    ) -> Result<(), CompileError> {
        let mut validator = to_validate.into_validator(std::mem::take(&mut self.allocations));
        let mut locals = body.get_locals_reader()?;
        for _ in 0..locals.get_count() {
            let offset = locals.original_position();
            let (count, ty) = locals.read()?;
            validator.define_locals(offset, count, ty)?;
        }
        let mut reader = body.get_operators_reader()?;
        while !reader.eof() {
            let offset = reader.original_position();
            reader.visit_operator(&mut validator.visitor(offset))??;
            check_encoding(module_bytes, offset, reader.original_position())?;
        }
        reader.finish()?;
        self.allocations = validator.into_allocations();
        Ok(())
    }

    fn reset(&mut self, num_locals: u32, num_results: u32) {
        self.code.clear();
        self.offsets.clear();
        self.stack.reset(num_locals);
        self.frames.clear();
        self.labels.reset();
        self.consts.clear();
        self.const_slots.clear();
        self.fusable = None;
        self.barrier = 0;
        self.reachable = true;
        self.dead_depth = 0;
        self.num_locals = num_locals;
        self.num_results = num_results;
        self.num_loops = 0;
        self.offset = 0;
    }

    /// Lays out the frame `[params | locals | constants | temporaries]` and
    /// moves every slot operand to its final index.
    fn finish(&mut self, body: &FunctionBody<'_>, def: u32, num_params: u32, num_results: u32) -> FuncBody {
        let num_locals = self.num_locals;
        let num_consts = self.consts.len() as u32;
        for op in self.code.iter_mut() {
            op.map_slots(&mut |s| {
                if s.0 >= CONST_TAG {
                    Slot(num_locals + (s.0 - CONST_TAG))
                } else if s.0 >= num_locals {
                    Slot(s.0 + num_consts)
                } else {
                    s
                }
            });
        }
        if cfg!(debug_assertions) {
            check_back_edges(&self.code);
        }
        let frame_size = (num_locals as u64 + num_consts as u64 + self.stack.max_height() as u64)
            .max(num_results as u64)
            // Room for the words a call always writes (see `frame_init_head`).
            .max(num_params as u64 + FRAME_INIT_HEAD as u64);
        let frame_init: Box<[u64]> =
            std::iter::repeat_n(0, (num_locals - num_params) as usize).chain(self.consts.drain(..)).collect();
        let mut frame_init_head = [0; FRAME_INIT_HEAD];
        for (head, value) in frame_init_head.iter_mut().zip(frame_init.iter()) {
            *head = *value;
        }
        FuncBody {
            code: std::mem::take(&mut self.code).into(),
            prepared: Default::default(),
            offsets: std::mem::take(&mut self.offsets).into(),
            frame_init,
            frame_init_head,
            def,
            num_params,
            num_results,
            num_locals,
            frame_size: frame_size.min(u32::MAX as u64) as u32,
            body_offset: body.range().start as u32,
            entry_count: Default::default(),
            loop_counts: (0..self.num_loops).map(|_| Default::default()).collect(),
        }
    }

    // ------------------------------------------------------------ emitting

    fn emit(&mut self, op: Op) -> u32 {
        self.fusable = None;
        self.code.push(op);
        self.offsets.push(self.offset);
        self.code.len() as u32 - 1
    }

    /// Emits an instruction whose `dst` is the new top temporary.
    fn emit_result(&mut self, make: impl FnOnce(Slot) -> Op) {
        let dst = self.stack.push_temp();
        let at = self.emit(make(dst));
        self.fusable = Some((at as usize, self.stack.height() - 1));
    }

    /// The index of the last instruction if it computed the temporary now at
    /// stack position `pos`, so that it can be rewritten or fused away.
    fn producer_of(&self, pos: u32) -> Option<usize> {
        let (at, p) = self.fusable?;
        let live = p == pos && pos < self.stack.height() && self.stack.get(pos) == Operand::Temp;
        (live && at + 1 == self.code.len()).then_some(at)
    }

    /// Removes the last instruction (which `producer_of` returned).
    fn unemit(&mut self) -> Op {
        self.fusable = None;
        self.offsets.pop();
        self.code.pop().unwrap_or(Op::Trap { code: crate::semantics::TrapCode::Unreachable })
    }

    fn emit_branch(&mut self, op: Op, label: Label) {
        let at = self.emit(op);
        self.labels.use_at(label, at, &mut self.code);
    }

    fn bind(&mut self, label: Label) {
        let at = self.code.len() as u32;
        self.labels.bind(label, at, &mut self.code);
        self.fusable = None;
        self.barrier = at;
    }

    /// A slot holding constant bits: an entry of the function's pool.
    fn const_slot(&mut self, bits: u64) -> Slot {
        if let Some(&i) = self.const_slots.get(&bits) {
            return Slot(CONST_TAG + i);
        }
        let i = self.consts.len() as u32;
        self.consts.push(bits);
        self.const_slots.insert(bits, i);
        Slot(CONST_TAG + i)
    }

    fn emit_const(&mut self, dst: Slot, bits: u64) {
        if bits <= u32::MAX as u64 {
            self.emit(Op::Const32 { dst, value: bits as u32 });
        } else {
            self.emit(Op::Const64 { dst, value: bits });
        }
    }

    /// Pops an operand and returns a slot that holds it.
    fn pop_slot(&mut self) -> Slot {
        let (operand, pos) = self.stack.pop_with_pos();
        self.operand_slot(operand, pos)
    }

    fn operand_slot(&mut self, operand: Operand, pos: u32) -> Slot {
        match operand {
            Operand::Local(l) => Slot(l),
            Operand::Temp => self.stack.canonical(pos),
            Operand::Const(bits) => self.const_slot(bits),
        }
    }

    /// Moves the entry at `pos` into its canonical slot.
    fn materialize(&mut self, pos: u32) {
        let dst = self.stack.canonical(pos);
        match self.stack.get(pos) {
            Operand::Temp => {}
            Operand::Local(l) => {
                self.emit(Op::Copy { dst, src: Slot(l) });
                self.stack.set(pos, Operand::Temp);
            }
            Operand::Const(bits) => {
                self.emit_const(dst, bits);
                self.stack.set(pos, Operand::Temp);
            }
        }
    }

    /// Materializes the top `n` entries; returns the slot of the first.
    fn materialize_top(&mut self, n: u32) -> Slot {
        let h = self.stack.height();
        for pos in h - n..h {
            self.materialize(pos);
        }
        self.stack.canonical(h - n)
    }

    /// Before entering a block: no entry may refer to a local any more (a
    /// `local.set` inside the block could not preserve it on every path).
    fn materialize_locals(&mut self) {
        for pos in 0..self.stack.height() {
            if let Operand::Local(_) = self.stack.get(pos) {
                self.materialize(pos);
            }
        }
    }

    /// Copies the top `n` operands to the canonical slots starting at stack
    /// position `target` (≤ their own positions), leaving the entries as
    /// they are. Copying in ascending order never overwrites a source.
    fn copy_top_to(&mut self, n: u32, target: u32) {
        let h = self.stack.height();
        for i in 0..n {
            let pos = h - n + i;
            let dst = self.stack.canonical(target + i);
            match self.stack.get(pos) {
                Operand::Temp if pos == target + i => {}
                Operand::Temp => {
                    let src = self.stack.canonical(pos);
                    self.emit(Op::Copy { dst, src });
                }
                Operand::Local(l) => {
                    self.emit(Op::Copy { dst, src: Slot(l) });
                }
                Operand::Const(bits) => self.emit_const(dst, bits),
            }
        }
    }

    /// Whether a branch carrying the top `n` values to stack position
    /// `target` needs any copies.
    fn needs_copies(&self, n: u32, target: u32) -> bool {
        let h = self.stack.height();
        (0..n).any(|i| !(self.stack.get(h - n + i) == Operand::Temp && h - n + i == target + i))
    }

    /// Emits the function's return with the top operands as results.
    fn emit_return(&mut self) {
        let n = self.num_results;
        let h = self.stack.height();
        match n {
            0 => {
                self.emit(Op::Return);
            }
            1 => match self.stack.get(h - 1) {
                Operand::Const(bits) if bits <= u32::MAX as u64 => {
                    self.emit(Op::ReturnImm32 { value: bits as u32 });
                }
                Operand::Const(bits) => {
                    self.emit(Op::ReturnImm64 { value: bits });
                }
                operand => {
                    let src = self.operand_slot(operand, h - 1);
                    self.emit(Op::ReturnSlot { src });
                }
            },
            _ => {
                self.copy_top_to(n, h - n);
                let src = self.stack.canonical(h - n);
                self.emit(Op::ReturnSpan { src, len: n });
            }
        }
    }

    /// Emits the copies and jump of a branch to the frame `depth` levels out.
    /// Does not change the operand stack.
    fn emit_branch_to(&mut self, depth: u32) {
        let frame = self.frames[self.frames.len() - 1 - depth as usize];
        if frame.kind == FrameKind::Func {
            self.emit_return();
            return;
        }
        self.copy_top_to(frame.branch_arity(), frame.height);
        self.emit_branch(Op::Br { offset: BrOffset(0) }, frame.label);
    }

    /// Whether branching to the frame `depth` levels out is a plain jump.
    fn is_plain_jump(&self, depth: u32) -> bool {
        let frame = self.frames[self.frames.len() - 1 - depth as usize];
        frame.kind != FrameKind::Func && !self.needs_copies(frame.branch_arity(), frame.height)
    }

    fn label_of(&self, depth: u32) -> Label {
        self.frames[self.frames.len() - 1 - depth as usize].label
    }

    /// Marks the rest of the current block unreachable.
    fn set_unreachable(&mut self) {
        self.reachable = false;
        self.fusable = None;
    }

    /// If the top operand was just produced by a comparison, removes that
    /// instruction, pops the operand and returns the fused compare-and-branch
    /// that jumps when the comparison is `when`.
    fn take_fused_branch(&mut self, when: bool) -> Option<Op> {
        let at = self.producer_of(self.stack.height().checked_sub(1)?)?;
        let fused = ops::fused_branch(&self.code[at], !when, BrOffset(0))?;
        self.unemit();
        self.stack.pop();
        Some(fused)
    }

    /// `x = x + inc` as the last instruction, right before a backward
    /// compare-and-branch on `x` to `label`: one instruction (a counted
    /// loop's step and test). Only valid when `branch` is emitted right away.
    fn fuse_step(&mut self, branch: Op, label: Label) -> Op {
        // The fused forms are loop back-edges only, which spares their
        // handlers a test of the branch direction.
        if !self.labels.is_bound(label) {
            return branch;
        }
        let Some(&Op::I32AddImm { dst, lhs, imm }) = self.code.last() else { return branch };
        let at = self.code.len() as u32 - 1;
        let Ok(inc) = i16::try_from(imm) else { return branch };
        if dst != lhs || at < self.barrier {
            return branch;
        }
        let fused = ops::step_branch(branch, dst, inc);
        if fused.is_some() {
            self.unemit();
        }
        fused.unwrap_or(branch)
    }

    /// Emits "branch to `label` if the condition on top of the stack is
    /// `when`", fusing a preceding comparison where possible. Pops the
    /// condition.
    fn emit_cond_branch(&mut self, when: bool, label: Label) {
        if let Some(op) = self.take_fused_branch(when) {
            let op = self.fuse_step(op, label);
            self.emit_branch(op, label);
            return;
        }
        let (operand, pos) = self.stack.pop_with_pos();
        match operand {
            Operand::Const(bits) => {
                if ((bits as u32) != 0) == when {
                    self.emit_branch(Op::Br { offset: BrOffset(0) }, label);
                }
            }
            operand => {
                let cond = self.operand_slot(operand, pos);
                let op = if when {
                    Op::BrIfNez { cond, offset: BrOffset(0) }
                } else {
                    Op::BrIfEqz { cond, offset: BrOffset(0) }
                };
                self.emit_branch(op, label);
            }
        }
    }
}

/// The interpreter relies on every backward branch landing right after a
/// `LoopHeader` (it reads the loop's id there); checked in debug builds,
/// which the spec, fuzz and WASI tests use.
fn check_back_edges(code: &[Op]) {
    for (at, op) in code.iter().enumerate() {
        let mut op = *op;
        if let Some(offset) = op.offset_mut()
            && offset.0 <= 0
        {
            let target = at as i64 + offset.0 as i64;
            let header = target.checked_sub(1).and_then(|h| code.get(h as usize));
            assert!(
                matches!(header, Some(Op::LoopHeader { .. })),
                "backward branch at {at} to {target} does not follow a loop header"
            );
        }
    }
}

/// The text form of a function body, for dumps.
impl FuncBody {
    pub fn to_text(&self) -> String {
        format!(
            "params={} locals={} consts={:?} results={} frame={}\n{}",
            self.num_params,
            self.num_locals - self.num_params,
            self.consts(),
            self.num_results,
            self.frame_size,
            crate::ir::dump_function(&self.code)
        )
    }
}
