//! The RACF command parser and the database behind it, on arbitrary text: errors, never a panic.
//! RACDCERT ADD reads the whole input as its data set, so PEM and X.509 parsing get the same
//! text; a PassTicket, when RACF makes one, is 8 characters of A-Z and 0-9.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trustplex::racf::{Access, Racf, command};

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let mut racf = Racf::new();
        let dataset = |_: &str| Some(text.to_owned());
        for line in text.lines() {
            let _ = command::parse(line);
            let _ = racf.run_with(line, &dataset);
        }
        if let Ok(t) = racf.passticket("TOM", "TSO", 1_285_286_400) {
            assert!(
                t.len() == 8
                    && t.bytes()
                        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
            );
        }
        let _ = racf.certificate_user(data, 1_285_286_400);
        let _ = racf.check(
            "TRSTSRV",
            "SERVAUTH",
            "EZB.IOCTL.SYS1.TCPCS1.PARTNERINFO",
            Access::Read,
        );
        let _ = racf.security_domain();
    }
});
