//! Unpredictable numbers for challenges and new cookies.
//!
//! Reads the operating system's random source; where there is none, falls
//! back to std's randomly keyed SipHash over the time, the process id and a
//! counter, which is still different on every call.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::io::Read;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// Fills `buf` with unpredictable bytes.
pub(crate) fn fill(buf: &mut [u8]) {
    if let Ok(mut file) = std::fs::File::open("/dev/urandom") {
        if file.read_exact(buf).is_ok() {
            return;
        }
    }
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let state = RandomState::new();
    for chunk in buf.chunks_mut(8) {
        let mut hasher = state.build_hasher();
        let now = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or_default();
        hasher.write_u128(now);
        hasher.write_u32(std::process::id());
        hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
        let word = hasher.finish().to_le_bytes();
        chunk.copy_from_slice(&word[..chunk.len()]);
    }
}

/// An unpredictable 32-bit number.
pub(crate) fn u32() -> u32 {
    let mut bytes = [0u8; 4];
    fill(&mut bytes);
    u32::from_le_bytes(bytes)
}
