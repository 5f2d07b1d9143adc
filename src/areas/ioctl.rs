//! ioctl command words: IBM's table of socket ioctls, and a decoder of any 32-bit word into
//! direction, argument length, group and number (`docs/reference/trusted-tcp.md` §1).
//!
//! The word layout (`inferred` there, decoded from the third-party table): bits 31-29 the
//! direction, 28-16 the argument length (0 = variable, passed separately), 15-8 the group (an
//! EBCDIC character), 7-0 the command number.

use arbitrary::Arbitrary;
use binrw::{BinRead, BinWrite};

use super::binrw_area;
use super::{Area, Const, Field, Layout, Named, Prov, Ty, named};
use crate::codepage::CodePage;

use Prov::{Confirmed, Inferred, ThirdParty};

/// SIOCGPARTNERINFO, X'C000F612' (`confirmed`, S6).
pub const SIOCGPARTNERINFO: u32 = 0xC000_F612;
/// SIOCSPARTNERINFO, X'8004F613' (`confirmed`, S7).
pub const SIOCSPARTNERINFO: u32 = 0x8004_F613;
/// FIONBIO, X'8004A77E' (`third-party`, S1).
pub const FIONBIO: u32 = 0x8004_A77E;
/// FIONREAD, X'4004A77F' (`third-party`, S1).
pub const FIONREAD: u32 = 0x4004_A77F;
/// Largest Argument_length BPX1IOC/BPX4IOC accept (`confirmed`, B1: 0-51 200).
pub const IOCC_ARG_MAX: u32 = 51_200;

/// Direction bits (`inferred`).
pub const IOC_VOID: u32 = 0x2000_0000;
pub const IOC_OUT: u32 = 0x4000_0000;
pub const IOC_IN: u32 = 0x8000_0000;
pub const IOC_INOUT: u32 = 0xC000_0000;
pub const IOC_DIRMASK: u32 = 0xE000_0000;
pub const IOCPARM_MASK: u32 = 0x1FFF;

const fn cmd(name: &'static str, value: u32, prov: Prov, doc: &'static str) -> Const {
    Const {
        name,
        value: value as u64,
        len: 4,
        prov,
        doc,
    }
}

/// The word's masks, then every z/OS socket ioctl command the reference knows, with its
/// argument. Command values `third-party` (S1, S19, S2) unless `confirmed` by IBM; the first
/// entry for a value is its canonical name.
const IOCTL_CONSTS: &[Const] = &[
    Const {
        name: "IOC_VOID",
        value: IOC_VOID as u64,
        len: 4,
        prov: Inferred,
        doc: "direction: no argument",
    },
    Const {
        name: "IOC_OUT",
        value: IOC_OUT as u64,
        len: 4,
        prov: Inferred,
        doc: "direction: returned",
    },
    Const {
        name: "IOC_IN",
        value: IOC_IN as u64,
        len: 4,
        prov: Inferred,
        doc: "direction: supplied",
    },
    Const {
        name: "IOC_INOUT",
        value: IOC_INOUT as u64,
        len: 4,
        prov: Inferred,
        doc: "direction: both",
    },
    Const {
        name: "IOC_DIRMASK",
        value: IOC_DIRMASK as u64,
        len: 4,
        prov: Inferred,
        doc: "direction bits",
    },
    Const {
        name: "IOCPARM_MASK",
        value: IOCPARM_MASK as u64,
        len: 4,
        prov: Inferred,
        doc: "length mask, after >> 16",
    },
    cmd("SIOCSHIWAT", 0x8004_A700, ThirdParty, "int"),
    cmd("SIOCGHIWAT", 0x4004_A701, ThirdParty, "int"),
    cmd("SIOCSLOWAT", 0x8004_A702, ThirdParty, "int"),
    cmd("SIOCGLOWAT", 0x4004_A703, ThirdParty, "int"),
    cmd(
        "SIOCATMARK",
        0x4004_A707,
        ThirdParty,
        "int: at the out-of-band mark",
    ),
    cmd("SIOCSPGRP", 0x8004_A708, ThirdParty, "int"),
    cmd("SIOCGPGRP", 0x4004_A709, ThirdParty, "int"),
    cmd("SIOCADDRT", 0x8030_A70A, ThirdParty, "route entry"),
    cmd("SIOCDELRT", 0x8030_A70B, ThirdParty, "route entry"),
    cmd("SIOMETRIC1RT", 0x8030_A70C, ThirdParty, "route entry"),
    cmd("SIOCSIFADDR", 0x8020_A70C, ThirdParty, "ifreq"),
    cmd("SIOCGIFADDR", 0xC020_A70D, ThirdParty, "ifreq"),
    cmd("SIOCSIFDSTADDR", 0x8020_A70E, ThirdParty, "ifreq"),
    cmd("SIOCGIFDSTADDR", 0xC020_A70F, ThirdParty, "ifreq"),
    cmd("SIOCSIFFLAGS", 0x8020_A710, ThirdParty, "ifreq"),
    cmd("SIOCGIFFLAGS", 0xC020_A711, ThirdParty, "ifreq"),
    cmd("SIOCGIFBRDADDR", 0xC020_A712, ThirdParty, "ifreq"),
    cmd("SIOCSIFBRDADDR", 0x8020_A713, ThirdParty, "ifreq"),
    cmd(
        "SIOCGIFCONF",
        0xC008_A714,
        ThirdParty,
        "ifconf (31-bit pointer)",
    ),
    cmd(
        "SIOCGIFCONF64",
        0xC00C_A714,
        ThirdParty,
        "ifconf (64-bit pointer)",
    ),
    cmd("SIOCGIFNETMASK", 0xC020_A715, ThirdParty, "ifreq"),
    cmd("SIOCSIFNETMASK", 0x8020_A716, ThirdParty, "ifreq"),
    cmd("SIOCGIFMETRIC", 0xC020_A717, ThirdParty, "ifreq"),
    cmd("SIOCSIFMETRIC", 0x8020_A718, ThirdParty, "ifreq"),
    cmd("SIOCSARP", 0x8024_A71E, ThirdParty, "arpreq"),
    cmd("SIOCGARP", 0xC024_A71F, ThirdParty, "arpreq"),
    cmd("SIOCDARP", 0x8024_A720, ThirdParty, "arpreq"),
    cmd("SIOCGIFCONF6", 0xC018_A722, ThirdParty, ""),
    cmd(
        "SIOCGIPMSFILTER",
        0xC000_A724,
        ThirdParty,
        "IPv4 multicast source filter",
    ),
    cmd(
        "SIOCSIPMSFILTER",
        0x8000_A725,
        ThirdParty,
        "IPv4 multicast source filter",
    ),
    cmd("SIOCGIFMTU", 0xC020_A726, ThirdParty, "ifreq"),
    cmd("FIOGETOWN", 0x4004_A77B, ThirdParty, "int"),
    cmd("FIOSETOWN", 0x8004_A77C, ThirdParty, "int"),
    cmd("FIOASYNC", 0x8004_A77D, ThirdParty, "int"),
    cmd("FIONBIO", FIONBIO, ThirdParty, "int: nonzero = nonblocking"),
    cmd("FIONREAD", FIONREAD, ThirdParty, "int: bytes ready to read"),
    cmd("FIONWRITE", 0x4004_A78A, ThirdParty, "int"),
    cmd("SIOCSECENVR", 0xC012_A78B, ThirdParty, ""),
    cmd(
        "SIOCGIFNAMEINDEX",
        0x4000_F603,
        ThirdParty,
        "interface name/index list",
    ),
    cmd("SIOCMSADDRT6", 0x8044_F604, ThirdParty, ""),
    cmd("SIOCMSDELRT6", 0x8044_F605, ThirdParty, ""),
    cmd("SIOCGRT6TABLE", 0xC014_F606, ThirdParty, ""),
    cmd("SIOCGRT6TABLE64", 0xC018_F606, ThirdParty, ""),
    cmd("SIOCMSRBRT6TABLE", 0x8000_F607, ThirdParty, ""),
    cmd(
        "SIOCGHOMEIF6",
        0xC014_F608,
        Confirmed,
        "IBM COBOL sample value 3222599176",
    ),
    cmd("SIOCGHOMEIF664", 0xC018_F608, ThirdParty, ""),
    cmd("SIOCMSRBHOMEIF6", 0x8000_F609, ThirdParty, ""),
    cmd("SIOCMSCHGRT6METRIC", 0x8044_F60A, ThirdParty, ""),
    cmd("SIOCMSMODHOMEIF6", 0x8008_F60B, ThirdParty, ""),
    cmd("SIOCMSADDRT6V2", 0x8058_F60C, ThirdParty, ""),
    cmd("SIOCMSDELRT6V2", 0x8058_F60D, ThirdParty, ""),
    cmd("SIOCMSCHGRT6METRICV2", 0x8058_F60E, ThirdParty, ""),
    cmd(
        "SIOCGMSFILTER",
        0xC000_F610,
        ThirdParty,
        "multicast source filter",
    ),
    cmd(
        "SIOCSMSFILTER",
        0x8000_F611,
        ThirdParty,
        "multicast source filter",
    ),
    cmd(
        "SIOCGPARTNERINFO",
        SIOCGPARTNERINFO,
        Confirmed,
        "PartnerInfo (TPXPINFO)",
    ),
    cmd(
        "SIOCSPARTNERINFO",
        SIOCSPARTNERINFO,
        Confirmed,
        "fullword request type",
    ),
    cmd("SIOCGMONDATA", 0xC018_D902, ThirdParty, ""),
    cmd("SIOCGSPLXFQDN", 0xC018_D905, ThirdParty, "sysplex FQDN"),
    cmd("SIOCTTLSCTL", 0xC038_D90B, ThirdParty, "AT-TLS control"),
    cmd("SIOCSAPPLDATA", 0x8018_D90C, ThirdParty, "SetApplData"),
    cmd("SIOCGRTTABLE", 0xC008_C980, ThirdParty, ""),
    cmd("SIOCGRTTABLE64", 0xC00C_C980, ThirdParty, ""),
    cmd("SIOCSETRTTD", 0x8008_C981, ThirdParty, ""),
    cmd("SIOCMSMODHOMEIF", 0x8008_C983, ThirdParty, ""),
    cmd("SIOCMSMODHOMEIFV2", 0x8016_C984, ThirdParty, ""),
    cmd("SIOCMSADDRTV2", 0x8054_C985, ThirdParty, ""),
    cmd("SIOCMSDELRTV2", 0x8054_C986, ThirdParty, ""),
    cmd("SIOMSMETRIC1RTV2", 0x8054_C987, ThirdParty, ""),
    cmd("SECIGET", 0x4010_E401, ThirdParty, ""),
    cmd("FIOFCTLNBIO", 0x0000_E402, ThirdParty, ""),
    cmd("SECIGET_T", 0x4028_E403, ThirdParty, ""),
    cmd("SIOCTIEDESTHRD", 0x8004_E404, ThirdParty, ""),
    cmd("SIOCGSOCKPOEATTRS", 0x4000_D305, ThirdParty, ""),
    cmd("SIOCGFDPOEATTRS", 0x4000_D306, ThirdParty, ""),
    cmd("SIOCGSOCKMLSINFO", 0x4000_D307, ThirdParty, ""),
    cmd("SIOCSETTKN", 0x8008_139A, ThirdParty, ""),
    cmd("SETFACL", 0x0000_D301, ThirdParty, ""),
    cmd("GETFACL", 0x0000_D302, ThirdParty, ""),
    cmd("IOCC_EDITACL", 0x2000_C100, ThirdParty, ""),
    cmd("IOCC_ILINK", 0x4004_E21A, ThirdParty, ""),
    cmd("TIOCNOTIFY", 0x8001_A364, ThirdParty, ""),
    cmd("TIOCSWINSZ", 0x8008_A367, ThirdParty, "winsize"),
    cmd("TIOCGWINSZ", 0x4008_A368, ThirdParty, "winsize"),
    cmd("TIOCNOTTY", 0x2000_A771, ThirdParty, ""),
    cmd("TIOCGPGRP", 0x4004_A777, ThirdParty, "int"),
    cmd(
        "IOCC_GETPATHNAME",
        17,
        ThirdParty,
        "plain number: path name of a descriptor",
    ),
    cmd("IOCC_GETPATHNAMEREL", 19, ThirdParty, "plain number"),
    cmd("IOCC_TCI", 5000, ThirdParty, "plain number"),
    cmd("IOCC_TCC", 5001, ThirdParty, "plain number"),
    cmd("IOCC_TCS", 5002, ThirdParty, "plain number"),
    cmd("IOCC_TCR", 5003, ThirdParty, "plain number"),
    cmd("IOCC_TCG", 5004, ThirdParty, "plain number"),
    cmd("IOCC_TCCE", 5006, ThirdParty, "plain number"),
    cmd("SIOCMSDELRT", 5007, ThirdParty, "plain number"),
    cmd("SIOCMSADDRT", 5008, ThirdParty, "plain number"),
    cmd("SIOCMSSIFADDR", 5009, ThirdParty, "plain number"),
    cmd("SIOCMSSIFFLAGS", 5010, ThirdParty, "plain number"),
    cmd("SIOCMSSIFDSTADDR", 5011, ThirdParty, "plain number"),
    cmd("SIOCMSSIFBRDADDR", 5012, ThirdParty, "plain number"),
    cmd("SIOCMSSIFNETMASK", 5013, ThirdParty, "plain number"),
    cmd("SIOCMSSIFMETRIC", 5014, ThirdParty, "plain number"),
    cmd("SIOCMSRBRTTABLE", 5015, ThirdParty, "plain number"),
    cmd("SIOMSMETRIC1RT", 5016, ThirdParty, "plain number"),
    cmd("SIOCMSICMPREDIRECT", 5017, ThirdParty, "plain number"),
];

/// The command table (the constants after the six masks).
pub const COMMANDS: &[Const] = IOCTL_CONSTS.split_at(6).1;

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

const DIRECTIONS: &[Named] = &[
    named(0, "none", Inferred),
    named(1, "void (_IO)", Inferred),
    named(2, "out (_IOR)", Inferred),
    named(4, "in (_IOW)", Inferred),
    named(6, "in/out (_IOWR)", Inferred),
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

const fn bits(
    name: &'static str,
    shift: u32,
    width: u32,
    codes: &'static [Named],
    doc: &'static str,
) -> Field {
    Field {
        name,
        offset: 0,
        len: 4,
        ty: Ty::Bits {
            shift,
            width,
            codes,
        },
        prov: Inferred,
        name_prov: Prov::Reconstructed,
        doc,
    }
}

/// The command word's bit fields, and the command table as constants.
pub static LAYOUT: &Layout = &Layout {
    area: "ioctl",
    title: "ioctl command word",
    member: "TPXIOCTL",
    struct_name: "TPX_IOCTL",
    size: 4,
    lengths: &[4],
    prov: Inferred,
    source: "docs/reference/trusted-tcp.md section 1",
    fields: &[
        bits("IOC_DIR", 29, 3, DIRECTIONS, "direction, bits 31-29"),
        bits(
            "IOC_LEN",
            16,
            13,
            &[],
            "argument length, bits 28-16; 0 = variable",
        ),
        bits(
            "IOC_GROUP",
            8,
            8,
            &[],
            "group, bits 15-8, an EBCDIC character",
        ),
        bits("IOC_NUM", 0, 8, &[], "number within the group, bits 7-0"),
    ],
    consts: IOCTL_CONSTS,
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
