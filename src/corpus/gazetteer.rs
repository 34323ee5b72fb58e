//! STAND-IN for the real gazetteer (written in parallel by another engineer, same API).
//!
//! It knows a handful of actors from `data/gazetteer.tsv` so that the corpus module compiles and
//! its tests run. Matching is a plain alias search with word boundaries (plus the Arabic
//! one-letter proclitics و ف ب ل ك); it does no inflection, which the real one does.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::model::{ActorId, ActorKind, ActorRef, Lang};

/// The compiled-in data file; `corpus::fingerprint` hashes it too.
pub(crate) const DATA: &str = include_str!("../../data/gazetteer.tsv");

/// A person, state or organisation with its names in several languages.
#[derive(Debug)]
pub struct Actor {
    pub id: ActorId,
    pub kind: ActorKind,
    names: Vec<(Lang, String)>,
}

impl Actor {
    /// The first name listed in `lang`, else the English name.
    pub fn name(&self, lang: Lang) -> &str {
        self.names
            .iter()
            .find(|(l, _)| *l == lang)
            .map_or_else(|| self.english_name(), |(_, n)| n.as_str())
    }

    pub fn english_name(&self) -> &str {
        self.names
            .iter()
            .find(|(l, _)| *l == Lang::En)
            .or(self.names.first())
            .map_or(self.id.as_str(), |(_, n)| n.as_str())
    }

    pub fn names(&self) -> impl Iterator<Item = (Lang, &str)> {
        self.names.iter().map(|(l, n)| (*l, n.as_str()))
    }

    pub fn to_ref(&self) -> ActorRef {
        ActorRef {
            id: self.id.clone(),
            name: self.english_name().to_string(),
        }
    }
}

/// An actor found in a text: where it is first named and how often.
#[derive(Debug, Clone, Copy)]
pub struct Mention<'g> {
    pub actor: &'g Actor,
    pub first_offset: usize,
    pub count: usize,
}

pub struct Gazetteer {
    actors: Vec<Actor>,
    by_id: HashMap<String, usize>,
    /// Lowercased alias → actor index.
    by_alias: HashMap<String, usize>,
    /// Exact alias → actor index, for the text matcher.
    by_exact_alias: HashMap<String, usize>,
    matcher: Regex,
}

static GAZETTEER: LazyLock<Gazetteer> =
    LazyLock::new(|| Gazetteer::parse(DATA).expect("data/gazetteer.tsv is checked by a unit test"));

impl Gazetteer {
    pub fn get() -> &'static Gazetteer {
        &GAZETTEER
    }

    pub fn actor(&self, id: &str) -> Option<&Actor> {
        self.by_id.get(id).map(|&i| &self.actors[i])
    }

    /// Exact alias lookup (case-insensitive) for actor strings from the catalog.
    pub fn resolve(&self, name: &str) -> Option<&Actor> {
        self.by_alias
            .get(&name.trim().to_lowercase())
            .map(|&i| &self.actors[i])
    }

    /// Actors named in `text`, in order of first mention.
    pub fn find_in_text(&self, text: &str) -> Vec<Mention<'_>> {
        let mut res: Vec<Mention<'_>> = Vec::new();
        let mut pos = 0;
        while let Some(m) = self.matcher.find_at(text, pos) {
            let next = next_char_boundary(text, m.start());
            if !at_word_start(text, m.start()) || !at_word_end(text, m.end()) {
                pos = next;
                continue;
            }
            pos = m.end();
            let Some(&idx) = self.by_exact_alias.get(m.as_str()) else {
                continue;
            };
            let actor = &self.actors[idx];
            match res.iter_mut().find(|x| std::ptr::eq(x.actor, actor)) {
                Some(mention) => mention.count += 1,
                None => res.push(Mention {
                    actor,
                    first_offset: m.start(),
                    count: 1,
                }),
            }
        }
        res
    }

    fn parse(data: &str) -> Result<Gazetteer, String> {
        let mut actors: Vec<Actor> = Vec::new();
        let mut by_id = HashMap::new();
        let mut by_alias = HashMap::new();
        let mut by_exact_alias = HashMap::new();
        for (line_idx, line) in data.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            let [id, kind, lang, name] = cols[..] else {
                return Err(format!("line {}: expected 4 columns", line_idx + 1));
            };
            let kind = ActorKind::from_code(kind)
                .ok_or_else(|| format!("line {}: unknown kind {kind}", line_idx + 1))?;
            let lang = Lang::from_code(lang)
                .ok_or_else(|| format!("line {}: unknown lang {lang}", line_idx + 1))?;
            let idx = *by_id.entry(id.to_string()).or_insert_with(|| {
                actors.push(Actor {
                    id: ActorId(id.to_string()),
                    kind,
                    names: Vec::new(),
                });
                actors.len() - 1
            });
            actors[idx].names.push((lang, name.to_string()));
            by_alias.insert(name.to_lowercase(), idx);
            by_exact_alias.insert(name.to_string(), idx);
        }
        let mut aliases: Vec<&String> = by_exact_alias.keys().collect();
        aliases.sort_by_key(|a| std::cmp::Reverse(a.len()));
        let pattern = aliases
            .iter()
            .map(|a| regex::escape(a))
            .collect::<Vec<_>>()
            .join("|");
        let matcher = Regex::new(&pattern).map_err(|e| e.to_string())?;
        Ok(Gazetteer {
            actors,
            by_id,
            by_alias,
            by_exact_alias,
            matcher,
        })
    }
}

fn next_char_boundary(text: &str, pos: usize) -> usize {
    text[pos..]
        .chars()
        .next()
        .map_or(text.len(), |c| pos + c.len_utf8())
}

fn at_word_start(text: &str, start: usize) -> bool {
    let mut before = text[..start].chars().rev();
    match before.next() {
        None => true,
        Some(c) if !c.is_alphanumeric() => true,
        // Arabic proclitics: و (and), ف (so), ب (with), ل (for), ك (as) glued to the name.
        Some('و' | 'ف' | 'ب' | 'ل' | 'ك') => {
            before.next().is_none_or(|c| !c.is_alphanumeric())
        }
        Some(_) => false,
    }
}

fn at_word_end(text: &str, end: usize) -> bool {
    text[end..]
        .chars()
        .next()
        .is_none_or(|c| !c.is_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_file_parses() {
        let gazetteer = Gazetteer::parse(DATA).unwrap();
        assert!(gazetteer.actor("russia").is_some());
    }

    #[test]
    fn finds_actors_in_order_with_boundaries_and_proclitics() {
        let mentions =
            Gazetteer::get().find_in_text("Zakharova said Russia and China… Russians; والصين");
        let ids: Vec<_> = mentions.iter().map(|m| m.actor.id.as_str()).collect();
        assert_eq!(ids, ["maria-zakharova", "russia", "china"]);
        assert_eq!(mentions[2].count, 2);
    }

    #[test]
    fn resolves_catalog_names() {
        let actor = Gazetteer::get().resolve(" united states ").unwrap();
        assert_eq!(actor.to_ref().name, "United States");
        assert_eq!(actor.name(Lang::Ar), "الولايات المتحدة");
    }
}
