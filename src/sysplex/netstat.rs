//! The Netstat ALL (-A) and COnn (-c) reports of a stack with their filters, and the NMI connection entries (`nwmConnEntry`,
//! GetConnectionDetail) for the same connections.
//!
//! Known from IBM and from real output (`docs/reference/trusted-tcp.md` §5): the header line
//! `MVS TCP/IP NETSTAT CS V2R3       TCPIP Name: TCPIP           11:49:59` (`third-party`),
//! sockets printed `addr..port`, states abbreviated (`Establsh`, `Listen`), the field names
//! Client Name, Client ID, Local Socket, Foreign Socket, StartDate, StartTime, BytesIn,
//! BytesOut (`confirmed`, z/OS 2.5 field list), and the lines `TcpClusterConnFlag: hh` and
//! `TcpTrustedPartner: hh` (`confirmed`, seed). A verbatim modern ALL entry is not public, so
//! the indentation, the column of the values, the order of the remaining fields and the
//! release in the header (V1R12, the release the seed describes) are `reconstructed`.

use std::net::SocketAddr;

use crate::areas::Area;
use crate::areas::nmi::NwmConnEntry;
use crate::areas::sockaddr::{SockaddrIn, SockaddrIn6, netstat_socket};
use crate::codepage::{CodePage, pad_field};

use super::StackId;
use super::plex::{Node, Sysplex, Tcb};

/// The release Netstat names in its header (`reconstructed`).
pub const RELEASE: &str = "V1R12";

/// The header line: `MVS TCP/IP NETSTAT CS V1R12      TCPIP Name: TCPCS1          00:00:05`.
/// "TCPIP Name:" starts in column 34 and the name takes 16 columns, as in the quoted V2R3
/// header (`third-party`).
pub fn header(tcpname: &str, time: &str) -> String {
    let left = format!("MVS TCP/IP NETSTAT CS {RELEASE}");
    format!("{left:<33}TCPIP Name: {tcpname:<16}{time}")
}

/// One connection or listener in the ALL format.
fn entry(t: &Tcb, out: &mut String) {
    let field = |out: &mut String, name: &str, value: &dyn std::fmt::Display| {
        out.push_str(&format!("    {:<20}{}\n", format!("{name}:"), value));
    };
    out.push_str(&format!(
        "Client Name: {:<8}                 Client Id: {:08X}\n",
        t.client, t.conn_id
    ));
    out.push_str(&format!("  Local Socket:   {}\n", netstat_socket(&t.local)));
    out.push_str(&format!(
        "  Foreign Socket: {}\n",
        netstat_socket(&t.remote)
    ));
    field(out, "BytesIn", &t.bytes_in);
    field(out, "BytesOut", &t.bytes_out);
    field(out, "SegmentsIn", &t.segs_in);
    field(out, "SegmentsOut", &t.segs_out);
    field(out, "StartDate", &t.start.date());
    field(out, "StartTime", &t.start.time_of_day());
    field(out, "Last Touched", &t.last_activity.time_of_day());
    field(out, "State", &t.state.netstat());
    field(out, "ReceiveBufferSize", &t.rcvbuf);
    field(out, "SendBufferSize", &t.sndbuf);
    field(out, "ReceiveDataQueued", &t.in_buffered);
    field(
        out,
        "TcpClusterConnFlag",
        &format!("{:02X}", t.cluster.bits()),
    );
    field(
        out,
        "TcpTrustedPartner",
        &format!("{:02X}", t.trusted.bits()),
    );
}

/// The Netstat ALL report of a stack: every connection and listener it has known, oldest
/// first, closed ones included (z/OS keeps "some recently closed ones").
pub fn all(plex: &Sysplex, stack: StackId) -> String {
    report(plex, stack, Report::All, &Filter::default())
}

/// A Netstat report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Report {
    /// ALL (-A): every field of each connection.
    All,
    /// COnn (-c): one line per connection, `User Id  Conn  State`, then its sockets.
    Conn,
}

/// The filters of ALL and COnn (`confirmed` names, `docs/reference/trusted-tcp.md` §5.1): SERVER keeps the
/// listeners; CLIent up to six job names; IPAddr an address at either end; POrt a port at
/// either end; IPPort both together.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    pub server: bool,
    pub clients: Vec<String>,
    pub ipaddr: Option<std::net::IpAddr>,
    pub port: Option<u16>,
}

impl Filter {
    fn keeps(&self, t: &Tcb) -> bool {
        let ends = [t.local, t.remote];
        (!self.server || t.state == super::TcpState::Listen)
            && (self.clients.is_empty() || self.clients.contains(&t.client))
            && self
                .ipaddr
                .is_none_or(|ip| ends.iter().any(|e| e.ip() == ip))
            && self.port.is_none_or(|p| ends.iter().any(|e| e.port() == p))
    }
}

/// A TSO NETSTAT command: the report, its filters and the stack TCp names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    pub report: Report,
    pub filter: Filter,
    pub tcp: Option<String>,
}

impl Request {
    /// The operands of TSO NETSTAT: ALL or COnn, the modifier SERVER, the filters CLIent (up
    /// to six), IPAddr, POrt and IPPort, and TCp (`confirmed` keywords, `docs/reference/trusted-tcp.md` §5.1;
    /// the upper-case part of each is its shortest form; a `(` before the options is
    /// optional). Anything else is an error in plain words (`reconstructed`).
    pub fn parse(words: &[String]) -> Result<Request, String> {
        let is = |w: &str, full: &str, min: usize| w.len() >= min && full.starts_with(w);
        let mut req = Request {
            report: Report::All,
            filter: Filter::default(),
            tcp: None,
        };
        let operand = |i: usize| words.get(i).map(|v| v.trim_end_matches(')').to_string());
        let mut i = 0;
        while i < words.len() {
            let w = words[i].trim_start_matches('(').to_ascii_uppercase();
            let value = operand(i + 1);
            let mut took = 1;
            match w.as_str() {
                "" => {}
                w if is(w, "ALL", 3) => req.report = Report::All,
                w if is(w, "CONN", 2) => req.report = Report::Conn,
                w if is(w, "SERVER", 6) => req.filter.server = true,
                w if is(w, "TCP", 2) => {
                    req.tcp = Some(value.ok_or("TCP needs a TCP/IP name")?);
                    took = 2;
                }
                w if is(w, "CLIENT", 3) => {
                    let v = value
                        .filter(|v| !v.is_empty() && v.len() <= 8)
                        .ok_or("CLIENT needs a job name of up to 8 characters")?;
                    if req.filter.clients.len() == 6 {
                        return Err("CLIENT takes up to six names".into());
                    }
                    req.filter.clients.push(v.to_ascii_uppercase());
                    took = 2;
                }
                w if is(w, "IPADDR", 3) => {
                    let ip = value.and_then(|v| v.parse().ok());
                    req.filter.ipaddr = Some(ip.ok_or("IPADDR needs an IP address")?);
                    took = 2;
                }
                w if is(w, "PORT", 2) => {
                    let p = value.and_then(|v| v.parse().ok());
                    req.filter.port = Some(p.ok_or("PORT needs a port number")?);
                    took = 2;
                }
                w if is(w, "IPPORT", 3) => {
                    let ip = value.and_then(|v| v.parse().ok());
                    let port = operand(i + 2).and_then(|v| v.parse().ok());
                    let (Some(ip), Some(port)) = (ip, port) else {
                        return Err("IPPORT needs an IP address and a port".into());
                    };
                    req.filter.ipaddr = Some(ip);
                    req.filter.port = Some(port);
                    took = 3;
                }
                w => return Err(format!("NETSTAT {w} is not emulated; ALL and COnn are")),
            }
            i += took;
        }
        Ok(req)
    }

    /// The report and operands of the operator's `D TCPIP,proc,NETSTAT,report,operands`:
    /// the TSO keywords written `KEYWORD=value` (`CLIENT=TRSTCLI`, `PORT=4000`), SERVER alone.
    /// The same keywords and checks as [`Request::parse`]; TCP is the command's own proc.
    pub fn from_operator(report: &str, operands: &[String]) -> Result<Request, String> {
        let mut words = vec![report.to_owned()];
        for o in operands {
            match o.split_once('=') {
                Some((k, v)) => words.extend([k.to_owned(), v.to_owned()]),
                None => words.push(o.clone()),
            }
        }
        let req = Request::parse(&words)?;
        if req.tcp.is_some() {
            return Err("the stack is the command's TCPIP procedure, not TCP=".into());
        }
        Ok(req)
    }
}

/// A report of a stack's connections and listeners that pass the filter.
pub fn report(plex: &Sysplex, stack: StackId, report: Report, filter: &Filter) -> String {
    let name = &plex.topology().stacks[stack.0].name;
    let mut out = header(name, &plex.now().time_of_day());
    out.push('\n');
    if report == Report::Conn {
        out.push_str("User Id  Conn     State\n-------  ----     -----\n");
    }
    for t in plex.tcbs(Node::Stack(stack)) {
        if !filter.keeps(t) {
            continue;
        }
        match report {
            Report::All => entry(t, &mut out),
            Report::Conn => conn(t, &mut out),
        }
    }
    out
}

/// A report as JSON for programs: the stack, the time, and one object per connection or
/// listener that passes the filter, with the fields the text report prints (COnn's three,
/// or ALL's every one) under the names Netstat gives them.
pub fn report_json(
    plex: &Sysplex,
    stack: StackId,
    report: Report,
    filter: &Filter,
) -> serde_json::Value {
    let entries: Vec<serde_json::Value> = plex
        .tcbs(Node::Stack(stack))
        .into_iter()
        .filter(|t| filter.keeps(t))
        .map(|t| {
            let mut e = serde_json::json!({
                "ClientName": t.client,
                "ClientId": format!("{:08X}", t.conn_id),
                "LocalSocket": netstat_socket(&t.local),
                "ForeignSocket": netstat_socket(&t.remote),
                "State": t.state.netstat(),
            });
            if report == Report::All {
                let more = serde_json::json!({
                    "BytesIn": t.bytes_in,
                    "BytesOut": t.bytes_out,
                    "SegmentsIn": t.segs_in,
                    "SegmentsOut": t.segs_out,
                    "StartDate": t.start.date(),
                    "StartTime": t.start.time_of_day(),
                    "LastTouched": t.last_activity.time_of_day(),
                    "ReceiveBufferSize": t.rcvbuf,
                    "SendBufferSize": t.sndbuf,
                    "ReceiveDataQueued": t.in_buffered,
                    "TcpClusterConnFlag": format!("{:02X}", t.cluster.bits()),
                    "TcpTrustedPartner": format!("{:02X}", t.trusted.bits()),
                });
                if let (Some(e), serde_json::Value::Object(m)) = (e.as_object_mut(), more) {
                    e.extend(m);
                }
            }
            e
        })
        .collect();
    serde_json::json!({
        "TcpipName": plex.topology().stacks[stack.0].name,
        "Time": plex.now().time_of_day(),
        "Report": match report { Report::All => "ALL", Report::Conn => "COnn" },
        "Entries": entries,
    })
}

/// One connection in the COnn format (`reconstructed`: the columns of z/OS V2 output; the
/// `addr..port` sockets and abbreviated states are `third-party`, `docs/reference/trusted-tcp.md` §5.2).
fn conn(t: &Tcb, out: &mut String) {
    out.push_str(&format!(
        "{:<8} {:08X} {}\n",
        t.client,
        t.conn_id,
        t.state.netstat()
    ));
    out.push_str(&format!("  Local Socket:   {}\n", netstat_socket(&t.local)));
    out.push_str(&format!(
        "  Foreign Socket: {}\n",
        netstat_socket(&t.remote)
    ));
}

fn sockaddr(a: &SocketAddr) -> [u8; 28] {
    let mut b = [0u8; 28];
    match a {
        SocketAddr::V4(v4) => b[..16].copy_from_slice(&SockaddrIn::new(*v4).to_bytes()),
        SocketAddr::V6(v6) => b.copy_from_slice(&SockaddrIn6::new(*v6).to_bytes()),
    }
    b
}

/// The NMI connection entry of one connection (the fields the model knows; the rest zero).
pub fn nmi_entry(t: &Tcb) -> NwmConnEntry {
    let mut e = NwmConnEntry::new();
    e.local = sockaddr(&t.local);
    e.remote = sockaddr(&t.remote);
    e.start_time = t.start.tod();
    e.last_activity = t.last_activity.tod();
    e.bytes_in = t.bytes_in;
    e.bytes_out = t.bytes_out;
    e.in_segs = t.segs_in;
    e.out_segs = t.segs_out;
    e.state = t.state.nmi();
    e.active_open = u8::from(t.active_open);
    e.in_buffered = t.in_buffered;
    e.out_buffered = t.out_buffered;
    e.rcv_buf_size = t.rcvbuf;
    e.snd_buf_size = t.sndbuf;
    e.asid = t.asid;
    e.resource_name = pad_field::<8>(&t.client, CodePage::Ibm1047).unwrap_or([0x40; 8]);
    e.resource_id = t.conn_id;
    e.cluster_conn_flag = t.cluster.bits();
    e.trusted_partner = t.trusted.bits();
    e
}

/// The NMI entries of a stack's connections and listeners, in the report's order.
pub fn nmi_entries(plex: &Sysplex, stack: StackId) -> Vec<NwmConnEntry> {
    plex.tcbs(Node::Stack(stack))
        .into_iter()
        .map(nmi_entry)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_columns_follow_the_quoted_header() {
        // The quoted V2R3 header, re-made with our function and its release swapped in.
        let quoted = "MVS TCP/IP NETSTAT CS V2R3       TCPIP Name: TCPIP           11:49:59";
        let ours = header("TCPIP", "11:49:59");
        assert_eq!(ours.find("TCPIP Name:"), quoted.find("TCPIP Name:"));
        assert_eq!(ours.find("11:49:59"), quoted.find("11:49:59"));
        assert_eq!(ours.len(), quoted.len());
    }

    #[test]
    fn tso_operands() {
        let w = |s: &str| s.split_whitespace().map(String::from).collect::<Vec<_>>();
        let r = Request::parse(&w("co (cli TRSTSRV ipp 10.1.1.2 4000 tcp TCPCS2")).unwrap();
        assert_eq!(r.report, Report::Conn);
        assert_eq!(r.filter.clients, ["TRSTSRV"]);
        assert_eq!(r.filter.port, Some(4000));
        assert_eq!(r.tcp.as_deref(), Some("TCPCS2"));
        assert!(Request::parse(&w("ALL SERVER")).unwrap().filter.server);
        assert!(Request::parse(&w("C")).is_err(), "CO is the shortest COnn");
        assert!(Request::parse(&w("PORT x")).is_err());
        assert!(Request::parse(&w("IPPORT 10.1.1.1")).is_err());
        assert!(Request::parse(&w("CLI A CLI B CLI C CLI D CLI E CLI F CLI G")).is_err());
        assert!(Request::parse(&w("HOSTNAME X")).is_err());
    }
}
