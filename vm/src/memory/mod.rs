//! Where terms live and how they move: the per-process heap and stack
//! block, the slabs that hand out small fixed-size blocks, the literal area
//! shared by loaded code, reference-counted binaries and native objects
//! off the heaps, the persistent areas of `persistent_term`, deep copies
//! for messages, and the collector.

pub mod area;
pub mod copy;
pub mod gc;
pub mod heap;
pub mod literal_area;
pub mod off_heap;
pub mod resource;
pub mod slab;
