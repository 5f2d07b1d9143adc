use super::*;
use crate::api::host::Direct;
use crate::areas::Area;
use crate::areas::ioctl::{SIOCGPARTNERINFO, SIOCSPARTNERINFO};
use crate::areas::partnerinfo::{PartnerInfo, PiReqType};
use crate::sysplex::{Family, JobIdentity, SockType, Sysplex, TaskId};

/// TRSTSRV listening on TCPCS2's 10.1.2.1:4000 (with SIOCSPARTNERINFO), and TRSTCLI on TCPCS1.
fn plex() -> (Sysplex, TaskId, TaskId) {
    let mut p = crate::sysplex::plex::test_plex();
    let job = |p: &mut Sysplex, name: &str, stack: &str, user: &str| {
        let ident = JobIdentity::on_stack(p.topology(), name, stack, user).unwrap();
        p.add_job(ident).unwrap()
    };
    let srv = job(&mut p, "TRSTSRV", "TCPCS2", "TRSTSRV");
    let cli = job(&mut p, "TRSTCLI", "TCPCS1", "TRSTCLI");
    let mut h = Direct {
        plex: &mut p,
        task: srv,
    };
    let l = h.socket(Family::Inet, SockType::Stream).unwrap();
    h.siocspartnerinfo(l, PiReqType::PartnerSeccred).unwrap();
    h.bind(l, "10.1.2.1:4000".parse().unwrap()).unwrap();
    h.listen(l, 5).unwrap();
    (p, srv, cli)
}

/// A socket of the caller's connected to TRSTSRV's listener.
fn connected(h: &mut Direct) -> u32 {
    let fd = h.socket(Family::Inet, SockType::Stream).unwrap();
    h.connect(fd, "10.1.2.1:4000".parse().unwrap()).unwrap();
    fd
}

fn word(v: u32) -> Vec<u8> {
    v.to_be_bytes().to_vec()
}

fn half(v: u16) -> Vec<u8> {
    v.to_be_bytes().to_vec()
}

/// A caller's side: its areas, the call it sends (sized by `param_sizes`), the reply it gets
/// written back over the areas.
fn call(
    session: &mut Session,
    host: &mut impl Host,
    entry: Entry,
    areas: &mut [Option<Vec<u8>>],
) -> Reply {
    let sizes = param_sizes(entry, None, |i, at, len| {
        areas
            .get(i)?
            .as_ref()?
            .get(at..at + len)
            .map(<[u8]>::to_vec)
    });
    let params = sizes
        .iter()
        .zip(areas.iter())
        .map(|(n, a)| a.as_ref().map(|a| a[..(*n).min(a.len())].to_vec()))
        .collect();
    let msg = Call { entry, params }.encode();
    let call = Call::decode(&msg).unwrap();
    let reply = Reply::decode(&session.serve(&call, host).encode(), call.params.len()).unwrap();
    let mut views: Vec<Option<&mut [u8]>> = areas.iter_mut().map(|a| a.as_deref_mut()).collect();
    reply.apply(&mut views).unwrap();
    reply
}

fn ascii(name: &str) -> Vec<u8> {
    format!("{name:<16}").into_bytes()
}

fn ebcdic(name: &str) -> Vec<u8> {
    let mut f = [0x40u8; 16];
    let e = CodePage::Ibm1047.encode(name).unwrap();
    f[..e.len()].copy_from_slice(&e);
    f.to_vec()
}

#[test]
fn a_cobol_client_through_ezasoket_gets_its_partner() {
    let (mut p, _, cli) = plex();
    let mut h = Direct {
        plex: &mut p,
        task: cli,
    };
    let mut s = Session::new();
    // SOCKET with the function in ASCII, as GnuCOBOL holds it.
    let mut a = vec![
        Some(ascii("SOCKET")),
        Some(word(2)),
        Some(word(1)),
        Some(word(0)),
        Some(word(0)),
        Some(word(0)),
    ];
    assert!(matches!(
        call(&mut s, &mut h, Entry::Ezasoket, &mut a),
        Reply::Returned(_)
    ));
    let fd = u32::from_be_bytes(a[5].clone().unwrap().try_into().unwrap());
    assert_eq!(a[4], Some(word(0)), "ERRNO");
    // CONNECT, in EBCDIC as on z/OS: NAME is family 2, port 4000, 10.1.2.1.
    let mut name = half(2);
    name.extend(half(4000));
    name.extend([10, 1, 2, 1]);
    name.extend([0; 8]);
    let mut a = vec![
        Some(ebcdic("CONNECT")),
        Some(half(fd as u16)),
        Some(name),
        Some(word(0)),
        Some(word(0)),
    ];
    call(&mut s, &mut h, Entry::Ezasoket, &mut a);
    assert_eq!((a[3].clone(), a[4].clone()), (Some(word(0)), Some(word(0))));
    // IOCTL SIOCGPARTNERINFO: the area from REQARG, back in RETARG.
    let area = PartnerInfo::request(PiReqType::PartnerUserid, 40, 5).to_bytes();
    let mut a = vec![
        Some(ascii("IOCTL")),
        Some(half(fd as u16)),
        Some(word(SIOCGPARTNERINFO)),
        Some(area.clone()),
        Some(vec![0; 40]),
        Some(word(0)),
        Some(word(0)),
    ];
    call(&mut s, &mut h, Entry::Ezasoket, &mut a);
    assert_eq!(a[6], Some(word(0)), "RETCODE, ERRNO {:?}", a[5]);
    let got = PartnerInfo::parse(a[4].as_ref().unwrap()).unwrap();
    assert_eq!(got.as_userid().as_deref(), Some("TRSTSRV"));
    // An unknown function: the service finds ERRNO and RETCODE missing and abends.
    let mut a = vec![Some(ascii("NOSUCH")), Some(word(0)), Some(word(0))];
    assert!(matches!(
        call(&mut s, &mut h, Entry::Ezasoket, &mut a),
        Reply::Abend(t) if t.starts_with("ABEND S0C4 in EZASOKET")
    ));
}

#[test]
fn bpx4ioc_from_another_process_and_a_null_argument() {
    let (mut p, _, cli) = plex();
    let mut h = Direct {
        plex: &mut p,
        task: cli,
    };
    let fd = connected(&mut h);
    let mut s = Session::new();
    let area = PartnerInfo::request(PiReqType::PartnerSeccred, 200, 5).to_bytes();
    let mut a = vec![
        Some(word(fd)),
        Some(word(SIOCGPARTNERINFO)),
        Some(word(200)),
        Some(area),
        Some(word(0)),
        Some(word(0)),
        Some(word(0)),
    ];
    call(&mut s, &mut h, Entry::BPX4IOC, &mut a);
    assert_eq!(a[4], Some(word(0)), "Return_value; Return_code {:?}", a[5]);
    let got = PartnerInfo::parse(a[3].as_ref().unwrap()).unwrap();
    assert_eq!(got.as_userid().as_deref(), Some("TRSTSRV"));
    // A null Argument: EFAULT (z/OS UNIX 118) and JRBadAddress, nothing else touched.
    let mut a = vec![
        Some(word(fd)),
        Some(word(SIOCSPARTNERINFO)),
        Some(word(4)),
        None,
        Some(word(0)),
        Some(word(0)),
        Some(word(0)),
    ];
    call(&mut s, &mut h, Entry::BPX1IOC, &mut a);
    assert_eq!(a[4], Some(word(u32::MAX)), "Return_value -1");
    assert_eq!(a[5], Some(word(118)), "EFAULT");
}

#[test]
fn sizes_follow_the_function_and_its_values() {
    let areas: Vec<Vec<u8>> = vec![
        ascii("READ"),
        half(3),
        word(100),
        vec![0; 100],
        word(0),
        word(0),
    ];
    let peek =
        |i: usize, at: usize, len: usize| areas.get(i)?.get(at..at + len).map(<[u8]>::to_vec);
    assert_eq!(
        param_sizes(Entry::Ezasoket, None, peek),
        [16, 2, 4, 100, 4, 4]
    );
    let six = [ebcdic("CONNECT"), half(3), half(19)];
    let peek = |i: usize, at: usize, len: usize| six.get(i)?.get(at..at + len).map(<[u8]>::to_vec);
    assert_eq!(param_sizes(Entry::Ezasoket, None, peek), [16, 2, 28, 4, 4]);
    let peek = |_: usize, _: usize, _: usize| None;
    assert_eq!(param_sizes(Entry::Ezasoket, None, peek), [16]);
    // A huge Argument_length sends no more than an ioctl may take.
    let huge = [word(0), word(0), word(u32::MAX)];
    let peek = |i: usize, at: usize, len: usize| huge.get(i)?.get(at..at + len).map(<[u8]>::to_vec);
    assert_eq!(param_sizes(Entry::BPX1IOC, None, peek)[3], 51_200);
}

#[test]
fn malformed_messages_are_errors() {
    let good = Call {
        entry: Entry::BPX1IOC,
        params: vec![Some(vec![1, 2]), None],
    }
    .encode();
    assert_eq!(
        Call::decode(&good).unwrap().params,
        [Some(vec![1, 2]), None]
    );
    assert_eq!(Call::decode(&good[..good.len() - 1]), Err(WireError::Short));
    assert!(matches!(
        Call::decode(b"XXXX\x01\x00"),
        Err(WireError::Magic("call", _))
    ));
    assert_eq!(Call::decode(b"TPXC\x40\x00"), Err(WireError::Entry(0x40)));
    assert_eq!(Call::decode(b"TPXC\x01\x11"), Err(WireError::TooMany(17)));
    assert_eq!(Call::decode(b"TPXC\x01\x01\x05"), Err(WireError::Flag(5)));
    let mut long = good.clone();
    long.push(0);
    assert_eq!(Call::decode(&long), Err(WireError::Trailing(1)));
    // A length past the message is short, not an allocation.
    assert_eq!(
        Call::decode(b"TPXC\x01\x01\x01\xFF\xFF\xFF\xFF"),
        Err(WireError::Short)
    );
    let reply = Reply::Returned(vec![(2, vec![9]), (0, vec![])]);
    let bytes = reply.encode();
    assert_eq!(Reply::decode(&bytes, 2).unwrap(), reply);
    assert_eq!(Reply::decode(&bytes, 3), Err(WireError::Short));
    // A change that does not fit the caller's area is refused, not written past it.
    let mut area = vec![0u8; 2];
    let far = Reply::Returned(vec![(1, vec![7, 7])]);
    assert_eq!(far.apply(&mut [Some(&mut area[..])]), Err(WireError::Short));
    assert_eq!(area, [0, 0]);
}

/// The fuzz target's seeds (`fixtures/native/`) are well-formed calls, and each runs.
#[test]
fn the_seed_calls_decode_and_run() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/native");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        let call = Call::decode(&bytes).unwrap();
        assert_eq!(call.encode(), bytes);
        let (mut p, srv, _) = plex();
        let mut h = Direct {
            plex: &mut p,
            task: srv,
        };
        let _ = Session::new().serve(&call, &mut h);
        n += 1;
    }
    assert!(n >= 5);
}

#[test]
fn every_entry_has_one_code() {
    let mut n = 0;
    for code in 0..=u8::MAX {
        if let Some(e) = Entry::from_code(code) {
            assert_eq!(e.code(), code, "{e:?}");
            n += 1;
        }
    }
    // EZASOKET and each service in AMODE 31 and 64.
    assert_eq!(n, 1 + 2 * Service::ALL.len());
    assert_eq!(Entry::BPX1IOC.code(), 2);
    assert_eq!(Entry::BPX4IOC.code(), 3);
    assert_eq!(Entry::Bpx(Service::Opt, Amode::Amode64).name(), "BPX4OPT");
}

#[test]
fn a_counted_list_that_does_not_fit_its_function_gets_einval() {
    let close = [ascii("CLOSE"), half(3), word(0), word(0), word(0)];
    let peek =
        |i: usize, at: usize, len: usize| close.get(i)?.get(at..at + len).map(<[u8]>::to_vec);
    assert_eq!(param_sizes(Entry::Ezasoket, Some(4), peek), [16, 2, 4, 4]);
    assert_eq!(
        param_sizes(Entry::Ezasoket, Some(5), peek),
        [16, 0, 0, 4, 4]
    );
    assert_eq!(param_sizes(Entry::Ezasoket, Some(2), peek), [16, 4]);
    let (mut p, _, cli) = plex();
    let mut h = Direct {
        plex: &mut p,
        task: cli,
    };
    let call = Call {
        entry: Entry::Ezasoket,
        params: vec![
            Some(ascii("CLOSE")),
            Some(vec![]),
            Some(vec![]),
            Some(word(0)),
            Some(word(0)),
        ],
    };
    let Reply::Returned(changes) = Session::new().serve(&call, &mut h) else {
        panic!("abended");
    };
    let einval = crate::errno::tcp_errno_named("EINVAL").unwrap().value;
    // The bytes that changed: ERRNO's last, RETCODE's all.
    assert_eq!(changes[3], (3, vec![einval as u8]), "ERRNO");
    assert_eq!(changes[4], (0, word(u32::MAX)), "RETCODE");
}

/// BPX4WRT's Buffer_address: the call carries the buffer, and the service reaches it through
/// the pointer trustplex lays out.
#[test]
fn bpx4wrt_writes_the_buffer_its_pointer_names() {
    let (mut p, _, cli) = plex();
    let mut h = Direct {
        plex: &mut p,
        task: cli,
    };
    let fd = connected(&mut h);
    let mut s = Session::new();
    let entry = Entry::Bpx(Service::Write, Amode::Amode64);
    let mut a = vec![
        Some(word(fd)),
        Some(b"trusted".to_vec()),
        Some(word(0)),
        Some(word(7)),
        Some(word(0)),
        Some(word(0)),
        Some(word(0)),
    ];
    assert_eq!(
        param_sizes(entry, None, |_, _, _| None),
        [4, 0, 4, 4, 4, 4, 4]
    );
    let sizes = param_sizes(entry, None, |i, at, len| {
        a.get(i)?.as_ref()?.get(at..at + len).map(<[u8]>::to_vec)
    });
    assert_eq!(sizes, [4, 7, 4, 4, 4, 4, 4]);
    call(&mut s, &mut h, entry, &mut a);
    assert_eq!(a[4], Some(word(7)), "Return_value");
    assert_eq!(
        a[1].as_deref(),
        Some(&b"trusted"[..]),
        "the buffer is unchanged"
    );
}
