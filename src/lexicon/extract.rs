//! Translation words out of dictionary entry texts, and the normal forms they are
//! stored and looked up in. Pure: text in, words out.
//!
//! Two entry styles:
//! - FreeDict (TEI converted to plain text by dictfmt): a headword line with the
//!   pronunciation, then either one translation line or numbered senses `1. x, y`.
//! - Mueller 7 (Müller's English–Russian): a headword line, a `[transcription]`,
//!   homonyms `_I`/`_II`, parts of speech `1. _n.`, senses `1)`, sub-senses `а)`,
//!   labels `_разг.`/`_pl.`, and examples `english phrase русский перевод;` running on
//!   after the translations of each sense.
//!
//! We keep single words and phrases of up to [`MAX_WORDS`] words in the target script,
//! drop everything in brackets, labels and examples, and keep the entry's order
//! (first = preferred). Mueller examples of up to three English words become
//! phrase pairs (`nuclear weapon` → `ядерное оружие`).

use unicode_normalization::UnicodeNormalization;

use crate::model::Lang;

/// Longest translation we keep, in words.
pub const MAX_WORDS: usize = 3;

/// How many translations we keep from one entry, before merging sources.
const MAX_PER_ENTRY: usize = 8;

/// The stored form of a word or phrase: NFC, lowercase, single spaces, `‐` as `-`;
/// Arabic without tashkeel and tatweel; Russian with ё as е and no stress marks.
pub fn normalise(lang: Lang, text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.nfc().flat_map(char::to_lowercase) {
            match c {
                '\u{2010}' | '\u{2011}' | '\u{2013}' => out.push('-'),
                '\u{0640}' | '\u{064B}'..='\u{0652}' | '\u{0670}' if lang == Lang::Ar => {}
                'ё' if lang == Lang::Ru => out.push('е'),
                '\u{0300}' | '\u{0301}' if lang == Lang::Ru => {}
                _ => out.push(c),
            }
        }
    }
    out
}

/// The lookup key of a word or phrase: [`normalise`], and for Arabic also Lucene's
/// letter folds (أ إ آ ٱ → ا, ى → ي, ة → ه), as our Arabic analyzer does, and no
/// article: the dictionaries give `weapon` → `السلاح` but `سلاح` → `armer`, and a
/// query may have either.
pub fn key(lang: Lang, text: &str) -> String {
    let normal = normalise(lang, text);
    if lang != Lang::Ar {
        return normal;
    }
    let folded: String = normal
        .chars()
        .map(|c| match c {
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            'ى' => 'ي',
            'ة' => 'ه',
            _ => c,
        })
        .collect();
    let words: Vec<&str> = folded
        .split(' ')
        .map(|word| match word.strip_prefix("ال") {
            Some(rest) if rest.chars().count() >= 2 => rest,
            _ => word,
        })
        .collect();
    words.join(" ")
}

/// Translations in a FreeDict entry, in order. `target` is the translation language.
pub fn freedict(body: &str, target: Lang) -> Vec<String> {
    let mut out = Vec::new();
    // the first line is the headword and its /pronunciation/
    for line in body.lines().skip(1) {
        let line = strip_brackets(strip_sense_number(line.trim()));
        for piece in line.split([',', '،', ';', '؛', '/']) {
            if let Some(word) = candidate(target, piece) {
                push_unique(&mut out, word);
            }
        }
    }
    out.truncate(MAX_PER_ENTRY);
    out
}

/// What a Mueller entry gives: Russian translations of the headword, best first, and
/// (English phrase, Russian translation) pairs from its examples.
#[derive(Debug, Default, PartialEq)]
pub struct Mueller {
    pub translations: Vec<String>,
    pub phrases: Vec<(String, String)>,
}

/// Reads a Mueller 7 entry.
///
/// Translations are ordered by sense number first and only then by homonym or part of
/// speech, so that `arm` gives `рука` (I, 1) before `лапа` (I, 2) but also `оружие`
/// (II, 1) before both are exhausted. A homonym's second part of speech counts its
/// senses from 3, its third from 5, and so on.
pub fn mueller(body: &str) -> Mueller {
    let mut state = MuellerState::default();
    let text = strip_brackets(body.split_once('\n').map_or("", |(_, rest)| rest));
    for token in text.split_whitespace() {
        if is_homonym_mark(token) || is_pos_mark(token) {
            state.close_clause();
            state.group += 1;
            state.pos_block = if is_pos_mark(token) {
                state.pos_block + 1
            } else {
                0
            };
            state.sense = 0;
            state.in_examples = false;
        } else if let Some(n) = sense_mark(token) {
            state.close_clause();
            state.sense = n;
            state.in_examples = false;
        } else if is_sub_sense_mark(token) {
            state.close_clause();
        } else if token.starts_with('_') {
            // a label: _n. _разг. _pl. _attr. …
            state.close_clause();
        } else {
            let word = token.trim_end_matches(';');
            if !state.clause.is_empty() {
                state.clause.push(' ');
            }
            state.clause.push_str(word);
            if word.len() != token.len() {
                state.close_clause();
            }
        }
    }
    state.close_clause();
    let mut found = state.found;
    found.sort_by_key(|(rank, _)| *rank);
    let mut translations = Vec::new();
    for (_, word) in found {
        push_unique(&mut translations, word);
    }
    translations.truncate(MAX_PER_ENTRY);
    Mueller {
        translations,
        phrases: state.phrases,
    }
}

#[derive(Default)]
struct MuellerState {
    /// homonym or part-of-speech block
    group: u32,
    /// the `N)` sense inside the group; 0 before the first
    sense: u32,
    /// `N.` part-of-speech block inside the homonym; 0 before the first
    pos_block: u32,
    /// position among the sense's translations
    position: u32,
    /// set at the first clause with English in it: the sense's translations are over
    in_examples: bool,
    clause: String,
    found: Vec<((u32, u32, u32), String)>,
    phrases: Vec<(String, String)>,
}

impl MuellerState {
    fn close_clause(&mut self) {
        let clause = std::mem::take(&mut self.clause);
        let clause = clause.trim();
        if clause.is_empty() {
            return;
        }
        if clause.chars().any(|c| c.is_ascii_alphabetic()) {
            self.in_examples = true;
            if let Some(pair) = phrase_pair(clause) {
                self.phrases.push(pair);
            }
            return;
        }
        // `оружие, носимое на портупее или поясном ремне` is a description, not a
        // list of translations
        if self.in_examples
            || clause
                .split(',')
                .any(|p| p.split_whitespace().count() > MAX_WORDS)
        {
            return;
        }
        for piece in clause.split(',') {
            if let Some(word) = candidate(Lang::Ru, piece) {
                // a homonym's later parts of speech (`space` 2. _v.) wait two senses
                let delay = 2 * self.pos_block.saturating_sub(1);
                self.found
                    .push(((self.sense + delay, self.group, self.position), word));
                self.position += 1;
            }
        }
    }
}

/// `nuclear weapon ядерное оружие, …` → (`nuclear weapon`, `ядерное оружие`).
/// An English phrase needs a Russian phrase: in `nuclear energy ядерная, атомная
/// энергия` the first item is only the adjective.
fn phrase_pair(clause: &str) -> Option<(String, String)> {
    let split = clause.find(is_cyrillic)?;
    let (english, russian) = clause.split_at(split);
    let english = candidate(Lang::En, english)?;
    let russian = candidate(Lang::Ru, russian.split(',').next()?)?;
    let phrase = |text: &str| text.contains(' ');
    (phrase(&english) == phrase(&russian) || !phrase(&english)).then_some((english, russian))
}

/// `_I`, `_II`, … `_V`
fn is_homonym_mark(token: &str) -> bool {
    matches!(token, "_I" | "_II" | "_III" | "_IV" | "_V")
}

/// `1.`, `2.`: a part-of-speech block
fn is_pos_mark(token: &str) -> bool {
    token
        .strip_suffix('.')
        .is_some_and(|n| !n.is_empty() && n.len() <= 2 && n.bytes().all(|b| b.is_ascii_digit()))
}

/// `1)`, `12)`: a sense
fn sense_mark(token: &str) -> Option<u32> {
    let n = token.strip_suffix(')')?;
    if n.len() > 2 {
        return None;
    }
    n.parse().ok()
}

/// `а)`, `б)`: a sub-sense
fn is_sub_sense_mark(token: &str) -> bool {
    let mut chars = token.chars();
    matches!(
        (chars.next(), chars.next(), chars.next()),
        (Some('а'..='я'), Some(')'), None)
    )
}

/// `2. танцевать` → `танцевать`
fn strip_sense_number(line: &str) -> &str {
    match line.split_once(". ") {
        Some((n, rest)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => rest,
        _ => line,
    }
}

/// Removes `(…)`, `[…]` and `{…}`, nested or not; an unclosed bracket runs to the end.
fn strip_brackets(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// The normalised piece if it is a word or short phrase written only in `lang`'s script.
pub(super) fn candidate(lang: Lang, piece: &str) -> Option<String> {
    let piece = strip_brackets(piece);
    let word = normalise(
        lang,
        piece.trim_matches(|c: char| c.is_whitespace() || c == '.'),
    );
    let script_ok = word.chars().all(|c| match lang {
        Lang::En => c.is_ascii_lowercase() || matches!(c, ' ' | '-' | '\''),
        Lang::Ru => is_cyrillic(c) || matches!(c, ' ' | '-'),
        Lang::Ar => is_arabic_letter(c) || c == ' ',
        _ => false,
    });
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    let words = word.split(' ').count();
    (script_ok && letters >= 2 && words <= MAX_WORDS && !word.starts_with('-')).then_some(word)
}

fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{04FF}')
}

/// Arabic letters (not digits, punctuation or marks, which `normalise` has removed).
fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' | '\u{0671}'..='\u{06D3}')
}

fn push_unique(list: &mut Vec<String>, word: String) {
    if !list.contains(&word) {
        list.push(word);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_forms() {
        assert_eq!(
            normalise(Lang::En, "  Weapon   of  Mass "),
            "weapon of mass"
        );
        assert_eq!(normalise(Lang::En, "dining\u{2010}room"), "dining-room");
        assert_eq!(normalise(Lang::Ru, "Тёмный"), "темный");
        assert_eq!(normalise(Lang::Ru, "ору\u{0301}жие"), "оружие");
        assert_eq!(normalise(Lang::Ar, "مسمّد"), "مسمد");
        assert_eq!(normalise(Lang::Ar, "السِّلاح"), "السلاح");
        assert_eq!(normalise(Lang::Ar, "الأسلحة"), "الأسلحة");
        assert_eq!(key(Lang::Ar, "الأسلحة"), "اسلحه");
        assert_eq!(key(Lang::Ar, "الفضاء الخارجي"), "فضاء خارجي");
        assert_eq!(key(Lang::Ar, "الا"), "الا");
        assert_eq!(key(Lang::Ar, "إستثمر"), "استثمر");
        assert_eq!(key(Lang::Ar, "مستشفى"), "مستشفي");
        assert_eq!(key(Lang::Ru, "Ёж"), "еж");
    }

    #[test]
    fn freedict_single_and_numbered() {
        assert_eq!(freedict("Weapon /wˈɛpən/\nالسلاح\n", Lang::Ar), ["السلاح"]);
        assert_eq!(
            freedict(
                "dance /dɑːns/\n1. бал\n2. танцевать, потанцевать\n3. танец\n",
                Lang::Ru
            ),
            ["бал", "танцевать", "потанцевать", "танец"]
        );
        assert_eq!(
            freedict(
                "الأسلحة /ʔˈalʔslħt/\n1. Armaments\n2. Automatics\n3. Guns\n",
                Lang::En
            ),
            ["armaments", "automatics", "guns"]
        );
    }

    #[test]
    fn freedict_drops_long_mixed_and_bracketed() {
        assert_eq!(
            freedict("Maplewood /x/\nخشب القيقب (الأسفندان)\n", Lang::Ar),
            ["خشب القيقب"]
        );
        assert_eq!(
            freedict("Manville /x/\nأسم لمدينة أمريكية في عدة ولايات\n", Lang::Ar),
            Vec::<String>::new()
        );
        assert_eq!(freedict("Mar /x/\nمارس/آذار\n", Lang::Ar), ["مارس", "آذار"]);
        assert_eq!(
            freedict("Inventoried /x/\nأعدّ قائمة، أحصى\n", Lang::Ar),
            ["أعد قائمة", "أحصى"]
        );
        assert_eq!(freedict("x /x/\n1. X2\n2. ok\n", Lang::En), ["ok"]);
    }

    const WEAPON: &str = "weapon\n   [↗wɛpɜn] _n.\n   1) оружие; _перен. средство; weapon of mass destruction оружие массового\n   уничтожения\n   2) средства самозащиты (у животных и насекомых)\n";

    const ARM: &str = "arm\n   _I  [ɑ:m] _n.\n      1) рука (от кисти до плеча); to fold in one's arms заключить в объятия;\n      under one's arms под мышкой\n      2) передняя лапа (животного)\n      3) рукав; arm of a river рукав реки\n   _II [ɑ:m]\n         1. _n.\n      1) (обыкн. _pl.) оружие; small arms стрелковое оружие; up in arms\n            а) готовый к борьбе, сопротивлению;\n            б) охваченный восстанием\n      2) род войск\n      6) _pl. _attr. arms race гонка вооружений; arms cut сокращение\n      вооружений\n         2. _v.\n      1) вооружать(ся) (тж. _перен.)\n";

    #[test]
    fn mueller_senses_labels_and_examples() {
        let weapon = mueller(WEAPON);
        assert_eq!(
            weapon.translations,
            ["оружие", "средство", "средства самозащиты"]
        );
        assert_eq!(weapon.phrases, Vec::<(String, String)>::new());

        let arm = mueller(ARM);
        assert_eq!(
            arm.translations,
            [
                "рука",
                "оружие",
                "передняя лапа",
                "род войск",
                "рукав",
                "вооружать"
            ]
        );
        assert_eq!(
            arm.phrases,
            [
                ("under one's arms".to_string(), "под мышкой".to_string()),
                ("small arms".to_string(), "стрелковое оружие".to_string()),
                ("arms race".to_string(), "гонка вооружений".to_string()),
                ("arms cut".to_string(), "сокращение вооружений".to_string()),
            ]
        );
    }

    #[test]
    fn mueller_plain_and_cross_references() {
        assert_eq!(
            mueller("disarmament\n   [dɪs↗ɑ:mɜmɜnt] _n. разоружение\n").translations,
            ["разоружение"]
        );
        assert_eq!(mueller("went\n   [wɛnt] _p. от go 1\n"), Mueller::default());
        let armed = mueller(
            "armed\n   [ɑ:md]\n   1. _p-p. от arm II, 2\n   2. _a. вооружённый; укреплённый; armed forces вооружённые силы\n",
        );
        assert_eq!(armed.translations, ["вооруженный", "укрепленный"]);
        assert_eq!(
            armed.phrases,
            [("armed forces".to_string(), "вооруженные силы".to_string())]
        );
        let nuclear = mueller(
            "nuclear\n   [x] _a.\n   1) ядерный; nuclear energy ядерная, атомная энергия;\n   nuclear weapon ядерное оружие\n",
        );
        assert_eq!(
            nuclear.phrases,
            [("nuclear weapon".to_string(), "ядерное оружие".to_string())]
        );
    }
}
