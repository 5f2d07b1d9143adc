//! A program's call from another process, as trustplex receives it: arbitrary bytes decoded as
//! a call and, when they are one, run against a stack with a listener, and its areas sized as
//! a caller's side sizes them (with and without a parameter count); and arbitrary bytes as a
//! reply, applied to areas of the sizes the call sent. The oracle: never a panic; a decoded
//! call re-encodes to the same bytes; sizes stay within the wire's bounds; a reply either
//! returns one change per parameter, each inside its area, or abends.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod one_stack;

use trustplex::api::host::Direct;
use trustplex::api::native::{Call, MAX_MESSAGE, MAX_PARAMS, Reply, Session, param_sizes};

fuzz_target!(|data: &[u8]| {
    if let Ok(call) = Call::decode(data) {
        assert_eq!(call.encode(), data, "a call re-encodes to its bytes");
        let peek = |i: usize, at: usize, len: usize| {
            call.params
                .get(i)?
                .as_ref()?
                .get(at..at.checked_add(len)?)
                .map(<[u8]>::to_vec)
        };
        for count in [None, Some(call.params.len())] {
            let sizes = param_sizes(call.entry, count, peek);
            assert!(
                sizes.len() <= MAX_PARAMS
                    && sizes.iter().sum::<usize>() <= MAX_PARAMS * MAX_MESSAGE
            );
        }
        let (mut plex, task) = one_stack::with_listener();
        let mut host = Direct {
            plex: &mut plex,
            task,
        };
        let reply = Session::new().serve(&call, &mut host);
        if let Reply::Returned(changes) = &reply {
            assert_eq!(changes.len(), call.params.len());
            for ((offset, bytes), p) in changes.iter().zip(&call.params) {
                let room = p.as_ref().map_or(0, Vec::len);
                assert!(bytes.is_empty() || *offset as usize + bytes.len() <= room);
            }
        }
        let mut areas: Vec<Option<Vec<u8>>> = call.params.clone();
        let mut views: Vec<Option<&mut [u8]>> =
            areas.iter_mut().map(|a| a.as_deref_mut()).collect();
        reply
            .apply(&mut views)
            .expect("a reply to this call fits its areas");
    } else if let Ok(reply) = Reply::decode(data, 4) {
        let mut areas = [vec![0u8; 16], vec![0u8; 4], vec![0u8; 2], vec![0u8; 64]];
        let mut views: Vec<Option<&mut [u8]>> =
            areas.iter_mut().map(|a| Some(&mut a[..])).collect();
        let _ = reply.apply(&mut views);
    }
});
