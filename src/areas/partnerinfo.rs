//! PartnerInfo, the SIOCGPARTNERINFO argument, and the SIOCSPARTNERINFO fullword.
//!
//! IBM has not published this mapping. The layout is the project's (`docs/reference/partnerinfo.md`, every
//! offset `reconstructed`); the behaviour it honours is IBM's (`docs/reference/trusted-tcp.md` §3).

use arbitrary::{Arbitrary, Unstructured};
use binrw::{BinRead, BinWrite};
use bitflags::bitflags;

use super::sockopt::{CONN_BITS, ClusterConnType};
use super::utoken::{self, Name8, Utoken};
use super::{
    Area, AreaError, Block, Const, Field, Layout, Named, Prov, Ty, Why, be32, block_binrw,
    bytes_at, named, write_area,
};
use crate::codepage::{self, CodePage, EBCDIC_BLANK};

use Prov::{Confirmed, Reconstructed};

/// PI_Version value (`reconstructed`).
pub const PI_VERSION1: u32 = 1;
/// Area length a PI_REQTYPE_CONNTYPE request needs (`reconstructed`).
pub const PI_LEN_CONNTYPE: u32 = 20;
/// Area length a PI_REQTYPE_PARTNER_USERID request needs (`reconstructed`).
pub const PI_LEN_USERID: u32 = 40;
/// Area length the UTOKEN and SECCRED requests need: the whole area (`reconstructed`).
pub const PI_LEN_ALL: u32 = 200;
/// Longest PI_Timeout, in seconds (`confirmed`, seed: 1-60 may suspend).
pub const PI_TIMEOUT_MAX: u32 = 60;
/// The first 8 bytes (PI_Version, PI_Buflen) must be there for anything but EINVAL
/// (`reconstructed`).
pub const PI_LEN_MIN: usize = 8;

/// PI_ReqType: what to return besides the routing information. The names CONNTYPE and
/// PARTNER_USERID are `confirmed` (S8); the others and every value are `reconstructed`.
#[derive(BinRead, BinWrite, Arbitrary, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[brw(big, repr = u32)]
#[repr(u32)]
pub enum PiReqType {
    /// PI_REQTYPE_CONNTYPE: routing information only.
    Conntype = 0,
    /// PI_REQTYPE_PARTNER_USERID: plus the partner's user IDs.
    PartnerUserid = 1,
    /// PI_REQTYPE_PARTNER_UTOKEN: plus the partner's UTOKENs.
    PartnerUtoken = 2,
    /// PI_REQTYPE_PARTNER_SECCRED: plus user IDs and UTOKENs.
    PartnerSeccred = 3,
}

impl PiReqType {
    /// The request type for a PI_ReqType word.
    pub const fn from_word(word: u32) -> Option<PiReqType> {
        match word {
            0 => Some(PiReqType::Conntype),
            1 => Some(PiReqType::PartnerUserid),
            2 => Some(PiReqType::PartnerUtoken),
            3 => Some(PiReqType::PartnerSeccred),
            _ => None,
        }
    }

    /// The request type a caller's area asks for (PI_ReqType), if the area reaches it and
    /// the word names one.
    pub fn of_area(area: &[u8]) -> Option<PiReqType> {
        let w = area.get(off::PI_REQTYPE..off::PI_REQTYPE + 4)?;
        PiReqType::from_word(u32::from_be_bytes([w[0], w[1], w[2], w[3]]))
    }

    /// The constant's name.
    pub const fn name(self) -> &'static str {
        match self {
            PiReqType::Conntype => "PI_REQTYPE_CONNTYPE",
            PiReqType::PartnerUserid => "PI_REQTYPE_PARTNER_USERID",
            PiReqType::PartnerUtoken => "PI_REQTYPE_PARTNER_UTOKEN",
            PiReqType::PartnerSeccred => "PI_REQTYPE_PARTNER_SECCRED",
        }
    }

    /// The area length this request needs (`reconstructed`, `docs/reference/partnerinfo.md`).
    pub const fn required_len(self) -> u32 {
        match self {
            PiReqType::Conntype => PI_LEN_CONNTYPE,
            PiReqType::PartnerUserid => PI_LEN_USERID,
            PiReqType::PartnerUtoken | PiReqType::PartnerSeccred => PI_LEN_ALL,
        }
    }

    /// The credentials this request may return.
    pub const fn allowed_creds(self) -> CredFlags {
        match self {
            PiReqType::Conntype => CredFlags::empty(),
            PiReqType::PartnerUserid => CredFlags::USERIDS,
            PiReqType::PartnerUtoken => CredFlags::UTOKENS,
            PiReqType::PartnerSeccred => CredFlags::all(),
        }
    }

    /// Whether a request of this type covers (`a` covers `b`) what `b` asks for, so that
    /// credentials collected for `self` answer a later request of type `b` (`docs/reference/partnerinfo.md`:
    /// "that type or a subset of it").
    pub const fn covers(self, b: PiReqType) -> bool {
        self.allowed_creds().contains(b.allowed_creds())
    }
}

bitflags! {
    /// PI_CredFlags: which credentials were returned (`reconstructed`).
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
    pub struct CredFlags: u8 {
        /// PI_ASUserID returned.
        const AS_USERID = 0x80;
        /// PI_TaskUserID returned (the partner has a task-level identity).
        const TASK_USERID = 0x40;
        /// PI_ASUtoken returned.
        const AS_UTOKEN = 0x20;
        /// PI_TaskUtoken returned.
        const TASK_UTOKEN = 0x10;
        const USERIDS = 0xC0;
        const UTOKENS = 0x30;
    }
}

const REQTYPES: &[Named] = &[
    named(0, "PI_REQTYPE_CONNTYPE", Confirmed),
    named(1, "PI_REQTYPE_PARTNER_USERID", Confirmed),
    named(2, "PI_REQTYPE_PARTNER_UTOKEN", Reconstructed),
    named(3, "PI_REQTYPE_PARTNER_SECCRED", Reconstructed),
];

const VERSIONS: &[Named] = &[named(1, "PI_VERSION1", Reconstructed)];

const CRED_BITS: &[Named] = &[
    named(0x80, "PI_CRED_ASUSERID", Reconstructed),
    named(0x40, "PI_CRED_TASKUSERID", Reconstructed),
    named(0x20, "PI_CRED_ASUTOKEN", Reconstructed),
    named(0x10, "PI_CRED_TASKUTOKEN", Reconstructed),
];

const fn k(name: &'static str, value: u64, len: usize, prov: Prov, doc: &'static str) -> Const {
    Const {
        name,
        value,
        len,
        prov,
        doc,
    }
}

/// The PartnerInfo field table (`docs/reference/partnerinfo.md`).
pub static LAYOUT: &Layout = &Layout {
    area: "partnerinfo",
    title: "PartnerInfo",
    member: "TPXPINFO",
    struct_name: "PartnerInfo",
    size: 200,
    lengths: &[20, 40, 200],
    prov: Reconstructed,
    source: "docs/reference/partnerinfo.md",
    fields: &[
        Field::new(
            "PI_Version",
            off::PI_VERSION,
            4,
            Ty::Code(VERSIONS),
            (Reconstructed, Reconstructed),
            "in: PI_VERSION1",
        ),
        Field::new(
            "PI_Buflen",
            off::PI_BUFLEN,
            4,
            Ty::Uint,
            (Reconstructed, Confirmed),
            "in: area length; out: bytes filled or needed",
        ),
        // No public source names the request-type field (IBM names only the PI_REQTYPE_
        // constants), so its name is the project's.
        Field::new(
            "PI_ReqType",
            off::PI_REQTYPE,
            4,
            Ty::Code(REQTYPES),
            (Reconstructed, Reconstructed),
            "in: request type (PI_REQTYPE_ constants)",
        ),
        // IBM's only spelling is PI_TIMEOUT (the seed); this case is the project's.
        Field::new(
            "PI_Timeout",
            off::PI_TIMEOUT,
            4,
            Ty::Uint,
            (Reconstructed, Reconstructed),
            "in: seconds, 0 = no suspend, 1-60 (IBM: PI_TIMEOUT)",
        ),
        Field::new(
            "PI_ConnType",
            off::PI_CONNTYPE,
            1,
            Ty::Flags(CONN_BITS),
            (Reconstructed, Reconstructed),
            "out: routing (SO_CLUSTERCONNTYPE bits)",
        ),
        Field::new(
            "PI_CredFlags",
            off::PI_CREDFLAGS,
            1,
            Ty::Flags(CRED_BITS),
            (Reconstructed, Reconstructed),
            "out: credentials returned",
        ),
        Field::new(
            "PI_Rsv1",
            off::PI_RSV1,
            2,
            Ty::Hex,
            (Reconstructed, Reconstructed),
            "reserved, zero",
        ),
        Field::new(
            "PI_ASUserID",
            off::PI_ASUSERID,
            8,
            Ty::Char,
            (Reconstructed, Reconstructed),
            "out: address-space user ID",
        ),
        Field::new(
            "PI_TaskUserID",
            off::PI_TASKUSERID,
            8,
            Ty::Char,
            (Reconstructed, Reconstructed),
            "out: task-level user ID",
        ),
        Field::new(
            "PI_Rsv2",
            off::PI_RSV2,
            4,
            Ty::Hex,
            (Reconstructed, Reconstructed),
            "reserved, zero",
        ),
        Field::new(
            "PI_ASUtoken",
            off::PI_ASUTOKEN,
            80,
            Ty::Area(utoken::LAYOUT),
            (Reconstructed, Reconstructed),
            "out: address-space UTOKEN",
        ),
        Field::new(
            "PI_TaskUtoken",
            off::PI_TASKUTOKEN,
            80,
            Ty::Area(utoken::LAYOUT),
            (Reconstructed, Reconstructed),
            "out: task-level UTOKEN",
        ),
    ],
    consts: &[
        k("PI_VERSION1", 1, 4, Reconstructed, "PI_Version"),
        k(
            "PI_REQTYPE_CONNTYPE",
            0,
            4,
            Reconstructed,
            "routing only; name confirmed",
        ),
        k(
            "PI_REQTYPE_PARTNER_USERID",
            1,
            4,
            Reconstructed,
            "plus user IDs; name confirmed",
        ),
        k(
            "PI_REQTYPE_PARTNER_UTOKEN",
            2,
            4,
            Reconstructed,
            "plus UTOKENs",
        ),
        k(
            "PI_REQTYPE_PARTNER_SECCRED",
            3,
            4,
            Reconstructed,
            "plus user IDs and UTOKENs",
        ),
        k(
            "PI_LEN_CONNTYPE",
            20,
            4,
            Reconstructed,
            "length for CONNTYPE",
        ),
        k(
            "PI_LEN_USERID",
            40,
            4,
            Reconstructed,
            "length for PARTNER_USERID",
        ),
        k(
            "PI_LEN_ALL",
            200,
            4,
            Reconstructed,
            "length for UTOKEN and SECCRED",
        ),
        k(
            "PI_TIMEOUT_MAX",
            60,
            4,
            Confirmed,
            "longest PI_Timeout, seconds",
        ),
    ],
};

/// Field offsets, shared by [`LAYOUT`] and the reader and writer.
pub mod off {
    pub const PI_VERSION: usize = 0;
    pub const PI_BUFLEN: usize = 4;
    pub const PI_REQTYPE: usize = 8;
    pub const PI_TIMEOUT: usize = 12;
    pub const PI_CONNTYPE: usize = 16;
    pub const PI_CREDFLAGS: usize = 17;
    pub const PI_RSV1: usize = 18;
    pub const PI_ASUSERID: usize = 20;
    pub const PI_TASKUSERID: usize = 28;
    pub const PI_RSV2: usize = 36;
    pub const PI_ASUTOKEN: usize = 40;
    pub const PI_TASKUTOKEN: usize = 120;
}

/// Bytes 0-19: the request and the routing answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PiHeader {
    /// +0 PI_Version.
    pub version: u32,
    /// +4 PI_Buflen.
    pub buflen: u32,
    /// +8 PI_ReqType.
    pub reqtype: PiReqType,
    /// +12 PI_Timeout.
    pub timeout: u32,
    /// +16 PI_ConnType.
    pub conntype: ClusterConnType,
    /// +17 PI_CredFlags.
    pub credflags: CredFlags,
    /// +18 reserved.
    pub rsv1: [u8; 2],
}

impl PiHeader {
    /// Validates the 20 header bytes in place. An error gives the offset of the field at fault.
    #[inline]
    fn check(b: &[u8]) -> Result<(), (usize, String)> {
        let version = be32(b, off::PI_VERSION);
        if version != PI_VERSION1 {
            return Err((
                off::PI_VERSION,
                format!("PI_Version is {version} but only PI_VERSION1 (1) is defined"),
            ));
        }
        let word = be32(b, off::PI_REQTYPE);
        let Some(reqtype) = PiReqType::from_word(word) else {
            return Err((
                off::PI_REQTYPE,
                format!("PI_ReqType {word} is not a request type (0-3)"),
            ));
        };
        let timeout = be32(b, off::PI_TIMEOUT);
        if timeout > PI_TIMEOUT_MAX {
            return Err((
                off::PI_TIMEOUT,
                format!("PI_Timeout is {timeout} seconds; at most 60 are allowed"),
            ));
        }
        let conn = b[off::PI_CONNTYPE];
        if ClusterConnType::from_bits(conn).is_none() {
            return Err((
                off::PI_CONNTYPE,
                format!("PI_ConnType X'{conn:02X}' has undefined bits set"),
            ));
        }
        let cred = b[off::PI_CREDFLAGS];
        match CredFlags::from_bits(cred) {
            None => {
                return Err((
                    off::PI_CREDFLAGS,
                    format!("PI_CredFlags X'{cred:02X}' has undefined bits set"),
                ));
            }
            Some(c) if !reqtype.allowed_creds().contains(c) => {
                return Err((
                    off::PI_CREDFLAGS,
                    format!(
                        "PI_CredFlags X'{cred:02X}' names credentials {} does not return",
                        reqtype.name()
                    ),
                ));
            }
            Some(_) => {}
        }
        if b[off::PI_RSV1..off::PI_ASUSERID] != [0; 2] {
            return Err((off::PI_RSV1, "reserved bytes must be zero".into()));
        }
        Ok(())
    }

    /// The header of bytes [`PiHeader::check`] accepted.
    #[inline]
    fn build(b: &[u8]) -> PiHeader {
        PiHeader {
            version: be32(b, off::PI_VERSION),
            buflen: be32(b, off::PI_BUFLEN),
            reqtype: PiReqType::from_word(be32(b, off::PI_REQTYPE)).unwrap_or(PiReqType::Conntype),
            timeout: be32(b, off::PI_TIMEOUT),
            conntype: ClusterConnType::from_bits_retain(b[off::PI_CONNTYPE]),
            credflags: CredFlags::from_bits_retain(b[off::PI_CREDFLAGS]),
            rsv1: bytes_at(b, off::PI_RSV1),
        }
    }
}

impl Block for PiHeader {
    const LEN: usize = PI_LEN_CONNTYPE as usize;

    #[inline]
    fn decode(b: &[u8]) -> Result<PiHeader, (usize, String)> {
        PiHeader::check(b)?;
        Ok(PiHeader::build(b))
    }

    fn encode(&self, out: &mut [u8]) {
        out[off::PI_VERSION..off::PI_BUFLEN].copy_from_slice(&self.version.to_be_bytes());
        out[off::PI_BUFLEN..off::PI_REQTYPE].copy_from_slice(&self.buflen.to_be_bytes());
        out[off::PI_REQTYPE..off::PI_TIMEOUT].copy_from_slice(&(self.reqtype as u32).to_be_bytes());
        out[off::PI_TIMEOUT..off::PI_CONNTYPE].copy_from_slice(&self.timeout.to_be_bytes());
        out[off::PI_CONNTYPE] = self.conntype.bits();
        out[off::PI_CREDFLAGS] = self.credflags.bits();
        out[off::PI_RSV1..off::PI_ASUSERID].copy_from_slice(&self.rsv1);
    }
}

/// Bytes 20-39: the user IDs (offsets relative to byte 20).
#[derive(Arbitrary, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PiUserIds {
    /// +20 PI_ASUserID, EBCDIC, blank padded.
    pub as_userid: Name8,
    /// +28 PI_TaskUserID, EBCDIC, blank padded.
    pub task_userid: Name8,
    /// +36 reserved.
    pub rsv2: [u8; 4],
}

impl PiUserIds {
    /// The section from its 20 bytes (no field of it can be invalid on its own).
    #[inline]
    fn read(b: &[u8]) -> PiUserIds {
        const AT: usize = off::PI_ASUSERID;
        PiUserIds {
            as_userid: bytes_at(b, off::PI_ASUSERID - AT),
            task_userid: bytes_at(b, off::PI_TASKUSERID - AT),
            rsv2: bytes_at(b, off::PI_RSV2 - AT),
        }
    }
}

impl Block for PiUserIds {
    const LEN: usize = (PI_LEN_USERID - PI_LEN_CONNTYPE) as usize;

    fn decode(b: &[u8]) -> Result<PiUserIds, (usize, String)> {
        Ok(PiUserIds::read(b))
    }

    fn encode(&self, out: &mut [u8]) {
        const AT: usize = off::PI_ASUSERID;
        out[off::PI_ASUSERID - AT..off::PI_TASKUSERID - AT].copy_from_slice(&self.as_userid);
        out[off::PI_TASKUSERID - AT..off::PI_RSV2 - AT].copy_from_slice(&self.task_userid);
        out[off::PI_RSV2 - AT..off::PI_ASUTOKEN - AT].copy_from_slice(&self.rsv2);
    }
}

/// Bytes 40-199: the UTOKENs, kept as bytes (zeros when not returned; offsets relative to 40).
#[derive(Arbitrary, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PiUtokens {
    /// +40 PI_ASUtoken.
    pub as_utoken: [u8; 80],
    /// +120 PI_TaskUtoken.
    pub task_utoken: [u8; 80],
}

impl PiUtokens {
    /// The section from its 160 bytes (kept as bytes; checked against the flags by the area).
    #[inline]
    fn read(b: &[u8]) -> PiUtokens {
        const AT: usize = off::PI_ASUTOKEN;
        PiUtokens {
            as_utoken: bytes_at(b, off::PI_ASUTOKEN - AT),
            task_utoken: bytes_at(b, off::PI_TASKUTOKEN - AT),
        }
    }
}

impl Block for PiUtokens {
    const LEN: usize = (PI_LEN_ALL - PI_LEN_USERID) as usize;

    fn decode(b: &[u8]) -> Result<PiUtokens, (usize, String)> {
        Ok(PiUtokens::read(b))
    }

    fn encode(&self, out: &mut [u8]) {
        const AT: usize = off::PI_ASUTOKEN;
        out[off::PI_ASUTOKEN - AT..off::PI_TASKUTOKEN - AT].copy_from_slice(&self.as_utoken);
        out[off::PI_TASKUTOKEN - AT..].copy_from_slice(&self.task_utoken);
    }
}

block_binrw!(PiHeader);
block_binrw!(PiUserIds);
block_binrw!(PiUtokens);

/// A PartnerInfo area of 20, 40 or 200 bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PartnerInfo {
    pub header: PiHeader,
    /// Present when the area is at least PI_LEN_USERID bytes.
    pub userids: Option<PiUserIds>,
    /// Present when the area is PI_LEN_ALL bytes.
    pub utokens: Option<PiUtokens>,
}

impl PartnerInfo {
    /// A request area as a caller builds it: version, length, type and timeout set, the output
    /// fields blank (user IDs) or zero.
    pub fn request(reqtype: PiReqType, buflen: u32, timeout: u32) -> PartnerInfo {
        let len = if buflen >= PI_LEN_ALL {
            PI_LEN_ALL
        } else if buflen >= PI_LEN_USERID {
            PI_LEN_USERID
        } else {
            PI_LEN_CONNTYPE
        };
        PartnerInfo {
            header: PiHeader {
                version: PI_VERSION1,
                buflen,
                reqtype,
                timeout,
                conntype: ClusterConnType::empty(),
                credflags: CredFlags::empty(),
                rsv1: [0; 2],
            },
            userids: (len >= PI_LEN_USERID).then_some(PiUserIds {
                as_userid: [EBCDIC_BLANK; 8],
                task_userid: [EBCDIC_BLANK; 8],
                rsv2: [0; 4],
            }),
            utokens: (len >= PI_LEN_ALL).then_some(PiUtokens {
                as_utoken: [0; 80],
                task_utoken: [0; 80],
            }),
        }
    }

    /// The area's length: 20, 40 or 200.
    pub fn len(&self) -> usize {
        match (self.userids, self.utokens) {
            (_, Some(_)) => PI_LEN_ALL as usize,
            (Some(_), None) => PI_LEN_USERID as usize,
            (None, None) => PI_LEN_CONNTYPE as usize,
        }
    }

    /// Never empty: the shortest area is 20 bytes.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// The address-space user ID, when returned.
    pub fn as_userid(&self) -> Option<String> {
        self.userid(CredFlags::AS_USERID, |u| &u.as_userid)
    }

    /// The task-level user ID, when returned.
    pub fn task_userid(&self) -> Option<String> {
        self.userid(CredFlags::TASK_USERID, |u| &u.task_userid)
    }

    fn userid(&self, flag: CredFlags, pick: fn(&PiUserIds) -> &Name8) -> Option<String> {
        let ids = self
            .userids
            .as_ref()
            .filter(|_| self.header.credflags.contains(flag))?;
        Some(codepage::field_text(pick(ids), CodePage::Ibm1047))
    }

    /// The address-space UTOKEN, when returned.
    pub fn as_utoken(&self) -> Option<Utoken> {
        self.utoken(CredFlags::AS_UTOKEN, |t| &t.as_utoken)
    }

    /// The task-level UTOKEN, when returned.
    pub fn task_utoken(&self) -> Option<Utoken> {
        self.utoken(CredFlags::TASK_UTOKEN, |t| &t.task_utoken)
    }

    fn utoken(&self, flag: CredFlags, pick: fn(&PiUtokens) -> &[u8; 80]) -> Option<Utoken> {
        let t = self
            .utokens
            .as_ref()
            .filter(|_| self.header.credflags.contains(flag))?;
        Utoken::parse(pick(t)).ok()
    }
}

/// PI_CredFlags names a field the area is too short to hold.
#[cold]
fn missing_field_error(header: &PiHeader, len: usize) -> AreaError {
    let field = [
        (CredFlags::AS_USERID, "PI_ASUserID"),
        (CredFlags::TASK_USERID, "PI_TaskUserID"),
        (CredFlags::AS_UTOKEN, "PI_ASUtoken"),
        (CredFlags::TASK_UTOKEN, "PI_TaskUtoken"),
    ]
    .into_iter()
    .find(|&(flag, name)| {
        header.credflags.contains(flag)
            && LAYOUT.field(name).is_some_and(|f| f.offset + f.len > len)
    })
    .map_or("PI_CredFlags", |(_, name)| name);
    AreaError::invalid(
        LAYOUT,
        "PI_CredFlags",
        format!("{field} is flagged as returned but the area ends at {len} bytes"),
    )
}

/// Checks the output fields a request of this type fills, against the flags: returned user IDs
/// are RACF names, returned tokens are valid UTOKENs, the others blank or zero.
fn check_filled(h: &PiHeader, b: &[u8]) -> Result<(), AreaError> {
    // The common case in one branch-light pass; the errors are worked out only on failure.
    if filled_ok(h, b) {
        Ok(())
    } else {
        Err(filled_error(h, b))
    }
}

/// The sections a request fills, and whether each credential was returned.
struct Filled {
    need: usize,
    ids: bool,
    tokens: bool,
}

fn filled(h: &PiHeader, len: usize) -> Filled {
    let filled = h.reqtype.required_len() as usize;
    let need = if h.credflags.intersects(CredFlags::UTOKENS) {
        PI_LEN_ALL
    } else if h.credflags.intersects(CredFlags::USERIDS) {
        PI_LEN_USERID
    } else {
        0
    };
    Filled {
        need: need as usize,
        ids: len >= PI_LEN_USERID as usize && filled >= PI_LEN_USERID as usize,
        tokens: len >= PI_LEN_ALL as usize && filled >= PI_LEN_ALL as usize,
    }
}

/// A user ID field: a RACF name when returned, else blanks (or zeros as the caller left it).
#[inline]
fn userid_ok(field: &Name8, returned: bool) -> bool {
    userid_ok_given(field, returned, codepage::racf_name8(field))
}

/// [`userid_ok`] with the name check already done (the two user IDs are checked as a pair).
#[inline]
fn userid_ok_given(field: &Name8, returned: bool, is_name: bool) -> bool {
    let word = u64::from_be_bytes(*field);
    let blank = (word == 0x4040_4040_4040_4040) | (word == 0);
    (returned & is_name) | (!returned & blank)
}

/// A UTOKEN field: a valid token when returned, else binary zeros.
#[inline]
fn utoken_ok(token: &[u8], returned: bool) -> bool {
    if returned {
        <&[u8; 80]>::try_from(token).is_ok_and(Utoken::is_valid)
    } else {
        token.iter().all(|&b| b == 0)
    }
}

#[inline]
fn filled_ok(h: &PiHeader, b: &[u8]) -> bool {
    let f = filled(h, b.len());
    let flag = |c| h.credflags.contains(c);
    let mut ok = b.len() >= f.need;
    if f.ids {
        let (as_user, task_user) = (
            bytes_at(b, off::PI_ASUSERID),
            bytes_at(b, off::PI_TASKUSERID),
        );
        let [as_is_name, task_is_name] = codepage::racf_names2(&as_user, &task_user);
        ok &= userid_ok_given(&as_user, flag(CredFlags::AS_USERID), as_is_name)
            & userid_ok_given(&task_user, flag(CredFlags::TASK_USERID), task_is_name)
            & (b[off::PI_RSV2..off::PI_ASUTOKEN] == [0; 4]);
    }
    if f.tokens {
        ok &= utoken_ok(
            &b[off::PI_ASUTOKEN..off::PI_TASKUTOKEN],
            flag(CredFlags::AS_UTOKEN),
        ) & utoken_ok(&b[off::PI_TASKUTOKEN..], flag(CredFlags::TASK_UTOKEN));
    }
    ok
}

/// The first field [`filled_ok`] rejected, as an error.
#[cold]
fn filled_error(h: &PiHeader, b: &[u8]) -> AreaError {
    let f = filled(h, b.len());
    let flag = |c| h.credflags.contains(c);
    if b.len() < f.need {
        return missing_field_error(h, b.len());
    }
    if f.ids {
        for (at, name, cred) in [
            (off::PI_ASUSERID, "PI_ASUserID", CredFlags::AS_USERID),
            (off::PI_TASKUSERID, "PI_TaskUserID", CredFlags::TASK_USERID),
        ] {
            let field = bytes_at(b, at);
            if userid_ok(&field, flag(cred)) {
                continue;
            }
            if !flag(cred) {
                return AreaError::invalid(
                    LAYOUT,
                    name,
                    "not returned, so it must be blanks (or zeros as the caller left it)",
                );
            }
            let text = codepage::field_text(&field, CodePage::Ibm1047);
            let why = codepage::validate_racf_name(&text)
                .err()
                .map_or_else(|| "not EBCDIC text".to_owned(), |e| e.to_string());
            return AreaError::invalid(LAYOUT, name, format!("flagged as returned but {why}"));
        }
        if b[off::PI_RSV2..off::PI_ASUTOKEN] != [0; 4] {
            return AreaError::invalid(LAYOUT, "PI_Rsv2", "reserved bytes must be zero");
        }
    }
    if f.tokens {
        for (at, end, name, cred) in [
            (
                off::PI_ASUTOKEN,
                off::PI_TASKUTOKEN,
                "PI_ASUtoken",
                CredFlags::AS_UTOKEN,
            ),
            (
                off::PI_TASKUTOKEN,
                PI_LEN_ALL as usize,
                "PI_TaskUtoken",
                CredFlags::TASK_UTOKEN,
            ),
        ] {
            let token = &b[at..end];
            if utoken_ok(token, flag(cred)) {
                continue;
            }
            if !flag(cred) {
                return AreaError::invalid(
                    LAYOUT,
                    name,
                    "not returned, so it must be binary zeros",
                );
            }
            if let Err((offset, why)) = Utoken::check(token) {
                return AreaError::at(utoken::LAYOUT, offset, why).within(LAYOUT.title, name, at);
            }
        }
    }
    AreaError::invalid(LAYOUT, "PI_CredFlags", "inconsistent with the fields")
}

impl Area for PartnerInfo {
    const LAYOUT: &'static Layout = LAYOUT;

    /// Validates the bytes where they are, then builds the value once (this is on every
    /// SIOCGPARTNERINFO path, so it avoids intermediate copies).
    fn parse(bytes: &[u8]) -> Result<Self, AreaError> {
        LAYOUT.check_len(bytes.len())?;
        PiHeader::check(bytes).map_err(|(offset, reason)| AreaError::at(LAYOUT, offset, reason))?;
        let header = PiHeader::build(bytes);
        check_filled(&header, bytes)?;
        Ok(PartnerInfo {
            header,
            userids: bytes
                .get(off::PI_ASUSERID..off::PI_ASUTOKEN)
                .map(PiUserIds::read),
            utokens: bytes
                .get(off::PI_ASUTOKEN..PI_LEN_ALL as usize)
                .map(PiUtokens::read),
        })
    }

    fn to_bytes(&self) -> Vec<u8> {
        let mut out = vec![0u8; self.len()];
        self.header.encode(&mut out[..PiHeader::LEN]);
        if let Some(ids) = &self.userids {
            ids.encode(&mut out[off::PI_ASUSERID..off::PI_ASUTOKEN]);
        }
        if let Some(tokens) = self.utokens.as_ref().filter(|_| self.userids.is_some()) {
            tokens.encode(&mut out[off::PI_ASUTOKEN..]);
        }
        out
    }
}

/// binrw for the whole area: its length (20, 40 or 200; the caller knows it from
/// Argument_length or PI_Buflen) is the argument.
impl binrw::BinRead for PartnerInfo {
    type Args<'a> = (usize,);

    fn read_options<R: std::io::Read + std::io::Seek>(
        reader: &mut R,
        _: binrw::Endian,
        (len,): (usize,),
    ) -> binrw::BinResult<Self> {
        let pos = reader.stream_position()?;
        let mut buf = [0u8; PI_LEN_ALL as usize];
        let area = buf.get_mut(..len).ok_or_else(|| binrw::Error::AssertFail {
            pos,
            message: format!("a PartnerInfo area is at most {PI_LEN_ALL} bytes, not {len}"),
        })?;
        reader.read_exact(area)?;
        PartnerInfo::parse(area).map_err(|e| binrw::Error::Custom {
            pos,
            err: Box::new(Why(e.to_string())),
        })
    }
}

impl binrw::BinWrite for PartnerInfo {
    type Args<'a> = ();

    fn write_options<W: std::io::Write + std::io::Seek>(
        &self,
        writer: &mut W,
        _: binrw::Endian,
        (): (),
    ) -> binrw::BinResult<()> {
        writer.write_all(&self.to_bytes())?;
        Ok(())
    }
}

impl<'a> Arbitrary<'a> for PartnerInfo {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        let reqtype: PiReqType = u.arbitrary()?;
        let len = *u.choose(&[PI_LEN_CONNTYPE, PI_LEN_USERID, PI_LEN_ALL])?;
        let filled = reqtype.required_len().min(len);
        let mut creds = CredFlags::from_bits_truncate(u.arbitrary()?) & reqtype.allowed_creds();
        if len < PI_LEN_USERID {
            creds -= CredFlags::all();
        }
        if len < PI_LEN_ALL {
            creds -= CredFlags::UTOKENS;
        }
        let header = PiHeader {
            version: PI_VERSION1,
            buflen: u.arbitrary()?,
            reqtype,
            timeout: u.int_in_range(0..=PI_TIMEOUT_MAX)?,
            conntype: ClusterConnType::from_bits_truncate(u.arbitrary()?),
            credflags: creds,
            rsv1: [0; 2],
        };
        let name = |u: &mut Unstructured<'a>, flag: CredFlags| -> arbitrary::Result<Name8> {
            if filled < PI_LEN_USERID {
                return u.arbitrary();
            }
            if creds.contains(flag) {
                loop {
                    let n = utoken::arbitrary_racf_field(u, false)?;
                    if n.iter().any(|&b| b != 0 && b != EBCDIC_BLANK) {
                        return Ok(n);
                    }
                    if u.is_empty() {
                        return codepage::pad_field("A", CodePage::Ibm1047)
                            .map_err(|_| arbitrary::Error::IncorrectFormat);
                    }
                }
            }
            Ok([EBCDIC_BLANK; 8])
        };
        let userids = match len >= PI_LEN_USERID {
            true => Some(PiUserIds {
                as_userid: name(u, CredFlags::AS_USERID)?,
                task_userid: name(u, CredFlags::TASK_USERID)?,
                rsv2: if filled >= PI_LEN_USERID {
                    [0; 4]
                } else {
                    u.arbitrary()?
                },
            }),
            false => None,
        };
        let token = |u: &mut Unstructured<'a>, flag: CredFlags| -> arbitrary::Result<[u8; 80]> {
            if filled < PI_LEN_ALL {
                return u.arbitrary();
            }
            if creds.contains(flag) {
                let t: Utoken = u.arbitrary()?;
                return t
                    .to_bytes()
                    .try_into()
                    .map_err(|_| arbitrary::Error::IncorrectFormat);
            }
            Ok([0; 80])
        };
        let utokens = match len >= PI_LEN_ALL {
            true => Some(PiUtokens {
                as_utoken: token(u, CredFlags::AS_UTOKEN)?,
                task_utoken: token(u, CredFlags::TASK_UTOKEN)?,
            }),
            false => None,
        };
        Ok(PartnerInfo {
            header,
            userids,
            utokens,
        })
    }
}

/// Why a SIOCGPARTNERINFO argument is refused before any work is done.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PiCheckError {
    /// EINVAL: the area is malformed.
    #[error("EINVAL: {field} at offset {offset}: {reason}")]
    Inval {
        field: &'static str,
        offset: usize,
        reason: String,
    },
    /// ENOBUFS: the area is too short for the request; PI_Buflen is set to `needed`.
    #[error("ENOBUFS: the request needs {needed} bytes")]
    NoBufs { needed: u32 },
}

/// A SIOCGPARTNERINFO request that passed the argument checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PiRequest {
    pub reqtype: PiReqType,
    pub timeout: u32,
    /// The usable length: the smaller of PI_Buflen and the argument length.
    pub len: u32,
}

/// Applies the EINVAL/ENOBUFS length rules of `docs/reference/partnerinfo.md` to the `arg` bytes a caller
/// passed (Argument_length or w_ioctl's arglen of them). Order (`reconstructed`): fewer than
/// 8 bytes, bad version, bad request type, too short for the request (ENOBUFS; when the request
/// type is not there either, the shortest area is what is needed), bad timeout.
pub fn check_request(arg: &[u8]) -> Result<PiRequest, PiCheckError> {
    let word = |at: usize| {
        arg.get(at..at + 4)
            .map(|w| u32::from_be_bytes([w[0], w[1], w[2], w[3]]))
    };
    let inval = |field: &'static str, offset: usize, reason: String| PiCheckError::Inval {
        field,
        offset,
        reason,
    };
    let (Some(version), Some(buflen)) = (word(0), word(4)) else {
        return Err(inval(
            "PI_Buflen",
            4,
            format!(
                "the area is {} bytes; PI_Version and PI_Buflen need 8",
                arg.len()
            ),
        ));
    };
    if version != PI_VERSION1 {
        return Err(inval(
            "PI_Version",
            0,
            format!("{version} is not PI_VERSION1"),
        ));
    }
    let reqtype = match word(8) {
        Some(w) => Some(
            PiReqType::from_word(w)
                .ok_or_else(|| inval("PI_ReqType", 8, format!("{w} is not a request type")))?,
        ),
        None => None,
    };
    let needed = reqtype.map_or(PI_LEN_CONNTYPE, PiReqType::required_len);
    let len = buflen.min(u32::try_from(arg.len()).unwrap_or(u32::MAX));
    let (Some(reqtype), true) = (reqtype, len >= needed) else {
        return Err(PiCheckError::NoBufs { needed });
    };
    let timeout = word(12).unwrap_or(0);
    if timeout > PI_TIMEOUT_MAX {
        return Err(inval(
            "PI_Timeout",
            12,
            format!("{timeout} seconds is more than 60"),
        ));
    }
    Ok(PiRequest {
        reqtype,
        timeout,
        len,
    })
}

/// The SIOCSPARTNERINFO argument: one fullword naming the credentials to collect at connection
/// setup (`reconstructed`: 1, 2 or 3; anything else EINVAL).
#[derive(BinRead, BinWrite, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[brw(big)]
pub struct SetPartnerInfoArg {
    #[br(try_map = |w: u32| PiReqType::from_word(w).filter(|r| *r != PiReqType::Conntype)
        .ok_or_else(|| Why(format!("SIOCSPARTNERINFO argument {w} is not a credential request type (1-3)"))))]
    #[bw(map = |r: &PiReqType| *r as u32)]
    pub reqtype: PiReqType,
}

/// The SIOCSPARTNERINFO fullword's one-field table.
pub static SET_LAYOUT: &Layout = &Layout {
    area: "siocspartnerinfo",
    title: "SIOCSPARTNERINFO argument",
    member: "TPXPINFS",
    struct_name: "PI_SetArg",
    size: 4,
    lengths: &[4],
    prov: Reconstructed,
    source: "docs/reference/partnerinfo.md",
    fields: &[Field::new(
        "PI_SetReqType",
        0,
        4,
        Ty::Code(REQTYPES),
        (Reconstructed, Reconstructed),
        "request type to collect at setup",
    )],
    consts: &[],
};

impl SetPartnerInfoArg {
    /// Reads the fullword; 0 or an unknown type is an error (EINVAL to the caller).
    pub fn parse(bytes: &[u8]) -> Result<SetPartnerInfoArg, AreaError> {
        super::read_area(SET_LAYOUT, bytes)
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        write_area(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::areas::testutil::{assert_tiles, for_arbitrary};

    #[test]
    fn layout_tiles() {
        assert_tiles(LAYOUT);
    }

    #[test]
    fn arbitrary_round_trips() {
        for_arbitrary(3000, |pi: PartnerInfo| {
            let bytes = pi.to_bytes();
            assert_eq!(bytes.len(), pi.len());
            assert_eq!(PartnerInfo::parse(&bytes), Ok(pi), "{bytes:02X?}");
        });
    }

    #[test]
    fn length_rules() {
        let req = |t: PiReqType, buflen: u32, arglen: usize| {
            let mut b = PartnerInfo::request(t, buflen, 0).to_bytes();
            b.resize(arglen, 0);
            check_request(&b)
        };
        assert!(matches!(
            check_request(&[0, 0, 0, 1, 0, 0, 0]),
            Err(PiCheckError::Inval { .. })
        ));
        assert_eq!(req(PiReqType::Conntype, 20, 20).map(|r| r.len), Ok(20));
        assert_eq!(
            req(PiReqType::PartnerUserid, 20, 20),
            Err(PiCheckError::NoBufs { needed: 40 })
        );
        assert_eq!(
            req(PiReqType::PartnerUserid, 200, 20),
            Err(PiCheckError::NoBufs { needed: 40 })
        );
        assert_eq!(
            req(PiReqType::PartnerSeccred, 40, 200),
            Err(PiCheckError::NoBufs { needed: 200 })
        );
        assert_eq!(
            req(PiReqType::PartnerUtoken, 200, 8),
            Err(PiCheckError::NoBufs { needed: 20 })
        );
        let mut b = PartnerInfo::request(PiReqType::Conntype, 20, 61).to_bytes();
        assert!(matches!(
            check_request(&b),
            Err(PiCheckError::Inval {
                field: "PI_Timeout",
                ..
            })
        ));
        b[11] = 9;
        assert!(matches!(
            check_request(&b),
            Err(PiCheckError::Inval {
                field: "PI_ReqType",
                ..
            })
        ));
        b[3] = 2;
        assert!(matches!(
            check_request(&b),
            Err(PiCheckError::Inval {
                field: "PI_Version",
                ..
            })
        ));
    }

    #[test]
    fn rejects_inconsistent_areas() {
        let mut b = PartnerInfo::request(PiReqType::PartnerUserid, 40, 10).to_bytes();
        b[17] = 0x20; // a UTOKEN flag on a USERID request
        let e = PartnerInfo::parse(&b).unwrap_err();
        assert!(
            matches!(&e, AreaError::Invalid { field, offset: 17, .. } if field == "PI_CredFlags"),
            "{e}"
        );
        b[17] = 0x80; // AS user ID flagged but blank
        let e = PartnerInfo::parse(&b).unwrap_err();
        assert!(
            matches!(&e, AreaError::Invalid { field, offset: 20, .. } if field == "PI_ASUserID"),
            "{e}"
        );
        let e = PartnerInfo::parse(&b[..30]).unwrap_err();
        assert!(
            matches!(&e, AreaError::Short { field, offset: 28, .. } if field == "PI_TaskUserID"),
            "{e}"
        );
        let mut b = PartnerInfo::request(PiReqType::PartnerSeccred, 200, 0).to_bytes();
        b[17] = 0x20;
        let e = PartnerInfo::parse(&b).unwrap_err();
        assert!(
            matches!(&e, AreaError::Invalid { field, offset: 40, .. } if field == "PI_ASUtoken.TOKLEN"),
            "{e}"
        );
    }

    #[test]
    fn binrw_reads_and_writes_the_whole_area() {
        use binrw::{BinRead, BinWrite};
        let pi = PartnerInfo::request(PiReqType::PartnerUserid, 40, 5);
        let mut out = std::io::Cursor::new(Vec::new());
        pi.write_be(&mut out).unwrap();
        let bytes = out.into_inner();
        assert_eq!(bytes, pi.to_bytes());
        let back = PartnerInfo::read_be_args(&mut std::io::Cursor::new(&bytes), (40,)).unwrap();
        assert_eq!(back, pi);
        assert!(PartnerInfo::read_be_args(&mut std::io::Cursor::new(&bytes), (300,)).is_err());
    }

    #[test]
    fn set_argument() {
        assert_eq!(
            SetPartnerInfoArg::parse(&[0, 0, 0, 3]).map(|a| a.reqtype),
            Ok(PiReqType::PartnerSeccred)
        );
        assert!(SetPartnerInfoArg::parse(&[0, 0, 0, 0]).is_err());
        assert!(SetPartnerInfoArg::parse(&[0, 0, 1]).is_err());
    }

    #[test]
    fn covers() {
        assert!(PiReqType::PartnerSeccred.covers(PiReqType::PartnerUserid));
        assert!(PiReqType::PartnerUserid.covers(PiReqType::Conntype));
        assert!(!PiReqType::PartnerUserid.covers(PiReqType::PartnerUtoken));
    }
}
