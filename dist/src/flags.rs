//! Distribution capability flags exchanged in the handshake.
//!
//! Each side of a connection announces a 64-bit set of `DFLAG_*` bits in its
//! `send_name` (initiator) or `send_challenge` (acceptor) message. A feature is
//! in use on a connection only when both sides announce it, so a node that
//! leaves a bit out never receives the encoding that bit enables.
//!
//! [`DEFAULT`] is the set girder announces. It holds every flag an OTP 25 node
//! insists on ([`MANDATORY_OTP25`]) plus a few that cost nothing, and it
//! deliberately leaves out the two that would change the framing:
//!
//! * no [`DIST_HDR_ATOM_CACHE`]: the peer then sends every frame as a
//!   *pass-through* message (a 4-byte length, the byte 112, then the control
//!   message and optional payload, each a complete external term beginning
//!   with 131), so no atom cache has to be kept per connection;
//! * no [`FRAGMENTS`]: every message arrives whole in one frame, so nothing
//!   has to be reassembled.

/// The node is visible: it appears in `nodes()` on its peers and takes part
/// in `global`'s name registry. Without it the node is hidden.
pub const PUBLISHED: u64 = 0x01;
/// The old atom cache (replaced by [`DIST_HDR_ATOM_CACHE`]); never announced.
pub const ATOM_CACHE: u64 = 0x02;
/// References may carry up to three 32-bit id words (`NEW_REFERENCE_EXT`).
pub const EXTENDED_REFERENCES: u64 = 0x04;
/// The node implements distributed process monitors (`MONITOR_P`,
/// `DEMONITOR_P`, `MONITOR_P_EXIT`).
pub const DIST_MONITOR: u64 = 0x08;
/// Funs are encoded with `FUN_EXT` (obsolete encoding, still mandatory in OTP 25).
pub const FUN_TAGS: u64 = 0x10;
/// Distributed monitors may name a registered process instead of a pid.
pub const DIST_MONITOR_NAME: u64 = 0x20;
/// The atom cache of hidden nodes; never announced by girder.
pub const HIDDEN_ATOM_CACHE: u64 = 0x40;
/// Funs are encoded with `NEW_FUN_EXT`.
pub const NEW_FUN_TAGS: u64 = 0x80;
/// Pids and ports carry the extended (15/13-bit plus serial) numbering.
pub const EXTENDED_PIDS_PORTS: u64 = 0x100;
/// External funs are encoded with `EXPORT_EXT`.
pub const EXPORT_PTR_TAG: u64 = 0x200;
/// Bitstrings are encoded with `BIT_BINARY_EXT`.
pub const BIT_BINARIES: u64 = 0x400;
/// Floats are encoded with `NEW_FLOAT_EXT` (8-byte IEEE).
pub const NEW_FLOATS: u64 = 0x800;
/// The node understands the Unicode I/O protocol.
pub const UNICODE_IO: u64 = 0x1000;
/// Frames carry a distribution header with an atom cache (byte 131, 68).
/// Not announced: girder frames are pass-through.
pub const DIST_HDR_ATOM_CACHE: u64 = 0x2000;
/// The node understands `SMALL_ATOM_EXT`.
pub const SMALL_ATOM_TAGS: u64 = 0x4000;
/// Atoms may be encoded in UTF-8 (`ATOM_UTF8_EXT`, `SMALL_ATOM_UTF8_EXT`).
pub const UTF8_ATOMS: u64 = 0x10000;
/// Maps are encoded with `MAP_EXT`.
pub const MAP_TAG: u64 = 0x20000;
/// Creations are 32 bits (`NEW_PID_EXT`, `NEWER_REFERENCE_EXT`, `V4_PORT_EXT`).
pub const BIG_CREATION: u64 = 0x40000;
/// `SEND_SENDER` control messages carry the sending pid.
pub const SEND_SENDER: u64 = 0x80000;
/// Sequential-trace labels may be any term.
pub const BIG_SEQTRACE_LABELS: u64 = 0x100000;
/// Exit signals carry their reason as a payload term (`PAYLOAD_EXIT` and friends).
pub const EXIT_PAYLOAD: u64 = 0x400000;
/// Large messages may be split into fragments. Not announced: girder
/// receives every message whole.
pub const FRAGMENTS: u64 = 0x800000;
/// The node speaks the version-6 (OTP 23) handshake with 64-bit flags and
/// 32-bit creations in `send_name` and `send_challenge`.
pub const HANDSHAKE_23: u64 = 0x1000000;
/// Unlink signals carry an id and are acknowledged (`UNLINK_ID`, `UNLINK_ID_ACK`).
pub const UNLINK_ID: u64 = 0x2000000;
/// Shorthand an OTP 25 node accepts in place of all of [`MANDATORY_OTP25`].
pub const MANDATORY_25_DIGEST: u64 = 0x4000000;
/// Remote spawn with `SPAWN_REQUEST` / `SPAWN_REPLY`.
pub const SPAWN: u64 = 1 << 32;
/// The initiator asks the acceptor to pick its node name (dynamic names).
/// Not supported by girder.
pub const NAME_ME: u64 = 1 << 33;
/// Pids, ports and references use the version-4 node container encodings
/// (64-bit port ids).
pub const V4_NC: u64 = 1 << 34;
/// Process aliases (`ALIAS_SEND`).
pub const ALIAS: u64 = 1 << 35;

/// The flags an OTP 25 node requires of its peer; a peer lacking any of them
/// is refused (unless it sends [`MANDATORY_25_DIGEST`] instead).
pub const MANDATORY_OTP25: u64 = EXTENDED_REFERENCES
    | FUN_TAGS
    | EXTENDED_PIDS_PORTS
    | NEW_FUN_TAGS
    | EXPORT_PTR_TAG
    | BIT_BINARIES
    | NEW_FLOATS
    | UTF8_ATOMS
    | MAP_TAG
    | BIG_CREATION
    | HANDSHAKE_23;

/// The flags girder announces by default.
///
/// * [`MANDATORY_OTP25`] so that an OTP 25 node accepts the connection; it
///   fixes the term encodings both sides use (`NEW_PID_EXT`,
///   `NEWER_REFERENCE_EXT`, `NEW_FLOAT_EXT`, `MAP_TAG`, UTF-8 atoms, ...).
/// * [`PUBLISHED`] so the node is visible (`nodes()` lists it).
/// * [`DIST_MONITOR`] and [`DIST_MONITOR_NAME`]: the node implements
///   `monitor/2` across nodes, by pid and by registered name.
/// * [`SMALL_ATOM_TAGS`]: a decoder that reads UTF-8 atoms reads these too.
///
/// Left out on purpose: [`DIST_HDR_ATOM_CACHE`] and [`FRAGMENTS`] (see the
/// module documentation), [`NAME_ME`] (girder nodes are always named), and the
/// optional protocol extensions ([`SEND_SENDER`], [`EXIT_PAYLOAD`],
/// [`UNLINK_ID`], [`SPAWN`], [`ALIAS`], [`V4_NC`], [`BIG_SEQTRACE_LABELS`]): a
/// peer then uses the older control messages (`SEND`, `EXIT`, `UNLINK`), which
/// are fewer to implement. A node that implements one of them adds its bit.
pub const DEFAULT: u64 = MANDATORY_OTP25 | PUBLISHED | DIST_MONITOR | DIST_MONITOR_NAME | SMALL_ATOM_TAGS;

/// Flags a peer must announce for girder to talk to it: the OTP 25 mandatory
/// set, which both pins the term encodings and proves the peer speaks the
/// version-6 handshake.
pub const REQUIRED: u64 = MANDATORY_OTP25;

/// The required flags that `peer_flags` lacks, or 0.
///
/// A peer that announces [`MANDATORY_25_DIGEST`] is taken to have all of
/// [`MANDATORY_OTP25`], as OTP 25 does.
pub fn missing_required(peer_flags: u64) -> u64 {
    if peer_flags & MANDATORY_25_DIGEST != 0 {
        return REQUIRED & !MANDATORY_OTP25 & !peer_flags;
    }
    REQUIRED & !peer_flags
}

/// Names of every flag, in bit order, for messages.
const NAMES: &[(u64, &str)] = &[
    (PUBLISHED, "PUBLISHED"),
    (ATOM_CACHE, "ATOM_CACHE"),
    (EXTENDED_REFERENCES, "EXTENDED_REFERENCES"),
    (DIST_MONITOR, "DIST_MONITOR"),
    (FUN_TAGS, "FUN_TAGS"),
    (DIST_MONITOR_NAME, "DIST_MONITOR_NAME"),
    (HIDDEN_ATOM_CACHE, "HIDDEN_ATOM_CACHE"),
    (NEW_FUN_TAGS, "NEW_FUN_TAGS"),
    (EXTENDED_PIDS_PORTS, "EXTENDED_PIDS_PORTS"),
    (EXPORT_PTR_TAG, "EXPORT_PTR_TAG"),
    (BIT_BINARIES, "BIT_BINARIES"),
    (NEW_FLOATS, "NEW_FLOATS"),
    (UNICODE_IO, "UNICODE_IO"),
    (DIST_HDR_ATOM_CACHE, "DIST_HDR_ATOM_CACHE"),
    (SMALL_ATOM_TAGS, "SMALL_ATOM_TAGS"),
    (UTF8_ATOMS, "UTF8_ATOMS"),
    (MAP_TAG, "MAP_TAG"),
    (BIG_CREATION, "BIG_CREATION"),
    (SEND_SENDER, "SEND_SENDER"),
    (BIG_SEQTRACE_LABELS, "BIG_SEQTRACE_LABELS"),
    (EXIT_PAYLOAD, "EXIT_PAYLOAD"),
    (FRAGMENTS, "FRAGMENTS"),
    (HANDSHAKE_23, "HANDSHAKE_23"),
    (UNLINK_ID, "UNLINK_ID"),
    (MANDATORY_25_DIGEST, "MANDATORY_25_DIGEST"),
    (SPAWN, "SPAWN"),
    (NAME_ME, "NAME_ME"),
    (V4_NC, "V4_NC"),
    (ALIAS, "ALIAS"),
];

/// Names the bits of `flags`, separated by `|` (unknown bits in hex), for
/// messages such as "peer lacks EXTENDED_REFERENCES|MAP_TAG".
pub fn describe(flags: u64) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut rest = flags;
    for &(bit, name) in NAMES {
        if flags & bit != 0 {
            parts.push(name.to_string());
            rest &= !bit;
        }
    }
    if rest != 0 {
        parts.push(format!("{rest:#x}"));
    }
    if parts.is_empty() {
        "(none)".to_string()
    } else {
        parts.join("|")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_satisfies_otp25_and_keeps_frames_pass_through() {
        assert_eq!(missing_required(DEFAULT), 0);
        assert_eq!(DEFAULT & (DIST_HDR_ATOM_CACHE | FRAGMENTS | ATOM_CACHE | HIDDEN_ATOM_CACHE), 0);
        assert_eq!(DEFAULT & NAME_ME, 0);
    }

    #[test]
    fn digest_flag_stands_for_the_mandatory_set() {
        assert_eq!(missing_required(MANDATORY_25_DIGEST), 0);
        assert_eq!(missing_required(PUBLISHED), MANDATORY_OTP25);
    }

    #[test]
    fn describe_names_bits() {
        assert_eq!(describe(MAP_TAG | UTF8_ATOMS), "UTF8_ATOMS|MAP_TAG");
        assert_eq!(describe(0), "(none)");
        assert_eq!(describe(1 << 40), "0x10000000000");
    }
}
