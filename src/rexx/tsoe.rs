//! The TSO/E external functions an exec running as a job can call besides OUTTRAP and GETMSG:
//! MVSVAR, SYSVAR, STORAGE, MSG, PROMPT, SETLANG, and the rules of SYSDSN, LISTDSI and SYSCPUS
//! (which set variables, so `bif.rs` calls them) (TSOREF "TSO/E external functions",
//! `confirmed` for the argument names and STORAGE's rules, `ikja300/mvsvarr.htm`,
//! `ikja300/storge.htm`). A wrong argument is REXX error 40, as for a built-in.
//!
//! Values IBM's pages describe but a model system does not have are the project's
//! (`reconstructed`), each said where it is set.

use crate::api::storage::Storage;
use crate::sysplex::catalog::{DataSet, Dsorg, check_dsname, check_member};

use super::ast::Val;
use super::error::RexxError;

type R = Result<Option<Val>, RexxError>;

/// What MVSVAR and SYSVAR describe: the job's system and session.
pub struct Session<'a> {
    pub system: &'a str,
    pub sysplex: &'a str,
    pub user: &'a str,
    /// The exec's name (SYSICMD, the name it was invoked by).
    pub exec: &'a str,
}

fn bad(name: &str, sub: u32) -> RexxError {
    RexxError::new(40, sub, 0, vec![name.to_string()])
}

fn arg(args: &[Option<Val>], i: usize) -> Option<String> {
    args.get(i)
        .and_then(|a| a.as_deref())
        .map(|b| String::from_utf8_lossy(b).trim().to_ascii_uppercase())
}

fn count(name: &str, args: &[Option<Val>], min: usize, max: usize) -> Result<(), RexxError> {
    if args.len() > max {
        return Err(bad(name, 4));
    }
    if (0..min).any(|i| args.get(i).is_none_or(|a| a.is_none())) {
        return Err(bad(name, 3));
    }
    Ok(())
}

/// The z/OS level SYSOPSYS reports (`reconstructed`: a z/OS 3.1 system, in IBM's documented
/// form `z/OS vv.rr.mm FMID`).
const SYSOPSYS: &str = "z/OS 03.01.00 HBB77E0";

/// &SYSCLONE when IEASYMxx gives none: the last two characters of the system name
/// (`confirmed`, MVS Initialization and Tuning Reference, IEASYMxx SYSCLONE).
fn sysclone(system: &str) -> String {
    let n = system.chars().count();
    system.chars().skip(n.saturating_sub(2)).collect()
}

/// MVSVAR(arg_name [, symbol]).
pub fn mvsvar(s: &Session, args: &[Option<Val>]) -> R {
    count("MVSVAR", args, 1, 2)?;
    let name = arg(args, 0).unwrap_or_default();
    if name != "SYMDEF" && args.len() > 1 {
        return Err(bad("MVSVAR", 4));
    }
    let v: String = match name.as_str() {
        "SYSNAME" => s.system.into(),
        "SYSCLONE" => sysclone(s.system),
        "SYSPLEX" => s.sysplex.into(),
        // The system symbols the model defines; any other is undefined: a null string.
        "SYMDEF" => match arg(args, 1).ok_or_else(|| bad("MVSVAR", 3))?.as_str() {
            "SYSNAME" => s.system.into(),
            "SYSCLONE" => sysclone(s.system),
            "SYSPLEX" => s.sysplex.into(),
            _ => String::new(),
        },
        "SYSOPSYS" => SYSOPSYS.into(),
        // SMF's system ID: SMFPRMxx SID, here the system name (`reconstructed`).
        "SYSSMFID" => s.system.into(),
        // No APPC/MVS LU, no security label, no SMS in the model: the null string IBM
        // documents for information that is not available.
        "SYSAPPCLU" | "SYSSECLAB" | "SYSDFP" | "SYSMVS" | "SYSSMS" => String::new(),
        _ => return Err(bad("MVSVAR", 28)),
    };
    Ok(Some(Val::from(v.as_str())))
}

/// SYSVAR(arg_name): the user, exec and system items; an exec under a scenario job is a
/// background TSO/E session (IKJEFT01 in batch).
pub fn sysvar(s: &Session, args: &[Option<Val>]) -> R {
    count("SYSVAR", args, 1, 1)?;
    let v: String = match arg(args, 0).unwrap_or_default().as_str() {
        "SYSUID" => s.user.into(),
        // PROFILE PREFIX defaults to the user ID (`reconstructed` for a batch session).
        "SYSPREF" => s.user.into(),
        // 'INIT' for a batch job (`confirmed`, TSO/E REXX User's Guide, SYSVAR).
        "SYSPROC" => "INIT".into(),
        "SYSENV" => "BACK".into(),
        "SYSICMD" => s.exec.into(),
        "SYSISPF" => "NOT ACTIVE".into(),
        "SYSNEST" => "NO".into(),
        "SYSPCMD" | "SYSSCMD" | "SYSTERMID" | "SYSHSM" | "SYSNODE" => String::new(),
        // No terminal in the background (`reconstructed`: 0 lines and columns).
        "SYSLTERM" | "SYSWTERM" => "0".into(),
        "SYSPLANG" | "SYSSLANG" => "ENU".into(),
        "SYSDTERM" | "SYSKTERM" => "NO".into(),
        "SYSRACF" => "AVAILABLE".into(),
        // CPU and service units are not modelled (`reconstructed`).
        "SYSCPU" => "0.00".into(),
        "SYSSRV" => "0".into(),
        _ => return Err(bad("SYSVAR", 28)),
    };
    Ok(Some(Val::from(v.as_str())))
}

/// MSG([ON|OFF]) and PROMPT([ON|OFF]): the setting, and with an option the previous setting
/// as the option replaces it (TSOREF MSG and PROMPT, `confirmed`: `MSG('off')` returns `ON`
/// and inhibits TSO/E messages). MSG starts ON; PROMPT starts OFF, the EXEC command's
/// NOPROMPT default (`inferred`). Another option is error 40.
pub fn on_off(name: &str, setting: &mut bool, args: &[Option<Val>]) -> R {
    count(name, args, 0, 1)?;
    let was = if *setting { "ON" } else { "OFF" };
    match arg(args, 0).as_deref() {
        None => {}
        Some("ON") => *setting = true,
        Some("OFF") => *setting = false,
        Some(_) => return Err(bad(name, 28)),
    }
    Ok(Some(Val::from(was)))
}

/// SETLANG(`[langcode]`): the language REXX messages are in, and with a code the previous one
/// as the code replaces it (TSOREF SETLANG: a three-character language ID). Every session
/// starts in ENU, SYSVAR('SYSPLANG')'s value. The model has only the English message texts,
/// so any three letters are kept and returned and the messages stay English
/// (`reconstructed`: IBM's list of installed languages is not in our sources).
pub fn setlang(lang: &mut String, args: &[Option<Val>]) -> R {
    count("SETLANG", args, 0, 1)?;
    let was = lang.clone();
    if let Some(code) = arg(args, 0) {
        if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_alphabetic()) {
            return Err(bad("SETLANG", 28));
        }
        *lang = code;
    }
    Ok(Some(Val::from(was.as_str())))
}

/// A data-set-name argument as TSO/E takes it: in quotes, fully qualified; without, the
/// profile prefix (SYSVAR SYSPREF) goes in front (`confirmed`, TSO/E User's Guide, "Entering
/// data set names"). A member goes in parentheses after the name.
#[derive(Debug, PartialEq, Eq)]
pub enum DsnArg {
    Name {
        dsn: String,
        member: Option<String>,
    },
    Missing,
    /// Not a data set name: what was given, upper case.
    Invalid(String),
}

pub fn dsn_arg(given: &[u8], prefix: &str) -> DsnArg {
    let text = String::from_utf8_lossy(given).trim().to_ascii_uppercase();
    if text.is_empty() {
        return DsnArg::Missing;
    }
    let qualified = match text.strip_prefix('\'') {
        Some(rest) => match rest.strip_suffix('\'') {
            Some(inner) if !inner.contains('\'') => inner.to_owned(),
            _ => return DsnArg::Invalid(text),
        },
        None if text.contains('\'') => return DsnArg::Invalid(text),
        None if prefix.is_empty() => text.clone(),
        None => format!("{prefix}.{text}"),
    };
    let (dsn, member) = match qualified.strip_suffix(')').and_then(|q| q.split_once('(')) {
        Some((d, m)) => (d.to_owned(), Some(m.to_owned())),
        None => (qualified, None),
    };
    if check_dsname(&dsn).is_err() || member.as_deref().is_some_and(|m| check_member(m).is_err()) {
        return DsnArg::Invalid(text);
    }
    DsnArg::Name { dsn, member }
}

/// SYSDSN(dsname): `OK`, or why the data set (or member) cannot be used. The texts are TSO/E's
/// (`third-party`: the SYSDSN of BREXX/370, `mvslovers/brexx370` `src/rxmvs.c`, which returns
/// IBM's strings; the model has no password protection, volumes or enqueues, so PROTECTED
/// DATASET, VOLUME NOT ON SYSTEM, UNAVAILABLE DATASET and ERROR PROCESSING REQUESTED DATASET
/// never arise).
pub fn sysdsn(arg: DsnArg, lookup: impl FnOnce(&str) -> Option<DataSet>) -> String {
    let (dsn, member) = match arg {
        DsnArg::Missing => return "MISSING DATASET NAME".into(),
        DsnArg::Invalid(given) => return format!("INVALID DATASET NAME, {given}"),
        DsnArg::Name { dsn, member } => (dsn, member),
    };
    match (lookup(&dsn), member) {
        (None, _) => "DATASET NOT FOUND".into(),
        (Some(_), None) => "OK".into(),
        (Some(ds), Some(_)) if ds.dsorg != Dsorg::Po => {
            "MEMBER SPECIFIED, BUT DATASET IS NOT PARTITIONED".into()
        }
        (Some(ds), Some(m)) if ds.members.contains(&m) => "OK".into(),
        (Some(_), Some(_)) => "MEMBER NOT FOUND".into(),
    }
}

/// LISTDSI's answer: its function code and the variables it sets.
pub struct Listdsi {
    pub code: u32,
    pub vars: Vec<(&'static str, String)>,
}

/// LISTDSI reason codes (SYSREASON) the model gives (`reconstructed`: IBM's reason-code table
/// is not in our sources; these follow its common reading: 1 the request could not be
/// parsed, 2 dynamic allocation failed, 5 the data set is not catalogued).
const REASON_PARSE: u32 = 1;
const REASON_DYNALLOC: u32 = 2;
const REASON_NOT_CATALOGED: u32 = 5;

/// LISTDSI(request): `request` is a data set name, or a ddname and the word FILE, then
/// options (VOLUME(serial) or PREALLOC, DIRECTORY, MULTIVOL, RACF, RECALL, SMSINFO and their
/// NO forms). Function code 0 with the data set's attributes, or 16 with only SYSREASON set
/// (`confirmed` codes and meaning, `ikja300/ldsi.htm`; the variables and their values are
/// the CLIST ones, `ikjb800/a26230.htm`, `confirmed`). A job has no DD allocations of its
/// own, so the FILE form fails with dynamic allocation's reason. With DIRECTORY, a
/// partitioned data set's member count is in SYSMEMBERS (`unknown`: the name as the TSO/E
/// REXX Reference gives it, not in our stored sources).
pub fn listdsi(
    request: &[u8],
    prefix: &str,
    lookup: impl FnOnce(&str) -> Option<DataSet>,
) -> Listdsi {
    let fail = |reason: u32| Listdsi {
        code: 16,
        vars: vec![("SYSREASON", reason.to_string())],
    };
    let text = String::from_utf8_lossy(request).to_ascii_uppercase();
    let words: Vec<&str> = text.split_ascii_whitespace().collect();
    let Some(first) = words.first() else {
        return fail(REASON_PARSE);
    };
    let file = words.get(1) == Some(&"FILE");
    let mut directory = false;
    for w in &words[if file { 2 } else { 1 }..] {
        let known = matches!(
            *w,
            "PREALLOC"
                | "DIRECTORY"
                | "NODIRECTORY"
                | "MULTIVOL"
                | "NOMULTIVOL"
                | "RACF"
                | "NORACF"
                | "RECALL"
                | "NORECALL"
                | "SMSINFO"
                | "NOSMSINFO"
        ) || (w.starts_with("VOLUME(") && w.ends_with(')'));
        if !known {
            return fail(REASON_PARSE);
        }
        directory = match *w {
            "DIRECTORY" => true,
            "NODIRECTORY" => false,
            _ => directory,
        };
    }
    if file {
        return fail(REASON_DYNALLOC);
    }
    let dsn = match dsn_arg(first.as_bytes(), prefix) {
        DsnArg::Name { dsn, member: _ } => dsn,
        DsnArg::Missing | DsnArg::Invalid(_) => return fail(REASON_PARSE),
    };
    let Some(ds) = lookup(&dsn) else {
        return fail(REASON_NOT_CATALOGED);
    };
    let mut vars = vec![
        ("SYSDSNAME", ds.name.clone()),
        ("SYSVOLUME", ds.volume.clone()),
        ("SYSUNIT", ds.unit.clone()),
        ("SYSDSORG", ds.dsorg.to_string()),
        ("SYSRECFM", ds.recfm.clone()),
        ("SYSLRECL", ds.lrecl.to_string()),
        ("SYSBLKSIZE", ds.blksize.to_string()),
        ("SYSKEYLEN", ds.keylen.to_string()),
        ("SYSALLOC", ds.alloc.to_string()),
        ("SYSUSED", ds.used.to_string()),
        ("SYSREASON", "0".into()),
        ("SYSMSGLVL1", String::new()),
        ("SYSMSGLVL2", String::new()),
    ];
    if directory && ds.dsorg == Dsorg::Po {
        vars.push(("SYSMEMBERS", ds.members.len().to_string()));
    }
    Listdsi { code: 0, vars }
}

/// SYSCPUS's CPU serial: six hex digits, the CPU number then five from the system's name
/// (`reconstructed`: the model has no CPU IDs; the same system gives the same serials).
pub fn cpu_serial(system: &str, cpu: u32) -> String {
    // FNV-1a: any stable spread will do.
    let h = system.bytes().fold(0x811c_9dc5u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    });
    format!("{:X}{:05X}", cpu & 0xF, h & 0xF_FFFF)
}

/// A STORAGE address: 1-8 hex digits (31-bit), or 8-16 with an optional `_` before the last 8
/// (64-bit) (`confirmed`, storge.htm).
fn address(t: &str) -> Option<u64> {
    let hex = |h: &str| !h.is_empty() && h.bytes().all(|b| b.is_ascii_hexdigit());
    let digits = match t.split_once('_') {
        Some((hi, lo)) if lo.len() == 8 && hex(hi) && hex(lo) && hi.len() <= 8 => {
            format!("{hi}{lo}")
        }
        Some(_) => return None,
        None if hex(t) && t.len() <= 16 => t.to_string(),
        None => return None,
    };
    u64::from_str_radix(&digits, 16).ok()
}

/// STORAGE(address [, length [, data]]): `length` bytes (default 1) at `address` of the job's
/// emulated storage; with `data`, those bytes are returned and then `data` is written there,
/// all of it whatever the length. Storage that is not there, or that the exec may not change
/// (the system's PSA, CVT and ECVT), gives the null string and nothing is written
/// (`inferred`).
pub fn storage(st: &mut Storage, args: &[Option<Val>]) -> R {
    count("STORAGE", args, 1, 3)?;
    let at = address(&arg(args, 0).unwrap_or_default()).ok_or_else(|| bad("STORAGE", 11))?;
    let len = match arg(args, 1) {
        None => 1,
        Some(n) => n.parse::<u32>().map_err(|_| bad("STORAGE", 12))?,
    };
    let old = match st.read(at, u64::from(len)) {
        Ok(b) => b,
        Err(_) => return Ok(Some(Val::from(""))),
    };
    if let Some(data) = args.get(2).and_then(|a| a.as_deref())
        && st.write(at, data).is_err()
    {
        return Ok(Some(Val::from("")));
    }
    Ok(Some(Val::from(old)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_as_storge_htm_gives_them() {
        assert_eq!(address("10"), Some(0x10));
        assert_eq!(address("7FFFFFFF"), Some(0x7FFF_FFFF));
        assert_eq!(address("00000001_00000000"), Some(0x1_0000_0000));
        assert_eq!(address("1_0000000"), None);
        assert_eq!(address("G0"), None);
        assert_eq!(address(""), None);
        assert_eq!(address("12345678123456789"), None);
    }

    #[test]
    fn dsname_arguments_take_the_prefix_unless_quoted() {
        let name = |d: &str, m: Option<&str>| DsnArg::Name {
            dsn: d.into(),
            member: m.map(Into::into),
        };
        assert_eq!(
            dsn_arg(b"'sys1.parmlib'", "USER1"),
            name("SYS1.PARMLIB", None)
        );
        assert_eq!(
            dsn_arg(b"exec(trst)", "USER1"),
            name("USER1.EXEC", Some("TRST"))
        );
        assert_eq!(dsn_arg(b" ", "USER1"), DsnArg::Missing);
        assert_eq!(dsn_arg(b"'A.B", "U"), DsnArg::Invalid("'A.B".into()));
        assert_eq!(dsn_arg(b"'1A.B'", "U"), DsnArg::Invalid("'1A.B'".into()));
        assert_eq!(
            dsn_arg(b"'A.B(1X)'", "U"),
            DsnArg::Invalid("'A.B(1X)'".into())
        );
    }

    #[test]
    fn cpu_serials_are_stable_and_six_digits() {
        assert_eq!(cpu_serial("SYS1", 0), cpu_serial("SYS1", 0));
        assert_ne!(cpu_serial("SYS1", 0), cpu_serial("SYS2", 0));
        assert_eq!(cpu_serial("SYS1", 1).len(), 6);
    }
}
