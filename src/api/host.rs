//! What an entry point needs from the sysplex, seen from the calling task: the socket calls,
//! blocking where z/OS blocks. Under the scheduler a task's [`TaskCtx`] is the host; a program
//! driving the model alone uses [`Direct`], which moves the clock itself while a call waits.

use std::net::{IpAddr, SocketAddr};

use crate::areas::partnerinfo::{CredFlags, PiReqType};
use crate::sysplex::sched::TaskCtx;
use crate::sysplex::{
    ClientId, Family, OptValue, PiOutcome, Shutdown, SockOpt, SockType, Sysplex, SysplexError,
    TaskId, Topology,
};

type R<T> = Result<T, SysplexError>;

/// The socket calls the entry points make for their caller.
pub trait Host {
    fn socket(&mut self, family: Family, ty: SockType) -> R<u32>;
    fn bind(&mut self, fd: u32, addr: SocketAddr) -> R<()>;
    fn listen(&mut self, fd: u32, backlog: u32) -> R<()>;
    fn connect(&mut self, fd: u32, to: SocketAddr) -> R<()>;
    fn accept(&mut self, fd: u32) -> R<(u32, SocketAddr)>;
    /// RECV: up to `max` bytes, empty at end of file; with `peek` (MSG_PEEK) the data stays.
    fn recv(&mut self, fd: u32, max: usize, peek: bool) -> R<Vec<u8>>;
    fn send(&mut self, fd: u32, data: &[u8]) -> R<usize>;
    fn close(&mut self, fd: u32) -> R<()>;
    fn set_nonblocking(&mut self, fd: u32, on: bool) -> R<()>;
    fn fionread(&mut self, fd: u32) -> R<u32>;
    fn siocspartnerinfo(&mut self, fd: u32, reqtype: PiReqType) -> R<()>;
    fn getsockopt(&mut self, fd: u32, opt: SockOpt) -> R<OptValue>;
    fn setsockopt(&mut self, fd: u32, opt: SockOpt, v: OptValue) -> R<()>;
    fn getsockname(&mut self, fd: u32) -> R<SocketAddr>;
    fn getpeername(&mut self, fd: u32) -> R<SocketAddr>;
    fn shutdown(&mut self, fd: u32, how: Shutdown) -> R<()>;
    /// FIONBIO's setting.
    fn is_nonblocking(&mut self, fd: u32) -> R<bool>;
    /// SIOCGPARTNERINFO on the caller's area, waiting for the XCF answer when it must.
    fn siocgpartnerinfo(&mut self, fd: u32, area: &mut [u8]) -> R<CredFlags>;
    /// SENDTO and RECVFROM (datagram sockets; a stream socket's RECVFROM names its peer).
    fn sendto(&mut self, fd: u32, data: &[u8], to: SocketAddr) -> R<usize>;
    fn recvfrom(&mut self, fd: u32, max: usize) -> R<(Vec<u8>, SocketAddr)>;
    /// SELECT: the ready descriptors of each list, waiting up to `timeout_us` (forever when
    /// `None`).
    fn select(&mut self, sets: &Ready, timeout_us: Option<u64>) -> R<Ready>;
    /// GIVESOCKET of `fd`, which the taker names `named` (the giver's API's number for it).
    /// bind2addrsel: bind to the source address for a destination.
    fn bind2addrsel(&mut self, fd: u32, dst: SocketAddr) -> R<()>;
    /// The job's interfaces (name, address), for the SIOCGIF ioctls.
    fn interfaces(&mut self) -> Vec<(String, IpAddr)>;
    fn givesocket(&mut self, fd: u32, to: ClientId, named: u32) -> R<()>;
    /// TAKESOCKET of descriptor `fd` that job `from` gave; `subtask` is the taker's.
    fn takesocket(&mut self, subtask: &str, from: &str, fd: u32) -> R<u32>;
    /// The resolver: a host name's addresses and an address's name ([`Topology::resolve`]).
    fn resolve(&mut self, name: &str) -> Vec<IpAddr>;
    fn host_name(&mut self, addr: IpAddr) -> Option<String>;
    /// The caller's job (address space) name, the name in its client ID.
    fn job_name(&mut self) -> String;
}

/// SELECT's three descriptor lists: read, write, exception.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ready {
    pub read: Vec<u32>,
    pub write: Vec<u32>,
    pub except: Vec<u32>,
}

impl Ready {
    pub fn count(&self) -> usize {
        self.read.len() + self.write.len() + self.except.len()
    }
}

impl Host for TaskCtx {
    fn socket(&mut self, family: Family, ty: SockType) -> R<u32> {
        TaskCtx::socket(self, family, ty)
    }
    fn bind(&mut self, fd: u32, addr: SocketAddr) -> R<()> {
        TaskCtx::bind(self, fd, addr)
    }
    fn listen(&mut self, fd: u32, backlog: u32) -> R<()> {
        TaskCtx::listen(self, fd, backlog)
    }
    fn connect(&mut self, fd: u32, to: SocketAddr) -> R<()> {
        TaskCtx::connect(self, fd, to)
    }
    fn accept(&mut self, fd: u32) -> R<(u32, SocketAddr)> {
        TaskCtx::accept(self, fd)
    }
    fn recv(&mut self, fd: u32, max: usize, peek: bool) -> R<Vec<u8>> {
        TaskCtx::recv_peek(self, fd, max, peek)
    }
    fn send(&mut self, fd: u32, data: &[u8]) -> R<usize> {
        TaskCtx::send(self, fd, data)
    }
    fn close(&mut self, fd: u32) -> R<()> {
        TaskCtx::close(self, fd)
    }
    fn set_nonblocking(&mut self, fd: u32, on: bool) -> R<()> {
        TaskCtx::set_nonblocking(self, fd, on)
    }
    fn fionread(&mut self, fd: u32) -> R<u32> {
        TaskCtx::fionread(self, fd)
    }
    fn siocspartnerinfo(&mut self, fd: u32, reqtype: PiReqType) -> R<()> {
        TaskCtx::siocspartnerinfo(self, fd, reqtype)
    }
    fn siocgpartnerinfo(&mut self, fd: u32, area: &mut [u8]) -> R<CredFlags> {
        TaskCtx::siocgpartnerinfo(self, fd, area)
    }
    fn getsockopt(&mut self, fd: u32, opt: SockOpt) -> R<OptValue> {
        TaskCtx::getsockopt(self, fd, opt)
    }
    fn setsockopt(&mut self, fd: u32, opt: SockOpt, v: OptValue) -> R<()> {
        TaskCtx::setsockopt(self, fd, opt, v)
    }
    fn getsockname(&mut self, fd: u32) -> R<SocketAddr> {
        TaskCtx::getsockname(self, fd)
    }
    fn getpeername(&mut self, fd: u32) -> R<SocketAddr> {
        TaskCtx::getpeername(self, fd)
    }
    fn shutdown(&mut self, fd: u32, how: Shutdown) -> R<()> {
        TaskCtx::shutdown(self, fd, how)
    }
    fn is_nonblocking(&mut self, fd: u32) -> R<bool> {
        self.with(|p, t| p.is_nonblocking(t, fd))
    }
    fn sendto(&mut self, fd: u32, data: &[u8], to: SocketAddr) -> R<usize> {
        TaskCtx::sendto(self, fd, data, to)
    }
    fn recvfrom(&mut self, fd: u32, max: usize) -> R<(Vec<u8>, SocketAddr)> {
        TaskCtx::recvfrom(self, fd, max)
    }
    fn select(&mut self, sets: &Ready, timeout_us: Option<u64>) -> R<Ready> {
        let (read, write, except) =
            TaskCtx::select(self, &sets.read, &sets.write, &sets.except, timeout_us)?;
        Ok(Ready {
            read,
            write,
            except,
        })
    }
    fn interfaces(&mut self) -> Vec<(String, IpAddr)> {
        self.with(|p, t| crate::sysplex::netstat::task_interfaces(p, t))
    }
    fn bind2addrsel(&mut self, fd: u32, dst: SocketAddr) -> R<()> {
        TaskCtx::bind2addrsel(self, fd, dst)
    }
    fn givesocket(&mut self, fd: u32, to: ClientId, named: u32) -> R<()> {
        TaskCtx::givesocket(self, fd, to, named)
    }
    fn takesocket(&mut self, subtask: &str, from: &str, fd: u32) -> R<u32> {
        TaskCtx::takesocket(self, subtask, from, fd)
    }
    /// A job's own system's name resolves to its own stack's addresses: each stack has a
    /// resolver of its own (`reconstructed`: the model's host table, per stack).
    fn resolve(&mut self, name: &str) -> Vec<IpAddr> {
        self.with(|p, t| {
            let topo = p.topology();
            match p.job(t).place {
                crate::sysplex::Place::Stack { system, stack }
                    if topo.system(name) == Some(system) =>
                {
                    topo.stacks[stack.0].home.clone()
                }
                _ => resolve(topo, name),
            }
        })
    }
    fn host_name(&mut self, addr: IpAddr) -> Option<String> {
        self.with(|p, _| p.topology().host_name(addr).map(str::to_string))
    }
    fn job_name(&mut self) -> String {
        self.with(|p, t| p.job(t).name.clone())
    }
}

/// A name's addresses; a dotted (or colon) address stands for itself.
fn resolve(topo: &Topology, name: &str) -> Vec<IpAddr> {
    match name.parse::<IpAddr>() {
        Ok(a) => vec![a],
        Err(_) => topo
            .resolve(name)
            .map(<[IpAddr]>::to_vec)
            .unwrap_or_default(),
    }
}

/// One task of a sysplex that nothing else drives: calls that would wait move the clock until
/// they can finish. Blocking calls that nothing can ever satisfy (an ACCEPT nobody connects
/// to) answer EWOULDBLOCK rather than wait forever.
pub struct Direct<'a> {
    pub plex: &'a mut Sysplex,
    pub task: TaskId,
}

impl Direct<'_> {
    /// Repeats `f` while it would block, moving the clock to the next event in between.
    fn wait<T>(&mut self, mut f: impl FnMut(&mut Sysplex, TaskId) -> R<T>) -> R<T> {
        loop {
            match f(self.plex, self.task) {
                Err(SysplexError::WouldBlock) => match self.plex.next_event() {
                    Some(t) => self.plex.advance(t),
                    None => return Err(SysplexError::WouldBlock),
                },
                r => return r,
            }
        }
    }
}

impl Host for Direct<'_> {
    fn socket(&mut self, family: Family, ty: SockType) -> R<u32> {
        self.plex.socket(self.task, family, ty)
    }
    fn bind(&mut self, fd: u32, addr: SocketAddr) -> R<()> {
        self.plex.bind(self.task, fd, addr)
    }
    fn listen(&mut self, fd: u32, backlog: u32) -> R<()> {
        self.plex.listen(self.task, fd, backlog)
    }
    fn connect(&mut self, fd: u32, to: SocketAddr) -> R<()> {
        let nonblocking = self.plex.is_nonblocking(self.task, fd)?;
        match self.plex.connect(self.task, fd, to) {
            Err(SysplexError::ConnectInProgress) if !nonblocking => loop {
                if let Some(r) = self.plex.connect_result(self.task, fd)? {
                    return r;
                }
                match self.plex.next_event() {
                    Some(t) => self.plex.advance(t),
                    None => return Err(SysplexError::ConnectInProgress),
                }
            },
            r => r,
        }
    }
    fn accept(&mut self, fd: u32) -> R<(u32, SocketAddr)> {
        if self.plex.is_nonblocking(self.task, fd)? {
            return self.plex.accept(self.task, fd);
        }
        self.wait(|p, t| p.accept(t, fd))
    }
    fn recv(&mut self, fd: u32, max: usize, peek: bool) -> R<Vec<u8>> {
        if self.plex.is_nonblocking(self.task, fd)? {
            return self.plex.recv_peek(self.task, fd, max, peek);
        }
        self.wait(|p, t| p.recv_peek(t, fd, max, peek))
    }
    fn send(&mut self, fd: u32, data: &[u8]) -> R<usize> {
        if self.plex.is_nonblocking(self.task, fd)? {
            return self.plex.send(self.task, fd, data);
        }
        self.wait(|p, t| p.send(t, fd, data))
    }
    fn close(&mut self, fd: u32) -> R<()> {
        self.plex.close(self.task, fd)
    }
    fn set_nonblocking(&mut self, fd: u32, on: bool) -> R<()> {
        self.plex.set_nonblocking(self.task, fd, on)
    }
    fn fionread(&mut self, fd: u32) -> R<u32> {
        self.plex.fionread(self.task, fd)
    }
    fn siocspartnerinfo(&mut self, fd: u32, reqtype: PiReqType) -> R<()> {
        self.plex.siocspartnerinfo(self.task, fd, reqtype)
    }
    fn getsockopt(&mut self, fd: u32, opt: SockOpt) -> R<OptValue> {
        self.plex.getsockopt(self.task, fd, opt)
    }
    fn setsockopt(&mut self, fd: u32, opt: SockOpt, v: OptValue) -> R<()> {
        self.plex.setsockopt(self.task, fd, opt, v)
    }
    fn getsockname(&mut self, fd: u32) -> R<SocketAddr> {
        self.plex.getsockname(self.task, fd)
    }
    fn getpeername(&mut self, fd: u32) -> R<SocketAddr> {
        self.plex.getpeername(self.task, fd)
    }
    fn shutdown(&mut self, fd: u32, how: Shutdown) -> R<()> {
        self.plex.shutdown(self.task, fd, how)
    }
    fn is_nonblocking(&mut self, fd: u32) -> R<bool> {
        self.plex.is_nonblocking(self.task, fd)
    }
    fn sendto(&mut self, fd: u32, data: &[u8], to: SocketAddr) -> R<usize> {
        self.plex.sendto(self.task, fd, data, to)
    }
    fn recvfrom(&mut self, fd: u32, max: usize) -> R<(Vec<u8>, SocketAddr)> {
        if self.plex.is_nonblocking(self.task, fd)? {
            return self.plex.recvfrom(self.task, fd, max);
        }
        self.wait(|p, t| p.recvfrom(t, fd, max))
    }
    fn select(&mut self, sets: &Ready, timeout_us: Option<u64>) -> R<Ready> {
        let deadline = timeout_us.map(|us| self.plex.now().saturating_add(us));
        loop {
            let (read, write, except) =
                self.plex
                    .ready(self.task, &sets.read, &sets.write, &sets.except)?;
            let ready = Ready {
                read,
                write,
                except,
            };
            let now = self.plex.now();
            if ready.count() > 0 || deadline.is_some_and(|d| now >= d) {
                return Ok(ready);
            }
            match (self.plex.next_event(), deadline) {
                (Some(e), Some(d)) => self.plex.advance(e.min(d)),
                (Some(e), None) => self.plex.advance(e),
                (None, Some(d)) => self.plex.advance(d),
                (None, None) => return Ok(ready),
            }
        }
    }
    fn interfaces(&mut self) -> Vec<(String, IpAddr)> {
        crate::sysplex::netstat::task_interfaces(self.plex, self.task)
    }
    fn bind2addrsel(&mut self, fd: u32, dst: SocketAddr) -> R<()> {
        self.plex.bind2addrsel(self.task, fd, dst)
    }
    fn givesocket(&mut self, fd: u32, to: ClientId, named: u32) -> R<()> {
        self.plex.givesocket(self.task, fd, to, named)
    }
    fn takesocket(&mut self, subtask: &str, from: &str, fd: u32) -> R<u32> {
        self.plex.takesocket(self.task, subtask, from, fd)
    }
    fn resolve(&mut self, name: &str) -> Vec<IpAddr> {
        resolve(self.plex.topology(), name)
    }
    fn host_name(&mut self, addr: IpAddr) -> Option<String> {
        self.plex.topology().host_name(addr).map(str::to_string)
    }
    fn job_name(&mut self) -> String {
        self.plex.job(self.task).name.clone()
    }
    fn siocgpartnerinfo(&mut self, fd: u32, area: &mut [u8]) -> R<CredFlags> {
        match self.plex.siocgpartnerinfo(self.task, fd, area)? {
            PiOutcome::Done(flags) => Ok(flags),
            PiOutcome::Wait { deadline } => loop {
                let arrived = self.plex.credentials_arrived(self.task, fd);
                let expired = !arrived && self.plex.now() >= deadline;
                if (arrived || expired)
                    && let Some(r) = self
                        .plex
                        .siocgpartnerinfo_resume(self.task, fd, area, expired)
                {
                    return r;
                }
                let next = self.plex.next_event().map_or(deadline, |t| t.min(deadline));
                self.plex.advance(next);
            },
        }
    }
}
