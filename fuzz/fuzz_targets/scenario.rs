//! The scenario loader on arbitrary text: an error naming file, line and key, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trustplex::scenario::Scenario;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Err(e) = Scenario::from_toml("fuzz.toml", text) {
            assert!(e.line >= 1);
        }
    }
});
