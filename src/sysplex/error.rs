//! The one error of the sysplex model. It says what went wrong in the model's terms; each API
//! layer maps it to its own numbering (z/OS UNIX errno and JR reason for BPX1IOC, BPX4IOC and
//! LE C; TCPERRNO for EZASMI, EZASOKET and REXX). The model holds no errno numbers.
//!
//! The conditions are those of `docs/reference/trusted-tcp.md` §4 (`confirmed` meanings); the names in the
//! comments are the errno each API reports.

/// What an operation on the sysplex model ran into.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SysplexError {
    /// EINVAL: an argument is malformed.
    #[error("invalid argument: {0}")]
    Invalid(String),
    /// ENOBUFS: the PartnerInfo area is too short; PI_Buflen gets `needed`.
    #[error("the area is too short; {needed} bytes are needed")]
    AreaTooShort { needed: u32 },
    /// EPROTOTYPE: a partner-information request on a socket that is not TCP.
    #[error("not a TCP socket")]
    NotTcp,
    /// ENOTCONN: the socket is not connected (client before connect, server before accept).
    #[error("the socket is not connected")]
    NotConnected,
    /// EACCES: credentials requested by a caller that is not APF-authorized, not in supervisor
    /// state, and has no READ to EZB.IOCTL.sysname.tcpprocname.PARTNERINFO.
    #[error("not authorized to {profile}")]
    NotAuthorized { profile: String },
    /// EPERM: no security domain is defined (EZBDOMAIN in SERVAUTH).
    #[error("no security domain is defined")]
    NoSecurityDomain,
    /// EPERM: the two endpoints are in different security domains.
    #[error("the partners are in different security domains")]
    DifferentSecurityDomain,
    /// ENOPARTNERINFO: the partner is outside the sysplex, or on a stack before V1R12.
    #[error("no partner information: the partner is not in the same sysplex")]
    NoPartnerInfo,
    /// EAGAIN: no-suspend mode and SIOCSPARTNERINFO was never issued.
    #[error("the credentials would have to be fetched, and the request may not wait")]
    WouldSuspend,
    /// EINPROGRESS: no-suspend mode after SIOCSPARTNERINFO; the credentials have not arrived.
    #[error("the credentials are on their way")]
    InProgress,
    /// EALREADY: a SIOCGPARTNERINFO is already outstanding on the socket.
    #[error("a request is already outstanding on the socket")]
    AlreadyOutstanding,
    /// ETIME: the wait for the credentials ran out.
    #[error("the wait for the partner's credentials expired")]
    TimedOut,
    /// EOPNOTSUPP: SIOCSPARTNERINFO after connect or listen, or an operation the socket does
    /// not support.
    #[error("not supported on this socket: {0}")]
    NotSupported(String),
    /// EBADF: the descriptor names no socket of the address space.
    #[error("socket {0} is not open")]
    BadDescriptor(u32),
    /// EMFILE: the address space has no free descriptor.
    #[error("no descriptor is free")]
    TooManyDescriptors,
    /// EAFNOSUPPORT: the address is of the other family than the socket.
    #[error("the address family does not match the socket")]
    FamilyMismatch,
    /// EADDRINUSE: another socket is bound to the address and port.
    #[error("address {0} is already in use")]
    AddressInUse(String),
    /// EADDRNOTAVAIL: the address is not a home address of the stack.
    #[error("address {0} is not a home address of this stack")]
    AddressNotAvailable(String),
    /// ENETUNREACH: no stack or host owns the address, or no link leads there.
    #[error("no route to {0}")]
    NetworkUnreachable(String),
    /// ECONNREFUSED: nobody listens at the address, or the listener's backlog is full.
    #[error("connection to {0} refused")]
    ConnectionRefused(String),
    /// EWOULDBLOCK: a non-blocking socket has nothing to give or no room.
    #[error("the operation would block")]
    WouldBlock,
    /// EINPROGRESS: a non-blocking connect was started and has not completed.
    #[error("the connection is being set up")]
    ConnectInProgress,
    /// EALREADY: a connect is already in progress on the socket.
    #[error("a connect is already in progress on the socket")]
    ConnectPending,
    /// EISCONN: the socket is already connected.
    #[error("the socket is already connected")]
    AlreadyConnected,
    /// EPIPE: sending after the local end shut down for writing, or after the partner closed.
    #[error("the connection is shut down for sending")]
    BrokenPipe,
    /// EBADF: GIVESOCKET on a socket already given, or TAKESOCKET of one already taken.
    #[error("socket {0} is already given")]
    AlreadyGiven(u32),
    /// EACCES: TAKESOCKET of a socket that was not given to the caller.
    #[error("socket {0} of {1} was not given to this task")]
    NotGivenToYou(u32, String),
    /// EIO: the socket's TCP/IP stack has ended.
    #[error("TCP/IP stack {0} is not active")]
    StackDown(String),

    #[error("the connection was reset: the partner's TCP/IP stack ended")]
    ConnectionReset,

    #[error("option not supported: {0}")]
    NoSuchOption(String),
    /// EPROTONOSUPPORT: a protocol the socket type cannot carry (a raw socket's TCP or UDP).
    #[error("protocol {0} is not supported for this socket type")]
    ProtocolNotSupported(u8),
    /// EHOSTUNREACH: no route leads to the destination (bind2addrsel).
    #[error("no route to host {0}")]
    HostUnreachable(String),
    /// ENOBUFS: a per-socket table is full.
    #[error("no room: {0}")]
    NoBuffers(String),
}
