#!/usr/bin/env python3
"""Check that every actor string in a corpus catalog resolves to a gazetteer id.

Usage:
    python3 data/tools/gazetteer_coverage.py [METADATA_JSONL] [GAZETTEER_TSV]

Defaults: ../shared/corpus-real/metadata.jsonl (next to the repository) and data/gazetteer.tsv.
Prints the unresolved strings (with how often the catalog uses each) and exits 1 if there are
any, 0 on full coverage. It also lists aliases that fold to the same key, which
`cargo test` would reject one at a time.

The folding below mirrors `alias_key` in src/knowledge/aliases.rs (lowercase, Latin diacritics,
Arabic letter folds, Russian case endings); `tests/gazetteer_real.rs` runs the same check
against the Rust code, which is authoritative.
"""

import collections
import json
import sys
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DEFAULT_METADATA = REPO.parent / "shared" / "corpus-real" / "metadata.jsonl"
DEFAULT_GAZETTEER = REPO / "data" / "gazetteer.tsv"

RUSSIAN_ENDINGS = (
    "ями ами ыми ими ого его ому ему ая яя ое ее ые ую юю ой ей ый ом ем ам ям ах ях ым им ых их "
    "ою ею ью а я о е и ы у ю ь й"
).split()
LETTER_FOLDS = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ی": "ي", "ة": "ه", "ک": "ك",
    "ё": "е", "Ё": "е", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ı": "i",
    "\u2018": "'", "\u2019": "'", "\u201b": "'", "\u02bc": "'", "\u2032": "'", "\u00b4": "'",
    "\u2212": "-",
}
IGNORABLE = set("\u0640\u00ad\ufeff") | {chr(c) for c in range(0x200B, 0x2010)} | {
    chr(c) for c in range(0x202A, 0x202F)} | {chr(c) for c in range(0x2060, 0x206A)}
COMBINE = {("и", "\u0306"): "й", ("و", "\u0654"): "ؤ", ("ي", "\u0654"): "ئ"}


def is_mark(c):
    return unicodedata.category(c).startswith("M")


def is_cyrillic(c):
    return "\u0400" <= c <= "\u04ff"


def fold_char(c):
    if c.isascii():
        return c.lower()
    if c in IGNORABLE:
        return ""
    if c in LETTER_FOLDS:
        return LETTER_FOLDS[c]
    if "\u2010" <= c <= "\u2015":
        return "-"
    if c.isspace():
        return " "
    if is_mark(c):
        return ""
    if "\u00c0" <= c <= "\u024f" or "\u1e00" <= c <= "\u1eff":
        return "".join(p.lower() for p in unicodedata.normalize("NFD", c) if not is_mark(p))
    return "".join(p for p in c.lower() if not is_mark(p))


def stem_russian(word):
    if len(word) < 5:
        return word
    for ending in RUSSIAN_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


def fold(text):
    out = []  # list of tokens: words and single separator characters
    word = []
    pending_space = False

    def end_word():
        if word:
            w = "".join(word)
            out.append(stem_russian(w) if all(is_cyrillic(ch) for ch in w) else w)
            word.clear()

    for c in text:
        if c.isspace():
            end_word()
            pending_space = True
            continue
        if is_mark(c):
            if word and (word[-1], c) in COMBINE:
                word[-1] = COMBINE[(word[-1], c)]
            continue
        for f in fold_char(c):
            if f.isalnum():
                if not word and pending_space and out:
                    out.append(" ")
                pending_space = False
                word.append(f)
            else:
                end_word()
                if pending_space and out:
                    out.append(" ")
                pending_space = False
                out.append(f)
    end_word()
    return "".join(out)


def alias_key(name):
    key = fold(name)
    start, end = 0, len(key)
    while start < end and not key[start].isalnum():
        start += 1
    while end > start and not key[end - 1].isalnum():
        end -= 1
    return key[start:end]


def load_gazetteer(path):
    keys = {}
    duplicates = []
    for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        actor_id, _kind, lang, name = fields[:4]
        flag = fields[4] if len(fields) > 4 else ""
        key = alias_key(name)
        if key in keys and (keys[key][0] != actor_id or keys[key][1] == lang):
            duplicates.append((line_no, name, keys[key]))
        elif flag != "block":
            keys.setdefault(key, (actor_id, lang, line_no))
    return keys, duplicates


def main(argv):
    metadata = Path(argv[1]) if len(argv) > 1 else DEFAULT_METADATA
    gazetteer = Path(argv[2]) if len(argv) > 2 else DEFAULT_GAZETTEER
    keys, duplicates = load_gazetteer(gazetteer)
    for line_no, name, (other_id, _, other_line) in duplicates:
        print(f"duplicate: line {line_no} {name!r} folds like line {other_line} ({other_id})")

    uses = collections.Counter()
    with metadata.open(encoding="utf-8") as catalog:
        for row in catalog:
            for actor in json.loads(row).get("actors") or []:
                uses[actor] += 1
    unresolved = {name: n for name, n in uses.items() if alias_key(name) not in keys}
    for name, n in sorted(unresolved.items(), key=lambda item: (-item[1], item[0])):
        print(f"unresolved: {name!r} ({n} documents)")
    resolved_ids = {keys[alias_key(name)][0] for name in uses if name not in unresolved}
    print(
        f"{len(uses) - len(unresolved)}/{len(uses)} distinct catalog actor strings resolve "
        f"to {len(resolved_ids)} ids; {len(unresolved)} unresolved, {len(duplicates)} duplicate aliases"
    )
    return 1 if unresolved or duplicates else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
