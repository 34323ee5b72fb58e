//! Plain search data → what templates print: escaped HTML fragments, labels and links.

use std::fmt;
use std::sync::Arc;

use chrono::NaiveDate;

use super::assets::Assets;
use super::params::{Param, SearchParams};
use crate::model::{ActorRef, ActorRole, DocType, Lang, Topic};
use crate::search::related::Link;
use crate::search::{FacetCount, Hit, SearchResults, Snippet};
use crate::vocab::script::short_text_lang;

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The URL when it is a web address (http or https); a catalog could carry a `javascript:`
/// or `data:` URL, which no page, export or API answer passes on.
pub fn web_url(url: Option<&str>) -> Option<String> {
    let has_scheme = |u: &str, scheme: &str| {
        u.get(..scheme.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(scheme))
    };
    url.filter(|u| {
        let u = u.trim_start();
        has_scheme(u, "https://") || has_scheme(u, "http://")
    })
    .map(str::to_string)
}

/// Text without control characters (line breaks and tabs become spaces, the rest go): XML
/// forbids most of them, so one in a catalog title would make the Atom feed invalid, and
/// terminals and spreadsheets act on the others.
pub fn printable(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\t' | '\n' | '\r' => Some(' '),
            '\u{FFFE}' | '\u{FFFF}' => None,
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

/// A spreadsheet cell that cannot run as a formula (OWASP's CSV-injection rule): a value
/// starting with `=`, `+`, `-` or `@`, after any spaces, tabs or carriage returns, gets a
/// leading apostrophe.
pub fn csv_cell(text: &str) -> String {
    let text = printable(text);
    // Tabs and carriage returns are spaces by now; a spreadsheet may skip leading spaces.
    if text.trim_start().starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text
    }
}

/// Paragraphs a statement page or API answer carries at most: a 5 MiB file of one-character
/// lines is 1.7 million paragraphs, which as one page was 170 MB built for one request.
pub const PARAGRAPHS_PER_PART: usize = 500;

/// `?part=2` of a long statement.
#[derive(Debug, Default, serde::Deserialize)]
pub struct PartParams {
    pub part: Option<String>,
}

/// Which part of a statement's paragraphs is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Part {
    /// 1-based.
    pub part: usize,
    pub parts: usize,
    /// The number of the first paragraph shown (1-based).
    pub first: usize,
    /// Paragraphs in the whole statement.
    pub total: usize,
}

/// The paragraphs of part `raw_part` (the first when absent), or a 400 that says which
/// parts there are.
pub fn paragraph_part(
    paragraphs: Vec<crate::model::Paragraph>,
    raw_part: Option<&str>,
) -> Result<(Vec<crate::model::Paragraph>, Part), super::error::WebError> {
    let total = paragraphs.len();
    let parts = total.div_ceil(PARAGRAPHS_PER_PART).max(1);
    let part = match raw_part.map(str::trim) {
        None | Some("") => 1,
        Some(raw) => raw
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=parts).contains(n))
            .ok_or_else(|| {
                super::error::WebError::bad_request(format!(
                    "“part” must be a number from 1 to {parts}: this statement has {total} paragraphs, {PARAGRAPHS_PER_PART} to a part."
                ))
            })?,
    };
    let skip = (part - 1) * PARAGRAPHS_PER_PART;
    let shown = paragraphs
        .into_iter()
        .skip(skip)
        .take(PARAGRAPHS_PER_PART)
        .collect();
    let info = Part {
        part,
        parts,
        first: skip + 1,
        total,
    };
    Ok((shown, info))
}

/// The snippet with every matched word wrapped in `<mark>`, everything else escaped.
pub fn snippet_html(snippet: &Snippet) -> String {
    let text = &snippet.text;
    let mut ranges = snippet.highlights.clone();
    ranges.sort_by_key(|r| r.start);
    let mut html = String::with_capacity(text.len() + 32);
    let mut at = 0;
    for r in ranges {
        let valid = r.start >= at
            && r.end <= text.len()
            && text.is_char_boundary(r.start)
            && text.is_char_boundary(r.end);
        if !valid {
            continue;
        }
        html.push_str(&escape(&text[at..r.start]));
        html.push_str("<mark>");
        html.push_str(&escape(&text[r.clone()]));
        html.push_str("</mark>");
        at = r.end;
    }
    html.push_str(&escape(&text[at..]));
    html
}

/// "20 June 2023"; "1985 (day unknown)" when only the year is known; "date unknown" otherwise.
pub fn date_label(date: Option<NaiveDate>, year: Option<i32>) -> String {
    match (date, year) {
        (Some(d), _) => d.format("%-d %B %Y").to_string(),
        (None, Some(y)) => format!("{y} (day unknown)"),
        (None, None) => "date unknown".to_string(),
    }
}

/// At most `max` characters of `text`, cut at a word boundary, with `…` when cut.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let at_word = cut.rfind(char::is_whitespace).unwrap_or(cut.len());
    format!("{}…", cut[..at_word].trim_end())
}

pub fn iso_date(date: Option<NaiveDate>) -> Option<String> {
    date.map(|d| d.format("%Y-%m-%d").to_string())
}

pub fn dir(lang: Lang) -> &'static str {
    if lang.is_rtl() { "rtl" } else { "ltr" }
}

/// What `base.html` needs from every page: the page's language and direction, its canonical
/// URL, the query shown in the header's search box, and the asset URLs.
pub struct Layout {
    pub lang: &'static str,
    pub dir: &'static str,
    pub canonical: Option<String>,
    pub q: String,
    pub assets: Arc<Assets>,
}

impl Layout {
    /// An English page without a canonical URL or a query.
    pub fn new(assets: &Arc<Assets>) -> Layout {
        Layout {
            lang: "en",
            dir: "ltr",
            canonical: None,
            q: String::new(),
            assets: Arc::clone(assets),
        }
    }

    /// A page in `lang` (a statement), right to left for Arabic.
    pub fn in_lang(mut self, lang: Lang) -> Layout {
        self.lang = lang.code();
        self.dir = dir(lang);
        self
    }

    pub fn canonical(mut self, url: impl Into<String>) -> Layout {
        self.canonical = Some(url.into());
        self
    }

    pub fn query(mut self, q: &str) -> Layout {
        self.q = q.to_string();
        self
    }
}

/// A short text in whatever language it is written in, with the `lang` and `dir` its letters
/// suggest ([`short_text_lang`]) for the element around it, so an Arabic source or actor name on
/// an English page is read as Arabic, right to left. It prints as the text.
pub struct Label {
    pub text: String,
    pub lang: &'static str,
    pub dir: &'static str,
}

impl Label {
    pub fn new(text: impl Into<String>) -> Label {
        let text = text.into();
        let lang = short_text_lang(&text);
        Label {
            lang: lang.code(),
            dir: dir(lang),
            text,
        }
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

pub fn statement_url(id: &str) -> String {
    format!("/statements/{id}")
}

/// A link to the search for one actor's statements.
pub struct ActorLink {
    pub name: Label,
    pub url: String,
}

pub fn actor_links(actors: &[ActorRef]) -> Vec<ActorLink> {
    actors.iter().map(actor_link).collect()
}

/// The statement's actors of one role; speakers link to the search for what they said,
/// mentioned actors to every statement naming them.
pub fn role_links(actors: &[ActorRef], role: ActorRole) -> Vec<ActorLink> {
    let filter = match role {
        ActorRole::Speaker => Param::Speaker,
        ActorRole::Mentioned => Param::Actor,
    };
    actors
        .iter()
        .filter(|a| a.role == role)
        .map(|a| ActorLink {
            name: Label::new(a.name.as_str()),
            url: SearchParams::default()
                .with(filter, Some(a.id.as_str()))
                .url("/search"),
        })
        .collect()
}

/// A document type linking to the search for its kind.
pub fn type_link(doc_type: DocType) -> ActorLink {
    ActorLink {
        name: Label::new(doc_type.label()),
        url: SearchParams::default()
            .with(Param::Type, Some(doc_type.code()))
            .url("/search"),
    }
}

fn actor_link(a: &ActorRef) -> ActorLink {
    ActorLink {
        name: Label::new(a.name.as_str()),
        url: format!("/actors/{}", a.id),
    }
}

/// A statement's topics, each linking to the search for it.
pub fn topic_links(topics: &[Topic]) -> Vec<ActorLink> {
    topics
        .iter()
        .map(|t| ActorLink {
            name: Label::new(t.label()),
            url: SearchParams::default()
                .with(Param::Topic, Some(t.code()))
                .url("/search"),
        })
        .collect()
}

pub struct HitView {
    pub url: String,
    pub title: String,
    pub date: String,
    pub iso_date: Option<String>,
    pub lang: &'static str,
    pub lang_name: &'static str,
    pub dir: &'static str,
    pub actors: Vec<ActorLink>,
    pub source: Option<Label>,
    pub snippet_html: String,
    /// "matched الفضاء الخارجي for ‘outer space’", for cross-language hits: the word in the
    /// hit's language and the part of the query, in the query's.
    pub reasons: Vec<(String, Label)>,
}

impl HitView {
    pub fn new(hit: &Hit) -> HitView {
        let st = &hit.statement;
        HitView {
            url: statement_url(st.id.as_str()),
            title: st.title.clone(),
            date: date_label(st.date, st.year),
            iso_date: iso_date(st.date),
            lang: st.lang.code(),
            lang_name: st.lang.name(),
            dir: dir(st.lang),
            actors: actor_links(&st.actors),
            source: st.source.as_deref().map(Label::new),
            snippet_html: snippet_html(&hit.snippet),
            reasons: hit
                .reasons
                .iter()
                .map(|r| (r.term.clone(), Label::new(r.source.as_str())))
                .collect(),
        }
    }
}

/// Another statement, linked with its language so its title reads in its own direction.
pub struct LinkView {
    pub url: String,
    pub title: String,
    pub lang: &'static str,
    pub lang_name: &'static str,
    pub dir: &'static str,
}

pub fn links(list: &[Link]) -> Vec<LinkView> {
    list.iter()
        .map(|l| LinkView {
            url: statement_url(l.id.as_str()),
            title: l.title.clone(),
            lang: l.lang.code(),
            lang_name: l.lang.name(),
            dir: dir(l.lang),
        })
        .collect()
}

pub struct FacetItem {
    pub label: Label,
    pub count: u64,
    pub url: String,
    pub active: bool,
}

pub struct FacetGroup {
    pub title: &'static str,
    pub name: &'static str,
    pub items: Vec<FacetItem>,
}

/// The facet sidebar: each value links to the search narrowed by it (or, when it is the
/// active filter, to the search without it).
pub fn facet_groups(results: &SearchResults, params: &SearchParams) -> Vec<FacetGroup> {
    let group = |title, param: Param, counts: &[FacetCount], current: Option<&str>| {
        let items = counts
            .iter()
            .map(|c| {
                let active = current == Some(c.value.as_str());
                let next = if active { None } else { Some(c.value.as_str()) };
                FacetItem {
                    label: Label::new(c.label.as_str()),
                    count: c.count,
                    url: params.with(param, next).url("/search"),
                    active,
                }
            })
            .collect();
        FacetGroup {
            title,
            name: param.name(),
            items,
        }
    };
    let f = &results.facets;
    vec![
        group("Language", Param::Lang, &f.lang, params.lang.as_deref()),
        group(
            "Speaker",
            Param::Speaker,
            &f.speaker,
            params.speaker.as_deref(),
        ),
        group(
            "Actor (any role)",
            Param::Actor,
            &f.actor,
            params.actor.as_deref(),
        ),
        group("Year", Param::Year, &f.year, params.year.as_deref()),
        group("Topic", Param::Topic, &f.topic, params.topic.as_deref()),
        group("Type", Param::Type, &f.doc_type, params.doc_type.as_deref()),
        group("Source", Param::Source, &f.source, params.source.as_deref()),
    ]
}

/// An active filter shown as a removable chip: what it filters (`"Language: "`, `"From "`) and
/// the value, which may be a name in any language.
pub struct Chip {
    pub what: &'static str,
    pub value: Label,
    pub remove_url: String,
}

pub fn chips(params: &SearchParams, results: &SearchResults) -> Vec<Chip> {
    let label_of = |counts: &[FacetCount], value: &str| {
        counts
            .iter()
            .find(|c| c.value == value)
            .map_or_else(|| value.to_string(), |c| c.label.clone())
    };
    let f = &results.facets;
    let mut out = Vec::new();
    let mut add = |param: Param, what: &'static str, value: String| {
        out.push(Chip {
            what,
            value: Label::new(value),
            remove_url: params.with(param, None).url("/search"),
        });
    };
    let set = |v: &Option<String>| v.clone().filter(|v| !v.is_empty());
    if let Some(v) = set(&params.lang) {
        add(Param::Lang, "Language: ", label_of(&f.lang, &v));
    }
    if let Some(v) = set(&params.actor) {
        add(Param::Actor, "Actor: ", label_of(&f.actor, &v));
    }
    if let Some(v) = set(&params.speaker) {
        add(Param::Speaker, "Speaker: ", label_of(&f.speaker, &v));
    }
    if let Some(v) = set(&params.year) {
        add(Param::Year, "Year: ", v);
    }
    if let Some(v) = set(&params.doc_type) {
        add(Param::Type, "Type: ", label_of(&f.doc_type, &v));
    }
    if let Some(v) = set(&params.topic) {
        add(Param::Topic, "Topic: ", label_of(&f.topic, &v));
    }
    if let Some(v) = set(&params.source) {
        add(Param::Source, "Source: ", v);
    }
    if let Some(v) = set(&params.from) {
        add(Param::From, "From ", v);
    }
    if let Some(v) = set(&params.to) {
        add(Param::To, "To ", v);
    }
    out
}

pub struct PageLink {
    pub number: usize,
    pub url: String,
    pub current: bool,
}

/// Page links around the current page (at most 9), plus previous and next.
pub struct Pagination {
    pub prev: Option<String>,
    pub next: Option<String>,
    pub pages: Vec<PageLink>,
}

pub fn pagination(results: &SearchResults, params: &SearchParams, max_page: usize) -> Pagination {
    let last = results.pages().min(max_page);
    let current = results.page;
    let first_shown = current.saturating_sub(4).max(1);
    let last_shown = (first_shown + 8).min(last);
    Pagination {
        prev: (current > 1 && current <= last + 1)
            .then(|| params.with_page(current - 1).url("/search")),
        next: (current < last).then(|| params.with_page(current + 1).url("/search")),
        pages: (first_shown..=last_shown)
            .map(|n| PageLink {
                number: n,
                url: params.with_page(n).url("/search"),
                current: n == current,
            })
            .collect(),
    }
}

/// The `Server-Timing` header of a search: where its time went, per stage, in milliseconds,
/// so a slow answer can be read in the browser's network panel.
pub fn server_timing(stages: &crate::search::Stages) -> [(axum::http::HeaderName, String); 1] {
    let value = stages
        .named()
        .iter()
        .map(|(name, d)| format!("{name};dur={:.2}", d.as_secs_f64() * 1000.0))
        .collect::<Vec<_>>()
        .join(", ");
    [(
        axum::http::header::HeaderName::from_static("server-timing"),
        value,
    )]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_addresses_pass_as_urls() {
        for bad in [
            "javascript:alert(1)",
            " JavaScript:x",
            "data:text/html,x",
            "urn:x",
            "ftp://a",
        ] {
            assert_eq!(web_url(Some(bad)), None, "{bad}");
        }
        for good in ["https://un.org/a", "HTTP://mid.ru/x"] {
            assert_eq!(web_url(Some(good)).as_deref(), Some(good));
        }
    }

    #[test]
    fn spreadsheet_formulas_and_control_characters_are_neutralised() {
        for formula in ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1"] {
            assert!(csv_cell(formula).starts_with('\''), "{formula:?}");
        }
        assert_eq!(csv_cell("Lavrov"), "Lavrov");
        assert_eq!(printable("a\u{7}b\nc\u{1b}[0m\u{FFFF}"), "ab c[0m");
    }

    #[test]
    fn shorten_cuts_at_a_word_and_says_so() {
        assert_eq!(shorten("short", 10), "short");
        assert_eq!(shorten("outer space weapons", 14), "outer space…");
        assert_eq!(shorten("الفضاء الخارجي والأسلحة", 15), "الفضاء الخارجي…");
    }

    #[test]
    fn snippets_escape_text_and_mark_matches() {
        let s = Snippet {
            text: "<b>space</b> & arms".into(),
            highlights: vec![std::ops::Range { start: 3, end: 8 }],
        };
        assert_eq!(
            snippet_html(&s),
            "&lt;b&gt;<mark>space</mark>&lt;/b&gt; &amp; arms"
        );
    }

    #[test]
    fn bad_highlight_ranges_are_ignored_not_panicked_on() {
        let s = Snippet {
            text: "الفضاء".into(),
            highlights: vec![1..3, 0..100],
        };
        assert_eq!(snippet_html(&s), "الفضاء");
    }

    #[test]
    fn the_language_of_a_label_is_guessed_from_its_letters() {
        assert_eq!(short_text_lang("وزارة الخارجية"), Lang::Ar);
        assert_eq!(short_text_lang("МИД России"), Lang::Ru);
        assert_eq!(short_text_lang("Ministry of Foreign Affairs"), Lang::En);
        assert_eq!(short_text_lang("2024"), Lang::En);
        assert_eq!(short_text_lang(""), Lang::En);
        // Arabic or Cyrillic letters decide a mixed name, as they decide a query's language.
        assert_eq!(short_text_lang("RT عربي"), Lang::Ar);
        assert_eq!(short_text_lang("RT Arabic"), Lang::En);
        let name = Label::new("مجموعة العمل");
        assert_eq!((name.lang, name.dir), ("ar", "rtl"));
        assert_eq!(name.to_string(), "مجموعة العمل");
        let name = Label::new("Лавров");
        assert_eq!((name.lang, name.dir), ("ru", "ltr"));
    }

    #[test]
    fn missing_dates_say_so() {
        assert_eq!(date_label(None, None), "date unknown");
        assert_eq!(date_label(None, Some(1985)), "1985 (day unknown)");
        assert_eq!(
            date_label(NaiveDate::from_ymd_opt(2023, 6, 20), Some(2023)),
            "20 June 2023"
        );
    }
}
