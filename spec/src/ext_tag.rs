//! The tags of Erlang's external term format (`erl_ext_dist`), which both
//! the VM (`term_to_binary`, distribution) and the loader (the literal table
//! of BEAM files) read.

/// The version byte that starts a term outside a distribution message.
pub const VERSION: u8 = 131;
/// `NEW_FLOAT_EXT`: 8 bytes, an IEEE 754 double, big-endian.
pub const NEW_FLOAT: u8 = 70;
/// `BIT_BINARY_EXT`: length, bits used in the last byte, data.
pub const BIT_BINARY: u8 = 77;
/// A compressed term (`term_to_binary(T, [compressed])`).
pub const COMPRESSED: u8 = 80;
/// `ATOM_CACHE_REF`: only valid after a distribution header.
pub const ATOM_CACHE_REF: u8 = 82;
/// `NEW_PID_EXT`: node, id, serial, 32-bit creation.
pub const NEW_PID: u8 = 88;
/// `NEW_PORT_EXT`.
pub const NEW_PORT: u8 = 89;
/// `NEWER_REFERENCE_EXT`: length, node, 32-bit creation, numbers.
pub const NEWER_REFERENCE: u8 = 90;
/// `SMALL_INTEGER_EXT`: one unsigned byte.
pub const SMALL_INTEGER: u8 = 97;
/// `INTEGER_EXT`: a signed 32-bit big-endian integer.
pub const INTEGER: u8 = 98;
/// `FLOAT_EXT`: 31 bytes of text.
pub const FLOAT: u8 = 99;
/// `ATOM_EXT`: 16-bit length, Latin-1 text.
pub const ATOM: u8 = 100;
/// `REFERENCE_EXT`: node, one number, 8-bit creation.
pub const REFERENCE: u8 = 101;
/// `PORT_EXT`.
pub const PORT: u8 = 102;
/// `PID_EXT`: node, id, serial, 8-bit creation.
pub const PID: u8 = 103;
/// `SMALL_TUPLE_EXT`: 8-bit arity, elements.
pub const SMALL_TUPLE: u8 = 104;
/// `LARGE_TUPLE_EXT`: 32-bit arity, elements.
pub const LARGE_TUPLE: u8 = 105;
/// `NIL_EXT`: `[]`.
pub const NIL: u8 = 106;
/// `STRING_EXT`: 16-bit length, bytes (a list of small integers).
pub const STRING: u8 = 107;
/// `LIST_EXT`: 32-bit length, elements, tail.
pub const LIST: u8 = 108;
/// `BINARY_EXT`: 32-bit length, bytes.
pub const BINARY: u8 = 109;
/// `SMALL_BIG_EXT`: 8-bit length, sign, little-endian magnitude.
pub const SMALL_BIG: u8 = 110;
/// `LARGE_BIG_EXT`: 32-bit length, sign, little-endian magnitude.
pub const LARGE_BIG: u8 = 111;
/// `NEW_FUN_EXT`.
pub const NEW_FUN: u8 = 112;
/// `EXPORT_EXT`: `fun M:F/A`.
pub const EXPORT: u8 = 113;
/// `NEW_REFERENCE_EXT`: length, node, 8-bit creation, numbers.
pub const NEW_REFERENCE: u8 = 114;
/// `SMALL_ATOM_EXT`: 8-bit length, Latin-1 text.
pub const SMALL_ATOM: u8 = 115;
/// `MAP_EXT`: 32-bit pair count, keys and values alternating.
pub const MAP: u8 = 116;
/// `FUN_EXT`: the fun format before OTP R8 (removed in OTP 23).
pub const FUN: u8 = 117;
/// `ATOM_UTF8_EXT`: 16-bit length, UTF-8 text.
pub const ATOM_UTF8: u8 = 118;
/// `SMALL_ATOM_UTF8_EXT`: 8-bit length, UTF-8 text.
pub const SMALL_ATOM_UTF8: u8 = 119;
/// `V4_PORT_EXT`.
pub const V4_PORT: u8 = 120;
/// `LOCAL_EXT`: a node-local encoding (OTP 26).
pub const LOCAL: u8 = 121;
