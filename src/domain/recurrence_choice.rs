//! The recurrence a clerk picks from a few choices — every month, quarter or year, on the
//! first…fourth or last given weekday — and the RRULE those choices write. Rules outside these
//! choices (fixed days of the month, end dates, several weekdays) are still typed as RRULE.

use chrono::Weekday;

use super::recurrence::{End, Frequency, Rule, WeekdayNum};

/// How often the meeting comes round.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cadence {
    Monthly,
    /// Every three months, counted from the series start's month.
    Quarterly,
    /// Once a year, in the chosen month.
    Yearly,
}

impl Cadence {
    pub const ALL: [Cadence; 3] = [Cadence::Monthly, Cadence::Quarterly, Cadence::Yearly];

    pub fn code(self) -> &'static str {
        match self {
            Cadence::Monthly => "monthly",
            Cadence::Quarterly => "quarterly",
            Cadence::Yearly => "yearly",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Cadence::ALL.into_iter().find(|c| c.code() == code)
    }
}

/// The ordinals offered: the first to fourth, and the last (-1). A fifth weekday is missing
/// from most months, so it is left to a typed rule.
pub const ORDINALS: [i8; 5] = [1, 2, 3, 4, -1];

/// The choices that make a rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RuleChoice {
    pub cadence: Cadence,
    /// 1..=12; only a yearly rule uses it.
    pub month: u8,
    /// One of [`ORDINALS`].
    pub ordinal: i8,
    pub weekday: Weekday,
}

impl RuleChoice {
    /// The rule the choices write; `None` when a month or ordinal is outside the choices.
    pub fn to_rule(&self) -> Option<Rule> {
        if !ORDINALS.contains(&self.ordinal) || !(1..=12).contains(&self.month) {
            return None;
        }
        let day = vec![WeekdayNum::nth(self.ordinal, self.weekday)];
        let rule = match self.cadence {
            Cadence::Monthly => Rule::new(Frequency::Monthly).with_by_day(day),
            Cadence::Quarterly => Rule::new(Frequency::Monthly)
                .with_interval(3)
                .and_then(|r| r.with_by_day(day)),
            Cadence::Yearly => Rule::new(Frequency::Yearly)
                .with_by_month(vec![self.month])
                .and_then(|r| r.with_by_day(day)),
        };
        rule.ok()
    }

    /// The choices that write `rule`, or `None` when it is not one of them. A monthly or
    /// quarterly rule gives no month, so `month` is what the caller shows for it.
    pub fn from_rule(rule: &Rule, month: u8) -> Option<RuleChoice> {
        if rule.end() != End::Never || !rule.by_month_day().is_empty() {
            return None;
        }
        let [day] = rule.by_day() else {
            return None;
        };
        let ordinal = day.ordinal.filter(|n| ORDINALS.contains(n))?;
        let (cadence, month) = match (rule.freq(), rule.interval(), rule.by_month()) {
            (Frequency::Monthly, 1, []) => (Cadence::Monthly, month),
            (Frequency::Monthly, 3, []) => (Cadence::Quarterly, month),
            (Frequency::Yearly, 1, [m]) => (Cadence::Yearly, *m),
            _ => return None,
        };
        Some(RuleChoice {
            cadence,
            month,
            ordinal,
            weekday: day.weekday,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn choice(cadence: Cadence, month: u8, ordinal: i8, weekday: Weekday) -> RuleChoice {
        RuleChoice {
            cadence,
            month,
            ordinal,
            weekday,
        }
    }

    fn written(c: RuleChoice) -> String {
        c.to_rule().map(|r| r.to_string()).unwrap_or_default()
    }

    #[test]
    fn choices_write_the_rule_a_clerk_means() {
        use Weekday::*;
        assert_eq!(
            written(choice(Cadence::Monthly, 5, 1, Mon)),
            "FREQ=MONTHLY;BYDAY=1MO"
        );
        assert_eq!(
            written(choice(Cadence::Quarterly, 5, 2, Tue)),
            "FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU"
        );
        assert_eq!(
            written(choice(Cadence::Yearly, 1, 3, Tue)),
            "FREQ=YEARLY;BYMONTH=1;BYDAY=3TU"
        );
        assert_eq!(
            written(choice(Cadence::Monthly, 1, -1, Fri)),
            "FREQ=MONTHLY;BYDAY=-1FR"
        );
        assert_eq!(choice(Cadence::Monthly, 1, 5, Fri).to_rule(), None);
        assert_eq!(choice(Cadence::Yearly, 13, 1, Fri).to_rule(), None);
    }

    #[test]
    fn every_choice_reads_back_from_its_rule() {
        for cadence in Cadence::ALL {
            for ordinal in ORDINALS {
                for weekday in [Weekday::Mon, Weekday::Thu, Weekday::Sun] {
                    let c = choice(cadence, 11, ordinal, weekday);
                    let rule = c.to_rule().unwrap();
                    let back = Rule::parse(&rule.to_string()).unwrap();
                    assert_eq!(RuleChoice::from_rule(&back, 11), Some(c), "{rule}");
                }
            }
        }
        let yearly = Rule::parse("FREQ=YEARLY;BYMONTH=6;BYDAY=-1WE").unwrap();
        assert_eq!(
            RuleChoice::from_rule(&yearly, 2),
            Some(choice(Cadence::Yearly, 6, -1, Weekday::Wed))
        );
    }

    #[test]
    fn rules_outside_the_choices_give_none() {
        for text in [
            "FREQ=WEEKLY;BYDAY=MO",
            "FREQ=MONTHLY;BYMONTHDAY=1",
            "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=1",
            "FREQ=MONTHLY;BYDAY=5MO",
            "FREQ=MONTHLY;BYDAY=-2FR",
            "FREQ=MONTHLY;BYDAY=MO",
            "FREQ=MONTHLY;BYDAY=1MO,3MO",
            "FREQ=MONTHLY;INTERVAL=2;BYDAY=1MO",
            "FREQ=MONTHLY;BYDAY=1MO;COUNT=5",
            "FREQ=MONTHLY;BYDAY=1MO;UNTIL=20260101",
            "FREQ=MONTHLY;BYMONTH=3,6;BYDAY=1MO",
            "FREQ=YEARLY;BYMONTH=1,7;BYDAY=1MO",
            "FREQ=YEARLY;INTERVAL=2;BYMONTH=1;BYDAY=1MO",
            "FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13",
        ] {
            let rule = Rule::parse(text).unwrap();
            assert_eq!(RuleChoice::from_rule(&rule, 1), None, "{text}");
        }
    }
}
