//! Scenario files (TOML): the sysplex (systems, stacks, links, hosts outside it), the RACF
//! commands, XCF's behaviour, the jobs and timed operator commands. Every error names the
//! file, the line and the key. [`Scenario::run`] turns a scenario into a [`Run`] whose jobs
//! only need their programs.
//!
//! ```toml
//! # Top-level keys come before the first [table]. The RACF commands build the database every
//! # system shares.
//! sysplex = "PLEX1"        # optional; MVSVAR('SYSPLEX') and ECVTSPLX (default PLEX1)
//! racf = ["ADDUSER TRSTSRV", "SETROPTS CLASSACT(SERVAUTH) RACLIST(SERVAUTH)"]
//!
//! [xcf]                    # optional
//! latency_us = 500         # one way between two systems (same system: 50)
//! loss_per_million = 0
//! seed = 0
//! down = ["SYS3", "SYS1/TCPCS3"]   # systems or stacks whose XCF signalling is down
//!
//! [[system]]
//! name = "SYS1"
//! racf = ["RALTER SERVAUTH EZBDOMAIN APPLDATA('OTHER')"]   # optional, this system only
//!
//! [[stack]]
//! system = "SYS1"
//! name = "TCPCS1"
//! home = ["10.1.1.1", "fd00:1::1"]
//!
//! [[link]]
//! between = ["TCPCS1", "TCPCS2"]
//! kind = "xcf"             # xcf, hipersockets or lan
//!
//! [[host]]                 # outside the sysplex
//! name = "PCLIENT"
//! addrs = ["192.0.2.10"]
//!
//! [[job]]
//! name = "TRSTSRV"
//! system = "SYS2"          # or host = "PCLIENT" (no RACF identity there)
//! stack = "TCPCS2"         # omitted on a system with several stacks: CINET, all of them
//! user = "TRSTSRV"
//! task_user = "USER1"      # optional task-level identity
//! apf = false
//! supervisor = false
//! start = 0.0              # seconds of virtual time
//! run = "rexx/trusted-server.rexx"
//! args = "4000"
//!
//! [[operator]]
//! at = 5.0
//! system = "SYS1"
//! command = "D TCPIP,TCPCS1,NETSTAT,ALL"
//! ```

use std::net::IpAddr;
use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

use crate::racf::Racf;
pub use crate::sysplex::Place;
use crate::sysplex::sched::Run;
use crate::sysplex::xcf::XcfConfig;
use crate::sysplex::{JobIdentity, LinkKind, StackId, Sysplex, SystemId, Topology, VirtualTime};

/// Why a scenario cannot be loaded: where, and what.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {key}: {message}")]
pub struct ScenarioError {
    pub file: String,
    pub line: usize,
    pub key: String,
    pub message: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    sysplex: Option<Spanned<String>>,
    #[serde(default)]
    system: Vec<SystemDef>,
    #[serde(default)]
    stack: Vec<StackDef>,
    #[serde(default)]
    link: Vec<LinkDef>,
    #[serde(default)]
    host: Vec<HostDef>,
    #[serde(default)]
    racf: Vec<Spanned<String>>,
    #[serde(default)]
    job: Vec<JobDef>,
    #[serde(default)]
    operator: Vec<OperatorDef>,
    xcf: Option<XcfDef>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SystemDef {
    name: Spanned<String>,
    #[serde(default)]
    racf: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct XcfDef {
    latency_us: Option<u64>,
    #[serde(default)]
    loss_per_million: u32,
    #[serde(default)]
    seed: u64,
    #[serde(default)]
    down: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StackDef {
    system: Spanned<String>,
    name: Spanned<String>,
    #[serde(default)]
    home: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LinkDef {
    between: Spanned<[String; 2]>,
    kind: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HostDef {
    name: Spanned<String>,
    #[serde(default)]
    addrs: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JobDef {
    name: Spanned<String>,
    system: Option<Spanned<String>>,
    stack: Option<Spanned<String>>,
    host: Option<Spanned<String>>,
    user: Option<Spanned<String>>,
    task_user: Option<Spanned<String>>,
    #[serde(default)]
    apf: bool,
    #[serde(default)]
    supervisor: bool,
    start: Option<Spanned<f64>>,
    run: Spanned<String>,
    #[serde(default)]
    args: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OperatorDef {
    at: Spanned<f64>,
    system: Spanned<String>,
    command: String,
}

/// A job: an exec (or program) run under an identity at a time.
#[derive(Clone, Debug, PartialEq)]
pub struct Job {
    /// Who the job is, as the sysplex model takes it.
    pub ident: JobIdentity,
    /// Start, in seconds of virtual time.
    pub start: f64,
    pub run: String,
    pub args: String,
}

/// An operator command at a time.
#[derive(Clone, Debug, PartialEq)]
pub struct OperatorCommand {
    pub at: f64,
    pub system: SystemId,
    pub command: String,
}

/// A loaded scenario.
#[derive(Clone, Debug)]
pub struct Scenario {
    pub topology: Topology,
    /// The shared RACF database.
    pub racf: Racf,
    /// Commands run on one system's copy only, after the shared ones.
    pub system_racf: Vec<(SystemId, String)>,
    pub xcf: XcfConfig,
    pub jobs: Vec<Job>,
    pub operator: Vec<OperatorCommand>,
}

struct Ctx<'a> {
    file: &'a str,
    text: &'a str,
}

impl Ctx<'_> {
    fn line(&self, span: Range<usize>) -> usize {
        self.text
            .get(..span.start)
            .map_or(1, |before| before.matches('\n').count() + 1)
    }

    fn err(&self, span: Range<usize>, key: &str, message: impl Into<String>) -> ScenarioError {
        ScenarioError {
            file: self.file.to_owned(),
            line: self.line(span),
            key: key.to_owned(),
            message: message.into(),
        }
    }

    fn addrs(&self, list: &[Spanned<String>], key: &str) -> Result<Vec<IpAddr>, ScenarioError> {
        list.iter()
            .map(|a| {
                a.get_ref().parse().map_err(|_| {
                    self.err(
                        a.span(),
                        key,
                        format!("{:?} is not an IP address", a.get_ref()),
                    )
                })
            })
            .collect()
    }
}

impl Scenario {
    /// Loads a scenario from its text; `file` names it in errors.
    pub fn from_toml(file: &str, text: &str) -> Result<Scenario, ScenarioError> {
        let cx = Ctx { file, text };
        let f: File = toml::from_str(text).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            let message = e.message().to_owned();
            let key = message
                .split('`')
                .nth(1)
                .filter(|_| message.contains('`'))
                .unwrap_or("(document)")
                .to_owned();
            cx.err(span, &key, message)
        })?;
        let mut topology = Topology::new();
        if let Some(name) = &f.sysplex {
            topology
                .set_sysplex(name.get_ref())
                .map_err(|e| cx.err(name.span(), "sysplex", e.to_string()))?;
        }
        for s in &f.system {
            topology
                .add_system(s.name.get_ref())
                .map_err(|e| cx.err(s.name.span(), "system.name", e.to_string()))?;
        }
        for s in &f.stack {
            let home = cx.addrs(&s.home, "stack.home")?;
            topology
                .add_stack(s.system.get_ref(), s.name.get_ref(), home)
                .map_err(|e| cx.err(s.name.span(), "stack", e.to_string()))?;
        }
        for l in &f.link {
            let kind = match l.kind.get_ref().to_ascii_lowercase().as_str() {
                "xcf" => LinkKind::Xcf,
                "hipersockets" => LinkKind::HiperSockets,
                "lan" | "osa" => LinkKind::Lan,
                other => {
                    return Err(cx.err(
                        l.kind.span(),
                        "link.kind",
                        format!("{other:?} is not xcf, hipersockets or lan"),
                    ));
                }
            };
            let [a, b] = l.between.get_ref();
            topology
                .add_link(a, b, kind)
                .map_err(|e| cx.err(l.between.span(), "link.between", e.to_string()))?;
        }
        for h in &f.host {
            let addrs = cx.addrs(&h.addrs, "host.addrs")?;
            topology
                .add_outside_host(h.name.get_ref(), addrs)
                .map_err(|e| cx.err(h.name.span(), "host", e.to_string()))?;
        }
        let mut racf = Racf::new();
        for cmd in &f.racf {
            racf.run(cmd.get_ref())
                .map_err(|e| cx.err(cmd.span(), "racf", e.to_string()))?;
        }
        let mut system_racf = Vec::new();
        for (i, sys) in f.system.iter().enumerate() {
            let mut own = racf.clone();
            for cmd in &sys.racf {
                own.run(cmd.get_ref())
                    .map_err(|e| cx.err(cmd.span(), "system.racf", e.to_string()))?;
                system_racf.push((SystemId(i), cmd.get_ref().clone()));
            }
        }
        let xcf = match &f.xcf {
            None => XcfConfig::default(),
            Some(x) => xcf_config(&cx, &topology, x)?,
        };
        let jobs = f
            .job
            .iter()
            .map(|j| job(&cx, &topology, &racf, j))
            .collect::<Result<_, _>>()?;
        let operator = f
            .operator
            .iter()
            .map(|o| {
                let system = topology.system(o.system.get_ref()).ok_or_else(|| {
                    cx.err(
                        o.system.span(),
                        "operator.system",
                        format!("no system {}", o.system.get_ref()),
                    )
                })?;
                time(&cx, &o.at, "operator.at")?;
                Ok(OperatorCommand {
                    at: *o.at.get_ref(),
                    system,
                    command: o.command.clone(),
                })
            })
            .collect::<Result<_, ScenarioError>>()?;
        Ok(Scenario {
            topology,
            racf,
            system_racf,
            xcf,
            jobs,
            operator,
        })
    }

    /// The sysplex as the scenario sets it up, before any job runs.
    pub fn sysplex(&self) -> Sysplex {
        let mut plex = Sysplex::new(self.topology.clone(), self.racf.clone(), self.xcf.clone());
        for (sys, cmd) in &self.system_racf {
            // Each command already ran on a copy of this database at load time.
            let _ = plex.racf_command(Some(*sys), cmd);
        }
        plex
    }

    /// A run of the scenario: its sysplex, its jobs (each still needing its program, see
    /// [`Run::program`]) and its operator commands.
    pub fn run(&self) -> Run {
        let mut run = Run::new(self.sysplex());
        for j in &self.jobs {
            run.job(j.ident.clone(), VirtualTime::from_secs_f64(j.start), None);
        }
        for o in &self.operator {
            run.operator(VirtualTime::from_secs_f64(o.at), Some(o.system), &o.command);
        }
        run
    }
}

fn xcf_config(cx: &Ctx<'_>, topology: &Topology, x: &XcfDef) -> Result<XcfConfig, ScenarioError> {
    let mut cfg = XcfConfig {
        loss_per_million: x.loss_per_million.min(1_000_000),
        seed: x.seed,
        ..XcfConfig::default()
    };
    if let Some(us) = x.latency_us {
        for a in 0..topology.systems.len() {
            for b in a + 1..topology.systems.len() {
                cfg.latency_us.insert((SystemId(a), SystemId(b)), us);
            }
        }
    }
    for d in &x.down {
        let name = d.get_ref();
        if name.contains('/') {
            let st = topology
                .stack(name)
                .ok_or_else(|| cx.err(d.span(), "xcf.down", format!("no stack {name}")))?;
            cfg.down_stacks.insert(st);
        } else {
            let sys = topology
                .system(name)
                .ok_or_else(|| cx.err(d.span(), "xcf.down", format!("no system {name}")))?;
            cfg.down_systems.insert(sys);
        }
    }
    Ok(cfg)
}

fn time(cx: &Ctx<'_>, t: &Spanned<f64>, key: &str) -> Result<(), ScenarioError> {
    let v = *t.get_ref();
    if v.is_finite() && v >= 0.0 {
        Ok(())
    } else {
        Err(cx.err(
            t.span(),
            key,
            format!("{v} is not a time in seconds from the start"),
        ))
    }
}

fn job(cx: &Ctx<'_>, topology: &Topology, racf: &Racf, j: &JobDef) -> Result<Job, ScenarioError> {
    let name = j.name.get_ref().to_ascii_uppercase();
    let here = j.name.span();
    if let Some(start) = &j.start {
        time(cx, start, "job.start")?;
    }
    let known_user = |u: &Spanned<String>, key: &str| {
        racf.user(u.get_ref())
            .map(|user| user.id.clone())
            .ok_or_else(|| {
                cx.err(
                    u.span(),
                    key,
                    format!("job {name}: user {} is not defined to RACF", u.get_ref()),
                )
            })
    };
    let place = match (&j.host, &j.system, &j.stack) {
        (Some(h), None, None) => {
            let host = topology
                .outside
                .iter()
                .position(|o| o.name.eq_ignore_ascii_case(h.get_ref()))
                .ok_or_else(|| {
                    cx.err(
                        h.span(),
                        "job.host",
                        format!("job {name}: no host {}", h.get_ref()),
                    )
                })?;
            if let Some(u) = j.user.as_ref().or(j.task_user.as_ref()) {
                return Err(cx.err(
                    u.span(),
                    "job.user",
                    format!("job {name}: a host outside the sysplex has no RACF identity"),
                ));
            }
            Place::Outside(host)
        }
        (None, Some(sys), Some(st)) => {
            let system = topology.system(sys.get_ref()).ok_or_else(|| {
                cx.err(
                    sys.span(),
                    "job.system",
                    format!("job {name}: no system {}", sys.get_ref()),
                )
            })?;
            let stack = topology
                .stack(&format!("{}/{}", sys.get_ref(), st.get_ref()))
                .ok_or_else(|| {
                    cx.err(
                        st.span(),
                        "job.stack",
                        format!("job {name}: no stack {} on {}", st.get_ref(), sys.get_ref()),
                    )
                })?;
            Place::Stack { system, stack }
        }
        (None, Some(sys), None) => {
            let system = topology.system(sys.get_ref()).ok_or_else(|| {
                cx.err(
                    sys.span(),
                    "job.system",
                    format!("job {name}: no system {}", sys.get_ref()),
                )
            })?;
            let mut stacks = (0..topology.stacks.len())
                .filter(|i| topology.stacks[*i].system == system)
                .map(StackId);
            match (stacks.next(), stacks.next()) {
                (Some(stack), None) => Place::Stack { system, stack },
                (Some(_), Some(_)) => Place::Cinet { system },
                _ => {
                    return Err(cx.err(
                        sys.span(),
                        "job.system",
                        format!("job {name}: {} runs no stack", sys.get_ref()),
                    ));
                }
            }
        }
        _ => {
            return Err(cx.err(
                here,
                "job",
                format!("job {name}: give a system (and a stack when it runs several and the job is not CINET), or a host"),
            ));
        }
    };
    let (user, task_user) = match place {
        Place::Outside(_) => (None, None),
        Place::Stack { .. } | Place::Cinet { .. } => {
            let user = j.user.as_ref().ok_or_else(|| {
                cx.err(
                    here.clone(),
                    "job.user",
                    format!("job {name}: a job in the sysplex needs a user"),
                )
            })?;
            (
                Some(known_user(user, "job.user")?),
                j.task_user
                    .as_ref()
                    .map(|t| known_user(t, "job.task_user"))
                    .transpose()?,
            )
        }
    };
    Ok(Job {
        ident: JobIdentity {
            name,
            place,
            user,
            task_user,
            apf: j.apf,
            supervisor: j.supervisor,
        },
        start: j.start.as_ref().map_or(0.0, |s| *s.get_ref()),
        run: j.run.get_ref().clone(),
        args: j.args.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: &str = include_str!("../fixtures/scenarios/seed-plex.toml");

    #[test]
    fn loads_the_seed_plex() {
        let s = Scenario::from_toml("seed.toml", SEED).unwrap();
        assert_eq!(s.topology.stacks.len(), 2);
        assert_eq!(s.jobs[0].ident.name, "TRSTSRV");
        assert_eq!(s.jobs[1].ident.task_user.as_deref(), Some("USER1"));
        assert_eq!(s.jobs[2].ident.place, Place::Outside(0));
        assert_eq!(s.racf.security_domain(), Some("PLEX1"));
        assert_eq!(s.operator[0].at, 5.0);
    }

    #[test]
    fn errors_name_file_line_and_key() {
        let bad = |from: &str, to: &str| {
            let text = SEED.replacen(from, to, 1);
            Scenario::from_toml("plex.toml", &text).unwrap_err()
        };
        let line_of =
            |needle: &str, text: &str| text.lines().position(|l| l.contains(needle)).unwrap() + 1;
        let e = bad("stack = \"TCPCS2\"\nuser", "stack = \"TCPCS9\"\nuser");
        assert_eq!(
            (e.file.as_str(), e.key.as_str()),
            ("plex.toml", "job.stack")
        );
        assert_eq!(
            e.line,
            line_of(
                "TCPCS9",
                &SEED.replacen("stack = \"TCPCS2\"\nuser", "stack = \"TCPCS9\"\nuser", 1)
            )
        );
        let e = bad("user = \"TRSTCLI\"", "user = \"NOBODY\"");
        assert_eq!(e.key, "job.user");
        let e = bad("kind = \"xcf\"", "kind = \"wire\"");
        assert_eq!(e.key, "link.kind");
        let e = bad("home = [\"10.1.2.1\"]", "home = [\"10.1.1.1\"]");
        assert!(e.message.contains("twice"), "{e}");
        let e = bad("\"ADDUSER USER1\",", "\"ADDUSER USER1 COLOUR(RED)\",");
        assert!(e.message.contains("COLOUR"), "{e}");
        assert_eq!(e.key, "racf");
        let e = bad(
            "run = \"rexx/plain-client.rexx\"",
            "run = \"x\"\nuser = \"TRSTSRV\"",
        );
        assert!(e.message.contains("no RACF identity"), "{e}");
        let e = bad("[[operator]]", "[[operater]]");
        assert_eq!(e.line, line_of("[[operator]]", SEED));
        let e = bad("at = 5.0", "at = -1.0");
        assert_eq!(e.key, "operator.at");
        let e = Scenario::from_toml("x.toml", "[[job]]\nname = 3").unwrap_err();
        assert_eq!(e.line, 2, "{e}");
    }
}
