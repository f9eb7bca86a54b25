//! What OTP's compiler asks of the runtime as it writes a `.beam` file,
//! which programs call too: `zlib:compress/1` and `zlib:uncompress/1` (the
//! literal table is compressed), over the `flate2` crate, and
//! `erlang:md5/1` (the module's checksum), over the `md-5` crate. OTP
//! implements the zlib functions over a zlib stream (a port in its
//! runtime); the stream API itself (`zlib:open/0`, `deflate/2`, …) is not
//! girder's.

use super::data::charge;
use super::BifCtx;
use crate::exception::{BifResult, Exception};
use crate::term::{build, Atom, Term};
use std::io::{Read, Write};

/// Bytes of data for one reduction.
const BYTES_PER_REDUCTION: usize = 256;

fn bytes_of(ctx: &mut BifCtx<'_>, data: Term) -> Result<Vec<u8>, Exception> {
    let bytes = build::iolist_to_bytes(data).ok_or_else(Exception::badarg)?;
    charge(ctx, bytes.len() / BYTES_PER_REDUCTION);
    Ok(bytes)
}

/// `zlib:compress/1`: the iodata compressed in the zlib format, as a
/// binary. `badarg` for anything but iodata.
pub fn compress(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let bytes = bytes_of(ctx, args[0])?;
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    let compressed = encoder.write_all(&bytes).and_then(|()| encoder.finish()).map_err(|_| Exception::badarg())?;
    Ok(build::binary(&mut ctx.process.heap, &compressed))
}

/// `zlib:uncompress/1`: the data of zlib-format iodata, as a binary. Data
/// that is not whole zlib data raises `data_error`, as OTP's does; anything
/// but iodata `badarg`.
pub fn uncompress(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let bytes = bytes_of(ctx, args[0])?;
    let mut data = Vec::new();
    let mut decoder = flate2::read::ZlibDecoder::new(&bytes[..]);
    if decoder.read_to_end(&mut data).is_err() || decoder.total_in() as usize != bytes.len() {
        let reason = Atom::intern("data_error").map_err(|_| Exception::system_limit())?;
        return Err(Exception::error_atom(reason));
    }
    charge(ctx, data.len() / BYTES_PER_REDUCTION);
    Ok(build::binary(&mut ctx.process.heap, &data))
}

/// `erlang:md5/1`: the MD5 digest of the iodata, 16 bytes. `badarg` for
/// anything but iodata.
pub fn md5(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    use md5::{Digest, Md5};
    let bytes = bytes_of(ctx, args[0])?;
    let digest = Md5::digest(&bytes);
    Ok(build::binary(&mut ctx.process.heap, &digest))
}
