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

const AREAS: [&str; 11] = [
    "utoken",
    "partnerinfo",
    "nmi-conn",
    "ioctl",
    "sockaddr-in",
    "sockaddr-in6",
    "ifreq",
    "plist31",
    "plist64",
    "dcas-request",
    "dcas-reply",
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

/// A scratch directory for one test.
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("trustplex-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn repo(path: &str) -> String {
    format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))
}

/// Runs trustplex in `dir` as its current directory.
fn trustplex_in(dir: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_trustplex"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .expect("trustplex runs")
}

/// `trustplex run FILE`: the execs are found beside the scenario file, then in the current
/// directory; the repository's fixtures run from anywhere; a missing exec names the job and
/// every path tried.
#[test]
fn run_a_scenario_file() {
    let elsewhere = scratch("run-elsewhere");
    let out = trustplex_in(
        &elsewhere,
        &["run", &repo("fixtures/scenarios/seed-worked-example.toml")],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), ok(&["run"], b""));
    let out = trustplex_in(
        &elsewhere,
        &["run", &repo("fixtures/scenarios/seed-plex.toml")],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let dir = scratch("run-file");
    std::fs::create_dir_all(dir.join("execs")).unwrap();
    let scenario = include_str!("../fixtures/scenarios/seed-worked-example.toml")
        .replace("../../rexx/", "execs/");
    for f in ["trusted-server.rexx", "trusted-client.rexx"] {
        std::fs::copy(repo(&format!("rexx/{f}")), dir.join("execs").join(f)).unwrap();
    }
    std::fs::write(dir.join("s.toml"), &scenario).unwrap();
    let out = trustplex_in(&elsewhere, &["run", dir.join("s.toml").to_str().unwrap()]);
    assert_eq!(String::from_utf8_lossy(&out.stdout), ok(&["run"], b""));

    let missing = scenario.replace("execs/trusted-server.rexx", "execs/nowhere.rexx");
    std::fs::write(dir.join("missing.toml"), missing).unwrap();
    let out = trustplex_in(
        &elsewhere,
        &["run", dir.join("missing.toml").to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("job TRSTSRV: exec execs/nowhere.rexx not found (tried ")
            && err.contains(&format!("{}", dir.join("execs/nowhere.rexx").display()))
            && err.contains(", execs/nowhere.rexx)"),
        "{err}"
    );
}

/// Writes a scenario of the worked example's plex whose jobs run `execs` (job, exec text),
/// each on TCPCS1 as TRSTCLI, and runs it; the output.
fn run_execs(name: &str, execs: &[(&str, &str)], extra: &[&str]) -> Output {
    let dir = scratch(name);
    let mut scenario = include_str!("../fixtures/scenarios/seed-worked-example.toml")
        .split("[[job]]")
        .next()
        .unwrap()
        .to_owned();
    for (job, text) in execs {
        let file = format!("{}.rexx", job.to_ascii_lowercase());
        std::fs::write(dir.join(&file), text).unwrap();
        scenario.push_str(&format!(
            "[[job]]\nname = \"{job}\"\nsystem = \"SYS1\"\nstack = \"TCPCS1\"\nuser = \"TRSTCLI\"\nrun = \"{file}\"\n\n"
        ));
    }
    std::fs::write(dir.join("s.toml"), scenario).unwrap();
    let path = dir.join("s.toml");
    let mut args = vec!["run", path.to_str().unwrap()];
    args.extend_from_slice(extra);
    trustplex(&args, b"")
}

/// `trustplex run` fails loudly: every job has a return code or an abend, each job that did
/// not end with RC 0 gets a line on stderr, and the exit status is the MAXCC (z/OS UNIX's
/// status for each job: RC 0-255 as it is, anything else 255). A failing job costs no other
/// job its output.
#[test]
fn run_ends_with_the_maxcc() {
    let out = run_execs(
        "maxcc-4",
        &[("OK", "say 'fine'"), ("WARN", "say 'warned'; exit 4")],
        &[],
    );
    assert_eq!(out.status.code(), Some(4));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        err,
        "trustplex: job WARN RC 4\ntrustplex: MAXCC 4: 1 of 2 jobs did not end with RC 0\n"
    );

    let out = run_execs(
        "maxcc-fail",
        &[
            ("OK", "say 'fine'"),
            ("BADARITH", "say 'before'; x = 'a' + 1"),
            (
                "WAITER",
                "call socket 'INITIALIZE', 'W'\ns = word(socket('SOCKET'), 2)\ncall socket 'BIND', s, 'AF_INET 5000 INADDR_ANY'\ncall socket 'LISTEN', s\nsay socket('ACCEPT', s)",
            ),
            ("LOOPER", "a: signal a"),
        ],
        &["--max-clauses", "2000000"],
    );
    assert_eq!(out.status.code(), Some(255));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("OK       fine"), "{stdout}");
    assert!(stdout.contains("BADARITH before"), "{stdout}");
    assert!(
        stdout.contains(
            "BADARITH IRX0041I Error running BADARITH, line 1: Bad arithmetic conversion"
        ),
        "{stdout}"
    );
    let err = String::from_utf8_lossy(&out.stderr);
    for line in [
        "trustplex: job BADARITH REXX error 41 (RC 20041): IRX0041I Error running BADARITH, line 1: Bad arithmetic conversion",
        "trustplex: job LOOPER REXX error 4 (RC 20004) (stopped by --max-clauses): IRX0004I Error running LOOPER, line 1: Program interrupted",
        "trustplex: job WAITER ABEND S522: waits for ever in ACCEPT on socket 0",
        "trustplex: MAXCC 255: 3 of 4 jobs did not end with RC 0",
    ] {
        assert!(err.contains(line), "{line}\n{err}");
    }
    assert!(err.contains("the run ended in a deadlock"), "{err}");

    // The same as JSON: the jobs, their return codes, what each said.
    let out = run_execs(
        "maxcc-json",
        &[("OK", "say 'fine'"), ("WARN", "exit 8")],
        &["--format", "json"],
    );
    assert_eq!(out.status.code(), Some(8));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["maxcc"], 8);
    assert_eq!(v["output"][0]["job"], "OK");
    assert_eq!(v["output"][0]["text"], "fine");
    assert_eq!(v["jobs"][1]["job"], "WARN");
    assert_eq!(v["jobs"][1]["rc"], 8);
    assert_eq!(v["jobs"][1]["ended"], "normally");
    assert!(
        v["netstat"]["SYS1/TCPCS1"]
            .as_str()
            .unwrap()
            .contains("TCPCS1")
    );
}

/// A job that never ends in virtual time (polling with nobody to talk to) ends at the
/// virtual-time limit with ABEND S322, quickly.
#[test]
fn run_stops_at_the_virtual_time_limit() {
    let poller = "call socket 'INITIALIZE', 'P'\ns = word(socket('SOCKET'), 2)\n\
        call socket 'BIND', s, 'AF_INET 5000 INADDR_ANY'\ncall socket 'LISTEN', s\n\
        call socket 'IOCTL', s, 'FIONBIO', 'ON'\ndo forever\n  r = socket('ACCEPT', s)\nend";
    let started = std::time::Instant::now();
    let out = run_execs("max-time", &[("POLLER", poller)], &["--max-time", "30"]);
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
    assert_eq!(out.status.code(), Some(255));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("trustplex: job POLLER ABEND S322: still waiting in a poll (a non-blocking call that found nothing to do) at the virtual-time limit, 30.000000"),
        "{err}"
    );
    let out = trustplex(&["run", "--max-time", "0"], b"");
    assert_eq!(out.status.code(), Some(2));
}

/// `trustplex rexx FILE ARGS`: the exec runs as a job on the default sysplex (SYS1, TCPCS1,
/// as TRSTCLI); SAY output on stdout; an error gives the TSO/E message lines on stderr; the
/// exit status is the EXIT value when 0-255, else 255, and 255 for a REXX error (z/OS UNIX's
/// rule for a REXX program's exit status).
#[test]
fn rexx_runs_an_exec() {
    let dir = scratch("rexx");
    let f = dir.join("hello.rexx");
    std::fs::write(&f, "parse arg who\nsay 'Hello' who 1/3\nx = 'a' + 1\n").unwrap();
    let out = trustplex(&["rexx", f.to_str().unwrap(), "z/OS", "world"], b"");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "Hello z/OS world 0.333333333\n"
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        err,
        "     3 +++ x = 'a' + 1\nIRX0041I Error running HELLO, line 3: Bad arithmetic conversion\n\
         trustplex: HELLO ended with REXX error 41 (RC 20041): IRX0041I Error running HELLO, line 3: Bad arithmetic conversion\n"
    );
    assert_eq!(out.status.code(), Some(255));

    let f = dir.join("where.rexx");
    std::fs::write(
        &f,
        "say mvsvar('SYSNAME') mvsvar('SYSPLEX') userid()\n\
         call socket 'INITIALIZE', 'W'\nsay socket('GETHOSTID') socket('GETHOSTNAME')\n\
         say c2x(storage(d2x(c2d(storage(10, 4)) + 340), 8))\n",
    )
    .unwrap();
    // CVTSNAME, found from the PSA as an exec walks it: SYS1 in EBCDIC.
    assert_eq!(
        ok(&["rexx", f.to_str().unwrap()], b""),
        "SYS1 PLEX1 TRSTCLI\n0 10.1.1.1 0 SYS1\nE2E8E2F140404040\n"
    );
    let other = ok(
        &[
            "rexx",
            f.to_str().unwrap(),
            "--stack",
            "SYS1/TCPCS2",
            "--user",
            "trstsrv",
        ],
        b"",
    );
    assert!(
        other.starts_with("SYS1 PLEX1 TRSTSRV\n0 10.1.1.2 "),
        "{other}"
    );
    // GETMSG's wait is 0 to 999999 seconds: beyond, a bad call (error 40), not error 5.
    let g = dir.join("getmsg.rexx");
    std::fs::write(
        &g,
        "address tso 'CONSOLE ACTIVATE'\nsay getmsg('m.', 'SOL', , , 10)\n\
         say getmsg('m.', 'SOL', , , 9999999999)\n",
    )
    .unwrap();
    let out = trustplex(&["rexx", g.to_str().unwrap()], b"");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "4\n");
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("IRX0040I Error running GETMSG, line 3: Incorrect call to routine"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = trustplex(&["rexx", f.to_str().unwrap(), "--stack", "TCPCS9"], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--stack: no stack TCPCS9"));
}

/// The exit status is the EXIT value, as Regina gives it for 0-255 (a differential test, run
/// wherever Regina is installed; CI has it); beyond, IBM's rule (255) where Regina wraps.
#[test]
fn rexx_exit_status_is_the_exit_value() {
    let dir = scratch("exit");
    let cases: [(&str, u8); 9] = [
        ("", 0),
        ("0", 0),
        ("1", 1),
        ("8", 8),
        ("12", 12),
        ("255", 255),
        ("256", 255),
        ("-1", 255),
        ("'abc'", 255),
    ];
    let regina = Command::new("regina").arg("-v").output().is_ok();
    assert!(
        regina || std::env::var_os("CI").is_none(),
        "CI must have Regina"
    );
    for (value, want) in cases {
        let f = dir.join("e.rexx");
        std::fs::write(&f, format!("exit {value}\n")).unwrap();
        let out = trustplex(&["rexx", f.to_str().unwrap()], b"");
        assert_eq!(out.status.code(), Some(i32::from(want)), "exit {value}");
        let n: Option<i64> = value.parse().ok().or(value.is_empty().then_some(0));
        if regina && n.is_some_and(|n| (0..=255).contains(&n)) {
            let r = Command::new("regina").arg(&f).output().unwrap();
            assert_eq!(
                r.status.code(),
                Some(i32::from(want)),
                "regina: exit {value}"
            );
        }
    }
}

/// The runaway bounds: `--max-clauses` (error 4), `--max-string` and `--max-storage` (error
/// 5, "Machine storage exhausted"), `--max-depth` (error 11; more than the interpreter's
/// stack is sized for is refused), `--max-wall` (error 4); each names the bound on stderr.
#[test]
fn rexx_limits() {
    let dir = scratch("limits");
    let f = dir.join("runaway.rexx");
    std::fs::write(
        &f,
        "parse arg how\nif how = 'loop' then do forever; end\n\
         if how = 'long' then x = copies('ab', 100)\n\
         if how = 'stem' then do i = 1; a.i = copies('x', 1000); end\n\
         if how = 'queue' then do forever; queue copies('x', 10000); end\n\
         if how = 'names' then do i = 1; call value 'V'i, i; end\n\
         if how = 'digits' then numeric digits 100000\n\
         if how = 'divide' then do forever; numeric digits 1000; x = 1/7; end\n\
         if how = 'copy' then do forever; y = copies('ab', 5000000); end\n\
         if how = 'trapped' then do; signal on syntax name caught; do forever; end; end\n\
         if how = 'recover' then do; signal on syntax name freed; do i = 1; a.i = copies('x', 1000); end; end\n\
         call r\nr: call r\n\
         caught: say 'the handler ran'; exit 0\n\
         freed: drop a.; say 'recovered from error' rc; exit 3\n",
    )
    .unwrap();
    let f = f.to_str().unwrap();
    let err = |args: &[&str]| {
        let out = trustplex(args, b"");
        assert_eq!(out.status.code(), Some(255), "{args:?}");
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let e = err(&["rexx", "--max-clauses", "100", f, "loop"]);
    assert!(
        e.contains("IRX0004I") && e.contains("(stopped by --max-clauses)"),
        "{e}"
    );
    // A limit ends the exec whatever it traps; exhausted storage a SYNTAX trap may handle.
    let e = err(&["rexx", "--max-clauses", "100", f, "trapped"]);
    assert!(
        e.contains("IRX0004I") && e.contains("(stopped by --max-clauses)"),
        "{e}"
    );
    let out = trustplex(&["rexx", "--max-storage", "1M", f, "recover"], b"");
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "recovered from error 5\n"
    );
    assert!(err(&["rexx", "--max-string", "100", f, "long"]).contains("IRX0005I"));
    for how in ["stem", "queue", "names"] {
        let e = err(&["rexx", f, how]);
        assert!(
            e.contains("Machine storage exhausted") && e.contains("(stopped by --max-storage)"),
            "{how}: {e}"
        );
    }
    let e = err(&["rexx", "--max-storage", "1M", f, "stem"]);
    assert!(e.contains("IRX0005I"), "{e}");
    // A clause's arithmetic counts as the clauses its work is worth: 1000-digit divisions
    // reach a bound of ten million clauses within a second or so.
    let started = std::time::Instant::now();
    let e = err(&["rexx", "--max-clauses", "10000000", f, "divide"]);
    assert!(e.contains("(stopped by --max-clauses)"), "{e}");
    assert!(started.elapsed() < std::time::Duration::from_secs(15));
    let e = err(&["rexx", "--max-clauses", "10000000", f, "copy"]);
    assert!(e.contains("(stopped by --max-clauses)"), "{e}");
    assert!(started.elapsed() < std::time::Duration::from_secs(30));
    let e = err(&["rexx", f, "digits"]);
    assert!(e.contains("IRX0033I"), "{e}");
    let deep = err(&["rexx", "--max-depth", "10", f]);
    assert!(deep.contains("IRX0011I"), "{deep}");
    assert_eq!(deep.matches(" +++ ").count(), 11, "{deep}");
    let out = trustplex(&["rexx", "--max-depth", "5000", f], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("1..=1000"));
    let out = trustplex(&["rexx", "--max-storage", "lots", f], b"");
    assert_eq!(out.status.code(), Some(2));
    let started = std::time::Instant::now();
    let e = err(&["rexx", "--max-wall", "1", f, "loop"]);
    assert!(e.contains("(stopped by --max-wall)"), "{e}");
    assert!(started.elapsed() < std::time::Duration::from_secs(30));
}

/// Shapes that once crashed trustplex or took the machine each end with a clear error, in a
/// run whose other job keeps its output: a loop of SIGNAL jumps (once a Rust stack
/// overflow that aborted the run), SIGNAL into a loop, SIGNAL VALUE, a SAY loop (output is
/// streamed, not kept), the literal that overflowed the fast path, a loop of failing socket
/// calls that takes no virtual time.
#[test]
fn runaway_shapes_end_in_their_own_job() {
    let out = run_execs(
        "shapes",
        &[
            ("GOOD", "say 'still here'"),
            (
                "SIGLOOP",
                "n = 0\ntop: n = n + 1\nif n < 3000000 then signal top\nsay n",
            ),
            ("SIGINTO", "do forever; signal next; next: end"),
            ("SIGVALUE", "a: signal value 'A'"),
            ("SAYLOOP", "do forever; say 'again'; end"),
            ("BIGLIT", "say 9999999944444444444*999999"),
            // Failing socket calls, made in no virtual time: each counts as host work.
            (
                "POLLER",
                "do forever; r = socket('SELECT', 'READ 0', 5); end",
            ),
            (
                "LINKPGM",
                "fd = d2c(99,4); cmd = x2c('8004A77E'); len = d2c(4,4); arg = d2c(1,4)\nrv = ''; rcode = ''; rsn = ''\naddress linkpgm 'BPX1IOC fd cmd len arg rv rcode rsn'\nsay 'not here' rc",
            ),
        ],
        &["--max-clauses", "10000000"],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(255), "{err}");
    assert!(stdout.contains("GOOD     still here"), "{stdout}");
    assert!(stdout.contains("SIGLOOP  3000000"), "{stdout}");
    assert!(stdout.contains("BIGLIT   9.99998994E+24"), "{stdout}");
    for line in [
        "trustplex: job SIGINTO REXX error 10 (RC 20010): IRX0010I Error running SIGINTO, line 1: Unexpected or unmatched END",
        "trustplex: job SIGVALUE REXX error 4 (RC 20004) (stopped by --max-clauses)",
        "trustplex: job SAYLOOP REXX error 4 (RC 20004) (stopped by --max-clauses)",
        "trustplex: job POLLER REXX error 4 (RC 20004) (stopped by --max-clauses)",
        "trustplex: job LINKPGM ABEND S0C4: BPX1IOC could not use its parameters",
    ] {
        assert!(err.contains(line), "{line}\n{err}");
    }
    assert!(!stdout.contains("not here"), "{stdout}");
}

/// Two systems whose stacks are both called TCPIP, as z/OS installations call them
/// (`fixtures/scenarios/tcpip-on-every-system.toml`): REXX jobs know their system, address
/// and host name, and a bare `TCPIP` in a link is ambiguous.
#[test]
fn stacks_called_tcpip_on_every_system() {
    let fixture = repo("fixtures/scenarios/tcpip-on-every-system.toml");
    let out = ok(&["run", &fixture], b"");
    assert!(
        out.contains("J1       SYS1 PLEX1 U1 10.1.1.1 SYS1 CVTSNAME SYS1"),
        "{out}"
    );
    assert!(
        out.contains("J2       SYS2 PLEX1 U1 10.1.2.1 SYS2 CVTSNAME SYS2"),
        "{out}"
    );
    // Both systems see the one catalogue's data set.
    assert_eq!(
        out.matches("EXEC(WHOAMI) OK LISTDSI 0 U1.EXEC PO FB 80 1")
            .count(),
        2,
        "{out}"
    );
    let dir = scratch("tcpip");
    let bare = std::fs::read_to_string(&fixture).unwrap().replace(
        "[\"SYS1/TCPIP\", \"SYS2/TCPIP\"]",
        "[\"TCPIP\", \"SYS2/TCPIP\"]",
    );
    std::fs::write(dir.join("bare.toml"), bare).unwrap();
    let err = fails(&["run", dir.join("bare.toml").to_str().unwrap()], b"");
    assert!(
        err.contains("bare.toml:28: link[0].between: stack name TCPIP is ambiguous: it is SYS1/TCPIP and SYS2/TCPIP"),
        "{err}"
    );
}

/// A reader that stops early (`trustplex run | head -1`): trustplex ends quietly with the
/// status of a process SIGPIPE ended (141), not an error message.
#[test]
fn a_closed_pipe_ends_quietly() {
    use std::io::{BufRead, BufReader};
    let dir = scratch("pipe");
    let f = dir.join("many.rexx");
    std::fs::write(&f, "do i = 1 to 10000000; say 'line' i; end\n").unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_trustplex"))
        .args(["rexx", f.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert_eq!(first, "line 1\n");
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(141));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

/// A missing argument is named; no subcommand at all prints the usage.
#[test]
fn the_command_line_says_what_is_missing() {
    let err = fails(&["layout"], b"");
    assert!(
        err.contains(
            "the following required arguments were not provided: <AREA> (usage: trustplex layout"
        ),
        "{err}"
    );
    let err = fails(&["rexx"], b"");
    assert!(err.contains("<FILE>"), "{err}");
    let out = trustplex(&[], b"");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("Usage: trustplex <COMMAND>") && err.contains("run"),
        "{err}"
    );
    let err = fails(
        &["encode", "partnerinfo"],
        br#"{"area": "utoken", "fields": {"PI_Version": 1}}"#,
    );
    assert!(err.contains("not partnerinfo"), "{err}");
    let rows = ok(&["errno", "1", "--api", "tcp"], b"");
    assert!(
        rows.contains("IOCTL SIOCGPARTNERINFO: Endpoints not in the same security domain")
            && rows.contains(
                "IOCTL SIOCGPARTNERINFO, SIOCSPARTNERINFO: Security domain name not defined"
            ),
        "{rows}"
    );
}

/// `run --console --syslog`: each system's hardcopy log after the Netstat reports, with the
/// jobs' start and end messages at their virtual times and the scenario's operator command
/// with its multi-line response (M, D, E lines).
#[test]
fn run_shows_the_hardcopy_log() {
    let out = trustplex(
        &[
            "run",
            "--console",
            "--syslog",
            "fixtures/scenarios/seed-plex.toml",
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    let log: Vec<&str> = text
        .lines()
        .filter(|l| l.get(3..7).is_some_and(|s| s.starts_with("SYS")))
        .collect();
    insta::assert_snapshot!("hardcopy-seed-plex", log.join("\n"));
    let json = trustplex(
        &[
            "run",
            "--console",
            "--format",
            "json",
            "fixtures/scenarios/seed-plex.toml",
        ],
        b"",
    );
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(
        v["console"]["SYS1"].as_array().map(Vec::len),
        Some(log.iter().filter(|l| l.contains(" SYS1 ")).count())
    );
    assert!(v.get("syslog").is_none());
}

/// `trustplex console`: commands from standard input after the scenario's run, each answered
/// as the console answers it, wrong ones with the console's own messages; no prompt when
/// standard input is not a terminal.
#[test]
fn console_takes_operator_commands() {
    let out = trustplex(
        &[
            "console",
            "fixtures/scenarios/seed-plex.toml",
            "--system",
            "sys2",
        ],
        b"D A,L\nD TCPIP,,N,ALLC,PORT=4000\nD TCPIP,,N,HOME\n\nSETDANNO\nF TCPCS9,DEBUG=2\nD TCPIP,,N,BOGUS\nS 9X\n",
    );
    assert_eq!(out.status.code(), Some(0));
    insta::assert_snapshot!("console-seed-plex", String::from_utf8_lossy(&out.stdout));
    // A line too long to be a command is skipped, said on stderr, and the next is answered.
    let mut long = vec![b'X'; 10_000];
    long.extend_from_slice(b"\nD A,L\n");
    let out = trustplex(&["console", "-"], &long);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("longer than 4096 bytes"));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("IEE114I"));
    let out = trustplex(&["console", "-", "--system", "NOSYS"], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no system NOSYS"));
}

/// `trustplex netstat`: the TSO NETSTAT operands after the scenario, one stack or all, text
/// or JSON; a report the model does not have is an error that says which it has.
#[test]
fn netstat_reports_from_the_command_line() {
    let out = trustplex(
        &[
            "netstat",
            "fixtures/scenarios/seed-plex.toml",
            "CONN",
            "PORT",
            "4000",
            "--stack",
            "TCPCS2",
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(0));
    insta::assert_snapshot!("netstat-conn-port", String::from_utf8_lossy(&out.stdout));
    let out = trustplex(&["netstat", "-", "--format", "json"], b"");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let entries = &v["SYS1/TCPCS2"]["Entries"];
    assert_eq!(v["SYS1/TCPCS2"]["Report"], "ALL");
    assert!(
        entries
            .as_array()
            .is_some_and(|e| e.iter().any(|e| e["TcpTrustedPartner"] == "E0")),
        "{v:#}"
    );
    let out = trustplex(&["netstat", "-", "BOGUS"], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("HOme and ROUTe are"));
    // The z/OS UNIX shell's form: the same reports from -a, -b, -s, -h and -r, its filters, and
    // trustplex's own options in any order.
    let seed = "fixtures/scenarios/seed-plex.toml";
    let shell = |args: &[&str]| ok(&[&["netstat", seed][..], args].concat(), b"");
    assert_eq!(
        shell(&["-a", "-P", "4000", "--stack", "TCPCS2"]),
        ok(
            &[
                "netstat", seed, "--stack", "TCPCS2", "ALLCONN", "PORT", "4000"
            ],
            b""
        )
    );
    assert_eq!(
        shell(&["-A", "-p", "TCPCS1"]),
        ok(&["netstat", seed, "ALL", "TCP", "TCPCS1"], b"")
    );
    let mut reports = String::new();
    for args in [
        &["-a", "-E", "TRSTSRV", "--stack", "TCPCS2"][..],
        &["-b", "--stack", "TCPCS2"],
        &["-s", "--stack", "TCPCS2"],
        &["-h"],
        &["--stack", "TCPCS1", "-r"],
        &["-A", "SERVER", "-B", "10.1.2.1+4000"],
    ] {
        reports.push_str(&format!("$ netstat {}\n{}\n", args.join(" "), shell(args)));
    }
    insta::assert_snapshot!("netstat-shell-reports", reports);
    let v: serde_json::Value =
        serde_json::from_str(&shell(&["-r", "--format", "json", "--stack", "TCPCS1"])).unwrap();
    assert_eq!(v["SYS1/TCPCS1"]["Report"], "ROUTe");
    assert_eq!(v["SYS1/TCPCS1"]["Entries"][0]["Interface"], "LNK1");
    let both = trustplex(&["netstat", seed, "-A", "CONN"], b"");
    assert_eq!(both.status.code(), Some(2));
    let bad = trustplex(&["netstat", seed, "-B", "10.1.2.1"], b"");
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("ipaddr+portnum"));
}

/// The seed's second V1R12 function (`fixtures/scenarios/dcas.toml`): DCAS started from its
/// procedure with its dcas.conf, MODIFY DCAS,DEBUG=n taking effect at once and showing on the
/// console and in syslog, a level out of range refused with the level unchanged, STOP.
#[test]
fn dcas_debug_level_in_console_and_syslog() {
    let out = trustplex(
        &[
            "run",
            "--console",
            "--syslog",
            "fixtures/scenarios/dcas.toml",
        ],
        b"",
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let console: Vec<&str> = text
        .lines()
        .filter(|l| l.get(3..7) == Some("SYS1"))
        .collect();
    let syslog: Vec<&str> = text.lines().filter(|l| l.starts_with("Sep 24")).collect();
    insta::assert_snapshot!("dcas-console", console.join("\n"));
    insta::assert_snapshot!("dcas-syslog", syslog.join("\n"));
    // The clients on SYS1 and SYS2: both formats served, and each refusal with its codes.
    let clients: Vec<&str> = text.lines().filter(|l| l.starts_with("DCASC")).collect();
    insta::assert_snapshot!("dcas-clients", clients.join("\n"));
    // Level 3 logs a request's details, never a PassTicket or a certificate's bytes.
    let tickets: Vec<&str> = clients
        .iter()
        .filter_map(|l| l.split("PassTicket ").nth(1))
        .collect();
    assert_eq!(tickets.len(), 4, "{clients:?}");
    let all_logs = text.lines().filter(|l| !l.starts_with("DCASC"));
    for line in all_logs {
        assert!(!tickets.iter().any(|t| line.contains(t)), "{line}");
        assert!(!line.contains("MIIB"), "a certificate in the log: {line}");
    }
}

/// PULL and PARSE PULL with the data stack empty read the terminal, standard input, as TSO/E
/// reads it; a queued line comes first; at the input's end the null string. Regina (which
/// agrees) gives the same lines.
#[test]
fn pull_from_an_empty_stack_reads_the_terminal() {
    let dir = scratch("pull");
    let f = dir.join("pull.rexx");
    std::fs::write(
        &f,
        "pull a\nsay 'first:' a\nparse pull b\nsay 'second:' b\nqueue 'from the stack'\n\
         pull c\nsay 'third:' c\nparse pull d\nsay 'end:' '<'d'>'\n",
    )
    .unwrap();
    let input = b"hello world\nsecond line\n";
    let got = ok(&["rexx", f.to_str().unwrap()], input);
    assert_eq!(
        got,
        "first: HELLO WORLD\nsecond: second line\nthird: FROM THE STACK\nend: <>\n"
    );
    if Command::new("regina").arg("-v").output().is_ok() {
        let mut child = Command::new("regina")
            .arg(&f)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(input).unwrap();
        let r = child.wait_with_output().unwrap();
        assert_eq!(String::from_utf8_lossy(&r.stdout), got, "regina");
    }
}

/// Every scenario file in `fixtures/scenarios`, in name order.
fn fixture_scenarios() -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(repo("fixtures/scenarios"))
        .unwrap()
        .map(|e| e.unwrap().path().to_string_lossy().into_owned())
        .filter(|p| p.ends_with(".toml"))
        .collect();
    v.sort();
    v
}

/// `run --trace FILE`: the run as Chrome trace events, for the default scenario and every
/// fixture scenario. The same bytes every run; every track an event is on has a name; each XCF
/// partner-information exchange's arrow starts, steps and ends; a job's slice lasts from its
/// start to its end. The default scenario's trace is a snapshot.
#[test]
fn run_writes_a_chrome_trace() {
    let dir = scratch("trace");
    let mut runs: Vec<Option<String>> = vec![None];
    runs.extend(fixture_scenarios().into_iter().map(Some));
    for scenario in &runs {
        let trace = |name: &str| {
            let path = dir.join(name);
            let path_arg = path.to_string_lossy().into_owned();
            let mut args = vec!["run", "--trace", &path_arg];
            args.extend(scenario.as_deref());
            let out = trustplex_in(&dir, &args);
            assert!(out.status.code().is_some(), "{scenario:?}");
            std::fs::read(&path).unwrap()
        };
        let first = trace("a.json");
        assert_eq!(
            first,
            trace("b.json"),
            "{scenario:?}: the same bytes every run"
        );
        let doc: serde_json::Value = serde_json::from_slice(&first).unwrap();
        let events = doc["traceEvents"].as_array().unwrap();
        let named: std::collections::BTreeSet<(u64, Option<u64>)> = events
            .iter()
            .filter(|e| e["ph"] == "M" && e["name"].as_str().unwrap().ends_with("_name"))
            .map(|e| (e["pid"].as_u64().unwrap(), e["tid"].as_u64()))
            .collect();
        let mut flows: std::collections::BTreeMap<u64, String> = Default::default();
        for e in events.iter().filter(|e| e["ph"] != "M") {
            let (pid, tid) = (e["pid"].as_u64().unwrap(), e["tid"].as_u64());
            assert!(
                named.contains(&(pid, None)),
                "{scenario:?}: process {pid} unnamed"
            );
            assert!(
                named.contains(&(pid, tid)),
                "{scenario:?}: thread {e} unnamed"
            );
            assert!(e["ts"].is_u64(), "{e}");
            if let Some(ph @ ("s" | "t" | "f")) = e["ph"].as_str() {
                flows
                    .entry(e["id"].as_u64().unwrap())
                    .or_default()
                    .push_str(ph);
            }
        }
        for (id, steps) in &flows {
            assert_eq!(steps, "sttf", "{scenario:?}: exchange {id}");
        }
        if scenario.is_none() {
            // The client asks for the server's user ID; the server for the client's user
            // ID, then its UTOKENs.
            assert_eq!(flows.len(), 3, "three exchanges");
            let pretty = serde_json::to_string_pretty(&doc).unwrap();
            insta::assert_snapshot!("run-default-trace", pretty);
        }
    }
    // A file that cannot be written is the run's failure, in one line.
    let err = fails(&["run", "--trace", "/nonexistent/dir/t.json"], b"");
    assert!(err.contains("--trace /nonexistent/dir/t.json"), "{err}");
}

/// `run --format json` follows `docs/run.schema.json` for the default scenario and every
/// fixture scenario, with and without the logs, the same bytes every run; the schema is itself
/// a valid JSON Schema and
/// refuses a document that lacks a required field or carries one it does not know.
#[test]
fn run_json_follows_its_schema() {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(repo("docs/run.schema.json")).unwrap())
            .unwrap();
    assert!(
        jsonschema::meta::is_valid(&schema),
        "the schema is a JSON Schema"
    );
    let validator = jsonschema::validator_for(&schema).unwrap();
    let dir = scratch("json");
    let fixtures = fixture_scenarios();
    let mut runs: Vec<Vec<&str>> = vec![vec![], vec!["--console", "--syslog"]];
    runs.extend(fixtures.iter().map(|f| vec![f.as_str()]));
    let mut last = serde_json::Value::Null;
    for extra in &runs {
        let mut args = vec!["run", "--format", "json"];
        args.extend(extra);
        let out = trustplex_in(&dir, &args);
        assert_eq!(
            out.stdout,
            trustplex_in(&dir, &args).stdout,
            "{extra:?}: the same bytes every run"
        );
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{extra:?}: not JSON: {e}"));
        let errors: Vec<String> = validator
            .iter_errors(&doc)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{extra:?}: {errors:#?}");
        assert_eq!(
            doc["maxcc"].as_i64(),
            out.status.code().map(i64::from),
            "{extra:?}: maxcc is the exit status"
        );
        last = doc;
    }
    let mut missing = last.clone();
    missing.as_object_mut().unwrap().remove("maxcc");
    assert!(!validator.is_valid(&missing));
    let mut unknown = last;
    unknown["jobs"][0]["colour"] = serde_json::json!("red");
    assert!(!validator.is_valid(&unknown));
}
