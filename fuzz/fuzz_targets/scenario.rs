//! The scenario loader on arbitrary text: an error naming file, line and key, never a panic;
//! and a scenario that loads builds a sysplex in which every job starts.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trustplex::scenario::Scenario;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match Scenario::from_toml("fuzz.toml", text) {
        Err(e) => assert!(e.line >= 1),
        Ok(s) => {
            let mut plex = s.sysplex();
            for j in &s.jobs {
                if let Err(e) = plex.add_job(j.ident.clone()) {
                    panic!("job {} loaded but does not start: {e}", j.ident.name);
                }
            }
        }
    }
});
