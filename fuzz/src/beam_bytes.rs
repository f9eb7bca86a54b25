//! The BEAM reader, translator and verifier on raw bytes.

use girder_loader::beam::load_beam;

/// Loads `data` as a `.beam` file.
///
/// Loading (reading the chunks, translating and verifying) must not panic
/// and must stay within memory and time that the input's size justifies. A
/// loaded module must disassemble without panicking; an error must display
/// as one line.
pub fn check(data: &[u8]) {
    match load_beam(data) {
        Ok(module) => {
            let _ = girder_asm::disassemble(&module);
        }
        Err(error) => {
            let message = error.to_string();
            assert!(!message.contains('\n'), "a load error spans several lines: {message}");
        }
    }
}
