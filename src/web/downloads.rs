//! A statement as a file: `/statements/{id}.bib`, `.ris` (citations for reference managers)
//! and `.txt` (the text with its metadata). `?p=N` cites one paragraph.

use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::cite::Citation;
use super::error::WebError;
use super::params::PathParams;
use super::state::AppState;
use super::view;
use crate::model::Statement;

/// The file kinds a statement URL may end in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Download {
    Bibtex,
    Ris,
    Text,
}

impl Download {
    /// Splits `abc-123.bib` into the id and the kind; `None` when the path names no download.
    pub fn split(raw: &str) -> Option<(&str, Download)> {
        let (id, ext) = raw.rsplit_once('.')?;
        let kind = match ext {
            "bib" => Download::Bibtex,
            "ris" => Download::Ris,
            "txt" => Download::Text,
            _ => return None,
        };
        Some((id, kind))
    }

    fn content_type(self) -> &'static str {
        match self {
            Download::Bibtex => "application/x-bibtex; charset=utf-8",
            Download::Ris => "application/x-research-info-systems; charset=utf-8",
            Download::Text => "text/plain; charset=utf-8",
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Download::Bibtex => "bib",
            Download::Ris => "ris",
            Download::Text => "txt",
        }
    }
}

/// `?p=3`: cite paragraph 3.
#[derive(Debug, Default, Deserialize)]
pub struct CiteParams {
    pub p: Option<String>,
}

impl CiteParams {
    /// The paragraph to cite, checked against the statement's paragraphs.
    pub fn paragraph(&self, st: &Statement) -> Result<Option<usize>, WebError> {
        let Some(raw) = self.p.as_deref().map(str::trim).filter(|p| !p.is_empty()) else {
            return Ok(None);
        };
        let raw = raw.trim_start_matches('p');
        match raw.parse::<usize>() {
            Ok(n) if (1..=st.paragraphs.len()).contains(&n) => Ok(Some(n)),
            _ => Err(WebError::bad_request(format!(
                "“p” must be a paragraph number from 1 to {}.",
                st.paragraphs.len()
            ))),
        }
    }
}

/// The citation of a statement (or one of its paragraphs) as this site's address gives it.
pub fn citation(
    state: &AppState,
    headers: &HeaderMap,
    st: &Statement,
    paragraph: Option<usize>,
) -> Citation {
    let url = format!(
        "{}{}",
        state.site_url(headers),
        view::statement_url(st.id.as_str())
    );
    Citation::new(st, &url, paragraph, chrono::Utc::now().date_naive())
}

pub async fn download(
    state: &AppState,
    headers: &HeaderMap,
    raw_id: &str,
    kind: Download,
    params: &CiteParams,
) -> Result<Response, WebError> {
    let st = state.statement_alone(raw_id).await?;
    let paragraph = params.paragraph(&st)?;
    let body = match kind {
        Download::Bibtex => citation(state, headers, &st, paragraph).bibtex(),
        Download::Ris => citation(state, headers, &st, paragraph).ris(),
        Download::Text => plain_text(&st, &citation(state, headers, &st, None).url),
    };
    let disposition = format!("attachment; filename=\"{}.{}\"", st.id, kind.extension());
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(kind.content_type()),
    );
    // Ids are [a-z0-9_-], so the header value is always valid.
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}

/// The statement as plain text: a header of its metadata, then its numbered paragraphs.
fn plain_text(st: &Statement, url: &str) -> String {
    let mut out = format!("{}\n\n", st.title);
    let mut field = |name: &str, value: &str| out.push_str(&format!("{name}: {value}\n"));
    field("Date", &view::date_label(st.date, st.year));
    field("Language", st.lang.name());
    let speakers: Vec<&str> = st.speakers().map(|a| a.name.as_str()).collect();
    if !speakers.is_empty() {
        field("Speakers", &speakers.join(", "));
    }
    if let Some(t) = st.doc_type {
        field("Type", t.label());
    }
    if let Some(s) = &st.source {
        field("Source", s);
    }
    if let Some(u) = view::web_url(st.source_url.as_deref()) {
        field("Original", &u);
    }
    field("Archive", url);
    out.push('\n');
    for p in &st.paragraphs {
        out.push_str(&format!("[{}] {}\n\n", p.n, p.text));
    }
    out
}

/// `/statements/{id}/original`: the file the statement was read from, as it is in the corpus
/// (a page, a PDF, a text file). A page is served sandboxed: its scripts never run here.
pub async fn original(
    axum::extract::State(state): axum::extract::State<AppState>,
    PathParams(raw_id): PathParams<String>,
) -> Result<Response, super::error::PageError> {
    let st = state.statement_alone(&raw_id).await?;
    let Some(root) = state.corpus_dir().map(std::path::Path::to_path_buf) else {
        return Err(WebError::not_found(
            "This server does not serve the original files.".to_string(),
        )
        .into());
    };
    let path = st.path.clone();
    let (bytes, format) =
        tokio::task::spawn_blocking(move || crate::corpus::read_original(&root, &path))
            .await
            .map_err(WebError::internal)?
            .map_err(|reason| {
                WebError::not_found(format!("No original for this statement: {reason}."))
            })?;
    let file_name = std::path::Path::new(&st.path)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("original")
        .replace(
            |c: char| !(c.is_ascii_alphanumeric() || ".-_".contains(c)),
            "_",
        );
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(format.media_type()),
    );
    if let Ok(value) = HeaderValue::from_str(&format!("inline; filename=\"{file_name}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("sandbox"),
    );
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_known_extensions_are_downloads() {
        assert_eq!(Download::split("a-1.bib"), Some(("a-1", Download::Bibtex)));
        assert_eq!(Download::split("a-1.ris"), Some(("a-1", Download::Ris)));
        assert_eq!(Download::split("a-1.txt"), Some(("a-1", Download::Text)));
        assert_eq!(Download::split("a-1.exe"), None);
        assert_eq!(Download::split("a-1"), None);
    }
}
