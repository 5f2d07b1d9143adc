//! ioctl command words: IBM's table of socket ioctls, and a decoder of any 32-bit word into
//! direction, argument length, group and number (`docs/reference/trusted-tcp.md` §1).
//!
//! The word layout (`inferred` there, decoded from the third-party table): bits 31-29 the
//! direction, 28-16 the argument length (0 = variable, passed separately), 15-8 the group (an
//! EBCDIC character), 7-0 the command number.

use arbitrary::Arbitrary;
use binrw::{BinRead, BinWrite};

use super::{Area, Const, Layout, Prov, binrw_area, constants, fields, named};
use crate::codepage::CodePage;

constants! {
    /// The word's masks (`inferred`, `docs/reference/trusted-tcp.md` §1).
    const IOC_MASKS = [
        IOC_VOID: u32 = 0x2000_0000, inferred, "docs/reference/trusted-tcp.md §1", "direction: no argument";
        IOC_OUT: u32 = 0x4000_0000, inferred, "docs/reference/trusted-tcp.md §1", "direction: returned";
        IOC_IN: u32 = 0x8000_0000, inferred, "docs/reference/trusted-tcp.md §1", "direction: supplied";
        IOC_INOUT: u32 = 0xC000_0000, inferred, "docs/reference/trusted-tcp.md §1", "direction: both";
        IOC_DIRMASK: u32 = 0xE000_0000, inferred, "docs/reference/trusted-tcp.md §1", "direction bits";
        IOCPARM_MASK: u32 = 0x1FFF, inferred, "docs/reference/trusted-tcp.md §1", "length mask, after >> 16";
    ];
}

constants! {
    /// Every z/OS socket ioctl command the reference knows, with its argument. Command values
    /// `third-party` (S1, S19, S2) unless `confirmed` by IBM; the first entry for a value is
    /// its canonical name.
    pub const COMMANDS = [
        SIOCSHIWAT: u32 = 0x8004_A700, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "int";
        SIOCGHIWAT: u32 = 0x4004_A701, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "int";
        SIOCSLOWAT: u32 = 0x8004_A702, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "int";
        SIOCGLOWAT: u32 = 0x4004_A703, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "int";
        SIOCATMARK: u32 = 0x4004_A707, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "int: at the out-of-band mark";
        SIOCSPGRP: u32 = 0x8004_A708, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "int";
        SIOCGPGRP: u32 = 0x4004_A709, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "int";
        SIOCADDRT: u32 = 0x8030_A70A, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "route entry";
        SIOCDELRT: u32 = 0x8030_A70B, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "route entry";
        SIOMETRIC1RT: u32 = 0x8030_A70C, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "route entry";
        SIOCSIFADDR: u32 = 0x8020_A70C, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "ifreq";
        SIOCGIFADDR: u32 = 0xC020_A70D, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "ifreq";
        SIOCSIFDSTADDR: u32 = 0x8020_A70E, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "ifreq";
        SIOCGIFDSTADDR: u32 = 0xC020_A70F, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "ifreq";
        SIOCSIFFLAGS: u32 = 0x8020_A710, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "ifreq";
        SIOCGIFFLAGS: u32 = 0xC020_A711, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "ifreq";
        SIOCGIFBRDADDR: u32 = 0xC020_A712, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "ifreq";
        SIOCSIFBRDADDR: u32 = 0x8020_A713, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "ifreq";
        SIOCGIFCONF: u32 = 0xC008_A714, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "ifconf (31-bit pointer)";
        SIOCGIFCONF64: u32 = 0xC00C_A714, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "ifconf (64-bit pointer)";
        SIOCGIFNETMASK: u32 = 0xC020_A715, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "ifreq";
        SIOCSIFNETMASK: u32 = 0x8020_A716, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "ifreq";
        SIOCGIFMETRIC: u32 = 0xC020_A717, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "ifreq";
        SIOCSIFMETRIC: u32 = 0x8020_A718, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "ifreq";
        SIOCSARP: u32 = 0x8024_A71E, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "arpreq";
        SIOCGARP: u32 = 0xC024_A71F, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "arpreq";
        SIOCDARP: u32 = 0x8024_A720, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "arpreq";
        SIOCGIFCONF6: u32 = 0xC018_A722, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "";
        SIOCGIPMSFILTER: u32 = 0xC000_A724, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "IPv4 multicast source filter";
        SIOCSIPMSFILTER: u32 = 0x8000_A725, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "IPv4 multicast source filter";
        SIOCGIFMTU: u32 = 0xC020_A726, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "ifreq";
        FIOGETOWN: u32 = 0x4004_A77B, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "int";
        FIOSETOWN: u32 = 0x8004_A77C, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "int";
        FIOASYNC: u32 = 0x8004_A77D, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "int";
        FIONBIO: u32 = 0x8004_A77E, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "int: nonzero = nonblocking";
        FIONREAD: u32 = 0x4004_A77F, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "int: bytes ready to read";
        FIONWRITE: u32 = 0x4004_A78A, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "int";
        SIOCSECENVR: u32 = 0xC012_A78B, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "";
        SIOCGIFNAMEINDEX: u32 = 0x4000_F603, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "interface name/index list";
        SIOCMSADDRT6: u32 = 0x8044_F604, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "";
        SIOCMSDELRT6: u32 = 0x8044_F605, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "";
        SIOCGRT6TABLE: u32 = 0xC014_F606, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "";
        SIOCGRT6TABLE64: u32 = 0xC018_F606, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "";
        SIOCMSRBRT6TABLE: u32 = 0x8000_F607, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "";
        SIOCGHOMEIF6: u32 = 0xC014_F608, confirmed, "docs/reference/trusted-tcp.md S15", "IBM COBOL sample value 3222599176";
        SIOCGHOMEIF664: u32 = 0xC018_F608, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "";
        SIOCMSRBHOMEIF6: u32 = 0x8000_F609, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "";
        SIOCMSCHGRT6METRIC: u32 = 0x8044_F60A, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "";
        SIOCMSMODHOMEIF6: u32 = 0x8008_F60B, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "";
        SIOCMSADDRT6V2: u32 = 0x8058_F60C, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "";
        SIOCMSDELRT6V2: u32 = 0x8058_F60D, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "";
        SIOCMSCHGRT6METRICV2: u32 = 0x8058_F60E, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "";
        SIOCGMSFILTER: u32 = 0xC000_F610, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "multicast source filter";
        SIOCSMSFILTER: u32 = 0x8000_F611, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "multicast source filter";
        SIOCGPARTNERINFO: u32 = 0xC000_F612, confirmed, "docs/reference/trusted-tcp.md S6", "PartnerInfo (TPXPINFO)";
        SIOCSPARTNERINFO: u32 = 0x8004_F613, confirmed, "docs/reference/trusted-tcp.md S7", "fullword request type";
        SIOCGMONDATA: u32 = 0xC018_D902, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "";
        SIOCGSPLXFQDN: u32 = 0xC018_D905, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "sysplex FQDN";
        SIOCTTLSCTL: u32 = 0xC038_D90B, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "AT-TLS control";
        SIOCSAPPLDATA: u32 = 0x8018_D90C, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "SetApplData";
        SIOCGRTTABLE: u32 = 0xC008_C980, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "";
        SIOCGRTTABLE64: u32 = 0xC00C_C980, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "";
        SIOCSETRTTD: u32 = 0x8008_C981, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "";
        SIOCMSMODHOMEIF: u32 = 0x8008_C983, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "";
        SIOCMSMODHOMEIFV2: u32 = 0x8016_C984, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "";
        SIOCMSADDRTV2: u32 = 0x8054_C985, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "";
        SIOCMSDELRTV2: u32 = 0x8054_C986, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "";
        SIOMSMETRIC1RTV2: u32 = 0x8054_C987, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "";
        SECIGET: u32 = 0x4010_E401, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "";
        FIOFCTLNBIO: u32 = 0x0000_E402, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "";
        SECIGET_T: u32 = 0x4028_E403, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "";
        SIOCTIEDESTHRD: u32 = 0x8004_E404, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "";
        SIOCGSOCKPOEATTRS: u32 = 0x4000_D305, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "";
        SIOCGFDPOEATTRS: u32 = 0x4000_D306, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "";
        SIOCGSOCKMLSINFO: u32 = 0x4000_D307, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "";
        SIOCSETTKN: u32 = 0x8008_139A, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "";
        SETFACL: u32 = 0x0000_D301, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "";
        GETFACL: u32 = 0x0000_D302, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "";
        IOCC_EDITACL: u32 = 0x2000_C100, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "";
        IOCC_ILINK: u32 = 0x4004_E21A, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "";
        TIOCNOTIFY: u32 = 0x8001_A364, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "";
        TIOCSWINSZ: u32 = 0x8008_A367, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "winsize";
        TIOCGWINSZ: u32 = 0x4008_A368, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "winsize";
        TIOCNOTTY: u32 = 0x2000_A771, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "";
        TIOCGPGRP: u32 = 0x4004_A777, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "int";
        IOCC_GETPATHNAME: u32 = 17, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "plain number: path name of a descriptor";
        IOCC_GETPATHNAMEREL: u32 = 19, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "plain number";
        IOCC_TCI: u32 = 5000, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "plain number";
        IOCC_TCC: u32 = 5001, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "plain number";
        IOCC_TCS: u32 = 5002, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "plain number";
        IOCC_TCR: u32 = 5003, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "plain number";
        IOCC_TCG: u32 = 5004, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "plain number";
        IOCC_TCCE: u32 = 5006, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "plain number";
        SIOCMSDELRT: u32 = 5007, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "plain number";
        SIOCMSADDRT: u32 = 5008, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "plain number";
        SIOCMSSIFADDR: u32 = 5009, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "plain number";
        SIOCMSSIFFLAGS: u32 = 5010, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "plain number";
        SIOCMSSIFDSTADDR: u32 = 5011, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "plain number";
        SIOCMSSIFBRDADDR: u32 = 5012, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "plain number";
        SIOCMSSIFNETMASK: u32 = 5013, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "plain number";
        SIOCMSSIFMETRIC: u32 = 5014, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "plain number";
        SIOCMSRBRTTABLE: u32 = 5015, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "plain number";
        SIOMSMETRIC1RT: u32 = 5016, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "plain number";
        SIOCMSICMPREDIRECT: u32 = 5017, third_party, "docs/reference/trusted-tcp.md S1 S2 S19", "plain number";
    ];
}

/// Largest Argument_length BPX1IOC/BPX4IOC accept (`confirmed`, B1: 0-51 200).
pub const IOCC_ARG_MAX: u32 = 51_200;

/// The direction part of a command word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// No direction bits: a plain number such as IOCC_GETPATHNAME, or a command with none.
    None,
    /// `_IO`: no argument.
    Void,
    /// `_IOR`: the argument is returned.
    Out,
    /// `_IOW`: the caller supplies the argument.
    In,
    /// `_IOWR`: supplied and returned.
    InOut,
    /// Bits that no z/OS command uses (X'60000000', X'A0000000', X'E0000000').
    Other(u32),
}

const DIRECTIONS: &[Const] = &[
    named(
        0,
        "none",
        Prov::Inferred,
        "docs/reference/trusted-tcp.md §1",
    ),
    named(
        1,
        "void (_IO)",
        Prov::Inferred,
        "docs/reference/trusted-tcp.md §1",
    ),
    named(
        2,
        "out (_IOR)",
        Prov::Inferred,
        "docs/reference/trusted-tcp.md §1",
    ),
    named(
        4,
        "in (_IOW)",
        Prov::Inferred,
        "docs/reference/trusted-tcp.md §1",
    ),
    named(
        6,
        "in/out (_IOWR)",
        Prov::Inferred,
        "docs/reference/trusted-tcp.md §1",
    ),
];

/// A 32-bit ioctl command word.
#[derive(BinRead, BinWrite, Arbitrary, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[brw(big)]
pub struct IoctlCmd(pub u32);

impl IoctlCmd {
    /// Direction bits 31-29.
    pub const fn direction(self) -> Direction {
        match self.0 & IOC_DIRMASK {
            0 => Direction::None,
            IOC_VOID => Direction::Void,
            IOC_OUT => Direction::Out,
            IOC_IN => Direction::In,
            IOC_INOUT => Direction::InOut,
            other => Direction::Other(other),
        }
    }

    /// Argument length, bits 28-16; 0 means the caller passes the length.
    pub const fn length(self) -> u32 {
        (self.0 >> 16) & IOCPARM_MASK
    }

    /// Group, bits 15-8 (an EBCDIC character).
    pub const fn group(self) -> u8 {
        (self.0 >> 8) as u8
    }

    /// Number within the group, bits 7-0.
    pub const fn number(self) -> u8 {
        self.0 as u8
    }

    /// The command's name, if the table knows it.
    pub fn name(self) -> Option<&'static str> {
        COMMANDS
            .iter()
            .find(|c| c.value == u64::from(self.0))
            .map(|c| c.name)
    }

    /// The command with this name.
    pub fn by_name(name: &str) -> Option<IoctlCmd> {
        COMMANDS
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case(name))
            .map(|c| IoctlCmd(c.value as u32))
    }

    /// A reading such as `_IOWR('6', 18, variable)`.
    pub fn describe(self) -> String {
        let group = CodePage::Ibm1047.decode_byte(self.group());
        let group = if group.is_ascii_graphic() {
            format!("'{group}'")
        } else {
            format!("X'{:02X}'", self.group())
        };
        let len = match self.length() {
            0 => "variable".to_owned(),
            n => n.to_string(),
        };
        let macro_name = match self.direction() {
            Direction::None
                if self.0 <= 0xFFFF && self.group() == 0 || self.0 >= 5000 && self.0 <= 5017 =>
            {
                return format!("plain number {}", self.0);
            }
            Direction::None => "no direction",
            Direction::Void => "_IO",
            Direction::Out => "_IOR",
            Direction::In => "_IOW",
            Direction::InOut => "_IOWR",
            Direction::Other(_) => "undefined direction",
        };
        format!("{macro_name}({group}, {}, {len})", self.number())
    }
}

binrw_area!(IoctlCmd, LAYOUT);

/// The command word's bit fields, and the command table as constants.
pub static LAYOUT: &Layout = &Layout {
    area: "ioctl",
    title: "ioctl command word",
    member: "TPXIOCTL",
    struct_name: "TPX_IOCTL",
    size: 4,
    lengths: &[4],
    prov: Prov::Inferred,
    source: "docs/reference/trusted-tcp.md section 1",
    fields: &fields![
        IOC_DIR @ 0: u32 = Bits { shift: 29, width: 3, codes: DIRECTIONS },
            inferred / reconstructed, "docs/reference/trusted-tcp.md §1", "direction, bits 31-29";
        IOC_LEN @ 0: u32 = Bits { shift: 16, width: 13, codes: &[] },
            inferred / reconstructed, "docs/reference/trusted-tcp.md §1",
            "argument length, bits 28-16; 0 = variable";
        IOC_GROUP @ 0: u32 = Bits { shift: 8, width: 8, codes: &[] },
            inferred / reconstructed, "docs/reference/trusted-tcp.md §1", "group, bits 15-8, an EBCDIC character";
        IOC_NUM @ 0: u32 = Bits { shift: 0, width: 8, codes: &[] },
            inferred / reconstructed, "docs/reference/trusted-tcp.md §1", "number within the group, bits 7-0";
    ],
    consts: &[IOC_MASKS, COMMANDS],
};

/// `NAME: reading` for the decode header line.
pub fn summary(bytes: &[u8]) -> Option<String> {
    let cmd = IoctlCmd::parse(bytes).ok()?;
    Some(format!(
        "X'{:08X}' {}: {}",
        cmd.0,
        cmd.name().unwrap_or("(not a known z/OS command)"),
        cmd.describe()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::areas::Area;

    #[test]
    fn decodes_the_partnerinfo_commands() {
        let g = IoctlCmd(SIOCGPARTNERINFO);
        assert_eq!(
            (g.direction(), g.length(), g.group(), g.number()),
            (Direction::InOut, 0, 0xF6, 0x12)
        );
        assert_eq!(g.describe(), "_IOWR('6', 18, variable)");
        let s = IoctlCmd(SIOCSPARTNERINFO);
        assert_eq!(
            (s.direction(), s.length(), s.group(), s.number()),
            (Direction::In, 4, 0xF6, 0x13)
        );
        assert_eq!(IoctlCmd(0xC020_A70D).describe(), "_IOWR('x', 13, 32)");
        assert_eq!(IoctlCmd(17).describe(), "plain number 17");
        assert_eq!(
            IoctlCmd(0x6000_0000).direction(),
            Direction::Other(0x6000_0000)
        );
        assert_eq!(IoctlCmd::by_name("siocgpartnerinfo"), Some(g));
    }

    #[test]
    fn the_table_agrees_with_its_own_encoding() {
        for c in COMMANDS {
            let w = IoctlCmd(c.value as u32);
            assert!(
                matches!(
                    w.direction(),
                    Direction::None
                        | Direction::Void
                        | Direction::Out
                        | Direction::In
                        | Direction::InOut
                ),
                "{}",
                c.name
            );
            assert!(w.name().is_some());
        }
        // Decimal forms IBM's COBOL samples use (docs/reference/trusted-tcp.md §1.3).
        assert_eq!(SIOCGPARTNERINFO, 3_221_288_466);
        assert_eq!(SIOCSPARTNERINFO, 2_147_808_787);
        assert_eq!(
            IoctlCmd::by_name("SIOCGHOMEIF6").map(|c| c.0),
            Some(3_222_599_176)
        );
    }

    #[test]
    fn every_word_decodes() {
        crate::areas::testutil::for_arbitrary(2000, |c: IoctlCmd| {
            assert_eq!(IoctlCmd::parse(&c.to_bytes()), Ok(c));
            let _ = c.describe();
        });
    }
}
