//! The Russian analyzer: words, lowercased, ё folded to е, Snowball Russian stems.
//!
//! ё is folded before stemming because most texts and almost all queries write е;
//! the Snowball stemmer would fold it too, but only inside the words it stems.
//! We do not remove stop words, so phrase queries keep working.

use tantivy::tokenizer::{RemoveLongFilter, TextAnalyzer, TextAnalyzerBuilder, Tokenizer};

use super::filters::{DigitFolder, Lowercaser, SnowballStemmer, WordTokenizer, YoFolder};
use super::{MAX_TOKEN_BYTES, acronyms};
use crate::model::Lang;

/// The Russian text pipeline; a known acronym, however written, is not stemmed (`ДНЯО`, the NPT,
/// is not `дня`, "of the day").
pub fn analyzer() -> TextAnalyzer {
    acronyms::keeping(stemmed(), Lang::Ru)
}

/// The chain, stemmer and all.
pub(super) fn stemmed() -> TextAnalyzer {
    words().filter(SnowballStemmer::Russian).build()
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
        .filter(YoFolder)
}

#[cfg(test)]
mod tests {
    use super::analyzer;
    use crate::analysis::testing::{check, check_meet};

    /// The sample vocabulary on the Snowball Russian stemmer page
    /// (snowballstem.org/algorithms/russian/stemmer.html, first column): word and stem.
    const SNOWBALL_SAMPLE: [(&str, &str); 60] = [
        ("в", "в"),
        ("вавиловка", "вавиловк"),
        ("вагнера", "вагнер"),
        ("вагон", "вагон"),
        ("вагона", "вагон"),
        ("вагоне", "вагон"),
        ("вагонов", "вагон"),
        ("вагоном", "вагон"),
        ("вагоны", "вагон"),
        ("важная", "важн"),
        ("важнее", "важн"),
        ("важнейшие", "важн"),
        ("важнейшими", "важн"),
        ("важничал", "важнича"),
        ("важно", "важн"),
        ("важного", "важн"),
        ("важное", "важн"),
        ("важной", "важн"),
        ("важном", "важн"),
        ("важному", "важн"),
        ("важности", "важност"),
        ("важностию", "важност"),
        ("важность", "важност"),
        ("важностью", "важност"),
        ("важную", "важн"),
        ("важны", "важн"),
        ("важные", "важн"),
        ("важный", "важн"),
        ("важным", "важн"),
        ("важных", "важн"),
        ("вазах", "ваз"),
        ("вазы", "ваз"),
        ("вакса", "вакс"),
        ("вакханка", "вакханк"),
        ("вал", "вал"),
        ("валандался", "валанда"),
        ("валентина", "валентин"),
        ("валериановых", "валерианов"),
        ("валерию", "валер"),
        ("валетами", "валет"),
        ("вали", "вал"),
        ("валил", "вал"),
        ("валился", "вал"),
        ("валится", "вал"),
        ("валов", "вал"),
        ("вальдшнепа", "вальдшнеп"),
        ("вальс", "вальс"),
        ("вальса", "вальс"),
        ("вальсе", "вальс"),
        ("вальсишку", "вальсишк"),
        ("вальтера", "вальтер"),
        ("валяется", "валя"),
        ("валялась", "валя"),
        ("валялись", "валя"),
        ("валялось", "валя"),
        ("валялся", "валя"),
        ("валять", "валя"),
        ("валяются", "валя"),
        ("вам", "вам"),
        ("вами", "вам"),
    ];

    #[test]
    fn snowball_sample_vocabulary() {
        for (word, stem) in SNOWBALL_SAMPLE {
            check(analyzer, word, &[stem]);
        }
    }

    #[test]
    fn yo_and_ye_meet() {
        check_meet(analyzer, &["ещё", "еще", "ЕЩЁ"]);
        check_meet(analyzer, &["Ёлка", "елка", "ёлка"]);
        check_meet(analyzer, &["объём", "объем"]);
    }

    #[test]
    fn stress_marks_do_not_split_or_matter() {
        check_meet(analyzer, &["оружи\u{301}е", "оружие"]);
    }

    #[test]
    fn word_forms_meet() {
        check_meet(analyzer, &["оружия", "оружие", "оружием"]);
        check_meet(analyzer, &["Захарова", "Захаровой"]);
        check_meet(analyzer, &["договор", "договора", "договором", "договоре"]);
        check_meet(analyzer, &["ядерного", "ядерное", "ядерный"]);
    }

    #[test]
    fn mixed_text() {
        check(
            analyzer,
            "Заявление МИД России по ДВЗЯИ, 2023 г.",
            &["заявлен", "мид", "росс", "по", "двзяи", "2023", "г"],
        );
    }
}
