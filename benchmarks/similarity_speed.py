"""Seconds the similarity pass of `grade batch` adds, for a class of N students (issue 15).

Each student hands in, per topic, one of the realistic wrong answers of tests/kit/mutants/ (the
reference with one mistake), so that answers are alike but not identical; the pass
(grader.similarity.similar_pairs) runs per topic as `grade batch` runs it.

    python benchmarks/similarity_speed.py [--students 200] [--topics 16]

Measured (2-core machine, quiet; copydetect 0.5): 200 students x 16 topics in 21 s in one
process, about 0.10 s a student, most of it fingerprinting (about 7 ms an answer); 33 s for all
22 topics. `grade batch -j N` compares the topics in N processes once the grading is done.
"""

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from grader.similarity import similar_pairs  # noqa: E402
from grader.topics import COURSE_ORDER  # noqa: E402
from tests.kit.mutants import variants  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--topics", type=int, default=16, help="the first N topics of the course")
    args = parser.parse_args()
    n, total = args.students, 0.0
    for topic in COURSE_ORDER[: args.topics]:
        reference = (ROOT / "solutions" / f"{topic}.py").read_text(encoding="utf-8")
        stub = (ROOT / "exercises" / f"{topic}.py").read_text(encoding="utf-8")
        mistakes = variants.load(topic).mistakes
        sources = [reference + "\n" + s for d in mistakes.values() for s in d.values()]
        answers = {f"s{i}": sources[i % len(sources)] + f"\n# {i}\n" for i in range(n)}
        started = time.perf_counter()
        pairs = similar_pairs(topic, answers, stub)
        seconds = time.perf_counter() - started
        total += seconds
        print(f"{topic:<18}{seconds:7.2f} s{len(pairs):6d} pairs")
    print(f"{'total':<18}{total:7.2f} s  ({total / n:.3f} s a student)")


if __name__ == "__main__":
    main()
