//! The external term format on bytes from the wire: what a peer node or
//! `binary_to_term/1` may hand the decoder.
//!
//! Any byte string decodes to a term or to an error naming an offset inside
//! the input; the decoder never panics and never reads past the input. A
//! term that decodes encodes again, and those bytes decode to a term exactly
//! equal to it. The first input byte chooses this node's identity, so that
//! pids and references are read both as this node's and as another's.

use girder_vm::code::{CodeServer, NoModules};
use girder_vm::term::compare::exact_eq;
use girder_vm::term::{ext, Atom, NodeId};
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
}
