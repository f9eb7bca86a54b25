//! The loader on raw bytes.

use girder_loader::{decode, encode, max_x_reg, verify};

/// Decodes `data` as a `.gbc` file.
///
/// Decoding must not panic. When it succeeds, the module must pass
/// [`verify`], encode to bytes that decode to the same module, and
/// disassemble without panicking; when it fails, the error must display.
pub fn check(data: &[u8]) {
    match decode(data) {
        Ok(module) => {
            assert!(verify(&module).is_ok(), "a decoded module fails verification");
            let again = decode(&encode(&module)).expect("a decoded module re-encodes to bytes that do not decode");
            assert_eq!(again, module, "a decoded module changes through encode and decode");
            let _ = max_x_reg(&module);
            let _ = girder_asm::disassemble(&module);
        }
        Err(error) => {
            let message = error.to_string();
            assert!(!message.contains('\n'), "a load error spans several lines: {message}");
        }
    }
}
