//! PartnerInfo, the SIOCGPARTNERINFO argument, and the SIOCSPARTNERINFO fullword.
//!
//! IBM has not published this mapping. The layout is the project's (`docs/reference/partnerinfo.md`, every
//! offset `reconstructed`); the behaviour it honours is IBM's (`docs/reference/trusted-tcp.md` §3).

use arbitrary::{Arbitrary, Unstructured};
use binrw::{BinRead, BinWrite};

use super::sockopt::ClusterConnType;
use super::utoken::{self, Name8, Utoken};
use super::{
    Area, AreaError, Block, Layout, Prov, Why, area, be32, bytes_at, concat_fields, constants,
    flags,
};
use crate::codepage::{self, CodePage, EBCDIC_BLANK};

constants! {
    /// PI_Version's one value.
    const PI_VERSIONS = [
        PI_VERSION1: u32 = 1, reconstructed, "docs/reference/partnerinfo.md §2", "PI_Version";
    ];
}

constants! {
    /// The request types. IBM names CONNTYPE and PARTNER_USERID (S8); the other names and
    /// every value are the project's.
    const PI_REQTYPES = [
        PI_REQTYPE_CONNTYPE: u32 = 0, reconstructed / confirmed, "docs/reference/trusted-tcp.md S8",
            "routing only";
        PI_REQTYPE_PARTNER_USERID: u32 = 1, reconstructed / confirmed, "docs/reference/trusted-tcp.md S8",
            "plus user IDs";
        PI_REQTYPE_PARTNER_UTOKEN: u32 = 2, reconstructed, "docs/reference/partnerinfo.md §2", "plus UTOKENs";
        PI_REQTYPE_PARTNER_SECCRED: u32 = 3, reconstructed, "docs/reference/partnerinfo.md §2",
            "plus user IDs and UTOKENs";
    ];
}

constants! {
    /// The lengths a request needs, and the longest timeout.
    const PI_LIMITS = [
        PI_LEN_CONNTYPE: u32 = 20, reconstructed, "docs/reference/partnerinfo.md §2", "length for CONNTYPE";
        PI_LEN_USERID: u32 = 40, reconstructed, "docs/reference/partnerinfo.md §2", "length for PARTNER_USERID";
        PI_LEN_ALL: u32 = 200, reconstructed, "docs/reference/partnerinfo.md §2",
            "length for UTOKEN and SECCRED";
        PI_TIMEOUT_MAX: u32 = 60, confirmed, "docs/reference/trusted-tcp.md SEED", "longest PI_Timeout, seconds";
    ];
}

/// The first 8 bytes (PI_Version, PI_Buflen) must be there for anything but EINVAL
/// (`reconstructed`).
pub const PI_LEN_MIN: usize = 8;

/// PI_ReqType: what to return besides the routing information (the PI_REQTYPE_ constants).
#[derive(BinRead, BinWrite, Arbitrary, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[brw(big, repr = u32)]
#[repr(u32)]
pub enum PiReqType {
    /// PI_REQTYPE_CONNTYPE: routing information only.
    Conntype = PI_REQTYPE_CONNTYPE,
    /// PI_REQTYPE_PARTNER_USERID: plus the partner's user IDs.
    PartnerUserid = PI_REQTYPE_PARTNER_USERID,
    /// PI_REQTYPE_PARTNER_UTOKEN: plus the partner's UTOKENs.
    PartnerUtoken = PI_REQTYPE_PARTNER_UTOKEN,
    /// PI_REQTYPE_PARTNER_SECCRED: plus user IDs and UTOKENs.
    PartnerSeccred = PI_REQTYPE_PARTNER_SECCRED,
}

impl PiReqType {
    /// The request type for a PI_ReqType word.
    pub const fn from_word(word: u32) -> Option<PiReqType> {
        match word {
            PI_REQTYPE_CONNTYPE => Some(PiReqType::Conntype),
            PI_REQTYPE_PARTNER_USERID => Some(PiReqType::PartnerUserid),
            PI_REQTYPE_PARTNER_UTOKEN => Some(PiReqType::PartnerUtoken),
            PI_REQTYPE_PARTNER_SECCRED => Some(PiReqType::PartnerSeccred),
            _ => None,
        }
    }

    /// The request type a caller's area asks for (PI_ReqType), if the area reaches it and
    /// the word names one.
    pub fn of_area(area: &[u8]) -> Option<PiReqType> {
        let w = area.get(off::PI_ReqType..off::PI_ReqType + 4)?;
        PiReqType::from_word(u32::from_be_bytes([w[0], w[1], w[2], w[3]]))
    }

    /// The constant's name.
    pub const fn name(self) -> &'static str {
        PI_REQTYPES[self as usize].name
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

impl super::Wire for PiReqType {
    const LEN: usize = 4;
    #[inline]
    fn get(b: &[u8]) -> Result<PiReqType, String> {
        let word = be32(b, 0);
        PiReqType::from_word(word).ok_or_else(|| format!("{word} is not a request type (0-3)"))
    }
    #[inline]
    fn put(&self, out: &mut [u8]) {
        out[..4].copy_from_slice(&(*self as u32).to_be_bytes());
    }
}

flags! {
    /// PI_CredFlags: which credentials were returned.
    pub struct CredFlags: u8 {
        AS_USERID as PI_CRED_ASUSERID = 0x80, reconstructed, "docs/reference/partnerinfo.md §2",
            "PI_ASUserID returned";
        TASK_USERID as PI_CRED_TASKUSERID = 0x40, reconstructed, "docs/reference/partnerinfo.md §2",
            "PI_TaskUserID returned (the partner has a task-level identity)";
        AS_UTOKEN as PI_CRED_ASUTOKEN = 0x20, reconstructed, "docs/reference/partnerinfo.md §2",
            "PI_ASUtoken returned";
        TASK_UTOKEN as PI_CRED_TASKUTOKEN = 0x10, reconstructed, "docs/reference/partnerinfo.md §2",
            "PI_TaskUtoken returned";
    }
}

impl CredFlags {
    /// Both user IDs.
    pub const USERIDS: CredFlags = CredFlags::AS_USERID.union(CredFlags::TASK_USERID);
    /// Both UTOKENs.
    pub const UTOKENS: CredFlags = CredFlags::AS_UTOKEN.union(CredFlags::TASK_UTOKEN);
}

area! {
    /// Bytes 0-19: the request and the routing answer.
    pub struct PiHeader {
        base: 0,
        offsets: off_header,
        check: PiHeader::check,
    }
    PI_Version @ 0 version: u32 = Code(PI_VERSIONS), reconstructed, "docs/reference/partnerinfo.md §2",
        "in: PI_VERSION1";
    PI_Buflen @ 4 buflen: u32 = Uint, reconstructed / confirmed, "docs/reference/trusted-tcp.md S11",
        "in: area length; out: bytes filled or needed";
    // No public source names the request-type field (IBM names only the PI_REQTYPE_
    // constants), so its name is the project's.
    PI_ReqType @ 8 reqtype: PiReqType = Code(PI_REQTYPES), reconstructed, "docs/reference/partnerinfo.md §2",
        "in: request type (PI_REQTYPE_ constants)";
    // IBM's only spelling is PI_TIMEOUT (the seed); this case is the project's.
    PI_Timeout @ 12 timeout: u32 = Uint, reconstructed, "docs/reference/partnerinfo.md §2",
        "in: seconds, 0 = no suspend, 1-60 (IBM: PI_TIMEOUT)";
    PI_ConnType @ 16 conntype: ClusterConnType = Flags(ClusterConnType::NAMED), reconstructed,
        "docs/reference/partnerinfo.md §2", "out: routing (SO_CLUSTERCONNTYPE bits)";
    PI_CredFlags @ 17 credflags: CredFlags = Flags(CredFlags::NAMED), reconstructed,
        "docs/reference/partnerinfo.md §2", "out: credentials returned";
    PI_Rsv1 @ 18 rsv1: [u8; 2] = Hex, reconstructed, "docs/reference/partnerinfo.md §2", "reserved, zero";
}

area! {
    /// Bytes 20-39: the user IDs.
    pub struct PiUserIds {
        base: 20,
        offsets: off_userids,
    }
    PI_ASUserID @ 20 as_userid: Name8 = Char, reconstructed, "docs/reference/partnerinfo.md §2",
        "out: address-space user ID";
    PI_TaskUserID @ 28 task_userid: Name8 = Char, reconstructed, "docs/reference/partnerinfo.md §2",
        "out: task-level user ID";
    PI_Rsv2 @ 36 rsv2: [u8; 4] = Hex, reconstructed, "docs/reference/partnerinfo.md §2", "reserved, zero";
}

area! {
    /// Bytes 40-199: the UTOKENs, kept as bytes (zeros when not returned).
    pub struct PiUtokens {
        base: 40,
        offsets: off_utokens,
    }
    PI_ASUtoken @ 40 as_utoken: [u8; 80] = Area(utoken::LAYOUT), reconstructed,
        "docs/reference/partnerinfo.md §2", "out: address-space UTOKEN";
    PI_TaskUtoken @ 120 task_utoken: [u8; 80] = Area(utoken::LAYOUT), reconstructed,
        "docs/reference/partnerinfo.md §2", "out: task-level UTOKEN";
}

/// Field offsets of the whole area.
pub mod off {
    pub use super::off_header::*;
    pub use super::off_userids::*;
    pub use super::off_utokens::*;
}

/// The PartnerInfo field table (`docs/reference/partnerinfo.md`).
pub static LAYOUT: &Layout = &Layout {
    area: "partnerinfo",
    title: "PartnerInfo",
    member: "TPXPINFO",
    struct_name: "PartnerInfo",
    size: PI_LEN_ALL as usize,
    lengths: &[
        PI_LEN_CONNTYPE as usize,
        PI_LEN_USERID as usize,
        PI_LEN_ALL as usize,
    ],
    prov: Prov::Reconstructed,
    source: "docs/reference/partnerinfo.md",
    fields: concat_fields!(PiHeader, PiUserIds, PiUtokens),
    consts: &[PI_VERSIONS, PI_REQTYPES, PI_LIMITS],
};

impl PiHeader {
    /// Validates the 20 header bytes in place. An error gives the offset of the field at fault.
    #[inline]
    fn check(b: &[u8]) -> Result<(), (usize, String)> {
        let version = be32(b, off::PI_Version);
        if version != PI_VERSION1 {
            return Err((
                off::PI_Version,
                format!("PI_Version is {version} but only PI_VERSION1 (1) is defined"),
            ));
        }
        let word = be32(b, off::PI_ReqType);
        let Some(reqtype) = PiReqType::from_word(word) else {
            return Err((
                off::PI_ReqType,
                format!("PI_ReqType {word} is not a request type (0-3)"),
            ));
        };
        let timeout = be32(b, off::PI_Timeout);
        if timeout > PI_TIMEOUT_MAX {
            return Err((
                off::PI_Timeout,
                format!("PI_Timeout is {timeout} seconds; at most 60 are allowed"),
            ));
        }
        let conn = b[off::PI_ConnType];
        if ClusterConnType::from_bits(conn).is_none() {
            return Err((
                off::PI_ConnType,
                format!("PI_ConnType X'{conn:02X}' has undefined bits set"),
            ));
        }
        let cred = b[off::PI_CredFlags];
        match CredFlags::from_bits(cred) {
            None => {
                return Err((
                    off::PI_CredFlags,
                    format!("PI_CredFlags X'{cred:02X}' has undefined bits set"),
                ));
            }
            Some(c) if !reqtype.allowed_creds().contains(c) => {
                return Err((
                    off::PI_CredFlags,
                    format!(
                        "PI_CredFlags X'{cred:02X}' names credentials {} does not return",
                        reqtype.name()
                    ),
                ));
            }
            Some(_) => {}
        }
        if b[off::PI_Rsv1..off::PI_ASUserID] != [0; 2] {
            return Err((off::PI_Rsv1, "reserved bytes must be zero".into()));
        }
        Ok(())
    }
}

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
        token == [0u8; 80].as_slice()
    }
}

#[inline]
fn filled_ok(h: &PiHeader, b: &[u8]) -> bool {
    let f = filled(h, b.len());
    let flag = |c| h.credflags.contains(c);
    let mut ok = b.len() >= f.need;
    if f.ids {
        let (as_user, task_user) = (
            bytes_at(b, off::PI_ASUserID),
            bytes_at(b, off::PI_TaskUserID),
        );
        let [as_is_name, task_is_name] = codepage::racf_names2(&as_user, &task_user);
        ok &= userid_ok_given(&as_user, flag(CredFlags::AS_USERID), as_is_name)
            & userid_ok_given(&task_user, flag(CredFlags::TASK_USERID), task_is_name)
            & (b[off::PI_Rsv2..off::PI_ASUtoken] == [0; 4]);
    }
    if f.tokens {
        ok &= utoken_ok(
            &b[off::PI_ASUtoken..off::PI_TaskUtoken],
            flag(CredFlags::AS_UTOKEN),
        ) & utoken_ok(&b[off::PI_TaskUtoken..], flag(CredFlags::TASK_UTOKEN));
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
            (off::PI_ASUserID, "PI_ASUserID", CredFlags::AS_USERID),
            (off::PI_TaskUserID, "PI_TaskUserID", CredFlags::TASK_USERID),
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
        if b[off::PI_Rsv2..off::PI_ASUtoken] != [0; 4] {
            return AreaError::invalid(LAYOUT, "PI_Rsv2", "reserved bytes must be zero");
        }
    }
    if f.tokens {
        for (at, end, name, cred) in [
            (
                off::PI_ASUtoken,
                off::PI_TaskUtoken,
                "PI_ASUtoken",
                CredFlags::AS_UTOKEN,
            ),
            (
                off::PI_TaskUtoken,
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
        let at = |base: usize| {
            move |(offset, reason): (usize, String)| AreaError::at(LAYOUT, base + offset, reason)
        };
        let header = PiHeader::decode(bytes).map_err(at(0))?;
        check_filled(&header, bytes)?;
        Ok(PartnerInfo {
            header,
            userids: bytes
                .get(off::PI_ASUserID..off::PI_ASUtoken)
                .map(PiUserIds::decode)
                .transpose()
                .map_err(at(off::PI_ASUserID))?,
            utokens: bytes
                .get(off::PI_ASUtoken..PI_LEN_ALL as usize)
                .map(PiUtokens::decode)
                .transpose()
                .map_err(at(off::PI_ASUtoken))?,
        })
    }

    fn to_bytes(&self) -> Vec<u8> {
        let mut out = vec![0u8; self.len()];
        self.header.encode(&mut out[..PiHeader::LEN]);
        if let Some(ids) = &self.userids {
            ids.encode(&mut out[off::PI_ASUserID..off::PI_ASUtoken]);
        }
        if let Some(tokens) = self.utokens.as_ref().filter(|_| self.userids.is_some()) {
            tokens.encode(&mut out[off::PI_ASUtoken..]);
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

area! {
    /// The SIOCSPARTNERINFO argument: one fullword naming the credentials to collect at
    /// connection setup (1, 2 or 3; anything else EINVAL).
    pub struct SetPartnerInfoArg {
        base: 0,
        offsets: off_set,
        check: SetPartnerInfoArg::check,
        layout: SET_LAYOUT {
            area: "siocspartnerinfo",
            title: "SIOCSPARTNERINFO argument",
            member: "TPXPINFS",
            struct_name: "PI_SetArg",
            prov: Prov::Reconstructed,
            source: "docs/reference/partnerinfo.md",
            consts: &[],
        },
    }
    PI_SetReqType @ 0 reqtype: PiReqType = Code(PI_REQTYPES), reconstructed,
        "docs/reference/partnerinfo.md §3", "request type to collect at setup",
        arbitrary: |u: &mut Unstructured| Ok(*u.choose(&[
            PiReqType::PartnerUserid,
            PiReqType::PartnerUtoken,
            PiReqType::PartnerSeccred,
        ])?);
}

impl SetPartnerInfoArg {
    /// 0 or an unknown type is an error (EINVAL to the caller).
    fn check(b: &[u8]) -> Result<(), (usize, String)> {
        let w = be32(b, 0);
        match PiReqType::from_word(w) {
            Some(PiReqType::Conntype) | None => Err((
                0,
                format!("SIOCSPARTNERINFO argument {w} is not a credential request type (1-3)"),
            )),
            Some(_) => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::areas::testutil::for_arbitrary;

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
