//! A language's expansion matched once, for two queries.
//!
//! A question or a pasted sentence is searched relaxed (most of its words), and the page
//! says how many statements hold all of them: a second, strict query, counted. Their
//! expansions into a long query's other languages are the same query (a share of the
//! rendered units either way), and counting the strict one read those postings again: 27%
//! of a question's search at a million statements, by perf. Here the relaxed pass records
//! which statements each such expansion matched, and the strict count reads that record
//! instead.
//!
//! The record is complete wherever the count looks: a union hands on a statement only after
//! each of its clauses has moved past it, so every statement of the expansion that passes
//! the filters was landed on (and recorded) during the relaxed pass. The record may hold
//! more (statements a clause landed on that the filters then left out); the strict query
//! keeps its filters, so those do not count.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use tantivy::index::SegmentId;
use tantivy::query::{
    BitSetDocSet, ConstScorer, EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight,
};
use tantivy::{BitSet, DocId, DocSet, Score, SegmentReader, TERMINATED, Term};

use crate::model::Lang;

/// Per language and segment, the statements recorded: shared by the relaxed query that
/// writes them and the strict count that reads them after.
#[derive(Clone, Default)]
pub struct Recordings {
    segments: Arc<Mutex<HashMap<(Lang, SegmentId), BitSet>>>,
}

impl Recordings {
    /// `query`, recording what it matches under `lang`.
    pub fn record(&self, lang: Lang, query: Box<dyn Query>) -> Box<dyn Query> {
        Box::new(Recorded {
            inner: query,
            recordings: self.clone(),
            lang,
        })
    }

    /// What the query recorded under `lang` matched, as a query (every statement scores 1:
    /// it is only counted).
    pub fn replay(&self, lang: Lang) -> Box<dyn Query> {
        Box::new(Replayed {
            recordings: self.clone(),
            lang,
        })
    }

    /// Adds a segment's statements, as a scorer finishes with it.
    fn keep(&self, key: (Lang, SegmentId), docs: BitSet) {
        let mut segments = self.segments.lock().unwrap_or_else(PoisonError::into_inner);
        match segments.get_mut(&key) {
            // The same query run twice over a segment: both runs' statements.
            Some(kept) => {
                for doc in 0..docs.max_value().min(kept.max_value()) {
                    if docs.contains(doc) {
                        kept.insert(doc);
                    }
                }
            }
            None => {
                segments.insert(key, docs);
            }
        }
    }

    fn get(&self, key: (Lang, SegmentId)) -> Option<BitSet> {
        let segments = self.segments.lock().unwrap_or_else(PoisonError::into_inner);
        segments.get(&key).cloned()
    }
}

/// A query that matches and scores as `inner`, noting each statement it lands on.
struct Recorded {
    inner: Box<dyn Query>,
    recordings: Recordings,
    lang: Lang,
}

impl Clone for Recorded {
    fn clone(&self) -> Recorded {
        Recorded {
            inner: self.inner.box_clone(),
            recordings: self.recordings.clone(),
            lang: self.lang,
        }
    }
}

impl fmt::Debug for Recorded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Recorded").field(&self.inner).finish()
    }
}

impl Query for Recorded {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(RecordedWeight {
            inner: self.inner.weight(scoring)?,
            recordings: self.recordings.clone(),
            lang: self.lang,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.inner.query_terms(visitor);
    }
}

struct RecordedWeight {
    inner: Box<dyn Weight>,
    recordings: Recordings,
    lang: Lang,
}

impl Weight for RecordedWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut scorer = RecordingScorer {
            inner: self.inner.scorer(reader, boost)?,
            docs: BitSet::with_max_value(reader.max_doc()),
            key: (self.lang, reader.segment_id()),
            recordings: self.recordings.clone(),
        };
        scorer.note(scorer.doc());
        Ok(Box::new(scorer))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        self.inner.explain(reader, doc)
    }
}

/// Moves as its inner scorer does, noting each statement; hands its notes to the recordings
/// when dropped, so one segment's scorer takes the lock once.
struct RecordingScorer {
    inner: Box<dyn Scorer>,
    docs: BitSet,
    key: (Lang, SegmentId),
    recordings: Recordings,
}

impl RecordingScorer {
    #[inline]
    fn note(&mut self, doc: DocId) -> DocId {
        if doc < self.docs.max_value() {
            self.docs.insert(doc);
        }
        doc
    }
}

impl Drop for RecordingScorer {
    fn drop(&mut self) {
        let docs = std::mem::replace(&mut self.docs, BitSet::with_max_value(0));
        self.recordings.keep(self.key, docs);
    }
}

impl DocSet for RecordingScorer {
    fn advance(&mut self) -> DocId {
        let doc = self.inner.advance();
        self.note(doc)
    }

    fn seek(&mut self, target: DocId) -> DocId {
        let doc = self.inner.seek(target);
        self.note(doc)
    }

    fn doc(&self) -> DocId {
        self.inner.doc()
    }

    fn size_hint(&self) -> u32 {
        self.inner.size_hint()
    }

    fn cost(&self) -> u64 {
        self.inner.cost()
    }
}

impl Scorer for RecordingScorer {
    fn score(&mut self) -> Score {
        self.inner.score()
    }
}

/// The statements a [`Recorded`] query matched, read back.
#[derive(Clone)]
struct Replayed {
    recordings: Recordings,
    lang: Lang,
}

impl fmt::Debug for Replayed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Replayed")
    }
}

impl Query for Replayed {
    fn weight(&self, _scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.clone()))
    }
}

impl Weight for Replayed {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(
            match self.recordings.get((self.lang, reader.segment_id())) {
                Some(docs) => Box::new(ConstScorer::new(BitSetDocSet::from(docs), boost)),
                None => Box::new(EmptyScorer),
            },
        )
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.doc() < doc {
            scorer.seek(doc);
        }
        if scorer.doc() != doc || doc == TERMINATED {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "document #{doc} was not recorded"
            )));
        }
        Ok(Explanation::new("recorded", scorer.score()))
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use tantivy::collector::{Count, TopDocs};
    use tantivy::query::BooleanQuery;
    use tantivy::schema::Field;

    use super::*;
    use crate::search::letters::{index, letter};

    /// `filter` (if any) and (`own` or `other`), as a search builds its text and filters.
    fn searched(
        field: Field,
        own: char,
        other: Box<dyn Query>,
        filter: Option<char>,
    ) -> Box<dyn Query> {
        let text = Box::new(BooleanQuery::union(vec![letter(field, own), other]));
        match filter {
            Some(c) => Box::new(BooleanQuery::intersection(vec![text, letter(field, c)])),
            None => text,
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

        /// The strict count read from the record is the count of the query it stands for,
        /// filtered or not, over a segment long enough for many of a union's windows.
        #[test]
        fn a_replayed_expansion_counts_as_the_expansion(
            docs in prop::collection::vec(
                prop_oneof![4 => Just(String::new()), 1 => "[a-e]{1,4}"],
                1..12_000,
            ),
            filter in prop::option::of(prop::sample::select(vec!['a', 'c', 'e'])),
        ) {
            let (index, field) = index(&docs);
            let searcher = index.reader().expect("reader").searcher();
            let expansion = || -> Box<dyn Query> {
                Box::new(BooleanQuery::union(vec![letter(field, 'b'), letter(field, 'c')]))
            };
            let recordings = Recordings::default();
            let relaxed = searched(field, 'd', recordings.record(Lang::Ar, expansion()), filter);
            let (_, relaxed_count) = searcher
                .search(&relaxed, &(TopDocs::with_limit(10).order_by_score(), Count))
                .expect("relaxed");
            let unrecorded = searched(field, 'd', expansion(), filter);
            prop_assert_eq!(relaxed_count, searcher.search(&unrecorded, &Count).expect("count"));

            let replayed = searched(field, 'a', recordings.replay(Lang::Ar), filter);
            let strict = searched(field, 'a', expansion(), filter);
            prop_assert_eq!(
                searcher.search(&replayed, &Count).expect("replayed"),
                searcher.search(&strict, &Count).expect("strict")
            );
        }
    }

    #[test]
    fn a_language_never_recorded_replays_nothing() {
        let (index, field) = index(&["b".to_string(), "bc".to_string()]);
        let searcher = index.reader().expect("reader").searcher();
        let recordings = Recordings::default();
        let relaxed = searched(
            field,
            'd',
            recordings.record(Lang::Ar, letter(field, 'b')),
            None,
        );
        assert_eq!(searcher.search(&relaxed, &Count).expect("relaxed"), 2);
        assert_eq!(
            searcher
                .search(&recordings.replay(Lang::Ar), &Count)
                .expect("ar"),
            2
        );
        assert_eq!(
            searcher
                .search(&recordings.replay(Lang::Ru), &Count)
                .expect("ru"),
            0
        );
    }
}
