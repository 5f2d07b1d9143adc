//! The sysplex's catalogue: the data sets a scenario declares (`[[dataset]]`), which the TSO/E
//! functions SYSDSN and LISTDSI look up (`docs/reference/rexx.md` §17).
//!
//! One catalogue serves every system: a sysplex's systems normally share their catalogs
//! (`inferred`). There is no VTOC and no data: a data set is its catalogue entry and its
//! DSCB's attributes.

use std::collections::BTreeMap;
use std::fmt;

/// Data set organisation (`confirmed` values: TSO/E CLISTs, "CLIST variables set by
/// LISTDSI", `ikjb800/a26230.htm`; the model has the two a TSO/E exec meets).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dsorg {
    /// PS, physical sequential.
    Ps,
    /// PO, partitioned.
    Po,
}

impl Dsorg {
    pub fn parse(s: &str) -> Option<Dsorg> {
        match s {
            "PS" => Some(Dsorg::Ps),
            "PO" => Some(Dsorg::Po),
            _ => None,
        }
    }
}

impl fmt::Display for Dsorg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Dsorg::Ps => "PS",
            Dsorg::Po => "PO",
        })
    }
}

/// A catalogued data set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataSet {
    /// The fully qualified name, upper case.
    pub name: String,
    pub dsorg: Dsorg,
    /// Record format: 1 to 6 of U F V T B S A M (`confirmed`, a26230.htm).
    pub recfm: String,
    pub lrecl: u32,
    pub blksize: u32,
    pub keylen: u32,
    /// Volume serial and generic unit (`3390`).
    pub volume: String,
    pub unit: String,
    /// Space allocated and used, in tracks.
    pub alloc: u32,
    pub used: u32,
    /// A partitioned data set's members, upper case.
    pub members: Vec<String>,
}

/// Why a name is not a data set name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadName(pub String);

impl fmt::Display for BadName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

const NATIONAL: &[u8] = b"#@$";

/// A data set name: qualifiers of 1 to 8 characters, each starting with a letter or national
/// character (#, @, $) and going on with those, digits or a hyphen, joined by periods, 44
/// characters at most (`confirmed`, z/OS MVS JCL Reference, DSNAME parameter, "Cataloged data
/// set name").
pub fn check_dsname(name: &str) -> Result<(), BadName> {
    if name.is_empty() || name.len() > 44 {
        return Err(BadName(format!("{name:?} is not 1 to 44 characters long")));
    }
    for q in name.split('.') {
        let b = q.as_bytes();
        let first_ok = b
            .first()
            .is_some_and(|c| c.is_ascii_uppercase() || NATIONAL.contains(c));
        let rest_ok = b.iter().all(|c| {
            c.is_ascii_uppercase() || c.is_ascii_digit() || NATIONAL.contains(c) || *c == b'-'
        });
        if b.is_empty() || b.len() > 8 || !first_ok || !rest_ok {
            return Err(BadName(format!(
                "{name:?}: qualifier {q:?} is not 1 to 8 letters, digits, #, @, $ or - starting with a letter, #, @ or $"
            )));
        }
    }
    Ok(())
}

/// A member name: 1 to 8 letters, digits or national characters, the first not a digit
/// (`confirmed`, the same JCL Reference page; its generation-group forms `+n`/`-n` are not
/// members of a partitioned data set and are not taken here).
pub fn check_member(name: &str) -> Result<(), BadName> {
    let b = name.as_bytes();
    let ok = !b.is_empty()
        && b.len() <= 8
        && !b[0].is_ascii_digit()
        && b.iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || NATIONAL.contains(c));
    if ok {
        Ok(())
    } else {
        Err(BadName(format!(
            "{name:?} is not a member name: 1 to 8 letters, digits, #, @ or $, not starting with a digit"
        )))
    }
}

/// A record format as LISTDSI reports it: 1 to 6 of U F V T B S A M, each once
/// (`confirmed` letters, a26230.htm).
pub fn check_recfm(recfm: &str) -> Result<(), BadName> {
    let b = recfm.as_bytes();
    let ok = (1..=6).contains(&b.len())
        && b.iter().all(|c| b"UFVTBSAM".contains(c))
        && b.iter().enumerate().all(|(i, c)| !b[..i].contains(c));
    if ok {
        Ok(())
    } else {
        Err(BadName(format!(
            "{recfm:?} is not a record format: 1 to 6 of U F V T B S A M"
        )))
    }
}

/// Data sets by name.
#[derive(Clone, Debug, Default)]
pub struct Catalog {
    entries: BTreeMap<String, DataSet>,
}

impl Catalog {
    /// Catalogues a data set; false when one of that name already is.
    pub fn add(&mut self, ds: DataSet) -> bool {
        if self.entries.contains_key(&ds.name) {
            return false;
        }
        self.entries.insert(ds.name.clone(), ds);
        true
    }

    pub fn get(&self, name: &str) -> Option<&DataSet> {
        self.entries.get(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_jcl_rules() {
        for good in ["SYS1.PARMLIB", "A", "#X.@Y.$Z", "USER1.A-B", "ABCDEFGH.IJ"] {
            assert_eq!(check_dsname(good), Ok(()), "{good}");
        }
        let long = ["ABCDEFGH"; 5].join(".") + ".X"; // 46 characters
        for bad in [
            "",
            "1A.B",
            "A..B",
            "A.",
            "ABCDEFGHI.B",
            "a.b",
            "A.B C",
            &long,
        ] {
            assert!(check_dsname(bad).is_err(), "{bad}");
        }
        assert!(check_member("MEM1").is_ok() && check_member("#1").is_ok());
        for bad in ["", "1ABC", "ABCDEFGHI", "A.B"] {
            assert!(check_member(bad).is_err(), "{bad}");
        }
        assert!(check_recfm("FBA").is_ok() && check_recfm("VBS").is_ok());
        for bad in ["", "FF", "X", "FBAVSMT"] {
            assert!(check_recfm(bad).is_err(), "{bad}");
        }
    }
}
