//! EZASMI statements from arbitrary text, issued in a small program (a task area, the usual
//! fields, descriptors 0 and 1 open) with arbitrary register contents. The oracle: never a
//! panic; a statement either fails to assemble, is not emulated, abends, or runs and leaves
//! RETCODE at -1 with an ERRNO from the TCPERRNO table, or at a result of 0 or more.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod one_stack;

use trustplex::api::bpx::Regs;
use trustplex::api::ezasmi::{Ezasmi, Symbols};
use trustplex::api::host::{Direct, Host};
use trustplex::api::storage::Storage;
use trustplex::errno::tcp_errno;
use trustplex::sysplex::{Family, SockType};

fuzz_target!(|data: &[u8]| {
    if data.len() < 16 {
        return;
    }
    let (regs_bytes, text) = data.split_at(16);
    let Ok(text) = std::str::from_utf8(text) else {
        return;
    };
    let (mut plex, task) = one_stack::with_listener();
    let mut host = Direct {
        plex: &mut plex,
        task,
    };
    host.socket(Family::Inet, SockType::Stream).unwrap();

    let mut s = Storage::new();
    let mut syms = Symbols::default();
    for (name, len) in [
        ("SOCKNO", 2),
        ("ERRNO", 4),
        ("RETCODE", 4),
        ("BUF", 64),
        ("NAME", 28),
        ("PIAREA", 200),
        ("NBYTE", 4),
    ] {
        syms.dc(&mut s, name, &vec![0; len]).unwrap();
    }
    let mut regs = Regs::default();
    for (i, r) in regs.gpr.iter_mut().enumerate() {
        // Registers hold the fields' addresses or whatever the input says.
        *r = u64::from(regs_bytes[i]) * 8 + 0x8000;
    }
    let mut eza = Ezasmi::new();
    eza.issue("EZASMI TYPE=TASK", &mut syms, &mut regs, &mut s, &mut host)
        .unwrap();
    let before = regs;
    if eza
        .issue(text, &mut syms, &mut regs, &mut s, &mut host)
        .is_ok()
    {
        assert_eq!(regs.gpr[2..=13], before.gpr[2..=13]);
        let word = |n: &str| s.read_u32(syms.get(n).unwrap()).unwrap();
        // Only when the statement names the two result fields and nothing else writes them.
        let up = text.to_ascii_uppercase();
        let plain = up.matches("RETCODE").count() == 1
            && up.matches("ERRNO").count() == 1
            && up.contains("RETCODE=RETCODE")
            && up.contains("ERRNO=ERRNO");
        if plain && word("RETCODE") as i32 == -1 {
            let e = word("ERRNO");
            assert!(
                tcp_errno(e).is_some(),
                "ERRNO {e} is not in the TCPERRNO table"
            );
        }
    }
});
