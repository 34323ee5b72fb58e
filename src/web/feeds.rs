//! Following and taking away: an Atom feed of every search (`/search.atom?…`), its result set
//! as CSV or JSON Lines (`/search.csv?…`, `/search.jsonl?…`, streamed, at most
//! [`MAX_EXPORT`] rows), the OpenSearch description and the sitemap.

use atom_syndication::{Entry, Feed, FixedDateTime, Link, Person, Text};
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use chrono::{NaiveDate, TimeZone, Utc};
use futures_util::StreamExt;
use serde::Serialize;
use std::sync::Arc;
use std::time::Instant;
use tantivy::DocAddress;

use super::error::{PageError, WebError};
use super::params::{Params, PathParams, SearchParams};
use super::state::AppState;
use super::view;
use crate::model::{ActorRole, Statement};
use crate::search::export::{self, MAX_EXPORT};
use crate::search::{SearchRequest, Sort};

/// Entries in a feed: the newest ones, as feed readers poll often.
const FEED_ENTRIES: usize = 50;
/// Statements read per batch of a streamed export.
const BATCH: usize = 200;
/// URLs per sitemap file, the limit sitemaps.org sets.
const SITEMAP_URLS: usize = 50_000;

/// `/search.atom?…`: the search's newest statements, newest first.
pub async fn atom(
    State(state): State<AppState>,
    Params(params): Params<SearchParams>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let mut req = params.to_request()?;
    req.sort = Some(Sort::Date);
    let statements = state
        .blocking(move |a| -> Result<_, WebError> {
            let set = export::result_set(a, &req, FEED_ENTRIES)?;
            // The summary is the first paragraph.
            Ok(export::statements(a, &set.addresses, export::Body::First)?)
        })
        .await??;
    let site = state.site_url(&headers);
    let feed = atom_feed(&site, &params, &statements);
    Ok(with_type(
        feed.to_string(),
        "application/atom+xml; charset=utf-8",
    ))
}

fn atom_feed(site: &str, params: &SearchParams, statements: &[Statement]) -> Feed {
    let search_url = format!("{site}{}", params.url("/search"));
    let self_url = format!("{site}{}", params.url("/search.atom"));
    let q = params.q.as_deref().map(str::trim).unwrap_or_default();
    let title = if q.is_empty() {
        "Statement Archive: newest statements".to_string()
    } else {
        format!("Statement Archive: {}", view::printable(q))
    };
    let entries: Vec<Entry> = statements.iter().map(|st| atom_entry(site, st)).collect();
    let mut feed = Feed::default();
    feed.set_title(title);
    feed.set_id(self_url.clone());
    feed.set_updated(
        entries
            .iter()
            .map(|e| *e.updated())
            .max()
            .unwrap_or_else(|| day_time(NaiveDate::default())),
    );
    feed.set_links(vec![
        link(&self_url, "self"),
        link(&search_url, "alternate"),
    ]);
    feed.set_authors(vec![person("Statement Archive")]);
    feed.set_entries(entries);
    feed
}

fn atom_entry(site: &str, st: &Statement) -> Entry {
    let url = format!("{site}{}", view::statement_url(st.id.as_str()));
    // Atom needs a time: the statement's date, else 1 January of its year, else the epoch.
    let day = st
        .date
        .or_else(|| st.year.and_then(|y| NaiveDate::from_ymd_opt(y, 1, 1)))
        .unwrap_or_default();
    let mut title = Text::plain(view::printable(&st.title));
    title.lang = Some(st.lang.code().to_string());
    let mut summary = Text::plain(
        st.paragraphs
            .first()
            .map(|p| view::printable(&view::shorten(&p.text, 400)))
            .unwrap_or_default(),
    );
    summary.lang = Some(st.lang.code().to_string());
    let mut entry = Entry::default();
    entry.set_id(url.clone());
    entry.set_title(title);
    entry.set_updated(day_time(day));
    entry.set_published(st.date.map(day_time));
    entry.set_links(vec![link(&url, "alternate")]);
    let authors: Vec<Person> = st
        .speakers()
        .map(|a| person(&view::printable(&a.name)))
        .collect();
    entry.set_authors(if authors.is_empty() {
        st.source
            .iter()
            .map(|s| person(&view::printable(s)))
            .collect()
    } else {
        authors
    });
    entry.set_summary(Some(summary));
    entry
}

fn day_time(day: NaiveDate) -> FixedDateTime {
    Utc.from_utc_datetime(&day.and_time(chrono::NaiveTime::MIN))
        .fixed_offset()
}

fn link(href: &str, rel: &str) -> Link {
    let mut link = Link::default();
    link.set_href(href);
    link.set_rel(rel);
    link
}

fn person(name: &str) -> Person {
    let mut person = Person::default();
    person.set_name(name);
    person
}

/// One exported statement. Lists are `; `-joined in CSV and arrays in JSON Lines.
#[derive(Serialize)]
struct Row<L> {
    id: String,
    url: String,
    date: Option<String>,
    year: Option<i32>,
    lang: &'static str,
    title: String,
    #[serde(rename = "type")]
    doc_type: Option<&'static str>,
    speakers: L,
    mentioned: L,
    topics: L,
    source: Option<String>,
    source_url: Option<String>,
    place: Option<String>,
    doc_symbol: Option<String>,
}

fn row<L>(site: &str, st: &Statement, list: impl Fn(Vec<String>) -> L) -> Row<L> {
    let names = |role: ActorRole| {
        st.actors
            .iter()
            .filter(|a| a.role == role)
            .map(|a| view::printable(&a.name))
            .collect::<Vec<_>>()
    };
    Row {
        id: st.id.to_string(),
        url: format!("{site}{}", view::statement_url(st.id.as_str())),
        date: view::iso_date(st.date),
        year: st.year,
        lang: st.lang.code(),
        title: view::printable(&st.title),
        doc_type: st.doc_type.map(|t| t.code()),
        speakers: list(names(ActorRole::Speaker)),
        mentioned: list(names(ActorRole::Mentioned)),
        topics: list(st.topics.iter().map(|t| t.code().to_string()).collect()),
        source: st.source.as_deref().map(view::printable),
        source_url: view::web_url(st.source_url.as_deref()),
        place: st.place.as_deref().map(view::printable),
        doc_symbol: st.doc_symbol.as_deref().map(view::printable),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Table {
    Csv,
    JsonLines,
}

/// `/search.csv?…`
pub async fn csv(
    State(state): State<AppState>,
    Params(params): Params<SearchParams>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    stream_table(state, &params, &headers, Table::Csv).await
}

/// `/search.jsonl?…`
pub async fn jsonl(
    State(state): State<AppState>,
    Params(params): Params<SearchParams>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    stream_table(state, &params, &headers, Table::JsonLines).await
}

/// Runs the search once for its addresses, then streams the rows batch by batch, so a
/// 10,000-row export never sits in memory whole.
async fn stream_table(
    state: AppState,
    params: &SearchParams,
    headers: &HeaderMap,
    table: Table,
) -> Result<Response, PageError> {
    let req: SearchRequest = params.to_request()?;
    // First, so a refused export costs no search.
    let slot = state.export_slot().await?;
    // Every batch reads the generation the addresses came from, whatever goes live meanwhile.
    let archive = state.archive();
    let set = state
        .blocking_on(Arc::clone(&archive), move |a| {
            export::result_set(a, &req, MAX_EXPORT)
        })
        .await??;
    let site = state.site_url(headers);
    let total = set.total;
    let header = (table == Table::Csv).then(|| {
        csv_line(&[
            "id",
            "url",
            "date",
            "year",
            "lang",
            "title",
            "type",
            "speakers",
            "mentioned",
            "topics",
            "source",
            "source_url",
            "place",
            "doc_symbol",
        ])
    });
    let batches: Vec<Vec<DocAddress>> = set.addresses.chunks(BATCH).map(<[_]>::to_vec).collect();
    let until = Instant::now() + state.limits.export_time;
    // Each batch is made when the client has taken the previous one: a client that stops
    // reading holds its connection (until the socket's write timeout) but no thread or permit.
    let rows = futures_util::stream::iter(batches).then(move |batch| {
        let (state, site, archive) = (state.clone(), site.clone(), Arc::clone(&archive));
        async move {
            if Instant::now() > until {
                tracing::warn!("export stopped: the client read too slowly");
                return Err(std::io::Error::other("the export took too long"));
            }
            let chunk = state
                .export_batch(archive, move |archive| -> Result<Bytes, String> {
                    let statements = export::statements(archive, &batch, export::Body::Skip)
                        .map_err(|e| e.to_string())?;
                    let mut chunk = Vec::new();
                    match table {
                        Table::Csv => {
                            write_csv(&mut chunk, &site, &statements).map_err(|e| e.to_string())?
                        }
                        Table::JsonLines => write_json_lines(&mut chunk, &site, &statements)
                            .map_err(|e| e.to_string())?,
                    }
                    Ok(Bytes::from(chunk))
                })
                .await;
            // The status line is already sent: an error ends the body early, and the
            // client sees a short file.
            match chunk {
                Ok(Ok(bytes)) => Ok(bytes),
                Ok(Err(err)) => {
                    tracing::error!(%err, "export stopped");
                    Err(std::io::Error::other(err))
                }
                Err(err) => {
                    tracing::error!(?err, "export stopped");
                    Err(std::io::Error::other("the export stopped"))
                }
            }
        }
    });
    // Fused: the compression layer polls once more after the end.
    let stream = futures_util::stream::iter(header.map(Ok::<_, std::io::Error>))
        .chain(rows)
        .map(move |chunk| {
            // The export's slot is freed with the stream: at its end or when the client goes.
            let _held = &slot;
            chunk
        })
        .fuse();
    let (content_type, ext) = match table {
        Table::Csv => ("text/csv; charset=utf-8", "csv"),
        Table::JsonLines => ("application/jsonl; charset=utf-8", "jsonl"),
    };
    let mut response = Body::from_stream(stream).into_response();
    let out = response.headers_mut();
    out.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"statements.{ext}\""))
    {
        out.insert(header::CONTENT_DISPOSITION, value);
    }
    out.insert("x-total-count", HeaderValue::from(total));
    Ok(response)
}

/// One batch of CSV rows, written through one writer.
fn write_csv(out: &mut Vec<u8>, site: &str, statements: &[Statement]) -> Result<(), csv::Error> {
    let mut writer = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(out);
    for st in statements {
        let row = row(site, st, |v| v.join("; "));
        // Every cell a curator or a text could fill is neutralised for spreadsheets.
        let optional = |v: &Option<String>| v.as_deref().map(view::csv_cell).unwrap_or_default();
        writer.write_record([
            row.id.as_str(),
            &row.url,
            row.date.as_deref().unwrap_or_default(),
            &row.year.map(|y| y.to_string()).unwrap_or_default(),
            row.lang,
            &view::csv_cell(&row.title),
            row.doc_type.unwrap_or_default(),
            &view::csv_cell(&row.speakers),
            &view::csv_cell(&row.mentioned),
            &view::csv_cell(&row.topics),
            &optional(&row.source),
            &optional(&row.source_url),
            &optional(&row.place),
            &optional(&row.doc_symbol),
        ])?;
    }
    writer.flush()?;
    Ok(())
}

fn write_json_lines(
    out: &mut Vec<u8>,
    site: &str,
    statements: &[Statement],
) -> Result<(), serde_json::Error> {
    for st in statements {
        serde_json::to_writer(&mut *out, &row(site, st, |v| v))?;
        out.push(b'\n');
    }
    Ok(())
}

fn csv_line(fields: &[&str]) -> Bytes {
    let mut out = Vec::new();
    {
        let mut writer = csv::Writer::from_writer(&mut out);
        // Writing plain strings to a Vec cannot fail.
        let _ = writer.write_record(fields);
    }
    Bytes::from(out)
}

/// `/opensearch.xml`: lets a browser's address bar search the archive.
pub async fn opensearch(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let site = xml_escape(&state.site_url(&headers));
    let body = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<OpenSearchDescription xmlns="http://a9.com/-/spec/opensearch/1.1/">
  <ShortName>Statement Archive</ShortName>
  <Description>Search arms-control statements in English, Arabic and Russian</Description>
  <InputEncoding>UTF-8</InputEncoding>
  <Url type="text/html" method="get" template="{site}/search?q={{searchTerms}}"/>
  <Url type="application/atom+xml" template="{site}/search.atom?q={{searchTerms}}"/>
  <Url type="application/x-suggestions+json" template="{site}/api/suggest?q={{searchTerms}}&amp;format=opensearch"/>
</OpenSearchDescription>
"#
    );
    with_type(body, "application/opensearchdescription+xml; charset=utf-8")
}

/// `/sitemap.xml`: a sitemap index of the statement pages, [`SITEMAP_URLS`] per file.
pub async fn sitemap_index(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let n = (state.archive().num_docs() as usize)
        .div_ceil(SITEMAP_URLS)
        .max(1);
    let site = xml_escape(&state.site_url(&headers));
    let mut body = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for i in 1..=n {
        body.push_str(&format!(
            "  <sitemap><loc>{site}/sitemaps/{i}.xml</loc></sitemap>\n"
        ));
    }
    body.push_str("</sitemapindex>\n");
    Ok(with_type(body, "application/xml; charset=utf-8"))
}

/// `/sitemaps/{n}.xml`: the n-th file of statement URLs.
pub async fn sitemap(
    State(state): State<AppState>,
    PathParams(file): PathParams<String>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let missing = || WebError::not_found(format!("There is no sitemap “{file}”."));
    let n: usize = file
        .strip_suffix(".xml")
        .and_then(|n| n.parse().ok())
        .filter(|n| *n >= 1)
        .ok_or_else(missing)?;
    let site = xml_escape(&state.site_url(&headers));
    let start = (n - 1).saturating_mul(SITEMAP_URLS);
    let body = state
        .blocking(move |a| -> Result<Option<String>, WebError> {
            let ids = a.statement_ids().map_err(WebError::internal)?;
            if start >= ids.len() && n > 1 {
                return Ok(None);
            }
            let mut body = String::from(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
            );
            for id in ids.iter().skip(start).take(SITEMAP_URLS) {
                body.push_str(&format!(
                    "  <url><loc>{site}{}</loc></url>\n",
                    view::statement_url(id.as_str())
                ));
            }
            body.push_str("</urlset>\n");
            Ok(Some(body))
        })
        .await??
        .ok_or_else(missing)?;
    Ok(with_type(body, "application/xml; charset=utf-8"))
}

fn with_type(body: String, content_type: &'static str) -> Response {
    let mut response = body.into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
