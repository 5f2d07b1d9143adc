//! XCF between TCP/IP stacks: messages with a latency, optional loss, and stacks or systems that
//! are down, on the virtual clock; and a readable trace of every message, in the manner of a
//! component trace. Stacks exchange partner credentials this way (`trusted-tcp.md` §3.5).
//!
//! The latencies, the loss model and the trace format are the project's (`reconstructed`):
//! IBM documents that the exchange uses XCF, not how long it takes.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap};
use std::fmt;

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

/// The XCF signalling paths of one sysplex.
#[derive(Clone, Debug)]
pub struct Xcf<M> {
    config: XcfConfig,
    rng: u64,
    next_id: u64,
    /// (arrival, id) in arrival order; ids break ties so delivery order is fixed.
    due: BinaryHeap<Reverse<(VirtualTime, u64)>>,
    in_flight: BTreeMap<u64, Delivery<M>>,
    trace: Vec<String>,
}

impl<M: fmt::Display + Clone> Xcf<M> {
    pub fn new(config: XcfConfig) -> Xcf<M> {
        Xcf {
            rng: config.seed ^ 0x9E37_79B9_7F4A_7C15,
            config,
            next_id: 1,
            due: BinaryHeap::new(),
            in_flight: BTreeMap::new(),
            trace: Vec::new(),
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

    fn name(topo: &Topology, s: StackId) -> String {
        topo.stacks.get(s.0).map_or_else(
            || format!("stack{}", s.0),
            |st| format!("{}/{}", topo.systems[st.system.0].name, st.name),
        )
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
        let route = format!(
            "{} -> {}",
            Xcf::<M>::name(topo, from),
            Xcf::<M>::name(topo, to)
        );
        let result = if self.is_down(topo, from) || self.is_down(topo, to) {
            Sent::Down
        } else if self.config.loss_per_million > 0 && self.draw() < self.config.loss_per_million {
            Sent::Lost
        } else {
            let at = now.saturating_add(self.latency(topo, from, to));
            self.due.push(Reverse((at, id)));
            self.in_flight.insert(
                id,
                Delivery {
                    id,
                    from,
                    to,
                    at,
                    body: body.clone(),
                },
            );
            Sent::Arrives(at)
        };
        let what = match result {
            Sent::Arrives(at) => format!("SEND  msg {id:>5} {route} {body} (arrives {at})"),
            Sent::Lost => format!("LOST  msg {id:>5} {route} {body}"),
            Sent::Down => format!("DOWN  msg {id:>5} {route} {body} (not sent: a stack is down)"),
        };
        self.trace.push(format!("{now:>14} XCF {what}"));
        result
    }

    /// When the next message arrives, if one is on its way.
    pub fn next_arrival(&self) -> Option<VirtualTime> {
        self.due.peek().map(|Reverse((at, _))| *at)
    }

    /// The messages that have arrived by `now`, in arrival order. A message whose receiver
    /// went down meanwhile is dropped (and traced).
    pub fn deliver(&mut self, topo: &Topology, now: VirtualTime) -> Vec<Delivery<M>> {
        let mut out = Vec::new();
        while let Some(Reverse((at, id))) = self.due.peek().copied() {
            if at > now {
                break;
            }
            self.due.pop();
            let Some(d) = self.in_flight.remove(&id) else {
                continue;
            };
            let route = format!(
                "{} <- {}",
                Xcf::<M>::name(topo, d.to),
                Xcf::<M>::name(topo, d.from)
            );
            if self.is_down(topo, d.to) {
                self.trace.push(format!(
                    "{at:>14} XCF DROP  msg {id:>5} {route} {} (receiver down)",
                    d.body
                ));
                continue;
            }
            self.trace
                .push(format!("{at:>14} XCF RECV  msg {id:>5} {route} {}", d.body));
            out.push(d);
        }
        out
    }

    /// Every line traced so far.
    pub fn trace(&self) -> &[String] {
        &self.trace
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
        insta::assert_snapshot!(x.trace().join("\n"), @r"
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
        assert!(x.trace()[1].contains("DROP"));
    }
}
