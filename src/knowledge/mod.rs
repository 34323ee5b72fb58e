//! The curated multilingual knowledge every later stage reads: parsing finds actors and
//! topics with it, the analyzers and the index mark concepts, search expands and suggests
//! from it, and pages label with it.
//!
//! - `data`: the reader of the curated TSV files in `data/`.
//! - `script`: the script of a letter, and the one rule for the language of a short text.
//! - `fold`: the one table of letter variants (Arabic alef and yeh forms, ё) that alias
//!   matching and the index's analyzers both fold with.
//! - `aliases`: folding and whole-word, leftmost-longest alias matching, for the gazetteer
//!   and the thesaurus alike.
//! - `gazetteer`: actors (states, organisations, people) and their names in every script.
//! - `thesaurus`: arms-control and UN concepts, their renderings and the topics they make.
//! - `translit`: name words spelled in another script, for names the gazetteer lacks.
//!
//! Architecture invariant: pure data and functions over text, compiled in (each data file
//! parsed once into a `LazyLock`, with a unit test that parses it); no IO, no tantivy. It
//! comes after `model` and `chars` and before `corpus` in the flow.

pub(crate) mod aliases;
pub mod data;
pub mod fold;
pub mod gazetteer;
pub mod script;
pub mod thesaurus;
pub mod translit;

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
