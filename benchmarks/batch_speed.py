"""Seconds per submission for a class: `grade batch` against one `grade` per student and
against nbgrader's autograde of the same checks, in one run on the same machine.

    python benchmarks/batch_speed.py [--students 16] [--topic indexing] [-j N]

Half the students hand in the reference answers, half the untouched stubs. Targets (issue 7):
`grade batch` at least 5x faster per submission than sequential `grade`, at least 10x faster
than nbgrader's autograde. Needs the `instructor` extra for the nbgrader part (skipped without).
"""

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GRADE = [sys.executable, "-c", "from grader.cli import main; main()"]


def timed(command, **kwargs) -> float:
    started = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, command))} failed:\n{proc.stdout}\n{proc.stderr}")
    return time.perf_counter() - started


def make_class(folder: Path, topic: str, n: int) -> list[str]:
    names = []
    for i in range(n):
        name = f"student{i:02d}"
        (folder / name).mkdir(parents=True)
        source = "solutions" if i % 2 == 0 else "exercises"
        shutil.copy(ROOT / source / f"{topic}.py", folder / name / f"{topic}.py")
        names.append(name)
    return names


def nbgrader_seconds(work: Path, topic: str, names: list[str]) -> float | None:
    try:
        import nbformat
    except ImportError:
        return None
    course = work / "course"
    timed([*GRADE, "nbgrader", course, "--assignment", "bench", "-t", topic], cwd=ROOT)
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    nbgrader = [sys.executable, "-m", "nbgrader"]
    timed([*nbgrader, "generate_assignment", "bench"], cwd=course, env=env)
    source = nbformat.read(str(course / "source" / "bench" / f"{topic}.ipynb"), as_version=4)
    answers = {
        c.metadata["nbgrader"]["grade_id"]: c.source
        for c in source.cells
        if c.metadata.get("nbgrader", {}).get("solution")
    }
    for i, name in enumerate(names):
        notebook = nbformat.read(str(course / "release" / "bench" / f"{topic}.ipynb"), as_version=4)
        if i % 2 == 0:
            for cell in notebook.cells:
                meta = cell.metadata.get("nbgrader", {})
                if meta.get("solution"):
                    cell.source = answers[meta["grade_id"]]
        target = course / "submitted" / name / "bench"
        target.mkdir(parents=True)
        nbformat.write(notebook, str(target / f"{topic}.ipynb"))
    return timed([*nbgrader, "autograde", "bench", "--create"], cwd=course, env=env)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=16)
    parser.add_argument("--topic", default="indexing")
    parser.add_argument("-j", "--jobs", type=int, default=max(1, min(4, os.cpu_count() or 1)))
    args = parser.parse_args()
    n = args.students
    with tempfile.TemporaryDirectory(prefix="batch-bench-") as tmp:
        work = Path(tmp)
        names = make_class(work / "class", args.topic, n)
        batch = timed(
            [
                *GRADE,
                "batch",
                work / "class",
                "--out",
                work / "out",
                "-j",
                str(args.jobs),
                "-t",
                args.topic,
            ],
            cwd=ROOT,
        )
        sequential = sum(
            timed(
                [*GRADE, work / "class" / name, "-t", args.topic, "--json", work / f"{name}.json"],
                cwd=ROOT,
            )
            for name in names
        )
        nbgrader = nbgrader_seconds(work, args.topic, names)
        # the same scores from both
        with open(work / "out" / "grades.csv", newline="") as f:
            for row in csv.DictReader(f):
                single = json.loads((work / f"{row['student']}.json").read_text())
                assert float(row["total"]) == single["score"], (row, single["score"])
    per = {"grade batch": batch / n, "sequential grade": sequential / n}
    if nbgrader is not None:
        per["nbgrader autograde"] = nbgrader / n
    print(f"{n} students, topic {args.topic}, -j {args.jobs}, {os.cpu_count()} CPUs")
    for what, seconds in per.items():
        print(f"{what:20s} {seconds:6.2f} s per submission")
    print(
        f"sequential grade / batch: {per['sequential grade'] / per['grade batch']:.1f}x (target >= 5x)"
    )
    if nbgrader is not None:
        print(
            f"nbgrader / batch:         {per['nbgrader autograde'] / per['grade batch']:.1f}x (target >= 10x)"
        )


if __name__ == "__main__":
    main()
