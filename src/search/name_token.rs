//! A gazetteer name of several words matched by the one term the index writer put wherever
//! it stands (`index::concepts::name_token`), scored as its phrase would be.
//!
//! The token stands exactly where the phrase matches (same analyzer, slop 0, one per
//! occurrence), so its frequency in a statement is the phrase's and the statement's field
//! length is the same: only the weight differs, which BM25 gives a phrase as the sum of its
//! words' idf. The token's term query is boosted by that sum over the token's own idf, so a
//! statement scores what the phrase query gave it, without reading a position.

use tantivy::query::{BoostQuery, EnableScoring, Query, QueryClone, TermQuery, Weight};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{Score, Term};

/// The phrase `phrase` (its words in order), matched by its index token `token`.
#[derive(Clone, Debug)]
pub struct NameToken {
    phrase: Vec<Term>,
    token: Term,
}

impl NameToken {
    /// The phrase `words` in `field`, with the token the index put where it stands.
    pub fn new(field: Field, words: &[String], token: &str) -> NameToken {
        NameToken {
            phrase: words
                .iter()
                .map(|w| Term::from_field_text(field, w))
                .collect(),
            token: Term::from_field_text(field, token),
        }
    }
}

/// BM25's inverse document frequency, as tantivy computes it (`query::bm25`).
fn idf(doc_freq: u64, docs: u64) -> Score {
    let x = (docs.saturating_sub(doc_freq) as Score + 0.5) / (doc_freq as Score + 0.5);
    (1.0 + x).ln()
}

impl Query for NameToken {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let token = TermQuery::new(self.token.clone(), IndexRecordOption::WithFreqs);
        let EnableScoring::Enabled {
            statistics_provider,
            ..
        } = enable_scoring
        else {
            return token.weight(enable_scoring);
        };
        let docs = statistics_provider.total_num_docs()?;
        let mut phrase_idf = 0.0;
        for term in &self.phrase {
            phrase_idf += idf(statistics_provider.doc_freq(term)?, docs);
        }
        let token_idf = idf(statistics_provider.doc_freq(&self.token)?, docs);
        let boost = if token_idf > 0.0 {
            phrase_idf / token_idf
        } else {
            1.0
        };
        BoostQuery::new(token.box_clone(), boost).weight(enable_scoring)
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        visitor(&self.token, false);
    }
}

#[cfg(test)]
mod tests {
    use tantivy::collector::TopDocs;
    use tantivy::query::PhraseQuery;
    use tantivy::schema::{Schema, TEXT};
    use tantivy::tokenizer::{PreTokenizedString, Token};
    use tantivy::{DocAddress, Index, TantivyDocument};

    use super::*;

    /// Statements as the index writer tokenises them: each word, and the name's token at
    /// its first word wherever the name stands.
    fn index_of(texts: &[&str], name: &[&str], token: &str) -> (Index, Field) {
        let mut schema = Schema::builder();
        let body = schema.add_text_field("body", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer: tantivy::IndexWriter = index.writer(15_000_000).unwrap();
        for text in texts {
            let words: Vec<&str> = text.split(' ').collect();
            let mut tokens = Vec::new();
            for (position, word) in words.iter().enumerate() {
                let token_at = |text: &str| Token {
                    position,
                    text: text.to_string(),
                    ..Token::default()
                };
                tokens.push(token_at(word));
                if words[position..].starts_with(name) {
                    tokens.push(token_at(token));
                }
            }
            let mut doc = TantivyDocument::new();
            doc.add_pre_tokenized_text(
                body,
                PreTokenizedString {
                    text: text.to_string(),
                    tokens,
                },
            );
            writer.add_document(doc).unwrap();
        }
        writer.commit().unwrap();
        (index, body)
    }

    fn ranked(index: &Index, query: &dyn Query) -> Vec<(Score, DocAddress)> {
        let searcher = index.reader().unwrap().searcher();
        searcher
            .search(query, &TopDocs::with_limit(100).order_by_score())
            .unwrap()
    }

    #[test]
    fn the_token_matches_and_scores_what_the_phrase_does() {
        let name = ["syrian", "arab", "republic"];
        let token = "#@syrian arab republic";
        let (index, body) = index_of(
            &[
                "the syrian arab republic said",
                "the arab republic of egypt and the syrian delegation",
                "syrian arab republic syrian arab republic and its neighbours met today at last",
                "a long statement on the syrian arab republic that goes on and on and on",
                "republic arab syrian",
            ],
            &name,
            token,
        );
        let words: Vec<String> = name.iter().map(|w| w.to_string()).collect();
        let named = NameToken::new(body, &words, token);
        let phrase = PhraseQuery::new(
            words
                .iter()
                .map(|w| Term::from_field_text(body, w))
                .collect(),
        );
        let by_token = ranked(&index, &named);
        let by_phrase = ranked(&index, &phrase);
        assert_eq!(by_token.len(), 3, "{by_token:?}");
        assert_eq!(by_token.len(), by_phrase.len());
        for ((token_score, token_doc), (phrase_score, phrase_doc)) in
            by_token.iter().zip(&by_phrase)
        {
            assert_eq!(token_doc, phrase_doc);
            assert!(
                (token_score - phrase_score).abs() < 1e-4 * phrase_score,
                "{token_score} against {phrase_score}"
            );
        }
    }
}
