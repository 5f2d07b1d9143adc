//! The DCAS request and reply: what a client sends DCAS and what DCAS answers. IBM documents
//! the wire format only in the IP Programmer's Guide chapter no public source reproduces
//! (`docs/reference/dcas.md` §2: `unknown`), so both layouts are the project's, every field
//! `reconstructed` (`docs/reference/dcas.md` §10). Big-endian binary, character fields
//! IBM-1047 padded with X'40', as the other areas.
//!
//! A request is the 32-byte [`DcasRequest`] header, then, in Format 1, DCRQ_CERTLEN bytes of
//! DER certificate. A reply is the 40-byte [`DcasReply`].

use arbitrary::Unstructured;

use super::{Prov, area, bytes_at, constants};
use crate::codepage::{self, CodePage};

/// The request header's eye-catcher, 'DCRQ' in IBM-1047.
pub const DCRQ_EYE: [u8; 4] = [0xC4, 0xC3, 0xD9, 0xD8];
/// The reply's eye-catcher, 'DCRP' in IBM-1047.
pub const DCRP_EYE: [u8; 4] = [0xC4, 0xC3, 0xD9, 0xD7];

constants! {
    /// The request's sizes and version.
    const REQUEST_SIZES = [
        DCRQ_HDRLEN: u32 = 32, reconstructed, "docs/reference/dcas.md §10", "length of the header";
        /// DCAS reads no further.
        DCRQ_CERTMAX: u32 = 16_384, reconstructed, "docs/reference/dcas.md §10",
            "longest certificate";
        DCAS_VERSION: u16 = 1, reconstructed, "docs/reference/dcas.md §10",
            "DCRQ_VERSION and DCRP_VERSION";
    ];
}

constants! {
    /// The request formats.
    const FORMATS = [
        /// A certificate and an application ID give a user ID and a PassTicket.
        DCRQ_FORMAT_CERT: u16 = 1, reconstructed, "docs/reference/dcas.md §10",
            "Format 1: a certificate";
        /// A user ID and an application ID give a PassTicket.
        DCRQ_FORMAT_USERID: u16 = 2, reconstructed, "docs/reference/dcas.md §10",
            "Format 2: a user ID";
    ];
}

constants! {
    /// Where DCAS listens.
    const PORTS = [
        DCAS_PORT: u16 = 8990, confirmed, "docs/reference/dcas.md §1",
            "DCAS's default port (IBM, Express Logon Feature example)";
    ];
}

constants! {
    /// The reply's length.
    const REPLY_SIZES = [
        DCRP_LEN: u32 = 40, reconstructed, "docs/reference/dcas.md §10", "length of the reply";
    ];
}

constants! {
    /// The reply's return codes.
    const RCS = [
        DCRP_RC_OK: u32 = 0, reconstructed, "docs/reference/dcas.md §10",
            "a PassTicket is in the reply";
        DCRP_RC_BADREQ: u32 = 8, reconstructed, "docs/reference/dcas.md §10",
            "the request is malformed";
        DCRP_RC_NOTMAPPED: u32 = 12, reconstructed, "docs/reference/dcas.md §10",
            "the certificate maps to no user";
        DCRP_RC_NOUSER: u32 = 16, reconstructed, "docs/reference/dcas.md §10",
            "the user is not defined to RACF";
        DCRP_RC_NOPTKT: u32 = 20, reconstructed, "docs/reference/dcas.md §10",
            "no PassTicket key for the application";
    ];
}

area! {
    /// The 32-byte request header.
    pub struct DcasRequest {
        base: 0,
        offsets: request_off,
        check: DcasRequest::check,
        arbitrary: DcasRequest::arbitrary_valid,
        layout: REQUEST_LAYOUT {
            area: "dcas-request",
            title: "DCAS request header",
            member: "TPXDCARQ",
            struct_name: "DCAS_REQUEST",
            prov: Prov::Reconstructed,
            source: "docs/reference/dcas.md section 10",
            consts: &[REQUEST_SIZES, FORMATS, PORTS],
        },
    }
    DCRQ_LENGTH @ 0 length: u32 = Uint, reconstructed, "docs/reference/dcas.md §10",
        "length of the request: header and certificate";
    DCRQ_EYE @ 4 eye: [u8; 4] = Char, reconstructed, "docs/reference/dcas.md §10", "eye-catcher 'DCRQ'";
    DCRQ_VERSION @ 8 version: u16 = Uint, reconstructed, "docs/reference/dcas.md §10", "version, 1";
    DCRQ_FORMAT @ 10 format: u16 = Code(FORMATS), reconstructed, "docs/reference/dcas.md §10",
        "request format, 1 or 2";
    DCRQ_APPLID @ 12 applid: [u8; 8] = Char, reconstructed, "docs/reference/dcas.md §10",
        "application ID the PassTicket is for";
    DCRQ_USERID @ 20 userid: [u8; 8] = Char, reconstructed, "docs/reference/dcas.md §10",
        "Format 2: the user ID; Format 1: blanks";
    DCRQ_CERTLEN @ 28 certlen: u32 = Uint, reconstructed, "docs/reference/dcas.md §10",
        "Format 1: bytes of DER certificate after the header; Format 2: 0";
}

area! {
    /// The 40-byte reply.
    pub struct DcasReply {
        base: 0,
        offsets: reply_off,
        check: DcasReply::check,
        arbitrary: DcasReply::arbitrary_valid,
        layout: REPLY_LAYOUT {
            area: "dcas-reply",
            title: "DCAS reply",
            member: "TPXDCARP",
            struct_name: "DCAS_REPLY",
            prov: Prov::Reconstructed,
            source: "docs/reference/dcas.md section 10",
            consts: &[REPLY_SIZES, RCS],
        },
    }
    DCRP_LENGTH @ 0 length: u32 = Uint, reconstructed, "docs/reference/dcas.md §10", "length of the reply, 40";
    DCRP_EYE @ 4 eye: [u8; 4] = Char, reconstructed, "docs/reference/dcas.md §10", "eye-catcher 'DCRP'";
    DCRP_VERSION @ 8 version: u16 = Uint, reconstructed, "docs/reference/dcas.md §10", "version, 1";
    DCRP_FORMAT @ 10 format: u16 = Code(FORMATS), reconstructed, "docs/reference/dcas.md §10",
        "the request's format; 0 if it could not be read";
    DCRP_RC @ 12 rc: u32 = Code(RCS), reconstructed, "docs/reference/dcas.md §10", "return code";
    DCRP_REASON @ 16 reason: u32 = Uint, reconstructed, "docs/reference/dcas.md §10",
        "RC 8: offset of the field at fault; RC 12: 1 malformed, 2 not valid now, 3 not mapped, 4 NOTRUST";
    DCRP_USERID @ 20 userid: [u8; 8] = Char, reconstructed, "docs/reference/dcas.md §10",
        "the user ID (Format 1: the mapped one)";
    DCRP_PASSTICKET @ 28 passticket: [u8; 8] = Char, reconstructed, "docs/reference/dcas.md §10",
        "the PassTicket; blanks when RC is not 0";
    DCRP_RESERVED @ 36 reserved: [u8; 4] = Hex, reconstructed, "docs/reference/dcas.md §10", "reserved, zeros";
}

fn text_ok(b: &[u8]) -> bool {
    codepage::is_clean_text(b, CodePage::Ibm1047)
}

/// The first check of `checks` (offset, passed, why) that failed.
fn first_failure(checks: &[(usize, bool, &dyn Fn() -> String)]) -> Result<(), (usize, String)> {
    match checks.iter().find(|(_, ok, _)| !ok) {
        Some((at, _, why)) => Err((*at, why())),
        None => Ok(()),
    }
}

impl DcasRequest {
    /// The fields' rules, in field order.
    fn check(b: &[u8]) -> Result<(), (usize, String)> {
        use request_off as at;
        let version = u16::from_be_bytes(bytes_at(b, at::DCRQ_VERSION));
        let format = u16::from_be_bytes(bytes_at(b, at::DCRQ_FORMAT));
        let certlen = u32::from_be_bytes(bytes_at(b, at::DCRQ_CERTLEN));
        first_failure(&[
            (at::DCRQ_EYE, bytes_at(b, at::DCRQ_EYE) == DCRQ_EYE, &|| {
                "the eye-catcher is not 'DCRQ'".into()
            }),
            (at::DCRQ_VERSION, version == DCAS_VERSION, &|| {
                format!("version {version} is not 1")
            }),
            (
                at::DCRQ_FORMAT,
                format == DCRQ_FORMAT_CERT || format == DCRQ_FORMAT_USERID,
                &|| format!("format {format} is not 1 or 2"),
            ),
            (
                at::DCRQ_APPLID,
                text_ok(&bytes_at::<8>(b, at::DCRQ_APPLID)) && b[at::DCRQ_APPLID] != 0x40,
                &|| "the application ID is not EBCDIC text".into(),
            ),
            (
                at::DCRQ_USERID,
                text_ok(&bytes_at::<8>(b, at::DCRQ_USERID)),
                &|| "the user ID is not EBCDIC text".into(),
            ),
            (at::DCRQ_CERTLEN, certlen <= DCRQ_CERTMAX, &|| {
                format!("{certlen} bytes is more than the {DCRQ_CERTMAX} a certificate may have")
            }),
        ])
    }
    /// A Format 2 request: a user ID and an application ID.
    pub fn for_user(user: &str, applid: &str) -> Result<DcasRequest, codepage::FieldTextError> {
        Ok(DcasRequest {
            length: DCRQ_HDRLEN,
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
            length: DCRQ_HDRLEN + certlen,
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

impl DcasReply {
    /// The fields' rules, in field order.
    fn check(b: &[u8]) -> Result<(), (usize, String)> {
        use reply_off as at;
        let length = u32::from_be_bytes(bytes_at(b, at::DCRP_LENGTH));
        first_failure(&[
            (at::DCRP_LENGTH, length == DCRP_LEN, &|| {
                format!("length {length} is not {DCRP_LEN}")
            }),
            (at::DCRP_EYE, bytes_at(b, at::DCRP_EYE) == DCRP_EYE, &|| {
                "the eye-catcher is not 'DCRP'".into()
            }),
            (
                at::DCRP_USERID,
                text_ok(&bytes_at::<8>(b, at::DCRP_USERID)),
                &|| "the user ID is not EBCDIC text".into(),
            ),
            (
                at::DCRP_PASSTICKET,
                text_ok(&bytes_at::<8>(b, at::DCRP_PASSTICKET)),
                &|| "the PassTicket is not EBCDIC text".into(),
            ),
        ])
    }
    /// A reply with `rc` and `reason`, no user and no PassTicket.
    pub fn refusal(format: u16, rc: u32, reason: u32) -> DcasReply {
        DcasReply {
            length: DCRP_LEN,
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

impl DcasRequest {
    /// A valid request: Format 1 or 2, names of A-Z and 0-9.
    fn arbitrary_valid(u: &mut Unstructured<'_>) -> arbitrary::Result<Self> {
        let applid = arbitrary_name(u, 1)?;
        let r = if u.arbitrary()? {
            DcasRequest::for_cert(u.int_in_range(0..=DCRQ_CERTMAX)?, &applid)
        } else {
            DcasRequest::for_user(&arbitrary_name(u, 0)?, &applid)
        };
        r.map_err(|_| arbitrary::Error::IncorrectFormat)
    }
}

impl DcasReply {
    /// A valid reply.
    fn arbitrary_valid(u: &mut Unstructured<'_>) -> arbitrary::Result<Self> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::areas::testutil::for_arbitrary;
    use crate::areas::{Area, AreaError};

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
