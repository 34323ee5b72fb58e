//! Dictionaries → [`Lexicon`]: every entry read both ways round, scores summed over
//! sources, the best [`MAX_TRANSLATIONS`] kept per headword, and the analyzer stem of
//! every headword indexed for inflected lookups.

use std::collections::HashMap;

use rayon::prelude::*;
use tantivy::tokenizer::Token;

use super::dictd::Dictionary;
use super::{DIRECTIONS, Lexicon, MAX_TRANSLATIONS, Source, Strings, Style, Table, extract};
use crate::model::Lang;

/// An inverted pair (from a translation back to its headword) counts less than the
/// entry's own direction: its rank is the rank inside someone else's entry.
const INVERTED_WEIGHT: f32 = 0.8;

pub(super) fn build(dictionaries: &[(Source, Dictionary)]) -> Lexicon {
    let extracted: Vec<Vec<Pair>> = dictionaries
        .par_iter()
        .map(|(source, dictionary)| pairs(source, dictionary))
        .collect();
    let mut builder = Builder::default();
    for pair in extracted.iter().flatten() {
        builder.add(pair);
    }
    let sizes: HashMap<&str, usize> = dictionaries
        .iter()
        .filter(|(source, _)| source.style == Style::Mueller)
        .flat_map(|(_, dictionary)| dictionary.entries())
        .map(|(head, text)| (head, text.len()))
        .collect();
    let commonness = |word: &str| {
        let size = std::iter::once(word.to_string())
            .chain(super::english_singulars(word))
            .find_map(|form| sizes.get(form.as_str()).copied())
            .unwrap_or(0);
        1.0 + 0.1 * (1.0 + size as f32).ln()
    };
    builder.finish(&commonness)
}

/// One translation found in an entry: headword → translation, both in stored form.
struct Pair {
    /// the source's weight
    weight: f32,
    from: Lang,
    to: Lang,
    head: String,
    translation: String,
    rank: usize,
}

fn pairs(source: &Source, dictionary: &Dictionary) -> Vec<Pair> {
    let mut out = Vec::new();
    for (head, text) in dictionary.entries() {
        let Some(head) = extract::candidate(source.from, head) else {
            continue;
        };
        let pair = |translation: String, rank: usize| Pair {
            weight: source.weight,
            from: source.from,
            to: source.to,
            head: head.clone(),
            translation,
            rank,
        };
        match source.style {
            Style::FreeDict => {
                let found = extract::freedict(text, source.to);
                let rank = |rank| if source.ranked { rank } else { 0 };
                out.extend(found.into_iter().enumerate().map(|(i, t)| pair(t, rank(i))));
            }
            Style::Mueller => {
                let found = extract::mueller(text);
                out.extend(
                    found
                        .translations
                        .into_iter()
                        .enumerate()
                        .map(|(rank, t)| pair(t, rank)),
                );
                out.extend(found.phrases.into_iter().map(|(english, russian)| Pair {
                    weight: source.weight,
                    from: source.from,
                    to: source.to,
                    head: english,
                    translation: russian,
                    rank: 0,
                }));
            }
        }
    }
    out
}

#[derive(Default)]
struct Builder {
    ids: HashMap<String, u32>,
    strings: Vec<String>,
    /// per direction: (headword key id, translation id, score)
    scored: [Vec<(u32, u32, f32)>; 4],
}

impl Builder {
    fn intern(&mut self, text: String) -> u32 {
        if let Some(&id) = self.ids.get(&text) {
            return id;
        }
        let id = u32::try_from(self.strings.len()).expect("fewer than 2^32 strings");
        self.strings.push(text.clone());
        self.ids.insert(text, id);
        id
    }

    /// Records the pair in its own direction and inverted.
    fn add(&mut self, pair: &Pair) {
        let score = pair.weight / (1.0 + pair.rank as f32);
        self.add_one(pair.from, pair.to, &pair.head, &pair.translation, score);
        self.add_one(
            pair.to,
            pair.from,
            &pair.translation,
            &pair.head,
            INVERTED_WEIGHT * score,
        );
    }

    fn add_one(&mut self, from: Lang, to: Lang, head: &str, translation: &str, score: f32) {
        let Some(t) = super::table_index(from, to) else {
            return;
        };
        let head = self.intern(extract::key(from, head));
        let translation = self.intern(translation.to_string());
        self.scored[t].push((head, translation, score));
    }

    /// `commonness` weighs English translations: a word Müller spends a long entry on
    /// is a common one, and Arabeyes' lists need that to put `weapons` before `armata`.
    fn finish(self, commonness: &(dyn Fn(&str) -> f32 + Sync)) -> Lexicon {
        let Builder {
            ids,
            strings,
            scored,
        } = self;
        let tables: Vec<Ranked> = scored
            .into_par_iter()
            .zip(DIRECTIONS)
            .map(|(scored, (from, to))| rank_table(&strings, scored, from, to, commonness))
            .collect();
        compact(strings, ids, tables)
    }
}

/// One direction before compaction, with ids of the builder's strings.
struct Ranked {
    /// headword keys sorted by text, each with its best translations
    heads: Vec<(u32, Vec<u32>)>,
    /// (stem key, head index), sorted by stem, then shorter head first
    stems: Vec<(String, u32)>,
}

/// One direction's headwords with their best translations, and their stems.
fn rank_table(
    strings: &[String],
    mut scored: Vec<(u32, u32, f32)>,
    from: Lang,
    to: Lang,
    commonness: &(dyn Fn(&str) -> f32 + Sync),
) -> Ranked {
    scored.sort_unstable_by_key(|&(head, translation, _)| (head, translation));
    let mut heads: Vec<(u32, Vec<(u32, f32)>)> = Vec::new();
    for (head, translation, score) in scored {
        match heads.last_mut() {
            Some((last, list)) if *last == head => match list.last_mut() {
                Some((t, sum)) if *t == translation => *sum += score,
                _ => list.push((translation, score)),
            },
            _ => heads.push((head, vec![(translation, score)])),
        }
    }
    let text = |id: u32| strings[id as usize].as_str();
    let mut heads: Vec<(u32, Vec<u32>)> = heads
        .into_iter()
        .map(|(head, mut list)| {
            if to == Lang::En {
                for (t, score) in &mut list {
                    *score *= commonness(text(*t));
                }
            }
            list.sort_by(|a, b| {
                b.1.total_cmp(&a.1)
                    .then_with(|| word_count(text(a.0)).cmp(&word_count(text(b.0))))
                    // shorter words are the commoner ones (Zipf)
                    .then_with(|| text(a.0).len().cmp(&text(b.0).len()))
                    .then_with(|| text(a.0).cmp(text(b.0)))
            });
            list.truncate(MAX_TRANSLATIONS);
            (head, list.into_iter().map(|(t, _)| t).collect())
        })
        .collect();
    heads.sort_unstable_by(|a, b| text(a.0).cmp(text(b.0)));

    let mut analyzer = crate::analysis::analyzer(crate::analysis::analyzer_name(from))
        .expect("analyzer_name returns a registered analyzer");
    let mut stems = Vec::with_capacity(heads.len());
    let mut stem = String::new();
    for (i, (head, _)) in heads.iter().enumerate() {
        stem.clear();
        analyzer
            .token_stream(text(*head))
            .process(&mut |token: &Token| {
                if !stem.is_empty() {
                    stem.push(' ');
                }
                stem.push_str(&token.text);
            });
        if !stem.is_empty() {
            stems.push((stem.clone(), i as u32));
        }
    }
    stems.sort_unstable_by(|a, b| {
        let head_len = |i: u32| text(heads[i as usize].0).len();
        a.0.cmp(&b.0)
            .then_with(|| head_len(a.1).cmp(&head_len(b.1)))
            .then_with(|| a.1.cmp(&b.1))
    });
    Ranked { heads, stems }
}

fn word_count(text: &str) -> usize {
    text.split(' ').count()
}

/// The final string table holds only the strings the tables use; a stem that is also
/// a word shares its string.
fn compact(strings: Vec<String>, ids: HashMap<String, u32>, tables: Vec<Ranked>) -> Lexicon {
    let mut out = Compact {
        strings: &strings,
        new_ids: vec![u32::MAX; strings.len()],
        extra: HashMap::new(),
        table: Strings::default(),
    };
    let mut built: Vec<Table> = Vec::with_capacity(4);
    for Ranked { heads, stems } in tables {
        let mut table = Table::default();
        for (head, targets) in heads {
            table.heads.push(out.remap(head));
            for target in targets {
                let id = out.remap(target);
                table.targets.push(id);
            }
            table.target_ends.push(table.targets.len() as u32);
        }
        for (stem, head) in stems {
            let id = match ids.get(&stem) {
                Some(&old) => out.remap(old),
                None => out.extra(stem),
            };
            table.stems.push((id, head));
        }
        built.push(table);
    }
    let tables: [Table; 4] = built
        .try_into()
        .unwrap_or_else(|_| unreachable!("one table per direction"));
    Lexicon {
        strings: out.table,
        tables,
    }
}

struct Compact<'s> {
    strings: &'s [String],
    new_ids: Vec<u32>,
    /// strings that were never interned (stems that are no word)
    extra: HashMap<String, u32>,
    table: Strings,
}

impl Compact<'_> {
    fn push(&mut self, text: &str) -> u32 {
        self.table.text.push_str(text);
        let end = u32::try_from(self.table.text.len()).expect("string table under 4 GiB");
        self.table.ends.push(end);
        (self.table.ends.len() - 1) as u32
    }

    fn remap(&mut self, old: u32) -> u32 {
        if self.new_ids[old as usize] == u32::MAX {
            let strings = self.strings;
            self.new_ids[old as usize] = self.push(&strings[old as usize]);
        }
        self.new_ids[old as usize]
    }

    fn extra(&mut self, text: String) -> u32 {
        if let Some(&id) = self.extra.get(&text) {
            return id;
        }
        let id = self.push(&text);
        self.extra.insert(text, id);
        id
    }
}
