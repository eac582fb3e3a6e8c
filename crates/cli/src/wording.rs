//! How figures read in messages: a count with its noun in the right number
//! ("1 page", "3 pages") and a rate with as many digits as it deserves
//! ("0.4 pages/s", "75 pages/s"). Progress bars and summaries use these, so
//! no message says "1 revisions" or "75.4273/s".

/// `n` followed by `one` or `many`, as `n` asks.
pub fn counted(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A rate per second: whole numbers from 10 up, one decimal below, `–` when
/// nothing has been measured yet.
pub fn per_second(rate: f64) -> String {
    if !rate.is_finite() || rate <= 0.0 {
        "–".to_string()
    } else if rate >= 10.0 {
        format!("{rate:.0}")
    } else {
        format!("{rate:.1}")
    }
}

/// A duration as people say it: "45 s", "3 min 20 s", "2 h 5 min".
pub fn duration(seconds: u64) -> String {
    match seconds {
        0..=59 => format!("{seconds} s"),
        60..=3599 => format!("{} min {} s", seconds / 60, seconds % 60),
        _ => format!("{} h {} min", seconds / 3600, seconds % 3600 / 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_agree_with_their_nouns() {
        assert_eq!(counted(1, "page", "pages"), "1 page");
        assert_eq!(counted(0, "page", "pages"), "0 pages");
        assert_eq!(counted(2, "revision", "revisions"), "2 revisions");
    }

    #[test]
    fn rates_keep_the_digits_they_deserve() {
        assert_eq!(per_second(75.4273), "75");
        assert_eq!(per_second(0.42), "0.4");
        assert_eq!(per_second(0.0), "–");
        assert_eq!(per_second(f64::NAN), "–");
    }

    #[test]
    fn durations_read_in_units() {
        assert_eq!(duration(0), "0 s");
        assert_eq!(duration(200), "3 min 20 s");
        assert_eq!(duration(7500), "2 h 5 min");
    }
}
