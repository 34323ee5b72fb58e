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
//! Lucene's `BooleanScorer` does for its minimum-should-match.
//!
//! It scores as the query it replaced, `union_with_minimum_required_clauses(parts, k)` with
//! `boost × intersection(parts)` beside it: the sum of the parts that match, and `boost` times
//! that sum again when every part matches (a statement holding all the words ranks first).

use std::fmt;

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED, Term};

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
        let parts = self
            .parts
            .iter()
            .map(|p| p.weight(scoring))
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

struct AtLeastWeight {
    parts: Vec<Box<dyn Weight>>,
    required: usize,
    all_boost: Score,
}

impl Weight for AtLeastWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let parts = self
            .parts
            .iter()
            .map(|w| w.scorer(reader, boost))
            .collect::<tantivy::Result<Vec<_>>>()?;
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

/// The scorer: the current window's matching documents with their scores, refilled from the
/// parts when they run out.
struct AtLeastScorer {
    parts: Vec<Box<dyn Scorer>>,
    required: u32,
    all_boost: Score,
    /// Per document of the window: how many parts matched it, and the sum of their scores.
    counts: Vec<u32>,
    sums: Vec<Score>,
    /// Which documents of the window any part touched, one bit each.
    touched: Vec<u64>,
    /// The window's documents with enough parts, in order, with their final scores.
    hits: Vec<(DocId, Score)>,
    cursor: usize,
}

impl AtLeastScorer {
    fn new(parts: Vec<Box<dyn Scorer>>, required: usize, all_boost: Score) -> AtLeastScorer {
        let mut scorer = AtLeastScorer {
            parts,
            required: u32::try_from(required).unwrap_or(u32::MAX),
            all_boost,
            counts: vec![0; WINDOW as usize],
            sums: vec![0.0; WINDOW as usize],
            touched: vec![0; WINDOW as usize / 64],
            hits: Vec::new(),
            cursor: 0,
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
            let Some(start) = self.parts.iter().map(|p| p.doc()).min() else {
                return;
            };
            if start == TERMINATED {
                return;
            }
            let end = start.saturating_add(WINDOW);
            for part in &mut self.parts {
                let mut doc = part.doc();
                while doc < end {
                    let at = (doc - start) as usize;
                    self.counts[at] += 1;
                    self.sums[at] += part.score();
                    self.touched[at / 64] |= 1 << (at % 64);
                    doc = part.advance();
                }
            }
            for word in 0..self.touched.len() {
                let mut bits = std::mem::take(&mut self.touched[word]);
                while bits != 0 {
                    let at = word * 64 + bits.trailing_zeros() as usize;
                    bits &= bits - 1;
                    let count = std::mem::take(&mut self.counts[at]);
                    let sum = std::mem::take(&mut self.sums[at]);
                    if count >= self.required {
                        let score = if count == all {
                            sum * (1.0 + self.all_boost)
                        } else {
                            sum
                        };
                        self.hits.push((start + at as DocId, score));
                    }
                }
            }
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
        // Beyond it: every part skips to the target, and counting starts there.
        for part in &mut self.parts {
            if part.doc() < target {
                part.seek(target);
            }
        }
        self.refill();
        self.doc()
    }

    fn doc(&self) -> DocId {
        self.hits.get(self.cursor).map_or(TERMINATED, |hit| hit.0)
    }

    fn size_hint(&self) -> u32 {
        self.parts.iter().map(|p| p.size_hint()).max().unwrap_or(0)
    }

    fn cost(&self) -> u64 {
        self.parts.iter().map(|p| p.cost()).sum()
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
            prop_assert_eq!(ours.len(), theirs.len());
            for (a, b) in ours.iter().zip(&theirs) {
                prop_assert_eq!(a.0, b.0);
                prop_assert!((a.1 - b.1).abs() <= 1e-4 * b.1.abs().max(1.0), "{:?} vs {:?}", a, b);
            }
        }
    }
}
