//! The assembler on arbitrary text.

use girder_loader::{decode, encode, verify};

/// Assembles `data` (as UTF-8 text, invalid sequences replaced).
///
/// Assembling must not panic, and the diagnostics must display. A module
/// that assembles must pass [`verify`], survive encoding, and disassemble to
/// text that assembles to the same module.
pub fn check(data: &[u8]) {
    let source = String::from_utf8_lossy(data);
    match girder_asm::assemble(&source, "fuzz.gasm") {
        Ok(module) => {
            assert!(verify(&module).is_ok(), "an assembled module fails verification");
            assert_eq!(
                decode(&encode(&module)).ok().as_ref(),
                Some(&module),
                "an assembled module changes through bytes"
            );
            let text = girder_asm::disassemble(&module);
            match girder_asm::assemble(&text, "again.gasm") {
                Ok(again) => assert_eq!(again, module, "the disassembly assembles to another module:\n{text}"),
                Err(diagnostics) => panic!("the disassembly does not assemble:\n{text}\n{diagnostics}"),
            }
        }
        Err(diagnostics) => {
            let _ = diagnostics.to_string();
        }
    }
}
