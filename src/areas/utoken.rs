//! The RACF user security token, ICHRUTKN, DSECT `TOKEN`, 80 bytes (`docs/reference/utoken.md`).
//!
//! Offsets 0-15 are `confirmed` (IBM's RUTKN data area); offsets 16-79 are `inferred` from the
//! NJE job header, which carries the same token, and the names we give those fields are ours
//! (`reconstructed`): IBM's names for them are not public.

use arbitrary::{Arbitrary, Unstructured};
use bitflags::bitflags;

use super::{
    Area, AreaError, Block, Field, Layout, Named, Prov, Ty, block_binrw, bytes_at, decode_block,
    encode_block, named,
};
use crate::codepage::{self, CodePage, EBCDIC_BLANK, FieldTextError};

use Prov::{Confirmed, Inferred, Reconstructed, ThirdParty};

/// TOKLEN value: the token is X'50' (80) bytes (`confirmed`, R1).
pub const TOKEN_LEN: u8 = 80;
/// TOKVERS value in use (`third-party`, R9; NJE NJHTVERS defaults to 1).
pub const TOKEN_VERSION: u8 = 1;
/// TOKSTYP: batch job (`third-party`, R7 and R8). Other session types are `unknown`.
pub const TOKSTYP_BATCH: u8 = 7;

bitflags! {
    /// TOKFLG1, offset 2. Names and meanings `confirmed` (R1); mask values `inferred` from
    /// IBM's X'80'-first bit order and the NJE header (R7).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct TokFlg1: u8 {
        /// Internal (masked) format; 0 = external format.
        const TOKENCR = 0x80;
        /// Created by a RACF call from before RACF 1.9.
        const TOKLT19 = 0x20;
        /// VERIFYX propagation.
        const TOKVXPRP = 0x10;
        /// NJE unknown user.
        const TOKUNUSR = 0x08;
        /// Log-user indicator.
        const TOKLOGU = 0x04;
        /// RACF SPECIAL indicator.
        const TOKRSPEC = 0x02;
        // X'40' and X'01' are reserved; unknown bits are kept as they are.
        const _ = !0;
    }
}

bitflags! {
    /// TOKFLG2, offset 4. Names and meanings `confirmed` (R1); masks `inferred` (R7).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct TokFlg2: u8 {
        /// Default token.
        const TOKDFLT = 0x80;
        /// Undefined user.
        const TOKUDUS = 0x40;
        /// Token in error.
        const TOKERR = 0x10;
        /// Part of the trusted computing base.
        const TOKTRST = 0x08;
        /// Surrogate user ID.
        const TOKSUS = 0x04;
        /// Remote job.
        const TOKREMOT = 0x02;
        /// Privileged.
        const TOKPRIV = 0x01;
        const _ = !0;
    }
}

const FLG1_BITS: &[Named] = &[
    named(0x80, "TOKENCR", Inferred),
    named(0x20, "TOKLT19", Inferred),
    named(0x10, "TOKVXPRP", Inferred),
    named(0x08, "TOKUNUSR", Inferred),
    named(0x04, "TOKLOGU", Inferred),
    named(0x02, "TOKRSPEC", Inferred),
];

const FLG2_BITS: &[Named] = &[
    named(0x80, "TOKDFLT", Inferred),
    named(0x40, "TOKUDUS", Inferred),
    named(0x10, "TOKERR", Inferred),
    named(0x08, "TOKTRST", Inferred),
    named(0x04, "TOKSUS", Inferred),
    named(0x02, "TOKREMOT", Inferred),
    named(0x01, "TOKPRIV", Inferred),
];

const STYP_CODES: &[Named] = &[named(7, "batch job", ThirdParty)];

/// The ICHRUTKN field table.
pub static LAYOUT: &Layout = &Layout {
    area: "utoken",
    title: "UTOKEN (ICHRUTKN)",
    member: "ICHRUTKN",
    struct_name: "TOKEN",
    size: 80,
    lengths: &[80],
    prov: Inferred,
    source: "docs/reference/utoken.md: offsets 0-15 confirmed, 16-79 inferred",
    fields: &[
        Field::new(
            "TOKLEN",
            off::TOKLEN,
            1,
            Ty::Uint,
            (Confirmed, Confirmed),
            "token length, X'50'",
        ),
        Field::new(
            "TOKVERS",
            off::TOKVERS,
            1,
            Ty::Uint,
            (Confirmed, Confirmed),
            "token version, 1",
        ),
        Field::new(
            "TOKFLG1",
            off::TOKFLG1,
            1,
            Ty::Flags(FLG1_BITS),
            (Confirmed, Confirmed),
            "flags",
        ),
        Field::new(
            "TOKSTYP",
            off::TOKSTYP,
            1,
            Ty::Code(STYP_CODES),
            (Confirmed, Confirmed),
            "session type",
        ),
        Field::new(
            "TOKFLG2",
            off::TOKFLG2,
            1,
            Ty::Flags(FLG2_BITS),
            (Confirmed, Confirmed),
            "flags",
        ),
        Field::new(
            "TOKPOEX",
            off::TOKPOEX,
            1,
            Ty::Uint,
            (Confirmed, Confirmed),
            "port-of-entry class index",
        ),
        Field::new(
            "TOKRSV1",
            off::TOKRSV1,
            2,
            Ty::Hex,
            (Confirmed, Reconstructed),
            "reserved",
        ),
        Field::new(
            "TOKSCL",
            off::TOKSCL,
            8,
            Ty::Char,
            (Confirmed, Confirmed),
            "security label",
        ),
        Field::new(
            "TOKXNODE",
            off::TOKXNODE,
            8,
            Ty::Char,
            (Inferred, Reconstructed),
            "execution node (NJHTCNOD)",
        ),
        Field::new(
            "TOKSUSER",
            off::TOKSUSER,
            8,
            Ty::Char,
            (Inferred, Reconstructed),
            "submitter's user ID (NJHTSUSR)",
        ),
        Field::new(
            "TOKSNODE",
            off::TOKSNODE,
            8,
            Ty::Char,
            (Inferred, Reconstructed),
            "submitter's node (NJHTSNOD)",
        ),
        Field::new(
            "TOKSGRP",
            off::TOKSGRP,
            8,
            Ty::Char,
            (Inferred, Reconstructed),
            "submitter's group (NJHTSGRP)",
        ),
        Field::new(
            "TOKPOE",
            off::TOKPOE,
            8,
            Ty::Char,
            (Inferred, Reconstructed),
            "port-of-entry name (NJHTPOEN)",
        ),
        Field::new(
            "TOKRSV2",
            off::TOKRSV2,
            8,
            Ty::Hex,
            (Inferred, Reconstructed),
            "reserved",
        ),
        Field::new(
            "TOKUSER",
            off::TOKUSER,
            8,
            Ty::Char,
            (Inferred, Reconstructed),
            "user ID (NJHTOUSR)",
        ),
        Field::new(
            "TOKGROUP",
            off::TOKGROUP,
            8,
            Ty::Char,
            (Inferred, Reconstructed),
            "group (NJHTOGRP)",
        ),
    ],
    consts: &[
        super::Const {
            name: "TOKEN_LEN",
            value: TOKEN_LEN as u64,
            len: 1,
            prov: Confirmed,
            doc: "TOKLEN value",
        },
        super::Const {
            name: "TOKEN_VERSION",
            value: TOKEN_VERSION as u64,
            len: 1,
            prov: ThirdParty,
            doc: "TOKVERS value",
        },
        super::Const {
            name: "TOKSTYP_BATCH",
            value: TOKSTYP_BATCH as u64,
            len: 1,
            prov: ThirdParty,
            doc: "session type: batch job",
        },
    ],
};

/// An 8-byte EBCDIC name field (user, group, node), kept as its bytes.
pub type Name8 = [u8; 8];

/// The RACF UTOKEN, 80 bytes, external format. Offsets are the field table's ([`LAYOUT`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Utoken {
    /// +0 TOKLEN, token length, X'50' (`confirmed`).
    pub toklen: u8,
    /// +1 TOKVERS, version (`confirmed` field; value 1 `third-party`).
    pub tokvers: u8,
    /// +2 TOKFLG1 (`confirmed` names, `inferred` masks).
    pub tokflg1: TokFlg1,
    /// +3 TOKSTYP, session type (`confirmed` field; 7 = batch `third-party`).
    pub tokstyp: u8,
    /// +4 TOKFLG2 (`confirmed` names, `inferred` masks).
    pub tokflg2: TokFlg2,
    /// +5 TOKPOEX, port-of-entry class index (`confirmed` field; values `unknown`).
    pub tokpoex: u8,
    /// +6 reserved (`confirmed`; name `reconstructed`).
    pub tokrsv1: [u8; 2],
    /// +8 TOKSCL, security label, EBCDIC (`confirmed`).
    pub tokscl: Name8,
    /// +16 execution node (`inferred`; name TOKXNODE `reconstructed`).
    pub tokxnode: Name8,
    /// +24 submitter's user ID (`inferred`; name TOKSUSER `reconstructed`).
    pub toksuser: Name8,
    /// +32 submitter's node (`inferred`; name TOKSNODE `reconstructed`).
    pub toksnode: Name8,
    /// +40 submitter's group (`inferred`; name TOKSGRP `reconstructed`).
    pub toksgrp: Name8,
    /// +48 port-of-entry name (`inferred`; name TOKPOE `reconstructed`).
    pub tokpoe: Name8,
    /// +56 reserved (`inferred`; name TOKRSV2 `reconstructed`).
    pub tokrsv2: [u8; 8],
    /// +64 user ID (`inferred`; name TOKUSER `reconstructed`). `*` in the default token.
    pub tokuser: Name8,
    /// +72 group (`inferred`; name TOKGROUP `reconstructed`).
    pub tokgroup: Name8,
}

/// Field offsets, shared by [`LAYOUT`] and the reader and writer.
pub mod off {
    pub const TOKLEN: usize = 0;
    pub const TOKVERS: usize = 1;
    pub const TOKFLG1: usize = 2;
    pub const TOKSTYP: usize = 3;
    pub const TOKFLG2: usize = 4;
    pub const TOKPOEX: usize = 5;
    pub const TOKRSV1: usize = 6;
    pub const TOKSCL: usize = 8;
    pub const TOKXNODE: usize = 16;
    pub const TOKSUSER: usize = 24;
    pub const TOKSNODE: usize = 32;
    pub const TOKSGRP: usize = 40;
    pub const TOKPOE: usize = 48;
    pub const TOKRSV2: usize = 56;
    pub const TOKUSER: usize = 64;
    pub const TOKGROUP: usize = 72;
}

impl Utoken {
    /// Validates a token's 80 bytes without building it: TOKLEN, TOKVERS, and the user and
    /// group the token is for. The submitter's fields are not held to RACF's name rules: they
    /// come from wherever the job was submitted (an NJE node, TOKUNUSR tokens), and their
    /// offsets are only `inferred`. An error gives the offset of the field at fault.
    #[inline]
    pub(crate) fn check(b: &[u8]) -> Result<(), (usize, String)> {
        if b[off::TOKLEN] != TOKEN_LEN || b[off::TOKVERS] != TOKEN_VERSION {
            return Err(Utoken::header_error(b));
        }
        if <&[u8; 80]>::try_from(b).is_ok_and(Utoken::is_valid) {
            Ok(())
        } else {
            Err(Utoken::name_error(b))
        }
    }

    /// [`Utoken::check`] as a yes or no, without building an error.
    #[inline]
    pub(crate) fn is_valid(b: &[u8; 80]) -> bool {
        let (user, group) = (bytes_at(b, off::TOKUSER), bytes_at(b, off::TOKGROUP));
        let [user_is_name, group_is_name] = codepage::racf_names2(&user, &group);
        (b[off::TOKLEN] == TOKEN_LEN)
            & (b[off::TOKVERS] == TOKEN_VERSION)
            & racf_field_ok_given(&user, true, user_is_name)
            & racf_field_ok_given(&group, false, group_is_name)
    }

    #[cold]
    fn header_error(b: &[u8]) -> (usize, String) {
        if b[off::TOKLEN] != TOKEN_LEN {
            (
                off::TOKLEN,
                format!(
                    "TOKLEN is {} but an ICHRUTKN token is 80 bytes",
                    b[off::TOKLEN]
                ),
            )
        } else {
            (
                off::TOKVERS,
                format!(
                    "TOKVERS is {} but only version 1 is defined",
                    b[off::TOKVERS]
                ),
            )
        }
    }

    #[cold]
    fn name_error(b: &[u8]) -> (usize, String) {
        [
            (
                off::TOKUSER,
                true,
                "TOKUSER is not blanks, zeros, '*' or a RACF user ID",
            ),
            (
                off::TOKGROUP,
                false,
                "TOKGROUP is not blanks, zeros or a RACF group name",
            ),
        ]
        .into_iter()
        .find(|&(at, star_ok, _)| !racf_field_ok(&bytes_at(b, at), star_ok))
        .map_or((0, String::new()), |(at, _, what)| (at, what.to_owned()))
    }
}

impl Block for Utoken {
    const LEN: usize = 80;

    fn decode(b: &[u8]) -> Result<Utoken, (usize, String)> {
        Utoken::check(b)?;
        Ok(Utoken {
            toklen: b[off::TOKLEN],
            tokvers: b[off::TOKVERS],
            tokflg1: TokFlg1::from_bits_retain(b[off::TOKFLG1]),
            tokstyp: b[off::TOKSTYP],
            tokflg2: TokFlg2::from_bits_retain(b[off::TOKFLG2]),
            tokpoex: b[off::TOKPOEX],
            tokrsv1: bytes_at(b, off::TOKRSV1),
            tokscl: bytes_at(b, off::TOKSCL),
            tokxnode: bytes_at(b, off::TOKXNODE),
            toksuser: bytes_at(b, off::TOKSUSER),
            toksnode: bytes_at(b, off::TOKSNODE),
            toksgrp: bytes_at(b, off::TOKSGRP),
            tokpoe: bytes_at(b, off::TOKPOE),
            tokrsv2: bytes_at(b, off::TOKRSV2),
            tokuser: bytes_at(b, off::TOKUSER),
            tokgroup: bytes_at(b, off::TOKGROUP),
        })
    }

    fn encode(&self, out: &mut [u8]) {
        out[off::TOKLEN] = self.toklen;
        out[off::TOKVERS] = self.tokvers;
        out[off::TOKFLG1] = self.tokflg1.bits();
        out[off::TOKSTYP] = self.tokstyp;
        out[off::TOKFLG2] = self.tokflg2.bits();
        out[off::TOKPOEX] = self.tokpoex;
        out[off::TOKRSV1..off::TOKSCL].copy_from_slice(&self.tokrsv1);
        for (at, field) in [
            (off::TOKSCL, &self.tokscl),
            (off::TOKXNODE, &self.tokxnode),
            (off::TOKSUSER, &self.toksuser),
            (off::TOKSNODE, &self.toksnode),
            (off::TOKSGRP, &self.toksgrp),
            (off::TOKPOE, &self.tokpoe),
            (off::TOKRSV2, &self.tokrsv2),
            (off::TOKUSER, &self.tokuser),
            (off::TOKGROUP, &self.tokgroup),
        ] {
            out[at..at + 8].copy_from_slice(field);
        }
    }
}

block_binrw!(Utoken);

/// A user or group field holds blanks, binary zeros (a down-level token, R2), a RACF name
/// padded with blanks, or (for the user, in the default token) `*`.
#[inline]
fn racf_field_ok(field: &Name8, star_ok: bool) -> bool {
    racf_field_ok_given(field, star_ok, codepage::racf_name8(field))
}

/// [`racf_field_ok`] with the name check already done (it is done in pairs).
#[inline]
fn racf_field_ok_given(field: &Name8, star_ok: bool, is_name: bool) -> bool {
    // Whole-field compares: most fields are blanks, zeros or the default token's `*`.
    const BLANKS: u64 = 0x4040_4040_4040_4040;
    const STAR: u64 = 0x5C40_4040_4040_4040;
    let word = u64::from_be_bytes(*field);
    // Non-short-circuit `|`: no branches.
    (word == BLANKS) | (word == 0) | (star_ok & (word == STAR)) | is_name
}

/// Who a token is for: what RACROUTE VERIFYX/TOKENBLD would put in it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Identity {
    pub user: String,
    pub group: String,
    /// TOKSTYP ([`TOKSTYP_BATCH`] is the only documented value).
    pub session_type: u8,
    /// TOKPOEX, the port-of-entry class index.
    pub poe_class: u8,
    /// Port-of-entry name, e.g. `INTRDR` or a terminal ID.
    pub poe_name: String,
    /// Execution node (the JES node name).
    pub exec_node: String,
    /// Submitting user, group and node; blanks when the job submitted itself.
    pub submit_user: String,
    pub submit_group: String,
    pub submit_node: String,
    pub seclabel: String,
    pub flg1: Option<TokFlg1>,
    pub flg2: Option<TokFlg2>,
}

/// Why an identity cannot become a token.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum IdentityError {
    #[error("{field}: {source}")]
    Name {
        field: &'static str,
        source: codepage::RacfNameError,
    },
    #[error("{field}: {source}")]
    Text {
        field: &'static str,
        source: FieldTextError,
    },
}

fn text8(field: &'static str, text: &str) -> Result<Name8, IdentityError> {
    codepage::pad_field(text, CodePage::Ibm1047)
        .map_err(|source| IdentityError::Text { field, source })
}

fn racf8(field: &'static str, name: &str, optional: bool) -> Result<Name8, IdentityError> {
    if !(optional && name.is_empty()) {
        codepage::validate_racf_name(name)
            .map_err(|source| IdentityError::Name { field, source })?;
    }
    text8(field, name)
}

impl Utoken {
    /// Builds the external-format token RACF would give this identity.
    pub fn from_identity(id: &Identity) -> Result<Utoken, IdentityError> {
        Ok(Utoken {
            toklen: TOKEN_LEN,
            tokvers: TOKEN_VERSION,
            tokflg1: id.flg1.unwrap_or(TokFlg1::empty()),
            tokstyp: id.session_type,
            tokflg2: id.flg2.unwrap_or(TokFlg2::empty()),
            tokpoex: id.poe_class,
            tokrsv1: [0; 2],
            tokscl: text8("TOKSCL", &id.seclabel)?,
            tokxnode: text8("TOKXNODE", &id.exec_node)?,
            toksuser: racf8("TOKSUSER", &id.submit_user, true)?,
            toksnode: text8("TOKSNODE", &id.submit_node)?,
            toksgrp: racf8("TOKSGRP", &id.submit_group, true)?,
            tokpoe: text8("TOKPOE", &id.poe_name)?,
            tokrsv2: [0; 8],
            tokuser: racf8("TOKUSER", &id.user, false)?,
            tokgroup: racf8("TOKGROUP", &id.group, true)?,
        })
    }

    /// The token RACROUTE REQUEST=TOKENXTR returns when no ACEE is found: user `*` with
    /// TOKDFLT, TOKUDUS and TOKLT19 set; what is not available is blanks (`confirmed`, R2).
    pub fn tokenxtr_default() -> Utoken {
        const BLANKS: Name8 = [EBCDIC_BLANK; 8];
        Utoken {
            toklen: TOKEN_LEN,
            tokvers: TOKEN_VERSION,
            tokflg1: TokFlg1::TOKLT19,
            tokstyp: 0,
            tokflg2: TokFlg2::TOKDFLT | TokFlg2::TOKUDUS,
            tokpoex: 0,
            tokrsv1: [0; 2],
            tokscl: BLANKS,
            tokxnode: BLANKS,
            toksuser: BLANKS,
            toksnode: BLANKS,
            toksgrp: BLANKS,
            tokpoe: BLANKS,
            tokrsv2: [0; 8],
            tokuser: CodePage::Ibm1047.encode_ascii_const("*"),
            tokgroup: BLANKS,
        }
    }

    /// The user ID, without padding.
    pub fn user(&self) -> String {
        codepage::field_text(&self.tokuser, CodePage::Ibm1047)
    }

    /// The group, without padding.
    pub fn group(&self) -> String {
        codepage::field_text(&self.tokgroup, CodePage::Ibm1047)
    }
}

impl Area for Utoken {
    const LAYOUT: &'static Layout = LAYOUT;

    fn parse(bytes: &[u8]) -> Result<Self, AreaError> {
        decode_block(LAYOUT, bytes)
    }

    fn to_bytes(&self) -> Vec<u8> {
        encode_block(self)
    }
}

/// Draws a user/group field the way tokens hold them: blanks, zeros or a valid name.
pub(crate) fn arbitrary_racf_field(
    u: &mut Unstructured<'_>,
    star_ok: bool,
) -> arbitrary::Result<Name8> {
    const FIRST: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ#$@";
    const REST: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789#$@";
    Ok(match u.int_in_range(0..=4)? {
        0 => [EBCDIC_BLANK; 8],
        1 => [0; 8],
        2 if star_ok => CodePage::Ibm1047.encode_ascii_const("*"),
        _ => {
            let len = u.int_in_range(1..=8)?;
            let mut name = String::with_capacity(len);
            name.push(*u.choose(FIRST)? as char);
            for _ in 1..len {
                name.push(*u.choose(REST)? as char);
            }
            codepage::pad_field(&name, CodePage::Ibm1047)
                .map_err(|_| arbitrary::Error::IncorrectFormat)?
        }
    })
}

impl<'a> Arbitrary<'a> for Utoken {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(Utoken {
            toklen: TOKEN_LEN,
            tokvers: TOKEN_VERSION,
            tokflg1: TokFlg1::from_bits_retain(u.arbitrary()?),
            tokstyp: u.arbitrary()?,
            tokflg2: TokFlg2::from_bits_retain(u.arbitrary()?),
            tokpoex: u.arbitrary()?,
            tokrsv1: u.arbitrary()?,
            tokscl: u.arbitrary()?,
            tokxnode: u.arbitrary()?,
            toksuser: u.arbitrary()?,
            toksnode: u.arbitrary()?,
            toksgrp: u.arbitrary()?,
            tokpoe: u.arbitrary()?,
            tokrsv2: u.arbitrary()?,
            tokuser: arbitrary_racf_field(u, true)?,
            tokgroup: arbitrary_racf_field(u, false)?,
        })
    }
}

/// `user/group` of a token, for the decode header line.
pub fn summary(bytes: &[u8]) -> Option<String> {
    let t = Utoken::parse(bytes).ok()?;
    let default = if t.tokflg2.contains(TokFlg2::TOKDFLT) {
        " (default token)"
    } else {
        ""
    };
    Some(format!("user {} group {}{default}", t.user(), t.group()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::areas::testutil::{assert_tiles, for_arbitrary};

    pub(crate) fn ibmuser() -> Identity {
        Identity {
            user: "IBMUSER".into(),
            group: "SYS1".into(),
            session_type: TOKSTYP_BATCH,
            poe_class: 3,
            poe_name: "INTRDR".into(),
            exec_node: "SYS1".into(),
            ..Identity::default()
        }
    }

    #[test]
    fn layout_tiles() {
        assert_tiles(LAYOUT);
    }

    #[test]
    fn arbitrary_round_trips() {
        for_arbitrary(2000, |t: Utoken| {
            let bytes = t.to_bytes();
            assert_eq!(bytes.len(), 80);
            assert_eq!(Utoken::parse(&bytes), Ok(t));
        });
    }

    #[test]
    fn default_token() {
        let t = Utoken::tokenxtr_default();
        assert_eq!(t.user(), "*");
        let b = t.to_bytes();
        assert_eq!(&b[..6], &[0x50, 0x01, 0x20, 0x00, 0xC0, 0x00]);
        assert_eq!(b[64], 0x5C); // '*'
        assert_eq!(Utoken::parse(&b), Ok(t));
    }

    #[test]
    fn identity_token() {
        let t = Utoken::from_identity(&ibmuser()).unwrap();
        assert_eq!(t.user(), "IBMUSER");
        assert_eq!(t.group(), "SYS1");
        assert_eq!(t.to_bytes()[3], 7);
        let mut bad = ibmuser();
        bad.user = "ibmuser".into();
        assert!(matches!(
            Utoken::from_identity(&bad),
            Err(IdentityError::Name {
                field: "TOKUSER",
                ..
            })
        ));
    }

    #[test]
    fn rejects_short_and_inconsistent() {
        let good = Utoken::from_identity(&ibmuser()).unwrap().to_bytes();
        let e = Utoken::parse(&good[..70]).unwrap_err();
        assert!(
            matches!(&e, AreaError::Short { field, offset: 64, .. } if field == "TOKUSER"),
            "{e}"
        );
        let mut bad = good.clone();
        bad[0] = 0x40;
        let e = Utoken::parse(&bad).unwrap_err();
        assert!(
            matches!(&e, AreaError::Invalid { field, offset: 0, .. } if field == "TOKLEN"),
            "{e}"
        );
        let mut bad = good.clone();
        bad[64] = 0x81; // lower-case 'a'
        let e = Utoken::parse(&bad).unwrap_err();
        assert!(
            matches!(&e, AreaError::Invalid { field, offset: 64, .. } if field == "TOKUSER"),
            "{e}"
        );
    }
}
