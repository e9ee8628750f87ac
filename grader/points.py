"""The points of every exercise, without collecting the suites when they have not changed.

Collecting the suites (grader.runner.collect_points) imports pytest, torch and every suite:
seconds. `grade list` and the like need only the table it yields, so the table is kept in
`<suites>/.points.json` with a fingerprint of the suite files (their names, sizes and contents'
hash); it is recomputed when the fingerprint differs, and simply not kept where the folder is
read-only. Nothing in this module imports torch.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from grader.topics import suite_files

CACHE = ".points.json"


def fingerprint(suites: Path) -> str:
    digest = hashlib.sha256()
    for files in suite_files(suites).values():
        for path in files:
            digest.update(str(path.relative_to(suites)).encode())
            digest.update(path.read_bytes())
    for helper in sorted(suites.rglob("*.py")):  # conftest and shared helpers count too
        if not helper.name.startswith("test_"):
            digest.update(str(helper.relative_to(suites)).encode())
            digest.update(helper.read_bytes())
    grader = Path(__file__).parent  # how markers become points (the plugin, the CUDA rule)
    for own in ("plugin.py", "checks/devices.py"):
        digest.update((grader / own).read_bytes())
    return digest.hexdigest()


def points(suites: Path, cuda: bool = True) -> dict[tuple[str, str], tuple[float, float]]:
    """(topic, function) -> (public points, hidden points), in course order."""
    key = f"{fingerprint(suites)}:{'cuda' if cuda else 'no-cuda'}"
    cache = suites / CACHE
    try:
        stored = json.loads(cache.read_text(encoding="utf-8"))
        if stored.get("key") == key:
            return {(t, f): (float(a), float(b)) for t, f, a, b in stored["points"]}
    except (OSError, ValueError, KeyError, TypeError):
        pass
    from grader.runner import collect_points  # pytest and torch: only when the suites changed

    table = collect_points(suites, cuda=cuda)
    try:
        cache.write_text(
            json.dumps({"key": key, "points": [[t, f, a, b] for (t, f), (a, b) in table.items()]}),
            encoding="utf-8",
        )
    except OSError:
        pass
    return table
