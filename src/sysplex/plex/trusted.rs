//! Trusted connections: SIOCSPARTNERINFO, SIOCGPARTNERINFO (with its waits), the partner
//! credentials each socket holds, and the XCF exchange that fetches them
//! (`docs/reference/trusted-tcp.md` §3).

use super::*;

impl Sysplex {
    /// SIOCSPARTNERINFO: collect the partner's credentials of type `reqtype` at connect or
    /// accept time.
    pub fn siocspartnerinfo(&mut self, task: TaskId, fd: u32, reqtype: PiReqType) -> R<()> {
        self.settle();
        let home = self.home_node(task);
        let (_, s) = self.sock(task, fd)?;
        if s.ty != SockType::Stream {
            return Err(SysplexError::NotTcp);
        }
        if !matches!(s.state, SockState::Fresh | SockState::Bound) {
            return Err(SysplexError::NotSupported(
                "SIOCSPARTNERINFO after connect or listen".into(),
            ));
        }
        if reqtype == PiReqType::Conntype {
            return Err(SysplexError::Invalid(
                "SIOCSPARTNERINFO needs a credential request type".into(),
            ));
        }
        let domain = self
            .node_system(home)
            .and_then(|sys| self.domains[sys.0].as_ref());
        if domain.is_none() {
            return Err(SysplexError::NoSecurityDomain);
        }
        self.sock_mut(task, fd)?.1.cold.set_pi = Some(reqtype);
        Ok(())
    }

    fn may_retrieve(&mut self, task: TaskId, stack: StackId) -> R<()> {
        let epoch = self.racf_gen;
        let ident = self.job(task);
        let sys = self.topo.stacks[stack.0].system;
        let caller = Caller {
            user: ident
                .task_user
                .as_deref()
                .or(ident.user.as_deref())
                .unwrap_or(""),
            apf: ident.apf,
            supervisor: ident.supervisor,
            sysname: &self.topo.systems[sys.0].name,
            tcpname: &self.topo.stacks[stack.0].name,
        };
        match self.tasks[task.0 as usize].auth {
            Some((g, s, true)) if g == epoch && s == stack => return Ok(()),
            _ => {}
        }
        let r = caller.may_retrieve(&self.racf[sys.0]);
        self.tasks[task.0 as usize].auth = Some((epoch, stack, r.is_ok()));
        r
    }

    fn union(a: PiReqType, b: PiReqType) -> PiReqType {
        let bits = a.allowed_creds() | b.allowed_creds();
        [
            PiReqType::PartnerUserid,
            PiReqType::PartnerUtoken,
            PiReqType::PartnerSeccred,
        ]
        .into_iter()
        .find(|t| t.allowed_creds() == bits)
        .unwrap_or(PiReqType::PartnerSeccred)
    }

    /// Partners on the same stack know each other's credentials from the start: no XCF
    /// message is needed (`docs/reference/trusted-tcp.md` §3.5). Called when the connection is set up and
    /// when the server side is accepted (its owner may change).
    pub(super) fn same_stack_credentials(&mut self, a: SockId, b: SockId) {
        let (Some(sa), Some(sb)) = (self.socks.get(a), self.socks.get(b)) else {
            return;
        };
        if sa.node() != sb.node() || !matches!(sa.node(), Some(Node::Stack(_))) {
            return;
        }
        let creds_of = |s: &Socket| self.tasks[s.cold.owner.0 as usize].creds.clone();
        let (ca, cb) = (creds_of(sa), creds_of(sb));
        for (id, creds) in [(a, cb), (b, ca)] {
            if let (Some(s), Some(c)) = (self.socks.get_mut(id), creds) {
                s.fetch = Fetch::Available(PiReqType::PartnerSeccred, c);
            }
        }
    }

    /// Asks the partner's stack for its credentials. When no request can go (the partner
    /// socket is gone, or is not on a stack), the answer is that there are none.
    pub(super) fn start_fetch(&mut self, id: SockId, reqtype: PiReqType) {
        let Some(s) = self.socks.get(id) else { return };
        let want = match &s.fetch {
            Fetch::Available(t, _) | Fetch::InFlight(t) if t.covers(reqtype) => return,
            Fetch::Available(t, _) | Fetch::InFlight(t) => Sysplex::union(*t, reqtype),
            _ => reqtype,
        };
        let route = match (s.node(), s.cold.peer.and_then(|p| self.socks.get(p))) {
            (Some(Node::Stack(from)), Some(p)) => match p.node() {
                Some(Node::Stack(to)) if to != from => Some((from, to)),
                _ => None,
            },
            _ => None,
        };
        let (Some((from, to)), Some(peer)) = (route, s.cold.peer) else {
            if let Some(s) = self.socks.get_mut(id) {
                s.fetch = Fetch::Gone;
            }
            return;
        };
        let conn = (
            s.cold
                .local
                .unwrap_or_else(|| SocketAddr::new(unspecified(s.cold.family), 0)),
            s.cold
                .remote
                .unwrap_or_else(|| SocketAddr::new(unspecified(s.cold.family), 0)),
        );
        let msg = XcfMsg::Request {
            asker: id,
            partner: peer,
            reqtype: want,
            conn,
        };
        // Lost or undeliverable requests stay in flight: the waiter runs into ETIME.
        let _: Sent = self.xcf_send(from, to, msg);
        if let Some(s) = self.socks.get_mut(id) {
            s.fetch = Fetch::InFlight(want);
        }
    }

    fn held<'a>(&self, s: &'a Socket, reqtype: Option<PiReqType>) -> Held<'a> {
        let r = reqtype.unwrap_or(PiReqType::PartnerSeccred);
        match &s.fetch {
            Fetch::Available(t, c) if t.covers(r) => Held::Available(c),
            Fetch::InFlight(t) if t.covers(r) => Held::Pending,
            _ => Held::NotFetched,
        }
    }

    /// Records on the connection's TCB that routing was asked for (TcpClusterConnFlag) and
    /// which credentials were retrieved (TcpTrustedPartner). The socket remembers what it
    /// wrote, so a repeated call does not touch the TCB.
    pub(super) fn note_result(&mut self, id: SockId, routing: ClusterConnType, flags: CredFlags) {
        let Some(s) = self.socks.get_mut(id) else {
            return;
        };
        let cluster =
            ClusterConnFlag::REQUESTED | ClusterConnFlag::from_bits_retain(routing.bits());
        let mut trusted = s.noted.1;
        trusted.set(
            TrustedPartner::USERID,
            trusted.contains(TrustedPartner::USERID) || flags.intersects(CredFlags::USERIDS),
        );
        trusted.set(
            TrustedPartner::UTOKEN,
            trusted.contains(TrustedPartner::UTOKEN) || flags.intersects(CredFlags::UTOKENS),
        );
        if s.noted == (cluster, trusted) {
            return;
        }
        s.noted = (cluster, trusted);
        if let Some(t) = s.tcb() {
            self.tcbs[t].cluster = cluster;
            self.tcbs[t].trusted = trusted;
        }
    }

    /// SIOCGPARTNERINFO on the caller's area, filled in place. When the credentials must come
    /// over XCF and the caller may wait, the request goes out and the answer is
    /// [`PiOutcome::Wait`]; only one such wait can be outstanding per socket (EALREADY).
    pub fn siocgpartnerinfo(&mut self, task: TaskId, fd: u32, area: &mut [u8]) -> R<PiOutcome> {
        self.settle();
        let (id, s) = self.sock(task, fd)?;
        if s.pi_waiter().is_some() {
            return Err(SysplexError::AlreadyOutstanding);
        }
        let reqtype = PiReqType::of_area(area);
        let local_stack = match s.node() {
            Some(Node::Stack(st)) => Some(st),
            _ => None,
        };
        // Authorization is decided here (and cached) only when the request needs it.
        let needs_auth = reqtype.is_some_and(|r| r != PiReqType::Conntype);
        let auth = match (needs_auth, local_stack) {
            (true, Some(st)) => self.may_retrieve(task, st),
            _ => Ok(()),
        };
        let s = self.socks.get(id).ok_or(SysplexError::BadDescriptor(fd))?;
        let connected = matches!(s.state, SockState::Connected);
        let view = ConnectionView {
            tcp: s.ty == SockType::Stream,
            connected,
            routing: if connected {
                s.routing
            } else {
                ClusterConnType::empty()
            },
            partner_in_plex: s.partner_system().is_some() && local_stack.is_some(),
            local_domain: local_stack
                .and_then(|st| self.domains[self.topo.stacks[st.0].system.0].as_deref()),
            partner_domain: s
                .partner_system()
                .and_then(|sys| self.domains[sys as usize].as_deref()),
            held: self.held(s, reqtype),
        };
        let routing = view.routing;
        let outcome = credentials::siocgpartnerinfo(area, || auth, &view);
        if connected && view.tcp && outcome.is_ok() {
            self.note_result(id, routing, CredFlags::empty());
        }
        match outcome? {
            Outcome::Done(flags) => {
                self.note_result(id, routing, flags);
                Ok(PiOutcome::Done(flags))
            }
            Outcome::Wait { timeout, request } => {
                self.start_fetch(id, request.reqtype);
                if let Some(s) = self.socks.get_mut(id) {
                    s.set_pi_waiter(Some(task));
                }
                Ok(PiOutcome::Wait {
                    deadline: self.now.saturating_add(u64::from(timeout) * 1_000_000),
                })
            }
        }
    }

    /// Whether a waiting SIOCGPARTNERINFO can finish: the answer came, or the socket is gone.
    pub fn credentials_arrived(&self, task: TaskId, fd: u32) -> bool {
        match self.sock(task, fd) {
            Ok((_, s)) => !matches!(s.fetch, Fetch::InFlight(_)),
            Err(_) => true,
        }
    }

    /// Finishes a SIOCGPARTNERINFO that had to wait: `None` while it must wait longer; at
    /// the deadline (`expired`), ETIME. The area is the same one the call started with.
    pub fn siocgpartnerinfo_resume(
        &mut self,
        task: TaskId,
        fd: u32,
        area: &mut [u8],
        expired: bool,
    ) -> Option<R<CredFlags>> {
        self.settle();
        let (id, s) = match self.sock(task, fd) {
            Ok(x) => x,
            Err(e) => return Some(Err(e)),
        };
        let request = match check_request(area) {
            Ok(r) => r,
            Err(e) => return Some(Err(SysplexError::Invalid(e.to_string()))),
        };
        let routing = s.routing;
        let result = match &s.fetch {
            Fetch::Available(t, c) if t.covers(request.reqtype) => {
                let c = Arc::clone(c);
                Ok(credentials::fill(area, &request, routing, Some(&c)))
            }
            // The partner closed before its stack could answer: the connection is over,
            // ENOTCONN (`docs/reference/trusted-tcp.md`'s table has no other reason for a connection that is
            // gone; ENOPARTNERINFO would say the partner is outside the sysplex).
            Fetch::Gone => Err(SysplexError::NotConnected),
            _ if expired => Err(SysplexError::TimedOut),
            Fetch::InFlight(_) => return None,
            // An answer that did not cover the request: ask for the rest.
            _ => {
                self.start_fetch(id, request.reqtype);
                return match self.socks.get(id).map(|s| &s.fetch) {
                    Some(Fetch::InFlight(_)) => None,
                    _ => self.siocgpartnerinfo_resume(task, fd, area, expired),
                };
            }
        };
        if let Some(s) = self.socks.get_mut(id) {
            s.set_pi_waiter(None);
            if matches!(result, Err(SysplexError::TimedOut)) {
                // The reissued ioctl asks again (`docs/reference/trusted-tcp.md` §3.2).
                s.fetch = Fetch::NotFetched;
            }
        }
        if let Ok(flags) = result {
            self.note_result(id, routing, flags);
        }
        Some(result)
    }

    pub(super) fn on_xcf(&mut self, from: StackId, to: StackId, msg: XcfMsg) {
        match msg {
            XcfMsg::Request {
                asker,
                partner,
                reqtype,
                ..
            } => {
                let creds = self
                    .socks
                    .get(partner)
                    .and_then(|p| self.tasks[p.cold.owner.0 as usize].creds.clone());
                let reply = XcfMsg::Reply {
                    asker,
                    reqtype,
                    creds,
                };
                let _: Sent = self.xcf_send(to, from, reply);
            }
            XcfMsg::Reply {
                asker,
                reqtype,
                creds,
            } => {
                if let Some(s) = self.socks.get_mut(asker) {
                    s.fetch = match (creds, &s.fetch) {
                        (None, _) => Fetch::Gone,
                        (Some(c), Fetch::Available(t, _)) => {
                            Fetch::Available(Sysplex::union(*t, reqtype), c)
                        }
                        (Some(c), _) => Fetch::Available(reqtype, c),
                    };
                }
            }
        }
    }
}
