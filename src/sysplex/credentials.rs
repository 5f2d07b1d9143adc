//! SIOCGPARTNERINFO's decision, given where the connection stands: which error, or the filled
//! PartnerInfo area, or that the caller must wait for the XCF answer. The socket layer supplies
//! the connection's state; the RACF database supplies authorization and the security domain.
//!
//! Order of the checks (`reconstructed`; IBM lists the conditions, not their order): not TCP;
//! the area (EINVAL, ENOBUFS); not connected; routing only needs nothing more; then for
//! credentials: authorization, partner outside the plex, security domains, availability.

use crate::areas::partnerinfo::{
    self, CredFlags, PI_LEN_ALL, PI_LEN_USERID, PiCheckError, PiReqType, PiRequest, off,
};
use crate::areas::sockopt::ClusterConnType;
use crate::areas::utoken::Utoken;
use crate::codepage::{CodePage, pad_field};
use crate::racf::{Access, Decision, Racf, command::partnerinfo_profile};

use super::SysplexError;

/// Who is asking.
#[derive(Clone, Copy, Debug)]
pub struct Caller<'a> {
    /// The RACF user the check runs under (the task-level user when there is one).
    pub user: &'a str,
    pub apf: bool,
    pub supervisor: bool,
    /// The caller's system and TCP/IP procedure names, for the SERVAUTH profile.
    pub sysname: &'a str,
    pub tcpname: &'a str,
}

/// A partner's credentials.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartnerCredentials {
    pub user: String,
    pub token: Utoken,
    /// The task-level identity, when the partner has one.
    pub task: Option<(String, Utoken)>,
}

/// What the local stack holds of the partner's credentials.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Held {
    /// Available now: the partner is on this stack, or SIOCSPARTNERINFO had them fetched.
    Available(Box<PartnerCredentials>),
    /// SIOCSPARTNERINFO was issued and the XCF answer has not arrived yet.
    Pending,
    /// Nothing was asked for in advance: an XCF request is needed.
    NotFetched,
}

/// The connection as SIOCGPARTNERINFO sees it.
#[derive(Clone, Debug)]
pub struct ConnectionView<'a> {
    pub tcp: bool,
    pub connected: bool,
    pub routing: ClusterConnType,
    /// The partner's stack is in the sysplex (and V1R12 or later).
    pub partner_in_plex: bool,
    /// Security domains as each end's stack sees them (EZBDOMAIN APPLDATA).
    pub local_domain: Option<&'a str>,
    pub partner_domain: Option<&'a str>,
    pub held: &'a Held,
}

/// The result of a SIOCGPARTNERINFO that did not fail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The area as returned to the caller.
    Done(Vec<u8>),
    /// The credentials must come over XCF; the caller may wait `timeout` seconds.
    Wait { timeout: u32, request: PiRequest },
}

/// Decides a SIOCGPARTNERINFO on `area` (the caller's bytes, Argument_length of them).
pub fn siocgpartnerinfo(
    area: &[u8],
    caller: &Caller<'_>,
    racf: &Racf,
    conn: &ConnectionView<'_>,
) -> Result<Outcome, SysplexError> {
    if !conn.tcp {
        return Err(SysplexError::NotTcp);
    }
    let request = partnerinfo::check_request(area).map_err(|e| match e {
        PiCheckError::Inval { field, reason, .. } => {
            SysplexError::Invalid(format!("{field}: {reason}"))
        }
        PiCheckError::NoBufs { needed } => SysplexError::AreaTooShort { needed },
    })?;
    if !conn.connected {
        return Err(SysplexError::NotConnected);
    }
    if request.reqtype == PiReqType::Conntype {
        return Ok(Outcome::Done(fill(area, &request, conn.routing, None)));
    }
    let profile = partnerinfo_profile(caller.sysname, caller.tcpname);
    if !(caller.apf
        || caller.supervisor
        || racf.check(caller.user, "SERVAUTH", &profile, Access::Read) == Decision::Allowed)
    {
        return Err(SysplexError::NotAuthorized { profile });
    }
    if !conn.partner_in_plex {
        return Err(SysplexError::NoPartnerInfo);
    }
    match (conn.local_domain, conn.partner_domain) {
        (Some(a), Some(b)) if Racf::same_domain(a, b) => {}
        (Some(_), Some(_)) => return Err(SysplexError::DifferentSecurityDomain),
        _ => return Err(SysplexError::NoSecurityDomain),
    }
    match (conn.held, request.timeout) {
        (Held::Available(creds), _) => Ok(Outcome::Done(fill(
            area,
            &request,
            conn.routing,
            Some(creds),
        ))),
        (Held::Pending, 0) => Err(SysplexError::InProgress),
        (Held::NotFetched, 0) => Err(SysplexError::WouldSuspend),
        (_, timeout) => Ok(Outcome::Wait { timeout, request }),
    }
}

/// The caller's area with the fields the request fills written in: PI_Buflen (bytes filled),
/// PI_ConnType, PI_CredFlags, the user IDs (blank when not returned) and the UTOKENs (zeros when
/// not returned). Bytes beyond what the request fills stay as the caller passed them.
pub fn fill(
    area: &[u8],
    request: &PiRequest,
    routing: ClusterConnType,
    creds: Option<&PartnerCredentials>,
) -> Vec<u8> {
    let mut out = area.to_vec();
    let filled = request.reqtype.required_len();
    out[off::PI_BUFLEN..off::PI_REQTYPE].copy_from_slice(&filled.to_be_bytes());
    out[off::PI_CONNTYPE] = routing.bits();
    out[off::PI_RSV1..off::PI_ASUSERID].fill(0);
    let wants = request.reqtype.allowed_creds();
    let mut flags = CredFlags::empty();
    let blank = |name: Option<&str>| {
        pad_field::<8>(name.unwrap_or(""), CodePage::Ibm1047).unwrap_or([0x40; 8])
    };
    if filled >= PI_LEN_USERID {
        let as_user = creds
            .filter(|_| wants.contains(CredFlags::AS_USERID))
            .map(|c| c.user.as_str());
        let task_user = creds
            .filter(|_| wants.contains(CredFlags::TASK_USERID))
            .and_then(|c| c.task.as_ref().map(|(u, _)| u.as_str()));
        flags.set(CredFlags::AS_USERID, as_user.is_some());
        flags.set(CredFlags::TASK_USERID, task_user.is_some());
        out[off::PI_ASUSERID..off::PI_TASKUSERID].copy_from_slice(&blank(as_user));
        out[off::PI_TASKUSERID..off::PI_RSV2].copy_from_slice(&blank(task_user));
        out[off::PI_RSV2..off::PI_ASUTOKEN].fill(0);
    }
    if filled >= PI_LEN_ALL {
        let token =
            |t: Option<&Utoken>| t.map_or_else(|| vec![0; 80], crate::areas::Area::to_bytes);
        let as_token = creds
            .filter(|_| wants.contains(CredFlags::AS_UTOKEN))
            .map(|c| &c.token);
        let task_token = creds
            .filter(|_| wants.contains(CredFlags::TASK_UTOKEN))
            .and_then(|c| c.task.as_ref().map(|(_, t)| t));
        flags.set(CredFlags::AS_UTOKEN, as_token.is_some());
        flags.set(CredFlags::TASK_UTOKEN, task_token.is_some());
        out[off::PI_ASUTOKEN..off::PI_TASKUTOKEN].copy_from_slice(&token(as_token));
        out[off::PI_TASKUTOKEN..PI_LEN_ALL as usize].copy_from_slice(&token(task_token));
    }
    out[off::PI_CREDFLAGS] = flags.bits();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::areas::Area;
    use crate::areas::partnerinfo::PartnerInfo;

    fn racf() -> Racf {
        let mut r = Racf::new();
        for line in [
            "ADDGROUP TCPGRP",
            "ADDUSER (TRSTSRV TRSTCLI USER1) DFLTGRP(TCPGRP)",
            "ADDUSER NOBODY",
            "RDEFINE SERVAUTH EZB.IOCTL.*.*.PARTNERINFO UACC(NONE)",
            "PERMIT EZB.IOCTL.*.*.PARTNERINFO CLASS(SERVAUTH) ID(TCPGRP) ACCESS(READ)",
            "SETROPTS CLASSACT(SERVAUTH) RACLIST(SERVAUTH)",
        ] {
            r.run(line).unwrap();
        }
        r
    }

    fn creds(r: &Racf) -> PartnerCredentials {
        PartnerCredentials {
            user: "TRSTCLI".into(),
            token: r.utoken("TRSTCLI", "NODE1").unwrap(),
            task: Some(("USER1".into(), r.utoken("USER1", "NODE1").unwrap())),
        }
    }

    fn caller(user: &str) -> Caller<'_> {
        Caller {
            user,
            apf: false,
            supervisor: false,
            sysname: "SYS2",
            tcpname: "TCPCS2",
        }
    }

    fn view<'a>(held: &'a Held) -> ConnectionView<'a> {
        ConnectionView {
            tcp: true,
            connected: true,
            routing: ClusterConnType::INTERNAL | ClusterConnType::SAME_CLUSTER,
            partner_in_plex: true,
            local_domain: Some("PLEX1"),
            partner_domain: Some("plex1"),
            held,
        }
    }

    fn area(t: PiReqType, timeout: u32) -> Vec<u8> {
        let len = t.required_len();
        PartnerInfo::request(t, len, timeout).to_bytes()
    }

    /// A change to the good case that should give an error.
    type Change = Box<dyn Fn(&mut ConnectionView, &mut Caller, &mut Vec<u8>)>;

    #[test]
    fn every_row_that_needs_no_wait() {
        let r = racf();
        let held = Held::Available(Box::new(creds(&r)));
        let ok = siocgpartnerinfo(
            &area(PiReqType::PartnerSeccred, 0),
            &caller("TRSTSRV"),
            &r,
            &view(&held),
        )
        .unwrap();
        let Outcome::Done(bytes) = ok else {
            panic!("should be done")
        };
        let pi = PartnerInfo::parse(&bytes).unwrap();
        assert_eq!(
            (pi.as_userid().as_deref(), pi.task_userid().as_deref()),
            (Some("TRSTCLI"), Some("USER1"))
        );
        assert_eq!(pi.as_utoken().map(|t| t.user()), Some("TRSTCLI".into()));
        assert_eq!(pi.header.conntype.bits(), 0x0A);

        let routing_only = siocgpartnerinfo(
            &area(PiReqType::Conntype, 0),
            &caller("NOBODY"),
            &r,
            &view(&Held::NotFetched),
        );
        assert!(
            matches!(routing_only, Ok(Outcome::Done(_))),
            "routing needs no authorization"
        );

        let cases: Vec<(SysplexError, Change)> = vec![
            (SysplexError::NotTcp, Box::new(|v, _, _| v.tcp = false)),
            (
                SysplexError::NotConnected,
                Box::new(|v, _, _| v.connected = false),
            ),
            (
                SysplexError::AreaTooShort { needed: 40 },
                Box::new(|_, _, a| a.truncate(20)),
            ),
            (
                SysplexError::NotAuthorized {
                    profile: "EZB.IOCTL.SYS2.TCPCS2.PARTNERINFO".into(),
                },
                Box::new(|_, c, _| c.user = "NOBODY"),
            ),
            (
                SysplexError::NoPartnerInfo,
                Box::new(|v, _, _| v.partner_in_plex = false),
            ),
            (
                SysplexError::DifferentSecurityDomain,
                Box::new(|v, _, _| v.partner_domain = Some("OTHER")),
            ),
            (
                SysplexError::NoSecurityDomain,
                Box::new(|v, _, _| v.local_domain = None),
            ),
        ];
        for (want, change) in cases {
            let mut v = view(&held);
            let mut c = caller("TRSTSRV");
            let mut a = area(PiReqType::PartnerUserid, 0);
            change(&mut v, &mut c, &mut a);
            assert_eq!(
                siocgpartnerinfo(&a, &c, &r, &v),
                Err(want.clone()),
                "{want}"
            );
        }
        let apf = Caller {
            apf: true,
            ..caller("NOBODY")
        };
        assert!(
            siocgpartnerinfo(&area(PiReqType::PartnerUserid, 0), &apf, &r, &view(&held)).is_ok()
        );
        let sup = Caller {
            supervisor: true,
            ..caller("NOBODY")
        };
        assert!(
            siocgpartnerinfo(&area(PiReqType::PartnerUserid, 0), &sup, &r, &view(&held)).is_ok()
        );
    }

    #[test]
    fn suspend_rules() {
        let r = racf();
        let a0 = area(PiReqType::PartnerUserid, 0);
        let a30 = area(PiReqType::PartnerUserid, 30);
        let c = caller("TRSTSRV");
        assert_eq!(
            siocgpartnerinfo(&a0, &c, &r, &view(&Held::NotFetched)),
            Err(SysplexError::WouldSuspend)
        );
        assert_eq!(
            siocgpartnerinfo(&a0, &c, &r, &view(&Held::Pending)),
            Err(SysplexError::InProgress)
        );
        assert!(matches!(
            siocgpartnerinfo(&a30, &c, &r, &view(&Held::NotFetched)),
            Ok(Outcome::Wait { timeout: 30, .. })
        ));
        assert!(matches!(
            siocgpartnerinfo(&a30, &c, &r, &view(&Held::Pending)),
            Ok(Outcome::Wait { timeout: 30, .. })
        ));
    }

    #[test]
    fn fill_leaves_what_the_request_does_not_fill() {
        let r = racf();
        let mut a = area(PiReqType::PartnerUserid, 0);
        a.resize(200, 0xEE);
        a[4..8].copy_from_slice(&200u32.to_be_bytes());
        let held = Held::Available(Box::new(creds(&r)));
        let Ok(Outcome::Done(out)) = siocgpartnerinfo(&a, &caller("TRSTSRV"), &r, &view(&held))
        else {
            panic!()
        };
        assert_eq!(
            &out[40..],
            &a[40..],
            "beyond PI_LEN_USERID stays as the caller left it"
        );
        assert_eq!(u32::from_be_bytes([out[4], out[5], out[6], out[7]]), 40);
        assert_eq!(out[17], 0xC0);
    }
}
