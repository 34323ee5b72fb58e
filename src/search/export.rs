//! Whole result sets for feeds and downloads: the matching statements in the search's order,
//! without snippets or facets, read in batches so a download can stream them.

use tantivy::collector::{Count, TopDocs};
use tantivy::{DocAddress, Order};

use super::{SearchError, SearchRequest, Sort, validate};
pub use crate::index::document::Body;
use crate::index::{Archive, schema};
use crate::model::Statement;

/// The most statements one export holds; a bigger set is cut here (the total says so).
pub const MAX_EXPORT: usize = 10_000;

/// The statements a search matches, by address, in its order.
pub struct ResultSet {
    /// Every match, also beyond [`MAX_EXPORT`].
    pub total: usize,
    /// At most `limit` addresses.
    pub addresses: Vec<DocAddress>,
}

/// Runs `req` for up to `limit` (≤ [`MAX_EXPORT`]) statements; `page` and `per_page` are ignored.
pub fn result_set(
    archive: &Archive,
    req: &SearchRequest,
    limit: usize,
) -> Result<ResultSet, SearchError> {
    validate(&SearchRequest {
        page: 1,
        per_page: 1,
        ..req.clone()
    })?;
    let limit = limit.clamp(1, MAX_EXPORT);
    let searcher = archive.searcher();
    let parsed = super::resolve(archive, req)?;
    let (addresses, total) = match req.effective_sort() {
        Sort::Relevance => {
            // The page's order: phrases reorder the same windows first.
            let (ranked, total) =
                super::rescore::rank(archive, &searcher, &parsed, limit, Count, req.deadline)?;
            let ranked = ranked.into_iter().take(limit);
            (ranked.map(|(_, a)| a).collect(), total)
        }
        Sort::Date => {
            let (top, total) = searcher.search(
                parsed.matching(),
                &(
                    TopDocs::with_limit(limit)
                        .order_by_fast_field::<i64>(schema::SORT_DATE, Order::Desc),
                    Count,
                ),
            )?;
            (top.into_iter().map(|(_, a)| a).collect(), total)
        }
    };
    Ok(ResultSet { total, addresses })
}

/// Reads the statements at `addresses` (from [`result_set`] on the same archive), in order,
/// with as much of their bodies as `body` asks (exports of metadata ask for none).
pub fn statements(
    archive: &Archive,
    addresses: &[DocAddress],
    body: Body,
) -> Result<Vec<Statement>, SearchError> {
    let searcher = archive.searcher();
    let mut out = Vec::with_capacity(addresses.len());
    for &address in addresses {
        out.extend(archive.stored(&searcher, address, body)?);
    }
    Ok(out)
}
