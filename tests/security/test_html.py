"""Rendered reports carry no live script, no dangerous link and no external image, whatever
the corpus puts in titles, texts, outlet names or table cells (issue 18, item 3)."""

from __future__ import annotations

import re

import nbformat
import pandas as pd
import pytest

from newsprism.report.html import markdown_to_html, render_html, sanitize_html, sanitize_notebook

PAYLOADS = [
    "[md](javascript:alert(1))",
    "[md](JaVaScRiPt:alert(1))",
    "[md](  javascript:alert(1))",
    "[md](java\tscript:alert(1))",
    "[md](&#106;avascript:alert(1))",
    "[md](&#x6A;avascript&colon;alert(1))",
    "[md](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[md](vbscript:msgbox(1))",
    "<a href='javascript:alert(1)'>x</a>",
    "<a href='jav&#x61;script:alert(1)'>x</a>",
    "<a href='data:text/html,<script>alert(1)</script>'>x</a>",
    "![t](https://tracker.example/pixel.gif)",
    "![t](//tracker.example/pixel.gif)",
    "<img src='http://tracker.example/p.gif'>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)><script>alert(1)</script></svg>",
    "<svg><a xlink:href='javascript:alert(1)'><text>x</text></a></svg>",
    "<iframe src='https://example.org'></iframe>",
    "<math><mtext><script>alert(1)</script></mtext></math>",
    "<div style='background:url(javascript:alert(1))'>x</div>",
]

def _live_dangers(html: str) -> list:
    """Real tags and attributes (not escaped text) that could run script or leak a visit."""
    from html.parser import HTMLParser
    from urllib.parse import urlsplit

    found = []

    class Check(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag in {"script", "svg", "iframe", "math", "object", "embed", "form", "base"}:
                found.append(tag)
            for name, value in attrs:
                value = (value or "").strip()
                scheme = urlsplit(value).scheme.lower()
                if name.startswith("on") or name == "style" or name.endswith(":href"):
                    found.append((tag, name))
                elif name == "href" and scheme not in ("", "http", "https", "mailto"):
                    found.append((tag, name, value))
                elif name == "src" and (value.startswith("//") or (
                        scheme and not value.startswith(("data:image/png", "data:image/jpeg",
                                                         "data:image/gif")))):
                    found.append((tag, name, value))

    Check().feed(html)
    return found


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markdown_outputs_are_sanitised_after_rendering(payload):
    html = markdown_to_html(f"Outlet **ABC {payload}** covers NATO")
    assert not _live_dangers(html), html


@pytest.mark.parametrize("payload", PAYLOADS)
def test_html_outputs_are_sanitised(payload):
    assert not _live_dangers(sanitize_html(f"<p>{payload}</p>"))


@pytest.mark.parametrize("url", ["https://example.org/a", "http://example.org", "mailto:a@b.c",
                                 "figures/x.png", "../index.html", "#section"])
def test_safe_links_survive(url):
    assert f'href="{url}"' in markdown_to_html(f"[ok]({url})")


def test_report_images_and_inline_png_survive():
    assert 'src="figures/x.png"' in sanitize_html('<img src="figures/x.png" alt="x">')
    inline = "data:image/png;base64,iVBORw0KGgo="
    assert f'src="{inline}"' in sanitize_html(f'<img src="{inline}">')
    assert "src=" not in sanitize_html('<img src="data:image/svg+xml;base64,PHN2Zz4=">')


def _notebook_with(payload: str):
    """A notebook whose outputs carry ``payload`` in each place a corpus value can land."""
    nb = nbformat.v4.new_notebook()
    frame = pd.DataFrame({"outlet": [f"ABC {payload}"], "text": [payload], "share": [0.5]})
    cell = nbformat.v4.new_code_cell("display(...)")
    cell.outputs = [
        nbformat.v4.new_output("display_data", data={
            "text/markdown": f"## {payload}\n\nThe outlet *ABC {payload}* leads.",
            "text/plain": "md"}),
        nbformat.v4.new_output("execute_result", execution_count=1, data={
            "text/html": frame.to_html(escape=False), "text/plain": "frame"}),
        nbformat.v4.new_output("display_data", data={
            "image/svg+xml": f"<svg onload=alert(1)>{payload}</svg>", "text/plain": "fig"}),
        nbformat.v4.new_output("stream", name="stdout", text=payload),
    ]
    nb.cells = [nbformat.v4.new_markdown_cell("# Stance"), cell]
    return nb


@pytest.mark.parametrize("payload", PAYLOADS)
def test_rendered_report_has_no_live_payload(payload):
    page = render_html(_notebook_with(payload), title=f"03_stance: {payload}</title><script>x")
    body = "<body" + page.split("<body", 1)[1]
    assert not _live_dangers(body)
    head = page.split("<body", 1)[0]
    assert "<script>x" not in head and "</title><script>" not in head


def test_sanitize_notebook_leaves_its_input_untouched():
    nb = _notebook_with(PAYLOADS[0])
    before = nbformat.writes(nb)
    clean = sanitize_notebook(nb)
    assert nbformat.writes(nb) == before
    data = clean.cells[1].outputs[0]["data"]
    assert "text/markdown" not in data and "javascript" not in data["text/html"]
    assert "image/svg+xml" not in clean.cells[1].outputs[2]["data"]
