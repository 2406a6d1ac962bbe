"""WeasyPrint, behind meetings/pdf.py: imported only when a PDF is rendered."""

from __future__ import annotations

from weasyprint import HTML
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


def write_pdf(html: str) -> bytes:
    """The HTML as a tagged A4 PDF (PDF/UA-1), reading only the app's static files."""
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFilesFetcher())
    return document.write_pdf(pdf_variant="pdf/ua-1")
