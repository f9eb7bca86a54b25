//! What each role of the instruction table means to the loader's analyses,
//! said once.
//!
//! [`meaning`] is the one exhaustive match over [`Role`] in the loader: a new
//! role does not build until it is given, here, what it means to the x
//! register check (and through it to labels and implied registers), to the
//! frame check, to the marker check and to the float register check. The
//! analyses match these small enums exhaustively in turn, so a new way of
//! using registers, frames or markers stops the build in every analysis that
//! must decide about it.

use crate::error::MarkerKind;
use girder_spec::Role;

/// What an operand does to the x registers, by its role.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Use {
    /// Nothing this analysis tracks.
    Ignored,
    /// A live count: the instruction may collect first, which reads
    /// x0..x(N-1) and keeps only them.
    Live,
    /// A call's arity: x0..x(N+beyond-1) are read as arguments (the fun, or
    /// the module and function, lying just above them).
    Arguments {
        /// The registers read above the arguments.
        beyond: u32,
    },
    /// Sources read: the operand, or every entry of a list.
    Read,
    /// A register read, then written.
    Update,
    /// Registers written.
    Write,
    /// Keys read, then their values written to the destinations.
    Fields,
    /// Constants read, and a label per constant jumped to with every register.
    Table,
    /// A label jumped to with every register.
    Jump,
    /// A handler's label, reached by an exception with no x register.
    Handler,
    /// A receive's label, reached when a message arrives with no x register.
    Retry,
}

/// What an operand does to the frame, by its role.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FrameUse {
    /// Nothing.
    None,
    /// It creates a frame of N y registers, where there was none.
    Creates,
    /// It removes the frame, which must have exactly N y registers.
    Removes,
    /// It drops N y registers from the bottom of the frame.
    Drops,
    /// It keeps N y registers after dropping some.
    Keeps,
}

/// What an operand does to `try` and `catch` markers, by its role.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum MarkerUse {
    /// Nothing.
    None,
    /// It installs a marker of this kind in the y register.
    Install(MarkerKind),
    /// It removes the marker of this kind from the y register;
    /// `starts_handler` when it may be a handler's first instruction.
    End { kind: MarkerKind, starts_handler: bool },
}

/// What an operand does to the float registers, by its role.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FloatUse {
    /// Nothing.
    None,
    /// It reads the float register.
    Read,
    /// It writes the float register.
    Write,
}

/// What one role means to each analysis.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Meaning {
    /// To the x registers, the labels and the implied registers.
    pub(crate) x: Use,
    /// To the frame.
    pub(crate) frame: FrameUse,
    /// To the markers.
    pub(crate) marker: MarkerUse,
    /// To the float registers.
    pub(crate) float: FloatUse,
}

/// What an operand of `role` means to each analysis.
pub(crate) fn meaning(role: Role) -> Meaning {
    let plain = |x: Use| Meaning { x, frame: FrameUse::None, marker: MarkerUse::None, float: FloatUse::None };
    let frame = |frame: FrameUse| Meaning { x: Use::Ignored, frame, marker: MarkerUse::None, float: FloatUse::None };
    let marker = |marker: MarkerUse| Meaning { x: Use::Ignored, frame: FrameUse::None, marker, float: FloatUse::None };
    let float = |float: FloatUse| Meaning { x: Use::Ignored, frame: FrameUse::None, marker: MarkerUse::None, float };
    let end = |kind: MarkerKind, starts_handler: bool| marker(MarkerUse::End { kind, starts_handler });
    match role {
        // ---- counts ----
        Role::Arity => plain(Use::Arguments { beyond: 0 }),
        Role::FunArity => plain(Use::Arguments { beyond: 1 }),
        Role::ApplyArity => plain(Use::Arguments { beyond: 2 }),
        Role::Live => plain(Use::Live),
        Role::StackNeed => frame(FrameUse::Creates),
        Role::FrameSize => frame(FrameUse::Removes),
        Role::Dropped => frame(FrameUse::Drops),
        Role::Kept => frame(FrameUse::Keeps),
        Role::HeapNeed | Role::Index | Role::Size | Role::Unit | Role::Flags | Role::Bits => plain(Use::Ignored),
        // ---- registers ----
        Role::Src => plain(Use::Read),
        Role::Dst => plain(Use::Write),
        Role::Updated => plain(Use::Update),
        Role::FloatSrc => float(FloatUse::Read),
        Role::FloatDst => float(FloatUse::Write),
        Role::MarkTry => marker(MarkerUse::Install(MarkerKind::Try)),
        Role::MarkCatch => marker(MarkerUse::Install(MarkerKind::Catch)),
        Role::EndTry => end(MarkerKind::Try, false),
        Role::HandleTry => end(MarkerKind::Try, true),
        Role::HandleCatch => end(MarkerKind::Catch, true),
        // ---- labels ----
        Role::Target | Role::Fail => plain(Use::Jump),
        Role::Handler => plain(Use::Handler),
        Role::Retry => plain(Use::Retry),
        // ---- names ----
        Role::Atom | Role::Local | Role::External | Role::Bif | Role::Lam => plain(Use::Ignored),
        // ---- lists ----
        Role::Args | Role::Elements | Role::Free | Role::Keys | Role::Pairs | Role::Segments => plain(Use::Read),
        Role::Init => plain(Use::Ignored),
        Role::Cases | Role::ArityCases => plain(Use::Table),
        Role::Fields => plain(Use::Fields),
    }
}

/// What an operand of `role` does to the float registers.
pub(crate) fn float_use_of(role: Role) -> FloatUse {
    meaning(role).float
}

/// What an operand of `role` does to the x registers.
pub(crate) fn use_of(role: Role) -> Use {
    meaning(role).x
}
