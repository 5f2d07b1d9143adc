//! Reads hex text: what a user pastes from a dump, a listing or a test.
//!
//! Accepted, line by line (parsed with nom):
//! - plain hex digits, in any grouping: `C000F612`, `c0 00 f6 12`;
//! - IPCS storage lines as [`crate::areas::dump::ipcs`] writes them: a leading address that ends
//!   with `.` or `:`, and a trailing `|text|` column, are skipped;
//! - `X'...'` constants and `0x` prefixes;
//! - comments from `#` or `*` at the start of a token to the end of the line.

use nom::branch::alt;
use nom::bytes::complete::{tag_no_case, take_while, take_while1};
use nom::character::complete::{char, space0};
use nom::combinator::{opt, recognize};
use nom::sequence::{delimited, terminated};
use nom::{IResult, Parser};

/// Why text is not hex.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum HexError {
    #[error("line {line}, column {column}: {found:?} is not a hex digit")]
    NotHex {
        line: usize,
        column: usize,
        found: char,
    },
    #[error("line {line}: {digits} hex digits do not make whole bytes")]
    OddDigits { line: usize, digits: usize },
    #[error("no hex digits in the input")]
    Empty,
}

fn address(input: &str) -> IResult<&str, &str> {
    terminated(
        recognize((
            opt(char('+')),
            take_while1(|c: char| c.is_ascii_hexdigit() || c == '_'),
        )),
        alt((char('.'), char(':'))),
    )
    .parse(input)
}

fn x_constant(input: &str) -> IResult<&str, &str> {
    delimited(
        tag_no_case("X'"),
        take_while(|c: char| c.is_ascii_hexdigit() || c == ' '),
        char('\''),
    )
    .parse(input)
}

fn hex_token(input: &str) -> IResult<&str, &str> {
    let (rest, _) = opt(tag_no_case("0x")).parse(input)?;
    take_while1(|c: char| c.is_ascii_hexdigit()).parse(rest)
}

/// Parses hex text into bytes.
pub fn parse(text: &str) -> Result<Vec<u8>, HexError> {
    let mut digits = String::new();
    for (n, raw) in text.lines().enumerate() {
        let line = n + 1;
        // The IPCS text column is between the first and the last bar.
        let body = match (raw.find('|'), raw.rfind('|')) {
            (Some(a), Some(b)) if b > a => &raw[..a],
            _ => raw,
        };
        let (mut rest, _) = space0::<_, nom::error::Error<&str>>(body).unwrap_or((body, ""));
        if let Ok((after, _)) = address(rest) {
            rest = after;
        }
        loop {
            let (r, _) = space0::<_, nom::error::Error<&str>>(rest).unwrap_or((rest, ""));
            rest = r;
            if rest.is_empty() || rest.starts_with('#') || rest.starts_with('*') {
                break;
            }
            if let Ok((r, hex)) = x_constant(rest) {
                digits.extend(hex.chars().filter(|c| !c.is_whitespace()));
                rest = r;
            } else if let Ok((r, hex)) = hex_token(rest) {
                digits.push_str(hex);
                rest = r;
            } else {
                let column = body.len() - rest.len() + 1;
                let found = rest.chars().next().unwrap_or(' ');
                return Err(HexError::NotHex {
                    line,
                    column,
                    found,
                });
            }
        }
    }
    if digits.is_empty() {
        return Err(HexError::Empty);
    }
    if !digits.len().is_multiple_of(2) {
        return Err(HexError::OddDigits {
            line: text.lines().count(),
            digits: digits.len(),
        });
    }
    Ok(digits
        .as_bytes()
        .chunks(2)
        .map(|p| {
            let hi = (p[0] as char).to_digit(16).unwrap_or(0);
            let lo = (p[1] as char).to_digit(16).unwrap_or(0);
            (hi * 16 + lo) as u8
        })
        .collect())
}

/// Upper-case hex of `bytes`, no separators.
pub fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}

/// True when `bytes` look like hex text rather than a binary area: printable ASCII and
/// white space only.
pub fn looks_like_text(bytes: &[u8]) -> bool {
    !bytes.is_empty()
        && bytes
            .iter()
            .all(|&b| b.is_ascii_graphic() || b.is_ascii_whitespace())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::areas::dump::ipcs;
    use crate::codepage::CodePage;

    #[test]
    fn forms() {
        assert_eq!(parse("C000F612"), Ok(vec![0xC0, 0, 0xF6, 0x12]));
        assert_eq!(
            parse("c0 00 f6 12 # comment"),
            Ok(vec![0xC0, 0, 0xF6, 0x12])
        );
        assert_eq!(parse("X'8004F613'"), Ok(vec![0x80, 4, 0xF6, 0x13]));
        assert_eq!(parse("0xC000 0xF612"), Ok(vec![0xC0, 0, 0xF6, 0x12]));
        assert_eq!(parse("+0010: 01 02\n* note\n03 04"), Ok(vec![1, 2, 3, 4]));
    }

    #[test]
    fn reads_its_own_dumps() {
        let bytes: Vec<u8> = (0..=255).collect();
        assert_eq!(parse(&ipcs(&bytes, 0x7F00, CodePage::Ibm1047)), Ok(bytes));
    }

    #[test]
    fn errors() {
        assert_eq!(
            parse("C0 0G"),
            Err(HexError::NotHex {
                line: 1,
                column: 5,
                found: 'G'
            })
        );
        assert!(matches!(parse("ABC"), Err(HexError::OddDigits { .. })));
        assert_eq!(parse("  \n"), Err(HexError::Empty));
    }
}
