"""From save to result in `grade watch`: the time from writing a topic module to the line that
gives the changed function's verdict, median of N saves.

    python benchmarks/watch_latency.py [--saves 20] [--topic indexing]

A copy of the topic's stub is watched; each save answers the topic's first exercise, alternately
rightly and wrongly (so every save changes the file and is graded). Target (issue 13): a median
of at most 0.5 s for a tensor topic on the 2-core machine.
"""

import argparse
import os
import queue
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ANSWERS = {  # topic: (first exercise, a right answer, a wrong one)
    "indexing": ("first_image", "return x[0]", "return x[:1]"),
    "dims": ("flatten_images", "return x.reshape(x.shape[0], -1)", "return x.reshape(-1)"),
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=20)
    parser.add_argument("--topic", default="indexing", choices=sorted(ANSWERS))
    args = parser.parse_args()
    function, right, wrong = ANSWERS[args.topic]
    stub = (ROOT / "exercises" / f"{args.topic}.py").read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory(prefix="watch-bench-") as tmp:
        module = Path(tmp) / f"{args.topic}.py"
        module.write_text(stub, encoding="utf-8")
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "COLUMNS": "200"}
        proc = subprocess.Popen(
            [sys.executable, "-c", "from grader.cli import main; main()", "watch", tmp]
            + ["--lang", "en"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
        )
        lines = queue.Queue()
        threading.Thread(
            target=lambda: [lines.put((time.perf_counter(), line)) for line in proc.stdout],
            daemon=True,
        ).start()

        def wait_for(pattern, timeout=60):
            deadline = time.perf_counter() + timeout
            while time.perf_counter() < deadline:
                try:
                    at, line = lines.get(timeout=0.5)
                except queue.Empty:
                    continue
                if re.search(pattern, line):
                    return at, line
            raise SystemExit(f"no line matching {pattern!r}")

        wait_for("Watching")
        verdict = rf"^{args.topic}\.{function}: .* in ([0-9.]+) s"
        latencies, inside = [], []
        try:
            for i in range(args.saves + 1):  # the first save warms the topic's suites: not counted
                answer = right if i % 2 == 0 else wrong
                text = stub.replace("raise NotImplementedError()", answer, 1)
                time.sleep(0.3)
                written = time.perf_counter()
                module.write_text(text, encoding="utf-8")
                at, line = wait_for(verdict)
                wait_for("^Watching")  # the rest of the topic, before the next save
                if i:
                    latencies.append(at - written)
                    inside.append(float(re.search(verdict, line).group(1)))
        finally:
            proc.terminate()
            proc.wait(10)
    print(f"topic {args.topic}, {args.saves} saves, {os.cpu_count()} CPUs")
    print(
        f"save to result: median {statistics.median(latencies):.3f} s, "
        f"min {min(latencies):.3f} s, max {max(latencies):.3f} s (target <= 0.5 s)"
    )
    print(f"of which grading the function: median {statistics.median(inside):.3f} s")


if __name__ == "__main__":
    main()
