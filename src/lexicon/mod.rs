//! A compact word-by-word translation lexicon (en↔ar, en↔ru, and ar↔ru through
//! English) built from the bilingual dictd dictionaries Debian packages:
//! `dict-freedict-eng-ara`, `dict-freedict-ara-eng`, `dict-freedict-eng-rus` and
//! `mueller7-dict`.
//!
//! - `dictd`: reads `NAME.index` + `NAME.dict.dz` into (headword, text) entries.
//! - `extract`: translation words out of an entry's text; normal forms and keys.
//! - `build`: merges every dictionary, both ways round, into four ranked tables.
//! - `store`: the compact binary file (`Lexicon::write`/`read`).
//!
//! Every dictionary is read in both directions: eng→ara gives ara→eng by inversion, and
//! so on. A translation's score adds up over sources, `weight/(1+rank)` for the entry's
//! own direction and 0.8 of that for an inverted one, so words several dictionaries
//! agree on rise to the top. Sources we trust less weigh 0.7, and English translations
//! are scaled up by how long Müller's entry for them is (a common word has a long
//! entry), which orders Arabeyes' unranked lists.
//!
//! Lookup is robust to inflection: the word as given, then simple variants (English
//! plural `-s`/`-es`/`-ies`; Arabic without the proclitics و ب ل ف ك and the article),
//! then the word's analyzer stem (`analysis`), matched against the stems of all
//! headwords computed at build time.

mod build;
mod dictd;
mod extract;
pub mod function_words;
pub mod parallel;
mod store;

pub use parallel::ParallelLexicon;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::model::Lang;
use crate::vocab::acronyms::is_acronym;

pub const DEFAULT_DICTD_DIR: &str = "/usr/share/dictd";

/// How many translations a headword keeps per direction.
pub const MAX_TRANSLATIONS: usize = 5;

/// The dictionaries we read: dictd name, headword language, translation language.
const SOURCES: [Source; 4] = [
    Source {
        name: "freedict-eng-ara",
        ranked: true,
        weight: 1.0,
        from: Lang::En,
        to: Lang::Ar,
        style: Style::FreeDict,
    },
    Source {
        name: "freedict-ara-eng",
        ranked: false,
        weight: 0.7,
        from: Lang::Ar,
        to: Lang::En,
        style: Style::FreeDict,
    },
    Source {
        name: "freedict-eng-rus",
        ranked: true,
        weight: 0.7,
        from: Lang::En,
        to: Lang::Ru,
        style: Style::FreeDict,
    },
    Source {
        name: "mueller7",
        ranked: true,
        weight: 1.0,
        from: Lang::En,
        to: Lang::Ru,
        style: Style::Mueller,
    },
];

#[derive(Clone, Copy)]
struct Source {
    name: &'static str,
    /// how far we trust its order: Arabeyes' ara→eng lists senses in near-alphabetical
    /// order, and the small FreeDict eng→rus has odd first choices (`defence` → `арьергард`)
    weight: f32,
    /// whether the order of an entry's translations is a preference (Arabeyes' ara→eng
    /// lists are close to alphabetical, so all count as first)
    ranked: bool,
    from: Lang,
    to: Lang,
    style: Style,
}

#[derive(Clone, Copy, PartialEq)]
enum Style {
    FreeDict,
    Mueller,
}

/// The four stored directions, in table order.
const DIRECTIONS: [(Lang, Lang); 4] = [
    (Lang::En, Lang::Ar),
    (Lang::Ar, Lang::En),
    (Lang::En, Lang::Ru),
    (Lang::Ru, Lang::En),
];

#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    #[error("cannot read {}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "{}:{line}: not a dictd index line (`headword<TAB>offset<TAB>length`); reinstall the dictionary package",
        .path.display()
    )]
    BadIndex { path: PathBuf, line: usize },
    #[error(
        "{}: entry {headword:?} lies outside the dictionary data; the index and data files do not match",
        .path.display()
    )]
    OutOfRange { path: PathBuf, headword: String },
    #[error("{} is not UTF-8 text", .path.display())]
    NotUtf8 { path: PathBuf },
    #[error("cannot write {}", .path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{} is not a lexicon file of this version ({reason}); build it again", .path.display())]
    Format { path: PathBuf, reason: String },
}

/// Word translations in four directions; see the module docs.
///
/// All words live in one string table addressed by `u32` ids; each direction is a
/// table of headword keys sorted by text, with their ranked translation ids and the
/// analyzer stems of the headwords for inflected lookups.
#[derive(Debug, PartialEq)]
pub struct Lexicon {
    strings: Strings,
    tables: [Table; 4],
}

/// Strings concatenated; string `i` is `text[ends[i-1]..ends[i]]`.
#[derive(Debug, Default, PartialEq)]
struct Strings {
    text: String,
    ends: Vec<u32>,
}

impl Strings {
    fn get(&self, id: u32) -> &str {
        let id = id as usize;
        let start = if id == 0 {
            0
        } else {
            self.ends[id - 1] as usize
        };
        &self.text[start..self.ends[id] as usize]
    }

    fn len(&self) -> usize {
        self.ends.len()
    }
}

/// One direction.
#[derive(Debug, Default, PartialEq)]
struct Table {
    /// headword keys (string ids), sorted by their text
    heads: Vec<u32>,
    /// translations of head `i`: `targets[target_ends[i-1]..target_ends[i]]`, best first
    target_ends: Vec<u32>,
    targets: Vec<u32>,
    /// (stem key string id, head index), sorted by stem text, then shorter head first
    stems: Vec<(u32, u32)>,
}

impl Table {
    fn targets_of(&self, head: usize) -> &[u32] {
        let start = if head == 0 {
            0
        } else {
            self.target_ends[head - 1] as usize
        };
        &self.targets[start..self.target_ends[head] as usize]
    }
}

impl Lexicon {
    /// Builds from the dictd files found in `dir` (normally [`DEFAULT_DICTD_DIR`]);
    /// `Ok(None)` when none of the four dictionaries is present.
    pub fn from_dictd_dir(dir: &Path) -> Result<Option<Lexicon>, LexiconError> {
        let found: Vec<(Source, PathBuf, PathBuf)> = SOURCES
            .iter()
            .filter_map(|source| {
                dictd::find(dir, source.name).map(|(index, data)| (*source, index, data))
            })
            .collect();
        if found.is_empty() {
            return Ok(None);
        }
        let dictionaries = found
            .iter()
            .map(|(source, index, data)| Ok((*source, dictd::read(index, data)?)))
            .collect::<Result<Vec<_>, LexiconError>>()?;
        Ok(Some(build::build(&dictionaries)))
    }

    /// Writes the lexicon to `path` atomically: a temp file next to it, fsynced, then
    /// renamed over it.
    pub fn write(&self, path: &Path) -> Result<(), LexiconError> {
        let write_err = |source| LexiconError::Write {
            path: path.to_path_buf(),
            source,
        };
        let bytes = store::encode(self);
        let dir = match path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        let name = path.file_name().map_or_else(
            || "lexicon".into(),
            |name| name.to_string_lossy().into_owned(),
        );
        let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
        let result = (|| {
            let mut file = fs::File::create(&tmp)?;
            file.write_all(&bytes)?;
            file.sync_all()?;
            fs::rename(&tmp, path)
        })();
        if result.is_err() {
            let _ = fs::remove_file(&tmp);
        }
        result.map_err(write_err)
    }

    /// Reads a file written by [`Lexicon::write`].
    pub fn read(path: &Path) -> Result<Lexicon, LexiconError> {
        let bytes = fs::read(path).map_err(|source| LexiconError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        store::decode(&bytes).map_err(|reason| LexiconError::Format {
            path: path.to_path_buf(),
            reason,
        })
    }

    /// Up to `limit` translations of one word (or short phrase) from `from` into `to`,
    /// best first. Pairs: en↔ar, en↔ru; ar↔ru by pivoting through English. Any other
    /// pair, or an unknown word, gives nothing.
    pub fn translate(&self, word: &str, from: Lang, to: Lang, limit: usize) -> Vec<&str> {
        if limit == 0 {
            return Vec::new();
        }
        if let Some(table) = table_index(from, to) {
            return self
                .lookup(table, from, word)
                .into_iter()
                .take(limit)
                .map(|id| self.strings.get(id))
                .collect();
        }
        match (from, to) {
            (Lang::Ar, Lang::Ru) | (Lang::Ru, Lang::Ar) => self.pivot(word, from, to, limit),
            _ => Vec::new(),
        }
    }

    /// Number of headwords over all four directions.
    pub fn len(&self) -> usize {
        self.tables.iter().map(|t| t.heads.len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// What was loaded, for logs and the CLI: headwords per direction.
    pub fn summary(&self) -> String {
        let directions: Vec<String> = DIRECTIONS
            .iter()
            .zip(&self.tables)
            .map(|((from, to), table)| format!("{from}→{to} {}", table.heads.len()))
            .collect();
        let translations: usize = self.tables.iter().map(|t| t.targets.len()).sum();
        format!(
            "lexicon: {} headwords ({}), {translations} translations, {} distinct strings",
            self.len(),
            directions.join(", "),
            self.strings.len()
        )
    }

    /// Translation ids of `word` in table `t`, trying the word as given, then its simple
    /// variants, then its stem.
    fn lookup(&self, t: usize, from: Lang, word: &str) -> Vec<u32> {
        let table = &self.tables[t];
        let key = extract::key(from, word);
        if key.is_empty() {
            return Vec::new();
        }
        if let Some(head) = self.find_head(table, &key) {
            return table.targets_of(head).to_vec();
        }
        for variant in variants(from, &key) {
            if let Some(head) = self.find_head(table, &variant) {
                return table.targets_of(head).to_vec();
            }
        }
        // An acronym's stem is some other word's (ДНЯО, the NPT, stems to дня, "of the day").
        if is_acronym(word) {
            return Vec::new();
        }
        let stem = stem_key(from, word);
        if stem.is_empty() {
            return Vec::new();
        }
        // several headwords may share the stem (ядерный, ядерная): shortest first
        let mut out = Vec::new();
        for head in self.find_stem(table, &stem) {
            for &id in table.targets_of(head) {
                if !out.contains(&id) {
                    out.push(id);
                }
            }
        }
        out
    }

    fn find_head(&self, table: &Table, key: &str) -> Option<usize> {
        table
            .heads
            .binary_search_by(|&id| self.strings.get(id).cmp(key))
            .ok()
    }

    /// Up to three heads whose stem key is `stem`.
    fn find_stem(&self, table: &Table, stem: &str) -> Vec<usize> {
        let start = table
            .stems
            .partition_point(|&(id, _)| self.strings.get(id) < stem);
        table.stems[start..]
            .iter()
            .take_while(|&&(id, _)| self.strings.get(id) == stem)
            .take(3)
            .map(|&(_, head)| head as usize)
            .collect()
    }

    /// ar→ru and ru→ar through English: the best two targets of each of the best three
    /// English words, interleaved.
    fn pivot(&self, word: &str, from: Lang, to: Lang, limit: usize) -> Vec<&str> {
        let english = self.translate(word, from, Lang::En, 3);
        let lists: Vec<Vec<&str>> = english
            .iter()
            .map(|en| self.translate(en, Lang::En, to, 2))
            .collect();
        let mut out = Vec::new();
        for rank in 0..2 {
            for list in &lists {
                if let Some(&word) = list.get(rank)
                    && !out.contains(&word)
                {
                    out.push(word);
                }
            }
        }
        out.truncate(limit);
        out
    }
}

/// The table for a stored direction.
fn table_index(from: Lang, to: Lang) -> Option<usize> {
    DIRECTIONS.iter().position(|&d| d == (from, to))
}

/// The analyzer's stems of `text`, joined by spaces: the key of the stem index.
fn stem_key(lang: Lang, text: &str) -> String {
    crate::analysis::tokens(lang, text).join(" ")
}

/// Forms to try when the key itself is not a headword, most likely first.
fn variants(lang: Lang, key: &str) -> Vec<String> {
    match lang {
        Lang::En => english_singulars(key),
        Lang::Ar => arabic_without_proclitics(key),
        _ => Vec::new(),
    }
}

/// `weapons` → `weapon`; `treaties` → `treaty`; `boxes` → `box`; only the last word
/// of a phrase changes.
fn english_singulars(key: &str) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(stem) = key.strip_suffix("ies") {
        out.push(format!("{stem}y"));
    }
    if let Some(stem) = key.strip_suffix("es") {
        out.push(stem.to_string());
    }
    if let Some(stem) = key.strip_suffix('s')
        && !stem.ends_with('s')
    {
        out.push(stem.to_string());
    }
    out.retain(|s| s.chars().filter(|c| c.is_alphabetic()).count() >= 2);
    out
}

/// Arabic proclitics, longest first: conjunctions and prepositions with the article,
/// the article, then the one-letter conjunctions and prepositions.
const ARABIC_PROCLITICS: [&str; 11] = [
    "وال", "بال", "فال", "كال", "لل", "ال", "و", "ب", "ل", "ف", "ك",
];

/// `باسلحه` → `اسلحه`, `وسلاح` → `سلاح`. Keys are folded and have lost the article
/// already, so only bare alef and the leftover one-letter clitics are tested.
fn arabic_without_proclitics(key: &str) -> Vec<String> {
    let mut out = Vec::new();
    for prefix in ARABIC_PROCLITICS {
        if let Some(rest) = key.strip_prefix(prefix)
            && rest.chars().count() >= 2
        {
            let form = extract::key(Lang::Ar, rest);
            if form != key && !out.contains(&form) {
                out.push(form);
            }
        }
    }
    out
}

#[cfg(test)]
pub(crate) mod fixtures;
#[cfg(test)]
mod tests;
