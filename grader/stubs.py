"""Stubs from solutions: the one source of truth is `solutions/<topic>.py`.

Every answer in a solution module sits between `### BEGIN SOLUTION` and `### END SOLUTION`
(nbgrader's markers). In the stub, an indented region becomes nbgrader's own placeholder,

    # YOUR CODE HERE
    raise NotImplementedError()

and a region at module level (a helper only the solution needs) disappears.
"""

from __future__ import annotations

import re
from pathlib import Path

from grader.i18n import tr

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
_MARKER = re.compile(r"^(\s*)(### (?:BEGIN|END) SOLUTION)\s*$")


class StubError(ValueError):
    """A solution module whose markers do not pair up."""


def make_stub(source: str, name: str = "<solution>") -> str:
    out, inside, indent = [], False, ""
    for number, line in enumerate(source.splitlines(keepends=True), 1):
        match = _MARKER.match(line)
        if match and match.group(2) == BEGIN:
            if inside:
                raise StubError(
                    tr(
                        f"{name}:{number}: {BEGIN} inside another solution region",
                        f"{name}:{number}：{BEGIN} 出现在另一个答案区域之中",
                    )
                )
            inside, indent = True, match.group(1)
            if indent:
                out.append(f"{indent}# YOUR CODE HERE\n{indent}raise NotImplementedError()\n")
        elif match and match.group(2) == END:
            if not inside:
                raise StubError(
                    tr(
                        f"{name}:{number}: {END} without {BEGIN}",
                        f"{name}:{number}：{END} 前面没有 {BEGIN}",
                    )
                )
            inside = False
        elif not inside:
            out.append(line)
    if inside:
        raise StubError(tr(f"{name}: {BEGIN} is never closed", f"{name}：{BEGIN} 之后没有 {END}"))
    return re.sub(r"\n{3,}(?=\S)", "\n\n\n", "".join(out))


def expected_stubs(solutions: Path) -> dict[str, str]:
    return {
        p.name: make_stub(p.read_text(encoding="utf-8"), str(p))
        for p in sorted(solutions.glob("*.py"))
        if not p.name.startswith("_")
    }


def sync(solutions: Path, exercises: Path, *, check: bool) -> list[str]:
    """Write (or with check=True only compare) the stubs; returns the files that differ."""
    wanted = expected_stubs(solutions)
    differ = []
    for name, text in wanted.items():
        target = exercises / name
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            differ.append(name)
            if not check:
                exercises.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
    extra = [
        p.name
        for p in exercises.glob("*.py")
        if p.name not in wanted and not p.name.startswith("_")
    ]
    return differ + [
        tr(f"{name} (no solution module)", f"{name}（没有对应的参考答案模块）")
        for name in sorted(extra)
    ]
