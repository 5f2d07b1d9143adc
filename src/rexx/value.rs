//! A REXX value: a string of bytes, kept inline when short (most values in a loop are short
//! numbers and words), shared by reference count when long, so copying a value is cheap and
//! making one seldom allocates. A short plain number made by arithmetic (or written as a
//! literal) also keeps its mantissa and scale, so the next sum or comparison does not parse it
//! again.

use std::fmt;
use std::ops::Deref;
use std::rc::Rc;

use super::num::Fixed;

const INLINE: usize = 23;

/// A short value's bytes, aligned so copying one is a few whole-word moves.
#[derive(Clone, Copy)]
#[repr(C, align(8))]
struct Inline {
    buf: [u8; INLINE],
    len: u8,
}

/// The longest text a number keeps in the fast form.
const NUMBER_TEXT: usize = 14;

/// A plain number: its text and its [`Fixed`] form, in the space of an inline string.
#[derive(Clone, Copy)]
#[repr(C, align(8))]
struct Number {
    m: i64,
    buf: [u8; NUMBER_TEXT],
    len: u8,
    s: u8,
}

#[derive(Clone)]
enum Repr {
    Inline(Inline),
    Heap(Rc<[u8]>),
    Number(Number),
}

/// A REXX value.
#[derive(Clone)]
pub struct Val(Repr);

impl Val {
    pub fn as_bytes(&self) -> &[u8] {
        match &self.0 {
            Repr::Inline(i) => &i.buf[..i.len as usize],
            Repr::Heap(r) => r,
            Repr::Number(n) => &n.buf[..n.len as usize],
        }
    }

    /// Replaces the value with `b` in place when both are short strings: no new value made
    /// and moved. False (and unchanged) otherwise.
    pub fn overwrite(&mut self, b: &[u8]) -> bool {
        match &mut self.0 {
            Repr::Inline(i) if b.len() <= INLINE => {
                fill(&mut i.buf, b);
                i.len = b.len() as u8;
                true
            }
            _ => false,
        }
    }

    /// The value as a short plain number ([`Fixed::parse`]), without parsing it again when
    /// it was made as one.
    pub fn fixed(&self) -> Option<Fixed> {
        match &self.0 {
            Repr::Number(n) => Some(Fixed {
                m: n.m,
                s: u32::from(n.s),
            }),
            _ => Fixed::parse(self.as_bytes()),
        }
    }

    /// The number `f` as REXX writes it ([`Fixed::text`]), keeping its fast form.
    pub fn from_fixed(f: Fixed) -> Val {
        // Written straight into the fast form's buffer when it fits: no scratch, no copy.
        if let Ok(s) = u8::try_from(f.s)
            && let Some(len) = f.text_len().filter(|n| *n <= NUMBER_TEXT)
        {
            let mut buf = [0u8; NUMBER_TEXT];
            f.write_back(&mut buf[..len]);
            return Val(Repr::Number(Number {
                m: f.m,
                buf,
                len: len as u8,
                s,
            }));
        }
        let mut text = [0u8; 48];
        let len = f.text(&mut text);
        Val::from(&text[..len])
    }

    /// A literal of the program: in the fast form when it is a plain number written as
    /// arithmetic would write it (`12`, `1.10`; not `012` or `.5`, whose text differs).
    pub fn literal(b: &[u8]) -> Val {
        if let Some(f) = Fixed::parse(b) {
            let v = Val::from_fixed(f);
            if v.as_bytes() == b {
                return v;
            }
        }
        Val::from(b)
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

/// Where `needle` first occurs in `hay` (PARSE's string patterns, POS): memchr's SIMD
/// search; an empty needle is never found.
/// A whole number's value, without an intermediate String.
pub(crate) fn int_val(i: i64) -> Val {
    Val::from_fixed(Fixed { m: i, s: 0 })
}

/// A string's value.
pub fn val_str(s: &str) -> Val {
    Val::from(s.as_bytes())
}

/// `1` or `0`.
pub(crate) fn bool_val(b: bool) -> Val {
    Val::from(if b { b"1" } else { b"0" })
}

pub fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    match needle {
        [] => None,
        [c] => memchr::memchr(*c, hay),
        _ => memchr::memmem::find(hay, needle),
    }
}

/// `b` (at most [`INLINE`] bytes) into the front of `buf`, in at most two overlapping word
/// moves: a call to `memcpy` for a few bytes costs more than the copy.
fn fill(buf: &mut [u8; INLINE], b: &[u8]) {
    let n = b.len();
    if n >= 16 {
        buf[..16].copy_from_slice(&b[..16]);
        buf[n - 16..n].copy_from_slice(&b[n - 16..]);
    } else if n >= 8 {
        buf[..8].copy_from_slice(&b[..8]);
        buf[n - 8..n].copy_from_slice(&b[n - 8..]);
    } else if n >= 4 {
        buf[..4].copy_from_slice(&b[..4]);
        buf[n - 4..n].copy_from_slice(&b[n - 4..]);
    } else if n > 0 {
        buf[0] = b[0];
        buf[n / 2] = b[n / 2];
        buf[n - 1] = b[n - 1];
    }
}

impl From<&[u8]> for Val {
    fn from(b: &[u8]) -> Val {
        if b.len() <= INLINE {
            let mut buf = [0u8; INLINE];
            fill(&mut buf, b);
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

    #[test]
    fn every_short_length_is_copied_whole() {
        let src: Vec<u8> = (1..=INLINE as u8).collect();
        for n in 0..=INLINE {
            assert_eq!(&*Val::from(&src[..n]), &src[..n], "{n}");
        }
    }

    #[test]
    fn numbers_keep_their_fast_form_and_their_text() {
        let n = Val::from_fixed(Fixed { m: -1250, s: 2 });
        assert_eq!(&*n, b"-12.50");
        assert_eq!(n.fixed(), Some(Fixed { m: -1250, s: 2 }));
        assert_eq!(n, Val::from("-12.50"));
        // Longer than the fast form holds: the text alone, parsed when needed.
        let long = Val::from_fixed(Fixed {
            m: 123_456_789_012_345,
            s: 0,
        });
        assert_eq!(&*long, b"123456789012345");
        assert_eq!(
            long.fixed(),
            Some(Fixed {
                m: 123_456_789_012_345,
                s: 0
            })
        );
        // A literal is a number only when its text is the number's own.
        assert!(matches!(Val::literal(b"1.10").0, Repr::Number(_)));
        for text in [&b"012"[..], b".5", b"-0", b"1e3", b"abc", b" 1"] {
            let v = Val::literal(text);
            assert!(!matches!(v.0, Repr::Number(_)), "{text:?}");
            assert_eq!(&*v, text);
        }
    }
}
