//! The socket calls: SOCKET, BIND, LISTEN, CONNECT, ACCEPT, SEND/RECV and their datagram
//! forms, SHUTDOWN, CLOSE, GIVESOCKET and TAKESOCKET, the names, FIONBIO, FIONREAD, readiness
//! for SELECT, and the socket options.

use super::*;

impl Sysplex {
    pub fn socket(&mut self, task: TaskId, family: Family, ty: SockType) -> R<u32> {
        self.settle();
        let homes = self.home_nodes(task);
        if let Some(down) = homes
            .iter()
            .map(|n| match n {
                Node::Stack(st) if !self.stack_active(*st) => Some(*st),
                _ => None,
            })
            .collect::<Option<Vec<_>>>()
            .and_then(|v| v.first().copied())
        {
            return Err(SysplexError::StackDown(
                self.topo.stacks[down.0].name.clone(),
            ));
        }
        self.may_open(task, ty)?;
        let id = self.socks.insert(Socket::new(task, family, ty));
        self.give_fd(task, id).inspect_err(|_| {
            self.socks.remove(id);
        })
    }

    fn port_free(&self, node: Node, addr: SocketAddr, reuse: bool) -> bool {
        let Some(holders) = self.ports.get(&(node, addr.port())) else {
            return true;
        };
        holders.iter().all(|h| {
            let Some(s) = self.socks.get(*h) else {
                return true;
            };
            let other = s.cold.local.map(|a| a.ip());
            let overlap = other
                .is_none_or(|o| o.is_unspecified() || addr.ip().is_unspecified() || o == addr.ip());
            let differ_in_type = s.ty
                != match holders.first().and_then(|f| self.socks.get(*f)) {
                    Some(f) => f.ty,
                    None => s.ty,
                };
            !overlap || (reuse && s.cold.opts.reuseaddr) || differ_in_type
        })
    }

    fn ephemeral(&mut self, node: Node, addr: IpAddr) -> R<u16> {
        let start = *self.next_port.get(&node).unwrap_or(&EPHEMERAL_FIRST);
        let mut p = start;
        loop {
            if self.port_free(node, SocketAddr::new(addr, p), false) {
                self.next_port.insert(
                    node,
                    if p == u16::MAX {
                        EPHEMERAL_FIRST
                    } else {
                        p + 1
                    },
                );
                return Ok(p);
            }
            p = if p == u16::MAX {
                EPHEMERAL_FIRST
            } else {
                p + 1
            };
            if p == start {
                return Err(SysplexError::AddressInUse("every ephemeral port".into()));
            }
        }
    }

    fn hold_port(&mut self, id: SockId, node: Node, port: u16) {
        self.ports.entry((node, port)).or_default().push(id);
        if let Some(s) = self.socks.get_mut(id) {
            s.cold.ports.push((node, port));
        }
    }

    pub fn bind(&mut self, task: TaskId, fd: u32, addr: SocketAddr) -> R<()> {
        self.settle();
        let homes = self.home_nodes(task);
        let (id, s) = self.sock(task, fd)?;
        if family_of(&addr) != s.cold.family {
            return Err(SysplexError::FamilyMismatch);
        }
        if !matches!(s.state, SockState::Fresh) {
            return Err(SysplexError::Invalid("the socket is already bound".into()));
        }
        let reuse = s.cold.opts.reuseaddr;
        let raw = matches!(s.ty, SockType::Raw(_));
        let ip = canonical(addr).ip();
        // A specific address picks its stack; INADDR_ANY (or loopback) takes every stack the
        // job can use: one, or all of a CINET image.
        let nodes: Vec<Node> = if ip.is_unspecified() || ip.is_loopback() {
            homes
        } else {
            match homes.iter().find(|n| self.node_addrs(**n).contains(&ip)) {
                Some(n) => vec![*n],
                None => return Err(SysplexError::AddressNotAvailable(ip.to_string())),
            }
        };
        let home = nodes[0];
        let mut addr = addr;
        // A raw socket has no port: the address alone.
        if raw {
            let s = self
                .socks
                .get_mut(id)
                .ok_or(SysplexError::BadDescriptor(fd))?;
            s.cold.local = Some(SocketAddr::new(addr.ip(), 0));
            s.set_node(home);
            s.state = SockState::Bound;
            return Ok(());
        }
        if addr.port() == 0 {
            addr.set_port(self.ephemeral(home, addr.ip())?);
        }
        if nodes.iter().any(|n| !self.port_free(*n, addr, reuse)) {
            return Err(SysplexError::AddressInUse(show(addr)));
        }
        for n in nodes {
            self.hold_port(id, n, addr.port());
        }
        let s = self
            .socks
            .get_mut(id)
            .ok_or(SysplexError::BadDescriptor(fd))?;
        s.cold.local = Some(addr);
        s.set_node(home);
        s.state = SockState::Bound;
        Ok(())
    }

    pub(super) fn new_tcb(
        &mut self,
        id: SockId,
        state: TcpState,
        active_open: bool,
    ) -> Option<usize> {
        let s = self.socks.get(id)?;
        let node = s.node()?;
        let local = s.cold.local?;
        let remote = s
            .cold
            .remote
            .unwrap_or_else(|| SocketAddr::new(unspecified(s.cold.family), 0));
        let space = &self.spaces[self.tasks[s.cold.owner.0 as usize].space.0 as usize];
        // Client Ids count up per stack from X'21' (`reconstructed`).
        let n = self.next_conn_id.entry(node).or_insert(0x20);
        *n += 1;
        let mut trusted = TrustedPartner::empty();
        trusted.set(TrustedPartner::SET_ISSUED, s.cold.set_pi.is_some());
        let tcb = Tcb {
            node,
            client: space.ident.name.clone(),
            asid: space.asid,
            conn_id: *n,
            local,
            remote,
            state,
            active_open,
            start: self.now,
            last_activity: self.now,
            bytes_in: 0,
            bytes_out: 0,
            segs_in: 0,
            segs_out: 0,
            rcvbuf: s.cold.opts.rcvbuf,
            sndbuf: s.cold.opts.sndbuf,
            in_buffered: 0,
            out_buffered: 0,
            cluster: ClusterConnFlag::empty(),
            trusted,
            peer_tcb: None,
            freed: false,
        };
        if let Some(s) = self.socks.get_mut(id) {
            s.noted = (ClusterConnFlag::empty(), trusted);
        }
        let t = match self.free_tcbs.pop() {
            Some(t) => {
                self.tcbs[t] = tcb;
                t
            }
            None => {
                self.tcbs.push(tcb);
                self.tcbs.len() - 1
            }
        };
        if let Some(s) = self.socks.get_mut(id) {
            s.set_tcb(Some(t));
        }
        Some(t)
    }

    pub fn listen(&mut self, task: TaskId, fd: u32, backlog: u32) -> R<()> {
        self.settle();
        let (id, s) = self.sock(task, fd)?;
        if s.ty != SockType::Stream {
            return Err(SysplexError::NotSupported(
                "listen on a datagram socket".into(),
            ));
        }
        match s.state {
            SockState::Fresh => {
                let any = SocketAddr::new(unspecified(s.cold.family), 0);
                self.bind(task, fd, any)?;
            }
            SockState::Bound => {}
            SockState::Listening { .. } => {
                if let Some(s) = self.socks.get_mut(id)
                    && let SockState::Listening { backlog: b, .. } = &mut s.state
                {
                    *b = backlog.max(1);
                }
                return Ok(());
            }
            _ => return Err(SysplexError::Invalid("the socket is connected".into())),
        }
        if let Some(s) = self.socks.get_mut(id) {
            s.state = SockState::Listening {
                backlog: backlog.max(1),
            };
        }
        self.new_tcb(id, TcpState::Listen, false);
        Ok(())
    }

    /// Starts a connect. TCP: the SYN is on its way and the answer is
    /// [`SysplexError::ConnectInProgress`]; [`Sysplex::connect_result`] says how it ended.
    /// Datagram: sets the default destination at once.
    pub fn connect(&mut self, task: TaskId, fd: u32, to: SocketAddr) -> R<()> {
        self.settle();
        let homes = self.home_nodes(task);
        let (id, s) = self.sock(task, fd)?;
        if family_of(&to) != s.cold.family {
            return Err(SysplexError::FamilyMismatch);
        }
        if let SockType::Raw(_) = s.ty {
            return Err(SysplexError::NotSupported(
                "CONNECT on a raw socket (the model sends with SENDTO)".into(),
            ));
        }
        let bound = s.node();
        match (&s.state, s.ty) {
            (SockState::Connected, SockType::Stream) => {
                return Err(SysplexError::AlreadyConnected);
            }
            (SockState::Connecting, _) => return Err(SysplexError::ConnectPending),
            (SockState::Listening { .. }, _) => {
                return Err(SysplexError::Invalid("the socket is listening".into()));
            }
            _ => {}
        }
        let target = canonical(to);
        let dest = self.locate(target, bound.unwrap_or(homes[0]))?;
        // A stopped stack's home addresses leave the routes (`inferred`).
        if let Node::Stack(st) = dest
            && !self.stack_active(st)
        {
            return Err(SysplexError::NetworkUnreachable(target.ip().to_string()));
        }
        // The connection leaves by the bound stack; in CINET by the destination itself when it
        // is a stack of this image, else by the first stack that reaches it.
        let reaches = |h: &Node| match (*h, dest) {
            (Node::Stack(a), Node::Stack(b)) => self.reaches(a, b),
            _ => true,
        };
        let home = bound.unwrap_or_else(|| {
            if homes.contains(&dest) {
                dest
            } else {
                homes.iter().copied().find(reaches).unwrap_or(homes[0])
            }
        });
        if let (Node::Stack(a), Node::Stack(b)) = (home, dest)
            && !self.reaches(a, b)
        {
            return Err(SysplexError::NetworkUnreachable(target.ip().to_string()));
        }
        if s.cold.local.is_none() || s.cold.local.is_some_and(|l| l.ip().is_unspecified()) {
            let port = s.cold.local.map_or(0, |l| l.port());
            let src = if target.ip().is_loopback() {
                Some(target.ip())
            } else {
                self.node_addrs(home)
                    .iter()
                    .copied()
                    .find(|a| family_of(&SocketAddr::new(*a, 0)) == family_of(&target))
            };
            let Some(src) = src else {
                return Err(SysplexError::AddressNotAvailable(format!(
                    "no {} home address on {}",
                    if target.is_ipv4() { "IPv4" } else { "IPv6" },
                    self.node_name(home)
                )));
            };
            let port = if port == 0 {
                let p = self.ephemeral(home, src)?;
                self.hold_port(id, home, p);
                p
            } else {
                port
            };
            let s = self
                .socks
                .get_mut(id)
                .ok_or(SysplexError::BadDescriptor(fd))?;
            s.cold.local = Some(as_family(SocketAddr::new(src, port), s.cold.family));
            s.set_node(home);
        }
        let s = self
            .socks
            .get_mut(id)
            .ok_or(SysplexError::BadDescriptor(fd))?;
        s.cold.remote = Some(to);
        s.cold.error = None;
        let from = canonical(s.cold.local.unwrap_or(to));
        if s.ty == SockType::Datagram {
            s.state = SockState::Connected;
            return Ok(());
        }
        s.state = SockState::Connecting;
        self.new_tcb(id, TcpState::SynSent, true);
        let delay = self.latency(home, dest);
        self.schedule(
            delay,
            NetEvent::Syn {
                client: id,
                from,
                to: target,
                node: dest,
            },
        );
        Err(SysplexError::ConnectInProgress)
    }

    /// How a connect ended: `None` while it is under way.
    pub fn connect_result(&mut self, task: TaskId, fd: u32) -> R<Option<R<()>>> {
        self.settle();
        let (_, s) = self.sock_mut(task, fd)?;
        Ok(match s.state {
            SockState::Connecting => None,
            SockState::Connected => Some(Ok(())),
            SockState::Failed => {
                s.state = if s.cold.ports.is_empty() {
                    SockState::Fresh
                } else {
                    SockState::Bound
                };
                Some(Err(s.cold.error.take().unwrap_or(
                    SysplexError::ConnectionRefused(ip_of(&s.cold.remote)),
                )))
            }
            _ => Some(Err(SysplexError::NotConnected)),
        })
    }

    /// Whether a connect has ended (so [`Sysplex::connect_result`] has the answer).
    pub fn connect_done(&self, task: TaskId, fd: u32) -> bool {
        // A descriptor that went bad counts as done, so the caller sees EBADF.
        self.sock(task, fd)
            .map_or(true, |(_, s)| !matches!(s.state, SockState::Connecting))
    }

    /// Takes the next connection from a listener's queue: its descriptor and the partner's
    /// address.
    pub fn accept(&mut self, task: TaskId, fd: u32) -> R<(u32, SocketAddr)> {
        self.settle();
        let (lid, s) = self.sock(task, fd)?;
        if s.ty != SockType::Stream {
            return Err(SysplexError::NotSupported(
                "accept on a datagram socket".into(),
            ));
        }
        if !matches!(s.state, SockState::Listening { .. }) {
            return Err(SysplexError::Invalid("the socket is not listening".into()));
        }
        let child = loop {
            let next = self
                .socks
                .get_mut(lid)
                .and_then(|l| l.cold.queue.pop_front());
            match next {
                None => return Err(SysplexError::WouldBlock),
                Some(c) if self.socks.get(c).is_some() => break c,
                Some(_) => continue,
            }
        };
        let new_fd = self.give_fd(task, child)?;
        let (remote, set_pi, tcb) = {
            let c = self
                .socks
                .get(child)
                .ok_or(SysplexError::BadDescriptor(new_fd))?;
            (c.cold.remote, c.cold.set_pi, c.tcb())
        };
        if let Some(t) = tcb {
            let space = &self.spaces[self.tasks[task.0 as usize].space.0 as usize];
            self.tcbs[t].client = space.ident.name.clone();
            self.tcbs[t].asid = space.asid;
        }
        if let Some(peer) = self.socks.get(child).and_then(|c| c.cold.peer) {
            self.same_stack_credentials(child, peer);
        }
        // The seed: with SIOCSPARTNERINFO on the listener, the server stack asks for the
        // credentials once the accept is complete.
        if let Some(r) = set_pi {
            self.start_fetch(child, r);
        }
        let remote = remote.ok_or(SysplexError::NotConnected)?;
        Ok((new_fd, remote))
    }

    fn room(&self, peer: &Socket) -> u32 {
        let used = peer.cold.rx.len() as u32 + peer.cold.incoming;
        peer.cold.opts.rcvbuf.saturating_sub(used)
    }

    /// Sends bytes: how many the partner's window took.
    pub fn send(&mut self, task: TaskId, fd: u32, data: &[u8]) -> R<usize> {
        self.settle();
        let (_, s) = self.sock(task, fd)?;
        if s.ty.is_message() {
            let to = s.cold.remote.ok_or(SysplexError::NotConnected)?;
            return self.sendto(task, fd, data, to);
        }
        match s.state {
            SockState::Connected => {}
            SockState::Connecting => return Err(SysplexError::WouldBlock),
            _ => return Err(SysplexError::NotConnected),
        }
        if s.shut_wr {
            return Err(SysplexError::BrokenPipe);
        }
        let (node, tcb) = (s.node(), s.tcb());
        let Some(peer_id) = s.cold.peer else {
            return Err(SysplexError::BrokenPipe);
        };
        let Some(peer) = self.socks.get(peer_id) else {
            return Err(SysplexError::BrokenPipe);
        };
        if peer.shut_rd && peer.cold.fd.is_none() {
            return Err(SysplexError::BrokenPipe);
        }
        let room = self.room(peer) as usize;
        if data.is_empty() {
            return Ok(0);
        }
        if room == 0 {
            return Err(SysplexError::WouldBlock);
        }
        let n = room.min(data.len());
        let peer_node = peer.node();
        if let Some(p) = self.socks.get_mut(peer_id) {
            p.cold.incoming += n as u32;
        }
        if let Some(t) = tcb {
            let t = &mut self.tcbs[t];
            t.bytes_out += n as u64;
            t.segs_out += 1;
            t.last_activity = self.now;
        }
        let delay = match (node, peer_node) {
            (Some(a), Some(b)) => self.latency(a, b),
            _ => 0,
        };
        self.schedule(
            delay,
            NetEvent::Data {
                to: peer_id,
                bytes: data[..n].to_vec(),
            },
        );
        Ok(n)
    }

    /// Receives up to `max` bytes; an empty answer means the partner closed.
    pub fn recv(&mut self, task: TaskId, fd: u32, max: usize) -> R<Vec<u8>> {
        self.recv_peek(task, fd, max, false)
    }

    /// RECV with MSG_PEEK when `peek`: the data is returned and stays queued.
    pub fn recv_peek(&mut self, task: TaskId, fd: u32, max: usize, peek: bool) -> R<Vec<u8>> {
        self.settle();
        let (_, s) = self.sock_mut(task, fd)?;
        if s.ty.is_message() {
            if peek {
                return match s.cold.datagrams.front() {
                    Some((_, b)) => Ok(b[..b.len().min(max)].to_vec()),
                    None => Err(SysplexError::WouldBlock),
                };
            }
            return self.recvfrom(task, fd, max).map(|(b, _)| b);
        }
        if s.cold.rx.is_empty() {
            return match s.state {
                _ if s.eof || s.shut_rd => Ok(Vec::new()),
                SockState::Connected => Err(SysplexError::WouldBlock),
                SockState::Connecting => Err(SysplexError::WouldBlock),
                _ => Err(SysplexError::NotConnected),
            };
        }
        let n = max.min(s.cold.rx.len());
        if peek {
            return Ok(s.cold.rx.iter().take(n).copied().collect());
        }
        let out: Vec<u8> = s.cold.rx.drain(..n).collect();
        if let Some(t) = s.tcb() {
            self.tcbs[t].last_activity = self.now;
        }
        Ok(out)
    }

    /// Sends a datagram (UDP sockets).
    pub fn sendto(&mut self, task: TaskId, fd: u32, data: &[u8], to: SocketAddr) -> R<usize> {
        self.settle();
        let home = self.home_node(task);
        let (_, s) = self.sock(task, fd)?;
        if let SockType::Raw(_) = s.ty {
            if family_of(&to) != s.cold.family {
                return Err(SysplexError::FamilyMismatch);
            }
            return self.send_raw(task, fd, data, to);
        }
        if s.ty != SockType::Datagram {
            return Err(SysplexError::AlreadyConnected);
        }
        if family_of(&to) != s.cold.family {
            return Err(SysplexError::FamilyMismatch);
        }
        if s.cold.local.is_none() {
            let any = SocketAddr::new(unspecified(s.cold.family), 0);
            self.bind(task, fd, any)?;
        }
        let (_, s) = self.sock(task, fd)?;
        let home = s.node().unwrap_or(home);
        let mcast = s.cold.mcast;
        let target = canonical(to);
        let mut from = s.cold.local.map(canonical).unwrap_or(target);
        if from.ip().is_unspecified() {
            // The stack's address for the family; for a group, IP_MULTICAST_IF's if set.
            let chosen = if target.ip().is_multicast() {
                self.multicast_source(home, mcast, target.ip())
            } else {
                None
            };
            let ip = chosen
                .or_else(|| {
                    self.node_addrs(home)
                        .iter()
                        .copied()
                        .find(|a| a.is_ipv4() == target.is_ipv4())
                })
                .unwrap_or(from.ip());
            from.set_ip(ip);
        }
        if target.ip().is_multicast() {
            self.send_multicast(home, from, target, mcast, data);
            return Ok(data.len());
        }
        let dest = self.locate(target, home)?;
        let delay = self.latency(home, dest);
        self.schedule(
            delay,
            NetEvent::Datagram {
                node: dest,
                from,
                to: target,
                bytes: data.to_vec(),
            },
        );
        Ok(data.len())
    }

    /// bind2addrsel: binds an AF_INET6 socket to the stack's source address for `dst`, port
    /// 0 (an ephemeral port). IBM's rules (`confirmed`, LE C `bind2addrsel()`): a multicast
    /// destination on a stream socket is EADDRNOTAVAIL, one no route reaches EHOSTUNREACH, an
    /// address of another family EAFNOSUPPORT. The source is the stack's first home address
    /// of the destination's family, IPv4-mapped for an IPv4 destination (`reconstructed`: the
    /// model has no address preferences).
    pub fn bind2addrsel(&mut self, task: TaskId, fd: u32, dst: SocketAddr) -> R<()> {
        self.settle();
        let home = self.home_node(task);
        let (_, s) = self.sock(task, fd)?;
        if s.cold.family != Family::Inet6 || family_of(&dst) != Family::Inet6 {
            return Err(SysplexError::FamilyMismatch);
        }
        let node = s.node().unwrap_or(home);
        let target = canonical(dst);
        if target.ip().is_multicast() {
            if s.ty == SockType::Stream {
                return Err(SysplexError::AddressNotAvailable(format!(
                    "{} (a multicast destination for a stream socket)",
                    target.ip()
                )));
            }
        } else {
            self.locate(target, node)
                .map_err(|_| SysplexError::HostUnreachable(target.ip().to_string()))?;
        }
        let src = self
            .node_addrs(node)
            .iter()
            .copied()
            .find(|a| a.is_ipv4() == target.is_ipv4())
            .ok_or_else(|| {
                SysplexError::AddressNotAvailable(format!("no source address for {}", target.ip()))
            })?;
        let src = match src {
            IpAddr::V4(v4) => v4.to_ipv6_mapped(),
            IpAddr::V6(v6) => v6,
        };
        self.bind(task, fd, SocketAddr::new(IpAddr::V6(src), 0))
    }

    /// Receives a datagram and who sent it (UDP sockets).
    pub fn recvfrom(&mut self, task: TaskId, fd: u32, max: usize) -> R<(Vec<u8>, SocketAddr)> {
        self.settle();
        let (_, s) = self.sock_mut(task, fd)?;
        if !s.ty.is_message() {
            let remote = s.cold.remote.ok_or(SysplexError::NotConnected)?;
            return self.recv(task, fd, max).map(|b| (b, remote));
        }
        match s.cold.datagrams.pop_front() {
            Some((from, mut b)) => {
                b.truncate(max);
                Ok((b, as_family(from, s.cold.family)))
            }
            None => Err(SysplexError::WouldBlock),
        }
    }

    pub fn shutdown(&mut self, task: TaskId, fd: u32, how: Shutdown) -> R<()> {
        self.settle();
        let (id, s) = self.sock_mut(task, fd)?;
        if !matches!(s.state, SockState::Connected) {
            return Err(SysplexError::NotConnected);
        }
        if matches!(how, Shutdown::Read | Shutdown::Both) {
            s.shut_rd = true;
            s.cold.rx.clear();
        }
        if matches!(how, Shutdown::Write | Shutdown::Both) && !s.shut_wr {
            s.shut_wr = true;
            self.send_fin(id);
        }
        Ok(())
    }

    fn send_fin(&mut self, id: SockId) {
        let Some(s) = self.socks.get(id) else { return };
        if s.ty != SockType::Stream {
            return;
        }
        let (node, peer) = (s.node(), s.cold.peer);
        let Some(peer) = peer else { return };
        let peer_node = self.socks.get(peer).and_then(|p| p.node());
        let delay = match (node, peer_node) {
            (Some(a), Some(b)) => self.latency(a, b),
            _ => 0,
        };
        self.schedule(delay, NetEvent::Fin { to: peer });
    }

    /// Closes a descriptor. A connection's partner reads end of file once the FIN arrives; a
    /// listener's queued, unaccepted connections are closed with it.
    pub fn close(&mut self, task: TaskId, fd: u32) -> R<()> {
        self.settle();
        let id = self.sock_id(task, fd)?;
        let space = &mut self.spaces[self.tasks[task.0 as usize].space.0 as usize];
        space.fds[fd as usize] = SockId::CLOSED;
        space.free_fds.push(Reverse(fd));
        match self.socks.get_mut(id) {
            // Given and taken: the other holder keeps the socket.
            Some(s) if s.cold.shares > 0 => {
                s.cold.shares -= 1;
                if s.cold.owner == task && s.cold.fd == Some(fd) {
                    self.rehome(id);
                }
            }
            _ => self.drop_socket(id),
        }
        Ok(())
    }

    /// After a holder of a shared socket closed it: the owner is a task that still holds it.
    fn rehome(&mut self, id: SockId) {
        let holder = (0..self.tasks.len()).find_map(|t| {
            let task = &self.tasks[t];
            let space = &self.spaces[task.space.0 as usize];
            let fd = space.fds.iter().position(|f| *f == id)?;
            (!task.ended).then_some((TaskId(t as u32), fd as u32))
        });
        if let (Some((t, fd)), Some(s)) = (holder, self.socks.get_mut(id)) {
            s.cold.owner = t;
            s.cold.fd = Some(fd);
        }
    }

    /// GIVESOCKET: offers a connected or listening stream socket to the client `to`, which
    /// names it `named` (the giver's number for it). The giver keeps its descriptor, and
    /// should close it once the socket is taken (SELECT shows it as an exception then).
    pub fn givesocket(&mut self, task: TaskId, fd: u32, to: ClientId, named: u32) -> R<()> {
        self.settle();
        let (_, s) = self.sock_mut(task, fd)?;
        if s.ty != SockType::Stream {
            return Err(SysplexError::NotSupported(
                "GIVESOCKET of a socket that is not a stream socket".into(),
            ));
        }
        if s.cold.given.is_some() {
            return Err(SysplexError::AlreadyGiven(fd));
        }
        s.cold.given = Some(Given {
            to,
            giver: task,
            named,
            taken: false,
        });
        Ok(())
    }

    /// TAKESOCKET: the socket that job `from` gave this task (by its job name and
    /// `subtask`), as the giver numbers it, `named`; answers the taker's new descriptor.
    pub fn takesocket(&mut self, task: TaskId, subtask: &str, from: &str, named: u32) -> R<u32> {
        self.settle();
        let me = ClientId {
            job: self.job(task).name.clone(),
            subtask: subtask.to_string(),
        };
        let node = self.home_node(task);
        let fd = named;
        let (giver, giver_fd) = (0..self.tasks.len())
            .map(|t| TaskId(t as u32))
            .filter(|t| {
                !self.tasks[t.0 as usize].ended && self.job(*t).name.eq_ignore_ascii_case(from)
            })
            .find_map(|t| {
                let space = &self.spaces[self.tasks[t.0 as usize].space.0 as usize];
                space.fds.iter().enumerate().find_map(|(i, id)| {
                    let g = self.socks.get(*id)?.cold.given.as_ref()?;
                    (g.giver == t && g.named == named).then_some((t, i as u32))
                })
            })
            .ok_or(SysplexError::NotGivenToYou(fd, from.to_string()))?;
        let (id, s) = self.sock_mut(giver, giver_fd)?;
        let ok = |c: &ClientId| {
            c.job.eq_ignore_ascii_case(&me.job)
                && (c.subtask.trim().is_empty() || c.subtask.eq_ignore_ascii_case(&me.subtask))
        };
        let same_node = s.node().is_none_or(|n| n == node);
        match &mut s.cold.given {
            Some(g) if g.taken => return Err(SysplexError::AlreadyGiven(fd)),
            Some(g) if ok(&g.to) && same_node => g.taken = true,
            _ => return Err(SysplexError::NotGivenToYou(fd, from.to_string())),
        }
        s.cold.shares += 1;
        let tcb = s.tcb();
        let fd = self.give_fd(task, id).inspect_err(|_| {
            if let Some(s) = self.socks.get_mut(id) {
                s.cold.shares -= 1;
                if let Some(g) = &mut s.cold.given {
                    g.taken = false;
                }
            }
        })?;
        // Netstat names the taker as the connection's client from now on.
        if let Some(t) = tcb {
            let space = &self.spaces[self.tasks[task.0 as usize].space.0 as usize];
            self.tcbs[t].client = space.ident.name.clone();
            self.tcbs[t].asid = space.asid;
        }
        Ok(fd)
    }

    fn drop_socket(&mut self, id: SockId) {
        let Some(s) = self.socks.get(id) else { return };
        if !s.shut_wr && matches!(s.state, SockState::Connected) {
            self.send_fin(id);
        }
        let Some(s) = self.socks.remove(id) else {
            return;
        };
        for key in &s.cold.ports {
            if let Some(v) = self.ports.get_mut(key) {
                v.retain(|h| *h != id);
                if v.is_empty() {
                    self.ports.remove(key);
                }
            }
        }
        if let Some(t) = s.tcb() {
            let now = self.now;
            let tcb = &mut self.tcbs[t];
            tcb.last_activity = now;
            tcb.in_buffered = 0;
            let (peer, was) = (tcb.peer_tcb, tcb.state);
            tcb.state = match was {
                TcpState::Establsh => TcpState::FinWt2,
                _ => TcpState::Closed,
            };
            if let (TcpState::ClosWait, Some(p)) = (was, peer)
                && self.tcbs[p].peer_tcb == Some(t)
            {
                self.tcbs[p].state = TcpState::TimeWait;
            }
            self.retire_tcb(t);
        }
        for c in s.cold.queue {
            self.drop_socket(c);
        }
    }

    /// FIONBIO.
    pub fn set_nonblocking(&mut self, task: TaskId, fd: u32, on: bool) -> R<()> {
        self.sock_mut(task, fd)?.1.cold.nonblocking = on;
        Ok(())
    }

    pub fn is_nonblocking(&self, task: TaskId, fd: u32) -> R<bool> {
        Ok(self.sock(task, fd)?.1.cold.nonblocking)
    }

    /// FIONREAD: bytes ready to read.
    pub fn fionread(&mut self, task: TaskId, fd: u32) -> R<u32> {
        self.settle();
        let (_, s) = self.sock(task, fd)?;
        Ok(match s.ty {
            SockType::Stream => s.cold.rx.len() as u32,
            SockType::Datagram | SockType::Raw(_) => {
                s.cold.datagrams.front().map_or(0, |d| d.1.len() as u32)
            }
        })
    }

    pub fn getsockname(&self, task: TaskId, fd: u32) -> R<SocketAddr> {
        let (_, s) = self.sock(task, fd)?;
        Ok(s.cold
            .local
            .unwrap_or_else(|| SocketAddr::new(unspecified(s.cold.family), 0)))
    }

    /// The stack (or host) a socket lives on, once bound or connected.
    pub fn node_of(&self, task: TaskId, fd: u32) -> Option<Node> {
        self.sock(task, fd).ok()?.1.node()
    }

    pub fn getpeername(&self, task: TaskId, fd: u32) -> R<SocketAddr> {
        let (_, s) = self.sock(task, fd)?;
        match s.state {
            SockState::Connected => s.cold.remote.ok_or(SysplexError::NotConnected),
            _ => Err(SysplexError::NotConnected),
        }
    }

    /// Whether a read would not block: data, end of file, a connection to accept, or a
    /// connect that failed.
    pub fn readable(&self, task: TaskId, fd: u32) -> R<bool> {
        let (_, s) = self.sock_any(task, fd)?;
        Ok(match &s.state {
            SockState::Broken => true,
            SockState::Listening { .. } => {
                s.cold.queue.iter().any(|c| self.socks.get(*c).is_some())
            }
            SockState::Failed => true,
            _ if s.ty.is_message() => !s.cold.datagrams.is_empty(),
            SockState::Connected => !s.cold.rx.is_empty() || s.eof || s.shut_rd,
            _ => false,
        })
    }

    /// Whether a write would not block (or a connect has ended).
    pub fn writable(&self, task: TaskId, fd: u32) -> R<bool> {
        let (_, s) = self.sock_any(task, fd)?;
        Ok(match s.state {
            SockState::Failed | SockState::Broken => true,
            _ if s.ty.is_message() => true,
            SockState::Connected => {
                s.shut_wr
                    || s.cold
                        .peer
                        .and_then(|p| self.socks.get(p))
                        .is_none_or(|p| self.room(p) > 0)
            }
            _ => false,
        })
    }

    /// SELECT's answer now: which of the descriptors are readable, writable and exceptional.
    pub fn ready(
        &self,
        task: TaskId,
        read: &[u32],
        write: &[u32],
        except: &[u32],
    ) -> R<(Vec<u32>, Vec<u32>, Vec<u32>)> {
        let pick = |fds: &[u32], f: &dyn Fn(u32) -> R<bool>| -> R<Vec<u32>> {
            let mut out = Vec::new();
            for fd in fds {
                if f(*fd)? {
                    out.push(*fd);
                }
            }
            Ok(out)
        };
        Ok((
            pick(read, &|fd| self.readable(task, fd))?,
            pick(write, &|fd| self.writable(task, fd))?,
            pick(except, &|fd| self.exceptional(task, fd))?,
        ))
    }

    /// Exceptional conditions: a socket this task gave that another has taken (the model has
    /// no out-of-band data).
    pub fn exceptional(&self, task: TaskId, fd: u32) -> R<bool> {
        let (_, s) = self.sock_any(task, fd)?;
        let space = |t: TaskId| self.tasks[t.0 as usize].space;
        Ok(s.cold
            .given
            .as_ref()
            .is_some_and(|g| g.taken && space(g.giver) == space(task)))
    }

    pub fn getsockopt(&mut self, task: TaskId, fd: u32, opt: SockOpt) -> R<OptValue> {
        self.settle();
        if let Some(v) = self.get_multicast(task, fd, opt)? {
            return Ok(v);
        }
        let (_, s) = self.sock_mut(task, fd)?;
        let o = s.cold.opts;
        Ok(match opt {
            SockOpt::ReuseAddr => OptValue::Bool(o.reuseaddr),
            SockOpt::KeepAlive => OptValue::Bool(o.keepalive),
            SockOpt::Broadcast => OptValue::Bool(o.broadcast),
            SockOpt::OobInline => OptValue::Bool(o.oobinline),
            SockOpt::NoDelay => OptValue::Bool(o.nodelay),
            SockOpt::Linger => OptValue::Linger(o.linger),
            SockOpt::RcvBuf => OptValue::Int(o.rcvbuf),
            SockOpt::SndBuf => OptValue::Int(o.sndbuf),
            SockOpt::Type => OptValue::Type(s.ty),
            // Answered by get_multicast above, or refused there.
            SockOpt::MulticastIf
            | SockOpt::MulticastTtl
            | SockOpt::MulticastLoop
            | SockOpt::AddMembership
            | SockOpt::DropMembership
            | SockOpt::V6MulticastIf
            | SockOpt::V6MulticastHops
            | SockOpt::V6MulticastLoop
            | SockOpt::V6JoinGroup
            | SockOpt::V6LeaveGroup => {
                return Err(SysplexError::NoSuchOption(format!("{opt:?}")));
            }
            SockOpt::Error => OptValue::Error(s.cold.error.take()),
            SockOpt::AcceptConn => OptValue::Bool(matches!(s.state, SockState::Listening { .. })),
            SockOpt::ClusterConnType => {
                // The seed: TcpClusterConnFlag records that the option was issued.
                let connected = matches!(s.state, SockState::Connected);
                let routing = if connected {
                    s.routing
                } else {
                    ClusterConnType::empty()
                };
                if connected {
                    let id = self.sock_id(task, fd)?;
                    self.note_result(id, routing, CredFlags::empty());
                }
                OptValue::Routing(routing)
            }
        })
    }

    pub fn setsockopt(&mut self, task: TaskId, fd: u32, opt: SockOpt, v: OptValue) -> R<()> {
        if self.set_multicast(task, fd, opt, &v)? {
            return Ok(());
        }
        let (_, s) = self.sock_mut(task, fd)?;
        let o = &mut s.cold.opts;
        let bad = || SysplexError::Invalid(format!("{v:?} is not a value for {opt:?}"));
        match (opt, &v) {
            (SockOpt::ReuseAddr, OptValue::Bool(b)) => o.reuseaddr = *b,
            (SockOpt::KeepAlive, OptValue::Bool(b)) => o.keepalive = *b,
            (SockOpt::Broadcast, OptValue::Bool(b)) => o.broadcast = *b,
            (SockOpt::OobInline, OptValue::Bool(b)) => o.oobinline = *b,
            (SockOpt::NoDelay, OptValue::Bool(b)) => o.nodelay = *b,
            (SockOpt::Linger, OptValue::Linger(l)) => o.linger = *l,
            (SockOpt::RcvBuf, OptValue::Int(n)) if *n > 0 => o.rcvbuf = *n,
            (SockOpt::SndBuf, OptValue::Int(n)) if *n > 0 => o.sndbuf = *n,
            (
                SockOpt::Type | SockOpt::Error | SockOpt::AcceptConn | SockOpt::ClusterConnType,
                _,
            ) => return Err(SysplexError::NoSuchOption(format!("{opt:?} cannot be set"))),
            _ => return Err(bad()),
        }
        Ok(())
    }
}
