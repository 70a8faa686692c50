#!/usr/bin/env node
// Render CSL-JSON items with citeproc-js and the official CSL styles, as plain text.
//
// usage: node render.js STYLES_DIR LOCALE_XML OUT_JSON INPUT_JSON...
//
// For every style (apa, mla, chicago) and every item of every input file it writes
// the item's bibliography entry, rendered on its own (as plain text, and as HTML to
// show where the italics go); and for every input file the
// whole bibliography, sorted by the style. Output (stable, sorted keys):
//   {"styles": {"apa": "apa.csl", ...},
//    "entries": {"apa": {"<item id>": "<text>", ...}, ...},
//    "html": {"apa": {"<item id>": "<html>", ...}, ...},
//    "bibliographies": {"apa": {"<input file name>": ["<text>", ...]}, ...}}
"use strict";
const fs = require("fs");
const path = require("path");
const CSL = require("citeproc");

const STYLES = {
  apa: "apa.csl",
  mla: "modern-language-association.csl",
  chicago: "chicago-notes-bibliography.csl",
};

function engine(styleXml, localeXml, items, format) {
  const byId = Object.fromEntries(items.map((it) => [it.id, it]));
  const sys = {
    retrieveLocale: () => localeXml,
    retrieveItem: (id) => byId[id],
  };
  const e = new CSL.Engine(sys, styleXml, "en-US", true);
  e.setOutputFormat(format);
  return e;
}

function bibliography(styleXml, localeXml, items, format = "text") {
  const e = engine(styleXml, localeXml, items, format);
  e.updateItems(items.map((it) => it.id));
  const [meta, entries] = e.makeBibliography();
  if (meta.bibliography_errors && meta.bibliography_errors.length) {
    throw new Error(JSON.stringify(meta.bibliography_errors));
  }
  return entries.map((s) => s.trim());
}

function sortKeys(obj) {
  if (Array.isArray(obj)) return obj.map(sortKeys);
  if (obj && typeof obj === "object") {
    return Object.fromEntries(Object.keys(obj).sort().map((k) => [k, sortKeys(obj[k])]));
  }
  return obj;
}

function main(argv) {
  if (argv.length < 4) {
    process.stderr.write("usage: node render.js STYLES_DIR LOCALE_XML OUT_JSON INPUT_JSON...\n");
    process.exit(2);
  }
  const [stylesDir, localePath, outPath, ...inputs] = argv;
  const localeXml = fs.readFileSync(localePath, "utf8");
  const out = { styles: STYLES, entries: {}, html: {}, bibliographies: {} };
  for (const [name, file] of Object.entries(STYLES)) {
    const styleXml = fs.readFileSync(path.join(stylesDir, file), "utf8");
    out.entries[name] = {};
    out.html[name] = {};
    out.bibliographies[name] = {};
    for (const input of inputs) {
      const items = JSON.parse(fs.readFileSync(input, "utf8"));
      for (const item of items) {
        if (item.id in out.entries[name]) throw new Error(`duplicate item id ${item.id}`);
        out.entries[name][item.id] = bibliography(styleXml, localeXml, [item])[0];
        out.html[name][item.id] = bibliography(styleXml, localeXml, [item], "html")[0]
          .replace(/^<div class="csl-entry">/, "").replace(/<\/div>$/, "");
      }
      out.bibliographies[name][path.basename(input)] = bibliography(styleXml, localeXml, items);
    }
  }
  fs.writeFileSync(outPath, JSON.stringify(sortKeys(out), null, 2) + "\n");
}

main(process.argv.slice(2));
