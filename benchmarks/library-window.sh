#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The whole window over a large library next to an empty one (benchmarks/RESULTS.md):
# builds BenchLibraryWindow, makes both profiles once, then runs `open` RUNS times on each,
# interleaved (empty, large, empty, large, …), and prints the medians and their ratios.
#   benchmarks/library-window.sh [RUNS] [CONVERSATIONS MESSAGES LONG]
#   QT_QPA_PLATFORM (default offscreen): set it to xcb under Xvfb to measure a real display.
set -euo pipefail
root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${STEADFAST_BUILD_DIR:-$root/build}
runs=${1:-5}
conversations=${2:-1000} messages=${3:-100000} long=${4:-5000}
"$root/scripts/setup.sh" BenchLibraryWindow >/dev/null
bench=$build_dir/benchmarks/BenchLibraryWindow
export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen} QT_LOGGING_RULES='steadfast.*.info=false'
work=$build_dir/bench-library-window
large=$work/large-$conversations-$messages-$long
if [[ ! -f $large/library.sqlite3 ]]; then
  rm -rf "$large"
  echo "making $conversations conversations, $messages messages ($long in one)…" >&2
  "$bench" make "$large" "$conversations" "$messages" "$long" >&2
fi
results=$work/results.jsonl
: >"$results"
for ((i = 0; i < runs; i++)); do
  empty=$(mktemp -d "$work/empty.XXXXXX")
  printf '{"profile": "empty", "run": %d, "result": %s}\n' "$i" "$("$bench" open "$empty")" >>"$results"
  rm -rf "$empty"
  printf '{"profile": "large", "run": %d, "result": %s}\n' "$i" "$("$bench" open "$large")" >>"$results"
done
python3 - "$results" <<'PY'
import json, statistics, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
def median(profile, key):
    return statistics.median(r["result"][key] for r in rows if r["profile"] == profile)
keys = [("shownMs", "time until the window is shown (ms)", "≤ 3× empty"),
        ("cpuMsFirst3s", "CPU in the first 3 s (ms)", "≤ 3× empty"),
        ("rssMb", "resident memory at 3 s (MB)", "≤ 150 MB"),
        ("sidebarMs", "time until the sidebar is filled (ms)", ""),
        ("realisedRows", "timeline rows realised as widgets", ""),
        ("searchMedianUs", "search, median of 5 queries (µs)", "≤ 100 ms"),
        ("searchMaxUs", "search, slowest of 5 queries (µs)", "≤ 100 ms")]
print("| measure | empty library | large library | ratio | target |")
print("|---|---|---|---|---|")
for key, label, target in keys:
    e, l = median("empty", key), median("large", key)
    ratio = f"{l / e:.2f}×" if e else "—"
    print(f"| {label} | {e:g} | {l:g} | {ratio} | {target} |")
print(f"\n{sum(1 for r in rows if r['profile'] == 'large')} runs each, medians; "
      f"large: {rows[1]['result']['rows']} messages on the path shown.")
PY
