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

use super::sockaddr::{AF_INET, AF_INET6, SockaddrIn, SockaddrIn6};
use super::{Area, Const, Prov, area, bytes_at, constants, flags, named};
use crate::codepage::CodePage;

/// The eye-catcher, EBCDIC `NWMC` = X'D5E6D4C3' (`third-party`, S3).
pub const NWMC_IDENT: [u8; 4] = CodePage::Ibm1047.encode_ascii_const("NWMC");

flags! {
    /// TcpClusterConnFlag: X'80' requested, low bits the routing.
    pub struct ClusterConnFlag: u8 {
        REQUESTED = 0x80, confirmed, "docs/reference/trusted-tcp.md SEED",
            "SO_CLUSTERCONNTYPE or SIOCGPARTNERINFO was issued on the connection";
        INTERNAL = 0x08, confirmed, "docs/reference/trusted-tcp.md SEED", "internal";
        SAME_IMAGE = 0x04, confirmed, "docs/reference/trusted-tcp.md SEED", "same image";
        SAME_CLUSTER = 0x02, confirmed, "docs/reference/trusted-tcp.md SEED", "same cluster";
        NONE = 0x01, confirmed, "docs/reference/trusted-tcp.md SEED", "not in the same cluster";
    }
}

flags! {
    /// TcpTrustedPartner (seed example E0).
    pub struct TrustedPartner: u8 {
        USERID = NWMCONN_TRUSTED_USERID, reconstructed, "docs/reference/partnerinfo.md §5",
            "the partner's user ID was retrieved";
        UTOKEN = NWMCONN_TRUSTED_UTOKEN, reconstructed, "docs/reference/partnerinfo.md §5",
            "the partner's UTOKEN was retrieved";
        SET_ISSUED as SIOCSPARTNERINFO = NWMCONN_TRUSTED_SETISSUED, reconstructed,
            "docs/reference/partnerinfo.md §5",
            "SIOCSPARTNERINFO was issued on the socket or inherited from its listener";
    }
}

/// TCP states in NWMConnState (`third-party`, S3).
pub const STATES: &[Const] = &[
    named(
        1,
        "Closed",
        Prov::ThirdParty,
        "docs/reference/trusted-tcp.md S3",
    ),
    named(
        2,
        "Listen",
        Prov::ThirdParty,
        "docs/reference/trusted-tcp.md S3",
    ),
    named(
        3,
        "SynSent",
        Prov::ThirdParty,
        "docs/reference/trusted-tcp.md S3",
    ),
    named(
        4,
        "SynRcvd",
        Prov::ThirdParty,
        "docs/reference/trusted-tcp.md S3",
    ),
    named(
        5,
        "Estab",
        Prov::ThirdParty,
        "docs/reference/trusted-tcp.md S3",
    ),
    named(
        6,
        "FinWait1",
        Prov::ThirdParty,
        "docs/reference/trusted-tcp.md S3",
    ),
    named(
        7,
        "FinWait2",
        Prov::ThirdParty,
        "docs/reference/trusted-tcp.md S3",
    ),
    named(
        8,
        "ClosWait",
        Prov::ThirdParty,
        "docs/reference/trusted-tcp.md S3",
    ),
    named(
        9,
        "LastAck",
        Prov::ThirdParty,
        "docs/reference/trusted-tcp.md S3",
    ),
    named(
        10,
        "Closing",
        Prov::ThirdParty,
        "docs/reference/trusted-tcp.md S3",
    ),
    named(
        11,
        "TimeWait",
        Prov::ThirdParty,
        "docs/reference/trusted-tcp.md S3",
    ),
    named(
        12,
        "DeletTCB",
        Prov::ThirdParty,
        "docs/reference/trusted-tcp.md S3",
    ),
];

constants! {
    /// The entry's constants.
    const NMI_CONSTS = [
        NWMCONN_IDENT: u32 = 0xD5E6_D4C3, third_party, "docs/reference/trusted-tcp.md S3", "EBCDIC NWMC";
        // The seed gives X'80' for Netstat's TcpClusterConnFlag; for this NMI field it is the
        // same flag by analogy.
        NWMCONN_CLUSTER_REQUESTED: u8 = 0x80, inferred, "docs/reference/trusted-tcp.md SEED",
            "TcpClusterConnFlag";
        NWMCONN_TRUSTED_USERID: u8 = 0x80, reconstructed, "docs/reference/partnerinfo.md §5",
            "TcpTrustedPartner";
        NWMCONN_TRUSTED_UTOKEN: u8 = 0x40, reconstructed, "docs/reference/partnerinfo.md §5",
            "TcpTrustedPartner";
        NWMCONN_TRUSTED_SETISSUED: u8 = 0x20, reconstructed, "docs/reference/partnerinfo.md §5",
            "TcpTrustedPartner";
    ];
}

/// A union is all zeros (no address), a sockaddr_in followed by zeros, or a sockaddr_in6.
fn check_sockaddr(b: &[u8; 28]) -> Result<(), String> {
    match b[1] {
        _ if *b == [0; 28] => Ok(()),
        AF_INET => SockaddrIn::parse(&b[..16])
            .map_err(|e| e.to_string())
            .and_then(|_| match b[16..].iter().all(|&x| x == 0) {
                true => Ok(()),
                false => Err("bytes after the sockaddr_in are not zero".into()),
            }),
        AF_INET6 => SockaddrIn6::parse(b).map(drop).map_err(|e| e.to_string()),
        family => Err(format!(
            "family {family} is neither AF_INET (2) nor AF_INET6 (19)"
        )),
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

area! {
    /// One TCP connection as the NMI reports it.
    pub struct NwmConnEntry {
        base: 0,
        offsets: off,
        check: NwmConnEntry::check,
        layout: LAYOUT {
            area: "nmi-conn",
            title: "NMI TCP connection entry",
            member: "TPXNMICN",
            struct_name: "NWMConnEntry",
            prov: Prov::ThirdParty,
            source: "docs/reference/trusted-tcp.md section 6, golang/sys nwmConnEntry",
            consts: &[NMI_CONSTS],
        },
    }
    NWMConnIdent @ 0 ident: [u8; 4] = Char, inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "eye-catcher, EBCDIC NWMC",
        arbitrary: |_| Ok(NWMC_IDENT);
    NWMConnLocal @ 4 local: [u8; 28] = SockAddr, inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "local socket address (sockaddr_in or sockaddr_in6)",
        arbitrary: arbitrary_sockaddr;
    NWMConnRemote @ 32 remote: [u8; 28] = SockAddr, inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "remote socket address",
        arbitrary: arbitrary_sockaddr;
    NWMConnStartTime @ 60 start_time: u64 = Uint, inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "connection start, TOD clock";
    NWMConnLastActivity @ 68 last_activity: u64 = Uint, inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "last activity, TOD clock";
    NWMConnBytesIn @ 76 bytes_in: u64 = Uint, inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "bytes received";
    NWMConnBytesOut @ 84 bytes_out: u64 = Uint, inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "bytes sent";
    NWMConnInSegs @ 92 in_segs: u64 = Uint, inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "segments received";
    NWMConnOutSegs @ 100 out_segs: u64 = Uint, inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "segments sent";
    NWMConnState @ 108 state: u16 = Code(STATES), inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "TCP state",
        arbitrary: |u: &mut Unstructured| u.int_in_range(1..=12);
    NWMConnActiveOpen @ 110 active_open: u8 = Uint, inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "1 = this end connected (client)";
    NWMConnFlag01 @ 111 flag01: u8 = Hex, inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "flags";
    NWMConnOutBuffered @ 112 out_buffered: u32 = Uint, inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "bytes waiting to be sent";
    NWMConnInBuffered @ 116 in_buffered: u32 = Uint, inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "bytes waiting to be read";
    NWMConnMaxSndWnd @ 120 max_snd_wnd: u32 = Uint, inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "largest send window";
    NWMConnReXmtCount @ 124 re_xmt_count: u32 = Uint, inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "retransmissions";
    NWMConnCongestionWnd @ 128 congestion_wnd: u32 = Uint, inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "congestion window";
    NWMConnSsThresh @ 132 ss_thresh: u32 = Uint, inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "slow-start threshold";
    NWMConnRoundTripTime @ 136 round_trip_time: u32 = Uint, inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "smoothed round-trip time";
    NWMConnRoundTripVar @ 140 round_trip_var: u32 = Uint, inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "round-trip variance";
    NWMConnSendMSS @ 144 send_mss: u32 = Uint, inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "send maximum segment size";
    NWMConnSndWnd @ 148 snd_wnd: u32 = Uint, inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "send window";
    NWMConnRcvBufSize @ 152 rcv_buf_size: u32 = Uint, inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "receive buffer size";
    NWMConnSndBufSize @ 156 snd_buf_size: u32 = Uint, inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "send buffer size";
    NWMConnOutOfOrderCount @ 160 out_of_order_count: u32 = Uint, inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "segments received out of order";
    NWMConnLcl0WindowCount @ 164 lcl0_window_count: u32 = Uint, inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "local zero windows";
    NWMConnRmt0WindowCount @ 168 rmt0_window_count: u32 = Uint, inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "remote zero windows";
    NWMConnDupacks @ 172 dupacks: u32 = Uint, inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "duplicate ACKs";
    NWMConnFlag02 @ 176 flag02: u8 = Hex, inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "flags";
    NWMConnSockOpt6Cont @ 177 sock_opt6_cont: u8 = Hex, inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "socket options, continued";
    NWMConnAsid @ 178 asid: u16 = Uint, inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "owner's address-space ID";
    NWMConnResourceName @ 180 resource_name: [u8; 8] = Char, inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "owner's job name (Netstat Client Name)";
    NWMConnResourceId @ 188 resource_id: u32 = Uint, inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "connection ID (Netstat Client ID)";
    NWMConnSubtask @ 192 subtask: u32 = Hex, inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "owner's TCB address";
    NWMConnSockOpt @ 196 sock_opt: u8 = Hex, inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "socket options";
    NWMConnSockOpt6 @ 197 sock_opt6: u8 = Hex, inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "IPv6 socket options";
    NWMConnClusterConnFlag @ 198 cluster_conn_flag: u8 = Flags(ClusterConnFlag::NAMED), inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "Netstat TcpClusterConnFlag",
        arbitrary: |u: &mut Unstructured| Ok(u.arbitrary::<u8>()? & 0x8F);
    NWMConnProto @ 199 proto: u8 = Uint, inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "protocol";
    NWMConnTargetAppl @ 200 target_appl: [u8; 8] = Char, inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "TN3270 target application";
    NWMConnLuName @ 208 lu_name: [u8; 8] = Char, inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "TN3270 LU name";
    NWMConnClientUserId @ 216 client_user_id: [u8; 8] = Char, inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "client user ID";
    NWMConnLogMode @ 224 log_mode: [u8; 8] = Char, inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "TN3270 log mode";
    NWMConnTimeStamp @ 232 time_stamp: u32 = Uint, inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "time stamp";
    NWMConnTimeStampAge @ 236 time_stamp_age: u32 = Uint, inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "time stamp age";
    NWMConnServerResourceId @ 240 server_resource_id: u32 = Uint, inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "listener's connection ID";
    NWMConnIntfName @ 244 intf_name: [u8; 16] = Char, inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "interface name";
    NWMConnTtlsStatPol @ 260 ttls_stat_pol: u8 = Uint, inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "AT-TLS policy status";
    NWMConnTtlsStatConn @ 261 ttls_stat_conn: u8 = Uint, inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "AT-TLS connection status";
    NWMConnTtlsSSLProt @ 262 ttls_ssl_prot: u16 = Hex, inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "AT-TLS protocol";
    NWMConnTtlsNegCiph @ 264 ttls_neg_ciph: u16 = Hex, inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "AT-TLS negotiated cipher";
    NWMConnTtlsSecType @ 266 ttls_sec_type: u8 = Uint, inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "AT-TLS security type";
    NWMConnTtlsFIPS140Mode @ 267 ttls_fips140_mode: u8 = Uint, inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "AT-TLS FIPS 140 mode";
    NWMConnTtlsUserID @ 268 ttls_user_id: [u8; 8] = Char, inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "AT-TLS user ID";
    NWMConnApplData @ 276 appl_data: [u8; 40] = Char, inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "application data (SIOCSAPPLDATA)";
    NWMConnInOldestTime @ 316 in_oldest_time: u64 = Uint, inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "oldest unread data, TOD clock";
    NWMConnOutOldestTime @ 324 out_oldest_time: u64 = Uint, inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "oldest unsent data, TOD clock";
    NWMConnTrustedPartner @ 332 trusted_partner: u8 = Flags(TrustedPartner::NAMED), inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "Netstat TcpTrustedPartner",
        arbitrary: |u: &mut Unstructured| Ok(u.arbitrary::<u8>()? & 0xE0);
    NWMConnRsv1 @ 333 rsv1: [u8; 3] = Hex, inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "reserved";
    NWMConnBulkDataIntfName @ 336 bulk_data_intf_name: [u8; 16] = Char, inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "bulk-data interface name";
    NWMConnTtlsNegCiph4 @ 352 ttls_neg_ciph4: u32 = Hex, inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "AT-TLS negotiated cipher, 4-byte";
    NWMConnSmcReason @ 356 smc_reason: u32 = Hex, inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "SMC reason code";
    NWMConnLclSMCLinkId @ 360 lcl_smc_link_id: u32 = Uint, inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "local SMC link ID";
    NWMConnRmtSMCLinkId @ 364 rmt_smc_link_id: u32 = Uint, inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "remote SMC link ID";
    NWMConnSmcStatus @ 368 smc_status: u8 = Hex, inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "SMC status";
    NWMConnSmcFlags @ 369 smc_flags: u8 = Hex, inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "SMC flags";
    NWMConnRsv2 @ 370 rsv2: [u8; 2] = Hex, inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "reserved";
    NWMConnRcvWnd @ 372 rcv_wnd: u32 = Uint, inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "receive window";
    NWMConnLclSMCBufSz @ 376 lcl_smc_buf_sz: u32 = Uint, inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "local SMC buffer size";
    NWMConnRmtSMCBufSz @ 380 rmt_smc_buf_sz: u32 = Uint, inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "remote SMC buffer size";
    NWMConnTtlsSessID @ 384 ttls_sess_id: [u8; 32] = Hex, inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "AT-TLS session ID";
    NWMConnTtlsSessIDLen @ 416 ttls_sess_id_len: i16 = Int, inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "AT-TLS session ID length";
    NWMConnRsv3 @ 418 rsv3: u8 = Hex, inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "reserved";
    NWMConnSmcDStatus @ 419 smc_d_status: u8 = Hex, inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "SMC-D status";
    NWMConnSmcDReason @ 420 smc_d_reason: u32 = Hex, inferred / reconstructed, "docs/reference/trusted-tcp.md S3", "SMC-D reason code";
}

impl NwmConnEntry {
    /// The eye-catcher, the socket addresses, the state and the undefined flag bits, in field
    /// order.
    fn check(b: &[u8]) -> Result<(), (usize, String)> {
        if bytes_at(b, off::NWMConnIdent) != NWMC_IDENT {
            return Err((
                off::NWMConnIdent,
                "the eye-catcher is not EBCDIC NWMC".into(),
            ));
        }
        for at in [off::NWMConnLocal, off::NWMConnRemote] {
            check_sockaddr(&bytes_at(b, at)).map_err(|why| (at, why))?;
        }
        let state = u16::from_be_bytes(bytes_at(b, off::NWMConnState));
        if !(1..=12).contains(&state) {
            return Err((
                off::NWMConnState,
                format!("{state} is not a TCP state (1-12)"),
            ));
        }
        for (at, undefined) in [
            (off::NWMConnClusterConnFlag, 0x70),
            (off::NWMConnTrustedPartner, 0x1F),
        ] {
            let f = b[at];
            if f & undefined != 0 {
                return Err((
                    at,
                    format!("X'{f:02X}' has bits X'{undefined:02X}' set, which are not defined"),
                ));
            }
        }
        Ok(())
    }

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
    use crate::areas::testutil::for_arbitrary;

    #[test]
    fn layout_tiles_and_flags_sit_where_netstat_expects() {
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
