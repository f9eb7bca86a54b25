//! Writes the seed corpora of the fuzz targets under `fuzz/corpus/`.
//!
//! Run from the repository's root:
//!
//! ```sh
//! cargo run --manifest-path fuzz/Cargo.toml --example seed_corpora
//! ```
//!
//! - `assembler_text`: every `.gasm` file of `examples/`, `bench/programs/`,
//!   `bin/stdlib/` and `spec/conformance/` (the `asm_errors` cases too),
//!   without comment lines, and a long one also cut into its functions;
//! - `loader_bytes`: each of those that assembles, as bytecode, the loader's
//!   sample module, and its malformed cases;
//! - `loader_structured`: one input per base module (no changes), and a few
//!   with changes;
//! - `vm_run`: the same inputs as `loader_structured`;
//! - `terms`: a program building each literal of every assembled module,
//!   followed by copies and a collection;
//! - `ext_decode`: each of those literals in the external term format;
//! - `beam_bytes`: the loader's committed `.beam` sample and, when `erlc` is
//!   installed, every Erlang twin of `spec/conformance/` compiled with
//!   `erlc +deterministic`.
//!
//! The corpora are not committed (`.gitignore` lists them); the fuzzer adds
//! to them as it runs.

use girder_fuzz::loader_structured::bases;
use girder_loader::{encode, samples, Literal, Module};
use girder_vm::code::{CodeServer, NoModules};
use girder_vm::term::literal::build_literal;
use girder_vm::term::{ext, Atom, NodeId};
use std::path::{Path, PathBuf};

/// The directories whose `.gasm` files seed the corpora.
const SOURCE_DIRS: &[&str] = &["examples", "bench/programs", "bin/stdlib", "spec/conformance"];

fn main() {
    let root = std::env::current_dir().expect("the current directory");
    if !root.join("fuzz/Cargo.toml").exists() {
        eprintln!("seed_corpora: run me from the repository's root");
        std::process::exit(2);
    }
    let corpus = root.join("fuzz/corpus");
    let mut sources = Vec::new();
    for dir in SOURCE_DIRS {
        find_with_extension(&root.join(dir), "gasm", &mut sources);
    }
    sources.sort();

    let mut modules = Vec::new();
    let mut n_text = 0;
    for path in &sources {
        let text = std::fs::read_to_string(path).expect("a readable source");
        let name = path.strip_prefix(&root).unwrap_or(path).to_string_lossy().replace('/', "_");
        for (index, piece) in assembler_seeds(&text).iter().enumerate() {
            write(&corpus.join("assembler_text"), &format!("{name}.{index}"), piece.as_bytes());
            n_text += 1;
        }
        let file_name = path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
        if let Ok(module) = girder_asm::assemble(&text, &file_name) {
            write(&corpus.join("loader_bytes"), &name.replace(".gasm", ".gbc"), &encode(&module));
            modules.push((name, module));
        }
    }
    write(&corpus.join("loader_bytes"), "valid_sample.gbc", &encode(&samples::valid_sample()));
    for case in samples::malformed_cases() {
        write(&corpus.join("loader_bytes"), &format!("malformed_{}.gbc", case.name), &case.bytes);
    }

    let n_bases = bases().len();
    for base in 0..n_bases {
        write(&corpus.join("loader_structured"), &format!("base_{base}"), &[base as u8]);
        // A few changes each: an operand, a pool entry, a literal.
        write(&corpus.join("loader_structured"), &format!("base_{base}_operand"), &[base as u8, 0, 7, 3, 1, 2]);
        write(&corpus.join("loader_structured"), &format!("base_{base}_pool"), &[base as u8, 6, 0, 2, 0, 3]);
        write(&corpus.join("loader_structured"), &format!("base_{base}_literal"), &[base as u8, 8, 3, 0, 6, 2, 1]);
        write(&corpus.join("vm_run"), &format!("base_{base}"), &[base as u8]);
        write(&corpus.join("vm_run"), &format!("base_{base}_operand"), &[base as u8, 0, 7, 3, 1, 2]);
        write(&corpus.join("vm_run"), &format!("base_{base}_literal"), &[base as u8, 8, 3, 0, 6, 2, 1]);
    }

    let mut n_terms = 0;
    for (name, module) in &modules {
        for (index, literal) in module.literals.iter().enumerate() {
            let mut program = vec![8];
            term_program(module, literal, &mut program, 0);
            // Share it, send it to ourselves, push it on the stack, collect.
            program.extend_from_slice(&[15, 0, 22, 20, 0, 18, 5, 19, 0, 23]);
            write(&corpus.join("terms"), &format!("{name}_{index}"), &program);
            n_terms += 1;
        }
    }
    let code = CodeServer::new(Box::new(NoModules));
    let mut n_encoded = 0;
    for (name, module) in &modules {
        let Ok(atoms) = module.atoms.iter().map(|name| Atom::intern(name)).collect::<Result<Vec<Atom>, _>>() else {
            continue;
        };
        for (index, literal) in module.literals.iter().enumerate() {
            let Ok(term) = build_literal(literal, &atoms) else { continue };
            let Ok(bytes) = ext::to_vec(term, &NodeId::NOT_DISTRIBUTED, &code) else { continue };
            // The first byte chooses the node identity (0: not distributed).
            let mut input = vec![0];
            input.extend_from_slice(&bytes);
            write(&corpus.join("ext_decode"), &format!("{name}_{index}"), &input);
            n_encoded += 1;
        }
    }
    let n_beams = seed_beams(&root, &corpus.join("beam_bytes"));
    println!(
        "seeded {} texts, {} bytecode files, {} structured inputs, {} term programs, {} encoded terms, {} BEAM files under {}",
        n_text,
        modules.len() + 1 + samples::malformed_cases().len(),
        4 * n_bases,
        n_terms,
        n_encoded,
        n_beams,
        corpus.display()
    );
}

/// Inputs for the assembler from one source: the source without its
/// comment lines and blank lines, and, when that is longer than
/// [`SHORT_TEXT`] bytes, its header directives with each function alone (so
/// that a fuzzer keeping inputs short still starts from whole functions).
fn assembler_seeds(text: &str) -> Vec<String> {
    let lines: Vec<&str> = text
        .lines()
        .filter(|line| {
            let line = line.trim_start();
            !line.is_empty() && !line.starts_with('%')
        })
        .collect();
    let whole = lines.iter().map(|line| format!("{line}\n")).collect::<String>();
    if whole.len() <= SHORT_TEXT {
        return vec![whole];
    }
    let first_function = lines.iter().position(|line| line.trim_start().starts_with(".function"));
    let header: String =
        lines[..first_function.unwrap_or(lines.len())].iter().map(|line| format!("{line}\n")).collect();
    let mut seeds = vec![whole];
    let mut function = String::new();
    for line in &lines[first_function.unwrap_or(lines.len())..] {
        if line.trim_start().starts_with(".function") && !function.is_empty() {
            seeds.push(format!("{header}{function}"));
            function.clear();
        }
        function.push_str(line);
        function.push('\n');
    }
    if !function.is_empty() {
        seeds.push(format!("{header}{function}"));
    }
    seeds
}

/// Writes the `beam_bytes` seeds into `dir`: the committed sample, and the
/// conformance twins compiled by `erlc` (skipped, with a note, without it).
/// Returns how many were written.
fn seed_beams(root: &Path, dir: &Path) -> usize {
    let sample = std::fs::read(root.join("loader/tests/beam/sample.beam")).expect("the committed sample.beam");
    write(dir, "sample.beam", &sample);
    let mut sources = Vec::new();
    find_with_extension(&root.join("spec/conformance"), "erl", &mut sources);
    sources.sort();
    let out = std::env::temp_dir().join(format!("girder_seed_beams_{}", std::process::id()));
    std::fs::create_dir_all(&out).expect("a directory for erlc's output");
    let compiled = std::process::Command::new("erlc")
        .arg("+deterministic")
        .arg("-o")
        .arg(&out)
        .args(&sources)
        .status()
        .is_ok_and(|status| status.success());
    if !compiled {
        eprintln!("seed_corpora: erlc is missing or failed; beam_bytes is seeded with sample.beam only");
    }
    let mut n = 1;
    if let Ok(entries) = std::fs::read_dir(&out) {
        let mut beams: Vec<PathBuf> = entries.flatten().map(|entry| entry.path()).collect();
        beams.sort();
        for path in beams {
            if let (Some(name), Ok(bytes)) = (path.file_name(), std::fs::read(&path)) {
                write(dir, &name.to_string_lossy(), &bytes);
                n += 1;
            }
        }
    }
    let _ = std::fs::remove_dir_all(&out);
    n
}

/// Texts up to this many bytes seed the assembler whole and only whole.
const SHORT_TEXT: usize = 1024;

/// Collects the files under `dir` whose names end in `.extension`, recursively.
fn find_with_extension(dir: &Path, extension: &str, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            find_with_extension(&path, extension, found);
        } else if path.extension().is_some_and(|found_extension| found_extension == extension) {
            found.push(path);
        }
    }
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    std::fs::create_dir_all(dir).expect("a corpus directory");
    std::fs::write(dir.join(name), bytes).expect("a corpus file");
}

/// Appends the steps of the `terms` machine that build `literal` (lists,
/// tuples and maps are cut to the sizes one step builds).
fn term_program(module: &Module, literal: &Literal, out: &mut Vec<u8>, depth: usize) {
    if depth > 6 {
        out.push(5);
        return;
    }
    match literal {
        Literal::Int(value) => match i32::try_from(*value) {
            Ok(small) => {
                out.extend_from_slice(&[0, 4]);
                out.extend_from_slice(&small.to_le_bytes());
            }
            Err(_) => {
                out.extend_from_slice(&[1, 4]);
                out.extend_from_slice(&value.to_le_bytes());
            }
        },
        Literal::BigInt(value) => {
            let (sign, bytes) = value.to_bytes_le();
            let bytes = &bytes[..bytes.len().min(40)];
            out.extend_from_slice(&[2, bytes.len() as u8]);
            out.extend_from_slice(bytes);
            out.push(if sign == num_bigint::Sign::Minus { 0 } else { 1 });
        }
        Literal::Float(value) => {
            out.push(3);
            out.extend_from_slice(&value.to_bits().to_le_bytes());
        }
        Literal::Atom(index) => {
            let name = module.atoms.get(*index as usize).map_or(0, |name| name.len());
            out.extend_from_slice(&[4, name as u8]);
        }
        // The terms target builds no funs; an external fun seeds as `[]`.
        Literal::Nil | Literal::ExportFun { .. } => out.push(5),
        Literal::Binary(bytes) | Literal::Bitstring { bytes, .. } => {
            let bytes = &bytes[..bytes.len().min(64)];
            out.extend_from_slice(&[8, bytes.len() as u8]);
            out.extend_from_slice(bytes);
        }
        Literal::List(elements, tail) => {
            let elements = &elements[..elements.len().min(7)];
            for element in elements {
                term_program(module, element, out, depth + 1);
            }
            if **tail == Literal::Nil {
                out.extend_from_slice(&[11, elements.len() as u8, 1]);
            } else {
                term_program(module, tail, out, depth + 1);
                out.extend_from_slice(&[11, elements.len() as u8 + 1, 0]);
            }
        }
        Literal::Tuple(elements) => {
            let elements = &elements[..elements.len().min(8)];
            for element in elements {
                term_program(module, element, out, depth + 1);
            }
            out.extend_from_slice(&[10, elements.len() as u8]);
        }
        Literal::Map(pairs) => {
            let pairs = &pairs[..pairs.len().min(4)];
            for (key, value) in pairs {
                term_program(module, key, out, depth + 1);
                term_program(module, value, out, depth + 1);
            }
            out.extend_from_slice(&[12, 2 * pairs.len() as u8]);
        }
    }
}
