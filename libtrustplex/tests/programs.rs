//! A program written as for z/OS, compiled with gcc and linked with libtrustplex, makes its
//! calls against the emulated sysplex: this test plays the job's side
//! (`trustplex::api::native`), serving each call for TRSTCLI on TCPCS1 while TRSTSRV listens
//! with SIOCSPARTNERINFO on TCPCS2, and checks what the program printed: EZASOKET, the BPX
//! services, EZACIC04/05, LE C's calls through `trustplex_lec.h`, and the calls z/OS refuses.
//! (`tests/native.rs` runs the C and GnuCOBOL examples as jobs of a scenario.)

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;
use common::native_lib::{rpath, run_ok};
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
    let Some((text, calls)) = c_program("trusted_client", &["-Wall", "-Werror"]) else {
        return;
    };
    assert_eq!(calls, 6);
    assert_eq!(
        text,
        "SOCKET RETCODE 0 ERRNO 0
CONNECT RETCODE 0 ERRNO 0
IOCTL RETCODE 0 ERRNO 0
PI_ASUSERID E3D9E2E3E2D9E540
IOCTL in place RETCODE 0
PI_ASUSERID E3D9E2E3E2D9E540
BPX4IOC Return_value 0 Return_code 0
PI_CREDFLAGS A0
BPX1IOC null Argument: Return_value -1 Return_code 118 Reason_code 7CE3012E
"
    );
}

/// Compiles `tests/c/<name>.c` with `flags` and serves it: (what it printed, calls made).
fn c_program(name: &str, flags: &[&str]) -> Option<(String, usize)> {
    if !have("gcc") {
        return None;
    }
    let dir = scratch(name);
    let exe = dir.join(name);
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/c/{name}.c"));
    compile_c(&lib_dir(false), &src, &exe, flags);
    let served = serve(&exe, &dir);
    let _ = std::fs::remove_dir_all(&dir);
    Some(served)
}

#[test]
fn bad_ezasoket_lists_the_bpx_services_and_the_translation_utilities() {
    let Some((text, calls)) = c_program("bad_calls", &["-Wall", "-Werror"]) else {
        return;
    };
    assert_eq!(calls, 15, "{text}");
    assert_eq!(
        text,
        "SOCKET RETCODE 0 ERRNO 0
CLOSE with one parameter too many: RETCODE -1 ERRNO 22
FROBNICATE: RETCODE -1 ERRNO 22
CONNECT with a null NAME: RETCODE -1 ERRNO 14
EZACIC04 R15 0: HELLO
EZACIC05 R15 0: C8C5D3D3D6
EZACIC04 zero length R15 12, null buffer R15 16
BPX4SOC Return_value 0 descriptor 1
BPX4CON Return_value 0
BPX1OPT SO_CLUSTERCONNTYPE Return_value 0 value 0000000A
BPX4WRT Return_value 15
BPX4WRT null buffer: Return_value -1 Return_code 118 Reason_code 7CE3012E
BPX4CLO Return_value 0
BPX4CLO again: Return_value -1 Return_code 113
CLOSE from a literal: RETCODE 0 ERRNO 0
CLOSE from a literal again: RETCODE -1 ERRNO 9
TERMAPI from a literal
CLOSE with twenty parameters: RETCODE -1 ERRNO 22
"
    );
}

#[test]
fn a_z_os_c_source_builds_unchanged_with_the_lec_header() {
    let flags = ["-Wall", "-Werror", "-include", "trustplex_lec.h"];
    let Some((text, calls)) = c_program("lec_client", &flags) else {
        return;
    };
    // The arglen w_ioctl refuses never leaves the program.
    assert_eq!(calls, 13, "{text}");
    assert_eq!(
        text,
        "socket 0
connect 0
getsockopt 0
SO_CLUSTERCONNTYPE 10 (SAME_CLUSTER 1) length 4
w_ioctl SIOCGPARTNERINFO 0
PI_Buflen 40 PI_ConnType 0A PI_ASUserID E3D9
ioctl SIOCGPARTNERINFO -1 errno 121 errno2 7CE300A9
ioctl FIONBIO 0
ioctl FIONREAD 0
FIONREAD 0
read, nothing there -1 errno 1102 errno2 7CE30000
write 5
w_ioctl arglen 50001 -1 errno 121 errno2 7CE3012A
EINVAL is 121: EDC5121I Invalid argument.
bind, null address -1 errno 118 errno2 7CE3012E
getsockopt, unknown level -1 errno 1109 errno2 7CE3026C
close 0
close again -1 errno 113 errno2 7CE30037
"
    );
}

#[test]
fn a_cobol_program_s_parameter_count_reaches_ezasoket_and_ezacic04() {
    if !have("cobc") {
        return;
    }
    let dir = scratch("cobol");
    let exe = dir.join("badcall");
    let lib = lib_dir(false);
    run_ok(
        Command::new("cobc")
            .args(["-x", "-std=ibm-strict", "-fstatic-call"])
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cobol/BADCALL.cbl"))
            .arg("-L")
            .arg(&lib)
            .args(["-Q", &rpath(&lib), "-ltrustplex", "-o"])
            .arg(&exe),
        "cobc",
    );
    let (text, calls) = serve(&exe, &dir);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(calls, 1, "{text}");
    assert_eq!(
        text,
        "CLOSE RETCODE -0000000001 ERRNO 0000000022
EZACIC05 RC +000000000 EBCDIC HELLO
EZACIC04 RC +000000000 HELLO
EZACIC04 THREE PARAMETERS RC +000000008 HELLO
"
    );
}
