//! libtrustplex: the z/OS entry points a compiled program calls, EZASOKET, BPX1IOC and BPX4IOC,
//! with z/OS's names and conventions (every parameter by address, results written back in
//! place), for a program that a trustplex job started (`docs/native.md`).
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

use std::io;
use std::os::unix::net::UnixStream;
use std::sync::Mutex;

use trustplex_core::api::native::{
    Call, Entry, Reply, SOCKET_ENV, param_sizes, read_message, write_message,
};

/// The link to the job, made at the first call.
static LINK: Mutex<Option<UnixStream>> = Mutex::new(None);

/// A parameter: the address the caller passed.
type P = *mut u8;

// The C library's fflush: what the program printed before a call reaches the job's transcript
// before the call's effects, as it would on a z/OS console (the program's standard output is a
// file, which C and GnuCOBOL buffer whole). Declared here: the one libc function needed.
unsafe extern "C" {
    fn fflush(stream: *mut std::ffi::c_void) -> i32;
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

/// One call of `entry` with the caller's parameter addresses (more than the function takes is
/// fine: only as many as it takes are read).
///
/// # Safety
/// Each address the function takes must be null or point at an area as large as z/OS's
/// interface says (`docs/native.md`).
unsafe fn call(entry: Entry, ptrs: &[P]) {
    // First, before a wild parameter can end the program: what it printed so far is out.
    // SAFETY: fflush(NULL) flushes every open output stream; it takes no pointer of ours.
    unsafe { fflush(std::ptr::null_mut()) };
    // SAFETY (both closures): the caller's contract, for the parameters the function takes
    // and the sizes `param_sizes` gives from the areas' own values.
    let peek = |i: usize, at: usize, len: usize| {
        let p = *ptrs.get(i)?;
        (!p.is_null()).then(|| unsafe { std::slice::from_raw_parts(p.add(at), len) }.to_vec())
    };
    let sizes = param_sizes(entry, peek);
    let params = sizes
        .iter()
        .zip(ptrs)
        .map(|(&n, &p)| {
            (!p.is_null()).then(|| unsafe { std::slice::from_raw_parts(p, n) }.to_vec())
        })
        .collect();
    let reply = exchange(&Call { entry, params }).unwrap_or_else(|why| end(entry, &why));
    if let Reply::Abend(text) = &reply {
        end(entry, text);
    }
    let mut areas: Vec<Option<&mut [u8]>> = sizes
        .iter()
        .zip(ptrs)
        .map(|(&n, &p)| (!p.is_null()).then(|| unsafe { std::slice::from_raw_parts_mut(p, n) }))
        .collect();
    if let Err(e) = reply.apply(&mut areas) {
        end(entry, &format!("a bad reply from the job: {e}"));
    }
}

/// `CALL 'EZASOKET' USING SOC-FUNCTION parm... ERRNO RETCODE`: up to ten addresses; the
/// function says how many it takes. Returns 0 (the answer is in ERRNO and RETCODE).
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
) -> i32 {
    // SAFETY: the caller's contract.
    unsafe { call(Entry::Ezasoket, &[p0, p1, p2, p3, p4, p5, p6, p7, p8, p9]) };
    0
}

/// `CALL BPX1IOC,(File_descriptor,Command,Argument_length,Argument,Return_value,Return_code,
/// Reason_code)`, AMODE 31.
///
/// # Safety
/// As z/OS's: seven addresses of the parameters' areas (null ones get EFAULT or the abend).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BPX1IOC(p0: P, p1: P, p2: P, p3: P, p4: P, p5: P, p6: P) {
    // SAFETY: the caller's contract.
    unsafe { call(Entry::Bpx1ioc, &[p0, p1, p2, p3, p4, p5, p6]) }
}

/// BPX4IOC: BPX1IOC's parameters, AMODE 64.
///
/// # Safety
/// As [`BPX1IOC`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BPX4IOC(p0: P, p1: P, p2: P, p3: P, p4: P, p5: P, p6: P) {
    // SAFETY: the caller's contract.
    unsafe { call(Entry::Bpx4ioc, &[p0, p1, p2, p3, p4, p5, p6]) }
}
