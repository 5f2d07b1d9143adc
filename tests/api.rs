//! The entry points against the sysplex model, with everything in emulated storage: the seed's
//! trusted client and server flows through BPX1IOC and BPX4IOC (storage before and after each
//! call as IPCS shows it), and the errors a bad call gets.

use trustplex::api::bpx::{Abend, Amode, Regs, Service, parm_list, w_ioctl};
use trustplex::api::host::{Direct, Host};
use trustplex::api::storage::{Fault, Loc, Storage};
use trustplex::areas::Area;
use trustplex::areas::ioctl::{FIONBIO, FIONREAD, SIOCGPARTNERINFO, SIOCSPARTNERINFO};
use trustplex::areas::partnerinfo::{PartnerInfo, PiReqType};
use trustplex::scenario::Scenario;
use trustplex::sysplex::{Family, SockType, Sysplex, TaskId};

const SEED_PLEX: &str = include_str!("../fixtures/scenarios/seed-plex.toml");

/// The seed plex with its server and client jobs started: (plex, TRSTSRV, TRSTCLI).
fn plex() -> (Sysplex, TaskId, TaskId) {
    let s = Scenario::from_toml("seed-plex.toml", SEED_PLEX).unwrap();
    let mut p = s.sysplex();
    let srv = p.add_job(s.jobs[0].ident.clone()).unwrap();
    let cli = p.add_job(s.jobs[1].ident.clone()).unwrap();
    (p, srv, cli)
}

/// TRSTSRV's listener on 10.1.2.1:4000, made directly on the model.
fn listen(p: &mut Sysplex, srv: TaskId, backlog: u32) {
    let mut s = Direct { plex: p, task: srv };
    let l = s.socket(Family::Inet, SockType::Stream).unwrap();
    s.bind(l, "10.1.2.1:4000".parse().unwrap()).unwrap();
    s.listen(l, backlog).unwrap();
}

/// One w_ioctl call laid out in storage: the parameter block (File_descriptor, Command,
/// Argument_length, Return_value, Return_code, Reason_code, 6 fullwords), the Argument area
/// and the parameter list pointing at them, below the bar for BPX1IOC and above it for
/// BPX4IOC.
struct Ioc {
    storage: Storage,
    regs: Regs,
    amode: Amode,
    parms: u64,
    arg: u64,
    arglen: u32,
}

impl Ioc {
    fn new(amode: Amode, fd: u32, cmd: u32, arg: &[u8]) -> Ioc {
        let mut s = Storage::new();
        let loc = match amode {
            Amode::Amode31 => Loc::Below2G,
            Amode::Amode64 => Loc::Above2G,
        };
        let mut block = Vec::new();
        for w in [fd, cmd, arg.len() as u32, 0, 0, 0] {
            block.extend_from_slice(&w.to_be_bytes());
        }
        let parms = s.obtain_with(&block, loc).unwrap();
        let argp = s.obtain_with(arg, loc).unwrap();
        let addrs = [
            parms,
            parms + 4,
            parms + 8,
            argp,
            parms + 12,
            parms + 16,
            parms + 20,
        ];
        let plist = s.obtain_with(&parm_list(amode, &addrs), loc).unwrap();
        let mut regs = Regs::default();
        for (i, r) in regs.gpr.iter_mut().enumerate() {
            *r = 0xC7C7_0000 + i as u64; // recognisable values, to see 2-13 survive
        }
        regs.gpr[1] = plist;
        Ioc {
            storage: s,
            regs,
            amode,
            parms,
            arg: argp,
            arglen: arg.len() as u32,
        }
    }

    fn call(&mut self, host: &mut impl Host) -> Result<(), Abend> {
        let before = self.regs;
        let r = w_ioctl(self.amode, &mut self.regs, &mut self.storage, host);
        assert_eq!(
            self.regs.gpr[2..=13],
            before.gpr[2..=13],
            "GPRs 2-13 survive"
        );
        r
    }

    /// Return_value, Return_code, Reason_code.
    fn results(&self) -> (u32, u32, u32) {
        let w = |o| self.storage.read_u32(self.parms + o).unwrap();
        (w(12), w(16), w(20))
    }

    fn argument(&self) -> Vec<u8> {
        self.storage.read(self.arg, u64::from(self.arglen)).unwrap()
    }

    /// The parameter block and the Argument area as IPCS shows them.
    fn dump(&self) -> String {
        let mut s = String::from("parameters\n");
        s.push_str(&self.storage.dump(self.parms, 24).unwrap());
        if self.arglen > 0 {
            s.push_str("argument\n");
            s.push_str(&self.storage.dump(self.arg, u64::from(self.arglen)).unwrap());
        }
        s
    }

    /// Runs the call and gives the storage before and after.
    fn traced(&mut self, host: &mut impl Host) -> String {
        let before = self.dump();
        self.call(host).unwrap();
        format!("-- before\n{before}-- after\n{}", self.dump())
    }
}

fn pi(t: PiReqType, timeout: u32) -> Vec<u8> {
    PartnerInfo::request(t, t.required_len(), timeout).to_bytes()
}

/// The seed's flows: the server issues SIOCSPARTNERINFO (BPX4IOC) before listen; the client
/// connects and asks for the server's user ID with a timeout (BPX1IOC, suspends for the XCF
/// round trip); the server asks for user IDs and UTOKENs after accept and gets them at once.
#[test]
fn the_seed_flows_through_bpx1ioc_and_bpx4ioc() {
    let (mut p, srv, cli) = plex();
    let mut trace = String::new();
    let l = {
        let mut s = Direct {
            plex: &mut p,
            task: srv,
        };
        let l = s.socket(Family::Inet, SockType::Stream).unwrap();
        let mut set = Ioc::new(Amode::Amode64, l, SIOCSPARTNERINFO, &3u32.to_be_bytes());
        trace += &format!(
            "== BPX4IOC SIOCSPARTNERINFO (server)\n{}",
            set.traced(&mut s)
        );
        s.bind(l, "10.1.2.1:4000".parse().unwrap()).unwrap();
        s.listen(l, 5).unwrap();
        l
    };
    {
        let mut h = Direct {
            plex: &mut p,
            task: cli,
        };
        let c = h.socket(Family::Inet, SockType::Stream).unwrap();
        h.connect(c, "10.1.2.1:4000".parse().unwrap()).unwrap();
        let mut get = Ioc::new(
            Amode::Amode31,
            c,
            SIOCGPARTNERINFO,
            &pi(PiReqType::PartnerUserid, 10),
        );
        trace += &format!(
            "== BPX1IOC SIOCGPARTNERINFO (client)\n{}",
            get.traced(&mut h)
        );
        assert_eq!(get.results().0, 0);
        let got = PartnerInfo::parse(&get.argument()).unwrap();
        assert_eq!(got.as_userid().as_deref(), Some("TRSTSRV"));
    }
    let mut s = Direct {
        plex: &mut p,
        task: srv,
    };
    let (a, _) = s.accept(l).unwrap();
    s.plex.run_until_idle();
    let mut get = Ioc::new(
        Amode::Amode64,
        a,
        SIOCGPARTNERINFO,
        &pi(PiReqType::PartnerSeccred, 0),
    );
    trace += &format!(
        "== BPX4IOC SIOCGPARTNERINFO (server)\n{}",
        get.traced(&mut s)
    );
    let got = PartnerInfo::parse(&get.argument()).unwrap();
    assert_eq!(
        (got.as_userid().as_deref(), got.task_userid().as_deref()),
        (Some("TRSTCLI"), Some("USER1"))
    );
    insta::assert_snapshot!("bpx-seed-flows", trace);
}

#[test]
fn errors_in_z_os_unix_numbering_with_reason_codes() {
    let (mut p, _, cli) = plex();
    let mut h = Direct {
        plex: &mut p,
        task: cli,
    };
    let c = h.socket(Family::Inet, SockType::Stream).unwrap();
    let results = |amode, fd, cmd, arg: &[u8], h: &mut Direct| {
        let mut call = Ioc::new(amode, fd, cmd, arg);
        call.call(h).unwrap();
        let (rv, rc, rsn) = call.results();
        (rv, rc, format!("{rsn:08X}"), call.argument())
    };
    for amode in [Amode::Amode31, Amode::Amode64] {
        // Not connected: ENOTCONN with JRSocketNotCon.
        let (rv, rc, rsn, _) = results(
            amode,
            c,
            SIOCGPARTNERINFO,
            &pi(PiReqType::Conntype, 0),
            &mut h,
        );
        assert_eq!((rv, rc, rsn.as_str()), (u32::MAX, 1124, "7CE30272"));
        // A short area: ENOBUFS, and PI_Buflen in storage says what is needed.
        let mut short = pi(PiReqType::PartnerUserid, 0);
        short.truncate(20);
        short[4..8].copy_from_slice(&20u32.to_be_bytes());
        let (_, rc, rsn, arg) = results(amode, c, SIOCGPARTNERINFO, &short, &mut h);
        assert_eq!(
            (rc, rsn.as_str(), &arg[4..8]),
            (1122, "7CE3006B", &40u32.to_be_bytes()[..])
        );
        // An unknown command and a bad descriptor.
        let (_, rc, rsn, _) = results(amode, c, 0x1234_5678, &[0; 4], &mut h);
        assert_eq!((rc, rsn.as_str()), (121, "7CE30198"), "JRInvIoctlCmd");
        let (_, rc, rsn, _) = results(amode, 99, FIONBIO, &[0, 0, 0, 1], &mut h);
        assert_eq!((rc, rsn.as_str()), (113, "7CE30037"));
        // SIOCSPARTNERINFO with CONNTYPE: EINVAL.
        let (_, rc, _, _) = results(amode, c, SIOCSPARTNERINFO, &0u32.to_be_bytes(), &mut h);
        assert_eq!(rc, 121);
        // FIONBIO and FIONREAD work; FIONREAD writes the count into the Argument.
        let (rv, _, _, _) = results(amode, c, FIONBIO, &[0, 0, 0, 1], &mut h);
        assert_eq!(rv, 0);
        let (rv, _, _, arg) = results(amode, c, FIONREAD, &[0xEE; 4], &mut h);
        assert_eq!((rv, arg), (0, vec![0; 4]));
        // FIONREAD with too short an Argument_length.
        let (_, rc, rsn, _) = results(amode, c, FIONREAD, &[0; 2], &mut h);
        assert_eq!((rc, rsn.as_str()), (121, "7CE3012A"));
    }
    // Argument_length over 51 200: EINVAL with JRInvParmLength.
    let mut big = Ioc::new(Amode::Amode64, c, SIOCGPARTNERINFO, &[0; 8]);
    big.storage.write_u32(big.parms + 8, 51_201).unwrap();
    big.call(&mut h).unwrap();
    assert_eq!(big.results(), (u32::MAX, 121, 0x7CE3_012A));
    // The Argument is not in obtained storage: EFAULT with JRBadAddress.
    let mut bad = Ioc::new(
        Amode::Amode31,
        c,
        SIOCGPARTNERINFO,
        &pi(PiReqType::Conntype, 0),
    );
    bad.storage.release(bad.arg).unwrap();
    bad.call(&mut h).unwrap();
    assert_eq!(bad.results(), (u32::MAX, 118, 0x7CE3_012E));
    // The list, or a result word, is not there: the program abends.
    let mut gone = Ioc::new(Amode::Amode64, c, FIONBIO, &[0; 4]);
    gone.regs.gpr[1] = 0x10;
    assert_eq!(
        gone.call(&mut h),
        Err(Abend {
            entry: "BPX4IOC".into(),
            fault: Fault::NotObtained {
                addr: 0x10,
                len: 56
            }
        })
    );
}

/// A program's view for the socket services: its storage, and one call at a time laid out
/// in it (each parameter in its own area, the list at R1).
struct Prog {
    storage: Storage,
    amode: Amode,
    /// Each call's parameter list and parameters, before and after.
    trace: Vec<String>,
}

/// A parameter: a fullword, a doubleword address of a buffer, or an area.
enum P {
    W(u32),
    Buf(u64),
    Area(Vec<u8>),
}

impl Prog {
    fn new(amode: Amode) -> Prog {
        Prog {
            storage: Storage::new(),
            amode,
            trace: Vec::new(),
        }
    }

    fn loc(&self) -> Loc {
        match self.amode {
            Amode::Amode31 => Loc::Below2G,
            Amode::Amode64 => Loc::Above2G,
        }
    }

    /// Calls `service` with `parms` then Return_value, Return_code and Reason_code; gives the
    /// three results and the parameters' addresses.
    fn svc(
        &mut self,
        host: &mut impl Host,
        service: Service,
        parms: Vec<P>,
    ) -> ((i32, u32, u32), Vec<u64>) {
        let loc = self.loc();
        let mut addrs = Vec::new();
        let mut lens = Vec::new();
        for p in parms.into_iter().chain([P::W(0), P::W(0), P::W(0)]) {
            let bytes = match p {
                P::W(w) => w.to_be_bytes().to_vec(),
                P::Buf(a) => match self.amode {
                    Amode::Amode31 => (a as u32).to_be_bytes().to_vec(),
                    Amode::Amode64 => a.to_be_bytes().to_vec(),
                },
                P::Area(b) => b,
            };
            addrs.push(self.storage.obtain_with(&bytes, loc).unwrap());
            lens.push(bytes.len() as u64);
        }
        let n = addrs.len();
        let list = parm_list(self.amode, &addrs);
        let list_at = self.storage.obtain_with(&list, loc).unwrap();
        let mut regs = Regs::default();
        regs.gpr[1] = list_at;
        let dump = |st: &Storage| {
            let mut out = format!("R1 list\n{}", st.dump(list_at, list.len() as u64).unwrap());
            for (i, (at, len)) in addrs.iter().zip(&lens).enumerate() {
                let label = match n - i {
                    3 => "Return_value".to_string(),
                    2 => "Return_code".to_string(),
                    1 => "Reason_code".to_string(),
                    _ => format!("parm {}", i + 1),
                };
                out.push_str(&format!("{label}\n{}", st.dump(*at, *len).unwrap()));
            }
            out
        };
        let before = dump(&self.storage);
        trustplex::api::bpx::bpx(service, self.amode, &mut regs, &mut self.storage, host).unwrap();
        let after = dump(&self.storage);
        self.trace.push(format!(
            "CALL {}\n-- before\n{before}-- after\n{after}",
            service.name(self.amode)
        ));
        let w = |i: usize| self.storage.read_u32(addrs[n - 3 + i]).unwrap();
        ((w(0) as i32, w(1), w(2)), addrs)
    }
}

fn sin(addr: &str) -> Vec<u8> {
    trustplex::areas::sockaddr::SockaddrIn::new(addr.parse().unwrap()).to_bytes()
}

/// Return_value, Return_code and Reason_code as a z/OS programmer reads them.
fn r3((rv, rc, rsn): (i32, u32, u32)) -> String {
    if rv == -1 {
        format!("-1/{rc}/{rsn:08X}")
    } else {
        format!("{rv}")
    }
}

/// The seed's trusted server and client written against the BPX socket services alone, the
/// server in AMODE 64 and the client in AMODE 31, running under the scheduler: socket,
/// SIOCSPARTNERINFO, bind, listen, accept / connect, SIOCGPARTNERINFO, getsockopt
/// SO_CLUSTERCONNTYPE, write, read, close.
#[test]
fn the_seed_flows_through_the_bpx_socket_services() {
    use trustplex::areas::sockopt::{SO_CLUSTERCONNTYPE, SOL_SOCKET};
    let s = Scenario::from_toml("seed-plex.toml", SEED_PLEX).unwrap();
    let mut run = s.run();
    let traces: std::sync::Arc<std::sync::Mutex<Vec<String>>> = Default::default();
    let out = traces.clone();
    run.program("TRSTSRV", move |t| {
        let mut pg = Prog::new(Amode::Amode64);
        let (r, a) = pg.svc(
            t,
            Service::Socket,
            vec![P::W(2), P::W(1), P::W(0), P::W(1), P::Area(vec![0; 8])],
        );
        assert_eq!(r, (0, 0, 0));
        let l = pg.storage.read_u32(a[4]).unwrap();
        let set = pg
            .svc(
                t,
                Service::Ioctl,
                vec![
                    P::W(l),
                    P::W(SIOCSPARTNERINFO),
                    P::W(4),
                    P::Area(3u32.to_be_bytes().to_vec()),
                ],
            )
            .0;
        let bind = pg
            .svc(
                t,
                Service::Bind,
                vec![P::W(l), P::W(16), P::Area(sin("10.1.2.1:4000"))],
            )
            .0;
        let listen = pg.svc(t, Service::Listen, vec![P::W(l), P::W(5)]).0;
        let (acc, a) = pg.svc(
            t,
            Service::Accept,
            vec![P::W(l), P::W(16), P::Area(vec![0; 16])],
        );
        let peer = pg.storage.read(a[2], 16).unwrap();
        let s = acc.0 as u32;
        let (get, a) = pg.svc(
            t,
            Service::Ioctl,
            vec![
                P::W(s),
                P::W(SIOCGPARTNERINFO),
                P::W(200),
                P::Area(pi(PiReqType::PartnerSeccred, 10)),
            ],
        );
        let info = PartnerInfo::parse(&pg.storage.read(a[3], 200).unwrap()).unwrap();
        let (opt, a) = pg.svc(
            t,
            Service::Opt,
            vec![
                P::W(s),
                P::W(1),
                P::W(SOL_SOCKET),
                P::W(SO_CLUSTERCONNTYPE),
                P::W(4),
                P::Area(vec![0; 4]),
            ],
        );
        let routing = pg.storage.read_u32(a[5]).unwrap();
        let buf = pg.storage.obtain(100, Loc::Above2G).unwrap();
        let read = pg
            .svc(
                t,
                Service::Read,
                vec![P::W(s), P::Buf(buf), P::W(0), P::W(100)],
            )
            .0;
        let got = pg.storage.read(buf, read.0 as u64).unwrap();
        let write = pg
            .svc(
                t,
                Service::Write,
                vec![P::W(s), P::Buf(buf), P::W(0), P::W(read.0 as u32)],
            )
            .0;
        let close = pg.svc(t, Service::Close, vec![P::W(s)]).0;
        t.say(format!(
            "SIOCS {} BND {} LSN {} ACP {} from {}",
            r3(set),
            r3(bind),
            r3(listen),
            r3(acc),
            trustplex::areas::sockaddr::summary_in(&peer).unwrap()
        ));
        t.say(format!(
            "SIOCG {} {:?}/{:?} OPT {} routing {routing}",
            r3(get),
            info.as_userid(),
            info.task_userid(),
            r3(opt)
        ));
        t.say(format!(
            "RED {} {:?} WRT {} CLO {}",
            r3(read),
            String::from_utf8_lossy(&got),
            r3(write),
            r3(close)
        ));
        out.lock().unwrap().push(pg.trace.join("\n"));
    })
    .unwrap();
    let out2 = traces.clone();
    run.program("TRSTCLI", move |t| {
        let mut pg = Prog::new(Amode::Amode31);
        let (_, a) = pg.svc(
            t,
            Service::Socket,
            vec![P::W(2), P::W(1), P::W(6), P::W(1), P::Area(vec![0; 8])],
        );
        let c = pg.storage.read_u32(a[4]).unwrap();
        let con = pg
            .svc(
                t,
                Service::Connect,
                vec![P::W(c), P::W(16), P::Area(sin("10.1.2.1:4000"))],
            )
            .0;
        let (get, a) = pg.svc(
            t,
            Service::Ioctl,
            vec![
                P::W(c),
                P::W(SIOCGPARTNERINFO),
                P::W(40),
                P::Area(pi(PiReqType::PartnerUserid, 10)),
            ],
        );
        let info = PartnerInfo::parse(&pg.storage.read(a[3], 40).unwrap()).unwrap();
        let buf = pg.storage.obtain_with(b"PING", Loc::Below2G).unwrap();
        let write = pg
            .svc(
                t,
                Service::Write,
                vec![P::W(c), P::Buf(buf), P::W(0), P::W(4)],
            )
            .0;
        let read = pg
            .svc(
                t,
                Service::Read,
                vec![P::W(c), P::Buf(buf), P::W(0), P::W(4)],
            )
            .0;
        // Errors come back in z/OS UNIX numbering with a reason code.
        let bad = pg
            .svc(
                t,
                Service::Socket,
                vec![P::W(10), P::W(1), P::W(0), P::W(1), P::Area(vec![0; 8])],
            )
            .0;
        let again = pg
            .svc(
                t,
                Service::Connect,
                vec![P::W(c), P::W(16), P::Area(sin("10.1.2.1:4000"))],
            )
            .0;
        let closed = pg.svc(t, Service::Close, vec![P::W(c)]).0;
        let twice = pg.svc(t, Service::Close, vec![P::W(c)]).0;
        t.say(format!(
            "CON {} SIOCG {} {:?} WRT {} RED {}",
            r3(con),
            r3(get),
            info.as_userid(),
            r3(write),
            r3(read)
        ));
        t.say(format!(
            "AF 10 {}; CON again {}; CLO {} then {}",
            r3(bad),
            r3(again),
            r3(closed),
            r3(twice)
        ));
        out2.lock().unwrap().push(pg.trace.join("\n"));
    })
    .unwrap();
    run.program("PC", |_| {}).unwrap();
    let r = run.run().unwrap();
    assert!(r.failures.is_empty(), "{:?}", r.failures);
    insta::assert_snapshot!("bpx-socket-services", r.transcript());
    let mut traces = traces.lock().unwrap().clone();
    traces.sort();
    insta::assert_snapshot!("bpx-socket-services-storage", traces.join("\n======\n"));
}

/// LE C: `w_ioctl()` for SIOCGPARTNERINFO, `ioctl()` for the commands with a length in their
/// word, `getsockopt()` for SO_CLUSTERCONNTYPE, errno and `__errno2()` in z/OS UNIX terms.
#[test]
fn le_c_ioctl_w_ioctl_getsockopt_errno_and_errno2() {
    use trustplex::api::lec::LeC;
    use trustplex::areas::sockopt::{
        SO_CLUSTERCONNTYPE, SO_KEEPALIVE, SO_LINGER, SO_TYPE, SOL_SOCKET,
    };
    let (mut p, srv, cli) = plex();
    listen(&mut p, srv, 5);
    let mut h = Direct {
        plex: &mut p,
        task: cli,
    };
    let mut c = LeC::new(Amode::Amode64);
    let fd = h.socket(Family::Inet, SockType::Stream).unwrap();
    let set = c
        .storage
        .obtain_with(&2u32.to_be_bytes(), Loc::Above2G)
        .unwrap();
    assert_eq!(
        c.ioctl(&mut h, fd, SIOCSPARTNERINFO, set),
        Ok(0),
        "before connect"
    );
    h.connect(fd, "10.1.2.1:4000".parse().unwrap()).unwrap();
    assert_eq!(c.ioctl(&mut h, fd, SIOCSPARTNERINFO, set), Ok(-1));
    assert_eq!(
        (c.errno(), c.errno2()),
        (1112, 0x7CE3_0000),
        "EOPNOTSUPP after connect"
    );
    let area = c
        .storage
        .obtain_with(&pi(PiReqType::PartnerUserid, 10), Loc::Above2G)
        .unwrap();
    assert_eq!(c.ioctl(&mut h, fd, SIOCGPARTNERINFO, area), Ok(-1));
    assert_eq!(
        c.errno(),
        121,
        "ioctl() passes no length for SIOCGPARTNERINFO: EINVAL"
    );
    let before = c.storage.dump(area, 40).unwrap();
    assert_eq!(c.w_ioctl(&mut h, fd, SIOCGPARTNERINFO, 40, area), Ok(0));
    insta::assert_snapshot!(
        "lec-w_ioctl-storage",
        format!(
            "w_ioctl(fd, SIOCGPARTNERINFO, 40, area)\n-- before\n{before}-- after\n{}errno {} __errno2() {:08X} (left by the failed ioctl(): C never clears errno)",
            c.storage.dump(area, 40).unwrap(),
            c.errno(),
            c.errno2()
        )
    );
    let got = PartnerInfo::parse(&c.storage.read(area, 40).unwrap()).unwrap();
    assert_eq!(got.as_userid().as_deref(), Some("TRSTSRV"));
    assert_eq!(
        c.w_ioctl(&mut h, fd, SIOCGPARTNERINFO, 50_001, area),
        Ok(-1)
    );
    assert_eq!(
        (c.errno(), c.errno2()),
        (121, 0x7CE3_012A),
        "LE C's own arglen limit"
    );
    let optval = c.storage.obtain(4, Loc::Above2G).unwrap();
    let optlen = c
        .storage
        .obtain_with(&4u32.to_be_bytes(), Loc::Above2G)
        .unwrap();
    assert_eq!(
        c.getsockopt(&mut h, fd, SOL_SOCKET, SO_CLUSTERCONNTYPE, optval, optlen),
        Ok(0)
    );
    assert_eq!(c.storage.read_u32(optval), Ok(0x0A));
    assert_eq!(c.storage.read_u32(optlen), Ok(4));
    // SO_TYPE reads SOCK_STREAM; SO_KEEPALIVE set and read back; SO_LINGER is two fullwords.
    assert_eq!(
        c.getsockopt(&mut h, fd, SOL_SOCKET, SO_TYPE, optval, optlen),
        Ok(0)
    );
    assert_eq!(c.storage.read_u32(optval), Ok(1));
    let on = c
        .storage
        .obtain_with(&1u32.to_be_bytes(), Loc::Above2G)
        .unwrap();
    assert_eq!(
        c.setsockopt(&mut h, fd, SOL_SOCKET, SO_KEEPALIVE, on, 4),
        Ok(0)
    );
    assert_eq!(
        c.getsockopt(&mut h, fd, SOL_SOCKET, SO_KEEPALIVE, optval, optlen),
        Ok(0)
    );
    assert_eq!(c.storage.read_u32(optval), Ok(1));
    assert_eq!(
        c.getsockopt(&mut h, fd, SOL_SOCKET, SO_LINGER, optval, optlen),
        Ok(-1)
    );
    assert_eq!(
        (c.errno(), c.errno2()),
        (121, 0x7CE3_026F),
        "EINVAL JRBuff: 4 bytes cannot hold a linger"
    );
    assert_eq!(
        c.setsockopt(&mut h, fd, SOL_SOCKET, SO_LINGER, on, 4),
        Ok(-1)
    );
    assert_eq!((c.errno(), c.errno2()), (121, 0x7CE3_012A), "too short");
    assert_eq!(c.setsockopt(&mut h, fd, SOL_SOCKET, SO_TYPE, on, 4), Ok(-1));
    assert_eq!(
        (c.errno(), c.errno2()),
        (1109, 0x7CE3_026E),
        "ENOPROTOOPT JRInvOpOpt: SO_TYPE is get only"
    );
    assert_eq!(
        c.getsockopt(&mut h, fd, SOL_SOCKET, 0x7777, optval, optlen),
        Ok(-1)
    );
    assert_eq!(
        (c.errno(), c.errno2()),
        (1109, 0x7CE3_0270),
        "ENOPROTOOPT JROptNotSupp for an option the model does not answer"
    );
    assert_eq!(c.getsockopt(&mut h, fd, 41, 1, optval, optlen), Ok(-1));
    assert_eq!(
        (c.errno(), c.errno2()),
        (1109, 0x7CE3_026C),
        "ENOPROTOOPT JRLevelNotSupp for IPPROTO_IPV6"
    );
}

/// The authorization matrix: every entry point x (APF, supervisor state, READ to the
/// SERVAUTH profile, none) x every request type. Routing alone never needs authorization;
/// credentials without it are EACCES: 111 with JRSAFNotAuthorized for BPX1IOC, BPX4IOC and LE C,
/// 13 for EZASOKET and EZASMI.
#[test]
fn authorization_matrix() {
    use trustplex::api::lec::LeC;
    use trustplex::sysplex::JobIdentity;
    let text = SEED_PLEX.replace(
        "\"ADDUSER USER1\",",
        "\"ADDUSER USER1\",\n  \"ADDUSER NOBODY\",",
    );
    let sc = Scenario::from_toml("seed-plex.toml", &text).unwrap();
    let mut p = sc.sysplex();
    let srv = p.add_job(sc.jobs[0].ident.clone()).unwrap();
    listen(&mut p, srv, 50);
    let base = sc.jobs[1].ident.clone();
    let who = [
        ("APF", "NOBODY", true, false, 0),
        ("supervisor", "NOBODY", false, true, 0),
        ("READ", "TRSTCLI", false, false, 0),
        ("none", "NOBODY", false, false, 111),
    ];
    let mut rows = Vec::new();
    for (label, user, apf, supervisor, denied) in who {
        let ident = JobIdentity {
            name: format!("C{label}")
                .chars()
                .take(8)
                .collect::<String>()
                .to_uppercase(),
            user: Some(user.into()),
            task_user: None,
            apf,
            supervisor,
            ..base.clone()
        };

        let task = p.add_job(ident).unwrap();
        let mut h = Direct { plex: &mut p, task };
        let fd = h.socket(Family::Inet, SockType::Stream).unwrap();
        h.connect(fd, "10.1.2.1:4000".parse().unwrap()).unwrap();
        for reqtype in [
            PiReqType::Conntype,
            PiReqType::PartnerUserid,
            PiReqType::PartnerUtoken,
            PiReqType::PartnerSeccred,
        ] {
            let want = if reqtype == PiReqType::Conntype {
                0
            } else {
                denied
            };
            let area = pi(reqtype, 10);
            for amode in [Amode::Amode31, Amode::Amode64] {
                let mut call = Ioc::new(amode, fd, SIOCGPARTNERINFO, &area);
                call.call(&mut h).unwrap();
                let (rv, rc, rsn) = call.results();
                let got = if rv == 0 { 0 } else { rc };
                assert_eq!(got, want, "{label} {reqtype:?} {amode:?}");
                if want != 0 {
                    assert_eq!(rsn, 0x7CE3_00DC, "JRSAFNotAuthorized");
                }
            }
            let mut c = LeC::new(Amode::Amode64);
            let at = c.storage.obtain_with(&area, Loc::Above2G).unwrap();
            let rc = c
                .w_ioctl(&mut h, fd, SIOCGPARTNERINFO, area.len() as u32, at)
                .unwrap();
            let got = if rc == 0 { 0 } else { c.errno() };
            assert_eq!(got, want, "LE C {label} {reqtype:?}");
            rows.push(format!("{label:<10} {:<28} LE C {got}", reqtype.name()));
            // EZASOKET: the same condition in TCPERRNO numbering (EACCES 13).
            let mut st = Storage::new();
            let mut ez = trustplex::api::ezasoket::Ezasoket::new();
            let (rc, e, _) = eza(
                &mut ez,
                &mut st,
                &mut h,
                "IOCTL",
                vec![
                    half(fd as u16),
                    P::W(SIOCGPARTNERINFO),
                    P::Area(area.clone()),
                    P::Area(vec![0; area.len()]),
                ],
            );
            let got = if rc == 0 { 0 } else { e };
            assert_eq!(
                got,
                if want == 0 { 0 } else { 13 },
                "EZASOKET {label} {reqtype:?}"
            );
            rows.push(format!("{label:<10} {:<28} EZASOKET {got}", reqtype.name()));
            // EZASMI: the same, from a macro with the area named.
            let mut syms = trustplex::api::ezasmi::Symbols::default();
            let mut mi = trustplex::api::ezasmi::Ezasmi::new();
            let mut regs = Regs::default();
            for (n, b) in [
                ("SOCKNO", (fd as u16).to_be_bytes().to_vec()),
                ("PIAREA", area.clone()),
                ("ERRNO", vec![0; 4]),
                ("RETCODE", vec![0; 4]),
            ] {
                syms.dc(&mut st, n, &b).unwrap();
            }
            mi.issue("EZASMI TYPE=TASK", &mut syms, &mut regs, &mut st, &mut h)
                .unwrap();
            mi.issue(
                "EZASMI TYPE=IOCTL,S=SOCKNO,COMMAND='SIOCGPARTNERINFO',REQARG=PIAREA,\
RETARG=PIAREA,ERRNO=ERRNO,RETCODE=RETCODE",
                &mut syms,
                &mut regs,
                &mut st,
                &mut h,
            )
            .unwrap();
            let word = |n| st.read_u32(syms.get(n).unwrap()).unwrap();
            let got = if word("RETCODE") == 0 {
                0
            } else {
                word("ERRNO")
            };
            assert_eq!(
                got,
                if want == 0 { 0 } else { 13 },
                "EZASMI {label} {reqtype:?}"
            );
            rows.push(format!("{label:<10} {:<28} EZASMI {got}", reqtype.name()));
        }
    }
    insta::assert_snapshot!("authorization-matrix", rows.join("\n"));
}

/// `CALL 'EZASOKET' USING SOC-FUNCTION parms... ERRNO RETCODE` laid out below the bar:
/// (RETCODE, ERRNO, the parameters' addresses).
fn eza(
    ez: &mut trustplex::api::ezasoket::Ezasoket,
    s: &mut Storage,
    h: &mut impl Host,
    function: &str,
    parms: Vec<P>,
) -> (i32, u32, Vec<u64>) {
    let name =
        trustplex::codepage::pad_field::<16>(function, trustplex::codepage::CodePage::Ibm1047)
            .unwrap();
    let mut addrs = vec![s.obtain_with(&name, Loc::Below2G).unwrap()];
    for p in parms.into_iter().chain([P::W(0), P::W(0)]) {
        let bytes = match p {
            P::W(w) => w.to_be_bytes().to_vec(),
            P::Buf(a) => (a as u32).to_be_bytes().to_vec(),
            P::Area(b) => b,
        };
        addrs.push(s.obtain_with(&bytes, Loc::Below2G).unwrap());
    }
    let n = addrs.len();
    let mut regs = Regs::default();
    regs.gpr[1] = s
        .obtain_with(&parm_list(Amode::Amode31, &addrs), Loc::Below2G)
        .unwrap();
    ez.call(&mut regs, s, h).unwrap();
    let rc = s.read_u32(addrs[n - 1]).unwrap() as i32;
    let errno = s.read_u32(addrs[n - 2]).unwrap();
    (rc, errno, addrs)
}

fn half(v: u16) -> P {
    P::Area(v.to_be_bytes().to_vec())
}

/// An EZASOKET NAME: FAMILY halfword 2, PORT, IP-ADDRESS, 8 reserved bytes.
fn eza_name(addr: &str) -> Vec<u8> {
    let a: std::net::SocketAddrV4 = addr.parse().unwrap();
    let mut b = 2u16.to_be_bytes().to_vec();
    b.extend_from_slice(&a.port().to_be_bytes());
    b.extend_from_slice(&a.ip().octets());
    b.extend_from_slice(&[0; 8]);
    b
}

/// The seed's client through EZASOKET: INITAPI, SOCKET, CONNECT, IOCTL SIOCGPARTNERINFO,
/// GETSOCKOPT SO_CLUSTERCONNTYPE, WRITE, CLOSE, TERMAPI; errors in TCPERRNO numbering.
#[test]
fn the_seed_client_through_ezasoket() {
    use trustplex::api::ezasoket::Ezasoket;
    use trustplex::areas::sockopt::{SO_CLUSTERCONNTYPE, SO_KEEPALIVE};
    let (mut p, srv, cli) = plex();
    listen(&mut p, srv, 5);
    let mut h = Direct {
        plex: &mut p,
        task: cli,
    };
    let mut st = Storage::new();
    let mut ez = Ezasoket::new();
    let mut log = Vec::new();
    let (rc, _, a) = eza(
        &mut ez,
        &mut st,
        &mut h,
        "INITAPI",
        vec![
            half(0),
            P::Area(vec![0x40; 16]),
            P::Area(vec![0x40; 8]),
            P::W(0),
        ],
    );
    log.push(format!(
        "INITAPI {rc} MAXSNO {}",
        st.read_u32(a[4]).unwrap()
    ));
    let (s, _, _) = eza(
        &mut ez,
        &mut st,
        &mut h,
        "SOCKET",
        vec![P::W(2), P::W(1), P::W(0)],
    );
    log.push(format!("SOCKET {s}"));
    let (rc, _, _) = eza(
        &mut ez,
        &mut st,
        &mut h,
        "CONNECT",
        vec![half(s as u16), P::Area(eza_name("10.1.2.1:4000"))],
    );
    log.push(format!("CONNECT {rc}"));
    let (rc, _, a) = eza(
        &mut ez,
        &mut st,
        &mut h,
        "IOCTL",
        vec![
            half(s as u16),
            P::W(SIOCGPARTNERINFO),
            P::Area(pi(PiReqType::PartnerUserid, 10)),
            P::Area(vec![0; 40]),
        ],
    );
    let got = PartnerInfo::parse(&st.read(a[4], 40).unwrap()).unwrap();
    log.push(format!("IOCTL SIOCGPARTNERINFO {rc} {:?}", got.as_userid()));
    // That call's storage afterwards: SOC-FUNCTION, S, COMMAND, REQARG, RETARG, ERRNO and
    // RETCODE, as IPCS shows them.
    let storage: Vec<String> = [(0, 16), (1, 2), (2, 4), (3, 40), (4, 40), (5, 4), (6, 4)]
        .iter()
        .map(|&(i, len)| st.dump(a[i], len).unwrap())
        .collect();
    insta::assert_snapshot!("ezasoket-ioctl-storage", storage.concat());
    let (rc, e, _) = eza(
        &mut ez,
        &mut st,
        &mut h,
        "GETSOCKOPT",
        vec![half(s as u16), P::W(SO_CLUSTERCONNTYPE), P::W(0), P::W(0)],
    );
    log.push(format!("GETSOCKOPT SO_CLUSTERCONNTYPE {rc} ERRNO {e}"));
    let (rc, _, _) = eza(
        &mut ez,
        &mut st,
        &mut h,
        "SETSOCKOPT",
        vec![half(s as u16), P::W(SO_KEEPALIVE), P::W(1), P::W(4)],
    );
    log.push(format!("SETSOCKOPT SO_KEEPALIVE {rc}"));
    let (rc, _, a) = eza(
        &mut ez,
        &mut st,
        &mut h,
        "GETSOCKOPT",
        vec![half(s as u16), P::W(SO_KEEPALIVE), P::W(0), P::W(0)],
    );
    log.push(format!(
        "GETSOCKOPT SO_KEEPALIVE {rc} value {} len {}",
        st.read_u32(a[3]).unwrap(),
        st.read_u32(a[4]).unwrap()
    ));
    let (rc, _, _) = eza(
        &mut ez,
        &mut st,
        &mut h,
        "WRITE",
        vec![half(s as u16), P::W(4), P::Area(b"PING".to_vec())],
    );
    log.push(format!("WRITE {rc}"));
    let (rc, e, _) = eza(
        &mut ez,
        &mut st,
        &mut h,
        "IOCTL",
        vec![half(s as u16), P::W(SIOCSPARTNERINFO), P::W(1), P::W(0)],
    );
    log.push(format!(
        "IOCTL SIOCSPARTNERINFO after connect {rc} ERRNO {e}"
    ));
    let (rc, e, _) = eza(
        &mut ez,
        &mut st,
        &mut h,
        "socket",
        vec![P::W(2), P::W(1), P::W(0)],
    );
    log.push(format!("lower-case socket {rc} ERRNO {e}"));
    let (rc, e, _) = eza(
        &mut ez,
        &mut st,
        &mut h,
        "SOCKET",
        vec![P::W(10), P::W(1), P::W(0)],
    );
    log.push(format!("SOCKET AF 10 {rc} ERRNO {e}"));
    let (rc, _, _) = eza(&mut ez, &mut st, &mut h, "CLOSE", vec![half(s as u16)]);
    log.push(format!("CLOSE {rc}"));
    let (rc, e, _) = eza(&mut ez, &mut st, &mut h, "CLOSE", vec![half(s as u16)]);
    log.push(format!("CLOSE again {rc} ERRNO {e}"));
    insta::assert_snapshot!("ezasoket-client", log.join("\n"));
}

/// A program calling EZASOKET, each call traced: the parameter list and every parameter as
/// IPCS shows them, before and after.
struct EzaProgram {
    st: Storage,
    ez: trustplex::api::ezasoket::Ezasoket,
    trace: Vec<String>,
}

impl EzaProgram {
    fn new() -> EzaProgram {
        EzaProgram {
            st: Storage::new(),
            ez: trustplex::api::ezasoket::Ezasoket::new(),
            trace: Vec::new(),
        }
    }

    /// `CALL 'EZASOKET' USING SOC-FUNCTION parms... ERRNO RETCODE`: (RETCODE, ERRNO, the
    /// parameters' addresses).
    fn call(&mut self, h: &mut impl Host, function: &str, parms: Vec<P>) -> (i32, u32, Vec<u64>) {
        let name =
            trustplex::codepage::pad_field::<16>(function, trustplex::codepage::CodePage::Ibm1047)
                .unwrap();
        let mut areas = vec![(self.st.obtain_with(&name, Loc::Below2G).unwrap(), 16)];
        for p in parms.into_iter().chain([P::W(0), P::W(0)]) {
            let bytes = match p {
                P::W(w) => w.to_be_bytes().to_vec(),
                P::Buf(a) => (a as u32).to_be_bytes().to_vec(),
                P::Area(b) => b,
            };
            let at = self.st.obtain_with(&bytes, Loc::Below2G).unwrap();
            areas.push((at, bytes.len() as u64));
        }
        let addrs: Vec<u64> = areas.iter().map(|a| a.0).collect();
        let list = parm_list(Amode::Amode31, &addrs);
        let list_at = self.st.obtain_with(&list, Loc::Below2G).unwrap();
        let dump = |st: &Storage| {
            let mut out = format!("R1 list\n{}", st.dump(list_at, list.len() as u64).unwrap());
            for (i, (at, len)) in areas.iter().enumerate().skip(1) {
                let label = match areas.len() - i {
                    2 => "ERRNO".to_string(),
                    1 => "RETCODE".to_string(),
                    _ => format!("parm {i}"),
                };
                out.push_str(&format!("{label}\n{}", st.dump(*at, *len).unwrap()));
            }
            out
        };
        let before = dump(&self.st);
        let mut regs = Regs::default();
        regs.gpr[1] = list_at;
        self.ez.call(&mut regs, &mut self.st, h).unwrap();
        let after = dump(&self.st);
        self.trace.push(format!(
            "CALL 'EZASOKET' USING '{function}'\n-- before\n{before}-- after\n{after}"
        ));
        let n = addrs.len();
        let rc = self.st.read_u32(addrs[n - 1]).unwrap() as i32;
        (rc, self.st.read_u32(addrs[n - 2]).unwrap(), addrs)
    }
}

/// The seed's server and client through EZASOKET under the scheduler, every call's storage
/// before and after: the server INITAPI, SOCKET, IOCTL SIOCSPARTNERINFO, BIND, LISTEN, ACCEPT,
/// IOCTL SIOCGPARTNERINFO, RECV, SEND, CLOSE, TERMAPI; the client SOCKET (default INITAPI),
/// CONNECT, IOCTL SIOCGPARTNERINFO, SETSOCKOPT, SEND, READ, CLOSE.
#[test]
fn the_seed_flows_through_ezasoket_traced() {
    use std::sync::{Arc, Mutex};
    use trustplex::areas::sockopt::SO_KEEPALIVE;
    let sc = Scenario::from_toml("seed-plex.toml", SEED_PLEX).unwrap();
    let mut run = sc.run();
    let traces: Arc<Mutex<Vec<String>>> = Arc::default();
    let out = traces.clone();
    run.program("TRSTSRV", move |t| {
        let mut p = EzaProgram::new();
        let mut log = Vec::new();
        let init = vec![
            half(10),
            P::Area(vec![0x40; 16]),
            P::Area(vec![0x40; 8]),
            P::W(0),
        ];
        log.push(format!("INITAPI {}", p.call(t, "INITAPI", init).0));
        let (l, _, _) = p.call(t, "SOCKET", vec![P::W(2), P::W(1), P::W(0)]);
        let l = l as u16;
        let set = vec![half(l), P::W(SIOCSPARTNERINFO), P::W(3), P::W(0)];
        log.push(format!("SIOCSPARTNERINFO {}", p.call(t, "IOCTL", set).0));
        let bind = vec![half(l), P::Area(eza_name("10.1.2.1:4000"))];
        log.push(format!("BIND {}", p.call(t, "BIND", bind).0));
        log.push(format!(
            "LISTEN {}",
            p.call(t, "LISTEN", vec![half(l), P::W(5)]).0
        ));
        let (s, _, _) = p.call(t, "ACCEPT", vec![half(l), P::Area(vec![0; 16])]);
        log.push(format!("ACCEPT {s}"));
        let s = s as u16;
        let get = vec![
            half(s),
            P::W(SIOCGPARTNERINFO),
            P::Area(pi(PiReqType::PartnerSeccred, 10)),
            P::Area(vec![0; 200]),
        ];
        let (rc, _, a) = p.call(t, "IOCTL", get);
        let info = PartnerInfo::parse(&p.st.read(a[4], 200).unwrap()).unwrap();
        log.push(format!(
            "SIOCGPARTNERINFO {rc} {:?} {:?}",
            info.as_userid(),
            info.task_userid()
        ));
        let (n, _, a) = p.call(
            t,
            "RECV",
            vec![half(s), P::W(0), P::W(8), P::Area(vec![0; 8])],
        );
        let got = p.st.read(a[4], n as u64).unwrap();
        log.push(format!("RECV {n}"));
        let send = vec![half(s), P::W(0), P::W(n as u32), P::Area(got)];
        log.push(format!("SEND {}", p.call(t, "SEND", send).0));
        log.push(format!("CLOSE {}", p.call(t, "CLOSE", vec![half(s)]).0));
        p.call(t, "TERMAPI", vec![]);
        t.say(log.join("; "));
        out.lock().unwrap().push(p.trace.join("\n"));
    })
    .unwrap();
    let out = traces.clone();
    run.program("TRSTCLI", move |t| {
        let mut p = EzaProgram::new();
        let mut log = Vec::new();
        let (c, _, _) = p.call(t, "SOCKET", vec![P::W(2), P::W(1), P::W(0)]);
        let c = c as u16;
        let con = vec![half(c), P::Area(eza_name("10.1.2.1:4000"))];
        log.push(format!("CONNECT {}", p.call(t, "CONNECT", con).0));
        let get = vec![
            half(c),
            P::W(SIOCGPARTNERINFO),
            P::Area(pi(PiReqType::PartnerUserid, 10)),
            P::Area(vec![0; 40]),
        ];
        let (rc, _, a) = p.call(t, "IOCTL", get);
        let info = PartnerInfo::parse(&p.st.read(a[4], 40).unwrap()).unwrap();
        log.push(format!("SIOCGPARTNERINFO {rc} {:?}", info.as_userid()));
        let opt = vec![half(c), P::W(SO_KEEPALIVE), P::W(1), P::W(4)];
        log.push(format!("SETSOCKOPT {}", p.call(t, "SETSOCKOPT", opt).0));
        let ping = vec![
            half(c),
            P::W(0),
            P::W(4),
            P::Area(vec![0xD7, 0xC9, 0xD5, 0xC7]),
        ];
        log.push(format!("SEND {}", p.call(t, "SEND", ping).0));
        let read = vec![half(c), P::W(4), P::Area(vec![0; 4])];
        log.push(format!("READ {}", p.call(t, "READ", read).0));
        log.push(format!("CLOSE {}", p.call(t, "CLOSE", vec![half(c)]).0));
        t.say(log.join("; "));
        out.lock().unwrap().push(p.trace.join("\n"));
    })
    .unwrap();
    run.program("PC", |_| {}).unwrap();
    let r = run.run().unwrap();
    assert!(r.failures.is_empty(), "{:?}", r.failures);
    insta::assert_snapshot!("ezasoket-seed-flows", r.transcript());
    let mut traces = traces.lock().unwrap().clone();
    traces.sort();
    insta::assert_snapshot!("ezasoket-seed-storage", traces.join("\n======\n"));
}

/// EZASOKET's bad parameter lists: a list without the VL bit running off the end of storage,
/// R1 or SOC-FUNCTION nowhere (nothing can be reported: S0C4), a parameter nowhere (EFAULT,
/// TCPERRNO 14), the wrong number of parameters (EINVAL 22).
#[test]
fn ezasoket_bad_parameter_lists() {
    use trustplex::api::ezasoket::Ezasoket;
    let (mut p, _, cli) = plex();
    let mut h = Direct {
        plex: &mut p,
        task: cli,
    };
    let mut st = Storage::new();
    let mut ez = Ezasoket::new();
    let name =
        trustplex::codepage::pad_field::<16>("CLOSE", trustplex::codepage::CodePage::Ibm1047)
            .unwrap();
    let f = st.obtain_with(&name, Loc::Below2G).unwrap();
    let s = st.obtain_with(&[0, 0], Loc::Below2G).unwrap();
    let e = st.obtain(4, Loc::Below2G).unwrap();
    let r = st.obtain(4, Loc::Below2G).unwrap();
    let mut call = |st: &mut Storage, words: &[u32]| {
        let bytes: Vec<u8> = words.iter().flat_map(|w| w.to_be_bytes()).collect();
        let list = st.obtain_with(&bytes, Loc::Below2G).unwrap();
        let mut regs = Regs::default();
        regs.gpr[1] = list;
        let out = ez.call(&mut regs, st, &mut h);
        (out, st.read_u32(r).unwrap() as i32, st.read_u32(e).unwrap())
    };
    let a = |x: u64| x as u32;
    // No VL bit: the list runs into storage nobody obtained.
    let (out, _, _) = call(&mut st, &[a(f), a(s), a(e), a(r)]);
    assert!(
        matches!(&out, Err(Abend { entry, fault: Fault::NotObtained { .. } }) if entry == "EZASOKET"),
        "{out:?}"
    );
    // SOC-FUNCTION nowhere.
    let (out, _, _) = call(&mut st, &[0x0070_0000, a(s), a(e), a(r) | 0x8000_0000]);
    assert!(out.is_err(), "{out:?}");
    // S nowhere: EFAULT.
    let (out, rc, errno) = call(&mut st, &[a(f), 0x0070_0000, a(e), a(r) | 0x8000_0000]);
    assert_eq!((out, rc, errno), (Ok(()), -1, 14));
    // CLOSE with an extra parameter: EINVAL.
    let (out, rc, errno) = call(&mut st, &[a(f), a(s), a(s), a(e), a(r) | 0x8000_0000]);
    assert_eq!((out, rc, errno), (Ok(()), -1, 22));
    // R1 nowhere.
    let mut regs = Regs::default();
    regs.gpr[1] = 0x0070_0000;
    assert!(ez.call(&mut regs, &mut st, &mut h).is_err());
}
