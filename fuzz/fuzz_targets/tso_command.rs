//! The TSO/E side of an exec with arbitrary text: TSO NETSTAT's operands, an operator command
//! on the console of a stack with a listener, and STORAGE's arguments on a job's storage. The
//! oracle: never a panic; a STORAGE read answers at most the length asked for.
#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;

mod one_stack;

use trustplex::api::storage::Storage;
use trustplex::rexx::Val;
use trustplex::rexx::tsoe;
use trustplex::sysplex::netstat::Request;
use trustplex::sysplex::{SystemId, console};

#[derive(Arbitrary, Debug)]
struct Case {
    netstat: String,
    console: String,
    storage: Vec<Option<Vec<u8>>>,
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(case) = Case::arbitrary(&mut u) else {
        return;
    };
    let words: Vec<String> = case.netstat.split_whitespace().map(String::from).collect();
    let _ = Request::parse(&words);
    let (mut plex, _) = one_stack::with_listener();
    let _ = console::command(&mut plex, Some(SystemId(0)), &case.console);
    let mut st = Storage::with_control_blocks("SYS1", "PLEX1");
    let args: Vec<Option<Val>> = case
        .storage
        .iter()
        .take(4)
        .map(|a| a.as_ref().map(|b| Val::from(&b[..])))
        .collect();
    if let Ok(Some(v)) = tsoe::storage(&mut st, &args) {
        let asked = args
            .get(1)
            .and_then(|a| a.as_deref())
            .and_then(|b| std::str::from_utf8(b).ok())
            .and_then(|t| t.trim().parse::<usize>().ok())
            .unwrap_or(1);
        assert!(v.len() <= asked);
    }
});
