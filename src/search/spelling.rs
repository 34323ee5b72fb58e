//! "Did you mean": a query word that nothing in the archive holds, close in spelling to a name
//! the gazetteer knows (`Zaharova` → `Zakharova`, `Lavrow` → `Lavrov`, `Небензья` → `Небензя`),
//! is offered corrected. The names are the gazetteer's in every script, so a misspelling is
//! compared with names written in its own script.
//!
//! A suggestion rather than a silent fuzzy match: the user sees what was searched and decides,
//! and a rare real word is never replaced behind their back.

use std::collections::HashMap;
use std::sync::LazyLock;

use tantivy::{Searcher, Term};

use crate::index::Archive;
use crate::index::schema::Slot;
use crate::model::ActorKind;
use crate::vocab::fold::fold_letters;
use crate::vocab::gazetteer::Gazetteer;
use crate::vocab::script::short_text_lang;

/// Words shorter than this are not corrected: too many names lie one letter away.
const MIN_CHARS: usize = 4;

/// Every word of at least [`MIN_CHARS`] letters of the names of people and states, and the
/// one-word names of organisations (`Hezbollah`), under its folded form (as aliases fold),
/// with its spelling. The other words of organisations' names are ordinary words (`Weapons`,
/// `Council`), not names to correct toward.
static NAME_WORDS: LazyLock<HashMap<String, String>> = LazyLock::new(|| {
    let mut out = HashMap::new();
    for actor in Gazetteer::get().actors() {
        for (_, name) in actor.names() {
            if actor.kind == ActorKind::Organisation && name.split_whitespace().nth(1).is_some() {
                continue;
            }
            for word in name.split_whitespace() {
                let word = word.trim_matches(|c: char| !c.is_alphanumeric());
                if word.chars().count() >= MIN_CHARS && word.chars().all(char::is_alphabetic) {
                    out.entry(fold_letters(word))
                        .or_insert_with(|| word.to_string());
                }
            }
        }
    }
    out
});

/// Edits allowed for a word of `chars` letters: one up to six letters, two beyond.
fn max_edits(chars: usize) -> usize {
    if chars <= 6 { 1 } else { 2 }
}

/// The query with each unknown word that is close to a gazetteer name replaced by that name,
/// or `None` when no word needed it.
pub fn did_you_mean<'w>(
    archive: &Archive,
    q: &str,
    words: impl Iterator<Item = &'w str>,
) -> Option<String> {
    let searcher = archive.searcher();
    let mut corrected = q.to_string();
    let mut changed = false;
    for word in words {
        let bare = word.trim_matches(|c: char| !c.is_alphanumeric());
        if bare.chars().count() < MIN_CHARS || !bare.chars().all(char::is_alphabetic) {
            continue;
        }
        if is_name_word(bare) || in_archive(archive, &searcher, bare) {
            continue;
        }
        if let Some(name) = closest_name(bare) {
            corrected = replace_word(&corrected, bare, name);
            changed = true;
        }
    }
    changed.then_some(corrected)
}

fn is_name_word(word: &str) -> bool {
    NAME_WORDS.contains_key(&fold_letters(word))
}

/// Whether any statement's body (in the word's language, with its title) or actor names hold
/// it, each field read with its own analyzer.
fn in_archive(archive: &Archive, searcher: &Searcher, word: &str) -> bool {
    let slot = Slot::of(short_text_lang(word));
    let fields = archive.fields();
    [fields.body(slot), fields.actor_names]
        .into_iter()
        .any(|field| {
            let Ok(mut analyzer) = archive.index().tokenizer_for_field(field) else {
                return true;
            };
            let mut stream = analyzer.token_stream(word);
            while let Some(token) = stream.next() {
                let term = Term::from_field_text(field, &token.text);
                if searcher.doc_freq(&term).is_ok_and(|n| n > 0) {
                    return true;
                }
            }
            false
        })
}

/// The gazetteer name word in the same script within the allowed edits, fewest edits first.
fn closest_name(word: &str) -> Option<&'static str> {
    let folded = fold_letters(word);
    let chars = folded.chars().count();
    let lang = short_text_lang(word);
    NAME_WORDS
        .iter()
        .filter(|(key, _)| short_text_lang(key) == lang)
        .filter(|(key, _)| key.chars().count().abs_diff(chars) <= max_edits(chars))
        .map(|(key, display)| (strsim::damerau_levenshtein(&folded, key), key, display))
        .filter(|(d, _, _)| *d <= max_edits(chars))
        .min_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)))
        .map(|(_, _, display)| display.as_str())
}

/// `text` with whole-word occurrences of `word` replaced by `by`.
fn replace_word(text: &str, word: &str, by: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(word) {
        let before = rest[..i].chars().next_back();
        let after = rest[i + word.len()..].chars().next();
        let whole =
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric);
        out.push_str(&rest[..i]);
        out.push_str(if whole { by } else { word });
        rest = &rest[i + word.len()..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misspelt_names_find_the_gazetteer_spelling_in_their_script() {
        assert_eq!(closest_name("Zaharova"), Some("Zakharova"));
        assert_eq!(closest_name("Lavrow"), Some("Lavrov"));
        assert_eq!(closest_name("Nebensia"), Some("Nebenzia"));
        assert_eq!(closest_name("Небензья"), Some("Небензя"));
        assert_eq!(closest_name("زخاروفا"), Some("زاخاروفا"));
    }

    #[test]
    fn ordinary_words_far_from_any_name_get_nothing() {
        assert_eq!(closest_name("weapons"), None);
        assert_eq!(closest_name("космос"), None);
    }

    #[test]
    fn only_whole_words_are_replaced() {
        assert_eq!(
            replace_word("Zaharova said, Zaharovas", "Zaharova", "Zakharova"),
            "Zakharova said, Zaharovas"
        );
    }
}
