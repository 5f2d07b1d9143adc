//! trustplex: a z/OS-faithful emulator of Communications Server trusted TCP connections
//! (SIOCGPARTNERINFO, SIOCSPARTNERINFO, SO_CLUSTERCONNTYPE): byte-exact data areas, the calling
//! conventions of every API that can issue the ioctls, and an in-memory sysplex of TCP/IP
//! stacks to run programs and REXX execs against, deterministically.
//!
//! # Layers
//!
//! Data flows downward; no layer calls one above it (`docs/architecture.md` §1):
//!
//! | layer | modules |
//! |---|---|
//! | REXX interpreter: SOCKET(), the TSO/E externals, ADDRESS TSO, CONSOLE, LINKPGM, SYSCALL | [`rexx`] |
//! | API entry points: BPX1IOC/BPX4IOC and the BPX socket services, LE C, EZASOKET, EZASMI, over emulated storage | [`api`] |
//! | the sysplex model: systems, stacks, sockets, routing, XCF, Netstat, the scheduler; scenario files | [`sysplex`], [`scenario`] |
//! | security: RACF users, groups, SERVAUTH profiles, the security domain | [`racf`] |
//! | data areas, code pages, errno tables, copybooks, hex text | [`areas`], [`codepage`], [`errno`], [`copybook`], [`hextext`] |
//!
//! Every constant, offset, errno and message carries its provenance tag (`confirmed`,
//! `third-party`, `inferred`, `reconstructed`) and cites the repository's reference pages,
//! `docs/reference/*.md`, with IBM's public sources.
//!
//! # A run from the library
//!
//! A trusted server on SYS2 and a client on SYS1 that asks for its partner's user ID, waiting
//! for the XCF answer (the seed's first example); each job is a Rust closure over its
//! [`sysplex::sched::TaskCtx`], or a REXX exec ([`rexx::task::ExecJob`]).
//!
//! ```
//! use trustplex::areas::Area;
//! use trustplex::areas::partnerinfo::{PartnerInfo, PiReqType};
//! use trustplex::scenario::Scenario;
//! use trustplex::sysplex::sched::Completion;
//! use trustplex::sysplex::{Family, SockType};
//!
//! let text = include_str!("../fixtures/scenarios/seed-plex.toml");
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
//!     // PI_REQTYPE_PARTNER_USERID, PI_TIMEOUT 10 seconds: suspends for the XCF round trip.
//!     let mut area = PartnerInfo::request(PiReqType::PartnerUserid, 40, 10).to_bytes();
//!     t.siocgpartnerinfo(c, &mut area).unwrap();
//!     let pi = PartnerInfo::parse(&area).unwrap();
//!     t.say(format!("partner {:?}, routing {:02X}", pi.as_userid(), pi.header.conntype.bits()));
//! })?;
//! // A REXX exec for the job outside the sysplex: its EXIT value is its return code.
//! let exec = trustplex::rexx::task::ExecJob::new(b"say 'hello'; exit 4".to_vec(), "PC", "", "");
//! run.program("PC", exec.program())?;
//! let report = run.run()?;
//! assert_eq!(report.said("TRSTCLI"), ["partner Some(\"TRSTSRV\"), routing 0A"]);
//! assert!(report.plex.xcf_trace()[0].contains("SYS1/TCPCS1 -> SYS2/TCPCS2 PARTNERINFO REQUEST"));
//! assert_eq!(report.jobs[2].completion, Completion::Rc(4));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! A library user turns the command line off (`default-features = false`) and compiles no clap.

pub mod api;
pub mod areas;
pub mod codepage;
pub mod copybook;
pub mod dcas;
pub mod errno;
pub mod hextext;
pub mod racf;
pub mod rexx;
pub mod scenario;
pub mod sysplex;
pub mod view;
