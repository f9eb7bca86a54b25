//! The girder assembler.
