//! libtrustplex: the z/OS entry points a compiled program calls, with z/OS's names and
//! conventions (every parameter by address, results written back in place), for a program that
//! a trustplex job started (`docs/native.md`): EZASOKET and the translation utilities EZACIC04
//! and EZACIC05; the BPX1xxx and BPX4xxx socket services; and, in [`lec`], the LE C socket
//! functions behind names that do not collide with the host's C library.
//!
//! Each call goes to the job over the socket [`SOCKET_ENV`] names, as
//! `trustplex::api::native` describes: the parameter areas out, the changed bytes back. The
//! job runs the call against the emulated sysplex, under its scheduler, so the program's calls
//! are the job's calls. A program not started by trustplex, or whose job has gone, cannot call:
//! the library says so on standard error and ends the program with status 255. So does an
//! abend (`ABEND S0C4 in EZASOKET: ...`), as z/OS ends a program that abends.
//!
//! A null parameter address is sent as absent and gets z/OS's answer (EFAULT, or the abend). A
//! wild, non-null one cannot be told from a good one here: reading it ends the program with a
//! segmentation fault, as an S0C4 would end it on z/OS.

use std::ffi::{c_char, c_int, c_void};
use std::io;
use std::os::unix::net::UnixStream;
use std::sync::{Mutex, OnceLock};

use trustplex_core::api::ezacic::Xlate;
use trustplex_core::api::native::{
    Amode, Call, Entry, MAX_PARAMS, Reply, SOCKET_ENV, Service, param_sizes, read_message,
    write_message,
};

pub mod lec;

/// The link to the job, made at the first call.
static LINK: Mutex<Option<UnixStream>> = Mutex::new(None);

/// A parameter: the address the caller passed.
type P = *mut u8;

// The C library's fflush and dlsym: what the program printed before a call reaches the job's
// transcript before the call's effects, as it would on a z/OS console (the program's standard
// output is a file, which C and GnuCOBOL buffer whole); and GnuCOBOL's parameter count, when
// the program has the COBOL run time. Declared here: the only libc functions needed.
unsafe extern "C" {
    fn fflush(stream: *mut c_void) -> c_int;
    fn dlsym(handle: *mut c_void, symbol: *const c_char) -> *mut c_void;
}

/// Sends a call and waits for the reply.
fn exchange(call: &Call) -> Result<Reply, String> {
    let mut link = LINK.lock().unwrap_or_else(|e| e.into_inner());
    if link.is_none() {
        let path = std::env::var_os(SOCKET_ENV)
            .ok_or_else(|| format!("not started by a trustplex job ({SOCKET_ENV} is not set)"))?;
        let stream = UnixStream::connect(&path)
            .map_err(|e| format!("cannot reach the job at {}: {e}", path.to_string_lossy()))?;
        *link = Some(stream);
    }
    let Some(stream) = link.as_mut() else {
        return Err("no link to the job".into());
    };
    let lost = |e: io::Error| format!("the link to the job failed: {e}");
    write_message(stream, &call.encode()).map_err(lost)?;
    let msg = read_message(stream).map_err(lost)?;
    Reply::decode(&msg, call.params.len()).map_err(|e| format!("a bad reply from the job: {e}"))
}

/// Ends the program as an abend or a lost link ends it.
fn end(entry: Entry, why: &str) -> ! {
    eprintln!("libtrustplex: {}: {why}", entry.name());
    std::process::exit(255)
}

/// Flushes what the program printed so far, so that it is out before the call's effects (and
/// before a wild parameter can end the program).
fn flush_output() {
    // SAFETY: fflush(NULL) flushes every open output stream; it takes no pointer of ours.
    unsafe { fflush(std::ptr::null_mut()) };
}

/// Sends `call` and waits for its reply; ends the program on an abend or a lost link.
fn reply_to(call: &Call) -> Reply {
    let reply = exchange(call).unwrap_or_else(|why| end(call.entry, &why));
    if let Reply::Abend(text) = &reply {
        end(call.entry, text);
    }
    reply
}

/// Writes the changes a reply carries into `areas` (the call's own, or the caller's storage
/// they were read from). Only changed bytes are written: an area the service only reads may be
/// read-only storage, a C string literal.
fn write_back(entry: Entry, reply: &Reply, areas: &mut [Option<&mut [u8]>]) {
    if let Err(e) = reply.apply(areas) {
        end(entry, &format!("a bad reply from the job: {e}"));
    }
}

/// One call of `entry` with the caller's parameter addresses (more than the function takes is
/// fine: only as many as it takes are read); `count` is how many the caller passed, when known.
///
/// # Safety
/// Each address the function takes must be null or point at an area as large as z/OS's
/// interface says (`docs/native.md`); for BPX4RED and BPX4WRT, Buffer_address holds a pointer
/// to the buffer.
unsafe fn call(entry: Entry, ptrs: &[P], count: Option<usize>) {
    flush_output();
    let through = entry.through_pointer();
    // The area a parameter's bytes are in: at its address, or where the pointer there points.
    let area = |i: usize| -> Option<*mut u8> {
        let p = *ptrs.get(i)?;
        if p.is_null() {
            return None;
        }
        if through == Some(i) {
            // SAFETY: the caller's contract: Buffer_address is the address of a pointer.
            let buf = unsafe { p.cast::<*mut u8>().read_unaligned() };
            return (!buf.is_null()).then_some(buf);
        }
        Some(p)
    };
    // SAFETY (both closures): the caller's contract, for the parameters the function takes
    // and the sizes `param_sizes` gives from the areas' own values.
    let peek = |i: usize, at: usize, len: usize| {
        let p = area(i)?;
        Some(unsafe { std::slice::from_raw_parts(p.add(at), len) }.to_vec())
    };
    let sizes = param_sizes(entry, count, peek);
    let params = sizes
        .iter()
        .enumerate()
        .map(|(i, &n)| area(i).map(|p| unsafe { std::slice::from_raw_parts(p, n) }.to_vec()))
        .collect();
    let Reply::Returned(changes) = reply_to(&Call { entry, params }) else {
        return;
    };
    // Through the caller's pointers, not slices: two parameters may name the same storage (an
    // IOCTL's REQARG and RETARG often do), as z/OS allows.
    for (i, (offset, bytes)) in changes.iter().enumerate() {
        if bytes.is_empty() {
            continue;
        }
        let at = *offset as usize;
        let fits = sizes
            .get(i)
            .is_some_and(|&n| at.checked_add(bytes.len()).is_some_and(|e| e <= n));
        match area(i) {
            // SAFETY: inside the area the parameter's bytes were read from.
            Some(p) if fits => unsafe { std::ptr::copy(bytes.as_ptr(), p.add(at), bytes.len()) },
            _ => end(entry, "a bad reply from the job: a change outside its area"),
        }
    }
}

/// How many parameters a GnuCOBOL program passed on its CALL, when the program has the COBOL
/// run time: GnuCOBOL sets the count before every CALL, as z/OS's VL bit marks the last
/// address, and `cob_get_num_params` gives it.
fn cobol_count() -> Option<usize> {
    type Count = unsafe extern "C" fn() -> c_int;
    static COUNT: OnceLock<Option<Count>> = OnceLock::new();
    let f = COUNT.get_or_init(|| {
        // SAFETY: dlsym with RTLD_DEFAULT (null on glibc) and a NUL-terminated name; the
        // symbol, when present, is libcob's `int cob_get_num_params(void)`.
        let sym = unsafe { dlsym(std::ptr::null_mut(), c"cob_get_num_params".as_ptr()) };
        (!sym.is_null()).then(|| unsafe { std::mem::transmute::<*mut c_void, Count>(sym) })
    });
    // SAFETY: libcob's function takes nothing and reads its own global.
    f.and_then(|f| usize::try_from(unsafe { f() }).ok())
}

/// `CALL 'EZASOKET' USING SOC-FUNCTION parm... ERRNO RETCODE` from COBOL (or from C without
/// the header's counting macro): up to ten addresses; the function says how many it takes,
/// and a GnuCOBOL program's parameter count says how many it passed. Returns 0 (the answer is
/// in ERRNO and RETCODE).
///
/// # Safety
/// As z/OS's: each parameter the function takes is the address of its area, or null.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn EZASOKET(
    p0: P,
    p1: P,
    p2: P,
    p3: P,
    p4: P,
    p5: P,
    p6: P,
    p7: P,
    p8: P,
    p9: P,
) -> c_int {
    let ptrs = [p0, p1, p2, p3, p4, p5, p6, p7, p8, p9];
    let count = cobol_count().filter(|n| *n <= ptrs.len());
    // SAFETY: the caller's contract.
    unsafe { call(Entry::Ezasoket, &ptrs, count) };
    0
}

/// EZASOKET with its parameter list as z/OS passes it: `count` addresses at `list`, as the C
/// header's `EZASOKET(...)` macro calls it, counting the arguments as the VL bit would mark
/// the last. A count that does not fit the function gets ERRNO EINVAL.
///
/// # Safety
/// `list` holds `count` addresses, each null or the address of its area.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn tpx_ezasoket(count: c_int, list: *const P) -> c_int {
    let count = usize::try_from(count).unwrap_or(0);
    if list.is_null() || count == 0 {
        end(Entry::Ezasoket, "an empty parameter list");
    }
    // SAFETY: the caller's contract.
    let ptrs = unsafe { std::slice::from_raw_parts(list, count) };
    // A list longer than any function takes still ends with ERRNO and RETCODE: the service
    // gets its head and those two, and answers EINVAL there.
    let kept: Vec<P>;
    let ptrs = if count > MAX_PARAMS {
        kept = ptrs[..MAX_PARAMS - 2]
            .iter()
            .chain(&ptrs[count - 2..])
            .copied()
            .collect();
        &kept[..]
    } else {
        ptrs
    };
    // SAFETY: the caller's contract.
    unsafe { call(Entry::Ezasoket, ptrs, Some(ptrs.len())) };
    0
}

/// EZACIC04 or EZACIC05 in place: `buffer`, LENGTH at `length` (a big-endian fullword); the
/// return is register 15 (COBOL's RETURN-CODE). Translation needs no trip to the job.
///
/// # Safety
/// `buffer` is null or holds LENGTH bytes; `length` is null or a fullword.
unsafe fn translate(xlate: Xlate, buffer: P, length: P, count: Option<usize>) -> c_int {
    let len = if length.is_null() {
        0
    } else {
        // SAFETY: the caller's contract.
        u32::from_be_bytes(unsafe { length.cast::<[u8; 4]>().read_unaligned() })
    };
    let rc = Xlate::check(count, buffer.is_null(), len);
    if rc == 0 {
        // SAFETY: the caller's contract: LENGTH bytes at `buffer`.
        xlate.apply(unsafe { std::slice::from_raw_parts_mut(buffer, len as usize) });
    }
    rc
}

/// `CALL 'EZACIC04' USING OUT-BUFFER LENGTH`: EBCDIC to ASCII in place.
///
/// # Safety
/// As z/OS's: OUT-BUFFER holds LENGTH bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn EZACIC04(buffer: P, length: P) -> c_int {
    // SAFETY: the caller's contract.
    unsafe { translate(Xlate::ToAscii, buffer, length, cobol_count()) }
}

/// `CALL 'EZACIC05' USING OUT-BUFFER LENGTH`: ASCII to EBCDIC in place.
///
/// # Safety
/// As [`EZACIC04`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn EZACIC05(buffer: P, length: P) -> c_int {
    // SAFETY: the caller's contract.
    unsafe { translate(Xlate::ToEbcdic, buffer, length, cobol_count()) }
}

/// The BPX services, each with z/OS's name and parameter list (the last three Return_value,
/// Return_code and Reason_code), for a caller in AMODE 31 (BPX1xxx) or 64 (BPX4xxx).
macro_rules! bpx_services {
    ($($name:ident: $service:ident $amode:ident ($($p:ident),+);)+) => {$(
        #[doc = concat!("`CALL ", stringify!($name), ",(...)`: ", stringify!($($p),+), ".")]
        ///
        /// # Safety
        /// As z/OS's: each parameter is the address of its area (null ones get EFAULT or the
        /// abend).
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $name($($p: P),+) {
            // SAFETY: the caller's contract.
            unsafe { call(Entry::Bpx(Service::$service, Amode::$amode), &[$($p),+], None) }
        }
    )+};
}

bpx_services! {
    BPX1IOC: Ioctl Amode31 (fd, command, arglen, arg, rv, rc, rsn);
    BPX4IOC: Ioctl Amode64 (fd, command, arglen, arg, rv, rc, rsn);
    BPX1SOC: Socket Amode31 (domain, ty, protocol, dimension, vector, rv, rc, rsn);
    BPX4SOC: Socket Amode64 (domain, ty, protocol, dimension, vector, rv, rc, rsn);
    BPX1BND: Bind Amode31 (fd, addrlen, addr, rv, rc, rsn);
    BPX4BND: Bind Amode64 (fd, addrlen, addr, rv, rc, rsn);
    BPX1CON: Connect Amode31 (fd, addrlen, addr, rv, rc, rsn);
    BPX4CON: Connect Amode64 (fd, addrlen, addr, rv, rc, rsn);
    BPX1LSN: Listen Amode31 (fd, backlog, rv, rc, rsn);
    BPX4LSN: Listen Amode64 (fd, backlog, rv, rc, rsn);
    BPX1ACP: Accept Amode31 (fd, addrlen, addr, rv, rc, rsn);
    BPX4ACP: Accept Amode64 (fd, addrlen, addr, rv, rc, rsn);
    BPX4RED: Read Amode64 (fd, buffer_address, alet, count, rv, rc, rsn);
    BPX4WRT: Write Amode64 (fd, buffer_address, alet, count, rv, rc, rsn);
    BPX1CLO: Close Amode31 (fd, rv, rc, rsn);
    BPX4CLO: Close Amode64 (fd, rv, rc, rsn);
    BPX1OPT: Opt Amode31 (fd, operation, level, name, optlen, optval, rv, rc, rsn);
    BPX4OPT: Opt Amode64 (fd, operation, level, name, optlen, optval, rv, rc, rsn);
    BPX1BAS: Bind2AddrSel Amode31 (fd, addrlen, addr, rv, rc, rsn);
    BPX4BAS: Bind2AddrSel Amode64 (fd, addrlen, addr, rv, rc, rsn);
}
