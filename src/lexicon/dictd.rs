//! Reading a dictd dictionary: `NAME.index` plus `NAME.dict.dz` (or plain `NAME.dict`).
//!
//! The only file in `lexicon` that touches the file system, apart from
//! `Lexicon::read`/`Lexicon::write`.
//!
//! An index line is `headword<TAB>offset<TAB>length` (dictfmt may add a fourth column,
//! the original headword, which we ignore). Offset and length are byte positions in the
//! *uncompressed* data, written in dictd's own base64: the usual alphabet
//! `A–Z a–z 0–9 + /`, most significant digit first, no padding (`B` = 1, `BA` = 64).
//! A `.dict.dz` is a dictzip file, which is a gzip file with a random-access table in
//! its extra field; we simply decompress all of it.

use std::fs;
use std::io::Read;
use std::ops::Range;
use std::path::{Path, PathBuf};

use super::LexiconError;

/// One dictionary in memory: its whole uncompressed text and where each entry lies in it.
#[derive(Debug)]
pub struct Dictionary {
    data: String,
    entries: Vec<(String, Range<usize>)>,
}

impl Dictionary {
    /// (headword, definition text) pairs, in index order, without dictd's own
    /// `00-database-*` / `00database*` metadata entries.
    pub fn entries(&self) -> impl Iterator<Item = (&str, &str)> {
        self.entries
            .iter()
            .filter(|(head, _)| !is_metadata(head))
            .map(|(head, range)| (head.as_str(), &self.data[range.clone()]))
    }
}

/// The index and data file of dictionary `name` in `dir`, if both exist.
pub fn find(dir: &Path, name: &str) -> Option<(PathBuf, PathBuf)> {
    let index = dir.join(format!("{name}.index"));
    if !index.is_file() {
        return None;
    }
    [format!("{name}.dict.dz"), format!("{name}.dict")]
        .into_iter()
        .map(|file| dir.join(file))
        .find(|data| data.is_file())
        .map(|data| (index, data))
}

/// Reads a dictionary from its index and data files.
pub fn read(index: &Path, data: &Path) -> Result<Dictionary, LexiconError> {
    let io_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| LexiconError::Io { path, source }
    };
    let index_text = fs::read_to_string(index).map_err(io_err(index))?;
    let raw = fs::read(data).map_err(io_err(data))?;
    let bytes = if raw.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::with_capacity(raw.len() * 4);
        flate2::read::GzDecoder::new(raw.as_slice())
            .read_to_end(&mut out)
            .map_err(io_err(data))?;
        out
    } else {
        raw
    };
    let data_text = String::from_utf8(bytes).map_err(|_| LexiconError::NotUtf8 {
        path: data.to_path_buf(),
    })?;
    parse(index, &index_text, data, data_text)
}

/// Pairs index lines with the data; every entry must lie inside `data` on character
/// boundaries.
fn parse(
    index_path: &Path,
    index: &str,
    data_path: &Path,
    data: String,
) -> Result<Dictionary, LexiconError> {
    let mut entries = Vec::new();
    for (n, line) in index.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let bad_line = || LexiconError::BadIndex {
            path: index_path.to_path_buf(),
            line: n + 1,
        };
        let (head, range) = parse_index_line(line).ok_or_else(bad_line)?;
        if data.get(range.clone()).is_none() {
            return Err(LexiconError::OutOfRange {
                path: data_path.to_path_buf(),
                headword: head.to_string(),
            });
        }
        entries.push((head.to_string(), range));
    }
    Ok(Dictionary { data, entries })
}

/// `headword<TAB>offset<TAB>length[<TAB>…]` → (headword, byte range).
fn parse_index_line(line: &str) -> Option<(&str, Range<usize>)> {
    let mut cols = line.split('\t');
    let head = cols.next()?;
    let start = decode_b64(cols.next()?)?;
    let len = decode_b64(cols.next()?)?;
    let start = usize::try_from(start).ok()?;
    let end = start.checked_add(usize::try_from(len).ok()?)?;
    Some((head, start..end))
}

/// dictd's base64 number: most significant digit first, no padding.
fn decode_b64(digits: &str) -> Option<u64> {
    if digits.is_empty() || digits.len() > 10 {
        return None;
    }
    digits.bytes().try_fold(0u64, |acc, b| {
        let digit = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        Some(acc * 64 + u64::from(digit))
    })
}

/// dictfmt's metadata entries: `00-database-info`, `00databaseshort`, …
fn is_metadata(head: &str) -> bool {
    head.starts_with("00-database") || head.starts_with("00database")
}

/// The dictd base64 digit string of `n` (for test fixtures).
#[cfg(test)]
pub(crate) fn encode_b64(mut n: u64) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut digits = vec![ALPHABET[(n % 64) as usize]];
    n /= 64;
    while n > 0 {
        digits.push(ALPHABET[(n % 64) as usize]);
        n /= 64;
    }
    digits.reverse();
    String::from_utf8(digits).expect("the alphabet is ASCII")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_numbers() {
        assert_eq!(decode_b64("A"), Some(0));
        assert_eq!(decode_b64("B"), Some(1));
        assert_eq!(decode_b64("/"), Some(63));
        assert_eq!(decode_b64("BA"), Some(64));
        // freedict-eng-ara.index: `weapon	Omxf	g`
        assert_eq!(
            decode_b64("Omxf"),
            Some(((14 * 64 + 38) * 64 + 49) * 64 + 31)
        );
        assert_eq!(decode_b64("g"), Some(32));
        assert_eq!(decode_b64(""), None);
        assert_eq!(decode_b64("A=="), None);
        assert_eq!(decode_b64("ABCDEFGHIJK"), None);
        for n in [0, 1, 63, 64, 4095, 4096, 9_303_472] {
            assert_eq!(decode_b64(&encode_b64(n)), Some(n));
        }
    }

    #[test]
    fn index_lines() {
        assert_eq!(
            parse_index_line("arm\tBZPs\teL"),
            Some(("arm", 365_548..367_479))
        );
        assert_eq!(parse_index_line("x\tB\tB\toriginal X"), Some(("x", 1..2)));
        assert_eq!(parse_index_line("arm\tBZPs"), None);
        assert_eq!(parse_index_line("arm BZPs eL"), None);
    }

    #[test]
    fn entries_skip_metadata_and_check_bounds() {
        let data = "00-database-short\nTest\nweapon\nоружие\n".to_string();
        let index = format!(
            "00-database-short\tA\t{}\nweapon\t{}\t{}\n",
            encode_b64(23),
            encode_b64(23),
            encode_b64(data.len() as u64 - 23)
        );
        let dict = parse(
            Path::new("t.index"),
            &index,
            Path::new("t.dict"),
            data.clone(),
        )
        .expect("valid");
        assert_eq!(dict.entries.len(), 2);
        let entries: Vec<_> = dict.entries().collect();
        assert_eq!(entries, [("weapon", "weapon\nоружие\n")]);

        let beyond = "weapon\tA\tBAA\n";
        let err = parse(
            Path::new("t.index"),
            beyond,
            Path::new("t.dict"),
            data.clone(),
        );
        assert!(
            matches!(err, Err(LexiconError::OutOfRange { .. })),
            "{err:?}"
        );
        let mid_char = format!("weapon\t{}\tC\n", encode_b64(31));
        let err = parse(
            Path::new("t.index"),
            &mid_char,
            Path::new("t.dict"),
            data.clone(),
        );
        assert!(
            matches!(err, Err(LexiconError::OutOfRange { .. })),
            "{err:?}"
        );
        let err = parse(
            Path::new("t.index"),
            "weapon\t?\tC\n",
            Path::new("t.dict"),
            data,
        );
        assert!(
            matches!(err, Err(LexiconError::BadIndex { line: 1, .. })),
            "{err:?}"
        );
    }
}
