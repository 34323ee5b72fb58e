//! Each segment's filter values per document as plain arrays of dictionary ordinals, read
//! once when the archive opens, so counting facets over a million matches is one array read
//! per field and document rather than a walk through tantivy's optional and multi-valued
//! column indexes (a fifth of a search's time, by perf, at 100k statements).

use tantivy::columnar::{Cardinality, StrColumn};
use tantivy::{DocId, SegmentReader};

use super::schema::FILTERS;

/// One filter field's ordinals in one segment.
#[derive(Debug, Clone)]
pub enum DocOrds {
    /// At most one value per document (language, year, source, type): its ordinal, or
    /// [`NONE`] when the document has none.
    Single(Vec<u32>),
    /// Any number of values (actors, speakers, topics): document `d`'s ordinals are
    /// `ords[starts[d]..starts[d + 1]]`.
    Multi { starts: Vec<u32>, ords: Vec<u32> },
}

/// No value, in [`DocOrds::Single`].
pub const NONE: u32 = u32::MAX;

impl DocOrds {
    fn read(column: &StrColumn, max_doc: DocId) -> DocOrds {
        let column = column.ords();
        if column.get_cardinality() != Cardinality::Multivalued {
            return DocOrds::Single(
                (0..max_doc)
                    .map(|doc| column.first(doc).map_or(NONE, |ord| ord as u32))
                    .collect(),
            );
        }
        let mut starts = Vec::with_capacity(max_doc as usize + 1);
        let mut ords = Vec::new();
        starts.push(0);
        for doc in 0..max_doc {
            ords.extend(column.values_for_doc(doc).map(|ord| ord as u32));
            starts.push(ords.len() as u32);
        }
        DocOrds::Multi { starts, ords }
    }

    /// `doc`'s first value, whichever layout the segment's column has.
    #[inline]
    pub fn first(&self, doc: DocId) -> Option<u32> {
        match self {
            DocOrds::Single(ords) => ords.get(doc as usize).copied().filter(|&o| o != NONE),
            DocOrds::Multi { starts, ords } => {
                let start = *starts.get(doc as usize)?;
                let end = *starts.get(doc as usize + 1)?;
                (start < end)
                    .then(|| ords.get(start as usize).copied())
                    .flatten()
            }
        }
    }

    /// Adds one to `counts[ord]` for each of `doc`'s values.
    #[inline]
    pub fn count(&self, doc: DocId, counts: &mut [u32]) {
        match self {
            DocOrds::Single(ords) => {
                if let Some(&ord) = ords.get(doc as usize)
                    && let Some(slot) = counts.get_mut(ord as usize)
                {
                    *slot += 1;
                }
            }
            DocOrds::Multi { starts, ords } => {
                let (Some(&start), Some(&end)) =
                    (starts.get(doc as usize), starts.get(doc as usize + 1))
                else {
                    return;
                };
                for &ord in ords.get(start as usize..end as usize).unwrap_or_default() {
                    if let Some(slot) = counts.get_mut(ord as usize) {
                        *slot += 1;
                    }
                }
            }
        }
    }
}

/// One segment's filter fields: values by ordinal and ordinals by document, in
/// [`FILTERS`] order; `None` for a field the segment has no column of.
#[derive(Debug)]
pub struct SegmentFilters {
    pub values: Vec<Vec<String>>,
    pub ords: Vec<Option<DocOrds>>,
}

impl SegmentFilters {
    pub fn read(reader: &SegmentReader) -> tantivy::Result<SegmentFilters> {
        let mut values = Vec::with_capacity(FILTERS.len());
        let mut ords = Vec::with_capacity(FILTERS.len());
        for name in FILTERS {
            let mut names = Vec::new();
            let column = reader.fast_fields().str(name)?;
            if let Some(column) = &column {
                let mut terms = column.dictionary().stream()?;
                while terms.advance() {
                    names.push(String::from_utf8_lossy(terms.key()).into_owned());
                }
            }
            ords.push(column.map(|c| DocOrds::read(&c, reader.max_doc())));
            values.push(names);
        }
        Ok(SegmentFilters { values, ords })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_values_count_once_and_missing_ones_not_at_all() {
        let ords = DocOrds::Single(vec![1, NONE, 1, 0]);
        let mut counts = vec![0; 2];
        for doc in 0..4 {
            ords.count(doc, &mut counts);
        }
        assert_eq!(counts, vec![1, 2]);
    }

    #[test]
    fn multiple_values_count_each_of_a_documents_values() {
        // doc 0: {0, 2}, doc 1: {}, doc 2: {2}
        let ords = DocOrds::Multi {
            starts: vec![0, 2, 2, 3],
            ords: vec![0, 2, 2],
        };
        let mut counts = vec![0; 3];
        for doc in 0..3 {
            ords.count(doc, &mut counts);
        }
        assert_eq!(counts, vec![1, 0, 2]);
    }

    #[test]
    fn the_first_value_reads_alike_in_either_layout() {
        let single = DocOrds::Single(vec![1, NONE]);
        let multi = DocOrds::Multi {
            starts: vec![0, 1, 1],
            ords: vec![1],
        };
        for ords in [single, multi] {
            assert_eq!(ords.first(0), Some(1));
            assert_eq!(ords.first(1), None);
            assert_eq!(ords.first(2), None);
        }
    }
}
