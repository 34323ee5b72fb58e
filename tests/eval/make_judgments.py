#!/usr/bin/env python3
"""Builds the retrieval judgment files in tests/eval/ from ../shared/corpus-real.

    python3 tests/eval/make_judgments.py [--corpus ../shared/corpus-real] [--out tests/eval]

Deterministic: every choice is ordered by a SHA-256 of SEED and a key, never by `random`, so a
re-run over the same corpus and gazetteer writes byte-identical files. See tests/eval/README.md
for what each file holds and why.

Licence rule: query text is taken ONLY from the UN Parallel Corpus documents (collection `unpc`:
free use, acknowledge the UN, cite Ziemski et al., LREC 2016) and, in pasted.tsv only, from UN General
Debate Corpus speeches (collection `ungdc`: CC0; cite Jankin, Baturo, Dasandi, United Nations General
Debate Corpus, Harvard Dataverse, doi:10.7910/DVN/0TJX8Y). The SaudiNewsNet articles (not
redistributable) may appear as relevant *paths*, never as text. No corpus text is written other than
the query strings themselves.
"""

import argparse
import hashlib
import json
import os
import re
import sys
import unicodedata

SEED = "statement-archive-eval-v1"
# Share of UNPC parallel groups held out for evaluation (hash bucket < HELDOUT_PERCENT).
HELDOUT_PERCENT = 50
SENTENCES_PER_DIRECTION = 100
SENTENCE_DIRECTIONS = [("en", "ar"), ("en", "ru"), ("ar", "en"), ("ru", "en")]
MIN_SENTENCE_CHARS, MAX_SENTENCE_CHARS = 40, 300
NAMES_PER_TARGET = 30
MAX_PEOPLE_PER_TARGET = 15
# pasted.tsv: per language, (collection, documents) in output order. Only these two collections may
# give query text (see the licence rule above); never `saudinewsnet`.
PASTED_SOURCES = {
    "en": [("unpc", 50), ("ungdc", 50)],
    "ar": [("unpc", 100)],
    "ru": [("unpc", 100)],
}
PASTED_COLLECTIONS = ("unpc", "ungdc")
PASTED_MIN_WORDS = 6  # words with at least one letter
PASTED_MIN_LETTER_SHARE = 0.75  # letters among the non-space characters: skips number and symbol runs

# (a phrase as a user would type it, a regex over the folded text that finds it and its
# inflected forms). English and Arabic patterns are the folded phrase itself; Russian ones use a
# stem prefix per inflected word.
PHRASES = {
    "en": [
        ("outer space", r"outer space"),
        ("nuclear weapons", r"nuclear weapons?"),
        ("arms race", r"arms race"),
        ("chemical weapons", r"chemical weapons?"),
        ("non-proliferation", r"non-?proliferation"),
        ("nuclear disarmament", r"nuclear disarmament"),
        ("Security Council", r"security council"),
        ("sanctions", r"sanctions"),
        ("peacekeeping", r"peacekeeping"),
        ("terrorism", r"terrorism"),
        ("weapons of mass destruction", r"weapons of mass destruction"),
        ("biological weapons", r"biological weapons?"),
        ("small arms", r"small arms"),
        ("ballistic missiles", r"ballistic missiles?"),
        ("peaceful uses of nuclear energy", r"peaceful uses? of nuclear energy"),
        # the English versions of UN documents mostly write the abbreviation, which is the same
        # organisation (the Russian query is the abbreviation МАГАТЭ itself)
        ("International Atomic Energy Agency", r"(?:international atomic energy agency|iaea)"),
        ("nuclear-weapon-free zone", r"nuclear[- ]weapons?[- ]free zones?"),
        ("Conference on Disarmament", r"conference on disarmament"),
        ("safeguards", r"safeguards"),
        ("humanitarian consequences", r"humanitarian consequences"),
        ("nuclear test", r"nuclear tests?"),
    ],
    "ar": [
        ("الأسلحة النووية", r"الاسلحه النوويه"),
        ("الفضاء الخارجي", r"الفضاء الخارجي"),
        ("نزع السلاح", r"نزع السلاح"),
        ("الأسلحة الكيميائية", r"الاسلحه الكيميائيه"),
        ("عدم الانتشار", r"عدم الانتشار"),
        ("سباق التسلح", r"سباق التسلح"),
        ("مجلس الأمن", r"مجلس الامن"),
        ("الجزاءات", r"الجزاءات"),
        ("حفظ السلام", r"حفظ السلام"),
        ("الإرهاب", r"الارهاب"),
        ("أسلحة الدمار الشامل", r"اسلحه الدمار الشامل"),
        ("الأسلحة البيولوجية", r"الاسلحه البيولوجيه"),
        ("الأسلحة الصغيرة", r"الاسلحه الصغيره"),
        ("القذائف التسيارية", r"القذائف التسياريه"),
        ("الطاقة النووية", r"الطاقه النوويه"),
        ("الوكالة الدولية للطاقة الذرية", r"الوكاله الدوليه للطاقه الذريه"),
        ("منطقة خالية من الأسلحة النووية", r"منطقه خاليه من الاسلحه النوويه"),
        ("مؤتمر نزع السلاح", r"مؤتمر نزع السلاح"),
        ("الضمانات", r"الضمانات"),
        ("العواقب الإنسانية", r"العواقب الانسانيه"),
        ("التجارب النووية", r"التجارب النوويه"),
    ],
    "ru": [
        ("ядерное оружие", r"ядерн\w* оружи\w*"),
        ("космическое пространство", r"космическ\w* пространств\w*"),
        ("разоружение", r"разоружени\w*"),
        ("химическое оружие", r"химическ\w* оружи\w*"),
        ("нераспространение", r"нераспространени\w*"),
        ("гонка вооружений", r"гонк\w* вооружени\w*"),
        ("Совет Безопасности", r"совет\w* безопасности"),
        ("санкции", r"санкци\w*"),
        ("поддержание мира", r"поддержани\w* мира"),
        ("терроризм", r"терроризм\w*"),
        ("оружие массового уничтожения", r"оружи\w* массового уничтожения"),
        ("биологическое оружие", r"биологическ\w* оружи\w*"),
        ("стрелковое оружие", r"стрелков\w* оружи\w*"),
        ("баллистические ракеты", r"баллистическ\w* ракет\w*"),
        ("ядерная энергия", r"ядерн\w* энерги\w*"),
        ("МАГАТЭ", r"магатэ"),
        ("зона, свободная от ядерного оружия", r"зон\w*,? свободн\w* от ядерного оружия"),
        ("Конференция по разоружению", r"конференци\w* по разоружению"),
        ("гарантии", r"гаранти\w*"),
        ("гуманитарные последствия", r"гуманитарн\w* последстви\w*"),
        ("ядерные испытания", r"ядерн\w* испытани\w*"),
    ],
}

ARABIC_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")  # tashkeel, dagger alef, tatweel
SENTENCE_END = re.compile(r"(?<=[.!?؟])\s+|\n+")
WORD = re.compile(r"\w+")
# A paragraph number or list letter in front of a sentence ("11 - ", "١٠ - ", "6. ", "(a) "): a
# reader pasting the sentence leaves it out.
LEADING_NUMBER = re.compile(r"^(?:[0-9٠-٩]+|[a-zа-я]|[ivx]+)\s*[-.)–]\s+|^\([0-9a-zа-я]+\)\s+")
# Headings (titles, agenda lines, "Letter dated …") carry no final punctuation, and the corpus
# strips many of them as boilerplate, so only full sentences are taken.
SENTENCE_FINAL = (".", ";", "!", "?", "؟", "؛")
# Words whose final period is not a sentence end ("Mr. President", "(см. приложение)", "5 млн. долл.").
# A sentence that ends in one is cut short, and the next piece starts mid-sentence. Single letters
# (initials) and dotted abbreviations ("U.S.", "т.е.") count too (see ends_in_abbreviation).
ABBREVIATIONS = frozenset(
    "mr mrs ms messrs dr prof st no nos art arts para paras vol p pp ch sect fig op cit ibid cf vs etc "
    "inc co ltd jr sr gen col lt hon rev amb jan feb mar apr jun jul aug sep sept oct nov dec approx "
    "см г гг т тт д др пп п ст стр рис ок прим млн млрд тыс долл руб им ул гос г-н г-жа англ франц".split()
)
# Mis-decoded UTF-8 ("â€œ") and stray control or format characters: not text a reader would paste.
GARBLED = re.compile("â€|Ã.|\ufffd|[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060\ufeff]")
# SENTENCE_FINAL split in two: what ends a sentence, and what ends a list item (a clause when the
# line goes on).
SENTENCE_STOP, ITEM_STOP = (".", "!", "?", "؟"), (";", "؛")
assert set(SENTENCE_STOP + ITEM_STOP) == set(SENTENCE_FINAL)
# List markers and section numbers left after LEADING_NUMBER: "• ", "- ", ":: ", "(أ) ", "19.25 ", "19-25 ".
PASTED_MARKER = re.compile(r"^(?:[•·*:\-–—]+\s*|\([\u0621-\u064a]{1,2}\)\s+|[0-9]+(?:[.\-][0-9]+)+\s+)")
# How a pasted sentence may begin: a capital (Arabic: a letter), a number followed by a space or
# punctuation ("23 января", "30 March:"), or an opening quote before one of those.
PASTED_START = {
    "en": re.compile(r'^(?:["“]|<<|«)?(?:[A-Z]|[0-9][0-9,./]*[\s:])'),
    "ru": re.compile(r'^(?:["“]|<<|«)?(?:[А-ЯЁA-Z]|[0-9][0-9,./]*[\s:])'),
    "ar": re.compile(r'^(?:["“]|<<|«)?(?:[\u0621-\u064a]|[0-9٠-٩][0-9٠-٩,./]*[\s:])'),
}
# A line break inside a sentence of a printed speech: the next line starts with a lowercase word and
# the line does not end in a hyphen ("non-\nproliferation" would become "non- proliferation").
LINE_WRAP = re.compile(r"(?<=[^\s-])[^\S\n]*\n(?=[^\S\n]*[a-zа-яё])")
# A UN job number ("17-29395") is a page header of a printed speech run into the text.
JOB_NUMBER = re.compile(r"(?<![\w-])[0-9]{2}-[0-9]{5}(?![\w-])")
BRACKET_PAIRS = (("(", ")"), ("[", "]"), ("«", "»"), ("<<", ">>"), ("“", "”"))
RU_ENDINGS = (
    "(?:а|я|у|ю|е|и|ы|о|й|ь|ой|ей|ом|ем|ым|им|ов|ев|ах|ях|ам|ям|ами|ями|ых|их|ого|его|ому|ему"
    "|ая|яя|ое|ее|ую|юю|ия|ии|ию|ией)?"
)


def key_hash(*parts):
    return hashlib.sha256("\x1f".join((SEED,) + parts).encode("utf-8")).hexdigest()


def is_heldout(group):
    """The evaluation split: groups whose seeded hash falls below HELDOUT_PERCENT."""
    return int(key_hash("split", group)[:8], 16) % 100 < HELDOUT_PERCENT


def fold(text, lang):
    """Lowercase, whitespace collapsed; Arabic: marks dropped, أإآٱ→ا, ة→ه, ى→ي; Russian: ё→е."""
    text = unicodedata.normalize("NFC", text).lower()
    if lang == "ar":
        text = ARABIC_MARKS.sub("", text)
        text = re.sub("[أإآٱ]", "ا", text).replace("ة", "ه").replace("ى", "ي")
        text = text.replace("ی", "ي").replace("ک", "ك")
    elif lang == "ru":
        text = text.replace("ё", "е")
    return re.sub(r"\s+", " ", text)


def one_line(text):
    return re.sub(r"\s+", " ", text).strip()


def load_corpus(corpus):
    docs = []
    with open(os.path.join(corpus, "metadata.jsonl"), encoding="utf-8") as f:
        for line in f:
            if line.strip():
                docs.append(json.loads(line))
    for doc in docs:
        with open(os.path.join(corpus, doc["file"]), encoding="utf-8") as f:
            doc["text"] = unicodedata.normalize("NFC", f.read())
        doc["folded"] = fold(doc["text"], doc["lang"])
    return docs


def unpc_groups(docs):
    groups = {}
    for doc in docs:
        if doc.get("collection") == "unpc" and doc.get("parallel_group"):
            groups.setdefault(doc["parallel_group"], {})[doc["lang"]] = doc
    return {g: v for g, v in groups.items() if {"en", "ar", "ru"} <= v.keys()}


def first_sentence(doc, same_lang_texts):
    """The first full sentence (final punctuation; a leading paragraph number dropped) of 40-300
    characters with at least five words that no other document of the same language contains (a
    boilerplate line would have many right answers)."""
    for raw in SENTENCE_END.split(doc["text"]):
        sentence = LEADING_NUMBER.sub("", one_line(raw))
        if not sentence.endswith(SENTENCE_FINAL):
            continue
        if not MIN_SENTENCE_CHARS <= len(sentence) <= MAX_SENTENCE_CHARS:
            continue
        if len(WORD.findall(sentence)) < 5:
            continue
        if any(sentence in t for f, t in same_lang_texts if f != doc["file"]):
            continue
        return sentence
    return None


def ends_in_abbreviation(sentence):
    """Whether the final period belongs to an abbreviation or an initial rather than ending the
    sentence ("… Mr.", "… (см.", "… U.S.", "… J.")."""
    if not sentence.endswith("."):
        return False
    word = sentence.split()[-1].lstrip("(\"'“«<[").lower()[:-1]
    return word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()) or "." in word


def full_sentences(text, lang):
    """The whole sentences among the pieces of the script's sentence split (SENTENCE_END), in order.

    The printed UNGDC speeches wrap lines mid-sentence and carry page headers, so before the split a
    line break followed by a lowercase word is joined (LINE_WRAP; UNPC paragraphs have no line
    breaks). A piece starts a sentence when it opens a paragraph (blank line) or follows a piece
    ending in `. ! ? ؟` that is not an abbreviation ("Mr.", "см."); any other piece is the tail of a
    sentence cut by a wrap or a header. It ends one in `. ! ? ؟` (not an abbreviation), or in `; ؛`
    when it closes its paragraph (a list item of a resolution; inside a paragraph `;` is a clause).
    Leading paragraph numbers and list markers are dropped, after which the sentence must start with
    a capital (any letter in Arabic), a number or an opening quote."""
    for paragraph in re.split(r"\n[^\S\n]*\n", text.replace("\ufeff", "")):
        paragraph = LINE_WRAP.sub(" ", paragraph)
        pieces = [p for p in (one_line(raw) for raw in SENTENCE_END.split(paragraph)) if p]
        starts = True
        for i, piece in enumerate(pieces):
            ends_sentence = piece.endswith(SENTENCE_STOP) and not ends_in_abbreviation(piece)
            ends_item = piece.endswith(ITEM_STOP) and i == len(pieces) - 1
            if starts and (ends_sentence or ends_item):
                sentence = PASTED_MARKER.sub("", LEADING_NUMBER.sub("", piece))
                if PASTED_START[lang].match(sentence):
                    yield sentence
            starts = ends_sentence


def pasteable(sentence):
    """A sentence a reader would paste: 40-300 characters, at least six words with letters, mostly
    letters (not a run of numbers or symbols), brackets and quotes balanced (a piece cut at
    "(см." is not a sentence), no garbled or control characters and no page header."""
    if not MIN_SENTENCE_CHARS <= len(sentence) <= MAX_SENTENCE_CHARS:
        return False
    if GARBLED.search(sentence) or JOB_NUMBER.search(sentence):
        return False
    if sum(1 for w in WORD.findall(sentence) if not w.isdigit() and any(c.isalpha() for c in w)) < PASTED_MIN_WORDS:
        return False
    solid = sentence.replace(" ", "")
    if sum(c.isalpha() for c in solid) < PASTED_MIN_LETTER_SHARE * len(solid):
        return False
    if any(sentence.count(a) != sentence.count(b) for a, b in BRACKET_PAIRS) or sentence.count('"') % 2:
        return False
    return True


def pasted_sentence(doc, same_lang_docs):
    """One sentence from anywhere in the document: its pasteable full sentences are ordered by a
    seeded hash, and the first that no other document of the same language contains (compared on
    folded text) is taken. None when there is no such sentence."""
    candidates = sorted(
        {s for s in full_sentences(doc["text"], doc["lang"]) if pasteable(s)},
        key=lambda s: key_hash("pasted", doc["file"], s),
    )
    for sentence in candidates:
        folded = fold(sentence, doc["lang"])
        if not any(folded in d["folded"] for d in same_lang_docs if d["file"] != doc["file"]):
            return sentence
    return None


def make_pasted(docs):
    """pasted.tsv: a sentence pasted from a statement, searched in its own language; relevant = the
    statement itself. UNPC documents come only from held-out groups, as in sentences.tsv."""
    sections = []
    for lang, sources in PASTED_SOURCES.items():
        same_lang = [d for d in docs if d["lang"] == lang]
        rows = []
        for collection, count in sources:
            assert collection in PASTED_COLLECTIONS, collection
            pool = [
                d for d in same_lang
                if d.get("collection") == collection
                and (collection != "unpc" or is_heldout(d["parallel_group"]))
            ]
            picked = 0
            for doc in sorted(pool, key=lambda d: key_hash("pasted", lang, d["file"])):
                if picked == count:
                    break
                sentence = pasted_sentence(doc, same_lang)
                if sentence is None:
                    continue
                assert fold(sentence, lang) in doc["folded"], doc["file"]
                rows.append((sentence, lang, [doc["file"]]))
                picked += 1
            if picked < count:
                sys.exit(f"only {picked} {lang} {collection} documents give a pasted sentence, {count} wanted")
        sections.append((f"{lang} pasted", rows))
    return sections


def make_sentences(groups, docs):
    by_lang = {}
    for doc in docs:
        by_lang.setdefault(doc["lang"], []).append((doc["file"], one_line(doc["text"])))
    heldout = sorted(g for g in groups if is_heldout(g))
    rows = []
    for src, tgt in SENTENCE_DIRECTIONS:
        order = sorted(heldout, key=lambda g: key_hash("sentences", src, tgt, g))
        picked = 0
        for group in order:
            if picked == SENTENCES_PER_DIRECTION:
                break
            sentence = first_sentence(groups[group][src], by_lang[src])
            if sentence is None:
                continue
            rows.append((sentence, tgt, [groups[group][tgt]["file"]], f"{src}→{tgt} {group}"))
            picked += 1
        if picked < SENTENCES_PER_DIRECTION:
            sys.exit(f"only {picked} held-out groups give a {src} sentence; lower HELDOUT or the count")
    return rows, heldout


def complete(paths):
    """Every relevant path, sorted. Relevant sets are never capped: a relevant document left
    out of a capped set would count as a miss wherever it ranks, and precision would mean nothing."""
    return sorted(set(paths))


def make_phrases(groups):
    rows = []
    for lang, phrases in PHRASES.items():
        for phrase, pattern in phrases:
            regex = re.compile(r"(?<!\w)" + pattern + r"(?!\w)" if lang == "en" else pattern)
            hit_groups = [g for g, v in sorted(groups.items()) if regex.search(v[lang]["folded"])]
            for target in ("en", "ar", "ru"):
                if target == lang or not hit_groups:
                    continue
                relevant = complete(groups[g][target]["file"] for g in hit_groups)
                rows.append((phrase, target, relevant, f"{lang}→{target}, in {len(hit_groups)} groups"))
    return rows


def load_gazetteer(path):
    actors = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) < 4:
                continue
            actor_id, kind, lang, name = cols[:4]
            flag = cols[4] if len(cols) > 4 else ""
            actor = actors.setdefault(actor_id, {"kind": kind, "names": []})
            actor["names"].append((lang, name, flag))
    return actors


def alias_regex(alias, lang):
    """A whole-word pattern for an alias in folded text. Arabic allows attached proclitics
    (و ف ب ل ك and pairs, لل for names with the article); Russian lets words of five or more
    letters end in any case ending (stem = word minus its last two letters)."""
    folded = fold(alias, lang)
    if lang == "ar":
        body = re.escape(folded)
        if folded.startswith("ال"):
            body = f"(?:{body}|لل{re.escape(folded[2:])})"
        return re.compile(r"(?<!\w)(?:[وفبلك]|و[بلك]|ف[بلك])?" + body + r"(?!\w)")
    words = []
    for word in folded.split(" "):
        if len(word) >= 5 and word.isalpha():
            # Drop a final vowel, й or ь (Россия → росси, Захарова → захаров), then allow one
            # case ending from a fixed list: "Путин" must not find "пути", nor "Ширак" "широкий".
            stem = word[:-1] if word[-1] in "аяйьеыиоу" else word
            words.append(re.escape(stem) + RU_ENDINGS)
        else:
            words.append(re.escape(word))
    return re.compile(r"(?<!\w)" + " ".join(words) + r"(?!\w)")


def make_names(docs, gazetteer_path):
    actors = load_gazetteer(gazetteer_path)
    catalog_names = {}
    for actor_id, actor in actors.items():
        for lang, name, _ in actor["names"]:
            if lang in ("en", "ar", "ru"):
                catalog_names.setdefault(fold(name, lang), set()).add(actor_id)
    rows = []
    for target in ("ar", "ru"):
        target_docs = [d for d in docs if d["lang"] == target]
        candidates = {"person": [], "state": []}
        for actor_id in sorted(actors):
            actor = actors[actor_id]
            if actor["kind"] not in candidates:
                continue
            english = [n for lang, n, flag in actor["names"] if lang == "en" and flag != "exact"]
            if not english or not re.fullmatch(r"[A-Za-z .'\-]+", english[0]):
                continue
            patterns = [alias_regex(n, target) for lang, n, flag in actor["names"] if lang == target and flag == ""]
            relevant = [
                d["file"]
                for d in target_docs
                if any(p.search(d["folded"]) for p in patterns)
                or any(actor_id in catalog_names.get(fold(a, target), ()) or
                       actor_id in catalog_names.get(fold(a, "en"), ()) for a in d.get("actors") or [])
            ]
            if relevant:
                candidates[actor["kind"]].append((english[0], actor_id, relevant))
        people = sorted(candidates["person"], key=lambda c: key_hash("names", target, c[1]))
        people = people[:MAX_PEOPLE_PER_TARGET]
        states = sorted(candidates["state"], key=lambda c: key_hash("names", target, c[1]))
        states = states[: NAMES_PER_TARGET - len(people)]
        for name, actor_id, relevant in sorted(people + states, key=lambda c: c[1]):
            rows.append((name, target, complete(relevant), f"en→{target} {actor_id}"))
    return rows


def write(path, header, rows):
    with open(path, "w", encoding="utf-8") as f:
        f.write(header)
        f.write("query\ttarget_lang\trelevant\n")
        for query, target, relevant, note in rows:
            query = one_line(query)
            assert "\t" not in query and query, note
            f.write(f"# {note}\n{query}\t{target}\t{'|'.join(relevant)}\n")


def write_sections(path, header, sections):
    """Like write, with one comment line per section instead of one per row."""
    with open(path, "w", encoding="utf-8") as f:
        f.write(header)
        f.write("query\ttarget_lang\trelevant\n")
        for title, rows in sections:
            f.write(f"# {title}\n")
            for query, target, relevant in rows:
                query = one_line(query)
                assert "\t" not in query and query, title
                f.write(f"{query}\t{target}\t{'|'.join(relevant)}\n")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(os.path.dirname(here))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=os.path.join(repo, "..", "shared", "corpus-real"))
    parser.add_argument("--gazetteer", default=os.path.join(repo, "data", "gazetteer.tsv"))
    parser.add_argument("--out", default=here)
    args = parser.parse_args()

    docs = load_corpus(args.corpus)
    groups = unpc_groups(docs)
    common = (
        f"# Generated by tests/eval/make_judgments.py (seed {SEED!r}) from corpus-real; do not edit.\n"
        "# Query text is from the United Nations Parallel Corpus v1.0 (UN documents; acknowledge the UN and\n"
        "# cite Ziemski et al., LREC 2016) or written by the team. Columns: query, target language, relevant paths.\n"
    )
    sentences, heldout = make_sentences(groups, docs)
    write(os.path.join(args.out, "sentences.tsv"), common, sentences)
    with open(os.path.join(args.out, "heldout_groups.txt"), "w", encoding="utf-8") as f:
        f.write(f"# UNPC parallel groups held out for evaluation (seed {SEED!r}, {HELDOUT_PERCENT}%).\n")
        f.write("# Nothing learned from parallel text may be learned from these groups.\n")
        f.writelines(g + "\n" for g in heldout)
    # Only the UN documents were judged for phrases (relevance comes from their translations), so
    # the eval leaves other documents (news, speeches) out of the rankings: see src/eval/mod.rs.
    judged = "# Only UNPC documents were judged: others are left out of the rankings.\n#! judged: /unpc-\n"
    write(os.path.join(args.out, "phrases.tsv"), common + judged, make_phrases(groups))
    write(os.path.join(args.out, "names.tsv"), common, make_names(docs, args.gazetteer))
    # The English pasted sentences include UNGDC speeches, whose licence and citation differ.
    ungdc = (
        "# English rows also quote UN General Debate Corpus speeches (CC0; cite Jankin, Baturo, Dasandi,\n"
        "# United Nations General Debate Corpus, Harvard Dataverse, doi:10.7910/DVN/0TJX8Y).\n"
    )
    write_sections(os.path.join(args.out, "pasted.tsv"), common + ungdc, make_pasted(docs))
    print(f"{len(groups)} UNPC groups, {len(heldout)} held out; wrote {args.out}")


if __name__ == "__main__":
    main()
