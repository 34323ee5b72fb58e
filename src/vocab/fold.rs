//! Folding: the one normal form in which the archive compares spellings. Alias matching, search-box
//! suggestions and spelling fold with it, and the index's analyzers fold with its table of letter
//! variants, so a name folded for the gazetteer and a word folded for the index agree letter for
//! letter.
//!
//! - [`letter_variant`]: Arabic alef and yeh forms, ta marbuta, Persian-keyboard letters, ё.
//! - [`alias_key`]: case, Latin diacritics, letter variants and tashkeel, typographic apostrophes
//!   and dashes, Russian case endings: the key a gazetteer or thesaurus spelling is stored under.
//! - [`FoldedText`]: a text folded once for every matcher that reads it, with the way back to
//!   the original offsets.
//! - [`words`]: the words of a text with their keys, for the cue lists of parsing.
//!
//! The folding rules and their price are described in `gazetteer.rs`.

use compact_str::CompactString;

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

/// The folded form under which an alias is stored and looked up.
pub(crate) fn alias_key(name: &str) -> String {
    alias_key_in(name, String::with_capacity(name.len()))
}

/// [`alias_key`] written into `buffer` (cleared first), so a caller folding word after word
/// reuses one allocation.
fn alias_key_in(name: &str, buffer: String) -> String {
    let mut key = Folder::over_into(name, false, buffer).out;
    let end = key.trim_end_matches(|c: char| !is_word_char(c)).len();
    key.truncate(end);
    let n_leading = key.len() - key.trim_start_matches(|c: char| !is_word_char(c)).len();
    key.drain(..n_leading);
    key
}

pub(super) fn is_word_char(c: char) -> bool {
    crate::chars::is_alphanumeric(c)
}

fn is_cyrillic(c: char) -> bool {
    ('\u{0400}'..='\u{04FF}').contains(&c)
}

/// Letters, digits, combining marks and tatweel (which folding drops): what a word is made of.
pub(super) fn in_word(c: char) -> bool {
    crate::chars::is_alphanumeric(c) || c == '\u{0640}' || crate::chars::is_combining_mark(c)
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
    pub(super) text: &'a str,
    pub(super) folded: Folded,
}

impl<'a> FoldedText<'a> {
    pub(crate) fn new(text: &'a str) -> FoldedText<'a> {
        FoldedText {
            text,
            folded: fold(text),
        }
    }
}

pub(super) struct Folded {
    pub(super) text: String,
    /// (offset in `text`, offset in the original) at the start of every word, ascending.
    pub(super) word_starts: Vec<(usize, usize)>,
    /// Where each of those words ends in `text` (after a Russian case ending is cut).
    pub(super) word_ends: Vec<usize>,
}

impl Folded {
    /// Word number `n` of the folded text, if there is one.
    pub(super) fn word(&self, n: usize) -> Option<&str> {
        let (&(start, _), &end) = self.word_starts.get(n).zip(self.word_ends.get(n))?;
        self.text.get(start..end)
    }

    /// Maps an offset in the folded text back to the original. The offset lies at or inside a
    /// word (aliases start with a letter), so we walk from that word's start, folding again;
    /// inside a word no whitespace is collapsed and no ending stripped before the offset.
    pub(super) fn original_offset(&self, source: &str, folded_offset: usize) -> usize {
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
    let folder = Folder::over(source, true);
    Folded {
        text: folder.out,
        word_starts: folder.word_starts,
        word_ends: folder.word_ends,
    }
}

struct Folder {
    out: String,
    /// Whether to note where words start and end ([`Folded`]); a key does without.
    track_words: bool,
    word_starts: Vec<(usize, usize)>,
    word_ends: Vec<usize>,
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
    /// `source` folded, its words noted or not.
    fn over(source: &str, track_words: bool) -> Folder {
        Folder::over_into(source, track_words, String::with_capacity(source.len()))
    }

    /// [`Folder::over`], written into `out` (cleared first).
    fn over_into(source: &str, track_words: bool, mut out: String) -> Folder {
        out.clear();
        let mut folder = Folder {
            out,
            track_words,
            word_starts: Vec::new(),
            word_ends: Vec::new(),
            word: None,
            pending_space: false,
        };
        let bytes = source.as_bytes();
        let mut at = 0;
        while let Some(&byte) = bytes.get(at) {
            // A run of ASCII letters and digits is written whole: most of our text, and
            // folding it character by character was a tenth of a build's instructions.
            if byte.is_ascii_alphanumeric() {
                let run = bytes[at..]
                    .iter()
                    .take_while(|b| b.is_ascii_alphanumeric())
                    .count();
                folder.push_ascii_word_chars(at, &source[at..at + run]);
                at += run;
                continue;
            }
            let Some(c) = source.get(at..).and_then(|rest| rest.chars().next()) else {
                break;
            };
            folder.push(at, c);
            at += c.len_utf8();
        }
        folder.end_word();
        folder
    }

    /// Writes `run`, ASCII letters and digits found at `offset`, lowercased, as
    /// [`Folder::push_word_char`] would write them one by one.
    fn push_ascii_word_chars(&mut self, offset: usize, run: &str) {
        self.start_word(offset);
        if let Some(word) = &mut self.word {
            word.n_chars += run.len();
            word.cyrillic = false;
        }
        let from = self.out.len();
        self.out.push_str(run);
        self.out[from..].make_ascii_lowercase();
    }

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
        // Most of our other letters are answered before the general lookups below.
        if let Some(letter) = plain_letter(c) {
            self.push_word_char(offset, letter);
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
        self.start_word(offset);
        if let Some(word) = &mut self.word {
            word.n_chars += 1;
            word.cyrillic &= is_cyrillic(c);
        }
        self.out.push(c);
    }

    /// Starts a word at `offset` in the source, unless one is being written.
    fn start_word(&mut self, offset: usize) {
        if self.word.is_none() {
            self.flush_space();
            if self.track_words {
                self.word_starts.push((self.out.len(), offset));
            }
            self.word = Some(Word {
                start: self.out.len(),
                n_chars: 0,
                cyrillic: true,
            });
        }
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
        if let Some(word) = self.word.take() {
            if word.cyrillic {
                stem_russian_word(&mut self.out, word.start, word.n_chars);
            }
            if self.track_words {
                self.word_ends.push(self.out.len());
            }
        }
    }
}

/// The letters of most of our text besides ASCII, folded by their range alone, before the
/// general lookups: Arabic letters that are no variant of another (Arabic has no case), and
/// basic Cyrillic (capitals lie 32 below their small letters). `None` for any other character.
fn plain_letter(c: char) -> Option<char> {
    match c {
        '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' if letter_variant(c).is_none() => Some(c),
        '\u{0430}'..='\u{044F}' => Some(c),
        '\u{0410}'..='\u{042F}' => char::from_u32(c as u32 + 0x20),
        _ => None,
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
    if let Some(letter) = plain_letter(c) {
        emit(letter);
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
    /// Held inline up to 24 bytes (nearly every word), so a text's words are one allocation
    /// instead of one each: parsing 20k statements took 1% less CPU.
    pub key: CompactString,
}

/// The words of `text` in order: runs of letters, digits, combining marks and tatweel, joined
/// across an apostrophe or hyphen between two of them (`Zakharova's`, `Secretary-General`).
/// Cue lists (speech cues, document-type cues) match on these keys, so they fold as aliases do.
pub(crate) fn words(text: &str) -> Vec<TextWord> {
    let bytes = text.as_bytes();
    // About one word in six bytes of English; Arabic and Russian letters take two bytes.
    let mut res = Vec::with_capacity(text.len() / 6 + 1);
    // Where a word that is not plain ASCII is folded, reused from word to word.
    let mut buffer = String::new();
    // The word being read: where it starts, and whether it is plain ASCII letters and digits
    // so far (its key is then its lowercase; only other words need the full fold).
    let mut word: Option<(usize, bool)> = None;
    let mut at = 0;
    // ASCII is read byte by byte, without decoding: most of our text, and decoding each
    // character with a look ahead for joins was a twentieth of a build's instructions.
    while let Some(&byte) = bytes.get(at) {
        let (c, len) = match byte.is_ascii() {
            true => (char::from(byte), 1),
            false => match text.get(at..).and_then(|rest| rest.chars().next()) {
                Some(c) => (c, c.len_utf8()),
                None => break,
            },
        };
        let letter = match byte.is_ascii() {
            true => byte.is_ascii_alphanumeric(),
            false => in_word(c),
        };
        if letter {
            let plain = byte.is_ascii();
            match &mut word {
                Some((_, ascii)) => *ascii &= plain,
                None => word = Some((at, plain)),
            }
            at += len;
            continue;
        }
        let joins = word.is_some()
            && matches!(c, '\'' | '\u{2019}' | '-')
            && text
                .get(at + len..)
                .and_then(|rest| rest.chars().next())
                .is_some_and(in_word);
        if joins {
            if let Some((_, ascii)) = &mut word {
                *ascii = false;
            }
            at += len;
            continue;
        }
        if let Some((start, ascii)) = word.take() {
            res.push(text_word(text, start, at, ascii, &mut buffer));
        }
        at += len;
    }
    if let Some((start, ascii)) = word {
        res.push(text_word(text, start, text.len(), ascii, &mut buffer));
    }
    res
}

/// The word `text[start..end]` with its key: its lowercase when it is `ascii` letters and
/// digits alone, else as [`alias_key`] folds it (in `buffer`).
fn text_word(text: &str, start: usize, end: usize, ascii: bool, buffer: &mut String) -> TextWord {
    let word = &text[start..end];
    let key = match ascii {
        true => {
            let mut key = CompactString::new(word);
            key.make_ascii_lowercase();
            key
        }
        false => {
            *buffer = alias_key_in(word, std::mem::take(buffer));
            CompactString::new(buffer.as_str())
        }
    };
    TextWord { start, end, key }
}

/// The words of a text made of two joined by a blank line (a title and a body), from each
/// one's [`words`]: no word runs across a blank line, so the second's are only moved to where
/// it starts. Parsing reads a title's and a body's words once this way instead of twice.
pub(crate) fn join_words(
    mut first: Vec<TextWord>,
    second: Vec<TextWord>,
    second_start: usize,
) -> Vec<TextWord> {
    first.extend(second.into_iter().map(|word| TextWord {
        start: word.start + second_start,
        end: word.end + second_start,
        key: word.key,
    }));
    first
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::test_text;
    use proptest::prelude::*;

    #[test]
    fn a_variant_folds_to_a_letter_that_is_its_own() {
        for c in ['أ', 'إ', 'آ', 'ٱ', 'ى', 'ی', 'ة', 'ک', 'ё', 'Ё'] {
            let plain = letter_variant(c).expect("a variant");
            assert_eq!(letter_variant(plain), None, "{c} → {plain}");
        }
        assert_eq!(letter_variant('ا'), None);
        assert_eq!(letter_variant('е'), None);
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

    /// `words` as it read text before, char by char: the reference the byte-by-byte reading
    /// must agree with.
    fn words_char_by_char(text: &str) -> Vec<TextWord> {
        let key = |word: &str| {
            CompactString::from(if word.bytes().all(|b| b.is_ascii_alphanumeric()) {
                word.to_ascii_lowercase()
            } else {
                alias_key(word)
            })
        };
        let word = |start: usize, end: usize| TextWord {
            start,
            end,
            key: key(&text[start..end]),
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
                res.push(word(word_start, idx));
            }
        }
        if let Some(word_start) = start {
            res.push(word(word_start, text.len()));
        }
        res
    }

    /// A text folded char by char, as `Folder::over` folded before it wrote ASCII words
    /// whole: the reference the faster reading must agree with.
    fn folded_char_by_char(source: &str) -> (String, Vec<(usize, usize)>, Vec<usize>) {
        let mut folder = Folder {
            out: String::new(),
            track_words: true,
            word_starts: Vec::new(),
            word_ends: Vec::new(),
            word: None,
            pending_space: false,
        };
        for (offset, c) in source.char_indices() {
            folder.push(offset, c);
        }
        folder.end_word();
        (folder.out, folder.word_starts, folder.word_ends)
    }

    /// The Arabic and Cyrillic letters `Folder::push` answers by their range fold as
    /// `fold_char` folds them, and are word characters.
    #[test]
    fn letters_answered_by_their_range_fold_as_fold_char_folds_them() {
        let letters = ('\u{0621}'..='\u{064A}').chain('\u{0410}'..='\u{044F}');
        for c in letters {
            let mut general = String::new();
            fold_char(c, |folded| general.push(folded));
            let folded = fold(&c.to_string());
            assert_eq!(folded.text, general, "U+{:04X}", c as u32);
            if general.chars().all(is_word_char) && !general.is_empty() {
                assert_eq!(folded.word_starts, vec![(0, 0)], "U+{:04X}", c as u32);
            }
        }
    }

    #[test]
    fn folding_ascii_words_whole_agrees_with_folding_char_by_char() {
        let texts = [
            "Statement by the SECRETARY-General, 12 May 2023: nuclear   weapons.",
            "Заявление МИД России: Ядерное оружие; Россия2023 abcОРУЖИЕ",
            "بيان وزارة الخارجية ــ مُعَاهَدَة ١٢٣ abc",
            "Café Ångström e\u{301}clair ŁÓDŹ x\u{306}",
            "  leading spaces and trailing  ",
            "",
            "A",
        ];
        for text in texts {
            let folded = fold(text);
            let expected = folded_char_by_char(text);
            assert_eq!(
                (folded.text, folded.word_starts, folded.word_ends),
                expected,
                "{text:?}"
            );
        }
    }

    #[test]
    fn reading_words_byte_by_byte_agrees_with_reading_them_char_by_char() {
        let texts = [
            "Statement by the Secretary-General on Zakharova's briefing, 12 May 2023.",
            "Заявление МИД России: «Ядерное оружие» — по-прежнему угроза; Захарова’s",
            "بيان وزارة الخارجية ــ مُعَاهَدَة عدم الانتشار ١٢٣",
            "-leading hyphen, trailing hyphen- and ' quote 'x' it's",
            "Café Ångström naïve e\u{301}clair ŁÓDŹ",
            "a-b-c--d ''e' f\u{2019}g h\u{2019}",
            "",
            "x",
            "Ё-моё 3-4 A1-B2",
        ];
        for text in texts {
            assert_eq!(words(text), words_char_by_char(text), "{text:?}");
        }
    }

    proptest! {
        /// A text folded with its ASCII words written whole is the text folded char by char,
        /// with the same words noted.
        #[test]
        fn folding_ascii_words_whole_folds_as_char_by_char(text in test_text::any()) {
            let folded = fold(&text);
            prop_assert_eq!(
                (folded.text, folded.word_starts, folded.word_ends),
                folded_char_by_char(&text)
            );
        }

        /// Words read byte by byte are the words read char by char, keys included.
        #[test]
        fn words_read_byte_by_byte_are_words_read_char_by_char(text in test_text::any()) {
            prop_assert_eq!(words(&text), words_char_by_char(&text));
        }

        /// Folding is a normal form: a folded spelling folds to itself, so a key built from a
        /// gazetteer alias and one built from text that was folded already agree.
        #[test]
        fn folded_letters_fold_to_themselves(text in test_text::any()) {
            let once = fold_letters(&text);
            prop_assert_eq!(fold_letters(&once), once);
        }

        /// A key does not depend on whether the spelling's letters were folded first, so a
        /// name typed in the search box (folded as it is typed) and the same name in a
        /// gazetteer file get one key. Keys are not their own keys: a Russian stem can end
        /// in what looks like a case ending again (`организацией` → `организаци`).
        #[test]
        fn keys_do_not_depend_on_letters_folded_first(text in test_text::any()) {
            prop_assert_eq!(alias_key(&fold_letters(&text)), alias_key(&text));
        }

        /// A key is the text as folded for matching, less what is not a word at its ends:
        /// folding a key alone (without noting where words are) makes the same letters.
        #[test]
        fn a_key_is_the_folded_text_trimmed_to_its_words(text in test_text::any()) {
            let folded = fold(&text);
            prop_assert_eq!(
                alias_key(&text),
                folded.text.trim_matches(|c: char| !is_word_char(c))
            );
        }

        /// Each word of a folded text ends where the folded text's next non-word character is
        /// (after a Russian case ending is cut), which is where alias matching looks words up.
        #[test]
        fn folded_words_end_at_the_first_character_that_is_not_a_word_character(
            text in test_text::any(),
        ) {
            let folded = fold(&text);
            prop_assert_eq!(folded.word_starts.len(), folded.word_ends.len());
            for (&(start, _), &end) in folded.word_starts.iter().zip(&folded.word_ends) {
                let word = &folded.text[start..end];
                prop_assert!(!word.is_empty() && word.chars().all(is_word_char), "{word:?}");
                prop_assert!(folded.text[end..].chars().next().is_none_or(|c| !is_word_char(c)));
            }
        }

        /// No word runs across a blank line, so a title's and a body's words, the body's moved
        /// by where it starts, are the words of the two joined by one: parsing reads each once.
        #[test]
        fn words_of_texts_joined_by_a_blank_line_are_each_texts_words(
            title in test_text::any(),
            body in test_text::any(),
        ) {
            let joined = format!("{title}\n\n{body}");
            let parts = join_words(words(&title), words(&body), title.len() + 2);
            prop_assert_eq!(parts, words(&joined));
        }
    }
}
