//! The parsed program: expressions, and instructions flattened into a list of operations with
//! jump targets, so SIGNAL, LEAVE and ITERATE are plain jumps and a clause is one step.

use std::collections::HashMap;
use std::rc::Rc;

pub use super::value::Val;

/// The interpreter's own maps (stems, labels, symbols) hash with rustc-hash's FxHash: short
/// keys and a few instructions a key. It does not resist chosen collisions; an exec that
/// fills a stem with colliding tails only slows itself, within its clause and storage limits.
pub type FxBuild = rustc_hash::FxBuildHasher;

/// A variable's number in the symbol table (names are upper case; a stem's name ends in `.`).
pub type VarId = u32;

/// The special variables the interpreter sets itself, numbered first in every symbol table
/// so setting one needs no lookup by name.
pub const RC: VarId = 0;
pub const RESULT: VarId = 1;
pub const SIGL: VarId = 2;
const SPECIALS: [&str; 3] = ["RC", "RESULT", "SIGL"];

/// The symbol table: grows when INTERPRET or VALUE() name new variables.
#[derive(Clone, Debug)]
pub struct Symtab {
    pub names: Vec<Rc<str>>,
    pub ids: HashMap<Rc<str>, VarId, FxBuild>,
    /// What the names take, for the exec's storage limit (names made by VALUE() and
    /// INTERPRET count as variables do).
    pub bytes: usize,
}

impl Default for Symtab {
    fn default() -> Symtab {
        let mut t = Symtab {
            names: Vec::new(),
            ids: HashMap::default(),
            bytes: 0,
        };
        for name in SPECIALS {
            t.id(name);
        }
        // The interpreter's own names are not the exec's storage.
        t.bytes = 0;
        t
    }
}

impl Symtab {
    pub fn id(&mut self, name: &str) -> VarId {
        if let Some(id) = self.ids.get(name) {
            return *id;
        }
        let id = self.names.len() as VarId;
        let rc: Rc<str> = Rc::from(name);
        self.names.push(rc.clone());
        self.ids.insert(rc, id);
        self.bytes += name.len() + 64;
        id
    }

    pub fn name(&self, id: VarId) -> &str {
        &self.names[id as usize]
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    IntDiv,
    Rem,
    Pow,
    Concat,
    Blank,
    Eq,
    Ne,
    Gt,
    Lt,
    Ge,
    Le,
    SEq,
    SNe,
    SGt,
    SLt,
    SGe,
    SLe,
    And,
    Or,
    Xor,
}

/// A part of a compound symbol's tail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TailPart {
    Const(Vec<u8>),
    Var(VarId),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expr {
    Lit(Val),
    Var(VarId),
    /// A stem used as a term: its default value, or its name.
    Stem(VarId),
    Compound(VarId, Vec<TailPart>),
    Call(Box<CallExpr>),
    Neg(Box<Expr>),
    Plus(Box<Expr>),
    Not(Box<Expr>),
    Bin(BinOp, Box<Expr>, Box<Expr>),
    /// A concatenation of literals, joined once when the program is parsed; the expression is
    /// kept for TRACE, which shows each step.
    Folded(Box<(Val, Expr)>),
}

impl Expr {
    /// The value of an expression made of literals only, when it does not depend on NUMERIC
    /// settings (concatenation does not; arithmetic does).
    pub fn constant(&self) -> Option<&Val> {
        match self {
            Expr::Lit(v) => Some(v),
            Expr::Folded(f) => Some(&f.0),
            _ => None,
        }
    }
}

/// What a routine's name calls, in the order REXX searches: an internal label, a built-in
/// function, else an external routine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Routine {
    Label(usize),
    /// The built-in's number (`bif::lookup`).
    Builtin(u8),
    External,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallExpr {
    pub name: String,
    /// The name was a string: internal labels are not searched.
    pub quoted: bool,
    pub args: Vec<Option<Expr>>,
    /// What the name calls, once looked up.
    pub routine: std::cell::Cell<Option<Routine>>,
}

impl CallExpr {
    pub fn new(name: String, quoted: bool, args: Vec<Option<Expr>>) -> CallExpr {
        CallExpr {
            name,
            quoted,
            args,
            routine: std::cell::Cell::new(None),
        }
    }
}

/// Where an assignment, PARSE or DROP stores.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    Var(VarId),
    Stem(VarId),
    Compound(VarId, Vec<TailPart>),
}

/// One piece of a PARSE template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TItem {
    Target(Target),
    /// `.`
    Dot,
    /// 'literal' or (variable).
    Literal(Expr),
    /// `n` or `=n` or `=(v)`.
    Abs(Expr),
    /// `+n`, `-n`, `+(v)`, `-(v)`: the sign is in `neg`.
    Rel {
        neg: bool,
        e: Expr,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParseSrc {
    Arg,
    Pull,
    Var(Target),
    Value(Option<Expr>),
    Source,
    Version,
    External,
    Numeric,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DoSpec {
    pub var: Option<Target>,
    pub from: Option<Expr>,
    /// TO, BY, FOR in the order written (evaluated in that order).
    pub limits: Vec<(Limit, Expr)>,
    /// DO expr: a repeat count.
    pub count: Option<Expr>,
    pub forever: bool,
    pub while_: Option<Expr>,
    pub until: Option<Expr>,
    /// The control variable's name, for END name and LEAVE name.
    pub name: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    To,
    By,
    For,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cond {
    Error,
    Failure,
    Halt,
    NoValue,
    Syntax,
    NotReady,
    LostDigits,
}

impl Cond {
    pub fn parse(name: &str) -> Option<Cond> {
        Some(match name {
            "ERROR" => Cond::Error,
            "FAILURE" => Cond::Failure,
            "HALT" => Cond::Halt,
            "NOVALUE" => Cond::NoValue,
            "SYNTAX" => Cond::Syntax,
            "NOTREADY" => Cond::NotReady,
            "LOSTDIGITS" => Cond::LostDigits,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Cond::Error => "ERROR",
            Cond::Failure => "FAILURE",
            Cond::Halt => "HALT",
            Cond::NoValue => "NOVALUE",
            Cond::Syntax => "SYNTAX",
            Cond::NotReady => "NOTREADY",
            Cond::LostDigits => "LOSTDIGITS",
        }
    }

    pub const ALL: [Cond; 7] = [
        Cond::Error,
        Cond::Failure,
        Cond::Halt,
        Cond::NoValue,
        Cond::Syntax,
        Cond::NotReady,
        Cond::LostDigits,
    ];
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExposeItem {
    Name(VarId),
    /// (list): the names in the variable's value (the variable itself is exposed too).
    Indirect(VarId),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Op {
    Nop,
    Label,
    Say(Option<Expr>),
    Assign(Target, Expr),
    Command(Expr),
    /// Jump to `else_` when the condition is 0.
    If {
        cond: Expr,
        else_: usize,
    },
    Jump(usize),
    DoStart {
        spec: Box<DoSpec>,
        end: usize,
    },
    DoEnd {
        start: usize,
    },
    Leave(usize),
    Iterate(usize),
    When {
        cond: Expr,
        next: usize,
    },
    SelectFail,
    Call(CallExpr),
    CallOn {
        cond: Cond,
        name: String,
    },
    CallOff(Cond),
    SignalOn {
        cond: Cond,
        name: String,
    },
    SignalOff(Cond),
    Signal(String),
    SignalValue(Expr),
    Return(Option<Expr>),
    Exit(Option<Expr>),
    Procedure(Vec<ExposeItem>),
    Parse {
        upper: bool,
        src: ParseSrc,
        templates: Vec<Vec<TItem>>,
    },
    Drop(Vec<DropItem>),
    Upper(Vec<Target>),
    Push(Option<Expr>),
    Queue(Option<Expr>),
    Digits(Option<Expr>),
    Fuzz(Option<Expr>),
    Form(Option<Expr>),
    Trace(Option<Expr>),
    /// ADDRESS: no operand swaps the environments; an environment alone sets it; with a
    /// command, runs it there once.
    Address {
        env: Option<Expr>,
        command: Option<Expr>,
    },
    Interpret(Expr),
    Numeric,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DropItem {
    Target(Target),
    Indirect(VarId),
}

/// A parsed program or INTERPRET string: operations with their lines, and the labels.
#[derive(Clone, Debug, Default)]
pub struct Code {
    pub ops: Vec<Op>,
    pub lines: Vec<usize>,
    /// The first occurrence of each label.
    pub labels: HashMap<String, usize>,
}
