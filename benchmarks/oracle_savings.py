"""What `@oracle` (grader.checks.oracle) saves the judge a whole submission: the reference
answers graded a few times in one session, in-process, with the store's own accounting (the
first computation's time of each answer reused, against the time of the copies handed out).

    python benchmarks/oracle_savings.py [--topics 16] [--runs 3]

The first run fills the store; every later run should reuse all of it (0 misses) and score
the reference answers full marks.
"""

import argparse
import resource
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from grader.checks.oracle import STORE  # noqa: E402
from grader.runner import GradingSession  # noqa: E402
from grader.topics import COURSE_ORDER  # noqa: E402


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topics", type=int, default=16, help="the first N topics of the course")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    topics = COURSE_ORDER[: args.topics]
    with tempfile.TemporaryDirectory(prefix="oracle-bench-") as tmp:
        submission = Path(tmp)
        for topic in topics:
            shutil.copy(ROOT / "solutions" / f"{topic}.py", submission / f"{topic}.py")
        with GradingSession(
            ROOT / "tests" / "grading", topics=topics, timeout=60, memory_mb=2048, in_process=True
        ) as session:
            print(f"{len(topics)} topics, in-process, one session")
            for run in range(args.runs):
                before = (STORE.hits, STORE.misses, STORE.saved_s, STORE.copying_s, cpu_seconds())
                report = session.grade(submission)
                hits, misses, saved, copying, cpu = (
                    now - then
                    for now, then in zip(
                        (STORE.hits, STORE.misses, STORE.saved_s, STORE.copying_s, cpu_seconds()),
                        before,
                    )
                )
                score = sum(t["score"] for t in report.topics)
                full = sum(t["max_score"] for t in report.topics)
                print(
                    f"  run {run}: judge CPU {cpu:.2f} s; {hits} answers reused, {misses} computed; "
                    f"saved {saved:.3f} s, copies {copying:.3f} s; {score:g}/{full:g}; "
                    f"store {len(STORE.entries)} entries, {STORE.bytes / 1e6:.1f} MB"
                )


if __name__ == "__main__":
    main()
