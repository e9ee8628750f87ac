"""Facts about how a call computed its answer, sent to the judge as they happen.

What a check learns about *how* an answer was computed is observed in the sandbox, where the
submission runs: the torch functions a call used (the worker's recorder), what the kit's probe
network saw (train or eval mode, autograd on or off), whether the result shares the input's
storage. Read back at the end of the call, the submission could first rewrite it. So each fact is
written to a pipe of its own the moment it is observed (`emit`), and the judge reads that pipe
(`FactReader`); nothing the submission does afterwards takes a fact back.

What a submission can still do is write to the pipe itself. Every check built on these facts is
monotone, so an added fact never helps: a forbidden call added is a failure, a probe entry in
the wrong mode is a failure. What it cannot forge without reaching into the kit (which the source
scan scores 0) is the canary: at the end of every call the worker calls each recorded function
once more with a token the judge chose for that call, and the judge expects every token back,
through the recorder, on the pipe. A recorder that was removed, replaced or silenced is then
seen, and is a tampering flag (grader.checks.behaviour), never a pass.

A frame is multiprocessing's framing (4-byte big-endian length) around a JSON object
`{"k": kind, "v": value}`; the judge reads only whole frames of at most FRAME_LIMIT bytes, at
most CALL_LIMIT bytes per call, without ever blocking.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import struct
from dataclasses import dataclass, field

from grader.i18n import tr

# Python-level functions that the torch-function mode does not see: those that take no tensor
# (broadcast_shapes), and autograd entry points called inside a custom Function's backward,
# which autograd runs outside the mode. The worker wraps them at sandbox start, so that every way
# of reaching them (an alias, `from torch import ...`, a Tensor method) is recorded. An entry is
# (module, attribute path in it).
WATCHED_PY_FUNCTIONS = [
    ("torch", "broadcast_shapes"),
    ("torch.functional", "broadcast_shapes"),
    ("torch._refs", "broadcast_shapes"),
    ("torch._refs", "_broadcast_shapes"),
    ("numpy", "broadcast_shapes"),
    ("torch.autograd", "grad"),
    ("torch.autograd", "backward"),
    ("torch", "Tensor.backward"),
]
TORCH_CANARY = "torch-function mode"

FRAME_LIMIT = 64 << 10
CALL_LIMIT = 1 << 20
PIPE_BYTES = 1 << 20  # the pipe's capacity: a call never blocks on facts the judge reads later


class _Emitter:
    """The sandbox's end: writes frames to the fact pipe (no-op where there is none, as in the
    judge, which builds ProbeMLPs of its own)."""

    def __init__(self):
        self.fd: int | None = None
        self.seen: set = set()  # what this call already sent: each fact goes once per call

    def start_call(self) -> None:
        self.seen = set()

    def emit(self, kind: str, value) -> None:
        if self.fd is None:
            return
        # most facts are names (a torch function each time it is called): no JSON for those
        key = (kind, value) if type(value) is str else (kind, json.dumps(value, sort_keys=True))
        if key in self.seen:
            return
        self.seen.add(key)
        payload = json.dumps({"k": kind, "v": value}).encode()
        try:
            os.write(self.fd, struct.pack("!i", len(payload)) + payload)
        except OSError:
            pass  # the judge sees the canary missing


EMITTER = _Emitter()


def emit(kind: str, value) -> None:
    EMITTER.emit(kind, value)


def open_writer(fd: int) -> None:
    """In the sandbox, before any submission code runs: facts go to `fd`."""
    try:
        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    except (OSError, AttributeError):
        pass  # the default capacity (64 KB) holds every fact of any grading call
    EMITTER.fd = fd


def canaries(token: int) -> set[str]:
    """What an intact recorder passes on at the end of a call with this token."""
    names = [TORCH_CANARY, *(f"{module}:{path}" for module, path in WATCHED_PY_FUNCTIONS)]
    return {f"{name}:{token}" for name in names}


_TENSOR_FACT_TYPES = {
    "shares_input_storage": bool,
    "stride": list,
    "storage_offset": int,
    "contiguous": bool,
    "requires_grad": bool,
    "grad_fn": (str, type(None)),
}


def _tensor_facts(value) -> list | None:
    """The worker's account of the result's tensors, checked field by field; None if malformed."""
    if type(value) is not list:
        return None
    checked = []
    for entry in value:
        if type(entry) is not dict or set(entry) != set(_TENSOR_FACT_TYPES):
            return None
        for key, kind in _TENSOR_FACT_TYPES.items():
            if not isinstance(entry[key], kind) or (kind is int and type(entry[key]) is bool):
                return None
        if not all(type(n) is int for n in entry["stride"]):
            return None
        checked.append({**entry, "stride": tuple(entry["stride"])})
    return checked


@dataclass
class CallFacts:
    """What the pipe said about one call."""

    calls: set = field(default_factory=set)  # torch function names, as the recorder saw them
    probe: list = field(default_factory=list)  # {"training", "grad_enabled"} per distinct mode
    tensors: list | None = None  # per result tensor: strides, storage shared with an input, ...
    canaries: set = field(default_factory=set)  # "name:token" the recorder passed on
    problems: list = field(default_factory=list)  # what was wrong with the pipe's bytes


class FactReader:
    """The judge's end: drains whole frames without blocking, and sorts them into CallFacts."""

    def __init__(self, fd: int):
        self.fd = fd
        os.set_blocking(fd, False)
        self.buffer = b""

    def _read_available(self, limit: int) -> tuple[bytes, bool]:
        chunks, size = [], 0
        while size <= limit:
            try:
                chunk = os.read(self.fd, 1 << 16)
            except BlockingIOError:
                break
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks), size > limit

    def discard(self) -> None:
        """Drop what is waiting (facts of no call the judge asked about)."""
        self._read_available(1 << 40)
        self.buffer = b""

    def take(self) -> CallFacts:
        """Everything the sandbox wrote since the last take or discard: all of it is there once
        its reply has arrived, since the worker writes facts before it replies."""
        facts = CallFacts()
        data, flooded = self._read_available(CALL_LIMIT)
        if flooded:
            facts.problems.append(
                tr(
                    f"more than {CALL_LIMIT:,} bytes of facts in one call",
                    f"一次调用上报了超过 {CALL_LIMIT:,} 字节的记录",
                )
            )
            self.discard()
        data, self.buffer = self.buffer + data, b""
        while data:
            if len(data) < 4:
                facts.problems.append(tr("a frame cut short", "一帧记录被截断"))
                break
            (size,) = struct.unpack("!i", data[:4])
            if size < 0 or size > FRAME_LIMIT:
                facts.problems.append(tr(f"a frame of {size:,} bytes", f"一帧 {size:,} 字节的记录"))
                break
            if len(data) < 4 + size:
                facts.problems.append(tr("a frame cut short", "一帧记录被截断"))
                break
            frame, data = data[4 : 4 + size], data[4 + size :]
            _sort(frame, facts)
        return facts


# The frame most facts come in, exactly as the emitter writes it for a name (a torch function, a
# canary) of plain ASCII: read without a JSON parser (a call sends about ten; json.loads cost the
# judge ~0.1 ms a call). Any other frame, forged or not, goes through json.loads.
_NAME_FRAME = re.compile(rb'\{"k": "(call|canary)", "v": "([\x20\x21\x23-\x5b\x5d-\x7e]*)"\}')


def _sort(frame: bytes, facts: CallFacts) -> None:
    if named := _NAME_FRAME.fullmatch(frame):
        kind, value = named[1].decode(), named[2].decode()
        (facts.calls if kind == "call" else facts.canaries).add(value)
        return
    try:
        message = json.loads(frame)
        kind, value = message["k"], message["v"]
    except (ValueError, TypeError, KeyError, RecursionError):
        facts.problems.append(tr("a frame that is not a fact", "一帧不是记录的数据"))
        return
    if kind == "call" and isinstance(value, str):
        facts.calls.add(value)
    elif kind == "probe" and isinstance(value, dict):
        mode = {key: value.get(key) is True for key in ("training", "grad_enabled")}
        if mode not in facts.probe:
            facts.probe.append(mode)
    elif kind == "tensors":
        checked = _tensor_facts(value)
        if checked is None:
            facts.problems.append(
                tr("a malformed account of the result's tensors", "结果张量的报告格式不对")
            )
        elif facts.tensors is not None:  # the worker sends one per call: the other is forged
            facts.problems.append(
                tr("two accounts of the result's tensors", "结果张量被报告了两次")
            )
        facts.tensors = checked
    elif kind == "canary" and isinstance(value, str):
        facts.canaries.add(value)
    else:
        facts.problems.append(
            tr(f"a fact of unknown kind {str(kind)[:40]!r}", f"未知类型的记录 {str(kind)[:40]!r}")
        )
