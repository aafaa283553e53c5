//! WebAssembly 2.0 binary-format rules that the decoder relaxes for later
//! proposals: limits, alignments and offsets are u32 LEB128 numbers (at most
//! five bytes), and `memory.size`/`memory.grow` end in a single zero byte.
//! (Memory64 widens the first to u64 and multi-memory turns the zero byte
//! into a memory index; neither is enabled, so the 2.0 rules apply.)

use crate::error::CompileError;

/// Reads an unsigned LEB128 number that must fit in 32 bits and take at
/// most five bytes.
fn read_u32(bytes: &[u8], pos: &mut usize, base: usize) -> Result<u32, CompileError> {
    let mut result: u64 = 0;
    for i in 0..5 {
        let Some(&byte) = bytes.get(*pos) else {
            return Err(CompileError::new("unexpected end", Some(base + *pos)));
        };
        *pos += 1;
        result |= ((byte & 0x7f) as u64) << (7 * i);
        if byte & 0x80 == 0 {
            if i == 4 && byte & 0x70 != 0 {
                return Err(CompileError::new("integer too large", Some(base + *pos - 1)));
            }
            return Ok(result as u32);
        }
    }
    Err(CompileError::new("integer representation too long", Some(base + *pos - 1)))
}

/// Checks `count × limits` entries of a memory section (`table == false`)
/// or table section (each entry preceded by a one-byte reference type).
/// Entries this check does not recognise are left to the decoder.
pub(crate) fn check_limits_section(bytes: &[u8], base: usize, table: bool) -> Result<(), CompileError> {
    let mut pos = 0;
    let count = read_u32(bytes, &mut pos, base)?;
    for _ in 0..count {
        if table {
            match bytes.get(pos) {
                Some(0x70 | 0x6f) => pos += 1,
                _ => return Ok(()),
            }
        }
        let flags = match bytes.get(pos) {
            Some(&f @ (0x00 | 0x01)) => f,
            _ => return Ok(()),
        };
        pos += 1;
        read_u32(bytes, &mut pos, base)?;
        if flags == 0x01 {
            read_u32(bytes, &mut pos, base)?;
        }
    }
    Ok(())
}

/// Checks the encoding of one operator, given its raw bytes (opcode
/// first). Only single-byte opcodes are concerned, so the first byte says
/// which rule applies.
pub(crate) fn check_operator(raw: &[u8], base: usize) -> Result<(), CompileError> {
    match raw.first() {
        // memory.size, memory.grow: a single zero byte follows.
        Some(0x3f | 0x40) if raw.len() != 2 || raw[1] != 0 => {
            Err(CompileError::new("zero byte expected", Some(base + 1)))
        }
        // Loads and stores: alignment and offset are u32 LEB128 numbers.
        Some(0x28..=0x3e) => {
            let mut pos = 1;
            read_u32(raw, &mut pos, base)?;
            read_u32(raw, &mut pos, base)?;
            Ok(())
        }
        _ => Ok(()),
    }
}
