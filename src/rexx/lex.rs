//! REXX tokens (`docs/reference/rexx.md` §14): nested comments, strings with doubled quotes, hex and binary
//! strings, symbols (case-folded), numeric constants with exponents, operators with the three
//! "not" characters, clause ends at `;` and line ends, and the trailing-comma continuation.
//! Each token knows its line and whether blanks came before it (blank concatenation).

use nom::IResult;
use nom::Parser;
use nom::bytes::complete::take_while;

use super::error::RexxError;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Tok {
    /// A symbol, upper-cased; `constant` when it starts with a digit or a period.
    Symbol {
        name: String,
        constant: bool,
    },
    /// A literal string (hex and binary strings already converted).
    Str(Vec<u8>),
    /// An operator, normalised: `\` for every "not" character.
    Op(&'static str),
    Comma,
    LParen,
    RParen,
    Colon,
    /// The end of a clause: `;` or the end of a line.
    End,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub tok: Tok,
    pub line: usize,
    /// Blanks (or a comment) came right before it.
    pub blank: bool,
}

fn is_symbol_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'.' | b'!' | b'?' | b'_' | b'@' | b'#' | b'$')
}

fn symbol_chars(i: &[u8]) -> IResult<&[u8], &[u8]> {
    take_while(is_symbol_char).parse(i)
}

/// The operators, longest first.
const OPS: &[&str] = &[
    "\\==", "\\>>", "\\<<", ">>=", "<<=", "**", "//", "||", "&&", "==", "\\=", "<>", "><", ">=",
    "<=", "\\>", "\\<", ">>", "<<", "+", "-", "*", "/", "%", "=", ">", "<", "&", "|", "\\",
];

/// Tokenizes a whole program.
pub fn tokens(src: &[u8]) -> Result<Vec<Token>, RexxError> {
    let mut out: Vec<Token> = Vec::new();
    let mut i = 0;
    let mut line = 1;
    let mut blank = false;
    let n = src.len();
    while i < n {
        let c = src[i];
        match c {
            b' ' | b'\t' | b'\r' | 0x0C | 0x0B => {
                blank = true;
                i += 1;
            }
            b'\n' => {
                // A trailing comma continues the clause.
                if matches!(
                    out.last(),
                    Some(Token {
                        tok: Tok::Comma,
                        ..
                    })
                ) {
                    out.pop();
                } else {
                    push_end(&mut out, line);
                }
                line += 1;
                i += 1;
                blank = true;
            }
            b'/' if src.get(i + 1) == Some(&b'*') => {
                let start_line = line;
                let mut depth = 0;
                loop {
                    if i >= n {
                        return Err(RexxError::new(6, 1, start_line, vec![]));
                    }
                    if src[i] == b'/' && src.get(i + 1) == Some(&b'*') {
                        depth += 1;
                        i += 2;
                    } else if src[i] == b'*' && src.get(i + 1) == Some(&b'/') {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        if src[i] == b'\n' {
                            line += 1;
                        }
                        i += 1;
                    }
                }
                blank = true;
            }
            b';' => {
                push_end(&mut out, line);
                i += 1;
                blank = false;
            }
            b'\'' | b'"' => {
                let q = c;
                let start_line = line;
                let mut s = Vec::new();
                i += 1;
                loop {
                    if i >= n || src[i] == b'\n' {
                        return Err(RexxError::new(
                            6,
                            if q == b'\'' { 2 } else { 3 },
                            start_line,
                            vec![],
                        ));
                    }
                    if src[i] == q {
                        if src.get(i + 1) == Some(&q) {
                            s.push(q);
                            i += 2;
                            continue;
                        }
                        i += 1;
                        break;
                    }
                    s.push(src[i]);
                    i += 1;
                }
                // A hex or binary string: X or B right after the quote, not followed by a
                // symbol character.
                let kind = src.get(i).map(|c| c.to_ascii_uppercase());
                let next_is_sym = src.get(i + 1).is_some_and(|c| is_symbol_char(*c));
                let value = match kind {
                    Some(b'X') if !next_is_sym => {
                        i += 1;
                        hex_string(&s, line)?
                    }
                    Some(b'B') if !next_is_sym => {
                        i += 1;
                        bin_string(&s, line)?
                    }
                    _ => s,
                };
                out.push(Token {
                    tok: Tok::Str(value),
                    line,
                    blank,
                });
                blank = false;
            }
            b',' => {
                out.push(Token {
                    tok: Tok::Comma,
                    line,
                    blank,
                });
                i += 1;
                blank = false;
            }
            b'(' | b')' | b':' => {
                let tok = match c {
                    b'(' => Tok::LParen,
                    b')' => Tok::RParen,
                    _ => Tok::Colon,
                };
                out.push(Token { tok, line, blank });
                i += 1;
                blank = false;
            }
            _ if is_symbol_char(c) => {
                let (_, sym) =
                    symbol_chars(&src[i..]).map_err(|_| RexxError::new(13, 1, line, vec![]))?;
                let mut len = sym.len();
                let constant = c.is_ascii_digit() || c == b'.';
                // A numeric constant with a signed exponent: 1E+5, 12.5e-3.
                if constant
                    && matches!(sym.last(), Some(b'e' | b'E'))
                    && matches!(src.get(i + len), Some(b'+' | b'-'))
                    && src.get(i + len + 1).is_some_and(|d| d.is_ascii_digit())
                    && is_plain_number(&sym[..sym.len() - 1])
                {
                    len += 1;
                    while src.get(i + len).is_some_and(|d| d.is_ascii_digit()) {
                        len += 1;
                    }
                }
                let name = String::from_utf8_lossy(&src[i..i + len]).to_ascii_uppercase();
                out.push(Token {
                    tok: Tok::Symbol { name, constant },
                    line,
                    blank,
                });
                i += len;
                blank = false;
            }
            _ => {
                // "Not" characters: ^ and ¬ (UTF-8 C2 AC, or Latin-1 AC) are \.
                let rest = &src[i..];
                let (norm, skip): (Vec<u8>, usize) = if rest.starts_with("¬".as_bytes()) {
                    (b"\\".to_vec(), 2)
                } else if c == b'^' || c == 0xAC {
                    (b"\\".to_vec(), 1)
                } else {
                    (vec![c], 1)
                };
                // Build the candidate text with the normalised first character.
                let mut cand = norm.clone();
                let more = &src[i + skip..];
                cand.extend(
                    more.iter()
                        .take(2)
                        .map(|b| if *b == b'^' { b'\\' } else { *b }),
                );
                let op = OPS.iter().find(|o| cand.starts_with(o.as_bytes()));
                match op {
                    Some(op) => {
                        let consumed = skip + op.len() - norm.len();
                        out.push(Token {
                            tok: Tok::Op(op),
                            line,
                            blank,
                        });
                        i += consumed;
                        blank = false;
                    }
                    None => {
                        return Err(RexxError::new(13, 1, line, vec![format!("{:02X}", c)]));
                    }
                }
            }
        }
    }
    push_end(&mut out, line);
    Ok(out)
}

fn is_plain_number(s: &[u8]) -> bool {
    let mut point = false;
    let mut digits = 0;
    for c in s {
        match c {
            b'0'..=b'9' => digits += 1,
            b'.' if !point => point = true,
            _ => return false,
        }
    }
    digits > 0
}

fn push_end(out: &mut Vec<Token>, line: usize) {
    if !matches!(out.last(), None | Some(Token { tok: Tok::End, .. })) {
        out.push(Token {
            tok: Tok::End,
            line,
            blank: false,
        });
    }
}

/// A hex string's bytes: pairs of hex digits, blanks allowed between bytes (the first group
/// may have an odd count, padded on the left).
fn hex_string(s: &[u8], line: usize) -> Result<Vec<u8>, RexxError> {
    group_string(s, line, 16)
}

fn bin_string(s: &[u8], line: usize) -> Result<Vec<u8>, RexxError> {
    group_string(s, line, 2)
}

/// Hex or binary digits in blank-separated groups (no leading or trailing blank); the
/// digits are concatenated and padded on the left to a whole byte.
fn group_string(s: &[u8], line: usize, radix: u32) -> Result<Vec<u8>, RexxError> {
    let bad = || RexxError::new(15, if radix == 16 { 1 } else { 2 }, line, vec![]);
    if s.first() == Some(&b' ') || s.last() == Some(&b' ') {
        return Err(bad());
    }
    let groups: Vec<&[u8]> = s.split(|c| *c == b' ').filter(|g| !g.is_empty()).collect();
    let per_byte = if radix == 16 { 2 } else { 8 };
    let mut digits = Vec::new();
    for (k, g) in groups.iter().enumerate() {
        if k > 0 && g.len() % (if radix == 16 { 2 } else { 4 }) != 0 {
            return Err(bad());
        }
        for c in g.iter() {
            let d = (*c as char).to_digit(radix).ok_or_else(bad)?;
            digits.push(d as u8);
        }
    }
    let pad = (per_byte - digits.len() % per_byte) % per_byte;
    let mut all = vec![0u8; pad];
    all.extend(digits);
    Ok(all
        .chunks(per_byte)
        .map(|ch| {
            ch.iter()
                .fold(0u8, |acc, d| acc.wrapping_mul(radix as u8).wrapping_add(*d))
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<Tok> {
        tokens(s.as_bytes())
            .unwrap()
            .into_iter()
            .map(|t| t.tok)
            .collect()
    }

    #[test]
    fn basics() {
        assert_eq!(
            toks("say 'it''s' 'C1 C2'x '0100 0001'b /* a /* nested */ comment */ x.1"),
            vec![
                Tok::Symbol {
                    name: "SAY".into(),
                    constant: false
                },
                Tok::Str(b"it's".to_vec()),
                Tok::Str(vec![0xC1, 0xC2]),
                Tok::Str(vec![0x41]),
                Tok::Symbol {
                    name: "X.1".into(),
                    constant: false
                },
                Tok::End,
            ]
        );
        assert_eq!(
            toks("a = 1e+5 \\= b ^== c ¬= d"),
            vec![
                Tok::Symbol {
                    name: "A".into(),
                    constant: false
                },
                Tok::Op("="),
                Tok::Symbol {
                    name: "1E+5".into(),
                    constant: true
                },
                Tok::Op("\\="),
                Tok::Symbol {
                    name: "B".into(),
                    constant: false
                },
                Tok::Op("\\=="),
                Tok::Symbol {
                    name: "C".into(),
                    constant: false
                },
                Tok::Op("\\="),
                Tok::Symbol {
                    name: "D".into(),
                    constant: false
                },
                Tok::End,
            ]
        );
        // Continuation: the comma at the end of a line joins the clauses.
        assert_eq!(toks("say 1,\n 2").len(), 4);
        assert!(tokens(b"say 'abc").is_err());
        assert!(tokens(b"say 'G'x").is_err());
        assert!(tokens(b"/* open").is_err());
    }
}
