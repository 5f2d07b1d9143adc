//! BPX callable-service parameter lists (`docs/reference/call-conventions.md` §1-2, `confirmed`).
//!
//! R1 points at a list of addresses, one per parameter. A 31-bit caller (BPX1xxx) passes
//! fullword addresses with the high-order bit set on the last one (the VL bit); a 64-bit caller
//! (BPX4xxx) passes doubleword addresses with no end marker. [`ParmList31`] and [`ParmList64`]
//! build and read any such list; [`IocPlist31`] and [`IocPlist64`] are the w_ioctl lists as
//! areas.

use arbitrary::{Arbitrary, Unstructured};
use binrw::{BinRead, BinResult, BinWrite, Endian};

use super::binrw_area;
use super::{Field, Layout, Prov, Ty};

use Prov::{Confirmed, Reconstructed};

/// The end-of-list bit of a 31-bit parameter list (`confirmed`, B3).
pub const VL_BIT: u32 = 0x8000_0000;

/// w_ioctl's parameters, in order (`confirmed`, B1).
pub const IOC_PARMS: [&str; 7] = [
    "File_descriptor",
    "Command",
    "Argument_length",
    "Argument",
    "Return_value",
    "Return_code",
    "Reason_code",
];

/// Why bytes are not the parameter list expected.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PlistError {
    #[error(
        "parameter {index} at offset {offset}: the VL bit is set before the last of {count} parameters"
    )]
    EarlyEnd {
        index: usize,
        offset: usize,
        count: usize,
    },
    #[error(
        "parameter {index} at offset {offset}: the last parameter does not have the VL bit set"
    )]
    NoEnd { index: usize, offset: usize },
    #[error("the list ends after {len} bytes; {count} parameters need {need}")]
    Short {
        len: usize,
        count: usize,
        need: usize,
    },
}

/// A 31-bit parameter list: the addresses, without the VL bit.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct ParmList31(pub Vec<u32>);

impl ParmList31 {
    /// The list's bytes: fullwords, VL bit on the last.
    pub fn to_bytes(&self) -> Vec<u8> {
        let last = self.0.len().saturating_sub(1);
        self.0
            .iter()
            .enumerate()
            .flat_map(|(i, &a)| (if i == last { a | VL_BIT } else { a & !VL_BIT }).to_be_bytes())
            .collect()
    }

    /// Reads a list of exactly `count` parameters: the VL bit must be on the last and on no
    /// other.
    pub fn parse_count(bytes: &[u8], count: usize) -> Result<ParmList31, PlistError> {
        let need = count * 4;
        if bytes.len() < need {
            return Err(PlistError::Short {
                len: bytes.len(),
                count,
                need,
            });
        }
        let words = bytes
            .chunks_exact(4)
            .take(count)
            .map(|w| u32::from_be_bytes([w[0], w[1], w[2], w[3]]));
        let mut out = Vec::with_capacity(count);
        for (i, w) in words.enumerate() {
            let last = i + 1 == count;
            match (w & VL_BIT != 0, last) {
                (true, false) => {
                    return Err(PlistError::EarlyEnd {
                        index: i + 1,
                        offset: i * 4,
                        count,
                    });
                }
                (false, true) => {
                    return Err(PlistError::NoEnd {
                        index: i + 1,
                        offset: i * 4,
                    });
                }
                _ => out.push(w & !VL_BIT),
            }
        }
        Ok(ParmList31(out))
    }

    /// Reads fullwords up to and including the first with the VL bit, as a service with a
    /// variable list would.
    pub fn parse_vl(bytes: &[u8]) -> Result<ParmList31, PlistError> {
        let mut out = Vec::new();
        for w in bytes.chunks_exact(4) {
            let w = u32::from_be_bytes([w[0], w[1], w[2], w[3]]);
            out.push(w & !VL_BIT);
            if w & VL_BIT != 0 {
                return Ok(ParmList31(out));
            }
        }
        Err(PlistError::NoEnd {
            index: out.len(),
            offset: out.len().saturating_sub(1) * 4,
        })
    }
}

/// A 64-bit parameter list: doubleword addresses, no end marker.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct ParmList64(pub Vec<u64>);

impl ParmList64 {
    pub fn to_bytes(&self) -> Vec<u8> {
        self.0.iter().flat_map(|a| a.to_be_bytes()).collect()
    }

    /// Reads `count` doublewords.
    pub fn parse_count(bytes: &[u8], count: usize) -> Result<ParmList64, PlistError> {
        let need = count * 8;
        if bytes.len() < need {
            return Err(PlistError::Short {
                len: bytes.len(),
                count,
                need,
            });
        }
        Ok(ParmList64(
            bytes
                .chunks_exact(8)
                .take(count)
                .map(|d| u64::from_be_bytes([d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7]]))
                .collect(),
        ))
    }
}

const fn field(name: &'static str, index: usize, width: usize, ty: Ty) -> Field {
    Field {
        name,
        offset: index * width,
        len: width,
        ty,
        prov: Confirmed,
        name_prov: Reconstructed,
        doc: "address of the parameter",
    }
}

macro_rules! ioc_fields {
    ($width:expr, $ty:expr) => {
        &[
            field("PL_File_descriptor", 0, $width, $ty),
            field("PL_Command", 1, $width, $ty),
            field("PL_Argument_length", 2, $width, $ty),
            field("PL_Argument", 3, $width, $ty),
            field("PL_Return_value", 4, $width, $ty),
            field("PL_Return_code", 5, $width, $ty),
            field("PL_Reason_code", 6, $width, $ty),
        ]
    };
}

/// The BPX1IOC parameter list (7 fullword addresses, VL on the last).
pub static PLIST31_LAYOUT: &Layout = &Layout {
    area: "plist31",
    title: "BPX1IOC parameter list",
    member: "TPXPL31",
    struct_name: "BPX1IOC_PLIST",
    size: 28,
    lengths: &[28],
    prov: Confirmed,
    source: "docs/reference/call-conventions.md sections 1-2",
    fields: ioc_fields!(4, Ty::Addr31),
    consts: &[super::Const {
        name: "PL_VL_BIT",
        value: VL_BIT as u64,
        len: 4,
        prov: Confirmed,
        doc: "end-of-list bit on the last address",
    }],
};

/// The BPX4IOC parameter list (7 doubleword addresses).
pub static PLIST64_LAYOUT: &Layout = &Layout {
    area: "plist64",
    title: "BPX4IOC parameter list",
    member: "TPXPL64",
    struct_name: "BPX4IOC_PLIST",
    size: 56,
    lengths: &[56],
    prov: Confirmed,
    source: "docs/reference/call-conventions.md sections 1-2",
    fields: ioc_fields!(8, Ty::Addr64),
    consts: &[],
};

/// The w_ioctl list of a 31-bit caller: the addresses of its seven parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct IocPlist31(pub [u32; 7]);

/// The w_ioctl list of a 64-bit caller.
#[derive(BinRead, BinWrite, Arbitrary, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[brw(big)]
pub struct IocPlist64(pub [u64; 7]);

fn custom(pos: u64, message: String) -> binrw::Error {
    binrw::Error::Custom {
        pos,
        err: Box::new(message),
    }
}

impl BinRead for IocPlist31 {
    type Args<'a> = ();

    fn read_options<R: std::io::Read + std::io::Seek>(
        r: &mut R,
        endian: Endian,
        (): (),
    ) -> BinResult<Self> {
        let mut out = [0u32; 7];
        for (i, slot) in out.iter_mut().enumerate() {
            let pos = r.stream_position()?;
            let w = u32::read_options(r, endian, ())?;
            match (w & VL_BIT != 0, i == 6) {
                (true, false) => {
                    return Err(custom(
                        pos,
                        format!("the VL bit ends the list at parameter {} of 7", i + 1),
                    ));
                }
                (false, true) => {
                    return Err(custom(
                        pos,
                        "the last parameter does not have the VL bit".into(),
                    ));
                }
                _ => *slot = w & !VL_BIT,
            }
        }
        Ok(IocPlist31(out))
    }
}

impl BinWrite for IocPlist31 {
    type Args<'a> = ();

    fn write_options<W: std::io::Write + std::io::Seek>(
        &self,
        w: &mut W,
        endian: Endian,
        (): (),
    ) -> BinResult<()> {
        for (i, a) in self.0.iter().enumerate() {
            let word = if i == 6 { a | VL_BIT } else { a & !VL_BIT };
            word.write_options(w, endian, ())?;
        }
        Ok(())
    }
}

impl<'a> Arbitrary<'a> for IocPlist31 {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        let raw: [u32; 7] = u.arbitrary()?;
        Ok(IocPlist31(raw.map(|a| a & !VL_BIT)))
    }
}

binrw_area!(IocPlist31, PLIST31_LAYOUT);

binrw_area!(IocPlist64, PLIST64_LAYOUT);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::areas::testutil::{assert_tiles, for_arbitrary};
    use crate::areas::{Area, AreaError};

    #[test]
    fn layouts_tile() {
        assert_tiles(PLIST31_LAYOUT);
        assert_tiles(PLIST64_LAYOUT);
    }

    #[test]
    fn arbitrary_round_trips() {
        for_arbitrary(1000, |p: IocPlist31| {
            assert_eq!(IocPlist31::parse(&p.to_bytes()), Ok(p))
        });
        for_arbitrary(1000, |p: IocPlist64| {
            assert_eq!(IocPlist64::parse(&p.to_bytes()), Ok(p))
        });
    }

    #[test]
    fn vl_bit_rules() {
        let list = ParmList31(vec![0x100, 0x104, 0x108]);
        let b = list.to_bytes();
        assert_eq!(&b[8..], &[0x80, 0, 1, 8]);
        assert_eq!(ParmList31::parse_count(&b, 3), Ok(list.clone()));
        assert_eq!(ParmList31::parse_vl(&b), Ok(list));
        assert_eq!(
            ParmList31::parse_count(&b, 2),
            Err(PlistError::NoEnd {
                index: 2,
                offset: 4
            })
        );
        assert_eq!(
            ParmList31::parse_count(&b, 4),
            Err(PlistError::Short {
                len: 12,
                count: 4,
                need: 16
            })
        );
        assert!(matches!(
            ParmList31::parse_vl(&b[..8]),
            Err(PlistError::NoEnd { .. })
        ));
        let mut bad = IocPlist31([0x1000; 7]).to_bytes();
        bad[8] |= 0x80;
        let e = IocPlist31::parse(&bad).unwrap_err();
        assert!(
            matches!(&e, AreaError::Invalid { field, offset: 8, .. } if field == "PL_Argument_length"),
            "{e}"
        );
        let l64 = ParmList64(vec![0x1_0000_0000, 2]);
        assert_eq!(ParmList64::parse_count(&l64.to_bytes(), 2), Ok(l64));
    }
}
