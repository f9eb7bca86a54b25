//! The kinds of boxed objects and how their payload words are laid out.

/// The kind of a boxed object, stored in bits 2..6 of its header word.
///
/// Layouts (payload = the header's arity words after the header):
///
/// | kind | payload |
/// |------|---------|
/// | `Tuple` | the elements, as terms |
/// | `PosBig`, `NegBig` | magnitude digits, 64-bit little-endian limbs (raw words), no leading zero limb |
/// | `Float` | the `f64` bits (one raw word) |
/// | `Ref` | the reference number (one raw word) |
/// | `Fun` | a small integer `module_index << 32 | fun_index`, the module's name atom, then the free variables, as terms (arity = 2 + free variables) |
/// | `Map` | sorted key/value pairs `k1, v1, k2, v2, ...`, as terms; keys strictly ascending in map key order (`term::compare::key_order`) |
/// | `Binary` | the byte length (raw word), then the bytes, packed little-endian into words |
/// | `ExternalPid` | node atom, id, serial, creation, all as terms |
/// | `ExternalRef` | node atom, creation, then the reference's 32-bit numbers (1 to [`MAX_REF_NUMBERS`](super::build::MAX_REF_NUMBERS), least significant first), all as terms |
/// | `ExportFun` | module atom, function atom, arity (a small integer, at most 255): `fun M:F/A`, all as terms |
/// | `MagicRef` | the reference number (one raw word), then the address of the counted native object (`memory::resource`) |
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum BoxKind {
    /// A tuple.
    Tuple = 0,
    /// A non-negative big integer.
    PosBig = 1,
    /// A negative big integer.
    NegBig = 2,
    /// A float.
    Float = 3,
    /// A reference.
    Ref = 4,
    /// A fun with its free variables.
    Fun = 5,
    /// A map.
    Map = 6,
    /// A bitstring whose bytes follow the header on the heap: payload word
    /// 0 is its size in bits, then the bytes, packed eight to a word.
    Binary = 7,
    /// A pid of another node.
    ExternalPid = 8,
    /// A reference of another node.
    ExternalRef = 9,
    /// An external fun, `fun M:F/A`.
    ExportFun = 10,
    /// A bitstring whose bytes are off the heap, shared and counted
    /// (`memory::off_heap`): payload word 0 is its size in bits, word 1 the
    /// address of the `OffHeapBinary`.
    RefBinary = 11,
    /// A slice of another bitstring: payload word 0 is the bitstring it
    /// slices (a `Binary` or `RefBinary`), words 1 and 2 small integers,
    /// the offset and the size in bits.
    SubBinary = 12,
    /// The state of a binary match (`bs_start_match3`/`4`): payload word 0
    /// is the bitstring matched (a `Binary` or `RefBinary`), words 1, 2 and
    /// 3 small integers, the start, the end and the current position in bits.
    MatchContext = 13,
    /// A reference that also holds a count on a native object off the
    /// heaps (`memory::resource`: the arrays of `counters` and `atomics`),
    /// OTP's "magic reference": payload word 0 is the reference number,
    /// word 1 the object's address. It compares, hashes, prints and
    /// encodes as the plain reference with its number.
    MagicRef = 14,
}

impl BoxKind {
    /// Every kind.
    pub const ALL: [BoxKind; 15] = [
        BoxKind::Tuple,
        BoxKind::PosBig,
        BoxKind::NegBig,
        BoxKind::Float,
        BoxKind::Ref,
        BoxKind::Fun,
        BoxKind::Map,
        BoxKind::Binary,
        BoxKind::ExternalPid,
        BoxKind::ExternalRef,
        BoxKind::ExportFun,
        BoxKind::RefBinary,
        BoxKind::SubBinary,
        BoxKind::MatchContext,
        BoxKind::MagicRef,
    ];

    /// Decodes the four kind bits of a header.
    ///
    /// Headers are only written by the VM, so an unknown pattern is a VM bug.
    #[inline(always)]
    pub fn from_bits(bits: u8) -> BoxKind {
        match bits {
            0 => BoxKind::Tuple,
            1 => BoxKind::PosBig,
            2 => BoxKind::NegBig,
            3 => BoxKind::Float,
            4 => BoxKind::Ref,
            5 => BoxKind::Fun,
            6 => BoxKind::Map,
            7 => BoxKind::Binary,
            8 => BoxKind::ExternalPid,
            9 => BoxKind::ExternalRef,
            10 => BoxKind::ExportFun,
            11 => BoxKind::RefBinary,
            12 => BoxKind::SubBinary,
            13 => BoxKind::MatchContext,
            14 => BoxKind::MagicRef,
            _ => unreachable!("corrupt header kind {bits}"),
        }
    }

    /// Decodes four kind bits; `None` for a pattern no kind uses (for
    /// checkers that look at words they do not trust).
    pub const fn try_from_bits(bits: u8) -> Option<BoxKind> {
        if (bits as usize) < BoxKind::ALL.len() {
            Some(BoxKind::ALL[bits as usize])
        } else {
            None
        }
    }

    /// Whether the payload words are terms (which the collector must scan)
    /// rather than raw data (which it copies untouched).
    #[inline(always)]
    pub const fn payload_is_terms(self) -> bool {
        matches!(
            self,
            BoxKind::Tuple
                | BoxKind::Fun
                | BoxKind::Map
                | BoxKind::ExternalPid
                | BoxKind::ExternalRef
                | BoxKind::ExportFun
                | BoxKind::SubBinary
                | BoxKind::MatchContext
        )
    }

    /// Whether this is a bitstring: on the heap, off it, or a slice.
    #[inline(always)]
    pub const fn is_bitstring(self) -> bool {
        matches!(self, BoxKind::Binary | BoxKind::RefBinary | BoxKind::SubBinary)
    }

    /// Whether this is a reference: local (plain or magic) or of another node.
    #[inline(always)]
    pub const fn is_reference(self) -> bool {
        matches!(self, BoxKind::Ref | BoxKind::MagicRef | BoxKind::ExternalRef)
    }

    /// Whether this is a fun, local or external.
    #[inline(always)]
    pub const fn is_fun(self) -> bool {
        matches!(self, BoxKind::Fun | BoxKind::ExportFun)
    }

    /// Whether this is a big integer.
    #[inline(always)]
    pub const fn is_bigint(self) -> bool {
        matches!(self, BoxKind::PosBig | BoxKind::NegBig)
    }
}
