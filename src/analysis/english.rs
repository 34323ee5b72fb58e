//! The English analyzer: words, lowercased, Snowball (Porter2) English stems.
//!
//! No stop words are removed, so phrase queries such as "the treaty" still match.

use tantivy::tokenizer::{RemoveLongFilter, TextAnalyzer, TextAnalyzerBuilder, Tokenizer};

use super::filters::{DigitFolder, Lowercaser, SnowballStemmer, WordTokenizer};
use super::{MAX_TOKEN_BYTES, acronyms};
use crate::model::Lang;

/// tantivy's `en_stem` recipe on our word tokenizer, plus digit folding; a known acronym
/// in capitals is not stemmed (`LAWS`, lethal autonomous weapons, is not `law`).
pub fn analyzer() -> TextAnalyzer {
    acronyms::keeping(stemmed(), Lang::En)
}

/// The chain, stemmer and all.
pub(super) fn stemmed() -> TextAnalyzer {
    words().filter(SnowballStemmer::English).build()
}

/// The chain without its stemmer, for the acronyms it keeps as written.
pub(super) fn unstemmed() -> TextAnalyzer {
    words().build()
}

/// Words, normalised as the stemmer takes them.
fn words() -> TextAnalyzerBuilder<impl Tokenizer> {
    TextAnalyzer::builder(WordTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(Lowercaser)
        .filter(DigitFolder)
}

#[cfg(test)]
mod tests {
    use super::analyzer;
    use crate::analysis::testing::{check, check_meet};

    #[test]
    fn tantivy_en_stem_case() {
        // The case in tantivy's src/tokenizer/stemmer.rs, test_en_stem.
        check(
            analyzer,
            "Dogs are the bests!",
            &["dog", "are", "the", "best"],
        );
    }

    #[test]
    fn word_forms_meet() {
        check_meet(analyzer, &["weapons", "weapon", "Weapons"]);
        check_meet(analyzer, &["treaties", "treaty"]);
        check_meet(analyzer, &["negotiations", "negotiation"]);
        check_meet(analyzer, &["ratified", "ratifies", "ratify"]);
    }

    #[test]
    fn possessive_and_digits() {
        check(
            analyzer,
            "Russia's statement on the CTBT of 1996",
            &[
                "russia",
                "s",
                "statement",
                "on",
                "the",
                "ctbt",
                "of",
                "1996",
            ],
        );
        check(
            analyzer,
            "New START, A/RES/78/1",
            &["new", "start", "a", "res", "78", "1"],
        );
        check(analyzer, "٢٠٢٣", &["2023"]);
    }

    #[test]
    fn stop_words_are_kept() {
        check(
            analyzer,
            "the Treaty on the Non-Proliferation",
            &["the", "treati", "on", "the", "non", "prolifer"],
        );
    }

    #[test]
    fn long_tokens_are_dropped() {
        let junk = "a".repeat(super::MAX_TOKEN_BYTES);
        check(
            analyzer,
            &format!("nuclear {junk} test"),
            &["nuclear", "test"],
        );
    }
}
