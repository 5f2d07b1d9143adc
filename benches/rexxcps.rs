//! REXXCPS, the classic REXX benchmark (Mike Cowlishaw), run unchanged with the arguments
//! `10 300` in trustplex and in Regina in the same run: each reports its own clauses per
//! second; the best of five runs of each is printed with their ratio (issue 5's target: 1.5).
//! The program is Regina's copy (`apt-get install regina-rexx`), read where Debian puts it.
//!
//! `cargo bench --bench rexxcps` (add `-- --quick` for one run of each).

use std::process::Command;

use trustplex::rexx::{self, ClockKind, Limits, StdHost};

const REXXCPS: &str = "/usr/share/doc/regina-rexx/examples/rexxcps.rexx";
const ARGS: &str = "10 300";

/// The figure REXXCPS prints: "Performance: N REXX clauses per second".
fn figure(out: &str) -> Option<f64> {
    out.lines()
        .find(|l| l.contains("Performance:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

fn trustplex_once(source: &[u8]) -> Option<f64> {
    let source = source.to_vec();
    let out = rexx::with_stack(move || {
        let mut host = StdHost {
            out: Vec::new(),
            clock: ClockKind::Wall,
        };
        let outcome = rexx::run(&source, "REXXCPS", ARGS, &mut host, Limits::default());
        (host.out, outcome.error)
    })
    .ok()?;
    if let Some((e, lines)) = out.1 {
        eprintln!("REXXCPS failed in trustplex: {e}\n{}", lines.join("\n"));
        return None;
    }
    figure(&String::from_utf8_lossy(&out.0))
}

fn regina_once() -> Option<f64> {
    let out = Command::new("regina")
        .arg(REXXCPS)
        .args(ARGS.split(' '))
        .output()
        .ok()?;
    figure(&String::from_utf8_lossy(&out.stdout))
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let runs = if quick { 1 } else { 5 };
    let Ok(source) = std::fs::read(REXXCPS) else {
        eprintln!("{REXXCPS} is missing: apt-get install regina-rexx");
        return;
    };
    let best = |f: &dyn Fn() -> Option<f64>| (0..runs).filter_map(|_| f()).fold(0.0, f64::max);
    let ours = best(&|| trustplex_once(&source));
    let regina = best(&|| regina_once());
    println!("REXXCPS {ARGS}, best of {runs}, clauses per second");
    println!("  trustplex {ours:>12.0}");
    if regina > 0.0 {
        println!("  Regina    {regina:>12.0}");
        println!("  ratio     {:>12.2}  (target 1.5)", ours / regina);
    } else {
        println!("  Regina is not installed: no ratio");
    }
}
