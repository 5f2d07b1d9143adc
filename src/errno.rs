//! The errno tables, each written once: z/OS UNIX errnos (BPXYERNO, LE C `errno.h`), the
//! TCPERRNO numbering of the sockets APIs (EZASOKET, EZASMI, REXX), the JR reason codes, and
//! the `ccccrrrr` reason-code format. Nothing else in the crate holds an errno number.
//!
//! Sources (`docs/reference/call-conventions.md`): z/OS UNIX values, EDC message IDs and texts `third-party`
//! (golang/sys B10), except EDOM (1) to ENOENT (129), `confirmed` by IBM's "Return codes
//! (errnos)" page (B8); TCPERRNO numbers and meanings
//! `third-party` (a public copy of IBM's table, E8); JR values and texts `third-party` (zowe
//! api-layer `PlatformErrno2.java` at c552666f, generated from IBM's errnojrs page, B9).

use crate::areas::Prov;

/// A z/OS UNIX errno (what BPX1xxx/BPX4xxx put in Return_code and LE C in `errno`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnixErrno {
    pub name: &'static str,
    pub value: u32,
    /// The LE message ID, EDC5nnnI below 1000 and EDC8nnnI from 1000.
    pub msgid: Option<&'static str>,
    pub text: &'static str,
    pub prov: Prov,
}

const fn ux(
    name: &'static str,
    value: u32,
    msgid: Option<&'static str>,
    text: &'static str,
) -> UnixErrno {
    UnixErrno {
        name,
        value,
        msgid,
        text,
        // 1 (EDOM) to 129 (ENOENT) are on IBM's "Return codes (errnos)" page; the rest come
        // from golang/sys's copy.
        prov: if value <= 129 {
            Prov::Confirmed
        } else {
            Prov::ThirdParty
        },
    }
}

/// The z/OS UNIX errno table (`docs/reference/call-conventions.md` §6), plus ENOPARTNERINFO.
pub static UNIX_ERRNOS: &[UnixErrno] = &[
    ux("EDOM", 1, Some("EDC5001I"), "A domain error occurred."),
    ux("ERANGE", 2, Some("EDC5002I"), "A range error occurred."),
    ux("EACCES", 111, Some("EDC5111I"), "Permission denied."),
    ux(
        "EAGAIN",
        112,
        Some("EDC5112I"),
        "Resource temporarily unavailable.",
    ),
    ux("EBADF", 113, Some("EDC5113I"), "Bad file descriptor."),
    ux("EBUSY", 114, Some("EDC5114I"), "Resource busy."),
    ux("ECHILD", 115, Some("EDC5115I"), "No child processes."),
    ux(
        "EDEADLK",
        116,
        Some("EDC5116I"),
        "Resource deadlock avoided.",
    ),
    ux("EEXIST", 117, Some("EDC5117I"), "File exists."),
    ux("EFAULT", 118, Some("EDC5118I"), "Incorrect address."),
    ux("EFBIG", 119, Some("EDC5119I"), "File too large."),
    ux("EINTR", 120, Some("EDC5120I"), "Interrupted function call."),
    ux("EINVAL", 121, Some("EDC5121I"), "Invalid argument."),
    ux("EIO", 122, Some("EDC5122I"), "Input/output error."),
    ux("EISDIR", 123, Some("EDC5123I"), "Is a directory."),
    ux("EMFILE", 124, Some("EDC5124I"), "Too many open files."),
    ux("EMLINK", 125, Some("EDC5125I"), "Too many links."),
    ux("ENAMETOOLONG", 126, Some("EDC5126I"), "Filename too long."),
    ux(
        "ENFILE",
        127,
        Some("EDC5127I"),
        "Too many open files in system.",
    ),
    ux("ENODEV", 128, Some("EDC5128I"), "No such device."),
    ux(
        "ENOENT",
        129,
        Some("EDC5129I"),
        "No such file or directory.",
    ),
    ux("ENOEXEC", 130, Some("EDC5130I"), "Exec format error."),
    ux("ENOLCK", 131, Some("EDC5131I"), "No locks available."),
    ux("ENOMEM", 132, Some("EDC5132I"), "Not enough memory."),
    ux("ENOSPC", 133, Some("EDC5133I"), "No space left on device."),
    ux("ENOSYS", 134, Some("EDC5134I"), "Function not implemented."),
    ux("ENOTDIR", 135, Some("EDC5135I"), "Not a directory."),
    ux("ENOTEMPTY", 136, Some("EDC5136I"), "Directory not empty."),
    ux(
        "ENOTTY",
        137,
        Some("EDC5137I"),
        "Inappropriate I/O control operation.",
    ),
    ux("ENXIO", 138, Some("EDC5138I"), "No such device or address."),
    ux("EPERM", 139, Some("EDC5139I"), "Operation not permitted."),
    ux("EPIPE", 140, Some("EDC5140I"), "Broken pipe."),
    ux("EROFS", 141, Some("EDC5141I"), "Read-only file system."),
    ux("ESPIPE", 142, Some("EDC5142I"), "Invalid seek."),
    ux("ESRCH", 143, Some("EDC5143I"), "No such process."),
    ux("EXDEV", 144, Some("EDC5144I"), "Improper link."),
    ux(
        "E2BIG",
        145,
        Some("EDC5145I"),
        "The parameter list is too long, or the message to receive was too large for the buffer.",
    ),
    ux(
        "ELOOP",
        146,
        Some("EDC5146I"),
        "Too many levels of symbolic links.",
    ),
    ux("EILSEQ", 147, Some("EDC5147I"), "Illegal byte sequence."),
    ux(
        "ENODATA",
        148,
        Some("EDC5148I"),
        "The named attribute or data not available.",
    ),
    ux("EOVERFLOW", 149, Some("EDC5149I"), "Value Overflow Error."),
    ux(
        "EMVSNOTUP",
        150,
        Some("EDC5150I"),
        "UNIX System Services is not active.",
    ),
    ux(
        "ECMSSTORAGE",
        151,
        Some("EDC5151I"),
        "Dynamic allocation error.",
    ),
    ux(
        "EMVSDYNALC",
        151,
        Some("EDC5151I"),
        "Dynamic allocation error.",
    ),
    ux(
        "EMVSCVAF",
        152,
        Some("EDC5152I"),
        "Common VTOC access facility (CVAF) error.",
    ),
    ux("EMVSCATLG", 153, Some("EDC5153I"), "Catalog obtain error."),
    ux(
        "ECMSINITIAL",
        156,
        Some("EDC5156I"),
        "Process initialization error.",
    ),
    ux(
        "EMVSINITIAL",
        156,
        Some("EDC5156I"),
        "Process initialization error.",
    ),
    ux(
        "ECMSERR",
        157,
        Some("EDC5157I"),
        "An internal error has occurred.",
    ),
    ux(
        "EMVSERR",
        157,
        Some("EDC5157I"),
        "An internal error has occurred.",
    ),
    ux(
        "EMVSPARM",
        158,
        Some("EDC5158I"),
        "Bad parameters were passed to the service.",
    ),
    ux(
        "ECMSPFSFILE",
        159,
        Some("EDC5159I"),
        "The Physical File System encountered a permanent file error.",
    ),
    ux(
        "EMVSPFSFILE",
        159,
        Some("EDC5159I"),
        "The Physical File System encountered a permanent file error.",
    ),
    ux(
        "EMVSBADCHAR",
        160,
        Some("EDC5160I"),
        "Bad character in environment variable name.",
    ),
    ux(
        "ECMSPFSPERM",
        162,
        Some("EDC5162I"),
        "The Physical File System encountered a system error.",
    ),
    ux(
        "EMVSPFSPERM",
        162,
        Some("EDC5162I"),
        "The Physical File System encountered a system error.",
    ),
    ux(
        "EMVSSAFEXTRERR",
        163,
        Some("EDC5163I"),
        "SAF/RACF extract error.",
    ),
    ux("EMVSSAF2ERR", 164, Some("EDC5164I"), "SAF/RACF error."),
    ux(
        "EMVSTODNOTSET",
        165,
        Some("EDC5165I"),
        "System TOD clock not set.",
    ),
    ux(
        "EMVSPATHOPTS",
        166,
        Some("EDC5166I"),
        "Access mode argument on function call conflicts with PATHOPTS parameter on JCL DD statement.",
    ),
    ux(
        "EMVSNORTL",
        167,
        Some("EDC5167I"),
        "Access to the UNIX System Services version of the C RTL is denied.",
    ),
    ux("EMVSEXPIRE", 168, Some("EDC5168I"), "Password has expired."),
    ux(
        "EMVSPASSWORD",
        169,
        Some("EDC5169I"),
        "Password is invalid.",
    ),
    ux(
        "EMVSWLMERROR",
        170,
        Some("EDC5170I"),
        "An error was encountered with WLM.",
    ),
    ux(
        "EMVSCPLERROR",
        171,
        Some("EDC5171I"),
        "An error was encountered with CPL.",
    ),
    ux(
        "EMVSARMERROR",
        172,
        Some("EDC5172I"),
        "An error was encountered with Application Response Measurement (ARM) component.",
    ),
    ux(
        "ELENOFORK",
        200,
        Some("EDC5200I"),
        "The application contains a Language Environment member language that cannot tolerate a fork().",
    ),
    ux(
        "ELEMSGERR",
        201,
        Some("EDC5201I"),
        "The Language Environment message file was not found in the hierarchical file system.",
    ),
    ux(
        "EFPMASKINV",
        202,
        Some("EDC5202E"),
        "DLL facilities are not supported under SPC environment.",
    ),
    ux(
        "EFPMODEINV",
        203,
        Some("EDC5203E"),
        "DLL facilities are not supported under POSIX environment.",
    ),
    ux(
        "EBUFLEN",
        227,
        Some("EDC5227I"),
        "Buffer is not long enough to contain a path definition",
    ),
    ux(
        "EEXTLINK",
        228,
        Some("EDC5228I"),
        "The file referred to is an external link",
    ),
    ux(
        "ENODD",
        229,
        Some("EDC5229I"),
        "No path definition for ddname in effect",
    ),
    ux("ECMSESMERR", 230, Some("EDC5230I"), "ESM error."),
    ux(
        "ECPERR",
        231,
        Some("EDC5231I"),
        "CP or the external security manager had an error",
    ),
    ux(
        "ELEMULTITHREAD",
        232,
        Some("EDC5232I"),
        "The function failed because it was invoked from a multithread environment.",
    ),
    ux(
        "ELEFENCE",
        244,
        Some("EDC5244I"),
        "The program, module or DLL is not supported in this environment.",
    ),
    ux("EBADDATA", 245, Some("EDC5245I"), "Data is not valid."),
    ux("EUNKNOWN", 246, Some("EDC5246I"), "Unknown system state."),
    ux("ENOTSUP", 247, Some("EDC5247I"), "Operation not supported."),
    ux(
        "EBADNAME",
        248,
        Some("EDC5248I"),
        "The object name specified is not correct.",
    ),
    ux(
        "ENOTSAFE",
        249,
        Some("EDC5249I"),
        "The function is not allowed.",
    ),
    ux(
        "ELEMULTITHREADFORK",
        257,
        Some("EDC5257I"),
        "Function cannot be called in the child process of a fork() from a multithreaded process until exec() is called.",
    ),
    ux(
        "ECUNNOENV",
        258,
        Some("EDC5258I"),
        "A CUN_RS_NO_UNI_ENV error was issued by Unicode Services.",
    ),
    ux(
        "ECUNNOCONV",
        259,
        Some("EDC5259I"),
        "A CUN_RS_NO_CONVERSION error was issued by Unicode Services.",
    ),
    ux(
        "ECUNNOTALIGNED",
        260,
        Some("EDC5260I"),
        "A CUN_RS_TABLE_NOT_ALIGNED error was issued by Unicode Services.",
    ),
    ux(
        "ECUNERR",
        262,
        Some("EDC5262I"),
        "An iconv() function encountered an unexpected error while using Unicode Services.",
    ),
    ux(
        "ENOATTR",
        265,
        Some("EDC5265I"),
        "The named attribute not available.",
    ),
    ux(
        "EIBMBADCALL",
        1000,
        Some("EDC8000I"),
        "A bad socket-call constant was found in the IUCV header.",
    ),
    ux(
        "EIBMBADPARM",
        1001,
        Some("EDC8001I"),
        "An error was found in the IUCV header.",
    ),
    ux(
        "EIBMSOCKOUTOFRANGE",
        1002,
        Some("EDC8002I"),
        "A socket descriptor is out of range.",
    ),
    ux(
        "EIBMSOCKINUSE",
        1003,
        Some("EDC8003I"),
        "A socket descriptor is in use.",
    ),
    ux(
        "EIBMIUCVERR",
        1004,
        Some("EDC8004I"),
        "Request failed because of an IUCV error.",
    ),
    ux(
        "EOFFLOADboxERROR",
        1005,
        Some("EDC8005I"),
        "Offload box error.",
    ),
    ux(
        "EOFFLOADboxRESTART",
        1006,
        Some("EDC8006I"),
        "Offload box restarted.",
    ),
    ux(
        "EOFFLOADboxDOWN",
        1007,
        Some("EDC8007I"),
        "Offload box down.",
    ),
    ux(
        "EIBMCONFLICT",
        1008,
        Some("EDC8008I"),
        "Already a conflicting call outstanding on socket.",
    ),
    ux(
        "EIBMCANCELLED",
        1009,
        Some("EDC8009I"),
        "Request cancelled using a SOCKcallCANCEL request.",
    ),
    ux(
        "EIBMBADTCPNAME",
        1011,
        Some("EDC8011I"),
        "A name of a PFS was specified that either is not configured or is not a Sockets PFS.",
    ),
    ux("ENOTBLK", 1100, Some("EDC8100I"), "Block device required."),
    ux("ETXTBSY", 1101, Some("EDC8101I"), "Text file busy."),
    ux(
        "EWOULDBLOCK",
        1102,
        Some("EDC8102I"),
        "Operation would block.",
    ),
    ux(
        "EINPROGRESS",
        1103,
        Some("EDC8103I"),
        "Operation now in progress.",
    ),
    ux(
        "EALREADY",
        1104,
        Some("EDC8104I"),
        "Connection already in progress.",
    ),
    ux(
        "ENOTSOCK",
        1105,
        Some("EDC8105I"),
        "Socket operation on non-socket.",
    ),
    ux(
        "EDESTADDRREQ",
        1106,
        Some("EDC8106I"),
        "Destination address required.",
    ),
    ux("EMSGSIZE", 1107, Some("EDC8107I"), "Message too long."),
    ux(
        "EPROTOTYPE",
        1108,
        Some("EDC8108I"),
        "Protocol wrong type for socket.",
    ),
    ux(
        "ENOPROTOOPT",
        1109,
        Some("EDC8109I"),
        "Protocol not available.",
    ),
    ux(
        "EPROTONOSUPPORT",
        1110,
        Some("EDC8110I"),
        "Protocol not supported.",
    ),
    ux(
        "ESOCKTNOSUPPORT",
        1111,
        Some("EDC8111I"),
        "Socket type not supported.",
    ),
    ux(
        "EOPNOTSUPP",
        1112,
        Some("EDC8112I"),
        "Operation not supported on socket.",
    ),
    ux(
        "EPFNOSUPPORT",
        1113,
        Some("EDC8113I"),
        "Protocol family not supported.",
    ),
    ux(
        "EAFNOSUPPORT",
        1114,
        Some("EDC8114I"),
        "Address family not supported.",
    ),
    ux(
        "EADDRINUSE",
        1115,
        Some("EDC8115I"),
        "Address already in use.",
    ),
    ux(
        "EADDRNOTAVAIL",
        1116,
        Some("EDC8116I"),
        "Address not available.",
    ),
    ux("ENETDOWN", 1117, Some("EDC8117I"), "Network is down."),
    ux(
        "ENETUNREACH",
        1118,
        Some("EDC8118I"),
        "Network is unreachable.",
    ),
    ux(
        "ENETRESET",
        1119,
        Some("EDC8119I"),
        "Network dropped connection on reset.",
    ),
    ux(
        "ECONNABORTED",
        1120,
        Some("EDC8120I"),
        "Connection ended abnormally.",
    ),
    ux("ECONNRESET", 1121, Some("EDC8121I"), "Connection reset."),
    ux(
        "ENOBUFS",
        1122,
        Some("EDC8122I"),
        "No buffer space available.",
    ),
    ux(
        "EISCONN",
        1123,
        Some("EDC8123I"),
        "Socket already connected.",
    ),
    ux("ENOTCONN", 1124, Some("EDC8124I"), "Socket not connected."),
    ux(
        "ESHUTDOWN",
        1125,
        Some("EDC8125I"),
        "Can't send after socket shutdown.",
    ),
    ux(
        "ETOOMANYREFS",
        1126,
        Some("EDC8126I"),
        "Too many references; can't splice.",
    ),
    ux("ETIMEDOUT", 1127, Some("EDC8127I"), "Connection timed out."),
    ux(
        "ECONNREFUSED",
        1128,
        Some("EDC8128I"),
        "Connection refused.",
    ),
    ux(
        "EHOSTDOWN",
        1129,
        Some("EDC8129I"),
        "Host is not available.",
    ),
    ux(
        "EHOSTUNREACH",
        1130,
        Some("EDC8130I"),
        "Host cannot be reached.",
    ),
    ux("EPROCLIM", 1131, Some("EDC8131I"), "Too many processes."),
    ux("EUSERS", 1132, Some("EDC8132I"), "Too many users."),
    ux("EDQUOT", 1133, Some("EDC8133I"), "Disk quota exceeded."),
    ux("ESTALE", 1134, Some("EDC8134I"), "Stale file handle."),
    ux("EREMOTE", 1135, None, ""),
    ux("ENOSTR", 1136, Some("EDC8136I"), "File is not a STREAM."),
    ux("ETIME", 1137, Some("EDC8137I"), "STREAMS ioctl() timeout."),
    ux("ENOSR", 1138, Some("EDC8138I"), "No STREAMS resources."),
    ux(
        "ENOMSG",
        1139,
        Some("EDC8139I"),
        "The message identified by set_id and msg_id is not in the message catalog.",
    ),
    ux("EBADMSG", 1140, Some("EDC8140I"), "Bad message."),
    ux("EIDRM", 1141, Some("EDC8141I"), "Identifier removed."),
    ux("ENONET", 1142, None, ""),
    ux("ERREMOTE", 1143, None, ""),
    ux(
        "ENOLINK",
        1144,
        Some("EDC8144I"),
        "The link has been severed.",
    ),
    ux("EADV", 1145, None, ""),
    ux("ESRMNT", 1146, None, ""),
    ux("ECOMM", 1147, None, ""),
    ux("EPROTO", 1148, Some("EDC8148I"), "Protocol error."),
    ux("EMULTIHOP", 1149, Some("EDC8149I"), "Multihop not allowed."),
    ux("EDOTDOT", 1150, None, ""),
    ux("EREMCHG", 1151, None, ""),
    ux(
        "ECANCELED",
        1152,
        Some("EDC8152I"),
        "The asynchronous I/O request has been canceled.",
    ),
    ux(
        "EINTRNODATA",
        1159,
        Some("EDC8159I"),
        "Function call was interrupted before any data was received.",
    ),
    ux(
        "ENOREUSE",
        1160,
        Some("EDC8160I"),
        "Socket reuse is not supported.",
    ),
    ux(
        "ENOMOVE",
        1161,
        Some("EDC8161I"),
        "The file system cannot currently be moved.",
    ),
    UnixErrno {
        name: "ENOPARTNERINFO",
        value: 1162,
        msgid: None,
        text: "The partner is not in the same sysplex, or is on a stack earlier than V1R12.",
        // Value `inferred` (the next free number after ENOMOVE, matching TCPERRNO); the text is
        // ours, from IBM's TCPERRNO meaning.
        prov: Prov::Inferred,
    },
];

/// A TCPERRNO number (EZASOKET and EZASMI ERRNO, the first word of a failed REXX result).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TcpErrno {
    pub value: u32,
    pub name: &'static str,
    /// Where IBM lists the entry, when it is specific to some calls; empty = all.
    pub api: &'static str,
    /// The short text (what a REXX error result shows after the name).
    pub text: &'static str,
    /// Further cases IBM lists under the same number.
    pub also: &'static str,
    pub prov: Prov,
}

const fn tcp(
    value: u32,
    name: &'static str,
    api: &'static str,
    text: &'static str,
    also: &'static str,
    prov: Prov,
) -> TcpErrno {
    TcpErrno {
        value,
        name,
        api,
        text,
        also,
        prov,
    }
}

use Prov::{Confirmed, ThirdParty};

/// The TCPERRNO table (`docs/reference/call-conventions.md` §9), IBM's order. A number can appear under more
/// than one name (EAI_ codes share numbers with errnos); [`tcp_errno`] picks the entry that
/// applies to all APIs. Texts are IBM's meanings, shortened (`third-party`); for the REXX codes
/// 2001, 2005, 2007 they are the VM clone's (`third-party`) and for 2009 IBM's own example
/// (`confirmed`).
pub static TCP_ERRNOS: &[TcpErrno] = &[
    tcp(
        1,
        "EAI_NONAME",
        "GETADDRINFO, GETNAMEINFO",
        "Node or host not found",
        "",
        ThirdParty,
    ),
    tcp(1, "EDOM", "", "Argument too large", "", ThirdParty),
    tcp(
        1,
        "EPERM",
        "",
        "Permission denied; no owner",
        "",
        ThirdParty,
    ),
    tcp(
        1,
        "EPERM",
        "IOCTL SIOCGPARTNERINFO",
        "Endpoints not in the same security domain",
        "",
        ThirdParty,
    ),
    tcp(
        1,
        "EPERM",
        "IOCTL SIOCGPARTNERINFO, SIOCSPARTNERINFO",
        "Security domain name not defined",
        "",
        ThirdParty,
    ),
    tcp(
        1,
        "EPERM",
        "IOCTL SIOCTTLSCTL",
        "Combination of AT-TLS requests not permitted",
        "",
        ThirdParty,
    ),
    tcp(
        2,
        "EAI_AGAIN",
        "FREEADDRINFO, GETADDRINFO, GETNAMEINFO",
        "Name not resolved in time; resolver not started",
        "",
        ThirdParty,
    ),
    tcp(
        2,
        "ENOENT",
        "",
        "Data set or directory not found",
        "",
        ThirdParty,
    ),
    tcp(2, "ERANGE", "", "Result too large", "", ThirdParty),
    tcp(
        3,
        "EAI_FAIL",
        "FREEADDRINFO, GETADDRINFO, GETNAMEINFO",
        "Unrecoverable; bad NODELEN/HOSTLEN/SERVLEN",
        "",
        ThirdParty,
    ),
    tcp(
        3,
        "ESRCH",
        "",
        "Process or table entry not found",
        "",
        ThirdParty,
    ),
    tcp(
        4,
        "EAI_OVERFLOW",
        "GETNAMEINFO",
        "Output buffer too small (maximum 255)",
        "",
        ThirdParty,
    ),
    tcp(4, "EINTR", "", "System call interrupted", "", ThirdParty),
    tcp(
        5,
        "EAI_FAMILY",
        "GETADDRINFO, GETNAMEINFO",
        "Bad AF or FAMILY",
        "",
        ThirdParty,
    ),
    tcp(5, "EIO", "", "I/O error", "", ThirdParty),
    tcp(
        6,
        "EAI_MEMORY",
        "GETADDRINFO, GETNAMEINFO",
        "Resolver out of storage",
        "",
        ThirdParty,
    ),
    tcp(6, "ENXIO", "", "Device or driver not found", "", ThirdParty),
    tcp(7, "E2BIG", "", "Argument list too long", "", ThirdParty),
    tcp(
        7,
        "EAI_BADFLAGS",
        "GETADDRINFO, GETNAMEINFO",
        "Bad FLAGS",
        "",
        ThirdParty,
    ),
    tcp(
        8,
        "EAI_SERVICE",
        "GETADDRINFO",
        "SERVICE not known for the socket type",
        "",
        ThirdParty,
    ),
    tcp(8, "ENOEXEC", "", "Exec format error", "", ThirdParty),
    tcp(
        9,
        "EAI_SOCKTYPE",
        "GETADDRINFO",
        "SOCTYPE not recognized",
        "",
        ThirdParty,
    ),
    tcp(
        9,
        "EBADF",
        "",
        "Incorrect socket descriptor",
        "Givesocket, socket already given or not AF_INET/AF_INET6; Select, bad descriptor set; Takesocket, already taken",
        ThirdParty,
    ),
    tcp(10, "ECHILD", "", "No children", "", ThirdParty),
    tcp(
        11,
        "EAGAIN",
        "",
        "No more processes; **or TCP/IP not active**; or SIOCGPARTNERINFO in no-suspend mode without SIOCSPARTNERINFO",
        "",
        ThirdParty,
    ),
    tcp(12, "ENOMEM", "", "Not enough storage", "", ThirdParty),
    tcp(
        13,
        "EACCES",
        "",
        "Permission denied",
        "SIOCGPARTNERINFO not authorized; SIOCTTLSCTL needs ApplicationControlled On; Takesocket, socket not given to you",
        ThirdParty,
    ),
    tcp(
        14,
        "EFAULT",
        "",
        "Incorrect storage address or length",
        "EZASMI asynchronous exit abended; SIOCSAPPLDATA copy abended",
        ThirdParty,
    ),
    tcp(15, "ENOTBLK", "", "Block device required", "", ThirdParty),
    tcp(
        16,
        "EBUSY",
        "",
        "Listen already called; device or file busy",
        "",
        ThirdParty,
    ),
    tcp(17, "EEXIST", "", "Data set exists", "", ThirdParty),
    tcp(18, "EXDEV", "", "Cross-device link", "", ThirdParty),
    tcp(19, "ENODEV", "", "Device does not exist", "", ThirdParty),
    tcp(20, "ENOTDIR", "", "Not a directory", "", ThirdParty),
    tcp(21, "EISDIR", "", "Is a directory", "", ThirdParty),
    tcp(
        22,
        "EINVAL",
        "",
        "Incorrect argument",
        "multicast source-filter and filter-mode errors",
        ThirdParty,
    ),
    tcp(23, "ENFILE", "", "Data set table overflow", "", ThirdParty),
    tcp(
        24,
        "EMFILE",
        "",
        "Socket descriptor table full (MAXDESC)",
        "",
        ThirdParty,
    ),
    tcp(
        25,
        "ENOTTY",
        "",
        "Incorrect device call; check IOCTL values",
        "",
        ThirdParty,
    ),
    tcp(26, "ETXTBSY", "", "Text data set busy", "", ThirdParty),
    tcp(27, "EFBIG", "", "Data set too large", "", ThirdParty),
    tcp(28, "ENOSPC", "", "No space left on device", "", ThirdParty),
    tcp(29, "ESPIPE", "", "Incorrect seek", "", ThirdParty),
    tcp(30, "EROFS", "", "Read-only", "", ThirdParty),
    tcp(31, "EMLINK", "", "Too many links", "", ThirdParty),
    tcp(
        32,
        "EPIPE",
        "",
        "Connection broken; on write/send the peer shut down",
        "SIOCTTLSCTL on a connection not established",
        ThirdParty,
    ),
    tcp(33, "EDOM", "", "Argument too large", "", ThirdParty),
    tcp(34, "ERANGE", "", "Result too large", "", ThirdParty),
    tcp(
        35,
        "EWOULDBLOCK",
        "Accept, Read, Recvfrom, Send, Sendto, Write, SIOCTTLSCTL",
        "Nonblocking and nothing to do now; also a blocking receive or send that ran past SO_RCVTIMEO/SO_SNDTIMEO",
        "",
        ThirdParty,
    ),
    tcp(
        36,
        "EINPROGRESS",
        "Connect; SIOCGPARTNERINFO; SIOCTTLSCTL",
        "Nonblocking connect not complete; credentials not available yet (no-suspend after SIOCSPARTNERINFO); handshake in progress",
        "",
        ThirdParty,
    ),
    tcp(
        37,
        "EALREADY",
        "Connect; SIOCGPARTNERINFO; SIOCTTLSCTL; Maxdesc; Setibmopt",
        "Previous connect not complete; only one SIOCGPARTNERINFO outstanding; etc.",
        "",
        ThirdParty,
    ),
    tcp(
        38,
        "ENOTSOCK",
        "",
        "Not a socket / bad descriptor value",
        "",
        ThirdParty,
    ),
    tcp(
        39,
        "EDESTADDRREQ",
        "",
        "Destination address required",
        "",
        ThirdParty,
    ),
    tcp(
        40,
        "EMSGSIZE",
        "datagram and raw sends",
        "Message too long (64K IP limit or setsockopt limit)",
        "",
        ThirdParty,
    ),
    tcp(
        41,
        "EPROTOTYPE",
        "",
        "Wrong protocol type",
        "bind2addrsel; SIOCGPARTNERINFO, SIOCSAPPLDATA, SIOCSPARTNERINFO, SIOCTTLSCTL on a non-TCP socket",
        ThirdParty,
    ),
    tcp(
        42,
        "ENOPROTOOPT",
        "Getsockopt, Setsockopt, Getibmsockopt, Setibmsockopt",
        "Bad option or level",
        "",
        ThirdParty,
    ),
    tcp(
        43,
        "EPROTONOSUPPORT",
        "Socket",
        "Protocol not supported",
        "",
        ThirdParty,
    ),
    tcp(
        44,
        "ESOCKTNOSUPPORT",
        "",
        "Socket type not supported",
        "",
        ThirdParty,
    ),
    tcp(
        45,
        "EOPNOTSUPP",
        "",
        "Not a stream socket (Accept, Givesocket); bind2addrsel; Getibmopt/Setibmopt; GETSOCKOPT option not supported by this API; **IOCTL command not supported by this API**; SIOCSPARTNERINFO after listen/connect; AT-TLS not enabled; Listen on a non-stream socket; unsupported send/recv flags",
        "",
        ThirdParty,
    ),
    tcp(
        46,
        "EPFNOSUPPORT",
        "",
        "Protocol family not supported; client-id domain not AF_INET (2)",
        "",
        ThirdParty,
    ),
    tcp(
        47,
        "EAFNOSUPPORT",
        "",
        "Address family not supported",
        "an IPv4-only ioctl on an AF_INET6 socket",
        ThirdParty,
    ),
    tcp(
        48,
        "EADDRINUSE",
        "Bind; multicast joins",
        "Address in use (LINGER delay, another process, or a RESERVED port)",
        "",
        ThirdParty,
    ),
    tcp(
        49,
        "EADDRNOTAVAIL",
        "Bind, Connect, bind2addrsel, multicast APIs",
        "Address not valid or not reachable from this host",
        "",
        ThirdParty,
    ),
    tcp(50, "ENETDOWN", "", "Network down", "", ThirdParty),
    tcp(
        51,
        "ENETUNREACH",
        "Connect",
        "Network unreachable",
        "",
        ThirdParty,
    ),
    tcp(
        52,
        "ENETRESET",
        "",
        "Connection dropped on reset",
        "",
        ThirdParty,
    ),
    tcp(
        53,
        "ECONNABORTED",
        "",
        "Software caused connection abend",
        "",
        ThirdParty,
    ),
    tcp(
        54,
        "ECONNRESET",
        "",
        "Connection to the destination not available",
        "",
        ThirdParty,
    ),
    tcp(
        55,
        "ENOBUFS",
        "",
        "No buffer space",
        "SIOCGPARTNERINFO buffer too small, see PI_Buflen; SIOCSAPPLDATA; SIOCTTLSCTL; more than 64 source filters",
        ThirdParty,
    ),
    tcp(
        56,
        "EISCONN",
        "Connect",
        "Already connected",
        "",
        ThirdParty,
    ),
    tcp(
        57,
        "ENOTCONN",
        "",
        "Not connected",
        "SIOCGPARTNERINFO: issue after connect or accept; SIOCTTLSCTL",
        ThirdParty,
    ),
    tcp(58, "ESHUTDOWN", "", "Send after shutdown", "", ThirdParty),
    tcp(
        59,
        "ETOOMANYREFS",
        "",
        "Too many references",
        "more than 20 multicast groups per UDP socket or 256 per raw socket",
        ThirdParty,
    ),
    tcp(
        60,
        "ETIMEDOUT",
        "Connect",
        "Connection timed out",
        "",
        ThirdParty,
    ),
    tcp(
        61,
        "ECONNREFUSED",
        "Connect",
        "Connection refused",
        "",
        ThirdParty,
    ),
    tcp(
        62,
        "ELOOP",
        "",
        "Too many symbolic link levels",
        "",
        ThirdParty,
    ),
    tcp(63, "ENAMETOOLONG", "", "File name too long", "", ThirdParty),
    tcp(64, "EHOSTDOWN", "", "Host down", "", ThirdParty),
    tcp(65, "EHOSTUNREACH", "", "No route to host", "", ThirdParty),
    tcp(66, "ENOTEMPTY", "", "Directory not empty", "", ThirdParty),
    tcp(67, "EPROCLIM", "", "Too many processes", "", ThirdParty),
    tcp(68, "EUSERS", "", "Too many users", "", ThirdParty),
    tcp(69, "EDQUOT", "", "Disk quota exceeded", "", ThirdParty),
    tcp(70, "ESTALE", "", "Old NFS data set handle", "", ThirdParty),
    tcp(
        71,
        "EREMOTE",
        "",
        "Too many levels of remote in the path",
        "",
        ThirdParty,
    ),
    tcp(72, "ENOSTR", "", "Not a stream device", "", ThirdParty),
    tcp(
        73,
        "ETIME",
        "",
        "Timer expired",
        "SIOCGPARTNERINFO wait time expired",
        ThirdParty,
    ),
    tcp(74, "ENOSR", "", "No more stream resources", "", ThirdParty),
    tcp(
        75,
        "ENOMSG",
        "",
        "No message of the desired type",
        "",
        ThirdParty,
    ),
    tcp(76, "EBADMSG", "", "Message cannot be read", "", ThirdParty),
    tcp(77, "EIDRM", "", "Identifier removed", "", ThirdParty),
    tcp(
        78,
        "EDEADLK",
        "",
        "Deadlock",
        "Select/Selectex that could never complete: no AF_INET or AF_IUCV socket and no timeout or ECB",
        ThirdParty,
    ),
    tcp(79, "ENOLCK", "", "No record locks", "", ThirdParty),
    tcp(
        80,
        "ENONET",
        "",
        "Machine not on the network",
        "",
        ThirdParty,
    ),
    tcp(81, "ERREMOTE", "", "Object is remote", "", ThirdParty),
    tcp(82, "ENOLINK", "", "Link severed", "", ThirdParty),
    tcp(83, "EADV", "", "ADVERTISE error", "", ThirdParty),
    tcp(84, "ESRMNT", "", "SRMOUNT error", "", ThirdParty),
    tcp(
        85,
        "ECOMM",
        "",
        "Communication error on send",
        "",
        ThirdParty,
    ),
    tcp(
        86,
        "EPROTO",
        "",
        "Protocol error",
        "SIOCTTLSCTL state errors",
        ThirdParty,
    ),
    tcp(
        87,
        "EMULTIHOP",
        "",
        "Multi-hop link attempted",
        "",
        ThirdParty,
    ),
    tcp(
        88,
        "EDOTDOT",
        "",
        "Cross-mount point (not an error)",
        "",
        ThirdParty,
    ),
    tcp(89, "EREMCHG", "", "Remote address changed", "", ThirdParty),
    tcp(
        90,
        "ECONNCLOSED",
        "",
        "Connection closed by the peer",
        "",
        ThirdParty,
    ),
    tcp(
        113,
        "EBADF",
        "",
        "Descriptor out of range (MAXDESC; default range 0–49); Bind on a socket in use; Givesocket/Takesocket/Select errors; Accept before Listen",
        "",
        ThirdParty,
    ),
    tcp(
        121,
        "EINVAL",
        "",
        "Incorrect argument",
        "a malformed SetApplData for SIOCSAPPLDATA; inet6_is_srcaddr errors",
        ThirdParty,
    ),
    tcp(122, "ECLOSED", "", "", "", ThirdParty),
    tcp(126, "ENMELONG", "", "", "", ThirdParty),
    tcp(
        134,
        "ENOSYS",
        "",
        "IOCTL function not implemented",
        "SIOCGIFNAMEINDEX on a pure IPv4 stack with z/OS UNIX in INET mode",
        ThirdParty,
    ),
    tcp(136, "ENOTEMPT", "", "", "", ThirdParty),
    tcp(145, "E2BIG", "", "Argument list too long", "", ThirdParty),
    tcp(
        156,
        "EMVSINITIAL",
        "",
        "Process initialization error, usually a missing or bad OMVS segment for the user",
        "",
        ThirdParty,
    ),
    tcp(157, "EMISSED", "", "", "", ThirdParty),
    tcp(
        157,
        "EMVSERR",
        "",
        "MVS environmental or internal error",
        "",
        ThirdParty,
    ),
    tcp(
        1002,
        "EIBMSOCKOUTOFRANGE",
        "",
        "Socket, Accept, Takesocket: the INITAPI MAXSOC has been reached",
        "",
        ThirdParty,
    ),
    tcp(
        1003,
        "EIBMSOCKINUSE",
        "",
        "Socket: socket number already in use",
        "",
        ThirdParty,
    ),
    tcp(
        1004,
        "EIBMIUCVERR",
        "",
        "IUCV error in the client stub",
        "",
        ThirdParty,
    ),
    tcp(
        1008,
        "EIBMCONFLICT",
        "",
        "Conflicts with a request already queued on the socket",
        "",
        ThirdParty,
    ),
    tcp(
        1009,
        "EIBMCANCELLED",
        "",
        "Cancelled by the CANCEL call",
        "",
        ThirdParty,
    ),
    tcp(
        1011,
        "EIBMBADTCPNAME",
        "",
        "TCP/IP name not valid (INITAPI: IDENT TCPNAME; Setibmopt: IBM_TCPIMAGE)",
        "",
        ThirdParty,
    ),
    tcp(
        1012,
        "EIBMBADREQUESTCODE",
        "",
        "Request code not valid",
        "",
        ThirdParty,
    ),
    tcp(
        1013,
        "EIBMBADCONNECTIONSTATE",
        "",
        "Connection token not valid; bad state",
        "",
        ThirdParty,
    ),
    tcp(
        1014,
        "EIBMUNAUTHORIZEDCALLER",
        "",
        "Unauthorized caller used an authorized keyword",
        "",
        ThirdParty,
    ),
    tcp(
        1015,
        "EIBMBADCONNECTIONMATCH",
        "",
        "Connection token not valid; no such connection",
        "",
        ThirdParty,
    ),
    tcp(
        1016,
        "EIBMTCPABEND",
        "",
        "Abend while TCP/IP processed the request",
        "",
        ThirdParty,
    ),
    tcp(
        1023,
        "EIBMTERMERROR",
        "",
        "Terminating error",
        "",
        ThirdParty,
    ),
    tcp(
        1026,
        "EIBMINVDELETE",
        "",
        "Delete requester did not create the connection",
        "",
        ThirdParty,
    ),
    tcp(
        1027,
        "EIBMINVSOCKET",
        "",
        "Connection token not valid; no such socket",
        "",
        ThirdParty,
    ),
    tcp(
        1028,
        "EIBMINVTCPCONNECTION",
        "",
        "Connection ended by TCP/IP; token invalidated",
        "",
        ThirdParty,
    ),
    tcp(
        1032,
        "EIBMCALLINPROGRESS",
        "",
        "Another call already in progress",
        "",
        ThirdParty,
    ),
    tcp(
        1036,
        "EIBMNOACTIVETCP",
        "",
        "TCP/IP not installed or not active",
        "Select, Getibmopt",
        ThirdParty,
    ),
    tcp(
        1037,
        "EIBMINVTSRBUSERDATA",
        "",
        "Request control block data not valid",
        "",
        ThirdParty,
    ),
    tcp(
        1038,
        "EIBMINVUSERDATA",
        "",
        "Request control block user data not valid",
        "",
        ThirdParty,
    ),
    tcp(
        1040,
        "EIBMSELECTEXPOST",
        "",
        "SELECTEX passed an ECB that was already posted",
        "",
        ThirdParty,
    ),
    tcp(1112, "ECANCEL", "", "", "", ThirdParty),
    tcp(
        1162,
        "ENOPARTNERINFO",
        "",
        "SIOCGPARTNERINFO: partner on a stack before V1R12, or not in the same sysplex",
        "",
        ThirdParty,
    ),
    tcp(
        2001,
        "EINVALIDRXSOCKETCALL",
        "",
        "Syntax error in RXSOCKET parameter list",
        "",
        ThirdParty,
    ),
    tcp(
        2002,
        "ECONSOLEINTERRUPT",
        "",
        "Console interrupt",
        "",
        ThirdParty,
    ),
    tcp(
        2003,
        "ESUBTASKINVALID",
        "",
        "Subtask ID incorrect",
        "",
        ThirdParty,
    ),
    tcp(
        2004,
        "ESUBTASKALREADYACTIVE",
        "",
        "Subtask already active (INITIALIZE issued twice)",
        "",
        ThirdParty,
    ),
    tcp(
        2005,
        "ESUBTASKNOTACTIVE",
        "",
        "Subtask not active",
        "",
        ThirdParty,
    ),
    tcp(
        2006,
        "ESOCKETNOTALLOCATED",
        "",
        "Socket or control block could not be allocated",
        "",
        ThirdParty,
    ),
    tcp(
        2007,
        "EMAXSOCKETSREACHED",
        "",
        "Maximum number of sockets reached",
        "",
        ThirdParty,
    ),
    tcp(
        2009,
        "ESOCKETNOTDEFINED",
        "",
        "Socket not defined",
        "",
        Confirmed,
    ),
    tcp(
        2011,
        "EDOMAINSERVERFAILURE",
        "",
        "Domain name server failure",
        "",
        ThirdParty,
    ),
    tcp(
        2012,
        "EINVALIDNAME",
        "",
        "Incorrect name received from the TCP/IP server",
        "",
        ThirdParty,
    ),
    tcp(
        2013,
        "EINVALIDCLIENTID",
        "",
        "Incorrect client ID received from the TCP/IP server",
        "",
        ThirdParty,
    ),
    tcp(
        2014,
        "ENIVALIDFILENAME",
        "",
        "Error in NUCEXT processing; translation table",
        "",
        ThirdParty,
    ),
    tcp(2016, "EHOSTNOTFOUND", "", "Host not found", "", ThirdParty),
    tcp(
        2017,
        "EIPADDRNOTFOUND",
        "",
        "Address not found",
        "",
        ThirdParty,
    ),
    tcp(
        2019,
        "ENORECOVERY",
        "",
        "Non-recoverable resolver failure in GETHOSTBYADDR or GETHOSTBYNAME",
        "",
        ThirdParty,
    ),
    tcp(
        2020,
        "EINVALIDCOMBINATION",
        "",
        "Invalid combination of IPV6_ADDR_PREFERENCES flags",
        "",
        ThirdParty,
    ),
    tcp(
        2021,
        "EOPTNAMEMISMATCH",
        "",
        "OPTNAME not valid for the LEVEL given",
        "",
        ThirdParty,
    ),
    tcp(
        2022,
        "EFLAGSMISMATCH",
        "",
        "GETADDRINFO with conflicting FLAGS and EFLAGS (AI_EXT_FLAGS)",
        "",
        ThirdParty,
    ),
    tcp(
        2051,
        "EFORMATERROR",
        "",
        "Name server could not interpret the query",
        "",
        ThirdParty,
    ),
    tcp(
        3412,
        "ENODATA",
        "",
        "Message does not exist",
        "",
        ThirdParty,
    ),
    tcp(3416, "ELINKED", "", "Stream is linked", "", ThirdParty),
    tcp(
        3419,
        "ERECURSE",
        "",
        "Recursive attempt rejected",
        "",
        ThirdParty,
    ),
    tcp(
        3420,
        "EASYNC",
        "",
        "Asynchronous I/O scheduled; internal, never returned to the user",
        "",
        ThirdParty,
    ),
    tcp(
        3448,
        "EUNATCH",
        "",
        "Protocol for the address family not available",
        "",
        ThirdParty,
    ),
    tcp(3464, "ETERM", "", "Operation terminated", "", ThirdParty),
    tcp(3474, "EUNKNOWN", "", "Unknown system state", "", ThirdParty),
    tcp(3495, "EBADOBJ", "", "Object does not exist", "", ThirdParty),
    tcp(
        3513,
        "EOUTOFSTATE",
        "",
        "Protocol engine got a command not acceptable in its state",
        "",
        ThirdParty,
    ),
];

/// A JR reason code (the low halfword of a z/OS UNIX reason code).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct JrCode {
    pub name: &'static str,
    pub value: u16,
    pub text: &'static str,
}

const fn jr(name: &'static str, value: u16, text: &'static str) -> JrCode {
    JrCode { name, value, text }
}

/// JR reason codes the emulator uses or a user meets with it (`third-party`, B9).
pub static JR_CODES: &[JrCode] = &[
    jr("JROK", 0x0000, "The return code value describes the error"),
    jr(
        "JRNegFileDes",
        0x0036,
        "A negative file descriptor was requested",
    ),
    jr(
        "JRFileDesNotInUse",
        0x0037,
        "The requested file descriptor is not in use",
    ),
    jr(
        "JRBuffTooSmall",
        0x006B,
        "The buffer for return information is too small",
    ),
    jr("JRInternalError", 0x0084, "An internal error was detected"),
    jr(
        "JRBadEntryCode",
        0x0086,
        "An incorrect entry code was specified on this request",
    ),
    jr(
        "JRInvalidParms",
        0x00A9,
        "An incorrect combination of parameters was specified",
    ),
    jr(
        "JRSAFNotAuthorized",
        0x00DC,
        "The calling address space is not authorized to use this service",
    ),
    jr(
        "JRBuffLenInvalid",
        0x0115,
        "The length of the buffer is less than or equal to zero or less than a minimum length",
    ),
    jr("JRFileNotOpen", 0x011C, "The file is not opened"),
    jr(
        "JRInvParmLength",
        0x012A,
        "The parameter length is incorrect or negative",
    ),
    jr(
        "JRBadAddress",
        0x012E,
        "An incorrect address was encountered when the system tried to access data",
    ),
    jr("JRSigDuringWait", 0x0130, "A signal occurred during a wait"),
    jr(
        "JRIoctl",
        0x0139,
        "The ioctl service is not supported by this file system",
    ),
    jr(
        "JRVfsIoctl",
        0x013B,
        "The Vfsioctl service is not supported by this file system",
    ),
    jr(
        "JRFdTooBig",
        0x0145,
        "The requested file descriptor exceeds the Open_max limit",
    ),
    jr(
        "JRInvIoctlCmd",
        0x0198,
        "The input command value is incorrect",
    ),
    jr(
        "JRTimeOut",
        0x0211,
        "The time for the service to wait has expired",
    ),
    jr(
        "JRNoSocket",
        0x0222,
        "The requested operation cannot be performed on a socket file descriptor",
    ),
    jr(
        "JRMustBeSocket",
        0x0223,
        "The requested operation is only valid on a socket file descriptor",
    ),
    jr(
        "JRDomainNotSupported",
        0x0228,
        "The requested domain is not supported",
    ),
    jr(
        "JRSocketNotFound",
        0x0253,
        "The requested socket was not found, or is not active",
    ),
    jr(
        "JRSocketNamed",
        0x0254,
        "A Bind request was received for a socket that was previously named",
    ),
    jr(
        "JRListenNotAccepted",
        0x025B,
        "A listen syscall was issued for a socket that has not been bound, for a socket that is already a server, or for a socket that is already connected",
    ),
    jr(
        "JRSocketClosed",
        0x025C,
        "An attempt was made to read, write or connect to a socket that is closed",
    ),
    jr(
        "JRSocketCallParmError",
        0x025E,
        "A socket syscall contains incorrect parameters",
    ),
    jr(
        "JRIncorrectSocketType",
        0x0269,
        "The socket type is incorrect for the request",
    ),
    jr(
        "JRWouldBlock",
        0x026A,
        "The O_NONBLOCK flag is set and this request would block",
    ),
    jr(
        "JRExceedsBackLogCount",
        0x026B,
        "This connect request exceeds the connect backlog count that was specified on the Listen request",
    ),
    jr(
        "JRLevelNotSupp",
        0x026C,
        "The value specified for Level is not supported by the physical file system",
    ),
    jr(
        "JRInvOpOpt",
        0x026E,
        "The Option name specified is not valid",
    ),
    jr(
        "JRBuff",
        0x026F,
        "The buffer for return information is too small",
    ),
    jr(
        "JROptNotSupp",
        0x0270,
        "The Option name specified is not supported",
    ),
    jr(
        "JRSocketNotCon",
        0x0272,
        "The requested socket is not connected",
    ),
    jr(
        "JRSockRdwrSignal",
        0x0275,
        "Signal interrupt during socket read or write processing",
    ),
    jr(
        "JRSockBufMax",
        0x0276,
        "There is insufficient storage for the socket message",
    ),
    jr("JRSockShutDown", 0x027C, "Socket has been shutdown"),
    jr(
        "JRListenNotDone",
        0x0289,
        "The socket is not ready to accept connections",
    ),
    jr(
        "JRListenNotStream",
        0x028C,
        "A listen syscall was issued for a socket that is not a stream socket. Listen is only valid for stream sockets",
    ),
    jr(
        "JRListenAlreadyDone",
        0x028D,
        "A listen request has already been completed",
    ),
    jr(
        "JRTcpNotActive",
        0x0296,
        "No AF_INET socket provider is active",
    ),
    jr(
        "JRSocketTypeNotSupported",
        0x029C,
        "The requested socket type is not supported",
    ),
    jr(
        "JRPrevSockError",
        0x0381,
        "A previous error caused this socket to become unusable",
    ),
    jr(
        "JRAuthCaller",
        0x03AC,
        "The caller of this service is authorized. Authorized callers are not permitted to load or call unauthorized programs or programs residing in a file system mounted with the NOSETUID parameter",
    ),
    jr(
        "JRSingleTDReqd",
        0x03AD,
        "The Common Inet Sockets ioctl command requires that a single transport driver be connected to the socket",
    ),
    jr("JRPrevBound", 0x03E6, "The requested port number is in use"),
];

/// The z/OS UNIX errno with this number.
pub fn unix_errno(value: u32) -> Option<&'static UnixErrno> {
    UNIX_ERRNOS.iter().find(|e| e.value == value)
}

/// The z/OS UNIX errno with this name (case-insensitive).
pub fn unix_errno_named(name: &str) -> Option<&'static UnixErrno> {
    UNIX_ERRNOS
        .iter()
        .find(|e| e.name.eq_ignore_ascii_case(name))
}

/// The TCPERRNO entry for a number. IBM's table lists some numbers under several names; the
/// one returned applies to all APIs and has no other number (1 is EPERM, not EDOM, which is
/// also 33), else the first.
pub fn tcp_errno(value: u32) -> Option<&'static TcpErrno> {
    let entries = || TCP_ERRNOS.iter().filter(move |e| e.value == value);
    let general = |e: &&TcpErrno| e.api.is_empty() && !e.name.starts_with("EAI_");
    let unique = |e: &&TcpErrno| {
        TCP_ERRNOS
            .iter()
            .all(|o| o.name != e.name || o.value == value)
    };
    entries()
        .find(|e| general(e) && unique(e))
        .or_else(|| entries().find(general))
        .or_else(|| entries().next())
}

/// The TCPERRNO entry with this name (case-insensitive): the general one, not a call-specific
/// repeat.
pub fn tcp_errno_named(name: &str) -> Option<&'static TcpErrno> {
    let mut entries = TCP_ERRNOS
        .iter()
        .filter(|e| e.name.eq_ignore_ascii_case(name));
    let first = entries.next()?;
    Some(
        std::iter::once(first)
            .chain(entries)
            .find(|e| e.api.is_empty())
            .unwrap_or(first),
    )
}

/// The JR code with this value.
pub fn jr_code(value: u16) -> Option<&'static JrCode> {
    JR_CODES.iter().find(|j| j.value == value)
}

/// The JR code with this name (case-insensitive).
pub fn jr_code_named(name: &str) -> Option<&'static JrCode> {
    JR_CODES.iter().find(|j| j.name.eq_ignore_ascii_case(name))
}

/// A z/OS UNIX reason code, `ccccrrrr`: a qualifier halfword and a reason halfword
/// (`confirmed`, B7).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ReasonCode(pub u32);

/// The qualifier trustplex puts in its reason codes. IBM's kernel qualifiers name internal
/// modules and are not documented for use, so any fixed value will do (`inferred`, B7); this
/// one is ours (`reconstructed`): X'7C' `@`, X'E3' `T` in EBCDIC.
pub const TRUSTPLEX_QUALIFIER: u16 = 0x7CE3;

impl ReasonCode {
    /// A reason code with the emulator's qualifier.
    pub const fn new(jr: u16) -> ReasonCode {
        ReasonCode(((TRUSTPLEX_QUALIFIER as u32) << 16) | jr as u32)
    }

    pub const fn qualifier(self) -> u16 {
        (self.0 >> 16) as u16
    }

    pub const fn reason(self) -> u16 {
        self.0 as u16
    }

    /// Parses 8 hex digits (an optional `X'...'` or `0x` around them is accepted).
    pub fn parse(text: &str) -> Option<ReasonCode> {
        let t = text.trim();
        let t = t
            .strip_prefix("X'")
            .or_else(|| t.strip_prefix("x'"))
            .and_then(|s| s.strip_suffix('\''))
            .or_else(|| t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")))
            .unwrap_or(t);
        (t.len() == 8 && t.chars().all(|c| c.is_ascii_hexdigit()))
            .then(|| u32::from_str_radix(t, 16).ok())
            .flatten()
            .map(ReasonCode)
    }

    /// The explanation BPXMTEXT would give: `JRName: text`, for a kernel reason code.
    /// Qualifiers X'EFxx' (zFS), X'7xxx' (TCP/IP) and X'Cxxx' (C/C++ run time) belong to other
    /// components (`confirmed`, B7); except for the emulator's own, their reasons are not in
    /// this table.
    pub fn explain(self) -> String {
        let owner = match self.qualifier() {
            TRUSTPLEX_QUALIFIER => None,
            0xEF00..=0xEFFF => Some("zFS"),
            0x7000..=0x7FFF => Some("TCP/IP"),
            0xC000..=0xCFFF => Some("the C/C++ run-time library"),
            _ => None,
        };
        match (jr_code(self.reason()), owner) {
            (Some(j), None) => format!("{}: {}", j.name, j.text),
            (_, Some(owner)) => format!(
                "Reason code {:08X} has qualifier X'{:04X}', which belongs to {owner}; its reason X'{:04X}' is not a z/OS UNIX JR code.",
                self.0,
                self.qualifier(),
                self.reason()
            ),
            (None, None) => format!(
                "No text is available for reason code X'{:04X}' (reason code {:08X}).",
                self.reason(),
                self.0
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_two_worlds_stay_apart() {
        assert_eq!(unix_errno_named("EINVAL").map(|e| e.value), Some(121));
        assert_eq!(tcp_errno_named("EINVAL").map(|e| e.value), Some(22));
        assert_eq!(unix_errno_named("EACCES").map(|e| e.value), Some(111));
        assert_eq!(tcp_errno_named("EACCES").map(|e| e.value), Some(13));
        assert_eq!(unix_errno_named("ETIME").map(|e| e.value), Some(1137));
        assert_eq!(tcp_errno_named("ETIME").map(|e| e.value), Some(73));
        assert_eq!(
            unix_errno_named("ENOPARTNERINFO").map(|e| e.value),
            Some(1162)
        );
        assert_eq!(
            tcp_errno_named("ENOPARTNERINFO").map(|e| e.value),
            Some(1162)
        );
        assert_eq!(unix_errno_named("EWOULDBLOCK").map(|e| e.value), Some(1102));
        assert_eq!(tcp_errno_named("EWOULDBLOCK").map(|e| e.value), Some(35));
    }

    #[test]
    fn tcp_numbers_pick_the_general_name() {
        assert_eq!(tcp_errno(1).map(|e| e.name), Some("EPERM"));
        assert_eq!(tcp_errno(9).map(|e| e.name), Some("EBADF"));
        assert_eq!(tcp_errno(2009).map(|e| e.text), Some("Socket not defined"));
        assert_eq!(tcp_errno(1112).map(|e| e.name), Some("ECANCEL"));
    }

    #[test]
    fn message_ids_follow_the_rule() {
        for e in UNIX_ERRNOS {
            if let Some(id) = e.msgid {
                let n = if e.value < 1000 {
                    e.value
                } else {
                    e.value - 1000
                };
                let prefix = if e.value < 1000 { "EDC5" } else { "EDC8" };
                assert!(
                    id.starts_with(&format!("{prefix}{n:03}")),
                    "{} {id}",
                    e.name
                );
            }
        }
    }

    #[test]
    fn tables_have_no_duplicates() {
        let mut seen = std::collections::HashSet::new();
        for e in UNIX_ERRNOS {
            assert!(seen.insert(e.name), "{} twice", e.name);
        }
        let mut seen = std::collections::HashSet::new();
        for j in JR_CODES {
            assert!(seen.insert(j.value), "{} twice", j.name);
        }
        let mut seen = std::collections::HashSet::new();
        for t in TCP_ERRNOS {
            assert!(
                seen.insert((t.value, t.name, t.api)),
                "{} {} twice",
                t.value,
                t.name
            );
        }
    }

    #[test]
    fn reason_codes() {
        let r = ReasonCode::parse("0B1B03AC").unwrap();
        assert_eq!((r.qualifier(), r.reason()), (0x0B1B, 0x03AC));
        assert!(r.explain().starts_with("JRAuthCaller: "));
        assert_eq!(
            ReasonCode::parse("X'7CE3012E'"),
            Some(ReasonCode::new(0x012E))
        );
        assert!(ReasonCode::parse("12345").is_none());
        assert!(ReasonCode(0xEF01_0001).explain().contains("zFS"));
    }
}
