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
_STYLE_BLOCK = re.compile(r"<style\b[^>]*>.*?</style\s*>", re.S | re.I)
# Outputs that can carry script: dropped (SVG can hold <script> and event handlers, and
# nbconvert inlines it; figures are also displayed as PNG).
_DROPPED_MIMES = ("application/javascript", "text/javascript", "image/svg+xml",
                  "application/vnd.jupyter.widget-view+json",
                  "application/vnd.jupyter.widget-state+json")
_LINK_SCHEMES = ("http", "https", "mailto")
_INLINE_IMAGE = re.compile(r"^data:image/(png|jpeg|gif);base64,[A-Za-z0-9+/=\s]*$")


def _is_relative(url: str) -> bool:
    """A link inside the report folder: no scheme, not protocol-relative (``//host``)."""
    from urllib.parse import urlsplit

    stripped = url.strip()
    return not stripped.startswith(("//", "\\")) and not urlsplit(stripped).scheme


def _allowed_attribute(tag: str, name: str, value: str) -> bool:
    """Attribute filter: links only to http(s)/mailto or relative targets; images only from
    the report folder or inline PNG/JPEG/GIF data (an external image is a tracking pixel)."""
    if name in ("class", "id", "title"):
        return True
    if tag == "a":
        if name != "href":
            return False
        from urllib.parse import urlsplit

        return _is_relative(value) or urlsplit(value.strip()).scheme.lower() in _LINK_SCHEMES
    if tag == "img":
        if name == "src":
            return _is_relative(value) or bool(_INLINE_IMAGE.match(value.strip()))
        return name in ("alt", "width", "height")
    if tag in ("td", "th"):
        return name in ("colspan", "rowspan", "align")
    return tag == "table" and name == "border"


def sanitize_html(fragment: str) -> str:
    """Keep layout tags of an HTML output; escape the rest (``<script>`` becomes text).

    Links survive only to http(s), mailto or relative targets, images only from the report
    folder or as inline PNG/JPEG/GIF data; ``javascript:``, ``data:text/html``, ``vbscript:``
    and entity-encoded variants lose their ``href``/``src``.

    Example:
        >>> sanitize_html("<table><tr><td>x</td></tr></table><script>alert(1)</script>")
        '<table><tbody><tr><td>x</td></tr></tbody></table>&lt;script&gt;alert(1)&lt;/script&gt;'
        >>> sanitize_html('<a href="javascript:alert(1)">x</a> <a href="figures/a.png">y</a>')
        '<a>x</a> <a href="figures/a.png">y</a>'
    """
    import bleach

    return bleach.clean(_STYLE_BLOCK.sub("", fragment), tags=_ALLOWED_TAGS,
                        attributes=_allowed_attribute,
                        protocols=[*_LINK_SCHEMES, "data"])  # data: further limited above


def markdown_to_html(text: str) -> str:
    """Render a Markdown output as nbconvert would, then sanitise the resulting HTML.

    Sanitising must come after rendering: ``[x](javascript:alert(1))`` is plain text to an
    HTML sanitiser and becomes a live link only once Markdown is rendered.

    Example:
        >>> markdown_to_html("**ABC** [md](javascript:alert(1))")
        '<p><strong>ABC</strong> <a>md</a></p>'
    """
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    return sanitize_html(markdown2html_mistune(text)).strip()


def sanitize_notebook(nb):
    """A copy of ``nb`` whose outputs cannot run code in a browser.

    Markdown outputs are rendered to HTML and then sanitised (:func:`markdown_to_html`),
    HTML outputs sanitised (:func:`sanitize_html`), JavaScript, SVG and widget outputs
    dropped. Text outputs need nothing: nbconvert escapes them. Markdown *cells* are the
    notebook author's prose and stay as written.
    """
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data")
            if not data:
                continue
            for mime in _DROPPED_MIMES:
                data.pop(mime, None)
            if "text/markdown" in data:
                value = data.pop("text/markdown")
                value = "".join(value) if isinstance(value, list) else value
                data["text/html"] = markdown_to_html(value)
            elif "text/html" in data:
                value = data["text/html"]
                value = "".join(value) if isinstance(value, list) else value
                data["text/html"] = sanitize_html(value)
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
