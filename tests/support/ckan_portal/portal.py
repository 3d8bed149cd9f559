"""A real CKAN 2.12 portal for the tests, started from nothing in a work folder and stopped without a trace.

`CkanPortal(work_dir).start()` runs, each on a free port on 127.0.0.1 and each a child process it stops by pid:

- a private PostgreSQL cluster (initdb in a folder of its own, run as the `postgres` user when we are root,
  because PostgreSQL refuses root) with two databases, `ckan` and `datastore`, and the datastore's read-only
  user, configured by CKAN's own `ckan datastore set-permissions` script;
- redis-server, with no persistence;
- the Solr stand-in (`solr_standin.py`: CKAN cannot start or save a dataset without Solr, which cannot be
  installed here; searches find nothing);
- CKAN itself (`ckan run`, the Werkzeug server, threaded) from its own venv `.tools/ckan` (`make ckan-env`),
  with ckanext-scheming (our schema, `publish/ckan_schema.yaml`), ckanext-dcat, the datastore and activity.

It then makes a sysadmin and an API token. Logs (`postgres.log`, `redis.log`, `solr.log`, `ckan.log`,
`setup.log`) stay in the work folder; a failed start raises `PortalError` with the tail of the log concerned.
Start-up takes about 20 s once `.tools/ckan` exists (installing it, about 40 s more); the services use ~300 MB.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO

REPO_DIR = Path(__file__).resolve().parents[3]
CKAN_VENV = REPO_DIR / ".tools" / "ckan"
SCHEMA_FILE = REPO_DIR / "publish" / "ckan_schema.yaml"
SOLR_STANDIN = Path(__file__).with_name("solr_standin.py")
# datatables_view: a datastore table is browsable on its resource page (CKAN's default view, absent otherwise).
PLUGINS = "activity datastore datatables_view scheming_datasets dcat"
MAX_RESOURCE_SIZE_MB = 500


class PortalError(RuntimeError):
    """The portal (or one of its services) did not start, or a CKAN command or action failed; the message has the
    log or CKAN's answer (`body`: an action's whole JSON answer)."""

    def __init__(self, message: str, body: str = "") -> None:
        super().__init__(message)
        self.body = body


def postgres_bin_dir() -> Path | None:
    """The newest PostgreSQL server binaries on this machine (Debian keeps them out of PATH), or None."""
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    if candidates:
        return candidates[-1].parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def missing_prerequisites(ckan_venv: Path = CKAN_VENV) -> list[str]:
    """What this machine lacks to run the portal, each said so that the reader knows what to install."""
    missing = []
    if postgres_bin_dir() is None:
        missing.append("PostgreSQL server binaries (initdb, postgres: apt-get install postgresql)")
    if shutil.which("psql") is None and (postgres_bin_dir() is None or not (postgres_bin_dir() / "psql").exists()):
        missing.append("psql (apt-get install postgresql-client)")
    if shutil.which("redis-server") is None:
        missing.append("redis-server (apt-get install redis-server)")
    if not (ckan_venv / "bin" / "ckan").exists():
        missing.append(f"the CKAN venv {ckan_venv} (make ckan-env)")
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            missing.append("setpriv (util-linux), to run PostgreSQL as the postgres user")
        try:
            import pwd

            pwd.getpwnam("postgres")
        except KeyError:
            missing.append("a 'postgres' system user to run PostgreSQL as (we are root, which PostgreSQL refuses)")
    return missing


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def log_tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except FileNotFoundError:
        return f"({path} was not written)"


class CkanPortal:
    """A CKAN portal of its own in `work_dir`; use `with CkanPortal(dir) as portal:` or `start()` / `stop()`.

    After `start()`: `site_url`, `api_url`, `api_token`, `sysadmin` (the sysadmin's user name), `ckan_ini`,
    `storage_dir`; `ckan(...)` runs the CKAN CLI on this portal; `action(name, **data)` calls the action API as the
    sysadmin, `action_error(name, **data)` the type of error it answers; `psql(...)` runs SQL on its databases.
    """

    def __init__(self, work_dir: Path, ckan_venv: Path = CKAN_VENV, schema_file: Path = SCHEMA_FILE) -> None:
        self.work_dir = Path(work_dir).resolve()
        self.ckan_venv = ckan_venv
        self.schema_file = schema_file
        self.ckan_ini = self.work_dir / "ckan.ini"
        self.storage_dir = self.work_dir / "storage"
        self.sysadmin = "eparl-admin"
        self.api_token = ""
        self.setup_seconds = 0.0
        self.pg_port = self.redis_port = self.solr_port = self.ckan_port = 0
        self._pg_dir: Path | None = None
        self._procs: dict[str, subprocess.Popen[bytes]] = {}
        self._logs: dict[str, IO[bytes]] = {}

    # ---- what the tests use -------------------------------------------------------------------------------------
    @property
    def site_url(self) -> str:
        return f"http://127.0.0.1:{self.ckan_port}"

    @property
    def api_url(self) -> str:
        return f"{self.site_url}/api/3/action"

    def ckan(
        self, *args: str, input: str | None = None, check: bool = True, with_config: bool = True
    ) -> subprocess.CompletedProcess[str]:
        """Run `ckan -c ckan.ini <args>` from CKAN's venv (`with_config=False`: no `-c`, which loads the whole
        app); on failure raise PortalError with the end of its output. Every run is logged in setup.log."""
        config = ["-c", str(self.ckan_ini)] if with_config else []
        result = subprocess.run(
            [str(self.ckan_venv / "bin" / "ckan"), *config, *args],
            input=input,
            capture_output=True,
            text=True,
            cwd=self.work_dir,
            env=self._ckan_env(),
            timeout=300,
        )
        with (self.work_dir / "setup.log").open("a", encoding="utf-8") as log:
            log.write(f"$ ckan {' '.join(args)}\n{result.stdout}{result.stderr}\n")
        if check and result.returncode != 0:
            output = "\n".join((result.stdout + result.stderr).splitlines()[-40:])
            raise PortalError(f"ckan {' '.join(args)} failed ({result.returncode}):\n{output}")
        return result

    def action(self, name: str, **data: object) -> object:
        """POST a CKAN action as the sysadmin and return its `result`; a CKAN error raises PortalError."""
        request = urllib.request.Request(
            f"{self.api_url}/{name}",
            data=json.dumps(data).encode(),
            headers={"Content-Type": "application/json", "Authorization": self.api_token},
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return json.load(response)["result"]
        except urllib.error.HTTPError as error:
            body = error.read().decode(errors="replace")
            raise PortalError(f"{name} → {error.code}: {body[:2000]}", body=body) from error

    def action_error(self, name: str, **data: object) -> str:
        """The `__type` of the error a CKAN action answers (e.g. "Not Found Error", "Validation Error"); an action
        that succeeds raises AssertionError."""
        try:
            self.action(name, **data)
        except PortalError as error:
            if isinstance(error.__cause__, urllib.error.HTTPError) and error.body:
                return str(json.loads(error.body)["error"].get("__type", ""))
            raise
        raise AssertionError(f"{name} succeeded; an error was expected")

    def purge_dataset_if_present(self, name: str) -> None:
        """Purge the dataset `name` if the portal holds it (the session's portal is shared: a pipeline run of another
        test may have shipped it); any other error than its absence raises PortalError."""
        try:
            self.action("dataset_purge", id=name)
        except PortalError as error:
            if not error.body or json.loads(error.body)["error"].get("__type") != "Not Found Error":
                raise

    def is_up(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.api_url}/status_show", timeout=5) as response:
                return json.load(response).get("success") is True
        except (OSError, ValueError):
            return False

    # ---- life cycle ---------------------------------------------------------------------------------------------
    def start(self) -> CkanPortal:
        started = time.monotonic()
        self.work_dir.mkdir(parents=True, exist_ok=True)
        self.storage_dir.mkdir(exist_ok=True)
        missing = missing_prerequisites(self.ckan_venv)
        if missing:
            raise PortalError("cannot start CKAN, missing: " + "; ".join(missing))
        try:
            self._start_postgres()
            self._start_redis()
            self._start_solr()
            self._configure_ckan()
            self._set_up_databases()
            self.start_server()
            self._make_sysadmin()
        except BaseException:
            self.stop()
            raise
        self.setup_seconds = time.monotonic() - started
        return self

    def stop(self) -> None:
        """Stop everything this portal started, CKAN first, each by its pid, and wait for each to exit."""
        for name in ("ckan", "solr", "redis", "postgres"):
            self._stop(name, signal.SIGINT if name == "postgres" else signal.SIGTERM)  # SIGINT: postgres' fast stop
        for log in self._logs.values():
            log.close()
        self._logs.clear()
        if self._pg_dir is not None:
            shutil.rmtree(self._pg_dir, ignore_errors=True)
            self._pg_dir = None

    def stop_server(self) -> None:
        """Kill -9 the CKAN web server only (a portal dying mid-publish); PostgreSQL, Redis and Solr stay up."""
        self._stop("ckan", signal.SIGKILL)

    def start_server(self) -> None:
        """(Re)start the CKAN web server on the same port and wait until `status_show` answers; a no-op when it
        is running (so a test can call it in `finally` after `stop_server()`)."""
        if "ckan" in self._procs and self._procs["ckan"].poll() is None and self.is_up():
            return
        if not self.ckan_port:
            self.ckan_port = free_port()
        ckan = str(self.ckan_venv / "bin" / "ckan")
        options = f"--host 127.0.0.1 --port {self.ckan_port} --disable-reloader --threaded".split()
        self._spawn("ckan", [ckan, "-c", str(self.ckan_ini), "run", *options], env=self._ckan_env())
        self._wait("ckan", self.is_up, timeout=120)

    def __enter__(self) -> CkanPortal:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ---- the services -------------------------------------------------------------------------------------------
    def _as_postgres(self, command: Sequence[str]) -> list[str]:
        """PostgreSQL refuses to run as root: then run it as the `postgres` user (setpriv execs, so pid = server)."""
        if os.geteuid() != 0:
            return list(command)
        return ["setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--", *command]

    def _start_postgres(self) -> None:
        bin_dir = postgres_bin_dir()
        assert bin_dir is not None
        # The cluster lives outside the work folder: pytest's tmp folders are private to root (0700), and the
        # postgres user could not reach them. The logs stay in the work folder.
        self._pg_dir = Path(tempfile.mkdtemp(prefix="eparl-ckan-pg-"))
        if os.geteuid() == 0:
            shutil.chown(self._pg_dir, "postgres", "postgres")
        data_dir = self._pg_dir / "data"
        log_path = self.work_dir / "postgres.log"
        with log_path.open("ab") as log:
            options = ["-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"]
            command = self._as_postgres([str(bin_dir / "initdb"), "-D", str(data_dir), *options])
            initdb = subprocess.run(command, stdout=log, stderr=subprocess.STDOUT, cwd=self._pg_dir)
        if initdb.returncode != 0:
            raise PortalError(f"initdb failed:\n{log_tail(log_path)}")
        self.pg_port = free_port()
        # Only TCP on 127.0.0.1, and durability off: this cluster lives for one test session.
        settings = "unix_socket_directories= fsync=off full_page_writes=off synchronous_commit=off max_connections=50"
        options = [f"-c{setting}" for setting in settings.split()]
        command = [str(bin_dir / "postgres"), "-D", str(data_dir), "-h", "127.0.0.1", "-p", str(self.pg_port), *options]
        self._spawn("postgres", self._as_postgres(command), cwd=self._pg_dir)
        self._wait("postgres", lambda: self.psql("postgres", "SELECT 1", check=False).returncode == 0, timeout=30)
        self.psql(
            "postgres",
            "CREATE ROLE ckan LOGIN PASSWORD 'ckan';"
            " CREATE ROLE datastore_ro LOGIN PASSWORD 'datastore_ro';"
            " CREATE DATABASE ckan OWNER ckan ENCODING 'UTF8';"
            " CREATE DATABASE datastore OWNER ckan ENCODING 'UTF8';",
        )

    def psql(
        self, database: str, sql: str, user: str = "postgres", check: bool = True
    ) -> subprocess.CompletedProcess[str]:
        """Run SQL with psql as `user` (default the superuser; the cluster trusts every login on 127.0.0.1 only).
        Databases `ckan` and `datastore`; users `ckan` (CKAN, datastore writer), `datastore_ro` (read-only)."""
        psql = shutil.which("psql") or str(postgres_bin_dir() / "psql")  # type: ignore[operator]
        options = f"-X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p {self.pg_port} -U {user} -d {database}".split()
        result = subprocess.run([psql, *options], input=sql, capture_output=True, text=True, timeout=60)
        if check and result.returncode != 0:
            raise PortalError(
                f"psql on {database} failed:\n{result.stderr}\n{log_tail(self.work_dir / 'postgres.log')}"
            )
        return result

    def _start_redis(self) -> None:
        self.redis_port = free_port()
        options = ["--port", str(self.redis_port), "--bind", "127.0.0.1", "--dir", str(self.work_dir)]
        self._spawn("redis", ["redis-server", *options, "--save", "", "--appendonly", "no"])  # nothing kept on disk
        self._wait("redis", lambda: _port_open(self.redis_port), timeout=15)

    def _start_solr(self) -> None:
        self.solr_port = free_port()
        self._spawn("solr", [sys.executable, str(SOLR_STANDIN), "--port", str(self.solr_port)])
        self._wait("solr", lambda: _port_open(self.solr_port), timeout=15)

    def _configure_ckan(self) -> None:
        self.ckan_port = free_port()
        db = f"127.0.0.1:{self.pg_port}"
        if not self.ckan_ini.exists():
            self.ckan("generate", "config", str(self.ckan_ini), with_config=False)
        settings = {
            "sqlalchemy.url": f"postgresql://ckan:ckan@{db}/ckan",
            "ckan.site_url": self.site_url,
            "ckan.site_id": "eparl-test",
            "ckan.redis.url": f"redis://127.0.0.1:{self.redis_port}/0",
            "solr_url": f"http://127.0.0.1:{self.solr_port}/solr/ckan",
            "ckan.storage_path": str(self.storage_dir),
            "ckan.max_resource_size": str(MAX_RESOURCE_SIZE_MB),
            "ckan.datastore.write_url": f"postgresql://ckan:ckan@{db}/datastore",
            "ckan.datastore.read_url": f"postgresql://datastore_ro:datastore_ro@{db}/datastore",
            "ckan.plugins": PLUGINS,
            "ckan.views.default_views": "datatables_view",
            "scheming.dataset_schemas": self.schema_file.resolve().as_uri(),
            "scheming.presets": "ckanext.scheming:presets.json",
            "ckan.locale_default": "en",
            "ckan.locales_offered": "en ru kk",
            "ckan.auth.create_user_via_web": "false",
            "ckan.activity_streams_email_notifications": "false",
        }
        options = (f"{key}={value}" for key, value in settings.items())
        self.ckan("config-tool", str(self.ckan_ini), *options, with_config=False)

    def _set_up_databases(self) -> None:
        self.ckan("db", "init")
        # CKAN's own script: the read-only user may only SELECT from the datastore database.
        self.psql("datastore", self.ckan("datastore", "set-permissions").stdout)

    def _make_sysadmin(self) -> None:
        self.ckan("user", "add", self.sysadmin, f"email={self.sysadmin}@example.org", "password=eparl-test-password-1")
        self.ckan("sysadmin", "add", self.sysadmin)
        self.api_token = self.ckan("user", "token", "add", self.sysadmin, "tests", "--quiet").stdout.strip()
        if not self.api_token:
            raise PortalError("ckan user token add printed no token")

    # ---- processes ----------------------------------------------------------------------------------------------
    def _ckan_env(self) -> dict[str, str]:
        env = {key: value for key, value in os.environ.items() if key not in ("VIRTUAL_ENV", "PYTHONPATH", "CKAN_INI")}
        env["PATH"] = f"{self.ckan_venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
        return env

    def _spawn(self, name: str, command: list[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> None:
        if name in self._logs:
            self._logs.pop(name).close()
        log = (self.work_dir / f"{name}.log").open("ab")
        self._logs[name] = log
        self._procs[name] = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env, cwd=cwd or self.work_dir
        )

    def _wait(self, name: str, ready: Callable[[], bool], timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._procs[name].poll() is not None:
                raise PortalError(f"{name} exited ({self._procs[name].returncode}):\n{log_tail(self._log(name))}")
            if ready():
                return
            time.sleep(0.2)
        raise PortalError(f"{name} not ready after {timeout:.0f} s:\n{log_tail(self._log(name))}")

    def _log(self, name: str) -> Path:
        return self.work_dir / f"{name}.log"

    def _stop(self, name: str, sig: signal.Signals) -> None:
        proc = self._procs.pop(name, None)
        if proc is None or proc.poll() is not None:
            return
        proc.send_signal(sig)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def _port_open(port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
        return True
    return False


if __name__ == "__main__":  # python tests/support/ckan_portal/portal.py [work_dir]: a portal to look at, until Ctrl-C
    portal = CkanPortal(Path(sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp(prefix="eparl-ckan-")))
    with portal:
        print(f"CKAN on {portal.site_url} in {portal.setup_seconds:.0f} s, logs in {portal.work_dir}")
        print(f"API token of {portal.sysadmin}: {portal.api_token}")
        with contextlib.suppress(KeyboardInterrupt):
            signal.pause()
