//! Hostile `.beam` files: each case here was once a crash, an unbounded
//! allocation or a hang of `load_beam`, and must now give a load error.
//!
//! The files are the committed sample (`tests/beam/sample.beam`) with one
//! or two chunks replaced, so that everything else about them is valid.

use girder_loader::beam::{load_beam, read_beam};
use girder_loader::ErrorKind;
use std::path::Path;

fn sample() -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/beam/sample.beam")).unwrap()
}

/// The chunks of a BEAM file, in order, as (id, data).
fn chunks(bytes: &[u8]) -> Vec<([u8; 4], Vec<u8>)> {
    assert_eq!(&bytes[..4], b"FOR1");
    assert_eq!(&bytes[8..12], b"BEAM");
    let mut chunks = Vec::new();
    let mut at = 12;
    while at + 8 <= bytes.len() {
        let id: [u8; 4] = bytes[at..at + 4].try_into().unwrap();
        let length = u32::from_be_bytes(bytes[at + 4..at + 8].try_into().unwrap()) as usize;
        chunks.push((id, bytes[at + 8..at + 8 + length].to_vec()));
        at += 8 + length.div_ceil(4) * 4;
    }
    chunks
}

/// A BEAM file of these chunks.
fn container(chunks: &[([u8; 4], Vec<u8>)]) -> Vec<u8> {
    let mut body = b"BEAM".to_vec();
    for (id, data) in chunks {
        body.extend_from_slice(id);
        body.extend_from_slice(&(data.len() as u32).to_be_bytes());
        body.extend_from_slice(data);
        body.resize(body.len().div_ceil(4) * 4, 0);
    }
    let mut file = b"FOR1".to_vec();
    file.extend_from_slice(&(body.len() as u32).to_be_bytes());
    file.extend(body);
    file
}

/// The sample with the data of chunk `id` replaced.
fn with_chunk(id: &[u8; 4], data: Vec<u8>) -> Vec<u8> {
    let mut chunks = chunks(&sample());
    let chunk = chunks.iter_mut().find(|(found, _)| found == id).expect("the sample has the chunk");
    chunk.1 = data;
    container(&chunks)
}

/// A `Code` chunk holding one function, `sample:<atom 2>/0`, whose body
/// (after its entry label, 2) is `body`.
fn code_chunk(body: &[u8]) -> Vec<u8> {
    let mut code = Vec::new();
    for field in [16u32, 0, 180, 3, 1] {
        code.extend_from_slice(&field.to_be_bytes());
    }
    // label 1; func_info a1 a2 u0; label 2
    code.extend_from_slice(&[0x01, 0x10, 0x02, 0x12, 0x22, 0x00, 0x01, 0x20]);
    code.extend_from_slice(body);
    // int_code_end
    code.push(0x03);
    code
}

/// The compact form of the unsigned operand 0xffff_ffff.
const U32_MAX: [u8; 5] = [0x58, 0xff, 0xff, 0xff, 0xff];

#[test]
fn the_rebuilt_sample_reads() {
    let sample = sample();
    let rebuilt = container(&chunks(&sample));
    assert_eq!(read_beam(&rebuilt).unwrap(), read_beam(&sample).unwrap());
}

#[test]
fn a_zeroed_frame_of_four_billion_slots_is_refused_without_allocating_it() {
    // allocate_zero u(0xffffffff) u0; return
    let mut body = vec![0x0e];
    body.extend_from_slice(&U32_MAX);
    body.extend_from_slice(&[0x00, 0x13]);
    let error = load_beam(&with_chunk(b"Code", code_chunk(&body))).unwrap_err();
    assert!(matches!(error.kind, ErrorKind::BeamBadOperand { instruction: "allocate_zero", .. }), "{error}");
    assert_eq!(error.to_string(), "chunk \"Code\", offset 0x114: allocate_zero: expected a frame size");
    // allocate_heap_zero u(0xffffffff) u0 u0; return
    let mut body = vec![0x0f];
    body.extend_from_slice(&U32_MAX);
    body.extend_from_slice(&[0x00, 0x00, 0x13]);
    let error = load_beam(&with_chunk(b"Code", code_chunk(&body))).unwrap_err();
    assert!(matches!(error.kind, ErrorKind::BeamBadOperand { instruction: "allocate_heap_zero", .. }), "{error}");
}

#[test]
fn a_fun_with_four_billion_free_variables_is_refused_without_allocating_them() {
    // One fun: function atom 2, arity 0, label 2, index 0, 0xffffffff free, uniq 0.
    let mut funt = 1u32.to_be_bytes().to_vec();
    for field in [2u32, 0, 2, 0, u32::MAX, 0] {
        funt.extend_from_slice(&field.to_be_bytes());
    }
    let mut chunks = chunks(&sample());
    for (id, data) in &mut chunks {
        match &*id {
            b"FunT" => *data = funt.clone(),
            // make_fun2 u0; return
            b"Code" => *data = code_chunk(&[0x67, 0x00, 0x13]),
            _ => {}
        }
    }
    let error = load_beam(&container(&chunks)).unwrap_err();
    assert_eq!(error.to_string(), "chunk \"FunT\", offset 0x1e8: a fun's arity is out of range or of the wrong kind");
}

#[test]
fn a_match_string_beyond_the_string_table_is_refused_without_copying_it() {
    // bs_match_string f2 x0 u24 u(0xffffffff); return
    let mut body = vec![132, 0x25, 0x03, 0x08, 0x18];
    body.extend_from_slice(&U32_MAX);
    body.push(0x13);
    let error = load_beam(&with_chunk(b"Code", code_chunk(&body))).unwrap_err();
    assert_eq!(
        error.to_string(),
        "chunk \"Code\", offset 0x114: bs_match_string: expected a string of the string table"
    );
    // bs_match_string f2 x0 u(0xffffffff) u0: four billion bits from the start
    let mut body = vec![132, 0x25, 0x03];
    body.extend_from_slice(&U32_MAX);
    body.extend_from_slice(&[0x00, 0x13]);
    let error = load_beam(&with_chunk(b"Code", code_chunk(&body))).unwrap_err();
    assert!(matches!(error.kind, ErrorKind::BeamBadOperand { instruction: "bs_match_string", .. }), "{error}");
}

#[test]
fn a_string_beyond_the_string_table_is_refused() {
    // bs_put_string u3 u(0xffffffff); return
    let mut body = vec![92, 0x30];
    body.extend_from_slice(&U32_MAX);
    body.push(0x13);
    let error = load_beam(&with_chunk(b"Code", code_chunk(&body))).unwrap_err();
    assert!(matches!(error.kind, ErrorKind::BeamBadOperand { instruction: "bs_put_string", .. }), "{error}");
    assert!(error.to_string().ends_with("bs_put_string: expected a string of the string table"), "{error}");
}
