"""`grade reset indexing.every_other_pixel`: that exercise's stub back, the student's file kept.

The stub comes from the kit's solutions (`grade stubs` makes the same one) or, in a student
bundle, from the stubs as they were handed out (`.grade/stubs/`, written by `grade release`).
Before the file changes, the whole of it is copied next to it (`indexing.py.bak-<time>`, never
overwriting an older copy), so nothing the student wrote is lost. A file that does not parse (a
half-typed line) is handled too: a definition runs from its `def`/`class` line (with its
decorators) to the next line that starts at the left margin.
"""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

from grader.i18n import tr
from grader.topics import kit_root

HANDED_OUT = Path(".grade") / "stubs"  # in a student bundle, beside exercises/


class ResetError(ValueError):
    """Nothing to reset, or no stub to reset it to; the message says why."""


def handed_out_stub(topic: str, root: Path | None = None) -> str:
    """The topic's stub as the student got it."""
    root = root or kit_root()
    copy = root / HANDED_OUT / f"{topic}.py"
    if copy.is_file():
        return copy.read_text(encoding="utf-8")
    solution = root / "solutions" / f"{topic}.py"
    if solution.is_file():
        from grader.stubs import make_stub

        return make_stub(solution.read_text(encoding="utf-8"), str(solution))
    raise ResetError(
        tr(
            f"no stub of {topic} to reset to (neither {copy} nor {solution})",
            f"找不到 {topic} 的初始代码（{copy} 和 {solution} 都不存在）",
        )
    )


def _span(lines: list[str], name: str) -> tuple[int, int] | None:
    """[start, end) of the last top-level definition of `name`, decorators included."""
    pattern = re.compile(rf"^(?:async\s+def|def|class)\s+{re.escape(name)}\b")
    starts = [i for i, line in enumerate(lines) if pattern.match(line)]
    if not starts:
        return None
    start = starts[-1]
    while start > 0 and lines[start - 1].startswith("@"):
        start -= 1
    end = starts[-1] + 1
    while end < len(lines) and not (lines[end][:1].strip() and lines[end][0] not in "#)]}"):
        end += 1
    while end > start + 1 and not lines[end - 1].strip():  # the blank lines stay outside
        end -= 1
    return start, end


def reset(exercises: Path, target: str, root: Path | None = None) -> tuple[Path, Path]:
    """Put the stub of `target` ("topic.function", or "topic" for the whole file) back in
    `exercises/<topic>.py`; returns (the file, the backup of what it held)."""
    topic, _, name = target.partition(".")
    path = exercises / f"{topic}.py"
    stub = handed_out_stub(topic, root)
    if not path.is_file():
        raise ResetError(tr(f"there is no {path}", f"{path} 不存在"))
    current = path.read_text(encoding="utf-8")
    if name:
        stub_lines, lines = stub.splitlines(keepends=True), current.splitlines(keepends=True)
        piece = _span(stub_lines, name)
        if piece is None:
            raise ResetError(
                tr(
                    f"{topic} has no exercise {name!r}: see `grade list`",
                    f"{topic} 中没有练习 {name!r}：运行 `grade list` 可查看有哪些练习",
                )
            )
        replacement = stub_lines[piece[0] : piece[1]]
        mine = _span(lines, name)
        if mine is None:  # deleted: the stub goes back at the end
            new = current.rstrip("\n") + "\n\n\n" + "".join(replacement)
        else:
            new = "".join(lines[: mine[0]] + replacement + lines[mine[1] :])
    else:
        new = stub
    if new == current:
        raise ResetError(
            tr(
                f"{target} is already the stub: nothing to reset",
                f"{target} 已经是初始代码：无需恢复",
            )
        )
    backup = _backup_path(path)
    shutil.copy2(path, backup)
    path.write_text(new, encoding="utf-8")
    return path, backup


def _backup_path(path: Path) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    candidate = path.with_name(f"{path.name}.bak-{stamp}")
    n = 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.name}.bak-{stamp}-{n}")
    return candidate
