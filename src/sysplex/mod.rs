//! The in-memory sysplex: its topology and how a connection is routed, the virtual clock, XCF
//! between stacks, the model's one error, SIOCGPARTNERINFO's decision, the live state of jobs,
//! sockets and connections (`plex`), the scheduler every task runs under (`sched`) and the
//! Netstat report (`netstat`).
//!
//! The crate page ([`crate`]) shows a run driven from the library.

pub mod catalog;
pub mod clock;
pub mod console;
pub mod credentials;
mod error;
pub mod journal;
pub mod messages;
pub mod netstat;
pub mod operator;
pub mod plex;
pub mod sched;
pub mod topology;
pub mod xcf;

pub use clock::VirtualTime;
pub use error::SysplexError;
pub use plex::{
    AsId, ClientId, Family, JobIdentity, Node, OptValue, PiOutcome, Place, Shutdown, SockOpt,
    SockType, Sysplex, TaskId, TcpState,
};
pub use topology::{
    Endpoint, Link, LinkKind, OutsideHost, Stack, StackId, System, SystemId, Topology,
    TopologyError,
};
