//! API entry points (issue 4, in progress): what a z/OS program's call looks like in its own
//! storage. So far: the address space's emulated storage, and the one mapping from the
//! sysplex model's error to each API family's errno numbering.

pub mod errors;
pub mod storage;
