//! The RACF command parser and the database behind it, on arbitrary text: errors, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trustplex::racf::{Access, Racf, command};

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let mut racf = Racf::new();
        for line in text.lines() {
            let _ = command::parse(line);
            let _ = racf.run(line);
        }
        let _ = racf.check(
            "TRSTSRV",
            "SERVAUTH",
            "EZB.IOCTL.SYS1.TCPCS1.PARTNERINFO",
            Access::Read,
        );
        let _ = racf.security_domain();
    }
});
