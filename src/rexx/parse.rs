//! Clauses to operations: keyword instructions recognised by position (no reserved words),
//! assignments, labels, commands; expressions with REXX precedence (prefix, `**`, `* / % //`,
//! `+ -`, concatenation, comparison, `&`, `| &&`).

use super::ast::*;
use super::error::RexxError;
use super::lex::{Tok, Token};

pub struct Parser<'a> {
    toks: &'a [Token],
    pos: usize,
    pub symtab: &'a mut Symtab,
    code: Code,
    /// Open repetitive DOs: (DoStart index, control variable name).
    loops: Vec<(usize, Option<String>)>,
    /// How deep the parse is nested (parentheses, prefix operators, IF/DO/SELECT), and how
    /// many operators the current expression has: both bounded so that neither the parser
    /// nor the evaluator can exhaust the stack (error 39, "Evaluation stack overflow", and
    /// error 11, "Control stack full").
    depth: usize,
    nodes: usize,
}

/// The deepest nesting of expressions or instructions a program may have.
const MAX_NESTING: usize = 400;
/// The most operators one expression may have.
const MAX_OPERATORS: usize = 4_000;
/// The precedence levels of [`Parser::binary`] that need naming.
const CONCAT: usize = 3;
const POW: usize = 6;

type R<T> = Result<T, RexxError>;

/// Parses a whole program (or an INTERPRET string).
pub fn parse(toks: &[Token], symtab: &mut Symtab) -> R<Code> {
    let mut p = Parser {
        toks,
        pos: 0,
        symtab,
        code: Code::default(),
        loops: Vec::new(),
        depth: 0,
        nodes: 0,
    };
    while !p.at_eof() {
        p.skip_ends();
        if p.at_eof() {
            break;
        }
        if let Some(name) = p.peek_keyword()
            && matches!(
                name.as_str(),
                "END" | "THEN" | "ELSE" | "WHEN" | "OTHERWISE"
            )
        {
            return Err(p.unexpected(&name));
        }
        p.instruction()?;
    }
    Ok(p.code)
}

impl<'a> Parser<'a> {
    fn at_eof(&self) -> bool {
        self.pos >= self.toks.len()
    }

    fn line(&self) -> usize {
        self.toks
            .get(self.pos)
            .or(self.toks.last())
            .map_or(1, |t| t.line)
    }

    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|t| &t.tok)
    }

    fn peek_at(&self, k: usize) -> Option<&Token> {
        self.toks.get(self.pos + k)
    }

    fn next(&mut self) -> Option<&'a Token> {
        let t = self.toks.get(self.pos);
        self.pos += 1;
        t
    }

    fn skip_ends(&mut self) {
        while matches!(self.peek(), Some(Tok::End)) {
            self.pos += 1;
        }
    }

    fn err(&self, code: u32, sub: u32) -> RexxError {
        RexxError::new(code, sub, self.line(), vec![])
    }

    fn unexpected(&self, kw: &str) -> RexxError {
        match kw {
            "END" => self.err(10, 1),
            "THEN" => self.err(8, 1),
            "ELSE" => self.err(8, 2),
            "WHEN" => self.err(9, 1),
            _ => self.err(9, 2),
        }
    }

    /// The current token as a keyword: a non-constant symbol not followed by `=`.
    fn peek_keyword(&self) -> Option<String> {
        match self.peek() {
            Some(Tok::Symbol {
                name,
                constant: false,
            }) => {
                let assign = matches!(self.peek_at(1).map(|t| &t.tok), Some(Tok::Op("=")));
                let label = matches!(self.peek_at(1).map(|t| &t.tok), Some(Tok::Colon));
                (!assign && !label).then(|| name.clone())
            }
            _ => None,
        }
    }

    fn is_symbol(&self, word: &str) -> bool {
        matches!(self.peek(), Some(Tok::Symbol { name, constant: false }) if name == word)
    }

    fn emit(&mut self, op: Op, line: usize) -> usize {
        self.code.ops.push(op);
        self.code.lines.push(line);
        self.code.ops.len() - 1
    }

    fn here(&self) -> usize {
        self.code.ops.len()
    }

    /// The clause must end here.
    fn end_clause(&mut self) -> R<()> {
        match self.peek() {
            None => Ok(()),
            Some(Tok::End) => {
                self.pos += 1;
                Ok(())
            }
            _ => Err(self.err(21, 1)),
        }
    }

    fn at_clause_end(&self) -> bool {
        matches!(self.peek(), None | Some(Tok::End))
    }

    /// One instruction, with its clause end.
    fn instruction(&mut self) -> R<()> {
        self.depth += 1;
        let r = if self.depth > MAX_NESTING {
            Err(self.err(11, 1))
        } else {
            self.instruction_inner()
        };
        self.depth -= 1;
        r
    }

    fn instruction_inner(&mut self) -> R<()> {
        self.skip_ends();
        let line = self.line();
        let Some(tok) = self.peek().cloned() else {
            return Err(self.err(14, 1));
        };
        // Label.
        let label = match (&tok, self.peek_at(1).map(|t| &t.tok)) {
            (Tok::Symbol { name, .. }, Some(Tok::Colon)) => Some(name.clone()),
            (Tok::Str(s), Some(Tok::Colon)) => Some(String::from_utf8_lossy(s).into_owned()),
            _ => None,
        };
        if let Some(name) = label {
            self.pos += 2;
            let at = self.emit(Op::Label, line);
            self.code.labels.entry(name).or_insert(at);
            if matches!(self.peek(), Some(Tok::End)) {
                self.pos += 1;
            }
            return Ok(());
        }
        // Assignment.
        if let Tok::Symbol { name, constant } = &tok
            && matches!(self.peek_at(1).map(|t| &t.tok), Some(Tok::Op("=")))
        {
            if *constant {
                return Err(self.err(31, if name.starts_with('.') { 3 } else { 2 }));
            }
            let target = self.target(name)?;
            self.pos += 2;
            let e = self.expr_or_empty(&[])?;
            self.end_clause()?;
            self.emit(Op::Assign(target, e), line);
            return Ok(());
        }
        if let Some(kw) = self.peek_keyword() {
            match kw.as_str() {
                "SAY" => {
                    self.pos += 1;
                    let e = self.opt_expr(&[])?;
                    self.end_clause()?;
                    self.emit(Op::Say(e), line);
                    return Ok(());
                }
                "NOP" => {
                    self.pos += 1;
                    self.end_clause()?;
                    self.emit(Op::Nop, line);
                    return Ok(());
                }
                "IF" => return self.if_(line),
                "DO" => return self.do_(line),
                "SELECT" => return self.select(line),
                "END" | "THEN" | "ELSE" | "WHEN" | "OTHERWISE" => return Err(self.unexpected(&kw)),
                "CALL" => return self.call(line),
                "SIGNAL" => return self.signal(line),
                "RETURN" | "EXIT" => {
                    self.pos += 1;
                    let e = self.opt_expr(&[])?;
                    self.end_clause()?;
                    let op = if kw == "RETURN" {
                        Op::Return(e)
                    } else {
                        Op::Exit(e)
                    };
                    self.emit(op, line);
                    return Ok(());
                }
                "LEAVE" | "ITERATE" => {
                    self.pos += 1;
                    let name = match self.peek() {
                        Some(Tok::Symbol { name, .. }) => {
                            let n = name.clone();
                            self.pos += 1;
                            Some(n)
                        }
                        _ => None,
                    };
                    self.end_clause()?;
                    let target = self
                        .loops
                        .iter()
                        .rev()
                        .find(|(_, v)| name.is_none() || v.as_deref() == name.as_deref())
                        .map(|(at, _)| *at)
                        .ok_or_else(|| self.err(28, if name.is_some() { 3 } else { 1 }))?;
                    let op = if kw == "LEAVE" {
                        Op::Leave(target)
                    } else {
                        Op::Iterate(target)
                    };
                    self.emit(op, line);
                    return Ok(());
                }
                "PARSE" => return self.parse_instr(line),
                "ARG" => {
                    self.pos += 1;
                    let t = self.templates()?;
                    self.emit(
                        Op::Parse {
                            upper: true,
                            src: ParseSrc::Arg,
                            templates: t,
                        },
                        line,
                    );
                    return Ok(());
                }
                "PULL" => {
                    self.pos += 1;
                    let t = self.templates()?;
                    self.emit(
                        Op::Parse {
                            upper: true,
                            src: ParseSrc::Pull,
                            templates: t,
                        },
                        line,
                    );
                    return Ok(());
                }
                "PROCEDURE" => {
                    self.pos += 1;
                    let mut items = Vec::new();
                    if self.is_symbol("EXPOSE") {
                        self.pos += 1;
                        while !self.at_clause_end() {
                            match self.next().map(|t| t.tok.clone()) {
                                Some(Tok::Symbol {
                                    name,
                                    constant: false,
                                }) => items.push(ExposeItem::Name(self.symtab.id(&name))),
                                Some(Tok::LParen) => {
                                    let name = self.symbol_name()?;
                                    self.expect_rparen()?;
                                    items.push(ExposeItem::Indirect(self.symtab.id(&name)));
                                }
                                _ => return Err(self.err(20, 1)),
                            }
                        }
                    }
                    self.end_clause()?;
                    self.emit(Op::Procedure(items), line);
                    return Ok(());
                }
                "DROP" | "UPPER" => {
                    self.pos += 1;
                    let mut items = Vec::new();
                    let mut targets = Vec::new();
                    while !self.at_clause_end() {
                        match self.next().map(|t| t.tok.clone()) {
                            Some(Tok::Symbol {
                                name,
                                constant: false,
                            }) => {
                                let t = self.target(&name)?;
                                targets.push(t.clone());
                                items.push(DropItem::Target(t));
                            }
                            Some(Tok::LParen) if kw == "DROP" => {
                                let name = self.symbol_name()?;
                                self.expect_rparen()?;
                                items.push(DropItem::Indirect(self.symtab.id(&name)));
                            }
                            _ => return Err(self.err(20, 1)),
                        }
                    }
                    self.end_clause()?;
                    let op = if kw == "DROP" {
                        Op::Drop(items)
                    } else {
                        Op::Upper(targets)
                    };
                    self.emit(op, line);
                    return Ok(());
                }
                "PUSH" | "QUEUE" => {
                    self.pos += 1;
                    let e = self.opt_expr(&[])?;
                    self.end_clause()?;
                    let op = if kw == "PUSH" {
                        Op::Push(e)
                    } else {
                        Op::Queue(e)
                    };
                    self.emit(op, line);
                    return Ok(());
                }
                "NUMERIC" => return self.numeric(line),
                "TRACE" => {
                    self.pos += 1;
                    let e = if self.is_symbol("VALUE") {
                        self.pos += 1;
                        self.opt_expr(&[])?
                    } else {
                        match self.peek().cloned() {
                            Some(Tok::Symbol { name, .. }) => {
                                self.pos += 1;
                                Some(Expr::Lit(Val::from(name.as_bytes())))
                            }
                            Some(Tok::Str(s)) => {
                                self.pos += 1;
                                Some(Expr::Lit(Val::from(s)))
                            }
                            _ => None,
                        }
                    };
                    self.end_clause()?;
                    self.emit(Op::Trace(e), line);
                    return Ok(());
                }
                "ADDRESS" => return self.address(line),
                "INTERPRET" => {
                    self.pos += 1;
                    let e = self.expr_or_empty(&[])?;
                    self.end_clause()?;
                    self.emit(Op::Interpret(e), line);
                    return Ok(());
                }
                "OPTIONS" => {
                    self.pos += 1;
                    let _ = self.opt_expr(&[])?;
                    self.end_clause()?;
                    self.emit(Op::Nop, line);
                    return Ok(());
                }
                _ => {}
            }
        }
        // A command.
        let e = self.expr(&[])?;
        self.end_clause()?;
        self.emit(Op::Command(e), line);
        Ok(())
    }

    fn symbol_name(&mut self) -> R<String> {
        match self.next().map(|t| t.tok.clone()) {
            Some(Tok::Symbol {
                name,
                constant: false,
            }) => Ok(name),
            _ => Err(self.err(20, 1)),
        }
    }

    fn expect_rparen(&mut self) -> R<()> {
        match self.next().map(|t| &t.tok) {
            Some(Tok::RParen) => Ok(()),
            _ => Err(self.err(36, 0)),
        }
    }

    /// A variable to store into.
    pub fn target(&mut self, name: &str) -> R<Target> {
        match name.find('.') {
            None => Ok(Target::Var(self.symtab.id(name))),
            Some(dot) if dot + 1 == name.len() => Ok(Target::Stem(self.symtab.id(name))),
            Some(dot) => {
                let stem = self.symtab.id(&name[..=dot]);
                Ok(Target::Compound(stem, self.tail(&name[dot + 1..])))
            }
        }
    }

    fn tail(&mut self, tail: &str) -> Vec<TailPart> {
        tail.split('.')
            .map(|part| {
                if part.is_empty() || part.as_bytes()[0].is_ascii_digit() {
                    TailPart::Const(part.as_bytes().to_vec())
                } else {
                    TailPart::Var(self.symtab.id(part))
                }
            })
            .collect()
    }

    fn if_(&mut self, line: usize) -> R<()> {
        self.pos += 1;
        let cond = self.expr(&["THEN"])?;
        self.skip_ends();
        if !self.is_symbol("THEN") {
            return Err(self.err(18, 1));
        }
        self.pos += 1;
        let at = self.emit(Op::If { cond, else_: 0 }, line);
        self.skip_ends();
        self.sub_instruction()?;
        // ELSE?
        let save = self.pos;
        self.skip_ends();
        if self.is_symbol("ELSE") {
            self.pos += 1;
            let jump = self.emit(Op::Jump(0), line);
            let else_at = self.here();
            self.set_if(at, else_at);
            self.skip_ends();
            self.sub_instruction()?;
            let end = self.here();
            self.code.ops[jump] = Op::Jump(end);
        } else {
            self.pos = save;
            let end = self.here();
            self.set_if(at, end);
        }
        Ok(())
    }

    fn set_if(&mut self, at: usize, target: usize) {
        if let Op::If { else_, .. } = &mut self.code.ops[at] {
            *else_ = target;
        }
    }

    /// The instruction after THEN, ELSE, OTHERWISE or WHEN ... THEN.
    fn sub_instruction(&mut self) -> R<()> {
        if self.at_eof() {
            return Err(self.err(14, 3));
        }
        if let Some(kw) = self.peek_keyword()
            && matches!(kw.as_str(), "THEN" | "ELSE" | "WHEN" | "OTHERWISE" | "END")
        {
            return Err(self.unexpected(&kw));
        }
        // A label is not an instruction here.
        self.instruction()
    }

    fn do_(&mut self, line: usize) -> R<()> {
        self.pos += 1;
        let mut spec = DoSpec {
            var: None,
            from: None,
            limits: Vec::new(),
            count: None,
            forever: false,
            while_: None,
            until: None,
            name: None,
        };
        let stops = ["TO", "BY", "FOR", "WHILE", "UNTIL"];
        let mut repetitive = false;
        if !self.at_clause_end() {
            // Control variable?
            if let Some(Tok::Symbol {
                name,
                constant: false,
            }) = self.peek().cloned()
                && matches!(self.peek_at(1).map(|t| &t.tok), Some(Tok::Op("=")))
            {
                self.pos += 2;
                spec.var = Some(self.target(&name)?);
                spec.name = Some(name);
                spec.from = Some(self.expr(&stops)?);
                repetitive = true;
                loop {
                    let which = match self.peek() {
                        Some(Tok::Symbol {
                            name,
                            constant: false,
                        }) if name == "TO" => Limit::To,
                        Some(Tok::Symbol {
                            name,
                            constant: false,
                        }) if name == "BY" => Limit::By,
                        Some(Tok::Symbol {
                            name,
                            constant: false,
                        }) if name == "FOR" => Limit::For,
                        _ => break,
                    };
                    if spec.limits.iter().any(|(l, _)| *l == which) {
                        return Err(self.err(27, 1));
                    }
                    self.pos += 1;
                    let e = self.expr(&stops)?;
                    spec.limits.push((which, e));
                }
            } else if self.is_symbol("FOREVER")
                && matches!(
                    self.peek_at(1).map(|t| &t.tok),
                    None | Some(Tok::End) | Some(Tok::Symbol { .. })
                )
            {
                self.pos += 1;
                spec.forever = true;
                repetitive = true;
            } else if !self.is_symbol("WHILE") && !self.is_symbol("UNTIL") {
                spec.count = Some(self.expr(&["WHILE", "UNTIL"])?);
                repetitive = true;
            }
            if self.is_symbol("WHILE") {
                self.pos += 1;
                spec.while_ = Some(self.expr(&[])?);
                repetitive = true;
            } else if self.is_symbol("UNTIL") {
                self.pos += 1;
                spec.until = Some(self.expr(&[])?);
                repetitive = true;
            }
        }
        self.end_clause()?;
        if !repetitive {
            // A simple group.
            loop {
                self.skip_ends();
                if self.at_eof() {
                    return Err(RexxError::new(14, 1, line, vec![]));
                }
                if self.is_symbol("END")
                    && !matches!(
                        self.peek_at(1).map(|t| &t.tok),
                        Some(Tok::Op("=")) | Some(Tok::Colon)
                    )
                {
                    self.pos += 1;
                    if !self.at_clause_end() {
                        return Err(self.err(10, 3));
                    }
                    self.end_clause()?;
                    return Ok(());
                }
                self.instruction()?;
            }
        }
        let name = spec.name.clone();
        let start = self.emit(
            Op::DoStart {
                spec: Box::new(spec),
                end: 0,
            },
            line,
        );
        self.loops.push((start, name.clone()));
        loop {
            self.skip_ends();
            if self.at_eof() {
                return Err(RexxError::new(14, 1, line, vec![]));
            }
            if self.is_symbol("END")
                && !matches!(
                    self.peek_at(1).map(|t| &t.tok),
                    Some(Tok::Op("=")) | Some(Tok::Colon)
                )
            {
                let end_line = self.line();
                self.pos += 1;
                if let Some(Tok::Symbol { name: n, .. }) = self.peek().cloned() {
                    if name.as_deref() != Some(n.as_str()) {
                        return Err(RexxError::new(10, 2, end_line, vec![]));
                    }
                    self.pos += 1;
                }
                self.end_clause()?;
                let end = self.emit(Op::DoEnd { start }, end_line);
                if let Op::DoStart { end: e, .. } = &mut self.code.ops[start] {
                    *e = end;
                }
                self.loops.pop();
                return Ok(());
            }
            self.instruction()?;
        }
    }

    fn select(&mut self, line: usize) -> R<()> {
        self.pos += 1;
        self.end_clause()?;
        let mut jumps = Vec::new();
        let mut whens = 0;
        loop {
            self.skip_ends();
            if self.at_eof() {
                return Err(RexxError::new(14, 2, line, vec![]));
            }
            if self.is_symbol("WHEN") {
                let wline = self.line();
                self.pos += 1;
                let cond = self.expr(&["THEN"])?;
                self.skip_ends();
                if !self.is_symbol("THEN") {
                    return Err(self.err(18, 2));
                }
                self.pos += 1;
                let at = self.emit(Op::When { cond, next: 0 }, wline);
                self.skip_ends();
                self.sub_instruction()?;
                jumps.push(self.emit(Op::Jump(0), wline));
                let next = self.here();
                if let Op::When { next: n, .. } = &mut self.code.ops[at] {
                    *n = next;
                }
                whens += 1;
                continue;
            }
            if whens == 0 {
                return Err(self.err(7, 1));
            }
            if self.is_symbol("OTHERWISE") {
                self.pos += 1;
                loop {
                    self.skip_ends();
                    if self.at_eof() {
                        return Err(RexxError::new(14, 2, line, vec![]));
                    }
                    if self.is_symbol("END") {
                        break;
                    }
                    self.instruction()?;
                }
            } else if !self.is_symbol("END") {
                return Err(self.err(7, 2));
            } else {
                self.emit(Op::SelectFail, line);
            }
            // END
            self.pos += 1;
            if !self.at_clause_end() {
                return Err(self.err(10, 4));
            }
            self.end_clause()?;
            let end = self.here();
            for j in jumps {
                self.code.ops[j] = Op::Jump(end);
            }
            return Ok(());
        }
    }

    fn call(&mut self, line: usize) -> R<()> {
        self.pos += 1;
        if self.is_symbol("ON") || self.is_symbol("OFF") {
            let on = self.is_symbol("ON");
            self.pos += 1;
            let cond = self.condition_name(&["ERROR", "FAILURE", "HALT", "NOTREADY"])?;
            let name = self.trap_name(cond)?;
            self.end_clause()?;
            let op = if on {
                Op::CallOn { cond, name }
            } else {
                Op::CallOff(cond)
            };
            self.emit(op, line);
            return Ok(());
        }
        let (name, quoted) = match self.next().map(|t| t.tok.clone()) {
            Some(Tok::Symbol { name, .. }) => (name, false),
            Some(Tok::Str(s)) => (String::from_utf8_lossy(&s).into_owned(), true),
            _ => return Err(self.err(19, 2)),
        };
        let args = self.arg_list_bare()?;
        self.end_clause()?;
        self.emit(Op::Call(CallExpr::new(name, quoted, args)), line);
        Ok(())
    }

    fn condition_name(&mut self, allowed: &[&str]) -> R<Cond> {
        match self.next().map(|t| t.tok.clone()) {
            Some(Tok::Symbol { name, .. }) if allowed.contains(&name.as_str()) => {
                Cond::parse(&name).ok_or_else(|| self.err(25, 1))
            }
            _ => Err(self.err(25, 1)),
        }
    }

    fn trap_name(&mut self, cond: Cond) -> R<String> {
        if self.is_symbol("NAME") {
            self.pos += 1;
            match self.next().map(|t| t.tok.clone()) {
                Some(Tok::Symbol { name, .. }) => Ok(name),
                Some(Tok::Str(s)) => Ok(String::from_utf8_lossy(&s).into_owned()),
                _ => Err(self.err(19, 3)),
            }
        } else {
            Ok(cond.name().to_string())
        }
    }

    fn signal(&mut self, line: usize) -> R<()> {
        self.pos += 1;
        if self.is_symbol("ON") || self.is_symbol("OFF") {
            let on = self.is_symbol("ON");
            self.pos += 1;
            let cond = self.condition_name(&[
                "ERROR",
                "FAILURE",
                "HALT",
                "NOVALUE",
                "SYNTAX",
                "NOTREADY",
                "LOSTDIGITS",
            ])?;
            let name = self.trap_name(cond)?;
            self.end_clause()?;
            let op = if on {
                Op::SignalOn { cond, name }
            } else {
                Op::SignalOff(cond)
            };
            self.emit(op, line);
            return Ok(());
        }
        if self.is_symbol("VALUE") {
            self.pos += 1;
            let e = self.expr(&[])?;
            self.end_clause()?;
            self.emit(Op::SignalValue(e), line);
            return Ok(());
        }
        match self.peek().cloned() {
            Some(Tok::Symbol { name, .. }) => {
                self.pos += 1;
                self.end_clause()?;
                self.emit(Op::Signal(name), line);
            }
            Some(Tok::Str(s)) => {
                self.pos += 1;
                self.end_clause()?;
                self.emit(Op::Signal(String::from_utf8_lossy(&s).into_owned()), line);
            }
            _ => {
                let e = self.expr(&[])?;
                self.end_clause()?;
                self.emit(Op::SignalValue(e), line);
            }
        }
        Ok(())
    }

    fn parse_instr(&mut self, line: usize) -> R<()> {
        self.pos += 1;
        let mut upper = false;
        if self.is_symbol("UPPER") {
            upper = true;
            self.pos += 1;
        }
        let word = self.symbol_name().map_err(|_| self.err(25, 12))?;
        let src = match word.as_str() {
            "ARG" => ParseSrc::Arg,
            "PULL" => ParseSrc::Pull,
            "SOURCE" => ParseSrc::Source,
            "VERSION" => ParseSrc::Version,
            "EXTERNAL" => ParseSrc::External,
            "NUMERIC" => ParseSrc::Numeric,
            "VAR" => {
                let name = self.symbol_name()?;
                ParseSrc::Var(self.target(&name)?)
            }
            "VALUE" => {
                let e = self.opt_expr(&["WITH"])?;
                if !self.is_symbol("WITH") {
                    return Err(self.err(38, 3));
                }
                self.pos += 1;
                ParseSrc::Value(e)
            }
            _ => return Err(self.err(25, 12)),
        };
        let templates = self.templates()?;
        self.emit(
            Op::Parse {
                upper,
                src,
                templates,
            },
            line,
        );
        Ok(())
    }

    /// Templates separated by commas, to the end of the clause.
    fn templates(&mut self) -> R<Vec<Vec<TItem>>> {
        let mut all = vec![Vec::new()];
        while let Some(tok) = self.peek().cloned() {
            match tok {
                Tok::End => {
                    self.pos += 1;
                    break;
                }
                Tok::Comma => {
                    self.pos += 1;
                    all.push(Vec::new());
                }
                Tok::Symbol { name, constant } => {
                    self.pos += 1;
                    let item = if name == "." {
                        TItem::Dot
                    } else if constant {
                        if !name.bytes().all(|c| c.is_ascii_digit()) {
                            return Err(self.err(38, 1));
                        }
                        TItem::Abs(Expr::Lit(Val::from(name.as_bytes())))
                    } else {
                        TItem::Target(self.target(&name)?)
                    };
                    all.last_mut().unwrap_or(&mut Vec::new()).push(item);
                }
                Tok::Str(s) => {
                    self.pos += 1;
                    all.last_mut()
                        .unwrap_or(&mut Vec::new())
                        .push(TItem::Literal(Expr::Lit(Val::from(s))));
                }
                Tok::LParen => {
                    self.pos += 1;
                    let e = self.var_pattern()?;
                    all.last_mut()
                        .unwrap_or(&mut Vec::new())
                        .push(TItem::Literal(e));
                }
                Tok::Op(op) if op == "+" || op == "-" || op == "=" => {
                    self.pos += 1;
                    let e = match self.next().map(|t| t.tok.clone()) {
                        Some(Tok::Symbol {
                            name,
                            constant: true,
                        }) if name.bytes().all(|c| c.is_ascii_digit()) => {
                            Expr::Lit(Val::from(name.as_bytes()))
                        }
                        Some(Tok::LParen) => self.var_pattern()?,
                        _ => return Err(self.err(38, 1)),
                    };
                    let item = if op == "=" {
                        TItem::Abs(e)
                    } else {
                        TItem::Rel { neg: op == "-", e }
                    };
                    all.last_mut().unwrap_or(&mut Vec::new()).push(item);
                }
                _ => return Err(self.err(38, 1)),
            }
        }
        Ok(all)
    }

    /// `(name)` in a template, after the parenthesis.
    fn var_pattern(&mut self) -> R<Expr> {
        let name = self.symbol_name().map_err(|_| self.err(19, 7))?;
        self.expect_rparen()?;
        self.term_symbol(&name, false)
    }

    fn numeric(&mut self, line: usize) -> R<()> {
        self.pos += 1;
        let word = self.symbol_name().map_err(|_| self.err(25, 15))?;
        let op = match word.as_str() {
            "DIGITS" => Op::Digits(self.opt_expr(&[])?),
            "FUZZ" => Op::Fuzz(self.opt_expr(&[])?),
            "FORM" => {
                if self.is_symbol("VALUE") {
                    self.pos += 1;
                    Op::Form(Some(self.expr(&[])?))
                } else if self.at_clause_end() {
                    Op::Form(None)
                } else {
                    match self.peek().cloned() {
                        Some(Tok::Symbol { name, .. })
                            if name == "SCIENTIFIC" || name == "ENGINEERING" =>
                        {
                            self.pos += 1;
                            Op::Form(Some(Expr::Lit(Val::from(name.as_bytes()))))
                        }
                        _ => Op::Form(Some(self.expr(&[])?)),
                    }
                }
            }
            _ => return Err(self.err(25, 15)),
        };
        self.end_clause()?;
        self.emit(op, line);
        Ok(())
    }

    fn address(&mut self, line: usize) -> R<()> {
        self.pos += 1;
        if self.at_clause_end() {
            self.end_clause()?;
            self.emit(
                Op::Address {
                    env: None,
                    command: None,
                },
                line,
            );
            return Ok(());
        }
        if self.is_symbol("VALUE") {
            self.pos += 1;
            let e = self.expr(&[])?;
            self.end_clause()?;
            self.emit(
                Op::Address {
                    env: Some(e),
                    command: None,
                },
                line,
            );
            return Ok(());
        }
        let env = match self.next().map(|t| t.tok.clone()) {
            Some(Tok::Symbol { name, .. }) => name,
            Some(Tok::Str(s)) => String::from_utf8_lossy(&s).into_owned(),
            _ => return Err(self.err(19, 1)),
        };
        let command = self.opt_expr(&[])?;
        self.end_clause()?;
        self.emit(
            Op::Address {
                env: Some(Expr::Lit(Val::from(env.as_bytes()))),
                command,
            },
            line,
        );
        Ok(())
    }

    /// Arguments of CALL: expressions separated by commas, to the end of the clause.
    fn arg_list_bare(&mut self) -> R<Vec<Option<Expr>>> {
        let mut args = Vec::new();
        if self.at_clause_end() {
            return Ok(args);
        }
        loop {
            if matches!(self.peek(), Some(Tok::Comma)) {
                args.push(None);
                self.pos += 1;
                continue;
            }
            if self.at_clause_end() {
                args.push(None);
                break;
            }
            args.push(Some(self.expr(&[])?));
            match self.peek() {
                Some(Tok::Comma) => {
                    self.pos += 1;
                    if self.at_clause_end() {
                        args.push(None);
                        break;
                    }
                }
                _ => break,
            }
        }
        // Trailing omitted arguments do not count.
        while matches!(args.last(), Some(None)) {
            args.pop();
        }
        Ok(args)
    }

    fn opt_expr(&mut self, stops: &[&str]) -> R<Option<Expr>> {
        if self.at_clause_end() || self.at_stop(stops) {
            Ok(None)
        } else {
            self.expr(stops).map(Some)
        }
    }

    fn expr_or_empty(&mut self, stops: &[&str]) -> R<Expr> {
        Ok(self
            .opt_expr(stops)?
            .unwrap_or_else(|| Expr::Lit(Val::from(&b""[..]))))
    }

    fn at_stop(&self, stops: &[&str]) -> bool {
        matches!(self.peek(), Some(Tok::Symbol { name, constant: false }) if stops.contains(&name.as_str()))
    }

    /// An expression; a keyword in `stops` ends it.
    pub fn expr(&mut self, stops: &[&str]) -> R<Expr> {
        self.nodes = 0;
        let e = self.or_level(stops)?;
        match self.peek() {
            Some(Tok::RParen) => Err(self.err(37, 2)),
            Some(Tok::LParen) => Err(self.err(36, 0)),
            _ => Ok(e),
        }
    }

    /// The loosest level: `|` and `&&`.
    fn or_level(&mut self, stops: &[&str]) -> R<Expr> {
        self.binary(0, stops)
    }

    /// A left-associative level of binary operators, loosest first: `| &&`, `&`, the
    /// comparisons, concatenation, `+ -`, `* / % //`, `**`; then the prefix operators.
    fn binary(&mut self, level: usize, stops: &[&str]) -> R<Expr> {
        if level > POW {
            return self.prefix(stops);
        }
        let mut l = self.binary(level + 1, stops)?;
        while let Some(op) = self.operator(level, stops) {
            let r = self.binary(level + 1, stops)?;
            self.node()?;
            l = match (op, l.constant(), r.constant()) {
                (BinOp::Concat | BinOp::Blank, Some(a), Some(b)) => {
                    let v = Val::literal(&Val::concat(a, b, op == BinOp::Blank));
                    Expr::Folded(Box::new((v, Expr::Bin(op, Box::new(l), Box::new(r)))))
                }
                _ => Expr::Bin(op, Box::new(l), Box::new(r)),
            };
        }
        Ok(l)
    }

    /// The operator of `level` at the cursor, consumed; None when there is none.
    /// Concatenation is also a term right after a term: abuttal, or blank concatenation
    /// when blanks came between.
    fn operator(&mut self, level: usize, stops: &[&str]) -> Option<BinOp> {
        use BinOp::*;
        if level == CONCAT {
            return match self.peek_at(0) {
                Some(Token {
                    tok: Tok::Op("||"), ..
                }) => {
                    self.pos += 1;
                    Some(Concat)
                }
                Some(Token { tok, blank, .. })
                    if matches!(tok, Tok::Symbol { .. } | Tok::Str(_) | Tok::LParen)
                        && !self.at_stop(stops) =>
                {
                    Some(if *blank { Blank } else { Concat })
                }
                // A prefix operator after a blank starts a new term only for \ (not).
                Some(Token {
                    tok: Tok::Op("\\"),
                    blank: true,
                    ..
                }) => Some(Blank),
                _ => None,
            };
        }
        let Some(Tok::Op(o)) = self.peek() else {
            return None;
        };
        let op = match (level, *o) {
            (0, "|") => Or,
            (0, "&&") => Xor,
            (1, "&") => And,
            (2, "=") => Eq,
            (2, "\\=" | "<>" | "><") => Ne,
            (2, ">") => Gt,
            (2, "<") => Lt,
            (2, ">=" | "\\<") => Ge,
            (2, "<=" | "\\>") => Le,
            (2, "==") => SEq,
            (2, "\\==") => SNe,
            (2, ">>") => SGt,
            (2, "<<") => SLt,
            (2, ">>=" | "\\<<") => SGe,
            (2, "<<=" | "\\>>") => SLe,
            (4, "+") => Add,
            (4, "-") => Sub,
            (5, "*") => Mul,
            (5, "/") => Div,
            (5, "%") => IntDiv,
            (5, "//") => Rem,
            (POW, "**") => Pow,
            _ => return None,
        };
        self.pos += 1;
        Some(op)
    }

    /// One more operator in the current expression.
    fn node(&mut self) -> R<()> {
        self.nodes += 1;
        if self.nodes > MAX_OPERATORS {
            return Err(self.err(39, 1));
        }
        Ok(())
    }

    fn prefix(&mut self, stops: &[&str]) -> R<Expr> {
        self.depth += 1;
        let r = self.prefix_inner(stops);
        self.depth -= 1;
        r
    }

    fn prefix_inner(&mut self, stops: &[&str]) -> R<Expr> {
        if self.depth > MAX_NESTING {
            return Err(self.err(39, 1));
        }
        match self.peek() {
            Some(Tok::Op("-")) => {
                self.pos += 1;
                Ok(Expr::Neg(Box::new(self.prefix(stops)?)))
            }
            Some(Tok::Op("+")) => {
                self.pos += 1;
                Ok(Expr::Plus(Box::new(self.prefix(stops)?)))
            }
            Some(Tok::Op("\\")) => {
                self.pos += 1;
                Ok(Expr::Not(Box::new(self.prefix(stops)?)))
            }
            _ => self.term(stops),
        }
    }

    fn term(&mut self, stops: &[&str]) -> R<Expr> {
        let Some(t) = self.toks.get(self.pos).cloned() else {
            return Err(self.err(35, 1));
        };
        match t.tok {
            Tok::LParen => {
                self.pos += 1;
                let e = self.or_level(&[])?;
                match self.peek() {
                    Some(Tok::RParen) => {
                        self.pos += 1;
                        Ok(e)
                    }
                    Some(Tok::Comma) => Err(self.err(37, 1)),
                    _ => Err(RexxError::new(36, 0, t.line, vec![])),
                }
            }
            Tok::Str(s) => {
                self.pos += 1;
                if self.call_follows() {
                    return self.function(String::from_utf8_lossy(&s).into_owned(), true);
                }
                Ok(Expr::Lit(Val::literal(&s)))
            }
            Tok::Symbol { name, constant } => {
                if self.at_stop(stops) {
                    return Err(self.err(35, 1));
                }
                self.pos += 1;
                if self.call_follows() {
                    return self.function(name, false);
                }
                self.term_symbol(&name, constant)
            }
            _ => Err(self.err(35, 1)),
        }
    }

    fn call_follows(&self) -> bool {
        matches!(
            self.toks.get(self.pos),
            Some(Token {
                tok: Tok::LParen,
                blank: false,
                ..
            })
        )
    }

    fn term_symbol(&mut self, name: &str, constant: bool) -> R<Expr> {
        if constant {
            return Ok(Expr::Lit(Val::literal(name.as_bytes())));
        }
        Ok(match self.target(name)? {
            Target::Var(id) => Expr::Var(id),
            Target::Stem(id) => Expr::Stem(id),
            Target::Compound(s, t) => Expr::Compound(s, t),
        })
    }

    /// A function call, after the name: `(args)`.
    fn function(&mut self, name: String, quoted: bool) -> R<Expr> {
        self.pos += 1; // (
        let mut args = Vec::new();
        if matches!(self.peek(), Some(Tok::RParen)) {
            self.pos += 1;
            return Ok(Expr::Call(Box::new(CallExpr::new(name, quoted, args))));
        }
        loop {
            match self.peek() {
                Some(Tok::Comma) => {
                    args.push(None);
                    self.pos += 1;
                    continue;
                }
                Some(Tok::RParen) => {
                    args.push(None);
                    self.pos += 1;
                    break;
                }
                None | Some(Tok::End) => return Err(self.err(36, 0)),
                _ => {}
            }
            args.push(Some(self.or_level(&[])?));
            match self.next().map(|t| &t.tok) {
                Some(Tok::Comma) => {
                    if matches!(self.peek(), Some(Tok::RParen)) {
                        args.push(None);
                        self.pos += 1;
                        break;
                    }
                }
                Some(Tok::RParen) => break,
                _ => return Err(self.err(36, 0)),
            }
        }
        while matches!(args.last(), Some(None)) {
            args.pop();
        }
        Ok(Expr::Call(Box::new(CallExpr::new(name, quoted, args))))
    }
}
