//! `trustplex run`, `rexx`, `netstat` and `console`: REXX execs as jobs of a sysplex under
//! the scheduler, their output streamed as it is said, their ends in z/OS terms, and what the
//! operator and TSO NETSTAT see of the sysplex they leave.
//!
//! Each job ends with a return code (its EXIT value; 20000 + n for REXX error n, as TSO/E's
//! IRXEXEC gives it) or an abend (S522 when it waits for ever, S322 at the virtual-time
//! limit). The process's exit status is the highest job status (MAXCC), where a job's status
//! is z/OS UNIX's for a REXX program: its return code when that is 0 to 255, else 255, and
//! 255 for an abend (`docs/cli.md`).

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use trustplex::api::native::NativeJob;
use trustplex::rexx::task::ExecJob;
use trustplex::rexx::{ClockKind, Limits};
use trustplex::scenario::Scenario;
use trustplex::sysplex::sched::{Completion, JobEnd, Line, Run, RunReport};
use trustplex::sysplex::{JobIdentity, Place, StackId, SystemId, VirtualTime, console, netstat};
use trustplex::view;

use crate::Failure;

/// The default scenario (`trustplex run` with no file, and the sysplex `trustplex rexx`
/// runs an exec on) and the execs it names, by the paths it gives them.
const DEFAULT_SCENARIO: &str = include_str!("../../../fixtures/scenarios/seed-worked-example.toml");
const EMBEDDED_EXECS: &[(&str, &str)] = &[
    (
        "../../rexx/trusted-server.rexx",
        include_str!("../../../rexx/trusted-server.rexx"),
    ),
    (
        "../../rexx/trusted-client.rexx",
        include_str!("../../../rexx/trusted-client.rexx"),
    ),
];

/// Output as the run says it: standard output behind one buffer, shared by the scheduler's
/// sink and the summary. A reader that has seen enough (`trustplex run | head -1`) closes
/// the pipe: trustplex then ends quietly with status 141, as a Unix tool that SIGPIPE ends
/// (the shell's 128 + 13).
#[derive(Clone)]
pub struct Out(Arc<Mutex<io::BufWriter<io::Stdout>>>);

impl Out {
    pub fn new() -> Out {
        Out(Arc::new(Mutex::new(io::BufWriter::new(io::stdout()))))
    }

    pub fn line(&self, text: &str) {
        let mut w = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Err(e) = w
            .write_all(text.as_bytes())
            .and_then(|()| w.write_all(b"\n"))
        {
            closed(&e);
        }
    }

    pub fn flush(&self) {
        let mut w = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Err(e) = w.flush() {
            closed(&e);
        }
    }
}

/// Standard output failed: quietly for a closed pipe, loudly otherwise.
fn closed(e: &io::Error) -> ! {
    if e.kind() != io::ErrorKind::BrokenPipe {
        eprintln!("trustplex: standard output: {e}");
        std::process::exit(2);
    }
    std::process::exit(141)
}

/// The scenario file's text and name (`None`: the embedded default).
fn load(file: Option<&str>) -> Result<(Scenario, Option<PathBuf>), Failure> {
    match file {
        None => Ok((
            Scenario::from_toml("default scenario", DEFAULT_SCENARIO)?,
            None,
        )),
        Some(f) => {
            let bytes = std::fs::read(f).map_err(|e| Failure(format!("{f}: {e}")))?;
            let text = String::from_utf8(bytes)
                .map_err(|_| Failure(format!("{f}: a scenario file is UTF-8 text")))?;
            Ok((Scenario::from_toml(f, &text)?, Some(PathBuf::from(f))))
        }
    }
}

/// A job's exec: beside the scenario file, else from the current directory; the embedded
/// execs for the default scenario.
fn exec_source(job: &str, run: &str, scenario: Option<&Path>) -> Result<Vec<u8>, Failure> {
    let Some(file) = scenario else {
        return EMBEDDED_EXECS
            .iter()
            .find(|(n, _)| *n == run)
            .map(|(_, s)| s.as_bytes().to_vec())
            .ok_or_else(|| Failure(format!("job {job}: no embedded exec {run}")));
    };
    let mut tried = vec![file.parent().unwrap_or(Path::new("")).join(run)];
    let here = PathBuf::from(run);
    if !tried.contains(&here) {
        tried.push(here);
    }
    for path in &tried {
        match std::fs::read(path) {
            Ok(bytes) => return Ok(bytes),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(Failure(format!("job {job}: {}: {e}", path.display()))),
        }
    }
    let list: Vec<String> = tried.iter().map(|p| p.display().to_string()).collect();
    Err(Failure(format!(
        "job {job}: exec {run} not found (tried {})",
        list.join(", ")
    )))
}

/// An exec's name: its file's stem, in capitals (PARSE SOURCE, the IRX messages).
fn exec_name(path: &str) -> String {
    Path::new(path)
        .file_stem()
        .map_or("EXEC".into(), |s| s.to_string_lossy().to_ascii_uppercase())
}

/// How output looks: for people, or JSON for programs.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// The run's settings from the command line.
pub struct Settings {
    pub limits: Limits,
    pub max_time: VirtualTime,
    pub format: Format,
}

/// Which of each system's logs `run` prints after the Netstat reports.
#[derive(Clone, Copy, Default)]
pub struct Logs {
    /// The hardcopy log (`--console`).
    pub console: bool,
    /// The syslogd log (`--syslog`).
    pub syslog: bool,
}

/// The views of the run `run` writes to files besides its output.
#[derive(Default)]
pub struct Views {
    /// The Chrome trace (`--trace FILE`).
    pub trace: Option<PathBuf>,
    /// The sequence diagram (`--diagram FILE`).
    pub diagram: Option<PathBuf>,
}

/// The files of [`Views`], created before the run so a path that cannot be written fails it
/// before any job runs.
struct ViewFiles {
    trace: Option<(PathBuf, std::fs::File)>,
    diagram: Option<(PathBuf, std::fs::File)>,
}

impl Views {
    fn create(&self) -> Result<ViewFiles, Failure> {
        let create = |flag: &str, path: &Path| {
            std::fs::File::create(path)
                .map(|f| (path.to_owned(), f))
                .map_err(|e| Failure(format!("{flag} {}: {e}", path.display())))
        };
        Ok(ViewFiles {
            trace: self
                .trace
                .as_deref()
                .map(|p| create("--trace", p))
                .transpose()?,
            diagram: self
                .diagram
                .as_deref()
                .map(|p| create("--diagram", p))
                .transpose()?,
        })
    }
}

impl ViewFiles {
    /// Writes each view asked for.
    fn write(self, plex: &trustplex::sysplex::Sysplex) -> Result<(), Failure> {
        if let Some((path, mut file)) = self.trace {
            let doc = view::trace::chrome_trace(plex);
            writeln!(file, "{doc}")
                .map_err(|e| Failure(format!("--trace {}: {e}", path.display())))?;
        }
        if let Some((path, mut file)) = self.diagram {
            file.write_all(view::diagram::sequence_diagram(plex).as_bytes())
                .map_err(|e| Failure(format!("--diagram {}: {e}", path.display())))?;
        }
        Ok(())
    }
}

/// Runs every job of a scenario, each line it says going to `sink`.
fn run_scenario(
    file: Option<&str>,
    settings: &Settings,
    sink: impl FnMut(&Line) + Send + 'static,
) -> Result<RunReport, Failure> {
    let (sc, path) = load(file)?;
    let mut run = sc.run();
    // Each exec is read once, however many jobs run it.
    let mut execs: HashMap<&str, Arc<[u8]>> = HashMap::new();
    for job in &sc.jobs {
        if job.native {
            // A program's path is the scenario's directory's, like an exec's.
            let dir = path
                .as_deref()
                .and_then(Path::parent)
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            let mut program = NativeJob::new(dir.join(&job.run), &job.args);
            program.deadline = settings.limits.deadline;
            run.program(&job.ident.name, program.program())?;
            continue;
        }
        let source = match execs.get(job.run.as_str()) {
            Some(s) => Arc::clone(s),
            None => {
                let s: Arc<[u8]> = exec_source(&job.ident.name, &job.run, path.as_deref())?.into();
                execs.insert(&job.run, Arc::clone(&s));
                s
            }
        };
        let user = job.ident.user.clone().unwrap_or_default();
        let mut exec = ExecJob::new(source, &exec_name(&job.run), &job.args, &user);
        exec.limits = settings.limits;
        run.program(&job.ident.name, exec.program())?;
    }
    run.max_time(settings.max_time);
    run.output_to(sink);
    Ok(run.run()?)
}

/// The end of a run on standard error: the deadlock, a line per failed job, the MAXCC.
fn ended(report: &RunReport) -> u8 {
    let maxcc = maxcc(&report.jobs);
    if let Some(d) = &report.deadlock {
        eprint!("trustplex: the run ended in a deadlock:\n{d}");
    }
    summary(&report.jobs, maxcc);
    maxcc
}

/// `trustplex run [SCENARIO]`: every job of the scenario, then each stack's Netstat ALL and
/// the logs asked for; the exit status is the run's MAXCC.
pub fn run(
    file: Option<&str>,
    settings: Settings,
    logs: Logs,
    views: Views,
) -> Result<u8, Failure> {
    let files = views.create()?;
    let out = Out::new();
    let json = settings.format == Format::Json;
    if json {
        let name = file.unwrap_or("default scenario");
        out.line(&format!("{{\"scenario\": {},", serde_json::json!(name)));
        out.line("\"output\": [");
    }
    let sink = out.clone();
    let mut first = true;
    let report = run_scenario(file, &settings, move |l: &Line| {
        if json {
            let entry = serde_json::json!({
                "at": l.at.to_string(), "job": l.source, "text": l.text,
            });
            let sep = if std::mem::take(&mut first) { "" } else { "," };
            sink.line(&format!("{sep}{entry}"));
        } else {
            sink.line(&format!("{:<8} {}", l.source, l.text));
        }
    })?;
    let plex = &report.plex;
    files.write(plex)?;
    let topo = plex.topology();
    let systems: Vec<SystemId> = (0..topo.systems.len()).map(SystemId).collect();
    let log_map = |lines: &dyn Fn(SystemId) -> Vec<String>| {
        let map: serde_json::Map<String, serde_json::Value> = systems
            .iter()
            .map(|s| (topo.systems[s.0].name.clone(), lines(*s).into()))
            .collect();
        serde_json::Value::Object(map)
    };
    if json {
        out.line("],");
        let jobs: Vec<serde_json::Value> = report.jobs.iter().map(|j| job_json(j, plex)).collect();
        out.line(&format!("\"jobs\": {},", serde_json::Value::Array(jobs)));
        let mut netstat = serde_json::Map::new();
        for i in 0..topo.stacks.len() {
            netstat.insert(
                topo.stack_label(StackId(i)),
                netstat::all(plex, StackId(i)).into(),
            );
        }
        out.line(&format!(
            "\"netstat\": {},",
            serde_json::Value::Object(netstat)
        ));
        out.line(&format!("\"xcf\": {},", view::json::xcf(plex)));
        out.line(&format!(
            "\"journal_overwritten\": {},",
            plex.journal().overwritten()
        ));
        if logs.console {
            let map = log_map(&|s| console::hardcopy_lines(plex, s));
            out.line(&format!("\"console\": {map},"));
        }
        if logs.syslog {
            let map = log_map(&|s| console::syslog_lines(plex, s));
            out.line(&format!("\"syslog\": {map},"));
        }
        out.line(&format!("\"maxcc\": {}}}", maxcc(&report.jobs)));
    } else {
        for i in 0..topo.stacks.len() {
            out.line("");
            for l in netstat::all(plex, StackId(i)).lines() {
                out.line(l);
            }
        }
        // Each system's logs that have something in them, after a blank line.
        for s in &systems {
            let mut shown = Vec::new();
            if logs.console {
                shown.push(console::hardcopy_lines(plex, *s));
            }
            if logs.syslog {
                shown.push(console::syslog_lines(plex, *s));
            }
            for lines in shown.into_iter().filter(|l| !l.is_empty()) {
                out.line("");
                for l in lines {
                    out.line(&l);
                }
            }
        }
    }
    out.flush();
    Ok(ended(&report))
}

/// `trustplex netstat [SCENARIO] [REPORT OPERANDS]`: the scenario's jobs run (their output
/// is not shown), then each stack's report (or `--stack`'s), as TSO NETSTAT prints it or as
/// JSON. The exit status is the run's MAXCC.
pub fn netstat(
    file: Option<&str>,
    operands: &[String],
    stack: Option<&str>,
    settings: Settings,
) -> Result<u8, Failure> {
    let request =
        netstat::Request::parse_any(operands).map_err(|e| Failure(format!("netstat: {e}")))?;
    if request.tcp.is_some() && stack.is_some() {
        return Err(Failure("netstat: give TCP or --stack, not both".into()));
    }
    let report = run_scenario(file, &settings, |_: &Line| {})?;
    let plex = &report.plex;
    let topo = plex.topology();
    let stacks: Vec<StackId> = match request.tcp.as_deref().or(stack) {
        Some(name) => vec![
            topo.find_stack(name)
                .map_err(|e| Failure(format!("netstat: {e}")))?,
        ],
        None => (0..topo.stacks.len()).map(StackId).collect(),
    };
    let out = Out::new();
    if settings.format == Format::Json {
        let map: serde_json::Map<String, serde_json::Value> = stacks
            .iter()
            .map(|s| {
                (
                    topo.stack_label(*s),
                    netstat::report_json(plex, *s, request.report, &request.filter),
                )
            })
            .collect();
        out.line(&format!("{:#}", serde_json::Value::Object(map)));
    } else {
        for (n, s) in stacks.iter().enumerate() {
            if n > 0 {
                out.line("");
            }
            for l in netstat::report(plex, *s, request.report, &request.filter).lines() {
                out.line(l);
            }
        }
    }
    out.flush();
    Ok(ended(&report))
}

/// `trustplex console [SCENARIO]`: the scenario's jobs run (their output is not shown), then
/// operator commands come from standard input, one a line, each answered on standard output
/// as the console of `--system` (the first system by default) would. At a terminal there is
/// a prompt and line editing (rustyline: history and editing keys as readline has them,
/// which nobody should write again); from a pipe or a file there is neither. The exit status
/// is the run's MAXCC.
pub fn console(
    file: Option<&str>,
    system: Option<&str>,
    settings: Settings,
) -> Result<u8, Failure> {
    use std::io::{BufRead, IsTerminal};
    let mut report = run_scenario(file, &settings, |_: &Line| {})?;
    let topo = report.plex.topology();
    let system = match system {
        Some(name) => topo
            .system(&name.to_ascii_uppercase())
            .ok_or_else(|| Failure(format!("--system: no system {name}")))?,
        None => SystemId(0),
    };
    let prompt = format!("{} ==> ", topo.systems[system.0].name);
    let out = Out::new();
    let answer = |plex: &mut trustplex::sysplex::Sysplex, line: &str| {
        if line.trim().is_empty() {
            return;
        }
        for l in console::command(plex, Some(system), line) {
            out.line(&l);
        }
        out.flush();
    };
    if std::io::stdin().is_terminal() {
        let mut editor =
            rustyline::DefaultEditor::new().map_err(|e| Failure(format!("the terminal: {e}")))?;
        loop {
            match editor.readline(&prompt) {
                Ok(line) => {
                    let _ = editor.add_history_entry(line.as_str());
                    answer(&mut report.plex, &line);
                }
                Err(
                    rustyline::error::ReadlineError::Eof
                    | rustyline::error::ReadlineError::Interrupted,
                ) => break,
                Err(e) => return Err(Failure(format!("the terminal: {e}"))),
            }
        }
    } else {
        // A line is read up to CONSOLE_LINE_MAX bytes, so no input can take the memory: a
        // longer one is skipped to its end and said on standard error.
        use std::io::Read;
        const CONSOLE_LINE_MAX: u64 = 4096;
        let mut stdin = std::io::stdin().lock();
        let mut buf = Vec::new();
        loop {
            buf.clear();
            let read = |buf: &mut Vec<u8>, stdin: &mut std::io::StdinLock<'_>| {
                stdin
                    .by_ref()
                    .take(CONSOLE_LINE_MAX + 1)
                    .read_until(b'\n', buf)
                    .map_err(|e| Failure(format!("standard input: {e}")))
            };
            if read(&mut buf, &mut stdin)? == 0 {
                break;
            }
            if buf.len() as u64 > CONSOLE_LINE_MAX && buf.last() != Some(&b'\n') {
                let mut rest = Vec::new();
                while read(&mut rest, &mut stdin)? > 0 && rest.last() != Some(&b'\n') {
                    rest.clear();
                }
                eprintln!(
                    "trustplex: console: a line longer than {CONSOLE_LINE_MAX} bytes is ignored"
                );
                continue;
            }
            let line = String::from_utf8_lossy(&buf);
            answer(&mut report.plex, line.trim_end_matches(['\n', '\r']));
        }
    }
    Ok(ended(&report))
}

/// The run's MAXCC: the highest job status (0 when there are no jobs).
fn maxcc(jobs: &[JobEnd]) -> u8 {
    jobs.iter()
        .map(|j| j.completion.status())
        .max()
        .unwrap_or(0)
}

/// One line on standard error for each job that did not end with RC 0, then the MAXCC.
fn summary(jobs: &[JobEnd], maxcc: u8) {
    let failed: Vec<&JobEnd> = jobs
        .iter()
        .filter(|j| j.completion != Completion::Rc(0))
        .collect();
    for j in &failed {
        eprintln!("trustplex: job {} {}", j.name, j.completion.describe());
    }
    if !failed.is_empty() {
        eprintln!(
            "trustplex: MAXCC {maxcc}: {} of {} jobs did not end with RC 0",
            failed.len(),
            jobs.len()
        );
    }
}

fn job_json(j: &JobEnd, plex: &trustplex::sysplex::Sysplex) -> serde_json::Value {
    let c = &j.completion;
    let (ended, abend) = match c {
        Completion::Rc(_) | Completion::Value(_) => ("normally", None),
        Completion::RexxError { .. } => ("rexx-error", None),
        Completion::Abend { code, .. } => ("abend", Some(*code)),
        Completion::Panicked(_) => ("panicked", None),
        Completion::NotRun(_) => ("not-run", None),
    };
    serde_json::json!({
        "job": j.name,
        "ended": ended,
        "rc": c.rc(),
        "abend": abend,
        "status": c.status(),
        "summary": c.describe(),
        // A job's further tasks (JOB.2) share its address space's connections.
        "connections": view::json::connections(plex, j.name.split('.').next().unwrap_or(&j.name)),
    })
}

/// Where `trustplex rexx` runs its exec.
pub struct Placement {
    pub scenario: Option<String>,
    /// `SYSTEM/PROC` or a unique procedure name; the scenario's first stack by default.
    pub stack: Option<String>,
    /// The RACF user; by default the user of the scenario's first job on that stack.
    pub user: Option<String>,
}

/// `trustplex rexx FILE ARGS`: the exec as the one job of a sysplex (the embedded default
/// unless `--scenario` names another), its SAY output on standard output, a REXX error's
/// messages on standard error; the exit status is the exec's.
pub fn rexx(
    file: &str,
    args: &str,
    at: Placement,
    clock: ClockKind,
    settings: Settings,
) -> Result<u8, Failure> {
    let source = std::fs::read(file).map_err(|e| Failure(format!("{file}: {e}")))?;
    let (sc, _) = load(at.scenario.as_deref())?;
    let topo = &sc.topology;
    let stack = match &at.stack {
        Some(name) => topo
            .find_stack(name)
            .map_err(|e| Failure(format!("--stack: {e}")))?,
        None => (!topo.stacks.is_empty())
            .then_some(StackId(0))
            .ok_or_else(|| Failure("the scenario has no stack to run the exec on".into()))?,
    };
    let label = topo.stack_label(stack);
    let on_stack = |j: &&trustplex::scenario::Job| matches!(j.ident.place, Place::Stack { stack: s, .. } if s == stack);
    let user = match &at.user {
        Some(u) => u.to_ascii_uppercase(),
        None => sc
            .jobs
            .iter()
            .find(on_stack)
            .or(sc.jobs.first())
            .and_then(|j| j.ident.user.clone())
            .ok_or_else(|| Failure("give --user: no job of the scenario names one".into()))?,
    };
    // A TSO/E user's address space is named after the user.
    let ident = JobIdentity::on_stack(topo, &user, &label, &user)
        .ok_or_else(|| Failure(format!("no stack {label}")))?;
    let mut run = Run::new(sc.sysplex());
    let mut exec = ExecJob::new(source, &exec_name(file), args, &user);
    exec.limits = settings.limits;
    exec.clock = clock;
    exec.say_errors = false;
    exec.terminal = true;
    run.job(ident, VirtualTime::ZERO, Some(Box::new(exec.program())));
    run.max_time(settings.max_time);
    let out = Out::new();
    let sink = out.clone();
    run.output_to(move |l: &Line| sink.line(&l.text));
    let report = run.run()?;
    out.flush();
    let Some(end) = report.jobs.first() else {
        return Ok(0);
    };
    match &end.completion {
        Completion::RexxError { lines, .. } => {
            for l in lines {
                eprintln!("{l}");
            }
            eprintln!(
                "trustplex: {} ended with {}",
                exec_name(file),
                end.completion.describe()
            );
        }
        Completion::Rc(_) => {}
        other => eprintln!(
            "trustplex: {} ended with {}",
            exec_name(file),
            other.describe()
        ),
    }
    Ok(end.completion.status())
}
