//! Socket options as a caller's storage holds them: the option's level and number (BPXYSOCK
//! and LE numbering, `third-party` B10, defined in `areas::sockopt`) to the model's option,
//! and the value's bytes, for BPX1OPT/BPX4OPT, LE C and EZASOKET/EZASMI alike.
//!
//! Values are big-endian fullwords: booleans 1 or 0, buffer sizes, SO_TYPE's socket type,
//! SO_ERROR's errno in the caller's numbering, SO_CLUSTERCONNTYPE's bits; SO_LINGER is two
//! fullwords, l_onoff and l_linger (`inferred` from the C `struct linger`). That a boolean
//! reads back as 1 rather than the option's bit is `reconstructed`. The IP options' values are
//! BSD's (`inferred`): IP_MULTICAST_TTL and _LOOP a byte (a fullword is taken too), an
//! interface or group an in_addr, a membership an ip_mreq (group, interface) or ipv6_mreq
//! (group, interface number).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::areas::sockopt::{
    IP_ADD_MEMBERSHIP, IP_DROP_MEMBERSHIP, IP_MULTICAST_IF, IP_MULTICAST_LOOP, IP_MULTICAST_TTL,
    IPPROTO_IP, IPPROTO_IPV6, IPPROTO_TCP, IPV6_JOIN_GROUP, IPV6_LEAVE_GROUP, IPV6_MULTICAST_HOPS,
    IPV6_MULTICAST_IF, IPV6_MULTICAST_LOOP, SO_ACCEPTCONN, SO_BROADCAST, SO_CLUSTERCONNTYPE,
    SO_ERROR, SO_KEEPALIVE, SO_LINGER, SO_OOBINLINE, SO_RCVBUF, SO_REUSEADDR, SO_SNDBUF, SO_TYPE,
    SOL_SOCKET, TCP_NODELAY,
};
use crate::sysplex::{OptValue, SockOpt, SockType, SysplexError};

/// The model's option for a level and option number, if it has one.
pub fn option(level: u32, name: u32) -> Option<SockOpt> {
    Some(match (level, name) {
        (SOL_SOCKET, SO_ACCEPTCONN) => SockOpt::AcceptConn,
        (SOL_SOCKET, SO_REUSEADDR) => SockOpt::ReuseAddr,
        (SOL_SOCKET, SO_KEEPALIVE) => SockOpt::KeepAlive,
        (SOL_SOCKET, SO_BROADCAST) => SockOpt::Broadcast,
        (SOL_SOCKET, SO_LINGER) => SockOpt::Linger,
        (SOL_SOCKET, SO_OOBINLINE) => SockOpt::OobInline,
        (SOL_SOCKET, SO_SNDBUF) => SockOpt::SndBuf,
        (SOL_SOCKET, SO_RCVBUF) => SockOpt::RcvBuf,
        (SOL_SOCKET, SO_ERROR) => SockOpt::Error,
        (SOL_SOCKET, SO_TYPE) => SockOpt::Type,
        (SOL_SOCKET, SO_CLUSTERCONNTYPE) => SockOpt::ClusterConnType,
        (IPPROTO_TCP, TCP_NODELAY) => SockOpt::NoDelay,
        (IPPROTO_IP, IP_MULTICAST_IF) => SockOpt::MulticastIf,
        (IPPROTO_IP, IP_MULTICAST_TTL) => SockOpt::MulticastTtl,
        (IPPROTO_IP, IP_MULTICAST_LOOP) => SockOpt::MulticastLoop,
        (IPPROTO_IP, IP_ADD_MEMBERSHIP) => SockOpt::AddMembership,
        (IPPROTO_IP, IP_DROP_MEMBERSHIP) => SockOpt::DropMembership,
        (IPPROTO_IPV6, IPV6_MULTICAST_IF) => SockOpt::V6MulticastIf,
        (IPPROTO_IPV6, IPV6_MULTICAST_HOPS) => SockOpt::V6MulticastHops,
        (IPPROTO_IPV6, IPV6_MULTICAST_LOOP) => SockOpt::V6MulticastLoop,
        (IPPROTO_IPV6, IPV6_JOIN_GROUP) => SockOpt::V6JoinGroup,
        (IPPROTO_IPV6, IPV6_LEAVE_GROUP) => SockOpt::V6LeaveGroup,
        _ => return None,
    })
}

/// The value as the caller receives it; `errno` numbers SO_ERROR in the caller's world.
pub fn encode(opt: SockOpt, v: &OptValue, errno: impl Fn(&SysplexError) -> u32) -> Vec<u8> {
    let word = |w: u32| w.to_be_bytes().to_vec();
    let ip = |a: &IpAddr| match a {
        IpAddr::V4(a) => a.octets().to_vec(),
        IpAddr::V6(a) => a.octets().to_vec(),
    };
    match v {
        OptValue::Int(n) if opt == SockOpt::MulticastTtl => vec![*n as u8],
        OptValue::Bool(b) if opt == SockOpt::MulticastLoop => vec![u8::from(*b)],
        OptValue::Addr(a) => ip(a),
        OptValue::Group(g, i) => [ip(g), ip(i)].concat(),
        OptValue::Group6(g, n) => [ip(g), word(*n)].concat(),
        OptValue::Bool(b) => word(u32::from(*b)),
        OptValue::Int(n) => word(*n),
        OptValue::Linger(l) => {
            let mut b = word(u32::from(l.is_some()));
            b.extend_from_slice(&l.unwrap_or(0).to_be_bytes());
            b
        }
        OptValue::Type(SockType::Stream) => word(1),
        OptValue::Type(SockType::Datagram) => word(2),
        OptValue::Type(SockType::Raw(_)) => word(3),
        OptValue::Error(e) => word(e.as_ref().map_or(0, errno)),
        OptValue::Routing(r) => word(u32::from(r.bits())),
    }
}

/// The value a setsockopt caller supplies, or None when `bytes` is too short for it.
pub fn decode(opt: SockOpt, bytes: &[u8]) -> Option<OptValue> {
    let word = |i: usize| {
        bytes
            .get(i..i + 4)
            .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    };
    let in_addr = |i: usize| -> Option<IpAddr> {
        let b: [u8; 4] = bytes.get(i..i + 4)?.try_into().ok()?;
        Some(IpAddr::V4(Ipv4Addr::from(b)))
    };
    Some(match opt {
        // A byte, or a fullword.
        SockOpt::MulticastTtl | SockOpt::MulticastLoop => {
            let n = if bytes.len() >= 4 {
                word(0)?
            } else {
                u32::from(*bytes.first()?)
            };
            if opt == SockOpt::MulticastTtl {
                OptValue::Int(n)
            } else {
                OptValue::Bool(n != 0)
            }
        }
        SockOpt::MulticastIf => OptValue::Addr(in_addr(0)?),
        SockOpt::AddMembership | SockOpt::DropMembership => {
            OptValue::Group(in_addr(0)?, in_addr(4)?)
        }
        SockOpt::V6JoinGroup | SockOpt::V6LeaveGroup => {
            let g: [u8; 16] = bytes.get(..16)?.try_into().ok()?;
            OptValue::Group6(IpAddr::V6(Ipv6Addr::from(g)), word(16)?)
        }
        SockOpt::V6MulticastIf | SockOpt::V6MulticastHops => OptValue::Int(word(0)?),
        SockOpt::Linger => {
            let on = word(0)? != 0;
            let secs = word(4)?;
            OptValue::Linger(on.then_some(secs))
        }
        SockOpt::RcvBuf | SockOpt::SndBuf => OptValue::Int(word(0)?),
        _ => OptValue::Bool(word(0)? != 0),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_round_trip() {
        for (opt, v) in [
            (SockOpt::KeepAlive, OptValue::Bool(true)),
            (SockOpt::Linger, OptValue::Linger(Some(30))),
            (SockOpt::Linger, OptValue::Linger(None)),
            (SockOpt::RcvBuf, OptValue::Int(65_536)),
            (SockOpt::MulticastTtl, OptValue::Int(7)),
            (SockOpt::MulticastLoop, OptValue::Bool(false)),
            (
                SockOpt::MulticastIf,
                OptValue::Addr("10.1.1.1".parse().unwrap()),
            ),
            (
                SockOpt::AddMembership,
                OptValue::Group("239.1.1.1".parse().unwrap(), "0.0.0.0".parse().unwrap()),
            ),
            (
                SockOpt::V6JoinGroup,
                OptValue::Group6("ff02::1".parse().unwrap(), 2),
            ),
        ] {
            let b = encode(opt, &v, |_| 0);
            assert_eq!(decode(opt, &b), Some(v));
        }
        assert_eq!(decode(SockOpt::Linger, &[0, 0, 0, 1]), None);
        // TTL and loop are a byte (BSD's u_char); a fullword is taken too. An ip_mreq is
        // 8 bytes, an ipv6_mreq 20.
        assert_eq!(encode(SockOpt::MulticastTtl, &OptValue::Int(7), |_| 0), [7]);
        assert_eq!(
            decode(SockOpt::MulticastTtl, &[0, 0, 0, 9]),
            Some(OptValue::Int(9))
        );
        assert_eq!(decode(SockOpt::AddMembership, &[239, 1, 1, 1]), None);
        assert_eq!(decode(SockOpt::V6JoinGroup, &[0xFF; 19]), None);
        assert_eq!(
            option(IPPROTO_IP, IP_ADD_MEMBERSHIP),
            Some(SockOpt::AddMembership)
        );
        assert_eq!(
            option(IPPROTO_IPV6, IP_ADD_MEMBERSHIP),
            Some(SockOpt::V6JoinGroup)
        );
        assert_eq!(option(SOL_SOCKET, TCP_NODELAY), None, "level matters");
        assert_eq!(option(IPPROTO_TCP, TCP_NODELAY), Some(SockOpt::NoDelay));
    }
}
