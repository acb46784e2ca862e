"""Grading on a Dask cluster: ``--cluster tcp://host:8786`` or ``--cluster local:N``.

The driver (this process) reads the files, with the one-machine rules, and sends them in
batches; the spec goes to every worker once (``Client.scatter`` with ``broadcast``), and
each worker grades with a grader it builds once (``solver.grade.batches``). Results are
yielded as each batch finishes, for the caller to journal. A batch whose worker dies is
retried by Dask on another; a batch that cannot be graded at all (every worker that tried
it died) comes back as one ``crashed`` row per submission. Dask is imported only here and
only when a cluster is asked for.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import PurePosixPath

from solver.errors import HwsolverError
from solver.grade.batches import SpecCopy, grade_batch, unpacked
from solver.grade.packed import Packed, Shape, packed
from solver.grade.pool import Limits, Task
from solver.grade.work import CRASHED, failed

INSTALL = "pip install 'hwsolver[dask]'"
MAX_BATCH = 200  # submissions per task at most
BATCHES_PER_WORKER = 8  # at least, when the class is large enough
IN_FLIGHT = 3  # batches sent ahead per worker
_LOCAL = re.compile(r"local:(\d+)")


class ClusterError(HwsolverError):
    """No cluster to grade on: Dask is not installed, or the address is not usable."""


def check_address(address: str) -> None:
    """Refuse, before anything is read, an address that names no cluster."""
    local = _LOCAL.fullmatch(address)
    if local is not None:
        if int(local.group(1)) < 1:
            raise ClusterError(f"--cluster {address}: a local cluster needs 1 worker or more")
    elif "://" not in address:
        raise ClusterError(f"--cluster {address}: give a scheduler's address "
                           "(tcp://host:8786) or local:N for N worker processes here")


def get_ready(address: str) -> None:
    """Load Dask (ClusterError without it); for ``local:N``, start the server process
    the workers will be forked from, which loads Dask and the grader meanwhile. No thread
    is started here: the run forks its own processes after this."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        raise ClusterError(f"--cluster needs Dask, which is not installed: {INSTALL}") \
            from None
    if _LOCAL.fullmatch(address) is not None:
        import multiprocessing.forkserver

        _forked_from_a_server()
        multiprocessing.forkserver.ensure_running()


@contextmanager
def connected(address: str) -> Iterator[object]:
    """A ``distributed.Client`` of the cluster at ``address`` (``local:N``: a new
    ``LocalCluster`` of N single-threaded worker processes on 127.0.0.1, closed after)."""
    check_address(address)
    get_ready(address)
    from distributed import Client, LocalCluster

    local = _LOCAL.fullmatch(address)
    cluster = None
    try:
        if local is not None:
            cluster = LocalCluster(n_workers=int(local.group(1)), threads_per_worker=1,
                                   processes=True, host="127.0.0.1", dashboard_address=None,
                                   silence_logs=logging.CRITICAL)  # not the shutdown's chatter
            client = Client(cluster, direct_to_workers=True)  # results not relayed
        else:
            client = Client(address, timeout="30s")
    except (OSError, TimeoutError) as error:
        if cluster is not None:
            cluster.close()
        raise ClusterError(f"--cluster {address}: cannot reach the scheduler ({error})") \
            from None
    try:
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _forked_from_a_server() -> None:
    """Start a local cluster's workers as forks of one server process that imports Dask
    and the grader once, rather than each worker importing them again (Dask's default).
    Each worker is given its share of the batches at once, not one at a time through the
    scheduler (which shares the driver's process), and none of Dask's own sampling (its
    profiler, its memory and system monitors), which would take the cores that grade."""
    import multiprocessing

    import dask
    from distributed.utils import get_mp_context

    dask.config.set({"distributed.worker.multiprocessing-method": "forkserver",
                     "distributed.scheduler.worker-saturation": "inf",
                     "distributed.worker.profile.enabled": False,
                     "distributed.worker.memory.monitor-interval": "1s",
                     "distributed.admin.system-monitor.interval": "2s"})
    get_mp_context()  # Dask sets its preload list once: set first, then replaced by ours
    multiprocessing.get_context("forkserver").set_forkserver_preload(
        ["distributed", "solver.grade.batches"])


def batch_size(submissions: int, workers: int) -> int:
    """Submissions per task: ``BATCHES_PER_WORKER`` tasks for each worker, so that all
    share the work to its end, but never more than ``MAX_BATCH`` (each task costs a few
    messages; a worker that dies loses one task's work)."""
    return max(1, min(MAX_BATCH, math.ceil(submissions / (BATCHES_PER_WORKER
                                                          * max(1, workers)))))


def grade_on_cluster(client, spec: SpecCopy, tasks: Sequence[Task], limits: Limits,
                     shape: Shape, batch: int | None = None,
                     prepare: Callable[[Task], Task] | None = None) -> Iterator[Packed]:
    """One result per task, in the order the batches finish; ``batch`` submissions per
    task (``batch_size`` when None). Batches are sent a few at a time (``IN_FLIGHT`` per
    worker), each task made by ``prepare(task)`` (its file read) only as its batch is
    sent, so the driver holds a few batches' bytes, not the class's."""
    from distributed import as_completed

    if not tasks:
        return
    shipped = client.scatter(spec, broadcast=True, hash=False)
    if batch is None:
        batch = batch_size(len(tasks), len(client.scheduler_info().get("workers", {})))
    starts = iter(range(0, len(tasks), batch))
    files: dict = {}

    def wanted() -> int:  # workers may join (or leave) while the class is graded
        return IN_FLIGHT * max(1, len(client.scheduler_info().get("workers", {})))

    def send():
        start = next(starts, None)
        if start is None:
            return None
        chunk = [prepare(task) if prepare else task for task in tasks[start:start + batch]]
        future = client.submit(grade_batch, shipped,
                               [(task.file, task.data) for task in chunk], limits, pure=False)
        files[future] = [task.file for task in chunk]
        return future

    pending = as_completed([future for future in (send() for _ in range(wanted())) if future])
    try:
        for future in pending:
            for _ in range(max(1, wanted() - len(files) + 1)):
                following = send()
                if following is None:
                    break
                pending.add(following)
            try:
                for data in future.result():
                    yield unpacked(data)
            except Exception as error:  # the cluster's edge: the batch still gets its rows
                if isinstance(error, HwsolverError):
                    raise
                message = f"the cluster could not grade it ({type(error).__name__}: {error})"
                for file in files[future]:
                    yield packed(failed(file, PurePosixPath(file).stem, CRASHED,
                                        message[:300]), shape)
            finally:
                files.pop(future, None)
                future.release()
    finally:
        client.cancel(list(files))
