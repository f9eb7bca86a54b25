//! Instructions as lists of operands, generated from the instruction table.
//!
//! [`instr_from_operands`] builds any [`Instr`] from its opcode and a list of
//! [`OperandValue`]s, and [`instr_operands`] takes any [`Instr`] apart into
//! that list. Both are expanded from `girder_spec::for_each_instruction!`, so
//! a new row of the table needs no change here.

use girder_loader::{AtomIndex, Cases, Dst, Fail, Instr, KeyDsts, KeyVals, Label, Src, Srcs, Ys};

/// One decoded operand, tagged with its operand kind.
///
/// There is one variant per [`girder_spec::OperandKind`], holding the Rust type
/// the loader uses for that kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OperandValue {
    /// `U`: an unsigned count or index.
    U(u32),
    /// `S`: a source.
    S(Src),
    /// `D`: a destination register.
    D(Dst),
    /// `Y`: a y register number.
    Y(u32),
    /// `L`: a label.
    L(Label),
    /// `Fail`: a fail label or none.
    Fail(Fail),
    /// `A`: an atom index.
    A(AtomIndex),
    /// `F`: a local function index.
    F(u32),
    /// `E`: an import index.
    E(u32),
    /// `B`: an import index naming a BIF.
    B(u32),
    /// `Lam`: a fun-table index.
    Lam(u32),
    /// `Srcs`: a list of sources.
    Srcs(Srcs),
    /// `Ys`: a list of y registers.
    Ys(Ys),
    /// `Cases`: a jump table.
    Cases(Cases),
    /// `KeyVals`: key/value source pairs.
    KeyVals(KeyVals),
    /// `KeyDsts`: key/destination pairs.
    KeyDsts(KeyDsts),
}

impl OperandValue {
    /// The operand kind this value belongs to.
    pub fn kind(&self) -> girder_spec::OperandKind {
        use girder_spec::OperandKind;
        match self {
            OperandValue::U(_) => OperandKind::U,
            OperandValue::S(_) => OperandKind::S,
            OperandValue::D(_) => OperandKind::D,
            OperandValue::Y(_) => OperandKind::Y,
            OperandValue::L(_) => OperandKind::L,
            OperandValue::Fail(_) => OperandKind::Fail,
            OperandValue::A(_) => OperandKind::A,
            OperandValue::F(_) => OperandKind::F,
            OperandValue::E(_) => OperandKind::E,
            OperandValue::B(_) => OperandKind::B,
            OperandValue::Lam(_) => OperandKind::Lam,
            OperandValue::Srcs(_) => OperandKind::Srcs,
            OperandValue::Ys(_) => OperandKind::Ys,
            OperandValue::Cases(_) => OperandKind::Cases,
            OperandValue::KeyVals(_) => OperandKind::KeyVals,
            OperandValue::KeyDsts(_) => OperandKind::KeyDsts,
        }
    }
}

/// Takes the next operand of kind `$kind` from an iterator of [`OperandValue`]s,
/// returning `None` from the enclosing function when it is missing or of another kind.
macro_rules! take_operand {
    ($kind:ident, $values:ident) => {
        match $values.next() {
            Some(OperandValue::$kind(value)) => value,
            _ => return None,
        }
    };
}

/// Emits `if let Instr::Variant(a, b, ..) = instr { return vec![..] }` for one row.
///
/// Each recursion step adds one binding named `value`; macro hygiene keeps
/// the bindings of different steps apart, so a row with several operands of
/// the same kind needs no invented names.
macro_rules! return_operands {
    ($instr:ident, $variant:ident, [], [$($binding:ident: $kind:ident,)*]) => {
        if let Instr::$variant($($binding),*) = *$instr {
            return vec![$(OperandValue::$kind($binding)),*];
        }
    };
    ($instr:ident, $variant:ident, [$head:ident $(, $rest:ident)*], [$($done:tt)*]) => {
        return_operands!($instr, $variant, [$($rest),*], [$($done)* value: $head,])
    };
}

macro_rules! define_operand_conversions {
    ($($op:literal, $name:ident, $variant:ident, [$($kind:ident),*], $cost:literal, $doc:literal;)*) => {
        /// Builds the instruction with opcode `opcode` from its operands, in table order.
        ///
        /// Returns `None` for an unknown opcode, or when the number or kinds of
        /// the operands do not match the instruction's row in the table.
        pub fn instr_from_operands(opcode: u8, operands: &[OperandValue]) -> Option<Instr> {
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

        /// The operands of `instr`, in table order, each tagged with its kind.
        pub fn instr_operands(instr: &Instr) -> Vec<OperandValue> {
            $(return_operands!(instr, $variant, [$($kind),*], []);)*
            Vec::new()
        }
    };
}
girder_spec::for_each_instruction!(define_operand_conversions);

#[cfg(test)]
mod tests {
    use super::*;
    use girder_spec::INSTRUCTIONS;

    /// A value of each kind, distinct enough that a swapped pair would show.
    fn sample(kind: girder_spec::OperandKind, position: u32) -> OperandValue {
        use girder_spec::OperandKind as K;
        let span = girder_loader::Span { start: position, len: position + 1 };
        match kind {
            K::U => OperandValue::U(position + 10),
            K::S => OperandValue::S(Src::x(position)),
            K::D => OperandValue::D(Dst::Y(position)),
            K::Y => OperandValue::Y(position + 20),
            K::L => OperandValue::L(Label(position + 30)),
            K::Fail => OperandValue::Fail(Fail::to(Label(position + 40))),
            K::A => OperandValue::A(position + 50),
            K::F => OperandValue::F(position + 60),
            K::E => OperandValue::E(position + 70),
            K::B => OperandValue::B(position + 80),
            K::Lam => OperandValue::Lam(position + 90),
            K::Srcs => OperandValue::Srcs(Srcs(span)),
            K::Ys => OperandValue::Ys(Ys(span)),
            K::Cases => OperandValue::Cases(Cases(span)),
            K::KeyVals => OperandValue::KeyVals(KeyVals(span)),
            K::KeyDsts => OperandValue::KeyDsts(KeyDsts(span)),
        }
    }

    #[test]
    fn every_row_round_trips_through_operands() {
        for info in INSTRUCTIONS {
            let operands: Vec<OperandValue> =
                info.operands.iter().zip(0..).map(|(&kind, position)| sample(kind, position)).collect();
            let instr = instr_from_operands(info.opcode, &operands).expect("operands match the row");
            assert_eq!(instr.opcode(), info.opcode);
            assert_eq!(instr_operands(&instr), operands, "{}", info.name);
            assert!(operands.iter().map(OperandValue::kind).eq(info.operands.iter().copied()));
        }
    }

    #[test]
    fn mismatched_operands_build_nothing() {
        assert_eq!(instr_from_operands(0, &[]), None);
        let move_opcode = girder_spec::instruction_by_name("move").unwrap().opcode;
        assert_eq!(instr_from_operands(move_opcode, &[OperandValue::S(Src::x(0))]), None);
        let too_many = [OperandValue::S(Src::x(0)), OperandValue::D(Dst::X(1)), OperandValue::U(0)];
        assert_eq!(instr_from_operands(move_opcode, &too_many), None);
        let wrong_kind = [OperandValue::D(Dst::X(0)), OperandValue::D(Dst::X(1))];
        assert_eq!(instr_from_operands(move_opcode, &wrong_kind), None);
    }
}
