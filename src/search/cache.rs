//! Recent result lists, so the next page of a search, the same search from another visitor
//! or the API, and a reload cost the page's documents and snippets only: at a million
//! statements a common query's matching and facet counting take about 35 ms, its page 1 ms.
//!
//! An entry is what the matching pass decided (how the words matched, the total, the facets,
//! the months of a one-year result) and the first [`DEPTH`] addresses in order. Keys carry
//! the searcher's segments and how many statements each has deleted, so an entry never
//! outlives the index it was computed on: an update that only deletes keeps the segments
//! (its generation hard-links them) and deletes in them.

use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex};

use lru::LruCache;
use tantivy::{DocAddress, Searcher};

use super::facets::Facets;
use super::{Matching, Relaxed, SearchRequest};

/// Searches kept; an entry is about 20 KB (the facet lists and 100 addresses).
const CAPACITY: usize = 256;
/// Addresses kept per search: the first five pages of twenty.
pub const DEPTH: usize = 100;

/// A bounded, shared cache of result lists (least recently used goes first).
pub struct ResultCache {
    entries: Mutex<LruCache<String, Arc<Computed>>>,
}

/// What a search's matching pass found.
#[derive(Debug)]
pub struct Computed {
    /// The words' matching the query was built with.
    pub built: Matching,
    pub relaxed: Option<Relaxed>,
    pub total: usize,
    /// The best addresses, in order: at least [`DEPTH`] unless the search has fewer.
    pub ranked: Vec<DocAddress>,
    pub facets: Facets,
    pub months: Option<(i32, [u64; 12])>,
}

impl Computed {
    /// Whether the addresses reach to the end of the page `req` asks for.
    pub fn covers(&self, req: &SearchRequest) -> bool {
        let end = req.page.saturating_mul(req.per_page);
        end <= self.ranked.len() || self.ranked.len() >= self.total
    }
}

impl Default for ResultCache {
    fn default() -> ResultCache {
        ResultCache::with_capacity(CAPACITY)
    }
}

impl ResultCache {
    pub fn with_capacity(capacity: usize) -> ResultCache {
        let capacity = NonZeroUsize::new(capacity).unwrap_or(NonZeroUsize::MIN);
        ResultCache {
            entries: Mutex::new(LruCache::new(capacity)),
        }
    }

    /// The key of `req` on `searcher`'s segments (each with its count of deleted
    /// statements): every field of the request but the page, the page size and the deadline.
    pub fn key(searcher: &Searcher, req: &SearchRequest) -> String {
        let segments: Vec<String> = searcher
            .segment_readers()
            .iter()
            .map(|r| format!("{}-{}", r.segment_id().uuid_string(), r.num_deleted_docs()))
            .collect();
        let request = SearchRequest {
            page: 1,
            per_page: 1,
            deadline: None,
            ..req.clone()
        };
        format!("{}|{request:?}", segments.join(","))
    }

    pub fn get(&self, key: &str) -> Option<Arc<Computed>> {
        self.lock().get(key).cloned()
    }

    pub fn put(&self, key: String, computed: Arc<Computed>) {
        self.lock().put(key, computed);
    }

    pub fn len(&self) -> usize {
        self.lock().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, LruCache<String, Arc<Computed>>> {
        // A panic while holding the lock leaves a cache that is still consistent.
        self.entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}
