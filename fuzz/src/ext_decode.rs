//! The external term format on bytes from the wire: what a peer node or
//! `binary_to_term/1` may hand the decoder.
//!
//! Any byte string decodes to a term or to an error naming an offset inside
//! the input; the decoder never panics and never reads past the input. A
//! term that decodes encodes again, and those bytes decode to a term exactly
//! equal to it. The first input byte chooses this node's identity, so that
//! pids and references are read both as this node's and as another's.
//!
//! The input's bytes also make bitstrings in each of their three forms (on
//! the heap, off it, and a slice at an odd bit offset), which must encode as
//! `BINARY_EXT` or `BIT_BINARY_EXT` and decode to the same bits, off the
//! heap (counted in the decoded fragment) when longer than 64 bytes.

use girder_vm::code::{CodeServer, NoModules};
use girder_vm::memory::heap::Heap;
use girder_vm::term::bits::{bitstring, bitstring_of, sub_bitstring, BitSlice};
use girder_vm::term::compare::exact_eq;
use girder_vm::term::{ext, Atom, BoxKind, NodeId};
use std::sync::OnceLock;

fn code() -> &'static CodeServer {
    static CODE: OnceLock<CodeServer> = OnceLock::new();
    CODE.get_or_init(|| CodeServer::new(Box::new(NoModules)))
}

/// Decodes `data` (after its first byte), and checks what comes out.
pub fn check(data: &[u8]) {
    let Some((&choice, bytes)) = data.split_first() else { return };
    let this = if choice & 1 == 0 {
        NodeId::NOT_DISTRIBUTED
    } else {
        NodeId { name: Atom::intern("fuzz@127.0.0.1").expect("an atom"), creation: u32::from(choice >> 1) }
    };
    let code = code();
    match ext::decode(bytes, &this, code) {
        Ok(decoded) => {
            assert!(decoded.consumed <= bytes.len(), "consumed {} of {} bytes", decoded.consumed, bytes.len());
            let encoded = ext::to_vec(decoded.term, &this, code).expect("a decoded term encodes");
            let again = ext::decode(&encoded, &this, code).expect("an encoded term decodes");
            assert_eq!(again.consumed, encoded.len(), "the encoding is one term");
            assert!(exact_eq(decoded.term, again.term), "a decoded term survives encoding");
        }
        Err(error) => {
            assert!(error.offset <= bytes.len(), "an error at {} in {} bytes", error.offset, bytes.len());
            assert!(!error.to_string().is_empty());
        }
    }
    check_bitstrings(choice, bytes, &this);
}

/// Bitstrings made of `bytes`, in each form, survive encoding and decoding.
fn check_bitstrings(choice: u8, bytes: &[u8], this: &NodeId) {
    let code = code();
    let mut heap = Heap::new(8);
    // Long enough, repeated, to live off the heap.
    let long: Vec<u8> =
        bytes.iter().copied().cycle().take(if bytes.is_empty() { 0 } else { 65 + bytes.len() }).collect();
    let trim = usize::from(choice % 8);
    let mut terms = Vec::new();
    for source in [bytes, &long[..]] {
        let size = (8 * source.len()).saturating_sub(trim);
        let Some(bits) = BitSlice::new(source, 0, size) else { continue };
        let term = bitstring_of(&mut heap, &bits);
        terms.push(term);
        let offset = usize::from(choice % 13).min(size);
        terms.push(sub_bitstring(&mut heap, term, offset, size - offset));
    }
    for term in terms {
        let bits = bitstring(term).expect("a bitstring");
        let encoded = ext::to_vec(term, this, code).expect("a bitstring encodes");
        let tag = if bits.is_binary() { 109 } else { 77 };
        assert_eq!(encoded.get(1), Some(&tag), "a bitstring of {} bits", bits.bit_size());
        let decoded = ext::decode(&encoded, this, code).expect("an encoded bitstring decodes");
        assert_eq!(decoded.consumed, encoded.len());
        assert_eq!(bitstring(decoded.term), Some(bits), "a bitstring decodes to other bits");
        assert!(exact_eq(decoded.term, term));
        let off_heap =
            decoded.block.as_ref().and_then(|fragment| fragment.off_heap.as_ref()).map_or(0, |list| list.len());
        if bits.byte_size() > 64 {
            assert!(decoded.term.is_box_of(BoxKind::RefBinary), "a long bitstring decodes off the heap");
            assert_eq!(off_heap, 1);
        } else {
            assert!(decoded.term.is_box_of(BoxKind::Binary));
            assert_eq!(off_heap, 0);
        }
    }
}
