"""`processes.exclusive`, which serialises what processes of one checkout write into it: the second process waits,
and a holder killed with SIGKILL leaves no lock behind. What the real `eparl` commands leave when they die:
tests/e2e/test_processes.py."""

from __future__ import annotations

import subprocess
import sys
import threading

from dagster_project.processes import exclusive


def test_a_lock_makes_the_second_process_wait_and_a_killed_holder_leaves_none(tmp_path):
    """`processes.exclusive`, which serialises what processes of one checkout write into it (dbt's manifest, the
    cached docs page): while another process holds the lock this one waits, and a holder killed with SIGKILL
    releases it (the kernel drops the lock of a dead process), so nothing is left to clean up."""
    lock = tmp_path / "shared.lock"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"from dagster_project.processes import exclusive\nfrom pathlib import Path\n"
            f"with exclusive(Path({str(lock)!r})):\n    print('held', flush=True)\n    input()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "held"
    got = threading.Event()

    def take() -> None:
        with exclusive(lock):
            got.set()

    waiter = threading.Thread(target=take)
    waiter.start()
    assert not got.wait(1.0)  # held by the other process: this one waits
    holder.kill()
    holder.wait(timeout=30)
    assert got.wait(30)  # released by the kernel when its holder died
    waiter.join(timeout=30)
