//! What the library's tests and bench share: the seed plex with its trusted server listening,
//! a program's calls served in it, and libtrustplex.so built where they can load it.

use std::os::unix::net::UnixListener;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use trustplex_core::api::host::{Direct, Host};
use trustplex_core::api::native::{SOCKET_ENV, Session};
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

#[path = "native_lib.rs"]
pub mod native_lib;
pub use native_lib::{compile_c, have, lib_dir};

/// Runs `cmd` (a program linked with libtrustplex) with its calls served for `task` in `plex`
/// over a socket in `dir`, until it closes its link: what it printed, and how many calls.
pub fn serve_program(
    cmd: &mut Command,
    dir: &Path,
    plex: &mut Sysplex,
    task: TaskId,
) -> (Output, usize) {
    let path = dir.join("job.sock");
    let _ = std::fs::remove_file(&path);
    let listener = UnixListener::bind(&path).unwrap();
    let child = cmd
        .env(SOCKET_ENV, &path)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (mut link, _) = listener.accept().unwrap();
    let mut host = Direct { plex, task };
    let calls = Session::new().serve_link(&mut link, &mut host).unwrap();
    (child.wait_with_output().unwrap(), calls)
}
