//! API entry points (issue 4, in progress): what a z/OS program's call looks like in its own
//! storage. So far: the address space's emulated storage, the one mapping from the sysplex
//! model's error to each API family's errno numbering, the host a call runs against (a task
//! under the scheduler, or the model driven directly), the BPX1/BPX4 callable services
//! (w_ioctl and the socket services) and LE C's `ioctl`, `w_ioctl` and `getsockopt` over them.

pub mod bpx;
pub mod errors;
pub mod host;
pub mod lec;
pub mod storage;
