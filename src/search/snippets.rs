//! Result snippets: the passage that best matches the query, with the matched words marked
//! (tantivy's snippet generator, analysed with the statement's own language chain).

use std::collections::HashMap;
use std::ops::Range;

use tantivy::Searcher;
use tantivy::query::Query;
use tantivy::snippet::SnippetGenerator;

use crate::index::schema::{Fields, Slot};
use crate::model::{Lang, Paragraph};

/// Characters of context shown per result.
const SNIPPET_CHARS: usize = 240;

/// A passage of a statement and the byte ranges (within `text`) of the words that matched.
/// Plain text: the web layer escapes it and marks the ranges.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Snippet {
    pub text: String,
    pub highlights: Vec<Range<usize>>,
}

/// Makes snippets for one search, creating each language's generator once.
pub struct Snippeter<'a> {
    searcher: &'a Searcher,
    fields: &'a Fields,
    query: Option<&'a dyn Query>,
    generators: HashMap<Slot, Option<SnippetGenerator>>,
}

impl<'a> Snippeter<'a> {
    pub fn new(searcher: &'a Searcher, fields: &'a Fields, query: Option<&'a dyn Query>) -> Self {
        Snippeter {
            searcher,
            fields,
            query,
            generators: HashMap::new(),
        }
    }

    /// The best passage of the first paragraph that matches. Paragraph by paragraph, because
    /// the generator analyses all the text it is given: on a long speech that costs
    /// milliseconds per hit, while the first match is usually near the top.
    pub fn snippet(&mut self, lang: Lang, paragraphs: &[Paragraph]) -> Snippet {
        let slot = Slot::of(lang);
        let (searcher, fields, query) = (self.searcher, self.fields, self.query);
        let generator = self.generators.entry(slot).or_insert_with(|| {
            let mut g = SnippetGenerator::create(searcher, query?, fields.body(slot)).ok()?;
            g.set_max_num_chars(SNIPPET_CHARS);
            Some(g)
        });
        if let Some(generator) = generator {
            for paragraph in paragraphs {
                let s = generator.snippet(&paragraph.text);
                if !s.is_empty() {
                    return Snippet {
                        text: s.fragment().to_string(),
                        highlights: s.highlighted().to_vec(),
                    };
                }
            }
        }
        lead(paragraphs.first().map_or("", |p| p.text.as_str()))
    }
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
