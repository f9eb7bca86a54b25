//! Encoding, decoding and checking literal trees, without recursion.
//!
//! A literal is written in pre-order: a tag byte per node, then its payload,
//! then its children (see `spec/BYTECODE.md`). All three walks here use an
//! explicit stack bounded by [`MAX_LITERAL_DEPTH`], so hostile nesting cannot
//! overflow the thread's stack.

use crate::error::{ErrorKind, IndexKind, LoadError};
use crate::format::{literal_tag, MAX_LITERAL_DEPTH};
use crate::module::{Literal, MAX_FUN_ARITY};
use crate::reader::Reader;
use crate::varint::{write_len, write_u32, write_u64, zigzag_decode, zigzag_encode};
use num_bigint::{BigInt, BigUint, Sign};
use num_traits::ToPrimitive;

/// Appends the encoding of `literal` to `out`.
pub(crate) fn encode_literal(out: &mut Vec<u8>, literal: &Literal) {
    let mut pending: Vec<&Literal> = vec![literal];
    while let Some(node) = pending.pop() {
        match node {
            Literal::Int(value) => {
                out.push(literal_tag::INT);
                write_u64(out, zigzag_encode(*value));
            }
            Literal::BigInt(value) => {
                out.push(literal_tag::BIG_INT);
                let (sign, magnitude) = value.to_bytes_le();
                out.push(u8::from(sign == Sign::Minus));
                write_len(out, magnitude.len());
                out.extend_from_slice(&magnitude);
            }
            Literal::Float(value) => {
                out.push(literal_tag::FLOAT);
                out.extend_from_slice(&value.to_le_bytes());
            }
            Literal::Atom(index) => {
                out.push(literal_tag::ATOM);
                write_u32(out, *index);
            }
            Literal::Nil => out.push(literal_tag::NIL),
            Literal::List(elements, tail) => {
                out.push(literal_tag::LIST);
                write_len(out, elements.len());
                // The stack pops in reverse: the tail goes in first so it comes out last.
                pending.push(tail);
                pending.extend(elements.iter().rev());
            }
            Literal::Tuple(elements) => {
                out.push(literal_tag::TUPLE);
                write_len(out, elements.len());
                pending.extend(elements.iter().rev());
            }
            Literal::Map(pairs) => {
                out.push(literal_tag::MAP);
                write_len(out, pairs.len());
                for (key, value) in pairs.iter().rev() {
                    pending.push(value);
                    pending.push(key);
                }
            }
            Literal::Binary(bytes) => {
                out.push(literal_tag::BINARY);
                write_len(out, bytes.len());
                out.extend_from_slice(bytes);
            }
            Literal::Bitstring { bytes, last_bits } => {
                out.push(literal_tag::BITSTRING);
                write_len(out, bytes.len());
                out.push(*last_bits);
                out.extend_from_slice(bytes);
            }
            Literal::ExportFun { module, function, arity } => {
                out.push(literal_tag::EXPORT_FUN);
                write_u32(out, *module);
                write_u32(out, *function);
                write_u32(out, *arity);
            }
        }
    }
}

/// A container being decoded, waiting for its children.
enum Partial {
    /// A list with `left` elements still to come, then its tail.
    List { elements: Vec<Literal>, left: u32 },
    /// A tuple with `left` elements still to come.
    Tuple { elements: Vec<Literal>, left: u32 },
    /// A map with `left` pairs still to come; `key` holds a key awaiting its value.
    Map { pairs: Vec<(Literal, Literal)>, key: Option<Literal>, left: u32 },
}

/// Decodes one literal tree from `reader`.
///
/// Checks the structure only (tags, lengths, sign bytes, nesting depth);
/// [`check_literal`] checks the values.
pub(crate) fn decode_literal(reader: &mut Reader<'_>) -> Result<Literal, LoadError> {
    let mut stack: Vec<Partial> = Vec::new();
    loop {
        let node_offset = reader.position();
        let tag = reader.u8()?;
        let mut value = match tag {
            literal_tag::INT => Literal::Int(zigzag_decode(reader.varint_u64()?)),
            literal_tag::BIG_INT => {
                let sign_offset = reader.position();
                let sign = match reader.u8()? {
                    0 => Sign::Plus,
                    1 => Sign::Minus,
                    sign => return Err(reader.error_at(sign_offset, ErrorKind::BadBigIntSign { sign })),
                };
                let n_bytes = reader.count(1)?;
                let magnitude = BigUint::from_bytes_le(reader.take(n_bytes as usize)?);
                Literal::BigInt(BigInt::from_biguint(sign, magnitude))
            }
            literal_tag::FLOAT => Literal::Float(f64::from_le_bytes(reader.array::<8>()?)),
            literal_tag::ATOM => Literal::Atom(reader.varint_u32()?),
            literal_tag::NIL => Literal::Nil,
            literal_tag::EXPORT_FUN => Literal::ExportFun {
                module: reader.varint_u32()?,
                function: reader.varint_u32()?,
                arity: reader.varint_u32()?,
            },
            literal_tag::BINARY => {
                let n_bytes = reader.count(1)?;
                Literal::Binary(reader.take(n_bytes as usize)?.to_vec())
            }
            literal_tag::BITSTRING => {
                let n_bytes = reader.count(1)?;
                let last_bits = reader.u8()?;
                Literal::Bitstring { bytes: reader.take(n_bytes as usize)?.to_vec(), last_bits }
            }
            literal_tag::LIST | literal_tag::TUPLE | literal_tag::MAP => {
                let min_item_bytes = if tag == literal_tag::MAP { 2 } else { 1 };
                let count = reader.count(min_item_bytes)?;
                if stack.len() >= MAX_LITERAL_DEPTH {
                    return Err(reader.error_at(node_offset, ErrorKind::LiteralTooDeep));
                }
                if count == 0 && tag == literal_tag::LIST {
                    return Err(reader.error_at(node_offset, ErrorKind::EmptyListLiteral));
                }
                if count == 0 && tag == literal_tag::TUPLE {
                    Literal::Tuple(Vec::new())
                } else if count == 0 {
                    Literal::Map(Vec::new())
                } else {
                    // Capacity is never reserved from `count`: nested containers could
                    // each claim the whole section and multiply the allocation.
                    stack.push(match tag {
                        literal_tag::LIST => Partial::List { elements: Vec::new(), left: count },
                        literal_tag::TUPLE => Partial::Tuple { elements: Vec::new(), left: count },
                        _ => Partial::Map { pairs: Vec::new(), key: None, left: count },
                    });
                    continue;
                }
            }
            tag => return Err(reader.error_at(node_offset, ErrorKind::UnknownLiteralTag { tag })),
        };
        // Hand the finished value to its parent, finishing parents in turn.
        loop {
            let Some(parent) = stack.last_mut() else {
                return Ok(value);
            };
            match parent {
                Partial::List { elements, left } => {
                    if *left > 0 {
                        elements.push(value);
                        *left -= 1;
                        break;
                    }
                    let elements = std::mem::take(elements);
                    stack.pop();
                    value = Literal::List(elements, Box::new(value));
                }
                Partial::Tuple { elements, left } => {
                    elements.push(value);
                    *left -= 1;
                    if *left > 0 {
                        break;
                    }
                    let elements = std::mem::take(elements);
                    stack.pop();
                    value = Literal::Tuple(elements);
                }
                Partial::Map { pairs, key, left } => {
                    let Some(pending_key) = key.take() else {
                        *key = Some(value);
                        break;
                    };
                    pairs.push((pending_key, value));
                    *left -= 1;
                    if *left > 0 {
                        break;
                    }
                    let pairs = std::mem::take(pairs);
                    stack.pop();
                    value = Literal::Map(pairs);
                }
            }
        }
    }
}

/// Checks that a bitstring literal is in its one form.
fn check_bitstring(bytes: &[u8], last_bits: u8) -> Result<(), ErrorKind> {
    let Some(&last) = bytes.last() else {
        return Err(ErrorKind::BadBitstring { reason: "it has no bytes; the empty bitstring is the binary <<>>" });
    };
    if !(1..=7).contains(&last_bits) {
        return Err(ErrorKind::BadBitstring {
            reason: "the bits used in its last byte must be 1 to 7 (8 is a binary)",
        });
    }
    if last & !(0xffu8 << (8 - last_bits)) != 0 {
        return Err(ErrorKind::BadBitstring { reason: "the unused low bits of its last byte are not zero" });
    }
    Ok(())
}

/// Checks the values of a literal tree: atoms in range, floats finite, lists
/// non-empty, big integers really big, nesting within [`MAX_LITERAL_DEPTH`].
pub(crate) fn check_literal(literal: &Literal, n_atoms: usize) -> Result<(), ErrorKind> {
    // Each entry is a node and the number of containers around it.
    let mut pending: Vec<(&Literal, usize)> = vec![(literal, 0)];
    while let Some((node, depth)) = pending.pop() {
        let is_container = matches!(node, Literal::List(..) | Literal::Tuple(_) | Literal::Map(_));
        if is_container && depth >= MAX_LITERAL_DEPTH {
            return Err(ErrorKind::LiteralTooDeep);
        }
        match node {
            Literal::Int(_) | Literal::Nil | Literal::Binary(_) => {}
            Literal::Bitstring { bytes, last_bits } => check_bitstring(bytes, *last_bits)?,
            Literal::BigInt(value) => {
                if let Some(value) = value.to_i64() {
                    return Err(ErrorKind::SmallBigInt { value });
                }
            }
            Literal::Float(value) => {
                if !value.is_finite() {
                    return Err(ErrorKind::NonFiniteFloat { value: *value });
                }
            }
            Literal::Atom(index) => check_atom(*index, n_atoms)?,
            Literal::ExportFun { module, function, arity } => {
                check_atom(*module, n_atoms)?;
                check_atom(*function, n_atoms)?;
                if *arity > MAX_FUN_ARITY {
                    return Err(ErrorKind::FunArityTooLarge { arity: *arity });
                }
            }
            Literal::List(elements, tail) => {
                if elements.is_empty() {
                    return Err(ErrorKind::EmptyListLiteral);
                }
                pending.push((tail, depth + 1));
                pending.extend(elements.iter().rev().map(|element| (element, depth + 1)));
            }
            Literal::Tuple(elements) => {
                pending.extend(elements.iter().rev().map(|element| (element, depth + 1)));
            }
            Literal::Map(pairs) => {
                for (key, value) in pairs.iter().rev() {
                    pending.push((value, depth + 1));
                    pending.push((key, depth + 1));
                }
            }
        }
    }
    Ok(())
}

/// Checks that an atom index is in the module's atom table.
fn check_atom(index: u32, n_atoms: usize) -> Result<(), ErrorKind> {
    if index as usize >= n_atoms {
        return Err(ErrorKind::IndexOutOfRange { what: IndexKind::Atom, index: u64::from(index), count: n_atoms });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::Section;

    fn roundtrip(literal: &Literal) -> Literal {
        let mut bytes = Vec::new();
        encode_literal(&mut bytes, literal);
        let mut reader = Reader::new(&bytes, 0, bytes.len(), Section::Literals);
        let decoded = decode_literal(&mut reader).unwrap();
        assert!(reader.is_at_end());
        decoded
    }

    #[test]
    fn every_node_kind_roundtrips() {
        let big: BigInt = BigInt::from(1u8) << 100;
        let literal = Literal::Tuple(vec![
            Literal::Int(-5),
            Literal::BigInt(-big.clone()),
            Literal::BigInt(big),
            Literal::Float(-0.5),
            Literal::Atom(2),
            Literal::Nil,
            Literal::List(vec![Literal::Int(1)], Box::new(Literal::Atom(0))),
            Literal::Tuple(vec![]),
            Literal::Map(vec![(Literal::Atom(1), Literal::Binary(b"hi".to_vec()))]),
            Literal::Map(vec![]),
            Literal::Binary(vec![]),
            Literal::ExportFun { module: 0, function: 1, arity: 255 },
            Literal::Bitstring { bytes: vec![1, 2, 0x30], last_bits: 4 },
            Literal::bitstring(vec![0xff], 1),
        ]);
        assert_eq!(roundtrip(&literal), literal);
        check_literal(&literal, 3).unwrap();
    }

    #[test]
    fn nesting_is_limited_without_recursion() {
        let mut bytes = Vec::new();
        for _ in 0..=MAX_LITERAL_DEPTH {
            bytes.extend_from_slice(&[literal_tag::TUPLE, 1]);
        }
        bytes.push(literal_tag::NIL);
        let mut reader = Reader::new(&bytes, 0, bytes.len(), Section::Literals);
        let error = decode_literal(&mut reader).unwrap_err();
        assert!(matches!(error.kind, ErrorKind::LiteralTooDeep));

        let mut deep = Literal::Nil;
        for _ in 0..MAX_LITERAL_DEPTH {
            deep = Literal::Tuple(vec![deep]);
        }
        check_literal(&deep, 0).unwrap();
        assert_eq!(roundtrip(&deep), deep);
        let deeper = Literal::Tuple(vec![deep]);
        assert!(matches!(check_literal(&deeper, 0), Err(ErrorKind::LiteralTooDeep)));
    }

    #[test]
    fn values_are_checked() {
        assert!(matches!(check_literal(&Literal::Float(f64::NAN), 0), Err(ErrorKind::NonFiniteFloat { .. })));
        assert!(matches!(
            check_literal(&Literal::List(vec![], Box::new(Literal::Nil)), 0),
            Err(ErrorKind::EmptyListLiteral)
        ));
        assert!(matches!(
            check_literal(&Literal::BigInt(BigInt::from(7)), 0),
            Err(ErrorKind::SmallBigInt { value: 7 })
        ));
        assert!(matches!(
            check_literal(&Literal::Map(vec![(Literal::Atom(4), Literal::Nil)]), 4),
            Err(ErrorKind::IndexOutOfRange { what: IndexKind::Atom, index: 4, count: 4 })
        ));
        assert!(matches!(
            check_literal(&Literal::ExportFun { module: 0, function: 4, arity: 1 }, 4),
            Err(ErrorKind::IndexOutOfRange { what: IndexKind::Atom, index: 4, count: 4 })
        ));
        assert!(matches!(
            check_literal(&Literal::ExportFun { module: 0, function: 1, arity: 256 }, 4),
            Err(ErrorKind::FunArityTooLarge { arity: 256 })
        ));
        for (bytes, last_bits) in [(vec![], 3), (vec![0x80], 0), (vec![0x80], 8), (vec![0xf0], 3)] {
            let literal = Literal::Bitstring { bytes, last_bits };
            assert!(matches!(check_literal(&literal, 0), Err(ErrorKind::BadBitstring { .. })), "{literal:?}");
        }
        assert_eq!(Literal::bitstring(vec![1, 2, 3], 24), Literal::Binary(vec![1, 2, 3]));
        assert_eq!(Literal::bitstring(vec![1, 0xff, 3], 11), Literal::Bitstring { bytes: vec![1, 0xe0], last_bits: 3 });
    }

    #[test]
    fn structural_errors_are_reported() {
        let decode = |bytes: &[u8]| {
            let mut reader = Reader::new(bytes, 0, bytes.len(), Section::Literals);
            decode_literal(&mut reader).unwrap_err()
        };
        assert!(matches!(decode(&[42]).kind, ErrorKind::UnknownLiteralTag { tag: 42 }));
        assert!(matches!(decode(&[literal_tag::BIG_INT, 2, 0]).kind, ErrorKind::BadBigIntSign { sign: 2 }));
        assert!(matches!(decode(&[literal_tag::LIST, 0]).kind, ErrorKind::EmptyListLiteral));
        assert!(matches!(decode(&[literal_tag::TUPLE, 9, 4]).kind, ErrorKind::CountTooLarge { .. }));
        assert!(matches!(decode(&[literal_tag::FLOAT, 0, 0]).kind, ErrorKind::UnexpectedEnd));
        assert!(matches!(decode(&[literal_tag::LIST, 1, literal_tag::NIL]).kind, ErrorKind::UnexpectedEnd));
    }
}
