//! z/OS UNIX callable services as a program calls them: registers, a parameter list in its
//! storage, results written back there. So far w_ioctl: BPX1IOC (AMODE 31) and BPX4IOC
//! (AMODE 64), `CALL BPX1IOC,(File_descriptor,Command,Argument_length,Argument,Return_value,
//! Return_code,Reason_code)` (`confirmed`, `call-conventions.md` §1-2).
//!
//! Linkage (`confirmed`, B3): R1 holds the address of the list; a 31-bit list holds fullword
//! addresses, the last with its high-order bit on; a 64-bit list holds doubleword addresses
//! with no end marker. GPRs 2-13 are as they were on return. w_ioctl has a fixed seven
//! parameters, so the service reads seven addresses and strips the high-order bit from 31-bit
//! ones without requiring it on the last (`inferred`: the VL bit matters to services whose
//! lists vary in length).
//!
//! When the list itself, or one of the three words that carry the result, is not in obtained
//! storage, the service cannot report anything: the program abends with a protection
//! exception, S0C4 (`reconstructed` as the emulator's answer). Any other bad address is EFAULT
//! with JRBadAddress.

use crate::areas::ioctl::{FIONBIO, FIONREAD, IOCC_ARG_MAX, SIOCGPARTNERINFO, SIOCSPARTNERINFO};
use crate::areas::partnerinfo::SetPartnerInfoArg;

use super::errors::UnixError;
use super::host::Host;
use super::storage::{Fault, Storage};

/// The addressing mode of the caller: BPX1xxx for 31, BPX4xxx for 64.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Amode {
    Amode31,
    Amode64,
}

/// The general registers at the call.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Regs {
    pub gpr: [u64; 16],
}

/// The call could not return: the program abends.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("ABEND S0C4 in {service}: {fault}")]
pub struct Abend {
    pub service: &'static str,
    pub fault: Fault,
}

/// The 31-bit address mask: the high-order bit of a fullword address is the VL bit.
const ADDR31: u64 = 0x7FFF_FFFF;

/// The addresses of a fixed-length parameter list at R1.
fn plist<const N: usize>(s: &Storage, amode: Amode, r1: u64) -> Result<[u64; N], Fault> {
    let mut out = [0u64; N];
    match amode {
        Amode::Amode31 => {
            let list = s.slice(r1 & ADDR31, 4 * N as u64)?;
            for (a, w) in out.iter_mut().zip(list.chunks_exact(4)) {
                *a = u64::from(u32::from_be_bytes([w[0], w[1], w[2], w[3]])) & ADDR31;
            }
        }
        Amode::Amode64 => {
            let list = s.slice(r1, 8 * N as u64)?;
            for (a, d) in out.iter_mut().zip(list.chunks_exact(8)) {
                let mut b = [0u8; 8];
                b.copy_from_slice(d);
                *a = u64::from_be_bytes(b);
            }
        }
    }
    Ok(out)
}

/// BPX1IOC (AMODE 31) or BPX4IOC (AMODE 64), with R1 in `regs`.
pub fn w_ioctl(
    amode: Amode,
    regs: &mut Regs,
    storage: &mut Storage,
    host: &mut impl Host,
) -> Result<(), Abend> {
    let service = match amode {
        Amode::Amode31 => "BPX1IOC",
        Amode::Amode64 => "BPX4IOC",
    };
    let abend = |fault| Abend { service, fault };
    let p: [u64; 7] = plist(storage, amode, regs.gpr[1]).map_err(abend)?;
    for &out in &p[4..] {
        storage.slice(out, 4).map_err(abend)?;
    }
    let result = ioctl(storage, host, &p);
    let (value, code) = match result {
        Ok(v) => (v, None),
        Err(e) => (u32::MAX, Some(e)),
    };
    storage.write_u32(p[4], value).map_err(abend)?;
    if let Some(e) = code {
        storage.write_u32(p[5], e.errno).map_err(abend)?;
        storage.write_u32(p[6], e.reason.0).map_err(abend)?;
    }
    Ok(())
}

/// The ioctl itself: Return_value on success, else the errno and reason.
fn ioctl(s: &mut Storage, host: &mut impl Host, p: &[u64; 7]) -> Result<u32, UnixError> {
    let fd = s.read_u32(p[0]).map_err(UnixError::fault)?;
    let cmd = s.read_u32(p[1]).map_err(UnixError::fault)?;
    let arglen = s.read_u32(p[2]).map_err(UnixError::fault)?;
    if arglen > IOCC_ARG_MAX {
        return Err(UnixError::named("EINVAL", "JRInvParmLength"));
    }
    if ![SIOCGPARTNERINFO, SIOCSPARTNERINFO, FIONBIO, FIONREAD].contains(&cmd) {
        return Err(UnixError::named("EINVAL", "JRInvIoctlCmd"));
    }
    // A command that carries its argument's length needs at least that many bytes
    // (`reconstructed`).
    let fixed = (cmd >> 16) & 0x1FFF;
    if fixed != 0 && arglen < fixed {
        return Err(UnixError::named("EINVAL", "JRInvParmLength"));
    }
    let model = |e: crate::sysplex::SysplexError| UnixError::from(&e);
    match cmd {
        SIOCGPARTNERINFO => {
            let area: &mut [u8] = if arglen == 0 {
                &mut []
            } else {
                s.slice_mut(p[3], u64::from(arglen))
                    .map_err(UnixError::fault)?
            };
            host.siocgpartnerinfo(fd, area).map_err(model)?;
            Ok(0)
        }
        SIOCSPARTNERINFO => {
            let arg = s.slice(p[3], 4).map_err(UnixError::fault)?;
            let set = SetPartnerInfoArg::parse(arg)
                .map_err(|_| UnixError::named("EINVAL", "JRInvalidParms"))?;
            host.siocspartnerinfo(fd, set.reqtype).map_err(model)?;
            Ok(0)
        }
        FIONBIO => {
            let on = s.read_u32(p[3]).map_err(UnixError::fault)? != 0;
            host.set_nonblocking(fd, on).map_err(model)?;
            Ok(0)
        }
        FIONREAD => {
            let n = host.fionread(fd).map_err(model)?;
            s.write_u32(p[3], n).map_err(UnixError::fault)?;
            Ok(0)
        }
        _ => unreachable!("the command was checked above"),
    }
}
