//! A run as a sequence diagram (SVG, `docs/architecture.md` §7): a lifeline for each stack and
//! each job's task, grouped by system inside the sysplex's boundary, the hosts outside it to the
//! right; one row for each event, the virtual time on the left. Arrows show CONNECT (to the
//! stack or host that owns the address), ACCEPT, data sent and received, and each XCF message
//! from its sending stack at the row it left to its receiving stack at the row it arrived
//! (lost or dropped ones end in a cross). The partner-information ioctls are notes on the
//! job's lifeline with their request type and outcome, a grey bar while the job is suspended;
//! operator commands are notes across the diagram.
//!
//! A big run is summarised, and the picture says so: at most [`MAX_TASKS`] tasks have a
//! lifeline (the first in the order the jobs are defined), and at most [`MAX_ROWS`] events are drawn (the first).
//! The SVG is written with the `svg` crate (maintained, escapes text, orders attributes, so the
//! same run gives the same bytes).

use std::collections::{BTreeMap, HashMap};

use svg::Document;
use svg::node::element::{Definitions, Group, Line, Marker, Path, Rectangle, Text};

use super::{Group as Where, errno_name, lifelines};
use crate::sysplex::journal::{Outcome, What, XcfStep};
use crate::sysplex::plex::{Place, TaskId, XcfMsg};
use crate::sysplex::topology::Endpoint;
use crate::sysplex::xcf::Sent;
use crate::sysplex::{Sysplex, VirtualTime};

/// The most tasks given a lifeline.
pub const MAX_TASKS: usize = 16;
/// The most events drawn.
pub const MAX_ROWS: usize = 300;

const COL: i64 = 160;
const ROW: i64 = 24;
const LEFT: i64 = 100;
const TOP: i64 = 110;
const NOTES: i64 = 300;
const FONT: &str = "DejaVu Sans Mono, monospace";

/// A lifeline's column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Column {
    Stack(usize),
    Host(usize),
    Task(TaskId),
}

/// The sequence diagram of the run `plex` has recorded, as SVG text.
pub fn sequence_diagram(plex: &Sysplex) -> String {
    let topo = plex.topology();
    let all = lifelines(plex);
    let shown: BTreeMap<TaskId, &super::Lifeline> =
        all.iter().take(MAX_TASKS).map(|(t, l)| (*t, l)).collect();

    // Columns: each system's stacks then its tasks; then the hosts outside and their tasks.
    let mut columns: Vec<Column> = Vec::new();
    let mut groups: Vec<(String, usize, usize)> = Vec::new();
    for (s, system) in topo.systems.iter().enumerate() {
        let first = columns.len();
        columns.extend(
            (0..topo.stacks.len())
                .filter(|i| topo.stacks[*i].system.0 == s)
                .map(Column::Stack),
        );
        columns.extend(
            shown
                .iter()
                .filter(|(_, l)| l.group == Where::System(s))
                .map(|(t, _)| Column::Task(*t)),
        );
        groups.push((system.name.clone(), first, columns.len()));
    }
    let plex_end = columns.len();
    let outside_first = columns.len();
    columns.extend((0..topo.outside.len()).map(Column::Host));
    columns.extend(
        shown
            .iter()
            .filter(|(_, l)| l.group == Where::Outside)
            .map(|(t, _)| Column::Task(*t)),
    );
    let index: HashMap<Column, usize> = columns.iter().enumerate().map(|(i, c)| (*c, i)).collect();
    let x = |c: Column| index.get(&c).map(|i| LEFT + COL / 2 + *i as i64 * COL);
    let home = |t: TaskId| match plex.job(t).place {
        Place::Stack { stack, .. } => Column::Stack(stack.0),
        Place::Cinet { system } => Column::Stack(
            (0..topo.stacks.len())
                .find(|i| topo.stacks[*i].system == system)
                .unwrap_or(0),
        ),
        Place::Outside(h) => Column::Host(h),
    };
    let owner = |addr: std::net::SocketAddr| match topo.locate(addr.ip()) {
        Some(Endpoint::Stack(s)) => Some(Column::Stack(s.0)),
        Some(Endpoint::Outside(h)) => Some(Column::Host(h)),
        None => None,
    };

    // The rows: the events about what is shown, in order.
    let entries: Vec<_> = plex
        .journal()
        .entries()
        .filter(|e| super::task_of(e).is_none_or(|t| shown.contains_key(&t)))
        .collect();
    let total = entries.len();
    let rows = &entries[..total.min(MAX_ROWS)];
    let y = |row: usize| TOP + ROW + row as i64 * ROW;
    let height = y(rows.len()) + ROW;
    // Room on the right for the notes of the last lifeline.
    let width = LEFT + columns.len().max(1) as i64 * COL + NOTES;

    let mut body = Group::new().set("font-family", FONT).set("font-size", 11);
    // Boxes: the sysplex's boundary, each system, the outside.
    let span =
        |from: usize, to: usize| (LEFT + from as i64 * COL + 4, (to - from) as i64 * COL - 8);
    if plex_end > 0 {
        let (bx, bw) = span(0, plex_end);
        body = body.add(
            Rectangle::new()
                .set("x", bx - 2)
                .set("y", 6)
                .set("width", bw + 4)
                .set("height", height - 6)
                .set("fill", "none")
                .set("stroke", "#555")
                .set("stroke-dasharray", "8 4"),
        );
        body = body.add(label(
            bx + 4,
            20,
            &format!("sysplex {}", topo.sysplex),
            "start",
            "#555",
        ));
    }
    for (name, from, to) in &groups {
        if from == to {
            continue;
        }
        body = body.add(group_box(
            span(*from, *to),
            height,
            name,
            "#f4f7fb",
            "#8aa",
            "#356",
        ));
    }
    if columns.len() > outside_first {
        let (fill, stroke, ink) = ("#fbf6ef", "#ca8", "#754");
        let area = span(outside_first, columns.len());
        body = body.add(group_box(
            area,
            height,
            "outside the sysplex",
            fill,
            stroke,
            ink,
        ));
    }
    // Lifelines and their heads.
    for (i, c) in columns.iter().enumerate() {
        let cx = LEFT + COL / 2 + i as i64 * COL;
        let (name, fill) = match c {
            Column::Stack(s) => (topo.stacks[*s].name.clone(), "#d8e6f3"),
            Column::Host(h) => (topo.outside[*h].name.clone(), "#f3e4cf"),
            Column::Task(t) => (shown[t].name.clone(), "#ffffff"),
        };
        body = body.add(
            Line::new()
                .set("x1", cx)
                .set("y1", TOP)
                .set("x2", cx)
                .set("y2", height - 8)
                .set("stroke", "#999")
                .set("stroke-dasharray", "4 4"),
        );
        body = body.add(
            Rectangle::new()
                .set("x", cx - COL / 2 + 14)
                .set("y", TOP - 40)
                .set("width", COL - 28)
                .set("height", 26)
                .set("rx", 4)
                .set("fill", fill)
                .set("stroke", "#333"),
        );
        body = body.add(label(cx, TOP - 22, &name, "middle", "#000"));
    }

    let mut suspended: HashMap<(TaskId, u32), usize> = HashMap::new();
    let mut xcf_sent: HashMap<u64, usize> = HashMap::new();
    let mut last_time: Option<VirtualTime> = None;
    for (row, e) in rows.iter().enumerate() {
        let ry = y(row);
        if last_time != Some(e.at) {
            body = body.add(label(LEFT - 8, ry + 4, &e.at.to_string(), "end", "#666"));
            last_time = Some(e.at);
        }
        match &e.what {
            What::Started { task } => {
                if let Some(cx) = x(Column::Task(*task)) {
                    body = body.add(note(cx, ry, "start", "#060"));
                }
            }
            What::Ended { task, how, failed } => {
                if let Some(cx) = x(Column::Task(*task)) {
                    let colour = if *failed { "#c00" } else { "#060" };
                    body = body.add(cross(cx, ry, colour)).add(label(
                        cx + 10,
                        ry + 4,
                        how,
                        "start",
                        colour,
                    ));
                }
            }
            What::Connect {
                task, to, result, ..
            } => {
                let (from, target) = (
                    x(Column::Task(*task)),
                    owner(*to).and_then(x).or_else(|| x(home(*task))),
                );
                let (text, colour) = match result {
                    Ok(()) => (format!("CONNECT {}..{}", to.ip(), to.port()), "#000"),
                    Err(err) => (
                        format!("CONNECT {}..{} {}", to.ip(), to.port(), errno_name(err)),
                        "#c00",
                    ),
                };
                if let (Some(a), Some(b)) = (from, target) {
                    body = body.add(arrow(a, ry, b, ry, &text, colour, false));
                }
            }
            What::Accept { task, from, .. } => {
                if let (Some(a), Some(b)) = (x(home(*task)), x(Column::Task(*task))) {
                    body = body.add(arrow(
                        a,
                        ry,
                        b,
                        ry,
                        &format!("ACCEPT {}..{}", from.ip(), from.port()),
                        "#000",
                        false,
                    ));
                }
            }
            What::Send { task, bytes, .. } => {
                if let (Some(a), Some(b)) = (x(Column::Task(*task)), x(home(*task))) {
                    body = body.add(arrow(
                        a,
                        ry,
                        b,
                        ry,
                        &format!("SEND {bytes} bytes"),
                        "#036",
                        false,
                    ));
                }
            }
            What::Recv { task, bytes, .. } => {
                let text = match bytes {
                    0 => "RECV end of data".to_owned(),
                    n => format!("RECV {n} bytes"),
                };
                if let (Some(a), Some(b)) = (x(home(*task)), x(Column::Task(*task))) {
                    body = body.add(arrow(a, ry, b, ry, &text, "#036", false));
                }
            }
            What::Close { task, fd } => {
                if let Some(cx) = x(Column::Task(*task)) {
                    body = body.add(note(cx, ry, &format!("CLOSE {fd}"), "#333"));
                }
            }
            What::Ioctl {
                task,
                fd,
                request,
                reqtype,
                outcome,
            } => {
                let Some(cx) = x(Column::Task(*task)) else {
                    continue;
                };
                let colour = match outcome {
                    Outcome::Returned => "#000",
                    Outcome::Suspended { .. } => "#a60",
                    Outcome::Resumed => "#060",
                    Outcome::Failed(_) => "#c00",
                };
                let shown_outcome = super::outcome_word(outcome);
                if let Some(start) = suspended.remove(&(*task, *fd)) {
                    body = body.add(
                        Rectangle::new()
                            .set("x", cx - 5)
                            .set("y", y(start))
                            .set("width", 10)
                            .set("height", ry - y(start))
                            .set("fill", "#ccc")
                            .set("stroke", "#888"),
                    );
                }
                if matches!(outcome, Outcome::Suspended { .. }) {
                    suspended.insert((*task, *fd), row);
                }
                let kind = reqtype.map_or("", |r| r.name().trim_start_matches("PI_REQTYPE_"));
                body = body.add(note(
                    cx,
                    ry,
                    &format!("{} {kind}: {shown_outcome}", request.name()),
                    colour,
                ));
            }
            What::Xcf {
                id,
                from,
                to,
                step,
                msg,
            } => {
                let (a, b) = (x(Column::Stack(from.0)), x(Column::Stack(to.0)));
                let what = xcf_text(*id, msg);
                match step {
                    XcfStep::Sent(Sent::Arrives(_)) => {
                        xcf_sent.insert(*id, row);
                    }
                    XcfStep::Sent(Sent::Lost | Sent::Down) => {
                        let why = if matches!(step, XcfStep::Sent(Sent::Lost)) {
                            "lost"
                        } else {
                            "not sent: stack down"
                        };
                        if let (Some(a), Some(b)) = (a, b) {
                            let mid = (a + b) / 2;
                            body = body
                                .add(arrow(
                                    a,
                                    ry,
                                    mid,
                                    ry,
                                    &format!("{what} ({why})"),
                                    "#c00",
                                    true,
                                ))
                                .add(cross(mid, ry, "#c00"));
                        }
                    }
                    XcfStep::Received | XcfStep::Dropped => {
                        let start = xcf_sent.remove(id).map_or(ry, y);
                        if let (Some(a), Some(b)) = (a, b) {
                            let dropped = matches!(step, XcfStep::Dropped);
                            let colour = if dropped { "#c00" } else { "#705" };
                            let text = if dropped {
                                format!("{what} (receiver down)")
                            } else {
                                what
                            };
                            body = body.add(arrow(a, start, b, ry, &text, colour, true));
                            if dropped {
                                body = body.add(cross(b, ry, "#c00"));
                            }
                        }
                    }
                }
            }
            What::Operator { system, command } => {
                let system =
                    system.map_or_else(|| "console".to_owned(), |s| topo.systems[s.0].name.clone());
                body = body.add(label(
                    LEFT + 8,
                    ry + 4,
                    &format!("operator {system}: {command}"),
                    "start",
                    "#063",
                ));
            }
        }
    }
    // What the picture leaves out, said on it.
    let mut left_out = Vec::new();
    if all.len() > shown.len() {
        left_out.push(format!(
            "{} of {} tasks shown (the first defined); the others' events are left out",
            shown.len(),
            all.len()
        ));
    }
    if total > rows.len() {
        left_out.push(format!(
            "the first {} of {} events shown",
            rows.len(),
            total
        ));
    }
    if plex.journal().overwritten() > 0 {
        left_out.push(format!(
            "the journal's {} oldest entries were overwritten",
            plex.journal().overwritten()
        ));
    }
    for (i, text) in left_out.iter().enumerate() {
        body = body.add(label(
            LEFT,
            height + 16 + i as i64 * 16,
            text,
            "start",
            "#c00",
        ));
    }
    let height = height + 8 + left_out.len() as i64 * 16 + 8;
    let markers = Definitions::new().add(
        Marker::new()
            .set("id", "head")
            .set("viewBox", "0 0 10 10")
            .set("refX", 10)
            .set("refY", 5)
            .set("markerWidth", 7)
            .set("markerHeight", 7)
            .set("orient", "auto-start-reverse")
            .add(
                Path::new()
                    .set("d", "M 0 0 L 10 5 L 0 10 z")
                    .set("fill", "context-stroke"),
            ),
    );
    let doc = Document::new()
        .set("width", width)
        .set("height", height)
        .set("viewBox", (0, 0, width, height))
        .add(
            Rectangle::new()
                .set("width", "100%")
                .set("height", "100%")
                .set("fill", "#fff"),
        )
        .add(markers)
        .add(body);
    format!("{doc}\n")
}

/// An XCF message in a few words: its number, request or reply, what it asks or carries.
fn xcf_text(id: u64, msg: &XcfMsg) -> String {
    match msg {
        XcfMsg::Request { reqtype, .. } => {
            format!(
                "XCF {id} REQUEST {}",
                reqtype.name().trim_start_matches("PI_REQTYPE_")
            )
        }
        XcfMsg::Reply { creds: None, .. } => format!("XCF {id} REPLY (partner gone)"),
        XcfMsg::Reply { creds: Some(c), .. } => format!("XCF {id} REPLY user {}", c.user),
    }
}

/// A box around a group of lifelines (a system, the outside) with its name.
fn group_box(
    (x, width): (i64, i64),
    height: i64,
    name: &str,
    fill: &str,
    stroke: &str,
    ink: &str,
) -> Group {
    Group::new()
        .add(
            Rectangle::new()
                .set("x", x)
                .set("y", 28)
                .set("width", width)
                .set("height", height - 32)
                .set("fill", fill)
                .set("stroke", stroke),
        )
        .add(label(x + 6, 44, name, "start", ink))
}

fn label(x: i64, y: i64, text: &str, anchor: &str, colour: &str) -> Text {
    Text::new(text)
        .set("x", x)
        .set("y", y)
        .set("text-anchor", anchor)
        .set("fill", colour)
}

/// A note beside a lifeline.
fn note(x: i64, y: i64, text: &str, colour: &str) -> Group {
    Group::new()
        .add(
            Rectangle::new()
                .set("x", x - 3)
                .set("y", y - 3)
                .set("width", 6)
                .set("height", 6)
                .set("fill", colour),
        )
        .add(label(x + 8, y + 4, text, "start", colour))
}

fn cross(x: i64, y: i64, colour: &str) -> Path {
    Path::new()
        .set(
            "d",
            format!(
                "M {} {} L {} {} M {} {} L {} {}",
                x - 5,
                y - 5,
                x + 5,
                y + 5,
                x - 5,
                y + 5,
                x + 5,
                y - 5
            ),
        )
        .set("stroke", colour)
        .set("stroke-width", 2)
}

/// An arrow from (x1, y1) to (x2, y2) with its text above the middle; dashed for XCF.
fn arrow(x1: i64, y1: i64, x2: i64, y2: i64, text: &str, colour: &str, dashed: bool) -> Group {
    let mut line = Line::new()
        .set("x1", x1)
        .set("y1", y1)
        .set("x2", x2)
        .set("y2", y2)
        .set("stroke", colour)
        .set("stroke-width", 1.5)
        .set("marker-end", "url(#head)");
    if dashed {
        line = line.set("stroke-dasharray", "6 3");
    }
    Group::new().add(line).add(label(
        (x1 + x2) / 2,
        (y1 + y2) / 2 - 4,
        text,
        "middle",
        colour,
    ))
}
