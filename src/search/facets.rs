//! Facet counts for language, actor, speaker, year, source, topic and document type.
//!
//! A collector counts, per segment, the dictionary ordinals of each filter field's column
//! (one array increment per value of a matching document) and turns the ordinals that were
//! seen into strings at the end, from the values the archive read once when it opened.
//! tantivy's `FacetCollector` resolves facet paths per document instead, which measured 30 ms
//! for every search over 3,000 statements.

use std::collections::HashMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use std::sync::Arc;

use crate::index::schema::{ACTOR, FILTERS, LANG, SOURCE, SPEAKER, TOPIC, TYPE, YEAR};
use crate::index::{Archive, FilterValues};
use crate::model::{DocType, Lang, Topic};

/// How many actors and sources are listed; languages and years are listed in full.
const TOP: usize = 25;

/// One facet value: `value` is what its filter parameter takes, `label` what a person reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacetCount {
    pub value: String,
    pub label: String,
    pub count: u64,
}

#[cfg(test)]
impl FacetCount {
    /// A count whose label is its value (years, in tests).
    pub(crate) fn plain(value: &str, count: u64) -> FacetCount {
        FacetCount {
            value: value.to_string(),
            label: value.to_string(),
            count,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Facets {
    pub lang: Vec<FacetCount>,
    pub actor: Vec<FacetCount>,
    pub year: Vec<FacetCount>,
    pub source: Vec<FacetCount>,
    pub topic: Vec<FacetCount>,
    /// Actors that make the matching statements (`actor` counts every role).
    pub speaker: Vec<FacetCount>,
    pub doc_type: Vec<FacetCount>,
}

/// Counts per value, sorted by value, one list per name in `FILTERS`. Lists, not maps: the
/// values come out of each segment's dictionary already sorted, so segments merge by a sort
/// of sorted runs, without hashing (hashing the strings was a tenth of a search, by perf).
pub type RawCounts = Vec<Vec<(String, u64)>>;

/// What a [`FacetCounter`] returns: the counts, and the matching documents of each segment
/// (ascending), which a one-year result reads again for its months without running the
/// query a second time.
pub struct Counted {
    pub values: RawCounts,
    pub matched: Vec<(SegmentOrdinal, Vec<DocId>)>,
}

/// Counts the values of every filter field over the matching documents.
pub struct FacetCounter<'a> {
    pub archive: &'a Archive,
    /// The request's deadline, checked as each segment starts (see `SearchRequest::deadline`).
    pub deadline: Option<std::time::Instant>,
}

pub struct SegmentFacetCounter {
    /// A count per dictionary ordinal of each filter field (empty when the segment has no
    /// column of it).
    counts: Vec<Vec<u32>>,
    /// The segment's filter values and ordinals, read when the archive opened.
    filters: Arc<FilterValues>,
    /// The matching documents, counted field by field at the end.
    docs: Vec<DocId>,
    max_doc: DocId,
    segment: SegmentOrdinal,
}

impl Collector for FacetCounter<'_> {
    type Fruit = Counted;
    type Child = SegmentFacetCounter;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentFacetCounter> {
        if super::within(self.deadline).is_err() {
            return Err(tantivy::TantivyError::InternalError(
                super::DEADLINE_PASSED.to_string(),
            ));
        }
        let filters = self.archive.filter_values(reader.segment_id())?;
        // One slot more than values: documents without one count there, unread.
        let counts = filters
            .values
            .iter()
            .map(|v| vec![0u32; v.len() + 1])
            .collect();
        Ok(SegmentFacetCounter {
            counts,
            filters,
            docs: Vec::new(),
            max_doc: reader.max_doc(),
            segment,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Counted>) -> tantivy::Result<Counted> {
        let mut merged: RawCounts = vec![Vec::new(); FILTERS.len()];
        let mut matched = Vec::with_capacity(fruits.len());
        for fruit in fruits {
            for (into, from) in merged.iter_mut().zip(fruit.values) {
                into.extend(from);
            }
            matched.extend(fruit.matched);
        }
        for values in &mut merged {
            *values = sum_equal(std::mem::take(values));
        }
        Ok(Counted {
            values: merged,
            matched,
        })
    }
}

/// Sorts `(value, count)` pairs by value (the concatenated, already sorted runs of each
/// segment) and adds up the counts of equal values.
fn sum_equal(mut values: Vec<(String, u64)>) -> Vec<(String, u64)> {
    values.sort_by(|a, b| a.0.cmp(&b.0));
    let mut out: Vec<(String, u64)> = Vec::with_capacity(values.len());
    for (value, count) in values {
        match out.last_mut() {
            Some(last) if last.0 == value => last.1 += count,
            _ => out.push((value, count)),
        }
    }
    out
}

impl SegmentCollector for SegmentFacetCounter {
    type Fruit = Counted;

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.docs.push(doc);
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        self.docs.extend_from_slice(docs);
    }

    fn harvest(mut self) -> Counted {
        // Matching most of the segment: count the rest and subtract from the totals, so a
        // search never counts more than half a segment (a common pair of words matches
        // two thirds of the statements in all three languages).
        let rest = (self.docs.len() as u64 * 2 > u64::from(self.max_doc))
            .then(|| unmatched(&self.docs, self.max_doc))
            .flatten();
        for (ords, counts) in self.filters.ords.iter().zip(&mut self.counts) {
            let Some(ords) = ords else { continue };
            match &rest {
                Some(rest) => {
                    ords.count_all(rest, counts);
                    for (count, total) in counts.iter_mut().zip(ords.totals()) {
                        *count = total.saturating_sub(*count);
                    }
                }
                None => ords.count_all(&self.docs, counts),
            }
        }
        let values = self
            .counts
            .into_iter()
            .zip(&self.filters.values)
            .map(|(counts, names)| {
                counts
                    .iter()
                    .zip(names)
                    .filter(|(count, _)| **count > 0)
                    .map(|(&count, name)| (name.clone(), u64::from(count)))
                    .collect()
            })
            .collect();
        Counted {
            values,
            matched: vec![(self.segment, self.docs)],
        }
    }
}

/// The documents below `max_doc` that are not in `docs`, which must be strictly ascending
/// (as a segment's matches are collected): `None` when they are not.
fn unmatched(docs: &[DocId], max_doc: DocId) -> Option<Vec<DocId>> {
    if !docs.windows(2).all(|w| w[0] < w[1]) || docs.last().is_some_and(|&d| d >= max_doc) {
        return None;
    }
    let mut words = vec![0u64; (max_doc as usize).div_ceil(64)];
    for &doc in docs {
        words[doc as usize / 64] |= 1 << (doc % 64);
    }
    let mut out = Vec::with_capacity(max_doc as usize - docs.len());
    for (i, &word) in words.iter().enumerate() {
        let mut missing = !word;
        while missing != 0 {
            let doc = i as DocId * 64 + missing.trailing_zeros();
            if doc >= max_doc {
                break;
            }
            out.push(doc);
            missing &= missing - 1;
        }
    }
    Some(out)
}

/// Orders and labels the raw counts for display, the long lists (actors, sources) cut to
/// their [`TOP`] values.
pub fn read(raw: RawCounts, archive: &Archive) -> Facets {
    read_with_limit(raw, TOP, archive)
}

/// Orders and labels the raw counts; `limit` cuts the actor, speaker and source lists.
pub fn read_with_limit(raw: RawCounts, limit: usize, archive: &Archive) -> Facets {
    let mut by_name: HashMap<&str, Vec<(String, u64)>> = FILTERS.into_iter().zip(raw).collect();
    let mut take = |name: &str| -> Vec<(String, u64)> { by_name.remove(name).unwrap_or_default() };
    let by_count = |mut v: Vec<(String, u64)>, limit: usize| {
        v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        v.truncate(limit);
        v
    };
    let label_lang =
        |code: &str| Lang::from_code(code).map_or(code.to_string(), |l| l.name().to_string());
    let label_actor = |id: &str| archive.actor_name(id).unwrap_or(id).to_string();
    let lang = by_count(take(LANG), usize::MAX);
    let actor = by_count(take(ACTOR), limit);
    let source = by_count(take(SOURCE), limit);
    let topic = by_count(take(TOPIC), usize::MAX);
    let speaker = by_count(take(SPEAKER), limit);
    let doc_type = by_count(take(TYPE), usize::MAX);
    let mut year = take(YEAR);
    year.sort_by(|a, b| b.0.cmp(&a.0));
    Facets {
        lang: to_counts(lang, label_lang),
        actor: to_counts(actor, label_actor),
        year: to_counts(year, str::to_string),
        source: to_counts(source, str::to_string),
        topic: to_counts(topic, |code| {
            Topic::from_code(code).map_or_else(|| code.to_string(), |t| t.label().to_string())
        }),
        speaker: to_counts(speaker, label_actor),
        doc_type: to_counts(doc_type, |code| {
            DocType::from_code(code).map_or_else(|| code.to_string(), |t| t.label().to_string())
        }),
    }
}

fn to_counts(values: Vec<(String, u64)>, label: impl Fn(&str) -> String) -> Vec<FacetCount> {
    values
        .into_iter()
        .map(|(value, count)| FacetCount {
            label: label(&value),
            value,
            count,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(v: &[(&str, u64)]) -> Vec<(String, u64)> {
        v.iter().map(|(s, n)| (s.to_string(), *n)).collect()
    }

    #[test]
    fn the_unmatched_documents_are_the_rest_of_the_segment() {
        assert_eq!(
            unmatched(&[0, 2, 3, 64, 69], 70),
            Some([1].into_iter().chain(4..64).chain(65..69).collect())
        );
        assert_eq!(unmatched(&[], 3), Some(vec![0, 1, 2]));
        assert_eq!(unmatched(&[0, 1, 2], 3), Some(vec![]));
        assert_eq!(unmatched(&[2, 1], 3), None, "not ascending");
        assert_eq!(unmatched(&[3], 3), None, "past the segment");
    }

    #[test]
    fn segments_merge_by_value_adding_counts() {
        // two segments' sorted runs, one after the other
        let merged = sum_equal(pairs(&[("ar", 2), ("en", 5), ("ar", 1), ("ru", 4)]));
        assert_eq!(merged, pairs(&[("ar", 3), ("en", 5), ("ru", 4)]));
        assert!(sum_equal(Vec::new()).is_empty());
    }
}
