//! Static files and page weight through the real router (the issue "The reading room"):
//! hashed asset URLs cached for a year, nothing loaded from another host, statement pages
//! under 50 KB with their CSS and JS, and the Arabic font.

use std::sync::LazyLock;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use regex::Regex;

use crate::support::{Answer, fixture_app, get, send};

/// The issue's budget for a statement page with its CSS and JS, before compression.
const PAGE_BUDGET: usize = 50_000;
const CACHE_IMMUTABLE: &str = "public, max-age=31536000, immutable";
const CACHE_SHORT: &str = "public, max-age=3600";

static STYLESHEET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"<link\b[^>]*\brel="stylesheet"[^>]*\bhref="([^"]*)""#).expect("regex")
});
static SCRIPT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"<script\b[^>]*\bsrc="([^"]*)""#).expect("regex"));
static LINK: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"<link\b[^>]*>").expect("regex"));
static LINK_REL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"\brel\s*=\s*["']([^"']*)["']"#).expect("regex"));
static LINK_HREF: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"\bhref\s*=\s*["']([^"']*)["']"#).expect("regex"));
static LOADING_ATTRIBUTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\s(?:src|srcset|poster|data)\s*=\s*["']([^"']*)["']"#).expect("regex")
});
static CSS_URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)(?:url\(\s*["']?|@import\s+["'])([^"')]*)"#).expect("regex")
});
static HASHED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^/static/.+\.[0-9a-f]{10}(\.[a-z0-9]+)?$").expect("regex"));

fn captures(re: &Regex, text: &str) -> Vec<String> {
    re.captures_iter(text)
        .filter_map(|c| c.get(1))
        .map(|m| m.as_str().to_string())
        .collect()
}

/// The stylesheets and scripts a page loads.
fn styles_and_scripts(html: &str) -> Vec<String> {
    let mut urls = captures(&STYLESHEET, html);
    urls.extend(captures(&SCRIPT, html));
    urls
}

/// Every URL a page makes a browser fetch: `src`-like attributes, `<link href>` (except the
/// ones that only name a page: canonical and alternate) and CSS `url(...)`/`@import`.
fn resources(html: &str) -> Vec<String> {
    let mut urls = captures(&LOADING_ATTRIBUTE, html);
    for link in LINK.find_iter(html).map(|m| m.as_str()) {
        let rel = captures(&LINK_REL, link).join(" ");
        if rel
            .split_whitespace()
            .any(|r| r == "canonical" || r == "alternate")
        {
            continue;
        }
        urls.extend(captures(&LINK_HREF, link));
    }
    urls.extend(captures(&CSS_URL, html));
    urls
}

/// A path on this site, or inline data: nothing a browser would ask another host for.
fn is_same_host(url: &str) -> bool {
    let url = url.trim();
    if url.starts_with("//") {
        return false;
    }
    url.starts_with('/') || url.starts_with("data:") || !url.contains(':')
}

/// The page's stylesheets and scripts, and the files their CSS points to (the fonts).
async fn assets_of(app: &Router, html: &str) -> Vec<String> {
    let mut urls = styles_and_scripts(html);
    for css in captures(&STYLESHEET, html) {
        urls.extend(captures(&CSS_URL, &get(app, &css).await.body));
    }
    urls
}

/// Every statement in the fixture corpus.
async fn statement_ids(app: &Router) -> Vec<String> {
    let v = get(app, "/api/search?per_page=100").await.json();
    let ids: Vec<String> = v["hits"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|h| h["id"].as_str().map(str::to_string))
        .collect();
    assert_eq!(
        Some(ids.len() as u64),
        v["total"].as_u64(),
        "one page holds all"
    );
    ids
}

/// Home, search, statements in each language, a side-by-side view, an actor and a topic.
async fn pages(app: &Router) -> Vec<(String, Answer)> {
    let mut uris: Vec<String> = ["/", "/search?q=treaty", "/actors/csto", "/topics/nuclear"]
        .map(str::to_string)
        .to_vec();
    for lang in ["en", "ar", "ru"] {
        let v = get(app, &format!("/api/search?lang={lang}")).await.json();
        let id = v["hits"][0]["id"].as_str().unwrap_or_default();
        assert!(!id.is_empty(), "a statement in {lang}: {v}");
        uris.push(format!("/statements/{id}"));
    }
    let mut res = Vec::new();
    for uri in uris {
        let page = get(app, &uri).await;
        assert_eq!(page.status, StatusCode::OK, "{uri}");
        if let Some(compare) = page
            .body
            .split("href=\"")
            .filter_map(|rest| rest.split('"').next())
            .find(|href| href.contains("/compare/"))
        {
            let compare = compare.to_string();
            let view = get(app, &compare).await;
            assert_eq!(view.status, StatusCode::OK, "{compare}");
            res.push((compare, view));
        }
        res.push((uri, page));
    }
    assert!(
        res.iter().any(|(uri, _)| uri.contains("/compare/")),
        "a side-by-side view among the pages"
    );
    res
}

fn cache_control(answer: &Answer) -> &str {
    answer
        .headers
        .get(header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

#[tokio::test]
async fn every_statement_page_with_its_css_and_js_weighs_under_50_kb() {
    let app = fixture_app();
    let ids = statement_ids(&app).await;
    assert!(ids.len() >= 5, "{ids:?}");
    for id in ids {
        let uri = format!("/statements/{id}");
        let page = get(&app, &uri).await;
        assert_eq!(page.status, StatusCode::OK, "{uri}");
        let mut weight = page.body.len();
        let styles_and_scripts = styles_and_scripts(&page.body);
        assert!(
            styles_and_scripts.len() >= 2,
            "{uri}: {styles_and_scripts:?}"
        );
        for url in styles_and_scripts {
            let asset = get(&app, &url).await;
            assert!(asset.headers.get(header::CONTENT_ENCODING).is_none());
            weight += asset.body.len();
        }
        assert!(
            weight < PAGE_BUDGET,
            "{uri} weighs {weight} bytes with its CSS and JS"
        );
    }
}

#[tokio::test]
async fn pages_load_nothing_from_another_host() {
    let app = fixture_app();
    for (uri, page) in pages(&app).await {
        let mut urls = resources(&page.body);
        for css in captures(&STYLESHEET, &page.body) {
            urls.extend(resources(&get(&app, &css).await.body));
        }
        assert!(urls.len() >= 2, "{uri}: {urls:?}");
        for url in urls {
            assert!(is_same_host(&url), "{uri} loads {url} from another host");
        }
        assert!(
            !page.body.contains("rel=\"preload\""),
            "{uri}: a preload would fetch the Arabic font on every page"
        );
    }
}

#[tokio::test]
async fn every_asset_a_page_references_is_hashed_typed_and_cached_for_a_year() {
    let app = fixture_app();
    for (uri, page) in pages(&app).await {
        let assets = assets_of(&app, &page.body).await;
        assert!(assets.iter().any(|u| u.ends_with(".css")), "{uri}");
        assert!(assets.iter().any(|u| u.ends_with(".js")), "{uri}");
        for url in assets {
            assert!(HASHED.is_match(&url), "{uri}: {url} has no content hash");
            let asset = get(&app, &url).await;
            assert_eq!(asset.status, StatusCode::OK, "{uri}: {url}");
            assert_eq!(cache_control(&asset), CACHE_IMMUTABLE, "{url}");
            let expected_type = match url.rsplit('.').next() {
                Some("css") => "text/css",
                Some("js") => "text/javascript",
                Some("woff2") => "font/woff2",
                _ => "",
            };
            assert!(
                !expected_type.is_empty() && asset.content_type.starts_with(expected_type),
                "{url}: {}",
                asset.content_type
            );
            let etag = asset.headers.get(header::ETAG).cloned();
            assert!(etag.is_some(), "{url} has an ETag");
            let request = Request::get(&url)
                .header(header::IF_NONE_MATCH, etag.expect("etag"))
                .body(Body::empty())
                .expect("request");
            let again = send(&app, request).await;
            assert_eq!(again.status, StatusCode::NOT_MODIFIED, "{url}");
            assert!(again.body.is_empty());
        }
    }
}

#[tokio::test]
async fn plain_and_outdated_asset_paths_answer_with_a_short_cache_unknown_ones_404() {
    let app = fixture_app();
    let home = get(&app, "/").await;
    let css = captures(&STYLESHEET, &home.body)
        .pop()
        .expect("a stylesheet");
    let current = get(&app, &css).await;
    for uri in [
        "/static/css/site.css".to_string(),
        Regex::new(r"\.[0-9a-f]{10}\.css$")
            .expect("regex")
            .replace(&css, ".0000000000.css")
            .into_owned(),
    ] {
        let a = get(&app, &uri).await;
        assert_eq!(a.status, StatusCode::OK, "{uri}");
        assert!(a.content_type.starts_with("text/css"), "{uri}");
        assert_eq!(cache_control(&a), CACHE_SHORT, "{uri}");
        assert_eq!(a.body, current.body, "{uri} is today's stylesheet");
    }
    for uri in ["/static/css/nope.css", "/static/css/nope.0123456789.css"] {
        assert_eq!(get(&app, uri).await.status, StatusCode::NOT_FOUND, "{uri}");
    }
}

#[tokio::test]
async fn the_arabic_font_is_woff2_declared_with_a_unicode_range_and_not_compressed_again() {
    let app = fixture_app();
    let home = get(&app, "/").await;
    let css_url = captures(&STYLESHEET, &home.body)
        .pop()
        .expect("a stylesheet");
    let css = get(&app, &css_url).await.body;
    let faces: Vec<&str> = css
        .split("@font-face")
        .skip(1)
        .filter_map(|rest| rest.split('}').next())
        .collect();
    assert_eq!(faces.len(), 2, "regular and bold: {css}");
    for face in faces {
        assert!(face.contains("\"Noto Naskh Arabic\""), "{face}");
        assert!(face.contains("font-display: swap"), "{face}");
        assert!(face.contains("unicode-range:"), "{face}");
        assert!(face.contains("U+0600-06FF"), "{face}");
        let font = captures(&CSS_URL, face).pop().expect("a url()");
        assert!(font.ends_with(".woff2") && HASHED.is_match(&font), "{font}");
        let request = Request::get(&font)
            .header(header::ACCEPT_ENCODING, "br, gzip")
            .body(Body::empty())
            .expect("request");
        let a = send(&app, request).await;
        assert_eq!(a.status, StatusCode::OK, "{font}");
        assert_eq!(a.content_type, "font/woff2");
        assert!(a.body.starts_with("wOF2"), "{font} is WOFF2");
        assert!(
            a.headers.get(header::CONTENT_ENCODING).is_none(),
            "{font} is compressed already"
        );
    }
    let request = Request::get(&css_url)
        .header(header::ACCEPT_ENCODING, "gzip")
        .body(Body::empty())
        .expect("request");
    let compressed = send(&app, request).await;
    assert_eq!(
        compressed
            .headers
            .get(header::CONTENT_ENCODING)
            .and_then(|v| v.to_str().ok()),
        Some("gzip"),
        "the stylesheet is still compressed"
    );
}
