//! The sysplex model against the Linux kernel's own sockets, measured in the same run
//! (`cargo bench --bench sysplex`; `-- --quick` for a short run):
//!
//! (a) trusted connection setup across two stacks (socket, SIOCSPARTNERINFO, connect, accept,
//!     the XCF exchange both ways, SIOCGPARTNERINFO on both ends, close) per second of wall
//!     time, against loopback TCP connect+accept and AF_UNIX connect+accept+SO_PEERCRED;
//! (b) SIOCGPARTNERINFO with cached credentials on an established connection, against
//!     getsockopt(SO_PEERCRED);
//! (c) the cached SIOCGPARTNERINFO with 100,000 connections open against 1,000, and the memory
//!     each connection takes.
//!
//! The model is driven directly through the library API (the clock moved by the driver);
//! the same setup under the scheduler, with a thread per task, is reported beside it. Each
//! figure is the best of several rounds.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::net::{IpAddr, TcpListener, TcpStream};
use std::os::unix::net::{UnixListener, UnixStream};
use std::sync::atomic::{AtomicIsize, Ordering};
use std::time::Instant;

use trustplex::api::bpx::{Amode, Regs, parm_list, w_ioctl};
use trustplex::api::host::Direct;
use trustplex::api::storage::{Loc, Storage};
use trustplex::areas::Area;
use trustplex::areas::ioctl::SIOCGPARTNERINFO;
use trustplex::areas::partnerinfo::{PartnerInfo, PiReqType};
use trustplex::racf::Racf;
use trustplex::sysplex::sched::Run;
use trustplex::sysplex::xcf::XcfConfig;
use trustplex::sysplex::{
    Family, JobIdentity, PiOutcome, SockType, Sysplex, TaskId, Topology, VirtualTime,
};

/// Counts the bytes allocated, for memory per connection.
struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

// SAFETY: every call is passed straight to the system allocator; the counter is a side note.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        LIVE.fetch_add(l.size() as isize, Ordering::Relaxed);
        // SAFETY: the caller's contract is System's.
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size() as isize, Ordering::Relaxed);
        // SAFETY: as above.
        unsafe { System.dealloc(p, l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        LIVE.fetch_add(new as isize - l.size() as isize, Ordering::Relaxed);
        // SAFETY: as above.
        unsafe { System.realloc(p, l, new) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// getsockopt(SO_PEERCRED), the kernel's answer to "who is my partner".
mod peercred {
    use std::os::fd::AsRawFd;
    use std::os::unix::net::UnixStream;

    #[repr(C)]
    #[derive(Default)]
    pub struct Ucred {
        pub pid: i32,
        pub uid: u32,
        pub gid: u32,
    }

    // The C library's getsockopt; std has no stable SO_PEERCRED and the design's dependencies
    // have no libc, so the bench declares the one function it needs.
    unsafe extern "C" {
        fn getsockopt(fd: i32, level: i32, name: i32, val: *mut Ucred, len: *mut u32) -> i32;
    }

    /// SOL_SOCKET and SO_PEERCRED on Linux.
    const SOL_SOCKET: i32 = 1;
    const SO_PEERCRED: i32 = 17;

    pub fn get(s: &UnixStream) -> Ucred {
        let mut c = Ucred::default();
        let mut len = std::mem::size_of::<Ucred>() as u32;
        // SAFETY: `c` and `len` are valid for writes of the sizes given; the descriptor is
        // open for the life of `s`.
        let rc = unsafe { getsockopt(s.as_raw_fd(), SOL_SOCKET, SO_PEERCRED, &mut c, &mut len) };
        assert_eq!(rc, 0, "getsockopt(SO_PEERCRED)");
        c
    }
}

fn ip(s: &str) -> IpAddr {
    s.parse().expect("address")
}

/// SYS1 runs TCPCS1 and TCPCS3, SYS2 runs TCPCS2; XCF between them; domain PLEX1.
fn plex() -> (Sysplex, TaskId, TaskId, TaskId) {
    let mut t = Topology::new();
    t.add_system("SYS1").unwrap();
    t.add_system("SYS2").unwrap();
    t.add_stack("SYS1", "TCPCS1", vec![ip("10.1.1.1")]).unwrap();
    t.add_stack("SYS1", "TCPCS3", vec![ip("10.1.1.3")]).unwrap();
    t.add_stack("SYS2", "TCPCS2", vec![ip("10.1.2.1")]).unwrap();
    t.add_link("TCPCS1", "TCPCS2", trustplex::sysplex::LinkKind::Xcf)
        .unwrap();
    t.add_link("TCPCS3", "TCPCS2", trustplex::sysplex::LinkKind::Xcf)
        .unwrap();
    let mut r = Racf::new();
    for c in [
        "ADDGROUP TCPGRP",
        "ADDUSER (TRSTSRV TRSTCLI) DFLTGRP(TCPGRP)",
        "RDEFINE SERVAUTH EZB.IOCTL.*.*.PARTNERINFO UACC(NONE)",
        "PERMIT EZB.IOCTL.*.*.PARTNERINFO CLASS(SERVAUTH) ID(TCPGRP) ACCESS(READ)",
        "RDEFINE SERVAUTH EZBDOMAIN APPLDATA('PLEX1')",
        "SETROPTS CLASSACT(SERVAUTH) RACLIST(SERVAUTH)",
    ] {
        r.run(c).unwrap();
    }
    let mut p = Sysplex::new(t, r, XcfConfig::default());
    let job = |p: &mut Sysplex, name: &str, stack: &str, user: &str| {
        let ident = JobIdentity::on_stack(p.topology(), name, stack, user).unwrap();
        p.add_job(ident).unwrap()
    };
    let srv = job(&mut p, "TRSTSRV", "TCPCS2", "TRSTSRV");
    let cli = job(&mut p, "TRSTCLI", "TCPCS1", "TRSTCLI");
    let cli3 = job(&mut p, "TRSTCL3", "TCPCS3", "TRSTCLI");
    (p, srv, cli, cli3)
}

const SERVER: &str = "10.1.2.1:4000";

fn listener(p: &mut Sysplex, srv: TaskId) -> u32 {
    let l = p.socket(srv, Family::Inet, SockType::Stream).unwrap();
    p.siocspartnerinfo(srv, l, PiReqType::PartnerSeccred)
        .unwrap();
    p.bind(srv, l, SERVER.parse().unwrap()).unwrap();
    p.listen(srv, l, 1024).unwrap();
    l
}

/// One trusted connection: both ends issue SIOCSPARTNERINFO (the server on its listener),
/// the stacks exchange credentials over XCF, both ends read them without waiting.
fn trusted_connection(p: &mut Sysplex, srv: TaskId, cli: TaskId, l: u32) -> (u32, u32) {
    let c = p.socket(cli, Family::Inet, SockType::Stream).unwrap();
    p.siocspartnerinfo(cli, c, PiReqType::PartnerSeccred)
        .unwrap();
    let _ = p.connect(cli, c, SERVER.parse().unwrap());
    p.run_until_idle();
    let (s, _) = p.accept(srv, l).unwrap();
    p.run_until_idle();
    (c, s)
}

fn seccred() -> Vec<u8> {
    PartnerInfo::request(PiReqType::PartnerSeccred, 200, 0).to_bytes()
}

fn userid() -> Vec<u8> {
    PartnerInfo::request(PiReqType::PartnerUserid, 40, 0).to_bytes()
}

/// Best nanoseconds per operation over `rounds` rounds of `n`.
fn best(rounds: usize, n: usize, mut f: impl FnMut(usize)) -> f64 {
    (0..rounds)
        .map(|_| {
            let t = Instant::now();
            for i in 0..n {
                f(i);
            }
            t.elapsed().as_nanos() as f64 / n as f64
        })
        .fold(f64::INFINITY, f64::min)
}

fn model_setup(rounds: usize, n: usize) -> f64 {
    let (mut p, srv, cli, _) = plex();
    let l = listener(&mut p, srv);
    let (mut a, mut b) = (seccred(), seccred());
    best(rounds, n, |_| {
        let (c, s) = trusted_connection(&mut p, srv, cli, l);
        let done = |r| matches!(r, Ok(PiOutcome::Done(_)));
        assert!(done(p.siocgpartnerinfo(cli, c, &mut a)));
        assert!(done(p.siocgpartnerinfo(srv, s, &mut b)));
        p.close(cli, c).unwrap();
        p.close(srv, s).unwrap();
        p.run_until_idle();
    })
}

/// The same setup with a thread per task under the scheduler: wall time per connection.
fn scheduled_setup(n: usize) -> f64 {
    let (p, _, _, _) = plex();
    let ident = |name: &str, stack: &str, user: &str| {
        JobIdentity::on_stack(p.topology(), name, stack, user).unwrap()
    };
    let (s, c) = (
        ident("SRV", "TCPCS2", "TRSTSRV"),
        ident("CLI", "TCPCS1", "TRSTCLI"),
    );
    let mut run = Run::new(p);
    run.job(
        s,
        VirtualTime::ZERO,
        Some(Box::new(move |t| {
            let l = t.socket(Family::Inet, SockType::Stream).unwrap();
            t.siocspartnerinfo(l, PiReqType::PartnerSeccred).unwrap();
            t.bind(l, SERVER.parse().unwrap()).unwrap();
            t.listen(l, 1024).unwrap();
            let mut a = seccred();
            for _ in 0..n {
                let (s, _) = t.accept(l).unwrap();
                let mut a2 = a.clone();
                a2[12..16].copy_from_slice(&10u32.to_be_bytes());
                t.siocgpartnerinfo(s, &mut a2).unwrap();
                a.copy_from_slice(&a2);
                t.close(s).unwrap();
            }
        })),
    );
    run.job(
        c,
        VirtualTime::from_millis(1),
        Some(Box::new(move |t| {
            let mut a = seccred();
            a[12..16].copy_from_slice(&10u32.to_be_bytes());
            for _ in 0..n {
                let c = t.socket(Family::Inet, SockType::Stream).unwrap();
                t.siocspartnerinfo(c, PiReqType::PartnerSeccred).unwrap();
                t.connect(c, SERVER.parse().unwrap()).unwrap();
                t.siocgpartnerinfo(c, &mut a).unwrap();
                t.close(c).unwrap();
            }
        })),
    );
    let t = Instant::now();
    let r = run.run().unwrap();
    assert!(r.failures.is_empty() && r.deadlock.is_none());
    t.elapsed().as_nanos() as f64 / n as f64
}

fn kernel_tcp_setup(rounds: usize, n: usize) -> f64 {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = l.local_addr().unwrap();
    best(rounds, n, |_| {
        let c = TcpStream::connect(addr).unwrap();
        let (s, _) = l.accept().unwrap();
        // The server closes first, so TIME_WAIT stays on its side, not on the client's
        // ephemeral ports.
        drop(s);
        drop(black_box(c));
    })
}

fn kernel_unix_setup(rounds: usize, n: usize) -> f64 {
    let path = std::env::temp_dir().join(format!("trustplex-bench-{}.sock", std::process::id()));
    let _ = std::fs::remove_file(&path);
    let l = UnixListener::bind(&path).unwrap();
    let ns = best(rounds, n, |_| {
        let c = UnixStream::connect(&path).unwrap();
        let (s, _) = l.accept().unwrap();
        black_box(peercred::get(&s));
        drop(c);
    });
    let _ = std::fs::remove_file(&path);
    ns
}

fn model_cached(rounds: usize, n: usize, area: fn() -> Vec<u8>) -> f64 {
    let (mut p, srv, cli, _) = plex();
    let l = listener(&mut p, srv);
    let (_, s) = trusted_connection(&mut p, srv, cli, l);
    let mut a = area();
    best(rounds, n, |_| {
        let r = p.siocgpartnerinfo(srv, s, black_box(&mut a));
        debug_assert!(matches!(r, Ok(PiOutcome::Done(_))));
        black_box(r).ok();
    })
}

/// SIOCGPARTNERINFO through BPX4IOC: the parameter list, the parameters and the PartnerInfo
/// area in emulated storage above the bar, R1 pointing at the list.
fn bpx4ioc_cached(rounds: usize, n: usize) -> f64 {
    let (mut p, srv, cli, _) = plex();
    let l = listener(&mut p, srv);
    let (_, s) = trusted_connection(&mut p, srv, cli, l);
    let mut st = Storage::new();
    let area = userid();
    let mut block = Vec::new();
    for w in [s, SIOCGPARTNERINFO, area.len() as u32, 0, 0, 0] {
        block.extend_from_slice(&w.to_be_bytes());
    }
    let parms = st.obtain_with(&block, Loc::Above2G).unwrap();
    let arg = st.obtain_with(&area, Loc::Above2G).unwrap();
    let addrs = [
        parms,
        parms + 4,
        parms + 8,
        arg,
        parms + 12,
        parms + 16,
        parms + 20,
    ];
    let list = parm_list(Amode::Amode64, &addrs);
    let mut regs = Regs::default();
    regs.gpr[1] = st.obtain_with(&list, Loc::Above2G).unwrap();
    let mut host = Direct {
        plex: &mut p,
        task: srv,
    };
    let ns = best(rounds, n, |_| {
        w_ioctl(Amode::Amode64, &mut regs, &mut st, &mut host).unwrap();
    });
    assert_eq!(st.read_u32(parms + 12).unwrap(), 0, "Return_value 0");
    ns
}

fn kernel_peercred(rounds: usize, n: usize) -> f64 {
    let (a, _b) = UnixStream::pair().unwrap();
    best(rounds, n, |_| {
        black_box(peercred::get(&a));
    })
}

/// (ns per cached SIOCGPARTNERINFO on the connections in turn, the same in a scattered order,
/// bytes per connection)
fn scale(conns: usize, rounds: usize, calls: usize) -> (f64, f64, f64) {
    let before = LIVE.load(Ordering::Relaxed);
    let (mut p, srv, cli, cli3) = plex();
    let l = listener(&mut p, srv);
    let mut fds = Vec::with_capacity(conns);
    let mut pending = Vec::new();
    // Connections go in batches (the listener's backlog), half from each client stack.
    for i in 0..conns {
        let from = if i % 2 == 0 { cli } else { cli3 };
        let c = p.socket(from, Family::Inet, SockType::Stream).unwrap();
        p.siocspartnerinfo(from, c, PiReqType::PartnerSeccred)
            .unwrap();
        let _ = p.connect(from, c, SERVER.parse().unwrap());
        pending.push(c);
        if pending.len() == 1000 || i + 1 == conns {
            p.run_until_idle();
            for _ in pending.drain(..) {
                fds.push(p.accept(srv, l).unwrap().0);
            }
            p.run_until_idle();
        }
    }
    let bytes = (LIVE.load(Ordering::Relaxed) - before) as f64 / conns as f64;
    let mut a = userid();
    let mut cycle = |stride: usize| {
        let mut at = 0;
        best(rounds, calls, |_| {
            at = (at + stride) % conns;
            black_box(p.siocgpartnerinfo(srv, fds[at], &mut a)).ok();
        })
    };
    // In turn (each call on the next connection), then a prime stride so consecutive calls
    // land on distant sockets and every one is a cache miss.
    let (in_turn, scattered) = (cycle(1), cycle(7919));
    assert_eq!(p.live_sockets(), 2 * conns + 1);
    (in_turn, scattered, bytes)
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let (rounds, setups, calls) = if quick {
        (2, 2_000, 200_000)
    } else {
        (5, 5_000, 2_000_000)
    };
    let model = model_setup(rounds, setups * 4);
    let scheduled = scheduled_setup(setups / 5);
    let tcp = kernel_tcp_setup(rounds, setups);
    let unix = kernel_unix_setup(rounds, setups);
    println!("\n(a) trusted connection setup across two stacks, per second of wall time");
    println!(
        "{:<58} {:>10} {:>12} {:>10}",
        "", "ns/setup", "setups/s", "x kernel TCP"
    );
    for (name, ns) in [
        ("trustplex, model driven by the library API", model),
        (
            "trustplex, under the scheduler (a thread per task)",
            scheduled,
        ),
        ("Linux loopback TCP connect+accept", tcp),
        ("Linux AF_UNIX connect+accept+SO_PEERCRED", unix),
    ] {
        println!(
            "{name:<58} {ns:>10.0} {:>12.0} {:>10.1}",
            1e9 / ns,
            tcp / ns
        );
    }

    let user = model_cached(rounds, calls, userid);
    let sec = model_cached(rounds, calls, seccred);
    let cred = kernel_peercred(rounds, calls);
    let bpx = bpx4ioc_cached(rounds, calls);
    println!("\n(b) SIOCGPARTNERINFO with cached credentials, per call");
    println!(
        "{:<58} {:>10} {:>12} {:>10}",
        "", "ns/call", "calls/s", "x SO_PEERCRED"
    );
    for (name, ns) in [
        ("trustplex, PI_REQTYPE_PARTNER_USERID (40 bytes)", user),
        ("trustplex, PI_REQTYPE_PARTNER_SECCRED (200 bytes)", sec),
        (
            "trustplex, USERID through BPX4IOC, all in emulated storage",
            bpx,
        ),
        ("Linux getsockopt(SO_PEERCRED)", cred),
    ] {
        println!(
            "{name:<58} {ns:>10.1} {:>12.0} {:>10.1}",
            1e9 / ns,
            cred / ns
        );
    }

    let (turn_1k, scat_1k, mem_1k) = scale(1_000, rounds, calls);
    let (turn_100k, scat_100k, mem_100k) = scale(100_000, rounds, calls);
    println!("\n(c) scale: cached SIOCGPARTNERINFO (USERID) across all open connections");
    println!(
        "{:<42} {:>14} {:>14} {:>12}",
        "", "in turn ns", "scattered ns", "bytes/conn"
    );
    println!(
        "{:<42} {turn_1k:>14.1} {scat_1k:>14.1} {mem_1k:>12.0}",
        "1,000 connections"
    );
    println!(
        "{:<42} {turn_100k:>14.1} {scat_100k:>14.1} {mem_100k:>12.0}",
        "100,000 connections"
    );
    println!(
        "cost at 100,000 / cost at 1,000: {:.2} in turn, {:.2} scattered (target: within 2)",
        turn_100k / turn_1k,
        scat_100k / scat_1k
    );
}
