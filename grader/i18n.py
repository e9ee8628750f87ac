"""Messages in English and Chinese. The grading run picks the language once (`--lang`).

A student-facing text is written once, in both languages, where it is used: `tr(en, zh)` for a
sentence rendered on the spot, `Msg(en, zh)` for a label that travels (a named mistake, the name
of what a check looks at) and is rendered in the run's language wherever it is formatted. The
grading checks refuse a sentence in one language only (`MonolingualMessage`), and the kit's
language tests check every pair in the suites and the grader: the Chinese side holds Chinese,
the English side none outside lesson titles (docs/terms.md lists the terms the Chinese uses).
"""

from __future__ import annotations

import locale
import os
import re
from dataclasses import dataclass

_language = "en"

# CJK ideographs and CJK / fullwidth punctuation
CJK_CHARS = "\u3400-\u9fff\u3000-\u303f\uff00-\uffef"
HAS_CJK = re.compile(f"[{CJK_CHARS}]")


class MonolingualMessage(TypeError):
    """A test author gave a student-facing text in one language only (a bug in the kit)."""


def default_language() -> str:
    for var in ("GRADE_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    code = (locale.getlocale()[0] or "").lower()
    return "zh" if code.startswith("zh") else "en"


def set_language(lang: str) -> None:
    global _language
    if lang not in ("en", "zh"):
        raise ValueError(f"unknown language {lang!r}: use en or zh")
    _language = lang


def language() -> str:
    return _language


def tr(en: str, zh: str) -> str:
    """The message in the current language."""
    return zh if _language == "zh" else en


@dataclass(frozen=True)
class Msg:
    """A text in both languages; `str()` and f-strings give the run's language."""

    en: str
    zh: str

    def __post_init__(self):
        if not isinstance(self.en, str) or not isinstance(self.zh, str):
            raise MonolingualMessage(f"Msg takes two strings, got {self.en!r}, {self.zh!r}")
        if not HAS_CJK.search(self.zh) and self.zh != self.en:
            raise MonolingualMessage(f"the Chinese of {self.en!r} holds no Chinese: {self.zh!r}")

    @classmethod
    def code(cls, name: str) -> Msg:
        """A name from code (``x.grad``, ``W1``): the same in both languages."""
        return cls(name, name)

    def __str__(self) -> str:
        return tr(self.en, self.zh)

    def __deepcopy__(self, memo) -> Msg:
        return self  # frozen: a copy of a kept mistake's name (grader.checks.oracle) is itself

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


def label(text: str | Msg, argument: str = "what") -> Msg:
    """`text` as a `Msg`: a `Msg` as it is, a plain string only if it is a name from code (no
    blank in it, e.g. ``W1`` or ``model.fc.weight``); a plain sentence is refused."""
    if isinstance(text, Msg):
        return text
    if isinstance(text, str) and text and not any(c.isspace() for c in text):
        return Msg.code(text)
    raise MonolingualMessage(
        f"{argument}={text!r}: a student-facing text must be a grader.i18n.Msg(en, zh) "
        "(a plain string is accepted only for a name from code, with no blank in it)"
    )


def before_chinese(text: str | Msg) -> str:
    """`text` in the run's language, followed by a blank when Chinese comes next and it ends in
    a Latin letter, a digit or a bracket (``x.grad 的形状``, but ``结果的形状``)."""
    rendered = str(text)
    if _language == "zh" and rendered and (rendered[-1].isascii() and not rendered[-1].isspace()):
        return rendered + " "
    return rendered


def quote(text: str) -> str:
    """Text the kit did not write (an exception's message, what a submission printed), quoted as
    such: “text” in English, 「text」 in Chinese. The language tests leave quoted text alone."""
    return tr(f"“{text}”", f"「{text}」")
