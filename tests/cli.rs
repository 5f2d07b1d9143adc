//! The `trustplex` command, end to end: every verb, and bad input giving exit status 2 with one
//! line on stderr.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn trustplex(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_trustplex"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("trustplex runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin)
        .expect("write stdin");
    child.wait_with_output().expect("trustplex ends")
}

fn ok(args: &[&str], stdin: &[u8]) -> String {
    let out = trustplex(args, stdin);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

fn fails(args: &[&str], stdin: &[u8]) -> String {
    let out = trustplex(args, stdin);
    assert_eq!(out.status.code(), Some(2), "{args:?} should fail with 2");
    assert!(
        out.stdout.is_empty(),
        "{args:?} printed to stdout on failure"
    );
    let err = String::from_utf8(out.stderr).expect("utf-8");
    assert_eq!(
        err.lines().count(),
        1,
        "{args:?}: one line on stderr, got {err:?}"
    );
    assert!(err.starts_with("trustplex: "), "{err}");
    err
}

fn fixture(name: &str) -> String {
    format!("{}/fixtures/areas/{name}", env!("CARGO_MANIFEST_DIR"))
}

const AREAS: [&str; 9] = [
    "utoken",
    "partnerinfo",
    "nmi-conn",
    "ioctl",
    "sockaddr-in",
    "sockaddr-in6",
    "ifreq",
    "plist31",
    "plist64",
];

#[test]
fn layout_of_every_area() {
    for area in AREAS {
        let text = ok(&["layout", area], b"");
        assert!(text.contains("Provenance"), "{area}");
        let json: serde_json::Value =
            serde_json::from_str(&ok(&["layout", area, "--format", "json"], b"")).expect("json");
        assert_eq!(json["area"], area);
    }
    let nmi = ok(&["layout", "nmi-conn"], b"");
    assert!(
        nmi.contains("  198  0C6    1  NWMConnClusterConnFlag"),
        "{nmi}"
    );
    assert!(
        nmi.contains("  332  14C    1  NWMConnTrustedPartner"),
        "{nmi}"
    );
}

#[test]
fn decode_binary_and_hex_alike() {
    let bin = ok(
        &["decode", "partnerinfo", &fixture("partnerinfo-seccred.bin")],
        b"",
    );
    let hex = ok(
        &["decode", "partnerinfo", &fixture("partnerinfo-seccred.hex")],
        b"",
    );
    assert_eq!(bin, hex);
    assert!(
        bin.contains("'CICSRGN1'") && bin.contains("'USER1'"),
        "{bin}"
    );
    let piped = ok(
        &["decode", "nmi-conn"],
        &std::fs::read(fixture("nmi-conn-seed.bin")).expect("fixture"),
    );
    assert!(
        piped.contains("TcpClusterConnFlag: 8E  TcpTrustedPartner: E0"),
        "{piped}"
    );
    let word = ok(&["decode", "ioctl"], b"X'C000F612'\n");
    assert!(
        word.contains("SIOCGPARTNERINFO: _IOWR('6', 18, variable)"),
        "{word}"
    );
}

#[test]
fn encode_inverts_decode() {
    for (area, name) in [
        ("partnerinfo", "partnerinfo-seccred"),
        ("utoken", "utoken-default"),
        ("nmi-conn", "nmi-conn-seed"),
        ("plist31", "plist31"),
    ] {
        let bin = std::fs::read(fixture(&format!("{name}.bin"))).expect("fixture");
        let json = ok(&["decode", area, "--format", "json"], &bin);
        let hex = ok(&["encode", area], json.as_bytes());
        assert_eq!(
            hex.trim(),
            bin.iter().map(|b| format!("{b:02X}")).collect::<String>(),
            "{name}"
        );
        let out = trustplex(&["encode", area, "--binary"], json.as_bytes());
        assert_eq!(out.stdout, bin, "{name} --binary");
    }
    assert_eq!(
        ok(&["encode", "ioctl"], b"\"SIOCSPARTNERINFO\"").trim(),
        "8004F613"
    );
    let built = ok(&["encode", "partnerinfo"], br#"{"PI_Version": 1, "PI_Buflen": 20, "PI_ReqType": "PI_REQTYPE_CONNTYPE", "PI_Timeout": 0}"#);
    assert_eq!(built.trim(), "0000000100000014000000000000000000000000");
}

#[test]
fn errno_both_worlds() {
    assert!(ok(&["errno", "EINVAL"], b"").starts_with("EINVAL (121, X'0079'), z/OS UNIX errno"));
    assert!(ok(&["errno", "EINVAL", "--api", "tcp"], b"").starts_with("22 EINVAL "));
    assert!(ok(&["errno", "1137"], b"").contains("EDC8137I"));
    assert!(ok(&["errno", "X'0471'"], b"").starts_with("ETIME (1137"));
    assert!(
        ok(&["errno", "2009", "--api", "tcp"], b"")
            .starts_with("2009 ESOCKETNOTDEFINED Socket not defined")
    );
    let both = ok(&["errno", "EFAULT", "--reason", "7CE3012E"], b"");
    assert!(
        both.contains("EDC5118I") && both.contains("JRBadAddress: "),
        "{both}"
    );
    assert!(ok(&["errno", "--reason", "0B1B03AC"], b"").starts_with("JRAuthCaller: "));
}

#[test]
fn copybook_verb_prints_each_language() {
    assert!(ok(&["copybook", "utoken", "--lang", "asm"], b"").contains("TOKEN    DSECT"));
    assert!(ok(&["copybook", "partnerinfo", "--lang", "cobol"], b"").contains("01  PARTNERINFO."));
    assert!(
        ok(&["copybook", "clusterconntype", "--lang", "c"], b"")
            .contains("#define SO_CLUSTERCONNTYPE 0x00004001u")
    );
}

#[test]
fn bad_input_is_one_line_and_status_2() {
    fails(&["layout", "nosuch"], b"");
    fails(&["frobnicate"], b"");
    fails(&["decode", "partnerinfo", "/no/such/file"], b"");
    let short = fails(&["decode", "partnerinfo"], b"00000001 000000C8");
    assert!(short.contains("PI_ReqType at offset 8"), "{short}");
    let bad = fails(&["decode", "utoken"], "00".repeat(80).as_bytes());
    assert!(bad.contains("TOKLEN"), "{bad}");
    let odd = fails(&["decode", "ioctl"], b"C000F61");
    assert!(odd.contains("hex digits"), "{odd}");
    let notjson = fails(&["encode", "ifreq"], b"{");
    assert!(notjson.contains("not JSON"), "{notjson}");
    let unknown = fails(
        &["encode", "ifreq"],
        br#"{"IFR_NAME": "OSA1", "IFR_COLOUR": 1}"#,
    );
    assert!(unknown.contains("IFR_COLOUR"), "{unknown}");
    let toolong = fails(
        &["encode", "ifreq"],
        br#"{"IFR_NAME": "THIS NAME IS TOO LONG"}"#,
    );
    assert!(toolong.contains("IFR_NAME"), "{toolong}");
    fails(&["errno", "EWHATEVER"], b"");
    fails(&["errno", "22"], b"");
    fails(&["errno", "--reason", "XYZ"], b"");
    fails(&["errno"], b"");
    fails(&["copybook", "utoken", "--lang", "fortran"], b"");
    let vl = fails(
        &["decode", "plist31"],
        b"00001000 80001004 00001008 0000100C 00001010 00001014 80001018",
    );
    assert!(vl.contains("PL_Command"), "{vl}");
}

/// `trustplex run`: the embedded default scenario, the seed's trusted server and client as
/// REXX execs on two stacks of one image, then both stacks' Netstat ALL (8E on both ends;
/// E0 on the server: SIOCSPARTNERINFO, the partner's user ID through SOCKET() and its UTOKENs
/// through BPX1IOC by ADDRESS LINKPGM).
/// The same bytes every run.
#[test]
fn run_the_default_scenario() {
    let first = ok(&["run"], b"");
    assert_eq!(first, ok(&["run"], b""), "deterministic");
    assert!(first.contains("TcpClusterConnFlag: 8E"), "{first}");
    assert!(first.contains("TcpTrustedPartner:  E0"), "{first}");
    insta::assert_snapshot!("run-default", first);
}

/// `trustplex run FILE`: the execs are found beside the scenario (else in the current
/// directory); a scenario whose exec is nowhere is a clear failure.
#[test]
fn run_a_scenario_file() {
    let dir = std::env::temp_dir().join(format!("trustplex-run-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("rexx")).unwrap();
    let scenario = include_str!("../fixtures/scenarios/seed-worked-example.toml");
    let missing = scenario.replace("rexx/trusted-server.rexx", "rexx/nowhere.rexx");
    std::fs::write(dir.join("missing.toml"), missing).unwrap();
    let err = fails(&["run", dir.join("missing.toml").to_str().unwrap()], b"");
    assert!(err.contains("nowhere.rexx"), "{err}");
    std::fs::write(dir.join("s.toml"), scenario).unwrap();
    for f in ["trusted-server.rexx", "trusted-client.rexx"] {
        let text = std::fs::read(format!("{}/rexx/{f}", env!("CARGO_MANIFEST_DIR"))).unwrap();
        std::fs::write(dir.join("rexx").join(f), text).unwrap();
    }
    let out = ok(&["run", dir.join("s.toml").to_str().unwrap()], b"");
    assert_eq!(out, ok(&["run"], b""));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `trustplex rexx FILE ARGS`: one exec, its SAY output on stdout; an error gives the TSO/E
/// message lines on stderr and exit status 2.
#[test]
fn rexx_runs_an_exec() {
    let dir = std::env::temp_dir().join(format!("trustplex-rexx-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join("hello.rexx");
    std::fs::write(&f, "parse arg who\nsay 'Hello' who 1/3\nx = 'a' + 1\n").unwrap();
    let out = trustplex(&["rexx", f.to_str().unwrap(), "z/OS", "world"], b"");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "Hello z/OS world 0.333333333\n"
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("     3 +++ x = 'a' + 1\nIRX0041I Error running HELLO, line 3: Bad arithmetic conversion\n"),
        "{err}"
    );
    assert_eq!(out.status.code(), Some(2));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The runaway bounds: `--max-clauses` (error 4), `--max-string` (error 5), `--max-depth`
/// (error 11; more than the interpreter's stack is sized for is refused).
#[test]
fn rexx_limits() {
    let dir = std::env::temp_dir().join(format!("trustplex-limits-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join("runaway.rexx");
    std::fs::write(
        &f,
        "parse arg how\nif how = 'loop' then do forever; end\n\
         if how = 'long' then x = copies('ab', 100)\ncall r\nr: call r\n",
    )
    .unwrap();
    let f = f.to_str().unwrap();
    let err = |args: &[&str]| {
        let out = trustplex(args, b"");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    assert!(err(&["rexx", "--max-clauses", "100", f, "loop"]).contains("IRX0004I"));
    assert!(err(&["rexx", "--max-string", "100", f, "long"]).contains("IRX0005I"));
    let deep = err(&["rexx", "--max-depth", "10", f]);
    assert!(deep.contains("IRX0011I"), "{deep}");
    assert_eq!(deep.matches(" +++ ").count(), 11, "{deep}");
    assert!(err(&["rexx", "--max-depth", "5000", f]).contains("1..=1000"));
    std::fs::remove_dir_all(&dir).unwrap();
}
