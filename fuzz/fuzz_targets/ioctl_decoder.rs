//! The ioctl command-word decoder on every word: the parts put back together are the word.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trustplex::areas::ioctl::{Direction, IoctlCmd};

fuzz_target!(|data: &[u8]| {
    for chunk in data.chunks_exact(4) {
        let cmd = IoctlCmd(u32::from_be_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]));
        let dir = match cmd.direction() {
            Direction::None => 0,
            Direction::Void => 0x2000_0000,
            Direction::Out => 0x4000_0000,
            Direction::In => 0x8000_0000,
            Direction::InOut => 0xC000_0000,
            Direction::Other(bits) => bits,
        };
        let rebuilt =
            dir | (cmd.length() << 16) | (u32::from(cmd.group()) << 8) | u32::from(cmd.number());
        assert_eq!(rebuilt, cmd.0);
        let _ = (cmd.describe(), cmd.name());
    }
});
