//! A program written as for z/OS, compiled with gcc and linked with libtrustplex, makes its
//! calls against the emulated sysplex: this test plays the job's side
//! (`trustplex::api::native`), serving each call for TRSTCLI on TCPCS1 while TRSTSRV listens
//! with SIOCSPARTNERINFO on TCPCS2, and checks what the program printed. (`tests/native.rs`
//! runs the C and GnuCOBOL examples as jobs of a scenario.)

use std::os::unix::net::UnixListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use trustplex_core::api::host::Direct;
use trustplex_core::api::native::{SOCKET_ENV, Session};

mod common;
use common::{lib_dir, trusted_plex};

/// Whether a compiler is here; under CI it must be (`.ci/run` installs gcc).
fn have(tool: &str) -> bool {
    let ok = Command::new(tool)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        ok || std::env::var_os("CI").is_none(),
        "{tool} is required under CI"
    );
    ok
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("libtrustplex-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn compiled(out: std::process::Output, what: &str) {
    assert!(
        out.status.success(),
        "{what}:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Runs `exe` with its calls served for TRSTCLI: (what it printed, how many calls it made).
fn serve(exe: &Path, dir: &Path) -> (String, usize) {
    let (mut p, cli) = trusted_plex();
    let path = dir.join("job.sock");
    let listener = UnixListener::bind(&path).unwrap();
    let child = Command::new(exe)
        .env(SOCKET_ENV, &path)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (mut link, _) = listener.accept().unwrap();
    let mut host = Direct {
        plex: &mut p,
        task: cli,
    };
    let calls = Session::new().serve_link(&mut link, &mut host).unwrap();
    let out = child.wait_with_output().unwrap();
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
    let out = Command::new("gcc")
        .args(["-Wall", "-Werror", "-I"])
        .arg(root().join("include"))
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/c/trusted_client.c"))
        .arg("-L")
        .arg(&lib)
        .arg(format!("-Wl,-rpath,{}", lib.display()))
        .arg("-ltrustplex")
        .arg("-o")
        .arg(&exe)
        .output()
        .unwrap();
    compiled(out, "gcc");
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
