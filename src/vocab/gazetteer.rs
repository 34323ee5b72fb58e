//! The actor gazetteer: who a statement is by or about, in English, Arabic and Russian.
//!
//! `data/gazetteer.tsv` lists every actor (state, organisation, person) with its aliases in each
//! script; it is compiled in and parsed once. [`Gazetteer::resolve`] maps a catalog actor string
//! to an actor, and [`Gazetteer::find_in_text`] finds every actor named in a text in one pass.
//!
//! Both work on a *folded* copy of the text, so that spelling variants need no alias of their own:
//! - lowercase; Latin diacritics dropped (`Niinistö` = `Niinisto`); typographic apostrophes and
//!   dashes become `'` and `-`; runs of whitespace become one space;
//! - Arabic: tashkeel and tatweel dropped, `أ إ آ ٱ` → `ا`, `ى` → `ي`, `ة` → `ه`, Persian `ی ک` → `ي ك`;
//! - Russian: `ё` → `е`, and every Cyrillic word of five or more letters loses one case ending from
//!   a fixed list (keeping at least three letters), so `России`, `Россией` and `Россия` all fold
//!   to `росси`. This handles case forms of every word of a multi-word name (`Российской
//!   Федерации`) without listing them. Its price: a few forms must still be listed (plural
//!   genitives in `-ов`, fleeting vowels as in `Египет`/`Египта`, nominatives in `-ей`/`-ий`), and
//!   forms that share a stem match each other (`Захаров` finds `Захарова`).
//!
//! Input may be NFC or NFD: combining marks are dropped or, where they make a letter we keep
//! (`й`, `ؤ`, `ئ`), merged into it, so both forms fold alike without a normalisation pass.
//!
//! Matching rules, all deliberate:
//! - An alias matches only as whole words: `China` is not found in `Chinatown`, nor `Iran` in
//!   `Iranian`. An English possessive (`Zakharova's`) matches.
//! - Arabic proclitics may be attached in front: `و ف ب ل ك` and the pairs `وب ول وك فب فل فك`
//!   (`والصين`, `لروسيا`, `بالولايات المتحدة`). The article is part of the names that carry it, and
//!   for those `لل` (`ل` + `ال`) is recognised too (`للولايات المتحدة`).
//! - Adjectives are not the state: `Russian`, `российский` and `الروسية` do not yield `russia`,
//!   because in "the Russian Foreign Ministry said" the ministry speaks, not the state. Phrases
//!   that name an institution (`Russian Foreign Ministry`) are aliases of that institution.
//! - Capital cities (`Washington`, `Moscow`, `واشنطن`) are not aliases of their states: they are
//!   also cities, people and newspapers, and the metonymy is the reader's inference, not ours.
//! - Abbreviations of at most three uppercase letters (`US`, `UK`, `UN`, `CD`, `США`, `ООН`) match
//!   only where the text has them in uppercase, so "let us" never yields the United States.
//! - Lines flagged `exact` in the data are catalog spellings (`Mr. Hayden`, `Korea`, OCR errors):
//!   [`Gazetteer::resolve`] finds them, running text never does.
//! - Lines flagged `block` are longer phrases that contain an alias but mean something else
//!   (`Latin America`, `National Security Council`); they are matched only to be discarded.
//!
//! This module does no IO and knows nothing of the index; the rest of `corpus` decides what to
//! do with the actors it finds (catalog actors first, text mentions as a supplement).

use std::collections::HashMap;
use std::sync::LazyLock;

use super::fold::{FoldedText, alias_key};
use super::matcher::{Alias, AliasMatcher, Claim, Entries, KeyOwner};
use super::{data_lines, is_slug};

use crate::model::{ActorId, ActorKind, ActorRef, ActorRole, Lang};

/// The compiled-in data file (also hashed into the corpus fingerprint, so that a changed
/// gazetteer triggers a re-index).
pub(crate) const DATA: &str = include_str!("../../data/gazetteer.tsv");

static GAZETTEER: LazyLock<Gazetteer> = LazyLock::new(|| {
    Gazetteer::parse(DATA).unwrap_or_else(|err| {
        panic!(
            "data/gazetteer.tsv: {err} (the unit test `compiled_in_gazetteer_parses` checks this)"
        )
    })
});

/// A state, organisation or person, with every name the gazetteer knows for it.
#[derive(Debug, Clone)]
pub struct Actor {
    pub id: ActorId,
    pub kind: ActorKind,
    /// In file order, so the first name of a language is the preferred one.
    names: Vec<(Lang, String)>,
}

impl Actor {
    /// The preferred name in `lang`, or the English name if the gazetteer has none in `lang`.
    pub fn name(&self, lang: Lang) -> &str {
        self.first_name(lang).unwrap_or_else(|| self.english_name())
    }

    /// The display name: the first English line of the actor in the data file.
    pub fn english_name(&self) -> &str {
        // `parse` rejects actors without an English name; the id is a fallback that cannot happen.
        self.first_name(Lang::En).unwrap_or(self.id.as_str())
    }

    /// Every alias in every script, in file order (so the preferred name of each language comes
    /// first), including catalog-only spellings such as `Mr. Hayden`.
    pub fn names(&self) -> impl Iterator<Item = (Lang, &str)> {
        self.names.iter().map(|(lang, name)| (*lang, name.as_str()))
    }

    pub fn to_ref(&self, role: ActorRole) -> ActorRef {
        ActorRef {
            id: self.id.clone(),
            name: self.english_name().to_string(),
            role,
        }
    }

    fn first_name(&self, lang: Lang) -> Option<&str> {
        self.names
            .iter()
            .find(|(name_lang, _)| *name_lang == lang)
            .map(|(_, name)| name.as_str())
    }
}

/// One actor found in a text.
#[derive(Debug, Clone)]
pub struct Mention<'g> {
    pub actor: &'g Actor,
    /// Byte offset in the original text where the first alias match starts. For an Arabic name
    /// with a proclitic it points after the proclitic (at `الصين` in `والصين`).
    pub first_offset: usize,
    /// Byte offset where that first match ends (at the end of its word).
    pub first_end: usize,
    /// How many times any alias of the actor matched.
    pub count: usize,
}

/// One alias match of an actor in a text, with its byte range in the original text (after an
/// Arabic proclitic, to the end of the word).
#[derive(Debug, Clone)]
pub struct Found<'g> {
    pub actor: &'g Actor,
    pub start: usize,
    pub end: usize,
}

/// Why `data/gazetteer.tsv` (or a test fixture) could not be parsed. Line numbers are 1-based.
#[derive(Debug, thiserror::Error)]
pub enum GazetteerError {
    #[error(
        "line {line}: expected 4 or 5 tab-separated fields (id, kind, lang, name[, flag]), found {found}"
    )]
    FieldCount { line: usize, found: usize },
    #[error("line {line}: id `{id}` is not a lowercase ASCII slug such as `maria-zakharova`")]
    BadId { line: usize, id: String },
    #[error("line {line}: unknown kind `{kind}`; use person, state or org")]
    UnknownKind { line: usize, kind: String },
    #[error("line {line}: unknown language `{lang}`; use en, ar, ru, fr, es or zh")]
    UnknownLang { line: usize, lang: String },
    #[error("line {line}: unknown flag `{flag}`; use exact or block, or leave the field out")]
    UnknownFlag { line: usize, flag: String },
    #[error("line {line}: the name has no letters or digits")]
    EmptyName { line: usize },
    #[error("line {line}: `{id}` is a {kind} here but a {first_kind} on line {first_line}")]
    KindMismatch {
        line: usize,
        id: String,
        kind: &'static str,
        first_kind: &'static str,
        first_line: usize,
    },
    #[error(
        "line {line}: `{name}` folds to the same alias as line {other_line} (`{other_id}`); \
         case, diacritics and Russian endings are folded, so remove one of the two lines"
    )]
    DuplicateAlias {
        line: usize,
        name: String,
        other_id: String,
        other_line: usize,
    },
    #[error(
        "`{id}` (first on line {line}) has no {lang} name; every actor needs English, Arabic and Russian names"
    )]
    MissingName {
        id: String,
        line: usize,
        lang: &'static str,
    },
    #[error("cannot build the alias matcher")]
    Matcher(#[from] aho_corasick::BuildError),
}

/// The parsed gazetteer: actors, an exact-lookup table and one automaton over all text aliases.
#[derive(Debug)]
pub struct Gazetteer {
    actors: Vec<Actor>,
    by_id: HashMap<String, usize>,
    /// Folded alias → actor index; every alias except `block` lines.
    by_key: HashMap<String, usize>,
    /// Leftmost-longest over the folded aliases searched in running text (not `exact` lines);
    /// targets are actor indexes, `None` for `block` phrases.
    matcher: AliasMatcher,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Flag {
    None,
    Exact,
    Block,
}

impl Gazetteer {
    /// The gazetteer compiled in from `data/gazetteer.tsv`.
    pub fn get() -> &'static Gazetteer {
        &GAZETTEER
    }

    pub fn parse(tsv: &str) -> Result<Gazetteer, GazetteerError> {
        let mut actors: Entries<Actor> = Entries::default();
        // (folded alias, actor, flag, alias as written) for every line, in file order.
        let mut aliases: Vec<(String, usize, Flag, String)> = Vec::new();

        for (line, fields) in data_lines(tsv) {
            let (id, kind, lang, name, flag) = match fields[..] {
                [id, kind, lang, name] => (id, kind, lang, name, ""),
                [id, kind, lang, name, flag] => (id, kind, lang, name, flag),
                _ => {
                    return Err(GazetteerError::FieldCount {
                        line,
                        found: fields.len(),
                    });
                }
            };
            if !is_slug(id) {
                return Err(GazetteerError::BadId {
                    line,
                    id: id.to_string(),
                });
            }
            let Some(kind) = ActorKind::from_code(kind) else {
                return Err(GazetteerError::UnknownKind {
                    line,
                    kind: kind.to_string(),
                });
            };
            let Some(lang) = Lang::from_code(lang).filter(|lang| *lang != Lang::Und) else {
                return Err(GazetteerError::UnknownLang {
                    line,
                    lang: lang.to_string(),
                });
            };
            let flag = match flag {
                "" => Flag::None,
                "exact" => Flag::Exact,
                "block" => Flag::Block,
                other => {
                    return Err(GazetteerError::UnknownFlag {
                        line,
                        flag: other.to_string(),
                    });
                }
            };
            let name = name.trim();
            let key = alias_key(name);
            if key.is_empty() {
                return Err(GazetteerError::EmptyName { line });
            }

            let actor_idx = actors.index_of(id, line, || Actor {
                id: ActorId::new(id),
                kind,
                names: Vec::new(),
            });
            let first_kind = actors.list[actor_idx].kind;
            if first_kind != kind {
                return Err(GazetteerError::KindMismatch {
                    line,
                    id: id.to_string(),
                    kind: kind.code(),
                    first_kind: first_kind.code(),
                    first_line: actors.first_line(actor_idx),
                });
            }

            let duplicate = |other: &KeyOwner| GazetteerError::DuplicateAlias {
                line,
                name: name.to_string(),
                other_id: actors.list[other.entry].id.to_string(),
                other_line: other.line,
            };
            match actors.claims.claim(&key, actor_idx, lang, line) {
                // A blocked phrase may not repeat any alias, even of its own actor.
                Claim::SameEntry(owner) if flag == Flag::Block => return Err(duplicate(owner)),
                Claim::New | Claim::SameEntry(_) => {}
                Claim::Taken(owner) => return Err(duplicate(owner)),
            }
            if flag != Flag::Block {
                actors.list[actor_idx].names.push((lang, name.to_string()));
            }
            aliases.push((key, actor_idx, flag, name.to_string()));
        }

        if let Some((actor, line, lang)) =
            actors.missing_core_language(|a, lang| a.first_name(lang).is_some())
        {
            return Err(GazetteerError::MissingName {
                id: actor.id.to_string(),
                line,
                lang: lang.name(),
            });
        }

        let mut by_key = HashMap::new();
        let mut searched: Vec<Alias> = Vec::new();
        for (key, actor_idx, flag, name) in aliases {
            let actor = (flag != Flag::Block).then_some(actor_idx);
            if flag != Flag::Exact {
                searched.push(Alias {
                    key: key.clone(),
                    target: actor,
                    spelling: name,
                    as_written: false,
                });
            }
            if let Some(actor_idx) = actor {
                by_key.insert(key, actor_idx);
            }
        }
        let matcher = AliasMatcher::build(searched, |key| actors.claims.contains(key))?;

        Ok(Gazetteer {
            actors: actors.list,
            by_id: actors.by_id,
            by_key,
            matcher,
        })
    }

    pub fn actor(&self, id: &str) -> Option<&Actor> {
        self.by_id.get(id).map(|&idx| &self.actors[idx])
    }

    /// Actors in file order.
    pub fn actors(&self) -> impl Iterator<Item = &Actor> {
        self.actors.iter()
    }

    /// Exact alias lookup (case- and diacritic-insensitive), used for catalog actor strings.
    /// Surrounding punctuation and doubled spaces are ignored (`"Choe Su Hon,"`).
    pub fn resolve(&self, name: &str) -> Option<&Actor> {
        self.by_key
            .get(&alias_key(name))
            .map(|&idx| &self.actors[idx])
    }

    /// Every alias match in text, in text order: what role cues need, since a speaker may be
    /// named as a speaker only at its third mention.
    pub fn find_all(&self, text: &str) -> Vec<Found<'_>> {
        self.find_all_folded(&FoldedText::new(text))
    }

    /// [`Gazetteer::find_all`] over a text already folded.
    pub(crate) fn find_all_folded(&self, text: &FoldedText<'_>) -> Vec<Found<'_>> {
        self.matcher
            .find_folded(text)
            .into_iter()
            .map(|found| Found {
                actor: &self.actors[found.target],
                start: found.start,
                end: found.end,
            })
            .collect()
    }

    /// Every actor whose alias occurs in text, in order of first occurrence, each once.
    pub fn find_in_text(&self, text: &str) -> Vec<Mention<'_>> {
        let mut res: Vec<Mention<'_>> = Vec::new();
        let mut mention_of_actor: HashMap<usize, usize> = HashMap::new();
        for found in self.matcher.find(text) {
            match mention_of_actor.get(&found.target) {
                Some(&mention_idx) => res[mention_idx].count += 1,
                None => {
                    mention_of_actor.insert(found.target, res.len());
                    res.push(Mention {
                        actor: &self.actors[found.target],
                        first_offset: found.start,
                        first_end: found.end,
                        count: 1,
                    });
                }
            }
        }
        res
    }
}

/// The compiled-in list's matcher, for the matcher's own tests over real keys.
#[cfg(test)]
pub(super) fn matcher_for_tests() -> &'static AliasMatcher {
    &GAZETTEER.matcher
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Asserts the ids `find_in_text` reports for `text`, in order of first occurrence.
    #[track_caller]
    fn check(text: &str, expected: &[&str]) {
        let found: Vec<&str> = Gazetteer::get()
            .find_in_text(text)
            .iter()
            .map(|mention| mention.actor.id.as_str())
            .collect();
        assert_eq!(found, expected, "actors found in {text:?}");
    }

    #[track_caller]
    fn check_resolves(name: &str, expected: Option<&str>) {
        let found = Gazetteer::get()
            .resolve(name)
            .map(|actor| actor.id.as_str());
        assert_eq!(found, expected, "resolve({name:?})");
    }

    #[track_caller]
    fn parse_err(tsv: &str) -> GazetteerError {
        match Gazetteer::parse(tsv) {
            Ok(_) => panic!("expected an error for {tsv:?}"),
            Err(err) => err,
        }
    }

    const MINIMAL: &str = "x\tstate\ten\tXland\nx\tstate\tar\tاكس\nx\tstate\tru\tИксландия\n";

    #[test]
    fn compiled_in_gazetteer_parses() {
        // `parse` checks fields, kinds, languages, slugs, en+ar+ru names and alias uniqueness.
        let gazetteer = Gazetteer::get();
        assert!(gazetteer.actors().count() > 400);
        for actor in gazetteer.actors() {
            assert!(!actor.name(Lang::Ar).is_empty() && !actor.name(Lang::Ru).is_empty());
        }
    }

    #[test]
    fn every_line_needs_four_or_five_fields() {
        let err = parse_err("# comment\n\nx\tstate\ten\n");
        assert!(
            matches!(err, GazetteerError::FieldCount { line: 3, found: 3 }),
            "{err}"
        );
    }

    #[test]
    fn rejects_bad_ids_kinds_languages_and_flags() {
        let err = parse_err("Bad_Id\tstate\ten\tX\n");
        assert!(
            matches!(err, GazetteerError::BadId { line: 1, .. }),
            "{err}"
        );
        let err = parse_err("a--b\tstate\ten\tX\n");
        assert!(
            matches!(err, GazetteerError::BadId { line: 1, .. }),
            "{err}"
        );
        let err = parse_err("x\tcountry\ten\tX\n");
        assert!(
            matches!(err, GazetteerError::UnknownKind { line: 1, .. }),
            "{err}"
        );
        let err = parse_err("x\tstate\tde\tX\n");
        assert!(
            matches!(err, GazetteerError::UnknownLang { line: 1, .. }),
            "{err}"
        );
        let err = parse_err("x\tstate\tund\tX\n");
        assert!(
            matches!(err, GazetteerError::UnknownLang { line: 1, .. }),
            "{err}"
        );
        let err = parse_err("x\tstate\ten\tX\tfuzzy\n");
        assert!(
            matches!(err, GazetteerError::UnknownFlag { line: 1, .. }),
            "{err}"
        );
        let err = parse_err("x\tstate\ten\t...\n");
        assert!(
            matches!(err, GazetteerError::EmptyName { line: 1 }),
            "{err}"
        );
    }

    #[test]
    fn an_id_keeps_one_kind() {
        let err = parse_err("x\tstate\ten\tX\nx\torg\tar\tاكس\n");
        assert!(
            matches!(
                err,
                GazetteerError::KindMismatch {
                    line: 2,
                    first_line: 1,
                    ..
                }
            ),
            "{err}"
        );
    }

    #[test]
    fn every_actor_needs_english_arabic_and_russian() {
        let err = parse_err("x\tstate\ten\tXland\nx\tstate\tar\tاكس\n");
        assert!(
            matches!(
                err,
                GazetteerError::MissingName {
                    line: 1,
                    lang: "Russian",
                    ..
                }
            ),
            "{err}"
        );
    }

    #[test]
    fn an_alias_belongs_to_one_actor() {
        let err = parse_err(&format!("{MINIMAL}y\tstate\ten\txlánd\n"));
        assert!(
            matches!(
                err,
                GazetteerError::DuplicateAlias {
                    line: 4,
                    other_line: 1,
                    ..
                }
            ),
            "{err}"
        );
        // Russian case forms fold together, so listing both is a duplicate too.
        let err = parse_err(&format!("{MINIMAL}x\tstate\tru\tИксландии\n"));
        assert!(
            matches!(
                err,
                GazetteerError::DuplicateAlias {
                    line: 4,
                    other_line: 3,
                    ..
                }
            ),
            "{err}"
        );
    }

    #[test]
    fn same_spelling_in_two_languages_of_one_actor_is_allowed() {
        let gazetteer = Gazetteer::parse(&format!("{MINIMAL}x\tstate\tfr\tXland\n"))
            .expect("en and fr may share a spelling");
        let actor = gazetteer.actor("x").expect("x is defined");
        assert_eq!(actor.name(Lang::Fr), "Xland");
        assert_eq!(actor.name(Lang::Zh), "Xland", "falls back to English");
    }

    #[test]
    fn preferred_names_and_refs() {
        let russia = Gazetteer::get().actor("russia").expect("russia is listed");
        assert_eq!(russia.english_name(), "Russia");
        assert_eq!(russia.name(Lang::Ar), "روسيا");
        assert_eq!(russia.name(Lang::Ru), "Россия");
        assert_eq!(russia.name(Lang::Zh), "Russia");
        assert_eq!(russia.kind, ActorKind::State);
        assert!(
            russia
                .names()
                .any(|(lang, name)| lang == Lang::Ru && name == "Российская Федерация")
        );
        let actor_ref = russia.to_ref(ActorRole::Speaker);
        assert_eq!(
            (actor_ref.id.as_str(), actor_ref.name.as_str()),
            ("russia", "Russia")
        );
    }

    #[test]
    fn resolves_across_scripts_and_inflections() {
        for name in [
            "Zakharova",
            "Maria Zakharova",
            "Захарова",
            "Захаровой",
            "زاخاروفا",
            "ماريا زاخاروفا",
        ] {
            check_resolves(name, Some("maria-zakharova"));
        }
        check_resolves("ОДКБ", Some("csto"));
        check_resolves("Collective Security Treaty Organization", Some("csto"));
        check_resolves("Российской Федерации", Some("russia"));
        check_resolves("  Choe Su Hon, ", Some("choe-su-hon"));
        check_resolves("Mr. SHEVARDNADZE", Some("eduard-shevardnadze"));
        check_resolves("Sauli Niinisto", Some("sauli-niinisto"));
        check_resolves("Iran, Islamic Republic of", Some("iran"));
        check_resolves("Washington", None);
        check_resolves("", None);
    }

    #[test]
    fn exact_aliases_resolve_but_are_not_searched() {
        check_resolves("Korea", Some("south-korea"));
        check_resolves("Mr. Hayden", Some("bill-hayden"));
        check("Korea and Mr. Hayden", &[]);
        check("the Republic of Korea", &["south-korea"]);
    }

    #[test]
    fn english_names_match_whole_words() {
        check("Russia and China", &["russia", "china"]);
        check("Zakharova's remarks", &["maria-zakharova"]);
        check("Chinatown", &[]);
        check("Iranian officials", &[]);
        check("Sino-Russia", &["russia"]);
        check("the Russian-Chinese proposals", &[]);
    }

    #[test]
    fn adjectives_and_capitals_are_not_states() {
        check(
            "Russian Foreign Ministry spokeswoman",
            &["russia-foreign-ministry"],
        );
        check("Washington, Moscow and Beijing", &[]);
        check("российский МИД", &[]);
        check("الخارجية الروسية", &["russia-foreign-ministry"]);
        check("القوات الروسية", &[]);
        check("موسكو وبكين وواشنطن", &[]);
    }

    #[test]
    fn short_abbreviations_match_only_in_uppercase() {
        check(
            "the US and the UK at the UN",
            &["united-states", "united-kingdom", "united-nations"],
        );
        check("let us go to the un-named place", &[]);
        check("США и ООН", &["united-states", "united-nations"]);
        check("сша", &[]);
        check("Nato and NATO", &["nato"]);
    }

    #[test]
    fn arabic_proclitics_and_article() {
        check("والصين", &["china"]);
        check("لروسيا", &["russia"]);
        check("بالولايات المتحدة", &["united-states"]);
        check("للولايات المتحدة", &["united-states"]);
        check("وللأمم المتحدة", &["united-nations"]);
        check("وإيران", &["iran"]);
        check("الصينية", &[]);
        check("الإيراني", &[]);
        // A longer prefix is another word, not proclitics.
        check("مالروسيا", &[]);
    }

    #[test]
    fn arabic_spelling_folds() {
        check("إيران وايران وإيرانَ", &["iran"]);
        check("سوريا وسورية", &["syria"]);
        check(
            "الولايات المتحدة الأميركية والولايات المتحدة الأمريكية",
            &["united-states"],
        );
        check("دميتري بيسكوف، ديمتري بيسكوف", &["dmitry-peskov"]);
        check("أمــريكا", &["united-states"]);
        // Decomposed (NFD) input folds like precomposed input.
        check("ا\u{0654}يران", &["iran"]);
        check("Sauli Niinisto\u{0308}", &["sauli-niinisto"]);
    }

    #[test]
    fn russian_case_forms() {
        check("России", &["russia"]);
        check("Россией и Китаем", &["russia", "china"]);
        check("с Китайской Народной Республикой", &["china"]);
        check("Российской Федерации", &["russia"]);
        check("Захаровой", &["maria-zakharova"]);
        check("Лаврова, Лаврову, Лавровым", &["sergey-lavrov"]);
        check("Сергея Лаврова", &["sergey-lavrov"]);
        check(
            "Соединенных Штатов Америки и Соединенным Штатам",
            &["united-states"],
        );
        check("Генеральной Ассамблеи", &["un-general-assembly"]);
        check("Совета Безопасности", &["un-security-council"]);
        check("Ё and NFD: Китаи\u{0306} и Кита\u{0439}", &["china"]);
        // Not the state: an adjective and a person.
        check("российская делегация, китаец", &[]);
    }

    #[test]
    fn blocked_phrases_hide_the_alias_inside() {
        check("Latin America and North America", &[]);
        check("America", &["united-states"]);
        check("the National Security Council", &[]);
        check("the Security Council", &["un-security-council"]);
        check("أمريكا اللاتينية", &[]);
        check("Латинская Америка", &[]);
    }

    #[test]
    fn a_shorter_alias_wins_when_the_longest_runs_into_a_word() {
        let gazetteer = Gazetteer::parse(
            "us\tstate\ten\tUnited States\nus\tstate\ten\tUnited States of America\n\
             us\tstate\tar\tالولايات المتحدة\nus\tstate\tru\tСША\n",
        )
        .expect("fixture parses");
        let found = gazetteer.find_in_text("the United States of Americana");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].first_offset, 4);
    }

    #[test]
    fn offsets_are_in_the_original_text_and_counts_add_up() {
        let text = "قالَ الرئيسُ إنّ والصين وروسيا... والصين";
        let found = Gazetteer::get().find_in_text(text);
        let ids: Vec<&str> = found
            .iter()
            .map(|mention| mention.actor.id.as_str())
            .collect();
        assert_eq!(ids, ["china", "russia"]);
        assert_eq!(&text[found[0].first_offset..][..10], "الصين");
        assert_eq!(found[0].count, 2);
        assert_eq!(&text[found[1].first_offset..][..10], "روسيا");
        assert_eq!(found[1].count, 1);

        let text = "Ms.  Dalia  GRYBAUSKAITĖ met the U.S. team";
        let found = Gazetteer::get().find_in_text(text);
        assert_eq!(found[0].actor.id.as_str(), "dalia-grybauskaite");
        assert_eq!(&text[found[0].first_offset..][..5], "Dalia");
        assert_eq!(&text[found[1].first_offset..][..4], "U.S.");
    }

    #[test]
    fn find_all_reports_every_match_with_its_range() {
        let text = "Zakharova said Russia and Zakharova's ministry, said وقال لافروف";
        let found: Vec<(&str, &str)> = Gazetteer::get()
            .find_all(text)
            .iter()
            .map(|found| (found.actor.id.as_str(), &text[found.start..found.end]))
            .collect();
        assert_eq!(
            found,
            [
                ("maria-zakharova", "Zakharova"),
                ("russia", "Russia"),
                ("maria-zakharova", "Zakharova"),
                ("sergey-lavrov", "لافروف"),
            ]
        );
    }

    #[test]
    fn folding_examples() {
        assert_eq!(alias_key("  Niinistö’s "), "niinisto's");
        assert_eq!(alias_key("الإمارات"), "الامارات");
        assert_eq!(alias_key("مُبَارَكَة"), "مباركه");
        assert_eq!(alias_key("Соединённых  Штатов"), "соединенн штатов");
        assert_eq!(alias_key("Куба Кубы"), "куба кубы");
    }
}
