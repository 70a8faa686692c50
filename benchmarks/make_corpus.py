"""Generate a deterministic benchmark corpus: 1,000 documents, about 50 MB, plus claims files.

    python benchmarks/make_corpus.py /tmp/mali-corpus [--docs 1000] [--size-mb 50] [--seed 2020]
                                     [--claims 10000]

The folder must be outside the repository (or git-ignored). The text is synthetic:
Zipf-distributed words drawn from the two seed articles' vocabulary plus invented
words, with the typography of real pages (curly quotes and apostrophes, dashes,
non-breaking spaces, ligatures, numbers). A third of the paragraphs are
hard-wrapped at 76 columns (so phrases break across lines, as in many plain-text
archives); the others are one line each, as text extracted from a web page. Each
document also carries a few real sentences from the seeds.

It writes, in the folder:

- ``docs/doc-NNNN.txt``, the documents;
- ``claims.yaml``: a claim for one planted seed sentence in every 25th document
  (what ``bench_search.py`` searches);
- ``check-1.yaml``: ``--claims`` claims (default 10,000), ten or so per document,
  one quote each, median quote about 180 characters: 91% copied verbatim (half of
  them with ``start``/``end``), 2% with straightened quotes or another case, 1%
  across a line wrap (written with a space), 5% near-miss misquotes (one word
  changed) and 1% fabricated;
- ``check-2.yaml``, ``check-4.yaml``, ``check-8.yaml``, ``check-20.yaml``: the
  same for the first 1/2, 1/4, 1/8 and 1/20 of the documents and their claims
  (1/20 is the issue's "500 claims over 2.5 MB");
- ``expected.json``: the status each claim's quote must get (verified,
  misquoted or not_found);
- ``near-miss.yaml``: as many quotes again, every one a near miss (the worst case
  for the verifier: each one needs the text engine's folding and fuzzy alignment).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEEDS = sorted((REPO / "seeds").glob("*.txt"))
SIZES = (1, 2, 4, 8, 20)  # check-K.yaml: the first 1/K of the documents and their claims


def seed_sentences():
    out = []
    for path in SEEDS:
        for line in path.read_text(encoding="utf-8").splitlines():
            for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", line.strip()):
                if 60 <= len(s) <= 300:
                    out.append(s)
    return out


def vocabulary(rng: random.Random, size: int = 30000):
    words = []
    for path in SEEDS:
        words += re.findall(r"[A-Za-z]{2,}", path.read_text(encoding="utf-8").lower())
    seen = list(dict.fromkeys(words))
    syllables = ["ka", "ti", "ba", "ma", "ko", "se", "lu", "ra", "no", "di", "fa", "gou",
                 "sa", "ne", "ye", "wa", "to", "mi", "da", "ou", "re", "li", "so", "be"]
    invented = set()
    while len(invented) < size - len(seen):
        invented.add("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
    vocab = seen + sorted(invented)
    rng.shuffle(vocab)
    weights = [1.0 / (rank + 1) ** 1.05 for rank in range(len(vocab))]
    return vocab, weights


def typeset(rng: random.Random, words):
    """A synthetic sentence with the typography of a real page."""
    words = list(words)
    r = rng.random()
    if r < 0.15 and len(words) > 4:  # a phrase in curly double quotes
        i = rng.randrange(1, len(words) - 3)
        words[i] = "\u201c" + words[i]
        words[i + 2] = words[i + 2] + "\u201d"
    if rng.random() < 0.15:  # a possessive with a curly apostrophe
        i = rng.randrange(len(words))
        words[i] += "\u2019s"
    if rng.random() < 0.10 and len(words) > 3:  # a spaced em dash
        words.insert(rng.randrange(1, len(words) - 1), "\u2014")
    if rng.random() < 0.15:  # a year, a range or a quantity
        n = rng.choice(["19", "20"]) + f"{rng.randrange(100):02d}"
        words.insert(rng.randrange(len(words)), rng.choice(
            [n, f"{n}\u2013{int(n) + rng.randint(1, 9)}", f"{rng.randint(2, 900)}\u00a0km"]))
    sentence = " ".join(words)
    if rng.random() < 0.05:
        sentence = sentence.replace("fi", "\ufb01", 1)
    return sentence[:1].upper() + sentence[1:] + "."


FABRICATED = ["zu", "xo", "qi", "vy", "jho", "pex", "wug", "zor", "kyv", "quo", "xil", "bez"]


def near_miss(rng: random.Random, quote: str, vocab) -> str:
    """The quote with one word (not the first or the last) changed to another word."""
    words = quote.split(" ")
    inner = [i for i in range(1, len(words) - 1) if words[i].isalpha() and len(words[i]) > 2]
    i = rng.choice(inner) if inner else len(words) // 2
    new = words[i]
    while new.lower() == words[i].lower() or len(new) < 3:
        new = rng.choice(vocab)
    words[i] = new
    return " ".join(words)


def spans(rng: random.Random, paragraph: str, length: int):
    """A quote of about ``length`` characters from ``paragraph``: whole words."""
    starts = [0] + [i + 1 for i, c in enumerate(paragraph) if c in " \n"]
    for _ in range(20):
        a = rng.choice(starts[: max(1, len(starts) * 2 // 3)])
        b = a + length
        if b >= len(paragraph) - 1:
            continue
        while b < len(paragraph) and paragraph[b] not in " \n":
            b += 1
        quote = paragraph[a:b].rstrip(".")
        if quote and quote[0] not in "\u2014" and quote[-1] not in "\u2014":
            return a, a + len(quote)
    return None


def yaml_string(text: str) -> str:
    """A single-quoted YAML scalar: no escapes, so the validated-ledger cache's scan
    reads it (a double-quoted scalar with escapes is validated in full every run)."""
    return "'" + text.replace("'", "''") + "'"


def write_claims(path: Path, sources, claims, header: str) -> None:
    lines = [header, "version: 1", "", "sources:"]
    for sid in sources:
        lines += [f"  - id: {sid}", f"    file: docs/{sid}.txt", f"    title: Synthetic document {sid}"]
    lines += ["", "claims:" if claims else "claims: []"]
    for cid, sid, quote, start in claims:
        q = yaml_string(quote)
        statement = yaml_string("The document says " + " ".join(quote.split()[:8]) + ".")
        lines += [f"  - id: {cid}", f"    statement: {statement}", "    evidence:",
                  f"      - source: {sid}", f"        quote: {q}"]
        if start is not None:
            lines += [f"        start: {start}", f"        end: {start + len(quote)}"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def check_claims(rng: random.Random, docs, count: int, vocab):
    """``count`` claims over ``docs`` (id, paragraphs with offsets), in document order,
    their expected statuses, and as many near-miss claims."""
    claims, expected, misses = [], {}, []
    per_doc = [count // len(docs) + (1 if k < count % len(docs) else 0) for k in range(len(docs))]
    n = 0
    for (sid, paragraphs), many in zip(docs, per_doc):
        usable = [p for p in paragraphs if not p[2]]  # no planted (repeated) sentence
        wrapped = [p for p in usable if "\n" in p[1]]
        flat = [p for p in usable if "\n" not in p[1]] or usable
        for _ in range(many):
            n += 1
            cid = f"c{n:05d}"
            length = int(min(600, max(60, rng.lognormvariate(5.19, 0.45))))  # median about 180
            r = rng.random()
            kind = ("fabricated" if r < 0.01 else "near-miss" if r < 0.06 else
                    "wrapped" if r < 0.07 and wrapped else "typography" if r < 0.09 else "exact")
            pool = wrapped if kind == "wrapped" else flat
            span = None
            while span is None:
                offset, para, _ = rng.choice(pool)
                span = spans(rng, para, length)
            a, b = span
            text = para[a:b]
            start = None
            status = "verified"
            if kind == "exact":
                quote = text
                if rng.random() < 0.5:
                    start = offset + a
            elif kind == "typography":
                quote = (text.replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
                         .replace("\u2014", "-").replace("\u00a0", " ").replace("\ufb01", "fi"))
                if quote == text:
                    quote = text[:1].swapcase() + text[1:]
            elif kind == "wrapped":
                quote = text.replace("\n", " ")
            elif kind == "near-miss":
                quote = near_miss(rng, text, vocab)
                status = "misquoted"
            else:
                quote = " ".join("".join(rng.choice(FABRICATED) for _ in range(rng.randint(2, 3)))
                                 for _ in range(max(6, length // 8)))
                quote = quote[:1].upper() + quote[1:]
                status = "not_found"
            claims.append((cid, sid, quote, start))
            expected[cid] = status
            span = None
            while span is None:
                offset, para, _ = rng.choice(flat)
                span = spans(rng, para, length)
            misses.append((f"m{n:05d}", sid, near_miss(rng, para[span[0]:span[1]], vocab), None))
    return claims, expected, misses


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--size-mb", type=float, default=50.0)
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--claims", type=int, default=10_000, help="claims in check-1.yaml")
    args = parser.parse_args(argv)
    folder = args.folder.resolve()
    if folder == REPO or REPO in folder.parents:
        print(f"{folder}: choose a folder outside the repository", file=sys.stderr)
        return 2
    rng = random.Random(args.seed)
    vocab, weights = vocabulary(rng)
    cum = list(__import__("itertools").accumulate(weights))
    real = seed_sentences()
    per_doc = int(args.size_mb * 1_000_000 / args.docs)
    (folder / "docs").mkdir(parents=True, exist_ok=True)
    sources, claims = [], []
    wrapper = textwrap.TextWrapper(width=76, break_long_words=False, break_on_hyphens=False)
    docs = []
    for n in range(1, args.docs + 1):
        paragraphs, size, planted, offset = [], 0, [], 0
        while size < per_doc:
            sentences = []
            has_real = False
            for _ in range(rng.randint(3, 7)):
                if rng.random() < 0.02:
                    s = rng.choice(real)
                    planted.append(s)
                    has_real = True
                else:
                    s = typeset(rng, rng.choices(vocab, cum_weights=cum, k=rng.randint(8, 28)))
                sentences.append(s)
            para = " ".join(sentences)
            if rng.random() < 1 / 3:
                para = wrapper.fill(para)
            paragraphs.append((offset, para, has_real))
            offset += len(para) + 2
            size += len(para.encode("utf-8")) + 2
        sid = f"doc-{n:04d}"
        (folder / "docs" / f"{sid}.txt").write_text("\n\n".join(p for _, p, _ in paragraphs) + "\n",
                                                    encoding="utf-8")
        sources.append(sid)
        docs.append((sid, paragraphs))
        if planted and n % 25 == 0:
            claims.append((f"claim-{n:04d}", sid, planted[0]))
    lines = ["# Generated by benchmarks/make_corpus.py: synthetic, for benchmarks only.",
             "version: 1", "", "sources:"]
    for sid in sources:
        lines += [f"  - id: {sid}", f"    file: docs/{sid}.txt", f"    title: Synthetic document {sid}"]
    lines += ["", "claims:" if claims else "claims: []"]
    for cid, sid, quote in claims:
        q = quote.replace("\\", "\\\\").replace('"', '\\"')
        lines += [f"  - id: {cid}", f"    statement: \"{q}\"", "    tags: [synthetic]",
                  "    evidence:", f"      - source: {sid}", f"        quote: \"{q}\""]
    (folder / "claims.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    # the claims files for `check`
    checks, expected, misses = check_claims(random.Random(args.seed + 1), docs, args.claims, vocab)
    header = "# Generated by benchmarks/make_corpus.py: synthetic, for benchmarks only."
    for k in SIZES:
        some = set(sources[: max(1, len(sources) // k)])
        write_claims(folder / f"check-{k}.yaml", [s for s in sources if s in some],
                     [c for c in checks if c[1] in some], header)
    write_claims(folder / "near-miss.yaml", sources, misses, header)
    (folder / "expected.json").write_text(json.dumps(expected, indent=0) + "\n", encoding="utf-8")
    total = sum(p.stat().st_size for p in (folder / "docs").glob("*.txt"))
    print(f"{folder}: {len(sources)} documents, {total / 1e6:.1f} MB, {len(claims)} claims; "
          f"check-1.yaml: {len(checks)} claims, near-miss.yaml: {len(misses)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
