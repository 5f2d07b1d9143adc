//! An address space's storage, as a program on z/OS sees it: areas obtained below the line
//! (16M, 24-bit addresses), below the bar (2G, 31-bit) or above the bar (64-bit), read and
//! written as bytes, halfwords, fullwords and doublewords, big-endian. Touching storage that is
//! not obtained, or changing the system's control blocks, is a [`Fault`]; the API layers report
//! it as EFAULT with JRBadAddress, never as a panic.
//!
//! Where areas are placed is the project's (`reconstructed`): below the line from X'00008000'
//! (the first 32K stay unobtainable, as low storage and the PSA are not the program's), below
//! the bar from X'01000000', above the bar from X'00000001_00000000' (the 2G-4G range above the
//! bar is not used, as on z/OS). Areas are doubleword aligned.

use std::collections::BTreeMap;

use crate::areas::dump::ipcs;
use crate::codepage::CodePage;

/// The line: 16M, the top of 24-bit storage (`confirmed`, z/Architecture addressing).
pub const LINE: u64 = 0x0100_0000;
/// The bar: 2G, the top of 31-bit storage (`confirmed`).
pub const BAR: u64 = 0x8000_0000;

/// The largest area one obtain gives (`reconstructed`): 2G, so a wild length from a program
/// is an error rather than more memory than the host has.
pub const MAX_AREA: u64 = BAR;

const BELOW_LINE_START: u64 = 0x0000_8000;

/// The control-block fields [`Storage::with_control_blocks`] fills (`third-party`, see there).
pub const FLCCVT: u64 = 0x10;
pub const CVTECVT: u64 = 0x8C;
pub const CVTSNAME: u64 = 0x154;
pub const ECVTSPLX: u64 = 0x08;
/// The PSA is the 8K prefix area of z/Architecture (`confirmed`, Principles of Operation);
/// the CVT's and ECVT's lengths here only need to cover the fields filled (`reconstructed`).
const PSA_LEN: usize = 0x2000;
const CVT_LEN: u64 = 0x500;
const ECVT_LEN: u64 = 0x400;
const ABOVE_BAR_START: u64 = 0x1_0000_0000;

/// Where an area is to be obtained.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Loc {
    /// Below the line (24-bit).
    Below16M,
    /// Below the bar (31-bit).
    Below2G,
    /// Above the bar (64-bit).
    Above2G,
}

impl Loc {
    fn range(self) -> (u64, u64) {
        match self {
            Loc::Below16M => (BELOW_LINE_START, LINE),
            Loc::Below2G => (LINE, BAR),
            Loc::Above2G => (ABOVE_BAR_START, u64::MAX),
        }
    }
}

/// Storage that is not there.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Fault {
    #[error("{len} bytes at X'{addr:X}' are not all obtained storage")]
    NotObtained { addr: u64, len: u64 },
    #[error("no area starts at X'{0:X}'")]
    NotAnArea(u64),
    #[error("{len} bytes cannot be obtained {loc:?}")]
    NoRoom { len: u64, loc: Loc },
    #[error("{len} bytes at X'{addr:X}' are the system's, protected from the program")]
    Protected { addr: u64, len: u64 },
}

#[derive(Clone, Debug)]
struct Area {
    bytes: Vec<u8>,
    /// The system's own (PSA, CVT, ECVT): a program may read it, not change it, as key-0
    /// storage is to a problem-state program.
    protected: bool,
}

/// One address space's storage.
#[derive(Clone, Debug, Default)]
pub struct Storage {
    /// Obtained areas by start address.
    areas: BTreeMap<u64, Area>,
}

impl Storage {
    pub fn new() -> Storage {
        Storage::default()
    }

    /// Obtains `len` bytes of zeroed storage at the lowest free doubleword-aligned address of
    /// `loc`.
    pub fn obtain(&mut self, len: u64, loc: Loc) -> Result<u64, Fault> {
        let (lo, hi) = loc.range();
        let size = len
            .max(1)
            .checked_add(7)
            .ok_or(Fault::NoRoom { len, loc })?
            & !7;
        let mut at = lo;
        for (start, a) in self.areas.range(lo..) {
            if start.saturating_sub(at) >= size {
                break;
            }
            // An empty area still takes its doubleword: the next one may not share its address.
            at = at.max((start + (a.bytes.len() as u64).max(1) + 7) & !7);
        }
        let end = at.checked_add(size).ok_or(Fault::NoRoom { len, loc })?;
        if end > hi || len > MAX_AREA {
            return Err(Fault::NoRoom { len, loc });
        }
        self.areas.insert(
            at,
            Area {
                bytes: vec![0; len as usize],
                protected: false,
            },
        );
        Ok(at)
    }

    /// Obtains an area holding `bytes`.
    pub fn obtain_with(&mut self, bytes: &[u8], loc: Loc) -> Result<u64, Fault> {
        let at = self.obtain(bytes.len() as u64, loc)?;
        self.write(at, bytes)?;
        Ok(at)
    }

    /// Storage with the system's control blocks a program finds from location 0: the PSA at 0
    /// (FLCCVT at X'10' points to the CVT), the CVT (CVTECVT at X'8C', CVTSNAME at X'154', the
    /// system name) and the ECVT (ECVTSPLX at X'08', the sysplex name), names in EBCDIC padded
    /// with blanks. The offsets are MVS Data Areas' (`third-party`: public code that reads
    /// them walks this chain); the blocks' other fields are zero and where the CVT and ECVT sit
    /// is the project's (`reconstructed`).
    pub fn with_control_blocks(sysname: &str, sysplex: &str) -> Storage {
        let mut st = Storage::new();
        st.areas.insert(
            0,
            Area {
                bytes: vec![0; PSA_LEN],
                protected: false,
            },
        );
        let name8 =
            |n: &str| crate::codepage::pad_field::<8>(n, CodePage::Ibm1047).unwrap_or([0x40; 8]);
        let cvt = st.obtain(CVT_LEN, Loc::Below16M);
        let ecvt = st.obtain(ECVT_LEN, Loc::Below16M);
        if let (Ok(cvt), Ok(ecvt)) = (cvt, ecvt) {
            let _ = st.write_u32(FLCCVT, cvt as u32);
            let _ = st.write_u32(cvt + CVTECVT, ecvt as u32);
            let _ = st.write(cvt + CVTSNAME, &name8(sysname));
            let _ = st.write(ecvt + ECVTSPLX, &name8(sysplex));
        }
        for a in st.areas.values_mut() {
            a.protected = true;
        }
        st
    }

    /// Releases the area that starts at `addr`.
    pub fn release(&mut self, addr: u64) -> Result<(), Fault> {
        self.areas
            .remove(&addr)
            .map(|_| ())
            .ok_or(Fault::NotAnArea(addr))
    }

    /// Where `len` bytes at `addr` sit in the area that holds them: (offset, end).
    fn within(start: u64, a: &Area, addr: u64, len: u64) -> Option<(usize, usize)> {
        let off = addr - start;
        let end = off.checked_add(len)?;
        (end <= a.bytes.len() as u64).then_some((off as usize, end as usize))
    }

    /// `len` bytes at `addr`, all within one area.
    pub fn slice(&self, addr: u64, len: u64) -> Result<&[u8], Fault> {
        let fault = Fault::NotObtained { addr, len };
        let (start, a) = self.areas.range(..=addr).next_back().ok_or(fault)?;
        let (off, end) = Storage::within(*start, a, addr, len).ok_or(fault)?;
        Ok(&a.bytes[off..end])
    }

    /// `len` bytes at `addr` to change in place, all within one area the program may change.
    pub fn slice_mut(&mut self, addr: u64, len: u64) -> Result<&mut [u8], Fault> {
        let fault = Fault::NotObtained { addr, len };
        let (start, a) = self.areas.range_mut(..=addr).next_back().ok_or(fault)?;
        let (off, end) = Storage::within(*start, a, addr, len).ok_or(fault)?;
        if a.protected {
            return Err(Fault::Protected { addr, len });
        }
        Ok(&mut a.bytes[off..end])
    }

    pub fn read(&self, addr: u64, len: u64) -> Result<Vec<u8>, Fault> {
        self.slice(addr, len).map(<[u8]>::to_vec)
    }

    pub fn write(&mut self, addr: u64, bytes: &[u8]) -> Result<(), Fault> {
        self.slice_mut(addr, bytes.len() as u64)?
            .copy_from_slice(bytes);
        Ok(())
    }

    fn array<const N: usize>(&self, addr: u64) -> Result<[u8; N], Fault> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.slice(addr, N as u64)?);
        Ok(out)
    }

    pub fn read_u16(&self, addr: u64) -> Result<u16, Fault> {
        self.array(addr).map(u16::from_be_bytes)
    }

    pub fn read_u32(&self, addr: u64) -> Result<u32, Fault> {
        self.array(addr).map(u32::from_be_bytes)
    }

    pub fn read_u64(&self, addr: u64) -> Result<u64, Fault> {
        self.array(addr).map(u64::from_be_bytes)
    }

    pub fn write_u16(&mut self, addr: u64, v: u16) -> Result<(), Fault> {
        self.write(addr, &v.to_be_bytes())
    }

    pub fn write_u32(&mut self, addr: u64, v: u32) -> Result<(), Fault> {
        self.write(addr, &v.to_be_bytes())
    }

    pub fn write_u64(&mut self, addr: u64, v: u64) -> Result<(), Fault> {
        self.write(addr, &v.to_be_bytes())
    }

    /// `len` bytes at `addr` as IPCS shows storage.
    pub fn dump(&self, addr: u64, len: u64) -> Result<String, Fault> {
        Ok(ipcs(self.slice(addr, len)?, addr, CodePage::Ibm1047))
    }

    /// The obtained areas: (start, length), in address order.
    pub fn areas(&self) -> impl Iterator<Item = (u64, u64)> + '_ {
        self.areas.iter().map(|(s, a)| (*s, a.bytes.len() as u64))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cvt_chain_names_the_system_and_the_sysplex() {
        let s = Storage::with_control_blocks("SYS1", "PLEX1");
        let cvt = u64::from(s.read_u32(FLCCVT).unwrap());
        assert!(cvt > 0 && cvt < LINE);
        let name = s.read(cvt + CVTSNAME, 8).unwrap();
        assert_eq!(CodePage::Ibm1047.decode(&name), "SYS1    ");
        let ecvt = u64::from(s.read_u32(cvt + CVTECVT).unwrap());
        let plex = s.read(ecvt + ECVTSPLX, 8).unwrap();
        assert_eq!(CodePage::Ibm1047.decode(&plex), "PLEX1   ");
        assert!(s.read(PSA_LEN as u64, 1).is_err());
        let mut s = s;
        assert_eq!(
            s.write(FLCCVT, &[0; 4]),
            Err(Fault::Protected { addr: 0x10, len: 4 })
        );
    }

    #[test]
    fn areas_go_where_they_are_asked_for() {
        let mut s = Storage::new();
        let a = s.obtain(100, Loc::Below16M).unwrap();
        let b = s.obtain(1, Loc::Below16M).unwrap();
        let c = s.obtain(8, Loc::Below2G).unwrap();
        let d = s.obtain(8, Loc::Above2G).unwrap();
        assert_eq!((a, b, c, d), (0x8000, 0x8068, LINE, 0x1_0000_0000));
        s.release(a).unwrap();
        assert_eq!(
            s.obtain(104, Loc::Below16M),
            Ok(0x8000),
            "the hole is reused"
        );
        assert_eq!(s.release(0x8001), Err(Fault::NotAnArea(0x8001)));
        assert_eq!(
            s.obtain(LINE, Loc::Below16M),
            Err(Fault::NoRoom {
                len: LINE,
                loc: Loc::Below16M
            })
        );
        assert!(s.obtain(u64::MAX, Loc::Above2G).is_err());
        assert!(s.obtain(MAX_AREA + 1, Loc::Above2G).is_err());
    }

    #[test]
    fn big_endian_words_and_faults() {
        let mut s = Storage::new();
        let a = s.obtain(16, Loc::Below2G).unwrap();
        s.write_u32(a, 0xC000_F612).unwrap();
        s.write_u16(a + 4, 0x0102).unwrap();
        s.write_u64(a + 8, 0x1122_3344_5566_7788).unwrap();
        assert_eq!(s.read(a, 6).unwrap(), [0xC0, 0x00, 0xF6, 0x12, 1, 2]);
        assert_eq!(s.read_u32(a), Ok(0xC000_F612));
        assert_eq!(s.read_u16(a + 4), Ok(0x0102));
        assert_eq!(s.read_u64(a + 8), Ok(0x1122_3344_5566_7788));
        // One byte past the end, before the start, far away, and wrapping the address space.
        for (addr, len) in [(a + 13, 4), (a - 1, 2), (0, 1), (u64::MAX, 2)] {
            assert_eq!(
                s.read(addr, len),
                Err(Fault::NotObtained { addr, len }),
                "{addr:X}"
            );
        }
        assert!(s.write_u32(a + 14, 0).is_err());
        assert_eq!(
            s.read(a, 16).unwrap()[14..],
            [0x77, 0x88],
            "a failed write changes nothing"
        );
        assert_eq!(
            s.dump(a, 8).unwrap(),
            " 01000000.  C000F612 01020000                    |{.6.....        |\n"
        );
    }
}
