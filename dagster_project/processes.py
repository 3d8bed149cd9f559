"""Processes the CLI starts, and what a process that dies without warning (`kill -9`, the OOM killer) leaves.

- A child dies with its parent. dbt is started by dagster-dbt, not by us, so `DbtCliResource`'s executable is
  `eparl-dbt` (`dbt_child`): it asks Linux to kill it when its parent dies (`prctl(PR_SET_PDEATHSIG)`, which
  survives `exec`) and then becomes dbt itself, same pid, arguments and environment. An orphaned `dbt build`
  would otherwise go on writing the warehouse, holding its lock, with nobody to read its result. `eparl ui`
  starts `dagster dev` the same way (`die_with_parent` before exec).
- Processes that share a folder of the checkout (dbt's parsed manifest, the cached docs page) take turns:
  `exclusive` holds a lock file beside it while one of them writes (two pipelines of one checkout on two
  warehouses, two test workers, a code server and the CLI starting at once).
- A run whose process died stays `STARTED` in Dagster's storage forever. `run_pipeline` tags each run with the
  process that runs it (`RUN_PROCESS_TAG`: host, pid, start time), and `fail_dead_runs`, called when `eparl`
  next starts a run or the UI, marks failed each such run whose process is gone. Runs launched from the UI carry
  no tag: their run worker is the daemon's to watch.

This module is imported by `eparl-dbt` at every dbt start, so it imports nothing heavy at the top.
"""

from __future__ import annotations

import ctypes
import fcntl
import os
import signal
import socket
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
DBT = Path(sys.executable).parent / "dbt"
RUN_PROCESS_TAG = "eparl/process"


def die_with_parent(sig: int = signal.SIGKILL) -> None:
    """Have the kernel send `sig` to this process when its parent dies (Linux; elsewhere nothing happens).

    The signal is tied to the parent *thread* that forked this process, which is the thread that waits for it in
    every use here (a step's thread runs dbt to its end)."""
    if not sys.platform.startswith("linux"):
        return
    parent = os.getppid()
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_PDEATHSIG, sig, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
    if os.getppid() != parent:  # the parent died before the request was made: nobody will send the signal
        os.kill(os.getpid(), sig)


@contextmanager
def exclusive(lock_file: Path) -> Iterator[None]:
    """Hold `lock_file` (created if need be) while the block runs; another process holding it makes this one wait.
    The kernel lets go of it when its holder dies, so a killed process leaves no stale lock."""
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    with lock_file.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def dbt_child() -> None:
    """`eparl-dbt …`: dbt, killed when the process that started it dies."""
    die_with_parent()
    os.execv(DBT, [str(DBT), *sys.argv[1:]])


def _start_time(pid: int) -> str:
    """The process's start time in clock ticks since boot (`/proc/<pid>/stat`, field 22), or "" where unknown: with
    the pid it names one process, even after the pid is reused."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    return stat.rsplit(")", 1)[1].split()[19]  # the command name, in parentheses, may hold spaces


def this_process() -> str:
    """The value of RUN_PROCESS_TAG for a run that this process runs."""
    return f"{socket.gethostname()}:{os.getpid()}:{_start_time(os.getpid())}"


def is_gone(process: str) -> bool:
    """Whether the process a RUN_PROCESS_TAG names is known to be dead (one on another host is never known)."""
    host, pid, started = process.rsplit(":", 2)
    if host != socket.gethostname():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, another user's
        pass
    return bool(started) and _start_time(int(pid)) != started


def fail_dead_runs(instance) -> list[str]:
    """Mark failed every run this CLI started whose process is gone; return their run ids."""
    import dagster as dg  # here, not at the top: see the module's docstring

    unfinished = [
        dg.DagsterRunStatus.NOT_STARTED,  # an in-process run is created so, then started
        dg.DagsterRunStatus.STARTING,
        dg.DagsterRunStatus.STARTED,
        dg.DagsterRunStatus.CANCELING,
    ]
    failed = []
    for run in instance.get_runs(filters=dg.RunsFilter(statuses=unfinished)):
        process = run.tags.get(RUN_PROCESS_TAG)
        if process and is_gone(process):
            pid = process.rsplit(":", 2)[1]
            instance.report_run_failed(run, message=f"The process that ran it (pid {pid}) died before it finished.")
            failed.append(run.run_id)
    return failed


def port_taken(host: str, port: int) -> str:
    """Why a server could not listen on host:port ("" when it could), found by binding it as uvicorn does."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            return error.strerror or str(error)
    return ""
