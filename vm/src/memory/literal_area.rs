//! The literal area: one immortal region holding every loaded module's
//! literal terms.
//!
//! Literals are built once, when a module is loaded, and never freed or moved
//! (girder does not unload code). Because the whole area is one reserved
//! range of addresses, "is this pointer a literal?" is a single range check:
//! the collector leaves such pointers alone, and sending a message shares
//! them instead of copying.
//!
//! Threads: [`LiteralArea::alloc`] takes a lock (module loading only);
//! [`is_literal`] is lock-free and may be called from any thread.

use crate::term::Term;
use memmap2::MmapMut;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

/// Bytes of address space reserved for literals. Pages are committed only
/// when first written, so the reservation itself costs nothing.
pub const LITERAL_AREA_BYTES: usize = 1 << 30;

/// The start of the literal area. Until the area exists it is the top
/// `LITERAL_AREA_BYTES` of the address space, which no user pointer can
/// fall in, so [`is_literal`] is false for everything.
static BASE: AtomicUsize = AtomicUsize::new(usize::MAX - LITERAL_AREA_BYTES + 1);

/// The reserved region and how much of it is used.
pub struct LiteralArea {
    map: Mutex<(MmapMut, usize)>,
}

/// The error when the literal area is full.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the literal area is full ({LITERAL_AREA_BYTES} bytes)")]
pub struct LiteralAreaFull;

impl LiteralArea {
    /// The VM's one literal area, reserved on first use.
    pub fn global() -> &'static LiteralArea {
        static AREA: OnceLock<LiteralArea> = OnceLock::new();
        AREA.get_or_init(|| {
            let mut map = MmapMut::map_anon(LITERAL_AREA_BYTES).expect("reserve the literal area");
            BASE.store(map.as_mut_ptr() as usize, Ordering::Release);
            LiteralArea { map: Mutex::new((map, 0)) }
        })
    }

    /// Allocates `n_words` words for literal terms that live forever.
    ///
    /// The caller initialises the words before publishing any term pointing
    /// at them.
    pub fn alloc(&self, n_words: usize) -> Result<*mut Term, LiteralAreaFull> {
        let mut guard = self.map.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let (map, used) = &mut *guard;
        let bytes = n_words.checked_mul(8).ok_or(LiteralAreaFull)?;
        if bytes > LITERAL_AREA_BYTES - *used {
            return Err(LiteralAreaFull);
        }
        // SAFETY: `used + bytes` is within the mapping (checked above), and
        // the mapping is never unmapped (the area is a process-wide static).
        let ptr = unsafe { map.as_mut_ptr().add(*used) } as *mut Term;
        *used += bytes;
        Ok(ptr)
    }

    /// How many bytes of the area are used.
    pub fn used_bytes(&self) -> usize {
        self.map.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).1
    }
}

/// Whether `ptr` points into the literal area.
#[inline(always)]
pub fn is_literal(ptr: *const Term) -> bool {
    (ptr as usize).wrapping_sub(BASE.load(Ordering::Relaxed)) < LITERAL_AREA_BYTES
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_words_are_recognised() {
        let ptr = LiteralArea::global().alloc(4).unwrap();
        // SAFETY: four words were just allocated at ptr.
        unsafe {
            for i in 0..4 {
                ptr.add(i).write(Term::NIL);
            }
        }
        assert!(is_literal(ptr));
        // SAFETY: in bounds of the allocation above.
        assert!(is_literal(unsafe { ptr.add(3) }));
        let local = [Term::NIL];
        assert!(!is_literal(local.as_ptr()));
        assert!(!is_literal(std::ptr::null()));
        assert!(!is_literal(usize::MAX as *const Term));
    }
}
