"""The HTML ledger: one self-contained page from a :class:`mali_facts.report.Report`.

Inline CSS, a little inline JavaScript (filters, search, highlighting the span a
link points at) and an inline SVG timeline; no request leaves the page (its
Content-Security-Policy forbids any). Everything works without JavaScript
except the filters, which stay hidden then. Every string from the ledger and
the sources goes through :func:`html.escape`.
"""

from __future__ import annotations

from html import escape
from typing import Iterable, List, Optional

from mali_facts.report import UNREVIEWED, ClaimView, DiffPart, EventView, Report, SourceView
from mali_facts.verify import PASSING

#: What a status looks like: a symbol and a word, so colour is never the only signal.
STATUS_LABELS = {
    "verified": ("✓", "verified"),
    "drifted": ("~", "drifted"),
    "ambiguous": ("?", "ambiguous"),
    "misquoted": ("✗", "misquoted"),
    "not_found": ("✗", "not found"),
    "source_error": ("!", "source error"),
}

CSP = ("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
       "img-src data:; base-uri 'none'; form-action 'none'")


def e(text) -> str:
    return escape(str(text), quote=True)


def render_report(report: Report, *, version: str = "") -> str:
    """The whole page as a string."""
    s = report.summary
    title = f"{report.title}: {s['claims']} claims, {s['verified']} verified"
    out: List[str] = [
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n",
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{e(CSP)}\">\n",
        f"<meta name=\"generator\" content=\"mali-facts {e(version)}\">\n",
        "<link rel=\"icon\" href=\"data:,\">\n",
        f"<title>{e(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        "<a class=\"skip\" href=\"#claims\">Skip to the claims</a>\n",
    ]
    out += _header(report)
    out.append("<main>\n")
    out += _claims(report)
    out += _timeline(report.timeline)
    out += _sources(report.sources)
    out.append("</main>\n")
    out.append(f"<footer><p>Made by mali-facts {e(version)} from {e(report.claims_file)}. "
               "Offsets are Unicode code points into each source file decoded as UTF-8.</p>"
               "</footer>\n")
    out.append(f"<script>{SCRIPT}</script>\n</body>\n</html>\n")
    return "".join(out)


# -- header ----------------------------------------------------------------------

def _header(report: Report) -> List[str]:
    s = report.summary
    verdict = ("Every quote was found in its source." if not report.failed else
               f"{s['failing']} of {s['claims']} claims have a quote that failed verification.")
    out = ["<header class=\"masthead\">\n", f"<h1>{e(report.title)}</h1>\n",
           f"<p class=\"lede\">What the sources say, claim by claim, each tied to its quotes "
           f"({e(report.claims_file)}). {e(verdict)}</p>\n",
           "<div class=\"overview\">\n<dl class=\"summary\">\n"]
    for key, label in (("claims", "claims"), ("verified", "verified"), ("failing", "failing"),
                       ("reviewed", "reviewed"), ("quotes", "quotes"), ("sources", "sources")):
        cls = " bad" if key == "failing" and s[key] else ""
        out.append(f"<div class=\"stat{cls}\"><dt>{label}</dt><dd>{s[key]}</dd></div>\n")
    out.append("</dl>\n<div class=\"cov\"><h2 id=\"coverage-h\">Coverage of the sources</h2>\n"
               "<ul class=\"coverage\">\n")
    for src in report.sources:
        if src.coverage is None:
            out.append(f"<li><span class=\"pct-n\">!</span> <a href=\"#{e(src.anchor)}\">{e(src.title)}</a>: "
                       f"cannot be read ({e(src.error or 'unknown error')})</li>\n")
            continue
        out.append(
            f"<li><span class=\"bar\" aria-hidden=\"true\"><span style=\"width:{src.coverage:.1f}%\">"
            f"</span></span> <strong class=\"pct-n\">{src.coverage:g}%</strong> "
            f"<a href=\"#{e(src.anchor)}\">{e(src.title)}</a> <span class=\"pct\">{src.covered} of its "
            f"{src.sentences} sentences cited</span></li>\n")
    out.append("</ul></div>\n</div>\n")
    out.append("<nav aria-label=\"Sections\"><ul class=\"toc\">"
               "<li><a href=\"#claims\">The claims</a></li>"
               "<li><a href=\"#timeline\">The timeline</a></li>"
               "<li><a href=\"#sources\">The sources</a></li></ul></nav>\n</header>\n")
    return out


# -- claims ----------------------------------------------------------------------

def _badge(status: str) -> str:
    symbol, word = STATUS_LABELS.get(status, ("?", status))
    return (f"<span class=\"badge status status-{e(status)}\">"
            f"<span aria-hidden=\"true\">{symbol}</span> {e(word)}</span>")


def _rating_badge(rating: Optional[str]) -> str:
    if not rating:
        return "<span class=\"badge rating rating-none\">not reviewed</span>"
    return f"<span class=\"badge rating rating-{e(rating)}\">rated {e(rating)}</span>"


def _options(label: str, any_label: str, values: Iterable[str], field: str) -> str:
    opts = "".join(f"<option value=\"{e(v)}\">{e(v)}</option>" for v in values)
    return (f"<div class=\"field\"><label for=\"f-{field}\">{label}</label>"
            f"<select id=\"f-{field}\" name=\"{field}\"><option value=\"\">{any_label}</option>"
            f"{opts}</select></div>")


def _claims(report: Report) -> List[str]:
    n = len(report.claims)
    statuses = [STATUS_LABELS.get(s, ("", s))[1] for s in report.statuses]
    out = ["<section id=\"claims\" aria-labelledby=\"claims-h\">\n<h2 id=\"claims-h\">The claims</h2>\n",
           "<form id=\"filters\" class=\"filters\" role=\"search\" aria-label=\"Filter the claims\" hidden>",
           "<div class=\"field wide\"><label for=\"f-q\">Search the statements</label>"
           "<input id=\"f-q\" name=\"q\" type=\"search\" autocomplete=\"off\"></div>",
           _options("Tag", "Any tag", report.tags, "tag"),
           _options("Entity", "Any entity", report.entities, "entity"),
           "<div class=\"field\"><label for=\"f-status\">Status</label><select id=\"f-status\" "
           "name=\"status\"><option value=\"\">Any status</option>"
           + "".join(f"<option value=\"{e(v)}\">{e(w)}</option>" for v, w in zip(report.statuses, statuses))
           + "</select></div>",
           _options("Rating", "Any rating", report.ratings, "rating"),
           "<div class=\"field\"><button type=\"reset\">Clear the filters</button></div>",
           f"<p id=\"f-count\" class=\"count\" role=\"status\">{n} of {n} claims shown</p></form>\n",
           "<ol class=\"claims\">\n"]
    for claim in report.claims:
        out += _claim(claim)
    out.append("</ol>\n</section>\n")
    return out


def _claim(c: ClaimView) -> List[str]:
    rating = c.rating or UNREVIEWED
    out = [f"<li><article class=\"claim status-{e(c.status)}\" id=\"{e(c.anchor)}\" "
           f"data-status=\"{e(c.status)}\" data-rating=\"{e(rating)}\" "
           f"data-tags=\"{e(' '.join(c.tags))}\" data-entities=\"{e('|'.join(c.entities))}\">\n",
           f"<h3><a class=\"self\" href=\"#{e(c.anchor)}\">{e(c.id)}</a></h3>\n",
           f"<p class=\"badges\">{_badge(c.status)} {_rating_badge(c.rating)}</p>\n",
           f"<p class=\"statement\">{e(c.statement)}</p>\n<dl class=\"meta\">"]
    if c.date:
        out.append(f"<div><dt>Date</dt><dd><time datetime=\"{e(c.date_iso)}\">{e(c.date)}</time></dd></div>")
    if c.entities:
        out.append("<div><dt>Entities</dt><dd><ul class=\"chips\">"
                   + "".join(f"<li>{e(x)}</li>" for x in c.entities) + "</ul></dd></div>")
    if c.tags:
        out.append("<div><dt>Tags</dt><dd><ul class=\"chips tags\">"
                   + "".join(f"<li>{e(x)}</li>" for x in c.tags) + "</ul></dd></div>")
    out.append("</dl>\n")
    if c.rating:
        out.append(f"<section class=\"review\"><h4>Review: rated {e(c.rating)}</h4>"
                   f"<p>{e(c.explanation or '')}</p>")
        if c.references:
            out.append("<p class=\"refs-h\">References:</p><ul class=\"refs\">"
                       + "".join(f"<li><a href=\"{e(u)}\" rel=\"noreferrer\">{e(u)}</a></li>"
                                 for u in c.references) + "</ul>")
        if c.review_date:
            out.append(f"<p class=\"small\">Reviewed <time datetime=\"{e(c.review_date)}\">"
                       f"{e(c.review_date)}</time>.</p>")
        out.append("</section>\n")
    for w in c.warnings:
        out.append(f"<p class=\"warning\"><strong>Warning:</strong> {e(w)}</p>\n")
    out.append(f"<h4 class=\"ev-h\">Evidence ({len(c.evidence)} "
               f"quote{'s' if len(c.evidence) != 1 else ''})</h4>\n<ol class=\"evidence\">\n")
    for ev in c.evidence:
        out.append(f"<li class=\"status-{e(ev.status)}\">")
        if ev.quote_diff:
            out.append("<div class=\"compare\"><div><p class=\"compare-h\">Quoted in the ledger</p>"
                       f"<blockquote>{_diff(ev.quote_diff, 'del')}</blockquote></div>"
                       "<div><p class=\"compare-h\">The source says</p>"
                       f"<blockquote>{_diff(ev.source_diff, 'ins')}</blockquote></div></div>")
            if ev.differences:
                out.append("<ul class=\"diffs\">" + "".join(
                    f"<li>{e(d.kind)}: “{e(d.quoted or '∅')}” quoted, “{e(d.source or '∅')}” "
                    "in the source</li>" for d in ev.differences) + "</ul>")
        else:
            out.append(f"<blockquote>{e(ev.quote)}</blockquote>")
        out.append(f"<p class=\"ev-foot\">{_badge(ev.status)} ")
        if ev.anchor:
            out.append(f"<a class=\"ev-link\" href=\"#{e(ev.anchor)}\">Quote {ev.number} of {e(c.id)} "
                       f"in “{e(ev.source_title)}”, characters {ev.start}–{ev.end}</a>")
        else:
            out.append(f"{e(ev.message)} (source: <a href=\"#source-{e(ev.source)}\">"
                       f"“{e(ev.source_title)}”</a>)")
        out.append("</p>")
        for w in ev.warnings:
            out.append(f"<p class=\"warning\"><strong>Warning:</strong> {e(w)}</p>")
        out.append("</li>\n")
    out.append("</ol>\n</article></li>\n")
    return out


def _diff(parts: List[DiffPart], tag: str) -> str:
    return "".join(f"<{tag}>{e(p.text)}</{tag}>" if p.changed else e(p.text) for p in parts)


# -- timeline --------------------------------------------------------------------

ROW = 44
AXIS = 62   # x of the axis; the year labels end left of it


def _timeline(events: List[EventView]) -> List[str]:
    out = ["<section id=\"timeline\" aria-labelledby=\"timeline-h\">\n"
           "<h2 id=\"timeline-h\">The timeline</h2>\n"]
    if not events:
        out.append("<p>No claim is dated.</p>\n</section>\n")
        return out
    height = ROW * len(events) + 8
    out.append(f"<figure class=\"timeline\"><svg viewBox=\"0 0 400 {height}\" width=\"400\" "
               f"height=\"{height}\" role=\"group\" aria-labelledby=\"timeline-t\" "
               f"xmlns=\"http://www.w3.org/2000/svg\">"
               f"<title id=\"timeline-t\">{len(events)} dated claims, oldest first</title>"
               f"<line class=\"axis\" x1=\"{AXIS}\" y1=\"8\" x2=\"{AXIS}\" y2=\"{height - 8}\"/>")
    year = None
    for i, ev in enumerate(events):
        y = 8 + ROW * i
        failed = ev.status not in PASSING
        label = f"{ev.date}: claim {ev.claim}"
        extra = []
        if ev.rating:
            extra.append(f"rated {ev.rating}")
        if failed:
            extra.append(STATUS_LABELS.get(ev.status, ("", ev.status))[1])
        if extra:
            label += " (" + ", ".join(extra) + ")"
        if ev.date_iso[:4] != year:
            year = ev.date_iso[:4]
            if i:
                out.append(f"<line class=\"year-rule\" x1=\"0\" y1=\"{y - 2}\" x2=\"400\" y2=\"{y - 2}\"/>")
            out.append(f"<text class=\"year\" x=\"{AXIS - 12}\" y=\"{y + 17}\" text-anchor=\"end\" "
                       f"aria-hidden=\"true\">{e(year)}</text>")
        shape = (f"<rect class=\"dot bad\" x=\"{AXIS - 6}\" y=\"{y + 6}\" width=\"12\" height=\"12\"/>"
                 if failed else f"<circle class=\"dot\" cx=\"{AXIS}\" cy=\"{y + 12}\" r=\"5\"/>")
        first = e(ev.date) + (" · " + e(", ".join(extra)) if extra else "")
        out.append(f"<a href=\"#claim-{e(ev.claim)}\" aria-label=\"{e(label)}\">"
                   f"<rect class=\"hit\" x=\"{AXIS + 8}\" y=\"{y}\" width=\"{392 - AXIS}\" height=\"{ROW - 2}\"/>"
                   f"{shape}<text class=\"date\" x=\"{AXIS + 14}\" y=\"{y + 16}\">{first}</text>"
                   f"<text class=\"id\" x=\"{AXIS + 14}\" y=\"{y + 35}\">{e(ev.claim)}</text></a>")
    out.append("</svg><figcaption>Each dated claim at its date, at its real precision "
               "(a year, a month or a day), oldest first; a square marks a claim with a failing quote. "
               "Select one to go to its claim.</figcaption></figure>\n</section>\n")
    return out


# -- sources ---------------------------------------------------------------------

def _sources(sources: List[SourceView]) -> List[str]:
    out = ["<section id=\"sources\" aria-labelledby=\"sources-h\">\n<h2 id=\"sources-h\">The sources</h2>\n"]
    for src in sources:
        out += _source(src)
    out.append("</section>\n")
    return out


def _source(s: SourceView) -> List[str]:
    out = [f"<article class=\"source\" id=\"{e(s.anchor)}\" aria-labelledby=\"{e(s.anchor)}-h\">\n"
           f"<h3 id=\"{e(s.anchor)}-h\">{e(s.title)}</h3>\n"]
    if s.subtitle:
        out.append(f"<p class=\"subtitle\">{e(s.subtitle)}</p>\n")
    rows = [("Publisher", s.publisher), ("Authors", ", ".join(s.authors) or "not named"),
            ("Published", s.published or "no date"), ("Accessed", s.accessed), ("Type", s.type),
            ("File", s.file), ("Pages", str(s.pages) if s.pages > 1 else None),
            ("sha256", s.sha256), ("Note", s.note)]
    out.append("<dl class=\"meta source-meta\">")
    for label, value in rows:
        if value:
            cls = " class=\"hash\"" if label == "sha256" else ""
            out.append(f"<div><dt>{label}</dt><dd{cls}>{e(value)}</dd></div>")
    if s.url:
        out.append(f"<div><dt>Address</dt><dd><a href=\"{e(s.url)}\" rel=\"noreferrer\">{e(s.url)}</a></dd></div>")
    out.append("</dl>\n<h4>Citation (APA 7)</h4>\n<p class=\"citation\">"
               + "".join(f"<i>{e(p.text)}</i>" if p.changed else e(p.text) for p in s.citation)
               + "</p>\n")
    if s.error:
        out.append(f"<p class=\"warning\"><strong>Cannot be read:</strong> {e(s.error)}</p>\n</article>\n")
        return out
    n = len(s.highlights)
    out.append(f"<h4>Full text</h4>\n<p class=\"small\">{n} cited span{'s' if n != 1 else ''} "
               f"highlighted; {s.coverage:g}% of its {s.sentences} sentences cited. Each highlight "
               "ends with links to the claims that cite it.</p>\n")
    out.append(f"<div class=\"source-text\" data-source=\"{e(s.id)}\">")
    if s.pages > 1:
        out.append("<span class=\"page-break first\" role=\"separator\">Page 1</span>")
    for p in s.pieces:
        if p.page is not None:
            out.append(f"<span class=\"page-break\" role=\"separator\">Page {p.page}</span>")
            continue
        for h in p.begins:
            out.append(f"<span class=\"anchor\" id=\"{e(h.anchor)}\" data-span=\"{h.key}\"></span>")
        if not p.spans:
            out.append(e(p.text))
        else:
            depth = min(len(p.spans), 3)
            cls = f"hl d{depth}" + (" misquoted" if p.misquoted else "")
            keys = " ".join(h.key for h in p.spans)
            claims = ", ".join(p.claims)
            out.append(f"<mark class=\"{cls}\" data-spans=\"{keys}\" data-claims=\"{e(' '.join(p.claims))}\" "
                       f"title=\"Cited by {e(claims)}\">{e(p.text)}</mark>")
        for h in p.ends:
            bad = h.status not in PASSING
            verb = "misquoted by" if bad else "cited by"
            cls = "backref bad" if bad else "backref"
            out.append("<span class=\"backrefs\">" + "".join(
                f"<a class=\"{cls}\" href=\"#claim-{e(c)}\" data-span=\"{h.key}\">"
                f"<span class=\"vh\">{verb} claim </span>{e(c)}</a>" for c in h.claims) + "</span>")
    out.append("</div>\n</article>\n")
    return out


STYLE = """
:root{--fg:#1b1b1b;--muted:#555;--bg:#fff;--line:#d0d0d0;--ok:#1a6b2f;--warn:#8a5a00;--bad:#b00020;
--hl:#fff1a8;--hl2:#ffd84d;--hl3:#ffbf00;--accent:#0b57a4;--card:#fafafa}
*{box-sizing:border-box}
[hidden]{display:none!important}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
color:var(--fg);background:var(--bg)}
header.masthead,main,footer{max-width:72rem;margin:0 auto;padding:0 1rem}
a{color:var(--accent)}
a:focus-visible,button:focus-visible,select:focus-visible,input:focus-visible{outline:3px solid #f90;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem;z-index:2}
.vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
h1{font-size:1.9rem;margin:1.2rem 0 .3rem}
h2{font-size:1.45rem;margin:2rem 0 .6rem;border-bottom:2px solid var(--fg);padding-bottom:.2rem}
header h2{font-size:1.05rem;border:0;margin:0 0 .4rem}
h3{font-size:1.1rem;margin:0 0 .3rem;overflow-wrap:anywhere}
h4{font-size:.95rem;margin:.8rem 0 .3rem}
.lede{margin:.2rem 0 .8rem;color:var(--muted)}
.overview{display:grid;gap:1rem 2.5rem;align-items:start}
@media (min-width:960px){.overview{grid-template-columns:minmax(0,25rem) minmax(0,1fr)}}
dl.summary{display:grid;grid-template-columns:repeat(3,minmax(0,1fr));gap:.5rem;margin:0;padding:0}
dl.summary .stat{border:1px solid var(--line);border-radius:6px;padding:.3rem .7rem}
dl.summary dt{font-size:.8rem;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
dl.summary dd{margin:0;font-size:1.5rem;font-weight:700}
dl.summary .bad dd{color:var(--bad)}
ul.coverage{list-style:none;margin:0;padding:0}
ul.coverage li{margin:.35rem 0;overflow-wrap:anywhere}
.pct-n{display:inline-block;min-width:3.2rem}
.bar{display:inline-block;vertical-align:middle;width:8rem;height:.8rem;border:1px solid var(--fg);
border-radius:3px;background:#fff;overflow:hidden}
.bar span{display:block;height:100%;background:var(--ok)}
.pct{font-size:.9rem;color:var(--muted)}
ul.toc{display:flex;flex-wrap:wrap;gap:1rem;list-style:none;padding:0;margin:.8rem 0 0}
.filters{display:flex;flex-wrap:wrap;gap:.6rem 1rem;align-items:flex-end;padding:.8rem;border:1px solid var(--line);
border-radius:6px;background:var(--card);position:sticky;top:0;z-index:1}
.filters .field{display:flex;flex-direction:column;min-width:9rem;flex:1 1 9rem}
.filters .wide{flex:2 1 14rem}
.filters label{font-size:.85rem;font-weight:600}
.filters input,.filters select,.filters button{font:inherit;padding:.3rem .4rem;max-width:100%;height:2.4rem}
.count{margin:0;flex-basis:100%;font-size:.9rem;color:var(--muted)}
ol.claims{list-style:none;margin:1rem 0;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,30rem),1fr));gap:1rem}
article.claim{border:1px solid var(--line);border-left:6px solid var(--ok);border-radius:6px;padding:.8rem 1rem;
background:var(--card);height:100%;scroll-margin-top:8rem}
article.claim.status-drifted,article.claim.status-ambiguous{border-left-color:var(--warn)}
article.claim.status-misquoted,article.claim.status-not_found,article.claim.status-source_error{border-left-color:var(--bad);border-left-style:double;border-left-width:8px}
article.claim:target,article.claim.active{outline:3px solid var(--accent);outline-offset:2px}
a.self{color:inherit;text-decoration:none}a.self:hover{text-decoration:underline}
.statement{font-size:1.05rem;margin:.4rem 0}
.badges{margin:0}
.badge{display:inline-block;font-size:.8rem;font-weight:600;border:1px solid currentColor;border-radius:1rem;
padding:0 .55rem;margin:0 .2rem .2rem 0;white-space:nowrap}
.status-verified>.badge.status,.badge.status-verified{color:var(--ok)}
.badge.status-drifted,.badge.status-ambiguous{color:var(--warn)}
.badge.status-misquoted,.badge.status-not_found,.badge.status-source_error{color:#fff;background:var(--bad);border-color:var(--bad)}
.badge.rating{color:var(--muted)}
.badge.rating-accurate{color:var(--ok)}
.badge.rating-mostly-accurate{color:#2f6b1a}
.badge.rating-disputed,.badge.rating-unverified{color:var(--warn)}
.badge.rating-misattributed,.badge.rating-inaccurate{color:var(--bad)}
dl.meta{margin:.4rem 0;font-size:.9rem}
dl.meta>div{display:flex;gap:.5rem;margin:.15rem 0}
dl.meta dt{font-weight:600;min-width:5.5rem;color:var(--muted)}
dl.meta dd{margin:0;overflow-wrap:anywhere;min-width:0}
.hash{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.8rem}
ul.chips{display:flex;flex-wrap:wrap;gap:.25rem;list-style:none;margin:0;padding:0}
ul.chips li{border:1px solid var(--line);border-radius:4px;padding:0 .35rem;background:#fff}
ul.chips.tags li::before{content:"#";color:var(--muted)}
.review{border-top:1px dashed var(--line);margin-top:.5rem}
.review p{margin:.3rem 0;font-size:.95rem}
.refs{margin:.2rem 0;padding-left:1.2rem;font-size:.85rem;overflow-wrap:anywhere}
.refs-h{font-weight:600}
.small{font-size:.85rem;color:var(--muted)}
ol.evidence{margin:.3rem 0;padding-left:1.3rem}
ol.evidence>li{margin:.4rem 0}
blockquote{margin:.2rem 0;padding:.2rem .6rem;border-left:3px solid var(--line);font-family:Georgia,"Times New Roman",serif;overflow-wrap:anywhere}
.ev-foot{margin:.2rem 0;font-size:.85rem;overflow-wrap:anywhere}
.compare{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,12rem),1fr));gap:.5rem}
.compare-h{margin:0;font-size:.8rem;font-weight:600;color:var(--muted)}
del{background:#ffd6d6;text-decoration:line-through;text-decoration-thickness:2px}
ins{background:#d4f5d4;text-decoration:underline;text-decoration-thickness:2px}
.diffs{font-size:.85rem;margin:.2rem 0}
.warning{font-size:.85rem;color:var(--warn);margin:.2rem 0}
.timeline{margin:0}
.timeline svg{max-width:100%;height:auto;display:block}
.timeline .hit{fill:transparent}
.timeline a:hover .hit,.timeline a:focus .hit{fill:#eef4fb}
.timeline .axis{stroke:var(--muted);stroke-width:2}
.timeline .dot{fill:var(--ok)}
.timeline .year{font-weight:700;font-size:15px;fill:var(--muted)}
.timeline .year-rule{stroke:var(--line);stroke-dasharray:3 3}
.timeline .dot.bad{fill:var(--bad)}
.timeline text{font:13px system-ui,sans-serif;fill:var(--fg)}
.timeline .date{font-weight:700}
.timeline .id{fill:var(--accent);text-decoration:underline}
.timeline a:focus .id,.timeline a:hover .id{fill:#000}
figcaption{font-size:.85rem;color:var(--muted);margin-top:.4rem}
article.source{border-top:1px solid var(--line);padding-top:.6rem;margin-bottom:2rem;scroll-margin-top:1rem}
.subtitle{font-style:italic;margin:.2rem 0}
.citation{padding-left:2rem;text-indent:-2rem;overflow-wrap:anywhere}
.source-text{white-space:pre-wrap;overflow-wrap:anywhere;font:1rem/1.65 Georgia,"Times New Roman",serif;
border:1px solid var(--line);border-radius:6px;padding:1rem;background:#fff}
mark.hl{background:var(--hl);color:inherit;border-bottom:2px solid #c9a400;scroll-margin:40vh 0}
mark.hl.d2{background:var(--hl2);border-bottom-style:double;border-bottom-width:3px}
mark.hl.d3{background:var(--hl3);border-bottom-style:double;border-bottom-width:4px}
mark.hl.misquoted{background:#ffd6d6;border-bottom:2px dashed var(--bad)}
mark.hl.active{outline:3px solid var(--accent);background:#bfe0ff}
.anchor:target+mark.hl,.anchor:target+.anchor+mark.hl{outline:3px solid var(--accent)}
.backrefs{font:.7rem/1 system-ui,sans-serif;white-space:normal}
a.backref{display:inline-block;margin:0 .15rem;padding:.05rem .3rem;border:1px solid var(--accent);border-radius:3px;
text-decoration:none;vertical-align:super}
a.backref::before{content:"↑ "}
a.backref.bad{border-color:var(--bad);color:var(--bad)}a.backref.bad::before{content:"✗ "}
.page-break{display:block;border-top:2px dashed var(--muted);margin:1rem 0 .5rem;padding-top:.2rem;
font:.8rem system-ui,sans-serif;color:var(--muted);text-align:center}
.page-break.first{border-top:0;margin-top:0}
footer{margin-top:2rem;padding-bottom:2rem;font-size:.85rem;color:var(--muted)}
@media (max-width:480px){body{font-size:15px}h1{font-size:1.5rem}.filters{position:static}
dl.meta>div{flex-direction:column;gap:0}.bar{width:5rem}}
@media print{.filters,.skip,nav{display:none!important}li[hidden]{display:list-item!important}
body{font-size:11pt}header.masthead,main,footer{max-width:none}
ol.claims{display:block}article.claim{break-inside:avoid;margin-bottom:.6rem;background:none}
mark.hl,.bar span,.badge{-webkit-print-color-adjust:exact;print-color-adjust:exact}
.source-text{border:0;padding:0}a{color:inherit}}
"""

SCRIPT = r"""
(function(){
"use strict";
var form=document.getElementById("filters");
var cards=Array.prototype.slice.call(document.querySelectorAll("article.claim"));
function fold(s){return s.normalize("NFD").replace(/[\u0300-\u036f]/g,"").toLowerCase();}
var texts=cards.map(function(c){return fold(c.querySelector(".statement").textContent);});
var count=document.getElementById("f-count");
function val(id){return document.getElementById(id).value;}
function apply(){
  var q=fold(val("f-q").trim()),tag=val("f-tag"),ent=val("f-entity"),st=val("f-status"),rt=val("f-rating"),n=0;
  cards.forEach(function(c,i){
    var ok=(!q||texts[i].indexOf(q)>=0)&&(!tag||c.dataset.tags.split(" ").indexOf(tag)>=0)&&
      (!ent||c.dataset.entities.split("|").indexOf(ent)>=0)&&(!st||c.dataset.status===st)&&
      (!rt||c.dataset.rating===rt);
    c.parentNode.hidden=!ok; if(ok){n++;}
  });
  count.textContent=n+" of "+cards.length+" claims shown";
}
if(form){
  form.hidden=false;
  form.addEventListener("input",apply);
  form.addEventListener("change",apply);
  form.addEventListener("reset",function(){setTimeout(apply,0);});
  form.addEventListener("submit",function(ev){ev.preventDefault();});
}
function clearActive(){
  Array.prototype.forEach.call(document.querySelectorAll(".active"),function(x){x.classList.remove("active");});
}
function show(id,scroll){
  var el=id&&document.getElementById(id);
  if(!el){return;}
  clearActive();
  if(el.classList.contains("anchor")){
    var box=el.closest(".source-text");
    var marks=box.querySelectorAll('mark[data-spans~="'+el.dataset.span+'"]');
    Array.prototype.forEach.call(marks,function(m){m.classList.add("active");});
    if(marks.length&&scroll){marks[0].scrollIntoView({block:"center"});}
  }else if(el.classList.contains("claim")){
    if(el.parentNode.hidden&&form){form.reset();apply();}
    el.classList.add("active");
    if(scroll){el.scrollIntoView({block:"start"});}
  }
}
document.addEventListener("click",function(ev){
  var a=ev.target.closest('a[href^="#"]');
  if(!a){return;}
  var id=decodeURIComponent(a.getAttribute("href").slice(1));
  if(!document.getElementById(id)){return;}
  ev.preventDefault();
  if(location.hash!=="#"+id){history.pushState(null,"","#"+id);}
  show(id,true);
});
window.addEventListener("hashchange",function(){show(decodeURIComponent(location.hash.slice(1)),true);});
if(location.hash){show(decodeURIComponent(location.hash.slice(1)),true);}
})();
"""
