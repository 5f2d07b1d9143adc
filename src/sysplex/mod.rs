//! The in-memory sysplex: its topology and how a connection is routed, the virtual clock, XCF
//! between stacks, the model's one error, SIOCGPARTNERINFO's decision, the live state of jobs,
//! sockets and connections (`plex`), the scheduler every task runs under (`sched`) and the
//! Netstat report (`netstat`).
//!
//! A scenario from the library API: a trusted server on SYS2 and a client on SYS1 that asks
//! for its partner's user ID, waiting for the XCF answer (the seed's first example).
//!
//! ```
//! use trustplex::areas::Area;
//! use trustplex::areas::partnerinfo::{PartnerInfo, PiReqType};
//! use trustplex::scenario::Scenario;
//! use trustplex::sysplex::{Family, SockType};
//!
//! let text = include_str!("../../fixtures/scenarios/seed-plex.toml");
//! let mut run = Scenario::from_toml("seed-plex.toml", text)?.run();
//! run.program("TRSTSRV", |t| {
//!     let l = t.socket(Family::Inet, SockType::Stream).unwrap();
//!     t.bind(l, "10.1.2.1:4000".parse().unwrap()).unwrap();
//!     t.listen(l, 5).unwrap();
//!     let (s, _) = t.accept(l).unwrap();
//!     let _ = t.recv(s, 100); // until the client closes
//! })?;
//! run.program("TRSTCLI", |t| {
//!     let c = t.socket(Family::Inet, SockType::Stream).unwrap();
//!     t.connect(c, "10.1.2.1:4000".parse().unwrap()).unwrap();
//!     // PI_REQTYPE_PARTNER_USERID, PI_Timeout 10 seconds: suspends for the XCF round trip.
//!     let mut area = PartnerInfo::request(PiReqType::PartnerUserid, 40, 10).to_bytes();
//!     t.siocgpartnerinfo(c, &mut area).unwrap();
//!     let pi = PartnerInfo::parse(&area).unwrap();
//!     t.say(format!("partner {:?}, routing {:02X}", pi.as_userid(), pi.header.conntype.bits()));
//! })?;
//! run.program("PC", |_| {})?; // the host outside the sysplex does nothing here
//! let report = run.run()?;
//! assert_eq!(report.said("TRSTCLI"), ["partner Some(\"TRSTSRV\"), routing 0A"]);
//! assert!(report.plex.xcf_trace()[0].contains("SYS1/TCPCS1 -> SYS2/TCPCS2 PARTNERINFO REQUEST"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod clock;
pub mod credentials;
mod error;
pub mod netstat;
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
