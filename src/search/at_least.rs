//! "At least `k` of these parts", counted a window of documents at a time.
//!
//! Relaxed matching (a question, a pasted sentence, and their renderings in the other
//! languages) asks for most of a query's parts, not all. tantivy's own minimum-should-match
//! union keeps its parts in a binary heap and pops and pushes it for every posting of every
//! part: half of a pasted sentence's search at a million statements, by perf (`BinaryHeap::pop`
//! 28%, `Disjunction::advance` 23%), for 20 parts matching a third of the archive. Here each
//! part is read straight through a window of [`WINDOW`] documents, adding one to the
//! document's count and its score to the document's sum, and the window's documents with
//! `k` parts or more are handed on in order: a pass over the postings with no heap at all, as
//! Lucene's `BooleanScorer` does for its minimum-should-match. A part that is itself a union
//! (a word over its fields) or the best of several renderings ([`flat::Best`]) is read clause
//! by clause into the same window, counted once, rather than through union scorers of its own.
//!
//! It scores as the query it replaced, `union_with_minimum_required_clauses(parts, k)` with
//! `boost × intersection(parts)` beside it: the sum of the parts that match, and `boost` times
//! that sum again when every part matches (a statement holding all the words ranks first).

use std::fmt;

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED, Term};

use super::flat;

/// Documents counted at a time: 4,096 counts and sums fit in the first-level cache.
const WINDOW: u32 = 4096;

/// At least `required` of `parts`; a statement matching all of them scores `1 + all_boost`
/// times its sum.
pub struct AtLeast {
    parts: Vec<Box<dyn Query>>,
    required: usize,
    all_boost: Score,
}

impl AtLeast {
    pub fn new(parts: Vec<Box<dyn Query>>, required: usize, all_boost: Score) -> AtLeast {
        AtLeast {
            parts,
            required: required.max(1),
            all_boost,
        }
    }
}

impl Clone for AtLeast {
    fn clone(&self) -> AtLeast {
        AtLeast {
            parts: self.parts.iter().map(|p| p.box_clone()).collect(),
            required: self.required,
            all_boost: self.all_boost,
        }
    }
}

impl fmt::Debug for AtLeast {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AtLeast")
            .field("required", &self.required)
            .field("all_boost", &self.all_boost)
            .field("parts", &self.parts)
            .finish()
    }
}

impl Query for AtLeast {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let clauses_of = |query: &dyn Query| -> tantivy::Result<Vec<Box<dyn Weight>>> {
            match flat::clauses_of_union(query) {
                Some(clauses) => clauses.iter().map(|(_, q)| q.weight(scoring)).collect(),
                None => Ok(vec![query.weight(scoring)?]),
            }
        };
        let parts = self
            .parts
            .iter()
            .map(|part| {
                Ok(match flat::renderings_of_best(part.as_ref()) {
                    Some((renderings, tie)) => Part {
                        renderings: renderings
                            .iter()
                            .map(|r| clauses_of(r.as_ref()))
                            .collect::<tantivy::Result<_>>()?,
                        best_of: Some(tie),
                    },
                    None => Part {
                        renderings: vec![clauses_of(part.as_ref())?],
                        best_of: None,
                    },
                })
            })
            .collect::<tantivy::Result<_>>()?;
        Ok(Box::new(AtLeastWeight {
            parts,
            required: self.required,
            all_boost: self.all_boost,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for part in &self.parts {
            part.query_terms(visitor);
        }
    }
}

/// A part as the scorer reads it: weights at first, then one segment's scorers. A part that
/// is a plain union (a word over several fields) is read clause by clause, and a part that is
/// the best of several renderings ([`flat::Best`]) rendering by rendering, so their postings
/// come straight into the window instead of through union scorers of their own: those
/// unions' windows and `advance` were 45% of a pasted sentence's search at a million
/// statements, by perf.
struct Part<T> {
    /// Each rendering's clauses, whose scores add up; a plain sum has one rendering.
    renderings: Vec<Vec<T>>,
    /// `Some(tie)`: the best rendering counts, plus `tie` times the others' sum (as
    /// tantivy's disjunction-max); `None`: the sum of them all.
    best_of: Option<Score>,
}

struct AtLeastWeight {
    parts: Vec<Part<Box<dyn Weight>>>,
    required: usize,
    all_boost: Score,
}

/// The scorers of `weights` that match anything in this segment.
fn live_scorers(
    weights: &[Box<dyn Weight>],
    reader: &SegmentReader,
    boost: Score,
) -> tantivy::Result<Vec<Box<dyn Scorer>>> {
    let mut scorers = Vec::with_capacity(weights.len());
    for weight in weights {
        let scorer = weight.scorer(reader, boost)?;
        // A word absent from a field of this segment is no clause here.
        if scorer.doc() != TERMINATED {
            scorers.push(scorer);
        }
    }
    Ok(scorers)
}

impl Weight for AtLeastWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut parts = Vec::with_capacity(self.parts.len());
        for part in &self.parts {
            parts.push(Part {
                renderings: part
                    .renderings
                    .iter()
                    .map(|clauses| live_scorers(clauses, reader, boost))
                    .collect::<tantivy::Result<_>>()?,
                best_of: part.best_of,
            });
        }
        Ok(Box::new(AtLeastScorer::new(
            parts,
            self.required,
            self.all_boost,
        )))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.doc() < doc {
            scorer.seek(doc);
        }
        if scorer.doc() != doc {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "document #{doc} does not match"
            )));
        }
        Ok(Explanation::new_with_string(
            format!("at least {} of {} parts", self.required, self.parts.len()),
            scorer.score(),
        ))
    }
}

impl Part<Box<dyn Scorer>> {
    fn scorers(&self) -> impl Iterator<Item = &Box<dyn Scorer>> {
        self.renderings.iter().flatten()
    }

    fn scorers_mut(&mut self) -> impl Iterator<Item = &mut Box<dyn Scorer>> {
        self.renderings.iter_mut().flatten()
    }
}

/// Per-document sums of one window, and which documents they hold.
struct Sums {
    values: Vec<Score>,
    touched: Vec<u64>,
}

impl Sums {
    fn new() -> Sums {
        Sums {
            values: vec![0.0; WINDOW as usize],
            touched: vec![0; WINDOW as usize / 64],
        }
    }

    /// Adds `score` to the sum of the window's document `at`.
    fn add_at(&mut self, at: usize, score: Score) {
        self.values[at] += score;
        self.touched[at / 64] |= 1 << (at % 64);
    }

    /// Adds each posting of `scorer` before `end` to its document's sum.
    fn add(&mut self, scorer: &mut dyn Scorer, start: DocId, end: DocId) {
        let mut doc = scorer.doc();
        while doc < end {
            self.add_at((doc - start) as usize, scorer.score());
            doc = scorer.advance();
        }
    }

    /// Each document's sum, in order, leaving the window empty.
    fn drain(&mut self, mut each: impl FnMut(usize, Score)) {
        for word in 0..self.touched.len() {
            let mut bits = std::mem::take(&mut self.touched[word]);
            while bits != 0 {
                let at = word * 64 + bits.trailing_zeros() as usize;
                bits &= bits - 1;
                each(at, std::mem::take(&mut self.values[at]));
            }
        }
    }
}

/// The scorer: the current window's matching documents with their scores, refilled from the
/// parts when they run out.
struct AtLeastScorer {
    parts: Vec<Part<Box<dyn Scorer>>>,
    required: u32,
    all_boost: Score,
    /// Per document of the window: how many parts matched it, the sum of their scores, and
    /// the mark (index plus one) of the last part counted, so a part matching in two fields
    /// counts once.
    counts: Vec<u32>,
    sums: Sums,
    last: Vec<u32>,
    /// A rendering's sums, and the best and total of a part's renderings so far.
    rendering: Sums,
    best: Vec<Score>,
    total: Sums,
    /// The window's documents with enough parts, in order, with their final scores.
    hits: Vec<(DocId, Score)>,
    cursor: usize,
    /// Each part's first statement not yet read, sorted (kept to reuse its allocation).
    firsts: Vec<DocId>,
}

impl AtLeastScorer {
    fn new(parts: Vec<Part<Box<dyn Scorer>>>, required: usize, all_boost: Score) -> AtLeastScorer {
        let mut scorer = AtLeastScorer {
            parts,
            required: u32::try_from(required).unwrap_or(u32::MAX),
            all_boost,
            counts: vec![0; WINDOW as usize],
            sums: Sums::new(),
            last: vec![0; WINDOW as usize],
            rendering: Sums::new(),
            best: vec![0.0; WINDOW as usize],
            total: Sums::new(),
            hits: Vec::new(),
            cursor: 0,
            firsts: Vec::new(),
        };
        scorer.refill();
        scorer
    }

    /// Counts windows until one holds a match (or the parts run out).
    fn refill(&mut self) {
        self.hits.clear();
        self.cursor = 0;
        let all = u32::try_from(self.parts.len()).unwrap_or(u32::MAX);
        while self.hits.is_empty() {
            // No statement before the `required`-th part's first one can hold enough parts:
            // the window starts there, and every clause behind it skips ahead (a rare word
            // beside a common one is read around the rare word's statements only).
            self.firsts.clear();
            self.firsts.extend(
                self.parts
                    .iter()
                    .map(|part| part.scorers().map(|s| s.doc()).min().unwrap_or(TERMINATED)),
            );
            self.firsts.sort_unstable();
            let Some(&start) = self.firsts.get(self.required as usize - 1) else {
                return;
            };
            if start == TERMINATED {
                return;
            }
            for scorer in self.parts.iter_mut().flat_map(Part::scorers_mut) {
                if scorer.doc() < start {
                    scorer.seek(start);
                }
            }
            let end = start.saturating_add(WINDOW);
            for (index, part) in self.parts.iter_mut().enumerate() {
                let mark = u32::try_from(index + 1).unwrap_or(u32::MAX);
                match part.best_of {
                    None => {
                        for scorer in part.renderings.iter_mut().flatten() {
                            let mut doc = scorer.doc();
                            while doc < end {
                                let at = (doc - start) as usize;
                                if self.last[at] != mark {
                                    self.last[at] = mark;
                                    self.counts[at] += 1;
                                }
                                self.sums.add_at(at, scorer.score());
                                doc = scorer.advance();
                            }
                        }
                    }
                    Some(tie) => {
                        // As tantivy's disjunction-max combines: the best rendering's score
                        // (from 0), plus the tie-breaker times the rest of their sum.
                        for clauses in &mut part.renderings {
                            for scorer in clauses {
                                self.rendering.add(scorer.as_mut(), start, end);
                            }
                            let (best, total) = (&mut self.best, &mut self.total);
                            self.rendering.drain(|at, score| {
                                best[at] = Score::max(score, best[at]);
                                total.add_at(at, score);
                            });
                        }
                        let (best, sums, counts) =
                            (&mut self.best, &mut self.sums, &mut self.counts);
                        self.total.drain(|at, total| {
                            let best = std::mem::take(&mut best[at]);
                            sums.add_at(at, best + (total - best) * tie);
                            counts[at] += 1;
                        });
                    }
                }
            }
            let (counts, last, hits) = (&mut self.counts, &mut self.last, &mut self.hits);
            let (required, all_boost) = (self.required, self.all_boost);
            self.sums.drain(|at, sum| {
                last[at] = 0;
                let count = std::mem::take(&mut counts[at]);
                if count >= required {
                    let score = if count == all {
                        sum * (1.0 + all_boost)
                    } else {
                        sum
                    };
                    hits.push((start + at as DocId, score));
                }
            });
        }
    }
}

impl DocSet for AtLeastScorer {
    fn advance(&mut self) -> DocId {
        self.cursor += 1;
        if self.cursor >= self.hits.len() {
            self.refill();
        }
        self.doc()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc() >= target {
            return self.doc();
        }
        // Within the window: move along its hits.
        if let Some((last, _)) = self.hits.last()
            && *last >= target
        {
            while self.hits[self.cursor].0 < target {
                self.cursor += 1;
            }
            return self.doc();
        }
        // Beyond it: every clause skips to the target, and counting starts there.
        for scorer in self.parts.iter_mut().flat_map(Part::scorers_mut) {
            if scorer.doc() < target {
                scorer.seek(target);
            }
        }
        self.refill();
        self.doc()
    }

    fn doc(&self) -> DocId {
        self.hits.get(self.cursor).map_or(TERMINATED, |hit| hit.0)
    }

    fn size_hint(&self) -> u32 {
        self.parts
            .iter()
            .flat_map(Part::scorers)
            .map(|s| s.size_hint())
            .max()
            .unwrap_or(0)
    }

    fn cost(&self) -> u64 {
        self.parts
            .iter()
            .flat_map(Part::scorers)
            .map(|s| s.cost())
            .sum()
    }
}

impl Scorer for AtLeastScorer {
    fn score(&mut self) -> Score {
        self.hits.get(self.cursor).map_or(0.0, |hit| hit.1)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use tantivy::collector::{Count, TopDocs};
    use tantivy::query::{BooleanQuery, BoostQuery, Occur, TermQuery};
    use tantivy::schema::IndexRecordOption;
    use tantivy::{DocAddress, Index};

    use super::*;
    use crate::search::letters::{index, letter};

    fn parts(field: tantivy::schema::Field, letters: &str) -> Vec<Box<dyn Query>> {
        letters.chars().map(|c| letter(field, c)).collect()
    }

    /// Parts written `ab/c|d`: parts apart by `|`; a part of several renderings (apart by
    /// `/`) is the best of them, with a tie-breaker; a rendering of several letters is a
    /// union of them, weighted apart (a word over several fields). The scorer reads each
    /// rendering's clauses straight into its window.
    fn union_parts(field: tantivy::schema::Field, spec: &str) -> Vec<Box<dyn Query>> {
        let union = |letters: &str| -> Box<dyn Query> {
            let clauses: Vec<Box<dyn Query>> = letters
                .chars()
                .enumerate()
                .map(|(i, c)| {
                    Box::new(BoostQuery::new(letter(field, c), 1.0 + i as Score)) as Box<dyn Query>
                })
                .collect();
            Box::new(BooleanQuery::union(clauses))
        };
        spec.split('|')
            .map(|part| flat::best(part.split('/').map(union).collect(), 0.3))
            .collect()
    }

    /// What `most_of` built before: tantivy's minimum-should-match union with the boosted
    /// intersection beside it.
    fn reference(parts: Vec<Box<dyn Query>>, required: usize, boost: Score) -> BooleanQuery {
        let all = BooleanQuery::intersection(parts.iter().map(|q| q.box_clone()).collect());
        BooleanQuery::new(vec![
            (
                Occur::Must,
                Box::new(BooleanQuery::union_with_minimum_required_clauses(
                    parts, required,
                )) as Box<dyn Query>,
            ),
            (
                Occur::Should,
                Box::new(BoostQuery::new(Box::new(all), boost)),
            ),
        ])
    }

    fn ranked(index: &Index, query: &dyn Query) -> Vec<(DocAddress, Score)> {
        let searcher = index.reader().expect("reader").searcher();
        let mut hits: Vec<(DocAddress, Score)> = searcher
            .search(query, &TopDocs::with_limit(100_000).order_by_score())
            .expect("search")
            .into_iter()
            .map(|(s, a)| (a, s))
            .collect();
        hits.sort_by_key(|h| h.0);
        hits
    }

    #[test]
    fn windows_far_apart_and_seeks_find_every_match() {
        // Matches at the start, across a window's end and far beyond it.
        let mut docs = vec![String::new(); 3 * WINDOW as usize + 10];
        for at in [
            0,
            5,
            WINDOW as usize - 1,
            WINDOW as usize,
            3 * WINDOW as usize + 9,
        ] {
            docs[at] = "ab".into();
        }
        docs[7] = "a".into();
        let (index, field) = index(&docs);
        let query = AtLeast::new(parts(field, "abc"), 2, 1.0);
        let found: Vec<u32> = ranked(&index, &query).iter().map(|h| h.0.doc_id).collect();
        assert_eq!(found, [0, 5, 4095, 4096, 12297]);
        let searcher = index.reader().expect("reader").searcher();
        assert_eq!(searcher.search(&query, &Count).expect("count"), 5);
        // Intersected with a filter, it is sought rather than walked.
        let filtered = BooleanQuery::new(vec![
            (Occur::Must, Box::new(query.clone()) as Box<dyn Query>),
            (
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_text(field, "b"),
                    IndexRecordOption::Basic,
                )),
            ),
        ]);
        assert_eq!(searcher.search(&filtered, &Count).expect("count"), 5);
    }

    /// The same statements in the same order, with the same scores (to rounding).
    fn same_ranking(
        ours: &[(DocAddress, Score)],
        theirs: &[(DocAddress, Score)],
    ) -> Result<(), TestCaseError> {
        prop_assert_eq!(ours.len(), theirs.len());
        for (a, b) in ours.iter().zip(theirs) {
            prop_assert_eq!(a.0, b.0);
            prop_assert!(
                (a.1 - b.1).abs() <= 1e-4 * b.1.abs().max(1.0),
                "{:?} vs {:?}",
                a,
                b
            );
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

        /// The same statements, with the same scores, as the query it replaced.
        #[test]
        fn matches_and_scores_as_tantivys_minimum_should_match(
            docs in prop::collection::vec("[a-e]{0,4}", 1..600),
            letters in "[a-f]{2,5}",
            required in 1usize..5,
        ) {
            let (index, field) = index(&docs);
            let mut letters: Vec<char> = letters.chars().collect();
            letters.dedup();
            let letters: String = letters.into_iter().collect();
            let required = required.min(letters.len());
            let ours = ranked(&index, &AtLeast::new(parts(field, &letters), required, 0.5));
            let theirs = ranked(&index, &reference(parts(field, &letters), required, 0.5));
            same_ranking(&ours, &theirs)?;
        }

        /// Parts that are unions (a word over several fields) or the best of several
        /// renderings count once however many of their clauses match, and score as tantivy's
        /// union and disjunction-max do.
        #[test]
        fn parts_of_unions_and_renderings_count_once_and_score_as_tantivys(
            docs in prop::collection::vec("[a-e]{0,4}", 1..600),
            spec in "[a-f]{1,3}(/[a-f]{1,2}){0,2}(\\|[a-f]{1,3}(/[a-f]{1,2}){0,2}){1,4}",
            required in 1usize..5,
        ) {
            let (index, field) = index(&docs);
            let required = required.min(spec.split('|').count());
            let ours = ranked(&index, &AtLeast::new(union_parts(field, &spec), required, 0.5));
            let theirs = ranked(&index, &reference(union_parts(field, &spec), required, 0.5));
            same_ranking(&ours, &theirs)?;
        }
    }
}
