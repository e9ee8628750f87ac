"""torch._dynamo stays unloaded where grading needs none (grader.dynamo_deferred), and
topics.TRAINING_TOPICS names exactly the topics whose grading loads it. Each case runs in a fresh
interpreter: this one has long loaded it."""

import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from grader.topics import COURSE_ORDER, TRAINING_TOPICS, trains

ROOT = Path(__file__).resolve().parents[2]

META_MASK = """
import json, sys, torch
from grader import dynamo_deferred
deferred = dynamo_deferred.defer() if sys.argv[1] == "defer" else 0
x = torch.zeros(3, 4, device="meta")
try:
    x[x > 0]
    meta = "no error"
except NotImplementedError:
    meta = "NotImplementedError"
before = "torch._dynamo" in sys.modules
y = torch.tensor([[1.0, -2.0], [3.0, -4.0]])
values = y[y > 0].tolist()
import torch._dynamo  # now loaded: the wrapped functions go through torch's own disable
after_values = y[y > 0].tolist()
try:
    x[x > 0]
    meta_after = "no error"
except NotImplementedError:
    meta_after = "NotImplementedError"
print(json.dumps([deferred, meta, before, values, after_values, meta_after]))
"""


def _run(source: str, *args: str) -> list:
    out = subprocess.run(
        [sys.executable, "-c", source, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_a_mask_on_the_meta_device_loads_no_dynamo_once_deferred():
    deferred, meta, loaded, values, after, meta_after = _run(META_MASK, "defer")
    assert deferred > 0  # this torch has the wrapper that dynamo_deferred knows
    assert not loaded
    assert meta == meta_after == "NotImplementedError"  # torch's own answer, both ways
    assert values == after == [1.0, 3.0]


def test_without_it_the_same_mask_loads_dynamo():
    """What `defer` saves: without it, the same line loads torch._dynamo (about a second)."""
    deferred, meta, loaded, values, _, _ = _run(META_MASK, "plain")
    assert deferred == 0 and loaded and meta == "NotImplementedError" and values == [1.0, 3.0]


def test_trains_is_true_for_all_topics_and_for_any_training_one():
    assert trains(None)
    assert trains(["indexing", "optimization"])
    assert not trains(["indexing", "dims"])


GRADE_ONE_TOPIC = """
import json, sys
from pathlib import Path
from grader.runner import grade
report = grade(Path("solutions"), Path("tests/grading"), topics=[sys.argv[1]], timeout=10,
               memory_mb=4096, in_process=True)
print(json.dumps([report.score, report.max_score, "torch._dynamo" in sys.modules]))
"""


@pytest.mark.slow
def test_training_topics_are_exactly_those_whose_grading_loads_dynamo():
    """Each topic's reference graded alone, in one process (judge and submission together):
    torch._dynamo gets loaded for a topic in TRAINING_TOPICS and for no other."""
    with ThreadPoolExecutor(2) as pool:
        results = dict(
            zip(COURSE_ORDER, pool.map(lambda t: _run(GRADE_ONE_TOPIC, t), COURSE_ORDER))
        )
    for topic, (score, max_score, _) in results.items():
        assert score == max_score, topic
    loads = {topic for topic, (_, _, loaded) in results.items() if loaded}
    assert loads == TRAINING_TOPICS
