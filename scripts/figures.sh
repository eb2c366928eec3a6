#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The structure's figures (docs/architecture.md): run from the repository's root, or pass it.
#   scripts/figures.sh [DIR]
# Needs only bash, python3 and, for the duplicate pairs, the `duplicates` tool where it exists.
set -euo pipefail
root="${1:-$(cd "$(dirname "$0")/.." && pwd)}"
cd "$root"

echo "Largest source files under src/ (lines):"
find src -name '*.cpp' -o -name '*.h' | xargs wc -l | grep -v ' total$' | sort -rn | head -3 |
    sed 's/^/  /'

python3 - <<'PY'
import pathlib, re
# The enumerators only ApiError::Kind has: a switch with one of them as a case is over the kind.
kinds = ("RateLimited QuotaExceeded Connection Timeout StreamStalled StreamInterrupted "
         "RequestTimeout Server InvalidResponse Authentication Permission NotFound Conflict "
         "BadRequest Unprocessable Tls Redirect ProxyAuthentication Validation CircuitOpen").split()
case = re.compile(r"case\s+(?:[\w:]*::)?Kind::(" + "|".join(kinds) + r")\b")
exempt = ("ErrorTraits", "ErrorWords")
found = []
for path in sorted(pathlib.Path("src").rglob("*.cpp")):
    text = path.read_text()
    for m in re.finditer(r"\bswitch\s*\(", text):
        # the switch's body: from its opening brace to the matching closing one
        start = text.index("{", m.end())
        depth, i = 0, start
        while True:
            depth += {"{": 1, "}": -1}.get(text[i], 0)
            if depth == 0:
                break
            i += 1
        if case.search(text[start:i]) and not path.stem.startswith(exempt):
            found.append(f"{path}:{text.count(chr(10), 0, m.start()) + 1}")
print(f"Switches over ApiError::Kind outside ErrorTraits/ErrorWords: {len(found)}")
for place in found:
    print("  " + place)
PY

echo "Includes of src/faultserver or src/demo in src/gui:"
includes=$(grep -rnE '#include "(faultserver|demo)/' src/gui || true)
[ -n "$includes" ] && echo "$includes" | sed 's/^/  /'
echo "  $(printf '%s' "$includes" | grep -c . || true) in all"
echo "steadfast_gui links: $(grep -A2 'target_link_libraries(steadfast_gui' src/gui/CMakeLists.txt |
    tr -s ' \n' ' ' | sed 's/.*steadfast_gui//; s/).*//')"

if command -v duplicates >/dev/null; then
    echo "Duplicate report for src/ (duplicates --repo src --most 200):"
    duplicates --repo src --most 200 --seconds 120 | head -1 | sed 's/^/  /'
fi
