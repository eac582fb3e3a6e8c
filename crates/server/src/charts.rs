//! Charts drawn on the server as SVG, so pages need no JavaScript to show
//! them: counts over time (articles per period, mentions of an entity).
//!
//! A time chart has a real time axis: every period between the first and
//! the last dated article gets its bar, empty ones included, so bars years
//! apart are drawn years apart. The period is chosen by the range (days up
//! to [`MAX_DAY_BARS`] days, then weeks, months, years), each bar is a link
//! to the search of its period, and the axis is labelled under the chart.
//! Labels are HTML (an SVG stretched to the page's width would stretch its
//! text) laid out by the stylesheet alone: the page's CSP allows no inline
//! style. Undated articles are not in any chart; pages count them beside.
//! Labels go through maud, so they are escaped like any text.

use chrono::{Datelike, Days, Months, NaiveDate};
use maud::{html, Markup};

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 140.0;
/// The most bars drawn by day; longer ranges are drawn by week.
pub const MAX_DAY_BARS: i64 = 92;
/// The most bars drawn by week; longer ranges are drawn by month.
const MAX_WEEK_BARS: i64 = 105;
/// The most bars drawn by month; longer ranges are drawn by year.
const MAX_MONTH_BARS: i64 = 120;
/// Labels written under the axis, at most.
const TICKS: usize = 6;

/// How long one bar is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// One calendar day.
    Day,
    /// A week, Monday to Sunday.
    Week,
    /// A calendar month.
    Month,
    /// A calendar year.
    Year,
}

impl Period {
    /// "per day", "per week"… for captions.
    pub fn per(self) -> &'static str {
        match self {
            Period::Day => "per day",
            Period::Week => "per week (from Monday)",
            Period::Month => "per month",
            Period::Year => "per year",
        }
    }

    /// The first day of the period holding `day`.
    fn start(self, day: NaiveDate) -> NaiveDate {
        match self {
            Period::Day => day,
            Period::Week => day - Days::new(u64::from(day.weekday().num_days_from_monday())),
            Period::Month => day.with_day(1).unwrap_or(day),
            Period::Year => NaiveDate::from_ymd_opt(day.year(), 1, 1).unwrap_or(day),
        }
    }

    /// The first day of the next period.
    fn next(self, start: NaiveDate) -> Option<NaiveDate> {
        match self {
            Period::Day => start.checked_add_days(Days::new(1)),
            Period::Week => start.checked_add_days(Days::new(7)),
            Period::Month => start.checked_add_months(Months::new(1)),
            Period::Year => start.checked_add_months(Months::new(12)),
        }
    }

    /// The label of the period starting on `start`.
    fn label(self, start: NaiveDate) -> String {
        match self {
            Period::Day | Period::Week => start.format("%Y-%m-%d").to_string(),
            Period::Month => start.format("%Y-%m").to_string(),
            Period::Year => start.format("%Y").to_string(),
        }
    }
}

/// One bar: a period (first and last day) and its count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bar {
    /// The first day of the period.
    pub first: NaiveDate,
    /// The last day of the period (the same as `first` for a day).
    pub last: NaiveDate,
    /// How the period is written under the bar ("2024-03-04", "2024-03", "2024").
    pub label: String,
    /// The sum of the counts of the period's days.
    pub count: i64,
}

/// Counts per day (`YYYY-MM-DD`, any order; unreadable days are skipped)
/// as bars over every period from the first to the last, empty periods
/// included, with the period the range calls for.
pub fn timeline(per_day: &[(String, i64)]) -> (Period, Vec<Bar>) {
    timeline_by(per_day, None)
}

impl Period {
    /// `day`, `week`, `month` or `year`.
    pub fn parse(name: &str) -> Option<Period> {
        match name {
            "day" => Some(Period::Day),
            "week" => Some(Period::Week),
            "month" => Some(Period::Month),
            "year" => Some(Period::Year),
            _ => None,
        }
    }

    /// The name [`Period::parse`] reads.
    pub fn name(self) -> &'static str {
        match self {
            Period::Day => "day",
            Period::Week => "week",
            Period::Month => "month",
            Period::Year => "year",
        }
    }
}

/// [`timeline`] with the period given, or chosen by the range when `None`.
pub fn timeline_by(per_day: &[(String, i64)], period: Option<Period>) -> (Period, Vec<Bar>) {
    let days: Vec<(NaiveDate, i64)> = per_day
        .iter()
        .filter_map(|(d, n)| {
            let day = NaiveDate::parse_from_str(d.get(..10)?, "%Y-%m-%d").ok()?;
            Some((day, *n))
        })
        .collect();
    let (Some(first), Some(last)) = (
        days.iter().map(|(d, _)| *d).min(),
        days.iter().map(|(d, _)| *d).max(),
    ) else {
        return (Period::Day, Vec::new());
    };
    let span = (last - first).num_days() + 1;
    let period = period.unwrap_or(if span <= MAX_DAY_BARS {
        Period::Day
    } else if span <= MAX_WEEK_BARS * 7 {
        Period::Week
    } else if span <= MAX_MONTH_BARS * 31 {
        Period::Month
    } else {
        Period::Year
    });
    let mut bars: Vec<Bar> = Vec::new();
    let mut start = period.start(first);
    while start <= last {
        let Some(next) = period.next(start) else {
            break;
        };
        bars.push(Bar {
            first: start,
            last: next.pred_opt().unwrap_or(start),
            label: period.label(start),
            count: 0,
        });
        start = next;
    }
    add_counts(&mut bars, per_day);
    (period, bars)
}

/// Adds counts per day (`YYYY-MM-DD`) to the bars holding those days; days
/// outside every bar, or unreadable, are left out.
pub fn add_counts(bars: &mut [Bar], per_day: &[(String, i64)]) {
    for (day, n) in per_day {
        let Some(day) = day
            .get(..10)
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        else {
            continue;
        };
        // Bars are in order and contiguous: the one holding `day` is found
        // by its start.
        let at = bars.partition_point(|b| b.first <= day);
        if let Some(bar) = at
            .checked_sub(1)
            .and_then(|i| bars.get_mut(i))
            .filter(|bar| day <= bar.last)
        {
            bar.count += n;
        }
    }
}

/// A time chart of `per_day` counts: the bars (each a link made by `href`
/// from its first and last day), the axis labels under them, and the
/// highest count. `title` names it for screen readers; `empty` is said
/// when there is nothing dated to draw.
pub fn time_chart(
    title: &str,
    per_day: &[(String, i64)],
    href: &dyn Fn(&str, &str) -> String,
    empty: &str,
) -> Markup {
    let (period, bars) = timeline(per_day);
    if bars.is_empty() {
        return html! { p.muted.chart-empty { (empty) } };
    }
    let max = bars.iter().map(|b| b.count).max().unwrap_or(0);
    let step = bars.len().div_ceil(TICKS).max(1);
    html! {
        figure.chart.timeline {
            (bar_svg(title, &bars, max, href))
            ol.ticks aria-hidden="true" {
                @for (i, bar) in bars.iter().enumerate() {
                    @if i % step == 0 {
                        // Every other label is left out on narrow screens.
                        li class=(if (i / step) % 2 == 1 { "tick minor" } else { "tick" }) { span { (bar.label) } }
                    } @else {
                        li {}
                    }
                }
            }
            figcaption.axis {
                span { (bars.first().map(|b| b.label.as_str()).unwrap_or("")) " – " (bars.last().map(|b| b.label.as_str()).unwrap_or("")) }
                span { "bars " (period.per()) " · highest " (max) }
            }
        }
    }
}

fn bar_svg(title: &str, bars: &[Bar], max: i64, href: &dyn Fn(&str, &str) -> String) -> Markup {
    let top = max.max(1) as f64;
    let slot = WIDTH / bars.len().max(1) as f64;
    let width = (slot * 0.8).max(0.5);
    html! {
        svg class="chart" viewBox=(format!("0 0 {WIDTH} {HEIGHT}")) role="img" aria-label=(title) preserveAspectRatio="none" {
            title { (title) }
            @for (i, bar) in bars.iter().enumerate() {
                @let h = if bar.count > 0 { (bar.count as f64 / top * (HEIGHT - 4.0)).max(1.5) } else { 0.0 };
                @let first = bar.first.format("%Y-%m-%d").to_string();
                @let last = bar.last.format("%Y-%m-%d").to_string();
                a href=(href(&first, &last)) {
                    title { (bar.label) ": " (bar.count) }
                    // The whole slot takes the click; the bar shows the count.
                    rect.slot x=(format!("{:.2}", i as f64 * slot)) y="0" width=(format!("{slot:.2}")) height=(HEIGHT) {}
                    @if bar.count > 0 {
                        rect.bar x=(format!("{:.2}", i as f64 * slot + (slot - width) / 2.0)) y=(format!("{:.2}", HEIGHT - h))
                            width=(format!("{width:.2}")) height=(format!("{h:.2}")) {}
                    }
                }
            }
            line x1="0" y1=(HEIGHT) x2=(WIDTH) y2=(HEIGHT) class="axis" {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn days(list: &[(&str, i64)]) -> Vec<(String, i64)> {
        list.iter().map(|(d, n)| (d.to_string(), *n)).collect()
    }

    #[test]
    fn empty_days_get_their_bars() {
        let (period, bars) = timeline(&days(&[("2024-05-01", 2), ("2024-05-04", 1)]));
        assert_eq!(period, Period::Day);
        assert_eq!(bars.len(), 4);
        assert_eq!(
            bars.iter().map(|b| b.count).collect::<Vec<_>>(),
            [2, 0, 0, 1]
        );
        assert_eq!(bars[1].label, "2024-05-02");
    }

    #[test]
    fn years_apart_are_drawn_apart_by_month_or_year() {
        let (period, bars) = timeline(&days(&[("2026-03-01", 5), ("2019-06-10", 1)]));
        assert_eq!(period, Period::Month);
        assert_eq!(bars.first().map(|b| b.label.as_str()), Some("2019-06"));
        assert_eq!(bars.last().map(|b| b.label.as_str()), Some("2026-03"));
        assert_eq!(bars.len(), 82);
        assert_eq!(bars.iter().map(|b| b.count).sum::<i64>(), 6);
        let (period, bars) = timeline(&days(&[("1990-01-01", 1), ("2026-01-01", 1)]));
        assert_eq!(period, Period::Year);
        assert_eq!(bars.len(), 37);
    }

    #[test]
    fn weeks_start_on_monday_and_cover_their_days() {
        let (period, bars) = timeline(&days(&[("2024-01-03", 1), ("2024-06-30", 2)]));
        assert_eq!(period, Period::Week);
        assert_eq!(bars[0].first.to_string(), "2024-01-01");
        assert_eq!(bars[0].last.to_string(), "2024-01-07");
        assert_eq!(bars.last().map(|b| b.count), Some(2));
    }

    #[test]
    fn bars_are_links_and_labels_are_escaped() {
        let chart = time_chart(
            "<b>x</b>",
            &days(&[("2024-05-01", 3), ("2024-05-03", 1)]),
            &|first, last| format!("/search?since={first}&until={last}"),
            "nothing",
        )
        .into_string();
        assert!(!chart.contains("<b>x</b>"));
        assert_eq!(chart.matches("<a href=").count(), 3);
        assert!(chart.contains("/search?since=2024-05-02&amp;until=2024-05-02"));
        assert_eq!(chart.matches("class=\"bar\"").count(), 2);
        assert!(time_chart("t", &[], &|_, _| String::new(), "nothing dated")
            .into_string()
            .contains("nothing dated"));
    }
}
