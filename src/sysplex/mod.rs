//! The in-memory sysplex (issue 3, in progress): its topology and how a connection between two
//! points of it is routed. Sockets, partner credentials, XCF, Netstat and the scheduler build on
//! this.

pub mod topology;

pub use topology::{
    Endpoint, Link, LinkKind, OutsideHost, Stack, StackId, System, SystemId, Topology,
    TopologyError,
};
