//! What every test and bench that runs a compiled program needs: the compilers, and
//! libtrustplex.so. `cargo test` does not build a cdylib for them, so they build it once, in a
//! target directory of its own (the running cargo holds the main one's lock), and link against
//! it there.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// The workspace's root, whichever of its packages is asking.
pub fn workspace() -> PathBuf {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    if here.join("libtrustplex").is_dir() {
        here
    } else {
        here.parent().unwrap().to_path_buf()
    }
}

/// Whether a compiler is here; under CI it must be (`.ci/run` installs gcc and GnuCOBOL).
pub fn have(tool: &str) -> bool {
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

/// The directory holding libtrustplex.so, built (once per process) in the profile given.
pub fn lib_dir(release: bool) -> PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let target = workspace().join("target/libtrustplex");
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let mut cmd = Command::new(cargo);
        cmd.current_dir(workspace())
            .args(["build", "--quiet", "-p", "libtrustplex", "--target-dir"])
            .arg(&target);
        if release {
            cmd.arg("--release");
        }
        let out = cmd.output().expect("cargo runs");
        assert!(
            out.status.success(),
            "cargo build -p libtrustplex:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let dir = target.join(if release { "release" } else { "debug" });
        assert!(dir.join("libtrustplex.so").exists(), "{}", dir.display());
        dir
    })
    .clone()
}

/// The linker flags that find libtrustplex.so in `lib` when the program runs. An old-style
/// DT_RPATH, searched before LD_LIBRARY_PATH: `cargo test` puts its own target directory
/// there, whose libtrustplex.so may be another build than the one under test.
pub fn rpath(lib: &Path) -> String {
    format!("-Wl,--disable-new-dtags,-rpath,{}", lib.display())
}

/// Runs a command that must succeed (a compiler, `trustplex run`), failing with what it said.
pub fn run_ok(cmd: &mut Command, what: &str) -> Output {
    let out = cmd.output().unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(
        out.status.success(),
        "{what}:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Compiles a C program against include/ (trustplex.h, trustplex_lec.h) and copybooks/c, and
/// links it with libtrustplex.so from `lib`; `flags` come first (-O2, -Wall -Werror).
pub fn compile_c(lib: &Path, src: &Path, exe: &Path, flags: &[&str]) {
    run_ok(
        Command::new("gcc")
            .args(flags)
            .arg("-I")
            .arg(workspace().join("include"))
            .arg("-I")
            .arg(workspace().join("copybooks/c"))
            .arg(src)
            .arg("-L")
            .arg(lib)
            .arg(rpath(lib))
            .args(["-ltrustplex", "-o"])
            .arg(exe),
        "gcc",
    );
}
