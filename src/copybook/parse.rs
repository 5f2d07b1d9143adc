//! Reads copybooks back (nom), computing each field's offset from the declarations the way the
//! compiler or assembler would. Arbitrary text gives an error, never a panic (fuzzed).

use nom::branch::alt;
use nom::bytes::complete::{tag, tag_no_case, take_till, take_until, take_while, take_while1};
use nom::character::complete::{char, digit1, multispace0, multispace1, space0, space1};
use nom::combinator::{map_res, opt, recognize, rest};
use nom::multi::separated_list1;
use nom::sequence::{delimited, preceded};
use nom::{IResult, Parser};

use super::Lang;

/// What a copybook declares.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Parsed {
    /// The structure's name (DSECT, struct tag, level-01 or level-1 name).
    pub structure: Option<String>,
    /// The structure's length, as the language computes it.
    pub size: Option<usize>,
    pub fields: Vec<ParsedField>,
    pub consts: Vec<ParsedConst>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedField {
    pub name: String,
    pub offset: usize,
    pub len: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedConst {
    pub name: String,
    pub value: u64,
}

/// Why a copybook cannot be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct ParseError {
    pub line: usize,
    pub message: String,
}

fn err(line: usize, message: impl Into<String>) -> ParseError {
    ParseError {
        line,
        message: message.into(),
    }
}

/// Parses copybook text in `lang`.
pub fn parse(lang: Lang, text: &str) -> Result<Parsed, ParseError> {
    match lang {
        Lang::Cobol => cobol(text),
        Lang::Asm => asm(text),
        Lang::C => c(text),
        Lang::Pli => pli(text),
    }
}

type Res<'a, T> = IResult<&'a str, T>;

fn ident(i: &str) -> Res<'_, &str> {
    take_while1(|c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '#' | '$' | '@'))(i)
}

fn number(i: &str) -> Res<'_, usize> {
    map_res(digit1, str::parse::<usize>).parse(i)
}

fn hex_value(digits: &str, line: usize) -> Result<u64, ParseError> {
    if digits.is_empty() || digits.len() > 16 {
        return Err(err(
            line,
            format!("hex constant {digits:?} is empty or longer than 8 bytes"),
        ));
    }
    u64::from_str_radix(digits, 16).map_err(|_| err(line, format!("{digits:?} is not hex")))
}

fn checked_add(a: usize, b: usize, line: usize) -> Result<usize, ParseError> {
    a.checked_add(b)
        .ok_or_else(|| err(line, "offset overflows"))
}

// ---------------------------------------------------------------- COBOL

/// `X(8)`, `9(9)`, `S9(4)`, `X`, `XXX`: the character count and whether it is numeric.
fn picture(i: &str) -> Res<'_, (usize, bool)> {
    let (i, _) = opt(tag_no_case("S")).parse(i)?;
    let item = |i| -> Res<'_, (usize, bool)> {
        let (i, c) = alt((char('X'), char('x'), char('9'))).parse(i)?;
        let (i, n) = opt(delimited(char('('), number, char(')'))).parse(i)?;
        Ok((i, (n.unwrap_or(1), c == '9')))
    };
    let (i, items) = nom::multi::many1(item).parse(i)?;
    let count = items.iter().map(|(n, _)| n).sum();
    Ok((i, (count, items.iter().all(|(_, numeric)| *numeric))))
}

struct CobolEntry {
    level: usize,
    name: String,
    pic: Option<(usize, bool)>,
    binary: bool,
    value: Option<String>,
}

fn cobol_entry(i: &str) -> Res<'_, CobolEntry> {
    let (i, _) = multispace0(i)?;
    let (i, level) = number(i)?;
    let (i, _) = multispace1(i)?;
    let (mut i, name) = ident(i)?;
    let mut entry = CobolEntry {
        level,
        name: name.to_owned(),
        pic: None,
        binary: false,
        value: None,
    };
    loop {
        let (r, _) = multispace0(i)?;
        if r.is_empty() {
            return Ok((r, entry));
        }
        if let Ok((r, _)) = alt((
            tag_no_case::<_, _, nom::error::Error<&str>>("PICTURE"),
            tag_no_case("PIC"),
        ))
        .parse(r)
        {
            let (r, _) = multispace1(r)?;
            let (r, p) = picture(r)?;
            entry.pic = Some(p);
            i = r;
        } else if let Ok((r, _)) = tag_no_case::<_, _, nom::error::Error<&str>>("VALUE").parse(r) {
            let (r, _) = multispace1(r)?;
            let (r, v) = take_till(|c: char| c.is_whitespace())(r)?;
            entry.value = Some(v.to_owned());
            i = r;
        } else {
            let (r, word) = take_till(|c: char| c.is_whitespace())(r)?;
            match word.to_ascii_uppercase().as_str() {
                "COMP-5" | "COMP" | "COMP-4" | "BINARY" | "COMPUTATIONAL-5" => entry.binary = true,
                "USAGE" | "IS" => {}
                other => {
                    return Err(nom::Err::Failure(nom::error::Error::new(
                        if other.is_empty() { r } else { word },
                        nom::error::ErrorKind::Tag,
                    )));
                }
            }
            i = r;
        }
    }
}

fn cobol(text: &str) -> Result<Parsed, ParseError> {
    // Fixed format: columns 1-6 sequence, 7 indicator, 8-72 the program text.
    let mut sentence = String::new();
    let mut start_line = 1;
    let mut sentences = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let chars: Vec<char> = line.chars().collect();
        if chars.len() < 8 || matches!(chars[6], '*' | '/') {
            continue;
        }
        let body: String = chars[7..chars.len().min(72)].iter().collect();
        if sentence.trim().is_empty() {
            start_line = n + 1;
        }
        sentence.push(' ');
        sentence.push_str(&body);
        while let Some(end) = sentence.find(". ").or_else(|| {
            sentence
                .trim_end()
                .ends_with('.')
                .then(|| sentence.trim_end().len() - 1)
        }) {
            let s: String = sentence[..end].to_owned();
            sentences.push((start_line, s));
            sentence = sentence[end + 1..].to_owned();
            start_line = n + 1;
        }
    }
    if !sentence.trim().is_empty() {
        return Err(err(start_line, "the last entry does not end with a period"));
    }
    let mut parsed = Parsed::default();
    let mut in_consts = false;
    let mut offset = 0usize;
    for (line, s) in sentences {
        let (_, e) = cobol_entry(&s)
            .map_err(|_| err(line, format!("not a data description entry: {}", s.trim())))?;
        if e.level == 1 {
            in_consts = e.name.to_ascii_uppercase().ends_with("-CONSTANTS");
            if !in_consts {
                if parsed.structure.is_some() {
                    return Err(err(line, "a second structure"));
                }
                parsed.structure = Some(e.name);
                parsed.size = Some(0);
                offset = 0;
            }
            continue;
        }
        let (count, numeric) = e
            .pic
            .ok_or_else(|| err(line, format!("{} has no PICTURE", e.name)))?;
        let len = match (numeric, e.binary) {
            (true, true) => match count {
                1..=4 => 2,
                5..=9 => 4,
                10..=18 => 8,
                _ => {
                    return Err(err(
                        line,
                        format!("{} digits do not fit a binary item", count),
                    ));
                }
            },
            _ => count,
        };
        if in_consts {
            let v = e
                .value
                .ok_or_else(|| err(line, format!("constant {} has no VALUE", e.name)))?;
            let digits = v
                .strip_prefix("X'")
                .or_else(|| v.strip_prefix("x'"))
                .and_then(|d| d.strip_suffix('\''))
                .ok_or_else(|| err(line, format!("VALUE {v} is not a hex literal")))?;
            if digits.len() != len * 2 {
                return Err(err(
                    line,
                    format!("VALUE {v} does not fill PIC of {len} bytes"),
                ));
            }
            parsed.consts.push(ParsedConst {
                name: e.name,
                value: hex_value(digits, line)?,
            });
        } else {
            if parsed.structure.is_none() {
                return Err(err(line, "an item outside any level-01 group"));
            }
            parsed.fields.push(ParsedField {
                name: e.name,
                offset,
                len,
            });
            offset = checked_add(offset, len, line)?;
            parsed.size = Some(offset);
        }
    }
    Ok(parsed)
}

// ---------------------------------------------------------------- assembler

/// A DS operand: optional duplication factor, type, optional length.
fn ds_operand(i: &str) -> Res<'_, (usize, String, Option<usize>)> {
    let (i, dup) = opt(number).parse(i)?;
    let (i, ty) = alt((
        tag_no_case("FD"),
        tag_no_case("AD"),
        tag_no_case("C"),
        tag_no_case("X"),
        tag_no_case("H"),
        tag_no_case("F"),
        tag_no_case("A"),
        tag_no_case("D"),
    ))
    .parse(i)?;
    let (i, len) = opt(preceded(tag_no_case("L"), number)).parse(i)?;
    Ok((i, (dup.unwrap_or(1), ty.to_ascii_uppercase(), len)))
}

fn asm_statement(i: &str) -> Res<'_, (Option<&str>, &str, &str)> {
    let (i, label) = opt(ident).parse(i)?;
    let (i, _) = space1(i)?;
    let (i, op) = ident(i)?;
    let (i, _) = space0(i)?;
    let (i, operand) = take_till(|c: char| c == ' ')(i)?;
    Ok((i, (label, op, operand)))
}

/// The longest symbol HLASM takes (z/OS HLASM Language Reference, "Symbols": 1 to 63
/// characters, `confirmed`).
const ASM_SYMBOL_MAX: usize = 63;

fn asm(text: &str) -> Result<Parsed, ParseError> {
    let mut parsed = Parsed::default();
    let mut loc: Option<usize> = None;
    let mut symbols = std::collections::HashSet::new();
    for (n, line) in text.lines().enumerate() {
        let line_no = n + 1;
        // HLASM reads columns 1-71; a character in 72 continues the statement, and this
        // reader, like the generator, writes none (`confirmed`: the HLASM source format).
        if line.chars().count() > 71 {
            return Err(err(
                line_no,
                "text past column 71: HLASM would take column 72 for a continuation",
            ));
        }
        if line.trim().is_empty() || line.starts_with('*') || line.starts_with(".*") {
            continue;
        }
        let (_, (label, op, operand)) = asm_statement(line)
            .map_err(|_| err(line_no, format!("not an assembler statement: {line}")))?;
        if let Some(name) = label
            && loc.is_some()
        {
            if name.len() > ASM_SYMBOL_MAX {
                return Err(err(
                    line_no,
                    format!("symbol {name} is longer than {ASM_SYMBOL_MAX} characters"),
                ));
            }
            if !symbols.insert(name.to_ascii_uppercase()) {
                return Err(err(line_no, format!("symbol {name} is defined twice")));
            }
        }
        match (op.to_ascii_uppercase().as_str(), label) {
            ("MACRO" | "MEND", _) => {}
            ("DSECT", Some(name)) => {
                if parsed.structure.is_some() {
                    return Err(err(line_no, "a second DSECT"));
                }
                parsed.structure = Some(name.to_owned());
                loc = Some(0);
            }
            ("DS", Some(name)) => {
                let at = loc.ok_or_else(|| err(line_no, "DS outside a DSECT"))?;
                let (_, (dup, ty, len)) = ds_operand(operand)
                    .map_err(|_| err(line_no, format!("DS operand {operand:?}")))?;
                let (implicit, align) = match ty.as_str() {
                    "C" | "X" => (1, 1),
                    "H" => (2, 2),
                    "F" | "A" => (4, 4),
                    _ => (8, 8),
                };
                let align = if len.is_some() { 1 } else { align };
                let offset = at.div_ceil(align) * align;
                let size = dup
                    .checked_mul(len.unwrap_or(implicit))
                    .ok_or_else(|| err(line_no, "length overflows"))?;
                parsed.fields.push(ParsedField {
                    name: name.to_owned(),
                    offset,
                    len: size,
                });
                loc = Some(checked_add(offset, size, line_no)?);
            }
            ("EQU", Some(name)) => {
                if let Some(base) = operand.strip_prefix("*-") {
                    if Some(base) != parsed.structure.as_deref() {
                        return Err(err(
                            line_no,
                            format!("{name} measures {base}, not the DSECT"),
                        ));
                    }
                    parsed.size = loc;
                } else if let Some(hex) = operand
                    .strip_prefix("X'")
                    .and_then(|h| h.strip_suffix('\''))
                {
                    parsed.consts.push(ParsedConst {
                        name: name.to_owned(),
                        value: hex_value(hex, line_no)?,
                    });
                } else {
                    let value = operand
                        .parse()
                        .map_err(|_| err(line_no, format!("EQU operand {operand:?}")))?;
                    parsed.consts.push(ParsedConst {
                        name: name.to_owned(),
                        value,
                    });
                }
            }
            (_, None) if loc.is_none() => {} // the macro prototype
            (other, _) => return Err(err(line_no, format!("unexpected {other} statement"))),
        }
    }
    // Without a length symbol the DSECT ends where its last field does.
    if parsed.size.is_none() && parsed.structure.is_some() {
        parsed.size = loc;
    }
    Ok(parsed)
}

// ---------------------------------------------------------------- C

fn strip_c_comments(text: &str) -> Result<String, ParseError> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut line = 1;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        line += rest[..start].matches('\n').count();
        let after = &rest[start + 2..];
        let end = after
            .find("*/")
            .ok_or_else(|| err(line, "a comment is not closed"))?;
        // Keep line numbers: a comment becomes its newlines.
        out.push_str(&"\n".repeat(after[..end].matches('\n').count()));
        out.push(' ');
        line += after[..end].matches('\n').count();
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

fn c_decl(i: &str) -> Res<'_, CDecl<'_>> {
    let (i, _) = multispace0(i)?;
    let (i, ty) = alt((
        recognize((tag("unsigned"), multispace1, tag("char"))),
        recognize((tag("signed"), multispace1, tag("char"))),
        tag("char"),
        recognize((alt((tag("uint"), tag("int"))), digit1, tag("_t"))),
    ))
    .parse(i)?;
    let (i, _) = multispace1(i)?;
    let (i, name) = ident(i)?;
    let (i, dim) = opt(delimited(
        (multispace0, char('['), multispace0),
        number,
        (multispace0, char(']')),
    ))
    .parse(i)?;
    let (i, _) = (multispace0, char(';')).parse(i)?;
    Ok((i, (ty, name, dim)))
}

/// A C member: type, name, array dimension.
type CDecl<'a> = (&'a str, &'a str, Option<usize>);

fn c_struct(i: &str) -> Res<'_, (&str, Vec<CDecl<'_>>, bool)> {
    let (i, _) = (tag("struct"), multispace1).parse(i)?;
    let (i, name) = ident(i)?;
    let (i, _) = (multispace0, char('{')).parse(i)?;
    let (i, decls) = nom::multi::many1(c_decl).parse(i)?;
    let (i, _) = (multispace0, char('}'), multispace0).parse(i)?;
    let (i, packed) = opt(tag("TPX_PACKED")).parse(i)?;
    let (i, _) = (multispace0, char(';')).parse(i)?;
    Ok((i, (name, decls, packed.is_some())))
}

fn c_size(ty: &str) -> Option<usize> {
    Some(match ty {
        "char" | "uint8_t" | "int8_t" => 1,
        "uint16_t" | "int16_t" => 2,
        "uint32_t" | "int32_t" => 4,
        "uint64_t" | "int64_t" => 8,
        t if t.ends_with("char") => 1,
        _ => return None,
    })
}

fn c(text: &str) -> Result<Parsed, ParseError> {
    let text = strip_c_comments(text)?;
    let mut parsed = Parsed::default();
    let mut body = String::new();
    let mut body_line = 0;
    for (n, line) in text.lines().enumerate() {
        let t = line.trim();
        if let Some(def) = t.strip_prefix("#define") {
            let mut words = def.split_whitespace();
            let (Some(name), value) = (words.next(), words.next()) else {
                return Err(err(n + 1, "#define without a name"));
            };
            if let Some(v) =
                value.filter(|_| !name.starts_with("TPX_PACKED") && !name.ends_with("_H"))
            {
                let v = v.trim_end_matches(['u', 'U', 'l', 'L']);
                let value = match v.strip_prefix("0x").or_else(|| v.strip_prefix("0X")) {
                    Some(hex) => hex_value(hex, n + 1)?,
                    None => v
                        .parse()
                        .map_err(|_| err(n + 1, format!("#define {name} value {v:?}")))?,
                };
                parsed.consts.push(ParsedConst {
                    name: name.to_owned(),
                    value,
                });
            }
        } else if !t.starts_with('#') {
            if body.trim().is_empty() {
                body_line = n + 1;
            }
            body.push_str(line);
            body.push('\n');
        }
    }
    let trimmed = body.trim();
    if !trimmed.is_empty() {
        let (left, (name, decls, packed)) = c_struct(trimmed).map_err(|_| {
            err(
                body_line,
                "expected one `struct NAME { fields } TPX_PACKED;`",
            )
        })?;
        if !left.trim().is_empty() {
            return Err(err(
                body_line,
                format!("text after the structure: {}", left.trim()),
            ));
        }
        parsed.structure = Some(name.to_owned());
        let mut offset = 0usize;
        let mut align_max = 1;
        for (ty, field, dim) in decls {
            let size = c_size(ty).ok_or_else(|| err(body_line, format!("type {ty}")))?;
            let align = if packed { 1 } else { size };
            align_max = align_max.max(align);
            offset = offset.div_ceil(align) * align;
            let len = size
                .checked_mul(dim.unwrap_or(1))
                .ok_or_else(|| err(body_line, "length overflows"))?;
            parsed.fields.push(ParsedField {
                name: field.to_owned(),
                offset,
                len,
            });
            offset = checked_add(offset, len, body_line)?;
        }
        parsed.size = Some(offset.div_ceil(align_max) * align_max);
    }
    Ok(parsed)
}

// ---------------------------------------------------------------- PL/I

fn pli_attrs(i: &str) -> Res<'_, usize> {
    let (i, _) = multispace0(i)?;
    alt((
        nom::combinator::map(
            delimited(
                (tag_no_case("CHAR"), multispace0, char('(')),
                number,
                char(')'),
            ),
            |n| n,
        ),
        nom::combinator::map_res(
            delimited(
                (tag_no_case("BIT"), multispace0, char('(')),
                number,
                char(')'),
            ),
            |n: usize| {
                if n.is_multiple_of(8) {
                    Ok(n / 8)
                } else {
                    Err("bit string not whole bytes")
                }
            },
        ),
        nom::combinator::map_res(
            (
                delimited(
                    (
                        tag_no_case("FIXED"),
                        multispace1,
                        tag_no_case("BIN"),
                        multispace0,
                        char('('),
                    ),
                    number,
                    char(')'),
                ),
                opt(preceded(
                    multispace1,
                    alt((tag_no_case("UNSIGNED"), tag_no_case("SIGNED"))),
                )),
            ),
            |(p, sign): (usize, Option<&str>)| match sign.map(str::to_ascii_uppercase).as_deref() {
                Some("UNSIGNED") if matches!(p, 8 | 16 | 32 | 64) => Ok(p / 8),
                Some("SIGNED") | None if matches!(p, 7 | 15 | 31 | 63) => Ok((p + 1) / 8),
                _ => Err("precision"),
            },
        ),
    ))
    .parse(i)
}

fn pli_item(i: &str) -> Res<'_, PliItem<'_>> {
    let (i, _) = multispace0(i)?;
    let (i, level) = number(i)?;
    let (i, _) = multispace1(i)?;
    let (i, name) = ident(i)?;
    let (i, len) = pli_attrs(i)?;
    let (i, _) = multispace0(i)?;
    Ok((i, (level, name, len)))
}

/// A PL/I structure item: level, name, length.
type PliItem<'a> = (usize, &'a str, usize);

fn pli_structure(i: &str) -> Res<'_, (&str, Vec<PliItem<'_>>)> {
    let (i, _) = (
        multispace0,
        tag_no_case("DCL"),
        multispace1,
        char('1'),
        multispace1,
    )
        .parse(i)?;
    let (i, name) = ident(i)?;
    let (i, _) = take_until(",")(i)?;
    let (i, _) = char(',')(i)?;
    let (i, items) = separated_list1(char(','), pli_item).parse(i)?;
    Ok((i, (name, items)))
}

fn pli_const(i: &str) -> Res<'_, (&str, &str, &str)> {
    let (i, _) = (multispace0, tag_no_case("DCL"), multispace1).parse(i)?;
    let (i, name) = ident(i)?;
    let (i, _) = take_until("INIT(")(i)?;
    let (i, _) = tag("INIT(")(i)?;
    let (i, digits) = delimited(
        char('\''),
        take_while(|c: char| c.is_ascii_hexdigit()),
        char('\''),
    )
    .parse(i)?;
    let (i, suffix) = alt((tag_no_case("XU"), tag_no_case("BX"))).parse(i)?;
    let (i, _) = (char(')'), rest).parse(i)?;
    Ok((i, (name, digits, suffix)))
}

fn pli(text: &str) -> Result<Parsed, ParseError> {
    let text = strip_c_comments(text)?;
    let mut parsed = Parsed::default();
    let mut line = 1;
    for statement in text.split(';') {
        let here = line;
        line += statement.matches('\n').count();
        let s = statement.trim();
        if s.is_empty() {
            continue;
        }
        let level_one = s.get(..5).is_some_and(|p| p.eq_ignore_ascii_case("DCL 1"));
        if level_one {
            let (left, (name, items)) = pli_structure(s).map_err(|_| {
                err(
                    here,
                    "expected DCL 1 NAME BASED UNALIGNED, 3 FIELD type, ...",
                )
            })?;
            if !left.trim().is_empty() || parsed.structure.is_some() {
                return Err(err(here, "unexpected text in the structure"));
            }
            parsed.structure = Some(name.to_owned());
            let mut offset = 0usize;
            for (level, field, len) in items {
                if level == 1 {
                    return Err(err(here, "a level-1 item inside the structure"));
                }
                parsed.fields.push(ParsedField {
                    name: field.to_owned(),
                    offset,
                    len,
                });
                offset = checked_add(offset, len, here)?;
            }
            parsed.size = Some(offset);
        } else {
            let (_, (name, digits, _)) =
                pli_const(s).map_err(|_| err(here, format!("not a declaration: {s}")))?;
            parsed.consts.push(ParsedConst {
                name: name.to_owned(),
                value: hex_value(digits, here)?,
            });
        }
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        for lang in Lang::ALL {
            for text in [
                "",
                "\u{0}\u{ffff}",
                "       01  X.\n           05  Y PIC X(99999999999999999999).",
                "struct { ;",
                "DCL 1 A, 3 B CHAR(3",
                "X DS 99999999999999999999C",
            ] {
                let _ = parse(lang, text);
            }
        }
    }

    #[test]
    fn assembler_alignment_is_applied() {
        let p = asm("A        DSECT\nB        DS    XL1\nC        DS    F\nA_LEN    EQU   *-A\n")
            .unwrap();
        assert_eq!(
            p.fields[1],
            ParsedField {
                name: "C".into(),
                offset: 4,
                len: 4
            }
        );
        assert_eq!(p.size, Some(8));
    }
}
