"""Students per minute of `grade batch` on a Dask LocalCluster of 1 and 2 workers, against
`-j 1` and `-j 2`, for whole 16-topic submissions (the reference answers), and what a class of
10,000 would take on N such machines (issue 15).

    python benchmarks/cluster_speed.py [--students 8]

Each run starts its own workers (the cluster's start-up is in the figure, as a TA would see it).

Measured (2-core machine, 4 whole submissions, issue 15's first cut): -j 1 51.9 s (4.6 students
a minute), -j 2 41.7 s (5.8), Dask with 1 worker 56.4 s (4.3), with 2 workers 49.1 s (4.9). A
class of 10,000 at 5 a minute is 1.4 days on one such machine, 0.14 days (3.4 hours) on ten.
"""

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GRADE = [sys.executable, "-c", "from grader.cli import main; main()"]


def seconds(root: Path, out: Path, *how: str) -> float:
    started = time.perf_counter()
    proc = subprocess.run(
        [*GRADE, "batch", root, "--out", out, "--force", *how], capture_output=True, text=True
    )
    if proc.returncode != 0:
        raise SystemExit(proc.stderr[-3000:])
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=8)
    n = parser.parse_args().students
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "class"
        for i in range(n):
            shutil.copytree(
                ROOT / "solutions",
                root / f"student{i:03d}",
                ignore=shutil.ignore_patterns("__pycache__"),
            )
        for label, how in (
            ("-j 1", ["-j", "1"]),
            ("-j 2", ["-j", "2"]),
            ("dask, 1 worker", ["--scheduler", "local:1"]),
            ("dask, 2 workers", ["--scheduler", "local:2"]),
        ):
            wall = seconds(root, Path(folder) / "out", *how)
            per_minute = 60 * n / wall
            days = 10_000 / per_minute / 60 / 24
            print(
                f"{label:<16} {wall:7.1f} s  {per_minute:6.1f} students/min  10,000: {days:5.2f} days on one machine"
            )


if __name__ == "__main__":
    main()
