//! Each segment's filter values per document as plain arrays of dictionary ordinals, read
//! once when the archive opens, so counting facets over a million matches is one array read
//! per field and document rather than a walk through tantivy's optional and multi-valued
//! column indexes (a fifth of a search's time, by perf, at 100k statements).
//!
//! Beside them, each value's documents (`ByValue`), for counting a field value by value
//! when a search matches so much of a segment that reading its matches one by one costs
//! more; and the generation's [`FilterDictionary`], so segments' counts add up by number.

use std::cell::OnceCell;

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
    /// Each value's documents, for counting by value when that reads less.
    by_value: ByValue,
}

#[derive(Debug, Clone)]
enum Layout {
    /// At most one value per document (language, year, source, type): its ordinal, or
    /// `none`.
    Single(Ords),
    /// Any number of values (actors, speakers, topics).
    Multi(Packed),
}

/// A multi-valued field's ordinals with a fixed number of slots per document, so counting
/// reads each match's values without a loop of its own: with a start and an end per document
/// the loop's length was unpredictable (the actors counted at 3.7 ns a document at 1M; in
/// three slots, with [`LANES`], at 2.3 to 2.8 ns). Document `d`'s first values are
/// `slots[d * width..(d + 1) * width]`, padded with "none"; the few documents that hold more
/// (`crowded`) keep the rest in `more`. It also takes less memory: 6 bytes a document for
/// the actors instead of 8.
#[derive(Debug, Clone)]
struct Packed {
    width: usize,
    slots: Ords,
    /// Documents with more than `width` values, ascending.
    crowded: Vec<DocId>,
    /// Crowded document `crowded[i]`'s further values are `more[more_starts[i]..more_starts[i + 1]]`.
    more_starts: Vec<u32>,
    more: Ords,
}

/// The most slots a document gets; a document with more values is crowded.
const MAX_WIDTH: usize = 4;
/// The width is the smallest that leaves at most one document in this many crowded.
const CROWDED_SHARE: usize = 64;

impl Packed {
    /// Document `d`'s values are `ords[starts[d]..starts[d + 1]]`; `none` pads.
    fn new(starts: &[u32], ords: &[u32], none: u32) -> Packed {
        let docs = starts.len().saturating_sub(1);
        let lens: Vec<usize> = starts
            .windows(2)
            .map(|w| w[1].saturating_sub(w[0]) as usize)
            .collect();
        let width = (1..=MAX_WIDTH)
            .find(|&w| lens.iter().filter(|&&n| n > w).count() * CROWDED_SHARE <= docs)
            .unwrap_or(MAX_WIDTH);
        let mut slots = vec![none; docs * width];
        let (mut crowded, mut more_starts, mut more) = (Vec::new(), vec![0u32], Vec::new());
        for (doc, w) in starts.windows(2).enumerate() {
            let values = ords.get(w[0] as usize..w[1] as usize).unwrap_or_default();
            let (inline, rest) = values.split_at(values.len().min(width));
            if let Some(row) = slots.get_mut(doc * width..doc * width + inline.len()) {
                row.copy_from_slice(inline);
            }
            if !rest.is_empty() {
                crowded.push(doc as DocId);
                more.extend_from_slice(rest);
                more_starts.push(more.len() as u32);
            }
        }
        Packed {
            width,
            slots: Ords::new(slots, none),
            crowded,
            more_starts,
            more: Ords::new(more, none),
        }
    }

    /// The further values of crowded document number `i` (in `crowded`).
    fn more(&self, i: usize) -> impl Iterator<Item = u32> + '_ {
        let start = self.more_starts.get(i).copied().unwrap_or(0);
        let end = self.more_starts.get(i + 1).copied().unwrap_or(start);
        (start..end).filter_map(|j| self.more.get(j as usize))
    }
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
        DocOrds::multi(&starts, &ords, none)
    }

    /// A multi-valued field's ordinals: document `d`'s values are
    /// `ords[starts[d]..starts[d + 1]]`, none of them `none` or above.
    fn multi(starts: &[u32], ords: &[u32], none: u32) -> DocOrds {
        let max_doc = starts.len().saturating_sub(1) as DocId;
        DocOrds::with_totals(
            none,
            Layout::Multi(Packed::new(starts, ords, none)),
            max_doc,
        )
    }

    fn with_totals(none: u32, layout: Layout, max_doc: DocId) -> DocOrds {
        let mut out = DocOrds {
            none,
            layout,
            totals: Vec::new(),
            by_value: ByValue::default(),
        };
        let mut totals = vec![0; none as usize + 1];
        let all: Vec<DocId> = (0..max_doc).collect();
        out.count_all(&all, &mut totals);
        out.totals = totals;
        out.by_value = ByValue::new(&out, max_doc);
        out
    }

    /// Calls `f` with each of `doc`'s values, "none" left out.
    #[inline]
    fn for_each_value(&self, doc: DocId, mut f: impl FnMut(u32)) {
        match &self.layout {
            Layout::Single(ords) => {
                if let Some(ord) = ords.get(doc as usize).filter(|&o| o != self.none) {
                    f(ord);
                }
            }
            Layout::Multi(packed) => {
                let w = packed.width;
                (doc as usize * w..(doc as usize + 1) * w)
                    .filter_map(|i| packed.slots.get(i))
                    .filter(|&o| o != self.none)
                    .for_each(&mut f);
                if let Ok(i) = packed.crowded.binary_search(&doc) {
                    packed.more(i).for_each(f);
                }
            }
        }
    }

    /// What counting one document costs, in tenths of a nanosecond (measured on the 1M
    /// synthetic corpus, one field at a time, a quarter of each segment matching): 0.6 to
    /// 0.7 ns a single value, the language's two values as the year's forty; 2.8 ns for the
    /// actors' three slots, 5.7 ns for the topics' four.
    fn doc_cost(&self) -> u64 {
        match &self.layout {
            Layout::Single(_) => 7,
            Layout::Multi(packed) => 10 * packed.width as u64,
        }
    }

    /// Counts the values of the documents in `matches` into `counts` (one slot per value,
    /// and one for "none", which is left alone when counting by value). It reads whichever
    /// is less: the matches one by one (or the rest of the segment, subtracted from the
    /// totals, when they are most of it), or each value's documents against the matches'
    /// bitset. A common word matches half of every segment, where counting the seven
    /// facets document by document was a fifth to a quarter of a search at 1M (perf).
    pub fn count(&self, matches: &Matches, counts: &mut [u32]) {
        if self.reads_less_by_value(matches)
            && let Some(bits) = matches.bits()
        {
            self.by_value.count(bits, counts);
            return;
        }
        match matches.rest() {
            Some(rest) => {
                self.count_all(rest, counts);
                for (count, total) in counts.iter_mut().zip(&self.totals) {
                    *count = total.saturating_sub(*count);
                }
            }
            None => self.count_all(matches.docs(), counts),
        }
    }

    /// Whether counting `matches` value by value costs less than document by document.
    fn reads_less_by_value(&self, matches: &Matches) -> bool {
        self.by_value.cost() < matches.fewest_docs() as u64 * self.doc_cost()
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
            Layout::Multi(packed) => packed
                .slots
                .get(doc as usize * packed.width)
                .filter(|&o| o != self.none),
        }
    }

    /// Adds one to `counts[ord]` for each value of each of `docs`: one field at a time over
    /// all the matches, so one array is read in order instead of seven in turn per match.
    /// `counts` has one slot per value and one more, for "none".
    pub fn count_all(&self, docs: &[DocId], counts: &mut [u32]) {
        match &self.layout {
            Layout::Single(Ords::U8(ords)) => count_width::<u8, 1>(ords, docs, counts),
            Layout::Single(Ords::U16(ords)) => count_width::<u16, 1>(ords, docs, counts),
            Layout::Single(Ords::U32(ords)) => count_width::<u32, 1>(ords, docs, counts),
            Layout::Multi(packed) => {
                // The padding lands in "none", which a multi-valued field leaves at zero.
                let none = counts.get(self.none as usize).copied();
                match &packed.slots {
                    Ords::U8(slots) => count_slots(slots, packed.width, docs, counts),
                    Ords::U16(slots) => count_slots(slots, packed.width, docs, counts),
                    Ords::U32(slots) => count_slots(slots, packed.width, docs, counts),
                }
                if let (Some(none), Some(slot)) = (none, counts.get_mut(self.none as usize)) {
                    *slot = none;
                }
                count_crowded(packed, docs, counts);
            }
        }
    }
}

/// Counts the slots of each of `docs`, `width` to a document (one for a single-valued
/// field), with the width a constant in each loop so its inner loop unrolls.
fn count_slots<T: Copy + Into<u32>>(slots: &[T], width: usize, docs: &[DocId], counts: &mut [u32]) {
    match width {
        1 => count_width::<T, 1>(slots, docs, counts),
        2 => count_width::<T, 2>(slots, docs, counts),
        3 => count_width::<T, 3>(slots, docs, counts),
        _ => count_width::<T, MAX_WIDTH>(slots, docs, counts),
    }
}

/// Counters kept apart, so that additions to the same value (a field of few values, or the
/// padding every short document adds to "none") need not wait for each other: one counter
/// per value in a row counted the language at 1.7 ns a document, a segment's single source
/// at 2.3 ns and the topics at 8.4 ns (1M statements), where the memory allows 0.5.
const LANES: usize = 8;
/// Kept apart only for dictionaries this small (their counters stay in the L1 cache) and
/// when there are this many documents per counter to add up after.
const LANE_SLOTS: usize = 512;
const DOCS_PER_LANE_SLOT: usize = 4;

fn count_width<T: Copy + Into<u32>, const W: usize>(
    slots: &[T],
    docs: &[DocId],
    counts: &mut [u32],
) {
    let n = counts.len();
    if n > LANE_SLOTS || docs.len() < n * LANES * DOCS_PER_LANE_SLOT {
        count_plain::<T, W>(slots, docs, counts);
        return;
    }
    // Each document of a group takes lanes of its own, one per slot.
    let per_group = (LANES / W).max(1);
    let mut lanes = vec![0u32; n * LANES];
    let mut groups = docs.chunks_exact(per_group);
    for group in &mut groups {
        for i in 0..per_group {
            let Some(row) = group.get(i).and_then(|&doc| row::<T, W>(slots, doc)) else {
                continue;
            };
            for (k, &ord) in row.iter().enumerate() {
                let lane = (i * W + k) % LANES;
                if let Some(slot) = lanes.get_mut(ord.into() as usize * LANES + lane) {
                    *slot += 1;
                }
            }
        }
    }
    count_plain::<T, W>(slots, groups.remainder(), counts);
    for (count, lanes) in counts.iter_mut().zip(lanes.chunks_exact(LANES)) {
        *count += lanes.iter().sum::<u32>();
    }
}

/// Counts the slots of each of `docs` into one counter per value.
fn count_plain<T: Copy + Into<u32>, const W: usize>(
    slots: &[T],
    docs: &[DocId],
    counts: &mut [u32],
) {
    for &doc in docs {
        if let Some(row) = row::<T, W>(slots, doc) {
            for &ord in row {
                if let Some(slot) = counts.get_mut(ord.into() as usize) {
                    *slot += 1;
                }
            }
        }
    }
}

/// Document `doc`'s `W` slots.
#[inline(always)]
fn row<T, const W: usize>(slots: &[T], doc: DocId) -> Option<&[T; W]> {
    let at = doc as usize * W;
    slots.get(at..at + W)?.try_into().ok()
}

/// Counts the further values of the crowded documents among `docs` (both ascending).
fn count_crowded(packed: &Packed, docs: &[DocId], counts: &mut [u32]) {
    if packed.crowded.is_empty() {
        return;
    }
    if !docs.is_sorted() {
        let mut sorted = docs.to_vec();
        sorted.sort_unstable();
        return count_crowded(packed, &sorted, counts);
    }
    // Both lists walked once, side by side (a binary search per crowded document cost more
    // than the counting when a few percent of the segment matched).
    let mut rest = docs.iter().peekable();
    for (i, &doc) in packed.crowded.iter().enumerate() {
        while rest.next_if(|&&d| d < doc).is_some() {}
        if rest.peek() == Some(&&doc) {
            for ord in packed.more(i) {
                if let Some(slot) = counts.get_mut(ord as usize) {
                    *slot += 1;
                }
            }
        }
    }
}

/// What counting by value costs, in tenths of a nanosecond as [`DocOrds::doc_cost`]: a
/// word of a common value's bitset (ANDed with the matches and its bits counted), and a
/// document of a rare value's list (tested against the matches' bitset).
const WORD_COST: u64 = 6;
const SPARSE_DOC_COST: u64 = 7;
/// A value held by at least one document in this many gets a bitset; the others a list of
/// documents. At this share the bitset takes at most twice the list's memory.
const DENSE_SHARE: u64 = 64;

/// Each value's documents: a bitset for a common value (its count is the population of its
/// AND with the matches), a list for a rare one (each tested against the matches). Counting
/// this way reads the same amount whatever the number of matches, so it wins when a search
/// matches a good part of a segment.
#[derive(Debug, Clone, Default)]
struct ByValue {
    /// (value, bitset of its documents).
    dense: Vec<(u32, Vec<u64>)>,
    /// Value `sparse[i]` holds `docs[starts[i]..starts[i + 1]]`.
    sparse: Vec<u32>,
    starts: Vec<u32>,
    docs: Vec<DocId>,
    /// Words in each bitset: the segment's documents, 64 to a word.
    words: usize,
}

impl ByValue {
    fn new(ords: &DocOrds, max_doc: DocId) -> ByValue {
        let words = (max_doc as usize).div_ceil(64);
        let values = ords.totals.len().saturating_sub(1);
        // Where each value goes: its bitset's index, or its list's.
        let mut slot = vec![Slot::Absent; values];
        let mut dense = Vec::new();
        let mut sparse = Vec::new();
        let mut starts = vec![0u32];
        for (ord, &total) in ords.totals.iter().take(values).enumerate() {
            if total == 0 {
                continue;
            }
            if u64::from(total) * DENSE_SHARE >= u64::from(max_doc) {
                slot[ord] = Slot::Dense(dense.len());
                dense.push((ord as u32, vec![0u64; words]));
            } else {
                slot[ord] = Slot::Sparse(sparse.len());
                sparse.push(ord as u32);
                starts.push(starts.last().copied().unwrap_or(0) + total);
            }
        }
        let mut docs = vec![0; starts.last().copied().unwrap_or(0) as usize];
        let mut next: Vec<u32> = starts.clone();
        for doc in 0..max_doc {
            ords.for_each_value(doc, |ord| match slot.get(ord as usize) {
                Some(Slot::Dense(i)) => {
                    if let Some(word) = dense[*i].1.get_mut(doc as usize / 64) {
                        *word |= 1 << (doc % 64);
                    }
                }
                Some(Slot::Sparse(i)) => {
                    if let Some(at) = next.get_mut(*i) {
                        if let Some(d) = docs.get_mut(*at as usize) {
                            *d = doc;
                        }
                        *at += 1;
                    }
                }
                Some(Slot::Absent) | None => {}
            });
        }
        ByValue {
            dense,
            sparse,
            starts,
            docs,
            words,
        }
    }

    /// What counting by value costs (see [`WORD_COST`]): the same whatever the matches.
    fn cost(&self) -> u64 {
        (self.dense.len() * self.words) as u64 * WORD_COST
            + self.docs.len() as u64 * SPARSE_DOC_COST
    }

    /// Sets `counts[value]` to the number of matching documents holding it, for every
    /// value some document holds. `bits` is the matches' bitset, `self.words` long.
    fn count(&self, bits: &[u64], counts: &mut [u32]) {
        for (ord, value_bits) in &self.dense {
            let n = common_bits(value_bits, bits);
            if let Some(count) = counts.get_mut(*ord as usize) {
                *count = n;
            }
        }
        for (i, ord) in self.sparse.iter().enumerate() {
            let (Some(&start), Some(&end)) = (self.starts.get(i), self.starts.get(i + 1)) else {
                continue;
            };
            let n = self
                .docs
                .get(start as usize..end as usize)
                .unwrap_or_default()
                .iter()
                .filter(|&&doc| {
                    bits.get(doc as usize / 64)
                        .is_some_and(|word| word & (1 << (doc % 64)) != 0)
                })
                .count();
            if let Some(count) = counts.get_mut(*ord as usize) {
                *count = n as u32;
            }
        }
    }
}

/// The number of bits set in both `a` and `b`, with the CPU's own popcount when it has one.
/// The build targets baseline x86-64, which has none, so the portable loop counts bits in
/// SSE2 arithmetic: 0.93 ns a word on this project's test machine, against 0.44 ns compiled
/// for POPCNT (x86-64 CPUs since 2008) and 0.39 ns for AVX2 with it (most since 2013-2015),
/// chosen at each call (the check reads a cached flag).
fn common_bits(a: &[u64], b: &[u64]) -> u32 {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::is_x86_feature_detected;
        if is_x86_feature_detected!("avx2") && is_x86_feature_detected!("popcnt") {
            // SAFETY: the function needs AVX2 and POPCNT, and the CPU has both (checked above).
            return unsafe { common_bits_avx2(a, b) };
        }
        if is_x86_feature_detected!("popcnt") {
            // SAFETY: the function needs POPCNT, and the CPU has it (checked above).
            return unsafe { common_bits_popcnt(a, b) };
        }
    }
    common_bits_in(a, b)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,popcnt")]
fn common_bits_avx2(a: &[u64], b: &[u64]) -> u32 {
    common_bits_in(a, b)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "popcnt")]
fn common_bits_popcnt(a: &[u64], b: &[u64]) -> u32 {
    common_bits_in(a, b)
}

/// The loop itself, inlined into each caller so it is compiled for that caller's features.
#[inline(always)]
fn common_bits_in(a: &[u64], b: &[u64]) -> u32 {
    a.iter().zip(b).map(|(x, y)| (x & y).count_ones()).sum()
}

#[derive(Debug, Clone, Copy)]
enum Slot {
    Absent,
    Dense(usize),
    Sparse(usize),
}

/// A segment's matching documents, as a list (ascending, as a segment's matches are
/// collected) or a bitset, each shape made from the other on first use, and the rest of the
/// segment, which counting may want too. The facet collector gathers a bitset alone, and
/// the list is made only when a field is counted document by document or the months are
/// read: counting value by value, or from the rest of the segment, never reads it (making
/// it every time was 0.5% of the peers' searches at 1M, callgrind).
pub struct Matches {
    len: usize,
    max_doc: DocId,
    docs: OnceCell<Vec<DocId>>,
    bits: OnceCell<Option<Vec<u64>>>,
    rest: OnceCell<Option<Vec<DocId>>>,
}

impl Matches {
    pub fn new(docs: &[DocId], max_doc: DocId) -> Matches {
        Matches {
            len: docs.len(),
            max_doc,
            docs: OnceCell::from(docs.to_vec()),
            bits: OnceCell::new(),
            rest: OnceCell::new(),
        }
    }

    /// The documents whose bits are set in `bits` (one bit per document of the segment;
    /// bits past `max_doc` are left out).
    pub fn from_bits(mut bits: Vec<u64>, max_doc: DocId) -> Matches {
        bits.resize((max_doc as usize).div_ceil(64), 0);
        if let Some(last) = bits.last_mut()
            && !max_doc.is_multiple_of(64)
        {
            *last &= (1u64 << (max_doc % 64)) - 1;
        }
        Matches {
            len: bits.iter().map(|word| word.count_ones() as usize).sum(),
            max_doc,
            docs: OnceCell::new(),
            bits: OnceCell::from(Some(bits)),
            rest: OnceCell::new(),
        }
    }

    /// How many documents match.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The matching documents in the order given (ascending when made from a bitset).
    pub fn docs(&self) -> &[DocId] {
        self.docs.get_or_init(|| {
            self.bits
                .get()
                .and_then(Option::as_deref)
                .map(|bits| set_bits(bits, self.max_doc))
                .unwrap_or_default()
        })
    }

    /// The matches' bitset, `None` if they are not strictly ascending below `max_doc`.
    fn bits(&self) -> Option<&[u64]> {
        self.bits
            .get_or_init(|| {
                let docs = self.docs();
                let ascending = docs.windows(2).all(|w| w[0] < w[1])
                    && docs.last().is_none_or(|&d| d < self.max_doc);
                ascending.then(|| {
                    let mut words = vec![0u64; (self.max_doc as usize).div_ceil(64)];
                    for &doc in docs {
                        words[doc as usize / 64] |= 1 << (doc % 64);
                    }
                    words
                })
            })
            .as_deref()
    }

    /// The documents of the segment that do not match, when the matches are more than half
    /// of it (so counting the rest and subtracting reads less).
    fn rest(&self) -> Option<&[DocId]> {
        if self.len as u64 * 2 <= u64::from(self.max_doc) {
            return None;
        }
        self.rest
            .get_or_init(|| {
                let missing: Vec<u64> = self.bits()?.iter().map(|word| !word).collect();
                Some(set_bits(&missing, self.max_doc))
            })
            .as_deref()
    }

    /// How many documents counting one by one reads: the matches or the rest.
    fn fewest_docs(&self) -> usize {
        let rest = (self.max_doc as usize).saturating_sub(self.len);
        self.len.min(rest)
    }
}

/// The documents below `max_doc` whose bits are set in `bits`, ascending.
fn set_bits(bits: &[u64], max_doc: DocId) -> Vec<DocId> {
    let ones: u32 = bits.iter().map(|word| word.count_ones()).sum();
    let mut out = Vec::with_capacity(ones as usize);
    for (i, &word) in (0..).zip(bits) {
        let mut left = word;
        while left != 0 {
            let doc: DocId = i * 64 + left.trailing_zeros();
            if doc >= max_doc {
                break;
            }
            out.push(doc);
            left &= left - 1;
        }
    }
    out
}

/// One segment's filter fields: values by ordinal and ordinals by document, in
/// [`FILTERS`] order.
#[derive(Debug)]
pub struct SegmentFilters {
    pub values: Vec<Vec<String>>,
    /// `None` for a field the segment has no column of, and for the actors and the speakers
    /// when `roles` counts them.
    ords: Vec<Option<DocOrds>>,
    roles: Option<Roles>,
    /// Per field, each of the segment's ordinals as an ordinal of the generation's
    /// [`FilterDictionary`], so segments' counts add up as numbers, not strings.
    pub global: Vec<Vec<u32>>,
}

/// Where the languages, the actors and the speakers are in [`FILTERS`].
const LANG_AT: usize = 0;
const ACTOR_AT: usize = 1;
const SPEAKER_AT: usize = 2;

impl SegmentFilters {
    pub fn read(reader: &SegmentReader) -> tantivy::Result<SegmentFilters> {
        let max_doc = reader.max_doc();
        let mut values = Vec::with_capacity(FILTERS.len());
        let mut columns = Vec::with_capacity(FILTERS.len());
        for name in FILTERS {
            let mut names = Vec::new();
            let column = reader.fast_fields().str(name)?;
            if let Some(column) = &column {
                let mut terms = column.dictionary().stream()?;
                while terms.advance() {
                    names.push(String::from_utf8_lossy(terms.key()).into_owned());
                }
            }
            columns.push(column);
            values.push(names);
        }
        let roles = match (columns.get(ACTOR_AT), columns.get(SPEAKER_AT)) {
            (Some(Some(actors)), Some(Some(speakers))) => Roles::read(
                actors,
                speakers,
                &values[ACTOR_AT],
                &values[SPEAKER_AT],
                max_doc,
            ),
            _ => None,
        };
        let ords = columns
            .iter()
            .enumerate()
            .map(|(at, column)| {
                let counted_by_roles = (at == ACTOR_AT || at == SPEAKER_AT) && roles.is_some();
                let column = column.as_ref().filter(|_| !counted_by_roles)?;
                Some(DocOrds::read(column, max_doc))
            })
            .collect();
        Ok(SegmentFilters {
            values,
            ords,
            roles,
            global: Vec::new(),
        })
    }

    /// The documents' languages.
    #[inline]
    pub fn languages(&self) -> Option<&DocOrds> {
        self.ords.get(LANG_AT)?.as_ref()
    }

    /// Counts each field's values over `matches` into `counts` (per field, one slot per
    /// value and one for "none", all zero).
    pub fn count(&self, matches: &Matches, counts: &mut [Vec<u32>]) {
        for (ords, counts) in self.ords.iter().zip(counts.iter_mut()) {
            if let Some(ords) = ords {
                ords.count(matches, counts);
            }
        }
        if let (Some(roles), Ok([actors, speakers])) =
            (&self.roles, counts.get_disjoint_mut([ACTOR_AT, SPEAKER_AT]))
        {
            roles.count(matches, actors, speakers);
        }
    }
}

/// Each document's actors with their roles in one array: a statement's speakers are among
/// its actors, so one pass over `actor ordinal × 2 + 1 if they speak` counts both facets.
/// Counted apart, the speakers read a second array as large as the actors' (three slots of
/// `u16` a statement) and took as long: half a millisecond of a one-word search at 1M.
#[derive(Debug)]
struct Roles {
    tagged: DocOrds,
    /// Each actor's ordinal as a speaker, if the segment has them speak.
    speaker_of: Vec<Option<u32>>,
}

impl Roles {
    /// `None` when a document's speaker is not among its actors (the index never makes
    /// one; the speakers are then counted apart).
    fn read(
        actors: &StrColumn,
        speakers: &StrColumn,
        actor_names: &[String],
        speaker_names: &[String],
        max_doc: DocId,
    ) -> Option<Roles> {
        // Both dictionaries are sorted, as the column's term dictionary is.
        let as_actor: Vec<Option<u32>> = speaker_names
            .iter()
            .map(|name| actor_names.binary_search(name).ok().map(|at| at as u32))
            .collect();
        let mut speaker_of = vec![None; actor_names.len()];
        for (speaker, actor) in (0u32..).zip(&as_actor) {
            if let Some(slot) = actor.and_then(|a| speaker_of.get_mut(a as usize)) {
                *slot = Some(speaker);
            }
        }
        let (actor_ords, speaker_ords) = (actors.ords(), speakers.ords());
        let mut starts = Vec::with_capacity(max_doc as usize + 1);
        let mut tagged = Vec::new();
        let mut spoken = Vec::new();
        starts.push(0);
        for doc in 0..max_doc {
            spoken.clear();
            for speaker in speaker_ords.values_for_doc(doc) {
                spoken.push((*as_actor.get(speaker as usize)?)?);
            }
            let first = tagged.len();
            tagged.extend(
                actor_ords
                    .values_for_doc(doc)
                    .map(|ord| ord as u32)
                    .map(|ord| ord * 2 + u32::from(spoken.contains(&ord))),
            );
            let flagged = tagged.get(first..).unwrap_or_default();
            if spoken.iter().any(|s| !flagged.contains(&(s * 2 + 1))) {
                return None;
            }
            starts.push(tagged.len() as u32);
        }
        let none = u32::try_from(actor_names.len() * 2).ok()?;
        Some(Roles {
            tagged: DocOrds::multi(&starts, &tagged, none),
            speaker_of,
        })
    }

    /// Adds the actors' and the speakers' counts over `matches` to theirs.
    fn count(&self, matches: &Matches, actors: &mut [u32], speakers: &mut [u32]) {
        let mut tagged = vec![0; self.tagged.none as usize + 1];
        self.tagged.count(matches, &mut tagged);
        for ((pair, actor), speaker) in tagged
            .chunks_exact(2)
            .zip(actors.iter_mut())
            .zip(&self.speaker_of)
        {
            let (quiet, spoke) = (pair[0], pair[1]);
            *actor += quiet + spoke;
            if let Some(count) = speaker.and_then(|s| speakers.get_mut(s as usize)) {
                *count += spoke;
            }
        }
    }
}

/// Every value of each filter field in a generation, sorted, in [`FILTERS`] order: what
/// the segments' ordinals map to.
#[derive(Debug, Default)]
pub struct FilterDictionary {
    pub values: Vec<Vec<String>>,
}

impl FilterDictionary {
    /// The dictionary of `segments`, each of which gets its map into it.
    pub fn merge(segments: &mut [SegmentFilters]) -> FilterDictionary {
        let mut values = Vec::with_capacity(FILTERS.len());
        for field in 0..FILTERS.len() {
            let mut all: Vec<String> = segments
                .iter()
                .filter_map(|s| s.values.get(field))
                .flatten()
                .cloned()
                .collect();
            all.sort_unstable();
            all.dedup();
            for segment in segments.iter_mut() {
                let map = segment
                    .values
                    .get(field)
                    .map(|names| {
                        names
                            .iter()
                            .map(|name| all.binary_search(name).map_or(u32::MAX, |i| i as u32))
                            .collect()
                    })
                    .unwrap_or_default();
                segment.global.push(map);
            }
            values.push(all);
        }
        FilterDictionary { values }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::schema::{ACTOR, LANG, SPEAKER};
    use proptest::prelude::*;

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
            Layout::Multi(Packed::new(&starts, &ords, terms))
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
    fn a_document_with_more_values_than_slots_counts_them_all() {
        // One value per document makes one slot each; the crowded one keeps four more.
        let mut docs: Vec<Vec<u32>> = (0..200u32).map(|d| vec![d % 2]).collect();
        docs[70] = vec![0, 1, 2, 3, 4];
        let lists: Vec<&[u32]> = docs.iter().map(Vec::as_slice).collect();
        let ords = ords(5, &lists);
        let Layout::Multi(packed) = &ords.layout else {
            panic!("a multi-valued layout");
        };
        assert_eq!((packed.width, &packed.crowded[..]), (1, &[70][..]));
        let mut counts = vec![0; 6];
        ords.count_all(&[69, 70, 71], &mut counts);
        assert_eq!(
            &counts[..5],
            &[1, 3, 1, 1, 1],
            "69 and 71 hold 1, and 70 all five"
        );
        let mut values = Vec::new();
        ords.for_each_value(70, |v| values.push(v));
        assert_eq!(values, [0, 1, 2, 3, 4]);
        assert_eq!(ords.totals()[2..5], [1, 1, 1]);
    }

    #[test]
    fn counters_in_lanes_count_as_one_counter_per_value() {
        // Enough matches for lanes (32 per counter), at each width, with a group left over.
        for width in 1..=MAX_WIDTH {
            let docs: Vec<Vec<u32>> = (0..2000u32)
                .map(|d| (0..width as u32).map(|k| (d * 7 + k * 3) % 5).collect())
                .collect();
            let lists: Vec<&[u32]> = docs.iter().map(Vec::as_slice).collect();
            let ords = ords(5, &lists);
            let matches: Vec<DocId> = (0..2000).filter(|d| d % 3 != 0).collect();
            assert!(matches.len() >= 6 * LANES * DOCS_PER_LANE_SLOT);
            let mut expected = [0u32; 6];
            for &d in &matches {
                for &v in &docs[d as usize] {
                    expected[v as usize] += 1;
                }
            }
            let mut counts = vec![0u32; 6];
            ords.count_all(&matches, &mut counts);
            assert_eq!(counts[..5], expected[..5], "{width} values a document");
        }
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

    proptest! {
        #[test]
        fn the_cpus_popcount_counts_as_the_portable_loop(
            pairs in proptest::collection::vec((any::<u64>(), any::<u64>()), 0..300),
        ) {
            let (a, b): (Vec<u64>, Vec<u64>) = pairs.into_iter().unzip();
            let expected: u32 = a.iter().zip(&b).map(|(x, y)| (x & y).count_ones()).sum();
            prop_assert_eq!(common_bits(&a, &b), expected);
            #[cfg(target_arch = "x86_64")]
            if std::arch::is_x86_feature_detected!("popcnt") {
                // SAFETY: the CPU has POPCNT (checked above).
                prop_assert_eq!(unsafe { common_bits_popcnt(&a, &b) }, expected);
            }
        }
    }

    /// Counts `matches` by value and one by one (with the rest subtracted when they are
    /// most of the segment), for the values some document holds.
    fn both_ways(ords: &DocOrds, matches: &[DocId], max_doc: DocId) -> (Vec<u32>, Vec<u32>) {
        let slots = ords.totals().len();
        let matches = Matches::new(matches, max_doc);
        let mut by_value = vec![0; slots];
        ords.by_value
            .count(matches.bits().expect("ascending"), &mut by_value);
        let mut by_doc = vec![0; slots];
        match matches.rest() {
            Some(rest) => {
                ords.count_all(rest, &mut by_doc);
                for (count, total) in by_doc.iter_mut().zip(ords.totals()) {
                    *count = total - *count;
                }
            }
            None => ords.count_all(matches.docs(), &mut by_doc),
        }
        // "none" is not counted by value.
        by_value.pop();
        by_doc.pop();
        (by_value, by_doc)
    }

    #[test]
    fn common_values_get_bitsets_and_rare_ones_lists() {
        // 128 documents: value 0 in every other one, value 1 in one only, value 2 in none.
        let docs: Vec<Vec<u32>> = (0..128u32)
            .map(|d| match d {
                5 => vec![0, 1],
                d if d % 2 == 0 => vec![0],
                _ => vec![],
            })
            .collect();
        let lists: Vec<&[u32]> = docs.iter().map(Vec::as_slice).collect();
        let ords = ords(3, &lists);
        let dense: Vec<u32> = ords.by_value.dense.iter().map(|(ord, _)| *ord).collect();
        assert_eq!(dense, [0], "held by 1 in 64 or more");
        assert_eq!(
            ords.by_value.sparse,
            [1],
            "a value no document holds has no list"
        );
        assert_eq!(ords.by_value.docs, [5]);
        let (by_value, by_doc) = both_ways(&ords, &[2, 3, 4, 5, 100], 128);
        assert_eq!(by_value, [4, 1, 0], "2, 4, 100 and 5 hold value 0");
        assert_eq!(by_value, by_doc);
    }

    #[test]
    fn counting_picks_by_value_for_many_matches_and_by_document_for_few() {
        let docs: Vec<Vec<u32>> = (0..6400u32).map(|d| vec![d % 3]).collect();
        let lists: Vec<&[u32]> = docs.iter().map(Vec::as_slice).collect();
        let ords = ords(3, &lists);
        let few: Vec<DocId> = vec![1, 2, 3];
        let many: Vec<DocId> = (0..3200).collect();
        assert!(!ords.reads_less_by_value(&Matches::new(&few, 6400)));
        assert!(ords.reads_less_by_value(&Matches::new(&many, 6400)));
        for matches in [few, many] {
            let mut counts = vec![0; 4];
            ords.count(&Matches::new(&matches, 6400), &mut counts);
            let expected: Vec<u32> = (0..3)
                .map(|v| matches.iter().filter(|&&d| d % 3 == v).count() as u32)
                .collect();
            assert_eq!(counts[..3], expected[..], "{} matches", matches.len());
        }
    }

    #[test]
    fn a_bitset_made_while_collecting_counts_as_the_list_it_holds() {
        let docs: Vec<Vec<u32>> = (0..640u32).map(|d| vec![d % 3]).collect();
        let lists: Vec<&[u32]> = docs.iter().map(Vec::as_slice).collect();
        let ords = ords(3, &lists);
        let matches: Vec<DocId> = (0..640).filter(|d| d % 5 != 0).collect();
        let mut bits = vec![0u64; 10];
        for &d in &matches {
            bits[d as usize / 64] |= 1 << (d % 64);
        }
        let (mut listed, mut collected) = (vec![0; 4], vec![0; 4]);
        ords.count(&Matches::new(&matches, 640), &mut listed);
        let from_bits = Matches::from_bits(bits.clone(), 640);
        assert_eq!(from_bits.len(), matches.len());
        ords.count(&from_bits, &mut collected);
        assert_eq!(listed, collected);
        assert_eq!(listed[..3], [171, 171, 170]);
        assert_eq!(from_bits.docs(), &matches[..]);
        // Bits past the segment's end are no documents; a short bitset is filled out.
        let mut long = bits.clone();
        long.push(u64::MAX);
        let past_end = Matches::from_bits(long, 630);
        assert_eq!(past_end.docs(), &matches[..matches.len() - 8]);
        assert_eq!(past_end.len(), matches.len() - 8);
        let short = Matches::from_bits(vec![0b1010], 640);
        assert_eq!(short.docs(), &[1, 3]);
        assert_eq!(short.bits().map(<[u64]>::len), Some(10));
    }

    #[test]
    fn the_fields_read_by_position_are_where_the_schema_lists_them() {
        assert_eq!(FILTERS[LANG_AT], LANG);
        assert_eq!(FILTERS[ACTOR_AT], ACTOR);
        assert_eq!(FILTERS[SPEAKER_AT], SPEAKER);
    }

    /// One segment with every filter field, where document `d` has actors `actors[d]` and
    /// speakers `speakers[d]` (names), and nothing else.
    fn segment_with_actors(actors: &[Vec<&str>], speakers: &[Vec<&str>]) -> SegmentFilters {
        use tantivy::schema::{FAST, STRING, Schema};
        let mut schema = Schema::builder();
        let fields: Vec<_> = FILTERS
            .iter()
            .map(|name| schema.add_text_field(name, STRING | FAST))
            .collect();
        let index = tantivy::Index::create_in_ram(schema.build());
        let mut writer = index
            .writer_with_num_threads(1, 15_000_000)
            .expect("writer");
        for (actors, speakers) in actors.iter().zip(speakers) {
            let mut doc = tantivy::TantivyDocument::default();
            for actor in actors {
                doc.add_text(fields[ACTOR_AT], actor);
            }
            for speaker in speakers {
                doc.add_text(fields[SPEAKER_AT], speaker);
            }
            doc.add_text(fields[LANG_AT], "en");
            writer.add_document(doc).expect("add");
        }
        writer.commit().expect("commit");
        let searcher = index.reader().expect("reader").searcher();
        SegmentFilters::read(searcher.segment_reader(0)).expect("filters")
    }

    /// Each field's counts over `matches`, by value name, "none" left out.
    fn counted(
        filters: &SegmentFilters,
        matches: &[DocId],
        max_doc: DocId,
    ) -> Vec<Vec<(String, u32)>> {
        let mut counts: Vec<Vec<u32>> = filters
            .values
            .iter()
            .map(|v| vec![0; v.len() + 1])
            .collect();
        filters.count(&Matches::new(matches, max_doc), &mut counts);
        filters
            .values
            .iter()
            .zip(counts)
            .map(|(names, counts)| {
                names
                    .iter()
                    .zip(counts)
                    .filter(|(_, n)| *n > 0)
                    .map(|(name, n)| (name.clone(), n))
                    .collect()
            })
            .collect()
    }

    /// How many of the documents in `matches` hold each value, where document `d` holds
    /// `lists[d]`.
    fn naive(lists: &[Vec<&str>], matches: &[DocId]) -> Vec<(String, u32)> {
        let mut counts = std::collections::BTreeMap::new();
        for &doc in matches {
            for name in &lists[doc as usize] {
                *counts.entry(name.to_string()).or_insert(0) += 1;
            }
        }
        counts.into_iter().collect()
    }

    #[test]
    fn actors_and_speakers_counted_in_one_pass_count_as_apart() {
        let names = ["a", "b", "c", "d", "e"];
        let (mut actors, mut speakers) = (Vec::new(), Vec::new());
        for doc in 0..300usize {
            let mut mine: Vec<&str> = (0..doc % 4).map(|k| names[(doc * 7 + k * 3) % 5]).collect();
            mine.sort_unstable();
            mine.dedup();
            let spoke: Vec<&str> = mine
                .iter()
                .copied()
                .filter(|n| doc % 3 != 0 && *n != "c")
                .collect();
            actors.push(mine);
            speakers.push(spoke);
        }
        let filters = segment_with_actors(&actors, &speakers);
        assert!(filters.roles.is_some(), "the speakers are among the actors");
        for step in [1, 2, 7, 40] {
            let matches: Vec<DocId> = (0..300).step_by(step).collect();
            let counts = counted(&filters, &matches, 300);
            assert_eq!(
                counts[ACTOR_AT],
                naive(&actors, &matches),
                "actors, every {step}"
            );
            assert_eq!(
                counts[SPEAKER_AT],
                naive(&speakers, &matches),
                "speakers, every {step}"
            );
        }
    }

    #[test]
    fn a_speaker_who_is_not_among_the_actors_is_counted_apart() {
        let actors = vec![vec!["a"], vec!["a", "b"], vec![]];
        let speakers = vec![vec!["a"], vec!["c"], vec!["b"]];
        let filters = segment_with_actors(&actors, &speakers);
        assert!(filters.roles.is_none());
        let counts = counted(&filters, &[0, 1, 2], 3);
        assert_eq!(counts[ACTOR_AT], naive(&actors, &[0, 1, 2]));
        assert_eq!(counts[SPEAKER_AT], naive(&speakers, &[0, 1, 2]));
    }

    #[test]
    fn segments_share_one_sorted_dictionary() {
        let segment = |values: &[&str]| SegmentFilters {
            values: FILTERS
                .iter()
                .map(|_| values.iter().map(|v| v.to_string()).collect())
                .collect(),
            ords: FILTERS.iter().map(|_| None).collect(),
            roles: None,
            global: Vec::new(),
        };
        let mut segments = [segment(&["en", "ru"]), segment(&["ar", "ru"])];
        let dictionary = FilterDictionary::merge(&mut segments);
        assert_eq!(dictionary.values[0], ["ar", "en", "ru"]);
        assert_eq!(segments[0].global[0], [1, 2]);
        assert_eq!(segments[1].global[0], [0, 2]);
        assert_eq!(segments[1].global.len(), FILTERS.len());
    }

    proptest! {
        /// Counting by value and counting document by document agree, whatever the layout,
        /// the share of common values and the matches.
        #[test]
        fn by_value_and_by_document_count_alike(
            docs in prop::collection::vec(
                {
                    let value = prop_oneof![3 => 0u32..3, 1 => 3u32..300];
                    // Now and then a document with more values than its slots (crowded).
                    prop_oneof![
                        12 => prop::collection::vec(value.clone(), 0..3),
                        1 => prop::collection::vec(value, 3..9),
                    ]
                },
                1..400,
            ),
            picks in prop::collection::vec(any::<bool>(), 400),
        ) {
            let mut docs = docs;
            for values in &mut docs {
                values.sort_unstable();
                values.dedup();
            }
            let lists: Vec<&[u32]> = docs.iter().map(Vec::as_slice).collect();
            let ords = ords(300, &lists);
            let max_doc = docs.len() as DocId;
            let matches: Vec<DocId> = (0..max_doc).filter(|&d| picks[d as usize]).collect();
            let (by_value, by_doc) = both_ways(&ords, &matches, max_doc);
            prop_assert_eq!(by_value, by_doc);
        }
    }
}
