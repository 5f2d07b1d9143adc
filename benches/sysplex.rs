//! The sysplex model and its scheduler against the Linux kernel's own sockets, measured in
//! the same run (`cargo bench --bench sysplex`; `-- --quick` for a short run):
//!
//! (a) trusted connection setup across two stacks (socket, SIOCSPARTNERINFO, connect, accept,
//!     the XCF exchange both ways, SIOCGPARTNERINFO on both ends, close) per second of wall
//!     time, driven through the library API and by two tasks under the scheduler, against
//!     loopback TCP connect+accept and AF_UNIX connect+accept+SO_PEERCRED;
//! (b) SIOCGPARTNERINFO with cached credentials on an established connection, against
//!     getsockopt(SO_PEERCRED);
//! (c) the cached SIOCGPARTNERINFO with 100,000 connections open against 1,000, and the memory
//!     each connection takes;
//! (d) the memory a parked REXX job takes (a job waiting in ACCEPT, with its stack, exec and
//!     socket), measured in a fresh process;
//! (e) `trustplex run` of a generated scenario, one trusted server exec and N trusted client
//!     execs 10 ms apart, each asking for its partner's credentials over XCF: wall time per
//!     job at 1,000 and 100,000 clients, and the run's peak memory.
//!
//! Each in-process figure is the best of several rounds; the whole-run figures are one run
//! each. One table closes the run with every ratio.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::net::{IpAddr, TcpListener, TcpStream};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicIsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use trustplex::api::bpx::{Amode, Regs, parm_list, w_ioctl};
use trustplex::api::host::Direct;
use trustplex::api::storage::{Loc, Storage};
use trustplex::areas::Area;
use trustplex::areas::ioctl::SIOCGPARTNERINFO;
use trustplex::areas::partnerinfo::{PartnerInfo, PiReqType};
use trustplex::racf::Racf;
use trustplex::rexx::task::ExecJob;
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

/// getrusage(RUSAGE_CHILDREN): the peak resident set of the process's waited-for children.
mod rusage {
    /// struct rusage on 64-bit Linux: two timevals, then fourteen longs, ru_maxrss first.
    #[repr(C)]
    struct Rusage {
        utime: [i64; 2],
        stime: [i64; 2],
        maxrss: i64,
        rest: [i64; 13],
    }

    // The C library's getrusage, declared here for the same reason as getsockopt above.
    unsafe extern "C" {
        fn getrusage(who: i32, usage: *mut Rusage) -> i32;
    }

    const RUSAGE_CHILDREN: i32 = -1;

    /// Kilobytes.
    pub fn children_peak_kb() -> i64 {
        let mut u = Rusage {
            utime: [0; 2],
            stime: [0; 2],
            maxrss: 0,
            rest: [0; 13],
        };
        // SAFETY: `u` is a valid, writable struct rusage.
        let rc = unsafe { getrusage(RUSAGE_CHILDREN, &mut u) };
        assert_eq!(rc, 0, "getrusage");
        u.maxrss
    }
}

/// The process's resident set, in bytes: VmRSS in /proc/self/status, which the kernel gives
/// in kB whatever the page size (statm counts pages, 4 KiB or 16 KiB or 64 KiB).
fn rss() -> usize {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb: usize = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    kb * 1024
}

fn ip(s: &str) -> IpAddr {
    s.parse().expect("address")
}

/// The RACF set-up of every plex here: both users may ask for partner information; domain
/// PLEX1.
const RACF: &[&str] = &[
    "ADDGROUP TCPGRP",
    "ADDUSER (TRSTSRV TRSTCLI) DFLTGRP(TCPGRP)",
    "RDEFINE SERVAUTH EZB.IOCTL.*.*.PARTNERINFO UACC(NONE)",
    "PERMIT EZB.IOCTL.*.*.PARTNERINFO CLASS(SERVAUTH) ID(TCPGRP) ACCESS(READ)",
    "RDEFINE SERVAUTH EZBDOMAIN APPLDATA('PLEX1')",
    "SETROPTS CLASSACT(SERVAUTH) RACLIST(SERVAUTH)",
];

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
    for c in RACF {
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

/// The same setup by two tasks under the scheduler: wall time per connection.
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

/// A REXX job that listens on its own port and parks in ACCEPT for good.
const IDLE_EXEC: &str = "parse arg port
call socket 'INITIALIZE', 'IDLE'
parse value socket('SOCKET', 'AF_INET', 'STREAM') with . s
call socket 'BIND', s, 'AF_INET' port 'INADDR_ANY'
call socket 'LISTEN', s, 5
call socket 'ACCEPT', s
exit 0
";

/// In this (fresh) process: `jobs` REXX jobs parked in ACCEPT; prints the resident bytes they
/// added, measured by a probe job once they all wait.
fn idle_jobs(jobs: usize) {
    let (p, _, _, _) = plex();
    let base = rss();
    let mut run = Run::new(p);
    for i in 0..jobs {
        let name = format!("I{i:07}");
        let ident =
            JobIdentity::on_stack(run.plex_mut().topology(), &name, "TCPCS2", "TRSTSRV").unwrap();
        let exec = ExecJob::new(
            IDLE_EXEC.as_bytes(),
            "IDLE",
            &(5000 + i).to_string(),
            "TRSTSRV",
        );
        run.job(ident, VirtualTime::ZERO, Some(Box::new(exec.program())));
    }
    let seen = Arc::new(Mutex::new(0));
    let probe =
        JobIdentity::on_stack(run.plex_mut().topology(), "PROBE", "TCPCS2", "TRSTSRV").unwrap();
    let into = Arc::clone(&seen);
    run.job(
        probe,
        VirtualTime::from_secs(1),
        Some(Box::new(move |_| *into.lock().unwrap() = rss())),
    );
    let r = run.run().unwrap();
    let parked = r.deadlock.map_or(0, |d| d.waiting.len());
    assert_eq!(parked, jobs, "every idle job waits in ACCEPT");
    println!("{}", *seen.lock().unwrap() - base);
}

/// Bytes per parked REXX job: the difference between two fresh processes' figures, so what
/// every run has anyway drops out.
fn idle_job_bytes(few: usize, many: usize) -> f64 {
    let measure = |n: usize| -> f64 {
        let out = Command::new(std::env::current_exe().unwrap())
            .args(["--idle-jobs", &n.to_string()])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
    };
    (measure(many) - measure(few)) / (many - few) as f64
}

/// The scale scenario: a trusted server on SYS2 serving `clients` trusted clients on SYS1,
/// one every 10 ms, each asking the server's user over XCF and echoing a message. The execs
/// are the repository's seed server and client.
fn scale_scenario(dir: &Path, clients: usize) -> std::path::PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for exec in ["trusted-server.rexx", "trusted-client.rexx"] {
        std::fs::copy(root.join("rexx").join(exec), dir.join(exec)).unwrap();
    }
    let racf: Vec<String> = RACF.iter().map(|c| format!("  {c:?},\n")).collect();
    let mut s = format!("racf = [\n{}]\n", racf.concat());
    s.push_str(
        r#"[[system]]
name = "SYS1"
[[system]]
name = "SYS2"
[[stack]]
system = "SYS1"
name = "TCPCS1"
home = ["10.1.1.1"]
[[stack]]
system = "SYS2"
name = "TCPCS2"
home = ["10.1.2.1"]
[[link]]
between = ["TCPCS1", "TCPCS2"]
kind = "xcf"
"#,
    );
    s.push_str(&format!(
        "[[job]]\nname = \"TRSTSRV\"\nsystem = \"SYS2\"\nstack = \"TCPCS2\"\nuser = \"TRSTSRV\"\nrun = \"trusted-server.rexx\"\nargs = \"4000 {clients}\"\n"
    ));
    for i in 0..clients {
        s.push_str(&format!(
            "[[job]]\nname = \"C{i:07}\"\nsystem = \"SYS1\"\nstack = \"TCPCS1\"\nuser = \"TRSTCLI\"\nstart = {}.{:02}\nrun = \"trusted-client.rexx\"\nargs = \"10.1.2.1 4000\"\n",
            1 + i / 100,
            i % 100
        ));
    }
    let file = dir.join(format!("scale-{clients}.toml"));
    std::fs::write(&file, s).unwrap();
    file
}

/// In this (fresh) process: runs the command, its output thrown away, and prints its wall
/// nanoseconds and peak resident kilobytes.
fn peak(cmd: &[String]) {
    let t = Instant::now();
    let status = Command::new(&cmd[0])
        .args(&cmd[1..])
        .stdout(Stdio::null())
        .status()
        .unwrap();
    let ns = t.elapsed().as_nanos();
    assert!(status.success(), "{cmd:?}: {status}");
    println!("{ns} {}", rusage::children_peak_kb());
}

/// `trustplex run` of the scale scenario: (wall ns per job, peak resident bytes).
fn scale_run(clients: usize) -> (f64, f64) {
    let dir = std::env::temp_dir().join(format!("trustplex-scale-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = scale_scenario(&dir, clients);
    let out = Command::new(std::env::current_exe().unwrap())
        .arg("--peak")
        .arg(env!("CARGO_BIN_EXE_trustplex"))
        .arg("run")
        .arg(&file)
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let mut f = text.split_whitespace().map(|w| w.parse::<f64>().unwrap());
    let (ns, kb) = (f.next().unwrap(), f.next().unwrap());
    (ns / (clients + 1) as f64, kb * 1024.0)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    // The fresh processes the memory figures are measured in.
    if let Some(at) = args.iter().position(|a| a == "--idle-jobs") {
        return idle_jobs(args[at + 1].parse().unwrap());
    }
    if let Some(at) = args.iter().position(|a| a == "--peak") {
        return peak(&args[at + 1..]);
    }
    let quick = args.iter().any(|a| a == "--quick");
    let (rounds, setups, calls, clients) = if quick {
        (2, 2_000, 200_000, 10_000)
    } else {
        (5, 5_000, 2_000_000, 100_000)
    };
    let model = model_setup(rounds, setups * 4);
    let scheduled = (0..rounds)
        .map(|_| scheduled_setup(setups * 4))
        .fold(f64::INFINITY, f64::min);
    let tcp = kernel_tcp_setup(rounds, setups);
    let unix = kernel_unix_setup(rounds, setups);
    println!("\n(a) trusted connection setup across two stacks, per second of wall time");
    println!(
        "{:<58} {:>10} {:>12} {:>10}",
        "", "ns/setup", "setups/s", "x kernel TCP"
    );
    for (name, ns) in [
        ("trustplex, model driven by the library API", model),
        ("trustplex, two tasks under the scheduler", scheduled),
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

    let idle = idle_job_bytes(2_000, 20_000);
    println!("\n(d) memory of a REXX job parked in ACCEPT (fresh processes, 20,000 less 2,000)");
    println!("{:<42} {idle:>14.0}", "resident bytes per idle job");

    let (few_ns, few_peak) = scale_run(1_000);
    let (many_ns, many_peak) = scale_run(clients);
    println!("\n(e) trustplex run: 1 trusted server exec, N trusted client execs 10 ms apart");
    println!("{:<42} {:>14} {:>14}", "", "wall us/job", "peak MiB");
    for (n, ns, peak) in [(1_000, few_ns, few_peak), (clients, many_ns, many_peak)] {
        println!(
            "{:<42} {:>14.1} {:>14.1}",
            format!("N = {n}"),
            ns / 1e3,
            peak / f64::from(1 << 20)
        );
    }

    let many = if clients == 100_000 {
        "100,000"
    } else {
        "10,000"
    };
    println!("\nThe figures against their targets (issue 13)");
    println!("{:<66} {:>10} {:>10}", "", "figure", "target");
    for (what, figure, target) in [
        (
            "scheduled trusted setup / kernel loopback TCP connect+accept".to_string(),
            format!("{:.1}x", tcp / scheduled),
            ">= 10x",
        ),
        (
            "scattered cached SIOCGPARTNERINFO, 100,000 conns / 1,000".into(),
            format!("{:.2}x", scat_100k / scat_1k),
            "<= 2x",
        ),
        (
            "in-turn cached SIOCGPARTNERINFO, 100,000 conns / 1,000".into(),
            format!("{:.2}x", turn_100k / turn_1k),
            "",
        ),
        (
            format!("trustplex run, wall time per job, {many} clients / 1,000"),
            format!("{:.2}x", many_ns / few_ns),
            "<= 1.5x",
        ),
        (
            format!("trustplex run, peak memory, {many} clients"),
            format!("{:.0} MiB", many_peak / f64::from(1 << 20)),
            "< 4 GiB",
        ),
        (
            "resident bytes per idle REXX job".into(),
            format!("{idle:.0}"),
            "small",
        ),
        (
            "heap bytes per open connection (100,000 open)".into(),
            format!("{mem_100k:.0}"),
            "small",
        ),
    ] {
        println!("{what:<66} {figure:>10} {target:>10}");
    }
}
