//! Search parameters as they arrive in a URL, their validation into a `SearchRequest`, and
//! the URLs of related searches (facet links, pagination, removing a filter).

use axum::extract::{FromRequestParts, Path, Query};
use axum::http::request::Parts;
use chrono::NaiveDate;
use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::error::{ApiError, PageError, WebError};
use crate::model::{DocType, Lang};
use crate::search::{DEFAULT_PER_PAGE, Matching, SearchRequest, Sort};

/// A search parameter, as links to other searches name it: a misspelt name does not compile,
/// where a string was silently ignored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Param {
    Q,
    Lang,
    Actor,
    Source,
    Topic,
    Speaker,
    Type,
    Year,
    From,
    To,
    Sort,
    Page,
    PerPage,
    Xlang,
    Words,
}

impl Param {
    /// In the order a URL lists them.
    pub const ALL: [Param; 15] = [
        Param::Q,
        Param::Lang,
        Param::Actor,
        Param::Source,
        Param::Topic,
        Param::Speaker,
        Param::Type,
        Param::Year,
        Param::From,
        Param::To,
        Param::Sort,
        Param::Page,
        Param::PerPage,
        Param::Xlang,
        Param::Words,
    ];

    /// Its name in the URL.
    pub fn name(self) -> &'static str {
        match self {
            Param::Q => "q",
            Param::Lang => "lang",
            Param::Actor => "actor",
            Param::Source => "source",
            Param::Topic => "topic",
            Param::Speaker => "speaker",
            Param::Type => "type",
            Param::Year => "year",
            Param::From => "from",
            Param::To => "to",
            Param::Sort => "sort",
            Param::Page => "page",
            Param::PerPage => "per_page",
            Param::Xlang => "xlang",
            Param::Words => "words",
        }
    }
}

/// Every parameter as an optional string, so a malformed value gets our own helpful
/// message instead of a generic extractor rejection.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
pub struct SearchParams {
    pub q: Option<String>,
    pub lang: Option<String>,
    pub actor: Option<String>,
    pub source: Option<String>,
    /// A thesaurus topic id (`nuclear`).
    pub topic: Option<String>,
    /// An actor id that must make the statement; `actor` matches any role.
    pub speaker: Option<String>,
    /// A document type code (`speech`).
    #[serde(rename = "type")]
    pub doc_type: Option<String>,
    pub year: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub sort: Option<String>,
    pub page: Option<String>,
    pub per_page: Option<String>,
    /// `off` searches only the query's own language.
    pub xlang: Option<String>,
    /// `all` requires every word; `most` ranks statements by how many they hold; absent, all
    /// the words are relaxed to most of them when they find too few.
    pub words: Option<String>,
}

/// Extractors whose rejections are ours: axum's own `Query` and `Path` answer a key given twice
/// (`?q=a&q=b`) or a broken percent-encoding with a bare text 400, where every other bad
/// request gets the archive's error page (or, from the API, its JSON error).
macro_rules! extractors_answering_with {
    ($($(#[$doc:meta])* $name:ident($via:ident) -> $error:ty, $what:literal;)*) => {$(
        $(#[$doc])*
        pub struct $name<T>(pub T);

        impl<S, T> FromRequestParts<S> for $name<T>
        where
            S: Send + Sync,
            T: DeserializeOwned + Send,
        {
            type Rejection = $error;

            async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, $error> {
                match $via::<T>::from_request_parts(parts, state).await {
                    Ok($via(value)) => Ok($name(value)),
                    Err(rejection) => Err(WebError::bad_request(format!(
                        concat!($what, " could not be read ({}); give each parameter once, percent-encoded as UTF-8"),
                        rejection.body_text()
                    ))
                    .into()),
                }
            }
        }
    )*};
}

extractors_answering_with! {
    /// The query string of a page or feed, read into `T`.
    Params(Query) -> PageError, "the address's parameters";
    /// The query string of an API call, read into `T`.
    ApiParams(Query) -> ApiError, "the address's parameters";
    /// The path parameters of a page, read into `T`.
    PathParams(Path) -> PageError, "the address";
    /// The path parameters of an API call, read into `T`.
    ApiPathParams(Path) -> ApiError, "the address";
}

/// Longest value accepted for any filter parameter.
const MAX_PARAM_CHARS: usize = 200;

/// How long one search may run before it stops with a 503: under the 15 s at which the
/// router's timeout answers, so no search outlives its request.
pub const SEARCH_DEADLINE: std::time::Duration = std::time::Duration::from_secs(10);

fn nonempty(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl SearchParams {
    /// Validates the parameters' shape; limits on values are checked by `search`.
    pub fn to_request(&self) -> Result<SearchRequest, WebError> {
        for (name, value) in self.pairs() {
            if name != "q" && value.chars().count() > MAX_PARAM_CHARS {
                return Err(WebError::bad_request(format!(
                    "The “{name}” parameter is too long."
                )));
            }
        }
        let lang = match nonempty(&self.lang) {
            None => None,
            Some(code) => Some(Lang::from_code(code).ok_or_else(|| {
                WebError::bad_request(format!(
                    "Unknown language “{code}”. Use one of: {}.",
                    Lang::ALL.map(|l| l.code()).join(", ")
                ))
            })?),
        };
        let sort = match nonempty(&self.sort) {
            None => None,
            Some("relevance") => Some(Sort::Relevance),
            Some("date") => Some(Sort::Date),
            Some(other) => {
                return Err(WebError::bad_request(format!(
                    "Unknown sort order “{other}”. Use “relevance” or “date”."
                )));
            }
        };
        let year = match nonempty(&self.year) {
            None => None,
            Some(y) => Some(
                y.parse::<i32>()
                    .ok()
                    .filter(|y| (1000..=9999).contains(y))
                    .ok_or_else(|| {
                        WebError::bad_request(format!("“{y}” is not a year such as 2023."))
                    })?,
            ),
        };
        let doc_type = match nonempty(&self.doc_type) {
            None => None,
            Some(code) => Some(DocType::from_code(code).ok_or_else(|| {
                WebError::bad_request(format!(
                    "Unknown document type “{code}”. Use one of: {}.",
                    DocType::ALL.map(|t| t.code()).join(", ")
                ))
            })?),
        };
        Ok(SearchRequest {
            q: self.q.clone().unwrap_or_default(),
            lang,
            actor: nonempty(&self.actor).map(str::to_string),
            source: nonempty(&self.source).map(str::to_string),
            topic: nonempty(&self.topic).map(str::to_string),
            speaker: nonempty(&self.speaker).map(str::to_string),
            doc_type,
            year,
            from: parse_date("from", &self.from)?,
            to: parse_date("to", &self.to)?,
            sort,
            page: parse_number("page", &self.page, 1)?,
            per_page: parse_number("per_page", &self.per_page, DEFAULT_PER_PAGE)?,
            cross_language: match nonempty(&self.xlang) {
                None | Some("on") => true,
                Some("off") => false,
                Some(other) => {
                    return Err(WebError::bad_request(format!(
                        "Unknown xlang “{other}”. Use “off” to search only the query's own language."
                    )));
                }
            },
            matching: match nonempty(&self.words) {
                None => Matching::Auto,
                Some("all") => Matching::All,
                Some("most") => Matching::Most,
                Some(other) => {
                    return Err(WebError::bad_request(format!(
                        "Unknown words “{other}”. Use “all” to require every word, or “most”."
                    )));
                }
            },
            deadline: Some(std::time::Instant::now() + SEARCH_DEADLINE),
        })
    }

    /// The non-empty parameters, in a fixed order, as URL pairs.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        Param::ALL
            .into_iter()
            .filter_map(|p| nonempty(self.get(p)).map(|v| (p.name(), v.to_string())))
            .collect()
    }

    fn get(&self, param: Param) -> &Option<String> {
        match param {
            Param::Q => &self.q,
            Param::Lang => &self.lang,
            Param::Actor => &self.actor,
            Param::Source => &self.source,
            Param::Topic => &self.topic,
            Param::Speaker => &self.speaker,
            Param::Type => &self.doc_type,
            Param::Year => &self.year,
            Param::From => &self.from,
            Param::To => &self.to,
            Param::Sort => &self.sort,
            Param::Page => &self.page,
            Param::PerPage => &self.per_page,
            Param::Xlang => &self.xlang,
            Param::Words => &self.words,
        }
    }

    fn get_mut(&mut self, param: Param) -> &mut Option<String> {
        match param {
            Param::Q => &mut self.q,
            Param::Lang => &mut self.lang,
            Param::Actor => &mut self.actor,
            Param::Source => &mut self.source,
            Param::Topic => &mut self.topic,
            Param::Speaker => &mut self.speaker,
            Param::Type => &mut self.doc_type,
            Param::Year => &mut self.year,
            Param::From => &mut self.from,
            Param::To => &mut self.to,
            Param::Sort => &mut self.sort,
            Param::Page => &mut self.page,
            Param::PerPage => &mut self.per_page,
            Param::Xlang => &mut self.xlang,
            Param::Words => &mut self.words,
        }
    }

    /// `/search?…` for these parameters.
    pub fn url(&self, base: &str) -> String {
        let query = serde_urlencoded::to_string(self.pairs()).unwrap_or_default();
        if query.is_empty() {
            base.to_string()
        } else {
            format!("{base}?{query}")
        }
    }

    /// The same search with one parameter set (or cleared with `None`), back on page 1.
    pub fn with(&self, param: Param, value: Option<&str>) -> SearchParams {
        let mut next = self.clone();
        *next.get_mut(param) = value.map(str::to_string);
        if param != Param::Page {
            next.page = None;
        }
        next
    }

    pub fn with_page(&self, page: usize) -> SearchParams {
        let mut next = self.clone();
        next.page = (page > 1).then(|| page.to_string());
        next
    }
}

fn parse_date(name: &str, raw: &Option<String>) -> Result<Option<NaiveDate>, WebError> {
    let Some(raw) = nonempty(raw) else {
        return Ok(None);
    };
    NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| {
            WebError::bad_request(format!(
                "“{raw}” is not a date for “{name}”: write it as YYYY-MM-DD, e.g. 2023-06-20."
            ))
        })
}

fn parse_number(name: &str, raw: &Option<String>, default: usize) -> Result<usize, WebError> {
    let Some(raw) = nonempty(raw) else {
        return Ok(default);
    };
    raw.parse::<usize>().ok().filter(|n| *n > 0).ok_or_else(|| {
        WebError::bad_request(format!("“{name}” must be a whole number of 1 or more."))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> SearchParams {
        let q = serde_urlencoded::to_string(pairs).expect("encode");
        serde_urlencoded::from_str(&q).expect("decode")
    }

    #[test]
    fn valid_parameters_become_a_request() {
        let req = params(&[
            ("q", "outer space"),
            ("lang", "ar"),
            ("from", "2023-01-01"),
            ("page", "2"),
        ])
        .to_request()
        .expect("valid");
        assert_eq!(req.lang, Some(Lang::Ar));
        assert_eq!(req.page, 2);
        assert_eq!(req.from, NaiveDate::from_ymd_opt(2023, 1, 1));
    }

    #[test]
    fn malformed_values_are_explained() {
        for (name, value, says) in [
            ("from", "20-06-2023", "YYYY-MM-DD"),
            ("lang", "xx", "Unknown language"),
            ("sort", "random", "relevance"),
            ("page", "-1", "whole number"),
            ("year", "later", "year"),
            ("words", "some", "every word"),
        ] {
            let err = params(&[(name, value)]).to_request().expect_err(name);
            assert!(err.message().contains(says), "{name}: {}", err.message());
        }
    }

    /// `Param::name` and the names the URL is read by are written twice (`get`, the serde
    /// fields): a link setting any parameter reads back as that parameter.
    #[test]
    fn every_parameter_a_link_sets_is_read_back_under_its_name() {
        for param in Param::ALL {
            let linked = SearchParams::default().with(param, Some("x"));
            let url = linked.url("/search");
            assert_eq!(url, format!("/search?{}=x", param.name()));
            assert_eq!(params(&[(param.name(), "x")]), linked, "{url}");
        }
    }

    #[test]
    fn facet_links_keep_other_filters_and_reset_the_page() {
        let p = params(&[("q", "nuclear"), ("lang", "en"), ("page", "3")]);
        let url = p.with(Param::Actor, Some("russia")).url("/search");
        assert_eq!(url, "/search?q=nuclear&lang=en&actor=russia");
        assert_eq!(
            p.with(Param::Lang, None).url("/search"),
            "/search?q=nuclear"
        );
    }
}
