//! DCAS requests from arbitrary bytes, answered against a RACF that has an associated
//! certificate, a mapping and a PTKTDATA key. The oracle: never a panic; the header parses as
//! an area exactly when its first 32 bytes are valid, and then round-trips; every answer is a
//! reply that parses; a PassTicket goes out only with RC 0, as 8 characters of A-Z and 0-9;
//! whatever DCAS logs never holds the PassTicket.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use trustplex::areas::Area;
use trustplex::areas::dcas::{DCRP_RC_OK, DcasReply, DcasRequest};
use trustplex::dcas::service::{announced_len, answer};
use trustplex::racf::Racf;

#[path = "common.rs"]
mod common;

static RACF: LazyLock<Racf> = LazyLock::new(|| {
    let tom = include_str!("../../fixtures/certs/tom.pem");
    let mut r = Racf::new();
    let files = |n: &str| (n == "TOM.PEM").then(|| tom.to_owned());
    for c in [
        "ADDUSER (TOM SALES)",
        "RACDCERT ID(TOM) ADD('TOM.PEM') WITHLABEL('Tom')",
        "RACDCERT ID(SALES) MAP SDNFILTER('OU=Sales.O=Example.C=US') WITHLABEL('Sales')",
        "RDEFINE PTKTDATA TSO SSIGNON(KEYMASKED(E001193519561977))",
        "SETROPTS CLASSACT(PTKTDATA)",
    ] {
        r.run_with(c, &files)
            .expect("the fuzz target's RACF commands are valid");
    }
    r
});

fuzz_target!(|data: &[u8]| {
    if data.len() >= 32 {
        common::check::<DcasRequest>(&data[..32]);
    }
    // As DCAS frames a request: by its announced length, when that can be believed.
    let request = match announced_len(data) {
        Some(Ok(n)) if n <= data.len() => &data[..n],
        _ => data,
    };
    let a = answer(&RACF, request, 1_285_286_400);
    let reply = DcasReply::parse(&a.reply.to_bytes()).expect("a reply DCAS sends parses");
    let ticket = reply.passticket();
    if reply.rc == DCRP_RC_OK {
        assert_eq!(ticket.len(), 8, "{reply:?}");
        assert!(
            ticket
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        );
        let logged = format!("{:?}{:?}", a.asked, a.given);
        assert!(!logged.contains(&ticket), "{logged}");
    } else {
        assert!(ticket.is_empty(), "{reply:?}");
        assert!(a.refused.is_some());
    }
});
