"""The cost of whole submissions in `grade batch` (issue 15): machine CPU seconds per student and
wall seconds for the class, for a class that hands in the reference answers of the first 16
topics (the costliest case: every check runs to its end, every training run trains).

    python benchmarks/whole_submissions.py [--students 12] [-j 2] [--topics 16]

Targets (issue 15): at most 5 s of machine CPU per whole 16-topic submission, and 200 whole
submissions in under 10 minutes with -j 2 (3 s of wall time a student).
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from grader.topics import COURSE_ORDER  # noqa: E402


def machine_cpu() -> float:
    with open("/proc/stat") as f:
        ticks = [int(v) for v in f.readline().split()[1:]]
    return (ticks[0] + ticks[1] + ticks[2]) / os.sysconf("SC_CLK_TCK")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=12)
    parser.add_argument("-j", "--jobs", type=int, default=2)
    parser.add_argument("--topics", type=int, default=16, help="the first N topics of the course")
    args = parser.parse_args()
    topics = COURSE_ORDER[: args.topics]
    with tempfile.TemporaryDirectory(prefix="whole-bench-") as tmp:
        work = Path(tmp)
        for i in range(args.students):
            folder = work / "class" / f"student{i:03d}"
            folder.mkdir(parents=True)
            for topic in topics:
                shutil.copy(ROOT / "solutions" / f"{topic}.py", folder / f"{topic}.py")
        command = [
            sys.executable,
            "-c",
            "from grader.cli import main; main()",
            "batch",
            str(work / "class"),
            "--out",
            str(work / "out"),
            "-j",
            str(args.jobs),
            *(a for t in topics for a in ("-t", t)),
        ]
        cpu, started = machine_cpu(), time.perf_counter()
        proc = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
        wall, cpu = time.perf_counter() - started, machine_cpu() - cpu
        if proc.returncode != 0:
            raise SystemExit(f"grade batch failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
        grades = (work / "out" / "grades.csv").read_text().splitlines()
    n = args.students
    print(f"{n} whole submissions ({len(topics)} topics), -j {args.jobs}, {os.cpu_count()} CPUs")
    print(
        f"  wall {wall:.1f} s ({wall / n:.2f} s a student), machine CPU {cpu / n:.2f} s a student"
    )
    print(f"  200 students at this rate: {200 * wall / n / 60:.1f} min (target < 10)")
    print(f"  first student's row: {grades[1][:120]}")


if __name__ == "__main__":
    main()
