//! The curated multilingual knowledge every later stage reads: parsing finds actors and
//! topics with it, the analyzers and the index mark concepts, search expands and suggests
//! from it, and pages label with it.
//!
//! - here: [`data_lines`], the one reader of the curated TSV files in `data/`, and [`is_slug`],
//!   the shape of their entry ids.
//! - `script`: the script of a letter, and the one rule for the language of a short text.
//! - `fold`: folding, the normal form spellings are compared in, with the one table of letter
//!   variants (Arabic alef and yeh forms, ё) that the index's analyzers fold with too.
//! - `acronyms`: what an acronym is, and the ones the gazetteer and the thesaurus name.
//! - `matcher`: whole-word, leftmost-longest alias matching, for the gazetteer and the
//!   thesaurus alike.
//! - `gazetteer`: actors (states, organisations, people) and their names in every script.
//! - `thesaurus`: arms-control and UN concepts, their renderings and the topics they make.
//! - `translit`: name words spelled in another script, for names the gazetteer lacks.
//!
//! Architecture invariant: pure data and functions over text, compiled in (each data file
//! parsed once into a `LazyLock`, with a unit test that parses it); no IO, no tantivy. It
//! comes after `model` and `chars` and before `corpus` in the flow.

pub mod acronyms;
pub mod fold;
pub mod gazetteer;
pub(crate) mod matcher;
pub mod script;
pub mod thesaurus;
pub mod translit;

/// The data lines of a curated TSV file, with their 1-based line numbers and tab-separated
/// fields: blank lines and `#` comments skipped, Windows line endings tolerated. One reader
/// for every file, so they all skip and number their lines alike in their error messages.
pub fn data_lines(tsv: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    tsv.lines().enumerate().filter_map(|(idx, raw)| {
        let text = raw.trim_end_matches('\r');
        (!text.trim().is_empty() && !text.starts_with('#'))
            .then(|| (idx + 1, text.split('\t').collect()))
    })
}

/// An entry id of the curated files (`russia`, `outer-space-treaty`): lowercase ASCII words
/// joined by single hyphens, so it can sit in a URL and a facet value as it is.
pub(crate) fn is_slug(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// Text for the property tests of folding and analysis, which read the same scripts.
#[cfg(test)]
pub(crate) mod test_text {
    use proptest::prelude::*;

    /// Latin, Cyrillic and Arabic letters with their marks, digits and punctuation, soft
    /// hyphens and joiners.
    pub const SCRIPTS: &str = "[a-zA-Z\u{E9}\u{301}\u{451}\u{401}\u{430}-\u{44F}\u{410}-\u{42F}\u{621}-\u{64A}\u{64B}-\u{652}\u{640}\u{660}-\u{669}0-9 .,'\u{2019}\"()\u{AD}\u{200C}-]{0,80}";

    /// Text in the archive's scripts, or any printable text at all.
    pub fn any() -> impl Strategy<Value = String> {
        prop_oneof![SCRIPTS, "\\PC{0,60}"]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_blank_lines_are_skipped_and_lines_keep_their_numbers() {
        let tsv = "# a comment\n\nen\tone\r\n  \nru\tдва\n";
        let lines: Vec<(usize, Vec<&str>)> = data_lines(tsv).collect();
        assert_eq!(lines, vec![(3, vec!["en", "one"]), (5, vec!["ru", "два"])]);
    }
}
