//! The query text split at its top level into parts, each with the role it plays: a word that
//! counts toward the match, a function word that never has to match, a part the user required
//! (a quoted phrase, `+word`, `a AND b`, a field), or a part the user excluded (`-word`).
//!
//! Splitting before parsing lets the engine relax plain words (a question, a pasted sentence)
//! while the syntax a user wrote keeps its meaning. Each part is then parsed on its own by
//! tantivy's query parser, so what a part means is exactly what the parser says it means.

use crate::lexicon::function_words;
use crate::model::ActorId;
use crate::vocab::gazetteer::Gazetteer;
use crate::vocab::script::short_text_lang;

/// What a part does to the match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// A word or group of the query's own: counts toward "all" or "most of the words".
    Content,
    /// `the`, `في`, `который`: matched for ranking only, never required.
    Function,
    /// Written as required: a quoted phrase, `+word`, either side of `AND`, a `field:value`.
    Required,
    /// `-word`, `NOT word`.
    Excluded,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// Query-parser syntax for this part alone, without its sign.
    pub text: String,
    pub role: Role,
    /// For a bare word (or a name of several, quoted): its position among the query's bare
    /// words (function words included), so proximity can tell how far apart two words were
    /// typed.
    pub position: Option<usize>,
}

impl Part {
    /// The bare word (or quoted name) itself, when the part is one.
    pub fn word(&self) -> Option<&str> {
        self.position.map(|_| self.text.as_str())
    }
}

/// What the split found wrong with the syntax; the parts are then the text read word by word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyntaxIssue {
    /// A quote or parenthesis without its pair.
    Unbalanced,
    /// `name:` where `name` is not a field; the words are searched instead.
    NotAField(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Split {
    pub parts: Vec<Part>,
    pub issue: Option<SyntaxIssue>,
}

impl Split {
    pub fn count(&self, role: Role) -> usize {
        self.parts.iter().filter(|p| p.role == role).count()
    }
}

/// Mentions of one part that count; further ones are dropped.
const MAX_MENTIONS: usize = 2;

/// One element between spaces at the top level, with its sign.
struct Element {
    text: String,
    sign: Option<char>,
}

/// Splits `q` into parts. `is_field` says whether a `name:` prefix names a searchable field.
pub fn split(q: &str, is_field: &dyn Fn(&str) -> bool) -> Split {
    let mut issue = None;
    let elements = elements(q, &mut issue);
    let mut parts: Vec<Part> = Vec::new();
    let mut position = 0;
    let mut i = 0;
    // Set by `AND` or `NOT` for the next element.
    let mut pending: Option<Role> = None;
    while i < elements.len() {
        let el = &elements[i];
        if el.sign.is_none() {
            match el.text.as_str() {
                "AND" => {
                    if let Some(last) = parts.last_mut()
                        && last.role != Role::Excluded
                    {
                        last.role = Role::Required;
                    }
                    pending = Some(Role::Required);
                    i += 1;
                    continue;
                }
                "NOT" => {
                    pending = Some(Role::Excluded);
                    i += 1;
                    continue;
                }
                "OR" => {
                    i += 1;
                    continue;
                }
                _ => {}
            }
        }
        // `a OR b OR c` is one part, which any of them satisfies.
        let mut alternatives = vec![el];
        while i + 2 < elements.len()
            && elements[i + 1].text == "OR"
            && elements[i + 1].sign.is_none()
            && elements[i + 2].sign.is_none()
            && !matches!(elements[i + 2].text.as_str(), "AND" | "OR" | "NOT")
        {
            alternatives.push(&elements[i + 2]);
            i += 2;
        }
        i += 1;
        let role = match (el.sign, pending.take()) {
            (Some('-'), _) | (_, Some(Role::Excluded)) => Some(Role::Excluded),
            (Some('+'), _) | (_, Some(Role::Required)) => Some(Role::Required),
            _ => None,
        };
        if alternatives.len() > 1 {
            let text = alternatives
                .iter()
                .map(|e| e.text.as_str())
                .collect::<Vec<_>>()
                .join(" OR ");
            parts.push(Part {
                text,
                role: role.unwrap_or(Role::Content),
                position: None,
            });
            continue;
        }
        let text = &el.text;
        if text.starts_with('"') || text.starts_with('(') {
            // A quoted phrase stays strict; a group counts as one word.
            let default = if text.starts_with('"') {
                Role::Required
            } else {
                Role::Content
            };
            if has_searchable(text) {
                parts.push(Part {
                    text: text.clone(),
                    role: role.unwrap_or(default),
                    position: None,
                });
            }
            continue;
        }
        if let Some((prefix, _)) = text.split_once(':')
            && !prefix.is_empty()
        {
            if is_field(prefix) {
                parts.push(Part {
                    text: text.clone(),
                    role: role.unwrap_or(Role::Required),
                    position: None,
                });
                continue;
            }
            // "17:31", "Article 2:", "outer:space": the words, not a field.
            if prefix.chars().any(char::is_alphabetic) && issue.is_none() {
                issue = Some(SyntaxIssue::NotAField(prefix.to_string()));
            }
            for word in text.split(':').filter(|w| has_searchable(w)) {
                parts.push(word_part(word, role, position));
                position += 1;
            }
            continue;
        }
        if has_searchable(text) {
            parts.push(word_part(text, role, position));
            position += 1;
        }
    }
    // A query of function words alone ("the who") means its words.
    if !parts
        .iter()
        .any(|p| matches!(p.role, Role::Content | Role::Required))
    {
        for p in &mut parts {
            if p.role == Role::Function {
                p.role = Role::Content;
            }
        }
    }
    // A part repeated without end multiplied the expansion's clauses (`"nuclear weapons "` 31
    // times fits in 500 characters). A second mention is kept (a word a pasted sentence says
    // twice weighs more, and dropping it cost two of 300 pasted sentences their first rank).
    let mut seen: std::collections::HashMap<(String, Role), usize> = Default::default();
    parts.retain(|p| {
        if p.role == Role::Function {
            // Function words weigh little, and a sentence's own `the`s keep its match share.
            return true;
        }
        let n = seen.entry((p.text.to_lowercase(), p.role)).or_default();
        *n += 1;
        *n <= MAX_MENTIONS
    });
    Split { parts, issue }
}

/// Bare words that together spell a name the gazetteer knows (`United Kingdom`,
/// `المملكة المتحدة`) become one part, searched as a phrase: a name is one thing the query
/// asks about, not several words that each count toward the share relaxed matching needs.
pub fn group_names(parts: &[Part]) -> Vec<Part> {
    let mut parts = parts.to_vec();
    // Merge from the end so earlier indices stay valid.
    for (span, _) in name_spans(&parts).into_iter().rev() {
        let words: Vec<&str> = parts[span.clone()]
            .iter()
            .map(|p| p.text.as_str())
            .collect();
        let name = Part {
            text: format!("\"{}\"", words.join(" ").replace('"', " ")),
            role: Role::Content,
            position: parts[*span.start()].position,
        };
        parts.splice(span, [name]);
    }
    parts
}

/// The runs of two bare parts or more (content and function words, in a row) that together
/// spell a name the gazetteer knows, as indices into `parts`, with the actor each names.
pub fn name_spans(parts: &[Part]) -> Vec<(std::ops::RangeInclusive<usize>, ActorId)> {
    // The bare words in order, joined by spaces, with each one's byte range.
    let mut joined = String::new();
    let mut ranges: Vec<(usize, std::ops::Range<usize>)> = Vec::new();
    for (i, part) in parts.iter().enumerate() {
        if part.position.is_some() && matches!(part.role, Role::Content | Role::Function) {
            if !joined.is_empty() {
                joined.push(' ');
            }
            let start = joined.len();
            joined.push_str(&part.text);
            ranges.push((i, start..joined.len()));
        }
    }
    let mut spans: Vec<(std::ops::RangeInclusive<usize>, ActorId)> = Vec::new();
    for found in Gazetteer::get().find_all(&joined) {
        let covered: Vec<usize> = ranges
            .iter()
            .enumerate()
            .filter(|(_, (_, r))| r.start < found.end && found.start < r.end)
            .map(|(k, _)| k)
            .collect();
        let (Some(&first), Some(&last)) = (covered.first(), covered.last()) else {
            continue;
        };
        let (first, last) = (ranges[first].0, ranges[last].0);
        // Parts in a row only, each name once, none overlapping the one before.
        if last > first
            && last - first + 1 == covered.len()
            && spans.last().is_none_or(|(span, _)| *span.end() < first)
        {
            spans.push((first..=last, found.actor.id.clone()));
        }
    }
    spans
}

fn word_part(word: &str, role: Option<Role>, position: usize) -> Part {
    let role = role.unwrap_or_else(|| {
        if is_function_word(word) {
            Role::Function
        } else {
            Role::Content
        }
    });
    Part {
        text: word.to_string(),
        role,
        position: Some(position),
    }
}

/// Whether `word` (punctuation around it ignored) is a function word of its script's language.
pub fn is_function_word(word: &str) -> bool {
    let bare = word.trim_matches(|c: char| !c.is_alphanumeric());
    !bare.is_empty() && function_words::contains(short_text_lang(bare), bare)
}

/// Whether the text has anything an analyzer makes a token of (a lone `—` or `?` does not), or
/// is the match-all `*`.
fn has_searchable(text: &str) -> bool {
    text == "*" || text.chars().any(char::is_alphanumeric)
}

/// The top-level elements of `q`: runs of text between spaces outside quotes and parentheses.
/// A quote or parenthesis without its pair is dropped (and `issue` set), so the rest is read
/// word by word.
fn elements(q: &str, issue: &mut Option<SyntaxIssue>) -> Vec<Element> {
    let cleaned = balanced(q, issue);
    let chars: Vec<char> = cleaned.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        let sign = match chars[i] {
            c @ ('-' | '+') if chars.get(i + 1).is_some_and(|n| !n.is_whitespace()) => {
                i += 1;
                Some(c)
            }
            _ => None,
        };
        let start = i;
        let (mut depth, mut quoted) = (0usize, false);
        while i < chars.len() {
            let c = chars[i];
            if quoted {
                quoted = c != '"';
            } else if c == '"' {
                quoted = true;
            } else if c == '(' {
                depth += 1;
            } else if c == ')' {
                depth = depth.saturating_sub(1);
            } else if c.is_whitespace() && depth == 0 {
                break;
            }
            i += 1;
        }
        out.push(Element {
            text: chars[start..i].iter().collect(),
            sign,
        });
    }
    out
}

/// `q` with every quote and parenthesis that has no pair removed.
fn balanced(q: &str, issue: &mut Option<SyntaxIssue>) -> String {
    let chars: Vec<char> = q.chars().collect();
    let mut keep = vec![true; chars.len()];
    // Quotes pair up in order; an odd last one has no pair.
    let quotes: Vec<usize> = (0..chars.len()).filter(|&i| chars[i] == '"').collect();
    if quotes.len() % 2 == 1
        && let Some(&last) = quotes.last()
    {
        keep[last] = false;
    }
    let mut in_quote = false;
    let mut open: Vec<usize> = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        if !keep[i] {
            continue;
        }
        match c {
            '"' => in_quote = !in_quote,
            '(' if !in_quote => open.push(i),
            ')' if !in_quote && open.pop().is_none() => keep[i] = false,
            _ => {}
        }
    }
    for i in open {
        keep[i] = false;
    }
    if keep.iter().any(|k| !k) {
        *issue = Some(SyntaxIssue::Unbalanced);
    }
    chars
        .iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(c, _)| *c)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn roles(q: &str) -> Vec<(String, Role)> {
        split(q, &|name| matches!(name, "lang" | "actor" | "title_en"))
            .parts
            .into_iter()
            .map(|p| (p.text, p.role))
            .collect()
    }

    fn r(text: &str, role: Role) -> (String, Role) {
        (text.to_string(), role)
    }

    #[test]
    fn a_part_repeated_counts_twice_at_most() {
        let s = split(
            "ban Ban ban \"test ban\" \"test ban\" \"test ban\" -x -x -x",
            &|_| false,
        );
        let texts: Vec<&str> = s.parts.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(
            texts,
            ["ban", "Ban", "\"test ban\"", "\"test ban\"", "x", "x"]
        );
        let long = "nuclear weapons ".repeat(31);
        assert_eq!(split(&long, &|_| false).parts.len(), 4);
    }

    #[test]
    fn a_question_has_content_and_function_words() {
        assert_eq!(
            roles("What did Zakharova say about weapons in space?"),
            vec![
                r("What", Role::Function),
                r("did", Role::Function),
                r("Zakharova", Role::Content),
                r("say", Role::Function),
                r("about", Role::Function),
                r("weapons", Role::Content),
                r("in", Role::Function),
                r("space?", Role::Content),
            ]
        );
    }

    #[test]
    fn function_words_are_known_in_arabic_and_russian() {
        let ar = roles("ماذا قال بيسكوف عن الأسلحة في الفضاء");
        assert_eq!(ar[0].1, Role::Function);
        assert_eq!(ar[2].1, Role::Content);
        assert_eq!(ar[3].1, Role::Function);
        let ru = roles("что сказал Песков об оружии в космосе");
        assert_eq!(ru[0].1, Role::Function);
        assert_eq!(ru[2].1, Role::Content);
        assert_eq!(ru[5].1, Role::Function);
    }

    #[test]
    fn syntax_keeps_its_meaning() {
        assert_eq!(
            roles(r#""outer space" -treaty +Russia weapons OR arms lang:en"#),
            vec![
                r("\"outer space\"", Role::Required),
                r("treaty", Role::Excluded),
                r("Russia", Role::Required),
                r("weapons OR arms", Role::Content),
                r("lang:en", Role::Required),
            ]
        );
        assert_eq!(
            roles("nuclear AND space NOT treaty"),
            vec![
                r("nuclear", Role::Required),
                r("space", Role::Required),
                r("treaty", Role::Excluded),
            ]
        );
        assert_eq!(
            roles(r#"actor:"Sergey Lavrov" (missile OR rocket) tests"#),
            vec![
                r("actor:\"Sergey Lavrov\"", Role::Required),
                r("(missile OR rocket)", Role::Content),
                r("tests", Role::Content),
            ]
        );
    }

    #[test]
    fn unbalanced_syntax_is_read_word_by_word() {
        let s = split("\"outer space", &|_| false);
        assert_eq!(s.issue, Some(SyntaxIssue::Unbalanced));
        assert_eq!(s.count(Role::Content), 2);
        let s = split("(outer space", &|_| false);
        assert_eq!(s.issue, Some(SyntaxIssue::Unbalanced));
        assert_eq!(s.count(Role::Content), 2);
    }

    #[test]
    fn a_colon_that_is_not_a_field_separates_words() {
        let s = split("outer:space 17:31", &|_| false);
        assert_eq!(s.issue, Some(SyntaxIssue::NotAField("outer".into())));
        let words: Vec<&str> = s.parts.iter().filter_map(Part::word).collect();
        assert_eq!(words, vec!["outer", "space", "17", "31"]);
        assert_eq!(split("17:31", &|_| false).issue, None);
    }

    #[test]
    fn positions_count_function_words_and_punctuation_is_no_part() {
        let s = split("weapons in outer — space", &|_| false);
        let positions: Vec<(String, Option<usize>)> =
            s.parts.into_iter().map(|p| (p.text, p.position)).collect();
        assert_eq!(
            positions,
            vec![
                ("weapons".into(), Some(0)),
                ("in".into(), Some(1)),
                ("outer".into(), Some(2)),
                ("space".into(), Some(3)),
            ]
        );
    }

    #[test]
    fn a_name_of_several_words_is_one_part() {
        let grouped = |q: &str| -> Vec<(String, Role)> {
            group_names(&split(q, &|_| false).parts)
                .into_iter()
                .map(|p| (p.text, p.role))
                .collect()
        };
        assert_eq!(
            grouped("Did the United Kingdom support Sergey Lavrov"),
            vec![
                r("Did", Role::Function),
                r("the", Role::Function),
                r("\"United Kingdom\"", Role::Content),
                r("support", Role::Content),
                r("\"Sergey Lavrov\"", Role::Content),
            ]
        );
        let ar = grouped("مبادرة المملكة المتحدة والنرويج");
        assert_eq!(ar[1], r("\"المملكة المتحدة\"", Role::Content));
    }

    #[test]
    fn function_words_alone_are_the_query() {
        assert_eq!(
            roles("the who"),
            vec![r("the", Role::Content), r("who", Role::Content)]
        );
    }

    proptest! {
        /// Whatever is typed (quotes, brackets, signs and fields in any order, unpaired or
        /// not), the scanner splits it without a panic into non-empty parts.
        #[test]
        fn the_scanner_takes_any_query(q in "[a-zа-яا-ي \"()+:\\-*~^]{0,60}|\\PC{0,40}") {
            let split = split(&q, &|name| matches!(name, "lang" | "actor"));
            for part in &split.parts {
                prop_assert!(!part.text.trim().is_empty(), "an empty part of {q:?}: {:?}", split.parts);
            }
        }
    }
}
