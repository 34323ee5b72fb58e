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
