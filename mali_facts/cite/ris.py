"""RIS: one record per cited source, and a small reader used to check the round trip.

Tags: TY type, ID source id, AU authors ("Family, Given"), TI title, T2 the
publication, PY year, DA date (YYYY/MM/DD/ with empty unknown parts), UR URL,
Y2 access date, ER end of record.
"""

from __future__ import annotations

from typing import Any, Dict, List

from mali_facts.cite.csl import plain

RIS_TYPES = {"article-magazine": "MGZN", "article-newspaper": "NEWS", "article-journal": "JOUR",
             "webpage": "ELEC", "post-weblog": "BLOG", "post": "ELEC", "report": "RPRT", "book": "BOOK"}
CSL_TYPES = {"MGZN": "article-magazine", "NEWS": "article-newspaper", "JOUR": "article-journal",
             "ELEC": "webpage", "BLOG": "post-weblog", "RPRT": "report", "BOOK": "book"}


def _date(parts: List[int]) -> str:
    padded = [f"{p:02d}" if i else f"{p:04d}" for i, p in enumerate(parts)] + [""] * (3 - len(parts))
    return "/".join(padded) + "/"


def record(item: Dict[str, Any]) -> str:
    lines = [("TY", RIS_TYPES.get(item.get("type", ""), "ELEC")), ("ID", item["id"])]
    for n in item.get("author") or []:
        lines.append(("AU", n["literal"] if "literal" in n else
                      f"{n['family']}, {n['given']}" if n.get("given") else n["family"]))
    if item.get("title"):
        lines.append(("TI", plain(item["title"])))
    if item.get("container-title"):
        lines.append(("T2", plain(item["container-title"])))
    issued = (item.get("issued") or {}).get("date-parts", [[]])[0]
    if issued:
        lines += [("PY", str(issued[0])), ("DA", _date(issued))]
    if item.get("URL"):
        lines.append(("UR", item["URL"]))
    accessed = (item.get("accessed") or {}).get("date-parts", [[]])[0]
    if accessed:
        lines.append(("Y2", _date(accessed)))
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {value}".rstrip() + "\n" for tag, value in lines)


def render(report, *, bibliography: bool = False, **_: Any) -> str:
    return "\n".join(record(item) for item in sorted(report.items, key=lambda i: i["id"]))


def parse(text: str) -> List[Dict[str, List[str]]]:
    """Read RIS records as ``{tag: [values]}`` dicts (the round-trip check)."""
    records, current = [], None
    for raw in text.splitlines():
        if not raw.strip():
            continue
        tag, sep, value = raw.partition("  -")
        if not sep or len(tag) != 2:
            raise ValueError(f"not a RIS line: {raw!r}")
        value = value[1:] if value.startswith(" ") else value
        if tag == "TY":
            current = {"TY": [value]}
        elif current is None:
            raise ValueError(f"{tag} before TY")
        elif tag == "ER":
            records.append(current)
            current = None
        else:
            current.setdefault(tag, []).append(value)
    if current is not None:
        raise ValueError("record without ER")
    return records


def to_csl(record: Dict[str, List[str]]) -> Dict[str, Any]:
    """A parsed RIS record back as a CSL item (plain text, no case protection)."""
    def date(value: str) -> Dict[str, Any]:
        return {"date-parts": [[int(p) for p in value.split("/") if p]]}

    item: Dict[str, Any] = {"id": record["ID"][0], "type": CSL_TYPES[record["TY"][0]]}
    if "TI" in record:
        item["title"] = record["TI"][0]
    if "T2" in record:
        item["container-title"] = record["T2"][0]
    if "AU" in record:
        from mali_facts.cite.csl import parse_name

        item["author"] = [parse_name(a) if "," in a else {"literal": a} for a in record["AU"]]
    if "DA" in record:
        item["issued"] = date(record["DA"][0])
    if "Y2" in record:
        item["accessed"] = date(record["Y2"][0])
    if "UR" in record:
        item["URL"] = record["UR"][0]
    return item
