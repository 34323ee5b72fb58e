//! Removes site boilerplate (press-wire prefixes and disclaimers, page furniture, subscription
//! footers, outlet suffixes on headlines) using the rules in `data/boilerplate.toml`.
//!
//! The rules are data, one rule set per source plus a generic one, so adding an outlet is a
//! TOML edit with a fixture, not a new branch in code. This module only deletes text and names
//! the source it recognised; it does not look for dates, places or titles. The prefix it strips
//! (often a dateline such as "WASHINGTON, March 14 (Reuters) -") is handed on, so
//! `metadata` can still read it.

use std::sync::LazyLock;

use regex::{Regex, RegexSet};
use serde::Deserialize;

/// The compiled-in rules; `corpus::fingerprint` hashes them too.
pub(crate) const DATA: &str = include_str!("../../data/boilerplate.toml");

/// The closed set of `kind` values, so a typo in the TOML fails the tests. The kind documents
/// the rule set for curators; parsing does not depend on it.
const KINDS: [&str; 4] = ["press-wire", "news-agency", "news-site", "ministry"];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    generic: GenericDto,
    #[serde(default)]
    source: Vec<SourceDto>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GenericDto {
    #[serde(default)]
    drop_line: Vec<String>,
    #[serde(default)]
    cut_from: Vec<String>,
    #[serde(default)]
    title_suffix: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SourceDto {
    name: String,
    kind: String,
    detect: Vec<String>,
    #[serde(default)]
    strip_prefix: Vec<String>,
    #[serde(default)]
    drop_line: Vec<String>,
    #[serde(default)]
    cut_from: Vec<String>,
    #[serde(default)]
    title_suffix: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineAction {
    Drop,
    CutFrom,
}

/// `None` = the generic rule set, `Some(i)` = `sources[i]`.
type Owner = Option<usize>;

/// All rules compiled once. Each owner's line rules share one `RegexSet`, so a line is scanned
/// once by the generic rules and once by each source detected in the text, and never by the
/// rules of a source that is not (one of which, unanchored, made every line be read whole).
#[derive(Debug)]
pub(crate) struct Rules {
    /// Source names, in file order (= priority).
    sources: Vec<String>,
    /// Each source's `detect` regexes, with the source's index. Asked one at a time, each
    /// with the substring search its leading text gives it: as one `RegexSet` they read every
    /// byte of every document (anchored and unanchored patterns share no literal), 36 µs for
    /// a 21 KB statement, two thirds of stripping it.
    detect: Vec<(usize, Regex)>,
    /// The generic rules first, then each source's, in file order (= priority).
    line_sets: Vec<LineSet>,
    prefixes: Vec<(usize, Regex)>,
    title_suffixes: Vec<(Owner, Regex)>,
}

/// One owner's line rules, and what each of them does.
#[derive(Debug)]
struct LineSet {
    owner: Owner,
    set: RegexSet,
    actions: Vec<LineAction>,
}

impl LineSet {
    fn new(owner: Owner, drop: &[String], cut: &[String]) -> Result<LineSet, String> {
        let patterns = drop.iter().chain(cut);
        for p in patterns.clone() {
            compile(p)?;
        }
        let actions = std::iter::repeat_n(LineAction::Drop, drop.len())
            .chain(std::iter::repeat_n(LineAction::CutFrom, cut.len()))
            .collect();
        Ok(LineSet {
            owner,
            set: RegexSet::new(patterns).map_err(|e| e.to_string())?,
            actions,
        })
    }
}

/// Whether a `detect` regex is anchored at the text's start (`\A`), or starts, after its
/// flags, with literal text that a substring search finds before the regex runs.
fn is_found_by_its_text(pattern: &str) -> bool {
    let mut rest = pattern;
    while let Some(flags) = rest.strip_prefix("(?")
        && let Some(end) = flags.find(')')
        && flags[..end]
            .chars()
            .all(|c| c.is_ascii_alphabetic() || c == '-')
    {
        rest = &flags[end + 1..];
    }
    if rest.starts_with("\\A") {
        return true;
    }
    let mut chars = rest.chars();
    match chars.next() {
        None | Some('^' | '[' | '.') => false,
        Some('\\') => !chars.next().is_some_and(|c| "sSwWdDpPbB".contains(c)),
        Some(_) => true,
    }
}

/// One rule's regex, or what is wrong with it, for the curator.
fn compile(pattern: &str) -> Result<Regex, String> {
    Regex::new(pattern).map_err(|e| format!("bad regex {pattern:?}: {e}"))
}

/// The cleaned text, the source whose rules matched, and the dateline text cut off its start.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Stripped<'r> {
    pub text: String,
    pub source: Option<&'r str>,
    pub dateline: String,
}

static RULES: LazyLock<Rules> =
    LazyLock::new(|| Rules::parse(DATA).expect("data/boilerplate.toml is checked by unit tests"));

pub(crate) fn strip_boilerplate(text: &str) -> Stripped<'static> {
    strip_with(text, &RULES)
}

impl Rules {
    fn parse(data: &str) -> Result<Rules, String> {
        let file: RulesFile = toml::from_str(data).map_err(|e| e.to_string())?;
        let mut detect = Vec::new();
        let mut line_sets = Vec::new();
        let mut prefixes = Vec::new();
        let mut title_suffixes = Vec::new();
        line_sets.push(LineSet::new(
            None,
            &file.generic.drop_line,
            &file.generic.cut_from,
        )?);
        for p in &file.generic.title_suffix {
            title_suffixes.push((None, compile(p)?));
        }
        let mut sources = Vec::new();
        for (idx, source) in file.source.iter().enumerate() {
            if !KINDS.contains(&source.kind.as_str()) {
                return Err(format!(
                    "source {}: unknown kind {:?}",
                    source.name, source.kind
                ));
            }
            if source.detect.is_empty() {
                return Err(format!(
                    "source {}: needs at least one `detect`",
                    source.name
                ));
            }
            for p in &source.detect {
                if !is_found_by_its_text(p) {
                    return Err(format!(
                        "source {}: detect {p:?} must start with \\A or with literal text (a \
                         regex starting with ^, a class or \\s reads every byte of every document)",
                        source.name
                    ));
                }
                detect.push((idx, compile(p)?));
            }
            for p in &source.strip_prefix {
                if !p.starts_with('^') {
                    return Err(format!(
                        "source {}: strip_prefix {p:?} must start with ^",
                        source.name
                    ));
                }
                prefixes.push((idx, compile(p)?));
            }
            for p in &source.title_suffix {
                title_suffixes.push((Some(idx), compile(p)?));
            }
            line_sets.push(LineSet::new(
                Some(idx),
                &source.drop_line,
                &source.cut_from,
            )?);
            sources.push(source.name.clone());
        }
        Ok(Rules {
            sources,
            detect,
            line_sets,
            prefixes,
            title_suffixes,
        })
    }
}

fn strip_with<'r>(text: &str, rules: &'r Rules) -> Stripped<'r> {
    let mut active = vec![false; rules.sources.len()];
    for (owner, regex) in &rules.detect {
        if !active[*owner] && regex.is_match(text) {
            active[*owner] = true;
        }
    }
    let is_active = |owner: Owner| owner.is_none_or(|i| active[i]);
    let mut prefix_used = vec![false; rules.prefixes.len()];
    let mut dateline = String::new();
    let mut out = String::with_capacity(text.len());
    let mut n_nonempty = 0;
    let mut kept_content = false;

    'lines: for line in text.split('\n') {
        if line.trim().is_empty() {
            if !out.is_empty() {
                out.push('\n');
            }
            continue;
        }
        n_nonempty += 1;
        let mut line = line;
        if n_nonempty <= 2 {
            for (rule_idx, (owner, prefix)) in rules.prefixes.iter().enumerate() {
                if prefix_used[rule_idx] || !active[*owner] {
                    continue;
                }
                if let Some(m) = prefix.find(line) {
                    prefix_used[rule_idx] = true;
                    push_dateline(&mut dateline, m.as_str());
                    line = &line[m.end()..];
                }
            }
            if line.trim().is_empty() {
                continue;
            }
        }
        let trimmed = line.trim();
        let first_match = rules
            .line_sets
            .iter()
            .filter(|line_set| is_active(line_set.owner))
            .find_map(|line_set| {
                if !line_set.set.is_match(trimmed) {
                    return None;
                }
                let rule_idx = line_set.set.matches(trimmed).iter().next()?;
                Some(line_set.actions[rule_idx])
            });
        if let Some(action) = first_match {
            match action {
                LineAction::CutFrom if kept_content => break 'lines,
                LineAction::Drop | LineAction::CutFrom => continue 'lines,
            }
        }
        if !kept_content {
            let headline = strip_title_suffix(line, rules, &is_active);
            out.push_str(headline);
        } else {
            out.push_str(line);
        }
        out.push('\n');
        kept_content = true;
    }
    let source = active
        .iter()
        .position(|&a| a)
        .map(|i| rules.sources[i].as_str());
    let end = out.trim_end().len();
    out.truncate(end);
    Stripped {
        text: out,
        source,
        dateline,
    }
}

fn push_dateline(dateline: &mut String, piece: &str) {
    let piece = piece.trim();
    if piece.is_empty() {
        return;
    }
    if !dateline.is_empty() {
        dateline.push('\n');
    }
    dateline.push_str(piece);
}

fn strip_title_suffix<'t>(
    line: &'t str,
    rules: &Rules,
    is_active: &dyn Fn(Owner) -> bool,
) -> &'t str {
    for (owner, suffix) in &rules.title_suffixes {
        if !is_active(*owner) {
            continue;
        }
        let trimmed = line.trim_end();
        if let Some(m) = suffix.find(trimmed) {
            let head = &trimmed[..m.start()];
            if !head.trim().is_empty() {
                return head;
            }
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED_000: &str = include_str!("../../corpus/000_ecb16ed56a63e7df.txt");
    const SEED_001: &str = include_str!("../../corpus/001_e1ac64d1cd241d64.txt");
    const SEED_002: &str = include_str!("../../corpus/002_7c6aff22d1159ad4.txt");
    const SEED_003: &str = include_str!("../../corpus/003_3c03ad3dcec7cf78.txt");

    fn strip(text: &str) -> Stripped<'static> {
        // The seeds are raw; NBSP lines must be blank as they are after `decode`.
        let text = text.replace('\u{a0}', " ");
        strip_boilerplate(&text)
    }

    fn check(input: &str, expected_text: &str, expected_source: Option<&str>) {
        let res = strip_boilerplate(input);
        assert_eq!(res.text, expected_text, "text of {input:?}");
        assert_eq!(res.source, expected_source, "source of {input:?}");
    }

    #[test]
    fn rules_file_parses_and_every_regex_compiles() {
        let rules = Rules::parse(DATA).unwrap_or_else(|e| panic!("data/boilerplate.toml: {e}"));
        assert!(rules.sources.len() >= 8);
    }

    #[test]
    fn no_unicode_word_boundaries_in_rules() {
        // `\b` makes the lazy DFA give up on non-ASCII text, and the set falls back to the PikeVM.
        let without_ascii_boundaries = DATA.replace("(?-u:\\b)", "");
        for (line_no, line) in without_ascii_boundaries.lines().enumerate() {
            let code = line.split(" #").next().unwrap_or(line);
            assert!(
                line.trim_start().starts_with('#') || !code.contains("\\b"),
                "data/boilerplate.toml line {}: use \\s, $ or (?-u:\\b) instead of \\b",
                line_no + 1
            );
        }
    }

    #[test]
    fn bad_rules_are_reported() {
        let bad_regex = "[generic]\ndrop_line = ['(']\n";
        assert!(Rules::parse(bad_regex).unwrap_err().contains("bad regex"));
        let bad_kind = "[generic]\n[[source]]\nname='X'\nkind='blog'\ndetect=['x']\n";
        assert!(Rules::parse(bad_kind).unwrap_err().contains("unknown kind"));
        let unanchored =
            "[generic]\n[[source]]\nname='X'\nkind='ministry'\ndetect=['x']\nstrip_prefix=['x']\n";
        assert!(
            Rules::parse(unanchored)
                .unwrap_err()
                .contains("must start with ^")
        );
        for slow in [
            r"(?m)^\s*Footer\s*$",
            r"^Footer",
            r"\s+Footer",
            r"[Ff]ooter",
            r".*x",
        ] {
            let rules =
                format!("[generic]\n[[source]]\nname='X'\nkind='ministry'\ndetect=['{slow}']\n");
            let err = Rules::parse(&rules).expect_err(slow);
            assert!(
                err.contains("must start with \\A or with literal text"),
                "{err}"
            );
        }
    }

    #[test]
    fn detect_regexes_start_with_text_a_substring_search_finds_or_at_the_start() {
        for fast in [
            r"\(SeaPRwire\)",
            r"(?m)Некорректно указаны даты\s*$",
            r"/(?:TASS|ТАСС)/",
            r"\A\s*[^\n]{0,160}\sواس",
            r"(?i)(?m)reuters",
        ] {
            assert!(is_found_by_its_text(fast), "{fast}");
        }
        for slow in [r"(?m)^\s*x", r"\sx", r"\d+ x", r"\p{L}x", "", "(?m)"] {
            assert!(!is_found_by_its_text(slow), "{slow}");
        }
    }

    /// A source is still detected by a line of its page furniture, now found by the line's
    /// text and not by the line's start.
    #[test]
    fn mid_ru_is_detected_by_its_search_form_messages() {
        let text =
            "Заявление МИД России\n\nТекст заявления.\n\n  Некорректно указаны даты  \nПодвал";
        let res = strip(text);
        assert_eq!(
            res.source,
            Some("Ministry of Foreign Affairs of the Russian Federation")
        );
        assert!(!res.text.contains("Некорректно") && !res.text.contains("Подвал"));
        let other = strip("Заявление\n\nДополнительные инструменты поиска\n");
        assert_eq!(
            other.source,
            Some("Ministry of Foreign Affairs of the Russian Federation")
        );
        assert_eq!(strip("Заявление о датах.\n").source, None);
    }

    #[test]
    fn press_wire_prefix_and_disclaimer_seaprwire() {
        let res = strip(SEED_002);
        assert_eq!(res.source, Some("SeaPRwire"));
        assert!(
            res.text.starts_with("وعد البلدان بالتعاون"),
            "{}",
            &res.text[..80]
        );
        assert!(
            res.text
                .ends_with("لمنع سباق التسلح في الفضاء الخارجي وتسليحه”.")
        );
        assert!(!res.text.contains("SeaPRwire"));
        assert!(!res.text.contains("القطاعات"));
        assert_eq!(res.dateline, "(SeaPRwire) –");
    }

    #[test]
    fn press_wire_prefix_menafn_keeps_the_dateline() {
        let res = strip(SEED_000);
        assert_eq!(res.source, Some("MENAFN"));
        assert!(res.text.starts_with("Russian Foreign Ministry spokeswoman"));
        assert_eq!(res.dateline, "date 2024-04-08 (MENAFN)");
        assert!(!res.text.contains("MENAFN"));
    }

    #[test]
    fn ministry_furniture_mid_ru() {
        let res = strip(SEED_001);
        assert_eq!(
            res.source,
            Some("Ministry of Foreign Affairs of the Russian Federation")
        );
        assert!(
            res.text.starts_with("Statement by the foreign ministers"),
            "{}",
            &res.text[..40]
        );
        assert!(
            res.text
                .ends_with("Foreign Minister of the Republic of Tajikistan")
        );
        assert!(!res.text.contains("17:31"));
        assert!(!res.text.contains("Некорректно"));
        assert!(!res.text.contains("Дополнительные"));
    }

    #[test]
    fn discover_more_footer_and_title_suffix_rt() {
        let res = strip(SEED_003);
        assert_eq!(res.source, Some("RT"));
        assert!(
            res.text
                .starts_with("الكرملين يعلق على احتمال إجراء محادثات نووية مع الولايات المتحدة\n")
        );
        assert!(!res.text.contains("RT World News"));
        assert!(!res.text.contains("اكتشاف المزيد"));
        assert!(!res.text.contains("اشترك للحصول"));
        assert!(res.text.ends_with("“عواقب كارثية” من هذه التصرفات."));
    }

    #[test]
    fn english_wordpress_footer() {
        check(
            "Headline\n\nBody text.\n\nDiscover more from Arms Blog\nSubscribe to get the latest posts sent to your email.\nType your email…\nSubscribe",
            "Headline\n\nBody text.",
            None,
        );
    }

    #[test]
    fn cut_rule_never_empties_a_document() {
        check("Discover more from X\nBody text.", "Body text.", None);
    }

    #[test]
    fn generic_navigation_lines() {
        check(
            "09:45\n* * *\nShare this\nMain text.\nЧитайте также:\nTags: Russia, USA\nMore text.",
            "Main text.\nMore text.",
            None,
        );
    }

    #[test]
    fn reuters_dateline_and_footer() {
        let res = strip_boilerplate(
            "Russia warns on treaty\nGENEVA, March 14 (Reuters) - Russia said on Tuesday.\nReporting by A. Writer; Editing by B. Editor\nOur Standards: The Thomson Reuters Trust Principles.",
        );
        assert_eq!(res.text, "Russia warns on treaty\nRussia said on Tuesday.");
        assert_eq!(res.source, Some("Reuters"));
        assert_eq!(res.dateline, "GENEVA, March 14 (Reuters) -");
    }

    #[test]
    fn tass_dateline_in_russian() {
        let res = strip_boilerplate("МОСКВА, 3 октября. /ТАСС/. Россия призывает к диалогу.");
        assert_eq!(res.text, "Россия призывает к диалогу.");
        assert_eq!(res.source, Some("TASS"));
        assert_eq!(res.dateline, "МОСКВА, 3 октября. /ТАСС/.");
    }

    #[test]
    fn xinhua_in_arabic() {
        let res = strip_boilerplate("بكين 14 مارس 2022 (شينخوا) قالت الصين إن الحوار ضروري.");
        assert_eq!(res.text, "قالت الصين إن الحوار ضروري.");
        assert_eq!(res.source, Some("Xinhua"));
    }

    #[test]
    fn arabic_news_datelines_from_corpus_real() {
        let res = strip_boilerplate("عين اليوم – دبي\nقال وزير الخارجية إن الاتفاق مهم.");
        assert_eq!(res.text, "قال وزير الخارجية إن الاتفاق مهم.");
        assert_eq!(res.source, Some("Ain Alyoum"));
        assert_eq!(res.dateline, "عين اليوم – دبي");
        let res = strip_boilerplate(
            "برلين 25 شوال 1436 هـ الموافق 10 أغسطس 2015 م واس\n أكد الوزير أن الحوار مهم.",
        );
        assert_eq!(res.source, Some("Saudi Press Agency"));
        assert_eq!(res.text, " أكد الوزير أن الحوار مهم.");
    }

    #[test]
    fn source_rules_stay_off_when_the_source_is_not_detected() {
        // "READ MORE:" is RT furniture; in another text it is left alone.
        check(
            "Title\nREAD MORE: nothing",
            "Title\nREAD MORE: nothing",
            None,
        );
    }

    #[test]
    fn stripping_is_idempotent_on_the_seeds() {
        for seed in [SEED_000, SEED_001, SEED_002, SEED_003] {
            let once = strip(seed).text;
            assert_eq!(strip_boilerplate(&once).text, once);
        }
    }
}
