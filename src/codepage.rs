//! EBCDIC code pages IBM-1047 (the z/OS default) and IBM-037, fixed-width blank-padded
//! EBCDIC fields, and RACF name validation.
//!
//! Both pages are permutations of Latin-1 (U+0000..=U+00FF), so each is one 256-entry table and
//! its inverse. IBM-037 is written out below; IBM-1047 is derived from it by the documented
//! differences (`docs/reference/call-conventions.md` §10, `inferred` there by comparing the two pages), so the
//! difference between the pages is stated exactly once. A test pins all 256 code points of both
//! pages, both ways, against independent tables in `fixtures/codepages/` (CPython's `cp037`, the
//! PyPI `ebcdic` package's `cp1047`).
//!
//! # The z/OS newline convention
//! EBCDIC has two line-end characters: NL (X'15') and LF (X'25'). The plain CDRA tables map NL to
//! U+0085 (NEL) and LF to U+000A. z/OS UNIX and the z/OS C runtime use X'15' as *the* newline, so
//! their IBM-1047 maps X'15' to U+000A and X'25' to U+0085. [`CodePage::Ibm1047`] follows the
//! z/OS UNIX variant (as the `ebcdic` `cp1047` codec and `gimli-rs/object` do, `third-party`);
//! [`CodePage::Ibm037`] follows CDRA (as CPython's `cp037`). Text written with `'\n'` therefore
//! becomes X'15' in IBM-1047, the way z/OS C writes it.

use std::fmt;

/// An EBCDIC code page.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum CodePage {
    /// IBM-1047, Latin-1/Open Systems: the z/OS C and z/OS UNIX default (`confirmed`,
    /// `docs/reference/call-conventions.md` §10), with the z/OS UNIX newline convention.
    #[default]
    Ibm1047,
    /// IBM-037, US/Canada CECP, CDRA newline convention.
    Ibm037,
}

/// The EBCDIC blank, X'40', used to pad character fields (`confirmed`, `docs/reference/partnerinfo.md`).
pub const EBCDIC_BLANK: u8 = 0x40;

/// IBM-037 to Latin-1 (`third-party`: CPython `cp037`, which follows IBM's CDRA table).
const IBM037: [u8; 256] = [
    0x00, 0x01, 0x02, 0x03, 0x9C, 0x09, 0x86, 0x7F, 0x97, 0x8D, 0x8E, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F,
    0x10, 0x11, 0x12, 0x13, 0x9D, 0x85, 0x08, 0x87, 0x18, 0x19, 0x92, 0x8F, 0x1C, 0x1D, 0x1E, 0x1F,
    0x80, 0x81, 0x82, 0x83, 0x84, 0x0A, 0x17, 0x1B, 0x88, 0x89, 0x8A, 0x8B, 0x8C, 0x05, 0x06, 0x07,
    0x90, 0x91, 0x16, 0x93, 0x94, 0x95, 0x96, 0x04, 0x98, 0x99, 0x9A, 0x9B, 0x14, 0x15, 0x9E, 0x1A,
    0x20, 0xA0, 0xE2, 0xE4, 0xE0, 0xE1, 0xE3, 0xE5, 0xE7, 0xF1, 0xA2, 0x2E, 0x3C, 0x28, 0x2B, 0x7C,
    0x26, 0xE9, 0xEA, 0xEB, 0xE8, 0xED, 0xEE, 0xEF, 0xEC, 0xDF, 0x21, 0x24, 0x2A, 0x29, 0x3B, 0xAC,
    0x2D, 0x2F, 0xC2, 0xC4, 0xC0, 0xC1, 0xC3, 0xC5, 0xC7, 0xD1, 0xA6, 0x2C, 0x25, 0x5F, 0x3E, 0x3F,
    0xF8, 0xC9, 0xCA, 0xCB, 0xC8, 0xCD, 0xCE, 0xCF, 0xCC, 0x60, 0x3A, 0x23, 0x40, 0x27, 0x3D, 0x22,
    0xD8, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0xAB, 0xBB, 0xF0, 0xFD, 0xFE, 0xB1,
    0xB0, 0x6A, 0x6B, 0x6C, 0x6D, 0x6E, 0x6F, 0x70, 0x71, 0x72, 0xAA, 0xBA, 0xE6, 0xB8, 0xC6, 0xA4,
    0xB5, 0x7E, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7A, 0xA1, 0xBF, 0xD0, 0xDD, 0xDE, 0xAE,
    0x5E, 0xA3, 0xA5, 0xB7, 0xA9, 0xA7, 0xB6, 0xBC, 0xBD, 0xBE, 0x5B, 0x5D, 0xAF, 0xA8, 0xB4, 0xD7,
    0x7B, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0xAD, 0xF4, 0xF6, 0xF2, 0xF3, 0xF5,
    0x7D, 0x4A, 0x4B, 0x4C, 0x4D, 0x4E, 0x4F, 0x50, 0x51, 0x52, 0xB9, 0xFB, 0xFC, 0xF9, 0xFA, 0xFF,
    0x5C, 0xF7, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5A, 0xB2, 0xD4, 0xD6, 0xD2, 0xD3, 0xD5,
    0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0xB3, 0xDB, 0xDC, 0xD9, 0xDA, 0x9F,
];

/// Where IBM-1047 differs from IBM-037: (EBCDIC byte, IBM-1047 character). `inferred`
/// (`docs/reference/call-conventions.md` §10); the X'15'/X'25' pair is the z/OS UNIX newline swap.
const IBM1047_DIFFERENCES: [(u8, u8); 8] = [
    (0x5F, b'^'),
    (0xAD, b'['),
    (0xB0, 0xAC), // ¬
    (0xBA, 0xDD), // Ý
    (0xBB, 0xA8), // ¨
    (0xBD, b']'),
    (0x15, 0x0A), // NL -> LF
    (0x25, 0x85), // LF -> NEL
];

const fn derive_1047() -> [u8; 256] {
    let mut table = IBM037;
    let mut i = 0;
    while i < IBM1047_DIFFERENCES.len() {
        let (byte, ch) = IBM1047_DIFFERENCES[i];
        table[byte as usize] = ch;
        i += 1;
    }
    table
}

const fn invert(table: &[u8; 256]) -> [u8; 256] {
    let mut inverse = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        inverse[table[i] as usize] = i as u8;
        i += 1;
    }
    inverse
}

const IBM1047: [u8; 256] = derive_1047();
const IBM1047_INV: [u8; 256] = invert(&IBM1047);
const IBM037_INV: [u8; 256] = invert(&IBM037);

/// A character that has no code point in the page.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("character {ch:?} (U+{:04X}) at position {index} has no code point in {page}", *ch as u32)]
pub struct Unmappable {
    pub ch: char,
    pub index: usize,
    pub page: CodePage,
}

impl fmt::Display for CodePage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl CodePage {
    /// The IBM name of the page, e.g. `IBM-1047`.
    pub const fn name(self) -> &'static str {
        match self {
            CodePage::Ibm1047 => "IBM-1047",
            CodePage::Ibm037 => "IBM-037",
        }
    }

    const fn decode_table(self) -> &'static [u8; 256] {
        match self {
            CodePage::Ibm1047 => &IBM1047,
            CodePage::Ibm037 => &IBM037,
        }
    }

    const fn encode_table(self) -> &'static [u8; 256] {
        match self {
            CodePage::Ibm1047 => &IBM1047_INV,
            CodePage::Ibm037 => &IBM037_INV,
        }
    }

    /// The character an EBCDIC byte stands for.
    pub const fn decode_byte(self, byte: u8) -> char {
        self.decode_table()[byte as usize] as char
    }

    /// The EBCDIC byte for a character, if the page has it.
    pub const fn encode_char(self, ch: char) -> Option<u8> {
        let scalar = ch as u32;
        if scalar > 0xFF {
            return None;
        }
        Some(self.encode_table()[scalar as usize])
    }

    /// Decodes EBCDIC bytes to text. Every byte has a character, so this cannot fail.
    pub fn decode(self, bytes: &[u8]) -> String {
        bytes.iter().map(|&b| self.decode_byte(b)).collect()
    }

    /// Encodes text to EBCDIC.
    pub fn encode(self, text: &str) -> Result<Vec<u8>, Unmappable> {
        text.chars()
            .enumerate()
            .map(|(index, ch)| {
                self.encode_char(ch).ok_or(Unmappable {
                    ch,
                    index,
                    page: self,
                })
            })
            .collect()
    }

    /// Encodes ASCII text at compile time (eye-catchers, names). Panics (at compile time when
    /// used in a `const`) on a byte above 0x7F, so it is only for literals in our own source.
    pub const fn encode_ascii_const<const N: usize>(self, text: &str) -> [u8; N] {
        let bytes = text.as_bytes();
        assert!(bytes.len() <= N, "literal longer than the field");
        let mut out = [EBCDIC_BLANK; N];
        let mut i = 0;
        while i < bytes.len() {
            assert!(bytes[i] < 0x80, "non-ASCII literal");
            out[i] = self.encode_table()[bytes[i] as usize];
            i += 1;
        }
        out
    }
}

/// Why text does not fit a fixed-width EBCDIC field.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FieldTextError {
    #[error("{text:?} is {len} characters, longer than the {width}-byte field")]
    TooLong {
        text: String,
        len: usize,
        width: usize,
    },
    #[error(transparent)]
    Unmappable(#[from] Unmappable),
}

/// Encodes `text` into a fixed-width EBCDIC field, padded on the right with X'40'.
/// An unmappable character is reported before a length that does not fit.
pub fn pad_field<const N: usize>(text: &str, page: CodePage) -> Result<[u8; N], FieldTextError> {
    let mut field = [EBCDIC_BLANK; N];
    let mut len = 0;
    for (index, ch) in text.chars().enumerate() {
        let b = page.encode_char(ch).ok_or(Unmappable { ch, index, page })?;
        if let Some(slot) = field.get_mut(index) {
            *slot = b;
        }
        len = index + 1;
    }
    if len > N {
        return Err(FieldTextError::TooLong {
            text: text.to_owned(),
            len,
            width: N,
        });
    }
    Ok(field)
}

/// Decodes a blank-padded EBCDIC field, dropping the trailing X'40' padding.
pub fn field_text(field: &[u8], page: CodePage) -> String {
    let end = field
        .iter()
        .rposition(|&b| b != EBCDIC_BLANK)
        .map_or(0, |last| last + 1);
    page.decode(&field[..end])
}

/// True when [`field_text`] gives printable text, so the field reads (and round-trips through
/// [`pad_field`]) as characters rather than as binary.
pub fn is_clean_text(field: &[u8], page: CodePage) -> bool {
    !field_text(field, page).chars().any(char::is_control)
}

/// Why a string is not a RACF user ID or group name.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RacfNameError {
    #[error("a RACF name cannot be empty")]
    Empty,
    #[error("RACF name {0:?} is longer than 8 characters")]
    TooLong(String),
    #[error("RACF name {0:?} starts with a digit")]
    LeadingDigit(String),
    #[error("RACF name {name:?} has {ch:?}; only A-Z, 0-9, #, $ and @ are allowed")]
    BadChar { name: String, ch: char },
}

/// A character RACF allows in a user ID or group name: A-Z, 0-9, #, $, @ (`confirmed`,
/// `docs/reference/utoken.md` §7).
const fn is_racf_char(c: char) -> bool {
    c.is_ascii_uppercase() || c.is_ascii_digit() || matches!(c, '#' | '$' | '@')
}

/// True when an 8-byte EBCDIC field holds a valid RACF name padded with X'40' (the rule of
/// [`validate_racf_name`]), all eight bytes at once in a 64-bit word (user and group fields are
/// 8 bytes, and every UTOKEN and PartnerInfo parse checks several). In EBCDIC the name
/// characters are A-I X'C1'-X'C9', J-R X'D1'-X'D9', S-Z X'E2'-X'E9', 0-9 X'F0'-X'F9', and
/// `$` X'5B', `#` X'7B', `@` X'7C' (the same in IBM-1047 and IBM-037); the test below pins this
/// against [`validate_racf_name`] for every byte.
#[inline]
pub(crate) fn racf_name8(field: &[u8; 8]) -> bool {
    const L: u64 = 0x0101_0101_0101_0101;
    const H: u64 = 0x8080_8080_8080_8080;
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    // X'80' in each byte of `v` that is zero. Only adds, ands and shifts below, so several
    // fields can be checked side by side in vector registers.
    let zero = |v: u64| !(((v & LOW7) + LOW7) | v) & H;
    let x = u64::from_be_bytes(*field);
    let blanks = zero(x ^ (0x40 * L));
    // Each blank byte as X'FF': the padding must be one run at the end (2^k - 1).
    let runs = blanks >> 7;
    let spread = (runs << 8).wrapping_sub(runs);
    let padding_at_end = spread & spread.wrapping_add(1) == 0;
    // Each byte's nibbles, 0-15, so per-byte additions cannot carry into the next byte.
    let hi = (x >> 4) & (0x0F * L);
    let lo = x & (0x0F * L);
    // X'80' per byte where: nibble >= k, nibble <= k, nibble != 0, whole byte == c.
    let ge = |n: u64, k: u64| (n + (0x80 - k) * L) & H;
    let le = |n: u64, k: u64| ((0x80 + k) * L - n) & H;
    let nz = |n: u64| (n + 0x7F * L) & H;
    let byte_is = |c: u64| zero(x ^ (c * L));
    let digit = ge(hi, 0xF) & le(lo, 9);
    // A-Z: X'C1'-X'C9', X'D1'-X'D9', X'E2'-X'E9': high nibble C-E, low 1-9, not X'E1'.
    let letter = ge(hi, 0xC) & le(hi, 0xE) & nz(lo) & le(lo, 9) & !byte_is(0xE1);
    // $ X'5B'; # X'7B' and @ X'7C'.
    let special = byte_is(0x5B) | (ge(hi, 7) & le(hi, 7) & ge(lo, 0xB) & le(lo, 0xC));
    let first = 0x80 << 56;
    ((digit | letter | special | blanks) == H) & padding_at_end & ((digit | blanks) & first == 0)
}

/// Checks two 8-byte name fields at once ([`racf_name8`] of each). Every UTOKEN and PartnerInfo
/// parse checks names in pairs (user and group, address-space and task user IDs); on x86_64 the
/// pair is one SSE2 vector.
#[inline]
pub(crate) fn racf_names2(a: &[u8; 8], b: &[u8; 8]) -> [bool; 2] {
    #[cfg(target_arch = "x86_64")]
    {
        // SAFETY: SSE2 is part of the x86_64 baseline, so the target feature is always there.
        unsafe { sse2::racf_names2(a, b) }
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        [racf_name8(a), racf_name8(b)]
    }
}

#[cfg(target_arch = "x86_64")]
mod sse2 {
    use std::arch::x86_64::*;

    /// The rule of [`super::racf_name8`], sixteen lanes at a time: lanes 0-7 are `a`, 8-15 `b`.
    #[target_feature(enable = "sse2")]
    pub(super) fn racf_names2(a: &[u8; 8], b: &[u8; 8]) -> [bool; 2] {
        let x = _mm_set_epi64x(i64::from_le_bytes(*b), i64::from_le_bytes(*a));
        let byte = |c: u8| _mm_set1_epi8(c as i8);
        let nibble = byte(0x0F);
        // Nibbles are 0-15, so the signed byte compares below are exact.
        let hi = _mm_and_si128(_mm_srli_epi16::<4>(x), nibble);
        let lo = _mm_and_si128(x, nibble);
        let lo_le9 = _mm_cmplt_epi8(lo, byte(10));
        let lo_ge1 = _mm_cmpgt_epi8(lo, _mm_setzero_si128());
        let hi_c_to_e = _mm_and_si128(
            _mm_cmpgt_epi8(hi, byte(0x0B)),
            _mm_cmplt_epi8(hi, byte(0x0F)),
        );
        // A-Z: X'C1'-X'C9', X'D1'-X'D9', X'E2'-X'E9'; 0-9: X'F0'-X'F9'; $ # @.
        let letter = _mm_andnot_si128(
            _mm_cmpeq_epi8(x, byte(0xE1)),
            _mm_and_si128(hi_c_to_e, _mm_and_si128(lo_ge1, lo_le9)),
        );
        let digit = _mm_and_si128(_mm_cmpeq_epi8(hi, byte(0x0F)), lo_le9);
        let special = _mm_or_si128(
            _mm_cmpeq_epi8(x, byte(0x5B)),
            _mm_or_si128(_mm_cmpeq_epi8(x, byte(0x7B)), _mm_cmpeq_epi8(x, byte(0x7C))),
        );
        let ok = _mm_movemask_epi8(_mm_or_si128(letter, _mm_or_si128(digit, special))) as u32;
        let blank = _mm_movemask_epi8(_mm_cmpeq_epi8(x, byte(0x40))) as u32;
        let digits = _mm_movemask_epi8(digit) as u32;
        let one = |shift: u32| {
            let (ok, blank) = ((ok >> shift) & 0xFF, (blank >> shift) & 0xFF);
            // The characters are a run from the first lane; the blanks pad the rest.
            let chars = !blank & 0xFF;
            ((ok | blank) == 0xFF)
                & (chars & (chars + 1) == 0)
                & (ok & 1 == 1)
                & ((digits >> shift) & 1 == 0)
        };
        [one(0), one(8)]
    }
}

/// Checks a RACF user ID or group name: 1 to 8 of A-Z 0-9 # $ @, the first not a digit
/// (`confirmed`, `docs/reference/utoken.md` §7). Lower case is rejected: RACF folds names to upper case before
/// they reach a token, so a lower-case name in a data area is an error.
pub fn validate_racf_name(name: &str) -> Result<(), RacfNameError> {
    let first = name.chars().next().ok_or(RacfNameError::Empty)?;
    if name.chars().count() > 8 {
        return Err(RacfNameError::TooLong(name.to_owned()));
    }
    if let Some(ch) = name.chars().find(|&c| !is_racf_char(c)) {
        return Err(RacfNameError::BadChar {
            name: name.to_owned(),
            ch,
        });
    }
    if first.is_ascii_digit() {
        return Err(RacfNameError::LeadingDigit(name.to_owned()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads `fixtures/codepages/<file>`: lines `EE UUUU`.
    fn fixture(file: &str) -> Vec<(u8, char)> {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/codepages/");
        let text = std::fs::read_to_string(format!("{path}{file}")).expect("fixture present");
        text.lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(|l| {
                let (b, u) = l.split_once(' ').expect("two columns");
                let byte = u8::from_str_radix(b, 16).expect("hex byte");
                let scalar = u32::from_str_radix(u, 16).expect("hex scalar");
                (byte, char::from_u32(scalar).expect("scalar"))
            })
            .collect()
    }

    fn pin(page: CodePage, file: &str) {
        let table = fixture(file);
        assert_eq!(table.len(), 256, "{file} must list all 256 code points");
        for (i, &(byte, ch)) in table.iter().enumerate() {
            assert_eq!(byte as usize, i, "{file} out of order");
            assert_eq!(page.decode_byte(byte), ch, "{page} X'{byte:02X}' decodes");
            assert_eq!(
                page.encode_char(ch),
                Some(byte),
                "{page} U+{:04X} encodes",
                ch as u32
            );
        }
    }

    #[test]
    fn ibm1047_pins_all_256_code_points_both_ways() {
        pin(CodePage::Ibm1047, "ibm1047.txt");
    }

    #[test]
    fn ibm037_pins_all_256_code_points_both_ways() {
        pin(CodePage::Ibm037, "ibm037.txt");
    }

    #[test]
    fn newline_convention() {
        assert_eq!(CodePage::Ibm1047.encode("\n").unwrap(), [0x15]);
        assert_eq!(CodePage::Ibm037.encode("\n").unwrap(), [0x25]);
        assert_eq!(CodePage::Ibm1047.decode(&[0x25]), "\u{85}");
    }

    #[test]
    fn pages_differ_only_where_documented() {
        let differing: Vec<u8> = (0..=255u8)
            .filter(|&b| CodePage::Ibm1047.decode_byte(b) != CodePage::Ibm037.decode_byte(b))
            .collect();
        assert_eq!(differing, [0x15, 0x25, 0x5F, 0xAD, 0xB0, 0xBA, 0xBB, 0xBD]);
    }

    #[test]
    fn fields_pad_and_trim() {
        let f: [u8; 8] = pad_field("IBMUSER", CodePage::Ibm1047).unwrap();
        assert_eq!(f, [0xC9, 0xC2, 0xD4, 0xE4, 0xE2, 0xC5, 0xD9, 0x40]);
        assert_eq!(field_text(&f, CodePage::Ibm1047), "IBMUSER");
        assert!(is_clean_text(&f, CodePage::Ibm1047));
        assert!(!is_clean_text(&[0; 8], CodePage::Ibm1047));
        assert!(matches!(
            pad_field::<4>("TOOLONG", CodePage::Ibm1047),
            Err(FieldTextError::TooLong { .. })
        ));
        assert!(matches!(
            pad_field::<4>("€", CodePage::Ibm1047),
            Err(FieldTextError::Unmappable(_))
        ));
        const NWMC: [u8; 4] = CodePage::Ibm1047.encode_ascii_const("NWMC");
        assert_eq!(u32::from_be_bytes(NWMC), 0xD5E6_D4C3);
    }

    #[test]
    fn racf_characters_agree_in_both_pages() {
        for b in 0..=255u8 {
            let in_1047 = is_racf_char(CodePage::Ibm1047.decode_byte(b));
            assert_eq!(
                in_1047,
                is_racf_char(CodePage::Ibm037.decode_byte(b)),
                "X'{b:02X}'"
            );
        }
    }

    #[test]
    fn racf_name8_agrees_with_validate_racf_name() {
        let samples = [
            "IBMUSER", "A", "#$@", "USER0001", "1ABC", "A B", "ab", "", "ABCDEFGH", "A1", "$1",
        ];
        for s in samples {
            let field: [u8; 8] = pad_field(s, CodePage::Ibm1047).unwrap();
            assert_eq!(racf_name8(&field), validate_racf_name(s).is_ok(), "{s:?}");
        }
        // Every byte in every position, next to valid characters and padding.
        for a in 0..=255u8 {
            for at in 0..8 {
                let mut field = [0xC1, 0xF2, 0x7C, 0xE9, 0x40, 0x40, 0x40, 0x40];
                field[at] = a;
                let text = field_text(&field, CodePage::Ibm1047);
                assert_eq!(
                    racf_name8(&field),
                    validate_racf_name(&text).is_ok(),
                    "{field:02X?}"
                );
            }
            for b in [0x40, 0x00, 0xC1, 0xF1, 0x7B, 0x81] {
                let field = [a, b, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40];
                let text = field_text(&field, CodePage::Ibm1047);
                assert_eq!(
                    racf_name8(&field),
                    validate_racf_name(&text).is_ok(),
                    "{field:02X?}"
                );
            }
        }
    }

    #[test]
    fn racf_names2_agrees_with_racf_name8() {
        let mut fields: Vec<[u8; 8]> = [
            "IBMUSER", "A", "#$@", "USER0001", "1ABC", "A B", "", "ABCDEFGH", "$1",
        ]
        .iter()
        .map(|s| pad_field(s, CodePage::Ibm1047).unwrap())
        .collect();
        for a in 0..=255u8 {
            for at in [0, 3, 7] {
                let mut f = [0xC1, 0xF2, 0x7C, 0xE9, 0x40, 0x40, 0x40, 0x40];
                f[at] = a;
                fields.push(f);
            }
        }
        for (i, a) in fields.iter().enumerate() {
            let b = &fields[(i * 7 + 3) % fields.len()];
            assert_eq!(
                racf_names2(a, b),
                [racf_name8(a), racf_name8(b)],
                "{a:02X?} {b:02X?}"
            );
        }
    }

    #[test]
    fn racf_name_fields() {
        let field = |s: &str| pad_field::<8>(s, CodePage::Ibm1047).unwrap();
        assert!(racf_name8(&field("IBMUSER")));
        assert!(racf_name8(&field("#$@")));
        assert!(!racf_name8(&field("")));
        assert!(!racf_name8(&field("1ABC")));
        assert!(!racf_name8(&field("A B")));
        assert!(!racf_name8(&[0xC1, 0, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40]));
    }

    #[test]
    fn racf_names() {
        for ok in ["IBMUSER", "A", "#$@", "USER0001", "SYS1"] {
            assert_eq!(validate_racf_name(ok), Ok(()), "{ok}");
        }
        assert_eq!(validate_racf_name(""), Err(RacfNameError::Empty));
        assert!(matches!(
            validate_racf_name("1USER"),
            Err(RacfNameError::LeadingDigit(_))
        ));
        assert!(matches!(
            validate_racf_name("TOOLONGID"),
            Err(RacfNameError::TooLong(_))
        ));
        assert!(matches!(
            validate_racf_name("user"),
            Err(RacfNameError::BadChar { .. })
        ));
        assert!(matches!(
            validate_racf_name("A B"),
            Err(RacfNameError::BadChar { .. })
        ));
    }
}
