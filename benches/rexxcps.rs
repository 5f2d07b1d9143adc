//! REXXCPS, the classic REXX benchmark (Mike Cowlishaw), run unchanged with the arguments
//! `10 300` in trustplex and in Regina in the same run: each reports its own clauses per
//! second. The two run in turn, eleven times. Interference from the rest of the machine only
//! ever slows a run, so each side's best is its unloaded speed, and the ratio of the bests is
//! the figure held against the target (2.0); the median of the eleven pair ratios is
//! printed beside it, with the spread, to show how noisy the machine was.
//! The program is Regina's copy (`apt-get install regina-rexx`), read where Debian puts it.
//!
//! Then, when valgrind is installed, REXXCPS `3 300` once more in each under callgrind: the
//! instructions each executes, a figure the machine's load does not move (the bench runs
//! itself as the child, `--rexxcps-child`, so only the interpreter is counted).
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
    trustplex_with(source, ARGS)
}

fn trustplex_with(source: &[u8], args: &str) -> Option<f64> {
    let source = source.to_vec();
    let args = args.to_owned();
    let out = rexx::with_stack(move || {
        let mut host = StdHost {
            out: Vec::new(),
            clock: ClockKind::Wall,
        };
        let outcome = rexx::run(&source, "REXXCPS", &args, &mut host, Limits::default());
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

/// The arguments of the callgrind run: few loops, so valgrind's slowdown stays bearable.
const CALLGRIND_ARGS: &str = "3 300";

/// The instructions a command executes under callgrind ("Collected : N" on its stderr).
fn instructions(cmd: &str, args: &[&str]) -> Option<u64> {
    let out = Command::new("valgrind")
        .args(["--tool=callgrind", "--callgrind-out-file=/dev/null", cmd])
        .args(args)
        .output()
        .ok()?;
    String::from_utf8_lossy(&out.stderr)
        .lines()
        .find_map(|l| {
            l.split_once("Collected :")
                .map(|(_, n)| n.trim().to_owned())
        })?
        .parse()
        .ok()
}

fn main() {
    let argv: Vec<String> = std::env::args().collect();
    let quick = argv.iter().any(|a| a == "--quick");
    let Ok(source) = std::fs::read(REXXCPS) else {
        eprintln!("{REXXCPS} is missing: apt-get install regina-rexx");
        return;
    };
    // The child the callgrind run counts: REXXCPS once, in-process.
    if let Some(i) = argv.iter().position(|a| a == "--rexxcps-child") {
        let args = argv.get(i + 1..).map(|a| a.join(" ")).unwrap_or_default();
        std::process::exit(i32::from(trustplex_with(&source, &args).is_none()));
    }
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
        "  ratio     {:>12.2}  of the bests (target 2.0, issue 15)",
        best(&ours) / best(&regina)
    );
    println!(
        "  pairs     {:>12.2}  median (lowest {:.2}, highest {:.2})",
        ratios[ratios.len() / 2],
        ratios[0],
        ratios[ratios.len() - 1]
    );
    callgrind();
}

/// REXXCPS `3 300` under callgrind in each: instructions, and Regina's over ours.
fn callgrind() {
    let Ok(me) = std::env::current_exe() else {
        return;
    };
    let mut child: Vec<&str> = vec!["--rexxcps-child"];
    child.extend(CALLGRIND_ARGS.split(' '));
    let mut regina_args = vec![REXXCPS];
    regina_args.extend(CALLGRIND_ARGS.split(' '));
    let ours = instructions(&me.to_string_lossy(), &child);
    let regina = instructions("regina", &regina_args);
    let (Some(ours), Some(regina)) = (ours, regina) else {
        println!("  (valgrind is not installed: no instruction counts)");
        return;
    };
    println!("REXXCPS {CALLGRIND_ARGS} under callgrind, instructions executed");
    println!("  trustplex {ours:>14}");
    println!("  Regina    {regina:>14}");
    println!(
        "  ratio     {:>14.2}  Regina's over trustplex's (target 2.0)",
        regina as f64 / ours as f64
    );
}
