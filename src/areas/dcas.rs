//! The DCAS request and reply: what a client sends DCAS and what DCAS answers. IBM documents
//! the wire format only in the IP Programmer's Guide chapter no public source reproduces
//! (`docs/reference/dcas.md` §2: `unknown`), so both layouts are the project's, every field
//! `reconstructed` (`docs/reference/dcas.md` §10). Big-endian binary, character fields
//! IBM-1047 padded with X'40', as the other areas.
//!
//! A request is the 32-byte [`DcasRequest`] header, then, in Format 1, DCRQ_CERTLEN bytes of
//! DER certificate. A reply is the 40-byte [`DcasReply`].

use arbitrary::{Arbitrary, Unstructured};
use binrw::{BinRead, BinWrite};

use super::binrw_area;
use super::{Const, Field, Layout, Named, Prov, Ty, ensure, named, read_bytes, write_bytes};
use crate::codepage::{self, CodePage};

use Prov::Reconstructed;

/// The request header's eye-catcher, 'DCRQ' in IBM-1047.
pub const DCRQ_EYE: [u8; 4] = [0xC4, 0xC3, 0xD9, 0xD8];
/// The reply's eye-catcher, 'DCRP' in IBM-1047.
pub const DCRP_EYE: [u8; 4] = [0xC4, 0xC3, 0xD9, 0xD7];
/// The one version of both areas.
pub const DCAS_VERSION: u16 = 1;
/// The request header's length.
pub const DCRQ_HDRLEN: usize = 32;
/// The reply's length.
pub const DCRP_LEN: usize = 40;
/// The longest certificate a request may carry: DCAS reads no further (`reconstructed`).
pub const DCRQ_CERTMAX: u32 = 16_384;

/// Format 1: a certificate and an application ID give a user ID and a PassTicket.
pub const DCRQ_FORMAT_CERT: u16 = 1;
/// Format 2: a user ID and an application ID give a PassTicket.
pub const DCRQ_FORMAT_USERID: u16 = 2;

const FORMATS: &[Named] = &[
    named(1, "DCRQ_FORMAT_CERT", Reconstructed),
    named(2, "DCRQ_FORMAT_USERID", Reconstructed),
];

/// Reply return codes.
pub const DCRP_RC_OK: u32 = 0;
pub const DCRP_RC_BADREQ: u32 = 8;
pub const DCRP_RC_NOTMAPPED: u32 = 12;
pub const DCRP_RC_NOUSER: u32 = 16;
pub const DCRP_RC_NOPTKT: u32 = 20;

const RCS: &[Named] = &[
    named(0, "DCRP_RC_OK", Reconstructed),
    named(8, "DCRP_RC_BADREQ", Reconstructed),
    named(12, "DCRP_RC_NOTMAPPED", Reconstructed),
    named(16, "DCRP_RC_NOUSER", Reconstructed),
    named(20, "DCRP_RC_NOPTKT", Reconstructed),
];

const R: (Prov, Prov) = (Reconstructed, Reconstructed);

const fn konst(name: &'static str, value: u64, len: usize, doc: &'static str) -> Const {
    Const {
        name,
        value,
        len,
        prov: Reconstructed,
        doc,
    }
}

/// DCAS request header field table.
pub static REQUEST_LAYOUT: &Layout = &Layout {
    area: "dcas-request",
    title: "DCAS request header",
    member: "TPXDCARQ",
    struct_name: "DCAS_REQUEST",
    size: DCRQ_HDRLEN,
    lengths: &[DCRQ_HDRLEN],
    prov: Reconstructed,
    source: "docs/reference/dcas.md section 10",
    fields: &[
        Field::new(
            "DCRQ_LENGTH",
            0,
            4,
            Ty::Uint,
            R,
            "length of the request: header and certificate",
        ),
        Field::new("DCRQ_EYE", 4, 4, Ty::Char, R, "eye-catcher 'DCRQ'"),
        Field::new("DCRQ_VERSION", 8, 2, Ty::Uint, R, "version, 1"),
        Field::new(
            "DCRQ_FORMAT",
            10,
            2,
            Ty::Code(FORMATS),
            R,
            "request format, 1 or 2",
        ),
        Field::new(
            "DCRQ_APPLID",
            12,
            8,
            Ty::Char,
            R,
            "application ID the PassTicket is for",
        ),
        Field::new(
            "DCRQ_USERID",
            20,
            8,
            Ty::Char,
            R,
            "Format 2: the user ID; Format 1: blanks",
        ),
        Field::new(
            "DCRQ_CERTLEN",
            28,
            4,
            Ty::Uint,
            R,
            "Format 1: bytes of DER certificate after the header; Format 2: 0",
        ),
    ],
    consts: &[
        konst("DCRQ_HDRLEN", DCRQ_HDRLEN as u64, 4, "length of the header"),
        konst(
            "DCRQ_CERTMAX",
            DCRQ_CERTMAX as u64,
            4,
            "longest certificate",
        ),
        konst(
            "DCAS_VERSION",
            DCAS_VERSION as u64,
            2,
            "DCRQ_VERSION and DCRP_VERSION",
        ),
        konst(
            "DCRQ_FORMAT_CERT",
            DCRQ_FORMAT_CERT as u64,
            2,
            "Format 1: a certificate",
        ),
        konst(
            "DCRQ_FORMAT_USERID",
            DCRQ_FORMAT_USERID as u64,
            2,
            "Format 2: a user ID",
        ),
        Const {
            name: "DCAS_PORT",
            value: 8990,
            len: 2,
            prov: Prov::Confirmed,
            doc: "DCAS's default port (IBM, Express Logon Feature example)",
        },
    ],
};

/// DCAS reply field table.
pub static REPLY_LAYOUT: &Layout = &Layout {
    area: "dcas-reply",
    title: "DCAS reply",
    member: "TPXDCARP",
    struct_name: "DCAS_REPLY",
    size: DCRP_LEN,
    lengths: &[DCRP_LEN],
    prov: Reconstructed,
    source: "docs/reference/dcas.md section 10",
    fields: &[
        Field::new("DCRP_LENGTH", 0, 4, Ty::Uint, R, "length of the reply, 40"),
        Field::new("DCRP_EYE", 4, 4, Ty::Char, R, "eye-catcher 'DCRP'"),
        Field::new("DCRP_VERSION", 8, 2, Ty::Uint, R, "version, 1"),
        Field::new(
            "DCRP_FORMAT",
            10,
            2,
            Ty::Code(FORMATS),
            R,
            "the request's format; 0 if it could not be read",
        ),
        Field::new("DCRP_RC", 12, 4, Ty::Code(RCS), R, "return code"),
        Field::new(
            "DCRP_REASON",
            16,
            4,
            Ty::Uint,
            R,
            "RC 8: offset of the field at fault; RC 12: 1 malformed, 2 not valid now, 3 not mapped, 4 NOTRUST",
        ),
        Field::new(
            "DCRP_USERID",
            20,
            8,
            Ty::Char,
            R,
            "the user ID (Format 1: the mapped one)",
        ),
        Field::new(
            "DCRP_PASSTICKET",
            28,
            8,
            Ty::Char,
            R,
            "the PassTicket; blanks when RC is not 0",
        ),
        Field::new("DCRP_RESERVED", 36, 4, Ty::Hex, R, "reserved, zeros"),
    ],
    consts: &[
        konst("DCRP_LEN", DCRP_LEN as u64, 4, "length of the reply"),
        konst(
            "DCRP_RC_OK",
            DCRP_RC_OK as u64,
            4,
            "a PassTicket is in the reply",
        ),
        konst(
            "DCRP_RC_BADREQ",
            DCRP_RC_BADREQ as u64,
            4,
            "the request is malformed",
        ),
        konst(
            "DCRP_RC_NOTMAPPED",
            DCRP_RC_NOTMAPPED as u64,
            4,
            "the certificate maps to no user",
        ),
        konst(
            "DCRP_RC_NOUSER",
            DCRP_RC_NOUSER as u64,
            4,
            "the user is not defined to RACF",
        ),
        konst(
            "DCRP_RC_NOPTKT",
            DCRP_RC_NOPTKT as u64,
            4,
            "no PassTicket key for the application",
        ),
    ],
};

fn text_ok(b: &[u8]) -> bool {
    codepage::is_clean_text(b, CodePage::Ibm1047)
}

/// The 32-byte request header.
#[derive(BinRead, BinWrite, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[brw(big)]
pub struct DcasRequest {
    /// +0 DCRQ_LENGTH: the header plus DCRQ_CERTLEN.
    pub length: u32,
    /// +4 DCRQ_EYE.
    #[br(parse_with = read_bytes, try_map = |e: [u8; 4]| ensure(e, e == DCRQ_EYE, || "the eye-catcher is not 'DCRQ'".into()))]
    #[bw(write_with = write_bytes)]
    pub eye: [u8; 4],
    /// +8 DCRQ_VERSION.
    #[br(try_map = |v: u16| ensure(v, v == DCAS_VERSION, || format!("version {v} is not 1")))]
    pub version: u16,
    /// +10 DCRQ_FORMAT.
    #[br(try_map = |f: u16| ensure(f, f == DCRQ_FORMAT_CERT || f == DCRQ_FORMAT_USERID, || format!("format {f} is not 1 or 2")))]
    pub format: u16,
    /// +12 DCRQ_APPLID.
    #[br(parse_with = read_bytes, try_map = |a: [u8; 8]| ensure(a, text_ok(&a) && a[0] != 0x40, || "the application ID is not EBCDIC text".into()))]
    #[bw(write_with = write_bytes)]
    pub applid: [u8; 8],
    /// +20 DCRQ_USERID.
    #[br(parse_with = read_bytes, try_map = |u: [u8; 8]| ensure(u, text_ok(&u), || "the user ID is not EBCDIC text".into()))]
    #[bw(write_with = write_bytes)]
    pub userid: [u8; 8],
    /// +28 DCRQ_CERTLEN.
    #[br(try_map = |n: u32| ensure(n, n <= DCRQ_CERTMAX, || format!("{n} bytes is more than the {DCRQ_CERTMAX} a certificate may have")))]
    pub certlen: u32,
}

impl DcasRequest {
    /// A Format 2 request: a user ID and an application ID.
    pub fn for_user(user: &str, applid: &str) -> Result<DcasRequest, codepage::FieldTextError> {
        Ok(DcasRequest {
            length: DCRQ_HDRLEN as u32,
            eye: DCRQ_EYE,
            version: DCAS_VERSION,
            format: DCRQ_FORMAT_USERID,
            applid: codepage::pad_field(&applid.to_ascii_uppercase(), CodePage::Ibm1047)?,
            userid: codepage::pad_field(&user.to_ascii_uppercase(), CodePage::Ibm1047)?,
            certlen: 0,
        })
    }

    /// A Format 1 request header for a certificate of `certlen` bytes.
    pub fn for_cert(certlen: u32, applid: &str) -> Result<DcasRequest, codepage::FieldTextError> {
        Ok(DcasRequest {
            length: DCRQ_HDRLEN as u32 + certlen,
            format: DCRQ_FORMAT_CERT,
            userid: [0x40; 8],
            certlen,
            ..DcasRequest::for_user("X", applid)?
        })
    }

    pub fn applid(&self) -> String {
        codepage::field_text(&self.applid, CodePage::Ibm1047)
    }

    pub fn user(&self) -> String {
        codepage::field_text(&self.userid, CodePage::Ibm1047)
    }
}

/// The 40-byte reply.
#[derive(BinRead, BinWrite, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[brw(big)]
pub struct DcasReply {
    /// +0 DCRP_LENGTH.
    #[br(try_map = |n: u32| ensure(n, n as usize == DCRP_LEN, || format!("length {n} is not {DCRP_LEN}")))]
    pub length: u32,
    /// +4 DCRP_EYE.
    #[br(parse_with = read_bytes, try_map = |e: [u8; 4]| ensure(e, e == DCRP_EYE, || "the eye-catcher is not 'DCRP'".into()))]
    #[bw(write_with = write_bytes)]
    pub eye: [u8; 4],
    /// +8 DCRP_VERSION.
    pub version: u16,
    /// +10 DCRP_FORMAT.
    pub format: u16,
    /// +12 DCRP_RC.
    pub rc: u32,
    /// +16 DCRP_REASON.
    pub reason: u32,
    /// +20 DCRP_USERID.
    #[br(parse_with = read_bytes, try_map = |u: [u8; 8]| ensure(u, text_ok(&u), || "the user ID is not EBCDIC text".into()))]
    #[bw(write_with = write_bytes)]
    pub userid: [u8; 8],
    /// +28 DCRP_PASSTICKET.
    #[br(parse_with = read_bytes, try_map = |p: [u8; 8]| ensure(p, text_ok(&p), || "the PassTicket is not EBCDIC text".into()))]
    #[bw(write_with = write_bytes)]
    pub passticket: [u8; 8],
    /// +36 DCRP_RESERVED.
    #[br(parse_with = read_bytes)]
    #[bw(write_with = write_bytes)]
    pub reserved: [u8; 4],
}

impl DcasReply {
    /// A reply with `rc` and `reason`, no user and no PassTicket.
    pub fn refusal(format: u16, rc: u32, reason: u32) -> DcasReply {
        DcasReply {
            length: DCRP_LEN as u32,
            eye: DCRP_EYE,
            version: DCAS_VERSION,
            format,
            rc,
            reason,
            userid: [0x40; 8],
            passticket: [0x40; 8],
            reserved: [0; 4],
        }
    }

    /// A successful reply. User IDs and PassTickets are at most 8 characters of A-Z, 0-9 and
    /// RACF's national characters, so they always fit.
    pub fn ok(format: u16, user: &str, passticket: &str) -> DcasReply {
        let field = |s: &str| codepage::pad_field(s, CodePage::Ibm1047).unwrap_or([0x40; 8]);
        DcasReply {
            userid: field(user),
            passticket: field(passticket),
            ..DcasReply::refusal(format, DCRP_RC_OK, 0)
        }
    }

    pub fn user(&self) -> String {
        codepage::field_text(&self.userid, CodePage::Ibm1047)
    }

    pub fn passticket(&self) -> String {
        codepage::field_text(&self.passticket, CodePage::Ibm1047)
    }
}

const NAME_CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

fn arbitrary_name(u: &mut Unstructured<'_>, min: usize) -> arbitrary::Result<String> {
    let len = u.int_in_range(min..=8)?;
    (0..len)
        .map(|_| u.choose(NAME_CHARS).map(|&c| c as char))
        .collect()
}

impl<'a> Arbitrary<'a> for DcasRequest {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        let applid = arbitrary_name(u, 1)?;
        let r = if u.arbitrary()? {
            DcasRequest::for_cert(u.int_in_range(0..=DCRQ_CERTMAX)?, &applid)
        } else {
            DcasRequest::for_user(&arbitrary_name(u, 0)?, &applid)
        };
        r.map_err(|_| arbitrary::Error::IncorrectFormat)
    }
}

impl<'a> Arbitrary<'a> for DcasReply {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        let mut r = DcasReply::ok(
            *u.choose(&[DCRQ_FORMAT_CERT, DCRQ_FORMAT_USERID])?,
            &arbitrary_name(u, 1)?,
            &arbitrary_name(u, 8)?,
        );
        r.rc = u.choose(RCS)?.value as u32;
        r.reason = u.arbitrary()?;
        Ok(r)
    }
}

binrw_area!(DcasRequest, REQUEST_LAYOUT);
binrw_area!(DcasReply, REPLY_LAYOUT);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::areas::testutil::{assert_tiles, for_arbitrary};
    use crate::areas::{Area, AreaError};

    #[test]
    fn layouts_tile() {
        assert_tiles(REQUEST_LAYOUT);
        assert_tiles(REPLY_LAYOUT);
    }

    #[test]
    fn arbitrary_round_trips() {
        for_arbitrary(1000, |r: DcasRequest| {
            assert_eq!(DcasRequest::parse(&r.to_bytes()), Ok(r))
        });
        for_arbitrary(1000, |r: DcasReply| {
            assert_eq!(DcasReply::parse(&r.to_bytes()), Ok(r))
        });
    }

    #[test]
    fn refuses_what_is_not_a_request() {
        let mut b = DcasRequest::for_user("TOM", "TSO").unwrap().to_bytes();
        assert_eq!(&b[4..8], &DCRQ_EYE);
        b[11] = 3;
        let e = DcasRequest::parse(&b).unwrap_err();
        assert!(
            matches!(&e, AreaError::Invalid { field, offset: 10, .. } if field == "DCRQ_FORMAT"),
            "{e}"
        );
        let mut b = DcasRequest::for_cert(20_000, "TSO").unwrap().to_bytes();
        b[28..32].copy_from_slice(&20_000u32.to_be_bytes());
        assert!(DcasRequest::parse(&b).is_err());
    }
}
