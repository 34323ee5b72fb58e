//! Facet counts for language, actor, year and source, read from the one facet field.

use tantivy::collector::FacetCounts;

use crate::corpus::gazetteer::Gazetteer;
use crate::model::Lang;

/// The facet kinds, as path roots in the facet field and as filter parameter names.
pub const KINDS: [&str; 4] = ["lang", "actor", "year", "source"];
/// How many actors and sources are listed; languages and years are listed in full.
const TOP: usize = 25;

/// One facet value: `value` is what its filter parameter takes, `label` what a person reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacetCount {
    pub value: String,
    pub label: String,
    pub count: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Facets {
    pub lang: Vec<FacetCount>,
    pub actor: Vec<FacetCount>,
    pub year: Vec<FacetCount>,
    pub source: Vec<FacetCount>,
}

pub fn read(counts: &FacetCounts) -> Facets {
    let values = |kind: &str| -> Vec<(String, u64)> {
        counts
            .get(format!("/{kind}").as_str())
            .filter_map(|(facet, count)| {
                let path = facet.to_path();
                Some((path.get(1)?.to_string(), count))
            })
            .collect()
    };
    let by_count = |mut v: Vec<(String, u64)>, limit: usize| {
        v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        v.truncate(limit);
        v
    };
    let gazetteer = Gazetteer::get();
    let label_lang =
        |code: &str| Lang::from_code(code).map_or(code.to_string(), |l| l.name().to_string());
    let label_actor = |id: &str| {
        gazetteer
            .actor(id)
            .map_or_else(|| id.to_string(), |a| a.english_name().to_string())
    };
    let mut year = values("year");
    year.sort_by(|a, b| b.0.cmp(&a.0));
    Facets {
        lang: to_counts(by_count(values("lang"), usize::MAX), label_lang),
        actor: to_counts(by_count(values("actor"), TOP), label_actor),
        year: to_counts(year, str::to_string),
        source: to_counts(by_count(values("source"), TOP), str::to_string),
    }
}

fn to_counts(values: Vec<(String, u64)>, label: impl Fn(&str) -> String) -> Vec<FacetCount> {
    values
        .into_iter()
        .map(|(value, count)| FacetCount {
            label: label(&value),
            value,
            count,
        })
        .collect()
}
