//! Statements per month of one year, for the timeline of a result that falls within a year.
//!
//! A second pass over the matching statements' `date` column, run only when the web layer
//! asks (a one-year result), so ordinary searches pay nothing for it.

use chrono::Datelike;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use super::{SearchError, SearchRequest, validate};
use crate::index::Archive;
use crate::index::document::days_to_date;
use crate::index::schema::DATE;

/// Matching statements of `year` per month (January first). Statements that give only the
/// year, without an exact date, are not in any month.
pub fn per_month(
    archive: &Archive,
    req: &SearchRequest,
    year: i32,
) -> Result<[u64; 12], SearchError> {
    validate(req)?;
    let parsed = super::resolve(archive, req)?;
    Ok(archive
        .searcher()
        .search(&parsed.query, &MonthCounter { year })?)
}

struct MonthCounter {
    year: i32,
}

struct SegmentMonthCounter {
    year: i32,
    /// Absent when no statement of the segment has a date.
    dates: Option<Column<i64>>,
    counts: [u64; 12],
}

impl Collector for MonthCounter {
    type Fruit = [u64; 12];
    type Child = SegmentMonthCounter;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentMonthCounter> {
        Ok(SegmentMonthCounter {
            year: self.year,
            dates: reader.fast_fields().i64(DATE).ok(),
            counts: [0; 12],
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<[u64; 12]>) -> tantivy::Result<[u64; 12]> {
        let mut total = [0; 12];
        for fruit in fruits {
            for (sum, n) in total.iter_mut().zip(fruit) {
                *sum += n;
            }
        }
        Ok(total)
    }
}

impl SegmentCollector for SegmentMonthCounter {
    type Fruit = [u64; 12];

    fn collect(&mut self, doc: DocId, _score: Score) {
        let Some(days) = self.dates.as_ref().and_then(|c| c.first(doc)) else {
            return;
        };
        if let Some(date) = days_to_date(days).filter(|d| d.year() == self.year) {
            self.counts[date.month0() as usize] += 1;
        }
    }

    fn harvest(self) -> [u64; 12] {
        self.counts
    }
}
