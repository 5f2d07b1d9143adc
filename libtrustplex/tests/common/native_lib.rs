//! libtrustplex.so for the tests and the bench that load it: `cargo test` does not build a
//! cdylib for them, so they build it once, in a target directory of its own (the running
//! cargo holds the main one's lock), and find it there.

use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

/// The directory holding libtrustplex.so, built (once per process) in the profile given.
pub fn lib_dir(release: bool) -> PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let workspace = if root.join("libtrustplex").is_dir() {
            root
        } else {
            root.parent().unwrap().to_path_buf()
        };
        let target = workspace.join("target/libtrustplex");
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let mut cmd = Command::new(cargo);
        cmd.current_dir(&workspace)
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
