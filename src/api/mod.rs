//! API entry points (issue 4, in progress): what a z/OS program's call looks like in its own
//! storage. So far: the address space's emulated storage, the one mapping from the sysplex
//! model's error to each API family's errno numbering, the host a call runs against (a task
//! under the scheduler, or the model driven directly), and BPX1IOC/BPX4IOC.

pub mod bpx;
pub mod errors;
pub mod host;
pub mod storage;
