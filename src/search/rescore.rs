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
use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use tantivy::collector::{Collector, Count, SegmentCollector, TopDocs};
use tantivy::query::{Bm25StatisticsProvider, EnableScoring, Query, Scorer};
use tantivy::{
    DocAddress, DocId, DocSet, Score, Searcher, SeekDangerResult, SegmentOrdinal, SegmentReader,
    TERMINATED,
};

use super::query::{Parsed, ScoreBound};
use crate::index::{Archive, FilterValues};

/// Hits with their scores, best first.
type Hits = Vec<(Score, DocAddress)>;

/// The best matches, overall and per language, that phrases may reorder: five first pages.
pub const RESCORE_WINDOW: usize = 100;

/// How many hits of each language are rescored, and how many best by the bound (see
/// [`rank`]) may have their exact scores read: four times as many, so that no bound left
/// out beat the last exact score kept for 56 of the peers' 60 queries at 1M.
/// The search's deadline rides along, checked as each pass starts a segment.
struct Windows {
    rescored: usize,
    candidates: usize,
    deadline: Option<Instant>,
}

const WINDOWS: Windows = Windows {
    rescored: RESCORE_WINDOW,
    candidates: 4 * RESCORE_WINDOW,
    deadline: None,
};

/// The best `wanted` matches of `parsed` by score, in the order every list of a search shows
/// them, with `also` collected in the same pass. With phrases to score, each language's best
/// and the overall best are collected too, rescored and sorted first; the rest keep their
/// order.
///
/// With a bound (`Parsed::bound`), the pass over every match runs the bound, which matches
/// the same statements and scores each at least as high, keeping each language's best
/// candidates by it, and their exact scores (the bound's less the renderings' excess over
/// their best) are read. A language's best [`RESCORE_WINDOW`] by exact score are its best
/// overall when no bound left out beats the last of them; otherwise the exact query ranks
/// every match again. At a million statements the bound scored a one-word query's matches in
/// half the time (issue 13).
pub fn rank<C: Collector>(
    archive: &Archive,
    searcher: &Searcher,
    parsed: &Parsed,
    wanted: usize,
    also: C,
    deadline: Option<Instant>,
) -> tantivy::Result<(Hits, C::Fruit)> {
    let windows = Windows {
        deadline,
        ..WINDOWS
    };
    rank_in(archive, searcher, parsed, wanted, also, &windows)
}

fn rank_in<C: Collector>(
    archive: &Archive,
    searcher: &Searcher,
    parsed: &Parsed,
    wanted: usize,
    also: C,
    windows: &Windows,
) -> tantivy::Result<(Hits, C::Fruit)> {
    let Some(bound) = &parsed.bound else {
        return rank_exactly(archive, searcher, parsed, wanted, also, windows);
    };
    let stats = archive.statistics(searcher);
    if wanted > windows.rescored {
        // A deep page: the bound counts, the exact query ranks.
        let fruit =
            searcher.search_with_statistics_provider(bound.query.as_ref(), &also, &stats)?;
        super::segment_within(windows.deadline)?;
        let (hits, _) = rank_exactly(archive, searcher, parsed, wanted, Count, windows)?;
        return Ok((hits, fruit));
    }
    let candidates = TopPerLanguage::new(archive, windows.candidates, windows.deadline);
    let (candidates, fruit) = searcher.search_with_statistics_provider(
        bound.query.as_ref(),
        &(candidates, also),
        &stats,
    )?;
    let window = match exact_best(searcher, &stats, bound, candidates, windows)? {
        Some(window) => window,
        None => {
            let per_lang = TopPerLanguage::new(archive, windows.rescored, windows.deadline);
            searcher
                .search_with_statistics_provider(parsed.query.as_ref(), &per_lang, &stats)?
                .into_iter()
                .flatten()
                .collect()
        }
    };
    Ok((
        order_window(searcher, &stats, parsed, window, wanted)?,
        fruit,
    ))
}

/// [`rank`] by the exact query alone.
fn rank_exactly<C: Collector>(
    archive: &Archive,
    searcher: &Searcher,
    parsed: &Parsed,
    wanted: usize,
    also: C,
    windows: &Windows,
) -> tantivy::Result<(Hits, C::Fruit)> {
    let stats = archive.statistics(searcher);
    if parsed.rescore.is_empty() {
        let top = TopDocs::with_limit(wanted).order_by_score();
        return searcher.search_with_statistics_provider(&parsed.query, &(top, also), &stats);
    }
    let per_lang = TopPerLanguage::new(archive, windows.rescored, windows.deadline);
    if wanted <= windows.rescored {
        // Each match has one language, so the best `wanted` overall are among each
        // language's best: those alone are the window, and no overall top is kept
        // (keeping it, and the layer of collectors around it, was a few percent of a search
        // at 1M, by perf).
        let (window, fruit) =
            searcher.search_with_statistics_provider(&parsed.query, &(per_lang, also), &stats)?;
        let window = window.into_iter().flatten().collect();
        return Ok((
            order_window(searcher, &stats, parsed, window, wanted)?,
            fruit,
        ));
    }
    let top = TopDocs::with_limit(wanted).order_by_score();
    let ((ranked, per_lang), fruit) = searcher.search_with_statistics_provider(
        &parsed.query,
        &((top, per_lang), also),
        &stats,
    )?;
    let mut seen: HashSet<DocAddress> = HashSet::new();
    let mut window: Vec<(Score, DocAddress)> = Vec::new();
    for hit in ranked
        .iter()
        .take(windows.rescored)
        .chain(per_lang.iter().flatten())
    {
        if seen.insert(hit.1) {
            window.push(*hit);
        }
    }
    let mut out = rescore(searcher, &stats, &parsed.rescore, window)?;
    out.extend(ranked.into_iter().filter(|hit| !seen.contains(&hit.1)));
    Ok((out, fruit))
}

/// Each language's best hits, merged into the page's order (by score, ties by address, as
/// the overall top gives them), rescored when there are phrases, cut to `wanted`.
fn order_window(
    searcher: &Searcher,
    stats: &dyn Bm25StatisticsProvider,
    parsed: &Parsed,
    mut window: Hits,
    wanted: usize,
) -> tantivy::Result<Hits> {
    window.sort_by_key(|&(score, address)| Reverse(Ranked(score, address)));
    let mut out = if parsed.rescore.is_empty() {
        window
    } else {
        rescore(searcher, stats, &parsed.rescore, window)?
    };
    out.truncate(wanted);
    Ok(out)
}

/// Each language's best `windows.rescored` by the exact score, read for `candidates` (each
/// language's best by the bound, best first), or `None` when they might not be its best
/// overall. Exact scores are read for the window's worth of candidates first, then for those
/// whose bound still passes the last exact score kept, until none does: usually a little
/// more than the window.
fn exact_best(
    searcher: &Searcher,
    stats: &dyn Bm25StatisticsProvider,
    bound: &ScoreBound,
    candidates: Vec<Hits>,
    windows: &Windows,
) -> tantivy::Result<Option<Hits>> {
    // Per language: its best by exact score so far, how many of its candidates were read,
    // and up to which one to read next.
    let mut best: Vec<Hits> = vec![Vec::new(); candidates.len()];
    let mut read = vec![0; candidates.len()];
    let mut upto: Vec<usize> = candidates
        .iter()
        .map(|c| c.len().min(windows.rescored))
        .collect();
    loop {
        let batch: Hits = candidates
            .iter()
            .zip(read.iter().zip(&upto))
            .flat_map(|(c, (&from, &to))| c[from..to].iter().copied())
            .collect();
        if batch.is_empty() {
            break;
        }
        let excess = bonus_scores(searcher, stats, &bound.excess, &batch)?;
        let mut exact = batch
            .into_iter()
            .zip(excess)
            .map(|((score, address), excess)| (score - excess, address));
        for (lang, hits) in candidates.iter().enumerate() {
            let best = &mut best[lang];
            best.extend(exact.by_ref().take(upto[lang] - read[lang]));
            read[lang] = upto[lang];
            best.sort_by_key(|&(score, address)| Reverse(Ranked(score, address)));
            best.truncate(windows.rescored);
            if let (true, Some(&last)) = (best.len() == windows.rescored, best.last()) {
                upto[lang] += hits[read[lang]..]
                    .iter()
                    .take_while(|&&hit| beats(hit, last))
                    .count();
            }
        }
    }
    let mut window = Vec::new();
    for ((best, hits), read) in best.into_iter().zip(&candidates).zip(read) {
        // The hits left out of the candidates have bounds (so exact scores) that do not beat
        // the last candidate's: when the last exact score kept is not beaten by it, neither
        // is it by them.
        let proven = read < hits.len()
            || hits.len() < windows.candidates
            || best
                .last()
                .zip(hits.last())
                .is_some_and(|(&last, &lowest)| !beats(lowest, last));
        if !proven {
            return Ok(None);
        }
        window.extend(best);
    }
    Ok(Some(window))
}

/// Whether `hit` ranks above `other`: a higher score, or the same and an earlier address.
fn beats(hit: (Score, DocAddress), other: (Score, DocAddress)) -> bool {
    Ranked(hit.0, hit.1) > Ranked(other.0, other.1)
}

/// Keeps the [`RESCORE_WINDOW`] best matches of each language, by the dictionary ordinals
/// of the `lang` column read when the archive opened.
struct TopPerLanguage<'a> {
    archive: &'a Archive,
    /// Hits kept per language.
    window: usize,
    /// Per language code, its best hits so far: a segment takes its languages' best as it
    /// starts and hands them on as it ends, so a full window's threshold holds from the
    /// first segment to the last. Each segment filling windows of its own (with only the
    /// threshold handed on) was a tenth of a search at 100k statements (perf): every
    /// segment pushed a window's worth of hits into its own.
    best: Arc<Mutex<Vec<(String, Best)>>>,
    deadline: Option<Instant>,
}

/// The best hits of one language, kept as tantivy's `TopNComputer` keeps its top: hits are
/// pushed into a buffer twice the window's size, and when it is full the best `window` are
/// picked out (`select_nth_unstable`), the last of them setting the threshold. A binary heap
/// sifted for every hit that entered was 3% of the peers' searches at 100k (callgrind).
struct Best {
    hits: Vec<Ranked>,
    /// The score a hit must pass to be kept: that of the last hit kept at the last cut,
    /// minus infinity until there was one. Most matches are turned away by this one
    /// comparison. Passing it is enough, as an equal score loses the tie to the earlier
    /// document.
    threshold: Score,
}

impl Best {
    fn new() -> Best {
        Best {
            hits: Vec::new(),
            threshold: Score::NEG_INFINITY,
        }
    }

    /// Keeps `hit` until the best `window` are picked; the caller turns away hits that do
    /// not pass the threshold.
    fn keep(&mut self, hit: Ranked, window: usize) {
        self.hits.push(hit);
        if self.hits.len() >= 2 * window.max(1) {
            self.cut(window);
        }
    }

    /// Keeps the best `window`, the last of them setting the threshold.
    fn cut(&mut self, window: usize) {
        if window == 0 {
            self.hits.clear();
            return;
        }
        if self.hits.len() <= window {
            return;
        }
        let (_, last, _) = self
            .hits
            .select_nth_unstable_by(window - 1, |a, b| b.cmp(a));
        self.threshold = last.0;
        self.hits.truncate(window);
    }

    /// The best `window`, best first.
    fn into_sorted(mut self, window: usize) -> Hits {
        self.hits.sort_unstable_by(|a, b| b.cmp(a));
        self.hits.truncate(window);
        self.hits.into_iter().map(|Ranked(s, a)| (s, a)).collect()
    }
}

impl TopPerLanguage<'_> {
    fn new(archive: &Archive, window: usize, deadline: Option<Instant>) -> TopPerLanguage<'_> {
        TopPerLanguage {
            archive,
            window,
            best: Arc::default(),
            deadline,
        }
    }
}

struct SegmentTopPerLanguage {
    segment: SegmentOrdinal,
    window: usize,
    filters: Arc<FilterValues>,
    best: Arc<Mutex<Vec<(String, Best)>>>,
    /// The lowest threshold of the languages this segment holds: a hit at or below it
    /// enters no window, whatever its language.
    lowest: Score,
    /// Per language ordinal, the best hits so far; the last slot holds documents without a
    /// language.
    kept: Vec<Best>,
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
    /// Per language, its best hits, best first.
    type Fruit = Vec<Hits>;
    type Child = SegmentTopPerLanguage;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentTopPerLanguage> {
        super::segment_within(self.deadline)?;
        let filters = self.archive.filter_values(reader.segment_id())?;
        let names = filters
            .values
            .get(LANG_FIELD)
            .map_or(&[][..], Vec::as_slice);
        // A last slot for documents with no language (only a foreign index holds one).
        let kept: Vec<Best> = {
            let mut best = self.best.lock().unwrap_or_else(|e| e.into_inner());
            names
                .iter()
                .map(
                    |name| match best.iter().position(|(lang, _)| lang == name) {
                        Some(i) => best.swap_remove(i).1,
                        None => Best::new(),
                    },
                )
                .chain([Best::new()])
                .collect()
        };
        let mut top = SegmentTopPerLanguage {
            segment,
            window: self.window,
            filters,
            best: Arc::clone(&self.best),
            lowest: Score::NEG_INFINITY,
            kept,
        };
        top.lowest = top.lowest_threshold();
        Ok(top)
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, _: Vec<()>) -> tantivy::Result<Vec<Hits>> {
        let best = std::mem::take(&mut *self.best.lock().unwrap_or_else(|e| e.into_inner()));
        Ok(best
            .into_iter()
            .map(|(_, best)| best.into_sorted(self.window))
            .collect())
    }
}

impl SegmentTopPerLanguage {
    /// Puts a hit that passed its language's threshold among its language's best.
    #[inline(never)]
    fn enter(&mut self, ord: usize, doc: DocId, score: Score) {
        let Some(best) = self.kept.get_mut(ord) else {
            return;
        };
        let before = best.threshold;
        best.keep(
            Ranked(score, DocAddress::new(self.segment, doc)),
            self.window,
        );
        if best.threshold > before {
            self.lowest = self.lowest_threshold();
        }
    }

    /// The lowest threshold among the languages that have documents in this segment.
    fn lowest_threshold(&self) -> Score {
        let Some(langs) = self.filters.languages() else {
            return Score::NEG_INFINITY;
        };
        self.kept
            .iter()
            .zip(langs.totals())
            .filter(|(_, total)| **total > 0)
            .map(|(best, _)| best.threshold)
            .reduce(Score::min)
            .unwrap_or(Score::NEG_INFINITY)
    }
}

impl SegmentCollector for SegmentTopPerLanguage {
    /// The hits go back to the collector's windows.
    type Fruit = ();

    /// Inlined into tantivy's loop over the matches: most are turned away by the two
    /// comparisons here, and the call itself was most of this collector's time (a tenth of
    /// a one-word search at 1M, perf).
    #[inline]
    fn collect(&mut self, doc: DocId, score: Score) {
        if score <= self.lowest {
            return;
        }
        let Some(langs) = self.filters.languages() else {
            return;
        };
        let ord = langs
            .first(doc)
            .map_or(self.kept.len() - 1, |ord| ord as usize);
        if self
            .kept
            .get(ord)
            .is_none_or(|best| score <= best.threshold)
        {
            return;
        }
        self.enter(ord, doc, score);
    }

    fn harvest(self) {
        let names = self.filters.values.get(LANG_FIELD);
        let mut best = self.best.lock().unwrap_or_else(|e| e.into_inner());
        for (ord, mine) in self.kept.into_iter().enumerate() {
            if mine.hits.is_empty() {
                continue;
            }
            let lang = names.and_then(|n| n.get(ord)).cloned().unwrap_or_default();
            match best.iter_mut().find(|(l, _)| *l == lang) {
                // Another segment's best of the language (segments collected on several
                // threads at once, or documents without a language): the better of both.
                Some((_, kept)) => {
                    for hit in mine.hits {
                        kept.keep(hit, self.window);
                    }
                }
                None => best.push((lang, mine)),
            }
        }
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
    /// What a disjunction max with this tie leaves out of its parts' sum: `(1 - tie)` times
    /// the sum less the best (how much a bound that sums renderings overstates a score).
    Excess(Vec<Bonus>, Score),
}

impl Clone for Bonus {
    fn clone(&self) -> Bonus {
        match self {
            Bonus::Leaf(q) => Bonus::Leaf(q.box_clone()),
            Bonus::Sum(parts) => Bonus::Sum(parts.clone()),
            Bonus::Max(parts, tie) => Bonus::Max(parts.clone(), *tie),
            Bonus::Boost(part, boost) => Bonus::Boost(part.clone(), *boost),
            Bonus::Excess(parts, tie) => Bonus::Excess(parts.clone(), *tie),
        }
    }
}

impl Bonus {
    /// A query as a bonus: a union (a query parser's phrase over several fields) is split
    /// into its parts, so each is checked alone; anything else is one leaf.
    pub fn from_query(query: Box<dyn Query>) -> Bonus {
        match super::flat::clauses_of_union(query.as_ref()) {
            Some(clauses) => Bonus::Sum(
                clauses
                    .iter()
                    .map(|(_, q)| Bonus::from_query(q.box_clone()))
                    .collect(),
            ),
            None => Bonus::Leaf(query),
        }
    }

    /// The leaves, depth first: [`Bonus::score`] reads their scores in this order.
    fn leaves<'a>(&'a self, out: &mut Vec<&'a dyn Query>) {
        match self {
            Bonus::Leaf(q) => out.push(q.as_ref()),
            Bonus::Sum(parts) | Bonus::Max(parts, _) | Bonus::Excess(parts, _) => {
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
                let (best, sum) = Bonus::best_and_sum(parts, leaves)?;
                Some(best + tie * (sum - best))
            }
            Bonus::Boost(part, boost) => part.score(leaves).map(|s| s * boost),
            Bonus::Excess(parts, tie) => {
                let (best, sum) = Bonus::best_and_sum(parts, leaves)?;
                Some((1.0 - tie) * (sum - best))
            }
        }
    }

    /// The best and the sum of the scores of `parts` that match; `None` when none does.
    fn best_and_sum(
        parts: &[Bonus],
        leaves: &mut impl Iterator<Item = Option<Score>>,
    ) -> Option<(Score, Score)> {
        let scores: Vec<Score> = parts.iter().filter_map(|p| p.score(leaves)).collect();
        let best = scores.iter().copied().reduce(Score::max)?;
        Some((best, scores.iter().sum()))
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
    stats: &dyn Bm25StatisticsProvider,
    extra: &[Bonus],
    mut window: Vec<(Score, DocAddress)>,
) -> tantivy::Result<Vec<(Score, DocAddress)>> {
    let bonus = bonus_scores(searcher, stats, extra, &window)?;
    for (hit, add) in window.iter_mut().zip(bonus) {
        hit.0 += add;
    }
    window.sort_by(|a, b| b.0.total_cmp(&a.0));
    Ok(window)
}

/// The sum of `extra`'s scores at each hit of `window`, in its order.
fn bonus_scores(
    searcher: &Searcher,
    stats: &dyn Bm25StatisticsProvider,
    extra: &[Bonus],
    window: &[(Score, DocAddress)],
) -> tantivy::Result<Vec<Score>> {
    let mut bonus = vec![0.0 as Score; window.len()];
    if extra.is_empty() {
        return Ok(bonus);
    }
    // Visit the window in index order, segment by segment, as scorers advance.
    let mut order: Vec<usize> = (0..window.len()).collect();
    order.sort_by_key(|&i| (window[i].1.segment_ord, window[i].1.doc_id));
    let mut leaves = Vec::new();
    for extra in extra {
        extra.leaves(&mut leaves);
    }
    let weights = leaves
        .iter()
        .map(|q| {
            q.weight(EnableScoring::enabled_from_statistics_provider(
                stats, searcher,
            ))
        })
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
    Ok(bonus)
}

#[cfg(test)]
mod tests {
    use tantivy::collector::TopDocs;
    use tantivy::query::{BooleanQuery, BoostQuery, DisjunctionMaxQuery, PhraseQuery};
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
        let rescored_alone = |window: Vec<(Score, DocAddress)>| {
            rescore(&searcher, &searcher, std::slice::from_ref(&bonus), window).expect("rescore")
        };
        let rescored = rescored_alone(all.clone());
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
            let alone = rescored_alone(vec![hit]);
            let want = expected
                .iter()
                .find(|(_, a)| *a == hit.1)
                .map_or(0.0, |h| h.0);
            assert!((alone[0].0 - want).abs() < 1e-5, "{:?} alone", hit.1);
        }
        // Windows starting past the segment's first statement, at a match or not: each
        // probe is placed at the window's first statement, then moves on.
        for pair in all.windows(2) {
            for (score, address) in rescored_alone(pair.to_vec()) {
                let want = expected
                    .iter()
                    .find(|(_, a)| *a == address)
                    .map_or(0.0, |h| h.0);
                assert!((score - want).abs() < 1e-5, "{address:?} in {pair:?}");
            }
        }
    }
}

/// Ranking by the bound against ranking by the exact query, over an index of statements
/// naming Iran the ways the gazetteer renders it, so that a query for it expands into Arabic
/// with two renderings of one unit (a disjunction max in the exact query).
#[cfg(test)]
mod bound_tests {
    use tantivy::collector::Count;

    use super::*;
    use crate::corpus::Corpus;
    use crate::index::{self, IndexOptions};
    use crate::search::SearchRequest;
    use crate::search::query::{Matching, Plan};

    fn archive() -> (tempfile::TempDir, Archive) {
        let corpus = tempfile::tempdir().expect("tempdir");
        let index_dir = tempfile::tempdir().expect("tempdir");
        let short = "أعلنت إيران اليوم موقفها من المعاهدة.";
        let long = "وأكدت الجمهورية الإسلامية الإيرانية التزامها بالحوار.";
        let other = "وقال المتحدث إن الحكومة تدعم المفاوضات الجارية في جنيف.";
        for i in 0..48 {
            let mut text = format!("بيان رقم {i}\n\n");
            for (sentence, times) in [(short, i % 3), (long, i % 4), (other, i % 5)] {
                for _ in 0..times {
                    text.push_str(sentence);
                    text.push(' ');
                }
            }
            let english = format!(
                "Statement {i}\n\n{}The delegation spoke on the treaty.",
                "Iran said it would attend the talks. ".repeat(i % 3 + 1),
            );
            std::fs::write(corpus.path().join(format!("ar-{i}.txt")), text).expect("write");
            std::fs::write(corpus.path().join(format!("en-{i}.txt")), english).expect("write");
        }
        let corpus = Corpus::open(corpus.path()).expect("corpus opens");
        let options = IndexOptions::new(index_dir.path()).without_dictionaries();
        let (archive, _) = index::build(&corpus, &options, &|_| {}).expect("index builds");
        (index_dir, archive)
    }

    #[test]
    fn the_bound_ranks_as_the_exact_query_whatever_the_windows() {
        let (_dir, archive) = archive();
        let searcher = archive.searcher();
        let mut outcomes = HashSet::new();
        for q in ["Iran", "إيران"] {
            let req = SearchRequest {
                q: q.to_string(),
                ..Default::default()
            };
            let mut parsed = Plan::new(&archive, &req).build(&archive, &req, Matching::All, None);
            let bound = parsed.bound.take();
            assert!(
                bound.is_some() || q != "Iran",
                "{q}: a unit with two renderings"
            );
            for (rescored, candidates) in [(1, 1), (2, 3), (3, 4), (5, 9), (8, 40), (100, 400)] {
                let windows = Windows {
                    rescored,
                    candidates,
                    deadline: None,
                };
                for wanted in [1, 2, rescored, rescored + 3] {
                    parsed.bound = None;
                    let exact = rank_in(&archive, &searcher, &parsed, wanted, Count, &windows)
                        .expect("exact ranking");
                    parsed.bound = bound.as_ref().map(|b| ScoreBound {
                        query: b.query.box_clone(),
                        excess: b.excess.clone(),
                    });
                    let bounded = rank_in(&archive, &searcher, &parsed, wanted, Count, &windows)
                        .expect("bounded ranking");
                    assert_eq!(exact.1, bounded.1, "{q}: the same total");
                    assert_eq!(exact.0.len(), bounded.0.len(), "{q}: as many hits");
                    let close = |a: Score, b: Score| (a - b).abs() <= 1e-4 * a.abs().max(1.0);
                    for (i, (e, b)) in exact.0.iter().zip(&bounded.0).enumerate() {
                        assert!(close(e.0, b.0), "{q}: rank {i}: {e:?} {b:?}");
                        // The two sum a statement's score in another order, so statements
                        // tied to the last bits may trade places; no other may.
                        let tied = exact.0.iter().any(|o| o.1 != e.1 && close(o.0, e.0));
                        assert!(
                            e.1 == b.1 || tied,
                            "{q}, windows {rescored}/{candidates}, {wanted} wanted: rank {i}: {e:?} {b:?}"
                        );
                    }
                }
                if let Some(bound) = &parsed.bound {
                    let candidates = searcher
                        .search(
                            bound.query.as_ref(),
                            &TopPerLanguage::new(&archive, candidates, None),
                        )
                        .expect("candidates");
                    let proven = exact_best(&searcher, &searcher, bound, candidates, &windows)
                        .expect("exact scores")
                        .is_some();
                    outcomes.insert(proven);
                }
            }
        }
        // Both ways out of the bound were taken: its best proven, and ranked again.
        assert_eq!(outcomes.len(), 2, "{outcomes:?}");
    }

    /// Each language's window holds its best matches over every segment, in order, however
    /// many statements it keeps: the windows are handed on from segment to segment. The
    /// index's one segment is read as three (its documents dealt out in turn), so that
    /// segments of every size and each language's window hand on full and part full.
    #[test]
    fn each_languages_window_is_its_best_over_all_segments() {
        let (_dir, archive) = archive();
        let searcher = archive.searcher();
        let reader = searcher.segment_reader(0);
        let req = SearchRequest {
            q: "Iran".to_string(),
            ..Default::default()
        };
        let parsed = Plan::new(&archive, &req).build(&archive, &req, Matching::All, None);
        let stats = archive.statistics(&searcher);
        let weight = parsed
            .query
            .weight(EnableScoring::enabled_from_statistics_provider(
                &stats, &searcher,
            ))
            .expect("weight");
        let mut matches = Vec::new();
        let mut scorer = weight.scorer(reader, 1.0).expect("scorer");
        while scorer.doc() != TERMINATED {
            matches.push((scorer.doc(), scorer.score()));
            scorer.advance();
        }
        assert!(matches.len() > 40, "{} matches", matches.len());
        let lang = |doc: DocId| {
            archive
                .stored(
                    &searcher,
                    DocAddress::new(0, doc),
                    crate::index::document::Body::Skip,
                )
                .expect("stored")
                .expect("readable")
                .lang
        };
        const PARTS: u32 = 3;
        // As the pseudo-segments hold them: ordered by score, then address.
        let mut all: Vec<Ranked> = matches
            .iter()
            .map(|&(doc, score)| Ranked(score, DocAddress::new(doc % PARTS, doc)))
            .collect();
        all.sort_by(|a, b| b.cmp(a));
        for window in [1, 3, 10, 100] {
            let collector = TopPerLanguage::new(&archive, window, None);
            for part in 0..PARTS {
                let mut child = collector.for_segment(part, reader).expect("segment");
                for &(doc, score) in matches.iter().filter(|(doc, _)| doc % PARTS == part) {
                    child.collect(doc, score);
                }
                child.harvest();
            }
            let per_lang = collector
                .merge_fruits(vec![(); PARTS as usize])
                .expect("windows");
            assert_eq!(per_lang.len(), 2, "English and Arabic");
            for hits in per_lang {
                let of = lang(hits[0].1.doc_id);
                let want: Vec<DocAddress> = all
                    .iter()
                    .filter(|hit| lang(hit.1.doc_id) == of)
                    .take(window)
                    .map(|hit| hit.1)
                    .collect();
                let got: Vec<DocAddress> = hits.iter().map(|hit| hit.1).collect();
                assert_eq!(got, want, "{of:?}, window {window}");
            }
        }
    }

    #[test]
    fn ranking_by_the_bound_stops_at_the_deadline() {
        let (_dir, archive) = archive();
        let searcher = archive.searcher();
        let req = SearchRequest {
            q: "Iran".to_string(),
            ..Default::default()
        };
        let parsed = Plan::new(&archive, &req).build(&archive, &req, Matching::All, None);
        assert!(parsed.bound.is_some(), "a unit with two renderings");
        let passed = std::time::Instant::now().checked_sub(std::time::Duration::from_secs(1));
        for wanted in [10, 1_000] {
            let late = rank(&archive, &searcher, &parsed, wanted, Count, passed);
            assert!(
                matches!(&late, Err(tantivy::TantivyError::InternalError(m)) if m == crate::search::DEADLINE_PASSED),
                "{wanted} wanted: {:?}",
                late.map(|r| r.1)
            );
            let in_time = rank(&archive, &searcher, &parsed, wanted, Count, None);
            assert!(in_time.is_ok_and(|(hits, total)| !hits.is_empty() && total > 0));
        }
    }
}
