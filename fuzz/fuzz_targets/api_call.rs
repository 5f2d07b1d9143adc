//! The callable-service entry points (and EZASOKET) on arbitrary storage: parameter lists built from
//! arbitrary addresses (in obtained areas or not, 31-bit with or without the VL bit, 64-bit),
//! arbitrary parameter values, every service. The oracle: never a panic; a call either
//! abends (nothing could be reported) or stores a Return_value, and then, when it is -1, a
//! z/OS UNIX errno the table knows.
#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;

mod one_stack;

use trustplex::api::bpx::{Amode, Regs, Service, bpx};
use trustplex::api::ezasoket::Ezasoket;
use trustplex::api::host::{Direct, Host};
use trustplex::api::storage::{Loc, Storage};
use trustplex::sysplex::{Family, SockType};

#[derive(Arbitrary, Debug)]
struct Case {
    /// Areas to obtain: where, and their bytes.
    areas: Vec<(u8, Vec<u8>)>,
    /// The parameter list: for each parameter, an area and an offset in it, or a raw address.
    list: Vec<(u8, u16, Option<u64>)>,
    vl_on_last: bool,
    amode64: bool,
    service: u8,
    /// Where R1 points: the list, or anywhere.
    r1: Option<u64>,
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(case) = Case::arbitrary(&mut u) else {
        return;
    };
    let (mut plex, task) = one_stack::with_listener();
    let mut host = Direct {
        plex: &mut plex,
        task,
    };
    // Descriptor 1, a fresh socket, beside the listener (0).
    host.socket(Family::Inet6, SockType::Stream).unwrap();

    let amode = if case.amode64 {
        Amode::Amode64
    } else {
        Amode::Amode31
    };
    let mut s = Storage::new();
    let mut starts = Vec::new();
    for (loc, bytes) in case.areas.iter().take(8) {
        let loc = match loc % 3 {
            0 => Loc::Below16M,
            1 => Loc::Below2G,
            _ => Loc::Above2G,
        };
        if let Ok(at) = s.obtain_with(bytes, loc) {
            starts.push(at);
        }
    }
    let addr = |(area, off, raw): &(u8, u16, Option<u64>)| {
        raw.unwrap_or_else(|| {
            starts
                .get(*area as usize % starts.len().max(1))
                .map_or(0, |s| s + u64::from(*off % 256))
        })
    };
    let entries: Vec<u64> = case.list.iter().take(12).map(addr).collect();
    let n = entries.len();
    let list: Vec<u8> = entries
        .iter()
        .enumerate()
        .flat_map(|(i, a)| match amode {
            Amode::Amode31 => {
                let vl = if case.vl_on_last && i + 1 == n {
                    0x8000_0000
                } else {
                    0
                };
                ((*a as u32) | vl).to_be_bytes().to_vec()
            }
            Amode::Amode64 => a.to_be_bytes().to_vec(),
        })
        .collect();
    let loc = if case.amode64 {
        Loc::Above2G
    } else {
        Loc::Below2G
    };
    let at = s.obtain_with(&list, loc).unwrap_or(0);
    let mut regs = Regs::default();
    regs.gpr[1] = case.r1.unwrap_or(at);
    if case.service % 11 == 10 {
        // EZASOKET: the list is 31-bit, up to the VL bit.
        let mut ez = Ezasoket::new();
        let before = regs;
        if ez.call(&mut regs, &mut s, &mut host).is_ok() {
            assert_eq!(regs.gpr[2..=13], before.gpr[2..=13]);
        }
        return;
    }
    let service = Service::ALL[case.service as usize % Service::ALL.len()];
    let before = regs;
    if bpx(service, amode, &mut regs, &mut s, &mut host).is_ok() {
        assert_eq!(regs.gpr[2..=13], before.gpr[2..=13]);
    }
});
