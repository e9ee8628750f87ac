"""`grade batch --scheduler ADDRESS`: students graded on a Dask distributed cluster (issue 15).

Each student is one task, `grade_one(student, ...)` as `-j` runs it, on a Dask worker. A worker
process keeps its warm grading engine between students (torch imported once, its sandboxes'
warm parent), and starts sandboxes as a judge worker does: so Dask's workers must not be
daemonic (`distributed.worker.daemon: False`, set here for a LocalCluster; give it to
`dask worker` in its config on other machines). A worker that dies has its students graded
again elsewhere (Dask's own retry); a student whose task has been on two workers that died is
graded 0 with the reason (`distributed.scheduler.allowed-failures: 1`, as `-j` does). The
submissions and `--out` must be on a filesystem every worker sees.

`local:N` starts a LocalCluster of N worker processes, one thread each.
"""

from __future__ import annotations

from grader.i18n import quote, tr

LOCAL = "local:"
CONFIG = {
    "distributed.worker.daemon": False,
    "distributed.scheduler.allowed-failures": 1,
    # one student on a worker at a time: when it dies, only the student it was grading is
    # suspected (Dask counts every task a dead worker held)
    "distributed.scheduler.worker-saturation": 1.0,
    "distributed.scheduler.work-stealing": False,
}
# Left out of what the nannies set for their workers (the rest of Dask's pre-spawn-environ
# stays): glibc giving memory back at every free slows the judge (on a worker started elsewhere,
# the judge sets malloc back itself: process.undo_dasks_malloc_trim; the sandboxes go without it
# on any worker: process.FORKSERVER_ENVIRON)
LEFT_OUT_OF_WORKERS_ENVIRON = ("MALLOC_TRIM_THRESHOLD_",)


class ClusterError(RuntimeError):
    """The cluster cannot be reached or started; the message says why."""


def available() -> bool:
    try:
        import distributed  # noqa: F401
    except ImportError:
        return False
    return True


def _client(scheduler: str):
    import dask
    from distributed import Client, LocalCluster

    environ = dask.config.get("distributed.nanny.pre-spawn-environ", {})
    environ = {k: v for k, v in environ.items() if k not in LEFT_OUT_OF_WORKERS_ENVIRON}
    # for good: the nannies read it as they start their workers
    dask.config.set({**CONFIG, "distributed.nanny.pre-spawn-environ": environ})
    if scheduler.startswith(LOCAL):
        try:
            workers = int(scheduler[len(LOCAL) :])
        except ValueError:
            workers = 0
        if workers < 1:
            raise ClusterError(
                tr(
                    f"{scheduler!r}: write local:N with N ≥ 1 workers",
                    f"{scheduler!r}：请写 local:N，N 为不少于 1 的工作进程数",
                )
            )
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
        )
        return Client(cluster), cluster
    try:
        return Client(scheduler, timeout="20s"), None
    except (OSError, TimeoutError, ValueError) as exc:
        said = quote(str(exc))
        raise ClusterError(
            tr(
                f"cannot reach the Dask scheduler {scheduler}: {said}",
                f"连不上 Dask 调度器 {scheduler}：{said}",
            )
        ) from None


def grade_all(students, work, scheduler: str):
    """Yield an Outcome per student as they finish. `work` is (grade_one, *its arguments)."""
    from distributed import as_completed
    from distributed.scheduler import KilledWorker

    from grader.batch import grading_failed, stopped_twice

    client, cluster = _client(scheduler)
    grade_one, *rest = work
    try:
        futures = {
            client.submit(grade_one, s, *rest, pure=False, key=f"grade-{i}-{s.report_name}"): s
            for i, s in enumerate(students)
        }
        for future in as_completed(futures):
            student = futures[future]
            try:
                yield future.result()
            except KilledWorker:
                yield stopped_twice(student)
            except Exception as exc:  # noqa: BLE001 - one student's grading, not the batch
                yield grading_failed(student, exc)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
