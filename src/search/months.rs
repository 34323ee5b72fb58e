//! Statements per month of one year, for the timeline of a result that falls within a year.
//!
//! Read from the documents the facet pass already matched ([`super::facets::Counted`]), one
//! `date` value each, so a one-year result costs no second run of its query.

use chrono::Datelike;
use tantivy::{Searcher, SegmentOrdinal};

use super::facets::FacetCount;
use crate::index::document::days_to_date;
use crate::index::ordinals::Matches;
use crate::index::schema::DATE;

/// The year a result falls within, when it is exactly one: its months are worth a chart.
pub fn single_year(years: &[FacetCount]) -> Option<i32> {
    let mut counted = years.iter().filter(|c| c.count > 0);
    match (counted.next(), counted.next()) {
        (Some(only), None) => only.value.parse().ok(),
        _ => None,
    }
}

/// Statements of `matched` (documents per segment of `searcher`) in `year`, per month,
/// January first. Statements that give only the year, without an exact date, are in none.
pub fn per_month(
    searcher: &Searcher,
    matched: &[(SegmentOrdinal, Matches)],
    year: i32,
) -> [u64; 12] {
    let mut counts = [0; 12];
    for (segment, matches) in matched {
        let Some(reader) = searcher.segment_readers().get(*segment as usize) else {
            continue;
        };
        // Absent when no statement of the segment has a date.
        let Ok(dates) = reader.fast_fields().i64(DATE) else {
            continue;
        };
        for &doc in matches.docs() {
            let date = dates.first(doc).and_then(days_to_date);
            if let Some(date) = date.filter(|d| d.year() == year) {
                counts[date.month0() as usize] += 1;
            }
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn years(v: &[(&str, u64)]) -> Vec<FacetCount> {
        v.iter().map(|(y, n)| FacetCount::plain(y, *n)).collect()
    }

    #[test]
    fn a_result_within_one_year_names_it() {
        assert_eq!(single_year(&years(&[("2024", 3)])), Some(2024));
        assert_eq!(single_year(&years(&[("2024", 3), ("2023", 1)])), None);
        assert_eq!(single_year(&years(&[("2024", 3), ("2023", 0)])), Some(2024));
        assert_eq!(single_year(&years(&[])), None);
    }
}
