"""What a process that dies leaves behind (`dagster_project/processes.py`), with the real `eparl` commands: a
killed `eparl run` leaves no dbt running and its run is marked failed when eparl next starts; `eparl ui` refuses
a port it cannot have, and once stopped leaves no webserver or daemon. The lock they share, alone:
tests/unit/test_processes.py."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import dagster as dg
import psutil
import pytest

from dagster_project.demo.generator import generate_landing
from dagster_project.processes import fail_dead_runs
from tests.support.pipeline import settings_under

EPARL = str(Path(sys.executable).parent / "eparl")


def _environment(root: Path) -> dict[str, str]:
    return {
        **os.environ,
        **settings_under(root).to_env(),
        "DAGSTER_HOME": str(root / "dagster_home"),
        "DAGSTER_DISABLE_TELEMETRY": "1",
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }


def _deaf_to(signals: frozenset[int]) -> None:
    """Block and ignore `signals` in this (forked) process: both are inherited through exec, and a test runner's
    worker once passed one or the other on to what it started."""
    signal.pthread_sigmask(signal.SIG_BLOCK, signals)
    for sig in signals:
        signal.signal(sig, signal.SIG_IGN)


def _start(root: Path, *args: str, log: str, deaf_to: frozenset[int] = frozenset()) -> subprocess.Popen:
    """`eparl <args>` in a session of its own (so that the test can always end all of it), output to a file; with
    the signals `deaf_to` blocked and ignored, as a parent's are inherited."""
    with open(root / log, "w") as out:
        return subprocess.Popen(
            [EPARL, *args],
            env=_environment(root),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=(lambda: _deaf_to(deaf_to)) if deaf_to else None,
        )


def _end(process: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


def _wait_for(
    condition: Callable[[], object], what: str, seconds: float, still: Callable[[], object] | None = None
) -> object:
    """Poll `condition` until it is true; fail the test, saying what did not happen (and, with `still`, what is
    still there), after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(0.5)
    pytest.fail(f"no {what} within {seconds:.0f} s" + (f"; still there: {still()}" if still else ""))


def _is_dead(process: psutil.Process) -> bool:
    try:
        return process.status() == psutil.STATUS_ZOMBIE  # dead, not yet reaped by whoever adopted it
    except psutil.NoSuchProcess:
        return True


def _dbt_build(parent: psutil.Process) -> psutil.Process | None:
    """The `dbt build` running under `parent` (dbt itself, after eparl-dbt became it), if any."""
    for child in parent.children(recursive=True):
        with contextlib.suppress(psutil.Error):
            command = child.cmdline()
            if "build" in command and any(Path(part).name == "dbt" for part in command):
                return child
    return None


def test_a_killed_run_leaves_no_dbt_behind_and_is_marked_failed_at_the_next_start(tmp_path):
    generate_landing(tmp_path / "landing", scale=0.01, seed=7)
    first = _start(tmp_path, "run", log="first.log")
    second = None
    try:
        dbt = _wait_for(lambda: _dbt_build(psutil.Process(first.pid)), "dbt build under eparl run", 600)
        instance = dg.DagsterInstance.from_config(str(tmp_path / "dagster_home"))
        (run,) = instance.get_runs()

        def status() -> dg.DagsterRunStatus:
            return instance.get_run_by_id(run.run_id).status

        # a run whose process is alive is left alone
        assert fail_dead_runs(instance) == [] and status() == dg.DagsterRunStatus.STARTED

        family = psutil.Process(first.pid).children(recursive=True)  # dbt, and Dagster's log tailers
        os.kill(first.pid, signal.SIGKILL)  # only eparl run, not its process group: dbt must die of that alone
        first.wait(timeout=30)
        _wait_for(lambda: _is_dead(dbt), "end of dbt build after eparl run was killed", 60)
        _wait_for(lambda: all(_is_dead(p) for p in family), "end of every process eparl run had started", 60)
        assert status() == dg.DagsterRunStatus.STARTED  # all that Dagster knows

        second = _start(tmp_path, "run", log="second.log")
        _wait_for(
            lambda: status() == dg.DagsterRunStatus.FAILURE, "failure mark on the dead run at the next start", 300
        )
        reasons = [
            e.message for e in instance.all_logs(run.run_id) if e.dagster_event_type == dg.DagsterEventType.RUN_FAILURE
        ]
        assert reasons and f"pid {first.pid}" in reasons[-1] and "died before it finished" in reasons[-1]
    finally:
        for process in (first, second):
            if process is not None:
                _end(process)
    assert "marked failed" in (tmp_path / "second.log").read_text()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def test_eparl_ui_refuses_a_taken_port_and_once_stopped_leaves_no_process(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        refused = subprocess.run(
            [EPARL, "ui", "--port", str(port)],
            env=_environment(tmp_path),
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert refused.returncode == 1
    assert f"Port {port} on 127.0.0.1 is not free (Address already in use)" in refused.stdout

    port = _free_port()
    # started with SIGTERM blocked and ignored, as a test runner's worker once started it: eparl ui must stop all
    # the same
    ui = _start(tmp_path, "ui", "--port", str(port), log="ui.log", deaf_to=frozenset({signal.SIGTERM}))
    try:
        _wait_for(lambda: _answers(f"http://127.0.0.1:{port}/server_info"), "answer from the UI", 600)
        family = [psutil.Process(ui.pid), *psutil.Process(ui.pid).children(recursive=True)]
        assert len(family) >= 3  # eparl ui, dagster dev, its webserver and daemon
        ui.send_signal(signal.SIGTERM)  # eparl ui ends at once; dagster dev is told by its parent's death

        # dagster dev stops its webserver and daemon gracefully, which takes a while on a loaded 2-core machine
        def alive() -> list[int]:
            return [p.pid for p in family if not _is_dead(p)]

        _wait_for(lambda: not alive(), "end of dagster dev, its webserver and daemon", 300, still=alive)
    finally:
        _end(ui)
