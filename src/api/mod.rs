//! API entry points: what a z/OS program's call looks like in its own storage. The address
//! space's emulated storage; the one mapping from the sysplex model's error to each API
//! family's errno numbering (`errors`); the host a call runs against (a task under the
//! scheduler, or the model driven directly); the socket options' numbers and values
//! (`sockopt`); the BPX1/BPX4 callable services (w_ioctl and the socket services); LE C's
//! `ioctl`, `w_ioctl`, `getsockopt` and `setsockopt` over them; the EZASOKET CALL interface;
//! and the EZASMI macro interface, which expands into an EZASOKET-style list and runs the
//! same engine; and the CALL interface's translation utilities EZACIC04 and EZACIC05.

pub mod bpx;
pub mod errors;
pub mod ezacic;
pub mod ezasmi;
pub mod ezasoket;
pub mod host;
pub mod lec;
pub mod native;
pub mod sockopt;
pub mod storage;
