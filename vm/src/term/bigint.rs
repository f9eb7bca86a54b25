//! Big integers on the heap, and a portable number type for arithmetic.
//!
//! A big integer is a `PosBig` or `NegBig` boxed object whose payload is the
//! magnitude in 64-bit little-endian limbs, with no leading zero limb. Every
//! integer that fits [`SMALL_MIN`]..=[`SMALL_MAX`] is a small integer, never a
//! big one: [`integer_from_bigint`] normalises, so two equal integers always
//! have the same representation.

use super::{BoxKind, Term, SMALL_MAX, SMALL_MIN};
use crate::memory::heap::Heap;
use num_bigint::{BigInt, BigUint, Sign};
use num_traits::ToPrimitive;

/// A number read out of a term, for arithmetic.
#[derive(Clone, Debug, PartialEq)]
pub enum Num {
    /// An integer that fits in 64 bits (small, or a one-limb big integer).
    Int(i64),
    /// An integer that does not fit in 64 bits.
    Big(BigInt),
    /// A float.
    Float(f64),
}

/// The sign and limbs of a big integer, or `None` for anything else.
///
/// The limbs are little-endian and the last one is non-zero.
pub fn bigint_limbs<'a>(term: Term) -> Option<(bool, &'a [u64])> {
    if !term.is_boxed() {
        return None;
    }
    let negative = match term.box_kind() {
        BoxKind::PosBig => false,
        BoxKind::NegBig => true,
        _ => return None,
    };
    let payload: &'a [Term] = term.payload();
    // SAFETY: `Term` is `repr(transparent)` over `u64`, and a big integer's
    // payload words are its raw limbs.
    let limbs = unsafe { std::slice::from_raw_parts(payload.as_ptr() as *const u64, payload.len()) };
    Some((negative, limbs))
}

fn bigint_from_limbs(negative: bool, limbs: &[u64]) -> BigInt {
    let digits: Vec<u32> = limbs.iter().flat_map(|&limb| [limb as u32, (limb >> 32) as u32]).collect();
    let sign = if negative { Sign::Minus } else { Sign::Plus };
    BigInt::from_biguint(sign, BigUint::new(digits))
}

/// The value of an integer term (small or big), or `None` for anything else.
pub fn bigint_of(term: Term) -> Option<BigInt> {
    if let Some(value) = term.as_small() {
        return Some(BigInt::from(value));
    }
    let (negative, limbs) = bigint_limbs(term)?;
    Some(bigint_from_limbs(negative, limbs))
}

/// The value of a number term, or `None` for anything else.
///
/// Integers that fit in an `i64` come back as [`Num::Int`], whether they are
/// stored small or big.
pub fn to_num(term: Term) -> Option<Num> {
    if let Some(value) = term.as_small() {
        return Some(Num::Int(value));
    }
    if let Some(value) = term.as_float() {
        return Some(Num::Float(value));
    }
    let (negative, limbs) = bigint_limbs(term)?;
    if let [limb] = limbs {
        let value = if negative { 0i64.checked_sub_unsigned(*limb) } else { i64::try_from(*limb).ok() };
        if let Some(value) = value {
            return Some(Num::Int(value));
        }
    }
    Some(Num::Big(bigint_from_limbs(negative, limbs)))
}

/// The integer `value` as a term: small when it fits, otherwise a big
/// integer on `heap` (one allocation).
pub fn integer_from_bigint(heap: &mut Heap, value: &BigInt) -> Term {
    if let Some(small) = value.to_i64().and_then(Term::small) {
        return small;
    }
    let (sign, limbs) = value.to_u64_digits();
    let kind = if sign == Sign::Minus { BoxKind::NegBig } else { BoxKind::PosBig };
    let ptr = heap.alloc(1 + limbs.len());
    // SAFETY: the allocation holds the header and one word per limb.
    unsafe {
        ptr.write(Term::header(kind, limbs.len()));
        std::ptr::copy_nonoverlapping(limbs.as_ptr() as *const Term, ptr.add(1), limbs.len());
    }
    Term::boxed_ptr(ptr)
}

/// A number as a term, allocating on `heap` when it is not a small integer.
pub fn number_term(heap: &mut Heap, number: Num) -> Term {
    match number {
        Num::Int(value) => super::build::integer(heap, value),
        Num::Big(value) => integer_from_bigint(heap, &value),
        Num::Float(value) => super::build::float(heap, value),
    }
}

/// Whether `value` fits a small integer.
pub fn fits_small(value: &BigInt) -> bool {
    value.to_i64().is_some_and(|value| (SMALL_MIN..=SMALL_MAX).contains(&value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use num_traits::One;

    fn edge_values() -> Vec<BigInt> {
        let mut values = Vec::new();
        for base in [
            BigInt::from(0),
            BigInt::from(SMALL_MAX),
            BigInt::from(SMALL_MIN),
            BigInt::from(i64::MAX),
            BigInt::from(i64::MIN),
            BigInt::from(u64::MAX),
            BigInt::one() << 64usize,
            BigInt::one() << 200usize,
        ] {
            for delta in -2i64..=2 {
                let value: BigInt = &base + delta;
                values.push(-&value);
                values.push(value);
            }
        }
        values
    }

    #[test]
    fn integers_round_trip_and_normalise() {
        let mut heap = Heap::new(4);
        for value in edge_values() {
            let term = integer_from_bigint(&mut heap, &value);
            assert_eq!(bigint_of(term), Some(value.clone()));
            assert_eq!(term.is_small(), fits_small(&value), "{value}");
            if let Some((_, limbs)) = bigint_limbs(term) {
                assert_ne!(*limbs.last().unwrap(), 0, "no leading zero limb");
            }
            let num = to_num(term).unwrap();
            match &num {
                Num::Int(int) => assert_eq!(BigInt::from(*int), value),
                Num::Big(big) => {
                    assert_eq!(big, &value);
                    assert!(value.to_i64().is_none());
                }
                Num::Float(_) => unreachable!(),
            }
            let again = number_term(&mut heap, num);
            assert_eq!(bigint_of(again), Some(value));
        }
    }

    #[test]
    fn floats_and_non_numbers() {
        let mut heap = Heap::new(4);
        let float = number_term(&mut heap, Num::Float(2.5));
        assert_eq!(to_num(float), Some(Num::Float(2.5)));
        assert_eq!(bigint_of(float), None);
        assert_eq!(to_num(Term::NIL), None);
        assert_eq!(bigint_limbs(Term::small_unchecked(1)), None);
    }
}
