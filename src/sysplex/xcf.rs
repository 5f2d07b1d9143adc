//! XCF between TCP/IP stacks: messages with a latency, optional loss, and stacks or systems that
//! are down, on the virtual clock; and a readable trace of every message, in the manner of a
//! component trace. Stacks exchange partner credentials this way (`docs/reference/trusted-tcp.md` §3.5).
//!
//! The latencies, the loss model and the trace format are the project's (`reconstructed`):
//! IBM documents that the exchange uses XCF, not how long it takes.

use std::cmp::Ordering;
use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap, VecDeque};
use std::fmt;

use super::{StackId, SystemId, Topology, VirtualTime};

/// Default one-way latency between stacks on different systems, in microseconds.
pub const DEFAULT_LATENCY_US: u64 = 500;
/// Default one-way latency between stacks on the same system, in microseconds.
pub const SAME_SYSTEM_LATENCY_US: u64 = 50;

/// Trace entries kept by default: the trace wraps like a component trace buffer
/// (`reconstructed`).
pub const DEFAULT_TRACE_ENTRIES: usize = 65_536;

/// How XCF behaves in a run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct XcfConfig {
    /// One-way latency between two systems, either order; absent pairs use the defaults.
    pub latency_us: BTreeMap<(SystemId, SystemId), u64>,
    /// Messages lost, per million sent.
    pub loss_per_million: u32,
    /// Seed of the loss draws.
    pub seed: u64,
    pub down_systems: BTreeSet<SystemId>,
    pub down_stacks: BTreeSet<StackId>,
    /// How many trace entries are kept; older ones are overwritten.
    pub trace_entries: usize,
}

impl Default for XcfConfig {
    fn default() -> XcfConfig {
        XcfConfig {
            latency_us: BTreeMap::new(),
            loss_per_million: 0,
            seed: 0,
            down_systems: BTreeSet::new(),
            down_stacks: BTreeSet::new(),
            trace_entries: DEFAULT_TRACE_ENTRIES,
        }
    }
}

/// What became of a message that was sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sent {
    /// It will arrive at this time.
    Arrives(VirtualTime),
    /// It was lost on the way.
    Lost,
    /// The sending or receiving stack (or its system) is down.
    Down,
}

/// A message that arrived.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Delivery<M> {
    pub id: u64,
    pub from: StackId,
    pub to: StackId,
    pub at: VirtualTime,
    pub body: M,
}

/// A message on its way, ordered by arrival and then by id, so delivery order is fixed.
#[derive(Clone, Debug)]
struct Pending<M>(Delivery<M>);

impl<M> PartialEq for Pending<M> {
    fn eq(&self, o: &Self) -> bool {
        (self.0.at, self.0.id) == (o.0.at, o.0.id)
    }
}
impl<M> Eq for Pending<M> {}
impl<M> PartialOrd for Pending<M> {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl<M> Ord for Pending<M> {
    fn cmp(&self, o: &Self) -> Ordering {
        (self.0.at, self.0.id).cmp(&(o.0.at, o.0.id))
    }
}

#[derive(Clone, Copy, Debug)]
enum Event {
    Send(Sent),
    Recv,
    Drop,
}

/// One trace entry, formatted only when the trace is read.
#[derive(Clone, Debug)]
struct Traced<M> {
    at: VirtualTime,
    event: Event,
    msg: Delivery<M>,
}

/// The XCF signalling paths of one sysplex.
#[derive(Clone, Debug)]
pub struct Xcf<M> {
    config: XcfConfig,
    rng: u64,
    next_id: u64,
    due: BinaryHeap<Reverse<Pending<M>>>,
    trace: VecDeque<Traced<M>>,
}

impl<M: fmt::Display + Clone> Xcf<M> {
    pub fn new(config: XcfConfig) -> Xcf<M> {
        Xcf {
            rng: config.seed ^ 0x9E37_79B9_7F4A_7C15,
            config,
            next_id: 1,
            due: BinaryHeap::new(),
            trace: VecDeque::new(),
        }
    }

    pub fn config_mut(&mut self) -> &mut XcfConfig {
        &mut self.config
    }

    fn is_down(&self, topo: &Topology, stack: StackId) -> bool {
        self.config.down_stacks.contains(&stack)
            || topo
                .stacks
                .get(stack.0)
                .is_none_or(|s| self.config.down_systems.contains(&s.system))
    }

    /// One-way latency from one stack to another, in microseconds.
    pub fn latency(&self, topo: &Topology, from: StackId, to: StackId) -> u64 {
        let (a, b) = (topo.stacks[from.0].system, topo.stacks[to.0].system);
        if a == b {
            return SAME_SYSTEM_LATENCY_US;
        }
        self.config
            .latency_us
            .get(&(a, b))
            .or_else(|| self.config.latency_us.get(&(b, a)))
            .copied()
            .unwrap_or(DEFAULT_LATENCY_US)
    }

    /// A deterministic draw in 0..1_000_000 (xorshift64*).
    fn draw(&mut self) -> u32 {
        self.rng ^= self.rng >> 12;
        self.rng ^= self.rng << 25;
        self.rng ^= self.rng >> 27;
        (self.rng.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 32) as u32 % 1_000_000
    }

    fn record(&mut self, at: VirtualTime, event: Event, msg: Delivery<M>) {
        if self.config.trace_entries == 0 {
            return;
        }
        while self.trace.len() >= self.config.trace_entries {
            self.trace.pop_front();
        }
        self.trace.push_back(Traced { at, event, msg });
    }

    /// Sends `body` from one stack to another at `now`.
    pub fn send(
        &mut self,
        topo: &Topology,
        now: VirtualTime,
        from: StackId,
        to: StackId,
        body: M,
    ) -> Sent {
        let id = self.next_id;
        self.next_id += 1;
        let result = if self.is_down(topo, from) || self.is_down(topo, to) {
            Sent::Down
        } else if self.config.loss_per_million > 0 && self.draw() < self.config.loss_per_million {
            Sent::Lost
        } else {
            Sent::Arrives(now.saturating_add(self.latency(topo, from, to)))
        };
        let at = match result {
            Sent::Arrives(at) => at,
            _ => now,
        };
        let msg = Delivery {
            id,
            from,
            to,
            at,
            body,
        };
        if self.config.trace_entries > 0 {
            self.record(now, Event::Send(result), msg.clone());
        }
        if let Sent::Arrives(_) = result {
            self.due.push(Reverse(Pending(msg)));
        }
        result
    }

    /// When the next message arrives, if one is on its way.
    pub fn next_arrival(&self) -> Option<VirtualTime> {
        self.due.peek().map(|Reverse(p)| p.0.at)
    }

    /// The messages that have arrived by `now`, in arrival order. A message whose receiver
    /// went down meanwhile is dropped (and traced).
    pub fn deliver(&mut self, topo: &Topology, now: VirtualTime) -> Vec<Delivery<M>> {
        let mut out = Vec::new();
        while self.next_arrival().is_some_and(|at| at <= now) {
            let Some(Reverse(Pending(d))) = self.due.pop() else {
                break;
            };
            let event = if self.is_down(topo, d.to) {
                Event::Drop
            } else {
                Event::Recv
            };
            if self.config.trace_entries > 0 {
                self.record(d.at, event, d.clone());
            }
            if let Event::Recv = event {
                out.push(d);
            }
        }
        out
    }

    /// The trace, a line per entry, oldest first (only the last
    /// [`XcfConfig::trace_entries`] are kept).
    pub fn trace(&self, topo: &Topology) -> Vec<String> {
        self.trace
            .iter()
            .map(|t| {
                let (at, m) = (t.at, &t.msg);
                let (id, body) = (m.id, &m.body);
                let out = format!("{} -> {}", topo.stack_label(m.from), topo.stack_label(m.to));
                let back = format!("{} <- {}", topo.stack_label(m.to), topo.stack_label(m.from));
                let what = match t.event {
                    Event::Send(Sent::Arrives(a)) => {
                        format!("SEND  msg {id:>5} {out} {body} (arrives {a})")
                    }
                    Event::Send(Sent::Lost) => format!("LOST  msg {id:>5} {out} {body}"),
                    Event::Send(Sent::Down) => {
                        format!("DOWN  msg {id:>5} {out} {body} (not sent: a stack is down)")
                    }
                    Event::Recv => format!("RECV  msg {id:>5} {back} {body}"),
                    Event::Drop => format!("DROP  msg {id:>5} {back} {body} (receiver down)"),
                };
                format!("{at:>14} XCF {what}")
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plex() -> Topology {
        let mut t = Topology::new();
        t.add_system("SYS1").unwrap();
        t.add_system("SYS2").unwrap();
        t.add_stack("SYS1", "TCPCS1", vec!["10.1.1.1".parse().unwrap()])
            .unwrap();
        t.add_stack("SYS1", "TCPCS3", vec!["10.1.1.3".parse().unwrap()])
            .unwrap();
        t.add_stack("SYS2", "TCPCS2", vec!["10.1.2.1".parse().unwrap()])
            .unwrap();
        t
    }

    #[test]
    fn latency_order_and_trace() {
        let t = plex();
        let (cs1, cs3, cs2) = (StackId(0), StackId(1), StackId(2));
        let mut x: Xcf<&str> = Xcf::new(XcfConfig::default());
        let now = VirtualTime::from_secs(1);
        assert_eq!(
            x.send(&t, now, cs1, cs2, "PARTNERINFO.REQ"),
            Sent::Arrives(now.saturating_add(500))
        );
        assert_eq!(
            x.send(&t, now, cs1, cs3, "PARTNERINFO.REQ"),
            Sent::Arrives(now.saturating_add(50))
        );
        assert_eq!(x.next_arrival(), Some(now.saturating_add(50)));
        assert!(x.deliver(&t, now.saturating_add(49)).is_empty());
        let first = x.deliver(&t, now.saturating_add(500));
        assert_eq!(first.iter().map(|d| d.to).collect::<Vec<_>>(), [cs3, cs2]);
        insta::assert_snapshot!(x.trace(&t).join("\n"), @r"
              1.000000 XCF SEND  msg     1 SYS1/TCPCS1 -> SYS2/TCPCS2 PARTNERINFO.REQ (arrives 1.000500)
              1.000000 XCF SEND  msg     2 SYS1/TCPCS1 -> SYS1/TCPCS3 PARTNERINFO.REQ (arrives 1.000050)
              1.000050 XCF RECV  msg     2 SYS1/TCPCS3 <- SYS1/TCPCS1 PARTNERINFO.REQ
              1.000500 XCF RECV  msg     1 SYS2/TCPCS2 <- SYS1/TCPCS1 PARTNERINFO.REQ
        ");
    }

    #[test]
    fn down_and_loss_are_deterministic() {
        let t = plex();
        let mut cfg = XcfConfig::default();
        cfg.down_systems.insert(SystemId(1));
        let mut x: Xcf<&str> = Xcf::new(cfg);
        assert_eq!(
            x.send(&t, VirtualTime::ZERO, StackId(0), StackId(2), "REQ"),
            Sent::Down
        );
        let lossy = XcfConfig {
            loss_per_million: 500_000,
            seed: 7,
            ..XcfConfig::default()
        };
        let run = || {
            let mut x: Xcf<&str> = Xcf::new(lossy.clone());
            (0..64)
                .map(|_| x.send(&t, VirtualTime::ZERO, StackId(0), StackId(2), "REQ"))
                .collect::<Vec<_>>()
        };
        let a = run();
        assert_eq!(a, run(), "the same seed loses the same messages");
        let lost = a.iter().filter(|s| **s == Sent::Lost).count();
        assert!((16..48).contains(&lost), "about half lost, got {lost}");
        // A receiver that goes down while a message is on its way never gets it.
        let mut x: Xcf<&str> = Xcf::new(XcfConfig::default());
        x.send(&t, VirtualTime::ZERO, StackId(0), StackId(2), "REQ");
        x.config_mut().down_stacks.insert(StackId(2));
        assert!(x.deliver(&t, VirtualTime::from_secs(1)).is_empty());
        assert!(x.trace(&t)[1].contains("DROP"));
    }
}
