//! Possible duplicates: the same statement text under two or more paths (a page scraped twice,
//! a copy left in an archive folder).
//!
//! Texts are compared by a hash of the body as parsed (after boilerplate and the title, date and
//! place lines are removed) with whitespace runs collapsed, so a re-wrapped copy or one with other
//! site furniture still matches. A copy with one word changed does not: this finds exact
//! duplicates only, which is cheap enough for every `check` run. Nothing here decides which copy
//! to keep; that is the curator's call.

use std::collections::HashMap;

use crate::model::Warning;

/// The blake3 hash of `body` with every whitespace run made one space and the ends trimmed.
pub fn text_hash(body: &str) -> blake3::Hash {
    let mut hasher = blake3::Hasher::new();
    for (idx, word) in body.split_whitespace().enumerate() {
        if idx > 0 {
            hasher.update(b" ");
        }
        hasher.update(word.as_bytes());
    }
    hasher.finalize()
}

/// The paths that share a text hash, for every hash shared by two or more paths. Each group
/// keeps the input order, and groups come in the order of their first path.
pub fn duplicate_groups<'p>(docs: &[(&'p str, blake3::Hash)]) -> Vec<Vec<&'p str>> {
    let mut group_of: HashMap<blake3::Hash, usize> = HashMap::new();
    let mut groups: Vec<Vec<&'p str>> = Vec::new();
    for &(path, hash) in docs {
        match group_of.get(&hash) {
            Some(&group_idx) => groups[group_idx].push(path),
            None => {
                group_of.insert(hash, groups.len());
                groups.push(vec![path]);
            }
        }
    }
    groups.retain(|group| group.len() > 1);
    groups
}

/// The warning for one member of a duplicate group, naming the other paths.
pub fn duplicate_warning(others: &[&str]) -> Warning {
    Warning::PossibleDuplicate(others.iter().map(|p| p.to_string()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The duplicate groups among `docs` (path, body).
    #[track_caller]
    fn check(docs: &[(&str, &str)], expected: &[&[&str]]) {
        let hashed: Vec<(&str, blake3::Hash)> = docs
            .iter()
            .map(|&(path, body)| (path, text_hash(body)))
            .collect();
        assert_eq!(duplicate_groups(&hashed), expected);
    }

    #[test]
    fn distinct_texts_are_not_duplicates() {
        check(
            &[("en/a.txt", "One text."), ("en/b.txt", "Another text.")],
            &[],
        );
        check(&[], &[]);
    }

    #[test]
    fn the_same_text_under_two_paths() {
        check(
            &[
                ("en/a.txt", "The Council met."),
                ("en/b.txt", "Something else."),
                ("en/archive/a.txt", "The Council met."),
            ],
            &[&["en/a.txt", "en/archive/a.txt"]],
        );
    }

    #[test]
    fn whitespace_differences_do_not_matter() {
        check(
            &[
                ("ru/a.txt", "Совет  Безопасности\n\nпровёл заседание.\n"),
                ("ru/b.txt", " Совет Безопасности провёл\tзаседание."),
            ],
            &[&["ru/a.txt", "ru/b.txt"]],
        );
    }

    #[test]
    fn case_and_words_do_matter() {
        check(
            &[
                ("ar/a.txt", "عقد مجلس الأمن جلسة"),
                ("ar/b.txt", "عقد مجلس الأمن جلسته"),
                ("en/a.txt", "the council met"),
                ("en/b.txt", "The council met"),
            ],
            &[],
        );
    }

    #[test]
    fn several_groups_in_order_of_their_first_path() {
        check(
            &[
                ("a.txt", "x"),
                ("b.txt", "y"),
                ("c.txt", "y"),
                ("d.txt", "x"),
                ("e.txt", "x"),
            ],
            &[&["a.txt", "d.txt", "e.txt"], &["b.txt", "c.txt"]],
        );
    }

    #[test]
    fn the_warning_names_the_other_paths() {
        assert_eq!(
            duplicate_warning(&["en/b.txt", "ru/c.txt"]).to_string(),
            "possible duplicate: the same text as en/b.txt, ru/c.txt"
        );
    }
}
