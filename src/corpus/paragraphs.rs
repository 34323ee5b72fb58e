//! Splits a cleaned body into numbered paragraphs, whose numbers are the `#p{n}` anchors of
//! the statement page.
//!
//! Blank lines separate blocks. Inside a block, each line is its own paragraph (web text that uses
//! single newlines, like seed 003), unless the block is hard-wrapped plain text (short lines that
//! mostly end mid-sentence, as in the UN General Debate files), whose lines are joined again;
//! there an indented line starts a new paragraph. Whitespace runs collapse to one space. No
//! character other than whitespace is lost, and a word hyphenated across a line break keeps its
//! hyphen ("Ki-\nmoon" → "Ki-moon"): we cannot tell a soft break from a real compound.

use crate::model::Paragraph;

/// Lines of hard-wrapped text are at most this long …
const MAX_WRAPPED_LINE_CHARS: usize = 100;
/// … and at least this share of them ends mid-sentence.
const MIN_WRAPPED_OPEN_SHARE: f64 = 0.6;

pub fn split_paragraphs(body: &str) -> Vec<Paragraph> {
    let mut texts: Vec<String> = Vec::new();
    let mut block: Vec<&str> = Vec::new();
    for line in body.split('\n') {
        if line.trim().is_empty() {
            push_block(&block, &mut texts);
            block.clear();
        } else {
            block.push(line);
        }
    }
    push_block(&block, &mut texts);
    texts
        .into_iter()
        .enumerate()
        .map(|(idx, text)| Paragraph { n: idx + 1, text })
        .collect()
}

fn push_block(block: &[&str], texts: &mut Vec<String>) {
    if block.is_empty() {
        return;
    }
    if !is_hard_wrapped(block) {
        texts.extend(block.iter().map(|line| collapse_whitespace(line)));
        return;
    }
    let all_indented = block
        .iter()
        .all(|line| line.starts_with(char::is_whitespace));
    let mut current = String::new();
    for line in block {
        let starts_paragraph = !all_indented && line.starts_with(char::is_whitespace);
        if starts_paragraph && !current.is_empty() {
            texts.push(std::mem::take(&mut current));
        }
        let line = collapse_whitespace(line);
        let glue_hyphen = current.ends_with('-')
            && current[..current.len() - 1].ends_with(char::is_alphabetic)
            && line.starts_with(char::is_lowercase);
        if !current.is_empty() && !glue_hyphen {
            current.push(' ');
        }
        current.push_str(&line);
    }
    if !current.is_empty() {
        texts.push(current);
    }
}

/// Short lines that mostly stop mid-sentence were wrapped by a typewriter-style tool.
pub(crate) fn is_hard_wrapped(block: &[&str]) -> bool {
    let Some((_, inner)) = block.split_last() else {
        return false;
    };
    if inner.is_empty() {
        return false;
    }
    let all_short = inner
        .iter()
        .all(|line| line.trim().chars().count() <= MAX_WRAPPED_LINE_CHARS);
    let n_open = inner
        .iter()
        .filter(|line| {
            !line
                .trim_end()
                .ends_with(['.', '!', '?', '؟', '…', ':', ';', '"', '”', '»', '。'])
        })
        .count();
    all_short && n_open as f64 >= inner.len() as f64 * MIN_WRAPPED_OPEN_SHARE
}

/// `text`'s words apart by one plain space, none at either end.
pub(crate) fn collapse_whitespace(text: &str) -> String {
    if is_collapsed(text) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Whether `text` is already as [`collapse_whitespace`] would make it: words apart by one
/// plain space, none at either end. Most lines are, and splitting each into words to join
/// them again was 2% of a build's instructions. ASCII is read byte by byte; of other
/// characters only those whose first byte some whitespace shares are decoded (NBSP,
/// U+2000–U+205F, U+3000…).
fn is_collapsed(text: &str) -> bool {
    let mut after_space = true;
    for (at, &byte) in text.as_bytes().iter().enumerate() {
        match byte {
            b' ' if after_space => return false,
            b' ' => after_space = true,
            _ if byte.is_ascii_whitespace() || byte == 0x0B => return false,
            0xC2 | 0xE1 | 0xE2 | 0xE3 => {
                let whitespace = text
                    .get(at..)
                    .and_then(|rest| rest.chars().next())
                    .is_none_or(char::is_whitespace);
                if whitespace {
                    return false;
                }
                after_space = false;
            }
            _ => after_space = false,
        }
    }
    !after_space || text.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `collapse_whitespace` without the shortcut for collapsed text.
    fn collapsed_the_long_way(text: &str) -> String {
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    proptest::proptest! {
        /// Whatever the text, the shortcut gives what collapsing it the long way does.
        #[test]
        fn collapsing_with_the_shortcut_is_collapsing_the_long_way(
            text in "[a \t\n\u{B}\u{A0}\u{85}\u{2009}\u{3000}\u{201C}\u{2014}\u{0628}\u{0436}]{0,30}|\\PC{0,40}",
        ) {
            proptest::prop_assert_eq!(collapse_whitespace(&text), collapsed_the_long_way(&text));
        }
    }

    #[test]
    fn text_found_collapsed_is_what_collapsing_it_makes() {
        let texts = [
            "Statement by the Ministry of Foreign Affairs",
            "two  spaces",
            " leading",
            "trailing ",
            "tab\there",
            "line\nbreak",
            "vertical\u{B}tab",
            "no\u{A0}break",
            "thin\u{2009}space",
            "ideographic\u{3000}space",
            "next\u{85}line",
            "ogham\u{1680}space",
            "quotes \u{201C}here\u{201D} \u{2014} and\u{2026}",
            "بيان وزارة الخارجية",
            "Заявление  МИД",
            "",
            " ",
            "x",
        ];
        for text in texts {
            assert_eq!(
                collapse_whitespace(text),
                collapsed_the_long_way(text),
                "{text:?}"
            );
            assert_eq!(
                is_collapsed(text),
                collapsed_the_long_way(text) == text,
                "{text:?}"
            );
        }
    }

    fn check(body: &str, expected: &[&str]) {
        let paragraphs = split_paragraphs(body);
        let texts: Vec<&str> = paragraphs.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, expected);
        for (idx, p) in paragraphs.iter().enumerate() {
            assert_eq!(p.n, idx + 1);
        }
    }

    #[test]
    fn blank_lines_separate_paragraphs() {
        check("One.\n\n\n\nTwo  words.\n  \n", &["One.", "Two words."]);
    }

    #[test]
    fn single_newlines_separate_long_web_lines() {
        check(
            "قال دميتري بيسكوف إن أي محادثات أمنية يجب أن تكون أوسع نطاقا.\nوكانت الولايات المتحدة قد أشارت إلى أنها منفتحة على الحوار.",
            &[
                "قال دميتري بيسكوف إن أي محادثات أمنية يجب أن تكون أوسع نطاقا.",
                "وكانت الولايات المتحدة قد أشارت إلى أنها منفتحة على الحوار.",
            ],
        );
    }

    #[test]
    fn numbered_items_stay_apart() {
        check(
            "a) to take urgent measures;\nb) to make use of negotiations;",
            &[
                "a) to take urgent measures;",
                "b) to make use of negotiations;",
            ],
        );
    }

    #[test]
    fn hard_wrapped_text_is_joined_and_indent_starts_a_paragraph() {
        check(
            "On behalf of the United Arab \nEmirates, I thank Secretary-General Ban Ki-\nmoon for his efforts. \n The United Arab Emirates has made major \nprogress.",
            &[
                "On behalf of the United Arab Emirates, I thank Secretary-General Ban Ki-moon for his efforts.",
                "The United Arab Emirates has made major progress.",
            ],
        );
    }

    #[test]
    fn internal_whitespace_collapses() {
        check(
            "12.     In this context,\u{2003} we welcome",
            &["12. In this context, we welcome"],
        );
    }

    #[test]
    fn no_visible_character_is_lost() {
        let body = "Alpha beta-\ngamma delta\nepsilon\n\n  zeta   eta\nтheta.\nиота; каппа";
        let kept: String = split_paragraphs(body)
            .iter()
            .flat_map(|p| p.text.chars())
            .filter(|c| !c.is_whitespace())
            .collect();
        let original: String = body.chars().filter(|c| !c.is_whitespace()).collect();
        assert_eq!(kept, original);
    }
}
