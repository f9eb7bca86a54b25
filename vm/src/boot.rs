//! The VM's built-in `'$girder_boot'` module: `apply_N/N+2` tail-applies
//! `x(N):x(N+1)` to the arguments in `x0..x(N-1)`.
//!
//! `spawn/3` starts a process here when its function is a BIF or does not
//! exist, so the call happens — or fails with `undef` — inside the new
//! process, as in Erlang. The module is built as a decoded [`Module`] and
//! goes through the loader's verifier like any other.

use girder_loader::{Function, Instr, Label, Module};

/// The boot module's name.
pub const BOOT_MODULE: &str = "$girder_boot";

/// The most arguments `spawn/3` passes through the boot module.
pub const MAX_BOOT_ARITY: u32 = 16;

/// Builds the boot module.
pub fn boot_module() -> Module {
    let mut module = Module { atoms: vec![BOOT_MODULE.to_string()], ..Module::default() };
    for arity in 0..=MAX_BOOT_ARITY {
        let name = module.atoms.len() as u32;
        module.atoms.push(format!("apply_{arity}"));
        let entry = module.code.len() as u32;
        // allocate 0, N+2 ; apply_last N, 0
        module.code.push(Instr::Allocate(0, arity + 2));
        module.code.push(Instr::ApplyLast(arity, 0));
        module.functions.push(Function { name, arity: arity + 2, entry: Label(entry), end: entry + 2 });
    }
    module
}

/// The function index of `apply_N` in the boot module.
pub fn apply_function(arity: u32) -> u32 {
    arity
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_boot_module_verifies() {
        girder_loader::verify(&super::boot_module()).unwrap();
    }
}
