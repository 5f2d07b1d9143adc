//! The scenario loader on arbitrary text: an error naming file, line and key path, never a
//! panic; and a scenario that loads builds a sysplex in which every job starts, whose times
//! and latencies are within the documented ranges.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trustplex::scenario::Scenario;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match Scenario::from_toml("fuzz.toml", text) {
        Err(e) => {
            assert!(
                e.line >= 1 && e.line <= text.lines().count().max(1) + 1,
                "{e}"
            );
            assert!(!e.key.is_empty() && !e.message.is_empty(), "{e}");
        }
        Ok(s) => {
            for j in &s.jobs {
                assert!((0.0..=trustplex::scenario::MAX_SECONDS).contains(&j.start));
            }
            for l in &s.topology.links {
                assert!(l.latency_us <= trustplex::scenario::MAX_LATENCY_US && l.a != l.b);
            }
            let mut plex = s.sysplex();
            for j in &s.jobs {
                if let Err(e) = plex.add_job(j.ident.clone()) {
                    panic!("job {} loaded but does not start: {e}", j.ident.name);
                }
            }
        }
    }
});
