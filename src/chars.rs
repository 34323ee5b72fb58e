//! Character classes, answered from a table for the first 2,048 code points (Latin, Cyrillic
//! and Arabic, where nearly all our text lies) and by the standard library beyond. The general
//! lookups are binary searches over Unicode's tables: perf put them at a sixth of parsing a
//! corpus. The answers are the standard library's (and `unicode-normalization`'s), exactly.

use std::sync::LazyLock;

const TABLE_END: u32 = 0x800;
const ALPHABETIC: u8 = 1;
const NUMERIC: u8 = 2;
const COMBINING_MARK: u8 = 4;

static TABLE: LazyLock<[u8; TABLE_END as usize]> = LazyLock::new(|| {
    let mut table = [0u8; TABLE_END as usize];
    for (code, flags) in table.iter_mut().enumerate() {
        let Some(c) = u32::try_from(code).ok().and_then(char::from_u32) else {
            continue;
        };
        *flags = u8::from(c.is_alphabetic()) * ALPHABETIC
            + u8::from(c.is_numeric()) * NUMERIC
            + u8::from(unicode_normalization::char::is_combining_mark(c)) * COMBINING_MARK;
    }
    table
});

fn flags(c: char) -> Option<u8> {
    TABLE.get(c as usize).copied()
}

/// `char::is_alphanumeric`.
#[inline]
pub fn is_alphanumeric(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    match flags(c) {
        Some(f) => f & (ALPHABETIC | NUMERIC) != 0,
        None => c.is_alphanumeric(),
    }
}

/// `char::is_alphabetic`.
#[inline]
pub fn is_alphabetic(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    match flags(c) {
        Some(f) => f & ALPHABETIC != 0,
        None => c.is_alphabetic(),
    }
}

/// `unicode_normalization::char::is_combining_mark`.
#[inline]
pub fn is_combining_mark(c: char) -> bool {
    if c.is_ascii() {
        return false;
    }
    match flags(c) {
        Some(f) => f & COMBINING_MARK != 0,
        None => unicode_normalization::char::is_combining_mark(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_answers_as_the_general_lookups_do() {
        let ranges = [0u32..0x900, 0xFB50..0xFF00, 0x1_0000..0x1_0100];
        for c in ranges.into_iter().flatten().filter_map(char::from_u32) {
            let at = format!("{c:?} U+{:04X}", c as u32);
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{at}");
            assert_eq!(is_alphabetic(c), c.is_alphabetic(), "{at}");
            assert_eq!(
                is_combining_mark(c),
                unicode_normalization::char::is_combining_mark(c),
                "{at}"
            );
        }
    }
}
