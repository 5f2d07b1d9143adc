//! EZASMI, the sockets macro interface, as an assembler program codes it:
//! `EZASMI TYPE=IOCTL,S=SOCKNO,COMMAND='SIOCGPARTNERINFO',REQARG=PIAREA,RETARG=PIAREA,
//! ERRNO=ERRNO,RETCODE=RETCODE`, issued against the program's storage and registers.
//!
//! Operands (`confirmed`, hala001 mparm.htm): `address`, the name of the field holding the
//! value (a symbol, `symbol+n`, or a base-displacement `d(r)`); `*indaddr`, the name of a
//! fullword holding the field's address; `(reg)`, a register holding the field's address
//! ("Do not use a register 0, 1, 14, or 15"); `'value'`, a literal such as AF='INET' or
//! COMMAND='SIOCGPARTNERINFO'; and for counts and descriptors a `number`. The keywords of each
//! TYPE are those of IBM's syntax diagrams (`confirmed` for IOCTL, INITAPI, TERMAPI, TASK,
//! SOCKET and RECV, `docs/reference/call-conventions.md` §8 and msocket2.htm/mrecv.htm; the others follow
//! the CALL interface's parameters, `inferred`). ERRNO and RETCODE are fullwords in TCPERRNO
//! numbering: RETCODE -1 and ERRNO set on failure.
//!
//! The parameter list the macro builds is internal to IBM (`unknown`), so this module owns
//! both the expansion and the module it calls (`inferred`, `docs/reference/call-conventions.md` §8): it
//! builds an EZASOKET-style list (SOC-FUNCTION, the parameters, ERRNO, RETCODE, VL bit on
//! the last) in the task storage area, literals there too, and calls the EZASOKET engine with
//! R1 pointing at it. The task storage area's layout is therefore `reconstructed`: [`TASK_LEN`]
//! bytes, the list at +0, SOC-FUNCTION at +64, literal slots of 16 bytes from +80. Each task
//! area is its own INITAPI session (MAXSOC, its sockets).
//!
//! `EZASMI TYPE=TASK` obtains the area and names it (default EZASMTIE, `confirmed`,
//! mtask.htm); STORAGE=CSECT and STORAGE=DSECT both give an area here, as the program would
//! have after a GETMAIN for the DSECT. `MF=L` names an empty list area; `MF=(E,list)` builds
//! the list there instead of in the task area. TASK= picks another task area. ERROR= names a
//! routine for failures to load the API, which cannot happen here: it is accepted and never
//! taken. The asynchronous keywords ECB= and REQAREA=, ASYNC other than NO, and NS= are
//! accepted by z/OS but not emulated: [`EzasmiError::NotEmulated`]. A statement that would not
//! assemble (no TYPE, an unknown keyword, a missing ERRNO, register 1, an undefined symbol)
//! is [`EzasmiError::Assembly`], the program never runs it.

use std::collections::BTreeMap;

use nom::IResult;
use nom::Parser;
use nom::branch::alt;
use nom::bytes::complete::{tag, take_while, take_while1};
use nom::character::complete::{char, digit1, hex_digit1, one_of};
use nom::combinator::{all_consuming, map, map_res, opt, recognize};
use nom::multi::{many0, separated_list1};
use nom::sequence::{delimited, pair, preceded};

use crate::areas::ioctl::IoctlCmd;
use crate::areas::plist::VL_BIT;
use crate::areas::sockopt;
use crate::codepage::{CodePage, pad_field};

use super::bpx::{ADDR31, Abend, Regs};
use super::ezasoket::Ezasoket;
use super::host::Host;
use super::storage::{Fault, Loc, Storage};

/// The default task storage area name (`confirmed`, mtask.htm).
pub const EZASMTIE: &str = "EZASMTIE";
/// The task storage area's length (`reconstructed`).
pub const TASK_LEN: u64 = 256;
/// An MF=L list's length: 16 fullword addresses (`reconstructed`).
pub const LIST_LEN: u64 = 64;
const FUNCTION_AT: u64 = 64;
const POOL_AT: u64 = 80;
const SLOT: u64 = 16;

/// The COMMAND names IBM's TYPE=IOCTL takes quoted (`confirmed`, mioctl.htm).
const IOCTL_NAMES: &[&str] = &[
    "FIONBIO",
    "FIONREAD",
    "SIOCATMARK",
    "SIOCGHOMEIF6",
    "SIOCGIFADDR",
    "SIOCGIFBRDADDR",
    "SIOCGIFCONF",
    "SIOCGIFDSTADDR",
    "SIOCGIFMTU",
    "SIOCGIFNAMEINDEX",
    "SIOCGIPMSFILTER",
    "SIOCGMONDATA",
    "SIOCGMSFILTER",
    "SIOCGPARTNERINFO",
    "SIOCGSPLXFQDN",
    "SIOCSAPPLDATA",
    "SIOCSIPMSFILTER",
    "SIOCSMSFILTER",
    "SIOCSPARTNERINFO",
    "SIOCTTLSCTL",
];

/// A statement that cannot run.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EzasmiError {
    /// The statement would not assemble.
    #[error("EZASMI statement in error: {0}")]
    Assembly(String),
    /// z/OS takes it; trustplex does not emulate it.
    #[error("EZASMI {0} is valid on z/OS but not emulated by trustplex")]
    NotEmulated(String),
    /// The program abended (an operand's storage is not there).
    #[error(transparent)]
    Abend(#[from] Abend),
}

fn asm(text: impl Into<String>) -> EzasmiError {
    EzasmiError::Assembly(text.into())
}

/// The program's symbols: labels and the addresses they stand for (upper case, as HLASM
/// folds them).
#[derive(Clone, Debug, Default)]
pub struct Symbols(BTreeMap<String, u64>);

impl Symbols {
    pub fn define(&mut self, name: &str, addr: u64) {
        self.0.insert(name.to_ascii_uppercase(), addr);
    }

    pub fn get(&self, name: &str) -> Option<u64> {
        self.0.get(&name.to_ascii_uppercase()).copied()
    }

    /// `name DC X'...'`: obtains storage below the line holding `bytes` and names it.
    pub fn dc(&mut self, s: &mut Storage, name: &str, bytes: &[u8]) -> Result<u64, Fault> {
        let at = s.obtain_with(bytes, Loc::Below16M)?;
        self.define(name, at);
        Ok(at)
    }
}

/// An address expression: terms added and subtracted, then an optional base register.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Expr {
    terms: Vec<(bool, Term)>,
    base: Option<u8>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Term {
    Sym(String),
    Num(u64),
}

impl Expr {
    /// A lone self-defining term: the value of a `number` operand.
    fn number(&self) -> Option<u64> {
        match (self.terms.as_slice(), self.base) {
            ([(false, Term::Num(n))], None) => Some(*n),
            _ => None,
        }
    }

    fn eval(&self, syms: &Symbols, regs: &Regs) -> Result<u64, EzasmiError> {
        let mut v: u64 = 0;
        for (neg, t) in &self.terms {
            let x = match t {
                Term::Num(n) => *n,
                Term::Sym(name) => syms
                    .get(name)
                    .ok_or_else(|| asm(format!("undefined symbol {name}")))?,
            };
            v = if *neg {
                v.wrapping_sub(x)
            } else {
                v.wrapping_add(x)
            };
        }
        if let Some(r) = self.base {
            v = v.wrapping_add(regs.gpr[usize::from(r)]);
        }
        Ok(v & ADDR31)
    }
}

/// One keyword's operand as coded.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Operand {
    Quoted(String),
    Reg(u8),
    Indirect(Expr),
    Expr(Expr),
    /// MF=(E,list) and the like.
    List(Vec<String>),
}

/// A parsed statement: its label and its keyword operands, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Statement {
    label: Option<String>,
    operands: Vec<(String, Operand)>,
}

fn is_sym_start(c: char) -> bool {
    c.is_ascii_alphabetic() || "@#$_".contains(c)
}

fn is_sym(c: char) -> bool {
    c.is_ascii_alphanumeric() || "@#$_".contains(c)
}

fn symbol(i: &str) -> IResult<&str, &str> {
    recognize(pair(take_while1(is_sym_start), take_while(is_sym))).parse(i)
}

/// A register: a number or Rn.
fn register(i: &str) -> IResult<&str, u8> {
    map_res(preceded(opt(one_of("rR")), digit1), |d: &str| {
        match d.parse::<u8>() {
            Ok(n) if n < 16 => Ok(n),
            _ => Err("register"),
        }
    })
    .parse(i)
}

fn number(i: &str) -> IResult<&str, u64> {
    alt((
        map_res(
            delimited(alt((tag("X'"), tag("x'"))), hex_digit1, char('\'')),
            |h| u64::from_str_radix(h, 16),
        ),
        map_res(digit1, str::parse::<u64>),
    ))
    .parse(i)
}

fn term(i: &str) -> IResult<&str, Term> {
    alt((
        map(number, Term::Num),
        map(symbol, |s: &str| Term::Sym(s.to_ascii_uppercase())),
    ))
    .parse(i)
}

fn expr(i: &str) -> IResult<&str, Expr> {
    let (i, first) = term(i)?;
    let (i, rest) = many0(pair(map(one_of("+-"), |c| c == '-'), term)).parse(i)?;
    let (i, base) = opt(delimited(char('('), register, char(')'))).parse(i)?;
    let mut terms = vec![(false, first)];
    terms.extend(rest);
    Ok((i, Expr { terms, base }))
}

fn quoted(i: &str) -> IResult<&str, String> {
    map(
        delimited(
            char('\''),
            many0(alt((map(tag("''"), |_| "'"), take_while1(|c| c != '\'')))),
            char('\''),
        ),
        |parts: Vec<&str>| parts.concat(),
    )
    .parse(i)
}

fn operand(i: &str) -> IResult<&str, Operand> {
    alt((
        map(quoted, Operand::Quoted),
        map(delimited(char('('), register, char(')')), Operand::Reg),
        map(preceded(char('*'), expr), Operand::Indirect),
        map(
            delimited(
                char('('),
                separated_list1(
                    char(','),
                    recognize(alt((
                        recognize(delimited(char('('), register, char(')'))),
                        recognize(expr),
                    ))),
                ),
                char(')'),
            ),
            |v: Vec<&str>| v.into_iter().map(str::to_string).collect(),
        )
        .map(Operand::List),
        map(expr, Operand::Expr),
    ))
    .parse(i)
}

fn keyword_operand(i: &str) -> IResult<&str, (String, Operand)> {
    map(
        (symbol, char('='), operand),
        |(k, _, v): (&str, char, Operand)| (k.to_ascii_uppercase(), v),
    )
    .parse(i)
}

/// The logical line: continuation lines (a non-blank in column 72) joined, each continuation
/// starting in column 16, as HLASM reads them. A single line is taken whole.
fn logical_line(source: &str) -> String {
    let lines: Vec<&str> = source.lines().collect();
    if lines.len() < 2 {
        return source.trim_end().to_string();
    }
    let mut out = String::new();
    for (n, line) in lines.iter().enumerate() {
        let chars: Vec<char> = line.chars().collect();
        let from = if n == 0 { 0 } else { 15.min(chars.len()) };
        let to = 71.min(chars.len());
        out.extend(&chars[from..to.max(from)]);
        let out_len = out.trim_end().len();
        out.truncate(out_len);
        let continued = chars.get(71).is_some_and(|c| *c != ' ');
        if !continued {
            break;
        }
    }
    out
}

/// Parses one EZASMI statement.
fn statement(source: &str) -> Result<Statement, EzasmiError> {
    let line = logical_line(source);
    let mut words = line.splitn(2, ' ');
    let first = words.next().unwrap_or_default();
    let (label, rest) = if first.eq_ignore_ascii_case("EZASMI") {
        (None, words.next().unwrap_or_default())
    } else {
        let rest = words.next().unwrap_or_default().trim_start();
        let mut w = rest.splitn(2, ' ');
        if !w.next().unwrap_or_default().eq_ignore_ascii_case("EZASMI") {
            return Err(asm("not an EZASMI statement"));
        }
        let label = (!first.is_empty()).then(|| first.to_ascii_uppercase());
        (label, w.next().unwrap_or_default())
    };
    let rest = rest.trim_start();
    // The operand field ends at the first blank outside quotes; the rest is a remark.
    let mut end = rest.len();
    let mut in_quote = false;
    for (i, c) in rest.char_indices() {
        match c {
            '\'' => in_quote = !in_quote,
            ' ' if !in_quote => {
                end = i;
                break;
            }
            _ => {}
        }
    }
    let field = &rest[..end];
    let (_, operands) = all_consuming(separated_list1(char(','), keyword_operand))
        .parse(field)
        .map_err(|_| asm(format!("operands not understood: {field}")))?;
    if let Some(l) = &label
        && (symbol(l).map(|(r, _)| !r.is_empty()).unwrap_or(true) || l.len() > 63)
    {
        return Err(asm(format!("label {l} is not a valid symbol")));
    }
    Ok(Statement { label, operands })
}

/// How a keyword's field is laid out.
#[derive(Clone, Copy, Debug)]
enum Kind {
    /// A halfword; a number may be coded.
    Half,
    /// A fullword; a number may be coded.
    Word,
    /// A field that must be named (an area, or a result).
    Area,
    /// A fullword with quoted names.
    Named(fn(&str) -> Option<Result<u32, EzasmiError>>),
}

/// One parameter of the EZASOKET-style list, in list order.
struct Parm {
    kw: &'static str,
    kind: Kind,
    /// The field the macro supplies when the keyword is left out; None: required.
    default: Option<&'static [u8]>,
}

const fn req(kw: &'static str, kind: Kind) -> Parm {
    Parm {
        kw,
        kind,
        default: None,
    }
}

const fn opt_(kw: &'static str, kind: Kind, default: &'static [u8]) -> Parm {
    Parm {
        kw,
        kind,
        default: Some(default),
    }
}

fn af(name: &str) -> Option<Result<u32, EzasmiError>> {
    match name {
        "INET" => Some(Ok(2)),
        "INET6" => Some(Ok(19)),
        _ => None,
    }
}

fn soctype(name: &str) -> Option<Result<u32, EzasmiError>> {
    match name {
        "STREAM" => Some(Ok(1)),
        "DATAGRAM" => Some(Ok(2)),
        "RAW" => Some(Ok(3)),
        _ => None,
    }
}

fn command(name: &str) -> Option<Result<u32, EzasmiError>> {
    if !IOCTL_NAMES.contains(&name) {
        return None;
    }
    Some(
        IoctlCmd::by_name(name)
            .map(|c| c.0)
            .ok_or_else(|| EzasmiError::NotEmulated(format!("COMMAND='{name}'"))),
    )
}

/// OPTNAME's quoted names: the SOL_SOCKET options by their header names (`reconstructed`:
/// IBM's diagram for the option macros is not in the reference).
fn optname(name: &str) -> Option<Result<u32, EzasmiError>> {
    if name == "SO_CLUSTERCONNTYPE" {
        return Some(Ok(sockopt::SO_CLUSTERCONNTYPE));
    }
    sockopt::OPTION_NAMES
        .iter()
        .find(|(n, level, _)| *n == name && *level == sockopt::SOL_SOCKET)
        .map(|(_, _, v)| Ok(*v))
}

const BLANKS16: &[u8] = &[0x40; 16];
const MAXSOC_50: &[u8] = &[0, 50];
const ZERO: &[u8] = &[0; 4];

/// A TYPE: the EZASOKET function it runs and its parameters, in the CALL interface's order.
fn parms(ty: &str) -> Option<&'static [Parm]> {
    use Kind::*;
    static INITAPI: [Parm; 4] = [
        opt_("MAXSOC", Half, MAXSOC_50),
        opt_("IDENT", Area, BLANKS16),
        opt_("SUBTASK", Area, BLANKS16),
        opt_("MAXSNO", Area, ZERO),
    ];
    static SOCKET: [Parm; 3] = [
        req("AF", Named(af)),
        req("SOCTYPE", Named(soctype)),
        opt_("PROTO", Word, ZERO),
    ];
    static S_NAME: [Parm; 2] = [req("S", Half), req("NAME", Area)];
    static LISTEN: [Parm; 2] = [req("S", Half), req("BACKLOG", Word)];
    static S_NBYTE_BUF: [Parm; 3] = [req("S", Half), req("NBYTE", Word), req("BUF", Area)];
    static S_FLAGS_NBYTE_BUF: [Parm; 4] = [
        req("S", Half),
        opt_("FLAGS", Word, ZERO),
        req("NBYTE", Word),
        req("BUF", Area),
    ];
    static CLOSE: [Parm; 1] = [req("S", Half)];
    static OPTS: [Parm; 4] = [
        req("S", Half),
        req("OPTNAME", Named(optname)),
        req("OPTVAL", Area),
        req("OPTLEN", Word),
    ];
    static IOCTL: [Parm; 4] = [
        req("S", Half),
        req("COMMAND", Named(command)),
        req("REQARG", Area),
        req("RETARG", Area),
    ];
    static NONE: [Parm; 0] = [];
    Some(match ty {
        "INITAPI" => &INITAPI,
        "SOCKET" => &SOCKET,
        "BIND" | "CONNECT" | "ACCEPT" => &S_NAME,
        "LISTEN" => &LISTEN,
        "READ" | "WRITE" => &S_NBYTE_BUF,
        "SEND" | "RECV" => &S_FLAGS_NBYTE_BUF,
        "CLOSE" => &CLOSE,
        "GETSOCKOPT" | "SETSOCKOPT" => &OPTS,
        "IOCTL" => &IOCTL,
        "TERMAPI" => &NONE,
        _ => return None,
    })
}

/// The EZASMI module of one program: a session per task storage area.
#[derive(Clone, Debug, Default)]
pub struct Ezasmi {
    sessions: BTreeMap<u64, Ezasoket>,
}

impl Ezasmi {
    pub fn new() -> Ezasmi {
        Ezasmi::default()
    }

    /// Issues one EZASMI statement (`source`, one line or HLASM continuation lines).
    pub fn issue(
        &mut self,
        source: &str,
        syms: &mut Symbols,
        regs: &mut Regs,
        s: &mut Storage,
        host: &mut impl Host,
    ) -> Result<(), EzasmiError> {
        let st = statement(source)?;
        let mut ops: BTreeMap<String, Operand> = BTreeMap::new();
        for (k, v) in &st.operands {
            if ops.insert(k.clone(), v.clone()).is_some() {
                return Err(asm(format!("{k}= coded twice")));
            }
        }
        let ty = match ops.remove("TYPE") {
            Some(Operand::Expr(e)) => match e.terms.as_slice() {
                [(false, Term::Sym(t))] if e.base.is_none() => t.clone(),
                _ => return Err(asm("TYPE= must name the function")),
            },
            Some(_) => return Err(asm("TYPE= must name the function")),
            None if ops.get("MF") == Some(&word_operand("L")) => String::new(),
            None => return Err(asm("TYPE= is required")),
        };
        if ty == "TASK" {
            return task(&st, &mut ops, syms, s);
        }
        let mf = ops.remove("MF");
        if mf.as_ref() == Some(&word_operand("L")) {
            let label = st.label.ok_or_else(|| asm("MF=L needs a label"))?;
            reject_unknown(&ops, &ty, &[])?;
            let at = s.obtain(LIST_LEN, Loc::Below16M).map_err(abend)?;
            syms.define(&label, at);
            return Ok(());
        }
        let list = parms(&ty).ok_or_else(|| asm(format!("TYPE={ty} is not an EZASMI type")))?;
        for kw in ["ECB", "REQAREA", "NS"] {
            if ops.contains_key(kw) {
                return Err(EzasmiError::NotEmulated(format!("{kw}=")));
            }
        }
        if ty == "INITAPI" {
            ops.remove("APITYPE");
            match ops.remove("ASYNC") {
                None => {}
                Some(op) if op == word_operand("NO") => {}
                Some(_) => return Err(EzasmiError::NotEmulated("ASYNC=".into())),
            }
        }
        ops.remove("ERROR");
        let task_op = ops.remove("TASK");
        let with_results = ty != "TERMAPI";
        let results: &[&str] = if with_results {
            &["ERRNO", "RETCODE"]
        } else {
            &[]
        };
        let known: Vec<&str> = list
            .iter()
            .map(|p| p.kw)
            .chain(results.iter().copied())
            .collect();
        reject_unknown(&ops, &ty, &known)?;

        // Run time: the task area, the list's place, then each parameter's address.
        let task_at = match &task_op {
            Some(op) => address(op, syms, regs, s)?,
            None => syms.get(EZASMTIE).ok_or_else(|| {
                asm(format!(
                    "{EZASMTIE} is not defined: code EZASMI TYPE=TASK or TASK="
                ))
            })?,
        };
        let list_at = match mf {
            None => task_at,
            Some(op) if op == word_operand("I") => task_at,
            Some(Operand::List(v)) if v.len() == 2 && v[0].eq_ignore_ascii_case("E") => {
                let (_, op) = all_consuming(operand)
                    .parse(&v[1])
                    .map_err(|_| asm("MF=(E,list): list not understood"))?;
                address(&op, syms, regs, s)?
            }
            Some(_) => return Err(asm("MF= must be I, L or (E,list)")),
        };
        let function =
            pad_field::<16>(&ty, CodePage::Ibm1047).map_err(|_| asm(format!("TYPE={ty}")))?;
        s.write(task_at + FUNCTION_AT, &function).map_err(abend)?;
        let mut addrs = vec![task_at + FUNCTION_AT];
        let mut slot = 0u64;
        let mut literal = |s: &mut Storage, bytes: &[u8]| -> Result<u64, EzasmiError> {
            if POOL_AT + (slot + 1) * SLOT > TASK_LEN {
                return Err(asm("too many literal operands"));
            }
            let at = task_at + POOL_AT + slot * SLOT;
            slot += 1;
            s.write(at, bytes).map_err(abend)?;
            Ok(at)
        };
        for p in list {
            let at = match (ops.get(p.kw), p.kind) {
                (None, _) => match p.default {
                    Some(bytes) => literal(s, bytes)?,
                    None => return Err(asm(format!("{}= is required for TYPE={ty}", p.kw))),
                },
                (Some(Operand::Quoted(name)), Kind::Named(names)) => {
                    let v = names(name).ok_or_else(|| {
                        asm(format!("{}='{name}' is not a value of {}=", p.kw, p.kw))
                    })??;
                    literal(s, &v.to_be_bytes())?
                }
                (Some(Operand::Quoted(_)), _) => {
                    return Err(asm(format!("{}= takes no quoted value", p.kw)));
                }
                (Some(Operand::Expr(e)), Kind::Half) if e.number().is_some() => {
                    let n = e.number().unwrap_or_default();
                    let h = u16::try_from(n)
                        .map_err(|_| asm(format!("{}={n} does not fit a halfword", p.kw)))?;
                    literal(s, &h.to_be_bytes())?
                }
                (Some(Operand::Expr(e)), Kind::Word | Kind::Named(_)) if e.number().is_some() => {
                    let n = e.number().unwrap_or_default();
                    let w = u32::try_from(n)
                        .map_err(|_| asm(format!("{}={n} does not fit a fullword", p.kw)))?;
                    literal(s, &w.to_be_bytes())?
                }
                (Some(op), _) => address(op, syms, regs, s)?,
            };
            addrs.push(at);
        }
        if with_results {
            for kw in ["ERRNO", "RETCODE"] {
                let op = ops
                    .get(kw)
                    .ok_or_else(|| asm(format!("{kw}= is required for TYPE={ty}")))?;
                if matches!(op, Operand::Quoted(_)) {
                    return Err(asm(format!("{kw}= must name a fullword")));
                }
                addrs.push(address(op, syms, regs, s)?);
            }
        }
        let mut bytes = Vec::with_capacity(addrs.len() * 4);
        for (i, a) in addrs.iter().enumerate() {
            let mut w = (a & ADDR31) as u32;
            if i + 1 == addrs.len() {
                w |= VL_BIT;
            }
            bytes.extend_from_slice(&w.to_be_bytes());
        }
        s.write(list_at, &bytes).map_err(abend)?;
        // The expansion's linkage: R1 at the list; R0, R14 and R15 are the macro's own.
        regs.gpr[1] = list_at;
        self.sessions
            .entry(task_at)
            .or_default()
            .call(regs, s, host)
            .map_err(|a| abend(a.fault))
    }
}

/// An operand that is one plain word, such as MF=L or ASYNC=NO.
fn word_operand(w: &str) -> Operand {
    Operand::Expr(Expr {
        terms: vec![(false, Term::Sym(w.into()))],
        base: None,
    })
}

fn abend(fault: Fault) -> EzasmiError {
    EzasmiError::Abend(Abend {
        entry: "EZASMI".into(),
        fault,
    })
}

fn reject_unknown(
    ops: &BTreeMap<String, Operand>,
    ty: &str,
    known: &[&str],
) -> Result<(), EzasmiError> {
    match ops.keys().find(|k| !known.contains(&k.as_str())) {
        Some(k) => Err(asm(format!("{k}= is not a keyword of TYPE={ty}"))),
        None => Ok(()),
    }
}

/// The address an operand names: the field itself, the address in a fullword, or a register.
fn address(op: &Operand, syms: &Symbols, regs: &Regs, s: &Storage) -> Result<u64, EzasmiError> {
    match op {
        Operand::Expr(e) => e.eval(syms, regs),
        Operand::Indirect(e) => {
            let at = e.eval(syms, regs)?;
            Ok(u64::from(s.read_u32(at).map_err(abend)?) & ADDR31)
        }
        Operand::Reg(r) if matches!(r, 0 | 1 | 14 | 15) => Err(asm(format!(
            "register {r} cannot be used: EZASMI uses 0, 1, 14 and 15"
        ))),
        Operand::Reg(r) => Ok(regs.gpr[usize::from(*r)] & ADDR31),
        Operand::Quoted(v) => Err(asm(format!("'{v}' is not an address"))),
        Operand::List(_) => Err(asm("a list is not an address")),
    }
}

/// TYPE=TASK: obtains and names the task storage area.
fn task(
    st: &Statement,
    ops: &mut BTreeMap<String, Operand>,
    syms: &mut Symbols,
    s: &mut Storage,
) -> Result<(), EzasmiError> {
    match ops.remove("STORAGE") {
        None => {}
        Some(op) if op == word_operand("CSECT") || op == word_operand("DSECT") => {}
        Some(_) => return Err(asm("STORAGE= must be CSECT or DSECT")),
    }
    reject_unknown(ops, "TASK", &[])?;
    let name = st.label.clone().unwrap_or_else(|| EZASMTIE.to_string());
    if syms.get(&name).is_some() {
        return Err(asm(format!("symbol {name} is already defined")));
    }
    let at = s.obtain(TASK_LEN, Loc::Below16M).map_err(abend)?;
    syms.define(&name, at);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operands_parse_as_hlasm_reads_them() {
        let st = statement(
            "         EZASMI TYPE=RECV,S=SOCKDESC+2,NBYTE=NETLENR,BUF=*NETIN,ERRNO=(5),RETCODE=0(R6) remark",
        )
        .unwrap();
        assert_eq!(st.label, None);
        let ops: Vec<&str> = st.operands.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(ops, ["TYPE", "S", "NBYTE", "BUF", "ERRNO", "RETCODE"]);
        assert_eq!(st.operands[4].1, Operand::Reg(5));
        assert!(matches!(st.operands[3].1, Operand::Indirect(_)));
        let st = statement("PLIST EZASMI MF=L").unwrap();
        assert_eq!(st.label.as_deref(), Some("PLIST"));
        let st = statement("EZASMI TYPE=IOCTL,COMMAND='SIOCGPARTNERINFO',MF=(E,PLIST)").unwrap();
        assert_eq!(st.operands[1].1, Operand::Quoted("SIOCGPARTNERINFO".into()));
        assert_eq!(
            st.operands[2].1,
            Operand::List(vec!["E".into(), "PLIST".into()])
        );
    }

    #[test]
    fn continuation_lines_join_at_column_16() {
        let first = format!(
            "{:<71}+",
            "         EZASMI TYPE=RECV,S=SOCKDESC+2,NBYTE=NETLENR,"
        );
        let src = format!("{first}\n               ERRNO=ERRCD,RETCODE=RETCD");
        assert_eq!(
            logical_line(&src),
            "         EZASMI TYPE=RECV,S=SOCKDESC+2,NBYTE=NETLENR,ERRNO=ERRCD,RETCODE=RETCD"
        );
    }

    #[test]
    fn malformed_statements_are_assembly_errors() {
        for bad in [
            "",
            "EZASMI",
            "EZASMI TYPE=",
            "EZASMI TYPE=IOCTL,,S=1",
            "EZASMI TYPE='X",
            "LABEL NOTEZA TYPE=IOCTL",
            "1BAD EZASMI TYPE=TASK",
        ] {
            assert!(
                matches!(statement(bad), Err(EzasmiError::Assembly(_))),
                "{bad:?}"
            );
        }
    }
}
