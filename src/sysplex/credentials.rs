//! SIOCGPARTNERINFO's decision, given where the connection stands: which error, or the filled
//! PartnerInfo area, or that the caller must wait for the XCF answer. The socket layer supplies
//! the connection's state; the RACF database supplies authorization and the security domain.
//!
//! Order of the checks (`reconstructed`; IBM lists the conditions, not their order): not TCP;
//! the area (EINVAL, ENOBUFS); not connected; routing only needs nothing more; then for
//! credentials: authorization, partner outside the plex, security domains, availability.

use crate::areas::Block;
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

impl Caller<'_> {
    /// Whether the caller may retrieve credentials (`docs/reference/trusted-tcp.md` §3.3, `confirmed`): APF
    /// authorized, supervisor state, or READ to EZB.IOCTL.sysname.tcpprocname.PARTNERINFO.
    pub fn may_retrieve(&self, racf: &Racf) -> Result<(), SysplexError> {
        if self.apf || self.supervisor {
            return Ok(());
        }
        let profile = partnerinfo_profile(self.sysname, self.tcpname);
        match racf.check(self.user, "SERVAUTH", &profile, Access::Read) {
            Decision::Allowed => Ok(()),
            _ => Err(SysplexError::NotAuthorized { profile }),
        }
    }
}

/// A partner's credentials.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartnerCredentials {
    pub user: String,
    pub token: Utoken,
    /// The task-level identity, when the partner has one.
    pub task: Option<(String, Utoken)>,
}

/// What the local stack holds of the partner's credentials, for the request at hand.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Held<'a> {
    /// Available now: the partner is on this stack, or they were fetched (SIOCSPARTNERINFO, or
    /// an earlier SIOCGPARTNERINFO that waited).
    Available(&'a PartnerCredentials),
    /// They were asked for and the XCF answer has not arrived yet.
    Pending,
    /// Nothing that covers this request was asked for: an XCF request is needed.
    NotFetched,
}

/// The connection as SIOCGPARTNERINFO sees it.
#[derive(Clone, Copy, Debug)]
pub struct ConnectionView<'a> {
    pub tcp: bool,
    pub connected: bool,
    pub routing: ClusterConnType,
    /// The partner's stack is in the sysplex (and V1R12 or later).
    pub partner_in_plex: bool,
    /// Security domains as each end's stack sees them (EZBDOMAIN APPLDATA).
    pub local_domain: Option<&'a str>,
    pub partner_domain: Option<&'a str>,
    pub held: Held<'a>,
}

/// The result of a SIOCGPARTNERINFO that did not fail.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The area is filled in; which credentials it holds.
    Done(CredFlags),
    /// The credentials must come over XCF; the caller may wait `timeout` seconds.
    Wait { timeout: u32, request: PiRequest },
}

/// Decides a SIOCGPARTNERINFO on `area` (the caller's bytes, Argument_length of them) and fills
/// it in place. `authorize` is asked only when credentials are requested. After ENOBUFS,
/// PI_Buflen holds the length needed; after any other error the area is as it was.
pub fn siocgpartnerinfo(
    area: &mut [u8],
    authorize: impl FnOnce() -> Result<(), SysplexError>,
    conn: &ConnectionView<'_>,
) -> Result<Outcome, SysplexError> {
    if !conn.tcp {
        return Err(SysplexError::NotTcp);
    }
    let request = partnerinfo::check_request(area).map_err(|e| match e {
        PiCheckError::Inval { field, reason, .. } => {
            SysplexError::Invalid(format!("{field}: {reason}"))
        }
        PiCheckError::NoBufs { needed } => {
            area[off::PI_Buflen..off::PI_ReqType].copy_from_slice(&needed.to_be_bytes());
            SysplexError::AreaTooShort { needed }
        }
    })?;
    if !conn.connected {
        return Err(SysplexError::NotConnected);
    }
    if request.reqtype == PiReqType::Conntype {
        return Ok(Outcome::Done(fill(area, &request, conn.routing, None)));
    }
    authorize()?;
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

/// Fills in the fields the request returns: PI_Buflen (bytes filled), PI_ConnType,
/// PI_CredFlags, the user IDs (blank when not returned) and the UTOKENs (zeros when not
/// returned). Bytes beyond what the request fills stay as the caller passed them.
pub fn fill(
    out: &mut [u8],
    request: &PiRequest,
    routing: ClusterConnType,
    creds: Option<&PartnerCredentials>,
) -> CredFlags {
    let filled = request.reqtype.required_len();
    out[off::PI_Buflen..off::PI_ReqType].copy_from_slice(&filled.to_be_bytes());
    out[off::PI_ConnType] = routing.bits();
    out[off::PI_Rsv1..off::PI_ASUserID].fill(0);
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
        out[off::PI_ASUserID..off::PI_TaskUserID].copy_from_slice(&blank(as_user));
        out[off::PI_TaskUserID..off::PI_Rsv2].copy_from_slice(&blank(task_user));
        out[off::PI_Rsv2..off::PI_ASUtoken].fill(0);
    }
    if filled >= PI_LEN_ALL {
        let token = |out: &mut [u8], t: Option<&Utoken>| match t {
            Some(t) => t.encode(out),
            None => out.fill(0),
        };
        let as_token = creds
            .filter(|_| wants.contains(CredFlags::AS_UTOKEN))
            .map(|c| &c.token);
        let task_token = creds
            .filter(|_| wants.contains(CredFlags::TASK_UTOKEN))
            .and_then(|c| c.task.as_ref().map(|(_, t)| t));
        flags.set(CredFlags::AS_UTOKEN, as_token.is_some());
        flags.set(CredFlags::TASK_UTOKEN, task_token.is_some());
        token(&mut out[off::PI_ASUtoken..off::PI_TaskUtoken], as_token);
        token(
            &mut out[off::PI_TaskUtoken..PI_LEN_ALL as usize],
            task_token,
        );
    }
    out[off::PI_CredFlags] = flags.bits();
    flags
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

    fn view<'a>(held: Held<'a>) -> ConnectionView<'a> {
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

    fn ask(
        a: &[u8],
        c: &Caller,
        r: &Racf,
        v: &ConnectionView,
    ) -> (Result<Outcome, SysplexError>, Vec<u8>) {
        let mut a = a.to_vec();
        let res = siocgpartnerinfo(&mut a, || c.may_retrieve(r), v);
        (res, a)
    }

    /// A change to the good case that should give an error.
    type Change = Box<dyn Fn(&mut ConnectionView, &mut Caller, &mut Vec<u8>)>;

    #[test]
    fn every_row_that_needs_no_wait() {
        let r = racf();
        let c = creds(&r);
        let held = Held::Available(&c);
        let (ok, bytes) = ask(
            &area(PiReqType::PartnerSeccred, 0),
            &caller("TRSTSRV"),
            &r,
            &view(held),
        );
        assert_eq!(ok, Ok(Outcome::Done(CredFlags::all())));
        let pi = PartnerInfo::parse(&bytes).unwrap();
        assert_eq!(
            (pi.as_userid().as_deref(), pi.task_userid().as_deref()),
            (Some("TRSTCLI"), Some("USER1"))
        );
        assert_eq!(pi.as_utoken().map(|t| t.user()), Some("TRSTCLI".into()));
        assert_eq!(pi.header.conntype.bits(), 0x0A);

        let (routing_only, _) = ask(
            &area(PiReqType::Conntype, 0),
            &caller("NOBODY"),
            &r,
            &view(Held::NotFetched),
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
            let mut v = view(held);
            let mut c = caller("TRSTSRV");
            let mut a = area(PiReqType::PartnerUserid, 0);
            change(&mut v, &mut c, &mut a);
            let (got, after) = ask(&a, &c, &r, &v);
            assert_eq!(got, Err(want.clone()), "{want}");
            if let SysplexError::AreaTooShort { needed } = want {
                assert_eq!(
                    after[4..8],
                    needed.to_be_bytes(),
                    "PI_Buflen says what is needed"
                );
            } else {
                assert_eq!(after, a, "an error leaves the area alone");
            }
        }
        for c in [
            Caller {
                apf: true,
                ..caller("NOBODY")
            },
            Caller {
                supervisor: true,
                ..caller("NOBODY")
            },
        ] {
            let (got, _) = ask(&area(PiReqType::PartnerUserid, 0), &c, &r, &view(held));
            assert!(got.is_ok());
        }
    }

    #[test]
    fn suspend_rules() {
        let r = racf();
        let a0 = area(PiReqType::PartnerUserid, 0);
        let a30 = area(PiReqType::PartnerUserid, 30);
        let c = caller("TRSTSRV");
        assert_eq!(
            ask(&a0, &c, &r, &view(Held::NotFetched)).0,
            Err(SysplexError::WouldSuspend)
        );
        assert_eq!(
            ask(&a0, &c, &r, &view(Held::Pending)).0,
            Err(SysplexError::InProgress)
        );
        for held in [Held::NotFetched, Held::Pending] {
            assert!(matches!(
                ask(&a30, &c, &r, &view(held)).0,
                Ok(Outcome::Wait { timeout: 30, .. })
            ));
        }
    }

    #[test]
    fn fill_leaves_what_the_request_does_not_fill() {
        let r = racf();
        let mut a = area(PiReqType::PartnerUserid, 0);
        a.resize(200, 0xEE);
        a[4..8].copy_from_slice(&200u32.to_be_bytes());
        let c = creds(&r);
        let (res, out) = ask(&a, &caller("TRSTSRV"), &r, &view(Held::Available(&c)));
        assert!(res.is_ok());
        assert_eq!(
            &out[40..],
            &a[40..],
            "beyond PI_LEN_USERID stays as the caller left it"
        );
        assert_eq!(u32::from_be_bytes([out[4], out[5], out[6], out[7]]), 40);
        assert_eq!(out[17], 0xC0);
    }
}
