"""Students per minute of `grade batch` on a Dask LocalCluster of 1 and 2 workers, against
`-j 1` and `-j 2`, for whole 16-topic submissions (the reference answers), and what a class of
10,000 would take on N such machines (issue 15).

    python benchmarks/cluster_speed.py [--students 4 16] [--topics 16]

Each run starts its own workers. With two class sizes, the difference between them is the
steady rate (students a minute once the workers are warm), which is what a class of 10,000
runs at; the start-up (the small run less its students at the steady rate) is paid once per
machine. A single class size gives the rate with the start-up in it, as a TA grading a small
class sees it.

Measured (2-core machine, quiet: sum(range(10**7)) in 112-124 ms; classes of 4 and 16, issue
15's stop 30): steady 13.2 students a minute with -j 1, 28.0 with -j 2, 11.9 on Dask with one
worker and 22.8 with two (the scheduler, the nannies and the workers' event loops share the two
CPUs with the grading); start-up 7-11 s. A class of 10,000 at Dask's 22.8 a minute takes 7.3 h on
one such machine, 0.7 h on ten. At issue 15's first cut (4 students, start-up included): -j 2
5.8 a minute, Dask with 2 workers 4.9, so 1.4 days on one machine.
"""

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
GRADE = [sys.executable, "-c", "from grader.cli import main; main()"]

from grader.topics import COURSE_ORDER  # noqa: E402

MODES = (
    ("-j 1", ["-j", "1"]),
    ("-j 2", ["-j", "2"]),
    ("dask, 1 worker", ["--scheduler", "local:1"]),
    ("dask, 2 workers", ["--scheduler", "local:2"]),
)
CLASS = 10_000
MACHINES = (1, 10, 100)


def seconds(root: Path, out: Path, *how: str) -> float:
    started = time.perf_counter()
    proc = subprocess.run(
        [*GRADE, "batch", root, "--out", out, "--force", *how], capture_output=True, text=True
    )
    if proc.returncode != 0:
        raise SystemExit(proc.stderr[-3000:])
    return time.perf_counter() - started


def make_class(root: Path, students: int, topics) -> None:
    for i in range(students):
        student = root / f"student{i:03d}"
        student.mkdir(parents=True)
        for topic in topics:
            shutil.copy(ROOT / "solutions" / f"{topic}.py", student / f"{topic}.py")


def class_of(total_s: float) -> str:
    return f"{total_s / 3600:.1f} h" if total_s < 2 * 86400 else f"{total_s / 86400:.1f} days"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, nargs="+", default=[4, 16])
    parser.add_argument("--topics", type=int, default=16, help="the first N topics of the course")
    args = parser.parse_args()
    sizes, topics = sorted(set(args.students)), COURSE_ORDER[: args.topics]
    print(f"whole submissions ({len(topics)} topics), classes of {', '.join(map(str, sizes))}")
    with tempfile.TemporaryDirectory() as folder:
        for n in sizes:
            make_class(Path(folder) / str(n), n, topics)
        for label, how in MODES:
            walls = {n: seconds(Path(folder) / str(n), Path(folder) / "out", *how) for n in sizes}
            line = "  ".join(f"{n}: {w:6.1f} s ({60 * n / w:4.1f}/min)" for n, w in walls.items())
            if len(sizes) > 1:
                small, large = sizes[0], sizes[-1]
                each = (walls[large] - walls[small]) / (large - small)
                start_up = max(0.0, walls[small] - small * each)
                line += f"  steady {60 / each:4.1f}/min, start-up {start_up:4.1f} s;"
                line += f"  {CLASS:,}: " + ", ".join(
                    f"{class_of(start_up + CLASS * each / m)} on {m}" for m in MACHINES
                )
            print(f"{label:<16} {line}")


if __name__ == "__main__":
    main()
