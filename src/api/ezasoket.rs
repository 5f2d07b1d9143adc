//! EZASOKET, the sockets CALL interface: `CALL 'EZASOKET' USING SOC-FUNCTION parm... ERRNO
//! RETCODE`, R1 pointing at a list of fullword addresses with the VL bit on the last
//! (`docs/reference/call-conventions.md` §7.1: the call format `confirmed`, the byte level `inferred`).
//! RETCODE is the C-style result, -1 with ERRNO in TCPERRNO numbering on failure.
//!
//! The functions and their parameters (after SOC-FUNCTION, before ERRNO and RETCODE):
//! INITAPI MAXSOC IDENT SUBTASK MAXSNO (`confirmed`, E2); SOCKET AF SOCTYPE PROTO; BIND and
//! CONNECT S NAME (`confirmed`, hala001 cbindparaset/cconnparaset); LISTEN S BACKLOG; ACCEPT
//! S NAME; READ and WRITE S NBYTE BUF (READ `confirmed`, creadparaset); SEND and RECV S FLAGS
//! NBYTE BUF; CLOSE S; IOCTL S COMMAND REQARG RETARG (`confirmed`, E3); GETSOCKOPT and
//! SETSOCKOPT S OPTNAME OPTVAL OPTLEN, with no level: the option number says it; TERMAPI with
//! no other parameter. SOCKET, CONNECT, WRITE, CLOSE, INITAPI, RECV (S FLAGS NBYTE BUF) and
//! SETSOCKOPT (S OPTNAME OPTVAL OPTLEN) are so called in public customer COBOL programs
//! (`third-party`, repositories not identified); LISTEN, ACCEPT, SEND and GETSOCKOPT follow
//! the same pattern and IBM's C calls they stand for (`inferred`). S is a halfword; NAME is
//! FAMILY (halfword, 2 or 19), PORT, the address and the reserved bytes.
//!
//! Options are the SOL_SOCKET ones of [`super::sockopt`]. SO_CLUSTERCONNTYPE is EOPNOTSUPP
//! here: IBM's V1R12 presentation says it "is only supported in the TCP/IP C API and z/OS UNIX
//! System Services API" (`confirmed` for that release), and TCPERRNO 45 lists "GETSOCKOPT
//! option not supported by this API"; SIOCGPARTNERINFO gives the same routing bits through
//! IOCTL. RECV takes MSG_PEEK, MSG_WAITALL and MSG_DONTROUTE; MSG_OOB finds no urgent data
//! (the model carries none): EINVAL, as BSD answers (`inferred`); SEND with MSG_OOB, and any
//! other flag, is EOPNOTSUPP, TCPERRNO 45's "unsupported send/recv flags" (`confirmed`).
//!
//! TERMAPI closes the sockets the task opened through this interface and forgets the INITAPI
//! (`inferred`: it ends the session INITAPI began).
//!
//! INITAPI: MAXSOC from 50 (less is 50) to 65,535 (`confirmed`, cnitapiparaset); MAXSNO
//! returns the highest descriptor, MAXSOC-1. SOCKET before any INITAPI makes a default one
//! with MAXSOC 50 (`confirmed`, E4/E5). A descriptor at or above MAXSOC is EIBMSOCKOUTOFRANGE.
//!
//! What IBM has not published is the project's (`reconstructed`): an unknown or lower-case
//! SOC-FUNCTION gets RETCODE -1 and ERRNO EINVAL; IOCTL SIOCGPARTNERINFO takes the area from
//! REQARG, its length from PI_Buflen there, and returns it in RETARG.

use std::collections::BTreeSet;
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};

use crate::areas::Area;
use crate::areas::ioctl::{FIONBIO, FIONREAD, SIOCGPARTNERINFO, SIOCSPARTNERINFO};
use crate::areas::partnerinfo::SetPartnerInfoArg;
use crate::areas::sockopt::{
    MSG_DONTROUTE, MSG_OOB, MSG_PEEK, MSG_WAITALL, SO_CLUSTERCONNTYPE, SOL_SOCKET,
};
use crate::codepage::{CodePage, field_text};
use crate::errno::tcp_errno_named;
use crate::sysplex::{Family, SockType, SysplexError};

use crate::areas::plist::VL_BIT;

use super::bpx::{ADDR31, Abend, Regs};
use super::errors::{tcp_errno, tcp_fault};
use super::host::Host;
use super::sockopt;
use super::storage::{Fault, Storage};

/// MAXSOC's smallest and default value (`confirmed`).
pub const MAXSOC_MIN: u16 = 50;

/// One task's EZASOKET environment.
#[derive(Clone, Debug, Default)]
pub struct Ezasoket {
    /// MAXSOC of the INITAPI in force, if any.
    maxsoc: Option<u16>,
    /// Descriptors opened through this interface, closed by TERMAPI.
    open: BTreeSet<u32>,
}

/// A TCPERRNO by name (every name used here is in the table; a test checks).
fn tcp(name: &str) -> u32 {
    tcp_errno_named(name).map_or(0, |e| e.value)
}

/// The parameter addresses at R1, up to the one with the VL bit; a list that runs past the end
/// of obtained storage without one is a fault. At most 64 are read (`reconstructed`: no
/// function takes more).
fn vl_list(s: &Storage, r1: u64) -> Result<Vec<u64>, Fault> {
    let mut out = Vec::new();
    let mut at = r1 & ADDR31;
    loop {
        let w = s.read_u32(at)?;
        out.push(u64::from(w) & ADDR31);
        if w & VL_BIT != 0 || out.len() >= 64 {
            return Ok(out);
        }
        at += 4;
    }
}

impl Ezasoket {
    pub fn new() -> Ezasoket {
        Ezasoket::default()
    }

    /// `CALL 'EZASOKET'` with R1 in `regs`.
    pub fn call(
        &mut self,
        regs: &mut Regs,
        s: &mut Storage,
        host: &mut impl Host,
    ) -> Result<(), Abend> {
        let abend = |fault| Abend {
            entry: "EZASOKET".into(),
            fault,
        };
        let p = vl_list(s, regs.gpr[1]).map_err(abend)?;
        let name_bytes = s.read(p[0], 16).map_err(abend)?;
        let function = field_text(&name_bytes, CodePage::Ibm1047);
        if function == "TERMAPI" {
            self.maxsoc = None;
            for fd in std::mem::take(&mut self.open) {
                let _ = host.close(fd);
            }
            return Ok(());
        }
        if p.len() < 3 {
            return Err(abend(Fault::NotObtained {
                addr: regs.gpr[1],
                len: 12,
            }));
        }
        let (errno_at, retcode_at) = (p[p.len() - 2], p[p.len() - 1]);
        s.slice(errno_at, 4).map_err(abend)?;
        s.slice(retcode_at, 4).map_err(abend)?;
        let args = &p[1..p.len() - 2];
        let result = self.function(&function, args, s, host);
        match result {
            Ok(rc) => s.write_u32(retcode_at, rc as u32).map_err(abend)?,
            Err(errno) => {
                s.write_u32(errno_at, errno).map_err(abend)?;
                s.write_u32(retcode_at, u32::MAX).map_err(abend)?;
            }
        }
        Ok(())
    }

    fn function(
        &mut self,
        function: &str,
        a: &[u64],
        s: &mut Storage,
        host: &mut impl Host,
    ) -> Result<i32, u32> {
        let need = |n: usize| {
            if a.len() == n {
                Ok(())
            } else {
                Err(tcp("EINVAL"))
            }
        };
        let half = |s: &Storage, i: usize| s.read_u16(a[i]).map(u32::from).map_err(|_| tcp_fault());
        let word = |s: &Storage, i: usize| s.read_u32(a[i]).map_err(|_| tcp_fault());
        let model = |e: SysplexError| tcp_errno(&e);
        match function {
            "INITAPI" => {
                need(4)?;
                let maxsoc = (half(s, 0)? as u16).max(MAXSOC_MIN);
                self.maxsoc = Some(maxsoc);
                s.write_u32(a[3], u32::from(maxsoc) - 1)
                    .map_err(|_| tcp_fault())?;
                Ok(0)
            }
            "SOCKET" => {
                need(3)?;
                // The default INITAPI (`confirmed`, E4).
                self.maxsoc.get_or_insert(MAXSOC_MIN);
                let family = match word(s, 0)? {
                    2 => Family::Inet,
                    19 => Family::Inet6,
                    _ => return Err(tcp("EAFNOSUPPORT")),
                };
                let ty = match word(s, 1)? {
                    1 => SockType::Stream,
                    2 => SockType::Datagram,
                    // SOCK_RAW with PROTO, a superuser's (`src/sysplex/plex/raw.rs`).
                    3 => SockType::Raw(
                        u8::try_from(word(s, 2)?).map_err(|_| tcp("EPROTONOSUPPORT"))?,
                    ),
                    _ => return Err(tcp("EPROTOTYPE")),
                };
                let fd = host.socket(family, ty).map_err(model)?;
                self.opened(fd, host)
            }
            "BIND" | "CONNECT" => {
                need(2)?;
                let fd = half(s, 0)?;
                let addr = name(s, a[1])?;
                let r = if function == "BIND" {
                    host.bind(fd, addr)
                } else {
                    host.connect(fd, addr)
                };
                r.map(|()| 0).map_err(model)
            }
            "LISTEN" => {
                need(2)?;
                host.listen(half(s, 0)?, word(s, 1)?)
                    .map(|()| 0)
                    .map_err(model)
            }
            "ACCEPT" => {
                need(2)?;
                let (fd, peer) = host.accept(half(s, 0)?).map_err(model)?;
                if s.write(a[1], &name_bytes(peer)).is_err() {
                    let _ = host.close(fd);
                    return Err(tcp_fault());
                }
                self.opened(fd, host)
            }
            "READ" => {
                need(3)?;
                let (fd, n) = (half(s, 0)?, word(s, 1)?);
                s.slice(a[2], u64::from(n)).map_err(|_| tcp_fault())?;
                let data = host.recv(fd, n as usize, false).map_err(model)?;
                s.write(a[2], &data).map_err(|_| tcp_fault())?;
                Ok(data.len() as i32)
            }
            "RECV" => {
                need(4)?;
                let (fd, flags, n) = (half(s, 0)?, word(s, 1)?, word(s, 2)?);
                s.slice(a[3], u64::from(n)).map_err(|_| tcp_fault())?;
                let data = recv(host, fd, flags, n as usize)?;
                s.write(a[3], &data).map_err(|_| tcp_fault())?;
                Ok(data.len() as i32)
            }
            "SEND" => {
                need(4)?;
                let (fd, flags, n) = (half(s, 0)?, word(s, 1)?, word(s, 2)?);
                if flags & !MSG_DONTROUTE != 0 {
                    return Err(tcp("EOPNOTSUPP"));
                }
                let data = s.read(a[3], u64::from(n)).map_err(|_| tcp_fault())?;
                host.send(fd, &data).map(|n| n as i32).map_err(model)
            }
            "WRITE" => {
                need(3)?;
                let (fd, n) = (half(s, 0)?, word(s, 1)?);
                let data = s.read(a[2], u64::from(n)).map_err(|_| tcp_fault())?;
                host.send(fd, &data).map(|n| n as i32).map_err(model)
            }
            "CLOSE" => {
                need(1)?;
                let fd = half(s, 0)?;
                host.close(fd).map_err(model)?;
                self.open.remove(&fd);
                Ok(0)
            }
            "IOCTL" => {
                need(4)?;
                let (fd, cmd) = (half(s, 0)?, word(s, 1)?);
                self.ioctl(fd, cmd, a[2], a[3], s, host)
            }
            "GETSOCKOPT" | "SETSOCKOPT" => {
                need(4)?;
                let (fd, name) = (half(s, 0)?, word(s, 1)?);
                if name == SO_CLUSTERCONNTYPE {
                    return Err(tcp("EOPNOTSUPP"));
                }
                let opt = sockopt::option(SOL_SOCKET, name).ok_or_else(|| tcp("ENOPROTOOPT"))?;
                let model = |e: SysplexError| match e {
                    SysplexError::NoSuchOption(_) => tcp("ENOPROTOOPT"),
                    e => tcp_errno(&e),
                };
                if function == "GETSOCKOPT" {
                    let v = host.getsockopt(fd, opt).map_err(model)?;
                    let bytes = sockopt::encode(opt, &v, tcp_errno);
                    s.write(a[2], &bytes).map_err(|_| tcp_fault())?;
                    s.write_u32(a[3], bytes.len() as u32)
                        .map_err(|_| tcp_fault())?;
                } else {
                    let len = word(s, 3)?;
                    let bytes = s.slice(a[2], u64::from(len)).map_err(|_| tcp_fault())?;
                    let v = sockopt::decode(opt, bytes).ok_or_else(|| tcp("EINVAL"))?;
                    host.setsockopt(fd, opt, v).map_err(model)?;
                }
                Ok(0)
            }
            _ => Err(tcp("EINVAL")),
        }
    }

    /// A descriptor SOCKET or ACCEPT made: inside MAXSOC it is the call's result, beyond it
    /// the socket is closed again and the call fails with EIBMSOCKOUTOFRANGE.
    fn opened(&mut self, fd: u32, host: &mut impl Host) -> Result<i32, u32> {
        let maxsoc = *self.maxsoc.get_or_insert(MAXSOC_MIN);
        if fd >= u32::from(maxsoc) {
            let _ = host.close(fd);
            return Err(tcp("EIBMSOCKOUTOFRANGE"));
        }
        self.open.insert(fd);
        Ok(fd as i32)
    }

    fn ioctl(
        &mut self,
        fd: u32,
        cmd: u32,
        reqarg: u64,
        retarg: u64,
        s: &mut Storage,
        host: &mut impl Host,
    ) -> Result<i32, u32> {
        let model = |e: SysplexError| tcp_errno(&e);
        let fault = |_| tcp_fault();
        match cmd {
            SIOCGPARTNERINFO => {
                let buflen = s.read_u32(reqarg + 4).map_err(fault)?;
                let len = u64::from(buflen.max(8));
                let mut area = s.read(reqarg, len).map_err(fault)?;
                s.slice(retarg, len).map_err(fault)?;
                let r = host.siocgpartnerinfo(fd, &mut area);
                // RETARG gets the area whatever happened (PI_Buflen after ENOBUFS).
                s.write(retarg, &area).map_err(fault)?;
                r.map(|_| 0).map_err(model)
            }
            SIOCSPARTNERINFO => {
                let arg = s.slice(reqarg, 4).map_err(fault)?;
                let set = SetPartnerInfoArg::parse(arg).map_err(|_| tcp("EINVAL"))?;
                host.siocspartnerinfo(fd, set.reqtype).map_err(model)?;
                Ok(0)
            }
            FIONBIO => {
                let on = s.read_u32(reqarg).map_err(fault)? != 0;
                host.set_nonblocking(fd, on).map_err(model)?;
                Ok(0)
            }
            FIONREAD => {
                let n = host.fionread(fd).map_err(model)?;
                s.write_u32(retarg, n).map_err(fault)?;
                Ok(0)
            }
            _ => Err(tcp("EOPNOTSUPP")),
        }
    }
}

/// RECV with FLAGS (see the module's description).
fn recv(host: &mut impl Host, fd: u32, flags: u32, n: usize) -> Result<Vec<u8>, u32> {
    if flags & !(MSG_OOB | MSG_PEEK | MSG_DONTROUTE | MSG_WAITALL) != 0 {
        return Err(tcp("EOPNOTSUPP"));
    }
    if flags & MSG_OOB != 0 {
        return Err(tcp("EINVAL"));
    }
    let peek = flags & MSG_PEEK != 0;
    let mut data = host.recv(fd, n, peek).map_err(|e| tcp_errno(&e))?;
    if flags & MSG_WAITALL != 0 && !peek {
        // Until the count is met, the peer closes, or an error ends it after some data.
        while data.len() < n {
            match host.recv(fd, n - data.len(), false) {
                Ok(more) if more.is_empty() => break,
                Ok(more) => data.extend_from_slice(&more),
                Err(_) => break,
            }
        }
    }
    Ok(data)
}

/// A NAME: FAMILY halfword (2 or 19), PORT, then the IPv4 address and 8 reserved bytes, or
/// FLOWINFO, the IPv6 address and SCOPE-ID (`confirmed`, cbindparaset).
fn name(s: &Storage, at: u64) -> Result<SocketAddr, u32> {
    let fault = |_| tcp_fault();
    let family = s.read_u16(at).map_err(fault)?;
    let port = s.read_u16(at + 2).map_err(fault)?;
    match family {
        2 => {
            let ip = s.read_u32(at + 4).map_err(fault)?;
            Ok(SocketAddr::V4(SocketAddrV4::new(Ipv4Addr::from(ip), port)))
        }
        19 => {
            let flow = s.read_u32(at + 4).map_err(fault)?;
            let b = s.slice(at + 8, 16).map_err(fault)?;
            let mut ip = [0u8; 16];
            ip.copy_from_slice(b);
            let scope = s.read_u32(at + 24).map_err(fault)?;
            Ok(SocketAddr::V6(SocketAddrV6::new(
                Ipv6Addr::from(ip),
                port,
                flow,
                scope,
            )))
        }
        _ => Err(tcp("EAFNOSUPPORT")),
    }
}

fn name_bytes(a: SocketAddr) -> Vec<u8> {
    let mut out = Vec::new();
    match a {
        SocketAddr::V4(v4) => {
            out.extend_from_slice(&2u16.to_be_bytes());
            out.extend_from_slice(&v4.port().to_be_bytes());
            out.extend_from_slice(&v4.ip().octets());
            out.extend_from_slice(&[0; 8]);
        }
        SocketAddr::V6(v6) => {
            out.extend_from_slice(&19u16.to_be_bytes());
            out.extend_from_slice(&v6.port().to_be_bytes());
            out.extend_from_slice(&v6.flowinfo().to_be_bytes());
            out.extend_from_slice(&v6.ip().octets());
            out.extend_from_slice(&v6.scope_id().to_be_bytes());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_errno_name_used_is_in_the_table() {
        let src = include_str!("ezasoket.rs");
        let mut n = 0;
        for part in src.split("tcp(\"").skip(1) {
            let name = part.split('"').next().unwrap_or_default();
            assert!(tcp_errno_named(name).is_some(), "{name}");
            n += 1;
        }
        assert!(n >= 6, "{n}");
    }
}
