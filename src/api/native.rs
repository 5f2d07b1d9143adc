//! A call from a program in another process: the wire form that carries a z/OS entry-point
//! call (EZASOKET, BPX1IOC, BPX4IOC) from a compiled program to trustplex, and its running
//! against the model (`docs/native.md`).
//!
//! On z/OS every parameter is passed by address and the service reads and writes the caller's
//! storage in place. Across a process boundary the caller's side sends each parameter's area
//! (as many bytes as the service may read or write there, which [`param_sizes`] works out
//! from the function and the values already in the areas); trustplex lays the areas out in an
//! emulated address space, builds the parameter list, runs the same entry point a REXX exec or
//! an assembler program reaches, and answers with the bytes of each area that changed, which
//! the caller's side writes back. A parameter whose address is null is sent as absent: the
//! service finds no storage there and answers as z/OS does (EFAULT, or an abend when it cannot
//! even report).
//!
//! Wire form (`reconstructed`: the project's own; every number big-endian):
//! - a call: `TPXC`, the entry (1 EZASOKET; a BPX service 2 + twice its place in
//!   `Service::ALL`, plus 1 for BPX4xxx: BPX1IOC 2, BPX4IOC 3), the parameter count (one
//!   byte, at most [`MAX_PARAMS`]), then per parameter a byte (0 absent, 1 present) and, when
//!   present, a fullword length and that many bytes;
//! - a reply: `TPXR`, then 0 and per parameter of the call a fullword offset, a fullword
//!   length and that many bytes (length 0: unchanged), or 1 and an abend: a halfword length
//!   and the text of the abend.
//!
//! Each message travels with a fullword length before it, at most [`MAX_MESSAGE`] bytes.

use crate::areas::ioctl::{IOCC_ARG_MAX, SIOCGPARTNERINFO};
use crate::codepage::{CodePage, field_text, pad_field};
use crate::sysplex::sched::ABEND_STORAGE;

pub use super::bpx::{Amode, Service};
use super::bpx::{Regs, bpx, parm_list};
use super::ezasoket::Ezasoket;
use super::host::Host;
use super::storage::Storage;

/// The most parameters a call carries (`reconstructed`: EZASOKET's longest list has seven).
pub const MAX_PARAMS: usize = 16;

/// The longest buffer a call carries (`reconstructed`): 16 MiB, the longest string REXX and
/// the model hold.
pub const MAX_BUFFER: usize = 16 << 20;

/// The longest message (`reconstructed`): a buffer and the rest of its call.
pub const MAX_MESSAGE: usize = MAX_BUFFER + 4096;

/// The environment variable that names, for a program a trustplex job started, the socket its
/// calls go to (`reconstructed`).
pub const SOCKET_ENV: &str = "TRUSTPLEX_SOCKET";

/// Sends a message: its length as a fullword, then the message, in one write (one system
/// call on an unbuffered socket).
pub fn write_message(w: &mut impl std::io::Write, msg: &[u8]) -> std::io::Result<()> {
    let mut frame = Vec::with_capacity(4 + msg.len());
    frame.extend_from_slice(&(msg.len() as u32).to_be_bytes());
    frame.extend_from_slice(msg);
    w.write_all(&frame)?;
    w.flush()
}

/// Receives a message sent by [`write_message`]; one longer than [`MAX_MESSAGE`] is refused
/// before anything is allocated for it.
pub fn read_message(r: &mut impl std::io::Read) -> std::io::Result<Vec<u8>> {
    let mut len = [0u8; 4];
    r.read_exact(&mut len)?;
    let len = u32::from_be_bytes(len) as usize;
    if len > MAX_MESSAGE {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            WireError::TooLong(len),
        ));
    }
    let mut msg = vec![0u8; len];
    r.read_exact(&mut msg)?;
    Ok(msg)
}

/// An entry point a program calls: EZASOKET, or a BPX callable service (BPX1xxx for a caller
/// in AMODE 31, BPX4xxx in AMODE 64).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entry {
    Ezasoket,
    Bpx(Service, Amode),
}

impl Entry {
    pub const BPX1IOC: Entry = Entry::Bpx(Service::Ioctl, Amode::Amode31);
    pub const BPX4IOC: Entry = Entry::Bpx(Service::Ioctl, Amode::Amode64);

    /// On the wire: 1 EZASOKET; a service 2 + twice its place in [`Service::ALL`], one more
    /// for AMODE 64 (so BPX1IOC 2, BPX4IOC 3).
    fn code(self) -> u8 {
        match self {
            Entry::Ezasoket => 1,
            Entry::Bpx(service, amode) => {
                let at = Service::ALL.iter().position(|s| *s == service).unwrap_or(0);
                2 + 2 * at as u8 + u8::from(amode == Amode::Amode64)
            }
        }
    }

    fn from_code(c: u8) -> Option<Entry> {
        match c {
            1 => Some(Entry::Ezasoket),
            _ => {
                let n = usize::from(c.checked_sub(2)?);
                let service = *Service::ALL.get(n / 2)?;
                let amode = [Amode::Amode31, Amode::Amode64][n % 2];
                Some(Entry::Bpx(service, amode))
            }
        }
    }

    pub fn name(self) -> String {
        match self {
            Entry::Ezasoket => "EZASOKET".into(),
            Entry::Bpx(service, amode) => service.name(amode),
        }
    }

    fn amode(self) -> Amode {
        match self {
            Entry::Ezasoket => Amode::Amode31,
            Entry::Bpx(_, amode) => amode,
        }
    }

    /// The parameter whose area the service reaches through an address stored in it, not in
    /// it: BPXnRED's and BPXnWRT's Buffer_address. A call carries that parameter's area as
    /// the buffer itself (as many bytes as Read_count or Write_count), and the changes to it
    /// are the buffer's.
    pub fn through_pointer(self) -> Option<usize> {
        match self {
            Entry::Bpx(Service::Read | Service::Write, _) => Some(1),
            _ => None,
        }
    }
}

/// One call: the entry and each parameter's area (`None` for a null address).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Call {
    pub entry: Entry,
    pub params: Vec<Option<Vec<u8>>>,
}

/// How a call came back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reply {
    /// Per parameter of the call, the changed bytes: (offset, bytes), empty when none changed.
    Returned(Vec<(u32, Vec<u8>)>),
    /// The program abends (`ABEND S0C4 in EZASOKET: ...`).
    Abend(String),
}

/// A message that is not a well-formed call or reply.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum WireError {
    #[error("the message ends early")]
    Short,
    #[error("not a trustplex {0} (it starts {1:02X?})")]
    Magic(&'static str, Vec<u8>),
    #[error("unknown entry point code {0}")]
    Entry(u8),
    #[error("{0} parameters; at most {MAX_PARAMS}")]
    TooMany(usize),
    #[error("parameter flag {0}: 0 (absent) or 1 (present)")]
    Flag(u8),
    #[error("{0} bytes left over after the message")]
    Trailing(usize),
    #[error("a {0}-byte message; at most {MAX_MESSAGE}")]
    TooLong(usize),
}

/// Reads a message's fields in order, failing rather than reading past its end.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], WireError> {
        if self.0.len() < n {
            return Err(WireError::Short);
        }
        let (a, b) = self.0.split_at(n);
        self.0 = b;
        Ok(a)
    }

    fn byte(&mut self) -> Result<u8, WireError> {
        Ok(self.take(1)?[0])
    }

    fn word(&mut self) -> Result<u32, WireError> {
        let b = self.take(4)?;
        Ok(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn magic(&mut self, want: &[u8; 4], what: &'static str) -> Result<(), WireError> {
        let got = self.take(4)?;
        if got != want {
            return Err(WireError::Magic(what, got.to_vec()));
        }
        Ok(())
    }

    fn end(&self) -> Result<(), WireError> {
        match self.0.len() {
            0 => Ok(()),
            n => Err(WireError::Trailing(n)),
        }
    }
}

fn check_len(len: usize) -> Result<(), WireError> {
    if len > MAX_MESSAGE {
        return Err(WireError::TooLong(len));
    }
    Ok(())
}

impl Call {
    pub fn encode(&self) -> Vec<u8> {
        let mut out = b"TPXC".to_vec();
        out.push(self.entry.code());
        out.push(self.params.len() as u8);
        for p in &self.params {
            match p {
                None => out.push(0),
                Some(bytes) => {
                    out.push(1);
                    out.extend_from_slice(&(bytes.len() as u32).to_be_bytes());
                    out.extend_from_slice(bytes);
                }
            }
        }
        out
    }

    pub fn decode(msg: &[u8]) -> Result<Call, WireError> {
        check_len(msg.len())?;
        let mut r = Reader(msg);
        r.magic(b"TPXC", "call")?;
        let code = r.byte()?;
        let entry = Entry::from_code(code).ok_or(WireError::Entry(code))?;
        let count = usize::from(r.byte()?);
        if count > MAX_PARAMS {
            return Err(WireError::TooMany(count));
        }
        let mut params = Vec::with_capacity(count);
        for _ in 0..count {
            params.push(match r.byte()? {
                0 => None,
                1 => {
                    let len = r.word()? as usize;
                    Some(r.take(len)?.to_vec())
                }
                f => return Err(WireError::Flag(f)),
            });
        }
        r.end()?;
        Ok(Call { entry, params })
    }
}

impl Reply {
    pub fn encode(&self) -> Vec<u8> {
        let mut out = b"TPXR".to_vec();
        match self {
            Reply::Returned(changes) => {
                out.push(0);
                for (offset, bytes) in changes {
                    out.extend_from_slice(&offset.to_be_bytes());
                    out.extend_from_slice(&(bytes.len() as u32).to_be_bytes());
                    out.extend_from_slice(bytes);
                }
            }
            Reply::Abend(text) => {
                out.push(1);
                let text = &text.as_bytes()[..text.len().min(u16::MAX as usize)];
                out.extend_from_slice(&(text.len() as u16).to_be_bytes());
                out.extend_from_slice(text);
            }
        }
        out
    }

    /// The reply to a call of `params` parameters.
    pub fn decode(msg: &[u8], params: usize) -> Result<Reply, WireError> {
        check_len(msg.len())?;
        let mut r = Reader(msg);
        r.magic(b"TPXR", "reply")?;
        let reply = match r.byte()? {
            0 => {
                let mut changes = Vec::with_capacity(params.min(MAX_PARAMS));
                for _ in 0..params {
                    let offset = r.word()?;
                    let len = r.word()? as usize;
                    changes.push((offset, r.take(len)?.to_vec()));
                }
                Reply::Returned(changes)
            }
            1 => {
                let b = r.take(2)?;
                let len = usize::from(u16::from_be_bytes([b[0], b[1]]));
                Reply::Abend(String::from_utf8_lossy(r.take(len)?).into_owned())
            }
            f => return Err(WireError::Flag(f)),
        };
        r.end()?;
        Ok(reply)
    }

    /// Writes a returned call's changes into the caller's areas (each area as sent); a change
    /// that does not fit its area is refused.
    pub fn apply(&self, areas: &mut [Option<&mut [u8]>]) -> Result<(), WireError> {
        let Reply::Returned(changes) = self else {
            return Ok(());
        };
        for ((offset, bytes), area) in changes.iter().zip(areas.iter_mut()) {
            if bytes.is_empty() {
                continue;
            }
            let area = area.as_deref_mut().ok_or(WireError::Short)?;
            let at = *offset as usize;
            let dest = area
                .get_mut(at..at.saturating_add(bytes.len()))
                .ok_or(WireError::Short)?;
            dest.copy_from_slice(bytes);
        }
        Ok(())
    }
}

/// A parameter's size: fixed, or worked out from values in earlier parameters (see
/// [`param_sizes`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Size {
    Fixed(usize),
    /// A socket address: 16 bytes, 28 for AF_INET6 (its first halfword, 19).
    Name,
    /// As many bytes as the fullword in parameter `n` (of the whole list) says, at most the
    /// second number.
    Count(usize, usize),
    /// EZASOKET IOCTL's REQARG and RETARG: by the command in parameter 2.
    IoctlArg,
    /// BPXnSOC's Socket_vector: one fullword, two for a socket pair (Dimension 2).
    Vector,
}

/// The parameters between SOC-FUNCTION and ERRNO RETCODE of each EZASOKET function
/// (`src/api/ezasoket.rs`'s list); `None` for a function it does not know.
fn ezasoket_params(function: &str) -> Option<&'static [Size]> {
    use Size::*;
    const BUF: usize = MAX_BUFFER;
    Some(match function {
        // MAXSOC IDENT (TCPNAME, ADSNAME) SUBTASK MAXSNO
        "INITAPI" => &[Fixed(2), Fixed(16), Fixed(8), Fixed(4)],
        "SOCKET" => &[Fixed(4), Fixed(4), Fixed(4)],
        "BIND" | "CONNECT" | "ACCEPT" => &[Fixed(2), Name],
        "LISTEN" => &[Fixed(2), Fixed(4)],
        // S NBYTE BUF
        "READ" | "WRITE" => &[Fixed(2), Fixed(4), Count(2, BUF)],
        // S FLAGS NBYTE BUF
        "SEND" | "RECV" => &[Fixed(2), Fixed(4), Fixed(4), Count(3, BUF)],
        "CLOSE" => &[Fixed(2)],
        "IOCTL" => &[Fixed(2), Fixed(4), IoctlArg, IoctlArg],
        // S OPTNAME OPTVAL OPTLEN: OPTVAL as long as OPTLEN says.
        "GETSOCKOPT" | "SETSOCKOPT" => &[Fixed(2), Fixed(4), Count(4, BUF), Fixed(4)],
        "TERMAPI" => &[],
        _ => return None,
    })
}

/// The parameters of each BPX service before Return_value, Return_code and Reason_code
/// (`src/api/bpx.rs`'s list). Read_count and Write_count size the buffer Buffer_address
/// points at ([`Entry::through_pointer`]).
fn bpx_params(service: Service) -> &'static [Size] {
    use Size::*;
    const BUF: usize = MAX_BUFFER;
    match service {
        // File_descriptor Command Argument_length Argument
        Service::Ioctl => &[
            Fixed(4),
            Fixed(4),
            Fixed(4),
            Count(2, IOCC_ARG_MAX as usize),
        ],
        // Domain Type Protocol Dimension Socket_vector
        Service::Socket => &[Fixed(4), Fixed(4), Fixed(4), Fixed(4), Vector],
        // Socket_descriptor Sockaddr_length Sockaddr
        Service::Bind | Service::Connect | Service::Accept | Service::Bind2AddrSel => {
            &[Fixed(4), Fixed(4), Count(1, BUF)]
        }
        // Socket_descriptor Backlog
        Service::Listen => &[Fixed(4), Fixed(4)],
        // File_descriptor Buffer_address Buffer_ALET Read_count (Write_count)
        Service::Read | Service::Write => &[Fixed(4), Count(3, BUF), Fixed(4), Fixed(4)],
        // File_descriptor
        Service::Close => &[Fixed(4)],
        // Socket_descriptor Operation Level Option_name Option_data_length Option_data
        Service::Opt => &[
            Fixed(4),
            Fixed(4),
            Fixed(4),
            Fixed(4),
            Fixed(4),
            Count(4, BUF),
        ],
    }
}

/// SOC-FUNCTION as text: EBCDIC as on z/OS, or ASCII as a GnuCOBOL program holds it.
pub fn soc_function(field: &[u8]) -> String {
    let ascii = field
        .iter()
        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || *b == b' ');
    if ascii && field.iter().any(|b| b.is_ascii_uppercase()) {
        String::from_utf8_lossy(field).trim_end().to_owned()
    } else {
        field_text(field, CodePage::Ibm1047)
    }
}

/// How many bytes of each parameter a call of `entry` sends; `peek(i, offset, len)` reads from
/// parameter `i`'s area (`None` when its address is null). `count` is how many parameters the
/// caller passed, when its side knows (z/OS finds it by the VL bit): an EZASOKET call whose
/// count does not fit its function, or whose function the interface does not know, then sends
/// SOC-FUNCTION, empty areas and ERRNO and RETCODE last, and the service answers EINVAL there.
/// Without a count such a call sends SOC-FUNCTION alone, and the service answers as for a list
/// too short to hold ERRNO and RETCODE. A length a parameter gives is bounded (the ioctl
/// argument by IOCC_ARG_MAX, a buffer by [`MAX_BUFFER`]): the service then finds the area
/// short, as z/OS would find storage missing.
pub fn param_sizes(
    entry: Entry,
    count: Option<usize>,
    peek: impl Fn(usize, usize, usize) -> Option<Vec<u8>>,
) -> Vec<usize> {
    // A peek that gives fewer bytes than asked reads as absent.
    let word = |i: usize, at: usize| {
        peek(i, at, 4)
            .and_then(|b| <[u8; 4]>::try_from(b.get(..4)?).ok())
            .map_or(0, |b| u32::from_be_bytes(b) as usize)
    };
    let size = |i: usize, size: Size| match size {
        Size::Fixed(n) => n,
        Size::Name => match peek(i, 0, 2).as_deref() {
            Some([0, 19, ..]) => 28,
            _ => 16,
        },
        Size::Count(from, max) => word(from, 0).min(max),
        Size::IoctlArg => ioctl_arg(word(2, 0) as u32, &word),
        Size::Vector => 4 * word(3, 0).clamp(1, 2),
    };
    let (first, params, last): (&[usize], &[Size], &[usize]) = match entry {
        Entry::Bpx(service, _) => (&[], bpx_params(service), &[4, 4, 4]),
        Entry::Ezasoket => {
            let function = peek(0, 0, 16).map(|f| soc_function(&f));
            let params = function.as_deref().and_then(ezasoket_params);
            match (params, count) {
                (Some([]), _) => return vec![16],
                (Some(p), None) => (&[16], p, &[4, 4]),
                (Some(p), Some(n)) if n == p.len() + 3 => (&[16], p, &[4, 4]),
                (_, Some(n)) if n >= 3 => {
                    let mut sizes = vec![0; n];
                    sizes[0] = 16;
                    sizes[n - 2..].copy_from_slice(&[4, 4]);
                    return sizes;
                }
                (_, Some(n)) => return [16, 4, 4][..n.min(3)].to_vec(),
                (None, None) => return vec![16],
            }
        }
    };
    let mut sizes = first.to_vec();
    for (n, s) in params.iter().enumerate() {
        sizes.push(size(first.len() + n, *s));
    }
    sizes.extend_from_slice(last);
    sizes
}

/// IOCTL's REQARG (parameter 3) or RETARG (4): SIOCGPARTNERINFO's PartnerInfo area, as long
/// as PI_Buflen in REQARG says (at least its 8-byte header); a fullword for the others.
fn ioctl_arg(command: u32, word: &impl Fn(usize, usize) -> usize) -> usize {
    if command == SIOCGPARTNERINFO {
        word(3, 4).clamp(8, IOCC_ARG_MAX as usize)
    } else {
        4
    }
}

/// The state a program keeps between its calls (its EZASOKET session).
#[derive(Debug, Default)]
pub struct Session {
    ezasoket: Ezasoket,
}

impl Session {
    pub fn new() -> Session {
        Session::default()
    }

    /// Serves every call that comes over `link` until the program closes it: how many it made.
    /// A message that is not a call ends the link with an InvalidData error.
    pub fn serve_link(
        &mut self,
        link: &mut (impl std::io::Read + std::io::Write),
        host: &mut impl Host,
    ) -> std::io::Result<usize> {
        let mut calls = 0;
        loop {
            let msg = match read_message(link) {
                Ok(m) => m,
                Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(calls),
                Err(e) => return Err(e),
            };
            let call = Call::decode(&msg)
                .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
            write_message(link, &self.serve(&call, host).encode())?;
            calls += 1;
        }
    }

    /// Runs a call against `host`: the areas in an emulated address space (below the bar for
    /// EZASOKET and BPX1xxx, above it for BPX4xxx), R1 at their parameter list, the entry
    /// point, and the bytes that changed.
    pub fn serve(&mut self, call: &Call, host: &mut impl Host) -> Reply {
        let amode = call.entry.amode();
        let loc = amode.storage();
        let through = call.entry.through_pointer();
        let mut s = Storage::new();
        // Where each area is, and the address its parameter list entry holds: the area's, or
        // for a parameter reached through a pointer, a cell holding the area's address.
        let mut areas = Vec::with_capacity(call.params.len());
        let mut addrs = Vec::with_capacity(call.params.len());
        for (i, p) in call.params.iter().enumerate() {
            // An absent parameter's address is 0, which is never obtained.
            let Some(bytes) = p else {
                areas.push(0);
                addrs.push(0);
                continue;
            };
            let obtained = if bytes.is_empty() {
                s.obtain(1, loc)
            } else {
                s.obtain_with(bytes, loc)
            };
            let at = match obtained {
                Ok(at) => at,
                Err(e) => return no_storage(e),
            };
            areas.push(at);
            if through == Some(i) {
                let cell = match amode {
                    Amode::Amode31 => (at as u32).to_be_bytes().to_vec(),
                    Amode::Amode64 => at.to_be_bytes().to_vec(),
                };
                match s.obtain_with(&cell, loc) {
                    Ok(cell) => addrs.push(cell),
                    Err(e) => return no_storage(e),
                }
            } else {
                addrs.push(at);
            }
        }
        // SOC-FUNCTION in ASCII reads as the EBCDIC z/OS holds (not a change to report).
        if call.entry == Entry::Ezasoket
            && let (Some(Some(f)), Some(&at)) = (call.params.first(), areas.first())
            && at != 0
            && let Ok(field) = pad_field::<16>(&soc_function(f), CodePage::Ibm1047)
        {
            let _ = s.write(at, &field[..f.len().min(16)]);
        }
        let list = parm_list(amode, &addrs);
        let mut regs = Regs::default();
        regs.gpr[1] = match s.obtain_with(&list, loc) {
            Ok(at) => at,
            Err(e) => return no_storage(e),
        };
        let result = match call.entry {
            Entry::Ezasoket => self.ezasoket.call(&mut regs, &mut s, host),
            Entry::Bpx(service, amode) => bpx(service, amode, &mut regs, &mut s, host),
        };
        if let Err(abend) = result {
            return Reply::Abend(abend.to_string());
        }
        let changes = call
            .params
            .iter()
            .zip(&areas)
            .enumerate()
            .map(|(i, (p, &at))| match p {
                Some(before) if !before.is_empty() => {
                    let after = s.read(at, before.len() as u64).unwrap_or_default();
                    changed(before, &after, i == 0 && call.entry == Entry::Ezasoket)
                }
                _ => (0, Vec::new()),
            })
            .collect();
        Reply::Returned(changes)
    }
}

/// The call cannot even be laid out: its areas do not fit the emulated address space.
fn no_storage(e: crate::api::storage::Fault) -> Reply {
    Reply::Abend(format!("ABEND {ABEND_STORAGE}: {e}"))
}

/// The bytes of `after` that differ from `before`: the first to the last changed one.
/// SOC-FUNCTION (`function`) is never reported: the service only reads it.
fn changed(before: &[u8], after: &[u8], function: bool) -> (u32, Vec<u8>) {
    if function {
        return (0, Vec::new());
    }
    let first = before.iter().zip(after).position(|(a, b)| a != b);
    let last = before.iter().zip(after).rposition(|(a, b)| a != b);
    match (first, last) {
        (Some(f), Some(l)) => (f as u32, after[f..=l].to_vec()),
        _ => (0, Vec::new()),
    }
}

mod header;
mod job;
pub use header::lec_header;
pub use job::NativeJob;

#[cfg(test)]
mod tests;
