//! Whole scenarios driven from Rust: client and server tasks on SYS1 and SYS2 (and a host
//! outside the sysplex) running under the scheduler, for every row of issue 3's routing
//! (item 5) and partner-credential (item 6) behaviour, plus the seed's worked example as
//! Netstat, NMI and XCF-trace snapshots.

use std::net::SocketAddr;

use trustplex::areas::Area;
use trustplex::areas::dump::ipcs;
use trustplex::areas::partnerinfo::{CredFlags, PartnerInfo, PiReqType};
use trustplex::codepage::CodePage;
use trustplex::scenario::Scenario;
use trustplex::sysplex::netstat;
use trustplex::sysplex::sched::{RunReport, TaskCtx};
use trustplex::sysplex::{Family, OptValue, SockOpt, SockType, SysplexError};

const SEED_PLEX: &str = include_str!("../fixtures/scenarios/seed-plex.toml");
const WORKED: &str = include_str!("../fixtures/scenarios/seed-worked-example.toml");

fn sa(s: &str) -> SocketAddr {
    s.parse().expect("socket address")
}

/// The request as the caller builds it.
fn area(t: PiReqType, timeout: u32) -> Vec<u8> {
    PartnerInfo::request(t, t.required_len(), timeout).to_bytes()
}

/// `ok FLAGS CONN ASUSER TASKUSER` or the error's variant, for the transcript.
fn ask(t: &TaskCtx, fd: u32, reqtype: PiReqType, timeout: u32) -> String {
    let mut a = area(reqtype, timeout);
    show(t.siocgpartnerinfo(fd, &mut a), &a)
}

fn show(r: Result<CredFlags, SysplexError>, a: &[u8]) -> String {
    match r {
        Ok(flags) => {
            let pi = PartnerInfo::parse(a).expect("a filled area parses");
            let mut s = format!("ok {:02X} {:02X}", flags.bits(), pi.header.conntype.bits());
            for u in [pi.as_userid(), pi.task_userid()].into_iter().flatten() {
                s.push(' ');
                s.push_str(&u);
            }
            if let Some(tok) = pi.as_utoken() {
                s.push_str(&format!(" utoken:{}", tok.user()));
            }
            if let Some(tok) = pi.task_utoken() {
                s.push_str(&format!(" task-utoken:{}", tok.user()));
            }
            s
        }
        Err(e) => format!("{e:?}"),
    }
}

fn check(r: &RunReport) {
    assert!(r.failures.is_empty(), "{:?}", r.failures);
    assert!(r.deadlock.is_none(), "{}", r.transcript());
}

/// The seed plex as the scenario file gives it: a trusted server on SYS2/TCPCS2, a trusted
/// client with a task-level user on SYS1/TCPCS1, and a client outside the sysplex. The client
/// waits for its partner's credentials after connect (the seed's first example); the server
/// issued SIOCSPARTNERINFO before listen (the seed's last example).
#[test]
fn the_seed_plex_runs_with_the_seed_results() {
    let scenario = Scenario::from_toml("seed-plex.toml", SEED_PLEX).unwrap();
    let mut run = scenario.run();
    run.program("TRSTSRV", |t| {
        let l = t.socket(Family::Inet, SockType::Stream).unwrap();
        t.siocspartnerinfo(l, PiReqType::PartnerSeccred).unwrap();
        t.bind(l, sa("0.0.0.0:4000")).unwrap();
        t.listen(l, 5).unwrap();
        for _ in 0..2 {
            let (s, from) = t.accept(l).unwrap();
            t.say(format!("accepted {from}"));
            t.say(format!("  routing {}", ask(t, s, PiReqType::Conntype, 0)));
            t.say(format!(
                "  seccred {}",
                ask(t, s, PiReqType::PartnerSeccred, 5)
            ));
            let msg = t.recv(s, 100).unwrap();
            t.send(s, &msg).unwrap();
            t.close(s).unwrap();
        }
    })
    .unwrap();
    run.program("TRSTCLI", |t| {
        let c = t.socket(Family::Inet, SockType::Stream).unwrap();
        t.connect(c, sa("10.1.2.1:4000")).unwrap();
        t.say(format!(
            "userid {}",
            ask(t, c, PiReqType::PartnerUserid, 10)
        ));
        t.send(c, b"TRUSTED").unwrap();
        t.say(String::from_utf8_lossy(&t.recv(c, 100).unwrap()).into_owned());
    })
    .unwrap();
    run.program("PC", |t| {
        let c = t.socket(Family::Inet, SockType::Stream).unwrap();
        t.connect(c, sa("10.1.2.1:4000")).unwrap();
        t.send(c, b"OUTSIDER").unwrap();
        t.say(String::from_utf8_lossy(&t.recv(c, 100).unwrap()).into_owned());
    })
    .unwrap();
    let r = run.run().unwrap();
    check(&r);
    assert_eq!(
        r.said("TRSTCLI"),
        ["userid ok 80 0A TRSTSRV", "TRUSTED"],
        "the client gets the server's user ID and SAME_CLUSTER|INTERNAL"
    );
    assert_eq!(
        r.said("TRSTSRV"),
        [
            "accepted 192.0.2.10:1024",
            "  routing ok 00 01",
            "  seccred NoPartnerInfo",
            "accepted 10.1.1.1:1024",
            "  routing ok 00 0A",
            "  seccred ok F0 0A TRSTCLI USER1 utoken:TRSTCLI task-utoken:USER1",
        ],
        "the outsider has no credentials; the trusted client's were collected at accept"
    );
    assert_eq!(r.said("PC"), ["OUTSIDER"]);
    insta::assert_snapshot!("seed-plex-transcript", r.transcript());
    insta::assert_snapshot!("seed-plex-xcf-trace", r.plex.xcf_trace().join("\n"));
}

/// The seed's worked example: TcpClusterConnFlag 8E and TcpTrustedPartner E0 on the server's
/// connection, in the Netstat ALL report and in the NMI connection entry.
#[test]
fn the_seed_worked_example_shows_8e_and_e0() {
    let scenario = Scenario::from_toml("seed-worked-example.toml", WORKED).unwrap();
    let mut run = scenario.run();
    run.program("TRSTSRV", |t| {
        let l = t.socket(Family::Inet, SockType::Stream).unwrap();
        t.siocspartnerinfo(l, PiReqType::PartnerSeccred).unwrap();
        t.bind(l, sa("10.1.1.2:4000")).unwrap();
        t.listen(l, 5).unwrap();
        let (s, _) = t.accept(l).unwrap();
        // Something else to do first; by then the credentials are stored (the seed).
        t.sleep_us(10_000);
        t.say(ask(t, s, PiReqType::PartnerSeccred, 0));
        let _ = t.recv(s, 100);
    })
    .unwrap();
    run.program("TRSTCLI", |t| {
        let c = t.socket(Family::Inet, SockType::Stream).unwrap();
        t.connect(c, sa("10.1.1.2:4000")).unwrap();
        t.say(ask(t, c, PiReqType::PartnerUserid, 10));
        t.send(c, b"HELLO").unwrap();
        t.sleep_us(1_000_000);
    })
    .unwrap();
    let r = run.run().unwrap();
    check(&r);
    assert_eq!(r.said("TRSTSRV"), ["ok A0 0E TRSTCLI utoken:TRSTCLI"]);
    assert_eq!(r.said("TRSTCLI"), ["ok 80 0E TRSTSRV"]);
    let cs1 = r.plex.topology().stack("TCPCS1").unwrap();
    let cs2 = r.plex.topology().stack("TCPCS2").unwrap();
    let report = netstat::all(&r.plex, cs2);
    assert!(report.contains("TcpClusterConnFlag: 8E"), "{report}");
    assert!(report.contains("TcpTrustedPartner:  E0"), "{report}");
    insta::assert_snapshot!("worked-example-netstat-tcpcs2", report);
    insta::assert_snapshot!("worked-example-netstat-tcpcs1", netstat::all(&r.plex, cs1));
    insta::assert_snapshot!("worked-example-xcf-trace", r.plex.xcf_trace().join("\n"));
    let entries = netstat::nmi_entries(&r.plex, cs2);
    let conn = &entries[1];
    assert_eq!((conn.cluster_conn_flag, conn.trusted_partner), (0x8E, 0xE0));
    let bytes = conn.to_bytes();
    assert_eq!((bytes[0xC6], bytes[0x14C]), (0x8E, 0xE0));
    insta::assert_snapshot!(
        "worked-example-nmi-entry",
        ipcs(&bytes, 0, CodePage::Ibm1047)
    );
}

/// A trusted pair under test: the seed plex with extra RACF commands (shared, or per system
/// through `[[system]] racf`), each side's SIOCSPARTNERINFO choice, and a probe run by one
/// side on its connected socket.
struct Pair {
    text: String,
    server_sets: bool,
    client_sets: bool,
}

type Probe = fn(&TaskCtx, u32) -> String;

impl Pair {
    fn new() -> Pair {
        Pair {
            text: SEED_PLEX.replace(
                "\"ADDUSER USER1\",",
                "\"ADDUSER USER1\",\n  \"ADDUSER NOBODY\",",
            ),
            server_sets: false,
            client_sets: false,
        }
    }

    fn edit(mut self, from: &str, to: &str) -> Pair {
        assert!(self.text.contains(from), "{from}");
        self.text = self.text.replacen(from, to, 1);
        self
    }

    fn sets(mut self, server: bool, client: bool) -> Pair {
        self.server_sets = server;
        self.client_sets = client;
        self
    }

    /// Runs the pair; `server` and `client` probe their connected sockets. Returns what each
    /// said.
    fn run(self, server: Probe, client: Probe) -> (Vec<String>, Vec<String>) {
        let scenario = Scenario::from_toml("pair.toml", &self.text).unwrap();
        let mut run = scenario.run();
        let (ss, cs) = (self.server_sets, self.client_sets);
        run.program("TRSTSRV", move |t| {
            let l = t.socket(Family::Inet, SockType::Stream).unwrap();
            if ss {
                t.siocspartnerinfo(l, PiReqType::PartnerSeccred).unwrap();
            }
            t.bind(l, sa("10.1.2.1:4000")).unwrap();
            t.listen(l, 5).unwrap();
            let (s, _) = t.accept(l).unwrap();
            let said = server(t, s);
            t.say(said);
            while !t.recv(s, 100).unwrap().is_empty() {}
        })
        .unwrap();
        run.program("TRSTCLI", move |t| {
            let c = t.socket(Family::Inet, SockType::Stream).unwrap();
            if cs {
                t.siocspartnerinfo(c, PiReqType::PartnerSeccred).unwrap();
            }
            t.connect(c, sa("10.1.2.1:4000")).unwrap();
            let said = client(t, c);
            t.say(said);
            t.close(c).unwrap();
        })
        .unwrap();
        run.program("PC", |_| {}).unwrap();
        let r = run.run().unwrap();
        check(&r);
        let own = |job: &str| r.said(job).iter().map(|s| s.to_string()).collect();
        (own("TRSTSRV"), own("TRSTCLI"))
    }
}

fn nothing(_: &TaskCtx, _: u32) -> String {
    "-".into()
}

#[test]
fn every_partner_credentials_row() {
    let rows: Vec<(&str, Pair, Probe, Probe, &str, &str)> = vec![
        (
            "routing is always returned, without authorization",
            Pair::new().edit(
                "user = \"TRSTCLI\"\ntask_user = \"USER1\"",
                "user = \"NOBODY\"",
            ),
            nothing,
            |t, c| ask(t, c, PiReqType::Conntype, 0),
            "-",
            "ok 00 0A",
        ),
        (
            "the address-space user ID on request (the server has no task-level user)",
            Pair::new(),
            nothing,
            |t, c| ask(t, c, PiReqType::PartnerUserid, 10),
            "-",
            "ok 80 0A TRSTSRV",
        ),
        (
            "UTOKENs only",
            Pair::new(),
            nothing,
            |t, c| ask(t, c, PiReqType::PartnerUtoken, 10),
            "-",
            "ok 20 0A utoken:TRSTSRV",
        ),
        (
            "task-level user ID and UTOKEN when the partner has one",
            Pair::new(),
            |t, s| ask(t, s, PiReqType::PartnerSeccred, 10),
            nothing,
            "ok F0 0A TRSTCLI USER1 utoken:TRSTCLI task-utoken:USER1",
            "-",
        ),
        (
            "no READ to EZB.IOCTL.SYS1.TCPCS1.PARTNERINFO: EACCES",
            Pair::new().edit(
                "user = \"TRSTCLI\"\ntask_user = \"USER1\"",
                "user = \"NOBODY\"",
            ),
            nothing,
            |t, c| ask(t, c, PiReqType::PartnerUserid, 10),
            "-",
            "NotAuthorized { profile: \"EZB.IOCTL.SYS1.TCPCS1.PARTNERINFO\" }",
        ),
        (
            "APF-authorized: no profile needed",
            Pair::new().edit(
                "user = \"TRSTCLI\"\ntask_user = \"USER1\"",
                "user = \"NOBODY\"\napf = true",
            ),
            nothing,
            |t, c| ask(t, c, PiReqType::PartnerUserid, 10),
            "-",
            "ok 80 0A TRSTSRV",
        ),
        (
            "supervisor state: no profile needed",
            Pair::new().edit(
                "user = \"TRSTCLI\"\ntask_user = \"USER1\"",
                "user = \"NOBODY\"\nsupervisor = true",
            ),
            nothing,
            |t, c| ask(t, c, PiReqType::PartnerUserid, 10),
            "-",
            "ok 80 0A TRSTSRV",
        ),
        (
            "no security domain defined: EPERM",
            Pair::new().edit("  \"RDEFINE SERVAUTH EZBDOMAIN APPLDATA('PLEX1')\",\n", ""),
            nothing,
            |t, c| ask(t, c, PiReqType::PartnerUserid, 10),
            "-",
            "NoSecurityDomain",
        ),
        (
            "different security domains: EPERM",
            Pair::new().edit(
                "name = \"SYS2\"",
                "name = \"SYS2\"\nracf = [\"RALTER SERVAUTH EZBDOMAIN APPLDATA('plex2')\", \"SETROPTS RACLIST(SERVAUTH) REFRESH\"]",
            ),
            nothing,
            |t, c| ask(t, c, PiReqType::PartnerUserid, 10),
            "-",
            "DifferentSecurityDomain",
        ),
        (
            "the domain is not case sensitive",
            Pair::new().edit(
                "name = \"SYS2\"",
                "name = \"SYS2\"\nracf = [\"RALTER SERVAUTH EZBDOMAIN APPLDATA('plex1')\", \"SETROPTS RACLIST(SERVAUTH) REFRESH\"]",
            ),
            nothing,
            |t, c| ask(t, c, PiReqType::PartnerUserid, 10),
            "-",
            "ok 80 0A TRSTSRV",
        ),
        (
            "not connected: ENOTCONN",
            Pair::new(),
            nothing,
            |t, _| {
                let fresh = t.socket(Family::Inet, SockType::Stream).unwrap();
                ask(t, fresh, PiReqType::Conntype, 0)
            },
            "-",
            "NotConnected",
        ),
        (
            "not TCP: EPROTOTYPE for both ioctls",
            Pair::new(),
            nothing,
            |t, _| {
                let u = t.socket(Family::Inet, SockType::Datagram).unwrap();
                let set = t.siocspartnerinfo(u, PiReqType::PartnerUserid);
                format!("{} {set:?}", ask(t, u, PiReqType::Conntype, 0))
            },
            "-",
            "NotTcp Err(NotTcp)",
        ),
        (
            "short area: ENOBUFS with the length needed in PI_Buflen",
            Pair::new(),
            nothing,
            |t, c| {
                let mut a = PartnerInfo::request(PiReqType::PartnerUserid, 20, 0).to_bytes();
                let r = t.siocgpartnerinfo(c, &mut a);
                format!("{r:?} PI_Buflen={}", u32::from_be_bytes([a[4], a[5], a[6], a[7]]))
            },
            "-",
            "Err(AreaTooShort { needed: 40 }) PI_Buflen=40",
        ),
        (
            "bad version, request type or timeout: EINVAL",
            Pair::new(),
            nothing,
            |t, c| {
                let mut out = Vec::new();
                for (at, word) in [(0, 2u32), (8, 9), (12, 61)] {
                    let mut a = area(PiReqType::PartnerUserid, 0);
                    a[at..at + 4].copy_from_slice(&word.to_be_bytes());
                    let r = t.siocgpartnerinfo(c, &mut a);
                    out.push(if matches!(r, Err(SysplexError::Invalid(_))) {
                        "EINVAL".to_string()
                    } else {
                        format!("{r:?}")
                    });
                }
                out.join(" ")
            },
            "-",
            "EINVAL EINVAL EINVAL",
        ),
        (
            "no-suspend mode without SIOCSPARTNERINFO: EAGAIN",
            Pair::new(),
            nothing,
            |t, c| ask(t, c, PiReqType::PartnerUserid, 0),
            "-",
            "WouldSuspend",
        ),
        (
            "no-suspend mode after SIOCSPARTNERINFO, before the answer: EINPROGRESS",
            Pair::new().sets(false, true),
            nothing,
            |t, c| ask(t, c, PiReqType::PartnerUserid, 0),
            "-",
            "InProgress",
        ),
        (
            "SIOCSPARTNERINFO before connect: later calls return at once",
            Pair::new().sets(false, true),
            nothing,
            |t, c| {
                t.sleep_us(5_000);
                let before = t.now();
                let r = ask(t, c, PiReqType::PartnerSeccred, 0);
                format!("{r} waited {}", t.now().micros() - before.micros())
            },
            "-",
            "ok A0 0A TRSTSRV utoken:TRSTSRV waited 0",
        ),
        (
            "accepted sockets inherit SIOCSPARTNERINFO from their listener",
            Pair::new().sets(true, false),
            |t, s| {
                t.sleep_us(5_000);
                ask(t, s, PiReqType::PartnerUserid, 0)
            },
            nothing,
            "ok C0 0A TRSTCLI USER1",
            "-",
        ),
        (
            "with a timeout the task waits for the XCF answer (one round trip)",
            Pair::new(),
            nothing,
            |t, c| {
                let before = t.now();
                let r = ask(t, c, PiReqType::PartnerUserid, 10);
                format!("{r} waited {}", t.now().micros() - before.micros())
            },
            "-",
            "ok 80 0A TRSTSRV waited 1000",
        ),
        (
            "the partner's system is out of XCF: ETIME when the time runs out",
            Pair::new().edit(
                "[[system]]\nname = \"SYS1\"",
                "[xcf]\ndown = [\"SYS2\"]\n\n[[system]]\nname = \"SYS1\"",
            ),
            nothing,
            |t, c| {
                let before = t.now();
                let r = ask(t, c, PiReqType::PartnerUserid, 3);
                format!("{r} waited {}", t.now().micros() - before.micros())
            },
            "-",
            "TimedOut waited 3000000",
        ),
        (
            "SIOCSPARTNERINFO after connect: EOPNOTSUPP",
            Pair::new(),
            nothing,
            |t, c| format!("{:?}", t.siocspartnerinfo(c, PiReqType::PartnerUserid)),
            "-",
            "Err(NotSupported(\"SIOCSPARTNERINFO after connect or listen\"))",
        ),
    ];
    for (row, pair, server, client, want_server, want_client) in rows {
        let (s, c) = pair.run(server, client);
        assert_eq!(
            (s.join("|"), c.join("|")),
            (want_server.into(), want_client.into()),
            "{row}"
        );
    }
}

/// The partner outside the sysplex (ENOPARTNERINFO, routing NONE), a second SIOCGPARTNERINFO
/// while one waits (EALREADY, from a second task of the job), SIOCSPARTNERINFO after listen
/// (EOPNOTSUPP), and a partner on the same stack (no XCF message at all).
#[test]
fn outside_partner_ealready_listen_and_same_stack() {
    let text = SEED_PLEX.replace("[[job]]\nname = \"TRSTCLI\"", "[[job]]\nname = \"LOCAL\"\nsystem = \"SYS2\"\nstack = \"TCPCS2\"\nuser = \"USER1\"\nstart = 3.0\nrun = \"x\"\n\n[[job]]\nname = \"TRSTCLI\"");
    let scenario = Scenario::from_toml("more.toml", &text).unwrap();
    let mut run = scenario.run();
    run.program("TRSTSRV", |t| {
        let l = t.socket(Family::Inet, SockType::Stream).unwrap();
        t.bind(l, sa("10.1.2.1:4000")).unwrap();
        t.listen(l, 5).unwrap();
        t.say(format!(
            "{:?}",
            t.siocspartnerinfo(l, PiReqType::PartnerUserid)
        ));
        for _ in 0..3 {
            let (s, from) = t.accept(l).unwrap();
            let routing = match t.getsockopt(s, SockOpt::ClusterConnType).unwrap() {
                OptValue::Routing(r) => r.bits(),
                other => panic!("{other:?}"),
            };
            t.say(format!(
                "{from} SO_CLUSTERCONNTYPE {routing} {}",
                ask(t, s, PiReqType::PartnerUserid, 10)
            ));
            let _ = t.recv(s, 10);
            t.close(s).unwrap();
        }
    })
    .unwrap();
    run.program("TRSTCLI", |t| {
        let c = t.socket(Family::Inet, SockType::Stream).unwrap();
        t.connect(c, sa("10.1.2.1:4000")).unwrap();
        t.with(|_, _| ()); // the socket is fd 0 of the address space, shared with TRSTCLI.2
        t.say(ask(t, c, PiReqType::PartnerUserid, 10));
        t.close(c).unwrap();
    })
    .unwrap();
    run.subtask("TRSTCLI", Some("USER1"), |t| {
        // Runs once the first task waits in SIOCGPARTNERINFO on socket 0.
        t.sleep_us(1_500);
        t.say(ask(t, 0, PiReqType::PartnerUserid, 10));
    })
    .unwrap();
    run.program("LOCAL", |t| {
        let c = t.socket(Family::Inet6, SockType::Stream).unwrap();
        let r = t.connect(c, sa("[::1]:4000"));
        t.say(format!("IPv6 loopback to an IPv4 listener: {r:?}"));
        let c = t.socket(Family::Inet, SockType::Stream).unwrap();
        t.connect(c, sa("10.1.2.1:4000")).unwrap();
        t.say(ask(t, c, PiReqType::PartnerUserid, 0));
        t.close(c).unwrap();
    })
    .unwrap();
    run.program("PC", |t| {
        let c = t.socket(Family::Inet, SockType::Stream).unwrap();
        t.connect(c, sa("10.1.2.1:4000")).unwrap();
        t.sleep_us(100_000);
        t.close(c).unwrap();
    })
    .unwrap();
    let r = run.run().unwrap();
    check(&r);
    assert_eq!(
        r.said("TRSTSRV"),
        [
            "Err(NotSupported(\"SIOCSPARTNERINFO after connect or listen\"))",
            "192.0.2.10:1024 SO_CLUSTERCONNTYPE 1 NoPartnerInfo",
            "10.1.1.1:1024 SO_CLUSTERCONNTYPE 10 ok C0 0A TRSTCLI USER1",
            "10.1.2.1:1025 SO_CLUSTERCONNTYPE 14 ok 80 0E USER1",
        ]
    );
    assert_eq!(r.said("TRSTCLI.2"), ["AlreadyOutstanding"]);
    assert_eq!(r.said("TRSTCLI"), ["ok 80 0A TRSTSRV"]);
    assert_eq!(
        r.said("LOCAL"),
        [
            "IPv6 loopback to an IPv4 listener: Err(ConnectionRefused(\"::1..4000\"))",
            "ok 80 0E TRSTSRV",
        ]
    );
    let trace = r.plex.xcf_trace().join("\n");
    assert_eq!(
        trace.matches("SEND").count(),
        4,
        "only TRSTCLI's exchange: {trace}"
    );
}

/// CINET: a job on an image that runs two stacks, with no stack named. Its INADDR_ANY
/// listener takes connections on both stacks, and its SIOCSPARTNERINFO applies to both.
#[test]
fn cinet_siocspartnerinfo_applies_to_all_stacks() {
    let text = WORKED
        .replace(
            "name = \"TRSTSRV\"\nsystem = \"SYS1\"\nstack = \"TCPCS2\"",
            "name = \"TRSTSRV\"\nsystem = \"SYS1\"",
        )
        .replace(
            "[[system]]\nname = \"SYS1\"",
            "[[system]]\nname = \"SYS1\"\n[[system]]\nname = \"SYS2\"",
        )
        .replace(
            "name = \"TRSTCLI\"\nsystem = \"SYS1\"\nstack = \"TCPCS1\"",
            "name = \"TRSTCLI\"\nsystem = \"SYS2\"\nstack = \"TCPCS9\"",
        )
        + "\n[[stack]]\nsystem = \"SYS2\"\nname = \"TCPCS9\"\nhome = [\"10.1.9.1\"]\n\n[[link]]\nbetween = [\"TCPCS1\", \"TCPCS9\"]\nkind = \"xcf\"\n[[link]]\nbetween = [\"TCPCS2\", \"TCPCS9\"]\nkind = \"xcf\"\n";
    let scenario = Scenario::from_toml("cinet.toml", &text).unwrap();
    let mut run = scenario.run();
    run.program("TRSTSRV", |t| {
        let l = t.socket(Family::Inet, SockType::Stream).unwrap();
        t.siocspartnerinfo(l, PiReqType::PartnerSeccred).unwrap();
        t.bind(l, sa("0.0.0.0:4000")).unwrap();
        t.listen(l, 5).unwrap();
        for _ in 0..2 {
            let (s, _) = t.accept(l).unwrap();
            let local = t.getsockname(s).unwrap();
            t.sleep_us(10_000);
            t.say(format!(
                "on {local}: {}",
                ask(t, s, PiReqType::PartnerUserid, 0)
            ));
        }
    })
    .unwrap();
    run.program("TRSTCLI", |t| {
        for to in ["10.1.1.1:4000", "10.1.1.2:4000"] {
            let c = t.socket(Family::Inet, SockType::Stream).unwrap();
            t.connect(c, sa(to)).unwrap();
        }
        t.sleep_us(1_000_000);
    })
    .unwrap();
    let r = run.run().unwrap();
    check(&r);
    assert_eq!(
        r.said("TRSTSRV"),
        [
            "on 10.1.1.1:4000: ok 80 0A TRSTCLI",
            "on 10.1.1.2:4000: ok 80 0A TRSTCLI",
        ]
    );
}

/// The same scenario gives the same bytes on every run.
#[test]
fn a_scenario_twice_gives_the_same_bytes() {
    let once = || {
        let scenario = Scenario::from_toml("seed-worked-example.toml", WORKED).unwrap();
        let mut run = scenario.run();
        run.program("TRSTSRV", |t| {
            let l = t.socket(Family::Inet, SockType::Stream).unwrap();
            t.bind(l, sa("10.1.1.2:4000")).unwrap();
            t.listen(l, 5).unwrap();
            let (s, _) = t.accept(l).unwrap();
            t.say(ask(t, s, PiReqType::PartnerSeccred, 10));
        })
        .unwrap();
        run.program("TRSTCLI", |t| {
            let c = t.socket(Family::Inet, SockType::Stream).unwrap();
            t.connect(c, sa("10.1.1.2:4000")).unwrap();
            t.say(ask(t, c, PiReqType::PartnerSeccred, 10));
        })
        .unwrap();
        let r = run.run().unwrap();
        let cs2 = r.plex.topology().stack("TCPCS2").unwrap();
        let nmi: Vec<u8> = netstat::nmi_entries(&r.plex, cs2)
            .iter()
            .flat_map(|e| e.to_bytes())
            .collect();
        (
            r.transcript(),
            r.plex.xcf_trace().join("\n"),
            netstat::all(&r.plex, cs2),
            nmi,
        )
    };
    assert_eq!(once(), once());
}

/// XCF's latency and IP's are separate settings: slow XCF (4 s) with a fast link delays only
/// the credential exchange (a 2-second PI_TIMEOUT runs out, ETIME), and a slow link (3 s) with
/// fast XCF delays only the connection.
#[test]
fn xcf_latency_and_ip_latency_are_apart() {
    let run_with = |extra: &str| {
        let text = SEED_PLEX.replacen("kind = \"xcf\"", &format!("kind = \"xcf\"\n{extra}"), 1);
        let text = if extra.starts_with("[xcf]") {
            SEED_PLEX.replacen("[[host]]", &format!("{extra}\n[[host]]"), 1)
        } else {
            text
        };
        let scenario = Scenario::from_toml("latency.toml", &text).unwrap();
        let mut run = scenario.run();
        run.program("TRSTSRV", |t| {
            let l = t.socket(Family::Inet, SockType::Stream).unwrap();
            t.bind(l, sa("0.0.0.0:4000")).unwrap();
            t.listen(l, 5).unwrap();
            let (s, _) = t.accept(l).unwrap();
            let _ = t.recv(s, 100);
        })
        .unwrap();
        run.program("TRSTCLI", |t| {
            let c = t.socket(Family::Inet, SockType::Stream).unwrap();
            let before = t.now();
            t.connect(c, sa("10.1.2.1:4000")).unwrap();
            t.say(format!(
                "connected in {} us",
                t.now().micros() - before.micros()
            ));
            t.say(ask(t, c, PiReqType::PartnerUserid, 2));
            t.close(c).unwrap();
        })
        .unwrap();
        run.program("PC", |_| {}).unwrap();
        let r = run.run().unwrap();
        check(&r);
        r.said("TRSTCLI")
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        run_with("[xcf]\nlatency_us = 4000000"),
        ["connected in 1000 us", "TimedOut"]
    );
    assert_eq!(
        run_with("latency_us = 3000000"),
        ["connected in 6000000 us", "ok 80 0A TRSTSRV"]
    );
}

/// `P TCPCS2` ends the stack: its sockets give EIO (StackDown), the partners of its
/// connections elsewhere ECONNRESET, its addresses are unreachable, and a DCAS on it ends.
/// `S TCPCS2` brings it back, and its ports are free for new sockets.
#[test]
fn stopping_a_stack_breaks_its_sockets_and_resets_partners() {
    use trustplex::api::errors::{UnixError, tcp_errno};
    use trustplex::sysplex::JobIdentity;
    use trustplex::sysplex::console::command;

    let s = Scenario::from_toml("seed-plex.toml", SEED_PLEX).expect("scenario");
    let mut p = s.sysplex();
    let job = |p: &mut trustplex::sysplex::Sysplex, name: &str, stack: &str, user: &str| {
        let ident = JobIdentity::on_stack(p.topology(), name, stack, user).expect("job");
        p.add_job(ident).expect("add job")
    };
    let srv = job(&mut p, "SRV", "SYS2/TCPCS2", "TRSTSRV");
    let cli = job(&mut p, "CLI", "SYS1/TCPCS1", "TRSTCLI");
    let l = p.socket(srv, Family::Inet, SockType::Stream).unwrap();
    p.bind(srv, l, sa("0.0.0.0:4000")).unwrap();
    p.listen(srv, l, 5).unwrap();
    let c = p.socket(cli, Family::Inet, SockType::Stream).unwrap();
    assert!(matches!(
        p.connect(cli, c, sa("10.1.2.1:4000")),
        Err(SysplexError::ConnectInProgress)
    ));
    p.run_until_idle();
    let (a, _) = p.accept(srv, l).unwrap();
    p.send(cli, c, b"hello").unwrap();
    p.run_until_idle();

    let sys2 = p.topology().system("SYS2");
    assert_eq!(
        command(&mut p, sys2, "P TCPCS2"),
        ["TPX0003I TCP/IP STACK TCPCS2 ENDED"]
    );
    assert_eq!(
        command(&mut p, sys2, "P TCPCS2"),
        ["IEE341I TCPCS2 NOT ACTIVE"]
    );
    // The stack's own sockets: EIO (z/OS UNIX 122 with JRTcpNotActive; TCPERRNO 5).
    let e = p.recv(srv, a, 100).unwrap_err();
    assert_eq!(e, SysplexError::StackDown("TCPCS2".into()));
    assert_eq!(UnixError::from(&e).errno, 122);
    assert_eq!(UnixError::from(&e).reason.0 & 0xFFFF, 0x0296);
    assert_eq!(tcp_errno(&e), 5);
    assert!(p.accept(srv, l).is_err());
    assert!(
        p.readable(srv, a).unwrap(),
        "SELECT shows a broken socket ready"
    );
    assert!(matches!(
        p.socket(srv, Family::Inet, SockType::Stream),
        Err(SysplexError::StackDown(_))
    ));
    // The partner on TCPCS1: reset (ECONNRESET: z/OS UNIX 1121, TCPERRNO 54).
    let e = p.send(cli, c, b"more").unwrap_err();
    assert_eq!(e, SysplexError::ConnectionReset);
    assert_eq!(UnixError::from(&e).errno, 1121);
    assert_eq!(tcp_errno(&e), 54);
    // The stopped stack's addresses are unreachable.
    let c2 = p.socket(cli, Family::Inet, SockType::Stream).unwrap();
    assert!(matches!(
        p.connect(cli, c2, sa("10.1.2.1:4000")),
        Err(SysplexError::NetworkUnreachable(_))
    ));
    p.close(srv, a).unwrap();
    p.close(srv, l).unwrap();

    assert_eq!(
        command(&mut p, sys2, "S TCPCS2"),
        ["TPX0003I TCP/IP STACK TCPCS2 STARTED"]
    );
    assert_eq!(
        command(&mut p, sys2, "S TCPCS2"),
        ["TPX0004I TCPCS2 IS ALREADY ACTIVE"]
    );
    let l2 = p.socket(srv, Family::Inet, SockType::Stream).unwrap();
    p.bind(srv, l2, sa("0.0.0.0:4000")).unwrap();
    p.listen(srv, l2, 5).unwrap();
    assert!(matches!(
        p.connect(cli, c2, sa("10.1.2.1:4000")),
        Err(SysplexError::ConnectInProgress)
    ));
    p.run_until_idle();
    assert!(p.accept(srv, l2).is_ok());
}
