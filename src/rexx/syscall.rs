//! ADDRESS SYSCALL: the z/OS UNIX syscall commands an exec uses on its socket descriptors
//! (Using REXX and z/OS UNIX System Services). `call syscalls 'ON'` establishes the
//! environment; each command sets RETVAL (the service's return value, -1 on failure), ERRNO
//! and ERRNOJR (the z/OS UNIX errno and reason code in hexadecimal, as execs print them:
//! `81 594003D` for ENOENT, `third-party`). These are z/OS UNIX numbers: the commands call
//! the BPX services.
//!
//! Commands: `read fd variable length`, `write fd variable [length]`, `close fd`,
//! `f_getfl fd`, `f_setfl fd flags` (O_NONBLOCK X'04', O_RDWR X'03': `third-party`,
//! golang/sys `zerrors_zos_s390x.go`) and `w_ioctl fd command arglen argument`, the argument
//! variable passed in and read back (`inferred` operand order, BPX1IOC's). RC is 0 when the
//! command ran, -20 for a command the environment does not know and -2n when operand n is
//! wrong (`inferred`), -3 when the environment is not established.

use super::ast::Val;
use super::error::RexxError;
use super::interp::{Act, Interp};

type R<T> = Result<T, RexxError>;

/// What a syscall command asks of the host: its name, its numeric operands in order, and the
/// bytes of its variable operand (read: filled; write and w_ioctl: given, w_ioctl: changed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyscallCmd {
    pub name: &'static str,
    pub nums: Vec<i64>,
    pub data: Vec<u8>,
}

/// A syscall command's outcome: RETVAL, ERRNO and ERRNOJR.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Syscall {
    pub retval: i64,
    pub errno: u32,
    pub errnojr: u32,
}

/// Each command: its name, its operands (`n` a number, `v` a variable, `o` an optional
/// number).
const COMMANDS: &[(&str, &str)] = &[
    ("read", "nvn"),
    ("write", "nvo"),
    ("close", "n"),
    ("f_getfl", "n"),
    ("f_setfl", "nn"),
    ("w_ioctl", "nnnv"),
];

impl Interp<'_> {
    pub(crate) fn syscall(&mut self, act: &mut Act, cmd: &[u8]) -> R<i64> {
        let text = String::from_utf8_lossy(cmd).into_owned();
        let words: Vec<&str> = text.split_whitespace().collect();
        let Some(first) = words.first() else {
            return Ok(-20);
        };
        let lower = first.to_ascii_lowercase();
        let Some(&(name, shape)) = COMMANDS.iter().find(|(n, _)| *n == lower) else {
            return Ok(-20);
        };
        let operands = &words[1..];
        let required = shape.bytes().filter(|b| *b != b'o').count();
        if operands.len() < required {
            return Ok(-20 - operands.len() as i64 - 1);
        }
        if operands.len() > shape.len() {
            return Ok(-20 - shape.len() as i64 - 1);
        }
        let mut nums = Vec::new();
        let mut var = None;
        for (i, (w, kind)) in operands.iter().zip(shape.bytes()).enumerate() {
            if kind == b'v' {
                var = Some(self.target_of(w));
            } else {
                match w.parse::<i64>() {
                    Ok(n) => nums.push(n),
                    Err(_) => return Ok(-20 - i as i64 - 1),
                }
            }
        }
        let data = match &var {
            Some(t) if name != "read" => match self.lookup(act, t) {
                Some(v) => v.to_vec(),
                None => self.derived_name(act, t),
            },
            _ => Vec::new(),
        };
        let mut c = SyscallCmd { name, nums, data };
        let Some(r) = self.host.syscall(&mut c) else {
            return Ok(-3);
        };
        if let Some(t) = var
            && (name == "read" || name == "w_ioctl")
            && r.retval >= 0
        {
            self.assign(act, &t, Val::from(c.data))?;
        }
        let set = |me: &mut Self, act: &Act, n: &str, v: String| -> R<()> {
            let t = me.target_of(n);
            me.assign(act, &t, Val::from(v.as_str()))
        };
        set(self, act, "RETVAL", r.retval.to_string())?;
        set(self, act, "ERRNO", format!("{:X}", r.errno))?;
        set(self, act, "ERRNOJR", format!("{:X}", r.errnojr))?;
        Ok(0)
    }
}
