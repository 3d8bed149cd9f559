"""`eparl`: the command line. Each command is a thin wrapper over the Dagster definitions or the demo generator.

eparl demo-data   write a synthetic landing folder (seeded, any scale)
eparl run         run full_pipeline on a landing folder, a warehouse file and a publish folder
eparl demo        both, on the defaults, then say where everything is
eparl publish-ckan  ship the published folder to the CKAN portal (or, with --dry-run, say what would change)
eparl ui          the Dagster UI on 127.0.0.1, showing the same assets, checks, schedule and sensor
eparl fetch       download an official site's pages into a capture store, politely (dagster_project/ingest/fetch.py)
eparl adapt       turn captures of the official sites into landing files (dagster_project/ingest/adapt.py)
eparl sql         a query (or an interactive shell) on the current read-only release of the warehouse

What the commands say goes through `messages`: colours only on a terminal, never a line wrapped (a path stays
whole to copy), and with `--log-file` the same lines, plain, in a file. What the tools of a run print themselves
(dbt's log lines, which dagster-dbt writes to stdout) goes to the log file always, to the console only with
`--dbt-log`.

`eparl --help`, `--version` and `eparl sql` must start in well under a second, so this module imports typer, rich
and the settings only: Dagster, dbt and everything a run needs are imported by the commands that use them
(`tests/unit/test_cli.py` checks it).
"""

from __future__ import annotations

import io
import logging
import os
import signal
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager, redirect_stdout
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

import typer
from rich.console import Console

from dagster_project.layout import DATA_DIR
from dagster_project.settings import Settings

if TYPE_CHECKING:
    import dagster as dg

app = typer.Typer(
    help="e-Parlament open-data pipeline.",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
DISTRIBUTION = "eparl"  # pyproject.toml's project name: the version is the installed package's


class _ToolOutput(io.TextIOBase):
    """Stands in for stdout while a run's tools print: into the log file always, onto the console when asked. A
    text stream with no file descriptor, as stdout is under a test runner."""

    encoding = "utf-8"

    def __init__(self, messages: Messages) -> None:
        super().__init__()
        self.messages = messages

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if self.messages.log is not None:
            self.messages.log.file.write(text)
        if self.messages.show_tool_output:
            self.messages.console.file.write(text)
        return len(text)

    def flush(self) -> None:
        for target in (self.messages.log, self.messages.console if self.messages.show_tool_output else None):
            if target is not None:
                target.file.flush()


class Messages:
    """Where the CLI's messages go: the console (stdout as it is when a command starts), and the log file."""

    def __init__(self) -> None:
        self.log: Console | None = None
        self.start(None, show_tool_output=False)

    def start(self, log_file: Path | None, show_tool_output: bool) -> None:
        self.close()
        self.console = _console(sys.stdout)
        self.show_tool_output = show_tool_output
        if log_file is not None:
            log_file.parent.mkdir(parents=True, exist_ok=True)
            self.log = _console(log_file.open("a", encoding="utf-8"), color_system=None)

    def print(self, message: str) -> None:
        self.console.print(message)
        if self.log is not None:
            self.log.print(message)

    @contextmanager
    def tool_output(self):
        with redirect_stdout(_ToolOutput(self)):
            yield

    def close(self) -> None:
        if self.log is not None:
            self.log.file.close()
            self.log = None


def _console(file: TextIO, **options) -> Console:
    """Colours only when `file` is a terminal (rich's own test), and soft wrap: a long line is never broken at the
    width rich assumes without a terminal (80), so a path stays whole; no emoji codes read into paths."""
    return Console(file=file, soft_wrap=True, emoji=False, **options)


messages = Messages()

LandingOption = Annotated[Path | None, typer.Option("--landing", help="Landing folder [EPARL_LANDING_DIR].")]
WarehouseOption = Annotated[Path | None, typer.Option("--warehouse", help="DuckDB file [EPARL_WAREHOUSE].")]
PublishOption = Annotated[Path | None, typer.Option("--publish-dir", help="Publish folder [EPARL_PUBLISH_DIR].")]


def dagster_home() -> Path:
    """Runs launched by the CLI are stored where the UI (`eparl ui`) looks for them."""
    home = Path(os.environ.setdefault("DAGSTER_HOME", str(DATA_DIR / "dagster_home")))
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists():
        config.write_text("telemetry:\n  enabled: false\n", encoding="utf-8")
    return home


def _version(shown: bool) -> None:
    if shown:
        typer.echo(f"{DISTRIBUTION} {version(DISTRIBUTION)}")
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    log_file: Annotated[
        Path | None, typer.Option("--log-file", help="Also write every message, and dbt's log lines, to this file.")
    ] = None,
    dbt_log: Annotated[bool, typer.Option("--dbt-log", help="Show dbt's own log lines on the console too.")] = False,
    _: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    messages.start(log_file, show_tool_output=dbt_log)
    ctx.call_on_close(messages.close)


class _StepProgress(logging.Handler):
    """Prints one line per step start, success, failure or skip, and each failed check."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.started: dict[str, float] = {}

    def emit(self, record: logging.LogRecord) -> None:
        meta = getattr(record, "dagster_meta", None) or {}
        event = meta.get("dagster_event")
        if event is None:
            if record.levelno >= logging.WARNING:
                messages.print(f"  [yellow]! {meta.get('orig_message') or record.getMessage()}[/yellow]")
            return
        kind, step = event.event_type_value, event.step_key
        if kind == "STEP_START":
            self.started[step] = time.monotonic()
            messages.print(f"[cyan]▶[/cyan] {step}")
        elif kind == "STEP_SUCCESS":
            messages.print(
                f"[green]✔[/green] {step} ({time.monotonic() - self.started.get(step, time.monotonic()):.1f} s)"
            )
        elif kind == "STEP_FAILURE":
            data = event.event_specific_data
            if data.user_failure_data:  # a dg.Failure raised on purpose says why
                detail = data.user_failure_data.description
            else:
                detail = (data.error.cause or data.error).message.strip() if data.error else record.getMessage()
            messages.print(f"[red]✘ {step}[/red]: {detail}")
        elif kind == "STEP_SKIPPED":
            messages.print(f"[yellow]⏭ {step} skipped[/yellow] (an upstream check or step failed)")
        elif kind == "ASSET_CHECK_EVALUATION" and not event.event_specific_data.passed:
            data = event.event_specific_data
            messages.print(f"  [red]check failed[/red]: {data.asset_key.to_user_string()} {data.check_name}")


def _progress_logger(_init_context) -> logging.Logger:
    logger = logging.Logger("eparl", level=logging.DEBUG)
    logger.addHandler(_StepProgress())
    return logger


def run_pipeline(
    settings: Settings,
    instance: dg.DagsterInstance,
    progress: bool = True,
    asset_selection: list[dg.AssetKey] | None = None,
):
    """Run full_pipeline (or the selected assets of it) in this process, launched as a run from the UI is: the
    definitions of these settings' deployment, and the settings as the run config of the `settings` resource.
    Return Dagster's result (the tests call this too)."""
    import dagster as dg

    from dagster_project.definitions import build_definitions
    from dagster_project.instance_storage import held_open
    from dagster_project.processes import RUN_PROCESS_TAG, this_process

    _fail_dead_runs(instance)
    progress_logger = dg.LoggerDefinition(
        _progress_logger, description="Step-by-step progress on the console (the eparl CLI)."
    )
    loggers = {"progress": progress_logger} if progress else None
    definitions = build_definitions(settings, loggers=loggers)
    job = definitions.resolve_job_def("full_pipeline")
    run_config: dict = {"resources": {"settings": {"config": settings.launch_config()}}}
    if progress:
        run_config["loggers"] = {"progress": {}}  # Dagster uses only the loggers named here
    run_id = str(uuid.uuid4())  # as Dagster makes one; known before the run, so its event log can be held open
    with held_open(instance, run_id), messages.tool_output():  # dbt's log lines: see the module's docstring
        return job.execute_in_process(
            instance=instance,
            raise_on_error=False,
            run_config=run_config,
            asset_selection=asset_selection,
            run_id=run_id,
            tags={RUN_PROCESS_TAG: this_process()},  # so that the next start can tell if this process died
        )


def _fail_dead_runs(instance: dg.DagsterInstance) -> None:
    from dagster_project.processes import fail_dead_runs

    for run_id in fail_dead_runs(instance):
        messages.print(f"[yellow]Run {run_id} was left unfinished by a process that died: marked failed.[/yellow]")


def _generate(out: Path, scale: float, seed: int) -> None:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from dagster_project.demo.generator import generate_landing

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=messages.console,
        disable=not messages.console.is_terminal,  # a bar is for eyes on a terminal, not for a log
    ) as bar:
        tasks: dict[str, int] = {}

        def progress(step: str, done: int, total: int) -> None:
            if step not in tasks:
                tasks[step] = bar.add_task(step, total=total)
            bar.update(tasks[step], completed=done, total=total)

        summary = generate_landing(out, scale=scale, seed=seed, progress=progress)
    messages.print(
        f"Synthetic landing folder [bold]{out}[/bold]: {summary.persons} persons, {summary.bills} bills, "
        f"{summary.vote_events} vote events, {summary.votes} votes, {summary.submissions} submissions."
    )


@app.command("demo-data")
def demo_data(
    out: LandingOption = None,
    scale: Annotated[float, typer.Option(help="Multiplies votes, bills and submissions.")] = 1.0,
    seed: Annotated[int, typer.Option(help="Same seed, same files.")] = 42,
) -> None:
    """Write a synthetic landing folder (marked synthetic everywhere it is published)."""
    _generate(Settings.from_env(landing_dir=out).landing_dir, scale, seed)


def run_failures(result) -> list[str]:
    """What failed in the run though its steps may all have succeeded: checks of error severity that failed, and dbt
    models that did not build (a failed dbt test or model holds back only what depends on it: the run has still
    failed)."""
    import dagster as dg

    from dagster_project.assets.transform import DBT_STATUS

    checks = [
        f"failed check       {e.asset_key.to_user_string()} {e.check_name}"
        for e in result.get_asset_check_evaluations()
        if not e.passed and e.severity == dg.AssetCheckSeverity.ERROR
    ]
    models = [
        f"dbt model failed   {e.asset_key.to_user_string()}: {meta['dbt_message'].value}"
        for e in result.get_asset_observation_events()
        if DBT_STATUS in (meta := e.asset_observation_data.asset_observation.metadata)
    ]
    return sorted(checks) + sorted(models)


def run_notes(result) -> list[str]:
    """What a user of the datasets must know of the run: records quarantined for an unresolved reference, and tables
    published empty because the landing supplied nothing they are built from."""
    from dagster_project.assets.transform import QUARANTINE_KEY

    notes = []
    for event in result.get_asset_materialization_events():
        meta = event.materialization.metadata
        if event.asset_key == QUARANTINE_KEY and meta["records_quarantined"].value:
            by_table = ", ".join(f"{t} {n}" for t, n in sorted(meta["records_quarantined_by_table"].value.items()))
            notes.append(
                f"quarantined        {meta['records_quarantined'].value} records with a reference that does not "
                f"resolve ({by_table}): core.quarantined_references"
            )
    for evaluation in result.get_asset_check_evaluations():
        absent = evaluation.metadata.get("absent")
        if absent is not None and absent.value != "no":
            notes.append(f"empty              {evaluation.asset_key.to_user_string()}: {absent.value}")
    return notes


def _run(settings: Settings) -> None:
    import dagster as dg

    started = time.monotonic()
    messages.print(f"Running full_pipeline: {settings.landing_dir} → {settings.warehouse} → {settings.publish_dir}")
    result = run_pipeline(settings, dg.DagsterInstance.get())
    from expectations.runner import data_docs_index

    failed = run_failures(result)
    succeeded = result.success and not failed
    messages.print(
        f"\n[bold]{'Succeeded' if succeeded else 'Finished with failures'}[/bold] "
        f"in {time.monotonic() - started:.0f} s (run {result.run_id})."
    )
    for failure in failed:
        messages.print(f"  [red]{failure}[/red]")
    for note in run_notes(result):
        messages.print(f"  {note}")
    messages.print(f"  warehouse          {settings.warehouse}  (read-only: duckdb.connect(path, read_only=True))")
    messages.print(f"  published datasets {settings.publish_dir}")
    messages.print(f"  validation report  {data_docs_index(settings.validation_dir)}")
    messages.print("  Dagster UI         make ui  (or: eparl ui), then open http://127.0.0.1:3000")
    if not succeeded:
        raise typer.Exit(1)


@app.command()
def run(landing: LandingOption = None, warehouse: WarehouseOption = None, publish_dir: PublishOption = None) -> None:
    """Run the whole pipeline through Dagster: ingest, dbt, validation, publish."""
    dagster_home()
    _run(Settings.from_env(landing_dir=landing, warehouse=warehouse, publish_dir=publish_dir))


@app.command()
def demo(
    scale: Annotated[float, typer.Option(help="Multiplies votes, bills and submissions.")] = 1.0,
    seed: Annotated[int, typer.Option(help="Same seed, same files.")] = 42,
) -> None:
    """Generate the demo landing folder and run the whole pipeline on it, with the default settings."""
    dagster_home()
    settings = Settings.from_env()
    _generate(settings.landing_dir, scale, seed)
    _run(settings)


def _catalogue():
    from dagster_project.assets.transform import ensure_manifest
    from publish.catalogue import catalogue_for

    return catalogue_for(ensure_manifest())


@app.command()
def fetch(
    source: Annotated[str, typer.Argument(help="parlam-senate, parlam-mazhilis or legalacts.")],
    captures: Annotated[Path, typer.Option("--captures", help="The capture store.")] = DATA_DIR / "captures",
    base_url: Annotated[str | None, typer.Option("--base-url", help="Another host (a mirror, a test server).")] = None,
    ids: Annotated[list[str] | None, typer.Option("--id", help="Bill or draft ids to fetch (repeatable).")] = None,
    max_pages: Annotated[int, typer.Option("--max-pages", help="At most this many requests in one run.")] = 500,
    delay: Annotated[float, typer.Option("--delay", help="Seconds between two requests.")] = 1.0,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds one request may take.")] = 30.0,
) -> None:
    """Download the pages a source needs into the capture store: robots.txt honoured, one request at a time,
    conditional requests (an unchanged page costs one 304), retries with backoff on 5xx and time-outs."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from dagster_project.ingest.fetch import PLANS, fetch_source

    if source not in PLANS:
        raise typer.BadParameter(f"source must be one of {', '.join(PLANS)}")
    bar_columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*bar_columns, console=messages.console, disable=not messages.console.is_terminal) as bar:
        task = bar.add_task(source, total=None)

        def step(name: str, done: int, total: int) -> None:
            bar.update(task, description=f"{source}: {name}", completed=done - 1, total=total)

        report = fetch_source(source, captures, base_url=base_url, ids=tuple(ids or ()), max_pages=max_pages,
                              delay_seconds=delay, timeout_seconds=timeout, progress=step)  # fmt: skip
    messages.print(
        f"{source} → {captures}: {len(report.fetched)} fetched, {len(report.unchanged)} unchanged (304), "
        f"{len(report.refused_by_robots)} refused by robots.txt, {len(report.failed)} failed"
        + (f", {report.left_for_next_run} left for the next run (--max-pages)" if report.left_for_next_run else "")
    )
    for name in report.refused_by_robots:
        messages.print(f"  [yellow]! {name}: robots.txt forbids it[/yellow]")
    for name, why in report.failed.items():
        messages.print(f"  [yellow]! {name}: {why}[/yellow]")


@app.command()
def adapt(
    captures: Annotated[Path, typer.Option("--captures", help="Capture store of `eparl fetch`, or saved pages.")],
    landing: LandingOption = None,
) -> None:
    """Turn captured pages of the official sites into landing files that `eparl run` loads."""
    from dagster_project.ingest.adapt import adapt_captures

    landing_dir = Settings.from_env(landing_dir=landing).landing_dir
    report = adapt_captures(captures, landing_dir)
    adapted = ", ".join(f"{name} {count}" for name, count in report.adapted.items())
    messages.print(f"{report.pages} pages in {captures}: adapted {adapted}; rejected {len(report.rejected)}")
    for rejected in report.rejected:
        messages.print(f"  [yellow]! {rejected.page} ({rejected.adapter}): {rejected.reason}[/yellow]")
    for adapter, notes in report.notes.items():
        for note in notes:
            messages.print(f"  note ({adapter}): {note}")
    records = ", ".join(f"{kind} {count}" for kind, count in report.records.items())
    messages.print(f"Landing folder {landing_dir}: {records}; {len(report.written)} files changed")


@app.command("publish-ckan")
def publish_ckan(
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Only say what would change on the portal.")] = False,
) -> None:
    """Ship the published folder's datasets to the CKAN portal at EPARL_CKAN_URL, as the pipeline's ckan assets do.

    Needs EPARL_CKAN_URL and EPARL_CKAN_API_TOKEN; only datasets whose tables passed their suites on their latest
    build are shipped. Useful after the portal was down: the folder is already built, only the portal is behind.
    """
    import dagster as dg

    dagster_home()
    settings = Settings.from_env()
    if not settings.ckan_url:
        raise typer.BadParameter("set EPARL_CKAN_URL (and EPARL_CKAN_API_TOKEN) to the portal to publish to")
    instance = dg.DagsterInstance.get()
    if not dry_run:
        datasets = [dg.AssetKey(["ckan", dataset.name]) for dataset in _catalogue().built_datasets]
        result = run_pipeline(settings, instance, asset_selection=[*datasets, dg.AssetKey(["ckan", "index"])])
        for event in result.get_asset_materialization_events():
            meta = event.materialization.metadata
            messages.print(
                f"{meta['dataset_url'].value}: {len(meta['changes'].value)} changes, "
                f"{meta['bytes_uploaded'].value:,} bytes uploaded"
            )
        if not result.success:
            raise typer.Exit(1)
        return
    from dagster_project.assets.publish import refuse_unvalidated
    from dagster_project.definitions import ckan_portal
    from publish.landing_page import INDEX_FILE

    catalogue = _catalogue()
    target = ckan_portal(settings).target(catalogue, messages.print)
    for dataset in catalogue.built_datasets:
        try:
            refuse_unvalidated(instance, dataset)
        except dg.Failure as refused:
            messages.print(f"[yellow]{refused.description}[/yellow]")
            continue
        _print_plan(target.plan(settings.publish_dir / dataset.name, dataset))
    if (settings.publish_dir / INDEX_FILE).is_file():
        _print_plan(target.ship_landing_page(settings.publish_dir, apply=False))


def _print_plan(plan) -> None:
    messages.print(f"[bold]{plan.url}[/bold]: {len(plan.changes) or 'no'} changes, {plan.bytes_sent:,} bytes")
    for change in plan.changes:
        messages.print(f"  {change}")


@app.command()
def sql(
    query: Annotated[str | None, typer.Argument(help="The SQL to run; none: an interactive shell.")] = None,
    output_format: Annotated[str, typer.Option("--format", help="table, csv or json.")] = "table",
    output: Annotated[Path | None, typer.Option("--output", help="Write the answer to this file, not stdout.")] = None,
) -> None:
    """Query the current release of the warehouse, read-only, one statement at a time; names resolve in `published`
    (EPARL_SQL_MEMORY_LIMIT, EPARL_SQL_TIMEOUT_SECONDS, EPARL_SQL_MAX_ROWS, EPARL_SQL_MAX_CHARS)."""
    from dagster_project.release.sql import (
        FORMATS,
        Limits,
        SqlError,
        open_release,
        render,
        run_query,
        statements,
        write_csv,
    )

    if output_format not in FORMATS:
        raise typer.BadParameter(f"--format must be one of {', '.join(FORMATS)}")
    if output is not None and query is None:
        raise typer.BadParameter("--output writes the answer of one query: give the query")
    settings = Settings.from_env()
    limits = Limits.of(settings)
    errors = _console(sys.stderr)

    def answer(con, statement: str) -> None:
        result = run_query(con, statement, limits)
        if output is None:
            typer.echo(render(result, output_format), nl=False)
        elif output_format == "csv":
            write_csv(result, output)
        else:
            output.write_text(render(result, output_format), encoding="utf-8")
        if result.cut:
            errors.print(f"[yellow]{result.cut}[/yellow]")
        if output is not None:
            errors.print(f"{len(result.rows)} rows written to {output}")

    try:
        with open_release(settings) as (con, release):
            if query is not None:
                answer(con, query)
                return
            messages.print(f"release {release.release_id} (read-only). End a statement with ';', '.quit' to leave.")
            failed = False
            for statement in statements(iter(sys.stdin.readline, "")):
                try:
                    answer(con, statement)
                except SqlError as error:
                    failed = True
                    messages.print(f"[red]{error}[/red]")
            if failed:
                raise typer.Exit(1)
    except SqlError as error:
        messages.print(f"[red]{error}[/red]")
        raise typer.Exit(1) from error


@app.command()
def ui(port: Annotated[int, typer.Option(help="Port on 127.0.0.1.")] = 3000) -> None:
    """Open the Dagster UI on 127.0.0.1 with the same definitions the CLI runs."""
    import dagster as dg

    from dagster_project.processes import die_with_parent, port_taken

    # Blocked and ignored signals are inherited from whoever started this process, through exec too (a test
    # runner's worker passed SIGTERM on so, and eparl ui, dagster dev, its webserver and its daemon then ignored
    # every SIGTERM): both undone here, before dagster dev inherits this process's mask and dispositions.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    home = dagster_home()
    # dagster dev goes on without its webserver when the port is taken, so the port is tried first
    if why := port_taken("127.0.0.1", port):
        messages.print(f"[red]Port {port} on 127.0.0.1 is not free ({why}): stop what uses it, or use --port.[/red]")
        raise typer.Exit(1)
    _fail_dead_runs(dg.DagsterInstance.get())
    messages.print(f"Dagster UI on http://127.0.0.1:{port} (DAGSTER_HOME={home}); Ctrl-C stops it.")
    command = [
        sys.executable,
        "-m",
        "dagster",
        "dev",
        "-m",
        "dagster_project.definitions",
        "-h",
        "127.0.0.1",
        "-p",
        str(port),
    ]
    # SIGTERM, not SIGKILL: dagster dev then stops its webserver and daemon itself
    raise typer.Exit(subprocess.call(command, preexec_fn=lambda: die_with_parent(signal.SIGTERM)))
