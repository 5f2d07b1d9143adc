//! trustplex: a z/OS-faithful emulator of Communications Server trusted TCP connections
//! (SIOCGPARTNERINFO, SIOCSPARTNERINFO, SO_CLUSTERCONNTYPE).
//!
//! Layers, lowest first (`../shared/DESIGN.md`): [`codepage`], [`errno`] and [`areas`] (the
//! byte-exact data areas), with [`hextext`] and [`copybook`] as the tools around them.

pub mod api;
pub mod areas;
pub mod codepage;
pub mod copybook;
pub mod errno;
pub mod hextext;
pub mod racf;
pub mod rexx;
pub mod scenario;
pub mod sysplex;
