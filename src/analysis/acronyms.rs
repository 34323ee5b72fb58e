//! Known acronyms kept as written: a stemmer reads ДНЯО (the NPT) as a word and makes it
//! дня ("of the day"), ИИ (AI) и ("and"), LAWS law. An acronym the gazetteer or the
//! thesaurus names (`vocab::acronyms`), written in capitals, is analysed without its
//! stemmer, in the text and in a query alike; so `ДНЯО` finds the NPT and not "of the day".
//!
//! The index writer also adds the acronym's stem at its position ([`also_stemmed`]), so a
//! query typed in lowercase (`дняо`, stemmed as a word) still finds it, as before.

use std::sync::LazyLock;

use rustc_hash::FxHashMap;
use tantivy::tokenizer::{BoxTokenStream, TextAnalyzer, Token, TokenStream, Tokenizer};

use super::Wrapped;
use crate::model::Lang;
use crate::vocab::acronyms;

/// A language's known acronyms whose stem is not themselves, by their lowercase spelling:
/// the form kept (the chain's without its stemmer) and the stem. The others read the same
/// either way and are left alone.
pub struct Kept {
    by_lowercase: FxHashMap<String, (String, String)>,
}

impl Kept {
    /// Reads every known acronym with `stemmed` and `unstemmed`, the language's chain with and
    /// without its stemmer.
    fn new(mut stemmed: TextAnalyzer, mut unstemmed: TextAnalyzer) -> Kept {
        let by_lowercase = acronyms::known()
            .filter_map(|word| {
                let kept = single_token(&mut unstemmed, word)?;
                let stem = single_token(&mut stemmed, word)?;
                (kept != stem).then(|| (word.to_string(), (kept, stem)))
            })
            .collect();
        Kept { by_lowercase }
    }

    /// The kept form and the stem of `text[token]`, when it is a known acronym in capitals
    /// that its stem would hide.
    fn of(&self, text: &str, token: &Token) -> Option<&(String, String)> {
        let word = text.get(token.offset_from..token.offset_to)?;
        // Most words start in lowercase: a cheap test before the acronym's.
        let first_upper = word.chars().next().is_some_and(char::is_uppercase);
        if !first_upper || !acronyms::is_acronym(word) {
            return None;
        }
        self.by_lowercase.get(&word.to_lowercase())
    }
}

/// The known acronyms of a language whose analyzer stems: English and Russian.
pub(super) fn kept(lang: Lang) -> Option<&'static Kept> {
    static ENGLISH: LazyLock<Kept> =
        LazyLock::new(|| Kept::new(super::english::stemmed(), super::english::unstemmed()));
    static RUSSIAN: LazyLock<Kept> =
        LazyLock::new(|| Kept::new(super::russian::stemmed(), super::russian::unstemmed()));
    match lang {
        Lang::En => Some(&ENGLISH),
        Lang::Ru => Some(&RUSSIAN),
        _ => None,
    }
}

/// `stemmed` with each known acronym in capitals in its kept form.
pub(super) fn keeping(stemmed: TextAnalyzer, lang: Lang) -> TextAnalyzer {
    match kept(lang) {
        Some(kept) => TextAnalyzer::from(Keeping {
            inner: stemmed,
            kept,
        }),
        None => stemmed,
    }
}

/// The one token `analyzer` makes of `word`, if one.
fn single_token(analyzer: &mut TextAnalyzer, word: &str) -> Option<String> {
    let mut stream = analyzer.token_stream(word);
    let first = stream.advance().then(|| stream.token().text.clone())?;
    (!stream.advance()).then_some(first)
}

#[derive(Clone)]
struct Keeping {
    inner: TextAnalyzer,
    kept: &'static Kept,
}

impl Tokenizer for Keeping {
    type TokenStream<'a> = KeepingStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> KeepingStream<'a> {
        KeepingStream {
            inner: self.inner.token_stream(text),
            kept: self.kept,
            text,
        }
    }
}

struct KeepingStream<'a> {
    inner: BoxTokenStream<'a>,
    kept: &'static Kept,
    text: &'a str,
}

impl TokenStream for KeepingStream<'_> {
    fn advance(&mut self) -> bool {
        if !self.inner.advance() {
            return false;
        }
        let token = self.inner.token_mut();
        if let Some((kept, _)) = self.kept.of(self.text, token) {
            token.text.clone_from(kept);
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

/// The index writer's wrapper: after each known acronym `inner` gives out in its kept form,
/// its stem too, at the same position. It wraps the whole writer chain (concept tokens,
/// compounds), which so read the acronym alone, as a query renders it.
pub fn also_stemmed(inner: TextAnalyzer, lang: Lang) -> TextAnalyzer {
    match kept(lang) {
        Some(kept) => TextAnalyzer::from(AlsoStemmed { inner, kept }),
        None => inner,
    }
}

#[derive(Clone)]
struct AlsoStemmed {
    inner: TextAnalyzer,
    kept: &'static Kept,
}

impl Tokenizer for AlsoStemmed {
    type TokenStream<'a> = AlsoStemmedStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> AlsoStemmedStream<'a> {
        AlsoStemmedStream {
            out: Wrapped::new(self.inner.token_stream(text)),
            kept: self.kept,
            text,
            stem: None,
        }
    }
}

struct AlsoStemmedStream<'a> {
    out: Wrapped<'a>,
    kept: &'static Kept,
    text: &'a str,
    /// The stem to give out after the current acronym.
    stem: Option<Token>,
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
        let token = self.out.inner.token();
        self.stem = self
            .kept
            .of(self.text, token)
            .filter(|(kept, _)| *kept == token.text)
            .map(|(_, stem)| Token {
                text: stem.clone(),
                ..token.clone()
            });
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
        let mut writer = also_stemmed(analyzer(RU).expect("registered"), Lang::Ru);
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
