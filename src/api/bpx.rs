//! z/OS UNIX callable services as a program calls them: registers, a parameter list in its
//! storage, results written back there. w_ioctl, BPX1IOC (AMODE 31) and BPX4IOC (AMODE 64),
//! `CALL BPX1IOC,(File_descriptor,Command,Argument_length,Argument,Return_value,Return_code,
//! Reason_code)` (`confirmed`, `docs/reference/call-conventions.md` §1-2), and the socket services a trusted
//! client and server need, with the parameters of IBM's "z/OS UNIX System Services
//! Programming: Assembler Callable Services Reference" (`confirmed`): socket (BPX1SOC: Domain,
//! Type, Protocol, Dimension, Socket_vector), bind and connect (BPX1BND, BPX1CON:
//! Socket_descriptor, Sockaddr_length, Sockaddr), listen (BPX1LSN: Socket_descriptor,
//! Backlog), accept (BPX1ACP: Socket_descriptor, Sockaddr_length, Sockaddr; Return_value the
//! new descriptor), read and write (BPX1RED, BPX1WRT: File_descriptor, Buffer_address,
//! Buffer_ALET, count; the address a doubleword for BPX4; Return_value the count), close
//! (BPX1CLO: File_descriptor) and getsockopt/setsockopt (BPX1OPT), each followed by
//! Return_value, Return_code and Reason_code. The read and write lists are IBM's for BPX1RED
//! (red.htm) and, by the same pattern, BPX1WRT (`inferred`).
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

use std::net::SocketAddr;

use crate::areas::Area;
use crate::areas::ioctl::{
    FIONBIO, FIONREAD, IOCC_ARG_MAX, IoctlCmd, SIOCGPARTNERINFO, SIOCSPARTNERINFO,
};
use crate::areas::partnerinfo::SetPartnerInfoArg;
use crate::areas::plist::{ParmList31, ParmList64, VL_BIT};
use crate::areas::sockaddr::{AF_INET, AF_INET6, SockaddrIn, SockaddrIn6};
use crate::areas::sockopt::{IPPROTO_TCP, SOL_SOCKET};
use crate::sysplex::{Family, SockType};

use super::errors::UnixError;
use super::host::Host;
use super::sockopt;
use super::storage::{Fault, Loc, Storage};

/// The addressing mode of the caller: BPX1xxx for 31, BPX4xxx for 64.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Amode {
    Amode31,
    Amode64,
}

impl Amode {
    /// Where a caller in this mode has its storage: below the 2 GB line, or above the bar.
    pub fn storage(self) -> Loc {
        match self {
            Amode::Amode31 => Loc::Below2G,
            Amode::Amode64 => Loc::Above2G,
        }
    }
}

/// The general registers at the call.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Regs {
    pub gpr: [u64; 16],
}

/// The call could not return: the program abends.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("ABEND S0C4 in {entry}: {fault}")]
pub struct Abend {
    /// The entry point called: BPX4IOC, EZASOKET, ...
    pub entry: String,
    pub fault: Fault,
}

/// The 31-bit address mask: the high-order bit of a fullword address is the VL bit.
pub(crate) const ADDR31: u64 = (!VL_BIT) as u64;

/// The bytes of a parameter list a caller in `amode` builds for `addrs`: fullwords with the
/// VL bit on the last, or doublewords ([`ParmList31`], [`ParmList64`]).
pub fn parm_list(amode: Amode, addrs: &[u64]) -> Vec<u8> {
    match amode {
        Amode::Amode31 => {
            ParmList31(addrs.iter().map(|a| (a & ADDR31) as u32).collect()).to_bytes()
        }
        Amode::Amode64 => ParmList64(addrs.to_vec()).to_bytes(),
    }
}

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

/// The callable services this module provides.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Service {
    /// w_ioctl (IOC).
    Ioctl,
    /// socket (SOC).
    Socket,
    /// bind (BND).
    Bind,
    /// listen (LSN).
    Listen,
    /// accept (ACP).
    Accept,
    /// connect (CON).
    Connect,
    /// read (RED).
    Read,
    /// write (WRT).
    Write,
    /// close (CLO).
    Close,
    /// getsockopt/setsockopt (OPT).
    Opt,
    /// bind2addrsel (BAS).
    Bind2AddrSel,
}

impl Service {
    pub const ALL: [Service; 11] = [
        Service::Ioctl,
        Service::Socket,
        Service::Bind,
        Service::Listen,
        Service::Accept,
        Service::Connect,
        Service::Read,
        Service::Write,
        Service::Close,
        Service::Opt,
        Service::Bind2AddrSel,
    ];

    /// The service a BPX1xxx or BPX4xxx name calls, and the caller's addressing mode.
    pub fn by_name(name: &str) -> Option<(Service, Amode)> {
        Service::ALL.iter().find_map(|s| {
            [Amode::Amode31, Amode::Amode64]
                .into_iter()
                .find(|a| s.name(*a).eq_ignore_ascii_case(name))
                .map(|a| (*s, a))
        })
    }

    /// The service's name for a caller in `amode`: BPX1xxx or BPX4xxx.
    pub fn name(self, amode: Amode) -> String {
        let code = match self {
            Service::Ioctl => "IOC",
            Service::Socket => "SOC",
            Service::Bind => "BND",
            Service::Listen => "LSN",
            Service::Accept => "ACP",
            Service::Connect => "CON",
            Service::Read => "RED",
            Service::Write => "WRT",
            Service::Close => "CLO",
            Service::Opt => "OPT",
            Service::Bind2AddrSel => "BAS",
        };
        let n = match amode {
            Amode::Amode31 => 1,
            Amode::Amode64 => 4,
        };
        format!("BPX{n}{code}")
    }
}

/// Runs one service: reads its `N` parameter addresses at R1, makes sure the last three
/// (Return_value, Return_code, Reason_code) can be stored into, runs `body`, and stores
/// Return_value, and Return_code and Reason_code when it failed.
fn call<const N: usize>(
    service: Service,
    amode: Amode,
    regs: &mut Regs,
    storage: &mut Storage,
    body: impl FnOnce(&mut Storage, &[u64; N]) -> Result<u32, UnixError>,
) -> Result<(), Abend> {
    let abend = |fault| Abend {
        entry: service.name(amode),
        fault,
    };
    let p: [u64; N] = plist(storage, amode, regs.gpr[1]).map_err(abend)?;
    for &out in &p[N - 3..] {
        storage.slice(out, 4).map_err(abend)?;
    }
    let (value, code) = match body(storage, &p) {
        Ok(v) => (v, None),
        Err(e) => (u32::MAX, Some(e)),
    };
    storage.write_u32(p[N - 3], value).map_err(abend)?;
    if let Some(e) = code {
        storage.write_u32(p[N - 2], e.errno).map_err(abend)?;
        storage.write_u32(p[N - 1], e.reason.0).map_err(abend)?;
    }
    Ok(())
}

/// Calls a service for a caller in `amode`, with R1 in `regs` pointing at the parameter list.
pub fn bpx(
    service: Service,
    amode: Amode,
    regs: &mut Regs,
    storage: &mut Storage,
    host: &mut impl Host,
) -> Result<(), Abend> {
    match service {
        Service::Ioctl => call::<7>(service, amode, regs, storage, |s, p| ioctl(s, host, p)),
        Service::Socket => call::<8>(service, amode, regs, storage, |s, p| socket(s, host, p)),
        Service::Bind | Service::Connect | Service::Bind2AddrSel => {
            call::<6>(service, amode, regs, storage, |s, p| {
                let fd = s.read_u32(p[0]).map_err(UnixError::fault)?;
                let addr = sockaddr_in(s, p[1], p[2])?;
                let r = match service {
                    Service::Bind => host.bind(fd, addr),
                    Service::Connect => host.connect(fd, addr),
                    _ => host.bind2addrsel(fd, addr),
                };
                r.map(|()| 0).map_err(|e| UnixError::from(&e))
            })
        }
        Service::Listen => call::<5>(service, amode, regs, storage, |s, p| {
            let fd = s.read_u32(p[0]).map_err(UnixError::fault)?;
            let backlog = s.read_u32(p[1]).map_err(UnixError::fault)?;
            host.listen(fd, backlog)
                .map(|()| 0)
                .map_err(|e| UnixError::from(&e))
        }),
        Service::Accept => call::<6>(service, amode, regs, storage, |s, p| {
            let fd = s.read_u32(p[0]).map_err(UnixError::fault)?;
            let room = s.read_u32(p[1]).map_err(UnixError::fault)?;
            let (new, peer) = host.accept(fd).map_err(|e| UnixError::from(&e))?;
            let bytes = sockaddr_bytes(peer);
            let n = bytes.len().min(room as usize);
            if n > 0 {
                s.write(p[2], &bytes[..n]).map_err(UnixError::fault)?;
            }
            s.write_u32(p[1], bytes.len() as u32)
                .map_err(UnixError::fault)?;
            Ok(new)
        }),
        Service::Read | Service::Write => call::<7>(service, amode, regs, storage, |s, p| {
            let fd = s.read_u32(p[0]).map_err(UnixError::fault)?;
            let buf = match amode {
                Amode::Amode31 => u64::from(s.read_u32(p[1]).map_err(UnixError::fault)?) & ADDR31,
                Amode::Amode64 => s.read_u64(p[1]).map_err(UnixError::fault)?,
            };
            let count = s.read_u32(p[3]).map_err(UnixError::fault)?;
            if service == Service::Read {
                s.slice(buf, u64::from(count)).map_err(UnixError::fault)?;
                let data = host
                    .recv(fd, count as usize, false)
                    .map_err(|e| UnixError::from(&e))?;
                s.write(buf, &data).map_err(UnixError::fault)?;
                Ok(data.len() as u32)
            } else {
                let data = s.read(buf, u64::from(count)).map_err(UnixError::fault)?;
                host.send(fd, &data)
                    .map(|n| n as u32)
                    .map_err(|e| UnixError::from(&e))
            }
        }),
        Service::Close => call::<4>(service, amode, regs, storage, |s, p| {
            let fd = s.read_u32(p[0]).map_err(UnixError::fault)?;
            host.close(fd).map(|()| 0).map_err(|e| UnixError::from(&e))
        }),
        Service::Opt => call::<9>(service, amode, regs, storage, |s, p| opt(s, host, p)),
    }
}

/// BPX1IOC (AMODE 31) or BPX4IOC (AMODE 64), with R1 in `regs`.
pub fn w_ioctl(
    amode: Amode,
    regs: &mut Regs,
    storage: &mut Storage,
    host: &mut impl Host,
) -> Result<(), Abend> {
    bpx(Service::Ioctl, amode, regs, storage, host)
}

/// socket (`confirmed`: Domain, Type, Protocol, Dimension, Socket_vector). AF_INET 2 and
/// AF_INET6 19 (`confirmed`), SOCK_STREAM 1, SOCK_DGRAM 2 and SOCK_RAW 3 with its protocol
/// (`third-party`; a raw socket is a superuser's, `src/sysplex/plex/raw.rs`); Dimension 1 is
/// socket, 2 socketpair (AF_UNIX only, which the model has not: EAFNOSUPPORT here,
/// `reconstructed`). The descriptor goes into the first fullword of Socket_vector.
fn socket(s: &mut Storage, host: &mut impl Host, p: &[u64; 8]) -> Result<u32, UnixError> {
    let word = |i: usize| s.read_u32(p[i]).map_err(UnixError::fault);
    let (domain, ty, protocol, dimension) = (word(0)?, word(1)?, word(2)?, word(3)?);
    let family = match domain {
        2 => Family::Inet,
        19 => Family::Inet6,
        _ => return Err(UnixError::named("EAFNOSUPPORT", "JROK")),
    };
    let no_protocol = || UnixError::named("EPROTONOSUPPORT", "JROK");
    let ty = match ty {
        1 | 2 => {
            let (ty, proto) = if ty == 1 {
                (SockType::Stream, 6)
            } else {
                (SockType::Datagram, 17)
            };
            if protocol != 0 && protocol != proto {
                return Err(no_protocol());
            }
            ty
        }
        3 => SockType::Raw(u8::try_from(protocol).map_err(|_| no_protocol())?),
        _ => return Err(UnixError::named("EPROTOTYPE", "JROK")),
    };
    if dimension != 1 {
        return Err(UnixError::named("EAFNOSUPPORT", "JROK"));
    }
    let fd = host.socket(family, ty).map_err(|e| UnixError::from(&e))?;
    s.write_u32(p[4], fd).map_err(UnixError::fault)?;
    Ok(0)
}

/// A sockaddr_in or sockaddr_in6 (the z/OS form, length and family bytes first) of
/// `len` bytes at `at`.
fn sockaddr_in(s: &Storage, len_at: u64, at: u64) -> Result<SocketAddr, UnixError> {
    let len = s.read_u32(len_at).map_err(UnixError::fault)?;
    let bytes = s.slice(at, u64::from(len)).map_err(UnixError::fault)?;
    let inval = || UnixError::named("EINVAL", "JRSocketCallParmError");
    match bytes.get(1) {
        Some(&AF_INET) => SockaddrIn::parse(bytes.get(..16).ok_or_else(inval)?)
            .map(|a| SocketAddr::V4(a.socket_addr()))
            .map_err(|_| inval()),
        Some(&AF_INET6) => SockaddrIn6::parse(bytes.get(..28).ok_or_else(inval)?)
            .map(|a| SocketAddr::V6(a.socket_addr()))
            .map_err(|_| inval()),
        _ => Err(UnixError::named("EAFNOSUPPORT", "JROK")),
    }
}

fn sockaddr_bytes(a: SocketAddr) -> Vec<u8> {
    match a {
        SocketAddr::V4(v4) => SockaddrIn::new(v4).to_bytes(),
        SocketAddr::V6(v6) => SockaddrIn6::new(v6).to_bytes(),
    }
}

/// getsockopt/setsockopt (`confirmed` parameters: Socket_descriptor, Operation, Level,
/// Option_name, Option_data_length, Option_data). Operation 1 is getsockopt, 2 setsockopt
/// (`third-party`, BPXYSOCK as copied in zowe-common-c `socketmgmt.c`). The options are those
/// of [`super::sockopt`]; an unknown level is ENOPROTOOPT with JRLevelNotSupp, an unknown
/// option ENOPROTOOPT with JROptNotSupp, a getsockopt buffer too small for the value EINVAL
/// with JRBuff, a setsockopt value too short EINVAL with JRInvParmLength, a get-only option
/// set ENOPROTOOPT with JRInvOpOpt (the reasons' texts fit; their use here is `inferred`).
/// Option_data_length returns the value's length.
fn opt(s: &mut Storage, host: &mut impl Host, p: &[u64; 9]) -> Result<u32, UnixError> {
    let word = |i: usize| s.read_u32(p[i]).map_err(UnixError::fault);
    let (fd, op, level, name, len) = (word(0)?, word(1)?, word(2)?, word(3)?, word(4)?);
    let model = |e: crate::sysplex::SysplexError| match e {
        crate::sysplex::SysplexError::NoSuchOption(_) => {
            UnixError::named("ENOPROTOOPT", "JRInvOpOpt")
        }
        e => UnixError::from(&e),
    };
    let Some(option) = sockopt::option(level, name) else {
        return Err(match level {
            SOL_SOCKET | IPPROTO_TCP => UnixError::named("ENOPROTOOPT", "JROptNotSupp"),
            _ => UnixError::named("ENOPROTOOPT", "JRLevelNotSupp"),
        });
    };
    match op {
        1 => {
            let v = host.getsockopt(fd, option).map_err(model)?;
            let bytes = sockopt::encode(option, &v, |e| UnixError::from(e).errno);
            if (len as usize) < bytes.len() {
                return Err(UnixError::named("EINVAL", "JRBuff"));
            }
            s.write(p[5], &bytes).map_err(UnixError::fault)?;
            s.write_u32(p[4], bytes.len() as u32)
                .map_err(UnixError::fault)?;
            Ok(0)
        }
        2 => {
            let bytes = s.slice(p[5], u64::from(len)).map_err(UnixError::fault)?;
            let v = sockopt::decode(option, bytes)
                .ok_or_else(|| UnixError::named("EINVAL", "JRInvParmLength"))?;
            host.setsockopt(fd, option, v).map_err(model)?;
            Ok(0)
        }
        _ => Err(UnixError::named("EINVAL", "JRInvalidParms")),
    }
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
    let fixed = IoctlCmd(cmd).length();
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
        _ => Err(UnixError::named("EINVAL", "JRInvIoctlCmd")),
    }
}

#[cfg(test)]
mod tests {
    use crate::errno::{jr_code_named, unix_errno_named};

    #[test]
    fn every_name_the_services_use_is_known() {
        let src = include_str!("bpx.rs");
        let mut n = 0;
        for part in src.split("UnixError::named(\"").skip(1) {
            let mut it = part.split('"');
            let errno = it.next().unwrap_or_default();
            let jr = it.nth(1).unwrap_or_default();
            assert!(unix_errno_named(errno).is_some(), "{errno}");
            assert!(jr_code_named(jr).is_some(), "{jr}");
            n += 1;
        }
        assert!(n >= 10, "{n}");
    }
}
