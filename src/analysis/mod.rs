//! TEMPORARY stand-in until the analysis branch is merged.
use crate::model::Lang;
use tantivy::tokenizer::{LowerCaser, SimpleTokenizer, TextAnalyzer, TokenStream};
pub const EN: &str = "sa_en";
pub const AR: &str = "sa_ar";
pub const RU: &str = "sa_ru";
pub const DEFAULT: &str = "sa_default";
pub const NAMES: &str = "sa_names";
pub fn register(index: &tantivy::Index) {
    for n in [EN, AR, RU, DEFAULT, NAMES] {
        if let Some(a) = analyzer(n) {
            index.tokenizers().register(n, a);
        }
    }
}
pub fn analyzer_name(lang: Lang) -> &'static str {
    match lang {
        Lang::En => EN,
        Lang::Ar => AR,
        Lang::Ru => RU,
        _ => DEFAULT,
    }
}
pub fn analyzer(_name: &str) -> Option<TextAnalyzer> {
    Some(
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .build(),
    )
}
pub fn tokens(lang: Lang, text: &str) -> Vec<String> {
    let mut a = analyzer(analyzer_name(lang)).expect("known");
    let mut s = a.token_stream(text);
    let mut out = Vec::new();
    while let Some(t) = s.next() {
        out.push(t.text.clone());
    }
    out
}
