//! The interpreter: variable pools (with PROCEDURE EXPOSE), activations (internal routines,
//! INTERPRET), DO loops, condition traps, the data stack, NUMERIC settings, commands sent to the
//! host environment, and arithmetic with a fast path for small whole numbers.

use std::cmp::Ordering;
use std::collections::{HashMap, VecDeque};
use std::rc::Rc;

use super::ast::*;
use super::bif::{CondInfo, Env, Outtrap};
use super::error::{RexxError, Unwind};
use super::num::{self, ArithError, Fixed, Form, Num};
use super::value::find;
pub(crate) use super::value::{bool_val, int_val, val_str};
use super::{Host, Limits, lex, parse};

type R<T> = Result<T, RexxError>;

fn val(b: &[u8]) -> Val {
    Val::from(b)
}

/// How an activation ended.
pub(crate) enum Flow {
    /// Ran off the end of its code.
    End,
    Return(Option<Val>),
    Exit(Option<Val>),
    /// SIGNAL out of INTERPRETed code to a label of the program.
    Signal(String),
}

/// A variable slot.
#[derive(Clone, Debug, Default)]
enum Slot {
    #[default]
    Unset,
    Val(Val),
    /// Exposed: the variable lives in that pool.
    Exposed(usize),
    Stem(Box<Stem>),
}

#[derive(Clone, Debug, Default)]
struct Stem {
    default: Option<Val>,
    /// None: dropped explicitly (uninitialised even with a default).
    map: HashMap<Box<[u8]>, Option<Val>, FxBuild>,
}

#[derive(Clone, Debug, Default)]
struct Pool {
    slots: Vec<Slot>,
    /// The storage its variables take, as [`Interp::account`] counts it.
    bytes: usize,
}

/// What one compound variable's entry costs beyond its tail and value, and one data stack
/// line beyond its text: the region limit's estimate of the bookkeeping (`reconstructed`).
const ENTRY_BYTES: usize = 48;

/// A condition trap.
#[derive(Clone, Debug)]
struct Trap {
    signal: bool,
    label: Rc<str>,
}

/// The most calls a traceback lists, and the deepest indentation it shows (in levels).
const TRACEBACK_CALLS: usize = 25;
const TRACEBACK_INDENT: usize = 20;

/// The settings an activation saves and restores across internal calls.
#[derive(Clone, Debug)]
pub(crate) struct Settings {
    pub digits: usize,
    pub fuzz: usize,
    pub form: Form,
    /// Shared until one is changed: an internal call copies the settings, seldom the traps.
    traps: Rc<[Option<Trap>; 7]>,
    pub address: Rc<str>,
    pub prev_address: Rc<str>,
    /// TRACE's letter (A C E F I L N O R).
    pub trace: u8,
    pub cond: Option<Rc<CondInfo>>,
}

struct LoopFrame {
    start: usize,
    end: usize,
    /// TO and BY as numbers in REXX form (evaluated once, rounded to DIGITS).
    to: Option<Val>,
    by: Val,
    by_neg: bool,
    count: Option<i64>,
}

/// One activation: the main program, an internal routine or function, or INTERPRETed code.
pub(crate) struct Act {
    code: Rc<Code>,
    pc: usize,
    loops: Vec<LoopFrame>,
    pub settings: Settings,
    pub args: Vec<Option<Val>>,
    pool: usize,
    /// PROCEDURE may come now (first clause of an internal routine).
    procedure_ok: bool,
    /// Called as a function (RETURN needs a value) or a subroutine or the main program.
    pub kind: &'static str,
    line: usize,
}

/// The interpreter for one exec.
pub struct Interp<'h> {
    pub(crate) main: Rc<Code>,
    pub(crate) symtab: Symtab,
    pools: Vec<Pool>,
    pub(crate) queue: VecDeque<Val>,
    pub(crate) host: &'h mut dyn Host,
    pub(crate) source: Vec<Vec<u8>>,
    pub exec_name: String,
    pub(crate) limits: Limits,
    clauses: u64,
    depth: usize,
    pub(crate) random: u64,
    /// TIME('R') and TIME('E') reference, in microseconds of the host clock.
    pub(crate) elapsed_start: Option<u64>,
    /// The time of the current clause (TIME and DATE answer the same within one clause).
    pub(crate) clause_time: Option<u64>,
    /// The condition a CALL ON trap passes to its handler.
    pending_cond: Option<Rc<CondInfo>>,
    /// Reused to build compound tails.
    tail_buf: Vec<u8>,
    /// Argument lists to reuse.
    arg_pool: Vec<Vec<Option<Val>>>,
    /// OUTTRAP in force.
    pub(crate) outtrap: Option<Outtrap>,
    /// The clause TRACE showed last: (code, line, op), so a line shows once per run.
    traced: Option<(*const Code, usize, usize)>,
    /// The storage the variables (all pools) and the data stack take ([`Limits::max_storage`]).
    used: usize,
    queue_bytes: usize,
    /// Which limit stopped the exec, once one has: every later clause stops again.
    pub(crate) stopped: Option<super::Stop>,
    /// Work done since the last clause (arithmetic on long numbers, long strings, calls into
    /// the host), in clauses' worth: [`Limits::max_clauses`] counts it, so a clause that does
    /// the work of thousands costs as many.
    work: std::cell::Cell<u64>,
    /// The clause count at which the wall clock is read next.
    next_wall_check: u64,
    /// The clause count at which [`Interp::check_limits`] runs next (the sooner of the wall
    /// check and the clause limit; 0 once stopped).
    next_check: u64,
}

impl<'h> Interp<'h> {
    /// Parses `source`; nothing runs yet.
    pub fn new(source: &[u8], exec_name: &str, host: &'h mut dyn Host, limits: Limits) -> R<Self> {
        let toks = lex::tokens(source)?;
        let mut symtab = Symtab::default();
        let code = parse::parse(&toks, &mut symtab)?;
        Ok(Interp {
            main: Rc::new(code),
            symtab,
            pools: vec![Pool::default()],
            queue: VecDeque::new(),
            host,
            source: source.split(|c| *c == b'\n').map(|l| l.to_vec()).collect(),
            exec_name: exec_name.to_string(),
            limits,
            clauses: 0,
            depth: 0,
            random: 0x2545_F491_4F6C_DD1D,
            elapsed_start: None,
            clause_time: None,
            pending_cond: None,
            tail_buf: Vec::new(),
            arg_pool: Vec::new(),
            outtrap: None,
            traced: None,
            used: 0,
            queue_bytes: 0,
            stopped: None,
            work: std::cell::Cell::new(0),
            next_wall_check: WALL_CHECK_EVERY,
            next_check: 0,
        })
    }

    /// Runs the program with its argument strings; the EXIT or RETURN value.
    pub fn run(&mut self, args: Vec<Option<Val>>) -> R<Option<Val>> {
        let mut act = Act {
            code: self.main.clone(),
            pc: 0,
            loops: Vec::new(),
            settings: Settings {
                digits: 9,
                fuzz: 0,
                form: Form::Scientific,
                traps: Default::default(),
                address: Rc::from(self.host.default_address()),
                prev_address: Rc::from(self.host.default_address()),
                trace: b'N',
                cond: None,
            },
            args,
            pool: 0,
            procedure_ok: false,
            kind: "COMMAND",
            line: 0,
        };
        match self.exec(&mut act)? {
            Flow::End => Ok(None),
            Flow::Return(v) | Flow::Exit(v) => Ok(v),
            Flow::Signal(l) => Err(RexxError::new(16, 1, act.line, vec![l])),
        }
    }

    /// The traceback line of a clause: `     n +++ source`.
    pub fn traceback(&self, line: usize) -> String {
        self.traceback_at(line, 0)
    }

    /// A traceback line `depth` calls deep: the clause indented three blanks a level, as
    /// Regina shows a call chain, up to [`TRACEBACK_INDENT`] levels (TSO/E's indentation is
    /// not published: `reconstructed`).
    fn traceback_at(&self, line: usize, depth: usize) -> String {
        let text = self
            .source
            .get(line.wrapping_sub(1))
            .map(|l| String::from_utf8_lossy(l).trim().to_string())
            .unwrap_or_default();
        let indent = 3 * depth.min(TRACEBACK_INDENT);
        format!("{line:>6} +++ {:indent$}{text}", "")
    }

    /// The traceback of an error that ended the exec: the failing clause, then each call that
    /// led to it. A chain longer than `TRACEBACK_CALLS` (25) shows its innermost and outermost
    /// calls around a count of the rest (`reconstructed`).
    pub fn traceback_chain(&self, e: &RexxError) -> Vec<String> {
        let depth = e.callers.len();
        let mut out = vec![self.traceback_at(e.line, depth)];
        let (inner, outer) = if depth > TRACEBACK_CALLS {
            (TRACEBACK_CALLS - 5, 5)
        } else {
            (depth, 0)
        };
        for (k, line) in e.callers.iter().enumerate().take(inner) {
            out.push(self.traceback_at(*line, depth - 1 - k));
        }
        if outer > 0 {
            out.push(format!(
                "       +++ {} more calls +++",
                depth - inner - outer
            ));
            for (k, line) in e.callers.iter().enumerate().skip(depth - outer) {
                out.push(self.traceback_at(*line, depth - 1 - k));
            }
        }
        out
    }

    // ----- variables -----

    #[inline(always)]
    fn home(&self, mut pool: usize, id: VarId) -> usize {
        loop {
            match self.pools[pool].slots.get(id as usize) {
                Some(Slot::Exposed(p)) => pool = *p,
                _ => return pool,
            }
        }
    }

    /// The slot in pool `p`, which grows to hold it; the growth is charged to the pool.
    fn slot_in(&mut self, p: usize, id: VarId) -> &mut Slot {
        let pool = &mut self.pools[p];
        if pool.slots.len() <= id as usize {
            let grown = (id as usize + 1 - pool.slots.len()) * std::mem::size_of::<Slot>();
            pool.slots.resize(id as usize + 1, Slot::Unset);
            pool.bytes += grown;
            self.used += grown;
        }
        &mut self.pools[p].slots[id as usize]
    }

    /// Counts `add` more and `sub` fewer bytes of storage in pool `p`. Growing past
    /// [`Limits::max_storage`] is error 5, as an exec that exhausts its region ends in TSO/E;
    /// what shrinks never fails, so a SYNTAX trap can still DROP its way out.
    #[inline(always)]
    fn account(&mut self, p: usize, add: usize, sub: usize, line: usize) -> R<()> {
        let pool = &mut self.pools[p];
        pool.bytes = (pool.bytes + add).saturating_sub(sub);
        self.used = (self.used + add).saturating_sub(sub);
        if add > sub && self.storage() > self.limits.max_storage {
            self.stopped = Some(super::Stop::Storage);
            return Err(RexxError::new(5, 1, line, vec![]));
        }
        Ok(())
    }

    /// The storage the exec holds: variables, the data stack and the names it has made.
    pub fn storage(&self) -> usize {
        self.used + self.queue_bytes + self.symtab.bytes
    }

    /// What a slot's contents take (its own entry aside).
    fn slot_bytes(slot: &Slot) -> usize {
        match slot {
            Slot::Val(v) => v.len(),
            Slot::Stem(st) => Self::stem_bytes(st),
            Slot::Unset | Slot::Exposed(_) => 0,
        }
    }

    fn stem_bytes(st: &Stem) -> usize {
        st.default.as_ref().map_or(0, |v| v.len())
            + st.map
                .iter()
                .map(|(k, v)| k.len() + v.as_ref().map_or(0, |v| v.len()) + ENTRY_BYTES)
                .sum::<usize>()
    }

    /// Replaces a variable's slot, counting what goes and what comes.
    fn replace_slot(&mut self, pool: usize, id: VarId, new: Slot, line: usize) -> R<()> {
        let p = self.home(pool, id);
        let add = Self::slot_bytes(&new);
        let old = std::mem::replace(self.slot_in(p, id), new);
        self.account(p, add, Self::slot_bytes(&old), line)
    }

    #[inline(always)]
    fn slot(&self, pool: usize, id: VarId) -> Option<&Slot> {
        let p = self.home(pool, id);
        self.pools[p].slots.get(id as usize)
    }

    pub(crate) fn get_var(&self, act: &Act, id: VarId) -> Option<Val> {
        match self.slot(act.pool, id) {
            Some(Slot::Val(v)) => Some(v.clone()),
            _ => None,
        }
    }

    pub(crate) fn set_var(&mut self, act: &Act, id: VarId, v: Val) -> R<()> {
        self.check_len(act, v.len())?;
        self.store_var(act, id, v)
    }

    /// [`Interp::set_var`] once the value's length is checked (and its work counted).
    fn store_var(&mut self, act: &Act, id: VarId, v: Val) -> R<()> {
        let add = v.len();
        // The common case, a variable that has a value already: replaced where it is.
        let mut p = act.pool;
        loop {
            match self.pools[p].slots.get_mut(id as usize) {
                Some(Slot::Exposed(q)) => p = *q,
                Some(Slot::Val(old)) => {
                    let sub = old.len();
                    *old = v;
                    return self.account(p, add, sub, act.line);
                }
                _ => break,
            }
        }
        let slot = self.slot_in(p, id);
        let sub = match &*slot {
            Slot::Val(old) => old.len(),
            other => Self::slot_bytes(other),
        };
        *slot = Slot::Val(v);
        self.account(p, add, sub, act.line)
    }

    /// [`Interp::set_var`] from bytes (PARSE's pieces): a short value is copied into the
    /// variable's own storage when it has a value already, not built and moved there.
    fn set_var_bytes(&mut self, act: &Act, id: VarId, b: &[u8]) -> R<()> {
        self.check_len(act, b.len())?;
        let p = self.home(act.pool, id);
        if let Some(Slot::Val(old)) = self.pools[p].slots.get_mut(id as usize) {
            let sub = old.len();
            if old.overwrite(b) {
                return self.account(p, b.len(), sub, act.line);
            }
        }
        // Checked above: counting a long piece's work twice would stop the exec early.
        self.store_var(act, id, val(b))
    }

    /// A value of `len` bytes is made or stored: within [`Limits::max_string`], and a long
    /// one counts as the work of copying it (a clause's worth for each 256 bytes), so a loop
    /// that copies megabytes reaches [`Limits::max_clauses`] as soon as one that computes.
    #[inline(always)]
    fn check_len(&self, act: &Act, len: usize) -> R<()> {
        if len > self.limits.max_string {
            return Err(RexxError::new(5, 1, act.line, vec![]));
        }
        self.work.set(self.work.get() + (len >> 8) as u64);
        Ok(())
    }

    pub(crate) fn drop_var(&mut self, act: &Act, id: VarId) {
        // Already without a value (RESULT after most CALLs): nothing to do.
        if matches!(self.slot(act.pool, id), None | Some(Slot::Unset)) {
            return;
        }
        // Shrinking never fails.
        let _ = self.replace_slot(act.pool, id, Slot::Unset, act.line);
    }

    /// The stem's pool and the stem, made a stem if it was not one.
    fn stem_mut(&mut self, act: &Act, stem: VarId) -> (usize, &mut Stem) {
        let p = self.home(act.pool, stem);
        if !matches!(self.slot_in(p, stem), Slot::Stem(_)) {
            let _ = self.replace_slot(p, stem, Slot::Stem(Box::default()), act.line);
        }
        match self.slot_in(p, stem) {
            Slot::Stem(s) => (p, s),
            _ => unreachable!("the slot was made a stem just above"),
        }
    }

    fn get_compound(&self, act: &Act, stem: VarId, tail: &[u8]) -> Option<Val> {
        match self.slot(act.pool, stem) {
            Some(Slot::Stem(s)) => match s.map.get(tail) {
                Some(Some(v)) => Some(v.clone()),
                Some(None) => None,
                None => s.default.clone(),
            },
            _ => None,
        }
    }

    fn tail_value(&self, act: &Act, parts: &[TailPart]) -> Vec<u8> {
        let mut out = Vec::new();
        self.tail_into(act, parts, &mut out);
        out
    }

    fn tail_into(&self, act: &Act, parts: &[TailPart], out: &mut Vec<u8>) {
        out.clear();
        for (i, p) in parts.iter().enumerate() {
            if i > 0 {
                out.push(b'.');
            }
            match p {
                TailPart::Const(c) => out.extend_from_slice(c),
                TailPart::Var(id) => match self.slot(act.pool, *id) {
                    Some(Slot::Val(v)) => out.extend_from_slice(v),
                    _ => out.extend_from_slice(self.symtab.name(*id).as_bytes()),
                },
            }
        }
    }

    #[inline(always)]
    pub(crate) fn assign(&mut self, act: &Act, t: &Target, v: Val) -> R<()> {
        match t {
            Target::Var(id) => self.set_var(act, *id, v),
            _ => self.assign_full(act, t, v),
        }
    }

    fn assign_full(&mut self, act: &Act, t: &Target, v: Val) -> R<()> {
        match t {
            Target::Var(id) => self.set_var(act, *id, v),
            Target::Stem(id) => {
                self.check_len(act, v.len())?;
                let mut fresh = Box::<Stem>::default();
                fresh.default = Some(v);
                self.replace_slot(act.pool, *id, Slot::Stem(fresh), act.line)
            }
            Target::Compound(stem, parts) => {
                self.check_len(act, v.len())?;
                let mut tail = std::mem::take(&mut self.tail_buf);
                self.tail_into(act, parts, &mut tail);
                let mut add = v.len();
                let (p, st) = self.stem_mut(act, *stem);
                let sub = match st.map.get_mut(&tail[..]) {
                    Some(slot) => slot.replace(v).map_or(0, |old| old.len()),
                    None => {
                        add += tail.len() + ENTRY_BYTES;
                        st.map.insert(tail[..].into(), Some(v));
                        0
                    }
                };
                self.tail_buf = tail;
                self.account(p, add, sub, act.line)
            }
        }
    }

    fn drop_target(&mut self, act: &Act, t: &Target) {
        match t {
            Target::Var(id) => self.drop_var(act, *id),
            Target::Stem(id) => {
                let _ = self.replace_slot(act.pool, *id, Slot::Unset, act.line);
            }
            Target::Compound(stem, parts) => {
                let tail = self.tail_value(act, parts);
                let entry = tail.len() + ENTRY_BYTES;
                let (p, s) = self.stem_mut(act, *stem);
                let (add, sub) = if s.default.is_some() {
                    // The entry stays, marked dropped, so the default no longer shows.
                    match s.map.insert(tail.into(), None) {
                        Some(old) => (0, old.map_or(0, |v| v.len())),
                        None => (entry, 0),
                    }
                } else {
                    match s.map.remove(&tail[..]) {
                        Some(old) => (0, entry + old.map_or(0, |v| v.len())),
                        None => (0, 0),
                    }
                };
                // A DROP is not refused for storage: a SYNTAX trap must be able to free it.
                let _ = self.account(p, add, sub, act.line);
            }
        }
    }

    /// The value of a variable by name (VALUE(), SYMBOL(), EXPOSE (list), DROP (list)).
    pub(crate) fn target_of(&mut self, name: &str) -> Target {
        let up = name.to_ascii_uppercase();
        match up.find('.') {
            None => Target::Var(self.symtab.id(&up)),
            Some(d) if d + 1 == up.len() => Target::Stem(self.symtab.id(&up)),
            Some(d) => {
                let stem = self.symtab.id(&up[..=d]);
                // A dynamic name's tail is taken literally.
                Target::Compound(stem, vec![TailPart::Const(up.as_bytes()[d + 1..].to_vec())])
            }
        }
    }

    /// A variable's value, or None when it has none.
    pub(crate) fn lookup(&self, act: &Act, t: &Target) -> Option<Val> {
        match t {
            Target::Var(id) => self.get_var(act, *id),
            Target::Stem(id) => match self.slot(act.pool, *id) {
                Some(Slot::Stem(s)) => s.default.clone(),
                _ => None,
            },
            Target::Compound(stem, parts) => {
                let tail = self.tail_value(act, parts);
                self.get_compound(act, *stem, &tail)
            }
        }
    }

    pub(crate) fn derived_name(&self, act: &Act, t: &Target) -> Vec<u8> {
        match t {
            Target::Var(id) | Target::Stem(id) => self.symtab.name(*id).as_bytes().to_vec(),
            Target::Compound(stem, parts) => {
                let mut n = self.symtab.name(*stem).as_bytes().to_vec();
                n.extend(self.tail_value(act, parts));
                n
            }
        }
    }

    pub(crate) fn set_special(&mut self, act: &Act, id: VarId, v: Val) {
        // RC, SIGL and RESULT are set whatever the storage: the values are short.
        let _ = self.set_var(act, id, v);
    }

    // ----- evaluation -----

    /// The value of an uninitialised variable: its name, or NOVALUE when trapped.
    fn novalue(&mut self, act: &mut Act, t: &Target) -> R<Val> {
        let name = self.derived_name(act, t);
        if act.settings.traps[3].is_some() {
            return Err(RexxError::unwind(
                Unwind::NoValue(String::from_utf8_lossy(&name).into_owned()),
                act.line,
            ));
        }
        Ok(val(&name))
    }

    /// An expression's value: a literal's or a set variable's at once (inlined where it is
    /// used), anything else by [`Interp::eval_full`].
    #[inline(always)]
    pub(crate) fn eval(&mut self, act: &mut Act, e: &Expr) -> R<Val> {
        match self.peek(act, e) {
            Some(v) => Ok(v.clone()),
            None => self.eval_full(act, e),
        }
    }

    fn eval_full(&mut self, act: &mut Act, e: &Expr) -> R<Val> {
        match e {
            Expr::Lit(v) => Ok(v.clone()),
            Expr::Folded(f) => Ok(f.0.clone()),
            Expr::Var(id) => match self.get_var(act, *id) {
                Some(v) => Ok(v),
                None => self.novalue(act, &Target::Var(*id)),
            },
            Expr::Stem(id) => {
                let t = Target::Stem(*id);
                match self.lookup(act, &t) {
                    Some(v) => Ok(v),
                    None => self.novalue(act, &t),
                }
            }
            Expr::Compound(stem, parts) => {
                let mut buf = std::mem::take(&mut self.tail_buf);
                self.tail_into(act, parts, &mut buf);
                let found = self.get_compound(act, *stem, &buf);
                match found {
                    Some(v) => {
                        self.tail_buf = buf;
                        Ok(v)
                    }
                    None => {
                        let t = Target::Compound(*stem, vec![TailPart::Const(buf)]);
                        self.novalue(act, &t)
                    }
                }
            }
            Expr::Call(c) => {
                let args = self.eval_args(act, &c.args)?;
                match self.call_function(act, c, args)? {
                    Some(v) => Ok(v),
                    None => Err(RexxError::new(44, 1, act.line, vec![c.name.clone()])),
                }
            }
            Expr::Neg(x) | Expr::Plus(x) => {
                let v = self.eval(act, x)?;
                let neg = matches!(e, Expr::Neg(_));
                if let Some(f) = v.fixed()
                    && f.sig_le(act.settings.digits)
                {
                    let m = if neg { -f.m } else { f.m };
                    return Ok(Val::from_fixed(Fixed { m, s: f.s }));
                }
                let n = self.number(act, &v)?;
                let r = num::add(&Num::zero(), &n, neg, act.settings.digits)
                    .map_err(|e| arith_err(e, act.line))?;
                Ok(val_str(&r.format(act.settings.digits, act.settings.form)))
            }
            Expr::Not(x) => {
                let v = self.eval(act, x)?;
                Ok(bool_val(!self.truth(act, &v)?))
            }
            Expr::Bin(op, l, r) => {
                // Operands that are literals or set variables are used where they are.
                if let (Some(a), Some(b)) = (self.peek(act, l), self.peek(act, r)) {
                    return self.binop(act, *op, a, b);
                }
                let a = self.eval(act, l)?;
                // & and | do not short-circuit in REXX, but both sides are evaluated anyway.
                let b = self.eval(act, r)?;
                self.binop(act, *op, &a, &b)
            }
        }
    }

    /// A condition (IF, WHEN, WHILE, UNTIL): 0 or 1, computed without building the string
    /// for comparisons and logic.
    fn cond(&mut self, act: &mut Act, e: &Expr) -> R<bool> {
        use BinOp::*;
        match e {
            Expr::Not(x) => Ok(!self.cond(act, x)?),
            Expr::Bin(op @ (And | Or | Xor), l, r) => {
                let x = self.cond(act, l)?;
                let y = self.cond(act, r)?;
                Ok(match op {
                    And => x && y,
                    Or => x || y,
                    _ => x != y,
                })
            }
            Expr::Bin(
                op @ (Eq | Ne | Gt | Lt | Ge | Le | SEq | SNe | SGt | SLt | SGe | SLe),
                l,
                r,
            ) => {
                if let (Some(a), Some(b)) = (self.peek(act, l), self.peek(act, r)) {
                    return Ok(self.compared(act, *op, a, b));
                }
                let a = self.eval(act, l)?;
                let b = self.eval(act, r)?;
                Ok(self.compared(act, *op, &a, &b))
            }
            _ => {
                let v = self.eval(act, e)?;
                self.truth(act, &v)
            }
        }
    }

    /// A literal's or a set simple variable's value, without copying it.
    #[inline(always)]
    fn peek<'s>(&'s self, act: &Act, e: &'s Expr) -> Option<&'s Val> {
        match e {
            Expr::Lit(v) => Some(v),
            Expr::Folded(f) => Some(&f.0),
            Expr::Var(id) => match self.slot(act.pool, *id) {
                Some(Slot::Val(v)) => Some(v),
                _ => None,
            },
            _ => None,
        }
    }

    /// A comparison's outcome.
    fn compared(&self, act: &Act, op: BinOp, a: &Val, b: &Val) -> bool {
        use BinOp::*;
        match op {
            SEq => a.as_bytes() == b.as_bytes(),
            SNe => a.as_bytes() != b.as_bytes(),
            SGt => a.as_bytes() > b.as_bytes(),
            SLt => a.as_bytes() < b.as_bytes(),
            SGe => a.as_bytes() >= b.as_bytes(),
            SLe => a.as_bytes() <= b.as_bytes(),
            _ => {
                let ord = self.compare(act, a, b);
                match op {
                    Eq => ord == Ordering::Equal,
                    Ne => ord != Ordering::Equal,
                    Gt => ord == Ordering::Greater,
                    Lt => ord == Ordering::Less,
                    Ge => ord != Ordering::Less,
                    _ => ord != Ordering::Greater,
                }
            }
        }
    }

    pub(crate) fn eval_args(
        &mut self,
        act: &mut Act,
        args: &[Option<Expr>],
    ) -> R<Vec<Option<Val>>> {
        let mut out = self.arg_pool.pop().unwrap_or_default();
        for a in args {
            out.push(match a {
                Some(e) => Some(self.eval(act, e)?),
                None => None,
            });
        }
        Ok(out)
    }

    /// 0 or 1, else error 34.
    pub(crate) fn truth(&self, act: &Act, v: &[u8]) -> R<bool> {
        match v {
            b"1" => Ok(true),
            b"0" => Ok(false),
            _ => Err(RexxError::new(
                34,
                1,
                act.line,
                vec![String::from_utf8_lossy(v).into_owned()],
            )),
        }
    }

    pub(crate) fn number(&self, act: &Act, v: &[u8]) -> R<Num> {
        std::str::from_utf8(v)
            .ok()
            .and_then(Num::parse)
            .ok_or_else(|| {
                RexxError::new(
                    41,
                    1,
                    act.line,
                    vec![String::from_utf8_lossy(v).into_owned()],
                )
            })
    }

    fn binop(&self, act: &Act, op: BinOp, a: &Val, b: &Val) -> R<Val> {
        use BinOp::*;
        let digits = act.settings.digits;
        match op {
            Concat | Blank => {
                self.check_len(act, a.len() + b.len() + 1)?;
                Ok(Val::concat(a, b, op == Blank))
            }
            Add | Sub | Mul | Div | IntDiv | Rem | Pow => {
                if let Some(v) = fast_arith(op, a, b, digits) {
                    return Ok(v);
                }
                let x = self.number(act, a)?;
                let y = self.number(act, b)?;
                self.work
                    .set(self.work.get() + arith_work(op, a.len(), b.len(), digits));
                let r = match op {
                    Add => num::add(&x, &y, false, digits),
                    Sub => num::add(&x, &y, true, digits),
                    Mul => num::mul(&x, &y, digits),
                    Div => num::div(&x, &y, digits),
                    IntDiv => num::int_div(&x, &y, digits, false),
                    Rem => num::int_div(&x, &y, digits, true),
                    _ => {
                        let mut yy = y.clone();
                        yy.round(digits);
                        let n = yy.to_i64().filter(|_| yy.is_whole()).ok_or_else(|| {
                            RexxError::new(
                                26,
                                8,
                                act.line,
                                vec![String::from_utf8_lossy(b).into_owned()],
                            )
                        })?;
                        num::pow(&x, n, digits)
                    }
                };
                let r = r.map_err(|e| match e {
                    ArithError::IntDivTooBig => RexxError::new(
                        26,
                        11,
                        act.line,
                        vec![
                            String::from_utf8_lossy(a).into_owned(),
                            String::from_utf8_lossy(b).into_owned(),
                        ],
                    ),
                    e => arith_err(e, act.line),
                })?;
                Ok(val_str(&r.format(digits, act.settings.form)))
            }
            Eq | Ne | Gt | Lt | Ge | Le | SEq | SNe | SGt | SLt | SGe | SLe => {
                Ok(bool_val(self.compared(act, op, a, b)))
            }
            And | Or | Xor => {
                let x = self.truth(act, a)?;
                let y = self.truth(act, b)?;
                Ok(bool_val(match op {
                    And => x && y,
                    Or => x || y,
                    _ => x != y,
                }))
            }
        }
    }

    /// Non-strict comparison: numeric when both are numbers, else blank-stripped and padded.
    pub(crate) fn compare(&self, act: &Act, a: &Val, b: &Val) -> Ordering {
        let d = act.settings.digits - act.settings.fuzz;
        if let (Some(x), Some(y)) = (a.fixed(), b.fixed())
            && x.sig_le(d)
            && y.sig_le(d)
            && let Some((p, q, _)) = x.align(y)
        {
            return p.cmp(&q);
        }
        let (a, b) = (a.as_bytes(), b.as_bytes());
        if maybe_number(a) && maybe_number(b) {
            let na = std::str::from_utf8(a).ok().and_then(Num::parse);
            let nb = std::str::from_utf8(b).ok().and_then(Num::parse);
            if let (Some(x), Some(y)) = (na, nb) {
                return num::compare(&x, &y, act.settings.digits, act.settings.fuzz);
            }
        }
        // Blank-padded comparison: the common part as slices, then the longer one's tail
        // against blanks.
        let a = trim_blanks(a);
        let b = trim_blanks(b);
        let m = a.len().min(b.len());
        match a[..m].cmp(&b[..m]) {
            Ordering::Equal => {}
            o => return o,
        }
        let tail = |t: &[u8]| t.iter().find(|c| **c != b' ').map(|c| c.cmp(&b' '));
        match (tail(&a[m..]), tail(&b[m..])) {
            (Some(o), _) => o,
            (None, Some(o)) => o.reverse(),
            (None, None) => Ordering::Equal,
        }
    }

    // ----- calls -----

    pub(crate) fn call_function(
        &mut self,
        act: &mut Act,
        c: &CallExpr,
        args: Vec<Option<Val>>,
    ) -> R<Option<Val>> {
        self.call_routine(act, c, args, "FUNCTION")
    }

    fn call_routine(
        &mut self,
        act: &mut Act,
        c: &CallExpr,
        args: Vec<Option<Val>>,
        kind: &'static str,
    ) -> R<Option<Val>> {
        let routine = match c.routine.get() {
            Some(r) => r,
            None => {
                let label = if c.quoted {
                    None
                } else {
                    self.main.labels.get(&c.name).copied()
                };
                let r = match (label, super::bif::lookup(&c.name)) {
                    (Some(at), _) => Routine::Label(at),
                    (None, Some(b)) => Routine::Builtin(b),
                    (None, None) => Routine::External,
                };
                c.routine.set(Some(r));
                r
            }
        };
        match routine {
            Routine::Label(at) => return self.internal(act, at, args, kind),
            Routine::Builtin(b) => {
                let r = super::bif::call(&mut Caller { it: self, act }, b, &args);
                self.recycle(args);
                return r.map(Some);
            }
            Routine::External => {}
        }
        // Symbols are upper case already; a quoted name keeps its case.
        let name: &str = &c.name;
        let line = act.line;
        let r = self.host.external(name, &args);
        if r.is_some() {
            self.work.set(self.work.get() + HOST_CALL_WORK);
        }
        match r {
            Some(r) => r.map_err(|mut e| {
                e.line = line;
                e
            }),
            None => Err(RexxError::new(43, 1, act.line, vec![name.to_string()])),
        }
    }

    /// An argument list back to the pool.
    fn recycle(&mut self, mut args: Vec<Option<Val>>) {
        if self.arg_pool.len() < 64 {
            args.clear();
            self.arg_pool.push(args);
        }
    }

    fn internal(
        &mut self,
        act: &mut Act,
        at: usize,
        args: Vec<Option<Val>>,
        kind: &'static str,
    ) -> R<Option<Val>> {
        if self.depth >= self.limits.max_depth {
            return Err(RexxError::new(11, 1, act.line, vec![]));
        }
        self.set_special(act, SIGL, int_val(act.line as i64));
        let mut sub = Act {
            code: self.main.clone(),
            pc: at,
            loops: Vec::new(),
            settings: act.settings.clone(),
            args,
            pool: act.pool,
            procedure_ok: true,
            kind,
            line: act.line,
        };
        sub.settings.cond = self.pending_cond.take();
        self.depth += 1;
        let pools = self.pools.len();
        let r = self.exec(&mut sub).map_err(|mut e| {
            if e.unwind.is_none() {
                e.callers.push(act.line);
            }
            e
        });
        self.recycle(std::mem::take(&mut sub.args));
        for gone in self.pools.drain(pools..) {
            self.used = self.used.saturating_sub(gone.bytes);
        }
        self.depth -= 1;
        match r? {
            Flow::End | Flow::Return(None) => Ok(None),
            Flow::Return(v) => Ok(v),
            Flow::Exit(v) => Err(RexxError::unwind(Unwind::Exit(v.map(|v| v.to_vec())), 0)),
            Flow::Signal(l) => Err(RexxError::new(16, 1, act.line, vec![l])),
        }
    }

    // ----- execution -----

    pub(crate) fn exec(&mut self, act: &mut Act) -> R<Flow> {
        loop {
            match self.exec_inner(act) {
                Ok(f) => return Ok(f),
                Err(mut e) if matches!(e.unwind, Some(Unwind::Exit(_))) => {
                    // EXIT from a nested routine: unwind to the top.
                    if self.depth == 0 {
                        let Some(Unwind::Exit(v)) = e.unwind.take() else {
                            return Err(e);
                        };
                        return Ok(Flow::Exit(v.map(Val::from)));
                    }
                    return Err(e);
                }
                Err(e) => {
                    // A condition: trapped here, or fatal.
                    let (cond, desc) = match &e.unwind {
                        Some(Unwind::NoValue(name)) => (Cond::NoValue, name.clone()),
                        Some(Unwind::Exit(_)) => return Err(e),
                        Some(Unwind::Signal(label)) => {
                            self.signal_to(act, label)?;
                            continue;
                        }
                        Some(Unwind::Abend(_)) => return Err(e),
                        None => (Cond::Syntax, String::new()),
                    };
                    // A clause or wall-clock limit ends the exec whatever it traps, as a
                    // cancelled job ends; exhausted storage a SYNTAX trap may handle (by
                    // DROPping), and once trapped the stop is over until storage runs out again.
                    if cond == Cond::Syntax {
                        match self.stopped {
                            Some(super::Stop::Clauses | super::Stop::Wall) => return Err(e),
                            Some(super::Stop::Storage)
                                if act.settings.traps[cond_index(cond)].is_some() =>
                            {
                                self.stopped = None;
                            }
                            _ => {}
                        }
                    }
                    let idx = cond_index(cond);
                    let Some(trap) = act.settings.traps[idx].clone() else {
                        if cond == Cond::NoValue {
                            return Err(RexxError::new(46, 1, e.line, vec![desc]));
                        }
                        return Err(e);
                    };
                    Rc::make_mut(&mut act.settings.traps)[idx] = None;
                    let line = if e.line == 0 { act.line } else { e.line };
                    if cond == Cond::Syntax {
                        self.set_special(act, RC, int_val(i64::from(e.code)));
                    }
                    self.set_special(act, SIGL, int_val(line as i64));
                    act.settings.cond = Some(Rc::new(CondInfo {
                        name: cond.name().into(),
                        description: if cond == Cond::Syntax {
                            Vec::new()
                        } else {
                            desc.into_bytes()
                        },
                        instruction: if trap.signal { "SIGNAL" } else { "CALL" },
                        status: "OFF",
                    }));
                    self.signal_to(act, &trap.label)?;
                }
            }
        }
    }

    /// Transfers control to a label of the program: loops end.
    fn signal_to(&mut self, act: &mut Act, label: &str) -> R<()> {
        let Some(&at) = self.main.labels.get(label) else {
            return Err(RexxError::new(16, 1, act.line, vec![label.to_string()]));
        };
        if !Rc::ptr_eq(&act.code, &self.main) {
            act.code = self.main.clone();
        }
        act.loops.clear();
        act.pc = at;
        Ok(())
    }

    #[inline(always)]
    fn tick(&mut self, act: &Act) -> R<()> {
        self.clauses += 1 + self.work.take();
        self.clause_time = None;
        if self.clauses >= self.next_check {
            return self.check_limits(act);
        }
        Ok(())
    }

    /// The clause and wall-clock limits, at the clause count [`Interp::tick`] was told to
    /// look again: the wall clock is read once in 4096 clauses' worth, so the guard costs
    /// nothing measurable.
    #[cold]
    fn check_limits(&mut self, act: &Act) -> R<()> {
        if self.clauses > self.limits.max_clauses {
            self.stopped = Some(super::Stop::Clauses);
        } else if self.clauses >= self.next_wall_check {
            self.next_wall_check = self.clauses + WALL_CHECK_EVERY;
            if self
                .limits
                .deadline
                .is_some_and(|d| std::time::Instant::now() >= d)
            {
                self.stopped = Some(super::Stop::Wall);
            }
        }
        // Once stopped, every clause stops again (in an INTERPRET or a routine's caller too).
        if matches!(self.stopped, Some(super::Stop::Clauses | super::Stop::Wall)) {
            self.next_check = 0;
            return Err(RexxError::new(4, 1, act.line, vec![]));
        }
        self.next_check = self
            .next_wall_check
            .min(self.limits.max_clauses.saturating_add(1));
        Ok(())
    }

    /// Runs the activation's code to its end. SIGNAL moves `act.pc` (and, out of INTERPRETed
    /// code, `act.code`) and the loop carries on from there: a jump never nests a call, so a
    /// million SIGNALs cost no stack.
    fn exec_inner(&mut self, act: &mut Act) -> R<Flow> {
        let mut code = act.code.clone();
        while act.pc < code.ops.len() {
            if !Rc::ptr_eq(&code, &act.code) {
                code = act.code.clone();
                continue;
            }
            let pc = act.pc;
            act.pc += 1;
            act.line = code.lines[pc];
            let op = &code.ops[pc];
            if !matches!(op, Op::Label) {
                self.tick(act)?;
            }
            if !matches!(act.settings.trace, b'N' | b'O') {
                self.trace_clause(act, &code, pc);
            }
            let procedure_ok = std::mem::replace(&mut act.procedure_ok, false);
            match op {
                Op::Nop => {}
                Op::Label => act.procedure_ok = procedure_ok,
                Op::Say(e) => {
                    let v = match e {
                        Some(e) => self.expr(act, e)?,
                        None => val(b""),
                    };
                    self.host.say(&v);
                }
                Op::Assign(t, e) => {
                    let v = self.expr(act, e)?;
                    self.assign(act, t, v)?;
                }
                Op::Command(e) => {
                    let v = self.expr(act, e)?;
                    let env = act.settings.address.clone();
                    self.command(act, &env, &v)?;
                }
                Op::If { cond, else_ } => {
                    if !self.test(act, cond)? {
                        act.pc = *else_;
                    }
                }
                Op::Jump(to) => act.pc = *to,
                Op::DoStart { spec, end } => self.do_start(act, pc, spec, *end)?,
                Op::DoEnd { start } => self.do_step(act, *start)?,
                Op::Leave(start) => {
                    // A loop SIGNAL entered from outside is not active (error 28.1).
                    if !act.loops.iter().any(|f| f.start == *start) {
                        return Err(RexxError::new(28, 1, act.line, vec![]));
                    }
                    while let Some(f) = act.loops.pop() {
                        if f.start == *start {
                            act.pc = f.end + 1;
                            break;
                        }
                    }
                }
                Op::Iterate(start) => {
                    if !act.loops.iter().any(|f| f.start == *start) {
                        return Err(RexxError::new(28, 2, act.line, vec![]));
                    }
                    while let Some(f) = act.loops.last() {
                        if f.start == *start {
                            break;
                        }
                        act.loops.pop();
                    }
                    self.do_step(act, *start)?;
                }
                Op::When { cond, next } => {
                    if !self.test(act, cond)? {
                        act.pc = *next;
                    }
                }
                Op::SelectFail => return Err(RexxError::new(7, 3, act.line, vec![])),
                Op::Call(c) => {
                    let args = self.eval_args(act, &c.args)?;
                    let r = self.call_routine(act, c, args, "SUBROUTINE")?;
                    match r {
                        Some(v) => self.set_var(act, RESULT, v)?,
                        None => self.drop_var(act, RESULT),
                    }
                }
                Op::CallOn { cond, name } | Op::SignalOn { cond, name } => {
                    Rc::make_mut(&mut act.settings.traps)[cond_index(*cond)] = Some(Trap {
                        signal: matches!(op, Op::SignalOn { .. }),
                        label: Rc::from(name.as_str()),
                    });
                }
                Op::CallOff(c) | Op::SignalOff(c) => {
                    Rc::make_mut(&mut act.settings.traps)[cond_index(*c)] = None
                }
                Op::Signal(label) => {
                    if !self.main.labels.contains_key(label) {
                        return Err(RexxError::new(16, 1, act.line, vec![label.clone()]));
                    }
                    if !Rc::ptr_eq(&act.code, &self.main) {
                        return Ok(Flow::Signal(label.clone()));
                    }
                    self.set_special(act, SIGL, int_val(act.line as i64));
                    self.signal_to(act, label)?;
                }
                Op::SignalValue(e) => {
                    let v = self.eval(act, e)?;
                    let label = String::from_utf8_lossy(&v).to_ascii_uppercase();
                    if !Rc::ptr_eq(&act.code, &self.main) {
                        return Ok(Flow::Signal(label));
                    }
                    self.set_special(act, SIGL, int_val(act.line as i64));
                    self.signal_to(act, &label)?;
                }
                Op::Return(e) => {
                    let v = match e {
                        Some(e) => Some(self.expr(act, e)?),
                        None => None,
                    };
                    if act.kind == "FUNCTION" && v.is_none() {
                        return Err(RexxError::new(45, 1, act.line, vec![]));
                    }
                    return Ok(Flow::Return(v));
                }
                Op::Exit(e) => {
                    let v = match e {
                        Some(e) => Some(self.expr(act, e)?),
                        None => None,
                    };
                    if self.depth == 0 {
                        return Ok(Flow::Exit(v));
                    }
                    return Err(RexxError::unwind(Unwind::Exit(v.map(|v| v.to_vec())), 0));
                }
                Op::Procedure(items) => {
                    if !procedure_ok {
                        return Err(RexxError::new(17, 1, act.line, vec![]));
                    }
                    self.procedure(act, items)?;
                }
                Op::Parse {
                    upper,
                    src,
                    templates,
                } => self.parse_instr(act, *upper, src, templates)?,
                Op::Drop(items) => {
                    for it in items {
                        match it {
                            DropItem::Target(t) => self.drop_target(act, t),
                            DropItem::Indirect(id) => {
                                let v = self
                                    .get_var(act, *id)
                                    .unwrap_or_else(|| val_str(self.symtab.name(*id)));
                                for w in v.split(|c| *c == b' ').filter(|w| !w.is_empty()) {
                                    let t = self.target_of(&String::from_utf8_lossy(w));
                                    self.drop_target(act, &t);
                                }
                            }
                        }
                    }
                }
                Op::Upper(ts) => {
                    for t in ts {
                        if let Some(v) = self.lookup(act, t) {
                            let u: Vec<u8> = v.to_ascii_uppercase();
                            self.assign(act, t, Val::from(u))?;
                        }
                    }
                }
                Op::Push(e) | Op::Queue(e) => {
                    let v = match e {
                        Some(e) => self.eval(act, e)?,
                        None => val(b""),
                    };
                    self.queue_bytes += v.len() + ENTRY_BYTES;
                    if self.storage() > self.limits.max_storage {
                        self.queue_bytes -= v.len() + ENTRY_BYTES;
                        self.stopped = Some(super::Stop::Storage);
                        return Err(RexxError::new(5, 1, act.line, vec![]));
                    }
                    if matches!(op, Op::Push(_)) {
                        self.queue.push_front(v);
                    } else {
                        self.queue.push_back(v);
                    }
                }
                Op::Digits(e) => {
                    let d = match e {
                        Some(e) => {
                            let v = self.eval(act, e)?;
                            self.whole(act, &v)?
                        }
                        None => 9,
                    };
                    if d < 1 || d as usize > num::MAX_DIGITS {
                        return Err(RexxError::new(33, 1, act.line, vec![d.to_string()]));
                    }
                    if (d as usize) <= act.settings.fuzz {
                        return Err(RexxError::new(33, 2, act.line, vec![d.to_string()]));
                    }
                    act.settings.digits = d as usize;
                }
                Op::Fuzz(e) => {
                    let f = match e {
                        Some(e) => {
                            let v = self.eval(act, e)?;
                            self.whole(act, &v)?
                        }
                        None => 0,
                    };
                    if f < 0 || f as usize >= act.settings.digits {
                        return Err(RexxError::new(33, 3, act.line, vec![f.to_string()]));
                    }
                    act.settings.fuzz = f as usize;
                }
                Op::Form(e) => {
                    act.settings.form = match e {
                        None => Form::Scientific,
                        Some(e) => {
                            let v = self.eval(act, e)?;
                            match &v.to_ascii_uppercase()[..] {
                                b"SCIENTIFIC" => Form::Scientific,
                                b"ENGINEERING" => Form::Engineering,
                                _ => {
                                    return Err(RexxError::new(
                                        33,
                                        4,
                                        act.line,
                                        vec![String::from_utf8_lossy(&v).into_owned()],
                                    ));
                                }
                            }
                        }
                    };
                }
                Op::Numeric => {}
                Op::Trace(e) => {
                    let v = match e {
                        Some(e) => self.eval(act, e)?,
                        None => val(b"N"),
                    };
                    act.settings.trace = trace_setting(act, &v)?;
                }
                Op::Address { env, command } => match (env, command) {
                    (None, _) => {
                        let s = &mut act.settings;
                        std::mem::swap(&mut s.address, &mut s.prev_address);
                    }
                    (Some(env), None) => {
                        let v = self.eval(act, env)?;
                        let s = &mut act.settings;
                        // The environment in force named again (ADDRESS VALUE ADDRESS()): shared.
                        let new = if v.trim_ascii().eq_ignore_ascii_case(s.address.as_bytes()) {
                            s.address.clone()
                        } else {
                            let name = String::from_utf8_lossy(&v).trim().to_ascii_uppercase();
                            if name.len() > 8 {
                                return Err(RexxError::new(29, 1, act.line, vec![name]));
                            }
                            Rc::from(name.as_str())
                        };
                        s.prev_address = std::mem::replace(&mut s.address, new);
                    }
                    (Some(env), Some(cmd)) => {
                        let v = self.eval(act, env)?;
                        let name = String::from_utf8_lossy(&v).to_ascii_uppercase();
                        let c = self.eval(act, cmd)?;
                        self.command(act, &name, &c)?;
                    }
                },
                Op::Interpret(e) => {
                    let v = self.eval(act, e)?;
                    if let Some(f) = self.interpret(act, &v)? {
                        match f {
                            Flow::Signal(label) => {
                                self.set_special(act, SIGL, int_val(act.line as i64));
                                self.signal_to(act, &label)?;
                            }
                            other => return Ok(other),
                        }
                    }
                }
            }
        }
        Ok(Flow::End)
    }

    /// INTERPRET: the string parsed and run in this activation.
    fn interpret(&mut self, act: &mut Act, src: &[u8]) -> R<Option<Flow>> {
        if self.depth >= self.limits.max_depth {
            return Err(RexxError::new(11, 1, act.line, vec![]));
        }
        self.depth += 1;
        let r = self.interpret_inner(act, src);
        self.depth -= 1;
        r
    }

    fn interpret_inner(&mut self, act: &mut Act, src: &[u8]) -> R<Option<Flow>> {
        let line = act.line;
        let at_line = |mut e: RexxError| {
            e.line = line;
            e
        };
        let toks = lex::tokens(src).map_err(at_line)?;
        let code = parse::parse(&toks, &mut self.symtab).map_err(at_line)?;
        let mut lines = code.lines.clone();
        lines.iter_mut().for_each(|l| *l = line);
        let code = Rc::new(Code { lines, ..code });
        let saved_code = std::mem::replace(&mut act.code, code);
        let saved_pc = std::mem::replace(&mut act.pc, 0);
        let saved_loops = std::mem::take(&mut act.loops);
        let r = self.exec_inner(act);
        act.code = saved_code;
        act.pc = saved_pc;
        act.loops = saved_loops;
        act.line = line;
        match r? {
            Flow::End => Ok(None),
            f => Ok(Some(f)),
        }
    }

    fn procedure(&mut self, act: &mut Act, items: &[ExposeItem]) -> R<()> {
        let caller = act.pool;
        self.pools.push(Pool::default());
        let new = self.pools.len() - 1;
        let expose = |me: &mut Self, id: VarId| {
            let home = me.home(caller, id);
            *me.slot_in(new, id) = Slot::Exposed(home);
        };
        for it in items {
            match it {
                ExposeItem::Name(id) => expose(self, *id),
                ExposeItem::Indirect(id) => {
                    expose(self, *id);
                    let v = {
                        let probe = Act {
                            pool: caller,
                            ..act.shallow()
                        };
                        self.get_var(&probe, *id)
                            .unwrap_or_else(|| val_str(self.symtab.name(*id)))
                    };
                    for w in v.split(|c| *c == b' ').filter(|w| !w.is_empty()) {
                        let name = String::from_utf8_lossy(w).to_ascii_uppercase();
                        let stem_or_var = match name.find('.') {
                            Some(d) if d + 1 < name.len() => name[..=d].to_string(),
                            _ => name,
                        };
                        let id = self.symtab.id(&stem_or_var);
                        expose(self, id);
                    }
                }
            }
        }
        act.pool = new;
        Ok(())
    }

    pub(crate) fn whole(&self, act: &Act, v: &[u8]) -> R<i64> {
        if let Some(i) = small_int(v) {
            return Ok(i);
        }
        let mut n = self.number(act, v).map_err(|_| {
            RexxError::new(
                26,
                1,
                act.line,
                vec![String::from_utf8_lossy(v).into_owned()],
            )
        })?;
        n.round(act.settings.digits);
        n.to_i64().ok_or_else(|| {
            RexxError::new(
                26,
                1,
                act.line,
                vec![String::from_utf8_lossy(v).into_owned()],
            )
        })
    }

    /// A command to a host environment: RC set; ERROR and FAILURE raised as traps say.
    fn command(&mut self, act: &mut Act, env: &str, cmd: &[u8]) -> R<()> {
        let trace = act.settings.trace;
        if trace == b'C' {
            self.trace_line(act);
            self.trace_value(">>>", cmd);
        }
        let mut lines = Vec::new();
        self.work.set(self.work.get() + HOST_CALL_WORK);
        let rc = if env == "LINKPGM" || env == "LINKMVS" {
            self.link(act, env, cmd)?
        } else if env == "SYSCALL" {
            self.syscall(act, cmd)?
        } else {
            self.host.command(env, cmd, &mut lines)
        };
        self.display(act, lines)?;
        self.set_special(act, RC, int_val(rc));
        // A command that failed is shown with `+++ RC(n) +++`: by TRACE E (and C, A, R, I)
        // when its RC is not 0, by TRACE F and N, the default, when it is negative (IBM's
        // TSO/E REXX Reference, TRACE: "Normal ... traces any failing command").
        let failed = match trace {
            b'F' | b'N' => rc < 0,
            b'O' | b'L' => false,
            _ => rc != 0,
        };
        if failed {
            if matches!(trace, b'E' | b'F' | b'N') {
                self.trace_line(act);
            }
            self.host.say(format!("       +++ RC({rc}) +++").as_bytes());
        }
        let cond = if rc < 0 {
            Some(Cond::Failure)
        } else if rc > 0 {
            Some(Cond::Error)
        } else {
            None
        };
        if let Some(c) = cond {
            // FAILURE falls back to the ERROR trap when only that is set.
            let idx = if c == Cond::Failure && act.settings.traps[1].is_none() {
                0
            } else {
                cond_index(c)
            };
            if let Some(trap) = act.settings.traps[idx].clone() {
                let name = if idx == 0 { "ERROR" } else { c.name() };
                act.settings.cond = Some(Rc::new(CondInfo {
                    name: name.into(),
                    description: cmd.to_vec(),
                    instruction: if trap.signal { "SIGNAL" } else { "CALL" },
                    status: if trap.signal { "OFF" } else { "DELAY" },
                }));
                self.set_special(act, SIGL, int_val(act.line as i64));
                if trap.signal {
                    Rc::make_mut(&mut act.settings.traps)[idx] = None;
                    if !Rc::ptr_eq(&act.code, &self.main) {
                        // Out of INTERPRETed code: the string ends first.
                        let label = trap.label.to_string();
                        return Err(RexxError::unwind(Unwind::Signal(label), act.line));
                    }
                    self.signal_to(act, &trap.label)?;
                } else {
                    let c = CallExpr::new(trap.label.to_string(), false, vec![]);
                    let saved = Rc::make_mut(&mut act.settings.traps)[idx].take();
                    self.pending_cond = act.settings.cond.clone();
                    self.call_routine(act, &c, vec![], "SUBROUTINE")?;
                    Rc::make_mut(&mut act.settings.traps)[idx] = saved;
                }
            }
        }
        Ok(())
    }

    /// ADDRESS LINKPGM / LINKMVS `program var1 var2 ...`: each variable's value is passed
    /// as a parameter area and copied back into the variable after the call, as TSO/E does;
    /// a program that is not there is RC -3.
    fn link(&mut self, act: &mut Act, env: &str, cmd: &[u8]) -> R<i64> {
        let text = String::from_utf8_lossy(cmd).into_owned();
        let mut words = text.split_whitespace();
        let Some(program) = words.next().map(str::to_ascii_uppercase) else {
            return Ok(-3);
        };
        let targets: Vec<Target> = words.map(|w| self.target_of(w)).collect();
        let mut parms = Vec::with_capacity(targets.len());
        for t in &targets {
            parms.push(match self.lookup(act, t) {
                Some(v) => v.to_vec(),
                None => self.derived_name(act, t),
            });
        }
        let rc = match self.host.link(env, &program, &mut parms) {
            None => return Ok(-3),
            Some(Ok(rc)) => rc,
            Some(Err(abend)) => return Err(RexxError::unwind(Unwind::Abend(abend), act.line)),
        };
        for (t, p) in targets.iter().zip(parms) {
            self.assign(act, t, Val::from(p))?;
        }
        Ok(rc)
    }

    /// A command's output: into the OUTTRAP variables when trapping, else shown.
    fn display(&mut self, act: &mut Act, lines: Vec<Vec<u8>>) -> R<()> {
        let Some(mut trap) = self.outtrap.take() else {
            for l in lines {
                self.host.say(&l);
            }
            return Ok(());
        };
        if !trap.concat {
            trap.count = 0;
        }
        let mut trapped = 0usize;
        for l in lines {
            trapped += 1;
            if trap.count < trap.max {
                trap.count += 1;
                let t = self.target_of(&format!("{}{}", trap.stem, trap.count));
                self.assign(act, &t, Val::from(l))?;
            }
        }
        let set = |me: &mut Self, act: &Act, suffix: &str, v: Val| -> R<()> {
            let t = me.target_of(&format!("{}{suffix}", trap.stem));
            me.assign(act, &t, v)
        };
        set(self, act, "0", int_val(trap.count as i64))?;
        set(self, act, "MAX", int_val(trap.max as i64))?;
        set(self, act, "TRAPPED", int_val(trapped as i64))?;
        set(
            self,
            act,
            "CON",
            Val::from(if trap.concat { "CONCAT" } else { "NOCONCAT" }),
        )?;
        self.outtrap = Some(trap);
        Ok(())
    }

    // ----- TRACE -----

    /// A clause as TRACE A, R and I show it (and a label under TRACE L):
    /// `     n *-* source`, once for the clauses of a line run in order. The source is the
    /// clause's line; the indentation by nesting TSO/E adds is not reproduced.
    fn trace_clause(&mut self, act: &Act, code: &Code, pc: usize) {
        let t = act.settings.trace;
        let label = matches!(code.ops[pc], Op::Label);
        let shown = match t {
            b'A' | b'R' | b'I' => true,
            b'L' => label,
            _ => false,
        };
        let line = code.lines[pc];
        let same_run = self.traced == Some((Rc::as_ptr(&act.code), line, pc.wrapping_sub(1)));
        self.traced = Some((Rc::as_ptr(&act.code), line, pc));
        if shown && !same_run {
            self.trace_line(act);
        }
    }

    /// The clause being run, shown whatever TRACE says (for TRACE C, E and F).
    fn trace_line(&mut self, act: &Act) {
        let text = self.traceback(act.line).replacen(" +++ ", " *-* ", 1);
        self.host.say(text.as_bytes());
    }

    /// A traced value: `       >>>   "value"`, with the tag of TRL2 and TSO/E (`>>>` result,
    /// `>V>` variable, `>L>` literal, `>C>` compound name, `>O>` operation, `>P>` prefix
    /// operation, `>F>` function).
    fn trace_value(&mut self, tag: &str, v: &[u8]) {
        let mut line = format!("       {tag}   \"").into_bytes();
        line.extend_from_slice(v);
        line.push(b'"');
        self.host.say(&line);
    }

    /// An instruction's expression: under TRACE R its result is shown, under TRACE I every
    /// intermediate too.
    #[inline]
    fn expr(&mut self, act: &mut Act, e: &Expr) -> R<Val> {
        let v = match act.settings.trace {
            b'I' => self.eval_traced(act, e)?,
            b'R' => self.eval(act, e)?,
            _ => return self.eval(act, e),
        };
        self.trace_value(">>>", &v);
        Ok(v)
    }

    /// IF's and WHEN's test: as [`Interp::cond`], or traced like any expression.
    #[inline]
    fn test(&mut self, act: &mut Act, e: &Expr) -> R<bool> {
        if matches!(act.settings.trace, b'R' | b'I') {
            let v = self.expr(act, e)?;
            return self.truth(act, &v);
        }
        self.cond(act, e)
    }

    /// [`Interp::eval`] with each term and operation shown (TRACE I).
    fn eval_traced(&mut self, act: &mut Act, e: &Expr) -> R<Val> {
        let (tag, v) = match e {
            // The steps a folded concatenation stands for, as if it ran.
            Expr::Folded(f) => return self.eval_traced(act, &f.1),
            Expr::Lit(v) => (">L>", v.clone()),
            Expr::Var(_) | Expr::Stem(_) => (">V>", self.eval(act, e)?),
            Expr::Compound(stem, parts) => {
                let t = Target::Compound(*stem, parts.clone());
                let name = self.derived_name(act, &t);
                self.trace_value(">C>", &name);
                (">V>", self.eval(act, e)?)
            }
            Expr::Call(c) => {
                let mut args = Vec::with_capacity(c.args.len());
                for a in &c.args {
                    args.push(match a {
                        Some(a) => Some(self.eval_traced(act, a)?),
                        None => None,
                    });
                }
                let v = self
                    .call_function(act, c, args)?
                    .ok_or_else(|| RexxError::new(44, 1, act.line, vec![c.name.clone()]))?;
                (">F>", v)
            }
            Expr::Neg(x) | Expr::Plus(x) | Expr::Not(x) => {
                let x = self.eval_traced(act, x)?;
                let lit = |v: Val| Box::new(Expr::Lit(v));
                let e = match e {
                    Expr::Neg(_) => Expr::Neg(lit(x)),
                    Expr::Plus(_) => Expr::Plus(lit(x)),
                    _ => Expr::Not(lit(x)),
                };
                (">P>", self.eval(act, &e)?)
            }
            Expr::Bin(op, l, r) => {
                let a = self.eval_traced(act, l)?;
                let b = self.eval_traced(act, r)?;
                (">O>", self.binop(act, *op, &a, &b)?)
            }
        };
        self.trace_value(tag, &v);
        Ok(v)
    }

    // ----- DO loops -----

    fn do_start(&mut self, act: &mut Act, start: usize, spec: &DoSpec, end: usize) -> R<()> {
        let mut frame = LoopFrame {
            start,
            end,
            to: None,
            by: int_val(1),
            by_neg: false,
            count: None,
        };
        if let Some(from) = &spec.from {
            let v = self.eval(act, from)?;
            // A number, rounded: the value of expr+0 (0 + x keeps x's form).
            let zero = Val::from_fixed(Fixed { m: 0, s: 0 });
            let init = self.binop(act, BinOp::Add, &zero, &v)?;
            for (limit, e) in &spec.limits {
                let v = self.eval(act, e)?;
                match limit {
                    Limit::To => frame.to = Some(self.binop(act, BinOp::Add, &zero, &v)?),
                    Limit::By => {
                        frame.by = self.binop(act, BinOp::Add, &zero, &v)?;
                        frame.by_neg = frame.by.first() == Some(&b'-');
                    }
                    Limit::For => {
                        let c = self.whole(act, &v)?;
                        if c < 0 {
                            return Err(RexxError::new(26, 3, act.line, vec![c.to_string()]));
                        }
                        frame.count = Some(c);
                    }
                }
            }
            if let Some(t) = &spec.var {
                self.assign(act, t, init)?;
            }
        } else if let Some(c) = &spec.count {
            let v = self.eval(act, c)?;
            let c = self.whole(act, &v)?;
            if c < 0 {
                return Err(RexxError::new(26, 2, act.line, vec![c.to_string()]));
            }
            frame.count = Some(c);
        }
        act.loops.push(frame);
        self.do_check(act, spec)
    }

    /// The tests at the top of each pass: TO, FOR, WHILE.
    fn do_check(&mut self, act: &mut Act, spec: &DoSpec) -> R<()> {
        let Some(frame) = act.loops.last() else {
            return Ok(());
        };
        let (start, end) = (frame.start, frame.end);
        let mut done = false;
        if let (Some(to), Some(t)) = (frame.to.as_ref(), spec.var.as_ref()) {
            let by_neg = frame.by_neg;
            // A simple control variable is compared where it is.
            let here = match t {
                Target::Var(id) => match self.slot(act.pool, *id) {
                    Some(Slot::Val(v)) if v.fixed().is_some() => Some(self.compare(act, v, to)),
                    _ => None,
                },
                _ => None,
            };
            let ord = match here {
                Some(o) => o,
                None => {
                    let to = to.clone();
                    let cur = match self.lookup(act, t) {
                        Some(v) => v,
                        None => self.novalue(act, t)?,
                    };
                    // The control variable must still be a number.
                    if cur.fixed().is_none() {
                        self.number(act, &cur)?;
                    }
                    self.compare(act, &cur, &to)
                }
            };
            done = if by_neg {
                ord == Ordering::Less
            } else {
                ord == Ordering::Greater
            };
        }
        if !done
            && let Some(frame) = act.loops.last_mut()
            && let Some(c) = frame.count.as_mut()
        {
            if *c == 0 {
                done = true;
            } else {
                *c -= 1;
            }
        }
        if !done && let Some(w) = &spec.while_ {
            done = !self.cond(act, w)?;
        }
        if done {
            act.loops.pop();
            act.pc = end + 1;
        } else {
            act.pc = start + 1;
        }
        Ok(())
    }

    /// END (or ITERATE): UNTIL, then the control variable steps, then the top tests.
    fn do_step(&mut self, act: &mut Act, start: usize) -> R<()> {
        // The END of a loop that is not active: SIGNAL ended it, and jumped into its body
        // (error 10.1, as IBM's text for error 10 explains).
        if act.loops.last().is_none_or(|f| f.start != start) {
            return Err(RexxError::new(10, 1, act.line, vec![]));
        }
        let code = act.code.clone();
        let Op::DoStart { spec, end } = &code.ops[start] else {
            return Ok(());
        };
        if let Some(u) = &spec.until
            && self.cond(act, u)?
        {
            act.loops.pop();
            act.pc = end + 1;
            return Ok(());
        }
        if let (Some(frame), Some(t)) = (act.loops.last(), spec.var.as_ref()) {
            let stepped = match t {
                Target::Var(id) => match self.slot(act.pool, *id) {
                    Some(Slot::Val(v)) => Some(self.binop(act, BinOp::Add, v, &frame.by)?),
                    _ => None,
                },
                _ => None,
            };
            let next = match stepped {
                Some(n) => n,
                None => {
                    let by = frame.by.clone();
                    let cur = match self.lookup(act, t) {
                        Some(v) => v,
                        None => self.novalue(act, t)?,
                    };
                    self.binop(act, BinOp::Add, &cur, &by)?
                }
            };
            self.assign(act, t, next)?;
        }
        self.do_check(act, spec)
    }

    // ----- PARSE -----

    fn parse_instr(
        &mut self,
        act: &mut Act,
        upper: bool,
        src: &ParseSrc,
        templates: &[Vec<TItem>],
    ) -> R<()> {
        if let ParseSrc::Arg = src {
            for (i, t) in templates.iter().enumerate() {
                let s = act
                    .args
                    .get(i)
                    .cloned()
                    .flatten()
                    .unwrap_or_else(|| val(b""));
                let s = if upper { Val::upper(&s) } else { s };
                self.parse_one(act, &s, t)?;
            }
            return Ok(());
        }
        let s: Val = match src {
            ParseSrc::Arg => val(b""),
            ParseSrc::Pull => match self.queue.pop_front() {
                Some(v) => {
                    self.queue_bytes = self.queue_bytes.saturating_sub(v.len() + ENTRY_BYTES);
                    v
                }
                None => Val::from(self.host.pull().unwrap_or_default()),
            },
            ParseSrc::Var(t) => match self.lookup(act, t) {
                Some(v) => v,
                None => self.novalue(act, t)?,
            },
            ParseSrc::Value(e) => match e {
                Some(e) => self.eval(act, e)?,
                None => val(b""),
            },
            ParseSrc::Source => val_str(&self.host.source_string(act.kind, &self.exec_name)),
            ParseSrc::Version => val_str(super::VERSION),
            ParseSrc::External => Val::from(self.host.pull().unwrap_or_default()),
            ParseSrc::Numeric => val_str(&format!(
                "{} {} {}",
                act.settings.digits,
                act.settings.fuzz,
                match act.settings.form {
                    Form::Scientific => "SCIENTIFIC",
                    Form::Engineering => "ENGINEERING",
                }
            )),
        };
        let s = if upper { Val::upper(&s) } else { s };
        for (i, t) in templates.iter().enumerate() {
            // Templates after the first get the empty string.
            let piece: &[u8] = if i == 0 { &s } else { b"" };
            self.parse_one(act, piece, t)?;
        }
        Ok(())
    }

    /// One template against one string (TRL2's parsing rules). A literal pattern's match
    /// ends the piece before it and the next piece starts after it; a positional pattern is
    /// counted from the start of the previous match, and the piece before it starts there
    /// (so `a 'c' b +1` gives b the matched `c`); a position at or before the start of the
    /// piece gives the piece the rest of the string.
    fn parse_one(&mut self, act: &mut Act, s: &[u8], t: &[TItem]) -> R<()> {
        let len = s.len();
        let mut cur = 0usize; // after the previous match
        let mut base = 0usize; // start of the previous match
        let mut i = 0;
        while i <= t.len() {
            let mut j = i;
            while j < t.len() && matches!(t[j], TItem::Target(_) | TItem::Dot) {
                j += 1;
            }
            if j == t.len() {
                self.assign_words(act, &t[i..j], &s[cur.min(len)..])?;
                break;
            }
            let (from, to, next_cur, next_base) = match &t[j] {
                TItem::Literal(e) => {
                    let pat = self.eval(act, e)?;
                    let found = if pat.is_empty() {
                        None
                    } else {
                        find(&s[cur.min(len)..], &pat).map(|k| cur + k)
                    };
                    match found {
                        Some(k) => (cur, k, k + pat.len(), k),
                        None => (cur, len, len, len),
                    }
                }
                TItem::Abs(e) | TItem::Rel { e, .. } => {
                    let v = self.eval(act, e)?;
                    let k = self.whole(act, &v)?;
                    let p = match &t[j] {
                        TItem::Abs(_) => (k.max(1) - 1) as usize,
                        TItem::Rel { neg: true, .. } => base.saturating_sub(k.max(0) as usize),
                        _ => base.saturating_add(k.max(0) as usize),
                    }
                    .min(len);
                    // The piece before an absolute pattern starts after the last match; only a
                    // relative one counts from the start of a string pattern's match, which
                    // its piece then includes (TRL2; IBM's TSO/E REXX Reference, "Parsing
                    // with positional patterns").
                    let from = match &t[j] {
                        TItem::Abs(_) => cur,
                        _ => base.min(cur),
                    };
                    if p > from {
                        (from, p, p, p)
                    } else {
                        (from, len, p, p)
                    }
                }
                _ => unreachable!(),
            };
            self.assign_words(act, &t[i..j], &s[from.min(len)..to.max(from).min(len)])?;
            cur = next_cur;
            base = next_base;
            i = j + 1;
        }
        Ok(())
    }

    /// Words into targets: each takes a blank-delimited word, the last the rest (less the one
    /// blank after the previous word); a lone target takes the piece as it is.
    fn assign_words(&mut self, act: &mut Act, targets: &[TItem], piece: &[u8]) -> R<()> {
        let mut rest = piece;
        for (k, t) in targets.iter().enumerate() {
            let value: &[u8] = if k + 1 == targets.len() {
                if k > 0 {
                    rest.strip_prefix(b" ").unwrap_or(rest)
                } else {
                    rest
                }
            } else {
                let start = rest.iter().position(|c| *c != b' ').unwrap_or(rest.len());
                let r = &rest[start..];
                let end = r.iter().position(|c| *c == b' ').unwrap_or(r.len());
                rest = &r[end..];
                &r[..end]
            };
            match t {
                TItem::Target(Target::Var(id)) => self.set_var_bytes(act, *id, value)?,
                TItem::Target(t) => self.assign(act, t, val(value))?,
                _ => {}
            }
        }
        Ok(())
    }
}

impl Act {
    pub(crate) fn line_no(&self) -> usize {
        self.line
    }

    /// A copy sharing code and settings, for a lookup in another pool.
    fn shallow(&self) -> Act {
        Act {
            code: self.code.clone(),
            pc: 0,
            loops: Vec::new(),
            settings: self.settings.clone(),
            args: Vec::new(),
            pool: self.pool,
            procedure_ok: false,
            kind: self.kind,
            line: self.line,
        }
    }
}

/// Could this be a number? (Its first non-blank character starts one.)
fn maybe_number(v: &[u8]) -> bool {
    v.iter()
        .find(|c| **c != b' ')
        .is_some_and(|c| c.is_ascii_digit() || matches!(c, b'.' | b'+' | b'-'))
}

fn cond_index(c: Cond) -> usize {
    Cond::ALL.iter().position(|x| *x == c).unwrap_or(0)
}

fn trim_blanks(s: &[u8]) -> &[u8] {
    let start = s.iter().position(|c| *c != b' ').unwrap_or(s.len());
    let end = s.iter().rposition(|c| *c != b' ').map_or(start, |e| e + 1);
    &s[start..end.max(start)]
}

/// `+ - * / % //` on short plain numbers, exactly, when the result needs no rounding; None
/// sends the caller to the general arithmetic.
fn fast_arith(op: BinOp, a: &Val, b: &Val, digits: usize) -> Option<Val> {
    let x = a.fixed()?;
    let y = b.fixed()?;
    if !x.sig_le(digits) || !y.sig_le(digits) {
        return None;
    }
    let r = match op {
        BinOp::Add | BinOp::Sub => {
            let y = if op == BinOp::Sub {
                Fixed { m: -y.m, s: y.s }
            } else {
                y
            };
            // Either zero: the other, as it is.
            if x.m == 0 {
                y
            } else if y.m == 0 {
                x
            } else {
                let (p, q, s) = x.align(y)?;
                // Exact only when the aligned terms span at most DIGITS digits; otherwise
                // the result is rounded from the terms' leading digit (general arithmetic).
                if !(Fixed { m: p, s }).sig_le(digits) || !(Fixed { m: q, s }).sig_le(digits) {
                    return None;
                }
                Fixed {
                    m: p.checked_add(q)?,
                    s,
                }
            }
        }
        BinOp::Mul => {
            let m = x.m.checked_mul(y.m)?;
            if m == 0 {
                Fixed { m: 0, s: 0 }
            } else {
                Fixed { m, s: x.s + y.s }
            }
        }
        BinOp::Div | BinOp::IntDiv | BinOp::Rem if x.s == 0 && y.s == 0 && y.m != 0 => {
            let m = match op {
                BinOp::Div if x.m % y.m == 0 => x.m / y.m,
                BinOp::IntDiv => x.m / y.m,
                BinOp::Rem => x.m % y.m,
                _ => return None,
            };
            Fixed { m, s: 0 }
        }
        _ => return None,
    };
    // Operands have at most 18 decimals, so a product at most 36: the text fits.
    if !r.sig_le(digits) || r.s as usize > (2 * digits).min(36) {
        return None;
    }
    Some(Val::from_fixed(r))
}

/// A plain whole number of at most 9 digits (optional minus): the fast path.
pub(crate) fn small_int(v: &[u8]) -> Option<i64> {
    let (neg, d) = match v.first() {
        Some(b'-') => (true, &v[1..]),
        _ => (false, v),
    };
    if d.is_empty() || d.len() > 9 {
        return None;
    }
    let mut n: i64 = 0;
    for c in d {
        if !c.is_ascii_digit() {
            return None;
        }
        n = n * 10 + i64::from(c - b'0');
    }
    Some(if neg { -n } else { n })
}

/// Clauses' worth of work of one operation on long numbers (`reconstructed`, measured: at
/// DIGITS 1000 a multiplication takes about 15,000 ordinary clauses' time, a division about
/// 100,000 and 1/7 about 4,000, a power up to sixty multiplications).
/// What one call into the host (SOCKET(), a command, LINKPGM) counts against
/// [`Limits::max_clauses`](super::Limits::max_clauses), in clauses: about what such a call costs
/// the emulator next to a simple clause (measured at 20 to 30), so a loop of failing socket
/// calls reaches the bound in seconds, as a loop of clauses does.
const HOST_CALL_WORK: u64 = 32;

fn arith_work(op: BinOp, a: usize, b: usize, digits: usize) -> u64 {
    let (a, b, d) = (
        a.min(digits + 2) as u64,
        b.min(digits + 2) as u64,
        digits as u64,
    );
    match op {
        BinOp::Mul => a * b / 64,
        BinOp::Div | BinOp::IntDiv | BinOp::Rem => d * (b + 16) / 4,
        // Squarings and multiplications: two for each bit of the exponent.
        BinOp::Pow => d * d / 64 * 7 * b,
        _ => (a + b) / 16,
    }
}

/// How often, in clauses' worth of work, the wall-clock guard reads the clock.
const WALL_CHECK_EVERY: u64 = 4096;

fn arith_err(e: ArithError, line: usize) -> RexxError {
    match e {
        ArithError::Overflow => RexxError::new(42, 1, line, vec![]),
        ArithError::Underflow => RexxError::new(42, 2, line, vec![]),
        ArithError::DivideByZero => RexxError::new(42, 3, line, vec![]),
        ArithError::NotWhole => RexxError::new(26, 1, line, vec![]),
        ArithError::IntDivTooBig => RexxError::new(26, 11, line, vec![]),
    }
}

fn trace_setting(act: &Act, v: &[u8]) -> R<u8> {
    let s = v.trim_ascii();
    let s = &s[s.iter().take_while(|c| matches!(c, b'?' | b'!')).count()..];
    let Some(first) = s.first() else {
        return Ok(b'N');
    };
    // A number is the count of trace pauses to skip: the setting stays.
    if std::str::from_utf8(s).is_ok_and(|t| t.parse::<i64>().is_ok()) {
        return Ok(act.settings.trace);
    }
    let c = first.to_ascii_uppercase();
    if b"ACEFILNOR".contains(&c) {
        Ok(c)
    } else {
        let shown = String::from_utf8_lossy(s).to_ascii_uppercase();
        Err(RexxError::new(24, 1, act.line, vec![shown]))
    }
}

/// A built-in function's view of the interpreter: the activation that calls it and the
/// session around it ([`Env`]).
struct Caller<'a, 'h> {
    it: &'a mut Interp<'h>,
    act: &'a mut Act,
}

impl Env for Caller<'_, '_> {
    fn digits(&self) -> usize {
        self.act.settings.digits
    }
    fn fuzz(&self) -> usize {
        self.act.settings.fuzz
    }
    fn form(&self) -> Form {
        self.act.settings.form
    }
    fn address(&self) -> &str {
        &self.act.settings.address
    }
    fn trace(&self) -> u8 {
        self.act.settings.trace
    }
    fn set_trace(&mut self, letter: u8) {
        self.act.settings.trace = letter;
    }
    fn condition(&self) -> Option<&CondInfo> {
        self.act.settings.cond.as_deref()
    }
    fn args(&self) -> &[Option<Val>] {
        &self.act.args
    }
    fn line(&self) -> usize {
        self.act.line_no()
    }
    fn max_string(&self) -> usize {
        self.it.limits.max_string
    }
    fn host(&mut self) -> &mut dyn Host {
        self.it.host
    }
    fn queued(&self) -> usize {
        self.it.queue.len()
    }
    fn source(&self) -> &[Vec<u8>] {
        &self.it.source
    }
    fn random(&mut self) -> &mut u64 {
        &mut self.it.random
    }
    fn outtrap(&mut self) -> &mut Option<Outtrap> {
        &mut self.it.outtrap
    }
    fn clause_time(&mut self) -> &mut Option<u64> {
        &mut self.it.clause_time
    }
    fn elapsed_start(&mut self) -> &mut Option<u64> {
        &mut self.it.elapsed_start
    }
    fn target(&mut self, name: &str) -> Target {
        self.it.target_of(name)
    }
    fn variable(&mut self, name: &[u8]) -> Target {
        let t = self.it.target_of(&String::from_utf8_lossy(name));
        resolve_tail(self.it, self.act, t)
    }
    fn lookup(&mut self, t: &Target) -> Option<Val> {
        self.it.lookup(self.act, t)
    }
    fn derived_name(&mut self, t: &Target) -> Vec<u8> {
        self.it.derived_name(self.act, t)
    }
    fn assign(&mut self, t: &Target, v: Val) -> R<()> {
        self.it.assign(self.act, t, v)
    }
}

/// A name from a string: the tail's symbols are substituted as in a program.
fn resolve_tail(it: &mut Interp, act: &Act, t: Target) -> Target {
    match t {
        Target::Compound(stem, parts) => {
            let raw = match parts.first() {
                Some(TailPart::Const(c)) => c.clone(),
                _ => Vec::new(),
            };
            let mut out = Vec::new();
            for (i, p) in raw.split(|c| *c == b'.').enumerate() {
                if i > 0 {
                    out.push(b'.');
                }
                if p.is_empty() || p[0].is_ascii_digit() {
                    out.extend_from_slice(p);
                } else {
                    let id = it
                        .symtab
                        .id(&String::from_utf8_lossy(p).to_ascii_uppercase());
                    match it.get_var(act, id) {
                        Some(v) => out.extend_from_slice(&v),
                        None => out.extend_from_slice(p.to_ascii_uppercase().as_slice()),
                    }
                }
            }
            Target::Compound(stem, vec![TailPart::Const(out)])
        }
        t => t,
    }
}
