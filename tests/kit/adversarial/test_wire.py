"""The judge survives any reply (DESIGN threat model item 8; issue 11, item 5).

A submission runs in its sandbox and can write anything to the channel back to the judge: here
each one, at import, replaces the sandbox's worker so that every reply is the attack. Each attack
must cost the judge bounded time and memory and fail only the call it belongs to, with a message;
the next call gets a fresh sandbox.
"""

import sys
import time

import pytest
import torch

from grader.sandbox.client import (
    SandboxCrash,
    SandboxTimeout,
    Student,
    StudentError,
    TopicSandboxes,
)

# Every reply the worker would send is replaced by what `forged()` returns (bytes for a whole
# frame) or written raw to the channel by `raw(fd)`.
PRELUDE = """
import gc, os, pickle, time
import grader.sandbox.worker as worker
from multiprocessing.connection import Connection

def _channel():
    return next(o for o in gc.get_objects() if isinstance(o, Connection) and not o.closed)

def honest(x):
    return x
"""

FORGE = (
    PRELUDE
    + """
def _forging(self, request):
    message = pickle.loads(request)  # the judge's request, as the worker would read it
    if "load" in repr(message)[:40]:
        return _real(self, request)
    return forged()

_real = worker.Worker.handle
worker.Worker.handle = _forging
"""
)

RAW = (
    PRELUDE
    + """
def _raw(self, request):
    message = pickle.loads(request)
    if "load" in repr(message)[:40]:
        return _real(self, request)
    raw(_channel().fileno())
    time.sleep(3600)

_real = worker.Worker.handle
worker.Worker.handle = _raw
"""
)

ATTACKS = {
    # 2**30 nodes once the shared sub-lists are unfolded (within the nesting limit)
    "expansion_bomb": FORGE
    + """
def forged():
    node = ("v", 1)
    for _ in range(30):
        node = ("l", [node, node])
    return pickle.dumps(node, protocol=5)
""",
    # the same 8 MB of tensor data referred to 10,000 times: 80 GB once rebuilt
    "shared_tensor_bytes": FORGE
    + """
def forged():
    data = bytes(8 << 20)
    tensor = ("T", "uint8", (8 << 20,), "cpu", data, False, False, None)
    return pickle.dumps(("t", [("v", "ok"), ("l", [tensor] * 10000)]), protocol=5)
""",
    "half_frame_then_silence": RAW
    + """
def raw(fd):
    os.write(fd, (1000).to_bytes(4, "big") + b"\\x80\\x05(")
""",
    "gigabyte_header": RAW
    + """
def raw(fd):
    os.write(fd, (-1).to_bytes(4, "big", signed=True) + (1 << 40).to_bytes(8, "big"))
""",
    "import_a_module": FORGE
    + """
def forged():
    func = ("F", "torch.utils.benchmark", "Timer")
    return pickle.dumps(("t", [("v", "ok"), func, ("d", []), ("v", None), ("v", "")]), protocol=5)
""",
    "megabytes_of_text": FORGE
    + """
def forged():
    text = ("v", "A" * (16 << 20))
    return pickle.dumps(
        ("t", [("v", "raise"), ("v", "ValueError"), text, text, ("v", True), text]), protocol=5
    )
""",
    "message_not_text": FORGE
    + """
def forged():
    return pickle.dumps(
        ("t", [("v", "raise"), ("v", None), ("l", []), ("v", 3), ("v", "yes"), ("v", b"")]),
        protocol=5,
    )
""",
    "garbage": FORGE
    + """
def forged():
    return os.urandom(4096)
""",
}


@pytest.fixture
def boxes(tmp_path):
    made = []

    def grade(attack, timeout=2):
        folder = tmp_path / attack
        folder.mkdir()
        (folder / "topic.py").write_text(ATTACKS[attack])
        made.append(TopicSandboxes(folder, timeout=timeout, memory_mb=2048))
        return made[-1]

    yield grade
    for b in made:
        b.close()


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    "attack",
    [
        pytest.param(a, marks=pytest.mark.slow) if a == "half_frame_then_silence" else a
        for a in sorted(ATTACKS)
    ],
)
def test_a_forged_reply_fails_only_its_call(boxes, attack):
    before = set(sys.modules)
    sandboxes = boxes(attack)
    student = Student(sandboxes)
    started = time.monotonic()
    with pytest.raises((SandboxCrash, SandboxTimeout, StudentError)) as failure:
        student.topic.honest(torch.ones(2))
    took = time.monotonic() - started
    message = str(failure.value)
    assert message and len(message) < 20_000, message[:200]
    assert took < 15, took  # the deadline, not a hang; the size bound, not an allocation
    assert "torch.utils.benchmark" not in set(sys.modules) - before
    # the judge goes on: the next call starts a fresh sandbox (which forges again)
    with pytest.raises((SandboxCrash, SandboxTimeout, StudentError)):
        student.topic.honest(torch.ones(2))


def test_an_exception_whose_text_is_empty_or_unreadable_is_reported(tmp_path):
    (tmp_path / "topic.py").write_text(
        "class Mute(Exception):\n"
        "    def __str__(self):\n"
        "        raise RuntimeError('no')\n"
        "def mute():\n"
        "    raise Mute()\n"
        "def empty():\n"
        "    raise ValueError('')\n"
    )
    sandboxes = TopicSandboxes(tmp_path, timeout=5, memory_mb=2048)
    try:
        student = Student(sandboxes)
        for name, kind in (("mute", "Mute"), ("empty", "ValueError")):
            with pytest.raises(StudentError) as failure:
                getattr(student.topic, name)()
            assert failure.value.exc_type == kind and failure.value.message
    finally:
        sandboxes.close()
