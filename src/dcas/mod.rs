//! DCAS, the Digital Certificate Access Server, as a started task of a system: started with
//! `S proc` where a scenario defines the procedure, it reads its configuration file
//! ([`config`]), takes its start options (`-d level`, `-l SYSLOGD|file`), listens on its
//! port, and from V1R12 changes its debug level when the operator enters
//! `MODIFY jobname,DEBUG=n`. The new level shows in console and syslog messages, as the seed
//! says (`docs/reference/dcas.md` §5).
//!
//! Levels (`confirmed`, IBM "MODIFY command: DCAS"): 0 logs nothing, 1 errors and warnings, 2
//! adds informational messages, 3 adds debug messages. IBM's DCAS message IDs and texts are
//! not public: every DCAS message is the project's (`TPX01nn`, `reconstructed`), in the one
//! message table ([`crate::sysplex::messages`]).

pub mod config;
pub mod service;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use crate::sysplex::console::{self, Procedure};
use crate::sysplex::messages::{self, Message};
use crate::sysplex::{Family, JobIdentity, SockType, Sysplex, SystemId, TaskId};

/// Where DCAS logs (`-l`): the syslog daemon, or a file (`/tmp/dcas.log` by default,
/// `third-party`: HCL's copy of IBM's start options).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LogTo {
    Syslogd,
    File(String),
}

/// The default log file.
pub const DEFAULT_LOG_FILE: &str = "/tmp/dcas.log";
/// The debug level when `-d` is not given (`third-party`: "3 is the default" in the Micro
/// Focus copy of IBM's start text).
pub const DEFAULT_LEVEL: u8 = 3;

/// A message's severity: the lowest debug level that logs it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Errors and warnings: level 1.
    Error = 1,
    /// Informational: level 2.
    Info = 2,
    /// Debug: level 3.
    Debug = 3,
}

/// A DCAS that is running.
#[derive(Clone, Debug)]
pub struct Dcas {
    pub system: SystemId,
    pub job: String,
    pub task: TaskId,
    pub level: u8,
    pub log: LogTo,
    pub config: config::Config,
    /// The listening socket's descriptor.
    pub listener: u32,
    /// The clients it is serving.
    pub conns: Vec<service::Conn>,
}

/// The start options from a PARM string: `-d level` (or `-D`), 1 to 3, and `-l` (or `-L`)
/// SYSLOGD or a file name. A bad option is a warning and the default stands.
pub fn options(parm: &str) -> (u8, LogTo, Vec<String>) {
    let (mut level, mut log, mut warnings) = (
        DEFAULT_LEVEL,
        LogTo::File(DEFAULT_LOG_FILE.into()),
        Vec::new(),
    );
    let mut words = parm.split_whitespace();
    while let Some(w) = words.next() {
        match w {
            "-d" | "-D" => match words.next().and_then(|v| v.parse::<u8>().ok()) {
                Some(n @ 1..=3) => level = n,
                other => warnings.push(format!(
                    "-d {}: the level is 1 to 3; {DEFAULT_LEVEL} is used",
                    other.map_or("(none)".to_owned(), |n| n.to_string())
                )),
            },
            "-l" | "-L" => match words.next() {
                Some(v) if v.eq_ignore_ascii_case("SYSLOGD") => log = LogTo::Syslogd,
                Some(v) => log = LogTo::File(v.to_owned()),
                None => warnings.push(format!(
                    "-l needs SYSLOGD or a file name; {DEFAULT_LOG_FILE} is used"
                )),
            },
            other => warnings.push(format!("{other}: not a DCAS start option; ignored")),
        }
    }
    (level, log, warnings)
}

/// The PARM of a START's parameters (`PARM='-d 2 -l SYSLOGD'`), the part after the `/` LE
/// runtime options end at, if any.
fn parm_of(parms: &str) -> Option<String> {
    let at = parms.to_ascii_uppercase().find("PARM=")?;
    let v = parms[at + 5..].trim();
    let v = v
        .strip_prefix('\'')
        .and_then(|v| v.split('\'').next())
        .unwrap_or(v);
    Some(
        v.rsplit_once('/')
            .map_or(v, |(_, after)| after)
            .trim()
            .to_owned(),
    )
}

impl Dcas {
    /// How this DCAS speaks: as its job, to its log, at its level. A copy of those four, so
    /// a message can be said while the plex is borrowed mutably, without copying the rest
    /// (its configuration, its connections' buffers).
    fn voice(&self) -> Voice {
        Voice {
            system: self.system,
            job: self.job.clone(),
            log: self.log.clone(),
            level: self.level,
        }
    }
}

/// Where DCAS's messages go: the operator's console (as its job) and the log `-l` names,
/// which takes a message only when the debug level allows it.
#[derive(Clone)]
struct Voice {
    system: SystemId,
    job: String,
    log: LogTo,
    level: u8,
}

impl Voice {
    /// A message to the log at `severity`, if the level allows it: its text.
    fn log(
        &self,
        plex: &mut Sysplex,
        severity: Severity,
        message: &Message,
        inserts: &[&dyn std::fmt::Display],
    ) -> String {
        let text = message.text(inserts);
        if severity as u8 <= self.level {
            match &self.log {
                LogTo::Syslogd => console::syslog(plex, self.system, "dcas", text.clone()),
                LogTo::File(path) => console::file_log(plex, self.system, path, text.clone()),
            }
        }
        text
    }

    /// A message to the operator and to the log: its text.
    fn tell(
        &self,
        plex: &mut Sysplex,
        severity: Severity,
        message: &Message,
        inserts: &[&dyn std::fmt::Display],
    ) -> String {
        console::wto(plex, self.system, &self.job, message, inserts);
        self.log(plex, severity, message, inserts)
    }
}

/// The configuration file DCAS reads, in IBM's search order (`confirmed`: IBM, "DCAS
/// configuration and System SSL"): `DCAS_CONFIG_FILE` (the procedure's environment),
/// `/etc/dcas.conf`, `userid.DCAS.CONF`, `TCPIP.DCAS.CONF`.
fn find_config<'a>(
    plex: &'a Sysplex,
    system: SystemId,
    proc_: &Procedure,
) -> Option<(String, &'a str)> {
    let mut names: Vec<String> = proc_.config_file.iter().cloned().collect();
    names.push("/etc/dcas.conf".into());
    names.push(format!("{}.DCAS.CONF", proc_.user));
    names.push("TCPIP.DCAS.CONF".into());
    names
        .into_iter()
        .find_map(|n| plex.file(system, &n).map(|text| (n, text)))
}

/// `S proc[.job][,PARM='...']` of a DCAS procedure: the response lines, DCAS running if it
/// could start.
pub fn start(
    plex: &mut Sysplex,
    system: SystemId,
    proc_: &Procedure,
    job: &str,
    parms: Option<&str>,
) -> Vec<String> {
    let parm = parms
        .and_then(parm_of)
        .unwrap_or_else(|| proc_.parm.clone());
    let (level, log, option_warnings) = options(&parm);
    let found = find_config(plex, system, proc_).map(|(n, t)| (n, t.to_owned()));
    let (cfg, conf_warnings) = found.as_ref().map_or_else(
        || (config::Config::default(), Vec::new()),
        |(_, t)| config::parse(t),
    );
    let sysname = plex.topology().systems[system.0].name.clone();
    let stack_name = cfg.tcpip.clone().or_else(|| {
        plex.topology()
            .stacks
            .iter()
            .find(|s| s.system == system)
            .map(|s| s.name.clone())
    });
    let voice = Voice {
        system,
        job: job.to_owned(),
        log: log.clone(),
        level,
    };
    voice.log(
        plex,
        Severity::Info,
        &messages::TPX0100I,
        &[&level, &log_name(&log)],
    );
    for w in &option_warnings {
        voice.log(plex, Severity::Error, &messages::TPX0109W, &[w]);
    }
    match &found {
        Some((name, _)) => voice.log(plex, Severity::Info, &messages::TPX0105I, &[name]),
        None => voice.log(plex, Severity::Info, &messages::TPX0106I, &[]),
    };
    for w in &conf_warnings {
        let name = found.as_ref().map_or("", |(n, _)| n.as_str());
        voice.log(
            plex,
            Severity::Error,
            &messages::TPX0104W,
            &[&name, &w.line, &w.what],
        );
    }
    let fail = |plex: &mut Sysplex, why: String| {
        vec![voice.tell(plex, Severity::Error, &messages::TPX0107E, &[&why])]
    };
    let Some(stack_name) = stack_name else {
        return fail(plex, format!("NO TCP/IP STACK ON {sysname}"));
    };
    let Some(ident) = JobIdentity::on_stack(
        plex.topology(),
        job,
        &format!("{sysname}/{stack_name}"),
        &proc_.user,
    ) else {
        return fail(plex, format!("NO TCP/IP STACK {stack_name} ON {sysname}"));
    };
    let task = match plex.add_job(ident) {
        Ok(t) => t,
        Err(e) => return fail(plex, format!("{e}")),
    };
    if !plex.job_started(task) {
        plex.end_task(task);
        return fail(plex, "EVERY ADDRESS SPACE IS IN USE".into());
    }
    let addr = SocketAddr::new(
        cfg.ipaddr.unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED)),
        cfg.port,
    );
    let listening = plex
        .socket(
            task,
            if addr.is_ipv6() {
                Family::Inet6
            } else {
                Family::Inet
            },
            SockType::Stream,
        )
        .and_then(|fd| {
            plex.bind(task, fd, addr)
                .and_then(|()| plex.listen(task, fd, 10))
                .map(|()| fd)
        });
    let listener = match listening {
        Ok(fd) => fd,
        Err(e) => {
            let r = fail(plex, format!("PORT {}: {e}", cfg.port));
            plex.end_task(task);
            return r;
        }
    };
    let port = cfg.port;
    let response = vec![voice.tell(
        plex,
        Severity::Info,
        &messages::TPX0101I,
        &[&stack_name, &port],
    )];
    plex.dcas_mut().push(Dcas {
        system,
        job: job.to_owned(),
        task,
        level,
        log,
        config: cfg,
        listener,
        conns: Vec::new(),
    });
    response
}

fn log_name(log: &LogTo) -> String {
    match log {
        LogTo::Syslogd => "SYSLOGD".into(),
        LogTo::File(f) => f.clone(),
    }
}

/// `F job,DEBUG=n` (IBM's form) or `F job,DEBUG,LEVEL=n` (other servers' form, taken as an
/// extension): the new level at once, shown on the console and in the log; a value out of
/// range changes nothing and says so. Other parameters are refused.
pub fn modify(plex: &mut Sysplex, index: usize, parms: &str) -> Vec<String> {
    let words = crate::sysplex::operator::keywords(parms);
    let asked = match words.as_slice() {
        [(k, Some(v))] if k == "DEBUG" => Some(v.clone()),
        [(k, None), (l, Some(v))] if k == "DEBUG" && l == "LEVEL" => Some(v.clone()),
        _ => None,
    };
    let Some(asked) = asked else {
        return vec![messages::TPX0006I.text(&[&plex.dcas_mut()[index].job, &parms])];
    };
    match asked.parse::<u8>() {
        Ok(n @ 0..=3) => {
            let old = std::mem::replace(&mut plex.dcas_mut()[index].level, n);
            // The change is logged whatever the level: the operator asked for it.
            let always = Voice {
                level: 3,
                ..plex.dcas_mut()[index].voice()
            };
            vec![always.tell(plex, Severity::Info, &messages::TPX0102I, &[&old, &n])]
        }
        _ => {
            let voice = plex.dcas_mut()[index].voice();
            let level = voice.level;
            vec![voice.tell(
                plex,
                Severity::Error,
                &messages::TPX0103E,
                &[&asked, &level],
            )]
        }
    }
}

/// `P job`: DCAS closes its listener and ends.
pub fn stop(plex: &mut Sysplex, index: usize) -> Vec<String> {
    let d = plex.dcas_mut().remove(index);
    for c in &d.conns {
        let _ = plex.close(d.task, c.fd);
    }
    let _ = plex.close(d.task, d.listener);
    let response = vec![
        d.voice()
            .tell(plex, Severity::Info, &messages::TPX0108I, &[]),
    ];
    plex.end_task(d.task);
    response
}

/// DCAS's stack ended under it: it says so and ends.
pub fn lost_stack(plex: &mut Sysplex, index: usize, stack: &str) {
    let d = plex.dcas_mut().remove(index);
    for c in &d.conns {
        let _ = plex.close(d.task, c.fd);
    }
    let _ = plex.close(d.task, d.listener);
    d.voice()
        .tell(plex, Severity::Error, &messages::TPX0113E, &[&stack]);
    plex.end_task(d.task);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn start_options() {
        assert_eq!(
            options(""),
            (3, LogTo::File("/tmp/dcas.log".into()), vec![])
        );
        assert_eq!(options("-d 2 -l SYSLOGD"), (2, LogTo::Syslogd, vec![]));
        assert_eq!(
            options("-D 1 -L /u/dcas/log").1,
            LogTo::File("/u/dcas/log".into())
        );
        let (level, _, w) = options("-d 7 -x");
        assert_eq!(level, 3);
        assert_eq!(w.len(), 2, "{w:?}");
        assert_eq!(
            parm_of("PARM='POSIX(ON) ALL31(ON) / -d 3 -l SYSLOGD'").as_deref(),
            Some("-d 3 -l SYSLOGD")
        );
        assert_eq!(parm_of("PARM='-d 1'").as_deref(), Some("-d 1"));
        assert_eq!(parm_of("X=1"), None);
    }
}
