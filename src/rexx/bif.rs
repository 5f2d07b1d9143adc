//! The built-in functions: the SAA/TSO/E set (`docs/reference/rexx.md` §17), CHANGESTR and COUNTSTR, and the
//! TSO/E extras USERID, JUSTIFY, INDEX and FIND. Arguments are checked as TRL2 says; a bad
//! one is error 40 ("Incorrect call to routine"). Whole-number arguments are taken at
//! NUMERIC DIGITS 9, as TSO/E's built-ins work (`docs/reference/rexx.md` §16).

use super::Host;
use super::ast::{Target, Val};
use super::error::{RexxError, error_text};
use super::num::{self, Form, Num};
use super::tsoe;
use super::value::find;
use super::value::{bool_val, int_val, val_str};

type R<T> = Result<T, RexxError>;

struct Args<'a> {
    name: &'a str,
    args: &'a [Option<Val>],
    line: usize,
    /// The longest string the exec may build (a length beyond it is error 5).
    max: usize,
}

impl<'a> Args<'a> {
    fn bad(&self, sub: u32) -> RexxError {
        RexxError::new(40, sub, self.line, vec![self.name.to_string()])
    }

    fn count(&self, min: usize, max: usize) -> R<()> {
        if self.args.len() > max {
            return Err(self.bad(4));
        }
        for i in 0..min {
            if self.args.get(i).is_none_or(|a| a.is_none()) {
                return Err(self.bad(3));
            }
        }
        Ok(())
    }

    fn get(&self, i: usize) -> Option<&'a [u8]> {
        self.args.get(i).and_then(|a| a.as_deref())
    }

    fn s(&self, i: usize) -> &'a [u8] {
        self.get(i).unwrap_or(b"")
    }

    fn whole(&self, i: usize) -> R<Option<i64>> {
        match self.args.get(i).and_then(|a| a.as_ref()) {
            None => Ok(None),
            Some(v) => {
                // A whole number of at most 9 digits is itself at DIGITS 9.
                if let Some(f) = v.fixed()
                    && f.s == 0
                    && f.sig_le(9)
                {
                    return Ok(Some(f.m));
                }
                let mut n = std::str::from_utf8(v)
                    .ok()
                    .and_then(Num::parse)
                    .ok_or_else(|| self.bad(12))?;
                n.round(9);
                n.to_i64().map(Some).ok_or_else(|| self.bad(12))
            }
        }
    }

    /// A whole number >= 0: a length, so no more than the longest string allowed.
    fn nonneg(&self, i: usize) -> R<Option<usize>> {
        match self.whole(i)? {
            Some(n) if n < 0 => Err(self.bad(13)),
            Some(n) if n as u64 > self.max as u64 => Err(self.too_long()),
            n => Ok(n.map(|n| n as usize)),
        }
    }

    /// Error 5: the result would be longer than the exec may hold.
    fn too_long(&self) -> RexxError {
        RexxError::new(5, 1, self.line, vec![self.name.to_string()])
    }

    /// A whole number > 0.
    fn positive(&self, i: usize) -> R<Option<usize>> {
        match self.whole(i)? {
            Some(n) if n <= 0 => Err(self.bad(14)),
            n => Ok(n.map(|n| n as usize)),
        }
    }

    fn pad(&self, i: usize) -> R<u8> {
        match self.get(i) {
            None => Ok(b' '),
            Some([c]) => Ok(*c),
            Some(_) => Err(self.bad(23)),
        }
    }

    /// An option letter from `allowed` (the first character, upper-cased).
    fn option(&self, i: usize, default: u8, allowed: &[u8]) -> R<u8> {
        match self.get(i) {
            None => Ok(default),
            Some(v) => {
                let c = v
                    .first()
                    .map(|c| c.to_ascii_uppercase())
                    .ok_or_else(|| self.bad(21))?;
                if allowed.contains(&c) {
                    Ok(c)
                } else {
                    Err(self.bad(28))
                }
            }
        }
    }

    fn num(&self, i: usize) -> R<Num> {
        std::str::from_utf8(self.s(i))
            .ok()
            .and_then(Num::parse)
            .ok_or_else(|| self.bad(11))
    }
}

fn v(b: &[u8]) -> Val {
    Val::from(b)
}

/// The blank-delimited words of `s`, as (start, end) offsets.
fn word_spans(s: &[u8]) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < s.len() && s[i] == b' ' {
            i += 1;
        }
        if i >= s.len() {
            return None;
        }
        let st = i;
        while i < s.len() && s[i] != b' ' {
            i += 1;
        }
        Some((st, i))
    })
}

fn words(s: &[u8]) -> Vec<(usize, usize)> {
    word_spans(s).collect()
}

fn fmt(n: &Num, digits: usize, form: Form) -> Val {
    val_str(&n.format(digits, form))
}

/// The condition most recently trapped (CONDITION()).
#[derive(Clone, Debug, Default)]
pub(crate) struct CondInfo {
    pub name: String,
    pub description: Vec<u8>,
    pub instruction: &'static str,
    pub status: &'static str,
}

/// OUTTRAP's setting: where command output goes instead of the terminal.
#[derive(Clone, Debug)]
pub(crate) struct Outtrap {
    /// The variable name prefix (`LINE.` gives LINE.1, LINE.2 ... and LINE.0).
    pub stem: String,
    pub max: usize,
    pub concat: bool,
    pub count: usize,
}

/// What the built-in functions need of the interpreter, and no more: the calling
/// activation's settings, arguments and line, its variables by name, and the session (host,
/// data stack, source, clocks, RANDOM's state, OUTTRAP). The interpreter implements it; this
/// module does not know the interpreter's types.
pub(crate) trait Env {
    /// NUMERIC DIGITS, FUZZ and FORM in force.
    fn digits(&self) -> usize;
    fn fuzz(&self) -> usize;
    fn form(&self) -> Form;
    /// The environment commands go to (ADDRESS()).
    fn address(&self) -> &str;
    /// TRACE's letter, and setting it (TRACE()).
    fn trace(&self) -> u8;
    fn set_trace(&mut self, letter: u8);
    /// The condition trapped last (CONDITION()).
    fn condition(&self) -> Option<&CondInfo>;
    /// The caller's arguments (ARG()).
    fn args(&self) -> &[Option<Val>];
    /// The line of the clause that calls, for errors.
    fn line(&self) -> usize;
    /// The longest string a result may be.
    fn max_string(&self) -> usize;
    fn host(&mut self) -> &mut dyn Host;
    /// Lines on the data stack (QUEUED()).
    fn queued(&self) -> usize;
    /// The exec's lines (SOURCELINE()).
    fn source(&self) -> &[Vec<u8>];
    /// RANDOM's state.
    fn random(&mut self) -> &mut u64;
    fn outtrap(&mut self) -> &mut Option<Outtrap>;
    /// The time of the current clause, and TIME('E')'s start, in host microseconds.
    fn clause_time(&mut self) -> &mut Option<u64>;
    fn elapsed_start(&mut self) -> &mut Option<u64>;
    /// The variable `name` names, as written (no substitution in its tail).
    fn target(&mut self, name: &str) -> Target;
    /// The variable a string names, its tail's symbols substituted as in a program
    /// (SYMBOL(), VALUE()).
    fn variable(&mut self, name: &[u8]) -> Target;
    fn lookup(&mut self, t: &Target) -> Option<Val>;
    /// The name of a variable that has no value, as its value.
    fn derived_name(&mut self, t: &Target) -> Vec<u8>;
    fn assign(&mut self, t: &Target, v: Val) -> R<()>;
}

/// Declares the built-in functions: each name once, as the variant that stands for it.
macro_rules! builtins {
    ($($name:ident),* $(,)?) => {
        #[allow(clippy::upper_case_acronyms, non_camel_case_types)]
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        enum Bif {
            $($name),*
        }

        /// Every built-in function by name, in the order of [`Bif`].
        const BUILTINS: &[(&str, Bif)] = &[$((stringify!($name), Bif::$name)),*];
    };
}

builtins!(
    ABBREV, ABS, SIGN, ADDRESS, ARG, BITAND, BITOR, BITXOR, B2X, CENTER, CENTRE, CHANGESTR,
    COMPARE, CONDITION, COPIES, COUNTSTR, C2D, C2X, DATATYPE, DATE, DELSTR, DELWORD, DIGITS, D2C,
    D2X, ERRORTEXT, FIND, FORM, FORMAT, FUZZ, INDEX, INSERT, JUSTIFY, LASTPOS, LEFT, LENGTH, MAX,
    MIN, OUTTRAP, GETMSG, SYSDSN, LISTDSI, SYSCPUS, OVERLAY, POS, QUEUED, RANDOM, REVERSE, RIGHT,
    SOURCELINE, SPACE, STRIP, SUBSTR, SUBWORD, SYMBOL, TIME, TRACE, TRANSLATE, TRUNC, USERID,
    LINESIZE, EXTERNALS, VALUE, VERIFY, WORD, WORDINDEX, WORDLENGTH, WORDPOS, WORDS, XRANGE, X2B,
    X2C, X2D
);

/// The built-in function `name` (upper case) names, as [`call`] takes it: a call site
/// looks its name up once.
pub(crate) fn lookup(name: &str) -> Option<u8> {
    BUILTINS
        .iter()
        .position(|(n, _)| *n == name)
        .and_then(|i| u8::try_from(i).ok())
}

/// Calls the built-in function [`lookup`] found.
pub(crate) fn call(env: &mut impl Env, number: u8, args: &[Option<Val>]) -> R<Val> {
    use Bif::*;
    let (name, bif) = BUILTINS[usize::from(number)];
    let a = Args {
        name,
        args,
        line: env.line(),
        max: env.max_string(),
    };
    match bif {
        ABBREV => abbrev(&a),
        ABS | SIGN => sign_abs(&a, env, bif == ABS),
        ADDRESS => a.count(0, 0).map(|_| val_str(env.address())),
        ARG => arg(&a, env),
        BITAND | BITOR | BITXOR => bits(&a),
        B2X => b2x(&a),
        CENTER | CENTRE => center(&a),
        CHANGESTR => changestr(&a),
        COMPARE => compare(&a),
        CONDITION => condition(&a, env),
        COPIES => copies(&a),
        COUNTSTR => countstr(&a),
        C2D => c2d(&a),
        C2X => a.count(1, 1).map(|_| val_str(&hex(a.s(0)))),
        DATATYPE => datatype(&a),
        DATE => date(&a, env),
        DELSTR => delstr(&a),
        DELWORD => delword(&a),
        DIGITS => a.count(0, 0).map(|_| val_str(&env.digits().to_string())),
        D2C => d2c(&a, env.digits()),
        D2X => d2x(&a, env.digits()),
        ERRORTEXT => errortext(&a),
        FIND => find_word(&a),
        FORM => a.count(0, 0).map(|_| {
            val_str(match env.form() {
                Form::Scientific => "SCIENTIFIC",
                Form::Engineering => "ENGINEERING",
            })
        }),
        FORMAT => format(&a, env),
        FUZZ => a.count(0, 0).map(|_| val_str(&env.fuzz().to_string())),
        INDEX => index(&a),
        INSERT => insert(&a),
        JUSTIFY => justify(&a),
        LASTPOS => lastpos(&a),
        LEFT => left(&a),
        LENGTH => a.count(1, 1).map(|_| int_val(a.s(0).len() as i64)),
        MAX | MIN => maxmin(&a, env, bif == MAX),
        OUTTRAP => outtrap(&a, env),
        GETMSG => getmsg(&a, env),
        SYSDSN => a.count(1, 1).map(|_| {
            let arg = tsoe::dsn_arg(a.s(0), &env.host().userid());
            val_str(&tsoe::sysdsn(arg, |d| env.host().dataset(d)))
        }),
        LISTDSI => listdsi(&a, env),
        SYSCPUS => syscpus(&a, env),
        OVERLAY => overlay(&a),
        POS => pos(&a),
        QUEUED => a.count(0, 0).map(|_| val_str(&env.queued().to_string())),
        RANDOM => random(&a, env),
        REVERSE => a.count(1, 1).map(|_| {
            let mut s = a.s(0).to_vec();
            s.reverse();
            v(&s)
        }),
        RIGHT => right(&a),
        SOURCELINE => sourceline(&a, env),
        SPACE => space(&a),
        STRIP => strip(&a),
        SUBSTR => substr(&a),
        SUBWORD => subword(&a),
        SYMBOL => symbol(&a, env),
        TIME => time(&a, env),
        TRACE => trace(&a, env),
        TRANSLATE => translate(&a),
        TRUNC => trunc(&a, env),
        USERID => a.count(0, 0).map(|_| val_str(&env.host().userid())),
        // Every exec runs as a TSO/E background session (SYSVAR('SYSENV') is BACK): LINESIZE
        // is 131 there (TSOREF LINESIZE, `confirmed`), and TSO/E has no terminal input
        // buffer, so EXTERNALS is always 0 (TSOREF EXTERNALS, `confirmed`).
        LINESIZE => a.count(0, 0).map(|_| val_str("131")),
        EXTERNALS => a.count(0, 0).map(|_| val_str("0")),
        VALUE => value(&a, env),
        VERIFY => verify(&a),
        WORD => word(&a),
        WORDINDEX => wordindex(&a),
        WORDLENGTH => wordlength(&a),
        WORDPOS => wordpos(&a),
        WORDS => a
            .count(1, 1)
            .map(|_| int_val(word_spans(a.s(0)).count() as i64)),
        XRANGE => xrange(&a),
        X2B => x2b(&a),
        X2C => x2c(&a),
        X2D => x2d(&a),
    }
}

fn abbrev(a: &Args) -> R<Val> {
    a.count(2, 3)?;
    let (info, s) = (a.s(0), a.s(1));
    let len = a.nonneg(2)?.unwrap_or(s.len());
    Ok(bool_val(s.len() >= len && info.starts_with(s)))
}

fn sign_abs(a: &Args, env: &impl Env, abs: bool) -> R<Val> {
    a.count(1, 1)?;
    let mut n = a.num(0)?;
    n.round(env.digits());
    if abs {
        n.neg = false;
        return Ok(fmt(&n, env.digits(), env.form()));
    }
    Ok(val_str(if n.is_zero() {
        "0"
    } else if n.neg {
        "-1"
    } else {
        "1"
    }))
}

fn arg(a: &Args, env: &impl Env) -> R<Val> {
    a.count(0, 2)?;
    let n = match a.positive(0)? {
        None => {
            if a.get(1).is_some() {
                return Err(a.bad(3));
            }
            return Ok(val_str(&env.args().len().to_string()));
        }
        Some(n) => n,
    };
    let given = env.args().get(n - 1).is_some_and(|x| x.is_some());
    match a.option(1, b'X', b"EO")? {
        b'E' => Ok(bool_val(given)),
        b'O' => Ok(bool_val(!given)),
        _ => Ok(env
            .args()
            .get(n - 1)
            .cloned()
            .flatten()
            .unwrap_or_else(|| v(b""))),
    }
}

fn bits(a: &Args) -> R<Val> {
    a.count(1, 3)?;
    let (x, y) = (a.s(0), a.s(1));
    let pad = match a.get(2) {
        None => None,
        Some([c]) => Some(*c),
        Some(_) => return Err(a.bad(23)),
    };
    let (long, short) = if x.len() >= y.len() { (x, y) } else { (y, x) };
    let mut out = Vec::with_capacity(long.len());
    for (i, l) in long.iter().enumerate() {
        let s = match short.get(i) {
            Some(s) => *s,
            None => match pad {
                Some(p) => p,
                None => {
                    out.extend_from_slice(&long[i..]);
                    break;
                }
            },
        };
        out.push(match a.name {
            "BITAND" => l & s,
            "BITOR" => l | s,
            _ => l ^ s,
        });
    }
    Ok(v(&out))
}

fn hex(s: &[u8]) -> String {
    s.iter().map(|b| format!("{b:02X}")).collect()
}

/// Hex digits with blanks at byte boundaries (not leading or trailing), as X2C takes them.
fn hex_digits(a: &Args, s: &[u8], radix: u32) -> R<Vec<u8>> {
    if s.first() == Some(&b' ') || s.last() == Some(&b' ') {
        return Err(a.bad(if radix == 16 { 25 } else { 24 }));
    }
    let groups: Vec<&[u8]> = s.split(|c| *c == b' ').filter(|g| !g.is_empty()).collect();
    let unit = if radix == 16 { 2 } else { 4 };
    let mut out = Vec::new();
    for (k, g) in groups.iter().enumerate() {
        if k > 0 && g.len() % unit != 0 {
            return Err(a.bad(if radix == 16 { 25 } else { 24 }));
        }
        for c in g.iter() {
            out.push(
                (*c as char)
                    .to_digit(radix)
                    .ok_or_else(|| a.bad(if radix == 16 { 25 } else { 24 }))? as u8,
            );
        }
    }
    Ok(out)
}

fn b2x(a: &Args) -> R<Val> {
    a.count(1, 1)?;
    let bits = hex_digits(a, a.s(0), 2)?;
    let pad = (4 - bits.len() % 4) % 4;
    let mut all = vec![0u8; pad];
    all.extend(bits);
    let s: String = all
        .chunks(4)
        .map(|c| {
            let n = c.iter().fold(0u8, |acc, b| acc * 2 + b);
            char::from_digit(u32::from(n), 16)
                .unwrap_or('0')
                .to_ascii_uppercase()
        })
        .collect();
    Ok(val_str(&s))
}

fn x2b(a: &Args) -> R<Val> {
    a.count(1, 1)?;
    let d = hex_digits(a, a.s(0), 16)?;
    let s: String = d.iter().map(|n| format!("{n:04b}")).collect();
    Ok(val_str(&s))
}

fn x2c(a: &Args) -> R<Val> {
    a.count(1, 1)?;
    let d = hex_digits(a, a.s(0), 16)?;
    let mut all = if d.len() % 2 == 1 { vec![0] } else { vec![] };
    all.extend(d);
    Ok(v(&all
        .chunks(2)
        .map(|c| c[0] * 16 + c[1])
        .collect::<Vec<u8>>()))
}

fn center(a: &Args) -> R<Val> {
    a.count(2, 3)?;
    let s = a.s(0);
    let n = a.nonneg(1)?.unwrap_or(0);
    let pad = a.pad(2)?;
    if s.len() >= n {
        let cut = (s.len() - n) / 2;
        return Ok(v(&s[cut..cut + n]));
    }
    let total = n - s.len();
    let left = total / 2;
    let mut out = vec![pad; left];
    out.extend_from_slice(s);
    out.resize(n, pad);
    Ok(v(&out))
}

fn changestr(a: &Args) -> R<Val> {
    a.count(3, 3)?;
    let (needle, hay, new) = (a.s(0), a.s(1), a.s(2));
    if needle.is_empty() {
        return Ok(v(hay));
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < hay.len() {
        if hay[i..].starts_with(needle) {
            out.extend_from_slice(new);
            i += needle.len();
        } else {
            out.push(hay[i]);
            i += 1;
        }
    }
    Ok(v(&out))
}

fn countstr(a: &Args) -> R<Val> {
    a.count(2, 2)?;
    let (needle, hay) = (a.s(0), a.s(1));
    if needle.is_empty() {
        return Ok(val_str("0"));
    }
    let mut n = 0;
    let mut i = 0;
    while i + needle.len() <= hay.len() {
        if hay[i..].starts_with(needle) {
            n += 1;
            i += needle.len();
        } else {
            i += 1;
        }
    }
    Ok(val_str(&n.to_string()))
}

fn compare(a: &Args) -> R<Val> {
    a.count(2, 3)?;
    let (x, y) = (a.s(0), a.s(1));
    let pad = a.pad(2)?;
    let n = x.len().max(y.len());
    for i in 0..n {
        let p = x.get(i).copied().unwrap_or(pad);
        let q = y.get(i).copied().unwrap_or(pad);
        if p != q {
            return Ok(val_str(&(i + 1).to_string()));
        }
    }
    Ok(val_str("0"))
}

fn condition(a: &Args, env: &impl Env) -> R<Val> {
    a.count(0, 1)?;
    let opt = a.option(0, b'I', b"CDIS")?;
    let Some(c) = env.condition() else {
        return Ok(v(b""));
    };
    Ok(match opt {
        b'C' => val_str(&c.name),
        b'D' => v(&c.description),
        b'S' => val_str(c.status),
        _ => val_str(c.instruction),
    })
}

fn copies(a: &Args) -> R<Val> {
    a.count(2, 2)?;
    let n = a.nonneg(1)?.unwrap_or(0);
    if n.saturating_mul(a.s(0).len()) > a.max {
        return Err(a.too_long());
    }
    Ok(v(&a.s(0).repeat(n)))
}

/// The bytes as an unsigned (or, with a length, two's complement) binary number.
/// The longest input C2D and X2D convert (their results could not be used as numbers
/// beyond this anyway: `reconstructed` bound, 1000 decimal digits).
const CONVERT_MAX: usize = 400;

fn c2d(a: &Args) -> R<Val> {
    a.count(1, 2)?;
    let s = a.s(0);
    if s.len() > CONVERT_MAX {
        return Err(a.bad(9));
    }
    let n = a.nonneg(1)?;
    let bytes: Vec<u8> = match n {
        None => s.to_vec(),
        Some(n) => {
            if n == 0 {
                return Ok(val_str("0"));
            }
            let mut b = vec![0u8; n.saturating_sub(s.len())];
            b.extend_from_slice(&s[s.len().saturating_sub(n)..]);
            b
        }
    };
    let neg = n.is_some() && bytes.first().is_some_and(|b| b & 0x80 != 0);
    let mut digits = big_from_bytes(&bytes);
    if neg {
        // value - 256^len
        let mut m = vec![1u8];
        m.extend(std::iter::repeat_n(0, bytes.len()));
        let modulus = big_from_bytes(&m);
        digits = big_sub(&modulus, &digits);
    }
    let text = big_to_string(&digits);
    Ok(val_str(&if neg && text != "0" {
        format!("-{text}")
    } else {
        text
    }))
}

/// Decimal digits (most significant first) of a big-endian byte string.
fn big_from_bytes(b: &[u8]) -> Vec<u8> {
    let mut d = vec![0u8];
    for byte in b {
        // d = d * 256 + byte
        let mut carry = u32::from(*byte);
        for x in d.iter_mut().rev() {
            let v = u32::from(*x) * 256 + carry;
            *x = (v % 10) as u8;
            carry = v / 10;
        }
        while carry > 0 {
            d.insert(0, (carry % 10) as u8);
            carry /= 10;
        }
    }
    d
}

fn big_sub(a: &[u8], b: &[u8]) -> Vec<u8> {
    let mut out = a.to_vec();
    let mut borrow = 0i16;
    for i in 0..out.len() {
        let ai = out.len() - 1 - i;
        let bd = if i < b.len() {
            i16::from(b[b.len() - 1 - i])
        } else {
            0
        };
        let mut d = i16::from(out[ai]) - bd - borrow;
        if d < 0 {
            d += 10;
            borrow = 1;
        } else {
            borrow = 0;
        }
        out[ai] = d as u8;
    }
    out
}

fn big_to_string(d: &[u8]) -> String {
    let s: String = d.iter().map(|x| char::from(b'0' + x)).collect();
    let t = s.trim_start_matches('0');
    if t.is_empty() { "0".into() } else { t.into() }
}

/// A whole number as bytes: two's complement in `len` bytes, or the fewest bytes. It must be
/// whole at the current NUMERIC DIGITS (TRL2 and IBM's TSO/E REXX Reference for D2C and D2X:
/// "a whole number" is one at the current precision), so DIGITS 12 takes 12-digit addresses.
fn whole_to_bytes(a: &Args, n: &Num, digits: usize, len: Option<usize>) -> R<Vec<u8>> {
    if !n.is_whole() || n.leading_exponent() >= digits as i64 {
        return Err(a.bad(12));
    }
    // Magnitude digits.
    let mut digits = n.coef.clone();
    digits.extend(std::iter::repeat_n(0, n.exp.max(0) as usize));
    if n.exp < 0 {
        digits.truncate(digits.len().saturating_sub((-n.exp) as usize));
    }
    // Repeated division by 256.
    let mut bytes = Vec::new();
    let mut cur = digits;
    while cur.iter().any(|d| *d != 0) {
        let mut rem = 0u32;
        let mut q = Vec::with_capacity(cur.len());
        for d in &cur {
            let v = rem * 10 + u32::from(*d);
            q.push((v / 256) as u8);
            rem = v % 256;
        }
        bytes.push(rem as u8);
        cur = q;
    }
    bytes.reverse();
    if n.neg {
        // Two's complement within `len` bytes.
        let Some(len) = len else {
            return Err(a.bad(13));
        };
        let mut b = vec![0u8; len.saturating_sub(bytes.len())];
        b.extend_from_slice(&bytes[bytes.len().saturating_sub(len)..]);
        for x in b.iter_mut() {
            *x = !*x;
        }
        for x in b.iter_mut().rev() {
            let (v, c) = x.overflowing_add(1);
            *x = v;
            if !c {
                break;
            }
        }
        return Ok(b);
    }
    Ok(match len {
        None => {
            if bytes.is_empty() {
                vec![0]
            } else {
                bytes
            }
        }
        Some(len) => {
            let mut b = vec![0u8; len.saturating_sub(bytes.len())];
            b.extend_from_slice(&bytes[bytes.len().saturating_sub(len)..]);
            b
        }
    })
}

fn d2c(a: &Args, digits: usize) -> R<Val> {
    a.count(1, 2)?;
    let mut n = a.num(0)?;
    n.round(digits);
    let len = a.nonneg(1)?;
    Ok(v(&whole_to_bytes(a, &n, digits, len)?))
}

fn d2x(a: &Args, digits: usize) -> R<Val> {
    a.count(1, 2)?;
    let mut n = a.num(0)?;
    n.round(digits);
    let len = a.nonneg(1)?;
    // In hex digits: work in bytes of ceil(len/2), then cut.
    let bytes = whole_to_bytes(a, &n, digits, len.map(|l| l.div_ceil(2)))?;
    let h = hex(&bytes);
    let h = match len {
        Some(l) => h[h.len() - l.min(h.len())..].to_string(),
        None => {
            let t = h.trim_start_matches('0');
            if t.is_empty() { "0".into() } else { t.into() }
        }
    };
    Ok(val_str(&h))
}

fn x2d(a: &Args) -> R<Val> {
    a.count(1, 2)?;
    if a.s(0).len() > 2 * CONVERT_MAX {
        return Err(a.bad(9));
    }
    let d = hex_digits(a, a.s(0), 16)?;
    let len = a.nonneg(1)?;
    let digits: Vec<u8> = match len {
        None => d,
        Some(0) => return Ok(val_str("0")),
        Some(n) => {
            let mut x = vec![0u8; n.saturating_sub(d.len())];
            x.extend_from_slice(&d[d.len().saturating_sub(n)..]);
            x
        }
    };
    let neg = len.is_some() && digits.first().is_some_and(|h| *h >= 8);
    // Value in decimal via bytes.
    let mut nib = if digits.len() % 2 == 1 {
        vec![0u8]
    } else {
        vec![]
    };
    nib.extend(&digits);
    let bytes: Vec<u8> = nib.chunks(2).map(|c| c[0] * 16 + c[1]).collect();
    let mut dec = big_from_bytes(&bytes);
    if neg {
        // value - 16^len
        let mut m = vec![1u8];
        m.extend(std::iter::repeat_n(0u8, digits.len()));
        let mb: Vec<u8> = {
            let mut n2 = if m.len() % 2 == 1 { vec![0u8] } else { vec![] };
            n2.extend(&m);
            n2.chunks(2).map(|c| c[0] * 16 + c[1]).collect()
        };
        dec = big_sub(&big_from_bytes(&mb), &dec);
    }
    let text = big_to_string(&dec);
    Ok(val_str(&if neg && text != "0" {
        format!("-{text}")
    } else {
        text
    }))
}

fn datatype(a: &Args) -> R<Val> {
    a.count(1, 2)?;
    let s = a.s(0);
    let is_num = std::str::from_utf8(s).ok().and_then(Num::parse).is_some();
    let Some(t) = a.get(1) else {
        return Ok(val_str(if is_num { "NUM" } else { "CHAR" }));
    };
    let t = t
        .first()
        .map(|c| c.to_ascii_uppercase())
        .ok_or_else(|| a.bad(21))?;
    let r = match t {
        b'A' => !s.is_empty() && s.iter().all(|c| c.is_ascii_alphanumeric()),
        b'B' => {
            !s.is_empty()
                && s.first() != Some(&b' ')
                && s.last() != Some(&b' ')
                && hex_digits(a, s, 2).is_ok()
        }
        b'L' => !s.is_empty() && s.iter().all(|c| c.is_ascii_lowercase()),
        b'M' => !s.is_empty() && s.iter().all(|c| c.is_ascii_alphabetic()),
        b'N' => is_num,
        b'S' => !s.is_empty() && is_symbol(s),
        b'U' => !s.is_empty() && s.iter().all(|c| c.is_ascii_uppercase()),
        b'W' => std::str::from_utf8(s)
            .ok()
            .and_then(Num::parse)
            .is_some_and(|mut n| {
                n.round(9);
                n.is_whole()
            }),
        b'X' => s.is_empty() || hex_digits(a, s, 16).is_ok(),
        _ => return Err(a.bad(28)),
    };
    Ok(bool_val(r))
}

fn is_symbol(s: &[u8]) -> bool {
    s.iter().all(|c| {
        c.is_ascii_alphanumeric() || matches!(c, b'.' | b'!' | b'?' | b'_' | b'@' | b'#' | b'$')
    })
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Days since 1970-01-01 to (year, month, day).
fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn clause_now(env: &mut impl Env) -> u64 {
    if let Some(t) = *env.clause_time() {
        return t;
    }
    let t = env.host().now().micros;
    *env.clause_time() = Some(t);
    t
}

fn date(a: &Args, env: &mut impl Env) -> R<Val> {
    a.count(0, 1)?;
    let opt = a.option(0, b'N', b"BCDEJMNOSUW")?;
    let micros = clause_now(env);
    let days = (micros / 86_400_000_000) as i64;
    let (y, m, d) = civil(days);
    let jan1 = days - {
        // days since Jan 1 of y
        let mut n = 0;
        for mm in 1..m {
            n += match mm {
                2 => {
                    if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 {
                        29
                    } else {
                        28
                    }
                }
                4 | 6 | 9 | 11 => 30,
                _ => 31,
            };
        }
        n + i64::from(d) - 1
    };
    let doy = days - jan1 + 1;
    let s = match opt {
        b'B' => (days + 719_162).to_string(),
        b'C' => (days + 719_162 - 730_119 + 1).to_string(),
        b'D' => doy.to_string(),
        b'E' => format!("{d:02}/{m:02}/{:02}", y % 100),
        b'J' => format!("{:02}{doy:03}", y % 100),
        b'M' => MONTHS[(m - 1) as usize].to_string(),
        b'O' => format!("{:02}/{m:02}/{d:02}", y % 100),
        b'S' => format!("{y:04}{m:02}{d:02}"),
        b'U' => format!("{m:02}/{d:02}/{:02}", y % 100),
        b'W' => DAYS[((days + 3).rem_euclid(7)) as usize].to_string(),
        _ => format!("{d} {} {y}", &MONTHS[(m - 1) as usize][..3]),
    };
    Ok(val_str(&s))
}

fn time(a: &Args, env: &mut impl Env) -> R<Val> {
    a.count(0, 1)?;
    let opt = a.option(0, b'N', b"CEHLMNRS")?;
    let micros = clause_now(env);
    if opt == b'E' || opt == b'R' {
        let start = *env.elapsed_start().get_or_insert(micros);
        let el = micros.saturating_sub(start);
        if opt == b'R' {
            *env.elapsed_start() = Some(micros);
        }
        if el == 0 {
            return Ok(val_str("0"));
        }
        return Ok(val_str(&format!(
            "{}.{:06}",
            el / 1_000_000,
            el % 1_000_000
        )));
    }
    let day = micros % 86_400_000_000;
    let (h, mi, s, us) = (
        day / 3_600_000_000,
        day / 60_000_000 % 60,
        day / 1_000_000 % 60,
        day % 1_000_000,
    );
    let out = match opt {
        b'C' => {
            let h12 = if h % 12 == 0 { 12 } else { h % 12 };
            format!("{h12}:{mi:02}{}", if h < 12 { "am" } else { "pm" })
        }
        b'H' => h.to_string(),
        b'L' => format!("{h:02}:{mi:02}:{s:02}.{us:06}"),
        b'M' => (h * 60 + mi).to_string(),
        b'S' => (h * 3600 + mi * 60 + s).to_string(),
        _ => format!("{h:02}:{mi:02}:{s:02}"),
    };
    Ok(val_str(&out))
}

fn delstr(a: &Args) -> R<Val> {
    a.count(2, 3)?;
    let s = a.s(0);
    let n = a.positive(1)?.unwrap_or(1);
    let len = a.nonneg(2)?;
    if n > s.len() {
        return Ok(v(s));
    }
    let end = match len {
        None => s.len(),
        Some(l) => (n - 1 + l).min(s.len()),
    };
    let mut out = s[..n - 1].to_vec();
    out.extend_from_slice(&s[end..]);
    Ok(v(&out))
}

fn delword(a: &Args) -> R<Val> {
    a.count(2, 3)?;
    let s = a.s(0);
    let n = a.positive(1)?.unwrap_or(1);
    let len = a.nonneg(2)?;
    let w = words(s);
    if n > w.len() {
        return Ok(v(s));
    }
    let start = w[n - 1].0;
    let last = match len {
        None => w.len(),
        Some(l) => (n - 1 + l).min(w.len()),
    };
    if last < n {
        return Ok(v(s));
    }
    let end = if last < w.len() { w[last].0 } else { s.len() };
    let mut out = s[..start].to_vec();
    out.extend_from_slice(&s[end..]);
    Ok(v(&out))
}

fn errortext(a: &Args) -> R<Val> {
    a.count(1, 1)?;
    let n = a.nonneg(0)?.unwrap_or(0);
    if n > 99 {
        return Err(a.bad(13));
    }
    Ok(val_str(error_text(n as u32)))
}

fn find_word(a: &Args) -> R<Val> {
    // TSO/E FIND(string, phrase): WORDPOS with the arguments the other way round.
    a.count(2, 2)?;
    let args = [a.args[1].clone(), a.args[0].clone()];
    wordpos(&Args {
        name: a.name,
        args: &args,
        line: a.line,
        max: a.max,
    })
}

fn index(a: &Args) -> R<Val> {
    // TSO/E INDEX(haystack, needle, start): POS with the first two arguments swapped.
    a.count(2, 3)?;
    let mut args = vec![a.args[1].clone(), a.args[0].clone()];
    if let Some(x) = a.args.get(2) {
        args.push(x.clone());
    }
    pos(&Args {
        name: a.name,
        args: &args,
        line: a.line,
        max: a.max,
    })
}

fn insert(a: &Args) -> R<Val> {
    a.count(2, 5)?;
    let (new, target) = (a.s(0), a.s(1));
    let n = a.nonneg(2)?.unwrap_or(0);
    let len = a.nonneg(3)?.unwrap_or(new.len());
    let pad = a.pad(4)?;
    let mut out = target[..n.min(target.len())].to_vec();
    out.resize(n, pad);
    let mut piece = new[..len.min(new.len())].to_vec();
    piece.resize(len, pad);
    out.extend(piece);
    if n < target.len() {
        out.extend_from_slice(&target[n..]);
    }
    Ok(v(&out))
}

/// JUSTIFY (TSO/E): the words as SPACE gives them, cut to `length` (less a trailing blank)
/// when longer, then pad added between the words evenly from left to right, the leftmost gaps
/// taking what does not divide (IBM's TSO/E REXX Reference, JUSTIFY: `justify('The blue
/// sky',9,'+')` is `The++blue`; Regina keeps the blank it cut to and gives `The+blue+`).
fn justify(a: &Args) -> R<Val> {
    a.count(2, 3)?;
    let s = a.s(0);
    let n = a.nonneg(1)?.unwrap_or(0);
    let pad = a.pad(2)?;
    let mut normal: Vec<u8> = words(s)
        .iter()
        .map(|(x, y)| &s[*x..*y])
        .collect::<Vec<_>>()
        .join(&b' ');
    if normal.len() > n {
        normal.truncate(n);
        if normal.last() == Some(&b' ') {
            normal.pop();
        }
    }
    let w: Vec<&[u8]> = normal
        .split(|c| *c == b' ')
        .filter(|w| !w.is_empty())
        .collect();
    let text: usize = w.iter().map(|x| x.len()).sum();
    if w.len() < 2 {
        let mut out = w.first().map_or_else(Vec::new, |x| x.to_vec());
        out.resize(n, pad);
        return Ok(v(&out));
    }
    let gaps = w.len() - 1;
    let spare = n - text;
    let (each, extra) = (spare / gaps, spare % gaps);
    let mut out = Vec::with_capacity(n);
    for (i, word) in w.iter().enumerate() {
        out.extend_from_slice(word);
        if i < gaps {
            out.extend(std::iter::repeat_n(pad, each + usize::from(i < extra)));
        }
    }
    Ok(v(&out))
}

fn lastpos(a: &Args) -> R<Val> {
    a.count(2, 3)?;
    let (needle, hay) = (a.s(0), a.s(1));
    let start = a.positive(2)?.unwrap_or(hay.len()).min(hay.len());
    if needle.is_empty() || needle.len() > hay.len() {
        return Ok(val_str("0"));
    }
    let limit = start.min(hay.len());
    for i in (0..=limit.saturating_sub(needle.len())).rev() {
        if hay[i..].starts_with(needle) {
            return Ok(val_str(&(i + 1).to_string()));
        }
    }
    Ok(val_str("0"))
}

fn left(a: &Args) -> R<Val> {
    a.count(2, 3)?;
    let s = a.s(0);
    let n = a.nonneg(1)?.unwrap_or(0);
    let pad = a.pad(2)?;
    if n <= s.len() {
        return Ok(v(&s[..n]));
    }
    let mut out = s.to_vec();
    out.resize(n, pad);
    Ok(v(&out))
}

fn right(a: &Args) -> R<Val> {
    a.count(2, 3)?;
    let s = a.s(0);
    let n = a.nonneg(1)?.unwrap_or(0);
    let pad = a.pad(2)?;
    let mut out = vec![pad; n.saturating_sub(s.len())];
    out.extend_from_slice(&s[s.len().saturating_sub(n)..]);
    Ok(v(&out))
}

fn maxmin(a: &Args, env: &impl Env, max: bool) -> R<Val> {
    if a.args.is_empty() {
        return Err(a.bad(3));
    }
    let digits = env.digits();
    let mut best: Option<Num> = None;
    for i in 0..a.args.len() {
        if a.get(i).is_none() {
            return Err(a.bad(3));
        }
        let n = a.num(i)?;
        best = Some(match best {
            None => n,
            Some(b) => {
                let o = num::compare(&n, &b, digits, 0);
                if (max && o == std::cmp::Ordering::Greater)
                    || (!max && o == std::cmp::Ordering::Less)
                {
                    n
                } else {
                    b
                }
            }
        });
    }
    let mut b = best.unwrap_or_else(Num::zero);
    b.round(digits);
    Ok(fmt(&b, digits, env.form()))
}

/// OUTTRAP(varname [, max [, concat]]), TSO/E's: command output goes into varname1 ...
/// varnameN with varname0 the count (and varnameMAX, varnameTRAPPED, varnameCON), until
/// OUTTRAP('OFF'). The result is the variable name, or OFF. Max `*` or omitted is no limit;
/// concat is CONCAT (the default: each command's output follows the last) or NOCONCAT
/// (each command starts again at 1). The forms are TSO/E's (`inferred` from real execs:
/// `docs/reference/rexx.md` §17 lists OUTTRAP among the externals execs use; the variable set is TSO/E's
/// documented one, `reconstructed` here).
fn outtrap(a: &Args, env: &mut impl Env) -> R<Val> {
    a.count(1, 3)?;
    let name = String::from_utf8_lossy(a.s(0)).trim().to_ascii_uppercase();
    if name == "OFF" {
        *env.outtrap() = None;
        return Ok(val_str("OFF"));
    }
    if name.is_empty() || !is_symbol(name.as_bytes()) || name.as_bytes()[0].is_ascii_digit() {
        return Err(a.bad(23));
    }
    let max = match a
        .get(1)
        .map(|m| String::from_utf8_lossy(m).trim().to_string())
    {
        None => usize::MAX,
        Some(m) if m == "*" || m.is_empty() => usize::MAX,
        Some(_) => a.nonneg(1)?.unwrap_or(usize::MAX),
    };
    let concat = match a.get(2).map(|c| c.to_ascii_uppercase()) {
        None => true,
        Some(c) if c.as_slice() == b"CONCAT" => true,
        Some(c) if c.as_slice() == b"NOCONCAT" => false,
        Some(_) => return Err(a.bad(28)),
    };
    *env.outtrap() = Some(Outtrap {
        stem: name.clone(),
        max,
        concat,
        count: 0,
    });
    Ok(val_str(&name))
}

/// The longest wait GETMSG takes, in seconds.
const GETMSG_MAX_WAIT: i64 = 999_999;

/// GETMSG(msgstem [, SOL|UNSOL|EITHER [, cart [, mask [, time]]]]): `0` and the message's
/// lines in msgstem.1 ... msgstem.0; `4` when no message is there; `12` when no console
/// session is active (TSOREF GETMSG function codes, `confirmed`). The model's console
/// answers at once, so the wait time is never used; the CART and mask are accepted and not
/// matched (`reconstructed`: every response is the exec's own).
fn getmsg(a: &Args, env: &mut impl Env) -> R<Val> {
    a.count(1, 5)?;
    let stem = stem_arg(a, 0)?;
    let kind = match a
        .get(1)
        .map(|k| String::from_utf8_lossy(k).trim().to_ascii_uppercase())
    {
        None => "SOL".to_string(),
        Some(k) if matches!(k.as_str(), "SOL" | "UNSOL" | "EITHER") => k,
        Some(_) => return Err(a.bad(28)),
    };
    // The wait is seconds, 0 to 999999 (`reconstructed` bound: the model never waits); any
    // other value is a bad argument (error 40), whatever its size.
    if a.get(4).is_some()
        && !a
            .whole(4)?
            .is_some_and(|t| (0..=GETMSG_MAX_WAIT).contains(&t))
    {
        return Err(a.bad(13));
    }
    let Some(lines) = env.host().getmsg(&kind) else {
        return Ok(val_str("12"));
    };
    if lines.is_empty() {
        return Ok(val_str("4"));
    }
    fill_stem(env, &stem, lines.into_iter().map(Val::from))?;
    Ok(val_str("0"))
}

/// `stem.1` ... `stem.n` from `values`, then `stem.0` = n, as GETMSG and SYSCPUS answer.
fn fill_stem(env: &mut impl Env, stem: &str, values: impl Iterator<Item = Val>) -> R<()> {
    let mut n = 0;
    for v in values {
        n += 1;
        let t = env.target(&format!("{stem}{n}"));
        env.assign(&t, v)?;
    }
    let t = env.target(&format!("{stem}0"));
    env.assign(&t, val_str(&n.to_string()))
}

/// A stem name for a function to fill, as GETMSG and SYSCPUS take it.
fn stem_arg(a: &Args, i: usize) -> R<String> {
    let stem = String::from_utf8_lossy(a.s(i)).trim().to_ascii_uppercase();
    if stem.is_empty() || !is_symbol(stem.as_bytes()) || stem.as_bytes()[0].is_ascii_digit() {
        return Err(a.bad(23));
    }
    Ok(stem)
}

/// LISTDSI(request): the function code; the data set's attributes go into the SYS...
/// variables ([`tsoe::listdsi`]).
fn listdsi(a: &Args, env: &mut impl Env) -> R<Val> {
    a.count(1, 1)?;
    let prefix = env.host().userid();
    let r = tsoe::listdsi(a.s(0), &prefix, |d| env.host().dataset(d));
    for (name, value) in r.vars {
        let t = env.target(name);
        env.assign(&t, Val::from(value.as_str()))?;
    }
    Ok(val_str(&r.code.to_string()))
}

/// SYSCPUS(cpus_stem): `0`, with the number of CPUs online in cpus_stem.0 and their serial
/// numbers in cpus_stem.1 ... (TSOREF SYSCPUS, `confirmed` for the stem's layout; the
/// serials are the model's, [`tsoe::cpu_serial`]).
fn syscpus(a: &Args, env: &mut impl Env) -> R<Val> {
    a.count(1, 1)?;
    let stem = stem_arg(a, 0)?;
    let cpus = env.host().cpus();
    fill_stem(env, &stem, cpus.into_iter().map(Val::from))?;
    Ok(val_str("0"))
}

fn overlay(a: &Args) -> R<Val> {
    a.count(2, 5)?;
    let (new, target) = (a.s(0), a.s(1));
    let n = a.positive(2)?.unwrap_or(1);
    let len = a.nonneg(3)?.unwrap_or(new.len());
    let pad = a.pad(4)?;
    let mut out = target[..(n - 1).min(target.len())].to_vec();
    out.resize(n - 1, pad);
    let mut piece = new[..len.min(new.len())].to_vec();
    piece.resize(len, pad);
    out.extend(piece);
    if n - 1 + len < target.len() {
        out.extend_from_slice(&target[n - 1 + len..]);
    }
    Ok(v(&out))
}

fn pos(a: &Args) -> R<Val> {
    a.count(2, 3)?;
    let (needle, hay) = (a.s(0), a.s(1));
    let start = a.positive(2)?.unwrap_or(1);
    if needle.is_empty() || start > hay.len() {
        return Ok(val_str("0"));
    }
    let found = find(&hay[start - 1..], needle).map_or(0, |i| i + start);
    Ok(int_val(found as i64))
}

fn random(a: &Args, env: &mut impl Env) -> R<Val> {
    a.count(0, 3)?;
    let (min, max) = match (a.whole(0)?, a.whole(1)?) {
        (Some(m), None) if a.args.len() == 1 => (0, m),
        (lo, hi) => (lo.unwrap_or(0), hi.unwrap_or(999)),
    };
    if let Some(seed) = a.whole(2)? {
        *env.random() = (seed as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    }
    if min < 0 || max < min || max - min > 100_000 {
        return Err(a.bad(if max < min { 33 } else { 13 }));
    }
    // xorshift64*: repeatable from a seed.
    let mut x = *env.random();
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *env.random() = x;
    let r = x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11;
    let span = (max - min + 1) as u64;
    Ok(val_str(&(min + (r % span) as i64).to_string()))
}

fn sourceline(a: &Args, env: &impl Env) -> R<Val> {
    a.count(0, 1)?;
    let lines = env.source().len() - usize::from(env.source().last().is_some_and(|l| l.is_empty()));
    match a.positive(0)? {
        None => Ok(val_str(&lines.to_string())),
        Some(n) if n <= lines => Ok(v(&env.source()[n - 1])),
        Some(_) => Err(a.bad(34)),
    }
}

fn space(a: &Args) -> R<Val> {
    a.count(1, 3)?;
    let s = a.s(0);
    let n = a.nonneg(1)?.unwrap_or(1);
    let pad = a.pad(2)?;
    let w = words(s);
    if n.saturating_mul(w.len()).saturating_add(s.len()) > a.max {
        return Err(a.too_long());
    }
    let mut out = Vec::new();
    for (i, (x, y)) in w.iter().enumerate() {
        if i > 0 {
            out.extend(std::iter::repeat_n(pad, n));
        }
        out.extend_from_slice(&s[*x..*y]);
    }
    Ok(v(&out))
}

fn strip(a: &Args) -> R<Val> {
    a.count(1, 3)?;
    let s = a.s(0);
    let opt = a.option(1, b'B', b"BLT")?;
    let c = a.pad(2)?;
    let mut st = 0;
    let mut en = s.len();
    if opt != b'T' {
        while st < en && s[st] == c {
            st += 1;
        }
    }
    if opt != b'L' {
        while en > st && s[en - 1] == c {
            en -= 1;
        }
    }
    Ok(v(&s[st..en]))
}

fn substr(a: &Args) -> R<Val> {
    a.count(2, 4)?;
    let s = a.s(0);
    let n = a.positive(1)?.unwrap_or(1);
    let pad = a.pad(3)?;
    let len = a.nonneg(2)?.unwrap_or(s.len().saturating_sub(n - 1));
    if n - 1 + len <= s.len() {
        return Ok(v(&s[n - 1..n - 1 + len]));
    }
    let mut out = Vec::with_capacity(len);
    if n <= s.len() {
        out.extend_from_slice(&s[n - 1..(n - 1 + len).min(s.len())]);
    }
    out.resize(len, pad);
    Ok(v(&out))
}

fn subword(a: &Args) -> R<Val> {
    a.count(2, 3)?;
    let s = a.s(0);
    let n = a.positive(1)?.unwrap_or(1);
    let len = a.nonneg(2)?;
    let w = words(s);
    if n > w.len() || len == Some(0) {
        return Ok(v(b""));
    }
    let last = match len {
        None => w.len(),
        Some(l) => (n - 1 + l).min(w.len()),
    };
    Ok(v(&s[w[n - 1].0..w[last - 1].1]))
}

fn symbol(a: &Args, env: &mut impl Env) -> R<Val> {
    a.count(1, 1)?;
    let s = a.s(0);
    if s.is_empty() || !is_symbol(s) || s.len() > 250 {
        return Ok(val_str("BAD"));
    }
    if s[0].is_ascii_digit() || s[0] == b'.' {
        return Ok(val_str("LIT"));
    }
    let t = env.variable(s);
    Ok(val_str(if env.lookup(&t).is_some() {
        "VAR"
    } else {
        "LIT"
    }))
}

fn trace(a: &Args, env: &mut impl Env) -> R<Val> {
    a.count(0, 1)?;
    let old = env.trace();
    if let Some(s) = a.get(0) {
        let c = s
            .iter()
            .find(|c| !matches!(c, b'?' | b'!'))
            .map(|c| c.to_ascii_uppercase());
        match c {
            Some(c) if b"ACEFILNOR".contains(&c) => env.set_trace(c),
            None => {}
            _ => return Err(a.bad(28)),
        }
    }
    Ok(v(&[old]))
}

fn translate(a: &Args) -> R<Val> {
    a.count(1, 4)?;
    let s = a.s(0);
    if a.args.len() == 1 {
        return Ok(v(&s.to_ascii_uppercase()));
    }
    let out_t = a.get(1);
    let in_t = a.get(2);
    let pad = a.pad(3)?;
    let out: Vec<u8> = s
        .iter()
        .map(|c| {
            let idx = match in_t {
                Some(t) => t.iter().position(|x| x == c),
                None => Some(*c as usize),
            };
            match idx {
                None => *c,
                Some(i) => match out_t {
                    Some(o) => o.get(i).copied().unwrap_or(pad),
                    None => {
                        if in_t.is_some() {
                            pad
                        } else {
                            i as u8
                        }
                    }
                },
            }
        })
        .collect();
    Ok(v(&out))
}

fn trunc(a: &Args, env: &impl Env) -> R<Val> {
    a.count(1, 2)?;
    let mut n = a.num(0)?;
    n.round(env.digits());
    let d = a.nonneg(1)?.unwrap_or(0);
    if n.leading_exponent().unsigned_abs() > a.max as u64 {
        return Err(a.too_long());
    }
    // Regina keeps the sign of a negative number that truncates to zero ("-0.0").
    let neg = n.neg;
    n.round_decimals(d, true);
    let (int, mut frac) = n.plain();
    frac.truncate(d);
    while frac.len() < d {
        frac.push('0');
    }
    let sign = if neg { "-" } else { "" };
    Ok(val_str(&if d == 0 {
        format!("{sign}{int}")
    } else {
        format!("{sign}{int}.{frac}")
    }))
}

fn value(a: &Args, env: &mut impl Env) -> R<Val> {
    a.count(1, 3)?;
    if a.get(2).is_some() {
        return Err(a.bad(37));
    }
    let name = a.s(0);
    if name.is_empty() || !is_symbol(name) || name[0].is_ascii_digit() || name[0] == b'.' {
        return Err(a.bad(23));
    }
    let t = env.variable(name);
    let old = env
        .lookup(&t)
        .unwrap_or_else(|| Val::from(env.derived_name(&t)));
    if let Some(newv) = a.get(1) {
        env.assign(&t, v(newv))?;
    }
    Ok(old)
}

fn verify(a: &Args) -> R<Val> {
    a.count(2, 4)?;
    let (s, refs) = (a.s(0), a.s(1));
    let opt = a.option(2, b'N', b"MN")?;
    let start = a.positive(3)?.unwrap_or(1);
    if start > s.len() {
        return Ok(val_str("0"));
    }
    for (i, c) in s.iter().enumerate().skip(start - 1) {
        let inref = refs.contains(c);
        if (opt == b'N' && !inref) || (opt == b'M' && inref) {
            return Ok(val_str(&(i + 1).to_string()));
        }
    }
    Ok(val_str("0"))
}

fn word(a: &Args) -> R<Val> {
    a.count(2, 2)?;
    let s = a.s(0);
    let n = a.positive(1)?.unwrap_or(1);
    Ok(word_spans(s)
        .nth(n - 1)
        .map_or(v(b""), |(x, y)| v(&s[x..y])))
}

fn wordindex(a: &Args) -> R<Val> {
    a.count(2, 2)?;
    let n = a.positive(1)?.unwrap_or(1);
    Ok(int_val(
        word_spans(a.s(0)).nth(n - 1).map_or(0, |(x, _)| x + 1) as i64,
    ))
}

fn wordlength(a: &Args) -> R<Val> {
    a.count(2, 2)?;
    let n = a.positive(1)?.unwrap_or(1);
    Ok(int_val(
        word_spans(a.s(0)).nth(n - 1).map_or(0, |(x, y)| y - x) as i64,
    ))
}

fn wordpos(a: &Args) -> R<Val> {
    a.count(2, 3)?;
    let phrase: Vec<&[u8]> = {
        let p = a.s(0);
        word_spans(p).map(|(x, y)| &p[x..y]).collect()
    };
    let s = a.s(1);
    let w: Vec<&[u8]> = word_spans(s).map(|(x, y)| &s[x..y]).collect();
    let start = a.positive(2)?.unwrap_or(1);
    if phrase.is_empty() || phrase.len() > w.len() {
        return Ok(val_str("0"));
    }
    for i in (start - 1)..=(w.len() - phrase.len()) {
        if w[i..i + phrase.len()] == phrase[..] {
            return Ok(val_str(&(i + 1).to_string()));
        }
    }
    Ok(val_str("0"))
}

fn xrange(a: &Args) -> R<Val> {
    a.count(0, 2)?;
    let one = |i: usize, d: u8| -> R<u8> {
        match a.get(i) {
            None => Ok(d),
            Some([c]) => Ok(*c),
            Some(_) => Err(a.bad(23)),
        }
    };
    let (s, e) = (one(0, 0)?, one(1, 255)?);
    let mut out = Vec::new();
    let mut c = s;
    loop {
        out.push(c);
        if c == e {
            break;
        }
        c = c.wrapping_add(1);
    }
    Ok(v(&out))
}

/// FORMAT(number, before, after, expp, expt) (TRL2): exponential notation when the integer
/// part would need more than `expt` places (default DIGITS) or the fraction more than twice
/// that, or always for `expt` 0 unless the exponent is 0; `expp` 0 forces plain notation.
fn format(a: &Args, env: &impl Env) -> R<Val> {
    a.count(1, 5)?;
    let digits = env.digits();
    let mut n = a.num(0)?;
    n.round(digits);
    if a.args.len() == 1 {
        return Ok(fmt(&n, digits, env.form()));
    }
    if n.leading_exponent().unsigned_abs() > a.max as u64 {
        return Err(a.too_long());
    }
    let before = a.nonneg(1)?;
    let after = a.nonneg(2)?;
    let expp = a.nonneg(3)?;
    let expt = a.nonneg(4)?.unwrap_or(digits);
    let lead = n.leading_exponent();
    // Whether to use exponential notation is decided on the number as `after` rounds it in
    // plain notation: a carry can push it past EXPT (99.999 with two places is 100.00, so
    // 1.00E+2 at EXPT 2), and a rounding can bring it back (0.999999 with four places is
    // 1.0000 at EXPT 2) (TRL2 FORMAT; Regina agrees).
    let mut plain = n.clone();
    if let Some(af) = after {
        plain.round_decimals(af, false);
    }
    let plain_lead = plain.leading_exponent();
    let int_places = if plain_lead >= 0 { plain_lead + 1 } else { 0 };
    let frac_places = after.map_or((-plain.exp).max(0), |af| af as i64);
    let mut use_exp = expp != Some(0)
        && !n.is_zero()
        && (int_places > expt as i64 || frac_places > 2 * expt as i64 || expt == 0);
    let mut e = 0i64;
    let mut m = n.clone();
    // Exponential notation chosen, but the exponent is 0: blanks stand in for it.
    let mut blank_exp = false;
    if use_exp {
        e = lead;
        if env.form() == Form::Engineering {
            e -= e.rem_euclid(3);
        }
        m.exp -= e;
    }
    if let Some(af) = after {
        m.round_decimals(af, false);
        // Rounding can carry into a new leading digit.
        if use_exp && m.leading_exponent() > lead - e {
            let step = if env.form() == Form::Engineering {
                3
            } else {
                1
            };
            if m.leading_exponent() >= step {
                m.exp -= step;
                e += step;
                m.round_decimals(af, false);
            }
        }
    }
    if use_exp && e == 0 {
        use_exp = false;
        blank_exp = true;
    }
    let (int, mut frac) = m.plain();
    if let Some(af) = after {
        frac.truncate(af);
        while frac.len() < af {
            frac.push('0');
        }
    }
    let zero = m.is_zero();
    let mut out = format!("{}{int}", if n.neg && !zero { "-" } else { "" });
    if let Some(b) = before {
        if out.len() > b {
            return Err(a.bad(38));
        }
        out = format!("{out:>b$}");
    }
    if !frac.is_empty() {
        out.push('.');
        out.push_str(&frac);
    }
    if use_exp {
        let digits_e = e.unsigned_abs().to_string();
        let width = expp.unwrap_or(digits_e.len());
        if digits_e.len() > width {
            return Err(a.bad(38));
        }
        out.push('E');
        out.push(if e < 0 { '-' } else { '+' });
        out.push_str(&format!("{digits_e:0>width$}"));
    } else if blank_exp && let Some(p) = expp {
        out.push_str(&" ".repeat(p + 2));
    }
    Ok(val_str(&out))
}
