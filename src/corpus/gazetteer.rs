//! The actor gazetteer: who a statement is by or about, in English, Arabic and Russian.
//!
//! `data/gazetteer.tsv` lists every actor (state, organisation, person) with its aliases in each
//! script; it is compiled in and parsed once. [`Gazetteer::resolve`] maps a catalog actor string
//! to an actor, and [`Gazetteer::find_in_text`] finds every actor named in a text in one pass.
//!
//! Both work on a *folded* copy of the text, so that spelling variants need no alias of their own:
//! - lowercase; Latin diacritics dropped (`Niinistö` = `Niinisto`); typographic apostrophes and
//!   dashes become `'` and `-`; runs of whitespace become one space;
//! - Arabic: tashkeel and tatweel dropped, `أ إ آ ٱ` → `ا`, `ى` → `ي`, `ة` → `ه`, Persian `ی ک` → `ي ك`;
//! - Russian: `ё` → `е`, and every Cyrillic word of five or more letters loses one case ending from
//!   a fixed list (keeping at least three letters), so `России`, `Россией` and `Россия` all fold
//!   to `росси`. This handles case forms of every word of a multi-word name (`Российской
//!   Федерации`) without listing them. Its price: a few forms must still be listed (plural
//!   genitives in `-ов`, fleeting vowels as in `Египет`/`Египта`, nominatives in `-ей`/`-ий`), and
//!   forms that share a stem match each other (`Захаров` finds `Захарова`).
//!
//! Input may be NFC or NFD: combining marks are dropped or, where they make a letter we keep
//! (`й`, `ؤ`, `ئ`), merged into it, so both forms fold alike without a normalisation pass.
//!
//! Matching rules, all deliberate:
//! - An alias matches only as whole words: `China` is not found in `Chinatown`, nor `Iran` in
//!   `Iranian`. An English possessive (`Zakharova's`) matches.
//! - Arabic proclitics may be attached in front: `و ف ب ل ك` and the pairs `وب ول وك فب فل فك`
//!   (`والصين`, `لروسيا`, `بالولايات المتحدة`). The article is part of the names that carry it, and
//!   for those `لل` (`ل` + `ال`) is recognised too (`للولايات المتحدة`).
//! - Adjectives are not the state: `Russian`, `российский` and `الروسية` do not yield `russia`,
//!   because in "the Russian Foreign Ministry said" the ministry speaks, not the state. Phrases
//!   that name an institution (`Russian Foreign Ministry`) are aliases of that institution.
//! - Capital cities (`Washington`, `Moscow`, `واشنطن`) are not aliases of their states: they are
//!   also cities, people and newspapers, and the metonymy is the reader's inference, not ours.
//! - Abbreviations of at most three uppercase letters (`US`, `UK`, `UN`, `CD`, `США`, `ООН`) match
//!   only where the text has them in uppercase, so "let us" never yields the United States.
//! - Lines flagged `exact` in the data are catalog spellings (`Mr. Hayden`, `Korea`, OCR errors):
//!   [`Gazetteer::resolve`] finds them, running text never does.
//! - Lines flagged `block` are longer phrases that contain an alias but mean something else
//!   (`Latin America`, `National Security Council`); they are matched only to be discarded.
//!
//! This module does no IO and knows nothing of the index; the rest of `corpus` decides what to
//! do with the actors it finds (catalog actors first, text mentions as a supplement).

use std::collections::HashMap;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, Anchored, Input, MatchKind, StartKind};

use crate::model::{ActorId, ActorKind, ActorRef, Lang};

/// The compiled-in data file (also hashed into the corpus fingerprint, so that a changed
/// gazetteer triggers a re-index).
pub(crate) const DATA: &str = include_str!("../../data/gazetteer.tsv");

static GAZETTEER: LazyLock<Gazetteer> = LazyLock::new(|| {
    Gazetteer::parse(DATA).unwrap_or_else(|err| {
        panic!(
            "data/gazetteer.tsv: {err} (the unit test `compiled_in_gazetteer_parses` checks this)"
        )
    })
});

/// A state, organisation or person, with every name the gazetteer knows for it.
#[derive(Debug, Clone)]
pub struct Actor {
    pub id: ActorId,
    pub kind: ActorKind,
    /// In file order, so the first name of a language is the preferred one.
    names: Vec<(Lang, String)>,
}

impl Actor {
    /// The preferred name in `lang`, or the English name if the gazetteer has none in `lang`.
    pub fn name(&self, lang: Lang) -> &str {
        self.first_name(lang).unwrap_or_else(|| self.english_name())
    }

    /// The display name: the first English line of the actor in the data file.
    pub fn english_name(&self) -> &str {
        // `parse` rejects actors without an English name; the id is a fallback that cannot happen.
        self.first_name(Lang::En).unwrap_or(self.id.as_str())
    }

    /// Every alias in every script, in file order (so the preferred name of each language comes
    /// first), including catalog-only spellings such as `Mr. Hayden`.
    pub fn names(&self) -> impl Iterator<Item = (Lang, &str)> {
        self.names.iter().map(|(lang, name)| (*lang, name.as_str()))
    }

    pub fn to_ref(&self) -> ActorRef {
        ActorRef {
            id: self.id.clone(),
            name: self.english_name().to_string(),
        }
    }

    fn first_name(&self, lang: Lang) -> Option<&str> {
        self.names
            .iter()
            .find(|(name_lang, _)| *name_lang == lang)
            .map(|(_, name)| name.as_str())
    }
}

/// One actor found in a text.
#[derive(Debug, Clone)]
pub struct Mention<'g> {
    pub actor: &'g Actor,
    /// Byte offset in the original text where the first alias match starts. For an Arabic name
    /// with a proclitic it points after the proclitic (at `الصين` in `والصين`).
    pub first_offset: usize,
    /// How many times any alias of the actor matched.
    pub count: usize,
}

/// Why `data/gazetteer.tsv` (or a test fixture) could not be parsed. Line numbers are 1-based.
#[derive(Debug, thiserror::Error)]
pub enum GazetteerError {
    #[error(
        "line {line}: expected 4 or 5 tab-separated fields (id, kind, lang, name[, flag]), found {found}"
    )]
    FieldCount { line: usize, found: usize },
    #[error("line {line}: id `{id}` is not a lowercase ASCII slug such as `maria-zakharova`")]
    BadId { line: usize, id: String },
    #[error("line {line}: unknown kind `{kind}`; use person, state or org")]
    UnknownKind { line: usize, kind: String },
    #[error("line {line}: unknown language `{lang}`; use en, ar, ru, fr, es or zh")]
    UnknownLang { line: usize, lang: String },
    #[error("line {line}: unknown flag `{flag}`; use exact or block, or leave the field out")]
    UnknownFlag { line: usize, flag: String },
    #[error("line {line}: the name has no letters or digits")]
    EmptyName { line: usize },
    #[error("line {line}: `{id}` is a {kind} here but a {first_kind} on line {first_line}")]
    KindMismatch {
        line: usize,
        id: String,
        kind: &'static str,
        first_kind: &'static str,
        first_line: usize,
    },
    #[error(
        "line {line}: `{name}` folds to the same alias as line {other_line} (`{other_id}`); \
         case, diacritics and Russian endings are folded, so remove one of the two lines"
    )]
    DuplicateAlias {
        line: usize,
        name: String,
        other_id: String,
        other_line: usize,
    },
    #[error(
        "`{id}` (first on line {line}) has no {lang} name; every actor needs English, Arabic and Russian names"
    )]
    MissingName {
        id: String,
        line: usize,
        lang: &'static str,
    },
    #[error("cannot build the alias matcher")]
    Matcher(#[from] aho_corasick::BuildError),
}

/// The parsed gazetteer: actors, an exact-lookup table and one automaton over all text aliases.
#[derive(Debug)]
pub struct Gazetteer {
    actors: Vec<Actor>,
    by_id: HashMap<String, usize>,
    /// Folded alias → actor index; every alias except `block` lines.
    by_key: HashMap<String, usize>,
    /// Leftmost-longest over the folded aliases searched in running text; pattern ids index `patterns`.
    matcher: AhoCorasick,
    patterns: Vec<Pattern>,
}

#[derive(Debug)]
struct Pattern {
    /// `None` for a `block` phrase.
    actor: Option<usize>,
    /// For short uppercase abbreviations: the spelling the original text must have.
    exact_case: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Flag {
    None,
    Exact,
    Block,
}

/// Who first claimed a folded alias, to report duplicates with both line numbers.
struct KeyOwner {
    actor: usize,
    lang: Lang,
    line: usize,
}

impl Gazetteer {
    /// The gazetteer compiled in from `data/gazetteer.tsv`.
    pub fn get() -> &'static Gazetteer {
        &GAZETTEER
    }

    pub fn parse(tsv: &str) -> Result<Gazetteer, GazetteerError> {
        let mut actors: Vec<Actor> = Vec::new();
        let mut first_lines: Vec<usize> = Vec::new();
        let mut by_id: HashMap<String, usize> = HashMap::new();
        let mut owners: HashMap<String, KeyOwner> = HashMap::new();
        // (folded alias, actor, flag, alias as written) for every line, in file order.
        let mut aliases: Vec<(String, usize, Flag, String)> = Vec::new();

        for (line_idx, raw_line) in tsv.lines().enumerate() {
            let line = line_idx + 1;
            let text = raw_line.trim_end_matches('\r');
            if text.trim().is_empty() || text.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = text.split('\t').collect();
            let (id, kind, lang, name, flag) = match fields[..] {
                [id, kind, lang, name] => (id, kind, lang, name, ""),
                [id, kind, lang, name, flag] => (id, kind, lang, name, flag),
                _ => {
                    return Err(GazetteerError::FieldCount {
                        line,
                        found: fields.len(),
                    });
                }
            };
            if !is_slug(id) {
                return Err(GazetteerError::BadId {
                    line,
                    id: id.to_string(),
                });
            }
            let Some(kind) = ActorKind::from_code(kind) else {
                return Err(GazetteerError::UnknownKind {
                    line,
                    kind: kind.to_string(),
                });
            };
            let Some(lang) = Lang::from_code(lang).filter(|lang| *lang != Lang::Und) else {
                return Err(GazetteerError::UnknownLang {
                    line,
                    lang: lang.to_string(),
                });
            };
            let flag = match flag {
                "" => Flag::None,
                "exact" => Flag::Exact,
                "block" => Flag::Block,
                other => {
                    return Err(GazetteerError::UnknownFlag {
                        line,
                        flag: other.to_string(),
                    });
                }
            };
            let name = name.trim();
            let key = alias_key(name);
            if key.is_empty() {
                return Err(GazetteerError::EmptyName { line });
            }

            let actor_idx = match by_id.get(id) {
                Some(&idx) => {
                    if actors[idx].kind != kind {
                        return Err(GazetteerError::KindMismatch {
                            line,
                            id: id.to_string(),
                            kind: kind.code(),
                            first_kind: actors[idx].kind.code(),
                            first_line: first_lines[idx],
                        });
                    }
                    idx
                }
                None => {
                    actors.push(Actor {
                        id: ActorId(id.to_string()),
                        kind,
                        names: Vec::new(),
                    });
                    first_lines.push(line);
                    by_id.insert(id.to_string(), actors.len() - 1);
                    actors.len() - 1
                }
            };

            match owners.get(&key) {
                // The same spelling in another language of the same actor is harmless.
                Some(owner)
                    if owner.actor == actor_idx && owner.lang != lang && flag != Flag::Block => {}
                Some(owner) => {
                    return Err(GazetteerError::DuplicateAlias {
                        line,
                        name: name.to_string(),
                        other_id: actors[owner.actor].id.to_string(),
                        other_line: owner.line,
                    });
                }
                None => {
                    owners.insert(
                        key.clone(),
                        KeyOwner {
                            actor: actor_idx,
                            lang,
                            line,
                        },
                    );
                }
            }
            if flag != Flag::Block {
                actors[actor_idx].names.push((lang, name.to_string()));
            }
            aliases.push((key, actor_idx, flag, name.to_string()));
        }

        for (actor, &line) in actors.iter().zip(&first_lines) {
            for lang in [Lang::En, Lang::Ar, Lang::Ru] {
                if actor.first_name(lang).is_none() {
                    return Err(GazetteerError::MissingName {
                        id: actor.id.to_string(),
                        line,
                        lang: lang.name(),
                    });
                }
            }
        }

        let mut by_key = HashMap::new();
        let mut pattern_keys: Vec<String> = Vec::new();
        let mut patterns: Vec<Pattern> = Vec::new();
        for (key, actor_idx, flag, name) in aliases {
            let actor = (flag != Flag::Block).then_some(actor_idx);
            if flag != Flag::Exact {
                let exact_case = is_short_abbreviation(&name).then(|| name.clone());
                // `ل` + `ال` is written `لل`: add that form of every name with the article.
                if let Some(rest) = key.strip_prefix("ال") {
                    let with_lam = format!("لل{rest}");
                    if !owners.contains_key(&with_lam) {
                        pattern_keys.push(with_lam);
                        patterns.push(Pattern {
                            actor,
                            exact_case: None,
                        });
                    }
                }
                pattern_keys.push(key.clone());
                patterns.push(Pattern { actor, exact_case });
            }
            if let Some(actor_idx) = actor {
                by_key.insert(key, actor_idx);
            }
        }
        // A DFA, measured on corpus-real (2,579 patterns): 1.7 times the scan speed of the
        // default contiguous NFA, for about 40 MB instead of 0.6 MB and 80 ms to build instead
        // of 25. Ingest scans millions of documents, so speed wins. `Both`: `accept` also
        // needs anchored searches.
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Both)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&pattern_keys)?;

        Ok(Gazetteer {
            actors,
            by_id,
            by_key,
            matcher,
            patterns,
        })
    }

    pub fn actor(&self, id: &str) -> Option<&Actor> {
        self.by_id.get(id).map(|&idx| &self.actors[idx])
    }

    /// Actors in file order.
    pub fn actors(&self) -> impl Iterator<Item = &Actor> {
        self.actors.iter()
    }

    /// Exact alias lookup (case- and diacritic-insensitive), used for catalog actor strings.
    /// Surrounding punctuation and doubled spaces are ignored (`"Choe Su Hon,"`).
    pub fn resolve(&self, name: &str) -> Option<&Actor> {
        self.by_key
            .get(&alias_key(name))
            .map(|&idx| &self.actors[idx])
    }

    /// Every actor whose alias occurs in text, in order of first occurrence, each once.
    pub fn find_in_text(&self, text: &str) -> Vec<Mention<'_>> {
        let folded = fold(text);
        let haystack = folded.text.as_str();
        let mut res: Vec<Mention<'_>> = Vec::new();
        let mut mention_of_actor: HashMap<usize, usize> = HashMap::new();
        let mut search_from = 0;
        while let Some(found) = self
            .matcher
            .find(Input::new(haystack).span(search_from..haystack.len()))
        {
            let Some(accepted) = self.accept(text, &folded, found) else {
                search_from = found.start() + char_len_at(haystack, found.start());
                continue;
            };
            search_from = accepted.end();
            let Some(actor_idx) = self.patterns[accepted.pattern()].actor else {
                continue;
            };
            match mention_of_actor.get(&actor_idx) {
                Some(&mention_idx) => res[mention_idx].count += 1,
                None => {
                    mention_of_actor.insert(actor_idx, res.len());
                    res.push(Mention {
                        actor: &self.actors[actor_idx],
                        first_offset: folded.original_offset(text, accepted.start()),
                        count: 1,
                    });
                }
            }
        }
        res
    }

    /// The match to keep at `found`'s start: the longest alias there that ends at a word boundary
    /// and has the right case, if any. The automaton alone would commit to the longest alias
    /// even when it runs into a longer word, hiding a shorter alias that fits.
    fn accept(
        &self,
        source: &str,
        folded: &Folded,
        found: aho_corasick::Match,
    ) -> Option<aho_corasick::Match> {
        let haystack = folded.text.as_str();
        if !starts_at_boundary(haystack, found.start()) {
            return None;
        }
        let mut candidate = found;
        loop {
            if ends_at_boundary(haystack, candidate.end())
                && self.has_required_case(source, folded, candidate)
            {
                return Some(candidate);
            }
            let shorter = Input::new(haystack)
                .span(candidate.start()..candidate.end() - 1)
                .anchored(Anchored::Yes);
            candidate = self.matcher.find(shorter)?;
        }
    }

    fn has_required_case(
        &self,
        source: &str,
        folded: &Folded,
        candidate: aho_corasick::Match,
    ) -> bool {
        match &self.patterns[candidate.pattern()].exact_case {
            None => true,
            Some(spelling) => {
                let start = folded.original_offset(source, candidate.start());
                source
                    .get(start..)
                    .is_some_and(|rest| rest.starts_with(spelling.as_str()))
            }
        }
    }
}

fn is_slug(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// `US`, `UN`, `США`: one to three letters, all uppercase. These collide with ordinary words
/// once lowercased, so they must match in uppercase.
fn is_short_abbreviation(name: &str) -> bool {
    let n_chars = name.chars().count();
    (1..=3).contains(&n_chars) && name.chars().all(char::is_uppercase)
}

/// The folded form under which an alias is stored and looked up.
fn alias_key(name: &str) -> String {
    let folded = fold(name).text;
    folded.trim_matches(|c: char| !is_word_char(c)).to_string()
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn is_arabic(c: char) -> bool {
    ('\u{0600}'..='\u{06FF}').contains(&c)
}

fn is_cyrillic(c: char) -> bool {
    ('\u{0400}'..='\u{04FF}').contains(&c)
}

fn char_len_at(text: &str, offset: usize) -> usize {
    text[offset..].chars().next().map_or(1, char::len_utf8)
}

/// Arabic particles written joined to the next word: و ف (and), ب (with), ل (for), ك (like),
/// and the pairs `وب ول وك فب فل فك`. The article `ال` is not here: names that take it list it.
const ARABIC_PROCLITICS: [&str; 11] = ["و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك"];

/// A match may start at a word start, or inside an Arabic word after proclitics only.
fn starts_at_boundary(haystack: &str, start: usize) -> bool {
    let before = &haystack[..start];
    let Some(prev) = before.chars().next_back() else {
        return true;
    };
    if !is_word_char(prev) {
        return true;
    }
    if !haystack[start..].chars().next().is_some_and(is_arabic) {
        return false;
    }
    // Longest proclitic is two letters: look back at most three characters.
    let mut prefix_start = start;
    for (idx, c) in before.char_indices().rev().take(3) {
        if !is_word_char(c) {
            break;
        }
        prefix_start = idx;
    }
    let prefix = &before[prefix_start..];
    let prefix_is_whole_word = before[..prefix_start]
        .chars()
        .next_back()
        .is_none_or(|c| !is_word_char(c));
    prefix_is_whole_word && ARABIC_PROCLITICS.contains(&prefix)
}

fn ends_at_boundary(haystack: &str, end: usize) -> bool {
    haystack[end..]
        .chars()
        .next()
        .is_none_or(|c| !is_word_char(c))
}

/// Russian case endings, longest first within the order tried. `-ие` and `-ий` are left out on
/// purpose: neuter nouns in `-ие` (`объединение/объединения`) and names in `-ий`
/// (`Дмитрий/Дмитрия`) must keep the `и` to match their other cases.
const RUSSIAN_ENDINGS: [&str; 40] = [
    "ями", "ами", "ыми", "ими", "ого", "его", "ому", "ему", "ая", "яя", "ое", "ее", "ые", "ую",
    "юю", "ой", "ей", "ый", "ом", "ем", "ам", "ям", "ах", "ях", "ым", "им", "ых", "их", "ою", "ею",
    "ью", "а", "я", "о", "е", "и", "ы", "у", "ю", "ь",
];
/// `й` is tried after the list above so that `-ей`, `-ой`, `-ый` win over it.
const RUSSIAN_SHORT_I: &str = "й";
/// Shorter words are left alone: stemming `Куба` or `Перу` would make them `куб` (cube) and `пер`.
const RUSSIAN_MIN_WORD: usize = 5;
const RUSSIAN_MIN_STEM: usize = 3;

/// Strips one case ending from the Cyrillic word `out[word_start..]` of `n_chars` letters.
fn stem_russian_word(out: &mut String, word_start: usize, n_chars: usize) {
    if n_chars < RUSSIAN_MIN_WORD {
        return;
    }
    let word = &out[word_start..];
    let ending = RUSSIAN_ENDINGS
        .iter()
        .chain(std::iter::once(&RUSSIAN_SHORT_I))
        .find(|ending| {
            word.ends_with(**ending) && n_chars - ending.chars().count() >= RUSSIAN_MIN_STEM
        });
    if let Some(ending) = ending {
        out.truncate(out.len() - ending.len());
    }
}

/// Text folded for matching, with where each folded word starts in the original text.
struct Folded {
    text: String,
    /// (offset in `text`, offset in the original) at the start of every word, ascending.
    word_starts: Vec<(usize, usize)>,
}

impl Folded {
    /// Maps an offset in the folded text back to the original. The offset lies at or inside a
    /// word (aliases start with a letter), so we walk from that word's start, folding again;
    /// inside a word no whitespace is collapsed and no ending stripped before the offset.
    fn original_offset(&self, source: &str, folded_offset: usize) -> usize {
        let anchor = self
            .word_starts
            .partition_point(|&(folded_start, _)| folded_start <= folded_offset);
        let Some(&(mut folded_pos, original_start)) = anchor
            .checked_sub(1)
            .and_then(|idx| self.word_starts.get(idx))
        else {
            return folded_offset.min(source.len());
        };
        for (idx, c) in source[original_start..].char_indices() {
            if folded_pos >= folded_offset {
                return original_start + idx;
            }
            fold_char(c, |folded| folded_pos += folded.len_utf8());
        }
        source.len()
    }
}

fn fold(source: &str) -> Folded {
    let mut folder = Folder {
        out: String::with_capacity(source.len()),
        word_starts: Vec::new(),
        word: None,
        pending_space: false,
    };
    for (offset, c) in source.char_indices() {
        folder.push(offset, c);
    }
    folder.end_word();
    Folded {
        text: folder.out,
        word_starts: folder.word_starts,
    }
}

struct Folder {
    out: String,
    word_starts: Vec<(usize, usize)>,
    word: Option<Word>,
    pending_space: bool,
}

/// The word being written: where it starts in `out`, its length and whether it is all Cyrillic.
struct Word {
    start: usize,
    n_chars: usize,
    cyrillic: bool,
}

impl Folder {
    fn push(&mut self, offset: usize, c: char) {
        if c.is_ascii() {
            match c {
                'a'..='z' | '0'..='9' => self.push_word_char(offset, c),
                'A'..='Z' => self.push_word_char(offset, c.to_ascii_lowercase()),
                _ if c.is_ascii_whitespace() => self.push_space(),
                _ => self.push_other(c),
            }
            return;
        }
        if c.is_whitespace() {
            self.push_space();
            return;
        }
        if unicode_normalization::char::is_combining_mark(c) {
            self.combine(c);
            return;
        }
        fold_char(c, |folded| {
            if is_word_char(folded) {
                self.push_word_char(offset, folded);
            } else {
                self.push_other(folded);
            }
        });
    }

    fn push_word_char(&mut self, offset: usize, c: char) {
        if self.word.is_none() {
            self.flush_space();
            self.word_starts.push((self.out.len(), offset));
            self.word = Some(Word {
                start: self.out.len(),
                n_chars: 0,
                cyrillic: true,
            });
        }
        if let Some(word) = &mut self.word {
            word.n_chars += 1;
            word.cyrillic &= is_cyrillic(c);
        }
        self.out.push(c);
    }

    fn push_space(&mut self) {
        self.end_word();
        self.pending_space = true;
    }

    fn push_other(&mut self, c: char) {
        self.end_word();
        self.flush_space();
        self.out.push(c);
    }

    fn flush_space(&mut self) {
        if self.pending_space && !self.out.is_empty() {
            self.out.push(' ');
        }
        self.pending_space = false;
    }

    /// A combining mark in decomposed (NFD) input: make the letter its NFC form folds to.
    /// The replacement has the same UTF-8 length, which `Folded::original_offset` relies on.
    fn combine(&mut self, mark: char) {
        if self.word.is_none() {
            return;
        }
        let composed = match (self.out.chars().next_back(), mark) {
            (Some('и'), '\u{0306}') => 'й',
            (Some('و'), '\u{0654}') => 'ؤ',
            (Some('ي'), '\u{0654}') => 'ئ',
            _ => return,
        };
        self.out.pop();
        self.out.push(composed);
    }

    fn end_word(&mut self) {
        if let Some(word) = self.word.take()
            && word.cyrillic
        {
            stem_russian_word(&mut self.out, word.start, word.n_chars);
        }
    }
}

/// Folds one precomposed character (not a combining mark) into zero or more characters.
fn fold_char(c: char, mut emit: impl FnMut(char)) {
    if c.is_ascii() {
        emit(c.to_ascii_lowercase());
        return;
    }
    match c {
        // Ignorable: tatweel, soft hyphen, zero-width and bidi controls, BOM.
        '\u{0640}'
        | '\u{00AD}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2069}'
        | '\u{FEFF}' => {}
        'أ' | 'إ' | 'آ' | 'ٱ' => emit('ا'),
        'ى' | 'ی' => emit('ي'),
        'ة' => emit('ه'),
        'ک' => emit('ك'),
        'ё' | 'Ё' => emit('е'),
        '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{02BC}' | '\u{2032}' | '\u{00B4}' => emit('\''),
        '\u{2010}'..='\u{2015}' | '\u{2212}' => emit('-'),
        'ø' | 'Ø' => emit('o'),
        'ł' | 'Ł' => emit('l'),
        'đ' | 'Đ' => emit('d'),
        'ı' => emit('i'),
        _ if c.is_whitespace() => emit(' '),
        _ if unicode_normalization::char::is_combining_mark(c) => {}
        '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}' => {
            unicode_normalization::char::decompose_canonical(c, |part| {
                if !unicode_normalization::char::is_combining_mark(part) {
                    part.to_lowercase().for_each(&mut emit);
                }
            })
        }
        _ => c
            .to_lowercase()
            .filter(|lower| !unicode_normalization::char::is_combining_mark(*lower))
            .for_each(emit),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Asserts the ids `find_in_text` reports for `text`, in order of first occurrence.
    #[track_caller]
    fn check(text: &str, expected: &[&str]) {
        let found: Vec<&str> = Gazetteer::get()
            .find_in_text(text)
            .iter()
            .map(|mention| mention.actor.id.as_str())
            .collect();
        assert_eq!(found, expected, "actors found in {text:?}");
    }

    #[track_caller]
    fn check_resolves(name: &str, expected: Option<&str>) {
        let found = Gazetteer::get()
            .resolve(name)
            .map(|actor| actor.id.as_str());
        assert_eq!(found, expected, "resolve({name:?})");
    }

    #[track_caller]
    fn parse_err(tsv: &str) -> GazetteerError {
        match Gazetteer::parse(tsv) {
            Ok(_) => panic!("expected an error for {tsv:?}"),
            Err(err) => err,
        }
    }

    const MINIMAL: &str = "x\tstate\ten\tXland\nx\tstate\tar\tاكس\nx\tstate\tru\tИксландия\n";

    #[test]
    fn compiled_in_gazetteer_parses() {
        // `parse` checks fields, kinds, languages, slugs, en+ar+ru names and alias uniqueness.
        let gazetteer = Gazetteer::get();
        assert!(gazetteer.actors().count() > 400);
        for actor in gazetteer.actors() {
            assert!(!actor.name(Lang::Ar).is_empty() && !actor.name(Lang::Ru).is_empty());
        }
    }

    #[test]
    fn every_line_needs_four_or_five_fields() {
        let err = parse_err("# comment\n\nx\tstate\ten\n");
        assert!(
            matches!(err, GazetteerError::FieldCount { line: 3, found: 3 }),
            "{err}"
        );
    }

    #[test]
    fn rejects_bad_ids_kinds_languages_and_flags() {
        let err = parse_err("Bad_Id\tstate\ten\tX\n");
        assert!(
            matches!(err, GazetteerError::BadId { line: 1, .. }),
            "{err}"
        );
        let err = parse_err("a--b\tstate\ten\tX\n");
        assert!(
            matches!(err, GazetteerError::BadId { line: 1, .. }),
            "{err}"
        );
        let err = parse_err("x\tcountry\ten\tX\n");
        assert!(
            matches!(err, GazetteerError::UnknownKind { line: 1, .. }),
            "{err}"
        );
        let err = parse_err("x\tstate\tde\tX\n");
        assert!(
            matches!(err, GazetteerError::UnknownLang { line: 1, .. }),
            "{err}"
        );
        let err = parse_err("x\tstate\tund\tX\n");
        assert!(
            matches!(err, GazetteerError::UnknownLang { line: 1, .. }),
            "{err}"
        );
        let err = parse_err("x\tstate\ten\tX\tfuzzy\n");
        assert!(
            matches!(err, GazetteerError::UnknownFlag { line: 1, .. }),
            "{err}"
        );
        let err = parse_err("x\tstate\ten\t...\n");
        assert!(
            matches!(err, GazetteerError::EmptyName { line: 1 }),
            "{err}"
        );
    }

    #[test]
    fn an_id_keeps_one_kind() {
        let err = parse_err("x\tstate\ten\tX\nx\torg\tar\tاكس\n");
        assert!(
            matches!(
                err,
                GazetteerError::KindMismatch {
                    line: 2,
                    first_line: 1,
                    ..
                }
            ),
            "{err}"
        );
    }

    #[test]
    fn every_actor_needs_english_arabic_and_russian() {
        let err = parse_err("x\tstate\ten\tXland\nx\tstate\tar\tاكس\n");
        assert!(
            matches!(
                err,
                GazetteerError::MissingName {
                    line: 1,
                    lang: "Russian",
                    ..
                }
            ),
            "{err}"
        );
    }

    #[test]
    fn an_alias_belongs_to_one_actor() {
        let err = parse_err(&format!("{MINIMAL}y\tstate\ten\txlánd\n"));
        assert!(
            matches!(
                err,
                GazetteerError::DuplicateAlias {
                    line: 4,
                    other_line: 1,
                    ..
                }
            ),
            "{err}"
        );
        // Russian case forms fold together, so listing both is a duplicate too.
        let err = parse_err(&format!("{MINIMAL}x\tstate\tru\tИксландии\n"));
        assert!(
            matches!(
                err,
                GazetteerError::DuplicateAlias {
                    line: 4,
                    other_line: 3,
                    ..
                }
            ),
            "{err}"
        );
    }

    #[test]
    fn same_spelling_in_two_languages_of_one_actor_is_allowed() {
        let gazetteer = Gazetteer::parse(&format!("{MINIMAL}x\tstate\tfr\tXland\n"))
            .expect("en and fr may share a spelling");
        let actor = gazetteer.actor("x").expect("x is defined");
        assert_eq!(actor.name(Lang::Fr), "Xland");
        assert_eq!(actor.name(Lang::Zh), "Xland", "falls back to English");
    }

    #[test]
    fn preferred_names_and_refs() {
        let russia = Gazetteer::get().actor("russia").expect("russia is listed");
        assert_eq!(russia.english_name(), "Russia");
        assert_eq!(russia.name(Lang::Ar), "روسيا");
        assert_eq!(russia.name(Lang::Ru), "Россия");
        assert_eq!(russia.name(Lang::Zh), "Russia");
        assert_eq!(russia.kind, ActorKind::State);
        assert!(
            russia
                .names()
                .any(|(lang, name)| lang == Lang::Ru && name == "Российская Федерация")
        );
        let actor_ref = russia.to_ref();
        assert_eq!(
            (actor_ref.id.as_str(), actor_ref.name.as_str()),
            ("russia", "Russia")
        );
    }

    #[test]
    fn resolves_across_scripts_and_inflections() {
        for name in [
            "Zakharova",
            "Maria Zakharova",
            "Захарова",
            "Захаровой",
            "زاخاروفا",
            "ماريا زاخاروفا",
        ] {
            check_resolves(name, Some("maria-zakharova"));
        }
        check_resolves("ОДКБ", Some("csto"));
        check_resolves("Collective Security Treaty Organization", Some("csto"));
        check_resolves("Российской Федерации", Some("russia"));
        check_resolves("  Choe Su Hon, ", Some("choe-su-hon"));
        check_resolves("Mr. SHEVARDNADZE", Some("eduard-shevardnadze"));
        check_resolves("Sauli Niinisto", Some("sauli-niinisto"));
        check_resolves("Iran, Islamic Republic of", Some("iran"));
        check_resolves("Washington", None);
        check_resolves("", None);
    }

    #[test]
    fn exact_aliases_resolve_but_are_not_searched() {
        check_resolves("Korea", Some("south-korea"));
        check_resolves("Mr. Hayden", Some("bill-hayden"));
        check("Korea and Mr. Hayden", &[]);
        check("the Republic of Korea", &["south-korea"]);
    }

    #[test]
    fn english_names_match_whole_words() {
        check("Russia and China", &["russia", "china"]);
        check("Zakharova's remarks", &["maria-zakharova"]);
        check("Chinatown", &[]);
        check("Iranian officials", &[]);
        check("Sino-Russia", &["russia"]);
        check("the Russian-Chinese proposals", &[]);
    }

    #[test]
    fn adjectives_and_capitals_are_not_states() {
        check(
            "Russian Foreign Ministry spokeswoman",
            &["russia-foreign-ministry"],
        );
        check("Washington, Moscow and Beijing", &[]);
        check("российский МИД", &[]);
        check("الخارجية الروسية", &["russia-foreign-ministry"]);
        check("القوات الروسية", &[]);
        check("موسكو وبكين وواشنطن", &[]);
    }

    #[test]
    fn short_abbreviations_match_only_in_uppercase() {
        check(
            "the US and the UK at the UN",
            &["united-states", "united-kingdom", "united-nations"],
        );
        check("let us go to the un-named place", &[]);
        check("США и ООН", &["united-states", "united-nations"]);
        check("сша", &[]);
        check("Nato and NATO", &["nato"]);
    }

    #[test]
    fn arabic_proclitics_and_article() {
        check("والصين", &["china"]);
        check("لروسيا", &["russia"]);
        check("بالولايات المتحدة", &["united-states"]);
        check("للولايات المتحدة", &["united-states"]);
        check("وللأمم المتحدة", &["united-nations"]);
        check("وإيران", &["iran"]);
        check("الصينية", &[]);
        check("الإيراني", &[]);
        // A longer prefix is another word, not proclitics.
        check("مالروسيا", &[]);
    }

    #[test]
    fn arabic_spelling_folds() {
        check("إيران وايران وإيرانَ", &["iran"]);
        check("سوريا وسورية", &["syria"]);
        check(
            "الولايات المتحدة الأميركية والولايات المتحدة الأمريكية",
            &["united-states"],
        );
        check("دميتري بيسكوف، ديمتري بيسكوف", &["dmitry-peskov"]);
        check("أمــريكا", &["united-states"]);
        // Decomposed (NFD) input folds like precomposed input.
        check("ا\u{0654}يران", &["iran"]);
        check("Sauli Niinisto\u{0308}", &["sauli-niinisto"]);
    }

    #[test]
    fn russian_case_forms() {
        check("России", &["russia"]);
        check("Россией и Китаем", &["russia", "china"]);
        check("с Китайской Народной Республикой", &["china"]);
        check("Российской Федерации", &["russia"]);
        check("Захаровой", &["maria-zakharova"]);
        check("Лаврова, Лаврову, Лавровым", &["sergey-lavrov"]);
        check("Сергея Лаврова", &["sergey-lavrov"]);
        check(
            "Соединенных Штатов Америки и Соединенным Штатам",
            &["united-states"],
        );
        check("Генеральной Ассамблеи", &["un-general-assembly"]);
        check("Совета Безопасности", &["un-security-council"]);
        check("Ё and NFD: Китаи\u{0306} и Кита\u{0439}", &["china"]);
        // Not the state: an adjective and a person.
        check("российская делегация, китаец", &[]);
    }

    #[test]
    fn blocked_phrases_hide_the_alias_inside() {
        check("Latin America and North America", &[]);
        check("America", &["united-states"]);
        check("the National Security Council", &[]);
        check("the Security Council", &["un-security-council"]);
        check("أمريكا اللاتينية", &[]);
        check("Латинская Америка", &[]);
    }

    #[test]
    fn a_shorter_alias_wins_when_the_longest_runs_into_a_word() {
        let gazetteer = Gazetteer::parse(
            "us\tstate\ten\tUnited States\nus\tstate\ten\tUnited States of America\n\
             us\tstate\tar\tالولايات المتحدة\nus\tstate\tru\tСША\n",
        )
        .expect("fixture parses");
        let found = gazetteer.find_in_text("the United States of Americana");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].first_offset, 4);
    }

    #[test]
    fn offsets_are_in_the_original_text_and_counts_add_up() {
        let text = "قالَ الرئيسُ إنّ والصين وروسيا... والصين";
        let found = Gazetteer::get().find_in_text(text);
        let ids: Vec<&str> = found
            .iter()
            .map(|mention| mention.actor.id.as_str())
            .collect();
        assert_eq!(ids, ["china", "russia"]);
        assert_eq!(&text[found[0].first_offset..][..10], "الصين");
        assert_eq!(found[0].count, 2);
        assert_eq!(&text[found[1].first_offset..][..10], "روسيا");
        assert_eq!(found[1].count, 1);

        let text = "Ms.  Dalia  GRYBAUSKAITĖ met the U.S. team";
        let found = Gazetteer::get().find_in_text(text);
        assert_eq!(found[0].actor.id.as_str(), "dalia-grybauskaite");
        assert_eq!(&text[found[0].first_offset..][..5], "Dalia");
        assert_eq!(&text[found[1].first_offset..][..4], "U.S.");
    }

    #[test]
    fn folding_examples() {
        assert_eq!(alias_key("  Niinistö’s "), "niinisto's");
        assert_eq!(alias_key("الإمارات"), "الامارات");
        assert_eq!(alias_key("مُبَارَكَة"), "مباركه");
        assert_eq!(alias_key("Соединённых  Штатов"), "соединенн штатов");
        assert_eq!(alias_key("Куба Кубы"), "куба кубы");
    }
}
