//! Digital certificates in RACF, as DCAS's Format 1 needs them: `RACDCERT ADD` associates a
//! certificate with a user, `RACDCERT MAP` maps every certificate whose subject's (and
//! issuer's) distinguished name ends with a filter to a user, and [`Racf::certificate_user`]
//! finds the user a certificate stands for. X.509 is parsed by the `x509-parser` crate (a
//! maintained DER/PEM parser; ours would be a second, untested one).
//!
//! Rules (`docs/reference/dcas.md` §9):
//! - RACF writes a distinguished name most specific first, its parts joined by periods:
//!   `CN=Tom.OU=Sales.O=Example.C=US` (`inferred` from IBM's RACDCERT MAP examples).
//! - A filter matches a name that ends with it, part by part (`confirmed` in outline: IBM's
//!   IRRD141I says a filter names a "starting point" in the certificate's name; the exact
//!   comparison is `reconstructed`: types without regard to case, values exactly).
//! - An associated certificate (ADD) wins over a mapping; among mappings, the one whose
//!   filters name more parts wins, a subject-and-issuer mapping over a subject-only one at the
//!   same length (`reconstructed`). A NOTRUST certificate or mapping maps to no one.
//! - A certificate outside its validity period maps to no one (`inferred`: RACF refuses an
//!   expired certificate when it builds a security environment from it).

use x509_parser::prelude::{FromDer, X509Certificate, X509Name};

use super::Racf;

/// What RACF keeps of a certificate added with `RACDCERT ADD`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Certificate {
    pub owner: String,
    pub label: String,
    pub der: Vec<u8>,
    pub subject: String,
    pub issuer: String,
    pub trusted: bool,
}

/// A `RACDCERT MAP` mapping.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertMap {
    pub owner: String,
    pub label: String,
    pub sdnfilter: Option<String>,
    pub idnfilter: Option<String>,
    pub trusted: bool,
}

/// The parts of a certificate DCAS and RACF look at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertInfo {
    pub subject: String,
    pub issuer: String,
    /// The serial number in hex, colon-separated, as x509-parser prints it.
    pub serial: String,
    pub not_before: i64,
    pub not_after: i64,
}

/// Why a certificate maps to no one.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CertRefusal {
    #[error("the certificate is not DER X.509: {0}")]
    Malformed(String),
    #[error("the certificate is not valid at this time")]
    Expired,
    #[error("no RACF user is associated with or mapped to the certificate")]
    NotMapped,
    #[error("the certificate is defined to RACF as NOTRUST")]
    NotTrusted,
    #[error("user {0} of the certificate is not defined to RACF")]
    NoUser(String),
}

/// A distinguished name in RACF's form.
pub fn racf_dn(name: &X509Name<'_>) -> String {
    let registry = x509_parser::objects::oid_registry();
    let parts: Vec<String> = name
        .iter_rdn()
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .flat_map(|rdn| rdn.iter())
        .map(|a| {
            let ty = x509_parser::objects::oid2abbrev(a.attr_type(), registry)
                .map_or_else(|_| a.attr_type().to_id_string(), str::to_owned);
            let value = a
                .as_str()
                .map_or_else(|_| crate::hextext::to_hex(a.as_slice()), str::to_owned);
            format!("{ty}={value}")
        })
        .collect();
    parts.join(".")
}

/// Parses a DER certificate.
pub fn info(der: &[u8]) -> Result<CertInfo, CertRefusal> {
    let (rest, cert) =
        X509Certificate::from_der(der).map_err(|e| CertRefusal::Malformed(e.to_string()))?;
    if !rest.is_empty() {
        return Err(CertRefusal::Malformed(format!(
            "{} bytes follow the certificate",
            rest.len()
        )));
    }
    Ok(CertInfo {
        subject: racf_dn(cert.subject()),
        issuer: racf_dn(cert.issuer()),
        serial: cert.raw_serial_as_string(),
        not_before: cert.validity().not_before.timestamp(),
        not_after: cert.validity().not_after.timestamp(),
    })
}

/// The DER of the first certificate in PEM text.
pub fn pem_to_der(text: &str) -> Result<Vec<u8>, String> {
    let (_, pem) = x509_parser::pem::parse_x509_pem(text.as_bytes())
        .map_err(|e| format!("no PEM certificate: {e}"))?;
    if pem.label != "CERTIFICATE" {
        return Err(format!(
            "the PEM block is a {}, not a CERTIFICATE",
            pem.label
        ));
    }
    Ok(pem.contents)
}

/// Does `filter` match `dn` (both in RACF's form)? It must be the end of the name.
pub fn filter_matches(filter: &str, dn: &str) -> bool {
    let f: Vec<&str> = filter.split('.').collect();
    let n: Vec<&str> = dn.split('.').collect();
    f.len() <= n.len()
        && f.iter().zip(&n[n.len() - f.len()..]).all(|(a, b)| {
            match (a.split_once('='), b.split_once('=')) {
                (Some((ta, va)), Some((tb, vb))) => ta.eq_ignore_ascii_case(tb) && va == vb,
                _ => false,
            }
        })
}

fn parts(filter: &Option<String>) -> usize {
    filter.as_ref().map_or(0, |f| f.split('.').count())
}

impl Racf {
    /// The RACF user a DER certificate stands for at `unix_secs`.
    pub fn certificate_user(&self, der: &[u8], unix_secs: i64) -> Result<String, CertRefusal> {
        self.certificate_user_of(&info(der)?, der, unix_secs)
    }

    /// [`Racf::certificate_user`] for a certificate already parsed: `i` is `info(der)`.
    pub fn certificate_user_of(
        &self,
        i: &CertInfo,
        der: &[u8],
        unix_secs: i64,
    ) -> Result<String, CertRefusal> {
        if unix_secs < i.not_before || unix_secs > i.not_after {
            return Err(CertRefusal::Expired);
        }
        let (owner, trusted) = if let Some(c) = self.certs.iter().find(|c| c.der == der) {
            (c.owner.clone(), c.trusted)
        } else {
            let best = self
                .cert_maps
                .iter()
                .filter(|m| {
                    m.sdnfilter
                        .as_ref()
                        .is_none_or(|f| filter_matches(f, &i.subject))
                        && m.idnfilter
                            .as_ref()
                            .is_none_or(|f| filter_matches(f, &i.issuer))
                })
                .max_by_key(|m| {
                    (
                        parts(&m.sdnfilter) + parts(&m.idnfilter),
                        m.idnfilter.is_some(),
                    )
                })
                .ok_or(CertRefusal::NotMapped)?;
            (best.owner.clone(), best.trusted)
        };
        if !trusted {
            return Err(CertRefusal::NotTrusted);
        }
        if self.user(&owner).is_none() {
            return Err(CertRefusal::NoUser(owner));
        }
        Ok(owner)
    }

    /// The certificates added with RACDCERT ADD.
    pub fn certificates(&self) -> &[Certificate] {
        &self.certs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pem(name: &str) -> String {
        let path = format!("{}/fixtures/certs/{name}.pem", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(path).unwrap()
    }

    fn der(name: &str) -> Vec<u8> {
        pem_to_der(&pem(name)).unwrap()
    }

    /// 2010-09-24, the virtual clock's start.
    const NOW: i64 = 1_285_286_400;

    fn racf() -> Racf {
        let mut r = Racf::new();
        let files = |n: &str| (n == "TOM.PEM").then(|| pem("tom"));
        for c in [
            "ADDUSER (TOM SALES CA)",
            "RACDCERT ID(TOM) ADD('TOM.PEM') WITHLABEL('Tom') TRUST",
            "RACDCERT ID(SALES) MAP SDNFILTER('OU=Sales.O=Example.C=US') WITHLABEL('Sales')",
            "RACDCERT ID(CA) MAP IDNFILTER('CN=Example CA.O=Example.C=US') WITHLABEL('Any')",
        ] {
            r.run_with(c, &files).unwrap_or_else(|e| panic!("{c}: {e}"));
        }
        r
    }

    #[test]
    fn associated_then_most_specific_mapping() {
        let r = racf();
        assert_eq!(r.certificate_user(&der("tom"), NOW), Ok("TOM".into()));
        // Ann: both mappings name three parts; the one with an issuer filter wins the tie.
        assert_eq!(r.certificate_user(&der("ann"), NOW), Ok("CA".into()));
        // Eve is not in Sales, but the Example CA issued hers.
        assert_eq!(r.certificate_user(&der("eve"), NOW), Ok("CA".into()));
        assert_eq!(
            r.certificate_user(&der("old"), NOW),
            Err(CertRefusal::Expired)
        );
        assert!(matches!(
            r.certificate_user(&[0x30, 0x00], NOW),
            Err(CertRefusal::Malformed(_))
        ));
        let i = info(&der("tom")).unwrap();
        assert_eq!(i.subject, "CN=Tom.OU=Sales.O=Example.C=US");
        assert_eq!(i.issuer, "CN=Example CA.O=Example.C=US");
    }

    #[test]
    fn notrust_maps_to_no_one() {
        let mut r = Racf::new();
        r.run("ADDUSER SALES").unwrap();
        r.run("RACDCERT ID(SALES) MAP SDNFILTER('O=Example.C=US') NOTRUST")
            .unwrap();
        assert_eq!(
            r.certificate_user(&der("ann"), NOW),
            Err(CertRefusal::NotTrusted)
        );
        assert_eq!(
            Racf::new().certificate_user(&der("ann"), NOW),
            Err(CertRefusal::NotMapped)
        );
        r.run("RACDCERT ID(GONE) MAP SDNFILTER('C=US')")
            .unwrap_err();
    }

    #[test]
    fn racdcert_errors_name_what_is_wrong() {
        let mut r = racf();
        let files = |n: &str| match n {
            "TOM.PEM" => Some(pem("tom")),
            "JUNK" => Some("not a certificate".into()),
            _ => None,
        };
        for (cmd, want) in [
            ("RACDCERT ADD('TOM.PEM')", "ID(userid) is required"),
            (
                "RACDCERT ID(NOBODY) MAP SDNFILTER('C=US')",
                "user NOBODY is not defined",
            ),
            ("RACDCERT ID(TOM) ADD('NONE')", "data set NONE is not found"),
            ("RACDCERT ID(TOM) ADD('JUNK')", "no PEM certificate"),
            ("RACDCERT ID(SALES) ADD('TOM.PEM')", "is already defined"),
            ("RACDCERT ID(TOM) MAP", "MAP needs SDNFILTER or IDNFILTER"),
            ("RACDCERT ID(TOM)", "one function is required"),
            (
                "RACDCERT ID(TOM) MAP SDNFILTER('C=US') WITHLABEL('Tom')",
                "already in use",
            ),
            ("RACDCERT ID(TOM) LIST", "unknown operand LIST"),
            (
                "RDEFINE FACILITY X SSIGNON(KEYMASKED(0123456789ABCDEF))",
                "class PTKTDATA",
            ),
            (
                "RDEFINE PTKTDATA X SSIGNON(KEYMASKED(0123))",
                "16 hexadecimal digits",
            ),
            (
                "RDEFINE PTKTDATA X SSIGNON(0123456789ABCDEF)",
                "KEYMASKED(key) is expected",
            ),
        ] {
            let e = r.run_with(cmd, &files).unwrap_err().to_string();
            assert!(e.contains(want), "{cmd}: {e}");
        }
    }

    #[test]
    fn filters_match_the_end_of_a_name() {
        let dn = "CN=Tom.OU=Sales.O=Example.C=US";
        assert!(filter_matches("O=Example.C=US", dn));
        assert!(filter_matches("cn=Tom.OU=Sales.O=Example.C=US", dn));
        assert!(!filter_matches("OU=Sales.O=Example", dn));
        assert!(!filter_matches("O=example.C=US", dn));
        assert!(!filter_matches("X.CN=Tom.OU=Sales.O=Example.C=US", dn));
        assert!(!filter_matches("garbage", dn));
    }
}
