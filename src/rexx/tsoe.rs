//! The TSO/E external functions an exec running as a job can call besides OUTTRAP: MVSVAR,
//! SYSVAR and STORAGE (TSOREF "TSO/E external functions", `confirmed` for the argument names
//! and STORAGE's rules, `ikja300/mvsvarr.htm`, `ikja300/storge.htm`). A wrong argument is
//! REXX error 40, as for a built-in.
//!
//! Values IBM's pages describe but a model system does not have are the project's
//! (`reconstructed`), each said where it is set.

use crate::api::storage::Storage;

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
}
