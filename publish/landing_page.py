"""The publish folder's landing page: `index.html` and `README.md`, for people who come for the data.

Everything on it is read from what the pipeline has already published, so nothing is described twice:
- each dataset folder's `datapackage.json`: the tables with their kk/ru/en titles and descriptions, rows, files
  (CSV, Parquet, Popolo JSON, DuckDB, charts) with their bytes, the data dictionary (the schema's fields and their
  descriptions), licence, version, temporal coverage and the `synthetic` flag; the warehouse dataset's release
  (its time is the page's update time);
- the catalogue (`catalogue.yml`, with the dbt definitions): the page's and each dataset's texts in kk/ru/en, the
  publisher, the synthetic-data notice, and the code lists' descriptions (`dbt/seeds/_seeds.yml`);
- the code lists' rows from the published warehouse file (`warehouse/warehouse.duckdb`, schema `reference`);
- the charts (`publish/landing_charts.py`), drawn from the published Parquet files.

The page is static HTML with no external script, style or font: it works from `file://` and from any web server,
and its links are relative to the publish folder, which can be served as it is. Every text is written once per
language with a `lang` attribute; a small inline script switches between them (remembered in localStorage), and
without a script every language shows. `README.md` says the same in Markdown, in English with the kk/ru titles.
The bytes depend only on what is published (no generation time), so an unchanged folder gives an unchanged page.
Before either file is written, every text of both is run through the personal-data detector
(`dagster_project/privacy/detector.py`), and a finding refuses the page (`PersonalDataInPage`).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import duckdb

from dagster_project.hashing import file_sha256
from dagster_project.privacy.detector import kinds_in
from publish.catalogue import LANGUAGES, Catalogue, Dataset, Text
from publish.landing_charts import LANDING_CHARTS
from publish.package import DataFile, package_descriptor, trilingual

INDEX_FILE = "index.html"
README_FILE = "README.md"
DATAPACKAGE = "datapackage.json"
WAREHOUSE_FILE = "warehouse/warehouse.duckdb"
DOCS_SITE = "docs/index.html"
DEFAULT_LANGUAGE = "en"

LABELS = {
    "languages": Text("Тіл", "Язык", "Language"),
    "datasets": Text("Деректер жиынтықтары", "Наборы данных", "Datasets"),
    "charts": Text("Графиктер", "Графики", "Charts"),
    "code_lists": Text("Кодтар тізімдері", "Справочники", "Code lists"),
    "table": Text("Кесте", "Таблица", "Table"),
    "rows": Text("Жолдар", "Строк", "Rows"),
    "files": Text("Файлдар", "Файлы", "Files"),
    "objects": Text("Нысандар", "Объектов", "Objects"),
    "column": Text("Баған", "Столбец", "Column"),
    "type": Text("Түрі", "Тип", "Type"),
    "description": Text("Сипаттама", "Описание", "Description"),
    "dictionary": Text("Деректер сөздігі", "Словарь данных", "Data dictionary"),
    "primary_key": Text("Бастапқы кілт", "Первичный ключ", "Primary key"),
    "licence": Text("Лицензия", "Лицензия", "Licence"),
    "publisher": Text("Жариялаушы", "Издатель", "Publisher"),
    "coverage": Text("Кезең", "Период", "Coverage"),
    "version": Text("Нұсқа", "Версия", "Version"),
    "frequency": Text("Жаңарту", "Обновление", "Updated"),
    "updated": Text("Соңғы шығарылым", "Последний выпуск", "Latest release"),
    "size": Text("Көлемі", "Размер", "Size"),
    "documentation": Text("Құжаттама", "Документация", "Documentation"),
    "docs_site": Text(
        "Кестелер мен бағандардың сипаттамасы (dbt docs)",
        "Описание таблиц и столбцов (dbt docs)",
        "Every table and column (dbt docs)",
    ),
    "no_data": Text("Деректер жоқ", "Нет данных", "No data"),
    "not_published": Text("Бұл іске қосуда жарияланбады", "В этом запуске не опубликован", "Not published in this run"),
    "also_popolo": Text("Popolo JSON форматында да бар", "Есть также в формате Popolo JSON", "Also as Popolo JSON"),
    "absent": Text("Дереккөз жазба бермеді", "Источник не дал записей", "The source supplied no records"),
    "made_from": Text(
        "Бұл бет catalogue.yml каталогынан, dbt анықтамаларынан және жарияланған файлдардан жасалған.",
        "Страница создана из каталога catalogue.yml, определений dbt и опубликованных файлов.",
        "This page is made from the catalogue (catalogue.yml), the dbt definitions and the published files.",
    ),
}
FREQUENCIES = {
    "daily": Text("күн сайын", "ежедневно", "daily"),
    "weekly": Text("апта сайын", "еженедельно", "weekly"),
    "monthly": Text("ай сайын", "ежемесячно", "monthly"),
    "irregular": Text("тұрақсыз", "нерегулярно", "irregular"),
}
STYLE = """
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1b1f24;background:#fff}
header,main,footer{max-width:1100px;margin:0 auto;padding:0 20px}
h1{font-size:1.9em;margin:.6em 0 .2em}h2{margin-top:2em;border-bottom:2px solid #4c78a8}
a{color:#1a5fb4}table{border-collapse:collapse;margin:.5em 0;font-size:.92em}
th,td{border:1px solid #d0d7de;padding:3px 8px;text-align:left;vertical-align:top}th{background:#f3f5f8}
td.n{text-align:right;font-variant-numeric:tabular-nums}code{font-size:.92em}
.banner{background:#fff3cd;border:2px solid #d39e00;padding:10px 14px;font-weight:600;margin:1em 0}
.langs{position:sticky;top:0;background:#fff;padding:8px 0;text-align:right;border-bottom:1px solid #eee}
.langs button{font:inherit;margin-left:6px;padding:2px 10px;border:1px solid #4c78a8;background:#fff;cursor:pointer}
.langs button[aria-pressed=true]{background:#4c78a8;color:#fff}
dl.meta{display:grid;grid-template-columns:max-content auto;gap:2px 14px;margin:.5em 0}dl.meta dt{font-weight:600}
dl.meta dd{margin:0}details{margin:.3em 0}summary{cursor:pointer}.note{color:#6b7280}
figure{margin:1.2em 0}figcaption{font-weight:600}svg.chart{max-width:100%;height:auto;font-size:12px}
svg .frame{fill:none;stroke:#bbb}svg .grid{stroke:#eee}svg .heading{font-weight:600}svg .none{fill:#999}
body[data-lang] [lang]{display:none}
body[data-lang=kk] [lang=kk],body[data-lang=ru] [lang=ru],body[data-lang=en] [lang=en]{display:revert}
body:not([data-lang]) span[lang]+span[lang]::before{content:" · "}
body:not([data-lang]) svg [lang]:not([lang=en]){display:none}
"""
# The language switch: the visitor's last choice, else the browser's language when it is one of ours, else English.
SCRIPT = """
(function(){var b=document.body,bar=document.getElementById('langs'),k='eparl-lang';
function set(l){b.setAttribute('data-lang',l);document.documentElement.lang=l;
bar.querySelectorAll('button').forEach(function(x){x.setAttribute('aria-pressed',x.dataset.lang===l)});
try{localStorage.setItem(k,l)}catch(e){}}
bar.hidden=false;bar.addEventListener('click',function(e){if(e.target.dataset.lang)set(e.target.dataset.lang)});
var s=null;try{s=localStorage.getItem(k)}catch(e){}
var n=(navigator.language||'').slice(0,2);set(s||(['kk','ru','en'].indexOf(n)>=0?n:'en'))})();
"""
# The page's two files as resources (of its dataset on a CKAN portal): format, media type, title, description.
PAGE_FILES = {
    INDEX_FILE: ("html", "text/html", Text("Басты бет (HTML)", "Главная страница (HTML)", "Landing page (HTML)"),
                 Text("Барлық жиынтықтар, кестелер, файлдар, кодтар тізімдері мен графиктер, үш тілде.",
                      "Все наборы, таблицы, файлы, справочники и графики, на трёх языках.",
                      "Every dataset, table, file, code list and chart, in three languages.")),
    README_FILE: ("md", "text/markdown", Text("README (Markdown)", "README (Markdown)", "README (Markdown)"),
                  Text("Сол бет Markdown форматында.", "Та же страница в формате Markdown.",
                       "The same page in Markdown.")),
}  # fmt: skip


class PersonalDataInPage(ValueError):
    """The detector found personal data in a text of the page: it is not written."""


@dataclass(frozen=True)
class LandingPage:
    html: str
    markdown: str


# ---- what is published -------------------------------------------------------------------------------------------


def _package(publish_dir: Path, name: str) -> dict | None:
    try:
        return json.loads((publish_dir / name / DATAPACKAGE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _text_of(item: dict, key: str) -> Text:
    """`title` (English), `title_kk` and `title_ru` of a datapackage item, as one Text."""
    return Text(item.get(f"{key}_kk", ""), item.get(f"{key}_ru", ""), item.get(key, ""))


def _code_lists(publish_dir: Path, catalogue: Catalogue) -> list[tuple[str, str, list[str], list[tuple]]]:
    """Each code list the published warehouse file holds: name, description, columns, rows (ordered)."""
    database = publish_dir / WAREHOUSE_FILE
    if not database.is_file():
        return []
    found = []
    with duckdb.connect(str(database), read_only=True) as con:
        present = {
            name
            for (name,) in con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'reference'"
            ).fetchall()
        }
        for code_list in catalogue.code_lists:
            if code_list.name not in present:
                continue
            relation = con.execute(f'SELECT * FROM reference."{code_list.name}" ORDER BY ALL')
            columns = [d[0] for d in relation.description]
            found.append((code_list.name, code_list.description, columns, relation.fetchall()))
    return found


def _charts(publish_dir: Path, catalogue: Catalogue) -> list[tuple[str, Text, Text, str | None]]:
    with duckdb.connect() as con:
        return [
            (chart.name, chart.title, chart.description, LANDING_CHARTS[chart.name](con, publish_dir))
            for chart in catalogue.landing_page.charts
        ]


# ---- formatting --------------------------------------------------------------------------------------------------


def size(n: int) -> str:
    """Bytes for people: 1 decimal in kB, MB or GB (decimal units, like the download managers)."""
    for unit, scale in (("GB", 10**9), ("MB", 10**6), ("kB", 10**3)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n} B"


def count(n: int) -> str:
    return f"{n:,}".replace(",", "\u202f")  # a narrow no-break space between thousands: readable in every language


def span(text: Text, tag: str = "span") -> str:
    return "".join(f'<{tag} lang="{lang}">{escape(getattr(text, lang))}</{tag}>' for lang in LANGUAGES)


def _label(key: str) -> str:
    return span(LABELS[key])


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


# ---- HTML --------------------------------------------------------------------------------------------------------


def _dataset_meta(package: dict, dataset: Dataset) -> str:
    licence = package["licenses"][0]
    rows = [
        ("licence", f'<a href="{escape(licence["path"])}">{escape(licence["title"])}</a> ({escape(licence["name"])})'),
        ("frequency", span(FREQUENCIES.get(dataset.update_frequency, FREQUENCIES["irregular"]))),
        ("version", f"<code>{escape(package['version'])}</code>"),
    ]
    temporal = package.get("temporal") or {}
    if temporal.get("start"):
        rows.insert(1, ("coverage", f"{escape(temporal['start'])} – {escape(temporal['end'] or '')}"))
    total = sum(r["bytes"] for r in package["resources"])
    rows.append(("size", f'{size(total)} · <a href="{dataset.name}/{DATAPACKAGE}">{DATAPACKAGE}</a>'))
    return '<dl class="meta">' + "".join(f"<dt>{_label(k)}</dt><dd>{v}</dd>" for k, v in rows) + "</dl>"


def _file_link(folder: str, resource: dict) -> str:
    path = f"{folder}/{resource['path']}"
    fmt = escape(resource["format"].upper())
    return f'<a href="{escape(path)}">{fmt}</a> <span class="note">{size(resource["bytes"])}</span>'


def _tables_html(name: str, package: dict) -> str:
    by_table: dict[str, dict[str, dict]] = {}
    for resource in package["resources"]:
        if "schema" in resource:
            by_table.setdefault(resource["name"].rsplit("-", 1)[0], {})[resource["format"]] = resource
    head = "".join(f"<th>{_label(k)}</th>" for k in ("table", "rows", "files"))
    lines, dictionaries = [], []
    for table, files in by_table.items():
        csv = files["csv"]
        absent = f' <span class="note">({_label("absent")})</span>' if "absent" in csv else ""
        links = " · ".join(_file_link(name, files[fmt]) for fmt in ("csv", "parquet") if fmt in files)
        lines.append(
            f'<tr id="table-{table}"><td>{span(_text_of(csv, "title"))}<br><code>{table}</code></td>'
            f'<td class="n" data-rows="{csv["rows"]}">{count(csv["rows"])}{absent}</td><td>{links}</td></tr>'
        )
        fields = "".join(
            f"<tr><td><code>{escape(f['name'])}</code></td><td>{escape(f['type'])}</td>"
            f"<td>{span(_text_of(f, 'description'))}</td></tr>"
            for f in csv["schema"]["fields"]
        )
        key = csv["schema"].get("primaryKey")
        dictionaries.append(
            f'<details class="dictionary" id="dictionary-{table}"><summary>{_label("dictionary")}: '
            f"<code>{table}</code> — {span(_text_of(csv, 'title'))}</summary>"
            f"{span(_text_of(csv, 'description'), 'p')}"
            + (f"<p>{_label('primary_key')}: <code>{escape(', '.join(key))}</code></p>" if key else "")
            + f"<table><tr><th>{_label('column')}</th><th>{_label('type')}</th><th>{_label('description')}</th></tr>"
            f"{fields}</table></details>"
        )
    pictures = "".join(
        f'<figure><img src="{name}/{escape(r["path"])}" alt="{escape(r["title"])}" width="700">'
        f"<figcaption>{span(_text_of(r, 'title'))}</figcaption>{span(_text_of(r, 'description'), 'p')}</figure>"
        for r in package["resources"]
        if r["format"] == "png"
    )
    return f'<table class="tables"><tr>{head}</tr>{"".join(lines)}</table>{"".join(dictionaries)}{pictures}'


def _files_html(name: str, package: dict) -> str:
    """The files of a dataset that are not tables (the Popolo export, the warehouse)."""
    head = "".join(f"<th>{_label(k)}</th>" for k in ("files", "objects", "size"))
    lines = "".join(
        f"<tr><td>{span(_text_of(r, 'title'))}<br>"
        f'<a href="{name}/{escape(r["path"])}">{escape(r["path"])}</a></td>'
        f'<td class="n">{count(r["popolo_objects"]) if "popolo_objects" in r else ""}</td>'
        f'<td class="n">{size(r["bytes"])}</td></tr>'
        for r in package["resources"]
    )
    return f'<table class="files"><tr>{head}</tr>{lines}</table>'


def _dataset_html(catalogue: Catalogue, dataset: Dataset, package: dict | None, has_docs: bool) -> str:
    parts = [
        f'<section class="dataset" id="dataset-{dataset.name}" data-dataset="{dataset.name}">',
        f"<h2>{span(dataset.title)}</h2>",
        span(dataset.description, "p"),
    ]
    if package is None:
        parts.append(f'<p class="note">{_label("not_published")}</p></section>')
        return "".join(parts)
    parts.append(_dataset_meta(package, dataset))
    if dataset.name == "warehouse" and has_docs:
        parts.append(f'<p><a href="{DOCS_SITE}">{_label("docs_site")}</a></p>')
    popolo_tables = {t.name for t in catalogue.popolo.tables}
    if dataset.tables and dataset is not catalogue.popolo and popolo_tables & {t.name for t in dataset.tables}:
        parts.append(f'<p><a href="#dataset-{catalogue.popolo.name}">{_label("also_popolo")}</a></p>')
    has_tables = any("schema" in r for r in package["resources"])
    parts.append(_tables_html(dataset.name, package) if has_tables else _files_html(dataset.name, package))
    parts.append("</section>")
    return "".join(parts)


def _chart_html(name: str, title: Text, description: Text, svg: str | None) -> str:
    drawn = svg or f'<p class="note no-data" data-chart="{name}">{_label("no_data")}</p>'
    return (
        f'<figure class="landing-chart" id="figure-{name}"><figcaption>{span(title)}</figcaption>{drawn}'
        f"{span(description, 'p')}</figure>"
    )


def _code_list_html(name: str, description: str, columns: list[str], rows: list[tuple]) -> str:
    head = "".join(f"<th><code>{escape(c)}</code></th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{escape(_cell(v))}</td>" for v in row) + "</tr>" for row in rows)
    return (
        f'<details class="code-list" id="code-list-{name}"><summary><code>{name}</code> — {escape(description)} '
        f'<span class="note">({count(len(rows))})</span></summary><table><tr>{head}</tr>{body}</table></details>'
    )


def _cell(value: object) -> str:
    return "" if value is None else str(value)


def _datasets(catalogue: Catalogue) -> list[Dataset]:
    return [*catalogue.built_datasets, catalogue.warehouse]


def render_html(
    catalogue: Catalogue, packages: dict[str, dict | None], charts: list, code_lists: list, has_docs: bool
) -> str:
    page = catalogue.landing_page
    synthetic = any(p and p.get("synthetic") for p in packages.values())
    release = (packages.get("warehouse") or {}).get("release", {}).get("created_at")
    names = catalogue.language_names.as_dict()
    buttons = "".join(
        f'<button type="button" data-lang="{lang}" aria-pressed="false">{names[lang]}</button>' for lang in LANGUAGES
    )
    licence = catalogue.licence
    meta = [
        ("publisher", f'<a href="{escape(catalogue.publisher_url)}">{span(catalogue.publisher_name)}</a>'),
        ("licence", f'<a href="{escape(licence["path"])}">{escape(licence["title"])}</a>'),
        ("documentation", f'<a href="{escape(catalogue.documentation)}">{escape(catalogue.documentation)}</a>'),
    ]
    if release:
        meta.insert(0, ("updated", f'<time datetime="{escape(release)}">{escape(release)}</time>'))
    datasets = _datasets(catalogue)
    toc = "".join(f'<li><a href="#dataset-{d.name}">{span(d.title)}</a></li>' for d in datasets)
    body = [
        f'<nav class="langs" id="langs" hidden aria-label="{escape(LABELS["languages"].en)}">{buttons}</nav>',
        f"<header><h1>{span(page.title)}</h1>{span(page.description, 'p')}",
        f'<div class="banner synthetic" role="note">{span(catalogue.synthetic_notice, "p")}</div>' if synthetic else "",
        '<dl class="meta">' + "".join(f"<dt>{_label(k)}</dt><dd>{v}</dd>" for k, v in meta) + "</dl>",
        f'<nav><h2>{_label("datasets")}</h2><ul><li><a href="#charts">{_label("charts")}</a></li>{toc}'
        f'<li><a href="#code-lists">{_label("code_lists")}</a></li></ul></nav></header><main>',
        f'<section id="charts"><h2>{_label("charts")}</h2>',
        *(_chart_html(*chart) for chart in charts),
        "</section>",
        *(_dataset_html(catalogue, d, packages.get(d.name), has_docs) for d in datasets),
        f'<section id="code-lists"><h2>{_label("code_lists")}</h2>',
        *(_code_list_html(*code_list) for code_list in code_lists),
        "" if code_lists else f'<p class="note">{_label("no_data")}</p>',
        f'</section></main><footer><p class="note">{_label("made_from")}</p></footer>',
    ]
    return (
        f'<!DOCTYPE html>\n<html lang="{DEFAULT_LANGUAGE}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(page.title.en)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        + "\n".join(part for part in body if part)
        + f"\n<script>{SCRIPT}</script>\n</body>\n</html>\n"
    )


# ---- Markdown ----------------------------------------------------------------------------------------------------


def _md_dataset(catalogue: Catalogue, dataset: Dataset, package: dict | None) -> list[str]:
    lines = [
        f"## {dataset.title.en}",
        "",
        f"*{dataset.title.kk}* · *{dataset.title.ru}*",
        "",
        dataset.description.en,
        "",
    ]
    if package is None:
        return [*lines, f"{LABELS['not_published'].en}.", ""]
    licence, temporal = package["licenses"][0], package.get("temporal") or {}
    facts = [
        f"Licence: [{licence['title']}]({licence['path']})",
        f"updated {dataset.update_frequency}",
        f"version `{package['version']}`",
    ]
    if temporal.get("start"):
        facts.insert(1, f"coverage {temporal['start']} – {temporal['end'] or ''}")
    total = sum(r["bytes"] for r in package["resources"])
    lines += [" · ".join(facts) + f" · {size(total)} · [{DATAPACKAGE}]({dataset.name}/{DATAPACKAGE})", ""]
    tables = [r for r in package["resources"] if "schema" in r and r["format"] == "csv"]
    if not tables:
        lines += ["| file | objects | size |", "|---|---:|---:|"]
        lines += [
            f"| {_md(r['title'])}: [{r['path']}]({dataset.name}/{r['path']}) | {r.get('popolo_objects', '')} "
            f"| {size(r['bytes'])} |"
            for r in package["resources"]
        ]
        return [*lines, ""]
    parquet = {r["path"].removesuffix(".parquet"): r for r in package["resources"] if r["format"] == "parquet"}
    lines += ["| table | rows | CSV | Parquet |", "|---|---:|---|---|"]
    for r in tables:
        table = r["path"].removesuffix(".csv")
        pq = parquet.get(table)
        pq_link = f"[Parquet]({dataset.name}/{pq['path']}) {size(pq['bytes'])}" if pq else ""
        lines.append(
            f"| {_md(r['title'])} (`{table}`) | {r['rows']:,} | [CSV]({dataset.name}/{r['path']}) "
            f"{size(r['bytes'])} | {pq_link} |"
        )
    lines.append("")
    for r in tables:
        lines += [
            f"### {r['title']} (`{r['path'].removesuffix('.csv')}`)",
            "",
            f"*{r['title_kk']}* · *{r['title_ru']}*",
            "",
            _md(r["description"]),
            "",
            "| column | type | description |",
            "|---|---|---|",
        ]
        lines += [f"| `{f['name']}` | {f['type']} | {_md(f['description'])} |" for f in r["schema"]["fields"]]
        lines.append("")
    for r in package["resources"]:
        if r["format"] == "png":
            lines += [f"![{r['title']}]({dataset.name}/{r['path']})", "", _md(r["description"]), ""]
    return lines


def render_markdown(catalogue: Catalogue, packages: dict[str, dict | None], charts: list, code_lists: list) -> str:
    page = catalogue.landing_page
    synthetic = any(p and p.get("synthetic") for p in packages.values())
    release = (packages.get("warehouse") or {}).get("release", {}).get("created_at")
    notice = catalogue.synthetic_notice
    lines = [f"# {page.title.en}", "", f"*{page.title.kk}* · *{page.title.ru}*", "", page.description.en, ""]
    if synthetic:
        lines += [f"> **{notice.en}**", ">", f"> {notice.kk}", ">", f"> {notice.ru}", ""]
    lines += [
        f"Publisher: [{catalogue.publisher_name.en}]({catalogue.publisher_url}) · "
        f"Licence: [{catalogue.licence['title']}]({catalogue.licence['path']}) · "
        f"Documentation: {catalogue.documentation}" + (f" · Latest release: {release}" if release else ""),
        "",
        f"[{INDEX_FILE}]({INDEX_FILE}) shows this page in Kazakh, Russian and English, with charts.",
        "",
    ]
    for dataset in _datasets(catalogue):
        lines += _md_dataset(catalogue, dataset, packages.get(dataset.name))
    lines += ["## Code lists", "", "*Кодтар тізімдері* · *Справочники*", ""]
    for name, description, columns, rows in code_lists:
        lines += [f"### `{name}`", "", description, "", "| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
        lines += ["| " + " | ".join(_md(_cell(v)) for v in row) + " |" for row in rows]
        lines.append("")
    if not code_lists:
        lines += [f"{LABELS['no_data'].en}.", ""]
    lines += ["## Charts", "", "*Графиктер* · *Графики*", ""]
    for name, title, description, svg in charts:
        drawn = f"[{INDEX_FILE}#figure-{name}]({INDEX_FILE}#figure-{name})" if svg else LABELS["no_data"].en
        lines += [f"- **{title.en}** ({drawn}): {description.en}"]
    lines += ["", LABELS["made_from"].en, ""]
    return "\n".join(lines)


# ---- privacy, and writing ----------------------------------------------------------------------------------------


class _TextNodes(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("script", "style")
        self.texts += [value for name, value in attrs if name in ("alt", "title") and value]

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style")

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.texts.append(data)


def personal_data_in(page: LandingPage) -> list[str]:
    """Where the detector finds personal data in the page: the kind and the position of each text (never the text),
    in the HTML's text nodes and attributes people read, and in the Markdown's lines."""
    parser = _TextNodes()
    parser.feed(page.html)
    found = [
        f"{INDEX_FILE} text {i}: {', '.join(sorted(kinds))}"
        for i, text in enumerate(parser.texts)
        if (kinds := kinds_in(text))
    ]
    found += [
        f"{README_FILE} line {i + 1}: {', '.join(sorted(kinds))}"
        for i, line in enumerate(page.markdown.splitlines())
        if (kinds := kinds_in(line))
    ]
    return found


def build_landing_page(publish_dir: Path, catalogue: Catalogue) -> LandingPage:
    """The page for what `publish_dir` holds now."""
    packages = {d.name: _package(publish_dir, d.name) for d in _datasets(catalogue)}
    charts = _charts(publish_dir, catalogue)
    code_lists = _code_lists(publish_dir, catalogue)
    has_docs = (publish_dir / DOCS_SITE).is_file()
    return LandingPage(
        html=render_html(catalogue, packages, charts, code_lists, has_docs),
        markdown=render_markdown(catalogue, packages, charts, code_lists),
    )


def write_landing_page(publish_dir: Path, catalogue: Catalogue) -> tuple[list[str], LandingPage]:
    """Build the page, refuse it if the detector finds personal data, and write `index.html` and `README.md` into
    `publish_dir` (each atomically, and only when its bytes changed). Returns the files written and the page."""
    page = build_landing_page(publish_dir, catalogue)
    leaks = personal_data_in(page)
    if leaks:
        raise PersonalDataInPage("the landing page is not published: personal data in " + "; ".join(leaks[:10]))
    written = []
    for name, text in ((INDEX_FILE, page.html), (README_FILE, page.markdown)):
        path, data = publish_dir / name, text.encode("utf-8")
        if path.is_file() and path.read_bytes() == data:
            continue
        partial = publish_dir / f".{name}.partial"
        partial.write_bytes(data)
        os.replace(partial, path)
        written.append(name)
    return written, page


def landing_page_package(publish_dir: Path, catalogue: Catalogue) -> tuple[Dataset, dict]:
    """The page as a dataset of its own, with a descriptor like every dataset's (`package_descriptor`: its texts
    marked when the data are synthetic, keywords, version from the files' sha256, licence): what a CKAN portal
    shows. Its keywords and groups are those of every dataset on it; its update frequency is the warehouse's."""
    page, datasets = catalogue.landing_page, _datasets(catalogue)
    dataset = Dataset(
        name=page.name,
        title=page.title,
        description=page.description,
        tags=tuple(sorted({tag for d in datasets for tag in d.tags})),
        groups=tuple(sorted({group for d in datasets for group in d.groups})),
        update_frequency=catalogue.warehouse.update_frequency,
        tables=(),
        temporal_coverage=None,  # type: ignore[arg-type]  # the datasets on it say what they cover
    )
    files = [
        DataFile(name, PAGE_FILES[name][0], publish_dir / name, (publish_dir / name).stat().st_size,
                 file_sha256(publish_dir / name), None)
        for name in PAGE_FILES
    ]  # fmt: skip
    resources = [
        {"name": f"landing-{file.format}", "path": file.path.name, "format": file.format,
         "mediatype": PAGE_FILES[file.path.name][1], "bytes": file.bytes, "hash": f"sha256:{file.sha256}",
         **trilingual("title", PAGE_FILES[file.path.name][2].as_dict()),
         **trilingual("description", PAGE_FILES[file.path.name][3].as_dict())}
        for file in files
    ]  # fmt: skip
    synthetic = any((_package(publish_dir, d.name) or {}).get("synthetic") for d in datasets)
    temporal = {"start": None, "end": None}
    return dataset, package_descriptor(catalogue, dataset, files, synthetic, temporal, resources)
