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
use tantivy::query::{BooleanQuery, EnableScoring, Occur, Query, Scorer};
use tantivy::{
    DocAddress, DocId, DocSet, Score, Searcher, SeekDangerResult, SegmentOrdinal, SegmentReader,
    TERMINATED,
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
    let per_lang = TopPerLanguage { archive };
    if wanted <= RESCORE_WINDOW {
        // Each match has one language, so the best `wanted` overall are among each
        // language's best: those alone are the window, and no overall top is kept
        // (keeping it, and the layer of collectors around it, was a few percent of a search
        // at 1M, by perf).
        let (mut window, fruit) = searcher.search(&parsed.query, &(per_lang, also))?;
        // In the order the overall top gave the window: by score, ties by address.
        window.sort_by_key(|&(score, address)| Reverse(Ranked(score, address)));
        let mut out = rescore(searcher, &parsed.rescore, window)?;
        out.truncate(wanted);
        return Ok((out, fruit));
    }
    let top = TopDocs::with_limit(wanted).order_by_score();
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
    /// Per language ordinal, the score a hit must pass to enter its full heap (minus
    /// infinity until it is full): most matches are turned away by this one comparison.
    /// Passing it is enough, as an equal score loses the tie to the earlier document.
    thresholds: Vec<Score>,
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
            thresholds: vec![Score::NEG_INFINITY; langs],
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
        let Some(ord) = langs.first(doc).map(|ord| ord as usize) else {
            return;
        };
        if self.thresholds.get(ord).is_none_or(|&t| score <= t) {
            return;
        }
        let Some(heap) = self.heaps.get_mut(ord) else {
            return;
        };
        let hit = Reverse(Ranked(score, DocAddress::new(self.segment, doc)));
        if heap.len() < RESCORE_WINDOW {
            heap.push(hit);
        } else if let Some(mut worst) = heap.peek_mut() {
            *worst = hit;
        }
        if heap.len() == RESCORE_WINDOW
            && let (Some(worst), Some(threshold)) = (heap.peek(), self.thresholds.get_mut(ord))
        {
            *threshold = worst.0.0;
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

/// A score added to the best matches only: phrase queries (the leaves) combined as the
/// matching pass would have combined them. Kept as a tree of our own, not a tantivy query,
/// because tantivy's union scorer can only *seek* to the next match: between two statements
/// of the window a phrase seek checks the positions of every statement holding the words, a
/// third of an expanded search's time at 100k statements (perf, issue 13). Each leaf here is
/// asked about the window's statements alone (`DocSet::seek_danger`).
#[derive(Debug)]
pub enum Bonus {
    /// A phrase or term query (boosted or not): its score where it matches.
    Leaf(Box<dyn Query>),
    /// The sum of the parts that match, as a union scores.
    Sum(Vec<Bonus>),
    /// The best part plus `tie` times the others, as a disjunction max scores.
    Max(Vec<Bonus>, Score),
    /// The part's score times a weight.
    Boost(Box<Bonus>, Score),
}

impl Clone for Bonus {
    fn clone(&self) -> Bonus {
        match self {
            Bonus::Leaf(q) => Bonus::Leaf(q.box_clone()),
            Bonus::Sum(parts) => Bonus::Sum(parts.clone()),
            Bonus::Max(parts, tie) => Bonus::Max(parts.clone(), *tie),
            Bonus::Boost(part, boost) => Bonus::Boost(part.clone(), *boost),
        }
    }
}

impl Bonus {
    /// A query as a bonus: a union (a query parser's phrase over several fields) is split
    /// into its parts, so each is checked alone; anything else is one leaf.
    pub fn from_query(query: Box<dyn Query>) -> Bonus {
        if let Some(union) = query.downcast_ref::<BooleanQuery>() {
            let clauses = union.clauses();
            if clauses.iter().all(|(occur, _)| *occur == Occur::Should)
                && union.get_minimum_number_should_match() <= 1
            {
                return Bonus::Sum(
                    clauses
                        .iter()
                        .map(|(_, q)| Bonus::from_query(q.box_clone()))
                        .collect(),
                );
            }
        }
        Bonus::Leaf(query)
    }

    /// The leaves, depth first: [`Bonus::score`] reads their scores in this order.
    fn leaves<'a>(&'a self, out: &mut Vec<&'a dyn Query>) {
        match self {
            Bonus::Leaf(q) => out.push(q.as_ref()),
            Bonus::Sum(parts) | Bonus::Max(parts, _) => {
                parts.iter().for_each(|p| p.leaves(out));
            }
            Bonus::Boost(part, _) => part.leaves(out),
        }
    }

    /// The score given the leaves' scores (`None` where a leaf does not match), consumed in
    /// [`Bonus::leaves`] order; `None` when nothing matched.
    fn score(&self, leaves: &mut impl Iterator<Item = Option<Score>>) -> Option<Score> {
        match self {
            Bonus::Leaf(_) => leaves.next().flatten(),
            Bonus::Sum(parts) => parts
                .iter()
                .map(|p| p.score(leaves))
                .fold(None, |acc, s| match (acc, s) {
                    (Some(a), Some(b)) => Some(a + b),
                    (a, b) => a.or(b),
                }),
            Bonus::Max(parts, tie) => {
                let scores: Vec<Score> = parts.iter().filter_map(|p| p.score(leaves)).collect();
                let best = scores.iter().copied().reduce(Score::max)?;
                let sum: Score = scores.iter().sum();
                Some(best + tie * (sum - best))
            }
            Bonus::Boost(part, boost) => part.score(leaves).map(|s| s * boost),
        }
    }
}

/// A leaf's scorer in one segment, asked about increasing statements only.
struct Probe {
    scorer: Box<dyn tantivy::query::Scorer>,
    /// No match before this statement.
    next: DocId,
    /// Whether `next` is a match (the scorer is valid there) or only a bound.
    at_match: bool,
}

impl Probe {
    /// A probe of `weight` in one segment, placed at `first`, the window's first statement
    /// there. Placed, not started: a phrase scorer started at the segment's beginning looks
    /// for its first match, reading the positions of every statement holding the words
    /// before it, a third of a search for a concept whose renderings are common words.
    fn at(
        weight: &dyn tantivy::query::Weight,
        reader: &SegmentReader,
        first: DocId,
    ) -> tantivy::Result<Probe> {
        let (found, scorer) = weight.scorer_danger(reader, first, 1.0)?;
        let (next, at_match) = match found {
            SeekDangerResult::Found => (first, true),
            SeekDangerResult::SeekLowerBound(bound) => (bound, false),
        };
        Ok(Probe {
            scorer,
            next,
            at_match,
        })
    }

    /// The leaf's score at `doc`, if it matches; `doc` grows from call to call.
    fn score_at(&mut self, doc: DocId) -> Option<Score> {
        if doc < self.next || self.next == TERMINATED {
            return None;
        }
        if doc > self.next || !self.at_match {
            match self.scorer.seek_danger(doc) {
                SeekDangerResult::Found => {
                    self.next = doc;
                    self.at_match = true;
                }
                SeekDangerResult::SeekLowerBound(bound) => {
                    self.next = bound;
                    self.at_match = false;
                    return None;
                }
            }
        }
        Some(self.scorer.score())
    }
}

/// Adds the scores of `extra` to every hit of `window` and sorts it, best first.
fn rescore(
    searcher: &Searcher,
    extra: &[Bonus],
    mut window: Vec<(Score, DocAddress)>,
) -> tantivy::Result<Vec<(Score, DocAddress)>> {
    // Visit the window in index order, segment by segment, as scorers advance.
    let mut order: Vec<usize> = (0..window.len()).collect();
    order.sort_by_key(|&i| (window[i].1.segment_ord, window[i].1.doc_id));
    let mut bonus = vec![0.0 as Score; window.len()];
    let mut leaves = Vec::new();
    for extra in extra {
        extra.leaves(&mut leaves);
    }
    let weights = leaves
        .iter()
        .map(|q| q.weight(EnableScoring::enabled_from_searcher(searcher)))
        .collect::<tantivy::Result<Vec<_>>>()?;
    let mut scores: Vec<Option<Score>> = vec![None; weights.len()];
    for segment in order.chunk_by(|&a, &b| window[a].1.segment_ord == window[b].1.segment_ord) {
        let reader = searcher.segment_reader(window[segment[0]].1.segment_ord);
        let first = window[segment[0]].1.doc_id;
        let mut probes = weights
            .iter()
            .map(|w| Probe::at(w.as_ref(), reader, first))
            .collect::<tantivy::Result<Vec<_>>>()?;
        for &i in segment {
            let doc = window[i].1.doc_id;
            for (score, probe) in scores.iter_mut().zip(&mut probes) {
                *score = probe.score_at(doc);
            }
            let mut read = scores.iter().copied();
            for extra in extra {
                bonus[i] += extra.score(&mut read).unwrap_or(0.0);
            }
        }
    }
    for (hit, add) in window.iter_mut().zip(bonus) {
        hit.0 += add;
    }
    window.sort_by(|a, b| b.0.total_cmp(&a.0));
    Ok(window)
}

#[cfg(test)]
mod tests {
    use tantivy::collector::TopDocs;
    use tantivy::query::{BoostQuery, DisjunctionMaxQuery, PhraseQuery};
    use tantivy::schema::{Field, Schema, TEXT};
    use tantivy::{Index, Term, doc};

    use super::*;

    fn phrase(field: Field, words: &str) -> Box<dyn Query> {
        let terms = words
            .split(' ')
            .map(|w| Term::from_field_text(field, w))
            .collect();
        Box::new(PhraseQuery::new(terms))
    }

    /// The same scores from the tree of leaves as from tantivy's own union, boost and
    /// disjunction max over the same phrases, on every statement, whether the window holds
    /// one statement, two in a row or all of them.
    #[test]
    fn a_bonus_scores_what_the_equivalent_query_scores() {
        let mut schema = Schema::builder();
        let title = schema.add_text_field("title", TEXT);
        let body = schema.add_text_field("body", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index.writer(15_000_000).expect("writer");
        let texts = [
            ("nuclear weapons", "the security council met"),
            (
                "security council",
                "nuclear weapons and the security council",
            ),
            ("weapons", "nuclear arms and weapons nuclear"),
            ("nothing", "security of the council"),
            (
                "council",
                "nuclear weapons nuclear weapons security council",
            ),
        ];
        for (t, b) in texts {
            writer
                .add_document(doc!(title => t, body => b))
                .expect("add");
        }
        writer.commit().expect("commit");
        let searcher = index.reader().expect("reader").searcher();
        let either = |words: &str| -> (Box<dyn Query>, Bonus) {
            let query = BooleanQuery::union(vec![
                Box::new(BoostQuery::new(phrase(title, words), 2.0)),
                phrase(body, words),
            ]);
            let bonus = Bonus::from_query(Box::new(query.clone()));
            (Box::new(query), bonus)
        };
        let (nw, nw_bonus) = either("nuclear weapons");
        let (sc, sc_bonus) = either("security council");
        let query = BoostQuery::new(
            Box::new(DisjunctionMaxQuery::with_tie_breaker(vec![nw, sc], 0.3)),
            0.5,
        );
        let bonus = Bonus::Boost(Box::new(Bonus::Max(vec![nw_bonus, sc_bonus], 0.3)), 0.5);
        let expected: Vec<(Score, DocAddress)> = searcher
            .search(&query, &TopDocs::with_limit(10).order_by_score())
            .expect("search");
        assert_eq!(expected.len(), 3, "three statements hold either phrase");
        let all: Vec<(Score, DocAddress)> = (0..texts.len() as u32)
            .map(|doc| (0.0, DocAddress::new(0, doc)))
            .collect();
        let rescored =
            rescore(&searcher, std::slice::from_ref(&bonus), all.clone()).expect("rescore");
        for (score, address) in &rescored {
            let want = expected
                .iter()
                .find(|(_, a)| a == address)
                .map_or(0.0, |h| h.0);
            assert!(
                (score - want).abs() < 1e-5,
                "{address:?}: {score} != {want}"
            );
        }
        for &hit in &all {
            let alone =
                rescore(&searcher, std::slice::from_ref(&bonus), vec![hit]).expect("rescore");
            let want = expected
                .iter()
                .find(|(_, a)| *a == hit.1)
                .map_or(0.0, |h| h.0);
            assert!((alone[0].0 - want).abs() < 1e-5, "{:?} alone", hit.1);
        }
        // Windows starting past the segment's first statement, at a match or not: each
        // probe is placed at the window's first statement, then moves on.
        for pair in all.windows(2) {
            let rescored =
                rescore(&searcher, std::slice::from_ref(&bonus), pair.to_vec()).expect("rescore");
            for (score, address) in rescored {
                let want = expected
                    .iter()
                    .find(|(_, a)| *a == address)
                    .map_or(0.0, |h| h.0);
                assert!((score - want).abs() < 1e-5, "{address:?} in {pair:?}");
            }
        }
    }
}
