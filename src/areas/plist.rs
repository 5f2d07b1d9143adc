//! BPX callable-service parameter lists (`docs/reference/call-conventions.md` §1-2, `confirmed`).
//!
//! R1 points at a list of addresses, one per parameter. A 31-bit caller (BPX1xxx) passes
//! fullword addresses with the high-order bit set on the last one (the VL bit); a 64-bit caller
//! (BPX4xxx) passes doubleword addresses with no end marker. [`ParmList31`] and [`ParmList64`]
//! build and read any such list; [`IocPlist31`] and [`IocPlist64`] are the w_ioctl lists as
//! areas.

use arbitrary::Unstructured;

use super::{Prov, area, constants};

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

constants! {
    /// The end-of-list bit of a 31-bit parameter list.
    const PLIST31_CONSTS = [
        PL_VL_BIT: u32 = 0x8000_0000, confirmed, "docs/reference/call-conventions.md B3",
            "end-of-list bit on the last address";
    ];
}

/// The end-of-list bit of a 31-bit parameter list.
pub const VL_BIT: u32 = PL_VL_BIT;

area! {
    /// BPX1IOC parameter list: the addresses of w_ioctl's seven parameters.
    pub struct IocPlist31 {
        base: 0,
        offsets: plist31_off,
        check: IocPlist31::check,
        arbitrary: IocPlist31::arbitrary_list,
        layout: PLIST31_LAYOUT {
            area: "plist31",
            title: "BPX1IOC parameter list",
            member: "TPXPL31",
            struct_name: "BPX1IOC_PLIST",
            prov: Prov::Confirmed,
            source: "docs/reference/call-conventions.md sections 1-2",
            consts: &[PLIST31_CONSTS],
        },
    }
    PL_File_descriptor @ 0 file_descriptor: u32 = Addr31, confirmed / reconstructed,
        "docs/reference/call-conventions.md B1 B3", "address of the parameter";
    PL_Command @ 4 command: u32 = Addr31, confirmed / reconstructed,
        "docs/reference/call-conventions.md B1 B3", "address of the parameter";
    PL_Argument_length @ 8 argument_length: u32 = Addr31, confirmed / reconstructed,
        "docs/reference/call-conventions.md B1 B3", "address of the parameter";
    PL_Argument @ 12 argument: u32 = Addr31, confirmed / reconstructed,
        "docs/reference/call-conventions.md B1 B3", "address of the parameter";
    PL_Return_value @ 16 return_value: u32 = Addr31, confirmed / reconstructed,
        "docs/reference/call-conventions.md B1 B3", "address of the parameter";
    PL_Return_code @ 20 return_code: u32 = Addr31, confirmed / reconstructed,
        "docs/reference/call-conventions.md B1 B3", "address of the parameter";
    PL_Reason_code @ 24 reason_code: u32 = Addr31, confirmed / reconstructed,
        "docs/reference/call-conventions.md B1 B3", "address of the parameter";
}

area! {
    /// BPX4IOC parameter list: the addresses of w_ioctl's seven parameters.
    pub struct IocPlist64 {
        base: 0,
        offsets: plist64_off,
        layout: PLIST64_LAYOUT {
            area: "plist64",
            title: "BPX4IOC parameter list",
            member: "TPXPL64",
            struct_name: "BPX4IOC_PLIST",
            prov: Prov::Confirmed,
            source: "docs/reference/call-conventions.md sections 1-2",
            consts: &[],
        },
    }
    PL_File_descriptor @ 0 file_descriptor: u64 = Addr64, confirmed / reconstructed,
        "docs/reference/call-conventions.md B1 B3", "address of the parameter";
    PL_Command @ 8 command: u64 = Addr64, confirmed / reconstructed,
        "docs/reference/call-conventions.md B1 B3", "address of the parameter";
    PL_Argument_length @ 16 argument_length: u64 = Addr64, confirmed / reconstructed,
        "docs/reference/call-conventions.md B1 B3", "address of the parameter";
    PL_Argument @ 24 argument: u64 = Addr64, confirmed / reconstructed,
        "docs/reference/call-conventions.md B1 B3", "address of the parameter";
    PL_Return_value @ 32 return_value: u64 = Addr64, confirmed / reconstructed,
        "docs/reference/call-conventions.md B1 B3", "address of the parameter";
    PL_Return_code @ 40 return_code: u64 = Addr64, confirmed / reconstructed,
        "docs/reference/call-conventions.md B1 B3", "address of the parameter";
    PL_Reason_code @ 48 reason_code: u64 = Addr64, confirmed / reconstructed,
        "docs/reference/call-conventions.md B1 B3", "address of the parameter";
}

impl IocPlist64 {
    /// The list for these addresses.
    pub fn new(addresses: [u64; 7]) -> IocPlist64 {
        let [a, b, c, d, e, f, g] = addresses;
        IocPlist64 {
            file_descriptor: a,
            command: b,
            argument_length: c,
            argument: d,
            return_value: e,
            return_code: f,
            reason_code: g,
        }
    }
}

impl IocPlist31 {
    /// The list for these addresses, the VL bit on the last.
    pub fn new(addresses: [u32; 7]) -> IocPlist31 {
        let [a, b, c, d, e, f, g] = addresses.map(|a| a & !VL_BIT);
        IocPlist31 {
            file_descriptor: a,
            command: b,
            argument_length: c,
            argument: d,
            return_value: e,
            return_code: f,
            reason_code: g | VL_BIT,
        }
    }

    /// Any seven addresses, as [`IocPlist31::new`] lists them.
    fn arbitrary_list(u: &mut Unstructured<'_>) -> arbitrary::Result<IocPlist31> {
        Ok(IocPlist31::new(u.arbitrary()?))
    }

    /// The VL bit is on the last address and on no other.
    fn check(b: &[u8]) -> Result<(), (usize, String)> {
        for i in 0..7 {
            let vl = b[i * 4] & 0x80 != 0;
            match (vl, i == 6) {
                (true, false) => {
                    return Err((
                        i * 4,
                        format!("the VL bit ends the list at parameter {} of 7", i + 1),
                    ));
                }
                (false, true) => {
                    return Err((i * 4, "the last parameter does not have the VL bit".into()));
                }
                _ => {}
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::areas::testutil::for_arbitrary;
    use crate::areas::{Area, AreaError};

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
        let mut bad = IocPlist31::new([0x1000; 7]).to_bytes();
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
