//! Copybooks: each data area as a COBOL copybook, an assembler macro with a DSECT, a C header
//! and a PL/I include, generated from the area's [`Layout`] (so they carry its provenance tags),
//! and parsers (nom) that read them back so a test can prove every field's name, offset and
//! length still match the Rust definition.
//!
//! Member names: IBM's where the name is confirmed (`ICHRUTKN`), `TPX` otherwise.

mod generate;
mod parse;

pub use generate::{cobol_name, generate, wrap};
pub use parse::{ParseError, Parsed, ParsedConst, ParsedField, parse};

use crate::areas::{Const, Layout, Ty};

/// The constants a copybook declares ([`Layout::constants`]).
pub fn symbols(layout: &Layout) -> Vec<Const> {
    layout.constants()
}

/// A copybook language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lang {
    Cobol,
    Asm,
    C,
    Pli,
}

impl Lang {
    pub const ALL: [Lang; 4] = [Lang::Cobol, Lang::Asm, Lang::C, Lang::Pli];

    /// The folder under `copybooks/`.
    pub const fn dir(self) -> &'static str {
        match self {
            Lang::Cobol => "cobol",
            Lang::Asm => "asm",
            Lang::C => "c",
            Lang::Pli => "pli",
        }
    }

    /// The file name of a member in this language.
    pub fn file_name(self, member: &str) -> String {
        match self {
            Lang::Cobol => format!("{member}.cpy"),
            Lang::Asm => format!("{member}.mac"),
            Lang::C => format!("{}.h", member.to_ascii_lowercase()),
            Lang::Pli => format!("{member}.inc"),
        }
    }

    /// Parses a language name as the CLI takes it.
    pub fn from_name(name: &str) -> Option<Lang> {
        match name.to_ascii_lowercase().as_str() {
            "cobol" | "cob" => Some(Lang::Cobol),
            "asm" | "assembler" | "hlasm" => Some(Lang::Asm),
            "c" => Some(Lang::C),
            "pli" | "pl/i" | "pl1" => Some(Lang::Pli),
            _ => None,
        }
    }
}

/// A name with case and separators folded, for comparing across languages (COBOL spells
/// `PI_Version` as `PI-VERSION`, and drops separators to stay within 30 characters).
pub fn fold(name: &str) -> String {
    name.chars()
        .filter(|c| *c != '_' && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// The fields a copybook declares: every field but the bit fields of a word (the ioctl command
/// word's parts are constants in the copybooks, not storage).
pub fn storage_fields(layout: &Layout) -> impl Iterator<Item = &crate::areas::Field> {
    layout
        .fields
        .iter()
        .filter(|f| !matches!(f.ty, Ty::Bits { .. }))
}

/// Compares a parsed copybook with its layout; each difference is one line.
pub fn check(layout: &Layout, parsed: &Parsed) -> Vec<String> {
    let mut diffs = Vec::new();
    let want: Vec<_> = storage_fields(layout).collect();
    if want.is_empty() {
        if !parsed.fields.is_empty() {
            diffs.push(format!(
                "{} fields declared, none expected",
                parsed.fields.len()
            ));
        }
    } else {
        if parsed.size != Some(layout.size) {
            diffs.push(format!("size {:?}, expected {}", parsed.size, layout.size));
        }
        if parsed.fields.len() != want.len() {
            diffs.push(format!(
                "{} fields, expected {}",
                parsed.fields.len(),
                want.len()
            ));
        }
        for (f, p) in want.iter().zip(&parsed.fields) {
            if fold(f.name) != fold(&p.name) || f.offset != p.offset || f.len != p.len {
                diffs.push(format!(
                    "field {} at {} length {}, expected {} at {} length {}",
                    p.name, p.offset, p.len, f.name, f.offset, f.len
                ));
            }
        }
    }
    let consts = symbols(layout);
    for k in &consts {
        match parsed.consts.iter().find(|c| fold(&c.name) == fold(k.name)) {
            None => diffs.push(format!("constant {} missing", k.name)),
            Some(c) if c.value != k.value => diffs.push(format!(
                "constant {} is {}, expected {}",
                k.name, c.value, k.value
            )),
            Some(_) => {}
        }
    }
    if parsed.consts.len() != consts.len() {
        diffs.push(format!(
            "{} constants, expected {}",
            parsed.consts.len(),
            consts.len()
        ));
    }
    diffs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::areas::all_layouts;

    #[test]
    fn generated_copybooks_parse_back_to_their_layouts() {
        for layout in all_layouts() {
            for lang in Lang::ALL {
                let text = generate(layout, lang);
                let parsed = parse(lang, &text)
                    .unwrap_or_else(|e| panic!("{} {lang:?}: {e}\n{text}", layout.member));
                let diffs = check(layout, &parsed);
                assert!(
                    diffs.is_empty(),
                    "{} {lang:?}: {diffs:#?}\n{text}",
                    layout.member
                );
            }
        }
    }

    #[test]
    fn the_checker_catches_drift() {
        let layout = crate::areas::partnerinfo::LAYOUT;
        let text = generate(layout, Lang::C).replace("PI_Timeout;", "PI_Timeout2;");
        assert!(!check(layout, &parse(Lang::C, &text).unwrap()).is_empty());
        let text = generate(layout, Lang::Cobol).replace(
            "PI-RSV1              PIC X(2)",
            "PI-RSV1              PIC X(3)",
        );
        assert!(!check(layout, &parse(Lang::Cobol, &text).unwrap()).is_empty());
    }
}
