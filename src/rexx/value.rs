//! A REXX value: a string of bytes, kept inline when short (most values in a loop are short
//! numbers and words), shared by reference count when long, so copying a value is cheap and
//! making one seldom allocates.

use std::fmt;
use std::ops::Deref;
use std::rc::Rc;

const INLINE: usize = 23;

/// A short value's bytes, aligned so copying one is a few whole-word moves.
#[derive(Clone, Copy)]
#[repr(C, align(8))]
struct Inline {
    buf: [u8; INLINE],
    len: u8,
}

#[derive(Clone)]
enum Repr {
    Inline(Inline),
    Heap(Rc<[u8]>),
}

/// A REXX value.
#[derive(Clone)]
pub struct Val(Repr);

impl Val {
    pub fn as_bytes(&self) -> &[u8] {
        match &self.0 {
            Repr::Inline(i) => &i.buf[..i.len as usize],
            Repr::Heap(r) => r,
        }
    }
}

impl Val {
    /// The value in upper case (ASCII letters).
    pub fn upper(b: &[u8]) -> Val {
        if b.len() <= INLINE {
            let mut buf = [0u8; INLINE];
            for (d, c) in buf.iter_mut().zip(b) {
                *d = c.to_ascii_uppercase();
            }
            return Val(Repr::Inline(Inline {
                buf,
                len: b.len() as u8,
            }));
        }
        Val::from(b.to_ascii_uppercase())
    }

    /// `a || b`, or `a b` with `blank`.
    pub fn concat(a: &[u8], b: &[u8], blank: bool) -> Val {
        let len = a.len() + b.len() + usize::from(blank);
        if len <= INLINE {
            let mut buf = [0u8; INLINE];
            buf[..a.len()].copy_from_slice(a);
            let mut at = a.len();
            if blank {
                buf[at] = b' ';
                at += 1;
            }
            buf[at..len].copy_from_slice(b);
            return Val(Repr::Inline(Inline {
                buf,
                len: len as u8,
            }));
        }
        let mut out = Vec::with_capacity(len);
        out.extend_from_slice(a);
        if blank {
            out.push(b' ');
        }
        out.extend_from_slice(b);
        Val(Repr::Heap(Rc::from(out)))
    }
}

impl Deref for Val {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        self.as_bytes()
    }
}

impl From<&[u8]> for Val {
    fn from(b: &[u8]) -> Val {
        if b.len() <= INLINE {
            let mut buf = [0u8; INLINE];
            buf[..b.len()].copy_from_slice(b);
            Val(Repr::Inline(Inline {
                buf,
                len: b.len() as u8,
            }))
        } else {
            Val(Repr::Heap(Rc::from(b)))
        }
    }
}

impl<const N: usize> From<&[u8; N]> for Val {
    fn from(b: &[u8; N]) -> Val {
        Val::from(&b[..])
    }
}

impl From<Vec<u8>> for Val {
    fn from(v: Vec<u8>) -> Val {
        if v.len() <= INLINE {
            Val::from(&v[..])
        } else {
            Val(Repr::Heap(Rc::from(v)))
        }
    }
}

impl From<&str> for Val {
    fn from(s: &str) -> Val {
        Val::from(s.as_bytes())
    }
}

impl From<String> for Val {
    fn from(s: String) -> Val {
        Val::from(s.into_bytes())
    }
}

impl PartialEq for Val {
    fn eq(&self, other: &Val) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl Eq for Val {}

impl fmt::Debug for Val {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", String::from_utf8_lossy(self.as_bytes()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_inline_long_shared() {
        let s = Val::from("12345");
        assert_eq!(&*s, b"12345");
        let long = Val::from("x".repeat(100));
        let c = long.clone();
        assert_eq!(c.len(), 100);
        assert_eq!(Val::from(vec![1u8; 23]).len(), 23);
        assert_eq!(std::mem::size_of::<Val>(), 32);
    }
}
