//! `encode` on arbitrary JSON for every area: an error in the area's terms, never a panic;
//! and what encodes decodes to JSON that encodes to the same bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trustplex::areas::{AREAS, view};

fuzz_target!(|data: &[u8]| {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(data) else {
        return;
    };
    for kind in AREAS {
        match view::encode(kind, &value) {
            Err(e) => assert!(!e.is_empty()),
            Ok(bytes) => {
                let again = view::decode_json(kind, &bytes);
                assert_eq!(view::encode(kind, &again).as_ref(), Ok(&bytes), "{again}");
            }
        }
    }
});
