//! Word translations learned from sentence-aligned parallel text, and the table they ship in.
//!
//! The bilingual dictionaries know general language; UN documents speak their own ("urges" is
//! يحث and призывает, not "incentive"). Sentence-aligned translations teach that vocabulary:
//! IBM Model 1 (Brown et al., 1993) is trained in both directions over analyzer stems, and a
//! pair is kept when both directions agree (the geometric mean of the two probabilities), which
//! removes most of Model 1's "garbage collector" pairs for rare words.
//!
//! The learned pairs are written as words, not stems (`data/parallel-lexicon.tsv`, made by
//! `statement-archive learn`), so the file reads as a word list and survives analyzer changes:
//! at load time each source word is stemmed again to be looked up, and each target word is
//! analysed by its language's analyzer when searched.
//!
//! Learning must never see the documents a test evaluates on: the caller chooses the groups
//! (the `learn` command leaves out `tests/eval/heldout_groups.txt`).

use std::collections::HashMap;
use std::sync::LazyLock;

use tantivy::tokenizer::Token;

use super::function_words;
use crate::model::Lang;

/// The compiled-in learned table.
pub(crate) const DATA: &str = include_str!("../../data/parallel-lexicon.tsv");

/// EM iterations: Model 1 converges in a handful.
const ITERATIONS: usize = 6;
/// A source word must occur in this many sentences to be learned from.
const MIN_SENTENCES: u32 = 2;
/// A pair must co-occur in this many sentence pairs.
const MIN_COOCCURRENCE: u32 = 2;
/// Pairs whose two-way score is below this are dropped.
const MIN_SCORE: f32 = 0.08;
/// Translations kept per source word.
const KEEP: usize = 3;

/// One learned translation.
#[derive(Debug, Clone, PartialEq)]
pub struct Learned {
    pub from: Lang,
    pub to: Lang,
    pub source: String,
    pub target: String,
    /// Two-way Model 1 score in (0, 1].
    pub score: f32,
}

/// Stems of a line with the surface word each came from; numbers and function words left out.
fn stems(lang: Lang, line: &str) -> Vec<(String, String)> {
    let Some(mut analyzer) = crate::analysis::analyzer(crate::analysis::analyzer_name(lang)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    analyzer.token_stream(line).process(&mut |t: &Token| {
        let surface = line.get(t.offset_from..t.offset_to).unwrap_or(&t.text);
        let surface = surface.to_lowercase();
        if t.text.chars().count() < 2
            || t.text.chars().any(|c| c.is_numeric())
            || function_words::contains(lang, &surface)
        {
            return;
        }
        out.push((t.text.clone(), surface));
    });
    out
}

/// Interned stems of one language, with their sentence counts and surface forms.
#[derive(Default)]
struct Vocab {
    ids: HashMap<String, u32>,
    stems: Vec<String>,
    sentences: Vec<u32>,
    surfaces: Vec<HashMap<String, u32>>,
}

impl Vocab {
    fn sentence(&mut self, tokens: Vec<(String, String)>) -> Vec<u32> {
        let mut ids = Vec::with_capacity(tokens.len());
        for (stem, surface) in tokens {
            let next = self.stems.len() as u32;
            let id = *self.ids.entry(stem.clone()).or_insert(next);
            if id == next {
                self.stems.push(stem);
                self.sentences.push(0);
                self.surfaces.push(HashMap::new());
            }
            *self.surfaces[id as usize].entry(surface).or_default() += 1;
            ids.push(id);
        }
        let mut distinct = ids.clone();
        distinct.sort_unstable();
        distinct.dedup();
        for &id in &distinct {
            self.sentences[id as usize] += 1;
        }
        ids
    }

    /// The most frequent surface form of a stem (ties: the shorter, then the first in order).
    fn surface(&self, id: u32) -> &str {
        self.surfaces[id as usize]
            .iter()
            .max_by(|a, b| {
                a.1.cmp(b.1)
                    .then_with(|| b.0.chars().count().cmp(&a.0.chars().count()))
                    .then_with(|| b.0.cmp(a.0))
            })
            .map_or("", |(s, _)| s.as_str())
    }
}

/// `t(f|e)` for every co-occurring pair, after Model 1 EM over `pairs` (source ids, target
/// ids); source id `u32::MAX` is the empty word every target may come from.
fn model1(pairs: &[(Vec<u32>, Vec<u32>)]) -> HashMap<(u32, u32), f32> {
    const NULL: u32 = u32::MAX;
    let mut t: HashMap<(u32, u32), f32> = HashMap::new();
    for (e, f) in pairs {
        for &fj in f {
            for &ei in e.iter().chain(std::iter::once(&NULL)) {
                t.insert((ei, fj), 1.0);
            }
        }
    }
    for _ in 0..ITERATIONS {
        let mut counts: HashMap<(u32, u32), f32> = HashMap::with_capacity(t.len());
        let mut totals: HashMap<u32, f32> = HashMap::new();
        for (e, f) in pairs {
            for &fj in f {
                let sources = e.iter().chain(std::iter::once(&NULL));
                let denom: f32 = sources.clone().map(|&ei| t[&(ei, fj)]).sum();
                if denom <= 0.0 {
                    continue;
                }
                for &ei in sources {
                    let c = t[&(ei, fj)] / denom;
                    *counts.entry((ei, fj)).or_default() += c;
                    *totals.entry(ei).or_default() += c;
                }
            }
        }
        for (key, c) in counts {
            let total = totals.get(&key.0).copied().unwrap_or(1.0);
            t.insert(key, c / total);
        }
    }
    t.retain(|(e, _), _| *e != NULL);
    t
}

/// Learns translations between `a` and `b`, both ways, from aligned line pairs.
pub fn learn(a: Lang, b: Lang, lines: &[(&str, &str)]) -> Vec<Learned> {
    let mut va = Vocab::default();
    let mut vb = Vocab::default();
    let mut ab = Vec::with_capacity(lines.len());
    for (la, lb) in lines {
        let sa = va.sentence(stems(a, la));
        let sb = vb.sentence(stems(b, lb));
        if !sa.is_empty() && !sb.is_empty() {
            ab.push((sa, sb));
        }
    }
    let mut cooc: HashMap<(u32, u32), u32> = HashMap::new();
    for (sa, sb) in &ab {
        let (mut da, mut db) = (sa.clone(), sb.clone());
        da.sort_unstable();
        da.dedup();
        db.sort_unstable();
        db.dedup();
        for &x in &da {
            for &y in &db {
                *cooc.entry((x, y)).or_default() += 1;
            }
        }
    }
    let ba: Vec<(Vec<u32>, Vec<u32>)> = ab.iter().map(|(x, y)| (y.clone(), x.clone())).collect();
    let t_ab = model1(&ab); // t(b-word | a-word)
    let t_ba = model1(&ba); // t(a-word | b-word)
    let mut out = Vec::new();
    let mut per_source_ab: HashMap<u32, Vec<(u32, f32)>> = HashMap::new();
    let mut per_source_ba: HashMap<u32, Vec<(u32, f32)>> = HashMap::new();
    for (&(x, y), &n) in &cooc {
        if n < MIN_COOCCURRENCE
            || va.sentences[x as usize] < MIN_SENTENCES
            || vb.sentences[y as usize] < MIN_SENTENCES
        {
            continue;
        }
        let fwd = t_ab.get(&(x, y)).copied().unwrap_or(0.0);
        let bwd = t_ba.get(&(y, x)).copied().unwrap_or(0.0);
        let score = (fwd * bwd).sqrt();
        if score >= MIN_SCORE {
            per_source_ab.entry(x).or_default().push((y, score));
            per_source_ba.entry(y).or_default().push((x, score));
        }
    }
    collect(&mut out, a, b, &va, &vb, per_source_ab);
    collect(&mut out, b, a, &vb, &va, per_source_ba);
    out
}

/// The best [`KEEP`] translations of each source word, as words, in a stable order.
fn collect(
    out: &mut Vec<Learned>,
    from: Lang,
    to: Lang,
    vf: &Vocab,
    vt: &Vocab,
    per_source: HashMap<u32, Vec<(u32, f32)>>,
) {
    let mut rows: Vec<Learned> = Vec::new();
    for (source, mut targets) in per_source {
        targets.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
        for (target, score) in targets.into_iter().take(KEEP) {
            rows.push(Learned {
                from,
                to,
                source: vf.surface(source).to_string(),
                target: vt.surface(target).to_string(),
                score: (score * 1000.0).round() / 1000.0,
            });
        }
    }
    rows.sort_by(|x, y| {
        x.source
            .cmp(&y.source)
            .then(y.score.total_cmp(&x.score))
            .then(x.target.cmp(&y.target))
    });
    out.extend(rows);
}

/// The table as the data file stores it: a header comment, then one pair per line.
pub fn to_tsv(header: &str, rows: &[Learned]) -> String {
    let mut s = String::new();
    for line in header.lines() {
        s.push_str("# ");
        s.push_str(line);
        s.push('\n');
    }
    s.push_str("# from\tto\tsource\ttarget\tscore\n");
    for r in rows {
        s.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\n",
            r.from.code(),
            r.to.code(),
            r.source,
            r.target,
            r.score
        ));
    }
    s
}

/// What is wrong with a line of the learned table.
#[derive(Debug, thiserror::Error, PartialEq)]
#[error("parallel lexicon line {line}: {reason}")]
pub struct TableError {
    pub line: usize,
    pub reason: String,
}

/// Learned translations, looked up by the source word's stem.
#[derive(Debug, Default)]
pub struct ParallelLexicon {
    entries: HashMap<(Lang, Lang, String), Vec<(String, f32)>>,
}

static SHIPPED: LazyLock<ParallelLexicon> = LazyLock::new(|| {
    ParallelLexicon::parse(DATA).unwrap_or_else(|err| panic!("data/parallel-lexicon.tsv: {err}"))
});

impl ParallelLexicon {
    /// The table shipped in `data/parallel-lexicon.tsv` (a test checks that it parses).
    pub fn get() -> &'static ParallelLexicon {
        &SHIPPED
    }

    pub fn parse(tsv: &str) -> Result<ParallelLexicon, TableError> {
        let mut entries: HashMap<(Lang, Lang, String), Vec<(String, f32)>> = HashMap::new();
        for (line, fields) in crate::vocab::data_lines(tsv) {
            let err = |reason: &str| TableError {
                line,
                reason: reason.to_string(),
            };
            let [from, to, source, target, score] = fields[..] else {
                return Err(err("expected five tab-separated fields"));
            };
            let from = Lang::from_code(from).ok_or_else(|| err("unknown source language"))?;
            let to = Lang::from_code(to).ok_or_else(|| err("unknown target language"))?;
            let score: f32 = score
                .parse()
                .ok()
                .filter(|s: &f32| *s > 0.0 && *s <= 1.0)
                .ok_or_else(|| err("score must be a number in (0, 1]"))?;
            let key = crate::analysis::tokens(from, source).join(" ");
            if key.is_empty() || target.trim().is_empty() {
                return Err(err("empty source or target word"));
            }
            let list = entries.entry((from, to, key)).or_default();
            if !list.iter().any(|(t, _)| t == target) {
                list.push((target.to_string(), score));
            }
        }
        for list in entries.values_mut() {
            list.sort_by(|a, b| b.1.total_cmp(&a.1));
        }
        Ok(ParallelLexicon { entries })
    }

    /// Learned translations of `word` from `from` into `to`, best first, with their scores.
    /// An acronym whose stem is not itself is not looked up: the table is keyed by stems, and
    /// its stem is another word's (ДНЯО, the NPT, and дня, "of the day", share one).
    pub fn translate(&self, word: &str, from: Lang, to: Lang, limit: usize) -> Vec<(&str, f32)> {
        let key = crate::analysis::tokens(from, word).join(" ");
        if crate::vocab::acronyms::is_acronym(word) && key != word.to_lowercase() {
            return Vec::new();
        }
        self.entries
            .get(&(from, to, key))
            .map(|list| {
                list.iter()
                    .take(limit)
                    .map(|(t, s)| (t.as_str(), *s))
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A toy bitext where each English word has one Russian translation, in varied company.
    fn toy() -> Vec<(&'static str, &'static str)> {
        vec![
            ("nuclear weapons", "ядерное оружие"),
            ("nuclear tests", "ядерные испытания"),
            ("chemical weapons", "химическое оружие"),
            ("chemical tests", "химические испытания"),
            ("nuclear disarmament", "ядерное разоружение"),
            ("disarmament treaty", "договор разоружение"),
            ("treaty weapons", "договор оружие"),
        ]
    }

    #[test]
    fn learns_each_word_its_translation_both_ways() {
        let rows = learn(Lang::En, Lang::Ru, &toy());
        let best = |from: Lang, source: &str| {
            rows.iter()
                .find(|r| r.from == from && r.source == source)
                .map(|r| r.target.clone())
        };
        assert_eq!(best(Lang::En, "weapons").as_deref(), Some("оружие"));
        assert_eq!(best(Lang::En, "treaty").as_deref(), Some("договор"));
        assert_eq!(best(Lang::Ru, "договор").as_deref(), Some("treaty"));
        assert!(rows.iter().all(|r| r.score > 0.0 && r.score <= 1.0));
    }

    #[test]
    fn function_words_and_numbers_are_not_learned() {
        let lines = vec![
            ("the treaty of 1972", "договор 1972 года"),
            ("the treaty", "договор"),
            ("the 1972 treaty", "договор 1972"),
        ];
        let rows = learn(Lang::En, Lang::Ru, &lines);
        assert!(rows.iter().all(|r| r.source != "the" && r.source != "1972"));
        assert!(!rows.is_empty());
    }

    #[test]
    fn the_table_round_trips_and_looks_words_up_by_stem() {
        let rows = learn(Lang::En, Lang::Ru, &toy());
        let table = ParallelLexicon::parse(&to_tsv("toy", &rows)).unwrap();
        // "weapon" stems like "weapons"
        assert_eq!(
            table.translate("weapon", Lang::En, Lang::Ru, 1)[0].0,
            "оружие"
        );
        assert!(table.translate("weapon", Lang::En, Lang::Ar, 1).is_empty());
    }

    #[test]
    fn an_acronym_is_looked_up_only_where_its_stem_is_itself() {
        let table = ParallelLexicon::parse(
            "ru\ten\tдня\tagenda\t0.6\nru\ten\tснв\tstart\t0.5\nen\tru\tnpt\tдняо\t0.4\n",
        )
        .unwrap();
        assert_eq!(table.translate("дня", Lang::Ru, Lang::En, 1)[0].0, "agenda");
        assert!(
            table.translate("ДНЯО", Lang::Ru, Lang::En, 1).is_empty(),
            "ДНЯО stems to дня, another word"
        );
        assert_eq!(
            table.translate("СНВ", Lang::Ru, Lang::En, 1)[0].0,
            "start",
            "СНВ stems to itself"
        );
        assert_eq!(table.translate("NPT", Lang::En, Lang::Ru, 1)[0].0, "дняо");
    }

    #[test]
    fn bad_lines_are_reported_with_their_number() {
        let err = ParallelLexicon::parse("en\tru\tweapons\tоружие\t0.5\nen\tru\tx\n").unwrap_err();
        assert_eq!(err.line, 2);
        let err = ParallelLexicon::parse("en\tru\tweapons\tоружие\t7\n").unwrap_err();
        assert!(err.reason.contains("score"));
    }

    #[test]
    fn the_shipped_table_parses_and_knows_un_vocabulary() {
        let table = ParallelLexicon::get();
        assert!(table.len() > 1000, "only {} entries", table.len());
        let ar: Vec<&str> = table
            .translate("urges", Lang::En, Lang::Ar, 3)
            .into_iter()
            .map(|(t, _)| t)
            .collect();
        assert!(ar.iter().any(|t| t.contains("يحث")), "{ar:?}");
    }
}
