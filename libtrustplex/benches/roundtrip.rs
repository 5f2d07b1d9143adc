//! A program's call across the process boundary (`cargo bench -p libtrustplex`; `-- --quick`
//! for a short run): a C program makes cached SIOCGPARTNERINFO calls through BPX4IOC in
//! libtrustplex, served by `trustplex::api::native` against the model, against a bare
//! socket-pair ping-pong between two processes (the floor for a process boundary) and the same
//! call made in-process through BPX4IOC in emulated storage. Each figure is the best of several
//! rounds.

use std::io::{Read, Write};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use trustplex_core::api::host::{Direct, Host};
use trustplex_core::api::native::{Call, Entry, Session};
use trustplex_core::areas::Area;
use trustplex_core::areas::ioctl::SIOCGPARTNERINFO;
use trustplex_core::areas::partnerinfo::{PartnerInfo, PiReqType};
use trustplex_core::sysplex::{Family, SockType, Sysplex, TaskId};

#[path = "../tests/common/mod.rs"]
mod common;
use common::{compile_c, have, lib_dir, serve_program, trusted_plex};

/// The seed plex with TRSTCLI connected to TRSTSRV and the connection's credentials cached
/// (descriptor 0 is TRSTCLI's connection).
fn plex() -> (Sysplex, TaskId) {
    let (mut p, cli) = trusted_plex();
    let mut h = Direct {
        plex: &mut p,
        task: cli,
    };
    let c = h.socket(Family::Inet, SockType::Stream).unwrap();
    assert_eq!(c, 0);
    h.connect(c, "10.1.2.1:4000".parse().unwrap()).unwrap();
    let mut area = PartnerInfo::request(PiReqType::PartnerUserid, 40, 5).to_bytes();
    h.siocgpartnerinfo(c, &mut area).unwrap();
    (p, cli)
}

fn scratch() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("libtrustplex-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The C caller's nanoseconds per call, served here.
fn c_program(dir: &Path, calls: usize) -> f64 {
    let exe = dir.join("roundtrip");
    let lib = lib_dir(true);
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/roundtrip.c");
    compile_c(&lib, &src, &exe, &["-O2"]);
    let (mut p, cli) = plex();
    let (out, served) = serve_program(Command::new(&exe).arg(calls.to_string()), dir, &mut p, cli);
    assert_eq!(served, calls);
    let text = String::from_utf8_lossy(&out.stdout);
    let ns: f64 = text.trim().parse().unwrap_or_else(|_| panic!("{text}"));
    ns / calls as f64
}

/// A bare ping-pong of a call-sized message (the 40-byte area and its framing) between this
/// process and a child over a Unix socket: nanoseconds per round trip.
fn socket_pair(dir: &Path, rounds: usize) -> f64 {
    let path = dir.join("pingpong.sock");
    let _ = std::fs::remove_file(&path);
    let listener = UnixListener::bind(&path).unwrap();
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--echo", &path.to_string_lossy(), &rounds.to_string()])
        .spawn()
        .unwrap();
    let (mut s, _) = listener.accept().unwrap();
    let msg = [7u8; 96];
    let mut back = [0u8; 96];
    let t = Instant::now();
    for _ in 0..rounds {
        s.write_all(&msg).unwrap();
        s.read_exact(&mut back).unwrap();
    }
    let ns = t.elapsed().as_nanos() as f64 / rounds as f64;
    child.wait().unwrap();
    ns
}

/// The child side of the ping-pong: echo every message.
fn echo(path: &str, rounds: usize) {
    let mut s = UnixStream::connect(path).unwrap();
    let mut buf = [0u8; 96];
    for _ in 0..rounds {
        s.read_exact(&mut buf).unwrap();
        s.write_all(&buf).unwrap();
    }
}

/// The same call made in this process: BPX4IOC through `Session::serve` (emulated storage,
/// the parameter list, the model), no process boundary.
fn in_process(calls: usize) -> f64 {
    let (mut p, cli) = plex();
    let mut host = Direct {
        plex: &mut p,
        task: cli,
    };
    let mut session = Session::new();
    let area = PartnerInfo::request(PiReqType::PartnerUserid, 40, 0).to_bytes();
    let call = Call {
        entry: Entry::BPX4IOC,
        params: [
            0u32.to_be_bytes().to_vec(),
            SIOCGPARTNERINFO.to_be_bytes().to_vec(),
            40u32.to_be_bytes().to_vec(),
            area,
            vec![0; 4],
            vec![0; 4],
            vec![0; 4],
        ]
        .into_iter()
        .map(Some)
        .collect(),
    };
    let t = Instant::now();
    for _ in 0..calls {
        std::hint::black_box(session.serve(std::hint::black_box(&call), &mut host));
    }
    t.elapsed().as_nanos() as f64 / calls as f64
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == "--echo") {
        return echo(&args[at + 1], args[at + 2].parse().unwrap());
    }
    if !have("gcc") {
        eprintln!("the bench compiles its C caller: install gcc");
        std::process::exit(2);
    }
    let quick = args.iter().any(|a| a == "--quick");
    let (rounds, calls) = if quick { (2, 20_000) } else { (5, 100_000) };
    let dir = scratch();
    let best = |f: &dyn Fn() -> f64| (0..rounds).map(|_| f()).fold(f64::INFINITY, f64::min);
    let native = best(&|| c_program(&dir, calls));
    let pair = best(&|| socket_pair(&dir, calls));
    let local = best(&|| in_process(calls));
    let _ = std::fs::remove_dir_all(&dir);
    println!("\nSIOCGPARTNERINFO (cached, PARTNER_USERID) through BPX4IOC, per call");
    println!(
        "{:<62} {:>10} {:>12} {:>12}",
        "", "ns/call", "calls/s", "x ping-pong"
    );
    for (name, ns) in [
        (
            "a C program through libtrustplex, served by trustplex",
            native,
        ),
        ("bare Unix-socket ping-pong between two processes", pair),
        (
            "the same call in-process (emulated storage, no boundary)",
            local,
        ),
    ] {
        println!(
            "{name:<62} {ns:>10.0} {:>12.0} {:>12.2}",
            1e9 / ns,
            ns / pair
        );
    }
    println!(
        "\nround trip / bare ping-pong: {:.2} (target: at most 2)",
        native / pair
    );
}
