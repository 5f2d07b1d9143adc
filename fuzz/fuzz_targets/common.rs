//! The oracle every area target shares: a parse that succeeds must give back the same bytes
//! through the typed API and through the JSON view (`decode --format json`, then `encode`),
//! and the text view must render.

use trustplex::areas::{Area, find, view};

pub fn check<T: Area>(data: &[u8]) {
    let kind = find(T::LAYOUT.area).expect("every area is registered");
    let typed = T::parse(data);
    assert_eq!(typed.is_ok(), (kind.validate)(data).is_ok());
    if let Ok(value) = typed {
        assert_eq!(value.to_bytes(), data, "typed round trip");
        let _ = view::decode_text(kind, data);
        let json = view::decode_json(kind, data);
        assert_eq!(
            view::encode(kind, &json).as_deref(),
            Ok(data),
            "JSON round trip: {json}"
        );
    }
}
