//! The in-memory sysplex (issue 3, in progress): its topology and how a connection is routed,
//! the virtual clock, XCF between stacks, the model's one error, and SIOCGPARTNERINFO's
//! decision. Sockets, Netstat and the scheduler build on these.

pub mod clock;
pub mod credentials;
mod error;
pub mod topology;
pub mod xcf;

pub use clock::VirtualTime;
pub use error::SysplexError;
pub use topology::{
    Endpoint, Link, LinkKind, OutsideHost, Stack, StackId, System, SystemId, Topology,
    TopologyError,
};
