//! SOCKET()'s resolver commands: GETADDRINFO, FREEADDRINFO, GETNAMEINFO, GETSERVBYNAME,
//! GETSERVBYPORT, GETPROTOBYNAME and GETPROTOBYNUMBER, over the model's host table
//! ([`crate::sysplex::Topology::resolve`]) and the protocol and service tables below
//! (`docs/reference/rexx.md` §3).
//!
//! GETADDRINFO and GETNAMEINFO fail with the resolver's EAI codes, whose numbers overlap the
//! errno ones (3 is both EAI_FAIL and ESRCH): they travel as [`EAI`] plus the code, and
//! [`eai_text`] gives their result string.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use crate::api::host::Host;

use super::{EINVALIDNAME, EINVALIDRXSOCKETCALL, name_text, parse_name};

/// Marks an error number as an EAI code.
pub(super) const EAI: u32 = 1 << 16;

/// The EAI codes (`confirmed` numbers and names, the TCPERRNO table,
/// `docs/reference/call-conventions.md` §9). The text of EAI_FAIL is IBM's (`confirmed`,
/// APIREF `getnameinfofe.htm`: `3 EAI_FAIL No recovery - resolver`); the others are the
/// table's meanings (`reconstructed`: IBM's texts for them are not in our sources).
const EAI_CODES: &[(u32, &str, &str)] = &[
    (1, "EAI_NONAME", "Node or host not found"),
    (2, "EAI_AGAIN", "Temporary failure - resolver"),
    (3, "EAI_FAIL", "No recovery - resolver"),
    (4, "EAI_OVERFLOW", "Output buffer too small"),
    (5, "EAI_FAMILY", "Address family not supported"),
    (6, "EAI_MEMORY", "Resolver out of storage"),
    (7, "EAI_BADFLAGS", "Flags not valid"),
    (8, "EAI_SERVICE", "Service not known for the socket type"),
    (9, "EAI_SOCKTYPE", "Socket type not recognized"),
];

const EAI_NONAME: u32 = EAI | 1;
const EAI_FAIL: u32 = EAI | 3;
const EAI_FAMILY: u32 = EAI | 5;
const EAI_BADFLAGS: u32 = EAI | 7;
const EAI_SERVICE: u32 = EAI | 8;
const EAI_SOCKTYPE: u32 = EAI | 9;

/// The result string of an EAI error, if `n` is one.
pub(super) fn eai_text(n: u32) -> Option<String> {
    if n & EAI == 0 {
        return None;
    }
    let code = n & !EAI;
    EAI_CODES
        .iter()
        .find(|(c, _, _)| *c == code)
        .map(|(c, name, text)| format!("{c} {name} {text}"))
}

/// The protocols the resolver knows (hlq.ETC.PROTO): IANA's numbers, named as /etc/protocols
/// names them, in upper case as the VM answer `0 TCP` shows (`inferred`).
pub(super) const PROTOCOLS: &[(&str, u8)] = &[
    ("IP", 0),
    ("ICMP", 1),
    ("IGMP", 2),
    ("TCP", 6),
    ("UDP", 17),
    ("IPV6", 41),
    ("ICMPV6", 58),
    ("RAW", 255),
];

/// The services the resolver knows (hlq.ETC.SERVICES): IANA's well-known ports and their
/// protocols (`inferred`; z/OS ships the same names). Telnet is TCP only, which is why
/// IBM's GETNAMEINFO table answers port 23 numerically under NI_DGRAM.
const SERVICES: &[(&str, u16, &str)] = &[
    ("echo", 7, "tcp"),
    ("echo", 7, "udp"),
    ("discard", 9, "tcp"),
    ("discard", 9, "udp"),
    ("ftp-data", 20, "tcp"),
    ("ftp", 21, "tcp"),
    ("ssh", 22, "tcp"),
    ("telnet", 23, "tcp"),
    ("smtp", 25, "tcp"),
    ("domain", 53, "tcp"),
    ("domain", 53, "udp"),
    ("tftp", 69, "udp"),
    ("http", 80, "tcp"),
    ("pop3", 110, "tcp"),
    ("ntp", 123, "udp"),
    ("snmp", 161, "udp"),
    ("ldap", 389, "tcp"),
    ("https", 443, "tcp"),
    ("syslog", 514, "udp"),
    ("printer", 515, "tcp"),
];

/// GETPROTOBYNAME name: `0 6`; GETPROTOBYNUMBER n: `0 TCP` (`confirmed` form, APIREF
/// `rexx_getprotobyname_r.htm`; the number's answer `third-party`, the VM documentation). A
/// protocol the table lacks is a REXX API error, 2012 EINVALIDNAME (`reconstructed`: IBM's
/// page says only "the REXX API error number").
pub(super) fn protocol(by_number: bool, arg: &str) -> Result<String, u32> {
    if by_number {
        let n: u64 = arg.parse().map_err(|_| EINVALIDRXSOCKETCALL)?;
        let (p, _) = PROTOCOLS
            .iter()
            .find(|(_, m)| u64::from(*m) == n)
            .ok_or(EINVALIDNAME)?;
        return Ok(format!("0 {p}"));
    }
    let (_, n) = PROTOCOLS
        .iter()
        .find(|(p, _)| *p == arg)
        .ok_or(EINVALIDNAME)?;
    Ok(format!("0 {n}"))
}

/// GETSERVBYNAME name [,proto] and GETSERVBYPORT port [,proto]: `0 name port proto`
/// (`third-party`, the VM form); without a protocol the first entry answers. One the table
/// lacks is 2012 EINVALIDNAME (`reconstructed`).
pub(super) fn service(by_port: bool, arg: &str, proto: Option<&str>) -> Result<String, u32> {
    let proto = proto.map(str::to_ascii_lowercase);
    let want = proto.as_deref();
    let (name, port, p) = if by_port {
        let port: u16 = arg.parse().map_err(|_| EINVALIDRXSOCKETCALL)?;
        SERVICES
            .iter()
            .find(|(_, n, p)| *n == port && want.is_none_or(|w| w == *p))
    } else {
        let name = arg.to_ascii_lowercase();
        SERVICES
            .iter()
            .find(|(s, _, p)| *s == name && want.is_none_or(|w| w == *p))
    }
    .ok_or(EINVALIDNAME)?;
    Ok(format!("0 {name} {port} {p}"))
}

/// GETNAMEINFO's flags (`confirmed` names and values, APIREF `getnameinfofe.htm`).
const NI_NOFQDN: u32 = 0x01;
const NI_NUMERICHOST: u32 = 0x02;
const NI_NAMEREQD: u32 = 0x04;
const NI_NUMERICSERV: u32 = 0x08;
const NI_DGRAM: u32 = 0x10;
const NI_NUMERICSCOPE: u32 = 0x20;

/// The bits of blank-separated flag names; a name not in the table is EAI_BADFLAGS.
fn flag_bits(text: &str, table: &[(&str, u32)]) -> Result<u32, u32> {
    text.split_whitespace().try_fold(0, |f, w| {
        let (_, bit) = table.iter().find(|(n, _)| *n == w).ok_or(EAI_BADFLAGS)?;
        Ok(f | bit)
    })
}

const NI_FLAGS: &[(&str, u32)] = &[
    ("NI_NOFQDN", NI_NOFQDN),
    ("NI_NUMERICHOST", NI_NUMERICHOST),
    ("NI_NAMEREQD", NI_NAMEREQD),
    ("NI_NUMERICSERV", NI_NUMERICSERV),
    ("NI_DGRAM", NI_DGRAM),
    ("NI_NUMERICSCOPE", NI_NUMERICSCOPE),
];

/// GETNAMEINFO name [,flags]: `0 host service` (`confirmed`, APIREF `getnameinfofe.htm`,
/// whose table gives every flag combination: NI_NOFQDN the host's first label, NI_NUMERICHOST
/// the address, NI_NAMEREQD with NI_NUMERICHOST `3 EAI_FAIL`, NI_NUMERICSERV the port, a
/// service the table has for the protocol (UDP with NI_DGRAM) its name, else the port). The
/// name is a NAME string; IBM's example gives it as `af ipaddr port`, which is taken too.
/// An address with no name is answered numerically, or `1 EAI_NONAME` under NI_NAMEREQD.
pub(super) fn getnameinfo(host: &mut impl Host, name: &str, flags: &str) -> Result<String, u32> {
    let flags = flag_bits(flags, NI_FLAGS)?;
    let addr = sockaddr(name)?;
    if flags & NI_NAMEREQD != 0 && flags & NI_NUMERICHOST != 0 {
        return Err(EAI_FAIL);
    }
    let ip = addr.ip();
    let host_part = if flags & NI_NUMERICHOST != 0 {
        ip.to_string()
    } else {
        match host.host_name(ip) {
            Some(n) if flags & NI_NOFQDN != 0 => n.split('.').next().unwrap_or(&n).to_string(),
            Some(n) => n,
            None if flags & NI_NAMEREQD != 0 => return Err(EAI_NONAME),
            None => ip.to_string(),
        }
    };
    let proto = if flags & NI_DGRAM != 0 { "udp" } else { "tcp" };
    let serv = SERVICES
        .iter()
        .find(|(_, p, pr)| *p == addr.port() && *pr == proto)
        .filter(|_| flags & NI_NUMERICSERV == 0)
        .map_or_else(|| addr.port().to_string(), |(s, _, _)| (*s).to_string());
    Ok(format!("0 {host_part} {serv}"))
}

/// A GETNAMEINFO address: a NAME string, or `af ipaddr port` as IBM's example writes it. A
/// family other than AF_INET or AF_INET6 is EAI_FAMILY.
fn sockaddr(name: &str) -> Result<SocketAddr, u32> {
    let w: Vec<&str> = name.split_whitespace().collect();
    if !matches!(
        w.first().map(|f| f.to_ascii_uppercase()).as_deref(),
        Some("AF_INET" | "2" | "AF_INET6" | "19")
    ) {
        return Err(EAI_FAMILY);
    }
    if let [af, ip, port] = w[..]
        && let (Ok(ip), Ok(port)) = (ip.parse::<IpAddr>(), port.parse::<u16>())
    {
        return parse_name(&format!("{af} {port} {ip}"), |_| Err(EAI_NONAME));
    }
    parse_name(name, |_| Err(EAI_NONAME)).map_err(|_| EINVALIDRXSOCKETCALL)
}

/// GETADDRINFO's flags (the z/OS names, APIREF `rexx_getaddrinfo_r.htm`, `confirmed`).
const AI_PASSIVE: u32 = 0x01;
const AI_CANONNAMEOK: u32 = 0x02;
const AI_NUMERICHOST: u32 = 0x04;
const AI_NUMERICSERV: u32 = 0x08;
const AI_V4MAPPED: u32 = 0x10;
const AI_ALL: u32 = 0x20;
const AI_ADDRCONFIG: u32 = 0x40;

const AI_FLAGS: &[(&str, u32)] = &[
    ("AI_PASSIVE", AI_PASSIVE),
    ("AI_CANONNAMEOK", AI_CANONNAMEOK),
    ("AI_NUMERICHOST", AI_NUMERICHOST),
    ("AI_NUMERICSERV", AI_NUMERICSERV),
    ("AI_V4MAPPED", AI_V4MAPPED),
    ("AI_ALL", AI_ALL),
    ("AI_ADDRCONFIG", AI_ADDRCONFIG),
];

/// GETADDRINFO's request: node, service, flags, family, socktype, protocol (`confirmed`
/// order, APIREF `rexx_getaddrinfo_r.htm`); eflags are accepted and not used.
pub(super) struct AddrInfoRequest<'a> {
    pub node: Option<&'a str>,
    pub service: Option<&'a str>,
    pub flags: &'a str,
    pub family: Option<&'a str>,
    pub socktype: Option<&'a str>,
}

/// GETADDRINFO: `0 n NAME ...`, the number of addresses then each as a NAME string (IPv4
/// first), and with AI_CANONNAMEOK the canonical name after the count (`reconstructed`: IBM's
/// page names the parts, "a set of NAME strings and associated information", but its layout
/// is not in our sources). A node that is an address needs AI_NUMERICHOST (`confirmed`); no
/// node is the loopback address, or the unspecified one under AI_PASSIVE. A service name
/// the table lacks for the socket type is EAI_SERVICE; AI_NUMERICSERV wants a number.
pub(super) fn getaddrinfo(host: &mut impl Host, r: &AddrInfoRequest) -> Result<String, u32> {
    let flags = flag_bits(r.flags, AI_FLAGS)?;
    let family = match r.family.map(str::to_ascii_uppercase).as_deref() {
        None | Some("AF_UNSPEC" | "0") => None,
        Some("AF_INET" | "2") => Some(false),
        Some("AF_INET6" | "19") => Some(true),
        Some(_) => return Err(EAI_FAMILY),
    };
    let proto = match r.socktype.map(str::to_ascii_uppercase).as_deref() {
        None | Some("0") => None,
        Some("SOCK_STREAM" | "STREAM" | "1") => Some("tcp"),
        Some("SOCK_DGRAM" | "SOCK_DATAGRAM" | "DATAGRAM" | "2") => Some("udp"),
        Some(_) => return Err(EAI_SOCKTYPE),
    };
    if r.node.is_none() && r.service.is_none() {
        return Err(EAI_NONAME);
    }
    let port = match r.service {
        None => 0,
        Some(s) => match s.parse::<u16>() {
            Ok(p) => p,
            Err(_) if flags & AI_NUMERICSERV != 0 => return Err(EAI_NONAME),
            Err(_) => {
                let s = s.to_ascii_lowercase();
                SERVICES
                    .iter()
                    .find(|(n, _, p)| *n == s && proto.is_none_or(|w| w == *p))
                    .map(|(_, port, _)| *port)
                    .ok_or(EAI_SERVICE)?
            }
        },
    };
    let (canon, addrs) = match r.node {
        None if flags & AI_PASSIVE != 0 => (
            None,
            vec![
                IpAddr::V4(Ipv4Addr::UNSPECIFIED),
                IpAddr::V6(Ipv6Addr::UNSPECIFIED),
            ],
        ),
        None => (
            None,
            vec![
                IpAddr::V4(Ipv4Addr::LOCALHOST),
                IpAddr::V6(Ipv6Addr::LOCALHOST),
            ],
        ),
        Some(n) => match n.parse::<IpAddr>() {
            Ok(ip) => (Some(ip.to_string()), vec![ip]),
            Err(_) if flags & AI_NUMERICHOST != 0 => return Err(EAI_NONAME),
            Err(_) => {
                let found = host.resolve(n);
                if found.is_empty() {
                    return Err(EAI_NONAME);
                }
                (Some(n.to_ascii_uppercase()), found)
            }
        },
    };
    let mut list: Vec<SocketAddr> = Vec::new();
    for ip in addrs {
        let ip = match (family, ip) {
            (Some(false), IpAddr::V6(_)) => continue,
            (Some(true), IpAddr::V4(v4)) if flags & AI_V4MAPPED != 0 => {
                IpAddr::V6(v4.to_ipv6_mapped())
            }
            (Some(true), IpAddr::V4(_)) => continue,
            _ => ip,
        };
        list.push(SocketAddr::new(ip, port));
    }
    list.sort_by_key(|a| a.is_ipv6());
    if list.is_empty() {
        return Err(EAI_NONAME);
    }
    let mut out = format!("0 {}", list.len());
    if flags & AI_CANONNAMEOK != 0
        && let Some(c) = canon
    {
        out.push(' ');
        out.push_str(&c);
    }
    for a in list {
        out.push(' ');
        out.push_str(&name_text(a));
    }
    Ok(out)
}
