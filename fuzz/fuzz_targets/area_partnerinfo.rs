//! Parses arbitrary bytes as PartnerInfo: never a panic, and a valid area round-trips.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    common::check::<trustplex::areas::partnerinfo::PartnerInfo>(data);
    // The SIOCGPARTNERINFO argument checks see every byte string a caller can pass.
    let _ = trustplex::areas::partnerinfo::check_request(data);
    let _ =
        <trustplex::areas::partnerinfo::SetPartnerInfoArg as trustplex::areas::Area>::parse(data);
});
