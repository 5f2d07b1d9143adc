//! REXXCPS, the classic REXX benchmark (Mike Cowlishaw), run unchanged with the arguments
//! `10 300` in trustplex and in Regina in the same run: each reports its own clauses per
//! second. The two run in turn, eleven times. Interference from the rest of the machine only
//! ever slows a run, so each side's best is its unloaded speed, and the ratio of the bests is
//! the figure held against issue 5's target (1.5); the median of the eleven pair ratios is
//! printed beside it, with the spread, to show how noisy the machine was.
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
    let Ok(source) = std::fs::read(REXXCPS) else {
        eprintln!("{REXXCPS} is missing: apt-get install regina-rexx");
        return;
    };
    let runs = if quick { 1 } else { 11 };
    let mut ours = Vec::new();
    let mut regina = Vec::new();
    let mut ratios = Vec::new();
    for _ in 0..runs {
        let t = trustplex_once(&source);
        let r = regina_once();
        if let Some(t) = t {
            ours.push(t);
        }
        if let Some(r) = r {
            regina.push(r);
        }
        if let (Some(t), Some(r)) = (t, r) {
            ratios.push(t / r);
        }
    }
    let best = |v: &[f64]| v.iter().copied().fold(0.0, f64::max);
    println!("REXXCPS {ARGS}, {runs} runs of each in turn, clauses per second (best)");
    println!("  trustplex {:>12.0}", best(&ours));
    if ratios.is_empty() {
        println!("  Regina is not installed: no ratio");
        return;
    }
    println!("  Regina    {:>12.0}", best(&regina));
    ratios.sort_by(f64::total_cmp);
    println!(
        "  ratio     {:>12.2}  of the bests (target 1.5)",
        best(&ours) / best(&regina)
    );
    println!(
        "  pairs     {:>12.2}  median (lowest {:.2}, highest {:.2})",
        ratios[ratios.len() / 2],
        ratios[0],
        ratios[ratios.len() - 1]
    );
}
