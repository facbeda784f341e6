"""Render executed notebooks as self-contained HTML that cannot run code in a browser."""

from __future__ import annotations

import copy
import re

_TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
"""
# Output HTML is produced by code (DataFrame reprs, Styler, display(HTML(...))) that may
# embed article text unescaped; only layout tags survive, everything else is escaped.
_ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del",
    "details", "div", "dl", "dt", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
    "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong",
    "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
})
_ALLOWED_ATTRS = {
    "*": ["class", "id", "title"], "a": ["href", "title"], "img": ["src", "alt", "width", "height"],
    "td": ["colspan", "rowspan", "align"], "th": ["colspan", "rowspan", "align"],
    "table": ["border"],
}
_STYLE_BLOCK = re.compile(r"<style\b[^>]*>.*?</style\s*>", re.S | re.I)
_DROPPED_MIMES = ("application/javascript", "text/javascript",
                  "application/vnd.jupyter.widget-view+json", "application/vnd.jupyter.widget-state+json")


def sanitize_html(fragment: str) -> str:
    """Keep layout tags of an HTML output; escape the rest (``<script>`` becomes text).

    Example:
        >>> sanitize_html("<table><tr><td>x</td></tr></table><script>alert(1)</script>")
        '<table><tbody><tr><td>x</td></tr></tbody></table>&lt;script&gt;alert(1)&lt;/script&gt;'
    """
    import bleach

    return bleach.clean(_STYLE_BLOCK.sub("", fragment), tags=_ALLOWED_TAGS,
                        attributes=_ALLOWED_ATTRS, protocols=["http", "https", "mailto", "data"])


def sanitize_notebook(nb):
    """A copy of ``nb`` whose outputs cannot run code in a browser.

    HTML and Markdown outputs are sanitized (:func:`sanitize_html`), JavaScript and widget
    outputs dropped. Text outputs need nothing: nbconvert escapes them. Markdown *cells*
    are the notebook author's prose and stay as written.
    """
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data")
            if not data:
                continue
            for mime in _DROPPED_MIMES:
                data.pop(mime, None)
            for mime in ("text/html", "text/markdown"):
                if mime in data:
                    value = data[mime]
                    value = "".join(value) if isinstance(value, list) else value
                    data[mime] = sanitize_html(value)
            if not data:
                data["text/plain"] = ""
    return nb


def render_html(nb, *, title: str = "") -> str:
    """Self-contained nbconvert HTML (lab look): sanitized outputs, no scripts, no CDN."""
    import jinja2
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="lab", template_file="newsprism.html.j2",
        extra_loaders=[jinja2.DictLoader({"newsprism.html.j2": _TEMPLATE})],
    )
    body, _ = exporter.from_notebook_node(
        sanitize_notebook(nb), resources={"metadata": {"name": title or "newsprism report"}}
    )
    return body
