//! What arrives over the network: SYN, SYN-ACK, reset, data, FIN and datagrams, each at its
//! time on the virtual clock.

use super::*;

impl Sysplex {
    fn find_listener(&self, node: Node, to: SocketAddr) -> Option<SockId> {
        let holders = self.ports.get(&(node, to.port()))?;
        let mut best = None;
        for h in holders {
            let Some(s) = self.socks.get(*h) else {
                continue;
            };
            if !matches!(s.state, SockState::Listening { .. }) {
                continue;
            }
            let Some(l) = s.cold.local.map(canonical) else {
                continue;
            };
            let family_ok = match (s.cold.family, to) {
                (Family::Inet, SocketAddr::V4(_)) | (Family::Inet6, _) => true,
                (Family::Inet, SocketAddr::V6(_)) => false,
            };
            if !family_ok {
                continue;
            }
            if l.ip() == to.ip() || (to.ip().is_loopback() && l.ip().is_loopback()) {
                return Some(*h);
            }
            if l.ip().is_unspecified() {
                best = best.or(Some(*h));
            }
        }
        best
    }

    pub(super) fn on_net(&mut self, ev: NetEvent) {
        match ev {
            NetEvent::Syn {
                client,
                from,
                to,
                node,
            } => self.on_syn(client, from, to, node),
            NetEvent::SynAck { client, server } => self.on_synack(client, server),
            NetEvent::Refused { client, to } => {
                if let Some(c) = self.socks.get_mut(client) {
                    c.state = SockState::Failed;
                    c.cold.error = Some(SysplexError::ConnectionRefused(show(to)));
                    if let Some(t) = std::mem::take(&mut c.tcb).get().map(|t| t as usize) {
                        self.tcbs[t].state = TcpState::Closed;
                        self.retire_tcb(t);
                    }
                }
            }
            NetEvent::Data { to, bytes } => {
                let now = self.now;
                if let Some(s) = self.socks.get_mut(to) {
                    s.cold.incoming = s.cold.incoming.saturating_sub(bytes.len() as u32);
                    if let Some(t) = s.tcb() {
                        let t = &mut self.tcbs[t];
                        t.bytes_in += bytes.len() as u64;
                        t.segs_in += 1;
                        t.last_activity = now;
                    }
                    if !s.shut_rd {
                        s.cold.rx.extend(bytes);
                    }
                }
            }
            NetEvent::Fin { to } => {
                if let Some(s) = self.socks.get_mut(to) {
                    s.eof = true;
                    if let Some(t) = s.tcb()
                        && self.tcbs[t].state == TcpState::Establsh
                    {
                        self.tcbs[t].state = TcpState::ClosWait;
                    }
                }
            }
            NetEvent::Raw {
                node,
                from,
                to,
                proto,
                bytes,
            } => {
                for r in self.raw_receivers(node, proto, to) {
                    if let Some(s) = self.socks.get_mut(r) {
                        s.cold.datagrams.push_back((from, bytes.clone()));
                    }
                }
            }
            NetEvent::Datagram {
                node,
                from,
                to,
                bytes,
            } => {
                if to.ip().is_multicast() {
                    for r in self.group_receivers(node, to) {
                        if let Some(s) = self.socks.get_mut(r) {
                            s.cold.datagrams.push_back((from, bytes.clone()));
                        }
                    }
                    return;
                }
                let target = self
                    .ports
                    .get(&(node, to.port()))
                    .and_then(|hs| hs.iter().copied().find(|h| self.datagram_for(*h, to)));
                // No receiver: the datagram is dropped, as UDP does.
                if let Some(s) = target.and_then(|t| self.socks.get_mut(t)) {
                    s.cold.datagrams.push_back((from, bytes));
                }
            }
        }
    }

    fn on_syn(&mut self, client: SockId, from: SocketAddr, to: SocketAddr, node: Node) {
        let Some(client_node) = self.socks.get(client).and_then(|c| c.node()) else {
            return;
        };
        let delay = self.latency(node, client_node);
        let listener = self.find_listener(node, to).filter(|l| {
            self.socks.get(*l).is_some_and(|s| match &s.state {
                SockState::Listening { backlog } => s.cold.queue.len() < *backlog as usize,
                _ => false,
            })
        });
        // Nobody listening, or the backlog full: the SYN is answered with a reset
        // (`reconstructed` for the full backlog; a real stack may drop the SYN instead).
        let Some(lid) = listener else {
            self.schedule(delay, NetEvent::Refused { client, to });
            return;
        };
        let Some(l) = self.socks.get(lid) else { return };
        let mut child = Socket::new(l.cold.owner, l.cold.family, SockType::Stream);
        child.set_node(node);
        child.cold.local = Some(as_family(to, l.cold.family));
        child.cold.remote = Some(as_family(from, l.cold.family));
        child.state = SockState::Connected;
        child.cold.peer = Some(client);
        child.cold.set_pi = l.cold.set_pi;
        child.cold.opts = l.cold.opts;
        child.routing = self.routing(node, from.ip());
        child.partner_system = Opt32::new(self.node_system(client_node).map(|s| s.0 as u32));
        let child = self.socks.insert(child);
        if let Some(l) = self.socks.get_mut(lid) {
            l.cold.queue.push_back(child);
        }
        let server_tcb = self.new_tcb(child, TcpState::Establsh, false);
        let client_tcb = self.socks.get(client).and_then(|c| c.tcb());
        if let (Some(a), Some(b)) = (server_tcb, client_tcb) {
            self.tcbs[a].peer_tcb = Some(b);
            self.tcbs[b].peer_tcb = Some(a);
        }
        self.schedule(
            delay,
            NetEvent::SynAck {
                client,
                server: child,
            },
        );
    }

    fn routing(&self, node: Node, remote: IpAddr) -> ClusterConnType {
        match node {
            Node::Stack(s) => self
                .topo
                .classify_by(s, Some(remote), |a, b| self.path_internal(a, b)),
            Node::Host(_) => ClusterConnType::NONE,
        }
    }

    fn on_synack(&mut self, client: SockId, server: SockId) {
        let server_node = self.socks.get(server).and_then(|s| s.node());
        let Some(c) = self.socks.get(client) else {
            // The client went away meanwhile: the server side sees the connection closed.
            if let Some(s) = self.socks.get_mut(server) {
                s.eof = true;
            }
            return;
        };
        if !matches!(c.state, SockState::Connecting) {
            return;
        }
        let node = c.node();
        let remote = c.cold.remote.map(canonical);
        let routing = match (node, remote) {
            (Some(n), Some(r)) => self.routing(n, r.ip()),
            _ => ClusterConnType::empty(),
        };
        let partner_system = server_node.and_then(|n| self.node_system(n));
        let set_pi = c.cold.set_pi;
        let tcb = c.tcb();
        if let Some(c) = self.socks.get_mut(client) {
            c.state = SockState::Connected;
            c.cold.peer = Some(server);
            c.routing = routing;
            c.partner_system = Opt32::new(partner_system.map(|s| s.0 as u32));
        }
        if let Some(t) = tcb {
            self.tcbs[t].state = TcpState::Establsh;
            self.tcbs[t].start = self.now;
        }
        self.same_stack_credentials(client, server);
        // The seed: with SIOCSPARTNERINFO before connect, the client stack asks once the
        // connect is complete.
        if let Some(r) = set_pi {
            self.start_fetch(client, r);
        }
    }
}
