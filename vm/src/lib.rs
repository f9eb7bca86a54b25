//! The girder virtual machine.
