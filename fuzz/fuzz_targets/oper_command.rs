//! Operator commands from arbitrary text, parsed and run on the console of a system with a
//! stack and a job. The oracle: never a panic; a refused command is answered with IEE305I or
//! IEE535I; a parsed one names jobs and procedures of at most 8 characters; every response
//! and the hardcopy log hold the command and its answer.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod one_stack;

use trustplex::sysplex::operator::{self, OperCmd};
use trustplex::sysplex::{SystemId, console};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match operator::parse(text) {
        Err(e) => {
            let r = e.response();
            assert!(
                r.starts_with("IEE305I ") || r.starts_with("IEE535I "),
                "{r}"
            );
        }
        Ok(cmd) => {
            let names: Vec<&str> = match &cmd {
                OperCmd::Start { proc_, job, .. } => vec![proc_, job],
                OperCmd::Stop { job } | OperCmd::Modify { job, .. } => vec![job],
                OperCmd::DisplayNetstat { proc_, .. } => proc_.iter().map(String::as_str).collect(),
                OperCmd::DisplayActive { job } => job.iter().map(String::as_str).collect(),
                OperCmd::VaryXcf { system, .. } => vec![system],
            };
            assert!(
                names.iter().all(|n| !n.is_empty() && n.len() <= 8),
                "{cmd:?}"
            );
        }
    }
    let (mut plex, _) = one_stack::with_listener();
    let before = plex.log(SystemId(0)).hardcopy.len();
    let response = console::command(&mut plex, Some(SystemId(0)), text);
    assert!(!response.is_empty());
    assert_eq!(plex.log(SystemId(0)).hardcopy.len(), before + 2);
    let lines = console::hardcopy_lines(&plex, SystemId(0));
    assert!(lines.iter().all(|l| !l.contains('\n')));
});
