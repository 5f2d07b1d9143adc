//! SO_CLUSTERCONNTYPE: the socket option and its value bits (`docs/reference/trusted-tcp.md` §2), and the
//! common socket options, levels and message flags the entry points answer.
//!
//! The option's value is a fullword bit mask; the same bits are PI_ConnType in PartnerInfo and
//! the low bits of the Netstat TcpClusterConnFlag byte.

use bitflags::bitflags;

use super::{Const, Field, Layout, Named, Prov, Ty, named};

use Prov::{Confirmed, ThirdParty};

/// SOL_SOCKET, the socket-level option level (`third-party`, golang/sys B10).
pub const SOL_SOCKET: u32 = 0xFFFF;
/// SO_CLUSTERCONNTYPE option name, X'00004001' (`third-party`, S2 S5 S17 S18).
pub const SO_CLUSTERCONNTYPE: u32 = 0x4001;
/// Value when the socket is not connected (`third-party`; meaning `confirmed` by the seed).
pub const SO_CLUSTERCONNTYPE_NOCONN: u32 = 0;

// The common options and levels, as BPXYSOCK and LE's headers number them (`third-party`,
// golang/sys `unix/zerrors_zos_s390x.go`, B10).
/// SO_ACCEPTCONN: the socket is listening (get only).
pub const SO_ACCEPTCONN: u32 = 0x0002;
pub const SO_REUSEADDR: u32 = 0x0004;
pub const SO_KEEPALIVE: u32 = 0x0008;
pub const SO_BROADCAST: u32 = 0x0020;
/// SO_LINGER: two fullwords, l_onoff and l_linger (seconds).
pub const SO_LINGER: u32 = 0x0080;
pub const SO_OOBINLINE: u32 = 0x0100;
pub const SO_SNDBUF: u32 = 0x1001;
pub const SO_RCVBUF: u32 = 0x1002;
/// SO_ERROR: the pending error, cleared by reading it (get only).
pub const SO_ERROR: u32 = 0x1007;
/// SO_TYPE: SOCK_STREAM 1, SOCK_DGRAM 2 (get only).
pub const SO_TYPE: u32 = 0x1008;
/// IPPROTO_TCP, the level of TCP_NODELAY.
pub const IPPROTO_TCP: u32 = 6;
pub const TCP_NODELAY: u32 = 0x0001;
/// IPPROTO_IP and IPPROTO_IPV6, the levels of the IP options.
pub const IPPROTO_IP: u32 = 0;
pub const IPPROTO_IPV6: u32 = 41;
/// IP_MULTICAST_TTL and IP_MULTICAST_LOOP: one byte each (`inferred`, BSD's u_char).
pub const IP_MULTICAST_TTL: u32 = 3;
pub const IP_MULTICAST_LOOP: u32 = 4;
/// IP_ADD_MEMBERSHIP and IP_DROP_MEMBERSHIP: an ip_mreq, the group's and the interface's
/// in_addr (8 bytes, `inferred`).
pub const IP_ADD_MEMBERSHIP: u32 = 5;
pub const IP_DROP_MEMBERSHIP: u32 = 6;
/// IP_MULTICAST_IF: the interface's in_addr.
pub const IP_MULTICAST_IF: u32 = 7;
/// IPV6_MULTICAST_LOOP, _IF and _HOPS: fullwords; IPV6_JOIN_GROUP and IPV6_LEAVE_GROUP an
/// ipv6_mreq, the group's in6_addr and the interface number (20 bytes, `inferred`).
pub const IPV6_MULTICAST_LOOP: u32 = 4;
pub const IPV6_JOIN_GROUP: u32 = 5;
pub const IPV6_LEAVE_GROUP: u32 = 6;
pub const IPV6_MULTICAST_IF: u32 = 7;
pub const IPV6_MULTICAST_HOPS: u32 = 9;

/// The option names the APIs take, with their level and number: the one list the REXX API,
/// EZASMI's OPTNAME and the LE C header read.
pub const OPTION_NAMES: &[(&str, u32, u32)] = &[
    ("SO_ACCEPTCONN", SOL_SOCKET, SO_ACCEPTCONN),
    ("SO_REUSEADDR", SOL_SOCKET, SO_REUSEADDR),
    ("SO_KEEPALIVE", SOL_SOCKET, SO_KEEPALIVE),
    ("SO_BROADCAST", SOL_SOCKET, SO_BROADCAST),
    ("SO_LINGER", SOL_SOCKET, SO_LINGER),
    ("SO_OOBINLINE", SOL_SOCKET, SO_OOBINLINE),
    ("SO_SNDBUF", SOL_SOCKET, SO_SNDBUF),
    ("SO_RCVBUF", SOL_SOCKET, SO_RCVBUF),
    ("SO_ERROR", SOL_SOCKET, SO_ERROR),
    ("SO_TYPE", SOL_SOCKET, SO_TYPE),
    ("TCP_NODELAY", IPPROTO_TCP, TCP_NODELAY),
    ("IP_MULTICAST_TTL", IPPROTO_IP, IP_MULTICAST_TTL),
    ("IP_MULTICAST_LOOP", IPPROTO_IP, IP_MULTICAST_LOOP),
    ("IP_ADD_MEMBERSHIP", IPPROTO_IP, IP_ADD_MEMBERSHIP),
    ("IP_DROP_MEMBERSHIP", IPPROTO_IP, IP_DROP_MEMBERSHIP),
    ("IP_MULTICAST_IF", IPPROTO_IP, IP_MULTICAST_IF),
    ("IPV6_MULTICAST_LOOP", IPPROTO_IPV6, IPV6_MULTICAST_LOOP),
    ("IPV6_JOIN_GROUP", IPPROTO_IPV6, IPV6_JOIN_GROUP),
    ("IPV6_LEAVE_GROUP", IPPROTO_IPV6, IPV6_LEAVE_GROUP),
    ("IPV6_MULTICAST_IF", IPPROTO_IPV6, IPV6_MULTICAST_IF),
    ("IPV6_MULTICAST_HOPS", IPPROTO_IPV6, IPV6_MULTICAST_HOPS),
];

// Message flags of send and recv (`third-party`, B10).
pub const MSG_OOB: u32 = 0x01;
pub const MSG_PEEK: u32 = 0x02;
pub const MSG_DONTROUTE: u32 = 0x04;
pub const MSG_WAITALL: u32 = 0x40;

bitflags! {
    /// The SO_CLUSTERCONNTYPE bits (values `third-party` S2 S5 S17 S18; meanings `confirmed`
    /// by the seed). More than one can be set (seed). Zero is NOCONN.
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
    pub struct ClusterConnType: u8 {
        /// Traffic to the partner's stack stays inside the sysplex.
        const INTERNAL = 8;
        /// The partner is in the same MVS image.
        const SAME_IMAGE = 4;
        /// The partner is in the same sysplex.
        const SAME_CLUSTER = 2;
        /// Connected, but the partner is not in the same sysplex.
        const NONE = 1;
    }
}

/// Names of the bits, for the field tables.
pub const CONN_BITS: &[Named] = &[
    named(8, "SO_CLUSTERCONNTYPE_INTERNAL", ThirdParty),
    named(4, "SO_CLUSTERCONNTYPE_SAME_IMAGE", ThirdParty),
    named(2, "SO_CLUSTERCONNTYPE_SAME_CLUSTER", ThirdParty),
    named(1, "SO_CLUSTERCONNTYPE_NONE", ThirdParty),
];

const fn c(name: &'static str, value: u64, len: usize, doc: &'static str) -> Const {
    Const {
        name,
        value,
        len,
        prov: ThirdParty,
        doc,
    }
}

/// The option value as getsockopt returns it (a fullword), and the option's constants.
pub static LAYOUT: &Layout = &Layout {
    area: "clusterconntype",
    title: "SO_CLUSTERCONNTYPE option value",
    member: "TPXSOCKO",
    struct_name: "TPX_CLUSTERCONNTYPE",
    size: 4,
    lengths: &[4],
    prov: ThirdParty,
    source: "docs/reference/trusted-tcp.md section 2",
    fields: &[Field {
        name: "SO_CLUSTERCONNTYPE_VALUE",
        offset: 0,
        len: 4,
        ty: Ty::Flags(CONN_BITS),
        prov: Confirmed,
        name_prov: Prov::Reconstructed,
        doc: "getsockopt(SOL_SOCKET, SO_CLUSTERCONNTYPE) result; 0 = NOCONN",
    }],
    consts: &[
        c("SOL_SOCKET", SOL_SOCKET as u64, 4, "socket-level options"),
        c(
            "SO_CLUSTERCONNTYPE",
            SO_CLUSTERCONNTYPE as u64,
            4,
            "option name",
        ),
        c("SO_CLUSTERCONNTYPE_NOCONN", 0, 4, "socket not connected"),
        c(
            "SO_CLUSTERCONNTYPE_NONE",
            1,
            4,
            "partner not in the same sysplex",
        ),
        c(
            "SO_CLUSTERCONNTYPE_SAME_CLUSTER",
            2,
            4,
            "partner in the same sysplex",
        ),
        c(
            "SO_CLUSTERCONNTYPE_SAME_IMAGE",
            4,
            4,
            "partner in the same MVS image",
        ),
        c(
            "SO_CLUSTERCONNTYPE_INTERNAL",
            8,
            4,
            "traffic stays inside the sysplex",
        ),
        c(
            "SO_ACCEPTCONN",
            SO_ACCEPTCONN as u64,
            4,
            "listening (get only)",
        ),
        c(
            "SO_REUSEADDR",
            SO_REUSEADDR as u64,
            4,
            "reuse local address",
        ),
        c(
            "SO_KEEPALIVE",
            SO_KEEPALIVE as u64,
            4,
            "keep connections alive",
        ),
        c("SO_BROADCAST", SO_BROADCAST as u64, 4, "permit broadcast"),
        c("SO_LINGER", SO_LINGER as u64, 4, "linger on close"),
        c("SO_OOBINLINE", SO_OOBINLINE as u64, 4, "urgent data inline"),
        c("SO_SNDBUF", SO_SNDBUF as u64, 4, "send buffer size"),
        c("SO_RCVBUF", SO_RCVBUF as u64, 4, "receive buffer size"),
        c("SO_ERROR", SO_ERROR as u64, 4, "pending error (get only)"),
        c("SO_TYPE", SO_TYPE as u64, 4, "socket type (get only)"),
        c("IPPROTO_TCP", IPPROTO_TCP as u64, 4, "TCP option level"),
        c("TCP_NODELAY", TCP_NODELAY as u64, 4, "no Nagle delay"),
        c("MSG_OOB", MSG_OOB as u64, 4, "out-of-band data"),
        c("MSG_PEEK", MSG_PEEK as u64, 4, "look, leave the data"),
        c("MSG_DONTROUTE", MSG_DONTROUTE as u64, 4, "no routing"),
        c(
            "MSG_WAITALL",
            MSG_WAITALL as u64,
            4,
            "wait for the full count",
        ),
    ],
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bits_match_constants() {
        for bit in CONN_BITS {
            let k = LAYOUT.consts.iter().find(|k| k.name == bit.name).unwrap();
            assert_eq!(k.value, bit.value);
        }
        assert_eq!(
            ClusterConnType::INTERNAL | ClusterConnType::SAME_IMAGE | ClusterConnType::SAME_CLUSTER,
            ClusterConnType::from_bits_retain(0x0E)
        );
    }
}
