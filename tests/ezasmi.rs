//! EZASMI, the macro interface, against the seed plex: the trusted server and client written
//! as an assembler program would code them, with every statement's fields and parameter list
//! shown before and after as IPCS shows storage; and the statements that cannot run.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use trustplex::api::bpx::Regs;
use trustplex::api::ezasmi::{EZASMTIE, Ezasmi, EzasmiError, Symbols};
use trustplex::api::host::{Direct, Host};
use trustplex::api::storage::Storage;
use trustplex::areas::Area;
use trustplex::areas::partnerinfo::{PartnerInfo, PiReqType};
use trustplex::codepage::CodePage;
use trustplex::scenario::Scenario;
use trustplex::sysplex::{Family, SockType};

const SEED_PLEX: &str = include_str!("../fixtures/scenarios/seed-plex.toml");

/// An assembler program: its storage, symbols (with their lengths, for the dumps), registers
/// and EZASMI module, and the trace of what each statement did to its storage.
struct Program {
    s: Storage,
    syms: Symbols,
    lens: BTreeMap<String, u64>,
    regs: Regs,
    eza: Ezasmi,
    trace: Vec<String>,
}

impl Program {
    fn new() -> Program {
        let mut regs = Regs::default();
        for (i, r) in regs.gpr.iter_mut().enumerate() {
            *r = 0x0C0C_0000 + i as u64;
        }
        Program {
            s: Storage::new(),
            syms: Symbols::default(),
            lens: BTreeMap::new(),
            regs,
            eza: Ezasmi::new(),
            trace: Vec::new(),
        }
    }

    /// `name DC X'...'`.
    fn dc(&mut self, name: &str, bytes: &[u8]) -> u64 {
        self.lens.insert(name.into(), bytes.len() as u64);
        self.syms.dc(&mut self.s, name, bytes).unwrap()
    }

    /// The fields a statement names, and the task area's parameter list, as IPCS shows them.
    fn dump(&self, stmt: &str) -> String {
        let mut out = String::new();
        let words: Vec<&str> = stmt
            .split(|c: char| !(c.is_ascii_alphanumeric() || "@#$_".contains(c)))
            .collect();
        for (name, len) in &self.lens {
            if words.contains(&name.as_str())
                && let Some(at) = self.syms.get(name)
            {
                out.push_str(&format!("{name}\n{}", self.s.dump(at, *len).unwrap()));
            }
        }
        if let Some(task) = self.syms.get(EZASMTIE) {
            out.push_str(&format!(
                "{EZASMTIE} list and SOC-FUNCTION\n{}",
                self.s.dump(task, 80).unwrap()
            ));
        }
        out
    }

    /// Issues a statement, tracing the storage it touches; gives RETCODE and ERRNO.
    fn issue(&mut self, host: &mut impl Host, stmt: &str) -> (i32, u32) {
        let before = self.dump(stmt);
        let saved = self.regs;
        self.eza
            .issue(stmt, &mut self.syms, &mut self.regs, &mut self.s, host)
            .unwrap_or_else(|e| panic!("{stmt}: {e}"));
        assert_eq!(
            self.regs.gpr[2..=13],
            saved.gpr[2..=13],
            "GPRs 2-13 survive"
        );
        let after = self.dump(stmt);
        self.trace
            .push(format!("{stmt}\n-- before\n{before}-- after\n{after}"));
        (self.word("RETCODE") as i32, self.word("ERRNO"))
    }

    fn word(&self, name: &str) -> u32 {
        self.s.read_u32(self.syms.get(name).unwrap()).unwrap()
    }

    fn set_half(&mut self, name: &str, v: u16) {
        let at = self.syms.get(name).unwrap();
        self.s.write_u16(at, v).unwrap();
    }
}

fn pi(t: PiReqType) -> Vec<u8> {
    PartnerInfo::request(t, t.required_len(), 10).to_bytes()
}

/// FAMILY 2, PORT, IP-ADDRESS, 8 reserved bytes.
fn name(addr: &str) -> Vec<u8> {
    let a: std::net::SocketAddrV4 = addr.parse().unwrap();
    let mut b = 2u16.to_be_bytes().to_vec();
    b.extend_from_slice(&a.port().to_be_bytes());
    b.extend_from_slice(&a.ip().octets());
    b.extend_from_slice(&[0; 8]);
    b
}

fn ebcdic(text: &str) -> Vec<u8> {
    CodePage::Ibm1047.encode(text).unwrap()
}

/// The seed's trusted server and client through EZASMI under the scheduler: the server sets
/// SIOCSPARTNERINFO before LISTEN, accepts, asks for the client's SECCRED; the client, with a
/// default INITAPI, connects and asks for the server's user ID. Each operand form is used:
/// a field, `field+n`, `*indaddr`, `(reg)`, `d(reg)`, a number and a quoted name.
#[test]
fn the_seed_flows_through_ezasmi() {
    let sc = Scenario::from_toml("seed-plex.toml", SEED_PLEX).unwrap();
    let mut run = sc.run();
    let traces: Arc<Mutex<BTreeMap<&str, String>>> = Arc::default();
    let out = traces.clone();
    run.program("TRSTSRV", move |t| {
        let mut p = Program::new();
        p.dc("ERRNO", &[0; 4]);
        p.dc("RETCODE", &[0; 4]);
        p.dc("MAXSOC", &[0, 100]);
        p.dc("MAXSNO", &[0; 4]);
        p.dc("SOCKNO", &[0; 2]);
        p.dc("CONNSNO", &[0; 4]);
        p.dc("SETARG", &3u32.to_be_bytes());
        p.dc("SRVNAME", &name("10.1.2.1:4000"));
        p.dc("CLINAME", &[0; 16]);
        p.dc("PIAREA", &pi(PiReqType::PartnerSeccred));
        p.dc("BUFFER", &[0; 8]);
        p.dc("NBYTE", &8u32.to_be_bytes());
        let buffer = p.syms.get("BUFFER").unwrap();
        p.dc("BUFADDR", &(buffer as u32).to_be_bytes());
        p.eza
            .issue(
                "         EZASMI TYPE=TASK,STORAGE=CSECT",
                &mut p.syms,
                &mut p.regs,
                &mut p.s,
                t,
            )
            .unwrap();
        let mut log = Vec::new();
        let (rc, _) = p.issue(
            t,
            "         EZASMI TYPE=INITAPI,MAXSOC=MAXSOC,MAXSNO=MAXSNO,ERRNO=ERRNO,RETCODE=RETCODE",
        );
        log.push(format!("INITAPI {rc} MAXSNO {}", p.word("MAXSNO")));
        let (rc, _) = p.issue(
            t,
            "         EZASMI TYPE=SOCKET,AF='INET',SOCTYPE='STREAM',ERRNO=ERRNO,RETCODE=RETCODE",
        );
        p.set_half("SOCKNO", rc as u16);
        log.push(format!("SOCKET {rc}"));
        let (rc, _) = p.issue(
            t,
            "         EZASMI TYPE=IOCTL,S=SOCKNO,COMMAND='SIOCSPARTNERINFO',REQARG=SETARG,RETARG=SETARG,ERRNO=ERRNO,RETCODE=RETCODE",
        );
        log.push(format!("IOCTL SIOCSPARTNERINFO {rc}"));
        let (rc, _) = p.issue(
            t,
            "         EZASMI TYPE=BIND,S=SOCKNO,NAME=SRVNAME,ERRNO=ERRNO,RETCODE=RETCODE",
        );
        log.push(format!("BIND {rc}"));
        let (rc, _) = p.issue(
            t,
            "         EZASMI TYPE=LISTEN,S=SOCKNO,BACKLOG=5,ERRNO=ERRNO,RETCODE=RETCODE",
        );
        log.push(format!("LISTEN {rc}"));
        let (rc, _) = p.issue(
            t,
            "         EZASMI TYPE=ACCEPT,S=SOCKNO,NAME=CLINAME,ERRNO=ERRNO,RETCODE=RETCODE",
        );
        log.push(format!("ACCEPT {rc}"));
        // The new descriptor is a fullword; S names its low halfword.
        let connsno = p.syms.get("CONNSNO").unwrap();
        p.s.write_u32(connsno, rc as u32).unwrap();
        let (rc, e) = p.issue(
            t,
            "         EZASMI TYPE=IOCTL,S=CONNSNO+2,COMMAND='SIOCGPARTNERINFO',REQARG=PIAREA,RETARG=PIAREA,ERRNO=ERRNO,RETCODE=RETCODE",
        );
        let pia = p.syms.get("PIAREA").unwrap();
        let info = PartnerInfo::parse(&p.s.read(pia, 200).unwrap()).unwrap();
        log.push(format!(
            "IOCTL SIOCGPARTNERINFO {rc}/{e} {:?} {:?}",
            info.as_userid(),
            info.task_userid()
        ));
        // LA 5,CONNSNO+2 then S=(5).
        p.regs.gpr[5] = connsno + 2;
        let (rc, _) = p.issue(
            t,
            "         EZASMI TYPE=RECV,S=(5),NBYTE=NBYTE,BUF=*BUFADDR,ERRNO=ERRNO,RETCODE=RETCODE",
        );
        log.push(format!(
            "RECV {rc} {:?}",
            CodePage::Ibm1047.decode(&p.s.read(buffer, rc as u64).unwrap())
        ));
        p.s.write_u32(p.syms.get("NBYTE").unwrap(), rc as u32).unwrap();
        // LA 6,CONNSNO then S=2(R6).
        p.regs.gpr[6] = connsno;
        let (rc, _) = p.issue(
            t,
            "         EZASMI TYPE=SEND,S=2(R6),FLAGS=0,NBYTE=NBYTE,BUF=BUFFER,ERRNO=ERRNO,RETCODE=RETCODE",
        );
        log.push(format!("SEND {rc}"));
        let (rc, _) = p.issue(
            t,
            "         EZASMI TYPE=CLOSE,S=CONNSNO+2,ERRNO=ERRNO,RETCODE=RETCODE",
        );
        log.push(format!("CLOSE {rc}"));
        p.issue(t, "         EZASMI TYPE=TERMAPI");
        // TERMAPI closed the listener too.
        let (rc, e) = p.issue(
            t,
            "         EZASMI TYPE=CLOSE,S=SOCKNO,ERRNO=ERRNO,RETCODE=RETCODE",
        );
        log.push(format!("CLOSE listener after TERMAPI {rc} ERRNO {e}"));
        t.say(log.join("; "));
        out.lock().unwrap().insert("TRSTSRV", p.trace.join("\n"));
    })
    .unwrap();
    let out = traces.clone();
    run.program("TRSTCLI", move |t| {
        let mut p = Program::new();
        p.dc("ERRNO", &[0; 4]);
        p.dc("RETCODE", &[0; 4]);
        p.dc("SOCKNO", &[0; 2]);
        p.dc("SRVNAME", &name("10.1.2.1:4000"));
        p.dc("PIAREA", &pi(PiReqType::PartnerUserid));
        p.dc("OPTVAL", &[0; 4]);
        p.dc("OPTLEN", &4u32.to_be_bytes());
        p.dc("MSG", &ebcdic("PING"));
        p.dc("REPLY", &[0; 8]);
        p.eza
            .issue(
                "         EZASMI TYPE=TASK,STORAGE=DSECT",
                &mut p.syms,
                &mut p.regs,
                &mut p.s,
                t,
            )
            .unwrap();
        let mut log = Vec::new();
        // No INITAPI: SOCKET makes the default one.
        let (rc, _) = p.issue(
            t,
            "         EZASMI TYPE=SOCKET,AF='INET',SOCTYPE='STREAM',ERRNO=ERRNO,RETCODE=RETCODE",
        );
        p.set_half("SOCKNO", rc as u16);
        log.push(format!("SOCKET {rc}"));
        let first = format!("{:<71}X", "         EZASMI TYPE=CONNECT,S=SOCKNO,NAME=SRVNAME,");
        let (rc, _) = p.issue(
            t,
            &format!("{first}\n               ERRNO=ERRNO,RETCODE=RETCODE"),
        );
        log.push(format!("CONNECT {rc}"));
        let (rc, e) = p.issue(
            t,
            "         EZASMI TYPE=IOCTL,S=SOCKNO,COMMAND='SIOCGPARTNERINFO',REQARG=PIAREA,RETARG=PIAREA,ERRNO=ERRNO,RETCODE=RETCODE",
        );
        let pia = p.syms.get("PIAREA").unwrap();
        let info = PartnerInfo::parse(&p.s.read(pia, 40).unwrap()).unwrap();
        log.push(format!(
            "IOCTL SIOCGPARTNERINFO {rc}/{e} {:?} routing {:02X}",
            info.as_userid(),
            info.header.conntype.bits()
        ));
        let (rc, e) = p.issue(
            t,
            "         EZASMI TYPE=GETSOCKOPT,S=SOCKNO,OPTNAME='SO_CLUSTERCONNTYPE',OPTVAL=OPTVAL,OPTLEN=OPTLEN,ERRNO=ERRNO,RETCODE=RETCODE",
        );
        log.push(format!("GETSOCKOPT SO_CLUSTERCONNTYPE {rc} ERRNO {e}"));
        let (rc, _) = p.issue(
            t,
            "         EZASMI TYPE=SEND,S=SOCKNO,NBYTE=4,BUF=MSG,ERRNO=ERRNO,RETCODE=RETCODE",
        );
        log.push(format!("SEND {rc}"));
        let (rc, _) = p.issue(
            t,
            "         EZASMI TYPE=RECV,S=SOCKNO,FLAGS=X'40',NBYTE=4,BUF=REPLY,ERRNO=ERRNO,RETCODE=RETCODE",
        );
        log.push(format!("RECV MSG_WAITALL {rc}"));
        let (rc, _) = p.issue(
            t,
            "         EZASMI TYPE=CLOSE,S=SOCKNO,ERRNO=ERRNO,RETCODE=RETCODE",
        );
        log.push(format!("CLOSE {rc}"));
        t.say(log.join("; "));
        out.lock().unwrap().insert("TRSTCLI", p.trace.join("\n"));
    })
    .unwrap();
    run.program("PC", |_| {}).unwrap();
    let r = run.run().unwrap();
    assert!(r.failures.is_empty(), "{:?}", r.failures);
    insta::assert_snapshot!("ezasmi-seed-flows", r.transcript());
    let traces = traces.lock().unwrap();
    insta::assert_snapshot!("ezasmi-server-storage", traces["TRSTSRV"]);
    insta::assert_snapshot!("ezasmi-client-storage", traces["TRSTCLI"]);
}

/// What cannot run: statements that would not assemble, what z/OS takes but trustplex does
/// not emulate, operands whose storage is not there (an abend), and call errors in TCPERRNO
/// numbering through ERRNO and RETCODE.
#[test]
fn bad_statements_and_errors() {
    let (mut plex, task) = {
        let sc = Scenario::from_toml("seed-plex.toml", SEED_PLEX).unwrap();
        let mut p = sc.sysplex();
        let t = p.add_job(sc.jobs[1].ident.clone()).unwrap();
        (p, t)
    };
    let mut h = Direct {
        plex: &mut plex,
        task,
    };
    let mut p = Program::new();
    p.dc("ERRNO", &[0; 4]);
    p.dc("RETCODE", &[0; 4]);
    p.dc("SOCKNO", &[0; 2]);
    p.dc("BADPTR", &0x00F0_0000u32.to_be_bytes());
    let mut rows = Vec::new();
    let mut try_ = |p: &mut Program, h: &mut Direct, stmt: &str| {
        let r = p.eza.issue(stmt, &mut p.syms, &mut p.regs, &mut p.s, h);
        let shown = match r {
            Ok(()) if stmt.contains("TYPE=TASK") || stmt.contains("MF=L") => "defined".into(),
            Ok(()) => format!(
                "RETCODE {} ERRNO {}",
                p.word("RETCODE") as i32,
                p.word("ERRNO")
            ),
            Err(e) => e.to_string(),
        };
        rows.push(format!("{stmt}\n  {shown}"));
    };
    try_(
        &mut p,
        &mut h,
        "EZASMI TYPE=CLOSE,S=SOCKNO,ERRNO=ERRNO,RETCODE=RETCODE",
    );
    try_(&mut p, &mut h, "EZASMI TYPE=TASK");
    try_(&mut p, &mut h, "EZASMI TYPE=TASK");
    try_(
        &mut p,
        &mut h,
        "EZASMI TYPE=BOGUS,ERRNO=ERRNO,RETCODE=RETCODE",
    );
    try_(&mut p, &mut h, "EZASMI S=SOCKNO");
    try_(&mut p, &mut h, "EZASMI TYPE=CLOSE,S=SOCKNO,RETCODE=RETCODE");
    try_(
        &mut p,
        &mut h,
        "EZASMI TYPE=CLOSE,S=SOCKNO,ERRNO=ERRNO,RETCODE=RETCODE,BACKLOG=5",
    );
    try_(
        &mut p,
        &mut h,
        "EZASMI TYPE=CLOSE,S=(1),ERRNO=ERRNO,RETCODE=RETCODE",
    );
    try_(
        &mut p,
        &mut h,
        "EZASMI TYPE=CLOSE,S=NOSUCH,ERRNO=ERRNO,RETCODE=RETCODE",
    );
    try_(
        &mut p,
        &mut h,
        "EZASMI TYPE=CLOSE,S=70000,ERRNO=ERRNO,RETCODE=RETCODE",
    );
    try_(
        &mut p,
        &mut h,
        "EZASMI TYPE=SOCKET,AF='IUCV',SOCTYPE='STREAM',ERRNO=ERRNO,RETCODE=RETCODE",
    );
    try_(
        &mut p,
        &mut h,
        "EZASMI TYPE=IOCTL,S=SOCKNO,COMMAND='NOTACMD',REQARG=SOCKNO,RETARG=SOCKNO,ERRNO=ERRNO,RETCODE=RETCODE",
    );
    try_(
        &mut p,
        &mut h,
        "EZASMI TYPE=IOCTL,S=SOCKNO,COMMAND='SIOCATMARK',REQARG=SOCKNO,RETARG=SOCKNO,ERRNO=ERRNO,RETCODE=RETCODE",
    );
    try_(
        &mut p,
        &mut h,
        "EZASMI TYPE=SOCKET,AF='INET',SOCTYPE='STREAM',ERRNO=ERRNO,RETCODE=RETCODE,ECB=SOCKNO",
    );
    try_(
        &mut p,
        &mut h,
        "EZASMI TYPE=INITAPI,ASYNC='EXIT',ERRNO=ERRNO,RETCODE=RETCODE",
    );
    try_(
        &mut p,
        &mut h,
        "EZASMI TYPE=CLOSE,S=*BADPTR,ERRNO=ERRNO,RETCODE=RETCODE",
    );
    try_(
        &mut p,
        &mut h,
        "EZASMI TYPE=CLOSE,S=SOCKNO,ERRNO=*BADPTR,RETCODE=RETCODE",
    );
    try_(
        &mut p,
        &mut h,
        "EZASMI TYPE=SOCKET,AF='INET6',SOCTYPE='RAW',ERRNO=ERRNO,RETCODE=RETCODE",
    );
    try_(
        &mut p,
        &mut h,
        "EZASMI TYPE=INITAPI,MAXSOC=50,ERRNO=ERRNO,RETCODE=RETCODE",
    );
    // Fifty sockets fit MAXSOC 50; the fifty-first is out of range.
    for _ in 0..50 {
        h.socket(Family::Inet, SockType::Stream).unwrap();
    }
    try_(
        &mut p,
        &mut h,
        "EZASMI TYPE=SOCKET,AF='INET',SOCTYPE='STREAM',ERRNO=ERRNO,RETCODE=RETCODE",
    );
    try_(&mut p, &mut h, "PLIST    EZASMI MF=L");
    try_(
        &mut p,
        &mut h,
        "         EZASMI TYPE=CLOSE,S=SOCKNO,ERRNO=ERRNO,RETCODE=RETCODE,MF=(E,PLIST)",
    );
    try_(&mut p, &mut h, "         EZASMI TYPE=TERMAPI,ERRNO=ERRNO");
    insta::assert_snapshot!("ezasmi-bad-statements", rows.join("\n"));
    // An abend is reported, never a panic.
    let e = p
        .eza
        .issue(
            "EZASMI TYPE=CLOSE,S=SOCKNO,ERRNO=ERRNO,RETCODE=*BADPTR",
            &mut p.syms,
            &mut p.regs,
            &mut p.s,
            &mut h,
        )
        .unwrap_err();
    assert!(matches!(e, EzasmiError::Abend(_)), "{e}");
}
