"""HTML export of an executed notebook and sanitising of its outputs (nh3).

The page is static: no code, no prompts, no stderr, sanitised HTML and Markdown
outputs, embedded images with alt text, no ``<script>``.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import re
from typing import Any

# --- HTML ------------------------------------------------------------------------------------
_ALLOWED_TAGS = frozenset(
    "a abbr b blockquote br caption code col colgroup dd del div dl dt em figcaption figure "
    "h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p pre q s small span strong style sub sup "
    "table tbody td tfoot th thead tr u ul".split()
)
_ALLOWED_ATTRS = {
    "*": ["class", "id", "style", "title", "align", "lang"],
    "a": ["href", "name", "target", "rel"],
    "img": ["src", "alt", "width", "height"],
    "td": ["colspan", "rowspan"],
    "th": ["colspan", "rowspan", "scope"],
    "table": ["border"],
    "col": ["span", "width"],
    "style": ["type", "media"],
}


#: CSS properties kept in ``style`` attributes: bleach's ``ALLOWED_CSS_PROPERTIES`` (the list
#: this sanitiser used before nh3) plus what DataFrame Stylers write.
_ALLOWED_CSS = frozenset(
    "azimuth background-color border-bottom-color border-collapse border-color "
    "border-left-color border-right-color border-top-color clear color cursor direction "
    "display elevation float font font-family font-size font-style font-variant font-weight "
    "height letter-spacing line-height overflow pause pause-after pause-before pitch "
    "pitch-range richness speak speak-header speak-numeral speak-punctuation speech-rate "
    "stress text-align text-decoration text-indent unicode-bidi vertical-align voice-family "
    "volume white-space width".split()
)
_TAG_RE = re.compile(r"</?([A-Za-z][\w:.-]*)[^>]*>?")


def _escape_disallowed(fragment: str) -> str:
    """Escape every tag not in :data:`_ALLOWED_TAGS` into visible text (``&lt;script&gt;``)."""

    def escape(m: re.Match[str]) -> str:
        if m.group(1).lower() in _ALLOWED_TAGS:
            return m.group(0)
        return m.group(0).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    return _TAG_RE.sub(escape, fragment)


def _filter_style(tag: str, attribute: str, value: str) -> str | None:
    """Keep only the declarations of :data:`_ALLOWED_CSS` in a ``style`` attribute.

    (nh3's own property filter refuses to run when ``<style>`` elements are allowed.)
    """
    if attribute != "style":
        return value
    kept = []
    for declaration in value.split(";"):
        name, colon, css = declaration.partition(":")
        if not colon or name.strip().lower() not in _ALLOWED_CSS:
            continue
        if re.search(r"url\(|expression\(|\\|<", css, re.I):
            continue
        kept.append(f"{name.strip().lower()}: {css.strip()}")
    return "; ".join(kept) + ";" if kept else None


def sanitize_html(fragment: str) -> str:
    """Remove active content from an HTML fragment, keeping tables, styles, headings, images.

    Scripts, iframes, forms and every other tag outside the allow-list are escaped into
    visible text; event-handler attributes, ``javascript:`` URLs and comments are removed
    (nh3, the Ammonia sanitiser, with an allow-list wider than nbconvert's ``clean_html``,
    which would escape table headers and headings). Images only from ``data:`` and http(s)
    URLs; ``style`` attributes keep only the properties of :data:`_ALLOWED_CSS`.

    Args:
        fragment: HTML from a notebook output (a DataFrame, a Markdown rendering, a Styler).

    Returns:
        Safe HTML.
    """
    import nh3

    return nh3.clean(
        _escape_disallowed(fragment),
        tags=set(_ALLOWED_TAGS),
        clean_content_tags={"script"},  # only reached by a tag the escaping did not see
        attributes={tag: set(names) for tag, names in _ALLOWED_ATTRS.items()},
        url_schemes={"http", "https", "data", "mailto"},
        attribute_filter=_filter_style,
        link_rel=None,
        strip_comments=True,
    )


def _prepare_for_html(nb: Any) -> Any:
    """Copy of ``nb`` without stderr streams, scripts or widgets, with HTML outputs sanitised."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = [o for o in map(_safe_output, cell.get("outputs", [])) if o is not None]
    return nb


def _safe_output(out: Any) -> Any:
    """One output made safe for a shared page, or None when nothing shareable is left."""
    if out.get("output_type") == "stream" and out.get("name") == "stderr":
        return None
    data = out.get("data")
    if data is None:
        return out
    for mime in list(data):
        text = _joined(data[mime]) if isinstance(data[mime], str | list) else ""
        if mime in ("application/javascript", "text/javascript") or "widget" in mime:
            del data[mime]
        elif mime == "text/html":
            data[mime] = sanitize_html(text)
        elif mime == "image/svg+xml" and re.search(r"<script|\son\w+\s*=|javascript:", text, re.I):
            del data[mime]
    if "text/markdown" in data:
        data["text/html"] = sanitize_html(_markdown(_joined(data.pop("text/markdown"))))
    return out if data else None


def _joined(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def _markdown(text: str) -> str:
    from nbconvert.filters.markdown import markdown2html

    return markdown2html(text)


_EXPORTER: Any = None

#: An opening ``<div>`` or ``<img>`` tag of the rendered page (see :func:`_focus_and_alt`).
_DIV_IMG_RE = re.compile(r"<(div|img)\b([^>]*)>", re.I)  # greedy: an img holds 0.2 MB
_CLASS_RE = re.compile(r"""\sclass=(?:"([^"]*)"|'([^']*)')""", re.I)
_FOCUSABLE = frozenset({"jp-OutputArea-output", "jp-Cell-inputWrapper"})
_ALT_DEFAULT = "Gambar tanpa keterangan"


def _focus_and_alt(page: str) -> str:
    """What nbconvert's ``HTMLExporter`` does with BeautifulSoup after rendering, on the text.

    Output areas (and input wrappers) get ``tabindex="0"`` so that a keyboard reaches them;
    an ``<img>`` without ``alt`` gets one. BeautifulSoup would parse and re-serialise the whole
    page (images included, ~0.7 MB per brief) and compile its CSS selectors in every worker
    for that; the page is the same document (tested: the same once parsed by BeautifulSoup).
    """

    def tag(m: re.Match[str]) -> str:
        name, attrs = m.group(1).lower(), m.group(2)
        slash = "/" if attrs.endswith("/") else ""
        attrs = attrs[:-1] if slash else attrs
        if name == "img":
            if re.search(r"\salt(?![\w-])", attrs, re.I):
                return m.group(0)
            return f'<{m.group(1)}{attrs} alt="{_ALT_DEFAULT}"{slash}>'
        c = _CLASS_RE.search(attrs)
        if c is None or re.search(r"\stabindex(?![\w-])", attrs, re.I):
            return m.group(0)
        if _FOCUSABLE.isdisjoint((c.group(1) or c.group(2) or "").split()):
            return m.group(0)
        return f'<{m.group(1)}{attrs} tabindex="0"{slash}>'

    return _DIV_IMG_RE.sub(tag, page)


@functools.cache
def _exporter_class() -> type:
    """``HTMLExporter`` rendering its template without the BeautifulSoup pass.

    The steps before rendering are ``HTMLExporter.from_notebook_node``'s (nbconvert 7); the
    soup pass is :func:`_focus_and_alt`.
    """
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class _BriefExporter(HTMLExporter):
        def from_notebook_node(self, nb: Any, resources: Any = None, **kw: Any) -> Any:
            langinfo = nb.metadata.get("language_info", {})
            lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
            highlight = self.filters.get(
                "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self))
            resources = self._init_resources(resources)
            data_type = WidgetsDataTypeFilter(
                notebook_metadata=self._nb_metadata, parent=self, resources=resources)
            self.register_filter("highlight_code", highlight)
            self.register_filter("filter_data_type", data_type)
            page, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
            return _focus_and_alt(page), resources

    return _BriefExporter

#: nbconvert's lab template without its script tags (require.js, MathJax, Mermaid and widget
#: loaders from CDNs): a brief is a static page that opens offline and runs no script.
_HTML_TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{% block data_png scoped %}
{%- set alt = output.metadata.get('image/png', {}).get('alt') or 'Gambar tanpa keterangan' -%}
<div class="jp-RenderedImage jp-OutputArea-output {{ extra_class }}">
<img src="data:image/png;base64,{{ output.data['image/png'] | escape_html }}"
alt="{{ alt | escape_html }}" style="max-width:100%;height:auto">
</div>
{%- endblock data_png %}
"""


def export_html(nb: Any, title: str) -> str:
    """Code-free HTML of an executed notebook (no inputs, no prompts, no stderr, safe outputs).

    The page is static: no code, no prompts, no stderr streams, sanitised HTML/Markdown
    outputs, images embedded as data URIs with the ``alt`` text their output carries, and no
    ``<script>`` element at all. The ``<title>`` is the template's ``metadata.title`` (a
    generic "Brief ...") followed by ``title``, so every brief has its own.

    Args:
        nb: The executed ``nbformat`` notebook.
        title: The brief's own part of the HTML ``<title>`` (``Katingan``).

    Returns:
        The HTML document.
    """
    global _EXPORTER
    if _EXPORTER is None:
        from jinja2 import DictLoader

        _EXPORTER = _exporter_class()(
            exclude_input=True,
            exclude_input_prompt=True,
            exclude_output_prompt=True,
            embed_images=True,
            optimistic_validation=True,  # validate once, not after each of 12 preprocessors
            language_code="id",
            extra_loaders=[DictLoader({"workbench_brief.html.j2": _HTML_TEMPLATE})],
            template_file="workbench_brief.html.j2",
        )
    nb = _prepare_for_html(nb)
    umum = str(nb.metadata.get("title") or "").strip()
    tahun = nb.metadata.get("papermill", {}).get("parameters", {}).get("tahun")
    own = f"{title} {tahun}" if tahun is not None and str(tahun) not in title else title
    nb.metadata["title"] = f"{umum}: {own}" if umum and own and own not in umum else umum or own
    body, _ = _EXPORTER.from_notebook_node(nb, resources={"metadata": {"name": title}})
    return body


def _warm_exporter() -> None:
    """Export a one-cell notebook once, so the exporter is built before the first brief."""
    import nbformat

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("siap")])
    with contextlib.suppress(Exception):  # a real export failure is reported by the first job
        export_html(nb, "siap")
