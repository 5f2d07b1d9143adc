//! A REXX exec as a job of a scenario: a task under the sysplex scheduler. SAY goes to the
//! run's transcript under the job's name, TIME() and DATE() read the virtual clock,
//! SOCKET() (also by its load-module names RXSOCKET and EZBRXSOC, `confirmed`) calls the
//! job's stack, blocking where z/OS blocks, and USERID() is the job's user.
//!
//! ADDRESS TSO knows NETSTAT ALL and COnn with their filters (the job's stack, or `TCP
//! name`), whose report OUTTRAP can catch; any other TSO command is RC -3, as TSO answers a command it cannot find. MVSVAR,
//! SYSVAR and STORAGE are in [`super::tsoe`]; STORAGE reads the job's storage, where the PSA,
//! CVT and ECVT name the system and the sysplex.
//!
//! A console session (TSO/E CONSOLE and CONSPROF, `confirmed` commands): `CONSOLE ACTIVATE`
//! makes ADDRESS CONSOLE run operator commands on the job's system (the commands
//! [`console::command`](crate::sysplex::console::command) knows); their responses show at the terminal with CONSPROF SOLDISP(YES),
//! the default, or wait for GETMSG with SOLDISP(NO). ADDRESS CONSOLE with no session active is
//! RC -3 (`reconstructed`).
//!
//! ADDRESS SYSCALL ([`super::syscall`]) runs on the job's descriptors once `syscalls('ON')`
//! has established it; `w_ioctl` goes through BPX1IOC as LINKPGM calls it.
//!
//! ADDRESS LINKPGM and LINKMVS call EZASOKET and the BPX1/BPX4 services of `api` with the
//! exec's variables as parameter areas in the job's emulated storage (LINKMVS areas start
//! with a halfword length), a 31-bit list with the VL bit at R1; the areas are read back
//! into the variables. RC is 0 after the call; a program that abends is RC -1 with the abend
//! shown (`reconstructed`).

use crate::api::bpx::{self, Amode, Regs, Service, parm_list};
use crate::api::errors::UnixError;
use crate::api::ezasoket::Ezasoket;
use crate::api::storage::{Loc, Storage};
use crate::sysplex::clock::EPOCH_UNIX_SECS;
use std::collections::VecDeque;

use crate::sysplex::sched::{Completion, TaskCtx};
use crate::sysplex::{Place, StackId, SysplexError, SystemId, netstat};

/// F_GETFL's flags for a socket (`third-party`, golang/sys `zerrors_zos_s390x.go`).
const O_RDWR: i64 = 0x03;
const O_NONBLOCK: i64 = 0x04;

use super::ast::Val;
use super::error::RexxError;
use super::socket::Sockets;
use super::syscall::{Syscall, SyscallCmd};
use super::tsoe;
use super::{Clock, ClockKind, Host, Limits};

/// The host of an exec running as a task.
pub struct TaskHost<'a> {
    pub t: &'a mut TaskCtx,
    pub sockets: Sockets,
    pub user: String,
    /// The job's stack and system, when it runs on one, and the sysplex.
    pub stack: Option<StackId>,
    pub system: String,
    pub sysplex: String,
    /// The exec's name.
    pub exec: String,
    /// The job's address space, for LINKPGM's parameter areas.
    pub storage: Storage,
    pub ezasoket: Ezasoket,
    pub console: Console,
    /// Whether `syscalls('ON')` has established the SYSCALL environment.
    pub syscall_on: bool,
    /// Where TIME() and DATE() read the time.
    pub clock: ClockKind,
    /// Whether the exec has a terminal (`trustplex rexx`): PULL from an empty data stack
    /// reads its next line, standard input, as TSO/E reads the terminal.
    pub terminal: bool,
    /// MSG(): whether TSO/E messages are displayed (ON at the start).
    pub msg_on: bool,
    /// PROMPT(): whether TSO/E commands may prompt (OFF at the start).
    pub prompt_on: bool,
    /// SETLANG(): the language of REXX messages.
    pub lang: String,
}

/// The exec's console session.
#[derive(Debug)]
pub struct Console {
    pub system: Option<SystemId>,
    pub active: bool,
    /// CONSPROF SOLDISP: solicited messages shown at the terminal (YES, the default) or kept
    /// for GETMSG.
    pub soldisp: bool,
    /// Responses kept for GETMSG, one message (its lines) each.
    pub kept: VecDeque<Vec<Vec<u8>>>,
}

impl Console {
    pub fn new(system: Option<SystemId>) -> Console {
        Console {
            system,
            active: false,
            soldisp: true,
            kept: VecDeque::new(),
        }
    }
}

impl TaskHost<'_> {
    /// TSO NETSTAT ([`netstat::Request::parse`]): the report lines and RC; a command it
    /// cannot take is RC 12 with a plain message (`reconstructed`).
    fn netstat(&mut self, words: &[String], out: &mut Vec<Vec<u8>>) -> i64 {
        let req = match netstat::Request::parse(&words[1..]) {
            Ok(r) => r,
            Err(text) => {
                out.push(text.into_bytes());
                return 12;
            }
        };
        let stack = match &req.tcp {
            Some(name) => match self.t.with(|p, _| p.topology().stack(name)) {
                Some(s) => s,
                None => {
                    out.push(format!("TCPIP {name} is not a stack of this sysplex").into_bytes());
                    return 12;
                }
            },
            None => match self.stack {
                Some(s) => s,
                None => {
                    out.push(b"NETSTAT needs a TCP/IP stack (TCP name)".to_vec());
                    return 12;
                }
            },
        };
        let text = self
            .t
            .with(|p, _| netstat::report(p, stack, req.report, &req.filter));
        out.extend(text.lines().map(|l| l.as_bytes().to_vec()));
        0
    }
}

impl Host for TaskHost<'_> {
    fn say(&mut self, line: &[u8]) {
        self.t.say(String::from_utf8_lossy(line).into_owned());
    }

    /// The terminal's next line, without its line end; none at its end or without one (IBM's
    /// TSO/E REXX Reference, PULL: "If the data stack is empty, PULL reads from the
    /// terminal").
    fn pull(&mut self) -> Option<Vec<u8>> {
        if !self.terminal {
            return None;
        }
        use std::io::BufRead;
        let mut line = Vec::new();
        match std::io::stdin().lock().read_until(b'\n', &mut line) {
            Ok(0) | Err(_) => None,
            Ok(_) => {
                if line.last() == Some(&b'\n') {
                    line.pop();
                    if line.last() == Some(&b'\r') {
                        line.pop();
                    }
                }
                Some(line)
            }
        }
    }

    fn now(&mut self) -> Clock {
        match self.clock {
            ClockKind::Virtual => Clock {
                micros: EPOCH_UNIX_SECS * 1_000_000 + self.t.now().micros(),
            },
            ClockKind::Wall => super::wall_clock(),
        }
    }

    fn command(&mut self, env: &str, command: &[u8], out: &mut Vec<Vec<u8>>) -> i64 {
        let words: Vec<String> = String::from_utf8_lossy(command)
            .split_whitespace()
            .map(|w| w.to_ascii_uppercase())
            .collect();
        match (env, words.first().map(String::as_str)) {
            ("TSO", Some("NETSTAT")) => self.netstat(&words, out),
            ("TSO", Some("CONSOLE")) => match words.get(1).map(String::as_str) {
                Some(w) if w.starts_with("ACTIVATE") => {
                    self.console.active = true;
                    0
                }
                Some("DEACTIVATE") => {
                    self.console.active = false;
                    self.console.kept.clear();
                    0
                }
                _ => 12,
            },
            ("TSO", Some("CONSPROF")) => {
                for w in &words[1..] {
                    match w.as_str() {
                        "SOLDISP(YES)" => self.console.soldisp = true,
                        "SOLDISP(NO)" => self.console.soldisp = false,
                        w if w.starts_with("UNSDISP(")
                            || w.starts_with("SOLNUM(")
                            || w.starts_with("UNSNUM(") => {}
                        _ => return 12,
                    }
                }
                0
            }
            ("CONSOLE", _) if !self.console.active => -3,
            // CART sets the token later responses carry; the model keeps no tokens.
            ("CONSOLE", Some("CART")) => 0,
            ("CONSOLE", Some(_)) => {
                let text = String::from_utf8_lossy(command).into_owned();
                let system = self.console.system;
                let lines: Vec<Vec<u8>> = self
                    .t
                    .with(|p, _| crate::sysplex::console::command(p, system, &text))
                    .into_iter()
                    .map(String::into_bytes)
                    .collect();
                if self.console.soldisp {
                    out.extend(lines);
                } else {
                    self.console.kept.push_back(lines);
                }
                0
            }
            _ => -3,
        }
    }

    fn link(
        &mut self,
        env: &str,
        program: &str,
        parms: &mut [Vec<u8>],
    ) -> Option<Result<i64, super::Abend>> {
        enum Target {
            Bpx(Service, Amode),
            Ezasoket,
        }
        let target = match program {
            "EZASOKET" => Target::Ezasoket,
            p => {
                let (s, a) = Service::by_name(p)?;
                Target::Bpx(s, a)
            }
        };
        let mvs = env == "LINKMVS";
        let loc = match target {
            Target::Bpx(_, Amode::Amode64) => Loc::Above2G,
            _ => Loc::Below2G,
        };
        let mut areas = Vec::with_capacity(parms.len());
        for p in parms.iter() {
            let mut bytes = Vec::with_capacity(p.len() + 2);
            if mvs {
                bytes.extend_from_slice(&(p.len().min(0xFFFF) as u16).to_be_bytes());
            }
            bytes.extend_from_slice(p);
            match self.storage.obtain_with(&bytes, loc) {
                Ok(at) => areas.push((at, bytes.len() as u64)),
                // A parameter too long for the region: RC -1 (`reconstructed`).
                Err(_) => return Some(Ok(-1)),
            }
        }
        let addrs: Vec<u64> = areas.iter().map(|a| a.0).collect();
        let amode = match target {
            Target::Bpx(_, a) => a,
            Target::Ezasoket => Amode::Amode31,
        };
        let Ok(list) = self.storage.obtain_with(&parm_list(amode, &addrs), loc) else {
            return Some(Ok(-1));
        };
        let mut regs = Regs::default();
        regs.gpr[1] = list;
        let r = match target {
            Target::Bpx(s, a) => bpx::bpx(s, a, &mut regs, &mut self.storage, self.t),
            Target::Ezasoket => self.ezasoket.call(&mut regs, &mut self.storage, self.t),
        };
        if r.is_ok() {
            for (p, (at, len)) in parms.iter_mut().zip(&areas) {
                if let Ok(b) = self.storage.read(*at, *len) {
                    *p = if mvs { b[2..].to_vec() } else { b };
                }
            }
        }
        for (at, _) in &areas {
            let _ = self.storage.release(*at);
        }
        let _ = self.storage.release(list);
        // A service that cannot even store its results abends (the README's S0C4 rule):
        // the program's abend is the exec's task's.
        Some(r.map(|()| 0).map_err(|abend| super::Abend {
            code: "S0C4",
            reason: format!(
                "{} could not use its parameters: {}",
                abend.entry, abend.fault
            ),
        }))
    }

    fn external(
        &mut self,
        name: &str,
        args: &[Option<Val>],
    ) -> Option<Result<Option<Val>, RexxError>> {
        match name {
            "SOCKET" | "RXSOCKET" | "EZBRXSOC" => {
                let r = self.sockets.call(self.t, args);
                Some(Ok(Some(Val::from(r))))
            }
            "MVSVAR" | "SYSVAR" => {
                let s = tsoe::Session {
                    system: &self.system,
                    sysplex: &self.sysplex,
                    user: &self.user,
                    exec: &self.exec,
                };
                Some(if name == "MVSVAR" {
                    tsoe::mvsvar(&s, args)
                } else {
                    tsoe::sysvar(&s, args)
                })
            }
            "STORAGE" => Some(tsoe::storage(&mut self.storage, args)),
            "MSG" => Some(tsoe::on_off("MSG", &mut self.msg_on, args)),
            "PROMPT" => Some(tsoe::on_off("PROMPT", &mut self.prompt_on, args)),
            "SETLANG" => Some(tsoe::setlang(&mut self.lang, args)),
            // SYSCALLS('ON') establishes the SYSCALL environment: 0, or 4 when it already
            // was; 'OFF' ends it (`inferred` return codes).
            "SYSCALLS" => {
                let how = args
                    .first()
                    .and_then(|a| a.as_deref())
                    .map(|b| String::from_utf8_lossy(b).trim().to_ascii_uppercase());
                Some(match how.as_deref() {
                    Some("ON") => {
                        let was = std::mem::replace(&mut self.syscall_on, true);
                        Ok(Some(Val::from(if was { "4" } else { "0" })))
                    }
                    Some("OFF") => {
                        self.syscall_on = false;
                        Ok(Some(Val::from("0")))
                    }
                    Some("SIGON" | "SIGOFF") => Ok(Some(Val::from("0"))),
                    _ => Err(RexxError::new(40, 28, 0, vec!["SYSCALLS".into()])),
                })
            }
            _ => None,
        }
    }

    fn userid(&self) -> String {
        self.user.clone()
    }

    fn dataset(&mut self, name: &str) -> Option<crate::sysplex::catalog::DataSet> {
        self.t.with(|plex, _| plex.catalog().get(name).cloned())
    }

    /// One CPU per system (`reconstructed`: the model has no processor configuration).
    fn cpus(&mut self) -> Vec<String> {
        if self.system.is_empty() {
            return Vec::new();
        }
        vec![tsoe::cpu_serial(&self.system, 0)]
    }

    fn syscall(&mut self, c: &mut SyscallCmd) -> Option<Syscall> {
        if !self.syscall_on {
            return None;
        }
        let num = |i: usize| c.nums.get(i).copied().unwrap_or(0);
        let fd = u32::try_from(num(0)).unwrap_or(u32::MAX);
        let done = |retval: i64| Syscall {
            retval,
            ..Syscall::default()
        };
        let failed = |e: SysplexError| {
            let u = UnixError::from(&e);
            Syscall {
                retval: -1,
                errno: u.errno,
                errnojr: u.reason.0,
            }
        };
        let invalid = || {
            let u = UnixError::named("EINVAL", "JRInvalidParms");
            Syscall {
                retval: -1,
                errno: u.errno,
                errnojr: u.reason.0,
            }
        };
        // A socket set's sockets are the sockets extended interface's, not descriptors of the
        // exec's z/OS UNIX process: SYSCALL does not reach them.
        let uses_fd = matches!(
            c.name,
            "read" | "write" | "close" | "f_getfl" | "f_setfl" | "w_ioctl"
        );
        if uses_fd && self.sockets.holds(fd) {
            return Some(failed(SysplexError::BadDescriptor(fd)));
        }
        Some(match c.name {
            "read" => match usize::try_from(num(1)) {
                Ok(n) => match self.t.recv_peek(fd, n.min(super::socket::READ_MAX), false) {
                    Ok(b) => {
                        let n = b.len() as i64;
                        c.data = b;
                        done(n)
                    }
                    Err(e) => failed(e),
                },
                Err(_) => invalid(),
            },
            "write" => {
                let n = c.nums.get(1).map_or(c.data.len(), |&n| {
                    usize::try_from(n).unwrap_or(usize::MAX).min(c.data.len())
                });
                match self.t.send(fd, &c.data[..n]) {
                    Ok(n) => done(n as i64),
                    Err(e) => failed(e),
                }
            }
            "close" => self.t.close(fd).map_or_else(failed, |()| done(0)),
            "f_getfl" => match self.t.with(|p, t| p.is_nonblocking(t, fd)) {
                Ok(nb) => done(O_RDWR | if nb { O_NONBLOCK } else { 0 }),
                Err(e) => failed(e),
            },
            "f_setfl" => self
                .t
                .set_nonblocking(fd, num(1) & O_NONBLOCK != 0)
                .map_or_else(failed, |()| done(0)),
            "w_ioctl" => {
                // BPX1IOC with the argument variable as its area, as LINKPGM passes it.
                let word = |n: i64| (n as u32).to_be_bytes().to_vec();
                let mut arg = c.data.clone();
                arg.resize(usize::try_from(num(2)).unwrap_or(0).min(1 << 20), 0);
                let mut parms = vec![
                    word(num(0)),
                    word(num(1)),
                    word(num(2)),
                    arg,
                    word(0),
                    word(0),
                    word(0),
                ];
                match self.link("LINKPGM", "BPX1IOC", &mut parms) {
                    Some(Ok(0)) => {
                        let w = |b: &[u8]| u32::from_be_bytes(b.try_into().unwrap_or([0; 4]));
                        let retval = w(&parms[4]) as i32;
                        c.data = std::mem::take(&mut parms[3]);
                        Syscall {
                            retval: i64::from(retval),
                            errno: w(&parms[5]),
                            errnojr: w(&parms[6]),
                        }
                    }
                    _ => invalid(),
                }
            }
            _ => return None,
        })
    }

    fn getmsg(&mut self, kind: &str) -> Option<Vec<Vec<u8>>> {
        if !self.console.active {
            return None;
        }
        // The model's console sends no unsolicited messages.
        Some(match kind {
            "UNSOL" => Vec::new(),
            _ => self.console.kept.pop_front().unwrap_or_default(),
        })
    }
}

/// A REXX exec to run as a job: its program is [`ExecJob::program`].
#[derive(Clone, Debug)]
pub struct ExecJob {
    /// The exec's text, shared by the jobs that run the same exec.
    pub source: std::sync::Arc<[u8]>,
    /// The exec's name, as PARSE SOURCE and the IRX messages give it.
    pub exec: String,
    /// The argument string.
    pub args: String,
    /// The job's RACF user (USERID(), SYSVAR('SYSUID')).
    pub user: String,
    pub limits: Limits,
    /// TIME() and DATE(): the virtual clock, or the machine's (for timing an exec).
    pub clock: ClockKind,
    /// A REXX error's traceback and IRX message go to the transcript (as they show at a
    /// TSO/E terminal); they are in the task's [`Completion`] either way.
    pub say_errors: bool,
    /// The exec runs at a terminal, standard input (`trustplex rexx`): PULL and PARSE
    /// EXTERNAL read it when the data stack is empty. A scenario's jobs are batch jobs with
    /// none: they read the null string.
    pub terminal: bool,
}

impl ExecJob {
    /// An exec with default limits on the virtual clock.
    pub fn new(
        source: impl Into<std::sync::Arc<[u8]>>,
        exec: &str,
        args: &str,
        user: &str,
    ) -> ExecJob {
        ExecJob {
            source: source.into(),
            exec: exec.to_owned(),
            args: args.to_owned(),
            user: user.to_owned(),
            limits: Limits::default(),
            clock: ClockKind::Virtual,
            say_errors: true,
            terminal: false,
        }
    }

    /// The job's program. The exec runs on the job's own system and stack (its place in
    /// the scenario); its output, and a failing exec's TSO/E message lines, go to the
    /// transcript; how it ended is the task's [`Completion`].
    pub fn program(self) -> impl FnOnce(&mut TaskCtx) + Send + 'static {
        move |t| {
            let ExecJob {
                source,
                exec,
                args,
                user,
                limits,
                clock,
                say_errors,
                terminal,
            } = self;
            let (stack_id, system_id, service, home, system, sysplex, hostname) =
                t.with(|p, task| {
                    let topo = p.topology();
                    let (system, stack) = match p.job(task).place {
                        Place::Stack { system, stack } => (Some(system), Some(stack)),
                        Place::Cinet { system } => (Some(system), None),
                        Place::Outside(_) => (None, None),
                    };
                    (
                        stack,
                        system,
                        stack.map_or_else(|| "TCPIP".to_owned(), |s| topo.stacks[s.0].name.clone()),
                        stack.and_then(|s| topo.stacks[s.0].home.first().copied()),
                        system.map_or_else(String::new, |s| topo.systems[s.0].name.clone()),
                        topo.sysplex.clone(),
                        // GETHOSTNAME answers for the exec's own stack: the host table's name for
                        // its home address (the system's name for its first stack, the procedure
                        // name for another), or the system's name without a stack.
                        stack
                            .and_then(|s| topo.stacks[s.0].home.first())
                            .and_then(|a| topo.host_name(*a))
                            .map(str::to_owned),
                    )
                });
            let mut sockets = Sockets::new(&service);
            sockets.home = home;
            sockets.hostname = hostname.unwrap_or_else(|| system.clone());
            let mut host = TaskHost {
                t,
                sockets,
                user,
                stack: stack_id,
                storage: Storage::with_control_blocks(&system, &sysplex),
                system,
                sysplex,
                exec: exec.clone(),
                ezasoket: Ezasoket::new(),
                console: Console::new(system_id),
                syscall_on: false,
                clock,
                terminal,
                msg_on: true,
                prompt_on: false,
                lang: "ENU".into(),
            };
            let outcome = super::run(&source, &exec, &args, &mut host, limits);
            if say_errors {
                if let Some((_, lines)) = &outcome.error {
                    for l in lines {
                        host.t.say(l.clone());
                    }
                }
                if let Some(a) = &outcome.abend {
                    host.t.say(format!("ABEND {}: {}", a.code, a.reason));
                }
            }
            host.t.complete(completion(&outcome));
        }
    }
}

/// How an exec's run ended, as a job's completion: its EXIT value as a return code, or the
/// REXX error that ended it with the IRX message.
pub fn completion(outcome: &super::Outcome) -> Completion {
    if let Some(a) = &outcome.abend {
        return Completion::Abend {
            code: a.code,
            reason: a.reason.clone(),
        };
    }
    match (&outcome.error, &outcome.result) {
        (Some((e, lines)), _) => Completion::RexxError {
            code: e.code,
            lines: lines.clone(),
            limit: outcome.stopped.map(super::Stop::option),
        },
        (None, None) => Completion::Rc(0),
        (None, Some(v)) => match outcome.return_code() {
            Some(rc) => Completion::Rc(rc),
            None => Completion::Value(String::from_utf8_lossy(v).into_owned()),
        },
    }
}
