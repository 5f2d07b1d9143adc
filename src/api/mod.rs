//! API entry points (issue 4, in progress): what a z/OS program's call looks like in its own
//! storage. So far: the address space's emulated storage, the one mapping from the sysplex
//! model's error to each API family's errno numbering, the host a call runs against (a task
//! under the scheduler, or the model driven directly), the BPX1/BPX4 callable services
//! (w_ioctl and the socket services), LE C's `ioctl`, `w_ioctl` and `getsockopt` over them,
//! and the EZASOKET CALL interface. EZASMI is still to come.

pub mod bpx;
pub mod errors;
pub mod ezasmi;
pub mod ezasoket;
pub mod host;
pub mod lec;
pub mod sockopt;
pub mod storage;
