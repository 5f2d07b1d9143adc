//! REXX source from arbitrary bytes: tokenized, parsed and run under a small clause budget,
//! a shallow call depth, a short string limit and a 4 MiB region. The oracle: never a panic
//! or a stack overflow; an exec either ends or stops with a REXX error whose number has a
//! text, shown as a traceback and an IRX message; a limit that stopped it is error 4 or 5.
//! The seeds add the shapes that once crashed or ran away (`fuzz/regressions/rexx_exec`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use trustplex::rexx::{self, Clock, Host, Limits, error::error_text};

struct Quiet;

impl Host for Quiet {
    fn say(&mut self, _line: &[u8]) {}
    fn now(&mut self) -> Clock {
        Clock { micros: 0 }
    }
}

fuzz_target!(|data: &[u8]| {
    let source = data.to_vec();
    let outcome = rexx::with_stack(move || {
        let limits = Limits {
            max_clauses: 20_000,
            max_depth: 64,
            max_string: 1 << 16,
            max_storage: 4 << 20,
            deadline: None,
        };
        rexx::run(&source, "FUZZ", "an argument", &mut Quiet, limits)
    })
    .expect("a thread for the exec");
    if let Some((e, lines)) = outcome.error {
        assert!(
            !error_text(e.code).is_empty(),
            "error {} has no text",
            e.code
        );
        // The traceback (the failing clause, then the calls, shortened past 25), then the
        // IRX message.
        let (message, trace) = lines.split_last().expect("message lines");
        assert!(message.starts_with("IRX"), "{message}");
        assert!(!trace.is_empty() && trace.len() <= 28, "{lines:?}");
        assert!(trace.iter().all(|l| l.contains(" +++ ")), "{lines:?}");
        if outcome.stopped.is_some() {
            assert!(
                matches!(e.code, 4 | 5),
                "a limit ended it with error {}",
                e.code
            );
        }
    }
});
