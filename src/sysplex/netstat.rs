//! The Netstat reports of a stack, one model for TSO NETSTAT, the operator's `D TCPIP,,NETSTAT`
//! and the z/OS UNIX shell's `netstat`: ALL (-A), ALLConn (-a), COnn (-c), BYTEinfo (-b),
//! SOCKets (-s), HOme (-h) and ROUTe (-r), with their filters; and the NMI connection entries
//! (`nwmConnEntry`, GetConnectionDetail) for the same connections.
//!
//! What each report covers (`confirmed`, IBM "Report options", z/OS Communications Server IP
//! System Administrator's Commands): ALL and ALLConn every connection "including some recently
//! closed ones"; COnn and BYTEinfo "each active TCP connection"; HOme "each home IP address and
//! its associated link or interface name"; ROUTe the routing table. The layouts of ALLConn,
//! BYTEinfo, SOCKets, HOme and ROUTe are `reconstructed` in the style of ALL and COnn, as is
//! the naming of interfaces ([`interface`]).
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
    /// ALL (-A): every field of each connection, recently closed ones included.
    All,
    /// ALLConn (-a): COnn's lines for every connection, recently closed ones included.
    AllConn,
    /// COnn (-c): one line per active connection, `User Id  Conn  State`, then its sockets.
    Conn,
    /// BYTEinfo (-b): COnn's lines and each active connection's byte counts.
    ByteInfo,
    /// SOCKets (-s): each job's active sockets.
    Sockets,
    /// HOme (-h): the home addresses and their links or interfaces.
    Home,
    /// ROUTe (-r): the routes to every address the stack can reach in the sysplex.
    Route,
}

impl Report {
    /// The TSO name, its shortest abbreviation, and the z/OS UNIX shell option (`confirmed`,
    /// IBM's TSO NETSTAT and z/OS UNIX netstat syntax).
    pub const TABLE: &[(Report, &str, usize, &str)] = &[
        (Report::All, "ALL", 3, "-A"),
        (Report::AllConn, "ALLCONN", 4, "-a"),
        (Report::Conn, "CONN", 2, "-c"),
        (Report::ByteInfo, "BYTEINFO", 4, "-b"),
        (Report::Sockets, "SOCKETS", 4, "-s"),
        (Report::Home, "HOME", 2, "-h"),
        (Report::Route, "ROUTE", 4, "-r"),
    ];

    /// The report's name as IBM writes it (ALLConn, BYTEinfo).
    pub fn name(self) -> &'static str {
        match self {
            Report::All => "ALL",
            Report::AllConn => "ALLConn",
            Report::Conn => "COnn",
            Report::ByteInfo => "BYTEinfo",
            Report::Sockets => "SOCKets",
            Report::Home => "HOme",
            Report::Route => "ROUTe",
        }
    }

    /// Whether the report lists connections that are over (ALL, ALLConn).
    fn keeps_closed(self) -> bool {
        matches!(self, Report::All | Report::AllConn)
    }
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
    /// CLIent (TSO) or -E (shell), named `name` in errors: one more job name, up to six.
    fn client(&mut self, name: &str, value: Option<&str>) -> Result<(), String> {
        let v = value
            .filter(|v| !v.is_empty() && v.len() <= 8)
            .ok_or_else(|| format!("{name} needs a job name of up to 8 characters"))?;
        if self.clients.len() == 6 {
            return Err(format!("{name} takes up to six names"));
        }
        self.clients.push(v.to_ascii_uppercase());
        Ok(())
    }

    /// IPAddr or -I.
    fn ipaddr(&mut self, name: &str, value: Option<&str>) -> Result<(), String> {
        let ip = value.and_then(|v| v.parse().ok());
        self.ipaddr = Some(ip.ok_or_else(|| format!("{name} needs an IP address"))?);
        Ok(())
    }

    /// POrt or -P.
    fn port(&mut self, name: &str, value: Option<&str>) -> Result<(), String> {
        let p = value.and_then(|v| v.parse().ok());
        self.port = Some(p.ok_or_else(|| format!("{name} needs a port number"))?);
        Ok(())
    }

    /// IPPort or -B: an address and a port, each form written its own way (`bad` says how).
    fn ipport(
        &mut self,
        both: Option<(&str, &str)>,
        bad: impl FnOnce() -> String,
    ) -> Result<(), String> {
        let ip = both.and_then(|(a, _)| a.parse().ok());
        let port = both.and_then(|(_, p)| p.parse().ok());
        let (Some(ip), Some(port)) = (ip, port) else {
            return Err(bad());
        };
        self.ipaddr = Some(ip);
        self.port = Some(port);
        Ok(())
    }

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
            if let Some(r) = Report::TABLE.iter().find(|r| is(&w, r.1, r.2)) {
                req.report = r.0;
                i += 1;
                continue;
            }
            match w.as_str() {
                "" => {}
                w if is(w, "SERVER", 6) => req.filter.server = true,
                w if is(w, "TCP", 2) => {
                    req.tcp = Some(value.ok_or("TCP needs a TCP/IP name")?);
                    took = 2;
                }
                w if is(w, "CLIENT", 3) => {
                    req.filter.client("CLIENT", value.as_deref())?;
                    took = 2;
                }
                w if is(w, "IPADDR", 3) => {
                    req.filter.ipaddr("IPADDR", value.as_deref())?;
                    took = 2;
                }
                w if is(w, "PORT", 2) => {
                    req.filter.port("PORT", value.as_deref())?;
                    took = 2;
                }
                w if is(w, "IPPORT", 3) => {
                    let port = operand(i + 2);
                    let both = value.as_deref().zip(port.as_deref());
                    req.filter
                        .ipport(both, || "IPPORT needs an IP address and a port".into())?;
                    took = 3;
                }
                w => {
                    return Err(format!(
                        "NETSTAT {w} is not emulated; ALL, ALLConn, COnn, BYTEinfo, SOCKets, \
                         HOme and ROUTe are"
                    ));
                }
            }
            i += took;
        }
        Ok(req)
    }

    /// The z/OS UNIX shell's form, `netstat -A -p TCPCS1 -P 4000` (`confirmed` options, IBM
    /// "The z/OS UNIX netstat command syntax"): a report option (-A -a -c -b -s -h -r; -c
    /// when none), SERVER after -A or -c, the target `-p tcpname`, and the filters -E
    /// clientname, -I ipaddr, -P portnum and -B ipaddr+portnum. Options are case-sensitive,
    /// as in the shell.
    pub fn parse_shell(words: &[String]) -> Result<Request, String> {
        let mut req = Request {
            report: Report::Conn,
            filter: Filter::default(),
            tcp: None,
        };
        let mut i = 0;
        while i < words.len() {
            let w = words[i].as_str();
            let value = words.get(i + 1).cloned();
            let mut took = 1;
            if let Some(r) = Report::TABLE.iter().find(|r| r.3 == w) {
                req.report = r.0;
            } else {
                let need = |what: &str| format!("{w} needs {what}");
                match w {
                    "SERVER" => req.filter.server = true,
                    "-p" => {
                        req.tcp = Some(value.ok_or_else(|| need("a TCP/IP name"))?);
                        took = 2;
                    }
                    "-E" => {
                        req.filter.client(w, value.as_deref())?;
                        took = 2;
                    }
                    "-I" => {
                        req.filter.ipaddr(w, value.as_deref())?;
                        took = 2;
                    }
                    "-P" => {
                        req.filter.port(w, value.as_deref())?;
                        took = 2;
                    }
                    "-B" => {
                        let both = value.as_deref().and_then(|v| v.rsplit_once('+'));
                        req.filter.ipport(both, || need("ipaddr+portnum"))?;
                        took = 2;
                    }
                    _ => {
                        return Err(format!(
                            "netstat {w} is not emulated; -A, -a, -c, -b, -s, -h, -r, -p, -E, \
                             -I, -P and -B are"
                        ));
                    }
                }
            }
            i += took;
        }
        Ok(req)
    }

    /// TSO operands, or the shell's options when the first word is one (`-A`).
    pub fn parse_any(words: &[String]) -> Result<Request, String> {
        if words.first().is_some_and(|w| w.starts_with('-')) {
            Request::parse_shell(words)
        } else {
            Request::parse(words)
        }
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

/// The connections and listeners a report shows: those that pass the filter, and for the
/// reports of active connections only those whose applications still hold them: not Closed
/// nor in TimeWait (`inferred` from IBM's "active" against ALLConn's "recently closed").
fn shown<'a>(plex: &'a Sysplex, stack: StackId, report: Report, filter: &Filter) -> Vec<&'a Tcb> {
    use super::TcpState::{Closed, TimeWait};
    plex.tcbs(Node::Stack(stack))
        .into_iter()
        .filter(|t| filter.keeps(t))
        .filter(|t| report.keeps_closed() || !matches!(t.state, Closed | TimeWait))
        .collect()
}

/// A report of a stack.
pub fn report(plex: &Sysplex, stack: StackId, report: Report, filter: &Filter) -> String {
    let name = &plex.topology().stacks[stack.0].name;
    let mut out = header(name, &plex.now().time_of_day());
    out.push('\n');
    match report {
        Report::Home => return out + &home(plex, stack),
        Report::Route => return out + &route(plex, stack),
        Report::Conn | Report::AllConn | Report::ByteInfo => {
            out.push_str("User Id  Conn     State\n-------  ----     -----\n");
        }
        Report::Sockets => {
            out.push_str(&format!(
                "Sockets interface status:\n{:<7}{:<26}{:<26}{:<9}{}\n{:<7}{:<26}{:<26}{:<9}{}\n",
                "Type",
                "Bound to",
                "Connected to",
                "State",
                "Conn",
                "====",
                "========",
                "============",
                "=====",
                "===="
            ));
        }
        Report::All => {}
    }
    let tcbs = shown(plex, stack, report, filter);
    if report == Report::Sockets {
        let mut jobs: Vec<&str> = tcbs.iter().map(|t| t.client.as_str()).collect();
        jobs.sort_unstable();
        jobs.dedup();
        for job in jobs {
            out.push_str(&format!("Name: {job}\n"));
            for t in tcbs.iter().filter(|t| t.client == job) {
                out.push_str(&format!(
                    "{:<7}{:<26}{:<26}{:<9}{:08X}\n",
                    "Stream",
                    netstat_socket(&t.local),
                    netstat_socket(&t.remote),
                    t.state.netstat(),
                    t.conn_id
                ));
            }
        }
        return out;
    }
    for t in tcbs {
        match report {
            Report::All => entry(t, &mut out),
            _ => conn(t, &mut out),
        }
        if report == Report::ByteInfo {
            out.push_str(&format!("    BytesIn:        {:020}\n", t.bytes_in));
            out.push_str(&format!("    BytesOut:       {:020}\n", t.bytes_out));
        }
    }
    out
}

/// The name of the link or interface a home address is on: `LOOPBACK` and `LOOPBACK6` for the
/// loopback addresses (`inferred`: z/OS's names for them), else `LNKn` for the stack's n-th
/// IPv4 home address (a LINK) and `INTFn` for its n-th IPv6 one (an INTERFACE), counted from
/// 1 in the scenario's order (`reconstructed`: an installation names its own).
pub fn interface(plex: &Sysplex, stack: StackId, addr: std::net::IpAddr) -> String {
    if addr.is_loopback() {
        return if addr.is_ipv4() {
            "LOOPBACK"
        } else {
            "LOOPBACK6"
        }
        .into();
    }
    let home = &plex.topology().stacks[stack.0].home;
    let n = home
        .iter()
        .filter(|a| a.is_ipv4() == addr.is_ipv4())
        .position(|a| *a == addr)
        .map_or(0, |i| i + 1);
    if addr.is_ipv4() {
        format!("LNK{n}")
    } else {
        format!("INTF{n}")
    }
}

/// A job's interfaces, as the SIOCGIF ioctls see them: its stack's home list (every stack of
/// its system under CINET), names and addresses; none for a host outside the sysplex.
pub fn task_interfaces(plex: &Sysplex, task: super::TaskId) -> Vec<(String, std::net::IpAddr)> {
    let topo = plex.topology();
    let stacks: Vec<StackId> = match plex.job(task).place {
        super::Place::Stack { stack, .. } => vec![stack],
        super::Place::Cinet { system } => (0..topo.stacks.len())
            .filter(|i| topo.stacks[*i].system == system)
            .map(StackId)
            .collect(),
        super::Place::Outside(_) => Vec::new(),
    };
    let mut out: Vec<(String, std::net::IpAddr)> = Vec::new();
    for s in stacks {
        for (name, addr, _) in home_list(plex, s) {
            if !out.iter().any(|(n, a)| *n == name && *a == addr) {
                out.push((name, addr));
            }
        }
    }
    out
}

/// The home list: the stack's addresses, then the loopback ones; the first IPv4 address is
/// the primary one.
fn home_list(plex: &Sysplex, stack: StackId) -> Vec<(String, std::net::IpAddr, &'static str)> {
    use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
    let home = &plex.topology().stacks[stack.0].home;
    let primary = home.iter().find(|a| a.is_ipv4()).copied();
    let mut addrs: Vec<IpAddr> = home.clone();
    addrs.push(IpAddr::V4(Ipv4Addr::LOCALHOST));
    if home.iter().any(IpAddr::is_ipv6) {
        addrs.push(IpAddr::V6(Ipv6Addr::LOCALHOST));
    }
    addrs
        .into_iter()
        .map(|a| {
            let flags = if Some(a) == primary { "Primary" } else { "" };
            (interface(plex, stack, a), a, flags)
        })
        .collect()
}

fn home(plex: &Sysplex, stack: StackId) -> String {
    let mut out = String::from("Home address list:\n");
    for (name, addr, flags) in home_list(plex, stack) {
        let label = if addr.is_ipv4() {
            "LinkName:"
        } else {
            "IntfName:"
        };
        let flags = if flags.is_empty() {
            String::new()
        } else {
            format!("  {flags}")
        };
        out.push_str(&format!(
            "{label:<12}{name}\n  Address:  {addr}\n    Flags:{flags}\n"
        ));
    }
    out
}

/// A route: destination (with prefix), gateway, flags, interface.
struct Route {
    dest: String,
    gateway: String,
    flags: &'static str,
    interface: String,
    v4: bool,
}

/// The routes: a host route (UH) to each home address on its own interface; to each address
/// of a stack the stack reaches, a host route over the link to it (UH), or through the first
/// stack on the way (UGH, that stack's address the gateway); the model has no subnets, so
/// every route is a host route (`reconstructed`).
fn routes(plex: &Sysplex, stack: StackId) -> Vec<Route> {
    let topo = plex.topology();
    let mut out = Vec::new();
    for (name, addr, _) in home_list(plex, stack) {
        out.push(Route {
            dest: format!("{addr}/{}", if addr.is_ipv4() { 32 } else { 128 }),
            gateway: if addr.is_ipv4() { "0.0.0.0" } else { "::" }.into(),
            flags: "UH",
            interface: name,
            v4: addr.is_ipv4(),
        });
    }
    for (i, other) in topo.stacks.iter().enumerate() {
        let to = StackId(i);
        let Some(hop) = topo.next_hop(stack, to) else {
            continue;
        };
        for addr in &other.home {
            let out_if = topo.stacks[stack.0]
                .home
                .iter()
                .find(|a| a.is_ipv4() == addr.is_ipv4())
                .map_or_else(|| "LOOPBACK".into(), |a| interface(plex, stack, *a));
            let gateway = if hop == to {
                None
            } else {
                topo.stacks[hop.0]
                    .home
                    .iter()
                    .find(|a| a.is_ipv4() == addr.is_ipv4())
                    .map(|a| a.to_string())
            };
            out.push(Route {
                dest: format!("{addr}/{}", if addr.is_ipv4() { 32 } else { 128 }),
                flags: if gateway.is_some() { "UGH" } else { "UH" },
                gateway: gateway
                    .unwrap_or_else(|| if addr.is_ipv4() { "0.0.0.0" } else { "::" }.into()),
                interface: out_if,
                v4: addr.is_ipv4(),
            });
        }
    }
    out
}

fn route(plex: &Sysplex, stack: StackId) -> String {
    let rs = routes(plex, stack);
    let mut out = String::from("IPv4 Destinations\n");
    out.push_str(&format!(
        "{:<19}{:<16}{:<9}{:<11}{}\n{:<19}{:<16}{:<9}{:<11}{}\n",
        "Destination",
        "Gateway",
        "Flags",
        "Refcnt",
        "Interface",
        "-----------",
        "-------",
        "-----",
        "------",
        "---------"
    ));
    for r in rs.iter().filter(|r| r.v4) {
        out.push_str(&format!(
            "{:<19}{:<16}{:<9}{:<11}{}\n",
            r.dest, r.gateway, r.flags, "0000000000", r.interface
        ));
    }
    if rs.iter().any(|r| !r.v4) {
        out.push_str("IPv6 Destinations\n");
        for r in rs.iter().filter(|r| !r.v4) {
            out.push_str(&format!(
                "DestIP:   {}\n  Gw:     {}\n  Intf:   {:<18}Refcnt:  0000000000\n  Flgs:   {}\n",
                r.dest, r.gateway, r.interface, r.flags
            ));
        }
    }
    out
}

/// A report as JSON for programs: the stack, the time, the report, and its entries: one
/// object per connection or listener (COnn's fields, ALL's every one, BYTEinfo's byte
/// counts), per home address, or per route, under the names Netstat gives them.
pub fn report_json(
    plex: &Sysplex,
    stack: StackId,
    report: Report,
    filter: &Filter,
) -> serde_json::Value {
    let entries: Vec<serde_json::Value> = match report {
        Report::Home => home_list(plex, stack)
            .into_iter()
            .map(|(name, addr, flags)| {
                serde_json::json!({"LinkName": name, "Address": addr.to_string(), "Flags": flags})
            })
            .collect(),
        Report::Route => routes(plex, stack)
            .into_iter()
            .map(|r| {
                serde_json::json!({
                    "Destination": r.dest, "Gateway": r.gateway, "Flags": r.flags,
                    "Refcnt": 0, "Interface": r.interface,
                })
            })
            .collect(),
        _ => shown(plex, stack, report, filter)
            .into_iter()
            .map(|t| connection_json(t, report))
            .collect(),
    };
    serde_json::json!({
        "TcpipName": plex.topology().stacks[stack.0].name,
        "Time": plex.now().time_of_day(),
        "Report": report.name(),
        "Entries": entries,
    })
}

fn connection_json(t: &Tcb, report: Report) -> serde_json::Value {
    let mut e = serde_json::json!({
        "ClientName": t.client,
        "ClientId": format!("{:08X}", t.conn_id),
        "LocalSocket": netstat_socket(&t.local),
        "ForeignSocket": netstat_socket(&t.remote),
        "State": t.state.netstat(),
    });
    let more = match report {
        Report::All => serde_json::json!({
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
        }),
        Report::ByteInfo => serde_json::json!({"BytesIn": t.bytes_in, "BytesOut": t.bytes_out}),
        _ => serde_json::json!({}),
    };
    if let (Some(e), serde_json::Value::Object(m)) = (e.as_object_mut(), more) {
        e.extend(m);
    }
    e
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
