//! A program written as for z/OS, compiled with gcc and linked with libtrustplex, makes its
//! calls against the emulated sysplex: this test plays the job's side
//! (`trustplex::api::native`), serving each call for TRSTCLI on TCPCS1 while TRSTSRV listens
//! with SIOCSPARTNERINFO on TCPCS2, and checks what the program printed. (`tests/native.rs`
//! runs the C and GnuCOBOL examples as jobs of a scenario.)

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;
use common::{compile_c, have, lib_dir, serve_program, trusted_plex};

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("libtrustplex-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs `exe` with its calls served for TRSTCLI: (what it printed, how many calls it made).
fn serve(exe: &Path, dir: &Path) -> (String, usize) {
    let (mut p, cli) = trusted_plex();
    let (out, calls) = serve_program(&mut Command::new(exe), dir, &mut p, cli);
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (text, calls)
}

#[test]
fn a_c_program_calls_ezasoket_and_bpx4ioc_through_the_library() {
    if !have("gcc") {
        return;
    }
    let dir = scratch("c");
    let exe = dir.join("trusted_client");
    let lib = lib_dir(false);
    compile_c(
        &lib,
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/c/trusted_client.c"),
        &exe,
        &["-Wall", "-Werror"],
    );
    let (text, calls) = serve(&exe, &dir);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(calls, 5);
    assert_eq!(
        text,
        "SOCKET RETCODE 0 ERRNO 0
CONNECT RETCODE 0 ERRNO 0
IOCTL RETCODE 0 ERRNO 0
PI_ASUSERID E3D9E2E3E2D9E540
BPX4IOC Return_value 0 Return_code 0
PI_CREDFLAGS A0
BPX1IOC null Argument: Return_value -1 Return_code 118 Reason_code 7CE3012E
"
    );
}
