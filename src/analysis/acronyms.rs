//! Known acronyms kept as written: a stemmer reads ДНЯО (the NPT) as a word and makes it
//! дня ("of the day"), ИИ (AI) и ("and"), LAWS law. An acronym the gazetteer or the
//! thesaurus names (`vocab::acronyms`) is analysed without its stemmer, in the text and in a
//! query alike, so `ДНЯО` finds the NPT and not "of the day": in English when written in
//! capitals (`laws` is a word), in Russian however written (`дняо` is typed too).
//!
//! The index writer also adds the acronym's stem at its position ([`also_stemmed`]), so a
//! query typed in lowercase (`laws`, stemmed as a word) still finds it, as before.

use std::sync::LazyLock;

use rustc_hash::FxHashMap;
use tantivy::tokenizer::{BoxTokenStream, TextAnalyzer, Token, TokenStream, Tokenizer};

use super::Wrapped;
use crate::model::Lang;
use crate::vocab::acronyms;

/// A language's known acronyms whose stem is not themselves: the form kept (the chain's
/// without its stemmer), by the stem the stemmer would make of it and by that form. The others
/// read the same either way and are left alone.
struct Kept {
    by_stem: FxHashMap<String, Vec<Acronym>>,
    by_kept: FxHashMap<String, Acronym>,
    /// Whether the acronym is kept however it is written. In English only in capitals: `laws`
    /// is a word. No known Russian acronym is a Russian word in lowercase (`дняо`, `ии`), and
    /// people type them so.
    any_case: bool,
}

#[derive(Clone)]
struct Acronym {
    lowercase: String,
    kept: String,
    stem: String,
}

impl Kept {
    /// Reads every known acronym with `stemmed` and `unstemmed`, the language's chain with and
    /// without its stemmer.
    fn new(mut stemmed: TextAnalyzer, mut unstemmed: TextAnalyzer, any_case: bool) -> Kept {
        let mut by_stem: FxHashMap<String, Vec<Acronym>> = FxHashMap::default();
        let mut by_kept = FxHashMap::default();
        for word in acronyms::known() {
            let (Some(kept), Some(stem)) = (
                single_token(&mut unstemmed, word),
                single_token(&mut stemmed, word),
            ) else {
                continue;
            };
            if kept == stem {
                continue;
            }
            let acronym = Acronym {
                lowercase: word.to_string(),
                kept: kept.clone(),
                stem: stem.clone(),
            };
            by_stem.entry(stem).or_default().push(acronym.clone());
            by_kept.insert(kept, acronym);
        }
        Kept {
            by_stem,
            by_kept,
            any_case,
        }
    }

    /// Whether `text[token]` is `acronym` written as this language keeps it.
    fn written(&self, text: &str, token: &Token, acronym: &Acronym) -> bool {
        let Some(word) = text.get(token.offset_from..token.offset_to) else {
            return false;
        };
        (self.any_case || acronyms::is_acronym(word))
            && word
                .chars()
                .flat_map(char::to_lowercase)
                .eq(acronym.lowercase.chars())
    }

    /// Whether `text[token]` may be an acronym at all: in capitals, where only those count.
    fn may_be(&self, text: &str, token: &Token) -> bool {
        // Most words start in lowercase: a cheap test before any lookup.
        self.any_case
            || text
                .get(token.offset_from..)
                .and_then(|rest| rest.chars().next())
                .is_some_and(char::is_uppercase)
    }

    /// The acronym a stemmed token stands for, when its source is one.
    fn of_stemmed(&self, text: &str, token: &Token) -> Option<&Acronym> {
        if !self.may_be(text, token) {
            return None;
        }
        self.by_stem
            .get(token.text.as_str())?
            .iter()
            .find(|acronym| self.written(text, token, acronym))
    }

    /// The acronym a kept token stands for, when its source is one.
    fn of_kept(&self, text: &str, token: &Token) -> Option<&Acronym> {
        if !self.may_be(text, token) {
            return None;
        }
        self.by_kept
            .get(token.text.as_str())
            .filter(|acronym| self.written(text, token, acronym))
    }
}

/// The known acronyms of a language whose analyzer stems: English and Russian.
fn kept(lang: Lang) -> Option<&'static Kept> {
    static ENGLISH: LazyLock<Kept> = LazyLock::new(|| {
        Kept::new(
            super::english::stemmed(),
            super::english::unstemmed(),
            false,
        )
    });
    static RUSSIAN: LazyLock<Kept> =
        LazyLock::new(|| Kept::new(super::russian::stemmed(), super::russian::unstemmed(), true));
    match lang {
        Lang::En => Some(&ENGLISH),
        Lang::Ru => Some(&RUSSIAN),
        _ => None,
    }
}

/// `stemmed` with each known acronym in its kept form (in English only when written in
/// capitals).
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
        if let Some(acronym) = self.kept.of_stemmed(self.text, token) {
            token.text.clone_from(&acronym.kept);
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
            let _ = self.out.give(stem);
            return true;
        }
        if !self.out.inner.advance() {
            return false;
        }
        let token = self.out.inner.token();
        self.stem = self.kept.of_kept(self.text, token).map(|acronym| Token {
            text: acronym.stem.clone(),
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
    fn a_russian_acronym_is_kept_however_written_and_an_english_one_in_capitals() {
        assert_eq!(words(RU, "дняо Дняо дня"), ["дняо", "дняо", "дня"]);
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
