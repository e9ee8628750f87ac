"""What a jailed sandbox's fork per function saves (grader.sandbox.client): the machine's CPU per
exercise function's fresh process, and per whole `grade solutions/`, with the fork (the default)
and with a new sandbox per function (GRADE_SANDBOX_FORK=0), in alternating pairs so that a drift
of the machine's speed hits both. Run as root where namespaces are allowed (else both are the
same: there is nothing to fork from).

    python benchmarks/sandbox_reuse.py [--functions 60] [--pairs 2]

Measured (2-core VM, quiet, issue 15): a function's fresh process 18.3 ms of machine CPU with the
fork against 41.5 ms without; a whole warm `grade solutions/` 10.0 and 11.8 s of machine CPU
against 11.8 and 13.2 s (two pairs), the sandboxes' share 5.8 and 7.0 s against 7.5 and 8.2 s, the
judge's 4.2-5.0 s either way. `grade batch -j 2` of 8 whole reference submissions: 56.0 s wall and
104.7 s of machine CPU with the fork, 61.8 s and 118.0 s without.

Since the judge sleeps on pidfds while a killed function process exits, instead of sweeping
/proc until it has (grader.sandbox.process.kill_descendants), the judge's share of a fork is
3.0-3.7 ms, against 10.5-11.8 ms (measured by swapping the wait out, 3 rounds of 40, the machine
busy): about 0.7 s less of the judge's CPU per whole submission (93 functions).
"""

import argparse
import os
import time
from pathlib import Path

import torch

from grader import runner
from grader.sandbox import process
from grader.sandbox.client import Student, TopicSandboxes

ROOT = Path(__file__).resolve().parent.parent


def machine_cpu() -> float:
    with open("/proc/stat") as f:
        ticks = [int(v) for v in f.readline().split()[1:]]
    return (ticks[0] + ticks[1] + ticks[2]) / os.sysconf("SC_CLK_TCK")


def per_function(forking: bool, functions: int) -> tuple[float, float]:
    """(machine, judge) CPU ms per function boundary (reset, then the next function's first
    call)."""
    boxes = TopicSandboxes(ROOT / "solutions")
    boxes.forking = forking and boxes.jailed and process.can_list_children()
    student = Student(boxes)
    x = torch.randn(4, 3, 28, 28)
    student.indexing.first_image(x)
    start, judge = machine_cpu(), os.times()
    for _ in range(functions):
        boxes.reset("indexing", then_topic="indexing")
        student.indexing.first_image(x)
    boxes._wait_for_ahead()
    used, after = machine_cpu() - start, os.times()
    boxes.close()
    judged = after.user - judge.user + after.system - judge.system
    return used / functions * 1000, judged / functions * 1000


def whole_submission(forking: bool) -> tuple[float, float, str]:
    """(machine CPU s, the judge's own CPU s, score) of one `grade solutions/`."""
    os.environ["GRADE_SANDBOX_FORK"] = "1" if forking else "0"
    start, judge = machine_cpu(), os.times()
    report = runner.grade(
        ROOT / "solutions", ROOT / "tests" / "grading", timeout=10, memory_mb=4096
    )
    after = os.times()
    judged = after.user - judge.user + after.system - judge.system
    return machine_cpu() - start, judged, f"{report.score:g}/{report.max_score:g}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--functions", type=int, default=60)
    parser.add_argument("--pairs", type=int, default=2)
    args = parser.parse_args()
    process.warm_up()
    per_function(True, 5)  # the forkserver up, its imports done
    for forking in (True, False):
        ms, judge_ms = per_function(forking, args.functions)
        print(
            f"fresh process per function, fork {'on ' if forking else 'off'}: {ms:.1f} ms "
            f"machine CPU (the judge's {judge_ms:.1f} ms)"
        )
    whole_submission(True)  # warm-up: the judge's own imports and oracles' first use
    for pair in range(args.pairs):
        for forking in (True, False):
            t = time.perf_counter()
            cpu, judge, score = whole_submission(forking)
            print(
                f"pair {pair + 1}, fork {'on ' if forking else 'off'}: grade solutions/ "
                f"{time.perf_counter() - t:.1f} s wall, {cpu:.1f} s machine CPU "
                f"(judge {judge:.1f} s, sandboxes {cpu - judge:.1f} s), {score}"
            )


if __name__ == "__main__":
    main()
