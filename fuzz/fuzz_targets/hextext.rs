//! The hex-text reader: never a panic, and what it reads survives an IPCS dump and back.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trustplex::areas::dump::ipcs;
use trustplex::codepage::CodePage;
use trustplex::hextext;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(bytes) = hextext::parse(text) {
            assert_eq!(
                hextext::parse(&ipcs(&bytes, 0, CodePage::Ibm1047)).as_ref(),
                Ok(&bytes)
            );
        }
    }
});
