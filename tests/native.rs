//! Compiled programs as jobs of a scenario (`fixtures/scenarios/native.toml`): the C and
//! GnuCOBOL trusted clients of `examples/`, built with gcc and cobc against libtrustplex, run
//! under `trustplex run` beside the seed's REXX trusted server, and the LE C trusted server of
//! `examples/` (built with `trustplex_lec.h`) serves the seed's REXX trusted client. The
//! transcript and Netstat are a snapshot; a program that cannot be started ends its job with
//! S806, one that crashes with S0C4, and one still running at `--max-wall` with S322, while
//! the others go on.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[path = "../libtrustplex/tests/common/native_lib.rs"]
mod native_lib;
use native_lib::{compile_c, have, rpath, run_ok as run};

/// libtrustplex.so's directory, when the compilers the examples need are here.
fn lib_dir() -> Option<PathBuf> {
    (have("gcc") && have("cobc")).then(|| native_lib::lib_dir(false))
}

/// Builds the examples where the scenario names them (target/native).
fn build_examples(lib: &Path) -> PathBuf {
    let out = root().join("target/native");
    std::fs::create_dir_all(&out).unwrap();
    compile_c(
        lib,
        &root().join("examples/c/trusted_client.c"),
        &out.join("trusted_client"),
        &["-Wall", "-Werror"],
    );
    compile_c(
        lib,
        &root().join("examples/c/trusted_server.c"),
        &out.join("trusted_server"),
        &["-Wall", "-Werror", "-include", "trustplex_lec.h"],
    );
    run(
        Command::new("cobc")
            .args(["-x", "-std=ibm-strict", "-fstatic-call", "-I"])
            .arg(root().join("copybooks/cobol"))
            .arg(root().join("examples/cobol/TRSTCOB.cbl"))
            .arg("-L")
            .arg(lib)
            .args(["-Q", &rpath(lib), "-ltrustplex", "-o"])
            .arg(out.join("trstcob")),
        "cobc",
    );
    out
}

#[test]
fn c_and_cobol_clients_run_as_jobs_beside_a_rexx_server() {
    let Some(lib) = lib_dir() else { return };
    build_examples(&lib);
    let scenario = root().join("fixtures/scenarios/native.toml");
    let out = run(
        Command::new(env!("CARGO_BIN_EXE_trustplex"))
            .arg("run")
            .arg(&scenario),
        "trustplex run",
    );
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    insta::assert_snapshot!("native-run", text);
    // The same bytes again.
    let again = run(
        Command::new(env!("CARGO_BIN_EXE_trustplex"))
            .arg("run")
            .arg(&scenario),
        "trustplex run",
    );
    assert_eq!(String::from_utf8_lossy(&again.stdout), text);
}

#[test]
fn a_program_that_cannot_start_or_crashes_ends_its_job_alone() {
    let Some(lib) = lib_dir() else { return };
    let dir = std::env::temp_dir().join(format!("trustplex-native-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // A program whose first call passes a wild SOC-FUNCTION address.
    std::fs::write(
        dir.join("crash.c"),
        "#include <stdio.h>\n#include \"trustplex.h\"\nint main(void) { puts(\"about to call\"); \
         return EZASOKET((void *)16, 0, 0); }\n",
    )
    .unwrap();
    compile_c(&lib, &dir.join("crash.c"), &dir.join("crash"), &[]);
    let scenario = "[[system]]\nname = \"SYS1\"\n[[stack]]\nsystem = \"SYS1\"\nname = \"TCPIP\"\n\
        home = [\"10.1.1.1\"]\nracf = []\n";
    let scenario = format!(
        "racf = [\"ADDUSER U1\"]\n{}\n[[job]]\nname = \"NOSUCH\"\nsystem = \"SYS1\"\nuser = \"U1\"\n\
         program = \"nosuch\"\n[[job]]\nname = \"CRASH\"\nsystem = \"SYS1\"\nuser = \"U1\"\n\
         program = \"crash\"\n[[job]]\nname = \"REXX\"\nsystem = \"SYS1\"\nuser = \"U1\"\n\
         run = \"hello.rexx\"\n",
        scenario.replace("racf = []\n", "")
    );
    std::fs::write(dir.join("s.toml"), scenario).unwrap();
    std::fs::write(dir.join("hello.rexx"), "say 'still here'\nexit 0\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_trustplex"))
        .arg("run")
        .arg(dir.join("s.toml"))
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let text = String::from_utf8_lossy(&out.stdout);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(255), "{text}\n{err}");
    assert!(text.contains("NOSUCH   ABEND S806: cannot start"), "{text}");
    assert!(text.contains("CRASH    about to call"), "{text}");
    assert!(
        text.contains("CRASH    ABEND S0C4: the program was ended by signal 11"),
        "{text}"
    );
    assert!(text.contains("REXX     still here"), "{text}");
}

/// A program waiting in ACCEPT when nothing else can happen: the deadlock report names its job
/// and call, the job ends S522, and the program is killed rather than left behind.
#[test]
fn a_program_in_a_deadlock_is_named_and_killed() {
    let Some(lib) = lib_dir() else { return };
    let dir = std::env::temp_dir().join(format!("trustplex-native-dl-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("waiter.c"),
        r#"#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "trustplex.h"
static char f[16];
static uint32_t e, rc;
static void fn(const char *n) { memset(f, ' ', 16); memcpy(f, n, strlen(n)); }
int main(void) {
    uint32_t af = htonl(2), ty = htonl(1), pr = 0, backlog = htonl(5);
    fn("SOCKET"); EZASOKET(f, &af, &ty, &pr, &e, &rc);
    uint16_t s = htons((uint16_t)ntohl(rc));
    uint8_t name[16] = {0, 2, 0x0F, 0xA0};
    fn("BIND"); EZASOKET(f, &s, name, &e, &rc);
    fn("LISTEN"); EZASOKET(f, &s, &backlog, &e, &rc);
    puts("waiting");
    fn("ACCEPT"); EZASOKET(f, &s, name, &e, &rc);
    puts("never here");
    return 0;
}
"#,
    )
    .unwrap();
    compile_c(&lib, &dir.join("waiter.c"), &dir.join("waiter"), &[]);
    std::fs::write(
        dir.join("s.toml"),
        "racf = [\"ADDUSER U1\"]\n[[system]]\nname = \"SYS1\"\n[[stack]]\nsystem = \"SYS1\"\n\
         name = \"TCPIP\"\nhome = [\"10.1.1.1\"]\n[[job]]\nname = \"WAITER\"\nsystem = \"SYS1\"\n\
         user = \"U1\"\nprogram = \"waiter\"\n",
    )
    .unwrap();
    let started = std::time::Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_trustplex"))
        .arg("run")
        .arg(dir.join("s.toml"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(255), "{text}\n{err}");
    assert!(text.contains("WAITER   waiting"), "{text}");
    assert!(!text.contains("never here"), "{text}");
    assert!(
        err.contains("WAITER   waits in ACCEPT on socket 0 (SYS1/TCPIP 0.0.0.0..4000)"),
        "{err}"
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(30));
    // No program is left running from this directory.
    let ps = Command::new("pgrep")
        .arg("-f")
        .arg(dir.join("waiter"))
        .output();
    let _ = std::fs::remove_dir_all(&dir);
    if let Ok(ps) = ps {
        assert!(
            ps.stdout.is_empty(),
            "left running: {}",
            String::from_utf8_lossy(&ps.stdout)
        );
    }
}

/// A program that stops calling is ended when the run's wall-clock limit passes (here before
/// the 60 s guard), its job with S322, and the other jobs go on.
#[test]
fn a_stalled_program_ends_at_the_runs_wall_clock_limit() {
    use std::os::unix::fs::PermissionsExt;
    let dir = std::env::temp_dir().join(format!("trustplex-stall-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let stall = dir.join("stall.sh");
    std::fs::write(&stall, "#!/bin/sh\necho stalling\nexec sleep 120\n").unwrap();
    std::fs::set_permissions(&stall, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::write(dir.join("hello.rexx"), "say 'still here'\nexit 0\n").unwrap();
    std::fs::write(
        dir.join("s.toml"),
        "racf = [\"ADDUSER U1\"]\n[[system]]\nname = \"SYS1\"\n[[stack]]\nsystem = \"SYS1\"\n\
         name = \"TCPIP\"\nhome = [\"10.1.1.1\"]\n[[job]]\nname = \"STALL\"\nsystem = \"SYS1\"\n\
         user = \"U1\"\nprogram = \"stall.sh\"\n[[job]]\nname = \"REXX\"\nsystem = \"SYS1\"\n\
         user = \"U1\"\nstart = 1.0\nrun = \"hello.rexx\"\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_trustplex"))
        .args(["run", "--max-wall", "2"])
        .arg(dir.join("s.toml"))
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(255), "{text}");
    assert!(text.contains("STALL    stalling"), "{text}");
    assert!(
        text.contains(
            "STALL    ABEND S322: the run's wall-clock limit (--max-wall) passed while it ran"
        ),
        "{text}"
    );
    assert!(text.contains("REXX     still here"), "{text}");
}
