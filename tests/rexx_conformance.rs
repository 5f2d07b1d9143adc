//! The REXX conformance suite: every `tests/rexx/NAME.rexx` runs in trustplex and its output
//! (SAY lines, then the TSO/E error lines if the exec fails) must equal `NAME.out` byte for
//! byte. The outputs were recorded from Regina, the project's REXX reference; when `regina`
//! is installed (CI installs it) each is re-run there to prove the recorded output is still
//! Regina's. Programs whose first line is `/* TSO/E: why */` are where TSO/E and Regina
//! differ: their output follows TSO/E, was recorded by hand, and Regina is not asked.
//!
//! No recorded output may depend on the day, the time, the time zone or the locale: trustplex
//! runs every program on its fixed virtual clock, and the re-check runs Regina under faked
//! clocks ([`FAKED`], with Debian's `faketime`, which CI installs), a one-digit and a two-digit
//! day of the month in two time zones and two locales, so a program that prints
//! `length(date())` fails whatever day the suite runs.

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

/// The clocks, time zones and locales Regina is re-run under: a one-digit day just before
/// midnight and a two-digit day just after it.
const FAKED: [(&str, &str, &str); 2] = [
    ("@2026-12-02 23:59:58", "UTC", "C"),
    ("@2027-01-24 00:00:01", "Asia/Tokyo", "C.UTF-8"),
];

/// Regina's output for a program under each of [`FAKED`]; under the real clock only when
/// `faketime` is not installed (never under CI).
fn reginas(p: &Path, faketime: bool) -> Vec<(String, Vec<u8>)> {
    if !faketime {
        let out = Command::new("regina").arg(p).output().unwrap();
        return vec![("the real clock".into(), out.stdout)];
    }
    FAKED
        .iter()
        .map(|(at, tz, lang)| {
            let out = Command::new("faketime")
                .args(["-f", at, "regina"])
                .arg(p)
                .env("TZ", tz)
                .env("LC_ALL", lang)
                .output()
                .unwrap();
            (format!("{at} {tz} {lang}"), out.stdout)
        })
        .collect()
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
    let faketime = Command::new("faketime")
        .args(["-f", FAKED[0].0, "date", "+%d"])
        .output()
        .is_ok_and(|o| o.stdout == b"02\n");
    if !faketime {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have faketime (apt-get install faketime)"
        );
        eprintln!("faketime is not installed: Regina is re-run on today's date only");
    }
    let mut failures = Vec::new();
    let mut checked = 0;
    for p in programs() {
        if tso_only(&p) {
            continue;
        }
        let want = std::fs::read(p.with_extension("out")).unwrap();
        checked += 1;
        for (clock, got) in reginas(&p, faketime) {
            if got != want {
                failures.push(format!(
                    "{} (Regina at {clock}):\n--- recorded\n{}--- regina\n{}",
                    p.display(),
                    String::from_utf8_lossy(&want),
                    String::from_utf8_lossy(&got)
                ));
            }
        }
    }
    assert!(checked >= 280, "{checked}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
