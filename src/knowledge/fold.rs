//! The one table of letter variants the archive reads as one letter: alias matching, search-box
//! suggestions and spelling fold with it (`aliases`), and so do the index's analyzers
//! (`analysis::filters`), so a name folded for the gazetteer and a word folded for the index
//! agree letter for letter.

/// The plain letter a spelling variant stands for, or `None` for a letter that is its own:
/// - Arabic hamza seats and alef forms (أ إ آ ٱ) are alef ا; alef maqsura ى and Persian
///   yeh ی are yeh ي; ta marbuta ة is heh ه; Persian keheh ک is kaf ك. The first three are
///   Lucene's `ArabicNormalizer`; the Persian letters are how Arabic text typed on a Persian
///   keyboard spells ي and ك.
/// - Russian ё (Ё) is е, as most Russian print and most queries omit the dots.
pub fn letter_variant(c: char) -> Option<char> {
    match c {
        'أ' | 'إ' | 'آ' | 'ٱ' => Some('ا'),
        'ى' | 'ی' => Some('ي'),
        'ة' => Some('ه'),
        'ک' => Some('ك'),
        'ё' | 'Ё' => Some('е'),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_variant_folds_to_a_letter_that_is_its_own() {
        for c in ['أ', 'إ', 'آ', 'ٱ', 'ى', 'ی', 'ة', 'ک', 'ё', 'Ё'] {
            let plain = letter_variant(c).expect("a variant");
            assert_eq!(letter_variant(plain), None, "{c} → {plain}");
        }
        assert_eq!(letter_variant('ا'), None);
        assert_eq!(letter_variant('е'), None);
    }
}
