//! The 32-byte ifreq of the SIOCGIF* ioctls (`docs/reference/call-conventions.md` §7.3: IBM's EZASOKET IOCTL
//! IFREQ, `confirmed`; offsets `inferred` by adding up the sizes, and matching the X'20' length
//! in the X'C020....' command words).

use arbitrary::Unstructured;

use super::sockaddr::AF_INET;
use super::{Prov, area, bytes_at};
use crate::codepage::{self, CodePage};

// IBM's COBOL names are NAME, FAMILY, PORT, ADDRESS, RESERVED (`confirmed`); the `IFR_` names
// are ours, so the copybooks do not collide with other areas.
area! {
    /// ifreq.
    pub struct Ifreq {
        base: 0,
        offsets: off,
        check: Ifreq::check,
        layout: LAYOUT {
            area: "ifreq",
            title: "ifreq",
            member: "TPXIFREQ",
            struct_name: "IFREQ",
            prov: Prov::Confirmed,
            source: "docs/reference/call-conventions.md section 7.3",
            consts: &[],
        },
    }
    IFR_NAME @ 0 name: [u8; 16] = Char, inferred / reconstructed, "docs/reference/call-conventions.md E3",
        "interface name, EBCDIC, blank padded (IBM: NAME)", arbitrary: arbitrary_name;
    IFR_FAMILY @ 16 family: u16 = Uint, inferred / reconstructed, "docs/reference/call-conventions.md E3",
        "address family, AF_INET (IBM: FAMILY)",
        arbitrary: |u: &mut Unstructured| Ok(*u.choose(&[0, u16::from(AF_INET)])?);
    IFR_PORT @ 18 port: u16 = Uint, inferred / reconstructed, "docs/reference/call-conventions.md E3",
        "port (IBM: PORT)";
    IFR_ADDRESS @ 20 address: [u8; 4] = Ipv4, inferred / reconstructed, "docs/reference/call-conventions.md E3",
        "IPv4 address (IBM: ADDRESS)";
    IFR_RESERVED @ 24 reserved: [u8; 8] = Hex, inferred / reconstructed,
        "docs/reference/call-conventions.md E3", "reserved (IBM: RESERVED)";
}

/// An interface name as a stack has them: letters and digits, blank padded.
fn arbitrary_name(u: &mut Unstructured<'_>) -> arbitrary::Result<[u8; 16]> {
    const CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let len = u.int_in_range(0..=16)?;
    let name: String = (0..len)
        .map(|_| u.choose(CHARS).map(|&c| c as char))
        .collect::<Result<_, _>>()?;
    codepage::pad_field(&name, CodePage::Ibm1047).map_err(|_| arbitrary::Error::IncorrectFormat)
}

impl Ifreq {
    /// NAME is EBCDIC text; FAMILY is AF_INET once the stack has filled it, 0 before
    /// (`reconstructed` rule).
    fn check(b: &[u8]) -> Result<(), (usize, String)> {
        if !codepage::is_clean_text(&bytes_at::<16>(b, off::IFR_NAME), CodePage::Ibm1047) {
            return Err((
                off::IFR_NAME,
                "the interface name is not EBCDIC text".into(),
            ));
        }
        let family = u16::from_be_bytes(bytes_at(b, off::IFR_FAMILY));
        if family != 0 && family != u16::from(AF_INET) {
            return Err((
                off::IFR_FAMILY,
                format!("FAMILY is {family} but an ifreq holds an AF_INET (2) address"),
            ));
        }
        Ok(())
    }

    /// A request for interface `name`, as a caller sets it up.
    pub fn for_interface(name: &str) -> Result<Ifreq, codepage::FieldTextError> {
        Ok(Ifreq {
            name: codepage::pad_field(name, CodePage::Ibm1047)?,
            family: 0,
            port: 0,
            address: [0; 4],
            reserved: [0; 8],
        })
    }

    pub fn interface(&self) -> String {
        codepage::field_text(&self.name, CodePage::Ibm1047)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::areas::testutil::for_arbitrary;
    use crate::areas::{Area, AreaError};

    #[test]
    fn arbitrary_round_trips() {
        for_arbitrary(1000, |r: Ifreq| {
            assert_eq!(Ifreq::parse(&r.to_bytes()), Ok(r))
        });
    }

    #[test]
    fn rejects_bad_family() {
        let mut b = Ifreq::for_interface("OSAQDIO1").unwrap().to_bytes();
        assert_eq!(
            &b[..9],
            &[0xD6, 0xE2, 0xC1, 0xD8, 0xC4, 0xC9, 0xD6, 0xF1, 0x40]
        );
        b[17] = 19;
        let e = Ifreq::parse(&b).unwrap_err();
        assert!(
            matches!(&e, AreaError::Invalid { field, offset: 16, .. } if field == "IFR_FAMILY"),
            "{e}"
        );
    }
}
