//! The sysplex's live state: address spaces and tasks, their sockets, the TCP connections
//! between stacks (and hosts outside the plex), the partner-credential exchange over XCF, and
//! the event queue on the virtual clock.
//!
//! Every operation is non-blocking: where a z/OS call would suspend, the model says so
//! ([`SysplexError::WouldBlock`], [`SysplexError::ConnectInProgress`], [`PiOutcome::Wait`]) and
//! the caller decides. The scheduler (`sched.rs`) parks tasks on those answers; benchmarks and
//! library users drive the model directly and move the clock themselves ([`Sysplex::advance`]).
//!
//! What IBM documents (`docs/reference/trusted-tcp.md`) is followed; the TCP mechanics below it (latencies,
//! window, state names on close) are the project's (`reconstructed`), chosen to be simple and
//! to behave as a z/OS programmer expects from the socket calls.
//!
//! This module holds the state, jobs, descriptors and the clock; the calls are split by subject:
//! `sockets` (the socket calls), `trusted` (SIOCSPARTNERINFO, SIOCGPARTNERINFO and the XCF
//! exchange) and `network` (what arrives, when).

use std::cmp::{Ordering, Reverse};
use std::collections::{BTreeMap, BinaryHeap, VecDeque};

// The model's maps are keyed by small numbers it makes itself (nodes, ports), so SipHash's
// defence against chosen keys buys nothing here and costs a hash on every connect; rustc's
// own FxHash (the rust-lang rustc-hash crate) is the fast, well-kept alternative.
use rustc_hash::FxHashMap as HashMap;
use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV6};
use std::sync::Arc;

use crate::areas::nmi::{ClusterConnFlag, TrustedPartner};
use crate::areas::partnerinfo::{CredFlags, PiReqType, check_request};
use crate::areas::sockopt::ClusterConnType;
use crate::racf::Racf;

use super::credentials::{self, Caller, ConnectionView, Held, Outcome, PartnerCredentials};
use super::journal::{Journal, What, XcfStep};
use super::xcf::{Arrived, Sent, Xcf, XcfConfig};
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

impl JobIdentity {
    /// A job on a stack (`SYS/PROC`, or a procedure name that is unique) under `user`: no
    /// task-level user, not APF-authorized, in problem state. `None` when there is no such
    /// stack.
    pub fn on_stack(topo: &Topology, name: &str, stack: &str, user: &str) -> Option<JobIdentity> {
        let st = topo.stack(stack)?;
        Some(JobIdentity {
            name: name.into(),
            place: Place::Stack {
                system: topo.stacks[st.0].system,
                stack: st,
            },
            user: Some(user.into()),
            task_user: None,
            apf: false,
            supervisor: false,
        })
    }
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
    /// SOCK_RAW, with its IP protocol.
    Raw(u8),
}

impl SockType {
    /// Datagrams rather than a byte stream: a UDP or a raw socket.
    pub fn is_message(self) -> bool {
        !matches!(self, SockType::Stream)
    }
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
    /// IP_MULTICAST_IF: an address ([`OptValue::Addr`]).
    MulticastIf,
    /// IP_MULTICAST_TTL, 0 to 255.
    MulticastTtl,
    MulticastLoop,
    /// IP_ADD_MEMBERSHIP and IP_DROP_MEMBERSHIP: [`OptValue::Group`]; set only.
    AddMembership,
    DropMembership,
    /// IPV6_MULTICAST_IF: an interface number.
    V6MulticastIf,
    /// IPV6_MULTICAST_HOPS, 0 to 255.
    V6MulticastHops,
    V6MulticastLoop,
    /// IPV6_JOIN_GROUP and IPV6_LEAVE_GROUP: [`OptValue::Group6`]; set only.
    V6JoinGroup,
    V6LeaveGroup,
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
    /// An interface address (IP_MULTICAST_IF).
    Addr(IpAddr),
    /// A group and the interface address to join it on (an ip_mreq).
    Group(IpAddr, IpAddr),
    /// An IPv6 group and the interface number to join it on (an ipv6_mreq).
    Group6(IpAddr, u32),
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
    /// The Netstat spelling (`third-party` for Listen and Establsh, `docs/reference/trusted-tcp.md` §5.2; the
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

    /// NWMConnState (`third-party`, `docs/reference/trusted-tcp.md` §6).
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
    /// The partner socket is gone (its stack answered so, or it was closed before the
    /// request could go): the connection is over, and the call fails with ENOTCONN.
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
    /// Its stack ended (EIO), or its partner's did (ECONNRESET): every call but CLOSE gets
    /// the error (kept in [`Cold::broken`], so the state stays a word), and SELECT shows it
    /// readable and writable.
    Broken,
}

/// A socket. What SIOCGPARTNERINFO reads sits inline; the rest (owner, addresses, buffers,
/// options) is boxed, so a socket and its epoch fill one 64-byte line of the slab and a hundred
/// thousand of them touch as few cache lines and pages as they can.
#[derive(Clone, Debug)]
struct Socket {
    ty: SockType,
    eof: bool,
    shut_rd: bool,
    shut_wr: bool,
    routing: ClusterConnType,
    /// TcpClusterConnFlag and TcpTrustedPartner as last written to the TCB.
    noted: (ClusterConnFlag, TrustedPartner),
    /// Its node ([`Socket::node`]).
    node: Opt32,
    state: SockState,
    fetch: Fetch,
    /// The task waiting in SIOCGPARTNERINFO on this socket ([`Socket::pi_waiter`]).
    pi_waiter: Opt32,
    /// The partner's system (index), when it is in the sysplex.
    partner_system: Opt32,
    /// Its TCB (an index in `tcbs`).
    tcb: Opt32,
    cold: Box<Cold>,
}

/// An optional small number in four bytes (the number plus one; none is 0), so a socket's hot
/// part fits in a cache line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Opt32(Option<std::num::NonZeroU32>);

impl Opt32 {
    fn new(v: Option<u32>) -> Opt32 {
        Opt32(v.and_then(|v| std::num::NonZeroU32::new(v.wrapping_add(1))))
    }

    fn get(self) -> Option<u32> {
        self.0.map(|n| n.get() - 1)
    }
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
    /// Why the socket is [`SockState::Broken`].
    broken: Option<SysplexError>,
    /// Ports this socket holds in its nodes' port tables.
    ports: Vec<(Node, u16)>,
    opts: Opts,
    mcast: multicast::McastOpts,
    /// The multicast groups the socket joined.
    groups: Vec<multicast::Membership>,
    datagrams: VecDeque<(SocketAddr, Vec<u8>)>,
    /// A listener's connections waiting for accept.
    queue: VecDeque<SockId>,
    /// GIVESOCKET's offer.
    given: Option<Given>,
    /// Descriptors beyond the first that name this socket (one per TAKESOCKET); the socket
    /// ends when the last is closed.
    shares: u32,
}

/// A socket offered by GIVESOCKET: to whom, by which task, and whether it has been taken.
#[derive(Clone, Debug)]
struct Given {
    to: ClientId,
    giver: TaskId,
    /// The descriptor the taker names: the giver's own number for the socket in its API (a
    /// REXX socket set numbers its sockets itself).
    named: u32,
    taken: bool,
}

/// A client ID of GIVESOCKET and TAKESOCKET: the job (address space) name and a subtask name,
/// blank for any task of the job (`confirmed` shape, CLIENTID in the IP Sockets API).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientId {
    pub job: String,
    pub subtask: String,
}

impl Socket {
    fn tcb(&self) -> Option<usize> {
        self.tcb.get().map(|t| t as usize)
    }

    fn set_tcb(&mut self, t: Option<usize>) {
        self.tcb = Opt32::new(t.and_then(|t| u32::try_from(t).ok()));
    }

    /// The node it is bound to or lives on (a stack's index twice, a host's twice plus one).
    fn node(&self) -> Option<Node> {
        self.node.get().map(|n| match n & 1 {
            0 => Node::Stack(StackId((n >> 1) as usize)),
            _ => Node::Host((n >> 1) as usize),
        })
    }

    fn set_node(&mut self, node: Node) {
        let n = match node {
            Node::Stack(s) => (s.0 as u32) << 1,
            Node::Host(h) => ((h as u32) << 1) | 1,
        };
        self.node = Opt32::new(Some(n));
    }

    fn pi_waiter(&self) -> Option<TaskId> {
        self.pi_waiter.get().map(TaskId)
    }

    fn set_pi_waiter(&mut self, t: Option<TaskId>) {
        self.pi_waiter = Opt32::new(t.map(|t| t.0));
    }

    fn partner_system(&self) -> Option<u32> {
        self.partner_system.get()
    }

    fn new(owner: TaskId, family: Family, ty: SockType) -> Socket {
        Socket {
            ty,
            eof: false,
            shut_rd: false,
            shut_wr: false,
            routing: ClusterConnType::empty(),
            noted: (ClusterConnFlag::empty(), TrustedPartner::empty()),
            node: Opt32::default(),
            state: SockState::Fresh,
            fetch: Fetch::NotFetched,
            pi_waiter: Opt32::default(),
            partner_system: Opt32::default(),
            tcb: Opt32::default(),
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
                broken: None,
                ports: Vec::new(),
                opts: Opts::default(),
                mcast: multicast::McastOpts::default(),
                groups: Vec::new(),
                datagrams: VecDeque::new(),
                queue: VecDeque::new(),
                given: None,
                shares: 0,
            }),
        }
    }
}

/// A slab entry: the socket and its epoch, aligned to a cache line so the socket a call
/// needs costs one line (`Socket` is 56 bytes: what SIOCGPARTNERINFO reads, the rest boxed).
#[derive(Clone, Debug)]
#[repr(align(64))]
struct SlabSlot(u32, Option<Socket>);

#[derive(Clone, Debug, Default)]
struct Slab {
    slots: Vec<SlabSlot>,
    free: Vec<u32>,
    /// Slots a waiting task watches ([`Sysplex::watch`]), one bit each.
    watched: Vec<u64>,
    /// Watched slots changed since the scheduler last looked ([`Sysplex::take_touched`]).
    touched: Vec<u32>,
}

impl Slab {
    /// A slot is about to change: if a task watches it, note it once for the scheduler.
    /// Every change to a socket goes through `get_mut`, `insert` or `remove`, so none
    /// escapes the scheduler's wake-ups.
    fn touch(&mut self, index: u32) {
        let (word, bit) = (index as usize / 64, 1u64 << (index % 64));
        if let Some(w) = self.watched.get_mut(word)
            && *w & bit != 0
        {
            *w &= !bit;
            self.touched.push(index);
        }
    }

    fn watch(&mut self, index: u32) {
        let word = index as usize / 64;
        if self.watched.len() <= word {
            self.watched.resize(word + 1, 0);
        }
        self.watched[word] |= 1 << (index % 64);
    }

    fn insert(&mut self, s: Socket) -> SockId {
        if let Some(index) = self.free.pop() {
            self.touch(index);
            let slot = &mut self.slots[index as usize];
            slot.1 = Some(s);
            SockId {
                index,
                epoch: slot.0,
            }
        } else {
            self.slots.push(SlabSlot(0, Some(s)));
            SockId {
                index: (self.slots.len() - 1) as u32,
                epoch: 0,
            }
        }
    }

    fn get(&self, id: SockId) -> Option<&Socket> {
        match self.slots.get(id.index as usize) {
            Some(SlabSlot(epoch, Some(s))) if *epoch == id.epoch => Some(s),
            _ => None,
        }
    }

    fn get_mut(&mut self, id: SockId) -> Option<&mut Socket> {
        self.touch(id.index);
        match self.slots.get_mut(id.index as usize) {
            Some(SlabSlot(epoch, Some(s))) if *epoch == id.epoch => Some(s),
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
        self.touch(id.index);
        Some(s)
    }

    fn live(&self) -> usize {
        self.slots.len() - self.free.len()
    }

    /// Every live socket's id.
    fn ids(&self) -> Vec<SockId> {
        self.slots
            .iter()
            .enumerate()
            .filter(|(_, SlabSlot(_, s))| s.is_some())
            .map(|(i, SlabSlot(epoch, _))| SockId {
                index: i as u32,
                epoch: *epoch,
            })
            .collect()
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
    /// The job has begun ([`Sysplex::job_started`]).
    started: bool,
    /// Its tasks that have not ended.
    live: u32,
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
    /// A raw IP datagram of protocol `proto`.
    Raw {
        node: Node,
        from: SocketAddr,
        to: SocketAddr,
        proto: u8,
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
    /// What has happened in the run ([`Sysplex::journal`]).
    journal: Journal,
    /// IP latency between every two stacks ([`Topology::ip_latencies`]).
    ip_latency: Vec<u64>,
    /// [`Topology::path_internal`] between every two stacks, worked out once: every connect
    /// asks.
    paths: Vec<Option<bool>>,
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
    /// Each system's hardcopy and syslogd logs.
    logs: Vec<super::console::SystemLog>,
    /// Started-task procedures and files (configuration), by system.
    procs: Vec<(SystemId, super::console::Procedure)>,
    files: BTreeMap<(SystemId, String), String>,
    /// The data sets the sysplex's shared catalog holds.
    catalog: super::catalog::Catalog,
    /// The DCAS started tasks that are running.
    dcas: Vec<crate::dcas::Dcas>,
    /// Set while DCAS serves, so what it sends and receives does not serve again.
    serving: bool,
    /// Stacks the operator has stopped (`P procname`), by stack index.
    stopped: Vec<bool>,
    /// ASIDs of ended jobs, for jobs defined after the last was handed out.
    free_asids: BinaryHeap<Reverse<u16>>,
}

/// The first ASID a job gets (`reconstructed`: the system's own address spaces come first).
const FIRST_ASID: usize = 0x30;

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

/// The data set a command reads (RACDCERT ADD's certificate): the file of that name on the
/// system `on` first, then the first on any system, in system order (the RACF database is the
/// sysplex's).
pub fn dataset<'a>(
    files: impl Iterator<Item = (SystemId, &'a str, &'a str)> + Clone,
    on: Option<SystemId>,
    name: &str,
) -> Option<String> {
    let of = |want: Option<SystemId>| {
        files
            .clone()
            .find(|(s, n, _)| want.is_none_or(|w| *s == w) && *n == name)
            .map(|(_, _, t)| t.to_owned())
    };
    of(on).or_else(|| of(None))
}

impl Sysplex {
    /// A sysplex of `topo`, each system starting with a copy of `racf` (a shared RACF
    /// database; [`Sysplex::racf_command`] can then change one system's copy).
    pub fn new(topo: Topology, racf: Racf, xcf: XcfConfig) -> Sysplex {
        let racf = vec![racf; topo.systems.len()];
        let topo_systems = topo.systems.len();
        let topo_stacks = topo.stacks.len();
        let domains = racf
            .iter()
            .map(|r| r.security_domain().map(str::to_owned))
            .collect();
        Sysplex {
            ip_latency: topo.ip_latencies(),
            paths: {
                let n = topo.stacks.len();
                (0..n * n)
                    .map(|i| topo.path_internal(StackId(i / n), StackId(i % n)))
                    .collect()
            },
            topo,
            racf,
            domains,
            racf_gen: 0,
            xcf: Xcf::new(xcf),
            journal: Journal::default(),
            now: VirtualTime::ZERO,
            spaces: Vec::new(),
            tasks: Vec::new(),
            socks: Slab::default(),
            tcbs: Vec::new(),
            free_tcbs: Vec::new(),
            closed_tcbs: HashMap::default(),
            events: BinaryHeap::new(),
            seq: 0,
            ports: HashMap::default(),
            next_port: HashMap::default(),
            next_conn_id: HashMap::default(),
            logs: vec![super::console::SystemLog::default(); topo_systems],
            procs: Vec::new(),
            files: BTreeMap::new(),
            catalog: Default::default(),
            dcas: Vec::new(),
            serving: false,
            stopped: vec![false; topo_stacks],
            free_asids: BinaryHeap::new(),
        }
    }

    /// Gives a system a started-task procedure (`S name` runs it).
    pub fn add_procedure(&mut self, system: SystemId, proc_: super::console::Procedure) {
        self.procs.push((system, proc_));
    }

    /// A system's procedure of that name.
    pub fn procedure(&self, system: SystemId, name: &str) -> Option<&super::console::Procedure> {
        self.procs
            .iter()
            .find(|(s, p)| *s == system && p.name == name)
            .map(|(_, p)| p)
    }

    /// Puts a file (a z/OS UNIX path or a data set name) on a system.
    pub fn add_file(&mut self, system: SystemId, name: &str, text: &str) {
        self.files
            .insert((system, name.to_owned()), text.to_owned());
    }

    /// Gives the sysplex its catalog.
    pub fn set_catalog(&mut self, catalog: super::catalog::Catalog) {
        self.catalog = catalog;
    }

    /// The catalog every system shares.
    pub fn catalog(&self) -> &super::catalog::Catalog {
        &self.catalog
    }

    /// A file's text, if the system has it.
    pub fn file(&self, system: SystemId, name: &str) -> Option<&str> {
        self.files
            .get(&(system, name.to_owned()))
            .map(String::as_str)
    }

    /// The DCAS started tasks that are running.
    pub fn dcas_mut(&mut self) -> &mut Vec<crate::dcas::Dcas> {
        &mut self.dcas
    }

    /// The running DCAS of that job name on a system.
    pub fn running_dcas(&self, system: SystemId, job: &str) -> Option<usize> {
        self.dcas
            .iter()
            .position(|d| d.system == system && d.job == job)
    }

    /// A system's hardcopy and syslogd logs.
    pub fn log(&self, system: SystemId) -> &super::console::SystemLog {
        &self.logs[system.0]
    }

    pub(crate) fn log_mut(&mut self, system: SystemId) -> &mut super::console::SystemLog {
        &mut self.logs[system.0]
    }

    /// The system a job runs on (`None` outside the sysplex).
    fn job_system(&self, ident: &JobIdentity) -> Option<SystemId> {
        match ident.place {
            Place::Stack { system, .. } | Place::Cinet { system } => Some(system),
            Place::Outside(_) => None,
        }
    }

    /// The jobs whose address spaces are active on a system, in the order they started: job
    /// name, ASID, user.
    pub fn active_spaces(
        &self,
        system: SystemId,
    ) -> impl Iterator<Item = (String, u16, String)> + '_ {
        self.spaces
            .iter()
            .filter(move |sp| {
                sp.live > 0 && sp.started && self.job_system(&sp.ident) == Some(system)
            })
            .map(|sp| {
                (
                    sp.ident.name.clone(),
                    sp.asid,
                    sp.ident.user.clone().unwrap_or_default(),
                )
            })
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
                let files = self
                    .files
                    .iter()
                    .map(|((s, n), t)| (*s, n.as_str(), t.as_str()));
                r.run_with(command, &|name| {
                    dataset(files.clone(), Some(SystemId(i)), name)
                })
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
        self.journal.xcf_trace(&self.topo)
    }

    /// What has happened in the run so far.
    pub fn journal(&self) -> &Journal {
        &self.journal
    }

    /// Records that `what` happened now.
    pub fn note(&mut self, what: What) {
        self.journal.record(self.now, what);
    }

    /// Sends an XCF message between stacks now, and records it.
    pub(super) fn xcf_send(&mut self, from: StackId, to: StackId, msg: XcfMsg) -> Sent {
        let (id, sent) = self.xcf.send(&self.topo, self.now, from, to, msg.clone());
        self.note(What::Xcf {
            id,
            from,
            to,
            step: XcfStep::Sent(sent),
            msg,
        });
        sent
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
        // ASIDs from X'0030', after the system address spaces, in the order jobs are defined
        // (`reconstructed`); past the last, a job takes one given back when it starts.
        let asid = u16::try_from(FIRST_ASID + self.spaces.len()).unwrap_or(0);
        self.spaces.push(AddressSpace {
            ident,
            asid,
            fds: Vec::new(),
            free_fds: BinaryHeap::new(),
            started: false,
            live: 1,
        });
        self.tasks.push(Task {
            space,
            creds,
            auth: None,
            ended: false,
        });
        Ok(TaskId(self.tasks.len() as u32 - 1))
    }

    /// The job of `task` begins running (the scheduler calls this at its start time): it is
    /// active from now, and its start goes to the operator ($HASP373, IEF403I).
    ///
    /// A job defined after every ASID was handed out takes the lowest one an ended job gave
    /// back; when there is none, its address space cannot be created: IEA602I, and `false`
    /// (the job does not run).
    pub fn job_started(&mut self, task: TaskId) -> bool {
        let space = self.task(task).space;
        if self.spaces[space.0 as usize].started {
            return true;
        }
        if self.spaces[space.0 as usize].asid == 0 {
            match self.free_asids.pop() {
                Some(Reverse(asid)) => self.spaces[space.0 as usize].asid = asid,
                None => {
                    if let Some(system) = self.job_system(&self.spaces[space.0 as usize].ident) {
                        let job = self.spaces[space.0 as usize].ident.name.clone();
                        use super::{console::wto, messages};
                        wto(
                            self,
                            system,
                            &job,
                            &messages::IEA602I,
                            &[&"MAXUSERS WOULD HAVE BEEN EXCEEDED"],
                        );
                    }
                    return false;
                }
            }
        }
        self.spaces[space.0 as usize].started = true;
        let sp = &self.spaces[space.0 as usize];
        let (ident, asid) = (&sp.ident, sp.asid);
        if let Some(system) = self.job_system(ident) {
            let (job, sys) = (ident.name.clone(), self.topo.systems[system.0].name.clone());
            let (time, asid) = (self.now.time_dotted(), format!("{asid:04X}"));
            use super::{console::wto, messages};
            wto(self, system, &job, &messages::HASP373, &[&job]);
            wto(
                self,
                system,
                &job,
                &messages::IEF403I,
                &[&job, &time, &asid, &sys],
            );
        }
        true
    }

    /// Attaches another task to a job's address space (sharing its descriptors), with its own
    /// task-level user if it has one.
    pub fn add_task(&mut self, of: TaskId, task_user: Option<&str>) -> R<TaskId> {
        let space = self.task(of).space;
        let mut ident = self.space(space).ident.clone();
        ident.task_user = task_user.map(str::to_owned);
        let creds = self.credentials(&ident)?;
        self.spaces[space.0 as usize].live += 1;
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
        if std::mem::replace(&mut self.tasks[task.0 as usize].ended, true) {
            return;
        }
        let sp = &mut self.spaces[space.0 as usize];
        sp.live -= 1;
        if sp.live > 0 {
            return;
        }
        if sp.asid != 0 {
            self.free_asids.push(Reverse(sp.asid));
        }
        let fds = self.open_fds(task);
        for fd in fds {
            // Every fd listed is open, so close cannot fail here.
            let _ = self.close(task, fd);
        }
        let sp = &self.spaces[space.0 as usize];
        if let (true, Some(system)) = (sp.started, self.job_system(&sp.ident)) {
            let (job, time) = (sp.ident.name.clone(), self.now.time_dotted());
            use super::{console::wto, messages};
            wto(self, system, &job, &messages::IEF404I, &[&job, &time]);
            wto(self, system, &job, &messages::HASP395, &[&job]);
        }
    }

    /// Whether a stack is up (not stopped by the operator).
    pub fn stack_active(&self, stack: StackId) -> bool {
        !self.stopped.get(stack.0).copied().unwrap_or(false)
    }

    /// `P procname` of a stack: it leaves XCF; every socket on it breaks (EIO from then on)
    /// and its ports are free again; each partner of its connections elsewhere is reset
    /// (ECONNRESET); a DCAS with affinity to it ends. The same sockets stay broken after a
    /// START: applications open new ones.
    pub fn stop_stack(&mut self, stack: StackId) {
        let Some(flag) = self.stopped.get_mut(stack.0) else {
            return;
        };
        *flag = true;
        self.xcf_config_mut().down_stacks.insert(stack);
        let node = Node::Stack(stack);
        let name = self.topo.stacks[stack.0].name.clone();
        for id in self.socks.ids() {
            let Some(s) = self.socks.get(id) else {
                continue;
            };
            let on_stack = match s.node() {
                Some(n) => n == node,
                None => self.home_nodes(s.cold.owner) == [node],
            };
            if !on_stack {
                continue;
            }
            let (peer, tcb) = (s.cold.peer, s.tcb());
            if let Some(s) = self.socks.get_mut(id) {
                s.state = SockState::Broken;
                s.cold.broken = Some(SysplexError::StackDown(name.clone()));
                s.cold.ports.retain(|(n, _)| *n != node);
            }
            for t in [
                tcb,
                peer.and_then(|p| self.socks.get(p)).and_then(|p| p.tcb()),
            ]
            .into_iter()
            .flatten()
            {
                self.tcbs[t].state = TcpState::Closed;
                self.tcbs[t].last_activity = self.now;
            }
            if let Some(p) = peer.and_then(|p| self.socks.get_mut(p))
                && p.node() != Some(node)
                && !matches!(p.state, SockState::Broken)
            {
                p.state = SockState::Broken;
                p.cold.broken = Some(SysplexError::ConnectionReset);
            }
        }
        self.ports.retain(|(n, _), _| *n != node);
        let ended: Vec<usize> = (0..self.dcas.len())
            .rev()
            .filter(|&i| self.home_nodes(self.dcas[i].task) == [node])
            .collect();
        for i in ended {
            crate::dcas::lost_stack(self, i, &name);
        }
    }

    /// `S procname` of a stopped stack: it is up again and rejoins XCF.
    pub fn start_stack(&mut self, stack: StackId) {
        if let Some(flag) = self.stopped.get_mut(stack.0) {
            *flag = false;
            self.xcf_config_mut().down_stacks.remove(&stack);
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
            Node::Stack(s) => self.topo.stack_label(s),
            Node::Host(h) => self.topo.outside[h].name.clone(),
        }
    }

    /// One-way latency of IP traffic between two nodes: over the links between stacks (the
    /// XCF latency is the credential exchange's, not IP's).
    fn latency(&self, a: Node, b: Node) -> u64 {
        match (a, b) {
            (x, y) if x == y => 0,
            (Node::Stack(x), Node::Stack(y)) => self.ip_latency[x.0 * self.topo.stacks.len() + y.0],
            _ => OUTSIDE_LATENCY_US,
        }
    }

    /// [`Topology::path_internal`], from the table.
    fn path_internal(&self, a: StackId, b: StackId) -> Option<bool> {
        self.paths[a.0 * self.topo.stacks.len() + b.0]
    }

    /// Whether stack `a` reaches stack `b` by any path.
    fn reaches(&self, a: StackId, b: StackId) -> bool {
        self.path_internal(a, b).is_some()
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

    /// The socket behind a descriptor, whatever its state (SELECT and CLOSE look at broken
    /// sockets too).
    fn sock_any(&self, task: TaskId, fd: u32) -> R<(SockId, &Socket)> {
        let id = self.sock_id(task, fd)?;
        let s = self.socks.get(id).ok_or(SysplexError::BadDescriptor(fd))?;
        Ok((id, s))
    }

    /// The socket behind a descriptor, for a call that uses it: a broken one gives its error.
    fn sock(&self, task: TaskId, fd: u32) -> R<(SockId, &Socket)> {
        let (id, s) = self.sock_any(task, fd)?;
        match &s.state {
            SockState::Broken => Err(s
                .cold
                .broken
                .clone()
                .unwrap_or(SysplexError::ConnectionReset)),
            _ => Ok((id, s)),
        }
    }

    fn sock_mut(&mut self, task: TaskId, fd: u32) -> R<(SockId, &mut Socket)> {
        let id = self.sock(task, fd)?.0;
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

    /// Asks to be told ([`Sysplex::take_touched`]) of the next change to what decides whether
    /// `fd` of `task` is readable, writable, connected or exceptional, or has its partner's
    /// credentials: its socket, and its partner, whose window decides writability. A
    /// descriptor that is bad needs no watch: it is ready (the call says EBADF).
    pub(crate) fn watch(&mut self, task: TaskId, fd: u32) -> [Option<u32>; 2] {
        let Ok(id) = self.sock_id(task, fd) else {
            return [None, None];
        };
        let peer = self
            .socks
            .get(id)
            .and_then(|s| s.cold.peer)
            .map(|p| p.index);
        self.socks.watch(id.index);
        if let Some(p) = peer {
            self.socks.watch(p);
        }
        [Some(id.index), peer]
    }

    /// The watched sockets (by slot) that changed since the last call, each once.
    pub(crate) fn take_touched(&mut self, into: &mut Vec<u32>) {
        into.append(&mut self.socks.touched);
    }

    /// Sockets alive in the model (open, or connected and not yet accepted).
    pub fn live_sockets(&self) -> usize {
        self.socks.live()
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
                for (d, arrived) in self.xcf.deliver(&self.topo, self.now) {
                    let step = match arrived {
                        Arrived::Received => XcfStep::Received,
                        Arrived::Dropped => XcfStep::Dropped,
                    };
                    self.journal.record(
                        d.at,
                        What::Xcf {
                            id: d.id,
                            from: d.from,
                            to: d.to,
                            step,
                            msg: d.body.clone(),
                        },
                    );
                    if arrived == Arrived::Received {
                        self.on_xcf(d.from, d.to, d.body);
                    }
                }
            } else {
                break;
            }
        }
        // DCAS answers what has just arrived (crate::dcas::service).
        if !self.dcas.is_empty() && !self.serving {
            self.serving = true;
            crate::dcas::service::serve(self);
            self.serving = false;
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
            .filter_map(|SlabSlot(g, s)| Some((g, s.as_mut()?)))
        {
            if let Some(t) = s.tcb() {
                self.tcbs[t].in_buffered = s.cold.rx.len() as u32;
            }
        }
    }
}

mod multicast;
mod network;
mod raw;
mod sockets;
mod trusted;

#[cfg(test)]
mod tests;

/// The test plex of `plex/tests.rs` (SYS1 with TCPCS1 and TCPCS3, SYS2 with TCPCS2 over XCF,
/// SYS3 with TCPCS4 over a LAN, host PCLIENT; domain PLEX1), for other modules' tests.
#[cfg(test)]
pub(crate) fn test_plex() -> Sysplex {
    tests::plex()
}
