//! Static files: every file under the static folder is read once at start-up and served from
//! memory at a URL that carries a hash of its content, `/static/css/site.3f2a9c1b7d.css`,
//! which browsers may keep for a year without asking again.
//!
//! Templates ask `layout.assets.url("css/site.css")` for that URL, so a changed file gets a new URL
//! and no browser keeps an old copy. A new file needs nothing but a line in a template.
//! A stylesheet's `url(...)` references to other files become their hashed URLs before the
//! stylesheet is hashed, so a new font gives the stylesheet a new hash too.
//!
//! The plain path (`/static/css/site.css`) still answers, with an hour's cache, for old pages
//! and bookmarks. So does a known file asked for with another hash: a page cached before a
//! deploy then keeps its styles and scripts (a 404 would leave it bare), and the short cache
//! keeps that URL from being pinned to content it does not name.
//!
//! Deliberately absent: reading the disk per request (a changed file needs a restart, as a
//! changed template does), range requests, and precompressed copies (the router's
//! `CompressionLayer` compresses on the way out; the files are small).

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use regex::{Captures, Regex};

use super::error::{PageError, WebError};
use super::params::PathParams;
use super::state::AppState;

/// Where the static folder is mounted.
pub const URL_PREFIX: &str = "/static/";
/// Hex digits of the BLAKE3 hash in a URL: 40 bits tell versions of one file apart.
const HASH_LEN: usize = 10;
/// For a URL whose hash is the content's: it can never change.
pub const CACHE_IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// For a plain or outdated path, whose content changes with the next deploy.
pub const CACHE_SHORT: &str = "public, max-age=3600";

#[derive(Debug, thiserror::Error)]
pub enum AssetError {
    #[error(
        "the static folder {} does not exist; run from the repository root or pass --static-dir with the folder that holds css/ and js/",
        .dir.display()
    )]
    Missing { dir: PathBuf },
    #[error("cannot read {}", .path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// The static files, by their path in the static folder with `/` separators (`css/site.css`).
#[derive(Default)]
pub struct Assets {
    files: HashMap<String, Asset>,
}

struct Asset {
    body: Bytes,
    content_type: &'static str,
    /// The first `HASH_LEN` hex digits of the BLAKE3 hash of `body`.
    hash: String,
    /// `/static/css/site.<hash>.css`
    url: String,
}

impl Assets {
    /// Reads every file under `dir`, skipping hidden ones (`.gitkeep`, editor files).
    pub fn load(dir: &Path) -> Result<Assets, AssetError> {
        if !dir.is_dir() {
            return Err(AssetError::Missing {
                dir: dir.to_path_buf(),
            });
        }
        let mut files = Vec::new();
        let walk = walkdir::WalkDir::new(dir)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
        for entry in walk {
            let entry = entry.map_err(|e| AssetError::Read {
                path: e.path().unwrap_or(dir).to_path_buf(),
                source: e.into(),
            })?;
            if !entry.file_type().is_file() {
                continue;
            }
            let Some(path) = url_path(dir, entry.path()) else {
                tracing::warn!(path = %entry.path().display(), "static file skipped: its name is not UTF-8");
                continue;
            };
            let bytes = std::fs::read(entry.path()).map_err(|source| AssetError::Read {
                path: entry.path().to_path_buf(),
                source,
            })?;
            files.push((path, bytes));
        }
        tracing::info!(n_files = files.len(), dir = %dir.display(), "static files loaded");
        Ok(Assets::from_files(files))
    }

    /// Hashes the files; stylesheets last, after their `url(...)` references are rewritten.
    fn from_files(files: Vec<(String, Vec<u8>)>) -> Assets {
        let (styles, others): (Vec<_>, Vec<_>) = files
            .into_iter()
            .partition(|(path, _)| path.ends_with(".css"));
        let mut assets = Assets::default();
        for (path, bytes) in others {
            assets.insert(path, bytes);
        }
        for (path, bytes) in styles {
            let bytes = match std::str::from_utf8(&bytes) {
                Ok(css) => assets.rewrite_css(&path, css).into_owned().into_bytes(),
                Err(_) => bytes,
            };
            assets.insert(path, bytes);
        }
        assets
    }

    fn insert(&mut self, path: String, bytes: Vec<u8>) {
        let hash = blake3::hash(&bytes).to_hex()[..HASH_LEN].to_string();
        let asset = Asset {
            url: format!("{URL_PREFIX}{}", hashed_path(&path, &hash)),
            content_type: content_type(&path),
            body: Bytes::from(bytes),
            hash,
        };
        self.files.insert(path, asset);
    }

    /// The URL to put in a page for `path` (`css/site.css`). A file that is not there keeps
    /// its plain path, which answers 404, so the mistake shows in the browser and the tests.
    pub fn url(&self, path: &str) -> Cow<'_, str> {
        match self.files.get(path) {
            Some(asset) => Cow::Borrowed(&asset.url),
            None => Cow::Owned(format!("{URL_PREFIX}{path}")),
        }
    }

    /// The file a request path (after `/static/`) names, and the `Cache-Control` to send:
    /// long for the current hash, short for the plain path or another hash.
    fn find(&self, path: &str) -> Option<(&Asset, &'static str)> {
        if let Some(asset) = self.files.get(path) {
            return Some((asset, CACHE_SHORT));
        }
        let (plain, hash) = split_hash(path)?;
        let asset = self.files.get(&plain)?;
        let cache = if asset.hash == hash {
            CACHE_IMMUTABLE
        } else {
            CACHE_SHORT
        };
        Some((asset, cache))
    }

    /// Points each `url(...)` in a stylesheet at `css_path` that names one of our files to its
    /// hashed URL; anything else (other hosts, `data:`, missing files) is left as written.
    fn rewrite_css<'c>(&self, css_path: &str, css: &'c str) -> Cow<'c, str> {
        static CSS_URL: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r#"(?i)url\(\s*(?:"([^"]*)"|'([^']*)'|([^"')\s]*))\s*\)"#).unwrap()
        });
        CSS_URL.replace_all(css, |caps: &Captures| {
            let reference = (1..=3).find_map(|i| caps.get(i)).map_or("", |m| m.as_str());
            match resolve(css_path, reference).and_then(|path| self.files.get(&path)) {
                Some(asset) => format!("url(\"{}\")", asset.url),
                None => caps[0].to_string(),
            }
        })
    }
}

/// `GET /static/{*path}`: a file from memory, with its type, cache policy and `ETag`.
pub async fn file(
    State(state): State<AppState>,
    PathParams(path): PathParams<String>,
    headers: HeaderMap,
) -> Response {
    let Some((asset, cache_control)) = state.assets.find(&path) else {
        return PageError(WebError::not_found(format!(
            "There is no file {URL_PREFIX}{path}."
        )))
        .into_response();
    };
    // Weak, because the compression layer may send other bytes for the same version.
    let etag = format!("W/\"{}\"", asset.hash);
    let mut res = if etag_matches(&headers, &asset.hash) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let mut res = asset.body.clone().into_response();
        res.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(asset.content_type),
        );
        res
    };
    let res_headers = res.headers_mut();
    res_headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(cache_control),
    );
    if let Ok(etag) = HeaderValue::from_str(&etag) {
        res_headers.insert(header::ETAG, etag);
    }
    res
}

/// Whether `If-None-Match` names this version (weak comparison, as RFC 9110 asks for it).
fn etag_matches(headers: &HeaderMap, hash: &str) -> bool {
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .any(|tag| {
            tag == "*"
                || tag
                    .trim_start_matches("W/")
                    .strip_prefix('"')
                    .and_then(|t| t.strip_suffix('"'))
                    == Some(hash)
        })
}

/// `file` relative to `dir`, as a URL path; `None` when a part of the name is not UTF-8.
fn url_path(dir: &Path, file: &Path) -> Option<String> {
    let relative = file.strip_prefix(dir).ok()?;
    let parts: Option<Vec<&str>> = relative
        .components()
        .map(|c| c.as_os_str().to_str())
        .collect();
    Some(parts?.join("/"))
}

/// `css/site.css` → `css/site.<hash>.css`; a name without an extension gets `.<hash>` at the end.
fn hashed_path(path: &str, hash: &str) -> String {
    let name_start = path.rfind('/').map_or(0, |i| i + 1);
    match path[name_start..].rfind('.') {
        Some(dot) if dot > 0 => {
            let (stem, ext) = path.split_at(name_start + dot);
            format!("{stem}.{hash}{ext}")
        }
        _ => format!("{path}.{hash}"),
    }
}

/// The inverse of `hashed_path`: the plain path and the hash, when the name carries one.
fn split_hash(path: &str) -> Option<(String, &str)> {
    let (dir, name) = path.split_at(path.rfind('/').map_or(0, |i| i + 1));
    let (stem, ext) = name.rsplit_once('.')?;
    if let Some((base, hash)) = stem.rsplit_once('.')
        && is_hash(hash)
        && !base.is_empty()
    {
        return Some((format!("{dir}{base}.{ext}"), hash));
    }
    if is_hash(ext) && !stem.is_empty() {
        return Some((format!("{dir}{stem}"), ext));
    }
    None
}

fn is_hash(s: &str) -> bool {
    s.len() == HASH_LEN && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// The static-folder path a stylesheet reference names: relative to the stylesheet, or
/// absolute under `/static/`. `None` for other hosts, `data:`, queries, fragments and paths
/// that climb out of the folder.
fn resolve(css_path: &str, reference: &str) -> Option<String> {
    if reference.is_empty() || reference.contains([':', '?', '#']) || reference.starts_with("//") {
        return None;
    }
    let (mut parts, rest): (Vec<&str>, &str) = match reference.strip_prefix(URL_PREFIX) {
        Some(rest) => (Vec::new(), rest),
        None if reference.starts_with('/') => return None,
        None => {
            let mut dir: Vec<&str> = css_path.split('/').collect();
            dir.pop();
            (dir, reference)
        }
    };
    for part in rest.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map_or("", |(_, ext)| ext);
    match ext.to_ascii_lowercase().as_str() {
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "txt" | "md" => "text/plain; charset=utf-8",
        "html" => "text/html; charset=utf-8",
        "xml" => "application/xml",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assets(files: &[(&str, &str)]) -> Assets {
        Assets::from_files(
            files
                .iter()
                .map(|(path, text)| (path.to_string(), text.as_bytes().to_vec()))
                .collect(),
        )
    }

    fn hash_of(text: &str) -> String {
        blake3::hash(text.as_bytes()).to_hex()[..HASH_LEN].to_string()
    }

    /// What a request path answers: the file's text and its cache policy.
    fn check_find(assets: &Assets, request: &str, expected: Option<(&str, &str)>) {
        let found = assets
            .find(request)
            .map(|(a, cache)| (std::str::from_utf8(&a.body).expect("utf-8"), cache));
        assert_eq!(found, expected, "request {request}");
    }

    #[test]
    fn url_carries_the_content_hash_before_the_extension() {
        let a = assets(&[("css/site.css", "body{}"), ("js/suggest.js", "1")]);
        let h = hash_of("body{}");
        assert_eq!(a.url("css/site.css"), format!("/static/css/site.{h}.css"));
        assert_eq!(
            a.url("js/suggest.js"),
            format!("/static/js/suggest.{}.js", hash_of("1"))
        );
        assert_eq!(a.url("js/missing.js"), "/static/js/missing.js");
    }

    #[test]
    fn current_hash_is_immutable_plain_and_stale_paths_are_short_unknown_is_none() {
        let a = assets(&[("css/site.css", "body{}"), ("LICENSE", "OFL")]);
        let h = hash_of("body{}");
        check_find(
            &a,
            &format!("css/site.{h}.css"),
            Some(("body{}", CACHE_IMMUTABLE)),
        );
        check_find(&a, "css/site.css", Some(("body{}", CACHE_SHORT)));
        check_find(&a, "css/site.0123456789.css", Some(("body{}", CACHE_SHORT)));
        check_find(
            &a,
            &format!("LICENSE.{}", hash_of("OFL")),
            Some(("OFL", CACHE_IMMUTABLE)),
        );
        check_find(&a, "css/other.css", None);
        check_find(&a, &format!("css/other.{h}.css"), None);
        check_find(&a, "css/site.NOTAHASH00.css", None);
        check_find(&a, "../Cargo.toml", None);
    }

    #[test]
    fn hashed_path_and_split_hash_are_inverses() {
        for path in ["css/site.css", "fonts/a.b.woff2", "LICENSE", "js/x.min.js"] {
            let hashed = hashed_path(path, "0123456789");
            assert_eq!(
                split_hash(&hashed),
                Some((path.to_string(), "0123456789")),
                "{hashed}"
            );
        }
        assert_eq!(split_hash("css/site.css"), None);
        assert_eq!(split_hash(".0123456789"), None);
    }

    #[test]
    fn stylesheet_urls_point_at_hashed_files_and_the_stylesheet_hash_follows() {
        let css = r#"@font-face{src:url("../fonts/N.woff2") format("woff2")}
a{background:url(../img/x.svg)} b{background:url( '/static/img/x.svg' )}
c{background:url(https://example.org/x.svg)} d{background:url(data:image/png;base64,AA)}
e{background:url(../missing.png)} f{background:url(../../x.svg)}"#;
        let a = assets(&[
            ("css/site.css", css),
            ("fonts/N.woff2", "wOF2"),
            ("img/x.svg", "<svg/>"),
        ]);
        let font = format!("/static/fonts/N.{}.woff2", hash_of("wOF2"));
        let svg = format!("/static/img/x.{}.svg", hash_of("<svg/>"));
        let (served, _) = a.find("css/site.css").expect("stylesheet");
        let served = std::str::from_utf8(&served.body).expect("utf-8");
        assert!(
            served.contains(&format!(r#"url("{font}") format("woff2")"#)),
            "{served}"
        );
        assert_eq!(
            served.matches(&format!(r#"url("{svg}")"#)).count(),
            2,
            "{served}"
        );
        for kept in [
            "url(https://example.org/x.svg)",
            "url(data:image/png;base64,AA)",
            "url(../missing.png)",
            "url(../../x.svg)",
        ] {
            assert!(served.contains(kept), "{kept} in {served}");
        }
        let other_font = assets(&[
            ("css/site.css", css),
            ("fonts/N.woff2", "wOF2 v2"),
            ("img/x.svg", "<svg/>"),
        ]);
        assert_ne!(a.url("css/site.css"), other_font.url("css/site.css"));
    }

    #[test]
    fn load_reads_the_folder_and_a_changed_file_gets_a_new_url() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir_all(dir.path().join("js")).expect("mkdir");
        std::fs::write(dir.path().join("js/app.js"), "one").expect("write");
        std::fs::write(dir.path().join(".hidden"), "x").expect("write");
        let before = Assets::load(dir.path()).expect("loads");
        std::fs::write(dir.path().join("js/app.js"), "two").expect("write");
        let after = Assets::load(dir.path()).expect("loads");
        assert_ne!(before.url("js/app.js"), after.url("js/app.js"));
        assert!(after.url("js/app.js").starts_with("/static/js/app."));
        assert!(before.find(".hidden").is_none());
        let (js, _) = after.find("js/app.js").expect("js");
        assert_eq!(js.content_type, "text/javascript; charset=utf-8");
    }

    #[test]
    fn a_missing_folder_is_an_error_that_says_what_to_do() {
        let dir = tempfile::tempdir().expect("tempdir");
        let missing = dir.path().join("nope");
        let err = Assets::load(&missing).err().expect("an error");
        assert!(matches!(err, AssetError::Missing { .. }));
        assert!(err.to_string().contains("--static-dir"), "{err}");
    }

    #[test]
    fn if_none_match_compares_weakly() {
        let check = |value: &str, expected: bool| {
            let mut headers = HeaderMap::new();
            headers.insert(
                header::IF_NONE_MATCH,
                HeaderValue::from_str(value).expect("header"),
            );
            assert_eq!(etag_matches(&headers, "0123456789"), expected, "{value}");
        };
        check(r#"W/"0123456789""#, true);
        check(r#""0123456789""#, true);
        check(r#""x", W/"0123456789""#, true);
        check("*", true);
        check(r#"W/"9876543210""#, false);
        check("0123456789", false);
    }

    #[test]
    fn content_types_by_extension() {
        for (path, expected) in [
            ("css/site.css", "text/css; charset=utf-8"),
            ("js/suggest.js", "text/javascript; charset=utf-8"),
            ("fonts/N.WOFF2", "font/woff2"),
            ("fonts/OFL.txt", "text/plain; charset=utf-8"),
            ("LICENSE", "application/octet-stream"),
        ] {
            assert_eq!(content_type(path), expected, "{path}");
        }
    }
}
