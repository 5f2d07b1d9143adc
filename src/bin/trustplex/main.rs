//! The `trustplex` command.

mod jobs;

use jobs::Format;

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

/// The z/OS UNIX shell's netstat options (`confirmed`, IBM "The z/OS UNIX netstat command
/// syntax"): a report option, the target -p, and the filters; the modifier SERVER is a word
/// after them. Given as trustplex's own options, so they mix with --stack and --format in any
/// order.
#[derive(clap::Args, Clone, Debug, Default)]
struct ShellNetstat {
    /// netstat -A: the ALL report.
    #[arg(short = 'A', help_heading = "z/OS UNIX netstat")]
    all: bool,
    /// netstat -a: ALLConn.
    #[arg(short = 'a', help_heading = "z/OS UNIX netstat")]
    allconn: bool,
    /// netstat -c: COnn.
    #[arg(short = 'c', help_heading = "z/OS UNIX netstat")]
    conn: bool,
    /// netstat -b: BYTEinfo.
    #[arg(short = 'b', help_heading = "z/OS UNIX netstat")]
    byteinfo: bool,
    /// netstat -s: SOCKets.
    #[arg(short = 's', help_heading = "z/OS UNIX netstat")]
    sockets: bool,
    /// netstat -h: HOme.
    #[arg(short = 'h', help_heading = "z/OS UNIX netstat")]
    home: bool,
    /// netstat -r: ROUTe.
    #[arg(short = 'r', help_heading = "z/OS UNIX netstat")]
    route: bool,
    /// netstat -p tcpname: the stack.
    #[arg(
        short = 'p',
        value_name = "TCPNAME",
        help_heading = "z/OS UNIX netstat"
    )]
    tcpname: Option<String>,
    /// netstat -E clientname (up to six).
    #[arg(short = 'E', value_name = "CLIENT", help_heading = "z/OS UNIX netstat")]
    client: Vec<String>,
    /// netstat -I ipaddr.
    #[arg(short = 'I', value_name = "IPADDR", help_heading = "z/OS UNIX netstat")]
    ipaddr: Option<String>,
    /// netstat -P portnum.
    #[arg(short = 'P', value_name = "PORT", help_heading = "z/OS UNIX netstat")]
    port: Option<String>,
    /// netstat -B ipaddr+portnum.
    #[arg(
        short = 'B',
        value_name = "IPADDR+PORT",
        help_heading = "z/OS UNIX netstat"
    )]
    ipport: Option<String>,
}

impl ShellNetstat {
    /// The shell's words for [`trustplex::sysplex::netstat::Request::parse_shell`], if any
    /// shell option was given.
    fn words(&self) -> Option<Vec<String>> {
        let mut w: Vec<String> = [
            (self.all, "-A"),
            (self.allconn, "-a"),
            (self.conn, "-c"),
            (self.byteinfo, "-b"),
            (self.sockets, "-s"),
            (self.home, "-h"),
            (self.route, "-r"),
        ]
        .into_iter()
        .filter(|(on, _)| *on)
        .map(|(_, o)| o.to_owned())
        .collect();
        let valued = [
            ("-p", &self.tcpname),
            ("-I", &self.ipaddr),
            ("-P", &self.port),
            ("-B", &self.ipport),
        ];
        for (o, v) in valued {
            if let Some(v) = v {
                w.extend([o.to_owned(), v.clone()]);
            }
        }
        for c in &self.client {
            w.extend(["-E".to_owned(), c.clone()]);
        }
        (!w.is_empty()).then_some(w)
    }
}

/// Bounds on a runaway exec and on a run (`docs/cli.md`, "Limits").
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
    /// The storage each exec's variables and data stack may take, as a region: a number of
    /// bytes with K, M or G (REXX error 5, "Machine storage exhausted", beyond).
    #[arg(long, default_value = "64M", value_parser = region)]
    max_storage: usize,
    /// Seconds of wall-clock time the execs may run before they are stopped (REXX error 4);
    /// 0 for no limit.
    #[arg(long, default_value_t = 600)]
    max_wall: u64,
    /// Seconds of virtual time the run may last: a job still going then ends with ABEND
    /// S322, as z/OS ends a job past its TIME limit.
    #[arg(long, default_value_t = 3600.0, value_parser = virtual_seconds)]
    max_time: f64,
}

/// A region size: bytes, or a number with K, M or G, as REGION= is written.
fn region(text: &str) -> Result<usize, String> {
    let t = text.trim().to_ascii_uppercase();
    let (digits, shift) = match t.as_bytes().last() {
        Some(b'K') => (&t[..t.len() - 1], 10),
        Some(b'M') => (&t[..t.len() - 1], 20),
        Some(b'G') => (&t[..t.len() - 1], 30),
        _ => (&t[..], 0),
    };
    digits
        .parse::<usize>()
        .ok()
        .and_then(|n| n.checked_mul(1 << shift))
        .filter(|n| *n > 0)
        .ok_or_else(|| format!("{text:?} is not a storage size such as 64M"))
}

/// Seconds of virtual time, from a millisecond up to a year (the range scenario times have).
fn virtual_seconds(text: &str) -> Result<f64, String> {
    let max = trustplex::scenario::MAX_SECONDS;
    match text.parse::<f64>() {
        Ok(v) if (0.001..=max).contains(&v) => Ok(v),
        _ => Err(format!(
            "{text:?} is not a number of seconds from 0.001 to {max}"
        )),
    }
}

impl LimitArgs {
    fn settings(self, format: Format) -> jobs::Settings {
        jobs::Settings {
            limits: rexx::Limits {
                max_clauses: self.max_clauses,
                max_depth: self.max_depth as usize,
                max_string: self.max_string,
                max_storage: self.max_storage,
                deadline: (self.max_wall > 0).then(|| {
                    std::time::Instant::now() + std::time::Duration::from_secs(self.max_wall)
                }),
            },
            max_time: trustplex::sysplex::VirtualTime::from_secs_f64(self.max_time),
            format,
        }
    }
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
    /// server). The exit status is the run's MAXCC.
    Run {
        scenario: Option<String>,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// After the Netstat reports, each system's hardcopy log (commands, responses and
        /// the messages jobs wrote to the operator).
        #[arg(long)]
        console: bool,
        /// After the Netstat reports, each system's syslogd log.
        #[arg(long)]
        syslog: bool,
        /// Also writes the run's events to FILE as Chrome trace events (JSON), for Perfetto
        /// or chrome://tracing: a track per stack and per job, the virtual clock as the time.
        #[arg(long, value_name = "FILE")]
        trace: Option<std::path::PathBuf>,
        /// Also draws the run as a sequence diagram in FILE (SVG): a lifeline per stack and per
        /// job, grouped by system, with the connections, data, XCF messages and ioctls.
        #[arg(long, value_name = "FILE")]
        diagram: Option<std::path::PathBuf>,
        #[command(flatten)]
        limits: LimitArgs,
    },
    /// Runs a scenario (its jobs' output is not shown), then prints a Netstat report of each
    /// stack: ALL, ALLConn, COnn, BYTEinfo, SOCKets, HOme or ROUTe with their filters, in TSO
    /// NETSTAT's words (`trustplex netstat FILE CONN PORT 4000`) or the z/OS UNIX shell's
    /// (`trustplex netstat FILE -c -P 4000`); ALL by default. The exit status is the run's
    /// MAXCC.
    // -h is the shell form's HOme report here, so help is --help alone.
    #[command(disable_help_flag = true)]
    Netstat {
        /// Print help.
        #[arg(long, action = clap::ArgAction::Help)]
        help: Option<bool>,
        /// A scenario file, or - for the embedded default.
        #[arg(default_value = "-")]
        scenario: String,
        /// The report and its operands, as TSO NETSTAT takes them (`ALLCONN PORT 4000`).
        operands: Vec<String>,
        #[command(flatten)]
        shell: ShellNetstat,
        /// One stack only: SYSTEM/PROC, or a procedure name one system has.
        #[arg(long)]
        stack: Option<String>,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        #[command(flatten)]
        limits: LimitArgs,
    },
    /// Runs a scenario (its jobs' output is not shown), then takes operator commands on
    /// standard input, one a line, and prints each response, as the system's console would:
    /// START, STOP, MODIFY, DISPLAY TCPIP,,NETSTAT, DISPLAY A,L, VARY XCF. The exit status is
    /// the run's MAXCC.
    Console {
        /// A scenario file, or - for the embedded default.
        #[arg(default_value = "-")]
        scenario: String,
        /// The console's system (the scenario's first by default).
        #[arg(long)]
        system: Option<String>,
        #[command(flatten)]
        limits: LimitArgs,
    },
    /// Runs a REXX exec, like `rexx FILE ARGS`, as a job of a sysplex (by default the
    /// embedded default scenario's, on SYS1's stack TCPCS1 as TRSTCLI). The exit status is
    /// the exec's.
    Rexx {
        file: String,
        /// The argument string (the words are joined with blanks).
        args: Vec<String>,
        /// The sysplex to run on: a scenario file (its jobs do not run).
        #[arg(long)]
        scenario: Option<String>,
        /// The stack, SYSTEM/PROC (or a procedure name only one system has); the
        /// scenario's first stack by default.
        #[arg(long)]
        stack: Option<String>,
        /// The RACF user; by default the user of the scenario's first job on that stack.
        #[arg(long)]
        user: Option<String>,
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
pub struct Failure(pub String);

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

/// Runs the command: the exit status it ends with.
fn run(cli: Cli) -> Result<u8, Failure> {
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
        Command::Run {
            scenario,
            format,
            console,
            syslog,
            trace,
            diagram,
            limits,
        } => {
            drop(out);
            let logs = jobs::Logs { console, syslog };
            let views = jobs::Views { trace, diagram };
            return jobs::run(scenario.as_deref(), limits.settings(format), logs, views);
        }
        Command::Netstat {
            help: _,
            scenario,
            operands,
            shell,
            stack,
            format,
            limits,
        } => {
            drop(out);
            let file = (scenario != "-").then_some(scenario.as_str());
            // With the shell's options, the one word left may be its modifier SERVER
            // (upper case, as the shell wants it).
            let words = match (shell.words(), operands.as_slice()) {
                (None, _) => operands,
                (Some(w), []) => w,
                (Some(mut w), [m]) if m == "SERVER" => {
                    w.push(m.clone());
                    w
                }
                (Some(_), _) => {
                    return Err(Failure(
                        "netstat: TSO operands or the shell's options, not both".into(),
                    ));
                }
            };
            return jobs::netstat(file, &words, stack.as_deref(), limits.settings(format));
        }
        Command::Console {
            scenario,
            system,
            limits,
        } => {
            drop(out);
            let file = (scenario != "-").then_some(scenario.as_str());
            return jobs::console(file, system.as_deref(), limits.settings(Format::Text));
        }
        Command::Rexx {
            file,
            args,
            scenario,
            stack,
            user,
            clock,
            limits,
        } => {
            drop(out);
            let clock = match clock {
                Clock::Virtual => rexx::ClockKind::Virtual,
                Clock::Wall => rexx::ClockKind::Wall,
            };
            let at = jobs::Placement {
                scenario,
                stack,
                user,
            };
            return jobs::rexx(
                &file,
                &args.join(" "),
                at,
                clock,
                limits.settings(Format::Text),
            );
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
    Ok(0)
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
            // The table's other rows for the same number: the calls that give it a meaning
            // of their own (EPERM's SIOCGPARTNERINFO rows), then other names it carries.
            let mut rows = String::new();
            let mut others = Vec::new();
            for o in errno::TCP_ERRNOS.iter().filter(|o| o.value == e.value) {
                if std::ptr::eq(o, e) {
                    continue;
                }
                if o.name == e.name {
                    rows.push_str(&format!("\n  {}: {}", o.api, o.text));
                } else if o.api.is_empty() {
                    others.push(o.name.to_owned());
                } else {
                    others.push(format!("{} ({})", o.name, o.api));
                }
            }
            if !others.is_empty() {
                rows.push_str(&format!("\n  also {}: {}", e.value, others.join(", ")));
            }
            Ok(format!(
                "{} {} {text} (TCPERRNO, {}){scope}{also}{rows}",
                e.value,
                e.name,
                e.prov.tag()
            ))
        }
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(&e),
    };
    match run(cli) {
        Ok(status) => ExitCode::from(status),
        Err(Failure(message)) => {
            eprintln!("trustplex: {message}");
            ExitCode::from(2)
        }
    }
}

/// A command line clap cannot take. `--help` and `--version` print to standard output and
/// succeed; no subcommand at all prints the help to standard error; anything else is one
/// line that says what is wrong (naming each missing argument) and the usage, status 2.
fn usage_error(e: &clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => e.exit(),
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            eprint!("{}", e.render());
            return ExitCode::from(2);
        }
        _ => {}
    }
    let text = e.render().to_string();
    let mut what = Vec::new();
    let mut usage = None;
    for line in text.lines().map(str::trim) {
        if let Some(u) = line.strip_prefix("Usage: ") {
            usage = Some(u.to_owned());
        } else if !line.is_empty() && !line.starts_with("For more information") {
            what.push(line.trim_start_matches("error: ").to_owned());
        }
    }
    let mut message = what.join(" ");
    if let Some(u) = usage {
        message.push_str(&format!(" (usage: {u})"));
    }
    eprintln!("trustplex: {message}");
    ExitCode::from(2)
}
