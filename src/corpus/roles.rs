//! Actor roles: whether an actor makes a statement (speaks, issues it, is the state a speech
//! speaks for) or is only named in it.
//!
//! The cues are data (`data/speech-cues.tsv`): speech verbs, title words ("Statement by"),
//! "on behalf of" phrases and the words that end a search, in English, Arabic and Russian. A cue
//! makes a speaker only of an actor a few words away, with no punctuation or line break between,
//! because precision matters more than recall here: a researcher filtering on "what has X
//! said" should not get the statements that merely quote or criticise X. The price is that a
//! speaker named only far from any cue ("Zakharova, speaking at a briefing in Moscow on
//! Thursday, said") stays `Mentioned`.
//!
//! This module does not find actors (the gazetteer does) and does not read the catalog; it
//! only sets roles on the list it is given.

use std::collections::{HashMap, HashSet};

use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::LazyLock;

use crate::vocab::data_lines;
use crate::vocab::fold::{TextWord, alias_key};
use crate::vocab::gazetteer::{Found, Gazetteer};

use crate::model::{ActorKind, ActorRef, ActorRole, DocType, Lang};

/// The compiled-in data file (also hashed into the corpus fingerprint).
pub(crate) const DATA: &str = include_str!("../../data/speech-cues.tsv");

static CUES: LazyLock<Cues> = LazyLock::new(|| {
    Cues::parse(DATA).unwrap_or_else(|err| {
        panic!("data/speech-cues.tsv: {err} (the unit test `compiled_in_cues_parse` checks this)")
    })
});

/// Words allowed between an actor and the verb after it: the title words of "Russian Foreign
/// Ministry spokeswoman Maria Zakharova has said" (actors do not count).
const MAX_GAP_BEFORE_VERB: usize = 3;
/// Words allowed between a verb and the actor after it: Arabic puts long titles there
/// ("أكد معالي وزير الخارجية الأستاذ عادل الجبير").
const MAX_GAP_AFTER_VERB: usize = 5;
/// Words allowed between a title cue and the actors it introduces ("Statement by the foreign
/// ministers of the Collective Security Treaty Organisation member states").
const MAX_GAP_IN_TITLE: usize = 8;
/// Words allowed after "on behalf of" ("on behalf of the Government of X").
const MAX_GAP_BEHALF: usize = 4;

/// Why `data/speech-cues.tsv` could not be parsed. Line numbers are 1-based.
#[derive(Debug, thiserror::Error)]
pub enum CuesError {
    #[error("line {line}: expected 3 tab-separated fields (lang, kind, cue), found {found}")]
    FieldCount { line: usize, found: usize },
    #[error("line {line}: unknown language `{lang}`; use en, ar or ru")]
    UnknownLang { line: usize, lang: String },
    #[error(
        "line {line}: unknown kind `{kind}`; use verb, actor-then-verb, title-then-actor, \
         actor-then-title, behalf-then-actor, behalf-gap or stop"
    )]
    UnknownKind { line: usize, kind: String },
    #[error("line {line}: the cue has no letters")]
    EmptyCue { line: usize },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CueKind {
    Verb,
    ActorThenVerb,
    TitleThenActor,
    ActorThenTitle,
    BehalfThenActor,
}

#[derive(Debug)]
struct Cue {
    lang: Lang,
    kind: CueKind,
    /// Folded words.
    words: Vec<String>,
}

/// The parsed cue list.
#[derive(Debug)]
struct Cues {
    cues: Vec<Cue>,
    /// Per language, the folded stop words. These maps are looked up for every word of every
    /// statement indexed, so they hash with Fx: SipHash was 2% of indexing (perf).
    stops: FxHashMap<Lang, FxHashSet<String>>,
    /// Per language, the folded words allowed between a behalf cue and its actor.
    behalf_gaps: FxHashMap<Lang, FxHashSet<String>>,
    /// Indexes into `cues` by language and first word, ascending (so longest first), so a
    /// word is compared with the few cues that can start there rather than with all of them.
    by_first: FxHashMap<Lang, FxHashMap<String, Vec<usize>>>,
}

/// What a data line adds to [`Cues`].
enum Entry {
    Cue(CueKind),
    Stop,
    BehalfGap,
}

impl Cues {
    fn parse(tsv: &str) -> Result<Cues, CuesError> {
        let mut cues = Vec::new();
        let mut stops: FxHashMap<Lang, FxHashSet<String>> = FxHashMap::default();
        let mut behalf_gaps: FxHashMap<Lang, FxHashSet<String>> = FxHashMap::default();
        for (line, fields) in data_lines(tsv) {
            let [lang, kind, cue] = fields[..] else {
                return Err(CuesError::FieldCount {
                    line,
                    found: fields.len(),
                });
            };
            let Some(lang) =
                Lang::from_code(lang).filter(|l| [Lang::En, Lang::Ar, Lang::Ru].contains(l))
            else {
                return Err(CuesError::UnknownLang {
                    line,
                    lang: lang.to_string(),
                });
            };
            let entry = match kind {
                "verb" => Entry::Cue(CueKind::Verb),
                "actor-then-verb" => Entry::Cue(CueKind::ActorThenVerb),
                "title-then-actor" => Entry::Cue(CueKind::TitleThenActor),
                "actor-then-title" => Entry::Cue(CueKind::ActorThenTitle),
                "behalf-then-actor" => Entry::Cue(CueKind::BehalfThenActor),
                "behalf-gap" => Entry::BehalfGap,
                "stop" => Entry::Stop,
                other => {
                    return Err(CuesError::UnknownKind {
                        line,
                        kind: other.to_string(),
                    });
                }
            };
            let cue_words: Vec<String> = cue.split_whitespace().map(alias_key).collect();
            if cue_words.iter().any(String::is_empty) || cue_words.is_empty() {
                return Err(CuesError::EmptyCue { line });
            }
            match entry {
                Entry::Cue(kind) => cues.push(Cue {
                    lang,
                    kind,
                    words: cue_words,
                }),
                Entry::Stop => stops.entry(lang).or_default().extend(cue_words),
                Entry::BehalfGap => behalf_gaps.entry(lang).or_default().extend(cue_words),
            }
        }
        // Longest first, so "joint statement of" wins over "statement" at the same word.
        cues.sort_by_key(|cue| std::cmp::Reverse(cue.words.len()));
        let mut by_first: FxHashMap<Lang, FxHashMap<String, Vec<usize>>> = FxHashMap::default();
        for (idx, cue) in cues.iter().enumerate() {
            by_first
                .entry(cue.lang)
                .or_default()
                .entry(cue.words[0].clone())
                .or_default()
                .push(idx);
        }
        Ok(Cues {
            cues,
            stops,
            behalf_gaps,
            by_first,
        })
    }

    /// The cues that may start at a word, longest first: those whose first word it is, and in
    /// Arabic also those it carries with the proclitic و or ف.
    fn starting_with(&self, lang: Lang, key: &str) -> Vec<&Cue> {
        let mut found: Vec<usize> = Vec::new();
        let by_first = self.by_first.get(&lang);
        let mut add = |word: &str| {
            if let Some(list) = by_first.and_then(|cues| cues.get(word)) {
                found.extend(list);
            }
        };
        add(key);
        if lang == Lang::Ar {
            for clitic in ["و", "ف"] {
                if let Some(rest) = key.strip_prefix(clitic) {
                    add(rest);
                }
            }
        }
        found.sort_unstable();
        found.into_iter().map(|idx| &self.cues[idx]).collect()
    }
}

/// What [`assign`] reads: the text actors are found in and what kind of document it is.
pub(crate) struct RoleInput<'a> {
    /// The title, then the body; the title is `text[..title_len]`.
    pub text: &'a str,
    /// The words of `text` (`fold::words`), which parsing reads once for cues of every kind.
    pub words: &'a [TextWord],
    /// The gazetteer's matches in `text`.
    pub found: &'a [Found<'a>],
    pub title_len: usize,
    pub lang: Lang,
    /// The issuing body when the statement's source is one (a ministry, not a newspaper).
    pub source: Option<&'a str>,
    pub doc_type: Option<DocType>,
}

/// Sets every actor's role: a speaker if a cue in the text says so; mentioned if the text names
/// it without one; a speaker if the text never names it (then it came from the catalog, which
/// lists who issued a document). The source, when the gazetteer knows it, is a speaker and is
/// appended if missing. Order is kept.
pub(crate) fn assign(actors: &mut Vec<ActorRef>, input: &RoleInput<'_>) {
    let (named, speakers) = text_speakers(input);
    for actor in actors.iter_mut() {
        let id = actor.id.as_str();
        actor.role = if speakers.contains(id) || !named.contains(id) {
            ActorRole::Speaker
        } else {
            ActorRole::Mentioned
        };
    }
    let Some(issuer) = input
        .source
        .and_then(|source| Gazetteer::get().resolve(source))
    else {
        return;
    };
    match actors.iter_mut().find(|actor| actor.id == issuer.id) {
        Some(actor) => actor.role = ActorRole::Speaker,
        None => actors.push(issuer.to_ref(ActorRole::Speaker)),
    }
}

/// One unit of the text as the cues see it: a word, or a whole actor name.
#[derive(Debug)]
struct Unit<'g> {
    start: usize,
    end: usize,
    /// The folded word, empty for an actor.
    key: &'g str,
    actor: Option<&'g str>,
}

/// The ids of the actors the text names, and of those it names as speakers.
fn text_speakers<'g>(input: &RoleInput<'g>) -> (HashSet<&'g str>, HashSet<&'g str>) {
    let found = input.found;
    let named: HashSet<&str> = found.iter().map(|f| f.actor.id.as_str()).collect();
    let units = units(input.words, found);
    let cues = &*CUES;
    let stops = cues.stops.get(&input.lang);
    let is_stop =
        |unit: &Unit<'_>| unit.actor.is_none() && stops.is_some_and(|s| s.contains(unit.key));
    let verbs_report_others = matches!(
        input.doc_type,
        Some(DocType::Speech | DocType::Resolution | DocType::Report | DocType::Letter)
    );
    let behalf_applies = !matches!(input.doc_type, Some(DocType::Resolution | DocType::Report));
    let walk = Walk {
        text: input.text,
        units: &units,
        is_stop,
    };
    let no_words = FxHashSet::default();
    let mut speakers = HashSet::new();
    let mut idx = 0;
    while idx < units.len() {
        let unit = &units[idx];
        let candidates = if unit.actor.is_some() {
            Vec::new()
        } else {
            cues.starting_with(input.lang, unit.key)
        };
        let Some(cue) = candidates
            .into_iter()
            .find(|cue| matches_at(&units, idx, cue, input.lang))
        else {
            idx += 1;
            continue;
        };
        let first = idx;
        let last = idx + cue.words.len() - 1;
        let in_title = units[first].start < input.title_len;
        let found: Vec<&str> = match cue.kind {
            CueKind::Verb | CueKind::ActorThenVerb if verbs_report_others => Vec::new(),
            CueKind::Verb => {
                let mut res = walk.back(first, MAX_GAP_BEFORE_VERB);
                // An English actor after its verb must end the clause ("said Lavrov."), or it is
                // the start of what was said ("said the United States was").
                let (after, ends_clause) = walk.forward(last, MAX_GAP_AFTER_VERB, false, None);
                if input.lang != Lang::En || ends_clause {
                    res.extend(after);
                }
                res
            }
            CueKind::ActorThenVerb => walk.back(first, MAX_GAP_BEFORE_VERB),
            CueKind::TitleThenActor if in_title => {
                walk.forward_all(last, MAX_GAP_IN_TITLE, input.title_len)
            }
            CueKind::ActorThenTitle if in_title => walk.back(first, 1),
            CueKind::BehalfThenActor if behalf_applies => {
                let allowed = cues.behalf_gaps.get(&input.lang).unwrap_or(&no_words);
                walk.forward(last, MAX_GAP_BEHALF, true, Some(allowed)).0
            }
            CueKind::TitleThenActor | CueKind::ActorThenTitle | CueKind::BehalfThenActor => {
                Vec::new()
            }
        };
        speakers.extend(found);
        idx = last + 1;
    }
    if input.doc_type == Some(DocType::Speech) {
        speakers.extend(speech_state(found));
    }
    (named, speakers)
}

/// A speech's own state rarely follows a cue ("Australia supports…"), but a speaker names their
/// own country more than any other: the state named most, at least [`SPEECH_STATE_MIN`] times
/// and [`SPEECH_STATE_MARGIN`] times as often as the next, speaks. On corpus-real's General
/// Debate speeches this picks the speech's country in 427 of the 454 it applies to (94%).
fn speech_state<'g>(found: &[Found<'g>]) -> Option<&'g str> {
    let mut counts: HashMap<&'g str, usize> = HashMap::new();
    for f in found.iter().filter(|f| f.actor.kind == ActorKind::State) {
        *counts.entry(f.actor.id.as_str()).or_default() += 1;
    }
    let mut ranked: Vec<(&str, usize)> = counts.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let (top, n) = *ranked.first()?;
    let next = ranked.get(1).map_or(0, |(_, n)| *n);
    (n >= SPEECH_STATE_MIN && n >= SPEECH_STATE_MARGIN * next).then_some(top)
}

/// Mentions the most-named state of a speech needs to count as the speaker.
const SPEECH_STATE_MIN: usize = 3;
/// How many times the next state's mentions the most-named one needs.
const SPEECH_STATE_MARGIN: usize = 2;

/// Whether the text between two units lets a cue reach across: spaces only, no punctuation and
/// no line break.
fn is_open(between: &str) -> bool {
    between.chars().all(|c| c.is_whitespace() && c != '\n')
}

/// Whether the cue's words start at `units[idx]`. An Arabic cue may carry the proclitic و or ف.
fn matches_at(units: &[Unit<'_>], idx: usize, cue: &Cue, lang: Lang) -> bool {
    let Some(window) = units.get(idx..idx + cue.words.len()) else {
        return false;
    };
    window
        .iter()
        .zip(&cue.words)
        .enumerate()
        .all(|(n, (unit, word))| {
            unit.actor.is_none()
                && (unit.key == *word
                    || (n == 0
                        && lang == Lang::Ar
                        && ["و", "ف"]
                            .iter()
                            .any(|clitic| unit.key.strip_prefix(clitic) == Some(word.as_str()))))
        })
}

/// Words and actor names in text order: each word inside an actor's range becomes part of it.
fn units<'g>(words: &'g [TextWord], found: &[crate::vocab::gazetteer::Found<'g>]) -> Vec<Unit<'g>> {
    let mut res: Vec<Unit<'g>> = Vec::with_capacity(words.len());
    let mut actors = found.iter().peekable();
    for word in words {
        while actors.next_if(|actor| actor.end <= word.start).is_some() {}
        match actors.peek() {
            Some(actor) if actor.start < word.end => {
                let id = actor.actor.id.as_str();
                match res.last_mut() {
                    Some(last) if last.actor == Some(id) && last.end > actor.start => {
                        last.end = word.end;
                    }
                    _ => res.push(Unit {
                        start: word.start,
                        end: word.end,
                        key: "",
                        actor: Some(id),
                    }),
                }
            }
            _ => res.push(Unit {
                start: word.start,
                end: word.end,
                key: &word.key,
                actor: None,
            }),
        }
    }
    res
}

/// Walks from a cue over the units beside it, collecting actors.
struct Walk<'u, 'g, S> {
    text: &'u str,
    units: &'u [Unit<'g>],
    is_stop: S,
}

impl<'g, S: Fn(&Unit<'_>) -> bool> Walk<'_, 'g, S> {
    fn between(&self, idx: usize) -> &str {
        &self.text[self.units[idx].end..self.units[idx + 1].start]
    }

    /// Actors before `units[from]`, at most `max_gap` other words away, until punctuation or a
    /// stop word.
    fn back(&self, from: usize, max_gap: usize) -> Vec<&'g str> {
        let mut res = Vec::new();
        let mut gap = 0;
        let mut idx = from;
        while idx > 0 && is_open(self.between(idx - 1)) {
            idx -= 1;
            let unit = &self.units[idx];
            match unit.actor {
                Some(id) => res.push(id),
                None if (self.is_stop)(unit) => break,
                None => {
                    gap += 1;
                    if gap > max_gap {
                        break;
                    }
                }
            }
        }
        res
    }

    /// The first group of adjacent actors after `units[from]`, at most `max_gap` words away, and
    /// whether the group ends its clause (punctuation, a line break or the end follows it).
    /// `comma_first` lets a comma follow the cue ("my country, Nepal,").
    /// `allowed_gap`, when given, lists the only words that may stand before the actor.
    fn forward(
        &self,
        from: usize,
        max_gap: usize,
        comma_first: bool,
        allowed_gap: Option<&FxHashSet<String>>,
    ) -> (Vec<&'g str>, bool) {
        let mut res = Vec::new();
        let mut gap = 0;
        let mut idx = from;
        while let Some(next) = self.units.get(idx + 1) {
            let between = self.between(idx);
            let open = is_open(between) || (comma_first && idx == from && between.trim() == ",");
            if !open {
                return (res, true);
            }
            idx += 1;
            match next.actor {
                Some(id) => res.push(id),
                None if !res.is_empty() || (self.is_stop)(next) => return (res, false),
                None if allowed_gap.is_some_and(|allowed| !allowed.contains(next.key)) => {
                    return (res, false);
                }
                None => {
                    gap += 1;
                    if gap > max_gap {
                        return (res, false);
                    }
                }
            }
        }
        (res, true)
    }

    /// Every actor after `units[from]` before `end` (the title's end), until a stop word or more
    /// than `max_gap` words in a row: "Joint statement of Russia, China and Iran on …".
    fn forward_all(&self, from: usize, max_gap: usize, end: usize) -> Vec<&'g str> {
        let mut res = Vec::new();
        let mut gap = 0;
        let mut idx = from + 1;
        while let Some(unit) = self.units.get(idx).filter(|unit| unit.start < end) {
            match unit.actor {
                Some(id) => {
                    res.push(id);
                    gap = 0;
                }
                None if (self.is_stop)(unit) => break,
                None => {
                    gap += 1;
                    if gap > max_gap {
                        break;
                    }
                }
            }
            idx += 1;
        }
        res
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::fold::words;

    /// The speakers and the mentioned actors of a text (title first, then a blank line, then the
    /// body) found by the gazetteer, after `assign`.
    #[track_caller]
    fn check(
        lang: Lang,
        doc_type: Option<DocType>,
        text: &str,
        speakers: &[&str],
        mentioned: &[&str],
    ) {
        let title_len = text.find("\n\n").unwrap_or(text.len());
        let mut actors: Vec<ActorRef> = Gazetteer::get()
            .find_in_text(text)
            .iter()
            .map(|m| m.actor.to_ref(ActorRole::Mentioned))
            .collect();
        let found = Gazetteer::get().find_all(text);
        let words = words(text);
        let input = RoleInput {
            text,
            words: &words,
            found: &found,
            title_len,
            lang,
            source: None,
            doc_type,
        };
        assign(&mut actors, &input);
        let with_role = |role: ActorRole| -> Vec<&str> {
            actors
                .iter()
                .filter(|a| a.role == role)
                .map(|a| a.id.as_str())
                .collect()
        };
        assert_eq!(
            with_role(ActorRole::Speaker),
            speakers,
            "speakers in {text:?}"
        );
        assert_eq!(
            with_role(ActorRole::Mentioned),
            mentioned,
            "mentioned in {text:?}"
        );
    }

    #[test]
    fn a_speech_speaks_for_the_state_it_names_most() {
        let speech = "General Debate\n\nMr. President, Australia welcomes this session. \
                      Australia has long worked for disarmament, and Australia will sign the \
                      treaty. We thank Japan for its leadership.";
        check(
            Lang::En,
            Some(DocType::Speech),
            speech,
            &["australia"],
            &["japan"],
        );
        // Not a speech: naming a state often does not make it speak.
        check(
            Lang::En,
            Some(DocType::NewsReport),
            speech,
            &[],
            &["australia", "japan"],
        );
        // Without a clear lead, no state is taken for the speaker.
        let even = "General Debate\n\nAustralia and Japan, Australia and Japan, Australia and \
                    Japan agree.";
        check(
            Lang::En,
            Some(DocType::Speech),
            even,
            &[],
            &["australia", "japan"],
        );
    }

    #[test]
    fn compiled_in_cues_parse() {
        let cues = &*CUES;
        for lang in [Lang::En, Lang::Ar, Lang::Ru] {
            assert!(
                cues.cues
                    .iter()
                    .any(|c| c.lang == lang && c.kind == CueKind::Verb)
            );
            assert!(cues.stops.get(&lang).is_some_and(|s| !s.is_empty()));
        }
    }

    #[test]
    fn data_errors_name_the_line() {
        let err = |tsv: &str| Cues::parse(tsv).err().map(|e| e.to_string());
        assert_eq!(
            err("# header\nen\tverb\tsaid\nen\tverb\n").as_deref(),
            Some("line 3: expected 3 tab-separated fields (lang, kind, cue), found 2")
        );
        assert!(
            err("de\tverb\tsagte\n")
                .is_some_and(|e| e.starts_with("line 1: unknown language `de`"))
        );
        assert!(
            err("\nen\tnoun\tsaid\n").is_some_and(|e| e.starts_with("line 2: unknown kind `noun`"))
        );
        assert_eq!(
            err("en\tverb\t...\n").as_deref(),
            Some("line 1: the cue has no letters")
        );
    }

    #[test]
    fn english_speech_verbs_in_both_orders() {
        check(
            Lang::En,
            None,
            "Title\n\nRussian Foreign Ministry spokeswoman Maria Zakharova said the United States blocks talks.",
            &["russia-foreign-ministry", "maria-zakharova"],
            &["united-states"],
        );
        check(
            Lang::En,
            None,
            "Title\n\nThe talks must go on, said Lavrov. China agreed.",
            &["sergey-lavrov"],
            &["china"],
        );
        // A reported object, not a speaker.
        check(
            Lang::En,
            None,
            "Title\n\nHe said the United States was wrong; Zakharova has also criticized China.",
            &["maria-zakharova"],
            &["united-states", "china"],
        );
        // Punctuation between the actor and the verb: "Iran" is what the talks are about.
        check(
            Lang::En,
            None,
            "Title\n\nThe deal with Iran, Kerry said, is good.",
            &["john-kerry"],
            &["iran"],
        );
    }

    #[test]
    fn arabic_verb_first_with_titles_and_proclitics() {
        check(
            Lang::Ar,
            None,
            "عنوان\n\nوقال وزير الخارجية الإيراني محمد جواد ظريف إن الولايات المتحدة لم تف بالتزاماتها.",
            &["mohammad-javad-zarif"],
            &["united-states"],
        );
        check(
            Lang::Ar,
            None,
            "عنوان\n\nقال المتحدث باسم الكرملين ديمتري بيسكوف، إن روسيا منفتحة على الحوار.",
            &["kremlin", "dmitry-peskov"],
            &["russia"],
        );
        // The object of a verb whose subject is left out is not a speaker.
        check(
            Lang::Ar,
            None,
            "عنوان\n\nودعا إيران إلى الالتزام بالاتفاق.",
            &[],
            &["iran"],
        );
    }

    #[test]
    fn russian_verbs_in_both_orders() {
        check(
            Lang::Ru,
            None,
            "Заголовок\n\nЛавров заявил, что США нарушают договор.",
            &["sergey-lavrov"],
            &["united-states"],
        );
        check(
            Lang::Ru,
            None,
            "Заголовок\n\nОб этом заявила официальный представитель МИД России Мария Захарова. Китай согласен.",
            &["russia-foreign-ministry", "maria-zakharova"],
            &["china"],
        );
    }

    #[test]
    fn title_cues_name_the_issuers() {
        check(
            Lang::En,
            None,
            "Joint statement of Russia and China on global strategic stability\n\nThe sides discussed Iran.",
            &["russia", "china"],
            &["iran"],
        );
        check(
            Lang::Ru,
            None,
            "Заявление МИД России в связи с действиями США\n\nТекст.",
            &["russia-foreign-ministry"],
            &["united-states"],
        );
        check(
            Lang::Ar,
            None,
            "بيان وزارة الخارجية الروسية بشأن إيران\n\nنص.",
            &["russia-foreign-ministry"],
            &["iran"],
        );
    }

    #[test]
    fn speeches_speak_for_a_state_and_only_quote_others() {
        let speech = Some(DocType::Speech);
        check(
            Lang::En,
            speech,
            "Title\n\nI speak on behalf of the Government of Nepal. As Russia said last year, the treaty matters.",
            &["nepal"],
            &["russia"],
        );
        check(
            Lang::En,
            speech,
            "Title\n\nMy country, Fiji, supports the treaty. The United States said so too.",
            &["fiji"],
            &["united-states"],
        );
        check(
            Lang::Ar,
            speech,
            "عنوان\n\nأتكلم باسم حكومة مصر. وقال ممثل إسرائيل إن …",
            &["egypt"],
            &["israel"],
        );
        check(
            Lang::Ru,
            speech,
            "Заголовок\n\nДелегация Казахстана поддерживает проект. Как заявил Китай, договор важен.",
            &["kazakhstan"],
            &["china"],
        );
    }

    #[test]
    fn unnamed_catalog_actors_and_the_issuing_body_are_speakers() {
        let gazetteer = Gazetteer::get();
        let actor = |id: &str| {
            gazetteer
                .actor(id)
                .expect("listed")
                .to_ref(ActorRole::Speaker)
        };
        let mut actors = vec![actor("bill-hayden"), actor("australia"), actor("france")];
        let text = "Title\n\nWe note that France tested a weapon.";
        let found = gazetteer.find_all(text);
        assign(
            &mut actors,
            &RoleInput {
                text,
                words: &words(text),
                found: &found,
                title_len: 5,
                lang: Lang::En,
                source: Some("Ministry of Foreign Affairs of the Russian Federation"),
                doc_type: Some(DocType::Speech),
            },
        );
        let roles: Vec<(&str, ActorRole)> =
            actors.iter().map(|a| (a.id.as_str(), a.role)).collect();
        assert_eq!(
            roles,
            [
                ("bill-hayden", ActorRole::Speaker),
                ("australia", ActorRole::Speaker),
                ("france", ActorRole::Mentioned),
                ("russia-foreign-ministry", ActorRole::Speaker),
            ]
        );
    }

    #[test]
    fn words_keep_apostrophes_and_hyphens_inside() {
        let keys: Vec<String> = words("Zakharova's Secretary-General, 'quoted' — وقال")
            .into_iter()
            .map(|w| w.key.to_string())
            .collect();
        assert_eq!(keys, ["zakharova's", "secretary-general", "quoted", "وقال"]);
    }
}
