//! The 32-byte ifreq of the SIOCGIF* ioctls (`docs/reference/call-conventions.md` §7.3: IBM's EZASOKET IOCTL
//! IFREQ, `confirmed`; offsets `inferred` by adding up the sizes, and matching the X'20' length
//! in the X'C020....' command words).

use arbitrary::{Arbitrary, Unstructured};
use binrw::{BinRead, BinWrite};

use super::binrw_area;
use super::sockaddr::AF_INET;
use super::{Field, Layout, Prov, Ty, ensure, read_bytes, write_bytes};
use crate::codepage::{self, CodePage};

use Prov::{Confirmed, Inferred, Reconstructed};

/// ifreq field table. IBM's COBOL names are NAME, FAMILY, PORT, ADDRESS, RESERVED
/// (`confirmed`); the `IFR_` names are ours, so the copybooks do not collide with other areas.
pub static LAYOUT: &Layout = &Layout {
    area: "ifreq",
    title: "ifreq",
    member: "TPXIFREQ",
    struct_name: "IFREQ",
    size: 32,
    lengths: &[32],
    prov: Confirmed,
    source: "docs/reference/call-conventions.md section 7.3",
    fields: &[
        Field::new(
            "IFR_NAME",
            0,
            16,
            Ty::Char,
            (Inferred, Reconstructed),
            "interface name, EBCDIC, blank padded (IBM: NAME)",
        ),
        Field::new(
            "IFR_FAMILY",
            16,
            2,
            Ty::Uint,
            (Inferred, Reconstructed),
            "address family, AF_INET (IBM: FAMILY)",
        ),
        Field::new(
            "IFR_PORT",
            18,
            2,
            Ty::Uint,
            (Inferred, Reconstructed),
            "port (IBM: PORT)",
        ),
        Field::new(
            "IFR_ADDRESS",
            20,
            4,
            Ty::Ipv4,
            (Inferred, Reconstructed),
            "IPv4 address (IBM: ADDRESS)",
        ),
        Field::new(
            "IFR_RESERVED",
            24,
            8,
            Ty::Hex,
            (Inferred, Reconstructed),
            "reserved (IBM: RESERVED)",
        ),
    ],
    consts: &[],
};

/// ifreq.
#[derive(BinRead, BinWrite, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[brw(big)]
pub struct Ifreq {
    /// +0 NAME, EBCDIC interface name, blank padded.
    #[br(parse_with = read_bytes, try_map = |name: [u8; 16]| ensure(name, codepage::is_clean_text(&name, CodePage::Ibm1047), || "the interface name is not EBCDIC text".into()))]
    #[bw(write_with = write_bytes)]
    pub name: [u8; 16],
    /// +16 FAMILY: AF_INET once the stack has filled it, 0 before (`reconstructed` rule).
    #[br(try_map = |family: u16| ensure(family, family == 0 || family == u16::from(AF_INET), || format!("FAMILY is {} but an ifreq holds an AF_INET (2) address", family)))]
    pub family: u16,
    /// +18 PORT.
    pub port: u16,
    /// +20 ADDRESS.
    #[br(parse_with = read_bytes)]
    #[bw(write_with = write_bytes)]
    pub address: [u8; 4],
    /// +24 RESERVED.
    #[br(parse_with = read_bytes)]
    #[bw(write_with = write_bytes)]
    pub reserved: [u8; 8],
}

impl Ifreq {
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

impl<'a> Arbitrary<'a> for Ifreq {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        const CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        let len = u.int_in_range(0..=16)?;
        let name: String = (0..len)
            .map(|_| u.choose(CHARS).map(|&c| c as char))
            .collect::<Result<_, _>>()?;
        let mut r = Ifreq::for_interface(&name).map_err(|_| arbitrary::Error::IncorrectFormat)?;
        r.family = *u.choose(&[0, u16::from(AF_INET)])?;
        r.port = u.arbitrary()?;
        r.address = u.arbitrary()?;
        r.reserved = u.arbitrary()?;
        Ok(r)
    }
}

binrw_area!(Ifreq, LAYOUT);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::areas::testutil::{assert_tiles, for_arbitrary};
    use crate::areas::{Area, AreaError};

    #[test]
    fn layout_tiles() {
        assert_tiles(LAYOUT);
    }

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
