//! Points in hundredths: a rulebook's half points (`shortfall = -0.5`) add
//! up exactly, so a ledger's lines always sum to its total.

use serde::{Deserialize, Serialize};

#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Points(pub i64);

impl Points {
    pub const ZERO: Points = Points(0);

    pub fn whole(n: i64) -> Points {
        Points(n * 100)
    }

    /// A number as written in a rulebook or on the command line: at most two
    /// decimals, so nothing is rounded away unseen.
    pub fn from_f64(f: f64) -> Option<Points> {
        let h = (f * 100.0).round();
        if !f.is_finite() || (h - f * 100.0).abs() > 1e-6 || h.abs() > 1e15 {
            return None;
        }
        Some(Points(h as i64))
    }

    pub fn parse(s: &str) -> Option<Points> {
        let s = s.trim().trim_start_matches('+');
        if s.is_empty() || s.contains(['e', 'E']) {
            return None;
        }
        s.parse::<f64>().ok().and_then(Points::from_f64)
    }

    pub fn as_f64(self) -> f64 {
        self.0 as f64 / 100.0
    }

    pub fn times(self, n: u64) -> Points {
        Points(self.0.saturating_mul(n.min(i64::MAX as u64) as i64))
    }

    pub fn is_negative(self) -> bool {
        self.0 < 0
    }
}

impl std::ops::Add for Points {
    type Output = Points;
    fn add(self, o: Points) -> Points {
        Points(self.0.saturating_add(o.0))
    }
}

impl std::ops::Sub for Points {
    type Output = Points;
    fn sub(self, o: Points) -> Points {
        Points(self.0.saturating_sub(o.0))
    }
}

impl std::ops::AddAssign for Points {
    fn add_assign(&mut self, o: Points) {
        *self = *self + o;
    }
}

impl std::ops::Neg for Points {
    type Output = Points;
    fn neg(self) -> Points {
        Points(-self.0)
    }
}

impl std::iter::Sum for Points {
    fn sum<I: Iterator<Item = Points>>(iter: I) -> Points {
        iter.fold(Points::ZERO, |a, b| a + b)
    }
}

/// `12`, `12.5`, `-0.25`: no trailing zeros.
impl std::fmt::Display for Points {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let a = self.0.unsigned_abs();
        let (whole, frac) = (a / 100, a % 100);
        let s = match frac {
            0 => format!("{sign}{whole}"),
            f if f % 10 == 0 => format!("{sign}{whole}.{}", f / 10),
            f => format!("{sign}{whole}.{f:02}"),
        };
        f.pad(&s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_numbers_keep_their_hundredths() {
        assert_eq!(Points::parse("4"), Some(Points(400)));
        assert_eq!(Points::parse("-0.5"), Some(Points(-50)));
        assert_eq!(Points::parse("+2.25"), Some(Points(225)));
        assert_eq!(Points::parse("0.125"), None);
        assert_eq!(Points::parse("1e3"), None);
        assert_eq!(Points::parse("x"), None);
    }

    #[test]
    fn shown_without_trailing_zeros() {
        assert_eq!(Points(1200).to_string(), "12");
        assert_eq!(Points(1250).to_string(), "12.5");
        assert_eq!(Points(-25).to_string(), "-0.25");
        assert_eq!(Points(-50).to_string(), "-0.5");
        assert_eq!(format!("{:>6}", Points(50)), "   0.5");
    }

    #[test]
    fn half_points_add_exactly() {
        let half = Points::parse("-0.5").unwrap();
        let sum: Points = (0..10).map(|_| half).sum();
        assert_eq!(sum, Points::whole(-5));
        assert_eq!(Points::whole(4).times(3), Points::whole(12));
    }
}
