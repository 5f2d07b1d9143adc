//! Storage shown the way IPCS shows it: the address, four fullwords in hex, and the EBCDIC text
//! between bars, 16 bytes a line.
//!
//! ```text
//!  00000000.  00000001 000000C8 00000003 0000003C  |................|
//! ```
//!
//! The address is followed by a period as in IPCS LIST output; a 64-bit address is printed as
//! two 8-digit halves joined by `_`. Characters that are not printable in the code page show as
//! `.` (`reconstructed` details: IPCS's exact column spacing is not in the reference).

use std::fmt::Write;

use crate::codepage::CodePage;

/// Formats `bytes` as they would sit in storage at `base`.
pub fn ipcs(bytes: &[u8], base: u64, page: CodePage) -> String {
    let wide = base.saturating_add(bytes.len() as u64) > u64::from(u32::MAX);
    let mut out = String::new();
    for (n, line) in bytes.chunks(16).enumerate() {
        let addr = base.wrapping_add(n as u64 * 16);
        if wide {
            let _ = write!(out, " {:08X}_{:08X}. ", addr >> 32, addr & 0xFFFF_FFFF);
        } else {
            let _ = write!(out, " {addr:08X}. ");
        }
        for word in 0..4 {
            out.push(' ');
            for i in 0..4 {
                match line.get(word * 4 + i) {
                    Some(b) => {
                        let _ = write!(out, "{b:02X}");
                    }
                    None => out.push_str("  "),
                }
            }
        }
        out.push_str("  |");
        for &b in line {
            let c = page.decode_byte(b);
            out.push(if c == ' ' || c.is_ascii_graphic() {
                c
            } else {
                '.'
            });
        }
        out.push_str(&" ".repeat(16 - line.len()));
        out.push_str("|\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_like_ipcs() {
        let bytes: Vec<u8> = (0xC1..=0xC9).chain([0x40, 0x00, 0xF1, 0xF2]).collect();
        assert_eq!(
            ipcs(&bytes, 0x1000, CodePage::Ibm1047),
            " 00001000.  C1C2C3C4 C5C6C7C8 C94000F1 F2        |ABCDEFGHI .12   |\n"
        );
        assert!(
            ipcs(&[0; 4], 0x1_0000_0000, CodePage::Ibm1047).starts_with(" 00000001_00000000. ")
        );
    }
}
