"""Hidden checks give back no hidden input or expected value (issue 11, item 8;
grader.checks.feedback), however the submission prints, raises or shapes its answers; public
checks keep showing values, and hidden messages still name shapes and the size of the error."""

import re

import pytest

from tests.kit.conftest import ROOT, grade_many

TOPIC = "indexing"

# Every function of the topic prints its arguments and raises them as its message.
LEAK_BY_RAISING = """
import inspect as _inspect, sys as _sys, torch as _torch
_me = _sys.modules[__name__]
def _leaky(name):
    def leak(*args, **kwargs):
        values = [a.flatten()[:8].tolist() if isinstance(a, _torch.Tensor) else a for a in args]
        text = "LEAK<" + repr(values) + ">"
        print(text)
        raise ValueError(text)
    return leak
for _name, _obj in list(vars(_me).items()):
    if _inspect.isfunction(_obj) and _obj.__module__ == __name__ and not _name.startswith("_"):
        setattr(_me, _name, _leaky(_name))
"""

# Every function returns its first argument moved by 12345, so that "got" values would show it.
LEAK_BY_ANSWERING = """
import inspect as _inspect, sys as _sys, torch as _torch
_me = _sys.modules[__name__]
def _echo(name):
    def echo(x, *args, **kwargs):
        return x + 12345 if isinstance(x, _torch.Tensor) else x
    return echo
for _name, _obj in list(vars(_me).items()):
    if _inspect.isfunction(_obj) and _obj.__module__ == __name__ and not _name.startswith("_"):
        setattr(_me, _name, _echo(_name))
"""

DIGIT_IN_LEAK = re.compile(r"LEAK<[^>]*\d")


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    base = tmp_path_factory.mktemp("leaks")
    reference = (ROOT / "solutions" / f"{TOPIC}.py").read_text(encoding="utf-8")
    folders = []
    for name, attack in (("raising", LEAK_BY_RAISING), ("answering", LEAK_BY_ANSWERING)):
        folder = base / name
        folder.mkdir()
        (folder / f"{TOPIC}.py").write_text(reference + "\n" + attack, encoding="utf-8")
        folders.append(folder)
    return grade_many(folders, base / "reports", topics=[TOPIC], source_scan=False)


def _messages(report, visibility):
    return [
        t["message"]
        for t in report["tests"]
        if t["visibility"] == visibility and t["outcome"] not in ("passed", "skipped")
    ]


@pytest.mark.slow
def test_what_a_submission_prints_or_raises_shows_no_hidden_input(reports):
    hidden, public = (
        _messages(reports["raising"], "hidden"),
        _messages(reports["raising"], "public"),
    )
    assert hidden and all("LEAK<" in m for m in hidden)  # the error is still reported
    assert not [m for m in hidden if DIGIT_IN_LEAK.search(m)]
    assert any(DIGIT_IN_LEAK.search(m) for m in public)  # public checks keep the values


@pytest.mark.slow
def test_an_answer_built_from_the_inputs_shows_no_hidden_value(reports):
    hidden, public = (
        _messages(reports["answering"], "hidden"),
        _messages(reports["answering"], "public"),
    )
    assert hidden and not [m for m in hidden if "1234" in m]
    assert any("1234" in m for m in public)
    # still what teaches: shapes, dtypes, the size of the error
    assert any("shape" in m for m in hidden) and any("max abs error" in m for m in hidden)
