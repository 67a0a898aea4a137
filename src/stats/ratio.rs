//! A percentage kept with its numerator and denominator.

use serde::Serialize;

/// `num / den` as a percentage. `percent` is 0 when `den` is 0.
/// `text` is the Vietnamese form with two decimals: "32,43%".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ratio {
    pub num: u32,
    pub den: u32,
    pub percent: f64,
    pub text: String,
}

impl Ratio {
    pub fn new(num: u32, den: u32) -> Ratio {
        let percent = if den == 0 {
            0.0
        } else {
            f64::from(num) * 100.0 / f64::from(den)
        };
        Ratio {
            num,
            den,
            percent,
            text: format_percent(percent),
        }
    }

    /// The percentage in hundredths of a per cent, rounded: 32,43% -> 3243.
    pub fn hundredths(&self) -> i64 {
        hundredths(self.percent)
    }
}

/// A percentage in hundredths, rounded half away from zero.
pub fn hundredths(percent: f64) -> i64 {
    (percent * 100.0).round() as i64
}

/// "32,43%": two decimals, decimal comma, no space before %.
pub fn format_percent(percent: f64) -> String {
    format!("{:.2}%", percent).replace('.', ",")
}

/// Fractions `a/b` with `b` near `den` (within 3) that round to the same
/// two-decimal percentage as `percent`: what the writer probably divided.
pub fn explain(percent: f64, den: u32) -> Option<(u32, u32)> {
    let target = hundredths(percent);
    let lo = den.saturating_sub(3).max(1);
    let mut best: Option<(u32, u32, u32)> = None;
    for b in lo..=den.saturating_add(3) {
        let a = (percent * f64::from(b) / 100.0).round();
        if a < 0.0 {
            continue;
        }
        let a = a as u32;
        if Ratio::new(a, b).hundredths() == target {
            let dist = b.abs_diff(den);
            if best.is_none_or(|(_, _, d)| dist < d) {
                best = Some((a, b, dist));
            }
        }
    }
    best.map(|(a, b, _)| (a, b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratio_and_text() {
        let r = Ratio::new(24, 74);
        assert_eq!(r.text, "32,43%");
        assert_eq!(Ratio::new(20, 74).text, "27,03%");
        assert_eq!(Ratio::new(162, 162).text, "100,00%");
        assert_eq!(Ratio::new(0, 0).percent, 0.0);
    }

    #[test]
    fn explains_article_percentages() {
        assert_eq!(explain(31.51, 74), Some((23, 73)));
        assert_eq!(explain(32.88, 74), Some((24, 73)));
        assert_eq!(explain(27.03, 74), Some((20, 74)));
        assert_eq!(explain(99.99, 5), None);
    }
}
