//! `trustplex run --diagram FILE`: the sequence diagram of a run. For the default scenario and
//! every fixture scenario the SVG parses, is the same bytes every run, and renders; the default
//! scenario's rendering (resvg, with DejaVu Sans Mono, the font the diagram names) is compared
//! with `tests/snapshots/diagram-default.png` pixel by pixel, with a tolerance for anti-aliasing;
//! and `docs/default-run.svg`, the picture the README shows, is the default scenario's diagram
//! byte for byte. `TRUSTPLEX_UPDATE_DIAGRAMS=1` rewrites both files.

use std::path::{Path, PathBuf};
use std::process::Command;

use resvg::{tiny_skia, usvg};

/// The font the diagram asks for (Debian's fonts-dejavu-core, which CI installs).
const FONT: &str = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf";

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn update() -> bool {
    std::env::var_os("TRUSTPLEX_UPDATE_DIAGRAMS").is_some()
}

/// The diagram of `trustplex run [scenario]`.
fn diagram(scenario: Option<&Path>, name: &str) -> String {
    diagram_and_status(scenario, name).0
}

/// The diagram, and the run's exit status.
fn diagram_and_status(scenario: Option<&Path>, name: &str) -> (String, Option<i32>) {
    let dir = std::env::temp_dir().join(format!("trustplex-diagram-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(name);
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_trustplex"));
    cmd.arg("run").arg("--diagram").arg(&file).current_dir(&dir);
    if let Some(s) = scenario {
        cmd.arg(s);
    }
    let out = cmd.output().unwrap();
    (std::fs::read_to_string(&file).unwrap(), out.status.code())
}

/// The SVG rendered at its own size, with only the diagram's font.
fn render(svg: &str) -> tiny_skia::Pixmap {
    let mut opt = usvg::Options::default();
    opt.fontdb_mut()
        .load_font_file(FONT)
        .expect("DejaVu Sans Mono (fonts-dejavu-core)");
    let tree = usvg::Tree::from_str(svg, &opt).expect("the SVG parses");
    let size = tree.size().to_int_size();
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height()).unwrap();
    resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
    pixmap
}

#[test]
fn every_scenario_draws_the_same_diagram_every_run() {
    let mut scenarios: Vec<PathBuf> = std::fs::read_dir(repo("fixtures/scenarios"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    scenarios.sort();
    let mut runs: Vec<Option<&Path>> = vec![None];
    runs.extend(scenarios.iter().map(|p| Some(p.as_path())));
    for scenario in runs {
        let first = diagram(scenario, "a.svg");
        assert_eq!(
            first,
            diagram(scenario, "b.svg"),
            "{scenario:?}: same bytes"
        );
        let pixmap = render(&first);
        // TRUSTPLEX_DIAGRAM_PNGS=DIR keeps each rendering, to look at.
        if let (Some(dir), Some(s)) = (std::env::var_os("TRUSTPLEX_DIAGRAM_PNGS"), scenario) {
            let name = s.file_stem().unwrap().to_string_lossy().into_owned();
            pixmap
                .save_png(Path::new(&dir).join(format!("{name}.png")))
                .unwrap();
        }
        // Not a blank page: the lifelines and their names are drawn.
        let inked = pixmap.pixels().iter().filter(|p| p.red() < 128).count();
        assert!(inked > 1_000, "{scenario:?}: {inked} dark pixels");
    }
}

#[test]
fn the_default_diagram_looks_as_recorded() {
    let svg = diagram(None, "default.svg");
    let readme_svg = repo("docs/default-run.svg");
    let png = repo("tests/snapshots/diagram-default.png");
    let pixmap = render(&svg);
    if update() {
        std::fs::write(&readme_svg, &svg).unwrap();
        pixmap.save_png(&png).unwrap();
    }
    assert_eq!(
        std::fs::read_to_string(&readme_svg).unwrap(),
        svg,
        "docs/default-run.svg is stale: TRUSTPLEX_UPDATE_DIAGRAMS=1 cargo test --test diagram"
    );
    let recorded = tiny_skia::Pixmap::load_png(&png).unwrap();
    assert_eq!(
        (recorded.width(), recorded.height()),
        (pixmap.width(), pixmap.height()),
        "the picture's size changed"
    );
    // A pixel differs when a channel is off by more than 48 (anti-aliasing and a font
    // version's hinting move edges by a level or two); at most 0.5 % of pixels may.
    let differ = recorded
        .pixels()
        .iter()
        .zip(pixmap.pixels())
        .filter(|(a, b)| {
            let d = |x: u8, y: u8| x.abs_diff(y) > 48;
            d(a.red(), b.red()) || d(a.green(), b.green()) || d(a.blue(), b.blue())
        })
        .count();
    let allowed = pixmap.pixels().len() / 200;
    assert!(
        differ <= allowed,
        "{differ} pixels differ (at most {allowed}): look at the diagram, then \
         TRUSTPLEX_UPDATE_DIAGRAMS=1 cargo test --test diagram"
    );
}

/// A run with 2,000 clients: the diagram shows the first tasks and events, says on the picture
/// what it left out, and stays small.
#[test]
fn a_big_run_is_summarised_and_says_so() {
    let text =
        std::fs::read_to_string(repo("fixtures/scenarios/seed-worked-example.toml")).unwrap();
    let clients = 2_000;
    // The server takes the fixture's client and the 2,000 more.
    let mut big = text.replace(
        "args = \"4000\"",
        &format!("args = \"4000 {}\"", clients + 1),
    );
    let rexx = repo("rexx");
    big = big.replace("../../rexx", &rexx.to_string_lossy());
    for i in 0..clients {
        big.push_str(&format!(
            "\n[[job]]\nname = \"C{i:07}\"\nsystem = \"SYS1\"\nstack = \"TCPCS1\"\nuser = \"TRSTCLI\"\n\
             start = {}.{:03}\nrun = \"{}/trusted-client.rexx\"\nargs = \"10.1.1.2 4000\"\n",
            2 + i / 1000,
            i % 1000,
            rexx.display()
        ));
    }
    let dir = std::env::temp_dir().join(format!("trustplex-big-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("big.toml");
    std::fs::write(&file, big).unwrap();
    let (svg, status) = diagram_and_status(Some(&file), "big.svg");
    assert_eq!(status, Some(0), "every client is served");
    assert!(svg.len() < 1 << 20, "{} bytes", svg.len());
    assert!(
        svg.contains("16 of 2002 tasks shown"),
        "the picture says so"
    );
    assert!(svg.contains("the first 300 of"), "the picture says so");
    render(&svg);
}
