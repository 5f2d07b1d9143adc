//! z/OS socket addresses: sockaddr_in (16 bytes) and sockaddr_in6 (28 bytes).
//!
//! z/OS uses the BSD 4.4 form with a length byte before a one-byte family (`third-party`:
//! golang/sys `unix/ztypes_zos_s390x.go` at 123459f0, RawSockaddrInet4/RawSockaddrInet6, sizes
//! 16 and 28). AF_INET is 2 and AF_INET6 is 19, not Linux's 10 (`confirmed`, IBM PL/I CBLOCK).

use std::net::{Ipv4Addr, Ipv6Addr, SocketAddrV4, SocketAddrV6};

use arbitrary::Unstructured;

use super::{Area, Layout, Prov, area, constants};

constants! {
    /// The address families (`docs/reference/call-conventions.md` §7).
    const FAMILY_CONSTS = [
        AF_INET: u8 = 2, confirmed, "docs/reference/call-conventions.md E6", "IPv4";
        AF_INET6: u8 = 19, confirmed, "docs/reference/call-conventions.md E6", "IPv6 (not Linux's 10)";
    ];
}

area! {
    /// sockaddr_in.
    pub struct SockaddrIn {
        base: 0,
        offsets: sin_off,
        check: |b: &[u8]| check_head(b, SIN_LAYOUT, AF_INET),
        layout: SIN_LAYOUT {
            area: "sockaddr-in",
            title: "sockaddr_in",
            member: "TPXSIN",
            struct_name: "SOCKADDR_IN",
            prov: Prov::ThirdParty,
            source: "golang/sys ztypes_zos_s390x.go RawSockaddrInet4",
            consts: &[FAMILY_CONSTS],
        },
    }
    // sin_len is 16, or 0 where the caller did not set it (`inferred`: z/OS accepts both).
    sin_len @ 0 sin_len: u8 = Uint, third_party, "docs/reference/call-conventions.md B12", "length, 16 (or 0)",
        arbitrary: |u: &mut Unstructured| Ok(*u.choose(&[0, 16])?);
    sin_family @ 1 sin_family: u8 = Uint, third_party, "docs/reference/call-conventions.md B12", "AF_INET = 2",
        arbitrary: |_| Ok(AF_INET);
    sin_port @ 2 sin_port: u16 = Uint, third_party, "docs/reference/call-conventions.md B12",
        "port, network order";
    sin_addr @ 4 sin_addr: [u8; 4] = Ipv4, third_party, "docs/reference/call-conventions.md B12", "IPv4 address";
    sin_zero @ 8 sin_zero: [u8; 8] = Hex, third_party, "docs/reference/call-conventions.md B12", "unused";
}

area! {
    /// sockaddr_in6.
    pub struct SockaddrIn6 {
        base: 0,
        offsets: sin6_off,
        check: |b: &[u8]| check_head(b, SIN6_LAYOUT, AF_INET6),
        layout: SIN6_LAYOUT {
            area: "sockaddr-in6",
            title: "sockaddr_in6",
            member: "TPXSIN6",
            struct_name: "SOCKADDR_IN6",
            prov: Prov::ThirdParty,
            source: "golang/sys ztypes_zos_s390x.go RawSockaddrInet6",
            consts: &[FAMILY_CONSTS],
        },
    }
    sin6_len @ 0 sin6_len: u8 = Uint, third_party, "docs/reference/call-conventions.md B12",
        "length, 28 (or 0)", arbitrary: |u: &mut Unstructured| Ok(*u.choose(&[0, 28])?);
    sin6_family @ 1 sin6_family: u8 = Uint, third_party, "docs/reference/call-conventions.md B12",
        "AF_INET6 = 19", arbitrary: |_| Ok(AF_INET6);
    sin6_port @ 2 sin6_port: u16 = Uint, third_party, "docs/reference/call-conventions.md B12",
        "port, network order";
    sin6_flowinfo @ 4 sin6_flowinfo: u32 = Uint, third_party, "docs/reference/call-conventions.md B12",
        "flow information";
    sin6_addr @ 8 sin6_addr: [u8; 16] = Ipv6, third_party, "docs/reference/call-conventions.md B12",
        "IPv6 address";
    sin6_scope_id @ 24 sin6_scope_id: u32 = Uint, third_party, "docs/reference/call-conventions.md B12",
        "scope (interface index)";
}

/// The length byte (the area's size, or 0) and the family byte of a socket address, named as
/// its layout names them.
fn check_head(b: &[u8], layout: &Layout, family: u8) -> Result<(), (usize, String)> {
    let [len_name, family_name] = [0, 1].map(|i| layout.fields[i].name);
    let (len, what) = (layout.size, layout.title);
    if b[0] != 0 && usize::from(b[0]) != len {
        return Err((
            0,
            format!("{len_name} is {} but a {what} is {len} bytes", b[0]),
        ));
    }
    if b[1] != family {
        let family_text = FAMILY_CONSTS
            .iter()
            .find(|k| k.value == u64::from(family))
            .map_or("", |k| k.name);
        return Err((
            1,
            format!(
                "{family_name} is {} but a {what} is {family_text} ({family})",
                b[1]
            ),
        ));
    }
    Ok(())
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
    use crate::areas::AreaError;
    use crate::areas::testutil::for_arbitrary;

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
