//! Views of a run's journal (`docs/architecture.md` §7): the Chrome trace (`trace`) and the
//! parts of the JSON result read from it (`json`). Each view reads the journal and the sysplex
//! the run left, and writes the same bytes for the same run.

pub mod diagram;
pub mod json;
pub mod trace;

use std::collections::{BTreeMap, BTreeSet};

use crate::sysplex::journal::{Entry, Outcome, What, XcfStep};
use crate::sysplex::plex::{Place, TaskId};
use crate::sysplex::xcf::Sent;
use crate::sysplex::{Sysplex, SysplexError};

/// Where a lifeline belongs: a system of the sysplex, or outside it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Group {
    System(usize),
    Outside,
}

/// A job's task as the views show it: its lifeline's name and where it runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lifeline {
    pub name: String,
    pub group: Group,
}

/// The task an entry is about, if it is about one.
pub fn task_of(e: &Entry) -> Option<TaskId> {
    match &e.what {
        What::Started { task }
        | What::Ended { task, .. }
        | What::Connect { task, .. }
        | What::Accept { task, .. }
        | What::Send { task, .. }
        | What::Recv { task, .. }
        | What::Close { task, .. }
        | What::Ioctl { task, .. } => Some(*task),
        What::Xcf { .. } | What::Operator { .. } => None,
    }
}

/// Every task the journal names, in task order (the order the jobs and their tasks were
/// defined), with its lifeline: the job's name, and `JOB.2`, `JOB.3` for a job's further
/// tasks, numbered in that order as the scheduler numbers them.
pub fn lifelines(plex: &Sysplex) -> BTreeMap<TaskId, Lifeline> {
    let tasks: BTreeSet<TaskId> = plex.journal().entries().filter_map(task_of).collect();
    let mut per_job: BTreeMap<&str, u32> = BTreeMap::new();
    tasks
        .into_iter()
        .map(|task| {
            let ident = plex.job(task);
            let n = per_job.entry(&ident.name).or_insert(0);
            *n += 1;
            let name = match *n {
                1 => ident.name.clone(),
                n => format!("{}.{n}", ident.name),
            };
            let group = match ident.place {
                Place::Stack { system, .. } | Place::Cinet { system } => Group::System(system.0),
                Place::Outside(_) => Group::Outside,
            };
            (task, Lifeline { name, group })
        })
        .collect()
}

/// The errno name a view shows for a model error: the one every API reports
/// (`crate::api::errors`).
pub fn errno_name(e: &SysplexError) -> &'static str {
    crate::api::errors::names(e).0
}

/// An ioctl's outcome in a word: `returned`, `suspended`, `resumed`, or the errno.
pub fn outcome_word(o: &Outcome) -> &'static str {
    match o {
        Outcome::Returned => "returned",
        Outcome::Suspended { .. } => "suspended",
        Outcome::Resumed => "resumed",
        Outcome::Failed(e) => errno_name(e),
    }
}

/// An XCF step in a word: `send`, `lost`, `down` (not sent), `recv`, `drop`.
pub fn xcf_word(step: XcfStep) -> &'static str {
    match step {
        XcfStep::Sent(Sent::Arrives(_)) => "send",
        XcfStep::Sent(Sent::Lost) => "lost",
        XcfStep::Sent(Sent::Down) => "down",
        XcfStep::Received => "recv",
        XcfStep::Dropped => "drop",
    }
}
