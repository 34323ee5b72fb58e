//! What the text itself says about a statement: headline, date, dateline place, source URL
//! and document number. Works on the text after boilerplate removal, plus the dateline that
//! removal cut off.
//!
//! The rule throughout is to read only what is *stated where a statement states it*: the head of
//! the document (dateline area), a press-wire dateline, or a short date line in the signature
//! block. A date met in running text ("the 2008 draft treaty", "(March 14, 2019)" in a list of
//! earlier statements) is history, not the statement's date, so it is never used; we prefer
//! `None` to a guess. Metadata lines found in the head (a date, a document number, a lone city,
//! a URL) are removed from the body, as is a headline used as the title. Catalog overrides and
//! actors are applied in `mod.rs`.

use std::collections::HashMap;
use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use super::dates::{FoundDate, find_dates};
use super::paragraphs::{collapse_whitespace, is_hard_wrapped};

/// The compiled-in place list; `corpus::fingerprint` hashes it too.
pub(crate) const PLACES_DATA: &str = include_str!("../../data/places.tsv");

/// The head (dateline area) is at most this many non-empty lines …
const HEAD_LINES: usize = 6;
/// … starting within this many characters of the start.
const HEAD_CHARS: usize = 600;
/// Lines of the signature block at the end that may carry the date.
const TAIL_LINES: usize = 4;
/// A headline longer than this is a paragraph.
const MAX_TITLE_CHARS: usize = 200;
const MAX_TITLE_WORDS: usize = 32;
/// A derived title is cut at a word boundary near this length.
const MAX_DERIVED_TITLE_CHARS: usize = 140;
/// A date line is short and holds little besides the date (a city, a weekday, a label).
const MAX_DATE_LINE_CHARS: usize = 100;
const MAX_TAIL_DATE_LINE_CHARS: usize = 60;
const MAX_DATE_LINE_WORDS_BEFORE: usize = 3;
/// Words that may follow a date on a date line ("2023 г.", "2023 года", "2015 م"), lowercase;
/// matched ignoring case, since page furniture is often in capitals ("9 НОЯБРЯ 2023 ГОДА").
const YEAR_MARKERS: [&str; 6] = ["г", "года", "год", "م", "ad", "ce"];
/// A dateline date ("MOSCOW, 14 March 2022 —") starts this close to the line start.
const MAX_DATELINE_PREFIX_CHARS: usize = 40;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Extracted {
    /// The headline, if the text has one (outlet suffix already removed by `boilerplate`).
    pub title: Option<String>,
    pub date: Option<NaiveDate>,
    pub place: Option<&'static str>,
    pub source_url: Option<String>,
    pub doc_symbol: Option<String>,
    /// The text without the headline and the head's metadata lines.
    pub body: String,
}

/// What a line of the head is.
#[derive(Debug, Clone, PartialEq)]
enum HeadLine {
    Url(String),
    DocNumber {
        symbol: String,
        date: Option<NaiveDate>,
    },
    Date {
        date: NaiveDate,
        place: Option<&'static str>,
    },
    Place(&'static str),
    Content,
}

struct Places {
    names: Vec<String>,
    by_alias: HashMap<String, usize>,
    /// The most words any alias has, to bound the look-ups per segment.
    max_words: usize,
}

static PLACES: LazyLock<Places> =
    LazyLock::new(|| parse_places(PLACES_DATA).expect("data/places.tsv is checked by a unit test"));

static URL_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?i:(?:source|url|link|original|источник|ссылка|المصدر|الرابط)\s*:\s*)?(https?://\S+)$",
    )
    .unwrap()
});
/// The Russian MFA's document numbers: running number, then dd-mm-yyyy ("1208-20-06-2023").
static MFA_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[0-9]{1,5}-[0-9]{2}-[0-9]{2}-[0-9]{4}$").unwrap());
/// A UN document symbol standing alone on a line ("A/RES/77/250", "NPT/CONF.2015/WP.43").
static UN_SYMBOL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:A|S|E|CD|NPT|CCW|BWC|APLC|ST|UNEP|TD)(?:/[A-Z0-9][A-Za-z0-9.\-]*){1,6}$")
        .unwrap()
});
/// Where a dateline's segments split: commas, brackets, slashes, spaced dashes, en/em dashes.
static SEGMENT_SPLIT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[,،()/|]|\s-+\s|[–—]").unwrap());
/// What may follow a dateline date: a dash, a colon, a bracket, "/TASS/"-like marks, or nothing.
static AFTER_DATELINE_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(?:г\.|года)?\s*(?:[—–\-:(/|]|\.\s*/|$)").unwrap());
/// What may precede a dateline date: a few words (a city, a weekday, "date") and commas, Latin
/// or Arabic ("موسكو، 14 آذار 2022 - …").
static BEFORE_DATELINE_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[\p{L}\s.,،'’\-]*$").unwrap());
/// A time of day after a page's date ("20.06.2023 14:35", "2024-03-01 09:30:15").
static TIME_OF_DAY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?$").unwrap());

pub(crate) fn extract(text: &str, dateline: &str) -> Extracted {
    let lines: Vec<&str> = text.split('\n').collect();
    let nonempty: Vec<usize> = (0..lines.len())
        .filter(|&i| !lines[i].trim().is_empty())
        .collect();
    let head = classify_head(&lines);
    let content: Vec<usize> = head
        .iter()
        .filter(|(_, kind)| *kind == HeadLine::Content)
        .map(|(i, _)| *i)
        .collect();
    let n_content_lines = nonempty.len() - (head.len() - content.len());
    let title_idx = content.first().copied().filter(|&i| {
        n_content_lines > 1
            && is_headline(lines[i], lines.get(i + 1).copied())
            && !starts_hard_wrapped_block(&lines, i, &head)
    });
    let first_paragraph_idx = content.iter().copied().find(|&i| Some(i) != title_idx);
    let tail_start = nonempty.len().saturating_sub(TAIL_LINES).max(head.len());
    let tail: Vec<&str> = nonempty[tail_start..].iter().map(|&i| lines[i]).collect();

    Extracted {
        title: title_idx.map(|i| collapse_whitespace(lines[i])),
        date: choose_date(
            dateline,
            &head,
            content.iter().take(2).map(|&i| lines[i]),
            &tail,
        ),
        place: choose_place(dateline, &head, first_paragraph_idx.map(|i| lines[i])),
        source_url: head.iter().find_map(|(_, kind)| match kind {
            HeadLine::Url(url) => Some(url.clone()),
            _ => None,
        }),
        doc_symbol: head.iter().find_map(|(_, kind)| match kind {
            HeadLine::DocNumber { symbol, .. } => Some(symbol.clone()),
            _ => None,
        }),
        body: body_without(&lines, &head, title_idx),
    }
}

/// The head's non-empty lines (index, kind): the first `HEAD_LINES` starting within `HEAD_CHARS`.
fn classify_head(lines: &[&str]) -> Vec<(usize, HeadLine)> {
    let mut head = Vec::new();
    let mut n_chars = 0;
    for (i, line) in lines.iter().enumerate() {
        if head.len() == HEAD_LINES || n_chars >= HEAD_CHARS {
            break;
        }
        if !line.trim().is_empty() {
            head.push((i, classify(line)));
        }
        n_chars += line.chars().count() + 1;
    }
    head
}

/// In order of trust: a press-wire dateline, a date or document-number line in the head, a
/// dateline opening one of the first lines, a date line in the signature block.
fn choose_date<'t>(
    dateline: &str,
    head: &[(usize, HeadLine)],
    first_content_lines: impl Iterator<Item = &'t str>,
    tail: &[&str],
) -> Option<NaiveDate> {
    find_dates(dateline)
        .first()
        .map(|d| d.date)
        .or_else(|| {
            head.iter().find_map(|(_, kind)| match kind {
                HeadLine::DocNumber { date, .. } => *date,
                HeadLine::Date { date, .. } => Some(*date),
                _ => None,
            })
        })
        .or_else(|| {
            let mut lines = first_content_lines;
            lines.find_map(dateline_date)
        })
        .or_else(|| {
            tail.iter()
                .find_map(|line| date_line(line, MAX_TAIL_DATE_LINE_CHARS).map(|(d, _)| d))
        })
}

/// In order of trust: a press-wire dateline, a date or city line in the head, a dateline
/// opening the first paragraph.
fn choose_place(
    dateline: &str,
    head: &[(usize, HeadLine)],
    first_paragraph: Option<&str>,
) -> Option<&'static str> {
    place_in_dateline(dateline)
        .or_else(|| {
            head.iter().find_map(|(_, kind)| match kind {
                HeadLine::Date { place, .. } => *place,
                HeadLine::Place(place) => Some(*place),
                _ => None,
            })
        })
        .or_else(|| first_paragraph.and_then(place_at_paragraph_start))
}

fn body_without(lines: &[&str], head: &[(usize, HeadLine)], title_idx: Option<usize>) -> String {
    let mut body = String::new();
    for (i, line) in lines.iter().enumerate() {
        let is_metadata = head
            .iter()
            .any(|(h, kind)| *h == i && *kind != HeadLine::Content);
        if is_metadata || Some(i) == title_idx {
            continue;
        }
        body.push_str(line);
        body.push('\n');
    }
    body
}

/// A title made from the first sentence of the first paragraph, cut at a word boundary with
/// "…" when long; for texts without a headline.
pub(crate) fn title_from_first_sentence(paragraph: &str) -> String {
    let sentence = first_sentence(paragraph).trim();
    if sentence.chars().count() <= MAX_DERIVED_TITLE_CHARS {
        return sentence.trim_end_matches('.').trim_end().to_string();
    }
    let cut = sentence
        .char_indices()
        .nth(MAX_DERIVED_TITLE_CHARS)
        .map_or(sentence.len(), |(i, _)| i);
    let head = &sentence[..cut];
    let head = match head.rfind(char::is_whitespace) {
        Some(space) if space > cut / 2 => &head[..space],
        _ => head,
    };
    let head = head.trim_end_matches(|c: char| !c.is_alphanumeric() && c != ')' && c != '"');
    format!("{head}…")
}

fn first_sentence(paragraph: &str) -> &str {
    const ABBREVIATIONS: [&str; 8] = ["Prof", "Art", "Inc", "Ltd", "vs", "etc", "para", "paras"];
    let mut chars = paragraph.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !matches!(c, '.' | '!' | '?' | '؟' | '。') {
            continue;
        }
        // Closing quotes belong to the sentence they end.
        let mut end = i + c.len_utf8();
        while let Some(&(j, q)) = chars.peek() {
            if matches!(q, '"' | '”' | '»' | '\'' | '’' | ')') {
                end = j + q.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        let followed_by_space = chars.peek().is_none_or(|&(_, n)| n.is_whitespace());
        if !followed_by_space {
            continue;
        }
        if c == '.' {
            let word = paragraph[..i]
                .rsplit(|ch: char| !ch.is_alphanumeric() && ch != '.')
                .next()
                .unwrap_or("");
            let is_initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
            // Mr., Mt., Dr., Gen., Sen.: a capital and one or two lowercase letters.
            let mut word_chars = word.chars();
            let is_title_abbreviation = (2..=3).contains(&word.chars().count())
                && word_chars.next().is_some_and(char::is_uppercase)
                && word_chars.all(char::is_lowercase);
            let is_abbreviation = ABBREVIATIONS.contains(&word) || word.contains('.');
            // "1." or "12." numbering a paragraph, not ending a sentence.
            let is_number = !word.is_empty() && word.chars().all(|ch| ch.is_ascii_digit());
            if is_initial || is_title_abbreviation || is_abbreviation || is_number {
                continue;
            }
        }
        return &paragraph[..end];
    }
    paragraph
}

fn classify(line: &str) -> HeadLine {
    let line = line.trim();
    if let Some(caps) = URL_LINE.captures(line) {
        return HeadLine::Url(caps[1].to_string());
    }
    if MFA_NUMBER.is_match(line) || UN_SYMBOL.is_match(line) {
        return HeadLine::DocNumber {
            symbol: line.to_string(),
            date: find_dates(line).first().map(|d| d.date),
        };
    }
    if let Some((date, place)) = date_line(line, MAX_DATE_LINE_CHARS) {
        return HeadLine::Date { date, place };
    }
    if let Some(place) = lookup_place(line) {
        return HeadLine::Place(place);
    }
    // "وكالة الأنباء – بيروت": an outlet or author of at most three words and a city.
    if line.chars().count() <= 60
        && let [first, second] = SEGMENT_SPLIT.split(line).collect::<Vec<_>>()[..]
    {
        let short = |s: &str| s.split_whitespace().count() <= 3;
        match (lookup_place(first), lookup_place(second)) {
            (Some(place), None) if short(second) => return HeadLine::Place(place),
            (None, Some(place)) if short(first) => return HeadLine::Place(place),
            _ => {}
        }
    }
    HeadLine::Content
}

/// A short line that is just a date, perhaps with a city or a label: "June 20, 2023",
/// "Минск, 20 июня 2023 г.", "20 June 2023, Geneva", "Dated: 1 May 2023". At most three words
/// before the date, and after it only a place or a year marker, so that a hard-wrapped sentence
/// ("On 11 September 2001, the world changed,") is not taken for one.
fn date_line(line: &str, max_chars: usize) -> Option<(NaiveDate, Option<&'static str>)> {
    let line = line.trim();
    // A full stop ends a sentence ("… состоявшееся 3 марта 2015 года."); "г." is an abbreviation.
    if line.chars().count() > max_chars || (line.ends_with('.') && !line.ends_with("г.")) {
        return None;
    }
    let found = *find_dates(line).first()?;
    let before = &line[..found.start];
    let after = &line[found.end..];
    let is_word = |w: &&str| w.chars().filter(|c| c.is_alphabetic()).count() >= 2;
    if before.split_whitespace().filter(is_word).count() > MAX_DATE_LINE_WORDS_BEFORE {
        return None;
    }
    let place_after = place_in_dateline(after);
    let after_ok = SEGMENT_SPLIT.split(after).all(|segment| {
        let segment = segment.trim_matches(|c: char| !c.is_alphanumeric());
        segment.is_empty()
            || YEAR_MARKERS.contains(&segment.to_lowercase().as_str())
            || TIME_OF_DAY.is_match(segment)
            || lookup_place(segment).is_some()
    });
    if !after_ok {
        return None;
    }
    let place = place_in_dateline(before).or(place_after);
    Some((found.date, place))
}

/// A date opening a paragraph as a dateline: "MOSCOW, 14 March 2022 — …", "date 2024-04-08 (…".
fn dateline_date(line: &str) -> Option<NaiveDate> {
    let line = line.trim_start();
    // Only the start of a (possibly very long) first paragraph can hold a dateline.
    let line = match line.char_indices().nth(MAX_DATELINE_PREFIX_CHARS + 60) {
        Some((cut, _)) => &line[..cut],
        None => line,
    };
    let FoundDate { date, start, end } = *find_dates(line).first()?;
    let before = &line[..start];
    let ok = before.chars().count() <= MAX_DATELINE_PREFIX_CHARS
        && before.split_whitespace().count() <= 4
        && BEFORE_DATELINE_DATE.is_match(before)
        && AFTER_DATELINE_DATE.is_match(&line[end..]);
    ok.then_some(date)
}

/// A city opening a dateline: any segment of it that starts with a known place.
fn place_in_dateline(dateline: &str) -> Option<&'static str> {
    SEGMENT_SPLIT
        .split(dateline)
        .find_map(place_at_segment_start)
}

/// "MOSCOW — …", "MOSCOW, …" or "Moscow, 14 March 2022 — …" at the start of the first paragraph.
/// A mixed-case city followed by a comma alone ("Moscow, however, …") is a sentence, not a dateline.
fn place_at_paragraph_start(line: &str) -> Option<&'static str> {
    let line = line.trim_start();
    let head: String = line.chars().take(MAX_DATELINE_PREFIX_CHARS + 20).collect();
    let segment = SEGMENT_SPLIT.split(&head).next()?;
    let place = place_at_segment_start(segment)?;
    let first = segment.trim();
    let rest = line[first.len()..].trim_start();
    let shouted = first.chars().any(char::is_alphabetic) && !first.chars().any(char::is_lowercase);
    let dash = rest.starts_with(['—', '–']) || rest.starts_with("- ");
    let dated = rest.starts_with(',') && dateline_date(line).is_some();
    (first.chars().count() <= 30 && (dash || dated || (shouted && rest.starts_with(','))))
        .then_some(place)
}

/// The place named by the first one to `max_words` words of `segment`, if the segment is only
/// that place or the place followed by more dateline text ("برلين 25 شوال …").
fn place_at_segment_start(segment: &str) -> Option<&'static str> {
    let words: Vec<&str> = segment.split_whitespace().collect();
    (1..=PLACES.max_words.min(words.len()))
        .rev()
        .find_map(|n| lookup_place(&words[..n].join(" ")))
}

fn lookup_place(text: &str) -> Option<&'static str> {
    let key = text
        .trim_matches(|c: char| {
            c.is_whitespace()
                || matches!(c, '.' | ',' | '،' | ':' | ';' | '"' | '«' | '»' | '“' | '”')
        })
        .to_lowercase();
    if key.is_empty() || key.len() > 60 {
        return None;
    }
    let places: &'static Places = &PLACES;
    places.by_alias.get(&key).map(|&i| places.names[i].as_str())
}

/// A first line that reads as a headline: short, not ending like a sentence or a fragment, and
/// not continued by a lowercase line (a hard-wrapped first sentence).
fn is_headline(line: &str, next_line: Option<&str>) -> bool {
    let line = line.trim();
    let n_chars = line.chars().count();
    let n_words = line.split_whitespace().count();
    let n_letters = line.chars().filter(|c| c.is_alphabetic()).count();
    if n_chars > MAX_TITLE_CHARS || n_words > MAX_TITLE_WORDS || n_letters < 3 {
        return false;
    }
    if line.ends_with(['.', ',', ';', ':', '-', '–', '—']) && !line.ends_with("...") {
        return false;
    }
    let continues_lowercase = next_line
        .and_then(|next| next.trim_start().chars().next())
        .is_some_and(char::is_lowercase);
    !continues_lowercase
}

/// "On behalf of the United Arab\nEmirates, I …": the first line of a wrapped paragraph. Two
/// lines are too few to tell a wrapped paragraph from a headline over a one-line lede, so the
/// block (metadata lines left out) must have at least three.
fn starts_hard_wrapped_block(lines: &[&str], start: usize, head: &[(usize, HeadLine)]) -> bool {
    let is_metadata = |i: usize| {
        head.iter()
            .any(|(h, kind)| *h == i && *kind != HeadLine::Content)
    };
    let block: Vec<&str> = (start..lines.len())
        .filter(|&i| !is_metadata(i))
        .map(|i| lines[i])
        .take_while(|line| !line.trim().is_empty())
        .collect();
    block.len() >= 3 && is_hard_wrapped(&block)
}

fn parse_places(data: &str) -> Result<Places, String> {
    let mut names: Vec<String> = Vec::new();
    let mut by_alias = HashMap::new();
    let mut max_words = 1;
    for (line_idx, line) in data.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let [name, lang, alias] = line.split('\t').collect::<Vec<_>>()[..] else {
            return Err(format!(
                "data/places.tsv line {}: expected 3 columns",
                line_idx + 1
            ));
        };
        if crate::model::Lang::from_code(lang).is_none() {
            return Err(format!(
                "data/places.tsv line {}: unknown lang {lang}",
                line_idx + 1
            ));
        }
        let idx = match names.iter().position(|n| n == name) {
            Some(idx) => idx,
            None => {
                names.push(name.to_string());
                names.len() - 1
            }
        };
        let key = alias.to_lowercase();
        if by_alias.insert(key, idx).is_some_and(|old| old != idx) {
            return Err(format!(
                "data/places.tsv line {}: {alias} names two places",
                line_idx + 1
            ));
        }
        max_words = max_words.max(alias.split_whitespace().count());
    }
    Ok(Places {
        names,
        by_alias,
        max_words,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Option<NaiveDate> {
        Some(s.parse().unwrap())
    }

    #[test]
    fn places_file_parses() {
        let places = parse_places(PLACES_DATA).unwrap();
        assert!(places.names.len() >= 50);
        assert_eq!(lookup_place("МОСКВА"), Some("Moscow"));
        assert_eq!(lookup_place("واشنطن"), Some("Washington"));
    }

    #[test]
    fn head_lines_give_date_place_and_number_and_leave_the_body() {
        let res = extract(
            "Statement by the ministers on outer space\n\n1208-20-06-2023\n\nJune 20, 2023\n\n   Minsk\n\nWe, the ministers,\n\nRecognising the 2008 draft.",
            "",
        );
        assert_eq!(
            res.title.as_deref(),
            Some("Statement by the ministers on outer space")
        );
        assert_eq!(res.date, date("2023-06-20"));
        assert_eq!(res.place, Some("Minsk"));
        assert_eq!(res.doc_symbol.as_deref(), Some("1208-20-06-2023"));
        assert_eq!(
            res.body.split_whitespace().collect::<Vec<_>>().join(" "),
            "We, the ministers, Recognising the 2008 draft."
        );
    }

    #[test]
    fn press_wire_dateline_gives_the_date() {
        let res = extract(
            "Russian spokeswoman criticised the plan. She said more.",
            "date 2024-04-08 (MENAFN)",
        );
        assert_eq!(res.date, date("2024-04-08"));
        assert_eq!(res.title, None);
        assert_eq!(res.place, None);
    }

    #[test]
    fn dateline_at_paragraph_start() {
        let res = extract(
            "Headline here\nMOSCOW, 14 March 2022 — The ministry said.\nMore.",
            "",
        );
        assert_eq!(res.date, date("2022-03-14"));
        assert_eq!(res.place, Some("Moscow"));
        let res = extract(
            "Headline here\nМинск, 20 июня 2023 г. – Министры заявили.\nЕщё.",
            "",
        );
        assert_eq!(res.date, date("2023-06-20"));
        assert_eq!(res.place, Some("Minsk"));
        let res = extract(
            "موسكو، 14 آذار 2022 - قالت وزارة الخارجية إنها ستثير المسألة.\nنص.",
            "",
        );
        assert_eq!(res.date, date("2022-03-14"));
    }

    #[test]
    fn dates_in_running_text_are_not_the_statements_date() {
        let res = extract(
            "Kremlin comments on talks\nThe statements of March 14, 2019 and 15 March 2015 were recalled.\nIn December, the parties met.\nNothing else.",
            "",
        );
        assert_eq!(res.date, None);
        let res = extract(
            "Title\nOn 20 June 2023 the treaty was signed in Minsk and more words follow here.\nText.",
            "",
        );
        assert_eq!(res.date, None);
        assert_eq!(res.place, None);
    }

    #[test]
    fn arabic_dateline_line_with_eastern_digits() {
        let res = extract(
            "الرياض، ٢٠ يونيو ٢٠٢٣\nبيان وزارة الخارجية\nقالت الوزارة إن الحوار ضروري.",
            "",
        );
        assert_eq!(res.date, date("2023-06-20"));
        assert_eq!(res.place, Some("Riyadh"));
        assert_eq!(res.title.as_deref(), Some("بيان وزارة الخارجية"));
    }

    #[test]
    fn outlet_and_city_line() {
        let res = extract("عين اليوم – واشنطن\nقال الوزير إن الاتفاق مهم.\nوأضاف.", "");
        assert_eq!(res.place, Some("Washington"));
        assert_eq!(res.date, None);
        let res = extract("Body.", "عين اليوم – دبي");
        assert_eq!(res.place, Some("Dubai"));
    }

    #[test]
    fn a_hard_wrapped_sentence_opening_with_a_date_is_not_a_date_line() {
        let text = "On 11 September 2001, the world changed, \nand it rallied together in the fight against \nterror.";
        let res = extract(text, "");
        assert_eq!(res.date, None);
        assert_eq!(res.body, format!("{text}\n"));
        let res = extract(
            "ومدة العضوية ثلاث سنوات تبدأ في ١ كانون الثاني/ يناير ٢٠١6.\nنص.",
            "",
        );
        assert_eq!(res.date, None);
    }

    #[test]
    fn date_lines() {
        let check = |line: &str, expected: Option<(&str, Option<&str>)>| {
            let res = date_line(line, MAX_DATE_LINE_CHARS);
            let expected = expected.map(|(d, p)| (d.parse().unwrap(), p));
            assert_eq!(res, expected, "{line:?}");
        };
        check("June 20, 2023", Some(("2023-06-20", None)));
        check(
            "Женева, 24 сентября 2024 г.",
            Some(("2024-09-24", Some("Geneva"))),
        );
        check("20 June 2023, Minsk", Some(("2023-06-20", Some("Minsk"))));
        check(
            "Сендай, Япония, 13 марта 2015 года",
            Some(("2015-03-13", None)),
        );
        check("Dated: 1 May 2023", Some(("2023-05-01", None)));
        check("20.06.2023 14:35", Some(("2023-06-20", None)));
        check("2024-03-01 09:30:15", Some(("2024-03-01", None)));
        check("9 НОЯБРЯ 2023 ГОДА", Some(("2023-11-09", None)));
        check("20.06.2023 14:35 the ministry said", None);
        check("11 September 2003, our Foreign Minister Anna Lindh", None);
        check("The world changed on 11 September 2001", None);
        check("7439-е заседание, состоявшееся 11 мая 2015 года.", None);
        check("a Estimates as at 31 January 2015.", None);
    }

    #[test]
    fn a_headline_ending_in_a_city_is_not_an_outlet_line() {
        let res = extract(
            "Talks on the new treaty resume – Geneva\nThe delegations met.\nMore.",
            "",
        );
        assert_eq!(
            res.title.as_deref(),
            Some("Talks on the new treaty resume – Geneva")
        );
        assert_eq!(res.place, None);
    }

    #[test]
    fn signature_date_at_the_end() {
        let res = extract(
            "Joint statement\nWe agree on many things.\nWe sign.\n\nMoscow, 3 October 2024",
            "",
        );
        assert_eq!(res.date, date("2024-10-03"));
    }

    #[test]
    fn mixed_case_city_starting_a_sentence_is_not_a_dateline() {
        let res = extract(
            "Title line\nMoscow, however, refused to comment on the talks.\nMore.",
            "",
        );
        assert_eq!(res.place, None);
    }

    #[test]
    fn url_line_in_the_head() {
        let res = extract(
            "Title\nSource: https://example.org/statement/1\nBody text.",
            "",
        );
        assert_eq!(
            res.source_url.as_deref(),
            Some("https://example.org/statement/1")
        );
        assert_eq!(res.body.trim(), "Body text.");
    }

    #[test]
    fn headline_or_not() {
        assert!(is_headline(
            "Kremlin comments on possible nuclear talks",
            Some("The spokesman said.")
        ));
        assert!(!is_headline(
            "We, the foreign ministers of the member states,",
            None
        ));
        assert!(!is_headline(
            "The ministers met in Minsk and agreed on a text.",
            None
        ));
        assert!(!is_headline(
            "The Special Committee encourages further",
            Some("cooperation between them.")
        ));
        assert!(!is_headline("17:31", None));
        assert!(!is_headline(&"word ".repeat(40), None));
    }

    #[test]
    fn a_single_line_document_keeps_its_line_as_body() {
        let res = extract("Measures to eliminate international terrorism\n", "");
        assert_eq!(res.title, None);
        assert_eq!(
            res.body.trim(),
            "Measures to eliminate international terrorism"
        );
    }

    #[test]
    fn a_hard_wrapped_first_line_is_not_a_headline() {
        let res = extract(
            "On behalf of the United Arab \nEmirates, I have the pleasure to express to you, \nMr. President, our congratulations. \n The Emirates has made progress.",
            "",
        );
        assert_eq!(res.title, None);
        let res = extract(
            "Kremlin comments on talks\nThe spokesman said that talks were possible, but only on a wide agenda.",
            "",
        );
        assert_eq!(res.title.as_deref(), Some("Kremlin comments on talks"));
    }

    #[test]
    fn derived_titles() {
        assert_eq!(
            title_from_first_sentence("Mr. Smith spoke. Then he left."),
            "Mr. Smith spoke"
        );
        assert_eq!(
            title_from_first_sentence(
                "It gives me pleasure to congratulate Mt. Dante Caputo. Next."
            ),
            "It gives me pleasure to congratulate Mt. Dante Caputo"
        );
        assert_eq!(
            title_from_first_sentence("1. We believe in peace. 2. Next."),
            "1. We believe in peace"
        );
        assert_eq!(
            title_from_first_sentence("The U.S. said no. Then."),
            "The U.S. said no"
        );
        let long = "Russian Foreign Ministry spokeswoman Maria Zakharova has criticized the United States for its alleged efforts to dismantle legally-binding international security mechanisms in space. Next.";
        let title = title_from_first_sentence(long);
        assert!(
            title.ends_with('…') && title.chars().count() <= MAX_DERIVED_TITLE_CHARS + 1,
            "{title}"
        );
        assert!(title.starts_with("Russian Foreign Ministry spokeswoman Maria Zakharova"));
        assert_eq!(
            title_from_first_sentence("قال الوزير إن الحوار ضروري. وأضاف."),
            "قال الوزير إن الحوار ضروري"
        );
    }
}
