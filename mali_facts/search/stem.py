"""Word forms: SQLite FTS5's ``porter`` tokenizer as the stemmer.

The Porter stemmer that ships with every SQLite (FTS5's ``porter`` tokenizer) is
asked through a temporary FTS5 table and its ``fts5vocab`` instance view, so the
stems are exactly FTS5's and no stemmer of our own (or new dependency) is needed.
A query term's other forms are the vocabulary terms whose stem is related to
its own (:func:`related`). Porter only rewrites the end of a word (at most its
last three letters differ from the word's), so they are found among the
vocabulary terms that begin with :func:`prefix` of the stem: a few dozen words
are stemmed per query term, and nothing at indexing time.
"""

from __future__ import annotations

import sqlite3
from typing import Dict, Iterable

# A stem one letter longer than another, both at least this long, is the same
# word: Porter leaves "complaint" (complaints) and "complain" (complained) apart.
EXTENSION_MIN = 6


def stems(conn: sqlite3.Connection, words: Iterable[str]) -> Dict[str, str]:
    """``word -> stem`` for folded single-token ``words``, by FTS5's porter tokenizer.

    >>> conn = sqlite3.connect(":memory:")
    >>> s = stems(conn, ["arrests", "arrested", "africans", "complained", "co"])
    >>> [s[w] for w in ("arrests", "arrested", "africans", "complained", "co")]
    ['arrest', 'arrest', 'african', 'complain', 'co']
    """
    words = list(dict.fromkeys(words))
    if not words:
        return {}
    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.stemmer USING "
                 "fts5(w, tokenize='porter unicode61 remove_diacritics 0')")
    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.stemmer_terms USING "
                 "fts5vocab(temp, stemmer, instance)")
    conn.execute("DELETE FROM temp.stemmer")
    conn.executemany("INSERT INTO temp.stemmer(rowid, w) VALUES (?, ?)", enumerate(words, 1))
    out = {words[doc - 1]: term for term, doc in conn.execute(
        "SELECT term, doc FROM temp.stemmer_terms WHERE offset = 0")}
    conn.execute("DELETE FROM temp.stemmer")
    return {w: out.get(w, w) for w in words}


def related(a: str, b: str) -> bool:
    """Are two stems forms of one word?

    >>> related("arrest", "arrest"), related("complain", "complaint"), related("coup", "coupl")
    (True, True, False)
    """
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    return len(short) >= EXTENSION_MIN and len(long_) == len(short) + 1 and long_.startswith(short)


def prefix(stem: str) -> str:
    """What every word with a stem :func:`related` to ``stem`` begins with.

    >>> prefix("complain"), prefix("coup"), prefix("us")
    ('compl', 'cou', 'us')
    """
    return stem[:max(min(len(stem), 3), len(stem) - 3)]
