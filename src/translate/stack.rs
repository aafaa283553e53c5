//! The translator's compile-time operand stack.
//!
//! Each entry says where a Wasm operand lives: still in a local (nothing was
//! emitted for its `local.get`), a constant (nothing emitted for `*.const`),
//! or a temporary. A temporary always lives in the *canonical slot* of its
//! stack position, `temp_base + position`; that invariant is what lets
//! control-flow merges agree on where values are without a register
//! allocator.

use crate::ir::Slot;

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(super) enum Operand {
    /// The current value of a local (parameter or declared local).
    Local(u32),
    /// A value in the canonical slot of its stack position.
    Temp,
    /// A constant, as raw slot bits.
    Const(u64),
}

#[derive(Default)]
pub(super) struct OperandStack {
    entries: Vec<Operand>,
    /// How many `Local(i)` entries the stack holds, per local.
    local_refs: Vec<u32>,
    temp_base: u32,
    max_height: u32,
}

impl OperandStack {
    pub(super) fn reset(&mut self, num_locals: u32) {
        self.entries.clear();
        self.local_refs.clear();
        self.local_refs.resize(num_locals as usize, 0);
        self.temp_base = num_locals;
        self.max_height = 0;
    }

    pub(super) fn height(&self) -> u32 {
        self.entries.len() as u32
    }

    /// The largest height reached: the number of temporary slots needed.
    pub(super) fn max_height(&self) -> u32 {
        self.max_height
    }

    /// The canonical slot of stack position `pos`.
    pub(super) fn canonical(&self, pos: u32) -> Slot {
        Slot(self.temp_base + pos)
    }

    pub(super) fn push(&mut self, operand: Operand) {
        if let Operand::Local(l) = operand {
            self.local_refs[l as usize] += 1;
        }
        self.entries.push(operand);
        self.max_height = self.max_height.max(self.entries.len() as u32);
    }

    /// Pushes a temporary and returns its canonical slot.
    pub(super) fn push_temp(&mut self) -> Slot {
        let slot = self.canonical(self.height());
        self.push(Operand::Temp);
        slot
    }

    /// Pops the top entry. The validator has already checked the stack, so
    /// an empty stack here would be a translator bug; it yields a constant
    /// zero rather than panicking.
    pub(super) fn pop(&mut self) -> Operand {
        let operand = self.entries.pop().unwrap_or(Operand::Const(0));
        if let Operand::Local(l) = operand {
            self.local_refs[l as usize] -= 1;
        }
        operand
    }

    /// Pops the top entry with its position.
    pub(super) fn pop_with_pos(&mut self) -> (Operand, u32) {
        let operand = self.pop();
        (operand, self.height())
    }

    pub(super) fn get(&self, pos: u32) -> Operand {
        self.entries[pos as usize]
    }

    pub(super) fn set(&mut self, pos: u32, operand: Operand) {
        if let Operand::Local(l) = self.entries[pos as usize] {
            self.local_refs[l as usize] -= 1;
        }
        if let Operand::Local(l) = operand {
            self.local_refs[l as usize] += 1;
        }
        self.entries[pos as usize] = operand;
    }

    pub(super) fn peek(&self) -> Option<Operand> {
        self.entries.last().copied()
    }

    /// Pops entries until the height is `height`.
    pub(super) fn truncate(&mut self, height: u32) {
        while self.height() > height {
            self.pop();
        }
    }

    /// How many entries refer to local `l`.
    pub(super) fn local_refs(&self, l: u32) -> u32 {
        self.local_refs[l as usize]
    }
}
