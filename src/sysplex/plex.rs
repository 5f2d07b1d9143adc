//! The sysplex's live state: address spaces and tasks, their sockets, the TCP connections
//! between stacks (and hosts outside the plex), the partner-credential exchange over XCF, and
//! the event queue on the virtual clock.
//!
//! Every operation is non-blocking: where a z/OS call would suspend, the model says so
//! ([`SysplexError::WouldBlock`], [`SysplexError::ConnectInProgress`], [`PiOutcome::Wait`]) and
//! the caller decides. The scheduler (`sched.rs`) parks tasks on those answers; benchmarks and
//! library users drive the model directly and move the clock themselves ([`Sysplex::advance`]).
//!
//! What IBM documents (`trusted-tcp.md`) is followed; the TCP mechanics below it (latencies,
//! window, state names on close) are the project's (`reconstructed`), chosen to be simple and
//! to behave as a z/OS programmer expects from the socket calls.

use std::cmp::{Ordering, Reverse};
use std::collections::{BinaryHeap, HashMap, VecDeque};
use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV6};
use std::sync::Arc;

use crate::areas::nmi::{ClusterConnFlag, TrustedPartner};
use crate::areas::partnerinfo::{CredFlags, PiReqType, check_request};
use crate::areas::sockopt::ClusterConnType;
use crate::racf::Racf;

use super::credentials::{self, Caller, ConnectionView, Held, Outcome, PartnerCredentials};
use super::xcf::{Sent, Xcf, XcfConfig};
use super::{Endpoint, StackId, SysplexError, SystemId, Topology, VirtualTime};

/// One-way latency between a host outside the sysplex and anything else, in microseconds
/// (`reconstructed`).
pub const OUTSIDE_LATENCY_US: u64 = 1_000;
/// Default receive and send buffer sizes (`reconstructed`: TCPCONFIG's TCPRCVBUFRSIZE and
/// TCPSENDBFRSIZE default of 64K).
pub const DEFAULT_BUF: u32 = 65_536;
/// First ephemeral port a stack hands out (`reconstructed`: the low end of z/OS's default
/// EPHEMERALPORTS range).
pub const EPHEMERAL_FIRST: u16 = 1024;
/// Closed connections a stack keeps for Netstat (`reconstructed`; IBM: "some recently
/// closed ones").
pub const RECENTLY_CLOSED: usize = 128;
/// Descriptors an address space may hold (`reconstructed`: the largest MAXFILEPROC, so a
/// server can hold 100,000 connections as the scale benchmark does).
pub const MAX_FDS: usize = 524_287;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AsId(pub u32);

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TaskId(pub u32);

/// A socket in the model: its slot and the slot's generation, so a stale reference (a message
/// for a socket that was closed) never reaches a newer socket in the same slot.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SockId {
    index: u32,
    epoch: u32,
}

impl SockId {
    /// No socket: a free descriptor.
    const CLOSED: SockId = SockId {
        index: u32::MAX,
        epoch: u32::MAX,
    };
}

/// Where a job runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// On a stack of a system in the sysplex.
    Stack { system: SystemId, stack: StackId },
    /// On a system that runs several stacks, with no affinity to one (CINET): a socket bound
    /// to INADDR_ANY listens on every stack of the image; a connect leaves by the stack that
    /// reaches the destination.
    Cinet { system: SystemId },
    /// On a host outside the sysplex.
    Outside(usize),
}

/// A TCP/IP stack or an outside host: where sockets live.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Node {
    Stack(StackId),
    Host(usize),
}

/// Who a job is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobIdentity {
    pub name: String,
    pub place: Place,
    /// The address-space user (none outside the sysplex).
    pub user: Option<String>,
    /// A task-level user, if the job has one.
    pub task_user: Option<String>,
    pub apf: bool,
    pub supervisor: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    Inet,
    Inet6,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SockType {
    Stream,
    Datagram,
}

/// How much of a connection `shutdown` closes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shutdown {
    Read,
    Write,
    Both,
}

/// The socket options the model keeps (the API layers map their numbers to these).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SockOpt {
    ReuseAddr,
    KeepAlive,
    Broadcast,
    OobInline,
    NoDelay,
    Linger,
    RcvBuf,
    SndBuf,
    /// Read only.
    Type,
    /// Read only; reading clears it.
    Error,
    /// Read only.
    AcceptConn,
    /// SO_CLUSTERCONNTYPE, read only.
    ClusterConnType,
}

/// A socket option's value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OptValue {
    Bool(bool),
    Int(u32),
    /// SO_LINGER: on, and for how many seconds.
    Linger(Option<u32>),
    Type(SockType),
    Error(Option<SysplexError>),
    Routing(ClusterConnType),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Opts {
    reuseaddr: bool,
    keepalive: bool,
    broadcast: bool,
    oobinline: bool,
    nodelay: bool,
    linger: Option<u32>,
    rcvbuf: u32,
    sndbuf: u32,
}

impl Default for Opts {
    fn default() -> Opts {
        Opts {
            reuseaddr: false,
            keepalive: false,
            broadcast: false,
            oobinline: false,
            nodelay: false,
            linger: None,
            rcvbuf: DEFAULT_BUF,
            sndbuf: DEFAULT_BUF,
        }
    }
}

/// TCP connection states as Netstat abbreviates them and the NMI numbers them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TcpState {
    Listen,
    SynSent,
    Establsh,
    FinWt2,
    ClosWait,
    TimeWait,
    Closed,
}

impl TcpState {
    /// The Netstat spelling (`third-party` for Listen and Establsh, `trusted-tcp.md` §5.2; the
    /// others follow the same eight-character style, `reconstructed`).
    pub const fn netstat(self) -> &'static str {
        match self {
            TcpState::Listen => "Listen",
            TcpState::SynSent => "SynSent",
            TcpState::Establsh => "Establsh",
            TcpState::FinWt2 => "FinWt2",
            TcpState::ClosWait => "ClosWait",
            TcpState::TimeWait => "TimeWait",
            TcpState::Closed => "Closed",
        }
    }

    /// NWMConnState (`third-party`, `trusted-tcp.md` §6).
    pub const fn nmi(self) -> u16 {
        match self {
            TcpState::Closed => 1,
            TcpState::Listen => 2,
            TcpState::SynSent => 3,
            TcpState::Establsh => 5,
            TcpState::FinWt2 => 7,
            TcpState::ClosWait => 8,
            TcpState::TimeWait => 11,
        }
    }
}

/// A stack's record of one TCP connection or listener: what Netstat and the NMI report. It
/// outlives its socket, so recently closed connections still show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tcb {
    pub node: Node,
    /// Client name (the job) and ASID of the owning address space.
    pub client: String,
    pub asid: u16,
    /// Client Id / resource id, numbered per stack.
    pub conn_id: u32,
    pub local: SocketAddr,
    pub remote: SocketAddr,
    pub state: TcpState,
    pub active_open: bool,
    pub start: VirtualTime,
    pub last_activity: VirtualTime,
    pub bytes_in: u64,
    pub bytes_out: u64,
    pub segs_in: u64,
    pub segs_out: u64,
    pub rcvbuf: u32,
    pub sndbuf: u32,
    /// Bytes received and not yet read, and sent and not yet arrived.
    pub in_buffered: u32,
    pub out_buffered: u32,
    /// TcpClusterConnFlag and TcpTrustedPartner.
    pub cluster: ClusterConnFlag,
    pub trusted: TrustedPartner,
    peer_tcb: Option<usize>,
    freed: bool,
}

/// How far the partner's credentials have come.
#[derive(Clone, Debug)]
enum Fetch {
    NotFetched,
    /// An XCF request for credentials covering this type is on its way.
    InFlight(PiReqType),
    Available(PiReqType, Arc<PartnerCredentials>),
    /// The partner stack answered that the partner socket is gone.
    Gone,
}

#[derive(Clone, Debug)]
enum SockState {
    Fresh,
    Bound,
    Listening {
        backlog: u32,
    },
    Connecting,
    Connected,
    /// A connect failed; the error waits in SO_ERROR and for the next connect.
    Failed,
}

/// A socket. What SIOCGPARTNERINFO reads sits inline; the rest (owner, addresses, buffers,
/// options) is boxed, so a socket takes 88 bytes in the slab and a hundred thousand of them
/// touch as few cache lines and pages as they can.
#[derive(Clone, Debug)]
struct Socket {
    ty: SockType,
    eof: bool,
    shut_rd: bool,
    shut_wr: bool,
    routing: ClusterConnType,
    /// TcpClusterConnFlag and TcpTrustedPartner as last written to the TCB.
    noted: (ClusterConnFlag, TrustedPartner),
    node: Option<Node>,
    state: SockState,
    fetch: Fetch,
    /// The task waiting in SIOCGPARTNERINFO on this socket.
    pi_waiter: Option<TaskId>,
    /// The partner's system (index), when it is in the sysplex.
    partner_system: Option<u32>,
    tcb: Option<usize>,
    cold: Box<Cold>,
}

#[derive(Clone, Debug)]
struct Cold {
    /// The task whose address space holds the descriptor (for an accepted connection not yet
    /// accepted, the listener's).
    owner: TaskId,
    fd: Option<u32>,
    family: Family,
    nonblocking: bool,
    peer: Option<SockId>,
    /// Bytes the partner sent that have not arrived yet.
    incoming: u32,
    /// SIOCSPARTNERINFO's request type, issued here or inherited from the listener.
    set_pi: Option<PiReqType>,
    local: Option<SocketAddr>,
    remote: Option<SocketAddr>,
    rx: VecDeque<u8>,
    error: Option<SysplexError>,
    /// Ports this socket holds in its nodes' port tables.
    ports: Vec<(Node, u16)>,
    opts: Opts,
    datagrams: VecDeque<(SocketAddr, Vec<u8>)>,
    /// A listener's connections waiting for accept.
    queue: VecDeque<SockId>,
}

impl Socket {
    fn new(owner: TaskId, family: Family, ty: SockType) -> Socket {
        Socket {
            ty,
            eof: false,
            shut_rd: false,
            shut_wr: false,
            routing: ClusterConnType::empty(),
            noted: (ClusterConnFlag::empty(), TrustedPartner::empty()),
            node: None,
            state: SockState::Fresh,
            fetch: Fetch::NotFetched,
            pi_waiter: None,
            partner_system: None,
            tcb: None,
            cold: Box::new(Cold {
                owner,
                fd: None,
                family,
                nonblocking: false,
                peer: None,
                incoming: 0,
                set_pi: None,
                local: None,
                remote: None,
                rx: VecDeque::new(),
                error: None,
                ports: Vec::new(),
                opts: Opts::default(),
                datagrams: VecDeque::new(),
                queue: VecDeque::new(),
            }),
        }
    }
}

#[derive(Clone, Debug, Default)]
struct Slab {
    slots: Vec<(u32, Option<Socket>)>,
    free: Vec<u32>,
}

impl Slab {
    fn insert(&mut self, s: Socket) -> SockId {
        if let Some(index) = self.free.pop() {
            let slot = &mut self.slots[index as usize];
            slot.1 = Some(s);
            SockId {
                index,
                epoch: slot.0,
            }
        } else {
            self.slots.push((0, Some(s)));
            SockId {
                index: (self.slots.len() - 1) as u32,
                epoch: 0,
            }
        }
    }

    fn get(&self, id: SockId) -> Option<&Socket> {
        match self.slots.get(id.index as usize) {
            Some((epoch, Some(s))) if *epoch == id.epoch => Some(s),
            _ => None,
        }
    }

    fn get_mut(&mut self, id: SockId) -> Option<&mut Socket> {
        match self.slots.get_mut(id.index as usize) {
            Some((epoch, Some(s))) if *epoch == id.epoch => Some(s),
            _ => None,
        }
    }

    fn remove(&mut self, id: SockId) -> Option<Socket> {
        let slot = self.slots.get_mut(id.index as usize)?;
        if slot.0 != id.epoch {
            return None;
        }
        let s = slot.1.take()?;
        slot.0 = slot.0.wrapping_add(1);
        self.free.push(id.index);
        Some(s)
    }

    fn live(&self) -> usize {
        self.slots.len() - self.free.len()
    }
}

/// An address space: a job's identity and its descriptor table.
#[derive(Clone, Debug)]
pub struct AddressSpace {
    pub ident: JobIdentity,
    pub asid: u16,
    /// Each descriptor's socket, [`SockId::CLOSED`] when free (8 bytes an entry, so a table
    /// of 100,000 stays in cache).
    fds: Vec<SockId>,
    /// Descriptors below `fds.len()` that are free.
    free_fds: BinaryHeap<Reverse<u32>>,
}

/// A task (TCB) in an address space.
#[derive(Clone, Debug)]
pub struct Task {
    pub space: AsId,
    /// What a partner learns from SIOCGPARTNERINFO about sockets this task owns.
    creds: Option<Arc<PartnerCredentials>>,
    /// The last authorization decision: (RACF generation, stack, allowed).
    auth: Option<(u64, StackId, bool)>,
    ended: bool,
}

/// XCF messages between stacks for the credential exchange.
#[derive(Clone, Debug)]
pub enum XcfMsg {
    Request {
        asker: SockId,
        partner: SockId,
        reqtype: PiReqType,
        /// The connection as the asker sees it (local, remote), for the trace.
        conn: (SocketAddr, SocketAddr),
    },
    Reply {
        asker: SockId,
        reqtype: PiReqType,
        creds: Option<Arc<PartnerCredentials>>,
    },
}

impl fmt::Display for XcfMsg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            XcfMsg::Request {
                reqtype,
                conn: (l, r),
                ..
            } => write!(
                f,
                "PARTNERINFO REQUEST {} for {}..{} <-> {}..{}",
                reqtype.name(),
                l.ip(),
                l.port(),
                r.ip(),
                r.port()
            ),
            XcfMsg::Reply { creds: None, .. } => {
                write!(f, "PARTNERINFO REPLY (partner socket closed)")
            }
            XcfMsg::Reply {
                creds: Some(c),
                reqtype,
                ..
            } => {
                write!(f, "PARTNERINFO REPLY {} user {}", reqtype.name(), c.user)?;
                if let Some((t, _)) = &c.task {
                    write!(f, " task {t}")?;
                }
                Ok(())
            }
        }
    }
}

#[derive(Clone, Debug)]
enum NetEvent {
    Syn {
        client: SockId,
        from: SocketAddr,
        to: SocketAddr,
        node: Node,
    },
    SynAck {
        client: SockId,
        server: SockId,
    },
    Refused {
        client: SockId,
        to: SocketAddr,
    },
    Data {
        to: SockId,
        bytes: Vec<u8>,
    },
    Fin {
        to: SockId,
    },
    Datagram {
        node: Node,
        from: SocketAddr,
        to: SocketAddr,
        bytes: Vec<u8>,
    },
}

#[derive(Debug)]
struct Timed {
    at: VirtualTime,
    seq: u64,
    ev: NetEvent,
}

impl PartialEq for Timed {
    fn eq(&self, o: &Timed) -> bool {
        (self.at, self.seq) == (o.at, o.seq)
    }
}
impl Eq for Timed {}
impl PartialOrd for Timed {
    fn partial_cmp(&self, o: &Timed) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Timed {
    fn cmp(&self, o: &Timed) -> Ordering {
        (self.at, self.seq).cmp(&(o.at, o.seq))
    }
}

/// What a SIOCGPARTNERINFO that did not fail comes to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PiOutcome {
    /// The area is filled in, with these credentials.
    Done(CredFlags),
    /// The credentials are being fetched over XCF; ask again with [`Sysplex::siocgpartnerinfo_resume`]
    /// when they are ([`Sysplex::credentials_arrived`]) or at `deadline` at the latest.
    Wait { deadline: VirtualTime },
}

/// The in-memory sysplex.
#[derive(Debug)]
pub struct Sysplex {
    topo: Topology,
    /// Each system's RACF database, and its security domain (EZBDOMAIN APPLDATA) as of the
    /// last change.
    racf: Vec<Racf>,
    domains: Vec<Option<String>>,
    racf_gen: u64,
    xcf: Xcf<XcfMsg>,
    now: VirtualTime,
    spaces: Vec<AddressSpace>,
    tasks: Vec<Task>,
    socks: Slab,
    tcbs: Vec<Tcb>,
    free_tcbs: Vec<usize>,
    closed_tcbs: HashMap<Node, VecDeque<usize>>,
    events: BinaryHeap<Reverse<Timed>>,
    seq: u64,
    /// Who holds each (node, port).
    ports: HashMap<(Node, u16), Vec<SockId>>,
    next_port: HashMap<Node, u16>,
    next_conn_id: HashMap<Node, u32>,
}

type R<T> = Result<T, SysplexError>;

fn ip_of(s: &Option<SocketAddr>) -> String {
    s.map_or_else(|| "*".into(), |a| format!("{}..{}", a.ip(), a.port()))
}

fn show(a: SocketAddr) -> String {
    format!("{}..{}", a.ip(), a.port())
}

fn unspecified(f: Family) -> IpAddr {
    match f {
        Family::Inet => IpAddr::V4(Ipv4Addr::UNSPECIFIED),
        Family::Inet6 => IpAddr::V6(Ipv6Addr::UNSPECIFIED),
    }
}

fn family_of(a: &SocketAddr) -> Family {
    match a {
        SocketAddr::V4(_) => Family::Inet,
        SocketAddr::V6(_) => Family::Inet6,
    }
}

/// An IPv4-mapped IPv6 address (::ffff:a.b.c.d) as the IPv4 address it stands for.
fn canonical(a: SocketAddr) -> SocketAddr {
    match a {
        SocketAddr::V6(v6) => match v6.ip().to_ipv4_mapped() {
            Some(v4) => SocketAddr::new(IpAddr::V4(v4), v6.port()),
            None => a,
        },
        v4 => v4,
    }
}

/// `a` as a socket of family `f` sees it (IPv4 peers of IPv6 sockets appear mapped).
fn as_family(a: SocketAddr, f: Family) -> SocketAddr {
    match (a, f) {
        (SocketAddr::V4(v4), Family::Inet6) => {
            SocketAddr::V6(SocketAddrV6::new(v4.ip().to_ipv6_mapped(), v4.port(), 0, 0))
        }
        _ => a,
    }
}

impl Sysplex {
    /// A sysplex of `topo`, each system starting with a copy of `racf` (a shared RACF
    /// database; [`Sysplex::racf_command`] can then change one system's copy).
    pub fn new(topo: Topology, racf: Racf, xcf: XcfConfig) -> Sysplex {
        let racf = vec![racf; topo.systems.len()];
        let domains = racf
            .iter()
            .map(|r| r.security_domain().map(str::to_owned))
            .collect();
        Sysplex {
            topo,
            racf,
            domains,
            racf_gen: 0,
            xcf: Xcf::new(xcf),
            now: VirtualTime::ZERO,
            spaces: Vec::new(),
            tasks: Vec::new(),
            socks: Slab::default(),
            tcbs: Vec::new(),
            free_tcbs: Vec::new(),
            closed_tcbs: HashMap::new(),
            events: BinaryHeap::new(),
            seq: 0,
            ports: HashMap::new(),
            next_port: HashMap::new(),
            next_conn_id: HashMap::new(),
        }
    }

    pub fn topology(&self) -> &Topology {
        &self.topo
    }

    pub fn racf(&self, system: SystemId) -> &Racf {
        &self.racf[system.0]
    }

    /// Runs a RACF command on one system's database, or on every system's when `system` is
    /// `None` (a shared database).
    /// A command that fails on any database changes none.
    pub fn racf_command(&mut self, system: Option<SystemId>, command: &str) -> R<()> {
        let mut changed = self.racf.clone();
        for (i, r) in changed.iter_mut().enumerate() {
            if system.is_none_or(|s| s.0 == i) {
                r.run(command)
                    .map_err(|e| SysplexError::Invalid(e.to_string()))?;
            }
        }
        self.domains = changed
            .iter()
            .map(|r| r.security_domain().map(str::to_owned))
            .collect();
        self.racf = changed;
        self.racf_gen += 1;
        Ok(())
    }

    pub fn xcf_config_mut(&mut self) -> &mut XcfConfig {
        self.xcf.config_mut()
    }

    /// Every XCF message so far, one line each.
    pub fn xcf_trace(&self) -> Vec<String> {
        self.xcf.trace(&self.topo)
    }

    pub fn now(&self) -> VirtualTime {
        self.now
    }

    pub fn space(&self, id: AsId) -> &AddressSpace {
        &self.spaces[id.0 as usize]
    }

    pub fn task(&self, id: TaskId) -> &Task {
        &self.tasks[id.0 as usize]
    }

    /// The job a task belongs to.
    pub fn job(&self, id: TaskId) -> &JobIdentity {
        &self.space(self.task(id).space).ident
    }

    /// Starts a job: its address space and its first task. Credentials are taken from the
    /// system's RACF now, as when the job logs on.
    pub fn add_job(&mut self, ident: JobIdentity) -> R<TaskId> {
        match ident.place {
            Place::Outside(h) if h >= self.topo.outside.len() => {
                return Err(SysplexError::Invalid(format!("no outside host {h}")));
            }
            Place::Stack { system, stack }
                if self.topo.stacks.get(stack.0).map(|s| s.system) != Some(system) =>
            {
                return Err(SysplexError::Invalid("no such stack on the system".into()));
            }
            Place::Cinet { system } if !self.topo.stacks.iter().any(|s| s.system == system) => {
                return Err(SysplexError::Invalid("the system runs no stack".into()));
            }
            _ => {}
        }
        let creds = self.credentials(&ident)?;
        let space = AsId(self.spaces.len() as u32);
        // ASIDs from X'0030', after the system address spaces (`reconstructed`).
        let asid = 0x30 + self.spaces.len() as u16;
        self.spaces.push(AddressSpace {
            ident,
            asid,
            fds: Vec::new(),
            free_fds: BinaryHeap::new(),
        });
        self.tasks.push(Task {
            space,
            creds,
            auth: None,
            ended: false,
        });
        Ok(TaskId(self.tasks.len() as u32 - 1))
    }

    /// Attaches another task to a job's address space (sharing its descriptors), with its own
    /// task-level user if it has one.
    pub fn add_task(&mut self, of: TaskId, task_user: Option<&str>) -> R<TaskId> {
        let space = self.task(of).space;
        let mut ident = self.space(space).ident.clone();
        ident.task_user = task_user.map(str::to_owned);
        let creds = self.credentials(&ident)?;
        self.tasks.push(Task {
            space,
            creds,
            auth: None,
            ended: false,
        });
        Ok(TaskId(self.tasks.len() as u32 - 1))
    }

    /// What partners learn of a task: its address-space and task-level users and UTOKENs
    /// (none outside the sysplex).
    fn credentials(&self, ident: &JobIdentity) -> R<Option<Arc<PartnerCredentials>>> {
        let system = match ident.place {
            Place::Stack { system, .. } | Place::Cinet { system } => system,
            Place::Outside(_) => return Ok(None),
        };
        let racf = &self.racf[system.0];
        let node = &self.topo.systems[system.0].name;
        let token = |u: &str| {
            racf.utoken(u, node)
                .ok_or_else(|| SysplexError::Invalid(format!("{u} is not a RACF user on {node}")))
        };
        let user = ident
            .user
            .clone()
            .ok_or_else(|| SysplexError::Invalid("a job on z/OS needs a user".into()))?;
        let task = match &ident.task_user {
            Some(t) => Some((t.clone(), token(t)?)),
            None => None,
        };
        Ok(Some(Arc::new(PartnerCredentials {
            token: token(&user)?,
            user,
            task,
        })))
    }

    /// Ends a task. When it was its address space's last, the job ends: every socket of the
    /// address space is closed.
    pub fn end_task(&mut self, task: TaskId) {
        let space = self.task(task).space;
        self.tasks[task.0 as usize].ended = true;
        if self.tasks.iter().any(|t| t.space == space && !t.ended) {
            return;
        }
        let fds = self.open_fds(task);
        for fd in fds {
            // Every fd listed is open, so close cannot fail here.
            let _ = self.close(task, fd);
        }
    }

    /// The nodes a task's sockets can live on: its stack, every stack of a CINET image, or
    /// its host. The first is where an unbound socket goes by default.
    fn home_node(&self, task: TaskId) -> Node {
        self.home_nodes(task)[0]
    }

    fn home_nodes(&self, task: TaskId) -> Vec<Node> {
        match self.job(task).place {
            Place::Stack { stack, .. } => vec![Node::Stack(stack)],
            Place::Cinet { system } => (0..self.topo.stacks.len())
                .filter(|i| self.topo.stacks[*i].system == system)
                .map(|i| Node::Stack(StackId(i)))
                .collect(),
            Place::Outside(h) => vec![Node::Host(h)],
        }
    }

    /// Where a destination address lives, seen from `local` (loopback is `local` itself).
    fn locate(&self, target: SocketAddr, local: Node) -> R<Node> {
        if target.ip().is_loopback() {
            return Ok(local);
        }
        match self.topo.locate(target.ip()) {
            Some(Endpoint::Stack(st)) => Ok(Node::Stack(st)),
            Some(Endpoint::Outside(h)) => Ok(Node::Host(h)),
            None => Err(SysplexError::NetworkUnreachable(target.ip().to_string())),
        }
    }

    fn node_addrs(&self, node: Node) -> &[IpAddr] {
        match node {
            Node::Stack(s) => &self.topo.stacks[s.0].home,
            Node::Host(h) => &self.topo.outside[h].addrs,
        }
    }

    /// The system a node belongs to (none for outside hosts).
    pub fn node_system(&self, node: Node) -> Option<SystemId> {
        match node {
            Node::Stack(s) => Some(self.topo.stacks[s.0].system),
            Node::Host(_) => None,
        }
    }

    /// `SYS/PROC` or the host name.
    pub fn node_name(&self, node: Node) -> String {
        match node {
            Node::Stack(s) => {
                let st = &self.topo.stacks[s.0];
                format!("{}/{}", self.topo.systems[st.system.0].name, st.name)
            }
            Node::Host(h) => self.topo.outside[h].name.clone(),
        }
    }

    fn latency(&self, a: Node, b: Node) -> u64 {
        match (a, b) {
            (x, y) if x == y => 0,
            (Node::Stack(x), Node::Stack(y)) => self.xcf.latency(&self.topo, x, y),
            _ => OUTSIDE_LATENCY_US,
        }
    }

    fn schedule(&mut self, delay: u64, ev: NetEvent) {
        self.seq += 1;
        self.events.push(Reverse(Timed {
            at: self.now.saturating_add(delay),
            seq: self.seq,
            ev,
        }));
    }

    // ---- descriptors ----

    fn sock_id(&self, task: TaskId, fd: u32) -> R<SockId> {
        let space = &self.spaces[self.tasks[task.0 as usize].space.0 as usize];
        match space.fds.get(fd as usize) {
            Some(id) if *id != SockId::CLOSED => Ok(*id),
            _ => Err(SysplexError::BadDescriptor(fd)),
        }
    }

    fn sock(&self, task: TaskId, fd: u32) -> R<(SockId, &Socket)> {
        let id = self.sock_id(task, fd)?;
        let s = self.socks.get(id).ok_or(SysplexError::BadDescriptor(fd))?;
        Ok((id, s))
    }

    fn sock_mut(&mut self, task: TaskId, fd: u32) -> R<(SockId, &mut Socket)> {
        let id = self.sock_id(task, fd)?;
        let s = self
            .socks
            .get_mut(id)
            .ok_or(SysplexError::BadDescriptor(fd))?;
        Ok((id, s))
    }

    fn give_fd(&mut self, task: TaskId, id: SockId) -> R<u32> {
        let space = &mut self.spaces[self.tasks[task.0 as usize].space.0 as usize];
        // The lowest free descriptor, as z/OS UNIX hands them out.
        let fd = match space.free_fds.pop() {
            Some(Reverse(i)) => i as usize,
            None if space.fds.len() < MAX_FDS => {
                space.fds.push(SockId::CLOSED);
                space.fds.len() - 1
            }
            None => return Err(SysplexError::TooManyDescriptors),
        };
        space.fds[fd] = id;
        if let Some(s) = self.socks.get_mut(id) {
            s.cold.fd = Some(fd as u32);
            s.cold.owner = task;
        }
        Ok(fd as u32)
    }

    /// The descriptors a task's address space holds open.
    pub fn open_fds(&self, task: TaskId) -> Vec<u32> {
        let space = &self.spaces[self.tasks[task.0 as usize].space.0 as usize];
        (0..space.fds.len() as u32)
            .filter(|&i| space.fds[i as usize] != SockId::CLOSED)
            .collect()
    }

    /// Sockets alive in the model (open, or connected and not yet accepted).
    pub fn live_sockets(&self) -> usize {
        self.socks.live()
    }

    // ---- socket calls ----

    pub fn socket(&mut self, task: TaskId, family: Family, ty: SockType) -> R<u32> {
        self.settle();
        let id = self.socks.insert(Socket::new(task, family, ty));
        self.give_fd(task, id).inspect_err(|_| {
            self.socks.remove(id);
        })
    }

    fn port_free(&self, node: Node, addr: SocketAddr, reuse: bool) -> bool {
        let Some(holders) = self.ports.get(&(node, addr.port())) else {
            return true;
        };
        holders.iter().all(|h| {
            let Some(s) = self.socks.get(*h) else {
                return true;
            };
            let other = s.cold.local.map(|a| a.ip());
            let overlap = other
                .is_none_or(|o| o.is_unspecified() || addr.ip().is_unspecified() || o == addr.ip());
            let differ_in_type = s.ty
                != match holders.first().and_then(|f| self.socks.get(*f)) {
                    Some(f) => f.ty,
                    None => s.ty,
                };
            !overlap || (reuse && s.cold.opts.reuseaddr) || differ_in_type
        })
    }

    fn ephemeral(&mut self, node: Node, addr: IpAddr) -> R<u16> {
        let start = *self.next_port.get(&node).unwrap_or(&EPHEMERAL_FIRST);
        let mut p = start;
        loop {
            if self.port_free(node, SocketAddr::new(addr, p), false) {
                self.next_port.insert(
                    node,
                    if p == u16::MAX {
                        EPHEMERAL_FIRST
                    } else {
                        p + 1
                    },
                );
                return Ok(p);
            }
            p = if p == u16::MAX {
                EPHEMERAL_FIRST
            } else {
                p + 1
            };
            if p == start {
                return Err(SysplexError::AddressInUse("every ephemeral port".into()));
            }
        }
    }

    fn hold_port(&mut self, id: SockId, node: Node, port: u16) {
        self.ports.entry((node, port)).or_default().push(id);
        if let Some(s) = self.socks.get_mut(id) {
            s.cold.ports.push((node, port));
        }
    }

    pub fn bind(&mut self, task: TaskId, fd: u32, addr: SocketAddr) -> R<()> {
        self.settle();
        let homes = self.home_nodes(task);
        let (id, s) = self.sock(task, fd)?;
        if family_of(&addr) != s.cold.family {
            return Err(SysplexError::FamilyMismatch);
        }
        if !matches!(s.state, SockState::Fresh) {
            return Err(SysplexError::Invalid("the socket is already bound".into()));
        }
        let reuse = s.cold.opts.reuseaddr;
        let ip = canonical(addr).ip();
        // A specific address picks its stack; INADDR_ANY (or loopback) takes every stack the
        // job can use: one, or all of a CINET image.
        let nodes: Vec<Node> = if ip.is_unspecified() || ip.is_loopback() {
            homes
        } else {
            match homes.iter().find(|n| self.node_addrs(**n).contains(&ip)) {
                Some(n) => vec![*n],
                None => return Err(SysplexError::AddressNotAvailable(ip.to_string())),
            }
        };
        let home = nodes[0];
        let mut addr = addr;
        if addr.port() == 0 {
            addr.set_port(self.ephemeral(home, addr.ip())?);
        }
        if nodes.iter().any(|n| !self.port_free(*n, addr, reuse)) {
            return Err(SysplexError::AddressInUse(show(addr)));
        }
        for n in nodes {
            self.hold_port(id, n, addr.port());
        }
        let s = self
            .socks
            .get_mut(id)
            .ok_or(SysplexError::BadDescriptor(fd))?;
        s.cold.local = Some(addr);
        s.node = Some(home);
        s.state = SockState::Bound;
        Ok(())
    }

    fn new_tcb(&mut self, id: SockId, state: TcpState, active_open: bool) -> Option<usize> {
        let s = self.socks.get(id)?;
        let node = s.node?;
        let local = s.cold.local?;
        let remote = s
            .cold
            .remote
            .unwrap_or_else(|| SocketAddr::new(unspecified(s.cold.family), 0));
        let space = &self.spaces[self.tasks[s.cold.owner.0 as usize].space.0 as usize];
        // Client Ids count up per stack from X'21' (`reconstructed`).
        let n = self.next_conn_id.entry(node).or_insert(0x20);
        *n += 1;
        let mut trusted = TrustedPartner::empty();
        trusted.set(TrustedPartner::SET_ISSUED, s.cold.set_pi.is_some());
        let tcb = Tcb {
            node,
            client: space.ident.name.clone(),
            asid: space.asid,
            conn_id: *n,
            local,
            remote,
            state,
            active_open,
            start: self.now,
            last_activity: self.now,
            bytes_in: 0,
            bytes_out: 0,
            segs_in: 0,
            segs_out: 0,
            rcvbuf: s.cold.opts.rcvbuf,
            sndbuf: s.cold.opts.sndbuf,
            in_buffered: 0,
            out_buffered: 0,
            cluster: ClusterConnFlag::empty(),
            trusted,
            peer_tcb: None,
            freed: false,
        };
        if let Some(s) = self.socks.get_mut(id) {
            s.noted = (ClusterConnFlag::empty(), trusted);
        }
        let t = match self.free_tcbs.pop() {
            Some(t) => {
                self.tcbs[t] = tcb;
                t
            }
            None => {
                self.tcbs.push(tcb);
                self.tcbs.len() - 1
            }
        };
        if let Some(s) = self.socks.get_mut(id) {
            s.tcb = Some(t);
        }
        Some(t)
    }

    pub fn listen(&mut self, task: TaskId, fd: u32, backlog: u32) -> R<()> {
        self.settle();
        let (id, s) = self.sock(task, fd)?;
        if s.ty != SockType::Stream {
            return Err(SysplexError::NotSupported(
                "listen on a datagram socket".into(),
            ));
        }
        match s.state {
            SockState::Fresh => {
                let any = SocketAddr::new(unspecified(s.cold.family), 0);
                self.bind(task, fd, any)?;
            }
            SockState::Bound => {}
            SockState::Listening { .. } => {
                if let Some(s) = self.socks.get_mut(id)
                    && let SockState::Listening { backlog: b, .. } = &mut s.state
                {
                    *b = backlog.max(1);
                }
                return Ok(());
            }
            _ => return Err(SysplexError::Invalid("the socket is connected".into())),
        }
        if let Some(s) = self.socks.get_mut(id) {
            s.state = SockState::Listening {
                backlog: backlog.max(1),
            };
        }
        self.new_tcb(id, TcpState::Listen, false);
        Ok(())
    }

    /// Starts a connect. TCP: the SYN is on its way and the answer is
    /// [`SysplexError::ConnectInProgress`]; [`Sysplex::connect_result`] says how it ended.
    /// Datagram: sets the default destination at once.
    pub fn connect(&mut self, task: TaskId, fd: u32, to: SocketAddr) -> R<()> {
        self.settle();
        let homes = self.home_nodes(task);
        let (id, s) = self.sock(task, fd)?;
        if family_of(&to) != s.cold.family {
            return Err(SysplexError::FamilyMismatch);
        }
        let bound = s.node;
        match (&s.state, s.ty) {
            (SockState::Connected, SockType::Stream) => {
                return Err(SysplexError::AlreadyConnected);
            }
            (SockState::Connecting, _) => return Err(SysplexError::ConnectPending),
            (SockState::Listening { .. }, _) => {
                return Err(SysplexError::Invalid("the socket is listening".into()));
            }
            _ => {}
        }
        let target = canonical(to);
        let dest = self.locate(target, bound.unwrap_or(homes[0]))?;
        // The connection leaves by the bound stack; in CINET by the destination itself when it
        // is a stack of this image, else by the first stack that reaches it.
        let reaches = |h: &Node| match (*h, dest) {
            (Node::Stack(a), Node::Stack(b)) => self.topo.path_internal(a, b).is_some(),
            _ => true,
        };
        let home = bound.unwrap_or_else(|| {
            if homes.contains(&dest) {
                dest
            } else {
                homes.iter().copied().find(reaches).unwrap_or(homes[0])
            }
        });
        if let (Node::Stack(a), Node::Stack(b)) = (home, dest)
            && self.topo.path_internal(a, b).is_none()
        {
            return Err(SysplexError::NetworkUnreachable(target.ip().to_string()));
        }
        if s.cold.local.is_none() || s.cold.local.is_some_and(|l| l.ip().is_unspecified()) {
            let port = s.cold.local.map_or(0, |l| l.port());
            let src = if target.ip().is_loopback() {
                Some(target.ip())
            } else {
                self.node_addrs(home)
                    .iter()
                    .copied()
                    .find(|a| family_of(&SocketAddr::new(*a, 0)) == family_of(&target))
            };
            let Some(src) = src else {
                return Err(SysplexError::AddressNotAvailable(format!(
                    "no {} home address on {}",
                    if target.is_ipv4() { "IPv4" } else { "IPv6" },
                    self.node_name(home)
                )));
            };
            let port = if port == 0 {
                let p = self.ephemeral(home, src)?;
                self.hold_port(id, home, p);
                p
            } else {
                port
            };
            let s = self
                .socks
                .get_mut(id)
                .ok_or(SysplexError::BadDescriptor(fd))?;
            s.cold.local = Some(as_family(SocketAddr::new(src, port), s.cold.family));
            s.node = Some(home);
        }
        let s = self
            .socks
            .get_mut(id)
            .ok_or(SysplexError::BadDescriptor(fd))?;
        s.cold.remote = Some(to);
        s.cold.error = None;
        let from = canonical(s.cold.local.unwrap_or(to));
        if s.ty == SockType::Datagram {
            s.state = SockState::Connected;
            return Ok(());
        }
        s.state = SockState::Connecting;
        self.new_tcb(id, TcpState::SynSent, true);
        let delay = self.latency(home, dest);
        self.schedule(
            delay,
            NetEvent::Syn {
                client: id,
                from,
                to: target,
                node: dest,
            },
        );
        Err(SysplexError::ConnectInProgress)
    }

    /// How a connect ended: `None` while it is under way.
    pub fn connect_result(&mut self, task: TaskId, fd: u32) -> R<Option<R<()>>> {
        self.settle();
        let (_, s) = self.sock_mut(task, fd)?;
        Ok(match s.state {
            SockState::Connecting => None,
            SockState::Connected => Some(Ok(())),
            SockState::Failed => {
                s.state = if s.cold.ports.is_empty() {
                    SockState::Fresh
                } else {
                    SockState::Bound
                };
                Some(Err(s.cold.error.take().unwrap_or(
                    SysplexError::ConnectionRefused(ip_of(&s.cold.remote)),
                )))
            }
            _ => Some(Err(SysplexError::NotConnected)),
        })
    }

    /// Whether a connect has ended (so [`Sysplex::connect_result`] has the answer).
    pub fn connect_done(&self, task: TaskId, fd: u32) -> bool {
        self.sock(task, fd)
            .is_ok_and(|(_, s)| !matches!(s.state, SockState::Connecting))
            || self.sock(task, fd).is_err()
    }

    /// Takes the next connection from a listener's queue: its descriptor and the partner's
    /// address.
    pub fn accept(&mut self, task: TaskId, fd: u32) -> R<(u32, SocketAddr)> {
        self.settle();
        let (lid, s) = self.sock(task, fd)?;
        if s.ty != SockType::Stream {
            return Err(SysplexError::NotSupported(
                "accept on a datagram socket".into(),
            ));
        }
        if !matches!(s.state, SockState::Listening { .. }) {
            return Err(SysplexError::Invalid("the socket is not listening".into()));
        }
        let child = loop {
            let next = self
                .socks
                .get_mut(lid)
                .and_then(|l| l.cold.queue.pop_front());
            match next {
                None => return Err(SysplexError::WouldBlock),
                Some(c) if self.socks.get(c).is_some() => break c,
                Some(_) => continue,
            }
        };
        let new_fd = self.give_fd(task, child)?;
        let (remote, set_pi, tcb) = {
            let c = self
                .socks
                .get(child)
                .ok_or(SysplexError::BadDescriptor(new_fd))?;
            (c.cold.remote, c.cold.set_pi, c.tcb)
        };
        if let Some(t) = tcb {
            let space = &self.spaces[self.tasks[task.0 as usize].space.0 as usize];
            self.tcbs[t].client = space.ident.name.clone();
            self.tcbs[t].asid = space.asid;
        }
        if let Some(peer) = self.socks.get(child).and_then(|c| c.cold.peer) {
            self.same_stack_credentials(child, peer);
        }
        // The seed: with SIOCSPARTNERINFO on the listener, the server stack asks for the
        // credentials once the accept is complete.
        if let Some(r) = set_pi {
            self.start_fetch(child, r);
        }
        let remote = remote.ok_or(SysplexError::NotConnected)?;
        Ok((new_fd, remote))
    }

    fn room(&self, peer: &Socket) -> u32 {
        let used = peer.cold.rx.len() as u32 + peer.cold.incoming;
        peer.cold.opts.rcvbuf.saturating_sub(used)
    }

    /// Sends bytes: how many the partner's window took.
    pub fn send(&mut self, task: TaskId, fd: u32, data: &[u8]) -> R<usize> {
        self.settle();
        let (_, s) = self.sock(task, fd)?;
        if s.ty == SockType::Datagram {
            let to = s.cold.remote.ok_or(SysplexError::NotConnected)?;
            return self.sendto(task, fd, data, to);
        }
        match s.state {
            SockState::Connected => {}
            SockState::Connecting => return Err(SysplexError::WouldBlock),
            _ => return Err(SysplexError::NotConnected),
        }
        if s.shut_wr {
            return Err(SysplexError::BrokenPipe);
        }
        let (node, tcb) = (s.node, s.tcb);
        let Some(peer_id) = s.cold.peer else {
            return Err(SysplexError::BrokenPipe);
        };
        let Some(peer) = self.socks.get(peer_id) else {
            return Err(SysplexError::BrokenPipe);
        };
        if peer.shut_rd && peer.cold.fd.is_none() {
            return Err(SysplexError::BrokenPipe);
        }
        let room = self.room(peer) as usize;
        if data.is_empty() {
            return Ok(0);
        }
        if room == 0 {
            return Err(SysplexError::WouldBlock);
        }
        let n = room.min(data.len());
        let peer_node = peer.node;
        if let Some(p) = self.socks.get_mut(peer_id) {
            p.cold.incoming += n as u32;
        }
        if let Some(t) = tcb {
            let t = &mut self.tcbs[t];
            t.bytes_out += n as u64;
            t.segs_out += 1;
            t.last_activity = self.now;
        }
        let delay = match (node, peer_node) {
            (Some(a), Some(b)) => self.latency(a, b),
            _ => 0,
        };
        self.schedule(
            delay,
            NetEvent::Data {
                to: peer_id,
                bytes: data[..n].to_vec(),
            },
        );
        Ok(n)
    }

    /// Receives up to `max` bytes; an empty answer means the partner closed.
    pub fn recv(&mut self, task: TaskId, fd: u32, max: usize) -> R<Vec<u8>> {
        self.settle();
        let (_, s) = self.sock_mut(task, fd)?;
        if s.ty == SockType::Datagram {
            return self.recvfrom(task, fd, max).map(|(b, _)| b);
        }
        if s.cold.rx.is_empty() {
            return match s.state {
                _ if s.eof || s.shut_rd => Ok(Vec::new()),
                SockState::Connected => Err(SysplexError::WouldBlock),
                SockState::Connecting => Err(SysplexError::WouldBlock),
                _ => Err(SysplexError::NotConnected),
            };
        }
        let n = max.min(s.cold.rx.len());
        let out: Vec<u8> = s.cold.rx.drain(..n).collect();
        if let Some(t) = s.tcb {
            self.tcbs[t].last_activity = self.now;
        }
        Ok(out)
    }

    /// Sends a datagram (UDP sockets).
    pub fn sendto(&mut self, task: TaskId, fd: u32, data: &[u8], to: SocketAddr) -> R<usize> {
        self.settle();
        let home = self.home_node(task);
        let (_, s) = self.sock(task, fd)?;
        if s.ty != SockType::Datagram {
            return Err(SysplexError::AlreadyConnected);
        }
        if family_of(&to) != s.cold.family {
            return Err(SysplexError::FamilyMismatch);
        }
        if s.cold.local.is_none() {
            let any = SocketAddr::new(unspecified(s.cold.family), 0);
            self.bind(task, fd, any)?;
        }
        let (_, s) = self.sock(task, fd)?;
        let home = s.node.unwrap_or(home);
        let target = canonical(to);
        let dest = self.locate(target, home)?;
        let mut from = s.cold.local.map(canonical).unwrap_or(target);
        if from.ip().is_unspecified() {
            let ip = self
                .node_addrs(home)
                .iter()
                .copied()
                .find(|a| a.is_ipv4() == target.is_ipv4())
                .unwrap_or(from.ip());
            from.set_ip(ip);
        }
        let delay = self.latency(home, dest);
        self.schedule(
            delay,
            NetEvent::Datagram {
                node: dest,
                from,
                to: target,
                bytes: data.to_vec(),
            },
        );
        Ok(data.len())
    }

    /// Receives a datagram and who sent it (UDP sockets).
    pub fn recvfrom(&mut self, task: TaskId, fd: u32, max: usize) -> R<(Vec<u8>, SocketAddr)> {
        self.settle();
        let (_, s) = self.sock_mut(task, fd)?;
        if s.ty != SockType::Datagram {
            let remote = s.cold.remote.ok_or(SysplexError::NotConnected)?;
            return self.recv(task, fd, max).map(|b| (b, remote));
        }
        match s.cold.datagrams.pop_front() {
            Some((from, mut b)) => {
                b.truncate(max);
                Ok((b, as_family(from, s.cold.family)))
            }
            None => Err(SysplexError::WouldBlock),
        }
    }

    pub fn shutdown(&mut self, task: TaskId, fd: u32, how: Shutdown) -> R<()> {
        self.settle();
        let (id, s) = self.sock_mut(task, fd)?;
        if !matches!(s.state, SockState::Connected) {
            return Err(SysplexError::NotConnected);
        }
        if matches!(how, Shutdown::Read | Shutdown::Both) {
            s.shut_rd = true;
            s.cold.rx.clear();
        }
        if matches!(how, Shutdown::Write | Shutdown::Both) && !s.shut_wr {
            s.shut_wr = true;
            self.send_fin(id);
        }
        Ok(())
    }

    fn send_fin(&mut self, id: SockId) {
        let Some(s) = self.socks.get(id) else { return };
        if s.ty != SockType::Stream {
            return;
        }
        let (node, peer) = (s.node, s.cold.peer);
        let Some(peer) = peer else { return };
        let peer_node = self.socks.get(peer).and_then(|p| p.node);
        let delay = match (node, peer_node) {
            (Some(a), Some(b)) => self.latency(a, b),
            _ => 0,
        };
        self.schedule(delay, NetEvent::Fin { to: peer });
    }

    /// Closes a descriptor. A connection's partner reads end of file once the FIN arrives; a
    /// listener's queued, unaccepted connections are closed with it.
    pub fn close(&mut self, task: TaskId, fd: u32) -> R<()> {
        self.settle();
        let id = self.sock_id(task, fd)?;
        let space = &mut self.spaces[self.tasks[task.0 as usize].space.0 as usize];
        space.fds[fd as usize] = SockId::CLOSED;
        space.free_fds.push(Reverse(fd));
        self.drop_socket(id);
        Ok(())
    }

    fn drop_socket(&mut self, id: SockId) {
        let Some(s) = self.socks.get(id) else { return };
        if !s.shut_wr && matches!(s.state, SockState::Connected) {
            self.send_fin(id);
        }
        let Some(s) = self.socks.remove(id) else {
            return;
        };
        for key in &s.cold.ports {
            if let Some(v) = self.ports.get_mut(key) {
                v.retain(|h| *h != id);
                if v.is_empty() {
                    self.ports.remove(key);
                }
            }
        }
        if let Some(t) = s.tcb {
            let now = self.now;
            let tcb = &mut self.tcbs[t];
            tcb.last_activity = now;
            tcb.in_buffered = 0;
            let (peer, was) = (tcb.peer_tcb, tcb.state);
            tcb.state = match was {
                TcpState::Establsh => TcpState::FinWt2,
                _ => TcpState::Closed,
            };
            if let (TcpState::ClosWait, Some(p)) = (was, peer)
                && self.tcbs[p].peer_tcb == Some(t)
            {
                self.tcbs[p].state = TcpState::TimeWait;
            }
            self.retire_tcb(t);
        }
        for c in s.cold.queue {
            self.drop_socket(c);
        }
    }

    // ---- control ----

    /// FIONBIO.
    pub fn set_nonblocking(&mut self, task: TaskId, fd: u32, on: bool) -> R<()> {
        self.sock_mut(task, fd)?.1.cold.nonblocking = on;
        Ok(())
    }

    pub fn is_nonblocking(&self, task: TaskId, fd: u32) -> R<bool> {
        Ok(self.sock(task, fd)?.1.cold.nonblocking)
    }

    /// FIONREAD: bytes ready to read.
    pub fn fionread(&mut self, task: TaskId, fd: u32) -> R<u32> {
        self.settle();
        let (_, s) = self.sock(task, fd)?;
        Ok(match s.ty {
            SockType::Stream => s.cold.rx.len() as u32,
            SockType::Datagram => s.cold.datagrams.front().map_or(0, |d| d.1.len() as u32),
        })
    }

    pub fn getsockname(&self, task: TaskId, fd: u32) -> R<SocketAddr> {
        let (_, s) = self.sock(task, fd)?;
        Ok(s.cold
            .local
            .unwrap_or_else(|| SocketAddr::new(unspecified(s.cold.family), 0)))
    }

    /// The stack (or host) a socket lives on, once bound or connected.
    pub fn node_of(&self, task: TaskId, fd: u32) -> Option<Node> {
        self.sock(task, fd).ok()?.1.node
    }

    pub fn getpeername(&self, task: TaskId, fd: u32) -> R<SocketAddr> {
        let (_, s) = self.sock(task, fd)?;
        match s.state {
            SockState::Connected => s.cold.remote.ok_or(SysplexError::NotConnected),
            _ => Err(SysplexError::NotConnected),
        }
    }

    /// Whether a read would not block: data, end of file, a connection to accept, or a
    /// connect that failed.
    pub fn readable(&self, task: TaskId, fd: u32) -> R<bool> {
        let (_, s) = self.sock(task, fd)?;
        Ok(match &s.state {
            SockState::Listening { .. } => {
                s.cold.queue.iter().any(|c| self.socks.get(*c).is_some())
            }
            SockState::Failed => true,
            _ if s.ty == SockType::Datagram => !s.cold.datagrams.is_empty(),
            SockState::Connected => !s.cold.rx.is_empty() || s.eof || s.shut_rd,
            _ => false,
        })
    }

    /// Whether a write would not block (or a connect has ended).
    pub fn writable(&self, task: TaskId, fd: u32) -> R<bool> {
        let (_, s) = self.sock(task, fd)?;
        Ok(match s.state {
            SockState::Failed => true,
            _ if s.ty == SockType::Datagram => true,
            SockState::Connected => {
                s.shut_wr
                    || s.cold
                        .peer
                        .and_then(|p| self.socks.get(p))
                        .is_none_or(|p| self.room(p) > 0)
            }
            _ => false,
        })
    }

    /// Exceptional conditions (out-of-band data, which the model never has).
    pub fn exceptional(&self, task: TaskId, fd: u32) -> R<bool> {
        self.sock(task, fd).map(|_| false)
    }

    pub fn getsockopt(&mut self, task: TaskId, fd: u32, opt: SockOpt) -> R<OptValue> {
        self.settle();
        let (_, s) = self.sock_mut(task, fd)?;
        let o = s.cold.opts;
        Ok(match opt {
            SockOpt::ReuseAddr => OptValue::Bool(o.reuseaddr),
            SockOpt::KeepAlive => OptValue::Bool(o.keepalive),
            SockOpt::Broadcast => OptValue::Bool(o.broadcast),
            SockOpt::OobInline => OptValue::Bool(o.oobinline),
            SockOpt::NoDelay => OptValue::Bool(o.nodelay),
            SockOpt::Linger => OptValue::Linger(o.linger),
            SockOpt::RcvBuf => OptValue::Int(o.rcvbuf),
            SockOpt::SndBuf => OptValue::Int(o.sndbuf),
            SockOpt::Type => OptValue::Type(s.ty),
            SockOpt::Error => OptValue::Error(s.cold.error.take()),
            SockOpt::AcceptConn => OptValue::Bool(matches!(s.state, SockState::Listening { .. })),
            SockOpt::ClusterConnType => {
                // The seed: TcpClusterConnFlag records that the option was issued.
                let connected = matches!(s.state, SockState::Connected);
                let routing = if connected {
                    s.routing
                } else {
                    ClusterConnType::empty()
                };
                if connected {
                    let id = self.sock_id(task, fd)?;
                    self.note_result(id, routing, CredFlags::empty());
                }
                OptValue::Routing(routing)
            }
        })
    }

    pub fn setsockopt(&mut self, task: TaskId, fd: u32, opt: SockOpt, v: OptValue) -> R<()> {
        let (_, s) = self.sock_mut(task, fd)?;
        let o = &mut s.cold.opts;
        let bad = || SysplexError::Invalid(format!("{v:?} is not a value for {opt:?}"));
        match (opt, &v) {
            (SockOpt::ReuseAddr, OptValue::Bool(b)) => o.reuseaddr = *b,
            (SockOpt::KeepAlive, OptValue::Bool(b)) => o.keepalive = *b,
            (SockOpt::Broadcast, OptValue::Bool(b)) => o.broadcast = *b,
            (SockOpt::OobInline, OptValue::Bool(b)) => o.oobinline = *b,
            (SockOpt::NoDelay, OptValue::Bool(b)) => o.nodelay = *b,
            (SockOpt::Linger, OptValue::Linger(l)) => o.linger = *l,
            (SockOpt::RcvBuf, OptValue::Int(n)) if *n > 0 => o.rcvbuf = *n,
            (SockOpt::SndBuf, OptValue::Int(n)) if *n > 0 => o.sndbuf = *n,
            (
                SockOpt::Type | SockOpt::Error | SockOpt::AcceptConn | SockOpt::ClusterConnType,
                _,
            ) => return Err(SysplexError::NoSuchOption(format!("{opt:?} cannot be set"))),
            _ => return Err(bad()),
        }
        Ok(())
    }

    // ---- trusted connections ----

    /// SIOCSPARTNERINFO: collect the partner's credentials of type `reqtype` at connect or
    /// accept time.
    pub fn siocspartnerinfo(&mut self, task: TaskId, fd: u32, reqtype: PiReqType) -> R<()> {
        self.settle();
        let home = self.home_node(task);
        let (_, s) = self.sock(task, fd)?;
        if s.ty != SockType::Stream {
            return Err(SysplexError::NotTcp);
        }
        if !matches!(s.state, SockState::Fresh | SockState::Bound) {
            return Err(SysplexError::NotSupported(
                "SIOCSPARTNERINFO after connect or listen".into(),
            ));
        }
        if reqtype == PiReqType::Conntype {
            return Err(SysplexError::Invalid(
                "SIOCSPARTNERINFO needs a credential request type".into(),
            ));
        }
        let domain = self
            .node_system(home)
            .and_then(|sys| self.domains[sys.0].as_ref());
        if domain.is_none() {
            return Err(SysplexError::NoSecurityDomain);
        }
        self.sock_mut(task, fd)?.1.cold.set_pi = Some(reqtype);
        Ok(())
    }

    fn may_retrieve(&mut self, task: TaskId, stack: StackId) -> R<()> {
        let epoch = self.racf_gen;
        let ident = self.job(task);
        let sys = self.topo.stacks[stack.0].system;
        let caller = Caller {
            user: ident
                .task_user
                .as_deref()
                .or(ident.user.as_deref())
                .unwrap_or(""),
            apf: ident.apf,
            supervisor: ident.supervisor,
            sysname: &self.topo.systems[sys.0].name,
            tcpname: &self.topo.stacks[stack.0].name,
        };
        match self.tasks[task.0 as usize].auth {
            Some((g, s, true)) if g == epoch && s == stack => return Ok(()),
            _ => {}
        }
        let r = caller.may_retrieve(&self.racf[sys.0]);
        self.tasks[task.0 as usize].auth = Some((epoch, stack, r.is_ok()));
        r
    }

    fn union(a: PiReqType, b: PiReqType) -> PiReqType {
        let bits = a.allowed_creds() | b.allowed_creds();
        [
            PiReqType::PartnerUserid,
            PiReqType::PartnerUtoken,
            PiReqType::PartnerSeccred,
        ]
        .into_iter()
        .find(|t| t.allowed_creds() == bits)
        .unwrap_or(PiReqType::PartnerSeccred)
    }

    /// Partners on the same stack know each other's credentials from the start: no XCF
    /// message is needed (`trusted-tcp.md` §3.5). Called when the connection is set up and
    /// when the server side is accepted (its owner may change).
    fn same_stack_credentials(&mut self, a: SockId, b: SockId) {
        let (Some(sa), Some(sb)) = (self.socks.get(a), self.socks.get(b)) else {
            return;
        };
        if sa.node != sb.node || !matches!(sa.node, Some(Node::Stack(_))) {
            return;
        }
        let creds_of = |s: &Socket| self.tasks[s.cold.owner.0 as usize].creds.clone();
        let (ca, cb) = (creds_of(sa), creds_of(sb));
        for (id, creds) in [(a, cb), (b, ca)] {
            if let (Some(s), Some(c)) = (self.socks.get_mut(id), creds) {
                s.fetch = Fetch::Available(PiReqType::PartnerSeccred, c);
            }
        }
    }

    /// Asks the partner's stack for its credentials. When no request can go (the partner
    /// socket is gone, or is not on a stack), the answer is that there are none.
    fn start_fetch(&mut self, id: SockId, reqtype: PiReqType) {
        let Some(s) = self.socks.get(id) else { return };
        let want = match &s.fetch {
            Fetch::Available(t, _) | Fetch::InFlight(t) if t.covers(reqtype) => return,
            Fetch::Available(t, _) | Fetch::InFlight(t) => Sysplex::union(*t, reqtype),
            _ => reqtype,
        };
        let route = match (s.node, s.cold.peer.and_then(|p| self.socks.get(p))) {
            (Some(Node::Stack(from)), Some(p)) => match p.node {
                Some(Node::Stack(to)) if to != from => Some((from, to)),
                _ => None,
            },
            _ => None,
        };
        let (Some((from, to)), Some(peer)) = (route, s.cold.peer) else {
            if let Some(s) = self.socks.get_mut(id) {
                s.fetch = Fetch::Gone;
            }
            return;
        };
        let conn = (
            s.cold
                .local
                .unwrap_or_else(|| SocketAddr::new(unspecified(s.cold.family), 0)),
            s.cold
                .remote
                .unwrap_or_else(|| SocketAddr::new(unspecified(s.cold.family), 0)),
        );
        let msg = XcfMsg::Request {
            asker: id,
            partner: peer,
            reqtype: want,
            conn,
        };
        // Lost or undeliverable requests stay in flight: the waiter runs into ETIME.
        let _: Sent = self.xcf.send(&self.topo, self.now, from, to, msg);
        if let Some(s) = self.socks.get_mut(id) {
            s.fetch = Fetch::InFlight(want);
        }
    }

    fn held<'a>(&self, s: &'a Socket, reqtype: Option<PiReqType>) -> Held<'a> {
        let r = reqtype.unwrap_or(PiReqType::PartnerSeccred);
        match &s.fetch {
            Fetch::Available(t, c) if t.covers(r) => Held::Available(c),
            Fetch::InFlight(t) if t.covers(r) => Held::Pending,
            _ => Held::NotFetched,
        }
    }

    /// Records on the connection's TCB that routing was asked for (TcpClusterConnFlag) and
    /// which credentials were retrieved (TcpTrustedPartner). The socket remembers what it
    /// wrote, so a repeated call does not touch the TCB.
    fn note_result(&mut self, id: SockId, routing: ClusterConnType, flags: CredFlags) {
        let Some(s) = self.socks.get_mut(id) else {
            return;
        };
        let cluster =
            ClusterConnFlag::REQUESTED | ClusterConnFlag::from_bits_retain(routing.bits());
        let mut trusted = s.noted.1;
        trusted.set(
            TrustedPartner::USERID,
            trusted.contains(TrustedPartner::USERID) || flags.intersects(CredFlags::USERIDS),
        );
        trusted.set(
            TrustedPartner::UTOKEN,
            trusted.contains(TrustedPartner::UTOKEN) || flags.intersects(CredFlags::UTOKENS),
        );
        if s.noted == (cluster, trusted) {
            return;
        }
        s.noted = (cluster, trusted);
        if let Some(t) = s.tcb {
            self.tcbs[t].cluster = cluster;
            self.tcbs[t].trusted = trusted;
        }
    }

    /// SIOCGPARTNERINFO on the caller's area, filled in place. When the credentials must come
    /// over XCF and the caller may wait, the request goes out and the answer is
    /// [`PiOutcome::Wait`]; only one such wait can be outstanding per socket (EALREADY).
    pub fn siocgpartnerinfo(&mut self, task: TaskId, fd: u32, area: &mut [u8]) -> R<PiOutcome> {
        self.settle();
        let (id, s) = self.sock(task, fd)?;
        if s.pi_waiter.is_some() {
            return Err(SysplexError::AlreadyOutstanding);
        }
        let reqtype = area
            .get(8..12)
            .and_then(|w| PiReqType::from_word(u32::from_be_bytes([w[0], w[1], w[2], w[3]])));
        let local_stack = match s.node {
            Some(Node::Stack(st)) => Some(st),
            _ => None,
        };
        // Authorization is decided here (and cached) only when the request needs it.
        let needs_auth = reqtype.is_some_and(|r| r != PiReqType::Conntype);
        let auth = match (needs_auth, local_stack) {
            (true, Some(st)) => self.may_retrieve(task, st),
            _ => Ok(()),
        };
        let s = self.socks.get(id).ok_or(SysplexError::BadDescriptor(fd))?;
        let connected = matches!(s.state, SockState::Connected);
        let view = ConnectionView {
            tcp: s.ty == SockType::Stream,
            connected,
            routing: if connected {
                s.routing
            } else {
                ClusterConnType::empty()
            },
            partner_in_plex: s.partner_system.is_some() && local_stack.is_some(),
            local_domain: local_stack
                .and_then(|st| self.domains[self.topo.stacks[st.0].system.0].as_deref()),
            partner_domain: s
                .partner_system
                .and_then(|sys| self.domains[sys as usize].as_deref()),
            held: self.held(s, reqtype),
        };
        let routing = view.routing;
        let outcome = credentials::siocgpartnerinfo(area, || auth, &view);
        if connected && view.tcp && outcome.is_ok() {
            self.note_result(id, routing, CredFlags::empty());
        }
        match outcome? {
            Outcome::Done(flags) => {
                self.note_result(id, routing, flags);
                Ok(PiOutcome::Done(flags))
            }
            Outcome::Wait { timeout, request } => {
                self.start_fetch(id, request.reqtype);
                if let Some(s) = self.socks.get_mut(id) {
                    s.pi_waiter = Some(task);
                }
                Ok(PiOutcome::Wait {
                    deadline: self.now.saturating_add(u64::from(timeout) * 1_000_000),
                })
            }
        }
    }

    /// Whether a waiting SIOCGPARTNERINFO can finish: the answer came, or the socket is gone.
    pub fn credentials_arrived(&self, task: TaskId, fd: u32) -> bool {
        match self.sock(task, fd) {
            Ok((_, s)) => !matches!(s.fetch, Fetch::InFlight(_)),
            Err(_) => true,
        }
    }

    /// Finishes a SIOCGPARTNERINFO that had to wait: `None` while it must wait longer; at
    /// the deadline (`expired`), ETIME. The area is the same one the call started with.
    pub fn siocgpartnerinfo_resume(
        &mut self,
        task: TaskId,
        fd: u32,
        area: &mut [u8],
        expired: bool,
    ) -> Option<R<CredFlags>> {
        self.settle();
        let (id, s) = match self.sock(task, fd) {
            Ok(x) => x,
            Err(e) => return Some(Err(e)),
        };
        let request = match check_request(area) {
            Ok(r) => r,
            Err(e) => return Some(Err(SysplexError::Invalid(e.to_string()))),
        };
        let routing = s.routing;
        let result = match &s.fetch {
            Fetch::Available(t, c) if t.covers(request.reqtype) => {
                let c = Arc::clone(c);
                Ok(credentials::fill(area, &request, routing, Some(&c)))
            }
            Fetch::Gone => Err(SysplexError::NoPartnerInfo),
            _ if expired => Err(SysplexError::TimedOut),
            Fetch::InFlight(_) => return None,
            // An answer that did not cover the request: ask for the rest.
            _ => {
                self.start_fetch(id, request.reqtype);
                return match self.socks.get(id).map(|s| &s.fetch) {
                    Some(Fetch::InFlight(_)) => None,
                    _ => self.siocgpartnerinfo_resume(task, fd, area, expired),
                };
            }
        };
        if let Some(s) = self.socks.get_mut(id) {
            s.pi_waiter = None;
            if matches!(result, Err(SysplexError::TimedOut)) {
                // The reissued ioctl asks again (`trusted-tcp.md` §3.2).
                s.fetch = Fetch::NotFetched;
            }
        }
        if let Ok(flags) = result {
            self.note_result(id, routing, flags);
        }
        Some(result)
    }

    // ---- time ----

    /// When the next message or segment arrives, if any is on its way.
    pub fn next_event(&self) -> Option<VirtualTime> {
        let net = self.events.peek().map(|Reverse(t)| t.at);
        match (net, self.xcf.next_arrival()) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Moves the clock to `to`, delivering everything that arrives by then in order.
    pub fn advance(&mut self, to: VirtualTime) {
        while let Some(t) = self.next_event().filter(|t| *t <= to) {
            self.now = self.now.max(t);
            self.deliver_due();
        }
        self.now = self.now.max(to);
    }

    /// Runs the clock until nothing is on its way.
    pub fn run_until_idle(&mut self) {
        while let Some(t) = self.next_event() {
            self.advance(t);
        }
    }

    /// Delivers what is due at the current time.
    fn settle(&mut self) {
        if self.next_event().is_some_and(|t| t <= self.now) {
            self.deliver_due();
        }
    }

    fn deliver_due(&mut self) {
        loop {
            let net_due = self
                .events
                .peek()
                .is_some_and(|Reverse(t)| t.at <= self.now);
            let xcf_due = self.xcf.next_arrival().is_some_and(|t| t <= self.now);
            if net_due
                && (!xcf_due
                    || self.events.peek().map(|Reverse(t)| t.at) <= self.xcf.next_arrival())
            {
                if let Some(Reverse(t)) = self.events.pop() {
                    self.on_net(t.ev);
                }
            } else if xcf_due {
                for d in self.xcf.deliver(&self.topo, self.now) {
                    self.on_xcf(d.from, d.to, d.body);
                }
            } else {
                break;
            }
        }
    }

    fn find_listener(&self, node: Node, to: SocketAddr) -> Option<SockId> {
        let holders = self.ports.get(&(node, to.port()))?;
        let mut best = None;
        for h in holders {
            let Some(s) = self.socks.get(*h) else {
                continue;
            };
            if !matches!(s.state, SockState::Listening { .. }) {
                continue;
            }
            let Some(l) = s.cold.local.map(canonical) else {
                continue;
            };
            let family_ok = match (s.cold.family, to) {
                (Family::Inet, SocketAddr::V4(_)) | (Family::Inet6, _) => true,
                (Family::Inet, SocketAddr::V6(_)) => false,
            };
            if !family_ok {
                continue;
            }
            if l.ip() == to.ip() || (to.ip().is_loopback() && l.ip().is_loopback()) {
                return Some(*h);
            }
            if l.ip().is_unspecified() {
                best = best.or(Some(*h));
            }
        }
        best
    }

    fn on_net(&mut self, ev: NetEvent) {
        match ev {
            NetEvent::Syn {
                client,
                from,
                to,
                node,
            } => self.on_syn(client, from, to, node),
            NetEvent::SynAck { client, server } => self.on_synack(client, server),
            NetEvent::Refused { client, to } => {
                if let Some(c) = self.socks.get_mut(client) {
                    c.state = SockState::Failed;
                    c.cold.error = Some(SysplexError::ConnectionRefused(show(to)));
                    if let Some(t) = c.tcb.take() {
                        self.tcbs[t].state = TcpState::Closed;
                        self.retire_tcb(t);
                    }
                }
            }
            NetEvent::Data { to, bytes } => {
                let now = self.now;
                if let Some(s) = self.socks.get_mut(to) {
                    s.cold.incoming = s.cold.incoming.saturating_sub(bytes.len() as u32);
                    if let Some(t) = s.tcb {
                        let t = &mut self.tcbs[t];
                        t.bytes_in += bytes.len() as u64;
                        t.segs_in += 1;
                        t.last_activity = now;
                    }
                    if !s.shut_rd {
                        s.cold.rx.extend(bytes);
                    }
                }
            }
            NetEvent::Fin { to } => {
                if let Some(s) = self.socks.get_mut(to) {
                    s.eof = true;
                    if let Some(t) = s.tcb
                        && self.tcbs[t].state == TcpState::Establsh
                    {
                        self.tcbs[t].state = TcpState::ClosWait;
                    }
                }
            }
            NetEvent::Datagram {
                node,
                from,
                to,
                bytes,
            } => {
                let target = self.ports.get(&(node, to.port())).and_then(|hs| {
                    hs.iter().copied().find(|h| {
                        self.socks.get(*h).is_some_and(|s| {
                            s.ty == SockType::Datagram
                                && s.cold
                                    .local
                                    .map(canonical)
                                    .is_some_and(|l| l.ip().is_unspecified() || l.ip() == to.ip())
                        })
                    })
                });
                // No receiver: the datagram is dropped, as UDP does.
                if let Some(s) = target.and_then(|t| self.socks.get_mut(t)) {
                    s.cold.datagrams.push_back((from, bytes));
                }
            }
        }
    }

    fn on_syn(&mut self, client: SockId, from: SocketAddr, to: SocketAddr, node: Node) {
        let Some(client_node) = self.socks.get(client).and_then(|c| c.node) else {
            return;
        };
        let delay = self.latency(node, client_node);
        let listener = self.find_listener(node, to).filter(|l| {
            self.socks.get(*l).is_some_and(|s| match &s.state {
                SockState::Listening { backlog } => s.cold.queue.len() < *backlog as usize,
                _ => false,
            })
        });
        // Nobody listening, or the backlog full: the SYN is answered with a reset
        // (`reconstructed` for the full backlog; a real stack may drop the SYN instead).
        let Some(lid) = listener else {
            self.schedule(delay, NetEvent::Refused { client, to });
            return;
        };
        let Some(l) = self.socks.get(lid) else { return };
        let mut child = Socket::new(l.cold.owner, l.cold.family, SockType::Stream);
        child.node = Some(node);
        child.cold.local = Some(as_family(to, l.cold.family));
        child.cold.remote = Some(as_family(from, l.cold.family));
        child.state = SockState::Connected;
        child.cold.peer = Some(client);
        child.cold.set_pi = l.cold.set_pi;
        child.cold.opts = l.cold.opts;
        child.routing = self.routing(node, from.ip());
        child.partner_system = self.node_system(client_node).map(|s| s.0 as u32);
        let child = self.socks.insert(child);
        if let Some(l) = self.socks.get_mut(lid) {
            l.cold.queue.push_back(child);
        }
        let server_tcb = self.new_tcb(child, TcpState::Establsh, false);
        let client_tcb = self.socks.get(client).and_then(|c| c.tcb);
        if let (Some(a), Some(b)) = (server_tcb, client_tcb) {
            self.tcbs[a].peer_tcb = Some(b);
            self.tcbs[b].peer_tcb = Some(a);
        }
        self.schedule(
            delay,
            NetEvent::SynAck {
                client,
                server: child,
            },
        );
    }

    fn routing(&self, node: Node, remote: IpAddr) -> ClusterConnType {
        match node {
            Node::Stack(s) => self.topo.classify(s, Some(remote)),
            Node::Host(_) => ClusterConnType::NONE,
        }
    }

    fn on_synack(&mut self, client: SockId, server: SockId) {
        let server_node = self.socks.get(server).and_then(|s| s.node);
        let Some(c) = self.socks.get(client) else {
            // The client went away meanwhile: the server side sees the connection closed.
            if let Some(s) = self.socks.get_mut(server) {
                s.eof = true;
            }
            return;
        };
        if !matches!(c.state, SockState::Connecting) {
            return;
        }
        let node = c.node;
        let remote = c.cold.remote.map(canonical);
        let routing = match (node, remote) {
            (Some(n), Some(r)) => self.routing(n, r.ip()),
            _ => ClusterConnType::empty(),
        };
        let partner_system = server_node.and_then(|n| self.node_system(n));
        let set_pi = c.cold.set_pi;
        let tcb = c.tcb;
        if let Some(c) = self.socks.get_mut(client) {
            c.state = SockState::Connected;
            c.cold.peer = Some(server);
            c.routing = routing;
            c.partner_system = partner_system.map(|s| s.0 as u32);
        }
        if let Some(t) = tcb {
            self.tcbs[t].state = TcpState::Establsh;
            self.tcbs[t].start = self.now;
        }
        self.same_stack_credentials(client, server);
        // The seed: with SIOCSPARTNERINFO before connect, the client stack asks once the
        // connect is complete.
        if let Some(r) = set_pi {
            self.start_fetch(client, r);
        }
    }

    fn on_xcf(&mut self, from: StackId, to: StackId, msg: XcfMsg) {
        match msg {
            XcfMsg::Request {
                asker,
                partner,
                reqtype,
                ..
            } => {
                let creds = self
                    .socks
                    .get(partner)
                    .and_then(|p| self.tasks[p.cold.owner.0 as usize].creds.clone());
                let reply = XcfMsg::Reply {
                    asker,
                    reqtype,
                    creds,
                };
                let _: Sent = self.xcf.send(&self.topo, self.now, to, from, reply);
            }
            XcfMsg::Reply {
                asker,
                reqtype,
                creds,
            } => {
                if let Some(s) = self.socks.get_mut(asker) {
                    s.fetch = match (creds, &s.fetch) {
                        (None, _) => Fetch::Gone,
                        (Some(c), Fetch::Available(t, _)) => {
                            Fetch::Available(Sysplex::union(*t, reqtype), c)
                        }
                        (Some(c), _) => Fetch::Available(reqtype, c),
                    };
                }
            }
        }
    }

    // ---- reports ----

    /// The connections and listeners a node has known, oldest first.
    pub fn tcbs(&self, node: Node) -> Vec<&Tcb> {
        let mut v: Vec<&Tcb> = self
            .tcbs
            .iter()
            .filter(|t| t.node == node && !t.freed)
            .collect();
        v.sort_by_key(|t| t.conn_id);
        v
    }

    /// A TCB whose socket is gone stays for Netstat among the stack's recently closed ones,
    /// the oldest of which make room ([`RECENTLY_CLOSED`] per stack).
    fn retire_tcb(&mut self, t: usize) {
        let q = self.closed_tcbs.entry(self.tcbs[t].node).or_default();
        q.push_back(t);
        if q.len() <= RECENTLY_CLOSED {
            return;
        }
        let Some(old) = q.pop_front() else { return };
        if let Some(p) = self.tcbs[old].peer_tcb
            && self.tcbs[p].peer_tcb == Some(old)
        {
            self.tcbs[p].peer_tcb = None;
        }
        self.tcbs[old].freed = true;
        self.free_tcbs.push(old);
    }

    /// Refreshes the buffered-byte counts of live connections (for reports).
    pub fn refresh_tcbs(&mut self) {
        for (_, s) in self
            .socks
            .slots
            .iter_mut()
            .filter_map(|(g, s)| Some((g, s.as_mut()?)))
        {
            if let Some(t) = s.tcb {
                self.tcbs[t].in_buffered = s.cold.rx.len() as u32;
            }
        }
    }
}

#[cfg(test)]
mod tests;

/// The test plex of `plex/tests.rs` (SYS1 with TCPCS1 and TCPCS3, SYS2 with TCPCS2 over XCF,
/// SYS3 with TCPCS4 over a LAN, host PCLIENT; domain PLEX1), for other modules' tests.
#[cfg(test)]
pub(crate) fn test_plex() -> Sysplex {
    tests::plex()
}
