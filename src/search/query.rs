//! From a request to a tantivy query: the user's text (parsed once for every language's
//! fields, each with its own analyzer) and the filters as required clauses.

use std::cell::OnceCell;
use std::ops::Bound;

use tantivy::Term;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, Occur, Query, QueryParser, QueryParserError, RangeQuery,
    TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use unicode_normalization::UnicodeNormalization;

use super::at_least::AtLeast;
use super::parts::{self, Role, Split, SyntaxIssue};
use super::replay::Recordings;
use super::rescore::Bonus;
use super::{SearchRequest, expand, flat};
use crate::analysis::compounds;
use crate::index::Archive;
use crate::index::document::date_to_days;
use crate::index::schema::{self, Slot, TITLE_BOOST};
use crate::model::{ActorId, Lang};
use crate::vocab::script::short_text_lang;

pub struct Parsed {
    /// The full query: text and filters.
    pub query: Box<dyn Query>,
    /// The same statements as `query` with each expanded unit scored by the sum of its
    /// renderings, not the best: a bound on `query`'s score that tantivy reads as one union
    /// of terms. Set when it differs from `query`: the pass over every match runs it, and
    /// `query` scores only the best of them ([`super::rescore::rank`]).
    pub bound: Option<ScoreBound>,
    /// What snippets highlight: the text query without function words and excluded parts,
    /// so a passage is never picked for `in` or `the`.
    pub highlight: Option<Box<dyn Query>>,
    /// Set when the text could not be parsed strictly and was read leniently.
    pub notice: Option<String>,
    /// The cross-language renderings of the query, for explaining hits.
    pub candidates: Vec<expand::Candidate>,
    /// Phrases that rank but never decide what matches (the query's adjacent words near each
    /// other, a pasted passage as typed, a concept's renderings in another language): scored
    /// only for the best matches ([`super::rescore`]).
    pub rescore: Vec<Bonus>,
}

/// A query that matches the same statements as a search's, scoring each at least as high:
/// its score less the `excess` is the search's (see `expand::Expansion::excess`).
pub struct ScoreBound {
    pub query: Box<dyn Query>,
    pub excess: Vec<Bonus>,
}

impl Parsed {
    /// The query to run where only which statements match counts (counting, sorting by
    /// date): the bound when there is one, as it matches the same statements for less.
    pub fn matching(&self) -> &dyn Query {
        self.bound
            .as_ref()
            .map_or(self.query.as_ref(), |b| b.query.as_ref())
    }
}

/// Queries with at least this many content parts are read as a question or a pasted passage:
/// ranked by how many of their words a statement holds from the start.
pub const LONG_QUERY_PARTS: usize = 5;
/// Share of the content parts a statement must hold when matching is relaxed, rounded down
/// (as Elasticsearch's `minimum_should_match: 40%`), and at least one: two of five words,
/// six of a pasted sentence's fifteen.
const MINIMUM_SHARE: f32 = 0.4;
/// Relaxed, the weight of holding every content word (on top of each word's own score).
const ALL_WORDS_BOOST: f32 = 1.0;
/// Weight of two of the query's words found near each other, as they were typed.
const PROXIMITY_BOOST: f32 = 1.5;
/// Adjacent word pairs scored for proximity (a pasted paragraph has many).
const MAX_PROXIMITY_PAIRS: usize = 16;
/// Weight of the whole passage found as typed (a pasted sentence in its statement).
const PASSAGE_BOOST: f32 = 3.0;
/// Words of a pasted passage matched as one phrase, and the positions they may move.
const MAX_PASSAGE_WORDS: usize = 32;
const PASSAGE_SLOP: u32 = 2;
/// Content words a query needs before word order is scored: a two-word query's order rarely
/// matters, and its phrase check would cost every search of the commonest kind.
const MIN_PROXIMITY_WORDS: usize = 3;

/// The user's text read once, then built into a strict or a relaxed query.
pub struct Plan {
    /// The text as searched (NFC, lone operators dropped).
    q: String,
    split: Split,
    /// Each part's query, in the order of `split.parts`: what it matches by. The words of a
    /// name of several words search the text only (see `names`).
    queries: Vec<Box<dyn Query>>,
    /// The runs of parts that spell a gazetteer name, with its actor: all their words in the
    /// text, or the actor among the statement's (strict matching).
    names: Vec<(std::ops::RangeInclusive<usize>, ActorId)>,
    /// Each part's query as written, where a passage shows it: a hyphenated word matches
    /// by its closed form ([`by_closed_form`]) but shows as its words.
    shown: Vec<Box<dyn Query>>,
    /// The parts with names of several words as one (`"United Kingdom"`), which relaxed
    /// matching counts, and their queries over the query language's fields.
    grouped: Split,
    /// Parsed on first use: only a relaxed search needs them.
    grouped_queries: OnceCell<Vec<Box<dyn Query>>>,
    /// Adjacent content words near each other (and a long query's passage), for rescoring.
    proximity: Vec<Bonus>,
    /// The content and required parts in the titles, for rescoring.
    titles: Vec<Bonus>,
    notice: Option<String>,
}

impl Plan {
    pub fn new(archive: &Archive, req: &SearchRequest) -> Plan {
        // The analyzers expect NFC text, as the corpus is stored.
        let q = without_lone_operators(&req.q.trim().nfc().collect::<String>());
        // Only the filter fields may be named: the others are the index's own (`path:`, `meta:`,
        // `body_en:`) and their prefixes are read as words.
        let split = parts::split(&q, &|name| schema::FILTERS.contains(&name));
        let parser = parser(archive);
        let mut notice = split.issue.as_ref().map(|issue| match issue {
            SyntaxIssue::Unbalanced => explain(&QueryParserError::SyntaxError(String::new())),
            SyntaxIssue::NotAField(name) => {
                explain(&QueryParserError::FieldDoesNotExist(name.clone()))
            }
        });
        let shown: Vec<Box<dyn Query>> = split
            .parts
            .iter()
            .map(|part| {
                let (query, problem) = parse_part(&parser, &part.text);
                if notice.is_none() {
                    notice = problem;
                }
                query
            })
            .collect();
        // The words that spell a name of several words (`names`) match the actors' names as
        // that name, not word by word: `Security Council` is not the CSTO's "Collective
        // Security Council" beside another actor's "Council".
        let names = parts::name_spans(&split.parts);
        let in_text = (!names.is_empty()).then(|| parser_over(archive, archive.fields().in_text()));
        let queries = split
            .parts
            .iter()
            .zip(&shown)
            .enumerate()
            .map(|(i, (part, query))| {
                let in_name = names.iter().any(|(span, _)| span.contains(&i));
                if part.role == Role::Content
                    && in_name
                    && let Some(in_text) = &in_text
                {
                    return by_closed_form(in_text, &part.text)
                        .unwrap_or_else(|| parse_part(in_text, &part.text).0);
                }
                by_closed_form(&parser, &part.text).unwrap_or_else(|| query.box_clone())
            })
            .collect();
        let grouped = Split {
            parts: parts::group_names(&split.parts),
            issue: split.issue.clone(),
        };
        let proximity = proximity(archive, &split);
        let titles = titles(archive, &q, &split);
        Plan {
            q,
            split,
            queries,
            names,
            shown,
            grouped,
            grouped_queries: OnceCell::new(),
            proximity,
            titles,
            notice,
        }
    }

    /// Whether relaxing could find more: at least two parts count toward the match.
    pub fn relaxable(&self) -> bool {
        self.grouped.count(Role::Content) >= 2
    }

    /// A question or a pasted passage rather than a few keywords.
    pub fn is_long(&self) -> bool {
        self.grouped.count(Role::Content) >= LONG_QUERY_PARTS
    }

    /// How a search of this query starts, given what the request asked: relaxed for a long
    /// query (or when asked), strict when asked or when nothing can be relaxed, and `Auto`
    /// when the count of statements holding every word decides.
    pub fn starting(&self, asked: Matching) -> Matching {
        match asked {
            _ if !self.relaxable() => Matching::All,
            Matching::Auto if self.is_long() => Matching::Most,
            other => other,
        }
    }

    /// Parts a passage can show: words, phrases and names the user wrote (not function words).
    pub fn shown_parts(&self) -> usize {
        self.grouped.count(Role::Content) + self.grouped.count(Role::Required)
    }

    /// The bare content words, for spelling suggestions.
    pub fn content_words(&self) -> impl Iterator<Item = &str> {
        self.split
            .parts
            .iter()
            .filter(|p| p.role == Role::Content)
            .filter_map(|p| p.word())
    }

    pub fn text(&self) -> &str {
        &self.q
    }

    /// The query for `matching`: every content part required, or the share of them. With
    /// `recordings`, a relaxed query records what its expansions that are the same strict
    /// match, and a strict one reads that record instead of matching them again: for a
    /// strict count after a relaxed search, on the same searcher.
    pub fn build(
        &self,
        archive: &Archive,
        req: &SearchRequest,
        matching: Matching,
        recordings: Option<&Recordings>,
    ) -> Parsed {
        let q = &self.q;
        let relaxed = matching == Matching::Most && self.relaxable();
        let own_words = self.own(archive, relaxed);
        // Filters written in the query (`lang:en`) bind the expansions too, as parameters do.
        let inline = inline_filters(q);
        let only = req.lang.or_else(|| {
            inline
                .iter()
                .find(|(field, _)| *field == schema::LANG)
                .and_then(|(_, value)| Lang::from_code(value))
        });
        let mut candidates = Vec::new();
        let mut shown = Vec::new();
        let mut rescore: Vec<Bonus> = self.proximity.clone();
        rescore.extend(self.titles.iter().cloned());
        // The text as scored, and as bounded when an expansion scores a unit by its best
        // rendering (see `expand::Clause::bound`).
        let mut bound_text: Option<ScoreBound> = None;
        let text_query = match own_words {
            Some(own) if req.cross_language && only != Some(short_text_lang(q)) => {
                let expansion = expand::expand(archive, q, only, relaxed, &self.bounds());
                candidates = expansion.candidates;
                shown = expansion.shown;
                rescore.extend(expansion.rescore);
                if expansion.clauses.is_empty() {
                    Some(own)
                } else {
                    let bounded = !expansion.excess.is_empty();
                    let mut all = vec![own.box_clone()];
                    let mut all_bound = vec![own];
                    for clause in expansion.clauses {
                        // The pass over every match records: the bound one when there is.
                        let (query, bound) = match recordings {
                            Some(r) if clause.either_way && relaxed && bounded => {
                                (clause.query, r.record(clause.to, clause.bound))
                            }
                            Some(r) if clause.either_way && relaxed => {
                                (r.record(clause.to, clause.query), clause.bound)
                            }
                            Some(r) if clause.either_way => {
                                (r.replay(clause.to), r.replay(clause.to))
                            }
                            _ => (clause.query, clause.bound),
                        };
                        all.push(query);
                        all_bound.push(bound);
                    }
                    if bounded {
                        bound_text = Some(ScoreBound {
                            query: flat::union(all_bound),
                            excess: expansion.excess,
                        });
                    }
                    Some(flat::union(all))
                }
            }
            other => other,
        };
        let highlight = self.highlight(shown);
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let fields = archive.fields();
        let mut filters = vec![
            (fields.lang, req.lang.map(|l| l.code().to_string())),
            (fields.actor, req.actor.clone()),
            (fields.year, req.year.map(|y| y.to_string())),
            (fields.source, req.source.clone()),
            (fields.topic, req.topic.clone()),
            (fields.speaker, req.speaker.clone()),
            (fields.doc_type, req.doc_type.map(|t| t.code().to_string())),
        ];
        if !candidates.is_empty() {
            for (name, value) in inline {
                if let Some((_, field)) = fields.filters().into_iter().find(|(n, _)| *n == name) {
                    filters.push((field, Some(value)));
                }
            }
        }
        for (field, value) in filters {
            if let Some(value) = value {
                let term = Term::from_field_text(field, &value);
                clauses.push((
                    Occur::Must,
                    Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
                ));
            }
        }
        if req.from.is_some() || req.to.is_some() {
            let bound = |d: Option<chrono::NaiveDate>| match d {
                Some(d) => Bound::Included(Term::from_field_i64(fields.date, date_to_days(d))),
                None => Bound::Unbounded,
            };
            clauses.push((
                Occur::Must,
                Box::new(RangeQuery::new(bound(req.from), bound(req.to))),
            ));
        }
        // The text, then the filters.
        let with_filters = |text: Option<Box<dyn Query>>| -> Box<dyn Query> {
            match (text, clauses.is_empty()) {
                (None, true) => Box::new(AllQuery),
                (Some(text), true) => text,
                (text, false) => Box::new(BooleanQuery::new(
                    text.map(|t| (Occur::Must, t))
                        .into_iter()
                        .chain(clauses.iter().map(|(o, q)| (*o, q.box_clone())))
                        .collect(),
                )),
            }
        };
        let bound = bound_text.map(|text| ScoreBound {
            query: with_filters(Some(text.query)),
            ..text
        });
        let query = with_filters(text_query);
        Parsed {
            query,
            bound,
            highlight,
            notice: self.notice.clone(),
            candidates,
            rescore,
        }
    }

    /// The query's own words: required and excluded parts as written, content parts all
    /// required or a share of them, function words left out (they match nearly every
    /// statement, so they neither select nor rank). Word order is scored apart, by rescoring.
    fn own(&self, archive: &Archive, relaxed: bool) -> Option<Box<dyn Query>> {
        if self.split.parts.is_empty() {
            return None;
        }
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut content: Vec<Box<dyn Query>> = Vec::new();
        let mut numbers: Vec<Box<dyn Query>> = Vec::new();
        let (split, queries) = if relaxed {
            let queries = self.grouped_queries.get_or_init(|| {
                let parser = own_language_parser(archive, short_text_lang(&self.q));
                self.grouped
                    .parts
                    .iter()
                    .map(|part| {
                        by_closed_form(&parser, &part.text)
                            .unwrap_or_else(|| parse_part(&parser, &part.text).0)
                    })
                    .collect()
            });
            (&self.grouped, queries)
        } else {
            (&self.split, &self.queries)
        };
        // Strict, a name's words are one part: all of them in the text, or the actor among
        // the statement's actors (relaxed, `grouped` has made each name one phrase part).
        let names: &[(std::ops::RangeInclusive<usize>, ActorId)] =
            if relaxed { &[] } else { &self.names };
        let mut name_words: Vec<Box<dyn Query>> = Vec::new();
        for (i, (part, query)) in split.parts.iter().zip(queries).enumerate() {
            let name = names.iter().find(|(span, _)| span.contains(&i));
            match part.role {
                Role::Required => clauses.push((Occur::Must, query.box_clone())),
                Role::Excluded => clauses.push((Occur::MustNot, query.box_clone())),
                Role::Content if relaxed && !part.text.chars().any(char::is_alphabetic) => {
                    numbers.push(query.box_clone())
                }
                Role::Content if name.is_some() => name_words.push(query.box_clone()),
                Role::Content => content.push(query.box_clone()),
                Role::Function => {}
            }
            if let Some((span, actor)) = name
                && *span.end() == i
                && !name_words.is_empty()
            {
                content.push(name_query(archive, std::mem::take(&mut name_words), actor));
            }
        }
        // Relaxed, numbers (`2015`, `10`) rank but do not count toward the share: they are
        // in every language's statements, so alone they would match a Russian sentence to
        // any English statement of that year.
        if content.is_empty() {
            content = std::mem::take(&mut numbers);
        }
        clauses.extend(numbers.into_iter().map(|q| (Occur::Should, q)));
        if relaxed && content.len() >= 2 {
            let n = content.len();
            let required = ((n as f32 * MINIMUM_SHARE).floor() as usize).clamp(1, n);
            clauses.push((Occur::Must, most_of(content, required, ALL_WORDS_BOOST)));
        } else {
            clauses.extend(content.into_iter().map(|q| (Occur::Must, q)));
        }
        if !clauses.iter().any(|(occur, _)| *occur == Occur::Must) {
            // Only excluded words: everything except them.
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        Some(match clauses.len() {
            1 if clauses[0].0 == Occur::Must => clauses.remove(0).1,
            _ => Box::new(BooleanQuery::new(clauses)),
        })
    }

    /// The required and excluded parts, which bind the other languages too. A field
    /// (`lang:en`) is a filter, not words.
    fn bounds(&self) -> expand::Bounds {
        let text = |role: Role| {
            self.split
                .parts
                .iter()
                .filter(move |p| p.role == role && !p.text.contains(':'))
                .map(|p| p.text.clone())
                .collect()
        };
        expand::Bounds {
            // In a pasted passage, quotation marks are the passage's own, and a translation
            // renders the quoted words too loosely to require each of them.
            required: if self.is_long() {
                Vec::new()
            } else {
                text(Role::Required)
            },
            excluded: text(Role::Excluded),
        }
    }

    /// The parts a statement is shown for (content and required), and the expansions.
    fn highlight(&self, expansions: Vec<Box<dyn Query>>) -> Option<Box<dyn Query>> {
        let mut shown: Vec<Box<dyn Query>> = self
            .split
            .parts
            .iter()
            .zip(&self.shown)
            .filter(|(p, _)| matches!(p.role, Role::Content | Role::Required))
            .map(|(_, q)| q.box_clone())
            .collect();
        shown.extend(expansions);
        (!shown.is_empty()).then(|| Box::new(BooleanQuery::union(shown)) as Box<dyn Query>)
    }
}

/// At least `required` of `parts`, with a statement holding every part ranked first (`all_boost`
/// on top of each part's own score): relaxed matching, of the query's own words and of their
/// renderings in another language.
pub(super) fn most_of(
    parts: Vec<Box<dyn Query>>,
    required: usize,
    all_boost: f32,
) -> Box<dyn Query> {
    Box::new(AtLeast::new(parts, required, all_boost))
}

/// How the query's words must match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Matching {
    /// All words, relaxed to most of them when that finds too few (or the query is long).
    #[default]
    Auto,
    /// Every content word, as the user asked.
    All,
    /// A share of the content words, ranked by how many a statement holds.
    Most,
}

/// Phrase queries (with slop) over the query language's body (which holds the title) for each
/// pair of content words typed next to each other, function words between them allowed for:
/// the statement that holds a pasted sentence holds its words in that order.
fn proximity(archive: &Archive, split: &Split) -> Vec<Bonus> {
    let words: Vec<(usize, &str)> = split
        .parts
        .iter()
        .filter(|p| p.role == Role::Content)
        .filter_map(|p| Some((p.position?, p.word()?)))
        .collect();
    if words.len() < MIN_PROXIMITY_WORDS {
        return Vec::new();
    }
    let fields = archive.fields();
    let mut out: Vec<Bonus> = Vec::new();
    // One parser per language of the words, made when first needed.
    let mut parsers: Vec<(Lang, QueryParser)> = Vec::new();
    let mut parse = |lang: Lang, text: &str| {
        let index = match parsers.iter().position(|(l, _)| *l == lang) {
            Some(index) => index,
            None => {
                let parser =
                    QueryParser::for_index(archive.index(), vec![fields.body(Slot::of(lang))]);
                parsers.push((lang, parser));
                parsers.len() - 1
            }
        };
        parsers[index].1.parse_query(text)
    };
    let clean = |w: &str| w.replace(|c: char| !c.is_alphanumeric(), " ");
    if words.len() >= LONG_QUERY_PARTS {
        // The passage as typed, function words and all: only its source holds it.
        let passage: Vec<String> = split
            .parts
            .iter()
            .filter(|p| matches!(p.role, Role::Content | Role::Function))
            .filter_map(|p| p.word().map(clean))
            .take(MAX_PASSAGE_WORDS)
            .collect();
        let lang = short_text_lang(&passage.join(" "));
        let text = format!("\"{}\"~{PASSAGE_SLOP}", passage.join(" "));
        if let Ok(query) = parse(lang, &text) {
            out.push(Bonus::Boost(
                Box::new(Bonus::from_query(query)),
                PASSAGE_BOOST,
            ));
        }
    }
    for pair in words.windows(2).take(MAX_PROXIMITY_PAIRS) {
        let [(p1, w1), (p2, w2)] = pair else { continue };
        let lang = short_text_lang(w1);
        if short_text_lang(w2) != lang {
            continue;
        }
        let slop = p2 - p1;
        let text = format!("\"{} {}\"~{slop}", clean(w1), clean(w2));
        if let Ok(query) = parse(lang, &text) {
            out.push(Bonus::Boost(
                Box::new(Bonus::from_query(query)),
                PROXIMITY_BOOST,
            ));
        }
    }
    out
}

/// Each content and required part in the title fields of the query's own language, weighted:
/// a title holds few words, so one that holds the query's ranks its statement up. Scored over
/// the best matches alone (the body fields hold the titles, so matching needs no title field).
/// Renderings in other languages rank by the body alone: scoring them in the titles too
/// lowered the sentence evaluation's MRR from 0.846 to 0.835.
fn titles(archive: &Archive, q: &str, split: &Split) -> Vec<Bonus> {
    let fields = archive.fields();
    let titles = own_slots(short_text_lang(q))
        .iter()
        .map(|&s| (fields.title(s), TITLE_BOOST))
        .collect();
    let parser = parser_over(archive, titles);
    split
        .parts
        .iter()
        .filter(|p| matches!(p.role, Role::Content | Role::Required) && !p.text.contains(':'))
        .filter_map(|p| parser.parse_query(&p.text).ok())
        .map(Bonus::from_query)
        .collect()
}

/// A hyphenated word's query by its closed form (`non-proliferation` → `nonproliferation`),
/// one term per field that the index writer added for the compound: a phrase query of its
/// words read the positions of every statement holding them (see [`compounds`]).
fn by_closed_form(parser: &QueryParser, text: &str) -> Option<Box<dyn Query>> {
    parser.parse_query(&compounds::closed_form(text)?).ok()
}

/// One part parsed strictly, or leniently with the reason why.
fn parse_part(parser: &QueryParser, text: &str) -> (Box<dyn Query>, Option<String>) {
    if text == "*" {
        return (Box::new(AllQuery), None);
    }
    match parser.parse_query(text) {
        Ok(query) => (query, None),
        Err(e) => {
            let (query, _) = parser.parse_query_lenient(text);
            (query, Some(explain(&e)))
        }
    }
}

/// The filters written inside the query text (`lang:ar`, `actor:"Sergey Lavrov"`), with their
/// values as the query parser reads them; an excluded one (`-lang:ar`) is not a filter.
fn inline_filters(q: &str) -> Vec<(&'static str, String)> {
    filter_spans(q)
        .into_iter()
        .filter(|f| !f.excluded && !f.value.is_empty())
        .map(|f| (f.name, f.value.to_string()))
        .collect()
}

/// The query without its filters (`lang:ar`, `actor:"Sergey Lavrov"`, also excluded ones), so
/// the expansion does not translate a filter's value as if it were a word of the query.
pub(super) fn without_filters(q: &str) -> String {
    let mut out = String::with_capacity(q.len());
    let mut last = 0;
    for span in filter_spans(q) {
        out.push_str(&q[last..span.start]);
        out.push(' ');
        last = span.end;
    }
    out.push_str(&q[last..]);
    out
}

/// A `field:value` filter in the query text: which filter, its value, and its byte range
/// (including a leading `-`).
struct FilterSpan<'q> {
    name: &'static str,
    value: &'q str,
    start: usize,
    end: usize,
    excluded: bool,
}

/// Every `field:value` of a filter field in the query, one scanner for both the filters and
/// the words the expansion reads.
fn filter_spans(q: &str) -> Vec<FilterSpan<'_>> {
    let mut out = Vec::new();
    let mut pos = 0;
    while let Some(skip) = q[pos..].find(|c: char| !c.is_whitespace()) {
        let start = pos + skip;
        let word = &q[start..];
        let word_end = start + word.find(char::is_whitespace).unwrap_or(word.len());
        let (excluded, field) = match word.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, word),
        };
        let found = schema::FILTERS.iter().find_map(|&name| {
            field
                .strip_prefix(name)
                .and_then(|r| r.strip_prefix(':'))
                .map(|value| (name, value))
        });
        let Some((name, value)) = found else {
            pos = word_end;
            continue;
        };
        let value_start = q.len() - value.len();
        let (value, end) = match value.strip_prefix('"') {
            Some(quoted) => {
                let close = quoted.find('"').unwrap_or(quoted.len());
                let end = (value_start + 1 + close + 1).min(q.len());
                (&quoted[..close], end)
            }
            None => {
                let len = value.find(char::is_whitespace).unwrap_or(value.len());
                (&value[..len], value_start + len)
            }
        };
        out.push(FilterSpan {
            name,
            value,
            start,
            end,
            excluded,
        });
        pos = end;
    }
    out
}

/// A name of several words: all its words in the text (`words`, searched outside the actors'
/// names), or `actor` among the statement's actors, weighted as the actors' names field
/// weighs each word.
fn name_query(archive: &Archive, words: Vec<Box<dyn Query>>, actor: &ActorId) -> Box<dyn Query> {
    let n = words.len() as f32;
    let term = Term::from_field_text(archive.fields().actor, actor.as_str());
    let actor: Box<dyn Query> = Box::new(BoostQuery::new(
        Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
        schema::ACTOR_NAMES_BOOST * n,
    ));
    let words: Box<dyn Query> = match <[Box<dyn Query>; 1]>::try_from(words) {
        Ok([word]) => word,
        Err(words) => Box::new(BooleanQuery::intersection(words)),
    };
    Box::new(BooleanQuery::union(vec![words, actor]))
}

fn parser(archive: &Archive) -> QueryParser {
    parser_over(archive, archive.fields().searchable())
}

/// A parser over the fields of the query's own language (and actor names in any script, and
/// for Latin script the other languages' slot): what relaxed matching searches, so that one
/// English word in a Russian statement's title does not count as most of an English query.
/// Statements in the other languages are found through the expansion.
fn own_language_parser(archive: &Archive, lang: Lang) -> QueryParser {
    let slots = own_slots(lang);
    let fields = archive.fields();
    let searchable = fields
        .searchable()
        .into_iter()
        .filter(|(field, _)| {
            *field == fields.actor_names
                || (lang == Lang::Ar && *field == fields.body_ar_forms)
                || slots.iter().any(|&s| *field == fields.body(s))
        })
        .collect();
    parser_over(archive, searchable)
}

/// The slots a query in `lang` is its own language in: for Latin script, the other
/// languages' slot too.
fn own_slots(lang: Lang) -> &'static [Slot] {
    match lang {
        Lang::En => &[Slot::En, Slot::Other],
        Lang::Ar => &[Slot::Ar],
        Lang::Ru => &[Slot::Ru],
        _ => &[Slot::Other],
    }
}

fn parser_over(archive: &Archive, searchable: Vec<(Field, f32)>) -> QueryParser {
    let mut parser = QueryParser::for_index(
        archive.index(),
        searchable.iter().map(|(f, _)| *f).collect(),
    );
    for (field, boost) in searchable {
        parser.set_field_boost(field, boost);
    }
    parser.set_conjunction_by_default();
    parser
}

/// A message a person understands, with what to do about it.
fn explain(error: &QueryParserError) -> String {
    let hint = "Use quotes in pairs for phrases (\"outer space\"), AND/OR between words, and -word to exclude a word.";
    let what = match error {
        QueryParserError::FieldDoesNotExist(name) => {
            format!(
                "“{name}:” is not a field this archive can search (fields: lang:, actor:, speaker:, year:, source:, topic:, type:)"
            )
        }
        QueryParserError::SyntaxError(_) => {
            "The query has unbalanced quotes or parentheses, or an operator with nothing beside it"
                .to_string()
        }
        _ => "The query could not be read as written".to_string(),
    };
    format!("{what}; it was searched word by word instead. {hint}")
}

/// Drops a `-` or `+` standing alone between spaces ("2014 - 2015", "11 - The Council"): in
/// pasted text it is punctuation, and the parser would reject the whole query for it.
fn without_lone_operators(q: &str) -> String {
    q.split(' ')
        .filter(|w| !matches!(*w, "-" | "+"))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_inside_the_query_are_found_with_quoted_values() {
        assert_eq!(
            inline_filters(r#"space lang:en actor:"Sergey Lavrov" -source:rt year:2023"#),
            vec![
                ("lang", "en".to_string()),
                ("actor", "Sergey Lavrov".to_string()),
                ("year", "2023".to_string()),
            ]
        );
        assert!(inline_filters("17:31 language: slang:x").is_empty());
    }

    #[test]
    fn lone_dashes_are_punctuation_not_operators() {
        assert_eq!(
            without_lone_operators("2014 - 2015 -treaty"),
            "2014 2015 -treaty"
        );
        assert_eq!(without_lone_operators("a + b"), "a b");
    }
}
