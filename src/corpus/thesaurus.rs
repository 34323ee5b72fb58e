//! TEMPORARY stand-in until the thesaurus branch is merged.
use crate::model::Lang;
pub struct Concept {
    pub id: String,
    pub topic: Option<String>,
    terms: Vec<(Lang, String)>,
}
impl Concept {
    pub fn label(&self) -> &str {
        &self.terms[0].1
    }
    pub fn terms(&self, lang: Lang) -> impl Iterator<Item = &str> {
        self.terms
            .iter()
            .filter(move |(l, _)| *l == lang)
            .map(|(_, t)| t.as_str())
    }
}
pub struct ConceptMatch<'t> {
    pub concept: &'t Concept,
    pub lang: Lang,
    pub span: std::ops::Range<usize>,
}
pub struct Thesaurus {
    concepts: Vec<Concept>,
}
static T: std::sync::LazyLock<Thesaurus> = std::sync::LazyLock::new(|| Thesaurus {
    concepts: vec![Concept {
        id: "outer-space".into(),
        topic: None,
        terms: vec![
            (Lang::En, "outer space".into()),
            (Lang::Ar, "الفضاء الخارجي".into()),
            (Lang::Ru, "космическом пространстве".into()),
        ],
    }],
});
impl Thesaurus {
    pub fn get() -> &'static Thesaurus {
        &T
    }
    pub fn find(&self, text: &str) -> Vec<ConceptMatch<'_>> {
        let lower = text.to_lowercase();
        let mut out = Vec::new();
        for c in &self.concepts {
            for (l, t) in &c.terms {
                if let Some(i) = lower.find(t.as_str())
                    && lower.len() == text.len()
                {
                    out.push(ConceptMatch {
                        concept: c,
                        lang: *l,
                        span: i..i + t.len(),
                    });
                }
            }
        }
        out
    }
}
