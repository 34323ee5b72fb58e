//! Bytes → clean text: BOM sniffing, UTF-8/UTF-16 decoding, line endings, invisible
//! characters, NFC.
//!
//! It does not guess legacy encodings (windows-1251, windows-1256, …): a file that is not
//! UTF-8 and has no UTF-16 BOM is rejected with the byte offset of the first bad byte, so a
//! curator can re-save it, rather than being indexed as mojibake.

use std::borrow::Cow;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Why a file's bytes are not usable text. The `Display` text is the `Problem` reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("not valid UTF-8 text (byte offset {offset})")]
    NotUtf8 { offset: usize },
    #[error("not valid UTF-16 text")]
    NotUtf16,
    #[error("not a text file")]
    Binary,
    #[error("empty file")]
    Empty,
}

/// Share of control bytes above which a file is called binary rather than text.
const MAX_CONTROL_SHARE: f64 = 0.05;
/// How much of the start of a file the control-byte check looks at.
const SNIFF_BYTES: usize = 64 * 1024;

pub fn decode(bytes: &[u8]) -> Result<String, DecodeError> {
    let raw: Cow<'_, str> = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        check_not_binary(rest)?;
        Cow::Borrowed(utf8(rest)?)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        encoding_rs::UTF_16LE
            .decode_without_bom_handling_and_without_replacement(rest)
            .ok_or(DecodeError::NotUtf16)?
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        encoding_rs::UTF_16BE
            .decode_without_bom_handling_and_without_replacement(rest)
            .ok_or(DecodeError::NotUtf16)?
    } else {
        check_not_binary(bytes)?;
        Cow::Borrowed(utf8(bytes)?)
    };
    // A NUL inside decoded UTF-16 (e.g. UTF-32 read as UTF-16) is just as binary.
    if raw.contains('\0') {
        return Err(DecodeError::Binary);
    }
    let res = if all_plain(&raw) {
        raw.into_owned()
    } else {
        let cleaned = match raw.chars().any(needs_cleaning) {
            true => Cow::Owned(clean_chars(&raw)),
            false => raw,
        };
        match is_nfc_quick(cleaned.chars()) {
            IsNormalized::Yes => cleaned.into_owned(),
            _ => cleaned.nfc().collect(),
        }
    };
    if res.trim().is_empty() {
        return Err(DecodeError::Empty);
    }
    Ok(res)
}

fn utf8(bytes: &[u8]) -> Result<&str, DecodeError> {
    std::str::from_utf8(bytes).map_err(|e| DecodeError::NotUtf8 {
        offset: e.valid_up_to(),
    })
}

/// NUL bytes, or many other control bytes, mean a binary file. Checked before UTF-8
/// validation so that an image gets "not a text file" and not a byte offset.
fn check_not_binary(bytes: &[u8]) -> Result<(), DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    if bytes.contains(&0) {
        return Err(DecodeError::Binary);
    }
    let sniff = &bytes[..bytes.len().min(SNIFF_BYTES)];
    // Summed without a branch per byte, so the compiler checks many bytes at once.
    let n_control: usize = sniff
        .iter()
        .map(|&b| usize::from(b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C)))
        .sum();
    if n_control as f64 > sniff.len() as f64 * MAX_CONTROL_SHARE {
        return Err(DecodeError::Binary);
    }
    Ok(())
}

/// Whether every character of `text` [`is_plain`]. Sixteen bytes at a time are checked
/// for printable ASCII without a branch per byte (most of our text); a block holding anything
/// else (a line break, a letter of another script) is read character by character, as all
/// of the text was before (decoding was 5% of a build's instructions).
fn all_plain(text: &str) -> bool {
    const BLOCK: usize = 16;
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        if let Some(block) = bytes.get(at..at + BLOCK)
            && block.iter().fold(true, |printable, &b| {
                printable & (b.wrapping_sub(b' ') < 0x5F)
            })
        {
            at += BLOCK;
            continue;
        }
        // Past this block's end, character by character: a character may run across it.
        let end = (at + BLOCK).min(bytes.len());
        while at < end {
            match text.get(at..).and_then(|rest| rest.chars().next()) {
                Some(c) if is_plain(c) => at += c.len_utf8(),
                _ => return false,
            }
        }
    }
    true
}

/// A character that neither cleaning nor NFC changes, however it is placed: what most of our
/// text is made of, answered by its range alone. A text of these alone is taken as it is,
/// without the per-character lookups of the two checks below (a twentieth of parsing).
fn is_plain(c: char) -> bool {
    matches!(c,
        '\n' | '\t' | ' '..='~'
        // Latin-1 (less NBSP and the soft hyphen), Latin Extended-A and -B, IPA, spacing
        // modifiers: precomposed or spacing, none combining.
        | '\u{A1}'..='\u{AC}' | '\u{AE}'..='\u{2FF}'
        // Cyrillic letters, precomposed (the combining marks start at U+0483).
        | '\u{400}'..='\u{45F}'
        // Arabic comma, semicolon, question mark, letters and digits; not the harakat.
        | '\u{60C}' | '\u{61B}' | '\u{61F}' | '\u{621}'..='\u{63A}' | '\u{641}'..='\u{64A}'
        | '\u{660}'..='\u{669}'
        // Dashes, quotation marks, bullets and the ellipsis.
        | '\u{2010}'..='\u{2027}')
}

/// The characters `clean_chars` changes; most texts have none, and are not copied.
fn needs_cleaning(c: char) -> bool {
    match c {
        '\n' | '\t' => false,
        '\u{A0}'
        | '\u{AD}'
        | '\u{1680}'
        | '\u{2000}'..='\u{200B}'
        | '\u{200E}'
        | '\u{200F}'
        | '\u{2028}'..='\u{202F}'
        | '\u{205F}'
        | '\u{2060}'
        | '\u{2066}'..='\u{2069}'
        | '\u{3000}'
        | '\u{FEFF}' => true,
        c => c.is_control(),
    }
}

/// One pass over the text: line endings become `\n`; NBSP and the other fixed-width spaces become
/// a plain space; invisible characters that split words (zero-width space, word joiner, soft
/// hyphen, stray BOMs, bidi marks common in Arabic web text) are removed; other control
/// characters are dropped. ZWJ/ZWNJ are kept: they carry meaning in Persian and Urdu.
fn clean_chars(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\n' | '\t' => out.push(c),
            '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' => out.push('\n'),
            '\u{2029}' => out.push_str("\n\n"),
            '\u{A0}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200A}'
            | '\u{202F}'
            | '\u{205F}'
            | '\u{3000}' => out.push(' '),
            '\u{AD}'
            | '\u{200B}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &[u8], expected: Result<&str, DecodeError>) {
        assert_eq!(decode(input).as_deref().map_err(Clone::clone), expected);
    }

    proptest::proptest! {
        /// Whatever the text, and wherever its other characters fall against the blocks read
        /// at once, reading it in blocks agrees with reading it char by char.
        #[test]
        fn reading_in_blocks_agrees_with_reading_char_by_char(
            text in "[a-z .\n\t\u{7F}\u{1}\u{A0}\u{AD}\u{E9}\u{436}\u{628}\u{64E}\u{2014}\u{20AC}]{0,70}",
        ) {
            proptest::prop_assert_eq!(all_plain(&text), text.chars().all(is_plain));
        }
    }

    #[test]
    fn reading_plain_text_in_blocks_agrees_with_reading_it_char_by_char() {
        let texts = [
            "Statement by the Ministry\n\tof Foreign Affairs ~ 2023",
            "Заявление МИД «о ядерном оружии» — 5 мая",
            "بيان وزارة الخارجية، ١٢ مايو؟",
            "مُعَاهَدَة",
            "a\u{7F}b",
            "a\rb",
            "a\u{0}b",
            "non\u{AD}proliferation",
            "NBSP\u{A0}here",
            "оружи\u{301}е",
            "price 5\u{20AC}",
            "",
            "é",
            "A line of plain English text long enough to fill blocks.\nAnd another one.",
            "A line of plain English text long enough to fill blocks\u{7F} with DEL late.",
            "Plain English text, then Arabic after the first block: بيان وزارة الخارجية",
            "Plain English text, then a haraka after the first block: مُعَاهَدَة",
        ];
        for text in texts {
            assert_eq!(all_plain(text), text.chars().all(is_plain), "{text:?}");
        }
    }

    #[test]
    fn plain_utf8_passes_through() {
        check("Заявление МИД".as_bytes(), Ok("Заявление МИД"));
    }

    #[test]
    fn utf8_bom_is_dropped() {
        check(b"\xEF\xBB\xBFStatement", Ok("Statement"));
    }

    #[test]
    fn utf16_le_and_be_with_bom() {
        let text = "بيان\r\nStatement";
        let mut le = vec![0xFF, 0xFE];
        le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        check(&le, Ok("بيان\nStatement"));
        let mut be = vec![0xFE, 0xFF];
        be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        check(&be, Ok("بيان\nStatement"));
    }

    #[test]
    fn truncated_utf16_is_rejected() {
        check(&[0xFF, 0xFE, 0x41, 0x00, 0x42], Err(DecodeError::NotUtf16));
    }

    #[test]
    fn invalid_utf8_reports_the_offset() {
        // "Moscow " then a lone windows-1251 byte.
        check(b"Moscow \xcf\xf0", Err(DecodeError::NotUtf8 { offset: 7 }));
        assert_eq!(
            DecodeError::NotUtf8 { offset: 7 }.to_string(),
            "not valid UTF-8 text (byte offset 7)"
        );
    }

    #[test]
    fn binary_is_rejected() {
        check(b"PK\x03\x04\x00\x00abc", Err(DecodeError::Binary));
        check(b"\x01\x02\x03\x04abcdefgh", Err(DecodeError::Binary));
        check(b"\xFF\xFEA\x00\x00\x00", Err(DecodeError::Binary));
    }

    #[test]
    fn empty_and_whitespace_only_are_rejected() {
        check(b"", Err(DecodeError::Empty));
        check(b"\xEF\xBB\xBF", Err(DecodeError::Empty));
        check(" \n\r\n\t\u{a0}".as_bytes(), Err(DecodeError::Empty));
        check("\u{200b}\u{feff}".as_bytes(), Err(DecodeError::Empty));
    }

    #[test]
    fn line_endings_are_normalised() {
        check(b"a\r\nb\rc\n", Ok("a\nb\nc\n"));
    }

    #[test]
    fn spaces_and_invisibles_are_cleaned() {
        check(
            "1.\u{a0}We\u{2003}call\u{200b}s\u{ad}pace \u{200f}بيان\u{200e}".as_bytes(),
            Ok("1. We callspace بيان"),
        );
    }

    #[test]
    fn every_cleaned_character_is_detected() {
        for c in [
            '\r', '\u{0B}', '\u{85}', '\u{2028}', '\u{2029}', '\u{A0}', '\u{2003}', '\u{202F}',
            '\u{3000}', '\u{AD}', '\u{200B}', '\u{200F}', '\u{202B}', '\u{2067}', '\u{FEFF}',
            '\u{7}',
        ] {
            assert!(needs_cleaning(c), "{c:?}");
            assert_ne!(clean_chars(&c.to_string()), c.to_string(), "{c:?}");
        }
        for c in ['a', 'ж', 'ب', '\n', '\t', '\u{200C}', '\u{200D}'] {
            assert!(!needs_cleaning(c), "{c:?}");
        }
    }

    /// A text of plain characters alone is taken as it is, so no plain character may be one
    /// that cleaning changes, that combines, or that NFC could compose with what precedes it.
    #[test]
    fn plain_characters_need_neither_cleaning_nor_composing() {
        let plain: Vec<char> = ('\0'..='\u{FFFF}').filter(|&c| is_plain(c)).collect();
        assert!(plain.len() > 800, "{} plain characters", plain.len());
        for c in plain {
            assert!(!needs_cleaning(c), "{c:?} needs cleaning");
            assert_eq!(
                unicode_normalization::char::canonical_combining_class(c),
                0,
                "{c:?} combines"
            );
            assert_eq!(
                is_nfc_quick(std::iter::once(c)),
                IsNormalized::Yes,
                "{c:?} is not plainly NFC"
            );
        }
    }

    #[test]
    fn text_is_nfc() {
        // "й" as и + combining breve, "é" as e + combining acute.
        check("и\u{306} e\u{301}".as_bytes(), Ok("й é"));
    }
}
