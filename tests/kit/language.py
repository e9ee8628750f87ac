"""Which parts of a message are not in the language the student asked for (issue 14).

- Chinese messages: a run of four or more English words once code is taken out (backticks,
  calls, indexing, shapes, dotted names, identifiers with `_`, `=`, `->`, names with digits such
  as float32). Numbers are taken out without breaking a run ("120 of 150 values differ" is the
  English run "of values differ").
- English messages: Chinese (CJK characters or CJK/fullwidth punctuation) once the course's
  lesson titles (grader.lessons) are taken out.

In both, quoted text is left alone: what the kit did not write, which it quotes as such
(grader.i18n.quote: “…” or 「…」), and the lines it indents (a traceback, a submission's output).
"""

from __future__ import annotations

import re

from grader.i18n import CJK_CHARS
from grader.lessons import titles

WORD = r"[A-Za-z]+(?:['-][A-Za-z]+)*"
# what may stand between two words of one run: blanks and light punctuation. Anything else (CJK,
# `：`, `。`, `.`, `(`, a removed code token) ends the run.
RUN_GLUE = r"[\s,;:'\"-]+"
ENGLISH_RUN = re.compile(rf"{WORD}(?:{RUN_GLUE}{WORD}){{3,}}")  # four words or more

CODE_BREAK = "\x00"  # masks code: not a word character and not glue, so it ends a run
ID = r"[A-Za-z0-9_]"
NOT_ID_BEFORE = rf"(?<!{ID})"
NOT_ID_AFTER = rf"(?!{ID})"
QUOTED = [
    re.compile(r"“[^”]*”"),
    re.compile(r"「[^」]*」"),
    re.compile(r"(?m)^[ \t]+\S.*$"),  # an indented line
]
# a call or an indexing with no bracket inside; applied until nothing changes, so that nested
# ones (x.index_select(0, torch.tensor(i))) go from the inside out
CALL_OR_INDEX = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*[(\[][^()\[\]\n]*[)\]]")
BACKTICKS = re.compile(r"`+[^`]*`+")  # `code` and ``code``
CODE_PATTERNS = [
    re.compile(r"\[[^\[\]\n]*\]"),  # shapes and lists: [2, 4, 5, 3], [b, c, h, w]
    re.compile(rf"{NOT_ID_BEFORE}[A-Za-z_]{ID}*(?:\.{ID}+)+"),  # x.view, torch.Tensor, e.g
    re.compile(rf"{ID}*_{ID}*"),  # first_image, __init__
    re.compile(r"\S*(?:->|=)\S*"),  # dim=1, a -> b
]
NUMBER = re.compile(rf"{NOT_ID_BEFORE}[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?%?{NOT_ID_AFTER}")
NAME_WITH_DIGITS = re.compile(
    rf"{NOT_ID_BEFORE}(?=[A-Za-z0-9]*\d)(?=[A-Za-z0-9]*[A-Za-z])[A-Za-z0-9]+{NOT_ID_AFTER}"
)
CJK_RUN = re.compile(f"[{CJK_CHARS}]+")
LESSON_TITLES = titles()


def _mask(text: str, pattern: re.Pattern, fill: str) -> str:
    """`text` with each match of `pattern` overwritten by `fill`, keeping every offset."""
    return pattern.sub(lambda m: fill * len(m.group()), text)


def mask_quoted(message: str) -> str:
    for pattern in QUOTED:
        message = _mask(message, pattern, CODE_BREAK)
    return message


def mask_code(message: str) -> str:
    """The message with quoted text and code overwritten (same length, so offsets still point
    into it)."""
    text = _mask(mask_quoted(message), BACKTICKS, CODE_BREAK)
    while True:
        unnested = _mask(text, CALL_OR_INDEX, CODE_BREAK)
        if unnested == text:
            break
        text = unnested
    for pattern in CODE_PATTERNS:
        text = _mask(text, pattern, CODE_BREAK)
    # Numbers go before names with digits, so that 1e-5 is one number, not the name "1e".
    # A number is part of the sentence around it: it becomes a blank, which keeps the run going.
    text = _mask(text, NUMBER, " ")
    return _mask(text, NAME_WITH_DIGITS, CODE_BREAK)


def english_runs(message: str) -> list[tuple[int, int]]:
    """Spans (in `message`) of the runs of four or more English words outside code and quotes."""
    return [m.span() for m in ENGLISH_RUN.finditer(mask_code(message))]


def chinese_runs(message: str) -> list[tuple[int, int]]:
    """Spans (in `message`) of the Chinese outside lesson titles and quotes."""
    text = mask_quoted(message)
    for title in LESSON_TITLES:
        text = text.replace(title, " " * len(title))
    return [m.span() for m in CJK_RUN.finditer(text)]


def highlight(message: str, spans: list[tuple[int, int]]) -> str:
    """The message with each span put in «»."""
    parts, last = [], 0
    for start, end in spans:
        parts += [message[last:start], "«", message[start:end], "»"]
        last = end
    parts.append(message[last:])
    return "".join(parts)
