//! Socket options as a caller's storage holds them: the option's level and number (BPXYSOCK
//! and LE numbering, `third-party` B10, defined in `areas::sockopt`) to the model's option,
//! and the value's bytes, for BPX1OPT/BPX4OPT, LE C and EZASOKET/EZASMI alike.
//!
//! Values are big-endian fullwords: booleans 1 or 0, buffer sizes, SO_TYPE's socket type,
//! SO_ERROR's errno in the caller's numbering, SO_CLUSTERCONNTYPE's bits; SO_LINGER is two
//! fullwords, l_onoff and l_linger (`inferred` from the C `struct linger`). That a boolean
//! reads back as 1 rather than the option's bit is `reconstructed`.

use crate::areas::sockopt::{
    IPPROTO_TCP, SO_ACCEPTCONN, SO_BROADCAST, SO_CLUSTERCONNTYPE, SO_ERROR, SO_KEEPALIVE,
    SO_LINGER, SO_OOBINLINE, SO_RCVBUF, SO_REUSEADDR, SO_SNDBUF, SO_TYPE, SOL_SOCKET, TCP_NODELAY,
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
        _ => return None,
    })
}

/// The value as the caller receives it; `errno` numbers SO_ERROR in the caller's world.
pub fn encode(v: &OptValue, errno: impl Fn(&SysplexError) -> u32) -> Vec<u8> {
    let word = |w: u32| w.to_be_bytes().to_vec();
    match v {
        OptValue::Bool(b) => word(u32::from(*b)),
        OptValue::Int(n) => word(*n),
        OptValue::Linger(l) => {
            let mut b = word(u32::from(l.is_some()));
            b.extend_from_slice(&l.unwrap_or(0).to_be_bytes());
            b
        }
        OptValue::Type(SockType::Stream) => word(1),
        OptValue::Type(SockType::Datagram) => word(2),
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
    Some(match opt {
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
        ] {
            let b = encode(&v, |_| 0);
            assert_eq!(decode(opt, &b), Some(v));
        }
        assert_eq!(decode(SockOpt::Linger, &[0, 0, 0, 1]), None);
        assert_eq!(option(SOL_SOCKET, TCP_NODELAY), None, "level matters");
        assert_eq!(option(IPPROTO_TCP, TCP_NODELAY), Some(SockOpt::NoDelay));
    }
}
