//! A bounds-checked cursor over one section of a bytecode file.
//!
//! Every read checks the section's end first and reports a [`LoadError`]
//! carrying the section and the absolute byte offset, so the decoder above it
//! never indexes untrusted bytes directly.

use crate::error::{ErrorKind, LoadError};
use crate::format::Section;
use crate::varint::{MAX_U32_BYTES, MAX_U64_BYTES};

/// A cursor over `bytes[position..end]`, where `bytes` is the whole file.
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    position: usize,
    end: usize,
    section: Section,
}

impl<'a> Reader<'a> {
    /// A reader over `bytes[start..end]`, reporting errors in `section`.
    ///
    /// The caller guarantees `start <= end <= bytes.len()`; a range outside
    /// the input is clamped to it, so reads past it fail instead of panicking.
    pub(crate) fn new(bytes: &'a [u8], start: usize, end: usize, section: Section) -> Reader<'a> {
        let end = end.min(bytes.len());
        Reader { bytes, position: start.min(end), end, section }
    }

    /// The absolute offset of the next byte to read.
    pub(crate) fn position(&self) -> usize {
        self.position
    }

    /// The number of bytes left in the section.
    pub(crate) fn remaining(&self) -> usize {
        self.end - self.position
    }

    /// Whether the whole section has been read.
    pub(crate) fn is_at_end(&self) -> bool {
        self.position >= self.end
    }

    /// An error in this section at the given absolute offset.
    pub(crate) fn error_at(&self, offset: usize, kind: ErrorKind) -> LoadError {
        LoadError::new(kind).in_section(self.section).at_offset(offset)
    }

    /// Reads one byte.
    pub(crate) fn u8(&mut self) -> Result<u8, LoadError> {
        let byte = self
            .bytes
            .get(self.position)
            .copied()
            .filter(|_| self.position < self.end)
            .ok_or_else(|| self.error_at(self.position, ErrorKind::UnexpectedEnd))?;
        self.position += 1;
        Ok(byte)
    }

    /// Reads `n_bytes` bytes as a slice of the input.
    pub(crate) fn take(&mut self, n_bytes: usize) -> Result<&'a [u8], LoadError> {
        if n_bytes > self.remaining() {
            return Err(self.error_at(self.position, ErrorKind::UnexpectedEnd));
        }
        let slice = self
            .bytes
            .get(self.position..self.position + n_bytes)
            .ok_or_else(|| self.error_at(self.position, ErrorKind::UnexpectedEnd))?;
        self.position += n_bytes;
        Ok(slice)
    }

    /// Reads a fixed-size array of bytes.
    pub(crate) fn array<const N: usize>(&mut self) -> Result<[u8; N], LoadError> {
        let start = self.position;
        let slice = self.take(N)?;
        slice.try_into().map_err(|_| self.error_at(start, ErrorKind::UnexpectedEnd))
    }

    /// Reads a big-endian 32-bit number, as BEAM files write them.
    pub(crate) fn u32_be(&mut self) -> Result<u32, LoadError> {
        Ok(u32::from_be_bytes(self.array()?))
    }

    /// Reads an unsigned LEB128 varint of at most `max_bytes` bytes and `bits` bits.
    fn varint(&mut self, max_bytes: usize, bits: u32) -> Result<u64, LoadError> {
        let start = self.position;
        let mut value: u64 = 0;
        for index in 0..max_bytes {
            let byte = self.u8()?;
            let shift = 7 * index as u32;
            let payload = u64::from(byte & 0x7f);
            // The bits of this byte that would land at or above `bits` must be zero.
            if shift + 7 > bits && payload >> (bits - shift) != 0 {
                return Err(self.error_at(start, ErrorKind::VarintOverflow { bits }));
            }
            value |= payload << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(self.error_at(start, ErrorKind::VarintOverflow { bits }))
    }

    /// Reads a varint that must fit in 32 bits.
    pub(crate) fn varint_u32(&mut self) -> Result<u32, LoadError> {
        let value = self.varint(MAX_U32_BYTES, 32)?;
        Ok(value as u32)
    }

    /// Reads a varint that must fit in 64 bits.
    pub(crate) fn varint_u64(&mut self) -> Result<u64, LoadError> {
        self.varint(MAX_U64_BYTES, 64)
    }

    /// Reads a varint count of items that take at least `min_item_bytes`
    /// bytes each, and checks that the rest of the section could hold them.
    ///
    /// Callers may then loop `count` times without fear of a hostile count;
    /// they still never reserve capacity from it.
    pub(crate) fn count(&mut self, min_item_bytes: usize) -> Result<u32, LoadError> {
        let start = self.position;
        let count = self.varint_u32()?;
        let available = self.remaining();
        let needed = (count as usize).saturating_mul(min_item_bytes);
        if needed > available {
            return Err(self.error_at(start, ErrorKind::CountTooLarge { count: u64::from(count), available }));
        }
        Ok(count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reader(bytes: &[u8]) -> Reader<'_> {
        Reader::new(bytes, 0, bytes.len(), Section::Code)
    }

    #[test]
    fn varint_u32_accepts_the_largest_value() {
        assert_eq!(reader(&[0xff, 0xff, 0xff, 0xff, 0x0f]).varint_u32().unwrap(), u32::MAX);
        assert_eq!(reader(&[0x80, 0x01]).varint_u32().unwrap(), 128);
        // A padded encoding of a small value is still in range.
        assert_eq!(reader(&[0x81, 0x80, 0x00]).varint_u32().unwrap(), 1);
    }

    #[test]
    fn varint_u32_rejects_overflow() {
        let error = reader(&[0xff, 0xff, 0xff, 0xff, 0x1f]).varint_u32().unwrap_err();
        assert!(matches!(error.kind, ErrorKind::VarintOverflow { bits: 32 }));
        let error = reader(&[0x80, 0x80, 0x80, 0x80, 0x80, 0x00]).varint_u32().unwrap_err();
        assert!(matches!(error.kind, ErrorKind::VarintOverflow { bits: 32 }));
    }

    #[test]
    fn varint_u64_accepts_the_largest_value_and_rejects_more() {
        let mut bytes = vec![0xff; 9];
        bytes.push(0x01);
        assert_eq!(reader(&bytes).varint_u64().unwrap(), u64::MAX);
        *bytes.last_mut().unwrap() = 0x02;
        let error = reader(&bytes).varint_u64().unwrap_err();
        assert!(matches!(error.kind, ErrorKind::VarintOverflow { bits: 64 }));
    }

    #[test]
    fn reads_stop_at_the_section_end() {
        let bytes = [1, 2, 3, 4];
        let mut reader = Reader::new(&bytes, 1, 2, Section::Atoms);
        assert_eq!(reader.u8().unwrap(), 2);
        let error = reader.u8().unwrap_err();
        assert!(matches!(error.kind, ErrorKind::UnexpectedEnd));
        assert_eq!(error.offset, Some(2));
        assert!(reader.take(1).is_err());
    }

    #[test]
    fn count_is_bounded_by_the_remaining_bytes() {
        let error = reader(&[0x05, 1, 2]).count(1).unwrap_err();
        assert!(matches!(error.kind, ErrorKind::CountTooLarge { count: 5, available: 2 }));
        assert_eq!(reader(&[0x02, 1, 2]).count(1).unwrap(), 2);
    }
}
