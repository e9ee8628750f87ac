"""A topic cannot be half done: every exercise of `solutions/` has a public check, a hidden check,
a meta-device check and a CUDA check (or a stated reason for leaving one out), and at least one
realistic mistake among the mutants; every topic has its mutants file, its place in the course
order and its hints.

What counts:
- an exercise: a top-level function or class of `solutions/<topic>.py` (not `_private`) whose
  source holds a `### BEGIN SOLUTION` block (the stubs are made from those);
- a check of it: a collected grading test marked `@exercise("<topic>.<name>")`, public or hidden by
  its folder;
- its meta check: such a hidden test whose name says `meta` (`test_meta_device_kept`, ...); its
  CUDA check: one that carries `requires_cuda` (grader.checks.devices);
- a reason: `DEVICE_CHECKS_LEFT_OUT = {name: LeftOut(meta=why, cuda=why)}` in the topic's hidden
  suite (grader.checks.devices.LeftOut); a reason for a check that exists is stale and fails too.
"""

from __future__ import annotations

import ast
import contextlib
import importlib
import io
from dataclasses import dataclass, field

import pytest

from grader.checks.devices import LeftOut, needs_cuda
from grader.plugin import _INFO
from grader.topics import COURSE_ORDER
from tests.kit.conftest import ROOT
from tests.kit.mutants import variants

SOLUTIONS = ROOT / "solutions"
TOPICS = sorted(p.stem for p in SOLUTIONS.glob("*.py") if p.stem != "__init__")
KINDS = ("public", "hidden", "meta", "cuda")


def exercises(topic: str) -> list[str]:
    source = (SOLUTIONS / f"{topic}.py").read_text(encoding="utf-8")
    return [
        node.name
        for node in ast.parse(source).body
        if isinstance(node, (ast.FunctionDef, ast.ClassDef))
        and not node.name.startswith("_")
        and "### BEGIN SOLUTION" in ast.get_source_segment(source, node)
    ]


@dataclass
class Coverage:
    """What the suites and the mutants hold for one topic."""

    checks: dict[str, set[str]] = field(default_factory=dict)  # name -> subset of KINDS
    left_out: dict[str, LeftOut] = field(default_factory=dict)  # DEVICE_CHECKS_LEFT_OUT
    mistakes: dict[str, dict] = field(default_factory=dict)  # name -> {label: source}


def gaps(topic: str, names: list[str], coverage: Coverage) -> list[str]:
    """What `topic` lacks, one sentence each (empty when it is complete)."""
    found = []
    for name in names:
        have = coverage.checks.get(name, set())
        reasons = coverage.left_out.get(name, LeftOut())
        for kind in KINDS:
            reason = getattr(reasons, kind, None)
            if kind in have and reason:
                found.append(
                    f"{topic}.{name}: a {kind} check exists, yet a reason is given for none"
                )
            elif kind not in have and not reason:
                why = " (or a reason in DEVICE_CHECKS_LEFT_OUT)" if kind in ("meta", "cuda") else ""
                found.append(f"{topic}.{name}: no {kind} check{why}")
        if not coverage.mistakes.get(name):
            found.append(f"{topic}.{name}: no realistic mistake in tests/kit/mutants/{topic}.py")
    for name in sorted(set(coverage.left_out) - set(names)):
        found.append(f"{topic}: DEVICE_CHECKS_LEFT_OUT names {name}, which is not an exercise")
    return found


class _Collector:
    def __init__(self):
        self.checks: dict[str, dict[str, set[str]]] = {}

    def pytest_collection_finish(self, session):
        for item in session.items:
            info = item.stash.get(_INFO, None)
            if info is None:
                continue
            topic, name = info["function"].split(".", 1)
            kinds = self.checks.setdefault(topic, {}).setdefault(name, set())
            kinds.add(info["visibility"])
            if info["visibility"] == "hidden" and "meta" in item.originalname:
                kinds.add("meta")
            if needs_cuda(item):
                kinds.add("cuda")


@pytest.fixture(scope="module")
def collected() -> dict[str, dict[str, set[str]]]:
    collector = _Collector()
    with contextlib.redirect_stdout(io.StringIO()):
        code = pytest.main(
            [
                str(ROOT / "tests" / "grading"),
                f"--rootdir={ROOT}",
                "-p",
                "grader.plugin",
                "-p",
                "no:cacheprovider",
                "--collect-only",
                "-q",
                "--in-process",
            ],
            plugins=[collector],
        )
    assert code == pytest.ExitCode.OK, f"collecting the grading suites failed: {code!r}"
    return collector.checks


@pytest.mark.parametrize("topic", TOPICS)
def test_every_exercise_has_its_checks_and_mistakes(topic, collected):
    try:
        table = variants.load(topic)
    except ModuleNotFoundError:
        pytest.fail(f"{topic} has no mutants file: write tests/kit/mutants/{topic}.py")
    try:
        suite = importlib.import_module(f"tests.grading.hidden.test_{topic}")
    except ModuleNotFoundError:
        pytest.fail(f"{topic} has no hidden suite: write tests/grading/hidden/test_{topic}.py")
    coverage = Coverage(
        checks=collected.get(topic, {}),
        left_out=getattr(suite, "DEVICE_CHECKS_LEFT_OUT", {}),
        mistakes=table.mistakes,
    )
    names = exercises(topic)
    assert names, f"solutions/{topic}.py holds no exercise (no ### BEGIN SOLUTION block)"
    if found := gaps(topic, names, coverage):
        pytest.fail("\n".join(found))


@pytest.mark.parametrize("topic", TOPICS)
def test_every_topic_has_its_place_and_hints(topic):
    assert topic in COURSE_ORDER, f"{topic} is not in grader/topics.py's COURSE_ORDER"
    assert (ROOT / "hints" / f"{topic}.toml").is_file(), f"{topic} has no hints/{topic}.toml"


def test_gaps_finds_what_a_half_done_topic_lacks():
    coverage = Coverage(
        checks={"done": set(KINDS), "half": {"public"}, "reasoned": {"public", "hidden"}},
        left_out={
            "reasoned": LeftOut(meta="returns a float", cuda="returns a float"),
            "done": LeftOut(cuda="stale"),
            "gone": LeftOut(meta="renamed since"),
        },
        mistakes={"done": {"x": ""}, "reasoned": {"y": ""}},
    )
    found = gaps("t", ["done", "half", "reasoned"], coverage)
    assert found == [
        "t.done: a cuda check exists, yet a reason is given for none",
        "t.half: no hidden check",
        "t.half: no meta check (or a reason in DEVICE_CHECKS_LEFT_OUT)",
        "t.half: no cuda check (or a reason in DEVICE_CHECKS_LEFT_OUT)",
        "t.half: no realistic mistake in tests/kit/mutants/t.py",
        "t: DEVICE_CHECKS_LEFT_OUT names gone, which is not an exercise",
    ]
    complete = Coverage(checks={"done": set(KINDS)}, mistakes={"done": {"x": ""}})
    assert gaps("t", ["done"], complete) == []
