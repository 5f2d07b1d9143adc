//! The NMI TCP connection entry (`nwmConnEntry`, GetConnectionDetail), 424 bytes, as the
//! callable NMI returns it: IBM names the callable NMI EZBNMIFR (`confirmed`, "TCP/IP
//! callable NMI (EZBNMIFR)"); EZBNMIF4 is its 64-bit entry (`third-party`, golang/sys),
//! with TcpClusterConnFlag at X'C6' and TcpTrustedPartner at X'14C' (`docs/reference/trusted-tcp.md` §6).
//!
//! Field order and sizes are `third-party` (golang/sys `nwmConnEntry`, S3); the offsets are
//! `inferred` by adding them up (every field is naturally aligned or a byte array, so nothing is
//! padded). The names are S3's behind an `NWMConn` prefix (`reconstructed`: IBM's EZBNMIFC names
//! are not in the reference).

use arbitrary::{Arbitrary, Unstructured};
use binrw::{BinRead, BinWrite};
use bitflags::bitflags;

use super::binrw_area;
use super::sockaddr::{AF_INET, AF_INET6, SockaddrIn, SockaddrIn6};
use super::{
    Area, Const, Field, Layout, Named, Prov, Ty, Why, ensure, named, read_bytes, write_bytes,
};
use crate::codepage::CodePage;

use Prov::{Confirmed, Inferred, Reconstructed, ThirdParty};

/// The eye-catcher, EBCDIC `NWMC` = X'D5E6D4C3' (`third-party`, S3).
pub const NWMC_IDENT: [u8; 4] = CodePage::Ibm1047.encode_ascii_const("NWMC");

bitflags! {
    /// TcpClusterConnFlag (`confirmed`, seed): X'80' requested, low bits the routing.
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
    pub struct ClusterConnFlag: u8 {
        /// SO_CLUSTERCONNTYPE or SIOCGPARTNERINFO was issued on the connection.
        const REQUESTED = 0x80;
        const INTERNAL = 0x08;
        const SAME_IMAGE = 0x04;
        const SAME_CLUSTER = 0x02;
        const NONE = 0x01;
    }
}

bitflags! {
    /// TcpTrustedPartner (`reconstructed` bit positions, `docs/reference/partnerinfo.md`; seed example E0).
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
    pub struct TrustedPartner: u8 {
        /// The partner's user ID was retrieved.
        const USERID = 0x80;
        /// The partner's UTOKEN was retrieved.
        const UTOKEN = 0x40;
        /// SIOCSPARTNERINFO was issued on the socket or inherited from its listener.
        const SET_ISSUED = 0x20;
    }
}

const CLUSTER_BITS: &[Named] = &[
    named(0x80, "REQUESTED", Confirmed),
    named(0x08, "INTERNAL", Confirmed),
    named(0x04, "SAME_IMAGE", Confirmed),
    named(0x02, "SAME_CLUSTER", Confirmed),
    named(0x01, "NONE", Confirmed),
];

const TRUSTED_BITS: &[Named] = &[
    named(0x80, "USERID", Reconstructed),
    named(0x40, "UTOKEN", Reconstructed),
    named(0x20, "SIOCSPARTNERINFO", Reconstructed),
];

/// TCP states in NWMConnState (`third-party`, S3).
pub const STATES: &[Named] = &[
    named(1, "Closed", ThirdParty),
    named(2, "Listen", ThirdParty),
    named(3, "SynSent", ThirdParty),
    named(4, "SynRcvd", ThirdParty),
    named(5, "Estab", ThirdParty),
    named(6, "FinWait1", ThirdParty),
    named(7, "FinWait2", ThirdParty),
    named(8, "ClosWait", ThirdParty),
    named(9, "LastAck", ThirdParty),
    named(10, "Closing", ThirdParty),
    named(11, "TimeWait", ThirdParty),
    named(12, "DeletTCB", ThirdParty),
];

/// The connection entry's field table.
pub static LAYOUT: &Layout = &Layout {
    area: "nmi-conn",
    title: "NMI TCP connection entry",
    member: "TPXNMICN",
    struct_name: "NWMConnEntry",
    size: 424,
    lengths: &[424],
    prov: ThirdParty,
    source: "docs/reference/trusted-tcp.md section 6, golang/sys nwmConnEntry",
    fields: &[
        Field::new(
            "NWMConnIdent",
            0,
            4,
            Ty::Char,
            (Inferred, Reconstructed),
            "eye-catcher, EBCDIC NWMC",
        ),
        Field::new(
            "NWMConnLocal",
            4,
            28,
            Ty::SockAddr,
            (Inferred, Reconstructed),
            "local socket address (sockaddr_in or sockaddr_in6)",
        ),
        Field::new(
            "NWMConnRemote",
            32,
            28,
            Ty::SockAddr,
            (Inferred, Reconstructed),
            "remote socket address",
        ),
        Field::new(
            "NWMConnStartTime",
            60,
            8,
            Ty::Uint,
            (Inferred, Reconstructed),
            "connection start, TOD clock",
        ),
        Field::new(
            "NWMConnLastActivity",
            68,
            8,
            Ty::Uint,
            (Inferred, Reconstructed),
            "last activity, TOD clock",
        ),
        Field::new(
            "NWMConnBytesIn",
            76,
            8,
            Ty::Uint,
            (Inferred, Reconstructed),
            "bytes received",
        ),
        Field::new(
            "NWMConnBytesOut",
            84,
            8,
            Ty::Uint,
            (Inferred, Reconstructed),
            "bytes sent",
        ),
        Field::new(
            "NWMConnInSegs",
            92,
            8,
            Ty::Uint,
            (Inferred, Reconstructed),
            "segments received",
        ),
        Field::new(
            "NWMConnOutSegs",
            100,
            8,
            Ty::Uint,
            (Inferred, Reconstructed),
            "segments sent",
        ),
        Field::new(
            "NWMConnState",
            108,
            2,
            Ty::Code(STATES),
            (Inferred, Reconstructed),
            "TCP state",
        ),
        Field::new(
            "NWMConnActiveOpen",
            110,
            1,
            Ty::Uint,
            (Inferred, Reconstructed),
            "1 = this end connected (client)",
        ),
        Field::new(
            "NWMConnFlag01",
            111,
            1,
            Ty::Hex,
            (Inferred, Reconstructed),
            "flags",
        ),
        Field::new(
            "NWMConnOutBuffered",
            112,
            4,
            Ty::Uint,
            (Inferred, Reconstructed),
            "bytes waiting to be sent",
        ),
        Field::new(
            "NWMConnInBuffered",
            116,
            4,
            Ty::Uint,
            (Inferred, Reconstructed),
            "bytes waiting to be read",
        ),
        Field::new(
            "NWMConnMaxSndWnd",
            120,
            4,
            Ty::Uint,
            (Inferred, Reconstructed),
            "largest send window",
        ),
        Field::new(
            "NWMConnReXmtCount",
            124,
            4,
            Ty::Uint,
            (Inferred, Reconstructed),
            "retransmissions",
        ),
        Field::new(
            "NWMConnCongestionWnd",
            128,
            4,
            Ty::Uint,
            (Inferred, Reconstructed),
            "congestion window",
        ),
        Field::new(
            "NWMConnSsThresh",
            132,
            4,
            Ty::Uint,
            (Inferred, Reconstructed),
            "slow-start threshold",
        ),
        Field::new(
            "NWMConnRoundTripTime",
            136,
            4,
            Ty::Uint,
            (Inferred, Reconstructed),
            "smoothed round-trip time",
        ),
        Field::new(
            "NWMConnRoundTripVar",
            140,
            4,
            Ty::Uint,
            (Inferred, Reconstructed),
            "round-trip variance",
        ),
        Field::new(
            "NWMConnSendMSS",
            144,
            4,
            Ty::Uint,
            (Inferred, Reconstructed),
            "send maximum segment size",
        ),
        Field::new(
            "NWMConnSndWnd",
            148,
            4,
            Ty::Uint,
            (Inferred, Reconstructed),
            "send window",
        ),
        Field::new(
            "NWMConnRcvBufSize",
            152,
            4,
            Ty::Uint,
            (Inferred, Reconstructed),
            "receive buffer size",
        ),
        Field::new(
            "NWMConnSndBufSize",
            156,
            4,
            Ty::Uint,
            (Inferred, Reconstructed),
            "send buffer size",
        ),
        Field::new(
            "NWMConnOutOfOrderCount",
            160,
            4,
            Ty::Uint,
            (Inferred, Reconstructed),
            "segments received out of order",
        ),
        Field::new(
            "NWMConnLcl0WindowCount",
            164,
            4,
            Ty::Uint,
            (Inferred, Reconstructed),
            "local zero windows",
        ),
        Field::new(
            "NWMConnRmt0WindowCount",
            168,
            4,
            Ty::Uint,
            (Inferred, Reconstructed),
            "remote zero windows",
        ),
        Field::new(
            "NWMConnDupacks",
            172,
            4,
            Ty::Uint,
            (Inferred, Reconstructed),
            "duplicate ACKs",
        ),
        Field::new(
            "NWMConnFlag02",
            176,
            1,
            Ty::Hex,
            (Inferred, Reconstructed),
            "flags",
        ),
        Field::new(
            "NWMConnSockOpt6Cont",
            177,
            1,
            Ty::Hex,
            (Inferred, Reconstructed),
            "socket options, continued",
        ),
        Field::new(
            "NWMConnAsid",
            178,
            2,
            Ty::Uint,
            (Inferred, Reconstructed),
            "owner's address-space ID",
        ),
        Field::new(
            "NWMConnResourceName",
            180,
            8,
            Ty::Char,
            (Inferred, Reconstructed),
            "owner's job name (Netstat Client Name)",
        ),
        Field::new(
            "NWMConnResourceId",
            188,
            4,
            Ty::Uint,
            (Inferred, Reconstructed),
            "connection ID (Netstat Client ID)",
        ),
        Field::new(
            "NWMConnSubtask",
            192,
            4,
            Ty::Hex,
            (Inferred, Reconstructed),
            "owner's TCB address",
        ),
        Field::new(
            "NWMConnSockOpt",
            196,
            1,
            Ty::Hex,
            (Inferred, Reconstructed),
            "socket options",
        ),
        Field::new(
            "NWMConnSockOpt6",
            197,
            1,
            Ty::Hex,
            (Inferred, Reconstructed),
            "IPv6 socket options",
        ),
        Field::new(
            "NWMConnClusterConnFlag",
            198,
            1,
            Ty::Flags(CLUSTER_BITS),
            (Inferred, Reconstructed),
            "Netstat TcpClusterConnFlag",
        ),
        Field::new(
            "NWMConnProto",
            199,
            1,
            Ty::Uint,
            (Inferred, Reconstructed),
            "protocol",
        ),
        Field::new(
            "NWMConnTargetAppl",
            200,
            8,
            Ty::Char,
            (Inferred, Reconstructed),
            "TN3270 target application",
        ),
        Field::new(
            "NWMConnLuName",
            208,
            8,
            Ty::Char,
            (Inferred, Reconstructed),
            "TN3270 LU name",
        ),
        Field::new(
            "NWMConnClientUserId",
            216,
            8,
            Ty::Char,
            (Inferred, Reconstructed),
            "client user ID",
        ),
        Field::new(
            "NWMConnLogMode",
            224,
            8,
            Ty::Char,
            (Inferred, Reconstructed),
            "TN3270 log mode",
        ),
        Field::new(
            "NWMConnTimeStamp",
            232,
            4,
            Ty::Uint,
            (Inferred, Reconstructed),
            "time stamp",
        ),
        Field::new(
            "NWMConnTimeStampAge",
            236,
            4,
            Ty::Uint,
            (Inferred, Reconstructed),
            "time stamp age",
        ),
        Field::new(
            "NWMConnServerResourceId",
            240,
            4,
            Ty::Uint,
            (Inferred, Reconstructed),
            "listener's connection ID",
        ),
        Field::new(
            "NWMConnIntfName",
            244,
            16,
            Ty::Char,
            (Inferred, Reconstructed),
            "interface name",
        ),
        Field::new(
            "NWMConnTtlsStatPol",
            260,
            1,
            Ty::Uint,
            (Inferred, Reconstructed),
            "AT-TLS policy status",
        ),
        Field::new(
            "NWMConnTtlsStatConn",
            261,
            1,
            Ty::Uint,
            (Inferred, Reconstructed),
            "AT-TLS connection status",
        ),
        Field::new(
            "NWMConnTtlsSSLProt",
            262,
            2,
            Ty::Hex,
            (Inferred, Reconstructed),
            "AT-TLS protocol",
        ),
        Field::new(
            "NWMConnTtlsNegCiph",
            264,
            2,
            Ty::Hex,
            (Inferred, Reconstructed),
            "AT-TLS negotiated cipher",
        ),
        Field::new(
            "NWMConnTtlsSecType",
            266,
            1,
            Ty::Uint,
            (Inferred, Reconstructed),
            "AT-TLS security type",
        ),
        Field::new(
            "NWMConnTtlsFIPS140Mode",
            267,
            1,
            Ty::Uint,
            (Inferred, Reconstructed),
            "AT-TLS FIPS 140 mode",
        ),
        Field::new(
            "NWMConnTtlsUserID",
            268,
            8,
            Ty::Char,
            (Inferred, Reconstructed),
            "AT-TLS user ID",
        ),
        Field::new(
            "NWMConnApplData",
            276,
            40,
            Ty::Char,
            (Inferred, Reconstructed),
            "application data (SIOCSAPPLDATA)",
        ),
        Field::new(
            "NWMConnInOldestTime",
            316,
            8,
            Ty::Uint,
            (Inferred, Reconstructed),
            "oldest unread data, TOD clock",
        ),
        Field::new(
            "NWMConnOutOldestTime",
            324,
            8,
            Ty::Uint,
            (Inferred, Reconstructed),
            "oldest unsent data, TOD clock",
        ),
        Field::new(
            "NWMConnTrustedPartner",
            332,
            1,
            Ty::Flags(TRUSTED_BITS),
            (Inferred, Reconstructed),
            "Netstat TcpTrustedPartner",
        ),
        Field::new(
            "NWMConnRsv1",
            333,
            3,
            Ty::Hex,
            (Inferred, Reconstructed),
            "reserved",
        ),
        Field::new(
            "NWMConnBulkDataIntfName",
            336,
            16,
            Ty::Char,
            (Inferred, Reconstructed),
            "bulk-data interface name",
        ),
        Field::new(
            "NWMConnTtlsNegCiph4",
            352,
            4,
            Ty::Hex,
            (Inferred, Reconstructed),
            "AT-TLS negotiated cipher, 4-byte",
        ),
        Field::new(
            "NWMConnSmcReason",
            356,
            4,
            Ty::Hex,
            (Inferred, Reconstructed),
            "SMC reason code",
        ),
        Field::new(
            "NWMConnLclSMCLinkId",
            360,
            4,
            Ty::Uint,
            (Inferred, Reconstructed),
            "local SMC link ID",
        ),
        Field::new(
            "NWMConnRmtSMCLinkId",
            364,
            4,
            Ty::Uint,
            (Inferred, Reconstructed),
            "remote SMC link ID",
        ),
        Field::new(
            "NWMConnSmcStatus",
            368,
            1,
            Ty::Hex,
            (Inferred, Reconstructed),
            "SMC status",
        ),
        Field::new(
            "NWMConnSmcFlags",
            369,
            1,
            Ty::Hex,
            (Inferred, Reconstructed),
            "SMC flags",
        ),
        Field::new(
            "NWMConnRsv2",
            370,
            2,
            Ty::Hex,
            (Inferred, Reconstructed),
            "reserved",
        ),
        Field::new(
            "NWMConnRcvWnd",
            372,
            4,
            Ty::Uint,
            (Inferred, Reconstructed),
            "receive window",
        ),
        Field::new(
            "NWMConnLclSMCBufSz",
            376,
            4,
            Ty::Uint,
            (Inferred, Reconstructed),
            "local SMC buffer size",
        ),
        Field::new(
            "NWMConnRmtSMCBufSz",
            380,
            4,
            Ty::Uint,
            (Inferred, Reconstructed),
            "remote SMC buffer size",
        ),
        Field::new(
            "NWMConnTtlsSessID",
            384,
            32,
            Ty::Hex,
            (Inferred, Reconstructed),
            "AT-TLS session ID",
        ),
        Field::new(
            "NWMConnTtlsSessIDLen",
            416,
            2,
            Ty::Int,
            (Inferred, Reconstructed),
            "AT-TLS session ID length",
        ),
        Field::new(
            "NWMConnRsv3",
            418,
            1,
            Ty::Hex,
            (Inferred, Reconstructed),
            "reserved",
        ),
        Field::new(
            "NWMConnSmcDStatus",
            419,
            1,
            Ty::Hex,
            (Inferred, Reconstructed),
            "SMC-D status",
        ),
        Field::new(
            "NWMConnSmcDReason",
            420,
            4,
            Ty::Hex,
            (Inferred, Reconstructed),
            "SMC-D reason code",
        ),
    ],
    consts: &[
        Const {
            name: "NWMCONN_IDENT",
            value: 0xD5E6_D4C3,
            len: 4,
            prov: ThirdParty,
            doc: "EBCDIC NWMC",
        },
        Const {
            name: "NWMCONN_CLUSTER_REQUESTED",
            value: 0x80,
            len: 1,
            // The seed gives X'80' for Netstat's TcpClusterConnFlag; for this NMI field it is
            // the same flag by analogy.
            prov: Inferred,
            doc: "TcpClusterConnFlag",
        },
        Const {
            name: "NWMCONN_TRUSTED_USERID",
            value: 0x80,
            len: 1,
            prov: Reconstructed,
            doc: "TcpTrustedPartner",
        },
        Const {
            name: "NWMCONN_TRUSTED_UTOKEN",
            value: 0x40,
            len: 1,
            prov: Reconstructed,
            doc: "TcpTrustedPartner",
        },
        Const {
            name: "NWMCONN_TRUSTED_SETISSUED",
            value: 0x20,
            len: 1,
            prov: Reconstructed,
            doc: "TcpTrustedPartner",
        },
    ],
};

/// A union is all zeros (no address), a sockaddr_in followed by zeros, or a sockaddr_in6.
fn check_sockaddr(b: [u8; 28]) -> Result<[u8; 28], Why> {
    match b[1] {
        _ if b == [0; 28] => Ok(b),
        AF_INET => SockaddrIn::parse(&b[..16])
            .map_err(|e| Why(e.to_string()))
            .and_then(|_| match b[16..].iter().all(|&x| x == 0) {
                true => Ok(b),
                false => Err(Why("bytes after the sockaddr_in are not zero".into())),
            }),
        AF_INET6 => SockaddrIn6::parse(&b)
            .map(|_| b)
            .map_err(|e| Why(e.to_string())),
        family => Err(Why(format!(
            "family {family} is neither AF_INET (2) nor AF_INET6 (19)"
        ))),
    }
}

fn arbitrary_sockaddr(u: &mut Unstructured<'_>) -> arbitrary::Result<[u8; 28]> {
    let mut b = [0u8; 28];
    match u.int_in_range(0..=2)? {
        0 => {}
        1 => b[..16].copy_from_slice(&SockaddrIn::arbitrary(u)?.to_bytes()),
        _ => b.copy_from_slice(&SockaddrIn6::arbitrary(u)?.to_bytes()),
    }
    Ok(b)
}

/// One TCP connection as the NMI reports it.
#[derive(BinRead, BinWrite, Arbitrary, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[brw(big)]
pub struct NwmConnEntry {
    /// +0 (X'000') eye-catcher, EBCDIC NWMC.
    #[br(parse_with = read_bytes, try_map = |ident: [u8; 4]| ensure(ident, ident == NWMC_IDENT, || "the eye-catcher is not EBCDIC NWMC".into()))]
    #[arbitrary(value = NWMC_IDENT)]
    #[bw(write_with = write_bytes)]
    pub ident: [u8; 4],
    /// +4 (X'004') local socket address (sockaddr_in or sockaddr_in6).
    #[br(parse_with = read_bytes, try_map = |b: [u8; 28]| check_sockaddr(b))]
    #[arbitrary(with = arbitrary_sockaddr)]
    #[bw(write_with = write_bytes)]
    pub local: [u8; 28],
    /// +32 (X'020') remote socket address.
    #[br(parse_with = read_bytes, try_map = |b: [u8; 28]| check_sockaddr(b))]
    #[arbitrary(with = arbitrary_sockaddr)]
    #[bw(write_with = write_bytes)]
    pub remote: [u8; 28],
    /// +60 (X'03C') connection start, TOD clock.
    pub start_time: u64,
    /// +68 (X'044') last activity, TOD clock.
    pub last_activity: u64,
    /// +76 (X'04C') bytes received.
    pub bytes_in: u64,
    /// +84 (X'054') bytes sent.
    pub bytes_out: u64,
    /// +92 (X'05C') segments received.
    pub in_segs: u64,
    /// +100 (X'064') segments sent.
    pub out_segs: u64,
    /// +108 (X'06C') TCP state.
    #[br(try_map = |state: u16| ensure(state, (1..=12).contains(&state), || format!("{state} is not a TCP state (1-12)")))]
    #[arbitrary(with = |u: &mut Unstructured| u.int_in_range(1..=12))]
    pub state: u16,
    /// +110 (X'06E') 1 = this end connected (client).
    pub active_open: u8,
    /// +111 (X'06F') flags.
    pub flag01: u8,
    /// +112 (X'070') bytes waiting to be sent.
    pub out_buffered: u32,
    /// +116 (X'074') bytes waiting to be read.
    pub in_buffered: u32,
    /// +120 (X'078') largest send window.
    pub max_snd_wnd: u32,
    /// +124 (X'07C') retransmissions.
    pub re_xmt_count: u32,
    /// +128 (X'080') congestion window.
    pub congestion_wnd: u32,
    /// +132 (X'084') slow-start threshold.
    pub ss_thresh: u32,
    /// +136 (X'088') smoothed round-trip time.
    pub round_trip_time: u32,
    /// +140 (X'08C') round-trip variance.
    pub round_trip_var: u32,
    /// +144 (X'090') send maximum segment size.
    pub send_mss: u32,
    /// +148 (X'094') send window.
    pub snd_wnd: u32,
    /// +152 (X'098') receive buffer size.
    pub rcv_buf_size: u32,
    /// +156 (X'09C') send buffer size.
    pub snd_buf_size: u32,
    /// +160 (X'0A0') segments received out of order.
    pub out_of_order_count: u32,
    /// +164 (X'0A4') local zero windows.
    pub lcl0_window_count: u32,
    /// +168 (X'0A8') remote zero windows.
    pub rmt0_window_count: u32,
    /// +172 (X'0AC') duplicate ACKs.
    pub dupacks: u32,
    /// +176 (X'0B0') flags.
    pub flag02: u8,
    /// +177 (X'0B1') socket options, continued.
    pub sock_opt6_cont: u8,
    /// +178 (X'0B2') owner's address-space ID.
    pub asid: u16,
    /// +180 (X'0B4') owner's job name (Netstat Client Name).
    #[br(parse_with = read_bytes)]
    #[bw(write_with = write_bytes)]
    pub resource_name: [u8; 8],
    /// +188 (X'0BC') connection ID (Netstat Client ID).
    pub resource_id: u32,
    /// +192 (X'0C0') owner's TCB address.
    pub subtask: u32,
    /// +196 (X'0C4') socket options.
    pub sock_opt: u8,
    /// +197 (X'0C5') IPv6 socket options.
    pub sock_opt6: u8,
    /// +198 (X'0C6') Netstat TcpClusterConnFlag.
    #[br(try_map = |f: u8| ensure(f, f & 0x70 == 0, || format!("X'{f:02X}' has bits X'70' set, which are not defined")))]
    #[arbitrary(with = |u: &mut Unstructured| Ok(u8::arbitrary(u)? & 0x8F))]
    pub cluster_conn_flag: u8,
    /// +199 (X'0C7') protocol.
    pub proto: u8,
    /// +200 (X'0C8') TN3270 target application.
    #[br(parse_with = read_bytes)]
    #[bw(write_with = write_bytes)]
    pub target_appl: [u8; 8],
    /// +208 (X'0D0') TN3270 LU name.
    #[br(parse_with = read_bytes)]
    #[bw(write_with = write_bytes)]
    pub lu_name: [u8; 8],
    /// +216 (X'0D8') client user ID.
    #[br(parse_with = read_bytes)]
    #[bw(write_with = write_bytes)]
    pub client_user_id: [u8; 8],
    /// +224 (X'0E0') TN3270 log mode.
    #[br(parse_with = read_bytes)]
    #[bw(write_with = write_bytes)]
    pub log_mode: [u8; 8],
    /// +232 (X'0E8') time stamp.
    pub time_stamp: u32,
    /// +236 (X'0EC') time stamp age.
    pub time_stamp_age: u32,
    /// +240 (X'0F0') listener's connection ID.
    pub server_resource_id: u32,
    /// +244 (X'0F4') interface name.
    #[br(parse_with = read_bytes)]
    #[bw(write_with = write_bytes)]
    pub intf_name: [u8; 16],
    /// +260 (X'104') AT-TLS policy status.
    pub ttls_stat_pol: u8,
    /// +261 (X'105') AT-TLS connection status.
    pub ttls_stat_conn: u8,
    /// +262 (X'106') AT-TLS protocol.
    pub ttls_ssl_prot: u16,
    /// +264 (X'108') AT-TLS negotiated cipher.
    pub ttls_neg_ciph: u16,
    /// +266 (X'10A') AT-TLS security type.
    pub ttls_sec_type: u8,
    /// +267 (X'10B') AT-TLS FIPS 140 mode.
    pub ttls_fips140_mode: u8,
    /// +268 (X'10C') AT-TLS user ID.
    #[br(parse_with = read_bytes)]
    #[bw(write_with = write_bytes)]
    pub ttls_user_id: [u8; 8],
    /// +276 (X'114') application data (SIOCSAPPLDATA).
    #[br(parse_with = read_bytes)]
    #[bw(write_with = write_bytes)]
    pub appl_data: [u8; 40],
    /// +316 (X'13C') oldest unread data, TOD clock.
    pub in_oldest_time: u64,
    /// +324 (X'144') oldest unsent data, TOD clock.
    pub out_oldest_time: u64,
    /// +332 (X'14C') Netstat TcpTrustedPartner.
    #[br(try_map = |f: u8| ensure(f, f & 0x1F == 0, || format!("X'{f:02X}' has bits X'1F' set, which are not defined")))]
    #[arbitrary(with = |u: &mut Unstructured| Ok(u8::arbitrary(u)? & 0xE0))]
    pub trusted_partner: u8,
    /// +333 (X'14D') reserved.
    #[br(parse_with = read_bytes)]
    #[bw(write_with = write_bytes)]
    pub rsv1: [u8; 3],
    /// +336 (X'150') bulk-data interface name.
    #[br(parse_with = read_bytes)]
    #[bw(write_with = write_bytes)]
    pub bulk_data_intf_name: [u8; 16],
    /// +352 (X'160') AT-TLS negotiated cipher, 4-byte.
    pub ttls_neg_ciph4: u32,
    /// +356 (X'164') SMC reason code.
    pub smc_reason: u32,
    /// +360 (X'168') local SMC link ID.
    pub lcl_smc_link_id: u32,
    /// +364 (X'16C') remote SMC link ID.
    pub rmt_smc_link_id: u32,
    /// +368 (X'170') SMC status.
    pub smc_status: u8,
    /// +369 (X'171') SMC flags.
    pub smc_flags: u8,
    /// +370 (X'172') reserved.
    #[br(parse_with = read_bytes)]
    #[bw(write_with = write_bytes)]
    pub rsv2: [u8; 2],
    /// +372 (X'174') receive window.
    pub rcv_wnd: u32,
    /// +376 (X'178') local SMC buffer size.
    pub lcl_smc_buf_sz: u32,
    /// +380 (X'17C') remote SMC buffer size.
    pub rmt_smc_buf_sz: u32,
    /// +384 (X'180') AT-TLS session ID.
    #[br(parse_with = read_bytes)]
    #[bw(write_with = write_bytes)]
    pub ttls_sess_id: [u8; 32],
    /// +416 (X'1A0') AT-TLS session ID length.
    pub ttls_sess_id_len: i16,
    /// +418 (X'1A2') reserved.
    pub rsv3: u8,
    /// +419 (X'1A3') SMC-D status.
    pub smc_d_status: u8,
    /// +420 (X'1A4') SMC-D reason code.
    pub smc_d_reason: u32,
}

impl NwmConnEntry {
    /// An entry with the eye-catcher set and everything else zero, state Closed.
    #[allow(clippy::new_without_default)]
    pub fn new() -> NwmConnEntry {
        let mut template = [0u8; 424];
        template[..4].copy_from_slice(&NWMC_IDENT);
        template[109] = 1; // Closed
        // The template is a valid entry by construction, not input, so this cannot fail.
        NwmConnEntry::parse(&template).expect("the empty entry is valid")
    }

    /// TcpClusterConnFlag as flags.
    pub fn cluster_conn_flag(&self) -> ClusterConnFlag {
        ClusterConnFlag::from_bits_retain(self.cluster_conn_flag)
    }

    /// TcpTrustedPartner as flags.
    pub fn trusted_partner(&self) -> TrustedPartner {
        TrustedPartner::from_bits_retain(self.trusted_partner)
    }
}

binrw_area!(NwmConnEntry, LAYOUT);

/// `TcpClusterConnFlag: hh  TcpTrustedPartner: hh` for the decode header line.
pub fn summary(bytes: &[u8]) -> Option<String> {
    let e = NwmConnEntry::parse(bytes).ok()?;
    Some(format!(
        "TcpClusterConnFlag: {:02X}  TcpTrustedPartner: {:02X}",
        e.cluster_conn_flag, e.trusted_partner
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::areas::Area;
    use crate::areas::testutil::{assert_tiles, for_arbitrary};

    #[test]
    fn layout_tiles_and_flags_sit_where_netstat_expects() {
        assert_tiles(LAYOUT);
        assert_eq!(
            LAYOUT.field("NWMConnClusterConnFlag").map(|f| f.offset),
            Some(0xC6)
        );
        assert_eq!(
            LAYOUT.field("NWMConnTrustedPartner").map(|f| f.offset),
            Some(0x14C)
        );
        assert_eq!(u32::from_be_bytes(NWMC_IDENT), 0xD5E6_D4C3);
    }

    #[test]
    fn arbitrary_round_trips() {
        for_arbitrary(500, |e: NwmConnEntry| {
            let b = e.to_bytes();
            assert_eq!(b.len(), 424);
            assert_eq!(
                (b[0xC6], b[0x14C]),
                (e.cluster_conn_flag, e.trusted_partner)
            );
            assert_eq!(NwmConnEntry::parse(&b), Ok(e));
        });
    }
}
