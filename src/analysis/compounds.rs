//! Hyphenated compounds as one index term: `non-proliferation`, `военно-политический`.
//!
//! The tokenizer splits a compound at its hyphens, so a search for `non-proliferation` was a
//! phrase query, whose positions were read in every statement holding both words: the
//! slowest of the peers' 60 queries at a million statements (35 ms in its own language, by
//! the peers bench). The index writer therefore also indexes each run of hyphen-joined words
//! in its closed form (`nonproliferation`, analysed as one word, at the first word's
//! position), and a query's hyphenated word searches that one term ([`closed_form`]).
//!
//! A hyphenated query word so finds the compound written with any hyphen (`-`, `‐`, `‑`)
//! and written closed (`nonproliferation`, as American English writes it), but no longer the
//! two words apart (`non proliferation`), which the phrase found too.
//!
//! Only the writer's analyzers add compounds ([`Compounding`]); queries, snippets and
//! related statements analyse with the plain ones.

use std::collections::VecDeque;

use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};

use super::Wrapped;

use crate::chars::{is_alphabetic, is_alphanumeric, is_combining_mark};

/// Words in the longest compound indexed (and searched as one term): a longer run of
/// hyphen-joined words is indexed by its sub-runs of up to this many words, and a query word
/// of more pieces stays a phrase.
pub const MAX_PIECES: usize = 4;

/// What joins the words of a compound: the hyphen-minus, the hyphen and the non-breaking
/// hyphen.
fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// Whether `piece` may be part of a compound: a word (as the tokenizer reads one) that starts
/// with a letter, so `2014-2015` or `S-300` stays a phrase.
fn is_piece(piece: &str) -> bool {
    let mut chars = piece.chars();
    chars.next().is_some_and(is_alphabetic)
        && chars.all(|c| is_alphanumeric(c) || is_combining_mark(c))
}

/// The closed form a query word searches by (`non-proliferation` → `nonproliferation`), if it
/// is a compound the writer indexes: two to [`MAX_PIECES`] words joined by single hyphens.
pub fn closed_form(word: &str) -> Option<String> {
    let pieces: Vec<&str> = word.split(is_hyphen).collect();
    let fits = (2..=MAX_PIECES).contains(&pieces.len()) && pieces.iter().all(|p| is_piece(p));
    fits.then(|| pieces.concat())
}

/// An analyzer that adds, when a run of hyphen-joined words ends (after the word that ends
/// it), their closed forms: every sub-run of two to [`MAX_PIECES`] words, analysed by `plain`
/// as one word, at its first word's position.
#[derive(Clone)]
pub struct Compounding {
    pub inner: TextAnalyzer,
    /// The plain analyzer of the same language, for the closed forms.
    pub plain: TextAnalyzer,
}

impl Tokenizer for Compounding {
    type TokenStream<'a> = CompoundStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> CompoundStream<'a> {
        CompoundStream {
            out: Wrapped::new(self.inner.token_stream(text)),
            plain: &mut self.plain,
            text,
            last: None,
            run: Vec::new(),
            pending: VecDeque::new(),
            ended: false,
        }
    }
}

/// Where a word is: its source text's offsets and its position (copied for every word, so
/// no word's text is copied).
#[derive(Clone, Copy)]
struct Span {
    from: usize,
    to: usize,
    position: usize,
}

impl Span {
    fn of(token: &Token) -> Span {
        Span {
            from: token.offset_from,
            to: token.offset_to,
            position: token.position,
        }
    }
}

pub struct CompoundStream<'a> {
    out: Wrapped<'a>,
    plain: &'a mut TextAnalyzer,
    text: &'a str,
    /// The last word given out.
    last: Option<Span>,
    /// The words of the current run, each joined to the one before by one hyphen.
    run: Vec<Span>,
    /// Closed forms to give out after the current word.
    pending: VecDeque<Token>,
    ended: bool,
}

impl CompoundStream<'_> {
    /// Whether one hyphen, and nothing else, stands between two words.
    fn hyphen_between(&self, before: Span, after: Span) -> bool {
        let mut between = self
            .text
            .get(before.to..after.from)
            .unwrap_or_default()
            .chars();
        between.next().is_some_and(is_hyphen) && between.next().is_none()
    }

    /// The source text of a word (what it was analysed from).
    fn source(&self, span: Span) -> &str {
        self.text.get(span.from..span.to).unwrap_or_default()
    }

    /// Takes the word at `span` in: it extends the run or ends it.
    fn read_word(&mut self, span: Span) {
        let joined = self
            .last
            .is_some_and(|last| self.hyphen_between(last, span) && is_piece(self.source(span)));
        if joined {
            if let (true, Some(last)) = (self.run.is_empty(), self.last)
                && is_piece(self.source(last))
            {
                self.run.push(last);
            }
            if !self.run.is_empty() {
                self.run.push(span);
            }
        } else {
            self.close_run();
        }
        self.last = Some(span);
    }

    /// Queues the closed forms of the run's sub-runs and empties it.
    fn close_run(&mut self) {
        let run = std::mem::take(&mut self.run);
        for start in 0..run.len() {
            for end in start + 1..run.len().min(start + MAX_PIECES) {
                let closed: String = run[start..=end].iter().map(|&w| self.source(w)).collect();
                let mut tokens = Vec::new();
                self.plain
                    .token_stream(&closed)
                    .process(&mut |t: &Token| tokens.push(t.text.clone()));
                // One word, or none (too long a word is dropped, as any other).
                if tokens.len() != 1 {
                    continue;
                }
                let Some(text) = tokens.pop() else { continue };
                self.pending.push_back(Token {
                    offset_from: run[start].from,
                    offset_to: run[end].to,
                    position: run[start].position,
                    text,
                    position_length: end - start + 1,
                });
            }
        }
        // Keep the buffer.
        self.run = run;
        self.run.clear();
    }
}

impl TokenStream for CompoundStream<'_> {
    fn advance(&mut self) -> bool {
        // The text's last run ends with the text: its compounds come after the last word.
        if self.pending.is_empty() && !self.ended && !self.out.inner.advance() {
            self.ended = true;
            self.close_run();
        }
        if let Some(compound) = self.pending.pop_front() {
            let _ = self.out.give(compound);
            return true;
        }
        if self.ended {
            return false;
        }
        let token = self.out.inner.token();
        // A concept token (`#…`, added by the concept tagger) is no word of a run.
        if !token.text.starts_with('#') {
            self.read_word(Span::of(token));
        }
        self.out.pass();
        true
    }

    fn token(&self) -> &Token {
        self.out.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.out.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis;
    use crate::model::Lang;

    fn compounding(lang: Lang) -> TextAnalyzer {
        let name = analysis::analyzer_name(lang);
        TextAnalyzer::from(Compounding {
            inner: analysis::analyzer(name).unwrap(),
            plain: analysis::analyzer(name).unwrap(),
        })
    }

    fn tokens(lang: Lang, text: &str) -> Vec<(String, usize)> {
        let mut out = Vec::new();
        compounding(lang)
            .token_stream(text)
            .process(&mut |t: &Token| out.push((t.text.clone(), t.position)));
        out
    }

    fn plain(lang: Lang, text: &str) -> Vec<String> {
        analysis::tokens(lang, text)
    }

    #[test]
    fn a_compound_is_indexed_closed_at_its_first_words_position() {
        // Given out when the run ends: after the word that ends it.
        assert_eq!(
            tokens(Lang::En, "the non-proliferation regime"),
            vec![
                ("the".to_string(), 0),
                ("non".to_string(), 1),
                ("prolifer".to_string(), 2),
                ("regim".to_string(), 3),
                ("nonprolifer".to_string(), 1),
            ]
        );
    }

    #[test]
    fn the_closed_form_is_what_a_query_word_searches() {
        for (lang, text) in [
            (Lang::En, "Non-Proliferation"),
            (Lang::En, "test\u{2011}ban"),
            (Lang::Ru, "военно-политический"),
        ] {
            let closed = closed_form(text).unwrap();
            let searched = plain(lang, &closed);
            let indexed: Vec<String> = tokens(lang, text).into_iter().map(|(t, _)| t).collect();
            assert_eq!(searched.len(), 1, "{closed}");
            assert!(indexed.contains(&searched[0]), "{indexed:?} {searched:?}");
        }
        // Written closed, the word meets the compound.
        assert_eq!(
            plain(Lang::En, "nonproliferation"),
            plain(Lang::En, &closed_form("non-proliferation").unwrap())
        );
    }

    #[test]
    fn every_sub_run_of_a_long_compound_is_indexed() {
        let found: Vec<String> = tokens(Lang::En, "the Nuclear-Test-Ban Treaty")
            .into_iter()
            .map(|(t, _)| t)
            .collect();
        for word in ["Nuclear-Test", "Test-Ban", "Nuclear-Test-Ban"] {
            let searched = plain(Lang::En, &closed_form(word).unwrap());
            assert!(found.contains(&searched[0]), "{word}: {found:?}");
        }
    }

    #[test]
    fn numbers_spaces_and_long_runs_make_no_compound() {
        assert_eq!(closed_form("2014-2015"), None);
        assert_eq!(closed_form("S-300"), None);
        assert_eq!(closed_form("non--proliferation"), None);
        assert_eq!(closed_form("a-b-c-d-e"), None);
        assert_eq!(closed_form("word"), None);
        assert_eq!(tokens(Lang::En, "2014-2015").len(), 2);
        assert_eq!(tokens(Lang::En, "non - proliferation").len(), 2);
        assert_eq!(tokens(Lang::En, "non--proliferation").len(), 2);
        // A number before a compound is no part of it.
        let found: Vec<String> = tokens(Lang::En, "2014-non-proliferation")
            .into_iter()
            .map(|(t, _)| t)
            .collect();
        assert_eq!(found, ["2014", "non", "prolifer", "nonprolifer"]);
    }
}
