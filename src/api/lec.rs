//! LE C, as a C program on z/OS calls it: `ioctl(fd, cmd, arg)`, `w_ioctl(fd, cmd, arglen,
//! arg)`, `getsockopt(...)` and `setsockopt(...)` with `arg` an address in the program's storage, returning 0 or
//! -1 with `errno` in z/OS UNIX numbering and `__errno2()` the reason code (`confirmed`:
//! `docs/reference/trusted-tcp.md` §8.1, `docs/reference/call-conventions.md` §1, B5).
//!
//! The run-time library does what LE does: it calls the callable service (BPX1IOC/BPX4IOC,
//! BPX1OPT/BPX4OPT) with a parameter list in its own storage, and copies Return_code to
//! `errno` and Reason_code to `__errno2()`. `ioctl()` takes the argument's length from the
//! command word, so SIOCGPARTNERINFO (length 0 in its word) needs `w_ioctl()`, as IBM says;
//! through `ioctl()` it gets an empty area and EINVAL.
//!
//! `w_ioctl()`'s arglen is 0 to 50,000, the range IBM's C library page gives; the callable
//! service itself takes up to 51,200. IBM's two pages disagree and nothing says what the
//! library does between them, so this library refuses 50,001 to 51,200 itself
//! (`reconstructed`), with JRInvParmLength.

use crate::areas::ioctl::IoctlCmd;

use super::bpx::{Abend, Amode, Regs, Service, bpx, parm_list};
use super::errors::UnixError;
use super::host::Host;
use super::storage::{Fault, Storage};

/// The largest arglen `w_ioctl()` takes (`confirmed`, B5: "0 ~ 50,000").
pub const W_IOCTL_ARG_MAX: u32 = 50_000;

/// The C run-time library of one program: its storage (shared with the program), `errno` and
/// `__errno2()`.
pub struct LeC {
    pub storage: Storage,
    pub amode: Amode,
    errno: u32,
    errno2: u32,
    /// The library's own area for parameter words and lists.
    work: Option<u64>,
}

/// Parameter words (up to 9 fullwords) and a list of up to 9 doublewords.
const WORK_LEN: u64 = 9 * 4 + 9 * 8;

impl LeC {
    pub fn new(amode: Amode) -> LeC {
        LeC {
            storage: Storage::new(),
            amode,
            errno: 0,
            errno2: 0,
            work: None,
        }
    }

    /// `errno` after the last call that failed.
    pub fn errno(&self) -> u32 {
        self.errno
    }

    /// `__errno2()`: the reason code of the last call that failed.
    pub fn errno2(&self) -> u32 {
        self.errno2
    }

    fn fail(&mut self, e: UnixError) -> i32 {
        self.errno = e.errno;
        self.errno2 = e.reason.0;
        -1
    }

    /// Calls `service` with `parms` and then Return_value, Return_code and Reason_code, all
    /// laid out in the library's own area; gives Return_value and keeps errno and errno2.
    fn call(
        &mut self,
        host: &mut impl Host,
        service: Service,
        parms: &[Parm],
    ) -> Result<i32, Abend> {
        let loc = self.amode.storage();
        let entry = service.name(self.amode);
        let abend = |fault: Fault| Abend {
            entry: entry.clone(),
            fault,
        };
        let work = match self.work {
            Some(w) => w,
            None => {
                let w = self.storage.obtain(WORK_LEN, loc).map_err(abend)?;
                self.work = Some(w);
                w
            }
        };
        let n = parms.len() + 3;
        let list_at = work + 9 * 4;
        let mut addrs = Vec::with_capacity(n);
        for (i, p) in parms.iter().chain(&[Parm::Word(0); 3]).enumerate() {
            let word_at = work + 4 * i as u64;
            addrs.push(match *p {
                Parm::Word(w) => {
                    self.storage.write_u32(word_at, w).map_err(abend)?;
                    word_at
                }
                Parm::At(a) => a,
            });
        }
        self.storage
            .write(list_at, &parm_list(self.amode, &addrs))
            .map_err(abend)?;
        let mut regs = Regs::default();
        regs.gpr[1] = list_at;
        bpx(service, self.amode, &mut regs, &mut self.storage, host)?;
        let word = |i: usize| self.storage.read_u32(work + 4 * i as u64).map_err(abend);
        let rv = word(n - 3)? as i32;
        if rv == -1 {
            self.errno = word(n - 2)?;
            self.errno2 = word(n - 1)?;
        }
        Ok(rv)
    }

    /// `w_ioctl(fd, cmd, arglen, arg)`: `arg` is the address of `arglen` bytes.
    pub fn w_ioctl(
        &mut self,
        host: &mut impl Host,
        fd: u32,
        cmd: u32,
        arglen: u32,
        arg: u64,
    ) -> Result<i32, Abend> {
        if arglen > W_IOCTL_ARG_MAX {
            return Ok(self.fail(UnixError::named("EINVAL", "JRInvParmLength")));
        }
        let parms = [
            Parm::Word(fd),
            Parm::Word(cmd),
            Parm::Word(arglen),
            Parm::At(arg),
        ];
        self.call(host, Service::Ioctl, &parms)
    }

    /// `ioctl(fd, cmd, arg)`: the length is the one in the command word.
    pub fn ioctl(
        &mut self,
        host: &mut impl Host,
        fd: u32,
        cmd: u32,
        arg: u64,
    ) -> Result<i32, Abend> {
        self.w_ioctl(host, fd, cmd, IoctlCmd(cmd).length(), arg)
    }

    /// `getsockopt(fd, level, name, optval, optlen)`: `optval` and `optlen` are addresses;
    /// `*optlen` is updated.
    pub fn getsockopt(
        &mut self,
        host: &mut impl Host,
        fd: u32,
        level: u32,
        name: u32,
        optval: u64,
        optlen: u64,
    ) -> Result<i32, Abend> {
        let parms = [
            Parm::Word(fd),
            Parm::Word(1),
            Parm::Word(level),
            Parm::Word(name),
            Parm::At(optlen),
            Parm::At(optval),
        ];
        self.call(host, Service::Opt, &parms)
    }

    /// `setsockopt(fd, level, name, optval, optlen)`: `optval` is the address of `optlen`
    /// bytes.
    pub fn setsockopt(
        &mut self,
        host: &mut impl Host,
        fd: u32,
        level: u32,
        name: u32,
        optval: u64,
        optlen: u32,
    ) -> Result<i32, Abend> {
        let parms = [
            Parm::Word(fd),
            Parm::Word(2),
            Parm::Word(level),
            Parm::Word(name),
            Parm::Word(optlen),
            Parm::At(optval),
        ];
        self.call(host, Service::Opt, &parms)
    }
}

/// A parameter the library passes: a value it stores in its own area, or the address of
/// the caller's storage.
#[derive(Clone, Copy, Debug)]
enum Parm {
    Word(u32),
    At(u64),
}
