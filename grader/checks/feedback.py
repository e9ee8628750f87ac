"""What a check's message may show: values in public checks, none in hidden ones.

A hidden check's inputs and expected values must not come back in its feedback, however the
submission shapes its answers: a student who prints its arguments and raises, or who returns
`x` itself so that the "got" value shows it, could otherwise tabulate a hidden case from one
report and hard-code it in the next. So, in a hidden check (the plugin says which test is
running), `shown(value)` hides the value and `student_text(text)` hides every number in what the
submission itself wrote (exception messages, printed output). What stays is what teaches: the
named mistake, shapes, dtypes, how many values differ, the size of the error, where the first
one is.
"""

from __future__ import annotations

import contextvars
import re

from grader.i18n import Msg

HIDDEN = Msg("‹hidden›", "‹隐藏›")
_visibility = contextvars.ContextVar("grader_check_visibility", default="public")
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|\b(?:nan|inf)\b")


def set_visibility(visibility: str | None) -> None:
    """Called by the plugin before each grading test ("public" or "hidden")."""
    _visibility.set(visibility or "public")


def in_hidden_check() -> bool:
    return _visibility.get() == "hidden"


def shown(value, fmt: str = "!r") -> str:
    """`value` as a message shows it: formatted (`fmt` like ".6g", or "!r" for repr) in a public
    check, hidden in a hidden one."""
    if in_hidden_check():
        return str(HIDDEN)
    if fmt == "!r":
        text = repr(value)
        return text if len(text) <= 80 else text[:77] + "..."
    return format(value, fmt)


def student_text(text: str) -> str:
    """Text the submission wrote (its exception's message, its output): as it is in a public
    check, its numbers replaced by # in a hidden one."""
    if not text or not in_hidden_check():
        return text
    return _NUMBER.sub("#", text)
