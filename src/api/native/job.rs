//! A compiled program as a job (`program = "path"` in a scenario): started as a child process
//! at the job's start, its calls served one at a time as the job's own calls under the
//! scheduler (`docs/native.md` §5).
//!
//! While the program computes, the run waits for its next call, so nothing else moves and a
//! run gives the same bytes every time. What the program writes to standard output and error
//! goes to files, read at each call and at its end: every line it wrote before a call appears
//! before that call's effects, under the job's name (standard output first, then standard
//! error).

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::os::unix::net::{UnixListener, UnixStream};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use crate::sysplex::sched::{ABEND_STORAGE, Completion, TaskCtx};

use super::{Call, Reply, SOCKET_ENV, Session, read_message, write_message};

/// How long a program may go without calling before its job ends (`reconstructed`).
pub const DEFAULT_GUARD: Duration = Duration::from_secs(60);

/// The abend of a program that stops calling for longer than the guard (`inferred`: S322 is
/// z/OS's abend for a job past its time limit, z/OS MVS System Codes).
pub const ABEND_GUARD: &str = "S322";
/// The abend of a program that could not be started (`inferred`: S806, a module z/OS could
/// not find or load, z/OS MVS System Codes).
pub const ABEND_NOT_FOUND: &str = "S806";
/// The abend of a program ended by SIGSEGV or SIGBUS (`inferred`: S0C4, the protection or
/// addressing exception).
pub const ABEND_PROTECTION: &str = "S0C4";
/// The abend of a program ended by any other signal (`inferred`: S222, a job cancelled).
pub const ABEND_CANCELLED: &str = "S222";

/// A compiled program and its arguments, to run as a job.
#[derive(Clone, Debug)]
pub struct NativeJob {
    pub path: PathBuf,
    /// The argument string, split at blanks into the program's arguments.
    pub args: String,
    /// How long the program may go without calling (wall time).
    pub guard: Duration,
    /// When the run's wall-clock limit (`--max-wall`) passes: a program still running then
    /// ends as one past its guard.
    pub deadline: Option<Instant>,
}

/// The longest line a program's output gives the transcript (`reconstructed`): a longer one,
/// or one the program never ends, is said in pieces this long, so its output cannot pile up
/// unseen in trustplex's memory.
const MAX_LINE: usize = 64 * 1024;

/// A file a child writes, read as it grows: the lines it has finished.
struct Tail {
    file: File,
    at: u64,
    partial: Vec<u8>,
}

impl Tail {
    fn open(path: &Path) -> io::Result<Tail> {
        Ok(Tail {
            file: File::open(path)?,
            at: 0,
            partial: Vec::new(),
        })
    }

    /// The lines finished since the last look; with `end`, the unfinished one too.
    fn lines(&mut self, end: bool) -> Vec<String> {
        let mut more = Vec::new();
        if self.file.seek(SeekFrom::Start(self.at)).is_ok() {
            let _ = self.file.read_to_end(&mut more);
        }
        self.at += more.len() as u64;
        self.partial.extend_from_slice(&more);
        let mut out = Vec::new();
        loop {
            let line = match self.partial.iter().position(|b| *b == b'\n') {
                Some(nl) if nl <= MAX_LINE => {
                    let line: Vec<u8> = self.partial.drain(..=nl).collect();
                    line[..nl].to_vec()
                }
                _ if self.partial.len() > MAX_LINE => self.partial.drain(..MAX_LINE).collect(),
                _ => break,
            };
            out.push(String::from_utf8_lossy(&line).into_owned());
        }
        if end && !self.partial.is_empty() {
            out.push(String::from_utf8_lossy(&std::mem::take(&mut self.partial)).into_owned());
        }
        out
    }
}

/// The child and where its output goes.
struct Running {
    child: Child,
    out: Tail,
    err: Tail,
}

/// A program still running when its job is unwound (the run ended in a deadlock while it
/// waited in a call) is killed, and its files go.
impl Drop for Running {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// The job's scratch directory, removed however the job ends.
struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

impl Running {
    fn say_output(&mut self, t: &TaskCtx, end: bool) {
        for line in self.out.lines(end).into_iter().chain(self.err.lines(end)) {
            t.say(line);
        }
    }
}

/// Why a job ended before its program did, and the line the transcript gets.
struct Stop {
    code: &'static str,
    reason: String,
    line: String,
    /// The program is still running and must be killed (it broke the rules); otherwise it is
    /// ending by itself (the library ends it after an abend) and may finish what it writes.
    kill: bool,
}

impl Stop {
    fn new(code: &'static str, reason: String) -> Stop {
        Stop {
            line: format!("ABEND {code}: {reason}"),
            code,
            reason,
            kill: true,
        }
    }

    /// Says the line and gives the job its abend.
    fn end(self, t: &TaskCtx) {
        t.say(self.line);
        t.complete(Completion::Abend {
            code: self.code,
            reason: self.reason,
        });
    }
}

impl NativeJob {
    pub fn new(path: impl Into<PathBuf>, args: &str) -> NativeJob {
        NativeJob {
            path: path.into(),
            args: args.to_owned(),
            guard: DEFAULT_GUARD,
            deadline: None,
        }
    }

    /// The job's program for the scheduler.
    pub fn program(self) -> impl FnOnce(&mut TaskCtx) + Send + 'static {
        move |t| self.run(t)
    }

    fn run(&self, t: &mut TaskCtx) {
        let dir = Scratch(scratch_dir(t.name()));
        let started = std::fs::create_dir_all(&dir.0).and_then(|()| self.start(&dir.0));
        let (mut running, listener) = match started {
            Ok(r) => r,
            Err(e) => {
                let reason = format!("cannot start {}: {e}", self.path.display());
                return Stop::new(ABEND_NOT_FOUND, reason).end(t);
            }
        };
        let stop = match self.link(&mut running, &listener) {
            Ok(Some(link)) => self.serve(t, &mut running, link),
            Ok(None) => None,
            Err(stop) => Some(stop),
        };
        if stop.as_ref().is_some_and(|s| s.kill) {
            let _ = running.child.kill();
        }
        let status = running.child.wait();
        // Everything the program wrote comes before the line that says how its job ended.
        running.say_output(t, true);
        match (stop, status) {
            (Some(stop), _) => stop.end(t),
            (None, Ok(status)) => ended(t, status),
            (None, Err(_)) => {}
        }
    }

    /// Starts the program with its socket named and its output going to files.
    fn start(&self, dir: &Path) -> io::Result<(Running, UnixListener)> {
        let socket = dir.join("job.sock");
        let listener = UnixListener::bind(&socket)?;
        listener.set_nonblocking(true)?;
        let (out, err) = (dir.join("stdout"), dir.join("stderr"));
        let child = Command::new(&self.path)
            .args(self.args.split_whitespace())
            .env(SOCKET_ENV, &socket)
            .stdin(Stdio::null())
            .stdout(File::create(&out)?)
            .stderr(File::create(&err)?)
            .spawn()?;
        Ok((
            Running {
                child,
                out: Tail::open(&out)?,
                err: Tail::open(&err)?,
            },
            listener,
        ))
    }

    /// How long to wait for the program's next call, from `since`: the guard, or less when
    /// the run's wall-clock limit comes first; zero when either has passed.
    fn wait_left(&self, since: Instant) -> Duration {
        let now = Instant::now();
        let guard = self
            .guard
            .saturating_sub(now.saturating_duration_since(since));
        match self.deadline {
            Some(d) => guard.min(d.saturating_duration_since(now)),
            None => guard,
        }
    }

    /// The program made no call within the guard, or the run's wall-clock limit passed.
    fn silent(&self) -> Stop {
        let reason = if self.deadline.is_some_and(|d| Instant::now() >= d) {
            "the run's wall-clock limit (--max-wall) passed while it ran".to_owned()
        } else {
            format!(
                "it made no call for {} s of wall time",
                self.guard.as_secs()
            )
        };
        Stop::new(ABEND_GUARD, reason)
    }

    /// Waits for the program's first call: its link, or `None` when it ends without calling.
    fn link(&self, r: &mut Running, listener: &UnixListener) -> Result<Option<UnixStream>, Stop> {
        let since = Instant::now();
        loop {
            match listener.accept() {
                Ok((link, _)) => {
                    let _ = link.set_nonblocking(false);
                    return Ok(Some(link));
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                Err(e) => {
                    return Err(Stop::new(
                        ABEND_CANCELLED,
                        format!("its socket failed: {e}"),
                    ));
                }
            }
            if let Ok(Some(_)) = r.child.try_wait() {
                return Ok(None);
            }
            if self.wait_left(since).is_zero() {
                return Err(self.silent());
            }
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    /// Serves the program's calls until it closes its link, or why the job stops first.
    fn serve(&self, t: &mut TaskCtx, r: &mut Running, mut link: UnixStream) -> Option<Stop> {
        let mut session = Session::new();
        loop {
            let left = self.wait_left(Instant::now());
            if left.is_zero() {
                return Some(self.silent());
            }
            let _ = link.set_read_timeout(Some(left));
            let msg = match read_message(&mut link) {
                Ok(m) => m,
                Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return None,
                Err(e)
                    if matches!(
                        e.kind(),
                        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                    ) =>
                {
                    return Some(self.silent());
                }
                Err(e) => {
                    return Some(Stop::new(ABEND_CANCELLED, format!("its link failed: {e}")));
                }
            };
            r.say_output(t, false);
            let reply = match Call::decode(&msg) {
                Ok(call) => session.serve(&call, t),
                Err(e) => {
                    return Some(Stop::new(
                        ABEND_CANCELLED,
                        format!("a call it sent is not one: {e}"),
                    ));
                }
            };
            if write_message(&mut link, &reply.encode()).is_err() {
                return None;
            }
            if let Reply::Abend(text) = reply {
                // The library ends the program; the job ends with the abend, as the service
                // worded it.
                return Some(Stop {
                    code: abend_code(&text),
                    line: text.clone(),
                    reason: text,
                    kill: false,
                });
            }
        }
    }
}

/// The completion code of an abend a call came back with (`ABEND S0C4 in EZASOKET: ...`,
/// `ABEND S878: ...`).
fn abend_code(text: &str) -> &'static str {
    if text.starts_with(&format!("ABEND {ABEND_STORAGE}")) {
        ABEND_STORAGE
    } else {
        ABEND_PROTECTION
    }
}

/// The job's completion from how the program ended: its exit status, or an abend for a signal.
fn ended(t: &TaskCtx, status: ExitStatus) {
    match (status.code(), status.signal()) {
        (Some(code), _) => t.complete(Completion::Rc(i64::from(code))),
        (None, Some(sig)) => {
            let code = if sig == 11 || sig == 7 {
                ABEND_PROTECTION
            } else {
                ABEND_CANCELLED
            };
            Stop::new(code, format!("the program was ended by signal {sig}")).end(t);
        }
        (None, None) => {}
    }
}

/// A directory of its own for each native job of this process.
fn scratch_dir(job: &str) -> PathBuf {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    std::env::temp_dir().join(format!(
        "trustplex-{}-{}-{job}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn a_tail_gives_finished_lines_and_cuts_a_runaway_one() {
        let dir = scratch_dir("TAILTEST");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("out");
        let mut f = File::create(&path).unwrap();
        let mut tail = Tail::open(&path).unwrap();
        f.write_all(b"one\ntw").unwrap();
        assert_eq!(tail.lines(false), ["one"]);
        f.write_all(b"o\n").unwrap();
        assert_eq!(tail.lines(false), ["two"]);
        // A line that never ends comes out in pieces of MAX_LINE, not all held back.
        f.write_all(&vec![b'x'; 2 * MAX_LINE + 5]).unwrap();
        let pieces = tail.lines(false);
        assert_eq!(pieces.len(), 2);
        assert!(pieces.iter().all(|p| p.len() == MAX_LINE));
        assert_eq!(tail.lines(true), ["xxxxx"]);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
