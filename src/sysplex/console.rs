//! The operator's side of each system: its console, whose traffic the hardcopy log keeps
//! (commands, their responses and the messages jobs write to the operator), and its syslogd
//! log; and the operator commands ([`operator`]) acting on the model
//! (`docs/reference/operator.md`).
//!
//! The hardcopy log prints as the SYSLOG data set does, one line per message line: record
//! type (N a single line, M D E the first, middle and last of a multi-line message), request
//! type (C a command, R its response), system name, date `yyddd`, time to the hundredth,
//! job name, text. The column order follows public descriptions of SYSLOG (`third-party`); the
//! routing codes and MPF flags between them are left out, the model has neither
//! (`reconstructed`). The syslogd log is RFC 3164's file form, `Mmm dd hh:mm:ss host tag:
//! text`, as a BSD syslogd writes it (`inferred`).

use super::messages::{self, Message};
use super::netstat;
use super::operator::{self, OperCmd};
use super::{Sysplex, SystemId, VirtualTime};

/// What a hardcopy record is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// An operator command as entered.
    Command,
    /// The response to a command.
    Response,
    /// A message a job or the system wrote.
    Message,
}

/// One message in the hardcopy log: one or more lines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    pub at: VirtualTime,
    pub kind: Kind,
    pub job: String,
    pub lines: Vec<String>,
}

/// One syslogd message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyslogRecord {
    pub at: VirtualTime,
    /// The program that logged it (`dcas`).
    pub tag: String,
    pub text: String,
}

/// A system's logs.
#[derive(Clone, Debug, Default)]
pub struct SystemLog {
    pub hardcopy: Vec<Record>,
    pub syslog: Vec<SyslogRecord>,
    /// Log files programs write themselves (DCAS's `-l file`), by path: each line with its
    /// time stamp.
    pub files: std::collections::BTreeMap<String, Vec<String>>,
}

/// A started-task procedure a system has (a scenario's `[[proc]]`): what `S name` runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Procedure {
    pub name: String,
    /// The program: `DCAS` (EZADCDMN) is the one the model runs.
    pub program: String,
    /// The PARM the procedure passes, unless START gives another.
    pub parm: String,
    /// The user the started task runs under.
    pub user: String,
    /// The procedure's DCAS_CONFIG_FILE, when it sets one.
    pub config_file: Option<String>,
}

/// A syslogd message from `tag` on a system.
pub fn syslog(plex: &mut Sysplex, system: SystemId, tag: &str, text: String) {
    let at = plex.now();
    plex.log_mut(system).syslog.push(SyslogRecord {
        at,
        tag: tag.to_owned(),
        text,
    });
}

/// A line a program writes to its own log file.
pub fn file_log(plex: &mut Sysplex, system: SystemId, path: &str, text: String) {
    let stamp = plex.now().syslog_stamp();
    plex.log_mut(system)
        .files
        .entry(path.to_owned())
        .or_default()
        .push(format!("{stamp} {text}"));
}

/// The hardcopy log of a system as SYSLOG prints it.
pub fn hardcopy_lines(plex: &Sysplex, system: SystemId) -> Vec<String> {
    let name = &plex.topology().systems[system.0].name;
    let mut out = Vec::new();
    for r in &plex.log(system).hardcopy {
        let req = match r.kind {
            Kind::Command => 'C',
            Kind::Response => 'R',
            Kind::Message => ' ',
        };
        let n = r.lines.len();
        for (i, line) in r.lines.iter().enumerate() {
            let rt = match (n, i) {
                (1, _) => 'N',
                (_, 0) => 'M',
                (_, i) if i + 1 == n => 'E',
                _ => 'D',
            };
            out.push(
                format!(
                    "{rt}{req} {name:<8} {} {} {:<8} {line}",
                    r.at.julian(),
                    r.at.time_hundredths(),
                    r.job
                )
                .trim_end()
                .to_owned(),
            );
        }
    }
    out
}

/// The syslogd log of a system: the host is the system's name. Then each log file a
/// program wrote, after a `==> path <==` line.
pub fn syslog_lines(plex: &Sysplex, system: SystemId) -> Vec<String> {
    let host = &plex.topology().systems[system.0].name;
    let log = plex.log(system);
    let mut out: Vec<String> = log
        .syslog
        .iter()
        .map(|r| format!("{} {host} {}: {}", r.at.syslog_stamp(), r.tag, r.text))
        .collect();
    for (path, lines) in &log.files {
        out.push(format!("==> {path} <=="));
        out.extend(lines.iter().cloned());
    }
    out
}

/// Writes a message to a system's operator: it goes to the hardcopy log.
pub fn wto(
    plex: &mut Sysplex,
    system: SystemId,
    job: &str,
    message: &Message,
    inserts: &[&dyn std::fmt::Display],
) {
    let at = plex.now();
    plex.log_mut(system).hardcopy.push(Record {
        at,
        kind: Kind::Message,
        job: job.to_owned(),
        lines: vec![message.text(inserts)],
    });
}

/// A line as the log shows it: a control character (a line break inside a command's text) is
/// a period, as a display shows what it cannot print.
fn printable(line: &str) -> String {
    line.chars()
        .map(|c| if c.is_control() { '.' } else { c })
        .collect()
}

/// Runs an operator command entered on `system`'s console (the first system when `None`):
/// the command and its response go to the hardcopy log, and the response lines are returned.
pub fn command(plex: &mut Sysplex, system: Option<SystemId>, text: &str) -> Vec<String> {
    let Some(system) =
        system.or_else(|| (!plex.topology().systems.is_empty()).then_some(SystemId(0)))
    else {
        return vec![messages::TPX0001I.text(&[&"(NONE)"])];
    };
    let at = plex.now();
    plex.log_mut(system).hardcopy.push(Record {
        at,
        kind: Kind::Command,
        job: "CONSOLE".into(),
        lines: vec![printable(text.trim())],
    });
    let response: Vec<String> = match operator::parse(text) {
        Ok(cmd) => act(plex, system, cmd),
        Err(e) => vec![e.response()],
    }
    .iter()
    .map(|l| printable(l))
    .collect();
    plex.log_mut(system).hardcopy.push(Record {
        at,
        kind: Kind::Response,
        job: "CONSOLE".into(),
        lines: response.clone(),
    });
    response
}

fn act(plex: &mut Sysplex, system: SystemId, cmd: OperCmd) -> Vec<String> {
    if let Some(response) = started_task(plex, system, &cmd) {
        return response;
    }
    let stack_named = |plex: &Sysplex, name: &str| {
        let on_system = format!("{}/{name}", plex.topology().systems[system.0].name);
        plex.topology().stack(&on_system)
    };
    match cmd {
        OperCmd::DisplayNetstat {
            proc_,
            report,
            operands,
        } => {
            let request = match netstat::Request::from_operator(&report, &operands) {
                Ok(r) => r,
                Err(_) => return vec![messages::IEE535I.text(&[&"DISPLAY"])],
            };
            let stack = match &proc_ {
                None => plex
                    .topology()
                    .stacks
                    .iter()
                    .position(|st| st.system == system)
                    .map(super::StackId),
                Some(p) => stack_named(plex, p),
            };
            match stack {
                Some(st) => netstat::report(plex, st, request.report, &request.filter)
                    .lines()
                    .map(str::to_owned)
                    .collect(),
                None => vec![messages::TPX0001I.text(&[&proc_.unwrap_or_default()])],
            }
        }
        OperCmd::DisplayActive { job } => display_active(plex, system, job.as_deref()),
        OperCmd::VaryXcf {
            system: sys,
            online,
        } => {
            let Some(id) = plex.topology().system(&sys) else {
                return vec![messages::IEE535I.text(&[&"VARY"])];
            };
            let down = &mut plex.xcf_config_mut().down_systems;
            let state = if online {
                down.remove(&id);
                "ONLINE"
            } else {
                down.insert(id);
                "OFFLINE"
            };
            vec![messages::TPX0002I.text(&[&sys, &state])]
        }
        OperCmd::Stop { job } => match stack_named(plex, &job) {
            Some(st) if plex.stack_active(st) => {
                plex.stop_stack(st);
                vec![messages::TPX0003I.text(&[&job, &"ENDED"])]
            }
            _ => vec![messages::IEE341I.text(&[&job])],
        },
        OperCmd::Start { proc_, job, .. } => match stack_named(plex, &proc_) {
            Some(st) if plex.stack_active(st) => vec![messages::TPX0004I.text(&[&job])],
            Some(st) => {
                plex.start_stack(st);
                vec![messages::TPX0003I.text(&[&job, &"STARTED"])]
            }
            None => vec![messages::TPX0005I.text(&[&proc_])],
        },
        OperCmd::Modify { job, parms } => match stack_named(plex, &job) {
            Some(_) => vec![messages::TPX0006I.text(&[&job, &parms])],
            None => vec![messages::IEE341I.text(&[&job])],
        },
    }
}

/// START, STOP and MODIFY of a started task (DCAS, or a procedure that starts one); `None`
/// when the command is not for one, and a stack's procedure name may take it.
fn started_task(plex: &mut Sysplex, system: SystemId, cmd: &OperCmd) -> Option<Vec<String>> {
    match cmd {
        OperCmd::Stop { job } => plex
            .running_dcas(system, job)
            .map(|i| crate::dcas::stop(plex, i)),
        OperCmd::Modify { job, parms } => plex
            .running_dcas(system, job)
            .map(|i| crate::dcas::modify(plex, i, parms)),
        OperCmd::Start { proc_, job, parms } => {
            if plex.running_dcas(system, job).is_some() {
                return Some(vec![messages::TPX0004I.text(&[job])]);
            }
            let p = plex.procedure(system, proc_)?.clone();
            Some(crate::dcas::start(plex, system, &p, job, parms.as_deref()))
        }
        _ => None,
    }
}

/// DISPLAY A,L: the header (IEE114I, time and date), then one line per job whose address
/// space is active on the system: job name, ASID, user (`reconstructed` layout).
fn display_active(plex: &Sysplex, system: SystemId, only: Option<&str>) -> Vec<String> {
    let now = plex.now();
    let jobs: Vec<(String, u16, String)> = plex
        .active_spaces(system)
        .filter(|(name, ..)| only.is_none_or(|o| o == name))
        .collect();
    if let Some(o) = only
        && jobs.is_empty()
    {
        return vec![messages::IEE341I.text(&[&o])];
    }
    let (y, ..) = now.civil();
    let mut out = vec![
        messages::IEE114I.text(&[&now.time_dotted(), &format!("{y}.{:03}", now.day_of_year())]),
        format!(" JOBS {:05}", jobs.len()),
        " JOBNAME  ASID USER".to_owned(),
    ];
    for (name, asid, user) in jobs {
        out.push(
            format!(" {name:<8} {asid:04X} {user}")
                .trim_end()
                .to_owned(),
        );
    }
    out
}
