//! The shipped binary fixtures (`fixtures/areas/*.bin`, with `.hex` twins in IPCS form) are
//! built here from the library's own API, so they stay realistic and current; and each one's
//! decode is pinned by an insta snapshot (field table plus IPCS storage display).
//!
//! Regenerate after a deliberate change: `TRUSTPLEX_UPDATE_FIXTURES=1 cargo test --test fixtures`.

use std::path::PathBuf;

use trustplex::areas::dcas::{DcasReply, DcasRequest};
use trustplex::areas::dump::ipcs;
use trustplex::areas::nmi::NwmConnEntry;
use trustplex::areas::partnerinfo::{CredFlags, PartnerInfo, PiReqType, PiUtokens};
use trustplex::areas::plist::{IocPlist31, IocPlist64};
use trustplex::areas::sockaddr::{SockaddrIn, SockaddrIn6};
use trustplex::areas::sockopt::ClusterConnType;
use trustplex::areas::utoken::{Identity, TOKSTYP_BATCH, Utoken};
use trustplex::areas::{Area, find, ifreq::Ifreq, ioctl, view};
use trustplex::codepage::{CodePage, pad_field};
use trustplex::hextext;

fn identity(user: &str, group: &str) -> Identity {
    Identity {
        user: user.into(),
        group: group.into(),
        session_type: TOKSTYP_BATCH,
        poe_class: 3,
        poe_name: "INTRDR".into(),
        exec_node: "NODE1".into(),
        submit_user: user.into(),
        submit_group: group.into(),
        submit_node: "NODE1".into(),
        ..Identity::default()
    }
}

fn token(user: &str, group: &str) -> Utoken {
    Utoken::from_identity(&identity(user, group)).expect("valid identity")
}

/// A SIOCGPARTNERINFO answer: the server on TCPCS2 asked about its client, a CICS region
/// whose transaction runs under a task-level user ID.
fn seccred_answer() -> PartnerInfo {
    let mut pi = PartnerInfo::request(PiReqType::PartnerSeccred, 200, 60);
    pi.header.conntype =
        ClusterConnType::INTERNAL | ClusterConnType::SAME_IMAGE | ClusterConnType::SAME_CLUSTER;
    pi.header.credflags = CredFlags::all();
    if let Some(ids) = pi.userids.as_mut() {
        ids.as_userid = pad_field("CICSRGN1", CodePage::Ibm1047).expect("name");
        ids.task_userid = pad_field("USER1", CodePage::Ibm1047).expect("name");
    }
    let as_token: [u8; 80] = token("CICSRGN1", "CICSGRP")
        .to_bytes()
        .try_into()
        .expect("80 bytes");
    let task_token: [u8; 80] = token("USER1", "PAYROLL")
        .to_bytes()
        .try_into()
        .expect("80 bytes");
    pi.utokens = Some(PiUtokens {
        as_utoken: as_token,
        task_utoken: task_token,
    });
    pi
}

fn userid_answer() -> PartnerInfo {
    let mut pi = PartnerInfo::request(PiReqType::PartnerUserid, 40, 10);
    pi.header.conntype = ClusterConnType::INTERNAL | ClusterConnType::SAME_CLUSTER;
    pi.header.credflags = CredFlags::AS_USERID;
    if let Some(ids) = pi.userids.as_mut() {
        ids.as_userid = pad_field("TCPCLNT", CodePage::Ibm1047).expect("name");
    }
    pi
}

/// The seed's Netstat example: a trusted connection with TcpClusterConnFlag 8E and
/// TcpTrustedPartner E0, as the server's stack reports it.
fn seed_connection() -> NwmConnEntry {
    let mut e = NwmConnEntry::new();
    e.local[..16]
        .copy_from_slice(&SockaddrIn::new("10.1.1.2:4000".parse().expect("addr")).to_bytes());
    e.remote[..16]
        .copy_from_slice(&SockaddrIn::new("10.1.1.1:1025".parse().expect("addr")).to_bytes());
    e.start_time = 0xDF2A_5C3E_8B40_0000;
    e.last_activity = 0xDF2A_5C3F_1000_0000;
    e.bytes_in = 512;
    e.bytes_out = 1024;
    e.in_segs = 6;
    e.out_segs = 5;
    e.state = 5;
    e.active_open = 0;
    e.send_mss = 1460;
    e.rcv_buf_size = 65536;
    e.snd_buf_size = 65536;
    e.asid = 0x3A;
    e.resource_name = pad_field("TRSTSRV", CodePage::Ibm1047).expect("name");
    e.resource_id = 0x0000_1A2B;
    e.cluster_conn_flag = 0x8E;
    e.proto = 6;
    e.client_user_id = pad_field("TRSTUSR", CodePage::Ibm1047).expect("name");
    e.server_resource_id = 0x0000_1A20;
    e.trusted_partner = 0xE0;
    e
}

fn fixtures() -> Vec<(&'static str, &'static str, Vec<u8>)> {
    vec![
        (
            "utoken",
            "utoken-ibmuser",
            token("IBMUSER", "SYS1").to_bytes(),
        ),
        (
            "utoken",
            "utoken-default",
            Utoken::tokenxtr_default().to_bytes(),
        ),
        (
            "partnerinfo",
            "partnerinfo-request",
            PartnerInfo::request(PiReqType::PartnerSeccred, 200, 60).to_bytes(),
        ),
        (
            "partnerinfo",
            "partnerinfo-userid",
            userid_answer().to_bytes(),
        ),
        (
            "partnerinfo",
            "partnerinfo-seccred",
            seccred_answer().to_bytes(),
        ),
        ("nmi-conn", "nmi-conn-seed", seed_connection().to_bytes()),
        (
            "ioctl",
            "ioctl-siocgpartnerinfo",
            ioctl::SIOCGPARTNERINFO.to_be_bytes().to_vec(),
        ),
        (
            "ioctl",
            "ioctl-siocspartnerinfo",
            ioctl::SIOCSPARTNERINFO.to_be_bytes().to_vec(),
        ),
        (
            "sockaddr-in",
            "sockaddr-in",
            SockaddrIn::new("10.1.1.2:4000".parse().expect("addr")).to_bytes(),
        ),
        (
            "sockaddr-in6",
            "sockaddr-in6",
            SockaddrIn6::new("[fd00:1::2]:4000".parse().expect("addr")).to_bytes(),
        ),
        ("ifreq", "ifreq", {
            let mut r = Ifreq::for_interface("OSAQDIO1").expect("name");
            r.family = 2;
            r.address = [10, 1, 1, 2];
            r.to_bytes()
        }),
        (
            "plist31",
            "plist31",
            IocPlist31::new([
                0x0002_1000,
                0x0002_1004,
                0x0002_1008,
                0x0002_1100,
                0x0002_100C,
                0x0002_1010,
                0x0002_1014,
            ])
            .to_bytes(),
        ),
        (
            "plist64",
            "plist64",
            IocPlist64::new([
                0x1_0000_1000,
                0x1_0000_1004,
                0x1_0000_1008,
                0x1_0000_1100,
                0x1_0000_100C,
                0x1_0000_1010,
                0x1_0000_1014,
            ])
            .to_bytes(),
        ),
        (
            "dcas-request",
            "dcas-request-format2",
            DcasRequest::for_user("TOM", "TSO")
                .expect("names")
                .to_bytes(),
        ),
        (
            "dcas-reply",
            "dcas-reply-ok",
            DcasReply::ok(2, "TOM", "XPWAKF5T").to_bytes(),
        ),
    ]
}

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/areas")
}

#[test]
fn fixtures_are_current_and_valid() {
    let update = std::env::var_os("TRUSTPLEX_UPDATE_FIXTURES").is_some();
    for (area, name, bytes) in fixtures() {
        let kind = find(area).expect("area");
        (kind.validate)(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        let hex = ipcs(&bytes, 0, CodePage::Ibm1047);
        let bin_path = dir().join(format!("{name}.bin"));
        let hex_path = dir().join(format!("{name}.hex"));
        if update {
            std::fs::write(&bin_path, &bytes).expect("write fixture");
            std::fs::write(&hex_path, &hex).expect("write fixture");
        }
        let on_disk =
            std::fs::read(&bin_path).unwrap_or_else(|e| panic!("{}: {e}", bin_path.display()));
        assert_eq!(
            on_disk, bytes,
            "{name}.bin is stale: TRUSTPLEX_UPDATE_FIXTURES=1 cargo test --test fixtures"
        );
        let twin = std::fs::read_to_string(&hex_path).expect("hex twin");
        assert_eq!(
            hextext::parse(&twin).expect("hex twin parses"),
            bytes,
            "{name}.hex differs from {name}.bin"
        );
    }
}

#[test]
fn decode_snapshots() {
    for (area, name, bytes) in fixtures() {
        let kind = find(area).expect("area");
        insta::assert_snapshot!(name, view::decode_text(kind, &bytes));
    }
}

#[test]
fn json_round_trips_every_fixture() {
    for (area, name, bytes) in fixtures() {
        let kind = find(area).expect("area");
        let json = view::decode_json(kind, &bytes);
        assert_eq!(view::encode(kind, &json), Ok(bytes), "{name}");
    }
}

#[test]
fn seed_flags_sit_at_c6_and_14c() {
    let bytes = seed_connection().to_bytes();
    assert_eq!((bytes[0xC6], bytes[0x14C]), (0x8E, 0xE0));
    let parsed = NwmConnEntry::parse(&bytes).expect("valid");
    assert_eq!(parsed.cluster_conn_flag().bits(), 0x8E);
    assert_eq!(parsed.trusted_partner().bits(), 0xE0);
}

#[test]
fn layout_snapshots() {
    for layout in trustplex::areas::all_layouts() {
        insta::assert_snapshot!(format!("layout-{}", layout.area), view::layout_text(layout));
    }
}
