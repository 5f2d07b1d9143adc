use super::*;
use crate::areas::Area;
use crate::areas::partnerinfo::PartnerInfo;
use std::sync::{Arc, Mutex};

fn plex() -> Sysplex {
    crate::sysplex::plex::test_plex()
}

fn ident(p: &Sysplex, name: &str, stack: &str, user: &str) -> JobIdentity {
    JobIdentity::on_stack(p.topology(), name, stack, user).unwrap()
}

fn sa(s: &str) -> SocketAddr {
    s.parse().unwrap()
}

/// A stream socket listening on TCPCS2's port 4000.
fn listening(t: &TaskCtx, backlog: u32) -> u32 {
    let l = t.socket(Family::Inet, SockType::Stream).unwrap();
    t.bind(l, sa("10.1.2.1:4000")).unwrap();
    t.listen(l, backlog).unwrap();
    l
}

/// A server on TCPCS2 that echoes one message, and a client on TCPCS1 that starts a second
/// later; both ask for the partner's user ID with a wait.
fn echo_run(p: Sysplex) -> Run {
    let srv = ident(&p, "ECHOSRV", "TCPCS2", "TRSTSRV");
    let cli = ident(&p, "ECHOCLI", "TCPCS1", "TRSTCLI");
    let mut run = Run::new(p);
    run.job(
        srv,
        VirtualTime::ZERO,
        Some(Box::new(|t: &mut TaskCtx| {
            let l = listening(t, 5);
            let (s, from) = t.accept(l).unwrap();
            t.say(format!("accepted {from}"));
            let mut area = PartnerInfo::request(PiReqType::PartnerUserid, 40, 10).to_bytes();
            let flags = t.siocgpartnerinfo(s, &mut area).unwrap();
            let pi = PartnerInfo::parse(&area).unwrap();
            t.say(format!(
                "partner {} flags {:02X}",
                pi.as_userid().unwrap_or_default(),
                flags.bits()
            ));
            let msg = t.recv(s, 100).unwrap();
            t.send(s, &msg).unwrap();
            t.close(s).unwrap();
            t.close(l).unwrap();
        })),
    );
    run.job(
        cli,
        VirtualTime::from_secs(1),
        Some(Box::new(|t: &mut TaskCtx| {
            let c = t.socket(Family::Inet, SockType::Stream).unwrap();
            t.connect(c, sa("10.1.2.1:4000")).unwrap();
            t.send(c, b"PING").unwrap();
            let back = t.recv(c, 100).unwrap();
            t.say(String::from_utf8_lossy(&back).into_owned());
            assert_eq!(t.recv(c, 100).unwrap(), b"", "the server closed");
        })),
    );
    run
}

#[test]
fn blocking_calls_park_and_the_clock_jumps() {
    let r = echo_run(plex()).run().unwrap();
    assert!(r.failures.is_empty(), "{:?}", r.failures);
    assert_eq!(r.deadlock, None);
    insta::assert_snapshot!(r.transcript(), @r"
          1.000500 ECHOSRV  accepted 10.1.1.1:1024
          1.001500 ECHOSRV  partner TRSTCLI flags 80
          1.002000 ECHOCLI  PING
    ");
}

#[test]
fn same_scenario_same_bytes() {
    let a = echo_run(plex()).run().unwrap();
    let b = echo_run(plex()).run().unwrap();
    assert_eq!(a.transcript(), b.transcript());
    assert_eq!(a.plex.xcf_trace(), b.plex.xcf_trace());
    let cs2 = a.plex.topology().stack("TCPCS2").unwrap();
    assert_eq!(
        crate::sysplex::netstat::all(&a.plex, cs2),
        crate::sysplex::netstat::all(&b.plex, cs2)
    );
}

#[test]
fn deadlock_names_each_task_and_its_call() {
    let p = plex();
    let srv = ident(&p, "LONELY", "TCPCS2", "TRSTSRV");
    let cli = ident(&p, "READER", "TCPCS2", "TRSTCLI");
    let mut run = Run::new(p);
    run.job(
        srv,
        VirtualTime::ZERO,
        Some(Box::new(|t: &mut TaskCtx| {
            let l = t.socket(Family::Inet, SockType::Stream).unwrap();
            t.bind(l, sa("10.1.2.1:4000")).unwrap();
            t.listen(l, 5).unwrap();
            t.accept(l).unwrap();
            // Nobody else ever connects.
            let _ = t.accept(l);
        })),
    );
    run.job(
        cli,
        VirtualTime::from_secs(2),
        Some(Box::new(|t: &mut TaskCtx| {
            let c = t.socket(Family::Inet, SockType::Stream).unwrap();
            t.connect(c, sa("10.1.2.1:4000")).unwrap();
            let _ = t.recv(c, 10);
            unreachable!("nobody ever writes");
        })),
    );
    let r = run.run().unwrap();
    assert!(r.failures.is_empty(), "{:?}", r.failures);
    insta::assert_snapshot!(r.deadlock.unwrap().to_string(), @r"
    DEADLOCK at 2.000000: every task waits and nothing is pending
      LONELY   waits in ACCEPT on socket 0 (SYS2/TCPCS2 10.1.2.1..4000)
      READER   waits in RECV on socket 0 (SYS2/TCPCS2 10.1.2.1..1024)
    ");
}

#[test]
fn timeouts_polling_and_operator_commands() {
    let mut p = plex();
    p.xcf_config_mut().loss_per_million = 1_000_000;
    let srv = ident(&p, "SRV", "TCPCS2", "TRSTSRV");
    let cli = ident(&p, "CLI", "TCPCS1", "TRSTCLI");
    let mut run = Run::new(p);
    run.job(
        srv,
        VirtualTime::ZERO,
        Some(Box::new(|t: &mut TaskCtx| {
            let l = t.socket(Family::Inet, SockType::Stream).unwrap();
            t.bind(l, sa("10.1.2.1:4000")).unwrap();
            t.listen(l, 5).unwrap();
            t.set_nonblocking(l, true).unwrap();
            let mut polls = 0;
            let s = loop {
                match t.accept(l) {
                    Ok((s, _)) => break s,
                    Err(SysplexError::WouldBlock) => polls += 1,
                    Err(e) => panic!("{e}"),
                }
            };
            t.say(format!("accepted after {polls} polls"));
            let (r, _, _) = t.select(&[s], &[], &[], Some(2_000_000)).unwrap();
            t.say(format!("select: {r:?}"));
        })),
    );
    run.job(
        cli,
        VirtualTime::from_millis(10),
        Some(Box::new(|t: &mut TaskCtx| {
            let c = t.socket(Family::Inet, SockType::Stream).unwrap();
            t.connect(c, sa("10.1.2.1:4000")).unwrap();
            let mut area = PartnerInfo::request(PiReqType::PartnerUserid, 40, 3).to_bytes();
            let e = t.siocgpartnerinfo(c, &mut area).unwrap_err();
            t.say(format!("{e}"));
        })),
    );
    let sys2 = run.plex_mut().topology().system("SYS2");
    run.operator(VirtualTime::from_secs(5), sys2, "V XCF,SYS1,OFFLINE");
    run.operator(VirtualTime::from_secs(5), sys2, "F TCPCS2,NOSUCH");
    run.operator(VirtualTime::from_secs(5), sys2, "SETDANNO");
    let r = run.run().unwrap();
    assert!(r.failures.is_empty(), "{:?}", r.failures);
    insta::assert_snapshot!(r.transcript(), @r"
         0.011000 SRV      accepted after 11 polls
         2.011000 SRV      select: []
         3.011000 CLI      the wait for the partner's credentials expired
         5.000000 SYS2     V XCF,SYS1,OFFLINE
         5.000000 SYS2     TPX0002I XCF SIGNALLING FOR SYS1 IS OFFLINE
         5.000000 SYS2     F TCPCS2,NOSUCH
         5.000000 SYS2     TPX0006I TCPCS2 DOES NOT ACCEPT MODIFY NOSUCH
         5.000000 SYS2     SETDANNO
         5.000000 SYS2     IEE305I SETDANNO COMMAND INVALID
    ");
}

#[test]
fn a_program_that_panics_is_reported_not_fatal() {
    let p = plex();
    let a = ident(&p, "BROKEN", "TCPCS1", "TRSTCLI");
    let mut run = Run::new(p);
    run.job(
        a,
        VirtualTime::ZERO,
        Some(Box::new(|_t: &mut TaskCtx| panic!("bad exec"))),
    );
    let r = run.run().unwrap();
    assert_eq!(r.failures, [("BROKEN".to_string(), "bad exec".to_string())]);
    let mut none = Run::new(plex());
    let id = ident(&plex(), "NOPROG", "TCPCS1", "TRSTCLI");
    none.job(id, VirtualTime::ZERO, None);
    assert_eq!(none.run().err(), Some(RunError::NoProgram("NOPROG".into())));
}

#[test]
fn non_blocking_connect_select_and_fionread() {
    let p = plex();
    let srv = ident(&p, "SRV", "TCPCS2", "TRSTSRV");
    let cli = ident(&p, "CLI", "TCPCS1", "TRSTCLI");
    let mut run = Run::new(p);
    run.job(
        srv,
        VirtualTime::ZERO,
        Some(Box::new(|t: &mut TaskCtx| {
            let l = t.socket(Family::Inet6, SockType::Stream).unwrap();
            t.bind(l, sa("[::]:4000")).unwrap();
            t.listen(l, 5).unwrap();
            let (s, from) = t.accept(l).unwrap();
            t.say(format!("accepted {from}"));
            let (r, _, _) = t.select(&[s], &[], &[], None).unwrap();
            t.say(format!(
                "readable {r:?}, FIONREAD {}",
                t.fionread(s).unwrap()
            ));
            t.say(String::from_utf8_lossy(&t.recv(s, 3).unwrap()).into_owned());
            t.say(String::from_utf8_lossy(&t.recv(s, 100).unwrap()).into_owned());
        })),
    );
    run.job(
        cli,
        VirtualTime::from_millis(5),
        Some(Box::new(|t: &mut TaskCtx| {
            let c = t.socket(Family::Inet, SockType::Stream).unwrap();
            t.set_nonblocking(c, true).unwrap();
            let e = t.connect(c, sa("10.1.2.1:4000")).unwrap_err();
            t.say(format!("connect: {e:?}"));
            let (_, w, _) = t.select(&[], &[c], &[], Some(5_000_000)).unwrap();
            t.say(format!("writable {w:?}"));
            t.say(format!(
                "again: {:?}",
                t.connect(c, sa("10.1.2.1:4000")).unwrap_err()
            ));
            let (_, _, none) = t.select(&[c], &[], &[c], Some(0)).unwrap();
            t.say(format!("nothing to read, no exception: {none:?}"));
            assert_eq!(t.send(c, b"PARTNER").unwrap(), 7);
        })),
    );
    let r = run.run().unwrap();
    assert!(r.failures.is_empty(), "{:?}", r.failures);
    insta::assert_snapshot!(r.transcript(), @r"
         0.005500 SRV      accepted [::ffff:10.1.1.1]:1024
         0.006000 CLI      connect: ConnectInProgress
         0.006000 CLI      writable [0]
         0.006000 CLI      again: AlreadyConnected
         0.006000 CLI      nothing to read, no exception: []
         0.006500 SRV      readable [1], FIONREAD 7
         0.006500 SRV      PAR
         0.006500 SRV      TNER
    ");
}

/// Every task ends with a completion: the program's own, `RC 0` by default, `S522` for one
/// left waiting in a deadlock, `S322` for one still going at the virtual-time limit, and a
/// panic; the lines go to the sink as they are said, in the run's order.
#[test]
fn completions_limits_and_the_sink() {
    let mk = || {
        let p = plex();
        let ids = [
            ident(&p, "QUIET", "TCPCS1", "TRSTCLI"),
            ident(&p, "EIGHT", "TCPCS1", "TRSTCLI"),
            ident(&p, "WAITER", "TCPCS2", "TRSTSRV"),
        ];
        let mut run = Run::new(p);
        let [quiet, eight, waiter] = ids;
        run.job(
            quiet,
            VirtualTime::ZERO,
            Some(Box::new(|t: &mut TaskCtx| t.say("hi"))),
        );
        run.job(
            eight,
            VirtualTime::from_secs(2),
            Some(Box::new(|t: &mut TaskCtx| {
                t.say("eight");
                t.complete(Completion::Rc(8));
            })),
        );
        run.job(
            waiter,
            VirtualTime::ZERO,
            Some(Box::new(|t: &mut TaskCtx| {
                let l = t.socket(Family::Inet, SockType::Stream).unwrap();
                t.bind(l, sa("10.1.2.1:4000")).unwrap();
                t.listen(l, 5).unwrap();
                let _ = t.accept(l);
            })),
        );
        run
    };
    let seen = Arc::new(Mutex::new(Vec::new()));
    let mut run = mk();
    let sink = Arc::clone(&seen);
    run.output_to(move |l| {
        sink.lock()
            .unwrap()
            .push(format!("{} {}", l.source, l.text))
    });
    let r = run.run().unwrap();
    assert!(r.output.is_empty(), "the sink took the lines");
    assert_eq!(*seen.lock().unwrap(), ["QUIET hi", "EIGHT eight"]);
    let ends: Vec<String> = r
        .jobs
        .iter()
        .map(|j| format!("{} {}", j.name, j.completion.describe()))
        .collect();
    assert_eq!(
        ends,
        [
            "QUIET RC 0",
            "EIGHT RC 8",
            "WAITER ABEND S522: waits for ever in ACCEPT on socket 0 (SYS2/TCPCS2 10.1.2.1..4000): every task waits and nothing is pending",
        ]
    );
    assert!(r.deadlock.is_some());
    assert_eq!(r.jobs[1].completion.status(), 8);
    assert_eq!(r.jobs[2].completion.status(), 255);

    // With a limit before EIGHT's start: it never starts, and nothing is a deadlock.
    let mut run = mk();
    run.max_time(VirtualTime::from_secs(1));
    let r = run.run().unwrap();
    assert_eq!(r.deadlock, None);
    assert_eq!(r.timed_out, Some(VirtualTime::from_secs(1)));
    assert_eq!(
        r.jobs[1].completion,
        Completion::Abend {
            code: ABEND_TIME,
            reason: "still waiting in its start at the virtual-time limit, 1.000000".into()
        }
    );
    assert!(matches!(
        &r.jobs[2].completion,
        Completion::Abend { code: "S322", .. }
    ));
}

/// A thousand clients wait in RECV and a thousand in SELECT with a timeout: each wakes when
/// its own socket changes or its own deadline comes, in the order those happen, and the run
/// says the same bytes twice.
#[test]
fn thousands_of_waiters_wake_by_socket_and_by_deadline() {
    const N: usize = 1_000;
    let mk = || {
        let p = plex();
        let srv = ident(&p, "SRV", "TCPCS2", "TRSTSRV");
        let clients: Vec<JobIdentity> = (0..2 * N)
            .map(|i| ident(&p, &format!("C{i:05}"), "TCPCS1", "TRSTCLI"))
            .collect();
        let mut run = Run::new(p);
        run.job(
            srv,
            VirtualTime::ZERO,
            Some(Box::new(|t: &mut TaskCtx| {
                let l = listening(t, 10_000);
                let conns: Vec<u32> = (0..2 * N).map(|_| t.accept(l).unwrap().0).collect();
                // Past every SELECT's deadline, then one message a millisecond, the last
                // connection's first.
                t.sleep_us(5_000_000);
                for (i, c) in conns.iter().enumerate().rev() {
                    t.send(*c, format!("{i}").as_bytes()).unwrap();
                    t.sleep_us(1_000);
                }
            })),
        );
        for (i, c) in clients.into_iter().enumerate() {
            run.job(
                c,
                VirtualTime::from_millis(1 + i as u64),
                Some(Box::new(move |t: &mut TaskCtx| {
                    let s = t.socket(Family::Inet, SockType::Stream).unwrap();
                    t.connect(s, sa("10.1.2.1:4000")).unwrap();
                    if i % 2 == 1 {
                        // Deadlines in the reverse order of the tasks.
                        let wait = 4_000_000 - 1_000 * i as u64 - t.now().micros();
                        let (r, _, _) = t.select(&[s], &[], &[], Some(wait)).unwrap();
                        t.say(format!("select {}", r.len()));
                    }
                    let got = t.recv(s, 100).unwrap();
                    t.say(String::from_utf8_lossy(&got).into_owned());
                })),
            );
        }
        run
    };
    let r = mk().run().unwrap();
    assert!(r.deadlock.is_none() && r.failures.is_empty());
    let lines: Vec<(String, String)> = r
        .output
        .iter()
        .map(|l| (l.source.clone(), l.text.clone()))
        .collect();
    // The SELECTs time out first, latest task first (earliest deadline).
    let selects: Vec<&str> = lines
        .iter()
        .filter(|(_, t)| t.starts_with("select"))
        .map(|(s, _)| s.as_str())
        .collect();
    assert_eq!(selects.len(), N);
    assert_eq!(selects[0], format!("C{:05}", 2 * N - 1));
    assert_eq!(selects[N - 1], "C00001");
    assert!(
        lines
            .iter()
            .filter(|(_, t)| t.starts_with("select"))
            .all(|(_, t)| t == "select 0")
    );
    // Then each client hears its own index, last connection first.
    let heard: Vec<String> = lines
        .iter()
        .filter(|(_, t)| !t.starts_with("select"))
        .map(|(s, t)| format!("{s} {t}"))
        .collect();
    let want: Vec<String> = (0..2 * N).rev().map(|i| format!("C{i:05} {i}")).collect();
    assert_eq!(heard, want);
    assert_eq!(mk().run().unwrap().transcript(), r.transcript());
}
