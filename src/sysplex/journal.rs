//! The run's journal: what happened, and when on the virtual clock: jobs starting and ending,
//! their socket calls, the partner-information ioctls (returned at once, suspended, resumed,
//! failed), every XCF message, and the operator's commands. The XCF trace, the Chrome trace
//! and the sequence diagram are views of it (`docs/architecture.md` §7).
//!
//! The journal wraps like a component trace buffer: past [`DEFAULT_ENTRIES`] the oldest entry
//! goes, and the journal counts what went (`reconstructed`: the size is the project's).

use std::collections::VecDeque;
use std::net::SocketAddr;

use crate::areas::partnerinfo::PiReqType;

use super::plex::{TaskId, XcfMsg};
use super::xcf::Sent;
use super::{StackId, SysplexError, SystemId, Topology, VirtualTime};

/// Entries kept, as many as the XCF trace kept before the journal took it in: about 9 MB, a
/// ring that stays in the processor's cache, where four times as many made every trusted
/// connection setup 70 % slower (measured, `cargo bench --bench sysplex`; `reconstructed`).
pub const DEFAULT_ENTRIES: usize = 65_536;

/// One thing that happened.
#[derive(Clone, Debug)]
pub struct Entry {
    pub at: VirtualTime,
    pub what: What,
}

#[derive(Clone, Debug)]
pub enum What {
    /// A job's task began to run.
    Started {
        task: TaskId,
    },
    /// A job's task ended: how, as the run's summary says it, and whether that is a failure
    /// (anything but RC 0).
    Ended {
        task: TaskId,
        how: String,
        failed: bool,
    },
    /// CONNECT, when it has its answer.
    Connect {
        task: TaskId,
        fd: u32,
        to: SocketAddr,
        result: Result<(), SysplexError>,
    },
    /// ACCEPT gave a new socket.
    Accept {
        task: TaskId,
        fd: u32,
        from: SocketAddr,
    },
    Send {
        task: TaskId,
        fd: u32,
        bytes: usize,
    },
    /// A receive; 0 bytes is the end of the data.
    Recv {
        task: TaskId,
        fd: u32,
        bytes: usize,
    },
    Close {
        task: TaskId,
        fd: u32,
    },
    Ioctl {
        task: TaskId,
        fd: u32,
        request: Ioctl,
        reqtype: Option<PiReqType>,
        outcome: Outcome,
    },
    Xcf {
        id: u64,
        from: StackId,
        to: StackId,
        step: XcfStep,
        msg: XcfMsg,
    },
    /// A command entered at a system's console (the first system's when none is named).
    Operator {
        system: Option<SystemId>,
        command: String,
    },
}

/// The partner-information ioctls.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ioctl {
    SiocSPartnerInfo,
    SiocGPartnerInfo,
}

impl Ioctl {
    pub fn name(self) -> &'static str {
        match self {
            Ioctl::SiocSPartnerInfo => "SIOCSPARTNERINFO",
            Ioctl::SiocGPartnerInfo => "SIOCGPARTNERINFO",
        }
    }
}

/// How an ioctl came out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// It returned at once, successfully.
    Returned,
    /// The caller is suspended until the credentials come or the deadline passes.
    Suspended {
        until: VirtualTime,
    },
    /// A suspended call returned successfully.
    Resumed,
    Failed(SysplexError),
}

/// A step in an XCF message's life.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum XcfStep {
    Sent(Sent),
    Received,
    /// Its receiver went down while it was on its way.
    Dropped,
}

/// The journal of one sysplex's run.
#[derive(Clone, Debug)]
pub struct Journal {
    entries: VecDeque<Entry>,
    limit: usize,
    overwritten: u64,
}

impl Default for Journal {
    fn default() -> Journal {
        Journal::with_limit(DEFAULT_ENTRIES)
    }
}

impl Journal {
    /// A journal that keeps the last `limit` entries (none at 0).
    pub fn with_limit(limit: usize) -> Journal {
        Journal {
            entries: VecDeque::new(),
            limit,
            overwritten: 0,
        }
    }

    pub fn record(&mut self, at: VirtualTime, what: What) {
        if self.limit == 0 {
            self.overwritten += 1;
            return;
        }
        if self.entries.len() >= self.limit {
            self.entries.pop_front();
            self.overwritten += 1;
        }
        self.entries.push_back(Entry { at, what });
    }

    /// The entries kept, oldest first (in the order they happened).
    pub fn entries(&self) -> impl ExactSizeIterator<Item = &Entry> {
        self.entries.iter()
    }

    /// How many older entries are gone.
    pub fn overwritten(&self) -> u64 {
        self.overwritten
    }

    /// The XCF trace: a line for each message sent, received, lost or dropped, in the manner
    /// of a component trace (the format is the project's, `reconstructed`).
    pub fn xcf_trace(&self, topo: &Topology) -> Vec<String> {
        self.xcf()
            .map(|x| {
                let (id, msg) = (x.id, x.msg);
                let out = format!("{} -> {}", topo.stack_label(x.from), topo.stack_label(x.to));
                let back = format!("{} <- {}", topo.stack_label(x.to), topo.stack_label(x.from));
                let what = match x.step {
                    XcfStep::Sent(Sent::Arrives(a)) => {
                        format!("SEND  msg {id:>5} {out} {msg} (arrives {a})")
                    }
                    XcfStep::Sent(Sent::Lost) => format!("LOST  msg {id:>5} {out} {msg}"),
                    XcfStep::Sent(Sent::Down) => {
                        format!("DOWN  msg {id:>5} {out} {msg} (not sent: a stack is down)")
                    }
                    XcfStep::Received => format!("RECV  msg {id:>5} {back} {msg}"),
                    XcfStep::Dropped => {
                        format!("DROP  msg {id:>5} {back} {msg} (receiver down)")
                    }
                };
                format!("{:>14} XCF {what}", x.at)
            })
            .collect()
    }

    /// The XCF steps, oldest first.
    pub fn xcf(&self) -> impl Iterator<Item = XcfEntry<'_>> {
        self.entries.iter().filter_map(|e| match &e.what {
            What::Xcf {
                id,
                from,
                to,
                step,
                msg,
            } => Some(XcfEntry {
                at: e.at,
                id: *id,
                from: *from,
                to: *to,
                step: *step,
                msg,
            }),
            _ => None,
        })
    }
}

/// One XCF step of the journal ([`Journal::xcf`]).
#[derive(Clone, Copy, Debug)]
pub struct XcfEntry<'a> {
    pub at: VirtualTime,
    pub id: u64,
    pub from: StackId,
    pub to: StackId,
    pub step: XcfStep,
    pub msg: &'a XcfMsg,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_oldest_entries_go_and_are_counted() {
        let mut j = Journal::with_limit(2);
        for i in 0..5 {
            j.record(
                VirtualTime::from_secs(i),
                What::Operator {
                    system: None,
                    command: format!("D T {i}"),
                },
            );
        }
        assert_eq!(j.overwritten(), 3);
        let kept: Vec<_> = j.entries().map(|e| e.at).collect();
        assert_eq!(kept, [VirtualTime::from_secs(3), VirtualTime::from_secs(4)]);
        let mut none = Journal::with_limit(0);
        none.record(VirtualTime::ZERO, What::Started { task: TaskId(0) });
        assert_eq!((none.entries().len(), none.overwritten()), (0, 1));
    }
}
