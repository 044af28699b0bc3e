//! Small numbers are not shown, as statistics offices do: a figure about fewer than five
//! people or events could point at someone.
//!
//! A cell is suppressed when its denominator is below [`MIN_CASES`], or when the cases it
//! is about (the numerator of a share, the clients of the 75+ figure, the events behind a
//! cost) number one to four. Zero cases are shown: "nobody" points at no one. T3 is a
//! measurement of units' appointment books, not of people, and is never suppressed.

use crate::indicators::Unit;

pub const MIN_CASES: f64 = 5.0;

pub fn suppressed(denominator: f64, cases: f64, unit: Unit) -> bool {
    if unit == Unit::Days {
        return false;
    }
    denominator < MIN_CASES || (cases > 0.0 && cases < MIN_CASES)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_counts_are_hidden_zero_is_not() {
        assert!(suppressed(4.0, 4.0, Unit::Percent));
        assert!(suppressed(100.0, 3.0, Unit::Percent));
        assert!(!suppressed(100.0, 0.0, Unit::Percent));
        assert!(!suppressed(5.0, 5.0, Unit::Percent));
        assert!(!suppressed(2.0, 2.0, Unit::Days));
    }
}
