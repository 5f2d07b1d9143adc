//! The copybook parsers, all four languages, on arbitrary text: errors, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trustplex::copybook::{Lang, parse};

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        for lang in Lang::ALL {
            let _ = parse(lang, text);
        }
    }
});
