//! Cross-language query expansion: the query's concepts (thesaurus), actors (gazetteer) and
//! remaining words (bilingual lexicon) are rendered in the other languages and searched in
//! those languages' fields with their own analyzers, weighted below the query's own words.

use tantivy::Term;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};

use super::flat;
use super::name_token::NameToken;
use super::rescore::Bonus;
use crate::analysis;
use crate::index::Archive;
use crate::vocab::gazetteer::Gazetteer;
use crate::vocab::script::short_text_lang;
use crate::vocab::thesaurus::Thesaurus;
use crate::vocab::translit;
// Terms taken per concept or actor per language, and the terms of a concept read to find
// them: the index tags the same renderings.
use crate::index::concepts::{self, TERMS_CONSIDERED, TERMS_PER_UNIT};
use crate::index::schema::{FORMS_BOOST, Slot};
use crate::lexicon::{Lexicon, ParallelLexicon, function_words};
use crate::model::{ActorId, Lang};

/// The languages a query is expanded into.
const TARGETS: [Lang; 3] = [Lang::En, Lang::Ar, Lang::Ru];
/// Weight of an expansion relative to the query's own words (1.0).
const EXPANSION_BOOST: f32 = 0.5;
/// Weight of a dictionary translation relative to a thesaurus or gazetteer term.
const LEXICON_WEIGHT: f32 = 0.4;
/// Weight of a translation learned from parallel text, scaled by its score's square root
/// (a learned pair with score 1 weighs as much as a thesaurus term).
const LEARNED_WEIGHT: f32 = 1.0;
/// Weight of a name's spelling by transliteration rules, and spellings tried per script.
const TRANSLITERATION_WEIGHT: f32 = 0.8;
const SPELLINGS_PER_NAME: usize = 3;
/// Weight of a concept matched by its token: it selects the statements, and its renderings'
/// phrases rank the best of them (see [`Expansion::rescore`]).
const CONCEPT_WEIGHT: f32 = 0.2;
/// Share of the other renderings' scores added to a unit's best one.
const TIE_BREAKER: f32 = 0.0;
/// Learned translations taken per word.
const LEARNED_PER_WORD: usize = 3;
/// How fast a concept's later terms lose weight (see [`rank_weight`]).
const TERM_RANK_DECAY: f32 = 0.5;
const TRANSLATIONS_PER_WORD: usize = 2;
/// Queries with more units than this need only a share of them to match in another
/// language (a pasted sentence), instead of all of them.
const MAX_CONJUNCTIVE_UNITS: usize = 4;
const SHARE_REQUIRED: f32 = 0.4;
/// Relaxed, the weight of a statement holding every part over one holding the share.
const ALL_UNITS_BOOST: f32 = 2.0;
/// The most parts of one query expanded into other languages: a cap on the clauses a long
/// query adds. 48 changes no figure of the evaluation on corpus-real (32 did: one pasted
/// sentence lost its first rank); the 500 characters of a query hold about 80 words.
const MAX_UNITS: usize = 48;

/// Where an expansion term came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Thesaurus,
    Gazetteer,
    /// A bilingual dictionary.
    Lexicon,
    /// Learned from parallel text (`data/parallel-lexicon.tsv`).
    Learned,
    /// A number, the same in every language.
    Number,
    /// A name spelled in another script by rule (`data/transliteration.tsv`).
    Transliteration,
}

/// One rendering of part of the query in another language.
pub struct Candidate {
    /// The words of the query it stands for.
    pub source: String,
    pub lang: Lang,
    pub term: String,
    pub origin: Origin,
    /// The term's queries, one per field (the body, and Arabic's word forms): a hit matched it
    /// if it matches one.
    pub leaves: Vec<Box<dyn Query>>,
}

/// A query's expansion: one clause per target language, plus every candidate term so a hit
/// can say which of them it matched.
pub struct Expansion {
    pub clauses: Vec<Clause>,
    /// Per unit with several renderings in a language whose clause adds its units up, how
    /// much the clauses' `bound` (their sum) overstates `query` (their best), as a bonus
    /// tree: a statement's score is its bound's less these.
    pub excess: Vec<Bonus>,
    /// Every rendering's words, for marking them in snippets (the clauses match a concept
    /// by its index token, which no text holds).
    pub shown: Vec<Box<dyn Query>>,
    /// A concept's renderings as phrases, scored only over the best matches
    /// ([`super::rescore`]): they rank as they did when they matched, for a fraction of it.
    pub rescore: Vec<Bonus>,
    pub candidates: Vec<Candidate>,
}

/// One target language's part of an expansion.
pub struct Clause {
    pub to: Lang,
    pub query: Box<dyn Query>,
    /// The same statements as `query`, each unit scored by the sum of its renderings instead
    /// of the best: at least `query`'s score, and one union of terms where `query` nests a
    /// disjunction max per unit ([`super::rescore::rank`] ranks by it first).
    pub bound: Box<dyn Query>,
    /// Whether the query is the same relaxed or strict (a long expansion asks for a share
    /// of its units either way), so one run's matches serve both ([`super::replay`]).
    pub either_way: bool,
}

/// A language's units as scored (`exact`) and as bounded (`bound`), in the same order.
#[derive(Default)]
struct Units {
    exact: Vec<Box<dyn Query>>,
    bound: Vec<Box<dyn Query>>,
}

/// One rendering of a unit in a target language, as the matching pass searches it and as
/// the rescoring of the best matches scores it (the same leaves, weighed alike).
struct Alternative {
    origin: Origin,
    query: Box<dyn Query>,
    /// `query` as the matching pass runs it: a name of several words by the token the
    /// index put where it stands (`super::name_token`), scored alike.
    matched: Box<dyn Query>,
    bonus: Bonus,
}

/// One part of the query: a concept, an actor or a single word, with its renderings.
struct Unit {
    source: String,
    /// The gazetteer actors it names (their names are among its renderings).
    actors: Vec<ActorId>,
    /// The thesaurus concept it names: matched by the token the index puts where one of its
    /// renderings stands (`index::concepts`).
    concept: Option<&'static str>,
    /// The query's words it stands for, lowercase.
    words: Vec<String>,
    renderings: Vec<Rendering>,
}

struct Rendering {
    lang: Lang,
    term: String,
    origin: Origin,
    weight: f32,
}

impl Rendering {
    fn new(lang: Lang, term: &str, origin: Origin) -> Rendering {
        let weight = match origin {
            Origin::Lexicon => LEXICON_WEIGHT,
            _ => 1.0,
        };
        Rendering {
            lang,
            term: term.to_string(),
            origin,
            weight,
        }
    }
}

/// Loads the data expansion reads (thesaurus and gazetteer automata, the learned lexicon,
/// function words, transliteration rules); each loads on first use otherwise, and together
/// they take about a second, which the first query would pay.
pub fn prepare() {
    Thesaurus::get();
    Gazetteer::get();
    ParallelLexicon::get();
    function_words::contains(Lang::En, "the");
    translit::transliterate("a", Lang::Ru, 1);
}

/// What the query's syntax asks of every language, not only its own.
#[derive(Debug, Clone, Default)]
pub struct Bounds {
    /// Text of the parts written as required (a quoted phrase, `+word`, `a AND b`): their
    /// renderings are required too, and a language that cannot render one is not searched.
    pub required: Vec<String>,
    /// Text of the excluded parts (`-word`): their renderings are excluded too.
    pub excluded: Vec<String>,
}

/// Expands `q` into the languages other than its own (only into `only` when set). `relaxed`
/// (the query's own words are) asks a short expansion for a share of its parts too, with
/// statements holding all of them ranked first.
pub fn expand(
    archive: &Archive,
    q: &str,
    only: Option<Lang>,
    relaxed: bool,
    bounds: &Bounds,
) -> Expansion {
    let from = short_text_lang(q);
    let plain = plain_words(q);
    let own_units = units(&plain, from, archive.lexicon());
    let required: Vec<String> = bounds
        .required
        .iter()
        .flat_map(|text| words_of(&plain_words(text)))
        .filter(|w| !function_words::contains(from, w))
        .collect();
    let excluded = units(
        &plain_words(&bounds.excluded.join(" ")),
        from,
        archive.lexicon(),
    );
    let mut clauses = Vec::new();
    let mut shown = Vec::new();
    let mut rescore: Vec<Bonus> = Vec::new();
    let mut candidates = Vec::new();
    let mut all_excess = Vec::new();
    for to in TARGETS {
        if to == from || only.is_some_and(|l| l != to) {
            continue;
        }
        // Each unit's best rendering (`exact`), and the sum of its renderings (`bound`).
        let mut must = Units::default();
        let mut per_unit = Units::default();
        let mut rendered: Vec<&str> = Vec::new();
        // Per unit with several renderings, how much the bound overstates its score.
        let mut excess: Vec<Bonus> = Vec::new();
        for unit in &own_units {
            let alternatives = alternatives(archive, unit, to, &mut candidates);
            if alternatives.is_empty() {
                continue;
            }
            rendered.extend(unit.words.iter().map(String::as_str));
            shown.extend(alternatives.iter().map(|a| a.query.box_clone()));
            if unit.concept.is_some() {
                let phrases: Vec<Bonus> = alternatives
                    .iter()
                    .filter(|a| a.origin == Origin::Thesaurus)
                    .map(|a| a.bonus.clone())
                    .collect();
                if !phrases.is_empty() {
                    rescore.push(Bonus::Boost(
                        Box::new(Bonus::Max(phrases, TIE_BREAKER)),
                        EXPANSION_BOOST,
                    ));
                }
            }
            let renderings = matching(archive, unit, to, alternatives);
            if renderings.len() > 1 {
                let each: Vec<Bonus> = renderings
                    .iter()
                    .map(|q| Bonus::from_query(q.box_clone()))
                    .collect();
                excess.push(Bonus::Boost(
                    Box::new(Bonus::Excess(each, TIE_BREAKER)),
                    EXPANSION_BOOST,
                ));
            }
            let bound = flat::union(renderings.iter().map(|q| q.box_clone()).collect());
            // The best rendering counts, so a word with many translations weighs no more
            // than a word with one.
            let best: Box<dyn Query> = match renderings.len() {
                1 => bound.box_clone(),
                _ => flat::best(renderings, TIE_BREAKER),
            };
            let to_list = if unit.words.iter().any(|w| required.contains(w)) {
                &mut must
            } else {
                &mut per_unit
            };
            to_list.exact.push(best);
            to_list.bound.push(bound);
        }
        if required.iter().any(|w| !rendered.contains(&w.as_str())) {
            // A required word this language cannot render: none of its statements can be
            // shown to hold the phrase, so the phrase stays strict by leaving it out.
            continue;
        }
        let n = per_unit.exact.len();
        let either_way = n <= 1 || n > MAX_CONJUNCTIVE_UNITS;
        let mut excluded_renderings: Vec<Box<dyn Query>> = Vec::new();
        for unit in &excluded {
            let mut unused = Vec::new();
            let alternatives = alternatives(archive, unit, to, &mut unused);
            excluded_renderings.extend(matching(archive, unit, to, alternatives));
        }
        let assemble = |must: Vec<Box<dyn Query>>, per_unit: Vec<Box<dyn Query>>| {
            let mut parts: Vec<(Occur, Box<dyn Query>)> =
                must.into_iter().map(|q| (Occur::Must, q)).collect();
            if let Some(others) = combine(per_unit, relaxed) {
                parts.push((Occur::Must, others));
            }
            if parts.is_empty() {
                return None;
            }
            parts.extend(
                excluded_renderings
                    .iter()
                    .map(|q| (Occur::MustNot, q.box_clone())),
            );
            let combined: Box<dyn Query> = match parts.len() {
                1 if parts[0].0 == Occur::Must => parts.remove(0).1,
                _ => Box::new(BooleanQuery::new(parts)),
            };
            Some(flat::boost(combined, EXPANSION_BOOST))
        };
        // The bound's score is the exact one plus each unit's excess only where units add up
        // (one unit, or all required, as `combine` makes them); a share of them scores
        // all-or-some, so that clause's bound is the clause itself.
        let adds_up = n <= 1 || (!relaxed && n <= MAX_CONJUNCTIVE_UNITS);
        let Some(query) = assemble(must.exact, per_unit.exact) else {
            continue;
        };
        let bound = adds_up
            .then(|| assemble(must.bound, per_unit.bound))
            .flatten()
            .unwrap_or_else(|| query.box_clone());
        if adds_up {
            all_excess.extend(excess);
        }
        clauses.push(Clause {
            to,
            query,
            bound,
            either_way,
        });
    }
    Expansion {
        clauses,
        excess: all_excess,
        shown,
        rescore,
        candidates,
    }
}

/// What a unit matches in `to`: a concept by the token the index put wherever one of its
/// renderings stands (`index::concepts`): the same statements as its phrases, at the cost of
/// one term instead of a position check per rendering in every candidate statement; beside it
/// the word's own translations and the names of an actor it also is. Anything else by its
/// renderings.
fn matching(
    archive: &Archive,
    unit: &Unit,
    to: Lang,
    alternatives: Vec<Alternative>,
) -> Vec<Box<dyn Query>> {
    let Some(concept) = unit.concept else {
        return alternatives.into_iter().map(|a| a.matched).collect();
    };
    let token = Term::from_field_text(
        archive.fields().body(Slot::of(to)),
        &concepts::concept_token(concept),
    );
    let mut out: Vec<Box<dyn Query>> = vec![flat::boost(
        Box::new(TermQuery::new(token, IndexRecordOption::WithFreqs)),
        CONCEPT_WEIGHT,
    )];
    out.extend(
        alternatives
            .into_iter()
            .filter(|a| a.origin != Origin::Thesaurus)
            .map(|a| a.matched),
    );
    out
}

/// One unit's renderings in `to`, each a weighted query, recorded as candidates. Renderings
/// that the target analyzer reads alike (الإرهاب, إرهاب, الإرهابية) are one search: the
/// first spelling is kept, with the highest weight among them.
fn alternatives(
    archive: &Archive,
    unit: &Unit,
    to: Lang,
    candidates: &mut Vec<Candidate>,
) -> Vec<Alternative> {
    let mut distinct: Vec<(Vec<String>, f32, &Rendering)> = Vec::new();
    for r in unit.renderings.iter().filter(|r| r.lang == to) {
        let tokens = analysis::tokens(to, &r.term);
        if tokens.is_empty() {
            continue;
        }
        let concept_terms = distinct
            .iter()
            .filter(|d| d.2.origin == Origin::Thesaurus)
            .count();
        match distinct.iter_mut().find(|(t, _, _)| *t == tokens) {
            Some((_, weight, _)) => *weight = weight.max(r.weight),
            None if r.origin == Origin::Thesaurus && concept_terms >= TERMS_PER_UNIT => {}
            None => distinct.push((tokens, r.weight, r)),
        }
    }
    // A rendering that holds another, weighed no more, as consecutive tokens (مجلس الأمن
    // الدولي beside مجلس الأمن) matches no statement the other does not, and each phrase
    // costs a position check per candidate statement: it is left out.
    let subsumed: Vec<bool> = distinct
        .iter()
        .enumerate()
        .map(|(i, (tokens, weight, _))| {
            distinct
                .iter()
                .enumerate()
                .any(|(j, (other, other_weight, _))| {
                    j != i
                        && other.len() < tokens.len()
                        && *other_weight >= *weight
                        && tokens.windows(other.len()).any(|w| w == other.as_slice())
                })
        })
        .collect();
    let mut out: Vec<Alternative> = Vec::new();
    for ((tokens, weight, r), _) in distinct.into_iter().zip(subsumed).filter(|(_, s)| !s) {
        let Leaves { leaves, matched } = term_queries(archive, to, &tokens, &r.term);
        let query = flat::union(leaves.iter().map(|q| q.box_clone()).collect());
        let matched = flat::union(matched);
        out.push(Alternative {
            origin: r.origin,
            query: flat::boost(query, weight),
            matched: flat::boost(matched, weight),
            bonus: Bonus::Boost(
                Box::new(Bonus::Sum(
                    leaves.iter().map(|q| Bonus::Leaf(q.box_clone())).collect(),
                )),
                weight,
            ),
        });
        candidates.push(Candidate {
            source: unit.source.clone(),
            lang: to,
            term: r.term.clone(),
            origin: r.origin,
            leaves,
        });
    }
    out
}

/// The units of one language combined: all of a short expansion's, a share of a long one's,
/// or, relaxed, a share of a short one's with those holding all ranked first.
fn combine(per_unit: Vec<Box<dyn Query>>, relaxed: bool) -> Option<Box<dyn Query>> {
    let n = per_unit.len();
    let share = ((n as f32) * SHARE_REQUIRED).ceil().max(1.0) as usize;
    Some(match n {
        0 => return None,
        1 => per_unit.into_iter().next()?,
        _ if n <= MAX_CONJUNCTIVE_UNITS && relaxed => {
            super::query::most_of(per_unit, share, ALL_UNITS_BOOST)
        }
        _ if n <= MAX_CONJUNCTIVE_UNITS => Box::new(BooleanQuery::intersection(per_unit)),
        _ => super::query::most_of(per_unit, share, 0.0),
    })
}

/// The lowercase words of a text, split where the units are.
fn words_of(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The query's words without its syntax: quotes, parentheses, operators, excluded words
/// and filters (`lang:ar`) are not expanded. Any other colon is read as a space, as the
/// query parser's fallback reads it.
fn plain_words(q: &str) -> String {
    let mut out = Vec::new();
    let cleaned: String = super::query::without_filters(q)
        .chars()
        .map(|c| {
            if matches!(c, '"' | '(' | ')' | '+' | '^' | '~') {
                ' '
            } else {
                c
            }
        })
        .collect();
    for word in cleaned.split_whitespace() {
        if word.starts_with('-') || matches!(word, "AND" | "OR" | "NOT") {
            continue;
        }
        out.extend(word.split(':').filter(|w| !w.is_empty()));
    }
    out.join(" ")
}

/// Splits the query into concepts, actors and remaining words, each with its renderings.
fn units(plain: &str, from: Lang, lexicon: Option<&Lexicon>) -> Vec<Unit> {
    // Several words all in capitals are a query typed with caps lock, not acronyms, which
    // the lexicon would not look up by their stems (`vocab::acronyms::is_acronym`).
    let words_typed = plain.split_whitespace().count();
    let lowered;
    let plain = if words_typed > 1
        && plain.chars().any(char::is_uppercase)
        && !plain.chars().any(char::is_lowercase)
    {
        lowered = plain.to_lowercase();
        lowered.as_str()
    } else {
        plain
    };
    let mut units: Vec<Unit> = Vec::new();
    let mut covered = vec![false; plain.len()];
    let learned = ParallelLexicon::get();
    // A name needs no capital to be one in a query of a few words.
    let short = words_typed <= 3;
    // A query of a few words, every one required.
    let conjunctive = words_typed <= MAX_CONJUNCTIVE_UNITS;
    // The span of each concept named, with the unit that stands for it.
    let mut concept_spans = Vec::new();
    for m in Thesaurus::get().find(plain) {
        covered[m.span.clone()].iter_mut().for_each(|c| *c = true);
        // A concept named twice is one part of the query.
        if let Some(i) = units
            .iter()
            .position(|u| u.concept == Some(m.concept.id.as_str()))
        {
            concept_spans.push((m.span.clone(), i));
            continue;
        }
        concept_spans.push((m.span.clone(), units.len()));
        let source = &plain[m.span];
        let words = words_of(source);
        let mut renderings: Vec<Rendering> = TARGETS
            .iter()
            .flat_map(|&lang| {
                m.concept
                    .terms(lang)
                    .take(TERMS_CONSIDERED)
                    .enumerate()
                    .map(move |(i, t)| Rendering {
                        weight: rank_weight(i),
                        ..Rendering::new(lang, t, Origin::Thesaurus)
                    })
            })
            .collect();
        // A concept matched by one word may be broader than the word (`annex` under
        // `letter`): the word's own translations stand beside the concept's terms.
        // In a short query, whose every part selects the statements counted, two kinds are
        // left out, as each would match many statements of its language that do not say
        // what the query says, and the total and facets with them:
        // - all of them when the word is the concept's preferred term, which its terms in
        //   the other languages translate (the dictionary gave `sanctions` ратификация,
        //   the learned lexicon `العقوبات` координирует, "coordinates");
        // - a translation that is only a piece of one of the concept's terms
        //   (нераспространение's learned `non` and `عدم`).
        // In a sentence, where a statement needs only a share of the parts, they help rank
        // its translation (evaluated: cross-language sentences found fewer of their
        // statements first without the pieces).
        let one_word = !source.contains(char::is_whitespace);
        let preferred_in_short = conjunctive
            && one_word
            && m.concept
                .terms(from)
                .next()
                .is_some_and(|t| analysis::tokens(from, t) == analysis::tokens(from, source));
        // One of the concept's acronyms stands for the concept alone, in whatever case the
        // thesaurus matched it (`ctbt`): its letters as a word are another word (`LAWS`,
        // lethal autonomous weapons, is законы "laws" to the dictionary).
        let key = crate::vocab::fold::alias_key(source);
        let acronym = m.concept.terms(from).any(|t| {
            crate::vocab::acronyms::is_acronym(t) && crate::vocab::fold::alias_key(t) == key
        });
        if one_word
            && !preferred_in_short
            && !acronym
            && let Some(word) = word_unit(source, from, lexicon, learned, false)
        {
            renderings.extend(
                word.renderings
                    .into_iter()
                    .filter(|r| !conjunctive || !part_of_a_term(r, m.concept.terms(r.lang))),
            );
        }
        units.push(Unit {
            source: source.to_string(),
            actors: Vec::new(),
            concept: Some(m.concept.id.as_str()),
            words,
            renderings,
        });
    }
    for mention in Gazetteer::get().find_in_text(plain) {
        // A name is not translated word by word ("Bush" is no shrub).
        if let Some(span) = covered.get_mut(mention.first_offset..mention.first_end) {
            span.iter_mut().for_each(|c| *c = true);
        }
        let actor = mention.actor;
        let renderings = TARGETS
            .iter()
            .flat_map(|&lang| {
                actor
                    .names()
                    .filter(move |(l, _)| *l == lang)
                    .take(TERMS_PER_UNIT)
                    .map(move |(_, name)| Rendering::new(lang, name, Origin::Gazetteer))
            })
            .collect::<Vec<_>>();
        // A name that is also a concept (`Security Council`, `IAEA`) is one part of the
        // query, not two required ones: its names join the concept's terms.
        let within = concept_spans
            .iter()
            .find(|(span, _)| span.start <= mention.first_offset && mention.first_end <= span.end)
            .map(|(_, i)| *i);
        if let Some(unit) = within.and_then(|i| units.get_mut(i)) {
            if !unit.actors.contains(&actor.id) {
                unit.actors.push(actor.id.clone());
                unit.renderings.extend(renderings);
            }
            continue;
        }
        if units.iter().any(|u| u.actors.contains(&actor.id)) {
            continue;
        }
        units.push(Unit {
            actors: vec![actor.id.clone()],
            source: actor.name(from).to_string(),
            concept: None,
            words: words_of(
                plain
                    .get(mention.first_offset..mention.first_end)
                    .unwrap_or_default(),
            ),
            renderings,
        });
    }
    let mut start = None;
    for (i, c) in plain
        .char_indices()
        .chain(std::iter::once((plain.len(), ' ')))
    {
        let in_word = i < plain.len() && c.is_alphanumeric() && !covered[i];
        match (in_word, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                let word = &plain[s..i];
                start = None;
                let name = looks_like_a_name(word, s == 0, short);
                let words = words_of(word);
                let again = units
                    .iter()
                    .any(|u| u.concept.is_none() && u.actors.is_empty() && u.words == words);
                if again {
                    continue;
                }
                if let Some(unit) = word_unit(word, from, lexicon, learned, name) {
                    units.push(unit);
                }
            }
            _ => {}
        }
    }
    // Each unit adds clauses in every other language: a long query expands its first ones.
    units.truncate(MAX_UNITS);
    units
}

/// Whether `rendering` is fewer words than one of `terms` (a concept's terms in its
/// language) and each of them one of that term's, as the language's analyzer reads them.
fn part_of_a_term<'t>(rendering: &Rendering, terms: impl Iterator<Item = &'t str>) -> bool {
    let words = analysis::tokens(rendering.lang, &rendering.term);
    !words.is_empty()
        && terms.into_iter().any(|term| {
            let term_words = analysis::tokens(rendering.lang, term);
            words.len() < term_words.len() && words.iter().all(|w| term_words.contains(w))
        })
}

/// Weight of a concept's `i`-th term in a language (0 = its preferred term): the preferred
/// term says what the query says; later ones (variants, narrower or press wordings) widen it.
fn rank_weight(i: usize) -> f32 {
    1.0 / (1.0 + TERM_RANK_DECAY * i as f32)
}

/// Whether a word of the query is probably part of a name: capitalised (`Ulyanov`, `Ульянов`)
/// where a sentence does not force it (not the first word, unless the query is a few words).
fn looks_like_a_name(word: &str, first: bool, short_query: bool) -> bool {
    let mut chars = word.chars();
    let capitalised = chars.next().is_some_and(char::is_uppercase)
        && chars.clone().next().is_some()
        && chars.all(char::is_lowercase);
    capitalised && (!first || short_query)
}

/// A word's renderings: a number stands for itself in every language; a function word has
/// none; any other word has its learned translations, then its dictionary ones. A name is
/// also spelled in the other scripts by transliteration, which is
/// how names missing from the gazetteer (`Ulyanov` → `أوليانوف`, `Ульянов`) still reach them.
fn word_unit(
    word: &str,
    from: Lang,
    lexicon: Option<&Lexicon>,
    learned: &ParallelLexicon,
    name: bool,
) -> Option<Unit> {
    let targets = TARGETS.iter().copied().filter(|&to| to != from);
    let mut renderings: Vec<Rendering> = if word.chars().any(|c| c.is_numeric()) {
        return Some(Unit {
            source: word.to_string(),
            actors: Vec::new(),
            concept: None,
            words: words_of(word),
            renderings: targets
                .map(|to| Rendering::new(to, word, Origin::Number))
                .collect(),
        });
    } else if word.chars().count() < 2 || function_words::contains(from, word) {
        return None;
    } else {
        targets
            .clone()
            .flat_map(|to| {
                let learned = learned
                    .translate(word, from, to, LEARNED_PER_WORD)
                    .into_iter()
                    .map(move |(t, score)| Rendering {
                        weight: LEARNED_WEIGHT * score.sqrt(),
                        ..Rendering::new(to, t, Origin::Learned)
                    });
                let dictionary = lexicon
                    .map(|l| l.translate(word, from, to, TRANSLATIONS_PER_WORD))
                    .unwrap_or_default()
                    .into_iter()
                    .map(move |t| Rendering::new(to, t, Origin::Lexicon));
                learned.chain(dictionary)
            })
            .collect()
    };
    // Arabic has no capitals: there, a word nothing translates is taken for a name.
    if name || (from == Lang::Ar && renderings.is_empty()) {
        for to in targets {
            for spelling in translit::transliterate(word, to, SPELLINGS_PER_NAME) {
                renderings.push(Rendering {
                    weight: TRANSLITERATION_WEIGHT,
                    ..Rendering::new(to, &spelling, Origin::Transliteration)
                });
            }
        }
    }
    (!renderings.is_empty()).then(|| Unit {
        source: word.to_string(),
        actors: Vec::new(),
        concept: None,
        words: words_of(word),
        renderings,
    })
}

/// A term's tokens in one field: one token as a term, several as a phrase.
fn in_field(field: Field, tokens: &[String]) -> Box<dyn Query> {
    let terms: Vec<Term> = tokens
        .iter()
        .map(|t| Term::from_field_text(field, t))
        .collect();
    if terms.len() == 1 {
        Box::new(TermQuery::new(
            terms[0].clone(),
            IndexRecordOption::WithFreqs,
        ))
    } else {
        Box::new(PhraseQuery::new(terms))
    }
}

/// A term's queries, each leaf twice: as rescoring, reasons and snippets read it, and as the
/// matching pass matches it.
struct Leaves {
    leaves: Vec<Box<dyn Query>>,
    /// The same leaves, a name of several words by the token the index writer put where it
    /// stands (`super::name_token`), scored alike.
    matched: Vec<Box<dyn Query>>,
}

/// A term's tokens (as `lang`'s analyzer reads it) searched in that language's body, which
/// holds the title. Arabic adds the term's exact word forms, weighted, so the form the query
/// names ranks above other words of its stem.
fn term_queries(archive: &Archive, lang: Lang, tokens: &[String], term: &str) -> Leaves {
    let fields = archive.fields();
    let mut out = Leaves {
        leaves: Vec::new(),
        matched: Vec::new(),
    };
    // `analyzer` is the index writer's for `field`, which says whether it put a token there.
    let mut add = |field: Field, tokens: &[String], analyzer: &str, boost: Option<f32>| {
        let leaf = in_field(field, tokens);
        let matched = match concepts::name_token(analyzer, tokens) {
            Some(token) => Box::new(NameToken::new(field, tokens, &token)),
            None => leaf.box_clone(),
        };
        let weighed = |query: Box<dyn Query>| -> Box<dyn Query> {
            match boost {
                Some(boost) => Box::new(BoostQuery::new(query, boost)),
                None => query,
            }
        };
        out.leaves.push(weighed(leaf));
        out.matched.push(weighed(matched));
    };
    add(
        fields.body(Slot::of(lang)),
        tokens,
        analysis::analyzer_name(lang),
        None,
    );
    if lang == Lang::Ar {
        let forms = analysis::tokens_with(analysis::AR_FORMS, term);
        if !forms.is_empty() {
            add(
                fields.body_ar_forms,
                &forms,
                analysis::AR_FORMS,
                Some(FORMS_BOOST),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capitalised_words_inside_a_sentence_or_in_a_short_query_look_like_names() {
        assert!(looks_like_a_name("Ulyanov", true, true));
        assert!(looks_like_a_name("Ульянов", false, false));
        assert!(!looks_like_a_name("The", true, false));
        assert!(!looks_like_a_name("treaty", false, true));
        assert!(!looks_like_a_name("NATO", false, true));
    }

    fn rendering(lang: Lang, term: &str) -> Rendering {
        Rendering::new(lang, term, Origin::Learned)
    }

    #[test]
    fn a_piece_of_a_concept_term_is_part_of_it_and_the_whole_term_is_not() {
        let terms = ["non-proliferation", "nuclear non-proliferation"];
        assert!(part_of_a_term(
            &rendering(Lang::En, "non"),
            terms.into_iter()
        ));
        assert!(part_of_a_term(
            &rendering(Lang::En, "proliferation"),
            terms.into_iter()
        ));
        assert!(!part_of_a_term(
            &rendering(Lang::En, "Non-Proliferation"),
            ["non-proliferation"].into_iter()
        ));
        assert!(!part_of_a_term(
            &rendering(Lang::En, "treaty"),
            terms.into_iter()
        ));
        // Compared as the analyzer reads them: the article and the stem do not matter.
        assert!(part_of_a_term(
            &rendering(Lang::Ar, "انتشار"),
            ["عدم الانتشار"].into_iter()
        ));
    }

    /// The renderings in `lang` of the units of `query` (only the one that stands for
    /// `concept`, when one is given).
    fn renderings(query: &str, from: Lang, lang: Lang, concept: Option<&str>) -> Vec<String> {
        units(query, from, None)
            .into_iter()
            .filter(|u| concept.is_none() || u.concept == concept)
            .flat_map(|u| u.renderings)
            .filter(|r| r.lang == lang)
            .map(|r| r.term)
            .collect()
    }

    /// Asserts that `word` is among the concept's renderings in `lang` for `sentence` but not
    /// for the short query `short` (which keeps some of the concept's own renderings).
    fn left_out_of_a_short_query(
        (short, sentence): (&str, &str),
        from: Lang,
        concept: &str,
        lang: Lang,
        word: &str,
    ) {
        let in_short = renderings(short, from, lang, Some(concept));
        assert!(!in_short.is_empty(), "the concept's own terms stay");
        assert!(
            !in_short.iter().any(|t| t == word),
            "{word} in {in_short:?}"
        );
        let in_sentence = renderings(sentence, from, lang, Some(concept));
        assert!(
            in_sentence.iter().any(|t| t == word),
            "{word} not in {in_sentence:?}"
        );
    }

    #[test]
    fn a_short_query_leaves_out_translations_that_are_pieces_of_its_concepts_terms() {
        // The shipped parallel lexicon learned нераспространения → `non`, `عدم` (pieces of
        // `non-proliferation` and `عدم الانتشار`), which alone match most statements. In a
        // sentence a statement needs only a share of the parts, and the pieces help rank the
        // translation of the sentence.
        let queries = (
            "нераспространения",
            "государства подтвердили приверженность режиму нераспространения и разоружения",
        );
        left_out_of_a_short_query(queries, Lang::Ru, "non-proliferation", Lang::En, "non");
        left_out_of_a_short_query(queries, Lang::Ru, "non-proliferation", Lang::Ar, "عدم");
    }

    #[test]
    fn a_short_query_of_a_concepts_preferred_term_takes_the_concepts_translations_alone() {
        // The shipped parallel lexicon learned العقوبات → координирует ("coordinates").
        let queries = (
            "العقوبات",
            "فرض مجلس الأمن العقوبات على الدول التي تنتهك القرار",
        );
        left_out_of_a_short_query(queries, Lang::Ar, "sanctions", Lang::Ru, "координирует");
    }

    #[test]
    fn a_known_acronym_takes_its_concepts_translations_and_no_words() {
        // LAWS (lethal autonomous weapons) is a thesaurus term; as a word it is `laws`.
        let dir = tempfile::tempdir().expect("temp dir");
        crate::lexicon::fixtures::write_dict(
            dir.path(),
            "freedict-eng-rus",
            &[
                ("laws", "laws /x/\nзаконы\n"),
                ("ctbt", "ctbt /x/\nзапрет\n"),
            ],
        );
        let lexicon = Lexicon::from_dictd_dir(dir.path())
            .expect("fixture read")
            .expect("fixture present");
        let in_russian = |query: &str| -> Vec<String> {
            units(query, Lang::En, Some(&lexicon))
                .into_iter()
                .flat_map(|u| u.renderings)
                .filter(|r| r.lang == Lang::Ru)
                .map(|r| r.term)
                .collect()
        };
        let acronym = in_russian("LAWS");
        assert!(
            acronym
                .iter()
                .any(|t| t == "смертоносные автономные системы вооружений"),
            "{acronym:?}"
        );
        assert!(!acronym.iter().any(|t| t == "законы"), "{acronym:?}");
        assert!(in_russian("laws").iter().any(|t| t == "законы"), "the word");
        // Typed in lowercase, CTBT is still the treaty to the thesaurus (four letters and
        // more match in any case), and the word `ctbt` of a dictionary is not used.
        let ctbt = in_russian("ctbt");
        assert!(ctbt.iter().any(|t| t == "ДВЗЯИ"), "{ctbt:?}");
        assert!(!ctbt.iter().any(|t| t == "запрет"), "{ctbt:?}");
    }

    #[test]
    fn a_query_typed_in_capitals_is_translated_as_typed_in_lowercase() {
        // The shipped learned table has мира → peace, looked up by the stem мир.
        let peace = "peace".to_string();
        assert!(renderings("ради мира", Lang::Ru, Lang::En, None).contains(&peace));
        assert_eq!(
            renderings("РАДИ МИРА", Lang::Ru, Lang::En, None),
            renderings("ради мира", Lang::Ru, Lang::En, None),
            "caps lock"
        );
        assert!(
            !renderings("МИРА", Lang::Ru, Lang::En, None).contains(&peace),
            "one word in capitals may be an acronym"
        );
    }

    #[test]
    fn syntax_and_excluded_words_are_not_expanded() {
        assert_eq!(
            plain_words("\"outer space\" -treaty lang:en AND (weapons OR arms) 17:31"),
            "outer space weapons arms 17 31"
        );
    }

    #[test]
    fn a_quoted_filter_value_is_not_read_as_query_words() {
        assert_eq!(
            plain_words("space actor:\"Sergey Lavrov\" -speaker:russia type:speech"),
            "space"
        );
    }
}
