//! SOCKET() from REXX execs running as jobs under the scheduler: socket sets, errors in the
//! REXX API's terms (2001-2021 and TCPERRNO numbers, names and texts), the SIOCGPARTNERINFO
//! and SIOCSPARTNERINFO forms, options, blocking and non-blocking calls.

use trustplex::rexx::task::ExecJob;
use trustplex::scenario::Scenario;

const SCENARIO: &str = include_str!("../fixtures/scenarios/seed-worked-example.toml");

/// Runs `server` as TRSTSRV and `client` as TRSTCLI on the worked-example plex; the transcript.
fn run(server: &str, client: &str) -> String {
    run_jobs(
        SCENARIO,
        &[
            ("TRSTSRV", server, "TRSTSRV"),
            ("TRSTCLI", client, "TRSTCLI"),
        ],
    )
}

/// Runs each (job, exec, user) of `scenario` (each job on its own stack); the transcript.
fn run_jobs(scenario: &str, jobs: &[(&str, &str, &str)]) -> String {
    let sc = Scenario::from_toml("worked.toml", scenario).unwrap();
    let mut run = sc.run();
    for (job, src, user) in jobs {
        run.program(
            job,
            ExecJob::new(src.as_bytes().to_vec(), job, "", user).program(),
        )
        .unwrap();
    }
    let r = run.run().unwrap();
    assert!(r.failures.is_empty(), "{:?}", r.failures);
    assert!(r.deadlock.is_none(), "{}", r.transcript());
    r.output
        .iter()
        .map(|l| format!("{:<8} {}", l.source, l.text))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn socket_sets_and_errors() {
    let server = r#"
say socket('SOCKET')
say socket('INITIALIZE', 'SET1')
say socket('INITIALIZE', 'SET1')
say socket('INITIALIZE', 'SET2', 2)
say socket('SOCKETSETLIST')
say socket('SOCKETSET', 'SET1')
say socket('SOCKETSETSTATUS')
say socket('Socket', 'AF_INET', 'STREAM')
say socket('SOCKET', 'AF_IUCV')
say socket('SOCKET', 'AF_INET', 'RAW')
say socket('CLOSE', 99)
say socket('NOSUCH')
say socket('BIND', 0, 'AF_INET 4000')
say socket('IOCTL', 0, 'SIOCATMARK')
say socket('IOCTL', 0, 'SIOCGIFCONF', 5)
say socket('IOCTL', 0, 'SIOCGIFCONF', 1)
say socket('IOCTL', 0, 'SIOCGIFADDR', 'lnk1') socket('IOCTL', 0, 'SIOCGIFADDR', 'LNK9')
say socket('IOCTL', 0, 'SIOCGIFBRDADDR', 'LNK1') socket('IOCTL', 0, 'SIOCGIFNETMASK', 'LOOPBACK')
say socket('IOCTL', 0, 'SIOCGIFADDR', 'ABCDEFGHIJKLMNOPQ')
say socket('GETSOCKOPT', 0, 'SOL_SOCKET', 'TCP_NODELAY')
say socket('GETSOCKOPT', 0, 'SOL_SOCKET', 'SO_TYPE')
say socket('SETSOCKOPT', 0, 'SOL_SOCKET', 'SO_KEEPALIVE', 'ON')
say socket('GETSOCKOPT', 0, 'SOL_SOCKET', 'SO_KEEPALIVE')
say socket('GETSOCKOPT', 0, 'SOL_SOCKET', 'SO_KEEPALIVE', 'SO_TYPE', 'SO_LINGER', 'SO_ASCII')
say socket('GETSOCKOPT', 0, 'SOL_SOCKET', 'SO_TYPE', 'TCP_NODELAY')
say socket('GETPROTOBYNAME', 'tcp') socket('GETPROTOBYNAME', 'UDP') socket('GETPROTOBYNAME', 'XTP')
say socket('GETPROTOBYNUMBER', 6) socket('GETPROTOBYNUMBER', 58) socket('GETPROTOBYNUMBER', 99)
say socket('GETNAMEINFO', 'AF_INET 23 10.1.1.2') '|' socket('GETNAMEINFO', '2 10.1.1.2 23', 'NI_NUMERICHOST')
say socket('GETNAMEINFO', 'AF_INET 23 10.1.1.2', 'NI_NUMERICSERV NI_NOFQDN') '|' socket('GETNAMEINFO', 'AF_INET 23 10.1.1.2', 'NI_DGRAM')
say socket('GETNAMEINFO', 'AF_INET 23 10.1.1.2', 'NI_NAMEREQD NI_NUMERICHOST')
say socket('GETNAMEINFO', 'AF_INET 23 10.9.9.9', 'NI_NAMEREQD') '|' socket('GETNAMEINFO', 'AF_INET 23 10.9.9.9')
say socket('GETNAMEINFO', 'AF_INET 23 10.1.1.2', 'NI_BOGUS') '|' socket('GETNAMEINFO', 'AF_IUCV 23 10.1.1.2')
say socket('GETADDRINFO', 'tcpcs1', 'telnet', 'AI_CANONNAMEOK')
say socket('GETADDRINFO', , 4000, 'AI_PASSIVE', 'AF_INET')
say socket('GETADDRINFO', , 4000)
say socket('GETADDRINFO', '10.1.1.1', 'nosuch') '|' socket('GETADDRINFO', 'NOHOST', 21)
say socket('GETADDRINFO', 'TCPCS1', 21, 'AI_NUMERICHOST') '|' socket('GETADDRINFO', 'TCPCS1', 21, , 'AF_INET6', 'SOCK_STREAM')
say socket('FREEADDRINFO')
say socket('GETSERVBYNAME', 'telnet') '|' socket('GETSERVBYPORT', 53, 'udp') '|' socket('GETSERVBYNAME', 'nosuch')
say socket('GETSOCKOPT', 0, 'SOL_SOCKET', 'SO_CLUSTERCONNTYPE')
say socket('SOCKET', 'AF_INET', 'STREAM', 'UDP')
say socket('SOCKET', 'AF_INET', 'DATAGRAM', 'IPPROTO_TCP')
say socket('SOCKET', 'AF_INET', 'DATAGRAM', 'UDP')
say socket('IOCTL', 0, 'SIOCGPARTNERINFO', 'PI_REQTYPE_PARTNER_USERID')
say socket('IOCTL', 0, 'SIOCGPARTNERINFO', 'PI_REQTYPE_PARTNER_UTOKEN')
say socket('FCNTL', 0, 'F_SETFL', 'NON-BLOCKING')
say socket('FCNTL', 0, 'F_GETFL')
say socket('VERSION')
say socket('GETHOSTID')
say socket('GETHOSTNAME')
say socket('GETCLIENTID')
say socket('TERMINATE')
say socket('SOCKETSETLIST')
say socket('TERMINATE')
say socket('TERMINATE')
"#;
    let out = run(server, "exit");
    insta::assert_snapshot!("rexx-socket-errors", out);
}

#[test]
fn a_trusted_pair_with_nonblocking_calls() {
    let server = r#"
call socket 'INITIALIZE', 'SRV'
parse value socket('SOCKET') with . s
call socket 'IOCTL', s, 'SIOCSPARTNERINFO'
call socket 'BIND', s, 'AF_INET 4000 INADDR_ANY'
call socket 'LISTEN', s
say 'nonblocking accept:' socket('IOCTL', s, 'FIONBIO', 'ON') socket('ACCEPT', s)
call socket 'IOCTL', s, 'FIONBIO', 'OFF'
parse value socket('ACCEPT', s) with . c name
say 'accepted' name
say 'getsockname' socket('GETSOCKNAME', c)
say 'getpeername' socket('GETPEERNAME', c)
say 'conntype' socket('IOCTL', c, 'SIOCGPARTNERINFO', 'PI_REQTYPE_CONNTYPE')
say 'userid' socket('IOCTL', c, 'SIOCGPARTNERINFO', 'PI_REQTYPE_PARTNER_USERID', 5)
say 'fionread' socket('IOCTL', c, 'FIONREAD')
say 'peek' socket('RECV', c, 3, 'MSG_PEEK')
say 'recv' socket('RECV', c, 100)
say 'shutdown' socket('SHUTDOWN', c, 'WRITE')
say 'eof' socket('READ', c)
call socket 'TERMINATE'
"#;
    let client = r#"
call socket 'INITIALIZE', 'CLI'
parse value socket('SOCKET', 'AF_INET', 'STREAM') with . s
say 'connect' socket('CONNECT', s, 'AF_INET 4000 10.1.1.2')
say 'again' socket('CONNECT', s, 'AF_INET 4000 10.1.1.2')
say 'send' socket('SEND', s, 'abcdef')
say 'read' socket('READ', s)
say 'close' socket('CLOSE', s)
"#;
    let out = run(server, client);
    insta::assert_snapshot!("rexx-socket-pair", out);
}

/// The Netstat exec of `rexx/`: TSO NETSTAT ALL caught by OUTTRAP after the trusted pair
/// has run; an unknown TSO command is RC -3.
#[test]
fn netstat_through_outtrap() {
    let exec = std::fs::read_to_string(format!("{}/rexx/netstat.rexx", env!("CARGO_MANIFEST_DIR")))
        .unwrap();
    insta::assert_snapshot!("rexx-netstat-outtrap", after_the_pair(&exec, 5.0));
}

/// NETSTAT COnn, ALL SERVER, the other reports and the filters from TSO, and the same reports
/// from the console: COnn, BYTEinfo and SOCKets show the active connections, ALLConn the
/// closed ones too.
#[test]
fn netstat_reports_and_filters() {
    let exec = r#"
address tso
say 'while the server listens:'
'NETSTAT CONN'
'NETSTAT ALL (SERVER'
'NETSTAT CONN (CLIENT NOBODY'
'NETSTAT BYTE'
'NETSTAT SOCKETS'
'NETSTAT HOME'
'NETSTAT ROUTE'
call socket 'INITIALIZE', 'WAIT'
call socket 'SELECT', 'READ', 4    /* sleeps until the pair is done */
say 'after the pair:'
'NETSTAT CONN (SERVER'
'NETSTAT ALLC (SERVER'
'NETSTAT ALLCONN (PORT 4000 TCP TCPCS1'
'NETSTAT CO (PORT 4000 TCP TCPCS1'
'NETSTAT CONN (IPPORT 10.1.1.1 1024'
'NETSTAT CONN (IPADDR 10.9.9.9'
'NETSTAT HOSTNAME MVS1'
say 'rc' rc
'NETSTAT CONN (PORT'
say 'rc' rc
'CONSOLE ACTIVATE'
address console 'D TCPIP,TCPCS2,N,ALLCONN,CLIENT=TRSTSRV,PORT=4000'
address console 'D TCPIP,TCPCS2,N,BYTEINFO'
address console 'D TCPIP,TCPCS2,N,ARP'
"#;
    insta::assert_snapshot!("rexx-netstat-reports", after_the_pair(exec, 0.5));
}

/// Runs the trusted server and client execs of `rexx/`, and `exec` as NETJOB on TCPCS2
/// `start` seconds in; what NETJOB said.
fn after_the_pair(exec: &str, start: f64) -> String {
    use trustplex::sysplex::{JobIdentity, VirtualTime};
    let sc = Scenario::from_toml("worked.toml", SCENARIO).unwrap();
    let mut run = sc.run();
    let file =
        |name: &str| std::fs::read(format!("{}/rexx/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    run.program(
        "TRSTSRV",
        ExecJob::new(
            file("trusted-server.rexx"),
            "TRUSTED-SERVER",
            "4000",
            "TRSTSRV",
        )
        .program(),
    )
    .unwrap();
    run.program(
        "TRSTCLI",
        ExecJob::new(
            file("trusted-client.rexx"),
            "TRUSTED-CLIENT",
            "10.1.1.2 4000",
            "TRSTCLI",
        )
        .program(),
    )
    .unwrap();
    let ident = JobIdentity::on_stack(
        &sc.sysplex().topology().clone(),
        "NETJOB",
        "TCPCS2",
        "TRSTSRV",
    )
    .unwrap();
    run.job(
        ident,
        VirtualTime::from_secs_f64(start),
        Some(Box::new(
            ExecJob::new(exec.as_bytes().to_vec(), "NETSTAT", "", "TRSTSRV").program(),
        )),
    );
    let r = run.run().unwrap();
    r.said("NETJOB").join("\n")
}

/// ADDRESS LINKPGM and LINKMVS: REXX variables as parameter areas, copied back after the
/// call; EZASOKET's function name in EBCDIC as z/OS strings are; a program that is not
/// there is RC -3.
#[test]
fn linkpgm_and_linkmvs() {
    let exec = r#"
func = x2c('C3D3D6E2C5') || copies('40'x, 11)    /* CLOSE in IBM-1047 */
s = d2c(7, 2); errno = d2c(0, 4); retcode = d2c(0, 4)
address linkpgm 'EZASOKET func s errno retcode'
say 'LINKPGM EZASOKET CLOSE 7: RC' rc 'RETCODE' c2d(retcode, 4) 'ERRNO' c2d(errno, 4)
fd = d2c(99, 4); cmd = x2c('8004A77E'); len = d2c(4, 4); arg = d2c(1, 4)
rv = d2c(0, 4); rcode = rv; rsn = rv
address linkpgm 'BPX1IOC fd cmd len arg rv rcode rsn'
say 'LINKPGM BPX1IOC FIONBIO 99: RC' rc 'Return_value' c2d(rv, 4),
  'Return_code' c2d(rcode, 4) 'Reason_code' c2x(rsn)
/* LINKMVS puts a halfword length before each area: BPX1IOC, which expects plain
   fullwords, reads the lengths as data, as it would on z/OS. */
rv = d2c(0, 4); rcode = rv; rsn = rv
address linkmvs 'BPX1IOC fd cmd len arg rv rcode rsn'
say 'LINKMVS BPX1IOC: RC' rc 'Return_value' c2x(rv)
address linkpgm 'NOSUCHPG a b'
say 'LINKPGM NOSUCHPG: RC' rc
"#;
    let out = run(exec, "exit");
    insta::assert_snapshot!("rexx-linkpgm", out);
}

/// SELECT on a listener and a connection (timeouts, `*`, the ready lists), UDP with SENDTO
/// and RECVFROM, host names in NAME strings, the resolver commands and TRANSLATE.
#[test]
fn select_datagrams_resolver_and_translate() {
    let server = r#"
call socket 'INITIALIZE', 'SRV'
parse value socket('SOCKET', 'AF_INET', 'DATAGRAM') with . u
call socket 'BIND', u, 'AF_INET 5000 10.1.1.2'
parse value socket('SOCKET') with . l
call socket 'BIND', l, 'AF_INET 4000 TCPCS2'
call socket 'LISTEN', l
say 'poll' socket('SELECT', 'READ' l 'WRITE EXCEPTION', 0)
say 'wait' socket('SELECT', 'Read *', 30)
parse value socket('ACCEPT', l) with . c .
say 'writable' socket('SELECT', 'READ' c 'WRITE' c, '2.5')
say 'data' socket('SELECT', 'READ' c u, '2.5')
say 'read' socket('READ', c)
parse value socket('RECVFROM', u) with . dom port ip n data
say 'recvfrom' dom port ip n data
say 'sendto' socket('SENDTO', u, 'pong', , 'AF_INET' port ip)
say 'no name' socket('SENDTO', u, 'x')
say 'bad set' socket('SELECT', 'READ 77')
say 'bad mask' socket('SELECT', 'SIDEWAYS 1')
call socket 'TERMINATE'
"#;
    let client = r#"
call socket 'INITIALIZE', 'CLI'
say socket('GETHOSTBYNAME', 'sys1')
say socket('GETHOSTBYNAME', 'TCPCS2')
say socket('GETHOSTBYNAME', 'NOHOST')
say socket('GETHOSTBYADDR', '10.1.1.2')
say socket('GETHOSTBYADDR', '10.1.1.1')
say socket('GETHOSTBYADDR', '10.9.9.9')
say socket('RESOLVE', 'TCPCS2')
say socket('RESOLVE', '10.1.1.1', 5)
say socket('RESOLVE', 'NOHOST')
say socket('TRANSLATE', 'C1C2F1'x, 'TO_ASCII')
say c2x(subword(socket('TRANSLATE', 'AB1', 'TO_EBCDIC'), 3))
say c2x(subword(socket('TRANSLATE', '10.1.1.2', 'TO_IP_ADDRESS'), 3))
say socket('TRANSLATE', '0A010102'x, 'TO_DOTTED_STRING')
parse value socket('SOCKET') with . s
say 'connect' socket('CONNECT', s, 'AF_INET 4000 TCPCS2')
say 'write' socket('WRITE', s, 'hello')
parse value socket('SOCKET', 'AF_INET', 'SOCK_DGRAM') with . u
say 'sendto' socket('SENDTO', u, 'ping', 'MSG_DONTROUTE', 'AF_INET 5000 10.1.1.2')
say 'recvfrom' socket('RECVFROM', u, 100)
call socket 'TERMINATE'
"#;
    let out = run(server, client);
    insta::assert_snapshot!("rexx-socket-select", out);
}

/// GIVESOCKET and TAKESOCKET: the listener job gives an accepted connection to a worker job
/// on the same stack, sees the EXCEPTION event once it is taken, and closes its descriptor;
/// the worker serves the client on it, and SIOCGPARTNERINFO still names the client.
#[test]
fn givesocket_and_takesocket() {
    let scenario = format!(
        "{SCENARIO}\n[[job]]\nname = \"WORKER\"\nsystem = \"SYS1\"\nstack = \"TCPCS2\"\n\
         user = \"TRSTSRV\"\nrun = \"x\"\n"
    );
    let listener = r#"
call socket 'INITIALIZE', 'LSN'
parse value socket('SOCKET') with . l
call socket 'IOCTL', l, 'SIOCSPARTNERINFO'
call socket 'BIND', l, 'AF_INET 4000 10.1.1.2'
call socket 'LISTEN', l
parse value socket('ACCEPT', l) with . c .
parse value socket('SOCKET', 'AF_INET', 'DATAGRAM') with . u
say 'give datagram' socket('GIVESOCKET', u, 'AF_INET WORKER')
say 'give' socket('GIVESOCKET', c, 'AF_INET WORKER WSET')
say 'give again' socket('GIVESOCKET', c, 'AF_INET WORKER WSET')
say 'bad id' socket('GIVESOCKET', c, 'A B C D')
say 'taken' socket('SELECT', 'EXCEPTION' c, 60)
say 'close' socket('CLOSE', c)
call socket 'TERMINATE'
"#;
    let worker = r#"
call socket 'INITIALIZE', 'WSET'
do until word(r, 1) = 0
  call socket 'SELECT', 'READ', 1
  r = socket('TAKESOCKET', 'AF_INET TRSTSRV', 1)
end
say 'took' r
s = word(r, 2)
say 'twice' socket('TAKESOCKET', 'AF_INET TRSTSRV', 1)
say 'exception' socket('SELECT', 'EXCEPTION' s, 0)
say 'userid' socket('IOCTL', s, 'SIOCGPARTNERINFO', 'PI_REQTYPE_PARTNER_USERID', 5)
say 'read' socket('READ', s)
say 'write' socket('WRITE', s, 'served by worker')
call outtrap 'n.'
address tso 'NETSTAT CONN (CLIENT WORKER'
call outtrap 'OFF'
say 'netstat' n.4
call socket 'TERMINATE'
"#;
    let client = r#"
call socket 'INITIALIZE', 'CLI'
parse value socket('SOCKET') with . s
say 'connect' socket('CONNECT', s, 'AF_INET 4000 10.1.1.2')
say 'not mine' socket('TAKESOCKET', 'TRSTSRV', 1)
say 'write' socket('WRITE', s, 'hello')
say 'read' socket('READ', s)
call socket 'TERMINATE'
"#;
    let out = run_jobs(
        &scenario,
        &[
            ("TRSTSRV", listener, "TRSTSRV"),
            ("WORKER", worker, "TRSTSRV"),
            ("TRSTCLI", client, "TRSTCLI"),
        ],
    );
    insta::assert_snapshot!("rexx-socket-give-take", out);
}

/// MVSVAR, SYSVAR and STORAGE: the CVT walk execs use for the system and sysplex names (the
/// names are EBCDIC in storage; SOCKET's TRANSLATE makes them readable), a write to the PSA
/// refused, and errors.
#[test]
fn mvsvar_sysvar_and_storage() {
    let exec = r#"
say mvsvar('SYSNAME') mvsvar('SYSCLONE') mvsvar('SYSPLEX') mvsvar('SYMDEF', 'SYSCLONE')
say '['mvsvar('SYMDEF', 'NOSUCH')']' mvsvar('SYSOPSYS')
say sysvar('SYSUID') sysvar('SYSPREF') sysvar('SYSPROC') sysvar('SYSENV') sysvar('SYSICMD')
say sysvar('SYSISPF') sysvar('SYSNEST')
cvt = storage(10, 4)
sname = storage(d2x(c2d(cvt) + 340), 8)
ecvt = storage(d2x(c2d(cvt) + 140), 4)
splx = storage(d2x(c2d(ecvt) + 8), 8)
call socket 'INITIALIZE', 'T'
say 'CVTSNAME' c2x(sname) '=' subword(socket('TRANSLATE', sname, 'TO_ASCII'), 3)
say 'ECVTSPLX' subword(socket('TRANSLATE', splx, 'TO_ASCII'), 3)
say 'PSA write [' || storage(100, 2, 'ab') || ']' c2x(storage(100, 2)) 'default' length(storage(100))
say 'nowhere [' || storage('7F000000', 4) || ']' length(storage(0, 0))
signal on syntax
say mvsvar('SYSFOO')
exit
syntax: say 'syntax' rc errortext(rc) sigl
"#;
    let out = run(exec, "exit");
    insta::assert_snapshot!("rexx-tsoe-functions", out);
}

/// A console session: ADDRESS CONSOLE before CONSOLE ACTIVATE, responses shown (and caught
/// by OUTTRAP) with SOLDISP(YES), kept for GETMSG with SOLDISP(NO), GETMSG's codes.
#[test]
fn console_session_and_getmsg() {
    let exec = r#"
address console 'D TCPIP,TCPCS2,NETSTAT,ALL'
say 'inactive rc' rc
say 'getmsg inactive' getmsg('m.')
address tso 'CONSOLE ACTIVATE'
say 'activate rc' rc
call outtrap 'l.'
address console 'D TCPIP,TCPCS2,NETSTAT,ALL'
call outtrap 'OFF'
say 'trapped' l.0 'lines:' l.1
address tso 'CONSPROF SOLDISP(NO)'
address console 'CART' 'MYCART'
address console 'DISPLAY NOTHING'
say 'kept rc' rc
say 'getmsg' getmsg('m.', 'SOL', 'MYCART', , 10) m.0 m.1
say 'again' getmsg('m.') 'unsol' getmsg('m.', 'UNSOL')
address tso 'CONSOLE DEACTIVATE'
say 'deactivated' getmsg('m.', 'EITHER')
signal on syntax
say getmsg('m.', 'SOMETIMES')
exit
syntax: say 'syntax' rc sigl
"#;
    let out = run(exec, "exit");
    insta::assert_snapshot!("rexx-console", out);
}

/// The EZASOKET exec of `rexx/` against the trusted server exec: the CALL interface through
/// LINKPGM, SIOCGPARTNERINFO by IOCTL, and the echo.
#[test]
fn the_ezasoket_exec() {
    let server = include_str!("../rexx/trusted-server.rexx");
    let client = include_str!("../rexx/ezasoket-client.rexx");
    let out = run(server, client);
    insta::assert_snapshot!("rexx-ezasoket-exec", out);
}

/// ADDRESS SYSCALL on a connection: before and after syscalls('ON'), f_getfl and f_setfl,
/// read that would block (ERRNO in hexadecimal, z/OS UNIX numbering), read, write, w_ioctl
/// SIOCGPARTNERINFO with the area in a variable, close, and commands it does not know. The
/// connection is a z/OS UNIX descriptor: the exec makes it with BPX1SOC, BPX1IOC
/// (SIOCSPARTNERINFO), BPX1BND, BPX1LSN and BPX1ACP through LINKPGM, as SYSCALL has no socket
/// commands and a SOCKET() socket is not a z/OS UNIX descriptor.
#[test]
fn address_syscall_on_a_socket() {
    let server = r#"
w = d2c(0, 4); rv = w; rcode = w; rsn = w
dom = d2c(2, 4); type = d2c(1, 4); proto = d2c(0, 4); dim = d2c(1, 4); vec = w
address linkpgm 'BPX1SOC dom type proto dim vec rv rcode rsn'
l = c2d(vec, 4)
cmd = x2c('8004F613'); len = d2c(4, 4); arg = d2c(2, 4)
address linkpgm 'BPX1IOC vec cmd len arg rv rcode rsn'
addr = '1002'x || d2c(4000, 2) || x2c('0A010102') || copies('00'x, 8); alen = d2c(16, 4)
address linkpgm 'BPX1BND vec alen addr rv rcode rsn'
backlog = d2c(10, 4)
address linkpgm 'BPX1LSN vec backlog rv rcode rsn'
peer = copies('00'x, 16); plen = d2c(16, 4)
address linkpgm 'BPX1ACP vec plen peer rv rcode rsn'
c = c2d(rv, 4)
address syscall 'f_getfl' c
say 'before syscalls: rc' rc
say 'syscalls' syscalls('ON') syscalls('ON')
address syscall
'f_getfl' c
say 'f_getfl rc' rc 'retval' retval
'f_setfl' c 4
'read' c 'buf 100'
say 'nonblocking read: retval' retval 'errno' errno 'errnojr' errnojr
'f_setfl' c 0
'read' c 'buf 100'
say 'read: retval' retval 'buf' buf
msg = 'echo:' buf
'write' c 'msg'
say 'write: retval' retval
area = d2c(1, 4) || d2c(40, 4) || d2c(1, 4) || d2c(10, 4) || copies('00'x, 24)
'w_ioctl' c 3221288466 40 'area'
say 'w_ioctl: retval' retval 'PI_ConnType' c2x(substr(area, 17, 1)) 'PI_CredFlags' c2x(substr(area, 18, 1))
'close' c
say 'close: retval' retval
'close' c
say 'again: retval' retval 'errno' errno 'errnojr' errnojr
'open /etc/hosts' 0
say 'open: rc' rc
'read' c
say 'read with one operand: rc' rc
'read x buf 10'
say 'read x: rc' rc
"#;
    let client = r#"
call socket 'INITIALIZE', 'CLI'
parse value socket('SOCKET') with . s
call socket 'CONNECT', s, 'AF_INET 4000 10.1.1.2'
call socket 'SELECT', 'READ', 1
say 'write' socket('WRITE', s, 'hello')
say 'read' socket('READ', s)
"#;
    let out = run(server, client);
    insta::assert_snapshot!("rexx-syscall", out);
}

/// A socket set numbers its sockets itself, from 0, lowest free first, as a sockets extended
/// session does: a second set starts again at 0, SELECT answers in the set's numbers, and
/// the numbers are not z/OS UNIX descriptors, so SYSCALL's close of one is EBADF and leaves the
/// socket open.
#[test]
fn a_socket_set_has_its_own_descriptors() {
    let exec = r#"
call socket 'INITIALIZE', 'A'
parse value socket('SOCKET') with . a0
parse value socket('SOCKET', 'AF_INET', 'DATAGRAM') with . a1
call socket 'INITIALIZE', 'B'
parse value socket('SOCKET', 'AF_INET', 'DATAGRAM') with . b0
say 'A:' a0 a1 'B:' b0
call socket 'BIND', b0, 'AF_INET 5000 10.1.1.2'
call socket 'SOCKETSET', 'A'
call socket 'SENDTO', a1, 'ping', , 'AF_INET 5000 10.1.1.2'
call socket 'CLOSE', a0
parse value socket('SOCKET') with . again
say 'reused:' again
call socket 'SOCKETSET', 'B'
say socket('SELECT', 'READ *', 1)
call syscalls 'ON'
address syscall 'close' b0
say 'syscall close: retval' retval 'errno' errno 'errnojr' errnojr
say socket('RECVFROM', b0)
say socket('SOCKETSETSTATUS', 'B')
"#;
    assert_eq!(
        run(exec, "exit"),
        "TRSTSRV  A: 0 1 B: 0\nTRSTSRV  reused: 0\nTRSTSRV  0 1 READ 0 WRITE EXCEPTION\n\
         TRSTSRV  syscall close: retval -1 errno 71 errnojr 7CE30037\n\
         TRSTSRV  0 AF_INET 1024 10.1.1.2 4 ping\n\
         TRSTSRV  0 B Connected Free 39 Used 1"
    );
}

/// IP multicast: receivers on three stacks in a line join a group; the sender's datagrams
/// reach the stacks within its TTL (1 link, then 2), its own stack only while
/// IP_MULTICAST_LOOP is on; and the options' errors.
#[test]
fn multicast_reaches_the_stacks_within_the_ttl() {
    let mut scenario = String::from("racf = [\"ADDUSER U1\"]\n");
    for n in 1..=3 {
        scenario.push_str(&format!(
            "[[system]]\nname = \"SYS{n}\"\n[[stack]]\nsystem = \"SYS{n}\"\nname = \"TCP{n}\"\n\
             home = [\"10.1.{n}.1\"]\n"
        ));
    }
    scenario.push_str(
        "[[link]]\nbetween = [\"TCP1\", \"TCP2\"]\nkind = \"xcf\"\n\
         [[link]]\nbetween = [\"TCP2\", \"TCP3\"]\nkind = \"xcf\"\n",
    );
    for (job, n, start) in [("SEND", 1, 1), ("R1", 1, 0), ("R2", 2, 0), ("R3", 3, 0)] {
        scenario.push_str(&format!(
            "[[job]]\nname = \"{job}\"\nsystem = \"SYS{n}\"\nstack = \"TCP{n}\"\nuser = \"U1\"\n\
             start = {start}\nrun = \"x\"\n"
        ));
    }
    let receiver = r#"
call socket 'INITIALIZE', 'R'
parse value socket('SOCKET', 'AF_INET', 'DATAGRAM') with . s
call socket 'BIND', s, 'AF_INET 5000 INADDR_ANY'
call socket 'SETSOCKOPT', s, 'IPPROTO_IP', 'IP_ADD_MEMBERSHIP', '239.1.1.1 INADDR_ANY'
got = ''
do 3
  parse value socket('SELECT', 'READ' s, 5) with . n .
  if n = 0 then got = got '-'
  else do; parse value socket('RECVFROM', s) with . . . from . data; got = got data; end
end
say strip(got)
"#;
    let sender = r#"
call socket 'INITIALIZE', 'S'
parse value socket('SOCKET', 'AF_INET', 'DATAGRAM') with . s
say socket('GETSOCKOPT', s, 'IPPROTO_IP', 'IP_MULTICAST_TTL', 'IP_MULTICAST_LOOP', 'IP_MULTICAST_IF')
group = 'AF_INET 5000 239.1.1.1'
call socket 'SENDTO', s, 'ttl1', , group
call socket 'SETSOCKOPT', s, 'IPPROTO_IP', 'IP_MULTICAST_TTL', 2
call socket 'SENDTO', s, 'ttl2', , group
call socket 'SETSOCKOPT', s, 'IPPROTO_IP', 'IP_MULTICAST_LOOP', 'OFF'
call socket 'SETSOCKOPT', s, 'IPPROTO_IP', 'IP_MULTICAST_IF', '10.1.1.1'
call socket 'SENDTO', s, 'noloop', , group
say socket('GETSOCKOPT', s, 'IPPROTO_IP', 'IP_MULTICAST_TTL', 'IP_MULTICAST_LOOP', 'IP_MULTICAST_IF')
say socket('SETSOCKOPT', s, 'IPPROTO_IP', 'IP_ADD_MEMBERSHIP', '10.9.9.9')
say socket('SETSOCKOPT', s, 'IPPROTO_IP', 'IP_ADD_MEMBERSHIP', '239.1.1.1 10.1.2.1')
say socket('SETSOCKOPT', s, 'IPPROTO_IP', 'IP_ADD_MEMBERSHIP', '239.1.1.1')
say socket('SETSOCKOPT', s, 'IPPROTO_IP', 'IP_ADD_MEMBERSHIP', '239.1.1.1')
say socket('SETSOCKOPT', s, 'IPPROTO_IP', 'IP_DROP_MEMBERSHIP', '239.1.1.1')
say socket('SETSOCKOPT', s, 'IPPROTO_IP', 'IP_DROP_MEMBERSHIP', '239.1.1.1')
say socket('SETSOCKOPT', s, 'IPPROTO_IPV6', 'IPV6_MULTICAST_HOPS', 2)
say socket('SETSOCKOPT', s, 'SOL_SOCKET', 'IP_MULTICAST_TTL', 2)
say socket('GETSOCKOPT', s, 'IPPROTO_IP', 'IP_ADD_MEMBERSHIP')
parse value socket('SOCKET') with . t
say socket('SETSOCKOPT', t, 'IPPROTO_IP', 'IP_MULTICAST_TTL', 2)
"#;
    let out = run_jobs(
        &scenario,
        &[
            ("SEND", sender, "U1"),
            ("R1", receiver, "U1"),
            ("R2", receiver, "U1"),
            ("R3", receiver, "U1"),
        ],
    );
    insta::assert_snapshot!("rexx-multicast", out);
}

/// BIND2ADDRSEL and BPX1BAS: an AF_INET6 socket bound to the stack's source address for a
/// destination (an IPv4-mapped one for an IPv4 destination), and IBM's errors: another family
/// EAFNOSUPPORT, a multicast destination for a stream socket EADDRNOTAVAIL, no route
/// EHOSTUNREACH.
#[test]
fn bind2addrsel_picks_the_stacks_source_address() {
    let scenario = "racf = [\"ADDUSER U1\"]\n\
        [[system]]\nname = \"SYS1\"\n[[system]]\nname = \"SYS2\"\n\
        [[stack]]\nsystem = \"SYS1\"\nname = \"TCP1\"\nhome = [\"10.1.1.1\", \"2001:db8::1\"]\n\
        [[stack]]\nsystem = \"SYS2\"\nname = \"TCP2\"\nhome = [\"10.1.2.1\", \"2001:db8::2\"]\n\
        [[link]]\nbetween = [\"TCP1\", \"TCP2\"]\nkind = \"xcf\"\n\
        [[job]]\nname = \"J1\"\nsystem = \"SYS1\"\nstack = \"TCP1\"\nuser = \"U1\"\nrun = \"x\"\n";
    let exec = r#"
call socket 'INITIALIZE', 'B'
parse value socket('SOCKET', 'AF_INET6') with . a
say socket('BIND2ADDRSEL', a, '2001:db8::2') '|' socket('GETSOCKNAME', a)
parse value socket('SOCKET', 'AF_INET6', 'DATAGRAM') with . b
say socket('BIND2ADDRSEL', b, 'AF_INET6 0 0 ::ffff:10.1.2.1 0') '|' socket('GETSOCKNAME', b)
parse value socket('SOCKET', 'AF_INET6') with . c
say socket('BIND2ADDRSEL', c, 'AF_INET 0 10.1.2.1') '|' socket('BIND2ADDRSEL', c, 'ff02::1'),
    '|' socket('BIND2ADDRSEL', c, '2001:db8::99')
parse value socket('SOCKET') with . d
say socket('BIND2ADDRSEL', d, '2001:db8::2')
/* The z/OS UNIX service, with a z/OS sockaddr_in6: length 28, family 19. */
w = d2c(0, 4); rv = w; rcode = w; rsn = w
dom = d2c(19, 4); type = d2c(1, 4); proto = w; dim = d2c(1, 4); vec = w
address linkpgm 'BPX1SOC dom type proto dim vec rv rcode rsn'
addr = '1C13'x || '0000'x || w || x2c('20010DB8000000000000000000000002') || w
alen = d2c(28, 4)
address linkpgm 'BPX1BAS vec alen addr rv rcode rsn'
say 'BPX1BAS' c2d(rv, 4) c2d(rcode, 4)
addr = overlay(x2c('FF020000000000000000000000000001'), addr, 9)
address linkpgm 'BPX1BAS vec alen addr rv rcode rsn'
say 'BPX1BAS' c2d(rv, 4) c2d(rcode, 4) c2x(rsn)
"#;
    let out = run_jobs(scenario, &[("J1", exec, "U1")]);
    insta::assert_snapshot!("rexx-bind2addrsel", out);
}

/// RAW sockets: a superuser's (UID 0, or READ to FACILITY BPX.SUPERUSER); an ICMP datagram
/// from one stack's raw socket reaches the other's; TCP is not a raw protocol; anyone else is
/// refused EACCES.
#[test]
fn raw_sockets_are_a_superusers() {
    let scenario = "racf = [\"ADDUSER ROOT OMVS(UID(0))\", \"ADDUSER SU OMVS(UID(25))\", \
        \"ADDUSER JOE\", \"SETROPTS CLASSACT(FACILITY)\", \
        \"RDEFINE FACILITY BPX.SUPERUSER UACC(NONE)\", \
        \"PERMIT BPX.SUPERUSER CLASS(FACILITY) ID(SU) ACCESS(READ)\"]\n\
        [[system]]\nname = \"SYS1\"\n[[system]]\nname = \"SYS2\"\n\
        [[stack]]\nsystem = \"SYS1\"\nname = \"TCP1\"\nhome = [\"10.1.1.1\"]\n\
        [[stack]]\nsystem = \"SYS2\"\nname = \"TCP2\"\nhome = [\"10.1.2.1\"]\n\
        [[link]]\nbetween = [\"TCP1\", \"TCP2\"]\nkind = \"xcf\"\n\
        [[job]]\nname = \"PINGER\"\nsystem = \"SYS1\"\nstack = \"TCP1\"\nuser = \"SU\"\nstart = 1\nrun = \"x\"\n\
        [[job]]\nname = \"LISTENR\"\nsystem = \"SYS2\"\nstack = \"TCP2\"\nuser = \"ROOT\"\nrun = \"x\"\n\
        [[job]]\nname = \"JOE\"\nsystem = \"SYS2\"\nstack = \"TCP2\"\nuser = \"JOE\"\nrun = \"x\"\n";
    let pinger = r#"
call socket 'INITIALIZE', 'P'
parse value socket('SOCKET', 'AF_INET', 'RAW', 'IPPROTO_ICMP') with rc s
say rc socket('GETSOCKOPT', s, 'SOL_SOCKET', 'SO_TYPE')
say socket('SENDTO', s, 'ping', , 'AF_INET 0 10.1.2.1')
say socket('SOCKET', 'AF_INET', 'RAW', 'TCP') '|' socket('CONNECT', s, 'AF_INET 0 10.1.2.1')
"#;
    let listener = r#"
call socket 'INITIALIZE', 'L'
parse value socket('SOCKET', 'AF_INET', 'RAW', 1) with . s
call socket 'SELECT', 'READ' s, 5
say socket('RECVFROM', s)
"#;
    let joe = r#"
call socket 'INITIALIZE', 'J'
say socket('SOCKET', 'AF_INET', 'RAW', 'ICMP')
"#;
    let out = run_jobs(
        scenario,
        &[
            ("PINGER", pinger, "SU"),
            ("LISTENR", listener, "ROOT"),
            ("JOE", joe, "JOE"),
        ],
    );
    assert_eq!(
        out,
        "JOE      13 EACCES Permission denied\n\
         PINGER   0 0 3\n\
         PINGER   0 4\n\
         PINGER   43 EPROTONOSUPPORT Protocol not supported | 45 EOPNOTSUPP Operation not supported on socket\n\
         LISTENR  0 AF_INET 0 10.1.1.1 4 ping"
    );
}

/// SO_ASCII, SO_EBCDIC and SO_DEBUG: the REXX API's own switches, set and read back.
#[test]
fn so_ascii_so_ebcdic_and_so_debug() {
    let exec = r#"
call socket 'INITIALIZE', 'OPT'
parse value socket('SOCKET') with . s
say socket('GETSOCKOPT', s, 'SOL_SOCKET', 'SO_ASCII') socket('GETSOCKOPT', s, 'SOL_SOCKET', 'SO_EBCDIC')
say socket('SETSOCKOPT', s, 'SOL_SOCKET', 'SO_ASCII', 'ON')
say socket('GETSOCKOPT', s, 'SOL_SOCKET', 'SO_ASCII') socket('GETSOCKOPT', s, 'SOL_SOCKET', 'SO_EBCDIC')
say socket('SETSOCKOPT', s, 'SOL_SOCKET', 'SO_EBCDIC', 'ON')
say socket('GETSOCKOPT', s, 'SOL_SOCKET', 'SO_ASCII') socket('GETSOCKOPT', s, 'SOL_SOCKET', 'SO_EBCDIC')
say socket('SETSOCKOPT', s, 'SOL_SOCKET', 'SO_DEBUG', 'ON') socket('GETSOCKOPT', s, 'SOL_SOCKET', 'SO_DEBUG')
say socket('SETSOCKOPT', s, 'IPPROTO_TCP', 'SO_ASCII', 'ON')
say socket('SETSOCKOPT', s, 'SOL_SOCKET', 'SO_ASCII', 'MAYBE')
"#;
    insta::assert_snapshot!("rexx-so-ascii", run(exec, "exit"));
}

/// The partner closed before its credentials were asked for: the connection is over, so
/// SIOCGPARTNERINFO says ENOTCONN, not ENOPARTNERINFO (which would put a partner on the same
/// image outside the sysplex).
#[test]
fn partner_info_after_the_partner_closed() {
    let server = r#"
call socket 'INITIALIZE', 'S'
s = word(socket('SOCKET', 'AF_INET', 'STREAM'), 2)
call socket 'BIND', s, 'AF_INET 4000 INADDR_ANY'
call socket 'LISTEN', s, 5
c = word(socket('ACCEPT', s), 2)
say 'select' socket('SELECT', 'READ' c)
say 'read' socket('READ', c)
say 'routing' socket('IOCTL', c, 'SIOCGPARTNERINFO', 'PI_REQTYPE_CONNTYPE')
say 'userid' socket('IOCTL', c, 'SIOCGPARTNERINFO', 'PI_REQTYPE_PARTNER_USERID', 5)
"#;
    let client = r#"
call socket 'INITIALIZE', 'C'
s = word(socket('SOCKET', 'AF_INET', 'STREAM'), 2)
say 'connect' socket('CONNECT', s, 'AF_INET 4000 10.1.1.2')
say 'close' socket('CLOSE', s)
"#;
    let out = run(server, client);
    assert!(out.contains("TRSTSRV  userid 57 ENOTCONN"), "{out}");
    assert!(!out.contains("ENOPARTNERINFO"), "{out}");
}

/// MSG and PROMPT: the setting, and with ON or OFF the previous one as the option replaces
/// it; MSG starts ON, PROMPT OFF; another option is error 40.
#[test]
fn msg_and_prompt() {
    let exec = r#"
x = msg('OFF'); say 'msg' x msg()
say msg('on') msg()
say prompt() prompt('ON') prompt() prompt('off')
signal on syntax
say msg('maybe')
exit
syntax: say 'syntax' rc errortext(rc) sigl
"#;
    let out = run(exec, "exit");
    assert_eq!(
        out,
        "TRSTSRV  msg ON OFF\nTRSTSRV  OFF ON\nTRSTSRV  OFF OFF ON ON\n\
         TRSTSRV  syntax 40 Incorrect call to routine 6"
    );
}

/// SYSDSN, LISTDSI, SYSCPUS and SETLANG against a scenario's catalogue: unquoted names take
/// the user's prefix, a member needs a partitioned data set, LISTDSI sets the SYS variables or
/// only SYSREASON, SYSCPUS fills its stem, SETLANG returns the language it replaces.
#[test]
fn tsoe_data_set_functions_read_the_catalogue() {
    let scenario = "racf = [\"ADDUSER U1\"]\n[[system]]\nname = \"SYS1\"\n\
        [[stack]]\nsystem = \"SYS1\"\nname = \"TCPIP\"\nhome = [\"10.1.1.1\"]\n\
        [[dataset]]\nname = \"U1.EXEC\"\nrecfm = \"VB\"\nlrecl = 255\nblksize = 27998\n\
        members = [\"trst\", \"setup\"]\nvolume = \"usr001\"\nalloc = 30\nused = 4\n\
        [[dataset]]\nname = \"SYS1.PARMLIB\"\n\
        [[job]]\nname = \"J1\"\nsystem = \"SYS1\"\nstack = \"TCPIP\"\nuser = \"U1\"\nrun = \"x\"\n";
    let exec = r#"
say sysdsn('exec') '|' sysdsn("'U1.EXEC(TRST)'") '|' sysdsn('exec(nope)')
say sysdsn("'SYS1.PARMLIB(X)'") '|' sysdsn("'NO.SUCH'") '|' sysdsn('') '|' sysdsn("'A.B")
say listdsi('exec directory') sysdsname sysdsorg sysrecfm syslrecl sysblksize sysvolume,
    sysunit sysalloc sysused syskeylen sysmembers sysreason
say listdsi("'NO.SUCH'") sysreason listdsi('SYSEXEC FILE') sysreason listdsi('exec bogus') sysreason
say syscpus('CPUS.') cpus.0 length(cpus.1)
say setlang() setlang('jpn') setlang()
signal on syntax
say setlang('JAPANESE')
exit
syntax: say 'syntax' rc sigl
"#;
    let out = run_jobs(scenario, &[("J1", exec, "U1")]);
    assert_eq!(
        out,
        "J1       OK | OK | MEMBER NOT FOUND\n\
         J1       MEMBER SPECIFIED, BUT DATASET IS NOT PARTITIONED | DATASET NOT FOUND | \
         MISSING DATASET NAME | INVALID DATASET NAME, 'A.B\n\
         J1       0 U1.EXEC PO VB 255 27998 USR001 3390 30 4 0 2 0\n\
         J1       16 5 16 2 16 1\n\
         J1       0 1 6\n\
         J1       ENU ENU JPN\n\
         J1       syntax 40 10"
    );
}

/// A `[[dataset]]` that breaks the JCL or DCB rules is refused with its key and why.
#[test]
fn a_bad_dataset_is_refused() {
    let base = "[[system]]\nname = \"SYS1\"\n[[dataset]]\n";
    for (body, want) in [
        ("name = \"1BAD.NAME\"\n", "dataset[0].name"),
        ("name = \"A.B\"\nrecfm = \"FX\"\n", "dataset[0].recfm"),
        (
            "name = \"A.B\"\nmembers = [\"M\"]\ndsorg = \"PS\"\n",
            "dataset[0].members",
        ),
        ("name = \"A.B\"\nlrecl = 40000\n", "dataset[0].lrecl"),
        ("name = \"A.B\"\nalloc = 2\nused = 3\n", "dataset[0].used"),
        (
            "name = \"A.B\"\n[[dataset]]\nname = \"a.b\"\n",
            "dataset[1].name",
        ),
    ] {
        let e = Scenario::from_toml("d.toml", &format!("{base}{body}")).unwrap_err();
        assert!(e.to_string().contains(want), "{body}: {e}");
    }
}

/// A socket set's name keeps the case it was given, in INITIALIZE's answer, SOCKETSETLIST and
/// TERMINATE, and is found by that spelling.
#[test]
fn socket_set_names_keep_their_case() {
    let exec = r#"
say socket('INITIALIZE', 'mySet')
say socket('INITIALIZE', 'Other')
say socket('SOCKETSETLIST')
say socket('SOCKETSET', 'MYSET')
say socket('SOCKETSET', 'mySet')
say socket('TERMINATE', 'mySet')
say socket('SOCKETSETLIST')
"#;
    assert_eq!(
        run(exec, "exit"),
        "TRSTSRV  0 mySet 40 TCPCS2\nTRSTSRV  0 Other 40 TCPCS2\nTRSTSRV  0 Other mySet\n\
         TRSTSRV  2005 ESUBTASKNOTACTIVE Subtask not active\nTRSTSRV  0 mySet\n\
         TRSTSRV  0 mySet\nTRSTSRV  0 Other"
    );
}

/// On a system with two stacks, GETHOSTNAME answers for the exec's own stack (the host
/// table's name for its home address) and the system's name resolves to that stack's
/// addresses; another stack's name still resolves to its own.
#[test]
fn a_second_stack_answers_for_itself() {
    let scenario = "racf = [\"ADDUSER U1\"]\n[[system]]\nname = \"SYS1\"\n\
        [[stack]]\nsystem = \"SYS1\"\nname = \"TCPIPA\"\nhome = [\"10.1.1.1\"]\n\
        [[stack]]\nsystem = \"SYS1\"\nname = \"TCPIPB\"\nhome = [\"10.1.1.2\"]\n\
        [[job]]\nname = \"J1\"\nsystem = \"SYS1\"\nstack = \"TCPIPA\"\nuser = \"U1\"\nrun = \"x\"\n\
        [[job]]\nname = \"J2\"\nsystem = \"SYS1\"\nstack = \"TCPIPB\"\nuser = \"U1\"\nrun = \"x\"\n";
    let exec = "call socket 'INITIALIZE', 'S'\nsay socket('GETHOSTNAME') socket('GETHOSTID') \
        socket('GETHOSTBYNAME', 'SYS1') socket('GETHOSTBYNAME', 'TCPIPA')\n";
    let out = run_jobs(scenario, &[("J1", exec, "U1"), ("J2", exec, "U1")]);
    assert_eq!(
        out,
        "J1       0 SYS1 0 10.1.1.1 0 10.1.1.1 0 10.1.1.1\n\
         J2       0 TCPIPB 0 10.1.1.2 0 10.1.1.2 0 10.1.1.1"
    );
}
