//! The LE C socket functions a z/OS C program calls (`socket`, `bind`, `listen`, `accept`,
//! `connect`, `read`, `write`, `close`, `ioctl`, `w_ioctl`, `getsockopt`, `setsockopt`),
//! with `errno` in z/OS UNIX numbering, `__errno2()`, `strerror()` and `perror()`, exported as
//! `tpx_` names so they do not collide with the host's C library. `include/trustplex_lec.h`
//! maps the z/OS names onto them, so a z/OS source builds unchanged (`docs/native.md` §4).
//!
//! Each does what LE does on z/OS: it calls the BPX4xxx service with a parameter list of its
//! own and copies Return_code to `errno` and Reason_code to `__errno2()`. What the host's own
//! headers type is in the host's form (a `struct sockaddr_in`, an `int` option value or
//! FIONBIO/FIONREAD argument, the host's AF_INET6): the library converts it to z/OS's form and
//! back. What the copybooks describe (the PartnerInfo area, SIOCSPARTNERINFO's argument) is
//! z/OS's data area, big-endian, passed as it is.

use std::cell::Cell;
use std::ffi::{CStr, CString, c_char, c_int, c_ulong};
use std::sync::OnceLock;

use trustplex_core::api::errors::UnixError;
use trustplex_core::api::lec::W_IOCTL_ARG_MAX;
use trustplex_core::api::native::{Amode, Call, Entry, MAX_BUFFER, Service};
use trustplex_core::areas::ioctl::{FIONBIO, FIONREAD, IoctlCmd};
use trustplex_core::areas::sockaddr::{AF_INET, AF_INET6};
use trustplex_core::areas::sockopt::{
    IP_ADD_MEMBERSHIP, IP_DROP_MEMBERSHIP, IP_MULTICAST_IF, IPPROTO_IP, IPPROTO_IPV6,
    IPV6_JOIN_GROUP, IPV6_LEAVE_GROUP,
};
use trustplex_core::errno::{UNIX_ERRNOS, unix_errno};

use super::{flush_output, reply_to, write_back};

/// The host's AF_INET6: Linux's 10 (`third-party`, glibc `bits/socket.h`); z/OS's is 19. AF_INET is
/// 2 on both.
const HOST_AF_INET6: u16 = 10;

thread_local! {
    /// `errno` and `__errno2()` of the calling thread, as LE keeps them per thread.
    static ERRNO: Cell<c_int> = const { Cell::new(0) };
    static ERRNO2: Cell<c_int> = const { Cell::new(0) };
}

fn fail(errno: u32, errno2: u32) -> c_int {
    ERRNO.with(|e| e.set(errno as c_int));
    ERRNO2.with(|e| e.set(errno2 as c_int));
    -1
}

fn fail_with(e: UnixError) -> c_int {
    fail(e.errno, e.reason.0)
}

fn word(v: u32) -> Option<Vec<u8>> {
    Some(v.to_be_bytes().to_vec())
}

fn read_word(area: &Option<Vec<u8>>) -> u32 {
    area.as_deref()
        .and_then(|b| b.get(..4))
        .map_or(0, |b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
}

/// Calls BPX4xxx with the service's parameters before Return_value, Return_code and
/// Reason_code, as LE does: gives Return_value, setting errno and errno2 when it is -1; the
/// parameters come back changed.
fn bpx4(service: Service, mut params: Vec<Option<Vec<u8>>>) -> (c_int, Vec<Option<Vec<u8>>>) {
    flush_output();
    params.extend([word(0), word(0), word(0)]);
    let call = Call {
        entry: Entry::Bpx(service, Amode::Amode64),
        params,
    };
    let reply = reply_to(&call);
    let mut params = call.params;
    let mut areas: Vec<Option<&mut [u8]>> = params.iter_mut().map(|a| a.as_deref_mut()).collect();
    write_back(call.entry, &reply, &mut areas);
    drop(areas);
    let n = params.len();
    let rv = read_word(&params[n - 3]) as c_int;
    if rv == -1 {
        fail(read_word(&params[n - 2]), read_word(&params[n - 1]));
    }
    params.truncate(n - 3);
    (rv, params)
}

/// A host socket address as z/OS's: the length and family bytes first, then the port and
/// address as they are (both network order).
///
/// # Safety
/// `addr` is null or holds `len` bytes.
unsafe fn zos_sockaddr(addr: *const u8, len: u32) -> Option<Vec<u8>> {
    if addr.is_null() {
        return None;
    }
    let len = (len as usize).min(256);
    // SAFETY: the caller's contract.
    let mut bytes = unsafe { std::slice::from_raw_parts(addr, len) }.to_vec();
    if bytes.len() < 2 {
        return Some(bytes);
    }
    let family = u16::from_ne_bytes([bytes[0], bytes[1]]);
    let (zlen, zfamily) = match family {
        2 => (16, AF_INET),
        HOST_AF_INET6 => (28, AF_INET6),
        f => (len, f as u8),
    };
    bytes.truncate(zlen.min(len));
    bytes[0] = zlen as u8;
    bytes[1] = zfamily;
    Some(bytes)
}

/// z/OS's socket address as the host's: the family halfword in the host's form.
fn host_sockaddr(zos: &[u8]) -> Vec<u8> {
    let mut bytes = zos.to_vec();
    if bytes.len() >= 2 {
        let family = match bytes[1] {
            AF_INET6 => HOST_AF_INET6,
            f => u16::from(f),
        };
        bytes[..2].copy_from_slice(&family.to_ne_bytes());
    }
    bytes
}

/// `socket(domain, type, protocol)`: the new descriptor, or -1.
#[unsafe(no_mangle)]
pub extern "C" fn tpx_socket(domain: c_int, ty: c_int, protocol: c_int) -> c_int {
    let domain = match domain as u16 {
        HOST_AF_INET6 => u32::from(AF_INET6),
        _ => domain as u32,
    };
    let params = vec![
        word(domain),
        word(ty as u32),
        word(protocol as u32),
        word(1),
        word(0),
    ];
    match bpx4(Service::Socket, params) {
        (-1, _) => -1,
        (_, p) => read_word(&p[4]) as c_int,
    }
}

/// bind or connect: the host's socket address converted to z/OS's.
///
/// # Safety
/// `addr` is null or holds `len` bytes.
unsafe fn to_address(service: Service, fd: c_int, addr: *const u8, len: u32) -> c_int {
    // SAFETY: the caller's contract.
    let sa = unsafe { zos_sockaddr(addr, len) };
    let sa_len = sa.as_ref().map_or(len as usize, Vec::len) as u32;
    bpx4(service, vec![word(fd as u32), word(sa_len), sa]).0
}

/// `bind(fd, addr, len)`.
///
/// # Safety
/// `addr` is null or holds `len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn tpx_bind(fd: c_int, addr: *const u8, len: u32) -> c_int {
    // SAFETY: the caller's contract.
    unsafe { to_address(Service::Bind, fd, addr, len) }
}

/// `bind2addrsel(fd, dst, len)`: binds to the source address for `dst`.
///
/// # Safety
/// `dst` is null or holds `len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn tpx_bind2addrsel(fd: c_int, dst: *const u8, len: u32) -> c_int {
    // SAFETY: the caller's contract.
    unsafe { to_address(Service::Bind2AddrSel, fd, dst, len) }
}

/// `connect(fd, addr, len)`.
///
/// # Safety
/// `addr` is null or holds `len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn tpx_connect(fd: c_int, addr: *const u8, len: u32) -> c_int {
    // SAFETY: the caller's contract.
    unsafe { to_address(Service::Connect, fd, addr, len) }
}

/// `listen(fd, backlog)`.
#[unsafe(no_mangle)]
pub extern "C" fn tpx_listen(fd: c_int, backlog: c_int) -> c_int {
    bpx4(Service::Listen, vec![word(fd as u32), word(backlog as u32)]).0
}

/// `accept(fd, addr, len)`: the new descriptor; the partner's address in the host's form, as
/// much as `*len` bytes take, and `*len` its length. `addr` or `len` may be null.
///
/// # Safety
/// `len` is null or points at a `socklen_t`; `addr` is null or holds `*len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn tpx_accept(fd: c_int, addr: *mut u8, len: *mut u32) -> c_int {
    let want = !addr.is_null() && !len.is_null();
    let room: u32 = if want { 28 } else { 0 };
    let params = vec![word(fd as u32), word(room), Some(vec![0; room as usize])];
    let (rv, p) = bpx4(Service::Accept, params);
    if rv >= 0 && want {
        let got = (read_word(&p[1]) as usize).min(room as usize);
        let host = host_sockaddr(&p[2].as_deref().unwrap_or_default()[..got]);
        // SAFETY: the caller's contract: `*len` bytes at `addr`.
        unsafe {
            let n = host.len().min(*len as usize);
            std::ptr::copy_nonoverlapping(host.as_ptr(), addr, n);
            *len = host.len() as u32;
        }
    }
    rv
}

/// `read(fd, buf, n)`: the bytes read (at most 16 MiB a call), 0 at end of file, or -1.
///
/// # Safety
/// `buf` is null or holds `n` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn tpx_read(fd: c_int, buf: *mut u8, n: usize) -> isize {
    let n = n.min(MAX_BUFFER);
    let area = (!buf.is_null()).then(|| vec![0; n]);
    let params = vec![word(fd as u32), area, word(0), word(n as u32)];
    let (rv, p) = bpx4(Service::Read, params);
    if let (Ok(got @ 1..), Some(data)) = (usize::try_from(rv), &p[1]) {
        // SAFETY: the caller's contract; the service read no more than `n`.
        unsafe { std::ptr::copy_nonoverlapping(data.as_ptr(), buf, got.min(n)) };
    }
    rv as isize
}

/// `write(fd, buf, n)`: the bytes written (at most 16 MiB a call), or -1.
///
/// # Safety
/// `buf` is null or holds `n` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn tpx_write(fd: c_int, buf: *const u8, n: usize) -> isize {
    let n = n.min(MAX_BUFFER);
    // SAFETY: the caller's contract.
    let area = (!buf.is_null()).then(|| unsafe { std::slice::from_raw_parts(buf, n) }.to_vec());
    let params = vec![word(fd as u32), area, word(0), word(n as u32)];
    bpx4(Service::Write, params).0 as isize
}

/// `close(fd)`.
#[unsafe(no_mangle)]
pub extern "C" fn tpx_close(fd: c_int) -> c_int {
    bpx4(Service::Close, vec![word(fd as u32)]).0
}

/// Whether a command's argument is a C `int` (the host's), not a z/OS data area.
fn int_arg(cmd: u32) -> bool {
    cmd == FIONBIO || cmd == FIONREAD
}

/// `w_ioctl(fd, cmd, arglen, arg)`: arglen 0 to 50,000, as LE takes it.
///
/// # Safety
/// `arg` is null or holds `arglen` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn tpx_w_ioctl(fd: c_int, cmd: c_int, arglen: c_int, arg: *mut u8) -> c_int {
    let cmd = cmd as u32;
    let Some(len) = u32::try_from(arglen).ok().filter(|l| *l <= W_IOCTL_ARG_MAX) else {
        return fail_with(UnixError::named("EINVAL", "JRInvParmLength"));
    };
    // FIONBIO's and FIONREAD's argument is the host's int: its first fullword changes order.
    let int_word = |a: &mut Option<Vec<u8>>| {
        if int_arg(cmd)
            && let Some(w) = a.as_mut().and_then(|a| a.get_mut(..4))
        {
            swap_words(w);
        }
    };
    // SAFETY: the caller's contract.
    let mut area =
        (!arg.is_null()).then(|| unsafe { std::slice::from_raw_parts(arg, len as usize) }.to_vec());
    int_word(&mut area);
    let params = vec![word(fd as u32), word(cmd), word(len), area];
    let (rv, mut p) = bpx4(Service::Ioctl, params);
    int_word(&mut p[3]);
    if let Some(bytes) = &p[3] {
        // SAFETY: the caller's area, `len` bytes, as sent.
        unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), arg, bytes.len()) };
    }
    rv
}

/// `ioctl(fd, cmd, arg)`: the argument's length is the one in the command word, so
/// SIOCGPARTNERINFO (length 0 there) needs `w_ioctl()`, as IBM says.
///
/// # Safety
/// `arg` is null or holds as many bytes as the command word says.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn tpx_ioctl(fd: c_int, cmd: c_ulong, arg: *mut u8) -> c_int {
    let cmd = cmd as u32;
    // SAFETY: the caller's contract.
    unsafe { tpx_w_ioctl(fd, cmd as c_int, IoctlCmd(cmd).length() as c_int, arg) }
}

/// An option value's fullwords between the host's order and z/OS's (every value the options
/// take is fullwords: an int, or struct linger's two).
fn swap_words(bytes: &mut [u8]) {
    if cfg!(target_endian = "little") {
        for w in bytes.chunks_exact_mut(4) {
            w.reverse();
        }
    }
}

/// An option value between the host's order and z/OS's: its fullwords turned, but not the
/// addresses of the IP multicast options (an in_addr or in6_addr is in network order on both).
fn swap_option(level: u32, name: u32, bytes: &mut [u8]) {
    match (level, name) {
        (IPPROTO_IP, IP_MULTICAST_IF | IP_ADD_MEMBERSHIP | IP_DROP_MEMBERSHIP) => {}
        (IPPROTO_IPV6, IPV6_JOIN_GROUP | IPV6_LEAVE_GROUP) => {
            if let Some(index) = bytes.get_mut(16..) {
                swap_words(index);
            }
        }
        _ => swap_words(bytes),
    }
}

/// `getsockopt(fd, level, name, val, len)`: z/OS's level and option numbers (the header
/// defines them); the value in the host's order, `*len` its length.
///
/// # Safety
/// `len` is null or points at a `socklen_t`; `val` is null or holds `*len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn tpx_getsockopt(
    fd: c_int,
    level: c_int,
    name: c_int,
    val: *mut u8,
    len: *mut u32,
) -> c_int {
    // SAFETY: the caller's contract.
    let room = if len.is_null() {
        None
    } else {
        Some(unsafe { *len }.min(4096))
    };
    let params = vec![
        word(fd as u32),
        word(1),
        word(level as u32),
        word(name as u32),
        room.and_then(word),
        (!val.is_null()).then(|| vec![0; room.unwrap_or(0) as usize]),
    ];
    let (rv, mut p) = bpx4(Service::Opt, params);
    let got = read_word(&p[4]);
    if rv == 0
        && let (Some(room), Some(data)) = (room, p[5].as_mut())
    {
        let got = got.min(room) as usize;
        swap_option(level as u32, name as u32, &mut data[..got]);
        // SAFETY: the caller's contract: `*len` bytes at `val`.
        unsafe {
            std::ptr::copy_nonoverlapping(data.as_ptr(), val, got);
            *len = got as u32;
        }
    }
    rv
}

/// `setsockopt(fd, level, name, val, len)`: z/OS's level and option numbers; the value in the
/// host's order.
///
/// # Safety
/// `val` is null or holds `len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn tpx_setsockopt(
    fd: c_int,
    level: c_int,
    name: c_int,
    val: *const u8,
    len: u32,
) -> c_int {
    let len = len.min(4096);
    let value = (!val.is_null()).then(|| {
        // SAFETY: the caller's contract.
        let mut v = unsafe { std::slice::from_raw_parts(val, len as usize) }.to_vec();
        swap_option(level as u32, name as u32, &mut v);
        v
    });
    let params = vec![
        word(fd as u32),
        word(2),
        word(level as u32),
        word(name as u32),
        word(len),
        value,
    ];
    bpx4(Service::Opt, params).0
}

/// Where `errno` is for the calling thread: the header defines `errno` as
/// `(*tpx_errno_location())`.
#[unsafe(no_mangle)]
pub extern "C" fn tpx_errno_location() -> *mut c_int {
    ERRNO.with(Cell::as_ptr)
}

/// `__errno2()`: the reason code of the last call that failed.
#[unsafe(no_mangle)]
pub extern "C" fn tpx_errno2() -> c_int {
    ERRNO2.with(Cell::get)
}

/// The texts `strerror()` gives, one per errno of the table, NUL-terminated.
fn texts() -> &'static [(u32, CString)] {
    static TEXTS: OnceLock<Vec<(u32, CString)>> = OnceLock::new();
    TEXTS.get_or_init(|| {
        UNIX_ERRNOS
            .iter()
            .filter_map(|e| CString::new(message(e.value)).ok().map(|t| (e.value, t)))
            .collect()
    })
}

/// LE's text for an errno: `EDC5121I Invalid argument.` (`confirmed`: the message ID and text
/// of the errno table); one the table does not have, [`UNKNOWN`].
fn message(errno: u32) -> String {
    match unix_errno(errno) {
        Some(e) => match e.msgid {
            Some(id) => format!("{id} {}", e.text),
            None => e.text.to_owned(),
        },
        None => UNKNOWN.to_string_lossy().into_owned(),
    }
}

/// The text for an errno the table does not have (`reconstructed`: IBM's is not published).
const UNKNOWN: &CStr = c"EDC5000I Unknown errno.";

/// `strerror(errnum)`: LE's message text for a z/OS errno.
#[unsafe(no_mangle)]
pub extern "C" fn tpx_strerror(errnum: c_int) -> *const c_char {
    let n = errnum as u32;
    match texts().iter().find(|(v, _)| *v == n) {
        Some((_, t)) => t.as_ptr(),
        None => UNKNOWN.as_ptr(),
    }
}

/// `perror(s)`: `s: EDC5121I Invalid argument. (errno2=0x7CE3012E)` on standard error, as LE
/// writes it (`confirmed`: IBM's `__errno2()` example in the LE Debugging Guide); without the
/// errno2 part when `_EDC_ADD_ERRNO2` is 0, as LE does.
///
/// # Safety
/// `s` is null or a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn tpx_perror(s: *const c_char) {
    flush_output();
    let errno = ERRNO.with(Cell::get) as u32;
    let mut line = String::new();
    if !s.is_null() {
        // SAFETY: the caller's contract.
        let s = unsafe { CStr::from_ptr(s) }.to_string_lossy();
        if !s.is_empty() {
            line = format!("{s}: ");
        }
    }
    line.push_str(&message(errno));
    if std::env::var("_EDC_ADD_ERRNO2").as_deref() != Ok("0") {
        line.push_str(&format!(
            " (errno2=0x{:08X})",
            ERRNO2.with(Cell::get) as u32
        ));
    }
    eprintln!("{line}");
}
