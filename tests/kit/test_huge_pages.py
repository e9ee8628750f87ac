"""The warm parent's memory lies in huge pages (grader.sandbox.huge_pages), so that forking a
sandbox copies a page-table entry per 2 MiB, not per 4 KiB. benchmarks/fork_cost.py measures
what that saves."""

import subprocess
import sys

import pytest

from grader.sandbox.client import Student, TopicSandboxes
from grader.sandbox.huge_pages import HUGE, anonymous_regions

MAPS = "\n".join(  # as /proc/PID/maps writes it: an anonymous region's line ends in a blank
    [
        "55d0c0000000-55d0c0a00000 rw-p 00000000 00:00 0                          [heap]",
        "7f0000100000-7f0000500000 rw-p 00000000 00:00 0 ",
        "7f0000600000-7f0000700000 rw-p 00000000 00:00 0 ",
        "7f0000800000-7f0000c00000 rw-p 00001000 08:01 1234                       /usr/lib/libtorch_cpu.so",
        "7f0001000000-7f0001400000 r--p 00000000 00:00 0 ",
        "7ffd00000000-7ffd00400000 rw-p 00000000 00:00 0                          [stack]",
    ]
)
HUGE_PAGES_IN_A_SANDBOX = """\
def anon_huge_kb():
    with open("/proc/self/smaps_rollup") as f:
        for line in f:
            if line.startswith("AnonHugePages:"):
                return int(line.split()[1])
    return 0
"""
CAN_COLLAPSE = (
    "from grader.sandbox import huge_pages\n"
    "memory = bytearray(16 << 20)\n"
    "print(huge_pages.collapse())\n"
)


def test_the_regions_are_the_heap_and_anonymous_memory_in_whole_huge_pages():
    assert anonymous_regions(MAPS) == [
        (0x55D0C0000000, 0x55D0C0A00000),  # the heap, already aligned
        (0x7F0000200000, 0x7F0000400000),  # cut to the huge pages it holds whole
    ]  # under one huge page, a file's pages, read-only memory and the stack are left alone
    assert all((high - low) % HUGE == 0 for low, high in anonymous_regions(MAPS))


def test_a_sandbox_is_forked_from_memory_in_huge_pages(tmp_path):
    probe = subprocess.run(
        [sys.executable, "-c", CAN_COLLAPSE], capture_output=True, text=True, check=True
    )
    if int(probe.stdout) == 0:
        pytest.skip("this kernel cannot collapse memory into huge pages (MADV_COLLAPSE, 6.1+)")
    (tmp_path / "probe.py").write_text(HUGE_PAGES_IN_A_SANDBOX)
    boxes = TopicSandboxes(tmp_path, timeout=10)
    try:
        shared_kb = Student(boxes).probe.anon_huge_kb()
    finally:
        boxes.close()
    assert shared_kb >= 64 * 1024  # most of torch's ~200 MB, shared with the warm parent
