//! RACF, as much as trusted TCP connections need: users, groups and connections; general
//! resource profiles (discrete and generic) with UACC and access lists; active and RACLISTed
//! classes with `SETROPTS RACLIST(class) REFRESH` semantics; the EZBDOMAIN security domain; and
//! UTOKENs for identities. Configured with RACF command syntax ([`command`]).
//!
//! Rules and where they come from:
//! - Access levels NONE < EXECUTE < READ < UPDATE < CONTROL < ALTER (`confirmed`, RACF Command
//!   Language Reference).
//! - Generic characters in general resource profiles (`confirmed`, IBM "Profile names for
//!   general resources", icha400 resour.htm): `%` one character; `*` one qualifier (as a whole
//!   qualifier), or, at the end of a qualifier, zero or more characters to the end of the name;
//!   `.*` at the end, one or more qualifiers; `**` zero or more qualifiers.
//! - The most specific matching profile is used (`confirmed`, same source). Specificity here:
//!   a discrete profile first; among generic ones, the one whose first generic character comes
//!   latest, then the one with more specific characters (`reconstructed` tie-breaks).
//! - The security domain is the APPLDATA of SERVAUTH profile EZBDOMAIN, at most 255
//!   characters, not case sensitive (`confirmed`, `docs/reference/trusted-tcp.md` §3.4).
//! - Changes to a RACLISTed class take effect at `SETROPTS RACLIST(class) REFRESH`
//!   (`confirmed`, RACF Security Administrator's Guide).

pub mod cert;
pub mod command;
pub mod passticket;

use std::collections::{BTreeMap, BTreeSet};

use crate::areas::utoken::{Identity, TOKSTYP_BATCH, Utoken};

/// A RACF access level.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Access {
    #[default]
    None,
    Execute,
    Read,
    Update,
    Control,
    Alter,
}

impl Access {
    /// The level named in a command (`READ`, `UPDATE`, ...), case-insensitive.
    pub fn from_name(name: &str) -> Option<Access> {
        Some(match name.to_ascii_uppercase().as_str() {
            "NONE" => Access::None,
            "EXECUTE" => Access::Execute,
            "READ" => Access::Read,
            "UPDATE" => Access::Update,
            "CONTROL" => Access::Control,
            "ALTER" => Access::Alter,
            _ => return None,
        })
    }
}

/// A RACF user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    pub id: String,
    pub default_group: String,
    pub name: String,
    pub special: bool,
    /// The OMVS segment's UID (`OMVS(UID(n))`), if the user has one.
    pub uid: Option<u32>,
}

/// A general resource profile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Profile {
    pub name: String,
    pub uacc: Access,
    /// User IDs and groups with their access; `*` stands for every RACF-defined user.
    pub access_list: BTreeMap<String, Access>,
    pub appldata: Option<String>,
    /// A PTKTDATA profile's secured signon application key (`SSIGNON(KEYMASKED(...))`).
    pub ssignon: Option<passticket::AppKey>,
}

/// The answer to an authorization check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// A profile protects the resource and grants the access.
    Allowed,
    /// A profile protects the resource and does not grant the access.
    Denied,
    /// No profile protects the resource, or its class is not active.
    NotProtected,
}

/// The RACF database and what is in storage.
#[derive(Clone, Debug, Default)]
pub struct Racf {
    users: BTreeMap<String, User>,
    groups: BTreeMap<String, Option<String>>,
    connections: BTreeSet<(String, String)>,
    active: BTreeSet<String>,
    /// Profiles in the database, per class.
    profiles: BTreeMap<String, BTreeMap<String, Profile>>,
    /// In-storage copies of RACLISTed classes, as of their last refresh.
    raclisted: BTreeMap<String, BTreeMap<String, Profile>>,
    /// Certificates added with RACDCERT ADD, and RACDCERT MAP mappings.
    certs: Vec<cert::Certificate>,
    cert_maps: Vec<cert::CertMap>,
}

/// The SERVAUTH profile whose APPLDATA is the security domain.
pub const EZBDOMAIN: &str = "EZBDOMAIN";
/// Longest security domain name (`confirmed`, `docs/reference/trusted-tcp.md` §3.4).
pub const DOMAIN_MAX: usize = 255;

/// Does resource `name` fall under profile `profile`? (See the module comment for the rules.)
pub fn matches(profile: &str, name: &str) -> bool {
    let p: Vec<&str> = profile.split('.').collect();
    let n: Vec<&str> = name.split('.').collect();
    match_qualifiers(&p, &n)
}

fn match_qualifiers(p: &[&str], n: &[&str]) -> bool {
    match (p.split_first(), n.split_first()) {
        (None, None) => true,
        (Some((&"**", rest)), _) => (0..=n.len()).any(|skip| match_qualifiers(rest, &n[skip..])),
        // `.*` as the last qualifier: one or more qualifiers.
        (Some((&"*", [])), Some(_)) if p.len() == 1 => !n.is_empty(),
        (Some((&"*", rest)), Some((_, nrest))) => match_qualifiers(rest, nrest),
        (Some((q, [])), Some(_)) if q.ends_with('*') => {
            // Ending `*` in a qualifier: zero or more characters to the end of the name.
            let stem = &q[..q.len() - 1];
            let rest_of_name = n.join(".");
            rest_of_name
                .get(..stem.len())
                .is_some_and(|head| match_chars(stem, head))
        }
        (Some((q, prest)), Some((nq, nrest))) => {
            match_chars(q, nq) && match_qualifiers(prest, nrest)
        }
        _ => false,
    }
}

/// Character by character, `%` matching any one character.
fn match_chars(pattern: &str, text: &str) -> bool {
    pattern.len() == text.len()
        && pattern
            .chars()
            .zip(text.chars())
            .all(|(p, t)| p == '%' || p.eq_ignore_ascii_case(&t))
}

/// Orders matching profiles: the greatest is the most specific.
fn specificity(name: &str) -> (bool, usize, usize) {
    let first_generic = name.find(['*', '%']).unwrap_or(name.len());
    let specific_chars = name.chars().filter(|c| !matches!(c, '*' | '%')).count();
    (first_generic == name.len(), first_generic, specific_chars)
}

impl Racf {
    pub fn new() -> Racf {
        Racf::default()
    }

    pub fn user(&self, id: &str) -> Option<&User> {
        self.users.get(&id.to_ascii_uppercase())
    }

    pub fn group_exists(&self, name: &str) -> bool {
        self.groups.contains_key(&name.to_ascii_uppercase())
    }

    /// The groups a user is connected to.
    pub fn groups_of(&self, id: &str) -> impl Iterator<Item = &str> {
        let id = id.to_ascii_uppercase();
        self.connections
            .iter()
            .filter(move |(u, _)| *u == id)
            .map(|(_, g)| g.as_str())
    }

    pub fn is_active(&self, class: &str) -> bool {
        self.active.contains(&class.to_ascii_uppercase())
    }

    pub fn is_raclisted(&self, class: &str) -> bool {
        self.raclisted.contains_key(&class.to_ascii_uppercase())
    }

    /// The profiles authorization checks see: the in-storage copy for a RACLISTed class,
    /// else the database.
    fn effective(&self, class: &str) -> Option<&BTreeMap<String, Profile>> {
        let class = class.to_ascii_uppercase();
        self.raclisted
            .get(&class)
            .or_else(|| self.profiles.get(&class))
    }

    /// The profile that protects `resource` in `class`, if any.
    pub fn protecting(&self, class: &str, resource: &str) -> Option<&Profile> {
        let resource = resource.to_ascii_uppercase();
        self.effective(class)?
            .values()
            .filter(|p| matches(&p.name, &resource))
            .max_by_key(|p| specificity(&p.name))
    }

    /// The access `user` has to `resource` in `class`, and whether that is at least `wanted`.
    pub fn check(&self, user: &str, class: &str, resource: &str, wanted: Access) -> Decision {
        if !self.is_active(class) {
            return Decision::NotProtected;
        }
        let Some(profile) = self.protecting(class, resource) else {
            return Decision::NotProtected;
        };
        let user = user.to_ascii_uppercase();
        let defined = self.users.contains_key(&user);
        let level = profile
            .access_list
            .get(&user)
            .copied()
            .or_else(|| {
                self.groups_of(&user)
                    .filter_map(|g| profile.access_list.get(g).copied())
                    .max()
            })
            .or_else(|| {
                defined
                    .then(|| profile.access_list.get("*").copied())
                    .flatten()
            })
            .unwrap_or(profile.uacc);
        if level >= wanted {
            Decision::Allowed
        } else {
            Decision::Denied
        }
    }

    /// The security domain: EZBDOMAIN's APPLDATA in SERVAUTH, as authorization checks see it.
    pub fn security_domain(&self) -> Option<&str> {
        self.effective("SERVAUTH")?
            .get(EZBDOMAIN)?
            .appldata
            .as_deref()
            .filter(|d| !d.is_empty())
    }

    /// Whether two security domain names are the same (they are not case sensitive).
    pub fn same_domain(a: &str, b: &str) -> bool {
        a.eq_ignore_ascii_case(b)
    }

    /// The UTOKEN of a user as RACF would build it for a batch job on `node`.
    pub fn utoken(&self, id: &str, node: &str) -> Option<Utoken> {
        let user = self.user(id)?;
        Utoken::from_identity(&Identity {
            user: user.id.clone(),
            group: user.default_group.clone(),
            session_type: TOKSTYP_BATCH,
            poe_class: 0,
            poe_name: "INTRDR".into(),
            exec_node: node.into(),
            submit_user: user.id.clone(),
            submit_group: user.default_group.clone(),
            submit_node: node.into(),
            ..Identity::default()
        })
        .ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generic_rules() {
        let cases = [
            (
                "EZB.IOCTL.SYS1.TCPCS1.PARTNERINFO",
                "EZB.IOCTL.SYS1.TCPCS1.PARTNERINFO",
                true,
            ),
            (
                "EZB.IOCTL.*.*.PARTNERINFO",
                "EZB.IOCTL.SYS1.TCPCS1.PARTNERINFO",
                true,
            ),
            (
                "EZB.IOCTL.*.PARTNERINFO",
                "EZB.IOCTL.SYS1.TCPCS1.PARTNERINFO",
                false,
            ),
            ("EZB.IOCTL.**", "EZB.IOCTL.SYS1.TCPCS1.PARTNERINFO", true),
            (
                "EZB.**.PARTNERINFO",
                "EZB.IOCTL.SYS1.TCPCS1.PARTNERINFO",
                true,
            ),
            ("**", "ANYTHING.AT.ALL", true),
            (
                "EZB.IOCTL.SYS%.TCPCS%.PARTNERINFO",
                "EZB.IOCTL.SYS2.TCPCS1.PARTNERINFO",
                true,
            ),
            (
                "EZB.IOCTL.SYS%.TCPCS%.PARTNERINFO",
                "EZB.IOCTL.SYS10.TCPCS1.PARTNERINFO",
                false,
            ),
            ("EZB.IOCTL.*", "EZB.IOCTL.SYS1.TCPCS1", true),
            ("EZB.IOCTL.*", "EZB.IOCTL", false),
            ("EZB.IOC*", "EZB.IOCTL.SYS1", true),
            ("EZB.IOC*", "EZB.IOC", true),
            ("EZB.IOCTL.SYS1*", "EZB.IOCTL.SYS2", false),
        ];
        for (profile, name, want) in cases {
            assert_eq!(matches(profile, name), want, "{profile} vs {name}");
        }
    }

    #[test]
    fn most_specific_profile_wins() {
        let mut names = [
            "**",
            "EZB.IOCTL.**",
            "EZB.IOCTL.*.*.PARTNERINFO",
            "EZB.IOCTL.SYS1.*.PARTNERINFO",
            "EZB.IOCTL.SYS1.TCPCS1.PARTNERINFO",
        ];
        names.sort_by_key(|n| specificity(n));
        assert_eq!(names[4], "EZB.IOCTL.SYS1.TCPCS1.PARTNERINFO");
        assert_eq!(names[3], "EZB.IOCTL.SYS1.*.PARTNERINFO");
        assert_eq!(names[0], "**");
    }
}
