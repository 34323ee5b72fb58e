//! The query engine: a `SearchRequest` in, plain `SearchResults` out.
//!
//! Architecture invariant: nothing here knows HTTP, HTML or JSON; the web layer turns these
//! types into pages and API answers.

mod at_least;
mod cache;
pub mod expand;
pub mod export;
mod facets;
mod flat;
#[cfg(test)]
mod letters;
pub mod months;
mod name_token;
pub mod parts;
mod query;
pub mod related;
mod replay;
mod rescore;
mod snippets;
mod spelling;
pub mod suggest;

use std::cell::Cell;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use tantivy::collector::{Count, TopDocs};
use tantivy::{DocAddress, Order};

pub use cache::ResultCache;
pub use facets::{FacetCount, Facets};
pub use query::{LONG_QUERY_PARTS, Matching};
pub use snippets::Snippet;

use crate::index::document::Body;
use crate::index::{Archive, schema};
use crate::model::{DocType, Lang, Statement};

/// Longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 500;
/// Largest page size.
pub const MAX_PER_PAGE: usize = 100;
pub const DEFAULT_PER_PAGE: usize = 20;
/// Deepest result reachable by paging (page × per_page), as search engines commonly cap it.
pub const MAX_RESULT_WINDOW: usize = 10_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// Best match first; the default when there is a query.
    #[default]
    Relevance,
    /// Newest first (a statement known only by its year sorts at mid-year); undated last.
    /// The default for an empty query.
    Date,
}

/// What the user asked for, already validated for shape (dates parsed, numbers numbers).
#[derive(Debug, Clone, PartialEq)]
pub struct SearchRequest {
    pub q: String,
    pub lang: Option<Lang>,
    pub actor: Option<String>,
    pub source: Option<String>,
    /// A thesaurus topic id (`nuclear`).
    pub topic: Option<String>,
    /// An actor id that must make the statement (`actor` matches any role).
    pub speaker: Option<String>,
    pub doc_type: Option<DocType>,
    pub year: Option<i32>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// `None` picks relevance for a query and date for an empty one.
    pub sort: Option<Sort>,
    /// 1-based.
    pub page: usize,
    pub per_page: usize,
    /// Also search the other languages through the thesaurus, gazetteer and lexicon.
    pub cross_language: bool,
    /// All the words, or most of them when all find too few (the default).
    pub matching: Matching,
    /// When set, the search stops with [`SearchError::TooSlow`] once this passes: checked
    /// between its passes and as each index segment starts, so a timed-out request does not
    /// keep a core busy after its answer has gone.
    pub deadline: Option<Instant>,
}

impl Default for SearchRequest {
    fn default() -> Self {
        SearchRequest {
            q: String::new(),
            lang: None,
            actor: None,
            source: None,
            topic: None,
            speaker: None,
            doc_type: None,
            year: None,
            from: None,
            to: None,
            sort: None,
            page: 1,
            per_page: DEFAULT_PER_PAGE,
            cross_language: true,
            matching: Matching::Auto,
            deadline: None,
        }
    }
}

impl SearchRequest {
    pub fn effective_sort(&self) -> Sort {
        self.sort.unwrap_or(if self.q.trim().is_empty() {
            Sort::Date
        } else {
            Sort::Relevance
        })
    }
}

/// One result.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// The statement as stored, every field as a page shows it, without its paragraphs: the
    /// snippet stands for them in a list.
    pub statement: Statement,
    pub snippet: Snippet,
    /// Why a statement in another language than the query's matched.
    pub reasons: Vec<Reason>,
}

/// "matched الفضاء الخارجي for ‘outer space’".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reason {
    /// The query's words.
    pub source: String,
    /// What matched in the statement's language.
    pub term: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SearchResults {
    pub total: usize,
    pub page: usize,
    pub per_page: usize,
    pub hits: Vec<Hit>,
    pub facets: Facets,
    /// Set when the query could not be read as written and was read word by word instead.
    pub notice: Option<String>,
    /// How the words matched: [`Matching::All`] or [`Matching::Most`] (never `Auto`).
    pub matching: Matching,
    /// Set when the results were relaxed to statements holding most of the words.
    pub relaxed: Option<Relaxed>,
    /// The query with a misspelt name corrected from the gazetteer ("did you mean").
    pub did_you_mean: Option<String>,
    /// A result within one year: the year and its statements per month (January first).
    pub months: Option<(i32, [u64; 12])>,
    /// The matching pass was a recent search's, from the [`ResultCache`].
    pub from_cache: bool,
    /// Where the time went, for the `Server-Timing` header and the benches.
    pub stages: Stages,
}

/// Time spent in each stage of one search.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stages {
    /// Reading the query and expanding it into the other languages.
    pub plan: Duration,
    /// Matching, scoring and counting the facets (every pass the decision needed).
    pub matching: Duration,
    /// Reading the page's statements from the document store.
    pub documents: Duration,
    /// Picking and marking each hit's passage.
    pub snippets: Duration,
    /// Finding which rendering each hit in another language matched.
    pub reasons: Duration,
    /// Spelling suggestions and facet labels.
    pub other: Duration,
}

impl Stages {
    /// `(name, duration)` per stage, in pipeline order.
    pub fn named(&self) -> [(&'static str, Duration); 6] {
        [
            ("plan", self.plan),
            ("match", self.matching),
            ("docs", self.documents),
            ("snippets", self.snippets),
            ("reasons", self.reasons),
            ("other", self.other),
        ]
    }
}

/// Adds the time since `*mark` to `stage` and moves the mark on.
fn lap(stage: &mut Duration, mark: &mut Instant) {
    let now = Instant::now();
    *stage += now - *mark;
    *mark = now;
}

/// Results widened from "all the words" to "most of them".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Relaxed {
    /// Statements holding every word (they are among the results).
    pub all_words: usize,
}

impl Relaxed {
    /// What the page and the API say about it.
    pub fn message(&self) -> String {
        match self.all_words {
            0 => "No statement has all the words; showing those with most of them.".to_string(),
            1 => "Only 1 statement has all the words; showing also those with most of them."
                .to_string(),
            n => format!(
                "Only {n} statements have all the words; showing also those with most of them."
            ),
        }
    }
}

/// When all the words find fewer statements than this (a first page), matching is relaxed.
pub const ENOUGH_WITH_ALL_WORDS: usize = 10;

impl SearchResults {
    pub fn pages(&self) -> usize {
        self.total.div_ceil(self.per_page.max(1))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("the query is too long ({chars} characters); the limit is {MAX_QUERY_CHARS}")]
    QueryTooLong { chars: usize },
    #[error("per_page must be between 1 and {MAX_PER_PAGE}")]
    PerPage,
    #[error(
        "results beyond the first {MAX_RESULT_WINDOW} cannot be paged to; narrow the search with filters"
    )]
    TooDeep,
    #[error("the “from” date {from} is after the “to” date {to}")]
    EmptyDateRange { from: NaiveDate, to: NaiveDate },
    /// The query asks of a field what the field cannot answer (`meta:*`): tantivy refuses
    /// it when the search runs, and the fault is the query's, not the server's.
    #[error(
        "the query asks something of a field this archive cannot search that way ({0}); search words, or the fields lang:, actor:, speaker:, year:, source:, topic:, type:"
    )]
    Unanswerable(String),
    #[error(
        "this search took too long and was stopped; narrow it with filters (a language, a year) or fewer words"
    )]
    TooSlow,
    #[error("search failed: {0}")]
    Index(tantivy::TantivyError),
}

/// What a collector says when the request's deadline passed as a segment started.
pub(crate) const DEADLINE_PASSED: &str = "the search deadline passed";

/// `Err(TooSlow)` once `deadline` has passed.
fn within(deadline: Option<Instant>) -> Result<(), SearchError> {
    match deadline {
        Some(deadline) if Instant::now() > deadline => Err(SearchError::TooSlow),
        _ => Ok(()),
    }
}

/// [`within`] as a collector says it as a segment starts: an error that converts back to
/// `TooSlow` ([`DEADLINE_PASSED`]).
fn segment_within(deadline: Option<Instant>) -> tantivy::Result<()> {
    within(deadline).map_err(|_| tantivy::TantivyError::InternalError(DEADLINE_PASSED.to_string()))
}

impl From<tantivy::TantivyError> for SearchError {
    fn from(e: tantivy::TantivyError) -> Self {
        match e {
            tantivy::TantivyError::SchemaError(reason) => SearchError::Unanswerable(reason),
            tantivy::TantivyError::InternalError(reason) if reason == DEADLINE_PASSED => {
                SearchError::TooSlow
            }
            e => SearchError::Index(e),
        }
    }
}

impl SearchError {
    /// Whether the fault lies with the request (answered 400) rather than the server.
    pub fn is_user_error(&self) -> bool {
        !matches!(self, SearchError::Index(_) | SearchError::TooSlow)
    }
}

/// Runs a search. A short query needs all its words; when they find fewer than
/// [`ENOUGH_WITH_ALL_WORDS`] statements, or the query is a question or a pasted passage,
/// statements holding most of the words are ranked in too (unless the request asks for all).
pub fn search(archive: &Archive, req: &SearchRequest) -> Result<SearchResults, SearchError> {
    run(archive, req, None)
}

/// As [`search`], reusing what a recent search of the same words and filters found (another
/// page of it, or the same page again) from `cache`, and keeping what this one finds.
pub fn search_cached(
    archive: &Archive,
    cache: &ResultCache,
    req: &SearchRequest,
) -> Result<SearchResults, SearchError> {
    run(archive, req, Some(cache))
}

fn run(
    archive: &Archive,
    req: &SearchRequest,
    cache: Option<&ResultCache>,
) -> Result<SearchResults, SearchError> {
    validate(req)?;
    let searcher = archive.searcher();
    let fields = archive.fields();
    let plan_time = Cell::new(Duration::ZERO);
    let timed = |stage: &Cell<Duration>, started: Instant| {
        stage.set(stage.get() + started.elapsed());
    };
    let started = Instant::now();
    let plan = query::Plan::new(archive, req);
    timed(&plan_time, started);
    let build = |matching: Matching, recordings: Option<&replay::Recordings>| {
        let started = Instant::now();
        let parsed = plan.build(archive, req, matching, recordings);
        timed(&plan_time, started);
        parsed
    };
    let offset = (req.page - 1) * req.per_page;
    // With a cache, the first pages are ranked at once, so the next ones need no search.
    let depth = match cache {
        Some(_) => (offset + req.per_page).max(cache::DEPTH),
        None => offset + req.per_page,
    };
    let key = cache.map(|_| ResultCache::key(&searcher, req));
    let cached = match (cache, &key) {
        (Some(cache), Some(key)) => cache.get(key).filter(|c| c.covers(req)),
        _ => None,
    };
    let start = plan.starting(req.matching);
    let from_cache = cached.is_some();
    let (parsed, computed) = match cached {
        Some(computed) => (build(computed.built, None), computed),
        None => {
            let (parsed, computed) = matched(archive, &searcher, req, &plan, &build, depth)?;
            let computed = Arc::new(computed);
            if let (Some(cache), Some(key)) = (cache, key) {
                cache.put(key, Arc::clone(&computed));
            }
            (parsed, computed)
        }
    };
    // Everything so far that was not planning: matching, or finding it in the cache.
    let mut stages = Stages {
        plan: plan_time.get(),
        matching: started.elapsed().saturating_sub(plan_time.get()),
        ..Stages::default()
    };
    let mut mark = Instant::now();
    // `all` when every result holds every word, as far as the page can tell.
    let asked_most = req.matching == Matching::Most && start == Matching::Most;
    let matching = if computed.relaxed.is_some() || asked_most {
        Matching::Most
    } else {
        Matching::All
    };
    let did_you_mean = spelling::did_you_mean(archive, plan.text(), plan.content_words());
    lap(&mut stages.other, &mut mark);

    let mut snippeter = snippets::Snippeter::new(
        &searcher,
        fields,
        parsed.highlight.as_deref(),
        plan.shown_parts(),
    );
    within(req.deadline)?;
    let page = computed.ranked.iter().skip(offset).take(req.per_page);
    let mut hits = Vec::with_capacity(req.per_page);
    for &address in page {
        let Some(mut statement) = archive.stored(&searcher, address, Body::Whole)? else {
            continue;
        };
        lap(&mut stages.documents, &mut mark);
        let snippet = snippeter.snippet(
            address,
            statement.lang,
            &statement.title,
            &statement.paragraphs,
        );
        lap(&mut stages.snippets, &mut mark);
        let reasons = reasons(&searcher, address, statement.lang, &parsed.candidates);
        lap(&mut stages.reasons, &mut mark);
        statement.paragraphs = Vec::new();
        hits.push(Hit {
            statement,
            snippet,
            reasons,
        });
    }
    Ok(SearchResults {
        total: computed.total,
        page: req.page,
        per_page: req.per_page,
        hits,
        facets: computed.facets.clone(),
        notice: parsed.notice,
        matching,
        relaxed: computed.relaxed,
        did_you_mean,
        months: computed.months,
        from_cache,
        stages,
    })
}

/// The matching pass: runs the query (relaxed if all the words find too few) for the best
/// `depth` statements, the total and the facets, and says which query it settled on.
fn matched(
    archive: &Archive,
    searcher: &tantivy::Searcher,
    req: &SearchRequest,
    plan: &query::Plan,
    build: &dyn Fn(Matching, Option<&replay::Recordings>) -> query::Parsed,
    depth: usize,
) -> Result<(query::Parsed, cache::Computed), SearchError> {
    let run = |parsed: &query::Parsed| {
        within(req.deadline)?;
        run_query(archive, searcher, req, parsed, depth)
    };
    let count = |parsed: &query::Parsed| {
        within(req.deadline)?;
        Ok::<_, SearchError>(searcher.search(parsed.matching(), &Count)?)
    };
    let (built, parsed, found, relaxed) = match plan.starting(req.matching) {
        Matching::Most => {
            // Relaxed unasked (a long query): say so when it added statements, counting
            // those with all the words after, from what the relaxed pass recorded.
            let recordings = (req.matching == Matching::Auto).then(replay::Recordings::default);
            let parsed = build(Matching::Most, recordings.as_ref());
            let found = run(&parsed)?;
            let relaxed = if let Some(recordings) = &recordings {
                let all_words = count(&build(Matching::All, Some(recordings)))?;
                (found.total > all_words).then_some(Relaxed { all_words })
            } else {
                None
            };
            (Matching::Most, parsed, found, relaxed)
        }
        Matching::Auto => {
            let strict = build(Matching::All, None);
            let found = run(&strict)?;
            if found.total >= ENOUGH_WITH_ALL_WORDS {
                (Matching::All, strict, found, None)
            } else {
                let parsed = build(Matching::Most, None);
                let more = run(&parsed)?;
                if more.total > found.total {
                    let relaxed = Some(Relaxed {
                        all_words: found.total,
                    });
                    (Matching::Most, parsed, more, relaxed)
                } else {
                    (Matching::All, strict, found, None)
                }
            }
        }
        Matching::All => {
            let strict = build(Matching::All, None);
            let found = run(&strict)?;
            (Matching::All, strict, found, None)
        }
    };
    let facets = facets::read(found.counts.values, archive);
    let months = months::single_year(&facets.year).map(|year| {
        (
            year,
            months::per_month(searcher, &found.counts.matched, year),
        )
    });
    let computed = cache::Computed {
        built,
        relaxed,
        total: found.total,
        ranked: found.addresses,
        facets,
        months,
    };
    Ok((parsed, computed))
}

/// One run of a query: the best addresses, the total and the facet counts.
struct Found {
    addresses: Vec<DocAddress>,
    total: usize,
    counts: facets::Counted,
}

/// The best `depth` addresses, in the page's order.
fn run_query(
    archive: &Archive,
    searcher: &tantivy::Searcher,
    req: &SearchRequest,
    parsed: &query::Parsed,
    depth: usize,
) -> Result<Found, SearchError> {
    let (addresses, total, counts) = match req.effective_sort() {
        Sort::Relevance => {
            let counted = facets::FacetCounter {
                archive,
                deadline: req.deadline,
            };
            let (ranked, counts) =
                rescore::rank(archive, searcher, parsed, depth, counted, req.deadline)?;
            let ranked = ranked.into_iter().take(depth);
            (ranked.map(|(_, a)| a).collect(), counts.total(), counts)
        }
        Sort::Date => {
            let top = TopDocs::with_limit(depth);
            let (top, counts) = searcher.search(
                parsed.matching(),
                &(
                    top.order_by_fast_field::<i64>(schema::SORT_DATE, Order::Desc),
                    facets::FacetCounter {
                        archive,
                        deadline: req.deadline,
                    },
                ),
            )?;
            (
                top.into_iter().map(|(_, a)| a).collect(),
                counts.total(),
                counts,
            )
        }
    };
    Ok(Found {
        addresses,
        total,
        counts,
    })
}

/// The query a search of `req` runs, decided as [`search`] decides it but by counting alone:
/// for exports, which need the same statements as the page.
pub(crate) fn resolve(
    archive: &Archive,
    req: &SearchRequest,
) -> Result<query::Parsed, SearchError> {
    let plan = query::Plan::new(archive, req);
    let matching = match plan.starting(req.matching) {
        Matching::Auto => {
            let strict = plan.build(archive, req, Matching::All, None);
            let all_words = archive.searcher().search(strict.matching(), &Count)?;
            if all_words >= ENOUGH_WITH_ALL_WORDS {
                return Ok(strict);
            }
            Matching::Most
        }
        other => other,
    };
    Ok(plan.build(archive, req, matching, None))
}

/// Every value of every filter over the whole archive, uncut: the actor and topic indexes.
pub fn overview(archive: &Archive) -> Result<Facets, SearchError> {
    let counts = archive.searcher().search(
        &tantivy::query::AllQuery,
        &facets::FacetCounter {
            archive,
            deadline: None,
        },
    )?;
    Ok(facets::read_with_limit(counts.values, usize::MAX, archive))
}

fn validate(req: &SearchRequest) -> Result<(), SearchError> {
    let chars = req.q.chars().count();
    if chars > MAX_QUERY_CHARS {
        return Err(SearchError::QueryTooLong { chars });
    }
    if req.per_page == 0 || req.per_page > MAX_PER_PAGE {
        return Err(SearchError::PerPage);
    }
    if req.page == 0 || req.page.saturating_mul(req.per_page) > MAX_RESULT_WINDOW {
        return Err(SearchError::TooDeep);
    }
    if let (Some(from), Some(to)) = (req.from, req.to)
        && from > to
    {
        return Err(SearchError::EmptyDateRange { from, to });
    }
    Ok(())
}

/// The expansion terms a hit really contains, one per part of the query.
fn reasons(
    searcher: &tantivy::Searcher,
    address: DocAddress,
    lang: Lang,
    candidates: &[expand::Candidate],
) -> Vec<Reason> {
    let mut out: Vec<Reason> = Vec::new();
    for c in candidates.iter().filter(|c| c.lang == lang) {
        if out.iter().any(|r| r.source == c.source) {
            continue;
        }
        if c.leaves
            .iter()
            .any(|q| matches(searcher, q.as_ref(), address))
        {
            out.push(Reason {
                source: c.source.clone(),
                term: c.term.clone(),
            });
        }
    }
    out
}

/// Whether one document matches a leaf query (a term or a phrase in one field).
/// `Query::explain` would do, but tantivy 0.27's phrase scorer asserts when asked to seek
/// before its first match, so the scorer's current document is checked first.
fn matches(
    searcher: &tantivy::Searcher,
    query: &dyn tantivy::query::Query,
    address: DocAddress,
) -> bool {
    use tantivy::DocSet;
    use tantivy::query::EnableScoring;
    let Ok(weight) = query.weight(EnableScoring::disabled_from_searcher(searcher)) else {
        return false;
    };
    let reader = searcher.segment_reader(address.segment_ord);
    let Ok(mut scorer) = weight.scorer(reader, 1.0) else {
        return false;
    };
    let doc = scorer.doc();
    if doc == address.doc_id {
        return true;
    }
    if doc == tantivy::TERMINATED || doc > address.doc_id {
        return false;
    }
    scorer.seek(address.doc_id) == address.doc_id
}
