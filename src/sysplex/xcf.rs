//! XCF between TCP/IP stacks: messages with a latency, optional loss, and stacks or systems that
//! are down, on the virtual clock. Stacks exchange partner credentials this way
//! (`docs/reference/trusted-tcp.md` §3.5). What happens to each message goes into the run's
//! journal (`super::journal`), which also prints the XCF trace.
//!
//! The latencies and the loss model are the project's (`reconstructed`): IBM documents that
//! the exchange uses XCF, not how long it takes.

use std::cmp::Ordering;
use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap};

use super::{StackId, SystemId, Topology, VirtualTime};

/// Default one-way latency between stacks on different systems, in microseconds.
pub const DEFAULT_LATENCY_US: u64 = 500;
/// Default one-way latency between stacks on the same system, in microseconds.
pub const SAME_SYSTEM_LATENCY_US: u64 = 50;

/// How XCF behaves in a run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct XcfConfig {
    /// One-way latency between two systems, either order; absent pairs use the defaults.
    pub latency_us: BTreeMap<(SystemId, SystemId), u64>,
    /// Messages lost, per million sent.
    pub loss_per_million: u32,
    /// Seed of the loss draws.
    pub seed: u64,
    pub down_systems: BTreeSet<SystemId>,
    pub down_stacks: BTreeSet<StackId>,
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

/// What became of a message when its arrival time came.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arrived {
    Received,
    /// The receiving stack (or its system) went down while it was on its way.
    Dropped,
}

/// The XCF signalling paths of one sysplex.
#[derive(Clone, Debug)]
pub struct Xcf<M> {
    config: XcfConfig,
    rng: u64,
    next_id: u64,
    due: BinaryHeap<Reverse<Pending<M>>>,
}

impl<M: Clone> Xcf<M> {
    pub fn new(config: XcfConfig) -> Xcf<M> {
        Xcf {
            rng: config.seed ^ 0x9E37_79B9_7F4A_7C15,
            config,
            next_id: 1,
            due: BinaryHeap::new(),
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

    /// Sends `body` from one stack to another at `now`: the message's number, and what
    /// became of it.
    pub fn send(
        &mut self,
        topo: &Topology,
        now: VirtualTime,
        from: StackId,
        to: StackId,
        body: M,
    ) -> (u64, Sent) {
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
        if let Sent::Arrives(_) = result {
            self.due.push(Reverse(Pending(msg)));
        }
        (id, result)
    }

    /// When the next message arrives, if one is on its way.
    pub fn next_arrival(&self) -> Option<VirtualTime> {
        self.due.peek().map(|Reverse(p)| p.0.at)
    }

    /// The messages whose arrival time has come by `now`, in arrival order: each received,
    /// or dropped when its receiver went down meanwhile.
    pub fn deliver(&mut self, topo: &Topology, now: VirtualTime) -> Vec<(Delivery<M>, Arrived)> {
        let mut out = Vec::new();
        while self.next_arrival().is_some_and(|at| at <= now) {
            let Some(Reverse(Pending(d))) = self.due.pop() else {
                break;
            };
            let arrived = if self.is_down(topo, d.to) {
                Arrived::Dropped
            } else {
                Arrived::Received
            };
            out.push((d, arrived));
        }
        out
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
    fn latency_and_arrival_order() {
        let t = plex();
        let (cs1, cs3, cs2) = (StackId(0), StackId(1), StackId(2));
        let mut x: Xcf<&str> = Xcf::new(XcfConfig::default());
        let now = VirtualTime::from_secs(1);
        assert_eq!(
            x.send(&t, now, cs1, cs2, "PARTNERINFO.REQ"),
            (1, Sent::Arrives(now.saturating_add(500)))
        );
        assert_eq!(
            x.send(&t, now, cs1, cs3, "PARTNERINFO.REQ"),
            (2, Sent::Arrives(now.saturating_add(50)))
        );
        assert_eq!(x.next_arrival(), Some(now.saturating_add(50)));
        assert!(x.deliver(&t, now.saturating_add(49)).is_empty());
        let first = x.deliver(&t, now.saturating_add(500));
        assert_eq!(
            first
                .iter()
                .map(|(d, a)| (d.id, d.to, *a))
                .collect::<Vec<_>>(),
            [(2, cs3, Arrived::Received), (1, cs2, Arrived::Received)]
        );
    }

    #[test]
    fn down_and_loss_are_deterministic() {
        let t = plex();
        let mut cfg = XcfConfig::default();
        cfg.down_systems.insert(SystemId(1));
        let mut x: Xcf<&str> = Xcf::new(cfg);
        assert_eq!(
            x.send(&t, VirtualTime::ZERO, StackId(0), StackId(2), "REQ")
                .1,
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
                .map(|_| {
                    x.send(&t, VirtualTime::ZERO, StackId(0), StackId(2), "REQ")
                        .1
                })
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
        let due = x.deliver(&t, VirtualTime::from_secs(1));
        assert_eq!(due.len(), 1);
        assert_eq!(due[0].1, Arrived::Dropped);
    }
}
