//! The type tests of one operand (`is_integer`, `is_tuple`, ...): one
//! list of the instructions and the predicate each applies, from which the
//! generic handler gets one arm for them all.
//!
//! The macro `any_type_test!` defined here is a pattern, so this module is
//! declared before the code that matches on it.

use crate::term::Term;
use girder_loader::Instr;

/// Defines, from one list of the type tests of one operand with the
/// predicate each applies, the pattern `any_type_test!` that matches them
/// all and `passes_type_test`, which applies the right predicate.
macro_rules! type_tests {
    ($($variant:ident => $predicate:expr;)*) => {
        /// Matches any type test of one operand, binding its fail label
        /// and its operand.
        macro_rules! any_type_test {
            ($fail:ident, $src:ident) => {
                $(Instr::$variant($fail, $src))|*
            };
        }

        /// Whether `term` passes `test`, one of the type tests
        /// `any_type_test!` matches.
        #[inline(always)]
        pub(super) fn passes_type_test(test: &Instr, term: Term) -> bool {
            match test {
                $(Instr::$variant(..) => $predicate(term),)*
                _ => unreachable!("not a type test of one operand"),
            }
        }
    };
}

type_tests! {
    IsInteger => Term::is_integer;
    IsFloat => |term: Term| term.as_float().is_some();
    IsNumber => Term::is_number;
    IsAtom => Term::is_atom;
    IsPid => Term::is_pid;
    IsReference => Term::is_reference;
    IsNil => Term::is_nil;
    IsNonemptyList => Term::is_cons;
    IsList => Term::is_list;
    IsTuple => Term::is_tuple;
    IsBinary => |term: Term| crate::term::bits::is_binary(term);
    IsFunction => Term::is_fun;
    IsMap => |term: Term| term.is_box_of(crate::term::BoxKind::Map);
    IsBoolean => Term::is_boolean;
    // Every girder binary is a whole number of bytes, so every bit string
    // is a binary.
    IsBitstr => |term: Term| crate::term::bits::is_bitstring(term);
    // girder has no ports.
    IsPort => |_: Term| false;
}

/// `test_arity`: whether `term` is a tuple of `arity` elements.
#[inline(always)]
pub(super) fn has_arity(term: Term, arity: u32) -> bool {
    term.as_tuple().is_some_and(|elements| elements.len() == arity as usize)
}

/// `is_tagged_tuple`: whether `term` is a tuple of `arity` elements whose
/// first is the atom `tag`.
#[inline(always)]
pub(super) fn is_tagged(term: Term, arity: u32, tag: crate::term::Atom) -> bool {
    term.as_tuple()
        .is_some_and(|elements| elements.len() == arity as usize && elements.first() == Some(&Term::atom(tag)))
}
