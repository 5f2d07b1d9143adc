//! RACF PassTickets: the legacy PassTicket generator algorithm of z/OS Security Server RACF
//! Macros and Interfaces ("The PassTicket generator algorithm"), as `docs/reference/dcas.md`
//! §8 sets it out step by step. DES is RustCrypto's `des` crate: a well-kept, tested cipher is
//! safer than one written here.
//!
//! Provenance: the steps, the time-coder's padding and its six permutation tables are
//! `third-party` (IBM's algorithm as a public implementation that cites SA23-2288-00 sets it
//! out; IBM's own page was not at hand). The translation example (`07247F79` gives
//! `QHOAH1TV`) and the time-coder padding of `TOM` are IBM's worked values as that
//! implementation's tests quote them (`third-party`). No public source gives a whole
//! PassTicket for a known key, user, application and time, so the end-to-end value is pinned
//! by our own snapshot only.

use des::Des;
use des::cipher::{BlockCipherEncrypt, KeyInit};

use crate::codepage::{self, CodePage};

/// The 36 characters a PassTicket is made of, in the order the translation indexes them.
const ALPHABET: &[u8; 36] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/// The time coder's permutation of each round's 16 bits: output bit i (1-based) is input bit
/// `PERMUTATIONS[round][i - 1]`.
const PERMUTATIONS: [[u8; 16]; 6] = [
    [10, 2, 12, 4, 14, 6, 16, 8, 9, 1, 11, 3, 13, 5, 15, 7],
    [1, 10, 3, 12, 13, 16, 7, 15, 9, 2, 11, 4, 5, 14, 8, 6],
    [3, 10, 1, 12, 13, 16, 9, 15, 7, 2, 14, 4, 5, 11, 8, 6],
    [10, 4, 12, 2, 14, 8, 16, 6, 9, 1, 13, 3, 11, 5, 15, 7],
    [4, 10, 12, 1, 8, 16, 14, 5, 9, 2, 13, 3, 11, 7, 15, 6],
    [1, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2],
];

/// Why no PassTicket could be made.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PassTicketError {
    #[error("{what} {value:?} is not 1 to 8 characters of IBM-1047")]
    Name { what: &'static str, value: String },
}

/// An 8-byte secured signon application key (PTKTDATA `SSIGNON(KEYMASKED(...))`).
pub type AppKey = [u8; 8];

/// The 8-byte EBCDIC field of a user ID or application name: left-justified, blank padded.
fn name_field(what: &'static str, value: &str) -> Result<[u8; 8], PassTicketError> {
    let bad = || PassTicketError::Name {
        what,
        value: value.to_owned(),
    };
    if value.is_empty() || value.chars().count() > 8 {
        return Err(bad());
    }
    codepage::pad_field(&value.to_ascii_uppercase(), CodePage::Ibm1047).map_err(|_| bad())
}

fn encrypt(des: &Des, block: [u8; 8]) -> [u8; 8] {
    let mut b = block.into();
    des.encrypt_block(&mut b);
    b.into()
}

/// The PassTicket for `user` to sign on to `application` at `unix_secs` (seconds since
/// 1970-01-01 00:00:00 UTC), with the application's secured signon key.
pub fn generate(
    user: &str,
    application: &str,
    key: &AppKey,
    unix_secs: u32,
) -> Result<String, PassTicketError> {
    let user_field = name_field("user ID", user)?;
    let appl_field = name_field("application name", application)?;
    let des = Des::new(&(*key).into());
    // Steps 1-3: encrypt the user ID, XOR the application name, encrypt again, keep 4 bytes.
    let r1 = encrypt(&des, user_field);
    let r2 = encrypt(&des, xor8(r1, appl_field));
    // Step 4: XOR the time.
    let t = unix_secs.to_be_bytes();
    let r4 = [r2[0] ^ t[0], r2[1] ^ t[1], r2[2] ^ t[2], r2[3] ^ t[3]];
    // Steps 5-6: the time coder, then the translation to eight characters.
    Ok(translate(time_coder(&des, r4, &padding(&user_field))))
}

fn xor8(a: [u8; 8], b: [u8; 8]) -> [u8; 8] {
    std::array::from_fn(|i| a[i] ^ b[i])
}

/// The time coder's 12 bytes of padding: the user ID without its blanks, then X'55's.
fn padding(user_field: &[u8; 8]) -> [u8; 12] {
    let mut pad = [0x55; 12];
    for (p, &b) in pad
        .iter_mut()
        .zip(user_field.iter().take_while(|&&b| b != 0x40))
    {
        *p = b;
    }
    pad
}

/// Six Feistel-like rounds over the two 16-bit halves of result 4.
fn time_coder(des: &Des, r4: [u8; 4], pad: &[u8; 12]) -> [u8; 4] {
    let (mut left, mut right) = ([r4[0], r4[1]], [r4[2], r4[3]]);
    for (round, table) in PERMUTATIONS.iter().enumerate() {
        // Rounds 1, 3 and 5 use the first six bytes of padding; 2, 4 and 6 the last six.
        let half = if round % 2 == 0 { &pad[..6] } else { &pad[6..] };
        let mut block = [0u8; 8];
        block[..2].copy_from_slice(&right);
        block[2..].copy_from_slice(half);
        let c = encrypt(des, block);
        let e = [c[0] ^ left[0], c[1] ^ left[1]];
        left = right;
        right = permute(e, table);
    }
    [left[0], left[1], right[0], right[1]]
}

fn permute(input: [u8; 2], table: &[u8; 16]) -> [u8; 2] {
    let bits = u16::from_be_bytes(input);
    let out = table.iter().fold(0u16, |acc, &from| {
        (acc << 1) | ((bits >> (16 - u16::from(from))) & 1)
    });
    out.to_be_bytes()
}

/// Eight 6-bit groups of result 5, each mod 36 into [`ALPHABET`]: bits 31, 32, 1-4 for the
/// first character, then bits 3-8, 7-12, ..., 27-32 (1-based, wrapping at 32).
fn translate(r5: [u8; 4]) -> String {
    let bits = u32::from_be_bytes(r5);
    let group = |start: u32| -> char {
        let n = (0..6).fold(0u32, |acc, k| {
            let bit = (start - 1 + k) % 32; // 0-based from the left
            (acc << 1) | ((bits >> (31 - bit)) & 1)
        });
        char::from(ALPHABET[(n % 36) as usize])
    };
    std::iter::once(31)
        .chain((3..=27).step_by(4))
        .map(group)
        .collect()
}

/// A key as RACF's `KEYMASKED(...)` gives it: 16 hexadecimal digits.
pub fn parse_key(hex: &str) -> Option<AppKey> {
    let hex = hex.trim();
    // Exactly 16 digits: hextext's parser alone would also take `0x`, `X'...'` and blanks.
    if hex.len() != 16 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    crate::hextext::parse(hex).ok()?.try_into().ok()
}

/// Why RACF made no PassTicket.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PtktRefusal {
    #[error("user {0} is not defined to RACF")]
    NoUser(String),
    #[error("class PTKTDATA is not active")]
    ClassInactive,
    #[error("no PTKTDATA profile with a secured signon key protects application {0}")]
    NoKey(String),
    #[error(transparent)]
    Name(#[from] PassTicketError),
}

impl super::Racf {
    /// RACF's PassTicket for `user` and `application` at `unix_secs`, with the key of the
    /// PTKTDATA profile that protects the application name (`confirmed`: RACF Security
    /// Administrator's Guide, "Defining profiles in the PTKTDATA class"; the class must be
    /// active, `inferred` from the same guide's activation step).
    pub fn passticket(
        &self,
        user: &str,
        application: &str,
        unix_secs: u32,
    ) -> Result<String, PtktRefusal> {
        let user = user.to_ascii_uppercase();
        if self.user(&user).is_none() {
            return Err(PtktRefusal::NoUser(user));
        }
        if !self.is_active("PTKTDATA") {
            return Err(PtktRefusal::ClassInactive);
        }
        let key = self
            .protecting("PTKTDATA", application)
            .and_then(|p| p.ssignon)
            .ok_or_else(|| PtktRefusal::NoKey(application.to_ascii_uppercase()))?;
        Ok(generate(&user, application, &key, unix_secs)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn des_is_the_standard_cipher() {
        // The Java prototype's DES check (key 098D61A85585D2AB, ASCII "TestByte").
        let des = Des::new(&[0x09, 0x8d, 0x61, 0xa8, 0x55, 0x85, 0xd2, 0xab].into());
        assert_eq!(
            encrypt(&des, *b"TestByte"),
            [0x1e, 0xc3, 0x75, 0x3d, 0x7a, 0x79, 0xe3, 0xce]
        );
    }

    #[test]
    fn translation_matches_ibms_example() {
        assert_eq!(translate([0x07, 0x24, 0x7F, 0x79]), "QHOAH1TV");
    }

    #[test]
    fn padding_matches_ibms_example() {
        let tom = name_field("user ID", "tom").unwrap();
        assert_eq!(
            padding(&tom),
            [
                0xE3, 0xD6, 0xD4, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55
            ]
        );
        let ibmuser = name_field("user ID", "IBMUSER").unwrap();
        assert_eq!(
            &padding(&ibmuser)[..8],
            &[0xC9, 0xC2, 0xD4, 0xE4, 0xE2, 0xC5, 0xD9, 0x55]
        );
    }

    #[test]
    fn permutation_of_round_one() {
        assert_eq!(
            permute([0x01, 0x7B], &PERMUTATIONS[0]),
            [0b1010_0011, 0b0010_1010]
        );
        // Round six keeps bit 1 and reverses the rest.
        assert_eq!(permute([0x80, 0x01], &PERMUTATIONS[5]), [0xC0, 0x00]);
    }

    #[test]
    fn a_passticket_is_eight_characters_and_changes_with_every_input() {
        let key = parse_key("E001193519561977").unwrap();
        let t = 1_285_286_400;
        let p = generate("TOM", "TSO", &key, t).unwrap();
        assert_eq!(p.len(), 8);
        assert!(p.bytes().all(|b| ALPHABET.contains(&b)), "{p}");
        // Pinned, and equal to a second implementation of the same steps run once with
        // OpenSSL's DES (recorded in docs/reference/dcas.md §8).
        assert_eq!(p, generate("tom", "tso", &key, t).unwrap());
        insta::assert_snapshot!(p, @"XPWAKF5T");
        assert_ne!(p, generate("TOM", "TSO", &key, t + 1).unwrap());
        assert_ne!(p, generate("TIM", "TSO", &key, t).unwrap());
        assert_ne!(p, generate("TOM", "CICS", &key, t).unwrap());
        let other = parse_key("0123456789ABCDEF").unwrap();
        assert_ne!(p, generate("TOM", "TSO", &other, t).unwrap());
    }

    #[test]
    fn bad_names_and_keys() {
        let key = [1; 8];
        assert!(generate("", "TSO", &key, 0).is_err());
        assert!(generate("TOOLONGID", "TSO", &key, 0).is_err());
        assert!(generate("TOM", "TSO\u{1F600}", &key, 0).is_err());
        assert_eq!(parse_key("0123"), None);
        assert_eq!(parse_key("0123456789ABCDEG"), None);
        assert_eq!(
            parse_key("0123456789abcdef"),
            Some([0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF])
        );
    }
}
