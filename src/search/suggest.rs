//! Suggestions while typing: actors (gazetteer) and concepts (thesaurus) whose name in any
//! script starts with what was typed, at the name's start or at one of its words (`lav` finds
//! Sergey Lavrov, `лав` and `لاف` too).
//!
//! Built once: every name is folded as aliases are (case, diacritics, Arabic letter variants)
//! and stored once per word start in one sorted list, so a prefix is a binary search.

use std::sync::LazyLock;

use crate::model::Lang;
use crate::vocab::fold::fold_letters;
use crate::vocab::gazetteer::Gazetteer;
use crate::vocab::thesaurus::Thesaurus;

/// Suggestions returned at most.
pub const MAX_SUGGESTIONS: usize = 8;
/// Longest prefix looked up, in characters; longer input is not a prefix someone types.
pub const MAX_PREFIX_CHARS: usize = 100;
/// Concept terms per language taken from the thesaurus: the preferred ones.
const TERMS_PER_LANGUAGE: usize = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SuggestionKind {
    Actor,
    Concept,
}

impl SuggestionKind {
    pub fn code(self) -> &'static str {
        match self {
            SuggestionKind::Actor => "actor",
            SuggestionKind::Concept => "concept",
        }
    }
}

/// One suggestion: what it is, its English label, and the name that matched, in its script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    pub kind: SuggestionKind,
    /// The actor or concept id.
    pub id: String,
    pub label: String,
    pub matched: String,
    pub lang: Lang,
}

struct Name {
    kind: SuggestionKind,
    id: String,
    label: String,
    text: String,
    lang: Lang,
}

struct Suggester {
    names: Vec<Name>,
    /// (folded name from a word start, index in `names`, whether that is the name's start).
    keys: Vec<(String, usize, bool)>,
}

static SUGGESTER: LazyLock<Suggester> = LazyLock::new(Suggester::build);

impl Suggester {
    fn build() -> Suggester {
        let mut names = Vec::new();
        for actor in Gazetteer::get().actors() {
            for (lang, text) in actor.names() {
                names.push(Name {
                    kind: SuggestionKind::Actor,
                    id: actor.id.to_string(),
                    label: actor.english_name().to_string(),
                    text: text.to_string(),
                    lang,
                });
            }
        }
        for concept in Thesaurus::get().concepts() {
            for lang in [Lang::En, Lang::Ar, Lang::Ru] {
                for text in concept.terms(lang).take(TERMS_PER_LANGUAGE) {
                    names.push(Name {
                        kind: SuggestionKind::Concept,
                        id: concept.id.clone(),
                        label: concept.label().to_string(),
                        text: text.to_string(),
                        lang,
                    });
                }
            }
        }
        let mut keys = Vec::new();
        for (idx, name) in names.iter().enumerate() {
            let folded = fold_letters(&name.text);
            let mut at_word_start = true;
            for (offset, c) in folded.char_indices() {
                if at_word_start && c.is_alphanumeric() {
                    keys.push((folded[offset..].to_string(), idx, offset == 0));
                }
                at_word_start = !c.is_alphanumeric();
            }
        }
        keys.sort();
        Suggester { names, keys }
    }

    fn suggest(&self, typed: &str, limit: usize) -> Vec<Suggestion> {
        let prefix = fold_letters(typed.trim());
        let prefix = prefix.trim();
        if prefix.chars().count() < 2 || prefix.chars().count() > MAX_PREFIX_CHARS {
            return Vec::new();
        }
        let start = self.keys.partition_point(|(k, _, _)| k.as_str() < prefix);
        let mut found: Vec<(bool, usize, usize)> = self.keys[start..]
            .iter()
            .take_while(|(k, _, _)| k.starts_with(prefix))
            .map(|&(_, idx, whole)| (!whole, self.names[idx].text.chars().count(), idx))
            .collect();
        // Names matched from their start first, then shorter names, then actors before concepts.
        found.sort_by_key(|&(inner, len, idx)| (inner, self.names[idx].kind, len, idx));
        let mut out: Vec<Suggestion> = Vec::new();
        for (_, _, idx) in found {
            let name = &self.names[idx];
            if out.iter().any(|s| s.kind == name.kind && s.id == name.id) {
                continue;
            }
            out.push(Suggestion {
                kind: name.kind,
                id: name.id.clone(),
                label: name.label.clone(),
                matched: name.text.clone(),
                lang: name.lang,
            });
            if out.len() == limit {
                break;
            }
        }
        out
    }
}

/// Up to `limit` (at most [`MAX_SUGGESTIONS`]) actors and concepts for what was typed; none
/// for fewer than two letters.
pub fn suggest(typed: &str, limit: usize) -> Vec<Suggestion> {
    SUGGESTER.suggest(typed, limit.clamp(1, MAX_SUGGESTIONS))
}

/// Builds the suggestion list now rather than on the first keystroke.
pub fn prepare() {
    LazyLock::force(&SUGGESTER);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(typed: &str) -> Vec<String> {
        suggest(typed, MAX_SUGGESTIONS)
            .into_iter()
            .map(|s| s.id)
            .collect()
    }

    #[test]
    fn an_actor_is_suggested_from_any_script_and_any_word_of_its_name() {
        for typed in ["Zakh", "Захар", "زاخار", "maria zak"] {
            assert!(
                ids(typed).iter().any(|id| id == "maria-zakharova"),
                "{typed}: {:?}",
                ids(typed)
            );
        }
    }

    #[test]
    fn concepts_are_suggested_with_their_english_label() {
        let found = suggest("outer sp", MAX_SUGGESTIONS);
        let space = found
            .iter()
            .find(|s| s.kind == SuggestionKind::Concept)
            .unwrap_or_else(|| panic!("a concept for outer sp: {found:?}"));
        assert!(
            space.label.to_lowercase().contains("outer space"),
            "{space:?}"
        );
        let arabic = suggest("الفضاء الخ", MAX_SUGGESTIONS);
        assert!(
            arabic
                .iter()
                .any(|s| s.kind == SuggestionKind::Concept && s.lang == Lang::Ar),
            "{arabic:?}"
        );
    }

    #[test]
    fn short_or_long_input_suggests_nothing_and_the_limit_holds() {
        assert!(suggest("z", MAX_SUGGESTIONS).is_empty());
        assert!(suggest(&"a".repeat(200), MAX_SUGGESTIONS).is_empty());
        assert!(suggest("nu", 3).len() <= 3);
        assert!(suggest("nu", 100).len() <= MAX_SUGGESTIONS);
    }

    #[test]
    fn each_actor_or_concept_is_suggested_once() {
        let found = suggest("rus", MAX_SUGGESTIONS);
        let mut keys: Vec<(SuggestionKind, &str)> =
            found.iter().map(|s| (s.kind, s.id.as_str())).collect();
        let n = keys.len();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), n, "{found:?}");
    }
}
