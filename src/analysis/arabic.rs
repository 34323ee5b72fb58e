//! The Arabic analyzer: Lucene's `ArabicAnalyzer` without its stop list.
//!
//! Words (harakat and tatweel stay inside them), lowercased for embedded Latin,
//! digits folded to ASCII, then Lucene's Arabic normalisation and light10 stemming
//! (see `filters.rs`). Light10 strips the article and attached conjunctions and
//! prepositions, so الأسلحة, بالأسلحة and والأسلحة all become اسلح. The price is the
//! usual one of light stemming: a word that merely starts with و or ال loses it
//! (والد, "father", becomes الد; التزام, "commitment", becomes تزام while الالتزام
//! keeps التزام, so those two do not meet), and broken plurals do not meet their
//! singulars.
//! We do not remove stop words, so phrase queries keep working.

use tantivy::tokenizer::{RemoveLongFilter, TextAnalyzer};

use super::MAX_TOKEN_BYTES;
use super::filters::{
    ArabicNormalizer, ArabicProcliticStripper, ArabicStemmer, DigitFolder, Lowercaser,
    WordTokenizer,
};

/// The Arabic text pipeline, in Lucene's `ArabicAnalyzer` order.
pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(WordTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(Lowercaser)
        .filter(DigitFolder)
        .filter(ArabicNormalizer)
        .filter(ArabicStemmer)
        .build()
}

/// Arabic word forms: the same pipeline with only light10's prefix step, for a field that
/// tells a word's forms apart (الإرهاب, terrorism, from الإرهابية, terrorist), so that a
/// search can rank the form it asked for above the other words of its stem.
pub fn forms_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(WordTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(Lowercaser)
        .filter(DigitFolder)
        .filter(ArabicNormalizer)
        .filter(ArabicProcliticStripper)
        .build()
}

#[cfg(test)]
mod tests {
    use super::{analyzer, forms_analyzer};

    #[test]
    fn forms_keep_suffixes_and_lose_the_article_and_conjunctions() {
        check(forms_analyzer, "الإرهاب والإرهابية", &["ارهاب", "ارهابيه"]);
        check(forms_analyzer, "بالأسلحة", &["اسلحه"]);
        check(analyzer, "الإرهاب والإرهابية", &["ارهاب", "ارهاب"]);
    }
    use crate::analysis::testing::{check, check_meet};

    // Cases from Lucene's TestArabicAnalyzer
    // (lucene/analysis/common/src/test/org/apache/lucene/analysis/ar/).

    #[test]
    fn lucene_analyzer_basic_features() {
        check(analyzer, "كبير", &["كبير"]);
        check(analyzer, "كبيرة", &["كبير"]); // feminine marker
        check(analyzer, "مشروب", &["مشروب"]);
        check(analyzer, "مشروبات", &["مشروب"]); // plural -at
        check(analyzer, "أمريكيين", &["امريك"]); // plural -in
        check(analyzer, "امريكي", &["امريك"]); // singular with bare alif
        check(analyzer, "كتاب", &["كتاب"]);
        check(analyzer, "الكتاب", &["كتاب"]); // definite article
    }

    #[test]
    fn lucene_analyzer_without_stop_words() {
        // Lucene's "ما ملكت أيمانكم" gives ["ملكت", "ايمانكم"] because ما is a stop
        // word there; we keep stop words, so ما stays.
        check(analyzer, "ما ملكت أيمانكم", &["ما", "ملكت", "ايمانكم"]);
        // testWithStemExclusionSet with empty sets: exactly Lucene's output.
        check(
            analyzer,
            "كبيرة the quick ساهدهات",
            &["كبير", "the", "quick", "ساهد"],
        );
        check(analyzer, "English text.", &["english", "text"]); // testEnglishInput
        check(analyzer, "١٢٣٤", &["1234"]); // testDigits
    }

    #[test]
    fn lucene_filter_cases_through_the_whole_chain() {
        // TestArabicNormalizationFilter and TestArabicStemFilter inputs, analysed end
        // to end: normalisation first, so ة is already ه when the stemmer runs.
        check(
            analyzer,
            "الحسن والحسن بالحسن كالحسن فالحسن وحسن",
            &["حسن"; 6],
        );
        check(analyzer, "للاخر", &["اخر"]);
        check(
            analyzer,
            "ساهدهات ساهدان ساهدات ساهدون ساهدين ساهديه ساهدية ساهده ساهدة ساهدي وساهدون",
            &["ساهد"; 11],
        );
        check(analyzer, "زوجها", &["زوج"]);
        check(analyzer, "الو", &["الو"]);
    }

    #[test]
    fn weapons_forms_meet() {
        check_meet(
            analyzer,
            &["الأسلحة", "بالأسلحة", "والأسلحة", "الأَسْلِحَةِ", "الاسلحه"],
        );
    }

    #[test]
    fn nuclear_forms_meet() {
        // Light10 takes ي and يه off, so the feminine meets the masculine too.
        check_meet(
            analyzer,
            &["النووي", "نووي", "والنووي", "النووية", "نووية", "النَّوَوِيَّة"],
        );
    }

    #[test]
    fn diacritics_and_tatweel_do_not_matter() {
        check_meet(analyzer, &["معاهدة", "مُعَاهَدَةٌ", "معـــاهدة"]);
    }

    #[test]
    fn light10_limits_as_lucene_has_them() {
        // Not wanted, but Lucene's algorithm: kept so a change to it is deliberate.
        check(analyzer, "والد", &["الد"]);
        check(analyzer, "التزام الالتزام", &["تزام", "التزام"]);
    }

    #[test]
    fn tatweel_alone_is_no_token() {
        check(analyzer, "ـــ نووي ـــ", &["نوو"]);
    }

    #[test]
    fn digits_fold() {
        check(analyzer, "٢٠٢٣", &["2023"]);
        check(analyzer, "القرار ٢٣٣١ (٢٠١٦)", &["قرار", "2331", "2016"]);
    }
}
