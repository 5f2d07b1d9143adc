//! The REXX conformance suite: every `tests/rexx/NAME.rexx` runs in trustplex and its output
//! (SAY lines, then the TSO/E error lines if the exec fails) must equal `NAME.out` byte for
//! byte. The outputs were recorded from Regina, the project's REXX reference; when `regina`
//! is installed (CI installs it) each is re-run there to prove the recorded output is still
//! Regina's. Programs whose first line is `/* TSO/E: why */` are where TSO/E and Regina
//! differ: their output follows TSO/E, was recorded by hand, and Regina is not asked.

use std::path::{Path, PathBuf};
use std::process::Command;

use trustplex::rexx::{self, Clock, Host, Limits};

struct Capture(Vec<u8>);

impl Host for Capture {
    fn say(&mut self, line: &[u8]) {
        self.0.extend_from_slice(line);
        self.0.push(b'\n');
    }
    fn now(&mut self) -> Clock {
        Clock {
            micros: trustplex::sysplex::clock::EPOCH_UNIX_SECS * 1_000_000,
        }
    }
}

fn programs() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/rexx");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rexx"))
        .collect();
    v.sort();
    v
}

fn ours(path: &Path) -> Vec<u8> {
    let source = std::fs::read(path).unwrap();
    let name = path.file_stem().unwrap().to_string_lossy().into_owned();
    rexx::with_stack(move || {
        let mut host = Capture(Vec::new());
        let outcome = rexx::run(&source, &name, "", &mut host, Limits::default());
        let mut out = host.0;
        if let Some((_, lines)) = outcome.error {
            for l in lines {
                out.extend_from_slice(l.as_bytes());
                out.push(b'\n');
            }
        }
        out
    })
    .unwrap()
}

fn tso_only(path: &Path) -> bool {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .next()
        .is_some_and(|l| l.starts_with("/* TSO/E:"))
}

#[test]
fn every_program_prints_what_was_recorded() {
    let progs = programs();
    assert!(progs.len() >= 300, "{} programs", progs.len());
    let mut failures = Vec::new();
    for p in &progs {
        let want = std::fs::read(p.with_extension("out")).unwrap();
        let got = ours(p);
        if got != want {
            failures.push(format!(
                "{}:\n--- expected\n{}--- trustplex\n{}",
                p.display(),
                String::from_utf8_lossy(&want),
                String::from_utf8_lossy(&got)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} differ:\n{}",
        failures.len(),
        progs.len(),
        failures.join("\n")
    );
}

#[test]
fn the_recorded_outputs_are_reginas() {
    let Ok(v) = Command::new("regina").arg("-v").output() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have Regina (apt-get install regina-rexx)"
        );
        eprintln!("regina is not installed: the recorded outputs are not re-checked");
        return;
    };
    let banner = [v.stdout, v.stderr].concat();
    assert!(String::from_utf8_lossy(&banner).contains("Regina"));
    let mut failures = Vec::new();
    let mut checked = 0;
    for p in programs() {
        if tso_only(&p) {
            continue;
        }
        let out = Command::new("regina").arg(&p).output().unwrap();
        let want = std::fs::read(p.with_extension("out")).unwrap();
        checked += 1;
        if out.stdout != want {
            failures.push(format!(
                "{}:\n--- recorded\n{}--- regina\n{}",
                p.display(),
                String::from_utf8_lossy(&want),
                String::from_utf8_lossy(&out.stdout)
            ));
        }
    }
    assert!(checked >= 280, "{checked}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
