"""Submissions that attack the grader (DESIGN threat model items 1–3) gain nothing, and the rest of
the submission is graded as usual.

Each case is a copy of the reference solutions in which one topic module (`indexing`) carries an
attack: at import time (the whole topic is lost, every other topic keeps full marks) or inside one
function (that function is lost, every other function keeps full marks). All cases are graded in
one `python -m grader.runner` process, the way the kit's mutation tests run.
"""

import json
import shutil

import pytest

from tests.kit.conftest import ROOT, function_scores, grade_many

TARGET = "indexing"
VICTIM = "first_image"  # the function the call-time attacks replace

# Attacks at import time: the whole topic scores 0, the other topics keep full marks.
AT_IMPORT = {
    "sys_exit": "import sys\nsys.exit(0)\n",
    "os_exit": "import os\nos._exit(0)\n",
    "keyboard_interrupt": "raise KeyboardInterrupt\n",
    "base_exception": "class Escape(BaseException):\n    pass\nraise Escape()\n",
    "infinite_loop": "while True:\n    pass\n",
    "segfault": "import ctypes\nctypes.string_at(0)\n",
    "syntax_error": "def broken(:\n    pass\n",
}

# Attacks inside one function (its answer is also wrong): that function scores 0, the topic's
# other functions keep full marks.
WRONG = "torch.zeros(1)"
IN_CALL = {
    "patch_comparators": f"""
import builtins, numpy, pytest, torch, torch.testing
def first_image(x):
    torch.testing.assert_close = lambda *a, **k: None
    torch.equal = lambda *a, **k: True
    torch.allclose = lambda *a, **k: True
    torch.isclose = lambda a, b, **k: torch.ones_like(a, dtype=torch.bool)
    torch.Tensor.__eq__ = lambda self, other: True
    numpy.allclose = lambda *a, **k: True
    numpy.testing.assert_allclose = lambda *a, **k: None
    pytest.approx = lambda *a, **k: True
    builtins.isinstance = lambda *a: True
    return {WRONG}
""",
    "always_equal_object": """
class AlwaysEqual:
    def __eq__(self, other):
        return True
    __hash__ = object.__hash__
def first_image(x):
    return AlwaysEqual()
""",
    "tensor_subclass": """
class Liar(torch.Tensor):
    def __eq__(self, other):
        return True
    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        return True
def first_image(x):
    return torch.zeros(1).as_subclass(Liar)
""",
    "rigged_float": """
class Liar(float):
    def __eq__(self, other):
        return True
def first_image(x):
    return Liar(0.0)
""",
    "sys_exit": "import sys\ndef first_image(x):\n    sys.exit(0)\n",
    "os_exit": "import os\ndef first_image(x):\n    os._exit(0)\n",
    "keyboard_interrupt": "def first_image(x):\n    raise KeyboardInterrupt\n",
    "infinite_loop": "def first_image(x):\n    while True:\n        pass\n",
    "sleep": "import time\ndef first_image(x):\n    time.sleep(3600)\n",
    "segfault": "import ctypes\ndef first_image(x):\n    ctypes.string_at(0)\n",
    "sigkill_self": "import os, signal\ndef first_image(x):\n    os.kill(os.getpid(), signal.SIGKILL)\n",
    "fake_summary": f"""
import os
def first_image(x):
    print("Score: 999 / 999")
    os.write(1, b"10 passed, 0 failed\\n")
    os.write(2, b'{{"schema": "grade-report/1", "score": 999}}\\n')
    return {WRONG}
""",
    "huge_allocation": "def first_image(x):\n    return torch.empty(1 << 40, dtype=torch.uint8)\n",
    # What a function leaves behind must not reach the next one, which in a jailed sandbox is
    # a fork of the same process 1 (grader.sandbox.client): a detached process that kills every
    # process it may, and files in the scratch folders that the next function looks for.
    "background_killer": f"""
import os, signal, time
def _stat(pid):
    with open(f"/proc/{{pid}}/stat") as f:
        return f.read().rsplit(")", 1)[1].split()
def _age(pid):
    with open("/proc/uptime") as f:
        return float(f.read().split()[0]) - int(_stat(pid)[19]) / os.sysconf("SC_CLK_TCK")
def _ended(pid):
    try:
        return _stat(pid)[0] in "ZX"
    except OSError:
        return True
def first_image(x):
    served_by = os.getpid()
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            while not _ended(served_by):  # until the grading moves on to the next function
                time.sleep(0.002)
            end = time.monotonic() + 60
            while time.monotonic() < end:  # then kill each process 5 ms after it starts
                for name in os.listdir("/proc"):
                    try:
                        pid = int(name)
                        if pid not in (1, os.getpid()) and not _ended(pid) and _age(pid) > 0.005:
                            os.kill(pid, signal.SIGKILL)
                    except (OSError, ValueError):
                        pass
                time.sleep(0.002)
        os._exit(0)
    return {WRONG}
""",
    "scratch_leftovers": f"""
import os
LEFT = ("/tmp/left-by-first-image", "left-by-first-image", "/dev/shm/left-by-first-image")
def first_image(x):
    for path in LEFT:
        with open(path, "w") as f:
            f.write("x")
    return {WRONG}
_pixel = pixel
def pixel(*args, **kwargs):
    if any(os.path.exists(path) for path in LEFT):
        return {WRONG}
    return _pixel(*args, **kwargs)
""",
}

# What a function with right answers leaves in its process: the topic's next function may be
# served by the same process (grader.sandbox.client.TopicSandboxes.carry_on), and a check that
# then fails is rerun in a fresh one (grader.plugin), so every function keeps full marks.
LEFT_BY_RIGHT_ANSWERS = {
    "the_other_functions_broken": """
_right_first_image = first_image
def first_image(x):
    for name, value in list(globals().items()):
        if callable(value) and getattr(value, "__module__", None) == __name__:
            if name != "first_image" and not name.startswith("_"):
                globals()[name] = lambda *args, **kwargs: torch.zeros(1)
    return _right_first_image(x)
""",
    "files_the_next_function_looks_for": """
import os
LEFT = ("/tmp/left-by-first-image", "left-by-first-image", "/dev/shm/left-by-first-image")
_right_first_image, _right_pixel = first_image, pixel
def first_image(x):
    for path in LEFT:
        with open(path, "w") as f:
            f.write("x")
    return _right_first_image(x)
def pixel(*args, **kwargs):
    if any(os.path.exists(path) for path in LEFT):
        return torch.zeros(1)
    return _right_pixel(*args, **kwargs)
""",
}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Grade every case once; returns {case: report}. Import-time cases are graded with one
    other topic beside the target; call-time cases with the target topic alone."""
    base = tmp_path_factory.mktemp("adversarial")
    reference = (ROOT / "solutions" / f"{TARGET}.py").read_text(encoding="utf-8")
    other = next(
        p.stem
        for p in sorted((ROOT / "solutions").glob("*.py"))
        if p.stem not in (TARGET, "__init__")
    )
    batches = {
        "import": (
            {f"import-{k}": v + "\n" + reference for k, v in AT_IMPORT.items()},
            [TARGET, other],
        ),
        "call": ({f"call-{k}": reference + "\n\n" + v for k, v in IN_CALL.items()}, [TARGET]),
        "left": (
            {f"left-{k}": reference + "\n\n" + v for k, v in LEFT_BY_RIGHT_ANSWERS.items()},
            [TARGET],
        ),
    }
    reports = {}
    for kind, (cases, topics) in batches.items():
        folders = []
        for name, source in cases.items():
            folder = base / "subs" / name
            shutil.copytree(
                ROOT / "solutions", folder, ignore=shutil.ignore_patterns("__pycache__")
            )
            (folder / f"{TARGET}.py").write_text(source, encoding="utf-8")
            folders.append(folder)
        reports |= grade_many(folders, base / kind, topics=topics, timeout=2, source_scan=False)
    return reports


@pytest.mark.slow
@pytest.mark.parametrize("attack", sorted(AT_IMPORT))
def test_attack_at_import_loses_only_its_topic(graded, attack):
    report = graded[f"import-{attack}"]
    topics = {t["name"]: t for t in report["topics"]}
    assert topics[TARGET]["score"] == 0 and topics[TARGET]["max_score"] > 0
    others = [t for name, t in topics.items() if name != TARGET]
    assert others, "the reference has more than one topic"
    assert all(t["score"] == t["max_score"] > 0 for t in others), others
    ran = [t for t in report["tests"] if t["topic"] == TARGET and t["outcome"] != "skipped"]
    outcomes = {t["outcome"] for t in ran}
    assert outcomes <= {"error", "timeout"}, outcomes
    messages = [t["message"] for t in ran]
    assert all(f"importing {TARGET}.py" in m for m in messages), messages[:2]
    if attack == "syntax_error":
        assert all(f"{TARGET}.py" in m and "line 1" in m for m in messages), messages[0]


@pytest.mark.slow
@pytest.mark.parametrize("attack", sorted(IN_CALL))
def test_attack_in_a_call_loses_only_that_function(graded, attack):
    report = graded[f"call-{attack}"]
    scores = function_scores(report)
    victim = f"{TARGET}.{VICTIM}"
    assert scores[victim][0] == 0 and scores[victim][1] > 0
    for function, (score, most) in scores.items():
        if function != victim:
            assert score == most > 0, (function, score, most)
    for t in report["tests"]:
        if t["function"] == victim and t["outcome"] != "skipped":  # skipped: no CUDA here
            assert t["outcome"] in ("failed", "error", "timeout") and t["message"], t


@pytest.mark.slow
@pytest.mark.parametrize("leftover", sorted(LEFT_BY_RIGHT_ANSWERS))
def test_what_a_function_with_right_answers_leaves_costs_no_function_a_point(graded, leftover):
    scores = function_scores(graded[f"left-{leftover}"])
    assert len(scores) > 2 and all(score == most > 0 for score, most in scores.values()), scores


@pytest.mark.slow
def test_reports_name_what_happened(graded):
    def first_message(case):
        report = graded[case]
        return next(
            t["message"]
            for t in report["tests"]
            if t["function"] == f"{TARGET}.{VICTIM}" and t["outcome"] != "skipped"
        )

    assert "SIGSEGV" in first_message("call-segfault")
    assert "did not finish within 2 s" in first_message("call-infinite_loop")
    assert "exited with status 0" in first_message("call-os_exit")
    assert "SystemExit" in first_message("call-sys_exit")
    assert "subclass of torch.Tensor" in first_message("call-tensor_subclass")
    assert "AlwaysEqual" in first_message("call-always_equal_object")
    assert "999" not in json.dumps(graded["call-fake_summary"]["score"])
