//! REXX errors: numbers with sub-codes, the texts ERRORTEXT gives, and the message an exec's
//! user sees.
//!
//! The texts are those of Regina 3.6's ERRORTEXT, the project's REXX reference (`third-party`;
//! the ANSI texts, bracketed where Regina brackets them). The message form is TSO/E's
//! (`docs/reference/rexx.md` §19, `confirmed` for the IRX00nnI numbering, `third-party` for the layout): the
//! traceback line `     n +++ clause`, then `IRX00nnI Error running EXEC, line n: text`.

/// ERRORTEXT(n) for 0-99 (Regina 3.6; empty where it has none).
pub fn error_text(n: u32) -> &'static str {
    match n {
        2 => "Failure during finalization",
        3 => "Failure during initialization",
        4 => "Program interrupted",
        5 => "System resources exhausted",
        6 => "Unmatched \"/*\" or quote",
        7 => "WHEN or OTHERWISE expected",
        8 => "Unexpected THEN or ELSE",
        9 => "Unexpected WHEN or OTHERWISE",
        10 => "Unexpected or unmatched END",
        11 => "[Control stack full]",
        12 => "[Clause > 1024 characters]",
        13 => "Invalid character in program",
        14 => "Incomplete DO/SELECT/IF",
        15 => "Invalid hexadecimal or binary string",
        16 => "Label not found",
        17 => "Unexpected PROCEDURE",
        18 => "THEN expected",
        19 => "String or symbol expected",
        20 => "Name expected",
        21 => "Invalid data on end of clause",
        22 => "Invalid character string",
        23 => "Invalid data string",
        24 => "Invalid TRACE request",
        25 => "Invalid sub-keyword found",
        26 => "Invalid whole number",
        27 => "Invalid DO syntax",
        28 => "Invalid LEAVE or ITERATE",
        29 => "Environment name too long",
        30 => "Name or string too long",
        31 => "Name starts with number or \".\"",
        32 => "[Invalid use of stem]",
        33 => "Invalid expression result",
        34 => "Logical value not \"0\" or \"1\"",
        35 => "Invalid expression",
        36 => "Unmatched \"(\" in expression",
        37 => "Unexpected \",\" or \")\"",
        38 => "Invalid template or pattern",
        39 => "[Evaluation stack overflow]",
        40 => "Incorrect call to routine",
        41 => "Bad arithmetic conversion",
        42 => "Arithmetic overflow/underflow",
        43 => "Routine not found",
        44 => "Function did not return data",
        45 => "No data specified on function RETURN",
        46 => "Invalid variable reference",
        47 => "Unexpected label",
        48 => "Failure in system service",
        49 => "Interpretation Error",
        50 => "Unrecognized reserved symbol",
        51 => "Invalid function name",
        52 => "Result returned by \"<name>\" is longer than #Limit_String characters",
        53 => "Invalid option",
        54 => "Invalid STEM value",
        60 => "[Can't rewind transient file]",
        61 => "[Improper seek operation on file]",
        64 => "[Syntax error while parsing]",
        90 => "[Non-ANSI feature used with \"OPTIONS STRICT_ANSI\"]",
        93 => "[Incorrect call to routine]",
        94 => "[External queue interface error]",
        95 => "[Restricted feature used in \"safe\" mode]",
        _ => "",
    }
}

/// A REXX error: the number, the sub-code (0 when none), the line of the clause, and the
/// values the detailed message names. Boxed, so a result carrying one stays small on the
/// interpreter's fast path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RexxError(Box<ErrorInfo>);

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorInfo {
    pub code: u32,
    pub sub: u32,
    pub line: usize,
    pub inserts: Vec<String>,
    /// The lines of the CALLs and function calls the error came up through, innermost
    /// first: the traceback shows each.
    pub callers: Vec<usize>,
    /// Not an error but control leaving by the same road: see [`Unwind`].
    pub unwind: Option<Unwind>,
}

/// Control that leaves nested activations the way an error does, without being one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unwind {
    /// EXIT in a routine: the whole exec ends, with this value.
    Exit(Option<Vec<u8>>),
    /// A variable without a value while NOVALUE is trapped: the variable's name.
    NoValue(String),
    /// A SIGNAL ON ERROR or FAILURE trap fired by a command in INTERPRETed code: the
    /// interpreted string ends and control goes to the label.
    Signal(String),
    /// A program the exec called abended: the exec's task ends; no trap catches it.
    Abend(super::Abend),
}

impl std::ops::Deref for RexxError {
    type Target = ErrorInfo;
    fn deref(&self) -> &ErrorInfo {
        &self.0
    }
}

impl std::ops::DerefMut for RexxError {
    fn deref_mut(&mut self) -> &mut ErrorInfo {
        &mut self.0
    }
}

impl RexxError {
    pub fn new(code: u32, sub: u32, line: usize, inserts: Vec<String>) -> RexxError {
        RexxError(Box::new(ErrorInfo {
            code,
            sub,
            line,
            inserts,
            callers: Vec::new(),
            unwind: None,
        }))
    }

    /// Control leaving nested activations (EXIT, a trapped NOVALUE) at `line`.
    pub fn unwind(u: Unwind, line: usize) -> RexxError {
        let mut e = RexxError::new(0, 0, line, Vec::new());
        e.unwind = Some(u);
        e
    }

    /// The text for the error number.
    pub fn text(&self) -> &'static str {
        let t = error_text(self.code);
        t.trim_start_matches('[').trim_end_matches(']')
    }

    /// The TSO/E message, after the traceback line: `IRX0043I Error running NAME, line 5: text`.
    pub fn message(&self, exec: &str) -> String {
        format!(
            "IRX{:04}I Error running {exec}, line {}: {}",
            self.code,
            self.line,
            self.tso_text()
        )
    }

    /// The IRX message's text where TSO/E's differs from ERRORTEXT's: error 5 is "Machine
    /// storage exhausted" (`third-party`: the REXX/370 project's IRX0005I, whose messages
    /// are compared with z/OS output; TRL2 has the same text for error 5).
    fn tso_text(&self) -> &'static str {
        match self.code {
            5 => "Machine storage exhausted",
            _ => self.text(),
        }
    }
}

impl std::fmt::Display for RexxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "REXX error {}", self.code)?;
        if self.sub != 0 {
            write!(f, ".{}", self.sub)?;
        }
        write!(f, " at line {}: {}", self.line, self.text())
    }
}

impl std::error::Error for RexxError {}
