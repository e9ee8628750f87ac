"""Progressive hints, `grade hint indexing.every_other_pixel`: the first a nudge, the last close
to the answer but not it, in English and Chinese.

They live in `hints/<topic>.toml` beside `exercises/` (shipped in the student bundle), one table
per exercise function::

    [every_other_pixel]
    en = ["A nudge.", "Closer.", "Close to the answer, not it."]
    zh = ["提示一。", "提示二。", "提示三。"]

Which hint comes next is remembered per function in a small state file (`GRADE_STATE_DIR`, else
`$XDG_STATE_HOME/grade`, else `~/.local/state/grade`). This module imports neither torch nor
the sandbox: `grade hint` answers at once.
"""

from __future__ import annotations

import functools
import json
import os
from dataclasses import dataclass
from pathlib import Path

import tomllib

from grader.i18n import quote, tr
from grader.topics import kit_root

MIN_HINTS, MAX_HINTS = 2, 3


class HintError(ValueError):
    """No such hint, or a hints file that is malformed; the message says which and why."""


@dataclass(frozen=True)
class Hint:
    en: str
    zh: str


def hints_dir(start: Path | None = None) -> Path:
    """`hints/` beside the grader package (a kit checkout or a student bundle)."""
    return (start or kit_root()) / "hints"


def load_topic(topic: str, folder: Path | None = None) -> dict[str, list[Hint]]:
    """function name -> its hints, in order, from `hints/<topic>.toml`; {} when there is none."""
    return _load(topic, folder or hints_dir())


@functools.lru_cache(maxsize=64)
def _load(topic: str, folder: Path) -> dict[str, list[Hint]]:
    path = folder / f"{topic}.toml"
    if not path.is_file():
        return {}
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise HintError(tr(f"{path}: {quote(str(exc))}", f"{path}：{quote(str(exc))}")) from None
    hints = {}
    for function, entry in table.items():
        en, zh = (entry.get("en"), entry.get("zh")) if isinstance(entry, dict) else (None, None)
        if not (isinstance(en, list) and isinstance(zh, list) and len(en) == len(zh)):
            raise HintError(
                tr(
                    f"{path}: [{function}] needs `en` and `zh` lists of the same length",
                    f"{path}：[{function}] 需要长度相同的 `en` 和 `zh` 两个列表",
                )
            )
        if not all(isinstance(t, str) and t.strip() for t in en + zh):
            raise HintError(
                tr(f"{path}: [{function}] has an empty hint", f"{path}：[{function}] 中有空的提示")
            )
        hints[function] = [Hint(e.strip(), z.strip()) for e, z in zip(en, zh)]
    return hints


def hints_for(function: str, folder: Path | None = None) -> list[Hint]:
    """The hints of "topic.function"; HintError when it has none."""
    topic, _, name = function.partition(".")
    if not name:
        raise HintError(
            tr(
                f"{function!r}: name an exercise as topic.function, e.g. indexing.first_image",
                f"{function!r}：请用 topic.function 的形式指明练习，例如 indexing.first_image",
            )
        )
    found = load_topic(topic, folder).get(name)
    if not found:
        raise HintError(
            tr(
                f"there are no hints for {function}: see `grade list` for the exercises",
                f"{function} 没有提示：运行 `grade list` 可查看有哪些练习",
            )
        )
    return found


def has_hints(function: str, folder: Path | None = None) -> bool:
    try:
        return bool(hints_for(function, folder))
    except HintError:
        return False


def state_file() -> Path:
    base = os.environ.get("GRADE_STATE_DIR")
    if base:
        return Path(base) / "hints.json"
    state = os.environ.get("XDG_STATE_HOME") or os.path.join(Path.home(), ".local", "state")
    return Path(state) / "grade" / "hints.json"


def _shown() -> dict[str, int]:
    try:
        data = json.loads(state_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return (
        {k: v for k, v in data.items() if isinstance(k, str) and type(v) is int}
        if isinstance(data, dict)
        else {}
    )


def next_hint(function: str, level: int | None = None) -> tuple[int, int, Hint]:
    """(its number, how many there are, the hint): hint `level` (1-based), or the one after the
    last shown (the last again once all were shown), which is then remembered as shown."""
    hints = hints_for(function)
    shown = _shown()
    if level is None:
        level = min(shown.get(function, 0) + 1, len(hints))
    if not 1 <= level <= len(hints):
        raise HintError(
            tr(
                f"{function} has hints 1 to {len(hints)}, not {level}",
                f"{function} 的提示是第 1 到第 {len(hints)} 条，没有第 {level} 条",
            )
        )
    shown[function] = max(shown.get(function, 0), level)
    path = state_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(shown, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    except OSError:
        pass  # a read-only home: the hint is still shown, the next one is not remembered
    return level, len(hints), hints[level - 1]


def forget(function: str | None = None) -> None:
    """Start the hints of `function` (or of every exercise) from the first again."""
    shown = _shown() if function else {}
    shown.pop(function or "", None)
    path = state_file()
    if path.is_file() or shown:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(shown, indent=1, sort_keys=True) + "\n", encoding="utf-8")
