//! Fuzz target: `girder_fuzz::beam_bytes::check` on the fuzzer's bytes.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| girder_fuzz::beam_bytes::check(data));
