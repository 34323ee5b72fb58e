//! Per-language analyzers: text in, tokens out, registered by name on a tantivy index.
//!
//! English, Arabic and Russian each have a file with one `pub fn analyzer()` of the
//! same shape; every other language shares [`DEFAULT`], and actor names in any script
//! use [`NAMES`]. Our own tokenizer and filters live in `filters.rs`.
//!
//! This module is pure: no IO, no word lists, no stop words (phrase queries must keep
//! working). tantivy stores only an analyzer's name in the schema, so [`register`]
//! must run on every `Index` open, at build and at serve time. The query parser
//! analyses each field's query terms with that field's analyzer, so everything here
//! also runs on short queries.
//!
//! Input is expected in NFC, as `corpus` stores it; callers should normalise user
//! queries the same way, since analyzers cannot change the text they are given.

pub mod acronyms;
pub mod arabic;
pub mod compounds;
pub mod english;
mod filters;
pub mod russian;
mod wrapped;

use tantivy::tokenizer::{AsciiFoldingFilter, RemoveLongFilter, TextAnalyzer, Token};

use crate::model::Lang;

use self::filters::{ArabicNormalizer, DigitFolder, Lowercaser, WordTokenizer, YoFolder};
pub use self::wrapped::Wrapped;

pub const EN: &str = "sa_en";
pub const AR: &str = "sa_ar";
/// Arabic word forms: normalised, article and conjunctions stripped, not stemmed
pub const AR_FORMS: &str = "sa_ar_forms";
pub const RU: &str = "sa_ru";
/// fallback for any other language (fr, es, zh, und)
pub const DEFAULT: &str = "sa_default";
/// actor names in any script: tokenised, lowercased, Arabic-normalised (no stemming), ё→е;
/// used for an "actor names" field
pub const NAMES: &str = "sa_names";

/// Tokens of this many UTF-8 bytes or more are dropped: they are base64, URLs or
/// layout debris, not words. tantivy's usual 40 bytes is under 20 Cyrillic or Arabic
/// letters and would drop real words such as `контрразведывательный` (42 bytes);
/// 80 bytes keeps about 40 letters in every script we index.
const MAX_TOKEN_BYTES: usize = 80;

/// Makes a fresh analyzer; tantivy's manager and each caller need their own copy.
type BuildAnalyzer = fn() -> TextAnalyzer;

/// Every analyzer we register, by name.
const ANALYZERS: [(&str, BuildAnalyzer); 6] = [
    (EN, english::analyzer),
    (AR, arabic::analyzer),
    (AR_FORMS, arabic::forms_analyzer),
    (RU, russian::analyzer),
    (DEFAULT, fallback_analyzer),
    (NAMES, names_analyzer),
];

/// Registers all our analyzers on the index's tokenizer manager. Runs on every Index open
/// (build and serve): tantivy stores only the analyzer's name in the schema.
pub fn register(index: &tantivy::Index) {
    let manager = index.tokenizers();
    for (name, build) in ANALYZERS {
        manager.register(name, build());
    }
}

/// The analyzer name used for a language's text fields.
pub fn analyzer_name(lang: Lang) -> &'static str {
    match lang {
        Lang::En => EN,
        Lang::Ar => AR,
        Lang::Ru => RU,
        Lang::Fr | Lang::Es | Lang::Zh | Lang::Und => DEFAULT,
    }
}

/// The names of every analyzer we register.
pub fn names() -> impl Iterator<Item = &'static str> {
    ANALYZERS.iter().map(|(name, _)| *name)
}

/// Builds the named analyzer (None for an unknown name).
pub fn analyzer(name: &str) -> Option<TextAnalyzer> {
    ANALYZERS
        .iter()
        .find(|(known, _)| *known == name)
        .map(|(_, build)| build())
}

/// The tokens the language's analyzer makes of text, in order (for `/api/analyze` and the
/// `analyze` CLI command).
pub fn tokens(lang: Lang, text: &str) -> Vec<String> {
    let mut analyzer =
        analyzer(analyzer_name(lang)).expect("analyzer_name returns a name from ANALYZERS");
    analyze(&mut analyzer, text)
}

/// The tokens the named analyzer makes of text; empty for an unknown name.
pub fn tokens_with(name: &str, text: &str) -> Vec<String> {
    analyzer(name).map_or_else(Vec::new, |mut a| analyze(&mut a, text))
}

/// Runs `analyzer` over `text` and collects the token texts.
fn analyze(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut res = Vec::new();
    analyzer
        .token_stream(text)
        .process(&mut |token: &Token| res.push(token.text.clone()));
    res
}

/// Assertions the per-language test modules share: each passes its own `analyzer`.
#[cfg(test)]
mod testing {
    use tantivy::tokenizer::TextAnalyzer;

    /// The analyzer makes exactly these tokens of `text`.
    pub fn check(make: fn() -> TextAnalyzer, text: &str, expected: &[&str]) {
        assert_eq!(
            super::analyze(&mut make(), text),
            expected,
            "analyzing {text:?}"
        );
    }

    /// Every form analyses to the same single token as the first.
    pub fn check_meet(make: fn() -> TextAnalyzer, forms: &[&str]) {
        let first = super::analyze(&mut make(), forms[0]);
        assert_eq!(first.len(), 1, "{:?} should be one token", forms[0]);
        for form in forms {
            assert_eq!(
                super::analyze(&mut make(), form),
                first,
                "{form:?} vs {:?}",
                forms[0]
            );
        }
    }
}

/// For French, Spanish, Chinese and unknown text: words, lowercased and folded to
/// ASCII where a letter has an ASCII form (`négociation` → `negociation`), no
/// stemming. Chinese has no spaces, so a run of Han characters is one token; it is
/// labelled, not really searchable word by word.
fn fallback_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(WordTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(Lowercaser)
        .filter(DigitFolder)
        .filter(AsciiFoldingFilter)
        .build()
}

/// For actor names in any script: every normalisation of the text analyzers, but no
/// stemming, since names are not inflected the way words are and a stemmer would
/// merge different names (Lucene's light10 would take ال off الحسن).
fn names_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(WordTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(Lowercaser)
        .filter(DigitFolder)
        .filter(YoFolder)
        .filter(ArabicNormalizer)
        .filter(AsciiFoldingFilter)
        .build()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use tantivy::collector::TopDocs;
    use tantivy::query::QueryParser;
    use tantivy::schema::{Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions};
    use tantivy::{Index, TantivyDocument};

    use super::*;
    use crate::vocab::test_text;

    fn check(lang: Lang, text: &str, expected: &[&str]) {
        assert_eq!(tokens(lang, text), expected, "{lang} tokens of {text:?}");
    }

    /// One table of letter variants (`vocab::fold`): the names the index holds fold as
    /// the gazetteer's aliases fold, Persian-keyboard letters included.
    #[test]
    fn names_fold_letter_variants_as_alias_matching_does() {
        for word in [
            "أحمد",
            "إيران",
            "آسيا",
            "مصطفى",
            "الوكالة",
            "ایران",
            "کوریا",
            "Королёв",
            "ЁЛКА",
        ] {
            assert_eq!(
                tokens_with(NAMES, word),
                vec![crate::vocab::fold::fold_letters(word)],
                "{word}"
            );
        }
    }

    proptest! {
        /// Any text goes through every analyzer without a panic, and each token is a
        /// non-empty word under the length cap whose offsets lie on the text's character
        /// boundaries (snippets slice the text by them).
        #[test]
        fn every_analyzer_takes_any_text(text in test_text::any()) {
            for (name, build) in ANALYZERS {
                let mut analyzer = build();
                let mut stream = analyzer.token_stream(&text);
                while stream.advance() {
                    let t = stream.token();
                    prop_assert!(!t.text.is_empty(), "{name}: an empty token of {text:?}");
                    prop_assert!(t.text.len() < MAX_TOKEN_BYTES, "{name}: {:?}", t.text);
                    prop_assert!(
                        t.offset_from <= t.offset_to
                            && t.offset_to <= text.len()
                            && text.is_char_boundary(t.offset_from)
                            && text.is_char_boundary(t.offset_to),
                        "{name}: offsets {}..{} of {text:?}", t.offset_from, t.offset_to
                    );
                }
            }
        }

        /// The names analyzer folds and never stems: each of its tokens, analysed again, is
        /// itself, so a name indexed in one form is found when typed in that form. (Over
        /// the archive's scripts: a compatibility character such as `⑴` folds to `(1)`
        /// inside one token, which analysed again is `1`.)
        #[test]
        fn names_tokens_are_their_own_analysis(text in test_text::SCRIPTS) {
            for token in tokens_with(NAMES, &text) {
                prop_assert_eq!(tokens_with(NAMES, &token), vec![token.clone()]);
            }
        }
    }

    fn check_names(text: &str, expected: &[&str]) {
        let mut analyzer = analyzer(NAMES).expect("NAMES is registered");
        assert_eq!(
            analyze(&mut analyzer, text),
            expected,
            "names tokens of {text:?}"
        );
    }

    #[test]
    fn every_lang_has_a_buildable_analyzer() {
        for lang in Lang::ALL {
            assert!(analyzer(analyzer_name(lang)).is_some(), "{lang}");
        }
        assert!(analyzer("en_stem").is_none());
        assert!(analyzer("").is_none());
    }

    #[test]
    fn tokens_dispatch_by_language() {
        check(Lang::En, "Weapons", &["weapon"]);
        check(Lang::Ar, "بالأسلحة", &["اسلح"]);
        check(Lang::Ru, "оружием", &["оруж"]);
        check(
            Lang::Fr,
            "Négociations nucléaires",
            &["negociations", "nucleaires"],
        );
        check(Lang::Und, "", &[]);
    }

    #[test]
    fn eastern_arabic_digits_are_ascii() {
        check(Lang::Ar, "٢٠٢٣", &["2023"]);
        check(Lang::En, "٢٠٢٣", &["2023"]);
        check(Lang::Es, "۲۰۲۳", &["2023"]);
    }

    #[test]
    fn names_are_normalised_not_stemmed() {
        check_names("Мария Захарова", &["мария", "захарова"]);
        check_names("Пётр Алёшин", &["петр", "алешин"]);
        check_names("أحمد أبو الغيط", &["احمد", "ابو", "الغيط"]);
        check_names("الحسن", &["الحسن"]);
        check_names(
            "José Müller-Lüdenscheidt",
            &["jose", "muller", "ludenscheidt"],
        );
        check_names("ـــ", &[]);
    }

    /// One indexed field per analyzer.
    struct TestIndex {
        index: Index,
        fields: Vec<(&'static str, Field)>,
    }

    impl TestIndex {
        fn new() -> TestIndex {
            let mut builder = Schema::builder();
            let fields = ANALYZERS
                .iter()
                .map(|(name, _)| {
                    let indexing = TextFieldIndexing::default()
                        .set_tokenizer(name)
                        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
                    let options = TextOptions::default().set_indexing_options(indexing);
                    (*name, builder.add_text_field(name, options))
                })
                .collect();
            let index = Index::create_in_ram(builder.build());
            register(&index);
            TestIndex { index, fields }
        }

        fn field(&self, analyzer_name: &str) -> Field {
            self.fields
                .iter()
                .find(|(name, _)| *name == analyzer_name)
                .map(|(_, field)| *field)
                .expect("every analyzer has a field")
        }

        fn add(&self, docs: &[(&str, &str)]) {
            let mut writer = self
                .index
                .writer_with_num_threads(1, 15_000_000)
                .expect("in-RAM writer");
            for (analyzer_name, text) in docs {
                let mut doc = TantivyDocument::default();
                doc.add_text(self.field(analyzer_name), text);
                writer.add_document(doc).expect("add document");
            }
            writer.commit().expect("commit");
        }

        /// How many documents `query` finds in the field analysed by `analyzer_name`.
        fn count(&self, analyzer_name: &str, query: &str) -> usize {
            let reader = self.index.reader().expect("reader");
            let parser = QueryParser::for_index(&self.index, vec![self.field(analyzer_name)]);
            let query = parser.parse_query(query).expect("query parses");
            let hits = reader
                .searcher()
                .search(&query, &TopDocs::with_limit(10).order_by_score())
                .expect("search");
            hits.len()
        }
    }

    #[test]
    fn register_works_end_to_end() {
        let index = TestIndex::new();
        index.add(&[
            (AR, "بالأسلحة النووية"),
            (EN, "Treaties on nuclear weapons"),
            (RU, "Заявление о ядерном оружии"),
            (DEFAULT, "Négociations sur le désarmement"),
            (NAMES, "Мария Захарова"),
        ]);
        assert_eq!(index.count(AR, "الأسلحة"), 1);
        assert_eq!(index.count(AR, "\"الأسلحة نووي\""), 1);
        assert_eq!(index.count(AR, "كتاب"), 0);
        assert_eq!(index.count(EN, "weapon treaty"), 1);
        assert_eq!(index.count(EN, "\"nuclear weapon\""), 1);
        assert_eq!(index.count(RU, "оружие"), 1);
        assert_eq!(index.count(RU, "\"ядерное оружие\""), 1);
        assert_eq!(index.count(DEFAULT, "desarmement"), 1);
        assert_eq!(index.count(NAMES, "захарова"), 1);
        assert_eq!(index.count(NAMES, "Захаров"), 0);
    }
}
