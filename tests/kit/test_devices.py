"""Device agreement: CUDA checks run where CUDA is, are skipped (and left out of the maximum)
where it is not, and a tensor created on the wrong device loses points on both kinds of machine."""

import json

import pytest
import torch

from grader.checks import to_device
from tests.kit.conftest import ROOT, run_grade

CUDA = torch.cuda.is_available()
needs_cuda = pytest.mark.skipif(not CUDA, reason="no CUDA device")

# relu_where with its zeros made on the CPU: right on a CPU machine, wrong on CUDA and on meta.
ZEROS_ON_CPU = """

def relu_where(x):
    return torch.where(x > 0, x, torch.zeros(x.shape, dtype=x.dtype))
"""


def test_to_device_moves_nested_tensors_generators_and_devices():
    gen = torch.Generator().manual_seed(7)
    x = torch.ones(2, requires_grad=True)
    moved = to_device(
        {"a": [x, (torch.zeros(1), 3)], "d": torch.device("cpu"), "s": "text"}, "meta"
    )
    assert moved["a"][0].device.type == "meta" and moved["a"][0].requires_grad
    assert moved["a"][1][0].device.type == "meta" and moved["a"][1][1] == 3
    assert moved["d"] == torch.device("meta") and moved["s"] == "text"
    assert x.device.type == "cpu"  # the original is left where it was
    # A generator is remade on the device with the same seed (here the CPU: meta has none).
    assert to_device(gen, "cpu").initial_seed() == 7


def _grade(tmp_path, source=""):
    sub = tmp_path / "sub"
    sub.mkdir()
    reference = (ROOT / "solutions" / "where_gather.py").read_text(encoding="utf-8")
    (sub / "where_gather.py").write_text(reference + source, encoding="utf-8")
    out = tmp_path / "r.json"
    proc = run_grade(sub, "-t", "where_gather", "--json", out, "--lang", "en")
    assert proc.returncode == 0, proc.stderr
    return json.loads(out.read_text())


def _cuda_records(report):
    return [t for t in report["tests"] if "test_same_on_cuda[" in t["id"]]


@pytest.mark.slow
def test_cuda_checks_pass_on_cuda_or_are_skipped_without_it(tmp_path):
    report = _grade(tmp_path)
    records = _cuda_records(report)
    assert records, "where_gather has no device-agreement checks"
    assert report["score"] == report["max_score"] > 0
    for t in records:
        if CUDA:
            assert t["outcome"] == "passed" and t["max_score"] == 1, t
        else:
            assert t["outcome"] == "skipped" and t["message"] == "no CUDA device", t
            assert t["score"] == t["max_score"] == 0


@pytest.mark.slow
def test_a_tensor_made_on_the_cpu_loses_points(tmp_path):
    report = _grade(tmp_path, ZEROS_ON_CPU)
    lost = {
        t["id"]: t["message"]
        for t in report["tests"]
        if t["function"] == "where_gather.relu_where" and t["outcome"] in ("failed", "error")
    }
    assert any("meta" in message for message in lost.values()), lost
    if CUDA:
        on_cuda = [m for i, m in lost.items() if "test_same_on_cuda[relu_where]" in i]
        assert on_cuda, lost
        assert "CUDA" in on_cuda[0] or "cuda" in on_cuda[0]


@needs_cuda
def test_sandbox_runs_cuda_under_its_memory_cap(tmp_path):
    (tmp_path / "probe.py").write_text("def double(x):\n    return x * 2\n")
    from grader.sandbox.client import Student, TopicSandboxes

    boxes = TopicSandboxes(str(tmp_path), memory_mb=4096)
    try:
        y = Student(boxes).probe.double(torch.ones(3, device="cuda"))
    finally:
        boxes.close()
    assert y.device.type == "cuda" and y.tolist() == [2.0, 2.0, 2.0]


# relu_where computed on the CPU, in three ways; and one that reads values one at a time.
OFF_DEVICE = {
    ".cpu()": "\n\ndef relu_where(x):\n    return torch.where(x > 0, x, 0.0).cpu()\n",
    ".numpy()": (
        "\n\ndef relu_where(x):\n"
        "    return torch.from_numpy(x.detach().numpy().clip(min=0)).to(x.dtype)\n"
    ),
    "a copy through .tolist()": (
        "\n\ndef relu_where(x):\n"
        "    y = torch.tensor(x.tolist(), dtype=x.dtype)\n"
        "    return torch.where(y > 0, y, 0.0)\n"
    ),
}
READS_VALUES = (
    "\n\ndef relu_where(x):\n"
    "    out = torch.zeros(x.shape, dtype=x.dtype, device=x.device)\n"
    "    flat, result = x.reshape(-1), out.view(-1)\n"
    "    for i in range(flat.numel()):\n"
    "        if flat[i].item() > 0:\n"
    "            result[i] = flat[i]\n"
    "    return out\n"
)


@pytest.mark.parametrize("how", sorted(OFF_DEVICE))
def test_computing_on_the_cpu_loses_the_meta_check_on_any_machine(tmp_path, how):
    report = _grade(tmp_path, OFF_DEVICE[how])
    meta = [
        t
        for t in report["tests"]
        if t["function"] == "where_gather.relu_where" and "meta" in t["id"]
    ]
    assert meta and all(t["outcome"] == "failed" for t in meta), meta
    assert "copied its input off the device" in meta[0]["message"]


READS_A_LIST = (
    "\n\ndef relu_where(x):\n"
    "    out = torch.zeros(x.shape, dtype=x.dtype, device=x.device)\n"
    "    result = out.view(-1)\n"
    "    for i, value in enumerate(x.reshape(-1).tolist()):\n"
    "        if value > 0:\n"
    "            result[i] = value\n"
    "    return out\n"
)


@pytest.mark.parametrize("source", [READS_VALUES, READS_A_LIST], ids=[".item()", ".tolist()"])
def test_reading_values_one_by_one_keeps_the_meta_check(tmp_path, source):
    report = _grade(tmp_path, source)
    meta = [
        t
        for t in report["tests"]
        if t["function"] == "where_gather.relu_where" and "meta" in t["id"]
    ]
    assert meta and all(t["outcome"] == "passed" for t in meta), meta
