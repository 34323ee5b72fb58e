//! Test indexes of letters: each statement a few one-letter terms in one field, so a query
//! engine test writes its documents as strings (`"abd"`) and its queries as letters.

use tantivy::query::{Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, STRING, Schema};
use tantivy::{Index, IndexWriter, TantivyDocument, Term};

/// An index of `docs`, each a list of the letters it holds (`"abd"`), in one segment.
pub fn index(docs: &[String]) -> (Index, Field) {
    let mut schema = Schema::builder();
    let field = schema.add_text_field("w", STRING);
    let index = Index::create_in_ram(schema.build());
    let mut writer: IndexWriter = index
        .writer_with_num_threads(1, 15_000_000)
        .expect("writer");
    for letters in docs {
        let mut doc = TantivyDocument::default();
        for c in letters.chars() {
            doc.add_text(field, c.to_string());
        }
        writer.add_document(doc).expect("add");
    }
    writer.commit().expect("commit");
    (index, field)
}

/// The statements holding the letter `c`.
pub fn letter(field: Field, c: char) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, &c.to_string()),
        IndexRecordOption::WithFreqs,
    ))
}
