//! Thesaurus concepts as index terms: wherever a run of a statement's stemmed words renders a
//! concept (as cross-language search renders it: `search::expand`), the index writer's
//! analyzer adds the token `#` + concept id at the run's first position, in the same title or
//! body field. A search in another language then matches a concept with one term instead of a
//! phrase per rendering, whose positions were checked in every candidate statement: half of a
//! cross-language search's time at 100k statements, by perf (issue 13).
//!
//! Only the writer's analyzers tag (`build::register_writer_analyzers`); the archive opens its index with
//! the plain ones, so queries, snippets and related statements never see concept tokens.
//! A concept token is an exact stand-in for the union of those phrases (slop 0, same
//! analyzer), so a search matches the same statements as before.
//!
//! A gazetteer name of two words or more (`Syrian Arab Republic`, `Islamic Republic of Iran`),
//! which cross-language search renders an actor by, gets a token of its own in the same way
//! (`#@` + its analysed words): [`name_token`]. The Arabic word-forms field is tagged with the
//! names alone. A search matches the phrase by that one term, scored as the phrase would be
//! (`search::name_token`): the position checks it replaces were a quarter of `سوريا`'s search
//! at a million statements, by perf.

use std::collections::VecDeque;
use std::sync::LazyLock;

use rustc_hash::FxHashMap;
use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};

use crate::analysis;
use crate::analysis::Wrapped;
use crate::model::Lang;
use crate::vocab::gazetteer::Gazetteer;
use crate::vocab::thesaurus::{Concept, Thesaurus};

/// A concept's terms in one language that cross-language search renders it by: the first
/// [`TERMS_CONSIDERED`] terms, analysed, those reading alike taken once, at most
/// [`TERMS_PER_UNIT`] of them (the preferred term first).
pub const TERMS_PER_UNIT: usize = 6;
/// Terms of a concept read to find those [`TERMS_PER_UNIT`] distinct searches (many spellings
/// read alike once analysed: الصواريخ الباليستية, صواريخ باليستية).
pub const TERMS_CONSIDERED: usize = 16;

/// Marks a concept token: no analyzer makes a token holding `#`.
const PREFIX: char = '#';
/// Marks a name's token (a concept id holds no `@`).
const NAME_PREFIX: &str = "#@";

/// The index term that stands for `concept` in a title or body field.
pub fn concept_token(concept: &str) -> String {
    format!("{PREFIX}{concept}")
}

/// The index term that stands for a gazetteer name read as `tokens` by the analyzer
/// `analyzer`, when the index writer puts one wherever the name stands: for names of two
/// words or more in English, Arabic and Russian, and in the Arabic word-forms field.
pub fn name_token(analyzer: &str, tokens: &[String]) -> Option<String> {
    let [first, rest @ ..] = tokens else {
        return None;
    };
    let token = name_token_text(tokens);
    table_of(analyzer)?
        .by_first
        .get(first)?
        .with_rest(rest)
        .iter()
        .any(|r| r.rest == rest && r.token == token)
        .then_some(token)
}

fn name_token_text(tokens: &[String]) -> String {
    format!("{NAME_PREFIX}{}", tokens.join(" "))
}

/// The analysed terms a concept is rendered by in `lang`, in order, each once.
pub fn renderings(concept: &Concept, lang: Lang) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = Vec::new();
    for term in concept.terms(lang).take(TERMS_CONSIDERED) {
        let tokens = analysis::tokens(lang, term);
        if tokens.is_empty() || out.contains(&tokens) {
            continue;
        }
        if out.len() == TERMS_PER_UNIT {
            break;
        }
        out.push(tokens);
    }
    out
}

/// The tokens after a rendering's first, and the concept token it adds (made once here: making
/// it per candidate was 3% of a build).
struct Rendering {
    rest: Vec<String>,
    token: String,
}

/// Every rendering of every concept in one language, by its first token.
struct Table {
    /// Looked up for every word the writer indexes: a fast hash, not SipHash (the keys are
    /// our own stems, not a stranger's input).
    by_first: FxHashMap<String, Starting>,
}

/// The renderings that start with one word, those of that word alone apart from the longer
/// ones, which are found by their second word: a quarter of English words start some
/// rendering (`the`, `a`, `united`), and going through all of a word's renderings for each
/// was a quarter of the tagging stream's own instructions (callgrind).
#[derive(Default)]
struct Starting {
    alone: Vec<Rendering>,
    by_second: FxHashMap<String, Vec<Rendering>>,
}

impl Starting {
    /// The renderings whose words after the first start as `rest` does.
    fn with_rest(&self, rest: &[String]) -> &[Rendering] {
        match rest.first() {
            None => &self.alone,
            Some(second) => self.by_second.get(second).map_or(&[], Vec::as_slice),
        }
    }
}

impl Table {
    /// The table of the analyzer `analyzer` (the language `lang`'s, or its word forms'):
    /// the concepts' renderings when `concepts`, and the gazetteer's names of two words or
    /// more, as cross-language search renders an actor (its first [`TERMS_PER_UNIT`] names
    /// in the language).
    fn build(analyzer: &str, lang: Lang, concepts: bool) -> Table {
        let mut table = Table {
            by_first: FxHashMap::default(),
        };
        if concepts {
            for concept in Thesaurus::get().concepts() {
                for tokens in renderings(concept, lang) {
                    table.add(tokens, concept_token(&concept.id));
                }
            }
        }
        for actor in Gazetteer::get().actors() {
            let names = actor.names().filter(|(l, _)| *l == lang);
            for (_, name) in names.take(TERMS_PER_UNIT) {
                let tokens = analysis::tokens_with(analyzer, name);
                if tokens.len() < 2 {
                    continue;
                }
                let token = name_token_text(&tokens);
                let known = table.by_first.get(&tokens[0]).is_some_and(|starting| {
                    starting
                        .with_rest(&tokens[1..])
                        .iter()
                        .any(|r| r.token == token)
                });
                if !known {
                    table.add(tokens, token);
                }
            }
        }
        table
    }

    fn add(&mut self, tokens: Vec<String>, token: String) {
        let (first, rest) = tokens.split_first().expect("renderings are not empty");
        let starting = self.by_first.entry(first.clone()).or_default();
        let renderings = match rest.first() {
            None => &mut starting.alone,
            Some(second) => starting.by_second.entry(second.clone()).or_default(),
        };
        renderings.push(Rendering {
            rest: rest.to_vec(),
            token,
        });
    }
}

/// Per analyzer name, its table: the three languages' and the Arabic word forms'.
static TABLES: LazyLock<[(&'static str, Table); 4]> = LazyLock::new(|| {
    let lang = |lang: Lang| {
        let name = analysis::analyzer_name(lang);
        (name, Table::build(name, lang, true))
    };
    [
        lang(Lang::En),
        lang(Lang::Ar),
        lang(Lang::Ru),
        (
            analysis::AR_FORMS,
            Table::build(analysis::AR_FORMS, Lang::Ar, false),
        ),
    ]
});

fn table_of(analyzer: &str) -> Option<&'static Table> {
    TABLES.iter().find(|(n, _)| *n == analyzer).map(|(_, t)| t)
}

/// The named analyzer with concept and name tokens added (English, Arabic and Russian, and
/// Arabic word forms; `None` for the others).
pub(super) fn tagging(analyzer: &str) -> Option<TextAnalyzer> {
    let inner = analysis::analyzer(analyzer)?;
    Some(TextAnalyzer::from(Tagging {
        inner,
        table: table_of(analyzer)?,
    }))
}

/// An analyzer whose tokens are followed by a concept token after each run that renders one.
#[derive(Clone)]
struct Tagging {
    inner: TextAnalyzer,
    table: &'static Table,
}

impl Tokenizer for Tagging {
    type TokenStream<'a> = TaggedStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> TaggedStream<'a> {
        TaggedStream {
            out: Wrapped::new(self.inner.token_stream(text)),
            table: self.table,
            ahead: VecDeque::new(),
            pending: VecDeque::new(),
            spare: Vec::new(),
        }
    }
}

struct TaggedStream<'a> {
    out: Wrapped<'a>,
    table: &'static Table,
    /// Tokens read from `inner` to look for a run, not yet given out.
    ahead: VecDeque<Token>,
    /// Concept tokens to give out after the current word.
    pending: VecDeque<Token>,
    /// Tokens given out before, whose buffers the copies above reuse instead of allocating a
    /// text for each word read ahead (a quarter of English words start some rendering).
    spare: Vec<Token>,
}

impl TaggedStream<'_> {
    /// Reads ahead until `n` tokens wait (or the text ends).
    fn fill(&mut self, n: usize) {
        while self.ahead.len() < n && self.out.inner.advance() {
            let copy = self.copy_of_current();
            self.ahead.push_back(copy);
        }
    }

    /// The inner stream's current token, copied into a spare token's buffer.
    fn copy_of_current(&mut self) -> Token {
        let mut copy = self.spare.pop().unwrap_or_default();
        let current = self.out.inner.token();
        // Field by field: `Token`'s derived `clone_from` would allocate a new text.
        copy.text.clone_from(&current.text);
        copy.offset_from = current.offset_from;
        copy.offset_to = current.offset_to;
        copy.position = current.position;
        copy.position_length = current.position_length;
        copy
    }

    /// Gives out `token`, keeping the one given out before it as a spare.
    fn give(&mut self, token: Token) {
        let given = self.out.give(token);
        self.spare.push(given);
    }

    /// Queues a concept or name token for each rendering that starts at `word`.
    fn tag(&mut self, word: &Token, starting: &'static Starting) {
        // Read ahead only as far as the renderings that go on with the next word: most words
        // that start one (`mr`, `republic`) are not followed by any, and reading the longest
        // rendering's length ahead of each, copying every token, was a tenth of a build.
        let mut longer: &'static [Rendering] = &[];
        if !starting.by_second.is_empty() {
            self.fill(1);
            if let Some(next) = self.ahead.front() {
                longer = starting
                    .by_second
                    .get(&next.text)
                    .map_or(&[], Vec::as_slice);
            }
        }
        let wanted = longer.iter().map(|r| r.rest.len()).max().unwrap_or(0);
        self.fill(wanted);
        for Rendering { rest, token } in starting.alone.iter().chain(longer) {
            let follows = rest.len() <= self.ahead.len()
                && rest
                    .iter()
                    .zip(&self.ahead)
                    .enumerate()
                    .all(|(i, (want, got))| {
                        got.text == *want && got.position == word.position + i + 1
                    });
            if !follows || self.pending.iter().any(|p| p.text == *token) {
                continue;
            }
            let end = rest
                .len()
                .checked_sub(1)
                .and_then(|last| self.ahead.get(last))
                .map_or(word.offset_to, |last| last.offset_to);
            let mut tag = self.spare.pop().unwrap_or_default();
            tag.text.clone_from(token);
            tag.offset_from = word.offset_from;
            tag.offset_to = end;
            tag.position = word.position;
            tag.position_length = rest.len() + 1;
            self.pending.push_back(tag);
        }
    }
}

impl TokenStream for TaggedStream<'_> {
    fn advance(&mut self) -> bool {
        if let Some(concept) = self.pending.pop_front() {
            self.give(concept);
            return true;
        }
        let (word, starting) = match self.ahead.pop_front() {
            Some(word) => {
                let starting = self.table.by_first.get(&word.text);
                (word, starting)
            }
            None => {
                if !self.out.inner.advance() {
                    return false;
                }
                let Some(starting) = self.table.by_first.get(&self.out.inner.token().text) else {
                    // Most words start no rendering: they pass through uncopied.
                    self.out.pass();
                    return true;
                };
                (self.copy_of_current(), Some(starting))
            }
        };
        if let Some(starting) = starting {
            self.tag(&word, starting);
        }
        self.give(word);
        true
    }

    fn token(&self) -> &Token {
        self.out.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.out.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(lang: Lang) -> Option<&'static Table> {
        table_of(analysis::analyzer_name(lang))
    }

    fn tagged(lang: Lang, text: &str) -> Vec<(String, usize)> {
        let inner = analysis::analyzer(analysis::analyzer_name(lang)).unwrap();
        positioned(
            TextAnalyzer::from(Tagging {
                inner,
                table: table(lang).unwrap(),
            }),
            text,
        )
    }

    /// Each token of `text` with its position.
    fn positioned(mut analyzer: TextAnalyzer, text: &str) -> Vec<(String, usize)> {
        let mut out = Vec::new();
        analyzer
            .token_stream(text)
            .process(&mut |t: &Token| out.push((t.text.clone(), t.position)));
        out
    }

    fn concepts(lang: Lang, text: &str) -> Vec<String> {
        tagged(lang, text)
            .into_iter()
            .filter(|(t, _)| t.starts_with(PREFIX))
            .map(|(t, _)| t)
            .collect()
    }

    /// What the tagger should give for `text`: every word, and each rendering's token at
    /// every run of words that reads as it, once per position, found by trying every
    /// rendering at every word.
    fn tagged_by_trying_all(lang: Lang, text: &str) -> Vec<(String, usize)> {
        let table = table(lang).unwrap();
        let words = positioned(
            analysis::analyzer(analysis::analyzer_name(lang)).unwrap(),
            text,
        );
        let mut out = words.clone();
        let mut tags = std::collections::BTreeSet::new();
        for (i, (first, position)) in words.iter().enumerate() {
            let Some(starting) = table.by_first.get(first) else {
                continue;
            };
            let all = starting
                .alone
                .iter()
                .chain(starting.by_second.values().flatten());
            for rendering in all {
                let follows = rendering.rest.iter().enumerate().all(|(k, want)| {
                    words
                        .get(i + k + 1)
                        .is_some_and(|(got, p)| got == want && *p == position + k + 1)
                });
                if follows {
                    tags.insert((rendering.token.clone(), *position));
                }
            }
        }
        out.extend(tags);
        out.sort();
        out
    }

    /// Concept terms and multi-word names in `lang`, to write texts with.
    fn phrases(lang: Lang) -> Vec<String> {
        let concepts = Thesaurus::get().concepts().flat_map(|c| {
            c.terms(lang)
                .take(3)
                .map(str::to_string)
                .collect::<Vec<_>>()
        });
        let names = Gazetteer::get().actors().flat_map(|a| {
            a.names()
                .filter(|(l, n)| *l == lang && n.contains(' '))
                .map(|(_, n)| n.to_string())
                .collect::<Vec<_>>()
        });
        concepts.chain(names).collect()
    }

    proptest::proptest! {
        /// Renderings followed word by word, overlapping and nested, tag exactly what trying
        /// every rendering at every word finds.
        #[test]
        fn the_tagger_finds_every_rendering_and_each_once(
            picks in proptest::collection::vec((0usize..100_000, 0usize..4), 1..40),
            lang in proptest::sample::select(vec![Lang::En, Lang::Ar, Lang::Ru]),
        ) {
            let phrases = phrases(lang);
            let fillers = ["the", "of", "and", "في", "و", "и", "в", "2024"];
            let mut text = String::new();
            for (pick, cut) in picks {
                let phrase = &phrases[pick % phrases.len()];
                // Whole phrases, and phrases cut short or run into the next.
                let words: Vec<&str> = phrase.split(' ').collect();
                let keep = match cut {
                    0 => words.len().saturating_sub(1).max(1),
                    _ => words.len(),
                };
                text.push_str(&words[..keep].join(" "));
                text.push(' ');
                if cut == 3 {
                    text.push_str(fillers[pick % fillers.len()]);
                    text.push(' ');
                }
            }
            let mut got = tagged(lang, &text);
            got.sort();
            proptest::prop_assert_eq!(got, tagged_by_trying_all(lang, &text));
        }
    }

    #[test]
    fn words_keep_their_positions_and_a_concept_sits_at_its_first_word() {
        let tokens = tagged(Lang::En, "The Security Council met");
        let words: Vec<&(String, usize)> = tokens
            .iter()
            .filter(|(t, _)| !t.starts_with(PREFIX))
            .collect();
        assert_eq!(
            words
                .iter()
                .map(|(t, p)| (t.as_str(), *p))
                .collect::<Vec<_>>(),
            vec![("the", 0), ("secur", 1), ("council", 2), ("met", 3)]
        );
        let council = concept_token("security-council");
        assert!(
            tokens.contains(&(council.clone(), 1)),
            "{council} at 1 in {tokens:?}"
        );
    }

    #[test]
    fn inflected_forms_tag_as_the_rendering_phrase_would_match() {
        assert!(
            concepts(Lang::Ru, "заседание Совета Безопасности ООН")
                .contains(&concept_token("security-council"))
        );
        assert!(concepts(Lang::Ar, "وقال مجلس الأمن").contains(&concept_token("security-council")));
    }

    #[test]
    fn words_apart_are_no_concept() {
        assert!(
            !concepts(Lang::En, "security in the council")
                .contains(&concept_token("security-council"))
        );
    }

    #[test]
    fn a_concept_inside_a_longer_one_is_tagged_too() {
        let found = concepts(
            Lang::En,
            "the Treaty on the Non-Proliferation of Nuclear Weapons",
        );
        assert!(found.contains(&concept_token("npt")), "{found:?}");
        assert!(
            found.contains(&concept_token("nuclear-weapons")),
            "{found:?}"
        );
    }

    #[test]
    fn concept_tokens_do_not_break_a_compound() {
        use crate::analysis::compounds::Compounding;
        let mut writer = TextAnalyzer::from(Compounding {
            inner: tagging(analysis::EN).unwrap(),
            plain: analysis::analyzer(analysis::EN).unwrap(),
        });
        let mut out = Vec::new();
        writer
            .token_stream("the Non-Proliferation Treaty")
            .process(&mut |t: &Token| out.push(t.text.clone()));
        assert!(out.contains(&"nonprolifer".to_string()), "{out:?}");
        assert!(out.contains(&concept_token("npt")), "{out:?}");
    }

    #[test]
    fn a_name_of_several_words_gets_its_token_where_it_stands() {
        let words = analysis::tokens(Lang::En, "Syrian Arab Republic");
        let token = name_token(analysis::EN, &words).expect("the gazetteer names Syria so");
        let tokens = tagged(Lang::En, "Today the Syrian Arab Republic said");
        assert!(tokens.contains(&(token, 2)), "{tokens:?}");
        // A name of one word is its own term.
        assert_eq!(
            name_token(analysis::EN, &analysis::tokens(Lang::En, "Syria")),
            None
        );
        // Words that are no name get no token.
        let words = analysis::tokens(Lang::En, "Syrian Arab delegation");
        assert_eq!(name_token(analysis::EN, &words), None);
    }

    #[test]
    fn the_arabic_word_forms_get_the_names_tokens_too() {
        let name = "الجمهورية العربية السورية";
        let forms = analysis::tokens_with(analysis::AR_FORMS, name);
        let token = name_token(analysis::AR_FORMS, &forms).expect("the gazetteer names Syria so");
        let mut writer = tagging(analysis::AR_FORMS).unwrap();
        let mut out = Vec::new();
        writer
            .token_stream(&format!("وقالت {name} اليوم"))
            .process(&mut |t: &Token| out.push(t.text.clone()));
        assert!(out.contains(&token), "{out:?}");
    }
}
