//! The DCAS configuration file (dcas.conf), parsed with nom: one keyword a line with its
//! value, `#` to the end of a line a comment (`docs/reference/dcas.md` §3).
//!
//! The keywords, their meanings and defaults are IBM's and HCL's (`confirmed` /
//! `third-party`). An unknown keyword, or a value a keyword cannot take, is a warning and the
//! documented default stands (`reconstructed`: IBM's DCAS messages are not public); nothing
//! in the file ends DCAS on its own.

use std::net::IpAddr;

use nom::bytes::complete::{take_till, take_while1};
use nom::character::complete::space0;
use nom::combinator::{opt, rest};
use nom::sequence::preceded;
use nom::{IResult, Parser};

/// The default DCAS port (`confirmed`: IBM, "Express Logon Feature configuration example").
pub const DEFAULT_PORT: u16 = 8990;

/// Client authentication: LOCAL1 (SSL only) or LOCAL2 (RACF also checks the certificate is
/// associated with a user), the default.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClientAuth {
    Local1,
    Local2,
}

/// What dcas.conf set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// TCPIP: the stack DCAS has affinity with.
    pub tcpip: Option<String>,
    /// IPADDR: the address to bind (INADDR_ANY by default).
    pub ipaddr: Option<IpAddr>,
    pub port: u16,
    pub keyring: Option<String>,
    pub stashfile: Option<String>,
    pub safkeyring: Option<String>,
    pub clientauth: ClientAuth,
    pub ldapserver: Option<String>,
    pub ldapport: Option<u16>,
    /// V3CIPHER: cipher suite codes 01..06, 09, 0A.
    pub v3cipher: Vec<u8>,
    /// TLSMECHANISM ATTLS.
    pub attls: bool,
    pub tlsv1only: bool,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            tcpip: None,
            ipaddr: None,
            port: DEFAULT_PORT,
            keyring: None,
            stashfile: None,
            safkeyring: None,
            clientauth: ClientAuth::Local2,
            ldapserver: None,
            ldapport: None,
            v3cipher: Vec::new(),
            attls: false,
            tlsv1only: false,
        }
    }
}

/// A line the configuration could not take: its number and what was wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    pub line: usize,
    pub what: String,
}

/// The V3CIPHER codes DCAS takes (`confirmed`: IBM, "DCAS migration to AT-TLS").
const CIPHERS: &[u8] = &[0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x09, 0x0A];

/// A line: its keyword and the rest (the value), comments and blanks trimmed.
fn line(i: &str) -> IResult<&str, (&str, &str)> {
    let (i, _) = space0(i)?;
    let (i, keyword) = take_while1(|c: char| !c.is_whitespace() && c != '#')(i)?;
    let (i, value) = opt(preceded(space0, take_till(|c| c == '#'))).parse(i)?;
    let (i, _) = rest(i)?;
    Ok((i, (keyword, value.unwrap_or("").trim())))
}

/// Parses dcas.conf text: the configuration, and a warning for each line it could not take.
pub fn parse(text: &str) -> (Config, Vec<Warning>) {
    let mut cfg = Config::default();
    let mut warnings = Vec::new();
    for (n, raw) in text.lines().enumerate() {
        let content = raw.split('#').next().unwrap_or("");
        if content.trim().is_empty() {
            continue;
        }
        let Ok((_, (keyword, value))) = line(raw) else {
            continue;
        };
        let mut warn = |what: String| warnings.push(Warning { line: n + 1, what });
        // The value as one word; two words or none is no value.
        let one = || -> Option<String> {
            let mut words = value.split_whitespace();
            match (words.next(), words.next()) {
                (Some(w), None) => Some(w.to_owned()),
                _ => None,
            }
        };
        let key = keyword.to_ascii_uppercase();
        match key.as_str() {
            "TCPIP" => match one() {
                Some(v) if v.len() <= 8 => cfg.tcpip = Some(v.to_ascii_uppercase()),
                _ => warn(format!(
                    "TCPIP takes a stack name of up to 8 characters, not {value:?}"
                )),
            },
            "IPADDR" => match one().and_then(|v| v.parse().ok()) {
                Some(ip) => cfg.ipaddr = Some(ip),
                None => warn(format!(
                    "IPADDR takes an IP address, not {value:?}; INADDR_ANY is used"
                )),
            },
            "PORT" => match one().and_then(|v| v.parse::<u16>().ok()).filter(|p| *p > 0) {
                Some(p) => cfg.port = p,
                None => warn(format!(
                    "PORT takes a port from 1 to 65535, not {value:?}; {DEFAULT_PORT} is used"
                )),
            },
            "KEYRING" | "STASHFILE" | "SAFKEYRING" | "LDAPSERVER" => match one() {
                Some(v) => {
                    let slot = match key.as_str() {
                        "KEYRING" => &mut cfg.keyring,
                        "STASHFILE" => &mut cfg.stashfile,
                        "SAFKEYRING" => &mut cfg.safkeyring,
                        _ => &mut cfg.ldapserver,
                    };
                    *slot = Some(v);
                }
                None => warn(format!("{key} takes one name, not {value:?}")),
            },
            "LDAPPORT" => match one().and_then(|v| v.parse::<u16>().ok()).filter(|p| *p > 0) {
                Some(p) => cfg.ldapport = Some(p),
                None => warn(format!(
                    "LDAPPORT takes a port from 1 to 65535, not {value:?}"
                )),
            },
            "CLIENTAUTH" => match one().map(|v| v.to_ascii_uppercase()).as_deref() {
                Some("LOCAL1") => cfg.clientauth = ClientAuth::Local1,
                Some("LOCAL2") => cfg.clientauth = ClientAuth::Local2,
                _ => warn(format!(
                    "CLIENTAUTH takes LOCAL1 or LOCAL2, not {value:?}; LOCAL2 is used"
                )),
            },
            "V3CIPHER" => {
                let codes: Option<Vec<u8>> = value
                    .as_bytes()
                    .chunks(2)
                    .map(|c| {
                        std::str::from_utf8(c)
                            .ok()
                            .filter(|s| s.len() == 2)
                            .and_then(|s| u8::from_str_radix(s, 16).ok())
                            .filter(|b| CIPHERS.contains(b))
                    })
                    .collect();
                match codes {
                    Some(c) if !c.is_empty() && !value.contains(char::is_whitespace) => {
                        cfg.v3cipher = c
                    }
                    _ => warn(format!(
                        "V3CIPHER takes pairs of hex digits from 01, 02, 03, 04, 05, 06, 09, 0A, not {value:?}"
                    )),
                }
            }
            "TLSMECHANISM" => match one().map(|v| v.to_ascii_uppercase()).as_deref() {
                Some("ATTLS") => cfg.attls = true,
                _ => warn(format!("TLSMECHANISM takes ATTLS, not {value:?}")),
            },
            "TLSV1ONLY" if value.is_empty() => cfg.tlsv1only = true,
            "TLSV1ONLY" => warn(format!("TLSV1ONLY takes no value, not {value:?}")),
            _ => warn(format!("unknown keyword {keyword}: ignored")),
        }
    }
    (cfg, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_values_and_defaults() {
        let (cfg, warnings) = parse(
            "# DCAS on TCPCS1\nTCPIP tcpcs1\nPORT 9000   # not the default\nCLIENTAUTH LOCAL1\n\
             V3CIPHER 0A09\nTLSMECHANISM ATTLS\nTLSV1ONLY\nSAFKEYRING DCASRING\n",
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(cfg.tcpip.as_deref(), Some("TCPCS1"));
        assert_eq!(cfg.port, 9000);
        assert_eq!(cfg.clientauth, ClientAuth::Local1);
        assert_eq!(cfg.v3cipher, vec![0x0A, 0x09]);
        assert!(cfg.attls && cfg.tlsv1only);
        assert_eq!(cfg.safkeyring.as_deref(), Some("DCASRING"));
        assert_eq!(parse("").0, Config::default());
        assert_eq!(Config::default().port, 8990);
    }

    #[test]
    fn bad_lines_are_warnings_and_defaults_stand() {
        let (cfg, warnings) = parse(
            "PORT 70000\nCLIENTAUTH LOCAL3\nFROBNICATE yes\nV3CIPHER 0B\nIPADDR nowhere\nTLSV1ONLY please\n",
        );
        assert_eq!(cfg, Config::default());
        let lines: Vec<usize> = warnings.iter().map(|w| w.line).collect();
        assert_eq!(lines, vec![1, 2, 3, 4, 5, 6]);
        assert!(
            warnings[2].what.contains("unknown keyword FROBNICATE"),
            "{warnings:?}"
        );
        assert!(warnings[0].what.contains("8990 is used"), "{warnings:?}");
    }
}
