//! Parses arbitrary bytes as Ifreq: never a panic, and a valid area round-trips.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    common::check::<trustplex::areas::ifreq::Ifreq>(data);
});
