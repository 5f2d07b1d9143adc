//! What the library's tests and bench share: the seed plex with its trusted server listening,
//! and libtrustplex.so built where they can load it.

use trustplex_core::api::host::{Direct, Host};
use trustplex_core::areas::partnerinfo::PiReqType;
use trustplex_core::scenario::Scenario;
use trustplex_core::sysplex::{Family, SockType, Sysplex, TaskId};

const SEED_PLEX: &str = include_str!("../../../fixtures/scenarios/seed-plex.toml");

/// The seed plex: TRSTSRV listening on TCPCS2's 10.1.2.1:4000 with SIOCSPARTNERINFO, and
/// TRSTCLI on TCPCS1, whose calls a program makes: (plex, TRSTCLI).
pub fn trusted_plex() -> (Sysplex, TaskId) {
    let s = Scenario::from_toml("seed-plex.toml", SEED_PLEX).unwrap();
    let mut p = s.sysplex();
    let srv = p.add_job(s.jobs[0].ident.clone()).unwrap();
    let cli = p.add_job(s.jobs[1].ident.clone()).unwrap();
    let mut h = Direct {
        plex: &mut p,
        task: srv,
    };
    let l = h.socket(Family::Inet, SockType::Stream).unwrap();
    h.siocspartnerinfo(l, PiReqType::PartnerSeccred).unwrap();
    h.bind(l, "10.1.2.1:4000".parse().unwrap()).unwrap();
    h.listen(l, 5).unwrap();
    (p, cli)
}

#[path = "build.rs"]
mod build;
pub use build::lib_dir;
