"""The command line's conventions: `--version`, `-h`, a clean log when stdout is not a terminal, `--log-file`, dbt's
own lines kept out of the console, the light commands starting without Dagster, dbt, GX, pandas or matplotlib, and
`eparl sql` on a tiny release made here (the default schema, statements split by DuckDB's parser, `--output`, CSV
exactly as the published CSVs). The limits of `eparl sql` are tested on the demo release in
tests/e2e/test_release.py; dbt's lines in a real run's log in tests/e2e/test_pipeline.py; the start-up times in the
benchmark (bench/run.py)."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib

import duckdb
import pytest
from typer.testing import CliRunner

from dagster_project.cli import app, messages
from dagster_project.layout import PROJECT_DIR
from dagster_project.release.build import build_release
from publish.package import FORMATS

# rich colours a non-terminal when told to: the tests run as a user's pipe would, without that
PLAIN = {"FORCE_COLOR": None, "TTY_COMPATIBLE": None, "TTY_INTERACTIVE": None, "COLUMNS": None}
# one row of every kind of value a CSV writer can get wrong: quotes, separators, line breaks, a `;`, empty and
# missing text, booleans, date-times with and without a zone, decimals, doubles, lists
VALUES = """
    SELECT 1 AS id, 'Ақмола; "North", 2' AS title, 'line one' || chr(10) || 'line two' AS note, '' AS empty,
           NULL::VARCHAR AS missing, true AS passed, TIMESTAMP '2026-03-01 09:30:15' AS voted_at,
           TIMESTAMPTZ '2026-03-01 09:30:15+05' AS received_at, DATE '2026-03-01' AS day,
           12.50::DECIMAL(9, 2) AS share, 1 / 3 AS ratio, ['a', 'b'] AS tags
    UNION ALL
    SELECT 2, 'Алматы', NULL, NULL, 'x', false, NULL, NULL, NULL, NULL, NULL, []
"""


@pytest.fixture(scope="module")
def release(tmp_path_factory) -> dict:
    """A release of one published table and one code list, made by build_release as a run makes one."""
    root = tmp_path_factory.mktemp("cli_release")
    warehouse, releases = root / "warehouse.duckdb", root / "releases"
    with duckdb.connect(str(warehouse)) as con:
        con.execute("CREATE SCHEMA published; CREATE SCHEMA reference; CREATE SCHEMA audit")
        con.execute(f"CREATE TABLE published.sample AS {VALUES}")
        con.execute("CREATE TABLE reference.regions AS SELECT 'KZ-11' AS code, 'Ақмола' AS name")
        con.execute(
            "CREATE TABLE audit.load_log (source_file VARCHAR, raw_table VARCHAR, source_sha256 VARCHAR, "
            "file_bytes BIGINT)"
        )
    build_release(warehouse, releases, "cli-test-run")
    return {"root": root, "warehouse": warehouse, "env": {**PLAIN, "EPARL_RELEASES_DIR": str(releases)}}


def eparl(*args: str, env: dict | None = None, **kwargs):
    return CliRunner().invoke(
        app, list(args), prog_name="eparl", env={**PLAIN, **(env or {})}, catch_exceptions=False, **kwargs
    )


def test_version_is_the_installed_package_s_and_h_is_help():
    project = tomllib.loads((PROJECT_DIR / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    shown = eparl("--version")
    assert shown.exit_code == 0 and shown.stdout == f"eparl {project['version']}\n"
    for args in (["-h"], ["sql", "-h"], ["run", "-h"]):
        helped = eparl(*args)
        assert helped.exit_code == 0 and "Usage: eparl" in helped.stdout, args
    assert "--log-file" in eparl("-h").stdout and "--output" in eparl("sql", "-h").stdout


# What takes seconds to import, and what `eparl --help`, `--version` and `eparl sql` never need.
HEAVY_MODULES = ("dagster", "dagster_dbt", "dbt", "great_expectations", "pandas", "matplotlib", "frictionless")
# The CLI in a fresh process, as `eparl` starts it; on exit it names the heavy modules it imported (on stderr).
IMPORTS_OF_A_COMMAND = f"""
import atexit, sys
atexit.register(lambda: print("heavy:", sorted(m for m in {HEAVY_MODULES!r} if m in sys.modules), file=sys.stderr))
from dagster_project.cli import app
app(prog_name="eparl")
"""


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["sql", "SELECT 42 AS answer"]], ids=" ".join)
def test_the_light_commands_import_no_heavy_library(args, release):
    env = {key: value for key, value in os.environ.items() if key not in PLAIN} | {
        "EPARL_RELEASES_DIR": release["env"]["EPARL_RELEASES_DIR"]
    }
    ran = subprocess.run(
        [sys.executable, "-c", IMPORTS_OF_A_COMMAND, *args], env=env, capture_output=True, text=True, check=False
    )
    assert ran.returncode == 0, ran.stderr
    assert "heavy: []" in ran.stderr.splitlines(), ran.stderr
    assert ("42" if args[0] == "sql" else "eparl") in ran.stdout


def test_a_log_that_is_not_a_terminal_has_no_colour_and_no_broken_path(tmp_path):
    deep = tmp_path.joinpath(*[f"a-folder-with-a-long-name-{i}" for i in range(4)], "captures")
    deep.mkdir(parents=True)
    log = tmp_path / "logs" / "eparl.log"
    landing = tmp_path / "landing"
    adapted = eparl("--log-file", str(log), "adapt", "--captures", str(deep), "--landing", str(landing))
    assert adapted.exit_code == 0, adapted.output
    assert len(str(deep)) > 80 and "\x1b[" not in adapted.stdout
    assert any(line.startswith(f"0 pages in {deep}: ") for line in adapted.stdout.splitlines())
    assert f"Landing folder {landing}: " in adapted.stdout
    assert log.read_text(encoding="utf-8") == adapted.stdout  # the same lines, plain
    # a refusal in red is plain text too, its path whole
    refused = eparl("sql", "SELECT 1", env={"EPARL_RELEASES_DIR": str(deep)})
    assert refused.exit_code == 1 and "\x1b[" not in refused.output
    assert f"no release in {deep}: run the pipeline first" in refused.output


def test_what_a_run_s_tools_print_goes_to_the_log_file_and_to_the_console_only_when_asked(tmp_path, capsys):
    log = tmp_path / "run.log"
    for shown in (False, True):
        messages.start(log, show_tool_output=shown)
        with messages.tool_output():
            print(f"12:00:00  1 of 3 START sql table model published.persons (shown: {shown})")  # as dagster-dbt does
            sys.stdout.flush()
        messages.print("✔ dbt_models (1.0 s)")
        messages.close()
    logged, console = log.read_text(encoding="utf-8"), capsys.readouterr().out
    assert "START sql table model published.persons (shown: False)" in logged
    assert "START sql table model published.persons (shown: True)" in logged
    assert "(shown: False)" not in console and "(shown: True)" in console
    assert console.count("✔ dbt_models") == logged.count("✔ dbt_models") == 2
    messages.start(None, show_tool_output=False)


def test_names_resolve_in_published_and_the_code_lists_in_reference(release):
    counted = eparl("sql", "SELECT count(*) AS n FROM sample", "--format", "csv", env=release["env"])
    assert counted.exit_code == 0 and counted.stdout == "n\n2\n"
    region = eparl("sql", "SELECT name FROM reference.regions", "--format", "csv", env=release["env"])
    assert region.stdout == "name\nАқмола\n"
    # the guarantees stand: a second statement is refused, however the first ends
    refused = eparl("sql", "SELECT ';' AS s; SELECT 2", env=release["env"])
    assert refused.exit_code == 1 and "this text has 2" in refused.output


def test_the_shell_splits_statements_where_duckdb_s_parser_does(release):
    shell = eparl(
        "sql",
        "--format",
        "csv",
        input="SELECT 'one;\ntwo' AS s;\nSELECT 1 AS a; SELECT 2 AS b;\nSELECT 3 /* a ; in a comment\n*/ AS c;\n"
        "SELECT 4 AS d; -- a comment after the end\n.quit\n",
        env=release["env"],
    )
    assert shell.exit_code == 0, shell.output
    assert '"one;\ntwo"' in shell.stdout  # one statement, its literal whole
    for answer in ("a\n1\n", "b\n2\n", "c\n3\n", "d\n4\n"):
        assert answer in shell.stdout
    assert "error" not in shell.output.lower()


def test_csv_is_written_exactly_as_the_published_csvs_are(release, tmp_path):
    published = tmp_path / "published.csv"
    with duckdb.connect(str(release["warehouse"]), read_only=True) as con:  # as publish/package.py writes them
        con.execute("SET TimeZone = 'UTC'")
        con.execute(f"COPY (SELECT * FROM published.sample ORDER BY id) TO '{published}' {FORMATS['csv'][1]}")
    expected = published.read_bytes()
    assert b"2026-03-01T04:30:15Z" in expected and '"Ақмола; ""North"", 2"'.encode() in expected
    query = "SELECT * FROM sample ORDER BY id"
    answer = tmp_path / "answer.csv"
    written = eparl("sql", query, "--format", "csv", "--output", str(answer), env=release["env"])
    assert written.exit_code == 0 and written.stdout == "" and "2 rows written to" in written.stderr
    assert answer.read_bytes() == expected
    assert eparl("sql", query, "--format", "csv", env=release["env"]).stdout_bytes == expected
    # the other formats go to the file too
    as_json = tmp_path / "answer.json"
    assert eparl("sql", query, "--format", "json", "--output", str(as_json), env=release["env"]).exit_code == 0
    assert '"title": "Ақмола; \\"North\\", 2"' in as_json.read_text(encoding="utf-8")
