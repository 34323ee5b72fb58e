//! The timeline: statements per year as an SVG bar chart drawn on the server, so it reads
//! without JavaScript. Each bar links to the same search narrowed to its year; with
//! `static/js/timeline.js`, dragging across bars sets a date range (`from`/`to`) instead.

use chrono::{Datelike, NaiveDate};

use super::params::SearchParams;
use crate::search::FacetCount;

/// Years drawn at most: the most recent ones when a result spans more.
const MAX_YEARS: usize = 60;
/// Bars are as wide as fits [`MIN_WIDTH`], between these bounds, so a short span stays legible.
const MIN_BAR_WIDTH: u32 = 14;
const MAX_BAR_WIDTH: u32 = 48;
const MIN_WIDTH: u32 = 200;
const GAP: u32 = 3;
const CHART_HEIGHT: u32 = 80;
/// Room under the bars for the first and last year's labels.
const LABEL_HEIGHT: u32 = 16;

pub struct Bar {
    pub x: u32,
    pub y: u32,
    pub width: u32,
    pub height: u32,
    pub year: i32,
    pub count: u64,
    pub url: String,
    /// The year filter is this year.
    pub active: bool,
    /// The date range (`from`/`to`) covers this year.
    pub in_range: bool,
}

pub struct Timeline {
    pub width: u32,
    pub height: u32,
    pub chart_height: u32,
    pub bars: Vec<Bar>,
    pub first_year: i32,
    pub last_year: i32,
    /// Where the last year's label ends (the right edge).
    pub last_label_x: u32,
    /// "Statements per year, 1985 to 2024; most in 2015 (312)": the chart as a sentence.
    pub summary: String,
    /// Distance from one bar's start to the next, in the SVG's units: the script that turns a
    /// drag into years reads it.
    pub step: u32,
    /// The search without any year or date range, to which a drag adds `from` and `to`.
    pub range_url: String,
}

/// The timeline of a result's year counts; `None` when fewer than two years have statements.
/// Years without statements are drawn as gaps, so the spacing is true to time.
pub fn timeline(years: &[FacetCount], params: &SearchParams, base: &str) -> Option<Timeline> {
    let counts: Vec<(i32, u64)> = years
        .iter()
        .filter_map(|c| Some((c.value.parse::<i32>().ok()?, c.count)))
        .filter(|(_, n)| *n > 0)
        .collect();
    let last_year = counts.iter().map(|(y, _)| *y).max()?;
    let first_year = counts
        .iter()
        .map(|(y, _)| *y)
        .min()?
        .max(last_year - MAX_YEARS as i32 + 1);
    if first_year == last_year {
        return None;
    }
    let max = counts.iter().map(|(_, n)| *n).max().unwrap_or(1).max(1);
    let n_years = (last_year - first_year + 1) as u32;
    let bar_width = (MIN_WIDTH / n_years)
        .saturating_sub(GAP)
        .clamp(MIN_BAR_WIDTH, MAX_BAR_WIDTH);
    let current = params.year.as_deref();
    let range = year_range(params);
    let bars: Vec<Bar> = (first_year..=last_year)
        .enumerate()
        .map(|(i, year)| {
            let count = counts
                .iter()
                .find(|(y, _)| *y == year)
                .map_or(0, |(_, n)| *n);
            // At least 2 px for a year with statements, so a small year stays visible.
            let height = if count == 0 {
                0
            } else {
                ((count * u64::from(CHART_HEIGHT)) / max).max(2) as u32
            };
            let year_text = year.to_string();
            let active = current == Some(year_text.as_str());
            let in_range = range.is_some_and(|(from, to)| (from..=to).contains(&year));
            Bar {
                x: i as u32 * (bar_width + GAP),
                y: CHART_HEIGHT - height,
                width: bar_width,
                height,
                year,
                count,
                // A year replaces any date range: the bar shows that year alone.
                url: params
                    .with("year", if active { None } else { Some(&year_text) })
                    .with("from", None)
                    .with("to", None)
                    .url(base),
                active,
                in_range,
            }
        })
        .collect();
    let width = bars.len() as u32 * (bar_width + GAP) - GAP;
    let (peak_year, peak) = counts
        .iter()
        .filter(|(y, _)| *y >= first_year)
        .max_by_key(|(y, n)| (*n, -*y))
        .copied()
        .unwrap_or((last_year, 0));
    Some(Timeline {
        width,
        height: CHART_HEIGHT + LABEL_HEIGHT,
        chart_height: CHART_HEIGHT,
        summary: format!(
            "Statements per year, {first_year} to {last_year}; most in {peak_year} ({peak})"
        ),
        bars,
        first_year,
        last_year,
        last_label_x: width,
        step: bar_width + GAP,
        range_url: params
            .with("year", None)
            .with("from", None)
            .with("to", None)
            .url(base),
    })
}

/// The years a `from`/`to` date range touches; an open end reaches as far as years go.
fn year_range(params: &SearchParams) -> Option<(i32, i32)> {
    let year_of = |v: &Option<String>| -> Option<i32> {
        v.as_deref()
            .and_then(|d| NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok())
            .map(|d| d.year())
    };
    let (from, to) = (year_of(&params.from), year_of(&params.to));
    if from.is_none() && to.is_none() {
        return None;
    }
    Some((from.unwrap_or(i32::MIN), to.unwrap_or(i32::MAX)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn years(pairs: &[(&str, u64)]) -> Vec<FacetCount> {
        pairs
            .iter()
            .map(|(y, n)| FacetCount {
                value: y.to_string(),
                label: y.to_string(),
                count: *n,
            })
            .collect()
    }

    #[test]
    fn gaps_are_drawn_and_the_tallest_year_fills_the_chart() {
        let t = timeline(
            &years(&[("2024", 10), ("2021", 5)]),
            &SearchParams::default(),
            "/search",
        )
        .expect("a timeline");
        assert_eq!(t.bars.len(), 4, "2021, 2022, 2023, 2024");
        assert_eq!(t.bars[0].height, CHART_HEIGHT / 2);
        assert_eq!(t.bars[1].height, 0);
        assert_eq!(t.bars[3].height, CHART_HEIGHT);
        assert_eq!(t.bars[3].url, "/search?year=2024");
        assert!(t.summary.contains("most in 2024 (10)"), "{}", t.summary);
    }

    #[test]
    fn the_active_year_links_back_to_all_years() {
        let params = SearchParams {
            year: Some("2021".into()),
            q: Some("space".into()),
            ..SearchParams::default()
        };
        let t =
            timeline(&years(&[("2024", 1), ("2021", 5)]), &params, "/search").expect("a timeline");
        assert!(t.bars[0].active);
        assert_eq!(t.bars[0].url, "/search?q=space");
    }

    #[test]
    fn a_date_range_marks_its_years_and_a_bar_replaces_it() {
        let params = SearchParams {
            q: Some("space".into()),
            from: Some("2022-03-01".into()),
            to: Some("2023-12-31".into()),
            ..SearchParams::default()
        };
        let t =
            timeline(&years(&[("2021", 1), ("2024", 5)]), &params, "/search").expect("a timeline");
        let marked: Vec<i32> = t
            .bars
            .iter()
            .filter(|b| b.in_range)
            .map(|b| b.year)
            .collect();
        assert_eq!(marked, [2022, 2023]);
        assert_eq!(t.bars[0].url, "/search?q=space&year=2021");
        assert_eq!(t.range_url, "/search?q=space");
        assert_eq!(t.step, t.bars[1].x - t.bars[0].x);
    }

    #[test]
    fn one_year_or_none_draws_nothing_and_long_spans_keep_the_latest_years() {
        assert!(timeline(&years(&[("2024", 3)]), &SearchParams::default(), "/search").is_none());
        assert!(timeline(&[], &SearchParams::default(), "/search").is_none());
        let t = timeline(
            &years(&[("1900", 1), ("2024", 1)]),
            &SearchParams::default(),
            "/search",
        )
        .expect("a timeline");
        assert_eq!(t.bars.len(), MAX_YEARS);
        assert_eq!(t.first_year, 2024 - MAX_YEARS as i32 + 1);
        assert_eq!(t.bars[0].width, MIN_BAR_WIDTH);
    }

    #[test]
    fn a_short_span_gets_wide_bars_so_its_year_labels_do_not_collide() {
        let t = timeline(
            &years(&[("2023", 1), ("2024", 4)]),
            &SearchParams::default(),
            "/search",
        )
        .expect("a timeline");
        // Two year labels of 11 px type need about 60 px.
        assert!(t.width >= 90, "{}", t.width);
        assert_eq!(t.bars[0].width, MAX_BAR_WIDTH);
    }
}
