//! The byte format of `wasm_module_serialize` / `wasm_module_deserialize`.
//!
//! ```text
//! offset  size  field
//! 0       8     magic: 00 'z' 'w' 'a' 's' 'm' 00 'M'
//! 8       4     format version, u32 little-endian (currently 1)
//! 12      4     length E of the engine name, u32 little-endian (at most 256)
//! 16      E     engine name and version, UTF-8 (e.g. "zwasm 0.1.0")
//! 16+E    8     payload length P, u64 little-endian
//! 24+E    8     checksum, u64 little-endian: FNV-1a (64-bit) of every byte
//!               before this field followed by the payload
//! 32+E    P     payload: the module's WebAssembly binary
//! ```
//!
//! The payload is the module's binary, not compiled code: loading validates
//! and translates it again, so a blob can never smuggle in anything the
//! validator would refuse, and it loads in any build that reads this format
//! version (the engine name is recorded for diagnosis). The cost is that
//! deserializing takes as long as compiling; a later version of the format
//! can add precompiled code next to the binary. Anything that does not match
//! exactly — magic, version, lengths (no trailing bytes), checksum — is
//! refused with a message.

const MAGIC: [u8; 8] = *b"\0zwasm\0M";
const FORMAT_VERSION: u32 = 1;
const MAX_ENGINE_NAME: usize = 256;

fn engine_name() -> String {
    format!("zwasm {}", env!("CARGO_PKG_VERSION"))
}

/// FNV-1a, 64-bit, over several byte strings in a row.
fn fnv1a(parts: &[&[u8]]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &byte in *part {
            hash ^= byte as u64;
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    hash
}

/// The serialized form of a module whose binary is `binary`.
pub(crate) fn encode(binary: &[u8]) -> Vec<u8> {
    let name = engine_name();
    let mut out = Vec::with_capacity(32 + name.len() + binary.len());
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&(name.len() as u32).to_le_bytes());
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(&(binary.len() as u64).to_le_bytes());
    let checksum = fnv1a(&[&out, binary]);
    out.extend_from_slice(&checksum.to_le_bytes());
    out.extend_from_slice(binary);
    out
}

/// Reads fields off the front of a byte string.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize, what: &str) -> Result<&'a [u8], String> {
        let end = self.at.checked_add(n).filter(|&end| end <= self.bytes.len());
        let end = end.ok_or_else(|| format!("serialized module is truncated (in its {what})"))?;
        let field = &self.bytes[self.at..end];
        self.at = end;
        Ok(field)
    }

    fn u32(&mut self, what: &str) -> Result<u32, String> {
        let b = self.take(4, what)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn u64(&mut self, what: &str) -> Result<u64, String> {
        let b = self.take(8, what)?;
        Ok(u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]))
    }
}

/// Checks a serialized module and returns its binary.
pub(crate) fn decode(blob: &[u8]) -> Result<&[u8], String> {
    let mut r = Reader { bytes: blob, at: 0 };
    if r.take(MAGIC.len(), "magic").ok() != Some(&MAGIC[..]) {
        return Err("not a serialized zwasm module (bad magic)".into());
    }
    let version = r.u32("format version")?;
    if version != FORMAT_VERSION {
        return Err(format!(
            "serialized module has format version {version}; this build reads version {FORMAT_VERSION}"
        ));
    }
    let name_len = r.u32("engine name length")? as usize;
    if name_len > MAX_ENGINE_NAME {
        return Err("serialized module is corrupt (engine name too long)".into());
    }
    let name = r.take(name_len, "engine name")?;
    if std::str::from_utf8(name).is_err() {
        return Err("serialized module is corrupt (engine name is not UTF-8)".into());
    }
    let payload_len = r.u64("payload length")?;
    let header_end = r.at;
    let checksum = r.u64("checksum")?;
    let payload_len =
        usize::try_from(payload_len).map_err(|_| "serialized module is corrupt (payload length)")?;
    let payload = r.take(payload_len, "payload")?;
    if r.at != blob.len() {
        return Err(format!("serialized module has {} unexpected bytes at its end", blob.len() - r.at));
    }
    if fnv1a(&[&blob[..header_end], payload]) != checksum {
        return Err("serialized module is corrupt (checksum mismatch)".into());
    }
    Ok(payload)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_every_corruption_is_refused() {
        let binary = b"\0asm\x01\0\0\0";
        let blob = encode(binary);
        assert_eq!(decode(&blob).unwrap(), binary);
        // Every single-bit flip and every truncation is caught.
        for i in 0..blob.len() {
            for bit in 0..8 {
                let mut bad = blob.clone();
                bad[i] ^= 1 << bit;
                assert!(decode(&bad).is_err(), "flip of bit {bit} of byte {i} accepted");
            }
            assert!(decode(&blob[..i]).is_err(), "truncation to {i} bytes accepted");
        }
        let mut longer = blob.clone();
        longer.push(0);
        assert!(decode(&longer).unwrap_err().contains("unexpected bytes"));
        assert!(decode(binary).unwrap_err().contains("bad magic"));
    }
}
