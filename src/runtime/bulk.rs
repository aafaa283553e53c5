//! Memory and table operations shared by the interpreter, instantiation
//! (active segments) and the public API. Bounds are checked before anything
//! is written, so a trapping operation changes nothing.

use super::store::{InstanceEntity, StoreInner};
use crate::semantics::TrapCode;

/// Whether `[start, start + len)` fits in `size`.
fn in_bounds(start: u32, len: u32, size: usize) -> bool {
    start as u64 + len as u64 <= size as u64
}

impl StoreInner {
    fn memory_index(inst: &InstanceEntity) -> Result<usize, TrapCode> {
        inst.memories.first().map(|&m| m as usize).ok_or(TrapCode::MemoryOutOfBounds)
    }

    fn table_index(inst: &InstanceEntity, table: u32) -> Result<usize, TrapCode> {
        inst.tables.get(table as usize).map(|&t| t as usize).ok_or(TrapCode::TableOutOfBounds)
    }

    /// `memory.grow`: the old size in pages, or -1.
    pub(crate) fn memory_grow(&mut self, inst: &InstanceEntity, delta: u32) -> i32 {
        let Ok(m) = Self::memory_index(inst) else { return -1 };
        match self.grow_memory(m, delta as u64) {
            Some(old) => old as i32,
            None => -1,
        }
    }

    pub(crate) fn memory_fill(
        &mut self,
        inst: &InstanceEntity,
        dst: u32,
        value: u8,
        len: u32,
    ) -> Result<(), TrapCode> {
        let m = Self::memory_index(inst)?;
        let bytes = self.memories[m].mem.bytes_mut();
        if !in_bounds(dst, len, bytes.len()) {
            return Err(TrapCode::MemoryOutOfBounds);
        }
        bytes[dst as usize..][..len as usize].fill(value);
        Ok(())
    }

    pub(crate) fn memory_copy(
        &mut self,
        inst: &InstanceEntity,
        dst: u32,
        src: u32,
        len: u32,
    ) -> Result<(), TrapCode> {
        let m = Self::memory_index(inst)?;
        let bytes = self.memories[m].mem.bytes_mut();
        if !in_bounds(dst, len, bytes.len()) || !in_bounds(src, len, bytes.len()) {
            return Err(TrapCode::MemoryOutOfBounds);
        }
        bytes.copy_within(src as usize..src as usize + len as usize, dst as usize);
        Ok(())
    }

    pub(crate) fn memory_init(
        &mut self,
        inst: &InstanceEntity,
        data: u32,
        dst: u32,
        src: u32,
        len: u32,
    ) -> Result<(), TrapCode> {
        let segment = inst.data(data);
        let m = Self::memory_index(inst)?;
        let bytes = self.memories[m].mem.bytes_mut();
        if !in_bounds(dst, len, bytes.len()) || !in_bounds(src, len, segment.len()) {
            return Err(TrapCode::MemoryOutOfBounds);
        }
        bytes[dst as usize..][..len as usize].copy_from_slice(&segment[src as usize..][..len as usize]);
        Ok(())
    }

    pub(crate) fn table_get(&self, inst: &InstanceEntity, table: u32, index: u32) -> Result<u64, TrapCode> {
        let t = Self::table_index(inst, table)?;
        self.tables[t].elems.get(index as usize).copied().ok_or(TrapCode::TableOutOfBounds)
    }

    pub(crate) fn table_set(
        &mut self,
        inst: &InstanceEntity,
        table: u32,
        index: u32,
        value: u64,
    ) -> Result<(), TrapCode> {
        let t = Self::table_index(inst, table)?;
        let slot = self.tables[t].elems.get_mut(index as usize).ok_or(TrapCode::TableOutOfBounds)?;
        *slot = value;
        Ok(())
    }

    pub(crate) fn table_size(&self, inst: &InstanceEntity, table: u32) -> u32 {
        Self::table_index(inst, table).map_or(0, |t| self.tables[t].elems.len() as u32)
    }

    /// `table.grow`: the old size, or -1.
    pub(crate) fn table_grow(&mut self, inst: &InstanceEntity, table: u32, init: u64, delta: u32) -> i32 {
        let Ok(t) = Self::table_index(inst, table) else { return -1 };
        let limit = self.limits.max_table_elements;
        match self.tables[t].grow(delta as u64, init, limit) {
            Some(old) => old as i32,
            None => -1,
        }
    }

    pub(crate) fn table_fill(
        &mut self,
        inst: &InstanceEntity,
        table: u32,
        dst: u32,
        value: u64,
        len: u32,
    ) -> Result<(), TrapCode> {
        let t = Self::table_index(inst, table)?;
        let elems = &mut self.tables[t].elems;
        if !in_bounds(dst, len, elems.len()) {
            return Err(TrapCode::TableOutOfBounds);
        }
        elems[dst as usize..][..len as usize].fill(value);
        Ok(())
    }

    pub(crate) fn table_copy(
        &mut self,
        inst: &InstanceEntity,
        dst_table: u32,
        src_table: u32,
        dst: u32,
        src: u32,
        len: u32,
    ) -> Result<(), TrapCode> {
        let dt = Self::table_index(inst, dst_table)?;
        let st = Self::table_index(inst, src_table)?;
        if !in_bounds(dst, len, self.tables[dt].elems.len())
            || !in_bounds(src, len, self.tables[st].elems.len())
        {
            return Err(TrapCode::TableOutOfBounds);
        }
        let (dst, src, len) = (dst as usize, src as usize, len as usize);
        if dt == st {
            self.tables[dt].elems.copy_within(src..src + len, dst);
        } else {
            let items: Vec<u64> = self.tables[st].elems[src..src + len].to_vec();
            self.tables[dt].elems[dst..dst + len].copy_from_slice(&items);
        }
        Ok(())
    }

    pub(crate) fn table_init(
        &mut self,
        inst: &InstanceEntity,
        table: u32,
        elem: u32,
        dst: u32,
        src: u32,
        len: u32,
    ) -> Result<(), TrapCode> {
        let segment = inst.element(elem);
        let t = Self::table_index(inst, table)?;
        let elems = &mut self.tables[t].elems;
        if !in_bounds(dst, len, elems.len()) || !in_bounds(src, len, segment.len()) {
            return Err(TrapCode::TableOutOfBounds);
        }
        elems[dst as usize..][..len as usize].copy_from_slice(&segment[src as usize..][..len as usize]);
        Ok(())
    }
}
