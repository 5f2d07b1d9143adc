//! Systems (MVS images), their TCP/IP stacks with home addresses, the links between stacks, and
//! hosts outside the sysplex; and the routing classification SO_CLUSTERCONNTYPE and
//! PI_ConnType report (`docs/reference/trusted-tcp.md` §2, seed):
//!
//! | partner | bits |
//! |---|---|
//! | not connected | NOCONN (0) |
//! | same stack, or another stack on the same image (CINET) | SAME_IMAGE, SAME_CLUSTER, INTERNAL |
//! | another image, over links inside the sysplex (XCF, HiperSockets) | SAME_CLUSTER, INTERNAL |
//! | another image, only over links outside it (OSA, a LAN) | SAME_CLUSTER |
//! | outside the sysplex | NONE |
//!
//! The meanings are `confirmed` (seed); which combinations a real stack returns in each
//! topology is `unknown`, so this table is the project's (`reconstructed`), built so that the
//! seed's worked example (8E: internal, same image, same cluster) comes out.

use std::collections::VecDeque;
use std::net::IpAddr;

use crate::areas::sockopt::ClusterConnType;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SystemId(pub usize);

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StackId(pub usize);

/// An MVS image in the sysplex.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct System {
    /// The system name (&SYSNAME), e.g. `SYS1`.
    pub name: String,
}

/// A TCP/IP stack: its procedure name, its image and its home addresses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stack {
    /// The TCP/IP procedure name, e.g. `TCPCS1`.
    pub name: String,
    pub system: SystemId,
    pub home: Vec<IpAddr>,
}

/// How a link carries traffic.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkKind {
    /// XCF (dynamic XCF) links between images.
    Xcf,
    /// HiperSockets within a CPC.
    HiperSockets,
    /// An OSA or other LAN path, exposed outside the sysplex.
    Lan,
}

impl LinkKind {
    /// Whether traffic over the link stays inside the sysplex.
    pub const fn internal(self) -> bool {
        matches!(self, LinkKind::Xcf | LinkKind::HiperSockets)
    }
}

/// A link between two stacks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Link {
    pub a: StackId,
    pub b: StackId,
    pub kind: LinkKind,
    /// One-way latency of IP traffic over the link, in microseconds (XCF's own latency,
    /// for the credential exchange, is [`crate::sysplex::xcf::XcfConfig::latency_us`]).
    pub latency_us: u64,
}

/// A host outside the sysplex.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutsideHost {
    pub name: String,
    pub addrs: Vec<IpAddr>,
}

/// Where an address lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Endpoint {
    Stack(StackId),
    Outside(usize),
}

/// Why a topology cannot be built.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TopologyError {
    #[error("system {0} is defined twice")]
    DuplicateSystem(String),
    #[error("stack {name} on {system} is defined twice")]
    DuplicateStack { name: String, system: String },
    #[error("no system {0}")]
    NoSystem(String),
    #[error("no stack {0}")]
    NoStack(String),
    #[error("stack name {name} is ambiguous: it is {}", candidates.join(" and "))]
    AmbiguousStack {
        name: String,
        candidates: Vec<String>,
    },
    #[error("address {0} is a home address twice")]
    DuplicateAddress(IpAddr),
    #[error("{0}")]
    BadName(String),
    #[error("a link joins two stacks, not {0} to itself")]
    SelfLink(String),
}

/// System names (&SYSNAME) and TCP/IP procedure names: 1 to 8 of A-Z 0-9 # $ @, the first
/// not a digit (`inferred`: the syntax of MVS system and member names, the same as RACF's
/// for user IDs).
fn check_name(what: &str, name: &str) -> Result<(), TopologyError> {
    crate::codepage::validate_racf_name(name)
        .map_err(|e| TopologyError::BadName(format!("{what} name: {e}")))
}

/// The sysplex name when a scenario gives none (`reconstructed`: the seed names no sysplex;
/// PLEX1 is the name its security domain, EZBDOMAIN, carries).
pub const DEFAULT_SYSPLEX: &str = "PLEX1";

/// The sysplex's shape.
#[derive(Clone, Debug)]
pub struct Topology {
    /// The sysplex name (COUPLExx SYSPLEX, ECVTSPLX, MVSVAR('SYSPLEX')).
    pub sysplex: String,
    pub systems: Vec<System>,
    pub stacks: Vec<Stack>,
    pub links: Vec<Link>,
    pub outside: Vec<OutsideHost>,
}

impl Default for Topology {
    fn default() -> Topology {
        Topology {
            sysplex: DEFAULT_SYSPLEX.to_string(),
            systems: Vec::new(),
            stacks: Vec::new(),
            links: Vec::new(),
            outside: Vec::new(),
        }
    }
}

impl Topology {
    pub fn new() -> Topology {
        Topology::default()
    }

    /// Names the sysplex (1-8 characters, as a system name).
    pub fn set_sysplex(&mut self, name: &str) -> Result<(), TopologyError> {
        let name = name.to_ascii_uppercase();
        check_name("sysplex", &name)?;
        self.sysplex = name;
        Ok(())
    }

    pub fn add_system(&mut self, name: &str) -> Result<SystemId, TopologyError> {
        let name = name.to_ascii_uppercase();
        check_name("system", &name)?;
        if self.system(&name).is_some() {
            return Err(TopologyError::DuplicateSystem(name));
        }
        self.systems.push(System { name });
        Ok(SystemId(self.systems.len() - 1))
    }

    pub fn system(&self, name: &str) -> Option<SystemId> {
        self.systems
            .iter()
            .position(|s| s.name.eq_ignore_ascii_case(name))
            .map(SystemId)
    }

    fn check_addresses(&self, addrs: &[IpAddr]) -> Result<(), TopologyError> {
        for (i, a) in addrs.iter().enumerate() {
            if self.locate(*a).is_some() || addrs[..i].contains(a) {
                return Err(TopologyError::DuplicateAddress(*a));
            }
        }
        Ok(())
    }

    pub fn add_stack(
        &mut self,
        system: &str,
        name: &str,
        home: Vec<IpAddr>,
    ) -> Result<StackId, TopologyError> {
        let sys = self
            .system(system)
            .ok_or_else(|| TopologyError::NoSystem(system.to_owned()))?;
        let name = name.to_ascii_uppercase();
        check_name("stack", &name)?;
        if self
            .stacks
            .iter()
            .any(|s| s.system == sys && s.name == name)
        {
            return Err(TopologyError::DuplicateStack {
                name,
                system: system.to_owned(),
            });
        }
        self.check_addresses(&home)?;
        self.stacks.push(Stack {
            name,
            system: sys,
            home,
        });
        Ok(StackId(self.stacks.len() - 1))
    }

    /// A stack's label, `SYSTEM/PROC` (the form [`Topology::stack`] takes).
    pub fn stack_label(&self, s: StackId) -> String {
        self.stacks.get(s.0).map_or_else(
            || format!("stack{}", s.0),
            |st| format!("{}/{}", self.systems[st.system.0].name, st.name),
        )
    }

    /// A stack by `SYSTEM/PROC` or, when the name is unique, by procedure name alone.
    pub fn stack(&self, name: &str) -> Option<StackId> {
        self.find_stack(name).ok()
    }

    /// A stack by `SYSTEM/PROC`, or by procedure name alone when only one system runs a
    /// stack of that name (every system may call its stack `TCPIP`); an ambiguous name is an
    /// error that lists the candidates.
    pub fn find_stack(&self, name: &str) -> Result<StackId, TopologyError> {
        let (sys, proc_) = match name.split_once('/') {
            Some((s, p)) => (
                Some(
                    self.system(s)
                        .ok_or_else(|| TopologyError::NoStack(name.to_owned()))?,
                ),
                p,
            ),
            None => (None, name),
        };
        let found: Vec<usize> = (0..self.stacks.len())
            .filter(|&i| {
                let s = &self.stacks[i];
                s.name.eq_ignore_ascii_case(proc_) && sys.is_none_or(|id| s.system == id)
            })
            .collect();
        match found[..] {
            [i] => Ok(StackId(i)),
            [] => Err(TopologyError::NoStack(name.to_owned())),
            _ => Err(TopologyError::AmbiguousStack {
                name: name.to_ascii_uppercase(),
                candidates: found
                    .iter()
                    .map(|&i| self.stack_label(StackId(i)))
                    .collect(),
            }),
        }
    }

    /// Links the two stacks (each `SYSTEM/PROC`, or a unique procedure name). A stack is
    /// not linked to itself.
    pub fn add_link(&mut self, a: &str, b: &str, kind: LinkKind) -> Result<(), TopologyError> {
        let (a, b) = (self.find_stack(a)?, self.find_stack(b)?);
        if a == b {
            return Err(TopologyError::SelfLink(self.stack_label(a)));
        }
        self.links.push(Link {
            a,
            b,
            kind,
            latency_us: crate::sysplex::xcf::DEFAULT_LATENCY_US,
        });
        Ok(())
    }

    /// One-way latency of IP traffic between every two stacks, `n * n` in microseconds
    /// (row `from`, column `to`): within an image the same-system latency, else the
    /// quickest path over the links, else (no path) the default between systems.
    pub fn ip_latencies(&self) -> Vec<u64> {
        use crate::sysplex::xcf::{DEFAULT_LATENCY_US, SAME_SYSTEM_LATENCY_US};
        let n = self.stacks.len();
        let mut d = vec![u64::MAX; n * n];
        for i in 0..n {
            d[i * n + i] = 0;
        }
        for l in &self.links {
            let (a, b) = (l.a.0, l.b.0);
            d[a * n + b] = d[a * n + b].min(l.latency_us);
            d[b * n + a] = d[b * n + a].min(l.latency_us);
        }
        // Floyd-Warshall: a scenario has a handful of stacks.
        for k in 0..n {
            for i in 0..n {
                for j in 0..n {
                    let via = d[i * n + k].saturating_add(d[k * n + j]);
                    if via < d[i * n + j] {
                        d[i * n + j] = via;
                    }
                }
            }
        }
        for i in 0..n {
            for j in 0..n {
                if i == j {
                    continue;
                }
                let same = self.stacks[i].system == self.stacks[j].system;
                let v = &mut d[i * n + j];
                *v = if same {
                    SAME_SYSTEM_LATENCY_US
                } else if *v == u64::MAX {
                    DEFAULT_LATENCY_US
                } else {
                    *v
                };
            }
        }
        d
    }

    pub fn add_outside_host(
        &mut self,
        name: &str,
        addrs: Vec<IpAddr>,
    ) -> Result<usize, TopologyError> {
        self.check_addresses(&addrs)?;
        self.outside.push(OutsideHost {
            name: name.to_owned(),
            addrs,
        });
        Ok(self.outside.len() - 1)
    }

    /// Which stack or outside host owns an address.
    pub fn locate(&self, addr: IpAddr) -> Option<Endpoint> {
        if let Some(i) = self.stacks.iter().position(|s| s.home.contains(&addr)) {
            return Some(Endpoint::Stack(StackId(i)));
        }
        self.outside
            .iter()
            .position(|h| h.addrs.contains(&addr))
            .map(Endpoint::Outside)
    }

    /// The resolver's answer for a host name: its addresses. The model has no DNS, TCPIP.DATA
    /// or HOSTS.LOCAL, so the host table is the topology's own (`reconstructed`): a system's
    /// name names its first stack's addresses, a stack's procedure name (or `SYSTEM/PROC`) its
    /// own, an outside host's name its addresses. Case does not matter. (A job's own system
    /// name resolves to its own stack's addresses: `api::host`'s resolver for a task.)
    pub fn resolve(&self, name: &str) -> Option<&[IpAddr]> {
        if let Some(sys) = self.system(name)
            && let Some(st) = self.stacks.iter().find(|s| s.system == sys)
        {
            return Some(&st.home);
        }
        if let Some(st) = self.stack(name) {
            return Some(&self.stacks[st.0].home);
        }
        self.outside
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| h.addrs.as_slice())
    }

    /// The host name of an address, the inverse of [`Topology::resolve`]: the system's name
    /// for its first stack, the procedure name for another stack, the outside host's name.
    pub fn host_name(&self, addr: IpAddr) -> Option<&str> {
        match self.locate(addr)? {
            Endpoint::Stack(id) => {
                let st = &self.stacks[id.0];
                let first = self.stacks.iter().position(|s| s.system == st.system);
                Some(if first == Some(id.0) {
                    &self.systems[st.system.0].name
                } else {
                    &st.name
                })
            }
            Endpoint::Outside(h) => Some(&self.outside[h].name),
        }
    }

    /// Whether `to` can be reached from `from`, and whether by links inside the sysplex only.
    /// `None` when there is no path at all.
    pub fn path_internal(&self, from: StackId, to: StackId) -> Option<bool> {
        if from == to || self.stacks[from.0].system == self.stacks[to.0].system {
            return Some(true);
        }
        if self.first_hop(from, to, true).is_some() {
            Some(true)
        } else if self.first_hop(from, to, false).is_some() {
            Some(false)
        } else {
            None
        }
    }

    /// The first stack on the way from `from` to another stack `to` (`to` itself when they
    /// are linked directly, or are on the same system with no link between them), `None`
    /// when `to` cannot be reached: breadth first over the links, as the model routes.
    pub fn next_hop(&self, from: StackId, to: StackId) -> Option<StackId> {
        if from == to {
            return None;
        }
        self.first_hop(from, to, false)
            .or((self.stacks[from.0].system == self.stacks[to.0].system).then_some(to))
    }

    /// Breadth first over the links (the internal ones only, if `internal_only`): the first
    /// stack on the path from `from` to `to`, if there is a path.
    fn first_hop(&self, from: StackId, to: StackId, internal_only: bool) -> Option<StackId> {
        let mut first: Vec<Option<StackId>> = vec![None; self.stacks.len()];
        let mut seen = vec![false; self.stacks.len()];
        let mut queue = VecDeque::from([from]);
        seen[from.0] = true;
        while let Some(s) = queue.pop_front() {
            if s == to {
                return first[s.0];
            }
            for l in &self.links {
                if internal_only && !l.kind.internal() {
                    continue;
                }
                let next = match (l.a == s, l.b == s) {
                    (true, _) => l.b,
                    (_, true) => l.a,
                    _ => continue,
                };
                if !seen[next.0] {
                    seen[next.0] = true;
                    first[next.0] = first[s.0].or(Some(next));
                    queue.push_back(next);
                }
            }
        }
        None
    }

    /// The routing bits of a connection from a socket on `local` to `remote` (`None` when not
    /// connected).
    pub fn classify(&self, local: StackId, remote: Option<IpAddr>) -> ClusterConnType {
        self.classify_by(local, remote, |a, b| self.path_internal(a, b))
    }

    /// [`Topology::classify`] with the paths between stacks from `path` (a caller that keeps
    /// [`Topology::path_internal`]'s answers).
    pub fn classify_by(
        &self,
        local: StackId,
        remote: Option<IpAddr>,
        path: impl Fn(StackId, StackId) -> Option<bool>,
    ) -> ClusterConnType {
        let Some(remote) = remote else {
            return ClusterConnType::empty();
        };
        let in_plex = ClusterConnType::SAME_CLUSTER;
        match self.locate(remote) {
            Some(Endpoint::Stack(other)) => {
                let same_image = self.stacks[other.0].system == self.stacks[local.0].system;
                match (same_image, path(local, other)) {
                    (true, _) => ClusterConnType::SAME_IMAGE | in_plex | ClusterConnType::INTERNAL,
                    (false, Some(true)) => in_plex | ClusterConnType::INTERNAL,
                    (false, _) => in_plex,
                }
            }
            // Loopback addresses are the local stack's own.
            None if remote.is_loopback() => {
                ClusterConnType::SAME_IMAGE | in_plex | ClusterConnType::INTERNAL
            }
            Some(Endpoint::Outside(_)) | None => ClusterConnType::NONE,
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("address")
    }

    /// SYS1 runs TCPCS1 and TCPCS3 (CINET); SYS2 runs TCPCS2 over XCF; SYS3 runs TCPCS4 reachable
    /// only over a LAN; an outside host.
    pub(crate) fn plex() -> Topology {
        let mut t = Topology::new();
        for s in ["SYS1", "SYS2", "SYS3"] {
            t.add_system(s).unwrap();
        }
        t.add_stack("SYS1", "TCPCS1", vec![ip("10.1.1.1"), ip("fd00:1::1")])
            .unwrap();
        t.add_stack("SYS1", "TCPCS3", vec![ip("10.1.1.3"), ip("fd00:1::3")])
            .unwrap();
        t.add_stack("SYS2", "TCPCS2", vec![ip("10.1.2.1"), ip("fd00:2::1")])
            .unwrap();
        t.add_stack("SYS3", "TCPCS4", vec![ip("10.1.3.1"), ip("fd00:3::1")])
            .unwrap();
        t.add_link("TCPCS1", "TCPCS2", LinkKind::Xcf).unwrap();
        t.add_link("TCPCS2", "TCPCS4", LinkKind::Lan).unwrap();
        t.add_outside_host("PCLIENT", vec![ip("192.0.2.10"), ip("2001:db8::10")])
            .unwrap();
        t
    }

    #[test]
    fn the_host_table() {
        let t = plex();
        assert_eq!(t.resolve("sys1").unwrap()[0], ip("10.1.1.1"));
        assert_eq!(t.resolve("TCPCS3").unwrap()[0], ip("10.1.1.3"));
        assert_eq!(t.resolve("SYS1/TCPCS3").unwrap()[1], ip("fd00:1::3"));
        assert_eq!(t.resolve("pclient").unwrap()[0], ip("192.0.2.10"));
        assert_eq!(t.resolve("NOHOST"), None);
        assert_eq!(t.host_name(ip("10.1.1.1")), Some("SYS1"));
        assert_eq!(t.host_name(ip("fd00:1::3")), Some("TCPCS3"));
        assert_eq!(t.host_name(ip("2001:db8::10")), Some("PCLIENT"));
        assert_eq!(t.host_name(ip("10.9.9.9")), None);
    }

    #[test]
    fn every_routing_case_ipv4_and_ipv6() {
        let t = plex();
        let cs1 = t.stack("SYS1/TCPCS1").unwrap();
        let (image, cluster, internal, none) = (
            ClusterConnType::SAME_IMAGE,
            ClusterConnType::SAME_CLUSTER,
            ClusterConnType::INTERNAL,
            ClusterConnType::NONE,
        );
        let table = [
            (None, None, ClusterConnType::empty()),
            (
                Some("10.1.1.1"),
                Some("fd00:1::1"),
                image | cluster | internal,
            ),
            (
                Some("10.1.1.3"),
                Some("fd00:1::3"),
                image | cluster | internal,
            ),
            (Some("10.1.2.1"), Some("fd00:2::1"), cluster | internal),
            (Some("10.1.3.1"), Some("fd00:3::1"), cluster),
            (Some("192.0.2.10"), Some("2001:db8::10"), none),
            (Some("127.0.0.1"), Some("::1"), image | cluster | internal),
        ];
        for (v4, v6, want) in table {
            assert_eq!(t.classify(cs1, v4.map(ip)), want, "{v4:?}");
            assert_eq!(t.classify(cs1, v6.map(ip)), want, "{v6:?}");
        }
        assert_eq!(
            t.classify(cs1, Some(ip("10.1.1.3"))).bits() | 0x80,
            0x8E,
            "the seed's 8E"
        );
    }

    #[test]
    fn errors() {
        let mut t = plex();
        assert_eq!(
            t.add_system("sys1"),
            Err(TopologyError::DuplicateSystem("SYS1".into()))
        );
        assert!(matches!(
            t.add_stack("SYS9", "X", vec![]),
            Err(TopologyError::NoSystem(_))
        ));
        assert!(matches!(
            t.add_stack("SYS2", "TCPCS9", vec![ip("10.1.1.1")]),
            Err(TopologyError::DuplicateAddress(_))
        ));
        assert!(matches!(
            t.add_link("TCPCS1", "NOPE", LinkKind::Xcf),
            Err(TopologyError::NoStack(_))
        ));
        assert_eq!(
            t.path_internal(t.stack("TCPCS1").unwrap(), t.stack("TCPCS4").unwrap()),
            Some(false)
        );
    }
}
