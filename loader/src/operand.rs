//! A uniform view of an instruction's operands, generated from the table.
//!
//! [`operands`] turns any [`Instr`] into a short list of [`Operand`]s tagged
//! by their kind, and [`instr_from_operands`] builds any [`Instr`] from its
//! opcode and such a list, so the encoder, the verifier, the assembler, the
//! disassembler and the BEAM translator walk and build operands without a
//! hand-written `match` per opcode. This is the one Rust form of the
//! table's operand kinds.

use crate::module::{AtomIndex, Cases, Dst, Fail, Instr, KeyDsts, KeyVals, Label, Src, Srcs, Ys};
use girder_spec::{OperandKind, Role};

/// One operand of an instruction, tagged by its kind in the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operand {
    /// An unsigned count or index.
    U(u32),
    /// A source.
    S(Src),
    /// A destination register.
    D(Dst),
    /// A y register.
    Y(u32),
    /// A label in the same function.
    L(Label),
    /// A fail label, or none.
    Fail(Fail),
    /// An atom index.
    A(AtomIndex),
    /// A local function index.
    F(u32),
    /// An import index of an external function.
    E(u32),
    /// An import index of a BIF.
    B(u32),
    /// A fun-table index.
    Lam(u32),
    /// A list of sources.
    Srcs(Srcs),
    /// A list of y registers.
    Ys(Ys),
    /// A jump table.
    Cases(Cases),
    /// Key/value source pairs.
    KeyVals(KeyVals),
    /// Key/destination pairs.
    KeyDsts(KeyDsts),
    /// A float register.
    Fr(u32),
}

impl Operand {
    /// The operand's kind in the table.
    pub fn kind(&self) -> OperandKind {
        match self {
            Operand::U(_) => OperandKind::U,
            Operand::S(_) => OperandKind::S,
            Operand::D(_) => OperandKind::D,
            Operand::Y(_) => OperandKind::Y,
            Operand::L(_) => OperandKind::L,
            Operand::Fail(_) => OperandKind::Fail,
            Operand::A(_) => OperandKind::A,
            Operand::F(_) => OperandKind::F,
            Operand::E(_) => OperandKind::E,
            Operand::B(_) => OperandKind::B,
            Operand::Lam(_) => OperandKind::Lam,
            Operand::Srcs(_) => OperandKind::Srcs,
            Operand::Ys(_) => OperandKind::Ys,
            Operand::Cases(_) => OperandKind::Cases,
            Operand::KeyVals(_) => OperandKind::KeyVals,
            Operand::KeyDsts(_) => OperandKind::KeyDsts,
            Operand::Fr(_) => OperandKind::Fr,
        }
    }
}

/// The most operands any instruction of the table has.
///
/// Raising it needs one more name in `operand_view_table!` below; the build
/// fails if a row has more operands than there are names.
pub const MAX_OPERANDS: usize = 7;

/// The operands of one instruction, in table order, without allocating.
#[derive(Clone, Copy, Debug)]
pub struct Operands {
    items: [Operand; MAX_OPERANDS],
    len: usize,
}

impl Operands {
    fn from_slice(operands: &[Operand]) -> Operands {
        let mut items = [Operand::U(0); MAX_OPERANDS];
        let len = operands.len().min(MAX_OPERANDS);
        items[..len].copy_from_slice(&operands[..len]);
        Operands { items, len }
    }

    /// The operands as a slice.
    pub fn as_slice(&self) -> &[Operand] {
        &self.items[..self.len]
    }

    /// The operands as a mutable slice, to change some before
    /// [`instr_from_operands`] builds the instruction again.
    pub fn as_mut_slice(&mut self) -> &mut [Operand] {
        &mut self.items[..self.len]
    }
}

/// Builds the pattern `Instr::Variant(o0, o1, …)` binding one name per operand kind.
macro_rules! operand_pattern {
    ($variant:ident [] [$($unused:ident)*] [$($bound:ident)*]) => {
        Instr::$variant($($bound),*)
    };
    ($variant:ident [$kind:ident $($kinds:ident)*] [$name:ident $($names:ident)*] [$($bound:ident)*]) => {
        operand_pattern!($variant [$($kinds)*] [$($names)*] [$($bound)* $name])
    };
}

/// Builds the array `[Operand::Kind0(o0), Operand::Kind1(o1), …]` for the same names.
macro_rules! operand_values {
    ([] [$($unused:ident)*] [$($value:expr),*]) => {
        [$($value),*]
    };
    ([$kind:ident $($kinds:ident)*] [$name:ident $($names:ident)*] [$($value:expr),*]) => {
        operand_values!([$($kinds)*] [$($names)*] [$($value,)* Operand::$kind($name)])
    };
}

macro_rules! operand_view_table {
    ($($op:literal, $name:ident, $variant:ident, [$($role:ident: $kind:ident),*], [$($effect:tt)*],
       $cost:literal, $doc:literal;)*) => {
        /// The operands of `instr`, in the order the table lists their kinds.
        pub fn operands(instr: &Instr) -> Operands {
            match *instr {
                $(
                    operand_pattern!($variant [$($kind)*] [o0 o1 o2 o3 o4 o5 o6] []) => {
                        Operands::from_slice(&operand_values!([$($kind)*] [o0 o1 o2 o3 o4 o5 o6] []))
                    }
                )*
            }
        }
    };
}
girder_spec::for_each_instruction!(operand_view_table);

/// The operands of `instr` with their roles in the table, in table order.
///
/// The loader's analyses read an instruction through this: what each
/// operand means, not which instruction it belongs to.
pub fn operands_with_roles(instr: &Instr) -> impl Iterator<Item = (Role, Operand)> {
    let operands = operands(instr);
    instr.info().roles.iter().copied().zip(operands.items.into_iter().take(operands.len))
}

/// Takes the next operand of kind `$kind` from an iterator of [`Operand`]s,
/// returning `None` from the enclosing function when it is missing or of another kind.
macro_rules! take_operand {
    ($kind:ident, $values:ident) => {
        match $values.next() {
            Some(Operand::$kind(value)) => value,
            _ => return None,
        }
    };
}

macro_rules! instr_builder_table {
    ($($op:literal, $name:ident, $variant:ident, [$($role:ident: $kind:ident),*], [$($effect:tt)*],
       $cost:literal, $doc:literal;)*) => {
        /// Builds the instruction with opcode `opcode` from its operands, in table order.
        ///
        /// Returns `None` for an unknown opcode, or when the number or kinds of
        /// the operands do not match the instruction's row in the table.
        pub fn instr_from_operands(opcode: u8, operands: &[Operand]) -> Option<Instr> {
            let mut values = operands.iter().copied();
            let instr = match opcode {
                $($op => Instr::$variant($(take_operand!($kind, values)),*),)*
                _ => return None,
            };
            match values.next() {
                None => Some(instr),
                Some(_) => None,
            }
        }
    };
}
girder_spec::for_each_instruction!(instr_builder_table);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operand_kinds_follow_the_table() {
        let instr = Instr::GcBif(Fail::NONE, 2, 0, Srcs::default(), Dst::X(0));
        let kinds: Vec<OperandKind> = operands(&instr).as_slice().iter().map(Operand::kind).collect();
        assert_eq!(kinds, instr.info().operands);
        assert!(operands(&Instr::Return()).as_slice().is_empty());
    }

    /// A value of each kind, distinct enough that a swapped pair would show.
    fn sample(kind: OperandKind, position: u32) -> Operand {
        let span = crate::Span { start: position, len: position + 1 };
        match kind {
            OperandKind::U => Operand::U(position + 10),
            OperandKind::S => Operand::S(Src::x(position)),
            OperandKind::D => Operand::D(Dst::Y(position)),
            OperandKind::Y => Operand::Y(position + 20),
            OperandKind::L => Operand::L(Label(position + 30)),
            OperandKind::Fail => Operand::Fail(Fail::to(Label(position + 40))),
            OperandKind::A => Operand::A(position + 50),
            OperandKind::F => Operand::F(position + 60),
            OperandKind::E => Operand::E(position + 70),
            OperandKind::B => Operand::B(position + 80),
            OperandKind::Lam => Operand::Lam(position + 90),
            OperandKind::Srcs => Operand::Srcs(Srcs(span)),
            OperandKind::Ys => Operand::Ys(Ys(span)),
            OperandKind::Cases => Operand::Cases(Cases(span)),
            OperandKind::KeyVals => Operand::KeyVals(KeyVals(span)),
            OperandKind::KeyDsts => Operand::KeyDsts(KeyDsts(span)),
            OperandKind::Fr => Operand::Fr(position + 100),
        }
    }

    #[test]
    fn every_row_round_trips_through_operands() {
        for info in girder_spec::INSTRUCTIONS {
            let values: Vec<Operand> =
                info.operands.iter().zip(0..).map(|(&kind, position)| sample(kind, position)).collect();
            let instr = instr_from_operands(info.opcode, &values).expect("operands match the row");
            assert_eq!(instr.opcode(), info.opcode);
            assert_eq!(operands(&instr).as_slice(), values, "{}", info.name);
            assert!(values.iter().map(Operand::kind).eq(info.operands.iter().copied()));
        }
    }

    #[test]
    fn info_is_the_row_of_the_opcode() {
        for info in girder_spec::INSTRUCTIONS {
            let values: Vec<Operand> =
                info.operands.iter().zip(0..).map(|(&kind, position)| sample(kind, position)).collect();
            let instr = instr_from_operands(info.opcode, &values).expect("operands match the row");
            assert!(std::ptr::eq(instr.info(), info), "{}", info.name);
            let roles: Vec<Role> = operands_with_roles(&instr).map(|(role, _)| role).collect();
            assert_eq!(roles, info.roles, "{}", info.name);
        }
    }

    #[test]
    fn mismatched_operands_build_nothing() {
        assert_eq!(instr_from_operands(0, &[]), None);
        let move_opcode = girder_spec::instruction_by_name("move").unwrap().opcode;
        assert_eq!(instr_from_operands(move_opcode, &[Operand::S(Src::x(0))]), None);
        let too_many = [Operand::S(Src::x(0)), Operand::D(Dst::X(1)), Operand::U(0)];
        assert_eq!(instr_from_operands(move_opcode, &too_many), None);
        let wrong_kind = [Operand::D(Dst::X(0)), Operand::D(Dst::X(1))];
        assert_eq!(instr_from_operands(move_opcode, &wrong_kind), None);
    }

    #[test]
    fn no_row_has_more_operands_than_the_view_holds() {
        for info in girder_spec::INSTRUCTIONS {
            assert!(info.operands.len() <= MAX_OPERANDS, "{} has too many operands", info.name);
        }
    }
}
