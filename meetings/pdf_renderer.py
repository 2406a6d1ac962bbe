"""WeasyPrint, behind meetings/pdf.py: imported only when a PDF is rendered.

Most of a render's fixed cost is the fonts: WeasyPrint writes every @font-face's file to a
temporary folder and adds it to a Fontconfig configuration. The fonts are plain TrueType
(static/fonts: no WOFF2 to decode on each render), and one FontConfiguration is kept per
process, so the fonts are loaded once and every later render (and every page of the year
bundle) reuses them and Pango's shaping caches. WeasyPrint and Pango are not thread-safe
together: renders in one process take turns.

Python's cyclic garbage collector is paused while a PDF renders: a render makes hundreds of
thousands of small objects (boxes, styles, PDF objects), and each full collection walks all
of them again: a fifth of the year bundle's time, for nothing (the render makes next to no
reference cycles: the bundle's peak memory is the same). It runs again as usual after.

pydyf (WeasyPrint's PDF writer) builds the tuple of every page's reference each time it is
asked for one page's reference, and the PDF/UA tags ask for it once per tagged element: a
cost that grows with the pages times the elements, a twentieth of the year bundle's time.
`_PageReferences` keeps the tuple until a page is added (the same values, built once).
"""

from __future__ import annotations

import gc
import threading

import pydyf
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from meetings.pdf_static import BASE_URL, content_type, static_file


class StaticFilesFetcher(URLFetcher):
    """Serves the app's own static files to the renderer and refuses every other URL: no
    network request, no other local file, no data: URL. Redirects are off as well, although
    nothing is fetched over the network to begin with."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=("https",), allow_redirects=False, timeout=1)

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        path = static_file(url)  # raises RefusedURL: WeasyPrint logs it and leaves it out
        return URLFetcherResponse(
            url, body=path.read_bytes(), headers={"Content-Type": content_type(path)}
        )


class _PageReferences:
    """pydyf.PDF.page_references, the same tuple, built again only when pages were added
    (pydyf only ever appends to the page tree's 'Kids': three items a page)."""

    def __init__(self, build):
        self.build = build

    def __get__(self, pdf, owner=None):
        if pdf is None:
            return self
        kids = len(pdf.pages["Kids"])
        known = pdf.__dict__.get("_plg_page_references")
        if known is None or known[0] != kids:
            known = pdf.__dict__["_plg_page_references"] = (kids, self.build(pdf))
        return known[1]


_original = pydyf.PDF.__dict__.get("page_references")
if isinstance(_original, property):  # a later pydyf may have changed it: then left as it is
    pydyf.PDF.page_references = _PageReferences(_original.fget)


#: The stylesheet of every PDF; the templates do not link it, the renderer adds it.
STYLESHEET = f"{BASE_URL}css/pdf.css"

_lock = threading.Lock()
_loaded: tuple[FontConfiguration, CSS] | None = None


def _style() -> tuple[FontConfiguration, CSS]:
    """The process's font configuration and the parsed, compiled pdf.css, made once: its
    @font-face rules load the fonts into that configuration."""
    global _loaded
    if _loaded is None:
        fonts = FontConfiguration()
        css = CSS(url=STYLESHEET, url_fetcher=StaticFilesFetcher(), font_config=fonts)
        _loaded = (fonts, css)
    return _loaded


def write_pdf(html: str) -> bytes:
    """The HTML as a tagged A4 PDF (PDF/UA-1) in the app's style, reading only the app's
    static files."""
    with _lock:
        fonts, css = _style()
        collecting = gc.isenabled()
        gc.disable()
        try:
            document = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFilesFetcher())
            return document.write_pdf(stylesheets=[css], pdf_variant="pdf/ua-1", font_config=fonts)
        finally:
            if collecting:
                gc.enable()
