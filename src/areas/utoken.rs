//! The RACF user security token, ICHRUTKN, DSECT `TOKEN`, 80 bytes (`docs/reference/utoken.md`).
//!
//! Offsets 0-15 are `confirmed` (IBM's RUTKN data area); offsets 16-79 are `inferred` from the
//! NJE job header, which carries the same token, and the names we give those fields are ours
//! (`reconstructed`): IBM's names for them are not public.

use arbitrary::Unstructured;

use super::{Area, Const, Prov, area, bytes_at, constants, flags, named};
use crate::codepage::{self, CodePage, EBCDIC_BLANK, FieldTextError};

constants! {
    /// The token's constants.
    const UTOKEN_CONSTS = [
        TOKEN_LEN: u8 = 80, confirmed, "docs/reference/utoken.md R1", "TOKLEN value";
        TOKEN_VERSION: u8 = 1, third_party, "docs/reference/utoken.md R9", "TOKVERS value";
        TOKSTYP_BATCH: u8 = 7, third_party, "docs/reference/utoken.md R7", "session type: batch job";
    ];
}

flags! {
    /// TOKFLG1, offset 2. Names and meanings `confirmed` (R1); mask values `inferred` from
    /// IBM's X'80'-first bit order and the NJE header (R7). X'40' and X'01' are reserved;
    /// unknown bits are kept as they are.
    pub struct TokFlg1: u8 {
        TOKENCR = 0x80, inferred / confirmed, "docs/reference/utoken.md R1 R7", "internal (masked) format; 0 = external format";
        TOKLT19 = 0x20, inferred / confirmed, "docs/reference/utoken.md R1 R7", "created by a RACF call from before RACF 1.9";
        TOKVXPRP = 0x10, inferred / confirmed, "docs/reference/utoken.md R1 R7", "VERIFYX propagation";
        TOKUNUSR = 0x08, inferred / confirmed, "docs/reference/utoken.md R1 R7", "NJE unknown user";
        TOKLOGU = 0x04, inferred / confirmed, "docs/reference/utoken.md R1 R7", "log-user indicator";
        TOKRSPEC = 0x02, inferred / confirmed, "docs/reference/utoken.md R1 R7", "RACF SPECIAL indicator";
    }
}

flags! {
    /// TOKFLG2, offset 4. Names and meanings `confirmed` (R1); masks `inferred` (R7).
    pub struct TokFlg2: u8 {
        TOKDFLT = 0x80, inferred / confirmed, "docs/reference/utoken.md R1 R7", "default token";
        TOKUDUS = 0x40, inferred / confirmed, "docs/reference/utoken.md R1 R7", "undefined user";
        TOKERR = 0x10, inferred / confirmed, "docs/reference/utoken.md R1 R7", "token in error";
        TOKTRST = 0x08, inferred / confirmed, "docs/reference/utoken.md R1 R7", "part of the trusted computing base";
        TOKSUS = 0x04, inferred / confirmed, "docs/reference/utoken.md R1 R7", "surrogate user ID";
        TOKREMOT = 0x02, inferred / confirmed, "docs/reference/utoken.md R1 R7", "remote job";
        TOKPRIV = 0x01, inferred / confirmed, "docs/reference/utoken.md R1 R7", "privileged";
    }
}

const STYP_CODES: &[Const] = &[named(
    7,
    "batch job",
    Prov::ThirdParty,
    "docs/reference/utoken.md R7",
)];

/// An 8-byte EBCDIC name field (user, group, node), kept as its bytes.
pub type Name8 = [u8; 8];

area! {
    /// The RACF UTOKEN, ICHRUTKN, 80 bytes, external format.
    pub struct Utoken {
        base: 0,
        offsets: off,
        check: Utoken::check,
        layout: LAYOUT {
            area: "utoken",
            title: "UTOKEN (ICHRUTKN)",
            member: "ICHRUTKN",
            struct_name: "TOKEN",
            prov: Prov::Inferred,
            source: "docs/reference/utoken.md: offsets 0-15 confirmed, 16-79 inferred",
            consts: &[UTOKEN_CONSTS],
        },
    }
    TOKLEN @ 0 toklen: u8 = Uint, confirmed, "docs/reference/utoken.md R1", "token length, X'50'",
        arbitrary: |_| Ok(TOKEN_LEN);
    TOKVERS @ 1 tokvers: u8 = Uint, confirmed, "docs/reference/utoken.md R1", "token version, 1",
        arbitrary: |_| Ok(TOKEN_VERSION);
    TOKFLG1 @ 2 tokflg1: TokFlg1 = Flags(TokFlg1::NAMED), confirmed, "docs/reference/utoken.md R1", "flags";
    TOKSTYP @ 3 tokstyp: u8 = Code(STYP_CODES), confirmed, "docs/reference/utoken.md R1", "session type";
    TOKFLG2 @ 4 tokflg2: TokFlg2 = Flags(TokFlg2::NAMED), confirmed, "docs/reference/utoken.md R1", "flags";
    TOKPOEX @ 5 tokpoex: u8 = Uint, confirmed, "docs/reference/utoken.md R1", "port-of-entry class index";
    TOKRSV1 @ 6 tokrsv1: [u8; 2] = Hex, confirmed / reconstructed, "docs/reference/utoken.md R1", "reserved";
    TOKSCL @ 8 tokscl: Name8 = Char, confirmed, "docs/reference/utoken.md R1", "security label";
    TOKXNODE @ 16 tokxnode: Name8 = Char, inferred / reconstructed, "docs/reference/utoken.md R7",
        "execution node (NJHTCNOD)";
    TOKSUSER @ 24 toksuser: Name8 = Char, inferred / reconstructed, "docs/reference/utoken.md R7",
        "submitter's user ID (NJHTSUSR)";
    TOKSNODE @ 32 toksnode: Name8 = Char, inferred / reconstructed, "docs/reference/utoken.md R7",
        "submitter's node (NJHTSNOD)";
    TOKSGRP @ 40 toksgrp: Name8 = Char, inferred / reconstructed, "docs/reference/utoken.md R7",
        "submitter's group (NJHTSGRP)";
    TOKPOE @ 48 tokpoe: Name8 = Char, inferred / reconstructed, "docs/reference/utoken.md R7",
        "port-of-entry name (NJHTPOEN)";
    TOKRSV2 @ 56 tokrsv2: [u8; 8] = Hex, inferred / reconstructed, "docs/reference/utoken.md R7", "reserved";
    TOKUSER @ 64 tokuser: Name8 = Char, inferred / reconstructed, "docs/reference/utoken.md R7",
        "user ID (NJHTOUSR)", arbitrary: |u| arbitrary_racf_field(u, true);
    TOKGROUP @ 72 tokgroup: Name8 = Char, inferred / reconstructed, "docs/reference/utoken.md R7",
        "group (NJHTOGRP)", arbitrary: |u| arbitrary_racf_field(u, false);
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
    use crate::areas::AreaError;
    use crate::areas::testutil::for_arbitrary;

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
