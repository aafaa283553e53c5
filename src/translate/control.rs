//! Control frames and branch labels.

use crate::ir::{BrOffset, Op};

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(super) struct Label(u32);

/// Branch targets: bound to an instruction index, or waiting for one.
#[derive(Default)]
pub(super) struct Labels {
    bound: Vec<Option<u32>>,
    /// Branch instructions waiting for each label.
    waiting: Vec<Vec<u32>>,
}

impl Labels {
    pub(super) fn reset(&mut self) {
        self.bound.clear();
        self.waiting.clear();
    }

    pub(super) fn new_label(&mut self) -> Label {
        self.bound.push(None);
        self.waiting.push(Vec::new());
        Label(self.bound.len() as u32 - 1)
    }

    /// Binds `label` to instruction index `at`, patching waiting branches.
    pub(super) fn bind(&mut self, label: Label, at: u32, code: &mut [Op]) {
        self.bound[label.0 as usize] = Some(at);
        for branch in std::mem::take(&mut self.waiting[label.0 as usize]) {
            patch(code, branch, at);
        }
    }

    /// Points the branch at index `branch` to `label`, now or once bound.
    pub(super) fn use_at(&mut self, label: Label, branch: u32, code: &mut [Op]) {
        match self.bound[label.0 as usize] {
            Some(at) => patch(code, branch, at),
            None => self.waiting[label.0 as usize].push(branch),
        }
    }

    /// Whether `label` is already bound (a branch to it goes backward).
    pub(super) fn is_bound(&self, label: Label) -> bool {
        self.bound[label.0 as usize].is_some()
    }

    /// Whether any branch targets `label`.
    pub(super) fn is_used(&self, label: Label) -> bool {
        !self.waiting[label.0 as usize].is_empty()
    }
}

fn patch(code: &mut [Op], branch: u32, target: u32) {
    if let Some(offset) = code[branch as usize].offset_mut() {
        *offset = BrOffset(target as i32 - branch as i32);
    }
}

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(super) enum FrameKind {
    /// The function body: branching to it returns.
    Func,
    Block,
    Loop,
    /// An `if` before its `else` (if any).
    If,
    Else,
}

/// One entered block, loop, if or the function body.
#[derive(Copy, Clone, Debug)]
pub(super) struct Frame {
    pub kind: FrameKind,
    /// Operand stack height at entry, below the block's parameters.
    pub height: u32,
    pub num_params: u32,
    pub num_results: u32,
    /// Where branches to this frame go: the end, or the loop header.
    pub label: Label,
    /// For `If`: the start of the else branch (or the end when there is none).
    pub else_label: Option<Label>,
    /// Whether the code before `else` could reach its end.
    pub then_reachable: bool,
}

impl Frame {
    /// How many values a branch to this frame carries.
    pub(super) fn branch_arity(&self) -> u32 {
        match self.kind {
            FrameKind::Loop => self.num_params,
            _ => self.num_results,
        }
    }
}
