//! SO_CLUSTERCONNTYPE: the socket option and its value bits (`docs/reference/trusted-tcp.md` §2), and the
//! common socket options, levels and message flags the entry points answer.
//!
//! The option's value is a fullword bit mask; the same bits are PI_ConnType in PartnerInfo and
//! the low bits of the Netstat TcpClusterConnFlag byte.

use super::{Layout, Prov, constants, fields, flags_of};

constants! {
    /// The option, its level and its values (`docs/reference/trusted-tcp.md` §2): values
    /// third-party, meanings confirmed by the seed. More than one bit can be set (seed).
    const CLUSTER_CONSTS = [
        SOL_SOCKET: u32 = 0xFFFF, third_party, "docs/reference/call-conventions.md B10", "socket-level options";
        SO_CLUSTERCONNTYPE: u32 = 0x4001, third_party, "docs/reference/trusted-tcp.md S2 S5 S17 S18",
            "option name";
        SO_CLUSTERCONNTYPE_NOCONN: u32 = 0, third_party, "docs/reference/trusted-tcp.md S2 SEED",
            "socket not connected";
        SO_CLUSTERCONNTYPE_NONE: u32 = 1, third_party, "docs/reference/trusted-tcp.md S2 SEED",
            "partner not in the same sysplex";
        SO_CLUSTERCONNTYPE_SAME_CLUSTER: u32 = 2, third_party, "docs/reference/trusted-tcp.md S2 SEED",
            "partner in the same sysplex";
        SO_CLUSTERCONNTYPE_SAME_IMAGE: u32 = 4, third_party, "docs/reference/trusted-tcp.md S2 SEED",
            "partner in the same MVS image";
        SO_CLUSTERCONNTYPE_INTERNAL: u32 = 8, third_party, "docs/reference/trusted-tcp.md S2 SEED",
            "traffic stays inside the sysplex";
    ];
}

constants! {
    /// The common options and levels, as BPXYSOCK and LE's headers number them.
    const OPTION_CONSTS = [
        SO_ACCEPTCONN: u32 = 0x0002, third_party, "docs/reference/call-conventions.md B10",
            "listening (get only)";
        SO_REUSEADDR: u32 = 0x0004, third_party, "docs/reference/call-conventions.md B10", "reuse local address";
        SO_KEEPALIVE: u32 = 0x0008, third_party, "docs/reference/call-conventions.md B10",
            "keep connections alive";
        SO_BROADCAST: u32 = 0x0020, third_party, "docs/reference/call-conventions.md B10", "permit broadcast";
        /// Two fullwords, l_onoff and l_linger (seconds).
        SO_LINGER: u32 = 0x0080, third_party, "docs/reference/call-conventions.md B10", "linger on close";
        SO_OOBINLINE: u32 = 0x0100, third_party, "docs/reference/call-conventions.md B10", "urgent data inline";
        SO_SNDBUF: u32 = 0x1001, third_party, "docs/reference/call-conventions.md B10", "send buffer size";
        SO_RCVBUF: u32 = 0x1002, third_party, "docs/reference/call-conventions.md B10", "receive buffer size";
        /// Cleared by reading it.
        SO_ERROR: u32 = 0x1007, third_party, "docs/reference/call-conventions.md B10",
            "pending error (get only)";
        /// SOCK_STREAM 1, SOCK_DGRAM 2.
        SO_TYPE: u32 = 0x1008, third_party, "docs/reference/call-conventions.md B10", "socket type (get only)";
        IPPROTO_TCP: u32 = 6, third_party, "docs/reference/call-conventions.md B10", "TCP option level";
        TCP_NODELAY: u32 = 0x0001, third_party, "docs/reference/call-conventions.md B10", "no Nagle delay";
    ];
}

constants! {
    /// Message flags of send and recv.
    const MSG_CONSTS = [
        MSG_OOB: u32 = 0x01, third_party, "docs/reference/call-conventions.md B10", "out-of-band data";
        MSG_PEEK: u32 = 0x02, third_party, "docs/reference/call-conventions.md B10", "look, leave the data";
        MSG_DONTROUTE: u32 = 0x04, third_party, "docs/reference/call-conventions.md B10", "no routing";
        MSG_WAITALL: u32 = 0x40, third_party, "docs/reference/call-conventions.md B10",
            "wait for the full count";
    ];
}

/// IPPROTO_IP and IPPROTO_IPV6, the levels of the IP options (`third-party`, B10).
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

flags_of! {
    /// The SO_CLUSTERCONNTYPE bits. Zero is NOCONN.
    pub struct ClusterConnType: u8 in CLUSTER_CONSTS {
        INTERNAL = SO_CLUSTERCONNTYPE_INTERNAL;
        SAME_IMAGE = SO_CLUSTERCONNTYPE_SAME_IMAGE;
        SAME_CLUSTER = SO_CLUSTERCONNTYPE_SAME_CLUSTER;
        NONE = SO_CLUSTERCONNTYPE_NONE;
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
    prov: Prov::ThirdParty,
    source: "docs/reference/trusted-tcp.md section 2",
    fields: &fields![
        SO_CLUSTERCONNTYPE_VALUE @ 0: u32 = Flags(ClusterConnType::NAMED),
            confirmed / reconstructed, "docs/reference/trusted-tcp.md SEED",
            "getsockopt(SOL_SOCKET, SO_CLUSTERCONNTYPE) result; 0 = NOCONN";
    ],
    consts: &[CLUSTER_CONSTS, OPTION_CONSTS, MSG_CONSTS],
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bits_match_constants() {
        let names: Vec<_> = ClusterConnType::NAMED.iter().map(|b| b.name).collect();
        assert_eq!(names[0], "SO_CLUSTERCONNTYPE_INTERNAL");
        assert_eq!(ClusterConnType::NAMED[3].value, 1);
        assert_eq!(
            ClusterConnType::INTERNAL | ClusterConnType::SAME_IMAGE | ClusterConnType::SAME_CLUSTER,
            ClusterConnType::from_bits_retain(0x0E)
        );
    }
}
