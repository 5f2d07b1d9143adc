//! Raw IP sockets (SOCK_RAW): datagrams of one IP protocol, for a z/OS UNIX superuser only.
//!
//! IBM's rule (`confirmed`, APIREF `rexx_socket_r.htm`): the user must have UID 0 or READ
//! access to the BPX.SUPERUSER profile (FACILITY class); anyone else is refused EACCES
//! (`inferred`: socket()'s errno for a type the caller may not create). A raw socket carries
//! one protocol, not TCP or UDP (`confirmed` for the Raw IP interface, APIREF `rawip.htm`;
//! another protocol number, 0 included, is EPROTONOSUPPORT, `reconstructed`). The model
//! carries the payload only, without an IP header, in both directions, and a raw socket can
//! be bound to an address but not connected (`reconstructed`): each datagram goes to every raw
//! socket of its protocol and family on the destination stack that is unbound or bound to the
//! destination address.

use super::*;
use crate::racf::{Access, Decision};

/// The protocols a raw socket may not carry.
const NOT_RAW: [u8; 2] = [6, 17];

impl Sysplex {
    /// Whether a task's user is a z/OS UNIX superuser: UID 0, or READ to FACILITY
    /// BPX.SUPERUSER on its system.
    fn superuser(&self, task: TaskId) -> bool {
        let job = self.job(task);
        let system = match job.place {
            Place::Stack { system, .. } | Place::Cinet { system } => system,
            Place::Outside(_) => return false,
        };
        let Some(user) = job.task_user.as_ref().or(job.user.as_ref()) else {
            return false;
        };
        let racf = &self.racf[system.0];
        racf.user(user).is_some_and(|u| u.uid == Some(0))
            || racf.check(user, "FACILITY", "BPX.SUPERUSER", Access::Read) == Decision::Allowed
    }

    /// Refuses a raw socket the task may not have.
    pub(super) fn may_open(&self, task: TaskId, ty: SockType) -> R<()> {
        let SockType::Raw(proto) = ty else {
            return Ok(());
        };
        if proto == 0 || NOT_RAW.contains(&proto) {
            return Err(SysplexError::ProtocolNotSupported(proto));
        }
        if !self.superuser(task) {
            return Err(SysplexError::NotAuthorized {
                profile: "BPX.SUPERUSER".into(),
            });
        }
        Ok(())
    }

    /// SENDTO on a raw socket: the payload to the stack that owns `to`.
    pub(super) fn send_raw(
        &mut self,
        task: TaskId,
        fd: u32,
        data: &[u8],
        to: SocketAddr,
    ) -> R<usize> {
        let home = self.home_node(task);
        let (_, s) = self.sock(task, fd)?;
        let SockType::Raw(proto) = s.ty else {
            return Err(SysplexError::Invalid("not a raw socket".into()));
        };
        let node = s.node().unwrap_or(home);
        let local = s.cold.local;
        let target = canonical(to);
        let dest = self.locate(target, node)?;
        let from = match local.map(canonical) {
            Some(l) if !l.ip().is_unspecified() => l.ip(),
            _ => self
                .node_addrs(node)
                .iter()
                .copied()
                .find(|a| a.is_ipv4() == target.is_ipv4())
                .ok_or_else(|| {
                    SysplexError::AddressNotAvailable(format!(
                        "no source address for {}",
                        target.ip()
                    ))
                })?,
        };
        let delay = self.latency(node, dest);
        self.schedule(
            delay,
            NetEvent::Raw {
                node: dest,
                from: SocketAddr::new(from, 0),
                to: SocketAddr::new(target.ip(), 0),
                proto,
                bytes: data.to_vec(),
            },
        );
        Ok(data.len())
    }

    /// A raw datagram's receivers on `node`.
    pub(super) fn raw_receivers(&self, node: Node, proto: u8, to: SocketAddr) -> Vec<SockId> {
        self.socks
            .ids()
            .into_iter()
            .filter(|id| {
                self.socks.get(*id).is_some_and(|s| {
                    s.ty == SockType::Raw(proto)
                        && family_of(&to) == s.cold.family
                        && match s.node() {
                            Some(n) => n == node,
                            None => self.home_nodes(s.cold.owner).contains(&node),
                        }
                        && s.cold
                            .local
                            .map(canonical)
                            .is_none_or(|l| l.ip().is_unspecified() || l.ip() == to.ip())
                })
            })
            .collect()
    }
}
