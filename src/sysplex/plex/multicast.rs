//! IP multicast on datagram sockets: the IPPROTO_IP and IPPROTO_IPV6 options (IP_MULTICAST_IF,
//! IP_MULTICAST_TTL, IP_MULTICAST_LOOP, IP_ADD_MEMBERSHIP, IP_DROP_MEMBERSHIP and their IPv6
//! counterparts), and sending to a group: the datagram reaches every socket that joined the
//! group and is bound to the port, on each stack within the TTL's reach (`docs/architecture.md`
//! §1).
//!
//! The rules are BSD's, which z/OS follows (`inferred`): TTL and hop limit 1 and loopback on
//! by default (IP_DEFAULT_MULTICAST_TTL and _LOOP 1, `third-party`, golang/sys
//! `unix/zerrors_zos_s390x.go`); a TTL of n reaches the stacks at most n links away, 0 only
//! the sender's own stack; a socket holds at most IP_MAX_MEMBERSHIPS (20, the same source)
//! groups. The options belong to datagram sockets of their family: on a stream socket they are
//! EOPNOTSUPP, on the other family ENOPROTOOPT (`reconstructed`). An interface a membership or
//! IP_MULTICAST_IF names must be one of the stack's own, EADDRNOTAVAIL (`confirmed` errno for
//! the multicast APIs, the TCPERRNO table); a group that is not a multicast address is EINVAL,
//! one joined twice EADDRINUSE, one left that was not joined EADDRNOTAVAIL (`reconstructed`).
//! IPv6 interfaces are numbered from 1 in the stack's home-list order (`reconstructed`).

use super::*;

/// IP_MAX_MEMBERSHIPS (`third-party`, golang/sys).
pub const MAX_MEMBERSHIPS: usize = 20;

/// A group a socket joined, on an interface (0: any; else its number in the home list).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Membership {
    pub group: IpAddr,
    pub iface: u32,
}

/// The multicast settings of a socket.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct McastOpts {
    /// IP_MULTICAST_IF: the interface's address (unspecified: the stack chooses).
    pub if4: Ipv4Addr,
    pub ttl: u8,
    pub loop4: bool,
    /// IPV6_MULTICAST_IF: the interface's number (0: the stack chooses).
    pub if6: u32,
    pub hops: u8,
    pub loop6: bool,
}

impl Default for McastOpts {
    fn default() -> McastOpts {
        McastOpts {
            if4: Ipv4Addr::UNSPECIFIED,
            ttl: 1,
            loop4: true,
            if6: 0,
            hops: 1,
            loop6: true,
        }
    }
}

impl SockOpt {
    /// The family a multicast option belongs to; None for the others.
    fn multicast_family(self) -> Option<Family> {
        use SockOpt::*;
        match self {
            MulticastIf | MulticastTtl | MulticastLoop | AddMembership | DropMembership => {
                Some(Family::Inet)
            }
            V6MulticastIf | V6MulticastHops | V6MulticastLoop | V6JoinGroup | V6LeaveGroup => {
                Some(Family::Inet6)
            }
            _ => None,
        }
    }
}

impl Sysplex {
    /// The interface number of an address on a node (1 up, home-list order), if it is one.
    fn iface_of(&self, node: Node, addr: IpAddr) -> Option<u32> {
        self.node_addrs(node)
            .iter()
            .position(|a| *a == addr)
            .map(|i| i as u32 + 1)
    }

    /// The address of interface number `n` (1 up) on a node.
    fn iface_addr(&self, node: Node, n: u32) -> Option<IpAddr> {
        let i = usize::try_from(n).ok()?.checked_sub(1)?;
        self.node_addrs(node).get(i).copied()
    }

    /// The source address IP_MULTICAST_IF or IPV6_MULTICAST_IF chose for a datagram to
    /// `group`, if one is set.
    pub(super) fn multicast_source(
        &self,
        node: Node,
        m: McastOpts,
        group: IpAddr,
    ) -> Option<IpAddr> {
        match group {
            IpAddr::V4(_) if !m.if4.is_unspecified() => Some(IpAddr::V4(m.if4)),
            IpAddr::V6(_) => self.iface_addr(node, m.if6),
            IpAddr::V4(_) => None,
        }
    }

    /// Checks that `opt` may be used on the socket: Some(its node) when it is a multicast
    /// option, None when it is not one.
    fn multicast_socket(&self, task: TaskId, fd: u32, opt: SockOpt) -> R<Option<Node>> {
        let Some(family) = opt.multicast_family() else {
            return Ok(None);
        };
        let (_, s) = self.sock(task, fd)?;
        if s.ty != SockType::Datagram {
            return Err(SysplexError::NotSupported(format!(
                "{opt:?} on a socket that is not a datagram socket"
            )));
        }
        if s.cold.family != family {
            return Err(SysplexError::NoSuchOption(format!(
                "{opt:?} on a socket of the other address family"
            )));
        }
        Ok(Some(s.node().unwrap_or(self.home_node(task))))
    }

    /// GETSOCKOPT of a multicast option, if `opt` is one.
    pub(super) fn get_multicast(
        &mut self,
        task: TaskId,
        fd: u32,
        opt: SockOpt,
    ) -> R<Option<OptValue>> {
        if self.multicast_socket(task, fd, opt)?.is_none() {
            return Ok(None);
        }
        let (_, s) = self.sock(task, fd)?;
        let m = s.cold.mcast;
        Ok(Some(match opt {
            SockOpt::MulticastIf => OptValue::Addr(IpAddr::V4(m.if4)),
            SockOpt::MulticastTtl => OptValue::Int(u32::from(m.ttl)),
            SockOpt::MulticastLoop => OptValue::Bool(m.loop4),
            SockOpt::V6MulticastIf => OptValue::Int(m.if6),
            SockOpt::V6MulticastHops => OptValue::Int(u32::from(m.hops)),
            SockOpt::V6MulticastLoop => OptValue::Bool(m.loop6),
            _ => {
                return Err(SysplexError::NoSuchOption(format!(
                    "{opt:?} can be set, not read"
                )));
            }
        }))
    }

    /// SETSOCKOPT of a multicast option: Ok(false) when `opt` is not one.
    pub(super) fn set_multicast(
        &mut self,
        task: TaskId,
        fd: u32,
        opt: SockOpt,
        v: &OptValue,
    ) -> R<bool> {
        let Some(node) = self.multicast_socket(task, fd, opt)? else {
            return Ok(false);
        };
        let bad = || SysplexError::Invalid(format!("{v:?} is not a value for {opt:?}"));
        let not_here = |a: &dyn std::fmt::Display| {
            SysplexError::AddressNotAvailable(format!("{a} (not an interface of this stack)"))
        };
        // The interface a membership or IP_MULTICAST_IF names, as its number (0: any).
        let iface = match (opt, v) {
            (SockOpt::MulticastIf, OptValue::Addr(a))
            | (SockOpt::AddMembership | SockOpt::DropMembership, OptValue::Group(_, a)) => {
                if a.is_unspecified() {
                    0
                } else {
                    self.iface_of(node, *a).ok_or_else(|| not_here(a))?
                }
            }
            (SockOpt::V6MulticastIf, OptValue::Int(n))
            | (SockOpt::V6JoinGroup | SockOpt::V6LeaveGroup, OptValue::Group6(_, n)) => {
                if *n != 0 && self.iface_addr(node, *n).is_none() {
                    return Err(not_here(&format!("interface {n}")));
                }
                *n
            }
            _ => 0,
        };
        let (_, s) = self.sock_mut(task, fd)?;
        let m = &mut s.cold.mcast;
        match (opt, v) {
            (SockOpt::MulticastIf, OptValue::Addr(IpAddr::V4(a))) => m.if4 = *a,
            (SockOpt::MulticastTtl, OptValue::Int(n)) => {
                m.ttl = u8::try_from(*n).map_err(|_| bad())?
            }
            (SockOpt::MulticastLoop, OptValue::Bool(b)) => m.loop4 = *b,
            (SockOpt::V6MulticastIf, OptValue::Int(_)) => m.if6 = iface,
            (SockOpt::V6MulticastHops, OptValue::Int(n)) => {
                m.hops = u8::try_from(*n).map_err(|_| bad())?;
            }
            (SockOpt::V6MulticastLoop, OptValue::Bool(b)) => m.loop6 = *b,
            (SockOpt::AddMembership | SockOpt::V6JoinGroup, OptValue::Group(g, _))
            | (SockOpt::AddMembership | SockOpt::V6JoinGroup, OptValue::Group6(g, _)) => {
                let group = *g;
                if !group.is_multicast() {
                    return Err(SysplexError::Invalid(format!(
                        "{group} is not a multicast address"
                    )));
                }
                let want = Membership { group, iface };
                let groups = &mut s.cold.groups;
                if groups.contains(&want) {
                    return Err(SysplexError::AddressInUse(format!(
                        "group {group} (already joined on this interface)"
                    )));
                }
                if groups.len() >= MAX_MEMBERSHIPS {
                    return Err(SysplexError::NoBuffers(format!(
                        "the socket already holds IP_MAX_MEMBERSHIPS ({MAX_MEMBERSHIPS}) groups"
                    )));
                }
                groups.push(want);
            }
            (SockOpt::DropMembership | SockOpt::V6LeaveGroup, OptValue::Group(g, _))
            | (SockOpt::DropMembership | SockOpt::V6LeaveGroup, OptValue::Group6(g, _)) => {
                let want = Membership { group: *g, iface };
                let groups = &mut s.cold.groups;
                let at = groups.iter().position(|m| *m == want).ok_or_else(|| {
                    SysplexError::AddressNotAvailable(format!("group {g} (not joined)"))
                })?;
                groups.remove(at);
            }
            _ => return Err(bad()),
        }
        Ok(true)
    }

    /// How many links apart two stacks are (0: the same stack), if a path joins them.
    fn hops(&self, from: StackId, to: StackId) -> Option<u32> {
        let (mut at, mut n) = (from, 0);
        while at != to {
            at = self.topo.next_hop(at, to)?;
            n += 1;
            if n as usize > self.topo.stacks.len() {
                return None;
            }
        }
        Some(n)
    }

    /// SENDTO a multicast group: a copy for every stack within the TTL (the sender's own only
    /// with loopback on), each delivered to the sockets there that joined the group.
    pub(super) fn send_multicast(
        &mut self,
        from_node: Node,
        from: SocketAddr,
        to: SocketAddr,
        m: McastOpts,
        data: &[u8],
    ) {
        let (ttl, looped) = if to.is_ipv4() {
            (m.ttl, m.loop4)
        } else {
            (m.hops, m.loop6)
        };
        let Node::Stack(me) = from_node else {
            return;
        };
        for i in 0..self.topo.stacks.len() {
            let to_stack = StackId(i);
            let reach = match self.hops(me, to_stack) {
                Some(0) => looped,
                Some(n) => n <= u32::from(ttl),
                None => false,
            };
            if reach {
                let node = Node::Stack(to_stack);
                let delay = self.latency(from_node, node);
                self.schedule(
                    delay,
                    NetEvent::Datagram {
                        node,
                        from,
                        to,
                        bytes: data.to_vec(),
                    },
                );
            }
        }
    }

    /// The sockets on `node` a datagram to group `to` reaches: datagram sockets bound to its
    /// port (to any address or the group) that joined the group on any interface or one of
    /// the node's.
    pub(super) fn group_receivers(&self, node: Node, to: SocketAddr) -> Vec<SockId> {
        let Some(holders) = self.ports.get(&(node, to.port())) else {
            return Vec::new();
        };
        holders
            .iter()
            .copied()
            .filter(|h| {
                self.datagram_for(*h, to)
                    && self
                        .socks
                        .get(*h)
                        .is_some_and(|s| s.cold.groups.iter().any(|g| g.group == to.ip()))
            })
            .collect()
    }

    /// Whether a datagram to `to` is for socket `h`, one holding its port: a datagram socket
    /// bound to any address or to `to`'s.
    pub(super) fn datagram_for(&self, h: SockId, to: SocketAddr) -> bool {
        self.socks.get(h).is_some_and(|s| {
            s.ty == SockType::Datagram
                && s.cold
                    .local
                    .map(canonical)
                    .is_some_and(|l| l.ip().is_unspecified() || l.ip() == to.ip())
        })
    }
}
