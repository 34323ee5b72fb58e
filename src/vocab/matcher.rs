//! Alias matching shared by the gazetteer (actor names) and the thesaurus (concept terms).
//!
//! Both lists map many spellings in several scripts to one entry, and both need the same
//! treatment of running text, so it lives here once: [`AliasMatcher`] is one leftmost-longest
//! automaton over the folded keys ([`super::fold::alias_key`]), each pointing at an entry index
//! of its owner. A match must start and end at word boundaries, except that Arabic proclitics
//! (`و ف ب ل ك` and pairs) may precede it, keys with the article `ال` also match after `ل` as
//! `لل`, and short uppercase abbreviations must keep their case.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use aho_corasick::{AhoCorasick, AhoCorasickKind, Anchored, Input, MatchKind, StartKind};

use super::fold::{Folded, FoldedText, in_word, is_word_char};
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

/// A curated list being read (gazetteer actors, thesaurus concepts): its entries in file
/// order, the line each starts on, and which entry each folded spelling belongs to. Both lists
/// read alike: an entry is made on the first line that names its id, a spelling belongs to one
/// entry, and every entry needs English, Arabic and Russian.
pub(crate) struct Entries<T> {
    pub list: Vec<T>,
    pub by_id: HashMap<String, usize>,
    first_lines: Vec<usize>,
    pub claims: KeyClaims,
}

impl<T> Default for Entries<T> {
    fn default() -> Entries<T> {
        Entries {
            list: Vec::new(),
            by_id: HashMap::new(),
            first_lines: Vec::new(),
            claims: KeyClaims::default(),
        }
    }
}

impl<T> Entries<T> {
    /// The index of entry `id`, made by `new` when `line` is the first to name it.
    pub fn index_of(&mut self, id: &str, line: usize, new: impl FnOnce() -> T) -> usize {
        if let Some(&idx) = self.by_id.get(id) {
            return idx;
        }
        self.list.push(new());
        self.first_lines.push(line);
        self.by_id.insert(id.to_string(), self.list.len() - 1);
        self.list.len() - 1
    }

    /// The line entry `idx` starts on.
    pub fn first_line(&self, idx: usize) -> usize {
        self.first_lines[idx]
    }

    /// The first entry (with the line it starts on) that lacks a name in English, Arabic or
    /// Russian, the three languages every entry must have.
    pub fn missing_core_language(
        &self,
        has: impl Fn(&T, Lang) -> bool,
    ) -> Option<(&T, usize, Lang)> {
        self.list
            .iter()
            .zip(&self.first_lines)
            .find_map(|(entry, &line)| {
                [Lang::En, Lang::Ar, Lang::Ru]
                    .into_iter()
                    .find(|&lang| !has(entry, lang))
                    .map(|lang| (entry, line, lang))
            })
    }
}

/// One alias to search for in running text.
pub(crate) struct Alias {
    /// The folded key, from [`alias_key`].
    pub key: String,
    /// The owner's entry index, or `None` for a phrase matched only to be discarded.
    pub target: Option<usize>,
    /// The spelling as written in the data, used to require uppercase for short abbreviations.
    pub spelling: String,
    /// Matched only as spelled, whatever its length: an acronym that is also a word in
    /// lowercase (`START`, `LAWS`), which the data flags.
    pub as_written: bool,
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
    /// For short uppercase abbreviations and terms flagged `case`: the spelling the original
    /// text must have.
    exact_case: Option<String>,
}

/// Leftmost-longest over folded aliases, with the boundary, proclitic and case rules.
#[derive(Debug)]
pub(crate) struct AliasMatcher {
    /// Anchored: asked only where an alias may start (see [`Self::find_folded`]).
    matcher: AhoCorasick,
    patterns: Vec<Pattern>,
    /// The first word of every key, with what may follow it. A match must end at a word
    /// boundary, so the word of the text where it starts is the key's first word, and the
    /// text's next word its second: elsewhere the automaton is not asked. Walking it from
    /// every word start was most of a statement's alias matching, and a fifth of parsing;
    /// asked at every first word, four calls in five found nothing (a quarter of a text's
    /// words start some key: `the`, `united`, `nuclear`).
    first_words: rustc_hash::FxHashMap<Box<str>, Follow>,
}

/// What follows a first word in the keys that start with it.
#[derive(Debug, Default)]
struct Follow {
    /// Some key is this word alone.
    alone: bool,
    /// The second word of each longer key.
    second: rustc_hash::FxHashSet<Box<str>>,
}

impl Follow {
    /// Whether a key starting with this word may start where the text's next word is `next`.
    fn admits(&self, next: Option<&str>) -> bool {
        self.alone || next.is_some_and(|next| self.second.contains(next))
    }
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
            let exact_case = (alias.as_written || is_short_abbreviation(&alias.spelling))
                .then_some(alias.spelling);
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
        let mut first_words: rustc_hash::FxHashMap<Box<str>, Follow> = Default::default();
        for key in &pattern_keys {
            let mut words = key.split(|c| !is_word_char(c)).filter(|w| !w.is_empty());
            let first = words.next().unwrap_or_default();
            let follow = first_words.entry(first.into()).or_default();
            match words.next() {
                Some(second) => {
                    follow.second.insert(second.into());
                }
                None => follow.alone = true,
            }
        }
        Ok(AliasMatcher {
            matcher,
            patterns,
            first_words,
        })
    }

    /// Every alias occurring in `text`, leftmost-longest, non-overlapping, in text order.
    /// Discard-only phrases hide what they contain and are not reported.
    pub fn find(&self, text: &str) -> Vec<AliasMatch> {
        self.find_folded(&FoldedText::new(text))
    }

    /// [`AliasMatcher::find`] over a text folded once for several matchers.
    pub fn find_folded(&self, folded_text: &FoldedText<'_>) -> Vec<AliasMatch> {
        self.find_asking(folded_text, Follow::admits)
    }

    /// The matches, the automaton asked at each first word of a key that `admits` the text's
    /// next word.
    fn find_asking(
        &self,
        folded_text: &FoldedText<'_>,
        admits: impl Fn(&Follow, Option<&str>) -> bool,
    ) -> Vec<AliasMatch> {
        let (text, folded) = (folded_text.text, &folded_text.folded);
        let haystack = folded.text.as_str();
        let mut res = Vec::new();
        let mut search_from = 0;
        for (start, word, word_end) in alias_starts(folded) {
            if start < search_from {
                continue;
            }
            let Some(follow) = self.first_words.get(&haystack[start..word_end]) else {
                continue;
            };
            if !admits(follow, folded.word(word + 1)) {
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

/// `US`, `UN`, `США`: one to three letters, all uppercase. These collide with ordinary words
/// once lowercased, so they must match in uppercase.
pub(crate) fn is_short_abbreviation(name: &str) -> bool {
    let n_chars = name.chars().count();
    (1..=3).contains(&n_chars) && name.chars().all(char::is_uppercase)
}

fn is_arabic(c: char) -> bool {
    ('\u{0600}'..='\u{06FF}').contains(&c)
}

/// Arabic particles written joined to the next word: و ف (and), ب (with), ل (for), ك (like),
/// and the pairs `وب ول وك فب فل فك`. The article `ال` is not here: names that take it list it.
const ARABIC_PROCLITICS: [&str; 11] = ["و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك"];

/// The letters [`ARABIC_PROCLITICS`] start with.
fn starts_a_proclitic(c: char) -> bool {
    matches!(c, 'و' | 'ف' | 'ب' | 'ل' | 'ك')
}

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

/// Where an alias may start in a folded text, ascending, with the number of the word it starts
/// in and that word's end: every word start, and inside an Arabic word the places
/// [`starts_at_boundary`] allows after a proclitic.
fn alias_starts(folded: &Folded) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
    let text = folded.text.as_str();
    let words = folded.word_starts.iter().zip(&folded.word_ends).enumerate();
    words.flat_map(move |(word, (&(word_start, _), &word_end))| {
        // A proclitic starts its word, so only a word that starts with one of their letters
        // is looked inside (checking two places in every word was 3% of a build's
        // instructions).
        let looked_inside = match text[word_start..].chars().next() {
            Some(first) if starts_a_proclitic(first) => 2,
            _ => 0,
        };
        let inside = text[word_start..word_end]
            .char_indices()
            .skip(1)
            .take(looked_inside)
            .map(move |(idx, _)| word_start + idx)
            .filter(move |&at| starts_at_boundary(text, at));
        std::iter::once(word_start)
            .chain(inside)
            .map(move |at| (at, word, word_end))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::fold::alias_key;
    use proptest::prelude::*;

    fn matcher(names: &[&str]) -> AliasMatcher {
        let aliases = names
            .iter()
            .enumerate()
            .map(|(target, name)| Alias {
                key: alias_key(name),
                target: Some(target),
                spelling: (*name).to_string(),
                as_written: false,
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
    fn every_proclitic_starts_with_a_letter_alias_starts_look_inside_after() {
        for proclitic in ARABIC_PROCLITICS {
            let first = proclitic.chars().next().expect("proclitics are not empty");
            assert!(starts_a_proclitic(first), "{proclitic}");
        }
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

    /// The automaton is asked only where the text's word is a key's first word, which for a
    /// key with a stop or hyphen inside is the part before it.
    #[test]
    fn keys_with_stops_or_hyphens_inside_are_found_by_their_first_word() {
        let m = matcher(&["U.S. Congress", "non-proliferation", "Совет Безопасности"]);
        assert_eq!(
            found(
                &m,
                "The U.S. Congress backs non-proliferation, Совета Безопасности."
            ),
            vec![
                (0, "U.S. Congress".into()),
                (1, "non-proliferation".into()),
                (2, "Совета Безопасности".into())
            ]
        );
        assert_eq!(found(&m, "US Congress, proliferation"), vec![]);
    }

    /// The matches found with the automaton asked at every key's first word, as it was before
    /// the text's next word was checked against the keys' second words.
    fn found_asking_everywhere(matcher: &AliasMatcher, text: &str) -> Vec<AliasMatch> {
        matcher.find_asking(&FoldedText::new(text), |_, _| true)
    }

    #[test]
    fn a_first_word_is_asked_about_only_before_a_second_word_of_its_keys() {
        let m = matcher(&["security council", "security", "united nations", "council"]);
        let text = "United States, United Nations Security Council and security; Council";
        assert_eq!(
            found(&m, text),
            vec![
                (2, "United Nations".into()),
                (0, "Security Council".into()),
                (1, "security".into()),
                (3, "Council".into())
            ]
        );
        assert_eq!(m.find(text), found_asking_everywhere(&m, text), "{text}");
        // `united` starts only a longer key, and `states` is no second word of one.
        let follow = &m.first_words["united"];
        assert!(!follow.admits(Some("states")) && !follow.admits(None));
        assert!(follow.admits(Some("nations")));
    }

    /// Names and terms that share first words, with stops, hyphens, the article (and its
    /// `لل` form), Russian endings and abbreviations kept in capitals.
    const TRICKY_KEYS: [&str; 16] = [
        "Security Council",
        "Security",
        "Council of Europe",
        "U.S. Congress",
        "US",
        "non-proliferation",
        "Non-Aligned Movement",
        "United Nations",
        "United Kingdom",
        "Совет Безопасности",
        "Совет",
        "Организация Объединенных Наций",
        "مجلس الأمن",
        "الأمم المتحدة",
        "الأمن",
        "IAEA",
    ];

    /// The words of the keys, stray words, separators and proclitics.
    fn tricky_text() -> impl Strategy<Value = String> {
        let mut words: Vec<String> = TRICKY_KEYS
            .iter()
            .flat_map(|key| key.split([' ', '-', '.']))
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect();
        for extra in [
            "States",
            "Совета",
            "Безопасности",
            "والأمم",
            "للأمم",
            "وبمجلس",
            "europe",
            "us",
            "non",
            "the",
            "of",
            "и",
            "في",
            "2024",
        ] {
            words.push(extra.to_string());
        }
        let separators = [" ", " ", " ", ", ", ". ", "-", " (", "\n"];
        proptest::collection::vec(
            (
                proptest::sample::select(words),
                proptest::sample::select(separators.to_vec()),
            ),
            0..24,
        )
        .prop_map(|parts| {
            parts
                .into_iter()
                .map(|(word, sep)| format!("{word}{sep}"))
                .collect()
        })
    }

    proptest! {
        #[test]
        fn asking_at_first_words_before_their_second_words_finds_what_asking_everywhere_does(
            text in tricky_text()
        ) {
            let m = matcher(&TRICKY_KEYS);
            prop_assert_eq!(m.find(&text), found_asking_everywhere(&m, &text));
        }
    }

    #[test]
    fn the_gazetteer_and_thesaurus_find_in_the_seeds_what_asking_everywhere_finds() {
        let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let mut texts = 0;
        for entry in std::fs::read_dir(&seeds).expect("the seeds are in corpus/") {
            let path = entry.expect("a corpus entry").path();
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            texts += 1;
            for m in [
                super::super::gazetteer::matcher_for_tests(),
                super::super::thesaurus::matcher_for_tests(),
            ] {
                let found = m.find(&text);
                assert_eq!(
                    found,
                    found_asking_everywhere(m, &text),
                    "{}",
                    path.display()
                );
            }
        }
        assert!(texts >= 4, "the four seeds, found {texts}");
    }

    #[test]
    fn a_match_resumes_after_the_accepted_alias() {
        let m = matcher(&["security council", "council of europe"]);
        assert_eq!(
            found(&m, "Security Council of Europe"),
            vec![(0, "Security Council".into())]
        );
    }
}
