"""``index.html``: the front page of a reports folder, built from its run manifest.

Every value is HTML-escaped; the page is static (no scripts) and links only to files in
the same folder.

Example:
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp())
    >>> m = {"corpus": {"name": "demo", "content_sha256": "ab" * 32}, "parameters": {"fast": True},
    ...      "versions": {"python": "3.12"}, "git": {"commit": "abc", "dirty": False},
    ...      "started": "t0", "finished": "t1", "duration_s": 1.0, "notebooks": []}
    >>> write_index(m, out).name
    'index.html'
"""

from __future__ import annotations

import csv
import html
from pathlib import Path

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;
 max-width:1100px;padding:1.5rem 2rem 4rem;color:#1f2328;line-height:1.45}
h1{margin-bottom:.2rem} h2{margin-top:2.2rem;border-bottom:1px solid #d0d7de;padding-bottom:.3rem}
h3{margin:1.6rem 0 .4rem} .sub{color:#57606a;margin-top:0}
table{border-collapse:collapse;margin:.6rem 0;font-size:.92rem}
th,td{border:1px solid #d0d7de;padding:.3rem .6rem;text-align:left;vertical-align:top}
th{background:#f6f8fa} td.num{text-align:right;font-variant-numeric:tabular-nums}
code{font-size:.88em;background:#f6f8fa;padding:.05rem .25rem;border-radius:3px;word-break:break-all}
.gallery{display:flex;flex-wrap:wrap;gap:.8rem}
.gallery figure{margin:0;width:250px;border:1px solid #d0d7de;border-radius:6px;padding:.4rem;background:#fff}
.gallery img{width:100%;height:170px;object-fit:contain}
.gallery figcaption{font-size:.8rem;word-break:break-all}
.status-executed{color:#1a7f37} .status-cached{color:#0969da} .status-kept{color:#9a6700}
ul.tables{columns:2;font-size:.9rem}
.warn{background:#fff8c5;border:1px solid #d4a72c;border-radius:6px;padding:.5rem .8rem}
"""


def _e(value) -> str:
    return html.escape(str(value), quote=True)


def _table_rows(path: Path) -> str:
    try:
        with open(path, newline="", encoding="utf-8") as f:
            n = sum(1 for _ in csv.reader(f)) - 1
        return f"{max(n, 0):,} rows"
    except OSError:
        return ""


def _figure_groups(figures: list[str]) -> list[tuple[str, dict[str, str]]]:
    groups: dict[str, dict[str, str]] = {}
    for rel in figures:
        p = Path(rel)
        groups.setdefault(p.stem, {})[p.suffix.lstrip(".")] = rel
    return sorted(groups.items())


def _skipped_sections(runs: list[dict]) -> list[str]:
    """The table of sections the notebooks skipped because the corpus could not support them."""
    rows = [(run, skip) for run in runs for skip in run.get("skipped", []) or []]
    if not rows:
        return []
    parts = ["<h2>Skipped sections</h2>",
             '<p class="warn">These sections were not computed on this corpus; each says why. '
             "The rest of each notebook ran as usual.</p>",
             "<table><thead><tr><th>Notebook</th><th>Section</th><th>Reason</th></tr></thead><tbody>"]
    for run, skip in rows:
        parts.append(f'<tr><td><a href="{_e(run["html"])}">{_e(run["name"])}</a></td>'
                     f'<td>{_e(skip.get("section", ""))}</td><td>{_e(skip.get("reason", ""))}</td></tr>')
    parts.append("</tbody></table>")
    return parts


def _configuration(configuration: dict) -> list[str]:
    """The run configuration (study file and -p overrides) as a short table."""
    rows = [("every notebook", k, v) for k, v in (configuration.get("parameters") or {}).items()]
    rows += [(stem, k, v) for stem, values in (configuration.get("per_notebook") or {}).items()
             for k, v in values.items()]
    if not rows and not configuration.get("file"):
        return ["<h2>Configuration</h2><p>Every notebook ran with its default parameters.</p>"]
    source = (f"study file <code>{_e(configuration['file'])}</code>"
              if configuration.get("file") else "the command line")
    parts = [f"<h2>Configuration</h2><p>Parameters set by {source} (the rest are the "
             "notebooks' defaults):</p>",
             "<table><thead><tr><th>Applies to</th><th>Parameter</th><th>Value</th></tr>"
             "</thead><tbody>"]
    parts += [f"<tr><td>{_e(who)}</td><td><code>{_e(k)}</code></td><td><code>{_e(repr(v))}"
              "</code></td></tr>" for who, k, v in rows]
    return parts + ["</tbody></table>"]


def render_index(manifest: dict, out_dir: str | Path) -> str:
    """The HTML text of ``index.html`` for ``manifest`` (files are looked up in ``out_dir``)."""
    out_dir = Path(out_dir)
    corpus = dict(manifest.get("corpus", {}))
    # the corpus's name, not its path (the manifest keeps the full path)
    corpus["name"] = Path(str(corpus.get("name", ""))).stem or corpus.get("name", "")
    params = manifest.get("parameters", {})
    git = manifest.get("git", {})
    runs = manifest.get("notebooks", [])
    mode = "fast sample" if params.get("fast") else "full corpus"
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>newsprism report: {_e(corpus.get('name', ''))}</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>newsprism report</h1>",
        f'<p class="sub">Corpus <b>{_e(corpus.get("name", ""))}</b> · {mode} · seed '
        f'{_e(params.get("seed", ""))} · {len(runs)} notebooks · generated '
        f'{_e(manifest.get("finished", ""))} in {_e(manifest.get("duration_s", ""))} s</p>',
        ('<p class="warn">Fast mode: every notebook ran on a small random sample to check that '
         "it works. The numbers are not results; run <code>newsprism report</code> for those.</p>"
         if params.get("fast") else ""),
        "<h2>Notebooks</h2>",
        "<table><thead><tr><th>Notebook</th><th>Title</th><th>Run</th><th>Duration</th>"
        "<th>Figures</th><th>Tables</th><th>Files</th></tr></thead><tbody>",
    ]
    for run in runs:
        n_fig = len(_figure_groups(run.get("figures", [])))
        parts.append(
            f'<tr><td><a href="{_e(run["html"])}">{_e(run["name"])}</a></td>'
            f'<td>{_e(run.get("title", ""))}</td>'
            f'<td class="status-{_e(run.get("status", ""))}">{_e(run.get("status", ""))}</td>'
            f'<td class="num">{float(run.get("duration_s", 0)):.1f} s</td>'
            f'<td class="num">{n_fig}</td><td class="num">{len(run.get("tables", []))}</td>'
            f'<td><a href="{_e(run["html"])}">HTML</a> · <a href="{_e(run["ipynb"])}">ipynb</a></td></tr>'
        )
    parts.append("</tbody></table>")
    parts.append('<p class="sub">Run: <i>executed</i> in this run, <i>cached</i> reused because '
                 "its inputs (notebook, newsprism code, corpus, parameters, library versions) were "
                 "unchanged, <i>kept</i> from an earlier run because it was not selected with "
                 "<code>--only</code>.</p>")

    parts += _skipped_sections(runs)
    parts += _configuration(manifest.get("configuration") or {})

    for run in runs:
        figures = _figure_groups(run.get("figures", []))
        tables = run.get("tables", [])
        if not figures and not tables:
            continue
        parts.append(f'<h3><a href="{_e(run["html"])}">{_e(run["name"])}</a> — '
                     f'{_e(run.get("title", ""))}</h3>')
        if figures:
            parts.append('<div class="gallery">')
            for stem, files in figures:
                thumb = files.get("png") or files.get("svg")
                links = " · ".join(f'<a href="{_e(rel)}">{_e(fmt)}</a>' for fmt, rel in sorted(files.items()))
                img = (f'<a href="{_e(thumb)}"><img src="{_e(thumb)}" alt="{_e(stem)}" loading="lazy"></a>'
                       if thumb else "")
                parts.append(f"<figure>{img}<figcaption>{_e(stem)}<br>{links}</figcaption></figure>")
            parts.append("</div>")
        if tables:
            parts.append('<ul class="tables">')
            for rel in tables:
                parts.append(f'<li><a href="{_e(rel)}">{_e(Path(rel).name)}</a> '
                             f'<span class="sub">{_e(_table_rows(out_dir / rel))}</span></li>')
            parts.append("</ul>")

    dirty = " (with uncommitted changes)" if git.get("dirty") else ""
    parts += [
        "<h2>Run manifest</h2>",
        "<table><tbody>",
        f"<tr><th>git commit</th><td><code>{_e(git.get('commit', 'unknown'))}</code>{_e(dirty)}</td></tr>",
        f"<tr><th>corpus</th><td>{_e(corpus.get('name', ''))}</td></tr>",
        f"<tr><th>corpus content SHA-256</th><td><code>{_e(corpus.get('content_sha256', ''))}</code></td></tr>",
    ]
    for key in sorted(params):
        parts.append(f"<tr><th>parameter <code>{_e(key)}</code></th><td><code>{_e(params[key])}</code></td></tr>")
    parts += [
        f"<tr><th>started</th><td>{_e(manifest.get('started', ''))}</td></tr>",
        f"<tr><th>finished</th><td>{_e(manifest.get('finished', ''))}</td></tr>",
        f"<tr><th>duration</th><td>{_e(manifest.get('duration_s', ''))} s</td></tr>",
        "</tbody></table>",
        "<h3>Per notebook</h3>",
        "<table><thead><tr><th>Notebook</th><th>Run</th><th>Started</th><th>Finished</th>"
        "<th>Duration</th><th>Cache key</th></tr></thead><tbody>",
    ]
    for run in runs:
        parts.append(
            f'<tr><td>{_e(run["name"])}</td><td>{_e(run.get("status", ""))}</td>'
            f'<td>{_e(run.get("started", ""))}</td><td>{_e(run.get("finished", ""))}</td>'
            f'<td class="num">{float(run.get("duration_s", 0)):.1f} s</td>'
            f'<td><code>{_e(str(run.get("key", ""))[:16])}</code></td></tr>'
        )
    parts += ["</tbody></table>", "<h3>Package versions</h3>",
              "<table><thead><tr><th>Package</th><th>Version</th></tr></thead><tbody>"]
    for name, version in manifest.get("versions", {}).items():
        parts.append(f"<tr><td>{_e(name)}</td><td>{_e(version)}</td></tr>")
    parts += ["</tbody></table>",
              '<p class="sub">The same record as JSON: <a href="manifest.json">manifest.json</a>. '
              "Regenerate with <code>newsprism report</code> (or <code>make report</code>).</p>",
              "</body></html>", ""]
    return "\n".join(parts)


def write_index(manifest: dict, out_dir: str | Path) -> Path:
    """Write ``<out_dir>/index.html`` for ``manifest`` and return its path."""
    path = Path(out_dir) / "index.html"
    path.write_text(render_index(manifest, out_dir), encoding="utf-8")
    return path
