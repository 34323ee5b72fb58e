//! Each segment's filter values per document as plain arrays of dictionary ordinals, read
//! once when the archive opens, so counting facets over a million matches is one array read
//! per field and document rather than a walk through tantivy's optional and multi-valued
//! column indexes (a fifth of a search's time, by perf, at 100k statements).

use tantivy::columnar::{Cardinality, StrColumn};
use tantivy::{DocId, SegmentReader};

use super::schema::FILTERS;

/// One filter field's ordinals in one segment.
#[derive(Debug, Clone)]
pub struct DocOrds {
    /// The ordinal that stands for "no value": the number of values, so a count array one
    /// longer than the dictionary takes it without a test per document (a test that depends
    /// on the document made counting the type, absent from many, three times slower).
    none: u32,
    layout: Layout,
    /// Every document's values counted (the "none" slot last): a search matching most of
    /// a segment counts the documents it does *not* match and subtracts.
    totals: Vec<u32>,
}

#[derive(Debug, Clone)]
enum Layout {
    /// At most one value per document (language, year, source, type): its ordinal, or
    /// `none`.
    Single(Ords),
    /// Any number of values (actors, speakers, topics): document `d`'s ordinals are
    /// `ords[starts[d]..starts[d + 1]]`.
    Multi { starts: Vec<u32>, ords: Ords },
}

/// Ordinals as narrow as the segment's dictionary allows. Counting the facets of a search
/// that matches most of the archive reads these arrays nearly end to end: at a million
/// statements, four bytes an ordinal made it a read of about 50 MB per search.
#[derive(Debug, Clone)]
enum Ords {
    U8(Vec<u8>),
    U16(Vec<u16>),
    U32(Vec<u32>),
}

impl Ords {
    /// `ords`, none of which is above `max`, in the narrowest type that holds `max`.
    fn new(ords: Vec<u32>, max: u32) -> Ords {
        if u8::try_from(max).is_ok() {
            Ords::U8(ords.into_iter().map(|o| o as u8).collect())
        } else if u16::try_from(max).is_ok() {
            Ords::U16(ords.into_iter().map(|o| o as u16).collect())
        } else {
            Ords::U32(ords)
        }
    }

    #[inline]
    fn get(&self, i: usize) -> Option<u32> {
        match self {
            Ords::U8(v) => v.get(i).map(|&o| u32::from(o)),
            Ords::U16(v) => v.get(i).map(|&o| u32::from(o)),
            Ords::U32(v) => v.get(i).copied(),
        }
    }
}

impl DocOrds {
    fn read(column: &StrColumn, max_doc: DocId) -> DocOrds {
        let none = u32::try_from(column.num_terms()).unwrap_or(u32::MAX);
        let column = column.ords();
        if column.get_cardinality() != Cardinality::Multivalued {
            let ords = (0..max_doc)
                .map(|doc| column.first(doc).map_or(none, |ord| ord as u32))
                .collect();
            return DocOrds::with_totals(none, Layout::Single(Ords::new(ords, none)), max_doc);
        }
        let mut starts = Vec::with_capacity(max_doc as usize + 1);
        let mut ords = Vec::new();
        starts.push(0);
        for doc in 0..max_doc {
            ords.extend(column.values_for_doc(doc).map(|ord| ord as u32));
            starts.push(ords.len() as u32);
        }
        let ords = Ords::new(ords, none);
        DocOrds::with_totals(none, Layout::Multi { starts, ords }, max_doc)
    }

    fn with_totals(none: u32, layout: Layout, max_doc: DocId) -> DocOrds {
        let mut out = DocOrds {
            none,
            layout,
            totals: Vec::new(),
        };
        let mut totals = vec![0; none as usize + 1];
        let all: Vec<DocId> = (0..max_doc).collect();
        out.count_all(&all, &mut totals);
        out.totals = totals;
        out
    }

    /// Every document's values counted, the "none" slot last.
    pub fn totals(&self) -> &[u32] {
        &self.totals
    }

    /// `doc`'s first value, whichever layout the segment's column has.
    #[inline]
    pub fn first(&self, doc: DocId) -> Option<u32> {
        match &self.layout {
            Layout::Single(ords) => ords.get(doc as usize).filter(|&o| o != self.none),
            Layout::Multi { starts, ords } => {
                let start = *starts.get(doc as usize)?;
                let end = *starts.get(doc as usize + 1)?;
                (start < end).then(|| ords.get(start as usize)).flatten()
            }
        }
    }

    /// Adds one to `counts[ord]` for each value of each of `docs`: one field at a time over
    /// all the matches, so one array is read in order instead of seven in turn per match.
    /// `counts` has one slot per value and one more, for "none".
    pub fn count_all(&self, docs: &[DocId], counts: &mut [u32]) {
        match &self.layout {
            Layout::Single(Ords::U8(ords)) => count_single(ords, docs, counts),
            Layout::Single(Ords::U16(ords)) => count_single(ords, docs, counts),
            Layout::Single(Ords::U32(ords)) => count_single(ords, docs, counts),
            Layout::Multi { starts, ords } => match ords {
                Ords::U8(ords) => count_multi(starts, ords, docs, counts),
                Ords::U16(ords) => count_multi(starts, ords, docs, counts),
                Ords::U32(ords) => count_multi(starts, ords, docs, counts),
            },
        }
    }
}

fn count_single<T: Copy + Into<u32>>(ords: &[T], docs: &[DocId], counts: &mut [u32]) {
    for &doc in docs {
        if let Some(&ord) = ords.get(doc as usize)
            && let Some(slot) = counts.get_mut(ord.into() as usize)
        {
            *slot += 1;
        }
    }
}

fn count_multi<T: Copy + Into<u32>>(
    starts: &[u32],
    ords: &[T],
    docs: &[DocId],
    counts: &mut [u32],
) {
    for &doc in docs {
        let (Some(&start), Some(&end)) = (starts.get(doc as usize), starts.get(doc as usize + 1))
        else {
            continue;
        };
        for &ord in ords.get(start as usize..end as usize).unwrap_or_default() {
            if let Some(slot) = counts.get_mut(ord.into() as usize) {
                *slot += 1;
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

    /// The ordinals of documents given as lists of values, from a dictionary of `terms`.
    fn ords(terms: u32, docs: &[&[u32]]) -> DocOrds {
        let layout = if docs.iter().all(|d| d.len() <= 1) {
            Layout::Single(Ords::new(
                docs.iter()
                    .map(|d| d.first().copied().unwrap_or(terms))
                    .collect(),
                terms,
            ))
        } else {
            let mut starts = vec![0];
            let mut ords = Vec::new();
            for values in docs {
                ords.extend_from_slice(values);
                starts.push(ords.len() as u32);
            }
            Layout::Multi {
                starts,
                ords: Ords::new(ords, terms),
            }
        };
        DocOrds::with_totals(terms, layout, docs.len() as DocId)
    }

    #[test]
    fn single_values_count_once_and_missing_ones_not_at_all() {
        let ords = ords(2, &[&[1], &[], &[1], &[0]]);
        let mut counts = vec![0; 3];
        ords.count_all(&[0, 1, 2, 3], &mut counts);
        assert_eq!(&counts[..2], &[1, 2]);
    }

    #[test]
    fn multiple_values_count_each_of_a_matching_documents_values() {
        let ords = ords(3, &[&[0, 2], &[], &[2], &[1, 0, 2]]);
        let mut counts = vec![0; 4];
        ords.count_all(&[0, 1, 2], &mut counts);
        assert_eq!(&counts[..3], &[1, 0, 2]);
        let mut counts = vec![0; 4];
        ords.count_all(&[3], &mut counts);
        assert_eq!(
            &counts[..3],
            &[1, 1, 1],
            "only the matching documents' values count"
        );
    }

    #[test]
    fn totals_count_every_documents_values() {
        let ords = ords(3, &[&[0, 2], &[], &[2], &[1, 0, 2]]);
        assert_eq!(
            ords.totals(),
            &[2, 1, 3, 0],
            "a document without values counts nowhere"
        );
    }

    #[test]
    fn every_width_of_ordinals_counts_alike() {
        // Dictionaries of 3, 300 and 70,000 values: one, two and four bytes an ordinal.
        for terms in [3u32, 300, 70_000] {
            let high = terms - 1;
            let single = ords(terms, &[&[high], &[], &[0], &[high]]);
            let multi = ords(terms, &[&[0, high], &[], &[high]]);
            let mut counts = vec![0; terms as usize + 1];
            single.count_all(&[0, 1, 3], &mut counts);
            assert_eq!((counts[0], counts[high as usize]), (0, 2), "{terms} terms");
            assert_eq!(
                counts[terms as usize], 1,
                "the one without a value, {terms} terms"
            );
            let mut counts = vec![0; terms as usize + 1];
            multi.count_all(&[0, 2], &mut counts);
            assert_eq!((counts[0], counts[high as usize]), (1, 2), "{terms} terms");
            assert_eq!(multi.first(0), Some(0));
            assert_eq!(single.first(0), Some(high));
        }
    }

    #[test]
    fn the_first_value_reads_alike_in_either_layout() {
        for ords in [ords(2, &[&[1], &[]]), ords(2, &[&[1, 0], &[]])] {
            assert_eq!(ords.first(0), Some(1));
            assert_eq!(ords.first(1), None);
            assert_eq!(ords.first(2), None);
        }
    }
}
