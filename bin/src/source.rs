//! Reading modules from files: `.gbc` through the loader, `.gasm` through
//! the assembler; and the search path the code server loads modules from.

use anyhow::Context;
use girder_loader::Module;
use girder_vm::code::ModuleSource;
use std::path::{Path, PathBuf};

/// Assembles a `.gasm` file to bytecode.
pub fn assemble_file(file: &Path) -> anyhow::Result<Vec<u8>> {
    let text = std::fs::read_to_string(file).with_context(|| format!("girder: cannot read {}", file.display()))?;
    girder_asm::assemble_to_bytes(&text, &file.display().to_string())
        .map_err(|diagnostics| anyhow::anyhow!("{diagnostics}"))
}

/// Reads a module from a `.gbc` file (verified), a `.gasm` file (assembled)
/// or a `.beam` file (translated and verified).
pub fn load_module_file(file: &Path) -> anyhow::Result<Module> {
    match file.extension().and_then(|extension| extension.to_str()) {
        Some("gasm") => {
            let text =
                std::fs::read_to_string(file).with_context(|| format!("girder: cannot read {}", file.display()))?;
            girder_asm::assemble(&text, &file.display().to_string())
                .map_err(|diagnostics| anyhow::anyhow!("{diagnostics}"))
        }
        Some("beam") => {
            let bytes = std::fs::read(file).with_context(|| format!("girder: cannot read {}", file.display()))?;
            girder_loader::beam::load_beam(&bytes).map_err(|error| anyhow::anyhow!("{}", error.with_file(file)))
        }
        _ => girder_loader::load_file(file).map_err(|error| anyhow::anyhow!("{error}")),
    }
}

/// Modules that ship inside the `girder` binary, found after the search path.
const STANDARD_LIBRARY: &[(&str, &str)] = &[
    ("erlang", include_str!("../stdlib/erlang.gasm")),
    ("erpc", include_str!("../stdlib/erpc.gasm")),
    ("error_logger", include_str!("../stdlib/error_logger.gasm")),
    ("io", include_str!("../stdlib/io.gasm")),
    ("lists", include_str!("../stdlib/lists.gasm")),
    ("net_adm", include_str!("../stdlib/net_adm.gasm")),
    ("rpc", include_str!("../stdlib/rpc.gasm")),
    ("timer", include_str!("../stdlib/timer.gasm")),
];

/// The directories the code server searches for `NAME.gbc`, then `NAME.gasm`;
/// then the standard library built into the binary.
pub struct SearchPath {
    directories: Vec<PathBuf>,
}

impl SearchPath {
    /// A search path of `directories`, searched in order.
    pub fn new(directories: Vec<PathBuf>) -> SearchPath {
        SearchPath { directories }
    }
}

impl ModuleSource for SearchPath {
    fn find(&self, name: &str) -> Result<Option<Module>, String> {
        for directory in &self.directories {
            for extension in ["gbc", "gasm", "beam"] {
                let path = directory.join(format!("{name}.{extension}"));
                if path.is_file() {
                    let module = load_module_file(&path).map_err(|error| format!("{error:#}"))?;
                    if module.name() != name {
                        return Err(format!("{} holds module {}, not {name}", path.display(), module.name()));
                    }
                    return Ok(Some(module));
                }
            }
        }
        match STANDARD_LIBRARY.iter().find(|(module, _)| *module == name) {
            Some((module, text)) => girder_asm::assemble(text, &format!("<standard library>/{module}.gasm"))
                .map(Some)
                .map_err(|diagnostics| diagnostics.to_string()),
            None => Ok(None),
        }
    }
}
