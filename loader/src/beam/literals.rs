//! The literal table of a BEAM file (`LitT`): terms in Erlang's external
//! term format, zlib-compressed as a whole.
//!
//! The chunk holds the size of the uncompressed table, then the compressed
//! bytes; uncompressed, a count, then each literal as a 4-byte size and a
//! term starting with the version byte 131. Atoms in literals are named by
//! their text; they become entries of the module's atom table, appended
//! when the table does not already hold them.
//!
//! Every length is checked against the bytes that remain, inflating stops
//! at the declared size, and nesting is limited to the loader's depth limit,
//! so a hostile table costs at most what its bytes can expand to.

use super::atoms::AtomTable;
use crate::error::{ErrorKind, LoadError};
use crate::format::{Section, MAX_LITERAL_DEPTH};
use crate::module::{AtomIndex, Literal};
use crate::reader::Reader;
use girder_spec::ext_tag as tag;
use num_bigint::{BigInt, Sign};
use num_traits::ToPrimitive;
use std::io::Read;

/// The chunk's section, for errors.
const LITT: Section = Section::BeamChunk(*b"LitT");

/// zlib expands data at most about 1,032-fold; a declared size beyond that
/// (plus a little for headers) cannot be honest.
const MAX_INFLATE_RATIO: usize = 1_032;

/// Decodes a `LitT` chunk's data (`chunk` is the data, `offset` where it
/// starts in the file) into literals, adding the atoms they name to `atoms`.
pub(crate) fn read_literals(chunk: &[u8], offset: usize, atoms: &mut AtomTable) -> Result<Vec<Literal>, LoadError> {
    let mut header = Reader::new(chunk, 0, chunk.len(), LITT);
    let declared = header.u32_be()? as usize;
    let compressed = &chunk[header.position()..];
    let table = if declared == 0 {
        // An uncompressed table, as some tools write.
        compressed.to_vec()
    } else {
        if declared > compressed.len().saturating_mul(MAX_INFLATE_RATIO).saturating_add(64) {
            return Err(place(
                LoadError::new(ErrorKind::BeamInflate {
                    reason: format!("{declared} bytes cannot come from {} compressed", compressed.len()),
                }),
                offset,
            ));
        }
        let mut table = Vec::new();
        let mut inflater = flate2::read::ZlibDecoder::new(compressed).take(declared as u64);
        inflater
            .read_to_end(&mut table)
            .map_err(|error| place(LoadError::new(ErrorKind::BeamInflate { reason: error.to_string() }), offset))?;
        if table.len() != declared {
            return Err(place(
                LoadError::new(ErrorKind::BeamInflate {
                    reason: format!("it inflates to {} bytes, not the {declared} declared", table.len()),
                }),
                offset,
            ));
        }
        table
    };
    // Offsets below are in the uncompressed table.
    let mut reader = Reader::new(&table, 0, table.len(), LITT);
    let count_at = reader.position();
    let count = reader.u32_be()? as usize;
    // Each literal takes at least its size field and two bytes.
    if count.saturating_mul(6) > reader.remaining() {
        return Err(
            reader.error_at(count_at, ErrorKind::CountTooLarge { count: count as u64, available: reader.remaining() })
        );
    }
    let mut literals = Vec::new();
    for _ in 0..count {
        let size = reader.u32_be()? as usize;
        let start = reader.position();
        let bytes = reader.take(size)?;
        literals.push(read_term(&table, start, start + bytes.len(), LITT, atoms)?);
    }
    if !reader.is_at_end() {
        return Err(reader.error_at(reader.position(), ErrorKind::SectionNotConsumed { unused: reader.remaining() }));
    }
    Ok(literals)
}

/// Decodes one term in the external term format, starting with the version
/// byte, that fills `bytes[start..end]` (the `Attr` and `CInf` chunks hold
/// one each), adding the atoms it names to `atoms`. Errors name `section`
/// and the offset in `bytes`.
pub(crate) fn read_term(
    bytes: &[u8],
    start: usize,
    end: usize,
    section: Section,
    atoms: &mut AtomTable,
) -> Result<Literal, LoadError> {
    let mut term = Reader::new(bytes, start, end, section);
    let version = term.u8()?;
    if version != tag::VERSION {
        return Err(
            term.error_at(start, ErrorKind::BeamBadLiteral { reason: "it does not start with the version byte 131" })
        );
    }
    let literal = TermReader { reader: &mut term, atoms }.term(0)?;
    if !term.is_at_end() {
        return Err(term.error_at(term.position(), ErrorKind::BeamBadLiteral { reason: "bytes follow the term" }));
    }
    Ok(literal)
}

/// Places an error at the chunk's offset in the file.
fn place(error: LoadError, offset: usize) -> LoadError {
    error.in_section(LITT).at_offset(offset)
}

struct TermReader<'r, 'a, 't> {
    reader: &'r mut Reader<'a>,
    atoms: &'t mut AtomTable,
}

impl TermReader<'_, '_, '_> {
    fn bad(&self, at: usize, reason: &'static str) -> LoadError {
        self.reader.error_at(at, ErrorKind::BeamBadLiteral { reason })
    }

    /// Checks that `count` items of at least `min_bytes` each can follow.
    fn check_count(&self, at: usize, count: usize, min_bytes: usize) -> Result<(), LoadError> {
        let available = self.reader.remaining();
        if count.saturating_mul(min_bytes) > available {
            return Err(self.reader.error_at(at, ErrorKind::CountTooLarge { count: count as u64, available }));
        }
        Ok(())
    }

    fn atom(&mut self, at: usize, text: String) -> Result<AtomIndex, LoadError> {
        self.atoms.intern(text).map_err(|kind| self.reader.error_at(at, kind))
    }

    fn term(&mut self, depth: usize) -> Result<Literal, LoadError> {
        let at = self.reader.position();
        if depth > MAX_LITERAL_DEPTH {
            return Err(self.reader.error_at(at, ErrorKind::LiteralTooDeep));
        }
        let tag = self.reader.u8()?;
        Ok(match tag {
            tag::SMALL_INTEGER => Literal::Int(i64::from(self.reader.u8()?)),
            tag::INTEGER => Literal::Int(i64::from(self.reader.u32_be()? as i32)),
            tag::NEW_FLOAT => {
                let value = f64::from_bits(u64::from_be_bytes(self.reader.array()?));
                if !value.is_finite() {
                    return Err(self.reader.error_at(at, ErrorKind::NonFiniteFloat { value }));
                }
                Literal::Float(value)
            }
            tag::FLOAT => {
                let text = self.reader.array::<31>()?;
                let text = std::str::from_utf8(&text).map_err(|_| self.bad(at, "an old-style float is not text"))?;
                let value: f64 = text
                    .trim_end_matches('\0')
                    .trim()
                    .parse()
                    .map_err(|_| self.bad(at, "an old-style float does not parse"))?;
                if !value.is_finite() {
                    return Err(self.reader.error_at(at, ErrorKind::NonFiniteFloat { value }));
                }
                Literal::Float(value)
            }
            tag::ATOM | tag::ATOM_UTF8 | tag::SMALL_ATOM | tag::SMALL_ATOM_UTF8 => {
                let length = if matches!(tag, tag::SMALL_ATOM | tag::SMALL_ATOM_UTF8) {
                    usize::from(self.reader.u8()?)
                } else {
                    usize::from(u16::from_be_bytes(self.reader.array()?))
                };
                let bytes = self.reader.take(length)?;
                let text = if matches!(tag, tag::ATOM | tag::SMALL_ATOM) {
                    bytes.iter().map(|&byte| char::from(byte)).collect()
                } else {
                    String::from_utf8(bytes.to_vec()).map_err(|_| self.reader.error_at(at, ErrorKind::BadUtf8))?
                };
                // `[]` is nil, never an atom; the others are ordinary atoms.
                Literal::Atom(self.atom(at, text)?)
            }
            tag::SMALL_TUPLE | tag::LARGE_TUPLE => {
                let arity = if tag == tag::SMALL_TUPLE {
                    usize::from(self.reader.u8()?)
                } else {
                    self.reader.u32_be()? as usize
                };
                self.check_count(at, arity, 1)?;
                let mut elements = Vec::new();
                for _ in 0..arity {
                    elements.push(self.term(depth + 1)?);
                }
                Literal::Tuple(elements)
            }
            tag::MAP => {
                let pairs = self.reader.u32_be()? as usize;
                self.check_count(at, pairs, 2)?;
                let mut entries = Vec::new();
                for _ in 0..pairs {
                    let key = self.term(depth + 1)?;
                    let value = self.term(depth + 1)?;
                    entries.push((key, value));
                }
                Literal::Map(entries)
            }
            tag::NIL => Literal::Nil,
            tag::STRING => {
                let length = usize::from(u16::from_be_bytes(self.reader.array()?));
                let bytes = self.reader.take(length)?;
                if bytes.is_empty() {
                    Literal::Nil
                } else {
                    let elements = bytes.iter().map(|&byte| Literal::Int(i64::from(byte))).collect();
                    Literal::List(elements, Box::new(Literal::Nil))
                }
            }
            tag::LIST => {
                let length = self.reader.u32_be()? as usize;
                self.check_count(at, length, 1)?;
                let mut elements = Vec::new();
                for _ in 0..length {
                    elements.push(self.term(depth + 1)?);
                }
                let tail = self.term(depth + 1)?;
                if elements.is_empty() {
                    return Err(self.bad(at, "a list has no elements"));
                }
                // A tail that is itself a list joins this one, as the
                // assembler's literals write it.
                match tail {
                    Literal::List(more, tail) => {
                        elements.extend(more);
                        Literal::List(elements, tail)
                    }
                    tail => Literal::List(elements, Box::new(tail)),
                }
            }
            tag::BINARY => {
                let length = self.reader.u32_be()? as usize;
                Literal::Binary(self.reader.take(length)?.to_vec())
            }
            tag::SMALL_BIG | tag::LARGE_BIG => {
                let n_bytes =
                    if tag == tag::SMALL_BIG { usize::from(self.reader.u8()?) } else { self.reader.u32_be()? as usize };
                let sign = match self.reader.u8()? {
                    0 => Sign::Plus,
                    1 => Sign::Minus,
                    sign => return Err(self.reader.error_at(at, ErrorKind::BadBigIntSign { sign })),
                };
                let magnitude = self.reader.take(n_bytes)?;
                let value = BigInt::from_bytes_le(sign, magnitude);
                match value.to_i64() {
                    Some(small) => Literal::Int(small),
                    None => Literal::BigInt(value),
                }
            }
            tag::BIT_BINARY => {
                let length = self.reader.u32_be()? as usize;
                let last_bits = self.reader.u8()?;
                let bytes = self.reader.take(length)?.to_vec();
                match (length, last_bits) {
                    (0, 0) => Literal::Binary(bytes),
                    (1.., 1..=8) => {
                        let size = 8 * (length as u64 - 1) + u64::from(last_bits);
                        Literal::bitstring(bytes, size)
                    }
                    _ => return Err(self.bad(at, "a bitstring's bits in its last byte are not 1 to 8")),
                }
            }
            tag::EXPORT => {
                // Module and function atoms, then the arity as a small integer.
                let (Literal::Atom(module), Literal::Atom(function)) = (self.term(depth + 1)?, self.term(depth + 1)?)
                else {
                    return Err(self.bad(at, "an external fun's module and function are not atoms"));
                };
                let arity_at = self.reader.position();
                if self.reader.u8()? != tag::SMALL_INTEGER {
                    return Err(self.bad(arity_at, "an external fun's arity is not a small integer"));
                }
                Literal::ExportFun { module, function, arity: u32::from(self.reader.u8()?) }
            }
            _ => return Err(self.bad(at, "the term's tag is not one a literal may have")),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(terms: &[&[u8]]) -> Vec<u8> {
        let mut uncompressed = (terms.len() as u32).to_be_bytes().to_vec();
        for term in terms {
            uncompressed.extend_from_slice(&(term.len() as u32).to_be_bytes());
            uncompressed.extend_from_slice(term);
        }
        let mut chunk = (uncompressed.len() as u32).to_be_bytes().to_vec();
        let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut encoder, &uncompressed).unwrap();
        chunk.extend(encoder.finish().unwrap());
        chunk
    }

    fn atoms() -> AtomTable {
        AtomTable::new(vec!["m".to_string()]).unwrap()
    }

    #[test]
    fn decodes_the_terms_literals_use() {
        let mut atoms = atoms();
        let chunk = table(&[
            &[131, 104, 2, 100, 0, 2, b'o', b'k', 97, 7],
            &[131, 107, 0, 2, b'h', b'i'],
            &[131, 110, 9, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1],
            &[131, 116, 0, 0, 0, 1, 119, 1, b'm', 106],
            &[131, 109, 0, 0, 0, 3, 1, 2, 3],
            &[131, 113, 119, 5, b'l', b'i', b's', b't', b's', 119, 3, b'm', b'a', b'p', 97, 2],
            &[131, 77, 0, 0, 0, 3, 4, 1, 2, 0x3f],
            &[131, 77, 0, 0, 0, 2, 8, 1, 2],
            &[131, 77, 0, 0, 0, 0, 0],
        ]);
        let literals = read_literals(&chunk, 0, &mut atoms).unwrap();
        let ok = atoms.lookup("ok").unwrap();
        assert_eq!(literals[0], Literal::Tuple(vec![Literal::Atom(ok), Literal::Int(7)]));
        assert_eq!(literals[1], Literal::List(vec![Literal::Int(104), Literal::Int(105)], Box::new(Literal::Nil)));
        assert_eq!(literals[2], Literal::BigInt(-(BigInt::from(1) << 64u32)));
        assert_eq!(literals[3], Literal::Map(vec![(Literal::Atom(0), Literal::Nil)]));
        assert_eq!(literals[4], Literal::Binary(vec![1, 2, 3]));
        let (lists, map) = (atoms.lookup("lists").unwrap(), atoms.lookup("map").unwrap());
        assert_eq!(literals[5], Literal::ExportFun { module: lists, function: map, arity: 2 });
        // <<1,2,3:4>>, its unused bits dropped; whole bytes are a binary.
        assert_eq!(literals[6], Literal::Bitstring { bytes: vec![1, 2, 0x30], last_bits: 4 });
        assert_eq!(literals[7], Literal::Binary(vec![1, 2]));
        assert_eq!(literals[8], Literal::Binary(vec![]));
        for bad in [&[131u8, 77, 0, 0, 0, 1, 0, 1][..], &[131, 77, 0, 0, 0, 1, 9, 1], &[131, 77, 0, 0, 0, 0, 8]] {
            let error = read_literals(&table(&[bad]), 0, &mut atoms).unwrap_err();
            assert!(error.to_string().contains("bitstring"), "{error}");
        }
    }

    #[test]
    fn rejects_hostile_tables() {
        // A declared size no zlib stream of these bytes could reach.
        let mut chunk = table(&[&[131, 106]]);
        chunk[..4].copy_from_slice(&u32::MAX.to_be_bytes());
        assert!(matches!(read_literals(&chunk, 0, &mut atoms()).unwrap_err().kind, ErrorKind::BeamInflate { .. }));
        // A tuple claiming more elements than bytes.
        let chunk = table(&[&[131, 105, 0xff, 0xff, 0xff, 0xff]]);
        assert!(matches!(read_literals(&chunk, 0, &mut atoms()).unwrap_err().kind, ErrorKind::CountTooLarge { .. }));
        // Deep nesting.
        let mut deep = vec![131];
        deep.extend((0..MAX_LITERAL_DEPTH + 2).flat_map(|_| [104, 1]));
        deep.push(106);
        let chunk = table(&[&deep]);
        assert!(matches!(read_literals(&chunk, 0, &mut atoms()).unwrap_err().kind, ErrorKind::LiteralTooDeep));
        // An external fun whose function is not an atom, or whose arity is not a small integer.
        let chunk = table(&[&[131, 113, 119, 1, b'm', 97, 1, 97, 1]]);
        assert!(matches!(read_literals(&chunk, 0, &mut atoms()).unwrap_err().kind, ErrorKind::BeamBadLiteral { .. }));
        let chunk = table(&[&[131, 113, 119, 1, b'm', 119, 1, b'm', 98, 0, 0, 0, 1]]);
        assert!(matches!(read_literals(&chunk, 0, &mut atoms()).unwrap_err().kind, ErrorKind::BeamBadLiteral { .. }));
        // Garbage instead of zlib.
        let chunk = [0, 0, 0, 10, 1, 2, 3, 4, 5];
        assert!(matches!(read_literals(&chunk, 0, &mut atoms()).unwrap_err().kind, ErrorKind::BeamInflate { .. }));
    }
}
