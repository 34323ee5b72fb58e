//! HTML handlers and their askama templates (one struct per `templates/*.html`).

use askama::Template;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Response};

use super::downloads::{self, CiteParams, Download};
use super::error::{PageError, WebError};
use super::params::{Param, Params, PathParams, SearchParams};
use super::state::AppState;
use super::timeline::{self, Timeline};
use super::view::{
    self, ActorLink, Chip, FacetGroup, HitView, Label, Layout, LinkView, Pagination,
};
use crate::model::{ActorRole, Lang, Paragraph};
use crate::search::{self, MAX_RESULT_WINDOW, SearchRequest, Sort};

/// How many statements the home page lists.
const LATEST: usize = 10;

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    layout: Layout,
    total: usize,
    languages: Vec<(String, u64, String)>,
    latest: Vec<HitView>,
}

pub async fn home(State(state): State<AppState>) -> Result<Html<String>, PageError> {
    let req = SearchRequest {
        per_page: LATEST,
        sort: Some(Sort::Date),
        ..SearchRequest::default()
    };
    let results = state.search(req).await??;
    let page = HomePage {
        layout: Layout::new(&state.assets).canonical("/"),
        total: results.total,
        languages: results
            .facets
            .lang
            .iter()
            .map(|c| {
                let url = SearchParams::default()
                    .with(Param::Lang, Some(&c.value))
                    .url("/search");
                (c.label.clone(), c.count, url)
            })
            .collect(),
        latest: results.hits.iter().map(HitView::new).collect(),
    };
    Ok(Html(page.render()?))
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    layout: Layout,
    /// The query again, with the language its letters suggest, where the page quotes it.
    query: Label,
    params: SearchParams,
    langs: Vec<(&'static str, &'static str, bool)>,
    sort_by_date: bool,
    total: usize,
    first: usize,
    last: usize,
    notice: Option<String>,
    /// Why the results hold statements without every word, and the link that asks for all.
    relaxed: Option<(String, String)>,
    /// The link back to relaxed matching when the user asked for all the words.
    most_words_url: Option<String>,
    /// The query with a misspelt name corrected, and its search.
    did_you_mean: Option<(Label, String)>,
    hits: Vec<HitView>,
    facets: Vec<FacetGroup>,
    chips: Vec<Chip>,
    pagination: Pagination,
    api_url: String,
    feed_url: String,
    csv_url: String,
    jsonl_url: String,
    timeline: Option<Timeline>,
}

pub async fn search(
    State(state): State<AppState>,
    Params(params): Params<SearchParams>,
) -> Result<impl IntoResponse, PageError> {
    let req = params.to_request()?;
    let sort_by_date = req.effective_sort() == Sort::Date;
    let results = state.search(req.clone()).await??;
    let timeline = match results.months {
        Some((year, counts)) => {
            let dated: u64 = counts.iter().sum();
            let in_year = results.facets.year.iter().map(|c| c.count).sum::<u64>();
            timeline::months(
                year,
                &counts,
                in_year.saturating_sub(dated),
                &params,
                "/search",
            )
        }
        None => timeline::timeline(&results.facets.year, &params, "/search"),
    };
    let first = if results.hits.is_empty() {
        0
    } else {
        (req.page - 1) * req.per_page + 1
    };
    let page = SearchPage {
        layout: Layout::new(&state.assets).query(&req.q),
        query: Label::new(req.q.as_str()),
        langs: [Lang::En, Lang::Ar, Lang::Ru]
            .into_iter()
            .map(|l| (l.code(), l.name(), req.lang == Some(l)))
            .collect(),
        sort_by_date,
        total: results.total,
        first,
        last: first + results.hits.len().saturating_sub(1),
        notice: results.notice.clone(),
        relaxed: results.relaxed.map(|r| {
            (
                r.message(),
                params.with(Param::Words, Some("all")).url("/search"),
            )
        }),
        most_words_url: (req.matching == search::Matching::All)
            .then(|| params.with(Param::Words, None).url("/search")),
        did_you_mean: results.did_you_mean.as_deref().map(|q| {
            (
                Label::new(q),
                params
                    .with(Param::Q, Some(q))
                    .with(Param::Words, None)
                    .url("/search"),
            )
        }),
        hits: results.hits.iter().map(HitView::new).collect(),
        facets: view::facet_groups(&results, &params),
        chips: view::chips(&params, &results),
        pagination: view::pagination(&results, &params, MAX_RESULT_WINDOW / req.per_page),
        api_url: params.url("/api/search"),
        feed_url: params.with_page(1).url("/search.atom"),
        csv_url: params.with_page(1).url("/search.csv"),
        jsonl_url: params.with_page(1).url("/search.jsonl"),
        timeline,
        params,
    };
    let timing = super::view::server_timing(&results.stages);
    Ok((timing, Html(page.render()?)))
}

#[derive(Template)]
#[template(path = "statement.html")]
struct StatementPage {
    layout: Layout,
    id: String,
    title: String,
    date: String,
    has_date: bool,
    lang_name: &'static str,
    source: Option<Label>,
    source_url: Option<String>,
    place: Option<Label>,
    doc_symbol: Option<String>,
    path: String,
    /// The original file is served (`/statements/{id}/original`), in this format.
    original: Option<&'static str>,
    speakers: Vec<ActorLink>,
    mentioned: Vec<ActorLink>,
    doc_type: Option<ActorLink>,
    topics: Vec<ActorLink>,
    paragraphs: Vec<Paragraph>,
    /// Set when the statement is longer than one part: which paragraphs the page shows.
    part: Option<PartNav>,
    translations: Vec<LinkView>,
    related: Vec<LinkView>,
    chicago: String,
    apa: String,
    /// The statement's absolute URL in the citations, which `cite.js` extends with `#pN`.
    cite_url: String,
}

/// Where a long statement's page stands among its parts.
struct PartNav {
    part: usize,
    parts: usize,
    first: usize,
    last: usize,
    total: usize,
    previous: Option<String>,
    next: Option<String>,
}

/// `/statements/{id}`, and its downloads `/statements/{id}.bib`, `.ris`, `.txt`.
pub async fn statement(
    State(state): State<AppState>,
    PathParams(raw_id): PathParams<String>,
    Params(cite): Params<CiteParams>,
    Params(shown): Params<view::PartParams>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    if let Some((id, kind)) = Download::split(&raw_id) {
        return Ok(downloads::download(&state, &headers, id, kind, &cite).await?);
    }
    let (mut st, neighbours) = state.statement(&raw_id).await?;
    let (paragraphs, shown_part) =
        view::paragraph_part(std::mem::take(&mut st.paragraphs), shown.part.as_deref())?;
    let view::Part {
        part,
        parts,
        first,
        total,
    } = shown_part;
    let url = view::statement_url(st.id.as_str());
    let part_url = |n: usize| {
        if n == 1 {
            url.clone()
        } else {
            format!("{url}?part={n}")
        }
    };
    let nav = (parts > 1).then(|| PartNav {
        part,
        parts,
        first,
        last: (first + paragraphs.len()).saturating_sub(1),
        total,
        previous: (part > 1).then(|| part_url(part - 1)),
        next: (part < parts).then(|| part_url(part + 1)),
    });
    let citation = downloads::citation(&state, &headers, &st, None);
    // `cite.js` adds `#pN` to this: a paragraph past the first part needs its part too.
    let cite_url = if part > 1 {
        format!("{}?part={part}", citation.url)
    } else {
        citation.url.clone()
    };
    let page = StatementPage {
        chicago: citation.chicago(),
        apa: citation.apa(),
        cite_url,
        part: nav,
        translations: view::links(&neighbours.translations),
        related: view::links(&neighbours.related),
        layout: Layout::new(&state.assets)
            .in_lang(st.lang)
            .canonical(view::statement_url(st.id.as_str())),
        id: st.id.to_string(),
        has_date: st.date.is_some(),
        date: view::date_label(st.date, st.year),
        lang_name: st.lang.name(),
        source: st.source.as_deref().map(Label::new),
        source_url: view::web_url(st.source_url.as_deref()),
        place: st.place.as_deref().map(Label::new),
        doc_symbol: st.doc_symbol.clone(),
        original: state
            .corpus_dir()
            .and(crate::corpus::Format::of(std::path::Path::new(&st.path)))
            .map(|format| match format {
                crate::corpus::Format::Text => "text",
                crate::corpus::Format::Html => "web page",
                crate::corpus::Format::Pdf => "PDF",
            }),
        path: st.path.clone(),
        speakers: view::role_links(&st.actors, ActorRole::Speaker),
        mentioned: view::role_links(&st.actors, ActorRole::Mentioned),
        doc_type: st.doc_type.map(view::type_link),
        topics: view::topic_links(&st.topics),
        paragraphs,
        title: st.title,
    };
    Ok(Html(page.render()?).into_response())
}

pub async fn not_found(uri: axum::http::Uri) -> PageError {
    PageError(WebError::not_found(format!(
        "There is no page at {}.",
        uri.path()
    )))
}

/// One side of the side-by-side view.
struct Side {
    url: String,
    title: String,
    lang: &'static str,
    lang_name: &'static str,
    dir: &'static str,
}

impl Side {
    fn of(st: &crate::model::Statement) -> Side {
        Side {
            url: view::statement_url(st.id.as_str()),
            title: st.title.clone(),
            lang: st.lang.code(),
            lang_name: st.lang.name(),
            dir: view::dir(st.lang),
        }
    }
}

/// Paragraph `n` of each side; `None` where one text has fewer paragraphs.
struct Row {
    n: usize,
    left: Option<String>,
    right: Option<String>,
}

#[derive(Template)]
#[template(path = "compare.html")]
struct ComparePage {
    layout: Layout,
    left: Side,
    right: Side,
    rows: Vec<Row>,
    /// The left statement's other translations, as compare links.
    others: Vec<LinkView>,
}

/// `/statements/{id}/compare/{other}`: two statements, paragraph by paragraph.
pub async fn compare(
    State(state): State<AppState>,
    PathParams((raw_id, raw_other)): PathParams<(String, String)>,
) -> Result<Html<String>, PageError> {
    let (left, translations) = state.statement_and_translations(&raw_id).await?;
    let right = state.statement_alone(&raw_other).await?;
    let n = left.paragraphs.len().max(right.paragraphs.len());
    let text =
        |st: &crate::model::Statement, i: usize| st.paragraphs.get(i).map(|p| p.text.clone());
    let rows = (0..n)
        .map(|i| Row {
            n: i + 1,
            left: text(&left, i),
            right: text(&right, i),
        })
        .collect();
    let others = view::links(&translations)
        .into_iter()
        .filter(|l| l.url != view::statement_url(right.id.as_str()))
        .map(|mut l| {
            l.url = format!(
                "{}/compare/{}",
                view::statement_url(left.id.as_str()),
                l.url.trim_start_matches("/statements/")
            );
            l
        })
        .collect();
    let page = ComparePage {
        layout: Layout::new(&state.assets).canonical(format!(
            "{}/compare/{}",
            view::statement_url(left.id.as_str()),
            right.id
        )),
        left: Side::of(&left),
        right: Side::of(&right),
        rows,
        others,
    };
    Ok(Html(page.render()?))
}
