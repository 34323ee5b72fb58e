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

use crate::index::ordinals::Matches;
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

/// Counts per value, by the value's ordinal in the generation's dictionary
/// (`Archive::filter_dictionary`), ascending, one list per name in `FILTERS`. Segments'
/// counts are added up by ordinal, and strings are made only for the values a page lists
/// (cloning and sorting each segment's strings was a twentieth of a search at 1M, by perf;
/// then naming every value counted, a fiftieth at 100k).
pub type RawCounts = Vec<Vec<(u32, u64)>>;

/// What a [`FacetCounter`] returns: the counts, and the matching documents of each segment
/// (ascending), which a one-year result reads again for its months without running the
/// query a second time.
pub struct Counted {
    pub values: RawCounts,
    pub matched: Vec<(SegmentOrdinal, Matches)>,
}

impl Counted {
    /// How many statements matched: every match is collected, so no count of its own is kept
    /// beside (one call less per match).
    pub fn total(&self) -> usize {
        self.matched.iter().map(|(_, matches)| matches.len()).sum()
    }
}

/// One segment's counts: per field, (ordinal in the generation's dictionary, count) for
/// each value some match holds, and the segment's matches.
pub struct SegmentCounted {
    values: Vec<Vec<(u32, u32)>>,
    matched: (SegmentOrdinal, Matches),
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
    /// The matching documents as a bitset: collecting a match is setting its bit (pushing it
    /// to a list as well, and checking their order, was 1% of the instructions of the
    /// peers' searches at 100k, callgrind).
    bits: Vec<u64>,
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
        super::segment_within(self.deadline)?;
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
            bits: vec![0; (reader.max_doc() as usize).div_ceil(64)],
            max_doc: reader.max_doc(),
            segment,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<SegmentCounted>) -> tantivy::Result<Counted> {
        // Added up by the generation's ordinals, which follow the values' order.
        let dictionary = &self.archive.filter_dictionary().values;
        let mut totals: Vec<Vec<u64>> = dictionary.iter().map(|v| vec![0; v.len()]).collect();
        let mut matched = Vec::with_capacity(fruits.len());
        for fruit in fruits {
            for (field, counts) in totals.iter_mut().zip(fruit.values) {
                for (ord, count) in counts {
                    if let Some(total) = field.get_mut(ord as usize) {
                        *total += u64::from(count);
                    }
                }
            }
            matched.push(fruit.matched);
        }
        let values = totals
            .iter()
            .map(|counts| {
                (0u32..)
                    .zip(counts)
                    .filter(|(_, count)| **count > 0)
                    .map(|(ord, &count)| (ord, count))
                    .collect()
            })
            .collect();
        Ok(Counted { values, matched })
    }
}

impl SegmentCollector for SegmentFacetCounter {
    type Fruit = SegmentCounted;

    #[inline]
    fn collect(&mut self, doc: DocId, _score: Score) {
        if let Some(word) = self.bits.get_mut(doc as usize / 64) {
            *word |= 1 << (doc % 64);
        }
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        for &doc in docs {
            self.collect(doc, 0.0);
        }
    }

    fn harvest(mut self) -> SegmentCounted {
        let matches = Matches::from_bits(std::mem::take(&mut self.bits), self.max_doc);
        self.filters.count(&matches, &mut self.counts);
        let values = self
            .counts
            .iter()
            .zip(&self.filters.global)
            .map(|(counts, global)| {
                counts
                    .iter()
                    .zip(global)
                    .filter(|(count, _)| **count > 0)
                    .map(|(&count, &ord)| (ord, count))
                    .collect()
            })
            .collect();
        SegmentCounted {
            values,
            matched: (self.segment, matches),
        }
    }
}

/// Orders and labels the raw counts for display, the long lists (actors, sources) cut to
/// their [`TOP`] values.
pub fn read(raw: RawCounts, archive: &Archive) -> Facets {
    read_with_limit(raw, TOP, archive)
}

/// One field's counts by ordinal, and its values in the generation's dictionary.
type Counts<'a> = (Vec<(u32, u64)>, &'a [String]);

/// Orders and labels the raw counts; `limit` cuts the actor, speaker and source lists.
pub fn read_with_limit(raw: RawCounts, limit: usize, archive: &Archive) -> Facets {
    let dictionary = &archive.filter_dictionary().values;
    let mut by_name: HashMap<&str, Counts> = FILTERS
        .into_iter()
        .zip(raw)
        .zip(dictionary)
        .map(|((name, counts), values)| (name, (counts, values.as_slice())))
        .collect();
    let name_of =
        |values: &[String], ord: u32| values.get(ord as usize).cloned().unwrap_or_default();
    let mut take = |name: &str| -> Counts { by_name.remove(name).unwrap_or_default() };
    // Only the listed values are named.
    let by_count = |(v, values): Counts, limit: usize| {
        most_counted(v, limit)
            .into_iter()
            .map(|(ord, count)| (name_of(values, ord), count))
            .collect::<Vec<_>>()
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
    let (years, values) = take(YEAR);
    // The latest first: the dictionary is sorted, so by ordinal.
    let year: Vec<(String, u64)> = years
        .into_iter()
        .rev()
        .map(|(ord, count)| (name_of(values, ord), count))
        .collect();
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

/// The `limit` most counted of `counts` (value ordinal, count), most counted first, equal
/// counts by ordinal: the whole list sorted and cut, without sorting what is cut.
fn most_counted(mut counts: Vec<(u32, u64)>, limit: usize) -> Vec<(u32, u64)> {
    let order = |a: &(u32, u64), b: &(u32, u64)| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0));
    if limit == 0 {
        counts.clear();
    } else if counts.len() > limit {
        counts.select_nth_unstable_by(limit - 1, order);
        counts.truncate(limit);
    }
    counts.sort_unstable_by(order);
    counts
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
    use proptest::prelude::*;

    #[test]
    fn the_most_counted_come_first_and_equal_counts_by_value() {
        let counts = vec![(0, 3), (1, 9), (2, 3), (3, 1), (4, 9)];
        assert_eq!(most_counted(counts.clone(), 3), [(1, 9), (4, 9), (0, 3)]);
        assert_eq!(most_counted(counts.clone(), 0), []);
        assert_eq!(most_counted(counts, usize::MAX).len(), 5);
    }

    proptest! {
        /// Picking the top before sorting gives the whole list sorted and cut.
        #[test]
        fn picking_the_top_is_sorting_and_cutting(
            counts in proptest::collection::vec(0u64..6, 0..80),
            limit in 0usize..90,
        ) {
            let counts: Vec<(u32, u64)> = (0u32..).zip(counts).collect();
            let mut sorted = counts.clone();
            sorted.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            sorted.truncate(limit);
            prop_assert_eq!(most_counted(counts, limit), sorted);
        }
    }
}
