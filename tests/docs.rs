//! Every citation in the repository points at a page of `docs/` that exists, and at a section
//! of it that exists: `docs/reference/trusted-tcp.md` §3.5 needs the page and a heading
//! `### 3.5 ...`. The links between the pages of `docs/` resolve too. Nothing cites the
//! project's source sheets outside the repository.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The files that cite: code, tests, benches, fuzz targets, copybooks, execs, fixtures, the
/// README, CI and the docs themselves.
fn citing_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            let name = p
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            if p.is_dir() {
                if !matches!(name.as_str(), "target" | "corpus" | "artifacts" | "seeds") {
                    walk(&p, out);
                }
            } else if ["rs", "md", "rexx", "toml", "mac", "cpy", "h", "inc"]
                .iter()
                .any(|ext| name.ends_with(&format!(".{ext}")))
                || name == "run"
            {
                out.push(p);
            }
        }
    }
    let mut out = vec![root().join("README.md"), root().join(".ci/run")];
    for d in [
        "src",
        "tests",
        "benches",
        "fuzz/fuzz_targets",
        "copybooks",
        "rexx",
        "fixtures",
        "docs",
    ] {
        walk(&root().join(d), &mut out);
    }
    out.retain(|p| !p.ends_with("tests/docs.rs"));
    out.sort();
    out
}

/// The headings' section numbers of a page: `## 3. Title` gives "3", `### 3.5 Title` "3.5".
fn sections(page: &str) -> Vec<String> {
    page.lines()
        .filter(|l| l.starts_with('#'))
        .filter_map(|l| {
            let t = l.trim_start_matches('#').trim();
            let n: String = t
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '.')
                .collect();
            let n = n.trim_end_matches('.').to_owned();
            (!n.is_empty()).then_some(n)
        })
        .collect()
}

/// Each `docs/...md` citation in `text`, with the section after it if one is given.
fn citations(text: &str) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("docs/") {
        let tail = &rest[i..];
        let end = tail
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '/' | '-' | '_' | '.')))
            .unwrap_or(tail.len());
        let path = tail[..end].trim_end_matches('.');
        rest = &tail[end.max(5)..];
        if !path.ends_with(".md") {
            continue;
        }
        // `docs/x.md` §3.5, `docs/x.md`, §3.5 or `docs/x.md`'s §3.5.
        let after = rest.trim_start_matches(['`', '\'', 's', ' ', ',']);
        let section = after.strip_prefix('§').map(|s| {
            s.trim_start()
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '.')
                .collect::<String>()
                .trim_end_matches('.')
                .to_owned()
        });
        out.push((path.to_owned(), section.filter(|s| !s.is_empty())));
    }
    out
}

#[test]
fn every_cited_page_and_section_exists() {
    let mut wrong = Vec::new();
    let mut count = 0;
    for file in citing_files() {
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        let shown = file
            .strip_prefix(root())
            .unwrap_or(&file)
            .display()
            .to_string();
        for (page, section) in citations(&text) {
            count += 1;
            let Ok(target) = std::fs::read_to_string(root().join(&page)) else {
                wrong.push(format!("{shown}: {page} does not exist"));
                continue;
            };
            if let Some(s) = section
                && !sections(&target).contains(&s)
            {
                wrong.push(format!("{shown}: {page} has no section {s}"));
            }
        }
        // The source sheets are the engineers', not the repository's.
        for sheet in ["../shared", "shared/reference", "shared/DESIGN"] {
            if text.contains(sheet) {
                wrong.push(format!("{shown}: cites {sheet}, outside the repository"));
            }
        }
    }
    assert!(count > 100, "only {count} citations found");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// A reference page named without its `docs/reference/` path is a citation nobody can follow.
#[test]
fn no_bare_page_names_outside_docs() {
    let pages = [
        "trusted-tcp.md",
        "call-conventions.md",
        "rexx.md",
        "partnerinfo.md",
        "utoken.md",
    ];
    let mut wrong = Vec::new();
    for file in citing_files() {
        if file.starts_with(root().join("docs")) {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        for (n, line) in text.lines().enumerate() {
            for p in pages {
                let bare = line
                    .match_indices(p)
                    .any(|(i, _)| !line[..i].ends_with('/'));
                if bare {
                    wrong.push(format!("{}:{}: {p}", file.display(), n + 1));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The links between the pages of `docs/` (`[text](reference/rexx.md)`) resolve.
#[test]
fn links_between_the_pages_resolve() {
    let mut wrong = Vec::new();
    for file in citing_files() {
        if !file.starts_with(root().join("docs")) {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        for (i, _) in text.match_indices("](") {
            let target: String = text[i + 2..].chars().take_while(|c| *c != ')').collect();
            if target.starts_with("http") || !target.ends_with(".md") {
                continue;
            }
            let path = file.parent().unwrap().join(&target);
            if !path.exists() {
                wrong.push(format!("{}: {target}", file.display()));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_citation_reader_reads_what_the_code_writes() {
    assert_eq!(
        citations(
            "(`docs/reference/trusted-tcp.md` §3.5), docs/cli.md, and `docs/reference/rexx.md`'s §8.1."
        ),
        [
            (
                "docs/reference/trusted-tcp.md".to_owned(),
                Some("3.5".to_owned())
            ),
            ("docs/cli.md".to_owned(), None),
            ("docs/reference/rexx.md".to_owned(), Some("8.1".to_owned())),
        ]
    );
    assert_eq!(
        sections("## 3. How\n### 3.5 The exchange\n# Part 1\n"),
        ["3", "3.5"]
    );
}
