//! Result snippets: the passage that best covers the query's content words, with every word
//! form that matched marked, also words matched through another language.
//!
//! A passage is scored by the distinct query terms it holds, each weighted by its rarity
//! (inverse document frequency), so a passage naming `weapons`, `outer` and `space` beats one
//! naming `space` five times; function words are not in the query it is given (see
//! `query::Plan::highlight`), so no passage is picked for `in` or `the`.

use std::collections::HashMap;
use std::ops::Range;

use tantivy::postings::Postings;
use tantivy::query::Query;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DocAddress, DocSet, Searcher};

use crate::index::schema::{Fields, Slot};
use crate::lexicon::function_words;
use crate::model::{Lang, Paragraph};

/// Characters of context shown per result.
const SNIPPET_CHARS: usize = 240;
/// Text read per statement looking for a passage that holds any query term: the first match
/// is usually near the top, and a huge statement should not cost a page its time.
const MAX_SCAN_BYTES: usize = 256 * 1024;
/// Text read after the first match looking for a passage that holds more of the terms: only
/// for a query of several parts (one word's match is as good as the next), and only until a
/// passage holds [`ENOUGH_TERMS`] of them (or all). Measured (issue 12): reading on after every
/// first match, whatever it held, cost a page of long speeches 0.5 ms for 2 KB, and doubled
/// it for whole speeches, most of it tokenising.
const MAX_SCAN_AFTER_MATCH: usize = 16 * 1024;
/// Distinct query terms (at most the query's parts) that make a passage good enough to stop.
const ENOUGH_TERMS: usize = 3;
/// Matches of one paragraph considered when placing the window.
const MAX_MATCHES_PER_PARAGRAPH: usize = 256;
/// Weight of each further occurrence relative to a new distinct term: density breaks ties.
const REPEAT_WEIGHT: f32 = 0.05;

/// A passage of a statement and the byte ranges (within `text`) of the words that matched.
/// Plain text: the web layer escapes it and marks the ranges.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Snippet {
    pub text: String,
    pub highlights: Vec<Range<usize>>,
}

/// Makes snippets for one search, preparing each language's terms once.
pub struct Snippeter<'a> {
    searcher: &'a Searcher,
    fields: &'a Fields,
    query: Option<&'a dyn Query>,
    /// Bytes read past the first match, and the distinct terms that end the search early.
    after_match: usize,
    enough: usize,
    highlighters: HashMap<Slot, Option<Highlighter>>,
}

/// The query's terms in one body field, with their weights, and that field's analyzer.
struct Highlighter {
    field: Field,
    /// The terms as index terms, to ask the index whether a statement's body holds any.
    index_terms: Vec<tantivy::Term>,
    /// Term text → its index in `weights`.
    terms: HashMap<String, usize>,
    /// Each term's weight (its rarity).
    weights: Vec<f32>,
    analyzer: TextAnalyzer,
    /// Sum of all weights: a passage holding all of them needs no further search.
    total: f32,
}

/// One query term found in a paragraph.
struct Found {
    bytes: Range<usize>,
    /// Character offset of its start, for measuring windows in characters.
    char_start: usize,
    char_end: usize,
    term: usize,
}

/// The best window of a paragraph.
struct Window {
    score: f32,
    distinct: f32,
    /// How many distinct terms it holds.
    terms: usize,
    first: usize,
    last: usize,
}

impl<'a> Snippeter<'a> {
    /// `parts`: how many parts of the query a passage can show (a word, a phrase, a name).
    pub fn new(
        searcher: &'a Searcher,
        fields: &'a Fields,
        query: Option<&'a dyn Query>,
        parts: usize,
    ) -> Self {
        Snippeter {
            searcher,
            fields,
            query,
            after_match: if parts > 1 { MAX_SCAN_AFTER_MATCH } else { 0 },
            enough: parts.clamp(1, ENOUGH_TERMS),
            highlighters: HashMap::new(),
        }
    }

    /// The passage of the statement at `address` that best covers the query's terms, or its
    /// opening when none is found.
    pub fn snippet(
        &mut self,
        address: DocAddress,
        lang: Lang,
        title: &str,
        paragraphs: &[Paragraph],
    ) -> Snippet {
        let slot = Slot::of(lang);
        let (searcher, fields, query) = (self.searcher, self.fields, self.query);
        let (after_match, enough) = (self.after_match, self.enough);
        let highlighter = self
            .highlighters
            .entry(slot)
            .or_insert_with(|| Highlighter::new(searcher, query?, fields, lang));
        highlighter
            .as_mut()
            .and_then(|h| h.in_body(searcher, address, title).then_some(h))
            .and_then(|h| h.best(paragraphs, after_match, enough))
            .unwrap_or_else(|| lead(paragraphs.first().map_or("", |p| p.text.as_str())))
    }
}

impl Highlighter {
    fn new(searcher: &Searcher, query: &dyn Query, fields: &Fields, lang: Lang) -> Option<Self> {
        let field = fields.body(Slot::of(lang));
        let mut texts: Vec<String> = Vec::new();
        query.query_terms(&mut |term, _| {
            if term.field() == field
                && let Some(text) = term.value().as_str()
                && !texts.iter().any(|t| t == text)
            {
                texts.push(text.to_string());
            }
        });
        let docs = searcher.num_docs().max(1) as f32;
        let (mut terms, mut weights, mut index_terms) = (HashMap::new(), Vec::new(), Vec::new());
        // A phrase's function words (`и` in `биологическое и токсинное оружие`) are no reason
        // to show a passage.
        texts.retain(|t| !function_words::contains(lang, t));
        for text in texts {
            let term = tantivy::Term::from_field_text(field, &text);
            let df = searcher.doc_freq(&term).ok()?;
            if df > 0 {
                index_terms.push(term);
                terms.insert(text, weights.len());
                weights.push((1.0 + docs / df as f32).ln());
            }
        }
        if terms.is_empty() {
            return None;
        }
        let analyzer = searcher.index().tokenizer_for_field(field).ok()?;
        let total = weights.iter().sum();
        Some(Highlighter {
            field,
            index_terms,
            terms,
            weights,
            analyzer,
            total,
        })
    }

    /// Whether the statement's body holds any of the terms, by its postings: a statement
    /// found by its title, its actors' names or a concept's token alone holds none, and
    /// tokenising its whole body to find that out cost a page up to 4 ms (issue 13). The
    /// body field holds the title too, so a term counts when it occurs more often than in
    /// the title. When the index cannot tell, the body is read.
    fn in_body(&mut self, searcher: &Searcher, address: DocAddress, title: &str) -> bool {
        let reader = searcher.segment_reader(address.segment_ord);
        let Ok(inverted) = reader.inverted_index(self.field) else {
            return true;
        };
        let in_title = self.counts(title);
        self.index_terms.iter().enumerate().any(|(i, term)| {
            match inverted.read_postings(term, IndexRecordOption::WithFreqs) {
                // A fresh list stands on its first statement; seeking back is not allowed.
                Ok(Some(mut postings)) => {
                    postings.doc() <= address.doc_id
                        && postings.seek(address.doc_id) == address.doc_id
                        && postings.term_freq() > in_title.get(i).copied().unwrap_or(0)
                }
                Ok(None) => false,
                Err(_) => true,
            }
        })
    }

    /// How often each term (in `index_terms` order) occurs in `text`, as [`Self::find`] finds
    /// them (a count it cuts short only sends a statement to the slower reading of its body).
    fn counts(&mut self, text: &str) -> Vec<u32> {
        let mut counts = vec![0; self.index_terms.len()];
        for found in self.find(text) {
            if let Some(count) = counts.get_mut(found.term) {
                *count += 1;
            }
        }
        counts
    }

    /// The best window over the paragraphs read, as a snippet; `None` when no term occurs.
    fn best(
        &mut self,
        paragraphs: &[Paragraph],
        after_match: usize,
        enough: usize,
    ) -> Option<Snippet> {
        let mut best: Option<(Window, Vec<Found>, &str)> = None;
        let (mut read, mut since_match) = (0, 0);
        for paragraph in paragraphs {
            if read > MAX_SCAN_BYTES || (best.is_some() && since_match >= after_match) {
                break;
            }
            read += paragraph.text.len();
            if best.is_some() {
                since_match += paragraph.text.len();
            }
            let found = self.find(&paragraph.text);
            let Some(window) = self.window(&found) else {
                continue;
            };
            let complete = window.distinct + f32::EPSILON >= self.total || window.terms >= enough;
            if best.as_ref().is_none_or(|(b, _, _)| window.score > b.score) {
                best = Some((window, found, &paragraph.text));
            }
            if complete {
                break;
            }
        }
        best.map(|(window, found, text)| cut(text, &found, window.first..=window.last))
    }

    /// The query terms in `text`, in order.
    fn find(&mut self, text: &str) -> Vec<Found> {
        let mut spans = Vec::new();
        let mut stream = self.analyzer.token_stream(text);
        while let Some(token) = stream.next() {
            if let Some(&term) = self.terms.get(&token.text) {
                spans.push((token.offset_from..token.offset_to, term));
                if spans.len() >= MAX_MATCHES_PER_PARAGRAPH {
                    break;
                }
            }
        }
        // Character offsets, counted once along the text.
        let mut out = Vec::with_capacity(spans.len());
        let (mut byte, mut chars) = (0, 0);
        for (bytes, term) in spans {
            chars = match text.get(byte..bytes.start) {
                Some(between) => chars + between.chars().count(),
                // Tokens out of order (two at one offset): count from the start.
                None => text[..bytes.start].chars().count(),
            };
            let char_start = chars;
            let char_end = char_start + text[bytes.clone()].chars().count();
            byte = bytes.start;
            out.push(Found {
                bytes,
                char_start,
                char_end,
                term,
            });
        }
        out
    }

    /// The run of matches within [`SNIPPET_CHARS`] holding the most weight of distinct terms.
    fn window(&self, found: &[Found]) -> Option<Window> {
        let weights = &self.weights;
        let mut best: Option<Window> = None;
        for first in 0..found.len() {
            let mut seen = vec![false; weights.len()];
            let (mut distinct, mut repeats, mut terms) = (0.0, 0.0, 0);
            for (last, f) in found.iter().enumerate().skip(first) {
                if f.char_end - found[first].char_start > SNIPPET_CHARS {
                    break;
                }
                if seen[f.term] {
                    repeats += REPEAT_WEIGHT * weights[f.term];
                } else {
                    seen[f.term] = true;
                    distinct += weights[f.term];
                    terms += 1;
                }
                let score = distinct + repeats;
                if best.as_ref().is_none_or(|b| score > b.score) {
                    best = Some(Window {
                        score,
                        distinct,
                        terms,
                        first,
                        last,
                    });
                }
            }
        }
        best
    }
}

/// About [`SNIPPET_CHARS`] of `text` around the matches `window` of `found` (which fit within
/// it), cut at spaces, with `…` where text was left out, and every match inside highlighted.
fn cut(text: &str, found: &[Found], window: std::ops::RangeInclusive<usize>) -> Snippet {
    let (Some(first), Some(last)) = (found.get(*window.start()), found.get(*window.end())) else {
        return lead(text);
    };
    let span = last.char_end - first.char_start;
    let spare = SNIPPET_CHARS.saturating_sub(span);
    // Context before the first match: a third of what is left, the rest after the last.
    let start = back_chars(text, first.bytes.start, spare / 3);
    let start = if start == 0 {
        0
    } else {
        text[start..first.bytes.start]
            .find(char::is_whitespace)
            .map_or(start, |i| start + i + 1)
    };
    let used = text[start..last.bytes.end].chars().count();
    let end = forward_chars(text, last.bytes.end, SNIPPET_CHARS.saturating_sub(used));
    let end = if end == text.len() {
        end
    } else {
        text[last.bytes.end..end]
            .rfind(char::is_whitespace)
            .map_or(end, |i| last.bytes.end + i)
    };
    let prefix = if start > 0 { "…" } else { "" };
    let body = text[start..end].trim_end();
    let mut out = format!("{prefix}{body}");
    if end < text.len() {
        out.push('…');
    }
    let shift = prefix.len();
    let end_of_body = start + body.len();
    let highlights = found
        .iter()
        .filter(|f| f.bytes.start >= start && f.bytes.end <= end_of_body)
        .map(|f| f.bytes.start - start + shift..f.bytes.end - start + shift)
        .collect();
    Snippet {
        text: out,
        highlights,
    }
}

/// The byte offset `n` characters before `at`.
fn back_chars(text: &str, at: usize, n: usize) -> usize {
    if n == 0 {
        return at;
    }
    text[..at]
        .char_indices()
        .rev()
        .nth(n - 1)
        .map_or(0, |(i, _)| i)
}

/// The byte offset `n` characters after `at`.
fn forward_chars(text: &str, at: usize, n: usize) -> usize {
    text[at..]
        .char_indices()
        .nth(n)
        .map_or(text.len(), |(i, _)| at + i)
}

/// The opening paragraph, cut at a word boundary: the snippet when nothing matched in the body.
fn lead(first: &str) -> Snippet {
    if first.chars().count() <= SNIPPET_CHARS {
        return Snippet {
            text: first.to_string(),
            highlights: Vec::new(),
        };
    }
    let cut = first
        .char_indices()
        .nth(SNIPPET_CHARS)
        .map_or(first.len(), |(i, _)| i);
    let cut = first[..cut].rfind(char::is_whitespace).unwrap_or(cut);
    Snippet {
        text: format!("{}…", first[..cut].trim_end()),
        highlights: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::document::to_document;
    use crate::model::Statement;
    use tantivy::Term;
    use tantivy::query::TermQuery;

    /// The body field holds the title too: a term the title alone holds sends its statement
    /// to its opening without the body being tokenised, and one the body holds as well does not.
    #[test]
    fn a_term_only_the_title_holds_is_not_looked_for_in_the_body() {
        let schema = crate::index::schema::build();
        let index = tantivy::Index::create_in_ram(schema.clone());
        crate::analysis::register(&index);
        let fields = Fields::from_schema(&schema).expect("fields");
        let statements = [
            Statement::plain("a.txt", "Zebrafish talks", "Delegates met in Geneva."),
            Statement::plain("b.txt", "Zebrafish talks", "Delegates discussed zebrafish."),
            Statement::plain("c.txt", "Geneva talks", "Delegates discussed zebrafish."),
        ];
        let mut writer: tantivy::IndexWriter = index
            .writer_with_num_threads(1, 15_000_000)
            .expect("a writer");
        for st in &statements {
            writer
                .add_document(to_document(&fields, st))
                .expect("added");
        }
        writer.commit().expect("committed");
        let searcher = index.reader().expect("a reader").searcher();
        let body = fields.body(Slot::En);
        let query = TermQuery::new(
            Term::from_field_text(body, "zebrafish"),
            IndexRecordOption::Basic,
        );
        let mut highlighter =
            Highlighter::new(&searcher, &query, &fields, Lang::En).expect("a highlighter");
        let in_body: Vec<bool> = statements
            .iter()
            .enumerate()
            .map(|(doc, st)| {
                highlighter.in_body(&searcher, DocAddress::new(0, doc as u32), &st.title)
            })
            .collect();
        assert_eq!(in_body, [false, true, true]);
    }

    fn found(text: &str, words: &[(&str, usize)]) -> Vec<Found> {
        let mut out = Vec::new();
        for (word, term) in words {
            let start = text.find(word).expect("word in text");
            let char_start = text[..start].chars().count();
            out.push(Found {
                bytes: start..start + word.len(),
                char_start,
                char_end: char_start + word.chars().count(),
                term: *term,
            });
        }
        out.sort_by_key(|f| f.bytes.start);
        out
    }

    #[test]
    fn a_cut_passage_marks_its_words_and_shows_where_text_was_left_out() {
        let text = format!(
            "{} the ban on weapons in outer space is urgent {}",
            "opening words ".repeat(40),
            "closing words ".repeat(40)
        );
        let f = found(&text, &[("weapons", 0), ("space", 1)]);
        let s = cut(&text, &f, 0..=1);
        assert!(
            s.text.starts_with('…') && s.text.ends_with('…'),
            "{}",
            s.text
        );
        assert!(s.text.chars().count() <= SNIPPET_CHARS + 2);
        let marked: Vec<&str> = s.highlights.iter().map(|r| &s.text[r.clone()]).collect();
        assert_eq!(marked, vec!["weapons", "space"]);
    }

    #[test]
    fn a_short_paragraph_is_shown_whole() {
        let text = "Космическое пространство должно оставаться мирным.";
        let f = found(text, &[("Космическое", 0), ("мирным", 1)]);
        let s = cut(text, &f, 0..=1);
        assert_eq!(s.text, text);
        assert_eq!(s.highlights.len(), 2);
    }
}
