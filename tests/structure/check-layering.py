#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The one-way dependencies of docs/architecture.md, checked: every `#include "…"` under src/
must point to a part its own part may use. Prints each include that points the wrong way and
exits 1 if there is one. Usage: check-layering.py [REPOSITORY_ROOT]"""
import pathlib
import re
import sys

# What each part may include besides itself (core/ alone is core/Logging.h, core/EnumNames.h).
CORE = "core"
ALLOWED = {
    "core": set(),
    "core/protocol": {CORE},
    "core/errors": {CORE, "core/protocol"},
    "core/resilience": {CORE, "core/protocol", "core/errors"},
    "core/net": {CORE, "core/protocol", "core/errors", "core/resilience"},
    "core/health": {CORE, "core/protocol", "core/errors", "core/resilience", "core/net"},
    "core/library": {CORE, "core/protocol", "core/errors"},
    "core/settings": {CORE, "core/protocol", "core/errors", "core/resilience", "core/net"},
    "core/session": {CORE, "core/protocol", "core/errors", "core/resilience", "core/net",
                     "core/health", "core/library", "core/settings"},
    "faultserver": set(),
    "cli": {"core/*"},
    "gui": {"core/*"},
    "demo": {"faultserver", "gui", "core/*"},
    "app": {"gui", "demo", "faultserver", "core/*"},
}


def part_of(parts):
    """The part a path (or an include's path) under src/ belongs to."""
    if parts[0] == "core":
        return "core/" + parts[1] if len(parts) > 2 else "core"
    return parts[0]


def allowed(source, target):
    rules = ALLOWED[source]
    return target == source or target in rules or (
        target.startswith("core") and "core/*" in rules)


def self_test():
    """The check catches what it is for: a tree with one wrong include fails, a right one passes."""
    import subprocess
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        base = pathlib.Path(tmp)
        (base / "src/core/protocol").mkdir(parents=True)
        (base / "src/core/net").mkdir(parents=True)
        (base / "src/core/net/A.h").write_text('#include "core/protocol/B.h"\n')
        bad = base / "src/core/protocol/B.h"
        bad.write_text('#include "core/net/A.h"\n')
        run = lambda: subprocess.run([sys.executable, __file__, tmp], capture_output=True).returncode
        caught = run() == 1
        bad.write_text("#include <QString>\n")
        passed = run() == 0
    print(f"a wrong include fails: {caught}; a right tree passes: {passed}")
    return 0 if caught and passed else 1


def main():
    if sys.argv[1:] == ["--self-test"]:
        return self_test()
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    src = root / "src"
    wrong = []
    for path in sorted(src.rglob("*")):
        if path.suffix not in (".cpp", ".h"):
            continue
        source = part_of(path.relative_to(src).parts)
        if source not in ALLOWED:
            wrong.append(f"{path}: {source} is not a part docs/architecture.md names")
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            match = re.match(r'\s*#\s*include\s+"([^"]+)"', line)
            if not match or "/" not in match.group(1):
                continue  # a generated ui_*.h or a sibling
            target = part_of(match.group(1).split("/"))
            if target in ALLOWED and not allowed(source, target):
                wrong.append(f"{path}:{number}: {source} includes {match.group(1)}")
    for line in wrong:
        print(line)
    print(f"{len(wrong)} includes point the wrong way")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
