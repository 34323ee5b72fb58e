//! The index-wide statistics BM25 scores with, kept per term for the life of a generation.
//!
//! Every scored search asks, for each of its terms, how many statements hold it in the whole
//! archive: tantivy answers by looking the term up in every segment's dictionary. An expanded
//! query has tens of terms (each word in every text field, and its renderings), and at a
//! million statements in 13 segments those lookups were 3% of a search (perf,
//! `Searcher::doc_freq`), asked again for the same common words search after search. A
//! generation never changes while it is open, so a term's count, once read, holds.

use std::collections::HashMap;
use std::sync::RwLock;

use tantivy::query::Bm25StatisticsProvider;
use tantivy::schema::Field;
use tantivy::{Searcher, Term};

/// Terms remembered at most; past that the map starts again, so a stream of strangers'
/// rare words cannot grow it without bound.
const MAX_TERMS: usize = 1 << 16;

/// Each term's document count and each field's token count, as read so far.
#[derive(Debug, Default)]
pub struct DocFreqs {
    terms: RwLock<HashMap<Term, u64>>,
    tokens: RwLock<HashMap<Field, u64>>,
}

/// The statistics of `searcher`'s index, with document counts remembered in `freqs`.
pub struct Statistics<'a> {
    pub(super) searcher: &'a Searcher,
    pub(super) freqs: &'a DocFreqs,
}

impl Bm25StatisticsProvider for Statistics<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        remembered(&self.freqs.tokens, &field, || {
            self.searcher.total_num_tokens(field)
        })
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        self.searcher.total_num_docs()
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        remembered(&self.freqs.terms, term, || self.searcher.doc_freq(term))
    }
}

/// `key`'s count from `map`, or read by `read` and remembered.
fn remembered<K: Clone + Eq + std::hash::Hash>(
    map: &RwLock<HashMap<K, u64>>,
    key: &K,
    read: impl FnOnce() -> tantivy::Result<u64>,
) -> tantivy::Result<u64> {
    if let Some(&count) = map.read().ok().as_ref().and_then(|m| m.get(key)) {
        return Ok(count);
    }
    let count = read()?;
    if let Ok(mut map) = map.write() {
        if map.len() >= MAX_TERMS {
            map.clear();
        }
        map.insert(key.clone(), count);
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use tantivy::schema::{Schema, TEXT};
    use tantivy::{Index, doc};

    use super::*;

    #[test]
    fn remembered_counts_are_the_searchers() {
        let mut schema = Schema::builder();
        let text = schema.add_text_field("text", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer: tantivy::IndexWriter = index.writer(15_000_000).expect("writer");
        for body in ["arms control", "arms race", "space"] {
            writer.add_document(doc!(text => body)).expect("add");
        }
        writer.commit().expect("commit");
        let searcher = index.reader().expect("reader").searcher();
        let freqs = DocFreqs::default();
        let stats = Statistics {
            searcher: &searcher,
            freqs: &freqs,
        };
        let arms = Term::from_field_text(text, "arms");
        for _ in 0..2 {
            assert_eq!(stats.doc_freq(&arms).expect("count"), 2);
            assert_eq!(
                stats.total_num_tokens(text).expect("tokens"),
                searcher.total_num_tokens(text).expect("tokens")
            );
        }
        assert_eq!(freqs.terms.read().expect("lock").get(&arms), Some(&2));
    }

    #[test]
    fn the_memory_starts_again_when_full() {
        let map = RwLock::new(HashMap::new());
        for key in 0..MAX_TERMS as u64 {
            remembered(&map, &key, || Ok(key)).expect("count");
        }
        assert_eq!(map.read().expect("lock").len(), MAX_TERMS);
        assert_eq!(remembered(&map, &u64::MAX, || Ok(7)).expect("count"), 7);
        assert_eq!(
            map.read().expect("lock").len(),
            1,
            "cleared, then the new one"
        );
    }
}
