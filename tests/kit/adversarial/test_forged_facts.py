"""Forging what the sandbox reports about how an answer was computed.

Each attack is a wrong answer that also rewrites, inside its sandbox, the fact that would give it
away: the torch calls of a by-hand function, the storage of a result that should be a view, the
modes the kit's probe network ran in. Graded without the source scan (grader/source_scan.py), the
attacks that reach into the kit score full marks: what a process reports about itself cannot be
trusted once its code reaches the reporter. Graded as the kit grades, the topic scores 0 and is
flagged. Attacks that need no reach (rewriting the probe's own log) and blunt interference with
the recorder (grader/sandbox/facts.py: the fact pipe and the canary) fail even without the scan.
"""

import re
import shutil
from unittest import mock

import pytest
import torch

from grader.sandbox import facts, protocol
from grader.sandbox.client import RecorderInterference, Student, TopicSandboxes
from tests.kit.conftest import ROOT, function_scores, grade_many

FORGED_CALL_LOG = """
import grader.sandbox.facts as _facts

_send = _facts.EMITTER.emit


def _without_gather(kind, value):
    if not (kind == "call" and value in ("gather", "take_along_dim")):
        _send(kind, value)


_facts.EMITTER.emit = _without_gather


def gather_by_hand(input, dim, index):
    return getattr(torch, "gat" + "her")(input, dim, index)  # the built-in, out of the source's sight
"""

FORGED_STORAGE = """
import grader.sandbox.worker as _worker

_account = _worker._tensor_facts


def _as_views(value, inputs):
    return [dict(fact, shares_input_storage=True) for fact in _account(value, inputs)]


_worker._tensor_facts = _as_views


def expand_bias(bias, shape):
    return bias.expand(shape).clone()  # a copy where a view is asked
"""

FORGED_PROBE_MODES = """
import grader.sandbox.facts as _facts

_send = _facts.EMITTER.emit


def _as_if_testing(kind, value):
    _send(kind, {"training": False, "grad_enabled": False} if kind == "probe" else value)


_facts.EMITTER.emit = _as_if_testing


def evaluate(model, loader, device):  # neither model.eval() nor torch.no_grad()
    correct = total = 0
    for x, y in loader:
        correct += (model(x.reshape(x.shape[0], -1)).argmax(dim=1) == y).sum().item()
        total += y.shape[0]
    return correct / total
"""

# Rewrites what the old judge read back (the probe's own list): needs no reach at all.
REWRITTEN_PROBE_LOG = """
def evaluate(model, loader, device):  # neither model.eval() nor torch.no_grad()
    correct = total = 0
    for x, y in loader:
        correct += (model(x.reshape(x.shape[0], -1)).argmax(dim=1) == y).sum().item()
        total += y.shape[0]
    model.forward_log = [{"training": False, "grad_enabled": False}]
    return correct / total
"""

# Silences the recorder wholesale: no call is reported, the canary neither.
SILENCED_RECORDER = """
import grader.sandbox.worker as _worker

_worker.LOG.record = lambda *args, **kwargs: None


def gather_by_hand(input, dim, index):
    return getattr(torch, "gat" + "her")(input, dim, index)
"""

ATTACKS = {  # name: (topic, function, source, needs the scan to be caught)
    "forged_call_log": ("where_gather", "gather_by_hand", FORGED_CALL_LOG, True),
    "forged_storage": ("dims", "expand_bias", FORGED_STORAGE, True),
    "forged_probe_modes": ("mlp_mnist", "evaluate", FORGED_PROBE_MODES, True),
    "rewritten_probe_log": ("mlp_mnist", "evaluate", REWRITTEN_PROBE_LOG, False),
    "silenced_recorder": ("where_gather", "gather_by_hand", SILENCED_RECORDER, False),
}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    base = tmp_path_factory.mktemp("forged")
    reports = {}
    for scan in (True, False):
        for topic in sorted({t for t, *_ in ATTACKS.values()}):
            folders = []
            for name, (where, _, source, _) in ATTACKS.items():
                if where == topic:
                    folder = base / f"{'scan' if scan else 'noscan'}" / name
                    folder.mkdir(parents=True)
                    reference = (ROOT / "solutions" / f"{topic}.py").read_text(encoding="utf-8")
                    (folder / f"{topic}.py").write_text(reference + "\n" + source, encoding="utf-8")
                    folders.append(folder)
            out = base / f"reports-{scan}-{topic}"
            for name, report in grade_many(folders, out, topics=[topic], source_scan=scan).items():
                reports[(name, scan)] = report
    return reports


@pytest.mark.slow
@pytest.mark.parametrize("name", [n for n, a in ATTACKS.items() if a[3]])
def test_reaching_the_reporter_forges_its_facts_without_the_source_scan(graded, name):
    topic, function, _, _ = ATTACKS[name]
    got, most = function_scores(graded[(name, False)])[f"{topic}.{function}"]
    assert got == most > 0, graded[(name, False)]["tests"]


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(set(ATTACKS) - {"rewritten_probe_log"}))
def test_every_forgery_scores_nothing_as_the_kit_grades(graded, name):
    topic, function, _, _ = ATTACKS[name]
    report = graded[(name, True)]
    got, most = function_scores(report)[f"{topic}.{function}"]
    assert got == 0 < most


@pytest.mark.slow
@pytest.mark.parametrize("name", [n for n, a in ATTACKS.items() if a[3]])
def test_the_topic_is_zeroed_and_flagged_for_the_instructor(graded, name):
    topic = ATTACKS[name][0]
    report = graded[(name, True)]
    assert report["score"] == 0 < report["max_score"]
    assert all(t["tampering"] == "source" for t in report["tests"] if t["outcome"] != "skipped")
    flags = [f for f in report["flags"] if f["severity"] == "tampering"]
    assert flags and all(f["topic"] == topic and f["line"] > 0 for f in flags)


@pytest.mark.slow
@pytest.mark.parametrize("scan", [True, False])
def test_rewriting_the_probes_own_log_changes_nothing(graded, scan):
    """The judge reads the probe's modes from the fact pipe, never from the probe object: the
    mistake loses the mode checks' points as it would without the rewrite."""
    report = graded[("rewritten_probe_log", scan)]
    lost = [t for t in report["tests"] if t["function"] == "mlp_mnist.evaluate" and not t["score"]]
    assert lost and any("eval()" in t["message"] for t in lost)
    assert any("no_grad" in t["message"] for t in lost)


@pytest.mark.slow
def test_a_silenced_recorder_is_seen_without_the_source_scan(graded):
    report = graded[("silenced_recorder", False)]
    assert report["score"] == 0 < report["max_score"]
    assert any(t["tampering"] == "recorder" for t in report["tests"])
    # silenced at import: every function's calls show it
    assert "where_gather.gather_by_hand" in [f["code"] for f in report["flags"]]
    assert all(
        f["severity"] == "tampering" and f["topic"] == "where_gather" for f in report["flags"]
    )


def test_the_canary_is_what_sees_a_silenced_recorder(tmp_path):
    """The same attack, one call at a time: the fact pipe says nothing of `gather` (the log is
    silenced: without the canary the by-hand check would pass), and the judge's call raises."""
    reference = (ROOT / "solutions" / "where_gather.py").read_text(encoding="utf-8")
    (tmp_path / "where_gather.py").write_text(reference + SILENCED_RECORDER, encoding="utf-8")
    boxes = TopicSandboxes(tmp_path, timeout=20)
    try:
        x, index = torch.randn(3, 4), torch.tensor([[0, 1], [2, 3], [1, 1]])
        box = boxes.for_topic("where_gather")
        target = protocol.ModuleTarget("where_gather", "gather_by_hand")
        request = protocol.Call(target, [x, 1, index], {}, canary=12345)
        box.facts.discard()
        box.request(boxes._encode(request), 20, "a call")
        seen = box.facts.take()
        assert "gather" not in seen.calls and not seen.canaries
        with pytest.raises(RecorderInterference, match="silenced or replaced"):
            boxes.call("where_gather", target, [x, 1, index], {}, what="gather_by_hand")
    finally:
        boxes.close()


def test_an_honest_call_reports_its_calls_and_every_canary(tmp_path):
    shutil.copy(ROOT / "solutions" / "where_gather.py", tmp_path)
    boxes = TopicSandboxes(tmp_path, timeout=20)
    try:
        target = protocol.ModuleTarget("where_gather", "relu_where")
        call = boxes.call("where_gather", target, [torch.randn(3)], {}, what="relu_where")
        assert "where" in call.calls and call.tensor_facts
    finally:
        boxes.close()


@pytest.mark.parametrize(
    "frame",
    [
        b'{"k": "call", "v": "gather"}',
        b'{"k": "canary", "v": "torch-function mode:12345"}',
        b'{"k": "call", "v": "a\\"b"}',  # an escaped quote: the JSON parser's
        b'{"k": "call", "v": "\\u4e2d"}',
        b'{"k": "call", "v": "x"} ',
        b'{"k": "call", "v": "x", "k": "canary"}',  # a repeated key: the last one counts
        b'{"k": "call", "v": ["gather"]}',
        b'{"k": "probe", "v": "gather"}',
        b'{"k":"call","v":"gather"}',
        b'{"k": "call", "v": "gath\xc3\xa9r"}',  # raw UTF-8 in a string: json reads it
        b'{"k": "call", "v": "x\x00"}',
    ],
)
def test_the_fast_reading_of_a_name_frame_means_what_json_means(frame):
    """grader.sandbox.facts reads the emitter's own frame for a name without json.loads; for any
    frame, forged or not, it must sort to the same facts as the JSON parser would."""
    fast, parsed = facts.CallFacts(), facts.CallFacts()
    facts._sort(frame, fast)
    with mock.patch.object(facts, "_NAME_FRAME", re.compile(b"(?!)")):  # json.loads for all
        facts._sort(frame, parsed)
    assert (fast.calls, fast.canaries, fast.problems) == (
        parsed.calls,
        parsed.canaries,
        parsed.problems,
    )


def test_a_call_for_its_value_alone_still_sings_the_canary(tmp_path):
    """`student.topic.f(...)` runs outside the recorder's mode (nothing reads its torch calls),
    and its canary is still sung through the mode afterwards: a silenced recorder is seen there
    too, not only in calls whose facts a check reads."""
    reference = (ROOT / "solutions" / "where_gather.py").read_text(encoding="utf-8")
    (tmp_path / "where_gather.py").write_text(reference + SILENCED_RECORDER, encoding="utf-8")
    boxes = TopicSandboxes(tmp_path, timeout=20)
    try:
        x, index = torch.randn(3, 4), torch.tensor([[0, 1], [2, 3], [1, 1]])
        with pytest.raises(RecorderInterference, match="silenced or replaced"):
            Student(boxes).where_gather.gather_by_hand(x, 1, index)
    finally:
        boxes.close()


def test_a_call_for_its_value_alone_records_no_torch_call(tmp_path):
    shutil.copy(ROOT / "solutions" / "where_gather.py", tmp_path)
    boxes = TopicSandboxes(tmp_path, timeout=20)
    try:
        target = protocol.ModuleTarget("where_gather", "relu_where")
        recorded = boxes.call("where_gather", target, [torch.randn(3)], {}, what="relu_where")
        unrecorded = boxes.call(
            "where_gather", target, [torch.randn(3)], {}, what="relu_where", record=False
        )
        assert "where" in recorded.calls and "where" not in unrecorded.calls
    finally:
        boxes.close()
