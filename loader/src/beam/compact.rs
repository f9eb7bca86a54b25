//! The compact term encoding of BEAM code operands.
//!
//! Every operand of a generic instruction starts with a byte whose low three
//! bits are a tag (`u`, `i`, `a`, `x`, `y`, `f`, `h`, or `z` for the
//! extended forms) and whose high bits start the value:
//!
//! - bit 3 clear: the value is the high four bits (0–15);
//! - bit 3 set, bit 4 clear: the high three bits and the next byte make an
//!   11-bit value;
//! - bits 3 and 4 set: the high three bits give a byte count less 2, the
//!   bytes follow, big-endian and two's complement; a count field of 7
//!   means the count less 9 follows as an operand of its own.
//!
//! The extended tag's value chooses a form with more operands after it: a
//! list, a float register, an allocation list, a literal index or (OTP 25)
//! a register with a type.

use crate::error::{ErrorKind, LoadError};
use crate::reader::Reader;
use num_bigint::BigInt;

/// The largest byte count of an integer operand that is accepted (a 2,040-bit
/// integer; OTP's compiler keeps larger integers in the literal table).
pub const MAX_INTEGER_BYTES: usize = 256;

/// How deeply extended forms may nest (a list of typed registers is two).
const MAX_NESTING: u32 = 4;

/// One operand of a generic instruction, decoded but not yet interpreted.
#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    /// `u`: an unsigned number (an arity, a live count, an index, flags).
    Unsigned(u64),
    /// `i`: an integer that fits in 64 bits.
    Integer(i64),
    /// `i`: an integer that does not fit in 64 bits.
    BigInteger(BigInt),
    /// `a`: an atom, as an index into [`BeamFile::atoms`](super::BeamFile::atoms).
    Atom(u32),
    /// `a` with value 0: the empty list `[]`.
    Nil,
    /// `x`: an x register.
    X(u32),
    /// `y`: a y register.
    Y(u32),
    /// `f`: a label (0 where an instruction has no fail label).
    Label(u32),
    /// `h`: a character (unused by modern compilers, decoded for completeness).
    Char(u32),
    /// `z` 1: a list of operands (`select_val`'s pairs, `put_tuple2`'s elements).
    List(Vec<Arg>),
    /// `z` 2: a float register.
    FloatReg(u32),
    /// `z` 3: an allocation list: pairs of kind (0 words, 1 floats, 2 funs) and count.
    AllocList(Vec<(u64, u64)>),
    /// `z` 4: an index into the literal table.
    Literal(u32),
    /// `z` 5: a register with an index into the `Type` chunk.
    TypedReg {
        /// The register: [`Arg::X`] or [`Arg::Y`].
        register: Box<Arg>,
        /// The index of its type in the `Type` chunk.
        type_index: u32,
    },
}

/// The tag of a compact operand: the low three bits of its first byte.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tag {
    Unsigned,
    Integer,
    Atom,
    X,
    Y,
    Label,
    Char,
    Extended,
}

impl Tag {
    fn of(byte: u8) -> Tag {
        match byte & 0b111 {
            0 => Tag::Unsigned,
            1 => Tag::Integer,
            2 => Tag::Atom,
            3 => Tag::X,
            4 => Tag::Y,
            5 => Tag::Label,
            6 => Tag::Char,
            _ => Tag::Extended,
        }
    }
}

/// A value as read: small enough for 64 bits, or a big integer.
enum Value {
    Small(i64),
    Big(BigInt),
}

/// Reads compact operands from one chunk, checking every byte.
pub(crate) struct CompactReader<'r, 'a> {
    reader: &'r mut Reader<'a>,
    atom_count: usize,
}

impl<'r, 'a> CompactReader<'r, 'a> {
    /// A reader of operands whose atom indices must be below `atom_count`.
    pub(crate) fn new(reader: &'r mut Reader<'a>, atom_count: usize) -> CompactReader<'r, 'a> {
        CompactReader { reader, atom_count }
    }

    /// The offset of the next byte.
    pub(crate) fn position(&self) -> usize {
        self.reader.position()
    }

    /// An error of this chunk at an offset.
    pub(crate) fn error_at(&self, offset: usize, kind: ErrorKind) -> LoadError {
        self.reader.error_at(offset, kind)
    }

    /// Reads an opcode byte.
    pub(crate) fn opcode(&mut self) -> Result<u8, LoadError> {
        self.reader.u8()
    }

    /// Reads one operand.
    pub(crate) fn arg(&mut self) -> Result<Arg, LoadError> {
        self.arg_nested(0)
    }

    fn arg_nested(&mut self, depth: u32) -> Result<Arg, LoadError> {
        let start = self.reader.position();
        let first = self.reader.u8()?;
        let tag = Tag::of(first);
        if tag == Tag::Extended {
            return self.extended(first, start, depth);
        }
        let value = self.value(first, tag == Tag::Integer)?;
        let unsigned = |value: Value| -> Result<u64, LoadError> {
            match value {
                Value::Small(small) if small >= 0 => Ok(small as u64),
                _ => Err(self.reader.error_at(start, ErrorKind::BeamOperandOutOfRange { what: "an unsigned operand" })),
            }
        };
        let index = |value: Value, what: &'static str| -> Result<u32, LoadError> {
            match value {
                Value::Small(small) => u32::try_from(small)
                    .map_err(|_| self.reader.error_at(start, ErrorKind::BeamOperandOutOfRange { what })),
                Value::Big(_) => Err(self.reader.error_at(start, ErrorKind::BeamOperandOutOfRange { what })),
            }
        };
        Ok(match tag {
            Tag::Unsigned => Arg::Unsigned(unsigned(value)?),
            Tag::Integer => match value {
                Value::Small(small) => Arg::Integer(small),
                Value::Big(big) => Arg::BigInteger(big),
            },
            Tag::Atom => match index(value, "an atom index")? {
                0 => Arg::Nil,
                one_based => {
                    let atom = one_based - 1;
                    if atom as usize >= self.atom_count {
                        return Err(self.reader.error_at(
                            start,
                            ErrorKind::IndexOutOfRange {
                                what: crate::IndexKind::Atom,
                                index: u64::from(one_based),
                                count: self.atom_count,
                            },
                        ));
                    }
                    Arg::Atom(atom)
                }
            },
            Tag::X => Arg::X(index(value, "an x register")?),
            Tag::Y => Arg::Y(index(value, "a y register")?),
            Tag::Label => Arg::Label(index(value, "a label")?),
            Tag::Char => Arg::Char(index(value, "a character")?),
            Tag::Extended => unreachable!("handled above"),
        })
    }

    /// Reads the value that follows a first byte; `signed` for the `i` tag.
    fn value(&mut self, first: u8, signed: bool) -> Result<Value, LoadError> {
        if first & 0b1000 == 0 {
            return Ok(Value::Small(i64::from(first >> 4)));
        }
        if first & 0b1_0000 == 0 {
            let low = self.reader.u8()?;
            return Ok(Value::Small((i64::from(first >> 5) << 8) | i64::from(low)));
        }
        let start = self.reader.position();
        let length_field = usize::from(first >> 5);
        let n_bytes = if length_field < 7 {
            length_field + 2
        } else {
            // The count less 9 follows as an unsigned operand of its own.
            // That operand may not itself use this form (which would nest
            // without bound on hostile input).
            let next = self.reader.u8()?;
            if Tag::of(next) != Tag::Unsigned || next >> 3 == 0b1_1111 {
                return Err(self
                    .reader
                    .error_at(start, ErrorKind::BeamOperandOutOfRange { what: "an integer's length" }));
            }
            match self.value(next, false)? {
                Value::Small(extra) if (0..=(MAX_INTEGER_BYTES - 9) as i64).contains(&extra) => extra as usize + 9,
                _ => {
                    return Err(self
                        .reader
                        .error_at(start, ErrorKind::BeamOperandOutOfRange { what: "an integer's length" }))
                }
            }
        };
        let bytes = self.reader.take(n_bytes)?;
        if n_bytes <= 8 {
            let negative = signed && bytes[0] & 0x80 != 0;
            let mut value: i64 = if negative { -1 } else { 0 };
            for &byte in bytes {
                value = (value << 8) | i64::from(byte);
            }
            // An unsigned value of eight bytes with the top bit set does not fit in i64.
            if !signed && n_bytes == 8 && bytes[0] & 0x80 != 0 {
                return Ok(Value::Big(BigInt::from_bytes_be(num_bigint::Sign::Plus, bytes)));
            }
            Ok(Value::Small(value))
        } else if signed {
            Ok(Value::Big(BigInt::from_signed_bytes_be(bytes)))
        } else {
            Ok(Value::Big(BigInt::from_bytes_be(num_bigint::Sign::Plus, bytes)))
        }
    }

    /// Reads an unsigned operand that must fit in 32 bits.
    fn unsigned_u32(&mut self, what: &'static str) -> Result<u32, LoadError> {
        let start = self.reader.position();
        let first = self.reader.u8()?;
        if Tag::of(first) != Tag::Unsigned {
            return Err(self.reader.error_at(start, ErrorKind::BeamOperandOutOfRange { what }));
        }
        match self.value(first, false)? {
            Value::Small(value) => {
                u32::try_from(value).map_err(|_| self.reader.error_at(start, ErrorKind::BeamOperandOutOfRange { what }))
            }
            Value::Big(_) => Err(self.reader.error_at(start, ErrorKind::BeamOperandOutOfRange { what })),
        }
    }

    /// Reads the form an extended tag introduces.
    fn extended(&mut self, first: u8, start: usize, depth: u32) -> Result<Arg, LoadError> {
        if first & 0b1000 != 0 {
            return Err(self.reader.error_at(start, ErrorKind::BeamBadExtendedTag { byte: first }));
        }
        if depth >= MAX_NESTING {
            return Err(self.reader.error_at(start, ErrorKind::BeamOperandTooDeep));
        }
        match first >> 4 {
            1 => {
                let count = self.unsigned_u32("a list's length")?;
                if count as usize > self.reader.remaining() {
                    return Err(self.reader.error_at(
                        start,
                        ErrorKind::CountTooLarge { count: u64::from(count), available: self.reader.remaining() },
                    ));
                }
                let mut items = Vec::new();
                for _ in 0..count {
                    items.push(self.arg_nested(depth + 1)?);
                }
                Ok(Arg::List(items))
            }
            2 => Ok(Arg::FloatReg(self.unsigned_u32("a float register")?)),
            3 => {
                let count = self.unsigned_u32("an allocation list's length")?;
                if (count as usize).saturating_mul(2) > self.reader.remaining() {
                    return Err(self.reader.error_at(
                        start,
                        ErrorKind::CountTooLarge { count: u64::from(count), available: self.reader.remaining() },
                    ));
                }
                let mut pairs = Vec::new();
                for _ in 0..count {
                    let kind = self.unsigned_u32("an allocation kind")?;
                    let amount = self.unsigned_u32("an allocation count")?;
                    pairs.push((u64::from(kind), u64::from(amount)));
                }
                Ok(Arg::AllocList(pairs))
            }
            4 => Ok(Arg::Literal(self.unsigned_u32("a literal index")?)),
            5 => {
                let register_start = self.reader.position();
                let register = self.arg_nested(depth + 1)?;
                if !matches!(register, Arg::X(_) | Arg::Y(_)) {
                    return Err(self.reader.error_at(
                        register_start,
                        ErrorKind::BeamOperandOutOfRange { what: "a typed register's register" },
                    ));
                }
                let type_index = self.unsigned_u32("a type index")?;
                Ok(Arg::TypedReg { register: Box::new(register), type_index })
            }
            _ => Err(self.reader.error_at(start, ErrorKind::BeamBadExtendedTag { byte: first })),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::Section;

    fn read(bytes: &[u8]) -> Result<Arg, LoadError> {
        let mut reader = Reader::new(bytes, 0, bytes.len(), Section::BeamChunk(*b"Code"));
        CompactReader::new(&mut reader, 3).arg()
    }

    #[test]
    fn reads_each_size_of_value() {
        assert_eq!(read(&[0x30]).unwrap(), Arg::Unsigned(3));
        assert_eq!(read(&[0x03]).unwrap(), Arg::X(0));
        assert_eq!(read(&[0x14]).unwrap(), Arg::Y(1));
        // 11 bits: 0b001 then 0x2c.
        assert_eq!(read(&[0b0010_1000, 0x2c]).unwrap(), Arg::Unsigned(0x12c));
        // Two bytes: -5 is 0xfffb.
        assert_eq!(read(&[0b0001_1001, 0xff, 0xfb]).unwrap(), Arg::Integer(-5));
        // A length field of 7: 9 + 1 bytes follow.
        let mut big = vec![0b1111_1001, 0x10];
        big.extend_from_slice(&[0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(read(&big).unwrap(), Arg::BigInteger(BigInt::from(1) << 72u32));
    }

    #[test]
    fn atoms_are_one_based_and_zero_is_nil() {
        assert_eq!(read(&[0x02]).unwrap(), Arg::Nil);
        assert_eq!(read(&[0x12]).unwrap(), Arg::Atom(0));
        let error = read(&[0x42]).unwrap_err();
        assert!(matches!(error.kind, ErrorKind::IndexOutOfRange { index: 4, count: 3, .. }));
    }

    #[test]
    fn reads_the_extended_forms() {
        // A list of two: x0 and the integer 1.
        assert_eq!(read(&[0x17, 0x20, 0x03, 0x11]).unwrap(), Arg::List(vec![Arg::X(0), Arg::Integer(1)]));
        assert_eq!(read(&[0x27, 0x10]).unwrap(), Arg::FloatReg(1));
        assert_eq!(read(&[0x47, 0x50]).unwrap(), Arg::Literal(5));
        assert_eq!(read(&[0x37, 0x10, 0x00, 0x30]).unwrap(), Arg::AllocList(vec![(0, 3)]));
        assert_eq!(read(&[0x57, 0x13, 0x20]).unwrap(), Arg::TypedReg { register: Box::new(Arg::X(1)), type_index: 2 });
    }

    #[test]
    fn rejects_malformed_operands() {
        assert!(matches!(read(&[]).unwrap_err().kind, ErrorKind::UnexpectedEnd));
        assert!(matches!(read(&[0b0001_1001, 0xff]).unwrap_err().kind, ErrorKind::UnexpectedEnd));
        assert!(matches!(read(&[0x67]).unwrap_err().kind, ErrorKind::BeamBadExtendedTag { .. }));
        // A list claiming more items than there are bytes.
        assert!(matches!(read(&[0x17, 0x90]).unwrap_err().kind, ErrorKind::CountTooLarge { .. }));
        // A typed register whose register is an integer.
        assert!(matches!(read(&[0x57, 0x11, 0x00]).unwrap_err().kind, ErrorKind::BeamOperandOutOfRange { .. }));
        // Nested lists beyond the limit.
        let nested = [0x17, 0x10, 0x17, 0x10, 0x17, 0x10, 0x17, 0x10, 0x17, 0x10, 0x03];
        assert!(matches!(read(&nested).unwrap_err().kind, ErrorKind::BeamOperandTooDeep));
        // A list whose length is not an unsigned operand.
        assert!(matches!(read(&[0x17, 0x11]).unwrap_err().kind, ErrorKind::BeamOperandOutOfRange { .. }));
    }
}
