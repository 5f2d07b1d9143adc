//! SOCKET() with arbitrary argument strings, against a stack with a listener and a connected
//! pair: the commands and their argument parsing (NAME strings, options, IOCTL forms, the
//! resolver commands; the job is a superuser, so RAW sockets open). The
//! oracle: never a panic; every result's first word is 0 or a number the TCPERRNO table
//! knows.
#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;

mod one_stack;

use trustplex::api::host::Direct;
use trustplex::errno::tcp_errno;
use trustplex::rexx::Val;
use trustplex::rexx::socket::Sockets;

#[derive(Arbitrary, Debug)]
struct Case {
    calls: Vec<Vec<Option<Vec<u8>>>>,
}

const COMMANDS: &[&str] = &[
    "INITIALIZE",
    "TERMINATE",
    "SOCKETSET",
    "SOCKETSETLIST",
    "SOCKETSETSTATUS",
    "SOCKET",
    "BIND",
    "LISTEN",
    "ACCEPT",
    "CONNECT",
    "READ",
    "RECV",
    "WRITE",
    "SEND",
    "CLOSE",
    "SHUTDOWN",
    "IOCTL",
    "FCNTL",
    "GETSOCKOPT",
    "SETSOCKOPT",
    "GETSOCKNAME",
    "GETPEERNAME",
    "VERSION",
    "GETHOSTID",
    "GETHOSTNAME",
    "GETCLIENTID",
    "SELECT",
    "SENDTO",
    "RECVFROM",
    "GIVESOCKET",
    "TAKESOCKET",
    "GETHOSTBYNAME",
    "GETHOSTBYADDR",
    "RESOLVE",
    "TRANSLATE",
    "GETPROTOBYNAME",
    "GETPROTOBYNUMBER",
    "GETSERVBYNAME",
    "GETSERVBYPORT",
    "GETNAMEINFO",
    "GETADDRINFO",
    "FREEADDRINFO",
    "BIND2ADDRSEL",
];

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(case) = Case::arbitrary(&mut u) else {
        return;
    };
    let (mut plex, task) = one_stack::with_listener();
    let mut host = Direct {
        plex: &mut plex,
        task,
    };
    let mut sockets = Sockets::new("TCPCS1");
    for call in case.calls.iter().take(16) {
        let mut args: Vec<Option<Val>> = call
            .iter()
            .take(6)
            .map(|a| a.as_ref().map(|b| Val::from(&b[..])))
            .collect();
        // Steer the first argument to a command name most of the time.
        if let Some(Some(first)) = args.first_mut()
            && let Some(&b) = first.first()
        {
            *first = Val::from(COMMANDS[usize::from(b) % COMMANDS.len()]);
        }
        let r = sockets.call(&mut host, &args);
        let word = r.split(|c| *c == b' ').next().unwrap_or_default();
        let n: u32 = std::str::from_utf8(word)
            .ok()
            .and_then(|w| w.parse().ok())
            .expect("a numeric first word");
        assert!(
            n == 0 || tcp_errno(n).is_some(),
            "{}",
            String::from_utf8_lossy(&r)
        );
    }
});
