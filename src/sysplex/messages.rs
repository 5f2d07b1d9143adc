//! The message table: every message the operator's side of the model writes (console
//! responses, the hardcopy log, syslogd), each with its ID, its text and where both come
//! from (`docs/reference/operator.md` §3). A message's text has `{}` for each insert, filled
//! in order by [`Message::text`].
//!
//! IBM's own IDs appear only where a public source quotes them. Where IBM is silent (DCAS's
//! messages are not public), the ID is the project's `TPX` prefix, so it cannot be mistaken for
//! an IBM number, and both ID and text are `reconstructed`.

use std::fmt::Display;

use crate::areas::Prov;

/// One message of the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Message {
    pub id: &'static str,
    /// The text after the ID, with `{}` for each insert.
    pub text: &'static str,
    /// How sure the ID and text are.
    pub prov: Prov,
    /// The public source that quotes it, or why the project chose it.
    pub source: &'static str,
}

impl Message {
    /// The message with its inserts, `ID text`.
    pub fn text(&self, inserts: &[&dyn Display]) -> String {
        let mut out = String::with_capacity(self.id.len() + 1 + self.text.len());
        out.push_str(self.id);
        out.push(' ');
        let mut pieces = self.text.split("{}");
        if let Some(first) = pieces.next() {
            out.push_str(first);
        }
        for (i, piece) in pieces.enumerate() {
            if let Some(v) = inserts.get(i) {
                out.push_str(&v.to_string());
            }
            out.push_str(piece);
        }
        out
    }

    /// How many inserts the text takes.
    pub fn inserts(&self) -> usize {
        self.text.matches("{}").count()
    }
}

const fn msg(id: &'static str, text: &'static str, prov: Prov, source: &'static str) -> Message {
    Message {
        id,
        text,
        prov,
        source,
    }
}

const JCL_REF: &str = "z/OS MVS JCL Reference, \"Examples of the command statement\"";
const LOGS_PAGE: &str = "IBM z/OS basics, Problem management, \"Logs\" (SYSLOG example)";
const CONSOLE_LOGS: &str = "public z/OS console logs";
const OWN: &str = "the project's own message";

/// A command whose verb MVS does not know.
pub const IEE305I: Message = msg("IEE305I", "{} COMMAND INVALID", Prov::Confirmed, JCL_REF);
/// A known verb with operands it cannot take; the verb is written in full.
pub const IEE535I: Message = msg(
    "IEE535I",
    "{} INVALID PARAMETER",
    Prov::ThirdParty,
    CONSOLE_LOGS,
);
/// MODIFY or STOP of a job that is not running.
pub const IEE341I: Message = msg("IEE341I", "{} NOT ACTIVE", Prov::ThirdParty, CONSOLE_LOGS);
/// DISPLAY A,L: the header line (the layout of the lines after it is `reconstructed`).
pub const IEE114I: Message = msg("IEE114I", "{} {} ACTIVITY", Prov::ThirdParty, CONSOLE_LOGS);
/// A job or started task begins.
pub const HASP373: Message = msg("$HASP373", "{} STARTED", Prov::Confirmed, LOGS_PAGE);
/// A job or started task has ended.
pub const HASP395: Message = msg("$HASP395", "{} ENDED", Prov::ThirdParty, CONSOLE_LOGS);
/// A started task begins: job, time (hh.mm.ss), ASID, system.
pub const IEF403I: Message = msg(
    "IEF403I",
    "{} - STARTED - TIME={} - ASID={} - {}",
    Prov::Confirmed,
    LOGS_PAGE,
);
/// A job ends: job, time (hh.mm.ss).
pub const IEF404I: Message = msg(
    "IEF404I",
    "{} - ENDED - TIME={}",
    Prov::ThirdParty,
    CONSOLE_LOGS,
);
/// A job's address space cannot be created: why (here, every ASID is in use).
pub const IEA602I: Message = msg(
    "IEA602I",
    "ADDRESS SPACE CREATE FAILED. {}",
    Prov::Confirmed,
    "z/OS MVS System Messages, Vol 6 (GOS-IEA), IEA602I",
);
/// START of a procedure that is already running.
pub const TPX0004I: Message = msg("TPX0004I", "{} IS ALREADY ACTIVE", Prov::Reconstructed, OWN);
/// START of a procedure the system has no started task for.
pub const TPX0005I: Message = msg(
    "TPX0005I",
    "NO PROCEDURE {} ON THIS SYSTEM",
    Prov::Reconstructed,
    OWN,
);
/// MODIFY with parameters the started task does not take.
pub const TPX0006I: Message = msg(
    "TPX0006I",
    "{} DOES NOT ACCEPT MODIFY {}",
    Prov::Reconstructed,
    OWN,
);
/// DISPLAY TCPIP of a stack the system does not have.
pub const TPX0001I: Message = msg(
    "TPX0001I",
    "NO TCP/IP STACK {} ON THIS SYSTEM",
    Prov::Reconstructed,
    OWN,
);
/// VARY XCF,sys,OFFLINE|ONLINE.
pub const TPX0002I: Message = msg(
    "TPX0002I",
    "XCF SIGNALLING FOR {} IS {}",
    Prov::Reconstructed,
    OWN,
);
/// STOP or START of a stack: the stack, ENDED or STARTED.
pub const TPX0003I: Message = msg("TPX0003I", "TCP/IP STACK {} {}", Prov::Reconstructed, OWN);

/// DCAS begins: its debug level and where it logs.
pub const TPX0100I: Message = msg(
    "TPX0100I",
    "DCAS STARTING: DEBUG LEVEL {}, LOG {}",
    Prov::Reconstructed,
    OWN,
);
/// DCAS is ready: its stack and port.
pub const TPX0101I: Message = msg(
    "TPX0101I",
    "DCAS INITIALIZATION COMPLETE: LISTENING ON {} PORT {}",
    Prov::Reconstructed,
    OWN,
);
/// MODIFY DCAS,DEBUG=n took effect: the old level and the new.
pub const TPX0102I: Message = msg(
    "TPX0102I",
    "DCAS DEBUG LEVEL CHANGED FROM {} TO {}",
    Prov::Reconstructed,
    OWN,
);
/// MODIFY DCAS,DEBUG=n with n out of range: the value asked for, the level that stays.
pub const TPX0103E: Message = msg(
    "TPX0103E",
    "DCAS DEBUG LEVEL {} IS NOT VALID: THE LEVEL IS 0 TO 3 AND REMAINS {}",
    Prov::Reconstructed,
    OWN,
);
/// A dcas.conf line DCAS could not take: file, line, what was wrong.
pub const TPX0104W: Message = msg(
    "TPX0104W",
    "DCAS CONFIGURATION {} LINE {}: {}",
    Prov::Reconstructed,
    OWN,
);
/// The configuration file DCAS read.
pub const TPX0105I: Message = msg(
    "TPX0105I",
    "DCAS CONFIGURATION FROM {}",
    Prov::Reconstructed,
    OWN,
);
/// No configuration file in the search order.
pub const TPX0106I: Message = msg(
    "TPX0106I",
    "DCAS FOUND NO CONFIGURATION FILE: THE DEFAULTS ARE USED",
    Prov::Reconstructed,
    OWN,
);
/// DCAS could not start (no stack, the port taken): why.
pub const TPX0107E: Message = msg(
    "TPX0107E",
    "DCAS CANNOT START: {}",
    Prov::Reconstructed,
    OWN,
);
/// DCAS ends after STOP.
pub const TPX0108I: Message = msg("TPX0108I", "DCAS ENDED", Prov::Reconstructed, OWN);
/// A start option DCAS could not take.
pub const TPX0109W: Message = msg("TPX0109W", "DCAS START OPTION {}", Prov::Reconstructed, OWN);

/// A request DCAS read (level 3): from where, and what it asks; never a PassTicket or a
/// whole certificate.
pub const TPX0110I: Message = msg(
    "TPX0110I",
    "DCAS REQUEST FROM {}: FORMAT {} APPLID {} {}",
    Prov::Reconstructed,
    OWN,
);
/// A PassTicket DCAS gave (level 2): the format, the user, the application, to whom.
pub const TPX0111I: Message = msg(
    "TPX0111I",
    "DCAS FORMAT {} PASSTICKET FOR USER {} APPLID {} SENT TO {}",
    Prov::Reconstructed,
    OWN,
);
/// A request DCAS refused (level 1): from where, the return and reason codes, why.
pub const TPX0112E: Message = msg(
    "TPX0112E",
    "DCAS REQUEST FROM {} REFUSED: RC {} REASON {}: {}",
    Prov::Reconstructed,
    OWN,
);

/// DCAS ends because its stack did.
pub const TPX0113E: Message = msg(
    "TPX0113E",
    "DCAS ENDS: TCP/IP STACK {} ENDED",
    Prov::Reconstructed,
    OWN,
);

/// Every message, for the documentation's table and its test.
pub const MESSAGES: &[&Message] = &[
    &IEE305I, &IEE535I, &IEE341I, &IEE114I, &HASP373, &HASP395, &IEF403I, &IEF404I, &IEA602I,
    &TPX0001I, &TPX0002I, &TPX0003I, &TPX0004I, &TPX0005I, &TPX0006I, &TPX0100I, &TPX0101I,
    &TPX0102I, &TPX0103E, &TPX0104W, &TPX0105I, &TPX0106I, &TPX0107E, &TPX0108I, &TPX0109W,
    &TPX0110I, &TPX0111I, &TPX0112E,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inserts_fill_in_order() {
        assert_eq!(
            IEE305I.text(&[&"SETDANNO"]),
            "IEE305I SETDANNO COMMAND INVALID"
        );
        assert_eq!(
            IEF403I.text(&[&"DCAS", &"00.00.05", &"0021", &"SYS1"]),
            "IEF403I DCAS - STARTED - TIME=00.00.05 - ASID=0021 - SYS1"
        );
    }

    /// The documentation's table lists every message with the code's tag.
    #[test]
    fn the_documentation_lists_every_message() {
        let page = include_str!("../../docs/reference/operator.md");
        for m in MESSAGES {
            let row = page
                .lines()
                .find(|l| l.starts_with(&format!("| {} |", m.id)))
                .unwrap_or_else(|| panic!("{} is not in docs/reference/operator.md §3", m.id));
            assert!(row.contains(&format!("`{}`", m.prov.tag())), "{row}");
        }
    }

    #[test]
    fn one_definition_of_each_id() {
        let mut ids: Vec<&str> = MESSAGES.iter().map(|m| m.id).collect();
        ids.sort_unstable();
        let before = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), before, "an ID is defined twice");
        // Only IBM's published IDs may carry an IBM prefix; the project's own are TPX.
        for m in MESSAGES {
            assert_eq!(
                m.prov == Prov::Reconstructed,
                m.id.starts_with("TPX"),
                "{}",
                m.id
            );
        }
    }
}
