//! The JSON API. These DTOs are the only `Serialize` types answering requests: the core
//! types stay free of serialisation so the wire format is decided here, in one place.

use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};

use super::error::{ApiError, WebError};
use super::params::{ApiParams, ApiPathParams, Param, SearchParams};
use super::state::AppState;
use super::view;
use crate::analysis;
use crate::model::{ActorRef, Lang, Paragraph, Statement};
use crate::search::related::{Link, Neighbours};
use crate::search::suggest::{self, SuggestionKind};
use crate::search::{FacetCount, Hit, Matching, SearchResults};

/// Longest text `/api/analyze` accepts, in characters.
const MAX_ANALYZE_CHARS: usize = 2_000;

#[derive(Serialize)]
pub struct ActorDto {
    id: String,
    name: String,
    /// `speaker` (makes the statement) or `mentioned`.
    role: &'static str,
}

fn actors(list: &[ActorRef]) -> Vec<ActorDto> {
    list.iter()
        .map(|a| ActorDto {
            id: a.id.to_string(),
            name: a.name.clone(),
            role: a.role.code(),
        })
        .collect()
}

/// A statement's fields as every answer that shows a statement writes them (a hit, a
/// statement page): one place, so a new field is added to the API once.
#[derive(Serialize)]
pub struct StatementFields {
    id: String,
    url: String,
    path: String,
    title: String,
    date: Option<String>,
    /// The year, also when only the year is known (`date` is then null).
    year: Option<i32>,
    lang: &'static str,
    /// `rtl` for Arabic, else `ltr`.
    dir: &'static str,
    actors: Vec<ActorDto>,
    source: Option<String>,
    source_url: Option<String>,
    place: Option<String>,
    /// Thesaurus topic ids, most named first.
    topics: Vec<&'static str>,
    /// The document type's code (`speech`), or null when unknown.
    #[serde(rename = "type")]
    doc_type: Option<&'static str>,
    parallel_group: Option<String>,
    doc_symbol: Option<String>,
}

impl StatementFields {
    fn new(st: &Statement) -> StatementFields {
        StatementFields {
            id: st.id.to_string(),
            url: view::statement_url(st.id.as_str()),
            path: st.path.clone(),
            title: st.title.clone(),
            date: view::iso_date(st.date),
            year: st.year,
            lang: st.lang.code(),
            dir: view::dir(st.lang),
            actors: actors(&st.actors),
            source: st.source.clone(),
            source_url: view::web_url(st.source_url.as_deref()),
            place: st.place.clone(),
            topics: st.topics.iter().map(|t| t.code()).collect(),
            doc_type: st.doc_type.map(|t| t.code()),
            parallel_group: st.parallel_group.as_ref().map(|g| g.to_string()),
            doc_symbol: st.doc_symbol.clone(),
        }
    }
}

#[derive(Serialize)]
pub struct HitDto {
    #[serde(flatten)]
    statement: StatementFields,
    /// HTML: the passage, escaped, with matched words in `<mark>`.
    snippet: String,
    /// For a match in another language: which of the query's words matched as what.
    reasons: Vec<ReasonDto>,
}

#[derive(Serialize)]
pub struct ReasonDto {
    /// The query's words.
    query: String,
    /// What matched in the statement's language.
    matched: String,
}

impl HitDto {
    fn new(hit: &Hit) -> HitDto {
        HitDto {
            statement: StatementFields::new(&hit.statement),
            snippet: view::snippet_html(&hit.snippet),
            reasons: hit
                .reasons
                .iter()
                .map(|r| ReasonDto {
                    query: r.source.clone(),
                    matched: r.term.clone(),
                })
                .collect(),
        }
    }
}

#[derive(Serialize)]
pub struct FacetDto {
    value: String,
    label: String,
    count: u64,
}

fn facet_list(counts: &[FacetCount]) -> Vec<FacetDto> {
    counts
        .iter()
        .map(|c| FacetDto {
            value: c.value.clone(),
            label: c.label.clone(),
            count: c.count,
        })
        .collect()
}

#[derive(Serialize)]
pub struct FacetsDto {
    lang: Vec<FacetDto>,
    actor: Vec<FacetDto>,
    year: Vec<FacetDto>,
    source: Vec<FacetDto>,
    topic: Vec<FacetDto>,
    speaker: Vec<FacetDto>,
    #[serde(rename = "type")]
    doc_type: Vec<FacetDto>,
}

#[derive(Serialize)]
pub struct SearchDto {
    query: String,
    total: usize,
    page: usize,
    per_page: usize,
    hits: Vec<HitDto>,
    facets: FacetsDto,
    /// Present when the query was read word by word because its syntax was malformed.
    #[serde(skip_serializing_if = "Option::is_none")]
    notice: Option<String>,
    /// `all` when every result holds every word, `most` when matching was relaxed.
    matching: &'static str,
    /// Present when no or too few statements hold every word and those with most of them
    /// were added; `words=all` asks for every word.
    #[serde(skip_serializing_if = "Option::is_none")]
    relaxed: Option<RelaxedDto>,
    /// The query with a misspelt name corrected from the gazetteer.
    #[serde(skip_serializing_if = "Option::is_none")]
    did_you_mean: Option<String>,
}

#[derive(Serialize)]
pub struct RelaxedDto {
    /// Statements holding every word.
    all_words: usize,
    message: String,
}

impl SearchDto {
    fn new(query: String, r: &SearchResults) -> SearchDto {
        SearchDto {
            query,
            total: r.total,
            page: r.page,
            per_page: r.per_page,
            hits: r.hits.iter().map(HitDto::new).collect(),
            facets: FacetsDto {
                lang: facet_list(&r.facets.lang),
                actor: facet_list(&r.facets.actor),
                year: facet_list(&r.facets.year),
                source: facet_list(&r.facets.source),
                topic: facet_list(&r.facets.topic),
                speaker: facet_list(&r.facets.speaker),
                doc_type: facet_list(&r.facets.doc_type),
            },
            notice: r.notice.clone(),
            matching: match r.matching {
                Matching::Most => "most",
                Matching::All | Matching::Auto => "all",
            },
            relaxed: r.relaxed.map(|relaxed| RelaxedDto {
                all_words: relaxed.all_words,
                message: relaxed.message(),
            }),
            did_you_mean: r.did_you_mean.clone(),
        }
    }
}

pub async fn search(
    State(state): State<AppState>,
    ApiParams(params): ApiParams<SearchParams>,
) -> Result<impl axum::response::IntoResponse, ApiError> {
    let req = params.to_request()?;
    let q = req.q.clone();
    let results = state.search(req).await??;
    Ok((
        super::view::server_timing(&results.stages),
        Json(SearchDto::new(q, &results)),
    ))
}

#[derive(Serialize)]
pub struct ParagraphDto {
    n: usize,
    anchor: String,
    text: String,
}

#[derive(Serialize)]
pub struct StatementDto {
    #[serde(flatten)]
    statement: StatementFields,
    /// At most 500 paragraphs: part `part` of `parts` (`?part=N`), of `paragraphs_total`.
    paragraphs: Vec<ParagraphDto>,
    part: usize,
    parts: usize,
    paragraphs_total: usize,
    /// This statement in other languages.
    translations: Vec<LinkDto>,
    related: Vec<LinkDto>,
}

#[derive(Serialize)]
pub struct LinkDto {
    id: String,
    url: String,
    lang: &'static str,
    title: String,
}

fn link_list(list: &[Link]) -> Vec<LinkDto> {
    list.iter()
        .map(|l| LinkDto {
            id: l.id.to_string(),
            url: view::statement_url(l.id.as_str()),
            lang: l.lang.code(),
            title: l.title.clone(),
        })
        .collect()
}

impl StatementDto {
    fn new(
        st: &Statement,
        neighbours: &Neighbours,
        paragraphs: Vec<Paragraph>,
        part: view::Part,
    ) -> StatementDto {
        StatementDto {
            part: part.part,
            parts: part.parts,
            paragraphs_total: part.total,
            translations: link_list(&neighbours.translations),
            related: link_list(&neighbours.related),
            statement: StatementFields::new(st),
            paragraphs: paragraphs
                .into_iter()
                .map(|p| ParagraphDto {
                    anchor: p.anchor(),
                    n: p.n,
                    text: p.text,
                })
                .collect(),
        }
    }
}

pub async fn statement(
    State(state): State<AppState>,
    ApiPathParams(raw_id): ApiPathParams<String>,
    ApiParams(shown): ApiParams<view::PartParams>,
) -> Result<Json<StatementDto>, ApiError> {
    let (mut st, neighbours) = state.statement(&raw_id).await?;
    let (paragraphs, part) =
        view::paragraph_part(std::mem::take(&mut st.paragraphs), shown.part.as_deref())?;
    Ok(Json(StatementDto::new(&st, &neighbours, paragraphs, part)))
}

#[derive(Deserialize)]
pub struct AnalyzeParams {
    lang: Option<String>,
    text: Option<String>,
}

#[derive(Serialize)]
pub struct AnalyzeDto {
    lang: &'static str,
    analyzer: &'static str,
    tokens: Vec<String>,
}

/// The tokens a language's analyzer makes of a text, as Elasticsearch's `_analyze` shows them.
pub async fn analyze(ApiParams(p): ApiParams<AnalyzeParams>) -> Result<Json<AnalyzeDto>, ApiError> {
    let code = p.lang.unwrap_or_default();
    let lang = Lang::from_code(&code).ok_or_else(|| {
        WebError::bad_request(format!(
            "Unknown or missing lang “{code}”. Use one of: {}.",
            Lang::ALL.map(|l| l.code()).join(", ")
        ))
    })?;
    let text = p.text.unwrap_or_default();
    if text.chars().count() > MAX_ANALYZE_CHARS {
        return Err(WebError::bad_request(format!(
            "The text is too long; the limit is {MAX_ANALYZE_CHARS} characters."
        ))
        .into());
    }
    Ok(Json(AnalyzeDto {
        lang: lang.code(),
        analyzer: analysis::analyzer_name(lang),
        tokens: analysis::tokens(lang, &text),
    }))
}

#[derive(Deserialize)]
pub struct SuggestParams {
    q: Option<String>,
    limit: Option<String>,
    /// `opensearch` answers in the OpenSearch suggestions shape, for browsers' address bars.
    format: Option<String>,
}

#[derive(Serialize)]
pub struct SuggestionDto {
    /// `actor` or `concept`.
    kind: &'static str,
    id: String,
    /// The English name.
    label: String,
    /// The name that matched what was typed, in its own script.
    matched: String,
    lang: &'static str,
    dir: &'static str,
    /// The search this suggestion leads to.
    url: String,
}

#[derive(Serialize)]
pub struct SuggestDto {
    query: String,
    suggestions: Vec<SuggestionDto>,
}

/// `/api/suggest?q=`: actors and concepts whose name in any script starts with `q`.
pub async fn suggest(
    ApiParams(params): ApiParams<SuggestParams>,
) -> Result<axum::response::Response, ApiError> {
    use axum::response::IntoResponse;
    let q = params.q.unwrap_or_default();
    if q.chars().count() > suggest::MAX_PREFIX_CHARS {
        return Err(WebError::bad_request(format!(
            "Suggestions need at most {} characters.",
            suggest::MAX_PREFIX_CHARS
        ))
        .into());
    }
    let limit = match params
        .limit
        .as_deref()
        .map(str::trim)
        .filter(|l| !l.is_empty())
    {
        None => suggest::MAX_SUGGESTIONS,
        Some(raw) => raw
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=suggest::MAX_SUGGESTIONS).contains(n))
            .ok_or_else(|| {
                WebError::bad_request(format!(
                    "“limit” must be a whole number from 1 to {}.",
                    suggest::MAX_SUGGESTIONS
                ))
            })?,
    };
    let found = suggest::suggest(&q, limit);
    if params.format.as_deref() == Some("opensearch") {
        let labels: Vec<&str> = found.iter().map(|s| s.matched.as_str()).collect();
        return Ok(Json(serde_json::json!([q, labels])).into_response());
    }
    let suggestions = found
        .into_iter()
        .map(|s| {
            let url = match s.kind {
                SuggestionKind::Actor => SearchParams::default().with(Param::Actor, Some(&s.id)),
                SuggestionKind::Concept => SearchParams::default().with(Param::Q, Some(&s.matched)),
            }
            .url("/search");
            SuggestionDto {
                kind: s.kind.code(),
                id: s.id,
                label: s.label,
                lang: s.lang.code(),
                dir: view::dir(s.lang),
                matched: s.matched,
                url,
            }
        })
        .collect();
    Ok(Json(SuggestDto {
        query: q,
        suggestions,
    })
    .into_response())
}

/// `/api/status`: what is live, and what the last updates did.
#[derive(Serialize)]
pub struct StatusDto {
    statements: u64,
    generation: String,
    /// When the live generation was made (RFC 3339, UTC).
    indexed_at: Option<String>,
    /// When this server started serving it.
    serving_since: Option<String>,
    /// Corpus changes seen and not yet searchable (`serve --watch`).
    pending: bool,
    last_update: Option<UpdateDto>,
    last_error: Option<ErrorDto>,
    /// Stored documents this server could not read back since the generation opened (left
    /// out of results and logged; only a damaged index has any).
    unreadable_documents: u64,
}

#[derive(Serialize)]
pub struct UpdateDto {
    at: Option<String>,
    /// `full` (every file read, with `reason`), `update` (the counts) or `followed` (another
    /// process indexed, and the server switched to its generation).
    kind: &'static str,
    reason: Option<String>,
    added: Option<usize>,
    changed: Option<usize>,
    removed: Option<usize>,
    took_ms: u64,
}

#[derive(Serialize)]
pub struct ErrorDto {
    at: Option<String>,
    message: String,
}

fn rfc3339(at: std::time::SystemTime) -> Option<String> {
    let at: chrono::DateTime<chrono::Utc> = at.into();
    Some(at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
}

pub async fn status(State(state): State<AppState>) -> Json<StatusDto> {
    use crate::index::BuildKind;
    use crate::index::live::Happened;
    let archive = state.archive();
    let status = state.live().status();
    let last_update = status.last_update.map(|u| {
        let took_ms = u.took.as_millis() as u64;
        let at = rfc3339(u.at);
        let (kind, reason, counts) = match u.what {
            Happened::Followed => ("followed", None, None),
            Happened::Applied(BuildKind::Full { reason }) => ("full", Some(reason), None),
            Happened::Applied(BuildKind::Update {
                added,
                changed,
                removed,
                ..
            }) => ("update", None, Some((added, changed, removed))),
        };
        UpdateDto {
            at,
            kind,
            reason,
            added: counts.map(|c| c.0),
            changed: counts.map(|c| c.1),
            removed: counts.map(|c| c.2),
            took_ms,
        }
    });
    Json(StatusDto {
        statements: archive.num_docs(),
        generation: archive.pointer().name.clone(),
        indexed_at: archive.built_at().and_then(rfc3339),
        serving_since: status.serving_since.and_then(rfc3339),
        pending: status.pending,
        last_update,
        last_error: status.last_error.map(|(at, message)| ErrorDto {
            at: rfc3339(at),
            message,
        }),
        unreadable_documents: archive.unreadable(),
    })
}
