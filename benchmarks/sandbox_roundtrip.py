"""Time one call into a sandbox and back, for a small tensor, and a sandbox's start.

    python benchmarks/sandbox_roundtrip.py [--calls 2000]

Target (issue 2): the round trip under 1 ms on the 2-core reference machine.
"""

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import torch

from grader.sandbox.client import Student, TopicSandboxes

MODULE = "def first_image(x):\n    return x[0]\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--starts", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "bench.py").write_text(MODULE)
        boxes = TopicSandboxes(folder)
        student = Student(boxes)
        x = torch.randn(4, 3, 8, 8)
        student.bench.first_image(x)  # start the forkserver and the sandbox
        samples = []
        for _ in range(args.calls):
            t = time.perf_counter()
            student.bench.first_image(x)
            samples.append(time.perf_counter() - t)
        starts = []
        for _ in range(args.starts):
            boxes.close(wait=False)
            t = time.perf_counter()
            student.bench.first_image(x)
            starts.append(time.perf_counter() - t)
        boxes.close()
    ms = sorted(s * 1000 for s in samples)
    print(f"round trip, [4, 3, 8, 8] float32 in, [3, 8, 8] out, {args.calls} calls:")
    print(
        f"  median {statistics.median(ms):.3f} ms, p90 {ms[int(0.9 * len(ms))]:.3f} ms, min {ms[0]:.3f} ms"
    )
    st = sorted(s * 1000 for s in starts)
    print(f"fresh sandbox (start, import, first call), {args.starts} starts:")
    print(f"  median {statistics.median(st):.1f} ms, p90 {st[int(0.9 * len(st))]:.1f} ms")


if __name__ == "__main__":
    main()
