//! DCAS's two services over the sysplex model's sockets (`docs/reference/dcas.md` §1-2):
//! Format 1, a certificate and an application ID give the RACF user the certificate maps to
//! and a PassTicket; Format 2, a user ID and an application ID give a PassTicket. Requests and
//! replies are the `reconstructed` areas of [`crate::areas::dcas`].
//!
//! DCAS serves as the stack delivers: whenever segments arrive, every running DCAS accepts
//! what is queued on its listener, reads what its connections have, and answers each whole
//! request at once, so it costs no scheduler task and no virtual time of its own. A connection
//! may carry any number of requests; a request whose length cannot be believed ends it, as
//! there is no finding the next one.

use std::net::SocketAddr;

use crate::areas::dcas::{
    DCRP_RC_BADREQ, DCRP_RC_NOPTKT, DCRP_RC_NOTMAPPED, DCRP_RC_NOUSER, DCRQ_CERTMAX,
    DCRQ_FORMAT_USERID, DCRQ_HDRLEN, DcasReply, DcasRequest,
};
use crate::areas::{Area, AreaError};
use crate::racf::Racf;
use crate::racf::cert::{self, CertRefusal};
use crate::racf::passticket::PtktRefusal;
use crate::sysplex::clock::EPOCH_UNIX_SECS;
use crate::sysplex::messages;
use crate::sysplex::{Sysplex, SysplexError};

/// The request header's length, as an index.
const HDRLEN: usize = DCRQ_HDRLEN as usize;

use super::Severity;

/// One client connection and the bytes of its request so far.
#[derive(Clone, Debug)]
pub struct Conn {
    pub fd: u32,
    pub peer: SocketAddr,
    pub buf: Vec<u8>,
}

/// What DCAS makes of one request: the reply, and what it may log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    pub reply: DcasReply,
    /// Level 3: what was asked (the user ID, or the certificate's subject, issuer and
    /// serial), when the request could be read.
    pub asked: Option<(u16, String, String)>,
    /// Level 1: why it was refused.
    pub refused: Option<String>,
    /// Level 2: the user and application a PassTicket went out for.
    pub given: Option<(String, String)>,
}

fn refuse(format: u16, rc: u32, reason: u32, why: impl Into<String>) -> Answer {
    Answer {
        reply: DcasReply::refusal(format, rc, reason),
        asked: None,
        refused: Some(why.into()),
        given: None,
    }
}

/// The length a request's first four bytes announce, if it can be believed: at least the
/// header, at most the header and the longest certificate.
pub fn announced_len(buf: &[u8]) -> Option<Result<usize, ()>> {
    let head: [u8; 4] = buf.get(..4)?.try_into().ok()?;
    let n = u32::from_be_bytes(head) as usize;
    Some(if (HDRLEN..=HDRLEN + DCRQ_CERTMAX as usize).contains(&n) {
        Ok(n)
    } else {
        Err(())
    })
}

/// The answer to one whole request (`request` is exactly DCRQ_LENGTH bytes) with RACF as it
/// is at `unix_secs`.
pub fn answer(racf: &Racf, request: &[u8], unix_secs: i64) -> Answer {
    let header = match request.get(..HDRLEN).map(DcasRequest::parse) {
        Some(Ok(h)) => h,
        Some(Err(e)) => {
            let offset = match &e {
                AreaError::Invalid { offset, .. } => *offset as u32,
                _ => 0,
            };
            return refuse(0, DCRP_RC_BADREQ, offset, e.to_string());
        }
        None => {
            return refuse(
                0,
                DCRP_RC_BADREQ,
                0,
                "the request is shorter than its header",
            );
        }
    };
    let format = header.format;
    if header.length as usize != request.len() || request.len() != HDRLEN + header.certlen as usize
    {
        return refuse(
            format,
            DCRP_RC_BADREQ,
            0,
            "DCRQ_LENGTH is not the header plus DCRQ_CERTLEN",
        );
    }
    let applid = header.applid();
    let cert_bytes = &request[HDRLEN..];
    let (user, detail) = match format {
        DCRQ_FORMAT_USERID => {
            let user = header.user();
            if user.is_empty() || header.certlen != 0 {
                return refuse(
                    format,
                    DCRP_RC_BADREQ,
                    if user.is_empty() { 20 } else { 28 },
                    "a Format 2 request has a user ID and no certificate",
                );
            }
            (Ok(user.clone()), format!("USER {user}"))
        }
        _ => {
            if header.certlen == 0 || !header.user().is_empty() {
                return refuse(
                    format,
                    DCRP_RC_BADREQ,
                    if header.certlen == 0 { 28 } else { 20 },
                    "a Format 1 request has a certificate and no user ID",
                );
            }
            match cert::info(cert_bytes) {
                Ok(i) => (
                    racf.certificate_user_of(&i, cert_bytes, unix_secs),
                    format!(
                        "SUBJECT {} ISSUER {} SERIAL {}",
                        i.subject, i.issuer, i.serial
                    ),
                ),
                Err(e) => (Err(e), format!("CERTIFICATE OF {} BYTES", cert_bytes.len())),
            }
        }
    };
    let asked = Some((format, applid.clone(), detail));
    let user = match user {
        Ok(u) => u,
        Err(e) => {
            let (rc, reason) = match &e {
                CertRefusal::Malformed(_) => (DCRP_RC_NOTMAPPED, 1),
                CertRefusal::Expired => (DCRP_RC_NOTMAPPED, 2),
                CertRefusal::NotMapped => (DCRP_RC_NOTMAPPED, 3),
                CertRefusal::NotTrusted => (DCRP_RC_NOTMAPPED, 4),
                CertRefusal::NoUser(_) => (DCRP_RC_NOUSER, 0),
            };
            return Answer {
                asked,
                ..refuse(format, rc, reason, e.to_string())
            };
        }
    };
    let at = u32::try_from(unix_secs).unwrap_or(u32::MAX);
    match racf.passticket(&user, &applid, at) {
        Ok(ticket) => Answer {
            reply: DcasReply::ok(format, &user, &ticket),
            asked,
            refused: None,
            given: Some((user, applid)),
        },
        Err(e) => {
            let rc = match e {
                PtktRefusal::NoUser(_) => DCRP_RC_NOUSER,
                PtktRefusal::ClassInactive | PtktRefusal::NoKey(_) => DCRP_RC_NOPTKT,
                PtktRefusal::Name(_) => DCRP_RC_BADREQ,
            };
            let reason = if rc == DCRP_RC_BADREQ { 12 } else { 0 };
            Answer {
                asked,
                ..refuse(format, rc, reason, e.to_string())
            }
        }
    }
}

/// Serves every running DCAS: accepts, reads, answers. Called by the plex after it delivers.
pub fn serve(plex: &mut Sysplex) {
    for i in 0..plex.dcas_mut().len() {
        serve_one(plex, i);
    }
}

fn serve_one(plex: &mut Sysplex, i: usize) {
    let (task, listener) = {
        let d = &plex.dcas_mut()[i];
        (d.task, d.listener)
    };
    while let Ok((fd, peer)) = plex.accept(task, listener) {
        plex.dcas_mut()[i].conns.push(Conn {
            fd,
            peer,
            buf: Vec::new(),
        });
    }
    let mut k = 0;
    while k < plex.dcas_mut()[i].conns.len() {
        let fd = plex.dcas_mut()[i].conns[k].fd;
        let mut open = true;
        loop {
            match plex.recv(task, fd, 65_536) {
                Ok(b) if b.is_empty() => {
                    open = false;
                    break;
                }
                Ok(b) => plex.dcas_mut()[i].conns[k].buf.extend_from_slice(&b),
                Err(SysplexError::WouldBlock) => break,
                Err(_) => {
                    open = false;
                    break;
                }
            }
        }
        open &= answer_whole_requests(plex, i, k);
        if open {
            k += 1;
        } else {
            let _ = plex.close(task, fd);
            plex.dcas_mut()[i].conns.remove(k);
        }
    }
}

/// Answers each whole request in connection `k`'s buffer; false when the connection must end.
fn answer_whole_requests(plex: &mut Sysplex, i: usize, k: usize) -> bool {
    loop {
        let unix = (EPOCH_UNIX_SECS + plex.now().micros() / 1_000_000) as i64;
        let d = &plex.dcas_mut()[i];
        let (task, system, conn) = (d.task, d.system, &d.conns[k]);
        let (fd, peer) = (conn.fd, conn.peer);
        let len = match announced_len(&conn.buf) {
            None => return true,
            Some(Ok(n)) if conn.buf.len() < n => return true,
            Some(Ok(n)) => Some(n),
            Some(Err(())) => None,
        };
        let a = match len {
            Some(n) => {
                let request: Vec<u8> = plex.dcas_mut()[i].conns[k].buf.drain(..n).collect();
                answer(plex.racf(system), &request, unix)
            }
            None => refuse(
                0,
                DCRP_RC_BADREQ,
                0,
                format!(
                    "DCRQ_LENGTH is not {DCRQ_HDRLEN} to {}",
                    HDRLEN + DCRQ_CERTMAX as usize
                ),
            ),
        };
        log(plex, i, peer, &a);
        let _ = plex.send(task, fd, &a.reply.to_bytes());
        if len.is_none() {
            return false;
        }
    }
}

fn log(plex: &mut Sysplex, i: usize, peer: SocketAddr, a: &Answer) {
    let voice = plex.dcas_mut()[i].voice();
    let from = peer.ip();
    if let Some((format, applid, detail)) = &a.asked {
        voice.log(
            plex,
            Severity::Debug,
            &messages::TPX0110I,
            &[&from, format, applid, detail],
        );
    }
    if let Some(why) = &a.refused {
        voice.log(
            plex,
            Severity::Error,
            &messages::TPX0112E,
            &[&from, &a.reply.rc, &a.reply.reason, why],
        );
    }
    if let Some((user, applid)) = &a.given {
        let format = a.reply.format;
        voice.log(
            plex,
            Severity::Info,
            &messages::TPX0111I,
            &[&format, user, applid, &from],
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::areas::dcas::DCRP_RC_OK;

    fn racf() -> Racf {
        let mut r = Racf::new();
        for c in [
            "ADDUSER TOM",
            "RDEFINE PTKTDATA TSO SSIGNON(KEYMASKED(E001193519561977))",
            "SETROPTS CLASSACT(PTKTDATA)",
        ] {
            r.run(c).unwrap();
        }
        r
    }

    const T: i64 = 1_285_286_400;

    #[test]
    fn format_2_gives_the_racf_passticket() {
        let req = DcasRequest::for_user("tom", "tso").unwrap().to_bytes();
        let a = answer(&racf(), &req, T);
        assert_eq!(a.reply.rc, DCRP_RC_OK, "{a:?}");
        assert_eq!(a.reply.user(), "TOM");
        assert_eq!(a.reply.passticket(), "XPWAKF5T");
        assert_eq!(a.given, Some(("TOM".into(), "TSO".into())));
    }

    #[test]
    fn refusals_carry_their_codes() {
        let r = racf();
        let code = |req: &[u8]| {
            let a = answer(&r, req, T);
            (a.reply.rc, a.reply.reason)
        };
        let nobody = DcasRequest::for_user("ANN", "TSO").unwrap().to_bytes();
        assert_eq!(code(&nobody), (DCRP_RC_NOUSER, 0));
        let nokey = DcasRequest::for_user("TOM", "CICS").unwrap().to_bytes();
        assert_eq!(code(&nokey), (DCRP_RC_NOPTKT, 0));
        let mut bad = nobody.clone();
        bad[4] = 0;
        assert_eq!(code(&bad), (DCRP_RC_BADREQ, 4));
        let mut cert = DcasRequest::for_cert(3, "TSO").unwrap().to_bytes();
        cert.extend_from_slice(&[0x30, 0x01, 0x00]);
        assert_eq!(code(&cert), (DCRP_RC_NOTMAPPED, 1));
        assert_eq!(code(&cert[..33]), (DCRP_RC_BADREQ, 0));
        assert_eq!(code(&[0; 3]), (DCRP_RC_BADREQ, 0));
    }

    #[test]
    fn lengths_that_cannot_be_believed() {
        assert_eq!(announced_len(&[0, 0]), None);
        assert_eq!(announced_len(&[0, 0, 0, 32]), Some(Ok(32)));
        assert_eq!(announced_len(&[0, 0, 0, 31]), Some(Err(())));
        assert_eq!(announced_len(&[0xFF, 0, 0, 0]), Some(Err(())));
    }
}
