//! A run as Chrome trace events (the JSON Object Format of Google's "Trace Event Format",
//! which Perfetto and chrome://tracing read; `docs/architecture.md` §7): the virtual clock's
//! microseconds as the timestamps, a process for each system (and one for the hosts outside
//! the sysplex), a thread for each stack and each job's task, a slice for each job's life and
//! each suspended SIOCGPARTNERINFO, an instant for each socket call, and flow arrows from an XCF
//! partner-information request through its arrival and the reply to the reply's arrival.

use std::collections::HashMap;

use serde_json::{Value, json};

use super::{Group, errno_name, lifelines};
use crate::sysplex::journal::{Outcome, What, XcfStep};
use crate::sysplex::plex::{TaskId, XcfMsg};
use crate::sysplex::xcf::Sent;
use crate::sysplex::{Sysplex, VirtualTime};

/// The thread of a system's console (operator commands).
const CONSOLE_TID: u64 = 0;
/// Stacks are threads 1 up; tasks start here, so the two never meet.
const TASK_TID: u64 = 1_000_000;
/// How long an XCF step's slice lasts, so a flow arrow has a slice to start or end in.
const XCF_SLICE_US: u64 = 1;

/// The trace of the run `plex` has recorded, as a JSON document.
pub fn chrome_trace(plex: &Sysplex) -> Value {
    let topo = plex.topology();
    let lines = lifelines(plex);
    let outside_pid = topo.systems.len() as u64 + 1;
    let pid = |g: Group| match g {
        Group::System(s) => s as u64 + 1,
        Group::Outside => outside_pid,
    };
    let stack_track =
        |st: crate::sysplex::StackId| (topo.stacks[st.0].system.0 as u64 + 1, st.0 as u64 + 1);
    let task_track = |t: TaskId| {
        let g = lines.get(&t).map_or(Group::Outside, |l| l.group);
        (pid(g), TASK_TID + u64::from(t.0))
    };
    let mut events = Vec::new();
    // Names and order of the processes and threads.
    let meta = |name: &str, pid: u64, tid: Option<u64>, args: Value| {
        let mut e = json!({"ph": "M", "name": name, "pid": pid, "args": args});
        if let Some(tid) = tid {
            e["tid"] = json!(tid);
        }
        e
    };
    for (i, s) in topo.systems.iter().enumerate() {
        let p = i as u64 + 1;
        events.push(meta("process_name", p, None, json!({"name": s.name})));
        events.push(meta(
            "process_sort_index",
            p,
            None,
            json!({"sort_index": p}),
        ));
        events.push(meta(
            "thread_name",
            p,
            Some(CONSOLE_TID),
            json!({"name": "console"}),
        ));
    }
    events.push(meta(
        "process_name",
        outside_pid,
        None,
        json!({"name": "outside the sysplex"}),
    ));
    events.push(meta(
        "process_sort_index",
        outside_pid,
        None,
        json!({"sort_index": outside_pid}),
    ));
    for (i, st) in topo.stacks.iter().enumerate() {
        let (p, tid) = stack_track(crate::sysplex::StackId(i));
        events.push(meta("thread_name", p, Some(tid), json!({"name": st.name})));
        events.push(meta(
            "thread_sort_index",
            p,
            Some(tid),
            json!({"sort_index": tid}),
        ));
    }
    for (t, l) in &lines {
        let (p, tid) = task_track(*t);
        events.push(meta("thread_name", p, Some(tid), json!({"name": l.name})));
        events.push(meta(
            "thread_sort_index",
            p,
            Some(tid),
            json!({"sort_index": tid}),
        ));
    }

    let ts = |at: VirtualTime| at.micros();
    let instant = |name: &str, at: VirtualTime, (pid, tid): (u64, u64), args: Value| json!({"ph": "i", "s": "t", "name": name, "ts": ts(at), "pid": pid, "tid": tid, "args": args});
    let slice = |name: &str,
                 from: VirtualTime,
                 to: VirtualTime,
                 (pid, tid): (u64, u64),
                 args: Value| {
        json!({"ph": "X", "name": name, "ts": ts(from), "dur": to.micros().saturating_sub(from.micros()),
               "pid": pid, "tid": tid, "args": args})
    };
    let end = plex.now();
    let mut started: HashMap<TaskId, VirtualTime> = HashMap::new();
    let mut suspended: HashMap<(TaskId, u32), VirtualTime> = HashMap::new();
    // The flow of each exchange: the request's message number, by the asking socket.
    let mut exchange = HashMap::new();
    for e in plex.journal().entries() {
        let at = e.at;
        match &e.what {
            What::Started { task } => {
                started.insert(*task, at);
            }
            What::Ended { task, how, failed } => {
                let from = started.remove(task).unwrap_or(at);
                let name = lines.get(task).map_or("?", |l| l.name.as_str());
                events.push(slice(
                    name,
                    from,
                    at,
                    task_track(*task),
                    json!({"ended": how, "failed": failed}),
                ));
            }
            What::Connect {
                task,
                fd,
                to,
                result,
            } => {
                let result = result.as_ref().map_or_else(errno_name, |()| "OK");
                events.push(instant(
                    "CONNECT",
                    at,
                    task_track(*task),
                    json!({"fd": fd, "to": to.to_string(), "result": result}),
                ));
            }
            What::Accept { task, fd, from } => events.push(instant(
                "ACCEPT",
                at,
                task_track(*task),
                json!({"fd": fd, "from": from.to_string()}),
            )),
            What::Send { task, fd, bytes } => events.push(instant(
                "SEND",
                at,
                task_track(*task),
                json!({"fd": fd, "bytes": bytes}),
            )),
            What::Recv { task, fd, bytes } => events.push(instant(
                "RECV",
                at,
                task_track(*task),
                json!({"fd": fd, "bytes": bytes}),
            )),
            What::Close { task, fd } => {
                events.push(instant("CLOSE", at, task_track(*task), json!({"fd": fd})));
            }
            What::Ioctl {
                task,
                fd,
                request,
                reqtype,
                outcome,
            } => {
                let mut args = json!({"fd": fd, "reqtype": reqtype.map(|r| r.name())});
                let shown = super::outcome_word(outcome);
                if let Outcome::Suspended { until } = outcome {
                    suspended.insert((*task, *fd), at);
                    args["until"] = json!(ts(*until));
                }
                if let Some(from) = suspended.remove(&(*task, *fd))
                    && !matches!(outcome, Outcome::Suspended { .. })
                {
                    events.push(slice(
                        &format!("{} suspended", request.name()),
                        from,
                        at,
                        task_track(*task),
                        json!({"fd": fd, "outcome": shown}),
                    ));
                }
                args["outcome"] = json!(shown);
                events.push(instant(request.name(), at, task_track(*task), args));
            }
            What::Xcf {
                id,
                from,
                to,
                step,
                msg,
            } => {
                let track = match step {
                    XcfStep::Sent(_) => stack_track(*from),
                    XcfStep::Received | XcfStep::Dropped => stack_track(*to),
                };
                let kind = super::xcf_word(*step).to_ascii_uppercase();
                let end_at = at.saturating_add(XCF_SLICE_US);
                events.push(slice(
                    &format!("XCF {kind}"),
                    at,
                    end_at,
                    track,
                    json!({"msg": id, "text": msg.to_string(),
                           "from": topo.stack_label(*from), "to": topo.stack_label(*to)}),
                ));
                // The arrow: request sent, request received, reply sent, reply received.
                let (ph, flow) = match (msg, step) {
                    (XcfMsg::Request { asker, .. }, XcfStep::Sent(Sent::Arrives(_))) => {
                        exchange.insert(*asker, *id);
                        ("s", Some(*id))
                    }
                    (XcfMsg::Request { asker, .. }, XcfStep::Received)
                    | (XcfMsg::Reply { asker, .. }, XcfStep::Sent(Sent::Arrives(_))) => {
                        ("t", exchange.get(asker).copied())
                    }
                    (XcfMsg::Reply { asker, .. }, XcfStep::Received) => {
                        ("f", exchange.remove(asker))
                    }
                    _ => ("", None),
                };
                if let Some(flow) = flow {
                    events.push(
                        json!({"ph": ph, "name": "PARTNERINFO", "cat": "xcf", "id": flow,
                        "ts": ts(at), "pid": track.0, "tid": track.1, "bp": "e"}),
                    );
                }
            }
            What::Operator { system, command } => {
                let p = system.map_or(1, |s| s.0 as u64 + 1);
                events.push(instant(
                    "OPERATOR",
                    at,
                    (p, CONSOLE_TID),
                    json!({"command": command}),
                ));
            }
        }
    }
    // Tasks still running when the journal was read: their slice runs to the end.
    let mut running: Vec<_> = started.into_iter().collect();
    running.sort();
    for (task, from) in running {
        let name = lines.get(&task).map_or("?", |l| l.name.as_str());
        events.push(slice(
            name,
            from,
            end,
            task_track(task),
            json!({"ended": "still running"}),
        ));
    }
    json!({
        "traceEvents": events,
        "displayTimeUnit": "ms",
        "otherData": {
            "sysplex": topo.sysplex,
            "clock": "virtual: microseconds from the run's start",
            "journal entries overwritten": plex.journal().overwritten(),
        },
    })
}
