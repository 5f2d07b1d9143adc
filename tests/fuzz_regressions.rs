//! The fuzz targets' regression seeds (`fuzz/regressions/TARGET/`), the shapes that once
//! crashed trustplex or ran away, run as tests with the targets' own oracles: each REXX
//! shape ends, or stops with a REXX error, within its bounds; each bad scenario is refused
//! with its file, line and key path; each JSON encodes or is refused in the area's terms.

use std::path::PathBuf;

use trustplex::areas::{AREAS, view};
use trustplex::rexx::{self, Clock, Host, Limits};
use trustplex::scenario::Scenario;

fn seeds(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regressions")
        .join(target);
    let mut v: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect();
    v.sort();
    assert!(!v.is_empty(), "{}", dir.display());
    v
}

struct Quiet;

impl Host for Quiet {
    fn say(&mut self, _line: &[u8]) {}
    fn now(&mut self) -> Clock {
        Clock { micros: 0 }
    }
}

#[test]
fn rexx_shapes_end_within_their_bounds() {
    for (path, source) in seeds("rexx_exec") {
        let started = std::time::Instant::now();
        let outcome = rexx::with_stack(move || {
            let limits = Limits {
                max_clauses: 200_000,
                max_depth: 64,
                max_string: 1 << 16,
                max_storage: 4 << 20,
                deadline: None,
            };
            rexx::run(&source, "SHAPE", "", &mut Quiet, limits)
        })
        .unwrap();
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "{}: {:?}",
            path.display(),
            started.elapsed()
        );
        if let Some((e, lines)) = &outcome.error {
            assert!(lines.last().unwrap().starts_with("IRX"), "{lines:?}");
            if outcome.stopped.is_some() {
                assert!(matches!(e.code, 4 | 5), "{}: {e}", path.display());
            }
        }
    }
}

#[test]
fn bad_scenarios_are_refused_with_a_key_path() {
    for (path, text) in seeds("scenario") {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = String::from_utf8(text).unwrap();
        let e = Scenario::from_toml(&name, &text).expect_err(&name);
        assert!(e.line >= 1 && !e.key.is_empty(), "{e}");
        assert!(
            e.to_string().starts_with(&format!("{name}:{}: ", e.line)),
            "{e}"
        );
    }
}

#[test]
fn json_encodes_or_is_refused() {
    let mut encoded = 0;
    for (path, bytes) in seeds("encode_json") {
        let value: serde_json::Value = serde_json::from_slice(&bytes).expect("JSON");
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        for kind in AREAS {
            if let Ok(b) = view::encode(kind, &value) {
                encoded += 1;
                let again = view::decode_json(kind, &b);
                assert_eq!(view::encode(kind, &again), Ok(b), "{name}");
            }
        }
        let refused = ["name-contradicts-value", "wrong-area", "length-not-integer"];
        if refused.contains(&name.as_str()) {
            let pi = trustplex::areas::find("partnerinfo").unwrap();
            assert!(view::encode(pi, &value).is_err(), "{name}");
        }
    }
    assert!(encoded >= 13, "{encoded}");
}

/// The DCAS request seeds: each is answered with a reply that parses, and Tom's Format 1
/// request gets TOM and a PassTicket, with the fuzz target's RACF.
#[test]
fn dcas_requests_are_answered() {
    use trustplex::areas::Area;
    use trustplex::areas::dcas::DcasReply;
    use trustplex::dcas::service::answer;
    use trustplex::racf::Racf;

    let tom = include_str!("../fixtures/certs/tom.pem");
    let mut racf = Racf::new();
    for c in [
        "ADDUSER TOM",
        "RACDCERT ID(TOM) ADD('TOM.PEM') WITHLABEL('Tom')",
        "RDEFINE PTKTDATA TSO SSIGNON(KEYMASKED(E001193519561977))",
        "SETROPTS CLASSACT(PTKTDATA)",
    ] {
        racf.run_with(c, &|_| Some(tom.to_owned())).unwrap();
    }
    for (path, bytes) in seeds("dcas_request") {
        let a = answer(&racf, &bytes, 1_285_286_400);
        let reply = DcasReply::parse(&a.reply.to_bytes()).unwrap();
        if path.ends_with("format1-tom.bin") {
            assert_eq!((reply.rc, reply.user()), (0, "TOM".into()), "{a:?}");
            assert_eq!(reply.passticket().len(), 8);
        }
    }
}
