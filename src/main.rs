//! The `trustplex` command.

use std::io::{Read, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use trustplex::areas::{self, AreaKind, view};
use trustplex::copybook::{self, Lang};
use trustplex::errno::{self, ReasonCode};
use trustplex::hextext;
use trustplex::rexx;

/// z/OS trusted TCP connections, emulated: data areas, copybooks and errno tables.
#[derive(Parser)]
#[command(name = "trustplex", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Bounds on a runaway exec (REXX errors 4, 11 and 5 when reached).
#[derive(clap::Args, Clone, Copy, Debug)]
struct LimitArgs {
    /// Clauses an exec may run before it is stopped (REXX error 4).
    #[arg(long, default_value_t = rexx::Limits::default().max_clauses)]
    max_clauses: u64,
    /// Nested calls before REXX error 11; at most 1000, the depth the interpreter's stack is
    /// sized for.
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u64).range(1..=1000))]
    max_depth: u64,
    /// The longest string an exec may build, in bytes (REXX error 5 beyond).
    #[arg(long, default_value_t = rexx::Limits::default().max_string)]
    max_string: usize,
}

impl LimitArgs {
    fn limits(self) -> rexx::Limits {
        rexx::Limits {
            max_clauses: self.max_clauses,
            max_depth: self.max_depth as usize,
            max_string: self.max_string,
        }
    }
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Format {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Input {
    /// Hex text if the input is printable text, else binary.
    Auto,
    Hex,
    Binary,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Api {
    /// z/OS UNIX numbering (BPX1xxx, BPX4xxx, LE C).
    Unix,
    /// TCPERRNO numbering (EZASOKET, EZASMI, REXX).
    Tcp,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Clock {
    Virtual,
    Wall,
}

#[derive(Subcommand)]
enum Command {
    /// The field table of an area: offsets, lengths, names, types and provenance.
    Layout {
        /// utoken, partnerinfo, nmi-conn, ioctl, sockaddr-in, sockaddr-in6, ifreq, plist31, plist64.
        area: String,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Decodes an area field by field (binary or hex text in).
    Decode {
        area: String,
        /// A file, or - (the default) for standard input.
        #[arg(default_value = "-")]
        file: String,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        #[arg(long, value_enum, default_value = "auto")]
        input: Input,
    },
    /// Builds an area from JSON (the shape `decode --format json` prints).
    Encode {
        area: String,
        #[arg(default_value = "-")]
        file: String,
        /// Write the binary area instead of hex.
        #[arg(long)]
        binary: bool,
    },
    /// Explains an errno, by number or name, and a reason code, as BPXMTEXT would.
    Errno {
        /// A number (decimal, or hex as X'..' / 0x..) or a name such as EACCES.
        value: Option<String>,
        #[arg(long, value_enum, default_value = "unix")]
        api: Api,
        /// A reason code, 8 hex digits (ccccrrrr).
        #[arg(long)]
        reason: Option<String>,
    },
    /// Runs a scenario: its jobs' REXX execs under the sysplex scheduler, then each stack's
    /// Netstat ALL. Without a file, the embedded default (the seed's trusted client and
    /// server).
    Run {
        scenario: Option<String>,
        #[command(flatten)]
        limits: LimitArgs,
    },
    /// Runs a REXX exec, like `rexx FILE ARGS`.
    Rexx {
        file: String,
        /// The argument string (the words are joined with blanks).
        args: Vec<String>,
        /// TIME() and DATE(): the virtual clock (the same every run) or the machine's.
        #[arg(long, value_enum, default_value = "virtual")]
        clock: Clock,
        #[command(flatten)]
        limits: LimitArgs,
    },
    /// Prints an area's copybook.
    Copybook {
        area: String,
        /// cobol, asm, c or pli.
        #[arg(long, default_value = "c")]
        lang: String,
    },
}

/// A failure the user caused: one line on stderr, exit status 2.
struct Failure(String);

impl<E: std::fmt::Display> From<E> for Failure {
    fn from(e: E) -> Failure {
        Failure(e.to_string())
    }
}

fn area(name: &str) -> Result<&'static AreaKind, Failure> {
    areas::find(name).ok_or_else(|| {
        let names: Vec<&str> = areas::AREAS.iter().map(|k| k.layout.area).collect();
        Failure(format!(
            "unknown area {name:?}; the areas are {}",
            names.join(", ")
        ))
    })
}

fn read_input(file: &str) -> Result<Vec<u8>, Failure> {
    let mut bytes = Vec::new();
    if file == "-" {
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| Failure(format!("standard input: {e}")))?;
    } else {
        bytes = std::fs::read(file).map_err(|e| Failure(format!("{file}: {e}")))?;
    }
    Ok(bytes)
}

fn run(cli: Cli) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    match cli.command {
        Command::Layout { area: name, format } => {
            let layout = area(&name)?.layout;
            match format {
                Format::Text => write!(out, "{}", view::layout_text(layout))?,
                Format::Json => writeln!(out, "{:#}", view::layout_json(layout))?,
            }
        }
        Command::Decode {
            area: name,
            file,
            format,
            input,
        } => {
            let kind = area(&name)?;
            let raw = read_input(&file)?;
            let text = matches!(input, Input::Hex)
                || (input == Input::Auto && hextext::looks_like_text(&raw));
            let bytes = if text {
                let s = std::str::from_utf8(&raw)
                    .map_err(|_| Failure(format!("{file}: hex input is not text")))?;
                hextext::parse(s).map_err(|e| Failure(format!("{file}: {e}")))?
            } else {
                raw
            };
            (kind.validate)(&bytes)?;
            match format {
                Format::Text => write!(out, "{}", view::decode_text(kind, &bytes))?,
                Format::Json => writeln!(out, "{:#}", view::decode_json(kind, &bytes))?,
            }
        }
        Command::Encode {
            area: name,
            file,
            binary,
        } => {
            let kind = area(&name)?;
            let raw = read_input(&file)?;
            let value: serde_json::Value = serde_json::from_slice(&raw)
                .map_err(|e| Failure(format!("{file}: not JSON: {e}")))?;
            let bytes = view::encode(kind, &value).map_err(Failure)?;
            if binary {
                out.write_all(&bytes)?;
            } else {
                writeln!(out, "{}", hextext::to_hex(&bytes))?;
            }
        }
        Command::Errno { value, api, reason } => {
            if value.is_none() && reason.is_none() {
                return Err(Failure(
                    "give an errno (number or name), --reason, or both".into(),
                ));
            }
            if let Some(v) = value {
                writeln!(out, "{}", explain_errno(&v, api)?)?;
            }
            if let Some(r) = reason {
                let code = ReasonCode::parse(&r)
                    .ok_or_else(|| Failure(format!("reason code {r:?} is not 8 hex digits")))?;
                writeln!(out, "{}", code.explain())?;
            }
        }
        Command::Run { scenario, limits } => {
            drop(out);
            return run_scenario(scenario.as_deref(), limits.limits());
        }
        Command::Rexx {
            file,
            args,
            clock,
            limits,
        } => {
            let source = read_input(&file)?;
            let name = std::path::Path::new(&file)
                .file_stem()
                .map_or("EXEC".into(), |s| s.to_string_lossy().into_owned());
            let clock = match clock {
                Clock::Virtual => rexx::ClockKind::Virtual,
                Clock::Wall => rexx::ClockKind::Wall,
            };
            drop(out);
            let outcome = rexx::with_stack(move || {
                let mut host = rexx::StdHost {
                    out: std::io::BufWriter::new(std::io::stdout()),
                    clock,
                };
                rexx::run(&source, &name, &args.join(" "), &mut host, limits.limits())
            })?;
            if let Some((e, lines)) = outcome.error {
                for l in lines {
                    eprintln!("{l}");
                }
                return Err(Failure(format!("REXX error {} in {file}", e.code)));
            }
            return Ok(());
        }
        Command::Copybook { area: name, lang } => {
            let layout = match areas::all_layouts().find(|l| l.area == name) {
                Some(l) => l,
                None => area(&name)?.layout,
            };
            let lang = Lang::from_name(&lang).ok_or_else(|| {
                Failure(format!(
                    "unknown language {lang:?}; use cobol, asm, c or pli"
                ))
            })?;
            write!(out, "{}", copybook::generate(layout, lang))?;
        }
    }
    Ok(())
}

fn parse_number(text: &str) -> Option<u32> {
    let t = text.trim();
    if let Some(hex) = t
        .strip_prefix("X'")
        .or_else(|| t.strip_prefix("x'"))
        .and_then(|h| h.strip_suffix('\''))
    {
        return u32::from_str_radix(hex, 16).ok();
    }
    if let Some(hex) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        return u32::from_str_radix(hex, 16).ok();
    }
    t.parse().ok()
}

fn explain_errno(value: &str, api: Api) -> Result<String, Failure> {
    let number = parse_number(value);
    match api {
        Api::Unix => {
            let e = match number {
                Some(n) => errno::unix_errno(n),
                None => errno::unix_errno_named(value),
            }
            .ok_or_else(|| Failure(format!("{value} is not a z/OS UNIX errno (try --api tcp)")))?;
            let msg = match (e.msgid, e.text) {
                (Some(id), text) => format!("{id} {text}"),
                (None, "") => "(LE has no message for it)".to_owned(),
                (None, text) => text.to_owned(),
            };
            Ok(format!(
                "{} ({}, X'{:04X}'), z/OS UNIX errno, {}: {msg}",
                e.name,
                e.value,
                e.value,
                e.prov.tag()
            ))
        }
        Api::Tcp => {
            let e = match number {
                Some(n) => errno::tcp_errno(n),
                None => errno::tcp_errno_named(value),
            }
            .ok_or_else(|| Failure(format!("{value} is not a TCPERRNO number (try --api unix)")))?;
            let text = if e.text.is_empty() {
                "(IBM gives no description)"
            } else {
                e.text
            };
            let scope = if e.api.is_empty() {
                String::new()
            } else {
                format!("\n  only for: {}", e.api)
            };
            let also = if e.also.is_empty() {
                String::new()
            } else {
                format!("\n  also: {}", e.also)
            };
            Ok(format!(
                "{} {} {text} (TCPERRNO, {}){scope}{also}",
                e.value,
                e.name,
                e.prov.tag()
            ))
        }
    }
}

/// The default scenario and the execs it names (`trustplex run` with no file).
const DEFAULT_SCENARIO: &str = include_str!("../fixtures/scenarios/seed-worked-example.toml");
const EMBEDDED_EXECS: &[(&str, &str)] = &[
    (
        "rexx/trusted-server.rexx",
        include_str!("../rexx/trusted-server.rexx"),
    ),
    (
        "rexx/trusted-client.rexx",
        include_str!("../rexx/trusted-client.rexx"),
    ),
    (
        "rexx/plain-client.rexx",
        include_str!("../rexx/plain-client.rexx"),
    ),
];

fn run_scenario(file: Option<&str>, limits: rexx::Limits) -> Result<(), Failure> {
    use trustplex::scenario::Scenario;
    use trustplex::sysplex::{Place, StackId, netstat};
    let (name, text, base) = match file {
        Some(f) => (
            f.to_string(),
            String::from_utf8_lossy(&read_input(f)?).into_owned(),
            std::path::Path::new(f)
                .parent()
                .map(|p| p.to_path_buf())
                .unwrap_or_default(),
        ),
        None => (
            "default scenario".into(),
            DEFAULT_SCENARIO.into(),
            std::path::PathBuf::new(),
        ),
    };
    let sc = Scenario::from_toml(&name, &text)?;
    let topo = sc.sysplex().topology().clone();
    let mut run = sc.run();
    for job in &sc.jobs {
        let source = match file {
            None => EMBEDDED_EXECS
                .iter()
                .find(|(n, _)| *n == job.run)
                .map(|(_, s)| s.as_bytes().to_vec())
                .ok_or_else(|| Failure(format!("no embedded exec {}", job.run)))?,
            Some(_) => {
                // Beside the scenario, else from the current directory.
                let beside = base.join(&job.run);
                let path = if beside.exists() {
                    beside
                } else {
                    std::path::PathBuf::from(&job.run)
                };
                std::fs::read(&path).map_err(|e| Failure(format!("{}: {e}", path.display())))?
            }
        };
        let exec = std::path::Path::new(&job.run)
            .file_stem()
            .map_or("EXEC".into(), |s| s.to_string_lossy().to_ascii_uppercase());
        let service = match job.ident.place {
            Place::Stack { stack, .. } => topo.stacks[stack.0].name.clone(),
            _ => "TCPIP".into(),
        };
        let user = job.ident.user.clone().unwrap_or_default();
        run.program(
            &job.ident.name,
            rexx::task::program(source, exec, job.args.clone(), user, service, limits),
        )?;
    }
    let report = run.run()?;
    let mut out = std::io::stdout().lock();
    for l in &report.output {
        writeln!(out, "{:<8} {}", l.source, l.text)?;
    }
    for (job, message) in &report.failures {
        writeln!(out, "{job:<8} failed: {message}")?;
    }
    for i in 0..topo.stacks.len() {
        writeln!(out)?;
        write!(out, "{}", netstat::all(&report.plex, StackId(i)))?;
    }
    if let Some(d) = &report.deadlock {
        return Err(Failure(format!("the run ended in a deadlock:\n{d}")));
    }
    Ok(())
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e)
            if matches!(
                e.kind(),
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion
            ) =>
        {
            e.exit()
        }
        Err(e) => {
            let text = e.to_string();
            let line = text
                .lines()
                .next()
                .unwrap_or("bad arguments")
                .trim_start_matches("error: ");
            eprintln!("trustplex: {line}");
            return ExitCode::from(2);
        }
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure(message)) => {
            eprintln!("trustplex: {message}");
            ExitCode::from(2)
        }
    }
}
