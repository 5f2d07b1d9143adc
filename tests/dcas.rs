//! DCAS as a started task, through the operator's console: its start options and
//! configuration file, what it does when it cannot start, MODIFY's forms, and what each debug
//! level logs (`docs/reference/dcas.md`).

use trustplex::scenario::Scenario;
use trustplex::sysplex::console::{self, command};
use trustplex::sysplex::{Sysplex, SystemId};

const SYS1: SystemId = SystemId(0);

/// A system with a stack and a DCAS procedure (PARM `parm`), and `files` on it.
fn plex(parm: &str, files: &[(&str, &str)]) -> Sysplex {
    let mut toml = format!(
        "racf = [\"ADDUSER DCASUSR\"]\n[[system]]\nname = \"SYS1\"\n[[stack]]\nsystem = \"SYS1\"\n\
         name = \"TCPCS1\"\nhome = [\"10.1.1.1\"]\n[[proc]]\nsystem = \"SYS1\"\nname = \"DCAS\"\n\
         program = \"DCAS\"\nparm = \"{parm}\"\nuser = \"DCASUSR\"\n"
    );
    for (name, text) in files {
        toml.push_str(&format!(
            "[[file]]\nsystem = \"SYS1\"\nname = \"{name}\"\ntext = '''\n{text}'''\n"
        ));
    }
    Scenario::from_toml("dcas.toml", &toml).unwrap().sysplex()
}

fn syslog(p: &Sysplex) -> Vec<String> {
    console::syslog_lines(p, SYS1)
}

#[test]
fn configuration_search_order_and_defaults() {
    // No file: the defaults, and it says so.
    let mut p = plex("-l SYSLOGD", &[]);
    let r = command(&mut p, None, "S DCAS");
    assert_eq!(
        r,
        ["TPX0101I DCAS INITIALIZATION COMPLETE: LISTENING ON TCPCS1 PORT 8990"]
    );
    assert!(
        syslog(&p).iter().any(|l| l.contains("TPX0106I")),
        "{:?}",
        syslog(&p)
    );
    // /etc/dcas.conf before TCPIP.DCAS.CONF.
    let mut p = plex(
        "-l SYSLOGD",
        &[
            ("TCPIP.DCAS.CONF", "PORT 9002\n"),
            ("/etc/dcas.conf", "PORT 9001\n"),
        ],
    );
    let r = command(&mut p, None, "S DCAS");
    assert!(r[0].ends_with("PORT 9001"), "{r:?}");
    // userid.DCAS.CONF before TCPIP.DCAS.CONF.
    let mut p = plex(
        "-l SYSLOGD",
        &[
            ("TCPIP.DCAS.CONF", "PORT 9002\n"),
            ("DCASUSR.DCAS.CONF", "PORT 9003\n"),
        ],
    );
    assert!(command(&mut p, None, "S DCAS")[0].ends_with("PORT 9003"));
}

#[test]
fn bad_configuration_lines_are_warnings() {
    let mut p = plex(
        "-d 1 -l SYSLOGD",
        &[(
            "/etc/dcas.conf",
            "PORT 99999\nFROBNICATE\nCLIENTAUTH LOCAL9\n",
        )],
    );
    let r = command(&mut p, None, "S DCAS");
    assert!(r[0].ends_with("PORT 8990"), "{r:?}");
    let log = syslog(&p);
    let warnings: Vec<&String> = log.iter().filter(|l| l.contains("TPX0104W")).collect();
    assert_eq!(warnings.len(), 3, "{log:?}");
    assert!(
        warnings[1].contains("/etc/dcas.conf LINE 2: unknown keyword FROBNICATE"),
        "{log:?}"
    );
    // Level 1 logs warnings and errors, not the informational messages.
    assert!(!log.iter().any(|l| l.contains("TPX0105I")), "{log:?}");
}

#[test]
fn dcas_ends_where_it_cannot_run() {
    let mut p = plex("-l SYSLOGD", &[("/etc/dcas.conf", "TCPIP TCPCS9\n")]);
    assert_eq!(
        command(&mut p, None, "S DCAS"),
        ["TPX0107E DCAS CANNOT START: NO TCP/IP STACK TCPCS9 ON SYS1"]
    );
    assert!(command(&mut p, None, "F DCAS,DEBUG=1")[0].starts_with("IEE341I DCAS NOT ACTIVE"));
    // The port is taken: the first DCAS holds it.
    let mut p = plex("-l SYSLOGD", &[]);
    command(&mut p, None, "S DCAS");
    assert_eq!(
        command(&mut p, None, "S DCAS"),
        ["TPX0004I DCAS IS ALREADY ACTIVE"]
    );
    let r = command(&mut p, None, "S DCAS.DCAS2");
    assert!(
        r[0].starts_with("TPX0107E DCAS CANNOT START: PORT 8990"),
        "{r:?}"
    );
    assert_eq!(
        command(&mut p, None, "S NOPROC"),
        ["TPX0005I NO PROCEDURE NOPROC ON THIS SYSTEM"]
    );
}

#[test]
fn modify_forms_and_levels() {
    let mut p = plex("-d 2 -l /tmp/dcas.log", &[]);
    command(&mut p, None, "S DCAS");
    assert_eq!(
        command(&mut p, None, "F DCAS,DEBUG,LEVEL=3"),
        ["TPX0102I DCAS DEBUG LEVEL CHANGED FROM 2 TO 3"]
    );
    assert_eq!(
        command(&mut p, None, "F DCAS,DEBUG=-1"),
        ["TPX0103E DCAS DEBUG LEVEL -1 IS NOT VALID: THE LEVEL IS 0 TO 3 AND REMAINS 3"]
    );
    assert_eq!(
        command(&mut p, None, "F DCAS,TRACE=ON"),
        ["TPX0006I DCAS DOES NOT ACCEPT MODIFY TRACE=ON"]
    );
    // Level 0 logs nothing more, but the change itself.
    command(&mut p, None, "F DCAS,DEBUG=0");
    command(&mut p, None, "P DCAS");
    let file = &p.log(SYS1).files["/tmp/dcas.log"];
    assert!(
        file.last()
            .unwrap()
            .ends_with("TPX0102I DCAS DEBUG LEVEL CHANGED FROM 3 TO 0"),
        "{file:?}"
    );
    assert!(syslog(&p).iter().any(|l| l == "==> /tmp/dcas.log <=="));
    assert!(p.log(SYS1).syslog.is_empty());
    // The console has them all.
    let hardcopy = console::hardcopy_lines(&p, SYS1);
    assert!(hardcopy.iter().any(|l| l.contains("TPX0108I DCAS ENDED")));
    assert!(hardcopy.iter().any(|l| l.contains("IEF404I DCAS - ENDED")));
    assert_eq!(command(&mut p, None, "P DCAS"), ["IEE341I DCAS NOT ACTIVE"]);
}

#[test]
fn procedures_in_scenarios_are_checked() {
    let base = "racf = [\"ADDUSER DCASUSR\"]\n[[system]]\nname = \"SYS1\"\n[[proc]]\nsystem = \"SYS1\"\nname = \"DCAS\"\n";
    for (rest, key, what) in [
        (
            "program = \"IEFBR14\"\nuser = \"DCASUSR\"\n",
            "proc[0].program",
            "DCAS (EZADCDMN) is",
        ),
        (
            "program = \"DCAS\"\nuser = \"NOBODY\"\n",
            "proc[0].user",
            "not defined to RACF",
        ),
    ] {
        let e = Scenario::from_toml("p.toml", &format!("{base}{rest}")).unwrap_err();
        assert_eq!(e.key, key, "{e}");
        assert!(e.message.contains(what), "{e}");
    }
}

#[test]
fn dcas_ends_with_its_stack() {
    let mut p = plex("-l SYSLOGD", &[]);
    command(&mut p, None, "S DCAS");
    assert_eq!(
        command(&mut p, None, "P TCPCS1"),
        ["TPX0003I TCP/IP STACK TCPCS1 ENDED"]
    );
    let log = syslog(&p);
    assert!(
        log.iter()
            .any(|l| l.ends_with("TPX0113E DCAS ENDS: TCP/IP STACK TCPCS1 ENDED")),
        "{log:?}"
    );
    assert_eq!(
        command(&mut p, None, "F DCAS,DEBUG=1"),
        ["IEE341I DCAS NOT ACTIVE"]
    );
    // Back with the stack, DCAS can start again and bind its port.
    command(&mut p, None, "S TCPCS1");
    assert_eq!(
        command(&mut p, None, "S DCAS"),
        ["TPX0101I DCAS INITIALIZATION COMPLETE: LISTENING ON TCPCS1 PORT 8990"]
    );
}

#[test]
fn dcas_listens_on_an_ipv6_address() {
    let mut p = plex(
        "-l SYSLOGD",
        &[("/etc/dcas.conf", "IPADDR ::\nPORT 8991\n")],
    );
    assert_eq!(
        command(&mut p, None, "S DCAS"),
        ["TPX0101I DCAS INITIALIZATION COMPLETE: LISTENING ON TCPCS1 PORT 8991"]
    );
}
