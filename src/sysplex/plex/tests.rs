use super::*;
use crate::areas::Area;
use crate::areas::partnerinfo::PartnerInfo;

fn ip(s: &str) -> IpAddr {
    s.parse().expect("address")
}

fn sa(s: &str) -> SocketAddr {
    s.parse().expect("socket address")
}

/// SYS1 runs TCPCS1 and TCPCS3 (CINET); SYS2 runs TCPCS2 over XCF; SYS3 runs TCPCS4 over a
/// LAN only; PCLIENT is outside.
pub(super) fn plex() -> Sysplex {
    plex_with(&["RDEFINE SERVAUTH EZBDOMAIN APPLDATA('PLEX1')"])
}

fn plex_with(extra: &[&str]) -> Sysplex {
    let t = crate::sysplex::topology::tests::plex();
    let mut r = Racf::new();
    for c in [
        "ADDGROUP TCPGRP",
        "ADDUSER (TRSTSRV TRSTCLI USER1) DFLTGRP(TCPGRP)",
        "ADDUSER NOBODY",
        "RDEFINE SERVAUTH EZB.IOCTL.*.*.PARTNERINFO UACC(NONE)",
        "PERMIT EZB.IOCTL.*.*.PARTNERINFO CLASS(SERVAUTH) ID(TCPGRP) ACCESS(READ)",
    ]
    .iter()
    .chain(extra)
    .chain(&["SETROPTS CLASSACT(SERVAUTH) RACLIST(SERVAUTH)"])
    {
        r.run(c).unwrap();
    }
    Sysplex::new(t, r, XcfConfig::default())
}

pub(super) fn job(p: &mut Sysplex, name: &str, stack: &str, user: &str) -> TaskId {
    let ident = JobIdentity::on_stack(p.topology(), name, stack, user).unwrap();
    p.add_job(ident).unwrap()
}

fn outside_job(p: &mut Sysplex) -> TaskId {
    p.add_job(JobIdentity {
        name: "PC".into(),
        place: Place::Outside(0),
        user: None,
        task_user: None,
        apf: false,
        supervisor: false,
    })
    .unwrap()
}

fn server(p: &mut Sysplex, t: TaskId, addr: &str) -> u32 {
    let a = sa(addr);
    let fam = if a.is_ipv4() {
        Family::Inet
    } else {
        Family::Inet6
    };
    let s = p.socket(t, fam, SockType::Stream).unwrap();
    p.bind(t, s, a).unwrap();
    p.listen(t, s, 5).unwrap();
    s
}

/// Connects `c` to `to` and accepts on `listener`: (client fd, server fd).
fn connect(p: &mut Sysplex, c: TaskId, s: TaskId, listener: u32, to: &str) -> (u32, u32) {
    let to = sa(to);
    let fam = if to.is_ipv4() {
        Family::Inet
    } else {
        Family::Inet6
    };
    let fd = p.socket(c, fam, SockType::Stream).unwrap();
    assert_eq!(p.connect(c, fd, to), Err(SysplexError::ConnectInProgress));
    p.run_until_idle();
    assert_eq!(p.connect_result(c, fd), Ok(Some(Ok(()))));
    let (sfd, _) = p.accept(s, listener).unwrap();
    (fd, sfd)
}

fn routing(p: &mut Sysplex, t: TaskId, fd: u32) -> u8 {
    match p.getsockopt(t, fd, SockOpt::ClusterConnType).unwrap() {
        OptValue::Routing(r) => r.bits(),
        other => panic!("{other:?}"),
    }
}

#[test]
fn routing_of_real_connections_every_row_ipv4_and_ipv6() {
    let mut p = plex();
    let cli = job(&mut p, "CLI", "TCPCS1", "TRSTCLI");
    let out = outside_job(&mut p);
    // (server stack, v4 address, v6 address, what the client on TCPCS1 sees)
    let rows = [
        ("TCPCS1", "10.1.1.1", "fd00:1::1", 0x0E),
        ("TCPCS3", "10.1.1.3", "fd00:1::3", 0x0E),
        ("TCPCS2", "10.1.2.1", "fd00:2::1", 0x0A),
        ("TCPCS4", "10.1.3.1", "fd00:3::1", 0x02),
    ];
    for (i, (stack, v4, v6, want)) in rows.into_iter().enumerate() {
        let srv = job(&mut p, &format!("SRV{i}"), stack, "TRSTSRV");
        for addr in [format!("{v4}:4000"), format!("[{v6}]:4000")] {
            let l = server(&mut p, srv, &addr);
            let unconnected = p.socket(cli, Family::Inet, SockType::Stream).unwrap();
            assert_eq!(routing(&mut p, cli, unconnected), 0, "NOCONN");
            let (c, s) = connect(&mut p, cli, srv, l, &addr);
            assert_eq!(routing(&mut p, cli, c), want, "client to {addr}");
            assert_eq!(routing(&mut p, srv, s), want, "server side of {addr}");
            for fd in [c, unconnected] {
                p.close(cli, fd).unwrap();
            }
            for fd in [s, l] {
                p.close(srv, fd).unwrap();
            }
        }
    }
    // Outside the sysplex: NONE on the z/OS side.
    let srv = job(&mut p, "SRVO", "TCPCS1", "TRSTSRV");
    for addr in ["10.1.1.1:4100", "[fd00:1::1]:4100"] {
        let l = server(&mut p, srv, addr);
        let (_, s) = connect(&mut p, out, srv, l, addr);
        assert_eq!(routing(&mut p, srv, s), 0x01);
    }
}

#[test]
fn tcp_calls_and_their_errors() {
    let mut p = plex();
    let srv = job(&mut p, "SRV", "TCPCS2", "TRSTSRV");
    let cli = job(&mut p, "CLI", "TCPCS1", "TRSTCLI");
    let l = server(&mut p, srv, "0.0.0.0:4000");
    let again = p.socket(srv, Family::Inet, SockType::Stream).unwrap();
    assert_eq!(
        p.bind(srv, again, sa("10.1.2.1:4000")),
        Err(SysplexError::AddressInUse("10.1.2.1..4000".into()))
    );
    assert_eq!(
        p.bind(srv, again, sa("10.1.1.1:4000")),
        Err(SysplexError::AddressNotAvailable("10.1.1.1".into()))
    );
    assert_eq!(
        p.bind(srv, again, sa("[::]:4001")),
        Err(SysplexError::FamilyMismatch)
    );
    assert_eq!(p.accept(srv, l), Err(SysplexError::WouldBlock));
    assert_eq!(
        p.accept(srv, again),
        Err(SysplexError::Invalid("the socket is not listening".into()))
    );

    let c = p.socket(cli, Family::Inet, SockType::Stream).unwrap();
    assert_eq!(p.send(cli, c, b"x"), Err(SysplexError::NotConnected));
    assert_eq!(p.getpeername(cli, c), Err(SysplexError::NotConnected));
    assert_eq!(
        p.connect(cli, c, sa("10.1.2.1:4000")),
        Err(SysplexError::ConnectInProgress)
    );
    assert_eq!(
        p.connect(cli, c, sa("10.1.2.1:4000")),
        Err(SysplexError::ConnectPending)
    );
    assert_eq!(p.connect_result(cli, c), Ok(None));
    assert!(!p.writable(cli, c).unwrap());
    // SYN out and SYN-ACK back: one round trip over XCF, 2 x 500 microseconds.
    p.advance(VirtualTime(999));
    assert_eq!(p.connect_result(cli, c), Ok(None));
    assert!(
        p.readable(srv, l).unwrap(),
        "the server side is queued after 500"
    );
    p.advance(VirtualTime(1000));
    assert_eq!(p.connect_result(cli, c), Ok(Some(Ok(()))));
    assert!(p.writable(cli, c).unwrap());
    assert_eq!(
        p.connect(cli, c, sa("10.1.2.1:4000")),
        Err(SysplexError::AlreadyConnected)
    );
    let local = p.getsockname(cli, c).unwrap();
    assert_eq!(local, sa(&format!("10.1.1.1:{EPHEMERAL_FIRST}")));
    let (s, from) = p.accept(srv, l).unwrap();
    assert_eq!(from, local);
    assert_eq!(p.getpeername(srv, s), Ok(local));

    assert_eq!(p.recv(srv, s, 100), Err(SysplexError::WouldBlock));
    assert_eq!(p.send(cli, c, b"HELLO"), Ok(5));
    assert_eq!(p.fionread(srv, s), Ok(0), "still on its way");
    p.run_until_idle();
    assert_eq!(p.fionread(srv, s), Ok(5));
    assert_eq!(p.recv(srv, s, 2).unwrap(), b"HE");
    assert_eq!(p.recv(srv, s, 100).unwrap(), b"LLO");
    p.shutdown(cli, c, Shutdown::Write).unwrap();
    assert_eq!(p.send(cli, c, b"more"), Err(SysplexError::BrokenPipe));
    p.run_until_idle();
    assert!(p.readable(srv, s).unwrap());
    assert_eq!(p.recv(srv, s, 100).unwrap(), b"", "end of file");
    p.close(srv, s).unwrap();
    p.close(cli, c).unwrap();
    assert_eq!(p.recv(cli, c, 1), Err(SysplexError::BadDescriptor(c)));

    // Nobody listening: refused after a round trip. Descriptors are reused lowest first.
    let c2 = p.socket(cli, Family::Inet, SockType::Stream).unwrap();
    assert_eq!(c2, c);
    assert_eq!(
        p.connect(cli, c2, sa("10.1.2.1:4999")),
        Err(SysplexError::ConnectInProgress)
    );
    p.run_until_idle();
    assert_eq!(
        p.connect_result(cli, c2),
        Ok(Some(Err(SysplexError::ConnectionRefused(
            "10.1.2.1..4999".into()
        ))))
    );
    assert_eq!(
        p.connect(cli, c2, sa("203.0.113.9:1")),
        Err(SysplexError::NetworkUnreachable("203.0.113.9".into()))
    );
}

#[test]
fn backlog_window_and_datagrams() {
    let mut p = plex();
    let srv = job(&mut p, "SRV", "TCPCS1", "TRSTSRV");
    let cli = job(&mut p, "CLI", "TCPCS1", "TRSTCLI");
    let s = p.socket(srv, Family::Inet, SockType::Stream).unwrap();
    p.bind(srv, s, sa("127.0.0.1:7")).unwrap();
    p.listen(srv, s, 1).unwrap();
    let a = p.socket(cli, Family::Inet, SockType::Stream).unwrap();
    let b = p.socket(cli, Family::Inet, SockType::Stream).unwrap();
    let _ = p.connect(cli, a, sa("127.0.0.1:7"));
    let _ = p.connect(cli, b, sa("127.0.0.1:7"));
    p.run_until_idle();
    assert_eq!(p.connect_result(cli, a), Ok(Some(Ok(()))));
    assert!(
        matches!(
            p.connect_result(cli, b),
            Ok(Some(Err(SysplexError::ConnectionRefused(_))))
        ),
        "the backlog of 1 is full"
    );
    let (sa_, _) = p.accept(srv, s).unwrap();
    p.setsockopt(srv, sa_, SockOpt::RcvBuf, OptValue::Int(10))
        .unwrap();
    assert_eq!(p.send(cli, a, &[1; 25]), Ok(10), "the window is 10 bytes");
    assert_eq!(p.send(cli, a, &[1; 25]), Err(SysplexError::WouldBlock));
    assert!(!p.writable(cli, a).unwrap());
    p.run_until_idle();
    assert_eq!(p.recv(srv, sa_, 4).unwrap().len(), 4);
    assert_eq!(p.send(cli, a, &[1; 25]), Ok(4));

    let u = p.socket(srv, Family::Inet, SockType::Datagram).unwrap();
    p.bind(srv, u, sa("10.1.1.1:53")).unwrap();
    let v = p.socket(cli, Family::Inet, SockType::Datagram).unwrap();
    assert_eq!(p.recvfrom(srv, u, 100), Err(SysplexError::WouldBlock));
    assert_eq!(p.sendto(cli, v, b"query", sa("10.1.1.1:53")), Ok(5));
    let (bytes, from) = p.recvfrom(srv, u, 100).unwrap();
    assert_eq!(
        (bytes.as_slice(), from.ip()),
        (&b"query"[..], ip("10.1.1.1"))
    );
    assert_eq!(
        p.listen(srv, u, 1),
        Err(SysplexError::NotSupported(
            "listen on a datagram socket".into()
        ))
    );
    let mut area = PartnerInfo::request(PiReqType::Conntype, 20, 0).to_bytes();
    assert_eq!(
        p.siocgpartnerinfo(srv, u, &mut area),
        Err(SysplexError::NotTcp)
    );
    assert_eq!(
        p.siocspartnerinfo(srv, u, PiReqType::PartnerUserid),
        Err(SysplexError::NotTcp)
    );
    assert_eq!(
        p.getsockopt(srv, u, SockOpt::Type),
        Ok(OptValue::Type(SockType::Datagram))
    );
}

fn pi(t: PiReqType, timeout: u32) -> Vec<u8> {
    PartnerInfo::request(t, t.required_len(), timeout).to_bytes()
}

#[test]
fn siocspartnerinfo_collects_at_connect_and_accept() {
    let mut p = plex();
    let srv = job(&mut p, "TRSTSRV", "TCPCS2", "TRSTSRV");
    let cli = job(&mut p, "TRSTCLI", "TCPCS1", "TRSTCLI");
    let l = p.socket(srv, Family::Inet, SockType::Stream).unwrap();
    p.siocspartnerinfo(srv, l, PiReqType::PartnerSeccred)
        .unwrap();
    p.bind(srv, l, sa("10.1.2.1:4000")).unwrap();
    p.listen(srv, l, 5).unwrap();
    assert_eq!(
        p.siocspartnerinfo(srv, l, PiReqType::PartnerUserid),
        Err(SysplexError::NotSupported(
            "SIOCSPARTNERINFO after connect or listen".into()
        ))
    );
    let c = p.socket(cli, Family::Inet, SockType::Stream).unwrap();
    p.siocspartnerinfo(cli, c, PiReqType::PartnerUserid)
        .unwrap();
    let _ = p.connect(cli, c, sa("10.1.2.1:4000"));
    p.advance(VirtualTime(1000));
    assert_eq!(p.connect_result(cli, c), Ok(Some(Ok(()))));
    // The client stack asked at connect; the answer is a round trip away.
    let mut a = pi(PiReqType::PartnerUserid, 0);
    assert_eq!(
        p.siocgpartnerinfo(cli, c, &mut a),
        Err(SysplexError::InProgress)
    );
    let (s, _) = p.accept(srv, l).unwrap();
    let mut b = pi(PiReqType::PartnerSeccred, 0);
    assert_eq!(
        p.siocgpartnerinfo(srv, s, &mut b),
        Err(SysplexError::InProgress),
        "inherited"
    );
    p.run_until_idle();
    assert_eq!(
        p.siocgpartnerinfo(cli, c, &mut a),
        Ok(PiOutcome::Done(CredFlags::AS_USERID))
    );
    assert_eq!(
        PartnerInfo::parse(&a).unwrap().as_userid().as_deref(),
        Some("TRSTSRV")
    );
    assert_eq!(
        p.siocgpartnerinfo(srv, s, &mut b),
        Ok(PiOutcome::Done(CredFlags::AS_USERID | CredFlags::AS_UTOKEN))
    );
    // A UTOKEN was not collected by the client's SIOCSPARTNERINFO: that needs a new fetch.
    let mut t0 = pi(PiReqType::PartnerUtoken, 0);
    assert_eq!(
        p.siocgpartnerinfo(cli, c, &mut t0),
        Err(SysplexError::WouldSuspend)
    );
    let trace = p.xcf_trace().join("\n");
    assert_eq!(trace.matches("SEND").count(), 4, "{trace}");
    let flags = |p: &Sysplex, node: &str| {
        let n = Node::Stack(p.topology().stack(node).unwrap());
        p.tcbs(n)
            .into_iter()
            .filter(|t| t.state == TcpState::Establsh)
            .map(|t| (t.cluster.bits(), t.trusted.bits()))
            .collect::<Vec<_>>()
    };
    assert_eq!(flags(&p, "TCPCS1"), [(0x8A, 0xA0)]);
    assert_eq!(flags(&p, "TCPCS2"), [(0x8A, 0xE0)]);
}

#[test]
fn waiting_timeouts_and_same_stack() {
    let mut p = plex();
    let srv = job(&mut p, "TRSTSRV", "TCPCS2", "TRSTSRV");
    let cli = job(&mut p, "TRSTCLI", "TCPCS1", "TRSTCLI");
    let l = server(&mut p, srv, "10.1.2.1:4000");
    let (c, _) = connect(&mut p, cli, srv, l, "10.1.2.1:4000");
    let mut a = pi(PiReqType::PartnerUserid, 5);
    let Ok(PiOutcome::Wait { deadline }) = p.siocgpartnerinfo(cli, c, &mut a) else {
        panic!("should wait")
    };
    assert_eq!(deadline, p.now().saturating_add(5_000_000));
    assert_eq!(
        p.siocgpartnerinfo(cli, c, &mut a.clone()),
        Err(SysplexError::AlreadyOutstanding)
    );
    assert!(!p.credentials_arrived(cli, c));
    assert_eq!(p.siocgpartnerinfo_resume(cli, c, &mut a, false), None);
    p.run_until_idle();
    assert!(p.credentials_arrived(cli, c));
    assert_eq!(
        p.siocgpartnerinfo_resume(cli, c, &mut a, false),
        Some(Ok(CredFlags::AS_USERID))
    );
    // The server's system leaves XCF after the connection is up: the request never gets
    // an answer.
    let sys2 = p.topology().system("SYS2").unwrap();
    let mut b = pi(PiReqType::PartnerUserid, 1);
    let (c2, _) = connect(&mut p, cli, srv, l, "10.1.2.1:4000");
    p.xcf_config_mut().down_systems.insert(sys2);
    assert!(matches!(
        p.siocgpartnerinfo(cli, c2, &mut b),
        Ok(PiOutcome::Wait { .. })
    ));
    p.run_until_idle();
    assert_eq!(p.siocgpartnerinfo_resume(cli, c2, &mut b, false), None);
    assert_eq!(
        p.siocgpartnerinfo_resume(cli, c2, &mut b, true),
        Some(Err(SysplexError::TimedOut))
    );
    let mut z = pi(PiReqType::PartnerUserid, 0);
    assert_eq!(
        p.siocgpartnerinfo(cli, c2, &mut z),
        Err(SysplexError::WouldSuspend)
    );

    // Same stack: no XCF at all, even in no-suspend mode.
    let local = job(&mut p, "LOCAL", "TCPCS1", "USER1");
    let l1 = server(&mut p, local, "10.1.1.1:5000");
    let before = p.xcf_trace().len();
    let (_, s3) = connect(&mut p, cli, local, l1, "10.1.1.1:5000");
    let mut d = pi(PiReqType::PartnerSeccred, 0);
    assert_eq!(
        p.siocgpartnerinfo(local, s3, &mut d),
        Ok(PiOutcome::Done(CredFlags::AS_USERID | CredFlags::AS_UTOKEN))
    );
    assert_eq!(
        PartnerInfo::parse(&d).unwrap().as_userid().as_deref(),
        Some("TRSTCLI")
    );
    assert_eq!(p.xcf_trace().len(), before);
}

#[test]
fn security_domains_and_authorization() {
    let mut p = plex();
    let srv = job(&mut p, "TRSTSRV", "TCPCS2", "TRSTSRV");
    let cli = job(&mut p, "TRSTCLI", "TCPCS1", "TRSTCLI");
    let nobody = job(&mut p, "NOBODY", "TCPCS1", "NOBODY");
    let l = server(&mut p, srv, "10.1.2.1:4000");
    let (c, _) = connect(&mut p, nobody, srv, l, "10.1.2.1:4000");
    let mut a = pi(PiReqType::PartnerUserid, 0);
    assert_eq!(
        p.siocgpartnerinfo(nobody, c, &mut a),
        Err(SysplexError::NotAuthorized {
            profile: "EZB.IOCTL.SYS1.TCPCS1.PARTNERINFO".into()
        })
    );
    let mut r = pi(PiReqType::Conntype, 0);
    assert_eq!(
        p.siocgpartnerinfo(nobody, c, &mut r),
        Ok(PiOutcome::Done(CredFlags::empty()))
    );
    // Granted and refreshed: the next call passes the check.
    p.racf_command(
        None,
        "PERMIT EZB.IOCTL.*.*.PARTNERINFO CLASS(SERVAUTH) ID(NOBODY) ACCESS(READ)",
    )
    .unwrap();
    assert!(
        matches!(
            p.siocgpartnerinfo(nobody, c, &mut a),
            Err(SysplexError::NotAuthorized { .. })
        ),
        "not before the refresh"
    );
    p.racf_command(None, "SETROPTS RACLIST(SERVAUTH) REFRESH")
        .unwrap();
    assert_eq!(
        p.siocgpartnerinfo(nobody, c, &mut a),
        Err(SysplexError::WouldSuspend)
    );

    let (c2, _) = connect(&mut p, cli, srv, l, "10.1.2.1:4000");
    let sys2 = p.topology().system("SYS2").unwrap();
    p.racf_command(Some(sys2), "RALTER SERVAUTH EZBDOMAIN APPLDATA('PLEX2')")
        .unwrap();
    p.racf_command(Some(sys2), "SETROPTS RACLIST(SERVAUTH) REFRESH")
        .unwrap();
    assert_eq!(
        p.siocgpartnerinfo(cli, c2, &mut a),
        Err(SysplexError::DifferentSecurityDomain)
    );

    // No EZBDOMAIN at all: both ioctls fail.
    let mut p = plex_with(&[]);
    let srv = job(&mut p, "TRSTSRV", "TCPCS2", "TRSTSRV");
    let cli = job(&mut p, "TRSTCLI", "TCPCS1", "TRSTCLI");
    let l = server(&mut p, srv, "10.1.2.1:4000");
    let fresh = p.socket(cli, Family::Inet, SockType::Stream).unwrap();
    assert_eq!(
        p.siocspartnerinfo(cli, fresh, PiReqType::PartnerUserid),
        Err(SysplexError::NoSecurityDomain)
    );
    let (c, _) = connect(&mut p, cli, srv, l, "10.1.2.1:4000");
    assert_eq!(
        p.siocgpartnerinfo(cli, c, &mut a),
        Err(SysplexError::NoSecurityDomain)
    );
}

#[test]
fn sockets_stay_small() {
    // What SIOCGPARTNERINFO reads sits inline; the rest is boxed. A bigger socket makes the
    // 100,000-connection benchmark miss the cache more (benches/sysplex.rs, part c).
    assert!(
        std::mem::size_of::<Socket>() <= 160,
        "{}",
        std::mem::size_of::<Socket>()
    );
}

#[test]
fn recently_closed_connections_are_bounded_and_descriptors_reused() {
    let mut p = plex();
    let srv = job(&mut p, "SRV", "TCPCS2", "TRSTSRV");
    let cli = job(&mut p, "CLI", "TCPCS1", "TRSTCLI");
    let l = server(&mut p, srv, "10.1.2.1:4000");
    for _ in 0..300 {
        let (c, s) = connect(&mut p, cli, srv, l, "10.1.2.1:4000");
        assert_eq!((c, s), (0, 1), "the lowest free descriptors");
        p.close(cli, c).unwrap();
        p.close(srv, s).unwrap();
        p.run_until_idle();
    }
    let cs2 = Node::Stack(p.topology().stack("TCPCS2").unwrap());
    let shown = p.tcbs(cs2);
    assert_eq!(
        shown.len(),
        RECENTLY_CLOSED + 1,
        "the listener and the recent ones"
    );
    assert_eq!(shown[0].state, TcpState::Listen);
    assert!(shown[1..].windows(2).all(|w| w[0].conn_id < w[1].conn_id));
    assert_eq!(p.live_sockets(), 1);
}

#[test]
fn a_racf_command_that_fails_anywhere_changes_nothing() {
    let mut p = plex();
    let (sys1, sys2) = (
        p.topology().system("SYS1").unwrap(),
        p.topology().system("SYS2").unwrap(),
    );
    p.racf_command(Some(sys1), "ADDUSER LOCAL1").unwrap();
    assert!(p.racf_command(None, "ADDUSER LOCAL1").is_err());
    assert!(p.racf(sys2).user("LOCAL1").is_none());
    p.racf_command(None, "ADDUSER SHARED").unwrap();
    assert!(p.racf(sys1).user("SHARED").is_some() && p.racf(sys2).user("SHARED").is_some());
}

/// ASIDs go from X'0030' in the order jobs are defined; a job defined after the last was
/// handed out takes the lowest one an ended job gave back when it starts, and with none free
/// it does not start (IEA602I).
#[test]
fn asids_run_out_and_come_back() {
    let mut p = plex();
    let first = job(&mut p, "J0", "TCPCS1", "TRSTCLI");
    assert_eq!(p.space(p.task(first).space).asid, 0x30);
    let defined = 0xFFFF - 0x30 + 1;
    let mut last = first;
    for i in 1..defined {
        last = job(&mut p, &format!("J{i}"), "TCPCS1", "TRSTCLI");
    }
    assert_eq!(p.space(p.task(last).space).asid, 0xFFFF);
    let (late, later) = (
        job(&mut p, "LATE", "TCPCS1", "TRSTCLI"),
        job(&mut p, "LATER", "TCPCS1", "TRSTCLI"),
    );
    assert!(!p.job_started(late), "no ASID is free");
    let said = |p: &Sysplex| {
        let log = &p.log(SystemId(0)).hardcopy;
        log.last().map(|r| r.lines.join("\n")).unwrap_or_default()
    };
    assert_eq!(
        said(&p),
        "IEA602I ADDRESS SPACE CREATE FAILED. MAXUSERS WOULD HAVE BEEN EXCEEDED"
    );
    for t in [last, first] {
        assert!(p.job_started(t));
        p.end_task(t);
    }
    assert!(p.job_started(later));
    assert_eq!(
        p.space(p.task(later).space).asid,
        0x30,
        "the lowest given back"
    );
    assert!(said(&p).contains("ASID=0030"), "{}", said(&p));
}

/// A slab entry is one cache line, so SIOCGPARTNERINFO on a socket among a hundred thousand
/// costs one miss for the socket (benches/sysplex.rs, part c).
#[test]
fn a_socket_is_one_cache_line() {
    assert_eq!(std::mem::size_of::<SlabSlot>(), 64);
}
