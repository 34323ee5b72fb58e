//! Document types: official statement, joint declaration, press briefing, news report, speech,
//! resolution, letter or report, from curated cues in `data/doc-types.tsv`.
//!
//! Strong cues decide before weak ones: a UN document symbol (`S/RES/2231`), then the words a
//! title starts with ("Joint statement", "Заявление"), then a news outlet as the source, then
//! title words anywhere, then the opening lines ("Letter dated", "Mr. President,"), and last the
//! body, where only a type named at least twice counts. No cue gives `None`: a wrong type is a
//! wrong facet, which is worse for a researcher than a missing one.
//!
//! This module reads text only; the catalog's and front matter's `type` override it elsewhere.

use std::borrow::Cow;
use std::sync::LazyLock;

use rustc_hash::FxHashMap;

use crate::vocab::data_lines;
use crate::vocab::fold::{TextWord, alias_key, words};

use crate::model::{DocType, Lang};

/// The compiled-in data file (also hashed into the corpus fingerprint).
pub(crate) const DATA: &str = include_str!("../../data/doc-types.tsv");

static CUES: LazyLock<TypeCues> = LazyLock::new(|| {
    TypeCues::parse(DATA).unwrap_or_else(|err| {
        panic!("data/doc-types.tsv: {err} (the unit test `compiled_in_cues_parse` checks this)")
    })
});

/// How much of the body counts as its opening: a letter's "Letter dated …" line or a speech's
/// first sentence, not the rest, where "the General Assembly" or "Mr. President" may be named.
const OPENING_BYTES: usize = 600;
/// Hits a body cue type needs: one "my country" proves little.
const MIN_BODY_HITS: usize = 2;

/// Why `data/doc-types.tsv` could not be parsed. Line numbers are 1-based.
#[derive(Debug, thiserror::Error)]
pub enum TypeCuesError {
    #[error("line {line}: expected 4 tab-separated fields (lang, where, type, cue), found {found}")]
    FieldCount { line: usize, found: usize },
    #[error(
        "line {line}: unknown place `{place}`; use symbol, title-start, source, title, opening or body"
    )]
    UnknownPlace { line: usize, place: String },
    #[error("line {line}: unknown language `{lang}`; use en, ar, ru or *")]
    UnknownLang { line: usize, lang: String },
    #[error("line {line}: unknown type `{doc_type}`; use one of {}", type_codes())]
    UnknownType { line: usize, doc_type: String },
    #[error("line {line}: the cue is empty")]
    EmptyCue { line: usize },
}

fn type_codes() -> String {
    let codes: Vec<&str> = DocType::ALL.iter().map(|t| t.code()).collect();
    codes.join(", ")
}

/// Where a cue is looked for, strongest first (the declaration order is the priority).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Place {
    Symbol,
    TitleStart,
    Source,
    Title,
    Opening,
    Body,
}

impl Place {
    const ALL: [Place; 6] = [
        Place::Symbol,
        Place::TitleStart,
        Place::Source,
        Place::Title,
        Place::Opening,
        Place::Body,
    ];

    fn from_code(code: &str) -> Option<Place> {
        match code {
            "symbol" => Some(Place::Symbol),
            "title-start" => Some(Place::TitleStart),
            "source" => Some(Place::Source),
            "title" => Some(Place::Title),
            "opening" => Some(Place::Opening),
            "body" => Some(Place::Body),
            _ => None,
        }
    }
}

#[derive(Debug)]
struct TypeCue {
    place: Place,
    /// `None` for cues of any language (symbols, sources).
    lang: Option<Lang>,
    doc_type: DocType,
    /// The symbol substring for `Place::Symbol`, else unused.
    raw: String,
    /// Folded words.
    words: Vec<String>,
    /// The text must have a colon right after the last word ("Question:").
    colon: bool,
}

#[derive(Debug)]
struct TypeCues {
    cues: Vec<TypeCue>,
}

impl TypeCues {
    fn parse(tsv: &str) -> Result<TypeCues, TypeCuesError> {
        let mut cues = Vec::new();
        for (line, fields) in data_lines(tsv) {
            let [lang, place, doc_type, cue] = fields[..] else {
                return Err(TypeCuesError::FieldCount {
                    line,
                    found: fields.len(),
                });
            };
            let Some(place) = Place::from_code(place) else {
                return Err(TypeCuesError::UnknownPlace {
                    line,
                    place: place.to_string(),
                });
            };
            let lang = match lang {
                "*" => None,
                code => match Lang::from_code(code)
                    .filter(|l| [Lang::En, Lang::Ar, Lang::Ru].contains(l))
                {
                    Some(lang) => Some(lang),
                    None => {
                        return Err(TypeCuesError::UnknownLang {
                            line,
                            lang: code.to_string(),
                        });
                    }
                },
            };
            let Some(doc_type) = DocType::from_code(doc_type) else {
                return Err(TypeCuesError::UnknownType {
                    line,
                    doc_type: doc_type.to_string(),
                });
            };
            let raw = cue.trim();
            let words: Vec<String> = raw
                .split_whitespace()
                .map(alias_key)
                .filter(|w| !w.is_empty())
                .collect();
            let is_empty = match place {
                Place::Symbol => raw.is_empty(),
                _ => words.is_empty(),
            };
            if is_empty {
                return Err(TypeCuesError::EmptyCue { line });
            }
            cues.push(TypeCue {
                place,
                lang,
                doc_type,
                raw: raw.to_string(),
                words,
                colon: raw.ends_with(':'),
            });
        }
        Ok(TypeCues { cues })
    }
}

/// What a document's type is read from.
pub(crate) struct TypeInput<'a> {
    pub title: &'a str,
    /// The paragraphs joined by blank lines.
    pub body: &'a str,
    /// The words of `body` (`fold::words`), which parsing reads once for cues of every kind.
    pub body_words: &'a [TextWord],
    pub source: Option<&'a str>,
    pub doc_symbol: Option<&'a str>,
    pub lang: Lang,
}

/// The document's type by the strongest cue that matches, or `None`.
pub(crate) fn classify(input: &TypeInput<'_>) -> Option<DocType> {
    let cues = &*CUES;
    let title = Text::new(input.title);
    let source = input.source.map(Text::new);
    // The opening is split into words only when reached: most documents are typed by
    // symbol, title or source. The body's words come with the input.
    let opening = std::cell::OnceCell::new();
    let opening = || opening.get_or_init(|| Text::new(prefix(input.body, OPENING_BYTES)));
    let body = || Text {
        text: input.body,
        words: Cow::Borrowed(input.body_words),
    };
    let applies = |cue: &&TypeCue| cue.lang.is_none_or(|lang| lang == input.lang);
    for place in Place::ALL {
        let mut place_cues = cues
            .cues
            .iter()
            .filter(|cue| cue.place == place)
            .filter(applies);
        let found = match place {
            Place::Symbol => input
                .doc_symbol
                .and_then(|symbol| place_cues.find(|cue| symbol.contains(cue.raw.as_str()))),
            Place::TitleStart => place_cues.find(|cue| title.starts_with(cue)),
            Place::Source => source
                .as_ref()
                .and_then(|source| place_cues.find(|cue| source.find(cue).is_some())),
            Place::Title => place_cues.find(|cue| title.find(cue).is_some()),
            Place::Opening => opening().first_of(&CueIndex::new(place_cues)),
            // A UN document is never a news report, though its reports use reporting verbs.
            Place::Body if input.doc_symbol.is_some() => {
                return most_hits(
                    place_cues.filter(|cue| cue.doc_type != DocType::NewsReport),
                    &body(),
                );
            }
            Place::Body => return most_hits(place_cues, &body()),
        };
        if let Some(cue) = found {
            return Some(cue.doc_type);
        }
    }
    None
}

/// The type with the most body-cue hits, if it has at least [`MIN_BODY_HITS`]; a tie goes to
/// the type listed first.
fn most_hits<'c>(cues: impl Iterator<Item = &'c TypeCue>, body: &Text<'_>) -> Option<DocType> {
    let index = CueIndex::new(cues);
    let mut hits: Vec<(DocType, usize)> = Vec::new();
    for cue in &index.in_order {
        if !hits.iter().any(|(doc_type, _)| *doc_type == cue.doc_type) {
            hits.push((cue.doc_type, 0));
        }
    }
    for cue in body.hits(&index) {
        if let Some((_, total)) = hits.iter_mut().find(|(t, _)| *t == cue.doc_type) {
            *total += 1;
        }
    }
    let best = hits.iter().map(|(_, n)| *n).max()?;
    hits.into_iter()
        .find(|(_, n)| *n == best && best >= MIN_BODY_HITS)
        .map(|(doc_type, _)| doc_type)
}

/// Cues by their first word, so a text is read once for all of them instead of once per cue
/// (perf: the per-cue passes were a tenth of parsing).
struct CueIndex<'c> {
    in_order: Vec<&'c TypeCue>,
    by_first_word: FxHashMap<&'c str, Vec<&'c TypeCue>>,
}

impl<'c> CueIndex<'c> {
    fn new(cues: impl Iterator<Item = &'c TypeCue>) -> CueIndex<'c> {
        let in_order: Vec<&TypeCue> = cues.collect();
        let mut by_first_word: FxHashMap<&str, Vec<&TypeCue>> = FxHashMap::default();
        for cue in &in_order {
            if let Some(first) = cue.words.first() {
                by_first_word.entry(first.as_str()).or_default().push(cue);
            }
        }
        CueIndex {
            in_order,
            by_first_word,
        }
    }
}

/// At most `max` bytes of the start of `text`, cut at a character boundary.
fn prefix(text: &str, max: usize) -> &str {
    let mut end = max.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// A text and its folded words, for cue matching.
struct Text<'a> {
    text: &'a str,
    words: Cow<'a, [TextWord]>,
}

impl<'a> Text<'a> {
    fn new(text: &'a str) -> Text<'a> {
        Text {
            text,
            words: Cow::Owned(words(text)),
        }
    }

    fn matches_at(&self, idx: usize, cue: &TypeCue) -> bool {
        let Some(window) = self.words.get(idx..idx + cue.words.len()) else {
            return false;
        };
        let words_match = window
            .iter()
            .zip(&cue.words)
            .all(|(word, key)| word.key == *key);
        words_match
            && (!cue.colon
                || window
                    .last()
                    .is_some_and(|word| self.text[word.end..].trim_start().starts_with(':')))
    }

    fn starts_with(&self, cue: &TypeCue) -> bool {
        self.matches_at(0, cue)
    }

    /// The byte offset of the first match.
    fn find(&self, cue: &TypeCue) -> Option<usize> {
        (0..self.words.len())
            .find(|&idx| self.matches_at(idx, cue))
            .map(|idx| self.words[idx].start)
    }

    /// Every match of a cue of `index`, in text order and, at one word, in the cues' order.
    fn hits<'s, 'c>(&'s self, index: &'s CueIndex<'c>) -> impl Iterator<Item = &'c TypeCue> + 's {
        self.words.iter().enumerate().flat_map(move |(idx, word)| {
            index
                .by_first_word
                .get(word.key.as_str())
                .into_iter()
                .flatten()
                .copied()
                .filter(move |cue| self.matches_at(idx, cue))
        })
    }

    /// The cue of `index` that matches first in the text (the first listed, at one word).
    fn first_of<'c>(&self, index: &CueIndex<'c>) -> Option<&'c TypeCue> {
        self.hits(index).next()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(
        lang: Lang,
        title: &str,
        body: &str,
        source: Option<&str>,
        symbol: Option<&str>,
        expected: Option<DocType>,
    ) {
        let body_words = words(body);
        let input = TypeInput {
            title,
            body,
            body_words: &body_words,
            source,
            doc_symbol: symbol,
            lang,
        };
        assert_eq!(classify(&input), expected, "type of {title:?} / {body:?}");
    }

    #[test]
    fn compiled_in_cues_parse() {
        let cues = &*CUES;
        for doc_type in DocType::ALL {
            assert!(
                cues.cues.iter().any(|cue| cue.doc_type == doc_type),
                "no cue for {}",
                doc_type.code()
            );
        }
    }

    #[test]
    fn data_errors_name_the_line() {
        let err = |tsv: &str| TypeCues::parse(tsv).err().map(|e| e.to_string());
        assert_eq!(
            err("# header\n\nen\ttitle\tspeech\n").as_deref(),
            Some("line 3: expected 4 tab-separated fields (lang, where, type, cue), found 3")
        );
        assert!(
            err("en\theadline\tspeech\tx\n")
                .is_some_and(|e| e.starts_with("line 1: unknown place"))
        );
        assert!(
            err("fr\ttitle\tspeech\tx\n")
                .is_some_and(|e| e.starts_with("line 1: unknown language"))
        );
        assert!(err("en\ttitle\tmemo\tx\n").is_some_and(|e| {
            e.starts_with("line 1: unknown type `memo`; use one of official-statement")
        }));
        assert_eq!(
            err("en\ttitle\tspeech\t--\n").as_deref(),
            Some("line 1: the cue is empty")
        );
    }

    #[test]
    fn symbols_decide_first() {
        let body = "Mr. President, the Security Council decides to remain seized of the matter.";
        check(
            Lang::En,
            "UN document",
            body,
            None,
            Some("S/RES/2231 (2015)"),
            Some(DocType::Resolution),
        );
        check(
            Lang::Ru,
            "Документ",
            "Текст.",
            None,
            Some("A/69/L.63"),
            Some(DocType::Resolution),
        );
        check(
            Lang::Ar,
            "وثيقة",
            "نص.",
            None,
            Some("NPT/CONF.2015/WP.43"),
            Some(DocType::Report),
        );
        check(
            Lang::En,
            "UN document",
            "Text.",
            None,
            Some("S/PRST/2015/11"),
            Some(DocType::OfficialStatement),
        );
    }

    #[test]
    fn titles_in_three_languages() {
        let none = None;
        check(
            Lang::En,
            "Joint statement of Russia and China on strategic stability",
            "Text.",
            none,
            none,
            Some(DocType::JointDeclaration),
        );
        check(
            Lang::En,
            "Statement by the foreign ministers of the CSTO member states",
            "Text.",
            none,
            none,
            Some(DocType::OfficialStatement),
        );
        check(
            Lang::En,
            "Briefing by Foreign Ministry Spokeswoman Maria Zakharova",
            "Text.",
            none,
            none,
            Some(DocType::PressBriefing),
        );
        check(
            Lang::Ru,
            "Совместное заявление Российской Федерации и Китайской Народной Республики",
            "Текст.",
            none,
            none,
            Some(DocType::JointDeclaration),
        );
        check(
            Lang::Ru,
            "Комментарий официального представителя МИД России",
            "Текст.",
            none,
            none,
            Some(DocType::OfficialStatement),
        );
        check(
            Lang::Ru,
            "Брифинг официального представителя МИД России М.В.Захаровой",
            "Текст.",
            none,
            none,
            Some(DocType::PressBriefing),
        );
        check(
            Lang::Ar,
            "بيان مشترك لروسيا والصين",
            "نص.",
            none,
            none,
            Some(DocType::JointDeclaration),
        );
        check(
            Lang::Ar,
            "بيان وزارة الخارجية الروسية",
            "نص.",
            none,
            none,
            Some(DocType::OfficialStatement),
        );
        check(
            Lang::Ar,
            "إحاطة صحفية للمتحدثة باسم وزارة الخارجية",
            "نص.",
            none,
            none,
            Some(DocType::PressBriefing),
        );
    }

    #[test]
    fn news_outlets_and_datelines() {
        let title = "Iran deal approved";
        check(
            Lang::En,
            title,
            "Text.",
            Some("Reuters"),
            None,
            Some(DocType::NewsReport),
        );
        check(
            Lang::Ar,
            "مجلس الأمن يقر الاتفاق",
            "نص.",
            Some("Al-Weeam via SaudiNewsNet (GitHub)"),
            None,
            Some(DocType::NewsReport),
        );
        check(
            Lang::Ar,
            "ظريف: الاتهامات أكاذيب",
            "برلين 25 شوال 1436 هـ واس\nأكد وزير الخارجية أن المملكة حريصة.",
            None,
            None,
            Some(DocType::NewsReport),
        );
        check(
            Lang::Ru,
            "Лавров о договоре",
            "МОСКВА, 14 марта. /ТАСС/. Министр заявил.",
            None,
            None,
            Some(DocType::NewsReport),
        );
        // "RT" is a word of the source name, not a part of "Report".
        check(Lang::En, title, "Text.", Some("Report archive"), None, None);
    }

    #[test]
    fn openings_letters_speeches_and_briefings() {
        check(
            Lang::En,
            "UN document",
            "Letter dated 3 March 2015 from the Permanent Representative of Ukraine",
            None,
            None,
            Some(DocType::Letter),
        );
        check(
            Lang::Ru,
            "Документ",
            "Имею честь препроводить настоящим текст заявления.",
            None,
            None,
            Some(DocType::Letter),
        );
        check(
            Lang::Ar,
            "وثيقة",
            "رسالة مؤرخة 3 آذار/مارس 2015 موجهة إلى الأمين العام",
            None,
            None,
            Some(DocType::Letter),
        );
        check(
            Lang::En,
            "I extend my congratulations",
            "I extend my congratulations to you, Mr. President, on your election to the presidency of the General Assembly.",
            None,
            None,
            Some(DocType::Speech),
        );
        check(
            Lang::Ar,
            "كلمة",
            "السيد الرئيس، أود أن أهنئكم.",
            None,
            None,
            Some(DocType::Speech),
        );
        check(
            Lang::En,
            "Press conference",
            "Question: Will Russia take part? Answer: Yes.",
            None,
            None,
            Some(DocType::PressBriefing),
        );
        check(
            Lang::Ru,
            "Ответы на вопросы",
            "Текст.",
            None,
            None,
            Some(DocType::PressBriefing),
        );
        // A question without its colon is just a word.
        check(
            Lang::En,
            "The question of Palestine",
            "The question of Palestine remains open.",
            None,
            None,
            None,
        );
    }

    #[test]
    fn body_cues_need_two_hits() {
        let one = "The committee met. My delegation supports the draft.";
        check(Lang::En, "Minutes", one, None, None, None);
        let two =
            "The committee met. My delegation supports the draft, and my country will vote for it.";
        check(Lang::En, "Minutes", two, None, None, Some(DocType::Speech));
        let news = "وقال الوزير إن الاتفاق جيد. وأضاف أن إيران ستلتزم.";
        check(
            Lang::Ar,
            "الاتفاق النووي",
            news,
            None,
            None,
            Some(DocType::NewsReport),
        );
        let un_report = "وأشار التحقيق إلى ذلك. وقال الفريق إن الهجوم وقع.";
        check(
            Lang::Ar,
            "UN document S/2015/147",
            un_report,
            None,
            Some("S/2015/147"),
            None,
        );
        check(
            Lang::En,
            "Meeting record",
            "",
            None,
            Some("S/PV.7500"),
            Some(DocType::Speech),
        );
    }
}
