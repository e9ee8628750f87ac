"""Seconds of `nbgrader autograde` per whole submission (every topic), graded by the kit's engine
(the course `grade nbgrader` writes) against plain nbgrader (the notebook run in a kernel, each
test cell checking itself), and the engine's totals against `grade batch` on the same notebooks.

    python benchmarks/nbgrader_autograde.py [--students 2] [--plain-students 1] [-t TOPIC ...]

Every student hands in the reference answers. Target (issue 12): the engine at least 10x faster
per submission than plain nbgrader, with the same totals as `grade batch`. Needs the
`instructor` extra.
"""

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.kit.nbgrader_helpers import fill_from_source, plain_nbgrader_copy  # noqa: E402

GRADE = [sys.executable, "-c", "from grader.cli import main; main()"]
ASSIGNMENT = "bench"


def run(command, cwd) -> float:
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    started = time.perf_counter()
    proc = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, command))} failed:\n{proc.stdout}\n{proc.stderr}")
    return time.perf_counter() - started


def nbgrader(course, *args) -> float:
    return run([sys.executable, "-m", "nbgrader", *args], course)


def totals(path: Path, student_column: str, total_column: str) -> dict[str, float]:
    with open(path, newline="") as f:
        return {row[student_column]: float(row[total_column]) for row in csv.DictReader(f)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=2, help="graded by the kit's engine")
    parser.add_argument("--plain-students", type=int, default=1, help="graded in a kernel")
    parser.add_argument("-t", "--topic", action="append", default=[], help="default: all")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="autograde-bench-") as tmp:
        work = Path(tmp)
        course = work / "course"
        only = [a for t in args.topic for a in ("-t", t)]
        run([*GRADE, "nbgrader", course, "--assignment", ASSIGNMENT, *only], ROOT)
        nbgrader(course, "generate_assignment", ASSIGNMENT)
        sources = sorted((course / "source" / ASSIGNMENT).glob("*.ipynb"))
        for i in range(max(args.students, args.plain_students)):
            for source in sources:
                release = course / "release" / ASSIGNMENT / source.name
                target = course / "submitted" / f"student{i:02d}" / ASSIGNMENT / source.name
                fill_from_source(release, source, target)
        plain = plain_nbgrader_copy(course, work / "plain")
        for folder, keep in ((course, args.students), (plain, args.plain_students)):
            for extra in sorted((folder / "submitted").iterdir())[keep:]:
                subprocess.run(["rm", "-rf", str(extra)], check=True)

        engine_s = nbgrader(course, "autograde", ASSIGNMENT, "--create")
        nbgrader(course, "export")
        plain_s = nbgrader(plain, "autograde", ASSIGNMENT, "--create") if args.plain_students else 0
        if args.plain_students:
            nbgrader(plain, "export")
        batch_s = run(
            [
                *GRADE,
                "batch",
                course / "submitted",
                "--assignment",
                ASSIGNMENT,
                "--out",
                work / "b",
            ],
            ROOT,
        )

        engine = totals(course / "grades.csv", "student_id", "score")
        batch = totals(work / "b" / "grades.csv", "student", "total")
        kernel = totals(plain / "grades.csv", "student_id", "score") if args.plain_students else {}
    print(f"{len(sources)} topics, {os.cpu_count()} CPUs")
    per_engine = engine_s / args.students
    print(f"autograde, the kit's engine: {per_engine:7.1f} s per submission ({args.students})")
    print(f"grade batch (-j default):    {batch_s / args.students:7.1f} s per submission")
    if args.plain_students:
        per_plain = plain_s / args.plain_students
        print(
            f"autograde, plain nbgrader:   {per_plain:7.1f} s per submission ({args.plain_students})"
        )
        print(f"plain / engine: {per_plain / per_engine:.1f}x (target >= 10x)")
    print("totals (engine, grade batch, plain):")
    same = True
    for student in sorted(engine):
        row = (engine[student], batch.get(student), kernel.get(student, "-"))
        same &= engine[student] == batch.get(student)
        print(f"  {student}: {row[0]:g} {row[1]:g} {row[2]}")
    print("engine totals equal grade batch's:", same)
    if not same:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
