//! Writes every module of the `loader_structured` corpus that loads as a
//! `.gbc` file, for running through `girder run` (see `spec/ROBUSTNESS.md`).
//!
//! ```sh
//! cargo run --manifest-path fuzz/Cargo.toml --release --example write_mutants -- \
//!     fuzz/corpus/loader_structured /tmp/mutants
//! ```
//!
//! Each corpus input is a base module and changes to it; the module it
//! describes (with its byte edits applied) is written as `mN.gbc` when it
//! decodes, that is, when the loader accepts it and the VM would run it.

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(corpus), Some(out)) = (args.next(), args.next()) else {
        eprintln!("usage: write_mutants CORPUS_DIR OUT_DIR");
        std::process::exit(2);
    };
    std::fs::create_dir_all(&out).expect("an output directory");
    let mut paths: Vec<_> =
        std::fs::read_dir(&corpus).expect("a corpus directory").flatten().map(|e| e.path()).collect();
    paths.sort();
    let mut n_written = 0;
    for path in &paths {
        let Ok(data) = std::fs::read(path) else { continue };
        let (module, byte_edits, _) = girder_fuzz::loader_structured::build(&data);
        let mut bytes = girder_loader::encode(&module);
        for &(position, value) in &byte_edits {
            let len = bytes.len();
            bytes[position % len] = value;
        }
        if girder_loader::decode(&bytes).is_ok() {
            std::fs::write(format!("{out}/m{n_written}.gbc"), &bytes).expect("a .gbc file");
            n_written += 1;
        }
    }
    println!("{n_written} of {} inputs load; written to {out}", paths.len());
}
