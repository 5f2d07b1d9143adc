//! The copybooks in `copybooks/` are checked three ways against the Rust layouts:
//! 1. each committed file, read back by the nom parsers, has every field's name, offset and
//!    length, and every constant's value, that the layout has (and is what the generator writes);
//! 2. the C headers compile with gcc in a program that asserts `sizeof` and `offsetof` of every
//!    field;
//! 3. the COBOL copybooks compile with GnuCOBOL (`cobc`) in a program that prints `LENGTH OF`
//!    every group and field.
//!
//! Without gcc or cobc on the machine, 2 and 3 say so and pass, except under CI (`CI` set),
//! where the tool is required. Regenerate: `TRUSTPLEX_UPDATE_COPYBOOKS=1 cargo test --test copybooks`.

use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use trustplex::areas::{Layout, all_layouts};
use trustplex::copybook::{self, Lang, check, generate, parse, storage_fields, symbols};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("copybooks")
}

fn path(layout: &Layout, lang: Lang) -> PathBuf {
    root().join(lang.dir()).join(lang.file_name(layout.member))
}

#[test]
fn committed_copybooks_match_the_layouts() {
    let update = std::env::var_os("TRUSTPLEX_UPDATE_COPYBOOKS").is_some();
    for layout in all_layouts() {
        for lang in Lang::ALL {
            let file = path(layout, lang);
            let generated = generate(layout, lang);
            if update {
                std::fs::create_dir_all(file.parent().expect("dir")).expect("mkdir");
                std::fs::write(&file, &generated).expect("write copybook");
            }
            let text = std::fs::read_to_string(&file)
                .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            let parsed = parse(lang, &text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            let diffs = check(layout, &parsed);
            assert!(
                diffs.is_empty(),
                "{}:\n{}",
                file.display(),
                diffs.join("\n")
            );
            assert_eq!(
                text,
                generated,
                "{} is stale: TRUSTPLEX_UPDATE_COPYBOOKS=1 cargo test --test copybooks",
                file.display()
            );
        }
    }
}

/// Whether a tool runs here; under CI a missing tool fails the test.
fn have(tool: &str) -> bool {
    let ok = Command::new(tool)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "{tool} is required under CI (.ci/run installs it)"
        );
        eprintln!("{tool} is not installed: skipping");
    }
    ok
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("trustplex-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

#[test]
fn c_headers_compile_and_agree_with_gcc() {
    if !have("gcc") {
        return;
    }
    let mut program = String::from("#include <stddef.h>\n#include <stdio.h>\n");
    for layout in all_layouts() {
        let _ = writeln!(program, "#include \"{}\"", Lang::C.file_name(layout.member));
    }
    program.push_str("int main(void) {\n");
    for layout in all_layouts() {
        if storage_fields(layout).next().is_none() {
            continue;
        }
        let s = layout.struct_name;
        let _ = writeln!(
            program,
            "    _Static_assert(sizeof(struct {s}) == {}, \"sizeof {s}\");",
            layout.size
        );
        for f in storage_fields(layout) {
            let _ = writeln!(
                program,
                "    _Static_assert(offsetof(struct {s}, {0}) == {1}, \"offsetof {0}\");\n    _Static_assert(sizeof(((struct {s} *)0)->{0}) == {2}, \"sizeof {0}\");",
                f.name, f.offset, f.len
            );
        }
    }
    for layout in all_layouts() {
        for k in &symbols(layout) {
            let _ = writeln!(
                program,
                "    _Static_assert({} == {}ull, \"{}\");",
                k.name, k.value, k.name
            );
        }
    }
    program.push_str("    puts(\"ok\");\n    return 0;\n}\n");
    let dir = scratch("gcc");
    let src = dir.join("check.c");
    std::fs::write(&src, program).expect("write program");
    let exe = dir.join("check");
    let out = Command::new("gcc")
        .args(["-std=c11", "-Wall", "-Werror", "-I"])
        .arg(root().join("c"))
        .arg(&src)
        .arg("-o")
        .arg(&exe)
        .output()
        .expect("gcc runs");
    assert!(
        out.status.success(),
        "gcc:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let run = Command::new(&exe).output().expect("program runs");
    assert_eq!(String::from_utf8_lossy(&run.stdout), "ok\n");
}

fn cobol_program(layout: &Layout) -> (String, Vec<(String, usize)>) {
    let name = copybook::cobol_name;
    let mut expected = Vec::new();
    let mut body = String::new();
    let mut show = |item: String, len: usize| {
        let _ = writeln!(body, "           MOVE LENGTH OF {item} TO WS-LEN");
        let _ = writeln!(body, "           DISPLAY \"{item} \" WS-LEN");
        expected.push((item, len));
    };
    if storage_fields(layout).next().is_some() {
        show(name(layout.struct_name), layout.size);
        for f in storage_fields(layout) {
            show(name(f.name), f.len);
        }
    }
    let consts = symbols(layout);
    if !consts.is_empty() {
        show(
            format!("{}-CONSTANTS", layout.member),
            consts.iter().map(|k| k.len).sum(),
        );
        for k in &consts {
            show(name(k.name), k.len);
        }
    }
    let program = format!(
        "       IDENTIFICATION DIVISION.\n       PROGRAM-ID. CHECKCPY.\n       DATA DIVISION.\n       WORKING-STORAGE SECTION.\n       01  WS-LEN PIC 9(9).\n       COPY {}.\n       PROCEDURE DIVISION.\n{body}           STOP RUN.\n",
        layout.member
    );
    (program, expected)
}

/// Compiles a COBOL program (`member`.cbl in `dir`) with the copybooks and `std`, runs it,
/// and gives what it displayed.
fn cobol_run(dir: &Path, member: &str, program: &str, std: &str) -> String {
    let src = dir.join(format!("{member}.cbl"));
    std::fs::write(&src, program).expect("write program");
    let exe = dir.join(member);
    let out = Command::new("cobc")
        .args(["-x", std, "-I"])
        .arg(root().join("cobol"))
        .arg("-o")
        .arg(&exe)
        .arg(&src)
        .output()
        .expect("cobc runs");
    assert!(
        out.status.success(),
        "{member}: cobc:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let run = Command::new(&exe).output().expect("program runs");
    String::from_utf8_lossy(&run.stdout).into_owned()
}

#[test]
fn cobol_copybooks_compile_and_agree_with_cobc() {
    if !have("cobc") {
        return;
    }
    let dir = scratch("cobc");
    for layout in all_layouts() {
        let (program, expected) = cobol_program(layout);
        let text = cobol_run(&dir, layout.member, &program, "-std=ibm");
        let got: Vec<(String, usize)> = text
            .lines()
            .filter_map(|l| {
                let (item, len) = l.rsplit_once(' ')?;
                Some((item.to_owned(), len.trim().parse().ok()?))
            })
            .collect();
        assert_eq!(
            got, expected,
            "{}: LENGTH OF each group and item",
            layout.member
        );
    }
}

/// The COBOL binary fields are big-endian and hold a whole fullword when compiled as
/// docs/copybooks.md says (`cobc -std=ibm-strict`, GnuCOBOL's TRUNC(BIN)): SIOCGPARTNERINFO's
/// X'C000F612', more than PIC 9(9) allows, lands in the area as those four bytes.
#[test]
fn cobol_binary_fields_are_big_endian_fullwords() {
    if !have("cobc") {
        return;
    }
    let dir = scratch("cobc-order");
    let program = "       IDENTIFICATION DIVISION.
       PROGRAM-ID. BYTEORD.
       DATA DIVISION.
       WORKING-STORAGE SECTION.
       COPY TPXPINFO.
       PROCEDURE DIVISION.
           MOVE 3221288466 TO PI-REQTYPE
           MOVE 200 TO PI-BUFLEN
           IF PARTNERINFO(9:4) = X'C000F612'
              AND PARTNERINFO(5:4) = X'000000C8'
               DISPLAY 'BIG-ENDIAN FULLWORDS'
           ELSE
               DISPLAY 'WRONG ORDER OR TRUNCATED'
           END-IF
           STOP RUN.
";
    assert_eq!(
        cobol_run(&dir, "BYTEORD", program, "-std=ibm-strict").trim(),
        "BIG-ENDIAN FULLWORDS"
    );
}

#[test]
fn copybook_paths_exist_for_every_member() {
    for layout in all_layouts() {
        for lang in Lang::ALL {
            assert!(
                Path::new(&path(layout, lang)).exists(),
                "{}",
                path(layout, lang).display()
            );
        }
    }
}

/// What an assembler, a COBOL or a PL/I compiler would refuse, in every committed member:
/// a symbol defined twice or longer than 63 characters, a statement past column 71 (the
/// assembler reader refuses these); comment and text lines past column 72 (COBOL's and PL/I's
/// right margins); and a comment cut in the middle of a word.
#[test]
fn every_member_is_what_its_compiler_takes() {
    for layout in all_layouts() {
        for lang in Lang::ALL {
            let file = path(layout, lang);
            let text = std::fs::read_to_string(&file).expect("copybook");
            if lang != Lang::C {
                for (n, line) in text.lines().enumerate() {
                    let limit = if lang == Lang::Asm { 71 } else { 72 };
                    assert!(
                        line.chars().count() <= limit,
                        "{}:{}: past column {limit}",
                        file.display(),
                        n + 1
                    );
                }
            }
            // Each comment's words are whole: the layout's notes appear unbroken once the
            // comment lines are joined.
            let joined: String = text
                .lines()
                .map(|l| {
                    l.trim()
                        .trim_start_matches("/*")
                        .trim_end_matches("*/")
                        .trim_start_matches('*')
                        .trim()
                })
                .collect::<Vec<_>>()
                .join(" ");
            for f in storage_fields(layout) {
                assert!(
                    joined.contains(f.doc),
                    "{}: the note {:?} is not whole",
                    file.display(),
                    f.doc
                );
            }
        }
    }
    // The assembler reader refuses what HLASM would.
    let dup = "         MACRO\n         X\nX        DSECT\nA        DS    F\nA        DS    F\n         MEND\n";
    assert!(
        parse(Lang::Asm, dup)
            .unwrap_err()
            .to_string()
            .contains("defined twice")
    );
    let long = format!(
        "         MACRO\n         X\nX        DSECT\n{} DS F\n         MEND\n",
        "A".repeat(64)
    );
    assert!(
        parse(Lang::Asm, &long)
            .unwrap_err()
            .to_string()
            .contains("longer than 63")
    );
    let wide = format!(
        "         MACRO\n         X\nX        DSECT\nA        DS    F{}B\n         MEND\n",
        " ".repeat(60)
    );
    assert!(
        parse(Lang::Asm, &wide)
            .unwrap_err()
            .to_string()
            .contains("column 71")
    );
}

/// The UTOKEN flag names the Rust definition has (TOKENCR ... TOKPRIV, `confirmed` names)
/// are symbols in all four languages.
#[test]
fn utoken_flag_names_in_every_language() {
    use trustplex::areas::{Ty, utoken};
    let names: Vec<&str> = utoken::LAYOUT
        .fields
        .iter()
        .filter_map(|f| match f.ty {
            Ty::Flags(bits) => Some(bits.iter().map(|b| b.name)),
            _ => None,
        })
        .flatten()
        .collect();
    assert!(
        names.contains(&"TOKENCR") && names.contains(&"TOKPRIV"),
        "{names:?}"
    );
    for lang in Lang::ALL {
        let text = std::fs::read_to_string(path(utoken::LAYOUT, lang)).expect("copybook");
        let parsed = parse(lang, &text).expect("parses");
        for n in &names {
            assert!(
                parsed
                    .consts
                    .iter()
                    .any(|c| copybook::fold(&c.name) == copybook::fold(n)),
                "{lang:?}: {n} missing"
            );
        }
    }
}
