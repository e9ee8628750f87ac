"""Messages in English or Chinese. The grading run picks the language once (`--lang`)."""

from __future__ import annotations

import locale
import os

_language = "en"


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
