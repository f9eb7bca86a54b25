//! The fuzz targets' checks, run for a few seconds with proptest inputs.
//!
//! `fuzz/` holds the cargo-fuzz targets; their checks live in `fuzz/src/`
//! and use only the girder crates, so this test includes them by path and
//! feeds them proptest's bytes: the same entry points the fuzzer drives for
//! millions of runs (`spec/ROBUSTNESS.md`), bounded here so that every
//! `cargo test` runs them. The loader on raw bytes and the assembler on
//! arbitrary text have their own property tests in their crates.
//!
//! - `terms`: terms built on a heap print, compare, copy and survive
//!   collections and adopted message fragments unchanged;
//! - `loader_structured`: valid modules with changed operands, pool entries
//!   and tables are verified alike in memory and as bytes, never panic, and
//!   disassemble to text that assembles;
//! - `ext_decode`: bytes as a peer node might send them decode to a term or
//!   an error, and a decoded term survives encoding;
//! - `vm_run`: changed modules that verify run for a bounded number of time
//!   slices without crashing the VM, beside a sentinel process whose state
//!   stays intact.

#[path = "../../fuzz/src/tape.rs"]
mod tape;

#[path = "../../fuzz/src/terms.rs"]
mod terms;

#[path = "../../fuzz/src/loader_structured.rs"]
mod loader_structured;

#[path = "../../fuzz/src/ext_decode.rs"]
mod ext_decode;

#[path = "../../fuzz/src/vm_run.rs"]
mod vm_run;

use proptest::collection::vec;
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, .. ProptestConfig::default() })]

    #[test]
    fn terms_survive_copies_and_collections(program in vec(any::<u8>(), 0..400)) {
        terms::check(&program);
    }

    #[test]
    fn wire_bytes_decode_or_fail_cleanly(choice in any::<u8>(), versioned in any::<bool>(), bytes in vec(any::<u8>(), 0..200)) {
        // Half the inputs start with the version byte, so that they reach
        // the term decoder rather than stop at the first byte.
        let mut input = vec![choice];
        if versioned {
            input.push(131);
        }
        input.extend_from_slice(&bytes);
        ext_decode::check(&input);
    }

    #[test]
    fn changed_modules_verify_alike_and_never_panic(changes in vec(any::<u8>(), 0..80)) {
        loader_structured::check(&changes);
    }

    #[test]
    fn changed_modules_round_trip_through_assembly(base in 0usize..64, changes in vec(any::<u8>(), 0..40)) {
        // A first byte below the number of bases asks for the assembly round trip.
        let first = (base % loader_structured::bases().len()) as u8;
        loader_structured::check(&[&[first][..], &changes].concat());
    }
}

/// Every base module, unchanged, passes every check.
#[test]
fn the_base_modules_pass() {
    for index in 0..loader_structured::bases().len() {
        loader_structured::check(&[index as u8]);
    }
    assert!(loader_structured::bases().len() > 10, "a base program no longer assembles");
}

proptest! {
    // A run of a module is a fresh VM and up to a few hundred time slices:
    // fewer cases than the checks above.
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    #[test]
    fn verified_modules_run_without_harming_the_vm(changes in vec(any::<u8>(), 0..40)) {
        vm_run::check(&changes);
    }
}

/// Every base module, unchanged, runs beside the sentinel, with and
/// without a collection at every safe point.
#[test]
fn the_base_modules_run_beside_the_sentinel() {
    for base in loader_structured::bases() {
        vm_run::run_module(base.clone(), false);
        vm_run::run_module(base.clone(), true);
    }
}

/// Programs of the term machine that build terms every way it can: deep,
/// wide, shared, sent to itself, pushed on the stack, collected often.
#[test]
fn term_programs_pass() {
    // A heap of 4 words and the atom `ok`, then pairs of the term with
    // itself (sharing), 20 times: a copy would be 2^20 times bigger than the
    // heap words, so the machine drops the term once it passes its limit.
    let mut doubling = vec![3, 4, 0];
    for _ in 0..20 {
        doubling.extend_from_slice(&[15, 0, 10, 2]);
    }
    doubling.extend_from_slice(&[22, 19, 0, 23]);
    terms::check(&doubling);

    // Every step kind in turn, with collections between.
    let mut every_step = vec![0];
    for round in 0u8..3 {
        for step in 0u8..24 {
            every_step.extend_from_slice(&[step, round.wrapping_mul(37), 2, 1, 0, 5]);
            every_step.extend_from_slice(&[19, round]);
        }
    }
    terms::check(&every_step);
}
