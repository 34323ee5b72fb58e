//! The lexicon file: gzip of a little-endian `u32` layout.
//!
//! ```text
//! MAGIC
//! n_strings  text_len  ends[n_strings]  text (UTF-8)
//! 4 × table: n_heads heads[n] target_ends[n]  n_targets targets[..]  n_stems (stem, head)[..]
//! ```
//!
//! `decode` checks every id and offset, and the sort orders binary search relies on,
//! so a damaged or foreign file is an error, never a panic at lookup time.

use std::io::{Read, Write};

use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;

use super::{Lexicon, Strings, Table};

const MAGIC: &[u8; 8] = b"SALEX01\n";

pub(super) fn encode(lexicon: &Lexicon) -> Vec<u8> {
    let mut raw = Vec::with_capacity(lexicon.strings.text.len() * 2);
    raw.extend_from_slice(MAGIC);
    let strings = &lexicon.strings;
    put(&mut raw, strings.ends.len());
    put(&mut raw, strings.text.len());
    put_all(&mut raw, &strings.ends);
    raw.extend_from_slice(strings.text.as_bytes());
    for table in &lexicon.tables {
        put(&mut raw, table.heads.len());
        put_all(&mut raw, &table.heads);
        put_all(&mut raw, &table.target_ends);
        put(&mut raw, table.targets.len());
        put_all(&mut raw, &table.targets);
        put(&mut raw, table.stems.len());
        for &(stem, head) in &table.stems {
            put_all(&mut raw, &[stem, head]);
        }
    }
    let mut encoder = GzEncoder::new(Vec::with_capacity(raw.len() / 3), Compression::fast());
    encoder
        .write_all(&raw)
        .expect("writing to a Vec cannot fail");
    encoder.finish().expect("writing to a Vec cannot fail")
}

fn put(out: &mut Vec<u8>, n: usize) {
    let n = u32::try_from(n).expect("lexicon sizes fit in u32");
    out.extend_from_slice(&n.to_le_bytes());
}

fn put_all(out: &mut Vec<u8>, values: &[u32]) {
    for v in values {
        out.extend_from_slice(&v.to_le_bytes());
    }
}

pub(super) fn decode(bytes: &[u8]) -> Result<Lexicon, String> {
    let mut raw = Vec::with_capacity(bytes.len() * 3);
    GzDecoder::new(bytes)
        .read_to_end(&mut raw)
        .map_err(|e| format!("not gzip: {e}"))?;
    let mut r = Reader { raw: &raw, pos: 0 };
    if r.bytes(MAGIC.len())? != MAGIC {
        return Err("wrong magic".into());
    }
    let n_strings = r.u32()? as usize;
    let text_len = r.u32()? as usize;
    let ends = r.u32s(n_strings)?;
    let text = String::from_utf8(r.bytes(text_len)?.to_vec()).map_err(|_| "text not UTF-8")?;
    let mut previous = 0;
    for &end in &ends {
        let end = end as usize;
        if end < previous || !text.is_char_boundary(end) {
            return Err("bad string offsets".into());
        }
        previous = end;
    }
    if previous != text_len {
        return Err("bad string offsets".into());
    }
    let strings = Strings { text, ends };
    let mut tables: [Table; 4] = Default::default();
    for table in &mut tables {
        let n_heads = r.u32()? as usize;
        let heads = r.u32s(n_heads)?;
        let target_ends = r.u32s(n_heads)?;
        let n_targets = r.u32()? as usize;
        let targets = r.u32s(n_targets)?;
        let n_stems = r.u32()? as usize;
        let flat = r.u32s(n_stems.checked_mul(2).ok_or("too many stems")?)?;
        let stems: Vec<(u32, u32)> = flat.chunks_exact(2).map(|p| (p[0], p[1])).collect();

        let in_strings = |id: &u32| (*id as usize) < n_strings;
        if !heads.iter().all(in_strings) || !targets.iter().all(in_strings) {
            return Err("string id out of range".into());
        }
        if !target_ends.windows(2).all(|w| w[0] <= w[1])
            || target_ends.last().map_or(0, |&e| e as usize) != n_targets
        {
            return Err("bad translation offsets".into());
        }
        if !stems
            .iter()
            .all(|(stem, head)| in_strings(stem) && (*head as usize) < n_heads)
        {
            return Err("bad stem entry".into());
        }
        if !heads
            .windows(2)
            .all(|w| strings.get(w[0]) < strings.get(w[1]))
            || !stems
                .windows(2)
                .all(|w| strings.get(w[0].0) <= strings.get(w[1].0))
        {
            return Err("tables not sorted".into());
        }
        *table = Table {
            heads,
            target_ends,
            targets,
            stems,
        };
    }
    if r.pos != raw.len() {
        return Err("trailing bytes".into());
    }
    Ok(Lexicon { strings, tables })
}

struct Reader<'a> {
    raw: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn bytes(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self.pos.checked_add(n).ok_or("truncated")?;
        let slice = self.raw.get(self.pos..end).ok_or("truncated")?;
        self.pos = end;
        Ok(slice)
    }

    fn u32(&mut self) -> Result<u32, String> {
        let b = self.bytes(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn u32s(&mut self, n: usize) -> Result<Vec<u32>, String> {
        let bytes = self.bytes(n.checked_mul(4).ok_or("truncated")?)?;
        Ok(bytes
            .chunks_exact(4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect())
    }
}
