//! The virtual clock every run shares: time only moves when the scheduler moves it, so a run
//! prints the same bytes every time. Times are microseconds since the run began; the run begins
//! at a fixed instant, [`EPOCH_UNIX_SECS`], which also gives TOD-clock values (NMI StartTime)
//! and Netstat dates.

use std::fmt;

/// 2010-09-24 00:00:00 UTC, z/OS V1R12's general availability: when every run's clock starts
/// (`reconstructed`: any fixed instant keeps runs deterministic).
pub const EPOCH_UNIX_SECS: u64 = 1_285_286_400;

/// Seconds from the TOD clock's epoch (1900-01-01) to the Unix epoch (1970-01-01).
const TOD_TO_UNIX_SECS: u64 = 2_208_988_800;

/// A point on the virtual clock, in microseconds since the run began.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct VirtualTime(pub u64);

impl VirtualTime {
    pub const ZERO: VirtualTime = VirtualTime(0);

    pub const fn from_secs(s: u64) -> VirtualTime {
        VirtualTime(s * 1_000_000)
    }

    pub const fn from_millis(ms: u64) -> VirtualTime {
        VirtualTime(ms * 1_000)
    }

    /// Seconds as a scenario file gives them (fractions allowed); negative or not finite is 0.
    pub fn from_secs_f64(s: f64) -> VirtualTime {
        if s.is_finite() && s > 0.0 {
            VirtualTime((s * 1e6).round() as u64)
        } else {
            VirtualTime::ZERO
        }
    }

    pub const fn micros(self) -> u64 {
        self.0
    }

    pub const fn saturating_add(self, us: u64) -> VirtualTime {
        VirtualTime(self.0.saturating_add(us))
    }

    /// The 64-bit TOD clock value at this instant: microseconds since 1900 in bits 0-51, that
    /// is the count shifted left 12 (`confirmed`: z/Architecture TOD clock format).
    pub const fn tod(self) -> u64 {
        let micros_since_1900 = (EPOCH_UNIX_SECS + TOD_TO_UNIX_SECS) * 1_000_000 + self.0;
        micros_since_1900 << 12
    }

    /// Calendar date and time of day (UTC): (year, month, day, hour, minute, second).
    pub fn civil(self) -> (u64, u64, u64, u64, u64, u64) {
        let secs = EPOCH_UNIX_SECS + self.0 / 1_000_000;
        let (days, rem) = (secs / 86_400, secs % 86_400);
        // Days to civil date (Howard Hinnant's algorithm), for dates after 1970.
        let z = days + 719_468;
        let era = z / 146_097;
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + u64::from(month <= 2);
        (year, month, day, rem / 3_600, rem % 3_600 / 60, rem % 60)
    }

    /// `MM/DD/YYYY`, the way Netstat prints a date.
    pub fn date(self) -> String {
        let (y, m, d, ..) = self.civil();
        format!("{m:02}/{d:02}/{y:04}")
    }

    /// `HH:MM:SS`.
    pub fn time_of_day(self) -> String {
        let (.., h, mi, s) = self.civil();
        format!("{h:02}:{mi:02}:{s:02}")
    }

    /// The day of the year, 1 to 366.
    pub fn day_of_year(self) -> u64 {
        let (y, m, d, ..) = self.civil();
        const BEFORE: [u64; 12] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        BEFORE[(m - 1) as usize] + d + u64::from(leap && m > 2)
    }

    /// The hardcopy log's date, `yyddd` (HCFORMAT(YEAR2)).
    pub fn julian(self) -> String {
        let (y, ..) = self.civil();
        format!("{:02}{:03}", y % 100, self.day_of_year())
    }

    /// `HH:MM:SS.th`, to the hundredth, as the hardcopy log shows time.
    pub fn time_hundredths(self) -> String {
        format!("{}.{:02}", self.time_of_day(), self.0 % 1_000_000 / 10_000)
    }

    /// `HH.MM.SS`, as IEF403I and IEF404I give TIME=.
    pub fn time_dotted(self) -> String {
        self.time_of_day().replace(':', ".")
    }

    /// A syslog time stamp, `Mmm dd HH:MM:SS` with the day padded by a blank (RFC 3164).
    pub fn syslog_stamp(self) -> String {
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let (_, m, d, ..) = self.civil();
        format!("{} {d:>2} {}", MONTHS[(m - 1) as usize], self.time_of_day())
    }
}

impl fmt::Display for VirtualTime {
    /// Seconds since the run began, to the microsecond: `12.000250`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:06}", self.0 / 1_000_000, self.0 % 1_000_000)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_and_tod() {
        assert_eq!(VirtualTime::ZERO.date(), "09/24/2010");
        assert_eq!(VirtualTime::ZERO.time_of_day(), "00:00:00");
        let later = VirtualTime::from_secs(86_400 * 100 + 3_723);
        assert_eq!(
            (later.date().as_str(), later.time_of_day().as_str()),
            ("01/02/2011", "01:02:03")
        );
        // TOD for 2010-09-24: well-known prefix C6.. for dates in 2010.
        assert_eq!(VirtualTime::ZERO.tod() >> 56, 0xC6);
        assert_eq!(VirtualTime(1).tod() - VirtualTime::ZERO.tod(), 1 << 12);
        assert_eq!(VirtualTime::from_secs_f64(1.5), VirtualTime(1_500_000));
        assert_eq!(VirtualTime::from_secs_f64(-3.0), VirtualTime::ZERO);
        assert_eq!(VirtualTime(12_000_250).to_string(), "12.000250");
        assert_eq!(VirtualTime::ZERO.julian(), "10267");
        assert_eq!(later.julian(), "11002");
        assert_eq!(VirtualTime(5_678_000).time_hundredths(), "00:00:05.67");
        assert_eq!(later.time_dotted(), "01.02.03");
        assert_eq!(later.syslog_stamp(), "Jan  2 01:02:03");
        assert_eq!(VirtualTime::ZERO.syslog_stamp(), "Sep 24 00:00:00");
        // 2012 is a leap year: 1 March is day 61.
        let march = VirtualTime::from_secs(1_330_560_000 - EPOCH_UNIX_SECS);
        assert_eq!(
            (march.date().as_str(), march.day_of_year()),
            ("03/01/2012", 61)
        );
    }
}
