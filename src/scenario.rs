//! Scenario files (TOML): the sysplex (systems, stacks, links, hosts outside it), the RACF
//! commands, XCF's behaviour, the jobs and timed operator commands. Every error names the
//! file, the line and the key path (`job[1].stack`: the second `[[job]]`'s `stack`).
//! [`Scenario::run`] turns a scenario into a [`Run`] whose jobs only need their programs.
//!
//! A stack is named `SYSTEM/PROC`, or by its procedure name alone where only one system runs
//! a stack of that name: every system may call its stack `TCPIP`, as z/OS installations do.
//! Times are seconds of virtual time from 0 to [`MAX_SECONDS`]; latencies are microseconds
//! from 0 to [`MAX_LATENCY_US`]; loss is at most a million per million. Job names are MVS
//! job names (1 to 8 of A-Z, 0-9, #, $, @, not starting with a digit), each used once. The
//! format is in `docs/scenarios.md`.
//!
//! ```toml
//! # Top-level keys come before the first [table]. The RACF commands build the database every
//! # system shares.
//! sysplex = "PLEX1"        # optional; MVSVAR('SYSPLEX') and ECVTSPLX (default PLEX1)
//! racf = ["ADDUSER TRSTSRV", "SETROPTS CLASSACT(SERVAUTH) RACLIST(SERVAUTH)"]
//!
//! [xcf]                    # optional: the credential exchange between stacks
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
//! between = ["TCPCS1", "SYS2/TCPCS2"]
//! kind = "xcf"             # xcf, hipersockets or lan
//! latency_us = 500         # optional: IP traffic over the link, one way (default 500)
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
use crate::sysplex::catalog::{Catalog, DataSet};
use crate::sysplex::console::Procedure;
use crate::sysplex::sched::Run;
use crate::sysplex::topology::TopologyError;
use crate::sysplex::xcf::XcfConfig;
use crate::sysplex::{JobIdentity, LinkKind, StackId, Sysplex, SystemId, Topology, VirtualTime};

/// The latest time a scenario may name, in seconds of virtual time: a day
/// (`reconstructed`: long enough for any exchange the model has, short enough that the
/// virtual clock, in microseconds, never saturates).
pub const MAX_SECONDS: f64 = 86_400.0;

/// The longest one-way latency a scenario may set, in microseconds: 60 seconds, the longest
/// PI_TIMEOUT (`confirmed`, seed), so every timeout case can be reached (`reconstructed`
/// bound).
pub const MAX_LATENCY_US: u64 = 60_000_000;

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
    #[serde(default)]
    proc: Vec<ProcDef>,
    #[serde(default)]
    file: Vec<FileDef>,
    #[serde(default)]
    dataset: Vec<DatasetDef>,
    xcf: Option<XcfDef>,
}

/// A catalogued data set (`[[dataset]]`); the defaults are a card-image data set on a 3390
/// (FB, 80, 27920, volume WORK01, 15 tracks: `reconstructed`, a typical TSO/E allocation).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DatasetDef {
    name: Spanned<String>,
    dsorg: Option<Spanned<String>>,
    recfm: Option<Spanned<String>>,
    lrecl: Option<Spanned<u32>>,
    blksize: Option<Spanned<u32>>,
    #[serde(default)]
    keylen: u32,
    volume: Option<Spanned<String>>,
    unit: Option<String>,
    alloc: Option<u32>,
    used: Option<Spanned<u32>>,
    #[serde(default)]
    members: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProcDef {
    system: Spanned<String>,
    name: Spanned<String>,
    program: Spanned<String>,
    #[serde(default)]
    parm: String,
    user: Spanned<String>,
    config_file: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileDef {
    system: Spanned<String>,
    name: Spanned<String>,
    text: String,
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
    latency_us: Option<Spanned<u64>>,
    loss_per_million: Option<Spanned<u64>>,
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
    between: Spanned<Vec<String>>,
    kind: Spanned<String>,
    latency_us: Option<Spanned<u64>>,
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
    run: Option<Spanned<String>>,
    program: Option<Spanned<String>>,
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
    /// The REXX exec it runs, or with `native` the executable it starts.
    pub run: String,
    /// `run` is a compiled program (`program = "path"`), started as a child process that
    /// makes its calls through libtrustplex (`docs/native.md`).
    pub native: bool,
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
    /// Started-task procedures (`[[proc]]`) and files (`[[file]]`), by system.
    pub procs: Vec<(SystemId, Procedure)>,
    pub files: Vec<(SystemId, String, String)>,
    /// The catalogue's data sets (`[[dataset]]`).
    pub catalog: Catalog,
}

struct Ctx<'a> {
    file: &'a str,
    text: &'a str,
    /// The document as TOML, for the key path of an error at a place in it.
    doc: Option<toml::Spanned<toml::de::DeTable<'a>>>,
}

impl<'a> Ctx<'a> {
    fn new(file: &'a str, text: &'a str) -> Ctx<'a> {
        Ctx {
            file,
            text,
            // What of the document parses, even around a syntax error.
            doc: Some(toml::de::DeTable::parse_recoverable(text).0),
        }
    }

    fn line(&self, span: Range<usize>) -> usize {
        self.text
            .get(..span.start)
            .map_or(1, |before| before.matches('\n').count() + 1)
    }

    /// An error at `span`: its key path is the innermost key whose value holds the span
    /// (`job[1].stack`), else `key`.
    fn err(&self, span: Range<usize>, key: &str, message: impl Into<String>) -> ScenarioError {
        let path = self
            .doc
            .as_ref()
            .and_then(|d| key_path(d.get_ref(), &span))
            .or_else(|| (!key.is_empty()).then(|| key.to_owned()))
            .unwrap_or_else(|| "(TOML syntax)".to_owned());
        ScenarioError {
            file: self.file.to_owned(),
            line: self.line(span),
            key: path,
            message: message.into(),
        }
    }

    /// A stack by name, in the scenario's terms.
    fn stack(
        &self,
        topology: &Topology,
        name: &Spanned<String>,
        key: &str,
    ) -> Result<StackId, ScenarioError> {
        topology
            .find_stack(name.get_ref())
            .map_err(|e| self.err(name.span(), key, e.to_string()))
    }

    /// A system by name, in the scenario's terms.
    fn system(
        &self,
        topology: &Topology,
        name: &Spanned<String>,
        key: &str,
    ) -> Result<SystemId, ScenarioError> {
        topology
            .system(name.get_ref())
            .ok_or_else(|| self.err(name.span(), key, format!("no system {}", name.get_ref())))
    }

    /// A time in seconds from the start, within the range scenarios have.
    fn time(&self, t: &Spanned<f64>, key: &str) -> Result<f64, ScenarioError> {
        let v = *t.get_ref();
        if v.is_finite() && (0.0..=MAX_SECONDS).contains(&v) {
            Ok(v)
        } else {
            Err(self.err(
                t.span(),
                key,
                format!("{v} is not a time from 0 to {MAX_SECONDS} seconds"),
            ))
        }
    }

    /// A latency in microseconds, within the range scenarios have.
    fn latency(&self, us: &Spanned<u64>, key: &str) -> Result<u64, ScenarioError> {
        let v = *us.get_ref();
        if v <= MAX_LATENCY_US {
            Ok(v)
        } else {
            Err(self.err(
                us.span(),
                key,
                format!("{v} is not a latency from 0 to {MAX_LATENCY_US} microseconds"),
            ))
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
        let cx = Ctx::new(file, text);
        let f: File = toml::from_str(text).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            let message = e.message().trim().to_owned();
            // An unknown key is named in the message; elsewhere the span finds the key.
            let key = message
                .strip_prefix("unknown field `")
                .and_then(|m| m.split('`').next())
                .unwrap_or("");
            cx.err(span, key, message.clone())
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
                .map_err(|e| {
                    // A duplicate address is pointed at where it is written.
                    let at = match &e {
                        TopologyError::DuplicateAddress(a) => s
                            .home
                            .iter()
                            .find(|h| h.get_ref().parse() == Ok(*a))
                            .map(|h| h.span()),
                        _ => None,
                    };
                    cx.err(at.unwrap_or(s.name.span()), "stack", e.to_string())
                })?;
        }
        for l in &f.link {
            let [a, b] = &l.between.get_ref()[..] else {
                return Err(cx.err(
                    l.between.span(),
                    "link.between",
                    format!(
                        "a link is between two stacks; this one names {}",
                        l.between.get_ref().len()
                    ),
                ));
            };
            let (sa, sb) = (
                cx.stack(
                    &topology,
                    &Spanned::new(l.between.span(), a.clone()),
                    "link",
                )?,
                cx.stack(
                    &topology,
                    &Spanned::new(l.between.span(), b.clone()),
                    "link",
                )?,
            );
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
            let latency = match &l.latency_us {
                Some(us) => cx.latency(us, "link.latency_us")?,
                None => crate::sysplex::xcf::DEFAULT_LATENCY_US,
            };
            topology
                .add_link(&topology.stack_label(sa), &topology.stack_label(sb), kind)
                .map_err(|e| cx.err(l.between.span(), "link.between", e.to_string()))?;
            if let Some(link) = topology.links.last_mut() {
                link.latency_us = latency;
            }
        }
        for h in &f.host {
            let addrs = cx.addrs(&h.addrs, "host.addrs")?;
            topology
                .add_outside_host(h.name.get_ref(), addrs)
                .map_err(|e| cx.err(h.name.span(), "host", e.to_string()))?;
        }
        let mut files = Vec::new();
        for file in &f.file {
            let system = cx.system(&topology, &file.system, "file.system")?;
            files.push((system, file.name.get_ref().clone(), file.text.clone()));
        }
        // RACDCERT ADD reads a data set: a [[file]] of that name.
        let dataset = |on: Option<SystemId>| {
            let files = files.iter().map(|(s, n, t)| (*s, n.as_str(), t.as_str()));
            move |name: &str| crate::sysplex::plex::dataset(files.clone(), on, name)
        };
        let mut racf = Racf::new();
        for cmd in &f.racf {
            racf.run_with(cmd.get_ref(), &dataset(None))
                .map_err(|e| cx.err(cmd.span(), "racf", e.to_string()))?;
        }
        let mut system_racf = Vec::new();
        for (i, sys) in f.system.iter().enumerate() {
            let mut own = racf.clone();
            for cmd in &sys.racf {
                own.run_with(cmd.get_ref(), &dataset(Some(SystemId(i))))
                    .map_err(|e| cx.err(cmd.span(), "system.racf", e.to_string()))?;
                system_racf.push((SystemId(i), cmd.get_ref().clone()));
            }
        }
        let xcf = match &f.xcf {
            None => XcfConfig::default(),
            Some(x) => xcf_config(&cx, &topology, x)?,
        };
        let jobs: Vec<Job> = f
            .job
            .iter()
            .map(|j| job(&cx, &topology, &racf, j))
            .collect::<Result<_, _>>()?;
        let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for (i, j) in jobs.iter().enumerate() {
            if let Some(&first) = seen.get(j.ident.name.as_str()) {
                return Err(cx.err(
                    f.job[i].name.span(),
                    "job.name",
                    format!(
                        "job name {} is used twice (first on line {})",
                        j.ident.name,
                        cx.line(f.job[first].name.span())
                    ),
                ));
            }
            seen.insert(j.ident.name.as_str(), i);
        }
        let operator = f
            .operator
            .iter()
            .map(|o| {
                let system = cx.system(&topology, &o.system, "operator.system")?;
                Ok(OperatorCommand {
                    at: cx.time(&o.at, "operator.at")?,
                    system,
                    command: o.command.clone(),
                })
            })
            .collect::<Result<_, ScenarioError>>()?;
        let mut procs: Vec<(SystemId, Procedure)> = Vec::new();
        for p in &f.proc {
            let system = cx.system(&topology, &p.system, "proc.system")?;
            let name = p.name.get_ref().to_ascii_uppercase();
            crate::codepage::validate_racf_name(&name).map_err(|e| {
                cx.err(
                    p.name.span(),
                    "proc.name",
                    format!("{:?} is not a procedure name: {e}", p.name.get_ref()),
                )
            })?;
            if procs.iter().any(|(s, q)| *s == system && q.name == name) {
                return Err(cx.err(
                    p.name.span(),
                    "proc.name",
                    format!("procedure {name} is defined twice"),
                ));
            }
            let program = p.program.get_ref().to_ascii_uppercase();
            if !matches!(program.as_str(), "DCAS" | "EZADCDMN") {
                return Err(cx.err(
                    p.program.span(),
                    "proc.program",
                    format!("{program:?} is not a program the model runs: DCAS (EZADCDMN) is"),
                ));
            }
            let user = p.user.get_ref().to_ascii_uppercase();
            if racf.user(&user).is_none() {
                return Err(cx.err(
                    p.user.span(),
                    "proc.user",
                    format!("user {user} is not defined to RACF"),
                ));
            }
            procs.push((
                system,
                Procedure {
                    name,
                    program: "DCAS".into(),
                    parm: p.parm.clone(),
                    user,
                    config_file: p.config_file.clone(),
                },
            ));
        }
        let mut catalog = Catalog::default();
        for d in &f.dataset {
            let ds = data_set(&cx, d)?;
            let name = ds.name.clone();
            if !catalog.add(ds) {
                return Err(cx.err(
                    d.name.span(),
                    "dataset.name",
                    format!("data set {name} is catalogued twice"),
                ));
            }
        }
        Ok(Scenario {
            topology,
            racf,
            system_racf,
            xcf,
            jobs,
            operator,
            procs,
            files,
            catalog,
        })
    }

    /// The sysplex as the scenario sets it up, before any job runs.
    pub fn sysplex(&self) -> Sysplex {
        let mut plex = Sysplex::new(self.topology.clone(), self.racf.clone(), self.xcf.clone());
        for (sys, name, text) in &self.files {
            plex.add_file(*sys, name, text);
        }
        plex.set_catalog(self.catalog.clone());
        for (sys, cmd) in &self.system_racf {
            // Each command already ran on a copy of this database at load time.
            let _ = plex.racf_command(Some(*sys), cmd);
        }
        for (sys, p) in &self.procs {
            plex.add_procedure(*sys, p.clone());
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

/// A `[[dataset]]`: its names checked as JCL checks them, its attributes as LISTDSI reports
/// them (`src/sysplex/catalog.rs`).
fn data_set(cx: &Ctx, d: &DatasetDef) -> Result<DataSet, ScenarioError> {
    use crate::sysplex::catalog::{Dsorg, check_dsname, check_member, check_recfm};
    let upper = |s: &Spanned<String>| s.get_ref().to_ascii_uppercase();
    let name = upper(&d.name);
    check_dsname(&name).map_err(|e| cx.err(d.name.span(), "dataset.name", e.to_string()))?;
    let dsorg = match &d.dsorg {
        None if d.members.is_empty() => Dsorg::Ps,
        None => Dsorg::Po,
        Some(o) => Dsorg::parse(&upper(o)).ok_or_else(|| {
            cx.err(
                o.span(),
                "dataset.dsorg",
                format!("{:?} is not PS or PO", o.get_ref()),
            )
        })?,
    };
    let recfm = match &d.recfm {
        None => "FB".to_owned(),
        Some(r) => {
            let v = upper(r);
            check_recfm(&v).map_err(|e| cx.err(r.span(), "dataset.recfm", e.to_string()))?;
            v
        }
    };
    // LRECL and BLKSIZE are at most 32,760 on DASD (`confirmed`, JCL Reference DCB LRECL and
    // BLKSIZE subparameters).
    let size = |v: &Option<Spanned<u32>>, default: u32, key: &str| match v {
        None => Ok(default),
        Some(n) if (1..=32760).contains(n.get_ref()) => Ok(*n.get_ref()),
        Some(n) => Err(cx.err(n.span(), key, format!("{} is not 1 to 32760", n.get_ref()))),
    };
    let lrecl = size(&d.lrecl, 80, "dataset.lrecl")?;
    let blksize = size(&d.blksize, 27920, "dataset.blksize")?;
    let volume = match &d.volume {
        None => "WORK01".to_owned(),
        Some(v) => {
            let s = upper(v);
            if !(1..=6).contains(&s.len())
                || !s
                    .bytes()
                    .all(|c| c.is_ascii_alphanumeric() || b"#@$".contains(&c))
            {
                return Err(cx.err(
                    v.span(),
                    "dataset.volume",
                    format!(
                        "{:?} is not a volume serial: 1 to 6 letters, digits, #, @ or $",
                        v.get_ref()
                    ),
                ));
            }
            s
        }
    };
    if dsorg == Dsorg::Ps
        && let Some(m) = d.members.first()
    {
        return Err(cx.err(m.span(), "dataset.members", "a PS data set has no members"));
    }
    let mut members: Vec<String> = Vec::new();
    for m in &d.members {
        let v = upper(m);
        check_member(&v).map_err(|e| cx.err(m.span(), "dataset.members", e.to_string()))?;
        if members.contains(&v) {
            return Err(cx.err(
                m.span(),
                "dataset.members",
                format!("member {v} is listed twice"),
            ));
        }
        members.push(v);
    }
    let alloc = d.alloc.unwrap_or(15);
    let used = match &d.used {
        None => alloc.min(1),
        Some(u) if *u.get_ref() <= alloc => *u.get_ref(),
        Some(u) => {
            return Err(cx.err(
                u.span(),
                "dataset.used",
                format!("{} is more than alloc, {alloc}", u.get_ref()),
            ));
        }
    };
    Ok(DataSet {
        name,
        dsorg,
        recfm,
        lrecl,
        blksize,
        keylen: d.keylen,
        volume,
        unit: d
            .unit
            .clone()
            .unwrap_or_else(|| "3390".into())
            .to_ascii_uppercase(),
        alloc,
        used,
        members,
    })
}

fn xcf_config(cx: &Ctx<'_>, topology: &Topology, x: &XcfDef) -> Result<XcfConfig, ScenarioError> {
    let loss = match &x.loss_per_million {
        None => 0,
        Some(l) => u32::try_from(*l.get_ref())
            .ok()
            .filter(|n| *n <= 1_000_000)
            .ok_or_else(|| {
                cx.err(
                    l.span(),
                    "xcf.loss_per_million",
                    format!("{} is more than a million per million", l.get_ref()),
                )
            })?,
    };
    let mut cfg = XcfConfig {
        loss_per_million: loss,
        seed: x.seed,
        ..XcfConfig::default()
    };
    if let Some(us) = &x.latency_us {
        let us = cx.latency(us, "xcf.latency_us")?;
        for a in 0..topology.systems.len() {
            for b in a + 1..topology.systems.len() {
                cfg.latency_us.insert((SystemId(a), SystemId(b)), us);
            }
        }
    }
    for d in &x.down {
        let name = d.get_ref();
        if name.contains('/') {
            cfg.down_stacks.insert(cx.stack(topology, d, "xcf.down")?);
        } else {
            let sys = topology
                .system(name)
                .ok_or_else(|| cx.err(d.span(), "xcf.down", format!("no system {name}")))?;
            cfg.down_systems.insert(sys);
        }
    }
    Ok(cfg)
}

/// The key path of the innermost value in `table` that holds `span`: `job[1].stack`.
fn key_path(table: &toml::de::DeTable<'_>, span: &Range<usize>) -> Option<String> {
    use toml::de::DeValue;
    fn inside(outer: &Range<usize>, inner: &Range<usize>) -> bool {
        outer.start <= inner.start && inner.end <= outer.end.max(outer.start + 1)
    }
    fn within(v: &Spanned<DeValue<'_>>, span: &Range<usize>) -> Option<String> {
        match v.get_ref() {
            DeValue::Table(t) => key_path(t, span),
            DeValue::Array(items) => items.iter().enumerate().find_map(|(i, item)| {
                let deeper = within(item, span);
                if deeper.is_some() || inside(&item.span(), span) {
                    Some(match deeper {
                        Some(rest) => format!("[{i}].{rest}"),
                        None => format!("[{i}]"),
                    })
                } else {
                    None
                }
            }),
            _ => None,
        }
    }
    for (k, v) in table.iter() {
        let key = key_segment(k.get_ref());
        if let Some(rest) = within(v, span) {
            return Some(if rest.starts_with('[') {
                format!("{key}{rest}")
            } else {
                format!("{key}.{rest}")
            });
        }
        if inside(&v.span(), span) || inside(&k.span(), span) {
            return Some(key);
        }
    }
    None
}

/// One key of a key path as TOML writes it: bare when it can be (`job`), quoted otherwise
/// (`""`, `"a b"`), so an empty or odd key is still visible in a message.
fn key_segment(key: &str) -> String {
    let bare = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    if !key.is_empty() && key.chars().all(bare) {
        return key.to_owned();
    }
    let mut quoted = String::from("\"");
    for c in key.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            c if c.is_control() => quoted.push_str(&format!("\\u{:04X}", c as u32)),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

fn job(cx: &Ctx<'_>, topology: &Topology, racf: &Racf, j: &JobDef) -> Result<Job, ScenarioError> {
    let name = j.name.get_ref().to_ascii_uppercase();
    let here = j.name.span();
    crate::codepage::validate_racf_name(&name).map_err(|e| {
        cx.err(
            here.clone(),
            "job.name",
            format!("{:?} is not an MVS job name: {e}", j.name.get_ref()),
        )
    })?;
    let start = match &j.start {
        Some(start) => cx.time(start, "job.start")?,
        None => 0.0,
    };
    let (run, native) = match (&j.run, &j.program) {
        (Some(run), None) => (run, false),
        (None, Some(program)) => (program, true),
        (Some(_), Some(program)) => {
            return Err(cx.err(
                program.span(),
                "job.program",
                format!("job {name}: give run (a REXX exec) or program (an executable), not both"),
            ));
        }
        (None, None) => {
            return Err(cx.err(
                here,
                "job",
                format!("job {name}: give run (a REXX exec) or program (an executable)"),
            ));
        }
    };
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
                .find_stack(&format!("{}/{}", sys.get_ref(), st.get_ref()))
                .map_err(|_| {
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
        start,
        run: run.get_ref().clone(),
        native,
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

    fn first_line(text: &str, at: usize) -> usize {
        text[..at].matches('\n').count() + 1
    }

    /// Each broken scenario: (replace this, with this, the key path, words of the message);
    /// the error's line is one of the replacement's.
    #[test]
    fn errors_name_file_line_and_key() {
        let cases: &[(&str, &str, &str, &str)] = &[
            (
                "stack = \"TCPCS2\"\nuser",
                "stack = \"TCPCS9\"\nuser",
                "job[0].stack",
                "no stack TCPCS9 on SYS2",
            ),
            (
                "user = \"TRSTCLI\"",
                "user = \"NOBODY\"",
                "job[1].user",
                "NOBODY is not defined",
            ),
            (
                "kind = \"xcf\"",
                "kind = \"wire\"",
                "link[0].kind",
                "\"wire\"",
            ),
            (
                "home = [\"10.1.2.1\"]",
                "home = [\"10.1.1.1\"]",
                "stack[1].home[0]",
                "twice",
            ),
            (
                "home = [\"10.1.2.1\"]",
                "home = [\"10.1.2\"]",
                "stack[1].home[0]",
                "not an IP address",
            ),
            (
                "\"ADDUSER USER1\",",
                "\"ADDUSER USER1 COLOUR(RED)\",",
                "racf[2]",
                "COLOUR",
            ),
            (
                "run = \"../../rexx/plain-client.rexx\"",
                "run = \"x\"\nuser = \"TRSTSRV\"",
                "job[2].user",
                "no RACF identity",
            ),
            ("at = 5.0", "at = -1.0", "operator[0].at", "from 0 to 86400"),
            (
                "start = 1.0",
                "start = 1e300",
                "job[1].start",
                "from 0 to 86400",
            ),
            (
                "[[operator]]",
                "[[operater]]",
                "operater[0]",
                "unknown field",
            ),
            (
                "kind = \"xcf\"",
                "kind = \"xcf\"\nlatency_us = 18446744073709551615",
                "link[0].latency_us",
                "from 0 to 60000000 microseconds",
            ),
            (
                "[[host]]",
                "[xcf]\nlatency_us = 60000001\n[[host]]",
                "xcf.latency_us",
                "from 0 to 60000000",
            ),
            (
                "[[host]]",
                "[xcf]\nloss_per_million = 1000001\n[[host]]",
                "xcf.loss_per_million",
                "more than a million",
            ),
            (
                "between = [\"TCPCS1\", \"TCPCS2\"]",
                "between = [\"TCPCS1\", \"SYS1/TCPCS1\"]",
                "link[0].between",
                "not SYS1/TCPCS1 to itself",
            ),
            (
                "between = [\"TCPCS1\", \"TCPCS2\"]",
                "between = [\"TCPCS1\", \"TCPCS2\", \"TCPCS1\"]",
                "link[0].between",
                "names 3",
            ),
            (
                "name = \"PC\"",
                "name = \"\"",
                "job[2].name",
                "not an MVS job name",
            ),
            (
                "name = \"PC\"",
                "name = \"PCLIENTJOB\"",
                "job[2].name",
                "not an MVS job name",
            ),
            (
                "name = \"PC\"",
                "name = \"trstcli\"",
                "job[2].name",
                "TRSTCLI is used twice (first on line 45)",
            ),
        ];
        let mut wrong = Vec::new();
        for (from, to, key, words) in cases {
            assert!(SEED.contains(from), "{from}");
            let text = SEED.replacen(from, to, 1);
            let e = Scenario::from_toml("plex.toml", &text).unwrap_err();
            let first = text.find(to).unwrap();
            let lines = first_line(&text, first)..=first_line(&text, first + to.len());
            if e.file != "plex.toml"
                || e.key != *key
                || !e.message.contains(words)
                || !lines.contains(&e.line)
            {
                wrong.push(format!("{to:?}: {e} (expected {key}, lines {lines:?})"));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
        let e = Scenario::from_toml("x.toml", "[[job]]\nname = 3").unwrap_err();
        assert_eq!((e.line, e.key.as_str()), (2, "job[0].name"), "{e}");
        let e = Scenario::from_toml("x.toml", "[xcf]\nlatency_us = -5\n").unwrap_err();
        assert_eq!((e.line, e.key.as_str()), (2, "xcf.latency_us"), "{e}");
        // An empty or odd key is quoted as TOML writes it, never an empty path.
        let e = Scenario::from_toml("x.toml", "\"\" = 1\n").unwrap_err();
        assert_eq!(e.key, "\"\"", "{e}");
        let e = Scenario::from_toml("x.toml", "[\"a b\"]\nx = 1\n").unwrap_err();
        assert_eq!(e.key, "\"a b\"", "{e}");
    }

    /// A job runs an exec or a program: `program` makes it native, and giving both or neither
    /// is refused at the job's line.
    #[test]
    fn a_job_runs_an_exec_or_a_program() {
        let exec = "run = \"../../rexx/trusted-server.rexx\"";
        let s = Scenario::from_toml("p.toml", &SEED.replace(exec, "program = \"srv\"")).unwrap();
        assert!(s.jobs[0].native && !s.jobs[1].native);
        assert_eq!(s.jobs[0].run, "srv");
        let both = SEED.replace(exec, &format!("{exec}\nprogram = \"srv\""));
        let e = Scenario::from_toml("p.toml", &both).unwrap_err();
        assert_eq!(e.key, "job[0].program", "{e}");
        assert!(e.message.contains("not both"), "{e}");
        let neither = SEED.replace(exec, "");
        let e = Scenario::from_toml("p.toml", &neither).unwrap_err();
        assert_eq!(e.key, "job[0].name", "{e}");
        assert!(
            e.message.contains("give run (a REXX exec) or program"),
            "{e}"
        );
    }

    /// Every system may call its stack TCPIP: the bare name is ambiguous, `SYS/TCPIP` is not.
    #[test]
    fn stacks_of_the_same_name_on_two_systems() {
        let two = include_str!("../fixtures/scenarios/tcpip-on-every-system.toml");
        let s = Scenario::from_toml("two.toml", two).unwrap();
        assert_eq!(s.topology.stack_label(StackId(1)), "SYS2/TCPIP");
        assert_eq!(
            s.jobs[1].ident.place,
            Place::Stack {
                system: SystemId(1),
                stack: StackId(1)
            }
        );
        let bare = two.replace(
            "[\"SYS1/TCPIP\", \"SYS2/TCPIP\"]",
            "[\"TCPIP\", \"SYS2/TCPIP\"]",
        );
        let e = Scenario::from_toml("two.toml", &bare).unwrap_err();
        assert_eq!(e.key, "link[0].between");
        assert!(
            e.message
                .contains("stack name TCPIP is ambiguous: it is SYS1/TCPIP and SYS2/TCPIP"),
            "{e}"
        );
    }
}
