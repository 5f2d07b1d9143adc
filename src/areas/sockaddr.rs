//! z/OS socket addresses: sockaddr_in (16 bytes) and sockaddr_in6 (28 bytes).
//!
//! z/OS uses the BSD 4.4 form with a length byte before a one-byte family (`third-party`:
//! golang/sys `unix/ztypes_zos_s390x.go` at 123459f0, RawSockaddrInet4/RawSockaddrInet6, sizes
//! 16 and 28). AF_INET is 2 and AF_INET6 is 19, not Linux's 10 (`confirmed`, IBM PL/I CBLOCK).

use std::net::{Ipv4Addr, Ipv6Addr, SocketAddrV4, SocketAddrV6};

use arbitrary::{Arbitrary, Unstructured};
use binrw::{BinRead, BinWrite};

use super::binrw_area;
use super::{Area, Const, Field, Layout, Prov, Ty, ensure, read_bytes, write_bytes};

use Prov::{Confirmed, ThirdParty};

/// AF_INET (`confirmed`, E6).
pub const AF_INET: u8 = 2;
/// AF_INET6 (`confirmed`, E6).
pub const AF_INET6: u8 = 19;

const FAMILY_CONSTS: &[Const] = &[
    Const {
        name: "AF_INET",
        value: AF_INET as u64,
        len: 1,
        prov: Confirmed,
        doc: "IPv4",
    },
    Const {
        name: "AF_INET6",
        value: AF_INET6 as u64,
        len: 1,
        prov: Confirmed,
        doc: "IPv6 (not Linux's 10)",
    },
];

/// sockaddr_in field table.
pub static SIN_LAYOUT: &Layout = &Layout {
    area: "sockaddr-in",
    title: "sockaddr_in",
    member: "TPXSIN",
    struct_name: "SOCKADDR_IN",
    size: 16,
    lengths: &[16],
    prov: ThirdParty,
    source: "golang/sys ztypes_zos_s390x.go RawSockaddrInet4",
    fields: &[
        Field::new(
            "sin_len",
            0,
            1,
            Ty::Uint,
            (ThirdParty, ThirdParty),
            "length, 16 (or 0)",
        ),
        Field::new(
            "sin_family",
            1,
            1,
            Ty::Uint,
            (ThirdParty, ThirdParty),
            "AF_INET = 2",
        ),
        Field::new(
            "sin_port",
            2,
            2,
            Ty::Uint,
            (ThirdParty, ThirdParty),
            "port, network order",
        ),
        Field::new(
            "sin_addr",
            4,
            4,
            Ty::Ipv4,
            (ThirdParty, ThirdParty),
            "IPv4 address",
        ),
        Field::new(
            "sin_zero",
            8,
            8,
            Ty::Hex,
            (ThirdParty, ThirdParty),
            "unused",
        ),
    ],
    consts: FAMILY_CONSTS,
};

/// sockaddr_in6 field table.
pub static SIN6_LAYOUT: &Layout = &Layout {
    area: "sockaddr-in6",
    title: "sockaddr_in6",
    member: "TPXSIN6",
    struct_name: "SOCKADDR_IN6",
    size: 28,
    lengths: &[28],
    prov: ThirdParty,
    source: "golang/sys ztypes_zos_s390x.go RawSockaddrInet6",
    fields: &[
        Field::new(
            "sin6_len",
            0,
            1,
            Ty::Uint,
            (ThirdParty, ThirdParty),
            "length, 28 (or 0)",
        ),
        Field::new(
            "sin6_family",
            1,
            1,
            Ty::Uint,
            (ThirdParty, ThirdParty),
            "AF_INET6 = 19",
        ),
        Field::new(
            "sin6_port",
            2,
            2,
            Ty::Uint,
            (ThirdParty, ThirdParty),
            "port, network order",
        ),
        Field::new(
            "sin6_flowinfo",
            4,
            4,
            Ty::Uint,
            (ThirdParty, ThirdParty),
            "flow information",
        ),
        Field::new(
            "sin6_addr",
            8,
            16,
            Ty::Ipv6,
            (ThirdParty, ThirdParty),
            "IPv6 address",
        ),
        Field::new(
            "sin6_scope_id",
            24,
            4,
            Ty::Uint,
            (ThirdParty, ThirdParty),
            "scope (interface index)",
        ),
    ],
    consts: FAMILY_CONSTS,
};

/// sockaddr_in.
#[derive(BinRead, BinWrite, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[brw(big)]
pub struct SockaddrIn {
    /// +0 sin_len: 16, or 0 where the caller did not set it (`inferred`: z/OS accepts both).
    #[br(try_map = |sin_len: u8| ensure(sin_len, sin_len == 0 || sin_len == 16, || format!("sin_len is {} but a sockaddr_in is 16 bytes", sin_len)))]
    pub sin_len: u8,
    /// +1 sin_family: AF_INET.
    #[br(try_map = |sin_family: u8| ensure(sin_family, sin_family == AF_INET, || format!("sin_family is {} but a sockaddr_in is AF_INET (2)", sin_family)))]
    pub sin_family: u8,
    /// +2 sin_port.
    pub sin_port: u16,
    /// +4 sin_addr.
    #[br(parse_with = read_bytes)]
    #[bw(write_with = write_bytes)]
    pub sin_addr: [u8; 4],
    /// +8 sin_zero.
    #[br(parse_with = read_bytes)]
    #[bw(write_with = write_bytes)]
    pub sin_zero: [u8; 8],
}

impl SockaddrIn {
    /// The address with sin_len set, as z/OS returns it.
    pub fn new(addr: SocketAddrV4) -> SockaddrIn {
        SockaddrIn {
            sin_len: 16,
            sin_family: AF_INET,
            sin_port: addr.port(),
            sin_addr: addr.ip().octets(),
            sin_zero: [0; 8],
        }
    }

    pub fn socket_addr(&self) -> SocketAddrV4 {
        SocketAddrV4::new(Ipv4Addr::from(self.sin_addr), self.sin_port)
    }
}

impl<'a> Arbitrary<'a> for SockaddrIn {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(SockaddrIn {
            sin_len: *u.choose(&[0, 16])?,
            sin_family: AF_INET,
            sin_port: u.arbitrary()?,
            sin_addr: u.arbitrary()?,
            sin_zero: u.arbitrary()?,
        })
    }
}

binrw_area!(SockaddrIn, SIN_LAYOUT);

/// sockaddr_in6.
#[derive(BinRead, BinWrite, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[brw(big)]
pub struct SockaddrIn6 {
    /// +0 sin6_len: 28, or 0 (`inferred`).
    #[br(try_map = |sin6_len: u8| ensure(sin6_len, sin6_len == 0 || sin6_len == 28, || format!("sin6_len is {} but a sockaddr_in6 is 28 bytes", sin6_len)))]
    pub sin6_len: u8,
    /// +1 sin6_family: AF_INET6.
    #[br(try_map = |sin6_family: u8| ensure(sin6_family, sin6_family == AF_INET6, || format!("sin6_family is {} but a sockaddr_in6 is AF_INET6 (19)", sin6_family)))]
    pub sin6_family: u8,
    /// +2 sin6_port.
    pub sin6_port: u16,
    /// +4 sin6_flowinfo.
    pub sin6_flowinfo: u32,
    /// +8 sin6_addr.
    #[br(parse_with = read_bytes)]
    #[bw(write_with = write_bytes)]
    pub sin6_addr: [u8; 16],
    /// +24 sin6_scope_id.
    pub sin6_scope_id: u32,
}

impl SockaddrIn6 {
    /// The address with sin6_len set.
    pub fn new(addr: SocketAddrV6) -> SockaddrIn6 {
        SockaddrIn6 {
            sin6_len: 28,
            sin6_family: AF_INET6,
            sin6_port: addr.port(),
            sin6_flowinfo: addr.flowinfo(),
            sin6_addr: addr.ip().octets(),
            sin6_scope_id: addr.scope_id(),
        }
    }

    pub fn socket_addr(&self) -> SocketAddrV6 {
        SocketAddrV6::new(
            Ipv6Addr::from(self.sin6_addr),
            self.sin6_port,
            self.sin6_flowinfo,
            self.sin6_scope_id,
        )
    }
}

impl<'a> Arbitrary<'a> for SockaddrIn6 {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(SockaddrIn6 {
            sin6_len: *u.choose(&[0, 28])?,
            sin6_family: AF_INET6,
            sin6_port: u.arbitrary()?,
            sin6_flowinfo: u.arbitrary()?,
            sin6_addr: u.arbitrary()?,
            sin6_scope_id: u.arbitrary()?,
        })
    }
}

binrw_area!(SockaddrIn6, SIN6_LAYOUT);

/// `addr..port`, the way Netstat prints a socket (`third-party`, `docs/reference/trusted-tcp.md` §5.2).
pub fn netstat_socket(addr: &std::net::SocketAddr) -> String {
    format!("{}..{}", addr.ip(), addr.port())
}

pub fn summary_in(bytes: &[u8]) -> Option<String> {
    let a = SockaddrIn::parse(bytes).ok()?;
    Some(netstat_socket(&a.socket_addr().into()))
}

pub fn summary_in6(bytes: &[u8]) -> Option<String> {
    let a = SockaddrIn6::parse(bytes).ok()?;
    Some(netstat_socket(&a.socket_addr().into()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::areas::testutil::{assert_tiles, for_arbitrary};
    use crate::areas::{Area, AreaError};

    #[test]
    fn layouts_tile() {
        assert_tiles(SIN_LAYOUT);
        assert_tiles(SIN6_LAYOUT);
    }

    #[test]
    fn arbitrary_round_trips() {
        for_arbitrary(1000, |a: SockaddrIn| {
            assert_eq!(SockaddrIn::parse(&a.to_bytes()), Ok(a))
        });
        for_arbitrary(1000, |a: SockaddrIn6| {
            assert_eq!(SockaddrIn6::parse(&a.to_bytes()), Ok(a))
        });
    }

    #[test]
    fn bytes_and_errors() {
        let a = SockaddrIn::new("10.1.1.1:4000".parse().unwrap());
        assert_eq!(
            a.to_bytes(),
            [16, 2, 0x0F, 0xA0, 10, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]
        );
        let mut b = a.to_bytes();
        b[1] = 10; // Linux's AF_INET6 is not z/OS's
        let e = SockaddrIn::parse(&b).unwrap_err();
        assert!(
            matches!(&e, AreaError::Invalid { field, offset: 1, .. } if field == "sin_family"),
            "{e}"
        );
        assert_eq!(
            summary_in6(&SockaddrIn6::new("[::1]:21".parse().unwrap()).to_bytes()).as_deref(),
            Some("::1..21")
        );
    }
}
