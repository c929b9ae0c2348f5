"""The Chinese analyzer: one normalisation and one tokenisation for documents and queries alike.

Pure Python plus OpenCC; no Django, no Tantivy. The index, the search page, the API and the
relevance set all go through this module, so what a query looks for is by construction what a
document was indexed under.

Normalisation (`normalize`)
---------------------------
1. Lone surrogates become U+FFFD; invisible format characters (soft hyphen, zero-width space and
   joiners, word joiner, BOM) are deleted, so "户\\u200b口" is "户口".
2. NFKC: full-width letters and digits (Ｃ１, ２０１６) become ASCII, （）［］﹝﹞ become ()[]〔〕,
   compatibility ideographs and Kangxi radicals become the unified ideographs, ⑤ becomes 5.
3. Traditional → Simplified with OpenCC's ``t2s`` (the OpenCC standard): 戶口遷移 → 户口迁移,
   護照 → 护照, 號 → 号, 乾燥 → 干燥 but 乾隆 stays. Then `EXTRA_CONVERSIONS`, for Taiwan words
   that t2s keeps: 身分证 → 身份证. Why t2s and not tw2sp: tw2sp also swaps regional vocabulary
   (計程車 → 出租车, 軟體 → 软件, 網路 → 网络), so a Traditional query would no longer find the
   same word written in Simplified (计程车), and 245 entries of its phrase table change lengths
   (肯亞 → 肯尼亚); every entry of t2s's dictionaries maps a string to one of the same length,
   which keeps offsets exact.
4. Lowercase.

Tokens (`tokens`, `document_fields`)
------------------------------------
On the normalised text:

* A *Han run* is a sequence of Han characters (CJK ideographs incl. extensions, compatibility
  block and 〇) with nothing but whitespace, the enumeration comma 、 or a middle dot (· ・)
  between them: layout spaces and line breaks of extracted PDF text do not split a word
  ("户 口\\n迁移" is the run 户口迁移), and "谁公开、谁审查" is found by 谁公开谁审查 and the
  other way round (`RUN_JOINERS`). Other punctuation, Latin letters and digits end a run.
* A *Latin word* is a run of ``[a-z0-9]`` ("c1", "5g", "110", "2016"), cut to `MAX_WORD_LENGTH`
  characters. Hyphens, apostrophes, dots and slashes separate words (e-mail → e, mail). Letters
  of other scripts (é, Greek, kana, Hangul) are not indexed.
* A *document number* (明公〔2016〕5号 and its spellings, see below) gives canonical tokens in
  addition to its ordinary tokens.

The tokens go to three streams ("fields" of `Token`), each with its own positions 0, 1, 2, … in
text order:

``words``  (positions matter) — for each Han run of two or more characters its bigrams, for a
           one-character run that character, and every Latin word, all in text order. So the
           bigrams of a run sit at consecutive positions, and a Latin word sits right beside
           the Han run next to it whether or not a space separates them: "C1驾照考试" and
           "C1 驾照考试" both give ``c1 驾照 照考 考试``.
``chars``  (positions unused) — every Han character, in text order.
``docnos`` (positions unused) — canonical document numbers ``docno:<prefix><year>-<number>``.
           Colons never occur in the other streams, so these cannot collide with a word.

Document numbers: an issuer prefix of Han characters, a bracket (〔〕 [] () （） 【】 〖〗 ﹝﹞, any
open with any close), a year 19xx/20xx, the bracket, an optional 第, a number, 号; spaces allowed
between the parts; full-width digits and 號 are normalised first. 明公〔2016〕第05号 gives
``docno:明公2016-5``. The prefix is not delimited in running text ("根据明公〔2016〕5号"), so a
document gives one token for every suffix of the up to `DOCNO_PREFIX_LENGTH` Han characters
before the bracket (whitespace between them ignored): ``docno:2016-5``, ``docno:公2016-5``,
``docno:明公2016-5``, ``docno:据明公2016-5``, ``docno:根据明公2016-5``. A query gives exactly one:
the Han characters directly before the bracket within its own word (``明公〔2016〕5号`` →
``docno:明公2016-5``; ``〔2016〕5号`` alone → ``docno:2016-5``, any issuer).

How an index stores the tokens
------------------------------
`document_fields(text)` returns ``{"words": "...", "chars": "...", "docnos": "..."}``: each stream
as its tokens joined by single spaces, in position order. No token contains whitespace, so
Tantivy's ``whitespace`` tokenizer (no lowercasing, no stemming; everything is already done here)
gives back exactly these tokens at positions 0, 1, 2, … — the positions of `tokens`. For every
searchable source (title; body and attachment text) the index has the three text fields, e.g.::

    builder.add_text_field("title_words", tokenizer_name="whitespace", index_option="position")
    builder.add_text_field("title_chars", tokenizer_name="whitespace", index_option="freq")
    builder.add_text_field("title_docnos", tokenizer_name="whitespace", index_option="freq")
    (same for "body_…")

and adds ``document_fields(title)[stream]`` to ``title_<stream>``. Several texts (body, then each
attachment) may be added as several values of one field: Tantivy leaves a position gap between
values, so no phrase spans two of them (checked in tests/search/test_analyzer.py). Only
``words`` needs positions; ``chars`` and ``docnos`` hold only terms looked up alone, so ``freq``
saves the position lists of the largest postings (one-character words such as 车 or 证).
`tokens(text)` gives the same tokens as `Token` tuples with offsets into the original text. An
OpenSearch backend maps the same strings into ``whitespace``-analysed fields.

Queries (`parse_query`) and how they map to Tantivy
---------------------------------------------------
A query is split into *words* at whitespace and punctuation (a hyphen, apostrophe, dot or slash
between two letters/digits keeps "e-mail" or "v1.2" one word). Quoted text — "…", “…”, 「…」 or
『…』 — is one segment however many spaces it has. Document numbers are taken out first. Every
word, quoted segment and document number gives `Clause` objects, and ALL clauses must match:

* one Han character (车) → ``Clause("chars", ("车",))``, a term;
* two Han characters (户口) → ``Clause("words", ("户口",))``, the bigram as a term;
* three or more (户口迁移) → ``Clause("words", ("户口", "口迁", "迁移"))``, a phrase of the
  bigrams: they must be consecutive, so 户口 … 迁移 far apart does not match;
* a Latin word (110, 5g) → a term in ``words``; "e-mail" → the phrase (e, mail);
* a mixed word (C1驾照) → the phrase of its ``words`` tokens (c1, 驾照): matches "C1驾照" and
  "C1 驾照", not "C1驾驶证". A one-character Han part at either end (5G车, 第5号) cannot be a
  phrase term — in a document that character may be the end or start of a longer run
  (5G车辆) — so it becomes its own ``chars`` term and the rest stays a phrase (5g AND 车);
* a quoted segment → the same as a mixed word, over the whole segment: “谁公开、谁审查” →
  the phrase (谁公, 公开, 开谁, 谁审, 审查), as 、 joins a run;
* a document number → ``Clause("docnos", ("docno:明公2016-5",))``, a term.

Mapping, for an index with the fields above (``schema``; boosts are the index's choice)::

    def clause_query(clause, source):          # source: "title" or "body"
        field = f"{source}_{clause.field}"
        if len(clause.terms) == 1:             # tantivy panics on a one-term phrase
            return Query.term_query(schema, field, clause.terms[0], index_option="freq")
        return Query.phrase_query(schema, field, list(clause.terms))

    Query.boolean_query([
        (Occur.Must, Query.boolean_query([
            (Occur.Should, Query.boost_query(clause_query(c, "title"), TITLE_BOOST)),
            (Occur.Should, clause_query(c, "body")),
        ]))
        for c in query.clauses
    ])

i.e. each clause must match in the title or in the body (a phrase within one field), and BM25
adds up the matches. Filters (kind, topic, unit, …) are further ``Occur.Must`` clauses.

Snippets: `find_spans(original_text, query)` gives the (start, end) offsets in the ORIGINAL text
(Traditional, full-width, with layout spaces — whatever it was) of what the query's clauses
match, by tokenising that text with an offset map; `highlight_terms(query)` gives the normalised
surface of each clause, for showing what was searched for. find_spans runs at about a million
characters a second: give it the title and a bounded part of the body (the first few thousand
characters, or the stored text around the best field), not every attachment of every hit.

Errors: `parse_query` raises only `QueryError` (a ValueError with a Chinese message and a
``code``): empty after normalisation, longer than `MAX_QUERY_LENGTH` characters, or without any
searchable token. `tokens` and `document_fields` never raise for any ``str``.

Longer than the house limit (a third of it this specification): documents and queries must be cut
by the same code, so its normalisation, offsets and tokens stay in one module.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from itertools import chain, repeat
from operator import add
from typing import NamedTuple

import opencc

__all__ = [
    "CHARS",
    "DOCNOS",
    "DOCNO_PREFIX_LENGTH",
    "EXTRA_CONVERSIONS",
    "FIELDS",
    "HAN_CLASS",
    "MAX_QUERY_LENGTH",
    "MAX_WORD_LENGTH",
    "WORDS",
    "Clause",
    "Query",
    "QueryError",
    "Token",
    "document_fields",
    "find_spans",
    "highlight_terms",
    "normalize",
    "parse_query",
    "tokens",
]

WORDS = "words"
CHARS = "chars"
DOCNOS = "docnos"
FIELDS = (WORDS, CHARS, DOCNOS)

MAX_QUERY_LENGTH = 100  # characters of the query as typed, surrounding whitespace excluded
MAX_WORD_LENGTH = 40  # a longer Latin word is cut to this, in documents and queries alike
DOCNO_PREFIX_LENGTH = 8  # Han characters before the bracket considered as an issuer prefix

OPENCC_CONFIG = "t2s"
# Taiwan words that t2s leaves as they are, applied after it. Same length on both sides (offsets).
EXTRA_CONVERSIONS = {"身分证": "身份证"}

# Han characters: 〇, CJK ext. A, unified, compatibility block, planes 2–3 (ext. B–I, compat. suppl.).
_HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
HAN_CLASS = _HAN  # for a regex character class elsewhere (snippets)
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_DELETE_INVISIBLE = dict.fromkeys(map(ord, _INVISIBLE))

_SURROGATE_RE = re.compile("[\ud800-\udfff]")
_HAN_RE = re.compile(f"[{_HAN}]")
# A Han run (whitespace inside allowed) or a Latin word; possessive, so no backtracking.
# Enumeration comma and middle dots join the Han characters around them into one run: the slogan
# "谁公开、谁审查" is often typed "谁公开谁审查", and a transliterated name "阿卜杜·热合曼" without the dot.
RUN_JOINERS = "、·・"
_RUN_GAP_RE = re.compile(rf"[\s{RUN_JOINERS}]+")
_TOKEN_RE = re.compile(rf"[{_HAN}](?:[\s{RUN_JOINERS}]*+[{_HAN}])*+|[a-z0-9]++")
# A query word: Latin compounds (e-mail, v1.2) and Han runs with nothing between them.
_WORD_RE = re.compile(rf"(?:[a-z0-9]++(?:[-'’._/][a-z0-9]++)*+|[{_HAN}]++)++")
_DOCNO_RE = re.compile(
    r"[〔\[(【〖]\s*+((?:19|20)[0-9]{2})\s*+[〕\])】〗]\s*+(?:第\s*+)?([0-9]{1,8})\s*+号"
)
_QUOTE_RE = re.compile(r'"([^"]*)"|“([^”]*)”|「([^」]*)」|『([^』]*)』')

_converter = opencc.OpenCC(OPENCC_CONFIG)

MESSAGE_EMPTY = "请输入要搜索的内容。"
MESSAGE_TOO_LONG = f"搜索内容过长，请不要超过 {MAX_QUERY_LENGTH} 个字。"
MESSAGE_NO_TERMS = "搜索内容里没有可以检索的汉字、字母或数字，请换个说法再试。"


class QueryError(ValueError):
    """A query that cannot be searched; ``str(error)`` is the message to show, ``code`` says why
    ("empty", "too_long" or "no_terms")."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


class Token(NamedTuple):
    """One token of a document: `text` at `position` in its `field` stream; `start`/`end` are
    offsets into the original (not normalised) text, for highlighting."""

    text: str
    position: int
    field: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Clause:
    """Must match: `terms` at consecutive positions of `field` (one term: a plain term query).
    `surface` is the normalised query text the clause stands for."""

    field: str
    terms: tuple[str, ...]
    surface: str

    @property
    def is_phrase(self) -> bool:
        return len(self.terms) > 1


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query: `text` normalised; every clause must match."""

    text: str
    clauses: tuple[Clause, ...]


class _Stream(NamedTuple):
    texts: list[str]
    starts: list[int]
    ends: list[int]


# --- normalisation ------------------------------------------------------------------------------


def _convert(s: str) -> str:
    s = _converter.convert(s)
    for old, new in EXTRA_CONVERSIONS.items():
        if old in s:
            s = s.replace(old, new)
    return s


def normalize(text: str) -> str:
    """NFKC, Traditional → Simplified, lowercase (see the module docstring)."""
    text = _SURROGATE_RE.sub("\ufffd", text).translate(_DELETE_INVISIBLE)
    return _convert(unicodedata.normalize("NFKC", text)).lower()


class _Pieces(dict):
    """Character → what normalisation makes of it alone ("" for an invisible one); filled on use."""

    def __missing__(self, ch: str) -> str:
        piece = "" if ch in _INVISIBLE else unicodedata.normalize("NFKC", ch)
        self[ch] = piece
        return piece


_PIECES = _Pieces()


@cache
def _cluster_re() -> re.Pattern[str]:
    """A character with the combining marks (and invisible characters) that follow it: the unit
    that NFKC composes, for texts where normalising character by character is not enough."""
    marks = [cp for cp in range(0x110000) if unicodedata.combining(chr(cp))]
    marks += [ord(ch) for ch in _INVISIBLE]
    marks.sort()
    ranges, first, last = [], marks[0], marks[0]
    for cp in marks[1:]:
        if cp == last + 1:
            last = cp
            continue
        ranges.append((first, last))
        first = last = cp
    ranges.append((first, last))
    body = "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in ranges)
    return re.compile(f"(?s).[{body}]*")


def _remap(starts: list[int], ends: list[int], parts: list[str]) -> tuple[list[int], list[int]]:
    return ([st for st, p in zip(starts, parts, strict=True) for _ in p],
            [en for en, p in zip(ends, parts, strict=True) for _ in p])


def _normalize_mapped(text: str) -> tuple[str, list[int], list[int]]:
    """`normalize`, keeping for each normalised character the [start, end) of the original
    characters it came from."""
    text = _SURROGATE_RE.sub("\ufffd", text)
    pieces = list(map(_PIECES.__getitem__, text))
    s = "".join(pieces)
    if s == unicodedata.normalize("NFKC", text.translate(_DELETE_INVISIBLE)):
        # Character by character gives what the whole text gives (no composition, no
        # reordering of marks): each output character maps to the character it came from.
        if len(s) == len(text):
            starts, ends = list(range(len(text))), list(range(1, len(text) + 1))
        else:
            starts = list(chain.from_iterable(map(repeat, range(len(text)), map(len, pieces))))
            ends = list(map((1).__add__, starts))
    else:
        # Combining marks, Hangul jamo and the like: normalise cluster by cluster.
        chunks: list[str] = []
        starts, ends = [], []
        for m in _cluster_re().finditer(text):
            cluster = m.group()
            out = _PIECES[cluster] if len(cluster) == 1 else (
                unicodedata.normalize("NFKC", cluster.translate(_DELETE_INVISIBLE)))
            if out:
                chunks.append(out)
                starts.extend([m.start()] * len(out))
                ends.extend([m.end()] * len(out))
        s = "".join(chunks)
    converted = _convert(s)
    if len(converted) != len(s):
        # Not seen with t2s (every dictionary entry keeps its length); should a dictionary ever
        # change that, convert character by character so the map stays right.
        parts = [_convert(ch) for ch in s]
        starts, ends = _remap(starts, ends, parts)
        converted = "".join(parts)
    lowered = converted.lower()
    if len(lowered) != len(converted):  # e.g. "İ" → "i̇"
        parts = [ch.lower() for ch in converted]
        starts, ends = _remap(starts, ends, parts)
        lowered = "".join(parts)
    return lowered, starts, ends


# --- tokenisation -------------------------------------------------------------------------------


def _bigrams(run: str) -> list[str]:
    return [run] if len(run) == 1 else list(map(add, run[:-1], run[1:]))


def _docno(prefix: str, year: str, number: str) -> str:
    return f"docno:{prefix}{year}-{int(number)}"


def _document_docnos(s: str) -> list[tuple[str, int, int]]:
    """(token, start, end) in `s` for every document number and every suffix of its prefix."""
    found = []
    for m in _DOCNO_RE.finditer(s):
        year, number = m.groups()
        han: list[int] = []  # indexes of the prefix characters, nearest first
        i = m.start() - 1
        while i >= 0 and len(han) < DOCNO_PREFIX_LENGTH:
            ch = s[i]
            if ch.isspace():
                i -= 1
            elif _HAN_RE.match(ch):
                han.append(i)
                i -= 1
            else:
                break
        found.append((_docno("", year, number), m.start(), m.end()))
        for k in range(1, len(han) + 1):
            prefix = "".join(s[j] for j in reversed(han[:k]))
            found.append((_docno(prefix, year, number), han[k - 1], m.end()))
    return found


def document_fields(text: str) -> dict[str, str]:
    """The three token streams of `text`, each as space-joined tokens in position order: what
    an index adds to its whitespace-tokenised fields (see the module docstring)."""
    s = normalize(text)
    words: list[str] = []
    append, extend = words.append, words.extend
    for piece in _TOKEN_RE.findall(s):
        if piece.isascii():  # a Latin word
            append(piece[:MAX_WORD_LENGTH])
        elif len(piece) == 1:
            append(piece)
        else:
            if not piece.isalnum():  # whitespace inside the run (or an unassigned code point)
                piece = _RUN_GAP_RE.sub("", piece)
            extend(_bigrams(piece))
    return {
        WORDS: " ".join(words),
        CHARS: " ".join(_HAN_RE.findall(s)),
        DOCNOS: " ".join(token for token, _, _ in _document_docnos(s)),
    }


def _streams(text: str, fields: frozenset[str] = frozenset(FIELDS)) -> dict[str, _Stream]:
    """Per field (of `fields`): token texts, start and end offsets in `text`, in position order."""
    s, starts, ends = _normalize_mapped(text)
    words, word_starts, word_ends = [], [], []
    chars, char_starts, char_ends = [], [], []
    if WORDS in fields or CHARS in fields:
        for m in _TOKEN_RE.finditer(s):
            a, b = m.span()
            piece = m.group()
            if piece.isascii():  # a Latin word
                words.append(piece[:MAX_WORD_LENGTH])
                word_starts.append(starts[a])
                word_ends.append(ends[b - 1])
                continue
            if piece.isalnum():  # a Han run without whitespace: slices
                chars.extend(piece)
                char_starts.extend(starts[a:b])
                char_ends.extend(ends[a:b])
                if b - a == 1:
                    words.append(piece)
                    word_starts.append(starts[a])
                    word_ends.append(ends[a])
                else:
                    words.extend(map(add, piece[:-1], piece[1:]))
                    word_starts.extend(starts[a:b - 1])
                    word_ends.extend(ends[a + 1:b])
                continue
            # Whitespace inside the run (or a code point not yet assigned, which is not alnum).
            at = [i for i in range(a, b) if not (s[i].isspace() or s[i] in RUN_JOINERS)]
            chars.extend(s[i] for i in at)
            char_starts.extend(starts[i] for i in at)
            char_ends.extend(ends[i] for i in at)
            pairs = list(zip(at, at[1:], strict=False)) or [(at[0], at[0])]
            words.extend(s[i] + s[j] if i != j else s[i] for i, j in pairs)
            word_starts.extend(starts[i] for i, _ in pairs)
            word_ends.extend(ends[j] for _, j in pairs)
    docnos = _document_docnos(s) if DOCNOS in fields else []
    return {
        WORDS: _Stream(words, word_starts, word_ends),
        CHARS: _Stream(chars, char_starts, char_ends),
        DOCNOS: _Stream([token for token, _, _ in docnos], [starts[a] for _, a, _ in docnos],
                        [ends[b - 1] for _, _, b in docnos]),
    }


def tokens(text: str) -> list[Token]:
    """The tokens of a document, with positions per field and offsets into `text`; the same
    tokens as `document_fields`. Listed field by field (words, chars, docnos), each in position
    order."""
    return [Token(token, position, field, start, end)
            for field, stream in _streams(text).items()
            for position, (token, start, end) in enumerate(zip(*stream, strict=True))]


# --- queries ------------------------------------------------------------------------------------


def _query_docnos(s: str) -> list[tuple[str, int, int]]:
    """(token, start, end) of each document number in a query segment: one token, the prefix
    being the Han characters right before the bracket (a space may precede the bracket)."""
    found = []
    for m in _DOCNO_RE.finditer(s):
        year, number = m.groups()
        i = m.start()
        while i > 0 and s[i - 1].isspace():
            i -= 1
        first = i
        while first > 0 and i - first < DOCNO_PREFIX_LENGTH and _HAN_RE.match(s[first - 1]):
            first -= 1
        prefix = s[first:i]
        found.append((_docno(prefix, year, number), first if prefix else m.start(), m.end()))
    return found


def _segment_clauses(segment: str, offset: int, query: str) -> list[Clause]:
    """Clauses of a word or a quoted segment: its ``words`` tokens as one phrase, except a
    one-character Han run at either end, which is a ``chars`` term of its own."""
    groups = []  # (is_han, text, start, end) with start/end in `query`
    for m in _TOKEN_RE.finditer(segment):
        piece = m.group()
        if piece.isascii():
            groups.append((False, piece[:MAX_WORD_LENGTH], offset + m.start(), offset + m.end()))
        else:
            groups.append((True, _RUN_GAP_RE.sub("", piece), offset + m.start(), offset + m.end()))
    clauses = []
    edges = []
    if len(groups) > 1 and groups[0][0] and len(groups[0][1]) == 1:
        edges.append(groups.pop(0))
    if len(groups) > 1 and groups[-1][0] and len(groups[-1][1]) == 1:
        edges.append(groups.pop())
    if len(groups) == 1 and groups[0][0] and len(groups[0][1]) == 1:
        edges.append(groups.pop())
    if groups:
        terms: list[str] = []
        for is_han, text, _, _ in groups:
            terms.extend(_bigrams(text) if is_han else [text])
        clauses.append(Clause(WORDS, tuple(terms), query[groups[0][2]:groups[-1][3]]))
    clauses.extend(Clause(CHARS, (text,), text) for _, text, _, _ in edges)
    return clauses


def _unquoted_clauses(part: str, offset: int, query: str) -> list[Clause]:
    clauses = []
    docnos = _query_docnos(part)
    for token, start, end in docnos:
        clauses.append(Clause(DOCNOS, (token,), part[start:end]))
        part = part[:start] + " " * (end - start) + part[end:]
    for m in _WORD_RE.finditer(part):
        clauses.extend(_segment_clauses(m.group(), offset + m.start(), query))
    return clauses


def _quoted_clauses(inner: str, offset: int, query: str) -> list[Clause]:
    clauses = []
    at = 0
    for token, start, end in _query_docnos(inner):
        clauses.extend(_segment_clauses(inner[at:start], offset + at, query))
        clauses.append(Clause(DOCNOS, (token,), inner[start:end]))
        at = end
    clauses.extend(_segment_clauses(inner[at:], offset + at, query))
    return clauses


def parse_query(text: str) -> Query:
    """Parse what a person typed; raises `QueryError` (and nothing else) if it cannot be searched."""
    if not isinstance(text, str):
        raise QueryError("empty", MESSAGE_EMPTY)
    typed = text.strip()
    if not typed:
        raise QueryError("empty", MESSAGE_EMPTY)
    if len(typed) > MAX_QUERY_LENGTH:
        raise QueryError("too_long", MESSAGE_TOO_LONG)
    s = normalize(typed).strip()
    if not s:
        raise QueryError("empty", MESSAGE_EMPTY)
    clauses: list[Clause] = []
    at = 0
    for m in _QUOTE_RE.finditer(s):
        clauses.extend(_unquoted_clauses(s[at:m.start()], at, s))
        inner = next(g for g in m.groups() if g is not None)
        clauses.extend(_quoted_clauses(inner, m.start() + 1, s))
        at = m.end()
    clauses.extend(_unquoted_clauses(s[at:], at, s))
    unique: dict[tuple[str, tuple[str, ...]], Clause] = {}
    for clause in clauses:
        unique.setdefault((clause.field, clause.terms), clause)
    if not unique:
        raise QueryError("no_terms", MESSAGE_NO_TERMS)
    return Query(text=s, clauses=tuple(unique.values()))


def highlight_terms(query: Query) -> list[str]:
    """The normalised surface of each clause ("户口迁移", "c1驾照", "明公〔2016〕5号"), for showing
    what was searched for. To mark matches in a document's own text use `find_spans`."""
    return list(dict.fromkeys(clause.surface for clause in query.clauses))


def find_spans(original_text: str, query: Query) -> list[tuple[int, int]]:
    """(start, end) offsets in `original_text` of everything the query's clauses match there, by
    the same rules as the index (a Traditional, full-width or spaced-out text is matched by a
    Simplified query); sorted, overlapping and touching spans merged."""
    streams = _streams(original_text, frozenset(clause.field for clause in query.clauses))
    spans = []
    for clause in query.clauses:
        texts, starts, ends = streams[clause.field]
        first, n, terms = clause.terms[0], len(clause.terms), list(clause.terms)
        i = -1
        while True:
            try:
                i = texts.index(first, i + 1)
            except ValueError:
                break
            if n == 1 or texts[i:i + n] == terms:
                spans.append((starts[i], ends[i + n - 1]))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged
