//! The deterministic scheduler: every job runs as a task under it, on the virtual clock.
//!
//! Every task runs on the caller's thread, each on its own stack as a stackful coroutine, and
//! only one runs at a time: a task runs until it makes a call that must wait (ACCEPT with
//! nothing queued, a READ with no data, a suspended SIOCGPARTNERINFO, a sleep), then hands the
//! turn back. The scheduler wakes the first task whose wait is over; when every task waits it
//! moves the clock to the next event (a segment or XCF message arriving, a timeout, a job's
//! start, an operator command). So a 60-second PI_Timeout costs no wall time, and the same run
//! gives the same bytes every time. When every task waits and nothing is pending, the run ends
//! with a deadlock report naming each task and the call it waits in.
//!
//! A wake-up costs the same however many tasks there are: each waiting task is indexed by what
//! it waits for (the sockets whose change could end its wait, and its deadline in a timer
//! heap), and only the tasks whose sockets changed or whose deadline passed are looked at.
//!
//! A non-blocking call that finds nothing to do (EWOULDBLOCK and the like) also yields, for
//! [`POLL_YIELD_US`] of virtual time, so a polling loop lets the others run (`reconstructed`).

use std::cell::{RefCell, RefMut};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, VecDeque};
use std::fmt;
use std::net::SocketAddr;
use std::panic::{self, AssertUnwindSafe};
use std::rc::Rc;

// Stackful coroutines: the REXX interpreter is recursive and blocks deep inside SOCKET(), so
// a task needs a stack of its own that it can leave and come back to. corosensei (maintained,
// used by Wasmer) switches stacks in a few instructions, gives each stack a guard page, and
// unwinds a panic within the task that raised it.
use corosensei::stack::DefaultStack;
use corosensei::{Coroutine, CoroutineResult, Yielder};

use crate::areas::partnerinfo::{CredFlags, PiReqType};

use super::journal::{Ioctl, Outcome, What};
use super::plex::{
    ClientId, Family, JobIdentity, OptValue, PiOutcome, Shutdown, SockOpt, SockType, Sysplex,
    TaskId,
};
use super::{SysplexError, SystemId, VirtualTime};

/// Virtual time a task gives up when a non-blocking call finds nothing to do.
pub const POLL_YIELD_US: u64 = 1_000;

/// A job's program: what runs in the task.
pub type Program = Box<dyn FnOnce(&mut TaskCtx) + Send + 'static>;

/// Where a run's lines go as they are said, in the run's own (deterministic) order.
pub type Sink = Box<dyn FnMut(&Line) + Send + 'static>;

/// How a task ended, as z/OS would put it: a return code, or an abend.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Completion {
    /// Ended normally: its return code (a REXX exec's EXIT value; 0 when it gave none).
    Rc(i64),
    /// Ended normally with an EXIT value that is not a whole number, so no return code.
    Value(String),
    /// A REXX error ended it: TSO/E's return code is 20000 plus the error number
    /// (`confirmed`, TSO/E REXX Reference, IRXEXEC "Return codes": 20001-20099). `lines`
    /// are the traceback and the IRX message; `limit`, the option whose bound stopped it,
    /// if one did.
    RexxError {
        code: u32,
        lines: Vec<String>,
        limit: Option<&'static str>,
    },
    /// Ended abnormally: the system completion code (`S322`, `S522`, `S0C4`) and why.
    Abend { code: &'static str, reason: String },
    /// The Rust program panicked (a library user's assertion, or a defect in trustplex).
    Panicked(String),
    /// The job never ran: why (its address space could not be created).
    NotRun(String),
}

/// z/OS's time-limit abend, for a job still running when the run's virtual-time limit
/// ([`Run::max_time`]) passes (`inferred`: S322 is the abend for a job or step that exceeds
/// its TIME limit, z/OS MVS System Codes).
pub const ABEND_TIME: &str = "S322";
/// z/OS's wait-limit abend, for a job left waiting when every task waits and nothing is
/// pending (`inferred`: S522 is the abend for a job that waits longer than the installation's
/// wait limit, JWT; in a deadlocked run it would wait for ever).
pub const ABEND_WAIT: &str = "S522";

impl Completion {
    /// The return code, when it ended normally with one (a REXX error's is 20000 + n).
    pub fn rc(&self) -> Option<i64> {
        match self {
            Completion::Rc(n) => Some(*n),
            Completion::RexxError { code, .. } => Some(20_000 + i64::from(*code)),
            _ => None,
        }
    }

    /// The status a z/OS UNIX shell would see: the return code when it is 0 to 255, and 255
    /// otherwise, and for anything that did not end with a return code (`confirmed`, Using
    /// REXX and z/OS UNIX System Services, "Exit status from a REXX program": "If the
    /// program returns a value in the range 0-255, that value is returned. Otherwise, a
    /// value of 255 is returned. If a program is terminated, REXX returns a value of 255").
    pub fn status(&self) -> u8 {
        match self {
            Completion::Rc(n) => u8::try_from(*n).unwrap_or(255),
            _ => 255,
        }
    }

    /// One line for a summary: `RC 8`, `REXX error 41 (RC 20041): IRX0041I ...`,
    /// `ABEND S522: ...`.
    pub fn describe(&self) -> String {
        match self {
            Completion::Rc(n) => format!("RC {n}"),
            Completion::Value(v) => format!("EXIT value {v:?} is not a return code"),
            Completion::RexxError { code, lines, limit } => {
                let by = limit.map_or(String::new(), |o| format!(" (stopped by {o})"));
                let message = lines.last().map_or("", String::as_str);
                format!("REXX error {code} (RC {}){by}: {message}", 20_000 + code)
            }
            Completion::Abend { code, reason } => format!("ABEND {code}: {reason}"),
            Completion::Panicked(m) => format!("the program panicked: {m}"),
            Completion::NotRun(why) => format!("NOT RUN: {why}"),
        }
    }
}

/// How one task of a run ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobEnd {
    /// The job (`JOB`, or `JOB.2` for a subtask).
    pub name: String,
    pub completion: Completion,
}

type R<T> = Result<T, SysplexError>;

/// What a waiting task waits for.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Until {
    Readable(u32),
    Writable(u32),
    Connected(u32),
    Credentials(u32),
    Select {
        read: Vec<u32>,
        write: Vec<u32>,
        except: Vec<u32>,
    },
    /// Only the deadline (a sleep, a poll's yield, a job's start).
    Time,
}

/// The call a task waits in, put into words only if a deadlock report names it.
#[derive(Clone, Copy, Debug)]
enum Call {
    Named(&'static str),
    Connect(u32, SocketAddr),
    Accept(u32),
    Recv(u32),
    RecvFrom(u32),
    Send(u32),
    PartnerInfo(u32),
}

impl Call {
    fn describe(&self, p: &Sysplex, t: TaskId) -> String {
        match *self {
            Call::Named(name) => name.into(),
            Call::Connect(fd, to) => {
                format!("CONNECT on socket {fd} to {}..{}", to.ip(), to.port())
            }
            Call::Accept(fd) => format!("ACCEPT on socket {fd}{}", whereabouts(p, t, fd)),
            Call::Recv(fd) => format!("RECV on socket {fd}{}", whereabouts(p, t, fd)),
            Call::RecvFrom(fd) => format!("RECVFROM on socket {fd}"),
            Call::Send(fd) => format!("SEND on socket {fd}"),
            Call::PartnerInfo(fd) => format!("SIOCGPARTNERINFO on socket {fd}"),
        }
    }
}

#[derive(Clone, Debug)]
struct Wait {
    /// The call, as the deadlock report names it.
    call: Call,
    until: Until,
    deadline: Option<VirtualTime>,
}

impl Until {
    fn ready(&self, p: &Sysplex, t: TaskId) -> bool {
        // A descriptor that went bad wakes the task, so the call can say EBADF.
        match self {
            Until::Readable(fd) => p.readable(t, *fd).unwrap_or(true),
            Until::Writable(fd) => p.writable(t, *fd).unwrap_or(true),
            Until::Connected(fd) => p.connect_done(t, *fd),
            Until::Credentials(fd) => p.credentials_arrived(t, *fd),
            Until::Select {
                read,
                write,
                except,
            } => {
                read.iter().any(|fd| p.readable(t, *fd).unwrap_or(true))
                    || write.iter().any(|fd| p.writable(t, *fd).unwrap_or(true))
                    || except
                        .iter()
                        .any(|fd| p.exceptional(t, *fd).unwrap_or(true))
            }
            Until::Time => false,
        }
    }

    /// Calls `f` with each descriptor whose socket decides it.
    fn each_fd(&self, mut f: impl FnMut(u32)) {
        match self {
            Until::Readable(fd)
            | Until::Writable(fd)
            | Until::Connected(fd)
            | Until::Credentials(fd) => f(*fd),
            Until::Select {
                read,
                write,
                except,
            } => read.iter().chain(write).chain(except).for_each(|fd| f(*fd)),
            Until::Time => {}
        }
    }
}

#[derive(Clone, Debug)]
enum State {
    Waiting(Wait),
    Queued,
    Running,
    Done,
}

/// A task's coroutine: resumed with nothing, it yields nothing until its program returns.
type Fiber = Coroutine<(), (), (), DefaultStack>;

struct Slot {
    name: String,
    task: TaskId,
    state: State,
    /// Counts the task's waits, so an index entry left from an earlier wait is known stale.
    wait: u32,
    /// The last wake came from the deadline, not the event.
    expired: bool,
    /// How it ended (a program may set it before it returns; `Rc(0)` otherwise).
    completion: Option<Completion>,
}

/// A line of a run's output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub at: VirtualTime,
    /// The job, or the system's console for operator commands.
    pub source: String,
    pub text: String,
}

/// The waiting tasks, indexed by what can end their waits. An entry is (slot, wait number);
/// one whose task has since woken is stale and skipped.
#[derive(Default)]
struct Waits {
    /// By socket slot ([`Sysplex::watch`]): the tasks a change to that socket may wake.
    by_sock: Vec<Vec<(u32, u32)>>,
    /// Deadlines, earliest first.
    timers: BinaryHeap<Reverse<(VirtualTime, u32, u32)>>,
    /// Tasks that began to wait since the last look: their waits may be over already.
    fresh: Vec<u32>,
    /// The sockets that changed, as the plex reported them (kept to reuse the buffer).
    touched: Vec<u32>,
    /// The tasks to look at now (kept to reuse the buffer).
    candidates: Vec<u32>,
}

struct Inner {
    plex: Sysplex,
    slots: Vec<Slot>,
    waits: Waits,
    /// Tasks whose wait is over, in the order they are to run.
    ready: VecDeque<usize>,
    operator: VecDeque<(VirtualTime, Option<SystemId>, String)>,
    abort: bool,
    /// The lines, when there is no sink to take them as they come.
    output: Vec<Line>,
    sink: Option<Sink>,
    failures: Vec<(String, String)>,
    /// The virtual time the run may not pass.
    max_time: Option<VirtualTime>,
    /// The clock would have passed `max_time`: the tasks still waiting are stopped.
    timed_out: bool,
}

impl Inner {
    fn emit(&mut self, line: Line) {
        match &mut self.sink {
            Some(sink) => sink(&line),
            None => self.output.push(line),
        }
    }
}

type Shared = Rc<RefCell<Inner>>;

/// Unwinds a task when the run ends under it (deadlock).
struct Aborted;

/// A task's handle on the sysplex: the socket calls, blocking as z/OS blocks.
pub struct TaskCtx {
    shared: Shared,
    slot: usize,
    task: TaskId,
    name: String,
    /// The task's coroutine's yielder, to give the turn back with.
    yielder: *const Yielder<(), ()>,
}

/// A job waiting in its call when the run deadlocked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deadlock {
    pub at: VirtualTime,
    /// (job, call it waits in)
    pub waiting: Vec<(String, String)>,
}

impl fmt::Display for Deadlock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "DEADLOCK at {}: every task waits and nothing is pending",
            self.at
        )?;
        for (job, call) in &self.waiting {
            writeln!(f, "  {job:<8} waits in {call}")?;
        }
        Ok(())
    }
}

/// How a run ended.
pub struct RunReport {
    /// The lines said, when the run had no [`Run::output_to`] sink.
    pub output: Vec<Line>,
    pub deadlock: Option<Deadlock>,
    /// Every task, in job order, and how it ended.
    pub jobs: Vec<JobEnd>,
    /// The virtual-time limit stopped the run (the tasks it stopped ended [`ABEND_TIME`]).
    pub timed_out: Option<VirtualTime>,
    /// Tasks whose program panicked: (job, message).
    pub failures: Vec<(String, String)>,
    pub end: VirtualTime,
    /// The sysplex as the run left it (Netstat, the XCF trace).
    pub plex: Sysplex,
}

impl RunReport {
    /// The output as text: each line with its time and source.
    pub fn transcript(&self) -> String {
        let mut s = String::new();
        for l in &self.output {
            s.push_str(&format!("{:>14} {:<8} {}\n", l.at, l.source, l.text));
        }
        if let Some(d) = &self.deadlock {
            s.push_str(&d.to_string());
        }
        s
    }

    /// What one job said, line by line.
    pub fn said(&self, job: &str) -> Vec<&str> {
        self.output
            .iter()
            .filter(|l| l.source == job)
            .map(|l| l.text.as_str())
            .collect()
    }
}

/// Why a run could not start.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RunError {
    #[error("job {0} has no program")]
    NoProgram(String),
    #[error("no job {0}")]
    NoJob(String),
    #[error("job {job}: {error}")]
    Job { job: String, error: SysplexError },
}

struct Planned {
    ident: JobIdentity,
    start: VirtualTime,
    program: Option<Program>,
    /// More tasks in the job's address space: their task-level users and programs.
    subtasks: Vec<(Option<String>, Program)>,
}

/// A run being set up: the sysplex, its jobs and the operator's commands.
pub struct Run {
    plex: Sysplex,
    jobs: Vec<Planned>,
    /// Each job's index in `jobs`, by its name in capitals (the first of a name).
    names: HashMap<String, usize>,
    operator: Vec<(VirtualTime, Option<SystemId>, String)>,
    sink: Option<Sink>,
    max_time: Option<VirtualTime>,
}

impl Run {
    pub fn new(plex: Sysplex) -> Run {
        Run {
            plex,
            jobs: Vec::new(),
            names: HashMap::new(),
            operator: Vec::new(),
            sink: None,
            max_time: None,
        }
    }

    /// Sends each line to `sink` as it is said, instead of keeping it for the report: a
    /// long run's output then takes no memory, and what one job said is out before any
    /// other job can fail.
    pub fn output_to(&mut self, sink: impl FnMut(&Line) + Send + 'static) {
        self.sink = Some(Box::new(sink));
    }

    /// The virtual time the run may not pass: the tasks still going then end with
    /// [`ABEND_TIME`], so a job that polls for ever ends too.
    pub fn max_time(&mut self, limit: VirtualTime) {
        self.max_time = Some(limit);
    }

    /// The sysplex, to configure before the run (XCF, RACF).
    pub fn plex_mut(&mut self) -> &mut Sysplex {
        &mut self.plex
    }

    /// Adds a job starting at `start`; its program can come later ([`Run::program`]).
    pub fn job(&mut self, ident: JobIdentity, start: VirtualTime, program: Option<Program>) {
        self.names
            .entry(ident.name.to_ascii_uppercase())
            .or_insert(self.jobs.len());
        self.jobs.push(Planned {
            ident,
            start,
            program,
            subtasks: Vec::new(),
        });
    }

    fn planned(&mut self, job: &str) -> Result<&mut Planned, RunError> {
        self.names
            .get(&job.to_ascii_uppercase())
            .map(|&i| &mut self.jobs[i])
            .ok_or_else(|| RunError::NoJob(job.to_owned()))
    }

    /// Attaches another task to a job (named `JOB.2`, `JOB.3`, ...): it shares the job's
    /// descriptors, starts with it, and has its own task-level user if given.
    pub fn subtask(
        &mut self,
        job: &str,
        task_user: Option<&str>,
        program: impl FnOnce(&mut TaskCtx) + Send + 'static,
    ) -> Result<(), RunError> {
        self.planned(job)?
            .subtasks
            .push((task_user.map(str::to_owned), Box::new(program)));
        Ok(())
    }

    /// Gives the named job (case-insensitive) its program.
    pub fn program(
        &mut self,
        job: &str,
        program: impl FnOnce(&mut TaskCtx) + Send + 'static,
    ) -> Result<(), RunError> {
        self.planned(job)?.program = Some(Box::new(program));
        Ok(())
    }

    /// An operator command entered at `at` on a system's console.
    pub fn operator(&mut self, at: VirtualTime, system: Option<SystemId>, command: &str) {
        self.operator.push((at, system, command.to_owned()));
    }

    /// Runs every job to its end (or to a deadlock) and reports.
    pub fn run(mut self) -> Result<RunReport, RunError> {
        let mut slots = Vec::new();
        let mut programs = Vec::new();
        let mut starts = Vec::new();
        for j in self.jobs {
            let name = j.ident.name.clone();
            let program = j.program.ok_or_else(|| RunError::NoProgram(name.clone()))?;
            let failed = |error| RunError::Job {
                job: name.clone(),
                error,
            };
            let first = self.plex.add_job(j.ident).map_err(failed)?;
            let mut tasks = vec![(name.clone(), first, program)];
            for (n, (user, program)) in j.subtasks.into_iter().enumerate() {
                let task = self.plex.add_task(first, user.as_deref()).map_err(failed)?;
                tasks.push((format!("{name}.{}", n + 2), task, program));
            }
            for (name, task, program) in tasks {
                slots.push(Slot {
                    name,
                    task,
                    state: State::Done,
                    wait: 0,
                    expired: false,
                    completion: None,
                });
                programs.push(Some(program));
                starts.push(j.start);
            }
        }
        self.operator.sort_by_key(|(at, _, _)| *at);
        let mut inner = Inner {
            plex: self.plex,
            slots,
            waits: Waits::default(),
            ready: VecDeque::new(),
            operator: self.operator.into(),
            abort: false,
            output: Vec::new(),
            sink: self.sink,
            failures: Vec::new(),
            max_time: self.max_time,
            timed_out: false,
        };
        for (i, start) in starts.into_iter().enumerate() {
            inner.park(
                i,
                Wait {
                    call: Call::Named("its start"),
                    until: Until::Time,
                    deadline: Some(start),
                },
            );
        }
        let mut runner = Runner {
            fibers: programs.iter().map(|_| None).collect(),
            programs,
            shared: Rc::new(RefCell::new(inner)),
        };
        let deadlock = runner.schedule();
        let Runner { shared, fibers, .. } = runner;
        drop(fibers);
        let inner = match Rc::try_unwrap(shared) {
            Ok(cell) => cell.into_inner(),
            Err(_) => unreachable!("every task has ended, and its coroutine with it"),
        };
        let jobs = inner
            .slots
            .into_iter()
            .map(|s| JobEnd {
                name: s.name,
                completion: s.completion.unwrap_or(Completion::Rc(0)),
            })
            .collect();
        Ok(RunReport {
            output: inner.output,
            deadlock,
            jobs,
            timed_out: inner.timed_out.then(|| inner.plex.now()),
            failures: inner.failures,
            end: inner.plex.now(),
            plex: inner.plex,
        })
    }
}

impl Inner {
    /// The task in `slot` begins to wait.
    fn park(&mut self, slot: usize, wait: Wait) {
        let s = &mut self.slots[slot];
        s.wait = s.wait.wrapping_add(1);
        if let Some(d) = wait.deadline {
            self.waits.timers.push(Reverse((d, slot as u32, s.wait)));
        }
        s.state = State::Waiting(wait);
        self.waits.fresh.push(slot as u32);
        // Deadlines of waits that ended early stay in the heap until their time; when they
        // outnumber the tasks, they go, so a loop of short SELECTs cannot grow it for ever.
        if self.waits.timers.len() > 2 * self.slots.len() + 64 {
            let slots = &self.slots;
            self.waits
                .timers
                .retain(|Reverse((_, i, n))| waiting(slots, *i, *n));
        }
    }

    /// Picks the task to run next, moving the clock when every task waits: operator commands
    /// that are due run, waits that are over join the ready queue (in task order), and the
    /// first of the queue gets the turn. `None` when nothing can run and nothing is pending.
    fn next_turn(&mut self) -> Option<usize> {
        loop {
            let now = self.plex.now();
            while self.operator.front().is_some_and(|(at, _, _)| *at <= now) {
                if let Some((_, system, command)) = self.operator.pop_front() {
                    self.plex.note(What::Operator {
                        system,
                        command: command.clone(),
                    });
                    let source = system.map_or_else(
                        || "CONSOLE".to_owned(),
                        |s| self.plex.topology().systems[s.0].name.clone(),
                    );
                    let lines = super::console::command(&mut self.plex, system, &command);
                    for text in std::iter::once(command).chain(lines) {
                        self.emit(Line {
                            at: now,
                            source: source.clone(),
                            text,
                        });
                    }
                }
            }
            self.wake(now);
            if let Some(i) = self.ready.pop_front() {
                self.slots[i].state = State::Running;
                return Some(i);
            }
            let next = [
                self.plex.next_event(),
                self.operator.front().map(|o| o.0),
                self.next_deadline(),
            ]
            .into_iter()
            .flatten()
            .min()?;
            if let Some(limit) = self.max_time
                && next > limit
            {
                // Nothing is due before the limit: the clock stops at it.
                self.plex.advance(limit.max(now));
                self.timed_out = true;
                return None;
            }
            self.plex.advance(next);
        }
    }

    /// Moves every task whose wait is over to the ready queue, in task order. Only the tasks
    /// that could have woken are looked at: those that began to wait since the last look,
    /// those watching a socket that changed, and those whose deadline has come. Any other
    /// task's wait cannot have ended, since nothing it depends on has changed.
    fn wake(&mut self, now: VirtualTime) {
        let Inner {
            plex,
            slots,
            waits,
            ready,
            ..
        } = self;
        let mut candidates = std::mem::take(&mut waits.candidates);
        candidates.clear();
        candidates.append(&mut waits.fresh);
        plex.take_touched(&mut waits.touched);
        for sock in waits.touched.drain(..) {
            if let Some(list) = waits.by_sock.get_mut(sock as usize) {
                candidates.extend(
                    list.drain(..)
                        .filter(|(i, n)| waiting(slots, *i, *n))
                        .map(|(i, _)| i),
                );
            }
        }
        while let Some(&Reverse((at, i, n))) = waits.timers.peek() {
            if at > now {
                break;
            }
            waits.timers.pop();
            if waiting(slots, i, n) {
                candidates.push(i);
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        for &i in &candidates {
            let slot = &slots[i as usize];
            let State::Waiting(w) = &slot.state else {
                continue;
            };
            let ready_now = w.until.ready(plex, slot.task);
            let expired = !ready_now && w.deadline.is_some_and(|d| d <= now);
            if ready_now || expired {
                let slot = &mut slots[i as usize];
                slot.expired = expired;
                slot.state = State::Queued;
                ready.push_back(i as usize);
                continue;
            }
            // Still waiting: watch its sockets as they are now (a descriptor may name another
            // socket than when it began to wait).
            let (task, n) = (slot.task, slot.wait);
            w.until.each_fd(|fd| {
                for sock in plex.watch(task, fd).into_iter().flatten() {
                    let sock = sock as usize;
                    if waits.by_sock.len() <= sock {
                        waits.by_sock.resize_with(sock + 1, Vec::new);
                    }
                    let list = &mut waits.by_sock[sock];
                    list.push((i, n));
                    // Entries of ended waits on a quiet socket go now and then.
                    if list.len() >= 8 && list.len().is_power_of_two() {
                        list.sort_unstable();
                        list.dedup();
                        list.retain(|(i, n)| waiting(slots, *i, *n));
                    }
                }
            });
        }
        waits.candidates = candidates;
    }

    /// The earliest deadline of a waiting task.
    fn next_deadline(&mut self) -> Option<VirtualTime> {
        while let Some(&Reverse((at, i, n))) = self.waits.timers.peek() {
            if waiting(&self.slots, i, n) {
                return Some(at);
            }
            self.waits.timers.pop();
        }
        None
    }
}

/// Whether the task in slot `i` is still in its wait number `n`.
fn waiting(slots: &[Slot], i: u32, n: u32) -> bool {
    let s = &slots[i as usize];
    s.wait == n && matches!(s.state, State::Waiting(_))
}

/// A task's stack: reserved, and committed only as it is used. Deep enough for a REXX
/// exec's nested calls ([`crate::rexx::Limits::max_depth`]) in a debug build.
const TASK_STACK: usize = 256 << 20;

/// z/OS's abend for storage it cannot get (`inferred`: 878 is the completion code for a
/// GETMAIN or STORAGE OBTAIN that finds too little virtual storage, z/OS MVS System Codes):
/// here, a task whose stack the machine will not map.
pub const ABEND_STORAGE: &str = "S878";

/// The run's tasks and the coroutines they run in.
struct Runner {
    shared: Shared,
    programs: Vec<Option<Program>>,
    /// Each task's coroutine, from its first turn to its end.
    fibers: Vec<Option<Fiber>>,
}

impl Runner {
    /// Runs the jobs until nothing can run, then reports the tasks left waiting (a deadlock)
    /// and unwinds them.
    fn schedule(&mut self) -> Option<Deadlock> {
        loop {
            let next = self.shared.borrow_mut().next_turn();
            match next {
                Some(i) => self.resume(i),
                None => break,
            }
        }
        let mut g = self.shared.borrow_mut();
        let waiting: Vec<(usize, String, String)> = g
            .slots
            .iter()
            .enumerate()
            .filter_map(|(i, s)| match &s.state {
                State::Waiting(w) => Some((i, s.name.clone(), w.call.describe(&g.plex, s.task))),
                _ => None,
            })
            .collect();
        if waiting.is_empty() {
            return None;
        }
        let now = g.plex.now();
        let timed_out = g.timed_out;
        for (i, _, call) in &waiting {
            let reason = if timed_out {
                format!("still waiting in {call} at the virtual-time limit, {now}")
            } else {
                format!("waits for ever in {call}: every task waits and nothing is pending")
            };
            g.slots[*i].completion = Some(Completion::Abend {
                code: if timed_out { ABEND_TIME } else { ABEND_WAIT },
                reason,
            });
        }
        let report = (!timed_out).then(|| Deadlock {
            at: now,
            waiting: waiting
                .iter()
                .map(|(_, n, c)| (n.clone(), c.clone()))
                .collect(),
        });
        // Unwind the tasks still waiting, one at a time.
        g.abort = true;
        drop(g);
        for (i, _, _) in waiting {
            self.resume(i);
        }
        report
    }

    /// Gives task `i` the turn until it waits or ends; its first turn makes its coroutine.
    fn resume(&mut self, i: usize) {
        if self.fibers[i].is_none() {
            let Some(program) = self.programs[i].take() else {
                return;
            };
            let stack = match DefaultStack::new(TASK_STACK) {
                Ok(stack) => stack,
                Err(e) => return self.no_stack(i, &e),
            };
            let (shared, task, name) = {
                let g = self.shared.borrow();
                (
                    Rc::clone(&self.shared),
                    g.slots[i].task,
                    g.slots[i].name.clone(),
                )
            };
            self.fibers[i] = Some(Fiber::with_stack(stack, move |yielder, ()| {
                let mut ctx = TaskCtx {
                    shared,
                    slot: i,
                    task,
                    name,
                    yielder: yielder as *const _,
                };
                ctx.body(program);
            }));
        }
        let Some(fiber) = self.fibers[i].as_mut() else {
            return;
        };
        if let CoroutineResult::Return(()) = fiber.resume(()) {
            // Its stack goes back to the system now, so a run's memory is its live tasks'.
            self.fibers[i] = None;
        }
    }

    /// The task's stack could not be mapped: it ends without running.
    fn no_stack(&mut self, i: usize, e: &std::io::Error) {
        let mut g = self.shared.borrow_mut();
        let task = g.slots[i].task;
        g.slots[i].completion = Some(Completion::Abend {
            code: ABEND_STORAGE,
            reason: format!("no storage for the task's stack ({TASK_STACK} bytes): {e}"),
        });
        g.plex.end_task(task);
        g.slots[i].state = State::Done;
    }
}

fn would_wait(e: &SysplexError) -> bool {
    matches!(
        e,
        SysplexError::WouldBlock
            | SysplexError::ConnectInProgress
            | SysplexError::ConnectPending
            | SysplexError::InProgress
            | SysplexError::WouldSuspend
    )
}

impl TaskCtx {
    fn inner(&self) -> RefMut<'_, Inner> {
        // Only one task runs at a time and none holds this across a switch, so a second
        // borrow can only be a program calling its handle from inside `with`: a defect that
        // panics and ends that task alone.
        self.shared.borrow_mut()
    }

    /// Gives the turn back to the scheduler until this task is resumed.
    fn suspend(&self) {
        // SAFETY: `yielder` is the one corosensei passed to this task's coroutine, which
        // made this handle and lends it to the program only by reference; the handle lives
        // inside the coroutine, so the yielder it points to outlives it.
        let yielder = unsafe { &*self.yielder };
        yielder.suspend(());
    }

    fn body(&mut self, program: Program) {
        {
            let mut g = self.inner();
            if g.abort {
                drop(g);
                return self.finish(None);
            }
            if !g.plex.job_started(self.task) {
                g.slots[self.slot].completion = Some(Completion::NotRun(
                    "no ASID: every address space is in use (IEA602I)".into(),
                ));
                drop(g);
                return self.finish(None);
            }
            g.plex.note(What::Started { task: self.task });
        }
        let result = panic::catch_unwind(AssertUnwindSafe(|| program(self)));
        let failure = match result {
            Ok(()) => None,
            Err(p) if p.is::<Aborted>() => None,
            Err(p) => Some(
                p.downcast_ref::<String>()
                    .cloned()
                    .or_else(|| p.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_else(|| "the program panicked".into()),
            ),
        };
        self.finish(failure);
    }

    fn finish(&self, failure: Option<String>) {
        let mut g = self.inner();
        if let Some(f) = failure {
            g.slots[self.slot].completion = Some(Completion::Panicked(f.clone()));
            g.failures.push((self.name.clone(), f));
        }
        let how = g.slots[self.slot]
            .completion
            .clone()
            .unwrap_or(Completion::Rc(0));
        g.plex.note(What::Ended {
            task: self.task,
            how: how.describe(),
            failed: how != Completion::Rc(0),
        });
        g.plex.end_task(self.task);
        g.slots[self.slot].state = State::Done;
    }

    /// Parks until `until` holds or `deadline` passes, then polls again; `poll` gets whether
    /// the deadline passed. `call` names the call for a deadlock report.
    fn block<T>(
        &self,
        call: Call,
        until: Until,
        deadline: Option<VirtualTime>,
        mut poll: impl FnMut(&mut Sysplex, TaskId, bool) -> Option<T>,
    ) -> T {
        let mut expired = false;
        loop {
            {
                let mut g = self.inner();
                if let Some(v) = poll(&mut g.plex, self.task, expired) {
                    return v;
                }
                g.park(
                    self.slot,
                    Wait {
                        call,
                        until: until.clone(),
                        deadline,
                    },
                );
            }
            self.suspend();
            let g = self.inner();
            if g.abort {
                drop(g);
                panic::resume_unwind(Box::new(Aborted));
            }
            expired = g.slots[self.slot].expired;
        }
    }

    /// Gives the others a turn for `us` microseconds of virtual time.
    pub fn sleep_us(&self, us: u64) {
        self.pause(us, "SLEEP");
    }

    /// Waits `us` microseconds of virtual time; `call` names the wait in a report.
    fn pause(&self, us: u64, call: &'static str) {
        let deadline = self.now().saturating_add(us);
        self.block(Call::Named(call), Until::Time, Some(deadline), |p, _, _| {
            (p.now() >= deadline).then_some(())
        });
    }

    /// A call that never waits; one that finds nothing to do yields for [`POLL_YIELD_US`].
    fn call<T>(&self, f: impl FnOnce(&mut Sysplex, TaskId) -> R<T>) -> R<T> {
        let r = {
            let mut g = self.inner();
            f(&mut g.plex, self.task)
        };
        if r.as_ref().is_err_and(would_wait) {
            self.poll_yield();
        }
        r
    }

    /// A non-blocking call found nothing to do: the others get [`POLL_YIELD_US`].
    fn poll_yield(&self) {
        self.pause(
            POLL_YIELD_US,
            "a poll (a non-blocking call that found nothing to do)",
        );
    }

    /// Records in the run's journal that `what` happened now.
    fn note(&self, what: What) {
        self.with(|p, _| p.note(what));
    }

    /// Direct access to the model, for what the handle does not wrap.
    pub fn with<T>(&self, f: impl FnOnce(&mut Sysplex, TaskId) -> T) -> T {
        let mut g = self.inner();
        f(&mut g.plex, self.task)
    }

    pub fn task(&self) -> TaskId {
        self.task
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn now(&self) -> VirtualTime {
        self.inner().plex.now()
    }

    /// Adds a line to the run's output under the job's name.
    pub fn say(&self, text: impl Into<String>) {
        let mut g = self.inner();
        let at = g.plex.now();
        g.emit(Line {
            at,
            source: self.name.clone(),
            text: text.into(),
        });
    }

    /// Says how the task ended (before its program returns); `Rc(0)` when it never does.
    pub fn complete(&self, completion: Completion) {
        self.inner().slots[self.slot].completion = Some(completion);
    }

    fn blocking(&self, fd: u32) -> bool {
        self.with(|p, t| p.is_nonblocking(t, fd))
            .is_ok_and(|nb| !nb)
    }

    pub fn socket(&self, family: Family, ty: SockType) -> R<u32> {
        self.call(|p, t| p.socket(t, family, ty))
    }

    pub fn bind(&self, fd: u32, addr: SocketAddr) -> R<()> {
        self.call(|p, t| p.bind(t, fd, addr))
    }

    pub fn listen(&self, fd: u32, backlog: u32) -> R<()> {
        self.call(|p, t| p.listen(t, fd, backlog))
    }

    /// CONNECT: a blocking socket waits for the answer; a non-blocking one gets EINPROGRESS.
    pub fn connect(&self, fd: u32, to: SocketAddr) -> R<()> {
        let r = self.connect_inner(fd, to);
        // A non-blocking CONNECT that is still on its way is recorded when it is known.
        if !matches!(r, Err(SysplexError::ConnectInProgress)) {
            self.note(What::Connect {
                task: self.task,
                fd,
                to,
                result: r.clone(),
            });
        }
        r
    }

    fn connect_inner(&self, fd: u32, to: SocketAddr) -> R<()> {
        let blocking = self.blocking(fd);
        match self.with(|p, t| p.connect(t, fd, to)) {
            Err(SysplexError::ConnectInProgress) if blocking => self.block(
                Call::Connect(fd, to),
                Until::Connected(fd),
                None,
                |p, t, _| match p.connect_result(t, fd) {
                    Ok(done) => done,
                    Err(e) => Some(Err(e)),
                },
            ),
            r => {
                if r.as_ref().is_err_and(would_wait) {
                    self.poll_yield();
                }
                r
            }
        }
    }

    fn blocking_call<T>(
        &self,
        fd: u32,
        call: Call,
        until: Until,
        mut f: impl FnMut(&mut Sysplex, TaskId) -> R<T>,
    ) -> R<T> {
        if !self.blocking(fd) {
            return self.call(f);
        }
        self.block(call, until, None, |p, t, _| match f(p, t) {
            Err(SysplexError::WouldBlock) => None,
            r => Some(r),
        })
    }

    pub fn accept(&self, fd: u32) -> R<(u32, SocketAddr)> {
        let r = self.blocking_call(fd, Call::Accept(fd), Until::Readable(fd), |p, t| {
            p.accept(t, fd)
        });
        if let Ok((new, from)) = r {
            self.note(What::Accept {
                task: self.task,
                fd: new,
                from,
            });
        }
        r
    }

    /// RECV/READ: up to `max` bytes; empty at end of file.
    pub fn recv(&self, fd: u32, max: usize) -> R<Vec<u8>> {
        self.recv_peek(fd, max, false)
    }

    /// RECV, with MSG_PEEK when `peek`.
    pub fn recv_peek(&self, fd: u32, max: usize, peek: bool) -> R<Vec<u8>> {
        let r = self.blocking_call(fd, Call::Recv(fd), Until::Readable(fd), |p, t| {
            p.recv_peek(t, fd, max, peek)
        });
        if let Ok(data) = &r {
            self.note_recv(fd, data.len());
        }
        r
    }

    pub fn recvfrom(&self, fd: u32, max: usize) -> R<(Vec<u8>, SocketAddr)> {
        let r = self.blocking_call(fd, Call::RecvFrom(fd), Until::Readable(fd), |p, t| {
            p.recvfrom(t, fd, max)
        });
        if let Ok((data, _)) = &r {
            self.note_recv(fd, data.len());
        }
        r
    }

    fn note_recv(&self, fd: u32, bytes: usize) {
        self.note(What::Recv {
            task: self.task,
            fd,
            bytes,
        });
    }

    fn note_send(&self, fd: u32, r: &R<usize>) {
        if let Ok(bytes) = r {
            self.note(What::Send {
                task: self.task,
                fd,
                bytes: *bytes,
            });
        }
    }

    /// SEND/WRITE: a blocking socket sends everything, waiting for window as it must; a
    /// non-blocking one sends what fits.
    pub fn send(&self, fd: u32, data: &[u8]) -> R<usize> {
        let r = self.send_inner(fd, data);
        self.note_send(fd, &r);
        r
    }

    fn send_inner(&self, fd: u32, data: &[u8]) -> R<usize> {
        if !self.blocking(fd) {
            return self.call(|p, t| p.send(t, fd, data));
        }
        let mut sent = 0;
        while sent < data.len() || data.is_empty() {
            let rest = &data[sent..];
            sent += self.block(Call::Send(fd), Until::Writable(fd), None, |p, t, _| match p
                .send(t, fd, rest)
            {
                Err(SysplexError::WouldBlock) => None,
                r => Some(r),
            })?;
            if data.is_empty() {
                break;
            }
        }
        Ok(sent)
    }

    pub fn sendto(&self, fd: u32, data: &[u8], to: SocketAddr) -> R<usize> {
        let r = self.call(|p, t| p.sendto(t, fd, data, to));
        self.note_send(fd, &r);
        r
    }

    pub fn shutdown(&self, fd: u32, how: Shutdown) -> R<()> {
        self.call(|p, t| p.shutdown(t, fd, how))
    }

    pub fn close(&self, fd: u32) -> R<()> {
        let r = self.call(|p, t| p.close(t, fd));
        if r.is_ok() {
            self.note(What::Close {
                task: self.task,
                fd,
            });
        }
        r
    }

    pub fn getsockname(&self, fd: u32) -> R<SocketAddr> {
        self.call(|p, t| p.getsockname(t, fd))
    }

    pub fn getpeername(&self, fd: u32) -> R<SocketAddr> {
        self.call(|p, t| p.getpeername(t, fd))
    }

    pub fn getsockopt(&self, fd: u32, opt: SockOpt) -> R<OptValue> {
        self.call(|p, t| p.getsockopt(t, fd, opt))
    }

    pub fn setsockopt(&self, fd: u32, opt: SockOpt, v: OptValue) -> R<()> {
        self.call(|p, t| p.setsockopt(t, fd, opt, v))
    }

    /// FIONBIO.
    pub fn set_nonblocking(&self, fd: u32, on: bool) -> R<()> {
        self.call(|p, t| p.set_nonblocking(t, fd, on))
    }

    /// FIONREAD.
    pub fn fionread(&self, fd: u32) -> R<u32> {
        self.call(|p, t| p.fionread(t, fd))
    }

    /// SELECT: which of the descriptors are ready; waits up to `timeout_us` (forever when
    /// `None`; 0 polls).
    pub fn select(
        &self,
        read: &[u32],
        write: &[u32],
        except: &[u32],
        timeout_us: Option<u64>,
    ) -> R<(Vec<u32>, Vec<u32>, Vec<u32>)> {
        let deadline = timeout_us.map(|us| self.now().saturating_add(us));
        let until = Until::Select {
            read: read.to_vec(),
            write: write.to_vec(),
            except: except.to_vec(),
        };
        self.block(
            Call::Named("SELECT"),
            until,
            deadline,
            |p, t, expired| match p.ready(t, read, write, except) {
                Ok((r, w, e)) if r.is_empty() && w.is_empty() && e.is_empty() && !expired => {
                    (deadline.is_some_and(|d| p.now() >= d)).then_some(Ok((r, w, e)))
                }
                other => Some(other),
            },
        )
    }

    /// bind2addrsel.
    pub fn bind2addrsel(&self, fd: u32, dst: SocketAddr) -> R<()> {
        self.call(|p, t| p.bind2addrsel(t, fd, dst))
    }

    /// GIVESOCKET.
    pub fn givesocket(&self, fd: u32, to: ClientId, named: u32) -> R<()> {
        self.call(|p, t| p.givesocket(t, fd, to, named))
    }

    /// TAKESOCKET.
    pub fn takesocket(&self, subtask: &str, from: &str, fd: u32) -> R<u32> {
        self.call(|p, t| p.takesocket(t, subtask, from, fd))
    }

    /// SIOCSPARTNERINFO.
    pub fn siocspartnerinfo(&self, fd: u32, reqtype: PiReqType) -> R<()> {
        let r = self.call(|p, t| p.siocspartnerinfo(t, fd, reqtype));
        let outcome = match &r {
            Ok(()) => Outcome::Returned,
            Err(e) => Outcome::Failed(e.clone()),
        };
        self.note_ioctl(fd, Ioctl::SiocSPartnerInfo, Some(reqtype), outcome);
        r
    }

    fn note_ioctl(&self, fd: u32, request: Ioctl, reqtype: Option<PiReqType>, outcome: Outcome) {
        self.note(What::Ioctl {
            task: self.task,
            fd,
            request,
            reqtype,
            outcome,
        });
    }

    /// SIOCGPARTNERINFO on `area`, filled in place; waits for the XCF answer up to
    /// PI_Timeout when it must (whatever the socket's blocking mode).
    pub fn siocgpartnerinfo(&self, fd: u32, area: &mut [u8]) -> R<CredFlags> {
        let reqtype = PiReqType::of_area(area);
        let note = |outcome| self.note_ioctl(fd, Ioctl::SiocGPartnerInfo, reqtype, outcome);
        let first = self.call(|p, t| p.siocgpartnerinfo(t, fd, area));
        let (r, resumed) = match first {
            Ok(PiOutcome::Done(flags)) => (Ok(flags), false),
            Ok(PiOutcome::Wait { deadline }) => {
                note(Outcome::Suspended { until: deadline });
                let r = self.block(
                    Call::PartnerInfo(fd),
                    Until::Credentials(fd),
                    Some(deadline),
                    |p, t, expired| p.siocgpartnerinfo_resume(t, fd, area, expired),
                );
                (r, true)
            }
            Err(e) => (Err(e), false),
        };
        note(match (&r, resumed) {
            (Ok(_), false) => Outcome::Returned,
            (Ok(_), true) => Outcome::Resumed,
            (Err(e), _) => Outcome::Failed(e.clone()),
        });
        r
    }
}

/// ` (SYS/PROC local..port)` of a task's socket, for the deadlock report.
fn whereabouts(p: &Sysplex, t: TaskId, fd: u32) -> String {
    let (Ok(local), Some(node)) = (p.getsockname(t, fd), p.node_of(t, fd)) else {
        return String::new();
    };
    format!(" ({} {}..{})", p.node_name(node), local.ip(), local.port())
}

#[cfg(test)]
mod tests;
