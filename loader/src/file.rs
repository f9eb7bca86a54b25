//! Loading a `.gbc` file from disk by mapping it into memory.

use crate::decode::decode;
use crate::error::{ErrorKind, LoadError};
use crate::module::Module;
use memmap2::Mmap;
use std::fs::File;
use std::path::Path;

/// Maps the file at `path`, then decodes and verifies it.
///
/// The error's `Display` starts with the path, as in
/// `hello.gbc: header, offset 0x4: format version 7, this girder reads version 3`.
///
/// The file is mapped rather than read, as the design asks; the mapping lives
/// only while decoding, and the module returned owns copies of everything it
/// holds.
pub fn load_file(path: &Path) -> Result<Module, LoadError> {
    let io_error = |error| LoadError::new(ErrorKind::Io(error)).with_file(path);
    let file = File::open(path).map_err(io_error)?;
    // SAFETY: `Mmap::map` is unsafe because the file may change while it is
    // mapped; Rust then sees the bytes behind a `&[u8]` change, which the
    // language does not allow. We accept that for a file another process
    // rewrites under us, because nothing we return depends on the bytes
    // staying put: the decoder reads every byte through bounds-checked
    // accessors on a slice whose length is fixed at mapping time, copies what
    // it reads into an owned `Module`, and the verifier then checks that owned
    // copy, never the mapping. A concurrent writer can therefore make loading
    // fail or yield a different (still verified) module, but cannot make an
    // unverified module reach the interpreter. A writer that truncates the
    // file can make the read fault (SIGBUS), which ends the process rather
    // than corrupting it. The mapping is read-only and dropped before return.
    let mapping = unsafe { Mmap::map(&file) }.map_err(io_error)?;
    decode(&mapping).map_err(|error| error.with_file(path))
}
