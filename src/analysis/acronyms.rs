//! Known acronyms kept as written: a stemmer reads ДНЯО (the NPT) as a word and makes it
//! дня ("of the day"), ИИ (AI) и ("and"), LAWS law. An acronym the gazetteer or the
//! thesaurus names (`vocab::acronyms`), written in capitals, is analysed without its
//! stemmer, in the text and in a query alike; so `ДНЯО` finds the NPT and not "of the day".
//!
//! The index writer also adds the acronym's stem at its position ([`AlsoStemmed`]), so a
//! query typed in lowercase (`дняо`, stemmed as a word) still finds it, as before.

use tantivy::tokenizer::{BoxTokenStream, TextAnalyzer, Token, TokenStream, Tokenizer};

use super::Wrapped;
use crate::vocab::acronyms;

/// `stemmed` with each known acronym in capitals read by `unstemmed` (the same chain
/// without its stemmer) instead.
pub(super) fn keeping(stemmed: TextAnalyzer, unstemmed: TextAnalyzer) -> TextAnalyzer {
    TextAnalyzer::from(Keeping { stemmed, unstemmed })
}

/// The source text of a token, when it is a known acronym in capitals.
fn known_acronym<'t>(text: &'t str, token: &Token) -> Option<&'t str> {
    let word = text.get(token.offset_from..token.offset_to)?;
    // Most words start in lowercase: a cheap test before the acronym's.
    let first_upper = word.chars().next().is_some_and(char::is_uppercase);
    (first_upper && acronyms::is_known(word)).then_some(word)
}

/// The one token `analyzer` makes of `word`, if one.
fn single_token(analyzer: &mut TextAnalyzer, word: &str) -> Option<String> {
    let mut stream = analyzer.token_stream(word);
    let first = stream.advance().then(|| stream.token().text.clone())?;
    (!stream.advance()).then_some(first)
}

#[derive(Clone)]
struct Keeping {
    stemmed: TextAnalyzer,
    unstemmed: TextAnalyzer,
}

impl Tokenizer for Keeping {
    type TokenStream<'a> = KeepingStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> KeepingStream<'a> {
        KeepingStream {
            inner: self.stemmed.token_stream(text),
            unstemmed: &mut self.unstemmed,
            text,
        }
    }
}

struct KeepingStream<'a> {
    inner: BoxTokenStream<'a>,
    unstemmed: &'a mut TextAnalyzer,
    text: &'a str,
}

impl TokenStream for KeepingStream<'_> {
    fn advance(&mut self) -> bool {
        if !self.inner.advance() {
            return false;
        }
        let token = self.inner.token_mut();
        if let Some(word) = known_acronym(self.text, token)
            && let Some(kept) = single_token(self.unstemmed, word)
        {
            token.text = kept;
        }
        true
    }

    fn token(&self) -> &Token {
        self.inner.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.inner.token_mut()
    }
}

/// The index writer's wrapper: after each known acronym `inner` gives out as written, its
/// stem too, at the same position, when the two differ. It wraps the whole writer chain
/// (concept tokens, compounds), which so read the acronym alone, as a query renders it.
#[derive(Clone)]
pub struct AlsoStemmed {
    pub inner: TextAnalyzer,
    /// The plain analyzer of the same language; a word in lowercase is no acronym to it.
    pub plain: TextAnalyzer,
}

impl Tokenizer for AlsoStemmed {
    type TokenStream<'a> = AlsoStemmedStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> AlsoStemmedStream<'a> {
        AlsoStemmedStream {
            out: Wrapped::new(self.inner.token_stream(text)),
            plain: &mut self.plain,
            text,
            stem: None,
        }
    }
}

pub struct AlsoStemmedStream<'a> {
    out: Wrapped<'a>,
    plain: &'a mut TextAnalyzer,
    text: &'a str,
    /// The stem to give out after the current acronym.
    stem: Option<Token>,
}

impl AlsoStemmedStream<'_> {
    /// The stem of the current token, when it is a known acronym kept as written.
    fn stem_of_current(&mut self) -> Option<Token> {
        let token = self.out.inner.token();
        let word = known_acronym(self.text, token)?;
        let stem = single_token(self.plain, &word.to_lowercase())?;
        (stem != token.text).then(|| Token {
            text: stem,
            ..token.clone()
        })
    }
}

impl TokenStream for AlsoStemmedStream<'_> {
    fn advance(&mut self) -> bool {
        if let Some(stem) = self.stem.take() {
            self.out.give(stem);
            return true;
        }
        if !self.out.inner.advance() {
            return false;
        }
        self.stem = self.stem_of_current();
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
    use crate::analysis::{EN, RU, analyzer};

    fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(String, usize)> {
        let mut out = Vec::new();
        analyzer
            .token_stream(text)
            .process(&mut |t: &Token| out.push((t.text.clone(), t.position)));
        out
    }

    fn words(name: &str, text: &str) -> Vec<String> {
        crate::analysis::tokens_with(name, text)
    }

    #[test]
    fn a_known_acronym_in_capitals_is_not_stemmed() {
        assert_eq!(words(RU, "ДНЯО и ИИ"), ["дняо", "и", "ии"]);
        assert_eq!(words(RU, "НОУ, ОМУ"), ["ноу", "ому"]);
        assert_eq!(words(EN, "LAWS"), ["laws"]);
    }

    #[test]
    fn the_same_word_in_lowercase_or_unknown_is_stemmed() {
        assert_eq!(words(RU, "дняо дня"), ["дня", "дня"]);
        assert_eq!(words(EN, "laws Laws"), ["law", "law"]);
        assert_eq!(words(EN, "PEACE TALKS"), ["peac", "talk"], "a headline");
    }

    #[test]
    fn the_writer_adds_the_stem_at_the_acronym_position() {
        let plain = || analyzer(RU).expect("registered");
        let mut writer = TextAnalyzer::from(AlsoStemmed {
            inner: plain(),
            plain: plain(),
        });
        assert_eq!(
            tokens(&mut writer, "ДНЯО дня СНВ"),
            [
                ("дняо".to_string(), 0),
                ("дня".to_string(), 0),
                ("дня".to_string(), 1),
                ("снв".to_string(), 2),
            ]
        );
    }
}
