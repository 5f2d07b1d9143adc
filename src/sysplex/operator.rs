//! Operator commands, parsed with nom: START (S), STOP (P), MODIFY (F), DISPLAY (D) and
//! VARY (V) in the forms the model acts on (`docs/reference/operator.md` §2).
//!
//! The syntax is MVS's (`confirmed`, z/OS MVS System Commands): a verb, a blank, then
//! operands separated by commas with no blanks among them; a blank after the operands starts
//! a comment. The system takes a command in capitals, except what is quoted. A verb MVS does
//! not know is IEE305I; a known verb with operands it cannot take is IEE535I.

use nom::branch::alt;
use nom::bytes::complete::{tag, take_while_m_n, take_while1};
use nom::character::complete::{char, space0};
use nom::combinator::{all_consuming, map, opt, recognize, rest};
use nom::multi::separated_list1;
use nom::sequence::{delimited, preceded};
use nom::{IResult, Parser};

use super::messages::{self, Message};

/// A parsed operator command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OperCmd {
    /// `S proc[.id][,parms]`: the procedure, the job name it runs under (the identifier, else
    /// the procedure), and what follows the first comma (`PARM='-d 2'`), as it was written.
    Start {
        proc_: String,
        job: String,
        parms: Option<String>,
    },
    /// `P job`.
    Stop { job: String },
    /// `F job,parameters`: the parameters as written after the comma.
    Modify { job: String, parms: String },
    /// `D TCPIP,[proc],NETSTAT|N,report[,operands]`.
    DisplayNetstat {
        proc_: Option<String>,
        report: String,
        operands: Vec<String>,
    },
    /// `D A,L` (every job) or `D A,job`.
    DisplayActive { job: Option<String> },
    /// `V XCF,system,OFFLINE|ONLINE`.
    VaryXcf { system: String, online: bool },
}

/// Why a command was refused, as the console says it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CmdError {
    pub message: &'static Message,
    pub insert: String,
}

impl CmdError {
    /// The console's response line.
    pub fn response(&self) -> String {
        self.message.text(&[&self.insert])
    }
}

impl std::fmt::Display for CmdError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.response())
    }
}

type Res<'a, T> = IResult<&'a str, T>;

/// The verbs and their short forms (`confirmed`, z/OS MVS System Commands).
const VERBS: &[(&str, &str)] = &[
    ("S", "START"),
    ("START", "START"),
    ("P", "STOP"),
    ("STOP", "STOP"),
    ("F", "MODIFY"),
    ("MODIFY", "MODIFY"),
    ("D", "DISPLAY"),
    ("DISPLAY", "DISPLAY"),
    ("V", "VARY"),
    ("VARY", "VARY"),
];

/// An MVS name: 1 to 8 letters, digits or national characters (@ # $), not starting with a
/// digit (`confirmed`, z/OS MVS JCL Reference, "Job name").
fn mvs_name(i: &str) -> Res<'_, String> {
    let national = |c: char| c.is_ascii_alphanumeric() || matches!(c, '@' | '#' | '$');
    let (rest, name) = recognize((
        take_while_m_n(1, 1, |c: char| {
            c.is_ascii_alphabetic() || matches!(c, '@' | '#' | '$')
        }),
        take_while_m_n(0, 7, national),
    ))
    .parse(i)?;
    // A ninth name character is not a shorter name.
    if rest.starts_with(national) {
        return Err(nom::Err::Error(nom::error::Error::new(
            rest,
            nom::error::ErrorKind::TooLarge,
        )));
    }
    Ok((rest, name.to_owned()))
}

/// One operand: anything up to a comma or a blank, a quoted string kept whole.
fn operand(i: &str) -> Res<'_, String> {
    map(
        recognize(nom::multi::many1(alt((
            recognize(delimited(
                char('\''),
                opt(take_while1(|c| c != '\'')),
                char('\''),
            )),
            take_while1(|c: char| c != ',' && c != ' ' && c != '\''),
        )))),
        str::to_owned,
    )
    .parse(i)
}

fn start(i: &str) -> Res<'_, OperCmd> {
    map(
        (
            mvs_name,
            opt(preceded(char('.'), mvs_name)),
            opt(preceded(
                char(','),
                recognize(separated_list1(char(','), operand)),
            )),
        ),
        |(proc_, id, parms)| OperCmd::Start {
            job: id.unwrap_or_else(|| proc_.clone()),
            proc_,
            parms: parms.map(str::to_owned),
        },
    )
    .parse(i)
}

fn stop(i: &str) -> Res<'_, OperCmd> {
    map(mvs_name, |job| OperCmd::Stop { job }).parse(i)
}

fn modify(i: &str) -> Res<'_, OperCmd> {
    map(
        (mvs_name, preceded(char(','), rest)),
        |(job, parms): (String, &str)| OperCmd::Modify {
            job,
            parms: parms.trim_end().to_owned(),
        },
    )
    .parse(i)
}

fn display(i: &str) -> Res<'_, OperCmd> {
    alt((
        map(
            (
                tag("TCPIP,"),
                opt(mvs_name),
                char(','),
                alt((tag("NETSTAT"), tag("N"))),
                char(','),
                separated_list1(char(','), operand),
            ),
            |(_, proc_, _, _, _, mut ops)| OperCmd::DisplayNetstat {
                proc_,
                report: ops.remove(0),
                operands: ops,
            },
        ),
        map(
            preceded(tag("A"), opt(preceded(char(','), mvs_name))),
            |job| OperCmd::DisplayActive {
                job: job.filter(|j| j != "L" && j != "ALL"),
            },
        ),
    ))
    .parse(i)
}

fn vary(i: &str) -> Res<'_, OperCmd> {
    map(
        (
            tag("XCF,"),
            mvs_name,
            char(','),
            alt((tag("OFFLINE"), tag("ONLINE"))),
        ),
        |(_, system, _, state)| OperCmd::VaryXcf {
            system,
            online: state == "ONLINE",
        },
    )
    .parse(i)
}

/// Capitals outside quotes, as the console folds what is typed.
fn fold(text: &str) -> String {
    let mut quoted = false;
    text.chars()
        .map(|c| {
            if c == '\'' {
                quoted = !quoted;
            }
            if quoted { c } else { c.to_ascii_uppercase() }
        })
        .collect()
}

/// Parses one operator command.
pub fn parse(text: &str) -> Result<OperCmd, CmdError> {
    let folded = fold(text.trim());
    let (verb, operands) = match folded.split_once(' ') {
        Some((v, o)) => (v, o.trim_start()),
        None => (folded.as_str(), ""),
    };
    let Some(&(_, full)) = VERBS.iter().find(|(v, _)| *v == verb) else {
        return Err(CmdError {
            message: &messages::IEE305I,
            insert: verb.to_owned(),
        });
    };
    let bad = || CmdError {
        message: &messages::IEE535I,
        insert: full.to_owned(),
    };
    // MODIFY's parameters belong to the task and may hold blanks; elsewhere a blank after
    // the operands starts a comment.
    let operands = if full == "MODIFY" {
        operands
    } else {
        let mut quoted = false;
        let end = operands
            .find(|c| {
                quoted ^= c == '\'';
                c == ' ' && !quoted
            })
            .unwrap_or(operands.len());
        &operands[..end]
    };
    let parser = match full {
        "START" => start,
        "STOP" => stop,
        "MODIFY" => modify,
        "DISPLAY" => display,
        _ => vary,
    };
    all_consuming(delimited(space0, parser, space0))
        .parse(operands)
        .map(|(_, cmd)| cmd)
        .map_err(|_| bad())
}

/// Words of a MODIFY's parameters split at commas: `DEBUG=2` → `[("DEBUG", Some("2"))]`.
pub fn keywords(parms: &str) -> Vec<(String, Option<String>)> {
    parms
        .split(',')
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .map(|w| match w.split_once('=') {
            Some((k, v)) => (k.to_owned(), Some(v.to_owned())),
            None => (w.to_owned(), None),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> OperCmd {
        parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    #[test]
    fn the_forms_the_model_acts_on() {
        assert_eq!(
            ok("s dcas"),
            OperCmd::Start {
                proc_: "DCAS".into(),
                job: "DCAS".into(),
                parms: None
            }
        );
        assert_eq!(
            ok("S EZADCASP.DCAS,PARM='-d 2 -l SYSLOGD'"),
            OperCmd::Start {
                proc_: "EZADCASP".into(),
                job: "DCAS".into(),
                parms: Some("PARM='-d 2 -l SYSLOGD'".into())
            }
        );
        assert_eq!(ok("P DCAS"), OperCmd::Stop { job: "DCAS".into() });
        assert_eq!(
            ok("F DCAS,DEBUG=2"),
            OperCmd::Modify {
                job: "DCAS".into(),
                parms: "DEBUG=2".into()
            }
        );
        assert_eq!(
            ok("D TCPIP,TCPCS1,N,CONN,PORT=4000 a comment"),
            OperCmd::DisplayNetstat {
                proc_: Some("TCPCS1".into()),
                report: "CONN".into(),
                operands: vec!["PORT=4000".into()]
            }
        );
        assert_eq!(
            ok("D TCPIP,,NETSTAT,ALL"),
            OperCmd::DisplayNetstat {
                proc_: None,
                report: "ALL".into(),
                operands: vec![]
            }
        );
        assert_eq!(ok("D A,L"), OperCmd::DisplayActive { job: None });
        assert_eq!(ok("D A"), OperCmd::DisplayActive { job: None });
        assert_eq!(
            ok("d a,dcas"),
            OperCmd::DisplayActive {
                job: Some("DCAS".into())
            }
        );
        assert_eq!(
            ok("V XCF,SYS2,OFFLINE"),
            OperCmd::VaryXcf {
                system: "SYS2".into(),
                online: false
            }
        );
    }

    #[test]
    fn wrong_commands_get_the_consoles_messages() {
        for (text, response) in [
            ("SETDANNO", "IEE305I SETDANNO COMMAND INVALID"),
            ("", "IEE305I  COMMAND INVALID"),
            ("X DCAS", "IEE305I X COMMAND INVALID"),
            ("F DCAS", "IEE535I MODIFY INVALID PARAMETER"),
            ("P", "IEE535I STOP INVALID PARAMETER"),
            ("P TOOLONGNAME", "IEE535I STOP INVALID PARAMETER"),
            ("S 9DCAS", "IEE535I START INVALID PARAMETER"),
            ("D TCPIP", "IEE535I DISPLAY INVALID PARAMETER"),
            ("D Q", "IEE535I DISPLAY INVALID PARAMETER"),
            ("V XCF,SYS1,SIDEWAYS", "IEE535I VARY INVALID PARAMETER"),
            ("S DCAS,PARM='-d 2", "IEE535I START INVALID PARAMETER"),
        ] {
            assert_eq!(
                parse(text).map_err(|e| e.response()),
                Err(response.to_owned()),
                "{text:?}"
            );
        }
    }

    #[test]
    fn modify_keywords() {
        assert_eq!(
            keywords("DEBUG=2"),
            vec![("DEBUG".to_owned(), Some("2".to_owned()))]
        );
        assert_eq!(
            keywords("DEBUG,LEVEL=3"),
            vec![
                ("DEBUG".to_owned(), None),
                ("LEVEL".to_owned(), Some("3".to_owned()))
            ]
        );
    }
}
