//! A REXX exec as a job of a scenario: a task under the sysplex scheduler. SAY goes to the
//! run's transcript under the job's name, TIME() and DATE() read the virtual clock,
//! SOCKET() (also by its load-module names RXSOCKET and EZBRXSOC, `confirmed`) calls the
//! job's stack, blocking where z/OS blocks, and USERID() is the job's user.

use crate::sysplex::clock::EPOCH_UNIX_SECS;
use crate::sysplex::sched::TaskCtx;

use super::ast::Val;
use super::error::RexxError;
use super::socket::Sockets;
use super::{Clock, Host, Limits};

/// The host of an exec running as a task.
pub struct TaskHost<'a> {
    pub t: &'a mut TaskCtx,
    pub sockets: Sockets,
    pub user: String,
}

impl Host for TaskHost<'_> {
    fn say(&mut self, line: &[u8]) {
        self.t.say(String::from_utf8_lossy(line).into_owned());
    }

    fn now(&mut self) -> Clock {
        Clock {
            micros: EPOCH_UNIX_SECS * 1_000_000 + self.t.now().micros(),
        }
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
            _ => None,
        }
    }

    fn userid(&self) -> String {
        self.user.clone()
    }
}

/// The program of a job that runs `source`: its output, and a failing exec's TSO/E
/// message lines, go to the transcript.
pub fn program(
    source: Vec<u8>,
    exec: String,
    args: String,
    user: String,
    stack: String,
) -> impl FnOnce(&mut TaskCtx) + Send + 'static {
    move |t| {
        let mut host = TaskHost {
            t,
            sockets: Sockets::new(&stack),
            user,
        };
        let outcome = super::run(&source, &exec, &args, &mut host, Limits::default());
        if let Some((_, lines)) = outcome.error {
            for l in lines {
                host.t.say(l);
            }
        }
    }
}
