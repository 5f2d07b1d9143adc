//! The one mapping from the sysplex model's error to what each API family reports: an errno
//! name for every condition, then its number in the API's own world (z/OS UNIX errno plus a
//! reason code for BPX1xxx, BPX4xxx and LE C; TCPERRNO for EZASMI, EZASOKET and REXX). The
//! numbers live in `errno.rs` only.
//!
//! The names follow `docs/reference/trusted-tcp.md` §4 for the trusted-connection conditions (`confirmed`
//! meanings, `inferred` pairing with the z/OS UNIX names) and the general socket meaning of
//! each name for the rest. The JR reason that goes with each is `inferred` from the JR table's
//! meanings (`docs/reference/call-conventions.md` §5.2); IBM does not publish which JR each of these calls
//! gives, and for the conditions no JR describes (security domain, partner information,
//! timeouts) the reason is JROK, the errno alone telling the story (`reconstructed`).

use crate::errno::{ReasonCode, jr_code_named, tcp_errno_named, unix_errno_named};
use crate::sysplex::SysplexError;

use super::storage::Fault;

/// The errno name and the JR name of a model error.
pub fn names(e: &SysplexError) -> (&'static str, &'static str) {
    use SysplexError::*;
    match e {
        Invalid(_) => ("EINVAL", "JRInvalidParms"),
        AreaTooShort { .. } => ("ENOBUFS", "JRBuffTooSmall"),
        NotTcp => ("EPROTOTYPE", "JRIncorrectSocketType"),
        NotConnected => ("ENOTCONN", "JRSocketNotCon"),
        NotAuthorized { .. } => ("EACCES", "JRSAFNotAuthorized"),
        NoSecurityDomain | DifferentSecurityDomain => ("EPERM", "JROK"),
        NoPartnerInfo => ("ENOPARTNERINFO", "JROK"),
        WouldSuspend => ("EAGAIN", "JROK"),
        InProgress | ConnectInProgress => ("EINPROGRESS", "JROK"),
        AlreadyOutstanding | ConnectPending => ("EALREADY", "JROK"),
        TimedOut => ("ETIME", "JROK"),
        NotSupported(_) => ("EOPNOTSUPP", "JROK"),
        BadDescriptor(_) => ("EBADF", "JRFileDesNotInUse"),
        TooManyDescriptors => ("EMFILE", "JROK"),
        FamilyMismatch => ("EAFNOSUPPORT", "JROK"),
        AddressInUse(_) => ("EADDRINUSE", "JROK"),
        AddressNotAvailable(_) => ("EADDRNOTAVAIL", "JROK"),
        NetworkUnreachable(_) => ("ENETUNREACH", "JROK"),
        ConnectionRefused(_) => ("ECONNREFUSED", "JROK"),
        WouldBlock => ("EWOULDBLOCK", "JROK"),
        AlreadyConnected => ("EISCONN", "JROK"),
        BrokenPipe => ("EPIPE", "JRSockShutDown"),
        // EIO is what a socket call gets once TCP/IP has ended (`confirmed` in outline: IBM's
        // inetd explanation of FOMN0009 takes EIO to mean TCP/IP terminated); the JR is the
        // one whose meaning fits (`inferred`).
        StackDown(_) => ("EIO", "JRTcpNotActive"),
        ConnectionReset => ("ECONNRESET", "JROK"),
        NoSuchOption(_) => ("ENOPROTOOPT", "JROK"),
        NoBuffers(_) => ("ENOBUFS", "JROK"),
        HostUnreachable(_) => ("EHOSTUNREACH", "JROK"),
        ProtocolNotSupported(_) => ("EPROTONOSUPPORT", "JROK"),
        AlreadyGiven(_) => ("EBADF", "JROK"),
        NotGivenToYou(..) => ("EACCES", "JROK"),
    }
}

/// What a BPX1xxx, BPX4xxx or LE C caller sees: the z/OS UNIX errno and the reason code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnixError {
    pub errno: u32,
    pub reason: ReasonCode,
}

impl UnixError {
    /// An errno and JR by name; both tables hold every name this module uses (a test checks).
    pub fn named(errno: &str, jr: &str) -> UnixError {
        UnixError {
            errno: unix_errno_named(errno).map_or(0, |e| e.value),
            reason: ReasonCode::new(jr_code_named(jr).map_or(0, |j| j.value)),
        }
    }

    /// EFAULT with JRBadAddress: storage the call needs is not there.
    pub fn fault(_: Fault) -> UnixError {
        UnixError::named("EFAULT", "JRBadAddress")
    }
}

impl From<&SysplexError> for UnixError {
    fn from(e: &SysplexError) -> UnixError {
        let (errno, jr) = names(e);
        UnixError::named(errno, jr)
    }
}

/// The TCPERRNO number of a model error (EZASMI, EZASOKET, REXX).
pub fn tcp_errno(e: &SysplexError) -> u32 {
    tcp_errno_named(names(e).0).map_or(0, |t| t.value)
}

/// EFAULT in TCPERRNO numbering.
pub fn tcp_fault() -> u32 {
    tcp_errno_named("EFAULT").map_or(0, |t| t.value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::errno::{jr_code_named, tcp_errno_named, unix_errno_named};

    fn every_error() -> Vec<SysplexError> {
        use SysplexError::*;
        vec![
            Invalid(String::new()),
            AreaTooShort { needed: 40 },
            NotTcp,
            NotConnected,
            NotAuthorized {
                profile: String::new(),
            },
            NoSecurityDomain,
            DifferentSecurityDomain,
            NoPartnerInfo,
            WouldSuspend,
            InProgress,
            AlreadyOutstanding,
            TimedOut,
            NotSupported(String::new()),
            BadDescriptor(0),
            TooManyDescriptors,
            FamilyMismatch,
            AddressInUse(String::new()),
            AddressNotAvailable(String::new()),
            NetworkUnreachable(String::new()),
            ConnectionRefused(String::new()),
            WouldBlock,
            ConnectInProgress,
            ConnectPending,
            AlreadyConnected,
            BrokenPipe,
            StackDown(String::new()),
            ConnectionReset,
            NoSuchOption(String::new()),
            NoBuffers(String::new()),
            HostUnreachable(String::new()),
            ProtocolNotSupported(0),
            AlreadyGiven(0),
            NotGivenToYou(0, String::new()),
        ]
    }

    #[test]
    fn every_name_is_in_both_tables() {
        for e in every_error() {
            let (errno, jr) = names(&e);
            assert!(unix_errno_named(errno).is_some(), "{errno} (z/OS UNIX)");
            assert!(tcp_errno_named(errno).is_some(), "{errno} (TCPERRNO)");
            assert!(jr_code_named(jr).is_some(), "{jr}");
        }
        for n in ["EFAULT", "EINVAL"] {
            assert!(unix_errno_named(n).is_some() && tcp_errno_named(n).is_some());
        }
        assert!(jr_code_named("JRBadAddress").is_some());
    }

    #[test]
    fn the_trusted_tcp_table_in_both_worlds() {
        // docs/reference/trusted-tcp.md §4: (condition, TCPERRNO, z/OS UNIX).
        use SysplexError::*;
        let rows = [
            (DifferentSecurityDomain, 1, 139),
            (NoSecurityDomain, 1, 139),
            (WouldSuspend, 11, 112),
            (
                NotAuthorized {
                    profile: String::new(),
                },
                13,
                111,
            ),
            (InProgress, 36, 1103),
            (AlreadyOutstanding, 37, 1104),
            (NotTcp, 41, 1108),
            (NotSupported(String::new()), 45, 1112),
            (AreaTooShort { needed: 40 }, 55, 1122),
            (NotConnected, 57, 1124),
            (TimedOut, 73, 1137),
            (NoPartnerInfo, 1162, 1162),
            (Invalid(String::new()), 22, 121),
            (BadDescriptor(3), 9, 113),
        ];
        for (e, tcp, unix) in rows {
            assert_eq!(tcp_errno(&e), tcp, "{e}");
            assert_eq!(UnixError::from(&e).errno, unix, "{e}");
        }
        assert_eq!(tcp_fault(), 14);
        let f = UnixError::fault(Fault::NotAnArea(0));
        assert_eq!((f.errno, f.reason.0), (118, 0x7CE3_012E));
        assert_eq!(
            UnixError::from(&NotAuthorized {
                profile: String::new()
            })
            .reason
            .reason(),
            0x00DC
        );
    }
}
