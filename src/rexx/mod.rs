//! The REXX interpreter (issue 5, in progress): the classic language of TRL2 and ANSI
//! X3.274 without stream I/O, with TSO/E's flavour where it differs (`docs/reference/rexx.md` Part 2).
//!
//! `lex` makes tokens, `parse` turns clauses into the flat operations of `ast`, `interp` runs
//! them, `num` is the decimal arithmetic, `bif` the built-in functions, `error` the error
//! numbers and messages. What an exec reaches outside itself (SAY's output, PULL's input,
//! commands, external functions such as SOCKET(), the clock) goes through [`Host`].

pub mod ast;
pub mod bif;
pub mod error;
pub mod interp;
pub mod lex;
pub mod num;
pub mod parse;
pub mod socket;
pub mod syscall;
pub mod task;
pub mod tsoe;
pub mod value;

pub use ast::Val;
pub use error::RexxError;
pub use interp::Interp;

/// PARSE VERSION: the implementation, the language level (4.00, TRL2's) and the date
/// (`reconstructed`: the project's own, not IBM's REXX370 string).
pub const VERSION: &str = "REXX-trustplex_0.1 4.00 24 Nov 2026";

/// Bounds on a runaway exec. Each ends it with a REXX error, as TSO/E ends an exec that is
/// halted (error 4) or that exhausts its region (error 5); [`Outcome::stopped`] says which
/// bound it was.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Clauses before the exec is stopped (error 4, "Program interrupted").
    pub max_clauses: u64,
    /// Nested internal calls before error 11 ("Control stack full").
    pub max_depth: usize,
    /// The longest string a variable or result may hold (error 5).
    pub max_string: usize,
    /// The storage the exec's variables, compound variables, names and data stack may take,
    /// in bytes: its region (error 5, "Machine storage exhausted").
    pub max_storage: usize,
    /// The wall-clock instant past which the exec is stopped (error 4): the guard that
    /// bounds an exec in time whatever it does; `None`, no guard.
    pub deadline: Option<std::time::Instant>,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_clauses: 1_000_000_000,
            max_depth: 1_000,
            max_string: 16 << 20,
            max_storage: DEFAULT_REGION,
            deadline: None,
        }
    }
}

/// An exec's storage limit when none is given: 64 MiB, a common TSO/E REGION
/// (`reconstructed`: the project's choice; TSO/E's region is set per user or job).
pub const DEFAULT_REGION: usize = 64 << 20;

/// Which of the [`Limits`] stopped an exec.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stop {
    /// `max_clauses`.
    Clauses,
    /// The wall-clock `deadline`.
    Wall,
    /// `max_storage`.
    Storage,
}

impl Stop {
    /// The command-line option that sets the limit, for messages.
    pub fn option(self) -> &'static str {
        match self {
            Stop::Clauses => "--max-clauses",
            Stop::Wall => "--max-wall",
            Stop::Storage => "--max-storage",
        }
    }
}

/// A date and time for TIME() and DATE().
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Clock {
    /// Microseconds since 1 January 1970, local time.
    pub micros: u64,
}

/// What an exec reaches outside itself.
pub trait Host {
    /// SAY.
    fn say(&mut self, line: &[u8]);
    /// PULL or PARSE EXTERNAL with an empty data stack: the terminal's next line.
    fn pull(&mut self) -> Option<Vec<u8>> {
        None
    }
    /// A command for an environment: its return code; the lines it displays go to `out`
    /// (the exec shows them, or OUTTRAP keeps them). A command the environment does not
    /// know is RC -3, as TSO answers.
    fn command(&mut self, env: &str, command: &[u8], out: &mut Vec<Vec<u8>>) -> i64 {
        let _ = (env, command, out);
        -3
    }
    /// ADDRESS LINKPGM or LINKMVS: calls `program` with the parameters' bytes (each the
    /// value of a REXX variable), which it may change in place; its return code, or None
    /// when there is no such program. `Err` is an abend (`S0C4` and why): the exec's task
    /// ends with it, as a program LINKed to from the exec's task takes the task down.
    fn link(
        &mut self,
        env: &str,
        program: &str,
        parms: &mut [Vec<u8>],
    ) -> Option<Result<i64, Abend>> {
        let _ = (env, program, parms);
        None
    }
    /// An ADDRESS SYSCALL command ([`syscall`]); `None` when the SYSCALL environment is not
    /// established.
    fn syscall(&mut self, cmd: &mut syscall::SyscallCmd) -> Option<syscall::Syscall> {
        let _ = cmd;
        None
    }
    /// GETMSG: the console session's next message (its lines) of `kind` (SOL, UNSOL or
    /// EITHER); empty when there is none, `None` when no console session is active.
    fn getmsg(&mut self, kind: &str) -> Option<Vec<Vec<u8>>> {
        let _ = kind;
        None
    }
    /// SYSDSN and LISTDSI: the catalogue's entry for a data set, if it has one.
    fn dataset(&mut self, name: &str) -> Option<crate::sysplex::catalog::DataSet> {
        let _ = name;
        None
    }
    /// SYSCPUS: the serial numbers of the CPUs online (none where there is no system).
    fn cpus(&mut self) -> Vec<String> {
        Vec::new()
    }
    /// An external function or subroutine, if the host has it.
    fn external(
        &mut self,
        name: &str,
        args: &[Option<Val>],
    ) -> Option<Result<Option<Val>, RexxError>> {
        let _ = (name, args);
        None
    }
    /// The time now.
    fn now(&mut self) -> Clock;
    /// The initial ADDRESS environment.
    fn default_address(&self) -> &str {
        "TSO"
    }
    /// PARSE SOURCE.
    fn source_string(&self, kind: &str, name: &str) -> String {
        format!("TSO {kind} {name} SYSEXEC ? {name} TSO TSO/E ?")
    }
    /// USERID().
    fn userid(&self) -> String {
        "TRUSTPLX".into()
    }
}

/// An abend a program the exec called ended its task with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Abend {
    /// The system completion code, `S0C4`.
    pub code: &'static str,
    /// What happened, for the job's summary.
    pub reason: String,
}

/// The outcome of running an exec to the end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// The EXIT value, if any.
    pub result: Option<Vec<u8>>,
    /// The error that stopped it, with its TSO/E message lines.
    pub error: Option<(RexxError, Vec<String>)>,
    /// The limit that stopped it, when one did.
    pub stopped: Option<Stop>,
    /// The abend that ended its task, when a program it called abended.
    pub abend: Option<Abend>,
}

impl Outcome {
    /// The exec's return code: 0 when it gave no EXIT value, the value when it is a whole
    /// number; `None` when an error ended it or the value is not a whole number.
    pub fn return_code(&self) -> Option<i64> {
        if self.error.is_some() || self.abend.is_some() {
            return None;
        }
        let Some(v) = &self.result else {
            return Some(0);
        };
        let n = num::Num::parse(std::str::from_utf8(v).ok()?.trim())?;
        if n.is_whole() { n.to_i64() } else { None }
    }
}

/// Runs `source` with `args` (one argument string, as a command gets).
pub fn run(source: &[u8], name: &str, args: &str, host: &mut dyn Host, limits: Limits) -> Outcome {
    let exec = name.to_ascii_uppercase();
    let mut interp = match Interp::new(source, &exec, host, limits) {
        Ok(i) => i,
        Err(e) => {
            let lines = fatal_lines(None, &e, &exec, source);
            return Outcome {
                result: None,
                error: Some((e, lines)),
                stopped: None,
                abend: None,
            };
        }
    };
    let r = interp.run(vec![Some(interp::val_str(args))]);
    let stopped = interp.stopped;
    match r {
        Ok(v) => Outcome {
            result: v.map(|v| v.to_vec()),
            error: None,
            stopped: None,
            abend: None,
        },
        Err(mut e) if matches!(e.unwind, Some(error::Unwind::Abend(_))) => {
            let Some(error::Unwind::Abend(abend)) = e.unwind.take() else {
                unreachable!("matched just above")
            };
            Outcome {
                result: None,
                error: None,
                stopped: None,
                abend: Some(abend),
            }
        }
        Err(e) => {
            let lines = fatal_lines(Some(&interp), &e, &exec, source);
            Outcome {
                result: None,
                error: Some((e, lines)),
                stopped,
                abend: None,
            }
        }
    }
}

/// The traceback and the IRX message of an error that ended an exec.
fn fatal_lines(interp: Option<&Interp>, e: &RexxError, exec: &str, source: &[u8]) -> Vec<String> {
    let mut lines = match interp {
        Some(i) => i.traceback_chain(e),
        None => {
            let text = source
                .split(|c| *c == b'\n')
                .nth(e.line.saturating_sub(1))
                .map(|l| String::from_utf8_lossy(l).trim().to_string())
                .unwrap_or_default();
            vec![format!("{:>6} +++ {text}", e.line)]
        }
    };
    lines.push(e.message(exec));
    lines
}

/// Where TIME() and DATE() read the time in a stand-alone run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClockKind {
    /// The sysplex's virtual clock: the scenario epoch, still while nothing waits (the same
    /// output every run).
    Virtual,
    /// The machine's clock (for timing, e.g. REXXCPS).
    Wall,
}

/// A stand-alone exec's host: SAY to a writer, no commands but those TSO answers with RC -3,
/// the chosen clock.
pub struct StdHost<W: std::io::Write> {
    pub out: W,
    pub clock: ClockKind,
}

impl<W: std::io::Write> Host for StdHost<W> {
    fn say(&mut self, line: &[u8]) {
        // A closed output is the reader's choice; the exec carries on.
        let _ = self.out.write_all(line);
        let _ = self.out.write_all(b"\n");
    }

    fn now(&mut self) -> Clock {
        match self.clock {
            ClockKind::Virtual => Clock {
                micros: crate::sysplex::clock::EPOCH_UNIX_SECS * 1_000_000,
            },
            ClockKind::Wall => wall_clock(),
        }
    }
}

/// The machine's clock.
pub(crate) fn wall_clock() -> Clock {
    Clock {
        micros: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_micros() as u64),
    }
}

/// Runs `f` on a thread with a stack deep enough for [`Limits::max_depth`] nested calls.
pub fn with_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> std::io::Result<T> {
    let h = std::thread::Builder::new()
        .name("rexx".into())
        .stack_size(512 << 20)
        .spawn(f)?;
    match h.join() {
        Ok(v) => Ok(v),
        Err(p) => std::panic::resume_unwind(p),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(src: &str) -> Outcome {
        let mut host = StdHost {
            out: Vec::new(),
            clock: ClockKind::Virtual,
        };
        run(src.as_bytes(), "T", "", &mut host, Limits::default())
    }

    #[test]
    fn parse_in_place_keeps_the_storage_count() {
        // PARSE copies a short piece into the variable's own storage: 20,000 pieces of every
        // length from 0 to 39 through one variable stay within a 16K region, as they must.
        let src = "do i = 1 to 20000\nparse value copies('x', i // 40)'|y' with a '|' b\nend\n\
                   say length(a) b\nexit length(a)";
        let mut host = StdHost {
            out: Vec::new(),
            clock: ClockKind::Virtual,
        };
        let limits = Limits {
            max_storage: 16 << 10,
            ..Limits::default()
        };
        let o = run(src.as_bytes(), "T", "", &mut host, limits);
        assert!(o.error.is_none(), "{:?}", o.error);
        assert_eq!(host.out, b"0 y\n");
        // The same region is exhausted by values that are kept.
        let src = "do i = 1 to 20000\nparse value copies('x', i // 40) with a.i\nend";
        let o = run(src.as_bytes(), "T", "", &mut host, limits);
        assert_eq!(o.stopped, Some(Stop::Storage));
    }

    #[test]
    fn exit_from_a_nested_routine_keeps_its_bytes() {
        let o = outcome("call a\nsay 'not here'\nexit\na: call b\nb: exit 'FF00C1'x\n");
        assert_eq!(o.result, Some(vec![0xFF, 0x00, 0xC1]));
        assert!(o.error.is_none());
        let o = outcome("call a\nexit 1\na: exit\n");
        assert_eq!(o.result, None);
    }

    #[test]
    fn novalue_trapped_in_a_routine() {
        let o =
            outcome("signal on novalue\ncall a\nexit\na: x = y\nnovalue: exit condition('D')\n");
        assert_eq!(o.result, Some(b"Y".to_vec()));
    }
}
