//! REXX arithmetic: decimal on strings, as ANSI X3.274 and TRL2 define it (`docs/reference/rexx.md` §16,
//! `confirmed` by TSO/E's "Numbers and arithmetic"): results rounded to NUMERIC DIGITS
//! significant digits, half up; trailing zeros kept for `+ - *` and removed for `/` and `**`;
//! exponential notation when the integer part needs more than DIGITS digits or the fraction
//! more than twice DIGITS; SCIENTIFIC or ENGINEERING form.
//!
//! A number is a sign, a coefficient of decimal digits and a power of ten. The coefficient is
//! kept as digits (most significant first), so any NUMERIC DIGITS up to the limit works the
//! same way; the interpreter adds a fast path for small whole numbers on top.

use std::cmp::Ordering;

/// The largest NUMERIC DIGITS this interpreter takes: 1000 (`reconstructed`; ANSI asks an
/// implementation to support at least 999, TRL2 and TSO/E set no limit but storage). At 1000
/// digits the costliest clause, a power with a nine-digit exponent, takes milliseconds, so
/// `--max-clauses` and the wall-clock guard really bound an exec; at 100,000 one division
/// took 41 seconds. A larger DIGITS is error 33.1.
pub const MAX_DIGITS: usize = 1_000;

/// Exponents beyond this are overflow or underflow (error 42), as TSO/E's limit of
/// 999999999 (`inferred` from the ANSI limit on exponent digits, nine).
pub const MAX_EXP: i64 = 999_999_999;

/// NUMERIC FORM.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    Scientific,
    Engineering,
}

/// What can go wrong in arithmetic: the REXX error number and subcode the caller raises.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArithError {
    /// 42.1/42.2: the exponent is out of range; 42.3: division by zero.
    Overflow,
    Underflow,
    DivideByZero,
    /// 26.x: a whole number was needed (power, % result too large).
    NotWhole,
    /// 26.11: the integer result of % or // needs more than DIGITS digits.
    IntDivTooBig,
}

/// A decimal number: (-1)^neg × coef × 10^exp. An empty coefficient is zero.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Num {
    pub neg: bool,
    pub coef: Vec<u8>,
    pub exp: i64,
}

impl Num {
    pub fn zero() -> Num {
        Num {
            neg: false,
            coef: Vec::new(),
            exp: 0,
        }
    }

    pub fn from_i64(v: i64) -> Num {
        let neg = v < 0;
        let mut coef: Vec<u8> = v
            .unsigned_abs()
            .to_string()
            .bytes()
            .map(|b| b - b'0')
            .collect();
        if coef == [0] {
            coef.clear();
        }
        Num { neg, coef, exp: 0 }.normalized()
    }

    pub fn is_zero(&self) -> bool {
        self.coef.is_empty()
    }

    /// Parses REXX number syntax: blanks, an optional sign (blanks may follow it), digits with
    /// an optional point, an optional exponent `E[+|-]digits`, blanks.
    pub fn parse(s: &str) -> Option<Num> {
        let b = s.as_bytes();
        let mut i = 0;
        let n = b.len();
        while i < n && b[i] == b' ' {
            i += 1;
        }
        let mut neg = false;
        if i < n && (b[i] == b'+' || b[i] == b'-') {
            neg = b[i] == b'-';
            i += 1;
            while i < n && b[i] == b' ' {
                i += 1;
            }
        }
        let mut coef = Vec::new();
        let mut exp: i64 = 0;
        let mut digits = 0;
        let mut point = false;
        while i < n {
            match b[i] {
                c @ b'0'..=b'9' => {
                    if !(coef.is_empty() && c == b'0') {
                        coef.push(c - b'0');
                    }
                    if point {
                        exp -= 1;
                    }
                    digits += 1;
                }
                b'.' if !point => point = true,
                _ => break,
            }
            i += 1;
        }
        if digits == 0 {
            return None;
        }
        if i < n && (b[i] == b'e' || b[i] == b'E') {
            i += 1;
            let mut eneg = false;
            if i < n && (b[i] == b'+' || b[i] == b'-') {
                eneg = b[i] == b'-';
                i += 1;
            }
            let start = i;
            let mut e: i64 = 0;
            while i < n && b[i].is_ascii_digit() {
                e = e.saturating_mul(10).saturating_add(i64::from(b[i] - b'0'));
                i += 1;
            }
            // An exponent beyond nine digits is no number (the exponent limit is 999999999).
            if i == start || e > MAX_EXP {
                return None;
            }
            exp = exp.saturating_add(if eneg { -e } else { e });
        }
        while i < n && b[i] == b' ' {
            i += 1;
        }
        if i != n {
            return None;
        }
        Some(Num { neg, coef, exp }.normalized())
    }

    /// Zero has no sign and exponent 0; leading zeros go.
    fn normalized(mut self) -> Num {
        let lead = self.coef.iter().take_while(|d| **d == 0).count();
        if lead > 0 {
            self.coef.drain(..lead);
        }
        if self.coef.is_empty() {
            self.neg = false;
            self.exp = 0;
        }
        self
    }

    /// The exponent of the leading digit (scientific exponent).
    fn adjusted(&self) -> i64 {
        self.exp + self.coef.len() as i64 - 1
    }

    /// Rounds to `digits` significant digits, half up.
    pub fn round(&mut self, digits: usize) {
        if self.coef.len() > digits {
            self.round_at(self.exp + (self.coef.len() - digits) as i64);
            // A carry into a new leading digit (999.6 to 1000) leaves a trailing zero over.
            if self.coef.len() > digits {
                self.coef.pop();
                self.exp += 1;
            }
        }
    }

    /// Rounds (half up) to the digits at 10**`at` and above; a carry may add a leading digit.
    pub fn round_at(&mut self, at: i64) {
        if self.exp >= at {
            return;
        }
        let drop = (at - self.exp) as usize;
        let len = self.coef.len();
        let up = len >= drop && self.coef[len - drop] >= 5;
        self.coef.truncate(len.saturating_sub(drop));
        self.exp = at;
        if up {
            let mut i = self.coef.len();
            loop {
                if i == 0 {
                    // All nines became zeros: one more leading digit.
                    self.coef.insert(0, 1);
                    break;
                }
                i -= 1;
                if self.coef[i] == 9 {
                    self.coef[i] = 0;
                } else {
                    self.coef[i] += 1;
                    break;
                }
            }
        }
        if self.coef.iter().all(|d| *d == 0) {
            *self = Num::zero();
        } else {
            *self = std::mem::take(self).normalized();
        }
    }

    /// Rounds (half up) or, with `truncate`, cuts to `after` decimal places.
    pub fn round_decimals(&mut self, after: usize, truncate: bool) {
        let target = -(after as i64);
        if self.exp >= target || self.is_zero() {
            return;
        }
        let drop = (target - self.exp) as usize;
        if drop > self.coef.len() {
            *self = Num::zero();
            return;
        }
        let keep = self.coef.len() - drop;
        let up = !truncate && self.coef[keep] >= 5;
        let neg = self.neg;
        self.coef.truncate(keep);
        self.exp = target;
        if up {
            let mut i = keep;
            loop {
                if i == 0 {
                    self.coef.insert(0, 1);
                    break;
                }
                i -= 1;
                if self.coef[i] == 9 {
                    self.coef[i] = 0;
                } else {
                    self.coef[i] += 1;
                    break;
                }
            }
        }
        let n = std::mem::take(self).normalized();
        *self = n;
        if !self.is_zero() {
            self.neg = neg;
        }
    }

    /// The digits before and after the point, written out in full (no exponent).
    pub fn plain(&self) -> (String, String) {
        let ch = |d: &u8| char::from(b'0' + d);
        if self.is_zero() {
            return ("0".into(), String::new());
        }
        if self.exp >= 0 {
            let mut i: String = self.coef.iter().map(ch).collect();
            i.extend(std::iter::repeat_n('0', self.exp as usize));
            return (i, String::new());
        }
        let frac = (-self.exp) as usize;
        let mut digits: Vec<char> = self.coef.iter().map(ch).collect();
        while digits.len() <= frac {
            digits.insert(0, '0');
        }
        let (i, f) = digits.split_at(digits.len() - frac);
        (i.iter().collect(), f.iter().collect())
    }

    /// The exponent of the leading digit.
    pub fn leading_exponent(&self) -> i64 {
        if self.is_zero() { 0 } else { self.adjusted() }
    }

    /// Removes trailing zeros of the coefficient (division and power results).
    pub fn strip(&mut self) {
        while self.coef.len() > 1 && self.coef.last() == Some(&0) {
            self.coef.pop();
            self.exp += 1;
        }
    }

    /// True when the number has no fractional part.
    pub fn is_whole(&self) -> bool {
        if self.exp >= 0 || self.is_zero() {
            return true;
        }
        let frac = (-self.exp) as usize;
        frac <= self.coef.len() && self.coef[self.coef.len() - frac..].iter().all(|d| *d == 0)
    }

    /// The value as an i64 when it is whole and fits.
    pub fn to_i64(&self) -> Option<i64> {
        if !self.is_whole() {
            return None;
        }
        let mut v: i64 = 0;
        let int_len = self.coef.len() as i64 + self.exp;
        if int_len > 18 {
            return None;
        }
        for i in 0..int_len.max(0) {
            let d = self.coef.get(i as usize).copied().unwrap_or(0);
            v = v * 10 + i64::from(d);
        }
        Some(if self.neg { -v } else { v })
    }

    /// The string REXX shows for this (already rounded) number.
    pub fn format(&self, digits: usize, form: Form) -> String {
        if self.is_zero() {
            return "0".into();
        }
        let mut out = String::new();
        if self.neg {
            out.push('-');
        }
        let len = self.coef.len() as i64;
        let int_digits = len + self.exp;
        let frac_digits = -self.exp;
        let ch = |d: &u8| char::from(b'0' + d);
        if int_digits <= digits as i64 && frac_digits <= 2 * digits as i64 {
            if self.exp >= 0 {
                out.extend(self.coef.iter().map(ch));
                out.extend(std::iter::repeat_n('0', self.exp as usize));
            } else if int_digits > 0 {
                let (i, f) = self.coef.split_at(int_digits as usize);
                out.extend(i.iter().map(ch));
                out.push('.');
                out.extend(f.iter().map(ch));
            } else {
                out.push_str("0.");
                out.extend(std::iter::repeat_n('0', (-int_digits) as usize));
                out.extend(self.coef.iter().map(ch));
            }
            return out;
        }
        let mut e = self.adjusted();
        let mut int_len = 1usize;
        if form == Form::Engineering {
            let shift = e.rem_euclid(3);
            e -= shift;
            int_len += shift as usize;
        }
        let mut c: Vec<char> = self.coef.iter().map(ch).collect();
        while c.len() < int_len {
            c.push('0');
        }
        out.extend(&c[..int_len]);
        if c.len() > int_len {
            out.push('.');
            out.extend(&c[int_len..]);
        }
        if e != 0 {
            out.push('E');
            out.push(if e < 0 { '-' } else { '+' });
            out.push_str(&e.unsigned_abs().to_string());
        }
        out
    }

    /// Checks the exponent after rounding.
    fn checked(self) -> Result<Num, ArithError> {
        if self.is_zero() {
            return Ok(self);
        }
        let a = self.adjusted();
        if a > MAX_EXP {
            Err(ArithError::Overflow)
        } else if a < -MAX_EXP {
            Err(ArithError::Underflow)
        } else {
            Ok(self)
        }
    }
}

/// The powers of ten an i64 holds.
const POW10: [i64; 19] = {
    let mut t = [1i64; 19];
    let mut i = 1;
    while i < 19 {
        t[i] = t[i - 1] * 10;
        i += 1;
    }
    t
};

/// A short plain number, the interpreter's fast path: `-12.50` is mantissa -1250 with 2
/// decimal places. Exact while it has no more than DIGITS significant digits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fixed {
    pub m: i64,
    pub s: u32,
}

impl Fixed {
    /// `[-]digits[.digits]` (or `.digits`), at most 18 digits, nothing else.
    pub fn parse(v: &[u8]) -> Option<Fixed> {
        let (neg, d) = match v.first() {
            Some(b'-') => (true, &v[1..]),
            _ => (false, v),
        };
        if d.is_empty() || d.len() > 19 {
            return None;
        }
        let mut m: i64 = 0;
        let mut s = 0u32;
        let mut point = false;
        let mut n = 0;
        for c in d {
            match c {
                b'0'..=b'9' => {
                    // The 19th digit could overflow: refuse before multiplying it in.
                    if n == 18 {
                        return None;
                    }
                    m = m * 10 + i64::from(c - b'0');
                    n += 1;
                    if point {
                        s += 1;
                    }
                }
                b'.' if !point => point = true,
                _ => return None,
            }
        }
        if n == 0 {
            return None;
        }
        Some(Fixed {
            m: if neg { -m } else { m },
            s,
        })
    }

    /// Whether it has at most `d` significant digits, without counting them.
    pub fn sig_le(self, d: usize) -> bool {
        d >= 19 || self.m.unsigned_abs() < POW10[d] as u64
    }

    /// Brings both to the same number of decimal places, if that fits.
    pub fn align(self, o: Fixed) -> Option<(i64, i64, u32)> {
        if self.s == o.s {
            return Some((self.m, o.m, self.s));
        }
        let s = self.s.max(o.s);
        let scale = |f: Fixed| f.m.checked_mul(*POW10.get((s - f.s) as usize)?);
        Some((scale(self)?, scale(o)?, s))
    }

    /// The length of [`Fixed::text`], if it is under 48.
    pub fn text_len(self) -> Option<usize> {
        let n = self.m.unsigned_abs();
        if n == 0 {
            return Some(1);
        }
        let mut digits = 1;
        while digits < POW10.len() && n >= POW10[digits] as u64 {
            digits += 1;
        }
        let s = self.s as usize;
        // `-`, the whole part (at least `0`), and `.` with the decimals.
        let len =
            usize::from(self.m < 0) + digits.saturating_sub(s).max(1) + s + usize::from(s > 0);
        (len < 48).then_some(len)
    }

    /// Writes [`Fixed::text`] into `out`, which is exactly [`Fixed::text_len`] long:
    /// backwards, the decimals, the point, the whole part, the sign.
    pub fn write_back(self, out: &mut [u8]) {
        let mut n = self.m.unsigned_abs();
        let sign = usize::from(self.m < 0);
        // Where the point goes (none when there are no decimals).
        let point = match self.s {
            0 => usize::MAX,
            s => out.len().wrapping_sub(s as usize + 1),
        };
        let mut i = out.len();
        while i > sign {
            i -= 1;
            if i == point {
                out[i] = b'.';
            } else {
                out[i] = b'0' + (n % 10) as u8;
                n /= 10;
            }
        }
        if sign == 1 {
            out[0] = b'-';
        }
    }

    /// The REXX string for it (no exponent; the caller checks it is within DIGITS).
    pub fn text(self, out: &mut [u8; 48]) -> usize {
        let len = self.text_len().unwrap_or(48);
        self.write_back(&mut out[..len]);
        len
    }
}

fn cmp_mag(a: &[u8], b: &[u8]) -> Ordering {
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

/// Magnitude addition of two digit strings (aligned at the last digit).
fn add_mag(a: &[u8], b: &[u8]) -> Vec<u8> {
    let n = a.len().max(b.len());
    let mut out = vec![0u8; n + 1];
    let mut carry = 0;
    for i in 0..n {
        let da = if i < a.len() { a[a.len() - 1 - i] } else { 0 };
        let db = if i < b.len() { b[b.len() - 1 - i] } else { 0 };
        let s = da + db + carry;
        out[n - i] = s % 10;
        carry = s / 10;
    }
    out[0] = carry;
    out
}

/// a - b for |a| >= |b| (aligned at the last digit).
fn sub_mag(a: &[u8], b: &[u8]) -> Vec<u8> {
    let mut out = a.to_vec();
    let mut borrow = 0i8;
    for i in 0..a.len() {
        let ai = a.len() - 1 - i;
        let db = if i < b.len() {
            b[b.len() - 1 - i] as i8
        } else {
            0
        };
        let mut d = a[ai] as i8 - db - borrow;
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

fn mul_mag(a: &[u8], b: &[u8]) -> Vec<u8> {
    if a.is_empty() || b.is_empty() {
        return Vec::new();
    }
    let mut acc = vec![0u32; a.len() + b.len()];
    for (i, da) in a.iter().enumerate().rev() {
        if *da == 0 {
            continue;
        }
        for (j, db) in b.iter().enumerate().rev() {
            acc[i + j + 1] += u32::from(*da) * u32::from(*db);
        }
        // Keep the accumulators small.
        if i % 64 == 0 {
            carry_out(&mut acc);
        }
    }
    carry_out(&mut acc);
    acc.into_iter().map(|d| d as u8).collect()
}

fn carry_out(acc: &mut [u32]) {
    let mut carry = 0;
    for d in acc.iter_mut().rev() {
        let v = *d + carry;
        *d = v % 10;
        carry = v / 10;
    }
}

/// Aligns two numbers to a common exponent. Digits below `floor` (a power of ten) are
/// truncated: addition works with DIGITS+1 digits from the larger term's leading digit, the
/// lower digits dropped (`docs/reference/rexx.md` §16; at DIGITS 5, 1.000049 + 0.000001 is
/// 1.0000).
fn align(a: &Num, b: &Num, floor: i64) -> (Vec<u8>, Vec<u8>, i64) {
    let cut = |n: &Num| -> (Vec<u8>, i64) {
        if n.exp >= floor {
            return (n.coef.clone(), n.exp);
        }
        let drop = (floor - n.exp) as usize;
        let keep = n.coef.len().saturating_sub(drop);
        (n.coef[..keep].to_vec(), floor)
    };
    let (ca, ea) = cut(a);
    let (cb, eb) = cut(b);
    let e = ea.min(eb);
    let pad = |mut c: Vec<u8>, from: i64| {
        c.extend(std::iter::repeat_n(0, (from - e) as usize));
        c
    };
    (pad(ca, ea), pad(cb, eb), e)
}

/// a + b (or a - b with `negate_b`), rounded to `digits`.
pub fn add(a: &Num, b: &Num, negate_b: bool, digits: usize) -> Result<Num, ArithError> {
    let mut b = b.clone();
    if negate_b && !b.is_zero() {
        b.neg = !b.neg;
    }
    // Either zero: the other, rounded.
    if a.is_zero() || b.is_zero() {
        let mut r = if a.is_zero() { b } else { a.clone() };
        r.round(digits);
        return r.checked();
    }
    let top = a.adjusted().max(b.adjusted());
    let (ca, cb, e) = align(a, &b, top - digits as i64);
    let (neg, coef) = if a.neg == b.neg {
        (a.neg, add_mag(&ca, &cb))
    } else {
        match cmp_mag(trim(&ca), trim(&cb)) {
            Ordering::Equal => return Ok(Num::zero()),
            Ordering::Greater => (a.neg, sub_mag(&ca, &cb)),
            Ordering::Less => (b.neg, sub_mag(&cb, &ca)),
        }
    };
    let mut n = Num { neg, coef, exp: e }.normalized();
    // The result is rounded to DIGITS counting from the position of the terms' most
    // significant digit, or from a carry digit beyond it (IBM's TSO/E REXX Reference,
    // "Addition and subtraction"): 1000000000-1 is 1.00000000E+9 at DIGITS 9.
    if n.adjusted() <= top {
        n.round_at(top - digits as i64 + 1);
    }
    // A carry beyond the terms' leading digit, in the sum or from rounding it, counts from
    // there.
    if n.adjusted() > top {
        n.round(digits);
    }
    n.checked()
}

fn trim(c: &[u8]) -> &[u8] {
    let lead = c.iter().take_while(|d| **d == 0).count();
    &c[lead..]
}

pub fn mul(a: &Num, b: &Num, digits: usize) -> Result<Num, ArithError> {
    if a.is_zero() || b.is_zero() {
        return Ok(Num::zero());
    }
    let mut n = Num {
        neg: a.neg != b.neg,
        coef: mul_mag(&a.coef, &b.coef),
        exp: a.exp + b.exp,
    }
    .normalized();
    n.round(digits);
    n.checked()
}

/// The digits of floor(num / den) for magnitudes, and whether a remainder is left.
fn div_mag(num: &[u8], den: &[u8]) -> (Vec<u8>, bool) {
    let den = trim(den);
    let mut q = Vec::with_capacity(num.len());
    let mut r: Vec<u8> = Vec::new();
    for d in num {
        r.push(*d);
        let lead = r.iter().take_while(|x| **x == 0).count();
        r.drain(..lead);
        let mut k = 0;
        while cmp_mag(&r, den) != Ordering::Less {
            r = sub_mag(&r, den);
            let lead = r.iter().take_while(|x| **x == 0).count();
            r.drain(..lead);
            k += 1;
        }
        q.push(k);
    }
    let rem = r.iter().any(|x| *x != 0);
    (q, rem)
}

/// a / b to `digits` digits, trailing zeros removed.
pub fn div(a: &Num, b: &Num, digits: usize) -> Result<Num, ArithError> {
    if b.is_zero() {
        return Err(ArithError::DivideByZero);
    }
    if a.is_zero() {
        return Ok(Num::zero());
    }
    // Scale the dividend so the quotient has at least digits+1 digits.
    let shift = (digits + 1 + b.coef.len()).saturating_sub(a.coef.len()) + 1;
    let mut num = a.coef.clone();
    num.extend(std::iter::repeat_n(0, shift));
    let (q, _) = div_mag(&num, &b.coef);
    let mut n = Num {
        neg: a.neg != b.neg,
        coef: q,
        exp: a.exp - shift as i64 - b.exp,
    }
    .normalized();
    n.round(digits);
    n.strip();
    n.checked()
}

/// The integer part of a / b (`%`), and the remainder a - b*(a%b) (`//`).
pub fn int_div(a: &Num, b: &Num, digits: usize, remainder: bool) -> Result<Num, ArithError> {
    if b.is_zero() {
        return Err(ArithError::DivideByZero);
    }
    if a.is_zero() {
        return Ok(Num::zero());
    }
    let a = a.clone();
    // |a| < |b|: the quotient is 0 and the remainder a.
    if a.adjusted() < b.adjusted() {
        return if remainder {
            let mut r = a;
            r.round(digits);
            r.strip();
            r.checked()
        } else {
            Ok(Num::zero())
        };
    }
    // Align to a common exponent, then integer-divide the coefficients.
    let e = a.exp.min(b.exp);
    if a.adjusted() - b.adjusted() > digits as i64 + 1 {
        return Err(ArithError::IntDivTooBig);
    }
    let mut ca = a.coef.clone();
    ca.extend(std::iter::repeat_n(0, (a.exp - e) as usize));
    let mut cb = b.coef.clone();
    cb.extend(std::iter::repeat_n(0, (b.exp - e) as usize));
    let (q, _) = div_mag(&ca, &cb);
    let q = Num {
        neg: a.neg != b.neg,
        coef: q,
        exp: 0,
    }
    .normalized();
    if q.coef.len() > digits {
        return Err(ArithError::IntDivTooBig);
    }
    if !remainder {
        return q.checked();
    }
    // a - q*b, exact.
    let qb = Num {
        neg: q.neg != b.neg,
        coef: mul_mag(&q.coef, &b.coef),
        exp: b.exp,
    }
    .normalized();
    let (ca, cb, e) = align(&a, &qb, i64::MIN / 4);
    let (neg, coef) = match cmp_mag(trim(&ca), trim(&cb)) {
        Ordering::Equal => return Ok(Num::zero()),
        Ordering::Greater => (a.neg, sub_mag(&ca, &cb)),
        Ordering::Less => (qb.neg, sub_mag(&cb, &ca)),
    };
    let mut r = if qb.is_zero() {
        a
    } else {
        Num { neg, coef, exp: e }.normalized()
    };
    // As for division, trailing zeros go (Regina: 0.070 // 0.03 is 0.01).
    r.round(digits);
    r.strip();
    r.checked()
}

/// a ** n for a whole n (ANSI: working precision DIGITS + length(n) + 1, then rounded).
pub fn pow(a: &Num, n: i64, digits: usize) -> Result<Num, ArithError> {
    let a = a.clone();
    if n == 0 {
        return Ok(Num::from_i64(1));
    }
    let work = digits + n.unsigned_abs().to_string().len() + 1;
    let mut result = Num::from_i64(1);
    let mut base = a;
    let mut k = n.unsigned_abs();
    while k > 0 {
        if k & 1 == 1 {
            result = mul(&result, &base, work)?;
        }
        k >>= 1;
        if k > 0 {
            base = mul(&base, &base, work)?;
        }
    }
    if n < 0 {
        result = div(&Num::from_i64(1), &result, work)?;
    }
    result.round(digits);
    result.strip();
    result.checked()
}

/// Numeric comparison with NUMERIC FUZZ: both numbers rounded to DIGITS-FUZZ digits, then
/// compared exactly (Regina agrees: at DIGITS 5, FUZZ 1, 1.0001 = 1.0002).
pub fn compare(a: &Num, b: &Num, digits: usize, fuzz: usize) -> Ordering {
    let d = digits.saturating_sub(fuzz).max(1);
    let (mut x, mut y) = (a.clone(), b.clone());
    x.round(d);
    y.round(d);
    match (x.is_zero(), y.is_zero()) {
        (true, true) => return Ordering::Equal,
        (true, false) => {
            return if y.neg {
                Ordering::Greater
            } else {
                Ordering::Less
            };
        }
        (false, true) => {
            return if x.neg {
                Ordering::Less
            } else {
                Ordering::Greater
            };
        }
        _ => {}
    }
    if x.neg != y.neg {
        return if x.neg {
            Ordering::Less
        } else {
            Ordering::Greater
        };
    }
    let mag = x.adjusted().cmp(&y.adjusted()).then_with(|| {
        let n = x.coef.len().max(y.coef.len());
        let dx = x.coef.iter().copied().chain(std::iter::repeat(0)).take(n);
        let dy = y.coef.iter().copied().chain(std::iter::repeat(0)).take(n);
        dx.cmp(dy)
    });
    if x.neg { mag.reverse() } else { mag }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(s: &str) -> Num {
        Num::parse(s).unwrap()
    }

    fn show(r: Result<Num, ArithError>) -> String {
        r.map(|n| n.format(9, Form::Scientific))
            .unwrap_or_else(|e| format!("{e:?}"))
    }

    #[test]
    fn fixed_parse_refuses_what_would_overflow() {
        // The fuzzer's find: the 19th digit was multiplied in before the length check.
        assert_eq!(Fixed::parse(b"9999999944444444444"), None);
        assert_eq!(Fixed::parse(b"-9999999999999999999.9"), None);
        let most = Fixed::parse(b"999999999999999999").unwrap();
        assert_eq!((most.m, most.s), (999_999_999_999_999_999, 0));
        let most = Fixed::parse(b"-99999999999999999.9").unwrap();
        assert_eq!((most.m, most.s), (-999_999_999_999_999_999, 1));
        assert_eq!(Fixed::parse(b"."), None);
        assert_eq!(Fixed::parse(b""), None);
    }

    #[test]
    fn fixed_text_every_shape() {
        let t = |m: i64, s: u32| {
            let mut b = [0u8; 48];
            let n = Fixed { m, s }.text(&mut b);
            String::from_utf8(b[..n].to_vec()).unwrap()
        };
        assert_eq!(t(0, 3), "0");
        assert_eq!(t(7, 0), "7");
        assert_eq!(t(-42, 0), "-42");
        assert_eq!(t(1250, 2), "12.50");
        assert_eq!(t(-5, 3), "-0.005");
        assert_eq!(t(123, 3), "0.123");
        assert_eq!(t(i64::MAX, 0), "9223372036854775807");
        assert_eq!(t(i64::MIN + 1, 18), "-9.223372036854775807");
        assert_eq!(t(1, 36), format!("0.{}1", "0".repeat(35)));
        for m in [-1001i64, -99, -10, -1, 1, 9, 10, 99, 100, 1001, 123456789] {
            for s in 0..4 {
                let v = m as f64 / 10f64.powi(s as i32);
                assert_eq!(t(m, s), format!("{v:.prec$}", prec = s as usize), "{m} {s}");
            }
        }
    }

    #[test]
    fn significant_digits_bounds() {
        let f = |t: &str| Fixed::parse(t.as_bytes()).unwrap();
        assert!(f("999999999").sig_le(9));
        assert!(!f("1000000000").sig_le(9));
        assert!(f("-0.000123").sig_le(3));
        assert!(!f("-0.000123").sig_le(2));
        assert!(f("0").sig_le(0));
        assert!(f("999999999999999999").sig_le(18));
        assert!(!f("999999999999999999").sig_le(17));
        assert!(f("1").sig_le(999));
    }

    #[test]
    fn the_reference_edge_cases() {
        // docs/reference/rexx.md §16, from TSO/E's text and Regina's arith tests.
        assert_eq!(show(add(&f("0.00"), &f("2"), false, 9)), "2");
        assert_eq!(show(add(&f("2.00"), &f("0"), false, 9)), "2.00");
        assert_eq!(show(add(&f("2.40"), &f("2"), false, 9)), "4.40");
        assert_eq!(show(div(&f("2.40"), &f("2"), 9)), "1.2");
        assert_eq!(show(add(&f("4.6"), &f("5.4"), false, 9)), "10.0");
        assert_eq!(show(add(&f("  -  7  "), &f("  + 3  "), false, 9)), "-4");
        assert_eq!(
            show(add(&f("1.000000001"), &f("1.000000001"), false, 9)),
            "2.00000000"
        );
        assert_eq!(show(mul(&f("1e6"), &f("1e6"), 9)), "1E+12");
        assert_eq!(show(div(&f("1"), &f("3E10"), 9)), "3.33333333E-11");
        assert_eq!(show(div(&f("1"), &f("3"), 9)), "0.333333333");
        assert_eq!(show(div(&f("2"), &f("3"), 9)), "0.666666667");
        assert_eq!(show(int_div(&f("7"), &f("2"), 9, false)), "3");
        assert_eq!(show(int_div(&f("-7"), &f("2"), 9, true)), "-1");
        assert_eq!(show(int_div(&f("7.5"), &f("2"), 9, true)), "1.5");
        assert_eq!(show(pow(&f("2"), 10, 9)), "1024");
        assert_eq!(show(pow(&f("2"), -2, 9)), "0.25");
        assert_eq!(show(div(&f("1"), &f("0"), 9)), "DivideByZero");
    }

    #[test]
    fn forms() {
        let n = f("12345E+10");
        let mut r = n.clone();
        r.round(9);
        assert_eq!(r.format(9, Form::Scientific), "1.2345E+14");
        assert_eq!(r.format(9, Form::Engineering), "123.45E+12");
        assert!(Num::parse("1E").is_none());
        assert!(Num::parse(".").is_none());
        assert!(Num::parse("- 1").is_some());
    }
}
