//! Parses arbitrary bytes as IocPlist31: never a panic, and a valid area round-trips.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    common::check::<trustplex::areas::plist::IocPlist31>(data);
    let _ = trustplex::areas::plist::ParmList31::parse_vl(data);
    let _ = trustplex::areas::plist::ParmList31::parse_count(
        data,
        data.first().map_or(0, |&n| usize::from(n)),
    );
});
