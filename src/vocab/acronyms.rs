//! Acronyms: what a word of a few capitals is, and which ones the curated lists name.
//!
//! A stemmer reads an acronym as a word and often makes it another word's stem: ДНЯО (the
//! NPT) becomes дня ("of the day"), ИИ (AI) и ("and"), НОУ (LEU) но ("but"), LAWS (lethal
//! autonomous weapons) law. The analyzers keep the acronyms the gazetteer and the thesaurus
//! name as written (`analysis::acronyms`), and the lexicon never looks an unknown one up by
//! its stem.

use std::collections::HashSet;
use std::sync::LazyLock;

use super::gazetteer::Gazetteer;
use super::thesaurus::Thesaurus;

/// Longest acronym: the arms-control ones run to six letters (МАГАТЭ, ОДВЗЯИ); a longer
/// word in capitals is a word written in capitals (a headline), whose stem is its own.
const MAX_ACRONYM_LETTERS: usize = 6;

/// A word of two to [`MAX_ACRONYM_LETTERS`] letters, every one a capital (`NPT`, `ДНЯО`).
/// Arabic has no capitals, so no Arabic word is one.
pub fn is_acronym(word: &str) -> bool {
    // Capitals first: the analyzers ask about every capitalised word, and `Russia` fails at
    // its second letter.
    word.chars()
        .filter(|c| c.is_alphabetic())
        .all(char::is_uppercase)
        && (2..=MAX_ACRONYM_LETTERS).contains(&word.chars().filter(|c| c.is_alphabetic()).count())
}

/// Every acronym a thesaurus term or a gazetteer name holds, lowercased.
static KNOWN: LazyLock<HashSet<String>> = LazyLock::new(|| {
    let thesaurus = Thesaurus::get()
        .concepts()
        .flat_map(|concept| crate::model::Lang::ALL.map(|lang| (concept, lang)))
        .flat_map(|(concept, lang)| concept.terms(lang));
    let gazetteer = Gazetteer::get()
        .actors()
        .flat_map(|actor| actor.names().map(|(_, name)| name));
    thesaurus
        .chain(gazetteer)
        .flat_map(|text| text.split(|c: char| !c.is_alphanumeric()))
        .filter(|word| is_acronym(word) && word.chars().all(char::is_alphabetic))
        .map(str::to_lowercase)
        .collect()
});

/// Every known acronym, lowercased.
pub fn known() -> impl Iterator<Item = &'static str> {
    KNOWN.iter().map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_acronym_is_two_to_six_capitals() {
        assert!(is_acronym("NPT"));
        assert!(is_acronym("ДНЯО"));
        assert!(is_acronym("МАГАТЭ"));
        assert!(!is_acronym("A"));
        assert!(!is_acronym("NUCLEAR"), "seven capitals are a headline word");
        assert!(!is_acronym("Npt"));
        assert!(!is_acronym("الضمانات"), "Arabic has no capitals");
    }

    #[test]
    fn the_curated_lists_name_the_acronyms_known() {
        let known: HashSet<&str> = known().collect();
        for word in ["дняо", "ии", "ноу", "ому", "laws", "npt", "iaea"] {
            assert!(known.contains(word), "{word}");
        }
        for word in ["peace", "день", "nuclear"] {
            assert!(!known.contains(word), "{word}");
        }
    }
}
