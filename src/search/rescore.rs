//! Phrases scored as a second step, over the best matches only.
//!
//! A question or a pasted sentence scores adjacent words found near each other and the whole
//! passage found as typed, and a concept found in another language scores the phrases that
//! render it (phrase queries). Checked in the matching pass, every candidate statement's
//! positions were read for every phrase: a third to a half of a search's time at 100k
//! statements, by perf, for statements that never reach a page. Here the best
//! [`RESCORE_WINDOW`] statements by word scores, overall and in each language (whose scores
//! differ in scale: a query's own words weigh more than their translations), get the phrase
//! scores added, exactly as the matching pass would have added them, and are ordered again
//! before the rest (as Lucene's `QueryRescorer` and Elasticsearch's rescore `window_size`).

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashSet};
use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector, TopDocs};
use tantivy::query::{EnableScoring, Query};
use tantivy::{
    DocAddress, DocId, DocSet, Score, Searcher, SegmentOrdinal, SegmentReader, TERMINATED,
};

use super::query::Parsed;
use crate::index::{Archive, FilterValues};

/// Hits with their scores, best first.
type Hits = Vec<(Score, DocAddress)>;

/// The best matches, overall and per language, that phrases may reorder: five first pages.
pub const RESCORE_WINDOW: usize = 100;

/// The best `wanted` matches of `parsed` by score, in the order every list of a search shows
/// them, with `also` collected in the same pass. With phrases to score, each language's best
/// and the overall best are collected too, rescored and sorted first; the rest keep their
/// order.
pub fn rank<C: Collector>(
    archive: &Archive,
    searcher: &Searcher,
    parsed: &Parsed,
    wanted: usize,
    also: C,
) -> tantivy::Result<(Hits, C::Fruit)> {
    if parsed.rescore.is_empty() {
        let top = TopDocs::with_limit(wanted).order_by_score();
        return searcher.search(&parsed.query, &(top, also));
    }
    let top = TopDocs::with_limit(wanted.max(RESCORE_WINDOW)).order_by_score();
    let per_lang = TopPerLanguage { archive };
    let ((ranked, per_lang), fruit) = searcher.search(&parsed.query, &((top, per_lang), also))?;
    let mut seen: HashSet<DocAddress> = HashSet::new();
    let mut window: Vec<(Score, DocAddress)> = Vec::new();
    for hit in ranked.iter().take(RESCORE_WINDOW).chain(&per_lang) {
        if seen.insert(hit.1) {
            window.push(*hit);
        }
    }
    let mut out = rescore(searcher, &parsed.rescore, window)?;
    out.extend(ranked.into_iter().filter(|hit| !seen.contains(&hit.1)));
    Ok((out, fruit))
}

/// Keeps the [`RESCORE_WINDOW`] best matches of each language, by the dictionary ordinals
/// of the `lang` column read when the archive opened.
struct TopPerLanguage<'a> {
    archive: &'a Archive,
}

struct SegmentTopPerLanguage {
    segment: SegmentOrdinal,
    filters: Arc<FilterValues>,
    /// Per language ordinal, the best hits so far (a min-heap on score).
    heaps: Vec<BinaryHeap<Reverse<Ranked>>>,
}

/// A hit ordered by score (ties: the earlier document first, as tantivy's `TopDocs`).
#[derive(Clone, Copy, PartialEq)]
struct Ranked(Score, DocAddress);

impl Eq for Ranked {}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0
            .total_cmp(&other.0)
            .then_with(|| other.1.cmp(&self.1))
    }
}

const LANG_FIELD: usize = 0;

impl Collector for TopPerLanguage<'_> {
    type Fruit = Vec<(Score, DocAddress)>;
    type Child = SegmentTopPerLanguage;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentTopPerLanguage> {
        let filters = self.archive.filter_values(reader.segment_id())?;
        let langs = filters.values.get(LANG_FIELD).map_or(0, Vec::len);
        Ok(SegmentTopPerLanguage {
            segment,
            filters,
            heaps: vec![BinaryHeap::new(); langs],
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<PerLanguage>) -> tantivy::Result<Vec<(Score, DocAddress)>> {
        // Each segment kept its best per language; each language keeps its best overall.
        let mut by_lang: Vec<(String, Vec<Ranked>)> = Vec::new();
        for (lang, hits) in fruits.into_iter().flatten() {
            match by_lang.iter_mut().find(|(l, _)| *l == lang) {
                Some((_, all)) => all.extend(hits),
                None => by_lang.push((lang, hits)),
            }
        }
        let mut out = Vec::new();
        for (_, mut hits) in by_lang {
            hits.sort_by(|a, b| b.cmp(a));
            out.extend(
                hits.into_iter()
                    .take(RESCORE_WINDOW)
                    .map(|Ranked(s, a)| (s, a)),
            );
        }
        Ok(out)
    }
}

/// One segment's best hits, per language code.
type PerLanguage = Vec<(String, Vec<Ranked>)>;

impl SegmentCollector for SegmentTopPerLanguage {
    type Fruit = PerLanguage;

    fn collect(&mut self, doc: DocId, score: Score) {
        let Some(Some(langs)) = self.filters.ords.get(LANG_FIELD) else {
            return;
        };
        let Some(heap) = langs
            .first(doc)
            .and_then(|ord| self.heaps.get_mut(ord as usize))
        else {
            return;
        };
        let hit = Ranked(score, DocAddress::new(self.segment, doc));
        if heap.len() < RESCORE_WINDOW {
            heap.push(Reverse(hit));
        } else if heap.peek().is_some_and(|worst| hit > worst.0) {
            heap.pop();
            heap.push(Reverse(hit));
        }
    }

    fn harvest(self) -> PerLanguage {
        let names = self.filters.values.get(LANG_FIELD);
        self.heaps
            .into_iter()
            .enumerate()
            .filter(|(_, heap)| !heap.is_empty())
            .map(|(ord, heap)| {
                let lang = names.and_then(|n| n.get(ord)).cloned().unwrap_or_default();
                (lang, heap.into_iter().map(|Reverse(hit)| hit).collect())
            })
            .collect()
    }
}

/// Adds the scores of `extra` to every hit of `window` and sorts it, best first.
fn rescore(
    searcher: &Searcher,
    extra: &[Box<dyn Query>],
    mut window: Vec<(Score, DocAddress)>,
) -> tantivy::Result<Vec<(Score, DocAddress)>> {
    // Visit the window in index order, segment by segment, as scorers advance.
    let mut order: Vec<usize> = (0..window.len()).collect();
    order.sort_by_key(|&i| (window[i].1.segment_ord, window[i].1.doc_id));
    let mut bonus = vec![0.0 as Score; window.len()];
    for query in extra {
        let weight = query.weight(EnableScoring::enabled_from_searcher(searcher))?;
        for segment in order.chunk_by(|&a, &b| window[a].1.segment_ord == window[b].1.segment_ord) {
            let reader = searcher.segment_reader(window[segment[0]].1.segment_ord);
            let mut scorer = weight.scorer(reader, 1.0)?;
            for &i in segment {
                let doc = window[i].1.doc_id;
                // A scorer starts on its first match; seeking backwards is not allowed.
                if scorer.doc() < doc {
                    scorer.seek(doc);
                }
                if scorer.doc() == TERMINATED {
                    break;
                }
                if scorer.doc() == doc {
                    bonus[i] += scorer.score();
                }
            }
        }
    }
    for (hit, add) in window.iter_mut().zip(bonus) {
        hit.0 += add;
    }
    window.sort_by(|a, b| b.0.total_cmp(&a.0));
    Ok(window)
}
