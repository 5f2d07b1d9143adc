//! Operator commands from arbitrary text, one a line, parsed and run in turn on the console of
//! a system with a stack, a job, a DCAS procedure and its dcas.conf. The oracle: never a
//! panic; a refused command is answered with IEE305I or IEE535I; a parsed one names jobs and
//! procedures of at most 8 characters; each command adds itself and its response to the
//! hardcopy log, whose lines never break.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod one_stack;

use trustplex::sysplex::SystemId;
use trustplex::sysplex::console::{self, Procedure};
use trustplex::sysplex::operator::{self, OperCmd};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (mut plex, _) = one_stack::with_listener();
    let sys1 = SystemId(0);
    plex.add_procedure(
        sys1,
        Procedure {
            name: "DCAS".into(),
            program: "DCAS".into(),
            parm: "-d 3 -l SYSLOGD".into(),
            user: "TRSTSRV".into(),
            config_file: None,
        },
    );
    plex.add_file(sys1, "/etc/dcas.conf", "TCPIP TCPCS1\nPORT 8990\n");
    for line in text.lines().take(8) {
        match operator::parse(line) {
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
                    OperCmd::DisplayNetstat { proc_, .. } => {
                        proc_.iter().map(String::as_str).collect()
                    }
                    OperCmd::DisplayActive { job } => job.iter().map(String::as_str).collect(),
                    OperCmd::VaryXcf { system, .. } => vec![system],
                };
                assert!(
                    names.iter().all(|n| !n.is_empty() && n.len() <= 8),
                    "{cmd:?}"
                );
            }
        }
        let before = plex.log(sys1).hardcopy.len();
        let response = console::command(&mut plex, Some(sys1), line);
        assert!(!response.is_empty());
        assert!(plex.log(sys1).hardcopy.len() >= before + 2);
    }
    let lines = console::hardcopy_lines(&plex, sys1);
    assert!(lines.iter().all(|l| !l.contains('\n')));
    assert!(
        console::syslog_lines(&plex, sys1)
            .iter()
            .all(|l| !l.contains('\n'))
    );
});
