//! Finds calendar dates written out in a piece of text, in the forms our sources use:
//! ISO (`2024-04-08`), English (`June 20, 2023`, `20 June 2023`, `3rd of October 2024`),
//! Russian genitive (`20 июня 2023 г.`), Arabic with either month system (`20 يونيو/حزيران ٢٠٢٣`,
//! Eastern Arabic digits included), `20.06.2023`, and dd-mm-yyyy at the end of a document number
//! (`1208-20-06-2023`).
//!
//! It answers "which dates are written here", not "which is the statement's date": choosing
//! where to look (dateline, head, signature) is `metadata`'s job. Day ranges ("14-16 April 2015")
//! are skipped, since no single day is stated. Dates must exist and lie in 1945–2100.

use std::collections::HashMap;
use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

/// A date and the byte range of its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FoundDate {
    pub date: NaiveDate,
    pub start: usize,
    pub end: usize,
}

const MIN_YEAR: i32 = 1945;
const MAX_YEAR: i32 = 2100;

/// ASCII, Arabic-Indic and Extended Arabic-Indic (Persian) digits.
const D: &str = r"[0-9\x{660}-\x{669}\x{6F0}-\x{6F9}]";

const EN_MONTHS: &str = r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";

const RU_MONTHS: [&str; 12] = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
];

/// Arabic month names: Egyptian/Gulf (يونيو), Levantine/Iraqi (حزيران), Moroccan (يونيو, غشت)
/// and Algerian/Tunisian (جوان) usage.
const AR_MONTHS: [&[&str]; 12] = [
    &["يناير", "كانون الثاني", "جانفي"],
    &["فبراير", "شباط", "فيفري"],
    &["مارس", "آذار"],
    &["أبريل", "إبريل", "نيسان", "أفريل"],
    &["مايو", "أيار", "ماي"],
    &["يونيو", "يونيه", "حزيران", "جوان"],
    &["يوليو", "يوليه", "تموز", "يوليوز", "جويلية"],
    &["أغسطس", "آب", "غشت", "أوت"],
    &["سبتمبر", "أيلول", "شتنبر"],
    &["أكتوبر", "تشرين الأول"],
    &["نوفمبر", "تشرين الثاني", "نونبر"],
    &["ديسمبر", "كانون الأول", "دجنبر"],
];

/// Which capture group holds what, per pattern.
#[derive(Clone, Copy)]
enum Shape {
    DayMonthYear,
    MonthDayYear,
    YearMonthDay,
    /// Numeric month in group 2, e.g. 20.06.2023 or the tail of 1208-20-06-2023.
    DayNumYear,
}

struct Patterns {
    list: Vec<(Regex, Shape, Names)>,
    ar_months: HashMap<String, u32>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Names {
    Numeric,
    English,
    Russian,
    Arabic,
}

static PATTERNS: LazyLock<Patterns> = LazyLock::new(|| {
    let ar_alternation = arabic_month_alternation();
    let re = |p: String| Regex::new(&p).expect("date patterns are literals checked by tests");
    let list = vec![
        (
            // an ISO date, alone or starting a timestamp (2021-11-30T14:05:00Z)
            re(format!(
                r"\b({D}{{4}})-({D}{{2}})-({D}{{2}})(?:T{D}{{2}}:{D}{{2}}(?::{D}{{2}}(?:\.{D}+)?)?(?:Z|[+-]{D}{{2}}:?{D}{{2}})?)?\b"
            )),
            Shape::YearMonthDay,
            Names::Numeric,
        ),
        (
            re(format!(r"\b{D}{{1,5}}-({D}{{2}})-({D}{{2}})-({D}{{4}})\b")),
            Shape::DayNumYear,
            Names::Numeric,
        ),
        (
            re(format!(r"\b({D}{{1,2}})\.({D}{{1,2}})\.({D}{{4}})\b")),
            Shape::DayNumYear,
            Names::Numeric,
        ),
        (
            re(format!(
                r"(?i)\b({D}{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+({EN_MONTHS})\b\.?,?\s+({D}{{4}})\b"
            )),
            Shape::DayMonthYear,
            Names::English,
        ),
        (
            re(format!(
                r"(?i)\b({EN_MONTHS})\b\.?\s+({D}{{1,2}})(?:st|nd|rd|th)?,?\s+({D}{{4}})\b"
            )),
            Shape::MonthDayYear,
            Names::English,
        ),
        (
            re(format!(
                r"(?i)\b({D}{{1,2}})\s+({})\s+({D}{{4}})\b",
                RU_MONTHS.join("|")
            )),
            Shape::DayMonthYear,
            Names::Russian,
        ),
        (
            re(format!(
                r"\b({D}{{1,2}})\s+(?:من\s+)?({ar_alternation})(?:\s*[/(]\s*(?:{ar_alternation})\s*\)?)?\s*[،,]?\s*(?:(?:عام|سنة)\s+)?({D}{{4}})(?:م)?\b"
            )),
            Shape::DayMonthYear,
            Names::Arabic,
        ),
    ];
    let mut ar_months = HashMap::new();
    for (idx, names) in AR_MONTHS.iter().enumerate() {
        for name in *names {
            ar_months.insert(fold_arabic(name), idx as u32 + 1);
        }
    }
    Patterns { list, ar_months }
});

/// Every date written in `text`, in order, without overlaps.
pub(crate) fn find_dates(text: &str) -> Vec<FoundDate> {
    // Every form has a digit; most lines have none, and the regexes are not free.
    if !text.chars().any(|c| digit_value(c).is_some()) {
        return Vec::new();
    }
    let patterns = &*PATTERNS;
    let mut res: Vec<FoundDate> = Vec::new();
    for (regex, shape, names) in &patterns.list {
        for caps in regex.captures_iter(text) {
            let whole = caps.get(0).expect("group 0 always exists");
            if *names != Names::Numeric && follows_a_range_dash(&text[..whole.start()]) {
                continue;
            }
            let (day, month, year) = match shape {
                Shape::DayMonthYear => (&caps[1], &caps[2], &caps[3]),
                Shape::MonthDayYear => (&caps[2], &caps[1], &caps[3]),
                Shape::YearMonthDay => (&caps[3], &caps[2], &caps[1]),
                Shape::DayNumYear => (&caps[1], &caps[2], &caps[3]),
            };
            let month = match names {
                Names::Numeric => parse_number(month),
                Names::English => english_month(month),
                Names::Russian => RU_MONTHS
                    .iter()
                    .position(|m| m.eq_ignore_ascii_case(month) || *m == month.to_lowercase())
                    .map(|i| i as u32 + 1),
                Names::Arabic => patterns.ar_months.get(&fold_arabic(month)).copied(),
            };
            let date =
                month.and_then(|month| valid_date(parse_number(year)?, month, parse_number(day)?));
            if let Some(date) = date {
                res.push(FoundDate {
                    date,
                    start: whole.start(),
                    end: whole.end(),
                });
            }
        }
    }
    res.sort_by_key(|d| (d.start, std::cmp::Reverse(d.end)));
    let mut last_end = 0;
    res.retain(|d| {
        let keep = d.start >= last_end;
        if keep {
            last_end = d.end;
        }
        keep
    });
    res
}

fn valid_date(year: u32, month: u32, day: u32) -> Option<NaiveDate> {
    let year = i32::try_from(year).ok()?;
    if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
        return None;
    }
    NaiveDate::from_ymd_opt(year, month, day)
}

/// The end of a range is not a stated day: "14-16 April", "27 April-22 May 2015",
/// "27 апреля -- 22 мая", "1 إلى 12 حزيران". True when `before` ends with a dash or "to" that
/// follows a number or a month name. "MOSCOW — 14 March" is a dateline, not a range.
fn follows_a_range_dash(before: &str) -> bool {
    const CONNECTORS: [&str; 9] = ["--", "-", "–", "—", "to", "until", "إلى", "الى", "по"];
    let before = before.trim_end();
    let Some(rest) = CONNECTORS.iter().find_map(|c| before.strip_suffix(c)) else {
        return false;
    };
    // The last word, or the last two for a two-word month (تشرين الأول); a month written both
    // ways counts by its second name ("27 نيسان/أبريل - 22 أيار/مايو").
    let words: Vec<&str> = rest
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let Some(word) = words.last() else {
        return false;
    };
    let last_two = match words[..] {
        [.., first, second] => format!("{first} {second}"),
        _ => String::new(),
    };
    word.chars()
        .last()
        .is_some_and(|c| digit_value(c).is_some())
        || is_month_name(word)
        || is_month_name(&last_two)
}

fn is_month_name(word: &str) -> bool {
    let lower = word.to_lowercase();
    (word.len() >= 3
        && english_month(word).is_some()
        && EN_FULL_MONTHS.iter().any(|m| m.starts_with(&lower)))
        || RU_MONTHS.contains(&lower.as_str())
        || PATTERNS.ar_months.contains_key(&fold_arabic(word))
}

const EN_FULL_MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

fn english_month(name: &str) -> Option<u32> {
    let lower = name.to_ascii_lowercase();
    const PREFIXES: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    PREFIXES
        .iter()
        .position(|p| lower.starts_with(p))
        .map(|i| i as u32 + 1)
}

fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '\u{660}'..='\u{669}' => Some(c as u32 - 0x660),
        '\u{6F0}'..='\u{6F9}' => Some(c as u32 - 0x6F0),
        _ => None,
    }
}

fn parse_number(digits: &str) -> Option<u32> {
    digits.chars().try_fold(0u32, |acc, c| {
        acc.checked_mul(10)?.checked_add(digit_value(c)?)
    })
}

/// Folds the spelling variants of Arabic month names: hamza forms of alef, ta marbuta, alef
/// maqsura, tatweel, short vowels; runs of spaces become one.
fn fold_arabic(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            'أ' | 'إ' | 'آ' => out.push('ا'),
            'ة' => out.push('ه'),
            'ى' => out.push('ي'),
            'ـ' | '\u{64B}'..='\u{652}' => {}
            c if c.is_whitespace() => {
                if !out.ends_with(' ') {
                    out.push(' ');
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// A regex alternation matching every month name in any of the spellings `fold_arabic` folds.
fn arabic_month_alternation() -> String {
    let mut names: Vec<String> = AR_MONTHS
        .iter()
        .flat_map(|names| names.iter())
        .map(|name| fold_arabic(name))
        .collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.chars().count()));
    names.dedup();
    names
        .iter()
        .map(|name| {
            name.chars()
                .map(|c| match c {
                    'ا' => "[اأإآ]".to_string(),
                    'ه' => "[هة]".to_string(),
                    'ي' => "[يى]".to_string(),
                    ' ' => r"\s+".to_string(),
                    c => c.to_string(),
                })
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("|")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: &[&str]) {
        let found: Vec<String> = find_dates(text)
            .iter()
            .map(|d| d.date.to_string())
            .collect();
        assert_eq!(found, expected, "dates in {text:?}");
    }

    #[test]
    fn iso() {
        check(" date 2024-04-08 (MENAFN) Russian", &["2024-04-08"]);
    }

    #[test]
    fn english_month_day_year() {
        check("June 20, 2023", &["2023-06-20"]);
        check(
            "Sept. 3 2019 and Dec 1st, 2020",
            &["2019-09-03", "2020-12-01"],
        );
    }

    #[test]
    fn english_day_month_year() {
        check("MOSCOW, 14 March 2022 —", &["2022-03-14"]);
        check("on the 3rd of October 2024", &["2024-10-03"]);
        check("20th June, 2023", &["2023-06-20"]);
    }

    #[test]
    fn russian_genitive() {
        check("Минск, 20 июня 2023 г.", &["2023-06-20"]);
        check("20 ИЮНЯ 2023 года", &["2023-06-20"]);
    }

    #[test]
    fn arabic_both_month_systems_and_digits() {
        check("الثلاثاء 20 يونيو 2023", &["2023-06-20"]);
        check("٢٠ حزيران ٢٠٢٣", &["2023-06-20"]);
        check("20 يونيو/حزيران 2023", &["2023-06-20"]);
        check("14 تشرين الأول (أكتوبر) 2019", &["2019-10-14"]);
        check("في 5 اغسطس عام 2015", &["2015-08-05"]);
        check(
            "برلين 25 شوال 1436 هـ الموافق 10 أغسطس 2015 م واس",
            &["2015-08-10"],
        );
    }

    #[test]
    fn timestamps_and_a_trailing_meem() {
        check("Published 2021-11-30T14:05:00Z", &["2021-11-30"]);
        check("2024-03-01T09:30+03:00 Moscow", &["2024-03-01"]);
        check("الرياض ١٥ يونيو ٢٠٢٣م", &["2023-06-15"]);
        check("الرياض 15 يونيو 2023م -", &["2023-06-15"]);
    }

    #[test]
    fn numeric_dotted_and_document_numbers() {
        check("20.06.2023", &["2023-06-20"]);
        check("1208-20-06-2023", &["2023-06-20"]);
    }

    #[test]
    fn invalid_dates_and_years_are_rejected() {
        check("31 February 2023", &[]);
        check("1 May 1815 and 2 June 2150", &[]);
        check("2023-13-01", &[]);
        check("45.12.2020", &[]);
    }

    #[test]
    fn bare_years_and_months_are_not_dates() {
        check("a 2008 draft treaty submitted in December", &[]);
        check("في أغسطس/آب، ذكرت صحيفة", &[]);
        check("в декабре 2022 года", &[]);
        check("Resolution 77/250 of the 77th session", &[]);
    }

    #[test]
    fn day_ranges_are_skipped() {
        check("Nairobi, 14-16 April 2015", &[]);
        check("14–16 June 2023", &[]);
        check("New York, 27 April-22 May 2015", &[]);
        check("Нью-Йорк, 27 апреля -- 22 мая 2015 года", &[]);
        check("1 إلى 12 حزيران/يونيه 2015، نيويورك", &[]);
        check("نيويورك، 27 نيسان/أبريل - 22 أيار/مايو 2015", &[]);
        check("3 تشرين الأول - 5 تشرين الثاني 2015", &[]);
        check("MOSCOW — 14 March 2022", &["2022-03-14"]);
    }

    #[test]
    fn offsets_point_at_the_date() {
        let text = "Moscow, 20 июня 2023 г.";
        let found = find_dates(text);
        assert_eq!(&text[found[0].start..found[0].end], "20 июня 2023");
    }
}
