//! From a request to a tantivy query: the user's text (parsed once for every language's
//! fields, each with its own analyzer) and the filters as required clauses.

use std::ops::Bound;

use tantivy::Term;
use tantivy::query::{
    AllQuery, BooleanQuery, Occur, Query, QueryParser, QueryParserError, RangeQuery, TermQuery,
};
use tantivy::schema::IndexRecordOption;
use unicode_normalization::UnicodeNormalization;

use super::{SearchRequest, expand};
use crate::index::Archive;
use crate::index::document::date_to_days;
use crate::index::schema;
use crate::model::Lang;

pub struct Parsed {
    /// The full query: text and filters.
    pub query: Box<dyn Query>,
    /// The text part alone (for highlighting); `None` for an empty query.
    pub text_query: Option<Box<dyn Query>>,
    /// Set when the text could not be parsed strictly and was read leniently.
    pub notice: Option<String>,
    /// The cross-language renderings of the query, for explaining hits.
    pub candidates: Vec<expand::Candidate>,
}

pub fn build(archive: &Archive, req: &SearchRequest) -> Parsed {
    // The analyzers expect NFC text, as the corpus is stored.
    let q = without_lone_operators(&req.q.trim().nfc().collect::<String>());
    let (own_words, notice) = parse_text(archive, &q);
    // Filters written in the query (`lang:en`) bind the expansions too, as parameters do.
    let inline = inline_filters(&q);
    let only = req.lang.or_else(|| {
        inline
            .iter()
            .find(|(field, _)| *field == schema::LANG)
            .and_then(|(_, value)| Lang::from_code(value))
    });
    let mut candidates = Vec::new();
    let text_query = match own_words {
        Some(own) if req.cross_language && only != Some(expand::query_lang(&q)) => {
            let expansion = expand::expand(archive, &q, only);
            candidates = expansion.candidates;
            if expansion.clauses.is_empty() {
                Some(own)
            } else {
                let mut all = vec![own];
                all.extend(expansion.clauses);
                Some(Box::new(BooleanQuery::union(all)) as Box<dyn Query>)
            }
        }
        other => other,
    };
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    if let Some(q) = &text_query {
        clauses.push((Occur::Must, q.box_clone()));
    }
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
    let query: Box<dyn Query> = match clauses.len() {
        0 => Box::new(AllQuery),
        1 if text_query.is_some() => clauses.remove(0).1,
        _ => Box::new(BooleanQuery::new(clauses)),
    };
    Parsed {
        query,
        text_query,
        notice,
        candidates,
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

fn parser(archive: &Archive) -> QueryParser {
    let searchable = archive.fields().searchable();
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

/// Parses the user's text. Syntax the parser rejects is read leniently (word by word) and
/// the user is told why, rather than answered with an error page.
fn parse_text(archive: &Archive, q: &str) -> (Option<Box<dyn Query>>, Option<String>) {
    if q.is_empty() {
        return (None, None);
    }
    let parser = parser(archive);
    match parser.parse_query(q) {
        Ok(query) => (Some(query), None),
        // "-word" alone means "everything except word".
        Err(QueryParserError::AllButQueryForbidden) => {
            match parser.parse_query(&format!("* {q}")) {
                Ok(query) => (Some(query), None),
                Err(e) => lenient(&parser, q, &e),
            }
        }
        // "17:31" or "Article 2: …" read as a field search: search the words instead.
        Err(e @ QueryParserError::FieldDoesNotExist(_)) => {
            match parser.parse_query(&q.replace(':', " ")) {
                Ok(query) => (Some(query), Some(explain(&e))),
                Err(_) => lenient(&parser, q, &e),
            }
        }
        Err(e) => lenient(&parser, q, &e),
    }
}

fn lenient(
    parser: &QueryParser,
    q: &str,
    error: &QueryParserError,
) -> (Option<Box<dyn Query>>, Option<String>) {
    let (query, _) = parser.parse_query_lenient(q);
    (Some(query), Some(explain(error)))
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
