//! Charts drawn on the server as SVG, so pages need no JavaScript to show
//! them: a bar chart of counts over days (mentions of an entity, articles
//! per day). Labels go through maud, so they are escaped like any text.

use maud::{html, Markup};

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 160.0;
const AXIS: f64 = 24.0;

/// A bar chart of `(label, count)` in order; `title` names it for screen readers.
pub fn bars(title: &str, points: &[(String, i64)]) -> Markup {
    let max = points.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1) as f64;
    let n = points.len().max(1) as f64;
    let slot = WIDTH / n;
    let bar = (slot * 0.8).max(1.0);
    let plot = HEIGHT - AXIS;
    let first = points.first().map(|(l, _)| l.as_str()).unwrap_or("");
    let last = points.last().map(|(l, _)| l.as_str()).unwrap_or("");
    html! {
        svg class="chart" viewBox=(format!("0 0 {WIDTH} {HEIGHT}")) role="img" aria-label=(title) preserveAspectRatio="none" {
            title { (title) }
            @for (i, (label, count)) in points.iter().enumerate() {
                @let h = (*count as f64 / max * (plot - 4.0)).max(1.0);
                rect x=(format!("{:.1}", i as f64 * slot + (slot - bar) / 2.0)) y=(format!("{:.1}", plot - h))
                    width=(format!("{bar:.1}")) height=(format!("{h:.1}")) {
                    title { (label) ": " (count) }
                }
            }
            line x1="0" y1=(plot) x2=(WIDTH) y2=(plot) class="axis" {}
            text x="0" y=(HEIGHT - 6.0) class="label" { (first) }
            text x=(WIDTH) y=(HEIGHT - 6.0) class="label end" { (last) }
            text x=(WIDTH) y="12" class="label end" { "max " (max as i64) }
        }
    }
}

/// Fills the days between the first and last of `points` with zeros, so a
/// chart's bars are evenly spaced in time (at most `max_days` bars).
pub fn daily(points: &[(String, i64)], max_days: usize) -> Vec<(String, i64)> {
    use chrono::NaiveDate;
    let parse = |d: &str| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok();
    let (Some(first), Some(last)) = (
        points.first().and_then(|(d, _)| parse(d)),
        points.last().and_then(|(d, _)| parse(d)),
    ) else {
        return points.to_vec();
    };
    let span = (last - first).num_days();
    if span < 0 || span as usize >= max_days {
        return points.to_vec();
    }
    let counts: std::collections::HashMap<&str, i64> =
        points.iter().map(|(d, n)| (d.as_str(), *n)).collect();
    (0..=span)
        .filter_map(|i| first.checked_add_days(chrono::Days::new(i as u64)))
        .map(|day| {
            let key = day.format("%Y-%m-%d").to_string();
            let n = counts.get(key.as_str()).copied().unwrap_or(0);
            (key, n)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_escaped_and_bars_drawn() {
        let svg = bars("<b>x</b>", &[("<script>".into(), 3), ("b".into(), 1)]).into_string();
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("&lt;script&gt;"));
        assert_eq!(svg.matches("<rect").count(), 2);
    }

    #[test]
    fn missing_days_are_zeros() {
        let filled = daily(&[("2024-05-01".into(), 2), ("2024-05-04".into(), 1)], 100);
        assert_eq!(filled.len(), 4);
        assert_eq!(filled[1], ("2024-05-02".to_string(), 0));
    }
}
