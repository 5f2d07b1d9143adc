//! RACF commands, parsed with nom: ADDUSER, ADDGROUP, CONNECT, RDEFINE, RALTER, PERMIT,
//! SETROPTS and RACDCERT (ADD and MAP), with the operands trusted TCP connections and DCAS
//! need. Command names and operands may be
//! abbreviated as RACF documents (AU, AG, CO, RDEF, RALT, PE, SETR); an operand this module does
//! not know is an error that names it, never ignored.
//!
//! The syntax (`confirmed`, z/OS Security Server RACF Command Language Reference): a command
//! name, positional operands (a name, or a list in parentheses), then keyword operands, each
//! alone or with a value list in parentheses; values may be quoted with `'`, a quote inside
//! doubled. Error texts are the project's (`reconstructed`): RACF's ICH message texts are not in
//! the reference sheets.

use nom::branch::alt;
use nom::bytes::complete::take_while1;
use nom::character::complete::{char, multispace0, multispace1};
use nom::combinator::{all_consuming, map, opt, recognize};
use nom::multi::{many0, separated_list0};
use nom::sequence::{delimited, preceded};
use nom::{IResult, Parser};

use super::{Access, DOMAIN_MAX, Profile, Racf, User};

/// An operand: a keyword with its values (empty for a bare keyword).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Operand {
    pub keyword: String,
    pub values: Vec<String>,
}

/// A parsed command: its name, positional values and keyword operands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Command {
    pub verb: Verb,
    pub positional: Vec<String>,
    pub operands: Vec<Operand>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verb {
    AddUser,
    AddGroup,
    Connect,
    Rdefine,
    Ralter,
    Permit,
    Setropts,
    Racdcert,
}

/// Why a command was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RacfError {
    #[error("not a RACF command: {0}")]
    Syntax(String),
    #[error("{verb}: unknown operand {operand}")]
    UnknownOperand { verb: &'static str, operand: String },
    #[error("{verb}: {what}")]
    Invalid { verb: &'static str, what: String },
}

impl Verb {
    fn from_name(name: &str) -> Option<Verb> {
        Some(match name.to_ascii_uppercase().as_str() {
            "ADDUSER" | "AU" => Verb::AddUser,
            "ADDGROUP" | "AG" => Verb::AddGroup,
            "CONNECT" | "CO" => Verb::Connect,
            "RDEFINE" | "RDEF" | "RDEFIN" => Verb::Rdefine,
            "RALTER" | "RALT" => Verb::Ralter,
            "PERMIT" | "PE" => Verb::Permit,
            "SETROPTS" | "SETR" => Verb::Setropts,
            "RACDCERT" | "RACDCER" => Verb::Racdcert,
            _ => return None,
        })
    }

    pub const fn name(self) -> &'static str {
        match self {
            Verb::AddUser => "ADDUSER",
            Verb::AddGroup => "ADDGROUP",
            Verb::Connect => "CONNECT",
            Verb::Rdefine => "RDEFINE",
            Verb::Ralter => "RALTER",
            Verb::Permit => "PERMIT",
            Verb::Setropts => "SETROPTS",
            Verb::Racdcert => "RACDCERT",
        }
    }
}

type Res<'a, T> = IResult<&'a str, T>;

fn word(i: &str) -> Res<'_, String> {
    map(
        take_while1(|c: char| !c.is_whitespace() && !matches!(c, '(' | ')' | '\'' | ',')),
        str::to_owned,
    )
    .parse(i)
}

/// `'text'` with `''` for a quote.
fn quoted(i: &str) -> Res<'_, String> {
    let (mut i, _) = char('\'')(i)?;
    let mut out = String::new();
    loop {
        let Some(c) = i.chars().next() else {
            return Err(nom::Err::Error(nom::error::Error::new(
                i,
                nom::error::ErrorKind::Char,
            )));
        };
        i = &i[c.len_utf8()..];
        if c == '\'' {
            if let Some(rest) = i.strip_prefix('\'') {
                out.push('\'');
                i = rest;
            } else {
                return Ok((i, out));
            }
        } else {
            out.push(c);
        }
    }
}

/// A value inside parentheses: quoted, nested parentheses kept as text (OMVS(UID(0))), or a word.
fn value(i: &str) -> Res<'_, String> {
    alt((quoted, map(recognize(nested), str::to_owned), word)).parse(i)
}

/// `KEYWORD(values)` inside a value list, e.g. `UID(0)` in `OMVS(UID(0) HOME('/u/x'))`.
fn nested(i: &str) -> Res<'_, ()> {
    map((word, value_list), drop).parse(i)
}

fn value_list(i: &str) -> Res<'_, Vec<String>> {
    delimited(
        (char('('), multispace0),
        separated_list0(
            alt((
                recognize((multispace0, char(','), multispace0)),
                multispace1,
            )),
            value,
        ),
        (multispace0, char(')')),
    )
    .parse(i)
}

fn operand(i: &str) -> Res<'_, Operand> {
    let (i, keyword) = word(i)?;
    let (i, values) = opt(value_list).parse(i)?;
    Ok((
        i,
        Operand {
            keyword: keyword.to_ascii_uppercase(),
            values: values.unwrap_or_default(),
        },
    ))
}

fn positional(i: &str) -> Res<'_, Vec<String>> {
    alt((value_list, map(alt((quoted, word)), |w| vec![w]))).parse(i)
}

/// Parses one command line.
pub fn parse(line: &str) -> Result<Command, RacfError> {
    let bad = || RacfError::Syntax(line.trim().to_owned());
    let (rest, verb) = preceded(multispace0, word).parse(line).map_err(|_| bad())?;
    let verb = Verb::from_name(&verb).ok_or_else(bad)?;
    // Positional operands: CONNECT, ADDUSER, ADDGROUP and PERMIT take one; RDEFINE and RALTER
    // take the class and a profile list; SETROPTS and RACDCERT take none.
    let count = match verb {
        Verb::Setropts | Verb::Racdcert => 0,
        Verb::Rdefine | Verb::Ralter => 2,
        _ => 1,
    };
    let mut rest = rest;
    let mut positional_values = Vec::new();
    for _ in 0..count {
        let (r, v) = preceded(multispace1, positional)
            .parse(rest)
            .map_err(|_| bad())?;
        positional_values.push(v);
        rest = r;
    }
    let (_, operands) = all_consuming(many0(preceded(multispace1, operand)))
        .parse(rest.trim_end())
        .map_err(|_| bad())?;
    let mut flat = Vec::new();
    for v in positional_values {
        flat.extend(v);
    }
    Ok(Command {
        verb,
        positional: flat,
        operands,
    })
}

impl Command {
    fn one(&self, op: &Operand) -> Result<String, RacfError> {
        match op.values.as_slice() {
            [v] => Ok(v.clone()),
            _ => Err(RacfError::Invalid {
                verb: self.verb.name(),
                what: format!("{} takes one value", op.keyword),
            }),
        }
    }

    fn unknown(&self, op: &Operand) -> RacfError {
        RacfError::UnknownOperand {
            verb: self.verb.name(),
            operand: op.keyword.clone(),
        }
    }

    fn invalid(&self, what: impl Into<String>) -> RacfError {
        RacfError::Invalid {
            verb: self.verb.name(),
            what: what.into(),
        }
    }

    /// `SSIGNON(KEYMASKED(key))` or `SSIGNON(KEYENCRYPTED(key))`: 16 hex digits
    /// (`confirmed`, RACF Command Language Reference, RDEFINE). The model keeps the key as it
    /// is given: ICSF's encryption of a KEYENCRYPTED key changes nothing it computes.
    fn ssignon_key(&self, op: &Operand) -> Result<super::passticket::AppKey, RacfError> {
        let v = self.one(op)?.to_ascii_uppercase();
        let hex = v
            .strip_prefix("KEYMASKED(")
            .or_else(|| v.strip_prefix("KEYENCRYPTED("))
            .and_then(|r| r.strip_suffix(')'))
            .ok_or_else(|| self.invalid(format!("SSIGNON({v}): KEYMASKED(key) is expected")))?;
        super::passticket::parse_key(hex)
            .ok_or_else(|| self.invalid(format!("SSIGNON key {hex} is not 16 hexadecimal digits")))
    }

    fn access(&self, op: &Operand) -> Result<Access, RacfError> {
        let v = self.one(op)?;
        Access::from_name(&v).ok_or_else(|| self.invalid(format!("{v} is not an access level")))
    }
}

/// Whether `keyword` is `full` or an abbreviation of it at least `min` characters long.
fn is(keyword: &str, full: &str, min: usize) -> bool {
    keyword.len() >= min && full.starts_with(keyword)
}

impl Racf {
    /// Runs one RACF command.
    pub fn run(&mut self, line: &str) -> Result<(), RacfError> {
        self.run_with(line, &|_| None)
    }

    /// Runs one RACF command that may read a data set (RACDCERT ADD): `datasets` gives a
    /// data set's text by name.
    pub fn run_with(
        &mut self,
        line: &str,
        datasets: &dyn Fn(&str) -> Option<String>,
    ) -> Result<(), RacfError> {
        let cmd = parse(line)?;
        match cmd.verb {
            Verb::AddUser => self.add_user(&cmd),
            Verb::AddGroup => self.add_group(&cmd),
            Verb::Connect => self.connect(&cmd),
            Verb::Rdefine | Verb::Ralter => self.define(&cmd),
            Verb::Permit => self.permit(&cmd),
            Verb::Setropts => self.setropts(&cmd),
            Verb::Racdcert => self.racdcert(&cmd, datasets),
        }
    }

    /// ADDUSER. Without DFLTGRP the user goes into SYS1 (`reconstructed`: RACF uses the
    /// issuer's current connect group, and a scenario has no issuer), which always exists.
    fn add_user(&mut self, cmd: &Command) -> Result<(), RacfError> {
        let mut group = "SYS1".to_owned();
        let mut name = String::new();
        let mut special = false;
        let mut uid = None;
        for op in &cmd.operands {
            match op.keyword.as_str() {
                k if is(k, "DFLTGRP", 2) => group = cmd.one(op)?.to_ascii_uppercase(),
                k if is(k, "NAME", 2) => name = cmd.one(op)?,
                "SPECIAL" => special = true,
                // OMVS(UID(n) ...): the z/OS UNIX UID, 0 to 2,147,483,647 (`confirmed`, RACF
                // Command Language Reference, ADDUSER OMVS UID); its other fields are kept out.
                "OMVS" => {
                    for v in &op.values {
                        let u = v.to_ascii_uppercase();
                        if let Some(n) = u.strip_prefix("UID(").and_then(|r| r.strip_suffix(')')) {
                            let n = n.trim().parse::<u32>().ok().filter(|n| *n <= 2_147_483_647);
                            uid = Some(n.ok_or_else(|| {
                                cmd.invalid(format!("{v} is not a UID: 0 to 2147483647"))
                            })?);
                        }
                    }
                }
                k if is(k, "OWNER", 2)
                    || is(k, "PASSWORD", 2)
                    || k == "NOPASSWORD"
                    || k == "TSO" => {}
                _ => return Err(cmd.unknown(op)),
            }
        }
        if !self.group_exists(&group) && group != "SYS1" {
            return Err(cmd.invalid(format!("group {group} is not defined")));
        }
        for id in &cmd.positional {
            let id = id.to_ascii_uppercase();
            crate::codepage::validate_racf_name(&id).map_err(|e| cmd.invalid(e.to_string()))?;
            if self.users.contains_key(&id) {
                return Err(cmd.invalid(format!("user {id} is already defined")));
            }
            self.groups.entry(group.clone()).or_insert(None);
            self.connections.insert((id.clone(), group.clone()));
            self.users.insert(
                id.clone(),
                User {
                    id,
                    default_group: group.clone(),
                    name: name.clone(),
                    special,
                    uid,
                },
            );
        }
        Ok(())
    }

    fn add_group(&mut self, cmd: &Command) -> Result<(), RacfError> {
        let mut sup = None;
        for op in &cmd.operands {
            match op.keyword.as_str() {
                k if is(k, "SUPGROUP", 3) => sup = Some(cmd.one(op)?.to_ascii_uppercase()),
                k if is(k, "OWNER", 2) || k == "OMVS" => {}
                _ => return Err(cmd.unknown(op)),
            }
        }
        for g in &cmd.positional {
            let g = g.to_ascii_uppercase();
            crate::codepage::validate_racf_name(&g).map_err(|e| cmd.invalid(e.to_string()))?;
            if self.groups.insert(g.clone(), sup.clone()).is_some() {
                return Err(cmd.invalid(format!("group {g} is already defined")));
            }
        }
        Ok(())
    }

    fn connect(&mut self, cmd: &Command) -> Result<(), RacfError> {
        let mut group = None;
        for op in &cmd.operands {
            match op.keyword.as_str() {
                k if is(k, "GROUP", 2) => group = Some(cmd.one(op)?.to_ascii_uppercase()),
                k if is(k, "AUTHORITY", 4) || is(k, "OWNER", 2) => {}
                _ => return Err(cmd.unknown(op)),
            }
        }
        let group = group.ok_or_else(|| cmd.invalid("GROUP is required"))?;
        if !self.group_exists(&group) {
            return Err(cmd.invalid(format!("group {group} is not defined")));
        }
        for id in &cmd.positional {
            let id = id.to_ascii_uppercase();
            if !self.users.contains_key(&id) {
                return Err(cmd.invalid(format!("user {id} is not defined")));
            }
            self.connections.insert((id, group.clone()));
        }
        Ok(())
    }

    fn define(&mut self, cmd: &Command) -> Result<(), RacfError> {
        let [class, names @ ..] = cmd.positional.as_slice() else {
            return Err(cmd.invalid("a class and a profile name are required"));
        };
        let class = class.to_ascii_uppercase();
        let mut uacc = None;
        let mut appldata = None;
        let mut ssignon = None;
        for op in &cmd.operands {
            match op.keyword.as_str() {
                k if is(k, "UACC", 2) => uacc = Some(cmd.access(op)?),
                k if is(k, "SSIGNON", 3) => {
                    if class != "PTKTDATA" {
                        return Err(cmd.invalid("SSIGNON is for profiles in class PTKTDATA"));
                    }
                    ssignon = Some(cmd.ssignon_key(op)?);
                }
                k if is(k, "APPLDATA", 4) => {
                    let data = cmd.one(op)?;
                    if data.chars().count() > DOMAIN_MAX {
                        return Err(
                            cmd.invalid(format!("APPLDATA is longer than {DOMAIN_MAX} characters"))
                        );
                    }
                    appldata = Some(Some(data));
                }
                k if is(k, "NOAPPLDATA", 6) => appldata = Some(None),
                k if is(k, "OWNER", 2) || is(k, "DATA", 4) => {}
                _ => return Err(cmd.unknown(op)),
            }
        }
        let profiles = self.profiles.entry(class.clone()).or_default();
        for name in names {
            let name = name.to_ascii_uppercase();
            match (cmd.verb, profiles.get_mut(&name)) {
                (Verb::Rdefine, Some(_)) => {
                    return Err(cmd.invalid(format!(
                        "profile {name} is already defined in class {class}"
                    )));
                }
                (Verb::Rdefine, None) => {
                    profiles.insert(
                        name.clone(),
                        Profile {
                            name,
                            uacc: uacc.unwrap_or(Access::None),
                            access_list: Default::default(),
                            appldata: appldata.clone().flatten(),
                            ssignon,
                        },
                    );
                }
                (_, Some(p)) => {
                    if let Some(u) = uacc {
                        p.uacc = u;
                    }
                    if let Some(a) = &appldata {
                        p.appldata = a.clone();
                    }
                    if ssignon.is_some() {
                        p.ssignon = ssignon;
                    }
                }
                (_, None) => {
                    return Err(
                        cmd.invalid(format!("profile {name} is not defined in class {class}"))
                    );
                }
            }
        }
        Ok(())
    }

    fn permit(&mut self, cmd: &Command) -> Result<(), RacfError> {
        let mut class = None;
        let mut ids = Vec::new();
        let mut access = Access::Read;
        let mut delete = false;
        for op in &cmd.operands {
            match op.keyword.as_str() {
                k if is(k, "CLASS", 2) => class = Some(cmd.one(op)?.to_ascii_uppercase()),
                "ID" => ids.extend(op.values.iter().map(|v| v.to_ascii_uppercase())),
                k if is(k, "ACCESS", 2) => access = cmd.access(op)?,
                k if is(k, "DELETE", 3) => delete = true,
                _ => return Err(cmd.unknown(op)),
            }
        }
        let class = class.ok_or_else(|| cmd.invalid("CLASS is required"))?;
        if ids.is_empty() {
            return Err(cmd.invalid("ID is required"));
        }
        for name in &cmd.positional {
            let name = name.to_ascii_uppercase();
            let profile = self
                .profiles
                .get_mut(&class)
                .and_then(|p| p.get_mut(&name))
                .ok_or_else(|| {
                    cmd.invalid(format!("profile {name} is not defined in class {class}"))
                })?;
            for id in &ids {
                if delete {
                    profile.access_list.remove(id);
                } else {
                    profile.access_list.insert(id.clone(), access);
                }
            }
        }
        Ok(())
    }

    fn setropts(&mut self, cmd: &Command) -> Result<(), RacfError> {
        let refresh = cmd.operands.iter().any(|o| is(&o.keyword, "REFRESH", 3));
        for op in &cmd.operands {
            let classes = op.values.iter().map(|v| v.to_ascii_uppercase());
            match op.keyword.as_str() {
                k if is(k, "CLASSACT", 6) => self.active.extend(classes),
                k if is(k, "NOCLASSACT", 8) => {
                    for c in classes {
                        self.active.remove(&c);
                    }
                }
                k if is(k, "RACLIST", 5) => {
                    for c in classes {
                        // RACLIST(class) loads the profiles into storage; with REFRESH it
                        // reloads a class that is already RACLISTed.
                        if refresh && !self.raclisted.contains_key(&c) {
                            return Err(cmd.invalid(format!(
                                "class {c} is not RACLISTed, so it cannot be refreshed"
                            )));
                        }
                        let copy = self.profiles.get(&c).cloned().unwrap_or_default();
                        self.raclisted.insert(c, copy);
                    }
                }
                k if is(k, "NORACLIST", 7) => {
                    for c in classes {
                        self.raclisted.remove(&c);
                    }
                }
                k if is(k, "REFRESH", 3) || is(k, "GENERIC", 3) || is(k, "GENCMD", 4) => {}
                _ => return Err(cmd.unknown(op)),
            }
        }
        Ok(())
    }

    /// RACDCERT ID(user) ADD('dsname') WITHLABEL('label') [TRUST|NOTRUST], and RACDCERT
    /// ID(user) MAP SDNFILTER('filter') [IDNFILTER('filter')] WITHLABEL('label')
    /// [TRUST|NOTRUST] (`confirmed` syntax, RACF Command Language Reference, RACDCERT). A
    /// scenario has no issuer, so ID is required; the data set holds the certificate as PEM.
    fn racdcert(
        &mut self,
        cmd: &Command,
        datasets: &dyn Fn(&str) -> Option<String>,
    ) -> Result<(), RacfError> {
        let (mut id, mut add, mut map, mut label) = (None, None, false, None);
        let (mut sdn, mut idn, mut trusted) = (None, None, true);
        for op in &cmd.operands {
            match op.keyword.as_str() {
                "ID" => id = Some(cmd.one(op)?.to_ascii_uppercase()),
                "ADD" => add = Some(cmd.one(op)?),
                "MAP" => map = true,
                k if is(k, "WITHLABEL", 5) => label = Some(cmd.one(op)?),
                "SDNFILTER" => sdn = Some(cmd.one(op)?),
                "IDNFILTER" => idn = Some(cmd.one(op)?),
                "TRUST" => trusted = true,
                "NOTRUST" => trusted = false,
                _ => return Err(cmd.unknown(op)),
            }
        }
        let id = id.ok_or_else(|| cmd.invalid("ID(userid) is required"))?;
        if self.user(&id).is_none() {
            return Err(cmd.invalid(format!("user {id} is not defined")));
        }
        let label = label
            .unwrap_or_else(|| format!("LABEL{:08}", self.certs.len() + self.cert_maps.len() + 1));
        if self.certs.iter().any(|c| c.owner == id && c.label == label)
            || self
                .cert_maps
                .iter()
                .any(|m| m.owner == id && m.label == label)
        {
            return Err(cmd.invalid(format!("label {label:?} is already in use for {id}")));
        }
        match (add, map) {
            (Some(dsn), false) => {
                let text = datasets(&dsn.to_ascii_uppercase())
                    .or_else(|| datasets(&dsn))
                    .ok_or_else(|| cmd.invalid(format!("data set {dsn} is not found")))?;
                let der = super::cert::pem_to_der(&text)
                    .map_err(|e| cmd.invalid(format!("data set {dsn}: {e}")))?;
                let info = super::cert::info(&der)
                    .map_err(|e| cmd.invalid(format!("data set {dsn}: {e}")))?;
                if self.certs.iter().any(|c| c.der == der) {
                    return Err(cmd.invalid(format!("the certificate in {dsn} is already defined")));
                }
                self.certs.push(super::cert::Certificate {
                    owner: id,
                    label,
                    der,
                    subject: info.subject,
                    issuer: info.issuer,
                    trusted,
                });
            }
            (None, true) => {
                if sdn.is_none() && idn.is_none() {
                    return Err(cmd.invalid("MAP needs SDNFILTER or IDNFILTER"));
                }
                self.cert_maps.push(super::cert::CertMap {
                    owner: id,
                    label,
                    sdnfilter: sdn,
                    idnfilter: idn,
                    trusted,
                });
            }
            _ => return Err(cmd.invalid("one function is required: ADD or MAP")),
        }
        Ok(())
    }
}

/// The name of the SERVAUTH profile a SIOCGPARTNERINFO caller needs READ to
/// (`confirmed`, `docs/reference/trusted-tcp.md` §3.3).
pub fn partnerinfo_profile(sysname: &str, tcpprocname: &str) -> String {
    format!("EZB.IOCTL.{sysname}.{tcpprocname}.PARTNERINFO").to_ascii_uppercase()
}

#[cfg(test)]
mod tests {
    use super::super::Decision;
    use super::*;

    fn plex() -> Racf {
        let mut r = Racf::new();
        for line in [
            "ADDGROUP TCPGRP",
            "ADDUSER (TRSTSRV TCPUSER) DFLTGRP(TCPGRP) NAME('TRUSTED SERVER') OWNER(IBMUSER)",
            "ADDUSER OUTSIDER",
            "RDEFINE SERVAUTH EZB.IOCTL.*.*.PARTNERINFO UACC(NONE)",
            "PERMIT EZB.IOCTL.*.*.PARTNERINFO CLASS(SERVAUTH) ID(TCPGRP) ACCESS(READ)",
            "RDEFINE SERVAUTH EZBDOMAIN APPLDATA('PlexDomain')",
            "SETROPTS CLASSACT(SERVAUTH) RACLIST(SERVAUTH) GENERIC(SERVAUTH)",
        ] {
            r.run(line).unwrap_or_else(|e| panic!("{line}: {e}"));
        }
        r
    }

    #[test]
    fn servauth_checks_through_groups_and_generic_profiles() {
        let r = plex();
        let profile = partnerinfo_profile("SYS1", "TCPCS1");
        assert_eq!(
            r.check("TRSTSRV", "SERVAUTH", &profile, Access::Read),
            Decision::Allowed
        );
        assert_eq!(
            r.check("OUTSIDER", "SERVAUTH", &profile, Access::Read),
            Decision::Denied
        );
        assert_eq!(
            r.check("TRSTSRV", "SERVAUTH", "EZB.OTHER", Access::Read),
            Decision::NotProtected
        );
        assert_eq!(r.security_domain(), Some("PlexDomain"));
        assert!(Racf::same_domain("plexdomain", "PLEXDOMAIN"));
    }

    #[test]
    fn raclisted_changes_wait_for_refresh() {
        let mut r = plex();
        let profile = partnerinfo_profile("SYS1", "TCPCS1");
        r.run("PERMIT EZB.IOCTL.*.*.PARTNERINFO CLASS(SERVAUTH) ID(OUTSIDER) ACCESS(READ)")
            .unwrap();
        assert_eq!(
            r.check("OUTSIDER", "SERVAUTH", &profile, Access::Read),
            Decision::Denied
        );
        r.run("SETROPTS RACLIST(SERVAUTH) REFRESH").unwrap();
        assert_eq!(
            r.check("OUTSIDER", "SERVAUTH", &profile, Access::Read),
            Decision::Allowed
        );
        r.run("RALTER SERVAUTH EZBDOMAIN NOAPPLDATA").unwrap();
        assert_eq!(r.security_domain(), Some("PlexDomain"));
        r.run("SETR RACLIST(SERVAUTH) REFRESH").unwrap();
        assert_eq!(r.security_domain(), None);
    }

    #[test]
    fn a_more_specific_profile_overrides() {
        let mut r = plex();
        r.run("RDEFINE SERVAUTH EZB.IOCTL.SYS1.TCPCS1.PARTNERINFO UACC(NONE)")
            .unwrap();
        r.run("SETROPTS RACLIST(SERVAUTH) REFRESH").unwrap();
        let profile = partnerinfo_profile("SYS1", "TCPCS1");
        assert_eq!(
            r.check("TRSTSRV", "SERVAUTH", &profile, Access::Read),
            Decision::Denied
        );
        assert_eq!(
            r.check(
                "TRSTSRV",
                "SERVAUTH",
                &partnerinfo_profile("SYS2", "TCPCS2"),
                Access::Read
            ),
            Decision::Allowed
        );
    }

    #[test]
    fn parse_forms_and_errors() {
        let c = parse("permit 'A.B' class(servauth) id(u1, u2) access(update)").unwrap();
        assert_eq!(c.verb, Verb::Permit);
        assert_eq!(c.positional, ["A.B"]);
        assert_eq!(c.operands[1].values, ["u1", "u2"]);
        let c = parse("ADDUSER X OMVS(UID(0) HOME('/u/x'))").unwrap();
        assert_eq!(c.operands[0].keyword, "OMVS");
        let q = parse("RDEFINE SERVAUTH EZBDOMAIN APPLDATA('it''s')").unwrap();
        assert_eq!(q.operands[0].values, ["it's"]);
        let mut r = plex();
        assert!(
            matches!(r.run("PERMIT X CLASS(SERVAUTH) ID(A) FROB(1)"), Err(RacfError::UnknownOperand { operand, .. }) if operand == "FROB")
        );
        assert!(matches!(r.run("DELUSER X"), Err(RacfError::Syntax(_))));
        assert!(matches!(
            r.run("ADDUSER 1BAD"),
            Err(RacfError::Invalid { .. })
        ));
        assert!(
            r.run(&format!(
                "RDEFINE SERVAUTH LONG APPLDATA('{}')",
                "X".repeat(256)
            ))
            .is_err()
        );
        assert!(r.run("SETROPTS RACLIST(FACILITY) REFRESH").is_err());
    }

    #[test]
    fn tokens_for_users() {
        let r = plex();
        let t = r.utoken("TRSTSRV", "NODE1").unwrap();
        assert_eq!(
            (t.user().as_str(), t.group().as_str()),
            ("TRSTSRV", "TCPGRP")
        );
        assert!(r.utoken("NOBODY", "NODE1").is_none());
    }
}
