//! Scripts: which script a letter is written in, and the one rule for the language of a
//! short text (a query, a name, a label) that search, evaluation and pages all follow, so the
//! evaluation measures the search users get and a page marks a name as search reads it.

use crate::model::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    Latin,
    Cyrillic,
    Arabic,
    Han,
    Other,
}

/// The script a letter is written in: the one table of script ranges, which language
/// detection, [`short_text_lang`] and through it search, evaluation and pages read.
pub fn script_of(c: char) -> Script {
    match c {
        'a'..='z' | 'A'..='Z' | '\u{C0}'..='\u{24F}' | '\u{1E00}'..='\u{1EFF}' => Script::Latin,
        '\u{400}'..='\u{52F}'
        | '\u{1C80}'..='\u{1C8F}'
        | '\u{2DE0}'..='\u{2DFF}'
        | '\u{A640}'..='\u{A69F}' => Script::Cyrillic,
        '\u{600}'..='\u{6FF}'
        | '\u{750}'..='\u{77F}'
        | '\u{8A0}'..='\u{8FF}'
        | '\u{FB50}'..='\u{FDFF}'
        | '\u{FE70}'..='\u{FEFF}' => Script::Arabic,
        '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' => Script::Han,
        _ => Script::Other,
    }
}

/// The language a short text is written in, by its script alone (too short for detection):
/// Arabic or Cyrillic letters and digits, whichever are more, make it Arabic or Russian even
/// beside Latin ones, since a Russian or Arabic query often carries a Latin abbreviation
/// (`ДСНВ (New START)`, `IAEA الوكالة`); as many of each is Arabic; a text with neither is
/// English, the archive's language for Latin script and the default.
pub fn short_text_lang(text: &str) -> Lang {
    let (mut arabic, mut cyrillic) = (0usize, 0usize);
    for c in text.chars().filter(|&c| crate::chars::is_alphanumeric(c)) {
        match script_of(c) {
            Script::Arabic => arabic += 1,
            Script::Cyrillic => cyrillic += 1,
            _ => {}
        }
    }
    match (arabic, cyrillic) {
        (0, 0) => Lang::En,
        (a, c) if a >= c => Lang::Ar,
        _ => Lang::Ru,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_text_in_one_script_is_in_that_scripts_language() {
        assert_eq!(short_text_lang("outer space"), Lang::En);
        assert_eq!(short_text_lang("الفضاء الخارجي"), Lang::Ar);
        assert_eq!(short_text_lang("космос 2024"), Lang::Ru);
        assert_eq!(
            short_text_lang("2024"),
            Lang::En,
            "digits alone are no script's"
        );
        assert_eq!(short_text_lang(""), Lang::En);
    }

    /// The cases the three rules this one replaced (search's, evaluation's, pages') decided
    /// differently.
    #[test]
    fn mixed_scripts_are_decided_by_the_arabic_or_cyrillic_letters() {
        assert_eq!(
            short_text_lang("ДСНВ (New START)"),
            Lang::Ru,
            "a Russian query with a longer Latin abbreviation is Russian"
        );
        assert_eq!(short_text_lang("IAEA الوكالة"), Lang::Ar);
        assert_eq!(
            short_text_lang("Zakharova Захаров زاخاروفا"),
            Lang::Ar,
            "more Arabic letters than Cyrillic ones, the Latin ones aside"
        );
        assert_eq!(
            short_text_lang("Захарова زاخاروف"),
            Lang::Ru,
            "more Cyrillic letters than Arabic ones, whichever comes first"
        );
        assert_eq!(short_text_lang("мир سلم"), Lang::Ar, "a tie is Arabic");
        assert_eq!(
            short_text_lang("قرار ١٥٤٠"),
            Lang::Ar,
            "Arabic-Indic digits count as Arabic"
        );
        assert_eq!(short_text_lang("١٥٤٠"), Lang::Ar);
        assert_eq!(
            short_text_lang("中国 China"),
            Lang::En,
            "Han has no slot of its own here"
        );
    }
}
