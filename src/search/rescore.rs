//! Word order, scored as a second step over the best matches only.
//!
//! A question or a pasted sentence scores adjacent words found near each other and the whole
//! passage found as typed (phrase queries). Checked in the matching pass, every candidate
//! statement's positions were read for every phrase: a third of a long query's time at
//! 100k statements, by perf, for statements that never reach a page. Here the first
//! [`RESCORE_WINDOW`] statements by word scores get the phrase scores added, exactly as the
//! matching pass would have added them, and are ordered again; the rest keep their order
//! (as Lucene's `QueryRescorer` and Elasticsearch's rescore `window_size` do).

use tantivy::query::{EnableScoring, Query};
use tantivy::{DocAddress, DocSet, Score, Searcher, TERMINATED};

/// The best matches that word order may reorder: five first pages.
pub const RESCORE_WINDOW: usize = 100;

/// Adds the scores of `extra` to the first [`RESCORE_WINDOW`] of `ranked` (best first) and
/// sorts them again; ties keep their order.
pub fn rescore(
    searcher: &Searcher,
    extra: &[Box<dyn Query>],
    mut ranked: Vec<(Score, DocAddress)>,
) -> tantivy::Result<Vec<(Score, DocAddress)>> {
    let window = ranked.len().min(RESCORE_WINDOW);
    if extra.is_empty() || window == 0 {
        return Ok(ranked);
    }
    // Visit the window in index order, segment by segment, as scorers advance.
    let mut order: Vec<usize> = (0..window).collect();
    order.sort_by_key(|&i| (ranked[i].1.segment_ord, ranked[i].1.doc_id));
    let mut bonus = vec![0.0 as Score; window];
    for query in extra {
        let weight = query.weight(EnableScoring::enabled_from_searcher(searcher))?;
        for segment in order.chunk_by(|&a, &b| ranked[a].1.segment_ord == ranked[b].1.segment_ord) {
            let reader = searcher.segment_reader(ranked[segment[0]].1.segment_ord);
            let mut scorer = weight.scorer(reader, 1.0)?;
            for &i in segment {
                let doc = ranked[i].1.doc_id;
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
    for (hit, add) in ranked.iter_mut().zip(bonus) {
        hit.0 += add;
    }
    ranked[..window].sort_by(|a, b| b.0.total_cmp(&a.0));
    Ok(ranked)
}
