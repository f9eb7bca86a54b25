//! The BEAM reader against Erlang/OTP's own reading of the same files.
//!
//! Every Erlang twin of the conformance suite is compiled by `erlc`; for each
//! `.beam`, `tests/beam/oracle.escript` prints what OTP reads from it (atoms,
//! imports, exports, locals, literals, the names of the generic
//! instructions) and this test prints the same from
//! [`girder_loader::beam::read_beam`]. The two must agree line for line.
//! A committed module (`tests/beam/sample.beam`) keeps the reader tested on
//! machines without Erlang/OTP, and every truncation and many byte edits of
//! it must give an error, never a panic.

use girder_loader::beam::{read_beam, Arg, BeamFile};
use girder_loader::{ErrorKind, Literal};
use num_bigint::BigInt;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

fn tests_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/beam")
}

fn have(tool: &str) -> bool {
    Command::new(tool).arg("-version").output().is_ok_and(|output| output.status.success())
        || Command::new("which").arg(tool).output().is_ok_and(|output| output.status.success())
}

/// A name as the oracle prints it: `[104,105]`.
fn codes(name: &str) -> String {
    let codes: Vec<String> = name.chars().map(|c| u32::from(c).to_string()).collect();
    format!("[{}]", codes.join(","))
}

fn canonical(beam: &BeamFile, literal: &Literal) -> String {
    match literal {
        Literal::Int(value) => format!("i:{value}"),
        Literal::BigInt(value) => format!("i:{value}"),
        Literal::Float(value) => format!("f:{:X}", value.to_bits()),
        Literal::Atom(atom) => format!("a:{}", codes(&beam.atoms[*atom as usize])),
        Literal::Nil => "nil".to_string(),
        Literal::List(elements, tail) => {
            let elements: Vec<String> = elements.iter().map(|element| canonical(beam, element)).collect();
            format!("l({}|{})", elements.join(","), canonical(beam, tail))
        }
        Literal::Tuple(elements) => {
            let elements: Vec<String> = elements.iter().map(|element| canonical(beam, element)).collect();
            format!("t({})", elements.join(","))
        }
        Literal::Map(pairs) => {
            let mut pairs: Vec<String> = pairs
                .iter()
                .map(|(key, value)| format!("{}=>{}", canonical(beam, key), canonical(beam, value)))
                .collect();
            pairs.sort();
            format!("m({})", pairs.join(","))
        }
        Literal::Binary(bytes) => {
            let mut hex = String::from("b:");
            for byte in bytes {
                write!(hex, "{byte:02x}").unwrap();
            }
            hex
        }
        Literal::Bitstring { bytes, last_bits } => {
            let mut hex = String::from("s:");
            let (last, whole) = bytes.split_last().unwrap();
            for byte in whole {
                write!(hex, "{byte:02x}").unwrap();
            }
            write!(hex, ":{}/{last_bits}", last >> (8 - last_bits)).unwrap();
            hex
        }
        Literal::ExportFun { module, function, arity } => {
            let name = |atom: &u32| codes(&beam.atoms[*atom as usize]);
            format!("e:a:{}:a:{}/{arity}", name(module), name(function))
        }
    }
}

/// What girder reads from a file, in the oracle's form.
fn describe(beam: &BeamFile) -> Vec<String> {
    let name = |atom: u32| codes(&beam.atoms[atom as usize]);
    let mut lines = Vec::new();
    // The oracle lists the file's own atoms; literals may add more after them.
    for atom in &beam.atoms[..beam.file_atom_count] {
        lines.push(format!("atom {}", codes(atom)));
    }
    for import in &beam.imports {
        lines.push(format!("import {} {} {}", name(import.module), name(import.function), import.arity));
    }
    let mut exports: Vec<String> =
        beam.exports.iter().map(|e| format!("export {} {} {}", name(e.function), e.arity, e.label)).collect();
    exports.sort();
    lines.extend(exports);
    let mut locals: Vec<String> =
        beam.locals.iter().map(|l| format!("local {} {} {}", name(l.function), l.arity, l.label)).collect();
    locals.sort();
    lines.extend(locals);
    for literal in &beam.literals {
        lines.push(format!("literal {}", canonical(beam, literal)));
    }
    for instr in &beam.code.instructions {
        lines.push(format!("op {}", disasm_name(instr.op.name)));
    }
    normalise(&mut lines);
    lines
}

/// Puts both readings in one order where OTP's tools reorder: imports and
/// functions sorted, and `line` instructions counted rather than placed
/// (`beam_disasm` moves a function's first `line` before its label).
fn normalise(lines: &mut Vec<String>) {
    sort_runs(lines, "import ");
    sort_runs(lines, "export ");
    sort_runs(lines, "local ");
    let line_ops = lines.iter().filter(|line| *line == "op line").count();
    lines.retain(|line| line != "op line");
    lines.push(format!("line instructions {line_ops}"));
}

/// The name `beam_disasm` gives an instruction.
fn disasm_name(name: &str) -> &str {
    match name {
        "bif0" | "bif1" | "bif2" => "bif",
        "gc_bif1" | "gc_bif2" | "gc_bif3" => "gc_bif",
        other => other,
    }
}

/// Splits the oracle's output into lines per file.
fn oracle_blocks(output: &str) -> BTreeMap<String, Vec<String>> {
    let mut blocks: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut current = None;
    for line in output.lines() {
        if let Some(file) = line.strip_prefix("file ") {
            current = Some(file.to_string());
            blocks.insert(file.to_string(), Vec::new());
        } else if let Some(file) = &current {
            blocks.get_mut(file).unwrap().push(line.to_string());
        }
    }
    for lines in blocks.values_mut() {
        normalise(lines);
    }
    blocks
}

/// Sorts the lines that start with `prefix` among themselves, in place.
fn sort_runs(lines: &mut [String], prefix: &str) {
    let positions: Vec<usize> = (0..lines.len()).filter(|&index| lines[index].starts_with(prefix)).collect();
    let mut sorted: Vec<String> = positions.iter().map(|&index| lines[index].clone()).collect();
    sorted.sort();
    for (position, line) in positions.into_iter().zip(sorted) {
        lines[position] = line;
    }
}

/// Fails at the first line where girder's reading differs from OTP's.
fn assert_same(file_name: &str, girder: &[String], otp: &[String]) {
    let first_difference = girder.iter().zip(otp).position(|(ours, theirs)| ours != theirs);
    if let Some(index) = first_difference {
        panic!("{file_name}: line {index}: girder reads {:?}, OTP reads {:?}", girder[index], otp[index]);
    }
    assert_eq!(girder.len(), otp.len(), "{file_name}: girder reads {} lines, OTP {}", girder.len(), otp.len());
}

#[test]
fn every_conformance_twin_reads_as_otp_reads_it() {
    if !have("erlc") || !have("escript") {
        eprintln!("note: erlc is not installed; skipped (the CI installs erlang-base)");
        return;
    }
    let conformance = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/conformance");
    let mut sources = Vec::new();
    for group in std::fs::read_dir(&conformance).unwrap() {
        let group = group.unwrap().path();
        if !group.is_dir() {
            continue;
        }
        for entry in std::fs::read_dir(&group).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|extension| extension == "erl") {
                sources.push(path);
            }
        }
    }
    sources.sort();
    assert!(sources.len() > 100, "the conformance suite's twins were not found");
    let out = std::env::temp_dir().join(format!("girder-beam-read-{}", std::process::id()));
    std::fs::create_dir_all(&out).unwrap();
    let status = Command::new("erlc").arg("+deterministic").arg("-o").arg(&out).args(&sources).status().unwrap();
    assert!(status.success(), "erlc failed on the conformance twins");
    let mut beams: Vec<PathBuf> = std::fs::read_dir(&out)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|extension| extension == "beam"))
        .collect();
    beams.sort();
    let oracle = Command::new("escript").arg(tests_dir().join("oracle.escript")).args(&beams).output().unwrap();
    assert!(oracle.status.success(), "the oracle failed: {}", String::from_utf8_lossy(&oracle.stderr));
    let expected = oracle_blocks(&String::from_utf8(oracle.stdout).unwrap());
    assert_eq!(expected.len(), beams.len());

    let mut unsupported = Vec::new();
    for beam_path in &beams {
        let file_name = beam_path.file_name().unwrap().to_string_lossy().into_owned();
        let expected = &expected[&file_name];
        let bytes = std::fs::read(beam_path).unwrap();
        match read_beam(&bytes) {
            Ok(beam) => assert_same(&file_name, &describe(&beam), expected),
            Err(error) => {
                // Only literals the loader cannot represent yet may fail,
                // and only where OTP's reading shows one.
                let has_unsupported =
                    expected.iter().any(|line| line.starts_with("literal") && line.contains("other:"));
                assert!(
                    has_unsupported && matches!(error.kind, ErrorKind::BeamBadLiteral { .. }),
                    "{file_name}: {error}"
                );
                unsupported.push(file_name);
            }
        }
    }
    eprintln!("read {} files; {} hold literals not supported yet: {unsupported:?}", beams.len(), unsupported.len());
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn the_committed_sample_reads() {
    let bytes = std::fs::read(tests_dir().join("sample.beam")).unwrap();
    let beam = read_beam(&bytes).unwrap();
    assert_eq!(beam.name(), "sample");
    let mut exports: Vec<(&str, u32)> =
        beam.exports.iter().map(|e| (beam.atoms[e.function as usize].as_str(), e.arity)).collect();
    exports.sort();
    assert_eq!(exports, [("area", 1), ("classify", 1), ("module_info", 0), ("module_info", 1), ("start", 0)]);
    let big = |arg: &Arg| matches!(arg, Arg::BigInteger(value) if *value == (BigInt::from(1) << 71) - 1);
    assert!(beam.code.instructions.iter().any(|instr| instr.args.iter().any(big)));
    assert!(beam.literals.contains(&Literal::Float(2.5)));
    assert!(beam.code.instructions.iter().any(|instr| instr.op.name == "loop_rec"));
    assert_eq!(beam.code.instructions.first().map(|instr| instr.op.name), Some("label"));
    let lines = beam.lines.as_ref().expect("a line table");
    assert!(!lines.locations.is_empty());
    assert!(beam.funs.len() == 1 && beam.funs[0].num_free == 0);
}

#[test]
fn the_committed_sample_matches_its_source() {
    if !have("erlc") {
        eprintln!("note: erlc is not installed; skipped (the CI installs erlang-base)");
        return;
    }
    let release = Command::new("erl")
        .args(["-noshell", "-eval", "io:format(\"~s\", [erlang:system_info(otp_release)]), halt()."])
        .output()
        .unwrap();
    if release.stdout != b"25" {
        eprintln!("note: the sample was compiled by OTP 25; this erlc is another release; skipped");
        return;
    }
    let out = std::env::temp_dir().join(format!("girder-beam-sample-{}", std::process::id()));
    std::fs::create_dir_all(&out).unwrap();
    let status =
        Command::new("erlc").arg("+deterministic").arg("-o").arg(&out).arg(tests_dir().join("sample.erl")).status();
    assert!(status.unwrap().success());
    let fresh = std::fs::read(out.join("sample.beam")).unwrap();
    let committed = std::fs::read(tests_dir().join("sample.beam")).unwrap();
    let _ = std::fs::remove_dir_all(&out);
    assert!(fresh == committed, "tests/beam/sample.beam is stale: recompile it with erlc +deterministic");
}

#[test]
fn damaged_samples_give_errors_not_panics() {
    let bytes = std::fs::read(tests_dir().join("sample.beam")).unwrap();
    for length in 0..bytes.len() {
        // Most truncations fail; one inside the padding may not.
        let _ = read_beam(&bytes[..length]);
    }
    let mut damaged = bytes.clone();
    for index in 0..bytes.len() {
        for replacement in [0x00, 0xff, bytes[index] ^ 0x01, bytes[index] ^ 0x80, bytes[index].wrapping_add(0x10)] {
            damaged[index] = replacement;
            if let Err(error) = read_beam(&damaged) {
                assert!(!error.to_string().is_empty());
            }
        }
        damaged[index] = bytes[index];
    }
}

#[test]
fn errors_name_the_chunk_and_the_rule() {
    let mut bytes = std::fs::read(tests_dir().join("sample.beam")).unwrap();
    let error = read_beam(b"FOR1\0\0\0\x04BEAN").unwrap_err();
    assert_eq!(
        error.to_string(),
        "header, offset 0x8: not a BEAM file (found \"BEAN\" where \"FOR1\" and \"BEAM\" belong)"
    );
    // Rename the code chunk: the file then has none.
    let code = bytes.windows(4).position(|window| window == b"Code").unwrap();
    bytes[code..code + 4].copy_from_slice(b"Cxde");
    let error = read_beam(&bytes).unwrap_err();
    assert_eq!(error.to_string(), "the file has no \"Code\" chunk");
}
