//! Function words (`the`, `في`, `который`): a query's words that are not worth translating,
//! because their translations match nearly every document and would count as evidence.
//! The lists are curated data in `data/function-words.tsv`.

use std::collections::HashSet;
use std::sync::LazyLock;

use crate::model::Lang;

pub(crate) const DATA: &str = include_str!("../../data/function-words.tsv");

static WORDS: LazyLock<HashSet<(Lang, String)>> = LazyLock::new(|| {
    crate::vocab::data_lines(DATA)
        .filter_map(|(_, fields)| match fields[..] {
            [lang, word] => Lang::from_code(lang).map(|l| (l, word.trim().to_lowercase())),
            _ => None,
        })
        .collect()
});

/// Whether `word` (any case) is a function word of `lang`.
pub fn contains(lang: Lang, word: &str) -> bool {
    WORDS.contains(&(lang, word.to_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_of_the_shipped_list_is_well_formed() {
        let lines = crate::vocab::data_lines(DATA).count();
        assert_eq!(
            WORDS.len(),
            lines,
            "a line has the wrong shape or repeats a word"
        );
    }

    #[test]
    fn knows_function_words_of_each_language_and_not_content_words() {
        assert!(contains(Lang::En, "The"));
        assert!(contains(Lang::Ar, "التي"));
        assert!(contains(Lang::Ru, "который"));
        assert!(!contains(Lang::En, "weapons"));
        assert!(!contains(Lang::Ar, "الأسلحة"));
        assert!(!contains(Lang::Ru, "оружие"));
    }
}
