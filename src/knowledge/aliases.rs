//! Alias matching shared by the gazetteer (actor names) and the thesaurus (concept terms).
//!
//! Both lists map many spellings in several scripts to one entry, and both need the same
//! treatment of running text, so it lives here once:
//! - [`alias_key`] folds a spelling (case, Latin diacritics, Arabic letter variants and tashkeel,
//!   `ё`, typographic apostrophes and dashes, Russian case endings) into the key it is stored under;
//! - [`AliasMatcher`] is one leftmost-longest automaton over the folded keys, each pointing at an
//!   entry index of its owner. A match must start and end at word boundaries, except that Arabic
//!   proclitics (`و ف ب ل ك` and pairs) may precede it, keys with the article `ال` also match
//!   after `ل` as `لل`, and short uppercase abbreviations must keep their case.
//!
//! The folding rules and their price are described in `gazetteer.rs`, whose behaviour this
//! module was extracted from unchanged.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use aho_corasick::{AhoCorasick, AhoCorasickKind, Anchored, Input, MatchKind, StartKind};

use super::fold::letter_variant;
use crate::model::Lang;

/// Who first claimed a folded spelling: its entry, language and line.
pub(crate) struct KeyOwner {
    pub entry: usize,
    pub lang: Lang,
    pub line: usize,
}

/// The folded spellings claimed so far, so that a spelling belongs to one entry and a
/// duplicate is reported with both line numbers.
#[derive(Default)]
pub(crate) struct KeyClaims {
    owners: HashMap<String, KeyOwner>,
}

/// What [`KeyClaims::claim`] found.
pub(crate) enum Claim<'a> {
    /// The key was free and is now the entry's.
    New,
    /// The same entry already has this spelling in another language (`OTAN` in fr and es).
    SameEntry(&'a KeyOwner),
    /// Another entry, or the same entry in the same language, has it.
    Taken(&'a KeyOwner),
}

impl KeyClaims {
    pub fn claim(&mut self, key: &str, entry: usize, lang: Lang, line: usize) -> Claim<'_> {
        match self.owners.entry(key.to_string()) {
            Entry::Vacant(slot) => {
                slot.insert(KeyOwner { entry, lang, line });
                Claim::New
            }
            Entry::Occupied(slot) => {
                let owner: &KeyOwner = slot.into_mut();
                if owner.entry == entry && owner.lang != lang {
                    Claim::SameEntry(owner)
                } else {
                    Claim::Taken(owner)
                }
            }
        }
    }

    pub fn contains(&self, key: &str) -> bool {
        self.owners.contains_key(key)
    }
}

/// The first entry (with the line it starts on) that lacks a name in English, Arabic or
/// Russian, the three languages every entry must have.
pub(crate) fn first_missing_core_language<'e, T>(
    entries: &'e [T],
    first_lines: &[usize],
    has: impl Fn(&T, Lang) -> bool,
) -> Option<(&'e T, usize, Lang)> {
    entries.iter().zip(first_lines).find_map(|(entry, &line)| {
        [Lang::En, Lang::Ar, Lang::Ru]
            .into_iter()
            .find(|&lang| !has(entry, lang))
            .map(|lang| (entry, line, lang))
    })
}

/// One alias to search for in running text.
pub(crate) struct Alias {
    /// The folded key, from [`alias_key`].
    pub key: String,
    /// The owner's entry index, or `None` for a phrase matched only to be discarded.
    pub target: Option<usize>,
    /// The spelling as written in the data, used to require uppercase for short abbreviations.
    pub spelling: String,
}

/// One accepted match in the original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct AliasMatch {
    pub target: usize,
    /// Byte offset where the alias starts (after an Arabic proclitic, if any).
    pub start: usize,
    /// Byte offset where the word holding the alias's last letter ends, so that a Russian case
    /// ending folded away is part of the span.
    pub end: usize,
}

#[derive(Debug)]
struct Pattern {
    target: Option<usize>,
    /// For short uppercase abbreviations: the spelling the original text must have.
    exact_case: Option<String>,
}

/// Leftmost-longest over folded aliases, with the boundary, proclitic and case rules.
#[derive(Debug)]
pub(crate) struct AliasMatcher {
    /// Anchored: asked only where an alias may start (see [`Self::find_folded`]).
    matcher: AhoCorasick,
    patterns: Vec<Pattern>,
}

impl AliasMatcher {
    /// Bytes the automaton takes.
    #[cfg(test)]
    pub fn memory_usage(&self) -> usize {
        self.matcher.memory_usage()
    }

    /// `is_listed_key` says whether a folded key is listed in the data (in any role), so that the
    /// generated `لل` form of an alias never shadows a listed one.
    pub fn build(
        aliases: Vec<Alias>,
        is_listed_key: impl Fn(&str) -> bool,
    ) -> Result<AliasMatcher, aho_corasick::BuildError> {
        let mut pattern_keys: Vec<String> = Vec::new();
        let mut patterns: Vec<Pattern> = Vec::new();
        for alias in aliases {
            let exact_case = is_short_abbreviation(&alias.spelling).then_some(alias.spelling);
            // `ل` + `ال` is written `لل`: add that form of every name with the article.
            if let Some(rest) = alias.key.strip_prefix("ال") {
                let with_lam = format!("لل{rest}");
                if !is_listed_key(&with_lam) {
                    pattern_keys.push(with_lam);
                    patterns.push(Pattern {
                        target: alias.target,
                        exact_case: None,
                    });
                }
            }
            pattern_keys.push(alias.key);
            patterns.push(Pattern {
                target: alias.target,
                exact_case,
            });
        }
        // Anchored only: an alias may start at a word start or after an Arabic proclitic, so
        // the automaton is asked there and nowhere else, a few bytes from its start state each
        // time. An unanchored DFA scanned every byte and restarted after every match inside a
        // word (`un` in `function`): 16% of a 100k build, and 127 MB for the thesaurus alone,
        // against under 1 MB for this contiguous NFA.
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Anchored)
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(&pattern_keys)?;
        Ok(AliasMatcher { matcher, patterns })
    }

    /// Every alias occurring in `text`, leftmost-longest, non-overlapping, in text order.
    /// Discard-only phrases hide what they contain and are not reported.
    pub fn find(&self, text: &str) -> Vec<AliasMatch> {
        self.find_folded(&FoldedText::new(text))
    }

    /// [`AliasMatcher::find`] over a text folded once for several matchers.
    pub fn find_folded(&self, folded_text: &FoldedText<'_>) -> Vec<AliasMatch> {
        let (text, folded) = (folded_text.text, &folded_text.folded);
        let haystack = folded.text.as_str();
        let mut res = Vec::new();
        let mut search_from = 0;
        for start in folded.alias_starts() {
            if start < search_from {
                continue;
            }
            let Some(found) = self.longest_at(haystack, start, haystack.len()) else {
                continue;
            };
            let Some(accepted) = self.accept(text, folded, found) else {
                continue;
            };
            search_from = accepted.end();
            let Some(target) = self.patterns[accepted.pattern()].target else {
                continue;
            };
            let start = folded.original_offset(text, accepted.start());
            let end = end_of_word(text, folded.original_offset(text, accepted.end()));
            res.push(AliasMatch { target, start, end });
        }
        res
    }

    /// The longest alias starting at `start` and ending by `end`.
    fn longest_at(&self, haystack: &str, start: usize, end: usize) -> Option<aho_corasick::Match> {
        let input = Input::new(haystack)
            .span(start..end)
            .anchored(Anchored::Yes);
        self.matcher.find(input)
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
        let mut candidate = found;
        loop {
            if ends_at_boundary(haystack, candidate.end())
                && self.has_required_case(source, folded, candidate)
            {
                return Some(candidate);
            }
            candidate = self.longest_at(haystack, candidate.start(), candidate.end() - 1)?;
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

/// `offset` moved past the rest of the word it is in: letters, digits, combining marks and
/// tatweel (which folding drops), so a span never ends inside a word.
fn end_of_word(text: &str, offset: usize) -> usize {
    let rest = &text[offset..];
    let n_bytes = rest
        .char_indices()
        .find(|&(_, c)| !in_word(c))
        .map_or(rest.len(), |(idx, _)| idx);
    offset + n_bytes
}

/// Letters, digits, combining marks and tatweel (which folding drops): what a word is made of.
fn in_word(c: char) -> bool {
    crate::chars::is_alphanumeric(c) || c == '\u{0640}' || crate::chars::is_combining_mark(c)
}

pub(crate) fn is_slug(id: &str) -> bool {
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
pub(crate) fn is_short_abbreviation(name: &str) -> bool {
    let n_chars = name.chars().count();
    (1..=3).contains(&n_chars) && name.chars().all(char::is_uppercase)
}

/// The folded form under which an alias is stored and looked up.
pub(crate) fn alias_key(name: &str) -> String {
    let folded = fold(name).text;
    folded.trim_matches(|c: char| !is_word_char(c)).to_string()
}

fn is_word_char(c: char) -> bool {
    crate::chars::is_alphanumeric(c)
}

fn is_arabic(c: char) -> bool {
    ('\u{0600}'..='\u{06FF}').contains(&c)
}

fn is_cyrillic(c: char) -> bool {
    ('\u{0400}'..='\u{04FF}').contains(&c)
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
/// A text and its folded form, folded once for every matcher that reads it (the gazetteer
/// and the thesaurus both read each statement).
pub(crate) struct FoldedText<'a> {
    text: &'a str,
    folded: Folded,
}

impl<'a> FoldedText<'a> {
    pub(crate) fn new(text: &'a str) -> FoldedText<'a> {
        FoldedText {
            text,
            folded: fold(text),
        }
    }
}

struct Folded {
    text: String,
    /// (offset in `text`, offset in the original) at the start of every word, ascending.
    word_starts: Vec<(usize, usize)>,
}

impl Folded {
    /// Where an alias may start, ascending: every word start, and inside an Arabic word the
    /// places [`starts_at_boundary`] allows after a proclitic.
    fn alias_starts(&self) -> impl Iterator<Item = usize> + '_ {
        let text = self.text.as_str();
        self.word_starts.iter().flat_map(move |&(word_start, _)| {
            let inside = text[word_start..]
                .char_indices()
                .skip(1)
                .take(2)
                .map(move |(idx, _)| word_start + idx)
                .filter(move |&at| starts_at_boundary(text, at));
            std::iter::once(word_start).chain(inside)
        })
    }

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

/// Letters folded as aliases fold them (case, diacritics, Arabic letter variants, ё), without
/// the Russian ending folding, so a typed prefix compares with a name's start.
pub(crate) fn fold_letters(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        fold_char(c, |folded| out.push(folded));
    }
    out
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
        if crate::chars::is_combining_mark(c) {
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
    if let Some(plain) = letter_variant(c) {
        emit(plain);
        return;
    }
    match c {
        // The letters of most of our text, answered before the general lookups: Arabic has no
        // case, and basic Cyrillic capitals lie 32 below their small letters.
        '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' => emit(c),
        '\u{0430}'..='\u{044F}' => emit(c),
        '\u{0410}'..='\u{042F}' => emit(char::from_u32(c as u32 + 0x20).unwrap_or(c)),
        // Ignorable: tatweel, soft hyphen, zero-width and bidi controls, BOM.
        '\u{0640}'
        | '\u{00AD}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2069}'
        | '\u{FEFF}' => {}
        '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{02BC}' | '\u{2032}' | '\u{00B4}' => emit('\''),
        '\u{2010}'..='\u{2015}' | '\u{2212}' => emit('-'),
        'ø' | 'Ø' | 'ł' | 'Ł' | 'đ' | 'Đ' | 'ı' => {
            c.to_lowercase().for_each(|l| emit(unstroked(l)))
        }
        _ if c.is_whitespace() => emit(' '),
        _ if crate::chars::is_combining_mark(c) => {}
        _ if is_accented_latin(c) => without_marks(c, &mut emit),
        // A letter whose lowercase is an accented Latin one (the Ångström sign is `å`).
        _ => c
            .to_lowercase()
            .filter(|lower| !crate::chars::is_combining_mark(*lower))
            .for_each(|lower| {
                if is_accented_latin(lower) {
                    without_marks(lower, &mut emit)
                } else {
                    emit(lower)
                }
            }),
    }
}

/// Latin-1 Supplement, Latin Extended-A and -B, and Latin Extended Additional: the letters
/// with accents that [`without_marks`] takes off.
fn is_accented_latin(c: char) -> bool {
    matches!(c, '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}')
}

/// `c` lowercase without its accents: its canonical decomposition less the combining marks.
fn without_marks(c: char, emit: &mut impl FnMut(char)) {
    unicode_normalization::char::decompose_canonical(c, |part| {
        if !crate::chars::is_combining_mark(part) {
            part.to_lowercase().for_each(|l| emit(unstroked(l)));
        }
    })
}

/// The plain letter of a lowercase Latin letter with a stroke or without its dot, which
/// Unicode does not decompose (`ø`, `ł`, `đ`, `ı`), also where it is what is left of a
/// letter that does (`ǿ` is `ø` with an acute), so a folded spelling folds to itself.
fn unstroked(lower: char) -> char {
    match lower {
        'ø' => 'o',
        'ł' => 'l',
        'đ' => 'd',
        'ı' => 'i',
        other => other,
    }
}

/// One word of a text, with its byte range and folded key (as [`alias_key`] folds it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TextWord {
    pub start: usize,
    pub end: usize,
    pub key: String,
}

/// The words of `text` in order: runs of letters, digits, combining marks and tatweel, joined
/// across an apostrophe or hyphen between two of them (`Zakharova's`, `Secretary-General`).
/// Cue lists (speech cues, document-type cues) match on these keys, so they fold as aliases do.
pub(crate) fn words(text: &str) -> Vec<TextWord> {
    // A plain ASCII word folds to its lowercase; only other words need the full fold.
    let key = |word: &str| {
        if word.bytes().all(|b| b.is_ascii_alphanumeric()) {
            word.to_ascii_lowercase()
        } else {
            alias_key(word)
        }
    };
    let mut res = Vec::new();
    let mut chars = text.char_indices().peekable();
    let mut start: Option<usize> = None;
    while let Some((idx, c)) = chars.next() {
        let joins = start.is_some()
            && matches!(c, '\'' | '\u{2019}' | '-')
            && chars.peek().is_some_and(|&(_, next)| in_word(next));
        if in_word(c) || joins {
            start.get_or_insert(idx);
            continue;
        }
        if let Some(word_start) = start.take() {
            res.push(TextWord {
                start: word_start,
                end: idx,
                key: key(&text[word_start..idx]),
            });
        }
    }
    if let Some(word_start) = start {
        res.push(TextWord {
            start: word_start,
            end: text.len(),
            key: key(&text[word_start..]),
        });
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::test_text;
    use proptest::prelude::*;

    fn matcher(names: &[&str]) -> AliasMatcher {
        let aliases = names
            .iter()
            .enumerate()
            .map(|(target, name)| Alias {
                key: alias_key(name),
                target: Some(target),
                spelling: (*name).to_string(),
            })
            .collect();
        AliasMatcher::build(aliases, |_| false).expect("aliases build")
    }

    fn found(matcher: &AliasMatcher, text: &str) -> Vec<(usize, String)> {
        matcher
            .find(text)
            .into_iter()
            .map(|m| (m.target, text[m.start..m.end].to_string()))
            .collect()
    }

    #[test]
    fn aliases_start_at_word_starts_or_after_a_proclitic_only() {
        let m = matcher(&["clear", "nuclear", "مجلس"]);
        assert_eq!(
            found(&m, "unclear nuclear clear"),
            vec![(1, "nuclear".into()), (0, "clear".into())]
        );
        // After `وب` (and with) the name starts inside the word; after `ت` it is another word.
        assert_eq!(found(&m, "وبمجلس تمجلس"), vec![(2, "مجلس".into())]);
    }

    #[test]
    fn arabic_and_cyrillic_letters_fold_as_the_general_rule_folds_them() {
        // The blocks `fold_char` answers before the general rule, less the letters it maps.
        let ranges = [
            '\u{0410}'..='\u{044F}',
            '\u{0621}'..='\u{063A}',
            '\u{0641}'..='\u{064A}',
        ];
        for c in ranges.into_iter().flatten() {
            if letter_variant(c).is_some() {
                continue;
            }
            let mut folded = String::new();
            fold_char(c, |f| folded.push(f));
            let general: String = c.to_lowercase().collect();
            assert_eq!(folded, general, "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn a_match_resumes_after_the_accepted_alias() {
        let m = matcher(&["security council", "council of europe"]);
        assert_eq!(
            found(&m, "Security Council of Europe"),
            vec![(0, "Security Council".into())]
        );
    }

    proptest! {
        /// Folding is a normal form: a folded spelling folds to itself, so a key built from a
        /// gazetteer alias and one built from text that was folded already agree.
        #[test]
        fn folded_letters_fold_to_themselves(text in test_text::any()) {
            let once = fold_letters(&text);
            prop_assert_eq!(fold_letters(&once), once);
        }

        #[test]
        fn alias_keys_are_their_own_keys(text in test_text::any()) {
            let key = alias_key(&text);
            prop_assert_eq!(alias_key(&key), key);
        }
    }
}
