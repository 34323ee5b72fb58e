//! Transliteration of name words between Latin, Cyrillic and Arabic script.
//!
//! Cross-language search uses it as a fallback for names the gazetteer does not know: the query
//! `Peskov` should find Russian `Песков` and Arabic `بيسكوف`, and `Небензя` should find
//! `Nebenzia` and `نيبينزيا`. There is no single right spelling (BGN/PCGN says `Nebenzya`, the UN
//! and the press write `Nebenzia`; Arabic writers may or may not write a short `e`), so
//! [`transliterate`] returns a few ranked candidates, and [`skeleton`] gives a crude consonant key
//! that spellings of one name in the three scripts often share, for fuzzy matching.
//!
//! The rules are data: `data/transliteration.tsv`, one table per direction (its header names the
//! conventions followed), compiled in and parsed once. At each position of the word the longest
//! matching pattern applies (a pattern anchored at the start or end of the word beats a plain one
//! of the same length), and each pattern offers up to four spellings, the first preferred. A beam
//! search keeps only the cheapest partial spellings at each step (cost = the sum of the ranks of
//! the spellings chosen), so a long word costs time linear in its length, never an explosion of
//! combinations.
//!
//! Deliberate limits: one word at a time (the caller splits names); no dictionary of exceptions
//! (known names belong in the gazetteer); Arabic input yields consonants and long vowels only,
//! since short vowels are not written; names whose target spelling follows the source language's
//! pronunciation rather than its letters (`Guterres` → `Гутерриш`, `Biden` → `Байден`) are missed.
//! This module does no IO.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use unicode_normalization::UnicodeNormalization;

use super::data_lines;
use crate::model::Lang;

/// The compiled-in rule tables.
pub(crate) const DATA: &str = include_str!("../../data/transliteration.tsv");

static RULES: LazyLock<Rules> = LazyLock::new(|| {
    Rules::parse(DATA).unwrap_or_else(|err| {
        panic!(
            "data/transliteration.tsv: {err} (the unit test `compiled_in_rules_parse` checks this)"
        )
    })
});

/// A pattern offers at most this many spellings, which bounds the branching per position.
const MAX_ALTERNATIVES: usize = 4;
/// Partial spellings kept per step, whatever `limit` the caller asks for.
const MIN_BEAM: usize = 16;
const MAX_BEAM: usize = 128;

/// Up to `limit` plausible spellings of `word` (one word of a name, any of Latin, Cyrillic,
/// Arabic script) in `to`'s script, most likely first. Empty when `word` is already in `to`'s
/// script, or when its script is not one of the three.
pub fn transliterate(word: &str, to: Lang, limit: usize) -> Vec<String> {
    let (Some(from), Some(to)) = (Script::of_word(word), Script::of_lang(to)) else {
        return Vec::new();
    };
    if from == to || limit == 0 {
        return Vec::new();
    }
    let table = RULES.table(from, Target::Script(to));
    let width = limit.saturating_mul(4).clamp(MIN_BEAM, MAX_BEAM);
    let mut res: Vec<String> = Vec::new();
    for (spelling, _cost) in table.spell(&from.normalize(word, table), width) {
        let spelling = to.capitalize(&spelling);
        if !spelling.is_empty() && !res.contains(&spelling) {
            res.push(spelling);
        }
        if res.len() == limit {
            break;
        }
    }
    res
}

/// A crude script-independent key of a name word (consonant skeleton in Latin letters), so two
/// spellings of the same name in different scripts often share it: skeleton("Peskov") ==
/// skeleton("Песков") == skeleton("بيسكوف").
///
/// Vowels, `y`/`й`/`ي` and the Arabic vowel carriers are dropped, and consonants fall into
/// classes that Arabic and Russian spellings confuse: `b` (b p), `f` (f v w ph), `g` (g gh j zh
/// dzh; Arabic writes g as غ or ج and zh as ج), `k` (k c q), `h` (h kh), `t` (t th), `d` (d dh),
/// `x` (sh ch shch), `s`, `z`, `l`, `m`, `n`, `r`; a repeated class is written once. The price:
/// unrelated names collide more often (`Zarif` and `Zarafa`), so it is a filter for candidates,
/// not proof of a match. Empty when the word has no letters of the three scripts.
pub fn skeleton(word: &str) -> String {
    let Some(from) = Script::of_word(word) else {
        return String::new();
    };
    let table = RULES.table(from, Target::Key);
    let Some((spelling, _cost)) = table
        .spell(&from.normalize(word, table), 1)
        .into_iter()
        .next()
    else {
        return String::new();
    };
    let mut res = String::with_capacity(spelling.len());
    for c in spelling.chars().filter(char::is_ascii_lowercase) {
        if !res.ends_with(c) {
            res.push(c);
        }
    }
    res
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Script {
    Latin,
    Cyrillic,
    Arabic,
}

/// What a table writes: another script, or the skeleton's consonant classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Target {
    Script(Script),
    Key,
}

impl Script {
    fn code(self) -> &'static str {
        match self {
            Script::Latin => "latn",
            Script::Cyrillic => "cyrl",
            Script::Arabic => "arab",
        }
    }

    fn of_lang(lang: Lang) -> Option<Script> {
        match lang {
            Lang::En | Lang::Fr | Lang::Es => Some(Script::Latin),
            Lang::Ru => Some(Script::Cyrillic),
            Lang::Ar => Some(Script::Arabic),
            Lang::Zh | Lang::Und => None,
        }
    }

    fn of_char(c: char) -> Option<Script> {
        match c {
            'a'..='z' | 'A'..='Z' | '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}' => {
                Some(Script::Latin)
            }
            '\u{0400}'..='\u{04FF}' => Some(Script::Cyrillic),
            '\u{0600}'..='\u{06FF}' => Some(Script::Arabic),
            _ => None,
        }
    }

    /// The script of every letter of `word`; `None` for no letters, a letter of another script
    /// or a mix (`Lavrovа` with a Cyrillic `а` is a typo we do not guess at).
    fn of_word(word: &str) -> Option<Script> {
        let mut res = None;
        for c in word.chars().filter(|c| c.is_alphabetic()) {
            let script = Script::of_char(c)?;
            if res.is_some_and(|seen| seen != script) {
                return None;
            }
            res = Some(script);
        }
        res
    }

    /// `word` in NFC and lowercased, in the form the tables are written in: combining marks left
    /// over after composition dropped (Arabic tashkeel among them), Latin diacritics dropped
    /// except on letters a rule names (ISO 9 `č š ž`), Arabic tashkeel and tatweel dropped and
    /// Persian/Urdu letter forms folded to Arabic ones.
    fn normalize(self, word: &str, table: &Table) -> Vec<char> {
        let mut res = Vec::with_capacity(word.len());
        for c in word.nfc().flat_map(char::to_lowercase) {
            match self {
                _ if unicode_normalization::char::is_combining_mark(c) => {}
                Script::Latin if !c.is_ascii() && !table.has_rule_for(c) => {
                    unicode_normalization::char::decompose_canonical(c, |part| {
                        if !unicode_normalization::char::is_combining_mark(part) {
                            res.push(part);
                        }
                    });
                }
                Script::Arabic => match c {
                    '\u{0640}' => {}
                    'ی' => res.push('ي'),
                    'ک' => res.push('ك'),
                    'ٱ' => res.push('ا'),
                    _ => res.push(c),
                },
                _ => res.push(c),
            }
        }
        res
    }

    /// Latin and Cyrillic names are written with a capital; Arabic has no case.
    fn capitalize(self, spelling: &str) -> String {
        let mut chars = spelling.chars();
        match (self, chars.next()) {
            (Script::Arabic, _) | (_, None) => spelling.to_string(),
            (_, Some(first)) => first.to_uppercase().chain(chars).collect(),
        }
    }

    /// The letters every table from this script must have a plain one-letter rule for.
    fn alphabet(self) -> &'static str {
        match self {
            Script::Latin => "abcdefghijklmnopqrstuvwxyz",
            Script::Cyrillic => "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
            Script::Arabic => "ابتثجحخدذرزسشصضطظعغفقكلمنهوي",
        }
    }
}

impl Target {
    /// Whether `spelling` (one output of a rule) is written in this target's letters.
    fn accepts(self, spelling: &str) -> bool {
        match self {
            Target::Key => spelling.chars().all(|c| c.is_ascii_lowercase()),
            Target::Script(script) => spelling
                .chars()
                .all(|c| c.is_alphabetic() && Script::of_char(c) == Some(script)),
        }
    }
}

/// One rule: `pattern` (lowercase source letters) becomes one of `outputs`, preferred first.
#[derive(Debug)]
struct Rule {
    pattern: Vec<char>,
    at_start: bool,
    at_end: bool,
    outputs: Vec<String>,
}

impl Rule {
    fn matches(&self, word: &[char], pos: usize) -> bool {
        let end = pos + self.pattern.len();
        word.get(pos..end) == Some(&self.pattern[..])
            && (!self.at_start || is_word_start(word, pos))
            && (!self.at_end || is_word_end(word, end))
    }

    fn n_anchors(&self) -> usize {
        usize::from(self.at_start) + usize::from(self.at_end)
    }
}

fn is_word_start(word: &[char], pos: usize) -> bool {
    pos == 0 || !word[pos - 1].is_alphabetic()
}

fn is_word_end(word: &[char], end: usize) -> bool {
    word.get(end).is_none_or(|c| !c.is_alphabetic())
}

/// The rules of one direction, by first letter, longest and most specific first.
#[derive(Debug, Default)]
struct Table {
    by_first: HashMap<char, Vec<Rule>>,
}

impl Table {
    fn has_rule_for(&self, c: char) -> bool {
        self.by_first.contains_key(&c)
    }

    fn longest_match(&self, word: &[char], pos: usize) -> Option<&Rule> {
        self.by_first
            .get(&word[pos])?
            .iter()
            .find(|rule| rule.matches(word, pos))
    }

    /// The `width` cheapest spellings of `word`, cheapest first; among equal costs, the one
    /// whose second choices come later in the word first (Arabic drops the last short vowel,
    /// `بلينكن`, more often than the first). Letters without a rule are skipped, other
    /// characters (`-`, `'`) copied.
    fn spell(&self, word: &[char], width: usize) -> Vec<(String, usize)> {
        let mut beam: Vec<(String, usize)> = vec![(String::new(), 0)];
        let mut pos = 0;
        while pos < word.len() {
            let (n_chars, outputs): (usize, &[String]) = match self.longest_match(word, pos) {
                Some(rule) => (rule.pattern.len(), &rule.outputs),
                None => (1, &[]),
            };
            let passthrough = [match word[pos] {
                c if c.is_alphabetic() => String::new(),
                c => c.to_string(),
            }];
            let outputs = if outputs.is_empty() {
                &passthrough[..]
            } else {
                outputs
            };
            let mut next: Vec<(String, usize)> = Vec::with_capacity(beam.len() * outputs.len());
            for (prefix, cost) in &beam {
                for (rank, output) in outputs.iter().enumerate() {
                    next.push((format!("{prefix}{output}"), cost + rank));
                }
            }
            next.sort_by_key(|(_, cost)| *cost);
            let mut seen = HashSet::new();
            next.retain(|(spelling, _)| seen.insert(spelling.clone()));
            next.truncate(width);
            beam = next;
            pos += n_chars;
        }
        beam
    }
}

/// Why `data/transliteration.tsv` (or a test fixture) could not be parsed. Lines are 1-based.
#[derive(Debug, thiserror::Error)]
pub enum TranslitError {
    #[error(
        "line {line}: expected 3 tab-separated fields (table, pattern, outputs), found {found}"
    )]
    FieldCount { line: usize, found: usize },
    #[error(
        "line {line}: unknown table `{table}`; use source>target with latn, cyrl, arab (target also key)"
    )]
    UnknownTable { line: usize, table: String },
    #[error("line {line}: the pattern `{pattern}` is not lowercase letters of the source script")]
    BadPattern { line: usize, pattern: String },
    #[error("line {line}: `{output}` is not written in the target script (write `-` for nothing)")]
    BadOutput { line: usize, output: String },
    #[error("line {line}: give between 1 and {max} outputs, found {found}", max = MAX_ALTERNATIVES)]
    OutputCount { line: usize, found: usize },
    #[error("line {line}: a key table gives exactly one output per pattern")]
    KeyAlternatives { line: usize },
    #[error("line {line}: `{pattern}` already has a rule in this table on line {first_line}")]
    Duplicate {
        line: usize,
        pattern: String,
        first_line: usize,
    },
    #[error("table `{table}` has no plain rule for the letter `{letter}`")]
    MissingLetter { table: String, letter: char },
}

/// Every table, keyed by direction.
#[derive(Debug)]
struct Rules {
    tables: HashMap<(Script, Target), Table>,
}

const SCRIPTS: [Script; 3] = [Script::Latin, Script::Cyrillic, Script::Arabic];

impl Rules {
    fn parse(tsv: &str) -> Result<Rules, TranslitError> {
        let directions: Vec<(String, (Script, Target))> = SCRIPTS
            .iter()
            .flat_map(|&from| {
                SCRIPTS
                    .iter()
                    .filter(move |&&to| to != from)
                    .map(move |&to| Target::Script(to))
                    .chain(std::iter::once(Target::Key))
                    .map(move |to| {
                        let to_code = match to {
                            Target::Script(script) => script.code(),
                            Target::Key => "key",
                        };
                        (format!("{}>{to_code}", from.code()), (from, to))
                    })
            })
            .collect();

        let mut tables: HashMap<(Script, Target), Table> = HashMap::new();
        let mut first_lines: HashMap<(Script, Target, String), usize> = HashMap::new();
        for (line, fields) in data_lines(tsv) {
            let [table_name, pattern, outputs] = fields[..] else {
                return Err(TranslitError::FieldCount {
                    line,
                    found: fields.len(),
                });
            };
            let Some(&(_, (from, to))) = directions.iter().find(|(name, _)| name == table_name)
            else {
                return Err(TranslitError::UnknownTable {
                    line,
                    table: table_name.to_string(),
                });
            };
            let letters = pattern.strip_prefix('^').unwrap_or(pattern);
            let letters = letters.strip_suffix('$').unwrap_or(letters);
            let letters: Vec<char> = letters.chars().collect();
            let is_source_letter =
                |c: &char| Script::of_char(*c) == Some(from) && !c.is_uppercase();
            if letters.is_empty() || !letters.iter().all(is_source_letter) {
                return Err(TranslitError::BadPattern {
                    line,
                    pattern: pattern.to_string(),
                });
            }
            let outputs: Vec<String> = outputs
                .split(' ')
                .filter(|output| !output.is_empty())
                .map(|output| match output {
                    "-" => String::new(),
                    _ => output.to_string(),
                })
                .collect();
            if outputs.is_empty() || outputs.len() > MAX_ALTERNATIVES {
                return Err(TranslitError::OutputCount {
                    line,
                    found: outputs.len(),
                });
            }
            if to == Target::Key && outputs.len() > 1 {
                return Err(TranslitError::KeyAlternatives { line });
            }
            if let Some(output) = outputs.iter().find(|output| !to.accepts(output)) {
                return Err(TranslitError::BadOutput {
                    line,
                    output: output.clone(),
                });
            }
            if let Some(&first_line) = first_lines.get(&(from, to, pattern.to_string())) {
                return Err(TranslitError::Duplicate {
                    line,
                    pattern: pattern.to_string(),
                    first_line,
                });
            }
            first_lines.insert((from, to, pattern.to_string()), line);
            tables
                .entry((from, to))
                .or_default()
                .by_first
                .entry(letters[0])
                .or_default()
                .push(Rule {
                    at_start: pattern.starts_with('^'),
                    at_end: pattern.ends_with('$'),
                    pattern: letters,
                    outputs,
                });
        }

        for (name, (from, to)) in &directions {
            let table = tables.entry((*from, *to)).or_default();
            for rules in table.by_first.values_mut() {
                rules.sort_by_key(|rule| std::cmp::Reverse((rule.pattern.len(), rule.n_anchors())));
            }
            let has_plain_rule = |letter: char| {
                table.by_first.get(&letter).is_some_and(|rules| {
                    rules
                        .iter()
                        .any(|rule| rule.pattern.len() == 1 && rule.n_anchors() == 0)
                })
            };
            if let Some(letter) = from.alphabet().chars().find(|&c| !has_plain_rule(c)) {
                return Err(TranslitError::MissingLetter {
                    table: name.clone(),
                    letter,
                });
            }
        }
        Ok(Rules { tables })
    }

    fn table(&self, from: Script, to: Target) -> &Table {
        // `parse` checks every direction for a full alphabet, so every table exists.
        static EMPTY: LazyLock<Table> = LazyLock::new(Table::default);
        self.tables.get(&(from, to)).unwrap_or(&EMPTY)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// How many candidates a caller is expected to try: an expected spelling counts as found
    /// when it is among these.
    const TOP: usize = 3;

    /// Russian spellings of names as in Russian Wikipedia article titles and TASS/RIA Novosti
    /// usage (`ё` is compared as `е`, as the analyzers fold it).
    const LATIN_TO_CYRILLIC: &[(&str, &str)] = &[
        ("Peskov", "Песков"),
        ("Lavrov", "Лавров"),
        ("Zakharova", "Захарова"),
        ("Shoigu", "Шойгу"),
        ("Nebenzia", "Небензя"),
        ("Ryabkov", "Рябков"),
        ("Medvedev", "Медведев"),
        ("Putin", "Путин"),
        ("Sergey", "Сергей"),
        ("Sergei", "Сергей"),
        ("Dmitry", "Дмитрий"),
        ("Vasily", "Василий"),
        ("Yevgeny", "Евгений"),
        ("Mikhail", "Михаил"),
        ("Alexei", "Алексей"),
        ("Nikolai", "Николай"),
        ("Yuri", "Юрий"),
        ("Maria", "Мария"),
        ("Ilya", "Илья"),
        ("Patrushev", "Патрушев"),
        ("Naryshkin", "Нарышкин"),
        ("Gorbachev", "Горбачёв"),
        ("Khrushchev", "Хрущёв"),
        ("Ulyanov", "Ульянов"),
        ("Gatilov", "Гатилов"),
        ("Antonov", "Антонов"),
        ("Grushko", "Грушко"),
        ("Belousov", "Белоусов"),
        ("Mishustin", "Мишустин"),
        ("Matviyenko", "Матвиенко"),
        ("Kiriyenko", "Кириенко"),
        ("Volodin", "Володин"),
        ("Nabiullina", "Набиуллина"),
        ("Siluanov", "Силуанов"),
        ("Zelensky", "Зеленский"),
        ("Kadyrov", "Кадыров"),
        ("Tokayev", "Токаев"),
        ("Lukashenko", "Лукашенко"),
        ("Aliyev", "Алиев"),
        ("Kocharyan", "Кочарян"),
        ("Erdogan", "Эрдоган"),
        ("Netanyahu", "Нетаньяху"),
        ("Zarif", "Зариф"),
        ("Jubeir", "Джубейр"),
        ("Macron", "Макрон"),
        ("Grossi", "Гросси"),
        ("Blinken", "Блинкен"),
        ("Stoltenberg", "Столтенберг"),
        ("Borrell", "Боррель"),
        ("Merkel", "Меркель"),
        ("Trump", "Трамп"),
        ("Pompeo", "Помпео"),
        ("Kerry", "Керри"),
        ("Obama", "Обама"),
        ("Vučić", "Вучич"),
        ("Guterres", "Гутерриш"),
        ("Biden", "Байден"),
        ("Scholz", "Шольц"),
    ];

    /// Arabic spellings as in Arabic Wikipedia article titles and the Arabic services of RT,
    /// Sputnik and Al Jazeera. `Guterres` is written both غوتيريس (news) and غوتيريش (UN
    /// Arabic, after the Portuguese sound); we test the letter-based one.
    const LATIN_TO_ARABIC: &[(&str, &str)] = &[
        ("Peskov", "بيسكوف"),
        ("Lavrov", "لافروف"),
        ("Zakharova", "زاخاروفا"),
        ("Shoigu", "شويغو"),
        ("Nebenzia", "نيبينزيا"),
        ("Ryabkov", "ريابكوف"),
        ("Medvedev", "ميدفيديف"),
        ("Putin", "بوتين"),
        ("Vladimir", "فلاديمير"),
        ("Sergey", "سيرغي"),
        ("Dmitry", "دميتري"),
        ("Vasily", "فاسيلي"),
        ("Yevgeny", "يفغيني"),
        ("Mikhail", "ميخائيل"),
        ("Maria", "ماريا"),
        ("Ulyanov", "أوليانوف"),
        ("Patrushev", "باتروشيف"),
        ("Naryshkin", "ناريشكين"),
        ("Mishustin", "ميشوستين"),
        ("Zelensky", "زيلينسكي"),
        ("Lukashenko", "لوكاشينكو"),
        ("Gorbachev", "غورباتشوف"),
        ("Khrushchev", "خروتشوف"),
        ("Gatilov", "غاتيلوف"),
        ("Antonov", "أنطونوف"),
        ("Tokayev", "توكاييف"),
        ("Kocharyan", "كوتشاريان"),
        ("Guterres", "غوتيريس"),
        ("Blinken", "بلينكن"),
        ("Macron", "ماكرون"),
        ("Merkel", "ميركل"),
        ("Trump", "ترامب"),
        ("Grossi", "غروسي"),
        ("Borrell", "بوريل"),
        ("Obama", "أوباما"),
        ("Kerry", "كيري"),
        ("Pompeo", "بومبيو"),
        ("Erdogan", "أردوغان"),
        ("Stoltenberg", "ستولتنبرغ"),
        ("Evans", "إيفانز"),
        ("Biden", "بايدن"),
        ("Kadyrov", "قديروف"),
        ("Scholz", "شولتس"),
    ];

    /// English spellings as in English Wikipedia article titles and Reuters/AP usage, which
    /// simplify BGN/PCGN (`Sergei`, `Alexei`, `Zelensky`).
    const CYRILLIC_TO_LATIN: &[(&str, &str)] = &[
        ("Песков", "Peskov"),
        ("Лавров", "Lavrov"),
        ("Захарова", "Zakharova"),
        ("Шойгу", "Shoigu"),
        ("Небензя", "Nebenzia"),
        ("Рябков", "Ryabkov"),
        ("Медведев", "Medvedev"),
        ("Путин", "Putin"),
        ("Сергей", "Sergei"),
        ("Дмитрий", "Dmitry"),
        ("Евгений", "Yevgeny"),
        ("Юрий", "Yury"),
        ("Михаил", "Mikhail"),
        ("Мария", "Maria"),
        ("Горбачёв", "Gorbachev"),
        ("Хрущёв", "Khrushchev"),
        ("Нарышкин", "Naryshkin"),
        ("Патрушев", "Patrushev"),
        ("Ульянов", "Ulyanov"),
        ("Матвиенко", "Matviyenko"),
        ("Кириенко", "Kiriyenko"),
        ("Набиуллина", "Nabiullina"),
        ("Токаев", "Tokayev"),
        ("Зеленский", "Zelensky"),
        ("Жириновский", "Zhirinovsky"),
        ("Васильев", "Vasilyev"),
        ("Кадыров", "Kadyrov"),
        ("Щербаков", "Shcherbakov"),
        ("Лукашенко", "Lukashenko"),
        ("Алексей", "Alexei"),
    ];

    /// Arabic spellings of Russian names written in Cyrillic (same sources as above).
    const CYRILLIC_TO_ARABIC: &[(&str, &str)] = &[
        ("Песков", "بيسكوف"),
        ("Небензя", "نيبينزيا"),
        ("Захарова", "زاخاروفا"),
        ("Шойгу", "شويغو"),
        ("Рябков", "ريابكوف"),
        ("Лавров", "لافروف"),
        ("Медведев", "ميدفيديف"),
        ("Ульянов", "أوليانوف"),
        ("Сергей", "سيرغي"),
        ("Патрушев", "باتروشيف"),
    ];

    fn fold_yo(spelling: &str) -> String {
        spelling.replace('ё', "е").replace('Ё', "Е")
    }

    /// The cases whose expected spelling is not among the top candidates.
    fn misses<'c>(cases: &[(&'c str, &str)], to: Lang) -> Vec<&'c str> {
        cases
            .iter()
            .filter(|(word, expected)| {
                !transliterate(word, to, TOP)
                    .iter()
                    .any(|candidate| fold_yo(candidate) == fold_yo(expected))
            })
            .map(|(word, _)| *word)
            .collect()
    }

    /// Fails when the hit rate drops below `floor` (the measured rate when the rules were
    /// written) or the misses differ from `known_misses`, so a list that improves must be updated.
    fn check_hit_rate(cases: &[(&str, &str)], to: Lang, known_misses: &[&str], floor: usize) {
        let found = misses(cases, to);
        let n_hits = cases.len() - found.len();
        let details: Vec<String> = found
            .iter()
            .map(|word| format!("{word} → {:?}", transliterate(word, to, TOP)))
            .collect();
        assert!(
            n_hits >= floor,
            "{n_hits}/{} found, floor {floor}; misses: {details:#?}",
            cases.len()
        );
        assert_eq!(found, known_misses, "misses changed: {details:#?}");
    }

    #[test]
    fn compiled_in_rules_parse() {
        let rules = Rules::parse(DATA).unwrap();
        assert_eq!(rules.tables.len(), 9);
    }

    #[test]
    fn latin_to_cyrillic_finds_russian_spellings() {
        // Russian follows the sound, not the letters, of `Guterres` (Portuguese), `Biden`
        // (English i) and `Scholz` (German z, soft l).
        check_hit_rate(
            LATIN_TO_CYRILLIC,
            Lang::Ru,
            &["Guterres", "Biden", "Scholz"],
            55,
        );
    }

    #[test]
    fn latin_to_arabic_finds_press_spellings() {
        // FIXME: `Khrushchev` and `Gorbachev` are ё names (-ov in Arabic), which the Latin
        // letters do not show; two dropped short vowels (`Stoltenberg`) rank below single ones;
        // `Erdogan` takes أ where English names take إي; `Kadyrov` writes ق and drops the a;
        // `Biden` and `Scholz` follow the sound.
        check_hit_rate(
            LATIN_TO_ARABIC,
            Lang::Ar,
            &[
                "Khrushchev",
                "Erdogan",
                "Stoltenberg",
                "Biden",
                "Kadyrov",
                "Scholz",
            ],
            37,
        );
    }

    #[test]
    fn cyrillic_to_latin_finds_english_spellings() {
        // `Alexei` takes both second choices (x for кс, -ei for -ей) and ranks fourth.
        check_hit_rate(CYRILLIC_TO_LATIN, Lang::En, &["Алексей"], 29);
    }

    #[test]
    fn cyrillic_to_arabic_finds_press_spellings() {
        check_hit_rate(CYRILLIC_TO_ARABIC, Lang::Ar, &[], 10);
    }

    #[test]
    fn examples_from_the_search_brief() {
        let check = |word: &str, to: Lang, expected: &[&str]| {
            let candidates = transliterate(word, to, 5);
            for spelling in expected {
                assert!(
                    candidates.iter().any(|c| c == spelling),
                    "{word} → {candidates:?}, expected {spelling}"
                );
            }
        };
        check("Peskov", Lang::Ar, &["بيسكوف", "بسكوف"]);
        check("Peskov", Lang::Ru, &["Песков"]);
        check("Небензя", Lang::En, &["Nebenzia", "Nebenzya"]);
        check("Небензя", Lang::Ar, &["نيبينزيا"]);
        check("Nebenzia", Lang::Ru, &["Небензя", "Небензиа"]);
        check("Guterres", Lang::Ar, &["غوتيريس", "غوتيرس"]);
        check("Ryabkov", Lang::Fr, &[]);
        check("Ryabkov", Lang::Es, &[]);
    }

    #[test]
    fn preferred_spelling_comes_first() {
        let first = |word: &str, to: Lang| transliterate(word, to, 1);
        assert_eq!(first("Zakharova", Lang::Ru), ["Захарова"]);
        assert_eq!(first("Zakharova", Lang::Ar), ["زاخاروفا"]);
        assert_eq!(first("Lavrov", Lang::Ar), ["لافروف"]);
        assert_eq!(first("Shoigu", Lang::Ar), ["شويغو"]);
        assert_eq!(first("Рябков", Lang::Ar), ["ريابكوف"]);
        assert_eq!(first("Рябков", Lang::En), ["Ryabkov"]);
        assert_eq!(first("Shchedrin", Lang::Ru), ["Щедрин"]);
    }

    #[test]
    fn arabic_is_read_as_consonants_and_long_vowels() {
        // No short vowels are written, so this is a best effort: the press spelling should be
        // among the first few readings.
        let check = |word: &str, to: Lang, expected: &str| {
            let candidates = transliterate(word, to, 5);
            assert!(
                candidates.iter().any(|c| c == expected),
                "{word} → {candidates:?}, expected {expected}"
            );
        };
        check("بيسكوف", Lang::En, "Biskov");
        check("بيسكوف", Lang::En, "Beskov");
        check("لافروف", Lang::En, "Lavrov");
        check("لافروف", Lang::Ru, "Лавров");
        check("زاخاروفا", Lang::Ru, "Захарова");
        check("شويغو", Lang::En, "Shoigu");
    }

    #[test]
    fn empty_for_the_same_script_or_an_unknown_one() {
        assert!(transliterate("Peskov", Lang::En, 3).is_empty());
        assert!(transliterate("Песков", Lang::Ru, 3).is_empty());
        assert!(transliterate("بيسكوف", Lang::Ar, 3).is_empty());
        assert!(transliterate("Peskov", Lang::Zh, 3).is_empty());
        assert!(transliterate("Peskov", Lang::Und, 3).is_empty());
        assert!(transliterate("习近平", Lang::Ru, 3).is_empty());
        assert!(transliterate("Πούτιν", Lang::Ru, 3).is_empty());
        assert!(transliterate("", Lang::Ru, 3).is_empty());
        assert!(transliterate("1991", Lang::Ru, 3).is_empty());
        // A mixed word (a Cyrillic а in a Latin name) is not guessed at.
        assert!(transliterate("Lavrovа", Lang::Ar, 3).is_empty());
        assert!(transliterate("Peskov", Lang::Ru, 0).is_empty());
    }

    #[test]
    fn output_is_capitalised_and_arabic_has_no_diacritics() {
        assert_eq!(transliterate("PESKOV", Lang::Ru, 1), ["Песков"]);
        assert_eq!(transliterate("песков", Lang::En, 1), ["Peskov"]);
        // Harakat and tatweel in the input change nothing.
        assert_eq!(
            transliterate("بِيسْكُـوف", Lang::En, 3),
            transliterate("بيسكوف", Lang::En, 3)
        );
        for candidate in transliterate("Zakharova", Lang::Ar, 10) {
            assert!(
                candidate
                    .chars()
                    .all(|c| !('\u{064B}'..='\u{065F}').contains(&c)),
                "{candidate}"
            );
        }
    }

    #[test]
    fn latin_diacritics_are_read() {
        assert_eq!(transliterate("Vučić", Lang::Ru, 1), ["Вучич"]);
        assert_eq!(transliterate("Vučić", Lang::Ar, 1), ["فوتشيتش"]);
        assert_eq!(transliterate("Erdoğan", Lang::Ru, 1), ["Эрдоган"]);
        // Decomposed input (NFD) reads like composed input.
        assert_eq!(transliterate("Сергеи\u{306}", Lang::En, 1), ["Sergey"]);
        assert_eq!(transliterate("Vuc\u{30C}ic\u{301}", Lang::Ru, 1), ["Вучич"]);
    }

    #[test]
    fn hyphens_are_kept_and_start_a_new_word() {
        let candidates = transliterate("Nur-Sultan", Lang::Ru, 3);
        assert!(
            candidates.iter().any(|c| c == "Нур-султан"),
            "{candidates:?}"
        );
    }

    #[test]
    fn candidates_are_unique_and_capped() {
        for limit in [1, 2, 5, 50] {
            let candidates = transliterate("Guterres", Lang::Ar, limit);
            assert!(!candidates.is_empty() && candidates.len() <= limit);
            let unique: HashSet<&String> = candidates.iter().collect();
            assert_eq!(unique.len(), candidates.len(), "{candidates:?}");
        }
    }

    #[test]
    fn long_words_stay_bounded() {
        // Every letter is ambiguous; without the beam this would be 2^300 spellings.
        let word = "ae".repeat(150);
        let candidates = transliterate(&word, Lang::Ar, 1000);
        assert!(!candidates.is_empty() && candidates.len() <= MAX_BEAM);
    }

    #[test]
    fn skeleton_is_shared_across_scripts() {
        // Latin, Russian and Arabic spellings from the case lists above.
        let triples = [
            ("Peskov", "Песков", "بيسكوف", "bskf"),
            ("Lavrov", "Лавров", "لافروف", "lfrf"),
            ("Zakharova", "Захарова", "زاخاروفا", "zhrf"),
            ("Shoigu", "Шойгу", "شويغو", "xg"),
            ("Nebenzia", "Небензя", "نيبينزيا", "nbnz"),
            ("Ryabkov", "Рябков", "ريابكوف", "rbkf"),
            ("Putin", "Путин", "بوتين", "btn"),
            ("Medvedev", "Медведев", "ميدفيديف", "mdfdf"),
            ("Macron", "Макрон", "ماكرون", "mkrn"),
            ("Blinken", "Блинкен", "بلينكن", "blnkn"),
            ("Gorbachev", "Горбачёв", "غورباتشوف", "grbxf"),
            ("Khrushchev", "Хрущёв", "خروتشوف", "hrxf"),
            ("Kocharyan", "Кочарян", "كوتشاريان", "kxrn"),
            ("Sergey", "Сергей", "سيرغي", "srg"),
            ("Vladimir", "Владимир", "فلاديمير", "fldmr"),
            ("Obama", "Обама", "أوباما", "bm"),
        ];
        for (latin, cyrillic, arabic, key) in triples {
            assert_eq!(
                [skeleton(latin), skeleton(cyrillic), skeleton(arabic)],
                [key, key, key],
                "{latin} {cyrillic} {arabic}"
            );
        }
    }

    #[test]
    fn skeleton_of_non_letters_is_empty() {
        assert_eq!(skeleton(""), "");
        assert_eq!(skeleton("1991"), "");
        assert_eq!(skeleton("习近平"), "");
        assert_eq!(skeleton("Aya"), "");
    }

    #[test]
    fn parse_errors_name_the_line() {
        let err = |tsv: &str| Rules::parse(tsv).unwrap_err().to_string();
        assert_eq!(
            err("latn>grek\ta\tα"),
            "line 1: unknown table `latn>grek`; use source>target with latn, cyrl, arab (target also key)"
        );
        assert_eq!(
            err("# header\nlatn>cyrl\ta"),
            "line 2: expected 3 tab-separated fields (table, pattern, outputs), found 2"
        );
        assert_eq!(
            err("latn>cyrl\tж\tж"),
            "line 1: the pattern `ж` is not lowercase letters of the source script"
        );
        assert_eq!(
            err("latn>cyrl\ta\tb"),
            "line 1: `b` is not written in the target script (write `-` for nothing)"
        );
        assert_eq!(
            err("latn>cyrl\ta\tа б в г д"),
            "line 1: give between 1 and 4 outputs, found 5"
        );
        assert_eq!(
            err("latn>key\ta\t- b"),
            "line 1: a key table gives exactly one output per pattern"
        );
        assert_eq!(
            err("latn>cyrl\ta\tа\nlatn>cyrl\ta\tя"),
            "line 2: `a` already has a rule in this table on line 1"
        );
        assert_eq!(
            err("latn>cyrl\ta\tа"),
            "table `latn>cyrl` has no plain rule for the letter `b`"
        );
    }

    #[test]
    fn never_panics_on_odd_input() {
        // A seeded xorshift over letters of the three scripts, marks, digits and punctuation.
        let alphabet: Vec<char> = "aeyhkszčŝ-'щъьёйяبيوءةىأًـ1 \u{301}\u{200b}Ω"
            .chars()
            .collect();
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        for _ in 0..500 {
            let mut word = String::new();
            for _ in 0..(state % 24) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                word.push(alphabet[(state % alphabet.len() as u64) as usize]);
            }
            for lang in [Lang::En, Lang::Ar, Lang::Ru] {
                assert!(transliterate(&word, lang, 3).len() <= 3);
            }
            let _ = skeleton(&word);
        }
    }
}
