"""Fork the warm parent cheaply: its memory in huge pages.

torch's import leaves ~200 MB of anonymous memory (the malloc heap and Python's arenas) in the
warm parent, and a fork copies a page-table entry for every 4 KiB of it: ~30 ms of kernel time
per sandbox on a 2-core VM, more than the sandbox's own work for most exercise functions, and a
sandbox costs two forks (grader.sandbox.jail). Collapsed into 2 MiB pages (`MADV_COLLAPSE`,
Linux 6.1+), a fork copies one entry per 2 MiB; a page the child then writes is split and copied
4 KiB at a time, as before. Measured in benchmarks/fork_cost.py.

Where the kernel cannot (older than 6.1, huge pages turned off, not Linux) nothing changes.
"""

from __future__ import annotations

import ctypes
import re

MADV_COLLAPSE = 25  # works whatever /sys/kernel/mm/transparent_hugepage/enabled says
HUGE = 1 << 21
_ANONYMOUS = re.compile(r"^([0-9a-f]+)-([0-9a-f]+) rw-p 00000000 00:00 0\s*(\[heap\])?\s*$")


def anonymous_regions(maps: str) -> list[tuple[int, int]]:
    """The private anonymous read-write regions of a /proc/PID/maps text (and the heap), each
    cut to whole huge pages; those smaller than one huge page are left out."""
    regions = []
    for line in maps.splitlines():
        m = _ANONYMOUS.match(line)
        if not m:
            continue
        low = (int(m.group(1), 16) + HUGE - 1) & ~(HUGE - 1)
        high = int(m.group(2), 16) & ~(HUGE - 1)
        if high - low >= HUGE:
            regions.append((low, high))
    return regions


def collapse() -> int:
    """Put this process's anonymous memory in huge pages; the bytes collapsed (0 where the
    kernel cannot)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        madvise = libc.madvise
        with open("/proc/self/maps", encoding="ascii") as f:
            maps = f.read()
    except (OSError, AttributeError):
        return 0
    madvise.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
    collapsed = 0
    for low, high in anonymous_regions(maps):
        if madvise(low, high - low, MADV_COLLAPSE) == 0:
            collapsed += high - low
    return collapsed
