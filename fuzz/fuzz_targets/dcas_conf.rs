//! dcas.conf from arbitrary text, and DCAS start options. The oracle: never a panic; each
//! warning names a line of the file; what the file sets is in range (a port from 1, cipher
//! codes DCAS knows); a file without warnings parses to the same configuration again.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trustplex::dcas::{self, config};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (cfg, warnings) = config::parse(text);
    let lines = text.lines().count();
    assert!(
        warnings.iter().all(|w| w.line >= 1 && w.line <= lines),
        "{warnings:?}"
    );
    assert!(cfg.port > 0 && cfg.ldapport != Some(0));
    assert!(cfg.v3cipher.iter().all(|c| matches!(c, 1..=6 | 9 | 10)));
    assert!(cfg.tcpip.as_ref().is_none_or(|t| t.len() <= 8));
    assert_eq!(config::parse(text).0, cfg);
    let (level, _, _) = dcas::options(text);
    assert!((1..=3).contains(&level));
});
