"""What a fork of the sandboxes' warm parent costs, before and after its memory is put in huge
pages (grader.sandbox.huge_pages): the machine's kernel and user CPU per fork, the child doing a
sandbox's smallest work (a few torch ops and a backward pass) and exiting.

    python benchmarks/fork_cost.py [--forks 40]

Measured (2-core VM, Linux 6.18, issue 15): 36.6 ms a fork (33.3 ms of it in the kernel) in
4 KiB pages, 16.3 ms (14.0 ms) in huge pages. A jailed sandbox's whole start
(benchmarks/sandbox_roundtrip.py's loop, measured the same way) went from 85 to 39 ms of
kernel time; `grade solutions/`'s kernel time from 10.8 to 6.6 s.
"""

import argparse
import gc
import os
import time

import torch
import torch._dynamo  # noqa: F401  (the warm parent preloads it for the topics that train)

from grader.sandbox import huge_pages


def machine_cpu() -> tuple[float, float]:
    """(user, kernel) CPU seconds of the whole machine so far."""
    with open("/proc/stat") as f:
        ticks = [int(v) for v in f.readline().split()[1:]]
    hz = os.sysconf("SC_CLK_TCK")
    return (ticks[0] + ticks[1]) / hz, ticks[2] / hz


def small_work():
    x = torch.randn(64, 64, requires_grad=True)
    (x @ x).relu().sum().backward()
    torch.nn.Linear(10, 5)(torch.randn(3, 10)).sum()


def per_fork(forks: int) -> tuple[float, float, float]:
    time.sleep(0.5)  # what came before settles
    user0, kernel0 = machine_cpu()
    started = time.perf_counter()
    for _ in range(forks):
        pid = os.fork()
        if pid == 0:
            small_work()
            os._exit(0)
        os.waitpid(pid, 0)
    wall = time.perf_counter() - started
    time.sleep(1.0)  # the kernel finishes tearing the last child down
    user1, kernel1 = machine_cpu()
    return wall / forks, (user1 - user0) / forks, (kernel1 - kernel0) / forks


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--forks", type=int, default=40)
    forks = parser.parse_args().forks
    torch.set_num_threads(1)  # as the sandboxes run; a thread pool would not survive the fork
    small_work()
    gc.freeze()
    for label, prepare in (("4 KiB pages", lambda: 0), ("huge pages", huge_pages.collapse)):
        moved = prepare()
        wall, user, kernel = per_fork(forks)
        print(
            f"{label:<12} {wall * 1000:6.1f} ms a fork: user {user * 1000:5.1f} ms, "
            f"kernel {kernel * 1000:5.1f} ms  ({moved >> 20} MB collapsed)"
        )


if __name__ == "__main__":
    main()
