//! The timeline: statements per year, or per month when a result falls within one year, as an
//! SVG bar chart drawn on the server, so it reads without JavaScript. Each bar links to the
//! same search narrowed to its year or month; with `static/js/timeline.js`, dragging across
//! bars sets a date range (`from`/`to`) instead.

use chrono::{Month, NaiveDate};

use super::params::{Param, SearchParams};
use crate::search::FacetCount;

/// Years drawn at most: the most recent ones when a result spans more.
const MAX_YEARS: usize = 60;
/// Bars are as wide as fits [`MIN_WIDTH`], between these bounds, so a short span stays legible.
const MIN_BAR_WIDTH: u32 = 14;
const MAX_BAR_WIDTH: u32 = 48;
const MIN_WIDTH: u32 = 200;
/// Twelve months get more room than a few years: a month chart is read bar by bar.
const MONTHS_MIN_WIDTH: u32 = 320;
const GAP: u32 = 3;
const CHART_HEIGHT: u32 = 80;
/// Room under the bars for the first and last bar's labels.
const LABEL_HEIGHT: u32 = 16;

pub struct Bar {
    pub x: u32,
    pub y: u32,
    pub width: u32,
    pub height: u32,
    /// "2019", or "September 2024".
    pub label: String,
    /// The year, or the month's number (1 to 12).
    pub key: i32,
    pub count: u64,
    pub url: String,
    /// The filter is exactly this year or month: its link goes back to the wider view.
    pub active: bool,
    /// The date range (`from`/`to`) covers part of this year or month.
    pub in_range: bool,
}

pub struct Timeline {
    /// `year` or `month`: what one bar counts.
    pub unit: &'static str,
    pub width: u32,
    pub height: u32,
    pub chart_height: u32,
    pub bars: Vec<Bar>,
    /// The first and last bar's keys and axis labels.
    pub first: i32,
    pub last: i32,
    pub first_label: String,
    pub last_label: String,
    /// Where the last label ends (the right edge).
    pub last_label_x: u32,
    /// The year the months belong to; `None` for a chart of years.
    pub year: Option<i32>,
    /// "Statements per year, 1985 to 2024; most in 2015 (312)": the chart as a sentence.
    pub summary: String,
    /// Distance from one bar's start to the next, in the SVG's units: the script that turns a
    /// drag into dates reads it.
    pub step: u32,
    /// The search without any year or date range, to which a drag adds `from` and `to`.
    pub range_url: String,
    /// A month chart of a narrowed search links back to all years.
    pub all_years_url: Option<String>,
}

/// One bar before it is drawn.
struct Slot {
    label: String,
    key: i32,
    count: u64,
    url: String,
    active: bool,
    in_range: bool,
}

/// The timeline of a result's year counts; `None` when fewer than two years have statements
/// (a one-year result is drawn by [`months`]). Years without statements are drawn as gaps,
/// so the spacing is true to time.
pub fn timeline(years: &[FacetCount], params: &SearchParams, base: &str) -> Option<Timeline> {
    let counts = year_counts(years);
    let last_year = counts.iter().map(|(y, _)| *y).max()?;
    let first_year = counts
        .iter()
        .map(|(y, _)| *y)
        .min()?
        .max(last_year.saturating_sub(MAX_YEARS as i32 - 1));
    if first_year == last_year {
        return None;
    }
    let current = params.year.as_deref();
    let range = date_range(params);
    let slots: Vec<Slot> = (first_year..=last_year)
        .map(|year| {
            let count = counts
                .iter()
                .find(|(y, _)| *y == year)
                .map_or(0, |(_, n)| *n);
            let year_text = year.to_string();
            let active = current == Some(year_text.as_str());
            let (start, end) = year_bounds(year)?;
            Some(Slot {
                // A year replaces any date range: the bar shows that year alone.
                url: params
                    .with(Param::Year, if active { None } else { Some(&year_text) })
                    .with(Param::From, None)
                    .with(Param::To, None)
                    .url(base),
                in_range: range.is_some_and(|r| overlaps(r, (start, end))),
                label: year_text,
                key: year,
                count,
                active,
            })
        })
        .collect::<Option<_>>()?;
    let (peak_year, peak) = counts
        .iter()
        .filter(|(y, _)| *y >= first_year)
        .max_by_key(|(y, n)| (*n, -*y))
        .copied()
        .unwrap_or((last_year, 0));
    let summary =
        format!("Statements per year, {first_year} to {last_year}; most in {peak_year} ({peak})");
    Some(draw(slots, "year", None, summary, params, base, MIN_WIDTH))
}

/// The timeline of one year's statements per month. `undated` counts the year's statements
/// that give no exact date, which no month can show. `None` when no month has a statement.
pub fn months(
    year: i32,
    counts: &[u64; 12],
    undated: u64,
    params: &SearchParams,
    base: &str,
) -> Option<Timeline> {
    if counts.iter().all(|n| *n == 0) {
        return None;
    }
    let range = date_range(params);
    let slots: Vec<Slot> = (1..=12u32)
        .zip(counts)
        .map(|(month, &count)| {
            let start = NaiveDate::from_ymd_opt(year, month, 1)?;
            let end = start
                .checked_add_months(chrono::Months::new(1))?
                .pred_opt()?;
            let (from, to) = (start.to_string(), end.to_string());
            let active = params.from.as_deref() == Some(from.as_str())
                && params.to.as_deref() == Some(to.as_str());
            let narrowed = params.with(Param::Year, None);
            let url = if active {
                // Selected again: back to the whole year.
                narrowed
                    .with(Param::Year, Some(&year.to_string()))
                    .with(Param::From, None)
                    .with(Param::To, None)
            } else {
                narrowed
                    .with(Param::From, Some(&from))
                    .with(Param::To, Some(&to))
            };
            Some(Slot {
                label: format!("{} {year}", month_name(month)?),
                key: month as i32,
                count,
                url: url.url(base),
                active,
                in_range: range.is_some_and(|r| overlaps(r, (start, end))),
            })
        })
        .collect::<Option<_>>()?;
    let (peak_month, peak) = (1..=12u32)
        .zip(counts)
        .max_by_key(|(m, n)| (**n, -(*m as i64)))
        .map(|(m, n)| (m, *n))
        .unwrap_or((1, 0));
    let mut summary = format!(
        "Statements per month in {year}; most in {} ({peak})",
        month_name(peak_month).unwrap_or_default()
    );
    if undated > 0 {
        summary.push_str(&format!(
            "; {undated} more give only the year and are not shown"
        ));
    }
    let mut chart = draw(
        slots,
        "month",
        Some(year),
        summary,
        params,
        base,
        MONTHS_MIN_WIDTH,
    );
    let narrowed = params.year.is_some() || params.from.is_some() || params.to.is_some();
    chart.all_years_url = narrowed.then(|| chart.range_url.clone());
    chart.first_label = format!("Jan {year}");
    chart.last_label = format!("Dec {year}");
    Some(chart)
}

/// Lays the slots out as bars: heights relative to the tallest, gaps kept for empty slots.
fn draw(
    slots: Vec<Slot>,
    unit: &'static str,
    year: Option<i32>,
    summary: String,
    params: &SearchParams,
    base: &str,
    min_width: u32,
) -> Timeline {
    let max = slots.iter().map(|s| s.count).max().unwrap_or(1).max(1);
    let n = slots.len().max(1) as u32;
    let bar_width = (min_width / n)
        .saturating_sub(GAP)
        .clamp(MIN_BAR_WIDTH, MAX_BAR_WIDTH);
    let (first, last) = (
        slots.first().map_or(0, |s| s.key),
        slots.last().map_or(0, |s| s.key),
    );
    let (first_label, last_label) = (
        slots.first().map(|s| s.label.clone()).unwrap_or_default(),
        slots.last().map(|s| s.label.clone()).unwrap_or_default(),
    );
    let bars: Vec<Bar> = slots
        .into_iter()
        .enumerate()
        .map(|(i, slot)| {
            // At least 2 px for a slot with statements, so a small one stays visible.
            let height = if slot.count == 0 {
                0
            } else {
                ((slot.count * u64::from(CHART_HEIGHT)) / max).max(2) as u32
            };
            Bar {
                x: i as u32 * (bar_width + GAP),
                y: CHART_HEIGHT - height,
                width: bar_width,
                height,
                label: slot.label,
                key: slot.key,
                count: slot.count,
                url: slot.url,
                active: slot.active,
                in_range: slot.in_range,
            }
        })
        .collect();
    let width = bars.len() as u32 * (bar_width + GAP) - GAP;
    Timeline {
        unit,
        width,
        height: CHART_HEIGHT + LABEL_HEIGHT,
        chart_height: CHART_HEIGHT,
        bars,
        first,
        last,
        first_label,
        last_label,
        last_label_x: width,
        year,
        summary,
        step: bar_width + GAP,
        range_url: params
            .with(Param::Year, None)
            .with(Param::From, None)
            .with(Param::To, None)
            .url(base),
        all_years_url: None,
    }
}

/// The years with statements and their counts.
fn year_counts(years: &[FacetCount]) -> Vec<(i32, u64)> {
    years
        .iter()
        .filter_map(|c| Some((c.value.parse::<i32>().ok()?, c.count)))
        .filter(|(_, n)| *n > 0)
        .collect()
}

fn year_bounds(year: i32) -> Option<(NaiveDate, NaiveDate)> {
    Some((
        NaiveDate::from_ymd_opt(year, 1, 1)?,
        NaiveDate::from_ymd_opt(year, 12, 31)?,
    ))
}

fn month_name(month: u32) -> Option<&'static str> {
    Some(Month::try_from(u8::try_from(month).ok()?).ok()?.name())
}

/// The `from`/`to` date range; an open end reaches as far as dates go.
fn date_range(params: &SearchParams) -> Option<(NaiveDate, NaiveDate)> {
    let date = |v: &Option<String>| {
        v.as_deref()
            .and_then(|d| NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok())
    };
    let (from, to) = (date(&params.from), date(&params.to));
    if from.is_none() && to.is_none() {
        return None;
    }
    Some((from.unwrap_or(NaiveDate::MIN), to.unwrap_or(NaiveDate::MAX)))
}

fn overlaps(a: (NaiveDate, NaiveDate), b: (NaiveDate, NaiveDate)) -> bool {
    a.0 <= b.1 && b.0 <= a.1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn years(pairs: &[(&str, u64)]) -> Vec<FacetCount> {
        pairs
            .iter()
            .map(|(y, n)| FacetCount::plain(y, *n))
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
            .map(|b| b.key)
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
        assert_eq!(t.first, 2024 - MAX_YEARS as i32 + 1);
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

    #[test]
    fn one_year_is_drawn_by_month_and_a_month_narrows_to_its_dates() {
        let mut counts = [0; 12];
        counts[1] = 2;
        counts[8] = 5;
        let params = SearchParams {
            year: Some("2024".into()),
            ..SearchParams::default()
        };
        let t = months(2024, &counts, 1, &params, "/search").expect("a chart");
        assert_eq!(t.unit, "month");
        assert_eq!(t.bars.len(), 12);
        assert_eq!(t.bars[1].url, "/search?from=2024-02-01&to=2024-02-29");
        assert_eq!(t.bars[8].label, "September 2024");
        assert!(t.summary.contains("most in September (5)"), "{}", t.summary);
        assert!(t.summary.contains("1 more"), "{}", t.summary);
        assert_eq!(t.all_years_url.as_deref(), Some("/search"));
        assert!(months(2024, &[0; 12], 0, &params, "/search").is_none());
    }

    #[test]
    fn the_selected_month_links_back_to_its_year() {
        let params = SearchParams {
            from: Some("2024-09-01".into()),
            to: Some("2024-09-30".into()),
            ..SearchParams::default()
        };
        let mut counts = [0; 12];
        counts[8] = 5;
        let t = months(2024, &counts, 0, &params, "/search").expect("a chart");
        assert!(t.bars[8].active && t.bars[8].in_range);
        assert!(!t.bars[7].in_range);
        assert_eq!(t.bars[8].url, "/search?year=2024");
    }
}
