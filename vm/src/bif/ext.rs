//! The external term format BIFs: `term_to_binary/1` and `binary_to_term/1`.
//!
//! `term_to_binary/1` writes exactly what Erlang/OTP 25 writes (Latin-1
//! atom tags, see [`EncodeOptions::TERM_TO_BINARY`]); `binary_to_term/1`
//! reads any term of the format girder has a term for, and raises `badarg`
//! for anything else (malformed bytes, ports, bitstrings, funs of code that
//! is not loaded). Like OTP's, it ignores bytes after the term. The decoded term arrives
//! in a block of its own that the heap adopts, as a message's does.

use super::data::charge;
use super::BifCtx;
use crate::exception::{BifResult, Exception};
use crate::term::build::{self, binary_bytes};
use crate::term::ext::{self, EncodeError, EncodeOptions};
use crate::term::{this_node_id, Term};

/// Bytes a BIF reads or writes per reduction charged (as 16 elements are).
const BYTES_PER_ELEMENT: usize = 8;

/// `erlang:term_to_binary/1`.
pub fn term_to_binary(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let mut bytes = Vec::new();
    ext::encode_with(args[0], &this_node_id(), &ctx.vm.code, EncodeOptions::TERM_TO_BINARY, &mut bytes).map_err(
        |error| match error {
            EncodeError::TooLarge { .. } => Exception::system_limit(),
            EncodeError::NotATerm(_) | EncodeError::UnknownFun { .. } => Exception::badarg(),
        },
    )?;
    charge(ctx, bytes.len() / BYTES_PER_ELEMENT);
    Ok(build::binary(&mut ctx.process.heap, &bytes))
}

/// `erlang:binary_to_term/1`.
pub fn binary_to_term(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let bytes = binary_bytes(args[0]).ok_or_else(Exception::badarg)?;
    charge(ctx, bytes.len() / BYTES_PER_ELEMENT);
    let decoded = ext::decode(&bytes, &this_node_id(), &ctx.vm.code).map_err(|_| Exception::badarg())?;
    if let Some(block) = decoded.block {
        ctx.process.heap.adopt_fragment(block);
    }
    Ok(decoded.term)
}
