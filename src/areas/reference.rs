//! The reference tables of `docs/reference/areas.md`, made from the areas' declarations: every
//! field, named bit, code and constant with its tags and its source. A test keeps the file equal
//! to what this writes (`TRUSTPLEX_UPDATE_DOCS=1` rewrites it).

use std::fmt::Write;

use super::view::type_text;
use super::{Const, Layout, Prov, Ty, all_layouts};

/// A value's tags: one, or two when the name's differs.
fn tags(prov: Prov, name_prov: Prov) -> String {
    if prov == name_prov {
        format!("`{}`", prov.tag())
    } else {
        format!("`{}`, name `{}`", prov.tag(), name_prov.tag())
    }
}

/// A source as a link to its reference page, followed by its labels.
fn source(text: &str) -> String {
    let text = text.strip_prefix("docs/reference/").unwrap_or(text);
    match text.split_once(' ') {
        Some((page, labels)) if page.ends_with(".md") => format!("[{page}]({page}) {labels}"),
        _ if text.ends_with(".md") => format!("[{text}]({text})"),
        _ => text.to_owned(),
    }
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

fn named_rows(out: &mut String, field: &str, named: &[Const], hex_width: usize) {
    for k in named {
        let _ = writeln!(
            out,
            "| {field} | {} | X'{:0w$X}' | {} | {} | {} |",
            k.name,
            k.value,
            tags(k.prov, k.name_prov),
            source(k.source),
            cell(k.doc),
            w = hex_width
        );
    }
}

/// One area's section.
pub fn area_section(layout: &Layout) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "## {}: {}\n", layout.area, layout.title);
    let lengths: Vec<String> = layout.lengths.iter().map(ToString::to_string).collect();
    let lengths = match lengths.len() {
        1 => String::new(),
        _ => format!(" (valid lengths {})", lengths.join(", ")),
    };
    let _ = writeln!(
        out,
        "{} bytes{lengths}; member {}, structure {}; layout `{}` ({}).\n",
        layout.size,
        layout.member,
        layout.struct_name,
        layout.prov.tag(),
        layout.source
    );
    let _ = writeln!(
        out,
        "| offset | hex | length | name | type | tags | source | description |\n|---|---|---|---|---|---|---|---|"
    );
    for f in layout.fields {
        let _ = writeln!(
            out,
            "| {} | {:03X} | {} | {} | {} | {} | {} | {} |",
            f.offset,
            f.offset,
            f.len,
            f.name,
            type_text(f),
            tags(f.prov, f.name_prov),
            source(f.source),
            cell(f.doc)
        );
    }
    let mut named = String::new();
    for f in layout.fields {
        match f.ty {
            Ty::Flags(bits) => named_rows(&mut named, f.name, bits, f.len * 2),
            Ty::Code(codes) | Ty::Bits { codes, .. } => {
                named_rows(&mut named, f.name, codes, f.len * 2)
            }
            _ => {}
        }
    }
    if !named.is_empty() {
        let _ = writeln!(
            out,
            "\nNamed bits and codes:\n\n| field | name | value | tags | source | description |\n|---|---|---|---|---|---|\n{}",
            named.trim_end()
        );
    }
    // The named bits are above; the copybooks declare them as constants too.
    let consts = layout.consts.concat();
    if !consts.is_empty() {
        let _ = writeln!(
            out,
            "\nConstants:\n\n| name | value | hex | tags | source | description |\n|---|---|---|---|---|---|"
        );
        for k in &consts {
            let _ = writeln!(
                out,
                "| {} | {} | X'{:0w$X}' | {} | {} | {} |",
                k.name,
                k.value,
                k.value,
                tags(k.prov, k.name_prov),
                source(k.source),
                cell(k.doc),
                w = k.len * 2
            );
        }
    }
    out
}

/// The whole page.
pub fn markdown() -> String {
    let mut out = String::from(
        "# Data areas: every field, bit and constant\n\n\
         This page is generated from the areas' declarations in `src/areas/` (`cargo test` checks it;\n\
         `TRUSTPLEX_UPDATE_DOCS=1 cargo test --lib reference` rewrites it). Each row gives the\n\
         tags of [the front page](../README.md#tags) for the value and, where it differs, for the\n\
         name, and the source: a reference page and the label of the public source in its table\n\
         of sources, or the section of the page where trustplex fixes its own choice.\n",
    );
    for layout in all_layouts() {
        out.push('\n');
        out.push_str(&area_section(layout));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reference_page_is_the_declarations() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/reference/areas.md");
        let want = markdown();
        if std::env::var_os("TRUSTPLEX_UPDATE_DOCS").is_some() {
            std::fs::write(path, &want).expect("write docs/reference/areas.md");
        }
        let have = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            have == want,
            "docs/reference/areas.md is not what the declarations say; run \
             TRUSTPLEX_UPDATE_DOCS=1 cargo test --lib reference"
        );
    }
}
