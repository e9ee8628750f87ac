"""The cost of whole submissions in `grade batch` (issue 15): machine CPU seconds per student and
wall seconds for the class, for a class that hands in the reference answers of the first 16
topics (the costliest case: every check runs to its end, every training run trains).

    python benchmarks/whole_submissions.py [--students 4 16] [-j 2] [--topics 16]

A class of 20 or more is also shown in fifths (the cost a student as the class goes on) with
the time after the last report. With two class sizes it also gives the steady state: what one
more student costs once the workers are warm (the difference between the two runs, per extra
student), and the 200-student wall time as the smaller run plus that cost for each student
beyond it.

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


def grade_class(students: int, jobs: int, topics) -> tuple[float, float, str, list]:
    """(wall seconds, machine CPU seconds, the first row of grades.csv, the marks) for
    `students` whole submissions of the reference answers; the marks are (reports written, wall,
    machine CPU) each time the count of reports changed."""
    with tempfile.TemporaryDirectory(prefix="whole-bench-") as tmp:
        work = Path(tmp)
        for i in range(students):
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
            str(jobs),
            *(a for t in topics for a in ("-t", t)),
        ]
        cpu, started = machine_cpu(), time.perf_counter()
        reports, marks = work / "out" / "reports", [(0, 0.0, 0.0)]
        with open(work / "log", "w+") as log:
            proc = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
            while proc.poll() is None:
                time.sleep(0.25)
                written = len(os.listdir(reports)) if reports.is_dir() else 0
                if written != marks[-1][0]:
                    marks.append((written, time.perf_counter() - started, machine_cpu() - cpu))
            wall, cpu = time.perf_counter() - started, machine_cpu() - cpu
            if proc.returncode != 0:
                log.seek(0)
                raise SystemExit(f"grade batch failed:\n{log.read()[-6000:]}")
        row = (work / "out" / "grades.csv").read_text().splitlines()[1]
    return wall, cpu, row, marks


def print_progress(students: int, wall: float, cpu: float, marks) -> None:
    """The class in fifths: whether a student costs more as the class goes on, and what comes
    after the last report (the similarity pass, mistakes.csv, report.html)."""
    done = 0, 0.0, 0.0
    for fifth in range(1, 6):
        # the last reports can land in the run's final poll interval, after its last mark
        upto = next((m for m in marks if m[0] >= students * fifth // 5), marks[-1])
        if upto[0] == done[0]:
            break
        n = upto[0] - done[0]
        print(
            f"    students {done[0] + 1:3d}-{upto[0]:3d}: {(upto[1] - done[1]) / n:.2f} s wall, "
            f"{(upto[2] - done[2]) / n:.2f} s machine CPU a student"
        )
        done = upto
    print(f"    after the last report: {wall - done[1]:.1f} s wall, {cpu - done[2]:.1f} s CPU")


def machine_speed() -> float:
    """Seconds of CPU a fixed pure-Python loop takes (the best of 3): the same code was measured
    at 7.0 and at 11.1 s of machine CPU a student on two days of this VM, so figures from
    different days compare only through this."""
    best = float("inf")
    for _ in range(3):
        started = time.process_time()
        sum(range(10_000_000))
        best = min(best, time.process_time() - started)
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, nargs="+", default=[4, 16])
    parser.add_argument("-j", "--jobs", type=int, default=2)
    parser.add_argument("--topics", type=int, default=16, help="the first N topics of the course")
    args = parser.parse_args()
    topics = COURSE_ORDER[: args.topics]
    print(f"whole submissions ({len(topics)} topics), -j {args.jobs}, {os.cpu_count()} CPUs")
    print(f"  machine speed: sum(range(10**7)) in {machine_speed() * 1000:.0f} ms of CPU")
    runs = {}
    for n in sorted(set(args.students)):
        wall, cpu, row, marks = grade_class(n, args.jobs, topics)
        runs[n] = wall, cpu
        print(
            f"  {n:3d} students: wall {wall:.1f} s ({wall / n:.2f} s a student), "
            f"machine CPU {cpu / n:.2f} s a student; 200 at this rate: {200 * wall / n / 60:.1f} min"
        )
        if n >= 20:
            print_progress(n, wall, cpu, marks)
    print(f"  first student's row: {row[:120]}")
    if len(runs) > 1:
        small, large = min(runs), max(runs)
        extra = large - small
        wall_each = (runs[large][0] - runs[small][0]) / extra
        cpu_each = (runs[large][1] - runs[small][1]) / extra
        at_200 = runs[small][0] + (200 - small) * wall_each
        print(
            f"  steady state (one more student, workers warm): {wall_each:.2f} s wall, "
            f"{cpu_each:.2f} s machine CPU (target 5)"
        )
        print(f"  200 students: {at_200 / 60:.1f} min (target < 10)")


if __name__ == "__main__":
    main()
