"""The registry of the variants in this package: realistic wrong answers (mistakes) and correct
alternatives, per topic and exercise function.

A topic's module here (`tests/kit/mutants/<topic>.py`) writes each variant as the body of a
function decorated with `@mistake(function, label)` or `@alternative(function, label)`:

    @mistake("first_image", "keeps the batch dim")
    def _():
        def first_image(x):
            return x[:1]

The body, dedented, is the variant's source: it is appended to the reference solution module
(`solutions/<topic>.py`), so it replaces that one function (or class), with whatever helper
statements it brings. The bodies are real code, so ruff reads them; the names a body takes from
the solution module are imported at the top of the topic's module for ruff's sake. The function
itself is never called. This module is not a topic: `topics()` leaves it out."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import textwrap
from collections.abc import Callable
from dataclasses import dataclass

# {module name: {kind: {function: {label: source}}}}, in the order of definition
_RECORDED: dict[str, dict[str, dict[str, dict[str, str]]]] = {}
_KINDS = ("mistakes", "alternatives")


@dataclass(frozen=True)
class Variants:
    """A topic's variants, each `{function: {label: source}}` in the order of definition."""

    mistakes: dict[str, dict[str, str]]
    alternatives: dict[str, dict[str, str]]


def mistake(function: str, label: str) -> Callable[[Callable], Callable]:
    """Record the decorated function's body as a wrong answer for `function`: it must lose
    points (on that function only, with a message)."""
    return _recorder("mistakes", function, label)


def alternative(function: str, label: str) -> Callable[[Callable], Callable]:
    """Record the decorated function's body as a correct alternative for `function`: it must keep
    every point."""
    return _recorder("alternatives", function, label)


def load(topic: str) -> Variants:
    """The variants of tests/kit/mutants/<topic>.py (imported here; a topic without a module
    raises ModuleNotFoundError)."""
    return recorded(importlib.import_module(f"{__package__}.{topic}").__name__)


def recorded(module: str) -> Variants:
    """The variants that the module named `module` has recorded so far (copies)."""
    by_kind = _RECORDED.get(module, {})
    return Variants(
        **{
            kind: {function: dict(labels) for function, labels in by_kind.get(kind, {}).items()}
            for kind in _KINDS
        }
    )


def topics() -> list[str]:
    """The topics that have variants here, sorted: every module of this package but this one."""
    package = importlib.import_module(__package__)
    own = __name__.rpartition(".")[2]
    return sorted(m.name for m in pkgutil.iter_modules(package.__path__) if m.name != own)


def _recorder(kind: str, function: str, label: str) -> Callable[[Callable], Callable]:
    def record(body: Callable) -> Callable:
        by_function = _RECORDED.setdefault(body.__module__, {k: {} for k in _KINDS})[kind]
        by_label = by_function.setdefault(function, {})
        if label in by_label:
            raise ValueError(
                f"{body.__module__}: {kind[:-1]} {label!r} for {function} is listed twice"
            )
        by_label[label] = body_source(body)
        return body

    return record


def body_source(function: Callable) -> str:
    """The source of `function`'s body, dedented, from the line after its `def` (comments right
    below the `def` included) to the end of its last statement."""
    lines, _ = inspect.getsourcelines(function)
    source = "".join(lines)
    # A def nested in a block keeps its indentation: parse it as the body of an `if`.
    nested = source[:1].isspace()
    tree = ast.parse("if True:\n" + source if nested else source)
    node = tree.body[0].body[0] if nested else tree.body[0]
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        raise TypeError(f"{function!r} is not defined by a def statement")
    offset = 2 if nested else 1  # the line number in `tree` of lines[0]
    first, last = node.body[0], node.body[-1]
    start = min([first.lineno] + [d.lineno for d in getattr(first, "decorator_list", [])])
    if start == node.lineno:
        raise ValueError(f"{function.__qualname__}: write the body on lines of its own")
    start -= offset
    indent = lines[start][: len(lines[start]) - len(lines[start].lstrip())]
    while start - 1 > node.lineno - offset and lines[start - 1].lstrip().startswith("#"):
        start -= 1
    body = lines[start : last.end_lineno - offset + 1]
    text = textwrap.dedent("".join(body))
    if text[:1].isspace():
        # A line less indented than the body (in a multi-line string, or a comment) keeps
        # textwrap from dedenting: take the body's own indentation off each line that has it.
        text = "".join(line[len(indent) :] if line.startswith(indent) else line for line in body)
    return text if text.endswith("\n") else text + "\n"
